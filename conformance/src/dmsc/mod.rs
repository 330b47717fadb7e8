//! What the two DM Smart Card protocols share: `wakeup` (the Card Application Toolkit events
//! that wake the DM_SC Server on the UICC, OMA DM_SC TS clause 6 / ETSI TS 102 223) and
//! `dm_trigger` (the off-line and on-line DM session trigger, DM_SC TS clauses 7 and 8, and the
//! DM session of the DM_SC architecture flows).
//!
//! Both models have the same two IUT roles and the same interface between them, the UICC-terminal
//! interface at the APDU level (ETSI TS 102 221 clause 10):
//!
//! - `uicc`: the UICC hosting the DM_SC Server (its CAT behaviour and the SCWS that serves the DM
//!   session). It answers command APDUs. When it is the IUT the tester plays the terminal.
//! - `terminal`: the terminal (ME): CAT handling (TERMINAL PROFILE, FETCH, TERMINAL RESPONSE,
//!   ENVELOPEs, STATUS, the BIP gateway) and the DM Client. It sends command APDUs and receives
//!   response APDUs; the environment (power, the clock, the user, the network) stimulates it. When
//!   it is the IUT the tester plays the UICC and the environment.
//!
//! Every action that crosses the UICC-terminal boundary is exactly one APDU message:
//!
//! | wire kind | bytes | direction |
//! |---|---|---|
//! | `apdu` | a command APDU (C-APDU), hex | terminal output, UICC input |
//! | `rapdu` | a response APDU (R-APDU: response data, then SW1 SW2), hex | UICC output, terminal input |
//! | `event` | an environment stimulus of the terminal, JSON text ([`event::Event`]) | terminal input |
//!
//! The reference implementations (`dmsc::reference`) are sans-IO and serve both models: the UICC
//! implements [`Card`], so the same object answers the in-process adapter and, served over the
//! vpcd socket, the real PC/SC stack. The tester reaches a UICC through an [`ApduTransport`]:
//! in-process ([`InProcess`]) or PC/SC.
//!
//! [`conventions`] fixes the test data both models, both bindings and both references use.

pub mod conventions;
pub mod event;
pub mod pcsc;
pub mod pcscd;
pub mod reference;
pub mod vpcd;

use std::fmt;

/// A card as the reader sees it: power, reset and one command APDU at a time. The reference UICC
/// implements it; the vpcd server serves any `Card` to pcscd.
pub trait Card: Send {
    /// Cold reset (power on, or reset): forget every volatile state, return the ATR.
    fn reset(&mut self) -> Vec<u8>;
    /// Answer one command APDU with its response APDU (response data, then SW1 SW2). A card
    /// answers every command, a malformed one with an error status word (TS 102 221 10.2.1,
    /// e.g. `67 00` wrong length, `6D 00` instruction not supported, `6E 00` class not supported).
    fn transmit(&mut self, command: &[u8]) -> Vec<u8>;
}

/// Why a transport could not carry an APDU: the harness or the card broke, never evidence
/// about conformance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError(pub String);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransportError {}

/// How the tester, playing the terminal, reaches a UICC.
pub trait ApduTransport: Send {
    /// Cold reset of the card; its ATR.
    fn reset(&mut self) -> Result<Vec<u8>, TransportError>;
    /// Send one command APDU, return the response APDU (data, SW1 SW2).
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError>;
}

/// A [`Card`] in this process, reached directly.
#[derive(Debug)]
pub struct InProcess<C>(pub C);

impl<C: Card> ApduTransport for InProcess<C> {
    fn reset(&mut self) -> Result<Vec<u8>, TransportError> {
        Ok(self.0.reset())
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(self.0.transmit(command))
    }
}
