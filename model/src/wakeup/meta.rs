//! The wake-up model's action metadata, declared once (as `ppg::meta` does for the PPG).
//!
//! [`Class::meta`] is the table of the facts fixed per class (role, direction, peer, urgent,
//! fair, time, ICS), [`Class::of`] puts every action in its class (an exhaustive match), and
//! [`requirement`] / [`negative`] give the facts that depend on an action's values. Class names
//! are `<role>.<what>`: `terminal.fetch` is the terminal sending FETCH, `uicc.fetch` the UICC
//! receiving it; `uicc.pending` is the UICC answering `91 xx`, `terminal.pending` the terminal
//! receiving it.

use super::req;
use super::types::{Action, BadCommand, BadEnvelope, Capdu, Env, ProCmd, Rapdu, TrResult};
use crate::{ActionLabel, Direction};

/// The roles of the wake-up model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The UICC hosting the DM_SC Server.
    Uicc,
    /// The terminal (ME).
    Terminal,
    /// The terminal's environment: power, clock, network, user (always the tester).
    Env,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Uicc, Role::Terminal, Role::Env];
    /// The roles an implementation under test can play.
    pub const IUT: [Role; 2] = [Role::Uicc, Role::Terminal];

    /// Its name in labels, suites and IUT specs.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Uicc => "uicc",
            Role::Terminal => "terminal",
            Role::Env => "env",
        }
    }

    /// What the role does.
    pub const fn description(self) -> &'static str {
        match self {
            Role::Uicc => {
                "the UICC hosting the DM_SC Server: C-APDUs in (TERMINAL PROFILE, ENVELOPE, FETCH, TERMINAL RESPONSE, STATUS), R-APDUs out"
            }
            Role::Terminal => {
                "the terminal: environment events and R-APDUs in, C-APDUs out (CAT handling of the wake-up scenarios)"
            }
            Role::Env => "the terminal's environment: power, clock, network, user",
        }
    }

    /// The role named `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The facts fixed for every action of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassMeta {
    /// `<role>.<what>`.
    pub name: &'static str,
    /// The role the action belongs to.
    pub role: Role,
    /// Input to, output of, or internal to `role`.
    pub direction: Direction,
    /// Who sends an input, who receives an output (`role` itself for an internal step).
    pub peer: Role,
    /// Owed now (see [`ActionLabel::urgent`]).
    pub urgent: bool,
    /// Weakly fair for the liveness properties.
    pub fair: bool,
    /// A step of the clock (time passing at the terminal; the UICC has no clock of its own).
    pub time: bool,
}

/// The action classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    EnvPowerOn,
    EnvTime,
    EnvLocation,
    EnvDial,
    SendProfile,
    SendEnvelope,
    SendFetch,
    SendResponse,
    SendStatus,
    SendBadEnvelope,
    SendStrayFetch,
    SendStrayResponse,
    RxProfile,
    RxEnvelope,
    RxFetch,
    RxResponse,
    RxStatus,
    RxBadEnvelope,
    RxStrayFetch,
    RxStrayResponse,
    RespondOk,
    RespondPending,
    RespondBusy,
    RespondCommand,
    RespondError,
    DeliverOk,
    DeliverPending,
    DeliverBusy,
    DeliverCommand,
    DeliverError,
    QueueBad,
    ChangeEventList,
}

impl Class {
    /// Every class, in declaration order.
    pub const ALL: [Class; 32] = [
        Class::EnvPowerOn,
        Class::EnvTime,
        Class::EnvLocation,
        Class::EnvDial,
        Class::SendProfile,
        Class::SendEnvelope,
        Class::SendFetch,
        Class::SendResponse,
        Class::SendStatus,
        Class::SendBadEnvelope,
        Class::SendStrayFetch,
        Class::SendStrayResponse,
        Class::RxProfile,
        Class::RxEnvelope,
        Class::RxFetch,
        Class::RxResponse,
        Class::RxStatus,
        Class::RxBadEnvelope,
        Class::RxStrayFetch,
        Class::RxStrayResponse,
        Class::RespondOk,
        Class::RespondPending,
        Class::RespondBusy,
        Class::RespondCommand,
        Class::RespondError,
        Class::DeliverOk,
        Class::DeliverPending,
        Class::DeliverBusy,
        Class::DeliverCommand,
        Class::DeliverError,
        Class::QueueBad,
        Class::ChangeEventList,
    ];

    /// The table.
    pub const fn meta(self) -> ClassMeta {
        use Direction::{Input, Internal, Output};
        const fn c(
            name: &'static str,
            role: Role,
            direction: Direction,
            peer: Role,
            urgent: bool,
            fair: bool,
        ) -> ClassMeta {
            ClassMeta {
                name,
                role,
                direction,
                peer,
                urgent,
                fair,
                time: false,
            }
        }
        const U: bool = true;
        const F: bool = true;
        const N: bool = false;
        use Role::{Env, Terminal, Uicc};
        match self {
            // The environment: not fair (it may stop switching, ticking, roaming, dialling).
            Class::EnvPowerOn => c("terminal.power-on", Terminal, Input, Env, N, N),
            // Time is a clock step (a stimulus to every IUT; the UICC has no clock and ignores
            // it); fair (time does not stop) within the configured budget.
            Class::EnvTime => ClassMeta {
                time: true,
                ..c("terminal.time-elapsed", Terminal, Input, Env, N, F)
            },
            Class::EnvLocation => c("terminal.location-change", Terminal, Input, Env, N, N),
            Class::EnvDial => c("terminal.dial", Terminal, Input, Env, N, N),
            // The terminal's C-APDUs: owed now once due (profile download after power on, FETCH
            // after 91xx, the TERMINAL RESPONSE); an ENVELOPE (for an event, or the retry after
            // 93 00, which TS 102 223 has the terminal make "periodically") and the idle STATUS
            // are the terminal's to time, but fair: owed once time is exhausted (liveness).
            Class::SendProfile => c("terminal.terminal-profile", Terminal, Output, Uicc, U, F),
            Class::SendEnvelope => c("terminal.envelope", Terminal, Output, Uicc, N, F),
            Class::SendFetch => c("terminal.fetch", Terminal, Output, Uicc, U, F),
            Class::SendResponse => c("terminal.terminal-response", Terminal, Output, Uicc, U, F),
            Class::SendStatus => c("terminal.status", Terminal, Output, Uicc, N, F),
            // A tester playing the terminal: negative stimuli, not fair.
            Class::SendBadEnvelope => c("terminal.bad-envelope", Terminal, Output, Uicc, N, N),
            Class::SendStrayFetch => c("terminal.stray-fetch", Terminal, Output, Uicc, N, N),
            Class::SendStrayResponse => c(
                "terminal.stray-terminal-response",
                Terminal,
                Output,
                Uicc,
                N,
                N,
            ),
            // Arrivals at the UICC: the interface is reliable (fair).
            Class::RxProfile => c("uicc.terminal-profile", Uicc, Input, Terminal, N, F),
            Class::RxEnvelope => c("uicc.envelope", Uicc, Input, Terminal, N, F),
            Class::RxFetch => c("uicc.fetch", Uicc, Input, Terminal, N, F),
            Class::RxResponse => c("uicc.terminal-response", Uicc, Input, Terminal, N, F),
            Class::RxStatus => c("uicc.status", Uicc, Input, Terminal, N, F),
            Class::RxBadEnvelope => c("uicc.bad-envelope", Uicc, Input, Terminal, N, F),
            Class::RxStrayFetch => c("uicc.stray-fetch", Uicc, Input, Terminal, N, F),
            Class::RxStrayResponse => {
                c("uicc.stray-terminal-response", Uicc, Input, Terminal, N, F)
            }
            // The UICC answers every command at once (urgent); 93 00 is its choice (not fair).
            Class::RespondOk => c("uicc.ok", Uicc, Output, Terminal, U, F),
            Class::RespondPending => c("uicc.pending", Uicc, Output, Terminal, U, F),
            Class::RespondBusy => c("uicc.busy", Uicc, Output, Terminal, U, N),
            Class::RespondCommand => c("uicc.command", Uicc, Output, Terminal, U, F),
            Class::RespondError => c("uicc.error", Uicc, Output, Terminal, U, F),
            // Arrivals at the terminal.
            Class::DeliverOk => c("terminal.ok", Terminal, Input, Uicc, N, F),
            Class::DeliverPending => c("terminal.pending", Terminal, Input, Uicc, N, F),
            Class::DeliverBusy => c("terminal.busy", Terminal, Input, Uicc, N, F),
            Class::DeliverCommand => c("terminal.command", Terminal, Input, Uicc, N, F),
            Class::DeliverError => c("terminal.error", Terminal, Input, Uicc, N, F),
            // A tester playing the UICC queues a negative command (not fair).
            Class::QueueBad => c("uicc.queue-bad", Uicc, Internal, Uicc, N, N),
            // The DM_SC Server's choice to register its event list again (not fair).
            Class::ChangeEventList => c("uicc.change-event-list", Uicc, Internal, Uicc, N, N),
        }
    }

    /// The class of `action`.
    pub const fn of(action: &Action) -> Class {
        match action {
            Action::PowerOn => Class::EnvPowerOn,
            Action::TimeElapsed => Class::EnvTime,
            Action::LocationChange { .. } => Class::EnvLocation,
            Action::Dial { .. } => Class::EnvDial,
            Action::Send(c) => match c {
                Capdu::TerminalProfile(_) => Class::SendProfile,
                Capdu::Envelope(_) => Class::SendEnvelope,
                Capdu::Fetch => Class::SendFetch,
                Capdu::TerminalResponse(_) => Class::SendResponse,
                Capdu::Status => Class::SendStatus,
                Capdu::BadEnvelope(_) => Class::SendBadEnvelope,
                Capdu::StrayFetch => Class::SendStrayFetch,
                Capdu::StrayResponse => Class::SendStrayResponse,
            },
            Action::Receive(c) => match c {
                Capdu::TerminalProfile(_) => Class::RxProfile,
                Capdu::Envelope(_) => Class::RxEnvelope,
                Capdu::Fetch => Class::RxFetch,
                Capdu::TerminalResponse(_) => Class::RxResponse,
                Capdu::Status => Class::RxStatus,
                Capdu::BadEnvelope(_) => Class::RxBadEnvelope,
                Capdu::StrayFetch => Class::RxStrayFetch,
                Capdu::StrayResponse => Class::RxStrayResponse,
            },
            Action::Respond(r) => match r {
                Rapdu::Ok => Class::RespondOk,
                Rapdu::Pending => Class::RespondPending,
                Rapdu::Busy => Class::RespondBusy,
                Rapdu::Command(_) => Class::RespondCommand,
                Rapdu::Error => Class::RespondError,
            },
            Action::Deliver(r) => match r {
                Rapdu::Ok => Class::DeliverOk,
                Rapdu::Pending => Class::DeliverPending,
                Rapdu::Busy => Class::DeliverBusy,
                Rapdu::Command(_) => Class::DeliverCommand,
                Rapdu::Error => Class::DeliverError,
            },
            Action::QueueBad(_) => Class::QueueBad,
            Action::ChangeEventList { .. } => Class::ChangeEventList,
        }
    }
}

/// The requirement a negative command tests.
pub const fn bad_command_requirement(k: BadCommand) -> &'static str {
    match k {
        BadCommand::MalformedTlv | BadCommand::UnknownCrObject => req::NOT_UNDERSTOOD,
        BadCommand::MissingMandatory => req::MISSING,
        BadCommand::UnknownType => req::TYPE_UNKNOWN,
        BadCommand::BeyondProfile => req::PROFILE,
        BadCommand::DeactivateIdleTimer => req::TIMER,
    }
}

/// The requirement of a general result.
pub const fn result_requirement(r: TrResult) -> &'static str {
    match r {
        TrResult::Success => req::TR_ONCE,
        TrResult::Unable => req::TR_RESULT,
        TrResult::BeyondCapabilities => req::PROFILE,
        TrResult::TypeNotUnderstood => req::TYPE_UNKNOWN,
        TrResult::NotUnderstood => req::NOT_UNDERSTOOD,
        TrResult::ValuesMissing => req::MISSING,
        TrResult::TimerState => req::TIMER,
    }
}

fn capdu_requirement(c: Capdu) -> &'static str {
    match c {
        Capdu::TerminalProfile(_) => req::PROFILE,
        Capdu::Envelope(Env::TimerExpiration) => req::TIMER,
        Capdu::Envelope(Env::CallControl { .. }) => req::CALL_CONTROL,
        Capdu::Envelope(Env::LocationStatus { .. }) => req::EVENT_LIST,
        Capdu::Fetch => req::PENDING_91XX,
        Capdu::TerminalResponse(r) => result_requirement(r),
        Capdu::Status => req::STATUS,
        Capdu::BadEnvelope(BadEnvelope::UnregisteredEvent) => req::EVENT_LIST,
        Capdu::BadEnvelope(_) => req::APDU_ERROR,
        Capdu::StrayFetch => req::FETCH_PENDING,
        Capdu::StrayResponse => req::TR_ONCE,
    }
}

fn rapdu_requirement(r: Rapdu) -> &'static str {
    match r {
        Rapdu::Ok | Rapdu::Pending => req::PENDING_91XX,
        Rapdu::Busy => req::BUSY,
        Rapdu::Command(ProCmd::SetUpEventList | ProCmd::RemoveEventList) => req::EVENT_LIST,
        Rapdu::Command(ProCmd::TimerStart) => req::TIMER,
        Rapdu::Command(ProCmd::Trigger(_)) => req::NOTIFY,
        Rapdu::Command(ProCmd::Bad(k)) => bad_command_requirement(k),
        Rapdu::Error => req::APDU_ERROR,
    }
}

/// The requirement `action` implements.
pub fn requirement(action: &Action) -> &'static str {
    match *action {
        Action::PowerOn => req::PROFILE,
        Action::TimeElapsed => req::TIMER,
        Action::LocationChange { .. } => req::LOCATION_STATUS,
        Action::Dial { .. } => req::CALL_CONTROL,
        Action::Send(c) | Action::Receive(c) => capdu_requirement(c),
        Action::Respond(r) | Action::Deliver(r) => rapdu_requirement(r),
        Action::QueueBad(k) => bad_command_requirement(k),
        Action::ChangeEventList { .. } => req::EVENT_LIST,
    }
}

/// Whether `action` is negative: a negative stimulus (bad ENVELOPE, stray FETCH, bad proactive
/// command) or the answer that shows one was negative (an error status word, a TERMINAL
/// RESPONSE with result 30, 31, 32 or 36).
pub fn negative(action: &Action) -> bool {
    match *action {
        Action::Send(c) | Action::Receive(c) => matches!(
            c,
            Capdu::BadEnvelope(_)
                | Capdu::StrayFetch
                | Capdu::StrayResponse
                | Capdu::TerminalResponse(
                    TrResult::BeyondCapabilities
                        | TrResult::TypeNotUnderstood
                        | TrResult::NotUnderstood
                        | TrResult::ValuesMissing
                        | TrResult::TimerState
                )
        ),
        Action::Respond(r) | Action::Deliver(r) => {
            matches!(r, Rapdu::Error | Rapdu::Command(ProCmd::Bad(_)))
        }
        Action::QueueBad(_) => true,
        _ => false,
    }
}

/// The label of `action`.
pub fn label(action: &Action) -> ActionLabel {
    let m = Class::of(action).meta();
    ActionLabel {
        role: m.role.name(),
        direction: m.direction,
        class: m.name,
        requirement: requirement(action),
        urgent: m.urgent,
        peer: m.peer.name(),
        fair: m.fair,
        time: m.time,
        negative: negative(action),
        ics: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_unique_and_start_with_their_role() {
        let mut names: Vec<&str> = Class::ALL.iter().map(|c| c.meta().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Class::ALL.len());
        for c in Class::ALL {
            let m = c.meta();
            let (role, _) = m.name.split_once('.').expect("<role>.<what>");
            assert_eq!(role, m.role.name(), "{c:?}");
            assert!(!(m.urgent && m.direction == Direction::Input), "{c:?}");
        }
    }

    #[test]
    fn every_class_is_listed_once_in_all() {
        for (k, c) in Class::ALL.iter().enumerate() {
            assert_eq!(*c as usize, k);
        }
    }
}
