//! The DM trigger model's action metadata, declared once (as `ppg::meta` does for the PPG):
//! [`Class::meta`] is the table of the facts fixed per class, [`Class::of`] puts every action in
//! its class, and the value-dependent facts (requirement, negative, ICS items) are the functions
//! below it.

use super::{
    Action, CApdu, Corruption, DmPkg, Notification, ProCmd, RApdu, SmsOrigin, TrResult, req,
};
use crate::{ActionLabel, Direction, IcsItem};

/// The roles of the DM trigger model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The UICC: the DM_SC Server and the SCWS.
    Uicc,
    /// The terminal: CAT, the BIP gateway and the DM Client.
    Terminal,
    /// The user (power).
    User,
    /// The clock (timer 1).
    Clock,
    /// The network (SMS, the bearer of channel 2).
    Network,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 5] = [
        Role::Uicc,
        Role::Terminal,
        Role::User,
        Role::Clock,
        Role::Network,
    ];

    /// The roles an implementation under test can play.
    pub const IUT: [Role; 2] = [Role::Uicc, Role::Terminal];

    /// Its name in labels, suites and IUT specs.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Uicc => "uicc",
            Role::Terminal => "terminal",
            Role::User => "user",
            Role::Clock => "clock",
            Role::Network => "network",
        }
    }

    /// What the role does.
    pub const fn description(self) -> &'static str {
        match self {
            Role::Uicc => {
                "the UICC hosting the DM_SC Server: command APDUs in, response APDUs (91xx, proactive commands) out"
            }
            Role::Terminal => {
                "the terminal with the DM Client: response APDUs and environment events in, command APDUs out"
            }
            Role::User => "the user: switches the terminal on",
            Role::Clock => "the clock: runs CAT timers down",
            Role::Network => "the network: SMS delivery, the bearer of the BIP channel",
        }
    }

    /// The role named `name`.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The model's ICS items: what a terminal may leave out of its TERMINAL PROFILE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ics {
    TerminalBip,
    TerminalSms,
}

/// The ICS items, in bit order.
pub const ICS_ITEMS: [IcsItem; 2] = [
    IcsItem {
        name: "TERMINAL-BIP",
        role: "terminal",
        description: "BIP (TS 102 223 class e) and TERMINAL APPLICATIONS (class k) declared in the TERMINAL PROFILE; DM_SC TS 7.1 makes both MUSTs for a device with the ISO interface",
    },
    IcsItem {
        name: "TERMINAL-SMS",
        role: "terminal",
        description: "SEND SHORT MESSAGE declared in the TERMINAL PROFILE (DM_SC TS 7.2: a MUST where the SMS bearer is supported)",
    },
];

impl Ics {
    /// Its bit in [`ActionLabel::ics`].
    pub const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Its name in ICS files.
    pub const fn name(self) -> &'static str {
        ICS_ITEMS[self as usize].name
    }
}

/// The facts fixed for every action of a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassMeta {
    /// The class name (`<actor>.<what>`).
    pub name: &'static str,
    /// The role the action belongs to.
    pub role: Role,
    /// Input to, output of, or internal to `role`.
    pub direction: Direction,
    /// Who sends an input, who receives an output.
    pub peer: Role,
    /// Owed now.
    pub urgent: bool,
    /// Weakly fair for the liveness properties.
    pub fair: bool,
    /// A step of the clock delivered to every IUT (none here: timer 1 runs in the terminal, the
    /// UICC sees only its expiry envelope).
    pub time: bool,
    /// The ICS item every action of the class needs, if any.
    pub ics: Option<Ics>,
}

/// The action classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    UserPowerOn,
    ClockTimeElapsed,
    NetworkLinkDropped,
    NetworkSmsReturn,
    NetworkSmsRemote,
    NetworkSmsBad,
    TerminalProfile,
    TerminalEnvelope,
    TerminalFetch,
    TerminalResponse,
    ToUicc,
    ToUiccCorrupted,
    UiccAnswer,
    ToTerminal,
    ToTerminalCorrupted,
}

impl Class {
    /// Every class, in declaration order.
    pub const ALL: [Class; 15] = [
        Class::UserPowerOn,
        Class::ClockTimeElapsed,
        Class::NetworkLinkDropped,
        Class::NetworkSmsReturn,
        Class::NetworkSmsRemote,
        Class::NetworkSmsBad,
        Class::TerminalProfile,
        Class::TerminalEnvelope,
        Class::TerminalFetch,
        Class::TerminalResponse,
        Class::ToUicc,
        Class::ToUiccCorrupted,
        Class::UiccAnswer,
        Class::ToTerminal,
        Class::ToTerminalCorrupted,
    ];

    /// The table.
    pub const fn meta(self) -> ClassMeta {
        use Direction::{Input, Output};
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
                ics: None,
            }
        }
        const U: bool = true; // urgent
        const F: bool = true; // fair
        const N: bool = false;
        use Role::{Clock, Network, Terminal, Uicc, User};
        match self {
            // The environment: the user and the clock may do nothing (not fair); the network
            // returns the terminal's own SMS (fair), may send a remote trigger or a bad one, and
            // may drop the link (not fair).
            Class::UserPowerOn => c("user.power-on", Terminal, Input, User, N, N),
            Class::ClockTimeElapsed => c("clock.time-elapsed", Terminal, Input, Clock, N, N),
            Class::NetworkLinkDropped => c("network.link-dropped", Terminal, Input, Network, N, N),
            Class::NetworkSmsReturn => c("network.sms-return", Terminal, Input, Network, N, F),
            Class::NetworkSmsRemote => c("network.sms-remote", Terminal, Input, Network, N, N),
            Class::NetworkSmsBad => c("network.sms-bad", Terminal, Input, Network, N, N),
            // The terminal owes every C-APDU at once: FETCH after 91xx, one TERMINAL RESPONSE
            // per command, the envelopes of its events.
            Class::TerminalProfile => c("terminal.profile", Terminal, Output, Uicc, U, F),
            Class::TerminalEnvelope => c("terminal.envelope", Terminal, Output, Uicc, U, F),
            Class::TerminalFetch => c("terminal.fetch", Terminal, Output, Uicc, U, F),
            Class::TerminalResponse => {
                c("terminal.terminal-response", Terminal, Output, Uicc, U, F)
            }
            // The UICC-terminal interface delivers every APDU (fair); a corrupted one is a
            // negative stimulus (not fair).
            Class::ToUicc => c("terminal.to-uicc", Uicc, Input, Terminal, N, F),
            Class::ToUiccCorrupted => c("terminal.to-uicc-corrupted", Uicc, Input, Terminal, N, N),
            // The card answers every command APDU at once.
            Class::UiccAnswer => c("uicc.answer", Uicc, Output, Terminal, U, F),
            Class::ToTerminal => c("uicc.to-terminal", Terminal, Input, Uicc, N, F),
            Class::ToTerminalCorrupted => {
                c("uicc.to-terminal-corrupted", Terminal, Input, Uicc, N, N)
            }
        }
    }

    /// The class of `action`.
    pub const fn of(action: &Action) -> Class {
        match action {
            Action::PowerOn => Class::UserPowerOn,
            Action::TimeElapsed => Class::ClockTimeElapsed,
            Action::LinkLost => Class::NetworkLinkDropped,
            Action::SmsArrives {
                origin: SmsOrigin::Own,
                ..
            } => Class::NetworkSmsReturn,
            Action::SmsArrives {
                notification: Notification::Valid,
                ..
            } => Class::NetworkSmsRemote,
            Action::SmsArrives { .. } => Class::NetworkSmsBad,
            Action::Send { apdu } => match apdu {
                CApdu::Profile { .. } => Class::TerminalProfile,
                CApdu::Fetch => Class::TerminalFetch,
                CApdu::Response { .. } => Class::TerminalResponse,
                _ => Class::TerminalEnvelope,
            },
            Action::Receive {
                corruption: None, ..
            } => Class::ToUicc,
            Action::Receive { .. } => Class::ToUiccCorrupted,
            Action::Answer { .. } => Class::UiccAnswer,
            Action::Deliver {
                corruption: None,
                notification: None,
                ..
            } => Class::ToTerminal,
            Action::Deliver { .. } => Class::ToTerminalCorrupted,
        }
    }
}

/// The requirement a proactive command implements.
pub const fn command_requirement(cmd: ProCmd) -> &'static str {
    match cmd {
        ProCmd::SetUpEventList => req::EVENT_LIST,
        ProCmd::OpenScws => req::BIP_OPEN,
        ProCmd::StartTimer => req::TIMER,
        ProCmd::OpenTsm => req::TSM,
        ProCmd::SendNotification => req::PKG0,
        ProCmd::CloseTsm => req::BIP_CLOSE,
        ProCmd::SendSms => req::SMS,
        ProCmd::ReceiveData | ProCmd::SendDm { .. } | ProCmd::SendDmPart => req::AD_REMOTE,
    }
}

const fn notification_requirement(n: Notification) -> &'static str {
    match n {
        Notification::Valid | Notification::OtherServer => req::SERVERID,
        Notification::BadDigest => req::DIGEST,
        Notification::WrongVersion => req::VERSION,
    }
}

const fn corruption_requirement(c: Corruption) -> &'static str {
    match c {
        Corruption::MissingMandatory => req::MISSING,
        Corruption::MalformedTlv | Corruption::UnknownCr => req::NOT_UNDERSTOOD,
        Corruption::UnregisteredPort => req::BIP_PORT,
    }
}

const fn capdu_requirement(apdu: CApdu) -> &'static str {
    match apdu {
        CApdu::Profile { .. } => req::PROFILE,
        CApdu::Register {
            app_type_07: false, ..
        } => req::APPTYPE,
        CApdu::Register {
            port_unique: false, ..
        } => req::PORT,
        CApdu::Register { .. } => req::CLASS_K,
        CApdu::TimerExpiration => req::WAKEUP,
        CApdu::DataAvailable => req::AD_REMOTE,
        CApdu::LinkDropped => req::BIP_LINK_DROPPED,
        CApdu::ScwsStatus { .. } => req::EVENT_LIST,
        CApdu::Fetch => req::SW_91XX,
        CApdu::Response { cmd, result, data } => match (result, data) {
            (TrResult::NotUnderstood, _) => req::NOT_UNDERSTOOD,
            (TrResult::Missing, _) => req::MISSING,
            (TrResult::Beyond, _) => req::PROFILE,
            (TrResult::PortNotAvailable, _) => req::BIP_PORT,
            (TrResult::ChannelClosed, _) => req::BIP_LINK_DROPPED,
            (TrResult::Ok, Some(DmPkg::ClientInit | DmPkg::Misaddressed)) => req::APPADDR,
            (TrResult::Ok, Some(DmPkg::WrongSession)) => req::SESSIONID,
            (TrResult::Ok, _) => match cmd {
                ProCmd::SendNotification => req::CONVEY,
                ProCmd::OpenTsm => req::OFFLINE,
                c => command_requirement(c),
            },
        },
    }
}

/// The requirement `action` implements.
pub const fn requirement(action: &Action) -> &'static str {
    match *action {
        Action::PowerOn => req::PROFILE,
        Action::TimeElapsed => req::TIMER,
        Action::LinkLost => req::BIP_LINK_DROPPED,
        Action::SmsArrives {
            origin: SmsOrigin::Own,
            ..
        } => req::SMS_SEND,
        Action::SmsArrives {
            notification: Notification::Valid,
            ..
        } => req::AD_REMOTE,
        Action::SmsArrives { notification, .. } => notification_requirement(notification),
        Action::Send { apdu } => capdu_requirement(apdu),
        Action::Receive {
            corruption: Some(_),
            ..
        } => req::UICC_ERROR_SW,
        Action::Receive { apdu, .. } => capdu_requirement(apdu),
        Action::Answer { rapdu } => match rapdu {
            RApdu::Pending => req::SW_91XX,
            RApdu::Command { cmd } => command_requirement(cmd),
            RApdu::Ok => req::TR_ONCE,
            RApdu::Error => req::UICC_ERROR_SW,
        },
        Action::Deliver {
            corruption: Some(c),
            ..
        } => corruption_requirement(c),
        Action::Deliver {
            notification: Some(n),
            ..
        } => notification_requirement(n),
        Action::Deliver { rapdu, .. } => match rapdu {
            RApdu::Pending => req::SW_91XX,
            RApdu::Command { cmd } => command_requirement(cmd),
            RApdu::Ok => req::TR_ONCE,
            RApdu::Error => req::UICC_ERROR_SW,
        },
    }
}

/// Whether `action` is negative: a corrupted APDU, an invalid notification, and the answers that
/// show a stimulus was negative (an error status word, general result 32 / 36).
pub const fn negative(action: &Action) -> bool {
    match *action {
        Action::SmsArrives { notification, .. } => !matches!(notification, Notification::Valid),
        Action::Receive { corruption, .. } => corruption.is_some(),
        Action::Deliver {
            corruption,
            notification,
            ..
        } => corruption.is_some() || notification.is_some(),
        Action::Answer {
            rapdu: RApdu::Error,
        } => true,
        Action::Send {
            apdu: CApdu::Response { result, .. },
        } => matches!(result, TrResult::NotUnderstood | TrResult::Missing),
        _ => false,
    }
}

/// The ICS items `action` needs.
pub const fn ics(action: &Action) -> u32 {
    match *action {
        Action::Send {
            apdu: CApdu::Profile { profile },
        } => {
            (if profile.bip {
                Ics::TerminalBip.bit()
            } else {
                0
            }) | (if profile.sms {
                Ics::TerminalSms.bit()
            } else {
                0
            })
        }
        _ => 0,
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
        ics: ics(action) | m.ics.map_or(0, Ics::bit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_unique_and_start_with_their_actor() {
        let mut names: Vec<&str> = Class::ALL.iter().map(|c| c.meta().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Class::ALL.len());
        for c in Class::ALL {
            let m = c.meta();
            let (actor, _) = m.name.split_once('.').expect("<actor>.<what>");
            let taker = if m.direction == Direction::Input {
                m.peer
            } else {
                m.role
            };
            assert_eq!(actor, taker.name(), "{c:?}");
            assert!(!(m.urgent && m.direction == Direction::Input), "{c:?}");
        }
    }

    #[test]
    fn every_class_is_listed_once_in_all() {
        for (k, c) in Class::ALL.iter().enumerate() {
            assert_eq!(*c as usize, k);
        }
    }

    #[test]
    fn ics_item_bits_match_the_list() {
        assert_eq!(Ics::TerminalBip.name(), "TERMINAL-BIP");
        assert_eq!(Ics::TerminalSms.bit(), 2);
    }
}
