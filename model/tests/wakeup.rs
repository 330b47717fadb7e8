//! The wake-up model: every property holds on the named configurations; deliberately broken
//! variants are caught (a safety counterexample, a liveness lasso).
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use pushwake_model::explorer::{
    Limits, LivenessModel, LivenessVerdict, PropertyVerdict, check_liveness, check_property,
    explore,
};
use pushwake_model::wakeup::*;
use stateright::{Expectation, Model};

fn configs() -> Vec<(&'static str, WakeupConfig)> {
    vec![
        ("default", WakeupConfig::default()),
        ("terminal", WakeupConfig::terminal()),
        ("limited", WakeupConfig::limited()),
        ("limited-uicc", WakeupConfig::limited_uicc()),
        ("regular", WakeupConfig::regular()),
        ("events", WakeupConfig::events()),
        ("regular-terminal", WakeupConfig::regular_terminal()),
    ]
}

fn assert_all_hold(name: &str, m: &WakeupModel) {
    let t = std::time::Instant::now();
    let g = explore(m, Limits::default()).unwrap();
    eprintln!(
        "{name}: {} states, {} transitions, explored in {:?}",
        g.states().len(),
        g.transition_count(),
        t.elapsed()
    );
    for p in m.properties() {
        let v = check_property(m, &g, &p).unwrap();
        match p.expectation {
            Expectation::Always => {
                assert!(
                    matches!(v, PropertyVerdict::NotFound),
                    "{name}: {} violated",
                    p.name
                )
            }
            Expectation::Sometimes => {
                assert!(
                    matches!(v, PropertyVerdict::Found(_)),
                    "{name}: {} not witnessed",
                    p.name
                )
            }
            Expectation::Eventually => unreachable!(),
        }
    }
    for l in m.liveness() {
        let v = check_liveness(m, &g, &l);
        assert!(v.holds(), "{name}: {} violated", l.name);
    }
    eprintln!("{name}: checked in {:?}", t.elapsed());
}

#[test]
fn every_property_holds_on_the_named_configurations() {
    for (name, c) in configs() {
        assert_all_hold(name, &WakeupModel::new(c).unwrap());
    }
}

#[test]
fn a_uicc_ignoring_the_profile_breaks_cat_profile() {
    let m = WakeupModel::new(WakeupConfig {
        weaken: Some(Weakness::UiccIgnoresProfile),
        ..WakeupConfig::limited_uicc()
    })
    .unwrap();
    let g = explore(&m, Limits::default()).unwrap();
    let p = m
        .properties()
        .into_iter()
        .find(|p| p.name.contains("no facility the terminal profile lacks"))
        .unwrap();
    let PropertyVerdict::Found(id) = check_property(&m, &g, &p).unwrap() else {
        panic!("a UICC starting a timer the profile lacks was not caught");
    };
    assert!(Monitor::UiccFacility.fired(g.state(id)));
    assert_eq!(Monitor::UiccFacility.requirement(), "CAT-PROFILE");
}

#[test]
fn a_terminal_downloading_unregistered_events_breaks_cat_event_list() {
    let m = WakeupModel::new(WakeupConfig {
        weaken: Some(Weakness::TerminalUnregisteredEvent),
        profile: Profile {
            location_status: true,
            ..Profile::default()
        },
        wake_on: WakeOn::default(),
        ..WakeupConfig::default()
    })
    .unwrap();
    let g = explore(&m, Limits::default()).unwrap();
    let p = m
        .properties()
        .into_iter()
        .find(|p| p.name.starts_with("CAT-EVENT-LIST"))
        .unwrap();
    assert!(matches!(
        check_property(&m, &g, &p).unwrap(),
        PropertyVerdict::Found(_)
    ));
}

#[test]
fn a_terminal_that_never_retries_a_busy_envelope_gives_a_lasso() {
    let m = WakeupModel::new(WakeupConfig {
        weaken: Some(Weakness::TerminalNoRetry),
        ..WakeupConfig::default()
    })
    .unwrap();
    let g = explore(&m, Limits::default()).unwrap();
    let live = m
        .liveness()
        .into_iter()
        .find(|l| l.requirement == "CAT-BUSY")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("a terminal that never retries satisfies CAT-BUSY");
    };
    let end = lasso
        .cycle
        .last()
        .or(lasso.prefix.last())
        .map(|(_, id)| *id)
        .unwrap();
    assert!(g.state(end).terminal.retry);
    assert!(
        lasso
            .prefix
            .iter()
            .any(|(a, _)| *a == Action::Deliver(Rapdu::Busy))
    );
}

#[test]
fn the_limited_profile_never_sees_a_timer_or_open_channel_from_the_uicc() {
    let m = WakeupModel::new(WakeupConfig::limited_uicc()).unwrap();
    let g = explore(&m, Limits::default()).unwrap();
    for id in (0..g.states().len()).map(|i| pushwake_model::explorer::StateId(i as u32)) {
        for (a, _) in g.successors(id) {
            assert!(!matches!(
                a,
                Action::Respond(Rapdu::Command(
                    ProCmd::TimerStart | ProCmd::Trigger(TriggerKind::OpenChannel)
                ))
            ));
        }
    }
}

#[test]
fn a_wake_up_without_any_trigger_facility_ends_at_once() {
    let m = WakeupModel::new(WakeupConfig {
        profile: Profile {
            open_channel: false,
            send_sms: false,
            ..Profile::FULL
        },
        ..WakeupConfig::default()
    })
    .unwrap();
    let g = explore(&m, Limits::default()).unwrap();
    assert!(g.states().iter().all(|s| s.uicc.wake.is_none()));
    assert!(
        g.states()
            .iter()
            .any(|s| s.uicc.last_outcome == Some(Outcome::NoFacility))
    );
}
