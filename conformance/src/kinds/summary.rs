//! One-line decoded views of wire messages, in the style of the "expected sequence" tables of
//! ETSI TS 31.124 / TS 102 384 (`ENVELOPE: EVENT DOWNLOAD - location status`, `FETCH`,
//! `PROACTIVE COMMAND: OPEN CHANNEL`, `TERMINAL RESPONSE: OPEN CHANNEL`), with the values a lab
//! engineer checks beside the name: the status word and its meaning (ETSI TS 102 221 10.2.1), the
//! general result (TS 102 223 8.12), channel, port, buffer, timer, event and location values.
//!
//! Every view comes from this crate's codecs (`pushwake_codecs::apdu`, `cat`); nothing is parsed
//! twice by hand. Bytes that do not decode give a view saying so, with the codec's error (the
//! structure and the byte offset, counted from the first byte of the wire message).
//!
//! The wording is ours: TS 31.124 names messages and leaves values to its coding tables; the
//! value names are the codecs' (TS 102 223 / TS 102 221 wording).

use pushwake_codecs::DecodeError;
use pushwake_codecs::apdu::{CommandApdu, Instruction, ResponseApdu, StatusKind, StatusWord};
use pushwake_codecs::cat::envelope::Envelope;
use pushwake_codecs::cat::objects::{
    Address, ChannelStatus, CommandResult, LocationInformation, RegistryApplicationData, TimerValue,
};
use pushwake_codecs::cat::proactive::OpenChannelMode;
use pushwake_codecs::cat::{
    BerTag, CatObject, CommandType, EventCode, ProactiveCommand, TerminalProfile, TerminalResponse,
    TransportProtocol,
};

/// The decoded view of one wire message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The message's name only (command, status word, event), for a sequence diagram's arrow:
    /// `ENVELOPE: EVENT DOWNLOAD - location status`, `91 1A`, `FETCH`.
    pub short: String,
    /// The whole line: the name and its values.
    pub line: String,
}

impl Summary {
    fn new(short: impl Into<String>, line: impl Into<String>) -> Self {
        Self {
            short: short.into(),
            line: line.into(),
        }
    }

    /// The view of bytes that do not decode as `what`: the codec's error, which names the
    /// structure and the byte offset.
    pub fn undecodable(what: &str, err: DecodeError) -> Self {
        Self::new(
            format!("undecodable {what}"),
            format!("undecodable {what}: {err}"),
        )
    }

    /// A view whose name is all there is to say.
    fn name(name: impl Into<String>) -> Self {
        let name = name.into();
        Self::new(name.clone(), name)
    }

    /// `name` with `details` after it: `name - details` (TS 31.124 style), or `name` alone.
    fn dash(name: impl Into<String>, details: &[String]) -> Self {
        let name = name.into();
        if details.is_empty() {
            return Self::name(name);
        }
        let line = format!("{name} - {}", details.join(", "));
        Self::new(name, line)
    }

    /// `name` with `details` in parentheses, or `name` alone.
    fn paren(name: impl Into<String>, details: &[String]) -> Self {
        let name = name.into();
        if details.is_empty() {
            return Self::name(name);
        }
        let line = format!("{name} ({})", details.join(", "));
        Self::new(name, line)
    }
}

/// `err` with its offset moved by `by` (a sub-structure decoded from inside a larger message).
fn shifted(err: DecodeError, by: usize) -> DecodeError {
    DecodeError::new(err.kind, err.structure, err.offset.saturating_add(by))
}

/// Offset of the data field in a short command APDU with Lc (CLA INS P1 P2 Lc).
const APDU_DATA_OFFSET: usize = 5;

/// A command APDU (the `apdu` kind, ETSI TS 102 221 10.1): the CAT commands by name with their
/// data decoded, any other by its instruction and parameters.
pub fn command_apdu(bytes: &[u8]) -> Summary {
    let c = match CommandApdu::decode(bytes) {
        Ok(c) => c,
        Err(e) => return Summary::undecodable("command APDU", e),
    };
    let data = c.data.0.as_slice();
    match c.ins {
        Instruction::FETCH => Summary::paren(
            "FETCH",
            &c.le
                .map(|le| vec![format!("Le {:02X}", le & 0xFF)])
                .unwrap_or_default(),
        ),
        Instruction::ENVELOPE => match Envelope::decode(data) {
            Ok(e) => envelope_view(&e),
            Err(e) => Summary::undecodable("ENVELOPE data", shifted(e, APDU_DATA_OFFSET)),
        },
        Instruction::TERMINAL_RESPONSE => match TerminalResponse::decode(data) {
            Ok(r) => terminal_response_view(&r),
            Err(e) => Summary::undecodable("TERMINAL RESPONSE data", shifted(e, APDU_DATA_OFFSET)),
        },
        Instruction::TERMINAL_PROFILE => match TerminalProfile::decode(data) {
            Ok(p) => terminal_profile_view(&p),
            Err(e) => Summary::undecodable("TERMINAL PROFILE data", shifted(e, APDU_DATA_OFFSET)),
        },
        Instruction::STATUS => Summary::paren(
            "STATUS",
            &[format!(
                "P1 {:02X} {}, P2 {:02X} {}",
                c.p1,
                match c.p1 {
                    0x00 => "no indication",
                    0x01 => "application initialised",
                    0x02 => "termination of the application",
                    _ => "reserved",
                },
                c.p2,
                match c.p2 {
                    0x00 => "FCP returned",
                    0x01 => "DF name returned",
                    0x0C => "no data returned",
                    _ => "reserved",
                }
            )],
        ),
        ins => {
            let name = ins
                .name()
                .map_or_else(|| format!("INS {:02X}", ins.0), str::to_owned);
            let mut details = vec![format!(
                "CLA {:02X}, P1 {:02X}, P2 {:02X}",
                c.cla, c.p1, c.p2
            )];
            if !data.is_empty() {
                details.push(format!("{} data bytes", data.len()));
            }
            if let Some(le) = c.le {
                details.push(format!("Le {:02X}", le & 0xFF));
            }
            Summary::paren(name, &details)
        }
    }
}

/// A status word with its meaning (ETSI TS 102 221 10.2.1): `91 1A (proactive command pending,
/// 26 bytes)`, `93 00 (toolkit busy)`.
pub fn status_word_view(sw: StatusWord) -> Summary {
    let short = format!("{:02X} {:02X}", sw.sw1(), sw.sw2());
    let meaning = match sw.kind() {
        StatusKind::Ok => "normal ending".to_owned(),
        StatusKind::ProactiveCommandPending(n) => format!(
            "proactive command pending, {} bytes",
            if n == 0 { 256 } else { u16::from(n) }
        ),
        StatusKind::ToolkitBusy => "toolkit busy".to_owned(),
        _ => match (sw.name(), sw.sw1()) {
            (Some(n), _) => n.to_owned(),
            (None, 0x61) => format!("{} response bytes available", sw.sw2()),
            (None, 0x6C) => format!("wrong Le, {} bytes available", sw.sw2()),
            (None, _) if sw.kind() == StatusKind::Warning => "warning".to_owned(),
            (None, _) => "error".to_owned(),
        },
    };
    let line = format!("{short} ({meaning})");
    Summary::new(short, line)
}

/// A response APDU (the `rapdu` kind): its status word, and the proactive command when the data
/// is a `D0` BER-TLV (the answer to FETCH; its `90 00` left out), else the data's length.
pub fn response_apdu(bytes: &[u8]) -> Summary {
    let r = match ResponseApdu::decode(bytes) {
        Ok(r) => r,
        Err(e) => return Summary::undecodable("response APDU", e),
    };
    let sw = status_word_view(r.sw);
    let data = r.data.0.as_slice();
    let body = match data.first() {
        None => return sw,
        Some(&t) if t == BerTag::PROACTIVE_COMMAND.0 => match ProactiveCommand::decode(data) {
            Ok(p) => proactive_view(&p),
            Err(e) => Summary::undecodable("proactive command", e),
        },
        Some(_) => {
            return Summary::new(
                format!("{} data bytes / {}", data.len(), sw.short),
                format!("{} data bytes, then {}", data.len(), sw.line),
            );
        }
    };
    // The answer to FETCH: TS 31.124 writes the command alone when it ends with 90 00.
    if r.sw == StatusWord::OK {
        body
    } else {
        Summary::new(
            format!("{} / {}", body.short, sw.short),
            format!("{}, then {}", body.line, sw.line),
        )
    }
}

/// An environment event of the terminal (the `event` kind, JSON text such as
/// `{"event":"location","mcc":262,"mnc":1,"service":"normal"}`): `EVENT: location - mcc 262,
/// mnc 1, service normal`.
pub fn event(bytes: &[u8]) -> Summary {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return Summary::new(
                "undecodable event",
                format!(
                    "undecodable event: not JSON at line {} column {}",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    let Some(map) = value.as_object() else {
        return Summary::name("undecodable event: not a JSON object");
    };
    let name = map
        .get("event")
        .and_then(|v| v.as_str())
        .unwrap_or("(no event name)");
    let details: Vec<String> = map
        .iter()
        .filter(|(k, _)| k.as_str() != "event")
        .map(|(k, v)| match v.as_str() {
            Some(s) => format!("{k} {s}"),
            None => format!("{k} {v}"),
        })
        .collect();
    Summary::dash(format!("EVENT: {name}"), &details)
}

/// A TERMINAL PROFILE's data (TS 102 223 5.2): its length and the facilities this codec names.
pub fn terminal_profile_view(p: &TerminalProfile) -> Summary {
    let mut details = vec![format!("{} bytes", p.bytes.0.len())];
    details.extend(p.facilities().iter().map(|f| f.name.to_owned()));
    let channels = p.bip_channels();
    if channels > 0 {
        details.push(format!("{channels} BIP channels"));
    }
    Summary::paren("TERMINAL PROFILE", &details)
}

/// A proactive command (TS 102 223 6.6): `PROACTIVE COMMAND: OPEN CHANNEL (...)`.
pub fn proactive_view(p: &ProactiveCommand) -> Summary {
    let details = p.command_details();
    let name = command_name(details.command_type);
    let mut d = Vec::new();
    match p {
        ProactiveCommand::OpenChannel(o) => {
            // The DM_SC references' value for terminal server mode (UNVERIFIED, see
            // `dmsc::reference::uicc::TERMINAL_SERVER_PROTOCOL`).
            let tsm = [TransportProtocol(
                crate::dmsc::reference::uicc::TERMINAL_SERVER_PROTOCOL,
            )];
            d.push(
                match o.mode(&tsm) {
                    OpenChannelMode::UiccServer => "UICC server mode",
                    OpenChannelMode::TerminalServer => "terminal server mode",
                    OpenChannelMode::Client => "client mode",
                }
                .to_owned(),
            );
            if let Some(t) = &o.transport_level {
                d.push(match t.protocol {
                    TransportProtocol::TCP_UICC_SERVER
                    | TransportProtocol::TCP_CLIENT_REMOTE
                    | TransportProtocol::TCP_CLIENT_LOCAL => "TCP".to_owned(),
                    TransportProtocol::UDP_CLIENT_REMOTE | TransportProtocol::UDP_CLIENT_LOCAL => {
                        "UDP".to_owned()
                    }
                    p => p
                        .name()
                        .map_or_else(|| format!("transport {:02X}", p.0), str::to_owned),
                });
                if let Some(port) = t.port {
                    d.push(format!("port {port}"));
                }
            }
            if let Some(b) = &o.bearer_description {
                d.push(format!(
                    "bearer {}",
                    b.bearer_type
                        .name()
                        .map_or_else(|| format!("{:02X}", b.bearer_type.0), str::to_owned)
                ));
            }
            if let Some(a) = o
                .data_destination_address
                .as_ref()
                .and_then(|a| a.address.as_ref())
            {
                d.push(format!("to {}", ip_text(&a.address.0)));
            }
            d.push(format!("buffer {}", o.buffer_size.size));
        }
        ProactiveCommand::CloseChannel(c) => d.extend(channel_of(c.device_identities.destination)),
        ProactiveCommand::ReceiveData(r) => {
            d.extend(channel_of(r.device_identities.destination));
            d.push(format!("{} bytes", r.channel_data_length.length));
        }
        ProactiveCommand::SendData(s) => {
            d.extend(channel_of(s.device_identities.destination));
            d.push(format!("{} bytes", s.channel_data.data.0.len()));
            // TS 102 223 8.6, SEND DATA qualifier b1: 0 store in the Tx buffer, 1 send at once.
            d.push(
                if details.qualifier & 1 == 1 {
                    "send immediately"
                } else {
                    "store"
                }
                .to_owned(),
            );
        }
        ProactiveCommand::TimerManagement(t) => {
            // TS 102 223 8.6, TIMER MANAGEMENT qualifier b1-b2.
            d.push(
                match details.qualifier & 0x03 {
                    0 => "start",
                    1 => "deactivate",
                    2 => "get current value",
                    _ => "reserved operation",
                }
                .to_owned(),
            );
            d.push(format!("timer {}", t.timer_identifier.id));
            if let Some(v) = &t.timer_value {
                d.push(timer_text(v));
            }
        }
        ProactiveCommand::SetUpEventList(s) => {
            if s.event_list.events.is_empty() {
                d.push("remove the event list".to_owned());
            } else {
                d.extend(s.event_list.events.iter().map(|e| event_name(*e)));
            }
        }
        ProactiveCommand::SendShortMessage(s) => {
            if let Some(a) = &s.address {
                d.push(format!("to {}", number_text(a)));
            }
            d.push(format!("{}-byte TPDU", s.sms_tpdu.tpdu.0.len()));
        }
        ProactiveCommand::ProvideLocalInformation(_) => d.push(format!(
            "qualifier {:02X}{}",
            details.qualifier,
            // TS 102 223 8.6, PROVIDE LOCAL INFORMATION qualifier (the common values).
            match details.qualifier {
                0x00 => " location information",
                0x01 => " IMEI",
                0x03 => " date, time and time zone",
                0x04 => " language",
                0x06 => " access technology",
                _ => "",
            }
        )),
        ProactiveCommand::GetChannelStatus(_) | ProactiveCommand::Generic(_) => {}
    }
    let mut s = Summary::paren(format!("PROACTIVE COMMAND: {name}"), &d);
    if d.is_empty() {
        s.line = format!("{} (qualifier {:02X})", s.line, details.qualifier);
    }
    s
}

/// A TERMINAL RESPONSE (TS 102 223 6.8): the command it answers and its number, the general
/// result with its meaning and cause, and the values a lab checks (channel status, buffer size,
/// channel data, timer).
pub fn terminal_response_view(r: &TerminalResponse) -> Summary {
    let ct = r.command_details.command_type;
    let name = command_name(ct);
    let short = format!(
        "TERMINAL RESPONSE: {name}, result {:02X}",
        r.result.general.0
    );
    let mut details = vec![result_text(&r.result)];
    for o in &r.objects {
        match o {
            CatObject::ChannelStatus(s) => details.push(channel_status_text(s)),
            CatObject::BufferSize(b) => details.push(format!("buffer {}", b.size)),
            CatObject::ChannelData(c) => {
                details.push(format!("{} bytes of channel data", c.data.0.len()))
            }
            CatObject::ChannelDataLength(l) => details.push(match ct {
                CommandType::SEND_DATA => format!("{} bytes free", length_text(l.length)),
                _ => format!("{} bytes remaining", length_text(l.length)),
            }),
            CatObject::TimerIdentifier(t) => details.push(format!("timer {}", t.id)),
            CatObject::TimerValue(v) => details.push(timer_text(v)),
            CatObject::LocationInformation(l) => details.push(location_text(l)),
            _ => {}
        }
    }
    Summary::new(
        short,
        format!(
            "TERMINAL RESPONSE: {name} {:02X} - {}",
            r.command_details.number,
            details.join(", ")
        ),
    )
}

/// An ENVELOPE's data (TS 102 223 7): `ENVELOPE: EVENT DOWNLOAD - location status, normal
/// service, MCC 262 MNC 01`.
pub fn envelope_view(e: &Envelope) -> Summary {
    let tag = e.tag();
    let name = format!(
        "ENVELOPE: {}",
        tag.name()
            .map_or_else(|| format!("tag {:02X}", tag.0), str::to_uppercase)
    );
    match e {
        Envelope::EventDownload(ev) => {
            let mut details: Vec<String> = ev
                .event_list
                .events
                .iter()
                .map(|c| event_name(*c))
                .collect();
            let short = match details.as_slice() {
                [one] => format!("{name} - {one}"),
                _ => name.clone(),
            };
            for o in &ev.objects {
                match o {
                    CatObject::LocationStatus(s) => details.push(
                        s.status
                            .name()
                            .map_or_else(|| format!("status {:02X}", s.status.0), str::to_owned),
                    ),
                    CatObject::LocationInformation(l) => details.push(location_text(l)),
                    CatObject::ChannelStatus(s) => details.push(channel_status_text(s)),
                    CatObject::ChannelDataLength(l) => {
                        details.push(format!("{} bytes available", length_text(l.length)))
                    }
                    _ => {}
                }
            }
            Summary::new(short, format!("{name} - {}", details.join(", ")))
        }
        Envelope::TimerExpiration(t) => Summary::dash(
            name,
            &[
                format!("timer {}", t.timer_identifier.id),
                timer_text(&t.timer_value),
            ],
        ),
        Envelope::CallControl(c) => {
            let details: Vec<String> = c
                .objects
                .iter()
                .filter_map(|o| match o {
                    CatObject::Address(a) => Some(format!("call to {}", number_text(a))),
                    CatObject::LocationInformation(l) => Some(location_text(l)),
                    _ => None,
                })
                .collect();
            Summary::dash(name, &details)
        }
        Envelope::TerminalApplications(t) => {
            let mut details: Vec<String> = t.applications.iter().map(application_text).collect();
            if t.last_envelope.is_some() {
                details.push("last envelope".to_owned());
            }
            Summary::dash(name, &details)
        }
        Envelope::SmsPpDownload(s) => {
            let mut details = Vec::new();
            if let Some(a) = &s.address {
                details.push(format!("from service centre {}", number_text(a)));
            }
            details.push(format!("{}-byte TPDU", s.sms_tpdu.tpdu.0.len()));
            Summary::dash(name, &details)
        }
        Envelope::Generic(g) => Summary::dash(name, &[format!("{} objects", g.objects.len())]),
    }
}

fn command_name(t: CommandType) -> String {
    t.name()
        .map_or_else(|| format!("command type {:02X}", t.0), str::to_owned)
}

fn event_name(e: EventCode) -> String {
    e.name()
        .map_or_else(|| format!("event {:02X}", e.0), str::to_owned)
}

/// The general result with its meaning and, where the codec names it, the cause in the
/// additional information (TS 102 223 8.12): `00 command performed successfully`,
/// `3A Bearer Independent Protocol error: channel closed`.
fn result_text(r: &CommandResult) -> String {
    let mut s = format!(
        "{:02X} {}",
        r.general.0,
        r.general
            .name()
            .unwrap_or("(general result not in the table)")
    );
    let cause = r
        .bip_error()
        .map(|c| c.name().map(str::to_owned))
        .or_else(|| r.terminal_problem().map(|c| c.name().map(str::to_owned)))
        .or_else(|| {
            r.launch_browser_problem()
                .map(|c| c.name().map(str::to_owned))
        })
        .or_else(|| r.multiple_card_error().map(|c| c.name().map(str::to_owned)))
        .or_else(|| {
            r.call_control_problem()
                .map(|c| c.name().map(str::to_owned))
        })
        .or_else(|| r.frames_error().map(|c| c.name().map(str::to_owned)));
    match (cause, r.additional.0.as_slice()) {
        (Some(Some(c)), [_]) => {
            s.push_str(": ");
            s.push_str(&c);
        }
        (_, []) => {}
        (_, more) => {
            s.push_str(&format!(
                " (additional information {})",
                pushwake_codecs::hex::encode_upper_spaced(more)
            ));
        }
    }
    s
}

/// Channel status (TS 102 223 8.56): `channel 1 established`, `channel 2 listen, link dropped`.
fn channel_status_text(s: &ChannelStatus) -> String {
    // Byte 1 b7-b8: in server mode 00 CLOSED, 01 LISTEN, 10 ESTABLISHED; in client mode b8 alone
    // says "link established", so 00 / 10 read the same in both modes.
    let state = match s.status >> 6 {
        0 => "not established",
        1 => "listen",
        2 => "established",
        _ => "in a reserved state",
    };
    let mut t = format!("channel {} {state}", s.channel_id());
    match s.further_info {
        0x00 => {}
        0x05 => t.push_str(", link dropped"),
        x => t.push_str(&format!(", further information {x:02X}")),
    }
    t
}

/// A channel data length (TS 102 223 8.54): `FF` means more than 255.
fn length_text(n: u8) -> String {
    if n == 0xFF {
        "255 or more".to_owned()
    } else {
        n.to_string()
    }
}

fn channel_of(d: pushwake_codecs::cat::DeviceId) -> Option<String> {
    d.channel_number().map(|n| format!("channel {n}"))
}

/// `hh:mm:ss` (TS 102 223 8.38).
fn timer_text(v: &TimerValue) -> String {
    format!("{:02}:{:02}:{:02}", v.hours, v.minutes, v.seconds)
}

/// MCC and MNC of a location information object (TS 24.008 10.5.1.3 coding: MCC digit 2 | digit
/// 1, MNC digit 3 | MCC digit 3, MNC digit 2 | digit 1; MNC digit 3 `F` for a two-digit MNC),
/// then the LAC and cell identity in hex.
fn location_text(l: &LocationInformation) -> String {
    let [a, b, c] = l.mcc_mnc;
    let digit = |n: u8| char::from_digit(u32::from(n), 10);
    let mcc: Option<String> = [a & 0x0F, a >> 4, b & 0x0F]
        .into_iter()
        .map(digit)
        .collect();
    let mnc: Option<String> = [c & 0x0F, c >> 4]
        .into_iter()
        .map(digit)
        .chain((b >> 4 != 0x0F).then(|| digit(b >> 4)))
        .collect();
    let cell = pushwake_codecs::hex::encode_upper(&l.cell_id.0);
    match (mcc, mnc) {
        (Some(mcc), Some(mnc)) => format!("MCC {mcc} MNC {mnc}, LAC {:04X}, cell {cell}", l.lac),
        _ => format!(
            "PLMN {} (not BCD), LAC {:04X}, cell {cell}",
            pushwake_codecs::hex::encode_upper(&l.mcc_mnc),
            l.lac
        ),
    }
}

/// A dialling number (TS 102 223 8.1: TON/NPI, then BCD digits low nibble first, `F` filler;
/// TS 24.008 10.5.4.7: `A` `*`, `B` `#`, `C` `a`, `D` `b`, `E` `c`); `+` before an international
/// number (TON `001`).
fn number_text(a: &Address) -> String {
    let mut s = String::new();
    if (a.ton_npi >> 4) & 0x07 == 1 {
        s.push('+');
    }
    for b in &a.number.0 {
        for n in [b & 0x0F, b >> 4] {
            match n {
                0..=9 => s.push(char::from(b'0' + n)),
                0x0A => s.push('*'),
                0x0B => s.push('#'),
                0x0C => s.push('a'),
                0x0D => s.push('b'),
                0x0E => s.push('c'),
                _ => {}
            }
        }
    }
    s
}

fn ip_text(a: &[u8]) -> String {
    match a {
        [a, b, c, d] => format!("{a}.{b}.{c}.{d}"),
        other => pushwake_codecs::hex::encode_upper(other),
    }
}

/// Registry application data (TERMINAL APPLICATIONS envelope): `application type 07, port
/// 8001, name "DM Client"`. The name is shown as text for the GSM default alphabet in 8-bit
/// form (DCS `04`) when every byte is a letter, digit, space or one of `-._` (those code points
/// are the same in GSM 03.38 and ASCII); otherwise as hex with its DCS.
fn application_text(a: &RegistryApplicationData) -> String {
    let name = &a.name.0;
    let plain = name
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'.' | b'_'));
    let name = if a.dcs == 0x04 && plain {
        format!("\"{}\"", String::from_utf8_lossy(name))
    } else {
        format!(
            "{} (DCS {:02X})",
            pushwake_codecs::hex::encode_upper(name),
            a.dcs
        )
    };
    format!(
        "application type {:02X}, port {}, name {name}",
        a.application_type, a.port
    )
}
