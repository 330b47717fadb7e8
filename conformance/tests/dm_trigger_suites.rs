//! The committed dm_trigger suites against the reference UICC and terminal and their mutants:
//! the references pass every vector; the mutants the suites kill are pinned, so that a change to
//! the model, the binding, the adapters or the references that loses a kill shows here.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod common;

use common::verdicts;
use pushwake_conformance::dm_trigger::DmTrigger;
use pushwake_conformance::protocol::Protocol;
use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::suites;
use pushwake_conformance::vector::Suite;
use pushwake_reports::{RunEvent, Verdict};

fn committed(role: &str) -> Vec<Suite> {
    common::committed("dm_trigger", role)
}

fn killed(role: &str) -> Vec<&'static str> {
    let suites = committed(role);
    DmTrigger
        .mutants(role)
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
    for role in ["uicc", "terminal"] {
        let v = verdicts(&committed(role), &format!("reference:{role}"));
        assert!(v.len() > 20, "{role}: {} vectors", v.len());
        let bad: Vec<_> = v.iter().filter(|(_, v)| *v != Verdict::Pass).collect();
        assert!(bad.is_empty(), "reference:{role}: {bad:?}");
    }
}

#[test]
fn the_suites_kill_the_pinned_uicc_mutants() {
    assert_eq!(
        killed("uicc"),
        [
            "open-channel-client-mode",
            "open-channel-wrong-port",
            "ignores-application-type",
            "send-data-before-open",
            "notification-not-pkg0",
            "wrong-server-id",
            "bad-digest",
            "session-id-decimal",
            "never-closes-channel",
            "ignores-3a-10",
            "sms-wrong-port",
            "sms-wrong-address",
            "no-notification-after-wakeup",
            "scws-wrong-port",
            "no-provisioning-data",
            "closes-wrong-channel",
        ]
    );
}

#[test]
fn the_suites_kill_the_pinned_terminal_mutants() {
    assert_eq!(
        killed("terminal"),
        [
            "no-terminal-applications",
            "application-type-not-07",
            "port-not-unique",
            "name-packed-dcs-04",
            "session-on-wrong-serverid",
            "ignores-bad-digest",
            "wrong-appaddr",
            "wrong-session-id",
            "does-not-convey-send-data",
            "no-terminal-server-mode",
            "accepts-any-port",
            "send-data-closed-answers-00",
            "never-reports-link-dropped",
            "no-send-short-message",
            "no-results",
        ]
    );
}

/// A notification the model's DM_SC Server never sends has no model action, so the binding names
/// the requirement it breaks (`AdapterError::Forbidden`): the report's "Breaks" column shows it.
#[test]
fn a_bad_notification_fails_naming_its_requirement() {
    let suites = committed("uicc");
    for (mutant, requirement) in [
        ("bad-digest", "DMNOTI-DIGEST"),
        ("wrong-server-id", "DMSC-7.1-SERVERID"),
        ("notification-not-pkg0", "DMSC-7.1-PKG0"),
    ] {
        let mut named = Vec::new();
        for suite in &suites {
            suites::run(
                suite,
                &format!("reference:uicc?mutant={mutant}"),
                &RunOptions::default(),
                "2026-01-01T00:00:00Z".into(),
                &mut |e| {
                    if let RunEvent::VectorFinished(r) = e
                        && r.verdict == Verdict::Fail
                    {
                        named.push(r.failed_requirement.clone());
                    }
                },
            )
            .unwrap();
        }
        assert!(!named.is_empty(), "{mutant} is killed");
        assert!(
            named.iter().all(|r| r.as_deref() == Some(requirement)),
            "{mutant}: {named:?}"
        );
    }
}
