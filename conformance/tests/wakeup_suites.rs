//! The committed wake-up suites against the reference UICC and terminal (every vector passes, as
//! the main job requires: where the reference takes another legal branch than a vector planned,
//! the runner re-plans to a target of the same kind) and against their wake-up mutants (each
//! mutant the suites can show is killed; the survivors are listed with the reason in
//! `SURVIVORS`).

mod common;

use common::verdicts;
use pushwake_conformance::protocol::Protocol;
use pushwake_conformance::vector::Suite;
use pushwake_conformance::wakeup::Wakeup;
use pushwake_reports::Verdict;

/// Mutants the committed suites do not kill, and why.
const SURVIVORS: &[(&str, &str)] = &[];

fn committed(role: &str) -> Vec<Suite> {
    common::committed("wakeup", role)
}

fn check_role(role: &str) {
    let suites = committed(role);
    assert!(!suites.is_empty());
    let reference = verdicts(&suites, &format!("reference:{role}"));
    let bad: Vec<_> = reference
        .iter()
        .filter(|(_, v)| *v != Verdict::Pass)
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
