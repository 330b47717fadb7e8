//! The one decoder error type shared by every codec in this crate.
//!
//! A certification lab reading a failed verdict needs to know *which structure* failed and *where*:
//! every error carries a static structure name (`"OPEN CHANNEL"`, `"push-message"`, `"BER-TLV length"`)
//! and the byte offset from the start of the outermost input (der's `Error { kind, position }`).

use core::fmt;

/// What went wrong, without the where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended inside the structure.
    Truncated,
    /// Bytes were left over after a structure that must fill its container.
    TrailingData,
    /// A length was not in its minimal encoding.
    NonMinimalLength,
    /// A length ran past the end of its parent.
    LengthPastParent,
    /// A length or count exceeds the documented cap for this structure.
    TooLong,
    /// A mandatory element was absent.
    MissingMandatory,
    /// A COMPREHENSION-TLV with the CR bit set that this decoder does not understand.
    UnknownComprehensionRequired,
    /// A value outside the range the spec allows.
    InvalidValue,
    /// A tag or element in a place the spec does not allow it.
    Unexpected,
    /// Nesting deeper than the documented cap.
    TooDeep,
    /// A document that is not well formed (XML) or a syntax error in a textual field.
    Syntax,
    /// A feature the spec forbids here (e.g. an external entity in XML).
    Forbidden,
    /// A digest or checksum did not verify.
    BadDigest,
}

/// A decoding error: what, in which structure, at which byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct DecodeError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The structure being decoded, as a reader of the spec would name it.
    pub structure: &'static str,
    /// Byte offset from the start of the outermost input.
    pub offset: usize,
}

impl DecodeError {
    /// A new error.
    pub const fn new(kind: ErrorKind, structure: &'static str, offset: usize) -> Self {
        Self {
            kind,
            structure,
            offset,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::Truncated => "truncated",
            ErrorKind::TrailingData => "trailing data",
            ErrorKind::NonMinimalLength => "non-minimal length",
            ErrorKind::LengthPastParent => "length runs past its parent",
            ErrorKind::TooLong => "exceeds the size cap",
            ErrorKind::MissingMandatory => "mandatory element missing",
            ErrorKind::UnknownComprehensionRequired => "unknown comprehension-required object",
            ErrorKind::InvalidValue => "invalid value",
            ErrorKind::Unexpected => "unexpected element",
            ErrorKind::TooDeep => "nested too deeply",
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Forbidden => "forbidden construct",
            ErrorKind::BadDigest => "digest mismatch",
        };
        write!(f, "{}: {} at byte {}", self.structure, what, self.offset)
    }
}

impl std::error::Error for DecodeError {}

/// Result alias for decoders.
pub type DecodeResult<T> = Result<T, DecodeError>;
