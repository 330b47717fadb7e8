//! The PPG model's safety properties and witnesses, each naming its requirement.
//!
//! A property's stateright name starts with its requirement id, so a counterexample printed by a
//! checker says which requirement broke.

use super::{Monitor, MsgState, PpgModel, PpgRecord, Reply, RnState, State, req};
use stateright::{Expectation, Property};

/// One row of [`table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyInfo {
    /// The stateright property name (starts with the requirement id).
    pub name: &'static str,
    /// The requirement registry id.
    pub requirement: &'static str,
    /// `always` (safety), `sometimes` (witness) or `liveness` (see [`crate::explorer`]).
    pub kind: &'static str,
}

macro_rules! props {
    ($( ($kind:ident, $req:expr, $name:literal, $f:expr) ),* $(,)?) => {
        /// Every stateright property of the model.
        pub fn all() -> Vec<Property<PpgModel>> {
            vec![ $( Property::<PpgModel>::$kind($name, $f) ),* ]
        }
        /// Name, requirement and kind of every property, liveness included.
        pub fn table() -> Vec<PropertyInfo> {
            let mut t = vec![ $( PropertyInfo { name: $name, requirement: $req, kind: stringify!($kind) } ),* ];
            t.push(PropertyInfo {
                name: "PAP-LIVE-FINAL: every accepted push eventually reaches a final state",
                requirement: req::LIVE_FINAL,
                kind: "liveness",
            });
            t.push(PropertyInfo {
                name: "PAP-LIVE-RN: every requested result notification is eventually sent",
                requirement: req::LIVE_RN,
                kind: "liveness",
            });
            t
        }
    };
}

fn monitor_clear(m: Monitor) -> impl Fn(&State) -> bool {
    move |s| !m.fired(s)
}

fn any_final(s: &State, st: MsgState) -> bool {
    s.dests.iter().any(|p| p.ppg == PpgRecord::Final(st))
}

/// The pushes addressed to the most clients (all of them when every push has one address).
fn widest_pushes(m: &PpgModel) -> impl Iterator<Item = usize> + '_ {
    let widest = m
        .config
        .pushes
        .iter()
        .map(|t| t.clients.len())
        .max()
        .unwrap_or(0);
    m.config
        .pushes
        .iter()
        .enumerate()
        .filter(move |(_, t)| t.clients.len() == widest)
        .map(|(i, _)| i)
}

/// The slots of push `push`, with their clients.
fn slots_of<'s>(
    m: &PpgModel,
    s: &'s State,
    push: usize,
) -> impl Iterator<Item = (u8, &'s super::DestSlot)> {
    let clients = m
        .config
        .pushes
        .get(push)
        .map(|t| t.clients.clone())
        .unwrap_or_default();
    clients
        .into_iter()
        // `push < MAX_PUSHES` (validated).
        .filter_map(move |c| {
            m.dest_index(push as u8, c)
                .and_then(|d| s.dests.get(d))
                .map(|d| (c, d))
        })
        .collect::<Vec<_>>()
        .into_iter()
}

props![
    (
        always,
        req::PUSHID_DUP,
        "PAP-PUSHID-DUP: a push-id is accepted at most once while the PPG holds it, 2007 otherwise",
        |_, s| s.pushes.iter().all(|p| p.accepts <= 1)
            && monitor_clear(Monitor::DuplicatePushId)(s)
    ),
    (
        always,
        req::SUBMIT_REFUSE,
        "PAP-SUBMIT-REFUSE: a refused or bad submission keeps nothing",
        |_, s| monitor_clear(Monitor::RefusedKeptNothing)(s)
    ),
    (
        always,
        req::SUBMIT_BADMSG,
        "PAP-SUBMIT-BADMSG: a bad document is answered 2000 or 3002",
        |_, s| monitor_clear(Monitor::BadMessageCode)(s)
    ),
    (
        always,
        req::TS_BEFORE_PAST,
        "PAP-TS-BEFORE-PAST: a submission whose deliver-before has passed is refused",
        |_, s| monitor_clear(Monitor::AcceptedPastDeadline)(s)
    ),
    (
        always,
        req::TS_AFTER_HOLD,
        "PAP-TS-AFTER-HOLD: nothing is sent before deliver-after",
        |_, s| monitor_clear(Monitor::OtaBeforeDeliverAfter)(s)
    ),
    (
        always,
        req::TS_BEFORE_EXPIRE,
        "PAP-TS-BEFORE-EXPIRE: nothing is sent once deliver-before has come",
        |_, s| monitor_clear(Monitor::OtaAfterDeliverBefore)(s)
    ),
    (
        always,
        req::NO_DELIVERY_AFTER_FINAL,
        "PAP-NO-DELIVERY-AFTER-FINAL: nothing is sent over the air after cancelled or expired",
        |_, s| monitor_clear(Monitor::OtaAfterFinal)(s)
    ),
    (
        always,
        req::FINAL_STABLE,
        "PAP-FINAL-STABLE: a final state never changes",
        |_, s| s
            .dests
            .iter()
            .all(|p| p.first_final.is_none_or(|f| p.ppg == PpgRecord::Final(f)))
    ),
    (
        always,
        req::CANCEL_PENDING,
        "PAP-CANCEL-PENDING: cancel of a pending message answers 1000 and cancels it",
        |_, s| monitor_clear(Monitor::CancelPending)(s)
    ),
    (
        always,
        req::CANCEL_NOT_PENDING,
        "PAP-CANCEL-NOT-PENDING: cancel of a message no longer pending answers 2008",
        |_, s| monitor_clear(Monitor::CancelNotPending)(s)
    ),
    (
        always,
        req::CANCEL_UNKNOWN,
        "PAP-CANCEL-UNKNOWN: cancel of an unknown push-id answers 2004",
        |_, s| monitor_clear(Monitor::CancelUnknown)(s)
    ),
    (
        always,
        req::STATUS_QUERY,
        "PAP-STATUS-QUERY: a status query answers the current state (unknown: 2004)",
        |_, s| monitor_clear(Monitor::StatusQuery)(s)
    ),
    (
        always,
        req::RN_ONCE,
        "PAP-RN-ONCE: a result notification is sent at most once, only for an accepted push that asked, carrying its final state",
        |m, s| m.dests().all(|(d, push, _)| {
            let (Some(p), Some(t), Some(slot)) = (
                s.dests.get(d),
                m.config.pushes.get(usize::from(push)),
                s.pushes.get(usize::from(push)),
            ) else {
                return false;
            };
            p.rn_count <= 1
                && p.rn.carried().is_none_or(|carried| {
                    t.notify_requested
                        && slot.accepts == 1
                        && carried.is_final()
                        && p.ppg == PpgRecord::Final(carried)
                })
        })
    ),
    (
        always,
        req::DM_CONFIRMED,
        "PAP-DM-CONFIRMED: confirmed delivery is reported delivered only after the client's acknowledgement",
        |m, s| m.dests().all(|(d, push, client)| {
            s.dests.get(d).is_none_or(|p| {
                p.ppg != PpgRecord::Final(MsgState::Delivered)
                    || m.ota_confirmed(usize::from(push), client) != Some(true)
                    || p.client.decision == Some(Reply::Ack)
            })
        })
    ),
    (
        always,
        req::DM_UNCONFIRMED,
        "PAP-DM-UNCONFIRMED: an unconfirmed push never asks the client for an acknowledgement",
        |m, s| m.dests().all(|(d, push, client)| {
            s.dests.get(d).is_none_or(|p| {
                m.ota_confirmed(usize::from(push), client) != Some(false)
                    || (!p.client.owed && p.client.decision.is_none())
            })
        })
    ),
    (
        always,
        req::DM_PREFERCONFIRMED,
        "PAP-DM-PREFERCONFIRMED: confirmed over the air exactly where asked and possible",
        |_, s| monitor_clear(Monitor::DeliveryMethod)(s)
    ),
    (
        always,
        req::CLIENT_ABORT,
        "PAP-CLIENT-ABORT: an aborted push is reported with a 5xxx code",
        |_, s| monitor_clear(Monitor::AbortCode)(s)
    ),
    (
        always,
        req::PROGRESS_NOTE,
        "PAP-PROGRESS-NOTE: progress notes only when requested",
        |_, s| monitor_clear(Monitor::ProgressNote)(s)
    ),
    (
        always,
        req::OTA_DUPLICATE,
        "OTA-DUPLICATE: a push is presented to the application at most once",
        |_, s| s.dests.iter().all(|p| p.client.presented <= 1)
    ),
    (
        sometimes,
        req::DM_CONFIRMED,
        "PAP-DM-CONFIRMED: a push can end delivered",
        |_, s| any_final(s, MsgState::Delivered)
    ),
    (
        sometimes,
        req::DM_CONFIRMED_IMPOSSIBLE,
        "PAP-DM-CONFIRMED-IMPOSSIBLE: a push can end undeliverable",
        |_, s| any_final(s, MsgState::Undeliverable)
    ),
    (
        sometimes,
        req::TS_BEFORE_EXPIRE,
        "PAP-TS-BEFORE-EXPIRE: a push can end expired",
        |_, s| any_final(s, MsgState::Expired)
    ),
    (
        sometimes,
        req::CLIENT_ABORT,
        "PAP-CLIENT-ABORT: a push can end aborted",
        |_, s| any_final(s, MsgState::Aborted)
    ),
    (
        sometimes,
        req::DM_CONFIRMED_TIMEOUT,
        "PAP-DM-CONFIRMED-TIMEOUT: a push can end timeout",
        |_, s| any_final(s, MsgState::Timeout)
    ),
    (
        sometimes,
        req::CANCEL_PENDING,
        "PAP-CANCEL-PENDING: a push can end cancelled",
        |_, s| any_final(s, MsgState::Cancelled)
    ),
    (
        sometimes,
        req::DM_UNCONFIRMED,
        "PAP-DM-UNCONFIRMED: an unconfirmed push can end delivered",
        |m, s| m.dests().any(|(d, push, client)| {
            m.ota_confirmed(usize::from(push), client) == Some(false)
                && s.dests.get(d).map(|p| p.ppg) == Some(PpgRecord::Final(MsgState::Delivered))
        })
    ),
    (
        sometimes,
        req::OTA_DUPLICATE,
        "OTA-DUPLICATE: a second copy can reach a client that presented and answered the push",
        |_, s| s
            .dests
            .iter()
            .any(|p| p.client.presented >= 1 && p.client.owed && p.client.decision.is_some())
    ),
    (
        sometimes,
        req::OTA_DUPLICATE,
        "OTA-DUPLICATE: a copy of an unconfirmed push the client already presented can reach it again",
        |_, s| s.dests.iter().any(|p| p.client.repeat_after_present)
    ),
    (
        sometimes,
        req::RN_RESPONSE,
        "PAP-RN-RESPONSE: a result notification can be answered by the PI",
        |_, s| s.dests.iter().any(|p| matches!(p.rn, RnState::Answered(_)))
    ),
    (
        always,
        req::MULTI_ADDRESS,
        "PAP-MULTI-ADDRESS: a push is accepted or refused as a whole, with a message state at each of its addresses",
        |m, s| (0..m.config.pushes.len()).all(|i| {
            let mut held = slots_of(m, s, i).map(|(_, p)| p.ppg != PpgRecord::Unknown);
            match held.next() {
                Some(first) => held.all(|h| h == first),
                None => true,
            }
        })
    ),
    (
        always,
        req::RN_ADDRESS,
        "PAP-RN-ADDRESS: a result notification names the address whose delivery it reports",
        |_, s| monitor_clear(Monitor::RnAddress)(s)
    ),
    (
        always,
        req::APP_UNREGISTERED,
        "PUSH-APP-UNREGISTERED: a push for an application not registered at its client is neither presented nor acknowledged",
        |m, s| monitor_clear(Monitor::UnregisteredApp)(s)
            && m.dests().all(|(d, push, client)| {
                m.app_registered(usize::from(push), client)
                    || s.dests.get(d).is_none_or(|p| {
                        p.client.presented == 0 && p.client.decision != Some(Reply::Ack)
                    })
            })
    ),
    (
        always,
        req::SIPPUSH_REQ9,
        "SIPPUSH-REQ9: an over-the-air push carries the application id of its submission",
        |_, s| monitor_clear(Monitor::OtaAppId)(s)
    ),
    (
        always,
        req::PROGRESS_STAGE,
        "PAP-PROGRESS-STAGE: a progress note's stage, where it names a message state, names the current one",
        |_, s| monitor_clear(Monitor::ProgressStage)(s)
    ),
    (
        sometimes,
        req::MULTI_ADDRESS,
        "PAP-MULTI-ADDRESS: a push to several addresses can reach a final state at each of them",
        |m, s| (0..m.config.pushes.len()).any(|i| {
            slots_of(m, s, i).count() >= 2
                && slots_of(m, s, i).all(|(_, p)| matches!(p.ppg, PpgRecord::Final(_)))
        })
    ),
    (
        sometimes,
        req::RN_ADDRESS,
        "PAP-RN-ADDRESS: a push to the most addresses can be notified about each of them",
        |m, s| widest_pushes(m).any(|i| {
            slots_of(m, s, i).next().is_some()
                && slots_of(m, s, i).all(|(_, p)| p.rn != RnState::NotSent)
        })
    ),
];

/// The name of the witness of a push to several addresses (left out of a configuration that has
/// none, see [`PpgModel`]'s `properties`).
pub const MULTI_ADDRESS_WITNESS: &str =
    "PAP-MULTI-ADDRESS: a push to several addresses can reach a final state at each of them";

/// The names of the `sometimes` properties (witnesses).
pub fn witnesses() -> Vec<&'static str> {
    all()
        .into_iter()
        .filter(|p| p.expectation == Expectation::Sometimes)
        .map(|p| p.name)
        .collect()
}
