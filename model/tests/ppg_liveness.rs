//! PPG liveness (PAP-LIVE-FINAL, PAP-LIVE-RN) with our explorer. These need the explorer bodies,
//! which arrive with the explorer branch's merge; before it they panic with `unimplemented!`.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use pushwake_model::explorer::{Limits, LivenessModel, LivenessVerdict, check_liveness, explore};
use pushwake_model::ppg::*;

fn one_confirmed_push(weaken: Option<Weakening>) -> PpgModel {
    let c = PpgConfig {
        pushes: vec![PushTemplate {
            client: 0,
            method: Method::Confirmed,
            notify_requested: true,
            progress_notes_requested: false,
            deliver_before: None,
            deliver_after: None,
        }],
        pi_extra: Vec::new(),
        weaken,
        ..PpgConfig::default()
    };
    PpgModel::new(c).unwrap()
}

#[test]
fn liveness_holds_at_default_bounds() {
    let m = PpgModel::default();
    let g = explore(&m, Limits::default()).unwrap();
    for p in m.liveness() {
        assert!(
            matches!(check_liveness(&m, &g, &p), LivenessVerdict::Holds),
            "{} violated",
            p.name
        );
    }
}

#[test]
fn without_confirm_timeout_a_lost_push_stays_pending_for_ever() {
    let m = one_confirmed_push(Some(Weakening::NoConfirmTimeout));
    let g = explore(&m, Limits::default()).unwrap();
    let live = m
        .liveness()
        .into_iter()
        .find(|p| p.requirement == "PAP-LIVE-FINAL")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("weakened model satisfies PAP-LIVE-FINAL");
    };
    assert_eq!(lasso.instance, 0);
    let end = lasso
        .cycle
        .last()
        .or(lasso.prefix.last())
        .map(|(_, id)| *id)
        .unwrap();
    assert!(matches!(
        g.state(end).pushes[0].ppg,
        PpgRecord::Pending { .. }
    ));
}

#[test]
fn retransmitting_for_ever_gives_a_retransmit_and_lose_cycle() {
    let m = one_confirmed_push(Some(Weakening::RetransmitForever));
    let g = explore(&m, Limits::default()).unwrap();
    let live = m
        .liveness()
        .into_iter()
        .find(|p| p.requirement == "PAP-LIVE-FINAL")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("weakened model satisfies PAP-LIVE-FINAL");
    };
    assert!(
        !lasso.cycle.is_empty(),
        "expected a cycle, got a terminal state"
    );
    for (_, id) in &lasso.cycle {
        assert!(matches!(
            g.state(*id).pushes[0].ppg,
            PpgRecord::Pending { .. }
        ));
    }
}

#[test]
fn unweakened_single_confirmed_push_is_live() {
    let m = one_confirmed_push(None);
    let g = explore(&m, Limits::default()).unwrap();
    for p in m.liveness() {
        assert!(
            matches!(check_liveness(&m, &g, &p), LivenessVerdict::Holds),
            "{} violated",
            p.name
        );
    }
}
