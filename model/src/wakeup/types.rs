//! Configuration, abstract actions and states of the wake-up model.

use serde::{Deserialize, Serialize};

/// What a terminal declares in its TERMINAL PROFILE, as far as the wake-up scenarios use it
/// (ETSI TS 102 223 clause 5.2). The binding maps each flag to its profile bits.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// TIMER MANAGEMENT (start, stop) and the TIMER EXPIRATION envelope.
    pub timer: bool,
    /// SET UP EVENT LIST and the location status event.
    pub location_status: bool,
    /// Call control by the UICC (ENVELOPE CALL CONTROL).
    pub call_control: bool,
    /// OPEN CHANNEL (BIP, the off-line trigger's first command).
    pub open_channel: bool,
    /// SEND SHORT MESSAGE (the on-line trigger's command).
    pub send_sms: bool,
}

impl Profile {
    /// Every facility.
    pub const FULL: Profile = Profile {
        timer: true,
        location_status: true,
        call_control: true,
        open_channel: true,
        send_sms: true,
    };

    /// Whether the profile declares what `cmd` needs (a negative command needs nothing: it tests
    /// the terminal's error handling, not a facility).
    pub fn allows(self, cmd: ProCmd) -> bool {
        match cmd {
            ProCmd::SetUpEventList | ProCmd::RemoveEventList => self.location_status,
            ProCmd::TimerStart => self.timer,
            ProCmd::Trigger(TriggerKind::OpenChannel) => self.open_channel,
            ProCmd::Trigger(TriggerKind::SendSms) => self.send_sms,
            ProCmd::Bad(BadCommand::BeyondProfile) => false,
            ProCmd::Bad(_) => true,
        }
    }

    /// The proactive command of a facility this profile lacks (TIMER MANAGEMENT, SET UP EVENT
    /// LIST, OPEN CHANNEL, SEND SHORT MESSAGE, in this order), if any.
    pub fn first_lacking(self) -> Option<ProCmd> {
        [
            ProCmd::TimerStart,
            ProCmd::SetUpEventList,
            ProCmd::Trigger(TriggerKind::OpenChannel),
            ProCmd::Trigger(TriggerKind::SendSms),
        ]
        .into_iter()
        .find(|c| !self.allows(*c))
    }
}

/// The wake-up scenarios of DM_SC TS clause 6 the DM_SC Server is configured for.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct WakeOn {
    /// Power on: the profile download wakes it.
    pub power_on: bool,
    /// Regular interval by timer expiration (it starts a timer with TIMER MANAGEMENT).
    pub timer: bool,
    /// Regular interval by STATUS (an idle-mode STATUS wakes it).
    pub status: bool,
    /// Customer-care call: call control of a call to the customer-care number wakes it.
    pub call_control: bool,
    /// Roaming: a location status event naming a visited network wakes it (it registers the
    /// event with SET UP EVENT LIST).
    pub location: bool,
}

impl WakeOn {
    /// Every scenario.
    pub const ALL: WakeOn = WakeOn {
        power_on: true,
        timer: true,
        status: true,
        call_control: true,
        location: true,
    };
}

/// A wake-up scenario (DM_SC TS clause 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scenario {
    PowerOn,
    Timer,
    Status,
    CallControl,
    Location,
}

/// How a wake-up ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The terminal answered the first trigger command with success.
    Triggered,
    /// The terminal answered it with a failure (a reported failure).
    Failed,
    /// The profile offers neither trigger facility: the DM_SC Server cannot trigger.
    NoFacility,
}

/// The DM_SC Server's first trigger command (abstract: the dm_trigger model covers the rest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TriggerKind {
    /// OPEN CHANNEL: the off-line trigger (DM_SC TS 7.1).
    OpenChannel,
    /// SEND SHORT MESSAGE: the on-line trigger (DM_SC TS 7.2).
    SendSms,
}

/// A negative proactive command, served by a tester playing the UICC (TS 102 223 6.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BadCommand {
    /// A TLV whose length runs past its parent: result 32.
    MalformedTlv,
    /// A mandatory object left out (TIMER MANAGEMENT start without timer identifier): 36.
    MissingMandatory,
    /// An object unknown to the specification, comprehension required: 32.
    UnknownCrObject,
    /// A command type the specification does not define: 31.
    UnknownType,
    /// A command of a facility the terminal's profile does not declare: 30.
    BeyondProfile,
    /// TIMER MANAGEMENT deactivate of the wake-up timer while it is not running: 24.
    DeactivateIdleTimer,
}

impl BadCommand {
    /// Every kind.
    pub const ALL: [BadCommand; 6] = [
        BadCommand::MalformedTlv,
        BadCommand::MissingMandatory,
        BadCommand::UnknownCrObject,
        BadCommand::UnknownType,
        BadCommand::BeyondProfile,
        BadCommand::DeactivateIdleTimer,
    ];

    /// The general result the terminal must answer (TS 102 223 6.10, 6.11).
    pub const fn expected(self) -> TrResult {
        match self {
            BadCommand::MalformedTlv | BadCommand::UnknownCrObject => TrResult::NotUnderstood,
            BadCommand::MissingMandatory => TrResult::ValuesMissing,
            BadCommand::UnknownType => TrResult::TypeNotUnderstood,
            BadCommand::BeyondProfile => TrResult::BeyondCapabilities,
            BadCommand::DeactivateIdleTimer => TrResult::TimerState,
        }
    }
}

/// A proactive command, abstractly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProCmd {
    /// SET UP EVENT LIST with the location status event (the first registration, or a new list
    /// with the same event replacing the current one).
    SetUpEventList,
    /// SET UP EVENT LIST with an empty event list: removes the current list (TS 102 223 6.4.16:
    /// "the list of events provided by the UICC in the last SET UP EVENT LIST command shall be
    /// removed"; any new list replaces the current one). Afterwards the terminal must not
    /// download location status.
    RemoveEventList,
    /// TIMER MANAGEMENT, start the wake-up timer.
    TimerStart,
    /// The first trigger command.
    Trigger(TriggerKind),
    /// A negative command (tester only).
    Bad(BadCommand),
}

/// The general result of a TERMINAL RESPONSE, abstractly (TS 102 223 12.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrResult {
    /// `0x`: performed (success, with or without a modification or a partial comprehension).
    Success,
    /// `20`, `21` or `3A`: the terminal or the network is currently unable, or a BIP error (a
    /// reported failure of the trigger).
    Unable,
    /// `30` command beyond terminal's capabilities.
    BeyondCapabilities,
    /// `31` command type not understood.
    TypeNotUnderstood,
    /// `32` command data not understood.
    NotUnderstood,
    /// `36` error, required values are missing.
    ValuesMissing,
    /// `24` action in contradiction with the current timer state.
    TimerState,
}

/// An ENVELOPE the terminal sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Env {
    /// TIMER EXPIRATION (D7) of the wake-up timer.
    TimerExpiration,
    /// CALL CONTROL (D4) of a call; `care`: to the customer-care number.
    CallControl { care: bool },
    /// EVENT DOWNLOAD (D6) location status; `visited`: normal service on a visited network.
    LocationStatus { visited: bool },
}

/// A negative ENVELOPE, sent by a tester playing the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BadEnvelope {
    /// A TLV whose length runs past its parent.
    MalformedTlv,
    /// A TIMER EXPIRATION without its timer identifier.
    MissingMandatory,
    /// A location status event download with an unknown comprehension-required object.
    UnknownCrObject,
    /// A well-formed location status event download (a visited network) while the UICC has
    /// not registered the event: it must not act on it (answer `90 00`, no wake-up).
    UnregisteredEvent,
}

impl BadEnvelope {
    /// Every kind.
    pub const ALL: [BadEnvelope; 4] = [
        BadEnvelope::MalformedTlv,
        BadEnvelope::MissingMandatory,
        BadEnvelope::UnknownCrObject,
        BadEnvelope::UnregisteredEvent,
    ];
}

/// A command APDU from the terminal to the UICC, abstractly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capdu {
    /// TERMINAL PROFILE with the facilities it declares.
    TerminalProfile(Profile),
    /// ENVELOPE.
    Envelope(Env),
    /// FETCH (after `91 xx`).
    Fetch,
    /// TERMINAL RESPONSE to the fetched command.
    TerminalResponse(TrResult),
    /// STATUS in idle mode.
    Status,
    /// A negative ENVELOPE (tester only).
    BadEnvelope(BadEnvelope),
    /// FETCH with no proactive command pending (tester only; the same bytes as [`Capdu::Fetch`]).
    StrayFetch,
    /// A TERMINAL RESPONSE when no fetched command awaits one (tester only): the UICC answers
    /// an error status word.
    StrayResponse,
}

/// A response APDU from the UICC to the terminal, abstractly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rapdu {
    /// `90 00` (for CALL CONTROL with "allowed, no modification" or no data).
    Ok,
    /// `91 xx`: a proactive command is pending.
    Pending,
    /// `93 00`: toolkit busy, retry the ENVELOPE.
    Busy,
    /// The proactive command FETCH returns, then `90 00`.
    Command(ProCmd),
    /// An error status word (`6x xx`): the command was not processed.
    Error,
}

/// A deliberate weakening of the model, for the tests that show a property catches a bug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weakness {
    /// The UICC starts its timer whatever the profile says (breaks CAT-PROFILE).
    UiccIgnoresProfile,
    /// The terminal drops an ENVELOPE answered `93 00` instead of retrying (breaks CAT-BUSY,
    /// a liveness property: shown by a lasso).
    TerminalNoRetry,
    /// The terminal downloads location status events it was never asked for (CAT-EVENT-LIST).
    TerminalUnregisteredEvent,
}

/// The model's configuration. Every budget bounds the state space; the defaults are named in
/// [`WakeupConfig::default`] and the other constructors.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WakeupConfig {
    /// The terminal's TERMINAL PROFILE.
    pub profile: Profile,
    /// The scenarios the DM_SC Server wakes on.
    pub wake_on: WakeOn,
    /// How many wake-ups the DM_SC Server performs (then it ignores further wake events). The
    /// named configurations give more than their stimuli can cause, so it never binds there.
    pub wakes: u8,
    /// How many times the environment advances the clock (each time: a started timer expires
    /// and an idle STATUS falls due).
    pub ticks: u8,
    /// How many location changes the environment makes.
    pub location_changes: u8,
    /// How many calls the user dials.
    pub calls: u8,
    /// How many ENVELOPEs the UICC may answer `93 00` outside a proactive session (inside one,
    /// `93 00` is always allowed).
    pub busy: u8,
    /// How many ENVELOPEs the terminal may send while a proactive session is open (between
    /// `91 xx` and the answer to the last TERMINAL RESPONSE): a terminal may, a UICC may answer
    /// them `93 00`; the bound keeps a terminal that retries for ever inside one session out of
    /// the model.
    pub session_envelopes: u8,
    /// How many negative C-APDUs the terminal may send (a tester playing the terminal: suites
    /// of the `uicc` role). Must be 0 where the terminal is the IUT's role in a suite.
    pub bad_envelopes: u8,
    /// How many negative proactive commands the UICC may serve (a tester playing the UICC:
    /// suites of the `terminal` role). Must be 0 in suites of the `uicc` role.
    pub bad_commands: u8,
    /// Whether the UICC serves its pending commands in a fixed order (SET UP EVENT LIST, TIMER
    /// MANAGEMENT, the trigger; OPEN CHANNEL before SEND SHORT MESSAGE): needed where a tester
    /// plays the UICC, since `91 xx` announces the length of the next command. Otherwise any
    /// order is allowed.
    pub fixed_order: bool,
    /// How many times the DM_SC Server may register its event list again once a proactive
    /// session ends with location status registered: a new SET UP EVENT LIST with location
    /// status (replacing the list with the same one) or with an empty list (removing it), its
    /// choice (TS 102 223 6.4.16). 0 (left out of the JSON) where the suites do not use it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub event_list_changes: u8,
    /// A deliberate weakening (tests only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weaken: Option<Weakness>,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Largest budget a configuration may give (states grow quickly with each).
pub const MAX_BUDGET: u8 = 4;
/// Largest wake-up budget (more than any configuration's stimuli can cause).
pub const MAX_WAKES: u8 = 16;

impl Default for WakeupConfig {
    /// The `default` configuration, for suites of the `uicc` role: a terminal with every
    /// facility, the DM_SC Server waking on every scenario of clause 6; 1 clock
    /// advance, 1 location change, 1 call, no busy answer outside a session (inside one the
    /// UICC may answer 93 00), 1 ENVELOPE inside one, 1 negative ENVELOPE, no negative
    /// proactive command, any order of pending commands.
    fn default() -> Self {
        Self {
            profile: Profile::FULL,
            wake_on: WakeOn::ALL,
            wakes: MAX_WAKES,
            ticks: 1,
            location_changes: 1,
            calls: 1,
            busy: 0,
            session_envelopes: 1,
            bad_envelopes: 1,
            bad_commands: 0,
            fixed_order: false,
            event_list_changes: 0,
            weaken: None,
        }
    }
}

impl WakeupConfig {
    /// The `terminal` configuration, for suites of the `terminal` role: the same terminal and
    /// scenarios; 1 clock advance, 1 location change, 1 call, 1 busy answer outside a session, no
    /// negative ENVELOPE, 1 negative proactive command, fixed order.
    pub fn terminal() -> Self {
        Self {
            busy: 1,
            bad_envelopes: 0,
            bad_commands: 1,
            fixed_order: true,
            ..Self::default()
        }
    }

    /// The `limited` configuration: a terminal whose profile lacks TIMER MANAGEMENT and OPEN
    /// CHANNEL (so the DM_SC Server must not start a timer and must trigger by SMS), a DM_SC
    /// Server that does not wake on roaming (so location status is never registered and the
    /// terminal must not download it);
    /// 1 clock advance, 1 location change, 1 call, no busy answer, 1 negative proactive command
    /// (a command beyond the profile among them), fixed order. For both roles: the UICC's
    /// negative budget is a tester's, so `uicc` suites use `limited-uicc`.
    pub fn limited() -> Self {
        Self {
            profile: Profile {
                timer: false,
                open_channel: false,
                ..Profile::FULL
            },
            wake_on: WakeOn {
                location: false,
                ..WakeOn::ALL
            },
            ticks: 1,
            busy: 0,
            bad_envelopes: 0,
            bad_commands: 1,
            fixed_order: true,
            ..Self::default()
        }
    }

    /// The `limited-uicc` configuration: the `limited` terminal, for suites of the `uicc` role
    /// (no negative proactive command, any order), a DM_SC Server that does not wake on roaming
    /// (so it never registers location status, and a location status event download is one it
    /// must not act on), 1 negative ENVELOPE.
    pub fn limited_uicc() -> Self {
        Self {
            bad_envelopes: 1,
            bad_commands: 0,
            fixed_order: false,
            ..Self::limited()
        }
    }

    /// The `regular` configuration, for suites of the `uicc` role: the regular-interval wake-up
    /// alone (timer expiration and STATUS) with every facility; 2 clock advances (the timer
    /// runs out, is started again), no call, no location change, no busy answer outside a
    /// session, no negative stimulus, any order.
    pub fn regular() -> Self {
        Self {
            wake_on: WakeOn {
                timer: true,
                status: true,
                ..WakeOn::default()
            },
            ticks: 2,
            location_changes: 0,
            calls: 0,
            busy: 0,
            bad_envelopes: 0,
            bad_commands: 0,
            fixed_order: false,
            ..Self::default()
        }
    }

    /// The `events` configuration, for suites of the `terminal` role: the roaming wake-up alone
    /// with every facility, so that the event list is registered without a trigger choice of
    /// the terminal before it; the DM_SC Server may register its list once more (replace or
    /// remove it) after a proactive session (TS 102 223 6.4.16); 2 location changes, 1 clock
    /// advance, no call, 1 busy answer outside a session, no negative stimulus, fixed order.
    pub fn events() -> Self {
        Self {
            wake_on: WakeOn {
                location: true,
                ..WakeOn::default()
            },
            ticks: 1,
            location_changes: 2,
            calls: 0,
            busy: 1,
            bad_envelopes: 0,
            bad_commands: 0,
            fixed_order: true,
            event_list_changes: 1,
            ..Self::default()
        }
    }

    /// The `regular-terminal` configuration, for suites of the `terminal` role: the
    /// regular-interval wake-up alone (timer expiration and STATUS, no power-on trigger, so the
    /// timer runs before any choice of the terminal) with every facility; 2 clock advances, no
    /// call, no location change, 1 busy answer outside a session, 1 negative proactive command,
    /// fixed order.
    pub fn regular_terminal() -> Self {
        Self {
            busy: 1,
            bad_commands: 1,
            fixed_order: true,
            ..Self::regular()
        }
    }

    /// Check the bounds.
    pub fn validate(&self) -> Result<(), String> {
        if self.wakes > MAX_WAKES {
            return Err(format!("wakes is {}; at most {MAX_WAKES}", self.wakes));
        }
        for (name, v) in [
            ("session_envelopes", self.session_envelopes),
            ("ticks", self.ticks),
            ("location_changes", self.location_changes),
            ("calls", self.calls),
            ("busy", self.busy),
            ("bad_envelopes", self.bad_envelopes),
            ("bad_commands", self.bad_commands),
            ("event_list_changes", self.event_list_changes),
        ] {
            if v > MAX_BUDGET {
                return Err(format!("{name} is {v}; at most {MAX_BUDGET}"));
            }
        }
        Ok(())
    }
}

/// The C-APDU / R-APDU on the UICC-terminal interface (half duplex: one at a time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Link {
    /// Nothing in flight.
    #[default]
    Idle,
    /// The terminal sent this command; the UICC has not received it yet.
    Command(Capdu),
    /// The UICC received this command and owes its response.
    AtUicc(Capdu),
    /// The UICC answered `Capdu` with this response; the terminal has not received it yet.
    Response(Capdu, Rapdu),
}

/// The state of the started wake-up timer as the terminal runs it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TimerState {
    #[default]
    Off,
    Running,
}

/// The terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Terminal {
    /// Switched on.
    pub on: bool,
    /// TERMINAL PROFILE sent.
    pub profiled: bool,
    /// A `91 xx` was received and no FETCH sent since.
    pub pending: bool,
    /// The fetched command, awaiting its TERMINAL RESPONSE.
    pub fetched: Option<ProCmd>,
    /// Location status registered by SET UP EVENT LIST.
    pub location_registered: bool,
    /// The current event list was removed by a SET UP EVENT LIST with an empty list (until a
    /// new list replaces it): a state the terminal can tell from never having had a list.
    pub list_removed: bool,
    /// The network it last moved to (`true`: a visited one), `None` before the first location
    /// change: a location status event is a change of location (TS 102 223 7.5.4), so the
    /// environment never moves it to where it already is.
    pub network: Option<bool>,
    /// The wake-up timer.
    pub timer: TimerState,
    /// An idle STATUS is due.
    pub status_due: bool,
    /// ENVELOPEs owed, oldest first.
    pub envelopes: Vec<Env>,
    /// The oldest owed ENVELOPE was answered `93 00` and must be retried.
    pub retry: bool,
}

/// The UICC and its DM_SC Server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Uicc {
    /// The TERMINAL PROFILE it received.
    pub profile: Option<Profile>,
    /// Pending proactive commands (a set; see [`WakeupConfig::fixed_order`]).
    pub queue: Vec<ProCmd>,
    /// The command fetched, awaiting its TERMINAL RESPONSE (the proactive session).
    pub session: Option<ProCmd>,
    /// It answered `91 xx` since its last `90 00`: a proactive session is open.
    pub announced: bool,
    /// Location status registered (SET UP EVENT LIST answered with success).
    pub location_registered: bool,
    /// Its timer started (TIMER MANAGEMENT answered with success).
    pub timer_started: bool,
    /// The wake-up in progress.
    pub wake: Option<Scenario>,
    /// How the last wake-up ended.
    pub last_outcome: Option<Outcome>,
    /// The scenarios whose wake-up reached its trigger (bit `Scenario as u8`), for witnesses.
    pub triggered: u8,
    /// Wake-ups left.
    pub wakes_left: u8,
    /// The last location status reported a visited network (a roaming wake-up happens on
    /// entering roaming, not on every report while roaming).
    pub roaming: bool,
    /// Busy answers left.
    pub busy_left: u8,
    /// Negative commands left (tester).
    pub bad_left: u8,
    /// New event lists left ([`WakeupConfig::event_list_changes`]).
    pub list_changes_left: u8,
}

/// The whole state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct State {
    pub terminal: Terminal,
    pub uicc: Uicc,
    pub link: Link,
    /// Environment budgets left.
    pub ticks_left: u8,
    /// ENVELOPEs the terminal may still send inside a proactive session.
    pub session_envelopes_left: u8,
    pub locations_left: u8,
    pub calls_left: u8,
    pub bad_envelopes_left: u8,
    /// Transition monitor bits (see `Monitor`).
    pub monitor: u32,
}

/// An action of the model. Every message on the UICC-terminal interface is two actions: its
/// sending (an output of the sender) and its arrival (an input of the receiver).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Environment -> terminal: switched on with the UICC inserted.
    PowerOn,
    /// Environment -> terminal: time passes (a started timer expires, a STATUS falls due).
    TimeElapsed,
    /// Environment -> terminal: a location change; `visited`: to a visited network (never to the
    /// network it is on).
    LocationChange { visited: bool },
    /// Environment -> terminal: the user dials; `care`: the customer-care number.
    Dial { care: bool },
    /// Terminal output: it sends a C-APDU.
    Send(Capdu),
    /// UICC input: the C-APDU arrives.
    Receive(Capdu),
    /// UICC output: it answers with an R-APDU.
    Respond(Rapdu),
    /// Terminal input: the R-APDU arrives.
    Deliver(Rapdu),
    /// UICC internal (a tester playing the UICC only): it queues a negative command.
    QueueBad(BadCommand),
    /// UICC internal: the DM_SC Server registers its event list again, with location status
    /// (`location`: a new list replacing the current one with the same event) or empty
    /// (removing it).
    ChangeEventList { location: bool },
}
