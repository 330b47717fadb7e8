//! The wire binding of the wake-up model ([`pushwake_model::wakeup`]): every action on the
//! UICC-terminal interface is one APDU message (ETSI TS 102 221 clause 10, CAT data per
//! TS 102 223), every environment stimulus one `event` JSON text ([`crate::dmsc::event::Event`]).
//!
//! # Wire forms ([`Wire::kind`], see [`crate::dmsc`])
//! - `apdu`: a command APDU, lowercase hex (terminal output, UICC input).
//! - `rapdu`: a response APDU, response data then SW1 SW2, lowercase hex (UICC output, terminal
//!   input).
//! - `event`: the JSON text of an [`Event`] (terminal input).
//!
//! # Rendering (fixed by this binding, the test data from [`crate::dmsc::conventions`])
//! - TERMINAL PROFILE: profile download, and per [`Profile`] flag the facilities of
//!   [`profile_facilities`] (bits per TS 102 223 5.2 as pySim and Wireshark `gsm_sim` name
//!   them).
//! - ENVELOPE TIMER EXPIRATION (`D7`): timer [`WAKEUP_TIMER_ID`], value [`WAKEUP_TIMER_SECS`].
//!   CALL CONTROL (`D4`): address `86` (TON/NPI `81`) of [`CUSTOMER_CARE_NUMBER`] or
//!   [`OTHER_NUMBER`], location information of the home network. EVENT DOWNLOAD location status
//!   (`D6`): normal service, location information of [`HOME_PLMN`] or [`VISITED_PLMN`].
//! - Proactive commands (number 1): SET UP EVENT LIST (location status); TIMER MANAGEMENT start
//!   of timer [`WAKEUP_TIMER_ID`] for [`WAKEUP_TIMER_SECS`]; the trigger: OPEN CHANNEL as the
//!   SCWS channel of `specs/cat-bip.md` (UICC server mode, port 4116, the one BIP encoding
//!   verified there; the terminal-server-mode OPEN CHANNEL of DM_SC TS 7.1 is the dm_trigger
//!   model's, its encoding UNVERIFIED), or SEND SHORT MESSAGE with an SMS-SUBMIT to
//!   [`OWN_MSISDN`] (the notification itself is the dm_trigger model's).
//! - `91 xx` announces the length of the command the model serves next; FETCH asks for it.
//! - TERMINAL RESPONSE echoes the fetched command's details; "unable" is `3A 00` (BIP error, no
//!   specific cause) for OPEN CHANNEL, `21 00` (network currently unable) for SEND SHORT
//!   MESSAGE (`20`, terminal currently unable, asks the UICC to retry later, which the model does
//!   not describe); successful OPEN CHANNEL carries channel status,
//!   bearer description and buffer size, TIMER MANAGEMENT the timer identifier.
//! - An error status word is rendered `6F 00`.
//! - Negative ENVELOPEs / commands: see [`bad_envelope`] and [`bad_command`].
//!
//! # Decoding (the way back)
//! [`decode_capdu`] and [`decode_rapdu`] accept any encoding the specifications allow: optional
//! objects present or not, alpha identifiers, objects the model does not use, the CR bit either
//! way, any command number and qualifier bits the model does not look at, any timer value.
//! Whatever decodes but names nothing the model knows (a SET UP EVENT LIST without location
//! status, an ENVELOPE of another kind, a warning status word), and whatever does not decode, is
//! [`AdapterError::Unmappable`], with the reason.

use crate::adapter::AdapterError;
use crate::binding::Binding;
use crate::dmsc::conventions::{
    CELL_ID, CUSTOMER_CARE_NUMBER, HOME_PLMN, LAC, OWN_MSISDN, SCWS_PORT, VISITED_PLMN,
    WAKEUP_TIMER_ID, WAKEUP_TIMER_SECS,
};
use crate::dmsc::event::{Event, Service};
use crate::vector::Wire;
use pushwake_codecs::apdu::{CommandApdu, Instruction, ResponseApdu, StatusKind};
use pushwake_codecs::cat::profile::Facility;
use pushwake_codecs::cat::{
    CatObject, CommandType, DeviceId, Envelope, EventCode, GeneralResult, LocationStatusValue,
    ProactiveCommand, TerminalProfile, TerminalResponse,
};
use pushwake_codecs::hex;
use pushwake_model::wakeup::{
    Action, BadCommand, BadEnvelope, Capdu, Env, Link, ProCmd, Profile, Rapdu, State, TrResult,
    TriggerKind, WakeupModel,
};
use pushwake_model::{Direction, LabelledModel};

/// The wire kinds of this binding.
pub mod kind {
    /// A command APDU, hex.
    pub const APDU: &str = "apdu";
    /// A response APDU, hex.
    pub const RAPDU: &str = "rapdu";
    /// An environment stimulus of the terminal, JSON text.
    pub const EVENT: &str = "event";
}

/// A number that is not the customer-care number (our choice).
pub const OTHER_NUMBER: &str = "5550123";
/// The status word an error answer is rendered with (`6F 00`, technical problem; any error
/// status word decodes to [`Rapdu::Error`]).
pub const ERROR_SW: [u8; 2] = [0x6F, 0x00];
/// The comprehension-required object no specification defines, for the negative stimuli: the
/// three-byte tag form `7F` with CR set and tag value `7FFF` (TS 101 220 7.1.1), length 1.
/// UNVERIFIED that `7FFF` stays unassigned; chosen at the top of the range.
pub const UNKNOWN_CR_OBJECT: [u8; 5] = [0x7F, 0xFF, 0xFF, 0x01, 0x00];
/// A proactive command type no specification defines (UNVERIFIED; TS 102 223 9.4 assigns none
/// near it as far as `specs/cat-bip.md` and the codec know).
pub const UNKNOWN_COMMAND_TYPE: u8 = 0xFE;

/// The facilities a profile flag declares, in TERMINAL PROFILE order.
pub fn profile_facilities(p: Profile) -> Vec<Facility> {
    let mut f = vec![Facility::PROFILE_DOWNLOAD];
    if p.timer {
        f.extend([Facility::TIMER_EXPIRATION, Facility::TIMER_MANAGEMENT]);
    }
    if p.call_control {
        f.extend([
            CALL_CONTROL_BYTE1,
            Facility::CALL_CONTROL,
            CALL_CONTROL_BYTE8,
        ]);
    }
    if p.send_sms {
        f.push(Facility::SEND_SHORT_MESSAGE);
    }
    if p.location_status {
        f.extend([Facility::SET_UP_EVENT_LIST, Facility::EVENT_LOCATION_STATUS]);
    }
    if p.open_channel {
        f.extend([
            Facility::OPEN_CHANNEL,
            Facility::CLOSE_CHANNEL,
            Facility::RECEIVE_DATA,
            Facility::SEND_DATA,
            Facility::GET_CHANNEL_STATUS,
            Facility::BEARER_GPRS,
            Facility::TCP_UICC_SERVER,
        ]);
    }
    f
}

/// "Call control by NAA" in the first byte (b8); TS 102 223 5.2 names the facility in bytes 1,
/// 2 and 8 (pySim, Wireshark `gsm_sim`; the reference terminal declares bytes 1 and 8).
pub const CALL_CONTROL_BYTE1: Facility = Facility {
    byte: 1,
    bit: 8,
    name: "call control by NAA",
};
/// "Call control by NAA" in the eighth byte (b8).
pub const CALL_CONTROL_BYTE8: Facility = Facility {
    byte: 8,
    bit: 8,
    name: "call control by NAA",
};

/// The profile's bytes.
pub fn profile_bytes(p: Profile) -> Vec<u8> {
    TerminalProfile::with(&profile_facilities(p)).encode()
}

/// What a TERMINAL PROFILE declares, as the model sees it: a flag is set when every facility it
/// needs is (TIMER MANAGEMENT and timer expiration; SET UP EVENT LIST and the location status
/// event; call control, declared in any of its bytes; OPEN CHANNEL; SEND SHORT MESSAGE). Other
/// bits are ignored.
pub fn profile_of(bytes: &[u8]) -> Result<Profile, String> {
    let tp = TerminalProfile::decode(bytes).map_err(|e| e.to_string())?;
    Ok(Profile {
        timer: tp.supports(Facility::TIMER_MANAGEMENT) && tp.supports(Facility::TIMER_EXPIRATION),
        location_status: tp.supports(Facility::SET_UP_EVENT_LIST)
            && tp.supports(Facility::EVENT_LOCATION_STATUS),
        call_control: [
            CALL_CONTROL_BYTE1,
            Facility::CALL_CONTROL,
            CALL_CONTROL_BYTE8,
        ]
        .into_iter()
        .any(|f| tp.supports(f)),
        open_channel: tp.supports(Facility::OPEN_CHANNEL),
        send_sms: tp.supports(Facility::SEND_SHORT_MESSAGE),
    })
}

/// A one-byte-tag TLV with a one-byte length (every object here is shorter than 128 bytes).
fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    push_len(&mut out, value.len());
    out.extend_from_slice(value);
    out
}

fn push_len(out: &mut Vec<u8>, n: usize) {
    // Lengths here are below 256 (one short APDU).
    if n < 0x80 {
        out.push(n as u8);
    } else {
        out.push(0x81);
        out.push(n.min(255) as u8);
    }
}

fn ber(tag: u8, parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// Swapped-nibble BCD of a dialling number (TS 102 223 8.1), `F` filler.
fn bcd_number(digits: &str) -> Vec<u8> {
    let d: Vec<u8> = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    d.chunks(2)
        .map(|c| match c {
            [a, b] => a | (b << 4),
            [a] => a | 0xF0,
            _ => 0xFF,
        })
        .collect()
}

/// The dialling number of a swapped-nibble BCD address value.
fn number_of(bcd: &[u8]) -> String {
    let mut s = String::new();
    for b in bcd {
        for n in [b & 0x0F, b >> 4] {
            if n <= 9 {
                s.push(char::from(b'0' + n));
            }
        }
    }
    s
}

/// MCC/MNC in TS 24.008 coding (two-digit MNC: `F` filler).
pub fn plmn_bytes((mcc, mnc): (u16, u16)) -> [u8; 3] {
    let d = |v: u16, k: u32| (v / 10u16.pow(k) % 10) as u8;
    let (m1, m2, m3) = (d(mcc, 2), d(mcc, 1), d(mcc, 0));
    let (n1, n2) = if mnc >= 100 {
        (d(mnc, 2), d(mnc, 1))
    } else {
        (d(mnc, 1), d(mnc, 0))
    };
    let n3 = if mnc >= 100 { d(mnc, 0) } else { 0x0F };
    [m1 | (m2 << 4), m3 | (n3 << 4), n1 | (n2 << 4)]
}

fn location_information(plmn: (u16, u16)) -> Vec<u8> {
    let mut v = plmn_bytes(plmn).to_vec();
    v.extend_from_slice(&LAC.to_be_bytes());
    v.extend_from_slice(&CELL_ID.to_be_bytes());
    tlv(0x93, &v)
}

const DEVICES_TERMINAL_UICC: [u8; 4] = [0x82, 0x02, 0x82, 0x81];

/// Swapped-nibble BCD `hh mm ss` of a number of seconds (TS 102 223 8.38).
fn timer_value(secs: u32) -> Vec<u8> {
    let swap = |n: u32| {
        let n = (n % 100) as u8;
        (n / 10) | ((n % 10) << 4)
    };
    tlv(
        0xA5,
        &[swap(secs / 3600), swap(secs / 60 % 60), swap(secs % 60)],
    )
}

/// The ENVELOPE data of `e`.
pub fn envelope(e: Env) -> Vec<u8> {
    match e {
        Env::TimerExpiration => ber(
            0xD7,
            &[
                DEVICES_TERMINAL_UICC.to_vec(),
                tlv(0xA4, &[WAKEUP_TIMER_ID]),
                timer_value(WAKEUP_TIMER_SECS),
            ],
        ),
        Env::CallControl { care } => {
            let number = if care {
                CUSTOMER_CARE_NUMBER
            } else {
                OTHER_NUMBER
            };
            let mut address = vec![0x81];
            address.extend(bcd_number(number));
            ber(
                0xD4,
                &[
                    DEVICES_TERMINAL_UICC.to_vec(),
                    tlv(0x86, &address),
                    location_information(HOME_PLMN),
                ],
            )
        }
        Env::LocationStatus { visited } => ber(
            0xD6,
            &[
                tlv(0x99, &[EventCode::LOCATION_STATUS.0]),
                DEVICES_TERMINAL_UICC.to_vec(),
                tlv(0x9B, &[LocationStatusValue::NORMAL_SERVICE.0]),
                location_information(if visited { VISITED_PLMN } else { HOME_PLMN }),
            ],
        ),
    }
}

/// The data of a negative ENVELOPE: a location status event download whose location status
/// object runs past its parent; a TIMER EXPIRATION without its timer identifier; a location
/// status event download carrying [`UNKNOWN_CR_OBJECT`]; a well-formed location status event
/// download (visited network) sent while the event is not registered.
pub fn bad_envelope(k: BadEnvelope) -> Vec<u8> {
    match k {
        BadEnvelope::MalformedTlv => vec![
            0xD6, 0x0A, 0x99, 0x01, 0x03, 0x82, 0x02, 0x82, 0x81, 0x9B, 0x05, 0x00,
        ],
        BadEnvelope::MissingMandatory => ber(
            0xD7,
            &[
                DEVICES_TERMINAL_UICC.to_vec(),
                timer_value(WAKEUP_TIMER_SECS),
            ],
        ),
        BadEnvelope::UnknownCrObject => {
            let mut parts = envelope(Env::LocationStatus { visited: false })
                .get(2..)
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            parts.extend_from_slice(&UNKNOWN_CR_OBJECT);
            ber(0xD6, &[parts])
        }
        BadEnvelope::UnregisteredEvent => envelope(Env::LocationStatus { visited: true }),
    }
}

fn details(t: u8, q: u8) -> Vec<u8> {
    vec![0x81, 0x03, 0x01, t, q]
}

const DEVICES_UICC_TERMINAL: [u8; 4] = [0x82, 0x02, 0x81, 0x82];

/// The SMS-SUBMIT TPDU of the rendered SEND SHORT MESSAGE (TS 23.040 9.2.2.2): no reference
/// (TP-MR 00), to [`OWN_MSISDN`] (international), PID 00, DCS 04 (8-bit), no user data.
pub fn trigger_sms_tpdu() -> Vec<u8> {
    let digits: String = OWN_MSISDN.chars().filter(char::is_ascii_digit).collect();
    let mut t = vec![0x01, 0x00, digits.len() as u8, 0x91];
    t.extend(bcd_number(&digits));
    t.extend_from_slice(&[0x00, 0x04, 0x00]);
    t
}

/// The proactive command (a `D0` BER-TLV) of `cmd`; `profile` picks the command of a negative
/// "beyond the profile" one.
pub fn proactive(cmd: ProCmd, profile: Profile) -> Vec<u8> {
    match cmd {
        ProCmd::SetUpEventList => ber(
            0xD0,
            &[
                details(CommandType::SET_UP_EVENT_LIST.0, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
                tlv(0x99, &[EventCode::LOCATION_STATUS.0]),
            ],
        ),
        // TS 102 223 6.6.16 / 8.25: an event list object of length 0 removes the current list.
        ProCmd::RemoveEventList => ber(
            0xD0,
            &[
                details(CommandType::SET_UP_EVENT_LIST.0, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
                tlv(0x99, &[]),
            ],
        ),
        ProCmd::TimerStart => ber(
            0xD0,
            &[
                details(CommandType::TIMER_MANAGEMENT.0, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
                tlv(0xA4, &[WAKEUP_TIMER_ID]),
                timer_value(WAKEUP_TIMER_SECS),
            ],
        ),
        ProCmd::Trigger(TriggerKind::OpenChannel) => {
            let port = SCWS_PORT.to_be_bytes();
            ber(
                0xD0,
                &[
                    details(CommandType::OPEN_CHANNEL.0, 0),
                    DEVICES_UICC_TERMINAL.to_vec(),
                    tlv(0xB9, &crate::dmsc::conventions::BUFFER_SIZE.to_be_bytes()),
                    tlv(0xBC, &[0x03, port[0], port[1]]),
                ],
            )
        }
        ProCmd::Trigger(TriggerKind::SendSms) => ber(
            0xD0,
            &[
                details(CommandType::SEND_SHORT_MESSAGE.0, 0),
                vec![0x82, 0x02, 0x81, 0x83],
                tlv(0x8B, &trigger_sms_tpdu()),
            ],
        ),
        ProCmd::Bad(k) => bad_command(k, profile),
    }
}

/// A negative proactive command: a SET UP EVENT LIST whose event list runs past its parent
/// (32); a TIMER MANAGEMENT start without timer identifier (36); a SET UP EVENT LIST with
/// [`UNKNOWN_CR_OBJECT`] (32); command type [`UNKNOWN_COMMAND_TYPE`] (31); the command of the
/// first facility `profile` lacks (30); TIMER MANAGEMENT deactivate of the idle wake-up timer
/// (24, TS 102 223 6.6.21).
pub fn bad_command(k: BadCommand, profile: Profile) -> Vec<u8> {
    match k {
        BadCommand::MalformedTlv => vec![
            0xD0, 0x0C, 0x81, 0x03, 0x01, 0x05, 0x00, 0x82, 0x02, 0x81, 0x82, 0x99, 0x05, 0x03,
        ],
        BadCommand::MissingMandatory => ber(
            0xD0,
            &[
                details(CommandType::TIMER_MANAGEMENT.0, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
                timer_value(WAKEUP_TIMER_SECS),
            ],
        ),
        BadCommand::UnknownCrObject => ber(
            0xD0,
            &[
                details(CommandType::SET_UP_EVENT_LIST.0, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
                tlv(0x99, &[EventCode::LOCATION_STATUS.0]),
                UNKNOWN_CR_OBJECT.to_vec(),
            ],
        ),
        BadCommand::UnknownType => ber(
            0xD0,
            &[
                details(UNKNOWN_COMMAND_TYPE, 0),
                DEVICES_UICC_TERMINAL.to_vec(),
            ],
        ),
        BadCommand::DeactivateIdleTimer => ber(
            0xD0,
            &[
                details(CommandType::TIMER_MANAGEMENT.0, 0x01),
                DEVICES_UICC_TERMINAL.to_vec(),
                tlv(0xA4, &[WAKEUP_TIMER_ID]),
            ],
        ),
        BadCommand::BeyondProfile => match profile.first_lacking() {
            Some(c) if !matches!(c, ProCmd::Bad(_)) => proactive(c, profile),
            // A full profile lacks nothing: the model never serves this then.
            _ => proactive(ProCmd::TimerStart, profile),
        },
    }
}

/// The command details of the rendered `cmd` (what a TERMINAL RESPONSE echoes).
fn rendered_details(cmd: ProCmd, profile: Profile) -> [u8; 3] {
    let bytes = proactive(cmd, profile);
    // `D0 len 81 03 nn tt qq`: every rendered command starts so (one-byte length).
    match bytes.get(4..7) {
        Some([n, t, q]) => [*n, *t, *q],
        _ => [1, 0, 0],
    }
}

/// The TERMINAL RESPONSE data answering `cmd` with `r`.
pub fn terminal_response(cmd: Option<ProCmd>, r: TrResult, profile: Profile) -> Vec<u8> {
    let [n, t, q] = cmd.map_or([1, 0, 0], |c| rendered_details(c, profile));
    let general: &[u8] = match (r, cmd) {
        (TrResult::Unable, Some(ProCmd::Trigger(TriggerKind::OpenChannel))) => &[0x3A, 0x00],
        (TrResult::Unable, Some(ProCmd::Trigger(TriggerKind::SendSms))) => &[0x21, 0x00],
        _ => match r {
            TrResult::Success => &[0x00],
            TrResult::Unable => &[0x20, 0x00],
            TrResult::BeyondCapabilities => &[0x30],
            TrResult::TypeNotUnderstood => &[0x31],
            TrResult::NotUnderstood => &[0x32],
            TrResult::ValuesMissing => &[0x36],
            TrResult::TimerState => &[0x24],
        },
    };
    let mut out = vec![0x81, 0x03, n, t, q];
    out.extend_from_slice(&DEVICES_TERMINAL_UICC);
    out.extend(tlv(0x83, general));
    if r == TrResult::Success {
        match cmd {
            Some(ProCmd::Trigger(TriggerKind::OpenChannel)) => {
                out.extend(tlv(
                    0xB8,
                    &[0x80 | crate::dmsc::conventions::FIRST_CHANNEL, 0x00],
                ));
                out.extend(tlv(0xB5, &[0x03]));
                out.extend(tlv(
                    0xB9,
                    &crate::dmsc::conventions::BUFFER_SIZE.to_be_bytes(),
                ));
            }
            Some(ProCmd::TimerStart) => out.extend(tlv(0xA4, &[WAKEUP_TIMER_ID])),
            _ => {}
        }
    }
    out
}

/// The length byte of `91 xx` for a command of `n` bytes (`00` stands for 256).
fn length_byte(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(0)
}

/// The command the UICC serves next from `state`'s queue (the first the model allows).
fn next_command(model: &WakeupModel, uicc: &pushwake_model::wakeup::Uicc) -> Option<ProCmd> {
    model.fetch_answers(uicc).first().map(|(_, c)| *c)
}

fn apdu_wire(c: &CommandApdu) -> Option<Wire> {
    let bytes = c.encode().ok()?;
    Some(hex_wire(kind::APDU, &bytes))
}

fn hex_wire(kind: &str, bytes: &[u8]) -> Wire {
    Wire {
        kind: kind.to_owned(),
        content_type: None,
        text: None,
        hex: Some(hex::encode_lower(bytes)),
    }
}

/// The `event` wire of `e`.
pub fn event_wire(e: &Event) -> Wire {
    Wire {
        kind: kind::EVENT.to_owned(),
        content_type: Some("application/json".to_owned()),
        text: serde_json::to_string(e).ok(),
        hex: None,
    }
}

/// The environment event of an environment action.
pub fn event_of(action: &Action) -> Option<Event> {
    Some(match *action {
        Action::PowerOn => Event::PowerOn,
        Action::TimeElapsed => Event::TimeElapsed {
            seconds: WAKEUP_TIMER_SECS,
        },
        Action::LocationChange { visited } => {
            let (mcc, mnc) = if visited { VISITED_PLMN } else { HOME_PLMN };
            Event::Location {
                mcc,
                mnc,
                service: Service::Normal,
            }
        }
        Action::Dial { care } => Event::Call {
            number: if care {
                CUSTOMER_CARE_NUMBER
            } else {
                OTHER_NUMBER
            }
            .to_owned(),
        },
        _ => return None,
    })
}

/// The command APDU of `c`, sent in `state` (`uicc`: the UICC's view, for the FETCH length and
/// the command a TERMINAL RESPONSE answers).
pub fn command_apdu(
    model: &WakeupModel,
    uicc: &pushwake_model::wakeup::Uicc,
    fetched: Option<ProCmd>,
    c: Capdu,
) -> CommandApdu {
    let profile = model.config.profile;
    match c {
        Capdu::TerminalProfile(p) => CommandApdu::terminal_profile(profile_bytes(p)),
        Capdu::Envelope(e) => CommandApdu::envelope(envelope(e)),
        Capdu::Fetch => {
            let n = next_command(model, uicc).map_or(0, |c| proactive(c, profile).len());
            CommandApdu::fetch(length_byte(n))
        }
        Capdu::StrayFetch => CommandApdu::fetch(0x10),
        Capdu::StrayResponse => CommandApdu::terminal_response(terminal_response(
            Some(fetched.unwrap_or(ProCmd::SetUpEventList)),
            TrResult::Success,
            profile,
        )),
        Capdu::TerminalResponse(r) => {
            CommandApdu::terminal_response(terminal_response(fetched, r, profile))
        }
        Capdu::Status => CommandApdu::status(),
        Capdu::BadEnvelope(k) => CommandApdu::envelope(bad_envelope(k)),
    }
}

/// The response APDU of `r`; `next` is the command `91 xx` announces.
pub fn response_apdu(r: Rapdu, next: Option<ProCmd>, profile: Profile) -> Vec<u8> {
    match r {
        Rapdu::Ok => vec![0x90, 0x00],
        Rapdu::Pending => {
            let n = next.map_or(0, |c| proactive(c, profile).len());
            vec![0x91, length_byte(n)]
        }
        Rapdu::Busy => vec![0x93, 0x00],
        Rapdu::Command(c) => {
            let mut b = proactive(c, profile);
            b.extend_from_slice(&[0x90, 0x00]);
            b
        }
        Rapdu::Error => ERROR_SW.to_vec(),
    }
}

/// The wire form of `action` taken in `state`.
pub fn render(model: &WakeupModel, state: &State, action: &Action) -> Option<Wire> {
    let profile = model.config.profile;
    match *action {
        Action::PowerOn
        | Action::TimeElapsed
        | Action::LocationChange { .. }
        | Action::Dial { .. } => event_of(action).map(|e| event_wire(&e)),
        Action::Send(c) => apdu_wire(&command_apdu(model, &state.uicc, state.terminal.fetched, c)),
        Action::Receive(c) => apdu_wire(&command_apdu(model, &state.uicc, state.uicc.session, c)),
        Action::Respond(r) => {
            let Link::AtUicc(c) = state.link else {
                return None;
            };
            let after = model
                .answers(state, c)
                .into_iter()
                .find(|(a, _)| *a == r)
                .map(|(_, u)| u)?;
            let next = next_command(model, &after);
            Some(hex_wire(kind::RAPDU, &response_apdu(r, next, profile)))
        }
        Action::Deliver(r) => {
            let next = next_command(model, &state.uicc);
            Some(hex_wire(kind::RAPDU, &response_apdu(r, next, profile)))
        }
        Action::QueueBad(_) | Action::ChangeEventList { .. } => None,
    }
}

/// The binding of [`WakeupModel`]. Stateless.
#[derive(Clone, Copy, Debug, Default)]
pub struct WakeupBinding;

impl Binding<WakeupModel> for WakeupBinding {
    /// The wire form of an input or output of `role`; `None` for internal steps and other roles'
    /// steps.
    fn wire(
        &self,
        model: &WakeupModel,
        state: &State,
        action: &Action,
        role: &str,
    ) -> Option<Wire> {
        let label = model.label(action);
        if label.role == role && label.direction != Direction::Internal || label.time {
            render(model, state, action)
        } else {
            None
        }
    }
}

fn unmappable(reason: impl Into<String>, bytes: &[u8], kind: &str) -> AdapterError {
    AdapterError::Unmappable {
        reason: reason.into(),
        wire: Some(hex_wire(kind, bytes)),
    }
}

/// What the decoder needs to know besides the bytes.
#[derive(Clone, Debug, Default)]
pub struct DecodeContext {
    /// The length the last `91 xx` announced (a FETCH must ask for it).
    pub announced: Option<u8>,
    /// The command details (number, type, qualifier) of the fetched command (a TERMINAL
    /// RESPONSE must echo them).
    pub fetched: Option<[u8; 3]>,
}

/// The general result of a TERMINAL RESPONSE, abstractly: `0x` success; 30, 31, 32, 36 as
/// themselves; 24 (timer state) as itself; any other (`1x` user, `2x` temporary, `33`-`3A` permanent) a reported failure.
pub fn result_of(g: GeneralResult) -> TrResult {
    match g.0 {
        0x00..=0x0F => TrResult::Success,
        0x30 => TrResult::BeyondCapabilities,
        0x31 => TrResult::TypeNotUnderstood,
        0x32 => TrResult::NotUnderstood,
        0x36 => TrResult::ValuesMissing,
        0x24 => TrResult::TimerState,
        _ => TrResult::Unable,
    }
}

/// The PLMN of location information bytes.
fn plmn_of(mcc_mnc: [u8; 3]) -> (u16, u16) {
    let [a, b, c] = mcc_mnc;
    let mcc = u16::from(a & 0x0F) * 100 + u16::from(a >> 4) * 10 + u16::from(b & 0x0F);
    let n3 = b >> 4;
    let two = u16::from(c & 0x0F) * 10 + u16::from(c >> 4);
    let mnc = if n3 == 0x0F {
        two
    } else {
        two * 10 + u16::from(n3)
    };
    (mcc, mnc)
}

/// A command APDU from a terminal, as a model [`Capdu`].
pub fn decode_capdu(bytes: &[u8], ctx: &DecodeContext) -> Result<Capdu, AdapterError> {
    let k = kind::APDU;
    let c = CommandApdu::decode(bytes)
        .map_err(|e| unmappable(format!("command APDU does not decode: {e}"), bytes, k))?;
    if c.cla != pushwake_codecs::apdu::CLA_CAT {
        return Err(unmappable(
            format!("class {:02X} is not the CAT class 80", c.cla),
            bytes,
            k,
        ));
    }
    let data = &c.data.0;
    match c.ins {
        Instruction::TERMINAL_PROFILE => profile_of(data)
            .map(Capdu::TerminalProfile)
            .map_err(|e| unmappable(format!("TERMINAL PROFILE: {e}"), bytes, k)),
        Instruction::ENVELOPE => {
            let env = Envelope::decode(data)
                .map_err(|e| unmappable(format!("ENVELOPE does not decode: {e}"), bytes, k))?;
            envelope_of(&env)
                .map(Capdu::Envelope)
                .map_err(|r| unmappable(r, bytes, k))
        }
        Instruction::FETCH => {
            let le = c.le.unwrap_or(0);
            match ctx.announced {
                Some(n) if (if n == 0 { 256 } else { u16::from(n) }) != le => Err(unmappable(
                    format!("FETCH asks for {le} bytes; 91 {n:02X} announced {n}"),
                    bytes,
                    k,
                )),
                _ => Ok(Capdu::Fetch),
            }
        }
        Instruction::TERMINAL_RESPONSE => {
            let tr = TerminalResponse::decode(data).map_err(|e| {
                unmappable(format!("TERMINAL RESPONSE does not decode: {e}"), bytes, k)
            })?;
            if let Some([n, t, q]) = ctx.fetched {
                let d = &tr.command_details;
                if (d.number, d.command_type.0, d.qualifier) != (n, t, q) {
                    return Err(unmappable(
                        format!(
                            "TERMINAL RESPONSE echoes command details {:02X} {:02X} {:02X}, the fetched command's are {n:02X} {t:02X} {q:02X} (CAT-TR-ONCE)",
                            d.number, d.command_type.0, d.qualifier
                        ),
                        bytes,
                        k,
                    ));
                }
            }
            let ids = &tr.device_identities;
            if (ids.source, ids.destination) != (DeviceId::TERMINAL, DeviceId::UICC) {
                return Err(unmappable(
                    format!(
                        "TERMINAL RESPONSE device identities {:02X} -> {:02X}, not terminal (82) -> UICC (81) (CAT-TR-RESULT)",
                        ids.source.0, ids.destination.0
                    ),
                    bytes,
                    k,
                ));
            }
            Ok(Capdu::TerminalResponse(result_of(tr.result.general)))
        }
        Instruction::STATUS => Ok(Capdu::Status),
        ins => Err(unmappable(
            format!("instruction {:02X} is none of the wake-up model's", ins.0),
            bytes,
            k,
        )),
    }
}

/// An ENVELOPE as a model [`Env`].
pub fn envelope_of(env: &Envelope) -> Result<Env, String> {
    let ids = match env {
        Envelope::TimerExpiration(t) => Some(&t.device_identities),
        Envelope::CallControl(c) => Some(&c.device_identities),
        Envelope::EventDownload(e) => Some(&e.device_identities),
        _ => None,
    };
    if let Some(ids) = ids
        && (ids.source, ids.destination) != (DeviceId::TERMINAL, DeviceId::UICC)
    {
        return Err(format!(
            "ENVELOPE device identities {:02X} -> {:02X}, not terminal (82) -> UICC (81)",
            ids.source.0, ids.destination.0
        ));
    }
    match env {
        Envelope::TimerExpiration(_) => Ok(Env::TimerExpiration),
        Envelope::CallControl(cc) => {
            let number = cc
                .objects
                .iter()
                .find_map(|o| match o {
                    CatObject::Address(a) => Some(number_of(&a.number.0)),
                    _ => None,
                })
                .ok_or("CALL CONTROL without address: not modelled")?;
            let care = number == CUSTOMER_CARE_NUMBER.trim_start_matches('+');
            Ok(Env::CallControl { care })
        }
        Envelope::EventDownload(ed) if ed.event() == Some(EventCode::LOCATION_STATUS) => {
            let status = ed.objects.iter().find_map(|o| match o {
                CatObject::LocationStatus(s) => Some(s.status),
                _ => None,
            });
            if status != Some(LocationStatusValue::NORMAL_SERVICE) {
                return Err("location status other than normal service: not modelled".to_owned());
            }
            let plmn = ed
                .objects
                .iter()
                .find_map(|o| match o {
                    CatObject::LocationInformation(l) => Some(plmn_of(l.mcc_mnc)),
                    _ => None,
                })
                .ok_or("location status without location information")?;
            Ok(Env::LocationStatus {
                visited: plmn != HOME_PLMN,
            })
        }
        other => Err(format!(
            "ENVELOPE {:?} is none of the wake-up model's",
            other.tag()
        )),
    }
}

/// A proactive command as a model [`ProCmd`].
pub fn command_of(cmd: &ProactiveCommand) -> Result<ProCmd, String> {
    match cmd {
        ProactiveCommand::SetUpEventList(s) => {
            if s.event_list.events.contains(&EventCode::LOCATION_STATUS) {
                Ok(ProCmd::SetUpEventList)
            } else if s.event_list.events.is_empty() {
                Ok(ProCmd::RemoveEventList)
            } else {
                Err(
                    "SET UP EVENT LIST with events but not location status: not modelled"
                        .to_owned(),
                )
            }
        }
        ProactiveCommand::TimerManagement(t) if t.details.qualifier & 0x03 == 0 => {
            // The test data fixes the wake-up timer (dmsc::conventions): another identifier or
            // interval is another DM_SC Server personalisation.
            let secs = t.timer_value.as_ref().map(|v| v.total_seconds());
            if t.timer_identifier.id != WAKEUP_TIMER_ID || secs != Some(WAKEUP_TIMER_SECS) {
                return Err(format!(
                    "TIMER MANAGEMENT starts timer {} for {:?} s; the test data's wake-up timer is {} for {} s (dmsc::conventions)",
                    t.timer_identifier.id, secs, WAKEUP_TIMER_ID, WAKEUP_TIMER_SECS
                ));
            }
            Ok(ProCmd::TimerStart)
        }
        ProactiveCommand::TimerManagement(_) => {
            Err("TIMER MANAGEMENT other than start: not modelled".to_owned())
        }
        ProactiveCommand::OpenChannel(_) => Ok(ProCmd::Trigger(TriggerKind::OpenChannel)),
        ProactiveCommand::SendShortMessage(_) => Ok(ProCmd::Trigger(TriggerKind::SendSms)),
        other => Err(format!(
            "proactive command {:?} is none of the wake-up model's",
            other.command_type()
        )),
    }
}

/// A response APDU from a UICC, answering `answered`, as a model [`Rapdu`]; with the command
/// details of a proactive command it returns (for the TERMINAL RESPONSE to echo).
pub fn decode_rapdu(
    bytes: &[u8],
    answered: Capdu,
) -> Result<(Rapdu, Option<[u8; 3]>), AdapterError> {
    let k = kind::RAPDU;
    let r = ResponseApdu::decode(bytes)
        .map_err(|e| unmappable(format!("response APDU does not decode: {e}"), bytes, k))?;
    let fetch = matches!(answered, Capdu::Fetch | Capdu::StrayFetch);
    let data = &r.data.0;
    match r.sw.kind() {
        StatusKind::Ok if fetch => {
            if data.is_empty() {
                return Err(unmappable(
                    "FETCH answered 90 00 without a proactive command",
                    bytes,
                    k,
                ));
            }
            let cmd = ProactiveCommand::decode(data).map_err(|e| {
                unmappable(format!("proactive command does not decode: {e}"), bytes, k)
            })?;
            let d = cmd.command_details();
            let p = command_of(&cmd).map_err(|e| unmappable(e, bytes, k))?;
            Ok((
                Rapdu::Command(p),
                Some([d.number, d.command_type.0, d.qualifier]),
            ))
        }
        StatusKind::Ok | StatusKind::ProactiveCommandPending(_) => {
            let call_control = matches!(answered, Capdu::Envelope(Env::CallControl { .. }));
            // CALL CONTROL may answer "allowed, no modification" (result 00, TS 102 223 7.3.1.6);
            // no other command of the model returns data.
            let allowed = data.is_empty() || (call_control && data.first() == Some(&0x00));
            if !allowed {
                return Err(unmappable(
                    if call_control {
                        "CALL CONTROL answered other than \"allowed, no modification\": not modelled"
                    } else {
                        "response data where the command returns none"
                    },
                    bytes,
                    k,
                ));
            }
            Ok((
                if r.sw.kind() == StatusKind::Ok {
                    Rapdu::Ok
                } else {
                    Rapdu::Pending
                },
                None,
            ))
        }
        StatusKind::ToolkitBusy => Ok((Rapdu::Busy, None)),
        StatusKind::Error => Ok((Rapdu::Error, None)),
        StatusKind::Warning => Err(unmappable(
            format!("warning status word {:04X}: not modelled", r.sw.0),
            bytes,
            k,
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use pushwake_model::wakeup::WakeupConfig;

    #[test]
    fn rendered_profiles_decode_to_themselves() {
        for bits in 0u8..32 {
            let p = Profile {
                timer: bits & 1 != 0,
                location_status: bits & 2 != 0,
                call_control: bits & 4 != 0,
                open_channel: bits & 8 != 0,
                send_sms: bits & 16 != 0,
            };
            assert_eq!(profile_of(&profile_bytes(p)).unwrap(), p);
        }
    }

    #[test]
    fn rendered_envelopes_decode_to_themselves() {
        for e in [
            Env::TimerExpiration,
            Env::CallControl { care: true },
            Env::CallControl { care: false },
            Env::LocationStatus { visited: true },
            Env::LocationStatus { visited: false },
        ] {
            let b = envelope(e);
            assert_eq!(
                envelope_of(&Envelope::decode(&b).unwrap()).unwrap(),
                e,
                "{e:?}"
            );
        }
    }

    #[test]
    fn rendered_commands_decode_to_themselves() {
        let p = Profile::FULL;
        for c in [
            ProCmd::SetUpEventList,
            ProCmd::RemoveEventList,
            ProCmd::TimerStart,
            ProCmd::Trigger(TriggerKind::OpenChannel),
            ProCmd::Trigger(TriggerKind::SendSms),
        ] {
            let mut b = proactive(c, p);
            b.extend_from_slice(&[0x90, 0x00]);
            assert_eq!(decode_rapdu(&b, Capdu::Fetch).unwrap().0, Rapdu::Command(c));
        }
    }

    #[test]
    fn negative_commands_fail_to_decode_with_the_required_result() {
        use pushwake_codecs::cat::general_result_for;
        let p = Profile::FULL;
        for (k, want) in [
            (BadCommand::MalformedTlv, 0x32),
            (BadCommand::MissingMandatory, 0x36),
            (BadCommand::UnknownCrObject, 0x32),
        ] {
            let e = ProactiveCommand::decode(&bad_command(k, p)).unwrap_err();
            assert_eq!(general_result_for(&e).0, want, "{k:?}");
        }
        let t = ProactiveCommand::decode(&bad_command(BadCommand::UnknownType, p)).unwrap();
        assert_eq!(t.command_type().0, UNKNOWN_COMMAND_TYPE);
        assert!(t.command_type().name().is_none());
    }

    #[test]
    fn negative_envelopes_do_not_decode() {
        for k in BadEnvelope::ALL {
            let decodes = Envelope::decode(&bad_envelope(k)).is_ok();
            // The unregistered event is well formed: what makes it negative is the UICC's state.
            assert_eq!(decodes, k == BadEnvelope::UnregisteredEvent, "{k:?}");
        }
    }

    #[test]
    fn terminal_responses_decode_with_their_result_and_echo() {
        let p = Profile::FULL;
        for (cmd, r) in [
            (ProCmd::Trigger(TriggerKind::OpenChannel), TrResult::Success),
            (ProCmd::Trigger(TriggerKind::SendSms), TrResult::Unable),
            (ProCmd::TimerStart, TrResult::Success),
            (
                ProCmd::Bad(BadCommand::UnknownType),
                TrResult::TypeNotUnderstood,
            ),
        ] {
            let apdu = CommandApdu::terminal_response(terminal_response(Some(cmd), r, p))
                .encode()
                .unwrap();
            let ctx = DecodeContext {
                announced: None,
                fetched: Some(rendered_details(cmd, p)),
            };
            assert_eq!(
                decode_capdu(&apdu, &ctx).unwrap(),
                Capdu::TerminalResponse(r)
            );
            let wrong = DecodeContext {
                fetched: Some([9, 9, 9]),
                ..ctx
            };
            assert!(decode_capdu(&apdu, &wrong).is_err());
        }
    }

    #[test]
    fn optional_objects_and_the_cr_bit_do_not_change_the_action() {
        // SET UP EVENT LIST with an alpha identifier would be odd; use OPEN CHANNEL with an
        // alpha identifier (05, CR clear), bearer description, and CR clear on the buffer size.
        let b = hex::decode("d01a8103014001820281820503414243350103390205dc3c03031014").unwrap();
        let cmd = ProactiveCommand::decode(&b).unwrap();
        assert_eq!(
            command_of(&cmd).unwrap(),
            ProCmd::Trigger(TriggerKind::OpenChannel)
        );
        // A location status event download with the CR bit clear on every object.
        let mut env = envelope(Env::LocationStatus { visited: true });
        for i in [2usize, 5, 9, 12] {
            if let Some(b) = env.get_mut(i) {
                *b &= 0x7F;
            }
        }
        assert_eq!(
            envelope_of(&Envelope::decode(&env).unwrap()).unwrap(),
            Env::LocationStatus { visited: true }
        );
    }

    #[test]
    fn a_fetch_must_ask_for_the_announced_length() {
        let ctx = DecodeContext {
            announced: Some(0x0C),
            fetched: None,
        };
        assert_eq!(
            decode_capdu(&[0x80, 0x12, 0, 0, 0x0C], &ctx).unwrap(),
            Capdu::Fetch
        );
        assert!(decode_capdu(&[0x80, 0x12, 0, 0, 0x0D], &ctx).is_err());
    }

    #[test]
    fn status_words_map_to_their_answers() {
        assert_eq!(
            decode_rapdu(&[0x90, 0], Capdu::Status).unwrap().0,
            Rapdu::Ok
        );
        assert_eq!(
            decode_rapdu(&[0x91, 0x0C], Capdu::Status).unwrap().0,
            Rapdu::Pending
        );
        assert_eq!(
            decode_rapdu(&[0x93, 0], Capdu::Envelope(Env::TimerExpiration))
                .unwrap()
                .0,
            Rapdu::Busy
        );
        assert_eq!(
            decode_rapdu(&[0x6A, 0x80], Capdu::Fetch).unwrap().0,
            Rapdu::Error
        );
        assert!(decode_rapdu(&[0x62, 0x00], Capdu::Status).is_err());
        assert!(decode_rapdu(&[0x90], Capdu::Status).is_err());
        assert_eq!(
            decode_rapdu(
                &[0x00, 0x90, 0x00],
                Capdu::Envelope(Env::CallControl { care: true })
            )
            .unwrap()
            .0,
            Rapdu::Ok
        );
    }

    #[test]
    fn every_transition_of_the_limited_configuration_renders() {
        use pushwake_model::explorer::{Limits, StateId, explore};
        let m = WakeupModel::new(WakeupConfig::limited()).unwrap();
        let g = explore(&m, Limits::default()).unwrap();
        for i in 0..g.states().len() {
            let id = StateId(i as u32);
            for (a, _) in g.successors(id) {
                let w = render(&m, g.state(id), a);
                assert_eq!(
                    w.is_none(),
                    matches!(a, Action::QueueBad(_) | Action::ChangeEventList { .. }),
                    "{a:?}"
                );
            }
        }
    }

    #[test]
    fn pending_announces_the_length_of_the_command_served_next() {
        use pushwake_model::explorer::{Limits, StateId, explore};
        let m = WakeupModel::new(WakeupConfig::terminal()).unwrap();
        let g = explore(&m, Limits::default()).unwrap();
        let mut checked = 0;
        for i in 0..g.states().len().min(50_000) {
            let id = StateId(i as u32);
            for (a, next) in g.successors(id) {
                if let Action::Deliver(Rapdu::Pending) = a {
                    let w = render(&m, g.state(id), a).unwrap();
                    let xx = hex::decode(w.hex.as_deref().unwrap()).unwrap()[1];
                    // The command FETCH returns from the state after the terminal fetched.
                    let after = g.state(*next);
                    let served = m.fetch_answers(&after.uicc);
                    let (_, c) = served.first().unwrap();
                    assert_eq!(usize::from(xx), proactive(*c, m.config.profile).len());
                    checked += 1;
                }
            }
        }
        assert!(checked > 0);
    }
}
