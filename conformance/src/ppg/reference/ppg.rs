//! Reference Push Proxy Gateway: PAP 2.0 towards the Push Initiator (WAP-247-PAP), abstract Push
//! OTA towards clients (WAP-235-PushOTA, see [`super::ota`]), the per-message behaviour of
//! WAP-249-PPGService, written from the specifications and the requirement table
//! (ppg-requirements.md), not from the model.
//!
//! Sans-IO: no sockets, no clock. Every `handle_*` takes the current time; the synchronous HTTP
//! answer to a PAP request is the return value; everything else the PPG sends (OTA pushes, result
//! notifications to the PI) is taken with [`Ppg::poll_transmit`]; [`Ppg::poll_timeout`] says when
//! [`Ppg::handle_timeout`] must next be called.
//!
//! Policy decisions the specifications leave open are in [`PpgConfig`], each with its source.
//!
//! Per push-id (pap-ppg.md "PPG behaviour per push-id", requirement ids in the comments):
//! - accepted (1001) -> `pending`; queued until deliver-after, then handed to the bearer;
//! - unconfirmed: handed to the bearer -> `delivered` (1000);
//! - confirmed: sent, then `delivered` on the acknowledgement, `aborted` (5xxx) on an abort,
//!   `timeout` when the acknowledgement does not come within `ack_timeout_secs` after the last of
//!   `max_retransmissions` retransmissions (same [`OtaId`]); no retransmission once deliver-before
//!   has passed, so a confirmed push already on the air ends in `timeout`, not `expired` [I];
//! - not yet sent when deliver-before passes -> `expired`; cancelled while pending -> `cancelled`;
//!   bearer down when due -> `undeliverable`.
//!
//! Time boundaries: every `handle_*` first runs the timers due at `now`, so an input at exactly a
//! deadline comes too late (an acknowledgement at the ack deadline finds the push in `timeout`;
//! a message is deliverable at `t` iff `deliver-after <= t < deliver-before`, and Kannel likewise
//! treats a deliver-before equal to now as passed).
//!
//! Codes carried with final states in status-query results and result notifications: delivered
//! and cancelled 1000; aborted the client's 5xxx; expired, timeout and undeliverable 4000 "service
//! failure". PAP fixes the state names, not these codes (UNVERIFIED, a pushwake choice); a PI reads
//! them by class (PAP-CODE-CLASS).
//!
//! Several addresses per push (PAP-MULTI-ADDRESS): each address is delivered to on its own, with
//! its own message state, OTA id, acknowledgement timer and result notification (a
//! resultnotification-message carries one address, PAP-RN-ADDRESS); a status query answers one
//! statusquery-result per address and a cancel one cancel-result per address (each naming its
//! address) when the push has several; `multiple_addresses_supported = false` refuses them 3005.
//!
//! Not implemented: replace (3001), client capabilities (a ccq-message is answered 3004, or 1000
//! without capabilities when matching is configured on).

use std::collections::{BTreeMap, VecDeque};

use pushwake_codecs::pap::{
    Address, BadMessageResponse, CancelMessage, CancelResponse, CancelResult, CcqMessage,
    CcqResponse, DeliveryMethod, MessageState, PapDocument, PapMessage, Priority, ProgressNote,
    PushMessage, PushResponse, PushSubmission, QualityOfService, ResponseResult,
    ResultNotificationMessage, ResultNotificationResponse, StatusCode, StatusQueryMessage,
    StatusQueryResponse, StatusQueryResult, Timestamp,
};

use serde::{Deserialize, Serialize};

use super::ota::{OtaId, OtaPush, OtaUplink};
use crate::ppg::mutants::PpgMutant;

/// Default cap on the number of messages held at once (pending or final and still answerable to a
/// status query). Each held message keeps its content, so an unbounded store is a memory-exhaustion
/// vector for any PI; past the cap a submission is refused with 3003 "not possible".
pub const DEFAULT_MAX_HELD_MESSAGES: usize = 4096;

/// Default time a final message stays answerable to a status query and blocks its push-id
/// (PAP-PUSHID-DUP, PAP-STATUS-QUERY). PAP sets no figure; one hour is a pushwake choice.
pub const DEFAULT_RETENTION_SECS: i64 = 3600;

/// Default time the PPG waits for the acknowledgement of one confirmed transmission. WAP-235 leaves
/// it to the bearer; a pushwake choice, configurable.
pub const DEFAULT_ACK_TIMEOUT_SECS: i64 = 60;

/// Policy the specifications leave to the PPG. Deserializes with defaults for missing fields, so a
/// vector's initial configuration names only what it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PpgConfig {
    /// `sender-address` in responses and notifications.
    pub sender_address: Option<String>,
    /// `sender-name` in responses and notifications.
    pub sender_name: Option<String>,
    /// Whether confirmed delivery is possible towards the clients (PAP-DM-PREFERCONFIRMED: when
    /// not, `preferconfirmed` falls back to unconfirmed and `confirmed` is refused with 3007).
    pub confirmed_possible: bool,
    /// Whether the PPG supports capability matching (PAP-CCQ: when not, a ccq-message is answered
    /// with 3004).
    pub capability_matching: bool,
    /// Seconds to wait for the acknowledgement of one confirmed transmission
    /// (PAP-DM-CONFIRMED-TIMEOUT).
    pub ack_timeout_secs: i64,
    /// How many times a confirmed push is sent again, same [`OtaId`], before it ends in timeout.
    pub max_retransmissions: u32,
    /// Whether a confirmed push that was sent but not yet acknowledged (still `pending` in PAP
    /// terms) may be cancelled (1000) or answers 2008. PAP-CANCEL-PENDING reads "pending -> 1000",
    /// so the default is `true`; a PPG that cannot recall a push in flight answers 2008. [I]
    pub cancel_in_flight: bool,
    /// Whether the PPG produces progress notes at all (PAP-PROGRESS-NOTE: only when requested).
    pub progress_notes_supported: bool,
    /// Whether the bearer towards the clients is up; when not, a push due for transmission ends
    /// `undeliverable` (4000). Lets a tester reach the undeliverable state.
    pub bearer_available: bool,
    /// Networks the PPG can use (`quality-of-service/@network` with `network-required="true"`
    /// outside this list is refused with 3009). Empty: any network.
    pub networks: Vec<String>,
    /// Bearers the PPG can use (`bearer-required="true"` outside this list: 3010). Empty: any.
    pub bearers: Vec<String>,
    /// The code refusing a submission whose deliver-before-timestamp has passed
    /// (PAP-TS-BEFORE-PAST). PAP gives no code in the text we hold: UNVERIFIED. Default 2001
    /// "forbidden", following Kannel `gw/wap_push_ppg.c` (`PAP_FORBIDDEN`, state expired).
    pub deliver_before_past_code: StatusCode,
    /// Seconds a final message stays held (see [`DEFAULT_RETENTION_SECS`]).
    pub retention_secs: i64,
    /// Client addresses (`address-value`, exact match) to which confirmed delivery is not possible
    /// although `confirmed_possible` holds for the others: a per-client view of the same rule
    /// (PAP-DM-PREFERCONFIRMED, SIPPUSH-REQ8: whether a client and its bearer can acknowledge).
    pub unconfirmed_only_addresses: Vec<String>,
    /// Whether a confirmed push that was sent but not yet acknowledged when its
    /// deliver-before-timestamp passes ends `expired` (true) or keeps waiting for its
    /// acknowledgement and ends `timeout` (false, the default). PAP-TS-BEFORE-EXPIRE reads "not
    /// delivered by deliver-before -> expired", and a confirmed push is delivered only when
    /// acknowledged (PAP-DM-CONFIRMED), which supports `true`; so does BlackBerry's PAP reference
    /// ("expired: the message reached its maximum age before it could be delivered"). Both
    /// readings are [I] (UNVERIFIED against WAP-247 / WAP-249).
    pub expire_in_flight: bool,
    /// The code a `statusquery-result` carries with a known message state (PAP-STATUS-QUERY;
    /// WAP-247 not read: UNVERIFIED). BlackBerry's PAP reference (element `statusquery-result`,
    /// docs.blackberry.com deliverable 25167) says the code tells whether the status query was
    /// accepted or rejected, which supports [`StatusQueryCode::Ok`]; the default stays `State`
    /// so the existing scenario tests keep their meaning.
    pub status_query_code: StatusQueryCode,
    /// The code carried with the final states expired, timeout and undeliverable in status-query
    /// results and result notifications. PAP fixes the state names, not these codes (UNVERIFIED);
    /// default 4000 "service failure", a pushwake choice.
    pub failure_code: StatusCode,
    /// Whether the PPG implements cancel-message; when not, a cancel is answered 3001 "not
    /// implemented" (UNVERIFIED that 3001 is the answer for an unimplemented operation).
    pub cancel_supported: bool,
    /// Whether the PPG implements statusquery-message; when not, a status query is answered 3001
    /// with message-state `unknown` (UNVERIFIED, as for cancel).
    pub status_query_supported: bool,
    /// Cap on held messages (see [`DEFAULT_MAX_HELD_MESSAGES`]); a push to several addresses
    /// counts once per address.
    pub max_held_messages: usize,
    /// Whether a push-message may name several addresses (PAP-MULTI-ADDRESS); when not, such a
    /// submission is refused 3005 "multiple addresses not supported".
    pub multiple_addresses_supported: bool,
}

impl Default for PpgConfig {
    fn default() -> Self {
        Self {
            sender_address: Some("http://ppg.pushwake.invalid/pap".to_owned()),
            sender_name: Some("pushwake reference PPG".to_owned()),
            confirmed_possible: true,
            capability_matching: false,
            ack_timeout_secs: DEFAULT_ACK_TIMEOUT_SECS,
            max_retransmissions: 0,
            cancel_in_flight: true,
            progress_notes_supported: true,
            bearer_available: true,
            networks: Vec::new(),
            bearers: Vec::new(),
            deliver_before_past_code: StatusCode::FORBIDDEN,
            retention_secs: DEFAULT_RETENTION_SECS,
            max_held_messages: DEFAULT_MAX_HELD_MESSAGES,
            unconfirmed_only_addresses: Vec::new(),
            expire_in_flight: false,
            status_query_code: StatusQueryCode::State,
            failure_code: StatusCode::SERVICE_FAILURE,
            cancel_supported: true,
            status_query_supported: true,
            multiple_addresses_supported: true,
        }
    }
}

/// Which code a `statusquery-result` carries with a known message state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusQueryCode {
    /// The code that goes with the state: 1001 while pending, 1000 delivered or cancelled, the
    /// client's 5xxx when aborted, [`PpgConfig::failure_code`] otherwise (the original choice).
    State,
    /// 1000 "OK" for every known push-id: the code says the query succeeded, the state says where
    /// the message is (the pushwake PPG model's reading).
    Ok,
}

/// Something the PPG sends on its own initiative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PpgOutput {
    /// An over-the-air push to a client.
    Ota(OtaPush),
    /// A PAP document POSTed to the PI (a result notification to `ppg-notify-requested-to`).
    Pap { to: String, doc: PapDocument },
}

/// Why a document could not be read as PAP (the parser's verdict, given to
/// [`Ppg::handle_malformed`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MalformedReason {
    /// Not well-formed or not valid against the PAP DTD: 2000.
    BadRequest { fragment: Option<String> },
    /// A PAP version the PPG does not support: 3002.
    UnsupportedVersion { fragment: Option<String> },
}

/// Where a held message is in its life.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Pending, not yet sent over the air (waiting for deliver-after, or for the next step).
    Queued,
    /// Pending, a confirmed push sent and not yet acknowledged.
    AwaitingAck {
        ota_id: OtaId,
        deadline: Timestamp,
        retransmissions: u32,
    },
    /// Final; forgotten at `forget_at`.
    Done { forget_at: Timestamp },
}

/// One held delivery: a push-id at one of its addresses (`index` in the push-message's order).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    push_id: String,
    index: usize,
}

impl Key {
    fn new(push_id: &str, index: usize) -> Self {
        Self {
            push_id: push_id.to_owned(),
            index,
        }
    }
}

#[derive(Clone, Debug)]
struct Held {
    address: Address,
    notify_to: Option<String>,
    deliver_before: Option<Timestamp>,
    deliver_after: Option<Timestamp>,
    confirmed: bool,
    app_id: Option<String>,
    priority: Option<Priority>,
    content_type: String,
    content: Vec<u8>,
    received: Timestamp,
    state: MessageState,
    code: StatusCode,
    event_time: Option<Timestamp>,
    phase: Phase,
    notified: bool,
    ota_id: OtaId,
}

/// The reference PPG. See the module documentation.
#[derive(Clone, Debug)]
pub struct Ppg {
    config: PpgConfig,
    mutant: Option<PpgMutant>,
    /// Held deliveries by push-id and address; a BTreeMap so timer processing and output order
    /// are deterministic.
    held: BTreeMap<Key, Held>,
    outputs: VecDeque<PpgOutput>,
    next_ota_id: u64,
    /// Result-notification responses received from the PI (PAP-RN-RESPONSE), by push-id.
    rn_responses: BTreeMap<String, StatusCode>,
}

impl Ppg {
    /// A correct reference PPG.
    pub fn new(config: PpgConfig) -> Self {
        Self::with_mutant(config, None)
    }

    /// A reference PPG with one deliberate bug (see [`crate::ppg::mutants`]), or none.
    pub fn with_mutant(config: PpgConfig, mutant: Option<PpgMutant>) -> Self {
        Self {
            config,
            mutant,
            held: BTreeMap::new(),
            outputs: VecDeque::new(),
            next_ota_id: 1,
            rn_responses: BTreeMap::new(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &PpgConfig {
        &self.config
    }

    /// The mutant, if any.
    pub fn mutant(&self) -> Option<PpgMutant> {
        self.mutant
    }

    fn is(&self, mutant: PpgMutant) -> bool {
        self.mutant == Some(mutant)
    }

    /// A plain `application/xml` PAP request from the PI; returns the synchronous answer.
    ///
    /// A `push-message` must arrive as a multipart/related submission with its content
    /// (WAP-247-PAP; pap-ppg.md "Documents" [V]); alone it is a bad request (PAP-SUBMIT-BADMSG).
    /// Response documents are never valid requests (PAP-SUBMIT-BADMSG). A
    /// `resultnotification-response` is the HTTP answer to our own notification and comes in through
    /// [`Ppg::handle_rn_response`].
    pub fn handle_pap(&mut self, now: Timestamp, doc: PapDocument) -> PapDocument {
        self.advance(now);
        let answer = match doc.message {
            PapMessage::CancelMessage(cancel) => self.cancel(now, cancel),
            PapMessage::StatusqueryMessage(query) => self.status_query(query),
            PapMessage::CcqMessage(ccq) => self.ccq(ccq),
            PapMessage::PushMessage(_) => bad_message(
                StatusCode::BAD_REQUEST,
                "push-message without content",
                None,
            ),
            PapMessage::PushResponse(_)
            | PapMessage::CancelResponse(_)
            | PapMessage::StatusqueryResponse(_)
            | PapMessage::ResultnotificationMessage(_)
            | PapMessage::ResultnotificationResponse(_)
            | PapMessage::CcqResponse(_)
            | PapMessage::BadmessageResponse(_) => {
                bad_message(StatusCode::BAD_REQUEST, "not a PAP request", None)
            }
        };
        self.document(answer)
    }

    /// A document the PAP parser could not read (PAP-SUBMIT-BADMSG): badmessage-response 2000, or
    /// 3002 for an unsupported version; nothing is kept.
    pub fn handle_malformed(&mut self, now: Timestamp, reason: MalformedReason) -> PapDocument {
        self.advance(now);
        let message = match reason {
            MalformedReason::BadRequest { fragment } => {
                bad_message(StatusCode::BAD_REQUEST, "malformed PAP document", fragment)
            }
            MalformedReason::UnsupportedVersion { fragment } => bad_message(
                StatusCode::VERSION_NOT_SUPPORTED,
                "PAP version not supported",
                fragment,
            ),
        };
        self.document(message)
    }

    /// A push submission; returns the push-response (or badmessage-response). The content
    /// entity's `X-Wap-Application-Id` ([`PushSubmission::app_id`]) travels over the air as push
    /// meta data (SIPPUSH-REQ9).
    pub fn handle_submission(&mut self, now: Timestamp, submission: PushSubmission) -> PapDocument {
        self.handle_submission_for_app(now, submission, None)
    }

    /// A push submission whose application id is `app_id` where given (it replaces the content
    /// entity's `X-Wap-Application-Id`), as [`Ppg::handle_submission`] otherwise.
    pub fn handle_submission_for_app(
        &mut self,
        now: Timestamp,
        submission: PushSubmission,
        app_id: Option<String>,
    ) -> PapDocument {
        self.advance(now);
        let PushSubmission {
            control,
            content_type,
            app_id: content_app_id,
            content,
            capabilities: _,
        } = submission;
        let app_id = app_id.or(content_app_id);
        let message = match control.message {
            PapMessage::PushMessage(push) => self.submit(now, push, app_id, content_type, content),
            // PAP-SUBMIT-BADMSG: the control entity of a submission must be a push-message.
            _ => bad_message(
                StatusCode::BAD_REQUEST,
                "control entity is not a push-message",
                None,
            ),
        };
        let doc = self.document(message);
        self.advance(now);
        doc
    }

    /// An uplink from a client: acknowledgement or abort of a confirmed push.
    pub fn handle_ota(&mut self, now: Timestamp, uplink: OtaUplink) {
        self.advance(now);
        let ota_id = uplink.ota_id();
        let Some(push_id) = self
            .held
            .iter()
            .find(|(_, h)| matches!(h.phase, Phase::AwaitingAck { ota_id: id, .. } if id == ota_id))
            .map(|(key, _)| key.clone())
        else {
            // An uplink for a push we do not wait for (late, duplicate, unknown): ignored.
            // PAP-FINAL-STABLE: a message in a final state never changes.
            return;
        };
        match uplink {
            // PAP-DM-CONFIRMED (WAP-247-PAP, delivery-method confirmed; WAP-235 confirmed push):
            // delivered only on the client's acknowledgement.
            OtaUplink::Ack { .. } => {
                self.finish(now, &push_id, MessageState::Delivered, StatusCode::OK);
            }
            // PAP-CLIENT-ABORT: the message ends aborted with a 5xxx code.
            OtaUplink::Abort { reason, .. } => {
                if self.is(PpgMutant::AbortReportedDelivered) {
                    self.finish(now, &push_id, MessageState::Delivered, StatusCode::OK);
                } else {
                    self.finish(now, &push_id, MessageState::Aborted, reason.pap_status());
                }
            }
        }
    }

    /// The PI's answer to a result notification (PAP-RN-RESPONSE). Recorded; it changes nothing
    /// else: the notification is never sent again (PAP-RN-ONCE).
    pub fn handle_rn_response(&mut self, now: Timestamp, response: ResultNotificationResponse) {
        self.advance(now);
        let notified = self.deliveries(&response.push_id).any(|(_, h)| h.notified);
        if notified {
            self.rn_responses.insert(response.push_id, response.code);
        }
    }

    /// Time has advanced to `now`: deliver held messages whose deliver-after has come, expire those
    /// whose deliver-before has passed, time out unacknowledged confirmed pushes, forget old ones.
    pub fn handle_timeout(&mut self, now: Timestamp) {
        self.advance(now);
    }

    /// The next thing the PPG sends, if any.
    pub fn poll_transmit(&mut self) -> Option<PpgOutput> {
        self.outputs.pop_front()
    }

    /// When [`Ppg::handle_timeout`] must next be called, if ever.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        self.held
            .values()
            .filter_map(|h| match h.phase {
                Phase::Queued => {
                    let after = h
                        .deliver_after
                        .filter(|_| !self.is(PpgMutant::IgnoresDeliverAfter));
                    let before = h
                        .deliver_before
                        .filter(|_| !self.is(PpgMutant::DeliversAfterExpiry));
                    match (after, before) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                }
                Phase::AwaitingAck { deadline, .. } => {
                    let ack = (!self.is(PpgMutant::NeverTimesOutConfirmed)).then_some(deadline);
                    let before = h.deliver_before.filter(|_| self.config.expire_in_flight);
                    match (ack, before) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                }
                Phase::Done { forget_at } => Some(forget_at),
            })
            .min()
    }

    /// The current state of a held message at its first address (`None`: not held).
    pub fn message_state(&self, push_id: &str) -> Option<&MessageState> {
        self.deliveries(push_id).next().map(|(_, h)| &h.state)
    }

    /// The current state of a held message at `address` (`None`: not held there).
    pub fn message_state_at(&self, push_id: &str, address: &str) -> Option<&MessageState> {
        self.deliveries(push_id)
            .find(|(_, h)| h.address.address_value == address)
            .map(|(_, h)| &h.state)
    }

    /// The held deliveries of `push_id`, in address order.
    fn deliveries<'a>(&'a self, push_id: &str) -> impl Iterator<Item = (&'a Key, &'a Held)> {
        self.held
            .range(Key::new(push_id, 0)..=Key::new(push_id, usize::MAX))
    }

    fn delivery_keys(&self, push_id: &str) -> Vec<Key> {
        self.deliveries(push_id).map(|(k, _)| k.clone()).collect()
    }

    /// The code the PI sent in its resultnotification-response for `push_id`, if any.
    pub fn rn_response(&self, push_id: &str) -> Option<StatusCode> {
        self.rn_responses.get(push_id).copied()
    }

    /// Number of deliveries held (one per address of each held message).
    pub fn held_count(&self) -> usize {
        self.held.len()
    }

    fn document(&self, message: PapMessage) -> PapDocument {
        PapDocument {
            product_name: self.config.sender_name.clone(),
            message,
        }
    }

    fn submit(
        &mut self,
        now: Timestamp,
        push: PushMessage,
        app_id: Option<String>,
        content_type: String,
        content: Vec<u8>,
    ) -> PapMessage {
        let qos = push.quality_of_service.clone().unwrap_or_default();
        // PAP-SUBMIT-BADMSG: the DTD requires at least one address, and enumerates the
        // delivery-method and priority values; anything else is not valid PAP.
        let Some(first) = push.addresses.first().cloned() else {
            return bad_message(
                StatusCode::BAD_REQUEST,
                "push-message without address",
                None,
            );
        };
        if matches!(qos.delivery_method, Some(DeliveryMethod::Other(_)))
            || matches!(qos.priority, Some(Priority::Other(_)))
        {
            return bad_message(
                StatusCode::BAD_REQUEST,
                "quality-of-service value outside the PAP DTD",
                None,
            );
        }

        let decision = self.refusal(now, &push, &qos);
        let confirmed_possible = |address: &Address| {
            self.config.confirmed_possible
                && !self
                    .config
                    .unconfirmed_only_addresses
                    .contains(&address.address_value)
        };

        // PAP-DM-CONFIRMED / PAP-DM-UNCONFIRMED / PAP-DM-PREFERCONFIRMED (WAP-247-PAP
        // quality-of-service delivery-method), per address: notspecified and absent leave the
        // choice to the PPG (Kannel: unconfirmed, citing WAP-249 6.1.2.2).
        let method = |address: &Address| match qos.delivery_method {
            Some(DeliveryMethod::Confirmed) if !confirmed_possible(address) => {
                Err(StatusCode::DELIVERY_METHOD_NOT_POSSIBLE)
            }
            Some(DeliveryMethod::Confirmed) => Ok(true),
            Some(DeliveryMethod::Preferconfirmed)
                if !confirmed_possible(address) && self.is(PpgMutant::PreferconfirmedRefused) =>
            {
                Err(StatusCode::DELIVERY_METHOD_NOT_POSSIBLE)
            }
            Some(DeliveryMethod::Preferconfirmed) => Ok(confirmed_possible(address)),
            _ => Ok(false),
        };
        let confirmed: Result<Vec<bool>, StatusCode> = match decision {
            Some(code) => Err(code),
            None => push.addresses.iter().map(method).collect(),
        };

        let confirmed = match confirmed {
            Ok(confirmed) => confirmed,
            Err(code) => {
                // PAP-SUBMIT-REFUSE: refused, nothing kept. PAP-RN-ONCE: no notification for a
                // push that was not accepted.
                if self.is(PpgMutant::NotifiesRefusedPush)
                    && let Some(to) = push.ppg_notify_requested_to.clone()
                {
                    let rn = ResultNotificationMessage {
                        push_id: push.push_id.clone(),
                        message_state: MessageState::Undeliverable,
                        code,
                        desc: None,
                        sender_address: self.config.sender_address.clone(),
                        sender_name: self.config.sender_name.clone(),
                        received_time: Some(now),
                        event_time: Some(now),
                        address: first.clone(),
                    };
                    let doc = self.document(PapMessage::ResultnotificationMessage(rn));
                    self.outputs.push_back(PpgOutput::Pap { to, doc });
                }
                return self.push_response(now, push.push_id, code, Vec::new());
            }
        };

        // PAP-SUBMIT-ACCEPT: 1001, the message is pending (PAP-MULTI-ADDRESS: at each address).
        if self.is(PpgMutant::AcceptsDuplicatePushId) {
            // The bug overwrites what it holds; drop every old address so none survives.
            for key in self.delivery_keys(&push.push_id) {
                self.held.remove(&key);
            }
        }
        for (index, (address, confirmed)) in push.addresses.iter().zip(confirmed).enumerate() {
            let ota_id = self.allocate_ota_id();
            let held = Held {
                address: address.clone(),
                notify_to: push.ppg_notify_requested_to.clone(),
                deliver_before: push.deliver_before_timestamp,
                deliver_after: push.deliver_after_timestamp,
                confirmed,
                app_id: app_id.clone(),
                priority: qos.priority.clone(),
                content_type: content_type.clone(),
                content: content.clone(),
                received: now,
                state: MessageState::Pending,
                code: StatusCode::ACCEPTED_FOR_PROCESSING,
                event_time: None,
                phase: Phase::Queued,
                notified: false,
                ota_id,
            };
            self.held.insert(Key::new(&push.push_id, index), held);
        }

        // PAP-PROGRESS-NOTE: only when progress-notes-requested="true" (WAP-247-PAP push-message).
        // PAP-PROGRESS-STAGE: the stage is this PPG's own word for "accepted" (PAP's stage values
        // are UNVERIFIED), never a message state the push is not in.
        let requested = push.progress_notes_requested == Some(true);
        let notes = if self.config.progress_notes_supported
            && (requested || self.is(PpgMutant::UnrequestedProgressNotes))
        {
            vec![ProgressNote {
                stage: "accepted".to_owned(),
                note: Some("accepted for processing by the PPG".to_owned()),
                time: Some(now),
            }]
        } else {
            Vec::new()
        };
        self.push_response(
            now,
            push.push_id,
            StatusCode::ACCEPTED_FOR_PROCESSING,
            notes,
        )
    }

    /// Why a valid submission is refused (PAP-SUBMIT-REFUSE), if it is.
    fn refusal(
        &self,
        now: Timestamp,
        push: &PushMessage,
        qos: &QualityOfService,
    ) -> Option<StatusCode> {
        // PAP-PUSHID-DUP (WAP-247-PAP status 2007): a push-id still held is refused.
        if self.deliveries(&push.push_id).next().is_some()
            && !self.is(PpgMutant::AcceptsDuplicatePushId)
        {
            return Some(StatusCode::DUPLICATE_PUSH_ID);
        }
        // PAP-SUBMIT-REFUSE: replace-push-id / replace-method (PAP 2.0 replace) is not
        // implemented here; refused with 3001 rather than silently ignored.
        if push.replace_push_id.is_some() || push.replace_method.is_some() {
            return Some(StatusCode::NOT_IMPLEMENTED);
        }
        // PAP-MULTI-ADDRESS: several addresses where this PPG takes one only: 3005.
        if push.addresses.len() > 1 && !self.config.multiple_addresses_supported {
            return Some(StatusCode::MULTIPLE_ADDRESSES_NOT_SUPPORTED);
        }
        // PAP-SUBMIT-REFUSE: one address twice is not a push to several clients; 2002.
        for (k, a) in push.addresses.iter().enumerate() {
            if push.addresses.iter().take(k).any(|b| b == a) {
                return Some(StatusCode::ADDRESS_ERROR);
            }
        }
        // PAP-SUBMIT-REFUSE: address-value must use the WAPPUSH= form (WAP-249 addressing,
        // pap-ppg.md "Elements" [V]); 2002 address error.
        // ASCII case-insensitive: deployed PIs send `wappush=` (NowSMS's PAP example) and Kannel
        // accepts it.
        for address in &push.addresses {
            let prefix = address.address_value.get(..8);
            if !prefix.is_some_and(|p| p.eq_ignore_ascii_case("WAPPUSH=")) {
                return Some(StatusCode::ADDRESS_ERROR);
            }
        }
        // PAP-SUBMIT-REFUSE: required network / bearer not available (3009 / 3010).
        if qos.network_required == Some(true)
            && !self.config.networks.is_empty()
            && qos
                .network
                .as_ref()
                .is_none_or(|n| !self.config.networks.contains(n))
        {
            return Some(StatusCode::REQUIRED_NETWORK_NOT_AVAILABLE);
        }
        if qos.bearer_required == Some(true)
            && !self.config.bearers.is_empty()
            && qos
                .bearer
                .as_ref()
                .is_none_or(|b| !self.config.bearers.contains(b))
        {
            return Some(StatusCode::REQUIRED_BEARER_NOT_AVAILABLE);
        }
        // PAP-TS-BEFORE-PAST: deliver-before already past (a timestamp equal to now is past,
        // as in Kannel) is refused; the code is configurable (UNVERIFIED).
        if push.deliver_before_timestamp.is_some_and(|b| b <= now)
            && !self.is(PpgMutant::AcceptsPastDeliverBefore)
        {
            return Some(self.config.deliver_before_past_code);
        }
        // PAP-SUBMIT-REFUSE: capacity (see DEFAULT_MAX_HELD_MESSAGES).
        if self.held.len().saturating_add(push.addresses.len()) > self.config.max_held_messages {
            return Some(StatusCode::NOT_POSSIBLE);
        }
        None
    }

    fn push_response(
        &self,
        now: Timestamp,
        push_id: String,
        code: StatusCode,
        progress_notes: Vec<ProgressNote>,
    ) -> PapMessage {
        PapMessage::PushResponse(PushResponse {
            push_id,
            sender_address: self.config.sender_address.clone(),
            sender_name: self.config.sender_name.clone(),
            reply_time: Some(now),
            progress_notes,
            result: ResponseResult { code, desc: None },
        })
    }

    fn allocate_ota_id(&mut self) -> OtaId {
        let id = OtaId(self.next_ota_id);
        // Wrapping is harmless: ids are compared only among held messages, far fewer than 2^64.
        self.next_ota_id = self.next_ota_id.wrapping_add(1);
        id
    }

    fn cancel(&mut self, now: Timestamp, cancel: CancelMessage) -> PapMessage {
        let keys = self.delivery_keys(&cancel.push_id);
        if !self.config.cancel_supported || keys.is_empty() {
            let code = if !self.config.cancel_supported {
                // Cancel not implemented: 3001, nothing changes.
                StatusCode::NOT_IMPLEMENTED
            } else if self.is(PpgMutant::CancelUnknownAnswers2008) {
                StatusCode::CANCELLATION_NOT_POSSIBLE
            } else {
                // PAP-CANCEL-UNKNOWN: 2004.
                StatusCode::PUSH_ID_NOT_FOUND
            };
            return PapMessage::CancelResponse(CancelResponse {
                push_id: cancel.push_id,
                results: vec![CancelResult {
                    code,
                    desc: None,
                    addresses: cancel.addresses,
                }],
            });
        }
        let several = keys.len() > 1;
        let mut results = Vec::new();
        for key in keys {
            let Some(held) = self.held.get(&key) else {
                continue;
            };
            let address = held.address.clone();
            let code = match &held.phase {
                // PAP-CANCEL-PENDING: pending -> cancelled, 1000.
                Phase::Queued => StatusCode::OK,
                Phase::AwaitingAck { .. } if self.config.cancel_in_flight => StatusCode::OK,
                // PAP-CANCEL-NOT-PENDING: 2008 (and an in-flight push we cannot recall).
                Phase::AwaitingAck { .. } => StatusCode::CANCELLATION_NOT_POSSIBLE,
                Phase::Done { .. } if self.is(PpgMutant::CancelNotPendingAnswersOk) => {
                    StatusCode::OK
                }
                Phase::Done { .. } => StatusCode::CANCELLATION_NOT_POSSIBLE,
            };
            let pending = held.state == MessageState::Pending;
            if code == StatusCode::OK && pending {
                if self.is(PpgMutant::DeliversAfterCancel) {
                    // The bug: state and notification updated, delivery timer left armed.
                    self.set_final(now, &key, MessageState::Cancelled, StatusCode::OK);
                } else {
                    self.finish(now, &key, MessageState::Cancelled, StatusCode::OK);
                }
            }
            // PAP-MULTI-ADDRESS: one cancel-result per address, naming it, when there are
            // several; otherwise the addresses the request named, as before.
            results.push(CancelResult {
                code,
                desc: None,
                addresses: if several {
                    vec![address]
                } else {
                    cancel.addresses.clone()
                },
            });
        }
        PapMessage::CancelResponse(CancelResponse {
            push_id: cancel.push_id,
            results,
        })
    }

    fn status_query(&self, query: StatusQueryMessage) -> PapMessage {
        // PAP-STATUS-QUERY: the current state; unknown push-id -> 2004, state unknown.
        let unknown = |code| StatusQueryResult {
            message_state: MessageState::Unknown,
            code,
            desc: None,
            event_time: None,
            addresses: query.addresses.clone(),
        };
        let deliveries: Vec<&Held> = self.deliveries(&query.push_id).map(|(_, h)| h).collect();
        let several = deliveries.len() > 1;
        let results = if !self.config.status_query_supported {
            // Status query not implemented: 3001, state unknown.
            vec![unknown(StatusCode::NOT_IMPLEMENTED)]
        } else if deliveries.is_empty() {
            vec![unknown(StatusCode::PUSH_ID_NOT_FOUND)]
        } else {
            deliveries
                .into_iter()
                .map(|held| {
                    let addresses = if several {
                        vec![held.address.clone()]
                    } else {
                        query.addresses.clone()
                    };
                    if self.is(PpgMutant::StatusQueryStale) {
                        return StatusQueryResult {
                            message_state: MessageState::Pending,
                            code: StatusCode::ACCEPTED_FOR_PROCESSING,
                            desc: None,
                            event_time: None,
                            addresses,
                        };
                    }
                    StatusQueryResult {
                        message_state: held.state.clone(),
                        code: match self.config.status_query_code {
                            StatusQueryCode::State => held.code,
                            StatusQueryCode::Ok => StatusCode::OK,
                        },
                        desc: None,
                        event_time: held.event_time,
                        addresses,
                    }
                })
                .collect()
        };
        PapMessage::StatusqueryResponse(StatusQueryResponse {
            push_id: query.push_id,
            results,
        })
    }

    fn ccq(&self, ccq: CcqMessage) -> PapMessage {
        // PAP-CCQ: 3004 where capability matching is not supported. This PPG keeps no client
        // capabilities, so where matching is supported the answer is 1000 with no capabilities.
        let code = if self.config.capability_matching {
            StatusCode::OK
        } else {
            StatusCode::CAPABILITY_MATCHING_NOT_SUPPORTED
        };
        PapMessage::CcqResponse(CcqResponse {
            query_id: ccq.query_id,
            code,
            desc: None,
            address: ccq.address,
        })
    }

    /// Runs every timer that is due at `now`, in push-id order.
    fn advance(&mut self, now: Timestamp) {
        let push_ids: Vec<Key> = self.held.keys().cloned().collect();
        for push_id in push_ids {
            let Some(held) = self.held.get(&push_id) else {
                continue;
            };
            match held.phase.clone() {
                Phase::Queued => {
                    let expired = held.deliver_before.is_some_and(|b| now >= b)
                        && !self.is(PpgMutant::DeliversAfterExpiry);
                    let held_back = held.deliver_after.is_some_and(|a| now < a)
                        && !self.is(PpgMutant::IgnoresDeliverAfter);
                    if held.state != MessageState::Pending {
                        // Only under delivers-after-cancel: the stale timer still fires.
                        if !held_back {
                            self.transmit(now, &push_id);
                        }
                    } else if expired {
                        // PAP-TS-BEFORE-EXPIRE: not delivered by deliver-before -> expired.
                        // Code: 4000 service failure, a pushwake choice (UNVERIFIED).
                        self.finish(
                            now,
                            &push_id,
                            MessageState::Expired,
                            self.config.failure_code,
                        );
                    } else if !held_back {
                        // PAP-TS-AFTER-HOLD: held until deliver-after.
                        self.transmit(now, &push_id);
                    }
                }
                Phase::AwaitingAck {
                    ota_id,
                    deadline,
                    retransmissions,
                } => {
                    // PAP-TS-BEFORE-EXPIRE, where configured (see `expire_in_flight`): not
                    // acknowledged by deliver-before -> expired.
                    if self.config.expire_in_flight && held.deliver_before.is_some_and(|b| now >= b)
                    {
                        self.finish(
                            now,
                            &push_id,
                            MessageState::Expired,
                            self.config.failure_code,
                        );
                        continue;
                    }
                    if now < deadline || self.is(PpgMutant::NeverTimesOutConfirmed) {
                        continue;
                    }
                    // A retransmission is not sent once deliver-before has passed
                    // (PAP-TS-BEFORE-EXPIRE: nothing goes over the air after expiry).
                    let may_resend = retransmissions < self.config.max_retransmissions
                        && held.deliver_before.is_none_or(|b| now < b);
                    if may_resend {
                        let push = self.ota_push(&push_id, held, ota_id);
                        self.outputs.push_back(PpgOutput::Ota(push));
                        if let Some(held) = self.held.get_mut(&push_id) {
                            held.phase = Phase::AwaitingAck {
                                ota_id,
                                deadline: Timestamp(
                                    now.0.saturating_add(self.config.ack_timeout_secs),
                                ),
                                retransmissions: retransmissions.saturating_add(1),
                            };
                        }
                    } else {
                        // PAP-DM-CONFIRMED-TIMEOUT: no acknowledgement in time -> timeout.
                        // Code: 4000 service failure, a pushwake choice (UNVERIFIED).
                        self.finish(
                            now,
                            &push_id,
                            MessageState::Timeout,
                            self.config.failure_code,
                        );
                    }
                }
                Phase::Done { forget_at } => {
                    if now >= forget_at {
                        self.held.remove(&push_id);
                        if self.deliveries(&push_id.push_id).next().is_none() {
                            self.rn_responses.remove(&push_id.push_id);
                        }
                    }
                }
            }
        }
    }

    fn ota_push(&self, key: &Key, held: &Held, ota_id: OtaId) -> OtaPush {
        OtaPush {
            ota_id,
            address: held.address.clone(),
            push_id: key.push_id.clone(),
            confirmed: held.confirmed,
            app_id: held.app_id.clone(),
            priority: held.priority.clone(),
            content_type: held.content_type.clone(),
            content: held.content.clone(),
        }
    }

    /// Hands a queued message to the bearer.
    fn transmit(&mut self, now: Timestamp, push_id: &Key) {
        let Some(held) = self.held.get(push_id) else {
            return;
        };
        if held.state != MessageState::Pending {
            // delivers-after-cancel: the push goes out although the message is final.
            let push = self.ota_push(push_id, held, held.ota_id);
            self.outputs.push_back(PpgOutput::Ota(push));
            let forget_at = Timestamp(now.0.saturating_add(self.config.retention_secs));
            if let Some(held) = self.held.get_mut(push_id) {
                held.phase = Phase::Done { forget_at };
            }
            return;
        }
        if !self.config.bearer_available {
            // WAP-249 / pap-ppg.md "otherwise undeliverable": the bearer cannot take it.
            self.finish(
                now,
                push_id,
                MessageState::Undeliverable,
                self.config.failure_code,
            );
            return;
        }
        let push = self.ota_push(push_id, held, held.ota_id);
        let confirmed = held.confirmed;
        let ota_id = held.ota_id;
        self.outputs.push_back(PpgOutput::Ota(push));
        if confirmed && !self.is(PpgMutant::ConfirmedWithoutAck) {
            // PAP-DM-CONFIRMED: wait for the acknowledgement.
            let deadline = Timestamp(now.0.saturating_add(self.config.ack_timeout_secs));
            if let Some(held) = self.held.get_mut(push_id) {
                held.phase = Phase::AwaitingAck {
                    ota_id,
                    deadline,
                    retransmissions: 0,
                };
            }
        } else {
            // PAP-DM-UNCONFIRMED: handed to the bearer -> delivered.
            self.finish(now, push_id, MessageState::Delivered, StatusCode::OK);
        }
    }

    /// Moves a message to a final state, arms its retention timer and sends the result
    /// notification if one was requested.
    fn finish(&mut self, now: Timestamp, push_id: &Key, state: MessageState, code: StatusCode) {
        self.set_final(now, push_id, state, code);
        let forget_at = Timestamp(now.0.saturating_add(self.config.retention_secs));
        if let Some(held) = self.held.get_mut(push_id) {
            held.phase = Phase::Done { forget_at };
        }
    }

    /// Sets the final state and notifies; leaves the phase alone.
    fn set_final(&mut self, now: Timestamp, push_id: &Key, state: MessageState, code: StatusCode) {
        let Some(held) = self.held.get_mut(push_id) else {
            return;
        };
        // PAP-FINAL-STABLE: a final state never changes.
        if held.state != MessageState::Pending {
            return;
        }
        held.state = state;
        held.code = code;
        held.event_time = Some(now);
        // PAP-RN-ONCE: only if requested, once, carrying the final state.
        let Some(to) = held.notify_to.clone() else {
            return;
        };
        if self.mutant == Some(PpgMutant::NeverNotifies) {
            // The bug: the notification is never sent (PAP-LIVE-RN).
            return;
        }
        if held.notified {
            return;
        }
        held.notified = true;
        let message_state = if self.mutant == Some(PpgMutant::WrongStateInNotification) {
            MessageState::Delivered
        } else {
            held.state.clone()
        };
        let rn = ResultNotificationMessage {
            push_id: push_id.push_id.clone(),
            message_state,
            code: held.code,
            desc: None,
            sender_address: self.config.sender_address.clone(),
            sender_name: self.config.sender_name.clone(),
            received_time: Some(held.received),
            event_time: held.event_time,
            address: held.address.clone(),
        };
        let doc = self.document(PapMessage::ResultnotificationMessage(rn));
        let copies = if self.is(PpgMutant::NotifiesTwice) {
            2
        } else {
            1
        };
        for _ in 0..copies {
            self.outputs.push_back(PpgOutput::Pap {
                to: to.clone(),
                doc: doc.clone(),
            });
        }
    }
}

fn bad_message(code: StatusCode, desc: &str, fragment: Option<String>) -> PapMessage {
    PapMessage::BadmessageResponse(BadMessageResponse {
        code,
        desc: Some(desc.to_owned()),
        bad_message_fragment: fragment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_deserializes_with_defaults_for_missing_fields() {
        let config: PpgConfig =
            serde_json::from_str(r#"{"confirmed_possible": false, "max_retransmissions": 2}"#)
                .expect("valid config");
        assert_eq!(
            config,
            PpgConfig {
                confirmed_possible: false,
                max_retransmissions: 2,
                ..PpgConfig::default()
            }
        );
    }

    #[test]
    fn config_rejects_unknown_fields() {
        let err =
            serde_json::from_str::<PpgConfig>(r#"{"confirmed": true}"#).expect_err("unknown field");
        assert!(
            err.to_string().contains("unknown field `confirmed`"),
            "{err}"
        );
    }

    const CLIENT: &str = "WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com";

    fn submission(push_id: &str, method: DeliveryMethod, before: Option<i64>) -> PushSubmission {
        PushSubmission {
            app_id: None,
            control: PapDocument {
                product_name: None,
                message: PapMessage::PushMessage(PushMessage {
                    push_id: push_id.to_owned(),
                    deliver_before_timestamp: before.map(Timestamp),
                    deliver_after_timestamp: None,
                    source_reference: None,
                    ppg_notify_requested_to: Some("http://pi.example.com/rn".to_owned()),
                    progress_notes_requested: None,
                    replace_push_id: None,
                    replace_method: None,
                    addresses: vec![Address {
                        address_value: CLIENT.to_owned(),
                    }],
                    quality_of_service: Some(QualityOfService {
                        delivery_method: Some(method),
                        ..QualityOfService::default()
                    }),
                }),
            },
            content_type: "text/plain".to_owned(),
            content: b"x".to_vec(),
            capabilities: None,
        }
    }

    fn code(doc: &PapDocument) -> StatusCode {
        match &doc.message {
            PapMessage::PushResponse(r) => r.result.code,
            PapMessage::CancelResponse(r) => r.results[0].code,
            PapMessage::StatusqueryResponse(r) => r.results[0].code,
            other => panic!("{other:?}"),
        }
    }

    fn query(push_id: &str) -> PapDocument {
        PapDocument {
            product_name: None,
            message: PapMessage::StatusqueryMessage(StatusQueryMessage {
                push_id: push_id.to_owned(),
                addresses: Vec::new(),
            }),
        }
    }

    #[test]
    fn expires_a_confirmed_push_in_flight_when_configured() {
        for (expire_in_flight, state) in [
            (true, MessageState::Expired),
            (false, MessageState::Pending),
        ] {
            let mut ppg = Ppg::new(PpgConfig {
                expire_in_flight,
                ..PpgConfig::default()
            });
            let doc = ppg.handle_submission(
                Timestamp(0),
                submission("p", DeliveryMethod::Confirmed, Some(30)),
            );
            assert_eq!(code(&doc), StatusCode::ACCEPTED_FOR_PROCESSING);
            assert!(matches!(ppg.poll_transmit(), Some(PpgOutput::Ota(_))));
            assert_eq!(
                ppg.poll_timeout(),
                Some(Timestamp(if expire_in_flight { 30 } else { 60 }))
            );
            ppg.handle_timeout(Timestamp(30));
            assert_eq!(ppg.message_state("p"), Some(&state));
        }
    }

    #[test]
    fn status_query_code_is_configurable() {
        for (choice, expected) in [
            (StatusQueryCode::State, StatusCode::ACCEPTED_FOR_PROCESSING),
            (StatusQueryCode::Ok, StatusCode::OK),
        ] {
            let mut ppg = Ppg::new(PpgConfig {
                status_query_code: choice,
                bearer_available: true,
                ..PpgConfig::default()
            });
            let sub = submission("p", DeliveryMethod::Confirmed, None);
            ppg.handle_submission(Timestamp(0), sub);
            assert_eq!(code(&ppg.handle_pap(Timestamp(1), query("p"))), expected);
        }
    }

    #[test]
    fn unimplemented_cancel_and_status_query_answer_3001() {
        let mut ppg = Ppg::new(PpgConfig {
            cancel_supported: false,
            status_query_supported: false,
            ..PpgConfig::default()
        });
        ppg.handle_submission(
            Timestamp(0),
            submission("p", DeliveryMethod::Confirmed, None),
        );
        let cancel = PapDocument {
            product_name: None,
            message: PapMessage::CancelMessage(CancelMessage {
                push_id: "p".to_owned(),
                addresses: Vec::new(),
            }),
        };
        assert_eq!(
            code(&ppg.handle_pap(Timestamp(1), cancel)),
            StatusCode::NOT_IMPLEMENTED
        );
        assert_eq!(ppg.message_state("p"), Some(&MessageState::Pending));
        assert_eq!(
            code(&ppg.handle_pap(Timestamp(1), query("p"))),
            StatusCode::NOT_IMPLEMENTED
        );
    }

    #[test]
    fn confirmed_delivery_impossible_to_listed_addresses_only() {
        let mut ppg = Ppg::new(PpgConfig {
            unconfirmed_only_addresses: vec![CLIENT.to_owned()],
            ..PpgConfig::default()
        });
        let doc = ppg.handle_submission(
            Timestamp(0),
            submission("c", DeliveryMethod::Confirmed, None),
        );
        assert_eq!(code(&doc), StatusCode::DELIVERY_METHOD_NOT_POSSIBLE);
        let doc = ppg.handle_submission(
            Timestamp(0),
            submission("p", DeliveryMethod::Preferconfirmed, None),
        );
        assert_eq!(code(&doc), StatusCode::ACCEPTED_FOR_PROCESSING);
        match ppg.poll_transmit() {
            Some(PpgOutput::Ota(push)) => assert!(!push.confirmed),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn failure_code_is_carried_with_undeliverable() {
        let mut ppg = Ppg::new(PpgConfig {
            failure_code: StatusCode::NOT_POSSIBLE,
            bearer_available: false,
            ..PpgConfig::default()
        });
        ppg.handle_submission(
            Timestamp(0),
            submission("p", DeliveryMethod::Unconfirmed, None),
        );
        assert_eq!(ppg.message_state("p"), Some(&MessageState::Undeliverable));
        assert_eq!(
            code(&ppg.handle_pap(Timestamp(1), query("p"))),
            StatusCode::NOT_POSSIBLE
        );
    }
}
