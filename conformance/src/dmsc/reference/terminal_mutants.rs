//! The built-in mutants of the reference terminal ([`super::terminal::ReferenceTerminal`]): each
//! one small, targeted deviation that a real terminal (its CAT layer, its BIP gateway or its DM
//! Client) could plausibly ship, tied to the requirement id it breaks (the shared vocabulary of
//! `DMSC-CONTRACT.md`; the protocols' `requirements.json` define them).
//!
//! Two registries, one per protocol whose `terminal` suite must kill them:
//! [`terminal_wakeup_mutants`] (CAT sequencing, events, timers, STATUS, call control: the
//! `wakeup` protocol) and [`terminal_trigger_mutants`] (Terminal Applications registration, BIP
//! terminal server mode, the DM Client: the `dm_trigger` protocol). [`TerminalMutant`] is either.

pub use crate::mutant::MutantInfo;
use crate::mutants;

mutants! {
    /// A deliberate bug in the reference terminal's CAT handling (`wakeup` protocol).
    pub enum TerminalWakeupMutant, terminal_wakeup_mutants, TERMINAL_WAKEUP_MUTANTS {
        /// Fetches after a STATUS answered `90 00`.
        FetchWithout91xx => ("fetch-without-91xx", "CAT-FETCH-PENDING",
            "sends FETCH after a STATUS answered 90 00, although no proactive command is pending"),
        /// FETCH with Le one more than SW2 of `91 xx`.
        FetchWrongLe => ("fetch-wrong-le", "CAT-91XX",
            "fetches a pending proactive command with Le = xx + 1 instead of the xx of 91 xx"),
        /// Every TERMINAL RESPONSE is sent twice.
        TwoTerminalResponses => ("two-terminal-responses", "CAT-TR-ONCE",
            "sends every TERMINAL RESPONSE twice"),
        /// No TERMINAL RESPONSE is ever sent.
        NoTerminalResponse => ("no-terminal-response", "CAT-TR-ONCE",
            "executes fetched proactive commands but never sends their TERMINAL RESPONSE"),
        /// Location status event downloads whatever the event list says.
        EventsWithoutRegistration => ("events-without-registration", "CAT-EVENT-LIST",
            "sends a location status event download on a location change although the UICC did not register the event"),
        /// SET UP EVENT LIST adds to the list instead of replacing it.
        EventListAppends => ("event-list-appends", "CAT-EVENT-LIST",
            "adds the events of SET UP EVENT LIST to the current list instead of replacing it"),
        /// A started timer runs out silently.
        NeverSendsTimerExpiration => ("never-sends-timer-expiration", "CAT-TIMER",
            "never sends the TIMER EXPIRATION envelope when a started timer runs out"),
        /// Deactivating a timer that is not running answers 00.
        DeactivateIdleTimerAnswers00 => ("deactivate-idle-timer-answers-00", "CAT-TIMER",
            "answers TIMER MANAGEMENT deactivate of a timer that is not running with 00 instead of 24"),
        /// An ENVELOPE answered `93 00` is dropped.
        DropsEnvelopeAfterBusy => ("drops-envelope-after-9300", "CAT-BUSY",
            "drops an ENVELOPE the UICC answered 93 00 (toolkit busy) instead of retrying it later"),
        /// A command beyond the profile answers 00.
        UnsupportedAnswers00 => ("unsupported-answers-00", "CAT-PROFILE",
            "answers a proactive command beyond its TERMINAL PROFILE with 00 instead of 30"),
        /// No TERMINAL PROFILE at power on.
        OmitsTerminalProfile => ("omits-terminal-profile", "CAT-PROFILE",
            "does not send TERMINAL PROFILE at power on and starts with its envelopes and STATUS"),
        /// TERMINAL RESPONSE device identities UICC to terminal.
        WrongDeviceIdentities => ("wrong-device-identities", "CAT-TR-RESULT",
            "puts device identities 81 82 (UICC to terminal) in its TERMINAL RESPONSE instead of 82 81"),
        /// The command details are not echoed.
        NoEchoCommandDetails => ("no-echo-command-details", "CAT-TR-ONCE",
            "answers with command number 00 and qualifier 00 instead of echoing the command details"),
        /// STATUS is never sent in idle.
        NoStatusPolling => ("no-status-polling", "CAT-STATUS",
            "never sends STATUS in idle, so a card waiting for the poll is never woken"),
        /// A dialled number is not offered to call control.
        NoCallControl => ("no-call-control", "CAT-CALL-CONTROL",
            "sets up a call without the call control ENVELOPE although the UICC provides call control"),
        /// A malformed command answers 00.
        MalformedAnswers00 => ("malformed-answers-00", "CAT-NOT-UNDERSTOOD",
            "answers a proactive command with malformed TLVs or an unknown comprehension-required object with 00 instead of 32"),
        /// A command lacking a mandatory object answers 32.
        MissingAnswers32 => ("missing-answers-32", "CAT-MISSING",
            "answers a proactive command lacking a mandatory object with 32 instead of 36"),
        /// An unknown command type answers 30.
        UnknownTypeAnswers30 => ("unknown-type-answers-30", "CAT-TYPE-UNKNOWN",
            "answers an unknown command type with 30 instead of 31"),
        /// The location status event lacks the location information.
        LocationWithoutInformation => ("location-without-information", "CAT-LOCATION-STATUS",
            "sends the location status event download for normal service without the location information"),
    }
}

mutants! {
    /// A deliberate bug in the reference terminal's BIP gateway or DM Client (`dm_trigger`
    /// protocol).
    pub enum TerminalTriggerMutant, terminal_trigger_mutants, TERMINAL_TRIGGER_MUTANTS {
        /// No Terminal Applications envelope after the profile.
        NoTerminalApplications => ("no-terminal-applications", "DMSC-7.1-CLASS-K",
            "never sends the Terminal Applications envelope registering the DM Client"),
        /// Application type `01` for the DM Client.
        ApplicationTypeNot07 => ("application-type-not-07", "DMSC-7.1-APPTYPE",
            "registers the DM Client with application type 01 instead of 07"),
        /// A second application registered on the DM Client's port.
        PortNotUnique => ("port-not-unique", "DMSC-7.1-PORT",
            "registers a second application (a browser) on the DM Client's port"),
        /// The name packed although the DCS says unpacked.
        NamePacked => ("name-packed-dcs-04", "DMSC-7.1-NAME",
            "declares DCS 04 (GSM default alphabet, 8-bit) for the DM Client's name but packs it in 7-bit septets as in an SMS"),
        /// Session opened whatever the ServerID.
        SessionOnWrongServerId => ("session-on-wrong-serverid", "DMSC-7.1-SERVERID",
            "opens the DM session with the DM_SC Server on a notification carrying another ServerID"),
        /// The digest is not checked.
        IgnoresBadDigest => ("ignores-bad-digest", "DMNOTI-DIGEST",
            "opens the DM session on a notification whose digest does not verify"),
        /// The AppAddr path is `/DM`.
        WrongAppAddr => ("wrong-appaddr", "DMSC-8.1-APPADDR",
            "uses the AppAddr https://127.0.0.1:4116/DM (request target /DM) instead of /OMA/DM"),
        /// The session id in decimal.
        WrongSessionId => ("wrong-session-id", "DMNOTI-SESSIONID",
            "puts the notification's session id in decimal (4660) instead of uppercase hex (1234) in the SyncML header"),
        /// SEND DATA in terminal server mode is acknowledged but not conveyed.
        DoesNotConveySendData => ("does-not-convey-send-data", "DMSC-7.1-CONVEY",
            "acknowledges SEND DATA on the terminal server mode channel but never conveys its data to the DM Client"),
        /// OPEN CHANNEL in terminal server mode answered 30.
        NoTerminalServerMode => ("no-terminal-server-mode", "DMSC-7.1-TSM",
            "answers OPEN CHANNEL in terminal server mode with 30 although its profile declares it"),
        /// Any port accepted in terminal server mode.
        AcceptsAnyPort => ("accepts-any-port", "BIP-PORT",
            "opens a terminal server mode channel on a port no application listens on instead of answering 3A 10"),
        /// SEND DATA on a closed channel answers 00.
        SendDataClosedAnswers00 => ("send-data-closed-answers-00", "BIP-SEND-OPEN",
            "answers SEND DATA on a channel whose link dropped with 00 instead of 3A 02"),
        /// Link loss is not reported.
        NeverReportsLinkDropped => ("never-reports-link-dropped", "BIP-LINK-DROPPED",
            "never sends the channel status event download when a channel's link drops"),
        /// SEND SHORT MESSAGE answered 30 although the terminal has an SMS bearer.
        NoSendShortMessage => ("no-send-short-message", "DMSC-7.2-SMS",
            "answers SEND SHORT MESSAGE with 30 although it has an SMS bearer"),
        /// The DM Client never sends its results.
        NoResults => ("no-results", "DMSC-AD-REMOTE",
            "integrates the provisioning data but never sends the results package to the DM_SC Server"),
    }
}

/// A mutant of either registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum TerminalMutant {
    /// A CAT-handling bug (`wakeup`).
    Wakeup(TerminalWakeupMutant),
    /// A BIP gateway or DM Client bug (`dm_trigger`).
    Trigger(TerminalTriggerMutant),
}

impl TerminalMutant {
    /// Looks a mutant up by its name in either registry (names are unique across both).
    pub fn from_name(name: &str) -> Option<Self> {
        TerminalWakeupMutant::from_name(name)
            .map(Self::Wakeup)
            .or_else(|| TerminalTriggerMutant::from_name(name).map(Self::Trigger))
    }

    /// The registry entry.
    pub fn info(self) -> &'static MutantInfo {
        match self {
            Self::Wakeup(m) => m.info(),
            Self::Trigger(m) => m.info(),
        }
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().name
    }
}

impl From<TerminalWakeupMutant> for TerminalMutant {
    fn from(m: TerminalWakeupMutant) -> Self {
        Self::Wakeup(m)
    }
}

impl From<TerminalTriggerMutant> for TerminalMutant {
    fn from(m: TerminalTriggerMutant) -> Self {
        Self::Trigger(m)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn registries_are_big_enough_and_names_unique_across_both() {
        assert!(terminal_wakeup_mutants().len() >= 10);
        assert!(terminal_trigger_mutants().len() >= 10);
        let names: BTreeSet<&str> = terminal_wakeup_mutants()
            .iter()
            .chain(terminal_trigger_mutants())
            .map(|m| m.name)
            .collect();
        assert_eq!(
            names.len(),
            terminal_wakeup_mutants().len() + terminal_trigger_mutants().len()
        );
        for m in terminal_wakeup_mutants()
            .iter()
            .chain(terminal_trigger_mutants())
        {
            let found = TerminalMutant::from_name(m.name).map(TerminalMutant::name);
            assert_eq!(found, Some(m.name));
        }
    }
}
