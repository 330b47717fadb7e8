//! IUT spec strings, the in-process reference adapters, and a hand-written PPG vector run through
//! the runner against `reference:ppg` and a mutant.

use pushwake_codecs::pap::StatusCode;
use pushwake_conformance::adapter::AdapterFactory;
use pushwake_conformance::adapter::{Adapter, AdapterError, Message, Setup};
use pushwake_conformance::binding::Binding;
use pushwake_conformance::iut::{self, IutError};
use pushwake_conformance::ppg::Ppg;
use pushwake_conformance::ppg::bind::PpgBinding;
use pushwake_conformance::ppg::iut::{
    ReferencePpgAdapter, ReferencePushClientAdapter, ppg_config_for,
};
use pushwake_conformance::ppg::mutants::{PpgMutant, PushClientMutant};
use pushwake_conformance::protocol::Protocol;
use pushwake_conformance::runner::{RunOptions, run_suite};
use pushwake_conformance::vector::{Coverage, GeneratorInfo, Step, Suite, Vector, VectorKind};
use pushwake_model::ppg::{
    Action, BadDocument, Method, MsgState, PpgConfig, PpgModel, Reply, Stage, State,
};
use pushwake_reports::{RunEvent, RunInfo, Verdict};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// Spec strings.

fn make(spec: &str) -> Result<Arc<dyn AdapterFactory>, IutError> {
    iut::factory(&Ppg, spec, &serde_json::Value::Null)
}

fn refused(spec: &str) -> IutError {
    make(spec).err().expect("refused")
}

#[test]
fn makes_reference_iuts_from_specs() {
    for (spec, role) in [
        ("reference:ppg", "ppg"),
        ("reference:ppg?mutant=notifies-twice", "ppg"),
        ("reference:push-client", "push-client"),
        ("reference:push-client?mutant=never-acks", "push-client"),
    ] {
        let f = make(spec).expect("factory");
        assert_eq!((f.spec(), f.role()), (spec, role));
    }
    let roles: Vec<&str> = Ppg.roles().iter().map(|r| r.name).collect();
    assert_eq!(roles, ["ppg", "push-client"]);
    assert_eq!(Ppg.mutants("ppg").len(), 17);
    assert_eq!(Ppg.mutants("push-client").len(), 4);
    assert!(Ppg.mutants("pi").is_empty());
}

#[test]
fn lists_a_spec_for_every_mutant_that_makes_an_iut() {
    let specs = iut::mutant_specs(&Ppg, "push-client");
    assert_eq!(
        specs,
        [
            "reference:push-client?mutant=never-acks",
            "reference:push-client?mutant=presents-duplicates",
            "reference:push-client?mutant=acks-unregistered-app",
            "reference:push-client?mutant=duplicate-not-reacked",
        ]
    );
    let ppg = iut::mutant_specs(&Ppg, "ppg");
    assert_eq!(ppg.len(), PpgMutant::ALL.len());
    for (spec, mutant) in ppg.iter().zip(PpgMutant::ALL) {
        assert!(spec.ends_with(mutant.name()));
        assert!(make(spec).is_ok(), "{spec}");
    }
}

#[test]
fn rejects_unknown_role_listing_the_valid_ones() {
    let e = refused("reference:pi");
    assert_eq!(
        e,
        IutError::UnknownRole {
            role: "pi".into(),
            valid: "ppg, push-client".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "IUT role \"pi\" is not known; valid roles: ppg, push-client"
    );
}

#[test]
fn rejects_unknown_mutant_listing_the_valid_ones() {
    let e = refused("reference:push-client?mutant=sleeps");
    assert_eq!(
        e.to_string(),
        "mutant \"sleeps\" is not known for role push-client; valid mutants: never-acks, \
         presents-duplicates, acks-unregistered-app, duplicate-not-reacked"
    );
    let e = refused("reference:ppg?mutant=");
    assert!(
        matches!(&e, IutError::UnknownMutant { name, valid, .. }
            if name.is_empty() && valid.starts_with("accepts-duplicate-push-id, delivers-after-cancel")),
        "{e}"
    );
}

#[test]
fn rejects_other_schemes_parameters_and_shapes() {
    assert_eq!(
        refused("exec:ppg"),
        IutError::UnknownScheme {
            scheme: "exec".into(),
            valid: "reference, kannel".into()
        }
    );
    assert_eq!(
        refused("reference:ppg?seed=1"),
        IutError::UnknownParameter {
            name: "seed".into(),
            valid: "mutant".into()
        }
    );
    assert_eq!(
        refused("reference"),
        IutError::Syntax {
            spec: "reference".into(),
            reason: "no scheme"
        }
    );
    assert_eq!(
        refused("reference:ppg?mutant"),
        IutError::Syntax {
            spec: "reference:ppg?mutant".into(),
            reason: "parameter without a value"
        }
    );
    let long = format!("reference:ppg?mutant={}", "x".repeat(300));
    assert!(matches!(
        refused(&long),
        IutError::Syntax {
            reason: "longer than 256 bytes",
            ..
        }
    ));
}

#[test]
fn factory_checks_the_model_configuration() {
    let mut bad = serde_json::to_value(PpgConfig::default()).expect("json");
    bad["horizon"] = json!(101);
    assert_eq!(
        iut::factory(&Ppg, "reference:ppg", &bad).err(),
        Some(IutError::ModelConfig("horizon 101 above 100".into()))
    );
    assert!(matches!(
        iut::factory(&Ppg, "reference:ppg", &json!({"pushes": []})),
        Err(IutError::ModelConfig(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Adapters, driven directly.

fn setup(role: &str) -> Setup {
    Setup {
        model: "ppg".into(),
        role: role.into(),
        config: serde_json::Value::Null,
        vector_id: "t".into(),
    }
}

fn send(adapter: &mut dyn Adapter, action: Action) -> Vec<Action> {
    let msg = Message {
        action: serde_json::to_value(action).expect("json"),
        wire: None,
    };
    adapter.stimulate(&msg).expect("stimulus");
    adapter
        .collect(Duration::ZERO)
        .expect("collect")
        .into_iter()
        .map(|m| {
            assert!(m.wire.is_some(), "every output has its wire form");
            serde_json::from_value(m.action).expect("model action")
        })
        .collect()
}

fn submit(push: u8) -> Action {
    PpgModel::default()
        .submit_action(usize::from(push))
        .expect("a template")
}

#[test]
fn reference_ppg_confirmed_push_is_delivered_on_the_acknowledgement() {
    let mut a = ReferencePpgAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("ppg")).expect("reset");
    assert_eq!(
        send(&mut a, submit(0)),
        [
            Action::PushResponse {
                push: 0,
                code: StatusCode::ACCEPTED_FOR_PROCESSING,
                progress_note: Some(Stage::Other)
            },
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: None
            },
        ]
    );
    let ack = Action::ReplyArrive {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    };
    assert_eq!(
        send(&mut a, ack),
        [Action::ResultNotification {
            client: 0,
            push: 0,
            state: MsgState::Delivered,
            code: StatusCode::OK
        }]
    );
    assert_eq!(
        send(&mut a, Action::StatusQuery { push: 0 }),
        [Action::StatusQueryResponse {
            push: 0,
            state: MsgState::Delivered,
            code: StatusCode::OK
        }]
    );
}

#[test]
fn reference_ppg_holds_deliver_after_and_falls_back_to_unconfirmed() {
    let mut a = ReferencePpgAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("ppg")).expect("reset");
    assert_eq!(
        send(&mut a, submit(1)),
        [Action::PushResponse {
            push: 1,
            code: StatusCode::ACCEPTED_FOR_PROCESSING,
            progress_note: None
        }]
    );
    assert_eq!(
        send(&mut a, Action::Tick { now: 1 }),
        [
            Action::OtaPush {
                push: 1,
                client: 1,
                confirmed: false,
                app: None
            },
            Action::ResultNotification {
                client: 1,
                push: 1,
                state: MsgState::Delivered,
                code: StatusCode::OK
            },
        ]
    );
    // Confirmed to the client that cannot acknowledge: 3007.
    assert_eq!(
        send(&mut a, submit(2)),
        [Action::PushResponse {
            push: 2,
            code: StatusCode::DELIVERY_METHOD_NOT_POSSIBLE,
            progress_note: None
        }]
    );
}

#[test]
fn reference_ppg_answers_bad_documents_and_times_out_beyond_the_horizon() {
    let mut a = ReferencePpgAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("ppg")).expect("reset");
    for (kind, code) in [
        (BadDocument::Malformed, StatusCode::BAD_REQUEST),
        (
            BadDocument::UnsupportedVersion,
            StatusCode::VERSION_NOT_SUPPORTED,
        ),
    ] {
        assert_eq!(
            send(&mut a, Action::SubmitBad { kind }),
            [Action::BadMessageResponse { code }]
        );
    }
    // Held until tick 1, then beyond the horizon (tick 2): sent there, and its acknowledgement
    // deadline passes at once (every deadline has passed beyond the horizon).
    let late = PpgConfig {
        pushes: vec![pushwake_model::ppg::PushTemplate {
            deliver_after: Some(2),
            deliver_before: None,
            ..PpgConfig::default().pushes[0].clone()
        }],
        ..PpgConfig::default()
    };
    let mut a = ReferencePpgAdapter::new(late, None);
    a.reset(&setup("ppg")).expect("reset");
    send(&mut a, {
        let mut s = submit(0);
        if let Action::Submit {
            deliver_before,
            deliver_after,
            ..
        } = &mut s
        {
            *deliver_before = None;
            *deliver_after = Some(2);
        }
        s
    });
    assert_eq!(send(&mut a, Action::Tick { now: 1 }), []);
    assert_eq!(
        send(&mut a, Action::Tick { now: 2 }),
        [
            Action::OtaPush {
                push: 0,
                client: 0,
                confirmed: true,
                app: None
            },
            Action::ResultNotification {
                client: 0,
                push: 0,
                state: MsgState::Timeout,
                code: StatusCode::SERVICE_FAILURE
            },
        ]
    );
}

#[test]
fn reference_ppg_adapter_refuses_outputs_as_stimuli_and_a_mismatched_wire() {
    let mut a = ReferencePpgAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("ppg")).expect("reset");
    let output = Message {
        action: serde_json::to_value(Action::BadMessageResponse {
            code: StatusCode::BAD_REQUEST,
        })
        .expect("json"),
        wire: None,
    };
    assert!(matches!(
        a.stimulate(&output),
        Err(AdapterError::Unsupported(_))
    ));
    let m = PpgModel::default();
    let wrong = Message {
        action: serde_json::to_value(Action::Cancel { push: 0 }).expect("json"),
        wire: PpgBinding.render(&m, 0, &Action::Cancel { push: 1 }),
    };
    assert!(matches!(a.stimulate(&wrong), Err(AdapterError::Setup(_))));
    assert!(matches!(
        a.reset(&setup("push-client")),
        Err(AdapterError::Setup(_))
    ));
}

#[test]
fn reference_ppg_config_follows_the_model_config() {
    let c = ppg_config_for(&PpgConfig::default());
    assert_eq!(
        c.unconfirmed_only_addresses,
        ["WAPPUSH=+15550000001/TYPE=PLMN@ppg.pushwake.test"]
    );
    assert_eq!(c.ack_timeout_secs, 60);
    assert_eq!(c.max_retransmissions, 0);
    assert!(c.expire_in_flight);
    assert!(!c.capability_matching);
    assert_eq!(c.failure_code, StatusCode::SERVICE_FAILURE);
    assert_eq!(c.retention_secs, i64::MAX);
}

#[test]
fn reference_push_client_acknowledges_and_reacknowledges_a_retransmission() {
    let mut a = ReferencePushClientAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("push-client")).expect("reset");
    let deliver = |confirmed| Action::OtaDeliver {
        push: 0,
        client: 0,
        confirmed,
        app: None,
    };
    let ack = Action::ClientReply {
        push: 0,
        client: 0,
        reply: Reply::Ack,
    };
    let present = Action::Present { push: 0, client: 0 };
    // Presented once, acknowledged every time (OTA-DUPLICATE, SIPPUSH-REQ8).
    assert_eq!(send(&mut a, deliver(true)), [present, ack]);
    assert_eq!(send(&mut a, deliver(true)), [ack]);
    assert_eq!(send(&mut a, Action::Tick { now: 1 }), []);
    let mut a = ReferencePushClientAdapter::new(PpgConfig::default(), None);
    a.reset(&setup("push-client")).expect("reset");
    assert_eq!(send(&mut a, deliver(false)), [present]);
    let mut a =
        ReferencePushClientAdapter::new(PpgConfig::default(), Some(PushClientMutant::NeverAcks));
    a.reset(&setup("push-client")).expect("reset");
    assert_eq!(send(&mut a, deliver(true)), [present]);
    let mut a = ReferencePushClientAdapter::new(
        PpgConfig::default(),
        Some(PushClientMutant::PresentsDuplicates),
    );
    a.reset(&setup("push-client")).expect("reset");
    assert_eq!(send(&mut a, deliver(true)), [present, ack]);
    assert_eq!(send(&mut a, deliver(true)), [present, ack]);
}

// ---------------------------------------------------------------------------------------------
// Through the runner.

/// One vector on the default model: submit push 1 (preferconfirmed, held until tick 1, to a
/// client that cannot acknowledge), tick, expect the unconfirmed push and its notification.
fn suite() -> Suite {
    let m = PpgModel::default();
    let s0: State = stateright::Model::init_states(&m).remove(0);
    let stim = |a: Action| Step::Stimulus {
        action: serde_json::to_value(a).expect("json"),
        wire: PpgBinding.wire(&m, &s0, &a, "ppg"),
        requirement: "PAP-TS-AFTER-HOLD".into(),
    };
    let expect = |a: Action| Step::Expect {
        allowed: vec![serde_json::to_value(a).expect("json")],
        planned: serde_json::to_value(a).expect("json"),
        wire: PpgBinding.wire(&m, &s0, &a, "ppg"),
        requirement: "PAP-TS-AFTER-HOLD".into(),
        timeout_ms: 100,
    };
    let body = vec![
        stim(submit(1)),
        expect(Action::PushResponse {
            push: 1,
            code: StatusCode::ACCEPTED_FOR_PROCESSING,
            progress_note: None,
        }),
        Step::Quiescence { timeout_ms: 10 },
        stim(Action::Tick { now: 1 }),
        expect(Action::OtaPush {
            push: 1,
            client: 1,
            confirmed: false,
            app: None,
        }),
        expect(Action::ResultNotification {
            client: 1,
            push: 1,
            state: MsgState::Delivered,
            code: StatusCode::OK,
        }),
        Step::Quiescence { timeout_ms: 10 },
    ];
    let applicability = "PPG-DELIVER-AFTER && PPG-RESULT-NOTIFICATION".to_owned();
    let id = Vector::derive_id(
        "ppg",
        "ppg",
        VectorKind::Transition,
        &applicability,
        [&[], &body, &[]],
    );
    Suite {
        format: pushwake_conformance::vector::FORMAT.into(),
        id: "ppg-hand".into(),
        model: "ppg".into(),
        config: serde_json::to_value(PpgConfig::default()).expect("json"),
        role: "ppg".into(),
        seed: 0,
        generator: GeneratorInfo {
            name: "hand".into(),
            version: "0".into(),
        },
        coverage: Coverage {
            states: 0,
            transitions: 0,
            role_transitions: 0,
            steerable_role_transitions: 0,
            covered_role_transitions: 0,
            role_contexts: 0,
            steerable_role_contexts: 0,
            covered_role_contexts: 0,
            choice_role_contexts: 0,
            iut_choice_classes: vec![],
            iut_choice_transitions: vec![],
            witnesses_covered: 0,
            witnesses_total: 0,
            requirements: vec!["PAP-TS-AFTER-HOLD".into()],
        },
        vectors: vec![Vector {
            id,
            title: "deliver-after holds a preferconfirmed push".into(),
            purpose: "held until deliver-after, then sent unconfirmed".into(),
            kind: VectorKind::Transition,
            requirements: vec!["PAP-TS-AFTER-HOLD".into()],
            applicability,
            targets: vec![],
            preamble: vec![],
            body,
            postamble: vec![],
        }],
    }
}

fn verdict(spec: &str) -> (Verdict, String) {
    let suite = suite();
    let factory = iut::factory(&Ppg, spec, &suite.config).expect("factory");
    let info = RunInfo {
        tool_version: "test".into(),
        suite_id: suite.id.clone(),
        suite_name: "hand".into(),
        model: "ppg".into(),
        model_config: suite.config.clone(),
        iut_role: "ppg".into(),
        iut: spec.into(),
        generator_version: "0".into(),
        seed: 0,
        vector_count: 0,
        partition: None,
        started_at: "2026-01-01T00:00:00Z".into(),
        ics: None,
    };
    let mut results = Vec::new();
    run_suite(
        Arc::new(PpgModel::default()),
        &suite,
        factory,
        &RunOptions::default(),
        info,
        vec![],
        &mut |e| {
            if let RunEvent::VectorFinished(r) = e {
                results.push((r.verdict, r.reason.clone()));
            }
        },
    );
    results.pop().expect("one vector")
}

#[test]
fn runner_passes_the_reference_ppg_and_fails_a_mutant() {
    assert_eq!(
        verdict("reference:ppg"),
        (
            Verdict::Pass,
            "every observation allowed by the model".to_owned()
        )
    );
    let (v, reason) = verdict("reference:ppg?mutant=ignores-deliver-after");
    assert_eq!(v, Verdict::Fail, "{reason}");
    // The reason names the requirement broken, the observation in words and as the model
    // action, and what the model allowed.
    assert!(
        reason.starts_with("[PAP-TS-AFTER-HOLD] the IUT emitted ")
            && reason.contains(
                "({\"action\":\"ota-push\",\"app\":null,\"client\":1,\"confirmed\":false,\"push\":1}), \
                 which the model forbids here"
            ),
        "{reason}"
    );
}

#[test]
fn submission_template_methods_are_what_the_vector_says() {
    // Guards the hand-written vector above against a change of the model's default config.
    assert_eq!(
        PpgConfig::default().pushes[1].method,
        Method::Preferconfirmed
    );
}
