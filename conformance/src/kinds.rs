//! Message kinds for `pushwake decode` / `pushwake encode`: one decoder and one encoder per wire
//! structure, so a lab can read any message as JSON and craft one by hand.
//!
//! Decoding prints the typed message as JSON with the spec's field names; encoding takes the same
//! JSON back to bytes. A decoding error names the structure and the byte offset.

use pushwake_codecs::DecodeError;
use pushwake_codecs::{pap, pkg0, sms};
use serde::Serialize;
use serde::de::DeserializeOwned;

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

fn to_json<T: Serialize>(r: Result<T, DecodeError>) -> Result<serde_json::Value, DecodeError> {
    // Serialising our own types to a `Value` cannot fail (no non-string map keys, no NaN).
    r.map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
}

fn from_json<T: DeserializeOwned>(v: &serde_json::Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("JSON does not describe this kind: {e}"))
}

/// Every kind, sorted by name.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "pap",
        description: "PAP 2.0 XML document (WAP-247-PAP): push-message, push-response, cancel, status query, ccq, result notification, badmessage-response",
        decode: |b| to_json(pap::parse(b)),
        encode: |v| Ok(pap::write(&from_json::<pap::PapDocument>(v)?)),
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

/// Look a kind up.
pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}
