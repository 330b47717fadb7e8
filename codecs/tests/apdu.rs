//! APDU layer (TS 102 221 clause 10): short command APDUs and status words.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use hex_literal::hex;
use pushwake_codecs::apdu::{CommandApdu, Instruction, ResponseApdu, StatusKind, StatusWord};
use pushwake_codecs::{DecodeError, ErrorKind};
use rstest::rstest;

fn err(kind: ErrorKind, structure: &'static str, offset: usize) -> DecodeError {
    DecodeError::new(kind, structure, offset)
}

#[rstest]
// pcsc-vpcd.md: STATUS as sent through scriptor
#[case::status_case_2(&hex!("80 F2 00 00 00"), Instruction::STATUS, 0, Some(256))]
#[case::status_case_1(&hex!("80 F2 00 0C"), Instruction::STATUS, 0, None)]
#[case::fetch(&hex!("80 12 00 00 14"), Instruction::FETCH, 0, Some(0x14))]
#[case::terminal_profile(&hex!("80 10 00 00 03 FF FF FF"), Instruction::TERMINAL_PROFILE, 3, None)]
#[case::envelope_case_4(&hex!("80 C2 00 00 09 D7 07 82 02 82 81 A4 01 01 00"), Instruction::ENVELOPE, 9, Some(256))]
#[case::terminal_response(&hex!("80 14 00 00 0C 81 03 01 40 00 82 02 82 81 83 01 00"), Instruction::TERMINAL_RESPONSE, 12, None)]
fn round_trips_command_apdu(
    #[case] bytes: &[u8],
    #[case] ins: Instruction,
    #[case] lc: usize,
    #[case] le: Option<u16>,
) {
    let a = CommandApdu::decode(bytes).unwrap();
    assert_eq!(a.cla, 0x80);
    assert_eq!(a.ins, ins);
    assert_eq!(a.data.0.len(), lc);
    assert_eq!(a.le, le);
    assert_eq!(a.encode().unwrap(), bytes);
    let back: CommandApdu = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(back, a);
}

#[test]
fn builds_cat_apdus() {
    assert_eq!(
        CommandApdu::fetch(0x14).encode().unwrap(),
        hex!("80 12 00 00 14")
    );
    assert_eq!(CommandApdu::status().encode().unwrap(), hex!("80 F2 00 0C"));
    assert_eq!(
        CommandApdu::terminal_profile(vec![0xFF, 0x01])
            .encode()
            .unwrap(),
        hex!("80 10 00 00 02 FF 01")
    );
}

#[rstest]
#[case::short_header(&hex!("80 12 00"), err(ErrorKind::Truncated, "command APDU", 3))]
#[case::lc_past_end(&hex!("80 C2 00 00 05 D7 03"), err(ErrorKind::LengthPastParent, "Lc", 4))]
#[case::trailing(&hex!("80 C2 00 00 01 D7 00 00"), err(ErrorKind::TrailingData, "command APDU", 7))]
#[case::extended(&hex!("80 C2 00 00 00 00 01 D7"), err(ErrorKind::InvalidValue, "Lc (extended length not supported)", 4))]
fn rejects_malformed_command_apdu(#[case] bytes: &[u8], #[case] want: DecodeError) {
    assert_eq!(CommandApdu::decode(bytes), Err(want));
}

#[rstest]
#[case::ok(0x90, 0x00, StatusKind::Ok)]
#[case::proactive_pending(0x91, 0x0F, StatusKind::ProactiveCommandPending(0x0F))]
#[case::toolkit_busy(0x93, 0x00, StatusKind::ToolkitBusy)]
#[case::retries(0x92, 0x01, StatusKind::Warning)]
#[case::memory_problem(0x92, 0x40, StatusKind::Error)]
#[case::wrong_length(0x67, 0x00, StatusKind::Error)]
#[case::not_allowed(0x69, 0x85, StatusKind::Error)]
#[case::busy_other(0x93, 0x01, StatusKind::Error)]
fn classifies_status_words(#[case] sw1: u8, #[case] sw2: u8, #[case] kind: StatusKind) {
    let sw = StatusWord::decode(&[sw1, sw2]).unwrap();
    assert_eq!(sw.kind(), kind);
    assert_eq!(sw.encode(), [sw1, sw2]);
}

#[test]
fn status_word_json_is_a_number() {
    assert_eq!(
        serde_json::to_string(&StatusWord::TOOLKIT_BUSY).unwrap(),
        "37632"
    );
    assert_eq!(
        format!("{:?}", StatusWord::new(0x91, 0x0F)),
        "StatusWord(0x910F)"
    );
}

#[test]
fn decodes_response_apdu() {
    let r = ResponseApdu::decode(&hex!("D0 09 81 03 01 44 00 82 02 81 82 90 00")).unwrap();
    assert_eq!(r.sw, StatusWord::OK);
    assert_eq!(r.data.0.len(), 11);
    assert_eq!(
        r.encode().unwrap(),
        hex!("D0 09 81 03 01 44 00 82 02 81 82 90 00")
    );
    assert_eq!(
        ResponseApdu::decode(&[0x90]),
        Err(err(ErrorKind::Truncated, "response APDU", 1))
    );
    assert_eq!(
        ResponseApdu::decode(&[0u8; 259]),
        Err(err(ErrorKind::TooLong, "response APDU", 256))
    );
}
