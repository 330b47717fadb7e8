//! Adapters of the DM trigger protocol's IUT roles.
//!
//! - `uicc`: the tester plays the terminal and drives a UICC through an [`ApduTransport`]: the
//!   reference UICC in process ([`InProcess`] of [`ReferenceUicc`], `reference:uicc`) or a card
//!   over PC/SC (`pcsc:READER`). Two values of a rendered C-APDU are the card's to choose, so the
//!   adapter writes them as the card chose (and reports the bytes it sent): FETCH's Le is the
//!   SW2 of the card's last `91 xx` (CAT-91XX), and a TERMINAL RESPONSE echoes the command
//!   details of the command the card last gave (CAT-TR-ONCE; the binding renders number 1).
//! - `terminal`: the tester plays the UICC and the environment and drives the reference terminal
//!   ([`ReferenceTerminal`], `reference:terminal`): R-APDUs to [`ReferenceTerminal::handle_response`],
//!   events to [`ReferenceTerminal::handle_event`], and after each stimulus the C-APDU it then
//!   sends ([`ReferenceTerminal::poll_command`]; at most one is outstanding).
//!
//! Both map what the IUT emits back through [`DmTriggerBinding`] with a [`DecodeContext`] kept
//! from what crossed (the command last fetched, the parts of a DM package); bytes that name no
//! action of the model are [`AdapterError::Unmappable`].

use super::bind::{DecodeContext, DmTriggerBinding, kind};
use super::{ROLE_TERMINAL, ROLE_UICC};
use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::dmsc::event::Event;
use crate::dmsc::reference::terminal::{ReferenceTerminal, TerminalConfig};
use crate::dmsc::reference::terminal_mutants::TerminalMutant;
use crate::dmsc::reference::uicc::{ReferenceUicc, TriggerMethod, UiccConfig};
use crate::dmsc::reference::uicc_mutants::UiccMutant;
use crate::dmsc::{ApduTransport, InProcess};
use crate::vector::Wire;
use pushwake_codecs::apdu::{CommandApdu, Instruction};
use pushwake_codecs::cat::{CatObject, ProactiveCommand, TerminalResponse};
use pushwake_codecs::hex;
use pushwake_model::dm_trigger::{Action, CApdu, DmPkg, DmTriggerModel, ProCmd, RApdu, State};
use stateright::Model;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

/// The reference UICC as the `dm_trigger` model sees the DM_SC Server: woken by the expiry of its
/// timer (no power-on, STATUS, call control or roaming wake-up, which the `wakeup` protocol
/// covers), the off-line trigger with fall-back to the on-line one, the SCWS.
pub fn reference_uicc_config() -> UiccConfig {
    UiccConfig {
        wake_on_power_on: false,
        location_status: false,
        timer: true,
        status_wakeup_polls: None,
        call_control: false,
        trigger: TriggerMethod::Offline,
        fallback_to_online: true,
        scws: true,
        ..UiccConfig::default()
    }
}

/// The reference terminal as the model sees it: BIP, terminal applications and SMS, no STATUS
/// polling, no call control or location events (the `wakeup` protocol's).
pub fn reference_terminal_config() -> TerminalConfig {
    TerminalConfig {
        event_location_status: false,
        call_control: false,
        card_call_control: false,
        status_poll_interval_secs: 0,
        ..TerminalConfig::default()
    }
}

fn setup_error(what: impl Into<String>) -> AdapterError {
    AdapterError::Setup(what.into())
}

fn message(action: &Action, wire: Wire) -> Message {
    Message {
        action: serde_json::to_value(action).unwrap_or_default(),
        wire: Some(wire),
    }
}

fn hex_wire(kind: &str, bytes: &[u8]) -> Wire {
    Wire {
        kind: kind.to_owned(),
        content_type: None,
        text: None,
        hex: Some(hex::encode_lower(bytes)),
    }
}

/// The model run alongside the IUT from what crossed, to render stimuli a re-planned step
/// carries without a wire form (the runner plans over the model, not the binding). The steps the
/// adapter does not see (the tester's own side of an exchange) are applied with it; what the
/// environment did unseen may leave parts of it behind, which only the rendering of such a
/// stimulus can show.
#[derive(Debug, Default)]
struct Shadow {
    model: Option<DmTriggerModel>,
    state: State,
}

impl Shadow {
    fn new(setup: &Setup) -> Self {
        Self {
            model: super::model_config(&setup.config)
                .ok()
                .and_then(|c| DmTriggerModel::new(c).ok()),
            state: State::default(),
        }
    }

    fn apply(&mut self, action: Action) {
        if let Some(m) = &self.model
            && let Some(next) = m.next_state(&self.state, action)
        {
            self.state = next;
        }
    }

    /// The stimulus's action and wire form (the one given, or rendered here).
    fn stimulus(&self, msg: &Message) -> Result<(Action, Wire), AdapterError> {
        let action: Action = serde_json::from_value(msg.action.clone())
            .map_err(|e| AdapterError::Unsupported(format!("not a dm_trigger action: {e}")))?;
        let wire = match &msg.wire {
            Some(w) => w.clone(),
            None => DmTriggerBinding
                .render(&self.state, &action)
                .ok_or_else(|| {
                    AdapterError::Unsupported(format!("{} has no wire form", msg.action))
                })?,
        };
        Ok((action, wire))
    }
}

fn wire_bytes(wire: &Wire) -> Result<Vec<u8>, AdapterError> {
    hex::decode(wire.hex.as_deref().unwrap_or_default())
        .map_err(|e| setup_error(format!("stimulus hex: {e}")))
}

/// The channel data of a proactive command or TERMINAL RESPONSE object list.
fn channel_data(objects: &[CatObject]) -> Vec<u8> {
    objects
        .iter()
        .find_map(|o| match o {
            CatObject::ChannelData(d) => Some(d.data.0.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Keep the parts of a DM package: add a part, forget a finished package.
fn track_parts(ctx: &mut DecodeContext, part: bool, data: &[u8]) {
    if part {
        ctx.prefix.extend_from_slice(data);
    } else {
        ctx.prefix.clear();
    }
}

// ---------------------------------------------------------------------------------------------
// The UICC.

/// Makes one UICC adapter per vector.
#[allow(missing_debug_implementations)] // holds a transport constructor
pub struct UiccFactory {
    spec: String,
    vector_timeout: Option<Duration>,
    make: Box<dyn Fn() -> Result<Box<dyn ApduTransport>, AdapterError> + Send + Sync>,
}

impl UiccFactory {
    /// `reference:uicc[?mutant=NAME]`.
    pub fn reference(spec: String, mutant: Option<UiccMutant>) -> Self {
        Self {
            spec,
            vector_timeout: None,
            make: Box::new(move || {
                Ok(Box::new(InProcess(ReferenceUicc::with_mutant(
                    reference_uicc_config(),
                    mutant,
                ))))
            }),
        }
    }

    /// Any transport (`pcsc:READER`).
    pub fn with_transport(
        spec: String,
        make: Box<dyn Fn() -> Result<Box<dyn ApduTransport>, AdapterError> + Send + Sync>,
    ) -> Self {
        Self {
            spec,
            vector_timeout: None,
            make,
        }
    }

    /// A vector's deadline when the vector names none (e.g. longer for a card the vectors take
    /// turns on).
    pub fn with_vector_timeout(mut self, timeout: Duration) -> Self {
        self.vector_timeout = Some(timeout);
        self
    }
}

impl AdapterFactory for UiccFactory {
    fn spec(&self) -> &str {
        &self.spec
    }
    fn role(&self) -> &str {
        ROLE_UICC
    }
    fn default_vector_timeout(&self, _vector: &crate::vector::Vector) -> Duration {
        self.vector_timeout
            .unwrap_or(crate::adapter::DEFAULT_VECTOR_TIMEOUT)
    }
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        Ok(Box::new(UiccAdapter::new((self.make)()?)))
    }
}

/// The tester as the terminal, a UICC as the IUT.
#[allow(missing_debug_implementations)] // holds a transport
pub struct UiccAdapter {
    transport: Box<dyn ApduTransport>,
    out: VecDeque<Message>,
    failure: Option<AdapterError>,
    /// SW2 of the card's last `91 xx`.
    announced: Option<u8>,
    /// Number, type and qualifier of the command the card last gave.
    details: Option<[u8; 3]>,
    ctx: DecodeContext,
    shadow: Shadow,
}

impl UiccAdapter {
    /// An adapter over `transport`.
    pub fn new(transport: Box<dyn ApduTransport>) -> Self {
        Self {
            transport,
            out: VecDeque::new(),
            failure: None,
            announced: None,
            details: None,
            ctx: DecodeContext::default(),
            shadow: Shadow::default(),
        }
    }

    /// The C-APDU as the card expects it (see the module doc).
    fn as_card_chose(&self, mut bytes: Vec<u8>) -> Vec<u8> {
        let ins = bytes.get(1).copied().map(Instruction);
        if ins == Some(Instruction::FETCH)
            && let (Some(n), Some(le)) = (self.announced, bytes.last_mut())
        {
            *le = n;
        }
        // C-APDU header (4), Lc, then command details `81 03 nn tt qq` (CR either way).
        if ins == Some(Instruction::TERMINAL_RESPONSE)
            && let Some(d) = self.details
            && bytes.get(5).is_some_and(|t| t & 0x7F == 0x01)
            && bytes.get(6) == Some(&0x03)
            && let Some(echo) = bytes.get_mut(7..10)
        {
            echo.copy_from_slice(&d);
        }
        bytes
    }

    fn observe(&mut self, rapdu: &[u8]) {
        let wire = hex_wire(kind::RAPDU, rapdu);
        let decoded = DmTriggerBinding.decode_rapdu(rapdu, &self.ctx);
        match decoded {
            Ok(r) => {
                match r {
                    RApdu::Pending => self.announced = rapdu.last().copied(),
                    RApdu::Command { cmd } => {
                        let data = rapdu
                            .get(..rapdu.len().saturating_sub(2))
                            .unwrap_or_default();
                        self.details = data.get(4..7).and_then(|d| d.try_into().ok());
                        if let Ok(pc) = ProactiveCommand::decode(data) {
                            self.details = Some([
                                pc.command_details().number,
                                pc.command_details().command_type.0,
                                pc.command_details().qualifier,
                            ]);
                            if let ProactiveCommand::SendData(s) = &pc {
                                track_parts(
                                    &mut self.ctx,
                                    cmd == ProCmd::SendDmPart,
                                    &s.channel_data.data.0,
                                );
                            }
                        }
                        self.announced = None;
                    }
                    RApdu::Ok | RApdu::Error => {}
                }
                self.shadow.apply(Action::Answer { rapdu: r });
                self.shadow.apply(Action::Deliver {
                    rapdu: r,
                    corruption: None,
                    notification: None,
                });
                self.out
                    .push_back(message(&Action::Answer { rapdu: r }, wire));
            }
            Err(reason) => {
                self.failure = Some(
                    match crate::dm_trigger::bind::forbidden_rapdu(rapdu, &self.ctx) {
                        Some(requirement) => AdapterError::Forbidden {
                            reason,
                            requirement,
                            wire: Some(Box::new(wire)),
                        },
                        None => AdapterError::Unmappable {
                            reason,
                            wire: Some(wire),
                        },
                    },
                );
            }
        }
    }
}

impl Adapter for UiccAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        self.transport
            .reset()
            .map_err(|e| AdapterError::Iut(e.to_string()))?;
        self.shadow = Shadow::new(setup);
        self.out.clear();
        self.failure = None;
        self.announced = None;
        self.details = None;
        self.ctx = DecodeContext::default();
        Ok(())
    }

    fn stimulate(&mut self, msg: &Message) -> Result<Message, AdapterError> {
        let action: Action = serde_json::from_value(msg.action.clone())
            .map_err(|e| AdapterError::Unsupported(format!("not a dm_trigger action: {e}")))?;
        let Action::Receive { apdu, .. } = action else {
            return Err(AdapterError::Unsupported(format!(
                "{} is not an input of the UICC",
                msg.action
            )));
        };
        // The terminal's side of the exchange (an environment step of this role).
        if self.shadow.state.c_wire != Some(apdu) {
            self.shadow.apply(Action::Send { apdu });
        }
        let (_, wire) = self.shadow.stimulus(msg)?;
        self.shadow.apply(action);
        let bytes = self.as_card_chose(wire_bytes(&wire)?);
        let rapdu = self
            .transport
            .transmit(&bytes)
            .map_err(|e| AdapterError::Iut(e.to_string()))?;
        self.observe(&rapdu);
        Ok(message(&action, hex_wire(kind::APDU, &bytes)))
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        if let Some(e) = self.failure.take() {
            return Err(e);
        }
        Ok(self.out.drain(..).collect())
    }
}

// ---------------------------------------------------------------------------------------------
// The terminal.

/// Makes one reference terminal adapter per vector (`reference:terminal[?mutant=NAME]`).
#[derive(Debug)]
pub struct TerminalFactory {
    spec: String,
    mutant: Option<TerminalMutant>,
}

impl TerminalFactory {
    /// `reference:terminal[?mutant=NAME]`.
    pub fn reference(spec: String, mutant: Option<TerminalMutant>) -> Self {
        Self { spec, mutant }
    }
}

impl AdapterFactory for TerminalFactory {
    fn spec(&self) -> &str {
        &self.spec
    }
    fn role(&self) -> &str {
        ROLE_TERMINAL
    }
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        Ok(Box::new(TerminalAdapter::new(self.mutant)))
    }
}

/// The tester as the UICC and the environment, the reference terminal as the IUT.
#[derive(Debug)]
pub struct TerminalAdapter {
    mutant: Option<TerminalMutant>,
    terminal: ReferenceTerminal,
    out: VecDeque<Message>,
    failure: Option<AdapterError>,
    ctx: DecodeContext,
    shadow: Shadow,
}

impl TerminalAdapter {
    /// A fresh reference terminal with `mutant`.
    pub fn new(mutant: Option<TerminalMutant>) -> Self {
        Self {
            mutant,
            terminal: ReferenceTerminal::with_mutant(reference_terminal_config(), mutant),
            out: VecDeque::new(),
            failure: None,
            ctx: DecodeContext::default(),
            shadow: Shadow::default(),
        }
    }

    /// The C-APDU the terminal sends now, if any.
    fn poll(&mut self) {
        let Some(capdu) = self.terminal.poll_command() else {
            return;
        };
        let wire = hex_wire(kind::APDU, &capdu);
        if let Some((reason, requirement)) = crate::dm_trigger::bind::forbidden_capdu(&capdu) {
            self.failure = Some(AdapterError::Forbidden {
                reason,
                requirement,
                wire: Some(Box::new(wire)),
            });
            return;
        }
        match DmTriggerBinding.decode_capdu(&capdu, &self.ctx) {
            Ok(apdu) => {
                if let CApdu::Response {
                    cmd: ProCmd::ReceiveData,
                    data: Some(pkg),
                    ..
                } = apdu
                {
                    let data = CommandApdu::decode(&capdu)
                        .ok()
                        .and_then(|c| TerminalResponse::decode(&c.data.0).ok())
                        .map(|tr| channel_data(&tr.objects))
                        .unwrap_or_default();
                    track_parts(&mut self.ctx, pkg == DmPkg::Part, &data);
                }
                self.shadow.apply(Action::Send { apdu });
                self.shadow.apply(Action::Receive {
                    apdu,
                    corruption: None,
                });
                self.out.push_back(message(&Action::Send { apdu }, wire));
            }
            Err(reason) => {
                self.failure = Some(AdapterError::Unmappable {
                    reason,
                    wire: Some(wire),
                });
            }
        }
    }
}

impl Adapter for TerminalAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        *self = Self::new(self.mutant);
        self.shadow = Shadow::new(setup);
        Ok(())
    }

    fn stimulate(&mut self, msg: &Message) -> Result<Message, AdapterError> {
        let action: Action = serde_json::from_value(msg.action.clone())
            .map_err(|e| AdapterError::Unsupported(format!("not a dm_trigger action: {e}")))?;
        // The UICC's side of the exchange (an environment step of this role).
        if let Action::Deliver { rapdu, .. } = action
            && self.shadow.state.r_wire.is_none()
        {
            self.shadow.apply(Action::Answer { rapdu });
        }
        let (_, wire) = self.shadow.stimulus(msg)?;
        self.shadow.apply(action);
        match action {
            Action::Deliver { rapdu, .. } => {
                let bytes = wire_bytes(&wire)?;
                if let RApdu::Command { cmd } = rapdu {
                    self.ctx.fetched = Some(cmd);
                }
                self.terminal.handle_response(&bytes);
            }
            Action::PowerOn
            | Action::TimeElapsed
            | Action::LinkLost
            | Action::SmsArrives { .. } => {
                let text = wire
                    .text
                    .as_deref()
                    .ok_or_else(|| setup_error("event without text"))?;
                let event: Event =
                    serde_json::from_str(text).map_err(|e| setup_error(format!("event: {e}")))?;
                self.terminal.handle_event(event);
            }
            _ => {
                return Err(AdapterError::Unsupported(format!(
                    "{} is not an input of the terminal",
                    msg.action
                )));
            }
        }
        self.poll();
        Ok(message(&action, wire))
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        if let Some(e) = self.failure.take() {
            return Err(e);
        }
        Ok(self.out.drain(..).collect())
    }
}

/// The factory of `reference:ROLE[?mutant=NAME]`.
pub fn reference(
    spec: String,
    role: &str,
    mutant: Option<&str>,
) -> Result<Arc<dyn AdapterFactory>, crate::iut::IutError> {
    use crate::iut::IutError;
    let unknown = |valid: String| IutError::UnknownMutant {
        role: role.to_owned(),
        name: mutant.unwrap_or_default().to_owned(),
        valid,
    };
    match role {
        r if r == ROLE_UICC => {
            let m = match mutant {
                None => None,
                Some(name) => Some(
                    crate::dmsc::reference::uicc_mutants::UiccTriggerMutant::from_name(name)
                        .map(UiccMutant::from)
                        .ok_or_else(|| {
                            unknown(names(
                                crate::dmsc::reference::uicc_mutants::uicc_trigger_mutants(),
                            ))
                        })?,
                ),
            };
            Ok(Arc::new(UiccFactory::reference(spec, m)))
        }
        r if r == ROLE_TERMINAL => {
            let m = match mutant {
                None => None,
                Some(name) => Some(
                    crate::dmsc::reference::terminal_mutants::TerminalTriggerMutant::from_name(
                        name,
                    )
                    .map(TerminalMutant::from)
                    .ok_or_else(|| {
                        unknown(names(
                            crate::dmsc::reference::terminal_mutants::terminal_trigger_mutants(),
                        ))
                    })?,
                ),
            };
            Ok(Arc::new(TerminalFactory::reference(spec, m)))
        }
        other => Err(IutError::UnknownRole {
            role: other.to_owned(),
            valid: format!("{ROLE_UICC}, {ROLE_TERMINAL}"),
        }),
    }
}

fn names(infos: &[crate::mutant::MutantInfo]) -> String {
    infos.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
}
