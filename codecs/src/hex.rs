//! Hexadecimal text <-> bytes: the one implementation the workspace uses (hex fields in the codecs'
//! JSON, the CLI's `decode` input and `encode` output, wire forms in traces, test fixtures).
//!
//! Encoding writes two digits per byte, lower case ([`encode_lower`], the JSON and trace form) or
//! upper case ([`encode_upper`], the form a lab types and ETSI specs print; [`encode_upper_spaced`]
//! with a space between bytes). Decoding reads digits of either case; [`decode`] takes digits only,
//! [`decode_spaced`] also skips ASCII white space anywhere, so fields can be written apart
//! (`"81 03 01 40 01"`). An error names what is wrong and the byte offset in the text
//! ([`HexError`]), like every decoder error in this crate.
//!
//! Nothing here is sized by anything but the input: the output of [`decode`] is at most half as
//! long as the text it reads.

use core::fmt;

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Why hex text does not decode. Offsets count bytes from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HexError {
    /// A character that is no hex digit (and, for [`decode_spaced`], no white space).
    InvalidDigit {
        /// The character found.
        found: char,
        /// Its byte offset in the text.
        offset: usize,
    },
    /// An odd number of digits: the last one has no partner.
    OddLength {
        /// How many digits there are.
        digits: usize,
        /// Byte offset of the unpaired last digit.
        offset: usize,
    },
}

impl HexError {
    /// The byte offset in the text the error points at.
    pub fn offset(&self) -> usize {
        match *self {
            HexError::InvalidDigit { offset, .. } | HexError::OddLength { offset, .. } => offset,
        }
    }
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HexError::InvalidDigit { found, offset } => {
                write!(f, "hex: {found:?} is not a hex digit, at byte {offset}")
            }
            HexError::OddLength { digits, offset } => write!(
                f,
                "hex: odd number of digits ({digits}); the last one, at byte {offset}, has no pair"
            ),
        }
    }
}

impl std::error::Error for HexError {}

/// Lower-case hex of `bytes`, no separators (`[0x0b, 0x84]` -> `"0b84"`).
pub fn encode_lower(bytes: &[u8]) -> String {
    encode_with(bytes, LOWER, None)
}

/// Upper-case hex of `bytes`, no separators (`[0x0b, 0x84]` -> `"0B84"`).
pub fn encode_upper(bytes: &[u8]) -> String {
    encode_with(bytes, UPPER, None)
}

/// Upper-case hex of `bytes` with one space between bytes (`[0x0b, 0x84]` -> `"0B 84"`).
pub fn encode_upper_spaced(bytes: &[u8]) -> String {
    encode_with(bytes, UPPER, Some(' '))
}

fn encode_with(bytes: &[u8], digits: &[u8; 16], separator: Option<char>) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(3));
    for (i, b) in bytes.iter().enumerate() {
        if let Some(sep) = separator.filter(|_| i > 0) {
            s.push(sep);
        }
        s.push(char::from(digits[usize::from(b >> 4)]));
        s.push(char::from(digits[usize::from(b & 0x0f)]));
    }
    s
}

/// The value of one hex digit of either case, or `None`.
pub fn digit_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Bytes from hex digits of either case, nothing else allowed (`"0b84"` -> `[0x0b, 0x84]`).
pub fn decode(text: &str) -> Result<Vec<u8>, HexError> {
    decode_with(text, false)
}

/// Bytes from hex digits of either case, skipping ASCII white space anywhere (`"0B 84"`).
pub fn decode_spaced(text: &str) -> Result<Vec<u8>, HexError> {
    decode_with(text, true)
}

fn decode_with(text: &str, skip_space: bool) -> Result<Vec<u8>, HexError> {
    let mut out = Vec::with_capacity(text.len() / 2);
    // The high nibble waiting for its partner, and where it was.
    let mut high: Option<(u8, usize)> = None;
    let mut digits = 0usize;
    for (offset, c) in text.char_indices() {
        if skip_space && c.is_ascii_whitespace() {
            continue;
        }
        let v = u8::try_from(c)
            .ok()
            .and_then(digit_value)
            .ok_or(HexError::InvalidDigit { found: c, offset })?;
        digits += 1;
        high = match high {
            None => Some((v, offset)),
            Some((h, _)) => {
                out.push((h << 4) | v);
                None
            }
        };
    }
    match high {
        Some((_, offset)) => Err(HexError::OddLength { digits, offset }),
        None => Ok(out),
    }
}

/// `#[serde(with = "pushwake_codecs::hex::serde_lower")]` for `Vec<u8>` fields: lower-case hex in
/// JSON; reading takes either case and white space between digits.
pub mod serde_lower {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the bytes as lower-case hex.
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode_lower(v))
    }

    /// Reads hex text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        super::decode_spaced(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_both_cases_and_spaced() {
        let b = [0x00, 0x0b, 0x84, 0xff];
        assert_eq!(encode_lower(&b), "000b84ff");
        assert_eq!(encode_upper(&b), "000B84FF");
        assert_eq!(encode_upper_spaced(&b), "00 0B 84 FF");
        assert_eq!(encode_lower(&[]), "");
        assert_eq!(encode_upper_spaced(&[]), "");
        assert_eq!(encode_upper_spaced(&[0xa5]), "A5");
    }

    #[test]
    fn decodes_either_case() {
        assert_eq!(decode("0b84FFaA").unwrap(), vec![0x0b, 0x84, 0xff, 0xaa]);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn decode_spaced_skips_white_space_anywhere() {
        assert_eq!(
            decode_spaced(" 81 03\n01\t4 0 ").unwrap(),
            vec![0x81, 0x03, 0x01, 0x40]
        );
        assert_eq!(decode_spaced("  ").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_a_space_in_strict_decode_with_its_offset() {
        assert_eq!(
            decode("81 03"),
            Err(HexError::InvalidDigit {
                found: ' ',
                offset: 2
            })
        );
    }

    #[test]
    fn rejects_a_non_digit_with_its_byte_offset() {
        assert_eq!(
            decode("0g"),
            Err(HexError::InvalidDigit {
                found: 'g',
                offset: 1
            })
        );
        // Offsets count bytes of the text, also after spaces and multi-byte characters.
        assert_eq!(
            decode_spaced("00 é1"),
            Err(HexError::InvalidDigit {
                found: 'é',
                offset: 3
            })
        );
        assert_eq!(
            decode_spaced("00 11 2x").unwrap_err().to_string(),
            "hex: 'x' is not a hex digit, at byte 7"
        );
    }

    #[test]
    fn rejects_an_odd_number_of_digits_pointing_at_the_last() {
        assert_eq!(
            decode("abc"),
            Err(HexError::OddLength {
                digits: 3,
                offset: 2
            })
        );
        let e = decode_spaced("ab c ").unwrap_err();
        assert_eq!(
            e,
            HexError::OddLength {
                digits: 3,
                offset: 3
            }
        );
        assert_eq!(e.offset(), 3);
        assert_eq!(
            e.to_string(),
            "hex: odd number of digits (3); the last one, at byte 3, has no pair"
        );
    }

    #[test]
    fn digit_values() {
        assert_eq!(digit_value(b'0'), Some(0));
        assert_eq!(digit_value(b'f'), Some(15));
        assert_eq!(digit_value(b'F'), Some(15));
        assert_eq!(digit_value(b'g'), None);
        assert_eq!(digit_value(b'/'), None);
    }

    #[test]
    fn serde_lower_round_trips_and_reads_spaced_upper_case() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T(#[serde(with = "serde_lower")] Vec<u8>);
        assert_eq!(
            serde_json::to_string(&T(vec![0xab, 0x01])).unwrap(),
            "\"ab01\""
        );
        assert_eq!(
            serde_json::from_str::<T>("\"AB 01\"").unwrap(),
            T(vec![0xab, 0x01])
        );
        let e = serde_json::from_str::<T>("\"abz\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("'z' is not a hex digit, at byte 2"), "{e}");
    }

    proptest! {
        #[test]
        fn decode_inverts_every_encoding(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(decode(&encode_lower(&bytes)).unwrap(), bytes.clone());
            prop_assert_eq!(decode(&encode_upper(&bytes)).unwrap(), bytes.clone());
            prop_assert_eq!(decode_spaced(&encode_upper_spaced(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn decode_never_panics_and_errors_point_into_the_text(text in ".{0,40}") {
            if let Err(e) = decode_spaced(&text) {
                prop_assert!(e.offset() < text.len());
            }
        }
    }
}
