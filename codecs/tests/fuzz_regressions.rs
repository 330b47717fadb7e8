//! Every input a fuzzer crashed on, kept: each file of `fuzz/regressions/<target>/` runs through
//! its target's oracle (`pushwake_codecs::fuzzing::TARGETS`) and has a line in that folder's
//! README, and each finding has a named test below asserting the exact result.
//!
//! Findings so far: none (`fuzz/regressions/README.md` records the runs).

#![allow(clippy::unwrap_used)] // In tests a panic is a test failure.

use pushwake_codecs::fuzzing::target;
use std::path::{Path, PathBuf};

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions")
}

#[test]
fn every_kept_finding_passes_its_targets_oracle_and_is_described() {
    let mut failures = Vec::new();
    for dir in std::fs::read_dir(regressions_dir()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let t = target(&name)
            .unwrap_or_else(|| panic!("fuzz/regressions/{name}/: no fuzz target of that name"));
        let readme = std::fs::read_to_string(dir.join("README.md"))
            .unwrap_or_else(|e| panic!("fuzz/regressions/{name}/README.md: {e}"));
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let file_name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if file_name == "README.md" {
                continue;
            }
            assert!(
                readme.contains(&format!("`{file_name}`")),
                "fuzz/regressions/{name}/README.md has no line for `{file_name}`"
            );
            let bytes = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| (t.oracle)(&bytes)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}
