//! Every fuzz seed, run by the stable `cargo test` through the oracle its fuzz target calls
//! (`pushwake_codecs::fuzzing::TARGETS`), and the check that the targets of `fuzz/Cargo.toml`,
//! that table and the seed folders under `fuzz/seeds/` are the same set.

#![allow(clippy::unwrap_used)] // In tests a panic is a test failure.

use pushwake_codecs::fuzzing::{TARGETS, target};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of `dir`, sorted (a README is documentation, not input).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    v.sort();
    v
}

/// Runs every file through `oracle`; returns the files whose run panicked.
fn failing(files: &[PathBuf], oracle: fn(&[u8])) -> Vec<String> {
    files
        .iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap();
            std::panic::catch_unwind(|| oracle(&bytes)).is_err()
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// The `name` of every `[[bin]]` table of `fuzz/Cargo.toml`.
fn cargo_toml_targets() -> BTreeSet<String> {
    let text = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let mut in_bin = false;
    let mut names = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin && let Some(v) = line.strip_prefix("name") {
            let v = v
                .trim_start()
                .trim_start_matches('=')
                .trim()
                .trim_matches('"');
            names.insert(v.to_owned());
        }
    }
    names
}

#[test]
fn fuzz_targets_oracle_table_and_seed_folders_agree() {
    let table: BTreeSet<String> = TARGETS.iter().map(|t| t.name.to_owned()).collect();
    let seeds: BTreeSet<String> = std::fs::read_dir(fuzz_dir().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        cargo_toml_targets(),
        table,
        "fuzz/Cargo.toml vs fuzzing::TARGETS"
    );
    assert_eq!(seeds, table, "fuzz/seeds/ folders vs fuzzing::TARGETS");
}

#[test]
fn fuzz_targets_call_the_oracle_of_their_name() {
    for t in TARGETS {
        let path = fuzz_dir().join(format!("fuzz_targets/{}.rs", t.name));
        let src = std::fs::read_to_string(&path).unwrap();
        let body: Vec<&str> = src
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
            .collect();
        assert_eq!(
            body.len(),
            2,
            "{}: #![no_main] and one fuzz_target!",
            path.display()
        );
        let call = format!("{}(data)", t.call);
        assert!(
            body[1].contains(&call),
            "{} does not call {call}",
            path.display()
        );
    }
}

/// Seeds per target: a file deleted or added by mistake shows up here.
#[test]
fn every_seed_passes_its_targets_oracle() {
    let expected = [
        ("apdu", 5),
        ("ber_tlv", 18),
        ("ctlv", 2),
        ("envelope", 11),
        ("multipart", 4),
        ("pap", 30),
        ("pkg0", 12),
        ("proactive", 17),
        ("sms", 20),
        ("terminal_response", 6),
    ];
    let mut counts = Vec::new();
    let mut failures = Vec::new();
    for (name, _) in expected {
        let t = target(name).unwrap();
        let files = inputs(&fuzz_dir().join("seeds").join(name));
        counts.push((name, files.len()));
        failures.extend(failing(&files, t.oracle));
    }
    assert_eq!(failures, Vec::<String>::new());
    assert_eq!(counts, expected);
}
