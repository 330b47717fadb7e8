//! Fuzz oracles over the seed corpora, and every crash the fuzzers found, as named tests.

use pushwake_codecs::cat::fuzzing;
use std::path::Path;

fn run_seeds(target: &str, oracle: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        oracle(&bytes);
        n += 1;
    }
    n
}

#[test]
fn seed_corpora_pass_their_oracles() {
    assert_eq!(run_seeds("proactive", fuzzing::proactive), 11);
    assert_eq!(run_seeds("envelope", fuzzing::envelope), 7);
    assert_eq!(
        run_seeds("terminal_response", fuzzing::terminal_response),
        5
    );
    assert_eq!(run_seeds("apdu", fuzzing::apdu), 5);
    assert_eq!(run_seeds("ctlv", fuzzing::ctlv), 2);
    assert_eq!(run_seeds("ber_tlv", fuzzing::ber_tlv), 18);
}
