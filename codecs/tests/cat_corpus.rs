//! The CAT corpus: real proactive commands, ENVELOPEs and TERMINAL RESPONSEs from public test
//! suites (`tests/files/cat/*.txt`, one message a line, `KIND HEX # source`) must all decode.
//!
//! A larger corpus that is not committed (for instance one extracted locally from another
//! project's tests) can be checked the same way: put its `*.txt` files in a directory and set
//! `PUSHWAKE_CAT_CORPUS_DIR` to it. The test prints how many messages it decoded.

#![allow(clippy::unwrap_used)] // In tests a panic is a test failure.

use pushwake_codecs::cat::{Envelope, ProactiveCommand, TerminalResponse};
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Decodes every line of `file`; returns (decoded, rejections with their reason).
fn decode_file(file: &Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut ok = 0;
    let mut rejected = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let data = line.split_once('#').map_or(line, |(d, _)| d);
        let mut parts = data.split_whitespace();
        let kind = parts.next().unwrap();
        let hex: String = parts.collect();
        let bytes = pushwake_codecs::hex::decode_spaced(&hex)
            .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
        let res = match kind {
            "proactive" => ProactiveCommand::decode(&bytes).map(|_| ()),
            "envelope" => Envelope::decode(&bytes).map(|_| ()),
            "terminal-response" => TerminalResponse::decode(&bytes).map(|_| ()),
            k => panic!("{}:{}: unknown kind {k}", file.display(), n + 1),
        };
        match res {
            Ok(()) => ok += 1,
            Err(e) => rejected.push(format!("{}:{}: {line}: {e}", file.display(), n + 1)),
        }
    }
    (ok, rejected)
}

fn check(dir: &Path, min: usize) {
    let (mut ok, mut rejected) = (0, Vec::new());
    for f in files(dir) {
        let (o, r) = decode_file(&f);
        ok += o;
        rejected.extend(r);
    }
    eprintln!(
        "CAT corpus {}: {} messages, {} rejected",
        dir.display(),
        ok + rejected.len(),
        rejected.len()
    );
    assert!(
        rejected.is_empty(),
        "{} of {} corpus messages rejected:\n{}",
        rejected.len(),
        ok + rejected.len(),
        rejected.join("\n")
    );
    assert!(ok >= min, "only {ok} messages in {}", dir.display());
}

#[test]
fn decodes_every_message_of_the_cat_corpus() {
    check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/files/cat"),
        80,
    );
}

#[test]
fn decodes_every_message_of_an_external_cat_corpus_when_given() {
    match std::env::var_os("PUSHWAKE_CAT_CORPUS_DIR") {
        Some(d) => check(Path::new(&d), 1),
        None => eprintln!("PUSHWAKE_CAT_CORPUS_DIR not set: no external CAT corpus checked"),
    }
}
