//! The Push Proxy Gateway model: a Push Initiator, the PPG, push clients and the over-the-air
//! bearer, for a small configured set of push-ids and clients, with a discrete clock.
//!
//! Sources (see `conformance/src/ppg/requirements.json` for each requirement id, its clause and
//! whether it is verified): WAP-247-PAP (PAP 2.0) for the PI <-> PPG operations and status codes,
//! WAP-249-PPGService for the PPG's per-message behaviour, WAP-235-PushOTA for the bearer, and
//! OMA-RD-SIP_Push-V1_0 (seed 004) REQ7/REQ8/REQ9/REQ13/REQ15; the pushwake notes in
//! `shared/specs/pap-ppg.md` ("PPG behaviour per push-id" is marked [I] there, so most rules cite
//! an UNVERIFIED registry entry).
//!
//! # What is modelled
//! - The PI submits each template once for free; further submissions (duplicate push-ids),
//!   cancels, status queries, client capability queries and bad documents come out of a bounded
//!   budget. The PI is a sequential HTTP client: one request outstanding at a time.
//! - The PPG answers every request (urgent). It decides when it answers, from its state at that
//!   moment. It keeps every accepted push-id for the whole run, so a resubmission is always 2007.
//! - A pending push is sent over the air once its deliver-after time has come (not urgent: the
//!   PPG may send whenever it likes while allowed). Unconfirmed delivery (and preferconfirmed to a
//!   client that cannot acknowledge) is delivered by the transmission; confirmed delivery waits
//!   for the client's acknowledgement, may be retransmitted up to a bound, and times out
//!   `confirm_timeout` ticks after the first transmission. A confirmed push to a client that
//!   cannot acknowledge is refused 3007 or accepted and then undeliverable.
//! - The bearer delivers, loses or (boundedly) duplicates copies, and delivers or loses replies.
//!   The client presents a push once, answers a confirmed copy (urgent) with an acknowledgement or
//!   an abort, and answers a retransmission the same way.
//! - Result notifications go out (not urgent) once a push that asked for one is final; the PI
//!   answers them.
//! - A template may name several clients (PAP-MULTI-ADDRESS: one `address` element each). A PPG
//!   that takes several addresses ([`PpgFeatures::multiple_addresses`]) accepts or refuses the
//!   push as a whole; once accepted, the push has its own record at each address ([`DestSlot`]):
//!   it is sent, delivered, acknowledged, timed out, undeliverable and notified per address, and
//!   expires at every address still pending at once (deliver-before is the message's). A
//!   resultnotification-message carries one `address` (specs/pap-ppg.md "Elements", the codec's
//!   `ResultNotificationMessage`), so a push to several addresses that asked for notification gets
//!   one per address, each naming its address (PAP-RN-ADDRESS). A PPG that takes one address
//!   only refuses such a push 3005. Cancel and status query of a push to several addresses are not
//!   modelled (the configuration may not ask for them).
//! - A template may name an application ([`PushTemplate::app`], `X-Wap-Application-Id`); the
//!   submission and every over-the-air push carry it (SIPPUSH-REQ9). A client presents a push only
//!   to an application registered there ([`ClientConfig::registered_apps`]); a push for another
//!   is not presented, and a confirmed one is aborted with
//!   [`PpgConfig::unregistered_abort_code`] (PUSH-APP-UNREGISTERED).
//! - A push-response that accepts a push may carry a progress note; its stage is modelled as far
//!   as it can be checked ([`Stage`], PAP-PROGRESS-STAGE).
//!
//! # Time
//! The clock runs `0..=horizon`, then takes one more step to `horizon + 1`, which stands for
//! "beyond every deadline": every deliver-before, deliver-after and acknowledgement deadline
//! counts as passed there (deadlines past the horizon are clamped to it), and the clock stops.
//! So the horizon cuts no behaviour short: whatever was waiting for time is resolved at
//! `horizon + 1` by the expiry and timeout rules, which is what a real PPG does much later.
//! The clock may tick only when no urgent action is enabled. A deadline `d` has come when
//! `now >= d`: deliver-before `d` means "sent at a tick before `d`", deliver-after `a` means "not
//! sent before tick `a`".
//!
//! # Properties
//! Safety properties are stateright `always` properties over the state; rules about single
//! transitions (what an answer must be, what may not be sent) are checked by monitors in
//! `next_state` whose verdicts are kept as bits in [`State::monitor`] (see [`Monitor`]).
//! Liveness (PAP-LIVE-FINAL, PAP-LIVE-RN) is declared for [`crate::explorer`] under weak fairness
//! of the PPG's and the bearer's progress and of the clock (time does not stop: without it a
//! retransmit-and-lose loop inside one tick would count as a behaviour).

pub mod meta;
mod types;

pub use types::*;

use crate::explorer::{Liveness, LivenessModel};
use crate::{ActionLabel, IcsItem, LabelledModel};
use pushwake_codecs::pap::StatusCode;
use stateright::{Model, Property};

/// The PPG model.
#[derive(Clone, Debug, Default)]
pub struct PpgModel {
    pub config: PpgConfig,
}

/// Transition monitors: each names the requirement whose rule it checks on every transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Monitor {
    /// 1001 only for a push-id the PPG does not hold; 2007 only for one it holds (PAP-PUSHID-DUP).
    DuplicatePushId = 0,
    /// A refused or bad submission keeps nothing (PAP-SUBMIT-REFUSE, PAP-SUBMIT-BADMSG).
    RefusedKeptNothing,
    /// A bad document is answered by badmessage-response 2000 / 3002 (PAP-SUBMIT-BADMSG).
    BadMessageCode,
    /// Nothing is sent over the air for a push-id in a final state (PAP-NO-DELIVERY-AFTER-FINAL).
    OtaAfterFinal,
    /// Nothing is sent before deliver-after (PAP-TS-AFTER-HOLD).
    OtaBeforeDeliverAfter,
    /// Nothing is sent once deliver-before has come (PAP-TS-BEFORE-EXPIRE).
    OtaAfterDeliverBefore,
    /// A submission whose deliver-before has passed is refused (PAP-TS-BEFORE-PAST).
    AcceptedPastDeadline,
    /// Cancel of a pending message: 1000 and cancelled (PAP-CANCEL-PENDING).
    CancelPending,
    /// Cancel of a message no longer pending: 2008 (PAP-CANCEL-NOT-PENDING).
    CancelNotPending,
    /// Cancel of an unknown push-id: 2004 (PAP-CANCEL-UNKNOWN).
    CancelUnknown,
    /// A status query answers the current state, or 2004 (PAP-STATUS-QUERY).
    StatusQuery,
    /// Progress notes only when requested (PAP-PROGRESS-NOTE).
    ProgressNote,
    /// Confirmed OTA exactly for confirmed, and preferconfirmed to a capable client
    /// (PAP-DM-PREFERCONFIRMED).
    DeliveryMethod,
    /// An aborted push is reported with a 5xxx code (PAP-CLIENT-ABORT).
    AbortCode,
    /// A result notification names the address whose delivery it reports (PAP-RN-ADDRESS).
    RnAddress,
    /// A push for an application not registered at its client is neither presented nor
    /// acknowledged (PUSH-APP-UNREGISTERED).
    UnregisteredApp,
    /// An OTA push carries the application id of its submission (SIPPUSH-REQ9).
    OtaAppId,
    /// A progress note's stage, where it names a message state, names the current one
    /// (PAP-PROGRESS-STAGE).
    ProgressStage,
}

impl Monitor {
    /// Every monitor, in bit order.
    pub const ALL: [Monitor; 18] = [
        Monitor::DuplicatePushId,
        Monitor::RefusedKeptNothing,
        Monitor::BadMessageCode,
        Monitor::OtaAfterFinal,
        Monitor::OtaBeforeDeliverAfter,
        Monitor::OtaAfterDeliverBefore,
        Monitor::AcceptedPastDeadline,
        Monitor::CancelPending,
        Monitor::CancelNotPending,
        Monitor::CancelUnknown,
        Monitor::StatusQuery,
        Monitor::ProgressNote,
        Monitor::DeliveryMethod,
        Monitor::AbortCode,
        Monitor::RnAddress,
        Monitor::UnregisteredApp,
        Monitor::OtaAppId,
        Monitor::ProgressStage,
    ];

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Whether this monitor has fired in `state`.
    pub const fn fired(self, state: &State) -> bool {
        state.monitor & self.bit() != 0
    }
}

/// Requirement ids used by this model (all present in `conformance/src/ppg/requirements.json`).
pub mod req {
    pub const ANSWER_TYPE: &str = "PAP-ANSWER-TYPE";
    pub const SUBMIT_ACCEPT: &str = "PAP-SUBMIT-ACCEPT";
    pub const SUBMIT_BADMSG: &str = "PAP-SUBMIT-BADMSG";
    pub const SUBMIT_REFUSE: &str = "PAP-SUBMIT-REFUSE";
    pub const PUSHID_DUP: &str = "PAP-PUSHID-DUP";
    pub const TS_BEFORE_PAST: &str = "PAP-TS-BEFORE-PAST";
    pub const TS_AFTER_HOLD: &str = "PAP-TS-AFTER-HOLD";
    pub const TS_BEFORE_EXPIRE: &str = "PAP-TS-BEFORE-EXPIRE";
    pub const DM_UNCONFIRMED: &str = "PAP-DM-UNCONFIRMED";
    pub const DM_CONFIRMED: &str = "PAP-DM-CONFIRMED";
    pub const DM_CONFIRMED_TIMEOUT: &str = "PAP-DM-CONFIRMED-TIMEOUT";
    pub const DM_CONFIRMED_IMPOSSIBLE: &str = "PAP-DM-CONFIRMED-IMPOSSIBLE";
    pub const DM_PREFERCONFIRMED: &str = "PAP-DM-PREFERCONFIRMED";
    pub const CLIENT_ABORT: &str = "PAP-CLIENT-ABORT";
    pub const CANCEL_PENDING: &str = "PAP-CANCEL-PENDING";
    pub const CANCEL_NOT_PENDING: &str = "PAP-CANCEL-NOT-PENDING";
    pub const CANCEL_UNKNOWN: &str = "PAP-CANCEL-UNKNOWN";
    pub const STATUS_QUERY: &str = "PAP-STATUS-QUERY";
    pub const CCQ: &str = "PAP-CCQ";
    pub const RN_ONCE: &str = "PAP-RN-ONCE";
    pub const RN_RESPONSE: &str = "PAP-RN-RESPONSE";
    pub const FINAL_STABLE: &str = "PAP-FINAL-STABLE";
    pub const NO_DELIVERY_AFTER_FINAL: &str = "PAP-NO-DELIVERY-AFTER-FINAL";
    pub const PROGRESS_NOTE: &str = "PAP-PROGRESS-NOTE";
    pub const LIVE_FINAL: &str = "PAP-LIVE-FINAL";
    pub const LIVE_RN: &str = "PAP-LIVE-RN";
    pub const OTA_DUPLICATE: &str = "OTA-DUPLICATE";
    pub const SIPPUSH_REQ7: &str = "SIPPUSH-REQ7";
    pub const SIPPUSH_REQ8: &str = "SIPPUSH-REQ8";
    pub const SIPPUSH_REQ9: &str = "SIPPUSH-REQ9";
    pub const SIPPUSH_REQ13: &str = "SIPPUSH-REQ13";
    pub const MULTI_ADDRESS: &str = "PAP-MULTI-ADDRESS";
    pub const RN_ADDRESS: &str = "PAP-RN-ADDRESS";
    pub const PROGRESS_STAGE: &str = "PAP-PROGRESS-STAGE";
    pub const APP_UNREGISTERED: &str = "PUSH-APP-UNREGISTERED";
}

impl Monitor {
    /// The requirement the monitor checks.
    pub const fn requirement(self) -> &'static str {
        match self {
            Monitor::DuplicatePushId => req::PUSHID_DUP,
            Monitor::RefusedKeptNothing => req::SUBMIT_REFUSE,
            Monitor::BadMessageCode => req::SUBMIT_BADMSG,
            Monitor::OtaAfterFinal => req::NO_DELIVERY_AFTER_FINAL,
            Monitor::OtaBeforeDeliverAfter => req::TS_AFTER_HOLD,
            Monitor::OtaAfterDeliverBefore => req::TS_BEFORE_EXPIRE,
            Monitor::AcceptedPastDeadline => req::TS_BEFORE_PAST,
            Monitor::CancelPending => req::CANCEL_PENDING,
            Monitor::CancelNotPending => req::CANCEL_NOT_PENDING,
            Monitor::CancelUnknown => req::CANCEL_UNKNOWN,
            Monitor::StatusQuery => req::STATUS_QUERY,
            Monitor::ProgressNote => req::PROGRESS_NOTE,
            Monitor::DeliveryMethod => req::DM_PREFERCONFIRMED,
            Monitor::AbortCode => req::CLIENT_ABORT,
            Monitor::RnAddress => req::RN_ADDRESS,
            Monitor::UnregisteredApp => req::APP_UNREGISTERED,
            Monitor::OtaAppId => req::SIPPUSH_REQ9,
            Monitor::ProgressStage => req::PROGRESS_STAGE,
        }
    }
}

/// The answer codes allowed for a submission whose deliver-before has passed (PAP-TS-BEFORE-PAST).
/// UNVERIFIED which code: Kannel answers 2001 (gw/wap_push_ppg.c, `delivery_time_constraints`);
/// 3003 "not possible" is the other plausible reading. The model offers both.
pub const PAST_DEADLINE_CODES: [StatusCode; 2] = [StatusCode::FORBIDDEN, StatusCode::NOT_POSSIBLE];

impl PpgModel {
    /// A model of `config`, once the config is checked.
    pub fn new(config: PpgConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self { config })
    }

    /// The tick that stands for "beyond every deadline".
    pub fn beyond(&self) -> Tick {
        self.config.horizon.saturating_add(1)
    }

    /// A configured tick, clamped to "beyond" (see the module doc).
    fn clamp(&self, t: Tick) -> Tick {
        t.min(self.beyond())
    }

    fn template(&self, push: usize) -> Option<&PushTemplate> {
        self.config.pushes.get(push)
    }

    fn client_config(&self, client: u8) -> Option<&ClientConfig> {
        self.config.clients.get(usize::from(client))
    }

    fn client_capable(&self, client: u8) -> bool {
        self.client_config(client)
            .is_some_and(|c| c.confirmed_capable)
    }

    /// Whether push `push`'s application is registered at `client` (PUSH-APP-UNREGISTERED).
    pub fn app_registered(&self, push: usize, client: u8) -> bool {
        let app = self.template(push).and_then(|t| t.app);
        self.client_config(client).is_none_or(|c| c.registered(app))
    }

    /// The slot index of push `push` at address `client` (see [`DestSlot`]).
    pub fn dest_index(&self, push: u8, client: u8) -> Option<usize> {
        let p = usize::from(push);
        let base: usize = self
            .config
            .pushes
            .iter()
            .take(p)
            .map(|t| t.clients.len())
            .sum();
        let k = self
            .template(p)?
            .clients
            .iter()
            .position(|&c| c == client)?;
        Some(base + k)
    }

    /// Every (slot index, push, client), in slot order.
    pub fn dests(&self) -> impl Iterator<Item = (usize, u8, u8)> + '_ {
        self.config
            .pushes
            .iter()
            .enumerate()
            // `i < MAX_PUSHES` (validated).
            .flat_map(|(i, t)| t.clients.iter().map(move |&c| (i as u8, c)))
            .enumerate()
            .map(|(d, (push, client))| (d, push, client))
    }

    /// The slots of push `push`.
    fn dest_range(&self, push: usize) -> std::ops::Range<usize> {
        let base: usize = self
            .config
            .pushes
            .iter()
            .take(push)
            .map(|t| t.clients.len())
            .sum();
        let n = self.template(push).map_or(0, |t| t.clients.len());
        base..base + n
    }

    /// Whether the PPG holds push `push` (it accepted it; every address then has a record).
    fn held(&self, s: &State, push: usize) -> bool {
        self.dest_range(push)
            .next()
            .and_then(|d| s.dests.get(d))
            .is_some_and(|d| d.ppg != PpgRecord::Unknown)
    }

    /// Whether push `push` goes over the air confirmed to `client` (PAP-DM-PREFERCONFIRMED), or
    /// `None` when confirmed delivery is required but impossible there.
    pub fn ota_confirmed(&self, push: usize, client: u8) -> Option<bool> {
        let t = self.template(push)?;
        let capable = self.client_capable(client);
        match t.method {
            Method::Unconfirmed => Some(false),
            Method::Preferconfirmed => Some(capable),
            Method::Confirmed => capable.then_some(true),
        }
    }

    /// The code a result notification carries for a final state.
    pub fn rn_code(&self, state: MsgState, decision: Option<Reply>) -> StatusCode {
        match (state, decision) {
            (MsgState::Delivered | MsgState::Cancelled, _) => StatusCode::OK,
            (MsgState::Aborted, Some(Reply::Abort { code })) => code,
            (MsgState::Aborted, _) => self.config.abort_code,
            _ => self.config.rn_failure_code,
        }
    }

    fn deliver_before_due(&self, s: &State, push: usize) -> bool {
        self.template(push)
            .and_then(|t| t.deliver_before)
            .is_some_and(|d| s.now >= self.clamp(d))
    }

    fn deliver_after_reached(&self, s: &State, push: usize) -> bool {
        self.template(push)
            .and_then(|t| t.deliver_after)
            .is_none_or(|a| s.now >= self.clamp(a))
    }

    fn timeout_enabled(&self) -> bool {
        self.config.weaken.is_none()
    }

    /// Whether an urgent action is enabled (then the clock may not tick).
    pub fn urgent_pending(&self, s: &State) -> bool {
        if s.pi_request.is_some() {
            return true;
        }
        self.dests().any(|(d, push, client)| {
            let Some(p) = s.dests.get(d) else {
                return false;
            };
            let i = usize::from(push);
            p.client.owed
                || p.client.present_owed
                || match p.ppg {
                    PpgRecord::Pending {
                        sends,
                        ack_deadline,
                    } => {
                        self.deliver_before_due(s, i)
                            || (self.timeout_enabled() && ack_deadline.is_some_and(|d| s.now >= d))
                            || (sends == 0 && self.ota_confirmed(i, client).is_none())
                    }
                    _ => false,
                }
        })
    }

    /// The answers the PPG may give to `req` in state `s` (several where the spec allows several).
    pub fn answers(&self, s: &State, req: PiRequest, out: &mut Vec<Action>) {
        match req {
            PiRequest::Submit(push) => {
                let i = usize::from(push);
                let Some(t) = self.template(i) else {
                    return;
                };
                let refuse = |code| Action::PushResponse {
                    push,
                    code,
                    progress_note: None,
                };
                if self.held(s, i) {
                    out.push(refuse(StatusCode::DUPLICATE_PUSH_ID));
                    return;
                }
                if self.deliver_before_due(s, i) {
                    out.extend(PAST_DEADLINE_CODES.map(refuse));
                    return;
                }
                // PAP-MULTI-ADDRESS: a PPG that does not take several addresses refuses them.
                if t.clients.len() > 1 && !self.config.features.multiple_addresses {
                    out.push(refuse(StatusCode::MULTIPLE_ADDRESSES_NOT_SUPPORTED));
                    return;
                }
                out.push(refuse(StatusCode::ACCEPTED_FOR_PROCESSING));
                if t.progress_notes_requested {
                    // PAP-PROGRESS-STAGE: the message is pending once accepted.
                    for stage in [Stage::State(MsgState::Pending), Stage::Other] {
                        out.push(Action::PushResponse {
                            push,
                            code: StatusCode::ACCEPTED_FOR_PROCESSING,
                            progress_note: Some(stage),
                        });
                    }
                }
                if t.clients
                    .iter()
                    .any(|&c| self.ota_confirmed(i, c).is_none())
                {
                    out.push(refuse(StatusCode::DELIVERY_METHOD_NOT_POSSIBLE));
                }
            }
            PiRequest::Bad(kind) => out.push(Action::BadMessageResponse {
                code: kind.answer(),
            }),
            PiRequest::Cancel(push) => {
                // Cancel and status query name single-address pushes only (validated).
                let rec = self.single_record(s, push);
                let code = if !self.config.features.cancel {
                    StatusCode::NOT_IMPLEMENTED
                } else {
                    match rec {
                        PpgRecord::Unknown => StatusCode::PUSH_ID_NOT_FOUND,
                        PpgRecord::Pending { .. } => StatusCode::OK,
                        PpgRecord::Final(_) => StatusCode::CANCELLATION_NOT_POSSIBLE,
                    }
                };
                out.push(Action::CancelResponse { push, code });
            }
            PiRequest::StatusQuery(push) => {
                let (state, code) = if !self.config.features.status_query {
                    (MsgState::Unknown, StatusCode::NOT_IMPLEMENTED)
                } else {
                    match self.single_record(s, push) {
                        PpgRecord::Unknown => (MsgState::Unknown, StatusCode::PUSH_ID_NOT_FOUND),
                        r => (r.msg_state(), StatusCode::OK),
                    }
                };
                out.push(Action::StatusQueryResponse { push, state, code });
            }
            PiRequest::Ccq(client) => {
                let codes: &[StatusCode] = match self.config.ccq {
                    CcqSupport::Supported => &[StatusCode::OK],
                    CcqSupport::NotSupported => &[StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED],
                    CcqSupport::Either => &[
                        StatusCode::OK,
                        StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED,
                    ],
                };
                for &code in codes {
                    out.push(Action::CcqResponse { client, code });
                }
            }
        }
    }

    /// The record of push `push` at its first address (its only one where cancel and status
    /// query apply).
    fn single_record(&self, s: &State, push: u8) -> PpgRecord {
        self.dest_range(usize::from(push))
            .next()
            .and_then(|d| s.dests.get(d))
            .map_or(PpgRecord::Unknown, |d| d.ppg)
    }

    /// The submission of template `i`.
    pub fn submit_action(&self, i: usize) -> Option<Action> {
        self.template(i).map(|t| Action::Submit {
            // `i < MAX_PUSHES` (validated).
            push: i as u8,
            clients: ClientSet::of(&t.clients),
            app: t.app,
            method: t.method,
            notify_requested: t.notify_requested,
            progress_notes_requested: t.progress_notes_requested,
            deliver_before: t.deliver_before,
            deliver_after: t.deliver_after,
        })
    }

    fn pi_actions(&self, s: &State, out: &mut Vec<Action>) {
        if s.pi_request.is_some() {
            return;
        }
        for (i, slot) in s.pushes.iter().enumerate() {
            if !slot.submitted {
                out.extend(self.submit_action(i));
            }
        }
        if s.pi_budget == 0 {
            return;
        }
        for &extra in &self.config.pi_extra {
            match extra {
                PiExtra::Resubmit { push } => {
                    if s.pushes.get(usize::from(push)).is_some_and(|p| p.submitted) {
                        out.extend(self.submit_action(usize::from(push)));
                    }
                }
                PiExtra::Cancel { push } => out.push(Action::Cancel { push }),
                PiExtra::StatusQuery { push } => out.push(Action::StatusQuery { push }),
                PiExtra::Ccq { client } => out.push(Action::Ccq { client }),
                PiExtra::Bad { kind } => out.push(Action::SubmitBad { kind }),
            }
        }
    }

    /// The PPG's message-level progress for push `i`: expiry (at every pending address at once).
    fn push_actions(&self, s: &State, i: usize, out: &mut Vec<Action>) {
        let pending = self.dest_range(i).any(|d| {
            s.dests
                .get(d)
                .is_some_and(|p| matches!(p.ppg, PpgRecord::Pending { .. }))
        });
        if pending && self.deliver_before_due(s, i) {
            // `i < MAX_PUSHES` (validated).
            out.push(Action::Expire { push: i as u8 });
        }
    }

    /// Everything about push `i` at address `client` (slot `slot`).
    fn dest_actions(
        &self,
        s: &State,
        i: usize,
        client: u8,
        slot: &DestSlot,
        out: &mut Vec<Action>,
    ) {
        let Some(t) = self.template(i) else { return };
        let push = i as u8;
        let app = t.app;
        let confirmed = self.ota_confirmed(i, client);
        // The PPG's own progress.
        if let PpgRecord::Pending {
            sends,
            ack_deadline,
        } = slot.ppg
        {
            let db_due = self.deliver_before_due(s, i);
            let ack_due = self.timeout_enabled() && ack_deadline.is_some_and(|d| s.now >= d);
            if ack_due {
                out.push(Action::ConfirmTimeout { push, client });
            }
            match confirmed {
                None => out.push(Action::Undeliverable { push, client }),
                Some(c) => {
                    let may_send = if sends == 0 {
                        true
                    } else {
                        c && (sends < self.config.max_ota_sends
                            || self.config.weaken == Some(Weakening::RetransmitForever))
                    };
                    if may_send
                        && !db_due
                        && !ack_due
                        && self.deliver_after_reached(s, i)
                        && slot.ota_in_flight < self.config.max_in_flight
                    {
                        out.push(Action::OtaPush {
                            push,
                            client,
                            confirmed: c,
                            app,
                        });
                    }
                }
            }
        }
        if let PpgRecord::Final(state) = slot.ppg
            && t.notify_requested
            && slot.rn == RnState::NotSent
        {
            out.push(Action::ResultNotification {
                push,
                client,
                state,
                code: self.rn_code(state, slot.client.decision),
            });
        }
        // The bearer, OTA direction.
        if slot.ota_in_flight > 0 {
            out.push(Action::OtaDeliver {
                push,
                client,
                confirmed: confirmed.unwrap_or(false),
                app,
            });
            out.push(Action::OtaLose { push, client });
            if s.duplications_left > 0 && slot.ota_in_flight < self.config.max_in_flight {
                out.push(Action::OtaDuplicate { push, client });
            }
        }
        // The client.
        if slot.client.present_owed {
            out.push(Action::Present { push, client });
        }
        if slot.client.owed {
            match slot.client.decision {
                Some(reply) => out.push(Action::ClientReply {
                    push,
                    client,
                    reply,
                }),
                None if !self.app_registered(i, client) => {
                    // PUSH-APP-UNREGISTERED: the application is not there; abort.
                    out.push(Action::ClientReply {
                        push,
                        client,
                        reply: Reply::Abort {
                            code: self.config.unregistered_abort_code,
                        },
                    });
                }
                None => {
                    out.push(Action::ClientReply {
                        push,
                        client,
                        reply: Reply::Ack,
                    });
                    out.push(Action::ClientReply {
                        push,
                        client,
                        reply: Reply::Abort {
                            code: self.config.abort_code,
                        },
                    });
                }
            }
        }
        // The bearer, reply direction.
        if slot.replies_in_flight > 0
            && let Some(reply) = slot.client.decision
        {
            out.push(Action::ReplyArrive {
                push,
                client,
                reply,
            });
            out.push(Action::ReplyLose { push, client });
        }
    }

    /// The transition monitors for `action` from `s` (bits to set).
    fn monitor(&self, s: &State, action: &Action) -> u32 {
        let mut fired = 0u32;
        let mut fire = |m: Monitor, cond: bool| {
            if cond {
                fired |= m.bit();
            }
        };
        let dest =
            |push: u8, client: u8| self.dest_index(push, client).and_then(|d| s.dests.get(d));
        match *action {
            Action::PushResponse {
                push,
                code,
                progress_note,
            } => {
                let held = self.held(s, usize::from(push));
                let accept = code == StatusCode::ACCEPTED_FOR_PROCESSING;
                fire(
                    Monitor::DuplicatePushId,
                    (accept && held) || (code == StatusCode::DUPLICATE_PUSH_ID && !held),
                );
                fire(
                    Monitor::AcceptedPastDeadline,
                    accept && self.deliver_before_due(s, usize::from(push)),
                );
                let requested = self
                    .template(usize::from(push))
                    .is_some_and(|t| t.progress_notes_requested);
                fire(Monitor::ProgressNote, progress_note.is_some() && !requested);
                // Once answered 1001 the message is pending; refused, it has no state.
                let now_state = if accept {
                    MsgState::Pending
                } else {
                    MsgState::Unknown
                };
                fire(
                    Monitor::ProgressStage,
                    matches!(progress_note, Some(Stage::State(st)) if st != now_state),
                );
            }
            Action::BadMessageResponse { code } => {
                fire(
                    Monitor::BadMessageCode,
                    code != StatusCode::BAD_REQUEST && code != StatusCode::VERSION_NOT_SUPPORTED,
                );
            }
            Action::CancelResponse { push, code } if self.config.features.cancel => {
                match self.single_record(s, push) {
                    PpgRecord::Unknown => fire(
                        Monitor::CancelUnknown,
                        code != StatusCode::PUSH_ID_NOT_FOUND,
                    ),
                    PpgRecord::Pending { .. } => {
                        fire(Monitor::CancelPending, code != StatusCode::OK)
                    }
                    PpgRecord::Final(_) => fire(
                        Monitor::CancelNotPending,
                        code != StatusCode::CANCELLATION_NOT_POSSIBLE,
                    ),
                }
            }
            Action::StatusQueryResponse { push, state, code }
                if self.config.features.status_query =>
            {
                let rec = self.single_record(s, push);
                let expected_code = if rec == PpgRecord::Unknown {
                    StatusCode::PUSH_ID_NOT_FOUND
                } else {
                    StatusCode::OK
                };
                fire(
                    Monitor::StatusQuery,
                    state != rec.msg_state() || code != expected_code,
                );
            }
            Action::OtaPush {
                push,
                client,
                confirmed,
                app,
            } => {
                let i = usize::from(push);
                let rec = dest(push, client).map_or(PpgRecord::Unknown, |p| p.ppg);
                fire(
                    Monitor::OtaAfterFinal,
                    !matches!(rec, PpgRecord::Pending { .. }),
                );
                fire(
                    Monitor::OtaBeforeDeliverAfter,
                    !self.deliver_after_reached(s, i),
                );
                fire(
                    Monitor::OtaAfterDeliverBefore,
                    self.deliver_before_due(s, i),
                );
                let expected = self.template(i).map(|t| match t.method {
                    Method::Confirmed => true,
                    Method::Unconfirmed => false,
                    Method::Preferconfirmed => self.client_capable(client),
                });
                fire(Monitor::DeliveryMethod, expected != Some(confirmed));
                fire(
                    Monitor::OtaAppId,
                    self.template(i).is_none_or(|t| t.app != app),
                );
            }
            Action::ResultNotification {
                push,
                client,
                state,
                code,
            } => {
                fire(
                    Monitor::AbortCode,
                    state == MsgState::Aborted && code.class() != StatusCode::CLIENT_ABORTED,
                );
                fire(Monitor::RnAddress, self.dest_index(push, client).is_none());
            }
            Action::Present { push, client } => {
                fire(
                    Monitor::UnregisteredApp,
                    !self.app_registered(usize::from(push), client),
                );
            }
            Action::ClientReply {
                push,
                client,
                reply: Reply::Ack,
            } => {
                fire(
                    Monitor::UnregisteredApp,
                    !self.app_registered(usize::from(push), client),
                );
            }
            _ => {}
        }
        fired
    }
}

impl Model for PpgModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let dests = self.config.pushes.iter().map(|t| t.clients.len()).sum();
        vec![State {
            now: 0,
            pi_request: None,
            pi_budget: self.config.pi_requests,
            duplications_left: self.config.max_duplications,
            pushes: vec![PushSlot::default(); self.config.pushes.len()],
            dests: vec![DestSlot::new(); dests],
            monitor: 0,
        }]
    }

    fn actions(&self, s: &State, out: &mut Vec<Action>) {
        self.pi_actions(s, out);
        if let Some(req) = s.pi_request {
            self.answers(s, req, out);
        }
        for (i, t) in self.config.pushes.iter().enumerate() {
            self.push_actions(s, i, out);
            for (d, &client) in self.dest_range(i).zip(&t.clients) {
                if let Some(slot) = s.dests.get(d) {
                    self.dest_actions(s, i, client, slot, out);
                }
            }
            // The PI answers a result notification (the oldest unanswered one of the push-id).
            if self
                .dest_range(i)
                .any(|d| matches!(s.dests.get(d).map(|p| p.rn), Some(RnState::Sent(_))))
            {
                out.push(Action::ResultNotificationResponse {
                    // `i < MAX_PUSHES` (validated).
                    push: i as u8,
                    code: StatusCode::OK,
                });
            }
        }
        if s.now < self.beyond() && !self.urgent_pending(s) {
            out.push(Action::Tick { now: s.now + 1 });
        }
    }

    fn next_state(&self, s: &State, action: Action) -> Option<State> {
        let mut n = s.clone();
        n.monitor |= self.monitor(s, &action);
        let spend = |n: &mut State| n.pi_budget = n.pi_budget.saturating_sub(1);
        let dest_of = |push: u8, client: u8| self.dest_index(push, client);
        match action {
            Action::Submit { push, .. } => {
                let slot = n.pushes.get_mut(usize::from(push))?;
                let first = !slot.submitted;
                slot.submitted = true;
                if !first {
                    spend(&mut n);
                }
                n.pi_request = Some(PiRequest::Submit(push));
            }
            Action::SubmitBad { kind } => {
                spend(&mut n);
                n.pi_request = Some(PiRequest::Bad(kind));
            }
            Action::Cancel { push } => {
                spend(&mut n);
                n.pi_request = Some(PiRequest::Cancel(push));
            }
            Action::StatusQuery { push } => {
                spend(&mut n);
                n.pi_request = Some(PiRequest::StatusQuery(push));
            }
            Action::Ccq { client } => {
                spend(&mut n);
                n.pi_request = Some(PiRequest::Ccq(client));
            }
            Action::ResultNotificationResponse { push, .. } => {
                // The PI answers the oldest unanswered notification of this push-id.
                let d = self
                    .dest_range(usize::from(push))
                    .find(|&d| matches!(s.dests.get(d).map(|p| p.rn), Some(RnState::Sent(_))))?;
                let slot = n.dests.get_mut(d)?;
                if let RnState::Sent(st) = slot.rn {
                    slot.rn = RnState::Answered(st);
                }
            }
            Action::PushResponse { push, code, .. } => {
                n.pi_request = None;
                let range = self.dest_range(usize::from(push));
                if code == StatusCode::ACCEPTED_FOR_PROCESSING {
                    for d in range {
                        n.dests.get_mut(d)?.ppg = PpgRecord::Pending {
                            sends: 0,
                            ack_deadline: None,
                        };
                    }
                    let slot = n.pushes.get_mut(usize::from(push))?;
                    slot.accepts = slot.accepts.saturating_add(1);
                } else if range
                    .into_iter()
                    .any(|d| n.dests.get(d).map(|p| p.ppg) != s.dests.get(d).map(|p| p.ppg))
                {
                    n.monitor |= Monitor::RefusedKeptNothing.bit();
                }
            }
            Action::BadMessageResponse { .. } => {
                n.pi_request = None;
                if n.dests.iter().zip(&s.dests).any(|(a, b)| a.ppg != b.ppg) {
                    n.monitor |= Monitor::RefusedKeptNothing.bit();
                }
            }
            Action::CancelResponse { push, code } => {
                n.pi_request = None;
                if code == StatusCode::OK {
                    for d in self.dest_range(usize::from(push)) {
                        if let Some(slot) = n.dests.get_mut(d)
                            && matches!(slot.ppg, PpgRecord::Pending { .. })
                        {
                            slot.ppg = PpgRecord::Final(MsgState::Cancelled);
                        }
                    }
                }
            }
            Action::StatusQueryResponse { .. } | Action::CcqResponse { .. } => {
                n.pi_request = None;
            }
            Action::ResultNotification {
                push,
                client,
                state,
                ..
            } => {
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.rn = RnState::Sent(state);
                slot.rn_count = slot.rn_count.saturating_add(1);
            }
            Action::OtaPush {
                push,
                client,
                confirmed,
                ..
            } => {
                let deadline = s.now.saturating_add(self.config.confirm_timeout);
                let deadline = self.clamp(deadline);
                let forever = self.config.weaken == Some(Weakening::RetransmitForever);
                let max_sends = self.config.max_ota_sends;
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.ota_in_flight = slot.ota_in_flight.saturating_add(1);
                if let PpgRecord::Pending {
                    sends,
                    ack_deadline,
                } = slot.ppg
                {
                    slot.ppg = if confirmed {
                        let sends = if forever {
                            sends.saturating_add(1).min(max_sends)
                        } else {
                            sends.saturating_add(1)
                        };
                        PpgRecord::Pending {
                            sends,
                            ack_deadline: Some(ack_deadline.unwrap_or(deadline)),
                        }
                    } else {
                        PpgRecord::Final(MsgState::Delivered)
                    };
                }
            }
            Action::OtaDeliver {
                push,
                client,
                confirmed,
                ..
            } => {
                let registered = self.app_registered(usize::from(push), client);
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.ota_in_flight = slot.ota_in_flight.checked_sub(1)?;
                if slot.client.presented > 0 && !confirmed {
                    // Kept for unconfirmed pushes only: a confirmed copy shows as owed again.
                    slot.client.repeat_after_present = true;
                }
                if slot.client.presented == 0 && registered {
                    // The first copy is to be presented to the application; a duplicate is not
                    // (OTA-DUPLICATE); nor is a push for an application that is not registered
                    // (PUSH-APP-UNREGISTERED).
                    slot.client.present_owed = true;
                }
                if confirmed {
                    slot.client.owed = true;
                }
            }
            Action::OtaLose { push, client } => {
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.ota_in_flight = slot.ota_in_flight.checked_sub(1)?;
            }
            Action::OtaDuplicate { push, client } => {
                n.duplications_left = n.duplications_left.checked_sub(1)?;
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.ota_in_flight = slot.ota_in_flight.saturating_add(1);
            }
            Action::Present { push, client } => {
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                if !slot.client.present_owed {
                    return None;
                }
                slot.client.present_owed = false;
                slot.client.presented = slot.client.presented.saturating_add(1);
            }
            Action::ClientReply {
                push,
                client,
                reply,
            } => {
                let cap = self.config.max_in_flight;
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.client.owed = false;
                slot.client.decision = Some(reply);
                // A reply beyond the in-flight cap is dropped, as a loss would drop it.
                slot.replies_in_flight = slot.replies_in_flight.saturating_add(1).min(cap);
            }
            Action::ReplyArrive {
                push,
                client,
                reply,
            } => {
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.replies_in_flight = slot.replies_in_flight.checked_sub(1)?;
                // Only a confirmed push that was sent and is still pending takes the answer;
                // otherwise it is ignored (PAP-FINAL-STABLE).
                if let PpgRecord::Pending { sends, .. } = slot.ppg
                    && sends > 0
                {
                    slot.ppg = PpgRecord::Final(match reply {
                        Reply::Ack => MsgState::Delivered,
                        Reply::Abort { .. } => MsgState::Aborted,
                    });
                }
            }
            Action::ReplyLose { push, client } => {
                let slot = n.dests.get_mut(dest_of(push, client)?)?;
                slot.replies_in_flight = slot.replies_in_flight.checked_sub(1)?;
            }
            Action::Expire { push } => {
                for d in self.dest_range(usize::from(push)) {
                    if let Some(slot) = n.dests.get_mut(d)
                        && matches!(slot.ppg, PpgRecord::Pending { .. })
                    {
                        slot.ppg = PpgRecord::Final(MsgState::Expired);
                    }
                }
            }
            Action::ConfirmTimeout { push, client } => {
                n.dests.get_mut(dest_of(push, client)?)?.ppg = PpgRecord::Final(MsgState::Timeout);
            }
            Action::Undeliverable { push, client } => {
                n.dests.get_mut(dest_of(push, client)?)?.ppg =
                    PpgRecord::Final(MsgState::Undeliverable);
            }
            Action::Tick { now } => n.now = now,
        }
        for slot in &mut n.dests {
            if let (PpgRecord::Final(st), None) = (slot.ppg, slot.first_final) {
                slot.first_final = Some(st);
            }
        }
        Some(n)
    }

    /// Every property of [`properties::all`], less the witness of a push to several addresses
    /// where the configuration has none (a `sometimes` property that no configuration of this
    /// shape can witness is not a property of it).
    fn properties(&self) -> Vec<Property<Self>> {
        let several = self.config.pushes.iter().any(|t| t.clients.len() >= 2);
        properties::all()
            .into_iter()
            .filter(|p| several || p.name != properties::MULTI_ADDRESS_WITNESS)
            .collect()
    }
}

impl LabelledModel for PpgModel {
    fn label(&self, action: &Action) -> ActionLabel {
        meta::label(action)
    }

    fn ics_items(&self) -> &'static [IcsItem] {
        &meta::ICS_ITEMS
    }

    /// For the PPG: the record of the push-id the action is about (unknown, pending and not yet
    /// sent, pending and sent, or its final state; for a push to several addresses, the record at
    /// the action's address, or at each address for actions about the whole push); for the push
    /// client: what it did with that push-id (nothing yet or arrived; undecided, acknowledged or
    /// aborted). Actions about no push-id (bad documents, ccq, the clock) have the empty context.
    fn context(&self, role: &str, s: &State, action: &Action) -> String {
        let Some(push) = action_push(action) else {
            return String::new();
        };
        let Some(t) = self.template(usize::from(push)) else {
            return String::new();
        };
        let multi = t.clients.len() > 1;
        let dests: Vec<(u8, &DestSlot)> = match action_client(action) {
            Some(c) => self
                .dest_index(push, c)
                .and_then(|d| s.dests.get(d))
                .map(|d| (c, d))
                .into_iter()
                .collect(),
            None => self
                .dest_range(usize::from(push))
                .zip(&t.clients)
                .filter_map(|(d, &c)| s.dests.get(d).map(|d| (c, d)))
                .collect(),
        };
        let submitted = s.pushes.get(usize::from(push)).is_some_and(|p| p.submitted);
        let one = |(c, slot): &(u8, &DestSlot)| {
            let text = if role == meta::Role::PushClient.name() {
                let cr = &slot.client;
                let seen = if cr.presented > 0 || cr.present_owed {
                    "arrived"
                } else {
                    "new"
                };
                let decision = match cr.decision {
                    None => "undecided",
                    Some(Reply::Ack) => "acked",
                    Some(Reply::Abort { .. }) => "aborted",
                };
                format!("{seen}, {decision}")
            } else {
                match slot.ppg {
                    PpgRecord::Unknown if submitted => "not accepted".to_owned(),
                    PpgRecord::Unknown => "unknown".to_owned(),
                    PpgRecord::Pending { sends: 0, .. } => "pending, not sent".to_owned(),
                    PpgRecord::Pending { .. } => "pending, sent".to_owned(),
                    PpgRecord::Final(st) => state_name(st),
                }
            };
            if multi {
                format!("to client {c}: {text}")
            } else {
                text
            }
        };
        let parts: Vec<String> = dests.iter().map(one).collect();
        format!("push {push}: {}", parts.join("; "))
    }

    fn describe(&self, action: &Action) -> String {
        describe(action)
    }

    /// An answer of the wrong type to the request being answered (a badmessage-response to a
    /// valid cancel-message, say) breaks PAP-ANSWER-TYPE; otherwise the requirement of the first
    /// transition monitor `action` would fire from `state`.
    fn explain(&self, state: &State, action: &Action) -> Option<&'static str> {
        let answer = |a: &Action| -> Option<u8> {
            Some(match a {
                Action::PushResponse { .. } => 0,
                Action::BadMessageResponse { .. } => 1,
                Action::CancelResponse { .. } => 2,
                Action::StatusQueryResponse { .. } => 3,
                Action::CcqResponse { .. } => 4,
                _ => return None,
            })
        };
        if let Some(given) = answer(action) {
            let owed = state.pi_request.map(|r| match r {
                PiRequest::Submit(_) => 0,
                PiRequest::Bad(_) => 1,
                PiRequest::Cancel(_) => 2,
                PiRequest::StatusQuery(_) => 3,
                PiRequest::Ccq(_) => 4,
            });
            if owed != Some(given) {
                return Some(req::ANSWER_TYPE);
            }
        }
        // 3007 (delivery method not possible) where every address could take the push: a
        // preferconfirmed push should have fallen back to unconfirmed (PAP-DM-PREFERCONFIRMED);
        // otherwise 3007 is only for confirmed delivery that is impossible.
        if let Action::PushResponse { push, code, .. } = *action
            && code == StatusCode::DELIVERY_METHOD_NOT_POSSIBLE
            && let Some(t) = self.template(usize::from(push))
            && t.clients
                .iter()
                .all(|&c| self.ota_confirmed(usize::from(push), c).is_some())
        {
            return Some(if t.method == Method::Preferconfirmed {
                req::DM_PREFERCONFIRMED
            } else {
                req::DM_CONFIRMED_IMPOSSIBLE
            });
        }
        // A result notification saying delivered while the delivery is still pending: the push
        // was reported delivered without the client's acknowledgement (PAP-DM-CONFIRMED).
        if let Action::ResultNotification {
            push,
            client,
            state: MsgState::Delivered,
            ..
        } = *action
            && let Some(d) = self.dest_index(push, client)
            && state
                .dests
                .get(d)
                .is_some_and(|p| matches!(p.ppg, PpgRecord::Pending { .. }))
        {
            return Some(req::DM_CONFIRMED);
        }
        // The deadline monitors first: a push sent after its deliver-before breaks
        // PAP-TS-BEFORE-EXPIRE whether or not the expiry (a step the tester cannot see) was
        // already taken, so every consistent state names the same rule.
        let fired = self.monitor(state, action);
        [
            Monitor::OtaAfterDeliverBefore,
            Monitor::OtaBeforeDeliverAfter,
        ]
        .iter()
        .chain(Monitor::ALL.iter())
        .find(|m| fired & m.bit() != 0)
        .map(|m| m.requirement())
    }

    fn time_exhausted(&self, state: &State) -> bool {
        state.now >= self.beyond()
    }
}

/// The push-id an action is about, if any.
pub fn action_push(action: &Action) -> Option<u8> {
    match *action {
        Action::Submit { push, .. }
        | Action::Cancel { push }
        | Action::StatusQuery { push }
        | Action::ResultNotificationResponse { push, .. }
        | Action::PushResponse { push, .. }
        | Action::CancelResponse { push, .. }
        | Action::StatusQueryResponse { push, .. }
        | Action::ResultNotification { push, .. }
        | Action::OtaPush { push, .. }
        | Action::OtaDeliver { push, .. }
        | Action::OtaLose { push, .. }
        | Action::OtaDuplicate { push, .. }
        | Action::Present { push, .. }
        | Action::ClientReply { push, .. }
        | Action::ReplyArrive { push, .. }
        | Action::ReplyLose { push, .. }
        | Action::Expire { push }
        | Action::ConfirmTimeout { push, .. }
        | Action::Undeliverable { push, .. } => Some(push),
        Action::SubmitBad { .. }
        | Action::Ccq { .. }
        | Action::CcqResponse { .. }
        | Action::BadMessageResponse { .. }
        | Action::Tick { .. } => None,
    }
}

/// The address (client) an action about one delivery is about; `None` for actions about a whole
/// push-id or about no push-id.
pub fn action_client(action: &Action) -> Option<u8> {
    match *action {
        Action::ResultNotification { client, .. }
        | Action::OtaPush { client, .. }
        | Action::OtaDeliver { client, .. }
        | Action::OtaLose { client, .. }
        | Action::OtaDuplicate { client, .. }
        | Action::Present { client, .. }
        | Action::ClientReply { client, .. }
        | Action::ReplyArrive { client, .. }
        | Action::ReplyLose { client, .. }
        | Action::ConfirmTimeout { client, .. }
        | Action::Undeliverable { client, .. } => Some(client),
        _ => None,
    }
}

/// A serde enum value's name (`"delivered"`, `"confirmed"`).
fn serde_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A message state's PAP name.
fn state_name(state: MsgState) -> String {
    serde_name(state)
}

/// `action` in plain words, for reports and verdict reasons.
pub fn describe(action: &Action) -> String {
    match *action {
        Action::Submit {
            push,
            clients,
            app,
            method,
            notify_requested,
            ..
        } => format!(
            "the PI submits push {push} to client{} {}{} ({}{})",
            if clients.len() > 1 { "s" } else { "" },
            clients
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" and "),
            app.map(|a| format!(" for application {a}"))
                .unwrap_or_default(),
            serde_name(method),
            if notify_requested {
                ", result notification requested"
            } else {
                ""
            }
        ),
        Action::SubmitBad { kind } => format!("the PI sends a bad document ({})", serde_name(kind)),
        Action::Cancel { push } => format!("the PI cancels push {push}"),
        Action::StatusQuery { push } => format!("the PI queries the status of push {push}"),
        Action::Ccq { client } => format!("the PI queries the capabilities of client {client}"),
        Action::ResultNotificationResponse { push, code } => {
            format!("the PI answers the result notification of push {push} with {code}")
        }
        Action::PushResponse {
            push,
            code,
            progress_note,
        } => format!(
            "push-response {code} for push {push}{}",
            match progress_note {
                Some(Stage::State(st)) =>
                    format!(" with a progress note at stage {}", state_name(st)),
                Some(Stage::Other) => " with a progress note".to_owned(),
                None => String::new(),
            }
        ),
        Action::BadMessageResponse { code } => format!("badmessage-response {code}"),
        Action::CancelResponse { push, code } => format!("cancel-response {code} for push {push}"),
        Action::StatusQueryResponse { push, state, code } => format!(
            "statusquery-response {code} for push {push}: {}",
            state_name(state)
        ),
        Action::CcqResponse { client, code } => format!("ccq-response {code} for client {client}"),
        Action::ResultNotification {
            push,
            client,
            state,
            code,
        } => format!(
            "result notification for push {push} to client {client}: {} ({code})",
            state_name(state)
        ),
        Action::OtaPush {
            push,
            client,
            confirmed,
            ..
        } => format!(
            "the PPG sends push {push} over the air to client {client}{}",
            if confirmed { ", confirmed" } else { "" }
        ),
        Action::OtaDeliver {
            push,
            client,
            confirmed,
            ..
        } => format!(
            "push {push} arrives at client {client}{}",
            if confirmed { ", confirmed" } else { "" }
        ),
        Action::OtaLose { push, client } => {
            format!("the bearer loses a copy of push {push} to client {client}")
        }
        Action::OtaDuplicate { push, client } => {
            format!("the bearer duplicates push {push} to client {client}")
        }
        Action::Present { push, client } => {
            format!("client {client} presents push {push} to the application")
        }
        Action::ClientReply {
            push,
            client,
            reply,
        } => match reply {
            Reply::Ack => format!("client {client} acknowledges push {push}"),
            Reply::Abort { code } => format!("client {client} aborts push {push} ({code})"),
        },
        Action::ReplyArrive { push, reply, .. } => match reply {
            Reply::Ack => format!("the acknowledgement of push {push} reaches the PPG"),
            Reply::Abort { code } => format!("the abort ({code}) of push {push} reaches the PPG"),
        },
        Action::ReplyLose { push, client } => {
            format!("the bearer loses client {client}'s answer to push {push}")
        }
        Action::Expire { push } => format!("push {push} expires"),
        Action::ConfirmTimeout { push, client } => {
            format!("push {push} times out waiting for client {client}'s acknowledgement")
        }
        Action::Undeliverable { push, client } => {
            format!("push {push} is undeliverable to client {client}")
        }
        Action::Tick { now } => format!("the clock advances to tick {now}"),
    }
}

impl LivenessModel for PpgModel {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        // One instance per (push-id, address) slot (see [`DestSlot`]).
        let instances = self.dests().count();
        vec![
            Liveness {
                name: "every accepted push eventually reaches a final state",
                requirement: req::LIVE_FINAL,
                instances,
                trigger: |_, s, i| {
                    s.dests
                        .get(i)
                        .is_some_and(|p| matches!(p.ppg, PpgRecord::Pending { .. }))
                },
                goal: |_, s, i| {
                    s.dests
                        .get(i)
                        .is_some_and(|p| matches!(p.ppg, PpgRecord::Final(_)))
                },
                // Fairness is declared per class in the action table (`meta`).
                fair: &[],
            },
            Liveness {
                name: "every requested result notification is eventually sent",
                requirement: req::LIVE_RN,
                instances,
                trigger: |m, s, i| {
                    m.dests().nth(i).is_some_and(|(_, push, _)| {
                        m.config
                            .pushes
                            .get(usize::from(push))
                            .is_some_and(|t| t.notify_requested)
                    }) && s.dests.get(i).is_some_and(|p| p.ppg != PpgRecord::Unknown)
                },
                goal: |_, s, i| s.dests.get(i).is_some_and(|p| p.rn != RnState::NotSent),
                // Fairness is declared per class in the action table (`meta`).
                fair: &[],
            },
        ]
    }
}

pub mod properties;
