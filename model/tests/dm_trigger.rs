//! The DM trigger model: every property holds at the named configurations (state counts pinned),
//! and broken variants are caught (a safety counterexample, a liveness lasso).
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use pushwake_model::dm_trigger::*;
use pushwake_model::explorer::{
    Graph, Limits, LivenessModel, LivenessVerdict, PropertyVerdict, check_liveness, check_property,
    explore,
};
use pushwake_model::{Direction, LabelledModel};
use stateright::{Expectation, Model};

fn graph(m: &DmTriggerModel) -> Graph<DmTriggerModel> {
    explore(m, Limits::default()).unwrap()
}

fn assert_all_hold(m: &DmTriggerModel, g: &Graph<DmTriggerModel>) {
    for p in m.properties() {
        let v = check_property(m, g, &p).unwrap();
        match p.expectation {
            Expectation::Always => assert_eq!(v, PropertyVerdict::NotFound, "{} violated", p.name),
            Expectation::Sometimes => {
                assert!(
                    matches!(v, PropertyVerdict::Found(_)),
                    "{} has no witness",
                    p.name
                )
            }
            Expectation::Eventually => unreachable!("no eventually properties"),
        }
    }
    for l in m.liveness() {
        assert!(
            check_liveness(m, g, &l).holds(),
            "{} violated",
            l.requirement
        );
    }
}

#[test]
fn every_property_holds_at_the_default_configuration() {
    let m = DmTriggerModel::new(DmTriggerConfig::full()).unwrap();
    let g = graph(&m);
    assert_eq!((g.states().len(), g.transition_count()), (6_908, 7_775));
    assert_all_hold(&m, &g);
}

#[test]
fn every_property_holds_for_every_terminal_profile() {
    let m = DmTriggerModel::new(DmTriggerConfig::capabilities()).unwrap();
    let g = graph(&m);
    assert_eq!((g.states().len(), g.transition_count()), (722, 757));
    assert_all_hold(&m, &g);
}

#[test]
fn every_property_holds_when_the_server_may_choose_the_on_line_trigger() {
    let m = DmTriggerModel::new(DmTriggerConfig::online()).unwrap();
    let g = graph(&m);
    assert_eq!((g.states().len(), g.transition_count()), (8_731, 9_782));
    assert_all_hold(&m, &g);
}

#[test]
fn a_dm_sc_server_that_never_closes_its_channel_is_caught_with_a_lasso() {
    // Without link loss (which would close the channel for it).
    let mut c = DmTriggerConfig::capabilities();
    c.faults.never_close = true;
    let m = DmTriggerModel::new(c).unwrap();
    let g = graph(&m);
    let live = m
        .liveness()
        .into_iter()
        .find(|l| l.requirement == "BIP-CLOSE")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("a never-closing DM_SC Server satisfies BIP-CLOSE");
    };
    let end = lasso.entry();
    assert_eq!(g.state(end).terminal.channel, Channel::Open);
    // The channel was opened by a successful OPEN CHANNEL in terminal server mode.
    assert!(lasso.prefix.iter().any(|(a, _)| matches!(
        a,
        Action::Send {
            apdu: CApdu::Response {
                cmd: ProCmd::OpenTsm,
                result: TrResult::Ok,
                ..
            }
        }
    )));
}

#[test]
fn a_dm_client_that_accepts_any_notification_breaks_serverid_and_digest() {
    let mut c = DmTriggerConfig::full();
    c.faults.accept_any_notification = true;
    let m = DmTriggerModel::new(c).unwrap();
    let g = graph(&m);
    for id in ["DMSC-7.1-SERVERID", "DMNOTI-DIGEST", "DMNOTI-VERSION"] {
        let p = m
            .properties()
            .into_iter()
            .find(|p| p.name.starts_with(id) && p.expectation == Expectation::Always)
            .unwrap();
        assert!(
            matches!(check_property(&m, &g, &p), Some(PropertyVerdict::Found(_))),
            "{id} not caught"
        );
    }
}

#[test]
fn send_data_before_open_channel_is_caught() {
    let mut c = DmTriggerConfig::full();
    c.faults.send_before_open = true;
    let m = DmTriggerModel::new(c).unwrap();
    let g = graph(&m);
    let p = m
        .properties()
        .into_iter()
        .find(|p| p.name.starts_with("BIP-SEND-OPEN"))
        .unwrap();
    let Some(PropertyVerdict::Found(bad)) = check_property(&m, &g, &p) else {
        panic!("SEND DATA before OPEN CHANNEL not caught");
    };
    let (_, path) = g.path_to(bad);
    let last = path.last().map(|(a, _)| *a).unwrap();
    assert_eq!(
        last,
        Action::Answer {
            rapdu: RApdu::Command {
                cmd: ProCmd::SendNotification
            }
        }
    );
    assert_eq!(
        m.explain(g.state(path[path.len() - 2].1), &last),
        Some("BIP-SEND-OPEN")
    );
}

#[test]
fn the_off_line_trigger_runs_at_the_apdu_level() {
    // From power-on to a completed session, choosing the successful, uncorrupted branch.
    let m = DmTriggerModel::new(DmTriggerConfig::full()).unwrap();
    let mut s = m.init_states().remove(0);
    let mut trace = Vec::new();
    for _ in 0..400 {
        let mut acts = Vec::new();
        m.actions(&s, &mut acts);
        let label = |a: &Action| m.label(a);
        // Prefer: the terminal's and UICC's owed steps, deliveries, then the wake-up.
        let pick = acts
            .iter()
            .find(|a| {
                !label(a).negative
                    && !matches!(
                        a,
                        Action::SmsArrives { .. }
                            | Action::LinkLost
                            | Action::TimeElapsed
                            | Action::Send {
                                apdu: CApdu::Response {
                                    result: TrResult::PortNotAvailable,
                                    ..
                                }
                            }
                    )
            })
            .or_else(|| acts.iter().find(|a| matches!(a, Action::TimeElapsed)))
            .copied();
        let Some(a) = pick else { break };
        trace.push(a);
        s = m.next_state(&s, a).unwrap();
        if s.sessions == 1 {
            break;
        }
    }
    assert_eq!(s.sessions, 1, "{trace:#?}");
    assert_eq!(s.completed, Route::Offline.bit());
    assert_eq!(s.terminal.channel, Channel::Closed);
    // Every terminal-UICC message is an output of one role and an input of the other.
    for a in &trace {
        let l = m.label(a);
        if matches!(a, Action::Send { .. } | Action::Answer { .. }) {
            assert_eq!(l.direction, Direction::Output);
        }
    }
    let commands: Vec<ProCmd> = trace
        .iter()
        .filter_map(|a| match a {
            Action::Answer {
                rapdu: RApdu::Command { cmd },
            } => Some(*cmd),
            _ => None,
        })
        .collect();
    assert_eq!(
        commands,
        vec![
            ProCmd::SetUpEventList,
            ProCmd::StartTimer,
            ProCmd::OpenScws,
            ProCmd::StartTimer,
            ProCmd::OpenTsm,
            ProCmd::SendNotification,
            ProCmd::CloseTsm,
            ProCmd::ReceiveData,
            ProCmd::SendDm {
                pkg: DmPkg::Provisioning
            },
            ProCmd::ReceiveData,
            ProCmd::SendDm { pkg: DmPkg::Final },
        ]
    );
}

#[test]
fn configurations_are_validated() {
    let mut c = DmTriggerConfig::full();
    c.profiles.clear();
    assert_eq!(
        DmTriggerModel::new(c).unwrap_err(),
        ConfigError::ProfileCount(0)
    );
}
