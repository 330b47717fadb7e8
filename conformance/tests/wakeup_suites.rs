//! The committed wake-up suites against the reference UICC and terminal (every vector passes or
//! is inconclusive where the reference took a legal branch no plan follows; none fails or
//! errs) and against their wake-up mutants (each mutant the suites can show is killed; the
//! survivors are listed with the reason in `SURVIVORS`).

use pushwake_conformance::protocol::Protocol;
use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::suites;
use pushwake_conformance::vector::Suite;
use pushwake_conformance::wakeup::Wakeup;
use pushwake_reports::{RunEvent, Verdict};
use std::path::PathBuf;

/// Mutants the committed suites do not kill, and why.
const SURVIVORS: &[(&str, &str)] = &[];

fn committed(role: &str) -> Vec<Suite> {
    suites::default_suites()
        .iter()
        .filter(|s| s.0 == "wakeup" && s.1 == role)
        .map(|(m, r, c)| {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(suites::committed_path(m, r, c));
            Suite::from_json(&std::fs::read_to_string(path).expect("committed suite"))
                .expect("parses")
        })
        .collect()
}

fn verdicts(suites: &[Suite], iut: &str) -> Vec<(String, Verdict)> {
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

fn check_role(role: &str) {
    let suites = committed(role);
    assert!(!suites.is_empty());
    let reference = verdicts(&suites, &format!("reference:{role}"));
    let bad: Vec<_> = reference
        .iter()
        .filter(|(_, v)| matches!(v, Verdict::Fail | Verdict::Error))
        .collect();
    assert!(bad.is_empty(), "reference:{role}: {bad:?}");
    let mut survived = Vec::new();
    for m in Wakeup.mutants(role) {
        let v = verdicts(&suites, &format!("reference:{role}?mutant={}", m.name));
        if !v.iter().any(|(_, v)| *v == Verdict::Fail) {
            survived.push(m.name);
        }
    }
    let expected: Vec<&str> = SURVIVORS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| Wakeup.mutants(role).iter().any(|m| m.name == *n))
        .collect();
    assert_eq!(survived, expected, "{role}: surviving mutants changed");
}

#[test]
fn uicc_suites_pass_the_reference_and_kill_its_mutants() {
    check_role("uicc");
}

#[test]
fn terminal_suites_pass_the_reference_and_kill_its_mutants() {
    check_role("terminal");
}
