//! PAP 2.0 parser and writer: known answers, the fixture corpus, negative cases with the exact
//! error, and round-trip properties. Fixtures live in tests/files/pap (README there, one line each).

#![allow(clippy::unwrap_used)] // In tests a panic is a test failure.

use proptest::prelude::*;
use pushwake_codecs::pap::{self, *};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/files/pap/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const PLMN: &str = "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com";
const PUSH_ID: &str = "pw-0001@pi.example.com";

fn addr(v: &str) -> Address {
    Address {
        address_value: v.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Known answers

#[test]
fn parses_push_message_fixture_exactly() {
    let doc = pap::parse(&fixture("push-message.xml")).unwrap();
    assert_eq!(
        doc,
        PapDocument {
            product_name: Some("pushwake".into()),
            message: PapMessage::PushMessage(PushMessage {
                push_id: PUSH_ID.into(),
                deliver_before_timestamp: Some(Timestamp(1_795_521_600)),
                deliver_after_timestamp: Some(Timestamp(1_795_458_605)),
                source_reference: Some("pushwake-pi".into()),
                ppg_notify_requested_to: Some("http://pi.example.com/notify?a=1&b=2".into()),
                progress_notes_requested: Some(true),
                replace_push_id: Some("pw-0000@pi.example.com".into()),
                replace_method: Some("pending-only".into()),
                addresses: vec![
                    addr(PLMN),
                    addr("WAPPUSH=10.0.0.7/TYPE=IPv4@ppg.example.com")
                ],
                quality_of_service: Some(QualityOfService {
                    priority: Some(Priority::High),
                    delivery_method: Some(DeliveryMethod::Confirmed),
                    network: Some("GSM".into()),
                    network_required: Some(true),
                    bearer: Some("SMS".into()),
                    bearer_required: Some(false),
                }),
            }),
        }
    );
}

#[test]
fn parses_kannel_shaped_push_message_with_pap_1_0_doctype_and_end_tags() {
    let doc = pap::parse(&fixture("kannel-push-message.xml")).unwrap();
    assert_eq!(
        doc,
        PapDocument {
            product_name: None,
            message: PapMessage::PushMessage(PushMessage {
                push_id: "9fjeo39jf084@pi.com".into(),
                deliver_before_timestamp: Some(Timestamp(1_036_133_100)),
                deliver_after_timestamp: Some(Timestamp(951_633_900)),
                source_reference: None,
                ppg_notify_requested_to: None,
                progress_notes_requested: Some(false),
                replace_push_id: None,
                replace_method: None,
                addresses: vec![addr("WAPPUSH=+358408676001/TYPE=PLMN@ppg.carrier.com")],
                quality_of_service: Some(QualityOfService {
                    priority: Some(Priority::Low),
                    delivery_method: Some(DeliveryMethod::Unconfirmed),
                    network: Some("GSM".into()),
                    network_required: Some(true),
                    bearer: Some("SMS".into()),
                    bearer_required: Some(true),
                }),
            }),
        }
    );
}

#[test]
fn parses_kannel_shaped_push_response() {
    let doc = pap::parse(&fixture("kannel-push-response.xml")).unwrap();
    assert_eq!(
        doc.message,
        PapMessage::PushResponse(PushResponse {
            push_id: "9fjeo39jf084@pi.com".into(),
            sender_address: Some("http://127.0.0.1:18080/wappush".into()),
            sender_name: Some("WAP/1.3 Kannel/1.4.5".into()),
            reply_time: Some(Timestamp(1_795_458_606)),
            progress_notes: vec![],
            result: ResponseResult {
                code: StatusCode::ACCEPTED_FOR_PROCESSING,
                desc: Some("The request has been accepted for processing".into()),
            },
        })
    );
}

#[test]
fn parses_push_response_captured_from_kannel_1_4_5() {
    let doc = pap::parse(&fixture("kannel-1.4.5-captured-push-response.xml")).unwrap();
    assert_eq!(
        doc,
        PapDocument {
            product_name: None,
            message: PapMessage::PushResponse(PushResponse {
                push_id: "pw-kannel-1@pi.example.com".into(),
                sender_address: Some("/wappush".into()),
                sender_name: Some("vm; WAP/1.3 (Kannel/1.4.5)".into()),
                reply_time: Some("2026-11-23T20:08:30Z".parse().unwrap()),
                progress_notes: vec![],
                result: ResponseResult {
                    code: StatusCode::ACCEPTED_FOR_PROCESSING,
                    desc: Some("The request has been accepted for processing".into()),
                },
            }),
        }
    );
}

#[test]
fn parses_kannel_shaped_bad_message_response() {
    let doc = pap::parse(&fixture("kannel-badmessage-response.xml")).unwrap();
    assert_eq!(
        doc.message,
        PapMessage::BadmessageResponse(BadMessageResponse {
            code: StatusCode::BAD_REQUEST,
            desc: Some("Not understood due to malformed syntax".into()),
            bad_message_fragment: Some("<pap><push-message push-id=\"x\"".into()),
        })
    );
}

#[test]
fn parses_test_ppg_shaped_push_message_with_unversioned_pap_1_0_public_id() {
    let doc = pap::parse(&fixture("kannel-test-ppg-push-message.xml")).unwrap();
    assert_eq!(
        doc,
        PapDocument {
            product_name: None,
            message: PapMessage::PushMessage(PushMessage {
                push_id: "pw-test-ppg-1@pi.example.com".into(),
                deliver_before_timestamp: Some(Timestamp(1_796_107_500)),
                deliver_after_timestamp: None,
                source_reference: None,
                ppg_notify_requested_to: None,
                progress_notes_requested: Some(false),
                replace_push_id: None,
                replace_method: None,
                addresses: vec![addr(PLMN)],
                quality_of_service: Some(QualityOfService {
                    priority: Some(Priority::Low),
                    delivery_method: Some(DeliveryMethod::Unconfirmed),
                    network: Some("GSM".into()),
                    network_required: Some(true),
                    bearer: Some("SMS".into()),
                    bearer_required: Some(true),
                }),
            }),
        }
    );
}

#[test]
fn parses_cancel_message_with_unversioned_pap_1_0_public_id_over_two_lines() {
    assert_eq!(
        pap::parse(&fixture("pap-1.0-unversioned-cancel-message.xml")).map(|d| d.message),
        Ok(PapMessage::CancelMessage(CancelMessage {
            push_id: PUSH_ID.into(),
            addresses: vec![],
        }))
    );
}

#[rstest]
#[case::pap_2_0("-//WAPFORUM//DTD PAP 2.0//EN")]
#[case::pap_2_1("-//WAPFORUM//DTD PAP 2.1//EN")]
#[case::pap_1_0("-//WAPFORUM//DTD PAP 1.0//EN")]
#[case::pap_1_0_unversioned("-//WAPFORUM//DTD PAP//EN")]
fn accepts_every_pap_public_identifier(#[case] id: &str) {
    assert!(PAP_PUBLIC_IDS.contains(&id));
    let input =
        format!(r#"<!DOCTYPE pap PUBLIC "{id}" "x"><pap><statusquery-message push-id="p"/></pap>"#);
    assert!(pap::parse(input.as_bytes()).is_ok());
}

#[test]
fn parses_pap_2_1_client_push_message_with_crlf_lines() {
    let doc = pap::parse(&fixture("client-pap21-push-message.xml")).unwrap();
    let PapMessage::PushMessage(m) = doc.message else {
        panic!("not a push-message")
    };
    assert_eq!(m.push_id, "1700000000000");
    assert_eq!(m.deliver_before_timestamp, Some(Timestamp(1_795_545_000)));
    assert_eq!(m.addresses, vec![addr("push_all")]);
    assert_eq!(
        m.quality_of_service.and_then(|q| q.delivery_method),
        Some(DeliveryMethod::Unconfirmed)
    );
}

#[test]
fn expands_predefined_entities_and_character_references_after_a_bom() {
    let doc = pap::parse(&fixture("bom-no-doctype-cancel.xml")).unwrap();
    assert_eq!(
        doc.message,
        PapMessage::CancelMessage(CancelMessage {
            push_id: "a&b&c'd".into(),
            addresses: vec![],
        })
    );
}

#[test]
fn keeps_escaped_markup_and_whitespace_in_bad_message_fragment() {
    let doc = pap::parse(&fixture("badmessage-response.xml")).unwrap();
    assert_eq!(
        doc.message,
        PapMessage::BadmessageResponse(BadMessageResponse {
            code: StatusCode::BAD_REQUEST,
            desc: Some("Bad request".into()),
            bad_message_fragment: Some("<push-message push-id=\"x\">\n\t<address/>".into()),
        })
    );
}

#[test]
fn normalises_literal_whitespace_in_attribute_values() {
    // XML 1.0 3.3.3: literal TAB, LF, CR LF each become one space; references are kept.
    let doc = pap::parse(b"<pap><cancel-message push-id=\"a\tb\r\nc\nd&#10;\"/></pap>").unwrap();
    assert_eq!(
        doc.message,
        PapMessage::CancelMessage(CancelMessage {
            push_id: "a b c d\n".into(),
            addresses: vec![],
        })
    );
}

#[test]
fn parses_cancel_statusquery_resultnotification_and_ccq_fixtures() {
    let m = |f| pap::parse(&fixture(f)).unwrap().message;
    assert_eq!(
        m("cancel-response.xml"),
        PapMessage::CancelResponse(CancelResponse {
            push_id: PUSH_ID.into(),
            results: vec![
                CancelResult {
                    code: StatusCode::OK,
                    desc: Some("OK".into()),
                    addresses: vec![addr(PLMN)],
                },
                CancelResult {
                    code: StatusCode::CANCELLATION_NOT_POSSIBLE,
                    desc: Some("Cancellation not possible".into()),
                    addresses: vec![],
                },
            ],
        })
    );
    assert_eq!(
        m("statusquery-response.xml"),
        PapMessage::StatusqueryResponse(StatusQueryResponse {
            push_id: PUSH_ID.into(),
            results: vec![StatusQueryResult {
                message_state: MessageState::Delivered,
                code: StatusCode::OK,
                desc: Some("OK".into()),
                event_time: Some(Timestamp(1_795_458_660)),
                addresses: vec![addr(PLMN)],
            }],
        })
    );
    assert_eq!(
        m("resultnotification-message.xml"),
        PapMessage::ResultnotificationMessage(ResultNotificationMessage {
            push_id: PUSH_ID.into(),
            message_state: MessageState::Timeout,
            code: StatusCode::SERVICE_FAILURE,
            desc: Some("no acknowledgement".into()),
            sender_address: Some("http://ppg.example.com/wappush".into()),
            sender_name: Some("Example PPG".into()),
            received_time: Some(Timestamp(1_795_458_606)),
            event_time: Some(Timestamp(1_795_458_660)),
            address: addr(PLMN),
        })
    );
    assert_eq!(
        m("resultnotification-response.xml"),
        PapMessage::ResultnotificationResponse(ResultNotificationResponse {
            push_id: PUSH_ID.into(),
            code: StatusCode::OK,
            desc: None,
            address: Some(addr(PLMN)),
        })
    );
    assert_eq!(
        m("ccq-message.xml"),
        PapMessage::CcqMessage(CcqMessage {
            query_id: "q-17".into(),
            app_id: Some("x-wap-application:push.sia".into()),
            address: addr(PLMN),
        })
    );
    assert_eq!(
        m("ccq-response.xml"),
        PapMessage::CcqResponse(CcqResponse {
            query_id: "q-17".into(),
            code: StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED,
            desc: Some("Capability matching not supported".into()),
            address: addr(PLMN),
        })
    );
    assert_eq!(
        m("statusquery-message.xml"),
        PapMessage::StatusqueryMessage(StatusQueryMessage {
            push_id: PUSH_ID.into(),
            addresses: vec![],
        })
    );
}

/// The canonical fixtures are exactly what `write` produces.
#[rstest]
#[case("push-message.xml")]
#[case("push-response.xml")]
#[case("cancel-message.xml")]
#[case("cancel-response.xml")]
#[case("statusquery-message.xml")]
#[case("statusquery-response.xml")]
#[case("resultnotification-message.xml")]
#[case("resultnotification-response.xml")]
#[case("ccq-message.xml")]
#[case("ccq-response.xml")]
#[case("badmessage-response.xml")]
fn canonical_fixture_round_trips_byte_for_byte(#[case] name: &str) {
    let bytes = fixture(name);
    let doc = pap::parse(&bytes).unwrap();
    assert_eq!(
        String::from_utf8(pap::write(&doc)).unwrap(),
        String::from_utf8(bytes).unwrap()
    );
    assert_eq!(pap::is_canonical(&doc), Ok(()));
}

/// Non-canonical inputs parse to a document whose canonical form parses back to it.
#[rstest]
#[case("kannel-push-message.xml")]
#[case("kannel-push-response.xml")]
#[case("kannel-badmessage-response.xml")]
#[case("kannel-1.4.5-captured-push-response.xml")]
#[case("client-pap21-push-message.xml")]
#[case("bom-no-doctype-cancel.xml")]
#[case("kannel-test-ppg-push-message.xml")]
#[case("pap-1.0-unversioned-cancel-message.xml")]
fn non_canonical_fixture_is_stable_after_one_rewrite(#[case] name: &str) {
    let doc = pap::parse(&fixture(name)).unwrap();
    let once = pap::write(&doc);
    assert_ne!(once, fixture(name));
    assert_eq!(pap::parse(&once), Ok(doc));
}

#[test]
fn writes_xml_declaration_and_pap_2_0_doctype_first() {
    let doc = pap::parse(&fixture("statusquery-message.xml")).unwrap();
    let out = pap::write(&doc);
    let expected = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE pap PUBLIC \
                    \"-//WAPFORUM//DTD PAP 2.0//EN\" \"http://www.wapforum.org/DTD/pap_2.0.dtd\">\n";
    assert!(out.starts_with(expected.as_bytes()));
}

#[test]
fn writes_characters_xml_cannot_carry_as_replacement_character() {
    let doc = PapDocument {
        product_name: None,
        message: PapMessage::CancelMessage(CancelMessage {
            push_id: "a\u{1}b\u{FFFE}\t".into(),
            addresses: vec![],
        }),
    };
    assert_eq!(pap::is_canonical(&doc), Err("cancel-message"));
    let back = pap::parse(&pap::write(&doc)).unwrap();
    assert_eq!(
        back.message,
        PapMessage::CancelMessage(CancelMessage {
            push_id: "a\u{FFFD}b\u{FFFD}\t".into(),
            addresses: vec![],
        })
    );
}

#[test]
fn writes_out_of_domain_values_faithfully_for_negative_vectors() {
    let doc = PapDocument {
        product_name: None,
        message: PapMessage::BadmessageResponse(BadMessageResponse {
            code: StatusCode(7000),
            desc: None,
            bad_message_fragment: None,
        }),
    };
    let out = pap::write(&doc);
    assert!(
        String::from_utf8(out.clone())
            .unwrap()
            .contains("<badmessage-response code=\"7000\"/>")
    );
    assert_eq!(pap::is_canonical(&doc), Err("badmessage-response"));
    let err = pap::parse(&out).unwrap_err();
    assert_eq!(
        (err.kind, err.structure),
        (ErrorKind::InvalidValue, "badmessage-response")
    );
}

// ---------------------------------------------------------------------------------------------
// Negative cases: each input, the exact error kind and structure, and the offset given as the
// first occurrence of a marker in the input (so the table shows where the error points).

const DT: &str = r#"<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.0//EN" "http://www.wapforum.org/DTD/pap_2.0.dtd">"#;

#[rstest]
// Required attributes and children (DTD #REQUIRED, `address+`, `response-result`).
#[case::missing_push_id(
    r#"<pap><push-message><address address-value="a"/></push-message></pap>"#,
    ErrorKind::MissingMandatory,
    "push-message",
    "<push-message"
)]
#[case::missing_address(
    r#"<pap><push-message push-id="p"/></pap>"#,
    ErrorKind::MissingMandatory,
    "address",
    "<push-message"
)]
#[case::missing_address_value(
    r#"<pap><push-message push-id="p"><address/></push-message></pap>"#,
    ErrorKind::MissingMandatory,
    "address",
    "<address"
)]
#[case::missing_response_result(
    r#"<pap><push-response push-id="p"></push-response></pap>"#,
    ErrorKind::MissingMandatory,
    "response-result",
    "<push-response"
)]
#[case::missing_code(
    r#"<pap><badmessage-response desc="x"/></pap>"#,
    ErrorKind::MissingMandatory,
    "badmessage-response",
    "<badmessage-response"
)]
#[case::missing_message_state(r#"<pap><statusquery-response push-id="p"><statusquery-result code="1000"/></statusquery-response></pap>"#, ErrorKind::MissingMandatory, "statusquery-result", "<statusquery-result")]
#[case::missing_cancel_result(
    r#"<pap><cancel-response push-id="p"/></pap>"#,
    ErrorKind::MissingMandatory,
    "cancel-result",
    "<cancel-response"
)]
#[case::empty_pap(r#"<pap/>"#, ErrorKind::MissingMandatory, "pap", "<pap")]
#[case::ccq_without_address(
    r#"<pap><ccq-message query-id="q"/></pap>"#,
    ErrorKind::MissingMandatory,
    "address",
    "<ccq-message"
)]
// Elements and attributes where the DTD allows none.
#[case::unknown_attribute(
    r#"<pap><cancel-message push-id="p" colour="red"/></pap>"#,
    ErrorKind::Unexpected,
    "cancel-message",
    "red"
)]
#[case::unknown_element(
    r#"<pap><cancel-message push-id="p"><addr/></cancel-message></pap>"#,
    ErrorKind::Unexpected,
    "cancel-message",
    "<addr"
)]
#[case::root_not_pap(
    r#"<push-message push-id="p"/>"#,
    ErrorKind::Unexpected,
    "XML document",
    "<push-message"
)]
#[case::two_messages(
    r#"<pap><cancel-message push-id="p"/><cancel-message push-id="q"/></pap>"#,
    ErrorKind::Unexpected,
    "pap",
    r#"<cancel-message push-id="q""#
)]
#[case::address_as_message(
    r#"<pap><address address-value="a"/></pap>"#,
    ErrorKind::Unexpected,
    "pap",
    "<address"
)]
#[case::qos_before_address(r#"<pap><push-message push-id="p"><quality-of-service/><address address-value="a"/></push-message></pap>"#, ErrorKind::Unexpected, "push-message", "<quality-of-service")]
#[case::address_in_push_response(r#"<pap><push-response push-id="p"><address address-value="a"/><response-result code="1000"/></push-response></pap>"#, ErrorKind::Unexpected, "push-response", "<address")]
#[case::child_of_empty_element(r#"<pap><badmessage-response code="2000"><address address-value="a"/></badmessage-response></pap>"#, ErrorKind::Unexpected, "badmessage-response", "<address")]
#[case::text_content(
    r#"<pap><cancel-message push-id="p">hello</cancel-message></pap>"#,
    ErrorKind::Unexpected,
    "cancel-message",
    "hello"
)]
#[case::cdata_content(
    r#"<pap><cancel-message push-id="p"><![CDATA[x]]></cancel-message></pap>"#,
    ErrorKind::Unexpected,
    "cancel-message",
    "<![CDATA"
)]
#[case::entity_in_content(
    r#"<pap><cancel-message push-id="p">&amp;</cancel-message></pap>"#,
    ErrorKind::Unexpected,
    "cancel-message",
    "&amp;"
)]
#[case::qos_in_resultnotification(r#"<pap><resultnotification-message push-id="p" message-state="pending" code="1000"><address address-value="a"/><quality-of-service/></resultnotification-message></pap>"#, ErrorKind::Unexpected, "resultnotification-message", "<quality-of-service")]
// Bad enumerated, boolean, code and timestamp values.
#[case::bad_boolean(r#"<pap><push-message push-id="p" progress-notes-requested="yes"><address address-value="a"/></push-message></pap>"#, ErrorKind::InvalidValue, "push-message", "yes")]
#[case::boolean_wrong_case(r#"<pap><push-message push-id="p" progress-notes-requested="True"><address address-value="a"/></push-message></pap>"#, ErrorKind::InvalidValue, "push-message", "True")]
#[case::bad_replace_method(r#"<pap><push-message push-id="p" replace-method="some"><address address-value="a"/></push-message></pap>"#, ErrorKind::InvalidValue, "push-message", "some")]
#[case::bad_priority(r#"<pap><push-message push-id="p"><address address-value="a"/><quality-of-service priority="urgent"/></push-message></pap>"#, ErrorKind::InvalidValue, "quality-of-service", "urgent")]
#[case::bad_delivery_method(r#"<pap><push-message push-id="p"><address address-value="a"/><quality-of-service delivery-method="Confirmed"/></push-message></pap>"#, ErrorKind::InvalidValue, "quality-of-service", "Confirmed")]
#[case::bad_message_state(r#"<pap><resultnotification-message push-id="p" message-state="lost" code="1000"><address address-value="a"/></resultnotification-message></pap>"#, ErrorKind::InvalidValue, "resultnotification-message", "lost")]
#[case::code_five_digits(
    r#"<pap><badmessage-response code="10000"/></pap>"#,
    ErrorKind::InvalidValue,
    "badmessage-response",
    "10000"
)]
#[case::code_class_six(
    r#"<pap><badmessage-response code="6000"/></pap>"#,
    ErrorKind::InvalidValue,
    "badmessage-response",
    "6000"
)]
#[case::code_not_digits(
    r#"<pap><badmessage-response code="1x00"/></pap>"#,
    ErrorKind::InvalidValue,
    "badmessage-response",
    "1x00"
)]
#[case::code_with_space(
    r#"<pap><badmessage-response code=" 1000"/></pap>"#,
    ErrorKind::InvalidValue,
    "badmessage-response",
    " 1000"
)]
#[case::timestamp_month_13(r#"<pap><push-message push-id="p" deliver-before-timestamp="2026-13-01T00:00:00Z"><address address-value="a"/></push-message></pap>"#, ErrorKind::InvalidValue, "PAP timestamp", "13-01T")]
#[case::timestamp_feb_29_non_leap(r#"<pap><push-message push-id="p" deliver-after-timestamp="2100-02-29T00:00:00Z"><address address-value="a"/></push-message></pap>"#, ErrorKind::InvalidValue, "PAP timestamp", "29T")]
#[case::timestamp_with_offset(r#"<pap><push-response push-id="p" reply-time="2026-11-23T18:30:06+01:00"><response-result code="1000"/></push-response></pap>"#, ErrorKind::Syntax, "PAP timestamp", "+01:00")]
#[case::timestamp_fraction(r#"<pap><push-response push-id="p" reply-time="2026-11-23T18:30:06.5Z"><response-result code="1000"/></push-response></pap>"#, ErrorKind::Syntax, "PAP timestamp", ".5Z")]
// Ill-formed XML.
#[case::mismatched_end_tag(
    r#"<pap><cancel-message push-id="p"></cancel-result></pap>"#,
    ErrorKind::Syntax,
    "XML document",
    "</cancel-result"
)]
#[case::unclosed_root(
    r#"<pap><cancel-message push-id="p"/>"#,
    ErrorKind::Syntax,
    "XML document",
    ""
)]
#[case::two_roots(
    r#"<pap><cancel-message push-id="p"/></pap><pap/>"#,
    ErrorKind::Syntax,
    "XML document",
    "<pap/>"
)]
#[case::text_after_root(
    r#"<pap><cancel-message push-id="p"/></pap>junk"#,
    ErrorKind::Syntax,
    "XML document",
    "junk"
)]
#[case::duplicate_attribute(
    r#"<pap><cancel-message push-id="p" push-id="q"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "<cancel-message"
)]
#[case::undeclared_entity(
    r#"<pap><cancel-message push-id="&nbsp;"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "&nbsp;"
)]
#[case::char_ref_to_nul(
    r#"<pap><cancel-message push-id="a&#0;"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "&#0;"
)]
#[case::char_ref_to_surrogate(
    r#"<pap><cancel-message push-id="&#xD800;"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "&#xD800;"
)]
#[case::unterminated_reference(
    r#"<pap><cancel-message push-id="a&amp"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "&amp"
)]
#[case::lt_in_attribute(
    r#"<pap><cancel-message push-id="a<b"/></pap>"#,
    ErrorKind::Syntax,
    "cancel-message",
    "<b"
)]
#[case::control_character(
    "<pap><cancel-message push-id=\"a\u{7}\"/></pap>",
    ErrorKind::Syntax,
    "XML document",
    "\u{7}"
)]
#[case::declaration_not_first(
    r#" <?xml version="1.0"?><pap/>"#,
    ErrorKind::Syntax,
    "XML declaration",
    "<?xml"
)]
#[case::empty_input("", ErrorKind::Syntax, "XML document", "")]
// XML declaration and DOCTYPE.
#[case::latin1_encoding(
    r#"<?xml version="1.0" encoding="ISO-8859-1"?><pap/>"#,
    ErrorKind::InvalidValue,
    "XML declaration",
    "<?xml"
)]
#[case::xml_1_1(
    r#"<?xml version="1.1"?><pap/>"#,
    ErrorKind::InvalidValue,
    "XML declaration",
    "<?xml"
)]
#[case::unknown_public_id(
    r#"<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 9.0//EN" "x"><pap/>"#,
    ErrorKind::InvalidValue,
    "DOCTYPE",
    "-//WAPFORUM//DTD PAP 9.0"
)]
#[case::pap_public_id_lowercase(
    r#"<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD pap//EN" "x"><pap/>"#,
    ErrorKind::InvalidValue,
    "DOCTYPE",
    "-//WAPFORUM//DTD pap//EN"
)]
#[case::pap_public_id_extra_space(
    r#"<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP //EN" "x"><pap/>"#,
    ErrorKind::InvalidValue,
    "DOCTYPE",
    "-//WAPFORUM//DTD PAP //EN"
)]
#[case::doctype_wrong_root(r#"<!DOCTYPE html><pap/>"#, ErrorKind::InvalidValue, "DOCTYPE", "html")]
#[case::public_without_system_literal(
    r#"<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.0//EN"><pap/>"#,
    ErrorKind::Syntax,
    "DOCTYPE",
    ">"
)]
#[case::internal_subset_attlist(
    r#"<!DOCTYPE pap [<!ATTLIST pap product-name CDATA "x">]><pap/>"#,
    ErrorKind::Forbidden,
    "DOCTYPE",
    "<!ATTLIST"
)]
#[case::parameter_entity(
    r#"<!DOCTYPE pap [<!ENTITY % ext SYSTEM "http://evil.example/x.dtd"> %ext;]><pap/>"#,
    ErrorKind::Forbidden,
    "DOCTYPE",
    "<!ENTITY"
)]
fn rejects_with_exact_error(
    #[case] input: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &str,
    #[case] marker: &str,
) {
    let offset = if marker.is_empty() {
        input.len()
    } else {
        input.find(marker).expect("marker in input")
    };
    let got = pap::parse(input.as_bytes());
    assert_eq!(
        got.map(|_| ()),
        Err(DecodeError {
            kind,
            structure: leak(structure),
            offset
        })
    );
}

/// `DecodeError::structure` is `&'static str`; the table holds `&str` from rstest.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[test]
fn accepts_doctype_with_empty_internal_subset_comment_and_pi() {
    let input = format!(
        "<?xml version=\"1.0\" standalone=\"yes\"?>\n{}\n<!-- c --><?pi x?><pap><!-- in --><statusquery-message push-id=\"p\"/></pap>\n<!-- after -->",
        DT.replace('>', " [ ]>")
    );
    assert!(
        pap::parse(input.as_bytes()).is_ok(),
        "{:?}",
        pap::parse(input.as_bytes())
    );
}

#[test]
fn accepts_wap_pap_ver_processing_instruction_in_the_internal_subset() {
    let input = r#"<?xml version="1.0"?>
<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 2.1//EN" "http://www.openmobilealliance.org/tech/DTD/pap_2.1.dtd" [<?wap-pap-ver supported-versions="2.0"?> <!-- versions -->]>
<pap><statusquery-message push-id="p"/></pap>"#;
    assert_eq!(
        pap::parse(input.as_bytes()).map(|d| d.message),
        Ok(PapMessage::StatusqueryMessage(StatusQueryMessage {
            push_id: "p".into(),
            addresses: vec![],
        }))
    );
}

#[test]
fn rejects_entity_declared_after_a_processing_instruction_in_the_internal_subset() {
    let input = r#"<!DOCTYPE pap [<?wap-pap-ver supported-versions="2.0"?><!ENTITY a "b">]><pap/>"#;
    assert_eq!(
        pap::parse(input.as_bytes()),
        Err(DecodeError::new(
            ErrorKind::Forbidden,
            "DOCTYPE",
            input.find("<!ENTITY").unwrap()
        ))
    );
}

#[rstest]
#[case::billion_laughs("billion-laughs.xml", ErrorKind::Forbidden, "DOCTYPE", "<!ENTITY lol ")]
#[case::external_entity("external-entity.xml", ErrorKind::Forbidden, "DOCTYPE", "<!ENTITY xxe")]
#[case::doctype_system_only("doctype-system-only.xml", ErrorKind::Forbidden, "DOCTYPE", "SYSTEM")]
#[case::undeclared_entity(
    "undeclared-entity.xml",
    ErrorKind::Syntax,
    "statusquery-message",
    "&xxe;"
)]
#[case::huge_attribute(
    "huge-attribute.xml",
    ErrorKind::TooLong,
    "statusquery-message",
    "AAAA"
)]
// The ninth nested element (MAX_DEPTH = 8 open elements already).
#[case::deep_nesting(
    "deep-nesting.xml",
    ErrorKind::TooDeep,
    "pap",
    "<pap><pap><pap><pap><pap><pap><pap><pap><pap><pap>"
)]
fn rejects_attack_fixture(
    #[case] name: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &str,
    #[case] marker: &str,
) {
    let bytes = fixture(name);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut offset = text.find(marker).expect("marker in fixture");
    if name == "deep-nesting.xml" {
        offset += 5 * MAX_DEPTH;
    }
    assert_eq!(
        pap::parse(&bytes),
        Err(DecodeError {
            kind,
            structure: leak(structure),
            offset
        })
    );
}

#[test]
fn rejects_more_elements_than_max_nodes_at_the_first_extra_one() {
    let bytes = fixture("too-many-nodes.xml");
    // pap and cancel-message are nodes 1 and 2; the address that would be node MAX_NODES + 1.
    let prefix = r#"<pap><cancel-message push-id="x">"#.len();
    let one = r#"<address address-value="a"/>"#.len();
    let offset = prefix + (MAX_NODES - 2) * one;
    assert_eq!(
        pap::parse(&bytes),
        Err(DecodeError::new(ErrorKind::TooLong, "address", offset))
    );
}

#[test]
fn rejects_document_over_max_document_bytes_before_reading_it() {
    let mut big = b"<pap>".to_vec();
    big.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    assert_eq!(
        pap::parse(&big),
        Err(DecodeError::new(
            ErrorKind::TooLong,
            "XML document",
            MAX_DOCUMENT_BYTES
        ))
    );
}

#[test]
fn rejects_more_than_max_attributes() {
    let attrs: String = (0..=MAX_ATTRIBUTES)
        .map(|i| format!(" a{i}=\"x\""))
        .collect();
    let input = format!("<pap><cancel-message{attrs}/></pap>");
    assert_eq!(
        pap::parse(input.as_bytes()),
        Err(DecodeError::new(ErrorKind::TooLong, "cancel-message", 5))
    );
}

#[test]
fn rejects_invalid_utf8_at_the_first_bad_byte() {
    let input = b"<pap><cancel-message push-id=\"\xff\"/></pap>";
    assert_eq!(
        pap::parse(input),
        Err(DecodeError::new(ErrorKind::Syntax, "XML document", 30))
    );
}

// ---------------------------------------------------------------------------------------------
// UTF-16 with a byte order mark (XML 1.0 section 4.3.3, Appendix F)

/// `s` in UTF-16 with its byte order mark.
fn utf16(s: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        out.extend(if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// Byte offset in `utf16(s, _)` of the UTF-8 byte offset `i` of `s` (2 for the BOM).
fn utf16_at(s: &str, i: usize) -> usize {
    2 + 2 * s[..i].encode_utf16().count()
}

#[rstest]
#[case::little_endian("utf16le-cancel-message.xml")]
#[case::big_endian("utf16be-cancel-message.xml")]
fn parses_utf16_fixture_as_the_same_document(#[case] name: &str) {
    assert_eq!(
        pap::parse(&fixture(name)),
        Ok(pap::parse(&fixture("cancel-message.xml")).unwrap())
    );
}

#[rstest]
#[case::little_endian(true)]
#[case::big_endian(false)]
fn parses_utf16_with_non_bmp_characters_and_no_declaration(#[case] le: bool) {
    let doc = "<pap><cancel-message push-id=\"\u{1F600}-\u{e9}-&#x1F601;\"/></pap>";
    assert_eq!(
        pap::parse(&utf16(doc, le)).map(|d| d.message),
        Ok(PapMessage::CancelMessage(CancelMessage {
            push_id: "\u{1F600}-\u{e9}-\u{1F601}".into(),
            addresses: vec![],
        }))
    );
}

#[rstest]
#[case::little_endian(true)]
#[case::big_endian(false)]
fn maps_errors_in_utf16_documents_to_utf16_byte_offsets(#[case] le: bool) {
    // Two non-BMP characters (4 bytes each in both encodings) and one BMP character (2 bytes in
    // UTF-8, 2 in UTF-16) before the bad value.
    let doc = "<pap><push-message push-id=\"\u{1F600}\u{1F601}\u{e9}\" progress-notes-requested=\"maybe\"><address address-value=\"a\"/></push-message></pap>";
    assert_eq!(
        pap::parse(&utf16(doc, le)),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "push-message",
            utf16_at(doc, doc.find("maybe").unwrap())
        ))
    );
    // An error at the very end (unclosed root) is the input length.
    let cut = "<pap><cancel-message push-id=\"\u{1F600}\"/>";
    let bytes = utf16(cut, le);
    assert_eq!(
        pap::parse(&bytes),
        Err(DecodeError::new(
            ErrorKind::Syntax,
            "XML document",
            bytes.len()
        ))
    );
}

#[test]
fn rejects_odd_length_utf16_at_the_lone_last_byte() {
    assert_eq!(
        pap::parse(&fixture("utf16le-odd-length.xml")),
        Err(DecodeError::new(ErrorKind::Truncated, "UTF-16LE text", 596))
    );
    // The shortest odd case: the byte order mark and one byte.
    assert_eq!(
        pap::parse(&[0xFE, 0xFF, 0x00]),
        Err(DecodeError::new(ErrorKind::Truncated, "UTF-16BE text", 2))
    );
}

#[test]
fn rejects_unpaired_surrogates_at_their_first_byte() {
    assert_eq!(
        pap::parse(&fixture("utf16be-unpaired-surrogate.xml")),
        Err(DecodeError::new(ErrorKind::Syntax, "UTF-16BE text", 64))
    );
    // A lone low surrogate, and a high surrogate as the last code unit, little endian.
    let lone_low = [0xFF, 0xFE, b'<', 0, 0x00, 0xDC, b'>', 0];
    assert_eq!(
        pap::parse(&lone_low),
        Err(DecodeError::new(ErrorKind::Syntax, "UTF-16LE text", 4))
    );
    let high_last = [0xFF, 0xFE, b'<', 0, 0x3D, 0xD8];
    assert_eq!(
        pap::parse(&high_last),
        Err(DecodeError::new(ErrorKind::Syntax, "UTF-16LE text", 4))
    );
}

#[rstest]
#[case::utf16_declared_utf8(true, "UTF-8")]
#[case::utf16_declared_utf16le(true, "UTF-16LE")]
#[case::utf16be_declared_utf16be(false, "UTF-16BE")]
fn rejects_utf16_document_declaring_another_encoding(#[case] le: bool, #[case] declared: &str) {
    let doc = format!(r#"<?xml version="1.0" encoding="{declared}"?><pap/>"#);
    assert_eq!(
        pap::parse(&utf16(&doc, le)),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "XML declaration",
            2
        ))
    );
}

#[test]
fn accepts_utf16_declaration_in_either_case() {
    let doc =
        r#"<?xml version="1.0" encoding="utf-16"?><pap><statusquery-message push-id="p"/></pap>"#;
    assert!(pap::parse(&utf16(doc, true)).is_ok());
    assert!(pap::parse(&utf16(doc, false)).is_ok());
}

#[test]
fn rejects_utf8_document_declaring_utf16() {
    assert_eq!(
        pap::parse(br#"<?xml version="1.0" encoding="UTF-16"?><pap/>"#),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "XML declaration",
            0
        ))
    );
}

#[test]
fn rejects_utf16_over_max_document_bytes_before_transcoding() {
    let mut big = utf16("<pap>", true);
    big.resize(MAX_DOCUMENT_BYTES + 2, 0);
    assert_eq!(
        pap::parse(&big),
        Err(DecodeError::new(
            ErrorKind::TooLong,
            "XML document",
            MAX_DOCUMENT_BYTES
        ))
    );
}

#[test]
fn rejects_utf16_without_byte_order_mark_at_its_first_nul() {
    // XML 1.0 4.3.3: UTF-16 entities must begin with the byte order mark; without one the input
    // is read as UTF-8, where NUL is not a Char.
    let le: Vec<u8> = "<pap/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(
        pap::parse(&le),
        Err(DecodeError::new(ErrorKind::Syntax, "XML document", 1))
    );
}

#[test]
fn status_code_debug_names_known_codes_and_keeps_unknown_numbers() {
    assert_eq!(
        format!("{:?}", StatusCode::ACCEPTED_FOR_PROCESSING),
        "StatusCode(1001 ACCEPTED_FOR_PROCESSING)"
    );
    assert_eq!(format!("{:?}", StatusCode(2009)), "StatusCode(2009)");
    assert_eq!(StatusCode(2009).class(), StatusCode::BAD_REQUEST);
    assert_eq!(StatusCode(5001).to_string(), "5001");
}

// ---------------------------------------------------------------------------------------------
// Timestamps

#[rstest]
#[case("1970-01-01T00:00:00Z", 0)]
#[case("1969-12-31T23:59:59Z", -1)]
#[case("2000-02-29T12:34:56Z", 951_827_696)]
#[case("1600-03-01T00:00:00Z", -11_670_912_000)]
#[case("2026-11-23T18:30:06Z", 1_795_458_606)]
#[case("0001-01-01T00:00:00Z", -62_135_596_800)]
#[case("9999-12-31T23:59:59Z", 253_402_300_799)]
fn converts_timestamp_both_ways(#[case] text: &str, #[case] secs: i64) {
    assert_eq!(text.parse::<Timestamp>(), Ok(Timestamp(secs)));
    assert_eq!(Timestamp(secs).to_string(), text);
}

#[rstest]
#[case("0000-01-01T00:00:00Z", ErrorKind::InvalidValue, 0)]
#[case("2026-00-01T00:00:00Z", ErrorKind::InvalidValue, 5)]
#[case("2026-04-31T00:00:00Z", ErrorKind::InvalidValue, 8)]
#[case("2024-02-30T00:00:00Z", ErrorKind::InvalidValue, 8)]
#[case("2026-11-23T24:00:00Z", ErrorKind::InvalidValue, 11)]
#[case("2026-11-23T23:60:00Z", ErrorKind::InvalidValue, 14)]
#[case("2016-12-31T23:59:60Z", ErrorKind::InvalidValue, 17)]
#[case("2026-11-23t18:30:06Z", ErrorKind::Syntax, 10)]
#[case("2026-11-23T18:30:06", ErrorKind::Syntax, 19)]
#[case("2026-11-23T18:30:06ZZ", ErrorKind::Syntax, 20)]
#[case("+026-11-23T18:30:06Z", ErrorKind::Syntax, 0)]
#[case("2026/11/23T18:30:06Z", ErrorKind::Syntax, 4)]
fn rejects_bad_timestamp(#[case] text: &str, #[case] kind: ErrorKind, #[case] offset: usize) {
    assert_eq!(
        text.parse::<Timestamp>(),
        Err(DecodeError::new(kind, "PAP timestamp", offset))
    );
}

#[test]
fn writes_out_of_range_timestamp_with_its_true_year() {
    assert_eq!(
        Timestamp(Timestamp::MAX.0 + 1).to_string(),
        "10000-01-01T00:00:00Z"
    );
    assert_eq!(
        Timestamp(Timestamp::MIN.0 - 1).to_string(),
        "0000-12-31T23:59:59Z"
    );
    assert!(!Timestamp(Timestamp::MAX.0 + 1).is_representable());
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// Strings in the canonical domain: XML 1.0 characters, a mix of markup-significant ones.
fn xml_string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('a', 'z'),
            1 => prop::sample::select(vec!['&', '<', '>', '"', '\'', '\t', '\n', '\r', ' ', ';', '#', '\u{e9}', '\u{FFFD}', '\u{1F600}']),
            1 => any::<char>().prop_filter("XML Char", |c| {
                matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
            }),
        ],
        0..24,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(s)
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (Timestamp::MIN.0..=Timestamp::MAX.0).prop_map(Timestamp)
}

fn code() -> impl Strategy<Value = StatusCode> {
    (1000u16..=5999).prop_map(StatusCode)
}

fn address() -> impl Strategy<Value = Address> {
    xml_string().prop_map(|address_value| Address { address_value })
}

fn addresses(min: usize) -> impl Strategy<Value = Vec<Address>> {
    prop::collection::vec(address(), min..4)
}

fn state() -> impl Strategy<Value = MessageState> {
    prop::sample::select(vec![
        MessageState::Undeliverable,
        MessageState::Pending,
        MessageState::Expired,
        MessageState::Delivered,
        MessageState::Aborted,
        MessageState::Timeout,
        MessageState::Cancelled,
        MessageState::Unknown,
    ])
}

fn qos() -> impl Strategy<Value = QualityOfService> {
    (
        opt(prop::sample::select(vec![
            Priority::High,
            Priority::Medium,
            Priority::Low,
        ])),
        opt(prop::sample::select(vec![
            DeliveryMethod::Confirmed,
            DeliveryMethod::Preferconfirmed,
            DeliveryMethod::Unconfirmed,
            DeliveryMethod::Notspecified,
        ])),
        opt(xml_string()),
        opt(any::<bool>()),
        opt(xml_string()),
        opt(any::<bool>()),
    )
        .prop_map(
            |(priority, delivery_method, network, network_required, bearer, bearer_required)| {
                QualityOfService {
                    priority,
                    delivery_method,
                    network,
                    network_required,
                    bearer,
                    bearer_required,
                }
            },
        )
}

fn message() -> impl Strategy<Value = PapMessage> {
    let push = (
        xml_string(),
        opt(timestamp()),
        opt(timestamp()),
        opt(xml_string()),
        opt(xml_string()),
        opt(any::<bool>()),
        opt(xml_string()),
        opt(prop::sample::select(vec![
            "all".to_owned(),
            "pending-only".to_owned(),
        ])),
        addresses(1),
        opt(qos()),
    )
        .prop_map(|(push_id, b, a, sr, n, pn, rp, rm, addresses, q)| {
            PapMessage::PushMessage(PushMessage {
                push_id,
                deliver_before_timestamp: b,
                deliver_after_timestamp: a,
                source_reference: sr,
                ppg_notify_requested_to: n,
                progress_notes_requested: pn,
                replace_push_id: rp,
                replace_method: rm,
                addresses,
                quality_of_service: q,
            })
        });
    let note = (xml_string(), opt(xml_string()), opt(timestamp()))
        .prop_map(|(stage, note, time)| ProgressNote { stage, note, time });
    let push_response = (
        xml_string(),
        opt(xml_string()),
        opt(xml_string()),
        opt(timestamp()),
        prop::collection::vec(note, 0..3),
        code(),
        opt(xml_string()),
    )
        .prop_map(|(push_id, sa, sn, rt, progress_notes, code, desc)| {
            PapMessage::PushResponse(PushResponse {
                push_id,
                sender_address: sa,
                sender_name: sn,
                reply_time: rt,
                progress_notes,
                result: ResponseResult { code, desc },
            })
        });
    let cancel = (xml_string(), addresses(0)).prop_map(|(push_id, addresses)| {
        PapMessage::CancelMessage(CancelMessage { push_id, addresses })
    });
    let cancel_result =
        (code(), opt(xml_string()), addresses(0)).prop_map(|(code, desc, addresses)| {
            CancelResult {
                code,
                desc,
                addresses,
            }
        });
    let cancel_response = (xml_string(), prop::collection::vec(cancel_result, 1..3)).prop_map(
        |(push_id, results)| PapMessage::CancelResponse(CancelResponse { push_id, results }),
    );
    let sq = (xml_string(), addresses(0)).prop_map(|(push_id, addresses)| {
        PapMessage::StatusqueryMessage(StatusQueryMessage { push_id, addresses })
    });
    let sq_result = (
        state(),
        code(),
        opt(xml_string()),
        opt(timestamp()),
        addresses(0),
    )
        .prop_map(
            |(message_state, code, desc, event_time, addresses)| StatusQueryResult {
                message_state,
                code,
                desc,
                event_time,
                addresses,
            },
        );
    let sq_response =
        (xml_string(), prop::collection::vec(sq_result, 1..3)).prop_map(|(push_id, results)| {
            PapMessage::StatusqueryResponse(StatusQueryResponse { push_id, results })
        });
    let rn = (
        xml_string(),
        state(),
        code(),
        opt(xml_string()),
        opt(xml_string()),
        opt(xml_string()),
        opt(timestamp()),
        opt(timestamp()),
        address(),
    )
        .prop_map(
            |(push_id, message_state, code, desc, sa, sn, rt, et, address)| {
                PapMessage::ResultnotificationMessage(ResultNotificationMessage {
                    push_id,
                    message_state,
                    code,
                    desc,
                    sender_address: sa,
                    sender_name: sn,
                    received_time: rt,
                    event_time: et,
                    address,
                })
            },
        );
    let rn_response = (xml_string(), code(), opt(xml_string()), opt(address())).prop_map(
        |(push_id, code, desc, address)| {
            PapMessage::ResultnotificationResponse(ResultNotificationResponse {
                push_id,
                code,
                desc,
                address,
            })
        },
    );
    let ccq =
        (xml_string(), opt(xml_string()), address()).prop_map(|(query_id, app_id, address)| {
            PapMessage::CcqMessage(CcqMessage {
                query_id,
                app_id,
                address,
            })
        });
    let ccq_response = (xml_string(), code(), opt(xml_string()), address()).prop_map(
        |(query_id, code, desc, address)| {
            PapMessage::CcqResponse(CcqResponse {
                query_id,
                code,
                desc,
                address,
            })
        },
    );
    let bad = (code(), opt(xml_string()), opt(xml_string())).prop_map(|(code, desc, f)| {
        PapMessage::BadmessageResponse(BadMessageResponse {
            code,
            desc,
            bad_message_fragment: f,
        })
    });
    prop_oneof![
        push,
        push_response,
        cancel,
        cancel_response,
        sq,
        sq_response,
        rn,
        rn_response,
        ccq,
        ccq_response,
        bad
    ]
}

pub fn document() -> impl Strategy<Value = PapDocument> {
    (opt(xml_string()), message()).prop_map(|(product_name, message)| PapDocument {
        product_name,
        message,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_of_write_is_identity_on_the_canonical_domain(doc in document()) {
        prop_assert_eq!(pap::is_canonical(&doc), Ok(()));
        let bytes = pap::write(&doc);
        prop_assert_eq!(pap::parse(&bytes), Ok(doc));
    }

    #[test]
    fn write_of_parse_is_identity_on_written_bytes(doc in document()) {
        let bytes = pap::write(&doc);
        let again = pap::write(&pap::parse(&bytes).unwrap());
        prop_assert_eq!(again, bytes);
    }

    #[test]
    fn parse_never_panics_on_mutated_fixtures(
        idx in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let name = ["push-message.xml", "push-response.xml", "cancel-response.xml", "badmessage-response.xml"][idx];
        let mut bytes = fixture(name);
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Ok(doc) = pap::parse(&bytes) {
            prop_assert_eq!(pap::parse(&pap::write(&doc)), Ok(doc));
        }
    }

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = pap::parse(&bytes);
    }
}

/// A throughput figure, not a check: `cargo test --release -p pushwake-codecs --test pap --
/// --ignored --nocapture measures_parse_and_write_throughput`.
#[test]
#[ignore = "a measurement; run once in release"]
fn measures_parse_and_write_throughput() {
    let bytes = fixture("push-message.xml");
    let n = 20_000u32;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(pap::parse(std::hint::black_box(&bytes)).unwrap());
    }
    let parse = t.elapsed() / n;
    let doc = pap::parse(&bytes).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(pap::write(std::hint::black_box(&doc)));
    }
    let write = t.elapsed() / n;
    println!(
        "push-message.xml ({} bytes): parse {parse:?}, write {write:?}",
        bytes.len()
    );
}
