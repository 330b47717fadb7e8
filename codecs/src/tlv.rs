//! BER-TLV and COMPREHENSION-TLV (ETSI TS 101 220 clause 7.1, used by ETSI TS 102 223 clause 9).
//!
//! One zero-copy reader ([`TlvReader`]) that never reads past its parent, reports every error with
//! the absolute byte offset, and stays failed once it failed; and one writer ([`TlvWriter`]) that
//! writes each length after its body, so a length can never disagree with the bytes it counts.
//!
//! Rules enforced (with their sources):
//! - Length (TS 101 220 clause 7.1.2, TS 102 223 annex C): `00`-`7F` in one byte; `81 xx` for
//!   `80`-`FF`; `82 xxxx` for `0100`-`FFFF`; `83 xxxxxx` for `010000`-`FFFFFF`. A longer form than
//!   needed is an encoding error ([`ErrorKind::NonMinimalLength`]), as DER does for X.690 10.1;
//!   `80` and `84`-`FF` as a first length byte are invalid.
//! - COMPREHENSION-TLV tag (TS 101 220 clause 7.1.1): one byte, bit 8 = CR, bits 7-1 = tag value
//!   `01`-`7E`; `00`, `80` and `FF` are not tags; `7F` introduces the three-byte format
//!   `7F hh ll` where bit 16 is CR and bits 15-1 the tag value `0001`-`7FFF`. Tag matching ignores
//!   CR and the format (the reader keeps both so a raw object round-trips byte for byte).
//! - BER-TLV tag: CAT uses single-byte tags only (TS 101 220 clause 7.2, table of CAT templates
//!   `D0`-`DE`); a multi-byte tag (low five bits all set) is rejected as [`ErrorKind::InvalidValue`],
//!   and so are `00` and `FF`.

use crate::error::{DecodeError, DecodeResult, ErrorKind};

/// Largest length the four-byte length form can express (`83 FF FF FF`, TS 101 220 7.1.2).
pub const MAX_LENGTH: usize = 0x00FF_FFFF;

/// Structure name used for errors in a length field.
const LENGTH: &str = "TLV length";

/// A COMPREHENSION-TLV tag: its value without the CR bit, the CR bit, and the format it was in.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize, serde::Deserialize,
)]
pub struct CtlvTag {
    /// Tag value, CR bit removed: `01`-`7E` (one-byte format) or `0001`-`7FFF` (three-byte format).
    pub value: u16,
    /// Comprehension required (bit 8 of the one-byte tag, bit 16 of the three-byte tag).
    pub cr: bool,
    /// Whether the tag is in the three-byte `7F hh ll` format.
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub three_byte: bool,
}

impl CtlvTag {
    /// The canonical tag for `value` (one-byte format when the value allows it).
    pub const fn new(value: u16, cr: bool) -> Self {
        Self {
            value,
            cr,
            three_byte: value > 0x7E,
        }
    }

    /// Whether two tags name the same object (CR bit and format ignored, TS 101 220 7.1.1).
    pub const fn matches(self, value: u16) -> bool {
        self.value == value
    }

    /// Whether this tag can be written as it is.
    pub const fn is_valid(self) -> bool {
        if self.three_byte {
            self.value >= 1 && self.value <= 0x7FFF
        } else {
            self.value >= 1 && self.value <= 0x7E
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        if self.three_byte {
            let v = self.value | if self.cr { 0x8000 } else { 0 };
            out.push(0x7F);
            out.extend_from_slice(&v.to_be_bytes());
        } else {
            // Invariant (checked by `is_valid` before any write): value <= 0x7E fits in 7 bits.
            let low = u8::try_from(self.value & 0x7F).unwrap_or(0);
            out.push(low | if self.cr { 0x80 } else { 0 });
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for CtlvTag {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let value = u.int_in_range(1..=0x7FFF)?;
        let three_byte = value > 0x7E || u.arbitrary()?;
        Ok(Self {
            value,
            cr: u.arbitrary()?,
            three_byte,
        })
    }
}

/// One BER-TLV object, borrowed from the input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BerTlv<'a> {
    /// The single-byte tag.
    pub tag: u8,
    /// The value bytes.
    pub value: &'a [u8],
    /// Absolute offset of the tag byte.
    pub offset: usize,
    /// Absolute offset of the first value byte.
    pub value_offset: usize,
}

/// One COMPREHENSION-TLV object, borrowed from the input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Ctlv<'a> {
    /// The tag, with CR and format.
    pub tag: CtlvTag,
    /// The value bytes.
    pub value: &'a [u8],
    /// Absolute offset of the first tag byte.
    pub offset: usize,
    /// Absolute offset of the first value byte.
    pub value_offset: usize,
}

/// A reader over one parent's bytes. It cannot read past its parent, and once it has failed
/// every further read returns the same error (der `reader/slice.rs`).
#[derive(Clone, Debug)]
pub struct TlvReader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    failed: Option<DecodeError>,
}

impl<'a> TlvReader<'a> {
    /// A reader over `buf`, which starts at absolute offset 0.
    pub const fn new(buf: &'a [u8]) -> Self {
        Self::at(buf, 0)
    }

    /// A reader over `buf`, which starts at absolute offset `base` of the outermost input.
    pub const fn at(buf: &'a [u8], base: usize) -> Self {
        Self {
            buf,
            pos: 0,
            base,
            failed: None,
        }
    }

    /// Whether every byte has been read.
    pub const fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Absolute offset of the next byte.
    pub const fn position(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    /// Fail with `TrailingData` naming `structure` unless every byte has been read.
    pub fn finish(&self, structure: &'static str) -> DecodeResult<()> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::new(
                ErrorKind::TrailingData,
                structure,
                self.position(),
            ))
        }
    }

    fn fail<T>(&mut self, e: DecodeError) -> DecodeResult<T> {
        self.failed = Some(e);
        self.pos = self.buf.len();
        Err(e)
    }

    fn byte(&mut self, structure: &'static str) -> DecodeResult<u8> {
        match self.buf.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => {
                let e = DecodeError::new(ErrorKind::Truncated, structure, self.position());
                self.fail(e)
            }
        }
    }

    /// Read a length (TS 101 220 7.1.2), enforcing the minimal form.
    fn length(&mut self) -> DecodeResult<usize> {
        let at = self.position();
        let first = self.byte(LENGTH)?;
        let (n, min) = match first {
            0x00..=0x7F => return Ok(usize::from(first)),
            0x81 => (1, 0x80),
            0x82 => (2, 0x100),
            0x83 => (3, 0x1_0000),
            _ => return self.fail(DecodeError::new(ErrorKind::InvalidValue, LENGTH, at)),
        };
        let mut len = 0usize;
        for _ in 0..n {
            len = (len << 8) | usize::from(self.byte(LENGTH)?);
        }
        if len < min {
            return self.fail(DecodeError::new(ErrorKind::NonMinimalLength, LENGTH, at));
        }
        Ok(len)
    }

    /// Take `len` value bytes; `LengthPastParent` (at the length field) if they are not there.
    fn value(
        &mut self,
        len: usize,
        length_at: usize,
        structure: &'static str,
    ) -> DecodeResult<&'a [u8]> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        match rest.split_at_checked(len) {
            Some((value, _)) => {
                self.pos += len;
                Ok(value)
            }
            None => self.fail(DecodeError::new(
                ErrorKind::LengthPastParent,
                structure,
                length_at,
            )),
        }
    }

    /// Read one BER-TLV object; `structure` names it in errors.
    pub fn read_ber(&mut self, structure: &'static str) -> DecodeResult<BerTlv<'a>> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let offset = self.position();
        let tag = self.byte(structure)?;
        if tag == 0x00 || tag == 0xFF || tag & 0x1F == 0x1F {
            return self.fail(DecodeError::new(
                ErrorKind::InvalidValue,
                "BER-TLV tag",
                offset,
            ));
        }
        let length_at = self.position();
        let len = self.length()?;
        let value_offset = self.position();
        let value = self.value(len, length_at, structure)?;
        Ok(BerTlv {
            tag,
            value,
            offset,
            value_offset,
        })
    }

    /// Read one COMPREHENSION-TLV object; `structure` names it in errors.
    pub fn read_ctlv(&mut self, structure: &'static str) -> DecodeResult<Ctlv<'a>> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let offset = self.position();
        let first = self.byte(structure)?;
        let tag = match first {
            0x00 | 0x80 | 0xFF => {
                return self.fail(DecodeError::new(
                    ErrorKind::InvalidValue,
                    "COMPREHENSION-TLV tag",
                    offset,
                ));
            }
            0x7F => {
                let hi = self.byte(structure)?;
                let lo = self.byte(structure)?;
                let raw = u16::from_be_bytes([hi, lo]);
                let value = raw & 0x7FFF;
                if value == 0 {
                    return self.fail(DecodeError::new(
                        ErrorKind::InvalidValue,
                        "COMPREHENSION-TLV tag",
                        offset,
                    ));
                }
                CtlvTag {
                    value,
                    cr: raw & 0x8000 != 0,
                    three_byte: true,
                }
            }
            _ => CtlvTag {
                value: u16::from(first & 0x7F),
                cr: first & 0x80 != 0,
                three_byte: false,
            },
        };
        let length_at = self.position();
        let len = self.length()?;
        let value_offset = self.position();
        let value = self.value(len, length_at, structure)?;
        Ok(Ctlv {
            tag,
            value,
            offset,
            value_offset,
        })
    }
}

/// Decode exactly one BER-TLV object filling `input` (no trailing bytes).
pub fn decode_ber_tlv<'a>(input: &'a [u8], structure: &'static str) -> DecodeResult<BerTlv<'a>> {
    let mut r = TlvReader::new(input);
    let tlv = r.read_ber(structure)?;
    r.finish(structure)?;
    Ok(tlv)
}

/// Decode a sequence of COMPREHENSION-TLV objects filling `input`, which starts at absolute offset
/// `base`; at most `max` objects, else `TooLong` naming `structure`.
pub fn decode_ctlvs<'a>(
    input: &'a [u8],
    base: usize,
    max: usize,
    structure: &'static str,
) -> DecodeResult<Vec<Ctlv<'a>>> {
    let mut r = TlvReader::at(input, base);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= max {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                structure,
                r.position(),
            ));
        }
        out.push(r.read_ctlv(structure)?);
    }
    Ok(out)
}

/// Why an encoder refused a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A value is longer than its length field or its cap allows.
    TooLong,
    /// A value the wire format cannot carry (e.g. a tag value out of range, a BCD digit above 9).
    InvalidValue,
}

/// An encoder error, naming the structure that could not be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct EncodeError {
    /// What went wrong.
    pub kind: EncodeErrorKind,
    /// The structure being encoded.
    pub structure: &'static str,
}

impl EncodeError {
    /// A new error.
    pub const fn new(kind: EncodeErrorKind, structure: &'static str) -> Self {
        Self { kind, structure }
    }
}

impl core::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let what = match self.kind {
            EncodeErrorKind::TooLong => "too long to encode",
            EncodeErrorKind::InvalidValue => "value cannot be encoded",
        };
        write!(f, "{}: {}", self.structure, what)
    }
}

impl std::error::Error for EncodeError {}

/// Append the minimal length encoding of `len` (TS 101 220 7.1.2).
pub fn write_length(
    out: &mut Vec<u8>,
    len: usize,
    structure: &'static str,
) -> Result<(), EncodeError> {
    let b = (len as u32).to_be_bytes();
    match len {
        0..=0x7F => out.push(b[3]),
        0x80..=0xFF => out.extend_from_slice(&[0x81, b[3]]),
        0x100..=0xFFFF => out.extend_from_slice(&[0x82, b[2], b[3]]),
        0x1_0000..=MAX_LENGTH => out.extend_from_slice(&[0x83, b[1], b[2], b[3]]),
        _ => return Err(EncodeError::new(EncodeErrorKind::TooLong, structure)),
    }
    Ok(())
}

/// Writes TLV objects; every length is written after its body.
#[derive(Clone, Debug, Default)]
pub struct TlvWriter {
    buf: Vec<u8>,
}

impl TlvWriter {
    /// An empty writer.
    pub const fn new() -> Self {
        Self { buf: Vec::new() }
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Append raw bytes (for untagged fields such as APDU headers).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Write `tag`, then the body `f` writes, then insert the body's length before it.
    fn nested(
        &mut self,
        tag_bytes: &[u8],
        structure: &'static str,
        f: impl FnOnce(&mut Self) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        self.buf.extend_from_slice(tag_bytes);
        let start = self.buf.len();
        f(self)?;
        let body_len = self.buf.len().saturating_sub(start);
        let mut len = Vec::with_capacity(4);
        write_length(&mut len, body_len, structure)?;
        self.buf.splice(start..start, len);
        Ok(())
    }

    /// A BER-TLV object whose body `f` writes.
    pub fn ber(
        &mut self,
        tag: u8,
        structure: &'static str,
        f: impl FnOnce(&mut Self) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        if tag == 0x00 || tag == 0xFF || tag & 0x1F == 0x1F {
            return Err(EncodeError::new(EncodeErrorKind::InvalidValue, structure));
        }
        self.nested(&[tag], structure, f)
    }

    /// A COMPREHENSION-TLV object whose body `f` writes.
    pub fn ctlv_with(
        &mut self,
        tag: CtlvTag,
        structure: &'static str,
        f: impl FnOnce(&mut Self) -> Result<(), EncodeError>,
    ) -> Result<(), EncodeError> {
        if !tag.is_valid() {
            return Err(EncodeError::new(EncodeErrorKind::InvalidValue, structure));
        }
        let mut t = Vec::with_capacity(3);
        tag.write(&mut t);
        self.nested(&t, structure, f)
    }

    /// A COMPREHENSION-TLV object with the given value.
    pub fn ctlv(
        &mut self,
        tag: CtlvTag,
        value: &[u8],
        structure: &'static str,
    ) -> Result<(), EncodeError> {
        self.ctlv_with(tag, structure, |w| {
            w.raw(value);
            Ok(())
        })
    }
}

/// A BER-TLV object as a value of its own (the `ber-tlv` CLI kind): tag and value bytes.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct BerTlvObject {
    /// The single-byte tag (TS 101 220 7.2: `D0` proactive command, `D1`-`DE` envelopes).
    pub tag: u8,
    /// The value, as hex in JSON.
    pub value: crate::cat::Bytes,
}

impl BerTlvObject {
    /// Decode exactly one BER-TLV object.
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        let t = decode_ber_tlv(input, "BER-TLV")?;
        Ok(Self {
            tag: t.tag,
            value: crate::cat::Bytes(t.value.to_vec()),
        })
    }

    /// Encode it.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut w = TlvWriter::new();
        w.ber(self.tag, "BER-TLV", |w| {
            w.raw(&self.value.0);
            Ok(())
        })?;
        Ok(w.into_bytes())
    }
}

/// A COMPREHENSION-TLV object as a value of its own, tag format and CR kept.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CtlvObject {
    /// The tag.
    pub tag: CtlvTag,
    /// The value, as hex in JSON.
    pub value: crate::cat::Bytes,
}

impl CtlvObject {
    /// Decode a sequence of COMPREHENSION-TLV objects filling `input` (the `ctlv` CLI kind), at
    /// most [`crate::cat::MAX_OBJECTS`].
    pub fn decode_all(input: &[u8]) -> DecodeResult<Vec<Self>> {
        Ok(
            decode_ctlvs(input, 0, crate::cat::MAX_OBJECTS, "COMPREHENSION-TLV")?
                .into_iter()
                .map(Self::from)
                .collect(),
        )
    }

    /// Encode a sequence of objects.
    pub fn encode_all(objects: &[Self]) -> Result<Vec<u8>, EncodeError> {
        let mut w = TlvWriter::new();
        for o in objects {
            w.ctlv(o.tag, &o.value.0, "COMPREHENSION-TLV")?;
        }
        Ok(w.into_bytes())
    }
}

impl From<Ctlv<'_>> for CtlvObject {
    fn from(c: Ctlv<'_>) -> Self {
        Self {
            tag: c.tag,
            value: crate::cat::Bytes(c.value.to_vec()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn writes_minimal_lengths() {
        for (len, want) in [
            (0usize, &[0x00u8][..]),
            (0x7F, &[0x7F]),
            (0x80, &[0x81, 0x80]),
            (0xFF, &[0x81, 0xFF]),
            (0x100, &[0x82, 0x01, 0x00]),
            (0x1_0000, &[0x83, 0x01, 0x00, 0x00]),
        ] {
            let mut out = Vec::new();
            write_length(&mut out, len, "t").unwrap();
            assert_eq!(out, want, "length {len:#x}");
        }
    }
}
