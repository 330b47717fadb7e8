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
        prop_assert_eq!(multipart::parse(&header, &body), Ok(sub));
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
