//! Message kinds for `pushwake decode` / `pushwake encode`: one decoder and one encoder per wire
//! structure, so a lab can read any message as JSON and craft one by hand.
//!
//! Decoding prints the typed message as JSON with the spec's field names; encoding takes the same
//! JSON back to bytes. A decoding error names the structure and the byte offset.

use pushwake_codecs::DecodeError;
use pushwake_codecs::pap::multipart;
use pushwake_codecs::{apdu, cat, pap, pkg0, sms, tlv};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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

/// The JSON of the `multipart` kind: a push submission and the boundary that frames it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Multipart {
    /// The `boundary` parameter: the one read, when decoding; when encoding, the one to use (it
    /// must be able to frame the parts), or absent to let the encoder choose
    /// `pushwake-boundary-N` (`multipart::choose_boundary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    boundary: Option<String>,
    /// The control entity (a PAP push-message), the content and the optional capabilities.
    submission: pap::PushSubmission,
}

fn decode_multipart(b: &[u8]) -> Result<serde_json::Value, DecodeError> {
    to_json(
        multipart::parse_entity(b).map(|(boundary, submission)| Multipart {
            boundary: Some(boundary),
            submission,
        }),
    )
}

fn encode_multipart(v: &serde_json::Value) -> Result<Vec<u8>, String> {
    let m = from_json::<Multipart>(v)?;
    let unsafe_parts = "or content_type is not one line of visible ASCII";
    let boundary = match m.boundary {
        Some(b) if multipart::boundary_is_safe(&m.submission, &b) => b,
        Some(b) => {
            return Err(format!(
                "boundary {b:?} cannot frame this submission: it is not 1 to 70 RFC 2046 \
                 boundary characters, or a part contains \"--{b}\", {unsafe_parts}"
            ));
        }
        None => multipart::choose_boundary(&m.submission).ok_or_else(|| {
            format!(
                "no boundary pushwake-boundary-0 .. -{} can frame this submission (each occurs \
                 in a part, {unsafe_parts}); give one in \"boundary\"",
                multipart::BOUNDARY_CANDIDATES - 1
            )
        })?,
    };
    Ok(multipart::write_entity(&m.submission, &boundary))
}

/// Every kind, sorted by name.
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
        name: "multipart",
        description: "PAP push submission (WAP-247-PAP, RFC 2387 multipart/related): control entity (push-message), content entity, optional capabilities. \
                      Input: the line `Content-Type: multipart/related; boundary=B; type=\"application/xml\"`, CRLF, an empty line (CRLF), then the body with CRLF line ends; \
                      JSON: {\"boundary\", \"submission\"}, encoded back to the same form",
        decode: decode_multipart,
        encode: encode_multipart,
    },
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

/// Look a kind up.
pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}
