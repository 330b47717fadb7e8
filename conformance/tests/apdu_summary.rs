//! Known answers for the one-line decoded views of the smart-card wire kinds
//! (`pushwake_conformance::kinds::summary`): real byte sequences from the CAT corpus
//! (codecs/tests/files/cat/, Mozilla's STK tests) and from the DM_SC reference terminal talking
//! to the reference UICC, each with the line a lab engineer reads beside the hex and the short
//! form drawn on the sequence diagram's arrow. Bytes that do not decode must say why and where.
//!
//! Every expected line below was checked by hand against the bytes (the comments say how).
#![allow(clippy::unwrap_used)]

use pushwake_conformance::dmsc::Card;
use pushwake_conformance::dmsc::event::Event;
use pushwake_conformance::dmsc::reference::terminal::{ReferenceTerminal, TerminalConfig};
use pushwake_conformance::dmsc::reference::uicc::{ReferenceUicc, UiccConfig};
use pushwake_conformance::kinds::{self, Summary};
use rstest::rstest;

fn view(kind: &str, hex: &str) -> Summary {
    let bytes = pushwake_codecs::hex::decode_spaced(hex).expect("test hex");
    kinds::summary(kind, &bytes).unwrap_or_else(|| panic!("kind {kind} has no decoded view"))
}

#[rstest]
// --- from the reference terminal and UICC (power-on, off-line trigger; see
// `reference_exchange_reads_as_an_expected_sequence` below for the whole run).
#[case::terminal_profile(
    "apdu",
    // The reference terminal's profile with only the bits this codec names today (the wake-up
    // facilities of bytes 1, 2, 4, 5 b1 and 8 cleared, so the line does not change when the
    // codec learns their names): byte 1 01 profile download; byte 5 10 (b5) location status;
    // byte 6 0C data available, channel status; byte 12 1F the five BIP commands; byte 13 E0
    // seven channels; byte 17 04 TCP UICC server mode; bytes 30 and 31 (04 each) terminal
    // applications and the terminal server mode confirmation parameters.
    "80 10 00 00 1F 01 00 00 00 10 0C 00 00 00 00 00 1F E0 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00 04 04",
    "TERMINAL PROFILE",
    "TERMINAL PROFILE (31 bytes, profile download, event: location status, event: data available, event: channel status, OPEN CHANNEL, CLOSE CHANNEL, RECEIVE DATA, SEND DATA, GET CHANNEL STATUS, TCP, UICC in server mode, TERMINAL APPLICATIONS, confirmation parameters for OPEN CHANNEL in terminal server mode, 7 BIP channels)"
)]
#[case::pending(
    "rapdu",
    "91 10",
    "91 10",
    "91 10 (proactive command pending, 16 bytes)"
)]
#[case::fetch("apdu", "80 12 00 00 10", "FETCH", "FETCH (Le 10)")]
#[case::set_up_event_list(
    "rapdu",
    "D0 0E 81 03 01 05 00 82 02 81 82 99 03 03 09 0A 90 00",
    "PROACTIVE COMMAND: SET UP EVENT LIST",
    "PROACTIVE COMMAND: SET UP EVENT LIST (location status, data available, channel status)"
)]
#[case::timer_start(
    "rapdu",
    // A5 03 00 00 03: nibble-swapped BCD, 03 is 30 seconds.
    "D0 11 81 03 02 27 00 82 02 81 82 A4 01 01 A5 03 00 00 03 90 00",
    "PROACTIVE COMMAND: TIMER MANAGEMENT",
    "PROACTIVE COMMAND: TIMER MANAGEMENT (start, timer 1, 00:00:30)"
)]
#[case::terminal_applications(
    "apdu",
    // 71 0D: port 1F41 = 8001, DCS 04, application type 07, "DM Client"; 70 00: last envelope.
    "80 C2 00 00 17 DC 15 82 02 82 81 71 0D 1F 41 04 07 44 4D 20 43 6C 69 65 6E 74 70 00",
    "ENVELOPE: TERMINAL APPLICATIONS",
    "ENVELOPE: TERMINAL APPLICATIONS - application type 07, port 8001, name \"DM Client\", last envelope"
)]
#[case::open_channel_terminal_server_mode(
    "rapdu",
    // 39 02 05DC: buffer 1500; 3C 03 07 1F41: transport 07 (the references' terminal server mode
    // value, UNVERIFIED), port 8001.
    "D0 12 81 03 04 40 00 82 02 81 82 B9 02 05 DC BC 03 07 1F 41 90 00",
    "PROACTIVE COMMAND: OPEN CHANNEL",
    "PROACTIVE COMMAND: OPEN CHANNEL (terminal server mode, transport 07, port 8001, buffer 1500)"
)]
#[case::open_channel_response(
    "apdu",
    // 83 01 00: success; B8 02 82 00: channel 2, b7-b8 = 10 established; B9 02 05DC: 1500.
    "80 14 00 00 14 81 03 04 40 00 82 02 82 81 83 01 00 B8 02 82 00 B9 02 05 DC",
    "TERMINAL RESPONSE: OPEN CHANNEL, result 00",
    "TERMINAL RESPONSE: OPEN CHANNEL 04 - 00 command performed successfully, channel 2 established, buffer 1500"
)]
#[case::send_data(
    "rapdu",
    "D0 19 81 03 0D 43 01 82 02 81 21 B6 0E 42 6F 64 79 3E 3C 2F 53 79 6E 63 4D 4C 3E 90 00",
    "PROACTIVE COMMAND: SEND DATA",
    "PROACTIVE COMMAND: SEND DATA (channel 1, 14 bytes, send immediately)"
)]
#[case::send_data_response(
    "apdu",
    "80 14 00 00 0F 81 03 0D 43 01 82 02 82 81 83 01 00 B7 01 FF",
    "TERMINAL RESPONSE: SEND DATA, result 00",
    "TERMINAL RESPONSE: SEND DATA 0D - 00 command performed successfully, 255 or more bytes free"
)]
#[case::data_available(
    "apdu",
    "80 C2 00 00 10 D6 0E 99 01 09 82 02 82 81 B8 02 81 00 B7 01 FF",
    "ENVELOPE: EVENT DOWNLOAD - data available",
    "ENVELOPE: EVENT DOWNLOAD - data available, channel 1 established, 255 or more bytes available"
)]
#[case::channel_status_listen(
    "apdu",
    // B8 02 41 00: channel 1, b7-b8 = 01 LISTEN (server mode, TS 102 223 8.56).
    "80 C2 00 00 0D D6 0B 99 01 0A 82 02 82 81 B8 02 41 00",
    "ENVELOPE: EVENT DOWNLOAD - channel status",
    "ENVELOPE: EVENT DOWNLOAD - channel status, channel 1 listen"
)]
#[case::close_channel_then_pending(
    "rapdu",
    "D0 09 81 03 06 41 00 82 02 81 22 91 13",
    "PROACTIVE COMMAND: CLOSE CHANNEL / 91 13",
    "PROACTIVE COMMAND: CLOSE CHANNEL (channel 2), then 91 13 (proactive command pending, 19 bytes)"
)]
#[case::normal_ending("rapdu", "90 00", "90 00", "90 00 (normal ending)")]
#[case::other_data(
    "rapdu",
    "62 0A 82 02 78 21 90 00",
    "6 data bytes / 90 00",
    "6 data bytes, then 90 00 (normal ending)"
)]
// --- status words of TS 102 221 10.2.1.
#[case::busy("rapdu", "93 00", "93 00", "93 00 (toolkit busy)")]
#[case::incorrect_data(
    "rapdu",
    "6A 80",
    "6A 80",
    "6A 80 (incorrect parameters in the data field)"
)]
#[case::wrong_le("rapdu", "6C 10", "6C 10", "6C 10 (wrong Le, 16 bytes available)")]
#[case::unknown_error("rapdu", "12 34", "12 34", "12 34 (error)")]
#[case::status(
    "apdu",
    "80 F2 00 0C",
    "STATUS",
    "STATUS (P1 00 no indication, P2 0C no data returned)"
)]
#[case::select(
    "apdu",
    "00 A4 04 00 07 A0 00 00 00 87 10 02",
    "SELECT",
    "SELECT (CLA 00, P1 04, P2 00, 7 data bytes)"
)]
// --- the CAT corpus (codecs/tests/files/cat/mozilla-marionette-stk.txt), as the terminal and
// the UICC would carry them in APDUs.
#[case::location_status_normal(
    "apdu",
    // 93 09: MCC/MNC 64 F6 29 = 466 / 92, LAC 2833, cell 01230737.
    "80 C2 00 00 17 D6 15 99 01 03 82 02 82 81 9B 01 00 93 09 64 F6 29 28 33 01 23 07 37",
    "ENVELOPE: EVENT DOWNLOAD - location status",
    "ENVELOPE: EVENT DOWNLOAD - location status, normal service, MCC 466 MNC 92, LAC 2833, cell 01230737"
)]
#[case::location_status_limited(
    "envelope",
    "D6 0A 99 01 03 82 02 82 81 9B 01 01",
    "ENVELOPE: EVENT DOWNLOAD - location status",
    "ENVELOPE: EVENT DOWNLOAD - location status, limited service"
)]
#[case::timer_expiration(
    "envelope",
    // A5 03 00 02 43: 00 h, 20 min, 34 s (the corpus line's own comment).
    "D7 0C 82 02 82 81 A4 01 05 A5 03 00 02 43",
    "ENVELOPE: TIMER EXPIRATION",
    "ENVELOPE: TIMER EXPIRATION - timer 5, 00:20:34"
)]
#[case::open_channel_client_mode(
    "proactive",
    // 35 07 02...: bearer GPRS; 39 02 0578: buffer 1400; no transport level: client mode.
    "D0 2C 81 03 01 40 01 82 02 81 82 05 09 4F 70 65 6E 20 49 44 20 31 86 09 91 11 22 33 44 55 66 77 F8 35 07 02 03 04 03 04 1F 02 39 02 05 78",
    "PROACTIVE COMMAND: OPEN CHANNEL",
    "PROACTIVE COMMAND: OPEN CHANNEL (client mode, bearer GPRS / UTRAN packet service / E-UTRAN, buffer 1400)"
)]
#[case::receive_data(
    "proactive",
    "D0 1C 81 03 01 42 00 82 02 81 21 85 0E 52 65 63 65 69 76 65 20 44 61 74 61 20 31 B7 01 C8",
    "PROACTIVE COMMAND: RECEIVE DATA",
    "PROACTIVE COMMAND: RECEIVE DATA (channel 1, 200 bytes)"
)]
#[case::timer_state_contradiction(
    "terminal-response",
    "81 03 09 27 02 02 02 82 81 83 01 24 24 01 03",
    "TERMINAL RESPONSE: TIMER MANAGEMENT, result 24",
    "TERMINAL RESPONSE: TIMER MANAGEMENT 09 - 24 action in contradiction with the current timer state, timer 3"
)]
#[case::screen_busy(
    "apdu",
    // 83 02 20 01: terminal unable, additional information 01 screen is busy (8.12.2).
    "80 14 00 00 0D 81 03 02 21 01 02 02 82 81 83 02 20 01",
    "TERMINAL RESPONSE: DISPLAY TEXT, result 20",
    "TERMINAL RESPONSE: DISPLAY TEXT 02 - 20 terminal currently unable to process command: screen is busy"
)]
#[case::bip_error(
    "terminal-response",
    // 3A 02: BIP error, channel closed (8.12.11).
    "81 03 05 43 01 02 02 82 81 83 02 3A 02",
    "TERMINAL RESPONSE: SEND DATA, result 3A",
    "TERMINAL RESPONSE: SEND DATA 05 - 3A Bearer Independent Protocol error: channel closed"
)]
// --- environment events of the terminal (dmsc::event).
#[case::event_location(
    "event",
    "7B 22 65 76 65 6E 74 22 3A 22 6C 6F 63 61 74 69 6F 6E 22 2C 22 6D 63 63 22 3A 32 36 32 2C 22 6D 6E 63 22 3A 31 2C 22 73 65 72 76 69 63 65 22 3A 22 6E 6F 72 6D 61 6C 22 7D",
    "EVENT: location",
    "EVENT: location - mcc 262, mnc 1, service normal"
)]
// --- bytes that do not decode: the structure and the byte offset in the wire message.
#[case::lc_past_end(
    "apdu",
    "80 C2 00 00 05 D6",
    "undecodable command APDU",
    "undecodable command APDU: Lc: length runs past its parent at byte 4"
)]
#[case::envelope_truncated_object(
    "apdu",
    // D6 01 99: the object 99 has no length byte; it would be byte 8 of the APDU.
    "80 C2 00 00 03 D6 01 99",
    "undecodable ENVELOPE data",
    "undecodable ENVELOPE data: TLV length: truncated at byte 8"
)]
#[case::envelope_missing_identities(
    "apdu",
    "80 C2 00 00 04 D6 02 19 00",
    "undecodable ENVELOPE data",
    "undecodable ENVELOPE data: event download: mandatory element missing at byte 9"
)]
#[case::open_channel_without_buffer(
    "rapdu",
    "D0 05 81 03 01 40 00 90 00",
    "undecodable proactive command",
    "undecodable proactive command: OPEN CHANNEL: mandatory element missing at byte 7"
)]
#[case::one_byte_response(
    "rapdu",
    "90",
    "undecodable response APDU",
    "undecodable response APDU: response APDU: truncated at byte 1"
)]
#[case::extended_length(
    "apdu",
    "80 12 00 00 00 00",
    "undecodable command APDU",
    "undecodable command APDU: Lc (extended length not supported): invalid value at byte 4"
)]
fn decoded_view(#[case] kind: &str, #[case] hex: &str, #[case] short: &str, #[case] line: &str) {
    let v = view(kind, hex);
    assert_eq!(v.line, line, "line of {kind} {hex}");
    assert_eq!(v.short, short, "short form of {kind} {hex}");
}

#[test]
fn event_that_is_not_json_says_where() {
    let v = kinds::summary("event", b"{\"event\":").unwrap();
    assert_eq!(v.short, "undecodable event");
    assert!(
        v.line
            .starts_with("undecodable event: not JSON at line 1 column "),
        "{}",
        v.line
    );
}

#[test]
fn kinds_without_a_view_have_none() {
    assert_eq!(kinds::summary("pap-xml", b"<pap/>"), None);
    assert_eq!(kinds::summary("no-such-kind", b"\x90\x00"), None);
    // The registry's own entries answer through `Kind::summary` as well.
    let apdu = kinds::find("apdu").unwrap();
    assert_eq!(
        apdu.summary(&[0x80, 0x12, 0x00, 0x00, 0x1A]).unwrap().line,
        "FETCH (Le 1A)"
    );
}

/// Every message of the CAT corpus gets a view naming its message type, and never "undecodable"
/// (the corpus decodes, codecs/tests/cat_corpus.rs).
#[test]
fn every_corpus_message_has_a_view() {
    let corpus = include_str!("../../codecs/tests/files/cat/mozilla-marionette-stk.txt");
    let mut seen = 0;
    for line in corpus.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        let Some((kind, hex)) = line.split_once(' ') else {
            continue;
        };
        let v = view(kind, hex);
        let prefix = match kind {
            "proactive" => "PROACTIVE COMMAND: ",
            "envelope" => "ENVELOPE: ",
            "terminal-response" => "TERMINAL RESPONSE: ",
            other => panic!("corpus kind {other}"),
        };
        assert!(v.line.starts_with(prefix), "{kind} {hex}: {}", v.line);
        assert!(v.short.starts_with(prefix), "{kind} {hex}: {}", v.short);
        assert!(!v.line.contains("undecodable"), "{kind} {hex}: {}", v.line);
        seen += 1;
    }
    assert!(seen >= 80, "only {seen} corpus messages");
}

/// The reference terminal and UICC over a power-on with the off-line trigger (as
/// tests/dmsc_references.rs runs them): every exchanged APDU has a view, and the opening reads as
/// TS 31.124 writes an expected sequence.
#[test]
fn reference_exchange_reads_as_an_expected_sequence() {
    let mut t = ReferenceTerminal::new(TerminalConfig::default());
    let mut u = ReferenceUicc::new(UiccConfig::default());
    t.handle_event(Event::PowerOn);
    let mut shorts = Vec::new();
    while let Some(c) = t.poll_command() {
        let r = u.transmit(&c);
        t.handle_response(&r);
        for (kind, bytes) in [("apdu", &c), ("rapdu", &r)] {
            let v = kinds::summary(kind, bytes).unwrap();
            assert!(
                !v.line.contains("undecodable"),
                "{kind} {:02X?}: {}",
                bytes,
                v.line
            );
            shorts.push(v.short);
        }
        assert!(shorts.len() < 400, "the references loop");
    }
    let expected = [
        "TERMINAL PROFILE",
        "91 10",
        "FETCH",
        "PROACTIVE COMMAND: SET UP EVENT LIST",
        "TERMINAL RESPONSE: SET UP EVENT LIST, result 00",
        "91 13",
        "FETCH",
        "PROACTIVE COMMAND: TIMER MANAGEMENT",
        "TERMINAL RESPONSE: TIMER MANAGEMENT, result 00",
        "91 14",
    ];
    assert_eq!(&shorts[..expected.len()], expected, "{shorts:#?}");
    for name in [
        "ENVELOPE: TERMINAL APPLICATIONS",
        "PROACTIVE COMMAND: OPEN CHANNEL",
        "TERMINAL RESPONSE: OPEN CHANNEL, result 00",
        "PROACTIVE COMMAND: SEND DATA",
        "ENVELOPE: EVENT DOWNLOAD - data available",
        "PROACTIVE COMMAND: RECEIVE DATA",
        "PROACTIVE COMMAND: CLOSE CHANNEL",
        "ENVELOPE: EVENT DOWNLOAD - channel status",
    ] {
        assert!(shorts.iter().any(|s| s == name), "no {name} in {shorts:#?}");
    }
}
