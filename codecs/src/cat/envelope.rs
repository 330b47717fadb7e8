//! ENVELOPE data (TS 102 223 clause 7): a BER-TLV `D1`-`DE` holding device identities and the
//! download's objects.
//!
//! Typed: event download (`D6`, clause 7.5: location status, data available, channel status,
//! local connection and any other event, objects kept in order), timer expiration (`D7`, 7.4),
//! call control (`D4`, 7.3.1), terminal applications (`DC`) and SMS-PP download (`D1`, 7.1).
//! Any other tag keeps its objects.

use super::objects::*;
use super::values::*;
use super::{MAX_MESSAGE_LEN, MAX_OBJECTS};
use crate::error::{DecodeError, DecodeResult, ErrorKind};
use crate::tlv::{EncodeError, EncodeErrorKind, TlvWriter, decode_ber_tlv, decode_ctlvs};

const STRUCTURE: &str = "ENVELOPE";

/// Event download (`D6`): the event list holds one event (7.5), then device identities and the
/// event's objects.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct EventDownload {
    /// Event list (one event).
    pub event_list: EventList,
    /// Device identities (terminal or network to UICC).
    pub device_identities: DeviceIdentities,
    /// The event's objects, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<CatObject>,
}

impl EventDownload {
    /// The event, if the list holds exactly one.
    pub fn event(&self) -> Option<EventCode> {
        match self.event_list.events.as_slice() {
            [e] => Some(*e),
            _ => None,
        }
    }
}

/// Timer expiration (`D7`, 7.4): timer identifier and the value it had.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TimerExpiration {
    /// Device identities (terminal to UICC).
    pub device_identities: DeviceIdentities,
    /// Timer identifier.
    pub timer_identifier: TimerIdentifier,
    /// Timer value.
    pub timer_value: TimerValue,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// Terminal applications (`DC`): registry application data for each application, then an
/// optional "last envelope" marker [S, ofono].
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TerminalApplications {
    /// Device identities (terminal to UICC).
    pub device_identities: DeviceIdentities,
    /// One entry per application.
    pub applications: Vec<RegistryApplicationData>,
    /// Present on the last envelope of a series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_envelope: Option<LastEnvelope>,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// SMS-PP download (`D1`, 7.1): device identities (network to UICC), optional address of the
/// service centre, SMS TPDU (SMS-DELIVER) mandatory.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SmsPpDownload {
    /// Device identities.
    pub device_identities: DeviceIdentities,
    /// Service centre address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// SMS TPDU.
    pub sms_tpdu: SmsTpdu,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// An envelope with device identities and objects kept in order (call control, other tags).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ObjectsEnvelope {
    /// Device identities.
    pub device_identities: DeviceIdentities,
    /// The objects after the device identities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<CatObject>,
}

/// Any other envelope: its BER-TLV tag and every object.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GenericEnvelope {
    /// BER-TLV tag.
    pub tag: BerTag,
    /// Every object.
    pub objects: Vec<CatObject>,
}

/// An ENVELOPE's data (the `envelope` CLI kind).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "envelope", rename_all = "snake_case")]
pub enum Envelope {
    /// Event download (`D6`).
    EventDownload(EventDownload),
    /// Timer expiration (`D7`).
    TimerExpiration(TimerExpiration),
    /// Call control (`D4`).
    CallControl(ObjectsEnvelope),
    /// Terminal applications (`DC`).
    TerminalApplications(TerminalApplications),
    /// SMS-PP download (`D1`).
    SmsPpDownload(SmsPpDownload),
    /// Any other tag.
    Generic(GenericEnvelope),
}

/// The objects an event download must carry for each event (TS 102 223 7.5.x) [V for the
/// listed events, specs/cat-bip.md]: location status needs the location status object (and the
/// location information when the service is normal, checked separately); data available needs
/// channel status and channel data length; channel status needs channel status.
fn required_for(event: EventCode) -> &'static [TagValue] {
    match event {
        EventCode::LOCATION_STATUS => &[TagValue::LOCATION_STATUS],
        EventCode::DATA_AVAILABLE => &[TagValue::CHANNEL_STATUS, TagValue::CHANNEL_DATA_LENGTH],
        EventCode::CHANNEL_STATUS => &[TagValue::CHANNEL_STATUS],
        EventCode::ACCESS_TECHNOLOGY_CHANGE => &[TagValue::ACCESS_TECHNOLOGY],
        _ => &[],
    }
}

/// The tags each typed envelope has fields for (see [`Cursor`]).
fn envelope_fields(tag: BerTag) -> &'static [TagValue] {
    use TagValue as T;
    match tag {
        BerTag::EVENT_DOWNLOAD => &[T::EVENT_LIST, T::DEVICE_IDENTITIES],
        BerTag::TIMER_EXPIRATION => &[T::DEVICE_IDENTITIES, T::TIMER_IDENTIFIER, T::TIMER_VALUE],
        BerTag::CALL_CONTROL => &[T::DEVICE_IDENTITIES],
        BerTag::TERMINAL_APPLICATIONS => &[
            T::DEVICE_IDENTITIES,
            T::REGISTRY_APPLICATION_DATA,
            T::LAST_ENVELOPE,
        ],
        BerTag::SMS_PP_DOWNLOAD => &[T::DEVICE_IDENTITIES, T::ADDRESS, T::SMS_TPDU],
        _ => &[],
    }
}

impl Envelope {
    /// Decode one ENVELOPE BER-TLV filling `input`.
    /// Objects are read in the canonical reading first, then in the spec reading when that fails
    /// (an untyped object between typed ones, [`super::objects::Reading`]); the error of the spec
    /// reading is the one reported.
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        Self::decode_reading(input, Reading::Canonical)
            .or_else(|_| Self::decode_reading(input, Reading::Spec))
    }

    fn decode_reading(input: &[u8], reading: Reading) -> DecodeResult<Self> {
        if input.len() > MAX_MESSAGE_LEN {
            return Err(DecodeError::new(ErrorKind::TooLong, STRUCTURE, 0));
        }
        let ber = decode_ber_tlv(input, STRUCTURE)?;
        let tag = BerTag(ber.tag);
        let name = tag.name().unwrap_or(STRUCTURE);
        let items = decode_ctlvs(ber.value, ber.value_offset, MAX_OBJECTS, name)?;
        let end = ber.value_offset.saturating_add(ber.value.len());
        let mut c = Cursor::new(&items, name, end, envelope_fields(tag), reading);
        Ok(match tag {
            BerTag::EVENT_DOWNLOAD => {
                let list_at = c.position();
                let event_list: EventList = c.require()?;
                let device_identities = c.require()?;
                let objects = c.finish()?;
                let ev = match event_list.events.as_slice() {
                    [e] => *e,
                    _ => return Err(DecodeError::new(ErrorKind::InvalidValue, name, list_at)),
                };
                for t in required_for(ev) {
                    if !objects.iter().any(|o| o.tag_value() == t.0) {
                        return Err(DecodeError::new(ErrorKind::MissingMandatory, name, end));
                    }
                }
                let normal = objects.iter().any(|o| {
                    matches!(o, CatObject::LocationStatus(s) if s.status == LocationStatusValue::NORMAL_SERVICE)
                });
                if ev == EventCode::LOCATION_STATUS
                    && normal
                    && !objects
                        .iter()
                        .any(|o| o.tag_value() == TagValue::LOCATION_INFORMATION.0)
                {
                    return Err(DecodeError::new(ErrorKind::MissingMandatory, name, end));
                }
                Self::EventDownload(EventDownload {
                    event_list,
                    device_identities,
                    objects,
                })
            }
            BerTag::TIMER_EXPIRATION => Self::TimerExpiration(TimerExpiration {
                device_identities: c.require()?,
                timer_identifier: c.require()?,
                timer_value: c.require()?,
                extra: c.finish()?,
            }),
            BerTag::CALL_CONTROL => Self::CallControl(ObjectsEnvelope {
                device_identities: c.require()?,
                objects: c.finish()?,
            }),
            BerTag::TERMINAL_APPLICATIONS => Self::TerminalApplications(TerminalApplications {
                device_identities: c.require()?,
                applications: c.take_all()?,
                last_envelope: c.take()?,
                extra: c.finish()?,
            }),
            BerTag::SMS_PP_DOWNLOAD => Self::SmsPpDownload(SmsPpDownload {
                device_identities: c.require()?,
                address: c.take()?,
                sms_tpdu: c.require()?,
                extra: c.finish()?,
            }),
            _ => Self::Generic(GenericEnvelope {
                tag,
                objects: c.finish()?,
            }),
        })
    }

    /// The BER-TLV tag on the wire.
    pub fn tag(&self) -> BerTag {
        match self {
            Self::EventDownload(_) => BerTag::EVENT_DOWNLOAD,
            Self::TimerExpiration(_) => BerTag::TIMER_EXPIRATION,
            Self::CallControl(_) => BerTag::CALL_CONTROL,
            Self::TerminalApplications(_) => BerTag::TERMINAL_APPLICATIONS,
            Self::SmsPpDownload(_) => BerTag::SMS_PP_DOWNLOAD,
            Self::Generic(g) => g.tag,
        }
    }

    /// Encode it.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut w = TlvWriter::new();
        w.ber(self.tag().0, STRUCTURE, |w| match self {
            Self::EventDownload(x) => {
                x.event_list.write(w)?;
                x.device_identities.write(w)?;
                write_all(w, &x.objects)
            }
            Self::TimerExpiration(x) => {
                x.device_identities.write(w)?;
                x.timer_identifier.write(w)?;
                x.timer_value.write(w)?;
                write_all(w, &x.extra)
            }
            Self::CallControl(x) => {
                x.device_identities.write(w)?;
                write_all(w, &x.objects)
            }
            Self::TerminalApplications(x) => {
                x.device_identities.write(w)?;
                x.applications.iter().try_for_each(|a| a.write(w))?;
                write_opt(w, &x.last_envelope)?;
                write_all(w, &x.extra)
            }
            Self::SmsPpDownload(x) => {
                x.device_identities.write(w)?;
                write_opt(w, &x.address)?;
                x.sms_tpdu.write(w)?;
                write_all(w, &x.extra)
            }
            Self::Generic(g) => write_all(w, &g.objects),
        })?;
        let out = w.into_bytes();
        if out.len() > MAX_MESSAGE_LEN {
            return Err(EncodeError::new(EncodeErrorKind::TooLong, STRUCTURE));
        }
        Ok(out)
    }
}
