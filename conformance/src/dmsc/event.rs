//! The environment's stimuli of the terminal (wire kind `event`, JSON text): what a tester
//! playing the UICC and the terminal's surroundings (power, clock, network, user) does to a
//! terminal under test. The reference terminal takes exactly these; an adapter of a real terminal
//! maps each to its own test interface (AT commands, a simulator's control port).

use serde::{Deserialize, Serialize};

/// Whether the terminal has service, and where (TS 102 223 location status: 00 normal service,
/// 01 limited service, 02 no service).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    /// Normal service.
    Normal,
    /// Limited service.
    Limited,
    /// No service.
    None,
}

/// One stimulus of the terminal's environment.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Event {
    /// The terminal is switched on with the UICC inserted: it resets the card, reads the ATR and
    /// sends TERMINAL PROFILE (TS 102 223 5.1, profile download).
    PowerOn,
    /// The clock advances by `seconds`: started CAT timers run down (TIMER EXPIRATION when one
    /// reaches zero), and the idle-mode STATUS poll falls due.
    TimeElapsed {
        /// How far.
        seconds: u32,
    },
    /// The terminal's location changes: it reports it with a location status event where the
    /// UICC registered for one.
    Location {
        /// Mobile country code.
        mcc: u16,
        /// Mobile network code.
        mnc: u16,
        /// The service state.
        service: Service,
    },
    /// The user dials `number` (call control by the UICC, where the UICC asks for it).
    Call {
        /// The dialled number, as typed.
        number: String,
    },
    /// The bearer of BIP channel `channel` is lost.
    LinkDropped {
        /// The channel identifier (1-7).
        channel: u8,
    },
    /// An SMS-DELIVER arrives over the air (the on-line trigger, and the remote trigger of the
    /// DM_SC architecture): its TPDU, hex.
    Sms {
        /// The SMS-DELIVER TPDU, lowercase hex.
        tpdu: String,
    },
}
