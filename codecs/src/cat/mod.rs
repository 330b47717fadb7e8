//! Typed Card Application Toolkit messages (ETSI TS 102 223): proactive commands, TERMINAL
//! RESPONSE, ENVELOPEs and the TERMINAL PROFILE.
//!
//! Every message keeps what it does not understand: wire values are open newtypes, objects this
//! codec does not type are kept raw (CR clear) and a CR-set unknown object is reported as
//! [`crate::ErrorKind::UnknownComprehensionRequired`] (TS 102 223 clause 6.10). Each object keeps
//! its CR bit (`cr`, `true` when omitted from JSON), so `encode(decode(b)) == b` for every
//! canonical input (one-byte tags where the value allows, minimal lengths).
//!
//! [`general_result_for`] maps a decoding error to the general result a terminal must answer.

use core::fmt;

mod values;
pub(crate) use values::wire_value;
pub mod envelope;
pub mod fuzzing;
pub mod objects;
pub mod proactive;
pub mod profile;
pub mod response;

pub use envelope::Envelope;
pub use objects::CatObject;
pub use proactive::ProactiveCommand;
pub use profile::TerminalProfile;
pub use response::TerminalResponse;
pub use values::*;

use crate::error::{DecodeError, ErrorKind};

/// Cap on the size of one CAT message (proactive command, TERMINAL RESPONSE, ENVELOPE).
/// A CAT message travels in one short APDU (at most 255 data bytes, TS 102 221 clause 10.1.4), so
/// 255 bytes suffice on the ISO interface; 4 KiB leaves room for transports without that limit
/// (TS 102 223 over the USB / TCP interfaces) while bounding what an attacker can make us allocate.
pub const MAX_MESSAGE_LEN: usize = 4096;

/// Cap on the number of COMPREHENSION-TLV objects in one message. No command in TS 102 223 defines
/// more than about twenty; 256 leaves room for repeated objects (items, registry application data)
/// and bounds the object list an attacker can make us build.
pub const MAX_OBJECTS: usize = 256;

/// Bytes that print and serialise as hex (a lab reads and writes hex, not arrays of numbers).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    /// Copy a slice.
    pub fn from_slice(b: &[u8]) -> Self {
        Self(b.to_vec())
    }

    /// Upper-case hex, no separators.
    pub fn to_hex(&self) -> String {
        crate::hex::encode_upper(&self.0)
    }

    /// Parse hex (white space allowed between digits); the error gives the byte offset.
    pub fn from_hex(s: &str) -> Result<Self, crate::hex::HexError> {
        crate::hex::decode_spaced(s).map(Self)
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "h\"{}\"", self.to_hex())
    }
}

impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        Self::from_hex(&s).map_err(serde::de::Error::custom)
    }
}

/// The general result a terminal must answer when a proactive command fails to decode
/// (TS 102 223 clause 6.10): a missing minimum set of objects is `36` "error, required values are
/// missing" (6.10.3 / 6.10.6); anything else wrong with the command data, including an unknown
/// object with CR set, is `32` "command data not understood by terminal" (6.10.1, 6.10.4).
/// An unknown command type (`31`) is a support question, not a decoding error: the generic form
/// keeps any command type, and the caller decides what it supports.
pub fn general_result_for(err: &DecodeError) -> GeneralResult {
    match err.kind {
        ErrorKind::MissingMandatory => GeneralResult::REQUIRED_VALUES_MISSING,
        _ => GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD,
    }
}

pub(crate) fn default_true() -> bool {
    true
}

pub(crate) fn is_true(b: &bool) -> bool {
    *b
}
