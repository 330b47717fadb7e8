//! pushwake-codecs: bytes <-> typed messages for the protocols pushwake tests.
//!
//! What it is: strict, panic-free decoders and length-safe encoders for PAP 2.0 (XML over HTTP,
//! multipart/related), BER-TLV and COMPREHENSION-TLV (ETSI TS 101 220), typed Card Application
//! Toolkit messages (ETSI TS 102 223), the APDU layer (ETSI TS 102 221), the OMA DM Notification
//! General Package #0, and the SMS-SUBMIT / WDP / WSP push that carries it.
//!
//! What it is not: it does no I/O, keeps no protocol state and makes no protocol decisions; the
//! models and reference implementations above it do that.
//!
//! Every decoder error is a [`DecodeError`] naming the structure and the byte offset. Every length,
//! count and nesting depth taken from untrusted input is capped; the cap and its reason sit next to
//! the constant that holds it.
#![forbid(unsafe_code)]

pub mod error;
pub use error::{DecodeError, DecodeResult, ErrorKind};

pub mod pap;

pub mod apdu;
pub mod cat;
/// The fuzz targets and their oracles (feature `arbitrary`).
#[cfg(feature = "arbitrary")]
#[doc(hidden)]
pub mod fuzzing;
pub mod hex;
pub mod pkg0;
pub mod sms;
pub mod tlv;
