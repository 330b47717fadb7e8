//! The wake-up model: the DM_SC Server on the UICC and the terminal at the APDU level, for every
//! wake-up scenario of the DM_SC TS (seed 001) clause 6.
//!
//! Sources (see `conformance/src/wakeup/requirements.json` for each id, its clause and whether
//! it is verified): OMA DM_SC TS clause 6 (the scenarios, informative examples) and 7 (after a
//! wake-up the DM_SC Server MUST send a DM Notification); ETSI TS 102 223 (CAT: profile download
//! 5.1/5.2, proactive commands 6, ENVELOPEs 7, results 6.10/6.11) and TS 102 221 (APDUs and
//! status words 10.1/10.2), as summarised in `shared/specs/cat-bip.md`.
//!
//! # What is modelled
//! - The interface is half duplex: the terminal sends one C-APDU ([`Capdu`]), the UICC answers
//!   it with one R-APDU ([`Rapdu`]). Each message is two actions, its sending (an output of the
//!   sender) and its arrival (an input of the receiver), so that either side can be the IUT.
//! - Power on: the terminal sends TERMINAL PROFILE first (CAT-PROFILE). The DM_SC Server then
//!   queues its registrations, as far as the profile allows: SET UP EVENT LIST (location status)
//!   for the roaming wake-up, TIMER MANAGEMENT (start) for the regular-interval wake-up, and,
//!   when it wakes on power on, its trigger.
//! - Every answer to a command that leaves a proactive command pending outside a proactive
//!   session is `91 xx`; the terminal FETCHes, gets the command, and sends exactly one TERMINAL
//!   RESPONSE; the UICC then announces the next one. Pending commands form a set served in any
//!   order, or in a fixed order where a tester plays the UICC ([`WakeupConfig::fixed_order`]).
//! - Wake-ups ([`Scenario`]): the profile download (power on); TIMER EXPIRATION of the started
//!   timer; an idle STATUS; CALL CONTROL of a call to the customer-care number; a location status
//!   event naming a visited network. A wake-up queues the trigger; it ends when the terminal
//!   answers the trigger (success: [`Outcome::Triggered`]; a failure result: [`Outcome::Failed`],
//!   a reported failure) or at once when the profile offers neither OPEN CHANNEL nor SEND SHORT
//!   MESSAGE ([`Outcome::NoFacility`]). One wake-up at a time; wake events during one are
//!   absorbed by it.
//! - The UICC may answer an ENVELOPE `93 00` (bounded); the terminal retries it (CAT-BUSY).
//! - The terminal downloads only registered events (CAT-EVENT-LIST) and TIMER EXPIRATION only
//!   for a started timer (CAT-TIMER); it answers a command its profile lacks with 30.
//! - Negative stimuli: a tester playing the terminal sends malformed, incomplete or unknown-CR
//!   ENVELOPEs and FETCH with nothing pending (the UICC answers an error status word); a tester
//!   playing the UICC serves a malformed command, one missing a mandatory object, one with an
//!   unknown CR object, one of an unknown type and one beyond the profile (the terminal answers
//!   32, 36, 32, 31, 30).
//!
//! # Bounds
//! Every environment stimulus and every choice that could repeat has a budget in
//! [`WakeupConfig`] (wake-ups, clock advances, location changes, calls, busy answers, negative
//! stimuli), so every configuration is finite. The named configurations give them.
//!
//! # Properties
//! Safety: transition monitors ([`Monitor`]) kept as bits in [`State::monitor`], one `always`
//! property each (see [`properties`]). Liveness ([`LivenessModel`]) under weak fairness of the
//! classes the action table marks fair: every wake-up ends in a trigger or a reported failure
//! (DMSC-7-NOTIFY), every `93 00` is followed by a retry (CAT-BUSY), every `91 xx` by a FETCH
//! (CAT-91XX), every fetched command by its TERMINAL RESPONSE (CAT-TR-ONCE).

pub mod meta;
pub mod properties;
mod types;

pub use types::*;

use crate::explorer::{Liveness, LivenessModel};
use crate::{ActionLabel, LabelledModel};
use stateright::{Model, Property};

/// Requirement ids used by this model (all in `conformance/src/wakeup/requirements.json`).
pub mod req {
    pub const WAKEUP: &str = "DMSC-6-WAKEUP";
    pub const NOTIFY: &str = "DMSC-7-NOTIFY";
    pub const PENDING_91XX: &str = "CAT-91XX";
    pub const FETCH_PENDING: &str = "CAT-FETCH-PENDING";
    pub const TR_ONCE: &str = "CAT-TR-ONCE";
    pub const TR_RESULT: &str = "CAT-TR-RESULT";
    pub const BUSY: &str = "CAT-BUSY";
    pub const PROFILE: &str = "CAT-PROFILE";
    pub const EVENT_LIST: &str = "CAT-EVENT-LIST";
    pub const TIMER: &str = "CAT-TIMER";
    pub const STATUS: &str = "CAT-STATUS";
    pub const CALL_CONTROL: &str = "CAT-CALL-CONTROL";
    pub const LOCATION_STATUS: &str = "CAT-LOCATION-STATUS";
    pub const NOT_UNDERSTOOD: &str = "CAT-NOT-UNDERSTOOD";
    pub const MISSING: &str = "CAT-MISSING";
    pub const TYPE_UNKNOWN: &str = "CAT-TYPE-UNKNOWN";
    pub const APDU_ERROR: &str = "CAT-APDU-ERROR";
}

/// Transition monitors: each names the requirement whose rule it checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Monitor {
    /// The terminal sends TERMINAL PROFILE before any other command (CAT-PROFILE).
    ProfileFirst = 0,
    /// The terminal FETCHes only after `91 xx` (CAT-FETCH-PENDING).
    FetchPending,
    /// One TERMINAL RESPONSE per fetched command, none without one (CAT-TR-ONCE).
    TrOnce,
    /// Location status is downloaded only when registered (CAT-EVENT-LIST).
    EventList,
    /// The UICC uses only facilities the profile declares (CAT-PROFILE).
    UiccFacility,
    /// TIMER EXPIRATION only for a started timer that ran out (CAT-TIMER).
    Timer,
    /// The terminal's general result is the one the command calls for (CAT-TR-RESULT).
    Result,
    /// The UICC answers an unparsable ENVELOPE or a stray FETCH with an error (CAT-APDU-ERROR).
    ApduError,
    /// A CALL CONTROL envelope only for a dialled call (CAT-CALL-CONTROL).
    CallControl,
    /// Malformed data or an unknown CR object is answered 32 (CAT-NOT-UNDERSTOOD).
    ResultNotUnderstood,
    /// A missing mandatory object is answered 36 (CAT-MISSING).
    ResultMissing,
    /// An unknown command type is answered 31 (CAT-TYPE-UNKNOWN).
    ResultTypeUnknown,
    /// A command beyond the profile is answered 30 (CAT-PROFILE).
    ResultBeyond,
}

impl Monitor {
    /// Every monitor, in bit order.
    pub const ALL: [Monitor; 13] = [
        Monitor::ProfileFirst,
        Monitor::FetchPending,
        Monitor::TrOnce,
        Monitor::EventList,
        Monitor::UiccFacility,
        Monitor::Timer,
        Monitor::Result,
        Monitor::ApduError,
        Monitor::CallControl,
        Monitor::ResultNotUnderstood,
        Monitor::ResultMissing,
        Monitor::ResultTypeUnknown,
        Monitor::ResultBeyond,
    ];

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Whether it fired in `state`.
    pub const fn fired(self, state: &State) -> bool {
        state.monitor & self.bit() != 0
    }

    /// The requirement it checks.
    pub const fn requirement(self) -> &'static str {
        match self {
            Monitor::ProfileFirst | Monitor::UiccFacility => req::PROFILE,
            Monitor::FetchPending => req::FETCH_PENDING,
            Monitor::TrOnce => req::TR_ONCE,
            Monitor::EventList => req::EVENT_LIST,
            Monitor::Timer => req::TIMER,
            Monitor::Result => req::TR_RESULT,
            Monitor::ApduError => req::APDU_ERROR,
            Monitor::CallControl => req::CALL_CONTROL,
            Monitor::ResultNotUnderstood => req::NOT_UNDERSTOOD,
            Monitor::ResultMissing => req::MISSING,
            Monitor::ResultTypeUnknown => req::TYPE_UNKNOWN,
            Monitor::ResultBeyond => req::PROFILE,
        }
    }
}

/// The wake-up model.
#[derive(Clone, Debug, Default)]
pub struct WakeupModel {
    pub config: WakeupConfig,
}

/// The order a fixed-order UICC serves its pending commands in.
fn order(cmd: ProCmd) -> u8 {
    match cmd {
        ProCmd::SetUpEventList | ProCmd::RemoveEventList => 0,
        ProCmd::TimerStart => 1,
        ProCmd::Trigger(_) => 2,
        ProCmd::Bad(_) => 3,
    }
}

/// The queue entry standing for "a trigger" (its kind is chosen when it is fetched).
const TRIGGER: ProCmd = ProCmd::Trigger(TriggerKind::OpenChannel);

impl WakeupModel {
    /// A model of `config`, once checked.
    pub fn new(config: WakeupConfig) -> Result<Self, String> {
        config.validate()?;
        Ok(Self { config })
    }

    fn weak(&self, w: Weakness) -> bool {
        self.config.weaken == Some(w)
    }

    /// The general results the terminal may give to `cmd` under `profile`.
    pub fn allowed_results(profile: Profile, cmd: ProCmd) -> &'static [TrResult] {
        match cmd {
            ProCmd::Bad(k) => match k.expected() {
                TrResult::NotUnderstood => &[TrResult::NotUnderstood],
                TrResult::ValuesMissing => &[TrResult::ValuesMissing],
                TrResult::TypeNotUnderstood => &[TrResult::TypeNotUnderstood],
                TrResult::TimerState => &[TrResult::TimerState],
                _ => &[TrResult::BeyondCapabilities],
            },
            c if !profile.allows(c) => &[TrResult::BeyondCapabilities],
            ProCmd::Trigger(_) => &[TrResult::Success, TrResult::Unable],
            ProCmd::SetUpEventList | ProCmd::RemoveEventList | ProCmd::TimerStart => {
                &[TrResult::Success]
            }
        }
    }

    /// The general results the terminal `t` may give to `cmd` now: [`Self::allowed_results`],
    /// except that deactivating the wake-up timer succeeds while it runs (24 only when idle).
    pub fn results_for(&self, t: &Terminal, cmd: ProCmd) -> &'static [TrResult] {
        if cmd == ProCmd::Bad(BadCommand::DeactivateIdleTimer) && t.timer == TimerState::Running {
            &[TrResult::Success]
        } else {
            Self::allowed_results(self.config.profile, cmd)
        }
    }

    /// Start a wake-up by `scenario` where the DM_SC Server wakes on it.
    fn wake(&self, u: &mut Uicc, scenario: Scenario) {
        let w = self.config.wake_on;
        let on = match scenario {
            Scenario::PowerOn => w.power_on,
            Scenario::Timer => w.timer,
            Scenario::Status => w.status,
            Scenario::CallControl => w.call_control,
            Scenario::Location => w.location,
        };
        if !on || u.wake.is_some() || u.wakes_left == 0 {
            return;
        }
        u.wakes_left -= 1;
        let p = u.profile.unwrap_or_default();
        if p.open_channel || p.send_sms {
            u.wake = Some(scenario);
            u.queue.push(TRIGGER);
        } else {
            u.last_outcome = Some(Outcome::NoFacility);
        }
    }

    /// The UICC after processing `c` (not FETCH: see [`Self::fetch_answers`]); `None` when `c`
    /// is one it answers with an error.
    pub fn process(&self, s: &State, c: Capdu) -> Option<Uicc> {
        let mut u = s.uicc.clone();
        match c {
            Capdu::TerminalProfile(p) => {
                u.profile = Some(p);
                let w = self.config.wake_on;
                if w.location && p.location_status {
                    u.queue.push(ProCmd::SetUpEventList);
                }
                if w.timer && (p.timer || self.weak(Weakness::UiccIgnoresProfile)) {
                    u.queue.push(ProCmd::TimerStart);
                }
                self.wake(&mut u, Scenario::PowerOn);
            }
            Capdu::Envelope(Env::TimerExpiration) => {
                if u.timer_started {
                    // Regular interval: the timer is started again, then the wake-up.
                    u.timer_started = false;
                    if self.config.wake_on.timer
                        && (u.profile.unwrap_or_default().timer
                            || self.weak(Weakness::UiccIgnoresProfile))
                    {
                        u.queue.push(ProCmd::TimerStart);
                    }
                    self.wake(&mut u, Scenario::Timer);
                }
            }
            Capdu::Envelope(Env::CallControl { care }) => {
                if care {
                    self.wake(&mut u, Scenario::CallControl);
                }
            }
            Capdu::Envelope(Env::LocationStatus { visited }) => {
                if u.location_registered {
                    if visited && !u.roaming {
                        self.wake(&mut u, Scenario::Location);
                    }
                    u.roaming = visited;
                }
            }
            // STATUS wakes only an idle server, and only when it chooses to (the n-th poll):
            // see [`Self::answers`].
            Capdu::Status => {}
            Capdu::TerminalResponse(r) => {
                let cmd = u.session.take()?;
                match cmd {
                    ProCmd::SetUpEventList if r == TrResult::Success => {
                        u.location_registered = true;
                    }
                    ProCmd::RemoveEventList if r == TrResult::Success => {
                        u.location_registered = false;
                    }
                    ProCmd::TimerStart if r == TrResult::Success => u.timer_started = true,
                    ProCmd::Trigger(_) => {
                        if let Some(sc) = u.wake.take() {
                            let outcome = if r == TrResult::Success {
                                Outcome::Triggered
                            } else {
                                Outcome::Failed
                            };
                            u.last_outcome = Some(outcome);
                            if outcome == Outcome::Triggered {
                                u.triggered |= 1 << (sc as u8);
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Not registered: acknowledged, not acted on (CAT-EVENT-LIST).
            Capdu::BadEnvelope(BadEnvelope::UnregisteredEvent) => {}
            Capdu::BadEnvelope(_) | Capdu::Fetch | Capdu::StrayFetch | Capdu::StrayResponse => {
                return None;
            }
        }
        Some(u)
    }

    /// Whether a proactive session is open: a command announced (`91 xx` since the last
    /// `90 00`) or fetched.
    pub fn in_session(u: &Uicc) -> bool {
        u.session.is_some() || u.announced
    }

    /// Whether the server is idle: nothing pending, no wake-up in progress.
    pub fn idle(u: &Uicc) -> bool {
        u.session.is_none() && u.queue.is_empty() && u.wake.is_none()
    }

    /// `91 xx` when a command is pending outside a proactive session, else `90 00`.
    pub fn pending_or_ok(u: &Uicc) -> Rapdu {
        if u.session.is_none() && !u.queue.is_empty() {
            Rapdu::Pending
        } else {
            Rapdu::Ok
        }
    }

    /// The commands a FETCH may return (with the queue entry each takes).
    pub fn fetch_answers(&self, u: &Uicc) -> Vec<(usize, ProCmd)> {
        if u.session.is_some() {
            return Vec::new();
        }
        let p = u.profile.unwrap_or_default();
        let mut entries: Vec<(usize, ProCmd)> = u.queue.iter().copied().enumerate().collect();
        if self.config.fixed_order {
            entries.sort_by_key(|(_, c)| order(*c));
            entries.truncate(1);
        }
        let mut out = Vec::new();
        for (i, c) in entries {
            if c == TRIGGER {
                // A fixed-order UICC (a tester) prefers the off-line trigger's OPEN CHANNEL; any
                // other may use either (listed on-line first: the one-command trigger).
                let order = if self.config.fixed_order {
                    [TriggerKind::OpenChannel, TriggerKind::SendSms]
                } else {
                    [TriggerKind::SendSms, TriggerKind::OpenChannel]
                };
                let kinds = order.into_iter().filter(|k| p.allows(ProCmd::Trigger(*k)));
                for k in kinds {
                    out.push((i, ProCmd::Trigger(k)));
                    if self.config.fixed_order {
                        break;
                    }
                }
            } else {
                out.push((i, c));
            }
        }
        out
    }

    /// The answers the UICC may give to `c` in `s`, with the UICC after each.
    pub fn answers(&self, s: &State, c: Capdu) -> Vec<(Rapdu, Uicc)> {
        let mut out = Vec::new();
        match c {
            Capdu::Fetch | Capdu::StrayFetch => {
                let answers = self.fetch_answers(&s.uicc);
                if answers.is_empty() {
                    out.push((Rapdu::Error, s.uicc.clone()));
                }
                for (i, cmd) in answers {
                    let mut u = s.uicc.clone();
                    u.queue.remove(i);
                    u.session = Some(cmd);
                    out.push((Rapdu::Command(cmd), u));
                }
            }
            _ => {
                let in_session = Self::in_session(&s.uicc);
                let envelope = matches!(
                    c,
                    Capdu::Envelope(_) | Capdu::BadEnvelope(BadEnvelope::UnregisteredEvent)
                );
                // Outside a session only while time can still pass (the terminal retries
                // periodically, TS 102 223; beyond the last clock step no retry could come).
                let busy_outside = s.uicc.busy_left > 0 && s.ticks_left > 0;
                if envelope && (in_session || busy_outside) {
                    let mut u = s.uicc.clone();
                    if !in_session {
                        u.busy_left -= 1;
                    }
                    out.push((Rapdu::Busy, u));
                }
                match self.process(s, c) {
                    Some(u) => {
                        if c == Capdu::Status && Self::idle(&u) {
                            let mut woken = u.clone();
                            self.wake(&mut woken, Scenario::Status);
                            if woken.wake.is_some() {
                                out.push((Rapdu::Pending, woken));
                            }
                        }
                        out.push((Self::pending_or_ok(&u), u));
                    }
                    None => out.push((Rapdu::Error, s.uicc.clone())),
                }
            }
        }
        for (r, u) in &mut out {
            match r {
                Rapdu::Pending => u.announced = true,
                Rapdu::Ok => u.announced = false,
                _ => {}
            }
        }
        out
    }

    /// Which monitors `action` fires when taken in `s` (whether or not the model offers it).
    pub fn monitor(&self, s: &State, action: &Action) -> u32 {
        let t = &s.terminal;
        let mut bits = 0;
        let mut fire = |m: Monitor| bits |= m.bit();
        match *action {
            Action::Send(c) => {
                if !t.profiled && !matches!(c, Capdu::TerminalProfile(_)) {
                    fire(Monitor::ProfileFirst);
                }
                match c {
                    Capdu::Fetch if !t.pending => fire(Monitor::FetchPending),
                    Capdu::TerminalResponse(r) => match t.fetched {
                        None => fire(Monitor::TrOnce),
                        Some(cmd) => {
                            let p = self.config.profile;
                            if !self.results_for(t, cmd).contains(&r) {
                                fire(match cmd {
                                    ProCmd::Bad(
                                        BadCommand::MalformedTlv | BadCommand::UnknownCrObject,
                                    ) => Monitor::ResultNotUnderstood,
                                    ProCmd::Bad(BadCommand::MissingMandatory) => {
                                        Monitor::ResultMissing
                                    }
                                    ProCmd::Bad(BadCommand::UnknownType) => {
                                        Monitor::ResultTypeUnknown
                                    }
                                    ProCmd::Bad(BadCommand::DeactivateIdleTimer) => Monitor::Timer,
                                    c if !p.allows(c) => Monitor::ResultBeyond,
                                    _ => Monitor::Result,
                                });
                            }
                        }
                    },
                    Capdu::Envelope(e) if t.envelopes.first() != Some(&e) => match e {
                        Env::TimerExpiration => fire(Monitor::Timer),
                        Env::LocationStatus { .. } => fire(Monitor::EventList),
                        Env::CallControl { .. } => fire(Monitor::CallControl),
                    },
                    // Owed although not registered: only a change from before the list was
                    // removed may be (see the TERMINAL RESPONSE to the removal).
                    Capdu::Envelope(Env::LocationStatus { .. })
                        if !t.location_registered && !t.list_removed =>
                    {
                        fire(Monitor::EventList)
                    }
                    _ => {}
                }
                if matches!(c, Capdu::Fetch | Capdu::TerminalResponse(_)) && t.fetched.is_some() {
                    // A FETCH while a command awaits its TERMINAL RESPONSE.
                    if c == Capdu::Fetch {
                        fire(Monitor::TrOnce);
                    }
                }
            }
            Action::Respond(r) => {
                if let Link::AtUicc(c) = s.link {
                    if let Rapdu::Command(cmd) = r
                        && !matches!(cmd, ProCmd::Bad(_))
                        && !s.uicc.profile.unwrap_or_default().allows(cmd)
                    {
                        fire(Monitor::UiccFacility);
                    }
                    let error_owed = match c {
                        Capdu::BadEnvelope(k) => k != BadEnvelope::UnregisteredEvent,
                        Capdu::StrayResponse => true,
                        Capdu::Fetch | Capdu::StrayFetch => self.fetch_answers(&s.uicc).is_empty(),
                        _ => false,
                    };
                    if error_owed && r != Rapdu::Error {
                        fire(Monitor::ApduError);
                    }
                    if let Rapdu::Command(_) = r
                        && !matches!(c, Capdu::Fetch | Capdu::StrayFetch)
                    {
                        fire(Monitor::FetchPending);
                    }
                }
            }
            _ => {}
        }
        bits
    }

    /// Whether the UICC may queue a negative command now (a tester playing the UICC).
    fn bad_applicable(&self, s: &State, k: BadCommand) -> bool {
        let Link::AtUicc(c) = s.link else {
            return false;
        };
        s.uicc.bad_left > 0
            && s.uicc.profile.is_some()
            && !matches!(c, Capdu::Fetch | Capdu::StrayFetch | Capdu::BadEnvelope(_))
            && !(matches!(c, Capdu::Envelope(_)) && s.uicc.busy_left > 0)
            && !s.uicc.queue.iter().any(|q| matches!(q, ProCmd::Bad(_)))
            && (k != BadCommand::BeyondProfile || self.config.profile.first_lacking().is_some())
            && (k != BadCommand::DeactivateIdleTimer || self.config.profile.timer)
    }

    /// Whether the DM_SC Server may register its event list again now: at the end of a proactive
    /// session (a TERMINAL RESPONSE arrived, nothing else pending), location status registered,
    /// the profile declaring SET UP EVENT LIST, budget left.
    fn change_applicable(&self, s: &State) -> bool {
        let u = &s.uicc;
        matches!(s.link, Link::AtUicc(Capdu::TerminalResponse(_)))
            && u.list_changes_left > 0
            && u.location_registered
            && u.queue.is_empty()
            && u.profile.is_some_and(|p| p.location_status)
    }

    fn terminal_outputs(&self, s: &State, out: &mut Vec<Action>) {
        let t = &s.terminal;
        if !t.on || s.link != Link::Idle {
            return;
        }
        if !t.profiled {
            out.push(Action::Send(Capdu::TerminalProfile(self.config.profile)));
            return;
        }
        if let Some(cmd) = t.fetched {
            for r in self.results_for(t, cmd) {
                out.push(Action::Send(Capdu::TerminalResponse(*r)));
            }
        } else if t.pending {
            out.push(Action::Send(Capdu::Fetch));
        }
        let hold = t.retry && self.weak(Weakness::TerminalNoRetry);
        let session = t.pending || t.fetched.is_some();
        if let Some(e) = t.envelopes.first()
            && !hold
            && (!session || s.session_envelopes_left > 0)
        {
            out.push(Action::Send(Capdu::Envelope(*e)));
        }
        if t.status_due {
            out.push(Action::Send(Capdu::Status));
        }
        if s.bad_envelopes_left > 0 {
            for k in BadEnvelope::ALL {
                if k != BadEnvelope::UnregisteredEvent || !t.location_registered {
                    out.push(Action::Send(Capdu::BadEnvelope(k)));
                }
            }
            if !t.pending && t.fetched.is_none() {
                out.push(Action::Send(Capdu::StrayFetch));
                out.push(Action::Send(Capdu::StrayResponse));
            }
        }
    }
}

impl Model for WakeupModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let c = &self.config;
        vec![State {
            uicc: Uicc {
                wakes_left: c.wakes,
                busy_left: c.busy,
                bad_left: c.bad_commands,
                list_changes_left: c.event_list_changes,
                ..Uicc::default()
            },
            ticks_left: c.ticks,
            session_envelopes_left: c.session_envelopes,
            locations_left: c.location_changes,
            calls_left: c.calls,
            bad_envelopes_left: c.bad_envelopes,
            ..State::default()
        }]
    }

    fn actions(&self, s: &State, out: &mut Vec<Action>) {
        let t = &s.terminal;
        if !t.on {
            out.push(Action::PowerOn);
            return;
        }
        if t.profiled {
            if s.ticks_left > 0 {
                out.push(Action::TimeElapsed);
            }
            if s.locations_left > 0 {
                for visited in [true, false] {
                    if t.network != Some(visited) {
                        out.push(Action::LocationChange { visited });
                    }
                }
            }
            if s.calls_left > 0 {
                out.push(Action::Dial { care: true });
                out.push(Action::Dial { care: false });
            }
        }
        self.terminal_outputs(s, out);
        match s.link {
            Link::Idle => {}
            Link::Command(c) => out.push(Action::Receive(c)),
            Link::AtUicc(c) => {
                for k in BadCommand::ALL {
                    if self.bad_applicable(s, k) {
                        out.push(Action::QueueBad(k));
                    }
                }
                if self.change_applicable(s) {
                    out.push(Action::ChangeEventList { location: true });
                    out.push(Action::ChangeEventList { location: false });
                }
                for (r, _) in self.answers(s, c) {
                    out.push(Action::Respond(r));
                }
            }
            Link::Response(_, r) => out.push(Action::Deliver(r)),
        }
    }

    fn next_state(&self, s: &State, action: Action) -> Option<State> {
        let mut n = s.clone();
        n.monitor |= self.monitor(s, &action);
        match action {
            Action::PowerOn => {
                if s.terminal.on {
                    return None;
                }
                n.terminal.on = true;
            }
            Action::TimeElapsed => {
                n.ticks_left = s.ticks_left.checked_sub(1)?;
                n.terminal.status_due = true;
                if n.terminal.timer == TimerState::Running {
                    n.terminal.timer = TimerState::Off;
                    n.terminal.envelopes.push(Env::TimerExpiration);
                }
            }
            Action::LocationChange { visited } => {
                if s.terminal.network == Some(visited) {
                    return None;
                }
                n.locations_left = s.locations_left.checked_sub(1)?;
                n.terminal.network = Some(visited);
                if s.terminal.location_registered || self.weak(Weakness::TerminalUnregisteredEvent)
                {
                    n.terminal.envelopes.push(Env::LocationStatus { visited });
                }
            }
            Action::Dial { care } => {
                n.calls_left = s.calls_left.checked_sub(1)?;
                if self.config.profile.call_control {
                    n.terminal.envelopes.push(Env::CallControl { care });
                }
            }
            Action::Send(c) => {
                if s.link != Link::Idle {
                    return None;
                }
                let t = &mut n.terminal;
                match c {
                    Capdu::TerminalProfile(_) => t.profiled = true,
                    Capdu::Fetch | Capdu::StrayFetch => t.pending = false,
                    Capdu::TerminalResponse(r) => {
                        let cmd = t.fetched.take();
                        if r == TrResult::Success {
                            match cmd {
                                Some(ProCmd::SetUpEventList) => {
                                    t.location_registered = true;
                                    t.list_removed = false;
                                }
                                // No location status for later changes. A change that happened
                                // while it was registered stays owed: the event occurred while
                                // in the list (TS 102 223 7.5; UNVERIFIED whether a terminal may
                                // also drop it, the reading followed is that the obligation
                                // arose with the event).
                                Some(ProCmd::RemoveEventList) => {
                                    t.location_registered = false;
                                    t.list_removed = true;
                                }
                                Some(ProCmd::TimerStart) => t.timer = TimerState::Running,
                                Some(ProCmd::Bad(BadCommand::DeactivateIdleTimer)) => {
                                    t.timer = TimerState::Off;
                                }
                                _ => {}
                            }
                        }
                    }
                    Capdu::Status => t.status_due = false,
                    Capdu::StrayResponse => {}
                    Capdu::BadEnvelope(_) => {
                        n.bad_envelopes_left = s.bad_envelopes_left.checked_sub(1)?;
                    }
                    Capdu::Envelope(_) => {
                        if t.pending || t.fetched.is_some() {
                            n.session_envelopes_left = s.session_envelopes_left.checked_sub(1)?;
                        }
                    }
                }
                if matches!(c, Capdu::StrayFetch | Capdu::StrayResponse) {
                    n.bad_envelopes_left = s.bad_envelopes_left.checked_sub(1)?;
                }
                n.link = Link::Command(c);
            }
            Action::Receive(c) => {
                if s.link != Link::Command(c) {
                    return None;
                }
                n.link = Link::AtUicc(c);
            }
            Action::QueueBad(k) => {
                if !self.bad_applicable(s, k) {
                    return None;
                }
                n.uicc.bad_left -= 1;
                let cmd = if k == BadCommand::BeyondProfile {
                    ProCmd::Bad(BadCommand::BeyondProfile)
                } else {
                    ProCmd::Bad(k)
                };
                n.uicc.queue.push(cmd);
            }
            Action::ChangeEventList { location } => {
                if !self.change_applicable(s) {
                    return None;
                }
                n.uicc.list_changes_left -= 1;
                n.uicc.queue.push(if location {
                    ProCmd::SetUpEventList
                } else {
                    ProCmd::RemoveEventList
                });
            }
            Action::Respond(r) => {
                let Link::AtUicc(c) = s.link else {
                    return None;
                };
                let (_, u) = self.answers(s, c).into_iter().find(|(a, _)| *a == r)?;
                n.uicc = u;
                n.link = Link::Response(c, r);
            }
            Action::Deliver(r) => {
                let Link::Response(c, r0) = s.link else {
                    return None;
                };
                if r != r0 {
                    return None;
                }
                let t = &mut n.terminal;
                let envelope = matches!(c, Capdu::Envelope(_));
                match r {
                    Rapdu::Ok | Rapdu::Pending => {
                        if envelope && !t.envelopes.is_empty() {
                            t.envelopes.remove(0);
                            t.retry = false;
                        }
                        if r == Rapdu::Pending {
                            t.pending = true;
                        }
                    }
                    Rapdu::Busy => {
                        if envelope {
                            t.retry = true;
                        }
                    }
                    Rapdu::Command(cmd) => t.fetched = Some(cmd),
                    Rapdu::Error => {}
                }
                n.link = Link::Idle;
            }
        }
        Some(n)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        properties::all(self)
    }
}

impl LabelledModel for WakeupModel {
    fn label(&self, action: &Action) -> ActionLabel {
        meta::label(action)
    }

    /// No more clock steps: whatever the terminal does "later" (an ENVELOPE, its retry, the
    /// idle STATUS) is owed now.
    fn time_exhausted(&self, state: &State) -> bool {
        state.ticks_left == 0
    }

    /// For the UICC: whether it has its profile, whether commands are pending, in a proactive
    /// session, and whether a wake-up is in progress. For the terminal: off, before its profile,
    /// its registrations (location status, or an event list removed; the timer running), and
    /// what it owes (FETCH, TERMINAL RESPONSE, an ENVELOPE, a retry).
    fn context(&self, role: &str, s: &State, _action: &Action) -> String {
        if role == meta::Role::Uicc.name() {
            let u = &s.uicc;
            if u.profile.is_none() {
                return "before profile".to_owned();
            }
            let phase = if u.session.is_some() {
                "in session"
            } else if u.queue.is_empty() {
                "idle"
            } else {
                "pending"
            };
            let wake = if u.wake.is_some() { ", waking" } else { "" };
            format!("{phase}{wake}")
        } else if role == meta::Role::Terminal.name() {
            let t = &s.terminal;
            if !t.on {
                return "off".to_owned();
            }
            if !t.profiled {
                return "before profile".to_owned();
            }
            let mut parts = Vec::new();
            if t.location_registered {
                parts.push("location registered");
            }
            if t.list_removed {
                parts.push("event list removed");
            }
            if t.timer == TimerState::Running {
                parts.push("timer running");
            }
            if t.fetched.is_some() {
                parts.push("owes terminal response");
            } else if t.pending {
                parts.push("owes fetch");
            }
            if t.retry {
                parts.push("owes retry");
            } else if !t.envelopes.is_empty() {
                parts.push("owes envelope");
            }
            if parts.is_empty() {
                "idle".to_owned()
            } else {
                parts.join(", ")
            }
        } else {
            String::new()
        }
    }

    fn describe(&self, action: &Action) -> String {
        describe(action)
    }

    /// The requirement an action the model does not allow breaks: the first transition monitor
    /// it fires; for a UICC answer, the rule its answer breaks (a missed wake-up is DMSC-7-NOTIFY,
    /// a wrong `90 00` / `91 xx` CAT-91XX, `93 00` to anything but an ENVELOPE CAT-BUSY).
    fn explain(&self, state: &State, action: &Action) -> Option<&'static str> {
        if let Some(m) = Monitor::ALL
            .iter()
            .find(|m| self.monitor(state, action) & m.bit() != 0)
        {
            return Some(m.requirement());
        }
        if let (Action::Respond(r), Link::AtUicc(c)) = (*action, state.link) {
            let answers = self.answers(state, c);
            if answers.iter().any(|(a, _)| *a == r) {
                return None;
            }
            return Some(match r {
                Rapdu::Busy => req::BUSY,
                Rapdu::Ok => {
                    let woke = answers
                        .iter()
                        .any(|(_, u)| u.wake.is_some() && state.uicc.wake.is_none());
                    if woke { req::NOTIFY } else { req::PENDING_91XX }
                }
                Rapdu::Pending => req::FETCH_PENDING,
                Rapdu::Command(ProCmd::Trigger(_)) => req::NOTIFY,
                Rapdu::Command(_) => req::PENDING_91XX,
                Rapdu::Error => req::APDU_ERROR,
            });
        }
        None
    }
}

/// `action` in plain words.
pub fn describe(action: &Action) -> String {
    fn capdu(c: Capdu) -> String {
        match c {
            Capdu::TerminalProfile(_) => "TERMINAL PROFILE".to_owned(),
            Capdu::Envelope(Env::TimerExpiration) => "ENVELOPE (TIMER EXPIRATION)".to_owned(),
            Capdu::Envelope(Env::CallControl { care }) => format!(
                "ENVELOPE (CALL CONTROL, {})",
                if care {
                    "customer-care number"
                } else {
                    "another number"
                }
            ),
            Capdu::Envelope(Env::LocationStatus { visited }) => format!(
                "ENVELOPE (EVENT DOWNLOAD location status, {} network)",
                if visited { "visited" } else { "home" }
            ),
            Capdu::Fetch => "FETCH".to_owned(),
            Capdu::TerminalResponse(r) => format!("TERMINAL RESPONSE ({})", result_words(r)),
            Capdu::Status => "STATUS".to_owned(),
            Capdu::BadEnvelope(k) => format!("a negative ENVELOPE ({k:?})"),
            Capdu::StrayFetch => "FETCH with no proactive command pending".to_owned(),
            Capdu::StrayResponse => "TERMINAL RESPONSE with no fetched command".to_owned(),
        }
    }
    fn result_words(r: TrResult) -> &'static str {
        match r {
            TrResult::Success => "performed successfully",
            TrResult::Unable => "unable to process",
            TrResult::BeyondCapabilities => "30, beyond terminal's capabilities",
            TrResult::TypeNotUnderstood => "31, command type not understood",
            TrResult::NotUnderstood => "32, command data not understood",
            TrResult::ValuesMissing => "36, required values missing",
            TrResult::TimerState => "24, in contradiction with the timer state",
        }
    }
    fn cmd(c: ProCmd) -> String {
        match c {
            ProCmd::SetUpEventList => "SET UP EVENT LIST (location status)".to_owned(),
            ProCmd::RemoveEventList => {
                "SET UP EVENT LIST (empty list: removes the current one)".to_owned()
            }
            ProCmd::TimerStart => "TIMER MANAGEMENT (start)".to_owned(),
            ProCmd::Trigger(TriggerKind::OpenChannel) => "OPEN CHANNEL (trigger)".to_owned(),
            ProCmd::Trigger(TriggerKind::SendSms) => "SEND SHORT MESSAGE (trigger)".to_owned(),
            ProCmd::Bad(k) => format!("a negative proactive command ({k:?})"),
        }
    }
    fn rapdu(r: Rapdu) -> String {
        match r {
            Rapdu::Ok => "90 00".to_owned(),
            Rapdu::Pending => "91 xx (proactive command pending)".to_owned(),
            Rapdu::Busy => "93 00 (toolkit busy)".to_owned(),
            Rapdu::Command(c) => format!("the proactive command {}", cmd(c)),
            Rapdu::Error => "an error status word".to_owned(),
        }
    }
    match *action {
        Action::PowerOn => "the terminal is switched on".to_owned(),
        Action::TimeElapsed => "time passes".to_owned(),
        Action::LocationChange { visited } => format!(
            "the terminal moves to {}",
            if visited {
                "a visited network"
            } else {
                "its home network"
            }
        ),
        Action::Dial { care } => format!(
            "the user dials {}",
            if care {
                "the customer-care number"
            } else {
                "another number"
            }
        ),
        Action::Send(c) => format!("the terminal sends {}", capdu(c)),
        Action::Receive(c) => format!("the UICC receives {}", capdu(c)),
        Action::Respond(r) => format!("the UICC answers {}", rapdu(r)),
        Action::Deliver(r) => format!("the terminal receives {}", rapdu(r)),
        Action::QueueBad(k) => format!("the UICC queues a negative command ({k:?})"),
        Action::ChangeEventList { location } => format!(
            "the DM_SC Server registers its event list again ({})",
            if location {
                "location status: replaces the list"
            } else {
                "empty: removes it"
            }
        ),
    }
}

impl LivenessModel for WakeupModel {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        vec![
            Liveness {
                name: "every wake-up leads to the trigger or a reported failure",
                requirement: req::NOTIFY,
                instances: 1,
                trigger: |_, s, _| s.uicc.wake.is_some(),
                goal: |_, s, _| s.uicc.wake.is_none(),
                fair: &[],
            },
            Liveness {
                name: "every 93 00 is followed by a retry of the ENVELOPE",
                requirement: req::BUSY,
                instances: 1,
                trigger: |_, s, _| s.terminal.retry,
                goal: |_, s, _| !s.terminal.retry,
                fair: &[],
            },
            Liveness {
                name: "every 91 xx is followed by a FETCH",
                requirement: req::PENDING_91XX,
                instances: 1,
                trigger: |_, s, _| s.terminal.pending,
                goal: |_, s, _| !s.terminal.pending,
                fair: &[],
            },
            Liveness {
                name: "every TIMER EXPIRATION owed is sent",
                requirement: req::TIMER,
                instances: 1,
                trigger: |_, s, _| s.terminal.envelopes.contains(&Env::TimerExpiration),
                goal: |_, s, _| !s.terminal.envelopes.contains(&Env::TimerExpiration),
                fair: &[],
            },
            Liveness {
                name: "every dialled call is submitted to call control",
                requirement: req::CALL_CONTROL,
                instances: 1,
                trigger: |_, s, _| {
                    s.terminal
                        .envelopes
                        .iter()
                        .any(|e| matches!(e, Env::CallControl { .. }))
                },
                goal: |_, s, _| {
                    !s.terminal
                        .envelopes
                        .iter()
                        .any(|e| matches!(e, Env::CallControl { .. }))
                },
                fair: &[],
            },
            Liveness {
                name: "every registered location change is downloaded",
                requirement: req::LOCATION_STATUS,
                instances: 1,
                trigger: |_, s, _| {
                    s.terminal
                        .envelopes
                        .iter()
                        .any(|e| matches!(e, Env::LocationStatus { .. }))
                },
                goal: |_, s, _| {
                    !s.terminal
                        .envelopes
                        .iter()
                        .any(|e| matches!(e, Env::LocationStatus { .. }))
                },
                fair: &[],
            },
            Liveness {
                name: "every due idle STATUS is sent",
                requirement: req::STATUS,
                instances: 1,
                trigger: |_, s, _| s.terminal.status_due,
                goal: |_, s, _| !s.terminal.status_due,
                fair: &[],
            },
            Liveness {
                name: "every fetched command gets its TERMINAL RESPONSE",
                requirement: req::TR_ONCE,
                instances: 1,
                trigger: |_, s, _| s.terminal.fetched.is_some(),
                goal: |_, s, _| s.terminal.fetched.is_none(),
                fair: &[],
            },
        ]
    }
}
