//! In-process adapters for the reference implementations of the PPG model's roles.
//!
//! - [`ReferencePpgAdapter`] (IUT role `ppg`): a fresh [`Ppg`] per vector, configured from the
//!   model configuration ([`ppg_config_for`]). Every stimulus goes through its wire form and the
//!   codecs (multipart and PAP parsing, the OTA JSON), then into `handle_*`; every output is
//!   written back with the codecs, read again, and mapped to a model action by
//!   [`PpgBinding`]. Outputs are reported in the order they happened: the synchronous HTTP answer
//!   to a request first, then whatever the request queued (an OTA push, a result notification).
//! - [`ReferencePushClientAdapter`] (IUT role `push-client`): a fresh [`PushClient`] per model
//!   client per vector (each with the applications the model registers there), chosen by the
//!   push's address; `OtaDeliver` -> `handle_push`, what it presents -> `Present`, its uplinks ->
//!   `ClientReply`.
//!
//! Time: a clock tick is the timestamp [`clock_time`] gives it. At the tick "beyond every
//! deadline" the model counts every deadline as passed, including the acknowledgement deadline of
//! a push sent there; the PPG adapter therefore runs the reference's pending timers
//! ([`Ppg::poll_timeout`]) after every step taken beyond the horizon, up to
//! [`MAX_BEYOND_TIMERS`] of them.

use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::ppg::bind::{
    self as binding, NOTIFY_TO, OtaPushText, PpgBinding, abort_reason_for, beyond_time,
    classify_bad, clock_time,
};
use crate::ppg::mutants::{PpgMutant, PushClientMutant};
use crate::ppg::reference::ota::{AbortReason, OtaId, OtaUplink};
use crate::ppg::reference::ppg::{MalformedReason, Ppg, PpgConfig, PpgOutput, StatusQueryCode};
use crate::ppg::reference::push_client::{PushClient, PushClientConfig};
use crate::ppg::{ROLE_PPG, ROLE_PUSH_CLIENT};
use crate::vector::Wire;
use pushwake_codecs::pap::{self, PapDocument, PapMessage, Timestamp, multipart};
use pushwake_model::ppg::{self as model, Action, BadDocument, CcqSupport, PpgModel, Reply, Tick};
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// Most reference timers run after one step beyond the horizon. Each run ends a push (or sends a
/// stale one, under a mutant), so a handful per push is plenty; the cap keeps a looping timer from
/// hanging the adapter.
pub const MAX_BEYOND_TIMERS: usize = 64;

/// Most distinct ota-ids the push-client adapter keeps (to map the client's uplinks back to
/// push-ids). The reference client itself remembers at most
/// [`crate::ppg::reference::push_client::DEFAULT_MAX_REMEMBERED`]; a suite delivering more distinct
/// pushes in one vector is refused rather than grown without bound.
pub const MAX_CLIENT_PUSHES: usize = crate::ppg::reference::push_client::DEFAULT_MAX_REMEMBERED;

/// The model configuration a suite carries (`null`: the model's default), checked.
pub fn model_config(value: &serde_json::Value) -> Result<model::PpgConfig, String> {
    let config = if value.is_null() {
        model::PpgConfig::default()
    } else {
        serde_json::from_value(value.clone()).map_err(|e| e.to_string())?
    };
    config.validate().map_err(|e| e.to_string())?;
    Ok(config)
}

/// The reference PPG's configuration for a model configuration: every policy the model fixes,
/// the rest at the reference's defaults.
///
/// - Confirmed delivery is possible except to the clients the model declares unable to
///   acknowledge (`unconfirmed_only_addresses`, PAP-DM-PREFERCONFIRMED / SIPPUSH-REQ8).
/// - The acknowledgement wait is the model's `confirm_timeout` in seconds, with no
///   retransmission: the model's retransmissions are optional (not urgent), so never
///   retransmitting is a behaviour it allows, whereas a retransmission timed by the reference's
///   timer can come when the model's acknowledgement deadline has already passed (beyond the
///   horizon) or while the bearer holds `max_in_flight` copies, which the model forbids (shown
///   by `tests/differential.rs`).
/// - A confirmed push in flight expires at deliver-before (`expire_in_flight`, the model's
///   reading of PAP-TS-BEFORE-EXPIRE); status-query results carry 1000 with a known state
///   (`StatusQueryCode::Ok`, the model's PAP-STATUS-QUERY); expired / timeout / undeliverable
///   carry the model's `rn_failure_code`.
/// - Capability matching is on only where the model says the PPG supports it (`Either` leaves
///   the reference answering 3004, one of the two answers allowed); cancel and status query as
///   the model's `features`, and so is whether a push may name several addresses.
/// - Push-ids are held for ever (`retention_secs` at its maximum): the model keeps every accepted
///   push-id for the whole run (PAP-PUSHID-DUP).
pub fn ppg_config_for(config: &model::PpgConfig) -> PpgConfig {
    let unconfirmed_only_addresses = config
        .clients
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.confirmed_capable)
        // `i < MAX_CLIENTS <= u8::MAX` (the configuration was validated).
        .map(|(i, _)| binding::address(i as u8))
        .collect();
    PpgConfig {
        confirmed_possible: true,
        unconfirmed_only_addresses,
        capability_matching: config.ccq == CcqSupport::Supported,
        ack_timeout_secs: i64::from(config.confirm_timeout) * binding::TICK_SECS,
        max_retransmissions: 0,
        expire_in_flight: true,
        status_query_code: StatusQueryCode::Ok,
        failure_code: config.rn_failure_code,
        cancel_supported: config.features.cancel,
        status_query_supported: config.features.status_query,
        multiple_addresses_supported: config.features.multiple_addresses,
        retention_secs: i64::MAX,
        ..PpgConfig::default()
    }
}

/// The reference push client's configuration for client `client` of a model configuration: the
/// applications the model registers there (all where it names none; a push without an
/// application id is for the default application, the model's `None`), and the WSP abort reason
/// for an unregistered application whose PAP code is the model's `unregistered_abort_code`
/// (USERPND by default, PUSH-APP-UNREGISTERED).
pub fn push_client_config_for(config: &model::PpgConfig, client: u8) -> PushClientConfig {
    let defaults = PushClientConfig::default();
    let registered_app_ids = config
        .clients
        .get(usize::from(client))
        .and_then(|c| c.registered_apps.as_ref())
        .map(|apps| {
            apps.iter()
                .map(|app| app.map_or_else(|| defaults.default_app_id.clone(), binding::app_id))
                .collect()
        });
    PushClientConfig {
        registered_app_ids,
        abort_reason: abort_reason_for(config.unregistered_abort_code)
            .unwrap_or(AbortReason::USERPND),
        ..defaults
    }
}

fn unsupported(what: impl Into<String>) -> AdapterError {
    AdapterError::Unsupported(what.into())
}

fn message(action: &Action, wire: Wire) -> Message {
    Message {
        action: serde_json::to_value(action).unwrap_or_default(),
        wire: Some(wire),
    }
}

/// The action a stimulus carries, and its wire form (the one given, or the binding's). The wire
/// form must stand for the same action: a suite whose two disagree is broken.
fn stimulus(
    model: &PpgModel,
    now: Tick,
    role: &str,
    msg: &Message,
) -> Result<(Action, Wire), AdapterError> {
    let action: Action = serde_json::from_value(msg.action.clone())
        .map_err(|e| unsupported(format!("not a PPG model action: {e}")))?;
    let wire = match &msg.wire {
        Some(w) => w.clone(),
        None => PpgBinding
            .render(model, now, &action)
            .ok_or_else(|| unsupported(format!("{} has no wire form", msg.action)))?,
    };
    let decoded = PpgBinding
        .decode(model, &wire, role)
        .map_err(|e| AdapterError::Setup(format!("stimulus wire form does not decode: {e}")))?;
    if decoded != action {
        return Err(AdapterError::Setup(format!(
            "stimulus wire form stands for {decoded:?}, not {action:?}"
        )));
    }
    Ok((action, wire))
}

fn text(wire: &Wire) -> Result<&str, AdapterError> {
    wire.text
        .as_deref()
        .ok_or_else(|| AdapterError::Setup("stimulus wire form without text".to_owned()))
}

fn parse_doc(wire: &Wire) -> Result<PapDocument, AdapterError> {
    pap::parse(text(wire)?.as_bytes())
        .map_err(|e| AdapterError::Setup(format!("stimulus PAP document does not decode: {e}")))
}

// ---------------------------------------------------------------------------------------------
// The reference PPG.

/// Makes the in-process adapter of one reference implementation, with its mutant if any, per
/// vector: `reference:ppg[?mutant=NAME]` ([`ReferencePpgAdapter`]) and
/// `reference:push-client[?mutant=NAME]` ([`ReferencePushClientAdapter`]).
#[derive(Clone, Debug)]
pub struct ReferenceFactory<Mu> {
    /// The spec string.
    pub spec: String,
    /// The role the reference plays.
    pub role: &'static str,
    /// The mutant, if any.
    pub mutant: Option<Mu>,
    /// The model configuration used when a vector's set-up carries none.
    pub config: model::PpgConfig,
    /// Builds one adapter.
    pub make: fn(model::PpgConfig, Option<Mu>) -> Box<dyn Adapter>,
}

impl<Mu: Copy + Send + Sync> AdapterFactory for ReferenceFactory<Mu> {
    fn spec(&self) -> &str {
        &self.spec
    }
    fn role(&self) -> &str {
        self.role
    }
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        Ok((self.make)(self.config.clone(), self.mutant))
    }
}

/// The factory of `reference:ppg[?mutant=NAME]`.
pub fn reference_ppg(
    spec: String,
    mutant: Option<PpgMutant>,
    config: model::PpgConfig,
) -> ReferenceFactory<PpgMutant> {
    ReferenceFactory {
        spec,
        role: ROLE_PPG,
        mutant,
        config,
        make: |config, mutant| Box::new(ReferencePpgAdapter::new(config, mutant)),
    }
}

/// The factory of `reference:push-client[?mutant=NAME]`.
pub fn reference_push_client(
    spec: String,
    mutant: Option<PushClientMutant>,
    config: model::PpgConfig,
) -> ReferenceFactory<PushClientMutant> {
    ReferenceFactory {
        spec,
        role: ROLE_PUSH_CLIENT,
        mutant,
        config,
        make: |config, mutant| Box::new(ReferencePushClientAdapter::new(config, mutant)),
    }
}

/// The reference PPG driven in-process (IUT role `ppg`). See the module documentation.
#[derive(Clone, Debug)]
pub struct ReferencePpgAdapter {
    model: PpgModel,
    mutant: Option<PpgMutant>,
    /// A reference configuration that replaces the derived one (see
    /// [`ReferencePpgAdapter::with_reference_config`]).
    reference: Option<PpgConfig>,
    ppg: Ppg,
    /// The clock tick last delivered.
    tick: Tick,
    /// The time the PPG was last given.
    now: Timestamp,
    /// The ota-id the PPG used for each push at each address, from its first OTA push there.
    ota_ids: BTreeMap<(u8, u8), OtaId>,
    out: VecDeque<Result<Message, AdapterError>>,
}

impl ReferencePpgAdapter {
    /// An adapter for the model configuration `config` (reset replaces it with the vector's).
    pub fn new(config: model::PpgConfig, mutant: Option<PpgMutant>) -> Self {
        Self::build(config, None, mutant)
    }

    /// An adapter whose reference PPG runs `reference` instead of the configuration derived from
    /// the model's ([`ppg_config_for`]); for showing what a policy the model does not share
    /// changes (the differential tests do), or for a lab's own policy.
    pub fn with_reference_config(
        config: model::PpgConfig,
        reference: PpgConfig,
        mutant: Option<PpgMutant>,
    ) -> Self {
        Self::build(config, Some(reference), mutant)
    }

    fn build(
        config: model::PpgConfig,
        reference: Option<PpgConfig>,
        mutant: Option<PpgMutant>,
    ) -> Self {
        let ppg_config = reference.clone().unwrap_or_else(|| ppg_config_for(&config));
        let ppg = Ppg::with_mutant(ppg_config, mutant);
        Self {
            model: PpgModel { config },
            mutant,
            reference,
            ppg,
            tick: 0,
            now: binding::BASE,
            ota_ids: BTreeMap::new(),
            out: VecDeque::new(),
        }
    }

    /// The reference PPG (for inspection in tests).
    pub fn ppg(&self) -> &Ppg {
        &self.ppg
    }

    fn beyond(&self) -> bool {
        self.tick > self.model.config.horizon
    }

    /// A synchronous answer: written and read back through the PAP codec, then mapped.
    fn answer(&mut self, doc: &PapDocument) {
        let result = self.map_doc(doc);
        self.out.push_back(result);
    }

    fn map_doc(&self, doc: &PapDocument) -> Result<Message, AdapterError> {
        let wire = binding::pap_wire(doc);
        let reread = pap::parse(&pap::write(doc)).map_err(|e| AdapterError::Unmappable {
            reason: format!("PAP document the PPG wrote does not parse: {e}"),
            wire: Some(wire.clone()),
        })?;
        let action = PpgBinding
            .action_from_pap(&self.model, &reread)
            .map_err(|e| with_wire(e, &wire))?;
        Ok(message(&action, wire))
    }

    /// Everything the PPG queued, in order.
    fn drain(&mut self) {
        while let Some(output) = self.ppg.poll_transmit() {
            let result = match output {
                PpgOutput::Ota(push) => {
                    let wire = binding::ota_push_wire(&push);
                    match PpgBinding.action_from_ota_push(&self.model, &push, ROLE_PPG) {
                        Ok(action) => {
                            if let Action::OtaPush {
                                push: index,
                                client,
                                ..
                            } = action
                            {
                                self.ota_ids.insert((index, client), push.ota_id);
                            }
                            Ok(message(&action, wire))
                        }
                        Err(e) => Err(with_wire(e, &wire)),
                    }
                }
                PpgOutput::Pap { to, doc } if to == NOTIFY_TO => self.map_doc(&doc),
                PpgOutput::Pap { to, doc } => Err(AdapterError::Unmappable {
                    reason: format!("a PAP document sent to {to:?}, not to {NOTIFY_TO:?}"),
                    wire: Some(binding::pap_wire(&doc)),
                }),
            };
            self.out.push_back(result);
        }
    }

    /// Beyond the horizon every deadline has passed: run the PPG's pending timers.
    fn settle_beyond(&mut self) {
        let limit = Timestamp(beyond_time().0.saturating_add(binding::BEYOND_SECS));
        for _ in 0..MAX_BEYOND_TIMERS {
            match self.ppg.poll_timeout() {
                Some(t) if t < limit => {
                    self.now = self.now.max(t);
                    self.ppg.handle_timeout(self.now);
                    self.drain();
                }
                _ => break,
            }
        }
    }
}

fn with_wire(e: AdapterError, wire: &Wire) -> AdapterError {
    match e {
        AdapterError::Unmappable { reason, .. } => AdapterError::Unmappable {
            reason,
            wire: Some(wire.clone()),
        },
        other => other,
    }
}

/// The model configuration a vector's set-up asks the reference playing `role` for: the
/// set-up's own (checked), or `current` where it carries none.
fn setup_config(
    setup: &Setup,
    role: &str,
    current: &model::PpgConfig,
) -> Result<model::PpgConfig, AdapterError> {
    if setup.role != role {
        return Err(AdapterError::Setup(format!(
            "reference:{role} plays role {role}, not {}",
            setup.role
        )));
    }
    if setup.config.is_null() {
        Ok(current.clone())
    } else {
        model_config(&setup.config).map_err(AdapterError::Setup)
    }
}

impl Adapter for ReferencePpgAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        let config = setup_config(setup, ROLE_PPG, &self.model.config)?;
        *self = Self::build(config, self.reference.take(), self.mutant);
        Ok(())
    }

    fn stimulate(&mut self, msg: &Message) -> Result<Message, AdapterError> {
        let (action, wire) = stimulus(&self.model, self.tick, ROLE_PPG, msg)?;
        let wire_sent = wire.clone();
        let now = self.now;
        match action {
            Action::Submit { .. } => {
                let ct = wire.content_type.as_deref().unwrap_or_default();
                let sub = multipart::parse(ct, text(&wire)?.as_bytes()).map_err(|e| {
                    AdapterError::Setup(format!("stimulus submission does not decode: {e}"))
                })?;
                let doc = self.ppg.handle_submission(now, sub);
                self.answer(&doc);
            }
            Action::SubmitBad { .. } => {
                let body = text(&wire)?;
                let doc = match pap::parse(body.as_bytes()) {
                    Ok(doc) => self.ppg.handle_pap(now, doc),
                    Err(e) => {
                        let reason = match classify_bad(body, &e) {
                            BadDocument::Malformed => {
                                MalformedReason::BadRequest { fragment: None }
                            }
                            BadDocument::UnsupportedVersion => {
                                MalformedReason::UnsupportedVersion { fragment: None }
                            }
                        };
                        self.ppg.handle_malformed(now, reason)
                    }
                };
                self.answer(&doc);
            }
            Action::Cancel { .. } | Action::StatusQuery { .. } | Action::Ccq { .. } => {
                let doc = parse_doc(&wire)?;
                let answer = self.ppg.handle_pap(now, doc);
                self.answer(&answer);
            }
            Action::ResultNotificationResponse { .. } => {
                let PapMessage::ResultnotificationResponse(response) = parse_doc(&wire)?.message
                else {
                    return Err(AdapterError::Setup(
                        "not a resultnotification-response".to_owned(),
                    ));
                };
                self.ppg.handle_rn_response(now, response);
            }
            Action::ReplyArrive {
                push,
                client,
                reply,
            } => {
                let ota_id = *self.ota_ids.get(&(push, client)).ok_or_else(|| {
                    unsupported(format!(
                        "no OTA push of push {push} to client {client} seen to answer"
                    ))
                })?;
                let uplink = match reply {
                    Reply::Ack => OtaUplink::Ack { ota_id },
                    Reply::Abort { code } => OtaUplink::Abort {
                        ota_id,
                        reason: abort_reason_for(code).ok_or_else(|| {
                            unsupported(format!("no WSP abort reason maps to {code}"))
                        })?,
                    },
                };
                self.ppg.handle_ota(now, uplink);
            }
            Action::Tick { now: tick } => {
                self.tick = tick;
                self.now = self.now.max(clock_time(&self.model, tick));
                self.ppg.handle_timeout(self.now);
            }
            other => return Err(unsupported(format!("{other:?} is not an input of the PPG"))),
        }
        self.drain();
        if self.beyond() {
            self.settle_beyond();
        }
        Ok(Message {
            action: msg.action.clone(),
            wire: Some(wire_sent),
        })
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        let mut messages = Vec::new();
        while let Some(result) = self.out.pop_front() {
            messages.push(result?);
        }
        Ok(messages)
    }
}

// ---------------------------------------------------------------------------------------------
// The reference push client.

/// The reference push client driven in-process (IUT role `push-client`): one client per model
/// client.
#[derive(Clone, Debug)]
pub struct ReferencePushClientAdapter {
    model: PpgModel,
    mutant: Option<PushClientMutant>,
    clients: Vec<PushClient>,
    /// Push-id and address of every push delivered, by client and ota-id (uplinks carry only
    /// the ota-id).
    pushes: BTreeMap<(u8, OtaId), (String, String)>,
    out: VecDeque<Result<Message, AdapterError>>,
}

impl ReferencePushClientAdapter {
    /// An adapter for the model configuration `config`.
    pub fn new(config: model::PpgConfig, mutant: Option<PushClientMutant>) -> Self {
        let clients = (0..config.clients.len())
            // `c < MAX_CLIENTS <= u8::MAX` (the configuration was validated).
            .map(|c| PushClient::with_mutant(push_client_config_for(&config, c as u8), mutant))
            .collect();
        Self {
            model: PpgModel { config },
            mutant,
            clients,
            pushes: BTreeMap::new(),
            out: VecDeque::new(),
        }
    }

    fn drain(&mut self) {
        for c in 0..self.clients.len() {
            // `c < MAX_CLIENTS` (see `new`).
            self.drain_client(c as u8);
        }
    }

    fn drain_client(&mut self, c: u8) {
        let Some(client) = self.clients.get_mut(usize::from(c)) else {
            return;
        };
        let mut presented = Vec::new();
        while let Some(push) = client.poll_presented() {
            presented.push(push);
        }
        let mut uplinks = Vec::new();
        while let Some(uplink) = client.poll_transmit() {
            uplinks.push(uplink);
        }
        // What the client presented to the application (observable through the application
        // interface; OTA-DUPLICATE: once per push, however many copies arrive).
        for push in presented {
            let wire = binding::ota_push_wire(&push);
            let result = PpgBinding
                .action_from_ota_push(&self.model, &push, ROLE_PUSH_CLIENT)
                .and_then(|delivered| match delivered {
                    model::Action::OtaDeliver { push, client, .. } => {
                        Ok(model::Action::Present { push, client })
                    }
                    other => Err(AdapterError::Unmappable {
                        reason: format!("presented push maps to {other:?}"),
                        wire: None,
                    }),
                })
                .map(|action| message(&action, wire));
            self.out.push_back(result);
        }
        for uplink in uplinks {
            let result = match self.pushes.get(&(c, uplink.ota_id())) {
                Some((push_id, address)) => {
                    let text = PpgBinding.uplink_text(&uplink, push_id, address);
                    let wire = binding::ota_uplink_wire(&text);
                    PpgBinding
                        .action_from_uplink(&self.model, &text, ROLE_PUSH_CLIENT)
                        .map(|action| message(&action, wire.clone()))
                        .map_err(|e| with_wire(e, &wire))
                }
                None => Err(AdapterError::Unmappable {
                    reason: format!("uplink for ota-id {:?}, never delivered", uplink.ota_id()),
                    wire: None,
                }),
            };
            self.out.push_back(result);
        }
    }
}

impl Adapter for ReferencePushClientAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        let config = setup_config(setup, ROLE_PUSH_CLIENT, &self.model.config)?;
        *self = Self::new(config, self.mutant);
        Ok(())
    }

    fn stimulate(&mut self, msg: &Message) -> Result<Message, AdapterError> {
        let (action, wire) = stimulus(&self.model, 0, ROLE_PUSH_CLIENT, msg)?;
        let wire_sent = wire.clone();
        match action {
            Action::OtaDeliver { .. } => {
                let parsed: OtaPushText = serde_json::from_str(text(&wire)?)
                    .map_err(|e| AdapterError::Setup(format!("ota-push text: {e}")))?;
                let push = parsed
                    .to_push()
                    .ok_or_else(|| AdapterError::Setup("ota-push content is not hex".to_owned()))?;
                let c = PpgBinding
                    .client_index(&self.model, &push.address.address_value)
                    .map_err(|e| AdapterError::Setup(format!("ota-push address: {e}")))?;
                let key = (c, push.ota_id);
                if self.pushes.len() >= MAX_CLIENT_PUSHES && !self.pushes.contains_key(&key) {
                    return Err(AdapterError::Setup(format!(
                        "more than {MAX_CLIENT_PUSHES} distinct pushes in one vector"
                    )));
                }
                self.pushes.insert(
                    key,
                    (push.push_id.clone(), push.address.address_value.clone()),
                );
                let client = self
                    .clients
                    .get_mut(usize::from(c))
                    .ok_or_else(|| AdapterError::Setup(format!("no client {c}")))?;
                client.handle_push(push);
            }
            // The client keeps no timers (reference::push_client): a clock advance changes nothing.
            Action::Tick { .. } => {}
            other => {
                return Err(unsupported(format!(
                    "{other:?} is not an input of the push client"
                )));
            }
        }
        self.drain();
        Ok(Message {
            action: msg.action.clone(),
            wire: Some(wire_sent),
        })
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        let mut messages = Vec::new();
        while let Some(result) = self.out.pop_front() {
            messages.push(result?);
        }
        Ok(messages)
    }
}
