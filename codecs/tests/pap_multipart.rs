//! multipart/related framing of PAP push submissions (RFC 2387, RFC 2046 5.1.1).
#![allow(clippy::unwrap_used)] // In tests a panic is a test failure.

use proptest::prelude::*;
use pushwake_codecs::pap::{self, multipart, *};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/files/pap/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const CT: &str = "multipart/related; boundary=asdlfkjiurwghasf; type=\"application/xml\"";

fn control() -> PapDocument {
    PapDocument {
        product_name: None,
        message: PapMessage::PushMessage(PushMessage {
            push_id: "p1".into(),
            deliver_before_timestamp: None,
            deliver_after_timestamp: None,
            source_reference: None,
            ppg_notify_requested_to: None,
            progress_notes_requested: None,
            replace_push_id: None,
            replace_method: None,
            addresses: vec![Address {
                address_value: "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com".into(),
            }],
            quality_of_service: None,
        }),
    }
}

fn submission(capabilities: Option<Vec<u8>>) -> PushSubmission {
    PushSubmission {
        control: control(),
        content_type: "text/vnd.wap.si".into(),
        content: b"<si><indication href=\"http://x\">hi</indication></si>".to_vec(),
        capabilities,
        app_id: None,
    }
}

#[test]
fn parses_kannel_shaped_submission_ignoring_preamble_padding_and_epilogue() {
    let body = fixture("multipart-kannel-si.bin");
    let sub = multipart::parse(CT, &body).unwrap();
    let expected_control = pap::parse(&fixture("kannel-push-message.xml")).unwrap();
    assert_eq!(sub.control, expected_control);
    assert_eq!(sub.content_type, "text/vnd.wap.si");
    assert!(
        sub.content
            .starts_with(b"<?xml version=\"1.0\"?>\r\n<!DOCTYPE si")
    );
    assert!(sub.content.ends_with(b"</indication></si>"));
    assert_eq!(sub.capabilities, None);
}

#[test]
fn writes_exact_bytes_and_header() {
    let sub = submission(Some(b"<rdf/>".to_vec()));
    let (ct, body) = multipart::write(&sub, "b0undary");
    assert_eq!(
        ct,
        "multipart/related; boundary=\"b0undary\"; type=\"application/xml\""
    );
    let mut expected = b"--b0undary\r\nContent-Type: application/xml\r\n\r\n".to_vec();
    expected.extend(pap::write(&sub.control));
    expected.extend(b"\r\n--b0undary\r\nContent-Type: text/vnd.wap.si\r\n\r\n");
    expected.extend(&sub.content);
    expected.extend(b"\r\n--b0undary\r\nContent-Type: application/xml\r\n\r\n<rdf/>");
    expected.extend(b"\r\n--b0undary--\r\n");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

/// The SI push that a real Kannel 1.4.5 PPG accepted with 1001 (README of tests/files/pap).
#[test]
fn writes_the_submission_kannel_accepted_byte_for_byte() {
    let sub = PushSubmission {
        control: PapDocument {
            product_name: Some("pushwake".into()),
            message: PapMessage::PushMessage(PushMessage {
                push_id: "pw-kannel-1@pi.example.com".into(),
                deliver_before_timestamp: Some("2030-01-01T00:00:00Z".parse().unwrap()),
                deliver_after_timestamp: None,
                source_reference: Some("pushwake".into()),
                ppg_notify_requested_to: None,
                progress_notes_requested: Some(false),
                replace_push_id: None,
                replace_method: None,
                addresses: vec![Address {
                    address_value: "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com".into(),
                }],
                quality_of_service: Some(QualityOfService {
                    priority: Some(Priority::Medium),
                    delivery_method: Some(DeliveryMethod::Unconfirmed),
                    network: Some("GSM".into()),
                    network_required: Some(true),
                    bearer: Some("SMS".into()),
                    bearer_required: Some(true),
                }),
            }),
        },
        content_type: "text/vnd.wap.si".into(),
        content: b"<?xml version=\"1.0\"?>\r\n<!DOCTYPE si PUBLIC \"-//WAPFORUM//DTD SI 1.0//EN\" \"http://www.wapforum.org/DTD/si.dtd\">\r\n<si><indication href=\"http://wap.example.com/x\" si-id=\"1\">New mail</indication></si>".to_vec(),
        capabilities: None,
        app_id: None,
    };
    let (ct, body) = multipart::write(&sub, "pushwake-boundary-0");
    assert_eq!(
        ct,
        "multipart/related; boundary=\"pushwake-boundary-0\"; type=\"application/xml\""
    );
    assert_eq!(body, fixture("multipart-pushwake-to-kannel.bin"));
    assert_eq!(multipart::parse(&ct, &body), Ok(sub));
}

/// Kannel's MIME parser requires CRLF after every delimiter and header block (NOTES.md 6): the
/// framing around raw entities is CRLF only, and the entities' bytes (here a malformed control
/// document with a bare LF, as a conformance test sends it) are kept exactly.
#[test]
fn write_entities_frames_raw_entities_with_crlf_only() {
    let control = b"<?xml version=\"1.0\"?>\n<pap><push-message push-id=\"bad\"></pap>";
    let (ct, body) = multipart::write_entities(control, "text/plain", None, b"x", None, "kb");
    assert_eq!(
        ct,
        "multipart/related; boundary=\"kb\"; type=\"application/xml\""
    );
    let mut expected = b"--kb\r\nContent-Type: application/xml\r\n\r\n".to_vec();
    expected.extend_from_slice(control);
    expected.extend_from_slice(b"\r\n--kb\r\nContent-Type: text/plain\r\n\r\nx\r\n--kb--\r\n");
    assert_eq!(body, expected);
    // Outside the control entity every LF is preceded by CR.
    let framing = [&body[..39], &body[39 + control.len()..]];
    for f in framing {
        for (i, _) in f.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            assert_eq!(f[i - 1], b'\r', "bare LF in the framing at {i}");
        }
    }
}

#[test]
fn write_is_write_entities_of_the_written_control_document() {
    let sub = submission(Some(b"<rdf/>".to_vec()));
    assert_eq!(
        multipart::write(&sub, "b"),
        multipart::write_entities(
            &pap::write(&sub.control),
            &sub.content_type,
            sub.app_id.as_deref(),
            &sub.content,
            sub.capabilities.as_deref(),
            "b"
        )
    );
}

#[test]
fn finds_the_boundary_delimiter_inside_an_entity() {
    assert!(multipart::boundary_occurs_in("kb", b"a\r\n--kb"));
    assert!(multipart::boundary_occurs_in("kb", b"--kb--"));
    assert!(!multipart::boundary_occurs_in("kb", b"-kb kb --k b"));
}

#[rstest]
#[case::two_parts(None)]
#[case::with_capabilities(Some(b"<rdf:RDF/>".to_vec()))]
#[case::empty_capabilities(Some(Vec::new()))]
fn round_trips_submission(#[case] caps: Option<Vec<u8>>) {
    let sub = submission(caps);
    assert!(multipart::boundary_is_safe(&sub, "=_pushwake_0"));
    let (ct, body) = multipart::write(&sub, "=_pushwake_0");
    assert_eq!(multipart::parse(&ct, &body), Ok(sub));
}

// ---------------------------------------------------------------------------------------------
// One entity: the `Content-Type:` line, an empty line, the body (`parse_entity`, `write_entity`)

const ENTITY_HDR: &str = "Content-Type header line";

#[test]
fn parses_entity_as_its_header_value_and_body() {
    let entity = fixture("multipart-entity-kannel-si.bin");
    let body = fixture("multipart-kannel-si.bin");
    assert_eq!(
        multipart::parse_entity(&entity),
        Ok((
            "asdlfkjiurwghasf".to_owned(),
            multipart::parse(CT, &body).unwrap()
        ))
    );
}

#[test]
fn parses_entity_with_lower_case_name_and_no_space() {
    let sub = submission(None);
    let (ct, body) = multipart::write(&sub, "b");
    let mut entity = format!("content-type:{ct}\r\n\r\n").into_bytes();
    entity.extend(body);
    assert_eq!(multipart::parse_entity(&entity), Ok(("b".to_owned(), sub)));
}

#[test]
fn writes_entity_as_header_line_empty_line_body_and_reads_it_back() {
    let sub = submission(Some(b"<rdf/>".to_vec()));
    let (ct, body) = multipart::write(&sub, "pushwake-boundary-0");
    let entity = multipart::write_entity(&sub, "pushwake-boundary-0");
    let mut expected = format!("Content-Type: {ct}\r\n\r\n").into_bytes();
    expected.extend(body);
    assert_eq!(entity, expected);
    assert_eq!(
        multipart::parse_entity(&entity),
        Ok(("pushwake-boundary-0".to_owned(), sub))
    );
}

#[test]
fn entity_errors_inside_the_body_count_from_the_start_of_the_entity() {
    let head = "Content-Type: multipart/related; boundary=b; type=\"application/xml\"\r\n\r\n";
    let body = "--b\r\nContent-Type: application/xml\r\n\r\n<pap><push-message/></pap>\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--";
    let entity = format!("{head}{body}");
    assert_eq!(
        multipart::parse_entity(entity.as_bytes()),
        Err(DecodeError::new(
            ErrorKind::MissingMandatory,
            "push-message",
            entity.find("<push-message").unwrap()
        ))
    );
}

#[rstest]
#[case::no_header_name(
    "multipart/related; boundary=b; type=\"application/xml\"\r\n\r\n--b--",
    ErrorKind::Syntax,
    ENTITY_HDR,
    0
)]
#[case::other_header_first("Content-Length: 5\r\n\r\n", ErrorKind::Syntax, ENTITY_HDR, 0)]
#[case::empty("", ErrorKind::Syntax, ENTITY_HDR, 0)]
#[case::no_line_end(
    "Content-Type: multipart/related; boundary=b",
    ErrorKind::Truncated,
    ENTITY_HDR,
    43
)]
#[case::lf_only(
    "Content-Type: multipart/related; boundary=b; type=\"application/xml\"\n\n--b",
    ErrorKind::Truncated,
    ENTITY_HDR,
    72
)]
#[case::no_empty_line(
    "Content-Type: multipart/related; boundary=b; type=\"application/xml\"\r\n--b\r\n",
    ErrorKind::Syntax,
    ENTITY_HDR,
    69
)]
#[case::second_header_line(
    "Content-Type: multipart/related; boundary=b; type=\"application/xml\"\r\nContent-Length: 0\r\n\r\n",
    ErrorKind::Syntax,
    ENTITY_HDR,
    69
)]
#[case::not_multipart(
    "Content-Type:  text/plain\r\n\r\n",
    ErrorKind::InvalidValue,
    "Content-Type",
    15
)]
#[case::no_boundary(
    "Content-Type: multipart/related; type=\"application/xml\"\r\n\r\n",
    ErrorKind::MissingMandatory,
    "Content-Type",
    55
)]
#[case::bad_boundary(
    "Content-Type: multipart/related; boundary=\"a b \"; type=\"application/xml\"\r\n\r\n",
    ErrorKind::InvalidValue,
    "boundary",
    42
)]
fn rejects_entity_with_exact_error(
    #[case] input: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &'static str,
    #[case] offset: usize,
) {
    assert_eq!(
        multipart::parse_entity(input.as_bytes()),
        Err(DecodeError::new(kind, structure, offset))
    );
}

#[test]
fn rejects_entity_header_value_over_the_cap_without_scanning_further() {
    let mut input = b"Content-Type: ".to_vec();
    input.resize(input.len() + 4 * multipart::MAX_CONTENT_TYPE_BYTES, b'a');
    input.extend(b"\r\n\r\n");
    assert_eq!(
        multipart::parse_entity(&input),
        Err(DecodeError::new(
            ErrorKind::TooLong,
            ENTITY_HDR,
            "Content-Type:".len() + multipart::MAX_CONTENT_TYPE_BYTES
        ))
    );
}

#[test]
fn rejects_entity_header_value_that_is_not_utf8_at_the_bad_byte() {
    assert_eq!(
        multipart::parse_entity(b"Content-Type: multipart/\xff\r\n\r\n"),
        Err(DecodeError::new(ErrorKind::Syntax, "Content-Type", 24))
    );
}

#[test]
fn reads_the_boundary_of_a_content_type_value() {
    assert_eq!(multipart::boundary(CT), Ok("asdlfkjiurwghasf".to_owned()));
    assert_eq!(
        multipart::boundary("multipart/related; boundary=b"),
        Err(DecodeError::new(
            ErrorKind::MissingMandatory,
            "Content-Type",
            29
        ))
    );
}

#[test]
fn chooses_the_first_boundary_no_part_contains() {
    let mut sub = submission(None);
    assert_eq!(
        multipart::choose_boundary(&sub),
        Some("pushwake-boundary-0".to_owned())
    );
    sub.content = b"x--pushwake-boundary-0y".to_vec();
    assert_eq!(
        multipart::choose_boundary(&sub),
        Some("pushwake-boundary-1".to_owned())
    );
    sub.content = (0..multipart::BOUNDARY_CANDIDATES)
        .flat_map(|n| format!("--pushwake-boundary-{n}\r\n").into_bytes())
        .collect();
    assert_eq!(multipart::choose_boundary(&sub), None);
    let mut bad_type = submission(None);
    bad_type.content_type = "text/plain\r\nX-Injected: 1".into();
    assert_eq!(multipart::choose_boundary(&bad_type), None);
}

#[test]
fn reads_a_utf16_control_part_and_counts_its_error_offsets_from_the_body_start() {
    let utf16le = |s: &str| -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v
    };
    let ct = "multipart/related; boundary=b; type=\"application/xml\"";
    let head = b"--b\r\nContent-Type: application/xml\r\n\r\n".to_vec();
    let tail = b"\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--".to_vec();
    let good =
        "<pap><push-message push-id=\"\u{e9}\"><address address-value=\"a\"/></push-message></pap>";
    let body = [head.clone(), utf16le(good), tail.clone()].concat();
    let sub = multipart::parse(ct, &body).unwrap();
    assert_eq!(sub.control, pap::parse(good.as_bytes()).unwrap());

    let bad = "<pap><push-message push-id=\"\u{1F600}\" progress-notes-requested=\"no\"><address address-value=\"a\"/></push-message></pap>";
    let body = [head.clone(), utf16le(bad), tail].concat();
    let in_doc = 2 + 2 * bad[..bad.find("\"no\"").unwrap() + 1]
        .encode_utf16()
        .count();
    assert_eq!(
        multipart::parse(ct, &body),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "push-message",
            head.len() + in_doc
        ))
    );
}

#[test]
fn offsets_of_errors_inside_the_control_part_count_from_the_body_start() {
    let body = b"--b\r\nContent-Type: application/xml\r\n\r\n<pap><push-message/></pap>\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--";
    let ct = "multipart/related; boundary=b; type=\"application/xml\"";
    let at = body
        .windows(13)
        .position(|w| w == b"<push-message")
        .unwrap();
    assert_eq!(
        multipart::parse(ct, body),
        Err(DecodeError::new(
            ErrorKind::MissingMandatory,
            "push-message",
            at
        ))
    );
}

const BODY: &str = "--b\r\nContent-Type: application/xml\r\n\r\n<pap><push-message push-id=\"p\"><address address-value=\"a\"/></push-message></pap>\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";

#[rstest]
#[case::not_multipart_related(
    "multipart/mixed; boundary=b; type=\"application/xml\"",
    ErrorKind::InvalidValue,
    "Content-Type",
    0
)]
#[case::missing_type(
    "multipart/related; boundary=b",
    ErrorKind::MissingMandatory,
    "Content-Type",
    29
)]
#[case::wrong_type(
    "multipart/related; boundary=b; type=text/plain",
    ErrorKind::InvalidValue,
    "Content-Type",
    36
)]
#[case::missing_boundary(
    "multipart/related; type=\"application/xml\"",
    ErrorKind::MissingMandatory,
    "Content-Type",
    41
)]
#[case::empty_boundary(
    "multipart/related; boundary=\"\"; type=\"application/xml\"",
    ErrorKind::InvalidValue,
    "boundary",
    28
)]
#[case::boundary_71_chars(&format!("multipart/related; boundary=\"{}\"; type=\"application/xml\"", "x".repeat(71)), ErrorKind::TooLong, "boundary", 28)]
#[case::boundary_trailing_space(
    "multipart/related; boundary=\"ab \"; type=\"application/xml\"",
    ErrorKind::InvalidValue,
    "boundary",
    28
)]
#[case::boundary_bad_char(
    "multipart/related; boundary=\"a*b\"; type=\"application/xml\"",
    ErrorKind::InvalidValue,
    "boundary",
    28
)]
#[case::duplicate_boundary(
    "multipart/related; boundary=b; boundary=c; type=\"application/xml\"",
    ErrorKind::Syntax,
    "Content-Type",
    31
)]
#[case::missing_semicolon("multipart/related boundary=b", ErrorKind::Syntax, "Content-Type", 18)]
#[case::unterminated_quote(
    "multipart/related; boundary=\"b",
    ErrorKind::Syntax,
    "Content-Type",
    28
)]
fn rejects_bad_content_type_header(
    #[case] ct: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &'static str,
    #[case] offset: usize,
) {
    assert_eq!(
        multipart::parse(ct, BODY.as_bytes()),
        Err(DecodeError::new(kind, structure, offset))
    );
}

const OK_CT: &str = "multipart/related; boundary=b; type=\"application/xml\"";

#[test]
fn accepts_the_reference_body() {
    let sub = multipart::parse(OK_CT, BODY.as_bytes()).unwrap();
    assert_eq!(sub.content, b"hello");
    assert_eq!(sub.content_type, "text/plain");
}

#[rstest]
#[case::no_boundary_at_all("hello", ErrorKind::Syntax, "multipart/related", "h")]
#[case::no_close_delimiter(&BODY.replace("\r\n--b--\r\n", ""), ErrorKind::Truncated, "multipart/related", "Content-Type: text/plain")]
#[case::only_one_part(&BODY.replacen("\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello", "", 1), ErrorKind::MissingMandatory, "multipart/related", "--\r\n")]
#[case::lf_only_after_delimiter(&BODY.replacen("--b\r\nContent-Type: text", "--b\nContent-Type: text", 1), ErrorKind::Syntax, "multipart/related", "\nContent-Type: text")]
#[case::content_without_type(&BODY.replace("Content-Type: text/plain\r\n", ""), ErrorKind::MissingMandatory, "MIME part header", "\r\nhello")]
#[case::control_not_xml(&BODY.replace("application/xml", "text/xml"), ErrorKind::InvalidValue, "MIME part header", "Content-Type: text/xml")]
#[case::base64_content(&BODY.replace("text/plain\r\n", "text/plain\r\nContent-Transfer-Encoding: base64\r\n"), ErrorKind::InvalidValue, "MIME part header", "Content-Transfer")]
#[case::folded_header(&BODY.replace("text/plain\r\n", "text/plain;\r\n charset=utf-8\r\n"), ErrorKind::Syntax, "MIME part header", " charset")]
#[case::header_without_colon(&BODY.replace("text/plain\r\n", "text/plain\r\nBogus\r\n"), ErrorKind::Syntax, "MIME part header", "Bogus")]
#[case::headers_not_terminated(
    "--b\r\nContent-Type: application/xml\r\n--b--",
    ErrorKind::Truncated,
    "MIME part header",
    "Content-Type"
)]
#[case::four_parts(&BODY.replace("hello\r\n", "hello\r\n--b\r\nContent-Type: a/b\r\n\r\nc\r\n--b\r\nContent-Type: a/b\r\n\r\nd\r\n"), ErrorKind::TooLong, "multipart/related", "Content-Type: a/b\r\n\r\nd")]
#[case::control_is_not_push_message(&BODY.replace("<pap><push-message push-id=\"p\"><address address-value=\"a\"/></push-message></pap>", "<pap><cancel-message push-id=\"p\"/></pap>"), ErrorKind::Unexpected, "multipart/related", "<pap>")]
fn rejects_bad_body(
    #[case] body: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &'static str,
    #[case] marker: &str,
) {
    let offset = body.find(marker).expect("marker in body");
    assert_eq!(
        multipart::parse(OK_CT, body.as_bytes()),
        Err(DecodeError::new(kind, structure, offset))
    );
}

#[test]
fn rejects_body_over_max_body_bytes() {
    let body = vec![b'x'; multipart::MAX_BODY_BYTES + 1];
    assert_eq!(
        multipart::parse(OK_CT, &body),
        Err(DecodeError::new(
            ErrorKind::TooLong,
            "multipart/related",
            multipart::MAX_BODY_BYTES
        ))
    );
}

#[rstest]
#[case("b", true)]
#[case("=_Part_0_1234.5678", true)]
#[case("with space inside", true)]
#[case("trailing ", false)]
#[case("", false)]
#[case("quote\"", false)]
fn validates_boundary_per_rfc_2046(#[case] b: &str, #[case] ok: bool) {
    assert_eq!(multipart::is_valid_boundary(b), ok);
}

#[test]
fn max_boundary_is_seventy_characters() {
    assert!(multipart::is_valid_boundary(&"a".repeat(70)));
    assert!(!multipart::is_valid_boundary(&"a".repeat(71)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_of_write_is_identity_when_boundary_is_safe(
        content in prop::collection::vec(any::<u8>(), 0..200),
        caps in prop::option::of(prop::collection::vec(any::<u8>(), 0..50)),
        ct in "[a-z]{1,8}/[a-z.+-]{1,12}(; charset=[a-z0-9-]{1,8})?",
        boundary in "[A-Za-z0-9'()+_,./:=?-][A-Za-z0-9'()+_,./:=? -]{0,60}[A-Za-z0-9]",
    ) {
        let sub = PushSubmission { control: control(), content_type: ct, app_id: None, content, capabilities: caps };
        prop_assume!(multipart::boundary_is_safe(&sub, &boundary));
        let (header, body) = multipart::write(&sub, &boundary);
        prop_assert_eq!(multipart::parse(&header, &body), Ok(sub.clone()));
        let entity = multipart::write_entity(&sub, &boundary);
        prop_assert_eq!(multipart::parse_entity(&entity), Ok((boundary, sub)));
    }

    #[test]
    fn parse_never_panics(
        ct in prop::sample::select(vec![OK_CT, CT, "multipart/related; boundary=\"a b\"; type=application/xml"]),
        body in prop::collection::vec(prop_oneof![Just(b'-'), Just(b'\r'), Just(b'\n'), Just(b'b'), Just(b':'), any::<u8>()], 0..300),
    ) {
        let _ = multipart::parse(ct, &body);
    }
}

#[test]
fn round_trips_the_content_application_id() {
    let sub = PushSubmission {
        app_id: Some("x-wap-application:push.sia".into()),
        ..submission(None)
    };
    let (ct, body) = multipart::write(&sub, "b-1");
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.contains("\r\nX-Wap-Application-Id: x-wap-application:push.sia\r\n"));
    assert_eq!(multipart::parse(&ct, &body).unwrap(), sub);
}

#[test]
fn rejects_two_application_ids_on_the_content() {
    let sub = PushSubmission {
        app_id: Some("a".into()),
        ..submission(None)
    };
    let (ct, body) = multipart::write(&sub, "b-1");
    let text = String::from_utf8(body).unwrap().replace(
        "X-Wap-Application-Id: a",
        "X-Wap-Application-Id: a\r\nX-Wap-Application-Id: b",
    );
    let err = multipart::parse(&ct, text.as_bytes()).unwrap_err();
    assert_eq!(err.kind, pushwake_codecs::error::ErrorKind::InvalidValue);
}
