//! Reference push client (the OTA receiving side, WAP-235-PushOTA, abstracted in [`super::ota`]).
//!
//! It receives [`OtaPush`]es, presents each new one to its application once, acknowledges confirmed
//! pushes (SIPPUSH-REQ8, PAP-DM-CONFIRMED), aborts confirmed pushes for an application that is not
//! registered (PAP-CLIENT-ABORT, reason USERPND: "cannot be delivered to intended destination"),
//! and suppresses duplicates (same [`OtaId`]) while still answering them again, so that a lost
//! acknowledgement is repaired by the PPG's retransmission (OTA-DUPLICATE, UNVERIFIED as a
//! normative requirement).
//!
//! Sans-IO: [`PushClient::handle_push`] in, [`PushClient::poll_transmit`] and
//! [`PushClient::poll_presented`] out. The client keeps no timers.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::ota::{AbortReason, DEFAULT_APP_ID, OtaId, OtaPush, OtaUplink};
use crate::ppg::mutants::PushClientMutant;

/// Default number of ota-ids remembered for duplicate suppression. The PPG chooses the ids, so an
/// unbounded memory would let a peer grow it without limit; the oldest id is forgotten first. A
/// retransmission arrives within a few ack timeouts, far fewer than this many pushes later.
pub const DEFAULT_MAX_REMEMBERED: usize = 1024;

/// Client policy (deserializes with defaults for missing fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PushClientConfig {
    /// Registered application ids; `None` accepts every application.
    pub registered_app_ids: Option<BTreeSet<String>>,
    /// The application a push without an application id is for (WAP-251: the WML user agent).
    pub default_app_id: String,
    /// The abort reason for an unregistered application (PAP-CLIENT-ABORT; a 5xxx code at the PI).
    pub abort_reason: AbortReason,
    /// How many ota-ids are remembered (see [`DEFAULT_MAX_REMEMBERED`]).
    pub max_remembered: usize,
}

impl Default for PushClientConfig {
    fn default() -> Self {
        Self {
            registered_app_ids: None,
            default_app_id: DEFAULT_APP_ID.to_owned(),
            abort_reason: AbortReason::USERPND,
            max_remembered: DEFAULT_MAX_REMEMBERED,
        }
    }
}

/// What the client did with a push it has seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Disposition {
    /// Presented to the application (and acknowledged if confirmed).
    Presented,
    /// Refused: aborted if confirmed, dropped if unconfirmed.
    Refused,
}

/// The reference push client. See the module documentation.
#[derive(Clone, Debug)]
pub struct PushClient {
    config: PushClientConfig,
    mutant: Option<PushClientMutant>,
    seen: BTreeMap<OtaId, Disposition>,
    seen_order: VecDeque<OtaId>,
    presented: VecDeque<OtaPush>,
    transmit: VecDeque<OtaUplink>,
}

impl PushClient {
    /// A correct reference client.
    pub fn new(config: PushClientConfig) -> Self {
        Self::with_mutant(config, None)
    }

    /// A reference client with one deliberate bug (see [`crate::ppg::mutants`]), or none.
    pub fn with_mutant(config: PushClientConfig, mutant: Option<PushClientMutant>) -> Self {
        Self {
            config,
            mutant,
            seen: BTreeMap::new(),
            seen_order: VecDeque::new(),
            presented: VecDeque::new(),
            transmit: VecDeque::new(),
        }
    }

    /// The mutant, if any.
    pub fn mutant(&self) -> Option<PushClientMutant> {
        self.mutant
    }

    fn is(&self, mutant: PushClientMutant) -> bool {
        self.mutant == Some(mutant)
    }

    /// An over-the-air push arrived.
    pub fn handle_push(&mut self, push: OtaPush) {
        let ota_id = push.ota_id;
        if let Some(disposition) = self.seen.get(&ota_id).copied()
            && !self.is(PushClientMutant::PresentsDuplicates)
        {
            // OTA-DUPLICATE: not presented again; answered again, since the PPG retransmits only
            // when it did not get our answer (PAP-DM-CONFIRMED).
            if push.confirmed && !self.is(PushClientMutant::DuplicateNotReacked) {
                self.answer(ota_id, disposition);
            }
            return;
        }
        let disposition = if self.registered(&push) {
            Disposition::Presented
        } else {
            Disposition::Refused
        };
        self.remember(ota_id, disposition);
        if disposition == Disposition::Presented {
            self.presented.push_back(push.clone());
        }
        // SIPPUSH-REQ7: an unconfirmed push is never answered.
        if push.confirmed {
            self.answer(ota_id, disposition);
        }
    }

    /// The next uplink to send to the PPG.
    pub fn poll_transmit(&mut self) -> Option<OtaUplink> {
        self.transmit.pop_front()
    }

    /// The next push presented to an application.
    pub fn poll_presented(&mut self) -> Option<OtaPush> {
        self.presented.pop_front()
    }

    fn registered(&self, push: &OtaPush) -> bool {
        let app_id = push
            .app_id
            .as_deref()
            .unwrap_or(&self.config.default_app_id);
        self.config
            .registered_app_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(app_id))
    }

    fn answer(&mut self, ota_id: OtaId, disposition: Disposition) {
        let uplink = match disposition {
            Disposition::Presented if self.is(PushClientMutant::NeverAcks) => return,
            // SIPPUSH-REQ8 / PAP-DM-CONFIRMED: acknowledgement of successful transport.
            Disposition::Presented => OtaUplink::Ack { ota_id },
            Disposition::Refused if self.is(PushClientMutant::AcksUnregisteredApp) => {
                OtaUplink::Ack { ota_id }
            }
            // PAP-CLIENT-ABORT: the application is not there.
            Disposition::Refused => OtaUplink::Abort {
                ota_id,
                reason: self.config.abort_reason,
            },
        };
        self.transmit.push_back(uplink);
    }

    fn remember(&mut self, ota_id: OtaId, disposition: Disposition) {
        if self.seen.insert(ota_id, disposition).is_none() {
            self.seen_order.push_back(ota_id);
        }
        while self.seen_order.len() > self.config.max_remembered {
            if let Some(oldest) = self.seen_order.pop_front() {
                self.seen.remove(&oldest);
            }
        }
    }
}
