//! Round-trip properties over `Arbitrary` values (feature `arbitrary`, enabled for tests):
//!
//! 1. `encode(decode(b)) == b` for every `b` our encoder produces (our output is canonical).
//! 2. `decode(encode(y)) == y` for every decoded `y`.
//!
//! A generated value may be one the decoder rightly refuses (two events in one event download,
//! an IPv4 address of three bytes, a typed object left where the order makes it another field);
//! those are counted, and the test requires most cases to round-trip so it cannot pass vacuously.
//! Inputs come from a fixed xorshift stream: same cases every run.

use arbitrary::{Arbitrary, Unstructured};
use pushwake_codecs::apdu::CommandApdu;
use pushwake_codecs::cat::{Envelope, ProactiveCommand, TerminalProfile, TerminalResponse};
use pushwake_codecs::tlv::{BerTlvObject, CtlvObject};

const CASES: usize = 3000;

fn stream(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

fn check<T, E: core::fmt::Debug, D: core::fmt::Debug>(
    name: &str,
    encode: impl Fn(&T) -> Result<Vec<u8>, E>,
    decode: impl Fn(&[u8]) -> Result<T, D>,
    min_ok: usize,
) where
    T: for<'a> Arbitrary<'a> + PartialEq + core::fmt::Debug,
{
    let mut ok = 0;
    for seed in 0..CASES as u64 {
        let data = stream(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xA5A5, 512);
        let Ok(x) = T::arbitrary(&mut Unstructured::new(&data)) else {
            continue;
        };
        let Ok(b) = encode(&x) else { continue };
        let Ok(y) = decode(&b) else { continue };
        let b2 = encode(&y).expect("a decoded value encodes");
        assert_eq!(b2, b, "{name}: encode(decode(b)) != b for {x:?}");
        let z = decode(&b2).expect("re-decodes");
        assert_eq!(z, y, "{name}: decode(encode(y)) != y");
        if x == y {
            ok += 1;
        }
    }
    assert!(
        ok >= min_ok,
        "{name}: only {ok} of {CASES} values round-tripped unchanged"
    );
}

#[test]
fn round_trips_proactive_commands() {
    check(
        "proactive",
        ProactiveCommand::encode,
        ProactiveCommand::decode,
        CASES * 3 / 4,
    );
}

#[test]
fn round_trips_terminal_responses() {
    check(
        "terminal response",
        TerminalResponse::encode,
        TerminalResponse::decode,
        CASES * 3 / 4,
    );
}

#[test]
fn round_trips_envelopes() {
    check(
        "envelope",
        Envelope::encode,
        Envelope::decode,
        CASES * 3 / 4,
    );
}

#[test]
fn round_trips_terminal_profiles() {
    check(
        "terminal profile",
        |p: &TerminalProfile| Ok::<_, ()>(p.encode()),
        TerminalProfile::decode,
        CASES * 9 / 10,
    );
}

#[test]
fn round_trips_command_apdus() {
    check(
        "apdu",
        CommandApdu::encode,
        CommandApdu::decode,
        CASES * 9 / 10,
    );
}

#[test]
fn round_trips_ber_tlv_objects() {
    check(
        "ber-tlv",
        BerTlvObject::encode,
        BerTlvObject::decode,
        CASES * 3 / 4,
    );
}

#[test]
fn round_trips_ctlv_sequences() {
    check(
        "ctlv",
        |v: &Vec<CtlvObject>| CtlvObject::encode_all(v),
        CtlvObject::decode_all,
        CASES * 9 / 10,
    );
}
