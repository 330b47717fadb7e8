//! What the suite tests share: the committed suites of a (model, role), and the verdicts of a
//! run against an IUT spec.

use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::suites;
use pushwake_conformance::vector::Suite;
use pushwake_reports::{RunEvent, Verdict};
use std::path::PathBuf;

/// The committed suites (`conformance/vectors/`) of the default suites of `model` for `role`.
pub fn committed(model: &str, role: &str) -> Vec<Suite> {
    suites::default_suites()
        .iter()
        .filter(|s| s.0 == model && s.1 == role)
        .map(|(m, r, c)| {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(suites::committed_path(m, r, c));
            Suite::from_json(&std::fs::read_to_string(path).expect("committed suite"))
                .expect("parses")
        })
        .collect()
}

/// Verdicts of every vector of `suites` against `iut`.
pub fn verdicts(suites: &[Suite], iut: &str) -> Vec<(String, Verdict)> {
    let mut out = Vec::new();
    for suite in suites {
        suites::run(
            suite,
            iut,
            &RunOptions::default(),
            "2026-01-01T00:00:00Z".into(),
            &mut |e| {
                if let RunEvent::VectorFinished(r) = e {
                    out.push((r.id.clone(), r.verdict));
                }
            },
        )
        .expect("runs");
    }
    out
}
