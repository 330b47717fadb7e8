//! The reference UICC: the DM_SC Server's Card Application Toolkit behaviour at the APDU level,
//! sans-IO. It implements [`Card`]: [`Card::reset`] returns the ATR, [`Card::transmit`] answers one
//! command APDU with its response APDU. Written from the specifications (ETSI TS 102 221 clause 10,
//! TS 102 223, the DM_SC TS seed clauses 6-8 and the DM_SC AD flows of seed 002,
//! `specs/cat-bip.md`, `specs/dm-notification.md`), not from the models.
//!
//! What it does, in the order a session sees it:
//!
//! 1. TERMINAL PROFILE (TS 102 223 5.1, profile download): it records the profile and queues its
//!    registrations, each only when the profile declares the facility (CAT-PROFILE): SET UP EVENT
//!    LIST (location status for the roaming wake-up; data available and channel status for BIP),
//!    TIMER MANAGEMENT "start" of [`conv::WAKEUP_TIMER_ID`] with [`conv::WAKEUP_TIMER_SECS`]
//!    (regular-interval wake-up), OPEN CHANNEL in UICC server mode on port 4116 (the SCWS that
//!    serves the DM session, DM_SC TS 8.1 table 2). With [`UiccConfig::wake_on_power_on`] the
//!    profile download is itself a wake-up (DM_SC TS 6).
//! 2. Sequencing (TS 102 221 10.2.1.1, TS 102 223 6.2-6.4): a queued proactive command is announced
//!    with `91 xx` on the normal ending of any command; FETCH with Le = xx returns it; exactly one
//!    TERMINAL RESPONSE, echoing its command details, completes it; the next one is announced with
//!    the TERMINAL RESPONSE's status word. An ENVELOPE during a proactive session gets `93 00`
//!    (toolkit busy, the terminal retries). A command the terminal answers with general result `20`
//!    is retried at the next STATUS (up to [`UiccConfig::busy_retries`] times).
//! 3. Wake-ups (DM_SC TS 6): profile download, TIMER EXPIRATION of the wake-up timer (the timer is
//!    started again), the n-th STATUS in idle ([`UiccConfig::status_wakeup_polls`]), call control
//!    of [`conv::CUSTOMER_CARE_NUMBER`] (the call is allowed unmodified), a location status event
//!    reporting normal service in a network other than [`conv::HOME_PLMN`]. Event downloads are
//!    acted on only for events of the registered list (CAT-EVENT-LIST).
//! 4. The trigger (DM_SC TS 7): off-line (7.1): OPEN CHANNEL in terminal server mode on the port the
//!    terminal registered for the DM Client (Terminal Applications envelope, registry application
//!    data with application type `07`), SEND DATA with the DM Notification as a General Package #0,
//!    CLOSE CHANNEL; on-line (7.2): SEND SHORT MESSAGE with an SMS-SUBMIT to the device's own
//!    MSISDN carrying the notification as a WSP push to WDP port 2948.
//! 5. The DM session (seed 002, 5.2.1.1 steps 2-7): the DM Client's HTTP request arrives on the
//!    SCWS channel (event download data available, then RECEIVE DATA); the DM_SC Server answers with
//!    SEND DATA: package 2 with the provisioning data (a SyncML Replace), then accepts package 3
//!    (the results) and ends the session with package 4.
//!
//! Malformed APDUs are answered with the TS 102 221 10.2.1 status words: `67 00` wrong length
//! (Lc/Le inconsistent with the command's case), `6B 00` wrong P1-P2, `6D 00` instruction not
//! supported, `6E 00` class not supported, `6A 80` incorrect data field (a CAT message that does
//! not decode), `6C xx` wrong Le (FETCH, xx the exact length), `69 85` conditions of use not
//! satisfied (FETCH with nothing pending, a TERMINAL RESPONSE no fetched command awaits, a CAT
//! command before TERMINAL PROFILE). UNVERIFIED: which of `69 85` and `6F 00` TS 102 221 table
//! 10.16 lists for FETCH; we read `69 85` (conditions of use) as the precise one and could not
//! read the table's FETCH column.

use std::collections::VecDeque;

use pushwake_codecs::apdu::{CommandApdu, Instruction, StatusWord};
use pushwake_codecs::cat::envelope::{EventDownload, TerminalApplications};
use pushwake_codecs::cat::objects::{
    Address, BufferSize, CatObject, ChannelData, ChannelDataLength, CommandDetails,
    DeviceIdentities, EventList, OtherAddress, SmsTpdu, TimerIdentifier, TimerValue,
    TransportLevel,
};
use pushwake_codecs::cat::proactive::{
    CloseChannel, Details, OpenChannel, ReceiveData, SendData, SendShortMessage, SetUpEventList,
    TimerManagement,
};
use pushwake_codecs::cat::profile::Facility;
use pushwake_codecs::cat::{
    BipError, CommandType, DeviceId, Envelope, EventCode, GeneralResult, LocationStatusValue,
    ProactiveCommand, TerminalProfile, TerminalResponse, TransportProtocol,
};
use pushwake_codecs::pkg0::{Digest, Initiator, Package0, UiMode, Version};
use pushwake_codecs::sms::{self, InformationElement, TriggerSms};
use serde::{Deserialize, Serialize};

use super::uicc_mutants::{UiccMutant, UiccTriggerMutant as T, UiccWakeupMutant as W};
use crate::dmsc::Card;
use crate::dmsc::conventions as conv;

/// The ATR: TS `3B`, T0 `80` (TD1, no historical bytes), TD1 `80` (T=0, TD2 follows), TD2 `01`
/// (T=1), TCK `01` (ISO/IEC 7816-3 8.2: T=0 and T=1 offered). Our choice; a lab's card has its own.
pub const ATR: &[u8] = &[0x3B, 0x80, 0x80, 0x01, 0x01];

/// The transport protocol value the reference uses for OPEN CHANNEL in terminal server mode.
/// UNVERIFIED: TS 102 223 (Rel-7+) defines terminal server mode, `specs/cat-bip.md` could not give
/// the value; `07`, the first value after those of clause 8.59 we could read, is our placeholder
/// and [`UiccConfig::terminal_server_protocol`] overrides it.
pub const TERMINAL_SERVER_PROTOCOL: u8 = 0x07;

/// How many channel data bytes one SEND DATA / RECEIVE DATA carries: a proactive command and a
/// TERMINAL RESPONSE travel in one short APDU (TS 102 221 10.1.4, at most 255 data bytes); 200
/// leaves room for the other objects.
pub const CHANNEL_CHUNK: usize = 200;

/// Cap on the bytes of one HTTP request the SCWS buffers.
pub const MAX_HTTP_REQUEST: usize = 8192;

/// Facilities of the TERMINAL PROFILE the codec does not name (TS 102 223 5.2; [I]: from memory of
/// the clause's byte table, UNVERIFIED).
pub mod facility {
    use super::Facility;
    /// Timer expiration (byte 1 b6) [I].
    pub const TIMER_EXPIRATION: Facility = Facility {
        byte: 1,
        bit: 6,
        name: "timer expiration",
    };
    /// SEND SHORT MESSAGE (byte 4 b2) [I].
    pub const SEND_SHORT_MESSAGE: Facility = Facility {
        byte: 4,
        bit: 2,
        name: "SEND SHORT MESSAGE",
    };
    /// SET UP EVENT LIST (byte 5 b1) [I].
    pub const SET_UP_EVENT_LIST: Facility = Facility {
        byte: 5,
        bit: 1,
        name: "SET UP EVENT LIST",
    };
    /// TIMER MANAGEMENT start and stop (byte 8 b1) [I].
    pub const TIMER_MANAGEMENT: Facility = Facility {
        byte: 8,
        bit: 1,
        name: "TIMER MANAGEMENT (start, stop)",
    };
}

/// How the DM_SC Server triggers the DM session after a wake-up (DM_SC TS 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerMethod {
    /// Off-line (7.1): terminal server mode channel, SEND DATA with the Package #0.
    Offline,
    /// On-line (7.2): SEND SHORT MESSAGE with the notification.
    Online,
    /// No trigger (a wake-up-only configuration).
    None,
}

/// What the reference UICC registers and does. `Default` is the full DM_SC Server: every wake-up,
/// the off-line trigger with fall-back to on-line, the SCWS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct UiccConfig {
    /// The profile download is a wake-up (DM_SC TS 6, power on).
    pub wake_on_power_on: bool,
    /// Register the location status event; wake on normal service in a visited network.
    pub location_status: bool,
    /// Start the wake-up timer at profile download; wake on its expiration and start it again.
    pub timer: bool,
    /// Wake on every n-th STATUS while idle (`None`: STATUS never wakes the server).
    pub status_wakeup_polls: Option<u32>,
    /// Wake on call control of the customer-care number.
    pub call_control: bool,
    /// The trigger method.
    pub trigger: TriggerMethod,
    /// Use the on-line trigger when the off-line one cannot be used (the profile lacks class "e"
    /// or "k" facilities, or OPEN CHANNEL in terminal server mode is answered `30`).
    pub fallback_to_online: bool,
    /// Open the SCWS (UICC server mode, port 4116) at profile download and serve the DM session.
    pub scws: bool,
    /// Transport protocol value of OPEN CHANNEL in terminal server mode (UNVERIFIED, see
    /// [`TERMINAL_SERVER_PROTOCOL`]).
    pub terminal_server_protocol: u8,
    /// How often a command answered with general result `20` is tried again.
    pub busy_retries: u8,
    /// The Package #0 version field (UNVERIFIED which DM 1.2 mandates; 11 per libdmclient and a
    /// public transcription of DM Notification 1.2).
    pub notification_version: u16,
    /// The ATR.
    #[serde(with = "pushwake_codecs::hex::serde_lower")]
    pub atr: Vec<u8>,
}

impl Default for UiccConfig {
    fn default() -> Self {
        Self {
            wake_on_power_on: true,
            location_status: true,
            timer: true,
            status_wakeup_polls: None,
            call_control: true,
            trigger: TriggerMethod::Offline,
            fallback_to_online: true,
            scws: true,
            terminal_server_protocol: TERMINAL_SERVER_PROTOCOL,
            busy_retries: 3,
            notification_version: 11,
            atr: ATR.to_vec(),
        }
    }
}

impl UiccConfig {
    /// The `wakeup` protocol's card: every wake-up registered, no trigger and no SCWS, so that
    /// only the wake-up behaviour shows on the wire.
    pub fn wakeup_only() -> Self {
        Self {
            trigger: TriggerMethod::None,
            scws: false,
            fallback_to_online: false,
            ..Self::default()
        }
    }

    /// The `dm_trigger` protocol's card: no registration of its own (no location status, no
    /// timer), woken at power on, the off-line trigger with `fallback` to on-line, the SCWS.
    pub fn trigger_only(method: TriggerMethod, fallback: bool) -> Self {
        Self {
            location_status: false,
            timer: false,
            call_control: false,
            trigger: method,
            fallback_to_online: fallback,
            ..Self::default()
        }
    }
}

/// Why the DM_SC Server woke (DM_SC TS 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WakeReason {
    /// Profile download after power on.
    PowerOn,
    /// Expiration of the wake-up timer.
    Timer,
    /// The n-th STATUS.
    Status,
    /// Call control of the customer-care number.
    CallControl,
    /// Location status: normal service in a visited network.
    Roaming,
}

/// What the reference did that does not show on the wire as such: for tests and reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// The DM_SC Server woke.
    WokeUp {
        /// Why.
        reason: WakeReason,
    },
    /// A wake-up while a trigger was already running (folded into it).
    Coalesced {
        /// Why.
        reason: WakeReason,
    },
    /// A registration the profile does not allow was left out (CAT-PROFILE).
    NotDeclared {
        /// The facility.
        facility: String,
    },
    /// The notification went out.
    Notified {
        /// How.
        method: TriggerMethod,
    },
    /// The trigger failed; the DM_SC Server reports it (no session follows).
    TriggerFailed {
        /// Why.
        reason: String,
    },
    /// A proactive command ended with a result other than success.
    CommandFailed {
        /// Its command type.
        command_type: u8,
        /// The general result.
        result: u8,
        /// Additional information, hex.
        additional: String,
    },
    /// A command answered `20` is retried later.
    Deferred {
        /// Its command type.
        command_type: u8,
    },
    /// The DM Client's HTTP request was refused with 400.
    DmRequestRejected {
        /// Why.
        reason: String,
    },
    /// Package 2 with the provisioning data was sent.
    ProvisioningSent,
    /// Package 3 (the results) was accepted.
    ResultsAccepted {
        /// Whether the results said 200 for the provisioning command.
        ok: bool,
    },
}

/// Why a queued proactive command was sent: what its TERMINAL RESPONSE drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Purpose {
    EventList,
    TimerStart,
    ScwsOpen,
    TsmOpen,
    SendNotification(u8),
    CloseTsm(u8),
    Sms,
    ReceiveScws(u8),
    SendScws(u8),
}

#[derive(Clone, Debug)]
struct Queued {
    command: ProactiveCommand,
    purpose: Purpose,
    retries: u8,
}

#[derive(Clone, Debug)]
struct Outstanding {
    queued: Queued,
    bytes: Vec<u8>,
    details: CommandDetails,
    fetched: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    Idle,
    AwaitingRegistration,
    Opening,
    Sending(u8),
    Closing(u8),
    SendingSms,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DmPhase {
    Idle,
    ProvisioningSent,
}

/// The reference UICC (see the module documentation).
#[derive(Debug)]
pub struct ReferenceUicc {
    config: UiccConfig,
    mutant: Option<UiccMutant>,
    profile: Option<TerminalProfile>,
    queue: VecDeque<Queued>,
    outstanding: Option<Outstanding>,
    deferred: Option<Queued>,
    next_number: u8,
    registered_events: Vec<EventCode>,
    timer_running: bool,
    status_polls: u32,
    roaming: bool,
    dm_client_port: Option<u16>,
    scws_channel: Option<u8>,
    trigger: Trigger,
    tsm_channel: Option<u8>,
    expected_session: Option<u16>,
    dm_phase: DmPhase,
    http_rx: Vec<u8>,
    notes: Vec<Note>,
}

impl Default for ReferenceUicc {
    fn default() -> Self {
        Self::new(UiccConfig::default())
    }
}

/// The R-APDU of a bare status word.
fn sw(word: StatusWord) -> Vec<u8> {
    word.encode()
}

/// The 3-byte PLMN coding of TS 24.008 10.5.1.3 (MCC digit 2|1, MNC digit 3|MCC digit 3, MNC
/// digit 2|1; a two-digit MNC has `F` as its third digit).
pub fn plmn_bytes(mcc: u16, mnc: u16) -> [u8; 3] {
    let d = |n: u16, k: u32| u8::try_from((n / 10u16.pow(k)) % 10).unwrap_or(0);
    let (m1, m2, m3) = (d(mcc, 2), d(mcc, 1), d(mcc, 0));
    let (n1, n2, n3) = if mnc < 100 {
        (d(mnc, 1), d(mnc, 0), 0x0F)
    } else {
        (d(mnc, 2), d(mnc, 1), d(mnc, 0))
    };
    [(m2 << 4) | m1, (n3 << 4) | m3, (n2 << 4) | n1]
}

/// The digits of a BCD dialling number (TS 102 223 8.1, TS 31.102 EF-ADN: low nibble first, `F`
/// ends it); `A`-`E` map to `*#abc`.
pub fn bcd_digits(number: &[u8]) -> String {
    let mut out = String::new();
    for b in number {
        for n in [b & 0x0F, b >> 4] {
            match n {
                0..=9 => out.push(char::from(b'0' + n)),
                0x0A => out.push('*'),
                0x0B => out.push('#'),
                0x0C => out.push('a'),
                0x0D => out.push('b'),
                0x0E => out.push('c'),
                _ => return out,
            }
        }
    }
    out
}

impl ReferenceUicc {
    /// A conforming card with this configuration.
    pub fn new(config: UiccConfig) -> Self {
        Self::with_mutant(config, None)
    }

    /// A card with this configuration and, optionally, one deliberate bug.
    pub fn with_mutant(config: UiccConfig, mutant: Option<UiccMutant>) -> Self {
        Self {
            config,
            mutant,
            profile: None,
            queue: VecDeque::new(),
            outstanding: None,
            deferred: None,
            next_number: 1,
            registered_events: Vec::new(),
            timer_running: false,
            status_polls: 0,
            roaming: false,
            dm_client_port: None,
            scws_channel: None,
            trigger: Trigger::Idle,
            tsm_channel: None,
            expected_session: None,
            dm_phase: DmPhase::Idle,
            http_rx: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &UiccConfig {
        &self.config
    }

    /// The mutant, if any.
    pub fn mutant(&self) -> Option<UiccMutant> {
        self.mutant
    }

    /// What happened so far that is not itself an APDU (wake-ups, failures, the DM session).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// The events of the list the terminal accepted (SET UP EVENT LIST answered with success).
    pub fn registered_events(&self) -> &[EventCode] {
        &self.registered_events
    }

    /// The port the terminal registered for the DM Client, if any.
    pub fn dm_client_port(&self) -> Option<u16> {
        self.dm_client_port
    }

    /// Whether a proactive command is pending or fetched (a proactive session is running).
    pub fn proactive_session(&self) -> bool {
        self.outstanding.is_some()
    }

    fn is(&self, m: impl Into<UiccMutant>) -> bool {
        self.mutant == Some(m.into())
    }

    fn note(&mut self, n: Note) {
        self.notes.push(n);
    }

    fn supports(&self, f: Facility) -> bool {
        self.profile.as_ref().is_some_and(|p| p.supports(f))
    }

    /// Whether the profile allows `f`; notes a facility left out.
    fn allowed(&mut self, f: Facility) -> bool {
        if self.is(W::IgnoresTerminalProfile) || self.supports(f) {
            true
        } else {
            self.note(Note::NotDeclared {
                facility: f.name.to_owned(),
            });
            false
        }
    }

    fn details(&mut self, qualifier: u8) -> Details {
        let number = self.next_number;
        self.next_number = if number >= 0xFE { 1 } else { number + 1 };
        Details {
            number,
            qualifier,
            cr: true,
        }
    }

    fn ids(destination: DeviceId) -> DeviceIdentities {
        DeviceIdentities {
            source: DeviceId::UICC,
            destination,
            cr: true,
        }
    }

    fn enqueue(&mut self, command: ProactiveCommand, purpose: Purpose) {
        self.queue.push_back(Queued {
            command,
            purpose,
            retries: 0,
        });
    }

    // ---- registrations (profile download) ----

    fn on_profile(&mut self) {
        self.queue.clear();
        self.outstanding = None;
        self.deferred = None;
        self.registered_events.clear();
        self.timer_running = false;
        self.trigger = Trigger::Idle;
        let mut events = Vec::new();
        if self.config.location_status
            && !self.is(W::EventListDropsLocationStatus)
            && self.allowed(Facility::EVENT_LOCATION_STATUS)
        {
            events.push(EventCode::LOCATION_STATUS);
        }
        if self.config.scws || self.config.trigger == TriggerMethod::Offline {
            if self.allowed(Facility::EVENT_DATA_AVAILABLE) {
                events.push(EventCode::DATA_AVAILABLE);
            }
            if self.allowed(Facility::EVENT_CHANNEL_STATUS) {
                events.push(EventCode::CHANNEL_STATUS);
            }
        }
        if !events.is_empty() && self.allowed(facility::SET_UP_EVENT_LIST) {
            let details = self.details(0);
            let cmd = ProactiveCommand::SetUpEventList(SetUpEventList {
                details,
                device_identities: Self::ids(DeviceId::TERMINAL),
                event_list: EventList { events, cr: true },
                extra: Vec::new(),
            });
            self.enqueue(cmd, Purpose::EventList);
        }
        if self.config.timer
            && self.allowed(facility::TIMER_MANAGEMENT)
            && self.allowed(facility::TIMER_EXPIRATION)
        {
            self.enqueue_timer_start();
        }
        if self.config.scws
            && self.allowed(Facility::OPEN_CHANNEL)
            && self.allowed(Facility::TCP_UICC_SERVER)
            && self.allowed(Facility::RECEIVE_DATA)
            && self.allowed(Facility::SEND_DATA)
        {
            let port = if self.is(T::ScwsWrongPort) {
                80
            } else {
                conv::SCWS_PORT
            };
            let details = self.details(0);
            let cmd = ProactiveCommand::OpenChannel(OpenChannel {
                details,
                device_identities: Self::ids(DeviceId::TERMINAL),
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
                transport_level: Some(TransportLevel {
                    protocol: TransportProtocol::TCP_UICC_SERVER,
                    port: Some(port),
                    cr: true,
                }),
                data_destination_address: None,
                extra: Vec::new(),
            });
            self.enqueue(cmd, Purpose::ScwsOpen);
        }
        if self.config.wake_on_power_on {
            self.wake_up(WakeReason::PowerOn);
        }
    }

    fn timer_value(&self) -> TimerValue {
        let total = conv::WAKEUP_TIMER_SECS;
        let hours = u8::try_from((total / 3600).min(99)).unwrap_or(99);
        let minutes = u8::try_from((total / 60) % 60).unwrap_or(0);
        let mut seconds = u8::try_from(total % 60).unwrap_or(0);
        if self.is(W::WrongTimerValueEncoding) {
            // Plain BCD on the wire: the byte that nibble-swapped coding would read back as this.
            seconds = (seconds % 10) * 10 + seconds / 10;
        }
        TimerValue {
            hours,
            minutes,
            seconds,
            cr: true,
        }
    }

    fn enqueue_timer_start(&mut self) {
        let details = self.details(0x00);
        let timer_value = Some(self.timer_value());
        let cmd = ProactiveCommand::TimerManagement(TimerManagement {
            details,
            device_identities: Self::ids(DeviceId::TERMINAL),
            timer_identifier: TimerIdentifier {
                id: conv::WAKEUP_TIMER_ID,
                cr: true,
            },
            timer_value,
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::TimerStart);
    }

    // ---- wake-up and trigger ----

    fn wake_up(&mut self, reason: WakeReason) {
        if self.trigger != Trigger::Idle {
            self.note(Note::Coalesced { reason });
            return;
        }
        self.note(Note::WokeUp { reason });
        if self.is(T::NoNotificationAfterWakeup) {
            return;
        }
        match self.config.trigger {
            TriggerMethod::None => {}
            TriggerMethod::Online => self.start_online(),
            TriggerMethod::Offline => {
                let class_e = [
                    Facility::OPEN_CHANNEL,
                    Facility::SEND_DATA,
                    Facility::CLOSE_CHANNEL,
                    Facility::TERMINAL_APPLICATIONS,
                ]
                .iter()
                .all(|f| self.is(W::IgnoresTerminalProfile) || self.supports(*f));
                if !class_e {
                    self.offline_unusable("the TERMINAL PROFILE lacks class e/k facilities");
                } else if self.dm_client_port.is_none() {
                    self.trigger = Trigger::AwaitingRegistration;
                } else {
                    self.start_offline();
                }
            }
        }
    }

    fn offline_unusable(&mut self, why: &str) {
        if self.config.fallback_to_online {
            self.start_online();
        } else {
            self.trigger = Trigger::Idle;
            self.note(Note::TriggerFailed {
                reason: why.to_owned(),
            });
        }
    }

    fn next_free_channel(&self) -> u8 {
        let used = self.scws_channel.unwrap_or(0);
        if used == conv::FIRST_CHANNEL {
            conv::FIRST_CHANNEL + 1
        } else {
            conv::FIRST_CHANNEL
        }
    }

    fn start_offline(&mut self) {
        let Some(port) = self.dm_client_port else {
            self.trigger = Trigger::AwaitingRegistration;
            return;
        };
        if self.is(T::SendDataBeforeOpen) {
            let ch = self.next_free_channel();
            self.enqueue_notification(ch);
        }
        let (protocol, port, destination) = if self.is(T::OpenChannelClientMode) {
            (
                TransportProtocol::TCP_CLIENT_REMOTE,
                port,
                Some(OtherAddress::ipv4([127, 0, 0, 1])),
            )
        } else if self.is(T::OpenChannelWrongPort) {
            (
                TransportProtocol(self.config.terminal_server_protocol),
                conv::SCWS_PORT,
                None,
            )
        } else {
            (
                TransportProtocol(self.config.terminal_server_protocol),
                port,
                None,
            )
        };
        let details = self.details(0x00);
        let cmd = ProactiveCommand::OpenChannel(OpenChannel {
            details,
            device_identities: Self::ids(DeviceId::TERMINAL),
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
            transport_level: Some(TransportLevel {
                protocol,
                port: Some(port),
                cr: true,
            }),
            data_destination_address: destination,
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::TsmOpen);
        self.trigger = Trigger::Opening;
    }

    /// The DM Notification (DM_SC TS 7.1 step 2: a General Package #0, OMA DM Notification 1.2).
    pub fn notification(&self) -> Vec<u8> {
        if self.is(T::NotificationNotPkg0) {
            return format!("DM_SC notification session {:X}", conv::SESSION_ID).into_bytes();
        }
        let server = if self.is(T::WrongServerId) {
            conv::OTHER_SERVER_ID
        } else {
            conv::SERVER_ID
        };
        let password: &[u8] = if self.is(T::BadDigest) {
            b"wrong password"
        } else {
            conv::SERVER_PASSWORD
        };
        self.package0(server)
            .signed(password, conv::SERVER_NONCE)
            .and_then(|p| p.encode())
            .unwrap_or_default()
    }

    fn package0(&self, server: &str) -> Package0 {
        Package0 {
            digest: Digest([0; 16]),
            version: Version(self.config.notification_version & 0x3FF),
            ui_mode: UiMode::BACKGROUND,
            initiator: Initiator::SERVER,
            future_use: 0,
            session_id: conv::SESSION_ID,
            server_identifier: server.to_owned(),
            vendor_specific: Vec::new(),
        }
    }

    fn enqueue_notification(&mut self, channel: u8) {
        let data = self.notification();
        let details = self.details(0x01);
        let cmd = ProactiveCommand::SendData(SendData {
            details,
            device_identities: Self::ids(DeviceId::channel(channel)),
            alpha_identifier: None,
            channel_data: ChannelData {
                data: pushwake_codecs::cat::Bytes(data),
                cr: true,
            },
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::SendNotification(channel));
    }

    fn enqueue_close(&mut self, channel: u8) {
        let details = self.details(0x00);
        let named = if !self.is(T::ClosesWrongChannel) {
            channel
        } else if channel == 1 {
            2
        } else {
            1
        };
        let cmd = ProactiveCommand::CloseChannel(CloseChannel {
            details,
            device_identities: Self::ids(DeviceId::channel(named)),
            alpha_identifier: None,
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::CloseTsm(channel));
    }

    /// The on-line trigger's SMS-SUBMIT TPDU (DM_SC TS 7.2; OMA DM Notification over WAP push).
    pub fn trigger_sms(&self) -> Vec<u8> {
        let digits = if self.is(T::SmsWrongAddress) {
            "15555550199".to_owned()
        } else {
            conv::OWN_MSISDN.trim_start_matches('+').to_owned()
        };
        let Ok(pkg) = self
            .package0(conv::SERVER_ID)
            .signed(conv::SERVER_PASSWORD, conv::SERVER_NONCE)
        else {
            return Vec::new();
        };
        let mut sms = TriggerSms::new(
            sms::Address {
                type_of_address: 0x91,
                digits,
            },
            pkg,
        );
        if self.is(T::SmsWrongPort) {
            sms.user_data_header = vec![InformationElement::ApplicationPort16 {
                destination_port: conv::DM_NOTIFICATION_WDP_PORT + 1,
                originator_port: sms::WAP_WSP_PORT,
            }];
        }
        sms.encode().unwrap_or_default()
    }

    fn start_online(&mut self) {
        if !(self.is(W::IgnoresTerminalProfile) || self.supports(facility::SEND_SHORT_MESSAGE)) {
            self.trigger = Trigger::Idle;
            self.note(Note::TriggerFailed {
                reason: "neither the off-line nor the on-line trigger is declared in the TERMINAL PROFILE".to_owned(),
            });
            return;
        }
        let tpdu = self.trigger_sms();
        let details = self.details(0x00);
        let cmd = ProactiveCommand::SendShortMessage(SendShortMessage {
            details,
            device_identities: Self::ids(DeviceId::NETWORK),
            alpha_identifier: None,
            address: None,
            sms_tpdu: SmsTpdu {
                tpdu: pushwake_codecs::cat::Bytes(tpdu),
                cr: true,
            },
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::Sms);
        self.trigger = Trigger::SendingSms;
    }

    // ---- APDU dispatch ----

    /// Finishes a command whose normal ending is `90 00`: announces the next proactive command
    /// with `91 xx` (TS 102 221 10.2.1.1).
    fn finish(&mut self, mut data: Vec<u8>) -> Vec<u8> {
        if self.outstanding.is_none() {
            while let Some(q) = self.queue.pop_front() {
                match q.command.encode() {
                    Ok(bytes) if bytes.len() <= 256 => {
                        let details = q.command.command_details();
                        self.outstanding = Some(Outstanding {
                            queued: q,
                            bytes,
                            details,
                            fetched: false,
                        });
                        break;
                    }
                    _ => self.note(Note::TriggerFailed {
                        reason: "a proactive command did not encode into one APDU".to_owned(),
                    }),
                }
            }
        }
        let pending = self
            .outstanding
            .as_ref()
            .filter(|o| !o.fetched)
            .map(|o| o.bytes.len());
        let word = match pending {
            Some(_) if self.is(W::ProactiveWithout91xx) => StatusWord::OK,
            Some(n) => {
                let n = if self.is(W::WrongLeIn91xx) { n + 1 } else { n };
                // 256 bytes is announced as `91 00` (Le `00` = 256).
                StatusWord::new(0x91, u8::try_from(n % 256).unwrap_or(0))
            }
            None => StatusWord::OK,
        };
        data.extend_from_slice(&word.encode());
        data
    }

    fn fetch(&mut self, apdu: &CommandApdu) -> Vec<u8> {
        if apdu.p1 != 0 || apdu.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1_P2);
        }
        if !apdu.data.0.is_empty() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let Some(le) = apdu.le else {
            return sw(StatusWord::WRONG_LENGTH);
        };
        let Some(o) = self.outstanding.as_mut().filter(|o| !o.fetched) else {
            if self.is(W::FetchWithoutPendingOk) {
                return sw(StatusWord::OK);
            }
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        if usize::from(le) != o.bytes.len() {
            let exact = u8::try_from(o.bytes.len() % 256).unwrap_or(0);
            return sw(StatusWord::new(0x6C, exact));
        }
        o.fetched = true;
        let mut out = o.bytes.clone();
        out.extend_from_slice(&StatusWord::OK.encode());
        out
    }

    fn terminal_profile(&mut self, apdu: &CommandApdu) -> Vec<u8> {
        if apdu.p1 != 0 || apdu.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1_P2);
        }
        if apdu.data.0.is_empty() || apdu.le.is_some() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        match TerminalProfile::decode(&apdu.data.0) {
            Ok(p) => {
                self.profile = Some(p);
                self.on_profile();
                self.finish(Vec::new())
            }
            Err(_) => sw(StatusWord::WRONG_LENGTH),
        }
    }

    fn status(&mut self, apdu: &CommandApdu) -> Vec<u8> {
        // TS 102 221 11.1.2: P1 00/01/02, P2 00 (FCP), 01 (DF name), 0C (no data).
        if apdu.p1 > 0x02 || !matches!(apdu.p2, 0x00 | 0x0C) {
            return sw(StatusWord::INCORRECT_P1_P2);
        }
        if !apdu.data.0.is_empty() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        if let Some(d) = self.deferred.take() {
            self.queue.push_front(d);
        }
        let idle = self.outstanding.is_none() && self.queue.is_empty();
        if idle
            && self.trigger == Trigger::Idle
            && let Some(n) = self.config.status_wakeup_polls
        {
            self.status_polls = self.status_polls.saturating_add(1);
            if self.status_polls >= n.max(1) {
                self.status_polls = 0;
                self.wake_up(WakeReason::Status);
            }
        }
        // The FCP of the MF, minimal (file descriptor DF, file id 3F00), when asked for it.
        let data = if apdu.p2 == 0x00 {
            vec![0x62, 0x08, 0x82, 0x02, 0x78, 0x21, 0x83, 0x02, 0x3F, 0x00]
        } else {
            Vec::new()
        };
        if self.is(W::StatusIgnoresPending) {
            let mut out = data;
            out.extend_from_slice(&StatusWord::OK.encode());
            return out;
        }
        self.finish(data)
    }

    fn terminal_response(&mut self, apdu: &CommandApdu) -> Vec<u8> {
        if apdu.p1 != 0 || apdu.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1_P2);
        }
        if apdu.data.0.is_empty() || apdu.le.is_some() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let Ok(tr) = TerminalResponse::decode(&apdu.data.0) else {
            return sw(StatusWord::INCORRECT_DATA);
        };
        let awaited = self.outstanding.as_ref().filter(|o| o.fetched);
        let Some(o) = awaited else {
            if self.is(W::AcceptsSecondTerminalResponse) {
                return self.finish(Vec::new());
            }
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        // TS 102 223 6.8: the TERMINAL RESPONSE echoes the command details of the command it
        // answers. One that echoes another command is refused with `6A 80` and the fetched command
        // still awaits its response (UNVERIFIED: the status word a card gives here is our choice).
        if tr.command_details.number != o.details.number
            || tr.command_details.command_type != o.details.command_type
            || tr.command_details.qualifier != o.details.qualifier
        {
            return sw(StatusWord::INCORRECT_DATA);
        }
        let Some(o) = self.outstanding.take() else {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        };
        self.on_result(o.queued, &tr);
        self.finish(Vec::new())
    }

    fn on_result(&mut self, q: Queued, tr: &TerminalResponse) {
        let result = tr.result.general;
        let command_type = q.command.command_type().0;
        if result == GeneralResult::TERMINAL_UNABLE && q.retries < self.config.busy_retries {
            self.note(Note::Deferred { command_type });
            self.deferred = Some(Queued {
                retries: q.retries.saturating_add(1),
                ..q
            });
            return;
        }
        let ok = result.is_performed();
        if !ok {
            self.note(Note::CommandFailed {
                command_type,
                result: result.0,
                additional: tr.result.additional.to_hex(),
            });
        }
        let channel = tr
            .objects
            .iter()
            .find_map(|o| match o {
                CatObject::ChannelStatus(s) => Some(s.channel_id()),
                _ => None,
            })
            .filter(|c| (1..=7).contains(c));
        match q.purpose {
            Purpose::EventList => {
                // TS 102 223 6.6.16: the new list replaces the old one.
                self.registered_events = match (&q.command, ok) {
                    (ProactiveCommand::SetUpEventList(s), true) => s.event_list.events.clone(),
                    _ => Vec::new(),
                };
            }
            Purpose::TimerStart => self.timer_running = ok,
            Purpose::ScwsOpen => {
                self.scws_channel = if ok {
                    Some(channel.unwrap_or(conv::FIRST_CHANNEL))
                } else {
                    None
                };
            }
            Purpose::TsmOpen => {
                let ch = channel.unwrap_or_else(|| self.next_free_channel());
                if ok {
                    self.tsm_channel = Some(ch);
                    if self.is(T::SendDataBeforeOpen) {
                        self.trigger = Trigger::Closing(ch);
                        self.enqueue_close(ch);
                    } else {
                        self.trigger = Trigger::Sending(ch);
                        self.enqueue_notification(ch);
                    }
                } else if self.is(T::Ignores3a10)
                    && tr.result.bip_error() == Some(BipError::PORT_NOT_AVAILABLE)
                {
                    self.trigger = Trigger::Sending(ch);
                    self.enqueue_notification(ch);
                } else if result == GeneralResult::BEYOND_TERMINAL_CAPABILITIES {
                    self.offline_unusable("OPEN CHANNEL in terminal server mode is beyond the terminal's capabilities");
                } else {
                    self.trigger = Trigger::Idle;
                    self.note(Note::TriggerFailed {
                        reason: format!(
                            "OPEN CHANNEL in terminal server mode failed: {:02X} {}",
                            result.0,
                            tr.result.additional.to_hex()
                        ),
                    });
                }
            }
            Purpose::SendNotification(ch) => {
                if self.trigger != Trigger::Sending(ch) {
                    // A SEND DATA sent out of order (a mutant): nothing follows from it.
                } else if ok {
                    self.expected_session = Some(conv::SESSION_ID);
                    self.note(Note::Notified {
                        method: TriggerMethod::Offline,
                    });
                    if self.is(T::NeverClosesChannel) {
                        self.trigger = Trigger::Idle;
                    } else {
                        self.trigger = Trigger::Closing(ch);
                        self.enqueue_close(ch);
                    }
                } else {
                    self.note(Note::TriggerFailed {
                        reason: "SEND DATA of the notification failed".to_owned(),
                    });
                    let closed = matches!(
                        tr.result.bip_error(),
                        Some(BipError::CHANNEL_CLOSED | BipError::CHANNEL_ID_NOT_VALID)
                    );
                    if closed {
                        self.trigger = Trigger::Idle;
                        self.tsm_channel = None;
                    } else {
                        self.trigger = Trigger::Closing(ch);
                        self.enqueue_close(ch);
                    }
                }
            }
            Purpose::CloseTsm(_) => {
                self.tsm_channel = None;
                self.trigger = Trigger::Idle;
            }
            Purpose::Sms => {
                self.trigger = Trigger::Idle;
                if ok {
                    self.expected_session = Some(conv::SESSION_ID);
                    self.note(Note::Notified {
                        method: TriggerMethod::Online,
                    });
                } else {
                    self.note(Note::TriggerFailed {
                        reason: format!("SEND SHORT MESSAGE failed: {:02X}", result.0),
                    });
                }
            }
            Purpose::ReceiveScws(ch) => {
                if ok {
                    self.on_scws_data(ch, tr);
                } else {
                    self.http_rx.clear();
                }
            }
            Purpose::SendScws(_) => {}
        }
    }

    // ---- ENVELOPE ----

    fn envelope(&mut self, apdu: &CommandApdu) -> Vec<u8> {
        if apdu.p1 != 0 || apdu.p2 != 0 {
            return sw(StatusWord::INCORRECT_P1_P2);
        }
        if apdu.data.0.is_empty() {
            return sw(StatusWord::WRONG_LENGTH);
        }
        let Ok(env) = Envelope::decode(&apdu.data.0) else {
            if self.is(W::AcksUndecodableEnvelope) {
                return sw(StatusWord::OK);
            }
            return sw(StatusWord::INCORRECT_DATA);
        };
        if self.outstanding.is_some() {
            if self.is(W::EnvelopeDroppedWhenBusy) {
                return sw(StatusWord::OK);
            }
            return sw(StatusWord::TOOLKIT_BUSY);
        }
        let mut data = Vec::new();
        match env {
            Envelope::EventDownload(e) => self.event_download(&e),
            // Only the wake-up timer, and only while it runs (a stray expiration is acknowledged).
            Envelope::TimerExpiration(t)
                if t.timer_identifier.id == conv::WAKEUP_TIMER_ID && self.timer_running =>
            {
                // Regular interval: start the timer again first, then act on the wake-up.
                self.timer_running = false;
                if !self.is(W::TimerNotRestarted) {
                    self.enqueue_timer_start();
                }
                if !self.is(W::IgnoresTimerExpiration) {
                    self.wake_up(WakeReason::Timer);
                }
            }
            Envelope::CallControl(cc) => {
                // TS 102 223 7.3.1.6: result `00` allowed, no modification (or no data at all);
                // `01` not allowed.
                if self.is(W::CallControlBarsCall) {
                    data = vec![0x01, 0x00];
                }
                let number = cc.objects.iter().find_map(|o| match o {
                    CatObject::Address(Address { number, .. }) => Some(bcd_digits(&number.0)),
                    _ => None,
                });
                if self.config.call_control
                    && number.as_deref() == Some(conv::CUSTOMER_CARE_NUMBER)
                    && !self.is(W::CallControlNoWakeup)
                {
                    self.wake_up(WakeReason::CallControl);
                }
            }
            Envelope::TerminalApplications(ta) => self.terminal_applications(&ta),
            // SMS-PP download and any other envelope: acknowledged, nothing to do.
            _ => {}
        }
        self.finish(data)
    }

    fn registered(&self, event: EventCode) -> bool {
        self.is(W::ActsOnUnregisteredEvent) || self.registered_events.contains(&event)
    }

    fn event_download(&mut self, e: &EventDownload) {
        let Some(event) = e.event() else { return };
        if !self.registered(event) {
            return;
        }
        let channel_status = e.objects.iter().find_map(|o| match o {
            CatObject::ChannelStatus(s) => Some(s.clone()),
            _ => None,
        });
        match event {
            EventCode::LOCATION_STATUS => {
                let normal = e.objects.iter().any(|o| {
                    matches!(o, CatObject::LocationStatus(s) if s.status == LocationStatusValue::NORMAL_SERVICE)
                });
                let plmn = e.objects.iter().find_map(|o| match o {
                    CatObject::LocationInformation(l) => Some(l.mcc_mnc),
                    _ => None,
                });
                let home = plmn_bytes(conv::HOME_PLMN.0, conv::HOME_PLMN.1);
                let roaming = normal && plmn.is_some_and(|p| p != home);
                if roaming && !self.roaming {
                    self.roaming = true;
                    self.wake_up(WakeReason::Roaming);
                } else if normal {
                    self.roaming = roaming;
                }
            }
            EventCode::DATA_AVAILABLE => {
                let Some(s) = channel_status else { return };
                let available = e.objects.iter().find_map(|o| match o {
                    CatObject::ChannelDataLength(l) => Some(l.length),
                    _ => None,
                });
                if Some(s.channel_id()) == self.scws_channel
                    && let Some(n) = available.filter(|n| *n > 0)
                {
                    self.enqueue_receive(s.channel_id(), n);
                }
            }
            EventCode::CHANNEL_STATUS => {
                let Some(s) = channel_status else { return };
                // TS 102 223 8.56: further information `05` = link dropped.
                let dropped = s.further_info == 0x05;
                let ch = s.channel_id();
                if dropped && Some(ch) == self.scws_channel {
                    self.http_rx.clear();
                }
                if dropped && Some(ch) == self.tsm_channel {
                    self.queue
                        .retain(|q| !matches!(q.purpose, Purpose::SendNotification(c) if c == ch));
                    if self
                        .deferred
                        .as_ref()
                        .is_some_and(|q| q.purpose == Purpose::SendNotification(ch))
                    {
                        self.deferred = None;
                    }
                    if matches!(self.trigger, Trigger::Sending(_) | Trigger::Opening) {
                        self.note(Note::TriggerFailed {
                            reason: "the notification channel's link dropped".to_owned(),
                        });
                    }
                    let closing_queued = self
                        .queue
                        .iter()
                        .any(|q| q.purpose == Purpose::CloseTsm(ch));
                    if !closing_queued {
                        self.trigger = Trigger::Closing(ch);
                        self.enqueue_close(ch);
                    }
                }
            }
            _ => {}
        }
    }

    fn terminal_applications(&mut self, ta: &TerminalApplications) {
        let app = if self.is(T::IgnoresApplicationType) {
            ta.applications.first()
        } else {
            ta.applications
                .iter()
                .find(|a| a.application_type == conv::DM_CLIENT_APPLICATION_TYPE)
        };
        if let Some(a) = app {
            self.dm_client_port = Some(a.port);
            if self.trigger == Trigger::AwaitingRegistration {
                self.start_offline();
            }
        }
    }

    // ---- the SCWS and the DM session ----

    fn enqueue_receive(&mut self, channel: u8, available: u8) {
        let n = usize::from(available).min(CHANNEL_CHUNK);
        let details = self.details(0x00);
        let cmd = ProactiveCommand::ReceiveData(ReceiveData {
            details,
            device_identities: Self::ids(DeviceId::channel(channel)),
            alpha_identifier: None,
            channel_data_length: ChannelDataLength {
                length: u8::try_from(n).unwrap_or(u8::MAX),
                cr: true,
            },
            extra: Vec::new(),
        });
        self.enqueue(cmd, Purpose::ReceiveScws(channel));
    }

    fn on_scws_data(&mut self, channel: u8, tr: &TerminalResponse) {
        for o in &tr.objects {
            if let CatObject::ChannelData(d) = o {
                if self.http_rx.len().saturating_add(d.data.0.len()) > MAX_HTTP_REQUEST {
                    self.http_rx.clear();
                    self.note(Note::DmRequestRejected {
                        reason: "HTTP request over the size cap".to_owned(),
                    });
                    self.send_scws(channel, http_response(413, "Payload Too Large", b""));
                    return;
                }
                self.http_rx.extend_from_slice(&d.data.0);
            }
        }
        let remaining = tr
            .objects
            .iter()
            .find_map(|o| match o {
                CatObject::ChannelDataLength(l) => Some(l.length),
                _ => None,
            })
            .unwrap_or(0);
        if remaining > 0 {
            self.enqueue_receive(channel, remaining);
            return;
        }
        match http_request(&self.http_rx) {
            HttpParse::Incomplete => {}
            HttpParse::Bad(reason) => {
                self.http_rx.clear();
                self.note(Note::DmRequestRejected { reason });
                self.send_scws(channel, http_response(400, "Bad Request", b""));
            }
            HttpParse::Request(req) => {
                self.http_rx.clear();
                let reply = self.dm_server(&req);
                self.send_scws(channel, reply);
            }
        }
    }

    fn send_scws(&mut self, channel: u8, bytes: Vec<u8>) {
        let chunks: Vec<Vec<u8>> = bytes.chunks(CHANNEL_CHUNK).map(<[u8]>::to_vec).collect();
        let last = chunks.len().saturating_sub(1);
        for (i, c) in chunks.into_iter().enumerate() {
            // TS 102 223 6.6.30: qualifier b1 0 = store in the Tx buffer, 1 = send immediately.
            let details = self.details(u8::from(i == last));
            let cmd = ProactiveCommand::SendData(SendData {
                details,
                device_identities: Self::ids(DeviceId::channel(channel)),
                alpha_identifier: None,
                channel_data: ChannelData {
                    data: pushwake_codecs::cat::Bytes(c),
                    cr: true,
                },
                extra: Vec::new(),
            });
            self.enqueue(cmd, Purpose::SendScws(channel));
        }
    }

    /// The DM_SC Server's answer to one DM Client package (seed 002 5.2.1.1 steps 2-7).
    fn dm_server(&mut self, req: &HttpRequest) -> Vec<u8> {
        if let Err(reason) = check_request_line(req) {
            self.note(Note::DmRequestRejected {
                reason: reason.clone(),
            });
            return http_response(400, "Bad Request", b"");
        }
        let body = String::from_utf8_lossy(&req.body).into_owned();
        let session = between(&body, "<SessionID>", "</SessionID>").unwrap_or_default();
        if let Some(id) = self.expected_session {
            let expected = if self.is(T::SessionIdDecimal) {
                format!("{id}")
            } else {
                format!("{id:X}")
            };
            if session != expected {
                self.note(Note::DmRequestRejected {
                    reason: format!("SessionID {session:?}, expected {expected:?}"),
                });
                return http_response(400, "Bad Request", b"");
            }
        } else if session.is_empty() {
            self.note(Note::DmRequestRejected {
                reason: "no SessionID".to_owned(),
            });
            return http_response(400, "Bad Request", b"");
        }
        let client = between(&body, "<Source><LocURI>", "</LocURI>").unwrap_or("");
        let msg_ref = between(&body, "<MsgID>", "</MsgID>").unwrap_or("1");
        let phase = if body.contains("<Cmd>Replace</Cmd>") {
            DmPhase::ProvisioningSent
        } else {
            self.dm_phase
        };
        let header = syncml_header(session, msg_ref, client);
        let status_hdr = format!(
            "<Status><CmdID>1</CmdID><MsgRef>{msg_ref}</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>"
        );
        let body = match phase {
            DmPhase::Idle => {
                if self.is(T::NoProvisioningData) {
                    format!("{header}<SyncBody>{status_hdr}<Final/></SyncBody></SyncML>")
                } else {
                    self.dm_phase = DmPhase::ProvisioningSent;
                    self.note(Note::ProvisioningSent);
                    format!(
                        "{header}<SyncBody>{status_hdr}<Replace><CmdID>2</CmdID><Item><Target><LocURI>{PROVISIONING_URI}</LocURI></Target><Data>{PROVISIONING_DATA}</Data></Item></Replace><Final/></SyncBody></SyncML>"
                    )
                }
            }
            DmPhase::ProvisioningSent => {
                let ok = body.contains("<Cmd>Replace</Cmd>")
                    && between(
                        body.split("<Cmd>Replace</Cmd>").nth(1).unwrap_or(""),
                        "<Data>",
                        "</Data>",
                    ) == Some("200");
                self.dm_phase = DmPhase::Idle;
                self.expected_session = None;
                self.note(Note::ResultsAccepted { ok });
                format!("{header}<SyncBody>{status_hdr}<Final/></SyncBody></SyncML>")
            }
        };
        http_response(200, "OK", body.as_bytes())
    }
}

/// The node the DM_SC Server provisions (our choice: a DM account parameter of the DM_SC ServerID).
pub const PROVISIONING_URI: &str = "./DMAcc/dmsc/AppAddr/SCWS/Addr";
/// Its value (DM_SC TS 8.1 table 2).
pub const PROVISIONING_DATA: &str = conv::APP_ADDR_BIP_IPV4;

fn syncml_header(session: &str, msg_ref: &str, client: &str) -> String {
    format!(
        "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>{session}</SessionID><MsgID>{msg_ref}</MsgID><Target><LocURI>{client}</LocURI></Target><Source><LocURI>{}</LocURI></Source></SyncHdr>",
        conv::SERVER_ID
    )
}

fn between<'s>(s: &'s str, open: &str, close: &str) -> Option<&'s str> {
    let start = s.find(open)?.checked_add(open.len())?;
    let rest = s.get(start..)?;
    let end = rest.find(close)?;
    rest.get(..end)
}

/// One HTTP request as the SCWS receives it (RFC 9112): request line, headers, body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: String,
    /// Request target.
    pub target: String,
    /// HTTP version.
    pub version: String,
    /// Headers, names lowercased, in order.
    pub headers: Vec<(String, String)>,
    /// Body (Content-Length bytes).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header named `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

enum HttpParse {
    Incomplete,
    Bad(String),
    Request(HttpRequest),
}

fn http_request(bytes: &[u8]) -> HttpParse {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return HttpParse::Incomplete;
    };
    let Ok(head) = std::str::from_utf8(bytes.get(..end).unwrap_or_default()) else {
        return HttpParse::Bad("HTTP head is not UTF-8".to_owned());
    };
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return HttpParse::Bad(format!("bad request line {line:?}"));
    };
    let mut headers = Vec::new();
    for l in lines {
        let Some((n, v)) = l.split_once(':') else {
            return HttpParse::Bad(format!("bad header line {l:?}"));
        };
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let len = match headers.iter().find(|(n, _)| n == "content-length") {
        None => 0,
        Some((_, v)) => match v.parse::<usize>() {
            Ok(n) if n <= MAX_HTTP_REQUEST => n,
            _ => return HttpParse::Bad(format!("bad Content-Length {v:?}")),
        },
    };
    let body_at = end.saturating_add(4);
    let body = bytes.get(body_at..).unwrap_or_default();
    if body.len() < len {
        return HttpParse::Incomplete;
    }
    HttpParse::Request(HttpRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        version: version.to_owned(),
        headers,
        body: body.get(..len).unwrap_or_default().to_vec(),
    })
}

/// The request line and Host the DM_SC Server accepts: `POST /OMA/DM HTTP/1.1` (the path of the
/// AppAddr, DM_SC TS 8.1 table 2), Host `127.0.0.1:4116` or `localhost:4116` (note 1).
fn check_request_line(req: &HttpRequest) -> Result<(), String> {
    if req.method != "POST" || req.target != "/OMA/DM" || req.version != "HTTP/1.1" {
        return Err(format!(
            "request line {} {} {}",
            req.method, req.target, req.version
        ));
    }
    let hosts = [
        format!("127.0.0.1:{}", conv::SCWS_PORT),
        format!("localhost:{}", conv::SCWS_PORT),
    ];
    match req.header("host") {
        Some(h) if hosts.iter().any(|x| x.eq_ignore_ascii_case(h)) => Ok(()),
        other => Err(format!("Host {other:?}")),
    }
}

/// An HTTP/1.1 response with a SyncML DM body.
pub fn http_response(code: u16, reason: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {code} {reason}\r\n").into_bytes();
    if !body.is_empty() {
        out.extend_from_slice(b"Content-Type: application/vnd.syncml.dm+xml\r\n");
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

impl Card for ReferenceUicc {
    fn reset(&mut self) -> Vec<u8> {
        let config = self.config.clone();
        let mutant = self.mutant;
        *self = Self::with_mutant(config, mutant);
        self.config.atr.clone()
    }

    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        let Ok(apdu) = CommandApdu::decode(command) else {
            return sw(StatusWord::WRONG_LENGTH);
        };
        if apdu.cla != pushwake_codecs::apdu::CLA_CAT {
            return sw(StatusWord::CLA_NOT_SUPPORTED);
        }
        let ins = apdu.ins;
        // CAT-PROFILE: the terminal downloads its profile before any other CAT command.
        if self.profile.is_none()
            && [
                Instruction::ENVELOPE,
                Instruction::FETCH,
                Instruction::TERMINAL_RESPONSE,
            ]
            .contains(&ins)
        {
            return sw(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        match ins {
            Instruction::TERMINAL_PROFILE => self.terminal_profile(&apdu),
            Instruction::FETCH => self.fetch(&apdu),
            Instruction::TERMINAL_RESPONSE => self.terminal_response(&apdu),
            Instruction::ENVELOPE => self.envelope(&apdu),
            Instruction::STATUS => self.status(&apdu),
            _ => sw(StatusWord::INS_NOT_SUPPORTED),
        }
    }
}

/// The command type of a proactive command's bytes, for tests and traces.
pub fn command_type_of(bytes: &[u8]) -> Option<CommandType> {
    ProactiveCommand::decode(bytes)
        .ok()
        .map(|c| c.command_type())
}
