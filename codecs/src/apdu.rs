//! The APDU layer for CAT (ETSI TS 102 221 clauses 10.1 and 10.2): short command APDUs
//! (cases 1-4) and status words.
//!
//! CAT instructions (TS 102 221 10.1.2, class `80`): TERMINAL PROFILE `10`, ENVELOPE `C2`,
//! FETCH `12`, TERMINAL RESPONSE `14`, STATUS `F2` [V]. Status words (10.2.1): `90 00` normal
//! ending, `91 xx` normal ending with a proactive command of `xx` bytes pending, `93 00` toolkit
//! busy (the ENVELOPE must be retried) [V].
//!
//! Extended-length APDUs are not used by TS 102 221 over the ISO interface and are rejected.

use crate::cat::{Bytes, wire_value};
use crate::error::{DecodeError, DecodeResult, ErrorKind};
use crate::tlv::{EncodeError, EncodeErrorKind};

const STRUCTURE: &str = "command APDU";

wire_value! {
    /// Instruction byte (TS 102 221 10.1.2).
    Instruction(u8) {
        /// TERMINAL PROFILE.
        TERMINAL_PROFILE = 0x10 => "TERMINAL PROFILE",
        /// FETCH.
        FETCH = 0x12 => "FETCH",
        /// TERMINAL RESPONSE.
        TERMINAL_RESPONSE = 0x14 => "TERMINAL RESPONSE",
        /// ENVELOPE.
        ENVELOPE = 0xC2 => "ENVELOPE",
        /// STATUS.
        STATUS = 0xF2 => "STATUS",
        /// SELECT.
        SELECT = 0xA4 => "SELECT",
        /// READ BINARY.
        READ_BINARY = 0xB0 => "READ BINARY",
        /// GET RESPONSE.
        GET_RESPONSE = 0xC0 => "GET RESPONSE",
    }
}

/// The class byte CAT commands use (TS 102 221 10.1.1: `80` for the UICC-specific commands).
pub const CLA_CAT: u8 = 0x80;

/// A short command APDU (the `apdu` CLI kind).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct CommandApdu {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: Instruction,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// Command data (Lc is its length, 1-255; empty means no Lc).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub data: Bytes,
    /// Expected response length Ne (1-256; the byte `00` means 256), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<u16>,
}

fn is_empty(b: &Bytes) -> bool {
    b.0.is_empty()
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for CommandApdu {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=255usize)?;
        let data = u.bytes(n)?.to_vec();
        let le = if u.arbitrary()? {
            Some(u.int_in_range(1..=256)?)
        } else {
            None
        };
        Ok(Self {
            cla: u.arbitrary()?,
            ins: u.arbitrary()?,
            p1: u.arbitrary()?,
            p2: u.arbitrary()?,
            data: Bytes(data),
            le,
        })
    }
}

impl CommandApdu {
    /// A CAT command APDU (class `80`, P1 = P2 = `00`).
    pub fn cat(ins: Instruction, data: Vec<u8>, le: Option<u16>) -> Self {
        Self {
            cla: CLA_CAT,
            ins,
            p1: 0,
            p2: 0,
            data: Bytes(data),
            le,
        }
    }

    /// TERMINAL PROFILE carrying `profile`.
    pub fn terminal_profile(profile: Vec<u8>) -> Self {
        Self::cat(Instruction::TERMINAL_PROFILE, profile, None)
    }

    /// ENVELOPE carrying `envelope` (a BER-TLV).
    pub fn envelope(envelope: Vec<u8>) -> Self {
        Self::cat(Instruction::ENVELOPE, envelope, None)
    }

    /// FETCH of a pending proactive command of `len` bytes (from SW2 of `91 xx`).
    pub fn fetch(len: u8) -> Self {
        Self::cat(
            Instruction::FETCH,
            Vec::new(),
            Some(if len == 0 { 256 } else { u16::from(len) }),
        )
    }

    /// TERMINAL RESPONSE carrying `response`.
    pub fn terminal_response(response: Vec<u8>) -> Self {
        Self::cat(Instruction::TERMINAL_RESPONSE, response, None)
    }

    /// STATUS with P1 = `00` (no indication), P2 = `0C` (no data returned), TS 102 221 11.1.2.
    pub fn status() -> Self {
        Self {
            cla: CLA_CAT,
            ins: Instruction::STATUS,
            p1: 0x00,
            p2: 0x0C,
            data: Bytes::default(),
            le: None,
        }
    }

    /// Decode a short command APDU filling `input` (ISO/IEC 7816-3 12.1.3 cases 1-4).
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        let (header, body) = input.split_at_checked(4).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            STRUCTURE,
            input.len(),
        ))?;
        let [cla, ins, p1, p2] = <[u8; 4]>::try_from(header)
            .map_err(|_| DecodeError::new(ErrorKind::Truncated, STRUCTURE, 0))?;
        let ne = |b: u8| if b == 0 { 256 } else { u16::from(b) };
        let (data, le) = match body {
            [] => (&[][..], None),
            [le] => (&[][..], Some(ne(*le))),
            [0x00, ..] => {
                return Err(DecodeError::new(
                    ErrorKind::InvalidValue,
                    "Lc (extended length not supported)",
                    4,
                ));
            }
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                match rest.len().checked_sub(lc) {
                    None => return Err(DecodeError::new(ErrorKind::LengthPastParent, "Lc", 4)),
                    Some(0) => (rest, None),
                    Some(1) => (
                        rest.get(..lc).unwrap_or_default(),
                        rest.get(lc).map(|b| ne(*b)),
                    ),
                    Some(_) => {
                        return Err(DecodeError::new(
                            ErrorKind::TrailingData,
                            STRUCTURE,
                            5 + lc + 1,
                        ));
                    }
                }
            }
        };
        Ok(Self {
            cla,
            ins: Instruction(ins),
            p1,
            p2,
            data: Bytes::from_slice(data),
            le,
        })
    }

    /// Encode it. Data over 255 bytes or Le outside 1-256 cannot be a short APDU.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = vec![self.cla, self.ins.0, self.p1, self.p2];
        if !self.data.0.is_empty() {
            let lc = u8::try_from(self.data.0.len())
                .map_err(|_| EncodeError::new(EncodeErrorKind::TooLong, "Lc"))?;
            out.push(lc);
            out.extend_from_slice(&self.data.0);
        }
        if let Some(le) = self.le {
            let b = match le {
                256 => 0,
                1..=255 => u8::try_from(le)
                    .map_err(|_| EncodeError::new(EncodeErrorKind::InvalidValue, "Le"))?,
                _ => return Err(EncodeError::new(EncodeErrorKind::InvalidValue, "Le")),
            };
            out.push(b);
        }
        Ok(out)
    }
}

wire_value! {
    /// A status word SW1 SW2 (TS 102 221 10.2.1), big-endian (the `status-word` CLI kind).
    StatusWord(u16) {
        /// Normal ending of the command.
        OK = 0x9000 => "normal ending of the command",
        /// Toolkit busy: the ENVELOPE cannot be processed now and must be retried (10.2.1.1).
        TOOLKIT_BUSY = 0x9300 => "SIM Application Toolkit is busy",
        /// Wrong length (10.2.1.4).
        WRONG_LENGTH = 0x6700 => "wrong length",
        /// Command not allowed, no further information (10.2.1.5).
        NOT_ALLOWED = 0x6900 => "command not allowed",
        /// Incorrect parameters in the data field (10.2.1.5).
        INCORRECT_DATA = 0x6A80 => "incorrect parameters in the data field",
        /// Function not supported.
        FUNCTION_NOT_SUPPORTED = 0x6A81 => "function not supported",
        /// Incorrect parameters P1 to P2.
        INCORRECT_P1_P2 = 0x6B00 => "incorrect parameters P1 to P2",
        /// Instruction code not supported or invalid.
        INS_NOT_SUPPORTED = 0x6D00 => "instruction code not supported or invalid",
        /// Class not supported.
        CLA_NOT_SUPPORTED = 0x6E00 => "class not supported",
        /// Technical problem, no precise diagnosis.
        TECHNICAL_PROBLEM = 0x6F00 => "technical problem, no precise diagnosis",
        /// Memory problem (10.2.1.3).
        MEMORY_PROBLEM = 0x9240 => "memory problem",
        /// Command not allowed: no proactive session / the TERMINAL RESPONSE was not expected
        /// (TS 102 221 10.2.1.5 "6F 00"/"69 85" usage varies by card) [I].
        CONDITIONS_NOT_SATISFIED = 0x6985 => "conditions of use not satisfied",
    }
}

/// What a status word means for the CAT layer.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub enum StatusKind {
    /// `90 00`.
    Ok,
    /// `91 xx`: normal ending, a proactive command of `xx` bytes is pending (FETCH it).
    ProactiveCommandPending(u8),
    /// `93 00`: toolkit busy, retry the ENVELOPE later.
    ToolkitBusy,
    /// `92 xx` with xx below `40`, `61 xx`, `62 xx`, `63 xx`: a warning or a normal ending with
    /// response data, not an error.
    Warning,
    /// Anything else: an error.
    Error,
}

impl StatusWord {
    /// From SW1 and SW2.
    pub const fn new(sw1: u8, sw2: u8) -> Self {
        Self(u16::from_be_bytes([sw1, sw2]))
    }

    /// SW1.
    pub const fn sw1(self) -> u8 {
        self.0.to_be_bytes()[0]
    }

    /// SW2.
    pub const fn sw2(self) -> u8 {
        self.0.to_be_bytes()[1]
    }

    /// Classify it (TS 102 221 10.2.1).
    pub const fn kind(self) -> StatusKind {
        match (self.sw1(), self.sw2()) {
            (0x90, 0x00) => StatusKind::Ok,
            (0x91, n) => StatusKind::ProactiveCommandPending(n),
            (0x93, 0x00) => StatusKind::ToolkitBusy,
            (0x92, n) if n < 0x40 => StatusKind::Warning,
            (0x61..=0x63, _) => StatusKind::Warning,
            _ => StatusKind::Error,
        }
    }

    /// Decode two bytes.
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        match input {
            [a, b] => Ok(Self::new(*a, *b)),
            [] | [_] => Err(DecodeError::new(
                ErrorKind::Truncated,
                "status word",
                input.len(),
            )),
            _ => Err(DecodeError::new(ErrorKind::TrailingData, "status word", 2)),
        }
    }

    /// Encode it.
    pub fn encode(&self) -> Vec<u8> {
        self.0.to_be_bytes().to_vec()
    }
}

/// A response APDU: data and status word.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ResponseApdu {
    /// Response data (hex).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub data: Bytes,
    /// Status word.
    pub sw: StatusWord,
}

/// Cap on response data: a short response carries at most 256 bytes (Ne = 256, ISO/IEC 7816-3).
pub const MAX_RESPONSE_DATA: usize = 256;

impl ResponseApdu {
    /// Decode data followed by SW1 SW2.
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        let n = input.len().checked_sub(2).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            "response APDU",
            input.len(),
        ))?;
        if n > MAX_RESPONSE_DATA {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "response APDU",
                MAX_RESPONSE_DATA,
            ));
        }
        let (data, sw) = input.split_at(n);
        Ok(Self {
            data: Bytes::from_slice(data),
            sw: StatusWord::decode(sw)?,
        })
    }

    /// Encode it.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        if self.data.0.len() > MAX_RESPONSE_DATA {
            return Err(EncodeError::new(EncodeErrorKind::TooLong, "response APDU"));
        }
        let mut out = self.data.0.clone();
        out.extend_from_slice(&self.sw.encode());
        Ok(out)
    }
}
