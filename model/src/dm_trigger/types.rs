//! Configuration, abstract messages, actions and states of the DM trigger model.

use serde::{Deserialize, Serialize};

/// What a TERMINAL PROFILE declares, as far as the DM trigger needs it (TS 102 223 5.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Profile {
    /// BIP (class "e": OPEN / CLOSE CHANNEL, RECEIVE / SEND DATA, UICC server mode, the data
    /// available and channel status events) and TERMINAL APPLICATIONS (class "k"). DM_SC TS 7.1
    /// makes both MUSTs for a DM_SC device (DMSC-7.1-CLASS-E, -CLASS-K); a profile without them
    /// is a terminal the DM_SC Server must still cope with (CAT-PROFILE).
    pub bip: bool,
    /// SEND SHORT MESSAGE (DMSC-7.2-SMS: a MUST where the SMS bearer is supported).
    pub sms: bool,
}

/// The model's configuration. Bounds: one power-on, one wake-up (timer 1), at most one remote
/// trigger, one DM Client and one DM_SC Server; every flag below adds branches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DmTriggerConfig {
    /// The profiles a terminal may declare (the terminal's choice; at least one).
    pub profiles: Vec<Profile>,
    /// The network may send one remote trigger (DM_SC AD 5.2.1.1: the notification reaches the
    /// DM Client by SMS from the network, not from the card).
    pub remote: bool,
    /// The terminal may answer the off-line trigger's OPEN CHANNEL with 3A 10 "port not
    /// available" (BIP-PORT).
    pub port_busy: bool,
    /// The link of the terminal server mode channel may drop (BIP-LINK-DROPPED).
    pub link_drop: bool,
    /// The DM_SC Server may choose the on-line trigger although the off-line one is possible
    /// (DM_SC TS 7: either method; a terminal under test then meets SEND SHORT MESSAGE too).
    #[serde(default)]
    pub online_choice: bool,
    /// Negative stimuli: APDUs corrupted on the way (malformed TLV, missing mandatory object,
    /// unknown comprehension-required object) and notifications that must start no session
    /// (another ServerID, a bad digest, a wrong version).
    pub negatives: bool,
    /// With `negatives`: the off-line trigger's OPEN CHANNEL may reach the terminal naming a port
    /// no application registered ([`Corruption::UnregisteredPort`]; the terminal must answer
    /// `3A 10`, BIP-PORT). Only in `online`: in `default` it costs the terminal suite its
    /// link-loss vectors (the generator then finds no vector for them; not understood yet).
    #[serde(default)]
    pub unregistered_port: bool,
    /// Deliberate faults, for tests of the checkers only (every one off in a named configuration).
    #[serde(default, skip_serializing_if = "Faults::none")]
    pub faults: Faults,
}

/// Deliberate faults of the model's own roles, so that tests can show the checkers catch them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// The DM_SC Server never closes the terminal server mode channel (BIP-CLOSE).
    #[serde(default)]
    pub never_close: bool,
    /// The DM Client opens a session on any notification (DMSC-7.1-SERVERID, DMNOTI-DIGEST).
    #[serde(default)]
    pub accept_any_notification: bool,
    /// The DM_SC Server sends SEND DATA before OPEN CHANNEL (BIP-SEND-OPEN).
    #[serde(default)]
    pub send_before_open: bool,
}

impl Faults {
    /// No fault.
    pub fn none(&self) -> bool {
        *self == Faults::default()
    }
}

/// A configuration the model cannot take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No profile, or more than four (there are four).
    ProfileCount(usize),
    /// A profile listed twice.
    DuplicateProfile(Profile),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::ProfileCount(n) => write!(f, "{n} terminal profiles (1..=4 allowed)"),
            ConfigError::DuplicateProfile(p) => write!(f, "profile {p:?} listed twice"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl DmTriggerConfig {
    /// Check the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.profiles.is_empty() || self.profiles.len() > 4 {
            return Err(ConfigError::ProfileCount(self.profiles.len()));
        }
        for (k, p) in self.profiles.iter().enumerate() {
            if self.profiles.iter().skip(k + 1).any(|q| q == p) {
                return Err(ConfigError::DuplicateProfile(*p));
            }
        }
        Ok(())
    }

    /// `default`: a DM_SC terminal (BIP and SMS) and every failure: port not available, link
    /// dropped, the remote trigger, and the negative stimuli.
    pub fn full() -> Self {
        Self {
            profiles: vec![Profile {
                bip: true,
                sms: true,
            }],
            remote: true,
            port_busy: true,
            link_drop: true,
            online_choice: false,
            negatives: true,
            unregistered_port: false,
            faults: Faults::default(),
        }
    }

    /// `online`: as `default`, with the negative stimulus of an OPEN CHANNEL on an unregistered
    /// port, and the DM_SC Server may choose the on-line trigger although the
    /// off-line one is possible (for a terminal under test: SEND SHORT MESSAGE from a BIP
    /// terminal; for a UICC under test it only adds a choice the card makes).
    pub fn online() -> Self {
        Self {
            online_choice: true,
            unregistered_port: true,
            ..Self::full()
        }
    }

    /// `capabilities`: every terminal profile (with and without BIP, with and without SMS), no
    /// negative stimuli: the DM_SC Server's choice of trigger by what the terminal declares.
    pub fn capabilities() -> Self {
        let mut profiles = Vec::new();
        for bip in [true, false] {
            for sms in [true, false] {
                profiles.push(Profile { bip, sms });
            }
        }
        Self {
            profiles,
            remote: false,
            port_busy: true,
            link_drop: false,
            online_choice: false,
            negatives: false,
            unregistered_port: false,
            faults: Faults::default(),
        }
    }
}

impl Default for DmTriggerConfig {
    fn default() -> Self {
        Self::full()
    }
}

/// A DM package of the session between the DM Client and the DM_SC Server (OMA DM 1.2 packages,
/// carried in HTTP over the SCWS channel; DM_SC AD 5.2.1.1 steps 2-7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DmPkg {
    /// Package 1, DM Client -> server: session start with the notification's sessionid, sent to
    /// the AppAddr (DMSC-8.1-APPADDR, DMNOTI-SESSIONID).
    ClientInit,
    /// Package 2, DM_SC Server -> DM Client: the provisioning data (AD 5.2.1.1 step 4).
    Provisioning,
    /// Package 3, DM Client -> server: the results (AD 5.2.1.1 step 7).
    Results,
    /// Package 4, DM_SC Server -> DM Client: status, session end.
    Final,
    /// A client package to an address that is not the AppAddr of DM_SC TS table 2 (never sent
    /// by a conforming DM Client; what a binding maps such bytes to).
    Misaddressed,
    /// A client package with a sessionid other than the notification's (never sent by a
    /// conforming DM Client).
    WrongSession,
    /// A part of a DM Client package, more to come (a RECEIVE DATA's response whose channel data
    /// length says bytes remain).
    Part,
}

/// A DM notification as the DM Client judges it (OMA DM Notification 1.2 General Package #0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Notification {
    /// The DM_SC Server's ServerID, a digest that verifies, a supported version.
    Valid,
    /// Another server's ServerID (DMSC-7.1-SERVERID).
    OtherServer,
    /// A digest that does not verify (DMNOTI-DIGEST).
    BadDigest,
    /// A version the DM Client does not support (DMNOTI-VERSION).
    WrongVersion,
}

impl Notification {
    /// The invalid ones, in a fixed order.
    pub const INVALID: [Notification; 3] = [
        Notification::OtherServer,
        Notification::BadDigest,
        Notification::WrongVersion,
    ];
}

/// A proactive command of the DM_SC Server (TS 102 223 6.6), as the model needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "command")]
pub enum ProCmd {
    /// SET UP EVENT LIST: data available and channel status (CAT-EVENT-LIST).
    SetUpEventList,
    /// OPEN CHANNEL, UICC server mode, port 4116: the SCWS's listening channel (channel 1).
    OpenScws,
    /// TIMER MANAGEMENT: start timer 1 (the wake-up, CAT-TIMER).
    StartTimer,
    /// OPEN CHANNEL in terminal server mode on the DM Client's port (DMSC-7.1-TSM), channel 2.
    OpenTsm,
    /// SEND DATA on channel 2: the notification, a General Package #0 (DMSC-7.1-PKG0).
    SendNotification,
    /// CLOSE CHANNEL 2 (BIP-CLOSE).
    CloseTsm,
    /// SEND SHORT MESSAGE: the notification as a WSP push in an SMS-SUBMIT to the device's own
    /// number (the on-line trigger, DMSC-7.2-SMS).
    SendSms,
    /// RECEIVE DATA on channel 1: the DM Client's package.
    ReceiveData,
    /// SEND DATA on channel 1 (qualifier: send immediately): the DM_SC Server's package, or
    /// its last part.
    SendDm {
        /// Which.
        pkg: DmPkg,
    },
    /// SEND DATA on channel 1 (qualifier: store in the Tx buffer): a part of the DM_SC Server's
    /// next package, more to come (TS 102 223 6.6.30; a DM package rarely fits one APDU).
    SendDmPart,
}

/// How a TERMINAL RESPONSE ends (TS 102 223 8.12), as the model tells results apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrResult {
    /// `00` (or another `0x` success).
    Ok,
    /// `3A 10` port not available (BIP-PORT).
    PortNotAvailable,
    /// `3A 02` channel closed (BIP-SEND-OPEN, BIP-LINK-DROPPED).
    ChannelClosed,
    /// `30` command beyond terminal's capabilities (CAT-PROFILE).
    Beyond,
    /// `32` command data not understood (CAT-NOT-UNDERSTOOD).
    NotUnderstood,
    /// `36` error, required values missing (CAT-MISSING).
    Missing,
}

/// A command APDU, terminal -> UICC (TS 102 221 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "apdu")]
pub enum CApdu {
    /// TERMINAL PROFILE.
    Profile {
        /// What it declares.
        profile: Profile,
    },
    /// ENVELOPE (TERMINAL APPLICATIONS) registering the DM Client: registry application data
    /// with its port, DCS, application type and name (DMSC-7.1-CLASS-K).
    Register {
        /// Application type `07` (DMSC-7.1-APPTYPE).
        app_type_07: bool,
        /// The DM Client's port is unique among the registered applications (DMSC-7.1-PORT).
        port_unique: bool,
    },
    /// ENVELOPE (TIMER EXPIRATION) of timer 1: the wake-up (CAT-TIMER, DMSC-6-WAKEUP).
    TimerExpiration,
    /// ENVELOPE (EVENT DOWNLOAD, data available) on channel 1: a DM Client package is waiting
    /// (which one is the DM Client's state; the envelope carries only its length).
    DataAvailable,
    /// ENVELOPE (EVENT DOWNLOAD, channel status) on channel 2: link dropped.
    LinkDropped,
    /// ENVELOPE (EVENT DOWNLOAD, channel status) on channel 1, the SCWS: the DM Client connected
    /// (TCP ESTABLISHED) or closed its connection (back to LISTEN).
    ScwsStatus {
        /// Connected.
        established: bool,
    },
    /// FETCH.
    Fetch,
    /// TERMINAL RESPONSE.
    Response {
        /// The command answered (its command details are echoed).
        cmd: ProCmd,
        /// The result.
        result: TrResult,
        /// The channel data of a RECEIVE DATA's response: the DM Client's package.
        data: Option<DmPkg>,
    },
}

/// A response APDU, UICC -> terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "rapdu")]
pub enum RApdu {
    /// `90 00`.
    Ok,
    /// `91 xx`: a proactive command of xx bytes is pending (CAT-91XX); which one shows when it
    /// is fetched.
    Pending,
    /// The fetched command's bytes, `90 00`.
    Command {
        /// The command.
        cmd: ProCmd,
    },
    /// An error status word (TS 102 221 10.2.1: `6x xx` other than the warnings).
    Error,
}

/// How a negative stimulus corrupts a CAT message (TS 102 223 6.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Corruption {
    /// A length running past its parent (answer `32`, CAT-NOT-UNDERSTOOD).
    MalformedTlv,
    /// A mandatory object left out (answer `36`, CAT-MISSING).
    MissingMandatory,
    /// An unknown object with CR set (answer `32`, CAT-NOT-UNDERSTOOD).
    UnknownCr,
    /// Not a coding error: OPEN CHANNEL in terminal server mode names a port on which no
    /// application registered (answer `3A 10` port not available, BIP-PORT; TS 102 223 6.4.27.5:
    /// the terminal server mode channel is for a port a terminal application listens on). Only
    /// the off-line trigger's OPEN CHANNEL takes it; [`Corruption::ALL`] leaves it out.
    UnregisteredPort,
}

impl Corruption {
    /// Every corruption, in a fixed order.
    pub const ALL: [Corruption; 3] = [
        Corruption::MalformedTlv,
        Corruption::MissingMandatory,
        Corruption::UnknownCr,
    ];

    /// The general result the terminal must answer (TS 102 223 6.10).
    pub const fn result(self) -> TrResult {
        match self {
            Corruption::MissingMandatory => TrResult::Missing,
            Corruption::MalformedTlv | Corruption::UnknownCr => TrResult::NotUnderstood,
            Corruption::UnregisteredPort => TrResult::PortNotAvailable,
        }
    }
}

/// Where an SMS carrying a notification comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmsOrigin {
    /// The on-line trigger: the SMS the terminal sent for the UICC, back from the network.
    Own,
    /// The remote trigger: the network's (DM_SC AD 5.2.1.1 step 1).
    Remote,
}

/// An action of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// The user switches the terminal on (event `power-on`).
    PowerOn,
    /// The clock runs down timer 1 (event `time-elapsed`).
    TimeElapsed,
    /// The link of channel 2 drops (event `link-dropped`).
    LinkLost,
    /// An SMS with a DM notification reaches the terminal (event `sms`).
    SmsArrives {
        /// Whose.
        origin: SmsOrigin,
        /// What it carries.
        notification: Notification,
    },
    /// The terminal sends a command APDU.
    Send {
        /// The C-APDU.
        apdu: CApdu,
    },
    /// The UICC receives the command APDU, possibly corrupted on the way (a negative stimulus).
    Receive {
        /// The C-APDU.
        apdu: CApdu,
        /// How it was corrupted.
        corruption: Option<Corruption>,
    },
    /// The UICC answers with a response APDU.
    Answer {
        /// The R-APDU.
        rapdu: RApdu,
    },
    /// The terminal receives the response APDU; a fetched command may come corrupted, and a
    /// SEND DATA's notification replaced by an invalid one (negative stimuli).
    Deliver {
        /// The R-APDU.
        rapdu: RApdu,
        /// How the command was corrupted.
        corruption: Option<Corruption>,
        /// The invalid notification a SEND DATA carries instead of the UICC's.
        notification: Option<Notification>,
    },
}

/// A fetched proactive command as the terminal received it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Fetched {
    /// The command.
    pub cmd: ProCmd,
    /// How it came corrupted (a negative stimulus).
    pub corruption: Option<Corruption>,
    /// The invalid notification a SEND DATA carried instead of the UICC's.
    pub notification: Option<Notification>,
}

/// How a notification reached the DM Client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Route {
    /// Off-line trigger: SEND DATA on the terminal server mode channel (DM_SC TS 7.1).
    Offline,
    /// On-line trigger: the UICC's SEND SHORT MESSAGE, back over the air (DM_SC TS 7.2).
    Online,
    /// Remote trigger: the network's SMS (DM_SC AD 5.2.1.1).
    Remote,
}

impl Route {
    /// Its bit in [`State::completed`].
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The DM Client (in the terminal).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DmClient {
    /// No session.
    #[default]
    Idle,
    /// A valid notification: it must connect (send package 1).
    Connect,
    /// Package 1 announced, waiting for the UICC to read it.
    InitSent,
    /// Waiting for the provisioning data.
    AwaitProvisioning,
    /// Provisioning applied: it must send the results.
    Results,
    /// Results announced, waiting for the UICC to read them.
    ResultsSent,
    /// Waiting for the final package.
    AwaitFinal,
}

/// Channel 2 (terminal server mode) as the terminal sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Channel {
    /// Never opened, or closed by CLOSE CHANNEL.
    #[default]
    Closed,
    /// Open (the DM Client's port).
    Open,
    /// The link dropped; the channel status event is owed.
    DroppedOwed,
    /// The link dropped and the UICC was told.
    Dropped,
}

/// Timer 1 as the terminal runs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Timer {
    /// Not started.
    #[default]
    Off,
    /// Started.
    Running,
    /// Expired: TIMER EXPIRATION owed.
    Expired,
    /// Expiry reported.
    Reported,
}

/// The terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Terminal {
    /// Switched on.
    pub on: bool,
    /// The profile it declared.
    pub profile: Option<Profile>,
    /// TERMINAL APPLICATIONS sent.
    pub registered: bool,
    /// A C-APDU is out, its answer not yet in.
    pub waiting: bool,
    /// A `91 xx` was received and not yet FETCHed.
    pub must_fetch: bool,
    /// The fetched command it owes a TERMINAL RESPONSE for.
    pub fetched: Option<Fetched>,
    /// SET UP EVENT LIST (data available, channel status) done.
    pub events: bool,
    /// Timer 1.
    pub timer: Timer,
    /// Timer 1 ran down once (the model's one wake-up).
    pub woke: bool,
    /// Channel 2.
    pub channel: Channel,
    /// The SMS it sent for the UICC is in the network.
    pub sms_in_flight: bool,
    /// The DM Client.
    pub dm: DmClient,
    /// The notification the DM Client was last given (for the monitors).
    pub last_notification: Option<Notification>,
    /// Parts of the current DM Client package read so far.
    pub parts: u8,
    /// The DM Client is connected to the SCWS (channel 1 ESTABLISHED, reported).
    pub scws_link: bool,
    /// The DM Client closed its connection; the channel status event is owed.
    pub scws_close_owed: bool,
}

/// The DM_SC Server's part of a trigger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Trigger {
    /// Not woken.
    #[default]
    Asleep,
    /// Woken (TIMER EXPIRATION received), trigger in progress.
    Woken,
    /// The notification went out (SEND DATA or SEND SHORT MESSAGE answered successfully).
    Sent,
    /// It could not go out, and the DM_SC Server knows why (a failure result, no bearer).
    Failed,
}

/// The UICC (the DM_SC Server and its SCWS).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Uicc {
    /// The profile the terminal declared.
    pub profile: Option<Profile>,
    /// The DM Client's registry application data received.
    pub dm_registered: bool,
    /// Proactive commands to send, front first.
    pub queue: Vec<ProCmd>,
    /// The front of the queue was announced with `91 xx`.
    pub announced: bool,
    /// The fetched command awaiting its TERMINAL RESPONSE.
    pub open: Option<ProCmd>,
    /// The answer it owes to the C-APDU it received.
    pub owes: Option<RApdu>,
    /// After `3A 10` to the off-line trigger's OPEN CHANNEL with SMS declared, it may answer
    /// `90 00` instead of announcing SEND SHORT MESSAGE: it gives the trigger up.
    pub may_give_up: bool,
    /// The trigger.
    pub trigger: Trigger,
    /// Channel 2 open as far as it knows.
    pub tsm_open: bool,
    /// A channel status event said channel 2 dropped.
    pub tsm_dropped: bool,
    /// The SCWS channel listens.
    pub scws: bool,
    /// A data available event announced a DM Client package, not yet read.
    pub data: bool,
    /// The fetched command may go out as a part of its package instead ([`ProCmd::SendDmPart`]).
    pub may_split: bool,
    /// Parts of the current package sent so far.
    pub parts: u8,
    /// The fetched OPEN CHANNEL of the off-line trigger may go out as SEND SHORT MESSAGE
    /// instead: the DM_SC Server chooses the on-line trigger (DM_SC TS 7: either method).
    pub may_go_online: bool,
    /// Parts of the current DM Client package read so far.
    pub rx_parts: u8,
}

/// The model state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct State {
    /// The terminal (with the DM Client).
    pub terminal: Terminal,
    /// The UICC (with the DM_SC Server).
    pub uicc: Uicc,
    /// A C-APDU on its way to the UICC.
    pub c_wire: Option<CApdu>,
    /// An R-APDU on its way to the terminal.
    pub r_wire: Option<RApdu>,
    /// The remote trigger was sent.
    pub remote_sent: bool,
    /// A negative stimulus corrupted an APDU the UICC received: its answer ends the run.
    pub corrupted_to_uicc: bool,
    /// A negative stimulus reached the terminal (a corrupted command or an invalid notification).
    pub corrupted_to_terminal: bool,
    /// The run is over (after the answer to a corrupted C-APDU).
    pub halted: bool,

    /// Completed DM sessions.
    pub sessions: u8,
    /// How the notification of the current session came.
    pub route: Option<Route>,
    /// The routes of completed sessions (bits of [`Route::bit`]).
    pub completed: u8,
    /// Failures seen (bits of [`super::Seen`]), for the witnesses.
    pub seen: u8,
    /// Notifications the DM Client rejected.
    pub rejected: u8,
    /// Transition monitors that fired (bits of [`super::Monitor`]).
    pub monitor: u32,
}
