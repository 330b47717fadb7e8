//! Entry points for the cargo-fuzz targets `pap` and `multipart` (fuzz/fuzz_targets/), kept here so
//! each target is three lines and a crash reproduces with a plain `cargo test`.
//!
//! These functions panic on purpose when a round-trip property fails: that is how a fuzzer reports
//! a finding. Parsing itself never panics.

use super::{is_canonical, multipart, parse, write};

/// `parse` must not panic; where it succeeds and the document is in the canonical domain,
/// `parse(write(doc)) == doc`.
pub fn pap(data: &[u8]) {
    if let Ok(doc) = parse(data)
        && is_canonical(&doc).is_ok()
    {
        assert_eq!(parse(&write(&doc)), Ok(doc), "parse(write(doc)) != doc");
    }
}

/// The first line of `data` is the `Content-Type` header value, the rest the body. `parse` must
/// not panic; where it succeeds, writing with a safe boundary and parsing again is the identity.
/// The whole of `data` is also read as one entity (`multipart::parse_entity`: a `Content-Type:`
/// line, an empty line, the body), with the same property for `write_entity`.
pub fn multipart(data: &[u8]) {
    multipart_split(data);
    if let Ok((boundary, sub)) = multipart::parse_entity(data)
        && is_canonical(&sub.control).is_ok()
        && multipart::boundary_is_safe(&sub, &boundary)
    {
        let bytes = multipart::write_entity(&sub, &boundary);
        assert_eq!(
            multipart::parse_entity(&bytes),
            Ok((boundary, sub)),
            "multipart entity round trip"
        );
    }
}

fn multipart_split(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (head, body) = data.split_at(split);
    let body = body.get(1..).unwrap_or_default();
    let Ok(content_type) = core::str::from_utf8(head) else {
        return;
    };
    if let Ok(sub) = multipart::parse(content_type, body) {
        const BOUNDARY: &str = "=_pushwake_fuzz_0";
        if is_canonical(&sub.control).is_ok() && multipart::boundary_is_safe(&sub, BOUNDARY) {
            let (ct, bytes) = multipart::write(&sub, BOUNDARY);
            assert_eq!(
                multipart::parse(&ct, &bytes),
                Ok(sub),
                "multipart round trip"
            );
        }
    }
}
