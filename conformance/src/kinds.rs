//! Message kinds for `pushwake decode` / `pushwake encode`: one decoder and one encoder per wire
//! structure, so a lab can read any message as JSON and craft one by hand.
//!
//! Decoding prints the typed message as JSON with the spec's field names; encoding takes the same
//! JSON back to bytes. A decoding error names the structure and the byte offset.

use pushwake_codecs::DecodeError;
use pushwake_codecs::{apdu, cat, pkg0, sms, tlv};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod summary;
pub use summary::Summary;

/// One message kind.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    /// Its name on the command line.
    pub name: &'static str,
    /// What it is, with the spec.
    pub description: &'static str,
    /// Bytes -> JSON.
    pub decode: fn(&[u8]) -> Result<serde_json::Value, DecodeError>,
    /// JSON -> bytes.
    pub encode: fn(&serde_json::Value) -> Result<Vec<u8>, String>,
}

pub(crate) fn to_json<T: Serialize>(
    r: Result<T, DecodeError>,
) -> Result<serde_json::Value, DecodeError> {
    // Serialising our own types to a `Value` cannot fail (no non-string map keys, no NaN).
    r.map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
}

pub(crate) fn from_json<T: DeserializeOwned>(v: &serde_json::Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("JSON does not describe this kind: {e}"))
}

/// The codecs' kinds that no protocol in the registry claims yet (the smart-card codecs, until
/// their protocols land), sorted by name; each protocol adds its own ([`crate::protocol::Protocol::kinds`]).
pub const KINDS: &[Kind] = &[
    Kind {
        name: "apdu",
        description: "command APDU (ETSI TS 102 221): TERMINAL PROFILE, ENVELOPE, FETCH, TERMINAL RESPONSE, STATUS, any other",
        decode: |b| to_json(apdu::CommandApdu::decode(b)),
        encode: |v| {
            from_json::<apdu::CommandApdu>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "ber-tlv",
        description: "one BER-TLV object (ETSI TS 101 220 7.1)",
        decode: |b| to_json(tlv::BerTlvObject::decode(b)),
        encode: |v| {
            from_json::<tlv::BerTlvObject>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "ctlv",
        description: "a sequence of COMPREHENSION-TLV objects (ETSI TS 101 220 7.1.1)",
        decode: |b| to_json(tlv::CtlvObject::decode_all(b)),
        encode: |v| {
            tlv::CtlvObject::encode_all(&from_json::<Vec<tlv::CtlvObject>>(v)?)
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "envelope",
        description: "ENVELOPE data (ETSI TS 102 223 7): event download, timer expiration, call control, terminal applications, SMS-PP download",
        decode: |b| to_json(cat::Envelope::decode(b)),
        encode: |v| {
            from_json::<cat::Envelope>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "pkg0",
        description: "OMA DM Notification General Package #0 (OMA-TS-DM_Notification-V1_2): digest, version, ui-mode, initiator, sessionid, server-identifier",
        decode: |b| to_json(pkg0::Package0::decode(b)),
        encode: |v| {
            from_json::<pkg0::Package0>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "proactive",
        description: "proactive command (ETSI TS 102 223 6.6): OPEN CHANNEL, SEND DATA, RECEIVE DATA, CLOSE CHANNEL, TIMER MANAGEMENT, SET UP EVENT LIST, ...",
        decode: |b| to_json(cat::ProactiveCommand::decode(b)),
        encode: |v| {
            from_json::<cat::ProactiveCommand>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "rapdu",
        description: "response APDU (ETSI TS 102 221 10.2): response data, then SW1 SW2 (91 xx, 93 00, 90 00, ...); the answer to FETCH carries a proactive command",
        decode: |b| to_json(apdu::ResponseApdu::decode(b)),
        encode: |v| {
            from_json::<apdu::ResponseApdu>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "sms",
        description: "DM trigger SMS: SMS-SUBMIT TPDU (TS 23.040) with WDP port 2948 and a WSP push of application/vnd.syncml.notification carrying Package #0",
        decode: |b| to_json(sms::TriggerSms::decode(b)),
        encode: |v| {
            from_json::<sms::TriggerSms>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "status-word",
        description: "status word SW1 SW2 (ETSI TS 102 221 10.2): 90 00, 91 xx, 93 00 and the errors",
        decode: |b| to_json(apdu::StatusWord::decode(b)),
        encode: |v| Ok(from_json::<apdu::StatusWord>(v)?.encode()),
    },
    Kind {
        name: "terminal-profile",
        description: "TERMINAL PROFILE data (ETSI TS 102 223 5.2): BIP, terminal applications, terminal server mode bits",
        decode: |b| to_json(cat::TerminalProfile::decode(b)),
        encode: |v| Ok(from_json::<cat::TerminalProfile>(v)?.encode()),
    },
    Kind {
        name: "terminal-response",
        description: "TERMINAL RESPONSE data (ETSI TS 102 223 6.8): command details, device identities, result with additional information",
        decode: |b| to_json(cat::TerminalResponse::decode(b)),
        encode: |v| {
            from_json::<cat::TerminalResponse>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
    Kind {
        name: "wsp",
        description: "WSP Push PDU (WAP-230 8.2.4.1): TID, PDU type, content type, headers, data",
        decode: |b| to_json(sms::wsp::WspPush::decode(b)),
        encode: |v| {
            from_json::<sms::wsp::WspPush>(v)?
                .encode()
                .map_err(|e| e.to_string())
        },
    },
];

impl Kind {
    /// This kind's one-line decoded view of `bytes` ([`summary`]), if it has one.
    pub fn summary(&self, bytes: &[u8]) -> Option<Summary> {
        summary(self.name, bytes)
    }
}

/// Bytes -> one-line decoded view.
type SummaryFn = fn(&[u8]) -> Summary;

/// The kinds with a one-line decoded view, by wire kind name (a table beside [`KINDS`] rather
/// than a field of [`Kind`], so that the protocols' own `Kind` tables need not change): the
/// smart-card kinds, whose messages a lab reads in TS 31.124 "expected sequence" form. Sorted by
/// name.
const SUMMARIES: &[(&str, SummaryFn)] = &[
    ("apdu", summary::command_apdu),
    ("envelope", |b| match cat::Envelope::decode(b) {
        Ok(e) => summary::envelope_view(&e),
        Err(e) => summary::Summary::undecodable("ENVELOPE", e),
    }),
    ("event", summary::event),
    ("proactive", |b| match cat::ProactiveCommand::decode(b) {
        Ok(p) => summary::proactive_view(&p),
        Err(e) => summary::Summary::undecodable("proactive command", e),
    }),
    ("rapdu", summary::response_apdu),
    ("status-word", |b| match apdu::StatusWord::decode(b) {
        Ok(sw) => summary::status_word_view(sw),
        Err(e) => summary::Summary::undecodable("status word", e),
    }),
    ("terminal-profile", |b| {
        match cat::TerminalProfile::decode(b) {
            Ok(p) => summary::terminal_profile_view(&p),
            Err(e) => summary::Summary::undecodable("TERMINAL PROFILE", e),
        }
    }),
    (
        "terminal-response",
        |b| match cat::TerminalResponse::decode(b) {
            Ok(r) => summary::terminal_response_view(&r),
            Err(e) => summary::Summary::undecodable("TERMINAL RESPONSE", e),
        },
    ),
];

/// The one-line decoded view of a message of wire kind `kind` (TS 31.124 expected-sequence
/// style, see [`summary`]), or `None` for a kind without one (the PPG's XML and text kinds read
/// well as they are).
pub fn summary(kind: &str, bytes: &[u8]) -> Option<Summary> {
    SUMMARIES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, f)| f(bytes))
}

/// Every message kind (the codecs' own and each protocol's), sorted by name.
pub fn all() -> Vec<&'static Kind> {
    let mut all: Vec<&Kind> = KINDS
        .iter()
        .chain(crate::protocol::PROTOCOLS.iter().flat_map(|p| p.kinds()))
        .collect();
    all.sort_by_key(|k| k.name);
    all
}

/// Look a kind up among [`all`].
pub fn find(name: &str) -> Option<&'static Kind> {
    all().into_iter().find(|k| k.name == name)
}
