//! The WSP Push PDU as sent connectionless (WAP-230-WSP).
//!
//! ```text
//! TID (1, 8.2.1: connectionless PDUs start with a transaction id) | PDU type (1, 8.2.1 table 34:
//! 0x06 Push, 0x07 ConfirmedPush) | HeadersLen (uintvar, 8.1.2) | ContentType | Headers
//! (HeadersLen octets together, 8.2.4.1) | Data (the rest)
//! ```
//!
//! Header values are kept in their generic framing (8.4.1.2: the first octet says short-integer,
//! value-length or text), so any header, known or not, survives a round trip. Text is kept as a
//! Rust `String`: text that is not UTF-8 is rejected (`InvalidValue`), a documented limitation.
//!
//! Canonical forms this codec insists on, so that `encode(decode(b)) == b`: minimal uintvars and
//! minimal value-lengths (a 31-prefixed length of 30 or less, or a uintvar with a leading 0x80,
//! is `NonMinimalLength`). WAP-230 does not say a receiver must reject those; a lab wanting to
//! accept them should decode with a lenient tool and report the difference.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::reader::Reader;
use crate::hex;
use crate::pkg0::open_value;
use crate::{DecodeError, DecodeResult, ErrorKind};

/// Cap on HeadersLen (content type plus headers). WAP-230 sets no limit; a push over SMS has at
/// most 140 octets of user data (TS 23.040 9.2.3.24) and Kannel's PPG emits a handful of headers;
/// 1024 leaves room for concatenated pushes while bounding what a peer can make us parse.
pub const MAX_HEADERS_LEN: usize = 1024;
/// Cap on the number of headers after the content type: each takes at least two octets, and 64
/// is far above what any push application sends (X-Wap-Application-Id, Push-Flag, ...).
pub const MAX_HEADERS: usize = 64;
/// Cap on the data after the headers. A General Package #0 is at most 24 + 255 +
/// [`crate::pkg0::MAX_VENDOR_SPECIFIC_LEN`] octets; 8192 covers that and any SI/SL push.
pub const MAX_DATA_LEN: usize = 8192;
/// A uintvar encodes a 32-bit integer in at most 5 octets (WAP-230 8.1.2).
pub const MAX_UINTVAR_OCTETS: usize = 5;
/// Value-length: 0-30 is a short-length in one octet; 31 is followed by a uintvar (8.4.2.2).
const LENGTH_QUOTE: u8 = 31;
/// Largest short-length (8.4.2.2).
const MAX_SHORT_LENGTH: usize = 30;
/// Shift-delimiter (8.4.2.6); also the Quote that starts a text-string whose first character is
/// 128 or above (8.4.2.1).
const SHIFT_DELIMITER: u8 = 0x7F;

open_value! {
    /// A WSP PDU type (WAP-230 8.2.1, table 34).
    PduType(u8) {
        /// 0x06 Push (8.2.4.1).
        PUSH = 0x06,
        /// 0x07 ConfirmedPush (8.2.4.1; connection-mode only).
        CONFIRMED_PUSH = 0x07,
    }
}

open_value! {
    /// A well-known content type code (WAP-230 table 40 and the OMNA registry), without the
    /// short-integer high bit.
    WellKnownMedia(u8) {
        /// 0x2E application/vnd.wap.sic.
        VND_WAP_SIC = 0x2E,
        /// 0x30 application/vnd.wap.slc.
        VND_WAP_SLC = 0x30,
        /// 0x36 application/vnd.wap.connectivity-wbxml.
        VND_WAP_CONNECTIVITY_WBXML = 0x36,
        /// 0x42 application/vnd.syncml.dm+wbxml.
        VND_SYNCML_DM_WBXML = 0x42,
        /// 0x43 application/vnd.syncml.dm+xml.
        VND_SYNCML_DM_XML = 0x43,
        /// 0x44 application/vnd.syncml.notification: the DM General Package #0.
        VND_SYNCML_NOTIFICATION = 0x44,
    }
}

open_value! {
    /// A well-known header field name (WAP-230 table 39), without the short-integer high bit.
    HeaderField(u8) {
        /// 0x0D Content-Length.
        CONTENT_LENGTH = 0x0D,
        /// 0x2F X-Wap-Application-Id (encoding version 1.2).
        X_WAP_APPLICATION_ID = 0x2F,
        /// 0x34 Push-Flag (encoding version 1.2).
        PUSH_FLAG = 0x34,
        /// 0x31 X-Wap-Initiator-URI (encoding version 1.2).
        X_WAP_INITIATOR_URI = 0x31,
    }
}

/// The text form of application/vnd.syncml.notification (OMA DM Notification 1.2).
pub const SYNCML_NOTIFICATION_MEDIA: &str = "application/vnd.syncml.notification";
/// X-Wap-Application-Id code 0x07, `x-wap-application:syncml.dm` (OMNA push application id
/// registry).
pub const APPLICATION_ID_SYNCML_DM: u8 = 0x07;

/// Content-type-value (WAP-230 8.4.2.24).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum ContentType {
    /// Constrained-media as a short-integer: one octet, 0x80 | code.
    WellKnown(WellKnownMedia),
    /// Constrained-media as Extension-media: NUL-terminated text.
    Extension(String),
    /// Content-general-form: Value-length then media type and parameters, kept raw (hex).
    General(#[serde(with = "hex::serde_lower")] Vec<u8>),
}

impl ContentType {
    /// True for application/vnd.syncml.notification in any of the three forms (the general form
    /// counts when its media type is the well-known 0x44 or the text name; parameters ignored).
    pub fn is_syncml_notification(&self) -> bool {
        match self {
            Self::WellKnown(m) => *m == WellKnownMedia::VND_SYNCML_NOTIFICATION,
            Self::Extension(s) => s.eq_ignore_ascii_case(SYNCML_NOTIFICATION_MEDIA),
            Self::General(raw) => match raw.first() {
                Some(&b) if b == 0x80 | WellKnownMedia::VND_SYNCML_NOTIFICATION.0 => true,
                _ => raw
                    .split(|&b| b == 0)
                    .next()
                    .is_some_and(|s| s.eq_ignore_ascii_case(SYNCML_NOTIFICATION_MEDIA.as_bytes())),
            },
        }
    }
}

/// A header value in its generic framing (WAP-230 8.4.1.2).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum WapValue {
    /// Short-integer: one octet 0x80 | value, value 0-127.
    Short(u8),
    /// Value-length then that many octets (hex).
    Long(#[serde(with = "hex::serde_lower")] Vec<u8>),
    /// Text (first octet 32-127, NUL-terminated; a leading Quote 0x7F or `"` is kept).
    Text(String),
}

/// One header (WAP-230 8.4.2.6).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum Header {
    /// Well-known-header: a short-integer field name and a value.
    WellKnown { field: HeaderField, value: WapValue },
    /// Application-header: Token-text name and Text-string value.
    Application { name: String, value: String },
    /// Shift-sequence: 0x7F then the page identity as a short-integer.
    Shift { page: u8 },
    /// Short-cut-shift-delimiter: one octet 1-31, the new page.
    ShortCutShift { page: u8 },
}

/// The headers part of a Push PDU (everything but the data).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PushHeaders {
    /// TID, the connectionless transaction id (8.2.1).
    pub transaction_id: u8,
    /// PDU type: 0x06 Push or 0x07 ConfirmedPush.
    pub pdu_type: PduType,
    /// Content type of the data.
    pub content_type: ContentType,
    /// The headers after the content type, in order.
    pub headers: Vec<Header>,
}

impl PushHeaders {
    /// The X-Wap-Application-Id header's value, if present.
    pub fn application_id(&self) -> Option<&WapValue> {
        self.headers.iter().find_map(|h| match h {
            Header::WellKnown { field, value } if *field == HeaderField::X_WAP_APPLICATION_ID => {
                Some(value)
            }
            _ => None,
        })
    }
}

/// A connectionless WSP Push PDU: the CLI kind `wsp`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct WspPush {
    /// TID, PDU type, content type and headers.
    #[serde(flatten)]
    pub headers: PushHeaders,
    /// The data (hex).
    #[serde(with = "hex::serde_lower")]
    pub data: Vec<u8>,
}

/// Why a WSP value cannot be encoded as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A short-integer above 127 (the field, a media code or a value).
    ShortIntegerOutOfRange(u8),
    /// Text that is empty, starts outside 32-127, or contains NUL: it would decode as
    /// something else.
    BadText,
    /// A short-cut shift page outside 1-31.
    ShortCutShiftOutOfRange(u8),
    /// Content type plus headers longer than [`MAX_HEADERS_LEN`].
    HeadersTooLong(usize),
    /// More than [`MAX_HEADERS`] headers.
    TooManyHeaders(usize),
    /// Data longer than [`MAX_DATA_LEN`].
    DataTooLong(usize),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::ShortIntegerOutOfRange(v) => write!(f, "WSP short-integer {v} above 127"),
            Self::BadText => f.write_str(
                "WSP text must be non-empty, start with an octet in 32-127 and contain no NUL",
            ),
            Self::ShortCutShiftOutOfRange(v) => write!(f, "WSP short-cut shift {v} not in 1-31"),
            Self::HeadersTooLong(n) => {
                write!(f, "WSP headers are {n} octets, at most {MAX_HEADERS_LEN}")
            }
            Self::TooManyHeaders(n) => write!(f, "{n} WSP headers, at most {MAX_HEADERS}"),
            Self::DataTooLong(n) => write!(f, "WSP data is {n} octets, at most {MAX_DATA_LEN}"),
        }
    }
}

impl std::error::Error for EncodeError {}

impl WspPush {
    /// Decodes a connectionless Push or ConfirmedPush PDU.
    pub fn decode(bytes: &[u8]) -> DecodeResult<Self> {
        Self::decode_at(bytes, 0)
    }

    pub(crate) fn decode_at(bytes: &[u8], base: usize) -> DecodeResult<Self> {
        let mut r = Reader::new(bytes, base);
        let headers = PushHeaders::decode(&mut r)?;
        if r.remaining() > MAX_DATA_LEN {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "WSP push data",
                r.offset(),
            ));
        }
        Ok(Self {
            headers,
            data: r.rest().to_vec(),
        })
    }

    /// Encodes the PDU (HeadersLen is computed, so it always matches).
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = self.headers.encode()?;
        if self.data.len() > MAX_DATA_LEN {
            return Err(EncodeError::DataTooLong(self.data.len()));
        }
        out.extend_from_slice(&self.data);
        Ok(out)
    }
}

impl PushHeaders {
    /// Reads TID, PDU type, HeadersLen, content type and headers; leaves `r` at the data.
    pub(crate) fn decode(r: &mut Reader<'_>) -> DecodeResult<Self> {
        let transaction_id = r.u8("WSP TID")?;
        let type_at = r.offset();
        let pdu_type = PduType(r.u8("WSP PDU type")?);
        if pdu_type != PduType::PUSH && pdu_type != PduType::CONFIRMED_PUSH {
            return Err(DecodeError::new(
                ErrorKind::InvalidValue,
                "WSP PDU type",
                type_at,
            ));
        }
        let len_at = r.offset();
        let headers_len = uintvar(r, "WSP HeadersLen")?;
        if headers_len > MAX_HEADERS_LEN {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "WSP HeadersLen",
                len_at,
            ));
        }
        let mut h = r.sub(headers_len, "WSP headers", len_at)?;
        let content_type = content_type(&mut h)?;
        let mut headers = Vec::new();
        while !h.is_empty() {
            if headers.len() >= MAX_HEADERS {
                return Err(DecodeError::new(
                    ErrorKind::TooLong,
                    "WSP headers",
                    h.offset(),
                ));
            }
            headers.push(header(&mut h)?);
        }
        Ok(Self {
            transaction_id,
            pdu_type,
            content_type,
            headers,
        })
    }

    /// TID, PDU type, HeadersLen, content type and headers.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        if self.headers.len() > MAX_HEADERS {
            return Err(EncodeError::TooManyHeaders(self.headers.len()));
        }
        let mut body = Vec::new();
        match &self.content_type {
            ContentType::WellKnown(m) => body.push(short_integer(m.0)?),
            ContentType::Extension(s) => put_text(&mut body, s)?,
            ContentType::General(raw) => put_long(&mut body, raw),
        }
        for h in &self.headers {
            match h {
                Header::WellKnown { field, value } => {
                    body.push(short_integer(field.0)?);
                    match value {
                        WapValue::Short(v) => body.push(short_integer(*v)?),
                        WapValue::Long(raw) => put_long(&mut body, raw),
                        WapValue::Text(s) => put_text(&mut body, s)?,
                    }
                }
                Header::Application { name, value } => {
                    // 0x7F would read back as a shift-delimiter (8.4.2.6).
                    if name.as_bytes().first() == Some(&SHIFT_DELIMITER) {
                        return Err(EncodeError::BadText);
                    }
                    put_text(&mut body, name)?;
                    // An empty application value is legal (just the NUL); nothing else could
                    // start here, since the next header is parsed afresh.
                    if value.as_bytes().contains(&0) {
                        return Err(EncodeError::BadText);
                    }
                    body.extend_from_slice(value.as_bytes());
                    body.push(0);
                }
                Header::Shift { page } => {
                    body.push(SHIFT_DELIMITER);
                    body.push(short_integer(*page)?);
                }
                Header::ShortCutShift { page } => {
                    if !(1..=31).contains(page) {
                        return Err(EncodeError::ShortCutShiftOutOfRange(*page));
                    }
                    body.push(*page);
                }
            }
        }
        if body.len() > MAX_HEADERS_LEN {
            return Err(EncodeError::HeadersTooLong(body.len()));
        }
        let mut out = Vec::with_capacity(body.len() + 2 + MAX_UINTVAR_OCTETS);
        out.push(self.transaction_id);
        out.push(self.pdu_type.0);
        put_uintvar(&mut out, body.len());
        out.extend_from_slice(&body);
        Ok(out)
    }
}

/// uintvar (WAP-230 8.1.2): 7 bits per octet, high bit set on all but the last, at most 5
/// octets, minimal (no leading 0x80).
fn uintvar(r: &mut Reader<'_>, structure: &'static str) -> DecodeResult<usize> {
    let start = r.offset();
    let mut value: u64 = 0;
    for i in 0..MAX_UINTVAR_OCTETS {
        let b = r.u8(structure)?;
        if i == 0 && b == 0x80 {
            return Err(DecodeError::new(
                ErrorKind::NonMinimalLength,
                structure,
                start,
            ));
        }
        value = (value << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            return usize::try_from(
                u32::try_from(value)
                    .map_err(|_| DecodeError::new(ErrorKind::InvalidValue, structure, start))?,
            )
            .map_err(|_| DecodeError::new(ErrorKind::TooLong, structure, start));
        }
    }
    Err(DecodeError::new(ErrorKind::InvalidValue, structure, start))
}

fn put_uintvar(out: &mut Vec<u8>, value: usize) {
    // 10 groups of 7 bits hold any 64-bit usize; the loop stops before n reaches 10.
    let mut groups = [0u8; 10];
    let mut n = 0;
    let mut v = value;
    loop {
        groups[n] = (v & 0x7F) as u8; // masked to 7 bits
        n += 1;
        v >>= 7;
        if v == 0 || n == groups.len() {
            break;
        }
    }
    for i in (0..n).rev() {
        let cont = if i == 0 { 0 } else { 0x80 };
        out.push(groups[i] | cont); // i < n <= groups.len()
    }
}

/// Value-length (8.4.2.2): short-length 0-30, or 31 then a uintvar (which must exceed 30).
fn value_length(r: &mut Reader<'_>, structure: &'static str) -> DecodeResult<usize> {
    let at = r.offset();
    let b = r.u8(structure)?;
    match usize::from(b) {
        n if n <= MAX_SHORT_LENGTH => Ok(n),
        _ if b == LENGTH_QUOTE => {
            let n = uintvar(r, structure)?;
            if n <= MAX_SHORT_LENGTH {
                Err(DecodeError::new(ErrorKind::NonMinimalLength, structure, at))
            } else {
                Ok(n)
            }
        }
        _ => Err(DecodeError::new(ErrorKind::InvalidValue, structure, at)),
    }
}

fn put_long(out: &mut Vec<u8>, raw: &[u8]) {
    if raw.len() <= MAX_SHORT_LENGTH {
        out.push(raw.len() as u8); // <= 30
    } else {
        out.push(LENGTH_QUOTE);
        put_uintvar(out, raw.len());
    }
    out.extend_from_slice(raw);
}

fn short_integer(v: u8) -> Result<u8, EncodeError> {
    if v <= 0x7F {
        Ok(v | 0x80)
    } else {
        Err(EncodeError::ShortIntegerOutOfRange(v))
    }
}

fn put_text(out: &mut Vec<u8>, s: &str) -> Result<(), EncodeError> {
    let b = s.as_bytes();
    match b.first() {
        Some(&c) if (32..=127).contains(&c) && !b.contains(&0) => {
            out.extend_from_slice(b);
            out.push(0);
            Ok(())
        }
        _ => Err(EncodeError::BadText),
    }
}

fn text(r: &mut Reader<'_>, structure: &'static str) -> DecodeResult<String> {
    let at = r.offset();
    let raw = r.until_nul(structure)?;
    core::str::from_utf8(raw)
        .map(str::to_owned)
        .map_err(|e| DecodeError::new(ErrorKind::InvalidValue, structure, at + e.valid_up_to()))
}

fn content_type(r: &mut Reader<'_>) -> DecodeResult<ContentType> {
    const S: &str = "WSP content type";
    let at = r.offset();
    match r.peek() {
        None => Err(DecodeError::new(ErrorKind::MissingMandatory, S, at)),
        Some(b) if b >= 0x80 => {
            r.u8(S)?;
            Ok(ContentType::WellKnown(WellKnownMedia(b & 0x7F)))
        }
        Some(b) if b >= 32 => Ok(ContentType::Extension(text(r, S)?)),
        Some(_) => {
            let n = value_length(r, S)?;
            let mut body = r.sub(n, S, at)?;
            Ok(ContentType::General(body.rest().to_vec()))
        }
    }
}

fn header(r: &mut Reader<'_>) -> DecodeResult<Header> {
    const S: &str = "WSP header";
    let at = r.offset();
    let first = r
        .peek()
        .ok_or(DecodeError::new(ErrorKind::Truncated, S, at))?;
    match first {
        0x80..=0xFF => {
            r.u8(S)?;
            let field = HeaderField(first & 0x7F);
            let value = wap_value(r)?;
            Ok(Header::WellKnown { field, value })
        }
        SHIFT_DELIMITER => {
            r.u8(S)?;
            let page_at = r.offset();
            let page = r.u8("WSP shift page")?;
            if page < 0x80 {
                return Err(DecodeError::new(
                    ErrorKind::InvalidValue,
                    "WSP shift page",
                    page_at,
                ));
            }
            Ok(Header::Shift { page: page & 0x7F })
        }
        1..=31 => {
            r.u8(S)?;
            Ok(Header::ShortCutShift { page: first })
        }
        32..=126 => {
            let name = text(r, "WSP application header name")?;
            let value = text(r, "WSP application header value")?;
            Ok(Header::Application { name, value })
        }
        0 => Err(DecodeError::new(ErrorKind::InvalidValue, S, at)),
    }
}

fn wap_value(r: &mut Reader<'_>) -> DecodeResult<WapValue> {
    const S: &str = "WSP header value";
    let at = r.offset();
    match r.peek() {
        None => Err(DecodeError::new(ErrorKind::Truncated, S, at)),
        Some(b) if b >= 0x80 => {
            r.u8(S)?;
            Ok(WapValue::Short(b & 0x7F))
        }
        Some(b) if b >= 32 => Ok(WapValue::Text(text(r, S)?)),
        Some(_) => {
            let n = value_length(r, S)?;
            let mut body = r.sub(n, S, at)?;
            Ok(WapValue::Long(body.rest().to_vec()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uintvar_round_trips_boundaries() {
        for v in [0usize, 0x7F, 0x80, 0x3FFF, 0x4000, u32::MAX as usize] {
            let mut out = Vec::new();
            put_uintvar(&mut out, v);
            let mut r = Reader::new(&out, 0);
            assert_eq!(uintvar(&mut r, "t"), Ok(v));
            assert!(r.is_empty());
        }
    }

    #[test]
    fn uintvar_rejects_leading_zero_group() {
        let mut r = Reader::new(&[0x80, 0x01], 0);
        assert_eq!(
            uintvar(&mut r, "t"),
            Err(DecodeError::new(ErrorKind::NonMinimalLength, "t", 0))
        );
    }

    #[test]
    fn uintvar_rejects_more_than_32_bits() {
        let mut r = Reader::new(&[0x90, 0x80, 0x80, 0x80, 0x00], 0);
        assert_eq!(
            uintvar(&mut r, "t"),
            Err(DecodeError::new(ErrorKind::InvalidValue, "t", 0))
        );
    }
}
