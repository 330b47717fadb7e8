//! Configuration, abstract actions and states of the PPG model.

use pushwake_codecs::pap::{DeliveryMethod, MessageState, StatusCode};
use serde::{Deserialize, Serialize};

/// The default [`PpgConfig::unregistered_abort_code`]: 5028 (USERPND, see there).
pub const UNREGISTERED_ABORT_CODE: StatusCode = StatusCode(5028);

/// A clock value in ticks. `horizon + 1` stands for "beyond every deadline" (see the module doc).
pub type Tick = u8;

/// Most push-ids a configuration may declare. Indices travel as `u8` in actions and the state
/// holds one slot per push-id; more than a handful would not explore anyway.
pub const MAX_PUSHES: usize = 8;
/// Most push clients a configuration may declare (client indices travel as `u8`).
pub const MAX_CLIENTS: usize = 8;
/// Largest horizon: `horizon + 1` must still fit a [`Tick`] and stay well below `u8::MAX` so that
/// deadline arithmetic saturates instead of wrapping.
pub const MAX_HORIZON: Tick = 100;

/// `quality-of-service/@delivery-method` as the model uses it (a closed, `Copy` view of
/// [`DeliveryMethod`]). `notspecified` is not modelled: what a PPG does with it is PPG policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The PPG reports delivered only after the client's acknowledgement (PAP-DM-CONFIRMED).
    Confirmed,
    /// Confirmed where the client can acknowledge, unconfirmed otherwise (PAP-DM-PREFERCONFIRMED).
    Preferconfirmed,
    /// Handed to the bearer = delivered (PAP-DM-UNCONFIRMED).
    Unconfirmed,
}

impl From<Method> for DeliveryMethod {
    fn from(m: Method) -> Self {
        match m {
            Method::Confirmed => DeliveryMethod::Confirmed,
            Method::Preferconfirmed => DeliveryMethod::Preferconfirmed,
            Method::Unconfirmed => DeliveryMethod::Unconfirmed,
        }
    }
}

/// A PAP `message-state` (WAP-247-PAP) as a `Copy` value; converts to and from the codec's open
/// [`MessageState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MsgState {
    Undeliverable,
    Pending,
    Expired,
    Delivered,
    Aborted,
    Timeout,
    Cancelled,
    Unknown,
}

impl MsgState {
    /// Every state, in PAP's order.
    pub const ALL: [MsgState; 8] = [
        MsgState::Undeliverable,
        MsgState::Pending,
        MsgState::Expired,
        MsgState::Delivered,
        MsgState::Aborted,
        MsgState::Timeout,
        MsgState::Cancelled,
        MsgState::Unknown,
    ];
    /// The final states (PAP-FINAL-STABLE).
    pub const FINAL: [MsgState; 6] = [
        MsgState::Delivered,
        MsgState::Undeliverable,
        MsgState::Expired,
        MsgState::Aborted,
        MsgState::Timeout,
        MsgState::Cancelled,
    ];

    /// Whether the state is final (PAP-FINAL-STABLE).
    pub const fn is_final(self) -> bool {
        !matches!(self, MsgState::Pending | MsgState::Unknown)
    }
}

impl From<MsgState> for MessageState {
    fn from(s: MsgState) -> Self {
        match s {
            MsgState::Undeliverable => MessageState::Undeliverable,
            MsgState::Pending => MessageState::Pending,
            MsgState::Expired => MessageState::Expired,
            MsgState::Delivered => MessageState::Delivered,
            MsgState::Aborted => MessageState::Aborted,
            MsgState::Timeout => MessageState::Timeout,
            MsgState::Cancelled => MessageState::Cancelled,
            MsgState::Unknown => MessageState::Unknown,
        }
    }
}

impl TryFrom<&MessageState> for MsgState {
    /// A value outside PAP 2.0 (`MessageState::Other`), returned as is.
    type Error = String;
    fn try_from(s: &MessageState) -> Result<Self, Self::Error> {
        Ok(match s {
            MessageState::Undeliverable => MsgState::Undeliverable,
            MessageState::Pending => MsgState::Pending,
            MessageState::Expired => MsgState::Expired,
            MessageState::Delivered => MsgState::Delivered,
            MessageState::Aborted => MsgState::Aborted,
            MessageState::Timeout => MsgState::Timeout,
            MessageState::Cancelled => MsgState::Cancelled,
            MessageState::Unknown => MsgState::Unknown,
            MessageState::Other(o) => return Err(o.clone()),
        })
    }
}

/// A malformed document the PI may send (PAP-SUBMIT-BADMSG). The wire binding renders each kind in
/// as many malformations as it likes; the model only fixes the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BadDocument {
    /// Not a valid PAP document: badmessage-response 2000.
    Malformed,
    /// A PAP version the PPG does not support: badmessage-response 3002.
    UnsupportedVersion,
}

impl BadDocument {
    /// The only answer allowed (specs/pap-ppg.md "Status codes": a bad-message response carries
    /// only 2000 or 3002).
    pub const fn answer(self) -> StatusCode {
        match self {
            BadDocument::Malformed => StatusCode::BAD_REQUEST,
            BadDocument::UnsupportedVersion => StatusCode::VERSION_NOT_SUPPORTED,
        }
    }
}

/// A request the PI may make beyond the first submission of each push-id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "kebab-case")]
pub enum PiExtra {
    /// Submit template `push` again (a duplicate push-id while the PPG holds it).
    Resubmit { push: u8 },
    /// cancel-message for `push` (before its submission: an unknown push-id).
    Cancel { push: u8 },
    /// statusquery-message for `push`.
    StatusQuery { push: u8 },
    /// ccq-message for `client`.
    Ccq { client: u8 },
    /// A bad document.
    Bad { kind: BadDocument },
}

/// One push-id's submission, as the PI will send it (one template per push-id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PushTemplate {
    /// The addressed push clients (indices into [`PpgConfig::clients`]), one `address` element
    /// each, in this order (PAP-MULTI-ADDRESS: `push-message` holds one or more `address`
    /// elements). Not empty, no client twice.
    pub clients: Vec<u8>,
    /// The application the push is for (`X-Wap-Application-Id` of the content entity, carried
    /// over the air as push meta data, SIPPUSH-REQ9): an index the binding names, or `None` for a
    /// push without one (the default application).
    #[serde(default)]
    pub app: Option<u8>,
    /// `quality-of-service/@delivery-method`.
    pub method: Method,
    /// Whether `ppg-notify-requested-to` is present (a result notification is wanted).
    pub notify_requested: bool,
    /// `progress-notes-requested="true"`.
    pub progress_notes_requested: bool,
    /// `deliver-before-timestamp`, as an absolute tick.
    pub deliver_before: Option<Tick>,
    /// `deliver-after-timestamp`, as an absolute tick.
    pub deliver_after: Option<Tick>,
}

/// What a push client can do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientConfig {
    /// Whether the client (and the bearer to it) can acknowledge a push, i.e. whether confirmed
    /// delivery to it is possible (PAP-DM-PREFERCONFIRMED, SIPPUSH-REQ8).
    pub confirmed_capable: bool,
    /// The applications registered at the client (indices as in [`PushTemplate::app`]; `None`
    /// stands for the default application here); `None`: every application is registered. A push
    /// for an application not registered is not presented, and a confirmed one is aborted
    /// (PUSH-APP-UNREGISTERED).
    #[serde(default)]
    pub registered_apps: Option<Vec<Option<u8>>>,
}

impl ClientConfig {
    /// A client that takes every application.
    pub const fn new(confirmed_capable: bool) -> Self {
        Self {
            confirmed_capable,
            registered_apps: None,
        }
    }

    /// Whether `app` is registered at the client.
    pub fn registered(&self, app: Option<u8>) -> bool {
        self.registered_apps
            .as_ref()
            .is_none_or(|apps| apps.contains(&app))
    }
}

/// How the PPG answers a client capabilities query (PAP-CCQ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CcqSupport {
    /// ccq-response 1000 with the capabilities.
    Supported,
    /// ccq-response 3004 (capability matching not supported).
    NotSupported,
    /// Either answer is allowed (the IUT's choice is unknown).
    Either,
}

/// Optional PAP operations a PPG may not implement; an unimplemented one is answered 3001 (not
/// implemented). UNVERIFIED: that 3001 is the answer for an unsupported operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PpgFeatures {
    pub cancel: bool,
    pub status_query: bool,
    /// Whether the PPG takes a push-message naming several addresses (PAP-MULTI-ADDRESS); when
    /// not, it refuses such a push 3005 "multiple addresses not supported" [V: the code].
    #[serde(default = "yes")]
    pub multiple_addresses: bool,
}

const fn yes() -> bool {
    true
}

/// Ways to break the model on purpose, for the liveness counterexample tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weakening {
    /// The confirmed-delivery timeout never fires (retransmissions stay bounded): a confirmed push
    /// whose copies are all lost stays pending for ever (PAP-DM-CONFIRMED-TIMEOUT removed).
    NoConfirmTimeout,
    /// No timeout, and the PPG may retransmit for ever (the retransmission count no longer
    /// grows): a cycle of retransmission and loss keeps the push pending.
    RetransmitForever,
}

/// The model's configuration. The defaults explore in seconds in a debug build (the exact
/// count is pinned in `model/tests/ppg.rs`); [`PpgConfig::full`] widens them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PpgConfig {
    /// One template per push-id; push-id `i` is template `i`.
    pub pushes: Vec<PushTemplate>,
    /// The push clients.
    pub clients: Vec<ClientConfig>,
    /// Last tick of the clock; the tick after it is "beyond every deadline".
    pub horizon: Tick,
    /// Ticks after the first OTA transmission of a confirmed push until the PPG gives up
    /// (PAP-DM-CONFIRMED-TIMEOUT; the length is PPG policy).
    pub confirm_timeout: Tick,
    /// OTA transmissions of one confirmed push, first one included.
    pub max_ota_sends: u8,
    /// Copies of one push (or of its replies) in flight at once.
    pub max_in_flight: u8,
    /// Bearer duplications of OTA pushes in the whole run (OTA-DUPLICATE).
    pub max_duplications: u8,
    /// How many requests beyond the first submission of each push-id the PI makes in a run.
    pub pi_requests: u8,
    /// Which such requests the PI may make (each one, any time, while `pi_requests` lasts).
    pub pi_extra: Vec<PiExtra>,
    /// How the PPG answers a ccq.
    pub ccq: CcqSupport,
    /// Optional operations the PPG implements.
    pub features: PpgFeatures,
    /// The 5xxx code a client abort is reported with (PAP-CLIENT-ABORT).
    pub abort_code: StatusCode,
    /// The 5xxx code a client aborts a confirmed push for an unregistered application with
    /// (PUSH-APP-UNREGISTERED): 5028, the PAP code of WSP abort reason USERPND 0xEC "push message
    /// cannot be delivered to intended destination" (WAP-230 Table 35) under Kannel's
    /// `5000 + (reason - 0xD0)` mapping. UNVERIFIED which reason WAP-235 asks for.
    pub unregistered_abort_code: StatusCode,
    /// The code a result notification carries for expired, timeout and undeliverable.
    /// UNVERIFIED (WAP-247 does not fix it in what we could read); 4000 by default.
    pub rn_failure_code: StatusCode,
    /// A deliberate weakening, for the liveness counterexample tests.
    pub weaken: Option<Weakening>,
}

impl Default for PpgConfig {
    /// Three push-ids: a confirmed push with a deadline, result notification and progress notes to
    /// a client that can acknowledge; a preferconfirmed push held until tick 1 to a client that
    /// cannot (so it falls back to unconfirmed); a confirmed push to that same client (so it is
    /// refused 3007 or ends undeliverable). Together they reach every final state.
    fn default() -> Self {
        Self {
            pushes: vec![
                PushTemplate {
                    clients: vec![0],
                    app: None,
                    method: Method::Confirmed,
                    notify_requested: true,
                    progress_notes_requested: true,
                    deliver_before: Some(2),
                    deliver_after: None,
                },
                PushTemplate {
                    clients: vec![1],
                    app: None,
                    method: Method::Preferconfirmed,
                    notify_requested: true,
                    progress_notes_requested: false,
                    deliver_before: None,
                    deliver_after: Some(1),
                },
                PushTemplate {
                    clients: vec![1],
                    app: None,
                    method: Method::Confirmed,
                    notify_requested: false,
                    progress_notes_requested: false,
                    deliver_before: None,
                    deliver_after: None,
                },
            ],
            clients: vec![ClientConfig::new(true), ClientConfig::new(false)],
            horizon: 1,
            confirm_timeout: 1,
            max_ota_sends: 1,
            max_in_flight: 2,
            max_duplications: 1,
            pi_requests: 1,
            pi_extra: vec![
                PiExtra::Resubmit { push: 0 },
                PiExtra::Cancel { push: 0 },
                PiExtra::StatusQuery { push: 0 },
                PiExtra::Ccq { client: 0 },
                PiExtra::Bad {
                    kind: BadDocument::Malformed,
                },
            ],
            ccq: CcqSupport::Either,
            features: PpgFeatures {
                cancel: true,
                status_query: true,
                multiple_addresses: true,
            },
            abort_code: StatusCode::CLIENT_ABORTED,
            unregistered_abort_code: UNREGISTERED_ABORT_CODE,
            rn_failure_code: StatusCode::SERVICE_FAILURE,
            weaken: None,
        }
    }
}

impl PpgConfig {
    /// A small configuration about time and cancellation, for a second PPG suite: one client
    /// that can acknowledge; push 0 unconfirmed and held until tick 1 (so a cancel can come before
    /// it may be sent, PAP-NO-DELIVERY-AFTER-FINAL); push 1 confirmed whose deliver-after and
    /// deliver-before are the same tick, so it can never be sent and must expire
    /// (PAP-TS-BEFORE-EXPIRE); both ask for a result notification.
    pub fn timing() -> Self {
        let held = |before| PushTemplate {
            clients: vec![0],
            app: None,
            method: Method::Unconfirmed,
            notify_requested: true,
            progress_notes_requested: false,
            deliver_before: before,
            deliver_after: Some(1),
        };
        Self {
            pushes: vec![
                held(None),
                PushTemplate {
                    method: Method::Confirmed,
                    ..held(Some(1))
                },
            ],
            clients: vec![ClientConfig::new(true)],
            horizon: 1,
            max_duplications: 0,
            pi_requests: 1,
            pi_extra: vec![
                PiExtra::Cancel { push: 0 },
                PiExtra::Cancel { push: 1 },
                PiExtra::StatusQuery { push: 1 },
            ],
            ..Self::default()
        }
    }

    /// The default plus what the default leaves out to stay near 10^5 states: one bearer
    /// duplication (OTA-DUPLICATE), every PI request kind for every push-id and client, and both
    /// bad documents. Several times larger; for a release-build check.
    pub fn full() -> Self {
        let mut c = Self {
            max_duplications: 1,
            pi_extra: Vec::new(),
            ..Self::default()
        };
        for push in 0..c.pushes.len() as u8 {
            c.pi_extra.push(PiExtra::Resubmit { push });
            c.pi_extra.push(PiExtra::Cancel { push });
            c.pi_extra.push(PiExtra::StatusQuery { push });
        }
        for client in 0..c.clients.len() as u8 {
            c.pi_extra.push(PiExtra::Ccq { client });
        }
        c.pi_extra.push(PiExtra::Bad {
            kind: BadDocument::Malformed,
        });
        c.pi_extra.push(PiExtra::Bad {
            kind: BadDocument::UnsupportedVersion,
        });
        c
    }
}

impl PpgConfig {
    /// A push addressed to two clients (PAP-MULTI-ADDRESS), for its own PPG suite: client 0 can
    /// acknowledge, client 1 cannot; push 0 is preferconfirmed to both (so it goes confirmed to
    /// client 0 and unconfirmed to client 1, PAP-DM-PREFERCONFIRMED per address), asks for a
    /// result notification (one per address, PAP-RN-ADDRESS) and progress notes; the PI may
    /// resubmit it once (2007). The PPG may also refuse it 3005.
    pub fn addresses() -> Self {
        Self {
            pushes: vec![PushTemplate {
                clients: vec![0, 1],
                app: None,
                method: Method::Preferconfirmed,
                notify_requested: true,
                progress_notes_requested: true,
                deliver_before: None,
                deliver_after: None,
            }],
            horizon: 1,
            max_duplications: 0,
            pi_requests: 1,
            pi_extra: vec![PiExtra::Resubmit { push: 0 }],
            ..Self::default()
        }
    }

    /// Application ids at the push client (SIPPUSH-REQ9, PUSH-APP-UNREGISTERED), for its own
    /// suites: one client that can acknowledge, with only application 0 registered; push 0 is
    /// confirmed for application 1 (not registered: never presented, aborted with
    /// [`PpgConfig::unregistered_abort_code`]) with a result notification, push 1 unconfirmed for
    /// application 1 (not presented), and push 2 confirmed for application 0 (presented and
    /// acknowledged or aborted as usual). One bearer duplication, so a retransmitted copy of an
    /// unregistered push is answered the same way again.
    pub fn applications() -> Self {
        let push = |app, method, notify_requested| PushTemplate {
            clients: vec![0],
            app: Some(app),
            method,
            notify_requested,
            progress_notes_requested: false,
            deliver_before: None,
            deliver_after: None,
        };
        Self {
            pushes: vec![
                push(1, Method::Confirmed, true),
                push(1, Method::Unconfirmed, false),
                push(0, Method::Confirmed, false),
            ],
            clients: vec![ClientConfig {
                confirmed_capable: true,
                registered_apps: Some(vec![Some(0)]),
            }],
            horizon: 1,
            max_duplications: 1,
            pi_requests: 0,
            pi_extra: Vec::new(),
            ..Self::default()
        }
    }
}

/// Why a configuration cannot be modelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// More than [`MAX_PUSHES`] push templates, or none.
    PushCount(usize),
    /// More than [`MAX_CLIENTS`] clients, or none.
    ClientCount(usize),
    /// A template names a client that does not exist: (push, client).
    NoSuchClient(u8, u8),
    /// A template names no client, or one client twice.
    BadAddresses(u8),
    /// A cancel or status query names a push addressed to several clients (the model has one
    /// message state per address there, and does not model per-address answers).
    MultiAddressRequest(PiExtra),
    /// `horizon` above [`MAX_HORIZON`].
    Horizon(Tick),
    /// `max_ota_sends` or `max_in_flight` is zero.
    ZeroBound,
    /// A PI request names a push-id or client that does not exist.
    BadExtra(PiExtra),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::PushCount(n) => write!(f, "{n} push templates (1..={MAX_PUSHES} allowed)"),
            ConfigError::ClientCount(n) => write!(f, "{n} clients (1..={MAX_CLIENTS} allowed)"),
            ConfigError::NoSuchClient(p, c) => {
                write!(f, "push {p} names client {c}, which does not exist")
            }
            ConfigError::BadAddresses(p) => {
                write!(f, "push {p} names no client, or one client twice")
            }
            ConfigError::MultiAddressRequest(e) => write!(
                f,
                "PI request {e:?} names a push addressed to several clients (not modelled)"
            ),
            ConfigError::Horizon(h) => write!(f, "horizon {h} above {MAX_HORIZON}"),
            ConfigError::ZeroBound => {
                write!(f, "max_ota_sends and max_in_flight must be at least 1")
            }
            ConfigError::BadExtra(e) => write!(
                f,
                "PI request {e:?} names a push-id or client that does not exist"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl PpgConfig {
    /// Check the bounds the model relies on.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.pushes.is_empty() || self.pushes.len() > MAX_PUSHES {
            return Err(ConfigError::PushCount(self.pushes.len()));
        }
        if self.clients.is_empty() || self.clients.len() > MAX_CLIENTS {
            return Err(ConfigError::ClientCount(self.clients.len()));
        }
        for (i, t) in self.pushes.iter().enumerate() {
            // `i < MAX_PUSHES <= u8::MAX` was checked above.
            let push = i as u8;
            if let Some(&c) = t
                .clients
                .iter()
                .find(|&&c| usize::from(c) >= self.clients.len())
            {
                return Err(ConfigError::NoSuchClient(push, c));
            }
            let mut sorted = t.clients.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if t.clients.is_empty() || sorted.len() != t.clients.len() {
                return Err(ConfigError::BadAddresses(push));
            }
        }
        for e in &self.pi_extra {
            let ok = match *e {
                PiExtra::Resubmit { push }
                | PiExtra::Cancel { push }
                | PiExtra::StatusQuery { push } => usize::from(push) < self.pushes.len(),
                PiExtra::Ccq { client } => usize::from(client) < self.clients.len(),
                PiExtra::Bad { .. } => true,
            };
            if !ok {
                return Err(ConfigError::BadExtra(*e));
            }
            if let PiExtra::Cancel { push } | PiExtra::StatusQuery { push } = *e
                && self
                    .pushes
                    .get(usize::from(push))
                    .is_some_and(|t| t.clients.len() > 1)
            {
                return Err(ConfigError::MultiAddressRequest(*e));
            }
        }
        if self.horizon > MAX_HORIZON {
            return Err(ConfigError::Horizon(self.horizon));
        }
        if self.max_ota_sends == 0 || self.max_in_flight == 0 {
            return Err(ConfigError::ZeroBound);
        }
        Ok(())
    }
}

/// A client's answer to a confirmed push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "reply")]
pub enum Reply {
    /// Acknowledgement of successful transport (SIPPUSH-REQ8).
    Ack,
    /// Abort, reported to the PI with a 5xxx code (PAP-CLIENT-ABORT).
    Abort { code: StatusCode },
}

/// A set of client indices (each `< MAX_CLIENTS`), as a bit set so that actions stay `Copy`;
/// serialized as the list of indices in increasing order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientSet(pub u8);

impl ClientSet {
    /// The set of `clients` (indices `>= MAX_CLIENTS` are dropped; a validated configuration
    /// has none).
    pub fn of(clients: &[u8]) -> Self {
        Self(
            clients
                .iter()
                .filter(|&&c| usize::from(c) < MAX_CLIENTS)
                .fold(0, |bits, &c| bits | (1 << c)),
        )
    }

    /// The one client `c`.
    pub const fn one(c: u8) -> Self {
        Self(1 << (c & 7))
    }

    /// The members, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0..MAX_CLIENTS as u8).filter(move |c| self.0 & (1 << c) != 0)
    }

    /// How many members.
    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Serialize for ClientSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ClientSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<u8>::deserialize(d)?;
        if let Some(c) = list.iter().find(|&&c| usize::from(c) >= MAX_CLIENTS) {
            return Err(serde::de::Error::custom(format!(
                "client {c} out of range (at most {MAX_CLIENTS} clients)"
            )));
        }
        Ok(Self::of(&list))
    }
}

/// The `stage` attribute of a `progress-note` (WAP-247-PAP push-response), as far as the model
/// tells stages apart (PAP-PROGRESS-STAGE): a PAP message-state name, or any other text. PAP
/// makes `stage` a required attribute; which values it allows is UNVERIFIED, so a stage that is no
/// message state is accepted as it is, and only a stage naming a message state other than the
/// message's current one is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The stage names this message state.
    State(MsgState),
    /// Any other stage text (implementation specific).
    Other,
}

/// An abstract action. Who does what (role, direction) is in [`crate::LabelledModel::label`].
///
/// Timestamps are ticks; `push` indexes [`PpgConfig::pushes`], `client` [`PpgConfig::clients`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    // ---- PI -> PPG (input of "ppg") ----
    /// push-message for template `push` (a first submission or a duplicate push-id).
    Submit {
        push: u8,
        /// The `address` elements, in order.
        clients: ClientSet,
        /// The content's `X-Wap-Application-Id` (SIPPUSH-REQ9).
        app: Option<u8>,
        method: Method,
        notify_requested: bool,
        progress_notes_requested: bool,
        deliver_before: Option<Tick>,
        deliver_after: Option<Tick>,
    },
    /// A document that is not acceptable PAP.
    SubmitBad { kind: BadDocument },
    /// cancel-message.
    Cancel { push: u8 },
    /// statusquery-message.
    StatusQuery { push: u8 },
    /// ccq-message for a client.
    Ccq { client: u8 },
    /// resultnotification-response from the PI.
    ResultNotificationResponse { push: u8, code: StatusCode },

    // ---- PPG -> PI (output of "ppg") ----
    /// push-response; `progress_note`: the stage of its progress-note, if it carries one
    /// (PAP-PROGRESS-NOTE, PAP-PROGRESS-STAGE).
    PushResponse {
        push: u8,
        code: StatusCode,
        progress_note: Option<Stage>,
    },
    /// badmessage-response.
    BadMessageResponse { code: StatusCode },
    /// cancel-response.
    CancelResponse { push: u8, code: StatusCode },
    /// statusquery-response.
    StatusQueryResponse {
        push: u8,
        state: MsgState,
        code: StatusCode,
    },
    /// ccq-response.
    CcqResponse { client: u8, code: StatusCode },
    /// resultnotification-message to `ppg-notify-requested-to`, about the delivery to one
    /// address (`client`, its `address` element; PAP-RN-ADDRESS).
    ResultNotification {
        push: u8,
        client: u8,
        state: MsgState,
        code: StatusCode,
    },

    // ---- over the air ----
    /// The PPG sends the push over the air to one of its addresses (output of "ppg"); `app`:
    /// the application id it carries (SIPPUSH-REQ9).
    OtaPush {
        push: u8,
        client: u8,
        confirmed: bool,
        app: Option<u8>,
    },
    /// The bearer hands a copy to the client (input of "push-client").
    OtaDeliver {
        push: u8,
        client: u8,
        confirmed: bool,
        app: Option<u8>,
    },
    /// The bearer loses a copy (internal to "bearer").
    OtaLose { push: u8, client: u8 },
    /// The bearer duplicates a copy (internal to "bearer").
    OtaDuplicate { push: u8, client: u8 },
    /// The client presents the push to the application (output of "push-client"): once per
    /// push-id, however many copies arrive (OTA-DUPLICATE). Observable through the application
    /// interface of a client under test.
    Present { push: u8, client: u8 },
    /// The client answers a confirmed push (output of "push-client").
    ClientReply { push: u8, client: u8, reply: Reply },
    /// The client's answer reaches the PPG (input of "ppg").
    ReplyArrive { push: u8, client: u8, reply: Reply },
    /// The bearer loses a client's answer (internal to "bearer").
    ReplyLose { push: u8, client: u8 },

    // ---- the PPG's own decisions (internal to "ppg") ----
    /// deliver-before has passed: the message expires (at every address where it is still
    /// pending).
    Expire { push: u8 },
    /// No acknowledgement in time from `client`.
    ConfirmTimeout { push: u8, client: u8 },
    /// Confirmed delivery is not possible to this client: undeliverable there.
    Undeliverable { push: u8, client: u8 },

    // ---- clock (internal to "clock") ----
    /// Time advances to `now` (`horizon + 1`: beyond every deadline).
    Tick { now: Tick },
}

/// A request the PPG has received and not answered yet (the PI is a sequential HTTP client: one
/// request at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiRequest {
    Submit(u8),
    Bad(BadDocument),
    Cancel(u8),
    StatusQuery(u8),
    Ccq(u8),
}

/// The PPG's record of one push-id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PpgRecord {
    /// Never accepted (a refused submission leaves it here).
    Unknown,
    /// Accepted, not final. `sends`: OTA transmissions so far (confirmed pushes only; an
    /// unconfirmed push is delivered by its one transmission). `ack_deadline`: when a confirmed
    /// push times out, set by its first transmission.
    Pending {
        sends: u8,
        ack_deadline: Option<Tick>,
    },
    /// A final state (never Pending or Unknown).
    Final(MsgState),
}

impl PpgRecord {
    /// The PAP message-state this record answers to a status query.
    pub const fn msg_state(self) -> MsgState {
        match self {
            PpgRecord::Unknown => MsgState::Unknown,
            PpgRecord::Pending { .. } => MsgState::Pending,
            PpgRecord::Final(s) => s,
        }
    }
}

/// The push client's record of one push-id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientRecord {
    /// Times the push was presented to the application (OTA-DUPLICATE: at most once).
    pub presented: u8,
    /// A first copy arrived and the client has not presented it yet (urgent).
    pub present_owed: bool,
    /// A confirmed copy arrived that the client has not answered yet (urgent).
    pub owed: bool,
    /// The client's answer, once given; a retransmission is answered the same way.
    pub decision: Option<Reply>,
    /// History: a copy of an unconfirmed push reached the client after it had presented the push
    /// (OTA-DUPLICATE; a confirmed copy shows in `owed` instead).
    pub repeat_after_present: bool,
}

/// Where the result notification of one push-id stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RnState {
    #[default]
    NotSent,
    /// Sent with this state; the PI has not answered yet.
    Sent(MsgState),
    /// Sent with this state and answered by the PI.
    Answered(MsgState),
}

impl RnState {
    /// The state the notification carried, once sent.
    pub const fn carried(self) -> Option<MsgState> {
        match self {
            RnState::NotSent => None,
            RnState::Sent(s) | RnState::Answered(s) => Some(s),
        }
    }
}

/// What the PI and the PPG's answers did with one push-id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PushSlot {
    /// The PI has submitted this template at least once.
    pub submitted: bool,
    /// History: how often the PPG answered 1001 for this push-id (PAP-PUSHID-DUP: at most once).
    pub accepts: u8,
}

/// Everything about the delivery of one push-id to one of its addresses (one per address of
/// the template: PAP keeps a message state per address, PAP-MULTI-ADDRESS). The slots of all
/// templates are laid out in template order, each template's in the order of its `clients`
/// (see [`crate::ppg::PpgModel::dest_index`]); a template with one client has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DestSlot {
    /// The PPG's record of the push at this address.
    pub ppg: PpgRecord,
    /// OTA copies on the bearer.
    pub ota_in_flight: u8,
    /// Client answers on the bearer (all equal to the client's decision).
    pub replies_in_flight: u8,
    /// The client's record.
    pub client: ClientRecord,
    /// The result notification about this address.
    pub rn: RnState,
    /// History: result notifications sent about this address (PAP-RN-ONCE: at most once).
    pub rn_count: u8,
    /// History: the first final state the PPG reached here (PAP-FINAL-STABLE).
    pub first_final: Option<MsgState>,
}

impl DestSlot {
    pub(crate) const fn new() -> Self {
        Self {
            ppg: PpgRecord::Unknown,
            ota_in_flight: 0,
            replies_in_flight: 0,
            client: ClientRecord {
                presented: 0,
                present_owed: false,
                owed: false,
                decision: None,
                repeat_after_present: false,
            },
            rn: RnState::NotSent,
            rn_count: 0,
            first_final: None,
        }
    }
}

/// The whole system: PI, PPG, bearer, clients and clock.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State {
    /// The clock; `horizon + 1` is "beyond every deadline".
    pub now: Tick,
    /// The PI request the PPG owes an answer to.
    pub pi_request: Option<PiRequest>,
    /// PI requests left (see [`PpgConfig::pi_requests`]).
    pub pi_budget: u8,
    /// Bearer duplications left.
    pub duplications_left: u8,
    /// One slot per push-id.
    pub pushes: Vec<PushSlot>,
    /// One slot per (push-id, address), see [`DestSlot`].
    pub dests: Vec<DestSlot>,
    /// Transition monitors: bit `k` set when a transition broke the rule of [`Monitor`] `k`.
    pub monitor: u32,
}
