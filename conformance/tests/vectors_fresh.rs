//! The suites committed under `conformance/vectors/` are exactly what the generator makes today, so
//! a lab using them without building the models gets what `pushwake` would generate.
//!
//! When a model, binding or the generator changes on purpose, refresh them with
//! `PUSHWAKE_BLESS=1 cargo test -p pushwake-conformance --test vectors_fresh`
//! (or `cargo run --release -- generate --model M --role R --seed 1 --out conformance/vectors/M-R.json`).

use pushwake_conformance::suites::{self, DEFAULT_SEED};
use pushwake_conformance::vector::Suite;
use std::path::PathBuf;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn committed_suites_are_fresh() {
    let bless = std::env::var_os("PUSHWAKE_BLESS").is_some();
    let mut stale = Vec::new();
    for (model, role, config, suite) in suites::generate_defaults(DEFAULT_SEED).expect("generates")
    {
        let fresh = suite.to_canonical_json();
        let path = workspace_root().join(suites::committed_path(model, role, config));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if fresh != committed {
            if bless {
                std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
                std::fs::write(&path, &fresh).expect("write");
            } else {
                stale.push(format!(
                    "{} is stale: PUSHWAKE_BLESS=1 cargo test -p pushwake-conformance --test vectors_fresh",
                    path.display()
                ));
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn committed_suites_parse_and_name_their_model_and_role() {
    for (model, role, config) in suites::default_suites() {
        let path = workspace_root().join(suites::committed_path(model, role, config));
        let text = std::fs::read_to_string(&path).expect("committed suite exists");
        let suite = Suite::from_json(&text).expect("parses");
        assert_eq!((suite.model.as_str(), suite.role.as_str()), (model, role));
        assert!(!suite.vectors.is_empty());
        let mut ids: Vec<&str> = suite.vectors.iter().map(|v| v.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), suite.vectors.len(), "vector ids are unique");
    }
}
