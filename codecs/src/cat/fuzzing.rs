//! Fuzz oracles, called by the three-line targets in `fuzz/fuzz_targets/`. Each decodes the
//! input and, when it decodes, checks the round trip: the generic TLV forms keep every byte, so
//! their re-encoding must equal the input; the typed forms must be stable
//! (`decode(encode(y)) == y` and the re-encoding re-encodes to itself).
//!
//! A failed check panics: that is how a fuzzer reports it.
//!
//! Seeds: `fuzz/seeds/<target>/<name>.bin` are the known-answer vectors of `codecs/tests/cat.rs`
//! and `codecs/tests/apdu.rs` under the same names. Run e.g.
//! `cd fuzz && cargo +nightly fuzz run proactive corpus/proactive seeds/proactive` (libFuzzer
//! writes to the first directory only). `codecs/tests/fuzz_seeds.rs` runs every seed through these
//! oracles; a crash is kept under `fuzz/regressions/<target>/` and as a named test in
//! `codecs/tests/fuzz_regressions.rs` (see `fuzz/README.md`).

#![allow(clippy::panic)]

use super::{Envelope, ProactiveCommand, TerminalResponse};
use crate::apdu::CommandApdu;
use crate::tlv::{BerTlvObject, CtlvObject};

fn stable<T: PartialEq + core::fmt::Debug, E: core::fmt::Debug, D: core::fmt::Debug>(
    input: &[u8],
    decode: impl Fn(&[u8]) -> Result<T, D>,
    encode: impl Fn(&T) -> Result<Vec<u8>, E>,
    exact: bool,
) {
    let Ok(y) = decode(input) else { return };
    let b = match encode(&y) {
        Ok(b) => b,
        Err(e) => panic!("decoded value does not encode: {e:?} for {y:?}"),
    };
    if exact {
        assert_eq!(b, input, "re-encoding differs from the input");
    }
    match decode(&b) {
        Ok(z) => assert_eq!(z, y, "decode(encode(y)) != y"),
        Err(e) => panic!("our own encoding does not decode: {e:?}"),
    }
}

/// BER-TLV: every decoded object re-encodes to the input.
pub fn ber_tlv(input: &[u8]) {
    stable(input, BerTlvObject::decode, BerTlvObject::encode, true);
}

/// A sequence of COMPREHENSION-TLV objects: re-encodes to the input.
pub fn ctlv(input: &[u8]) {
    stable(
        input,
        CtlvObject::decode_all,
        |v| CtlvObject::encode_all(v),
        true,
    );
}

/// Proactive command: stable round trip.
pub fn proactive(input: &[u8]) {
    stable(
        input,
        ProactiveCommand::decode,
        ProactiveCommand::encode,
        false,
    );
}

/// ENVELOPE: stable round trip.
pub fn envelope(input: &[u8]) {
    stable(input, Envelope::decode, Envelope::encode, false);
}

/// TERMINAL RESPONSE: stable round trip.
pub fn terminal_response(input: &[u8]) {
    stable(
        input,
        TerminalResponse::decode,
        TerminalResponse::encode,
        false,
    );
}

/// Command APDU: short APDUs have one encoding, so the re-encoding equals the input.
pub fn apdu(input: &[u8]) {
    stable(input, CommandApdu::decode, CommandApdu::encode, true);
}
