//! The built-in mutants of the reference UICC ([`super::uicc::ReferenceUicc`]): each one small,
//! targeted deviation that a real card (its DM_SC Server applet or its toolkit framework) could
//! plausibly ship, tied to the requirement id it breaks (the shared vocabulary of the DM Smart
//! Card protocols: DMSC-*, DMNOTI-*, CAT-*, BIP-*, SMS-*).
//!
//! Two registries: [`uicc_wakeup_mutants`] (wake-up registration, 91xx / FETCH / TERMINAL
//! RESPONSE sequencing, event handling: the `wakeup` protocol's suites) and
//! [`uicc_trigger_mutants`] (the off-line and on-line trigger and the DM session over the SCWS:
//! the `dm_trigger` protocol's suites). [`UiccMutant`] wraps either, so the reference takes one
//! `Option<UiccMutant>`.

pub use crate::mutant::MutantInfo;
use crate::mutants;

mutants! {
    /// A wake-up bug of the reference UICC.
    pub enum UiccWakeupMutant, uicc_wakeup_mutants, UICC_WAKEUP_MUTANTS {
        /// Ends a command with `90 00` although a proactive command is pending.
        ProactiveWithout91xx => ("proactive-without-91xx", "CAT-91XX",
            "answers 90 00 instead of 91 xx while a proactive command is pending (FETCH would still return it)"),
        /// Announces one byte more than the command has.
        WrongLeIn91xx => ("wrong-le-in-91xx", "CAT-91XX",
            "announces a pending proactive command with 91 xx where xx is one more than the command's length"),
        /// Serves FETCH with nothing pending as an empty success.
        FetchWithoutPendingOk => ("fetch-without-pending-ok", "CAT-FETCH-PENDING",
            "answers a FETCH with nothing pending with 90 00 and no data instead of an error status word"),
        /// Sends every registration whatever the profile declares.
        IgnoresTerminalProfile => ("ignores-terminal-profile", "CAT-PROFILE",
            "sends SET UP EVENT LIST and TIMER MANAGEMENT even when the TERMINAL PROFILE does not declare them"),
        /// Accepts and drops an ENVELOPE during a proactive session.
        EnvelopeDroppedWhenBusy => ("envelope-dropped-when-busy", "CAT-BUSY",
            "answers an ENVELOPE that arrives during a proactive session with 90 00 and drops it, instead of 93 00"),
        /// Leaves the location status event out of the event list.
        EventListDropsLocationStatus => ("event-list-drops-location-status", "CAT-EVENT-LIST",
            "registers the event list without location status, so the roaming wake-up never comes"),
        /// Wakes on an event it did not register.
        ActsOnUnregisteredEvent => ("acts-on-unregistered-event", "CAT-EVENT-LIST",
            "wakes the DM_SC Server on a location status event download although location status is not in its event list"),
        /// Timer expiration is acknowledged and ignored.
        IgnoresTimerExpiration => ("ignores-timer-expiration", "CAT-TIMER",
            "acknowledges the TIMER EXPIRATION envelope of the wake-up timer but does not wake the DM_SC Server"),
        /// Timer value in plain BCD instead of nibble-swapped BCD.
        WrongTimerValueEncoding => ("wrong-timer-value-encoding", "CAT-TIMER",
            "encodes the timer value as plain BCD (30 s as 00 00 30) instead of nibble-swapped (00 00 03)"),
        /// The regular-interval timer is started once and never again.
        TimerNotRestarted => ("timer-not-restarted", "CAT-TIMER",
            "does not start the wake-up timer again after it expired, so the regular interval wake-up happens once"),
        /// An ENVELOPE whose data does not decode is acknowledged.
        AcksUndecodableEnvelope => ("acks-undecodable-envelope", "CAT-APDU-ERROR",
            "answers an ENVELOPE whose BER-TLV data does not decode (a length past its end, a missing mandatory object) with 90 00 and drops it, instead of an error status word"),
        /// STATUS is always answered 90 00.
        StatusIgnoresPending => ("status-ignores-pending", "CAT-STATUS",
            "answers STATUS with 90 00 although a proactive command is pending, so an idle terminal never fetches it"),
        /// The customer-care call does not wake the server.
        CallControlNoWakeup => ("call-control-no-wakeup", "CAT-CALL-CONTROL",
            "allows the call to the customer-care number but does not wake the DM_SC Server"),
        /// Call control bars the call it should allow.
        CallControlBarsCall => ("call-control-bars-call", "CAT-CALL-CONTROL",
            "answers call control with 'not allowed' (01 00) instead of allowing the call unmodified"),
        /// A second TERMINAL RESPONSE for the same command is accepted.
        AcceptsSecondTerminalResponse => ("accepts-second-terminal-response", "CAT-TR-ONCE",
            "accepts a TERMINAL RESPONSE when no fetched command awaits one, instead of rejecting it"),
    }
}

mutants! {
    /// A trigger bug of the reference UICC.
    pub enum UiccTriggerMutant, uicc_trigger_mutants, UICC_TRIGGER_MUTANTS {
        /// OPEN CHANNEL in client mode instead of terminal server mode.
        OpenChannelClientMode => ("open-channel-client-mode", "DMSC-7.1-TSM",
            "opens the notification channel with OPEN CHANNEL in UICC client mode (TCP, remote) instead of terminal server mode"),
        /// OPEN CHANNEL on a port the terminal did not assign.
        OpenChannelWrongPort => ("open-channel-wrong-port", "DMSC-7.1-PORT",
            "opens the terminal server mode channel on the SCWS port 4116 instead of the port the terminal registered for the DM Client"),
        /// Takes the port of the first registered application, whatever its type.
        IgnoresApplicationType => ("ignores-application-type", "DMSC-7.1-APPTYPE",
            "takes the port of the first application of the Terminal Applications envelope, even when its type is not 07"),
        /// SEND DATA before OPEN CHANNEL.
        SendDataBeforeOpen => ("send-data-before-open", "BIP-SEND-OPEN",
            "sends SEND DATA on the channel it expects before the OPEN CHANNEL that opens it"),
        /// The notification is plain text.
        NotificationNotPkg0 => ("notification-not-pkg0", "DMSC-7.1-PKG0",
            "sends the notification as a plain-text line instead of a General Package #0"),
        /// The notification names another server.
        WrongServerId => ("wrong-server-id", "DMSC-7.1-SERVERID",
            "puts a ServerID other than the DM_SC Server's in the notification"),
        /// The digest is computed with the wrong password.
        BadDigest => ("bad-digest", "DMNOTI-DIGEST",
            "computes the notification digest with a wrong password"),
        /// The server compares SessionID in decimal.
        SessionIdDecimal => ("session-id-decimal", "DMNOTI-SESSIONID",
            "expects the DM session's SessionID in decimal (4660) instead of the notification's session id in hex (1234), and rejects the DM Client"),
        /// The notification channel is never closed.
        NeverClosesChannel => ("never-closes-channel", "BIP-CLOSE",
            "never sends CLOSE CHANNEL for the terminal server mode channel after the notification"),
        /// 3A 10 is ignored.
        Ignores3a10 => ("ignores-3a-10", "BIP-PORT",
            "sends SEND DATA although OPEN CHANNEL failed with 3A 10 (port not available)"),
        /// The on-line trigger SMS is addressed to the wrong WDP port.
        SmsWrongPort => ("sms-wrong-port", "DMSC-7.2-SMS",
            "addresses the on-line trigger's WAP push to WDP port 2949 instead of 2948"),
        /// The on-line trigger SMS goes to a wrong number.
        SmsWrongAddress => ("sms-wrong-address", "SMS-SEND",
            "addresses the on-line trigger's SMS-SUBMIT to a number other than the device's own MSISDN"),
        /// No notification after a wake-up.
        NoNotificationAfterWakeup => ("no-notification-after-wakeup", "DMSC-7-NOTIFY",
            "wakes up (registrations, timer) but never sends the DM Notification"),
        /// The SCWS listens on the wrong port.
        ScwsWrongPort => ("scws-wrong-port", "DMSC-8.1-APPADDR",
            "opens the SCWS server channel on port 80 instead of 4116"),
        /// The DM session gets no provisioning data.
        NoProvisioningData => ("no-provisioning-data", "DMSC-AD-REMOTE",
            "answers the DM Client's first package with an empty body (no provisioning data) and ends the session"),
        /// CLOSE CHANNEL names the wrong channel.
        ClosesWrongChannel => ("closes-wrong-channel", "BIP-CLOSE",
            "closes the SCWS channel (or another one) instead of the channel it opened for the notification, which stays open"),
    }
}

/// A bug of either registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum UiccMutant {
    /// A wake-up bug.
    Wakeup(UiccWakeupMutant),
    /// A trigger bug.
    Trigger(UiccTriggerMutant),
}

impl UiccMutant {
    /// Looks a mutant up by name in both registries (names are unique across them).
    pub fn from_name(name: &str) -> Option<Self> {
        UiccWakeupMutant::from_name(name)
            .map(Self::Wakeup)
            .or_else(|| UiccTriggerMutant::from_name(name).map(Self::Trigger))
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

    /// Every mutant, wake-up registry first.
    pub fn all() -> Vec<Self> {
        UiccWakeupMutant::ALL
            .iter()
            .map(|m| Self::Wakeup(*m))
            .chain(UiccTriggerMutant::ALL.iter().map(|m| Self::Trigger(*m)))
            .collect()
    }
}

impl From<UiccWakeupMutant> for UiccMutant {
    fn from(m: UiccWakeupMutant) -> Self {
        Self::Wakeup(m)
    }
}

impl From<UiccTriggerMutant> for UiccMutant {
    fn from(m: UiccTriggerMutant) -> Self {
        Self::Trigger(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_are_large_enough_and_ordered() {
        assert!(uicc_wakeup_mutants().len() >= 10);
        assert!(uicc_trigger_mutants().len() >= 10);
        let names: Vec<_> = UiccWakeupMutant::ALL.iter().map(|m| m.name()).collect();
        let registry: Vec<_> = uicc_wakeup_mutants().iter().map(|m| m.name).collect();
        assert_eq!(names, registry);
    }

    #[test]
    fn names_are_unique_across_registries() {
        let mut names: Vec<_> = UiccMutant::all().iter().map(|m| m.name()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        assert_eq!(
            UiccMutant::from_name("ignores-3a-10"),
            Some(UiccMutant::Trigger(UiccTriggerMutant::Ignores3a10))
        );
        assert_eq!(UiccMutant::from_name("nope"), None);
    }
}
