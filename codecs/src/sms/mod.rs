//! The on-line trigger's short message: an SMS-SUBMIT TPDU (3GPP TS 23.040) whose user data
//! header carries WDP port addressing to port 2948 (WAP-259-WDP) and whose user data is a WSP
//! Push (WAP-230-WSP, see [`wsp`]) of application/vnd.syncml.notification carrying a General
//! Package #0 (OMA DM Notification 1.2, see [`crate::pkg0`]).
//!
//! Layers and the type for each:
//! - [`SmsSubmit`]: any SMS-SUBMIT TPDU whose user data is octet-coded (8-bit data, UCS2 or
//!   compressed). 7-bit (GSM default alphabet) user data is rejected: WDP over GSM SMS uses 8-bit
//!   data (WAP-259), and septet packing is out of scope here.
//! - [`wsp::WspPush`]: the connectionless WSP Push PDU.
//! - [`TriggerSms`]: the whole trigger, checked: the 16-bit application port IE in effect (the
//!   last port IE, TS 23.040 9.2.3.24) has destination port 2948, the message is not one segment
//!   of several, a WSP Push (0x06) of content type
//!   application/vnd.syncml.notification, a well-formed Package #0.
//!
//! Not here: concatenated-message reassembly (a segment with total > 1 is rejected as
//! `Unexpected`), the SC address that AT+CMGS puts before the TPDU, SMS-DELIVER.

pub(crate) mod reader;
pub mod wsp;

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::hex;
use crate::pkg0::{self, Package0, open_value};
use crate::{DecodeError, DecodeResult, ErrorKind};
use reader::Reader;
use wsp::{PduType, PushHeaders};

/// WDP port of the WAP Push connectionless session service, client side (WAP-259-WDP,
/// Appendix B "Port Number Definitions"): where the DM notification push is delivered.
pub const WAP_PUSH_PORT: u16 = 2948;
/// WDP port of the connectionless WSP session service (WAP-259-WDP, Appendix B): the usual
/// originator port of a push.
pub const WAP_WSP_PORT: u16 = 9200;
/// Cap on TP-UDL for octet-coded user data: 140 octets (TS 23.040 9.2.3.16 / 9.2.3.24).
pub const MAX_USER_DATA_LEN: usize = 140;
/// Cap on TP-DA digits: the address field is 2-12 octets (TS 23.040 9.1.2.5), so 10 octets of
/// semi-octets, 20 digits.
pub const MAX_ADDRESS_DIGITS: usize = 20;
/// Cap on information elements in one user data header: each takes at least 2 octets of a
/// header of at most 139 octets (TS 23.040 9.2.3.24), so 69 can physically fit.
pub const MAX_INFORMATION_ELEMENTS: usize = 69;

const MTI_SMS_SUBMIT: u8 = 0b01;
const RD: u8 = 1 << 2;
const VPF_SHIFT: u8 = 3;
const SRR: u8 = 1 << 5;
const UDHI: u8 = 1 << 6;
const RP: u8 = 1 << 7;
/// TON value "alphanumeric" in the type-of-address octet (TS 23.040 9.1.2.5).
const TON_ALPHANUMERIC: u8 = 0b101;
/// Semi-octet digits (TS 23.040 9.1.2.3): 0-9, then 1010 '*', 1011 '#', 1100-1110 'a' 'b' 'c';
/// 1111 is only the fill of an odd-length address.
const SEMI_OCTETS: &[u8; 15] = b"0123456789*#abc";

open_value! {
    /// An information element identifier of the user data header (TS 23.040 9.2.3.24).
    Iei(u8) {
        /// 0x00 concatenated short messages, 8-bit reference (9.2.3.24.1).
        CONCATENATED_8BIT = 0x00,
        /// 0x04 application port addressing, 8-bit (9.2.3.24.3).
        APPLICATION_PORT_8BIT = 0x04,
        /// 0x05 application port addressing, 16-bit (9.2.3.24.4).
        APPLICATION_PORT_16BIT = 0x05,
        /// 0x08 concatenated short messages, 16-bit reference (9.2.3.24.8).
        CONCATENATED_16BIT = 0x08,
    }
}

/// TP-DA, a destination address (TS 23.040 9.1.2.5).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Address {
    /// Type-of-address octet (TON and NPI), as sent; 0x91 is international ISDN/E.164.
    pub type_of_address: u8,
    /// The digits, semi-octets as characters `0-9 * # a b c`. Alphanumeric addresses are not
    /// supported (`InvalidValue`).
    pub digits: String,
}

/// TP-VPF and TP-VP (TS 23.040 9.2.3.3, 9.2.3.12).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case")]
pub enum ValidityPeriod {
    /// VPF 00: no TP-VP.
    None,
    /// VPF 10: one octet, relative format (9.2.3.12.1).
    Relative(u8),
    /// VPF 01: seven octets, enhanced format (9.2.3.12.3).
    Enhanced([u8; 7]),
    /// VPF 11: seven octets, absolute format, a time stamp (9.2.3.12.2).
    Absolute([u8; 7]),
}

/// One information element of the user data header (TS 23.040 9.2.3.24).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "iei", rename_all = "kebab-case")]
pub enum InformationElement {
    /// IEI 0x00, length 3: reference, total segments, this segment's number.
    Concatenated8 {
        reference: u8,
        total: u8,
        sequence: u8,
    },
    /// IEI 0x04, length 2.
    ApplicationPort8 {
        destination_port: u8,
        originator_port: u8,
    },
    /// IEI 0x05, length 4 (WDP over SMS).
    ApplicationPort16 {
        destination_port: u16,
        originator_port: u16,
    },
    /// IEI 0x08, length 4: 16-bit reference, total, sequence.
    Concatenated16 {
        reference: u16,
        total: u8,
        sequence: u8,
    },
    /// Any other element, kept as sent. (Encoding a known IEI this way is allowed, for negative
    /// vectors; the decoder never produces it for a known IEI.)
    Other {
        code: Iei,
        #[serde(with = "hex::serde_lower")]
        data: Vec<u8>,
    },
}

/// The SMS-SUBMIT fields other than the user data (TS 23.040 9.2.2.2).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SubmitFields {
    /// TP-RD, reject duplicates.
    pub reject_duplicates: bool,
    /// TP-SRR, status report request.
    pub status_report_request: bool,
    /// TP-RP, reply path.
    pub reply_path: bool,
    /// TP-MR, message reference.
    pub message_reference: u8,
    /// TP-DA, destination address.
    pub destination_address: Address,
    /// TP-PID, protocol identifier.
    pub protocol_identifier: u8,
    /// TP-DCS, data coding scheme (TS 23.038 clause 4); must say octet-coded user data.
    pub data_coding_scheme: u8,
    /// TP-VPF and TP-VP.
    pub validity_period: ValidityPeriod,
}

/// An SMS-SUBMIT TPDU with octet-coded user data.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SmsSubmit {
    /// Everything before TP-UDL.
    #[serde(flatten)]
    pub fields: SubmitFields,
    /// TP-UDH, present exactly when TP-UDHI is set.
    pub user_data_header: Option<Vec<InformationElement>>,
    /// The user data after the header (hex).
    #[serde(with = "hex::serde_lower")]
    pub user_data: Vec<u8>,
}

/// The on-line DM trigger: the CLI kind `sms`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TriggerSms {
    /// The SMS-SUBMIT fields.
    pub tpdu: SubmitFields,
    /// TP-UDH, with the WDP port addressing element.
    pub user_data_header: Vec<InformationElement>,
    /// The WSP Push PDU's TID, type, content type and headers.
    pub push: PushHeaders,
    /// The pushed General Package #0.
    pub notification: Package0,
}

/// Why an SMS cannot be encoded as given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// TP-DA longer than [`MAX_ADDRESS_DIGITS`].
    AddressTooLong(usize),
    /// A TP-DA character outside `0-9 * # a b c`.
    BadAddressDigit(char),
    /// TP-DCS says 7-bit user data, which this codec does not pack.
    SeptetDataCoding(u8),
    /// User data (with its header) over [`MAX_USER_DATA_LEN`] octets.
    UserDataTooLong(usize),
    /// An information element over 255 octets.
    InformationElementTooLong(usize),
    /// The WSP push could not be encoded.
    Wsp(wsp::EncodeError),
    /// The Package #0 could not be encoded.
    Package0(pkg0::EncodeError),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::AddressTooLong(n) => {
                write!(f, "TP-DA has {n} digits, at most {MAX_ADDRESS_DIGITS}")
            }
            Self::BadAddressDigit(c) => write!(f, "TP-DA digit {c:?} is not a semi-octet"),
            Self::SeptetDataCoding(d) => {
                write!(f, "TP-DCS {d:#04x} means 7-bit user data, not supported")
            }
            Self::UserDataTooLong(n) => {
                write!(f, "user data is {n} octets, at most {MAX_USER_DATA_LEN}")
            }
            Self::InformationElementTooLong(n) => {
                write!(f, "information element is {n} octets, at most 255")
            }
            Self::Wsp(e) => write!(f, "{e}"),
            Self::Package0(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for EncodeError {}

impl From<wsp::EncodeError> for EncodeError {
    fn from(e: wsp::EncodeError) -> Self {
        Self::Wsp(e)
    }
}

impl From<pkg0::EncodeError> for EncodeError {
    fn from(e: pkg0::EncodeError) -> Self {
        Self::Package0(e)
    }
}

/// True when TP-DCS makes TP-UDL count octets (TS 23.038 clause 4; TS 23.040 9.2.3.16):
/// 8-bit data, UCS2 or compressed text. Reserved alphabets and groups are read as the GSM 7-bit
/// default alphabet, as TS 23.038 tells a receiver to.
pub fn octet_coded(dcs: u8) -> bool {
    match dcs >> 4 {
        // General data coding and automatic deletion groups: bit 5 compressed, bits 3-2 alphabet.
        0b0000..=0b0111 => dcs & 0x20 != 0 || matches!((dcs >> 2) & 0b11, 0b01 | 0b10),
        // Message waiting indication, UCS2.
        0b1110 => true,
        // Data coding / message class: bit 2 = 8-bit data.
        0b1111 => dcs & 0x04 != 0,
        // Reserved groups, and message waiting indication with the default alphabet.
        _ => false,
    }
}

impl SmsSubmit {
    /// Decodes an SMS-SUBMIT TPDU (no SC address before it).
    pub fn decode(bytes: &[u8]) -> DecodeResult<Self> {
        let (s, _) = decode_submit(bytes)?;
        Ok(s)
    }

    /// Encodes the TPDU; TP-UDHI, TP-VPF and TP-UDL are computed from the fields.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let f = &self.fields;
        if !octet_coded(f.data_coding_scheme) {
            return Err(EncodeError::SeptetDataCoding(f.data_coding_scheme));
        }
        let mut ud = Vec::new();
        if let Some(ies) = &self.user_data_header {
            let mut h = Vec::new();
            for ie in ies {
                put_ie(&mut h, ie)?;
            }
            let udhl =
                u8::try_from(h.len()).map_err(|_| EncodeError::UserDataTooLong(h.len() + 1))?;
            ud.push(udhl);
            ud.extend_from_slice(&h);
        }
        ud.extend_from_slice(&self.user_data);
        if ud.len() > MAX_USER_DATA_LEN {
            return Err(EncodeError::UserDataTooLong(ud.len()));
        }
        let (vpf, vp): (u8, &[u8]) = match &f.validity_period {
            ValidityPeriod::None => (0b00, &[]),
            ValidityPeriod::Relative(v) => (0b10, core::slice::from_ref(v)),
            ValidityPeriod::Enhanced(v) => (0b01, v),
            ValidityPeriod::Absolute(v) => (0b11, v),
        };
        let mut first = MTI_SMS_SUBMIT | (vpf << VPF_SHIFT);
        for (set, bit) in [
            (f.reject_duplicates, RD),
            (f.status_report_request, SRR),
            (self.user_data_header.is_some(), UDHI),
            (f.reply_path, RP),
        ] {
            if set {
                first |= bit;
            }
        }
        let mut out = Vec::with_capacity(ud.len() + 32);
        out.push(first);
        out.push(f.message_reference);
        put_address(&mut out, &f.destination_address)?;
        out.push(f.protocol_identifier);
        out.push(f.data_coding_scheme);
        out.extend_from_slice(vp);
        out.push(ud.len() as u8); // <= MAX_USER_DATA_LEN (140), checked above
        out.extend_from_slice(&ud);
        Ok(out)
    }
}

/// Offsets in the outermost input that [`TriggerSms`] checks need.
struct SubmitOffsets {
    /// First octet of TP-UD.
    user_data: usize,
    /// First octet of each information element (its IEI).
    elements: Vec<usize>,
    /// First octet after the user data header.
    body: usize,
}

fn decode_submit(bytes: &[u8]) -> DecodeResult<(SmsSubmit, SubmitOffsets)> {
    let mut r = Reader::new(bytes, 0);
    let first = r.u8("SMS-SUBMIT first octet")?;
    if first & 0b11 != MTI_SMS_SUBMIT {
        return Err(DecodeError::new(ErrorKind::InvalidValue, "TP-MTI", 0));
    }
    let message_reference = r.u8("TP-MR")?;
    let destination_address = address(&mut r)?;
    let protocol_identifier = r.u8("TP-PID")?;
    let dcs_at = r.offset();
    let data_coding_scheme = r.u8("TP-DCS")?;
    let validity_period = match (first >> VPF_SHIFT) & 0b11 {
        0b00 => ValidityPeriod::None,
        0b10 => ValidityPeriod::Relative(r.u8("TP-VP")?),
        vpf => {
            let v = r.take(7, "TP-VP")?;
            let mut a = [0u8; 7];
            a.copy_from_slice(v); // take(7) returned exactly 7 octets
            if vpf == 0b01 {
                ValidityPeriod::Enhanced(a)
            } else {
                ValidityPeriod::Absolute(a)
            }
        }
    };
    let udl_at = r.offset();
    let udl = usize::from(r.u8("TP-UDL")?);
    if !octet_coded(data_coding_scheme) {
        return Err(DecodeError::new(ErrorKind::InvalidValue, "TP-DCS", dcs_at));
    }
    if udl > MAX_USER_DATA_LEN {
        return Err(DecodeError::new(ErrorKind::TooLong, "TP-UDL", udl_at));
    }
    let ud_at = r.offset();
    let mut ud = r
        .sub(udl, "TP-UD", udl_at)
        .map_err(|_| DecodeError::new(ErrorKind::Truncated, "TP-UD", ud_at))?;
    r.finish("SMS-SUBMIT")?;
    let mut elements = Vec::new();
    let user_data_header = if first & UDHI != 0 {
        let udhl_at = ud.offset();
        let udhl = usize::from(ud.u8("TP-UDHL")?);
        let mut h = ud.sub(udhl, "TP-UDH", udhl_at)?;
        let mut ies = Vec::new();
        while !h.is_empty() {
            if ies.len() >= MAX_INFORMATION_ELEMENTS {
                return Err(DecodeError::new(ErrorKind::TooLong, "TP-UDH", h.offset()));
            }
            elements.push(h.offset());
            ies.push(information_element(&mut h)?);
        }
        Some(ies)
    } else {
        None
    };
    let body = ud.offset();
    let submit = SmsSubmit {
        fields: SubmitFields {
            reject_duplicates: first & RD != 0,
            status_report_request: first & SRR != 0,
            reply_path: first & RP != 0,
            message_reference,
            destination_address,
            protocol_identifier,
            data_coding_scheme,
            validity_period,
        },
        user_data_header,
        user_data: ud.rest().to_vec(),
    };
    Ok((
        submit,
        SubmitOffsets {
            user_data: ud_at,
            elements,
            body,
        },
    ))
}

fn address(r: &mut Reader<'_>) -> DecodeResult<Address> {
    const S: &str = "TP-DA";
    let at = r.offset();
    let n = usize::from(r.u8(S)?);
    if n > MAX_ADDRESS_DIGITS {
        return Err(DecodeError::new(ErrorKind::TooLong, S, at));
    }
    let type_of_address = r.u8(S)?;
    if (type_of_address >> 4) & 0b111 == TON_ALPHANUMERIC {
        return Err(DecodeError::new(ErrorKind::InvalidValue, S, at + 1));
    }
    let value_at = r.offset();
    let octets = r.take(n.div_ceil(2), S)?;
    let mut digits = String::with_capacity(n);
    for i in 0..n {
        let octet = octets[i / 2]; // i / 2 < ceil(n / 2) = octets.len()
        let nibble = if i % 2 == 0 { octet & 0x0F } else { octet >> 4 };
        let c = SEMI_OCTETS
            .get(usize::from(nibble))
            .ok_or(DecodeError::new(
                ErrorKind::InvalidValue,
                S,
                value_at + i / 2,
            ))?;
        digits.push(char::from(*c));
    }
    // An odd-length address ends with the fill 1111 (TS 23.040 9.1.2.3).
    if n % 2 == 1 && octets.last().is_some_and(|o| o >> 4 != 0x0F) {
        return Err(DecodeError::new(
            ErrorKind::InvalidValue,
            S,
            value_at + n / 2,
        ));
    }
    Ok(Address {
        type_of_address,
        digits,
    })
}

fn put_address(out: &mut Vec<u8>, a: &Address) -> Result<(), EncodeError> {
    let nibbles = a
        .digits
        .chars()
        .map(|c| {
            SEMI_OCTETS
                .iter()
                .position(|&d| char::from(d) == c)
                .map(|p| p as u8) // p < 15
                .ok_or(EncodeError::BadAddressDigit(c))
        })
        .collect::<Result<Vec<u8>, _>>()?;
    if nibbles.len() > MAX_ADDRESS_DIGITS {
        return Err(EncodeError::AddressTooLong(nibbles.len()));
    }
    out.push(nibbles.len() as u8); // <= 20
    out.push(a.type_of_address);
    for pair in nibbles.chunks(2) {
        let lo = pair[0]; // chunks are never empty
        let hi = pair.get(1).copied().unwrap_or(0x0F);
        out.push((hi << 4) | lo);
    }
    Ok(())
}

fn information_element(h: &mut Reader<'_>) -> DecodeResult<InformationElement> {
    const S: &str = "TP-UDH information element";
    let code = Iei(h.u8(S)?);
    let len_at = h.offset();
    let len = usize::from(h.u8(S)?);
    let mut d = h.sub(len, S, len_at)?;
    let data = d.rest();
    let wrong_length = || DecodeError::new(ErrorKind::InvalidValue, S, len_at);
    let be16 = |a: u8, b: u8| u16::from_be_bytes([a, b]);
    Ok(match code {
        Iei::CONCATENATED_8BIT => match *data {
            [reference, total, sequence] => InformationElement::Concatenated8 {
                reference,
                total,
                sequence,
            },
            _ => return Err(wrong_length()),
        },
        Iei::APPLICATION_PORT_8BIT => match *data {
            [destination_port, originator_port] => InformationElement::ApplicationPort8 {
                destination_port,
                originator_port,
            },
            _ => return Err(wrong_length()),
        },
        Iei::APPLICATION_PORT_16BIT => match *data {
            [d0, d1, o0, o1] => InformationElement::ApplicationPort16 {
                destination_port: be16(d0, d1),
                originator_port: be16(o0, o1),
            },
            _ => return Err(wrong_length()),
        },
        Iei::CONCATENATED_16BIT => match *data {
            [r0, r1, total, sequence] => InformationElement::Concatenated16 {
                reference: be16(r0, r1),
                total,
                sequence,
            },
            _ => return Err(wrong_length()),
        },
        code => InformationElement::Other {
            code,
            data: data.to_vec(),
        },
    })
}

fn put_ie(out: &mut Vec<u8>, ie: &InformationElement) -> Result<(), EncodeError> {
    let (code, data): (Iei, Vec<u8>) = match ie {
        InformationElement::Concatenated8 {
            reference,
            total,
            sequence,
        } => (Iei::CONCATENATED_8BIT, vec![*reference, *total, *sequence]),
        InformationElement::ApplicationPort8 {
            destination_port,
            originator_port,
        } => (
            Iei::APPLICATION_PORT_8BIT,
            vec![*destination_port, *originator_port],
        ),
        InformationElement::ApplicationPort16 {
            destination_port,
            originator_port,
        } => {
            let mut v = destination_port.to_be_bytes().to_vec();
            v.extend_from_slice(&originator_port.to_be_bytes());
            (Iei::APPLICATION_PORT_16BIT, v)
        }
        InformationElement::Concatenated16 {
            reference,
            total,
            sequence,
        } => {
            let mut v = reference.to_be_bytes().to_vec();
            v.extend_from_slice(&[*total, *sequence]);
            (Iei::CONCATENATED_16BIT, v)
        }
        InformationElement::Other { code, data } => (*code, data.clone()),
    };
    let len =
        u8::try_from(data.len()).map_err(|_| EncodeError::InformationElementTooLong(data.len()))?;
    out.push(code.0);
    out.push(len);
    out.extend_from_slice(&data);
    Ok(())
}

impl TriggerSms {
    /// A trigger with the usual values: SMS-SUBMIT with TP-UDHI, TP-MR 0, TP-PID 0, TP-DCS 0x04
    /// (8-bit data), no validity period; WDP ports 9200 -> 2948; WSP TID 0, Push, content type
    /// 0x44, X-Wap-Application-Id 0x07 (syncml.dm).
    pub fn new(destination_address: Address, notification: Package0) -> Self {
        Self {
            tpdu: SubmitFields {
                reject_duplicates: false,
                status_report_request: false,
                reply_path: false,
                message_reference: 0,
                destination_address,
                protocol_identifier: 0,
                data_coding_scheme: 0x04,
                validity_period: ValidityPeriod::None,
            },
            user_data_header: vec![InformationElement::ApplicationPort16 {
                destination_port: WAP_PUSH_PORT,
                originator_port: WAP_WSP_PORT,
            }],
            push: PushHeaders {
                transaction_id: 0,
                pdu_type: PduType::PUSH,
                content_type: wsp::ContentType::WellKnown(
                    wsp::WellKnownMedia::VND_SYNCML_NOTIFICATION,
                ),
                headers: vec![wsp::Header::WellKnown {
                    field: wsp::HeaderField::X_WAP_APPLICATION_ID,
                    value: wsp::WapValue::Short(wsp::APPLICATION_ID_SYNCML_DM),
                }],
            },
            notification,
        }
    }

    /// Decodes and checks the trigger (see the module doc for the rules and their clauses).
    pub fn decode(bytes: &[u8]) -> DecodeResult<Self> {
        let (submit, at) = decode_submit(bytes)?;
        let SmsSubmit {
            fields,
            user_data_header,
            user_data,
        } = submit;
        // WDP over SMS carries its ports in the user data header (WAP-259-WDP, GSM SMS binding).
        let Some(ies) = user_data_header else {
            return Err(DecodeError::new(
                ErrorKind::MissingMandatory,
                "TP-UDH",
                at.user_data,
            ));
        };
        // TS 23.040 9.2.3.24: a duplicated non-repeatable IE, or IEs with mutually exclusive
        // meanings (8-bit and 16-bit port addressing), count by their last occurrence (as quoted
        // and implemented in ofono `src/smsutil.c`). So the last port element and the last
        // concatenation element are the ones in effect.
        let mut port = None;
        let mut concatenation = None;
        for (ie, &ie_at) in ies.iter().zip(at.elements.iter()) {
            match *ie {
                InformationElement::ApplicationPort16 {
                    destination_port, ..
                } => port = Some((Some(destination_port), ie_at)),
                InformationElement::ApplicationPort8 { .. } => port = Some((None, ie_at)),
                InformationElement::Concatenated8 { total, .. }
                | InformationElement::Concatenated16 { total, .. } => {
                    concatenation = Some((total, ie_at));
                }
                InformationElement::Other { .. } => {}
            }
        }
        if let Some((total, ie_at)) = concatenation
            && total > 1
        {
            return Err(DecodeError::new(
                ErrorKind::Unexpected,
                "TP-UDH concatenated segment",
                ie_at,
            ));
        }
        let (destination_port, ie_at) = match port {
            None => {
                return Err(DecodeError::new(
                    ErrorKind::MissingMandatory,
                    "WDP port addressing",
                    at.user_data,
                ));
            }
            // WDP over GSM SMS uses 16-bit port numbers (WAP-259); 2948 does not fit 8 bits.
            Some((None, ie_at)) => {
                return Err(DecodeError::new(
                    ErrorKind::Unexpected,
                    "WDP port addressing",
                    ie_at,
                ));
            }
            Some((Some(port), ie_at)) => (port, ie_at),
        };
        if destination_port != WAP_PUSH_PORT {
            // IEI, length, then the destination port: offset of the port itself.
            return Err(DecodeError::new(
                ErrorKind::InvalidValue,
                "WDP destination port",
                ie_at + 2,
            ));
        }
        let mut r = Reader::new(&user_data, at.body);
        let type_at = at.body + 1;
        let push = PushHeaders::decode(&mut r)?;
        if push.pdu_type != PduType::PUSH {
            return Err(DecodeError::new(
                ErrorKind::Unexpected,
                "WSP PDU type",
                type_at,
            ));
        }
        if !push.content_type.is_syncml_notification() {
            // The content type follows TID, type and the HeadersLen uintvar.
            let ct_at = type_at + 1 + uintvar_len(&user_data, 2);
            return Err(DecodeError::new(
                ErrorKind::InvalidValue,
                "WSP content type",
                ct_at,
            ));
        }
        let data_at = r.offset();
        let notification = Package0::decode_at(r.rest(), data_at)?;
        Ok(Self {
            tpdu: fields,
            user_data_header: ies,
            push,
            notification,
        })
    }

    /// Encodes the trigger as given (no rule is enforced, so negative vectors can be built).
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut user_data = self.push.encode()?;
        user_data.extend_from_slice(&self.notification.encode()?);
        SmsSubmit {
            fields: self.tpdu.clone(),
            user_data_header: Some(self.user_data_header.clone()),
            user_data,
        }
        .encode()
    }

    /// The WDP destination port, if a 16-bit port element is present.
    pub fn destination_port(&self) -> Option<u16> {
        self.user_data_header.iter().find_map(|ie| match ie {
            InformationElement::ApplicationPort16 {
                destination_port, ..
            } => Some(*destination_port),
            _ => None,
        })
    }
}

/// Octets taken by the uintvar starting at `bytes[from]` (at most 5; already validated).
fn uintvar_len(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take(wsp::MAX_UINTVAR_OCTETS)
        .position(|b| b & 0x80 == 0)
        .map_or(wsp::MAX_UINTVAR_OCTETS, |p| p + 1)
}

/// Fuzzing oracle (feature `arbitrary`, used by `fuzz/fuzz_targets/sms.rs`): the SMS-SUBMIT, WSP
/// Push and trigger decoders never panic, and whatever decodes re-encodes to the same bytes (all
/// three decoders accept canonical input only). Panics, the fuzzer's crash signal, on a
/// violation.
#[cfg(feature = "arbitrary")]
#[doc(hidden)]
pub fn fuzz_round_trip(data: &[u8]) {
    if let Ok(s) = SmsSubmit::decode(data) {
        assert_eq!(
            s.encode().as_deref(),
            Ok(data),
            "SMS-SUBMIT re-encoding differs"
        );
    }
    if let Ok(p) = wsp::WspPush::decode(data) {
        assert_eq!(
            p.encode().as_deref(),
            Ok(data),
            "WSP Push re-encoding differs"
        );
    }
    if let Ok(t) = TriggerSms::decode(data) {
        assert_eq!(
            t.encode().as_deref(),
            Ok(data),
            "trigger SMS re-encoding differs"
        );
    }
}
