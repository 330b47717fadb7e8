//! The DM trigger protocol's message kinds for `pushwake decode` / `encode`: the SMS-DELIVER
//! that carries a DM notification to the terminal (the `sms` event's TPDU), and the binding's DM
//! packages over the SCWS channel. The CAT, APDU, Package #0 and SMS-SUBMIT kinds are the
//! codecs' own ([`crate::kinds::KINDS`]).

use super::bind;
use crate::kinds::{Kind, from_json, to_json};
use pushwake_codecs::error::{DecodeError, ErrorKind};
use pushwake_codecs::pkg0::Package0;
use serde::{Deserialize, Serialize};

/// The JSON of the `sms-deliver` kind.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsDeliver {
    /// TP-OA, E.164 with `+`.
    originator: String,
    /// The General Package #0 it carries.
    notification: Package0,
}

fn decode_sms_deliver(b: &[u8]) -> Result<serde_json::Value, DecodeError> {
    to_json(
        bind::read_sms_deliver(b)
            .map(|(originator, notification)| SmsDeliver {
                originator,
                notification,
            })
            .map_err(|_| DecodeError::new(ErrorKind::Syntax, "SMS-DELIVER", 0)),
    )
}

fn decode_dm_package(b: &[u8]) -> Result<serde_json::Value, DecodeError> {
    let pkg = bind::read_client_package(b).or_else(|_| bind::read_server_package(b));
    to_json(pkg.map_err(|_| DecodeError::new(ErrorKind::Syntax, "DM package", 0)))
}

/// The DM trigger's kinds, sorted by name.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "dm-package",
        description: "a DM package over the SCWS channel as the dm_trigger binding writes it (HTTP/1.1 with a SyncML skeleton: SessionID, MsgID): which package it is. \
                      JSON: \"client-init\", \"provisioning\", \"results\", \"final\", \"misaddressed\", \"wrong-session\"",
        decode: decode_dm_package,
        encode: |v| Ok(bind::dm_package(from_json(v)?)),
    },
    Kind {
        name: "sms-deliver",
        description: "SMS-DELIVER TPDU (TS 23.040 9.2.2.1) carrying a DM notification as a WSP push to WDP port 2948: originator and General Package #0",
        decode: decode_sms_deliver,
        encode: |v| {
            let s: SmsDeliver = from_json(v)?;
            bind::sms_deliver_of(&s.originator, s.notification).map_err(|e| e.to_string())
        },
    },
];
