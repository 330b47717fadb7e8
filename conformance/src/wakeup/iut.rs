//! Adapters of the wake-up protocol's IUT roles.
//!
//! - [`UiccAdapter`] (IUT role `uicc`): drives a [`ApduTransport`] (the reference UICC in
//!   process, [`InProcess`]; a card behind PC/SC). Each C-APDU stimulus is transmitted and the
//!   R-APDU collected as the UICC's output, mapped by [`decode_rapdu`]. The adapter plays the
//!   terminal faithfully where the card chooses values the model abstracts: FETCH asks for the
//!   length the card's last `91 xx` announced, and a TERMINAL RESPONSE echoes the command
//!   details of the command the card actually served (TS 102 223 6.8). The wire form returned
//!   for such a stimulus is the rewritten one.
//! - [`TerminalAdapter`] (IUT role `terminal`): a fresh reference terminal per vector, configured
//!   from the model's TERMINAL PROFILE ([`terminal_config_for`]); R-APDUs and environment events
//!   are fed to it, the C-APDU it then sends is collected and mapped by [`decode_capdu`] (which
//!   checks the FETCH length against the `91 xx` it was given and the TERMINAL RESPONSE's echo
//!   against the command it was served).

use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::dmsc::event::Event;
use crate::dmsc::reference::terminal::{ReferenceTerminal, TerminalConfig};
use crate::dmsc::reference::terminal_mutants::{TerminalMutant, TerminalWakeupMutant};
use crate::dmsc::reference::uicc::{ReferenceUicc, TriggerMethod, UiccConfig};
use crate::dmsc::reference::uicc_mutants::{UiccMutant, UiccWakeupMutant};
use crate::dmsc::{ApduTransport, InProcess};
use crate::vector::Wire;
use crate::wakeup::bind::{self, DecodeContext, decode_capdu, decode_rapdu, kind};
use crate::wakeup::{ROLE_TERMINAL, ROLE_UICC, model_config};
use pushwake_codecs::hex;
use pushwake_model::wakeup::{
    Action, BadCommand, Capdu, ProCmd, Profile, Rapdu, State, Uicc, WakeupConfig, WakeupModel,
};
use stateright::Model;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

fn setup_error(e: impl Into<String>) -> AdapterError {
    AdapterError::Setup(e.into())
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

/// The action of a stimulus and its bytes (hex wire) or event (JSON wire).
fn stimulus(msg: &Message) -> Result<(Action, Option<Wire>), AdapterError> {
    let action: Action = serde_json::from_value(msg.action.clone())
        .map_err(|e| AdapterError::Unsupported(format!("not a wake-up model action: {e}")))?;
    Ok((action, msg.wire.clone()))
}

fn wire_bytes(wire: Option<&Wire>) -> Result<Vec<u8>, AdapterError> {
    let w = wire.ok_or_else(|| setup_error("stimulus without wire form"))?;
    let h = w
        .hex
        .as_deref()
        .ok_or_else(|| setup_error("stimulus wire form without hex"))?;
    hex::decode(h).map_err(|e| setup_error(format!("stimulus hex: {e}")))
}

// ---------------------------------------------------------------------------------------------
// The UICC.

/// The reference UICC's configuration for the wake-up suites: every wake-up of the model's
/// `wake_on`, the on-line trigger (SEND SHORT MESSAGE, one proactive command: the end of the
/// wake-up in the model's terms) without the SCWS and without the off-line trigger (whose
/// Terminal Applications registration the wake-up model leaves to dm_trigger), every idle STATUS
/// a wake-up when STATUS wakes it, and no retry after general result `20` (which the model does
/// not describe).
pub fn uicc_config_for(config: &WakeupConfig) -> UiccConfig {
    let w = config.wake_on;
    UiccConfig {
        wake_on_power_on: w.power_on,
        location_status: w.location,
        timer: w.timer,
        status_wakeup_polls: w.status.then_some(1),
        call_control: w.call_control,
        trigger: TriggerMethod::Online,
        fallback_to_online: false,
        scws: false,
        busy_retries: 0,
        ..UiccConfig::wakeup_only()
    }
}

/// Makes a transport to a fresh UICC per vector.
pub type TransportMaker =
    Box<dyn Fn(&WakeupConfig) -> Result<Box<dyn ApduTransport>, AdapterError> + Send + Sync>;

/// The factory of the UICC adapter.
pub struct UiccFactory {
    spec: String,
    config: WakeupConfig,
    make: TransportMaker,
    vector_timeout: Option<Duration>,
}

impl UiccFactory {
    /// A factory whose adapters reach their UICC through what `make` returns.
    pub fn new(spec: String, config: WakeupConfig, make: TransportMaker) -> Self {
        Self {
            spec,
            config,
            make,
            vector_timeout: None,
        }
    }
}

/// One card, one terminal at a time: vectors run in parallel, a card in a reader serves them one
/// after the other. An adapter holds the gate from its creation until it is dropped.
#[derive(Debug, Default)]
struct Gate {
    busy: Mutex<bool>,
    free: Condvar,
}

impl Gate {
    fn enter(self: &Arc<Self>) -> GateTicket {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while *busy {
            busy = self.free.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy = true;
        GateTicket(Arc::clone(self))
    }
}

#[derive(Debug)]
struct GateTicket(Arc<Gate>);

impl Drop for GateTicket {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.0.free.notify_one();
    }
}

/// A transport used under a [`Gate`] ticket, released after the transport is closed.
struct Gated {
    transport: Option<Box<dyn ApduTransport>>,
    _ticket: GateTicket,
}

impl ApduTransport for Gated {
    fn reset(&mut self) -> Result<Vec<u8>, crate::dmsc::TransportError> {
        match self.transport.as_mut() {
            Some(t) => t.reset(),
            None => Err(crate::dmsc::TransportError("transport closed".to_owned())),
        }
    }
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, crate::dmsc::TransportError> {
        match self.transport.as_mut() {
            Some(t) => t.transmit(command),
            None => Err(crate::dmsc::TransportError("transport closed".to_owned())),
        }
    }
}

impl Drop for Gated {
    fn drop(&mut self) {
        // Disconnect from the card before the next vector may connect.
        self.transport.take();
    }
}

/// Longest a vector against a card in a PC/SC reader may take, waiting for the card included
/// (vectors queue for the one card).
pub const PCSC_VECTOR_TIMEOUT: Duration = Duration::from_secs(600);

/// The factory of `pcsc:READER` / `pcsc:uicc?reader=READER`: the card in a PC/SC reader, one
/// vector at a time, each connecting exclusively and resetting the card cold.
pub fn pcsc_uicc(spec: String, reader: String, config: WakeupConfig) -> UiccFactory {
    let gate = Arc::new(Gate::default());
    let mut f = UiccFactory::new(
        spec,
        config,
        Box::new(move |_c: &WakeupConfig| {
            let ticket = gate.enter();
            let t = crate::dmsc::pcsc::PcscTransport::open(
                &reader,
                crate::dmsc::pcsc::DEFAULT_CARD_WAIT,
            )
            .map_err(|e| AdapterError::Iut(e.to_string()))?;
            Ok(Box::new(Gated {
                transport: Some(Box::new(t)),
                _ticket: ticket,
            }) as Box<dyn ApduTransport>)
        }),
    );
    f.vector_timeout = Some(PCSC_VECTOR_TIMEOUT);
    f
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
        Ok(Box::new(UiccAdapter {
            config: self.config.clone(),
            transport: (self.make)(&self.config)?,
            out: VecDeque::new(),
            announced: None,
            served: None,
            served_cmd: None,
        }))
    }
}

/// The factory of `reference:uicc[?mutant=NAME]`: the reference UICC in process.
pub fn reference_uicc(
    spec: String,
    mutant: Option<UiccWakeupMutant>,
    config: WakeupConfig,
) -> UiccFactory {
    let mutant = mutant.map(UiccMutant::from);
    UiccFactory::new(
        spec,
        config,
        Box::new(move |c: &WakeupConfig| {
            Ok(Box::new(InProcess(ReferenceUicc::with_mutant(
                uicc_config_for(c),
                mutant,
            ))) as Box<dyn ApduTransport>)
        }),
    )
}

/// The UICC driven through an [`ApduTransport`]. See the module documentation.
pub struct UiccAdapter {
    config: WakeupConfig,
    transport: Box<dyn ApduTransport>,
    out: VecDeque<Result<Message, AdapterError>>,
    /// SW2 of the card's last `91 xx`.
    announced: Option<u8>,
    /// The command details (number, type, qualifier) of the command the card last served.
    served: Option<[u8; 3]>,
    /// That command, abstractly (a rendered TERMINAL RESPONSE carries its objects).
    served_cmd: Option<ProCmd>,
}

impl UiccAdapter {
    /// Rewrite a C-APDU so that it is the terminal's faithful answer to what the card did.
    fn rewrite(&self, c: Capdu, mut bytes: Vec<u8>) -> Vec<u8> {
        match c {
            Capdu::Fetch => {
                if let (Some(n), Some(le)) = (self.announced, bytes.get_mut(4)) {
                    *le = n;
                }
            }
            Capdu::TerminalResponse(_) | Capdu::StrayResponse => {
                // `80 14 00 00 Lc 81 03 nn tt qq ...`
                if let Some([n, t, q]) = self.served
                    && bytes.get(5..7) == Some(&[0x81, 0x03][..])
                    && let Some(d) = bytes.get_mut(7..10)
                {
                    d.copy_from_slice(&[n, t, q]);
                }
            }
            _ => {}
        }
        bytes
    }
}

impl Adapter for UiccAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        if !setup.config.is_null() {
            self.config = model_config(&setup.config).map_err(setup_error)?;
        }
        self.transport
            .reset()
            .map_err(|e| AdapterError::Iut(e.to_string()))?;
        self.out.clear();
        self.announced = None;
        self.served = None;
        self.served_cmd = None;
        Ok(())
    }

    fn stimulate(&mut self, stimulus_msg: &Message) -> Result<Message, AdapterError> {
        let (action, wire) = stimulus(stimulus_msg)?;
        if action == Action::TimeElapsed {
            // A clock step: the UICC has no clock (its timers run in the terminal).
            return Ok(Message {
                action: stimulus_msg.action.clone(),
                wire: None,
            });
        }
        let Action::Receive(c) = action else {
            return Err(AdapterError::Unsupported(format!(
                "{action:?} is not an input of the UICC"
            )));
        };
        // A re-planned stimulus comes without wire form: render it (the FETCH length and the
        // echoed command details are the card's, rewritten below).
        let rendered = match wire {
            Some(w) => wire_bytes(Some(&w))?,
            None => bind::command_apdu(
                &WakeupModel::new(self.config.clone()).map_err(setup_error)?,
                &Uicc::default(),
                self.served_cmd,
                c,
            )
            .encode()
            .map_err(|e| setup_error(format!("stimulus does not encode: {e}")))?,
        };
        let bytes = self.rewrite(c, rendered);
        let response = self
            .transport
            .transmit(&bytes)
            .map_err(|e| AdapterError::Iut(e.to_string()))?;
        let mapped = decode_rapdu(&response, c).map(|(r, details)| {
            match r {
                Rapdu::Pending => self.announced = response.last().copied(),
                Rapdu::Command(cmd) => {
                    self.served = details;
                    self.served_cmd = Some(cmd);
                    self.announced = None;
                }
                _ => {}
            }
            message(&Action::Respond(r), hex_wire(kind::RAPDU, &response))
        });
        self.out.push_back(mapped);
        Ok(message(&action, hex_wire(kind::APDU, &bytes)))
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        let mut v = Vec::new();
        while let Some(m) = self.out.pop_front() {
            v.push(m?);
        }
        Ok(v)
    }
}

// ---------------------------------------------------------------------------------------------
// The terminal.

/// The reference terminal's configuration for a model profile: the facilities the profile flags
/// name, no Terminal Applications envelope (class "k" belongs to dm_trigger), no terminal server
/// mode, the call control of the card on when the profile declares it, a STATUS poll every
/// [`crate::dmsc::conventions::WAKEUP_TIMER_SECS`] (one clock advance).
pub fn terminal_config_for(profile: Profile) -> TerminalConfig {
    TerminalConfig {
        timer_management: profile.timer,
        event_location_status: profile.location_status,
        event_data_available: false,
        event_channel_status: false,
        call_control: profile.call_control,
        card_call_control: profile.call_control,
        bip: profile.open_channel,
        terminal_server_mode: false,
        terminal_applications: false,
        send_short_message: profile.send_sms,
        sms_bearer: profile.send_sms,
        status_poll_interval_secs: crate::dmsc::conventions::WAKEUP_TIMER_SECS,
        ..TerminalConfig::default()
    }
}

/// The factory of `reference:terminal[?mutant=NAME]`.
#[derive(Clone, Debug)]
pub struct TerminalFactory {
    spec: String,
    config: WakeupConfig,
    mutant: Option<TerminalWakeupMutant>,
}

/// The factory of `reference:terminal[?mutant=NAME]`.
pub fn reference_terminal(
    spec: String,
    mutant: Option<TerminalWakeupMutant>,
    config: WakeupConfig,
) -> TerminalFactory {
    TerminalFactory {
        spec,
        config,
        mutant,
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
        Ok(Box::new(TerminalAdapter::new(
            self.config.clone(),
            self.mutant,
        )))
    }
}

/// The reference terminal driven in process. See the module documentation.
pub struct TerminalAdapter {
    config: WakeupConfig,
    mutant: Option<TerminalWakeupMutant>,
    terminal: ReferenceTerminal,
    ctx: DecodeContext,
    /// The model state the exchange so far leads to (the UICC's side as the tester plays it),
    /// for rendering re-planned stimuli: `91 xx` announces the command the UICC serves next.
    /// `None` once the exchange left the model (the runner judges that).
    shadow: Option<State>,
}

impl TerminalAdapter {
    fn model(&self) -> Option<WakeupModel> {
        WakeupModel::new(self.config.clone()).ok()
    }

    /// Apply `actions` to the shadow state.
    fn advance(&mut self, actions: &[Action]) {
        self.shadow = match (self.model(), self.shadow.take()) {
            (Some(m), Some(s)) => step(&m, s, actions),
            _ => None,
        };
    }

    /// The wire form of a stimulus that came without one.
    fn render(&self, action: &Action) -> Result<Wire, AdapterError> {
        let m = self
            .model()
            .ok_or_else(|| setup_error("model configuration"))?;
        let s = self.shadow.clone().unwrap_or_default();
        // An R-APDU is rendered from the state where the UICC has answered it (`91 xx`
        // announces the command it serves next).
        let state = match action {
            Action::Deliver(r) => step(&m, s.clone(), &[Action::Respond(*r)]).unwrap_or(s),
            _ => s,
        };
        bind::render(&m, &state, action)
            .ok_or_else(|| setup_error(format!("{action:?} has no wire form")))
    }
}

/// The UICC's hidden choices (a tester playing the UICC): a negative command, a new event list.
fn hidden_choices() -> impl Iterator<Item = Action> {
    BadCommand::ALL
        .into_iter()
        .map(Action::QueueBad)
        .chain([true, false].map(|location| Action::ChangeEventList { location }))
}

/// `s` after `actions`, inserting the UICC's hidden choice (a negative command, a new event list)
/// where the next action needs one; `None` when the model does not allow them.
fn step(m: &WakeupModel, mut s: State, actions: &[Action]) -> Option<State> {
    for a in actions {
        s = m.next_state(&s, *a).or_else(|| {
            hidden_choices().find_map(|h| m.next_state(&s, h).and_then(|t| m.next_state(&t, *a)))
        })?;
    }
    Some(s)
}

/// `s` after the UICC answers `r` and the terminal receives it, where the tester's wire form
/// `wire` of the answer (when given) decides among the UICC's hidden choices: `91 xx` announces
/// the length of the command the UICC serves next, which a hidden choice may change.
fn deliver(m: &WakeupModel, s: &State, r: Rapdu, wire: Option<&Wire>) -> Option<State> {
    let candidates = std::iter::once(Some(s.clone()))
        .chain(hidden_choices().map(|h| m.next_state(s, h)))
        .flatten();
    let mut first = None;
    for c in candidates {
        let Some(t) = m.next_state(&c, Action::Respond(r)) else {
            continue;
        };
        let fits =
            wire.is_none_or(|w| bind::render(m, &t, &Action::Deliver(r)).as_ref() == Some(w));
        if fits {
            return m.next_state(&t, Action::Deliver(r));
        }
        first.get_or_insert(t);
    }
    first.and_then(|t| m.next_state(&t, Action::Deliver(r)))
}

impl TerminalAdapter {
    /// An adapter for `config` (reset replaces it with the vector's).
    pub fn new(config: WakeupConfig, mutant: Option<TerminalWakeupMutant>) -> Self {
        let terminal = Self::fresh(&config, mutant);
        let shadow = WakeupModel::new(config.clone())
            .ok()
            .and_then(|m| m.init_states().into_iter().next());
        Self {
            config,
            mutant,
            terminal,
            ctx: DecodeContext::default(),
            shadow,
        }
    }

    fn fresh(config: &WakeupConfig, mutant: Option<TerminalWakeupMutant>) -> ReferenceTerminal {
        ReferenceTerminal::with_mutant(
            terminal_config_for(config.profile),
            mutant.map(TerminalMutant::Wakeup),
        )
    }
}

impl Adapter for TerminalAdapter {
    fn reset(&mut self, setup: &Setup) -> Result<(), AdapterError> {
        if !setup.config.is_null() {
            self.config = model_config(&setup.config).map_err(setup_error)?;
        }
        self.terminal = Self::fresh(&self.config, self.mutant);
        self.ctx = DecodeContext::default();
        self.shadow = self
            .model()
            .and_then(|m| m.init_states().into_iter().next());
        Ok(())
    }

    fn stimulate(&mut self, stimulus_msg: &Message) -> Result<Message, AdapterError> {
        let (action, wire) = stimulus(stimulus_msg)?;
        let wire = match wire {
            Some(w) => Some(w),
            None => Some(self.render(&action)?),
        };
        match action {
            Action::Deliver(r) => {
                self.shadow = match (self.model(), self.shadow.take()) {
                    (Some(m), Some(s)) => deliver(&m, &s, r, wire.as_ref()),
                    _ => None,
                };
            }
            other => self.advance(&[other]),
        }
        match action {
            Action::PowerOn
            | Action::TimeElapsed
            | Action::LocationChange { .. }
            | Action::Dial { .. } => {
                let text = wire
                    .as_ref()
                    .and_then(|w| w.text.clone())
                    .ok_or_else(|| setup_error("event stimulus without text"))?;
                let event: Event = serde_json::from_str(&text)
                    .map_err(|e| setup_error(format!("event stimulus: {e}")))?;
                let sent = bind::event_wire(&event);
                self.terminal.handle_event(event);
                Ok(message(&action, sent))
            }
            Action::Deliver(r) => {
                let bytes = wire_bytes(wire.as_ref())?;
                match r {
                    Rapdu::Pending => self.ctx.announced = bytes.last().copied(),
                    Rapdu::Command(_) => {
                        self.ctx.announced = None;
                        // `D0 len 81 03 nn tt qq`: the details a TERMINAL RESPONSE must echo
                        // (a malformed command may not have them: then nothing is checked).
                        self.ctx.fetched = command_details(&bytes);
                    }
                    _ => {}
                }
                self.terminal.handle_response(&bytes);
                Ok(message(&action, hex_wire(kind::RAPDU, &bytes)))
            }
            other => Err(AdapterError::Unsupported(format!(
                "{other:?} is not an input of the terminal"
            ))),
        }
    }

    fn collect(&mut self, _timeout: Duration) -> Result<Vec<Message>, AdapterError> {
        let Some(bytes) = self.terminal.poll_command() else {
            return Ok(Vec::new());
        };
        let c = decode_capdu(&bytes, &self.ctx)?;
        self.advance(&[Action::Send(c), Action::Receive(c)]);
        if matches!(c, Capdu::TerminalResponse(_)) {
            self.ctx.fetched = None;
        }
        if c == Capdu::Fetch {
            self.ctx.announced = None;
        }
        Ok(vec![message(
            &Action::Send(c),
            hex_wire(kind::APDU, &bytes),
        )])
    }
}

/// The command details of a proactive command's bytes (`D0 len 81 03 nn tt qq`, one- or
/// two-byte length), if it has them where a well-formed command has.
fn command_details(rapdu: &[u8]) -> Option<[u8; 3]> {
    let body = match rapdu {
        [0xD0, 0x81, _, rest @ ..] => rest,
        [0xD0, _, rest @ ..] => rest,
        _ => return None,
    };
    match body {
        [0x81 | 0x01, 0x03, n, t, q, ..] => Some([*n, *t, *q]),
        _ => None,
    }
}

impl std::fmt::Debug for UiccFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UiccFactory")
            .field("spec", &self.spec)
            .finish()
    }
}

impl std::fmt::Debug for UiccAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UiccAdapter")
            .field("announced", &self.announced)
            .field("served", &self.served)
            .finish()
    }
}

impl std::fmt::Debug for TerminalAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalAdapter")
            .field("mutant", &self.mutant)
            .field("ctx", &self.ctx)
            .finish()
    }
}
