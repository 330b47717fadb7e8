//! The committed suites against the built-in mutants: the reference implementations pass every
//! vector, every PPG mutant a single observation can show is killed (some vector fails), and the
//! push-client mutants the generator reaches are killed. (`pushwake selftest` does the same on freshly generated suites.)

mod common;

use common::verdicts;
use pushwake_conformance::ppg::Ppg;
use pushwake_conformance::protocol::Protocol;
use pushwake_conformance::vector::Suite;
use pushwake_reports::Verdict;

fn committed(role: &str) -> Vec<Suite> {
    common::committed("ppg", role)
}

fn killed(role: &str) -> Vec<&'static str> {
    let suites = committed(role);
    Ppg.mutants(role)
        .iter()
        .filter(|m| {
            verdicts(&suites, &format!("reference:{role}?mutant={}", m.name))
                .iter()
                .any(|(_, v)| *v == Verdict::Fail)
        })
        .map(|m| m.name)
        .collect()
}

#[test]
fn the_references_pass_every_committed_vector() {
    for role in ["ppg", "push-client"] {
        let v = verdicts(&committed(role), &format!("reference:{role}"));
        assert!(!v.is_empty());
        let bad: Vec<_> = v.iter().filter(|(_, v)| *v != Verdict::Pass).collect();
        assert!(bad.is_empty(), "reference:{role}: {bad:?}");
    }
}

#[test]
fn every_ppg_mutant_is_killed() {
    let all: Vec<&str> = Ppg.mutants("ppg").iter().map(|m| m.name).collect();
    assert!(all.len() >= 8);
    // never-notifies (PAP-LIVE-RN) owes an output that is never urgent: it is killed only by the
    // runner's verdict on quiescence beyond every deadline.
    assert_eq!(killed("ppg"), all);
}

#[test]
fn the_observable_push_client_mutants_are_killed() {
    // acks-unregistered-app is killed by the `applications` suite (a confirmed push for an
    // application the client does not register, PUSH-APP-UNREGISTERED); presents-duplicates by
    // the default suite's witness of a copy reaching the client after it presented the push
    // (OTA-DUPLICATE). The re-acknowledgement of a duplicate lies behind the client's
    // ack-or-abort choice: a vector planned through one branch (and re-planned if the client
    // takes the other) kills duplicate-not-reacked.
    assert_eq!(
        killed("push-client"),
        [
            "never-acks",
            "presents-duplicates",
            "acks-unregistered-app",
            "duplicate-not-reacked"
        ]
    );
}
