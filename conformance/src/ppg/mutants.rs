//! The built-in mutants of the PPG protocol's reference implementations: each one small,
//! targeted deviation that a real PPG or push client could plausibly ship, tied to the requirement
//! it breaks.
//!
//! Selected by name (`reference:ppg?mutant=NAME`): [`PpgMutant::from_name`],
//! [`PushClientMutant::from_name`]. The registries [`ppg_mutants`] and [`push_client_mutants`] list
//! them in a fixed order.

pub use crate::mutant::MutantInfo;
use crate::mutants;

mutants! {
    /// A deliberate bug in the reference PPG ([`crate::ppg::reference::ppg::Ppg::with_mutant`]).
    pub enum PpgMutant, ppg_mutants, PPG_MUTANTS {
        /// Does not look up held push-ids; a second submission overwrites the first.
        AcceptsDuplicatePushId => ("accepts-duplicate-push-id", "PAP-PUSHID-DUP",
            "accepts a submission whose push-id it still holds (1001 instead of 2007)"),
        /// Cancel marks the message cancelled but leaves its delivery timer armed.
        DeliversAfterCancel => ("delivers-after-cancel", "PAP-NO-DELIVERY-AFTER-FINAL",
            "answers a cancel with 1000 but still sends the push over the air when its deliver-after time comes"),
        /// The result notification is queued twice.
        NotifiesTwice => ("notifies-twice", "PAP-RN-ONCE",
            "sends the result notification twice when a message reaches its final state"),
        /// The acknowledgement timer of a confirmed push is never armed.
        NeverTimesOutConfirmed => ("never-times-out-confirmed", "PAP-DM-CONFIRMED-TIMEOUT",
            "waits forever for the acknowledgement of a confirmed push instead of ending it in timeout"),
        /// Treats "handed to the bearer" as delivered for confirmed pushes too.
        ConfirmedWithoutAck => ("confirmed-without-ack", "PAP-DM-CONFIRMED",
            "reports a confirmed push delivered as soon as it is sent, without the client's acknowledgement"),
        /// Cancel of a message in a final state answers 1000.
        CancelNotPendingAnswersOk => ("cancel-not-pending-answers-1000", "PAP-CANCEL-NOT-PENDING",
            "answers a cancel of a message no longer pending with 1000 instead of 2008"),
        /// Cancel of an unknown push-id answers 2008.
        CancelUnknownAnswers2008 => ("cancel-unknown-answers-2008", "PAP-CANCEL-UNKNOWN",
            "answers a cancel of an unknown push-id with 2008 instead of 2004"),
        /// deliver-after-timestamp is parsed but not honoured.
        IgnoresDeliverAfter => ("ignores-deliver-after", "PAP-TS-AFTER-HOLD",
            "delivers at once, ignoring a deliver-after-timestamp in the future"),
        /// A refused submission that named ppg-notify-requested-to still gets a result notification.
        NotifiesRefusedPush => ("notifies-refused-push", "PAP-RN-ONCE",
            "sends a result notification for a submission it refused"),
        /// The expiry check is skipped before transmission.
        DeliversAfterExpiry => ("delivers-after-expiry", "PAP-TS-BEFORE-EXPIRE",
            "sends a held push over the air after its deliver-before-timestamp has passed"),
        /// The result notification always says delivered.
        WrongStateInNotification => ("wrong-state-in-notification", "PAP-RN-ONCE",
            "puts message-state delivered in every result notification, whatever the final state"),
        /// deliver-before in the past is not checked at submission.
        AcceptsPastDeliverBefore => ("accepts-past-deliver-before", "PAP-TS-BEFORE-PAST",
            "accepts (1001) a submission whose deliver-before-timestamp has already passed"),
        /// A progress note is put in every push-response.
        UnrequestedProgressNotes => ("unrequested-progress-notes", "PAP-PROGRESS-NOTE",
            "includes a progress note in the push-response although progress-notes-requested is not true"),
        /// A client abort is mistaken for an acknowledgement.
        AbortReportedDelivered => ("abort-reported-delivered", "PAP-CLIENT-ABORT",
            "ends a confirmed push the client aborted in state delivered instead of aborted"),
        /// preferconfirmed is treated like confirmed.
        PreferconfirmedRefused => ("preferconfirmed-refused", "PAP-DM-PREFERCONFIRMED",
            "refuses preferconfirmed with 3007 where confirmed delivery is not possible, instead of falling back to unconfirmed"),
        /// The status query reads a stale copy of the state.
        StatusQueryStale => ("status-query-stale", "PAP-STATUS-QUERY",
            "answers a status query with pending although the message has reached a final state"),
        /// The result notification is never sent.
        NeverNotifies => ("never-notifies", "PAP-LIVE-RN",
            "accepts a push with ppg-notify-requested-to and never sends its result notification"),
    }
}

mutants! {
    /// A deliberate bug in the reference push client
    /// ([`crate::ppg::reference::push_client::PushClient::with_mutant`]).
    pub enum PushClientMutant, push_client_mutants, PUSH_CLIENT_MUTANTS {
        /// Presents confirmed pushes but never acknowledges them.
        NeverAcks => ("never-acks", "PAP-DM-CONFIRMED",
            "presents a confirmed push but never sends the acknowledgement"),
        /// Forgets which ota-ids it has seen.
        PresentsDuplicates => ("presents-duplicates", "OTA-DUPLICATE",
            "presents a retransmitted push (same ota-id) to the application a second time"),
        /// Acknowledges a push for an unregistered application instead of aborting it.
        AcksUnregisteredApp => ("acks-unregistered-app", "PAP-CLIENT-ABORT",
            "acknowledges a confirmed push for an application that is not registered, instead of aborting it"),
        /// Drops a retransmission silently instead of acknowledging it again.
        DuplicateNotReacked => ("duplicate-not-reacked", "PAP-DM-CONFIRMED",
            "ignores a retransmitted confirmed push instead of acknowledging it again, so a lost acknowledgement ends in timeout"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_order_matches_all() {
        let names: Vec<_> = PpgMutant::ALL.iter().map(|m| m.name()).collect();
        let registry: Vec<_> = ppg_mutants().iter().map(|m| m.name).collect();
        assert_eq!(names, registry);
    }

    #[test]
    fn finds_mutant_by_name() {
        assert_eq!(
            PpgMutant::from_name("delivers-after-cancel"),
            Some(PpgMutant::DeliversAfterCancel)
        );
        assert_eq!(PpgMutant::from_name("no-such-mutant"), None);
        assert_eq!(
            PushClientMutant::from_name("never-acks"),
            Some(PushClientMutant::NeverAcks)
        );
    }
}
