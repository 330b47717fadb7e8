//! The PPG wire binding: every action with a wire form round-trips through the codecs (render,
//! parse, map back = the same action), the naming conventions are exact, and anything that names
//! no action of the model is `Unmappable`.

use pushwake_codecs::pap::{
    self, Address, CancelResponse, CancelResult, MessageState, PapDocument, PapMessage, StatusCode,
    StatusQueryResponse, StatusQueryResult, Timestamp,
};
use pushwake_conformance::adapter::AdapterError;
use pushwake_conformance::binding::Binding;
use pushwake_conformance::generate::ics_items_of;
use pushwake_conformance::ppg::bind::{
    self as b, OtaUplinkText, PpgBinding, abort_reason_for, address, clock_time, push_id,
};
use pushwake_conformance::ppg::reference::ota::AbortReason;
use pushwake_conformance::vector::Wire;
use pushwake_model::LabelledModel;
use pushwake_model::ppg::{
    Action, BadDocument, ClientSet, Method, MsgState, PpgConfig, PpgModel, Reply, Stage,
};
use stateright::Model;

fn model() -> PpgModel {
    PpgModel::new(PpgConfig::default()).expect("default config is valid")
}

/// The role whose view decodes `action`'s wire form back to `action`.
fn role_of(action: &Action) -> &'static str {
    match action {
        Action::OtaDeliver { .. } | Action::ClientReply { .. } => "push-client",
        _ => "ppg",
    }
}

/// Every action of the default model's vocabulary that has a wire form (each template's
/// submission in several variants, every request, every answer code the model uses, every OTA
/// message and every clock tick).
fn actions_with_wire_forms(m: &PpgModel) -> Vec<Action> {
    let mut out = Vec::new();
    let codes = [
        StatusCode::OK,
        StatusCode::ACCEPTED_FOR_PROCESSING,
        StatusCode::FORBIDDEN,
        StatusCode::PUSH_ID_NOT_FOUND,
        StatusCode::DUPLICATE_PUSH_ID,
        StatusCode::CANCELLATION_NOT_POSSIBLE,
        StatusCode::NOT_IMPLEMENTED,
        StatusCode::NOT_POSSIBLE,
        StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED,
        StatusCode::DELIVERY_METHOD_NOT_POSSIBLE,
        StatusCode::SERVICE_FAILURE,
        StatusCode(5026),
    ];
    for push in 0..3u8 {
        for method in [
            Method::Confirmed,
            Method::Preferconfirmed,
            Method::Unconfirmed,
        ] {
            for (notify, notes) in [(false, false), (true, true)] {
                out.push(Action::Submit {
                    push,
                    clients: if notes {
                        ClientSet::of(&[0, 1])
                    } else {
                        ClientSet::one(push % 2)
                    },
                    app: notify.then_some(push),
                    method,
                    notify_requested: notify,
                    progress_notes_requested: notes,
                    deliver_before: notify.then_some(200),
                    deliver_after: notes.then_some(push),
                });
            }
        }
        out.push(Action::Cancel { push });
        out.push(Action::StatusQuery { push });
        for &code in &codes {
            out.push(Action::ResultNotificationResponse { push, code });
            out.push(Action::PushResponse {
                push,
                code,
                progress_note: (code == StatusCode::ACCEPTED_FOR_PROCESSING)
                    .then_some(Stage::State(MsgState::Pending)),
            });
            out.push(Action::CancelResponse { push, code });
        }
        for state in MsgState::ALL {
            out.push(Action::StatusQueryResponse {
                push,
                state,
                code: StatusCode::OK,
            });
            out.push(Action::ResultNotification {
                client: push % 2,
                push,
                state,
                code: m.rn_code(state, None),
            });
        }
        for confirmed in [false, true] {
            out.push(Action::OtaPush {
                push,
                client: 1,
                confirmed,
                app: None,
            });
            out.push(Action::OtaDeliver {
                push,
                client: 0,
                confirmed,
                app: Some(push),
            });
        }
        for reply in [
            Reply::Ack,
            Reply::Abort {
                code: StatusCode::CLIENT_ABORTED,
            },
            Reply::Abort {
                code: StatusCode(5026),
            },
        ] {
            out.push(Action::ClientReply {
                push,
                client: 1,
                reply,
            });
            out.push(Action::ReplyArrive {
                push,
                client: 0,
                reply,
            });
        }
    }
    for client in 0..2u8 {
        out.push(Action::Ccq { client });
        out.push(Action::CcqResponse {
            client,
            code: StatusCode::OK,
        });
        out.push(Action::CcqResponse {
            client,
            code: StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED,
        });
    }
    for kind in [BadDocument::Malformed, BadDocument::UnsupportedVersion] {
        out.push(Action::SubmitBad { kind });
    }
    for code in [StatusCode::BAD_REQUEST, StatusCode::VERSION_NOT_SUPPORTED] {
        out.push(Action::BadMessageResponse { code });
    }
    for now in 0..=m.beyond() {
        out.push(Action::Tick { now });
    }
    out
}

#[test]
fn every_wire_form_round_trips_through_the_codecs() {
    let m = model();
    let actions = actions_with_wire_forms(&m);
    assert_eq!(actions.len(), 223);
    for action in actions {
        let wire = PpgBinding
            .render(&m, 1, &action)
            .unwrap_or_else(|| panic!("{action:?} has a wire form"));
        let back = PpgBinding
            .decode(&m, &wire, role_of(&action))
            .unwrap_or_else(|e| panic!("{action:?}: {e}\n{wire:?}"));
        assert_eq!(back, action, "{wire:?}");
    }
}

#[test]
fn pap_wire_forms_are_canonical_pap() {
    let m = model();
    for action in actions_with_wire_forms(&m) {
        if let Some(doc) = PpgBinding.pap_document(&m, 0, &action) {
            assert_eq!(pap::is_canonical(&doc), Ok(()), "{action:?}");
            assert_eq!(pap::parse(&pap::write(&doc)), Ok(doc));
        }
    }
}

#[test]
fn internal_and_bearer_steps_have_no_wire_form() {
    let m = model();
    for action in [
        Action::OtaLose { push: 0, client: 0 },
        Action::OtaDuplicate { push: 0, client: 0 },
        Action::ReplyLose { push: 0, client: 0 },
        Action::Expire { push: 0 },
        Action::ConfirmTimeout { push: 0, client: 0 },
        Action::Undeliverable { push: 2, client: 1 },
    ] {
        assert_eq!(PpgBinding.render(&m, 0, &action), None, "{action:?}");
    }
}

#[test]
fn wire_is_given_only_for_the_iut_role_and_the_clock() {
    let m = model();
    let s = m.init_states().remove(0);
    let deliver = Action::OtaDeliver {
        push: 0,
        client: 0,
        confirmed: true,
        app: None,
    };
    let submit = Action::Cancel { push: 0 };
    let tick = Action::Tick { now: 1 };
    assert!(PpgBinding.wire(&m, &s, &deliver, "ppg").is_none());
    assert!(PpgBinding.wire(&m, &s, &deliver, "push-client").is_some());
    assert!(PpgBinding.wire(&m, &s, &submit, "ppg").is_some());
    assert!(PpgBinding.wire(&m, &s, &submit, "push-client").is_none());
    assert!(PpgBinding.wire(&m, &s, &tick, "ppg").is_some());
    assert!(PpgBinding.wire(&m, &s, &tick, "push-client").is_some());
    assert!(
        PpgBinding
            .wire(&m, &s, &Action::Expire { push: 0 }, "ppg")
            .is_none()
    );
}

#[test]
fn names_push_ids_addresses_and_times_as_documented() {
    let m = model();
    assert_eq!(push_id(2), "pushwake-2");
    assert_eq!(
        address(1),
        "WAPPUSH=+15550000001/TYPE=PLMN@ppg.pushwake.test"
    );
    assert_eq!(clock_time(&m, 0).to_string(), "2026-01-01T00:00:00Z");
    assert_eq!(clock_time(&m, 1).to_string(), "2026-01-01T00:01:00Z");
    // Tick 2 is beyond the default horizon (1): every deadline has passed.
    assert_eq!(clock_time(&m, 2).to_string(), "2026-01-08T00:00:00Z");
    assert_eq!(b::deadline_time(2).to_string(), "2026-01-01T00:02:00Z");
    let tick = PpgBinding
        .render(&m, 0, &Action::Tick { now: 2 })
        .expect("time");
    assert_eq!(
        tick,
        Wire {
            kind: "time".into(),
            content_type: None,
            text: Some("2026-01-08T00:00:00Z".into()),
            hex: None,
        }
    );
}

#[test]
fn submission_is_multipart_with_the_push_message_fields() {
    let m = model();
    let submit = Action::Submit {
        push: 0,
        clients: ClientSet::one(0),
        app: None,
        method: Method::Confirmed,
        notify_requested: true,
        progress_notes_requested: true,
        deliver_before: Some(2),
        deliver_after: None,
    };
    let wire = PpgBinding.render(&m, 0, &submit).expect("submission");
    assert_eq!(wire.kind, "pap-multipart");
    assert_eq!(
        wire.content_type.as_deref(),
        Some("multipart/related; boundary=\"pushwake-boundary-3f1c9a\"; type=\"application/xml\"")
    );
    let text = wire.text.expect("text");
    for needle in [
        "push-id=\"pushwake-0\"",
        "deliver-before-timestamp=\"2026-01-01T00:02:00Z\"",
        "ppg-notify-requested-to=\"http://pi.pushwake.test/rn\"",
        "progress-notes-requested=\"true\"",
        "address-value=\"WAPPUSH=+15550000000/TYPE=PLMN@ppg.pushwake.test\"",
        "delivery-method=\"confirmed\"",
        "Content-Type: text/plain\r\n\r\npushwake push 0\r\n",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

#[test]
fn bad_documents_are_refused_by_the_parser_for_their_reason() {
    let malformed = b::bad_document(BadDocument::Malformed);
    let version = b::bad_document(BadDocument::UnsupportedVersion);
    let e = pap::parse(malformed.as_bytes()).expect_err("malformed");
    assert_eq!(b::classify_bad(&malformed, &e), BadDocument::Malformed);
    let e = pap::parse(version.as_bytes()).expect_err("unsupported version");
    assert_eq!(
        (e.kind, e.structure),
        (pushwake_codecs::ErrorKind::InvalidValue, "DOCTYPE")
    );
    assert_eq!(
        version.get(e.offset..e.offset + 28),
        Some("-//WAPFORUM//DTD PAP 9.9//EN")
    );
    assert_eq!(
        b::classify_bad(&version, &e),
        BadDocument::UnsupportedVersion
    );
    // The same document with the PAP 2.0 DOCTYPE is fine: only the version is wrong.
    let fixed = version.replace(
        "\"-//WAPFORUM//DTD PAP 9.9//EN\" \"http://www.wapforum.org/DTD/pap_9.9.dtd\"",
        "\"-//WAPFORUM//DTD PAP 2.0//EN\" \"http://www.wapforum.org/DTD/pap_2.0.dtd\"",
    );
    assert!(pap::parse(fixed.as_bytes()).is_ok());
}

fn unmappable_reason(r: Result<Action, AdapterError>) -> String {
    match r {
        Err(AdapterError::Unmappable { reason, .. }) => reason,
        other => panic!("expected Unmappable, got {other:?}"),
    }
}

fn doc(message: PapMessage) -> PapDocument {
    PapDocument {
        product_name: None,
        message,
    }
}

#[test]
fn unknown_push_id_strings_are_unmappable() {
    let m = model();
    for id in [
        "pushwake-3",
        "pushwake-01",
        "pushwake-",
        "other-0",
        "pushwake-+1",
    ] {
        let d = doc(PapMessage::CancelResponse(CancelResponse {
            push_id: id.into(),
            results: vec![CancelResult {
                code: StatusCode::OK,
                desc: None,
                addresses: Vec::new(),
            }],
        }));
        assert_eq!(
            unmappable_reason(PpgBinding.action_from_pap(&m, &d)),
            format!("push-id {id:?} names no push of the model")
        );
    }
}

#[test]
fn unknown_addresses_states_and_result_counts_are_unmappable() {
    let m = model();
    let ccq = doc(PapMessage::CcqResponse(pap::CcqResponse {
        query_id: "q".into(),
        code: StatusCode::OK,
        desc: None,
        address: Address {
            address_value: "WAPPUSH=+15550000002/TYPE=PLMN@ppg.pushwake.test".into(),
        },
    }));
    assert_eq!(
        unmappable_reason(PpgBinding.action_from_pap(&m, &ccq)),
        "address \"WAPPUSH=+15550000002/TYPE=PLMN@ppg.pushwake.test\" names no client of the model"
    );
    let result = |state: MessageState| StatusQueryResult {
        message_state: state,
        code: StatusCode::OK,
        desc: None,
        event_time: None,
        addresses: Vec::new(),
    };
    let other = doc(PapMessage::StatusqueryResponse(StatusQueryResponse {
        push_id: "pushwake-0".into(),
        results: vec![result(MessageState::Other("gone".into()))],
    }));
    assert_eq!(
        unmappable_reason(PpgBinding.action_from_pap(&m, &other)),
        "message-state \"gone\" is outside PAP 2.0"
    );
    let two = doc(PapMessage::StatusqueryResponse(StatusQueryResponse {
        push_id: "pushwake-0".into(),
        results: vec![result(MessageState::Pending), result(MessageState::Pending)],
    }));
    assert_eq!(
        unmappable_reason(PpgBinding.action_from_pap(&m, &two)),
        "statusquery-response with 2 results; the model has one"
    );
}

#[test]
fn times_between_ticks_and_foreign_wire_kinds_are_unmappable() {
    let m = model();
    let wire = |kind: &str, text: &str| Wire {
        kind: kind.into(),
        content_type: None,
        text: Some(text.into()),
        hex: None,
    };
    assert_eq!(
        unmappable_reason(PpgBinding.decode(&m, &wire("time", "2026-01-01T00:00:30Z"), "ppg")),
        "timestamp 2026-01-01T00:00:30Z is not on a tick"
    );
    // Tick 5 exists as a deadline but not as a clock tick of horizon 1.
    assert_eq!(
        unmappable_reason(PpgBinding.decode(&m, &wire("time", "2026-01-01T00:05:00Z"), "ppg")),
        "timestamp 2026-01-01T00:05:00Z is no clock tick"
    );
    assert_eq!(
        unmappable_reason(PpgBinding.decode(&m, &wire("apdu", "00"), "ppg")),
        "wire kind \"apdu\" is not one of the PPG binding"
    );
    let uplink = OtaUplinkText {
        ota_id: 1,
        push_id: "pushwake-0".into(),
        address: address(0),
        reply: "maybe".into(),
        abort_reason: None,
    };
    assert_eq!(
        unmappable_reason(PpgBinding.action_from_uplink(&m, &uplink, "ppg")),
        "uplink reply \"maybe\" with abort reason None"
    );
    let text = serde_json::to_string(&uplink).expect("json");
    let reason = unmappable_reason(PpgBinding.decode(&m, &wire("ota-uplink", &text[1..]), "ppg"));
    assert!(reason.starts_with("OTA text does not decode: "), "{reason}");
}

#[test]
fn decode_errors_carry_the_wire_form() {
    let m = model();
    let w = Wire {
        kind: "time".into(),
        content_type: None,
        text: Some("2026-01-01T00:00:30Z".into()),
        hex: None,
    };
    match PpgBinding.decode(&m, &w, "ppg") {
        Err(AdapterError::Unmappable { wire, .. }) => assert_eq!(wire, Some(w)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn abort_codes_map_to_wsp_reasons_and_back() {
    assert_eq!(abort_reason_for(StatusCode(5000)), Some(AbortReason(0xD0)));
    assert_eq!(
        abort_reason_for(StatusCode(5026)),
        Some(AbortReason::USERREQ)
    );
    assert_eq!(abort_reason_for(StatusCode(5047)), Some(AbortReason(0xFF)));
    assert_eq!(abort_reason_for(StatusCode(5048)), None);
    assert_eq!(abort_reason_for(StatusCode(4000)), None);
    for code in 5000..=5047 {
        let reason = abort_reason_for(StatusCode(code)).expect("in range");
        assert_eq!(reason.pap_status(), StatusCode(code));
    }
}

#[test]
fn ics_items_name_the_optional_features() {
    let submit = Action::Submit {
        push: 0,
        clients: ClientSet::one(0),
        app: None,
        method: Method::Confirmed,
        notify_requested: true,
        progress_notes_requested: true,
        deliver_before: Some(2),
        deliver_after: Some(1),
    };
    assert_eq!(
        ics_items_of(&PpgModel::default(), &submit, "ppg"),
        [
            "PPG-CONFIRMED",
            "PPG-RESULT-NOTIFICATION",
            "PPG-PROGRESS-NOTES",
            "PPG-DELIVER-AFTER",
            "PPG-DELIVER-BEFORE",
        ]
    );
    assert_eq!(
        ics_items_of(&PpgModel::default(), &Action::Cancel { push: 0 }, "ppg"),
        ["PPG-CANCEL"]
    );
    assert_eq!(
        ics_items_of(
            &PpgModel::default(),
            &Action::StatusQuery { push: 0 },
            "ppg"
        ),
        ["PPG-STATUS-QUERY"]
    );
    assert_eq!(
        ics_items_of(&PpgModel::default(), &Action::Ccq { client: 0 }, "ppg"),
        ["PPG-CCQ"]
    );
    assert_eq!(
        ics_items_of(&PpgModel::default(), &Action::Expire { push: 0 }, "ppg"),
        ["PPG-DELIVER-BEFORE"]
    );
    let unconfirmed = Action::OtaPush {
        push: 0,
        client: 0,
        confirmed: false,
        app: None,
    };
    assert!(ics_items_of(&PpgModel::default(), &unconfirmed, "ppg").is_empty());
    assert!(ics_items_of(&PpgModel::default(), &submit, "push-client").is_empty());
    assert_eq!(PpgModel::default().ics_items().len(), 9);
}

#[test]
fn negative_and_stimulus_actions() {
    let neg = |a: Action| PpgModel::default().label(&a).negative;
    assert!(neg(Action::SubmitBad {
        kind: BadDocument::Malformed
    }));
    assert!(neg(Action::CancelResponse {
        push: 0,
        code: StatusCode::PUSH_ID_NOT_FOUND
    }));
    assert!(neg(Action::StatusQueryResponse {
        push: 0,
        state: MsgState::Unknown,
        code: StatusCode::PUSH_ID_NOT_FOUND
    }));
    assert!(neg(Action::PushResponse {
        push: 0,
        code: StatusCode::DUPLICATE_PUSH_ID,
        progress_note: None
    }));
    assert!(neg(Action::PushResponse {
        push: 0,
        code: StatusCode::FORBIDDEN,
        progress_note: None
    }));
    assert!(!neg(Action::PushResponse {
        push: 0,
        code: StatusCode::ACCEPTED_FOR_PROCESSING,
        progress_note: None
    }));
    assert!(!neg(Action::Cancel { push: 0 }));
    let time = |a: Action| PpgModel::default().label(&a).time;
    assert!(time(Action::Tick { now: 1 }));
    assert!(!time(Action::OtaLose { push: 0, client: 0 }));
    assert!(!time(Action::Cancel { push: 0 }));
}

#[test]
fn a_timestamp_is_the_tick_it_renders() {
    let m = model();
    assert_eq!(PpgBinding.clock_tick(&m, clock_time(&m, 2)), Ok(2));
    assert_eq!(
        PpgBinding.deadline_tick(Timestamp(b::BASE.0 + 255 * 60)),
        Ok(255)
    );
    assert!(
        PpgBinding
            .deadline_tick(Timestamp(b::BASE.0 + 256 * 60))
            .is_err()
    );
    assert!(PpgBinding.deadline_tick(Timestamp(b::BASE.0 - 60)).is_err());
}
