//! Typed CAT messages: known answers, round trips and exact errors (TS 102 223).
//!
//! Vector sources: "spec note" = /work/shared/specs/cat-bip.md [V] lines; "built" = assembled
//! from the clause's object list with lengths computed, not copied from a conformance table.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use hex_literal::hex;
use pushwake_codecs::cat::envelope::Envelope;
use pushwake_codecs::cat::objects::{CatObject, ServerState};
use pushwake_codecs::cat::proactive::{OpenChannelMode, ProactiveCommand};
use pushwake_codecs::cat::profile::{Facility, TerminalProfile};
use pushwake_codecs::cat::response::TerminalResponse;
use pushwake_codecs::cat::*;
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn err(kind: ErrorKind, structure: &'static str, offset: usize) -> DecodeError {
    DecodeError::new(kind, structure, offset)
}

/// OPEN CHANNEL, UICC server mode, port 4116, buffer 1500 (spec note, decoded alike by
/// Wireshark and pySim).
const OPEN_CHANNEL_USM: [u8; 20] =
    hex!("D0 12 81 03 01 40 00 82 02 81 82 B9 02 05 DC BC 03 03 10 14");

#[rstest]
#[case::open_channel_uicc_server(&OPEN_CHANNEL_USM, CommandType::OPEN_CHANNEL)]
// built: default bearer, buffer 1400, UDP client remote port 44444, destination 1.1.1.1
#[case::open_channel_client(&hex!("D0 1C 81 03 01 40 01 82 02 81 82 35 01 03 39 02 05 78 3C 03 01 AD 9C 3E 05 21 01 01 01 01"), CommandType::OPEN_CHANNEL)]
// spec note form: SEND DATA immediately on channel 1
#[case::send_data(&hex!("D0 0D 81 03 01 43 01 82 02 81 21 B6 02 AB CD"), CommandType::SEND_DATA)]
#[case::receive_data(&hex!("D0 0C 81 03 01 42 00 82 02 81 21 B7 01 C8"), CommandType::RECEIVE_DATA)]
#[case::close_channel(&hex!("D0 09 81 03 01 41 00 82 02 81 21"), CommandType::CLOSE_CHANNEL)]
#[case::get_channel_status(&hex!("D0 09 81 03 01 44 00 82 02 81 82"), CommandType::GET_CHANNEL_STATUS)]
// spec note: timer 1 started for 30 s (`03` nibble-swapped BCD)
#[case::timer_start(&hex!("D0 11 81 03 01 27 00 82 02 81 82 A4 01 01 A5 03 00 00 03"), CommandType::TIMER_MANAGEMENT)]
#[case::timer_deactivate(&hex!("D0 0C 81 03 01 27 01 82 02 81 82 A4 01 01"), CommandType::TIMER_MANAGEMENT)]
#[case::set_up_event_list(&hex!("D0 0E 81 03 01 05 00 82 02 81 82 99 03 09 0A 03"), CommandType::SET_UP_EVENT_LIST)]
#[case::send_short_message(&hex!("D0 1E 81 03 01 13 00 82 02 81 83 86 05 91 11 22 33 F4 8B 0C 01 00 03 81 21 F3 00 04 03 41 42 43"), CommandType::SEND_SHORT_MESSAGE)]
#[case::provide_local_information(&hex!("D0 09 81 03 01 26 00 82 02 81 82"), CommandType::PROVIDE_LOCAL_INFORMATION)]
// built: DISPLAY TEXT (type 21), not typed here, kept generically
#[case::generic_display_text(&hex!("D0 0F 81 03 01 21 80 82 02 81 02 8D 04 04 41 42 43"), CommandType(0x21))]
fn round_trips_proactive_command(#[case] bytes: &[u8], #[case] ty: CommandType) {
    let c = ProactiveCommand::decode(bytes).unwrap();
    assert_eq!(c.command_type(), ty);
    assert_eq!(
        matches!(c, ProactiveCommand::Generic(_)),
        ty == CommandType(0x21)
    );
    assert_eq!(c.encode().unwrap(), bytes);
    let json = serde_json::to_string(&c).unwrap();
    let back: ProactiveCommand = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn decodes_open_channel_uicc_server_mode() {
    let ProactiveCommand::OpenChannel(oc) = ProactiveCommand::decode(&OPEN_CHANNEL_USM).unwrap()
    else {
        panic!("not OPEN CHANNEL")
    };
    assert_eq!(oc.details.number, 1);
    assert_eq!(oc.details.qualifier, 0);
    assert_eq!(oc.device_identities.source, DeviceId::UICC);
    assert_eq!(oc.device_identities.destination, DeviceId::TERMINAL);
    assert_eq!(oc.buffer_size.size, 1500);
    let tl = oc.transport_level.as_ref().unwrap();
    assert_eq!(tl.protocol, TransportProtocol::TCP_UICC_SERVER);
    assert_eq!(tl.port, Some(4116));
    assert_eq!(oc.mode(&[]), OpenChannelMode::UiccServer);
    assert!(oc.extra.is_empty());
}

#[test]
fn shows_open_channel_json_with_numbers() {
    let c = ProactiveCommand::decode(&OPEN_CHANNEL_USM).unwrap();
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["command"], "open_channel");
    assert_eq!(json["buffer_size"]["size"], 1500);
    assert_eq!(json["transport_level"]["port"], 4116);
    assert_eq!(json["transport_level"]["protocol"], 3);
    assert_eq!(json["device_identities"]["destination"], 0x82);
}

#[test]
fn encodes_open_channel_from_hand_written_json() {
    // What a lab would type: CR bits omitted (set by default).
    let json = r#"{"command":"open_channel","details":{"number":1,"qualifier":0},
        "device_identities":{"source":129,"destination":130},
        "buffer_size":{"size":1500},"transport_level":{"protocol":3,"port":4116}}"#;
    let c: ProactiveCommand = serde_json::from_str(json).unwrap();
    assert_eq!(c.encode().unwrap(), OPEN_CHANNEL_USM);
}

#[test]
fn rejects_the_open_channel_hex_with_a_doubled_device_identity_byte() {
    // The hex in the work brief (`... 82 02 81 82 82 B9 ...`) has one byte more than its length
    // 0x12 covers: the outer BER-TLV ends before the last byte.
    let brief = hex!("D0 12 81 03 01 40 00 82 02 81 82 82 B9 02 05 DC BC 03 03 10 14");
    assert_eq!(
        ProactiveCommand::decode(&brief),
        Err(err(ErrorKind::TrailingData, "proactive command", 20))
    );
}

#[test]
fn classifies_open_channel_modes() {
    let ProactiveCommand::OpenChannel(mut oc) =
        ProactiveCommand::decode(&OPEN_CHANNEL_USM).unwrap()
    else {
        panic!()
    };
    oc.transport_level.as_mut().unwrap().protocol = TransportProtocol(0x07);
    assert_eq!(oc.mode(&[]), OpenChannelMode::Client);
    assert_eq!(
        oc.mode(&[TransportProtocol(0x07)]),
        OpenChannelMode::TerminalServer
    );
}

#[test]
fn decodes_open_channel_client_objects() {
    let b = hex!(
        "D0 1C 81 03 01 40 01 82 02 81 82 35 01 03 39 02 05 78 3C 03 01 AD 9C 3E 05 21 01 01 01 01"
    );
    let ProactiveCommand::OpenChannel(oc) = ProactiveCommand::decode(&b).unwrap() else {
        panic!()
    };
    assert_eq!(
        oc.bearer_description.as_ref().unwrap().bearer_type,
        BearerType::DEFAULT
    );
    assert!(!oc.bearer_description.as_ref().unwrap().cr);
    assert_eq!(oc.buffer_size.size, 1400);
    assert_eq!(oc.local_address, None);
    assert_eq!(
        oc.data_destination_address,
        Some(objects::OtherAddress {
            cr: false,
            ..objects::OtherAddress::ipv4([1, 1, 1, 1])
        })
    );
    assert_eq!(oc.transport_level.as_ref().unwrap().port, Some(44444));
    assert_eq!(oc.mode(&[]), OpenChannelMode::Client);
}

#[test]
fn decodes_timer_value_as_bcd() {
    let b = hex!("D0 11 81 03 01 27 00 82 02 81 82 A4 01 01 A5 03 10 32 54");
    let ProactiveCommand::TimerManagement(t) = ProactiveCommand::decode(&b).unwrap() else {
        panic!()
    };
    let v = t.timer_value.unwrap();
    assert_eq!((v.hours, v.minutes, v.seconds), (1, 23, 45));
    assert_eq!(v.total_seconds(), 3600 + 23 * 60 + 45);
}

#[test]
fn keeps_unknown_object_with_cr_clear() {
    // `4C`: no tag of TS 102 223 9.3 (unnamed in values.rs), CR clear.
    let b = hex!("D0 0C 81 03 01 44 00 82 02 81 82 4C 01 55");
    let c = ProactiveCommand::decode(&b).unwrap();
    let ProactiveCommand::GetChannelStatus(s) = &c else {
        panic!()
    };
    assert_eq!(s.extra.len(), 1);
    assert_eq!(s.extra[0].tag_value(), 0x4C);
    assert_eq!(c.encode().unwrap(), b);
}

#[test]
fn rejects_unknown_object_with_cr_set() {
    // `CC`: tag `4C` (no tag of TS 102 223 9.3) with CR set.
    let b = hex!("D0 0C 81 03 01 44 00 82 02 81 82 CC 01 55");
    let e = ProactiveCommand::decode(&b).unwrap_err();
    assert_eq!(
        e,
        err(
            ErrorKind::UnknownComprehensionRequired,
            "COMPREHENSION-TLV",
            11
        )
    );
    assert_eq!(
        general_result_for(&e),
        GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD
    );
}

#[test]
fn rejects_open_channel_without_buffer_size() {
    let b = hex!("D0 0E 81 03 01 40 00 82 02 81 82 BC 03 03 10 14");
    let e = ProactiveCommand::decode(&b).unwrap_err();
    assert_eq!(e, err(ErrorKind::MissingMandatory, "OPEN CHANNEL", 11));
    assert_eq!(
        general_result_for(&e),
        GeneralResult::REQUIRED_VALUES_MISSING
    );
}

#[test]
fn rejects_missing_command_details() {
    assert_eq!(
        ProactiveCommand::decode(&hex!("D0 04 82 02 81 82")),
        Err(err(ErrorKind::MissingMandatory, "proactive command", 2))
    );
}

#[test]
fn rejects_timer_start_without_value() {
    assert_eq!(
        ProactiveCommand::decode(&hex!("D0 0C 81 03 01 27 00 82 02 81 82 A4 01 01")),
        Err(err(ErrorKind::MissingMandatory, "TIMER MANAGEMENT", 14))
    );
}

#[rstest]
#[case::truncated(&hex!("D0 12 81 03 01 40"), err(ErrorKind::LengthPastParent, "proactive command", 1))]
#[case::truncated_length(&hex!("D0 82 00"), err(ErrorKind::Truncated, "TLV length", 3))]
#[case::trailing_data(&hex!("D0 09 81 03 01 44 00 82 02 81 82 00"), err(ErrorKind::TrailingData, "proactive command", 11))]
#[case::non_minimal_length(&hex!("D0 81 09 81 03 01 44 00 82 02 81 82"), err(ErrorKind::NonMinimalLength, "TLV length", 1))]
#[case::inner_length_past_parent(&hex!("D0 05 81 04 01 40 00"), err(ErrorKind::LengthPastParent, "proactive command", 3))]
#[case::over_long_value(&hex!("D0 0E 81 03 01 44 00 82 02 81 82 B9 03 05 DC 00"), err(ErrorKind::TrailingData, "buffer size", 15))]
#[case::short_value(&hex!("D0 08 81 02 01 44 82 02 81 82"), err(ErrorKind::Truncated, "command details", 6))]
#[case::bad_bcd(&hex!("D0 11 81 03 01 27 00 82 02 81 82 A4 01 01 A5 03 00 0A 00"), err(ErrorKind::InvalidValue, "timer value", 17))]
#[case::wrong_ber_tag(&hex!("D6 09 81 03 01 44 00 82 02 81 82"), err(ErrorKind::Unexpected, "proactive command", 0))]
#[case::bad_ipv4_length(&hex!("D0 13 81 03 01 40 00 82 02 81 82 B9 02 05 DC 3E 04 21 01 01 01"), err(ErrorKind::InvalidValue, "other address", 17))]
fn rejects_malformed_proactive_command(#[case] bytes: &[u8], #[case] want: DecodeError) {
    assert_eq!(ProactiveCommand::decode(bytes), Err(want));
}

#[test]
fn caps_message_size() {
    let mut b = vec![0xD0, 0x82, 0x10, 0x01];
    b.resize(4 + 0x1001, 0);
    assert_eq!(
        ProactiveCommand::decode(&b),
        Err(err(ErrorKind::TooLong, "proactive command", 0))
    );
}

#[test]
fn caps_object_count() {
    // 300 empty unknown CR-clear objects: past MAX_OBJECTS (256).
    let mut body = hex!("81 03 01 44 00 82 02 81 82").to_vec();
    body.extend([0x7E, 0x00].repeat(300));
    let mut b = vec![0xD0, 0x82];
    b.extend(u16::try_from(body.len()).unwrap().to_be_bytes());
    b.extend(&body);
    assert_eq!(
        ProactiveCommand::decode(&b),
        Err(err(
            ErrorKind::TooLong,
            "proactive command",
            4 + 9 + 2 * (MAX_OBJECTS - 2)
        ))
    );
}

#[test]
fn accepts_three_byte_tag_and_writes_it_canonically() {
    let b = hex!("D0 14 81 03 01 40 00 82 02 81 82 7F 80 39 02 05 DC BC 03 03 10 14");
    let c = ProactiveCommand::decode(&b).unwrap();
    assert_eq!(c.encode().unwrap(), OPEN_CHANNEL_USM);
}

// ---- TERMINAL RESPONSE ----

#[rstest]
// built per 6.8 / 6.6.27: OPEN CHANNEL success, channel 1 established, default bearer, 1500
#[case::open_channel_ok(&hex!("81 03 01 40 00 82 02 82 81 83 01 00 38 02 81 00 35 01 03 39 02 05 DC"))]
// spec note: SEND DATA response carries `37 01 xx`
#[case::send_data_ok(&hex!("81 03 01 43 01 82 02 82 81 83 01 00 B7 01 FF"))]
#[case::receive_data_ok(&hex!("81 03 01 42 00 82 02 82 81 83 01 00 B6 03 01 02 03 B7 01 00"))]
#[case::bip_error_port(&hex!("81 03 01 40 00 82 02 82 81 83 02 3A 10"))]
#[case::no_naa_active(&hex!("81 03 01 13 00 82 02 82 81 83 02 20 0A"))]
#[case::timer_value(&hex!("81 03 01 27 02 82 02 82 81 83 01 00 A4 01 01 A5 03 00 00 03"))]
#[case::command_data_not_understood(&hex!("81 03 01 40 00 82 02 82 81 83 01 32"))]
fn round_trips_terminal_response(#[case] bytes: &[u8]) {
    let r = TerminalResponse::decode(bytes).unwrap();
    assert_eq!(r.encode().unwrap(), bytes);
    let back: TerminalResponse = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn reads_bip_additional_information() {
    let r = TerminalResponse::decode(&hex!("81 03 01 40 00 82 02 82 81 83 02 3A 10")).unwrap();
    assert_eq!(r.result.general, GeneralResult::BIP_ERROR);
    assert_eq!(r.result.bip_error(), Some(BipError::PORT_NOT_AVAILABLE));
    assert_eq!(r.result.terminal_problem(), None);
    let r = TerminalResponse::decode(&hex!("81 03 01 13 00 82 02 82 81 83 02 20 0A")).unwrap();
    assert_eq!(
        r.result.terminal_problem(),
        Some(TerminalProblem::NO_NAA_ACTIVE)
    );
}

#[test]
fn reads_channel_status_in_terminal_response() {
    let r = TerminalResponse::decode(&hex!(
        "81 03 01 40 00 82 02 82 81 83 01 00 38 02 81 00 35 01 03 39 02 05 DC"
    ))
    .unwrap();
    let cs = r
        .find(|o| {
            if let CatObject::ChannelStatus(c) = o {
                Some(c)
            } else {
                None
            }
        })
        .unwrap();
    assert_eq!(cs.channel_id(), 1);
    assert!(cs.link_established());
    assert_eq!(cs.server_state(), ServerState::Established);
}

#[test]
fn round_trips_every_general_result() {
    for g in 0..=0xFFu8 {
        let b = [
            0x81, 0x03, 0x01, 0x40, 0x00, 0x82, 0x02, 0x82, 0x81, 0x83, 0x01, g,
        ];
        let r = TerminalResponse::decode(&b).unwrap();
        assert_eq!(r.result.general, GeneralResult(g));
        assert_eq!(r.encode().unwrap(), b);
    }
    assert_eq!(
        GeneralResult(0x3A).name(),
        Some("Bearer Independent Protocol error")
    );
    assert_eq!(format!("{:?}", GeneralResult(0x99)), "GeneralResult(0x99)");
}

#[test]
fn rejects_terminal_response_without_result() {
    assert_eq!(
        TerminalResponse::decode(&hex!("81 03 01 40 00 82 02 82 81")),
        Err(err(ErrorKind::MissingMandatory, "TERMINAL RESPONSE", 9))
    );
}

// ---- ENVELOPE ----

#[rstest]
// spec note: event download, data available
#[case::data_available(&hex!("D6 0E 99 01 09 82 02 82 81 B8 02 81 00 B7 01 FF"), 0xD6)]
// spec note: channel status, link dropped
#[case::channel_status(&hex!("D6 0B 99 01 0A 82 02 82 81 B8 02 01 05"), 0xD6)]
// spec note: location status, normal service with location information
#[case::location_status(&hex!("D6 13 99 01 03 82 02 82 81 9B 01 00 93 07 00 F1 10 00 01 00 02"), 0xD6)]
#[case::location_status_no_service(&hex!("D6 0A 99 01 03 82 02 82 81 9B 01 02"), 0xD6)]
#[case::local_connection(&hex!("D6 07 99 01 0D 82 02 82 81"), 0xD6)]
// spec note: timer expiration, 30 s
#[case::timer_expiration(&hex!("D7 0C 82 02 82 81 A4 01 01 A5 03 00 00 03"), 0xD7)]
#[case::call_control(&hex!("D4 12 82 02 82 81 86 03 91 11 22 93 07 00 F1 10 00 01 00 02"), 0xD4)]
// spec note shape: registry application data then last envelope
#[case::terminal_applications(&hex!("DC 0F 82 02 82 81 71 07 10 14 04 07 44 4D 43 70 00"), 0xDC)]
#[case::sms_pp_download(&hex!("D1 1D 82 02 83 81 86 03 91 11 22 8B 12 04 03 91 21 F3 7F F6 00 00 00 00 00 00 00 03 AA BB CC"), 0xD1)]
#[case::generic_menu_selection(&hex!("D3 07 82 02 01 81 90 01 02"), 0xD3)]
fn round_trips_envelope(#[case] bytes: &[u8], #[case] tag: u8) {
    let e = Envelope::decode(bytes).unwrap();
    assert_eq!(e.tag(), BerTag(tag));
    assert_eq!(e.encode().unwrap(), bytes);
    let back: Envelope = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    assert_eq!(back, e);
}

#[test]
fn decodes_terminal_applications_registry_data() {
    let e = Envelope::decode(&hex!("DC 0F 82 02 82 81 71 07 10 14 04 07 44 4D 43 70 00")).unwrap();
    let Envelope::TerminalApplications(t) = e else {
        panic!()
    };
    assert_eq!(t.applications.len(), 1);
    let a = &t.applications[0];
    assert_eq!((a.port, a.dcs, a.application_type), (4116, 0x04, 0x07));
    assert_eq!(a.name.0, b"DMC");
    assert!(!a.cr);
    assert!(t.last_envelope.is_some());
}

#[rstest]
#[case::data_available_without_length(&hex!("D6 0B 99 01 09 82 02 82 81 B8 02 81 00"), err(ErrorKind::MissingMandatory, "event download", 13))]
#[case::location_normal_without_information(&hex!("D6 0A 99 01 03 82 02 82 81 9B 01 00"), err(ErrorKind::MissingMandatory, "event download", 12))]
#[case::two_events(&hex!("D6 08 99 02 09 0A 82 02 82 81"), err(ErrorKind::InvalidValue, "event download", 2))]
#[case::timer_expiration_without_value(&hex!("D7 07 82 02 82 81 A4 01 01"), err(ErrorKind::MissingMandatory, "timer expiration", 9))]
#[case::channel_status_over_long(&hex!("D6 0C 99 01 0A 82 02 82 81 B8 03 01 05 00"), err(ErrorKind::TrailingData, "channel status", 13))]
#[case::unknown_cr_object(&hex!("D7 0F 82 02 82 81 A4 01 01 A5 03 00 00 03 CC 01 00"), err(ErrorKind::UnknownComprehensionRequired, "COMPREHENSION-TLV", 14))]
fn rejects_malformed_envelope(#[case] bytes: &[u8], #[case] want: DecodeError) {
    assert_eq!(Envelope::decode(bytes), Err(want));
}

// ---- TERMINAL PROFILE ----

#[test]
fn reads_terminal_profile_bits() {
    let p = TerminalProfile::with(&[
        Facility::OPEN_CHANNEL,
        Facility::TCP_UICC_SERVER,
        Facility::TERMINAL_APPLICATIONS,
    ]);
    assert_eq!(p.bytes.0.len(), 30);
    assert_eq!(p.bytes.0[11], 0x01);
    assert_eq!(p.bytes.0[16], 0x04);
    assert_eq!(p.bytes.0[29], 0x04);
    assert!(p.supports(Facility::TERMINAL_APPLICATIONS));
    assert!(!p.supports(Facility::TSM_LAUNCH_PARAMETERS));
    assert_eq!(
        p.facilities(),
        vec![
            Facility::OPEN_CHANNEL,
            Facility::TCP_UICC_SERVER,
            Facility::TERMINAL_APPLICATIONS
        ]
    );
    let back = TerminalProfile::decode(&p.encode()).unwrap();
    assert_eq!(back, p);
}

#[test]
fn reads_bip_channel_count() {
    let mut b = vec![0u8; 13];
    b[12] = 0xE3; // 7 channels, CSD and GPRS
    let p = TerminalProfile::decode(&b).unwrap();
    assert_eq!(p.bip_channels(), 7);
    assert!(p.supports(Facility::BEARER_GPRS));
}

#[test]
fn caps_terminal_profile_length() {
    assert_eq!(
        TerminalProfile::decode(&[0u8; 256]),
        Err(err(ErrorKind::TooLong, "TERMINAL PROFILE", 255))
    );
}

#[test]
fn open_channel_json_is_exact() {
    let c = ProactiveCommand::decode(&OPEN_CHANNEL_USM).unwrap();
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"command":"open_channel","details":{"number":1,"qualifier":0},"device_identities":{"source":129,"destination":130},"buffer_size":{"size":1500},"transport_level":{"protocol":3,"port":4116}}"#
    );
}

// ---- the COMPREHENSION-TLV tag table (TS 102 223 clause 9.3) ----

/// Tag values no source names (values.rs: believed reserved, UNVERIFIED).
const UNNAMED: &[u16] = &[
    0x3D, 0x4C, 0x4D, 0x4E, 0x4F, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
];

#[test]
fn names_every_one_byte_tag_of_clause_9_3() {
    for v in 0x01..=0x7E_u16 {
        assert_eq!(
            TagValue(v).name().is_some(),
            !UNNAMED.contains(&v),
            "tag {v:#04X}"
        );
    }
    assert_eq!(
        (0x01..=0x7E_u16)
            .filter(|v| TagValue(*v).name().is_some())
            .count(),
        113
    );
    assert!(TagValue(0x7F01).name().is_none());
}

#[rstest]
// PLAY TONE with tone `8E` (8.16) and duration
#[case::play_tone(&hex!("D0 10 81 03 01 20 00 82 02 81 03 8E 01 01 84 02 01 05"))]
// RUN AT COMMAND with AT command `A8` (8.40)
#[case::run_at_command(&hex!("D0 12 81 03 01 34 00 82 02 81 82 A8 07 41 54 2B 43 47 4D 49"))]
// SEND DTMF with DTMF string `AC` (8.44)
#[case::send_dtmf(&hex!("D0 0D 81 03 01 14 00 82 02 81 83 AC 02 C1 F2"))]
// SELECT ITEM with an item text attribute list `D1` (8.73)
#[case::select_item_text_attributes(&hex!("D0 1D 81 03 01 24 00 82 02 81 82 8F 03 01 41 42 8F 03 02 43 44 D1 08 00 06 00 B4 00 06 00 B4"))]
// PERFORM CARD APDU with C-APDU `A2` (8.35)
#[case::perform_card_apdu(&hex!("D0 12 81 03 01 30 00 82 02 81 11 A2 07 A0 A4 00 00 02 3F 00"))]
// OPEN CHANNEL with an icon identifier `9E` between alpha identifier and bearer description
#[case::open_channel_with_icon(&hex!("D0 1D 81 03 01 40 01 82 02 81 82 85 02 41 42 9E 02 00 01 35 01 03 39 02 05 78 3C 03 01 AD 9C"))]
fn decodes_proactive_commands_with_objects_named_by_clause_9_3(#[case] bytes: &[u8]) {
    let c = ProactiveCommand::decode(bytes).unwrap();
    let again = ProactiveCommand::decode(&c.encode().unwrap()).unwrap();
    assert_eq!(again, c);
}

#[test]
fn open_channel_with_an_icon_before_the_bearer_stays_typed() {
    let b = hex!(
        "D0 1D 81 03 01 40 01 82 02 81 82 85 02 41 42 9E 02 00 01 35 01 03 39 02 05 78 3C 03 01 AD 9C"
    );
    let ProactiveCommand::OpenChannel(oc) = ProactiveCommand::decode(&b).unwrap() else {
        panic!()
    };
    assert_eq!(oc.buffer_size.size, 1400);
    assert!(oc.bearer_description.is_some());
    assert_eq!(oc.transport_level.map(|t| t.port), Some(Some(44444)));
    assert_eq!(oc.extra.len(), 1);
    assert_eq!(oc.extra[0].tag_value(), TagValue::ICON_IDENTIFIER.0);
}

#[rstest]
// MT call event with transaction identifier `9C` (8.28) and address
#[case::mt_call(&hex!("D6 0E 99 01 00 82 02 83 81 9C 01 00 86 02 91 10"))]
// card reader status event with card reader status `A0` (8.33)
#[case::card_reader_status(&hex!("D6 0A 99 01 06 82 02 82 81 A0 01 79"))]
// network rejection event with update/attach type `F4` (TS 31.111 8.92) and rejection cause `F5`
#[case::network_rejection(&hex!("D6 0D 99 01 12 82 02 83 81 F4 01 09 F5 01 0C"))]
// call control with C-APDU `A2` (8.35)
#[case::call_control_capdu(&hex!("D4 0C 82 02 82 81 A2 06 00 A4 00 00 01 00"))]
fn decodes_envelopes_with_objects_named_by_clause_9_3(#[case] bytes: &[u8]) {
    let e = Envelope::decode(bytes).unwrap();
    assert_eq!(e.encode().unwrap(), bytes);
}

#[rstest]
#[case::launch_browser(&hex!("81 03 01 15 00 82 02 82 81 83 02 26 02"), "browser unavailable")]
#[case::multiple_card(&hex!("81 03 01 30 00 82 02 82 81 83 02 38 06"), "mute card")]
#[case::call_control(&hex!("81 03 01 10 00 82 02 82 81 83 02 39 01"), "action not allowed")]
#[case::frames(&hex!("81 03 01 50 00 82 02 82 81 83 02 3C 01"), "frame identifier is not valid")]
fn names_the_additional_information_of_each_general_result(#[case] b: &[u8], #[case] want: &str) {
    let r = TerminalResponse::decode(b).unwrap().result;
    let got = [
        r.launch_browser_problem().and_then(|x| x.name()),
        r.multiple_card_error().and_then(|x| x.name()),
        r.call_control_problem().and_then(|x| x.name()),
        r.frames_error().and_then(|x| x.name()),
    ];
    assert_eq!(got.iter().flatten().collect::<Vec<_>>(), [&want]);
}
