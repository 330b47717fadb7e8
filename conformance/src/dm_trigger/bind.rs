//! The wire binding of the DM trigger model ([`pushwake_model::dm_trigger`]): every message
//! between terminal and UICC is one APDU (ETSI TS 102 221), every stimulus of the terminal's
//! environment one `event` JSON text ([`crate::dmsc::event::Event`]); see [`crate::dmsc`] for
//! the wire kinds. The test data is [`crate::dmsc::conventions`]'s.
//!
//! # Rendering (what the tester sends, and the reference form of what it expects)
//! - TERMINAL PROFILE: profile download; with BIP the class "e" commands (OPEN / CLOSE CHANNEL,
//!   RECEIVE / SEND DATA, GET CHANNEL STATUS), TCP UICC server mode, the data available and
//!   channel status events and TERMINAL APPLICATIONS (class "k"); with SMS, SEND SHORT MESSAGE
//!   (byte 4 bit 2, [`SEND_SHORT_MESSAGE`], UNVERIFIED); TIMER MANAGEMENT always
//!   ([`TIMER_MANAGEMENT`], UNVERIFIED).
//! - Proactive commands carry command number 1. The SCWS channel is OPEN CHANNEL UICC server
//!   mode `3C 03 03 10 14` (port 4116); the off-line trigger's channel is OPEN CHANNEL with
//!   transport level [`TERMINAL_SERVER_PROTOCOL`] and the DM Client's port (how terminal server
//!   mode shows on the wire is UNVERIFIED, see DMSC-7.1-TSM). The terminal assigns channel 1 to the
//!   SCWS and 2 to the trigger's channel (lowest free, [`conventions::FIRST_CHANNEL`]).
//! - The notification is a General Package #0, version 1.2, ui-mode background, initiator server,
//!   sessionid [`conventions::SESSION_ID`], ServerID [`conventions::SERVER_ID`], signed with the
//!   conventions' password and nonce ([`notification`]). The on-line trigger carries it in
//!   `TriggerSms::new` (SMS-SUBMIT to [`conventions::OWN_MSISDN`], WDP 9200 -> 2948, WSP push);
//!   the `sms` event carries it back as an SMS-DELIVER ([`sms_deliver`]).
//! - The DM packages over the SCWS are short HTTP/1.1 messages whose body is a SyncML skeleton
//!   carrying the SessionID and the MsgID (client 1: package 1, client 2: package 3 with the
//!   results; server 1: package 2 with the provisioning data, server 2: package 4). A full
//!   DM 1.2 package does not fit one APDU; this is the binding's test payload, not DM 1.2
//!   ([`dm_package`]).
//! - Negative stimuli: a malformed TLV is an alpha identifier object claiming more bytes than
//!   its parent holds; a missing mandatory object is the device identities left out; an unknown
//!   comprehension-required object is the three-byte tag [`UNKNOWN_CR_TAG`] (CR set).
//!
//! # Decoding (what an IUT sent -> model action)
//! Any spec-valid encoding is read through the codecs: command numbers, CR bits, object order
//! the codecs accept, optional objects, the host form `localhost` of the AppAddr, any error
//! status word. What names no action of the model (an ENVELOPE the model does not have, a
//! notification that is not the DM_SC Server's valid General Package #0, an OPEN CHANNEL on
//! another port) is [`AdapterError::Unmappable`]. A TERMINAL RESPONSE is read against the
//! command the terminal was given ([`DmTriggerBinding::decode_capdu`]'s `fetched`): OPEN CHANNEL
//! and SEND DATA responses cannot be told apart otherwise.

use crate::adapter::AdapterError;
use crate::binding::Binding;
use crate::dmsc::conventions as conv;
use crate::dmsc::event::Event;
use crate::vector::Wire;
use pushwake_codecs::apdu::{CommandApdu, Instruction, ResponseApdu, StatusKind, StatusWord};
use pushwake_codecs::cat::envelope::{EventDownload, TerminalApplications, TimerExpiration};
use pushwake_codecs::cat::objects::*;
use pushwake_codecs::cat::proactive::{
    CloseChannel, Details, OpenChannel, ReceiveData, SendData, SendShortMessage, SetUpEventList,
    TimerManagement,
};
use pushwake_codecs::cat::profile::Facility;
use pushwake_codecs::cat::{
    Bytes, CatObject, CommandType, DeviceId, Envelope, EventCode, GeneralResult, ProactiveCommand,
    TerminalProfile, TerminalResponse, TransportProtocol,
};
use pushwake_codecs::hex;
use pushwake_codecs::pkg0::{self, Digest, Initiator, Package0, UiMode, Version};
use pushwake_codecs::sms::{self, TriggerSms};
use pushwake_model::dm_trigger::{
    Action, CApdu, Corruption, DmClient, DmPkg, DmTriggerModel, Notification, ProCmd, Profile,
    RApdu, SmsOrigin, State, TrResult,
};
use pushwake_model::{Direction, LabelledModel};

/// The wire kinds of this binding (see [`crate::dmsc`]).
pub mod kind {
    /// A command APDU, hex.
    pub const APDU: &str = "apdu";
    /// A response APDU (data, SW1 SW2), hex.
    pub const RAPDU: &str = "rapdu";
    /// An environment stimulus of the terminal, JSON text.
    pub const EVENT: &str = "event";
}

/// TERMINAL PROFILE: SEND SHORT MESSAGE (byte 4 bit 2). UNVERIFIED: TS 102 223 5.2 was not read;
/// the byte and bit follow the 3GPP TS 31.111 profile layout as commonly transcribed.
pub const SEND_SHORT_MESSAGE: Facility = Facility {
    byte: 4,
    bit: 2,
    name: "SEND SHORT MESSAGE",
};
/// TERMINAL PROFILE: timer expiration (byte 1 bit 6). UNVERIFIED, as above.
pub const TIMER_EXPIRATION: Facility = Facility {
    byte: 1,
    bit: 6,
    name: "timer expiration",
};
/// TERMINAL PROFILE: SET UP EVENT LIST (byte 5 bit 1). UNVERIFIED, as above.
pub const SET_UP_EVENT_LIST: Facility = Facility {
    byte: 5,
    bit: 1,
    name: "SET UP EVENT LIST",
};
/// TERMINAL PROFILE: TIMER MANAGEMENT start / stop (byte 8 bit 1). UNVERIFIED, as above.
pub const TIMER_MANAGEMENT: Facility = Facility {
    byte: 8,
    bit: 1,
    name: "TIMER MANAGEMENT (start, stop)",
};
/// The transport protocol the binding renders for OPEN CHANNEL in terminal server mode.
/// UNVERIFIED (TS 102 223 Rel-7+ not read): `07` is the first value after those of
/// specs/cat-bip.md; decoding accepts any value other than `01`-`06` on the DM Client's port.
pub const TERMINAL_SERVER_PROTOCOL: TransportProtocol = TransportProtocol(0x07);
/// The originator of the remote trigger's SMS (our choice: a test-network number).
pub const REMOTE_ORIGINATOR: &str = "+15555550199";
/// The version of an invalid notification of [`Notification::WrongVersion`] (10 bits, all set).
pub const WRONG_VERSION: Version = Version(0x3FF);
/// The three-byte COMPREHENSION-TLV tag of the unknown comprehension-required object: `7F`, then
/// CR set and tag value `07FF` (TS 101 220 7.1.1.2; no value assigned in TS 102 223 9.3).
pub const UNKNOWN_CR_TAG: [u8; 3] = [0x7F, 0x87, 0xFF];
/// The SMS-DELIVER service centre time stamp: 2026-01-01 00:00:00, time zone 0 (TS 23.040
/// 9.2.3.11, semi-octets swapped).
pub const SCTS: [u8; 7] = [0x62, 0x10, 0x10, 0x00, 0x00, 0x00, 0x00];
/// How many bytes of a DM package one part carries ([`ProCmd::SendDmPart`], [`DmPkg::Part`]).
pub const PART_BYTES: usize = 40;

/// Part `k` of `bytes` ([`PART_BYTES`] each), and the rest from part `k` on when `last`.
fn part_of(bytes: &[u8], k: u8, last: bool) -> Vec<u8> {
    let from = usize::from(k).saturating_mul(PART_BYTES).min(bytes.len());
    let rest = bytes.get(from..).unwrap_or_default();
    if last {
        rest.to_vec()
    } else {
        rest.get(..PART_BYTES.min(rest.len()))
            .unwrap_or_default()
            .to_vec()
    }
}

/// The proactive command number the binding renders.
pub const COMMAND_NUMBER: u8 = 1;

/// The binding.
#[derive(Clone, Copy, Debug, Default)]
pub struct DmTriggerBinding;

/// What decoding one APDU needs from the exchange so far (an adapter keeps it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodeContext {
    /// The command the terminal was last given: a TERMINAL RESPONSE of its type answers it
    /// (OPEN CHANNEL and SEND DATA responses cannot be told apart otherwise).
    pub fetched: Option<ProCmd>,
    /// The parts of the DM package under way (SEND DATA stored in the Tx buffer, RECEIVE DATA
    /// with bytes remaining): a package is read when its last part comes.
    pub prefix: Vec<u8>,
}

impl DecodeContext {
    /// The context of `action` in `state` as this binding renders it (for tests; adapters keep
    /// their own from what actually crossed).
    pub fn rendered(state: &State, action: &Action) -> Self {
        let fetched = state.terminal.fetched.map(|f| f.cmd).or(state.uicc.open);
        let prefix = match *action {
            Action::Send {
                apdu: CApdu::Response {
                    data: Some(pkg), ..
                },
            } if pkg != DmPkg::Part => {
                let whole = dm_package(pkg);
                whole
                    .get(..usize::from(state.terminal.parts) * PART_BYTES)
                    .unwrap_or_default()
                    .to_vec()
            }
            Action::Receive {
                apdu: CApdu::Response {
                    data: Some(pkg), ..
                },
                ..
            } if pkg != DmPkg::Part => dm_package(pkg)
                .get(..usize::from(state.uicc.rx_parts) * PART_BYTES)
                .unwrap_or_default()
                .to_vec(),
            Action::Answer {
                rapdu:
                    RApdu::Command {
                        cmd: ProCmd::SendDm { pkg },
                    },
            }
            | Action::Deliver {
                rapdu:
                    RApdu::Command {
                        cmd: ProCmd::SendDm { pkg },
                    },
                ..
            } => dm_package(pkg)
                .get(..usize::from(state.uicc.parts) * PART_BYTES)
                .unwrap_or_default()
                .to_vec(),
            _ => Vec::new(),
        };
        Self { fetched, prefix }
    }
}

fn unmappable(reason: impl Into<String>, wire: Option<&Wire>) -> AdapterError {
    AdapterError::Unmappable {
        reason: reason.into(),
        wire: wire.cloned(),
    }
}

fn hex_wire(kind: &str, bytes: &[u8]) -> Wire {
    Wire {
        kind: kind.to_owned(),
        content_type: None,
        text: None,
        hex: Some(hex::encode_lower(bytes)),
    }
}

const fn terminal_to_uicc() -> DeviceIdentities {
    DeviceIdentities {
        source: DeviceId::TERMINAL,
        destination: DeviceId::UICC,
        cr: true,
    }
}

const fn uicc_to(destination: DeviceId) -> DeviceIdentities {
    DeviceIdentities {
        source: DeviceId::UICC,
        destination,
        cr: true,
    }
}

// -------------------------------------------------------------------------------------------
// Test data: the notification, the SMS, the DM packages.

/// The General Package #0 a notification of kind `n` is.
pub fn notification(n: Notification) -> Package0 {
    let server = if n == Notification::OtherServer {
        conv::OTHER_SERVER_ID
    } else {
        conv::SERVER_ID
    };
    let package = Package0 {
        digest: Digest([0; pkg0::DIGEST_LEN]),
        version: if n == Notification::WrongVersion {
            WRONG_VERSION
        } else {
            Version::V12
        },
        ui_mode: UiMode::BACKGROUND,
        initiator: Initiator::SERVER,
        future_use: 0,
        session_id: conv::SESSION_ID,
        server_identifier: server.to_owned(),
        vendor_specific: Vec::new(),
    };
    let mut signed = package
        .clone()
        .signed(conv::SERVER_PASSWORD, conv::SERVER_NONCE)
        .unwrap_or(package);
    if n == Notification::BadDigest {
        signed.digest.0[0] ^= 0xFF;
    }
    signed
}

/// The bytes of [`notification`] (empty if it cannot be encoded, which the values above rule out).
pub fn notification_bytes(n: Notification) -> Vec<u8> {
    notification(n).encode().unwrap_or_default()
}

/// How the DM Client judges a General Package #0 (DM_SC TS 7.1 step 3, DM Notification 1.2).
pub fn judge(package: &Package0) -> Notification {
    if package.server_identifier != conv::SERVER_ID {
        return Notification::OtherServer;
    }
    if !pkg0::DM12_VERSIONS.contains(&package.version) {
        return Notification::WrongVersion;
    }
    let verified = package.encode().ok().is_some_and(|bytes| {
        pkg0::verify_digest(
            &bytes,
            package.server_identifier.as_bytes(),
            conv::SERVER_PASSWORD,
            conv::SERVER_NONCE,
        )
        .is_ok()
    });
    if verified {
        Notification::Valid
    } else {
        Notification::BadDigest
    }
}

/// An E.164 number as TS 23.040 address digits (without `+`).
fn digits(number: &str) -> String {
    number.trim_start_matches('+').to_owned()
}

/// The on-line trigger's SMS-SUBMIT TPDU (DM_SC TS 7.2).
pub fn sms_submit() -> Vec<u8> {
    TriggerSms::new(
        sms::Address {
            type_of_address: 0x91,
            digits: digits(conv::OWN_MSISDN),
        },
        notification(Notification::Valid),
    )
    .encode()
    .unwrap_or_default()
}

/// Semi-octet address field (TS 23.040 9.1.2.5): digit count, type of address, swapped BCD.
fn address_field(number: &str) -> Vec<u8> {
    let d: Vec<u8> = digits(number)
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let mut out = vec![u8::try_from(d.len()).unwrap_or(0), 0x91];
    for pair in d.chunks(2) {
        let lo = pair.first().copied().unwrap_or(0xF);
        let hi = pair.get(1).copied().unwrap_or(0xF);
        out.push(lo | (hi << 4));
    }
    out
}

/// An SMS-DELIVER (TS 23.040 9.2.2.1) from `originator` carrying the notification `n` the way
/// the on-line trigger's SMS-SUBMIT carries it (same TP-PID, TP-DCS, user data header and WSP
/// push): what the `sms` event hands the terminal.
pub fn sms_deliver(originator: &str, n: Notification) -> Vec<u8> {
    sms_deliver_of(originator, notification(n)).unwrap_or_default()
}

/// An SMS-DELIVER from `originator` carrying `package` (see [`sms_deliver`]).
pub fn sms_deliver_of(originator: &str, package: Package0) -> Result<Vec<u8>, String> {
    let submit = TriggerSms::new(
        sms::Address {
            type_of_address: 0x91,
            digits: digits(conv::OWN_MSISDN),
        },
        package,
    );
    let bytes = submit.encode().map_err(|e| e.to_string())?;
    // SMS-SUBMIT: first octet, TP-MR, TP-DA, TP-PID, TP-DCS, (no TP-VP), TP-UDL, TP-UD.
    let da_len = 2 + usize::from(bytes.get(2).copied().unwrap_or(0)).div_ceil(2);
    let rest = bytes.get(2 + da_len..).unwrap_or_default();
    let (Some(pid), Some(dcs), Some(ud)) = (rest.first(), rest.get(1), rest.get(2..)) else {
        return Err("SMS-SUBMIT shorter than its header".to_owned());
    };
    // TP-MTI 00 (deliver), TP-MMS (no more messages), TP-UDHI.
    let mut out = vec![0x44];
    out.extend(address_field(originator));
    out.extend([*pid, *dcs]);
    out.extend(SCTS);
    out.extend_from_slice(ud);
    Ok(out)
}

/// Read an SMS-DELIVER carrying a DM notification: its originator and the notification.
pub fn read_sms_deliver(tpdu: &[u8]) -> Result<(String, Package0), String> {
    let first = *tpdu.first().ok_or("empty SMS-DELIVER")?;
    if first & 0x03 != 0x00 {
        return Err(format!("TP-MTI {} is not SMS-DELIVER at byte 0", first & 3));
    }
    let n_digits = usize::from(
        *tpdu
            .get(1)
            .ok_or("SMS-DELIVER truncated in TP-OA at byte 1")?,
    );
    let oa_end = 3 + n_digits.div_ceil(2);
    let oa = tpdu.get(1..oa_end).ok_or(format!(
        "SMS-DELIVER truncated in TP-OA at byte {}",
        tpdu.len()
    ))?;
    let mut number = String::from("+");
    for b in oa.get(2..).unwrap_or_default() {
        for nibble in [b & 0x0F, b >> 4] {
            if nibble <= 9 && number.len() <= n_digits {
                number.push(char::from(b'0' + nibble));
            }
        }
    }
    let rest = tpdu.get(oa_end..).unwrap_or_default();
    let (Some(pid), Some(dcs), Some(ud)) = (rest.first(), rest.get(1), rest.get(9..)) else {
        return Err(format!(
            "SMS-DELIVER truncated after TP-OA at byte {oa_end}"
        ));
    };
    // The same user data as an SMS-SUBMIT (TP-UDHI), so the trigger codec reads it.
    let mut submit = vec![0x41, 0x00];
    submit.extend_from_slice(oa);
    submit.extend([*pid, *dcs]);
    submit.extend_from_slice(ud);
    let trigger = TriggerSms::decode(&submit).map_err(|e| format!("SMS user data: {e}"))?;
    Ok((number, trigger.notification))
}

/// The SessionID of the DM session: the notification's sessionid, uppercase hex without leading
/// zeros (DMNOTI-SESSIONID).
pub fn session_id_text() -> String {
    format!("{:X}", conv::SESSION_ID)
}

/// The HTTP message a DM package is (see the module doc). Client packages are requests to the
/// AppAddr's path with the AppAddr's authority as Host; server packages are `200 OK` responses.
pub fn dm_package(pkg: DmPkg) -> Vec<u8> {
    let (msg_id, content, client) = match pkg {
        // A part is cut from the package under way ([`part_of`]); alone it renders as package 1.
        DmPkg::ClientInit | DmPkg::Part => (1, "<Alert>1200</Alert>", true),
        DmPkg::Results => (2, "<Results/>", true),
        DmPkg::Provisioning => (1, "<Replace/>", false),
        DmPkg::Final => (2, "<Status/>", false),
        DmPkg::Misaddressed => (1, "<Alert>1200</Alert>", true),
        DmPkg::WrongSession => (1, "<Alert>1200</Alert>", true),
    };
    let sid = if pkg == DmPkg::WrongSession {
        "FFFF".to_owned()
    } else {
        session_id_text()
    };
    let body = format!(
        "<SyncML><SyncHdr><SessionID>{sid}</SessionID><MsgID>{msg_id}</MsgID></SyncHdr>\
         <SyncBody>{content}<Final/></SyncBody></SyncML>"
    );
    let host = if pkg == DmPkg::Misaddressed {
        "127.0.0.1:80"
    } else {
        "127.0.0.1:4116"
    };
    let head = if client {
        format!(
            "POST /OMA/DM HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
    } else {
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len())
    };
    format!("{head}{body}").into_bytes()
}

fn element<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = body.find(&open)? + open.len();
    let len = body.get(start..)?.find(&close)?;
    body.get(start..start + len)
}

/// Whether `host` (an HTTP authority) is the DM_SC Server's over BIP / IPv4 (DM_SC TS 8.1
/// table 2; `localhost` per its note 1).
fn is_scws_authority(host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    host == format!("127.0.0.1:{}", conv::SCWS_PORT)
        || host == format!("localhost:{}", conv::SCWS_PORT)
}

/// Read a DM Client package (an HTTP request): which package, or a misaddressed one or one of
/// another session.
pub fn read_client_package(bytes: &[u8]) -> Result<DmPkg, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("DM package is not UTF-8 at byte {}", e.valid_up_to()))?;
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("DM package: no end of the HTTP header")?;
    let mut lines = head.split("\r\n");
    let request = lines.next().unwrap_or_default();
    let mut parts = request.split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    if method != "POST" {
        return Err(format!("DM package: HTTP method {method:?}, not POST"));
    }
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let addressed = if let Some(rest) = target.strip_prefix("https://") {
        rest.split_once('/')
            .is_some_and(|(auth, path)| is_scws_authority(auth) && path == "OMA/DM")
    } else {
        target == "/OMA/DM" && is_scws_authority(&host)
    };
    if !addressed {
        return Ok(DmPkg::Misaddressed);
    }
    if element(body, "SessionID") != Some(session_id_text().as_str()) {
        return Ok(DmPkg::WrongSession);
    }
    // Package 3 answers package 2's commands (a Status for Replace, or Results); package 1
    // alerts (OMA DM 1.2 server-initiated session, Alert 1200).
    if body.contains("<Cmd>Replace</Cmd>") || body.contains("<Results") {
        Ok(DmPkg::Results)
    } else if body.contains("<Alert") {
        Ok(DmPkg::ClientInit)
    } else {
        Err(
            "DM client package neither alerts (package 1) nor answers commands (package 3)"
                .to_owned(),
        )
    }
}

/// What the first bytes of a DM Client package already show: [`DmPkg::Misaddressed`] once its
/// request line and Host are in, [`DmPkg::WrongSession`] once its SessionID is, else a part.
pub fn judge_client_part(sofar: &[u8]) -> DmPkg {
    let text = String::from_utf8_lossy(sofar);
    if let Some((head, body)) = text.split_once("\r\n\r\n") {
        let probe = format!(
            "{head}\r\n\r\n<SessionID>{}</SessionID><Alert/>",
            session_id_text()
        );
        if read_client_package(probe.as_bytes()) == Ok(DmPkg::Misaddressed) {
            return DmPkg::Misaddressed;
        }
        if let Some(sid) = element(body, "SessionID")
            && sid != session_id_text()
        {
            return DmPkg::WrongSession;
        }
    }
    DmPkg::Part
}

/// Read a DM_SC Server package (an HTTP response).
pub fn read_server_package(bytes: &[u8]) -> Result<DmPkg, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("DM package is not UTF-8 at byte {}", e.valid_up_to()))?;
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("DM package: no end of the HTTP header")?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!(
            "DM server package: status line {:?}",
            head.lines().next().unwrap_or_default()
        ));
    }
    // Package 2 carries management commands (the provisioning data); package 4 none.
    if ["<Replace", "<Add"].iter().any(|c| body.contains(c)) {
        Ok(DmPkg::Provisioning)
    } else {
        Ok(DmPkg::Final)
    }
}

// -------------------------------------------------------------------------------------------
// Proactive commands.

fn details(qualifier: u8) -> Details {
    Details {
        number: COMMAND_NUMBER,
        qualifier,
        cr: true,
    }
}

/// The channel a command of the model goes to.
const fn channel_of(cmd: ProCmd) -> DeviceId {
    match cmd {
        ProCmd::SendNotification | ProCmd::CloseTsm => DeviceId::CHANNEL_2,
        _ => DeviceId::CHANNEL_1,
    }
}

/// The DM Client package a RECEIVE DATA in `state` reads.
fn waiting_package(state: &State) -> DmPkg {
    match state.terminal.dm {
        DmClient::ResultsSent | DmClient::Results => DmPkg::Results,
        _ => DmPkg::ClientInit,
    }
}

fn open_channel(transport_level: TransportLevel) -> OpenChannel {
    OpenChannel {
        details: details(0x00),
        device_identities: uicc_to(DeviceId::TERMINAL),
        alpha_identifier: None,
        address: None,
        bearer_description: None,
        buffer_size: BufferSize {
            size: conv::BUFFER_SIZE,
            cr: true,
        },
        network_access_name: None,
        local_address: None,
        user_login: None,
        user_password: None,
        transport_level: Some(transport_level),
        data_destination_address: None,
        extra: Vec::new(),
    }
}

/// The DM_SC Server package a SEND DATA on channel 1 in `state` carries, and how many parts
/// of it went before. `delivered`: `state` is the terminal's, after the UICC answered.
fn server_package(cmd: ProCmd, state: &State, delivered: bool) -> (DmPkg, u8) {
    let u = &state.uicc;
    let whole = |c: Option<&ProCmd>| match c {
        Some(ProCmd::SendDm { pkg }) => Some(*pkg),
        _ => None,
    };
    match cmd {
        ProCmd::SendDm { pkg } => (pkg, u.parts),
        _ => {
            let pkg = whole(u.open.as_ref())
                .or(whole(u.queue.first()))
                .unwrap_or(DmPkg::Provisioning);
            (
                pkg,
                if delivered {
                    u.parts.saturating_sub(1)
                } else {
                    u.parts
                },
            )
        }
    }
}

/// The proactive command `cmd` is, sent in `state` (for RECEIVE DATA's length and the part of a
/// DM package), carrying `notification` instead of the DM_SC Server's valid one where given.
/// `delivered`: `state` is the one after the UICC answered (the terminal's view).
pub fn proactive(
    cmd: ProCmd,
    state: &State,
    notification: Option<Notification>,
    delivered: bool,
) -> ProactiveCommand {
    match cmd {
        ProCmd::SetUpEventList => ProactiveCommand::SetUpEventList(SetUpEventList {
            details: details(0x00),
            device_identities: uicc_to(DeviceId::TERMINAL),
            event_list: EventList {
                events: vec![EventCode::DATA_AVAILABLE, EventCode::CHANNEL_STATUS],
                cr: true,
            },
            extra: Vec::new(),
        }),
        ProCmd::OpenScws => ProactiveCommand::OpenChannel(open_channel(TransportLevel {
            protocol: TransportProtocol::TCP_UICC_SERVER,
            port: Some(conv::SCWS_PORT),
            cr: true,
        })),
        ProCmd::OpenTsm => ProactiveCommand::OpenChannel(open_channel(TransportLevel {
            protocol: TERMINAL_SERVER_PROTOCOL,
            port: Some(conv::DM_CLIENT_PORT),
            cr: true,
        })),
        ProCmd::StartTimer => ProactiveCommand::TimerManagement(TimerManagement {
            details: details(0x00),
            device_identities: uicc_to(DeviceId::TERMINAL),
            timer_identifier: TimerIdentifier {
                id: conv::WAKEUP_TIMER_ID,
                cr: true,
            },
            timer_value: Some(timer_value()),
            extra: Vec::new(),
        }),
        ProCmd::SendNotification | ProCmd::SendDm { .. } | ProCmd::SendDmPart => {
            let data = match cmd {
                ProCmd::SendNotification => {
                    notification_bytes(notification.unwrap_or(Notification::Valid))
                }
                _ => {
                    let (pkg, k) = server_package(cmd, state, delivered);
                    part_of(&dm_package(pkg), k, cmd != ProCmd::SendDmPart)
                }
            };
            // TS 102 223 6.6.30 qualifier b1: 1 send immediately, 0 store in the Tx buffer.
            let qualifier = u8::from(cmd != ProCmd::SendDmPart);
            ProactiveCommand::SendData(SendData {
                details: details(qualifier),
                device_identities: uicc_to(channel_of(cmd)),
                alpha_identifier: None,
                channel_data: ChannelData {
                    data: Bytes(data),
                    cr: true,
                },
                extra: Vec::new(),
            })
        }
        ProCmd::CloseTsm => ProactiveCommand::CloseChannel(CloseChannel {
            details: details(0x00),
            device_identities: uicc_to(DeviceId::CHANNEL_2),
            alpha_identifier: None,
            extra: Vec::new(),
        }),
        ProCmd::SendSms => ProactiveCommand::SendShortMessage(SendShortMessage {
            details: details(0x00),
            device_identities: uicc_to(DeviceId::NETWORK),
            alpha_identifier: None,
            address: None,
            sms_tpdu: SmsTpdu {
                tpdu: Bytes(sms_submit()),
                cr: true,
            },
            extra: Vec::new(),
        }),
        ProCmd::ReceiveData => ProactiveCommand::ReceiveData(ReceiveData {
            details: details(0x00),
            device_identities: uicc_to(DeviceId::CHANNEL_1),
            alpha_identifier: None,
            channel_data_length: ChannelDataLength {
                length: u8::try_from(dm_package(waiting_package(state)).len()).unwrap_or(0xFF),
                cr: true,
            },
            extra: Vec::new(),
        }),
    }
}

fn timer_value() -> TimerValue {
    let s = conv::WAKEUP_TIMER_SECS;
    TimerValue {
        hours: u8::try_from(s / 3600).unwrap_or(0),
        minutes: u8::try_from(s / 60 % 60).unwrap_or(0),
        seconds: u8::try_from(s % 60).unwrap_or(0),
        cr: true,
    }
}

/// The command type `cmd` is sent as.
const fn command_type(cmd: ProCmd) -> CommandType {
    match cmd {
        ProCmd::SetUpEventList => CommandType::SET_UP_EVENT_LIST,
        ProCmd::OpenScws | ProCmd::OpenTsm => CommandType::OPEN_CHANNEL,
        ProCmd::StartTimer => CommandType::TIMER_MANAGEMENT,
        ProCmd::SendNotification | ProCmd::SendDm { .. } | ProCmd::SendDmPart => {
            CommandType::SEND_DATA
        }
        ProCmd::CloseTsm => CommandType::CLOSE_CHANNEL,
        ProCmd::SendSms => CommandType::SEND_SHORT_MESSAGE,
        ProCmd::ReceiveData => CommandType::RECEIVE_DATA,
    }
}

/// The command details a TERMINAL RESPONSE to `cmd` echoes (as [`proactive`] renders it).
fn echo(cmd: ProCmd, state: &State) -> CommandDetails {
    let qualifier = match proactive(cmd, state, None, true) {
        ProactiveCommand::SendData(s) => s.details.qualifier,
        _ => 0x00,
    };
    CommandDetails {
        number: COMMAND_NUMBER,
        command_type: command_type(cmd),
        qualifier,
        cr: true,
    }
}

/// Split our own rendered COMPREHENSION-TLVs at the top level (1-byte or three-byte tags,
/// lengths `00`-`7F` or `81 xx`): the pieces, in order. Only ever run on bytes this binding
/// rendered; anything else ends the split.
fn split_ctlvs(mut b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let tag_len = if b.first() == Some(&0x7F) { 3 } else { 1 };
        let (len, len_len) = match b.get(tag_len) {
            Some(0x81) => (b.get(tag_len + 1).map(|l| usize::from(*l)), 2),
            Some(l) if *l < 0x80 => (Some(usize::from(*l)), 1),
            _ => (None, 0),
        };
        let Some(len) = len else { break };
        let end = tag_len + len_len + len;
        let Some((piece, rest)) = b.split_at_checked(end) else {
            break;
        };
        out.push(piece);
        b = rest;
    }
    out
}

/// `objects` with `corruption` applied (see the module doc).
fn corrupt_objects(objects: &[u8], corruption: Corruption) -> Vec<u8> {
    match corruption {
        Corruption::MalformedTlv => {
            let mut out = objects.to_vec();
            // Alpha identifier (CR set) claiming 5 bytes, of which 1 is there.
            out.extend([0x85, 0x05, 0x41]);
            out
        }
        Corruption::MissingMandatory => split_ctlvs(objects)
            .into_iter()
            .filter(|o| o.first().map(|t| t & 0x7F) != Some(0x02))
            .flatten()
            .copied()
            .collect(),
        Corruption::UnknownCr => {
            let mut out = objects.to_vec();
            out.extend(UNKNOWN_CR_TAG);
            out.extend([0x01, 0x00]);
            out
        }
        // Not a coding corruption: `proactive_bytes` builds that command itself.
        Corruption::UnregisteredPort => objects.to_vec(),
    }
}

/// A BER-TLV (tag `tag`, value `value`), length in its minimal form.
fn ber(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match u8::try_from(value.len()) {
        Ok(l) if l < 0x80 => out.push(l),
        Ok(l) => out.extend([0x81, l]),
        Err(_) => out.extend([0x82, 0xFF, 0xFF]),
    }
    out.extend_from_slice(value);
    out
}

/// A BER-TLV with its value corrupted.
fn corrupt_ber(bytes: &[u8], corruption: Corruption) -> Vec<u8> {
    let (Some(tag), Some(len)) = (bytes.first(), bytes.get(1)) else {
        return bytes.to_vec();
    };
    let skip = if *len == 0x81 { 3 } else { 2 };
    ber(
        *tag,
        &corrupt_objects(bytes.get(skip..).unwrap_or_default(), corruption),
    )
}

/// The port of the negative stimulus [`Corruption::UnregisteredPort`]: one above the DM Client's
/// (`conv::DM_CLIENT_PORT`), a port the terminal registered for no application (the DM Client is
/// its only terminal application in these suites).
pub const UNREGISTERED_PORT: u16 = conv::DM_CLIENT_PORT + 1;

/// The bytes of proactive command `cmd` in `state`, as the terminal receives it.
pub fn proactive_bytes(
    cmd: ProCmd,
    state: &State,
    corruption: Option<Corruption>,
    notification: Option<Notification>,
    delivered: bool,
) -> Vec<u8> {
    if corruption == Some(Corruption::UnregisteredPort) && cmd == ProCmd::OpenTsm {
        return ProactiveCommand::OpenChannel(open_channel(TransportLevel {
            protocol: TERMINAL_SERVER_PROTOCOL,
            port: Some(UNREGISTERED_PORT),
            cr: true,
        }))
        .encode()
        .unwrap_or_default();
    }
    let bytes = proactive(cmd, state, notification, delivered)
        .encode()
        .unwrap_or_default();
    match corruption {
        Some(c) => corrupt_ber(&bytes, c),
        None => bytes,
    }
}

/// The model command a proactive command stands for; `prefix` is what the parts of the DM
/// package a SEND DATA ends carried before it.
pub fn command_from(pc: &ProactiveCommand, prefix: &[u8]) -> Result<ProCmd, String> {
    match pc {
        ProactiveCommand::SetUpEventList(s) => {
            let events = &s.event_list.events;
            if events.contains(&EventCode::DATA_AVAILABLE)
                && events.contains(&EventCode::CHANNEL_STATUS)
            {
                Ok(ProCmd::SetUpEventList)
            } else {
                Err(format!(
                    "SET UP EVENT LIST without data available and channel status: {events:?}"
                ))
            }
        }
        ProactiveCommand::OpenChannel(o) => {
            let t = o
                .transport_level
                .as_ref()
                .ok_or("OPEN CHANNEL without a UICC/terminal interface transport level")?;
            if t.protocol == TransportProtocol::TCP_UICC_SERVER {
                if t.port == Some(conv::SCWS_PORT) {
                    Ok(ProCmd::OpenScws)
                } else {
                    Err(format!(
                        "OPEN CHANNEL UICC server mode on port {:?}, not 4116",
                        t.port
                    ))
                }
            } else if t.protocol.0 > 0x06 && t.port == Some(conv::DM_CLIENT_PORT) {
                Ok(ProCmd::OpenTsm)
            } else {
                Err(format!(
                    "OPEN CHANNEL with transport protocol {:?} port {:?}: neither the SCWS nor terminal server mode on the DM Client's port",
                    t.protocol, t.port
                ))
            }
        }
        ProactiveCommand::TimerManagement(t) => {
            if t.details.qualifier == 0x00 && t.timer_identifier.id == conv::WAKEUP_TIMER_ID {
                Ok(ProCmd::StartTimer)
            } else {
                Err(format!(
                    "TIMER MANAGEMENT qualifier {:02X} timer {}: not the start of timer {}",
                    t.details.qualifier,
                    t.timer_identifier.id,
                    conv::WAKEUP_TIMER_ID
                ))
            }
        }
        ProactiveCommand::SendData(s) => {
            let data = &s.channel_data.data.0;
            if s.details.qualifier & 0x01 == 0 {
                // Stored in the Tx buffer: a part of a DM package, more to come; its status
                // line, once in, must say 200.
                let mut sofar = prefix.to_vec();
                sofar.extend_from_slice(data);
                let head = String::from_utf8_lossy(&sofar);
                match head.split_once("\r\n") {
                    Some((line, _)) if !line.starts_with("HTTP/1.1 200") => {
                        Err(format!("DM server package: status line {line:?}"))
                    }
                    _ => Ok(ProCmd::SendDmPart),
                }
            } else if !prefix.is_empty() || data.starts_with(b"HTTP/") {
                let mut whole = prefix.to_vec();
                whole.extend_from_slice(data);
                read_server_package(&whole).map(|pkg| ProCmd::SendDm { pkg })
            } else {
                let p = Package0::decode(data).map_err(|e| {
                    format!("SEND DATA application data is not a General Package #0: {e}")
                })?;
                match judge(&p) {
                    Notification::Valid => Ok(ProCmd::SendNotification),
                    n => Err(format!(
                        "SEND DATA carries an invalid notification ({n:?}): the DM_SC Server's must be valid"
                    )),
                }
            }
        }
        ProactiveCommand::CloseChannel(c) => {
            if c.device_identities.destination == DeviceId::CHANNEL_2 {
                Ok(ProCmd::CloseTsm)
            } else {
                Err(format!(
                    "CLOSE CHANNEL of {:?}, not the trigger's channel 2",
                    c.device_identities.destination
                ))
            }
        }
        ProactiveCommand::SendShortMessage(s) => {
            let t = TriggerSms::decode(&s.sms_tpdu.tpdu.0)
                .map_err(|e| format!("SEND SHORT MESSAGE TPDU is not a DM trigger SMS: {e}"))?;
            if t.tpdu.destination_address.digits != digits(conv::OWN_MSISDN) {
                return Err(format!(
                    "SEND SHORT MESSAGE to {}, not the device's own number",
                    t.tpdu.destination_address.digits
                ));
            }
            match judge(&t.notification) {
                Notification::Valid => Ok(ProCmd::SendSms),
                n => Err(format!(
                    "SEND SHORT MESSAGE carries an invalid notification ({n:?})"
                )),
            }
        }
        ProactiveCommand::ReceiveData(_) => Ok(ProCmd::ReceiveData),
        other => Err(format!(
            "proactive command {other:?} is not in the DM trigger model"
        )),
    }
}

// -------------------------------------------------------------------------------------------
// Command APDUs.

/// The TERMINAL PROFILE of `profile`.
pub fn terminal_profile(profile: Profile) -> TerminalProfile {
    let mut f = vec![
        Facility::PROFILE_DOWNLOAD,
        TIMER_EXPIRATION,
        TIMER_MANAGEMENT,
    ];
    if profile.bip {
        f.extend([
            SET_UP_EVENT_LIST,
            Facility::EVENT_DATA_AVAILABLE,
            Facility::EVENT_CHANNEL_STATUS,
            Facility::OPEN_CHANNEL,
            Facility::CLOSE_CHANNEL,
            Facility::RECEIVE_DATA,
            Facility::SEND_DATA,
            Facility::GET_CHANNEL_STATUS,
            Facility::TCP_UICC_SERVER,
            Facility::TERMINAL_APPLICATIONS,
        ]);
    }
    if profile.sms {
        f.push(SEND_SHORT_MESSAGE);
    }
    TerminalProfile::with(&f)
}

/// What a TERMINAL PROFILE declares, as the model tells profiles apart.
pub fn profile_of(p: &TerminalProfile) -> Profile {
    Profile {
        bip: [
            Facility::OPEN_CHANNEL,
            Facility::CLOSE_CHANNEL,
            Facility::RECEIVE_DATA,
            Facility::SEND_DATA,
            Facility::TCP_UICC_SERVER,
            Facility::TERMINAL_APPLICATIONS,
        ]
        .into_iter()
        .all(|f| p.supports(f)),
        sms: p.supports(SEND_SHORT_MESSAGE),
    }
}

/// The DM Client's registry application data (DM_SC TS 7.1 step 1).
pub fn dm_client_registry() -> RegistryApplicationData {
    RegistryApplicationData {
        port: conv::DM_CLIENT_PORT,
        dcs: conv::DM_CLIENT_NAME_DCS,
        application_type: conv::DM_CLIENT_APPLICATION_TYPE,
        name: Bytes(conv::DM_CLIENT_NAME.as_bytes().to_vec()),
        // specs/cat-bip.md writes the object `71` (CR clear); decoding accepts either.
        cr: false,
    }
}

fn envelope_bytes(apdu: CApdu, state: &State) -> Vec<u8> {
    let env = match apdu {
        CApdu::Register {
            app_type_07,
            port_unique,
        } => {
            let mut dm = dm_client_registry();
            if !app_type_07 {
                dm.application_type = 0x01;
            }
            // Another application first (a browser on the next port): the DM Client is found
            // by its application type, not by its place (DMSC-7.1-APPTYPE).
            let mut applications = vec![
                RegistryApplicationData {
                    port: conv::DM_CLIENT_PORT.wrapping_add(1),
                    application_type: 0x01,
                    name: Bytes(b"Browser".to_vec()),
                    ..dm.clone()
                },
                dm.clone(),
            ];
            if !port_unique {
                applications.push(RegistryApplicationData {
                    application_type: 0x01,
                    name: Bytes(b"Other".to_vec()),
                    ..dm
                });
            }
            Envelope::TerminalApplications(TerminalApplications {
                device_identities: terminal_to_uicc(),
                applications,
                last_envelope: None,
                extra: Vec::new(),
            })
        }
        CApdu::TimerExpiration => Envelope::TimerExpiration(TimerExpiration {
            device_identities: terminal_to_uicc(),
            timer_identifier: TimerIdentifier {
                id: conv::WAKEUP_TIMER_ID,
                cr: true,
            },
            timer_value: timer_value(),
            extra: Vec::new(),
        }),
        CApdu::DataAvailable => {
            let pkg = match state.terminal.dm {
                DmClient::Results | DmClient::ResultsSent => DmPkg::Results,
                _ => DmPkg::ClientInit,
            };
            Envelope::EventDownload(EventDownload {
                event_list: EventList {
                    events: vec![EventCode::DATA_AVAILABLE],
                    cr: true,
                },
                device_identities: terminal_to_uicc(),
                objects: vec![
                    // Channel 1, UICC server mode, TCP ESTABLISHED.
                    CatObject::ChannelStatus(ChannelStatus {
                        status: 0x80 | conv::FIRST_CHANNEL,
                        further_info: 0x00,
                        cr: true,
                    }),
                    CatObject::ChannelDataLength(ChannelDataLength {
                        length: u8::try_from(dm_package(pkg).len()).unwrap_or(0xFF),
                        cr: true,
                    }),
                ],
            })
        }
        CApdu::LinkDropped => Envelope::EventDownload(EventDownload {
            event_list: EventList {
                events: vec![EventCode::CHANNEL_STATUS],
                cr: true,
            },
            device_identities: terminal_to_uicc(),
            objects: vec![CatObject::ChannelStatus(ChannelStatus {
                status: 0x02,
                further_info: 0x05,
                cr: true,
            })],
        }),
        CApdu::ScwsStatus { established } => Envelope::EventDownload(EventDownload {
            event_list: EventList {
                events: vec![EventCode::CHANNEL_STATUS],
                cr: true,
            },
            device_identities: terminal_to_uicc(),
            objects: vec![CatObject::ChannelStatus(ChannelStatus {
                // UICC server mode: b7-b8 10 ESTABLISHED, 01 LISTEN.
                status: if established { 0x80 } else { 0x40 } | conv::FIRST_CHANNEL,
                further_info: 0x00,
                cr: true,
            })],
        }),
        _ => return Vec::new(),
    };
    env.encode().unwrap_or_default()
}

fn result_object(result: TrResult) -> CommandResult {
    let (general, additional) = match result {
        TrResult::Ok => (GeneralResult::SUCCESS, vec![]),
        TrResult::PortNotAvailable => (GeneralResult::BIP_ERROR, vec![0x10]),
        TrResult::ChannelClosed => (GeneralResult::BIP_ERROR, vec![0x02]),
        TrResult::Beyond => (GeneralResult::BEYOND_TERMINAL_CAPABILITIES, vec![]),
        TrResult::NotUnderstood => (GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD, vec![]),
        TrResult::Missing => (GeneralResult::REQUIRED_VALUES_MISSING, vec![]),
    };
    CommandResult {
        general,
        additional: Bytes(additional),
        cr: true,
    }
}

/// The TERMINAL RESPONSE to `cmd`.
pub fn terminal_response(
    cmd: ProCmd,
    result: TrResult,
    data: Option<DmPkg>,
    state: &State,
    part: u8,
) -> TerminalResponse {
    let mut objects = Vec::new();
    if result == TrResult::Ok {
        match cmd {
            ProCmd::OpenScws | ProCmd::OpenTsm => {
                let status = if cmd == ProCmd::OpenScws {
                    // Channel 1, UICC server mode, TCP LISTEN.
                    0x40 | conv::FIRST_CHANNEL
                } else {
                    // Channel 2, link established.
                    0x80 | (conv::FIRST_CHANNEL + 1)
                };
                objects.push(CatObject::ChannelStatus(ChannelStatus {
                    status,
                    further_info: 0x00,
                    cr: true,
                }));
                objects.push(CatObject::BufferSize(BufferSize {
                    size: conv::BUFFER_SIZE,
                    cr: true,
                }));
            }
            ProCmd::StartTimer => objects.push(CatObject::TimerIdentifier(TimerIdentifier {
                id: conv::WAKEUP_TIMER_ID,
                cr: true,
            })),
            ProCmd::SendNotification | ProCmd::SendDm { .. } | ProCmd::SendDmPart => {
                objects.push(CatObject::ChannelDataLength(ChannelDataLength {
                    length: 0xFF,
                    cr: true,
                }));
            }
            ProCmd::ReceiveData => {
                let mut remaining = 0;
                if let Some(pkg) = data {
                    let last = pkg != DmPkg::Part;
                    let whole = dm_package(if last { pkg } else { waiting_package(state) });
                    let bytes = part_of(&whole, part, last);
                    let sent = usize::from(part).saturating_mul(PART_BYTES) + bytes.len();
                    remaining = u8::try_from(whole.len().saturating_sub(sent)).unwrap_or(0xFF);
                    objects.push(CatObject::ChannelData(ChannelData {
                        data: Bytes(bytes),
                        cr: true,
                    }));
                }
                objects.push(CatObject::ChannelDataLength(ChannelDataLength {
                    length: remaining,
                    cr: true,
                }));
            }
            ProCmd::SetUpEventList | ProCmd::CloseTsm | ProCmd::SendSms => {}
        }
    }
    TerminalResponse {
        command_details: echo(cmd, state),
        device_identities: terminal_to_uicc(),
        result: result_object(result),
        objects,
    }
}

/// The C-APDU `apdu` sent in `state`, corrupted where asked. `received`: `state` is the one
/// after the terminal sent it (the UICC's view).
pub fn capdu_bytes(
    apdu: CApdu,
    state: &State,
    corruption: Option<Corruption>,
    received: bool,
) -> Vec<u8> {
    let c = match apdu {
        CApdu::Profile { profile } => {
            CommandApdu::terminal_profile(terminal_profile(profile).encode())
        }
        CApdu::Fetch => {
            let len = state.uicc.queue.first().map_or(0, |cmd| {
                proactive_bytes(*cmd, state, None, None, false).len()
            });
            CommandApdu::fetch(u8::try_from(len).unwrap_or(0))
        }
        CApdu::Response { cmd, result, data } => {
            let part = if received {
                state.uicc.rx_parts
            } else {
                state.terminal.parts
            };
            let tr = terminal_response(cmd, result, data, state, part)
                .encode()
                .unwrap_or_default();
            let tr = match corruption {
                Some(c) => corrupt_objects(&tr, c),
                None => tr,
            };
            CommandApdu::terminal_response(tr)
        }
        _ => {
            let env = envelope_bytes(apdu, state);
            let env = match corruption {
                Some(c) => corrupt_ber(&env, c),
                None => env,
            };
            CommandApdu::envelope(env)
        }
    };
    c.encode().unwrap_or_default()
}

/// The R-APDU `rapdu` answered in `state`.
pub fn rapdu_bytes(
    rapdu: RApdu,
    state: &State,
    corruption: Option<Corruption>,
    notification: Option<Notification>,
    delivered: bool,
) -> Vec<u8> {
    let r = match rapdu {
        RApdu::Ok => ResponseApdu {
            data: Bytes::default(),
            sw: StatusWord::new(0x90, 0x00),
        },
        RApdu::Error => ResponseApdu {
            data: Bytes::default(),
            // 6F 00 technical problem, no precise diagnosis (TS 102 221 10.2.1.4).
            sw: StatusWord::new(0x6F, 0x00),
        },
        RApdu::Pending => {
            let len = state.uicc.queue.first().map_or(0, |cmd| {
                proactive_bytes(*cmd, state, None, None, false).len()
            });
            ResponseApdu {
                data: Bytes::default(),
                sw: StatusWord::new(0x91, u8::try_from(len).unwrap_or(0)),
            }
        }
        RApdu::Command { cmd } => ResponseApdu {
            data: Bytes(proactive_bytes(
                cmd,
                state,
                corruption,
                notification,
                delivered,
            )),
            sw: StatusWord::new(0x90, 0x00),
        },
    };
    r.encode().unwrap_or_default()
}

// -------------------------------------------------------------------------------------------
// Events.

/// The event a stimulus of the terminal's environment is.
pub fn event_of(action: &Action) -> Option<Event> {
    Some(match *action {
        Action::PowerOn => Event::PowerOn,
        Action::TimeElapsed => Event::TimeElapsed {
            seconds: conv::WAKEUP_TIMER_SECS,
        },
        Action::LinkLost => Event::LinkDropped {
            channel: conv::FIRST_CHANNEL + 1,
        },
        Action::SmsArrives {
            origin,
            notification,
        } => Event::Sms {
            tpdu: hex::encode_lower(&sms_deliver(
                match origin {
                    SmsOrigin::Own => conv::OWN_MSISDN,
                    SmsOrigin::Remote => REMOTE_ORIGINATOR,
                },
                notification,
            )),
        },
        _ => return None,
    })
}

/// The model action an event stands for.
pub fn action_from_event(event: &Event) -> Result<Action, String> {
    match event {
        Event::PowerOn => Ok(Action::PowerOn),
        Event::TimeElapsed { seconds } if *seconds >= conv::WAKEUP_TIMER_SECS => {
            Ok(Action::TimeElapsed)
        }
        Event::LinkDropped { channel } if *channel == conv::FIRST_CHANNEL + 1 => {
            Ok(Action::LinkLost)
        }
        Event::Sms { tpdu } => {
            let bytes = hex::decode(tpdu).map_err(|e| format!("sms tpdu: {e}"))?;
            let (from, package) = read_sms_deliver(&bytes)?;
            let origin = if from == conv::OWN_MSISDN {
                SmsOrigin::Own
            } else {
                SmsOrigin::Remote
            };
            Ok(Action::SmsArrives {
                origin,
                notification: judge(&package),
            })
        }
        other => Err(format!("event {other:?} is not in the DM trigger model")),
    }
}

// -------------------------------------------------------------------------------------------
// Decoding.

fn tr_result(r: &CommandResult) -> Result<TrResult, String> {
    Ok(match (r.general, r.additional.0.first()) {
        (g, _) if g.0 <= 0x0F => TrResult::Ok,
        (GeneralResult::BIP_ERROR, Some(0x10)) => TrResult::PortNotAvailable,
        (GeneralResult::BIP_ERROR, Some(0x02)) => TrResult::ChannelClosed,
        (GeneralResult::BEYOND_TERMINAL_CAPABILITIES, _) => TrResult::Beyond,
        (GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD, _) => TrResult::NotUnderstood,
        (GeneralResult::REQUIRED_VALUES_MISSING, _) => TrResult::Missing,
        (g, a) => {
            return Err(format!(
                "general result {g:?} ({a:?}) is not in the DM trigger model"
            ));
        }
    })
}

/// The command a TERMINAL RESPONSE of command type `t` answers, without context.
const fn default_command(t: CommandType) -> Option<ProCmd> {
    Some(match t {
        CommandType::SET_UP_EVENT_LIST => ProCmd::SetUpEventList,
        CommandType::OPEN_CHANNEL => ProCmd::OpenTsm,
        CommandType::TIMER_MANAGEMENT => ProCmd::StartTimer,
        CommandType::SEND_DATA => ProCmd::SendNotification,
        CommandType::CLOSE_CHANNEL => ProCmd::CloseTsm,
        CommandType::SEND_SHORT_MESSAGE => ProCmd::SendSms,
        CommandType::RECEIVE_DATA => ProCmd::ReceiveData,
        _ => return None,
    })
}

/// Why the name `name` is not coded per the data coding scheme `dcs` it declares (DMSC-7.1-NAME;
/// TS 102 223 8.15 text string codings: `00` GSM default alphabet packed, `04` GSM default
/// alphabet unpacked, one character an octet with bit 8 zero, `08` UCS2, two octets a
/// character). `None` when it is, or for a scheme not one of those three.
pub fn name_coding_error(dcs: u8, name: &[u8]) -> Option<String> {
    match dcs {
        0x04 => name.iter().position(|b| b & 0x80 != 0).map(|k| {
            format!(
                "name byte {k} is {:02X}: not a GSM default alphabet character in the 8-bit coding its DCS 04 declares",
                name.get(k).copied().unwrap_or_default()
            )
        }),
        0x08 if !name.len().is_multiple_of(2) => Some(format!(
            "name of {} bytes: UCS2 (DCS 08) has two bytes a character",
            name.len()
        )),
        _ => None,
    }
}

/// A terminal's C-APDU that no state of the model allows and whose broken requirement the
/// binding knows without the model: a TERMINAL APPLICATIONS envelope whose DM Client name is
/// not coded per its own DCS (DMSC-7.1-NAME; the model abstracts the name away). The reason and
/// the requirement id.
pub fn forbidden_capdu(bytes: &[u8]) -> Option<(String, &'static str)> {
    let c = CommandApdu::decode(bytes).ok()?;
    if c.ins != Instruction::ENVELOPE {
        return None;
    }
    let Ok(Envelope::TerminalApplications(t)) = Envelope::decode(&c.data.0) else {
        return None;
    };
    t.applications.iter().enumerate().find_map(|(k, a)| {
        name_coding_error(a.dcs, &a.name.0).map(|why| {
            (
                format!("TERMINAL APPLICATIONS, application {k}: {why}"),
                "DMSC-7.1-NAME",
            )
        })
    })
}

/// The requirement a UICC's R-APDU breaks when it carries a notification the model's DM_SC
/// Server never sends (the model has no action for it, so the oracle cannot name it): SEND DATA
/// whose application data is no General Package #0 (DMSC-7.1-PKG0), or a notification with another
/// ServerID (DMSC-7.1-SERVERID), a digest that does not verify (DMNOTI-DIGEST) or an unsupported
/// version (DMNOTI-VERSION). `None` for anything else, including a DM package of the session.
pub fn forbidden_rapdu(bytes: &[u8], ctx: &DecodeContext) -> Option<&'static str> {
    let data = bytes.get(..bytes.len().checked_sub(2)?)?;
    let ProactiveCommand::SendData(s) = ProactiveCommand::decode(data).ok()? else {
        return None;
    };
    let app = &s.channel_data.data.0;
    if !ctx.prefix.is_empty() || app.starts_with(b"HTTP/") {
        return None;
    }
    match Package0::decode(app).map(|p| judge(&p)) {
        Err(_) => Some("DMSC-7.1-PKG0"),
        Ok(Notification::Valid) => None,
        Ok(Notification::OtherServer) => Some("DMSC-7.1-SERVERID"),
        Ok(Notification::BadDigest) => Some("DMNOTI-DIGEST"),
        Ok(Notification::WrongVersion) => Some("DMNOTI-VERSION"),
    }
}

impl DmTriggerBinding {
    /// The model C-APDU a command APDU is. `fetched` is the command the terminal was last given,
    /// which a TERMINAL RESPONSE of the same command type answers.
    pub fn decode_capdu(&self, bytes: &[u8], ctx: &DecodeContext) -> Result<CApdu, String> {
        let fetched = ctx.fetched;
        let c = CommandApdu::decode(bytes).map_err(|e| format!("command APDU: {e}"))?;
        let data = &c.data.0;
        match c.ins {
            Instruction::TERMINAL_PROFILE => Ok(CApdu::Profile {
                profile: profile_of(
                    &TerminalProfile::decode(data).map_err(|e| format!("TERMINAL PROFILE: {e}"))?,
                ),
            }),
            Instruction::FETCH => Ok(CApdu::Fetch),
            Instruction::TERMINAL_RESPONSE => {
                let tr = TerminalResponse::decode(data)
                    .map_err(|e| format!("TERMINAL RESPONSE: {e}"))?;
                let t = tr.command_details.command_type;
                let cmd = fetched
                    .filter(|f| command_type(*f) == t)
                    .or(default_command(t))
                    .ok_or(format!(
                        "TERMINAL RESPONSE to command type {t:?}, not in the model"
                    ))?;
                let result = tr_result(&tr.result)?;
                let remaining = tr
                    .find(|o| match o {
                        CatObject::ChannelDataLength(l) => Some(l),
                        _ => None,
                    })
                    .map_or(0, |l| l.length);
                let data = match tr.find(|o| match o {
                    CatObject::ChannelData(d) => Some(d),
                    _ => None,
                }) {
                    Some(d) if cmd == ProCmd::ReceiveData && remaining > 0 => {
                        let mut sofar = ctx.prefix.clone();
                        sofar.extend_from_slice(&d.data.0);
                        Some(judge_client_part(&sofar))
                    }
                    Some(d) if cmd == ProCmd::ReceiveData => {
                        let mut whole = ctx.prefix.clone();
                        whole.extend_from_slice(&d.data.0);
                        Some(read_client_package(&whole)?)
                    }
                    _ => None,
                };
                Ok(CApdu::Response { cmd, result, data })
            }
            Instruction::ENVELOPE => {
                let env = Envelope::decode(data).map_err(|e| format!("ENVELOPE: {e}"))?;
                self.envelope_action(&env)
            }
            other => Err(format!(
                "command APDU {other:?} is not in the DM trigger model"
            )),
        }
    }

    fn envelope_action(&self, env: &Envelope) -> Result<CApdu, String> {
        match env {
            Envelope::TerminalApplications(t) => {
                let dm: Vec<&RegistryApplicationData> = t
                    .applications
                    .iter()
                    .filter(|a| a.application_type == conv::DM_CLIENT_APPLICATION_TYPE)
                    .collect();
                let Some(first) = dm.first() else {
                    return Ok(CApdu::Register {
                        app_type_07: false,
                        port_unique: true,
                    });
                };
                let sharing = t
                    .applications
                    .iter()
                    .filter(|a| a.port == first.port)
                    .count();
                Ok(CApdu::Register {
                    app_type_07: true,
                    port_unique: sharing == 1 && dm.len() == 1,
                })
            }
            Envelope::TimerExpiration(t) if t.timer_identifier.id == conv::WAKEUP_TIMER_ID => {
                Ok(CApdu::TimerExpiration)
            }
            Envelope::EventDownload(e) => {
                let status = e.objects.iter().find_map(|o| match o {
                    CatObject::ChannelStatus(s) => Some(s),
                    _ => None,
                });
                match (e.event(), status) {
                    (Some(EventCode::DATA_AVAILABLE), Some(s))
                        if s.channel_id() == conv::FIRST_CHANNEL =>
                    {
                        Ok(CApdu::DataAvailable)
                    }
                    (Some(EventCode::CHANNEL_STATUS), Some(s))
                        if s.channel_id() == conv::FIRST_CHANNEL + 1 && s.further_info == 0x05 =>
                    {
                        Ok(CApdu::LinkDropped)
                    }
                    (Some(EventCode::CHANNEL_STATUS), Some(s))
                        if s.channel_id() == conv::FIRST_CHANNEL && s.further_info != 0x05 =>
                    {
                        Ok(CApdu::ScwsStatus {
                            established: s.server_state() == ServerState::Established,
                        })
                    }
                    (ev, s) => Err(format!(
                        "event download {ev:?} with channel status {s:?} is not in the DM trigger model"
                    )),
                }
            }
            other => Err(format!("ENVELOPE {other:?} is not in the DM trigger model")),
        }
    }

    /// The model R-APDU a response APDU is.
    pub fn decode_rapdu(&self, bytes: &[u8], ctx: &DecodeContext) -> Result<RApdu, String> {
        let r = ResponseApdu::decode(bytes).map_err(|e| format!("response APDU: {e}"))?;
        match (r.sw.kind(), r.data.0.is_empty()) {
            (StatusKind::Ok, true) => Ok(RApdu::Ok),
            (StatusKind::Ok, false) => {
                let pc = ProactiveCommand::decode(&r.data.0)
                    .map_err(|e| format!("proactive command: {e}"))?;
                Ok(RApdu::Command {
                    cmd: command_from(&pc, &ctx.prefix)?,
                })
            }
            (StatusKind::ProactiveCommandPending(_), _) => Ok(RApdu::Pending),
            (StatusKind::Error, _) => Ok(RApdu::Error),
            (kind, _) => Err(format!(
                "status word {:?} ({kind:?}) is not in the DM trigger model",
                r.sw
            )),
        }
    }

    /// The action a wire form stands for when the IUT plays `role`; `fetched` as in
    /// [`DmTriggerBinding::decode_capdu`]. Corrupted stimuli are not decoded back (the
    /// adapters know what they sent).
    pub fn decode_with(
        &self,
        wire: &Wire,
        role: &str,
        ctx: &DecodeContext,
    ) -> Result<Action, AdapterError> {
        let uicc = role == pushwake_model::dm_trigger::meta::Role::Uicc.name();
        match wire.kind.as_str() {
            kind::EVENT => {
                let text = wire
                    .text
                    .as_deref()
                    .ok_or_else(|| unmappable("event without text", Some(wire)))?;
                let event: Event = serde_json::from_str(text)
                    .map_err(|e| unmappable(format!("event: {e}"), Some(wire)))?;
                action_from_event(&event).map_err(|e| unmappable(e, Some(wire)))
            }
            kind::APDU | kind::RAPDU => {
                let bytes = hex::decode(wire.hex.as_deref().unwrap_or_default())
                    .map_err(|e| unmappable(format!("hex: {e}"), Some(wire)))?;
                if wire.kind == kind::APDU {
                    let apdu = self
                        .decode_capdu(&bytes, ctx)
                        .map_err(|e| unmappable(e, Some(wire)))?;
                    Ok(if uicc {
                        Action::Receive {
                            apdu,
                            corruption: None,
                        }
                    } else {
                        Action::Send { apdu }
                    })
                } else {
                    let rapdu = self
                        .decode_rapdu(&bytes, ctx)
                        .map_err(|e| unmappable(e, Some(wire)))?;
                    Ok(if uicc {
                        Action::Answer { rapdu }
                    } else {
                        Action::Deliver {
                            rapdu,
                            corruption: None,
                            notification: None,
                        }
                    })
                }
            }
            other => Err(unmappable(
                format!("wire kind {other:?} is not one of the DM trigger binding"),
                Some(wire),
            )),
        }
    }

    /// The wire form of `action` taken in `state`, whoever plays which role.
    pub fn render(&self, state: &State, action: &Action) -> Option<Wire> {
        match *action {
            Action::Send { apdu } => {
                Some(hex_wire(kind::APDU, &capdu_bytes(apdu, state, None, false)))
            }
            Action::Receive { apdu, corruption } => Some(hex_wire(
                kind::APDU,
                &capdu_bytes(apdu, state, corruption, true),
            )),
            Action::Answer { rapdu } => Some(hex_wire(
                kind::RAPDU,
                &rapdu_bytes(rapdu, state, None, None, false),
            )),
            Action::Deliver {
                rapdu,
                corruption,
                notification,
            } => Some(hex_wire(
                kind::RAPDU,
                &rapdu_bytes(rapdu, state, corruption, notification, true),
            )),
            _ => {
                let event = event_of(action)?;
                Some(Wire {
                    kind: kind::EVENT.to_owned(),
                    content_type: Some("application/json".to_owned()),
                    text: serde_json::to_string(&event).ok(),
                    hex: None,
                })
            }
        }
    }
}

impl Binding<DmTriggerModel> for DmTriggerBinding {
    /// The wire form of an input or output of `role`; `None` for other roles' steps.
    fn wire(
        &self,
        model: &DmTriggerModel,
        state: &State,
        action: &Action,
        role: &str,
    ) -> Option<Wire> {
        let label = model.label(action);
        if (label.role == role && label.direction != Direction::Internal) || label.time {
            self.render(state, action)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use pushwake_codecs::cat::general_result_for;
    use pushwake_model::dm_trigger::DmTriggerConfig;
    use pushwake_model::explorer::{Limits, explore};

    fn graph() -> (
        DmTriggerModel,
        pushwake_model::explorer::Graph<DmTriggerModel>,
    ) {
        let m = DmTriggerModel::new(DmTriggerConfig::full()).unwrap();
        let g = explore(&m, Limits::default()).unwrap();
        (m, g)
    }

    #[test]
    fn the_valid_notification_is_the_dm_sc_servers_and_verifies() {
        let p = notification(Notification::Valid);
        assert_eq!(judge(&p), Notification::Valid);
        for n in Notification::INVALID {
            assert_eq!(judge(&notification(n)), n, "{n:?}");
        }
    }

    #[test]
    fn the_scws_open_channel_is_the_spec_example() {
        let b = proactive_bytes(ProCmd::OpenScws, &State::default(), None, None, false);
        assert_eq!(
            hex::encode_lower(&b),
            "d012810301400082028182b90205dcbc03031014"
        );
    }

    #[test]
    fn sms_deliver_carries_the_notification_back() {
        for origin in [conv::OWN_MSISDN, REMOTE_ORIGINATOR] {
            for n in [Notification::Valid, Notification::BadDigest] {
                let (from, p) = read_sms_deliver(&sms_deliver(origin, n)).unwrap();
                assert_eq!(from, origin);
                assert_eq!(judge(&p), n);
            }
        }
    }

    #[test]
    fn dm_packages_read_back_and_fit_one_apdu() {
        for pkg in [
            DmPkg::ClientInit,
            DmPkg::Results,
            DmPkg::Misaddressed,
            DmPkg::WrongSession,
        ] {
            assert_eq!(read_client_package(&dm_package(pkg)).unwrap(), pkg);
        }
        for pkg in [DmPkg::Provisioning, DmPkg::Final] {
            assert_eq!(read_server_package(&dm_package(pkg)).unwrap(), pkg);
        }
        let localhost = String::from_utf8(dm_package(DmPkg::ClientInit))
            .unwrap()
            .replace("127.0.0.1", "localhost");
        assert_eq!(
            read_client_package(localhost.as_bytes()).unwrap(),
            DmPkg::ClientInit
        );
    }

    /// Every wire form the graph renders decodes back to its action (corrupted stimuli aside),
    /// and every corrupted command decodes to the error whose general result the model expects.
    #[test]
    fn every_rendered_message_decodes_back() {
        let (m, g) = graph();
        let b = DmTriggerBinding;
        let mut checked = 0;
        for id in g.ids() {
            let s = g.state(id);
            for (a, _) in g.successors(id) {
                let Some(w) = b.render(s, a) else { continue };
                let bytes = hex::decode(w.hex.as_deref().unwrap_or_default()).unwrap_or_default();
                if w.kind == kind::APDU || w.kind == kind::RAPDU {
                    assert!(bytes.len() <= 261, "{a:?}: {} bytes", bytes.len());
                }
                let ctx = DecodeContext::rendered(s, a);
                match *a {
                    Action::Receive {
                        corruption: Some(_),
                        ..
                    } => {
                        assert!(b.decode_capdu(&bytes, &ctx).is_err(), "{a:?}");
                    }
                    Action::Deliver {
                        rapdu: RApdu::Command { .. },
                        corruption: Some(c),
                        ..
                    } => {
                        let r = ResponseApdu::decode(&bytes).unwrap();
                        let e = ProactiveCommand::decode(&r.data.0).unwrap_err();
                        let want = match c.result() {
                            TrResult::Missing => GeneralResult::REQUIRED_VALUES_MISSING,
                            _ => GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD,
                        };
                        assert_eq!(general_result_for(&e), want, "{a:?}: {e}");
                    }
                    Action::Deliver {
                        notification: Some(_),
                        ..
                    } => {
                        assert!(b.decode_rapdu(&bytes, &ctx).is_err(), "{a:?}");
                    }
                    _ => {
                        let role = m.label(a).role;
                        let back = b.decode_with(&w, role, &ctx).unwrap();
                        assert_eq!(&back, a, "{w:?}");
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn a_name_must_be_coded_per_its_dcs() {
        assert_eq!(name_coding_error(0x04, b"DM Client"), None);
        // "DM" packed in septets: 44 | (4D << 7) = C4, then 4D >> 1 = 26.
        let packed = name_coding_error(0x04, &[0xC4, 0x26]).unwrap();
        assert!(packed.contains("byte 0 is C4"), "{packed}");
        assert!(name_coding_error(0x08, &[0x00, 0x44, 0x00]).is_some());
        assert_eq!(name_coding_error(0x08, &[0x00, 0x44]), None);
        assert_eq!(name_coding_error(0x00, &[0xC4, 0x26]), None);
    }
}
