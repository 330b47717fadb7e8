//! The PPG protocol's message kinds for `pushwake decode` / `encode`: PAP documents and whole
//! PAP push submissions (multipart/related).

use crate::kinds::{Kind, from_json, to_json};
use pushwake_codecs::DecodeError;
use pushwake_codecs::pap::{self, multipart};
use serde::{Deserialize, Serialize};

/// The JSON of the `multipart` kind: a push submission and the boundary that frames it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Multipart {
    /// The `boundary` parameter: the one read, when decoding; when encoding, the one to use (it
    /// must be able to frame the parts), or absent to let the encoder choose
    /// `pushwake-boundary-N` (`multipart::choose_boundary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    boundary: Option<String>,
    /// The control entity (a PAP push-message), the content and the optional capabilities.
    submission: pap::PushSubmission,
}

fn decode_multipart(b: &[u8]) -> Result<serde_json::Value, DecodeError> {
    to_json(
        multipart::parse_entity(b).map(|(boundary, submission)| Multipart {
            boundary: Some(boundary),
            submission,
        }),
    )
}

fn encode_multipart(v: &serde_json::Value) -> Result<Vec<u8>, String> {
    let m = from_json::<Multipart>(v)?;
    let unsafe_parts = "or content_type is not one line of visible ASCII";
    let boundary = match m.boundary {
        Some(b) if multipart::boundary_is_safe(&m.submission, &b) => b,
        Some(b) => {
            return Err(format!(
                "boundary {b:?} cannot frame this submission: it is not 1 to 70 RFC 2046 \
                 boundary characters, or a part contains \"--{b}\", {unsafe_parts}"
            ));
        }
        None => multipart::choose_boundary(&m.submission).ok_or_else(|| {
            format!(
                "no boundary pushwake-boundary-0 .. -{} can frame this submission (each occurs \
                 in a part, {unsafe_parts}); give one in \"boundary\"",
                multipart::BOUNDARY_CANDIDATES - 1
            )
        })?,
    };
    Ok(multipart::write_entity(&m.submission, &boundary))
}

/// The PPG's kinds, sorted by name.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "multipart",
        description: "PAP push submission (WAP-247-PAP, RFC 2387 multipart/related): control entity (push-message), content entity, optional capabilities. \
                      Input: the line `Content-Type: multipart/related; boundary=B; type=\"application/xml\"`, CRLF, an empty line (CRLF), then the body with CRLF line ends; \
                      JSON: {\"boundary\", \"submission\"}, encoded back to the same form",
        decode: decode_multipart,
        encode: encode_multipart,
    },
    Kind {
        name: "pap",
        description: "PAP 2.0 XML document (WAP-247-PAP): push-message, push-response, cancel, status query, ccq, result notification, badmessage-response",
        decode: |b| to_json(pap::parse(b)),
        encode: |v| Ok(pap::write(&from_json::<pap::PapDocument>(v)?)),
    },
];
