//! TERMINAL PROFILE (TS 102 223 clause 5.2): a bit map of what the terminal supports. Bytes are
//! numbered from 1 and bits from 1 (b1 = mask `01`), as the spec does.

use crate::error::{DecodeError, DecodeResult, ErrorKind};

use super::Bytes;

/// Cap on the profile length: it travels as the data of one TERMINAL PROFILE APDU, whose Lc is
/// one byte (TS 102 221 clause 10.1.4), so it can never exceed 255 bytes.
pub const MAX_PROFILE_LEN: usize = 255;

/// One facility bit of the profile.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub struct Facility {
    /// Byte number, from 1.
    pub byte: u8,
    /// Bit number within the byte, from 1 (b1 = mask `01`).
    pub bit: u8,
    /// The name TS 102 223 5.2 gives it.
    pub name: &'static str,
}

impl Facility {
    const fn new(byte: u8, bit: u8, name: &'static str) -> Self {
        Self { byte, bit, name }
    }

    /// Profile download (byte 1 b1) [S].
    pub const PROFILE_DOWNLOAD: Self = Self::new(1, 1, "profile download");
    /// SMS-PP data download (byte 1 b2) [S].
    pub const SMS_PP_DATA_DOWNLOAD: Self = Self::new(1, 2, "SMS-PP data download");
    /// Timer expiration (ENVELOPE TIMER EXPIRATION), first byte b6 [S: pySim, Wireshark
    /// `gsm_sim`].
    pub const TIMER_EXPIRATION: Self = Self::new(1, 6, "timer expiration");
    /// Call control by NAA, second byte b2 [S: pySim, Wireshark `gsm_sim`].
    pub const CALL_CONTROL: Self = Self::new(2, 2, "call control by NAA");
    /// SEND SHORT MESSAGE, fourth byte b2 [S: pySim, Wireshark `gsm_sim`].
    pub const SEND_SHORT_MESSAGE: Self = Self::new(4, 2, "SEND SHORT MESSAGE");
    /// SET UP EVENT LIST, fifth byte b1 [S: pySim, Wireshark `gsm_sim`].
    pub const SET_UP_EVENT_LIST: Self = Self::new(5, 1, "SET UP EVENT LIST");
    /// Event: location status (byte 5 b5; b4 is "call disconnected", TS 102 223 5.2) [S].
    pub const EVENT_LOCATION_STATUS: Self = Self::new(5, 5, "event: location status");
    /// TIMER MANAGEMENT (start, stop), eighth byte b1 [S: pySim, Wireshark `gsm_sim`].
    pub const TIMER_MANAGEMENT: Self = Self::new(8, 1, "TIMER MANAGEMENT (start, stop)");
    /// Event: data available (byte 6 b3) [I].
    pub const EVENT_DATA_AVAILABLE: Self = Self::new(6, 3, "event: data available");
    /// Event: channel status (byte 6 b4) [I].
    pub const EVENT_CHANNEL_STATUS: Self = Self::new(6, 4, "event: channel status");
    /// OPEN CHANNEL (byte 12 b1, class "e") [V].
    pub const OPEN_CHANNEL: Self = Self::new(12, 1, "OPEN CHANNEL");
    /// CLOSE CHANNEL (byte 12 b2) [V].
    pub const CLOSE_CHANNEL: Self = Self::new(12, 2, "CLOSE CHANNEL");
    /// RECEIVE DATA (byte 12 b3) [V].
    pub const RECEIVE_DATA: Self = Self::new(12, 3, "RECEIVE DATA");
    /// SEND DATA (byte 12 b4) [V].
    pub const SEND_DATA: Self = Self::new(12, 4, "SEND DATA");
    /// GET CHANNEL STATUS (byte 12 b5) [V].
    pub const GET_CHANNEL_STATUS: Self = Self::new(12, 5, "GET CHANNEL STATUS");
    /// CSD bearer (byte 13 b1) [V].
    pub const BEARER_CSD: Self = Self::new(13, 1, "CSD");
    /// GPRS bearer (byte 13 b2) [V].
    pub const BEARER_GPRS: Self = Self::new(13, 2, "GPRS");
    /// TCP, UICC in client mode, remote connection (byte 17 b1) [V].
    pub const TCP_CLIENT_REMOTE: Self =
        Self::new(17, 1, "TCP, UICC in client mode, remote connection");
    /// UDP, UICC in client mode, remote connection (byte 17 b2) [V].
    pub const UDP_CLIENT_REMOTE: Self =
        Self::new(17, 2, "UDP, UICC in client mode, remote connection");
    /// TCP, UICC in server mode (byte 17 b3) [V].
    pub const TCP_UICC_SERVER: Self = Self::new(17, 3, "TCP, UICC in server mode");
    /// TCP, UICC in client mode, local connection (byte 17 b4) [V].
    pub const TCP_CLIENT_LOCAL: Self =
        Self::new(17, 4, "TCP, UICC in client mode, local connection");
    /// UDP, UICC in client mode, local connection (byte 17 b5) [V].
    pub const UDP_CLIENT_LOCAL: Self =
        Self::new(17, 5, "UDP, UICC in client mode, local connection");
    /// Direct communication channel (byte 17 b6) [V].
    pub const DIRECT_CHANNEL: Self = Self::new(17, 6, "direct communication channel");
    /// TERMINAL APPLICATIONS (byte 30 b3, mask `04`) [V]. That byte 30 is class "k" is UNVERIFIED.
    pub const TERMINAL_APPLICATIONS: Self = Self::new(30, 3, "TERMINAL APPLICATIONS");
    /// Confirmation parameters for OPEN CHANNEL in terminal server mode (byte 31 b3) [V].
    pub const TSM_OPEN_CHANNEL_CONFIRMATION: Self = Self::new(
        31,
        3,
        "confirmation parameters for OPEN CHANNEL in terminal server mode",
    );
    /// Launch parameters supported for OPEN CHANNEL in terminal server mode (byte 32 b4) [V].
    pub const TSM_LAUNCH_PARAMETERS: Self = Self::new(
        32,
        4,
        "launch parameters for OPEN CHANNEL in terminal server mode",
    );
    /// Direct communication channel in terminal server mode (byte 32 b5) [V].
    pub const TSM_DIRECT_CHANNEL: Self = Self::new(
        32,
        5,
        "direct communication channel in terminal server mode",
    );

    /// Every facility named here, in byte and bit order.
    pub const ALL: &'static [Self] = &[
        Self::PROFILE_DOWNLOAD,
        Self::SMS_PP_DATA_DOWNLOAD,
        Self::TIMER_EXPIRATION,
        Self::CALL_CONTROL,
        Self::SEND_SHORT_MESSAGE,
        Self::SET_UP_EVENT_LIST,
        Self::EVENT_LOCATION_STATUS,
        Self::EVENT_DATA_AVAILABLE,
        Self::EVENT_CHANNEL_STATUS,
        Self::TIMER_MANAGEMENT,
        Self::OPEN_CHANNEL,
        Self::CLOSE_CHANNEL,
        Self::RECEIVE_DATA,
        Self::SEND_DATA,
        Self::GET_CHANNEL_STATUS,
        Self::BEARER_CSD,
        Self::BEARER_GPRS,
        Self::TCP_CLIENT_REMOTE,
        Self::UDP_CLIENT_REMOTE,
        Self::TCP_UICC_SERVER,
        Self::TCP_CLIENT_LOCAL,
        Self::UDP_CLIENT_LOCAL,
        Self::DIRECT_CHANNEL,
        Self::TERMINAL_APPLICATIONS,
        Self::TSM_OPEN_CHANNEL_CONFIRMATION,
        Self::TSM_LAUNCH_PARAMETERS,
        Self::TSM_DIRECT_CHANNEL,
    ];
}

/// A TERMINAL PROFILE (the `terminal-profile` CLI kind). Every byte is kept; bits are read
/// through [`TerminalProfile::supports`]. A profile shorter than a byte means "not supported"
/// for that byte's facilities (TS 102 223 5.2: absent bytes are zero).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TerminalProfile {
    /// The profile bytes (hex).
    pub bytes: Bytes,
}

impl TerminalProfile {
    /// Decode a profile (at most [`MAX_PROFILE_LEN`] bytes).
    pub fn decode(input: &[u8]) -> DecodeResult<Self> {
        if input.len() > MAX_PROFILE_LEN {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "TERMINAL PROFILE",
                MAX_PROFILE_LEN,
            ));
        }
        Ok(Self {
            bytes: Bytes::from_slice(input),
        })
    }

    /// Encode it (every value encodes; the APDU layer enforces the length cap).
    pub fn encode(&self) -> Vec<u8> {
        self.bytes.0.clone()
    }

    /// A profile with exactly these facilities set, as short as it can be.
    pub fn with(facilities: &[Facility]) -> Self {
        let len = facilities
            .iter()
            .map(|f| usize::from(f.byte))
            .max()
            .unwrap_or(0);
        let mut bytes = vec![0u8; len];
        for f in facilities {
            if let Some(b) = bytes.get_mut(usize::from(f.byte).wrapping_sub(1)) {
                *b |= 1 << (f.bit.saturating_sub(1) & 7);
            }
        }
        Self {
            bytes: Bytes(bytes),
        }
    }

    /// Whether the facility's bit is set.
    pub fn supports(&self, f: Facility) -> bool {
        let idx = usize::from(f.byte).wrapping_sub(1);
        self.bytes
            .0
            .get(idx)
            .is_some_and(|b| b & (1 << (f.bit.saturating_sub(1) & 7)) != 0)
    }

    /// The named facilities that are set, in byte and bit order.
    pub fn facilities(&self) -> Vec<Facility> {
        Facility::ALL
            .iter()
            .copied()
            .filter(|f| self.supports(*f))
            .collect()
    }

    /// Number of BIP channels supported (byte 13 bits 6-8), TS 102 223 5.2 [V].
    pub fn bip_channels(&self) -> u8 {
        self.bytes.0.get(12).map_or(0, |b| b >> 5)
    }
}
