//! Typed COMPREHENSION-TLV objects (TS 102 223 clause 8) and the ordered object cursor the
//! message decoders use.
//!
//! Every object keeps its CR bit in `cr` (JSON: omitted when set, which is the default), so a
//! decoded object re-encodes to the same bytes.

use super::values::*;
use super::{Bytes, default_true, is_true};
use crate::error::{DecodeError, DecodeResult, ErrorKind};
use crate::tlv::{Ctlv, CtlvTag, EncodeError, EncodeErrorKind, TlvWriter};

/// A typed COMPREHENSION-TLV object.
pub trait Object: Sized {
    /// Its tag value (CR removed).
    const TAG: TagValue;
    /// Its name in errors, as TS 102 223 clause 8 names it.
    const NAME: &'static str;
    /// Decode the value bytes; `at` is the absolute offset of the first value byte.
    fn decode_value(v: &[u8], at: usize, cr: bool) -> DecodeResult<Self>;
    /// Append the value bytes.
    fn encode_value(&self, out: &mut Vec<u8>) -> Result<(), EncodeError>;
    /// Its CR bit.
    fn cr(&self) -> bool;

    /// Decode from a read object.
    fn from_ctlv(c: &Ctlv<'_>) -> DecodeResult<Self> {
        Self::decode_value(c.value, c.value_offset, c.tag.cr)
    }

    /// Write the whole object (canonical tag).
    fn write(&self, w: &mut TlvWriter) -> Result<(), EncodeError> {
        w.ctlv_with(CtlvTag::new(Self::TAG.0, self.cr()), Self::NAME, |w| {
            let mut v = Vec::new();
            self.encode_value(&mut v)?;
            w.raw(&v);
            Ok(())
        })
    }
}

fn bad(structure: &'static str, at: usize) -> DecodeError {
    DecodeError::new(ErrorKind::InvalidValue, structure, at)
}

/// Exactly `N` value bytes, or `Truncated` / `TrailingData` at the byte where it went wrong.
fn fixed<const N: usize>(v: &[u8], at: usize, structure: &'static str) -> DecodeResult<[u8; N]> {
    match <[u8; N]>::try_from(v) {
        Ok(a) => Ok(a),
        Err(_) if v.len() < N => Err(DecodeError::new(
            ErrorKind::Truncated,
            structure,
            at.saturating_add(v.len()),
        )),
        Err(_) => Err(DecodeError::new(
            ErrorKind::TrailingData,
            structure,
            at.saturating_add(N),
        )),
    }
}

/// At least one byte: the first, and the rest.
fn first<'v>(v: &'v [u8], at: usize, structure: &'static str) -> DecodeResult<(u8, &'v [u8])> {
    v.split_first()
        .map(|(f, r)| (*f, r))
        .ok_or(DecodeError::new(ErrorKind::Truncated, structure, at))
}

macro_rules! object {
    ($(#[$m:meta])* $name:ident, $tag:ident, $label:literal { $($(#[$fm:meta])* $f:ident : $t:ty,)* }
     decode($v:ident, $at:ident) $dec:block
     encode($s:ident, $out:ident) $enc:block) => {
        $(#[$m])*
        #[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            /// Comprehension required (omitted in JSON when set).
            #[serde(default = "default_true", skip_serializing_if = "is_true")]
            pub cr: bool,
        }

        impl Object for $name {
            const TAG: TagValue = TagValue::$tag;
            const NAME: &'static str = $label;
            #[allow(unused_variables)]
            fn decode_value($v: &[u8], $at: usize, cr: bool) -> DecodeResult<Self> {
                let ($($f,)*) = $dec;
                Ok(Self { $($f,)* cr })
            }
            #[allow(unused_variables)]
            fn encode_value(&self, $out: &mut Vec<u8>) -> Result<(), EncodeError> {
                let $s = self;
                $enc
                Ok(())
            }
            fn cr(&self) -> bool {
                self.cr
            }
        }
    };
}

object! {
    /// Command details (TS 102 223 8.6): number, type, qualifier.
    CommandDetails, COMMAND_DETAILS, "command details" {
        /// Command number.
        number: u8,
        /// Type of command.
        command_type: CommandType,
        /// Command qualifier.
        qualifier: u8,
    }
    decode(v, at) { let [n, t, q] = fixed::<3>(v, at, "command details")?; (n, CommandType(t), q) }
    encode(s, out) { out.extend_from_slice(&[s.number, s.command_type.0, s.qualifier]); }
}

object! {
    /// Device identities (TS 102 223 8.7).
    DeviceIdentities, DEVICE_IDENTITIES, "device identities" {
        /// Source device.
        source: DeviceId,
        /// Destination device.
        destination: DeviceId,
    }
    decode(v, at) { let [s, d] = fixed::<2>(v, at, "device identities")?; (DeviceId(s), DeviceId(d)) }
    encode(s, out) { out.extend_from_slice(&[s.source.0, s.destination.0]); }
}

object! {
    /// Result (TS 102 223 8.12): general result and additional information.
    CommandResult, RESULT, "result" {
        /// General result.
        general: GeneralResult,
        /// Additional information on the result (hex).
        additional: Bytes,
    }
    decode(v, at) { let (g, rest) = first(v, at, "result")?; (GeneralResult(g), Bytes::from_slice(rest)) }
    encode(s, out) { out.push(s.general.0); out.extend_from_slice(&s.additional.0); }
}

impl CommandResult {
    /// The BIP error cause when the general result is `3A` (TS 102 223 8.12.11).
    pub fn bip_error(&self) -> Option<BipError> {
        if self.general == GeneralResult::BIP_ERROR {
            self.additional.0.first().map(|b| BipError(*b))
        } else {
            None
        }
    }

    /// The launch browser problem when the general result is `26` (TS 102 223 8.12.10).
    pub fn launch_browser_problem(&self) -> Option<LaunchBrowserProblem> {
        self.cause_if(GeneralResult::LAUNCH_BROWSER_ERROR)
            .map(LaunchBrowserProblem)
    }

    /// The MultipleCard error when the general result is `38` (TS 102 223 8.12.9).
    pub fn multiple_card_error(&self) -> Option<MultipleCardError> {
        self.cause_if(GeneralResult::MULTIPLE_CARD_ERROR)
            .map(MultipleCardError)
    }

    /// The call control problem when the general result is `39` (TS 102 223 8.12.8).
    pub fn call_control_problem(&self) -> Option<CallControlProblem> {
        self.cause_if(GeneralResult::CALL_CONTROL_PERMANENT)
            .map(CallControlProblem)
    }

    /// The frames error when the general result is `3C` (TS 102 223 8.12.12).
    pub fn frames_error(&self) -> Option<FramesError> {
        self.cause_if(GeneralResult::FRAMES_ERROR).map(FramesError)
    }

    fn cause_if(&self, general: GeneralResult) -> Option<u8> {
        if self.general == general {
            self.additional.0.first().copied()
        } else {
            None
        }
    }

    /// The terminal problem when the general result is `20` (TS 102 223 8.12.2).
    pub fn terminal_problem(&self) -> Option<TerminalProblem> {
        if self.general == GeneralResult::TERMINAL_UNABLE {
            self.additional.0.first().map(|b| TerminalProblem(*b))
        } else {
            None
        }
    }
}

object! {
    /// Duration (TS 102 223 8.8): time unit (00 minutes, 01 seconds, 02 tenths) and interval.
    Duration, DURATION, "duration" {
        /// Time unit.
        unit: u8,
        /// Time interval (01-FF).
        interval: u8,
    }
    decode(v, at) { let [u, i] = fixed::<2>(v, at, "duration")?; (u, i) }
    encode(s, out) { out.extend_from_slice(&[s.unit, s.interval]); }
}

object! {
    /// Alpha identifier (TS 102 223 8.2), as stored on the card (hex).
    AlphaIdentifier, ALPHA_IDENTIFIER, "alpha identifier" {
        /// The text bytes (EF-ADN alpha coding).
        text: Bytes,
    }
    decode(v, at) { (Bytes::from_slice(v),) }
    encode(s, out) { out.extend_from_slice(&s.text.0); }
}

object! {
    /// Address (TS 102 223 8.1): TON/NPI and BCD dialling number.
    Address, ADDRESS, "address" {
        /// Type of number and numbering plan identification.
        ton_npi: u8,
        /// Dialling number, BCD, nibble-swapped (hex).
        number: Bytes,
    }
    decode(v, at) { let (t, rest) = first(v, at, "address")?; (t, Bytes::from_slice(rest)) }
    encode(s, out) { out.push(s.ton_npi); out.extend_from_slice(&s.number.0); }
}

object! {
    /// SMS TPDU (TS 102 223 8.13), a 3GPP TS 23.040 TPDU (hex).
    SmsTpdu, SMS_TPDU, "SMS TPDU" {
        /// The TPDU.
        tpdu: Bytes,
    }
    decode(v, at) { (Bytes::from_slice(v),) }
    encode(s, out) { out.extend_from_slice(&s.tpdu.0); }
}

/// The coded content of a text string.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CodedText {
    /// Data coding scheme (TS 23.038): 00 GSM 7-bit packed, 04 GSM 8-bit, 08 UCS2.
    pub dcs: u8,
    /// The coded text (hex).
    pub text: Bytes,
}

object! {
    /// Text string (TS 102 223 8.15); an empty value is the null text string.
    TextString, TEXT_STRING, "text string" {
        /// The coded text; absent for a null string (length 0).
        text: Option<CodedText>,
    }
    decode(v, at) {
        match v.split_first() {
            None => (None,),
            Some((d, t)) => (Some(CodedText { dcs: *d, text: Bytes::from_slice(t) }),),
        }
    }
    encode(s, out) { if let Some(t) = &s.text { out.push(t.dcs); out.extend_from_slice(&t.text.0); } }
}

object! {
    /// Location information (TS 102 223 8.19, TS 31.111 8.19): MCC/MNC (3), LAC or TAC (2), then
    /// the cell identity (2 bytes, or more for the extended UTRAN / E-UTRAN forms), kept as bytes.
    LocationInformation, LOCATION_INFORMATION, "location information" {
        /// MCC and MNC, TS 24.008 coding.
        mcc_mnc: [u8; 3],
        /// Location area code (or tracking area code).
        lac: u16,
        /// Cell identity value and any extension (hex, at least 2 bytes).
        cell_id: Bytes,
    }
    decode(v, at) {
        let head = v.get(..5).ok_or(DecodeError::new(ErrorKind::Truncated, "location information", at.saturating_add(v.len())))?;
        let cell = v.get(5..).unwrap_or_default();
        if cell.len() < 2 {
            return Err(DecodeError::new(ErrorKind::Truncated, "location information", at.saturating_add(v.len())));
        }
        let [m0, m1, m2, l0, l1] = fixed::<5>(head, at, "location information")?;
        ([m0, m1, m2], u16::from_be_bytes([l0, l1]), Bytes::from_slice(cell))
    }
    encode(s, out) {
        if s.cell_id.0.len() < 2 {
            return Err(EncodeError::new(EncodeErrorKind::InvalidValue, "location information"));
        }
        out.extend_from_slice(&s.mcc_mnc);
        out.extend_from_slice(&s.lac.to_be_bytes());
        out.extend_from_slice(&s.cell_id.0);
    }
}

object! {
    /// Event list (TS 102 223 8.25).
    EventList, EVENT_LIST, "event list" {
        /// The events, one byte each.
        events: Vec<EventCode>,
    }
    decode(v, at) { (v.iter().map(|b| EventCode(*b)).collect(),) }
    encode(s, out) { out.extend(s.events.iter().map(|e| e.0)); }
}

object! {
    /// Location status (TS 102 223 8.27).
    LocationStatus, LOCATION_STATUS, "location status" {
        /// The status.
        status: LocationStatusValue,
    }
    decode(v, at) { let [b] = fixed::<1>(v, at, "location status")?; (LocationStatusValue(b),) }
    encode(s, out) { out.push(s.status.0); }
}

object! {
    /// Timer identifier (TS 102 223 8.37): 1-8 identify timers 1-8; other values are kept and
    /// judged by the caller.
    TimerIdentifier, TIMER_IDENTIFIER, "timer identifier" {
        /// The timer number.
        id: u8,
    }
    decode(v, at) { let [b] = fixed::<1>(v, at, "timer identifier")?; (b,) }
    encode(s, out) { out.push(s.id); }
}

/// Decode one nibble-swapped BCD byte (TS 102 223 8.38: low nibble is the tens digit).
fn bcd_swapped(b: u8, at: usize) -> DecodeResult<u8> {
    let tens = b & 0x0F;
    let units = b >> 4;
    if tens > 9 || units > 9 {
        return Err(bad("timer value", at));
    }
    Ok(tens * 10 + units)
}

fn to_bcd_swapped(n: u8) -> Result<u8, EncodeError> {
    if n > 99 {
        return Err(EncodeError::new(
            EncodeErrorKind::InvalidValue,
            "timer value",
        ));
    }
    Ok((n / 10) | ((n % 10) << 4))
}

#[cfg(feature = "arbitrary")]
fn arbitrary_bcd(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<u8> {
    u.int_in_range(0..=99)
}

object! {
    /// Timer value (TS 102 223 8.38): hours, minutes, seconds, each a nibble-swapped BCD byte
    /// (30 seconds is `03`). A nibble above 9 is [`ErrorKind::InvalidValue`].
    TimerValue, TIMER_VALUE, "timer value" {
        /// Hours (0-99).
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_bcd))]
        hours: u8,
        /// Minutes (0-99).
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_bcd))]
        minutes: u8,
        /// Seconds (0-99).
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_bcd))]
        seconds: u8,
    }
    decode(v, at) {
        let [h, m, s] = fixed::<3>(v, at, "timer value")?;
        (bcd_swapped(h, at)?, bcd_swapped(m, at.saturating_add(1))?, bcd_swapped(s, at.saturating_add(2))?)
    }
    encode(s, out) { out.extend_from_slice(&[to_bcd_swapped(s.hours)?, to_bcd_swapped(s.minutes)?, to_bcd_swapped(s.seconds)?]); }
}

impl TimerValue {
    /// The value in seconds.
    pub fn total_seconds(&self) -> u32 {
        u32::from(self.hours) * 3600 + u32::from(self.minutes) * 60 + u32::from(self.seconds)
    }
}

object! {
    /// Date-time and time zone (TS 102 223 8.39): seven nibble-swapped BCD bytes, kept raw.
    DateTimeTimeZone, DATE_TIME_AND_TIME_ZONE, "date-time and time zone" {
        /// YY MM DD hh mm ss TZ.
        value: [u8; 7],
    }
    decode(v, at) { (fixed::<7>(v, at, "date-time and time zone")?,) }
    encode(s, out) { out.extend_from_slice(&s.value); }
}

object! {
    /// Bearer description (TS 102 223 8.52): bearer type and its parameters.
    BearerDescription, BEARER_DESCRIPTION, "bearer description" {
        /// Bearer type.
        bearer_type: BearerType,
        /// Bearer parameters (hex).
        parameters: Bytes,
    }
    decode(v, at) { let (t, rest) = first(v, at, "bearer description")?; (BearerType(t), Bytes::from_slice(rest)) }
    encode(s, out) { out.push(s.bearer_type.0); out.extend_from_slice(&s.parameters.0); }
}

object! {
    /// Channel data (TS 102 223 8.53).
    ChannelData, CHANNEL_DATA, "channel data" {
        /// The data (hex).
        data: Bytes,
    }
    decode(v, at) { (Bytes::from_slice(v),) }
    encode(s, out) { out.extend_from_slice(&s.data.0); }
}

object! {
    /// Channel data length (TS 102 223 8.54): requested length (RECEIVE DATA), or free Tx buffer /
    /// remaining Rx bytes in a TERMINAL RESPONSE (`FF` = more than 255).
    ChannelDataLength, CHANNEL_DATA_LENGTH, "channel data length" {
        /// The length.
        length: u8,
    }
    decode(v, at) { let [b] = fixed::<1>(v, at, "channel data length")?; (b,) }
    encode(s, out) { out.push(s.length); }
}

object! {
    /// Channel status (TS 102 223 8.56): byte 1 holds the channel identifier (b1-b3) and the link
    /// state (client mode: b8 link established; server mode: b7-b8 00 CLOSED, 01 LISTEN,
    /// 10 ESTABLISHED); byte 2 is further information (`05` = link dropped).
    ChannelStatus, CHANNEL_STATUS, "channel status" {
        /// Byte 1.
        status: u8,
        /// Byte 2, further information.
        further_info: u8,
    }
    decode(v, at) { let [a, b] = fixed::<2>(v, at, "channel status")?; (a, b) }
    encode(s, out) { out.extend_from_slice(&[s.status, s.further_info]); }
}

/// Server-mode channel state (TS 102 223 8.56, byte 1 bits 7-8).
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub enum ServerState {
    /// `00` TCP in CLOSED state.
    Closed,
    /// `01` TCP in LISTEN state.
    Listen,
    /// `10` TCP in ESTABLISHED state.
    Established,
    /// `11`, reserved.
    Reserved,
}

impl ChannelStatus {
    /// The channel identifier (bits 1-3 of byte 1).
    pub const fn channel_id(&self) -> u8 {
        self.status & 0x07
    }

    /// Client mode: whether the link is established (bit 8 of byte 1).
    pub const fn link_established(&self) -> bool {
        self.status & 0x80 != 0
    }

    /// Server mode: the TCP state (bits 7-8 of byte 1).
    pub const fn server_state(&self) -> ServerState {
        match self.status >> 6 {
            0 => ServerState::Closed,
            1 => ServerState::Listen,
            2 => ServerState::Established,
            _ => ServerState::Reserved,
        }
    }
}

object! {
    /// Buffer size (TS 102 223 8.55), big-endian.
    BufferSize, BUFFER_SIZE, "buffer size" {
        /// Size in bytes.
        size: u16,
    }
    decode(v, at) { let b = fixed::<2>(v, at, "buffer size")?; (u16::from_be_bytes(b),) }
    encode(s, out) { out.extend_from_slice(&s.size.to_be_bytes()); }
}

object! {
    /// UICC/terminal interface transport level (TS 102 223 8.59): protocol and port. The port is
    /// absent only for a one-byte value (e.g. direct communication channel).
    TransportLevel, TRANSPORT_LEVEL, "UICC/terminal interface transport level" {
        /// Transport protocol type.
        protocol: TransportProtocol,
        /// Port number, big-endian.
        port: Option<u16>,
    }
    decode(v, at) {
        match v {
            [p] => (TransportProtocol(*p), None),
            [p, h, l] => (TransportProtocol(*p), Some(u16::from_be_bytes([*h, *l]))),
            [] => return Err(DecodeError::new(ErrorKind::Truncated, "UICC/terminal interface transport level", at)),
            [_, _] => return Err(DecodeError::new(ErrorKind::Truncated, "UICC/terminal interface transport level", at.saturating_add(2))),
            _ => return Err(DecodeError::new(ErrorKind::TrailingData, "UICC/terminal interface transport level", at.saturating_add(3))),
        }
    }
    encode(s, out) { out.push(s.protocol.0); if let Some(p) = s.port { out.extend_from_slice(&p.to_be_bytes()); } }
}

/// A typed address of an "other address" object.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TypedAddress {
    /// Type of address (`21` IPv4, `57` IPv6).
    pub address_type: AddressType,
    /// The address bytes (hex).
    pub address: Bytes,
}

object! {
    /// Other address (TS 102 223 8.58): local address or data destination address. Length 0 asks
    /// the terminal for a dynamic local address.
    OtherAddress, OTHER_ADDRESS, "other address" {
        /// The address; absent for an empty object.
        address: Option<TypedAddress>,
    }
    decode(v, at) {
        match v.split_first() {
            None => (None,),
            Some((t, a)) => {
                let len_ok = match AddressType(*t) {
                    AddressType::IPV4 => a.len() == 4,
                    AddressType::IPV6 => a.len() == 16,
                    _ => true,
                };
                if !len_ok {
                    return Err(bad("other address", at));
                }
                (Some(TypedAddress { address_type: AddressType(*t), address: Bytes::from_slice(a) }),)
            }
        }
    }
    encode(s, out) {
        if let Some(a) = &s.address {
            out.push(a.address_type.0);
            out.extend_from_slice(&a.address.0);
        }
    }
}

impl OtherAddress {
    /// An IPv4 address object.
    pub fn ipv4(a: [u8; 4]) -> Self {
        Self {
            address: Some(TypedAddress {
                address_type: AddressType::IPV4,
                address: Bytes(a.to_vec()),
            }),
            cr: true,
        }
    }
}

object! {
    /// Access technology (TS 102 223 8.61), one byte per technology.
    AccessTechnology, ACCESS_TECHNOLOGY, "access technology" {
        /// The technology bytes (hex).
        technology: Bytes,
    }
    decode(v, at) { (Bytes::from_slice(v),) }
    encode(s, out) { out.extend_from_slice(&s.technology.0); }
}

object! {
    /// Network access name (TS 102 223 8.70), TS 23.003 APN coding (hex).
    NetworkAccessName, NETWORK_ACCESS_NAME, "network access name" {
        /// The name bytes.
        name: Bytes,
    }
    decode(v, at) { (Bytes::from_slice(v),) }
    encode(s, out) { out.extend_from_slice(&s.name.0); }
}

object! {
    /// Last envelope (TS 102 223 8.x, tag `70`): empty value.
    LastEnvelope, LAST_ENVELOPE, "last envelope" {}
    decode(v, at) {
        if !v.is_empty() {
            return Err(DecodeError::new(ErrorKind::TrailingData, "last envelope", at));
        }
    }
    encode(s, out) {}
}

object! {
    /// Registry application data (tag `71`, TERMINAL APPLICATIONS envelope). Field order port (2,
    /// big-endian), data coding scheme (1), application type (1), name follows ofono's decoder and
    /// the DM_SC seed (application type `07` = DM Client); it is UNVERIFIED against TS 102 223
    /// itself. Every byte is kept, so a wrong field split still round-trips exactly.
    RegistryApplicationData, REGISTRY_APPLICATION_DATA, "registry application data" {
        /// Port number assigned to the application.
        port: u16,
        /// Data coding scheme of the name (TS 23.038).
        dcs: u8,
        /// Application type (`07` = DM Client per the DM_SC seed).
        application_type: u8,
        /// The application's name, coded per `dcs` (hex).
        name: Bytes,
    }
    decode(v, at) {
        if v.len() < 4 {
            return Err(DecodeError::new(ErrorKind::Truncated, "registry application data", at.saturating_add(v.len())));
        }
        let [p0, p1, d, t] = fixed::<4>(v.get(..4).unwrap_or_default(), at, "registry application data")?;
        (u16::from_be_bytes([p0, p1]), d, t, Bytes::from_slice(v.get(4..).unwrap_or_default()))
    }
    encode(s, out) {
        out.extend_from_slice(&s.port.to_be_bytes());
        out.extend_from_slice(&[s.dcs, s.application_type]);
        out.extend_from_slice(&s.name.0);
    }
}

/// An object this codec keeps as bytes: a known object it does not type, or an unknown object
/// with CR clear (TS 102 223 6.10: skipped by the terminal, kept here for the report).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct RawObject {
    /// The tag as it was on the wire.
    pub tag: CtlvTag,
    /// The value (hex).
    pub value: Bytes,
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for RawObject {
    /// Only objects that decode back as raw: untyped tags; CR clear unless the tag is known.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut tag: CtlvTag = u.arbitrary()?;
        if CatObject::is_typed(tag.value) {
            tag.value = 0x7E;
            tag.three_byte = false;
        }
        if TagValue(tag.value).name().is_none() {
            tag.cr = false;
        }
        Ok(Self {
            tag,
            value: u.arbitrary()?,
        })
    }
}

macro_rules! cat_objects {
    ($($variant:ident($t:ty),)*) => {
        /// Any COMPREHENSION-TLV object: typed where this codec knows its structure, raw otherwise.
        #[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[serde(rename_all = "snake_case")]
        pub enum CatObject {
            $(
                #[doc = concat!("A typed `", stringify!($t), "`.")]
                $variant($t),
            )*
            /// An object kept as bytes.
            Raw(RawObject),
        }

        impl CatObject {
            /// Whether objects with this tag value decode to a typed variant.
            pub const fn is_typed(value: u16) -> bool {
                $(if value == <$t as Object>::TAG.0 { return true; })*
                false
            }

            /// Decode one object. An unknown tag with CR set is
            /// [`ErrorKind::UnknownComprehensionRequired`] at the tag (TS 102 223 6.10).
            pub fn decode(c: &Ctlv<'_>) -> DecodeResult<Self> {
                $(if c.tag.value == <$t as Object>::TAG.0 { return Ok(Self::$variant(<$t>::from_ctlv(c)?)); })*
                if c.tag.cr && TagValue(c.tag.value).name().is_none() {
                    return Err(DecodeError::new(ErrorKind::UnknownComprehensionRequired, "COMPREHENSION-TLV", c.offset));
                }
                Ok(Self::Raw(RawObject { tag: c.tag, value: Bytes::from_slice(c.value) }))
            }

            /// Write the object.
            pub fn write(&self, w: &mut TlvWriter) -> Result<(), EncodeError> {
                match self {
                    $(Self::$variant(o) => o.write(w),)*
                    Self::Raw(r) => w.ctlv(r.tag, &r.value.0, "COMPREHENSION-TLV"),
                }
            }

            /// The tag value (CR removed).
            pub fn tag_value(&self) -> u16 {
                match self {
                    $(Self::$variant(_) => <$t as Object>::TAG.0,)*
                    Self::Raw(r) => r.tag.value,
                }
            }
        }
    };
}

cat_objects! {
    CommandDetails(CommandDetails),
    DeviceIdentities(DeviceIdentities),
    Result(CommandResult),
    Duration(Duration),
    AlphaIdentifier(AlphaIdentifier),
    Address(Address),
    SmsTpdu(SmsTpdu),
    TextString(TextString),
    LocationInformation(LocationInformation),
    EventList(EventList),
    LocationStatus(LocationStatus),
    TimerIdentifier(TimerIdentifier),
    TimerValue(TimerValue),
    DateTimeTimeZone(DateTimeTimeZone),
    BearerDescription(BearerDescription),
    ChannelData(ChannelData),
    ChannelDataLength(ChannelDataLength),
    ChannelStatus(ChannelStatus),
    BufferSize(BufferSize),
    TransportLevel(TransportLevel),
    OtherAddress(OtherAddress),
    AccessTechnology(AccessTechnology),
    NetworkAccessName(NetworkAccessName),
    LastEnvelope(LastEnvelope),
    RegistryApplicationData(RegistryApplicationData),
}

/// Write every object of a list.
pub(crate) fn write_all(w: &mut TlvWriter, objects: &[CatObject]) -> Result<(), EncodeError> {
    objects.iter().try_for_each(|o| o.write(w))
}

/// How a [`Cursor`] reads (see [`Cursor`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Reading {
    /// `take` stops at any object of a named tag that is not the one asked for: the reading that
    /// keeps `encode(decode(b)) == b` for everything our encoder writes (typed objects first, then
    /// the extras in order).
    Canonical,
    /// `take` stops only at objects of the message's `fields`: the reading for messages that put
    /// an object this codec keeps raw between typed ones, as the spec allows (an icon identifier
    /// after the alpha identifier of OPEN CHANNEL, TS 102 223 6.6.27). Such a message re-encodes
    /// with every byte kept and the extras moved after the typed objects.
    Spec,
}

/// Reads a message's objects in the order TS 102 223 gives them. `fields` are the tags the
/// message types (its struct fields); `take` looks at the next object, steps over objects it may
/// step over (unknown objects with CR clear always; in [`Reading::Spec`] also any object whose tag
/// is not one of `fields`), keeping them as extras, and otherwise stops (see [`Reading`]);
/// `finish` keeps what is left. An unknown object with CR set is an error wherever it is.
/// Message decoders read [`Reading::Canonical`] first and fall back to [`Reading::Spec`] when that
/// fails.
pub(crate) struct Cursor<'a, 'b> {
    items: &'b [Ctlv<'a>],
    next: usize,
    structure: &'static str,
    end: usize,
    fields: &'static [TagValue],
    reading: Reading,
    extra: Vec<CatObject>,
}

impl<'a, 'b> Cursor<'a, 'b> {
    /// A cursor over `items` of a message typing `fields`; `end` is the absolute offset just past
    /// the message.
    pub(crate) fn new(
        items: &'b [Ctlv<'a>],
        structure: &'static str,
        end: usize,
        fields: &'static [TagValue],
        reading: Reading,
    ) -> Self {
        Self {
            items,
            next: 0,
            structure,
            end,
            fields,
            reading,
            extra: Vec::new(),
        }
    }

    /// Continue over the objects this cursor has not read, as another message (name, fields),
    /// keeping the extras read so far.
    pub(crate) fn continue_as(
        self,
        structure: &'static str,
        fields: &'static [TagValue],
    ) -> Cursor<'a, 'b> {
        Cursor {
            items: self.items.get(self.next..).unwrap_or_default(),
            next: 0,
            structure,
            end: self.end,
            fields,
            reading: self.reading,
            extra: self.extra,
        }
    }

    fn here(&self) -> usize {
        self.items.get(self.next).map_or(self.end, |c| c.offset)
    }

    /// The next object if it has `T`'s tag, decoded.
    pub(crate) fn take<T: Object>(&mut self) -> DecodeResult<Option<T>> {
        let mut i = self.next;
        while let Some(c) = self.items.get(i) {
            if c.tag.value == T::TAG.0 {
                for skipped in self.items.get(self.next..i).unwrap_or_default() {
                    self.extra.push(CatObject::decode(skipped)?);
                }
                self.next = i + 1;
                return T::from_ctlv(c).map(Some);
            }
            let stop = match self.reading {
                Reading::Canonical => TagValue(c.tag.value).name().is_some(),
                Reading::Spec => self.fields.iter().any(|f| f.0 == c.tag.value),
            };
            if stop {
                return Ok(None);
            }
            if c.tag.cr && TagValue(c.tag.value).name().is_none() {
                return Err(DecodeError::new(
                    ErrorKind::UnknownComprehensionRequired,
                    "COMPREHENSION-TLV",
                    c.offset,
                ));
            }
            i += 1;
        }
        Ok(None)
    }

    /// The next object, which must have `T`'s tag: else `MissingMandatory` naming the message,
    /// at the offset where it was expected.
    pub(crate) fn require<T: Object>(&mut self) -> DecodeResult<T> {
        let at = self.here();
        self.take::<T>()?.ok_or(DecodeError::new(
            ErrorKind::MissingMandatory,
            self.structure,
            at,
        ))
    }

    /// Every following object with `T`'s tag.
    pub(crate) fn take_all<T: Object>(&mut self) -> DecodeResult<Vec<T>> {
        let mut out = Vec::new();
        while let Some(t) = self.take::<T>()? {
            out.push(t);
        }
        Ok(out)
    }

    /// The objects left over, kept (unknown CR-set objects are errors).
    pub(crate) fn finish(mut self) -> DecodeResult<Vec<CatObject>> {
        for c in self.items.get(self.next..).unwrap_or_default() {
            self.extra.push(CatObject::decode(c)?);
        }
        Ok(self.extra)
    }

    /// The absolute offset where the next object starts (or the end).
    pub(crate) fn position(&self) -> usize {
        self.here()
    }

    /// The message name, for errors.
    pub(crate) const fn structure(&self) -> &'static str {
        self.structure
    }
}

/// Write an optional object.
pub(crate) fn write_opt<T: Object>(w: &mut TlvWriter, o: &Option<T>) -> Result<(), EncodeError> {
    o.as_ref().map_or(Ok(()), |o| o.write(w))
}
