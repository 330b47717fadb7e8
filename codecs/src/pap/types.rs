//! Typed PAP 2.0 messages (WAP-247-PAP; element and attribute names as in the PAP 2.0 DTD).
//!
//! Wire values (status codes, message states, delivery methods, priorities) are open: an unknown
//! value survives a round trip so a conformance report can show exactly what an implementation sent.
//!
//! CONTRACT: other crates (models' wire bindings, reference implementations) are written against these
//! types. Extend them; do not rename or remove fields.

use serde::{Deserialize, Serialize};

/// A PAP status code (WAP-247-PAP, "Status Codes"): 1xxx success, 2xxx client error, 3xxx server
/// error, 4xxx service failure, 5xxx client (mobile) aborted. Any number survives a round trip.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(transparent)]
pub struct StatusCode(pub u16);

impl StatusCode {
    pub const OK: Self = Self(1000);
    pub const ACCEPTED_FOR_PROCESSING: Self = Self(1001);
    pub const BAD_REQUEST: Self = Self(2000);
    pub const FORBIDDEN: Self = Self(2001);
    pub const ADDRESS_ERROR: Self = Self(2002);
    pub const ADDRESS_NOT_FOUND: Self = Self(2003);
    pub const PUSH_ID_NOT_FOUND: Self = Self(2004);
    pub const CAPABILITIES_MISMATCH: Self = Self(2005);
    pub const REQUIRED_CAPABILITIES_NOT_SUPPORTED: Self = Self(2006);
    pub const DUPLICATE_PUSH_ID: Self = Self(2007);
    pub const CANCELLATION_NOT_POSSIBLE: Self = Self(2008);
    pub const INTERNAL_SERVER_ERROR: Self = Self(3000);
    pub const NOT_IMPLEMENTED: Self = Self(3001);
    pub const VERSION_NOT_SUPPORTED: Self = Self(3002);
    pub const NOT_POSSIBLE: Self = Self(3003);
    pub const CAPABILITY_MATCHING_NOT_SUPPORTED: Self = Self(3004);
    pub const MULTIPLE_ADDRESSES_NOT_SUPPORTED: Self = Self(3005);
    pub const TRANSFORMATION_FAILURE: Self = Self(3006);
    pub const DELIVERY_METHOD_NOT_POSSIBLE: Self = Self(3007);
    pub const REQUIRED_NETWORK_NOT_AVAILABLE: Self = Self(3009);
    pub const REQUIRED_BEARER_NOT_AVAILABLE: Self = Self(3010);
    pub const SERVICE_FAILURE: Self = Self(4000);
    pub const CLIENT_ABORTED: Self = Self(5000);

    /// The class of the code (1000, 2000, ...): a PI reads a code it does not know as its class.
    pub const fn class(self) -> Self {
        Self(self.0 / 1000 * 1000)
    }
}

/// The state of a push message (WAP-247-PAP, `message-state`). Unknown strings survive.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum MessageState {
    Undeliverable,
    Pending,
    Expired,
    Delivered,
    Aborted,
    Timeout,
    Cancelled,
    Unknown,
    /// A value outside PAP 2.0, kept verbatim.
    Other(String),
}

/// `quality-of-service/@delivery-method`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum DeliveryMethod {
    Confirmed,
    Preferconfirmed,
    Unconfirmed,
    Notspecified,
    Other(String),
}

/// `quality-of-service/@priority`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    High,
    Medium,
    Low,
    Other(String),
}

/// A PAP timestamp, `YYYY-MM-DDThh:mm:ssZ` (UTC), held as seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// `address` (`address-value`, e.g. `WAPPUSH=+15551234567/TYPE=PLMN@ppg.example.com`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Address {
    pub address_value: String,
}

/// `quality-of-service`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct QualityOfService {
    pub priority: Option<Priority>,
    pub delivery_method: Option<DeliveryMethod>,
    pub network: Option<String>,
    pub network_required: Option<bool>,
    pub bearer: Option<String>,
    pub bearer_required: Option<bool>,
}

/// `push-message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PushMessage {
    pub push_id: String,
    pub deliver_before_timestamp: Option<Timestamp>,
    pub deliver_after_timestamp: Option<Timestamp>,
    pub source_reference: Option<String>,
    pub ppg_notify_requested_to: Option<String>,
    pub progress_notes_requested: Option<bool>,
    pub replace_push_id: Option<String>,
    pub replace_method: Option<String>,
    /// One or more `address` elements.
    pub addresses: Vec<Address>,
    pub quality_of_service: Option<QualityOfService>,
}

/// `response-result` / `cancel-result` / ... : a code and an optional description.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ResponseResult {
    pub code: StatusCode,
    pub desc: Option<String>,
}

/// `progress-note`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ProgressNote {
    pub stage: String,
    pub note: Option<String>,
    pub time: Option<Timestamp>,
}

/// `push-response`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PushResponse {
    pub push_id: String,
    pub sender_address: Option<String>,
    pub sender_name: Option<String>,
    pub reply_time: Option<Timestamp>,
    pub progress_notes: Vec<ProgressNote>,
    pub result: ResponseResult,
}

/// `cancel-message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CancelMessage {
    pub push_id: String,
    /// Optional `address` elements restricting the cancel.
    pub addresses: Vec<Address>,
}

/// `cancel-response` with one `cancel-result` per addressed set.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CancelResponse {
    pub push_id: String,
    pub results: Vec<CancelResult>,
}

/// `cancel-result`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CancelResult {
    pub code: StatusCode,
    pub desc: Option<String>,
    pub addresses: Vec<Address>,
}

/// `statusquery-message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct StatusQueryMessage {
    pub push_id: String,
    pub addresses: Vec<Address>,
}

/// `statusquery-response`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct StatusQueryResponse {
    pub push_id: String,
    pub results: Vec<StatusQueryResult>,
}

/// `statusquery-result`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct StatusQueryResult {
    pub message_state: MessageState,
    pub code: StatusCode,
    pub desc: Option<String>,
    pub event_time: Option<Timestamp>,
    pub addresses: Vec<Address>,
}

/// `resultnotification-message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ResultNotificationMessage {
    pub push_id: String,
    pub message_state: MessageState,
    pub code: StatusCode,
    pub desc: Option<String>,
    pub sender_address: Option<String>,
    pub sender_name: Option<String>,
    pub received_time: Option<Timestamp>,
    pub event_time: Option<Timestamp>,
    pub address: Address,
}

/// `resultnotification-response`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ResultNotificationResponse {
    pub push_id: String,
    pub code: StatusCode,
    pub desc: Option<String>,
    pub address: Option<Address>,
}

/// `ccq-message` (client capabilities query).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CcqMessage {
    pub query_id: String,
    pub app_id: Option<String>,
    pub address: Address,
}

/// `ccq-response`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CcqResponse {
    pub query_id: String,
    pub code: StatusCode,
    pub desc: Option<String>,
    pub address: Address,
}

/// `badmessage-response`: only 2000 or 3002 (WAP-247-PAP).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct BadMessageResponse {
    pub code: StatusCode,
    pub desc: Option<String>,
    pub bad_message_fragment: Option<String>,
}

/// One PAP document: the single child of `pap`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum PapMessage {
    PushMessage(PushMessage),
    PushResponse(PushResponse),
    CancelMessage(CancelMessage),
    CancelResponse(CancelResponse),
    StatusqueryMessage(StatusQueryMessage),
    StatusqueryResponse(StatusQueryResponse),
    ResultnotificationMessage(ResultNotificationMessage),
    ResultnotificationResponse(ResultNotificationResponse),
    CcqMessage(CcqMessage),
    CcqResponse(CcqResponse),
    BadmessageResponse(BadMessageResponse),
}

/// A whole PAP document: `pap` with its optional `product-name` and its one message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PapDocument {
    pub product_name: Option<String>,
    pub message: PapMessage,
}

/// A push submission: the PAP control document, the content, and optional client capabilities
/// (WAP-247-PAP, multipart/related with `type="application/xml"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PushSubmission {
    pub control: PapDocument,
    pub content_type: String,
    /// The content entity's `X-Wap-Application-Id` header (WAP-235-PushOTA push header; the
    /// application the push is for, carried over the air as push meta data, seed 004 REQ9).
    #[serde(default)]
    pub app_id: Option<String>,
    pub content: Vec<u8>,
    pub capabilities: Option<Vec<u8>>,
}

// ---------------------------------------------------------------------------------------------
// Wire spellings (PAP 2.0 DTD enumerations). `from_wire` accepts exactly the DTD's values;
// `Other` is written verbatim by `as_wire`, so a test vector can carry a value outside PAP 2.0.

impl MessageState {
    /// The DTD value (`undeliverable`, `pending`, ...), or `None` for anything else.
    pub fn from_wire(s: &str) -> Option<Self> {
        Some(match s {
            "undeliverable" => Self::Undeliverable,
            "pending" => Self::Pending,
            "expired" => Self::Expired,
            "delivered" => Self::Delivered,
            "aborted" => Self::Aborted,
            "timeout" => Self::Timeout,
            "cancelled" => Self::Cancelled,
            "unknown" => Self::Unknown,
            _ => return None,
        })
    }

    /// The attribute value as written on the wire.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::Undeliverable => "undeliverable",
            Self::Pending => "pending",
            Self::Expired => "expired",
            Self::Delivered => "delivered",
            Self::Aborted => "aborted",
            Self::Timeout => "timeout",
            Self::Cancelled => "cancelled",
            Self::Unknown => "unknown",
            Self::Other(s) => s,
        }
    }
}

impl DeliveryMethod {
    /// The DTD value (`confirmed`, `preferconfirmed`, `unconfirmed`, `notspecified`), or `None`.
    pub fn from_wire(s: &str) -> Option<Self> {
        Some(match s {
            "confirmed" => Self::Confirmed,
            "preferconfirmed" => Self::Preferconfirmed,
            "unconfirmed" => Self::Unconfirmed,
            "notspecified" => Self::Notspecified,
            _ => return None,
        })
    }

    /// The attribute value as written on the wire.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Preferconfirmed => "preferconfirmed",
            Self::Unconfirmed => "unconfirmed",
            Self::Notspecified => "notspecified",
            Self::Other(s) => s,
        }
    }
}

impl Priority {
    /// The DTD value (`high`, `medium`, `low`), or `None`.
    pub fn from_wire(s: &str) -> Option<Self> {
        Some(match s {
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            _ => return None,
        })
    }

    /// The attribute value as written on the wire.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Other(s) => s,
        }
    }
}

impl core::fmt::Display for StatusCode {
    /// The decimal code as it appears in a `code` attribute.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl StatusCode {
    /// The name of a code defined by PAP 2.0 (pap-ppg.md, verified), `None` for any other value.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::OK => "OK",
            Self::ACCEPTED_FOR_PROCESSING => "ACCEPTED_FOR_PROCESSING",
            Self::BAD_REQUEST => "BAD_REQUEST",
            Self::FORBIDDEN => "FORBIDDEN",
            Self::ADDRESS_ERROR => "ADDRESS_ERROR",
            Self::ADDRESS_NOT_FOUND => "ADDRESS_NOT_FOUND",
            Self::PUSH_ID_NOT_FOUND => "PUSH_ID_NOT_FOUND",
            Self::CAPABILITIES_MISMATCH => "CAPABILITIES_MISMATCH",
            Self::REQUIRED_CAPABILITIES_NOT_SUPPORTED => "REQUIRED_CAPABILITIES_NOT_SUPPORTED",
            Self::DUPLICATE_PUSH_ID => "DUPLICATE_PUSH_ID",
            Self::CANCELLATION_NOT_POSSIBLE => "CANCELLATION_NOT_POSSIBLE",
            Self::INTERNAL_SERVER_ERROR => "INTERNAL_SERVER_ERROR",
            Self::NOT_IMPLEMENTED => "NOT_IMPLEMENTED",
            Self::VERSION_NOT_SUPPORTED => "VERSION_NOT_SUPPORTED",
            Self::NOT_POSSIBLE => "NOT_POSSIBLE",
            Self::CAPABILITY_MATCHING_NOT_SUPPORTED => "CAPABILITY_MATCHING_NOT_SUPPORTED",
            Self::MULTIPLE_ADDRESSES_NOT_SUPPORTED => "MULTIPLE_ADDRESSES_NOT_SUPPORTED",
            Self::TRANSFORMATION_FAILURE => "TRANSFORMATION_FAILURE",
            Self::DELIVERY_METHOD_NOT_POSSIBLE => "DELIVERY_METHOD_NOT_POSSIBLE",
            Self::REQUIRED_NETWORK_NOT_AVAILABLE => "REQUIRED_NETWORK_NOT_AVAILABLE",
            Self::REQUIRED_BEARER_NOT_AVAILABLE => "REQUIRED_BEARER_NOT_AVAILABLE",
            Self::SERVICE_FAILURE => "SERVICE_FAILURE",
            Self::CLIENT_ABORTED => "CLIENT_ABORTED",
            _ => return None,
        })
    }
}

impl core::fmt::Debug for StatusCode {
    /// `StatusCode(1001 ACCEPTED_FOR_PROCESSING)`, or `StatusCode(2009)` for a code PAP 2.0 does
    /// not name (rustls `enum_builder!` style: the number is always shown, the name when known).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(n) => write!(f, "StatusCode({} {n})", self.0),
            None => write!(f, "StatusCode({})", self.0),
        }
    }
}
