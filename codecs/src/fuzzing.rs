//! Every fuzz target, by the name of its `[[bin]]` in `fuzz/Cargo.toml`, with the oracle it calls.
//!
//! Each target in `fuzz/fuzz_targets/` is three lines calling exactly the function listed here for
//! its name. The stable tests `codecs/tests/fuzz_seeds.rs` and `codecs/tests/fuzz_regressions.rs`
//! run every file of `fuzz/seeds/<name>/` and `fuzz/regressions/<name>/` through the same
//! function, and check that this table, the seed folders and `fuzz/Cargo.toml` name the same
//! targets, so a new target cannot go untested by `cargo test`.
//!
//! An oracle panics, the fuzzer's crash signal, when a decoder panics or a round trip breaks.

use crate::{cat, pap, pkg0, sms};

/// A fuzz target: its name and its oracle.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The `[[bin]]` name in `fuzz/Cargo.toml`, and the folder name under `fuzz/seeds/`.
    pub name: &'static str,
    /// What the target calls with libFuzzer's input.
    pub oracle: fn(&[u8]),
    /// The oracle's path as the target's source spells it (`pushwake_codecs::...`).
    pub call: &'static str,
}

/// Declares the table once: each entry's function and the path its fuzz target calls come from
/// the same tokens.
macro_rules! targets {
    ($($name:literal => $oracle:path,)*) => {
        &[$(Target {
            name: $name,
            oracle: $oracle,
            call: concat!("pushwake_codecs::", stringify!($oracle)),
        },)*]
    };
}

/// Every fuzz target, sorted by name.
pub const TARGETS: &[Target] = targets! {
    "apdu" => cat::fuzzing::apdu,
    "ber_tlv" => cat::fuzzing::ber_tlv,
    "ctlv" => cat::fuzzing::ctlv,
    "envelope" => cat::fuzzing::envelope,
    "multipart" => pap::fuzzing::multipart,
    "pap" => pap::fuzzing::pap,
    "pkg0" => pkg0::fuzz_round_trip,
    "proactive" => cat::fuzzing::proactive,
    "sms" => sms::fuzz_round_trip,
    "terminal_response" => cat::fuzzing::terminal_response,
};

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
