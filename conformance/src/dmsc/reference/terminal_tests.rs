//! Known-answer exchanges of the reference terminal, written the way TS 31.124 writes its
//! "expected sequence" tables: each step is the terminal's command APDU (hex, checked byte for
//! byte) or the card's response APDU (hex, what the tester plays), or an environment stimulus.
//! Every byte string below is composed by hand from TS 102 221 10.1 (APDU headers), TS 102 223
//! (objects, CR bits, lengths; `specs/cat-bip.md`) and the DM_SC conventions, not captured from
//! the implementation.
//!
//! The same scenarios kill the mutants: [`every_mutant_deviates_in_some_scenario`].

use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::dmsc::reference::terminal_mutants::{terminal_trigger_mutants, terminal_wakeup_mutants};

/// One step of an expected sequence.
#[derive(Clone, Debug)]
enum S {
    /// An environment stimulus.
    E(Event),
    /// The terminal's next command APDU must be exactly this.
    C(&'static str),
    /// The card answers the outstanding command with this response APDU.
    R(&'static str),
    /// The terminal has nothing to send.
    Quiet,
}

fn hex(s: &str) -> Vec<u8> {
    pushwake_codecs::hex::decode_spaced(s).expect("test hex")
}

fn show(b: &[u8]) -> String {
    pushwake_codecs::hex::encode_upper_spaced(b)
}

fn play(t: &mut ReferenceTerminal, steps: &[S]) -> Result<(), String> {
    for (i, step) in steps.iter().enumerate() {
        match step {
            S::E(e) => t.handle_event(e.clone()),
            S::C(want) => {
                let got = t.poll_command();
                if got.as_deref() != Some(hex(want).as_slice()) {
                    return Err(format!(
                        "step {i}: expected {want}, terminal sent {:?}",
                        got.as_deref().map(show)
                    ));
                }
            }
            S::R(r) => t.handle_response(&hex(r)),
            S::Quiet => {
                if let Some(got) = t.poll_command() {
                    return Err(format!(
                        "step {i}: expected silence, terminal sent {}",
                        show(&got)
                    ));
                }
            }
        }
    }
    Ok(())
}

// ----------------------------------------------------------------- the APDUs, by hand

/// TERMINAL PROFILE of the default configuration (TS 102 223 5.2): byte 1 A1 (profile download,
/// timer expiration, call control), 4 02 (SEND SHORT MESSAGE), 5 11 (SET UP EVENT LIST,
/// location status), 6 0C (data available, channel status), 8 83 (TIMER MANAGEMENT start/stop,
/// get value, call control), 12 1F (OPEN/CLOSE CHANNEL, RECEIVE/SEND DATA, GET CHANNEL STATUS),
/// 13 E0 (7 channels), 17 04 (TCP UICC server), 30 04 (TERMINAL APPLICATIONS), 31 04 (terminal
/// server mode confirmation parameters).
const PROFILE: &str = "80 10 00 00 1F  A1 00 00 02 11 0C 00 83  00 00 00 1F E0 00 00 00  \
                       04 00 00 00 00 00 00 00  00 00 00 00 00 04 04";
/// ENVELOPE Terminal Applications: DC, terminal to UICC, registry application data port 1F41,
/// DCS 04, type 07, "DM Client", last envelope.
const TERMINAL_APPLICATIONS: &str = "80 C2 00 00 17  DC 15  82 02 82 81  \
     71 0D 1F 41 04 07 44 4D 20 43 6C 69 65 6E 74  70 00";
const STATUS: &str = "80 F2 00 0C";
const OK: &str = "90 00";

/// SET UP EVENT LIST: location status.
const SUEL_LOCATION: &str = "D0 0C 81 03 01 05 00 82 02 81 82 99 01 03  90 00";
const TR_SUEL_01: &str = "80 14 00 00 0C  81 03 01 05 00 82 02 82 81 83 01 00";
/// SET UP EVENT LIST: data available, channel status (number 02).
const SUEL_BIP: &str = "D0 0D 81 03 02 05 00 82 02 81 82 99 02 09 0A  90 00";
const TR_SUEL_02: &str = "80 14 00 00 0C  81 03 02 05 00 82 02 82 81 83 01 00";
/// Location status event, normal service in 262/01, LAC 0001, cell 0001.
const LOCATION_EVENT: &str = "80 C2 00 00 15  D6 13  99 01 03  82 02 82 81  9B 01 00  \
                              93 07 62 F2 10 00 01 00 01";

/// Boot, the card answering the Terminal Applications envelope with a pending SET UP EVENT
/// LIST (location status), fetched.
fn boot_location() -> Vec<S> {
    vec![
        S::E(Event::PowerOn),
        S::C(PROFILE),
        S::R(OK),
        S::C(TERMINAL_APPLICATIONS),
        S::R("91 0E"),
        S::C("80 12 00 00 0E"),
        S::R(SUEL_LOCATION),
    ]
}

fn terminal(m: Option<TerminalMutant>) -> ReferenceTerminal {
    ReferenceTerminal::with_mutant(TerminalConfig::default(), m)
}

fn seq(m: Option<TerminalMutant>, steps: &[S]) -> Result<(), String> {
    play(&mut terminal(m), steps)
}

// ----------------------------------------------------------------- wakeup scenarios

/// Power on: TERMINAL PROFILE first, then the DM Client's registration; then silence.
fn power_on(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// SET UP EVENT LIST location status, then a location change is reported once.
fn location_registered(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut s = boot_location();
    s.extend([
        S::C(TR_SUEL_01),
        S::R(OK),
        S::Quiet,
        S::E(Event::Location {
            mcc: 262,
            mnc: 1,
            service: Service::Normal,
        }),
        S::C(LOCATION_EVENT),
        S::R(OK),
        S::Quiet,
        // No change, no event.
        S::E(Event::Location {
            mcc: 262,
            mnc: 1,
            service: Service::Normal,
        }),
        S::Quiet,
        // Limited service: location status only.
        S::E(Event::Location {
            mcc: 262,
            mnc: 1,
            service: Service::Limited,
        }),
        S::C("80 C2 00 00 0C  D6 0A  99 01 03  82 02 82 81  9B 01 01"),
        S::R(OK),
        S::Quiet,
    ]);
    seq(m, &s)
}

/// No registration, no event download.
fn location_unregistered(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
            S::E(Event::Location {
                mcc: 262,
                mnc: 1,
                service: Service::Normal,
            }),
            S::Quiet,
        ],
    )
}

/// A second SET UP EVENT LIST replaces the first: location status is no longer reported.
fn event_list_replaced(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut s = boot_location();
    s.extend([
        S::C(TR_SUEL_01),
        S::R("91 0F"),
        S::C("80 12 00 00 0F"),
        S::R(SUEL_BIP),
        S::C(TR_SUEL_02),
        S::R(OK),
        S::E(Event::Location {
            mcc: 262,
            mnc: 1,
            service: Service::Normal,
        }),
        S::Quiet,
    ]);
    seq(m, &s)
}

/// The toolkit is busy: the ENVELOPE is retried later, not dropped.
fn busy_retry(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut s = boot_location();
    s.extend([
        S::C(TR_SUEL_01),
        S::R(OK),
        S::E(Event::Location {
            mcc: 262,
            mnc: 1,
            service: Service::Normal,
        }),
        S::C(LOCATION_EVENT),
        S::R("93 00"),
        S::Quiet,
        S::E(Event::TimeElapsed { seconds: 1 }),
        S::C(LOCATION_EVENT),
        S::R(OK),
        S::Quiet,
    ]);
    seq(m, &s)
}

/// TIMER MANAGEMENT start timer 1 at 30 s; it expires after 30 s; the STATUS poll falls due at
/// the same time and goes after the envelope; a STATUS answered 90 00 fetches nothing.
fn timer_expiration(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R("91 13"),
            S::C("80 12 00 00 13"),
            S::R("D0 11 81 03 01 27 00 82 02 81 82 A4 01 01 A5 03 00 00 03  90 00"),
            S::C("80 14 00 00 0F  81 03 01 27 00 82 02 82 81 83 01 00 A4 01 01"),
            S::R(OK),
            S::E(Event::TimeElapsed { seconds: 29 }),
            S::Quiet,
            S::E(Event::TimeElapsed { seconds: 1 }),
            S::C("80 C2 00 00 0E  D7 0C 82 02 82 81 A4 01 01 A5 03 00 00 03"),
            S::R(OK),
            S::C(STATUS),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// TIMER MANAGEMENT get current value of a running timer, then deactivate of one that is not
/// running: 24 "action in contradiction with the current timer state".
fn timer_get_and_deactivate(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R("91 13"),
            S::C("80 12 00 00 13"),
            S::R("D0 11 81 03 01 27 00 82 02 81 82 A4 01 02 A5 03 00 10 00  90 00"),
            S::C("80 14 00 00 0F  81 03 01 27 00 82 02 82 81 83 01 00 A4 01 02"),
            S::R(OK),
            S::E(Event::TimeElapsed { seconds: 30 }),
            S::C(STATUS),
            S::R("91 0E"),
            S::C("80 12 00 00 0E"),
            S::R("D0 0C 81 03 02 27 02 82 02 81 82 A4 01 02  90 00"),
            // 1 min - 30 s = 30 s: 00 00 03 in nibble-swapped BCD.
            S::C("80 14 00 00 14  81 03 02 27 02 82 02 82 81 83 01 00 A4 01 02 A5 03 00 00 03"),
            S::R("91 0E"),
            S::C("80 12 00 00 0E"),
            S::R("D0 0C 81 03 03 27 01 82 02 81 82 A4 01 05  90 00"),
            S::C("80 14 00 00 0C  81 03 03 27 01 82 02 82 81 83 01 24"),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// A STATUS poll in idle after the poll interval, and none before.
fn status_poll(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
            S::E(Event::TimeElapsed { seconds: 10 }),
            S::Quiet,
            S::E(Event::TimeElapsed { seconds: 20 }),
            S::C(STATUS),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// Call control: the dialled customer-care number goes to the card first.
fn call_control(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
            S::E(Event::Call {
                number: conventions::CUSTOMER_CARE_NUMBER.to_owned(),
            }),
            S::C("80 C2 00 00 0B  D4 09 82 02 82 81 86 03 81 16 F1"),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// One proactive command right after boot, its expected TERMINAL RESPONSE, then silence.
fn one_command(
    m: Option<TerminalMutant>,
    fetch: &'static str,
    command: &'static str,
    response: &'static str,
) -> Result<(), String> {
    one_command_on(&mut terminal(m), fetch, command, response)
}

/// DISPLAY TEXT is a command of TS 102 223 this terminal does not implement: 30.
fn unsupported_command(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 10",
        "D0 0E 81 03 01 21 80 82 02 81 02 8D 03 04 48 69  90 00",
        "80 14 00 00 0C  81 03 01 21 80 82 02 82 81 83 01 30",
    )
}

/// Command type 7E is not in TS 102 223: 31.
fn unknown_type(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 0B",
        "D0 09 81 03 01 7E 00 82 02 81 82  90 00",
        "80 14 00 00 0C  81 03 01 7E 00 82 02 82 81 83 01 31",
    )
}

/// An unknown object with CR set (three-byte tag 7FFF): 32.
fn unknown_cr_object(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 13",
        "D0 11 81 03 01 05 00 82 02 81 82 99 01 03 7F FF FF 01 00  90 00",
        "80 14 00 00 0C  81 03 01 05 00 82 02 82 81 83 01 32",
    )
}

/// An object whose length runs past its parent: 32, command details still echoed.
fn malformed_length(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 0E",
        "D0 0C 81 03 01 05 00 82 02 81 82 99 05 03  90 00",
        "80 14 00 00 0C  81 03 01 05 00 82 02 82 81 83 01 32",
    )
}

/// SET UP EVENT LIST without its event list: 36.
fn missing_event_list(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 0B",
        "D0 09 81 03 01 05 00 82 02 81 82  90 00",
        "80 14 00 00 0C  81 03 01 05 00 82 02 82 81 83 01 36",
    )
}

// ----------------------------------------------------------------- trigger scenarios

/// OPEN CHANNEL UICC server mode, port 4116, buffer 1500 (specs/cat-bip.md), number 01.
const OPEN_SCWS: &str = "D0 12 81 03 01 40 00 82 02 81 82 B9 02 05 DC BC 03 03 10 14  90 00";
const TR_OPEN_SCWS: &str =
    "80 14 00 00 14  81 03 01 40 00 82 02 82 81 83 01 00 B8 02 41 00 B9 02 05 DC";
/// OPEN CHANNEL terminal server mode, TCP (07, UNVERIFIED value), the DM Client's port 1F41.
const OPEN_TSM: &str = "D0 12 81 03 02 40 00 82 02 81 82 B9 02 05 DC BC 03 07 1F 41  90 00";
const TR_OPEN_TSM: &str =
    "80 14 00 00 14  81 03 02 40 00 82 02 82 81 83 01 00 B8 02 82 00 B9 02 05 DC";
/// SEND DATA (immediately) on channel 2: the General Package #0 test vector of
/// specs/dm-notification.md (ServerID dmsc, password secret, nonce 00000000, session 1234).
const SEND_PKG0: &str = "D0 27 81 03 03 43 01 82 02 81 22 B6 1C  \
     5A 7A D0 37 97 E6 FC E0 DA FB 14 8C 27 FE C9 8E  03 18 00 00 00 12 34 04  64 6D 73 63  90 00";
const TR_SEND_03: &str = "80 14 00 00 0F  81 03 03 43 01 82 02 82 81 83 01 00 B7 01 FF";
const CLOSE_2: &str = "D0 09 81 03 04 41 00 82 02 81 22  90 00";
const TR_CLOSE_04: &str = "80 14 00 00 0C  81 03 04 41 00 82 02 82 81 83 01 00";
/// Channel status event: channel 1 ESTABLISHED.
const CHANNEL_1_ESTABLISHED: &str = "80 C2 00 00 0D  D6 0B 99 01 0A 82 02 82 81 B8 02 81 00";
/// Data available on channel 1, more than 255 bytes.
const DATA_AVAILABLE_1: &str = "80 C2 00 00 10  D6 0E 99 01 09 82 02 82 81 B8 02 81 00 B7 01 FF";

/// Boot, register data available and channel status, open the SCWS and a terminal server mode
/// channel, send `send` on it; the TERMINAL RESPONSE of SEND DATA is answered with 91 0B (CLOSE
/// CHANNEL 2 follows).
fn offline_prefix(send: &'static str) -> Vec<S> {
    vec![
        S::E(Event::PowerOn),
        S::C(PROFILE),
        S::R(OK),
        S::C(TERMINAL_APPLICATIONS),
        S::R("91 0F"),
        S::C("80 12 00 00 0F"),
        S::R(SUEL_BIP),
        S::C(TR_SUEL_02),
        S::R("91 14"),
        S::C("80 12 00 00 14"),
        S::R(OPEN_SCWS),
        S::C(TR_OPEN_SCWS),
        S::R("91 14"),
        S::C("80 12 00 00 14"),
        S::R(OPEN_TSM),
        S::C(TR_OPEN_TSM),
        S::R("91 29"),
        S::C("80 12 00 00 29"),
        S::R(send),
        S::C(TR_SEND_03),
        S::R("91 0B"),
        S::C("80 12 00 00 0B"),
        S::R(CLOSE_2),
        S::C(TR_CLOSE_04),
        S::R(OK),
    ]
}

/// The off-line trigger (DM_SC 7.1): the DM Client accepts the notification and connects to
/// the SCWS: channel status ESTABLISHED, then data available.
fn offline_trigger(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut s = offline_prefix(SEND_PKG0);
    s.extend([
        S::C(CHANNEL_1_ESTABLISHED),
        S::R(OK),
        S::C(DATA_AVAILABLE_1),
        S::R(OK),
        S::Quiet,
    ]);
    seq(m, &s)
}

/// The same notification with one digest byte changed: no session.
fn offline_bad_digest(m: Option<TerminalMutant>) -> Result<(), String> {
    let bad: &'static str = SEND_PKG0.replacen("5A 7A", "5A 7B", 1).leak();
    let mut s = offline_prefix(bad);
    s.push(S::Quiet);
    seq(m, &s)
}

/// A notification for ServerID "other" (signed with its own credentials): no session with the
/// DM_SC Server.
fn offline_other_server(m: Option<TerminalMutant>) -> Result<(), String> {
    let p = pkg0::Package0 {
        digest: pkg0::Digest([0; 16]),
        version: pkg0::Version::V12,
        ui_mode: pkg0::UiMode(1),
        initiator: pkg0::Initiator::SERVER,
        future_use: 0,
        session_id: conventions::SESSION_ID,
        server_identifier: conventions::OTHER_SERVER_ID.to_owned(),
        vendor_specific: Vec::new(),
    }
    .signed(conventions::SERVER_PASSWORD, conventions::SERVER_NONCE)
    .expect("signs");
    let bytes = p.encode().expect("encodes");
    // SEND DATA: 81 03 03 43 01, 82 02 81 22, B6 len data.
    let mut cmd = hex("81 03 03 43 01 82 02 81 22 B6");
    cmd.push(u8::try_from(bytes.len()).expect("short"));
    cmd.extend(&bytes);
    let mut full = vec![0xD0, u8::try_from(cmd.len()).expect("short")];
    full.extend(cmd);
    let len = full.len();
    full.extend([0x90, 0x00]);
    let send: &'static str = show(&full).leak();
    let mut s = offline_prefix(send);
    // The fetch length differs from the test vector's: patch the 91 29 / FETCH 29 steps.
    let sw: &'static str = format!("91 {len:02X}").leak();
    let fetch: &'static str = format!("80 12 00 00 {len:02X}").leak();
    for step in &mut s {
        match step {
            S::R(r) if *r == "91 29" => *step = S::R(sw),
            S::C(c) if *c == "80 12 00 00 29" => *step = S::C(fetch),
            _ => {}
        }
    }
    s.push(S::Quiet);
    seq(m, &s)
}

/// OPEN CHANNEL in terminal server mode on a port nobody listens on: 3A 10.
fn tsm_wrong_port(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 14",
        "D0 12 81 03 01 40 00 82 02 81 82 B9 02 05 DC BC 03 07 1F 42  90 00",
        "80 14 00 00 0D  81 03 01 40 00 82 02 82 81 83 02 3A 10",
    )
}

/// SEND DATA before any channel is open: 3A 03 channel identifier not valid.
fn send_before_open(m: Option<TerminalMutant>) -> Result<(), String> {
    one_command(
        m,
        "80 12 00 00 10",
        "D0 0E 81 03 01 43 01 82 02 81 21 B6 03 01 02 03  90 00",
        "80 14 00 00 0D  81 03 01 43 01 82 02 82 81 83 02 3A 03",
    )
}

/// The link of the terminal server mode channel drops: channel status event (link not
/// established, further information 05); then SEND DATA on it is 3A 02 channel closed.
fn link_dropped(m: Option<TerminalMutant>) -> Result<(), String> {
    seq(
        m,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R("91 0F"),
            S::C("80 12 00 00 0F"),
            S::R(SUEL_BIP),
            S::C(TR_SUEL_02),
            S::R("91 14"),
            S::C("80 12 00 00 14"),
            S::R(OPEN_TSM.replace("81 03 02", "81 03 03").leak()),
            S::C(
                TR_OPEN_TSM
                    .replace("81 03 02", "81 03 03")
                    .replace("B8 02 82", "B8 02 81")
                    .leak(),
            ),
            S::R(OK),
            S::E(Event::LinkDropped { channel: 1 }),
            S::C("80 C2 00 00 0D  D6 0B 99 01 0A 82 02 82 81 B8 02 01 05"),
            S::R("91 10"),
            S::C("80 12 00 00 10"),
            S::R("D0 0E 81 03 04 43 01 82 02 81 21 B6 03 01 02 03  90 00"),
            S::C("80 14 00 00 0D  81 03 04 43 01 82 02 82 81 83 02 3A 02"),
            S::R(OK),
            S::Quiet,
        ],
    )
}

/// SEND SHORT MESSAGE with an SMS bearer: 00, and the TPDU goes out.
fn send_short_message(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut t = terminal(m);
    one_command_on(
        &mut t,
        "80 12 00 00 15",
        "D0 13 81 03 01 13 00 82 02 81 83 8B 08 01 00 03 81 16 F1 00 04  90 00",
        "80 14 00 00 0C  81 03 01 13 00 82 02 82 81 83 01 00",
    )?;
    if t.sent_short_messages() != [hex("01 00 03 81 16 F1 00 04")] {
        return Err(format!("sent {:?}", t.sent_short_messages()));
    }
    Ok(())
}

fn one_command_on(
    t: &mut ReferenceTerminal,
    fetch: &'static str,
    command: &'static str,
    response: &'static str,
) -> Result<(), String> {
    let sw: &'static str = format!("91 {}", fetch.rsplit(' ').next().unwrap_or("00")).leak();
    play(
        t,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(sw),
            S::C(fetch),
            S::R(command),
            S::C(response),
            S::R(OK),
            S::Quiet,
        ],
    )
}

// ----------------------------------------------------------------- the DM session, end to end

/// Plays the card's side of the DM session after [`offline_trigger`]'s prefix: RECEIVE DATA
/// until the request is in, answers with `response` by SEND DATA (stored, then immediate), and
/// returns the HTTP request it read.
fn card_http_round(
    t: &mut ReferenceTerminal,
    number: &mut u8,
    response: &[u8],
) -> Result<Vec<u8>, String> {
    let mut request = Vec::new();
    let mut sw = [0x91u8, 0x0E];
    loop {
        // The card fetches RECEIVE DATA channel 1, FF bytes.
        t.handle_response(&sw);
        let fetch = t.poll_command().ok_or("no FETCH after 91 0E")?;
        if fetch != hex("80 12 00 00 0E") {
            return Err(format!("expected FETCH 0E, got {}", show(&fetch)));
        }
        *number = number.wrapping_add(1);
        let mut cmd = hex("D0 0C 81 03 00 42 00 82 02 81 21 B7 01 FF");
        if let Some(n) = cmd.get_mut(4) {
            *n = *number;
        }
        cmd.extend([0x90, 0x00]);
        t.handle_response(&cmd);
        let tr = t.poll_command().ok_or("no TERMINAL RESPONSE")?;
        let body = tr.get(5..).ok_or("short TR")?;
        let tr = TerminalResponse::decode(body).map_err(|e| e.to_string())?;
        if tr.command_details.number != *number {
            return Err("command details not echoed".to_owned());
        }
        let data = tr
            .find(|o| match o {
                CatObject::ChannelData(d) => Some(d),
                _ => None,
            })
            .ok_or("no channel data")?;
        request.extend(&data.data.0);
        let left = tr
            .find(|o| match o {
                CatObject::ChannelDataLength(l) => Some(l),
                _ => None,
            })
            .ok_or("no channel data length")?
            .length;
        if left == 0 {
            break;
        }
        sw = [0x91, 0x0E];
    }
    // SEND DATA in chunks of 200: store, then send immediately with the last one.
    let chunks: Vec<&[u8]> = response.chunks(200).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        *number = number.wrapping_add(1);
        let last = i + 1 == chunks.len();
        let mut body = vec![
            0x81,
            0x03,
            *number,
            0x43,
            u8::from(last),
            0x82,
            0x02,
            0x81,
            0x21,
        ];
        body.push(0xB6);
        if chunk.len() > 127 {
            body.push(0x81);
        }
        body.push(u8::try_from(chunk.len()).map_err(|e| e.to_string())?);
        body.extend(*chunk);
        let mut cmd = vec![0xD0];
        if body.len() > 127 {
            cmd.push(0x81);
        }
        cmd.push(u8::try_from(body.len()).map_err(|e| e.to_string())?);
        cmd.extend(body);
        let len = u8::try_from(cmd.len()).map_err(|e| e.to_string())?;
        t.handle_response(&[0x91, len]);
        let fetch = t.poll_command().ok_or("no FETCH")?;
        if fetch != [0x80, 0x12, 0x00, 0x00, len] {
            return Err(format!("bad FETCH {}", show(&fetch)));
        }
        cmd.extend([0x90, 0x00]);
        t.handle_response(&cmd);
        let tr = t
            .poll_command()
            .ok_or("no TERMINAL RESPONSE to SEND DATA")?;
        let decoded =
            TerminalResponse::decode(tr.get(5..).unwrap_or_default()).map_err(|e| e.to_string())?;
        if decoded.command_details.number != *number
            || decoded.result.general != GeneralResult::SUCCESS
        {
            return Err(format!("SEND DATA answered {}", show(&tr)));
        }
    }
    t.handle_response(&hex(OK));
    Ok(request)
}

fn http_response(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

const PACKAGE2: &str = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD>\
<VerProto>DM/1.2</VerProto><SessionID>1234</SessionID><MsgID>1</MsgID><Target><LocURI>\
IMEI:001010123456789</LocURI></Target><Source><LocURI>dmsc</LocURI></Source></SyncHdr>\
<SyncBody><Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd>\
<Data>200</Data></Status><Replace><CmdID>2</CmdID><Item><Target><LocURI>./DMAcc/dmsc/Name\
</LocURI></Target><Data>DM_SC</Data></Item></Replace><Final/></SyncBody></SyncML>";

const PACKAGE4: &str = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD>\
<VerProto>DM/1.2</VerProto><SessionID>1234</SessionID><MsgID>2</MsgID></SyncHdr><SyncBody>\
<Status><CmdID>1</CmdID><MsgRef>2</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data>\
</Status><Final/></SyncBody></SyncML>";

/// Seed 002 5.2.1.2 end to end: local trigger, session with the SCWS, provisioning data,
/// results, end of session (channel back to LISTEN).
fn dm_session(m: Option<TerminalMutant>) -> Result<(), String> {
    let mut t = terminal(m);
    let mut s = offline_prefix(SEND_PKG0);
    s.extend([
        S::C(CHANNEL_1_ESTABLISHED),
        S::R(OK),
        S::C(DATA_AVAILABLE_1),
    ]);
    play(&mut t, &s)?;
    let mut number = 4u8;
    let request = String::from_utf8(card_http_round(
        &mut t,
        &mut number,
        &http_response(PACKAGE2),
    )?)
    .map_err(|e| e.to_string())?;
    for must in [
        "POST /OMA/DM HTTP/1.1\r\n",
        "Host: 127.0.0.1:4116\r\n",
        "<SessionID>1234</SessionID>",
        "<MsgID>1</MsgID>",
        "<Target><LocURI>dmsc</LocURI></Target>",
        "<Alert><CmdID>1</CmdID><Data>1200</Data></Alert>",
    ] {
        if !request.contains(must) {
            return Err(format!("package 1 lacks {must:?}: {request}"));
        }
    }
    // The results: data available again (the request is under 256 bytes? no: FF).
    let next = t
        .poll_command()
        .ok_or("no data available for the results")?;
    if next != hex(DATA_AVAILABLE_1) {
        return Err(format!("expected data available, got {}", show(&next)));
    }
    let results = String::from_utf8(card_http_round(
        &mut t,
        &mut number,
        &http_response(PACKAGE4),
    )?)
    .map_err(|e| e.to_string())?;
    for must in [
        "<MsgID>2</MsgID>",
        "<CmdRef>2</CmdRef><Cmd>Replace</Cmd><Data>200</Data>",
        "<Final/>",
    ] {
        if !results.contains(must) {
            return Err(format!("package 3 lacks {must:?}: {results}"));
        }
    }
    // The DM Client closes its connection: channel 1 back to LISTEN.
    play(
        &mut t,
        &[
            S::C("80 C2 00 00 0D  D6 0B 99 01 0A 82 02 82 81 B8 02 41 00"),
            S::R(OK),
            S::Quiet,
        ],
    )?;
    if t.dm_sessions().first().map(|s| &s.phase) != Some(&SessionPhase::Completed) {
        return Err(format!("session {:?}", t.dm_sessions()));
    }
    if t.provisioned().get("./DMAcc/dmsc/Name").map(String::as_str) != Some("DM_SC") {
        return Err(format!("provisioned {:?}", t.provisioned()));
    }
    Ok(())
}

// ----------------------------------------------------------------- tables

type Scenario = fn(Option<TerminalMutant>) -> Result<(), String>;

const SCENARIOS: &[(&str, Scenario)] = &[
    ("power_on", power_on),
    ("location_registered", location_registered),
    ("location_unregistered", location_unregistered),
    ("event_list_replaced", event_list_replaced),
    ("busy_retry", busy_retry),
    ("timer_expiration", timer_expiration),
    ("timer_get_and_deactivate", timer_get_and_deactivate),
    ("status_poll", status_poll),
    ("call_control", call_control),
    ("unsupported_command", unsupported_command),
    ("unknown_type", unknown_type),
    ("unknown_cr_object", unknown_cr_object),
    ("malformed_length", malformed_length),
    ("missing_event_list", missing_event_list),
    ("offline_trigger", offline_trigger),
    ("offline_bad_digest", offline_bad_digest),
    ("offline_other_server", offline_other_server),
    ("tsm_wrong_port", tsm_wrong_port),
    ("send_before_open", send_before_open),
    ("link_dropped", link_dropped),
    ("send_short_message", send_short_message),
    ("dm_session", dm_session),
];

#[rstest]
#[case::power_on("power_on")]
#[case::location_registered("location_registered")]
#[case::location_unregistered("location_unregistered")]
#[case::event_list_replaced("event_list_replaced")]
#[case::busy_retry("busy_retry")]
#[case::timer_expiration("timer_expiration")]
#[case::timer_get_and_deactivate("timer_get_and_deactivate")]
#[case::status_poll("status_poll")]
#[case::call_control("call_control")]
#[case::unsupported_command("unsupported_command")]
#[case::unknown_type("unknown_type")]
#[case::unknown_cr_object("unknown_cr_object")]
#[case::malformed_length("malformed_length")]
#[case::missing_event_list("missing_event_list")]
#[case::offline_trigger("offline_trigger")]
#[case::offline_bad_digest("offline_bad_digest")]
#[case::offline_other_server("offline_other_server")]
#[case::tsm_wrong_port("tsm_wrong_port")]
#[case::send_before_open("send_before_open")]
#[case::link_dropped("link_dropped")]
#[case::send_short_message("send_short_message")]
#[case::dm_session("dm_session")]
fn reference_follows_the_expected_sequence(#[case] name: &str) {
    let (_, scenario) = SCENARIOS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("scenario listed");
    assert_eq!(scenario(None), Ok(()));
}

#[test]
fn every_mutant_deviates_in_some_scenario() {
    let mutants = terminal_wakeup_mutants()
        .iter()
        .chain(terminal_trigger_mutants())
        .filter_map(|m| TerminalMutant::from_name(m.name));
    let mut survivors = Vec::new();
    for m in mutants {
        let killed: Vec<&str> = SCENARIOS
            .iter()
            .filter(|(_, s)| s(Some(m)).is_err())
            .map(|(n, _)| *n)
            .collect();
        if killed.is_empty() {
            survivors.push(m.name());
        }
    }
    assert!(
        survivors.is_empty(),
        "mutants no scenario kills: {survivors:?}"
    );
}

#[test]
fn the_notification_vector_is_the_spec_one() {
    // specs/dm-notification.md: 5a7ad037... 0318000000123404 646d7363.
    let p = pkg0::Package0 {
        digest: pkg0::Digest([0; 16]),
        version: pkg0::Version::V12,
        ui_mode: pkg0::UiMode(1),
        initiator: pkg0::Initiator::SERVER,
        future_use: 0,
        session_id: conventions::SESSION_ID,
        server_identifier: conventions::SERVER_ID.to_owned(),
        vendor_specific: Vec::new(),
    }
    .signed(conventions::SERVER_PASSWORD, conventions::SERVER_NONCE)
    .expect("signs");
    let send = hex(SEND_PKG0);
    assert_eq!(
        send.get(13..41),
        Some(p.encode().expect("encodes").as_slice())
    );
}

#[test]
fn sms_trigger_opens_a_session_once_the_scws_listens() {
    let p = pkg0::Package0::decode(&hex(SEND_PKG0)[13..41]).expect("pkg0");
    let mut t = terminal(None);
    play(
        &mut t,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
        ],
    )
    .expect("boot");
    // SMS-DELIVER: MTI 00 + UDHI, TP-OA +15555550100 (11 digits, TON international), PID 00,
    // DCS 04, SCTS, UDL, UDH 06 05 04 0B84 23F0, WSP push (TID 00, 06, headers len 01, 0xC4).
    let mut ud = hex("06 05 04 0B 84 23 F0  00 06 01 C4");
    ud.extend(p.encode().expect("encodes"));
    let mut tpdu = hex("40 0B 91 51 55 55 05 10 F0 00 04 62 10 10 12 00 00 00");
    tpdu.push(u8::try_from(ud.len()).expect("short"));
    tpdu.extend(ud);
    t.handle_event(Event::Sms {
        tpdu: pushwake_codecs::hex::encode_lower(&tpdu),
    });
    assert_eq!(
        t.notifications(),
        [(
            NotificationSource::Sms,
            NotificationVerdict::Accepted { session_id: 0x1234 }
        )]
    );
    assert_eq!(
        t.dm_sessions().first().map(|s| &s.phase),
        Some(&SessionPhase::Connecting)
    );
}

#[test]
fn sms_submit_looped_back_is_accepted_and_a_forged_one_is_not() {
    let good = pkg0::Package0::decode(&hex(SEND_PKG0)[13..41]).expect("pkg0");
    let mut forged = good.clone();
    forged.digest.0[0] ^= 1;
    let mut t = terminal(None);
    play(
        &mut t,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R(OK),
            S::C(TERMINAL_APPLICATIONS),
            S::R(OK),
        ],
    )
    .expect("boot");
    for p in [forged, good] {
        let sms = TriggerSms::new(
            sms::Address {
                type_of_address: 0x91,
                digits: "15555550100".to_owned(),
            },
            p,
        );
        t.handle_event(Event::Sms {
            tpdu: pushwake_codecs::hex::encode_lower(&sms.encode().expect("encodes")),
        });
    }
    assert_eq!(
        t.notifications(),
        [
            (NotificationSource::Sms, NotificationVerdict::BadDigest),
            (
                NotificationSource::Sms,
                NotificationVerdict::Accepted { session_id: 0x1234 }
            ),
        ]
    );
}

#[test]
fn fetch_answered_with_an_error_gets_no_terminal_response() {
    let mut t = terminal(None);
    play(
        &mut t,
        &[
            S::E(Event::PowerOn),
            S::C(PROFILE),
            S::R("91 0E"),
            S::C("80 12 00 00 0E"),
            S::R("6F 00"),
            S::C(TERMINAL_APPLICATIONS),
        ],
    )
    .expect("no TERMINAL RESPONSE, the envelope goes");
}

#[test]
fn profile_without_bip_or_class_k_declares_neither() {
    let c = TerminalConfig {
        bip: false,
        terminal_applications: false,
        terminal_server_mode: false,
        ..TerminalConfig::default()
    };
    let p = c.profile();
    assert!(!p.supports(Facility::OPEN_CHANNEL));
    assert!(!p.supports(Facility::TERMINAL_APPLICATIONS));
    assert!(p.supports(facility::TIMER_START_STOP));
    let mut t = ReferenceTerminal::new(c);
    t.handle_event(Event::PowerOn);
    assert_eq!(
        t.poll_command().map(|c| c.get(1).copied()),
        Some(Some(0x10))
    );
    t.handle_response(&hex(OK));
    assert_eq!(t.poll_command(), None, "no Terminal Applications envelope");
}

#[test]
fn config_round_trips_through_json_with_defaults() {
    let c: TerminalConfig = serde_json::from_str(r#"{"sms_bearer": false}"#).expect("json");
    assert!(!c.sms_bearer);
    assert_eq!(c.dm_client_port, conventions::DM_CLIENT_PORT);
    let back: TerminalConfig =
        serde_json::from_str(&serde_json::to_string(&c).expect("ser")).expect("de");
    assert_eq!(back, c);
}

// ----------------------------------------------------------------- no panic

#[derive(Clone, Debug)]
enum Op {
    Ev(Event),
    Poll,
    Respond(Vec<u8>),
}

fn event_strategy() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::PowerOn),
        (0u32..100_000).prop_map(|seconds| Event::TimeElapsed { seconds }),
        (any::<u16>(), any::<u16>(), 0u8..3).prop_map(|(mcc, mnc, s)| Event::Location {
            mcc,
            mnc,
            service: match s {
                0 => Service::Normal,
                1 => Service::Limited,
                _ => Service::None,
            },
        }),
        "[0-9*#+a-z]{0,30}".prop_map(|number| Event::Call { number }),
        any::<u8>().prop_map(|channel| Event::LinkDropped { channel }),
        "[0-9a-fA-F ]{0,80}".prop_map(|tpdu| Event::Sms { tpdu }),
    ]
}

fn rapdu_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        (any::<u8>()).prop_map(|n| vec![0x91, n]),
        Just(vec![0x90, 0x00]),
        Just(vec![0x93, 0x00]),
        // A proactive-looking command: D0, a length, random objects, 90 00.
        proptest::collection::vec(any::<u8>(), 0..120).prop_map(|mut v| {
            let mut out = vec![0xD0, u8::try_from(v.len()).unwrap_or(0)];
            out.append(&mut v);
            out.extend([0x90, 0x00]);
            out
        }),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        event_strategy().prop_map(Op::Ev),
        Just(Op::Poll),
        rapdu_strategy().prop_map(Op::Respond),
    ]
}

proptest! {
    #[test]
    fn random_events_and_responses_never_panic(
        ops in proptest::collection::vec(op_strategy(), 0..80),
        mutant in proptest::option::of(0usize..40),
    ) {
        let all: Vec<TerminalMutant> = terminal_wakeup_mutants()
            .iter()
            .chain(terminal_trigger_mutants())
            .filter_map(|m| TerminalMutant::from_name(m.name))
            .collect();
        let m = mutant.and_then(|i| all.get(i).copied());
        let mut t = ReferenceTerminal::with_mutant(TerminalConfig::default(), m);
        for op in ops {
            match op {
                Op::Ev(e) => t.handle_event(e),
                Op::Poll => {
                    let c = t.poll_command();
                    if let Some(c) = c {
                        prop_assert!(c.len() <= 261);
                        prop_assert!(t.poll_command().is_none(), "two outstanding commands");
                    }
                }
                Op::Respond(r) => t.handle_response(&r),
            }
        }
    }
}

#[test]
#[ignore = "prints which scenarios kill each mutant"]
fn print_kill_table() {
    for m in terminal_wakeup_mutants()
        .iter()
        .chain(terminal_trigger_mutants())
        .filter_map(|m| TerminalMutant::from_name(m.name))
    {
        let killed: Vec<&str> = SCENARIOS
            .iter()
            .filter(|(_, s)| s(Some(m)).is_err())
            .map(|(n, _)| *n)
            .collect();
        println!("{:40} {}", m.name(), killed.join(" "));
    }
}
