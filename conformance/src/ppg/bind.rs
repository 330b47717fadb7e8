//! The wire binding of the PPG model ([`pushwake_model::ppg`]): PAP 2.0 towards the Push
//! Initiator (WAP-247-PAP, written and read by `pushwake_codecs::pap`), a JSON text rendering of
//! the abstract Push OTA messages of [`crate::ppg::reference::ota`] towards the clients, and the clock.
//!
//! # Naming (fixed by this binding, documented so a lab can read a vector)
//! - Push template `i` is push-id `"pushwake-{i}"` ([`push_id`]). A wire adapter for a real PPG
//!   that keeps push-ids across runs prefixes them per vector; the in-process adapters do not need
//!   to, since every vector starts a fresh PPG.
//! - Client `c` is `WAPPUSH=+1555000{c:04}/TYPE=PLMN@ppg.pushwake.test` ([`address`]), the
//!   WAP-249 `WAPPUSH=` address form (specs/pap-ppg.md "Elements" [V]).
//! - Tick `t` of the clock is [`BASE`] + `t` * [`TICK_SECS`]; the tick after the horizon ("beyond
//!   every deadline", see the model's module doc on time) is [`BASE`] + [`BEYOND_SECS`], later
//!   than any deadline a configuration can express. Deadlines in push templates
//!   (deliver-before / deliver-after, absolute ticks) are always [`BASE`] + `t` * [`TICK_SECS`].
//! - `ppg-notify-requested-to` is [`NOTIFY_TO`]; a client capabilities query for client `c` has
//!   query-id `"pushwake-ccq-{c}"`.
//! - Application `a` of a push template is `X-Wap-Application-Id: http://apps.pushwake.test/{a}`
//!   ([`app_id`], an absolute URI as WAP-235 allows for application ids [I]) on the submission's
//!   content entity and in the over-the-air push; a template without an application sends none.
//! - A push to several clients has one `address` element per client, in increasing client order;
//!   each result notification names the one address it is about (PAP-RN-ADDRESS).
//! - A progress note's `stage` is the message-state name the model's [`Stage::State`] names, and
//!   `"accepted"` for [`Stage::Other`].
//!
//! # Wire forms ([`Wire::kind`])
//! - `pap-multipart`: a push submission (`multipart/related`, boundary [`BOUNDARY`], content
//!   [`CONTENT_TYPE`]); `content_type` holds the HTTP header value, `text` the body.
//! - `pap-xml`: every other PAP document, as `pap::write` writes it; a bad document
//!   ([`BadDocument`]) is a `pap-xml` text that does not parse: not well formed
//!   ([`BadDocument::Malformed`]) or naming a PAP version in its DOCTYPE that no PAP parser here
//!   supports ([`BadDocument::UnsupportedVersion`], public id [`UNSUPPORTED_VERSION_PUBLIC_ID`]).
//! - `ota-push` / `ota-uplink`: JSON of [`OtaPushText`] / [`OtaUplinkText`] (the fields of the
//!   abstract OTA messages; the push-id and address ride along for correlation, as in
//!   [`OtaPush::push_id`]). The binding renders ota-id `i + 1` for push `i`; an IUT picks its own
//!   and the adapters report the one it used.
//! - `time`: the PAP timestamp (`YYYY-MM-DDThh:mm:ssZ`) the clock advances to.
//!
//! PPG answers are rendered as the reference PPG writes them (its default `product-name`,
//! `sender-address` and `sender-name`, `reply-time` / `event-time` at the current tick); times the
//! binding cannot know from the model state (the `received-time` of a notification, the
//! `event-time` of a status-query result) are left out. They are informative: the adapters judge
//! by the mapped action, never by comparing texts.
//!
//! # The way back
//! [`PpgBinding::decode`] reads any of these wire forms into a model [`Action`];
//! [`PpgBinding::action_from_pap`], [`PpgBinding::action_from_submission`],
//! [`PpgBinding::action_from_ota_push`] and [`PpgBinding::action_from_uplink`] map typed
//! messages. Anything that names no action of the configured model (a push-id or address outside
//! the naming above, a timestamp between ticks, a message state outside PAP 2.0, a PAP feature the
//! model leaves out) is [`AdapterError::Unmappable`].

use crate::adapter::AdapterError;
use crate::binding::Binding;
use crate::ppg::reference::ota::{AbortReason, OtaId, OtaPush, OtaUplink};
use crate::vector::Wire;
use pushwake_codecs::error::ErrorKind;
use pushwake_codecs::hex;
use pushwake_codecs::pap::{
    self, Address, BadMessageResponse, CancelMessage, CancelResponse, CancelResult, CcqMessage,
    CcqResponse, DeliveryMethod, MessageState, PapDocument, PapMessage, Priority, ProgressNote,
    PushMessage, PushResponse, PushSubmission, QualityOfService, ResponseResult,
    ResultNotificationMessage, ResultNotificationResponse, StatusCode, StatusQueryMessage,
    StatusQueryResponse, StatusQueryResult, Timestamp, multipart,
};
use pushwake_model::ppg::{
    Action, BadDocument, ClientSet, Method, MsgState, PpgModel, Reply, Stage, State, Tick,
};
use pushwake_model::{Direction, LabelledModel};
use serde::{Deserialize, Serialize};

/// Tick 0 of the clock: 2026-01-01T00:00:00Z (a fixed date, so vectors are byte-identical).
pub const BASE: Timestamp = Timestamp(1_767_225_600);
/// Seconds per tick. A minute keeps every timestamp readable and far above any HTTP round trip.
pub const TICK_SECS: i64 = 60;
/// Seconds from [`BASE`] to the clock's "beyond every deadline" tick: one week. The largest
/// deadline a configuration can express is (255 + 255) ticks (a template tick plus the
/// confirmation timeout, both `u8`), 8.5 hours, far below it.
pub const BEYOND_SECS: i64 = 7 * 86_400;
/// `ppg-notify-requested-to` of every push that asks for a result notification.
pub const NOTIFY_TO: &str = "http://pi.pushwake.test/rn";
/// Push-ids are this prefix and the template index in decimal.
pub const PUSH_ID_PREFIX: &str = "pushwake-";
/// Client addresses are this prefix, the client index in four decimal digits, and
/// [`ADDRESS_SUFFIX`].
pub const ADDRESS_PREFIX: &str = "WAPPUSH=+1555000";
/// See [`ADDRESS_PREFIX`].
pub const ADDRESS_SUFFIX: &str = "/TYPE=PLMN@ppg.pushwake.test";
/// Application ids are this prefix and the application index in decimal.
pub const APP_ID_PREFIX: &str = "http://apps.pushwake.test/";
/// The `stage` of a progress note that names no message state ([`Stage::Other`]).
pub const OTHER_STAGE: &str = "accepted";
/// Query-ids of client capabilities queries are this prefix and the client index.
pub const CCQ_ID_PREFIX: &str = "pushwake-ccq-";
/// The multipart boundary of every submission (RFC 2046 5.1.1 `bchars`; occurs in no part).
pub const BOUNDARY: &str = "pushwake-boundary-3f1c9a";
/// The media type of every push's content.
pub const CONTENT_TYPE: &str = "text/plain";
/// `product-name` of the PI's documents.
pub const PI_PRODUCT_NAME: &str = "pushwake PI";
/// The DOCTYPE public id of an [`BadDocument::UnsupportedVersion`] document: shaped like the
/// WAPFORUM PAP ids (specs/pap-ppg.md "Documents" [V]) with a version that does not exist.
pub const UNSUPPORTED_VERSION_PUBLIC_ID: &str = "-//WAPFORUM//DTD PAP 9.9//EN";
/// What every WAPFORUM PAP public id starts with; a DOCTYPE error on an id with this prefix is an
/// unsupported version, any other is a malformed document.
pub const PAP_PUBLIC_ID_PREFIX: &str = "-//WAPFORUM//DTD PAP ";
/// Cap on the JSON text of an OTA message read by [`PpgBinding::decode`]: the content is carried
/// in hex, so twice the PAP document cap bounds any push a PPG accepted.
pub const MAX_OTA_TEXT_BYTES: usize = 2 * pap::MAX_DOCUMENT_BYTES + 4096;

/// The wire kinds of this binding.
pub mod kind {
    /// A PAP document (`application/xml`).
    pub const PAP_XML: &str = "pap-xml";
    /// A push submission (`multipart/related`).
    pub const PAP_MULTIPART: &str = "pap-multipart";
    /// An over-the-air push, JSON of [`super::OtaPushText`].
    pub const OTA_PUSH: &str = "ota-push";
    /// A client's answer over the air, JSON of [`super::OtaUplinkText`].
    pub const OTA_UPLINK: &str = "ota-uplink";
    /// A clock advance: the PAP timestamp the clock moves to.
    pub const TIME: &str = "time";
}

/// An over-the-air push as JSON text (`ota-push`): the fields of [`OtaPush`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtaPushText {
    /// [`OtaPush::ota_id`].
    pub ota_id: u64,
    /// [`OtaPush::push_id`] (correlation only; not sent over the air by WAP-235).
    pub push_id: String,
    /// The client's `address-value`.
    pub address: String,
    /// Confirmed push (SIPPUSH-REQ8) or not (SIPPUSH-REQ7).
    pub confirmed: bool,
    /// `X-Wap-Application-Id` (SIPPUSH-REQ9).
    pub app_id: Option<String>,
    /// PAP priority as written in PAP (SIPPUSH-REQ15).
    pub priority: Option<String>,
    /// Content media type.
    pub content_type: String,
    /// Content bytes, lowercase hex.
    pub content_hex: String,
}

/// A client's answer over the air as JSON text (`ota-uplink`): the fields of [`OtaUplink`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtaUplinkText {
    /// The ota-id of the push answered.
    pub ota_id: u64,
    /// The push-id of the push answered (correlation only).
    pub push_id: String,
    /// The answering client's address (correlation only).
    pub address: String,
    /// `"ack"` or `"abort"`.
    pub reply: String,
    /// The WSP abort reason of an abort (WAP-230 Table 35).
    pub abort_reason: Option<u8>,
}

impl OtaPushText {
    /// The text form of a typed push.
    pub fn from_push(push: &OtaPush) -> Self {
        Self {
            ota_id: push.ota_id.0,
            push_id: push.push_id.clone(),
            address: push.address.address_value.clone(),
            confirmed: push.confirmed,
            app_id: push.app_id.clone(),
            priority: push.priority.as_ref().map(|p| p.as_wire().to_owned()),
            content_type: push.content_type.clone(),
            content_hex: hex::encode_lower(&push.content),
        }
    }

    /// The typed push, or `None` when `content_hex` is not hex.
    pub fn to_push(&self) -> Option<OtaPush> {
        Some(OtaPush {
            ota_id: OtaId(self.ota_id),
            address: Address {
                address_value: self.address.clone(),
            },
            push_id: self.push_id.clone(),
            confirmed: self.confirmed,
            app_id: self.app_id.clone(),
            priority: self
                .priority
                .as_deref()
                .map(|p| Priority::from_wire(p).unwrap_or(Priority::Other(p.to_owned()))),
            content_type: self.content_type.clone(),
            content: hex::decode(&self.content_hex).ok()?,
        })
    }
}

/// The binding of [`PpgModel`]. Stateless: everything it needs is in the model's configuration.
#[derive(Clone, Copy, Debug, Default)]
pub struct PpgBinding;

/// The push-id of template `push`.
pub fn push_id(push: u8) -> String {
    format!("{PUSH_ID_PREFIX}{push}")
}

/// The `address-value` of client `client`.
pub fn address(client: u8) -> String {
    format!("{ADDRESS_PREFIX}{client:04}{ADDRESS_SUFFIX}")
}

/// The `X-Wap-Application-Id` of application `app`.
pub fn app_id(app: u8) -> String {
    format!("{APP_ID_PREFIX}{app}")
}

/// The `stage` text of a progress note at `stage`.
pub fn stage_text(stage: Stage) -> String {
    match stage {
        Stage::State(st) => MessageState::from(st).as_wire().to_owned(),
        Stage::Other => OTHER_STAGE.to_owned(),
    }
}

/// The model stage a progress note's `stage` text stands for.
pub fn stage_of(text: &str) -> Stage {
    MessageState::from_wire(text)
        .and_then(|s| MsgState::try_from(&s).ok())
        .map_or(Stage::Other, Stage::State)
}

/// The query-id of a client capabilities query for `client`.
pub fn ccq_id(client: u8) -> String {
    format!("{CCQ_ID_PREFIX}{client}")
}

/// The timestamp of a deadline at absolute tick `tick` (deliver-before, deliver-after).
pub fn deadline_time(tick: Tick) -> Timestamp {
    Timestamp(BASE.0 + i64::from(tick) * TICK_SECS)
}

/// The timestamp the clock shows at tick `now`: [`deadline_time`] up to the horizon, and
/// [`BASE`] + [`BEYOND_SECS`] after it.
pub fn clock_time(model: &PpgModel, now: Tick) -> Timestamp {
    if now > model.config.horizon {
        beyond_time()
    } else {
        deadline_time(now)
    }
}

/// The timestamp of "beyond every deadline".
pub const fn beyond_time() -> Timestamp {
    Timestamp(BASE.0 + BEYOND_SECS)
}

/// The WSP abort reason whose PAP status (Kannel's `5000 + (reason - 0xD0)`, see
/// [`AbortReason::pap_status`]) is `code`; `None` for a code no reason maps to.
pub fn abort_reason_for(code: StatusCode) -> Option<AbortReason> {
    let offset = code.0.checked_sub(StatusCode::CLIENT_ABORTED.0)?;
    let reason = 0xD0u16.checked_add(offset)?;
    u8::try_from(reason).ok().map(AbortReason)
}

fn unmappable(reason: impl Into<String>, wire: Option<&Wire>) -> AdapterError {
    AdapterError::Unmappable {
        reason: reason.into(),
        wire: wire.cloned(),
    }
}

/// `s` as the decimal `n` it was written from (no sign, no leading zeros), or `None`.
fn canonical_index(s: &str) -> Option<u8> {
    let n: u8 = s.parse().ok()?;
    (n.to_string() == s).then_some(n)
}

impl PpgBinding {
    /// The template index of `id`, if it names a push of `model`.
    pub fn push_index(&self, model: &PpgModel, id: &str) -> Result<u8, AdapterError> {
        id.strip_prefix(PUSH_ID_PREFIX)
            .and_then(canonical_index)
            .filter(|&i| usize::from(i) < model.config.pushes.len())
            .ok_or_else(|| unmappable(format!("push-id {id:?} names no push of the model"), None))
    }

    /// The client index of `addr`, if it names a client of `model`.
    pub fn client_index(&self, model: &PpgModel, addr: &str) -> Result<u8, AdapterError> {
        addr.strip_prefix(ADDRESS_PREFIX)
            .and_then(|rest| rest.strip_suffix(ADDRESS_SUFFIX))
            .filter(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u8>().ok())
            .filter(|&c| usize::from(c) < model.config.clients.len())
            .ok_or_else(|| {
                unmappable(
                    format!("address {addr:?} names no client of the model"),
                    None,
                )
            })
    }

    /// The application index of an `X-Wap-Application-Id` (`None` for none).
    pub fn app_index(&self, id: Option<&str>) -> Result<Option<u8>, AdapterError> {
        id.map(|id| {
            id.strip_prefix(APP_ID_PREFIX)
                .and_then(canonical_index)
                .ok_or_else(|| {
                    unmappable(
                        format!("application id {id:?} names no application of the model"),
                        None,
                    )
                })
        })
        .transpose()
    }

    /// The absolute tick of a deadline timestamp.
    pub fn deadline_tick(&self, ts: Timestamp) -> Result<Tick, AdapterError> {
        let secs = ts.0.checked_sub(BASE.0);
        secs.filter(|s| s % TICK_SECS == 0)
            .and_then(|s| Tick::try_from(s / TICK_SECS).ok())
            .ok_or_else(|| unmappable(format!("timestamp {ts} is not on a tick"), None))
    }

    /// The clock tick a timestamp stands for (the inverse of [`clock_time`]).
    pub fn clock_tick(&self, model: &PpgModel, ts: Timestamp) -> Result<Tick, AdapterError> {
        if ts == beyond_time() {
            return Ok(model.beyond());
        }
        let tick = self.deadline_tick(ts)?;
        if tick <= model.config.horizon {
            Ok(tick)
        } else {
            Err(unmappable(format!("timestamp {ts} is no clock tick"), None))
        }
    }

    // ---------------------------------------------------------------------------------------
    // Actions -> typed messages and wire forms.

    /// The PAP document of a PI request or a PPG answer; `now` is the clock tick it is sent at.
    /// `None` for actions that are not PAP documents.
    pub fn pap_document(
        &self,
        model: &PpgModel,
        now: Tick,
        action: &Action,
    ) -> Option<PapDocument> {
        let ppg = crate::ppg::reference::ppg::PpgConfig::default();
        let pi = |message| PapDocument {
            product_name: Some(PI_PRODUCT_NAME.to_owned()),
            message,
        };
        let from_ppg = |message| PapDocument {
            product_name: ppg.sender_name.clone(),
            message,
        };
        let at = Some(clock_time(model, now));
        Some(match *action {
            Action::Cancel { push } => pi(PapMessage::CancelMessage(CancelMessage {
                push_id: push_id(push),
                addresses: Vec::new(),
            })),
            Action::StatusQuery { push } => {
                pi(PapMessage::StatusqueryMessage(StatusQueryMessage {
                    push_id: push_id(push),
                    addresses: Vec::new(),
                }))
            }
            Action::Ccq { client } => pi(PapMessage::CcqMessage(CcqMessage {
                query_id: ccq_id(client),
                app_id: None,
                address: Address {
                    address_value: address(client),
                },
            })),
            Action::ResultNotificationResponse { push, code } => pi(
                PapMessage::ResultnotificationResponse(ResultNotificationResponse {
                    push_id: push_id(push),
                    code,
                    desc: None,
                    address: None,
                }),
            ),
            Action::PushResponse {
                push,
                code,
                progress_note,
            } => from_ppg(PapMessage::PushResponse(PushResponse {
                push_id: push_id(push),
                sender_address: ppg.sender_address.clone(),
                sender_name: ppg.sender_name.clone(),
                reply_time: at,
                progress_notes: progress_note
                    .map(|stage| ProgressNote {
                        stage: stage_text(stage),
                        note: Some("accepted for processing by the PPG".to_owned()),
                        time: at,
                    })
                    .into_iter()
                    .collect(),
                result: ResponseResult { code, desc: None },
            })),
            Action::BadMessageResponse { code } => {
                from_ppg(PapMessage::BadmessageResponse(BadMessageResponse {
                    code,
                    desc: Some(
                        if code == StatusCode::VERSION_NOT_SUPPORTED {
                            "PAP version not supported"
                        } else {
                            "malformed PAP document"
                        }
                        .to_owned(),
                    ),
                    bad_message_fragment: None,
                }))
            }
            Action::CancelResponse { push, code } => {
                from_ppg(PapMessage::CancelResponse(CancelResponse {
                    push_id: push_id(push),
                    results: vec![CancelResult {
                        code,
                        desc: None,
                        addresses: Vec::new(),
                    }],
                }))
            }
            Action::StatusQueryResponse { push, state, code } => {
                from_ppg(PapMessage::StatusqueryResponse(StatusQueryResponse {
                    push_id: push_id(push),
                    results: vec![StatusQueryResult {
                        message_state: state.into(),
                        code,
                        desc: None,
                        event_time: None,
                        addresses: Vec::new(),
                    }],
                }))
            }
            Action::CcqResponse { client, code } => {
                from_ppg(PapMessage::CcqResponse(CcqResponse {
                    query_id: ccq_id(client),
                    code,
                    desc: None,
                    address: Address {
                        address_value: address(client),
                    },
                }))
            }
            Action::ResultNotification {
                push,
                client,
                state,
                code,
            } => from_ppg(PapMessage::ResultnotificationMessage(
                ResultNotificationMessage {
                    push_id: push_id(push),
                    message_state: state.into(),
                    code,
                    desc: None,
                    sender_address: ppg.sender_address.clone(),
                    sender_name: ppg.sender_name.clone(),
                    received_time: None,
                    event_time: at,
                    address: Address {
                        address_value: address(client),
                    },
                },
            )),
            _ => return None,
        })
    }

    /// The push submission of a `Submit`.
    pub fn submission(&self, action: &Action) -> Option<PushSubmission> {
        let Action::Submit {
            push,
            clients,
            app,
            method,
            notify_requested,
            progress_notes_requested,
            deliver_before,
            deliver_after,
        } = *action
        else {
            return None;
        };
        let control = PapDocument {
            product_name: Some(PI_PRODUCT_NAME.to_owned()),
            message: PapMessage::PushMessage(PushMessage {
                push_id: push_id(push),
                deliver_before_timestamp: deliver_before.map(deadline_time),
                deliver_after_timestamp: deliver_after.map(deadline_time),
                source_reference: None,
                ppg_notify_requested_to: notify_requested.then(|| NOTIFY_TO.to_owned()),
                progress_notes_requested: progress_notes_requested.then_some(true),
                replace_push_id: None,
                replace_method: None,
                addresses: clients
                    .iter()
                    .map(|c| Address {
                        address_value: address(c),
                    })
                    .collect(),
                quality_of_service: Some(QualityOfService {
                    delivery_method: Some(method.into()),
                    ..QualityOfService::default()
                }),
            }),
        };
        Some(PushSubmission {
            control,
            content_type: CONTENT_TYPE.to_owned(),
            app_id: app.map(app_id),
            content: format!("pushwake push {push}").into_bytes(),
            capabilities: None,
        })
    }

    /// The abstract over-the-air push of an `OtaPush` / `OtaDeliver` (ota-id `push + 1`).
    pub fn ota_push(&self, action: &Action) -> Option<OtaPush> {
        let (Action::OtaPush {
            push,
            client,
            confirmed,
            app,
        }
        | Action::OtaDeliver {
            push,
            client,
            confirmed,
            app,
        }) = *action
        else {
            return None;
        };
        Some(OtaPush {
            ota_id: OtaId(u64::from(push) + 1),
            address: Address {
                address_value: address(client),
            },
            push_id: push_id(push),
            confirmed,
            app_id: app.map(app_id),
            priority: None,
            content_type: CONTENT_TYPE.to_owned(),
            content: format!("pushwake push {push}").into_bytes(),
        })
    }

    /// The uplink text of a `ClientReply` / `ReplyArrive` (ota-id `push + 1`); `None` for an abort
    /// code no WSP abort reason maps to.
    pub fn uplink(&self, action: &Action) -> Option<OtaUplinkText> {
        let (Action::ClientReply {
            push,
            client,
            reply,
        }
        | Action::ReplyArrive {
            push,
            client,
            reply,
        }) = *action
        else {
            return None;
        };
        let (reply, abort_reason) = match reply {
            Reply::Ack => ("ack", None),
            Reply::Abort { code } => ("abort", Some(abort_reason_for(code)?.0)),
        };
        Some(OtaUplinkText {
            ota_id: u64::from(push) + 1,
            push_id: push_id(push),
            address: address(client),
            reply: reply.to_owned(),
            abort_reason,
        })
    }

    /// The wire form of `action` sent at clock tick `now`, whoever plays which role; `None` for
    /// actions without one (the bearer's losses and duplications, the PPG's internal decisions).
    pub fn render(&self, model: &PpgModel, now: Tick, action: &Action) -> Option<Wire> {
        match action {
            Action::Submit { .. } => {
                let sub = self.submission(action)?;
                let (header, body) = multipart::write(&sub, BOUNDARY);
                Some(text_wire(
                    kind::PAP_MULTIPART,
                    Some(header),
                    String::from_utf8(body).ok()?,
                ))
            }
            Action::SubmitBad { kind } => Some(text_wire(
                kind::PAP_XML,
                Some("application/xml".to_owned()),
                bad_document(*kind),
            )),
            Action::OtaPush { .. } | Action::OtaDeliver { .. } => {
                let text = OtaPushText::from_push(&self.ota_push(action)?);
                Some(json_wire(kind::OTA_PUSH, &text))
            }
            Action::ClientReply { .. } | Action::ReplyArrive { .. } => {
                Some(json_wire(kind::OTA_UPLINK, &self.uplink(action)?))
            }
            Action::Tick { now } => Some(text_wire(
                kind::TIME,
                None,
                clock_time(model, *now).to_string(),
            )),
            Action::OtaLose { .. }
            | Action::OtaDuplicate { .. }
            | Action::ReplyLose { .. }
            | Action::Expire { .. }
            | Action::ConfirmTimeout { .. }
            | Action::Undeliverable { .. } => None,
            _ => {
                let doc = self.pap_document(model, now, action)?;
                Some(pap_wire(&doc))
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Wire forms and typed messages -> actions.

    /// The action a wire form stands for, read through the codecs. `role` is the IUT's role: it
    /// tells an `ota-push` sent by the PPG (`OtaPush`, role `ppg`) from one delivered to the
    /// client (`OtaDeliver`, role `push-client`), and likewise for uplinks. A `pap-xml` text that
    /// does not parse is a [`Action::SubmitBad`] (the only unreadable document in the model's
    /// vocabulary); an adapter reading what a real PPG sent parses first and maps with
    /// [`PpgBinding::action_from_pap`], so that its unreadable output is `Unmappable`.
    pub fn decode(
        &self,
        model: &PpgModel,
        wire: &Wire,
        role: &str,
    ) -> Result<Action, AdapterError> {
        let with_wire = |e: AdapterError| match e {
            AdapterError::Unmappable { reason, .. } => unmappable(reason, Some(wire)),
            other => other,
        };
        let text = wire
            .text
            .as_deref()
            .ok_or_else(|| unmappable("wire form without text", Some(wire)))?;
        match wire.kind.as_str() {
            kind::PAP_MULTIPART => {
                let ct = wire
                    .content_type
                    .as_deref()
                    .ok_or_else(|| unmappable("submission without a Content-Type", Some(wire)))?;
                let sub = multipart::parse(ct, text.as_bytes()).map_err(|e| {
                    unmappable(format!("submission does not decode: {e}"), Some(wire))
                })?;
                self.action_from_submission(model, &sub).map_err(with_wire)
            }
            kind::PAP_XML => match pap::parse(text.as_bytes()) {
                Ok(doc) => self.action_from_pap(model, &doc).map_err(with_wire),
                Err(e) => Ok(Action::SubmitBad {
                    kind: classify_bad(text, &e),
                }),
            },
            kind::OTA_PUSH => {
                let parsed: OtaPushText = json_text(text, wire)?;
                let push = parsed
                    .to_push()
                    .ok_or_else(|| unmappable("ota-push content is not hex", Some(wire)))?;
                self.action_from_ota_push(model, &push, role)
                    .map_err(with_wire)
            }
            kind::OTA_UPLINK => {
                let parsed: OtaUplinkText = json_text(text, wire)?;
                self.action_from_uplink(model, &parsed, role)
                    .map_err(with_wire)
            }
            kind::TIME => {
                let ts = Timestamp::parse_at(text, 0)
                    .map_err(|e| unmappable(format!("time does not decode: {e}"), Some(wire)))?;
                let now = self.clock_tick(model, ts).map_err(with_wire)?;
                Ok(Action::Tick { now })
            }
            other => Err(unmappable(
                format!("wire kind {other:?} is not one of the PPG binding"),
                Some(wire),
            )),
        }
    }

    /// The `Submit` a push submission stands for.
    pub fn action_from_submission(
        &self,
        model: &PpgModel,
        sub: &PushSubmission,
    ) -> Result<Action, AdapterError> {
        let PapMessage::PushMessage(m) = &sub.control.message else {
            return Err(unmappable("control entity is not a push-message", None));
        };
        let push = self.push_index(model, &m.push_id)?;
        let mut clients = Vec::new();
        for addr in &m.addresses {
            clients.push(self.client_index(model, &addr.address_value)?);
        }
        let set = ClientSet::of(&clients);
        if clients.is_empty() || set.len() as usize != clients.len() {
            return Err(unmappable(
                "a push-message without an address, or with one address twice",
                None,
            ));
        }
        // The model names the addresses in the template's order, which the set forgets; a
        // submission is mapped only when its order is the set's (increasing client index).
        if !clients.is_sorted() {
            return Err(unmappable(
                "addresses out of the binding's order (increasing client index)",
                None,
            ));
        }
        let app = self.app_index(sub.app_id.as_deref())?;
        if m.replace_push_id.is_some() || m.replace_method.is_some() {
            return Err(unmappable("replace is not in the model", None));
        }
        let qos = m.quality_of_service.clone().unwrap_or_default();
        let method = match qos.delivery_method {
            Some(DeliveryMethod::Confirmed) => Method::Confirmed,
            Some(DeliveryMethod::Preferconfirmed) => Method::Preferconfirmed,
            Some(DeliveryMethod::Unconfirmed) => Method::Unconfirmed,
            other => {
                return Err(unmappable(
                    format!("delivery-method {other:?} is not in the model"),
                    None,
                ));
            }
        };
        let tick = |t: Option<Timestamp>| t.map(|t| self.deadline_tick(t)).transpose();
        Ok(Action::Submit {
            push,
            clients: set,
            app,
            method,
            notify_requested: m.ppg_notify_requested_to.is_some(),
            progress_notes_requested: m.progress_notes_requested == Some(true),
            deliver_before: tick(m.deliver_before_timestamp)?,
            deliver_after: tick(m.deliver_after_timestamp)?,
        })
    }

    /// The action a PAP document stands for: a PI request or a PPG answer.
    pub fn action_from_pap(
        &self,
        model: &PpgModel,
        doc: &PapDocument,
    ) -> Result<Action, AdapterError> {
        let push = |id: &str| self.push_index(model, id);
        let client = |a: &Address| self.client_index(model, &a.address_value);
        let state = |s: &MessageState| {
            MsgState::try_from(s)
                .map_err(|o| unmappable(format!("message-state {o:?} is outside PAP 2.0"), None))
        };
        let one = |n: usize, what: &str| {
            if n == 1 {
                Ok(())
            } else {
                Err(unmappable(
                    format!("{what} with {n} results; the model has one"),
                    None,
                ))
            }
        };
        Ok(match &doc.message {
            PapMessage::PushMessage(_) => {
                return Err(unmappable(
                    "push-message without its multipart/related submission",
                    None,
                ));
            }
            PapMessage::PushResponse(r) => Action::PushResponse {
                push: push(&r.push_id)?,
                code: r.result.code,
                progress_note: r.progress_notes.first().map(|n| stage_of(&n.stage)),
            },
            PapMessage::CancelMessage(m) => Action::Cancel {
                push: push(&m.push_id)?,
            },
            PapMessage::CancelResponse(r) => {
                one(r.results.len(), "cancel-response")?;
                let code = r.results.first().map_or(StatusCode(0), |c| c.code);
                Action::CancelResponse {
                    push: push(&r.push_id)?,
                    code,
                }
            }
            PapMessage::StatusqueryMessage(m) => Action::StatusQuery {
                push: push(&m.push_id)?,
            },
            PapMessage::StatusqueryResponse(r) => {
                one(r.results.len(), "statusquery-response")?;
                let Some(result) = r.results.first() else {
                    return Err(unmappable("statusquery-response without a result", None));
                };
                Action::StatusQueryResponse {
                    push: push(&r.push_id)?,
                    state: state(&result.message_state)?,
                    code: result.code,
                }
            }
            PapMessage::ResultnotificationMessage(m) => Action::ResultNotification {
                push: push(&m.push_id)?,
                client: client(&m.address)?,
                state: state(&m.message_state)?,
                code: m.code,
            },
            PapMessage::ResultnotificationResponse(r) => Action::ResultNotificationResponse {
                push: push(&r.push_id)?,
                code: r.code,
            },
            PapMessage::CcqMessage(m) => Action::Ccq {
                client: client(&m.address)?,
            },
            PapMessage::CcqResponse(r) => Action::CcqResponse {
                client: client(&r.address)?,
                code: r.code,
            },
            PapMessage::BadmessageResponse(r) => Action::BadMessageResponse { code: r.code },
        })
    }

    /// The action an over-the-air push stands for: `OtaPush` (sent by the PPG) unless the IUT is
    /// the push client, which receives it (`OtaDeliver`).
    pub fn action_from_ota_push(
        &self,
        model: &PpgModel,
        push: &OtaPush,
        role: &str,
    ) -> Result<Action, AdapterError> {
        let index = self.push_index(model, &push.push_id)?;
        let client = self.client_index(model, &push.address.address_value)?;
        let app = self.app_index(push.app_id.as_deref())?;
        Ok(if role == PUSH_CLIENT {
            Action::OtaDeliver {
                push: index,
                client,
                confirmed: push.confirmed,
                app,
            }
        } else {
            Action::OtaPush {
                push: index,
                client,
                confirmed: push.confirmed,
                app,
            }
        })
    }

    /// The action a client's answer stands for: `ClientReply` when the IUT is the push client,
    /// `ReplyArrive` (at the PPG) otherwise. An abort carries the PAP code its WSP reason maps to.
    pub fn action_from_uplink(
        &self,
        model: &PpgModel,
        uplink: &OtaUplinkText,
        role: &str,
    ) -> Result<Action, AdapterError> {
        let push = self.push_index(model, &uplink.push_id)?;
        let client = self.client_index(model, &uplink.address)?;
        let reply = match (uplink.reply.as_str(), uplink.abort_reason) {
            ("ack", None) => Reply::Ack,
            ("abort", Some(r)) => Reply::Abort {
                code: AbortReason(r).pap_status(),
            },
            (other, r) => {
                return Err(unmappable(
                    format!("uplink reply {other:?} with abort reason {r:?}"),
                    None,
                ));
            }
        };
        Ok(if role == PUSH_CLIENT {
            Action::ClientReply {
                push,
                client,
                reply,
            }
        } else {
            Action::ReplyArrive {
                push,
                client,
                reply,
            }
        })
    }

    /// The uplink text of a typed uplink, for a push whose push-id and address the caller knows.
    pub fn uplink_text(&self, uplink: &OtaUplink, push_id: &str, address: &str) -> OtaUplinkText {
        let (ota_id, reply, abort_reason) = match uplink {
            OtaUplink::Ack { ota_id } => (ota_id.0, "ack", None),
            OtaUplink::Abort { ota_id, reason } => (ota_id.0, "abort", Some(reason.0)),
        };
        OtaUplinkText {
            ota_id,
            push_id: push_id.to_owned(),
            address: address.to_owned(),
            reply: reply.to_owned(),
            abort_reason,
        }
    }
}

/// The role name of the push client.
pub const PUSH_CLIENT: &str = "push-client";
/// The role name of the PPG.
pub const PPG: &str = "ppg";

/// The text of a bad document of `kind`: a push-message cut off before its end tag (not well
/// formed XML: 2000), or a complete one whose DOCTYPE names PAP version 9.9 (3002).
pub fn bad_document(kind: BadDocument) -> String {
    let decl = pap::XML_DECLARATION;
    let body = format!(
        "<pap product-name=\"{PI_PRODUCT_NAME}\"><push-message push-id=\"pushwake-bad\">\
         <address address-value=\"{}\"/></push-message>",
        address(0)
    );
    match kind {
        BadDocument::Malformed => format!("{decl}\n{}\n{body}", pap::PAP_2_0_DOCTYPE),
        BadDocument::UnsupportedVersion => format!(
            "{decl}\n<!DOCTYPE pap PUBLIC \"{UNSUPPORTED_VERSION_PUBLIC_ID}\" \
             \"http://www.wapforum.org/DTD/pap_9.9.dtd\">\n{body}</pap>"
        ),
    }
}

/// Which bad document a text the PAP parser refused is: an unsupported version when the parser
/// stopped at a DOCTYPE public id shaped like a WAPFORUM PAP id (the version lives there), a
/// malformed document otherwise.
pub fn classify_bad(text: &str, error: &pushwake_codecs::DecodeError) -> BadDocument {
    let at_pap_id = text
        .get(error.offset..)
        .is_some_and(|rest| rest.starts_with(PAP_PUBLIC_ID_PREFIX));
    if error.structure == "DOCTYPE" && error.kind == ErrorKind::InvalidValue && at_pap_id {
        BadDocument::UnsupportedVersion
    } else {
        BadDocument::Malformed
    }
}

fn text_wire(kind: &str, content_type: Option<String>, text: String) -> Wire {
    Wire {
        kind: kind.to_owned(),
        content_type,
        text: Some(text),
        hex: None,
    }
}

/// The `pap-xml` wire form of a document, as `pap::write` writes it (always UTF-8).
pub fn pap_wire(doc: &PapDocument) -> Wire {
    text_wire(
        kind::PAP_XML,
        Some("application/xml".to_owned()),
        String::from_utf8_lossy(&pap::write(doc)).into_owned(),
    )
}

/// The `ota-push` wire form of a typed push.
pub fn ota_push_wire(push: &OtaPush) -> Wire {
    json_wire(kind::OTA_PUSH, &OtaPushText::from_push(push))
}

/// The `ota-uplink` wire form of an uplink text.
pub fn ota_uplink_wire(uplink: &OtaUplinkText) -> Wire {
    json_wire(kind::OTA_UPLINK, uplink)
}

fn json_wire<T: Serialize>(kind: &str, value: &T) -> Wire {
    let value = serde_json::to_value(value).unwrap_or_default();
    text_wire(
        kind,
        Some("application/json".to_owned()),
        crate::vector::canonical_json(&value),
    )
}

fn json_text<T: for<'de> Deserialize<'de>>(text: &str, wire: &Wire) -> Result<T, AdapterError> {
    if text.len() > MAX_OTA_TEXT_BYTES {
        return Err(unmappable(
            format!("OTA text of {} bytes above the cap", text.len()),
            Some(wire),
        ));
    }
    serde_json::from_str(text)
        .map_err(|e| unmappable(format!("OTA text does not decode: {e}"), Some(wire)))
}

impl Binding<PpgModel> for PpgBinding {
    /// The wire form of an input or output of `role`, and of the clock (a stimulus); `None` for
    /// internal steps and for other roles' steps (environment steps the IUT does not see).
    fn wire(&self, model: &PpgModel, state: &State, action: &Action, role: &str) -> Option<Wire> {
        let label = model.label(action);
        let own = label.role == role && label.direction != Direction::Internal;
        if own || label.time {
            self.render(model, state.now, action)
        } else {
            None
        }
    }
}
