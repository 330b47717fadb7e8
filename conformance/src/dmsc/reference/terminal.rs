//! The reference terminal (ME) of the DM Smart Card protocols, at the APDU level: its Card
//! Application Toolkit layer, its BIP gateway and its DM Client, written from the specifications
//! (not from the models):
//!
//! - ETSI TS 102 221 clause 10 (APDUs, status words: `91 xx` a proactive command of xx bytes is
//!   pending, `93 00` toolkit busy) and clause 14.6.x (proactive UICC, STATUS polling in idle);
//! - ETSI TS 102 223 (TERMINAL PROFILE 5.2, proactive commands 6.4.x / 6.6.x, TERMINAL RESPONSE
//!   6.8, general results 6.11 / 8.12, event download 7.5, timer expiration 7.4, call control
//!   7.3.1, BIP channels, terminal server mode), as summarised in `shared/specs/cat-bip.md`;
//! - the DM_SC TS (seed 001): clause 6 wake-up, clause 7.1 off-line trigger (Terminal Applications
//!   envelope with the DM Client's registry application data, OPEN CHANNEL in terminal server
//!   mode, SEND DATA with a General Package #0 conveyed to the DM Client, ServerID check), 7.2
//!   on-line trigger (SEND SHORT MESSAGE), 8.1 table 2 (AppAddr `https://127.0.0.1:4116/OMA/DM`);
//! - the DM_SC architecture flows (seed 002 5.2.1.1 / 5.2.1.2): the DM Client opens the session
//!   with the smart card, receives provisioning data, integrates it and returns the results;
//! - OMA DM Notification 1.2 (`shared/specs/dm-notification.md`): digest, version, session id.
//!
//! Sans-IO (quinn-proto style): [`ReferenceTerminal::handle_event`] takes the environment's
//! stimuli ([`Event`]), [`ReferenceTerminal::poll_command`] yields the next command APDU for the
//! card (at most one outstanding), [`ReferenceTerminal::handle_response`] takes the card's answer.
//! No clock: time passes only through [`Event::TimeElapsed`].
//!
//! Simplifications, each a choice a real terminal could make and none hidden:
//! - ENVELOPEs wait while a proactive session is open (between `91 xx` and the `90 00` after the
//!   last TERMINAL RESPONSE); an ENVELOPE answered `93 00` is retried first, at the next
//!   opportunity after the session ends or after the next environment event (CAT-BUSY).
//! - The DM session runs in plain HTTP over the SCWS channel. The AppAddr's scheme is `https`
//!   (4116 is the SCWS HTTPS port); TLS is not modelled, as the shared design of the suites says
//!   (the card sees the HTTP request line in RECEIVE DATA). UNVERIFIED as real-world behaviour.
//! - OPEN CHANNEL in UICC client mode (remote / local connections) is beyond this terminal's
//!   capabilities (result `30`): the DM_SC flows use UICC server mode and terminal server mode
//!   only, and the profile declares neither client mode.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use pushwake_codecs::apdu::{CommandApdu, StatusKind, StatusWord};
use pushwake_codecs::cat::envelope::{
    EventDownload, ObjectsEnvelope, TerminalApplications, TimerExpiration,
};
use pushwake_codecs::cat::objects::{
    Address, ChannelData, ChannelDataLength, ChannelStatus, CommandDetails, CommandResult,
    DeviceIdentities, EventList, LastEnvelope, LocationInformation, LocationStatus,
    RegistryApplicationData, TimerIdentifier, TimerValue,
};
use pushwake_codecs::cat::proactive::{
    CloseChannel, OpenChannel, ReceiveData, SendData, SetUpEventList, TimerManagement,
};
use pushwake_codecs::cat::profile::{Facility, TerminalProfile};
use pushwake_codecs::cat::{
    self, BipError, Bytes, CatObject, CommandType, DeviceId, Envelope, EventCode, GeneralResult,
    LocationStatusValue, ProactiveCommand, TerminalResponse, TransportProtocol,
};
use pushwake_codecs::pkg0;
use pushwake_codecs::sms::{self, TriggerSms, wsp};
use pushwake_codecs::tlv::TlvReader;
use serde::{Deserialize, Serialize};

use super::terminal_mutants::{TerminalMutant, TerminalTriggerMutant, TerminalWakeupMutant};
use crate::dmsc::conventions;
use crate::dmsc::event::{Event, Service};

/// TERMINAL PROFILE facilities this terminal can declare that `pushwake_codecs` does not name,
/// with their byte and bit per TS 102 223 V15.3.0 clause 5.2 (cross-checked [S] against a public
/// transcription of the clause's table and Wireshark's `gsm_sim` field table for byte 8).
pub mod facility {
    use pushwake_codecs::cat::profile::Facility;

    const fn f(byte: u8, bit: u8, name: &'static str) -> Facility {
        Facility { byte, bit, name }
    }

    /// Timer expiration (byte 1 b6).
    pub const TIMER_EXPIRATION: Facility = f(1, 6, "timer expiration");
    /// Call control by NAA (byte 1 b8).
    pub const CALL_CONTROL_DOWNLOAD: Facility = f(1, 8, "call control by NAA");
    /// SEND SHORT MESSAGE (byte 4 b2, reserved by 3GPP: with 3GPP-SMS-TPDU).
    pub const SEND_SHORT_MESSAGE: Facility = f(4, 2, "SEND SHORT MESSAGE");
    /// SET UP EVENT LIST (byte 5 b1).
    pub const SET_UP_EVENT_LIST: Facility = f(5, 1, "SET UP EVENT LIST");
    /// Event: location status (byte 5 b5, the codec's).
    pub const EVENT_LOCATION_STATUS: Facility = Facility::EVENT_LOCATION_STATUS;
    /// TIMER MANAGEMENT start, stop (byte 8 b1).
    pub const TIMER_START_STOP: Facility = f(8, 1, "TIMER MANAGEMENT (start, stop)");
    /// TIMER MANAGEMENT get current value (byte 8 b2).
    pub const TIMER_GET_VALUE: Facility = f(8, 2, "TIMER MANAGEMENT (get current value)");
    /// Call control by NAA (byte 8 b8).
    pub const CALL_CONTROL: Facility = f(8, 8, "call control by NAA");
}

/// The command types TS 102 223 clause 9.4 defines [I: from memory of the clause and of public
/// decoders]: a terminal knows them, so one it does not implement is "beyond terminal
/// capabilities" (`30`); any other type is "command type not understood" (`31`).
const SPECIFIED_COMMAND_TYPES: &[u8] = &[
    0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x20, 0x21, 0x22, 0x23,
    0x24, 0x25, 0x26, 0x27, 0x28, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x40, 0x41, 0x42, 0x43, 0x44,
    0x45, 0x46, 0x47, 0x50, 0x51, 0x60, 0x61, 0x62, 0x70, 0x71, 0x72, 0x73,
];

/// The most channel data one RECEIVE DATA TERMINAL RESPONSE carries: a TERMINAL RESPONSE is the
/// data of one short APDU (255 bytes, TS 102 221 10.1.4); command details (5), device identities
/// (4), result (3), channel data header (3) and channel data length (3) leave 237.
pub const MAX_RECEIVE_CHUNK: usize = 237;

/// Cap on an HTTP response the DM Client buffers (headers and body). DM packages from a smart
/// card are small (the card's buffer size is at most 65535); 64 KiB bounds what a card can make
/// the DM Client hold.
pub const MAX_HTTP_RESPONSE: usize = 64 * 1024;

/// Cap on the bytes a channel buffers in either direction (the buffer size field is 16 bits).
const MAX_CHANNEL_BUFFER: usize = 65_535;

/// What the terminal supports and how its DM Client is set up. Deserializes with defaults for
/// missing fields; the default is a terminal with every DM_SC facility, an SMS bearer, the DM_SC
/// account of [`conventions`] and a STATUS poll every 30 s (TS 102 221 14.6.3 default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TerminalConfig {
    /// TIMER MANAGEMENT and timer expiration (profile byte 1 b6, byte 8 b1-b2).
    pub timer_management: bool,
    /// Event: location status (byte 5 b1, b5).
    pub event_location_status: bool,
    /// Event: data available (byte 6 b3).
    pub event_data_available: bool,
    /// Event: channel status (byte 6 b4).
    pub event_channel_status: bool,
    /// Call control by NAA (byte 1 b8, byte 8 b8).
    pub call_control: bool,
    /// Whether the card provides call control (a real terminal reads it from the UICC's service
    /// table; here it is configuration). Call control ENVELOPEs go only when both are set.
    pub card_call_control: bool,
    /// BIP, class "e": OPEN / CLOSE CHANNEL, RECEIVE / SEND DATA, GET CHANNEL STATUS (byte 12
    /// b1-b5), TCP UICC server mode (byte 17 b3), the channel count (byte 13 b6-b8).
    pub bip: bool,
    /// OPEN CHANNEL in terminal server mode. No profile bit says it alone (it belongs to classes
    /// "e" and "k"); we declare byte 31 b3 "confirmation parameters supported for OPEN CHANNEL
    /// in Terminal Server Mode" with it. UNVERIFIED as the exact declaration.
    pub terminal_server_mode: bool,
    /// TERMINAL APPLICATIONS, class "k" (byte 30 b3): the Terminal Applications envelope.
    pub terminal_applications: bool,
    /// SEND SHORT MESSAGE (byte 4 b2), declared and executed only with an SMS bearer.
    pub send_short_message: bool,
    /// Whether the terminal has an SMS bearer (DM_SC 7.2).
    pub sms_bearer: bool,
    /// Seconds between STATUS commands in idle (0: never), TS 102 221 14.6.3.
    pub status_poll_interval_secs: u32,
    /// BIP channels supported (1-7).
    pub bip_channels: u8,
    /// The largest channel buffer the terminal grants.
    pub max_buffer_size: u16,
    /// Transport protocol values (TS 102 223 8.59) that mean terminal server mode in OPEN
    /// CHANNEL. UNVERIFIED: `specs/cat-bip.md` lists 01-06 only; we take `07` TCP and `08` UDP
    /// "terminal server mode" from memory of TS 102 223 Rel-9+. Align with the reference UICC.
    pub terminal_server_transports: Vec<u8>,
    /// The port the device assigns to the DM Client (DM_SC 7.1 step 1).
    pub dm_client_port: u16,
    /// The DM Client's name.
    pub dm_client_name: String,
    /// The data coding scheme of the name (TS 23.038; `04` GSM default alphabet, 8-bit).
    pub dm_client_name_dcs: u8,
    /// The DM_SC Server's ServerID in the DM Client's account.
    pub dm_server_id: String,
    /// The DM_SC Server's notification password.
    pub dm_server_password: String,
    /// The notification nonce, hex.
    pub dm_server_nonce: String,
    /// The account's AppAddr (DM_SC 8.1 table 2).
    pub app_addr: String,
    /// The device's DM identity (SyncML Source LocURI; our choice).
    pub device_id: String,
}

impl Default for TerminalConfig {
    fn default() -> Self {
        Self {
            timer_management: true,
            event_location_status: true,
            event_data_available: true,
            event_channel_status: true,
            call_control: true,
            card_call_control: true,
            bip: true,
            terminal_server_mode: true,
            terminal_applications: true,
            send_short_message: true,
            sms_bearer: true,
            status_poll_interval_secs: 30,
            bip_channels: 7,
            max_buffer_size: 1500,
            terminal_server_transports: vec![0x07, 0x08],
            dm_client_port: conventions::DM_CLIENT_PORT,
            dm_client_name: conventions::DM_CLIENT_NAME.to_owned(),
            dm_client_name_dcs: conventions::DM_CLIENT_NAME_DCS,
            dm_server_id: conventions::SERVER_ID.to_owned(),
            dm_server_password: String::from_utf8_lossy(conventions::SERVER_PASSWORD).into_owned(),
            dm_server_nonce: pushwake_codecs::hex::encode_lower(conventions::SERVER_NONCE),
            app_addr: conventions::APP_ADDR_BIP_IPV4.to_owned(),
            device_id: "IMEI:001010123456789".to_owned(),
        }
    }
}

impl TerminalConfig {
    /// The TERMINAL PROFILE this configuration declares (TS 102 223 5.2).
    pub fn profile(&self) -> TerminalProfile {
        let mut f: Vec<Facility> = vec![Facility::PROFILE_DOWNLOAD];
        if self.timer_management {
            f.extend([
                facility::TIMER_EXPIRATION,
                facility::TIMER_START_STOP,
                facility::TIMER_GET_VALUE,
            ]);
        }
        if self.call_control {
            f.extend([facility::CALL_CONTROL_DOWNLOAD, facility::CALL_CONTROL]);
        }
        if self.send_short_message && self.sms_bearer {
            f.push(facility::SEND_SHORT_MESSAGE);
        }
        if self.event_location_status || self.event_data_available || self.event_channel_status {
            f.push(facility::SET_UP_EVENT_LIST);
        }
        if self.event_location_status {
            f.push(facility::EVENT_LOCATION_STATUS);
        }
        if self.event_data_available {
            f.push(Facility::EVENT_DATA_AVAILABLE);
        }
        if self.event_channel_status {
            f.push(Facility::EVENT_CHANNEL_STATUS);
        }
        if self.bip {
            f.extend([
                Facility::OPEN_CHANNEL,
                Facility::CLOSE_CHANNEL,
                Facility::RECEIVE_DATA,
                Facility::SEND_DATA,
                Facility::GET_CHANNEL_STATUS,
                Facility::TCP_UICC_SERVER,
            ]);
        }
        if self.terminal_applications {
            f.push(Facility::TERMINAL_APPLICATIONS);
        }
        if self.terminal_server_mode && self.bip && self.terminal_applications {
            f.push(Facility::TSM_OPEN_CHANNEL_CONFIRMATION);
        }
        let mut p = TerminalProfile::with(&f);
        if self.bip {
            // Byte 13 b6-b8: number of channels supported.
            if p.bytes.0.len() < 13 {
                p.bytes.0.resize(13, 0);
            }
            if let Some(b) = p.bytes.0.get_mut(12) {
                *b |= (self.bip_channels.min(7) & 0x07) << 5;
            }
        }
        p
    }

    fn supports_event(&self, e: EventCode) -> bool {
        match e {
            EventCode::LOCATION_STATUS => self.event_location_status,
            EventCode::DATA_AVAILABLE => self.event_data_available && self.bip,
            EventCode::CHANNEL_STATUS => self.event_channel_status && self.bip,
            _ => false,
        }
    }

    fn tsm_supported(&self) -> bool {
        self.terminal_server_mode && self.bip && self.terminal_applications
    }
}

/// How a BIP channel was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChannelMode {
    /// UICC server mode (TS 102 223 transport `03`): the card listens on `port` (the SCWS).
    UiccServer {
        /// The card's port.
        port: u16,
    },
    /// Terminal server mode: the card connects to the terminal application on `port`.
    TerminalServer {
        /// The terminal application's port.
        port: u16,
    },
}

/// The link state of a channel (TS 102 223 8.56).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LinkState {
    /// Server mode, TCP in LISTEN state.
    Listen,
    /// Connected (server mode ESTABLISHED, or link established).
    Established,
    /// The link dropped (TCP CLOSED, further information `05`).
    Dropped,
}

/// One open BIP channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Channel {
    /// Channel identifier (1-7).
    pub id: u8,
    /// Mode.
    pub mode: ChannelMode,
    /// Link state.
    pub state: LinkState,
    /// Granted buffer size.
    pub buffer_size: u16,
    /// Data waiting for RECEIVE DATA.
    #[serde(skip)]
    rx: VecDeque<u8>,
    /// Data stored by SEND DATA and not yet sent.
    #[serde(skip)]
    tx: Vec<u8>,
}

impl Channel {
    /// Channel status byte 1 and 2 (TS 102 223 8.56).
    pub fn status(&self) -> ChannelStatus {
        let id = self.id & 0x07;
        let (status, further_info) = match (self.mode, self.state) {
            (ChannelMode::UiccServer { .. }, LinkState::Listen) => (0x40 | id, 0x00),
            (_, LinkState::Established) => (0x80 | id, 0x00),
            (_, LinkState::Listen) => (id, 0x00),
            (_, LinkState::Dropped) => (id, 0x05),
        };
        ChannelStatus {
            status,
            further_info,
            cr: true,
        }
    }
}

/// What the DM Client did with a General Package #0 it received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum NotificationVerdict {
    /// Valid, for the DM_SC Server: a session was opened (or queued until the SCWS listens).
    Accepted {
        /// The notification's session id.
        session_id: u16,
    },
    /// It names another ServerID: no session with the DM_SC Server (DM_SC 7.1 step 3).
    OtherServer {
        /// The ServerID it carried.
        server_id: String,
    },
    /// The digest does not verify with the DM_SC Server's credentials (DMNOTI-DIGEST).
    BadDigest,
    /// Not a General Package #0 this client accepts (malformed, or a version other than 11/12).
    Malformed {
        /// Why.
        reason: String,
    },
    /// Valid, but a session is already running: ignored.
    Busy,
}

/// Where a notification came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum NotificationSource {
    /// SEND DATA on a terminal server mode channel (off-line trigger, DM_SC 7.1).
    SendData,
    /// A WSP push by SMS to port 2948 (on-line trigger, DM_SC 7.2).
    Sms,
}

/// How far a DM session got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum SessionPhase {
    /// Waiting for a listening SCWS channel.
    Connecting,
    /// Package 1 sent, waiting for the server's package 2.
    AwaitingPackage2,
    /// Results (package 3) sent, waiting for package 4.
    AwaitingPackage4,
    /// Done.
    Completed,
    /// Ended without completing.
    Failed {
        /// Why.
        reason: String,
    },
}

/// One DM session of the DM Client with the DM_SC Server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DmSession {
    /// The notification's session id.
    pub session_id: u16,
    /// The SCWS channel carrying it.
    pub channel: Option<u8>,
    /// Phase.
    pub phase: SessionPhase,
    /// The commands of the server's package 2 and the status the client gave each.
    pub commands: Vec<(String, u16)>,
}

/// A call the user dialled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    /// The number.
    pub number: String,
    /// Whether it went through call control by the card.
    pub call_controlled: bool,
}

/// An APDU the terminal has sent and awaits the answer to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sent {
    Profile,
    Envelope(Vec<u8>),
    Fetch,
    TerminalResponse,
    Status,
}

/// Something waiting to be sent outside a proactive session.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outgoing {
    Profile,
    Envelope(Vec<u8>),
    Status,
}

/// A running CAT timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Timer {
    started: u32,
    remaining: u32,
}

/// The reference terminal. See the module documentation.
#[derive(Clone, Debug)]
pub struct ReferenceTerminal {
    config: TerminalConfig,
    mutant: Option<TerminalMutant>,
    powered: bool,
    queue: VecDeque<Outgoing>,
    outstanding: Option<Sent>,
    pending_fetch: Option<u8>,
    pending_tr: VecDeque<Vec<u8>>,
    busy_hold: bool,
    event_list: BTreeSet<u8>,
    timers: BTreeMap<u8, Timer>,
    status_countdown: u32,
    location: Option<(u16, u16, Service)>,
    channels: BTreeMap<u8, Channel>,
    notifications: Vec<(NotificationSource, NotificationVerdict)>,
    sessions: Vec<DmSession>,
    http_in: Vec<u8>,
    provisioned: BTreeMap<String, String>,
    sent_sms: Vec<Vec<u8>>,
    calls: Vec<CallRecord>,
}

impl ReferenceTerminal {
    /// A correct reference terminal.
    pub fn new(config: TerminalConfig) -> Self {
        Self::with_mutant(config, None)
    }

    /// A reference terminal with one deliberate bug (see [`super::terminal_mutants`]), or none.
    pub fn with_mutant(config: TerminalConfig, mutant: Option<TerminalMutant>) -> Self {
        let status_countdown = config.status_poll_interval_secs;
        Self {
            config,
            mutant,
            powered: false,
            queue: VecDeque::new(),
            outstanding: None,
            pending_fetch: None,
            pending_tr: VecDeque::new(),
            busy_hold: false,
            event_list: BTreeSet::new(),
            timers: BTreeMap::new(),
            status_countdown,
            location: None,
            channels: BTreeMap::new(),
            notifications: Vec::new(),
            sessions: Vec::new(),
            http_in: Vec::new(),
            provisioned: BTreeMap::new(),
            sent_sms: Vec::new(),
            calls: Vec::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &TerminalConfig {
        &self.config
    }

    /// The mutant, if any.
    pub fn mutant(&self) -> Option<TerminalMutant> {
        self.mutant
    }

    /// The current event list (event codes, TS 102 223 8.25).
    pub fn event_list(&self) -> Vec<u8> {
        self.event_list.iter().copied().collect()
    }

    /// The open channels, by identifier.
    pub fn channels(&self) -> Vec<Channel> {
        self.channels.values().cloned().collect()
    }

    /// Every notification the DM Client received, with its verdict, in order.
    pub fn notifications(&self) -> &[(NotificationSource, NotificationVerdict)] {
        &self.notifications
    }

    /// Every DM session the DM Client opened, in order.
    pub fn dm_sessions(&self) -> &[DmSession] {
        &self.sessions
    }

    /// The management data the DM Client integrated (LocURI to data).
    pub fn provisioned(&self) -> &BTreeMap<String, String> {
        &self.provisioned
    }

    /// The SMS TPDUs sent by SEND SHORT MESSAGE, in order.
    pub fn sent_short_messages(&self) -> &[Vec<u8>] {
        &self.sent_sms
    }

    /// The calls the user dialled.
    pub fn calls(&self) -> &[CallRecord] {
        &self.calls
    }

    /// Whether a command APDU is awaiting its answer.
    pub fn awaiting_response(&self) -> bool {
        self.outstanding.is_some()
    }

    fn wakeup_bug(&self, m: TerminalWakeupMutant) -> bool {
        self.mutant == Some(TerminalMutant::Wakeup(m))
    }

    fn trigger_bug(&self, m: TerminalTriggerMutant) -> bool {
        self.mutant == Some(TerminalMutant::Trigger(m))
    }

    // ---------------------------------------------------------------- environment

    /// One stimulus of the environment.
    pub fn handle_event(&mut self, event: Event) {
        // Every stimulus is "later" for an ENVELOPE the card answered 93 00 (CAT-BUSY).
        self.busy_hold = false;
        match event {
            Event::PowerOn => self.power_on(),
            Event::TimeElapsed { seconds } => self.time_elapsed(seconds),
            Event::Location { mcc, mnc, service } => self.location_changed(mcc, mnc, service),
            Event::Call { number } => self.call(number),
            Event::LinkDropped { channel } => self.link_dropped(channel),
            Event::Sms { tpdu } => self.sms_received(&tpdu),
        }
    }

    fn power_on(&mut self) {
        let fresh = Self::with_mutant(self.config.clone(), self.mutant);
        let location = self.location;
        let (notifications, sessions, provisioned, sent_sms, calls) = (
            std::mem::take(&mut self.notifications),
            std::mem::take(&mut self.sessions),
            std::mem::take(&mut self.provisioned),
            std::mem::take(&mut self.sent_sms),
            std::mem::take(&mut self.calls),
        );
        *self = fresh;
        self.location = location;
        self.notifications = notifications;
        self.sessions = sessions;
        self.provisioned = provisioned;
        self.sent_sms = sent_sms;
        self.calls = calls;
        self.powered = true;
        if self.wakeup_bug(TerminalWakeupMutant::OmitsTerminalProfile) {
            self.queue.push_back(Outgoing::Status);
        } else {
            // TS 102 223 5.1: profile download is the first command after the ATR.
            self.queue.push_back(Outgoing::Profile);
        }
        if self.config.terminal_applications
            && !self.trigger_bug(TerminalTriggerMutant::NoTerminalApplications)
        {
            let env = self.terminal_applications_envelope();
            self.queue.push_back(Outgoing::Envelope(env));
        }
    }

    /// The Terminal Applications envelope registering the DM Client (DM_SC 7.1 step 1):
    /// `DC len 82 02 82 81 71 len <port:2 dcs type name> 70 00`.
    pub fn terminal_applications_envelope(&self) -> Vec<u8> {
        let c = &self.config;
        let (dcs, name) = if self.trigger_bug(TerminalTriggerMutant::NamePacked) {
            (
                c.dm_client_name_dcs,
                pack_septets(&gsm_default_alphabet(&c.dm_client_name)),
            )
        } else {
            (
                c.dm_client_name_dcs,
                gsm_default_alphabet(&c.dm_client_name),
            )
        };
        let application_type = if self.trigger_bug(TerminalTriggerMutant::ApplicationTypeNot07) {
            0x01
        } else {
            conventions::DM_CLIENT_APPLICATION_TYPE
        };
        let mut applications = vec![RegistryApplicationData {
            port: c.dm_client_port,
            dcs,
            application_type,
            name: Bytes(name),
            cr: false,
        }];
        if self.trigger_bug(TerminalTriggerMutant::PortNotUnique) {
            applications.push(RegistryApplicationData {
                port: c.dm_client_port,
                dcs: 0x04,
                application_type: 0x01,
                name: Bytes(b"Browser".to_vec()),
                cr: false,
            });
        }
        Envelope::TerminalApplications(TerminalApplications {
            device_identities: terminal_to_uicc(),
            applications,
            last_envelope: Some(LastEnvelope { cr: false }),
            extra: Vec::new(),
        })
        .encode()
        .unwrap_or_default()
    }

    fn time_elapsed(&mut self, seconds: u32) {
        if !self.powered {
            return;
        }
        let mut expired = Vec::new();
        for (id, t) in &mut self.timers {
            if t.remaining <= seconds {
                expired.push((*id, t.started));
            } else {
                t.remaining -= seconds;
            }
        }
        for (id, started) in expired {
            self.timers.remove(&id);
            if self.wakeup_bug(TerminalWakeupMutant::NeverSendsTimerExpiration) {
                continue;
            }
            // TS 102 223 7.4: TIMER EXPIRATION with the timer's identifier and value.
            let env = Envelope::TimerExpiration(TimerExpiration {
                device_identities: terminal_to_uicc(),
                timer_identifier: TimerIdentifier { id, cr: true },
                timer_value: timer_value(started),
                extra: Vec::new(),
            });
            if let Ok(b) = env.encode() {
                self.queue.push_back(Outgoing::Envelope(b));
            }
        }
        let interval = self.config.status_poll_interval_secs;
        if interval > 0 && !self.wakeup_bug(TerminalWakeupMutant::NoStatusPolling) {
            if self.status_countdown <= seconds {
                self.status_countdown = interval;
                if !self.queue.contains(&Outgoing::Status) {
                    self.queue.push_back(Outgoing::Status);
                }
            } else {
                self.status_countdown -= seconds;
            }
        }
    }

    fn location_changed(&mut self, mcc: u16, mnc: u16, service: Service) {
        let new = Some((mcc, mnc, service));
        let changed = self.location != new;
        self.location = new;
        if !self.powered || !changed {
            return;
        }
        // TS 102 223 7.5.4: location status, and the location information in normal service.
        let status = match service {
            Service::Normal => LocationStatusValue::NORMAL_SERVICE,
            Service::Limited => LocationStatusValue::LIMITED_SERVICE,
            Service::None => LocationStatusValue::NO_SERVICE,
        };
        let mut objects = vec![CatObject::LocationStatus(LocationStatus {
            status,
            cr: true,
        })];
        if service == Service::Normal
            && !self.wakeup_bug(TerminalWakeupMutant::LocationWithoutInformation)
        {
            objects.push(CatObject::LocationInformation(location_information(
                mcc, mnc,
            )));
        }
        self.event_download(EventCode::LOCATION_STATUS, objects);
    }

    fn call(&mut self, number: String) {
        if !self.powered {
            return;
        }
        let controlled = self.config.call_control
            && self.config.card_call_control
            && !self.wakeup_bug(TerminalWakeupMutant::NoCallControl);
        if controlled {
            // TS 102 223 7.3.1: device identities, the address, the location information.
            let mut objects = vec![CatObject::Address(dialled_address(&number))];
            if let Some((mcc, mnc, Service::Normal)) = self.location {
                objects.push(CatObject::LocationInformation(location_information(
                    mcc, mnc,
                )));
            }
            let env = Envelope::CallControl(ObjectsEnvelope {
                device_identities: terminal_to_uicc(),
                objects,
            });
            if let Ok(b) = env.encode() {
                self.queue.push_back(Outgoing::Envelope(b));
            }
        }
        self.calls.push(CallRecord {
            number,
            call_controlled: controlled,
        });
    }

    fn link_dropped(&mut self, channel: u8) {
        let Some(ch) = self.channels.get_mut(&channel) else {
            return;
        };
        if ch.state == LinkState::Dropped || !self.powered {
            return;
        }
        ch.state = LinkState::Dropped;
        ch.rx.clear();
        ch.tx.clear();
        let status = ch.status();
        self.fail_sessions_on(channel, "the link of the SCWS channel dropped");
        if !self.trigger_bug(TerminalTriggerMutant::NeverReportsLinkDropped) {
            self.event_download(
                EventCode::CHANNEL_STATUS,
                vec![CatObject::ChannelStatus(status)],
            );
        }
    }

    fn sms_received(&mut self, tpdu_hex: &str) {
        if !self.powered || !self.config.sms_bearer {
            return;
        }
        let verdict = match pushwake_codecs::hex::decode(tpdu_hex.trim())
            .map_err(|e| format!("SMS TPDU hex: {e}"))
            .and_then(|b| notification_from_sms(&b))
        {
            Ok(pkg) => self.dm_notify(&pkg),
            Err(reason) => NotificationVerdict::Malformed { reason },
        };
        self.notifications.push((NotificationSource::Sms, verdict));
        self.try_connect();
    }

    fn event_download(&mut self, event: EventCode, objects: Vec<CatObject>) {
        let registered = self.event_list.contains(&event.0);
        let forced = event == EventCode::LOCATION_STATUS
            && self.wakeup_bug(TerminalWakeupMutant::EventsWithoutRegistration);
        if !(registered || forced) {
            return;
        }
        let env = Envelope::EventDownload(EventDownload {
            event_list: EventList {
                events: vec![event],
                cr: true,
            },
            device_identities: terminal_to_uicc(),
            objects,
        });
        if let Ok(b) = env.encode() {
            self.queue.push_back(Outgoing::Envelope(b));
        }
    }

    // ---------------------------------------------------------------- APDU exchange

    /// The next command APDU for the card, if the terminal has one and none is outstanding.
    pub fn poll_command(&mut self) -> Option<Vec<u8>> {
        if self.outstanding.is_some() || !self.powered {
            return None;
        }
        if let Some(len) = self.pending_fetch.take() {
            let le = if self.wakeup_bug(TerminalWakeupMutant::FetchWrongLe) {
                len.wrapping_add(1)
            } else {
                len
            };
            self.outstanding = Some(Sent::Fetch);
            return CommandApdu::fetch(le).encode().ok();
        }
        if let Some(tr) = self.pending_tr.pop_front() {
            self.outstanding = Some(Sent::TerminalResponse);
            return CommandApdu::terminal_response(tr).encode().ok();
        }
        let hold = self.busy_hold;
        let idx = self
            .queue
            .iter()
            .position(|o| !(hold && matches!(o, Outgoing::Envelope(_))))?;
        let item = self.queue.remove(idx)?;
        let (sent, apdu) = match item {
            Outgoing::Profile => (
                Sent::Profile,
                CommandApdu::terminal_profile(self.config.profile().encode()),
            ),
            Outgoing::Envelope(b) => (Sent::Envelope(b.clone()), CommandApdu::envelope(b)),
            Outgoing::Status => (Sent::Status, CommandApdu::status()),
        };
        match apdu.encode() {
            Ok(bytes) => {
                self.outstanding = Some(sent);
                Some(bytes)
            }
            Err(_) => None,
        }
    }

    /// The card's response APDU (data, SW1 SW2) to the outstanding command.
    pub fn handle_response(&mut self, rapdu: &[u8]) {
        let Some(sent) = self.outstanding.take() else {
            return;
        };
        let (data, sw) = match rapdu.split_last_chunk::<2>() {
            Some((data, [sw1, sw2])) => (data, StatusWord::new(*sw1, *sw2)),
            None => (&[][..], StatusWord::TECHNICAL_PROBLEM),
        };
        let kind = sw.kind();
        match sent {
            Sent::Fetch => {
                // A FETCH answered with an error status word carries no command (TS 102 221
                // 10.2.1); anything else with data is a command and gets exactly one
                // TERMINAL RESPONSE (CAT-TR-ONCE), whatever its bytes.
                let normal = matches!(
                    kind,
                    StatusKind::Ok | StatusKind::ProactiveCommandPending(_) | StatusKind::Warning
                );
                if normal && !data.is_empty() {
                    self.execute(data);
                }
                return;
            }
            Sent::Envelope(env) => {
                if kind == StatusKind::ToolkitBusy {
                    if !self.wakeup_bug(TerminalWakeupMutant::DropsEnvelopeAfterBusy) {
                        self.queue.push_front(Outgoing::Envelope(env));
                        self.busy_hold = true;
                    }
                    return;
                }
            }
            Sent::Status => {
                if kind == StatusKind::Ok && self.wakeup_bug(TerminalWakeupMutant::FetchWithout91xx)
                {
                    self.pending_fetch = Some(0);
                    return;
                }
            }
            Sent::TerminalResponse => {
                if !matches!(kind, StatusKind::ProactiveCommandPending(_)) {
                    // The proactive session ends (TS 102 221 14.6.x): held ENVELOPEs may go.
                    self.busy_hold = false;
                }
            }
            Sent::Profile => {}
        }
        if let StatusKind::ProactiveCommandPending(len) = kind {
            self.pending_fetch = Some(len);
        }
    }

    // ---------------------------------------------------------------- proactive commands

    fn execute(&mut self, command: &[u8]) {
        let (details, result, objects) = match ProactiveCommand::decode(command) {
            Ok(cmd) => {
                let details = cmd.command_details();
                let (result, objects) = self.run(cmd);
                (details, result, objects)
            }
            Err(e) => {
                let mut general = cat::general_result_for(&e);
                if general == GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD
                    && self.wakeup_bug(TerminalWakeupMutant::MalformedAnswers00)
                {
                    general = GeneralResult::SUCCESS;
                }
                if general == GeneralResult::REQUIRED_VALUES_MISSING
                    && self.wakeup_bug(TerminalWakeupMutant::MissingAnswers32)
                {
                    general = GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD;
                }
                (raw_command_details(command), result(general), Vec::new())
            }
        };
        if self.wakeup_bug(TerminalWakeupMutant::NoTerminalResponse) {
            return;
        }
        let tr = self.terminal_response(details, result, objects);
        self.pending_tr.push_back(tr.clone());
        if self.wakeup_bug(TerminalWakeupMutant::TwoTerminalResponses) {
            self.pending_tr.push_back(tr);
        }
    }

    fn terminal_response(
        &self,
        mut details: CommandDetails,
        result: CommandResult,
        objects: Vec<CatObject>,
    ) -> Vec<u8> {
        details.cr = true;
        if self.wakeup_bug(TerminalWakeupMutant::NoEchoCommandDetails) {
            details.number = 0;
            details.qualifier = 0;
        }
        let device_identities = if self.wakeup_bug(TerminalWakeupMutant::WrongDeviceIdentities) {
            DeviceIdentities {
                source: DeviceId::UICC,
                destination: DeviceId::TERMINAL,
                cr: true,
            }
        } else {
            terminal_to_uicc()
        };
        let tr = TerminalResponse {
            command_details: details.clone(),
            device_identities: device_identities.clone(),
            result,
            objects,
        };
        tr.encode().unwrap_or_else(|_| {
            // Only an over-long response can fail; answer "terminal currently unable".
            TerminalResponse {
                command_details: details,
                device_identities,
                result: self::result(GeneralResult::TERMINAL_UNABLE),
                objects: Vec::new(),
            }
            .encode()
            .unwrap_or_default()
        })
    }

    /// "Beyond terminal capabilities" (CAT-PROFILE), or the mutant's 00.
    fn beyond(&self) -> (CommandResult, Vec<CatObject>) {
        if self.wakeup_bug(TerminalWakeupMutant::UnsupportedAnswers00) {
            (result(GeneralResult::SUCCESS), Vec::new())
        } else {
            (
                result(GeneralResult::BEYOND_TERMINAL_CAPABILITIES),
                Vec::new(),
            )
        }
    }

    fn run(&mut self, cmd: ProactiveCommand) -> (CommandResult, Vec<CatObject>) {
        match cmd {
            ProactiveCommand::SetUpEventList(c) => self.set_up_event_list(&c),
            ProactiveCommand::TimerManagement(c) => self.timer_management(&c),
            ProactiveCommand::OpenChannel(c) => self.open_channel(&c),
            ProactiveCommand::CloseChannel(c) => self.close_channel(&c),
            ProactiveCommand::ReceiveData(c) => self.receive_data(&c),
            ProactiveCommand::SendData(c) => self.send_data(&c),
            ProactiveCommand::GetChannelStatus(_) => {
                if !self.config.bip {
                    return self.beyond();
                }
                let mut objects: Vec<CatObject> = self
                    .channels
                    .values()
                    .map(|c| CatObject::ChannelStatus(c.status()))
                    .collect();
                if objects.is_empty() {
                    objects.push(CatObject::ChannelStatus(ChannelStatus {
                        status: 0,
                        further_info: 0,
                        cr: true,
                    }));
                }
                (result(GeneralResult::SUCCESS), objects)
            }
            ProactiveCommand::SendShortMessage(c) => {
                if !(self.config.send_short_message && self.config.sms_bearer)
                    || self.trigger_bug(TerminalTriggerMutant::NoSendShortMessage)
                {
                    return if self.trigger_bug(TerminalTriggerMutant::NoSendShortMessage) {
                        (
                            result(GeneralResult::BEYOND_TERMINAL_CAPABILITIES),
                            Vec::new(),
                        )
                    } else {
                        self.beyond()
                    };
                }
                self.sent_sms.push(c.sms_tpdu.tpdu.0);
                (result(GeneralResult::SUCCESS), Vec::new())
            }
            ProactiveCommand::ProvideLocalInformation(_) => self.beyond(),
            ProactiveCommand::Generic(g) => {
                if SPECIFIED_COMMAND_TYPES.contains(&g.command_details.command_type.0) {
                    self.beyond()
                } else if self.wakeup_bug(TerminalWakeupMutant::UnknownTypeAnswers30) {
                    (
                        result(GeneralResult::BEYOND_TERMINAL_CAPABILITIES),
                        Vec::new(),
                    )
                } else {
                    (
                        result(GeneralResult::COMMAND_TYPE_NOT_UNDERSTOOD),
                        Vec::new(),
                    )
                }
            }
        }
    }

    fn set_up_event_list(&mut self, c: &SetUpEventList) -> (CommandResult, Vec<CatObject>) {
        let any = self.config.event_location_status
            || self.config.event_data_available
            || self.config.event_channel_status;
        if !any {
            return self.beyond();
        }
        // TS 102 223 6.4.16: the terminal cannot monitor an event it does not support.
        if c.event_list
            .events
            .iter()
            .any(|e| !self.config.supports_event(*e))
        {
            return self.beyond();
        }
        // The new list replaces the old one; an empty list removes every event.
        if !self.wakeup_bug(TerminalWakeupMutant::EventListAppends) {
            self.event_list.clear();
        }
        self.event_list
            .extend(c.event_list.events.iter().map(|e| e.0));
        (result(GeneralResult::SUCCESS), Vec::new())
    }

    fn timer_management(&mut self, c: &TimerManagement) -> (CommandResult, Vec<CatObject>) {
        if !self.config.timer_management {
            return self.beyond();
        }
        let id = c.timer_identifier.id;
        if !(1..=8).contains(&id) {
            return (
                result(GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD),
                Vec::new(),
            );
        }
        let ident = CatObject::TimerIdentifier(TimerIdentifier { id, cr: true });
        match c.details.qualifier {
            0x00 => {
                let Some(v) = &c.timer_value else {
                    return (result(GeneralResult::REQUIRED_VALUES_MISSING), Vec::new());
                };
                let secs = v.total_seconds();
                self.timers.insert(
                    id,
                    Timer {
                        started: secs,
                        remaining: secs,
                    },
                );
                (result(GeneralResult::SUCCESS), vec![ident])
            }
            q @ (0x01 | 0x02) => {
                let Some(t) = self.timers.get(&id).copied() else {
                    if self.wakeup_bug(TerminalWakeupMutant::DeactivateIdleTimerAnswers00) {
                        return (result(GeneralResult::SUCCESS), vec![ident]);
                    }
                    return (result(GeneralResult::TIMER_STATE_CONTRADICTION), Vec::new());
                };
                if q == 0x01 {
                    self.timers.remove(&id);
                }
                (
                    result(GeneralResult::SUCCESS),
                    vec![ident, CatObject::TimerValue(timer_value(t.remaining))],
                )
            }
            _ => (
                result(GeneralResult::COMMAND_DATA_NOT_UNDERSTOOD),
                Vec::new(),
            ),
        }
    }

    fn open_channel(&mut self, c: &OpenChannel) -> (CommandResult, Vec<CatObject>) {
        if !self.config.bip {
            return self.beyond();
        }
        let tsm: Vec<TransportProtocol> = self
            .config
            .terminal_server_transports
            .iter()
            .map(|p| TransportProtocol(*p))
            .collect();
        let (mode, port) = match (
            c.mode(&tsm),
            c.transport_level.as_ref().and_then(|t| t.port),
        ) {
            (cat::proactive::OpenChannelMode::UiccServer, Some(port)) => {
                (ChannelMode::UiccServer { port }, port)
            }
            (cat::proactive::OpenChannelMode::TerminalServer, Some(port)) => {
                if !self.config.tsm_supported() {
                    return self.beyond();
                }
                if self.trigger_bug(TerminalTriggerMutant::NoTerminalServerMode) {
                    return (
                        result(GeneralResult::BEYOND_TERMINAL_CAPABILITIES),
                        Vec::new(),
                    );
                }
                // Only the DM Client listens in terminal server mode (BIP-PORT).
                if port != self.config.dm_client_port
                    && !self.trigger_bug(TerminalTriggerMutant::AcceptsAnyPort)
                {
                    return bip_error(BipError::PORT_NOT_AVAILABLE);
                }
                (ChannelMode::TerminalServer { port }, port)
            }
            (cat::proactive::OpenChannelMode::UiccServer, None)
            | (cat::proactive::OpenChannelMode::TerminalServer, None) => {
                return (result(GeneralResult::REQUIRED_VALUES_MISSING), Vec::new());
            }
            (cat::proactive::OpenChannelMode::Client, _) => return self.beyond(),
        };
        if let ChannelMode::UiccServer { .. } = mode
            && self
                .channels
                .values()
                .any(|ch| matches!(ch.mode, ChannelMode::UiccServer { port: p } if p == port))
        {
            return bip_error(BipError::PORT_NOT_AVAILABLE);
        }
        let limit = self.config.bip_channels.clamp(1, 7);
        let Some(id) = (1..=limit).find(|i| !self.channels.contains_key(i)) else {
            return bip_error(BipError::NO_CHANNEL_AVAILABLE);
        };
        let requested = c.buffer_size.size;
        let granted = requested.min(self.config.max_buffer_size);
        let state = match mode {
            ChannelMode::UiccServer { .. } => LinkState::Listen,
            ChannelMode::TerminalServer { .. } => LinkState::Established,
        };
        let ch = Channel {
            id,
            mode,
            state,
            buffer_size: granted,
            rx: VecDeque::new(),
            tx: Vec::new(),
        };
        let status = ch.status();
        self.channels.insert(id, ch);
        let general = if granted == requested {
            GeneralResult::SUCCESS
        } else {
            GeneralResult::WITH_MODIFICATION
        };
        // A DM session waiting for the SCWS connects as soon as it listens.
        self.try_connect();
        (
            result(general),
            vec![
                CatObject::ChannelStatus(status),
                CatObject::BufferSize(pushwake_codecs::cat::objects::BufferSize {
                    size: granted,
                    cr: true,
                }),
            ],
        )
    }

    fn channel_of(&self, d: &DeviceIdentities) -> Option<u8> {
        d.destination
            .channel_number()
            .filter(|n| self.channels.contains_key(n))
    }

    fn close_channel(&mut self, c: &CloseChannel) -> (CommandResult, Vec<CatObject>) {
        if !self.config.bip {
            return self.beyond();
        }
        let Some(id) = self.channel_of(&c.device_identities) else {
            return bip_error(BipError::CHANNEL_ID_NOT_VALID);
        };
        self.fail_sessions_on(id, "the UICC closed the SCWS connection");
        let to_listen = c.details.qualifier & 0x01 == 0x01;
        match self.channels.get_mut(&id) {
            Some(ch) if to_listen && matches!(ch.mode, ChannelMode::UiccServer { .. }) => {
                ch.state = LinkState::Listen;
                ch.rx.clear();
                ch.tx.clear();
            }
            _ => {
                self.channels.remove(&id);
            }
        }
        (result(GeneralResult::SUCCESS), Vec::new())
    }

    fn receive_data(&mut self, c: &ReceiveData) -> (CommandResult, Vec<CatObject>) {
        if !self.config.bip {
            return self.beyond();
        }
        let Some(id) = self.channel_of(&c.device_identities) else {
            return bip_error(BipError::CHANNEL_ID_NOT_VALID);
        };
        let Some(ch) = self.channels.get_mut(&id) else {
            return bip_error(BipError::CHANNEL_ID_NOT_VALID);
        };
        if ch.state == LinkState::Dropped {
            return bip_error(BipError::CHANNEL_CLOSED);
        }
        let requested = usize::from(c.channel_data_length.length);
        let n = requested.min(MAX_RECEIVE_CHUNK).min(ch.rx.len());
        let data: Vec<u8> = ch.rx.drain(..n).collect();
        let remaining = ch.rx.len();
        // TS 102 223 6.4.29: fewer bytes than asked for is "command performed, with missing
        // information" unless the rest waits (the response could not carry more).
        let general = if n == requested || (n == MAX_RECEIVE_CHUNK && remaining > 0) {
            GeneralResult::SUCCESS
        } else {
            GeneralResult::MISSING_INFORMATION
        };
        (
            result(general),
            vec![
                CatObject::ChannelData(ChannelData {
                    data: Bytes(data),
                    cr: true,
                }),
                CatObject::ChannelDataLength(ChannelDataLength {
                    length: u8::try_from(remaining).unwrap_or(0xFF),
                    cr: true,
                }),
            ],
        )
    }

    fn send_data(&mut self, c: &SendData) -> (CommandResult, Vec<CatObject>) {
        if !self.config.bip {
            return self.beyond();
        }
        let Some(id) = self.channel_of(&c.device_identities) else {
            // No such channel: it was never opened, or it was closed (BIP-SEND-OPEN).
            return bip_error(BipError::CHANNEL_ID_NOT_VALID);
        };
        let closed_bug = self.trigger_bug(TerminalTriggerMutant::SendDataClosedAnswers00);
        let Some(ch) = self.channels.get_mut(&id) else {
            return bip_error(BipError::CHANNEL_ID_NOT_VALID);
        };
        match ch.state {
            LinkState::Established => {}
            LinkState::Dropped if closed_bug => {
                return (
                    result(GeneralResult::SUCCESS),
                    vec![free_tx(ch.buffer_size, 0)],
                );
            }
            LinkState::Dropped | LinkState::Listen => {
                return bip_error(BipError::CHANNEL_CLOSED);
            }
        }
        let data = &c.channel_data.data.0;
        if ch.tx.len().saturating_add(data.len())
            > usize::from(ch.buffer_size).min(MAX_CHANNEL_BUFFER)
        {
            // UNVERIFIED: the Tx buffer cannot take the data.
            return bip_error(BipError::BUFFER_SIZE_NOT_AVAILABLE);
        }
        ch.tx.extend_from_slice(data);
        let mut flushed = None;
        if c.details.qualifier & 0x01 == 0x01 {
            flushed = Some((ch.mode, std::mem::take(&mut ch.tx)));
        }
        let free = free_tx(ch.buffer_size, ch.tx.len());
        if let Some((mode, bytes)) = flushed {
            match mode {
                ChannelMode::TerminalServer { .. } => {
                    if !self.trigger_bug(TerminalTriggerMutant::DoesNotConveySendData) {
                        // DM_SC 7.1 step 2: the device conveys the data to the DM Client.
                        let verdict = self.dm_notify(&bytes);
                        self.notifications
                            .push((NotificationSource::SendData, verdict));
                        self.try_connect();
                    }
                }
                ChannelMode::UiccServer { .. } => self.http_from_card(id, &bytes),
            }
        }
        (result(GeneralResult::SUCCESS), vec![free])
    }

    // ---------------------------------------------------------------- BIP gateway

    /// Bytes from the terminal side into a channel's Rx buffer: the card learns of them by the
    /// data available event when the buffer was empty (TS 102 223 7.5.10).
    fn deliver_to_card(&mut self, id: u8, bytes: &[u8]) {
        let Some(ch) = self.channels.get_mut(&id) else {
            return;
        };
        let was_empty = ch.rx.is_empty();
        let room = MAX_CHANNEL_BUFFER.saturating_sub(ch.rx.len());
        ch.rx.extend(bytes.iter().take(room));
        let len = ch.rx.len();
        let status = ch.status();
        if was_empty && len > 0 {
            self.event_download(
                EventCode::DATA_AVAILABLE,
                vec![
                    CatObject::ChannelStatus(status),
                    CatObject::ChannelDataLength(ChannelDataLength {
                        length: u8::try_from(len).unwrap_or(0xFF),
                        cr: true,
                    }),
                ],
            );
        }
    }

    /// Connect a DM session waiting for the SCWS to a listening UICC server channel on the
    /// AppAddr's port.
    fn try_connect(&mut self) {
        let Some(idx) = self
            .sessions
            .iter()
            .position(|s| s.phase == SessionPhase::Connecting)
        else {
            return;
        };
        let addr = self.app_addr();
        let Some((_, port, _)) = parse_app_addr(&addr) else {
            if let Some(s) = self.sessions.get_mut(idx) {
                s.phase = SessionPhase::Failed {
                    reason: format!("AppAddr {addr} is not https://host:port/path"),
                };
            }
            return;
        };
        let Some(id) = self
            .channels
            .values()
            .find(|c| c.mode == ChannelMode::UiccServer { port } && c.state == LinkState::Listen)
            .map(|c| c.id)
        else {
            return;
        };
        let Some(ch) = self.channels.get_mut(&id) else {
            return;
        };
        ch.state = LinkState::Established;
        let status = ch.status();
        let session_id = match self.sessions.get_mut(idx) {
            Some(s) => {
                s.channel = Some(id);
                s.phase = SessionPhase::AwaitingPackage2;
                s.session_id
            }
            None => return,
        };
        self.http_in.clear();
        self.event_download(
            EventCode::CHANNEL_STATUS,
            vec![CatObject::ChannelStatus(status)],
        );
        let request = self.http_request(&self.package1(session_id));
        self.deliver_to_card(id, &request);
    }

    fn fail_sessions_on(&mut self, channel: u8, reason: &str) {
        for s in &mut self.sessions {
            let live = matches!(
                s.phase,
                SessionPhase::AwaitingPackage2 | SessionPhase::AwaitingPackage4
            );
            if live && s.channel == Some(channel) {
                s.phase = SessionPhase::Failed {
                    reason: reason.to_owned(),
                };
            }
        }
    }

    // ---------------------------------------------------------------- DM Client

    fn app_addr(&self) -> String {
        if self.trigger_bug(TerminalTriggerMutant::WrongAppAddr) {
            self.config.app_addr.replace("/OMA/DM", "/DM")
        } else {
            self.config.app_addr.clone()
        }
    }

    /// The DM Client's check of a General Package #0 (DM_SC 7.1 step 3, DM Notification 1.2).
    fn dm_notify(&mut self, pkg: &[u8]) -> NotificationVerdict {
        let p = match pkg0::decode_accepting(pkg, pkg0::DM12_VERSIONS) {
            Ok(p) => p,
            Err(e) => {
                return NotificationVerdict::Malformed {
                    reason: e.to_string(),
                };
            }
        };
        if p.server_identifier != self.config.dm_server_id
            && !self.trigger_bug(TerminalTriggerMutant::SessionOnWrongServerId)
        {
            return NotificationVerdict::OtherServer {
                server_id: p.server_identifier,
            };
        }
        let nonce = pushwake_codecs::hex::decode(&self.config.dm_server_nonce).unwrap_or_default();
        // The mutant takes the notification's ServerID for the DM_SC account's.
        let account_id = if self.trigger_bug(TerminalTriggerMutant::SessionOnWrongServerId) {
            p.server_identifier.as_bytes()
        } else {
            self.config.dm_server_id.as_bytes()
        };
        let digest_ok = pkg0::verify_digest(
            pkg,
            account_id,
            self.config.dm_server_password.as_bytes(),
            &nonce,
        )
        .is_ok();
        if !digest_ok && !self.trigger_bug(TerminalTriggerMutant::IgnoresBadDigest) {
            return NotificationVerdict::BadDigest;
        }
        let busy = self.sessions.iter().any(|s| {
            matches!(
                s.phase,
                SessionPhase::Connecting
                    | SessionPhase::AwaitingPackage2
                    | SessionPhase::AwaitingPackage4
            )
        });
        if busy {
            return NotificationVerdict::Busy;
        }
        self.sessions.push(DmSession {
            session_id: p.session_id,
            channel: None,
            phase: SessionPhase::Connecting,
            commands: Vec::new(),
        });
        NotificationVerdict::Accepted {
            session_id: p.session_id,
        }
    }

    fn session_id_text(&self, id: u16) -> String {
        if self.trigger_bug(TerminalTriggerMutant::WrongSessionId) {
            id.to_string()
        } else {
            // DM Notification 1.2: uppercase hex without leading zeros.
            format!("{id:X}")
        }
    }

    fn sync_hdr(&self, session_id: u16, msg_id: u32) -> String {
        format!(
            "<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>{}</SessionID>\
             <MsgID>{msg_id}</MsgID><Target><LocURI>{}</LocURI></Target><Source><LocURI>{}</LocURI>\
             </Source></SyncHdr>",
            self.session_id_text(session_id),
            xml_escape(&self.config.dm_server_id),
            xml_escape(&self.config.device_id),
        )
    }

    /// SyncML package 1: the client's answer to a server-initiated notification, Alert 1200
    /// (OMA DM Protocol 1.2, "server-initiated management").
    fn package1(&self, session_id: u16) -> String {
        format!(
            "<SyncML xmlns=\"SYNCML:SYNCML1.2\">{}<SyncBody><Alert><CmdID>1</CmdID>\
             <Data>1200</Data></Alert><Final/></SyncBody></SyncML>",
            self.sync_hdr(session_id, 1)
        )
    }

    /// SyncML package 3: the status of the header and of every command of package 2 (the
    /// results of seed 002 step 7).
    fn package3(&self, session_id: u16, commands: &[(String, u16, u16)]) -> String {
        let mut body = String::from(
            "<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd>\
             <Data>200</Data></Status>",
        );
        for (i, (name, cmd_id, code)) in commands.iter().enumerate() {
            body.push_str(&format!(
                "<Status><CmdID>{}</CmdID><MsgRef>1</MsgRef><CmdRef>{cmd_id}</CmdRef>\
                 <Cmd>{name}</Cmd><Data>{code}</Data></Status>",
                i.saturating_add(2)
            ));
        }
        format!(
            "<SyncML xmlns=\"SYNCML:SYNCML1.2\">{}<SyncBody>{body}<Final/></SyncBody></SyncML>",
            self.sync_hdr(session_id, 2)
        )
    }

    fn http_request(&self, body: &str) -> Vec<u8> {
        let addr = self.app_addr();
        let (host, port, path) =
            parse_app_addr(&addr).unwrap_or_else(|| ("127.0.0.1".to_owned(), 0, "/".to_owned()));
        format!(
            "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\
             Content-Type: application/vnd.syncml.dm+xml\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    }

    /// Data the card sent on the SCWS channel: the HTTP response for the DM Client.
    fn http_from_card(&mut self, channel: u8, bytes: &[u8]) {
        let Some(idx) = self.sessions.iter().position(|s| {
            s.channel == Some(channel)
                && matches!(
                    s.phase,
                    SessionPhase::AwaitingPackage2 | SessionPhase::AwaitingPackage4
                )
        }) else {
            return;
        };
        if self.http_in.len().saturating_add(bytes.len()) > MAX_HTTP_RESPONSE {
            self.http_in.clear();
            self.end_session(idx, channel, Err("HTTP response too long".to_owned()));
            return;
        }
        self.http_in.extend_from_slice(bytes);
        let body = match parse_http_response(&self.http_in) {
            Ok(None) => return,
            Ok(Some((200, body))) => body,
            Ok(Some((code, _))) => {
                self.http_in.clear();
                self.end_session(idx, channel, Err(format!("HTTP status {code}")));
                return;
            }
            Err(e) => {
                self.http_in.clear();
                self.end_session(idx, channel, Err(e));
                return;
            }
        };
        self.http_in.clear();
        let Some(session) = self.sessions.get(idx) else {
            return;
        };
        let session_id = session.session_id;
        match session.phase {
            SessionPhase::AwaitingPackage2 => {
                let commands = management_commands(&body);
                let mut answered = Vec::new();
                for cmd in &commands {
                    let code = match cmd.name.as_str() {
                        "Add" | "Replace" => {
                            for (target, data) in &cmd.items {
                                self.provisioned.insert(target.clone(), data.clone());
                            }
                            200
                        }
                        "Delete" => {
                            for (target, _) in &cmd.items {
                                self.provisioned.remove(target);
                            }
                            200
                        }
                        // Optional feature not supported (OMA DM Representation Protocol).
                        _ => 406,
                    };
                    answered.push((cmd.name.clone(), cmd.cmd_id, code));
                }
                if let Some(s) = self.sessions.get_mut(idx) {
                    s.commands = answered
                        .iter()
                        .map(|(n, _, code)| (n.clone(), *code))
                        .collect();
                }
                if answered.is_empty() {
                    self.end_session(idx, channel, Ok(()));
                } else if self.trigger_bug(TerminalTriggerMutant::NoResults) {
                    if let Some(s) = self.sessions.get_mut(idx) {
                        s.phase = SessionPhase::AwaitingPackage4;
                    }
                } else {
                    if let Some(s) = self.sessions.get_mut(idx) {
                        s.phase = SessionPhase::AwaitingPackage4;
                    }
                    let request = self.http_request(&self.package3(session_id, &answered));
                    self.deliver_to_card(channel, &request);
                }
            }
            SessionPhase::AwaitingPackage4 => self.end_session(idx, channel, Ok(())),
            _ => {}
        }
    }

    /// The session ends: the DM Client closes its connection, the channel goes back to LISTEN
    /// and the card hears of it by a channel status event.
    fn end_session(&mut self, idx: usize, channel: u8, outcome: Result<(), String>) {
        if let Some(s) = self.sessions.get_mut(idx) {
            s.phase = match outcome {
                Ok(()) => SessionPhase::Completed,
                Err(reason) => SessionPhase::Failed { reason },
            };
        }
        if let Some(ch) = self.channels.get_mut(&channel)
            && ch.state == LinkState::Established
        {
            ch.state = LinkState::Listen;
            ch.rx.clear();
            ch.tx.clear();
            let status = ch.status();
            self.event_download(
                EventCode::CHANNEL_STATUS,
                vec![CatObject::ChannelStatus(status)],
            );
        }
    }
}

// -------------------------------------------------------------------- helpers

fn terminal_to_uicc() -> DeviceIdentities {
    DeviceIdentities {
        source: DeviceId::TERMINAL,
        destination: DeviceId::UICC,
        cr: true,
    }
}

fn result(general: GeneralResult) -> CommandResult {
    CommandResult {
        general,
        additional: Bytes::default(),
        cr: true,
    }
}

fn bip_error(cause: BipError) -> (CommandResult, Vec<CatObject>) {
    (
        CommandResult {
            general: GeneralResult::BIP_ERROR,
            additional: Bytes(vec![cause.0]),
            cr: true,
        },
        Vec::new(),
    )
}

fn free_tx(buffer_size: u16, used: usize) -> CatObject {
    let free = usize::from(buffer_size).saturating_sub(used);
    CatObject::ChannelDataLength(ChannelDataLength {
        length: u8::try_from(free).unwrap_or(0xFF),
        cr: true,
    })
}

/// A timer value of `secs` seconds (hours capped at 99).
fn timer_value(secs: u32) -> TimerValue {
    let hours = (secs / 3600).min(99);
    let minutes = (secs % 3600) / 60;
    let seconds = secs % 60;
    TimerValue {
        hours: u8::try_from(hours).unwrap_or(99),
        minutes: u8::try_from(minutes).unwrap_or(0),
        seconds: u8::try_from(seconds).unwrap_or(0),
        cr: true,
    }
}

/// MCC and MNC as TS 24.008 10.5.1.3 codes them (a two-digit MNC when it is below 100).
fn plmn_bytes(mcc: u16, mnc: u16) -> [u8; 3] {
    let digit = |n: u16, p: u32| u8::try_from((n / 10u16.pow(p)) % 10).unwrap_or(0);
    let (m1, m2, m3) = (digit(mcc, 2), digit(mcc, 1), digit(mcc, 0));
    let (n1, n2, n3) = if mnc > 99 {
        (digit(mnc, 2), digit(mnc, 1), digit(mnc, 0))
    } else {
        (digit(mnc, 1), digit(mnc, 0), 0x0F)
    };
    [(m2 << 4) | m1, (n3 << 4) | m3, (n2 << 4) | n1]
}

fn location_information(mcc: u16, mnc: u16) -> LocationInformation {
    LocationInformation {
        mcc_mnc: plmn_bytes(mcc, mnc),
        lac: conventions::LAC,
        cell_id: Bytes(conventions::CELL_ID.to_be_bytes().to_vec()),
        cr: true,
    }
}

/// The dialled number as an address object (TS 102 223 8.1: TON/NPI, BCD digits, `F` filler).
fn dialled_address(number: &str) -> Address {
    let international = number.starts_with('+');
    let nibbles: Vec<u8> = number
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => c.to_digit(10).and_then(|d| u8::try_from(d).ok()),
            '*' => Some(0x0A),
            '#' => Some(0x0B),
            _ => None,
        })
        .take(40)
        .collect();
    let bcd = nibbles
        .chunks(2)
        .map(|p| match p {
            [a, b] => (b << 4) | a,
            [a] => 0xF0 | a,
            _ => 0xFF,
        })
        .collect();
    Address {
        ton_npi: if international { 0x91 } else { 0x81 },
        number: Bytes(bcd),
        cr: true,
    }
}

/// The DM Client's name in the GSM default alphabet, one character per byte (TS 23.038 6.2.1):
/// letters, digits, space and the common punctuation map to their ASCII codes; anything else
/// becomes `?`.
/// GSM 7-bit septets packed into octets (TS 23.038 6.1.2.1.1), as an SMS carries them: the
/// mutant `name-packed-dcs-04`'s coding.
fn pack_septets(septets: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc: u16 = 0;
    let mut bits = 0;
    for s in septets {
        acc |= u16::from(s & 0x7F) << bits;
        bits += 7;
        while bits >= 8 {
            out.push((acc & 0xFF) as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push((acc & 0xFF) as u8);
    }
    out
}

fn gsm_default_alphabet(name: &str) -> Vec<u8> {
    name.chars()
        .map(|c| match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | ' '
            | '!'
            | '"'
            | '%'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '?' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

/// The command details to echo for a command that did not decode: the first object when it is
/// a well-formed command details object, else zeros (TS 102 223 6.8 has nothing better).
fn raw_command_details(command: &[u8]) -> CommandDetails {
    let zeros = CommandDetails {
        number: 0,
        command_type: CommandType(0),
        qualifier: 0,
        cr: true,
    };
    // Skip the D0 tag and its length (one or two bytes) without trusting the length.
    let body = match command {
        [0xD0, 0x81, rest @ ..] => rest.get(1..).unwrap_or_default(),
        [0xD0, l, rest @ ..] if *l < 0x80 => rest,
        _ => return zeros,
    };
    let mut r = TlvReader::new(body);
    match r.read_ctlv("proactive command") {
        Ok(c) if c.tag.value == 0x01 => match c.value {
            [n, t, q] => CommandDetails {
                number: *n,
                command_type: CommandType(*t),
                qualifier: *q,
                cr: true,
            },
            _ => zeros,
        },
        _ => zeros,
    }
}

/// The General Package #0 of an over-the-air DM notification: an SMS-DELIVER (TS 23.040
/// 9.2.2.1) whose user data header addresses WDP port 2948 and whose user data is a WSP push of
/// `application/vnd.syncml.notification` (OMA DM Notification 1.2, WAP-259 / WAP-230). An
/// SMS-SUBMIT of the same content (what SEND SHORT MESSAGE carried) is accepted too, so that a
/// tester may loop the card's TPDU back unchanged.
pub fn notification_from_sms(tpdu: &[u8]) -> Result<Vec<u8>, String> {
    let first = *tpdu.first().ok_or("empty TPDU")?;
    match first & 0x03 {
        0x00 => {}
        0x01 => {
            let t = TriggerSms::decode(tpdu).map_err(|e| e.to_string())?;
            return t.notification.encode().map_err(|e| e.to_string());
        }
        mti => {
            return Err(format!(
                "TP-MTI {mti} is neither SMS-DELIVER nor SMS-SUBMIT"
            ));
        }
    }
    let udhi = first & 0x40 != 0;
    let oa_digits = usize::from(*tpdu.get(1).ok_or("SMS-DELIVER TP-OA truncated at byte 1")?);
    if oa_digits > sms::MAX_ADDRESS_DIGITS {
        return Err(format!("SMS-DELIVER TP-OA of {oa_digits} digits at byte 1"));
    }
    // TP-OA: length, type of address, semi-octets; then TP-PID, TP-DCS, TP-SCTS (7), TP-UDL.
    let pid_at = 3 + oa_digits.div_ceil(2);
    let dcs = *tpdu.get(pid_at + 1).ok_or(format!(
        "SMS-DELIVER TP-DCS truncated at byte {}",
        pid_at + 1
    ))?;
    if !sms::octet_coded(dcs) {
        return Err(format!("SMS-DELIVER TP-DCS {dcs:#04x} is not 8-bit data"));
    }
    let udl_at = pid_at + 9;
    let udl = usize::from(
        *tpdu
            .get(udl_at)
            .ok_or(format!("SMS-DELIVER TP-UDL truncated at byte {udl_at}"))?,
    );
    let ud = tpdu
        .get(udl_at + 1..)
        .filter(|ud| ud.len() == udl)
        .ok_or(format!(
            "SMS-DELIVER TP-UD length disagrees with TP-UDL at byte {udl_at}"
        ))?;
    if !udhi {
        return Err("SMS-DELIVER without a user data header (no WDP port)".to_owned());
    }
    let udhl = usize::from(*ud.first().ok_or("TP-UDH truncated")?);
    let header = ud.get(1..1 + udhl).ok_or("TP-UDH longer than TP-UD")?;
    let payload = ud.get(1 + udhl..).unwrap_or_default();
    let mut port = None;
    let mut rest = header;
    while let [iei, len, tail @ ..] = rest {
        let len = usize::from(*len);
        let data = tail
            .get(..len)
            .ok_or("TP-UDH information element truncated")?;
        if *iei == 0x05
            && let [d0, d1, _, _] = data
        {
            port = Some(u16::from_be_bytes([*d0, *d1]));
        }
        rest = tail.get(len..).unwrap_or_default();
    }
    if port != Some(conventions::DM_NOTIFICATION_WDP_PORT) {
        return Err(format!("WDP destination port {port:?}, not 2948"));
    }
    let push = wsp::WspPush::decode(payload).map_err(|e| e.to_string())?;
    if !push.headers.content_type.is_syncml_notification() {
        return Err("WSP push content type is not application/vnd.syncml.notification".to_owned());
    }
    Ok(push.data)
}

/// `https://host:port/path` split (the DM Client's AppAddr).
fn parse_app_addr(addr: &str) -> Option<(String, u16, String)> {
    let rest = addr
        .strip_prefix("https://")
        .or_else(|| addr.strip_prefix("http://"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    let (host, port) = authority.rsplit_once(':')?;
    Some((host.to_owned(), port.parse().ok()?, path.to_owned()))
}

/// A complete HTTP/1.1 response in `buf`: `Ok(None)` while incomplete, the status code and body
/// once `Content-Length` bytes of body are in (no chunked coding: the DM Client asks for none).
fn parse_http_response(buf: &[u8]) -> Result<Option<(u16, String)>, String> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if buf.len() > 8192 {
            Err("HTTP response headers over 8192 bytes".to_owned())
        } else {
            Ok(None)
        };
    };
    let head = std::str::from_utf8(buf.get(..end).unwrap_or_default()).map_err(|e| {
        format!(
            "HTTP response headers not UTF-8 at byte {}",
            e.valid_up_to()
        )
    })?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split(' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(format!("not an HTTP/1.x status line: {status_line:?}"));
    }
    let code: u16 = parts
        .next()
        .and_then(|c| c.parse().ok())
        .ok_or(format!("bad HTTP status line {status_line:?}"))?;
    let mut length = None;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
            if name.trim().eq_ignore_ascii_case("transfer-encoding") {
                return Err("HTTP transfer coding not supported by the DM Client".to_owned());
            }
        }
    }
    let length = length.ok_or("HTTP response without Content-Length")?;
    let body_start = end + 4;
    let have = buf.len().saturating_sub(body_start);
    if have < length {
        return Ok(None);
    }
    let body = buf
        .get(body_start..body_start.saturating_add(length))
        .unwrap_or_default();
    Ok(Some((code, String::from_utf8_lossy(body).into_owned())))
}

/// A management command of a SyncML package 2.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ManagementCommand {
    name: String,
    cmd_id: u16,
    items: Vec<(String, String)>,
}

/// The text between `<tag>` and `</tag>` (first occurrence).
fn inner<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = s.find(&open)?.saturating_add(open.len());
    let b = s.get(a..)?.find(&close)?.saturating_add(a);
    s.get(a..b)
}

/// The management commands of a SyncML body, in order (Add, Replace, Delete, Get, Exec, Copy,
/// Atomic, Sequence; Status and Results are the server's answers, not commands).
fn management_commands(xml: &str) -> Vec<ManagementCommand> {
    const NAMES: &[&str] = &[
        "Add", "Replace", "Delete", "Get", "Exec", "Copy", "Atomic", "Sequence",
    ];
    let Some(mut body) = inner(xml, "SyncBody") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Cap on the elements scanned: each step searches the rest of the body for a closing tag,
    // so an unbounded scan of a hostile 64 KiB body would be quadratic.
    let mut budget = 1024u32;
    while let Some(lt) = body.find('<') {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        let Some(after) = body.get(lt.saturating_add(1)..) else {
            break;
        };
        let name_len = after
            .find(|c: char| c == '>' || c == '/' || c.is_whitespace())
            .unwrap_or(after.len());
        let name = after.get(..name_len).unwrap_or_default();
        let close = format!("</{name}>");
        let (content, next) = match after.find(&close) {
            Some(end) => (
                after.get(..end).unwrap_or_default(),
                after
                    .get(end.saturating_add(close.len())..)
                    .unwrap_or_default(),
            ),
            None => {
                // Self-closing (<Final/>) or unterminated: step over the tag.
                let gt = after.find('>').map_or(after.len(), |g| g.saturating_add(1));
                ("", after.get(gt..).unwrap_or_default())
            }
        };
        if NAMES.contains(&name) && out.len() < 256 {
            let cmd_id = inner(content, "CmdID")
                .and_then(|c| c.trim().parse().ok())
                .unwrap_or(0);
            let mut items = Vec::new();
            let mut rest = content;
            while let Some(item) = inner(rest, "Item") {
                let target = inner(item, "Target")
                    .and_then(|t| inner(t, "LocURI"))
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                let data = inner(item, "Data").unwrap_or_default().trim().to_owned();
                items.push((target, data));
                let Some(pos) = rest.find("</Item>") else {
                    break;
                };
                rest = rest.get(pos.saturating_add(7)..).unwrap_or_default();
                if items.len() >= 256 {
                    break;
                }
            }
            out.push(ManagementCommand {
                name: name.to_owned(),
                cmd_id,
                items,
            });
        }
        body = next;
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
#[path = "terminal_tests.rs"]
mod tests;
