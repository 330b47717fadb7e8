//! Abstract Push OTA messages between the PPG and the push client (WAP-235-PushOTA).
//!
//! The wire binding is abstracted on purpose: the same two reference implementations are driven
//! in-process, and a wire adapter maps these fields onto one binding. Where each field goes:
//!
//! | field | OTA-WSP (WAP-235 over WSP) | OTA-HTTP | OTA-SIP (seed 004) |
//! |---|---|---|---|
//! | [`OtaPush::ota_id`] | WSP Push-Id (confirmed push) / none for unit push | `X-Wap-Push-Info` / request id [I] | SIP transaction (Call-ID + CSeq) [I] |
//! | [`OtaPush::address`] | bearer address of the client | terminal's push URL | request URI (SIP URI, REQ1) |
//! | [`OtaPush::confirmed`] | ConfirmedPush vs Push / unit push | `X-Wap-Push-OTA-Version` confirmed POST [I] | SIP MESSAGE answered by an ack (REQ7, REQ8) |
//! | [`OtaPush::app_id`] | `X-Wap-Application-Id` header | same header | push meta data (REQ9, WAP-251) |
//! | [`OtaPush::content_type`], [`OtaPush::content`] | WSP headers / data | HTTP entity | SIP body |
//! | [`OtaUplink::Ack`] | Po-ConfirmedPush.cnf | 2xx response [I] | SIP 200 / acknowledgement (REQ8) |
//! | [`OtaUplink::Abort`] | Po-PushAbort.req with a WSP abort reason | error response [I] | SIP error response [I] |
//!
//! Cells marked [I] are inferred from the architecture, not checked against the binding's
//! specification (UNVERIFIED); nothing in this crate depends on them.

use pushwake_codecs::pap::{Address, Priority, StatusCode};
use serde::{Deserialize, Serialize};

/// The application id a push without an `X-Wap-Application-Id` is for (WAP-251 push message;
/// Kannel `parse_appid_header` falls back to the WML user agent, assigned number 2).
pub const DEFAULT_APP_ID: &str = "x-wap-application:wml.ua";

/// Identifies one over-the-air push, chosen by the PPG and echoed by the client's acknowledgement or
/// abort (WAP-235: the WSP Push-Id of a confirmed push). A retransmission reuses the id, which is how
/// the client recognises a duplicate (OTA-DUPLICATE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OtaId(pub u64);

/// A push abort reason (WAP-235 "abort reason", values from WAP-230-WSP Appendix A, Table 35).
/// Open: any octet survives a round trip.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AbortReason(pub u8);

impl AbortReason {
    /// Protocol error, illegal PDU received.
    pub const PROTOERR: Self = Self(0xE0);
    /// Session has been disconnected.
    pub const DISCONNECT: Self = Self(0xE1);
    /// Session has been suspended.
    pub const SUSPEND: Self = Self(0xE2);
    /// Session has been resumed.
    pub const RESUME: Self = Self(0xE3);
    /// The peer is congested and cannot process the SDU.
    pub const CONGESTION: Self = Self(0xE4);
    /// The session connect failed.
    pub const CONNECTERR: Self = Self(0xE5);
    /// The Maximum Receive Unit size was exceeded.
    pub const MRUEXCEEDED: Self = Self(0xE6);
    /// The Maximum Outstanding Requests was exceeded.
    pub const MOREXCEEDED: Self = Self(0xE7);
    /// Peer request.
    pub const PEERREQ: Self = Self(0xE8);
    /// Network error.
    pub const NETERR: Self = Self(0xE9);
    /// User request.
    pub const USERREQ: Self = Self(0xEA);
    /// User refused the push.
    pub const USERRFS: Self = Self(0xEB);
    /// Push message cannot be delivered to the intended destination (no such application).
    pub const USERPND: Self = Self(0xEC);
    /// Push message discarded due to resource shortage.
    pub const USERDCR: Self = Self(0xED);
    /// Content type of the push message cannot be processed.
    pub const USERDCU: Self = Self(0xEE);

    const NAMES: [(Self, &'static str); 15] = [
        (Self::PROTOERR, "PROTOERR"),
        (Self::DISCONNECT, "DISCONNECT"),
        (Self::SUSPEND, "SUSPEND"),
        (Self::RESUME, "RESUME"),
        (Self::CONGESTION, "CONGESTION"),
        (Self::CONNECTERR, "CONNECTERR"),
        (Self::MRUEXCEEDED, "MRUEXCEEDED"),
        (Self::MOREXCEEDED, "MOREXCEEDED"),
        (Self::PEERREQ, "PEERREQ"),
        (Self::NETERR, "NETERR"),
        (Self::USERREQ, "USERREQ"),
        (Self::USERRFS, "USERRFS"),
        (Self::USERPND, "USERPND"),
        (Self::USERDCR, "USERDCR"),
        (Self::USERDCU, "USERDCU"),
    ];

    /// The PAP status code a PPG reports for this abort (PAP-CLIENT-ABORT: a 5xxx code).
    ///
    /// Source: Kannel `gw/wap_push_ppg.c` `ota_abort_to_pap`, which cites WAP-247-PAP 9.14.5 and
    /// maps USERREQ (0xEA) to 5026 with the other reasons at the same offset, i.e.
    /// `5000 + (reason - 0xD0)`. [S] one source; the PAP 9.14.5 table itself is UNVERIFIED here.
    /// A reason below 0xD0 (outside the WSP abort range) is reported as the class code 5000.
    pub fn pap_status(self) -> StatusCode {
        match self.0.checked_sub(0xD0) {
            Some(offset) => StatusCode(5000 + u16::from(offset)),
            None => StatusCode::CLIENT_ABORTED,
        }
    }
}

impl std::fmt::Debug for AbortReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match Self::NAMES.iter().find(|(value, _)| value == self) {
            Some((_, name)) => f.write_str(name),
            None => write!(f, "AbortReason(0x{:02X})", self.0),
        }
    }
}

/// One over-the-air push from the PPG to a client (WAP-235 Po-Push / Po-ConfirmedPush, abstracted).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OtaPush {
    /// Chosen by the PPG; echoed by [`OtaUplink`]; the same on a retransmission.
    pub ota_id: OtaId,
    /// The client address from the PAP `address-value`.
    pub address: Address,
    /// The PI's push-id. Not sent over the air by WAP-235; carried so a tester can correlate an OTA
    /// observation with the PAP submission that caused it.
    pub push_id: String,
    /// Confirmed push (the client must acknowledge, SIPPUSH-REQ8) or unconfirmed (SIPPUSH-REQ7).
    pub confirmed: bool,
    /// Push application id (`X-Wap-Application-Id`, SIPPUSH-REQ9); `None` means the default
    /// application (WML user agent).
    pub app_id: Option<String>,
    /// PAP `quality-of-service/@priority` mapped to the OTA interface (SIPPUSH-REQ15).
    pub priority: Option<Priority>,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// What a client sends back about one confirmed push.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OtaUplink {
    /// The push was received and accepted (WAP-235 confirmed push acknowledgement; SIPPUSH-REQ8).
    Ack { ota_id: OtaId },
    /// The push was refused (WAP-235 push abort; PAP-CLIENT-ABORT).
    Abort { ota_id: OtaId, reason: AbortReason },
}

impl OtaUplink {
    /// The push this uplink answers.
    pub fn ota_id(&self) -> OtaId {
        match self {
            Self::Ack { ota_id } | Self::Abort { ota_id, .. } => *ota_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_userreq_to_5026_as_kannel_does() {
        assert_eq!(AbortReason::USERREQ.pap_status(), StatusCode(5026));
        assert_eq!(AbortReason::USERPND.pap_status(), StatusCode(5028));
        assert_eq!(AbortReason::PROTOERR.pap_status(), StatusCode(5016));
    }

    #[test]
    fn maps_reason_outside_wsp_range_to_class_5000() {
        assert_eq!(AbortReason(0x01).pap_status(), StatusCode::CLIENT_ABORTED);
    }

    #[test]
    fn debug_names_known_and_hexes_unknown_reasons() {
        assert_eq!(format!("{:?}", AbortReason::USERPND), "USERPND");
        assert_eq!(format!("{:?}", AbortReason(0x42)), "AbortReason(0x42)");
    }
}
