//! The on-line trigger SMS (TS 23.040 SMS-SUBMIT, WAP-259 WDP ports, WAP-230 WSP Push): known
//! answers, negative cases with exact errors, round trips. Fixtures: `tests/files/sms/README.md`.

use hex_literal::hex;
use proptest::prelude::*;
use pushwake_codecs::pkg0::{self, Digest, Initiator, Package0, UiMode, Version};
use pushwake_codecs::sms::wsp::{
    self, ContentType, Header, HeaderField, PduType, PushHeaders, WapValue, WellKnownMedia, WspPush,
};
use pushwake_codecs::sms::{
    self, Address, EncodeError, Iei, InformationElement, SmsSubmit, SubmitFields, TriggerSms,
    ValidityPeriod, WAP_PUSH_PORT, WAP_WSP_PORT,
};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/files/sms/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pushwake_codecs::hex::decode_spaced(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn spec_package() -> Package0 {
    Package0 {
        digest: Digest(hex!("5a7ad03797e6fce0dafb148c27fec98e")),
        version: Version::V12,
        ui_mode: UiMode::BACKGROUND,
        initiator: Initiator::SERVER,
        future_use: 0,
        session_id: 0x1234,
        server_identifier: "dmsc".into(),
        vendor_specific: vec![],
    }
}

fn canonical_trigger() -> TriggerSms {
    TriggerSms::new(
        Address {
            type_of_address: 0x91,
            digits: "447700900123".into(),
        },
        spec_package(),
    )
}

#[test]
fn encodes_the_canonical_trigger_to_the_known_bytes() {
    assert_eq!(
        canonical_trigger().encode(),
        Ok(hex!(
            "41 00 0C 91 447700091032 00 04 29"
            "06 05 04 0B84 23F0"
            "00 06 03 C4 AF 87"
            "5a7ad03797e6fce0dafb148c27fec98e 0318000000123404 646d7363"
        )
        .to_vec())
    );
}

#[test]
fn decodes_the_canonical_trigger() {
    let t = TriggerSms::decode(&fixture("trigger_canonical.hex")).expect("decodes");
    assert_eq!(t, canonical_trigger());
    assert_eq!(t.destination_port(), Some(2948));
    assert_eq!(
        t.push.application_id(),
        Some(&WapValue::Short(wsp::APPLICATION_ID_SYNCML_DM))
    );
    // The pushed notification still verifies once lifted out of the SMS.
    let pkg = t.notification.encode().expect("fits");
    assert_eq!(
        pkg0::verify_digest(&pkg, b"dmsc", b"secret", &[0, 0, 0, 0]),
        Ok(())
    );
}

#[test]
fn decodes_the_text_form_of_the_content_type() {
    let t = TriggerSms::decode(&fixture("trigger_text_content_type.hex")).expect("decodes");
    assert_eq!(
        t.push.content_type,
        ContentType::Extension("application/vnd.syncml.notification".into())
    );
    assert_eq!(t.notification, spec_package());
    assert_eq!(t.encode(), Ok(fixture("trigger_text_content_type.hex")));
}

#[rstest]
#[case::truncated("trigger_truncated.hex", ErrorKind::Truncated, "TP-UD", 13)]
#[case::trailing_data("trigger_trailing.hex", ErrorKind::TrailingData, "SMS-SUBMIT", 54)]
#[case::wrong_port(
    "trigger_wrong_port.hex",
    ErrorKind::InvalidValue,
    "WDP destination port",
    16
)]
#[case::no_udh("trigger_no_udhi.hex", ErrorKind::MissingMandatory, "TP-UDH", 13)]
#[case::ie_past_udh(
    "trigger_udh_ie_past_udh.hex",
    ErrorKind::LengthPastParent,
    "TP-UDH information element",
    15
)]
#[case::udhl_past_ud("trigger_udhl_past_ud.hex", ErrorKind::LengthPastParent, "TP-UDH", 13)]
#[case::port_ie_wrong_length(
    "trigger_port_ie_wrong_length.hex",
    ErrorKind::InvalidValue,
    "TP-UDH information element",
    15
)]
#[case::eight_bit_port_only(
    "trigger_8bit_port_only.hex",
    ErrorKind::Unexpected,
    "WDP port addressing",
    14
)]
#[case::wrong_content_type(
    "trigger_wrong_content_type.hex",
    ErrorKind::InvalidValue,
    "WSP content type",
    23
)]
#[case::confirmed_push(
    "trigger_confirmed_push.hex",
    ErrorKind::Unexpected,
    "WSP PDU type",
    21
)]
#[case::not_a_push_pdu(
    "trigger_not_push_pdu.hex",
    ErrorKind::InvalidValue,
    "WSP PDU type",
    21
)]
#[case::seven_bit_dcs("trigger_7bit_dcs.hex", ErrorKind::InvalidValue, "TP-DCS", 11)]
#[case::sms_deliver_mti("trigger_sms_deliver_mti.hex", ErrorKind::InvalidValue, "TP-MTI", 0)]
#[case::udl_over_140("trigger_udl_over_140.hex", ErrorKind::TooLong, "TP-UDL", 12)]
#[case::address_too_long("trigger_address_too_long.hex", ErrorKind::TooLong, "TP-DA", 2)]
#[case::pkg0_truncated(
    "trigger_pkg0_truncated.hex",
    ErrorKind::Truncated,
    "Package #0 notification header",
    42
)]
#[case::public_tpdu_cut("dsv_si_push_tpdu_cut.hex", ErrorKind::Truncated, "TP-UD", 13)]
fn rejects_bad_triggers(
    #[case] file: &str,
    #[case] kind: ErrorKind,
    #[case] structure: &str,
    #[case] offset: usize,
) {
    let err = TriggerSms::decode(&fixture(file)).expect_err("bad trigger");
    assert_eq!(
        (err.kind, err.structure, err.offset),
        (kind, structure, offset)
    );
}

#[test]
fn rejects_a_segment_of_a_concatenated_message() {
    let mut t = canonical_trigger();
    t.user_data_header.push(InformationElement::Concatenated8 {
        reference: 1,
        total: 2,
        sequence: 1,
    });
    let bytes = t.encode().expect("fits");
    // UDHL at 13, port IE at 14..20, concatenation IE at 20.
    assert_eq!(
        TriggerSms::decode(&bytes),
        Err(DecodeError::new(
            ErrorKind::Unexpected,
            "TP-UDH concatenated segment",
            20
        ))
    );
}

#[test]
fn accepts_a_single_segment_concatenation_header() {
    let mut t = canonical_trigger();
    t.user_data_header.push(InformationElement::Concatenated16 {
        reference: 0xBEEF,
        total: 1,
        sequence: 1,
    });
    let bytes = t.encode().expect("fits");
    assert_eq!(TriggerSms::decode(&bytes), Ok(t));
}

#[test]
fn the_last_port_addressing_element_is_in_effect() {
    // TS 23.040 9.2.3.24: duplicated or mutually exclusive IEs count by their last occurrence.
    let mut t = canonical_trigger();
    t.user_data_header
        .push(InformationElement::ApplicationPort16 {
            destination_port: 2949,
            originator_port: WAP_WSP_PORT,
        });
    // UDHL at 13, first port IE at 14..20, second at 20: its destination port at 22.
    assert_eq!(
        TriggerSms::decode(&t.encode().expect("fits")),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "WDP destination port",
            22
        ))
    );
    let mut t = canonical_trigger();
    t.user_data_header.insert(
        0,
        InformationElement::ApplicationPort16 {
            destination_port: 2949,
            originator_port: WAP_WSP_PORT,
        },
    );
    let bytes = t.encode().expect("fits");
    assert_eq!(TriggerSms::decode(&bytes), Ok(t));
}

#[test]
fn rejects_an_8bit_port_element_after_the_16bit_one() {
    let mut t = canonical_trigger();
    t.user_data_header
        .push(InformationElement::ApplicationPort8 {
            destination_port: 0x84,
            originator_port: 0xF0,
        });
    assert_eq!(
        TriggerSms::decode(&t.encode().expect("fits")),
        Err(DecodeError::new(
            ErrorKind::Unexpected,
            "WDP port addressing",
            20
        ))
    );
}

#[test]
fn unknown_information_elements_round_trip() {
    let mut t = canonical_trigger();
    t.user_data_header.insert(
        0,
        InformationElement::Other {
            code: Iei(0x24),
            data: vec![0x01, 0x02],
        },
    );
    let bytes = t.encode().expect("fits");
    assert_eq!(&bytes[13..18], &hex!("0A 24 02 0102"));
    let back = TriggerSms::decode(&bytes).expect("decodes");
    assert_eq!(back, t);
    assert_eq!(format!("{:?}", Iei(0x24)), "Iei(0x24)");
}

#[test]
fn rejects_user_data_over_140_octets_when_encoding() {
    let mut t = canonical_trigger();
    t.notification.vendor_specific = vec![0; 100];
    assert_eq!(t.encode(), Err(EncodeError::UserDataTooLong(141)));
}

#[test]
fn rejects_odd_address_without_fill() {
    let mut b = fixture("trigger_canonical.hex");
    // Make the address 11 digits: the last octet's high nibble (3) is then not the 1111 fill.
    b[2] = 0x0B;
    assert_eq!(
        TriggerSms::decode(&b),
        Err(DecodeError::new(ErrorKind::InvalidValue, "TP-DA", 9))
    );
}

#[test]
fn decodes_the_public_si_push_wsp_pdu() {
    let bytes = fixture("dsv_si_push_wsp.hex");
    let p = WspPush::decode(&bytes).expect("decodes");
    assert_eq!(
        p.headers,
        PushHeaders {
            transaction_id: 0x01,
            pdu_type: PduType::PUSH,
            content_type: ContentType::General(vec![0x80 | WellKnownMedia::VND_WAP_SIC.0]),
            headers: vec![
                Header::WellKnown {
                    field: HeaderField::X_WAP_APPLICATION_ID,
                    value: WapValue::Short(0x02),
                },
                Header::WellKnown {
                    field: HeaderField::PUSH_FLAG,
                    value: WapValue::Short(0x05),
                },
            ],
        }
    );
    assert_eq!(&p.data[..8], &hex!("02 05 04 00 45 C6 0C 03"));
    assert_eq!(p.encode(), Ok(bytes));
}

#[test]
fn decodes_the_public_si_push_tpdu_header_fields() {
    // The page's TPDU with TP-UDL lowered to the 68 octets we have (see README).
    let mut bytes = fixture("dsv_si_push_tpdu_cut.hex");
    bytes[12] = 68;
    let s = SmsSubmit::decode(&bytes).expect("decodes");
    assert_eq!(
        s.fields,
        SubmitFields {
            reject_duplicates: false,
            status_report_request: false,
            reply_path: false,
            message_reference: 0,
            destination_address: Address {
                type_of_address: 0x91,
                digits: "46732041644".into(),
            },
            protocol_identifier: 0,
            data_coding_scheme: 0x04,
            validity_period: ValidityPeriod::None,
        }
    );
    assert_eq!(
        s.user_data_header,
        Some(vec![
            InformationElement::ApplicationPort16 {
                destination_port: 2948,
                originator_port: 9200,
            },
            InformationElement::Concatenated8 {
                reference: 1,
                total: 1,
                sequence: 1,
            },
        ])
    );
    assert_eq!(&s.user_data[..9], &hex!("01 06 06 01 AE AF 82 B4 85"));
    assert_eq!(s.encode(), Ok(bytes.clone()));
    // It is a push, but of SI content, not a DM notification.
    assert_eq!(
        TriggerSms::decode(&bytes),
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "WSP content type",
            28
        ))
    );
}

#[rstest]
#[case::non_minimal_headers_len(&hex!("00 06 80 03 C4 AF 87"), ErrorKind::NonMinimalLength, "WSP HeadersLen", 2)]
#[case::headers_len_past_pdu(&hex!("00 06 09 C4 AF 87"), ErrorKind::LengthPastParent, "WSP headers", 2)]
#[case::headers_len_over_cap(&hex!("00 06 88 01 C4"), ErrorKind::TooLong, "WSP HeadersLen", 2)]
#[case::missing_content_type(&hex!("00 06 00"), ErrorKind::MissingMandatory, "WSP content type", 3)]
#[case::unterminated_text_content_type(&hex!("00 06 03 61 62 63"), ErrorKind::Truncated, "WSP content type", 3)]
#[case::non_minimal_value_length(&hex!("00 06 03 1F 01 AE"), ErrorKind::NonMinimalLength, "WSP content type", 3)]
#[case::header_value_missing(&hex!("00 06 02 C4 AF"), ErrorKind::Truncated, "WSP header value", 5)]
#[case::nul_header(&hex!("00 06 02 C4 00"), ErrorKind::InvalidValue, "WSP header", 4)]
#[case::truncated_tid(&[], ErrorKind::Truncated, "WSP TID", 0)]
#[case::get_pdu(&hex!("00 40 00"), ErrorKind::InvalidValue, "WSP PDU type", 1)]
fn rejects_malformed_wsp_push(
    #[case] bytes: &[u8],
    #[case] kind: ErrorKind,
    #[case] structure: &str,
    #[case] offset: usize,
) {
    let err = WspPush::decode(bytes).expect_err("malformed");
    assert_eq!(
        (err.kind, err.structure, err.offset),
        (kind, structure, offset)
    );
}

#[test]
fn wsp_long_values_use_the_length_quote_above_30_octets() {
    let p = WspPush {
        headers: PushHeaders {
            transaction_id: 7,
            pdu_type: PduType::PUSH,
            content_type: ContentType::WellKnown(WellKnownMedia::VND_SYNCML_NOTIFICATION),
            headers: vec![Header::WellKnown {
                field: HeaderField(0x50),
                value: WapValue::Long(vec![0xAB; 31]),
            }],
        },
        data: vec![],
    };
    let bytes = p.encode().expect("fits");
    assert_eq!(&bytes[..6], &hex!("07 06 23 C4 D0 1F"));
    assert_eq!(bytes[6], 31);
    assert_eq!(WspPush::decode(&bytes), Ok(p));
}

#[rstest]
#[case::short_above_127(Header::WellKnown { field: HeaderField::PUSH_FLAG, value: WapValue::Short(0x80) }, wsp::EncodeError::ShortIntegerOutOfRange(0x80))]
#[case::empty_text(Header::WellKnown { field: HeaderField::PUSH_FLAG, value: WapValue::Text(String::new()) }, wsp::EncodeError::BadText)]
#[case::shift_in_app_name(Header::Application { name: "\u{7f}x".into(), value: String::new() }, wsp::EncodeError::BadText)]
#[case::short_cut_shift_zero(Header::ShortCutShift { page: 0 }, wsp::EncodeError::ShortCutShiftOutOfRange(0))]
fn rejects_wsp_headers_that_would_read_back_differently(
    #[case] h: Header,
    #[case] err: wsp::EncodeError,
) {
    let p = WspPush {
        headers: PushHeaders {
            transaction_id: 0,
            pdu_type: PduType::PUSH,
            content_type: ContentType::WellKnown(WellKnownMedia::VND_SYNCML_NOTIFICATION),
            headers: vec![h],
        },
        data: vec![],
    };
    assert_eq!(p.encode(), Err(err));
}

#[rstest]
#[case::general_8bit(0x04, true)]
#[case::general_ucs2(0x08, true)]
#[case::general_7bit(0x00, false)]
#[case::compressed_7bit(0x20, true)]
#[case::class1_8bit(0xF5, true)]
#[case::class1_7bit(0xF1, false)]
#[case::mwi_ucs2(0xE0, true)]
#[case::mwi_store_7bit(0xD0, false)]
#[case::reserved_group(0x80, false)]
fn data_coding_scheme_octet_coding(#[case] dcs: u8, #[case] octets: bool) {
    assert_eq!(sms::octet_coded(dcs), octets);
}

#[test]
fn json_uses_spec_names_and_numbers() {
    let json = serde_json::to_value(canonical_trigger()).expect("serializes");
    assert_eq!(
        json["user_data_header"],
        serde_json::json!([{
            "iei": "application-port16",
            "destination_port": 2948,
            "originator_port": 9200,
        }])
    );
    assert_eq!(json["notification"]["sessionid"], 4660);
    assert_eq!(
        json["push"]["content_type"],
        serde_json::json!({"well-known": 0x44})
    );
    let back: TriggerSms = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, canonical_trigger());
}

fn address() -> impl Strategy<Value = Address> {
    (
        any::<u8>().prop_filter("not alphanumeric", |t| (t >> 4) & 0b111 != 0b101),
        "[0-9*#abc]{0,20}",
    )
        .prop_map(|(type_of_address, digits)| Address {
            type_of_address,
            digits,
        })
}

fn fields() -> impl Strategy<Value = SubmitFields> {
    let vp = prop_oneof![
        Just(ValidityPeriod::None),
        any::<u8>().prop_map(ValidityPeriod::Relative),
        any::<[u8; 7]>().prop_map(ValidityPeriod::Enhanced),
        any::<[u8; 7]>().prop_map(ValidityPeriod::Absolute),
    ];
    (
        any::<(bool, bool, bool, u8)>(),
        address(),
        any::<u8>(),
        any::<u8>().prop_filter("octet-coded", |d| sms::octet_coded(*d)),
        vp,
    )
        .prop_map(|((rd, srr, rp, mr), da, pid, dcs, vp)| SubmitFields {
            reject_duplicates: rd,
            status_report_request: srr,
            reply_path: rp,
            message_reference: mr,
            destination_address: da,
            protocol_identifier: pid,
            data_coding_scheme: dcs,
            validity_period: vp,
        })
}

fn extra_element() -> impl Strategy<Value = InformationElement> {
    prop_oneof![
        (any::<u8>(), 0u8..=1, any::<u8>()).prop_map(|(reference, total, sequence)| {
            InformationElement::Concatenated8 {
                reference,
                total,
                sequence,
            }
        }),
        (any::<u8>(), any::<u8>()).prop_map(|(d, o)| InformationElement::ApplicationPort8 {
            destination_port: d,
            originator_port: o,
        }),
        (
            any::<u8>().prop_filter("unknown IEI", |c| ![0, 4, 5, 8].contains(c)),
            proptest::collection::vec(any::<u8>(), 0..4)
        )
            .prop_map(|(c, data)| InformationElement::Other { code: Iei(c), data }),
    ]
}

fn header() -> impl Strategy<Value = Header> {
    prop_oneof![
        (0u8..128, 0u8..128).prop_map(|(f, v)| Header::WellKnown {
            field: HeaderField(f),
            value: WapValue::Short(v),
        }),
        (0u8..128, proptest::collection::vec(any::<u8>(), 0..40)).prop_map(|(f, v)| {
            Header::WellKnown {
                field: HeaderField(f),
                value: WapValue::Long(v),
            }
        }),
        (0u8..128, "[ -~]{1,6}").prop_map(|(f, t)| Header::WellKnown {
            field: HeaderField(f),
            value: WapValue::Text(t),
        }),
        ("[!-~][ -~]{0,4}", "[ -~]{0,4}")
            .prop_map(|(name, value)| Header::Application { name, value }),
        (0u8..128).prop_map(|page| Header::Shift { page }),
        (1u8..32).prop_map(|page| Header::ShortCutShift { page }),
    ]
}

fn notification() -> impl Strategy<Value = Package0> {
    (
        any::<[u8; 16]>(),
        0u16..1024,
        0u8..4,
        0u8..2,
        0u32..(1 << 27),
        any::<u16>(),
        "[ -~]{0,20}",
        proptest::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(d, v, u, i, f, s, id, vendor)| Package0 {
            digest: Digest(d),
            version: Version(v),
            ui_mode: UiMode(u),
            initiator: Initiator(i),
            future_use: f,
            session_id: s,
            server_identifier: id,
            vendor_specific: vendor,
        })
}

fn trigger() -> impl Strategy<Value = TriggerSms> {
    (
        fields(),
        // An 8-bit port element after the 16-bit one would be the one in effect: leave it out.
        proptest::collection::vec(
            extra_element().prop_filter("no 8-bit port", |ie| {
                !matches!(ie, InformationElement::ApplicationPort8 { .. })
            }),
            0..3,
        ),
        any::<(u16, usize)>(),
        any::<u8>(),
        prop_oneof![
            Just(ContentType::WellKnown(
                WellKnownMedia::VND_SYNCML_NOTIFICATION
            )),
            Just(ContentType::Extension(
                wsp::SYNCML_NOTIFICATION_MEDIA.into()
            )),
        ],
        proptest::collection::vec(header(), 0..3),
        notification(),
    )
        .prop_map(|(tpdu, mut udh, (src, pos), tid, ct, headers, n)| {
            let port = InformationElement::ApplicationPort16 {
                destination_port: WAP_PUSH_PORT,
                originator_port: src,
            };
            udh.insert(pos % (udh.len() + 1), port);
            TriggerSms {
                tpdu,
                user_data_header: udh,
                push: PushHeaders {
                    transaction_id: tid,
                    pdu_type: PduType::PUSH,
                    content_type: ct,
                    headers,
                },
                notification: n,
            }
        })
}

proptest! {
    #[test]
    fn round_trips_trigger_decode_of_encode(t in trigger()) {
        let bytes = t.encode();
        prop_assume!(bytes.is_ok(), "over 140 octets: {:?}", bytes);
        let bytes = bytes.expect("checked");
        prop_assert_eq!(TriggerSms::decode(&bytes), Ok(t));
    }

    #[test]
    fn round_trips_trigger_encode_of_decode(t in trigger(), at in any::<usize>(), v in any::<u8>()) {
        // Mutate one octet of a valid trigger: whatever still decodes is canonical.
        let Ok(mut bytes) = t.encode() else { return Ok(()) };
        let i = at % bytes.len();
        bytes[i] = v;
        if let Ok(d) = TriggerSms::decode(&bytes) {
            prop_assert_eq!(d.encode(), Ok(bytes));
        }
    }

    #[test]
    fn round_trips_sms_submit(f in fields(), udh in proptest::option::of(proptest::collection::vec(extra_element(), 0..4)), ud in proptest::collection::vec(any::<u8>(), 0..100)) {
        let s = SmsSubmit { fields: f, user_data_header: udh, user_data: ud };
        if let Ok(bytes) = s.encode() {
            prop_assert_eq!(SmsSubmit::decode(&bytes), Ok(s));
        }
    }

    #[test]
    fn round_trips_wsp_push(tid in any::<u8>(), headers in proptest::collection::vec(header(), 0..6), data in proptest::collection::vec(any::<u8>(), 0..50)) {
        let p = WspPush {
            headers: PushHeaders {
                transaction_id: tid,
                pdu_type: PduType::CONFIRMED_PUSH,
                content_type: ContentType::General(vec![0xC4, 0x81, 0x83]),
                headers,
            },
            data,
        };
        let bytes = p.encode().expect("fits");
        prop_assert_eq!(WspPush::decode(&bytes), Ok(p));
    }

    #[test]
    fn never_panics_and_reencodes_arbitrary_sms(bytes in proptest::collection::vec(any::<u8>(), 0..180)) {
        if let Ok(s) = SmsSubmit::decode(&bytes) {
            prop_assert_eq!(s.encode(), Ok(bytes.clone()));
        }
        if let Ok(p) = WspPush::decode(&bytes) {
            prop_assert_eq!(p.encode(), Ok(bytes.clone()));
        }
        if let Ok(t) = TriggerSms::decode(&bytes) {
            prop_assert_eq!(t.encode(), Ok(bytes));
        }
    }
}

#[test]
fn wsp_json_round_trips_with_flattened_headers() {
    let p = WspPush::decode(&fixture("dsv_si_push_wsp.hex")).expect("decodes");
    let json = serde_json::to_value(&p).expect("serializes");
    assert_eq!(json["transaction_id"], 1);
    assert_eq!(json["pdu_type"], 6);
    assert_eq!(json["content_type"], serde_json::json!({"general": "ae"}));
    assert_eq!(
        json["headers"][0],
        serde_json::json!({"well-known": {"field": 0x2F, "value": {"short": 2}}})
    );
    let back: WspPush = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, p);
}

#[test]
fn sms_submit_json_round_trips() {
    let mut bytes = fixture("dsv_si_push_tpdu_cut.hex");
    bytes[12] = 68;
    let s = SmsSubmit::decode(&bytes).expect("decodes");
    let json = serde_json::to_value(&s).expect("serializes");
    assert_eq!(json["destination_address"]["digits"], "46732041644");
    assert_eq!(json["validity_period"], "none");
    assert_eq!(json["user_data_header"][1]["iei"], "concatenated8");
    let back: SmsSubmit = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, s);
}
