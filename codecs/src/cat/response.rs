//! TERMINAL RESPONSE (TS 102 223 clause 6.8): no outer tag; command details (echoed), device
//! identities (terminal to UICC), result, then the command's response objects in order.

use super::objects::*;
use super::values::TagValue;
use super::{MAX_MESSAGE_LEN, MAX_OBJECTS};
use crate::error::{DecodeError, DecodeResult, ErrorKind};
use crate::tlv::{EncodeError, EncodeErrorKind, TlvWriter, decode_ctlvs};

const STRUCTURE: &str = "TERMINAL RESPONSE";

/// A TERMINAL RESPONSE (the `terminal-response` CLI kind).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TerminalResponse {
    /// Command details, echoing the proactive command (6.8, 8.6).
    pub command_details: CommandDetails,
    /// Device identities (terminal `82` to UICC `81`).
    pub device_identities: DeviceIdentities,
    /// General result and additional information (8.12).
    pub result: CommandResult,
    /// The response objects after the result (channel status, bearer description, buffer size,
    /// channel data, channel data length, timer identifier / value, location information, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<CatObject>,
}

impl TerminalResponse {
    /// Decode a TERMINAL RESPONSE filling `input`. Command details, device identities and result
    /// are mandatory (6.8); a missing one is `MissingMandatory`.
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
        let items = decode_ctlvs(input, 0, MAX_OBJECTS, STRUCTURE)?;
        let mut c = Cursor::new(
            &items,
            STRUCTURE,
            input.len(),
            &[
                TagValue::COMMAND_DETAILS,
                TagValue::DEVICE_IDENTITIES,
                TagValue::RESULT,
            ],
            reading,
        );
        let command_details = c.require()?;
        let device_identities = c.require()?;
        let result = c.require()?;
        Ok(Self {
            command_details,
            device_identities,
            result,
            objects: c.finish()?,
        })
    }

    /// Encode it.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut w = TlvWriter::new();
        self.command_details.write(&mut w)?;
        self.device_identities.write(&mut w)?;
        self.result.write(&mut w)?;
        write_all(&mut w, &self.objects)?;
        let out = w.into_bytes();
        if out.len() > MAX_MESSAGE_LEN {
            return Err(EncodeError::new(EncodeErrorKind::TooLong, STRUCTURE));
        }
        Ok(out)
    }

    /// The first object of type `T` among the response objects.
    pub fn find<'s, T>(&'s self, pick: impl Fn(&'s CatObject) -> Option<&'s T>) -> Option<&'s T> {
        self.objects.iter().find_map(pick)
    }
}
