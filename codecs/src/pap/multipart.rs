//! `multipart/related` framing of a PAP push submission (WAP-247-PAP; RFC 2387; RFC 2046 section
//! 5.1.1 for the body grammar).
//!
//! Part 1 is the PAP control entity (`application/xml`, a `push-message`), part 2 the content with
//! its own `Content-Type`, optional part 3 the client capabilities.
//!
//! Strictness, with the clause followed:
//! - the header must be `multipart/related` with a `boundary` (RFC 2046 5.1.1) of 1..=70 `bchars`
//!   not ending in a space, and `type="application/xml"` (RFC 2387 3.1 makes `type` mandatory;
//!   pap-ppg.md, verified gives the value);
//! - line breaks are CRLF (RFC 2046 5.1.1); the preamble and epilogue are ignored;
//! - at most [`MAX_PARTS`] parts, at least two;
//! - `Content-Transfer-Encoding`, if present, must be `7bit`, `8bit` or `binary`: a submission
//!   in base64 or quoted-printable would need decoding that PAP does not call for, so it is refused
//!   (InvalidValue) rather than misread;
//! - the content entity's `X-Wap-Application-Id` header is kept ([`PushSubmission::app_id`]; at
//!   most one, not empty); other part headers (`Content-ID`, ...) are accepted and not kept,
//!   because [`PushSubmission`] has no field for them; the `start` parameter is ignored (the root
//!   is part 1, as PAP requires).
//!
//! Offsets: errors in the `Content-Type` header value count from the start of that value; all
//! other errors count from the start of the body (a PAP error inside part 1 included).
//!
//! [`parse_entity`] / [`write_entity`] take the header and the body as one byte string, the form
//! `pushwake decode --as multipart` reads: the line `Content-Type: <value>` CRLF, an empty line
//! (CRLF), then the body; its errors count from the start of that byte string.

use super::parse::parse_at;
use super::types::{PapMessage, PushSubmission};
use super::write::write as write_pap;
use crate::error::{DecodeError, DecodeResult, ErrorKind};

/// Cap on a whole submission body. PAP content goes over SMS or a WSP/HTTP session to a phone;
/// 1 MiB is far above any OTA push and bounds the copies made here.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Cap on body parts: PAP defines three entities (control, content, capabilities).
pub const MAX_PARTS: usize = 3;
/// Cap on the header block of one part (all header lines together).
pub const MAX_PART_HEADER_BYTES: usize = 4096;
/// Cap on the `Content-Type` header value of the submission.
pub const MAX_CONTENT_TYPE_BYTES: usize = 1024;
/// Longest boundary RFC 2046 5.1.1 allows.
pub const MAX_BOUNDARY_LEN: usize = 70;

/// How many boundaries [`choose_boundary`] tries.
pub const BOUNDARY_CANDIDATES: usize = 64;

const HDR: &str = "Content-Type";
const MP: &str = "multipart/related";
const PART_HDR: &str = "MIME part header";
const BOUNDARY: &str = "boundary";
/// Structure name for the header line of [`parse_entity`].
const ENTITY_HDR: &str = "Content-Type header line";
/// The header name [`parse_entity`] expects first (compared ignoring ASCII case, RFC 9110 5.1).
const CONTENT_TYPE_COLON: &[u8] = b"Content-Type:";

/// Parses a push submission: `content_type` is the HTTP `Content-Type` header value.
pub fn parse(content_type: &str, body: &[u8]) -> DecodeResult<PushSubmission> {
    let boundary = parse_content_type(content_type)?;
    parse_body(&boundary, body)
}

/// The `boundary` parameter of a submission's `Content-Type` header value, checked as [`parse`]
/// checks it (offsets from the start of the value).
pub fn boundary(content_type: &str) -> DecodeResult<String> {
    parse_content_type(content_type)
}

/// Parses a push submission given as one byte string: the header line `Content-Type: <value>`
/// (name in any case, optional spaces or tabs after the colon), CRLF, an empty line (CRLF), then
/// the body. No other header line is accepted. Returns the boundary and the submission; every
/// error offset counts from the start of `input`.
pub fn parse_entity(input: &[u8]) -> DecodeResult<(String, PushSubmission)> {
    let name = input
        .get(..CONTENT_TYPE_COLON.len())
        .filter(|n| n.eq_ignore_ascii_case(CONTENT_TYPE_COLON))
        .ok_or(DecodeError::new(ErrorKind::Syntax, ENTITY_HDR, 0))?;
    // The value (with the white space before it) is at most MAX_CONTENT_TYPE_BYTES, so its CRLF
    // is looked for no further than that.
    let from = name.len();
    let window_end = from
        .saturating_add(MAX_CONTENT_TYPE_BYTES + 2)
        .min(input.len());
    let window = input.get(..window_end).unwrap_or_default();
    let eol = match find(window, b"\r\n", from) {
        Some(eol) => eol,
        None if window_end == input.len() => {
            return Err(DecodeError::new(
                ErrorKind::Truncated,
                ENTITY_HDR,
                input.len(),
            ));
        }
        None => {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                ENTITY_HDR,
                from + MAX_CONTENT_TYPE_BYTES,
            ));
        }
    };
    let raw = input.get(from..eol).unwrap_or_default();
    let ws = raw.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    let value_at = from + ws;
    let value = core::str::from_utf8(raw.get(ws..).unwrap_or_default())
        .map_err(|e| DecodeError::new(ErrorKind::Syntax, HDR, value_at + e.valid_up_to()))?;
    let boundary = parse_content_type(value).map_err(|e| shifted(e, value_at))?;
    let blank = eol + 2;
    if !input.get(blank..).unwrap_or_default().starts_with(b"\r\n") {
        // Another header line, or a missing empty line.
        return Err(DecodeError::new(ErrorKind::Syntax, ENTITY_HDR, blank));
    }
    let body_at = blank + 2;
    let body = input.get(body_at..).unwrap_or_default();
    let sub = parse_body(&boundary, body).map_err(|e| shifted(e, body_at))?;
    Ok((boundary, sub))
}

/// `e` with its offset moved `by` bytes on.
fn shifted(e: DecodeError, by: usize) -> DecodeError {
    DecodeError {
        offset: e.offset.saturating_add(by),
        ..e
    }
}

fn parse_body(boundary: &str, body: &[u8]) -> DecodeResult<PushSubmission> {
    if body.len() > MAX_BODY_BYTES {
        return Err(DecodeError::new(ErrorKind::TooLong, MP, MAX_BODY_BYTES));
    }
    let parts = split(body, boundary.as_bytes())?;
    let mut it = parts.into_iter();
    let (Some(control), Some(content)) = (it.next(), it.next()) else {
        return Err(DecodeError::new(
            ErrorKind::MissingMandatory,
            MP,
            body.len(),
        ));
    };
    let capabilities = it.next();

    let ct = control.content_type.ok_or(DecodeError::new(
        ErrorKind::MissingMandatory,
        PART_HDR,
        control.header_at,
    ))?;
    if !media_type_is(ct, "application/xml") {
        return Err(DecodeError::new(
            ErrorKind::InvalidValue,
            PART_HDR,
            control.header_at,
        ));
    }
    let doc = parse_at(control.body, control.body_at)?;
    if !matches!(doc.message, PapMessage::PushMessage(_)) {
        // A submission's control entity is a push-message (WAP-247-PAP, push submission).
        return Err(DecodeError::new(ErrorKind::Unexpected, MP, control.body_at));
    }
    let content_type = content.content_type.ok_or(DecodeError::new(
        ErrorKind::MissingMandatory,
        PART_HDR,
        content.header_at,
    ))?;
    Ok(PushSubmission {
        control: doc,
        content_type: content_type.to_owned(),
        app_id: content.app_id.map(str::to_owned),
        content: content.body.to_vec(),
        capabilities: capabilities.map(|c| c.body.to_vec()),
    })
}

/// Writes a push submission; returns the `Content-Type` header value and the body.
///
/// The caller chooses `boundary`; it must be valid (see [`is_valid_boundary`]) and must not occur
/// in the parts ([`boundary_is_safe`]); otherwise the output is written as asked and will not
/// parse back. A `content_type` holding CR or LF would inject headers, so each CR or LF is written
/// as a space.
pub fn write(sub: &PushSubmission, boundary: &str) -> (String, Vec<u8>) {
    write_entities(
        &write_pap(&sub.control),
        &sub.content_type,
        sub.app_id.as_deref(),
        &sub.content,
        sub.capabilities.as_deref(),
        boundary,
    )
}

/// Frames entities given as bytes: `control` as the `application/xml` control entity, `content`
/// with `content_type` (and `X-Wap-Application-Id: app_id`, where given), then the capabilities,
/// if any. [`write()`] is this with the control
/// document written by `pap::write`; this form also carries a control entity that is no
/// well-formed PAP document (a conformance test sends malformed ones on purpose) or that is
/// written with other line ends. The same caveats as for [`write()`]: `boundary` must be valid
/// and must not occur in any entity ([`boundary_occurs_in`]).
///
/// Every line end of the framing is CRLF (RFC 2046 5.1.1): the delimiter is CRLF `--boundary`,
/// each part's header block ends with CRLF CRLF, and the close delimiter is followed by CRLF. The
/// entities' own bytes are written as they are. Kannel 1.4.5's MIME parser accepts nothing else
/// (a body framed with bare LF is answered 2000, conformance/src/ppg/kannel/NOTES.md).
pub fn write_entities(
    control: &[u8],
    content_type: &str,
    app_id: Option<&str>,
    content: &[u8],
    capabilities: Option<&[u8]>,
    boundary: &str,
) -> (String, Vec<u8>) {
    let header = format!("multipart/related; boundary=\"{boundary}\"; type=\"application/xml\"");
    let mut body = Vec::with_capacity(
        control
            .len()
            .saturating_add(content.len())
            .saturating_add(capabilities.map_or(0, <[u8]>::len))
            .saturating_add(256),
    );
    let mut part = |ct: &str, app_id: Option<&str>, data: &[u8]| {
        let clean = |v: &str| {
            v.bytes()
                .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b })
                .collect::<Vec<u8>>()
        };
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Type: ");
        body.extend(clean(ct));
        if let Some(app) = app_id {
            body.extend_from_slice(b"\r\nX-Wap-Application-Id: ");
            body.extend(clean(app));
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    part("application/xml", None, control);
    part(content_type, app_id, content);
    if let Some(c) = capabilities {
        // UNVERIFIED: WAP-247-PAP's media type for the capabilities entity (an RDF/UAProf
        // document) was not checked; application/xml is what the PAP control entity uses.
        part("application/xml", None, c);
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    (header, body)
}

/// Whether `--boundary` (the start of a delimiter) occurs in `data`, which would end the entity
/// early when framed with `boundary`.
pub fn boundary_occurs_in(boundary: &str, data: &[u8]) -> bool {
    let mut delim = b"--".to_vec();
    delim.extend_from_slice(boundary.as_bytes());
    data.windows(delim.len()).any(|w| w == delim.as_slice())
}

/// Writes a push submission as one byte string, the form [`parse_entity`] reads:
/// `Content-Type: ` and the header value of [`write()`], CRLF, CRLF, then its body.
pub fn write_entity(sub: &PushSubmission, boundary: &str) -> Vec<u8> {
    let (header, body) = write(sub, boundary);
    let mut out = Vec::with_capacity(CONTENT_TYPE_COLON.len() + 1 + header.len() + 4 + body.len());
    out.extend_from_slice(CONTENT_TYPE_COLON);
    out.push(b' ');
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(&body);
    out
}

/// The first of `pushwake-boundary-0` .. `pushwake-boundary-63` ([`BOUNDARY_CANDIDATES`]) that
/// is safe for `sub` ([`boundary_is_safe`]), or `None` when none is (a part contains them all,
/// or the content type cannot round-trip whatever the boundary).
pub fn choose_boundary(sub: &PushSubmission) -> Option<String> {
    (0..BOUNDARY_CANDIDATES)
        .map(|n| format!("pushwake-boundary-{n}"))
        .find(|b| boundary_is_safe(sub, b))
}

/// RFC 2046 5.1.1: 1..=70 `bchars`, not ending in a space.
pub fn is_valid_boundary(b: &str) -> bool {
    (1..=MAX_BOUNDARY_LEN).contains(&b.len()) && b.bytes().all(is_bchar) && !b.ends_with(' ')
}

/// Whether `boundary` is valid and no part written by [`write()`] contains `--boundary`, and the
/// content type is one that survives a round trip (no CR/LF, no surrounding whitespace, not
/// empty, visible ASCII and spaces only).
pub fn boundary_is_safe(sub: &PushSubmission, boundary: &str) -> bool {
    let clean = |d: &[u8]| !boundary_occurs_in(boundary, d);
    let ct = sub.content_type.as_str();
    is_valid_boundary(boundary)
        && clean(&write_pap(&sub.control))
        && clean(&sub.content)
        && sub.capabilities.as_deref().is_none_or(clean)
        && !ct.is_empty()
        && ct.trim() == ct
        && ct.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
        && sub.app_id.as_deref().is_none_or(|a| {
            !a.is_empty() && a.trim() == a && a.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
        })
}

fn is_bchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&b)
}

/// Media type equality, ignoring case and parameters.
fn media_type_is(value: &str, want: &str) -> bool {
    value
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(want))
}

/// Parses `multipart/related; boundary=...; type="application/xml"`, returning the boundary.
fn parse_content_type(v: &str) -> DecodeResult<String> {
    if v.len() > MAX_CONTENT_TYPE_BYTES {
        return Err(DecodeError::new(
            ErrorKind::TooLong,
            HDR,
            MAX_CONTENT_TYPE_BYTES,
        ));
    }
    let err = |k, at| DecodeError::new(k, HDR, at);
    let mut p = HeaderCursor { s: v, i: 0 };
    p.skip_ws();
    let mt_at = p.i;
    let media = p.token();
    if !media.eq_ignore_ascii_case(MP) {
        return Err(err(ErrorKind::InvalidValue, mt_at));
    }
    let mut boundary: Option<(String, usize)> = None;
    let mut typ: Option<(String, usize)> = None;
    loop {
        p.skip_ws();
        if p.rest().is_empty() {
            break;
        }
        if !p.eat(';') {
            return Err(err(ErrorKind::Syntax, p.i));
        }
        p.skip_ws();
        let name_at = p.i;
        let name = p.token();
        if name.is_empty() {
            return Err(err(ErrorKind::Syntax, p.i));
        }
        p.skip_ws();
        if !p.eat('=') {
            return Err(err(ErrorKind::Syntax, p.i));
        }
        p.skip_ws();
        let value_at = p.i;
        let value = p.value().ok_or(err(ErrorKind::Syntax, value_at))?;
        let slot = if name.eq_ignore_ascii_case("boundary") {
            &mut boundary
        } else if name.eq_ignore_ascii_case("type") {
            &mut typ
        } else {
            continue;
        };
        if slot.is_some() {
            // RFC 2045 5.1: a parameter name occurs at most once.
            return Err(err(ErrorKind::Syntax, name_at));
        }
        *slot = Some((value, value_at));
    }
    let (typ, typ_at) = typ.ok_or(err(ErrorKind::MissingMandatory, v.len()))?;
    if !typ.eq_ignore_ascii_case("application/xml") {
        return Err(err(ErrorKind::InvalidValue, typ_at));
    }
    let (b, b_at) = boundary.ok_or(err(ErrorKind::MissingMandatory, v.len()))?;
    if b.len() > MAX_BOUNDARY_LEN {
        return Err(DecodeError::new(ErrorKind::TooLong, BOUNDARY, b_at));
    }
    if !is_valid_boundary(&b) {
        return Err(DecodeError::new(ErrorKind::InvalidValue, BOUNDARY, b_at));
    }
    Ok(b)
}

/// A cursor over a header value (RFC 2045 5.1 `token` / `quoted-string`).
struct HeaderCursor<'s> {
    s: &'s str,
    i: usize,
}

impl<'s> HeaderCursor<'s> {
    fn rest(&self) -> &'s str {
        self.s.get(self.i..).unwrap_or("")
    }
    fn skip_ws(&mut self) {
        let r = self.rest();
        self.i += r.len() - r.trim_start_matches([' ', '\t']).len();
    }
    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// RFC 2045 token (with `/` allowed, to read `type/subtype` in one go).
    fn token(&mut self) -> &'s str {
        let r = self.rest();
        let n = r
            .find(|c: char| !c.is_ascii_graphic() || "()<>@,;:\\\"[]?=".contains(c))
            .unwrap_or(r.len());
        self.i += n;
        r.get(..n).unwrap_or("")
    }
    /// A token or a quoted-string (with `\` quoted-pairs), unquoted.
    fn value(&mut self) -> Option<String> {
        if !self.rest().starts_with('"') {
            let t = self.token();
            return (!t.is_empty()).then(|| t.to_owned());
        }
        self.i += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '"' => {
                    self.i += k + 1;
                    return Some(out);
                }
                '\\' => out.push(chars.next()?.1),
                '\r' | '\n' => return None,
                c => out.push(c),
            }
        }
        None
    }
}

/// One body part.
#[derive(Debug)]
struct Part<'b> {
    header_at: usize,
    content_type: Option<&'b str>,
    app_id: Option<&'b str>,
    body: &'b [u8],
    body_at: usize,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let tail = hay.get(from..)?;
    tail.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Splits the body at the boundary (RFC 2046 5.1.1).
fn split<'b>(body: &'b [u8], boundary: &[u8]) -> DecodeResult<Vec<Part<'b>>> {
    let mut dash = b"--".to_vec();
    dash.extend_from_slice(boundary);
    let mut delim = b"\r\n".to_vec();
    delim.extend_from_slice(&dash);

    // The first dash-boundary is at the very start or after the preamble's CRLF.
    let mut at = if body.starts_with(&dash) {
        dash.len()
    } else {
        find(body, &delim, 0).ok_or(DecodeError::new(ErrorKind::Syntax, MP, 0))? + delim.len()
    };
    let mut parts = Vec::new();
    loop {
        // After a delimiter: `--` closes; otherwise transport-padding then CRLF.
        let rest = body.get(at..).unwrap_or_default();
        if rest.starts_with(b"--") {
            break;
        }
        let pad = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        at += pad;
        if !body.get(at..).unwrap_or_default().starts_with(b"\r\n") {
            return Err(DecodeError::new(ErrorKind::Syntax, MP, at));
        }
        at += 2;
        if parts.len() >= MAX_PARTS {
            return Err(DecodeError::new(ErrorKind::TooLong, MP, at));
        }
        let end = find(body, &delim, at).ok_or(DecodeError::new(ErrorKind::Truncated, MP, at))?;
        let raw = body.get(at..end).unwrap_or_default();
        parts.push(part(raw, at)?);
        at = end + delim.len();
    }
    if parts.len() < 2 {
        return Err(DecodeError::new(ErrorKind::MissingMandatory, MP, at));
    }
    Ok(parts)
}

/// Splits one part into headers and body and reads the headers we keep.
fn part(raw: &[u8], at: usize) -> DecodeResult<Part<'_>> {
    // A part with no headers starts with the blank line directly.
    let (headers, body, body_at) = if raw.starts_with(b"\r\n") {
        (&raw[..0], raw.get(2..).unwrap_or_default(), at + 2)
    } else {
        let end = find(raw, b"\r\n\r\n", 0).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            PART_HDR,
            at,
        ))?;
        (
            raw.get(..end).unwrap_or_default(),
            raw.get(end + 4..).unwrap_or_default(),
            at + end + 4,
        )
    };
    if headers.len() > MAX_PART_HEADER_BYTES {
        return Err(DecodeError::new(ErrorKind::TooLong, PART_HDR, at));
    }
    let text = core::str::from_utf8(headers)
        .ok()
        .filter(|t| t.is_ascii())
        .ok_or(DecodeError::new(ErrorKind::Syntax, PART_HDR, at))?;
    let mut content_type = None;
    let mut app_id = None;
    let mut line_at = at;
    for line in text.split("\r\n").filter(|_| !text.is_empty()) {
        let this = line_at;
        line_at += line.len() + 2;
        // Folded continuation lines (RFC 5322 2.2.3) are not used by PAP headers; refuse them
        // rather than guess how they join.
        if line.starts_with([' ', '\t']) {
            return Err(DecodeError::new(ErrorKind::Syntax, PART_HDR, this));
        }
        let (name, value) =
            line.split_once(':')
                .ok_or(DecodeError::new(ErrorKind::Syntax, PART_HDR, this))?;
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(DecodeError::new(ErrorKind::Syntax, PART_HDR, this));
        }
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("content-type") {
            if content_type.is_some() || value.is_empty() {
                return Err(DecodeError::new(ErrorKind::InvalidValue, PART_HDR, this));
            }
            content_type = Some(value);
        } else if name.eq_ignore_ascii_case("x-wap-application-id") {
            if app_id.is_some() || value.is_empty() {
                return Err(DecodeError::new(ErrorKind::InvalidValue, PART_HDR, this));
            }
            app_id = Some(value);
        } else if name.eq_ignore_ascii_case("content-transfer-encoding")
            && !["7bit", "8bit", "binary"]
                .iter()
                .any(|e| value.eq_ignore_ascii_case(e))
        {
            return Err(DecodeError::new(ErrorKind::InvalidValue, PART_HDR, this));
        }
    }
    Ok(Part {
        header_at: at,
        content_type,
        app_id,
        body,
        body_at,
    })
}
