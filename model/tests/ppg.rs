//! The PPG model: pinned state count, safety properties, witnesses, known traces, labels.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use pushwake_codecs::pap::{MessageState, StatusCode};
use pushwake_model::ppg::*;
use pushwake_model::{Direction, LabelledModel};
use stateright::{Checker, Model};

/// Replay `actions` from the initial state, each one required to be enabled; the final state.
fn replay(model: &PpgModel, actions: &[Action]) -> State {
    let mut s = model.init_states().remove(0);
    for (k, a) in actions.iter().enumerate() {
        let mut enabled = Vec::new();
        model.actions(&s, &mut enabled);
        assert!(
            enabled.contains(a),
            "step {k}: {a:?} not enabled in {s:?}; enabled: {enabled:?}"
        );
        s = model
            .next_state(&s, *a)
            .expect("enabled action has a successor");
    }
    s
}

fn submit(model: &PpgModel, push: u8) -> Action {
    model.submit_action(usize::from(push)).unwrap()
}

fn accepted(push: u8) -> Action {
    Action::PushResponse {
        push,
        code: StatusCode::ACCEPTED_FOR_PROCESSING,
        progress_note: None,
    }
}

#[test]
fn default_bounds_have_pinned_state_count_and_every_property_holds() {
    let m = PpgModel::default();
    // Every witness but the one that needs a push to several addresses (the default has none).
    let witnesses: Vec<&str> = properties::witnesses()
        .into_iter()
        .filter(|w| !w.starts_with("PAP-MULTI-ADDRESS"))
        .collect();
    assert_eq!(
        check_named_config(m.config.clone(), &witnesses),
        DEFAULT_STATE_COUNT
    );
}

/// The exact number of unique states at [`PpgConfig::default`]; a change to the model shows here.
const DEFAULT_STATE_COUNT: usize = 393_706;

#[test]
fn every_final_state_has_a_witness() {
    let names = properties::witnesses();
    for st in MsgState::FINAL {
        let found = names.iter().any(|n| {
            let p = PpgModel::default().property(n);
            // Each final state is the goal of exactly one "can end <state>" witness.
            n.ends_with(&format!("can end {}", format!("{st:?}").to_lowercase()))
                && p.expectation == stateright::Expectation::Sometimes
        });
        assert!(found, "no witness for {st:?}");
    }
}

#[test]
fn confirmed_push_is_delivered_after_ack_and_notified_once() {
    let m = PpgModel::default();
    let trace = vec![
        submit(&m, 0),
        Action::PushResponse {
            push: 0,
            code: StatusCode::ACCEPTED_FOR_PROCESSING,
            progress_note: Some(Stage::Other),
        },
        Action::OtaPush {
            push: 0,
            client: 0,
            confirmed: true,
            app: None,
        },
        Action::OtaDeliver {
            push: 0,
            client: 0,
            confirmed: true,
            app: None,
        },
        Action::ClientReply {
            push: 0,
            client: 0,
            reply: Reply::Ack,
        },
        Action::ReplyArrive {
            push: 0,
            client: 0,
            reply: Reply::Ack,
        },
        Action::ResultNotification {
            push: 0,
            client: 0,
            state: MsgState::Delivered,
            code: StatusCode::OK,
        },
        Action::ResultNotificationResponse {
            push: 0,
            code: StatusCode::OK,
        },
    ];
    let s = replay(&m, &trace);
    assert_eq!(s.dests[0].ppg, PpgRecord::Final(MsgState::Delivered));
    assert_eq!(s.dests[0].rn, RnState::Answered(MsgState::Delivered));
    assert_eq!(s.dests[0].rn_count, 1);
    // No second notification is offered.
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    assert!(
        !next
            .iter()
            .any(|a| matches!(a, Action::ResultNotification { .. }))
    );
    m.checker().spawn_bfs().join().assert_discovery(
        "PAP-RN-RESPONSE: a result notification can be answered by the PI",
        trace,
    );
}

#[test]
fn confirmed_push_is_not_delivered_before_the_ack_arrives() {
    let m = PpgModel::default();
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            accepted(0),
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: None,
            },
            Action::OtaDeliver {
                push: 0,
                client: 0,
                confirmed: true,
                app: None,
            },
            Action::ClientReply {
                push: 0,
                client: 0,
                reply: Reply::Ack,
            },
        ],
    );
    assert_eq!(
        s.dests[0].ppg,
        PpgRecord::Pending {
            sends: 1,
            ack_deadline: Some(1)
        }
    );
}

#[test]
fn lost_confirmed_push_times_out_and_a_late_ack_changes_nothing() {
    // A retransmission needs two OTA sends (the default allows one).
    let m = PpgModel {
        config: PpgConfig {
            max_ota_sends: 2,
            ..PpgConfig::default()
        },
    };
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            accepted(0),
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: None,
            },
            Action::OtaDuplicate { push: 0, client: 0 },
        ]
        .into_iter()
        .filter(|a| !matches!(a, Action::OtaDuplicate { .. }))
        .chain([
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: None,
            },
            Action::OtaDeliver {
                push: 0,
                client: 0,
                confirmed: true,
                app: None,
            },
            Action::ClientReply {
                push: 0,
                client: 0,
                reply: Reply::Ack,
            },
            // Presenting the push is urgent too: the clock waits for it.
            Action::Present { push: 0, client: 0 },
            Action::Tick { now: 1 },
        ])
        .collect::<Vec<_>>(),
    );
    // The tick came while the ack was still in flight; the deadline (tick 1) has come.
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    assert!(next.contains(&Action::ConfirmTimeout { push: 0, client: 0 }));
    assert!(
        !next.iter().any(|a| matches!(a, Action::Tick { .. })),
        "urgent timeout blocks the clock"
    );
    let s = m
        .next_state(&s, Action::ConfirmTimeout { push: 0, client: 0 })
        .unwrap();
    let s = m
        .next_state(
            &s,
            Action::ReplyArrive {
                push: 0,
                client: 0,
                reply: Reply::Ack,
            },
        )
        .unwrap();
    assert_eq!(s.dests[0].ppg, PpgRecord::Final(MsgState::Timeout));
}

#[test]
fn preferconfirmed_to_incapable_client_falls_back_to_unconfirmed() {
    let m = PpgModel::default();
    let s = replay(&m, &[submit(&m, 1), accepted(1)]);
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    // Held by deliver-after = 1.
    assert!(!next.iter().any(|a| matches!(a, Action::OtaPush { .. })));
    let s = m.next_state(&s, Action::Tick { now: 1 }).unwrap();
    next.clear();
    m.actions(&s, &mut next);
    assert!(next.contains(&Action::OtaPush {
        push: 1,
        client: 1,
        confirmed: false,
        app: None,
    }));
    let s = m
        .next_state(
            &s,
            Action::OtaPush {
                push: 1,
                client: 1,
                confirmed: false,
                app: None,
            },
        )
        .unwrap();
    assert_eq!(s.dests[1].ppg, PpgRecord::Final(MsgState::Delivered));
}

#[test]
fn confirmed_push_to_incapable_client_is_refused_3007_or_undeliverable() {
    let m = PpgModel::default();
    let s = replay(&m, &[submit(&m, 2)]);
    let mut next = Vec::new();
    m.answers(&s, PiRequest::Submit(2), &mut next);
    assert_eq!(
        next,
        vec![
            accepted(2),
            Action::PushResponse {
                push: 2,
                code: StatusCode::DELIVERY_METHOD_NOT_POSSIBLE,
                progress_note: None
            },
        ]
    );
    let s = replay(
        &m,
        &[
            submit(&m, 2),
            accepted(2),
            Action::Undeliverable { push: 2, client: 1 },
        ],
    );
    assert_eq!(s.dests[2].ppg, PpgRecord::Final(MsgState::Undeliverable));
}

#[test]
fn duplicate_push_id_is_answered_2007_and_cancel_after_final_2008() {
    let m = PpgModel::default();
    let s = replay(
        &m,
        &[
            Action::Cancel { push: 0 },
            Action::CancelResponse {
                push: 0,
                code: StatusCode::PUSH_ID_NOT_FOUND,
            },
        ],
    );
    assert_eq!(s.pi_budget, 0);
    let c = PpgConfig {
        pi_requests: 2,
        ..PpgConfig::default()
    };
    let m = PpgModel::new(c).unwrap();
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            accepted(0),
            submit(&m, 0),
            Action::PushResponse {
                push: 0,
                code: StatusCode::DUPLICATE_PUSH_ID,
                progress_note: None,
            },
            Action::Cancel { push: 0 },
            Action::CancelResponse {
                push: 0,
                code: StatusCode::OK,
            },
        ],
    );
    assert_eq!(s.dests[0].ppg, PpgRecord::Final(MsgState::Cancelled));
    assert_eq!(s.pushes[0].accepts, 1);
}

#[test]
fn submission_after_deliver_before_is_refused_2001_or_3003() {
    let m = PpgModel::default();
    let s = replay(
        &m,
        &[
            Action::Tick { now: 1 },
            Action::Tick { now: 2 },
            submit(&m, 0),
        ],
    );
    let mut next = Vec::new();
    m.answers(&s, PiRequest::Submit(0), &mut next);
    assert_eq!(
        next,
        vec![
            Action::PushResponse {
                push: 0,
                code: StatusCode::FORBIDDEN,
                progress_note: None
            },
            Action::PushResponse {
                push: 0,
                code: StatusCode::NOT_POSSIBLE,
                progress_note: None
            },
        ]
    );
}

#[test]
fn clock_ticks_exactly_when_no_urgent_action_is_enabled() {
    let m = PpgModel::default();
    let mut s = m.init_states().remove(0);
    // A deterministic walk that always takes the last enabled action.
    for _ in 0..40 {
        let mut next = Vec::new();
        m.actions(&s, &mut next);
        let urgent = next.iter().any(|a| m.label(a).urgent);
        let tick = next.iter().any(|a| matches!(a, Action::Tick { .. }));
        assert_eq!(tick, !urgent && s.now < m.beyond(), "in {s:?}");
        let Some(a) = next.last().copied() else { break };
        s = m.next_state(&s, a).unwrap();
    }
}

#[test]
fn labels_follow_the_role_contract() {
    let m = PpgModel::default();
    let l = |a: Action| m.label(&a);
    assert_eq!(
        (l(submit(&m, 0)).role, l(submit(&m, 0)).direction),
        ("ppg", Direction::Input)
    );
    let resp = l(accepted(0));
    assert_eq!(
        (resp.role, resp.direction, resp.urgent, resp.requirement),
        ("ppg", Direction::Output, true, "PAP-SUBMIT-ACCEPT")
    );
    let ota = l(Action::OtaPush {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    });
    assert_eq!(
        (ota.role, ota.direction, ota.urgent),
        ("ppg", Direction::Output, false)
    );
    let del = l(Action::OtaDeliver {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    });
    assert_eq!(
        (del.role, del.direction, del.requirement),
        ("push-client", Direction::Input, "SIPPUSH-REQ8")
    );
    let ack = l(Action::ClientReply {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    });
    assert_eq!(
        (ack.role, ack.direction, ack.urgent),
        ("push-client", Direction::Output, true)
    );
    let arr = l(Action::ReplyArrive {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    });
    assert_eq!((arr.role, arr.direction), ("ppg", Direction::Input));
    assert_eq!(l(Action::OtaLose { push: 0, client: 0 }).role, "bearer");
    assert_eq!(l(Action::Tick { now: 1 }).role, "clock");
    let exp = l(Action::Expire { push: 0 });
    assert_eq!(
        (exp.role, exp.direction, exp.urgent),
        ("ppg", Direction::Internal, true)
    );
    let rn = l(Action::ResultNotificationResponse {
        push: 0,
        code: StatusCode::OK,
    });
    assert_eq!((rn.role, rn.direction), ("ppg", Direction::Input));
    assert_eq!(
        l(Action::CancelResponse {
            push: 0,
            code: StatusCode::CANCELLATION_NOT_POSSIBLE
        })
        .requirement,
        "PAP-CANCEL-NOT-PENDING"
    );
    assert_eq!(
        l(Action::CancelResponse {
            push: 0,
            code: StatusCode::PUSH_ID_NOT_FOUND
        })
        .requirement,
        "PAP-CANCEL-UNKNOWN"
    );
}

#[test]
fn every_label_requirement_is_in_the_registry() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../conformance/src/ppg/requirements.json"
    ))
    .unwrap();
    let reg: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = reg["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "registry sorted by id");
    for p in properties::table() {
        assert!(
            ids.contains(&p.requirement),
            "{} not in registry",
            p.requirement
        );
    }
    for m in Monitor::ALL {
        assert!(
            ids.contains(&m.requirement()),
            "{} not in registry",
            m.requirement()
        );
    }
    // The labels met on a deterministic walk:
    let m = PpgModel::default();
    let mut s = m.init_states().remove(0);
    for _ in 0..60 {
        let mut next = Vec::new();
        m.actions(&s, &mut next);
        for a in &next {
            let r = m.label(a).requirement;
            assert!(ids.contains(&r), "{r} not in registry");
        }
        let Some(a) = next.first().copied() else {
            break;
        };
        s = m.next_state(&s, a).unwrap();
    }
}

#[test]
fn actions_round_trip_through_json() {
    let a = Action::ResultNotification {
        push: 1,
        client: 1,
        state: MsgState::Aborted,
        code: StatusCode::CLIENT_ABORTED,
    };
    let j = serde_json::to_string(&a).unwrap();
    assert_eq!(
        j,
        r#"{"action":"result-notification","push":1,"client":1,"state":"aborted","code":5000}"#
    );
    assert_eq!(serde_json::from_str::<Action>(&j).unwrap(), a);
    let c = serde_json::to_string(&PpgConfig::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<PpgConfig>(&c).unwrap(),
        PpgConfig::default()
    );
}

#[test]
fn message_states_convert_to_the_codec_type_and_back() {
    for st in MsgState::ALL {
        let pap: MessageState = st.into();
        assert_eq!(MsgState::try_from(&pap), Ok(st));
    }
    assert_eq!(
        MsgState::try_from(&MessageState::Other("x".into())),
        Err("x".to_string())
    );
}

#[test]
fn rejects_config_naming_a_missing_client() {
    let mut c = PpgConfig::default();
    c.pushes[1].clients = vec![7];
    assert_eq!(
        PpgModel::new(c).unwrap_err(),
        ConfigError::NoSuchClient(1, 7)
    );
    let mut c = PpgConfig::default();
    c.pushes.clear();
    assert_eq!(PpgModel::new(c).unwrap_err(), ConfigError::PushCount(0));
}

mod random_walks {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Random walks in the wider configuration never break a safety property.
        #[test]
        fn random_walks_never_violate_safety(choices in proptest::collection::vec(any::<u16>(), 1..60)) {
            let m = PpgModel { config: PpgConfig::full() };
            let props: Vec<_> = m.properties().into_iter().filter(|p| p.expectation == stateright::Expectation::Always).collect();
            let mut s = m.init_states().remove(0);
            for c in choices {
                let mut next = Vec::new();
                m.actions(&s, &mut next);
                if next.is_empty() { break; }
                let a = next[usize::from(c) % next.len()];
                s = m.next_state(&s, a).unwrap();
                for p in &props {
                    prop_assert!((p.condition)(&m, &s), "{} broken by {:?} in {:?}", p.name, a, s);
                }
            }
        }
    }
}

#[test]
fn a_retransmitted_copy_is_answered_again_but_never_presented_twice() {
    // A retransmission needs two OTA sends (the default allows one).
    let m = PpgModel {
        config: PpgConfig {
            max_ota_sends: 2,
            ..PpgConfig::default()
        },
    };
    let copy = Action::OtaPush {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    };
    let deliver = Action::OtaDeliver {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    };
    let ack = Action::ClientReply {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    };
    let present = Action::Present { push: 0, client: 0 };
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            accepted(0),
            copy,
            deliver,
            present,
            ack,
            Action::ReplyLose { push: 0, client: 0 },
            copy,
            deliver,
        ],
    );
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    assert!(next.contains(&ack), "the second copy is answered: {next:?}");
    assert!(
        !next.contains(&present),
        "the second copy is not presented: {next:?}"
    );
    assert_eq!(m.label(&present).direction, Direction::Output);
    assert!(m.label(&present).urgent);
}

/// The exact number of unique states at [`PpgConfig::addresses`].
const ADDRESSES_STATE_COUNT: usize = 6_207;
/// The exact number of unique states at [`PpgConfig::applications`].
const APPLICATIONS_STATE_COUNT: usize = 63_889;

/// Checks `config`: every safety property holds, each of `witnesses` is discovered; returns the
/// unique state count.
fn check_named_config(config: PpgConfig, witnesses: &[&str]) -> usize {
    let m = PpgModel::new(config).unwrap();
    let props = m.properties();
    let checker = m.checker().spawn_bfs().join();
    for p in &props {
        if p.expectation == stateright::Expectation::Always {
            assert!(checker.discovery(p.name).is_none(), "{} broken", p.name);
        }
    }
    for w in witnesses {
        assert!(
            props.iter().any(|p| p.name.starts_with(w)),
            "no property {w}"
        );
        let p = props.iter().find(|p| p.name.starts_with(w)).unwrap();
        assert!(
            checker.discovery(p.name).is_some(),
            "{} not witnessed",
            p.name
        );
    }
    checker.unique_state_count()
}

#[test]
fn addresses_config_has_pinned_state_count_and_every_safety_property_holds() {
    let n = check_named_config(
        PpgConfig::addresses(),
        &[
            "PAP-MULTI-ADDRESS: a push to several addresses",
            "PAP-RN-ADDRESS: a push to the most addresses",
            "PAP-DM-UNCONFIRMED: an unconfirmed push can end delivered",
            "PAP-CLIENT-ABORT: a push can end aborted",
            "PAP-DM-CONFIRMED-TIMEOUT: a push can end timeout",
        ],
    );
    assert_eq!(n, ADDRESSES_STATE_COUNT);
}

#[test]
fn applications_config_has_pinned_state_count_and_every_safety_property_holds() {
    let n = check_named_config(
        PpgConfig::applications(),
        &[
            "PAP-CLIENT-ABORT: a push can end aborted",
            "PAP-DM-CONFIRMED: a push can end delivered",
            "OTA-DUPLICATE: a second copy can reach",
        ],
    );
    assert_eq!(n, APPLICATIONS_STATE_COUNT);
}

#[test]
fn a_push_to_two_addresses_is_delivered_and_notified_per_address() {
    let m = PpgModel::new(PpgConfig::addresses()).unwrap();
    let ota = |client, confirmed| Action::OtaPush {
        push: 0,
        client,
        confirmed,
        app: None,
    };
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            Action::PushResponse {
                push: 0,
                code: StatusCode::ACCEPTED_FOR_PROCESSING,
                progress_note: Some(Stage::State(MsgState::Pending)),
            },
            // Preferconfirmed: confirmed to the capable client 0, unconfirmed to client 1.
            ota(0, true),
            ota(1, false),
            Action::ResultNotification {
                push: 0,
                client: 1,
                state: MsgState::Delivered,
                code: StatusCode::OK,
            },
        ],
    );
    assert_eq!(
        s.dests[0].ppg,
        PpgRecord::Pending {
            sends: 1,
            ack_deadline: Some(1)
        }
    );
    assert_eq!(s.dests[1].ppg, PpgRecord::Final(MsgState::Delivered));
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    // No notification about client 0 yet, and none about client 1 again.
    assert!(
        !next
            .iter()
            .any(|a| matches!(a, Action::ResultNotification { .. })),
        "{next:?}"
    );
    // A notification naming an address the push does not have is forbidden (PAP-RN-ADDRESS).
    let wrong = Action::ResultNotification {
        push: 0,
        client: 5,
        state: MsgState::Delivered,
        code: StatusCode::OK,
    };
    assert_eq!(m.explain(&s, &wrong), Some("PAP-RN-ADDRESS"));
    // A wrong stage in a progress note is named too (PAP-PROGRESS-STAGE).
    let s0 = replay(&m, &[submit(&m, 0)]);
    let stage = Action::PushResponse {
        push: 0,
        code: StatusCode::ACCEPTED_FOR_PROCESSING,
        progress_note: Some(Stage::State(MsgState::Delivered)),
    };
    assert_eq!(m.explain(&s0, &stage), Some("PAP-PROGRESS-STAGE"));
    let refuse = Action::PushResponse {
        push: 0,
        code: StatusCode::MULTIPLE_ADDRESSES_NOT_SUPPORTED,
        progress_note: None,
    };
    let mut answers = Vec::new();
    m.answers(&s0, PiRequest::Submit(0), &mut answers);
    assert!(!answers.contains(&refuse), "{answers:?}");
    // A PPG that does not take several addresses refuses them 3005, and only that.
    let mut c = PpgConfig::addresses();
    c.features.multiple_addresses = false;
    let single = PpgModel::new(c).unwrap();
    answers.clear();
    single.answers(&s0, PiRequest::Submit(0), &mut answers);
    assert_eq!(answers, vec![refuse]);
}

#[test]
fn a_confirmed_push_for_an_unregistered_application_is_aborted_never_acked() {
    let m = PpgModel::new(PpgConfig::applications()).unwrap();
    let deliver = Action::OtaDeliver {
        push: 0,
        client: 0,
        confirmed: true,
        app: Some(1),
    };
    let s = replay(
        &m,
        &[
            submit(&m, 0),
            accepted(0),
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: Some(1),
            },
            deliver,
        ],
    );
    let mut next = Vec::new();
    m.actions(&s, &mut next);
    let abort = Action::ClientReply {
        push: 0,
        client: 0,
        reply: Reply::Abort {
            code: UNREGISTERED_ABORT_CODE,
        },
    };
    let ack = Action::ClientReply {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    };
    assert!(next.contains(&abort), "{next:?}");
    assert!(!next.contains(&ack), "{next:?}");
    assert!(
        !next.iter().any(|a| matches!(a, Action::Present { .. })),
        "{next:?}"
    );
    assert_eq!(m.explain(&s, &ack), Some("PUSH-APP-UNREGISTERED"));
    assert_eq!(m.label(&abort).requirement, "PUSH-APP-UNREGISTERED");
    // An OTA push that drops the application id is named too (SIPPUSH-REQ9).
    let s1 = replay(&m, &[submit(&m, 0), accepted(0)]);
    let no_app = Action::OtaPush {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    };
    assert_eq!(m.explain(&s1, &no_app), Some("SIPPUSH-REQ9"));
}

#[test]
fn the_multi_address_witness_is_a_property_only_where_a_push_has_several_addresses() {
    use pushwake_model::ppg::properties::MULTI_ADDRESS_WITNESS;
    let names = |m: &PpgModel| -> Vec<&'static str> {
        stateright::Model::properties(m)
            .iter()
            .map(|p| p.name)
            .collect()
    };
    assert!(
        properties::all()
            .iter()
            .any(|p| p.name == MULTI_ADDRESS_WITNESS)
    );
    assert!(!names(&PpgModel::default()).contains(&MULTI_ADDRESS_WITNESS));
    let addresses = PpgModel::new(PpgConfig::addresses()).expect("valid");
    assert!(names(&addresses).contains(&MULTI_ADDRESS_WITNESS));
}

#[test]
fn explain_names_the_rule_a_wrong_answer_breaks() {
    let m = PpgModel::default();
    let init = m.init_states().remove(0);
    // Push 1 is preferconfirmed to a client that cannot acknowledge: it falls back to unconfirmed.
    let submitted = m
        .next_state(&init, m.submit_action(1).expect("template 1"))
        .expect("submits");
    let refuse = Action::PushResponse {
        push: 1,
        code: StatusCode::DELIVERY_METHOD_NOT_POSSIBLE,
        progress_note: None,
    };
    assert_eq!(
        m.explain(&submitted, &refuse),
        Some("PAP-DM-PREFERCONFIRMED")
    );
    // An answer of another request's type.
    let bad = Action::BadMessageResponse {
        code: StatusCode::BAD_REQUEST,
    };
    assert_eq!(m.explain(&submitted, &bad), Some("PAP-ANSWER-TYPE"));
    // Push 2 is confirmed to that client: 3007 is a right answer there, so no rule is named.
    let submitted = m
        .next_state(&init, m.submit_action(2).expect("template 2"))
        .expect("submits");
    let refuse = Action::PushResponse {
        push: 2,
        code: StatusCode::DELIVERY_METHOD_NOT_POSSIBLE,
        progress_note: None,
    };
    assert_eq!(m.explain(&submitted, &refuse), None);
}

#[test]
fn explain_names_confirmed_delivery_for_a_delivered_notification_before_the_acknowledgement() {
    let m = PpgModel::default();
    let mut s = m.init_states().remove(0);
    // Push 0 is confirmed to client 0, which can acknowledge: accepted, then sent over the air.
    for a in [
        m.submit_action(0).expect("template 0"),
        Action::PushResponse {
            push: 0,
            code: StatusCode::ACCEPTED_FOR_PROCESSING,
            progress_note: None,
        },
    ] {
        s = m.next_state(&s, a).expect("enabled");
    }
    let early = Action::ResultNotification {
        push: 0,
        client: 0,
        state: MsgState::Delivered,
        code: StatusCode::OK,
    };
    assert_eq!(m.explain(&s, &early), Some("PAP-DM-CONFIRMED"));
}
