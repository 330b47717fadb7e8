//! OMA DM Notification, General Package #0: the "general notification initiated session alert".
//!
//! Source: OMA-TS-DM_Notification-V1_2 (OMA DM Notification Initiated Session 1.2), the section
//! on the structure of the general notification initiated session alert; cross-checked against
//! Intel libdmclient `dmcore/src/package0.c` (read for this module) and the spec notes in
//! `shared/specs/dm-notification.md`.
//!
//! ```text
//! | digest (128) | version (10) | ui-mode (2) | initiator (1) | future-use (27) |
//! | sessionid (16) | length-identifier (8) | server-identifier (length-identifier octets) |
//! | vendor-specific (rest) |
//! ```
//!
//! The header fields after the digest are one 64-bit big-endian word. "trigger" is every byte after
//! the digest, and the digest is `H(B64(H(server-identifier ":" password)) ":" nonce ":"
//! B64(H(trigger)))` with H = MD5 and B64 = base64 with padding (RFC 4648).
//!
//! Version (UNVERIFIED which one DM 1.2 mandates): a public transcription of DM Notification 1.2 and
//! libdmclient (which rejects everything else, `PRV_VERSION_MIN = PRV_VERSION_MAX = 11`) use 11;
//! other clients use 12. So the version is a field the encoder is given, never a default, and
//! [`Package0::decode`] accepts any 10-bit value (it is an open value); [`decode_accepting`] is the
//! strict form that takes the accepted list, e.g. [`DM12_VERSIONS`] = {11, 12}.

use core::fmt;

use base64::Engine as _;
use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};

use crate::hex;
use crate::{DecodeError, DecodeResult, ErrorKind};

/// Length of the digest: a 128-bit MD5 value.
pub const DIGEST_LEN: usize = 16;
/// Length of the fixed header word after the digest (version .. length-identifier).
pub const HEADER_LEN: usize = 8;
/// Offset of the first server-identifier byte.
pub const SERVER_IDENTIFIER_OFFSET: usize = DIGEST_LEN + HEADER_LEN;
/// Cap on the server-identifier: its length is one octet on the wire (length-identifier), so 255.
pub const MAX_SERVER_IDENTIFIER_LEN: usize = u8::MAX as usize;
/// Cap on the vendor-specific body. The spec sets no limit; a trigger travels in one SMS (140
/// octets of user data) or in the channel data of SEND DATA commands, whose buffer size is at
/// most 65535 (TS 102 223 buffer size object), and the DM 1.2 body is in practice empty. 4096
/// bounds what a peer can make us copy while leaving room for any real vendor extension.
pub const MAX_VENDOR_SPECIFIC_LEN: usize = 4096;

/// The versions a DM 1.2 client is known to send or accept (see the module doc): 11 and 12.
pub const DM12_VERSIONS: &[Version] = &[Version::V11, Version::V12];

/// Declares an open wire value: a newtype over the raw number with named constants, a `Debug`
/// that prints the name (or hex for an unknown value), serde as a plain number.
macro_rules! open_value {
    ($(#[$meta:meta])* $name:ident($raw:ty) { $($(#[$cmeta:meta])* $konst:ident = $val:expr,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[serde(transparent)]
        pub struct $name(pub $raw);

        impl $name {
            $($(#[$cmeta])* pub const $konst: Self = Self($val);)*

            /// The constant's name, if this value has one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(v if v == $val => Some(stringify!($konst)),)*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}(0x{:x})", stringify!($name), self.0),
                }
            }
        }
    };
}
pub(crate) use open_value;

open_value! {
    /// The 10-bit version field. Values above 0x3FF cannot be encoded.
    Version(u16) {
        /// 11 (`0000001011`): the public DM Notification 1.2 transcription, libdmclient.
        V11 = 11,
        /// 12 (`0000001100`): what other DM 1.2 clients send and accept (UNVERIFIED in the spec).
        V12 = 12,
    }
}

open_value! {
    /// The 2-bit ui-mode field (DM Notification 1.2).
    UiMode(u8) {
        /// 0: not specified.
        NOT_SPECIFIED = 0,
        /// 1: background, no user interaction.
        BACKGROUND = 1,
        /// 2: informative, the user is told.
        INFORMATIVE = 2,
        /// 3: user interaction, the user must accept.
        USER_INTERACTION = 3,
    }
}

open_value! {
    /// The 1-bit initiator field (DM Notification 1.2).
    Initiator(u8) {
        /// 0: the session was initiated by the client / user.
        CLIENT = 0,
        /// 1: the session was initiated by the server.
        SERVER = 1,
    }
}

/// The 128-bit MD5 digest; JSON as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Digest(pub [u8; DIGEST_LEN]);

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", hex::encode_lower(&self.0))
    }
}

impl Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode_lower(&self.0))
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let v = hex::decode_spaced(&s).map_err(serde::de::Error::custom)?;
        let a: [u8; DIGEST_LEN] = v
            .try_into()
            .map_err(|_| serde::de::Error::custom("digest must be 16 bytes (32 hex digits)"))?;
        Ok(Self(a))
    }
}

/// A decoded General Package #0. Field names follow DM Notification 1.2.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Package0 {
    /// digest: MD5 over the credentials, the nonce and the trigger (see [`compute_digest`]).
    pub digest: Digest,
    /// version (10 bits).
    pub version: Version,
    /// ui-mode (2 bits).
    pub ui_mode: UiMode,
    /// initiator (1 bit).
    pub initiator: Initiator,
    /// future-use (27 bits): "must be 0", kept as sent so a report can show a non-zero value.
    pub future_use: u32,
    /// sessionid (16 bits). In the DM session it appears as uppercase hex without leading zeros.
    #[serde(rename = "sessionid")]
    pub session_id: u16,
    /// server-identifier (length-identifier octets). DM ServerIDs are text; bytes that are not
    /// UTF-8 are rejected by the decoder (`InvalidValue`).
    pub server_identifier: String,
    /// vendor-specific trigger body (the rest of the package); JSON as hex.
    #[serde(with = "hex::serde_lower")]
    pub vendor_specific: Vec<u8>,
}

/// Why a [`Package0`] cannot be encoded: a field does not fit its bit width or its cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// version does not fit in 10 bits.
    VersionOutOfRange(u16),
    /// ui-mode does not fit in 2 bits.
    UiModeOutOfRange(u8),
    /// initiator does not fit in 1 bit.
    InitiatorOutOfRange(u8),
    /// future-use does not fit in 27 bits.
    FutureUseOutOfRange(u32),
    /// server-identifier longer than [`MAX_SERVER_IDENTIFIER_LEN`] octets.
    ServerIdentifierTooLong(usize),
    /// vendor-specific body longer than [`MAX_VENDOR_SPECIFIC_LEN`].
    VendorSpecificTooLong(usize),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::VersionOutOfRange(v) => write!(f, "Package #0 version {v} does not fit 10 bits"),
            Self::UiModeOutOfRange(v) => write!(f, "Package #0 ui-mode {v} does not fit 2 bits"),
            Self::InitiatorOutOfRange(v) => {
                write!(f, "Package #0 initiator {v} does not fit 1 bit")
            }
            Self::FutureUseOutOfRange(v) => {
                write!(f, "Package #0 future-use {v:#x} does not fit 27 bits")
            }
            Self::ServerIdentifierTooLong(n) => write!(
                f,
                "Package #0 server-identifier is {n} octets, at most {MAX_SERVER_IDENTIFIER_LEN}"
            ),
            Self::VendorSpecificTooLong(n) => write!(
                f,
                "Package #0 vendor-specific body is {n} octets, at most {MAX_VENDOR_SPECIFIC_LEN}"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

const VERSION_BITS: u32 = 10;
const UI_MODE_BITS: u32 = 2;
const INITIATOR_BITS: u32 = 1;
const FUTURE_USE_BITS: u32 = 27;
const VERSION_SHIFT: u32 = 54;
const UI_MODE_SHIFT: u32 = 52;
const INITIATOR_SHIFT: u32 = 51;
const FUTURE_USE_SHIFT: u32 = 24;
const SESSION_ID_SHIFT: u32 = 8;

const fn mask(bits: u32) -> u64 {
    (1u64 << bits) - 1
}

impl Package0 {
    /// Decodes a package; any version is accepted (see [`decode_accepting`] for the strict form).
    /// Does not check the digest: use [`verify_digest`] on the same bytes.
    pub fn decode(bytes: &[u8]) -> DecodeResult<Self> {
        Self::decode_at(bytes, 0)
    }

    /// Decodes a package that starts `base` bytes into the outermost input (errors carry
    /// offsets from the outermost input).
    pub(crate) fn decode_at(bytes: &[u8], base: usize) -> DecodeResult<Self> {
        let at = |off: usize| base.saturating_add(off);
        let (digest, rest) = bytes
            .split_first_chunk::<DIGEST_LEN>()
            .ok_or(DecodeError::new(
                ErrorKind::Truncated,
                "Package #0 digest",
                at(0),
            ))?;
        let (header, rest) = rest
            .split_first_chunk::<HEADER_LEN>()
            .ok_or(DecodeError::new(
                ErrorKind::Truncated,
                "Package #0 notification header",
                at(DIGEST_LEN),
            ))?;
        let word = u64::from_be_bytes(*header);
        // Each cast below is of a value masked to fewer bits than the target type.
        let version = Version(((word >> VERSION_SHIFT) & mask(VERSION_BITS)) as u16);
        let ui_mode = UiMode(((word >> UI_MODE_SHIFT) & mask(UI_MODE_BITS)) as u8);
        let initiator = Initiator(((word >> INITIATOR_SHIFT) & mask(INITIATOR_BITS)) as u8);
        let future_use = ((word >> FUTURE_USE_SHIFT) & mask(FUTURE_USE_BITS)) as u32;
        let session_id = ((word >> SESSION_ID_SHIFT) & mask(16)) as u16;
        let id_len = usize::from(header[HEADER_LEN - 1]);
        let (id, vendor) = rest.split_at_checked(id_len).ok_or(DecodeError::new(
            ErrorKind::Truncated,
            "Package #0 server-identifier",
            at(SERVER_IDENTIFIER_OFFSET),
        ))?;
        let server_identifier = core::str::from_utf8(id)
            .map_err(|e| {
                DecodeError::new(
                    ErrorKind::InvalidValue,
                    "Package #0 server-identifier",
                    at(SERVER_IDENTIFIER_OFFSET + e.valid_up_to()),
                )
            })?
            .to_owned();
        if vendor.len() > MAX_VENDOR_SPECIFIC_LEN {
            return Err(DecodeError::new(
                ErrorKind::TooLong,
                "Package #0 vendor-specific",
                at(SERVER_IDENTIFIER_OFFSET + id_len),
            ));
        }
        Ok(Self {
            digest: Digest(*digest),
            version,
            ui_mode,
            initiator,
            future_use,
            session_id,
            server_identifier,
            vendor_specific: vendor.to_vec(),
        })
    }

    /// Encodes the package with the digest it carries (which may be deliberately wrong, for
    /// negative vectors). Use [`Package0::signed`] to fill in the right digest first.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let trigger = self.trigger()?;
        let mut out = Vec::with_capacity(DIGEST_LEN + trigger.len());
        out.extend_from_slice(&self.digest.0);
        out.extend_from_slice(&trigger);
        Ok(out)
    }

    /// The trigger: every byte after the digest (notification header, server-identifier, body).
    pub fn trigger(&self) -> Result<Vec<u8>, EncodeError> {
        let fits = |v: u64, bits: u32| v <= mask(bits);
        if !fits(self.version.0.into(), VERSION_BITS) {
            return Err(EncodeError::VersionOutOfRange(self.version.0));
        }
        if !fits(self.ui_mode.0.into(), UI_MODE_BITS) {
            return Err(EncodeError::UiModeOutOfRange(self.ui_mode.0));
        }
        if !fits(self.initiator.0.into(), INITIATOR_BITS) {
            return Err(EncodeError::InitiatorOutOfRange(self.initiator.0));
        }
        if !fits(self.future_use.into(), FUTURE_USE_BITS) {
            return Err(EncodeError::FutureUseOutOfRange(self.future_use));
        }
        let id = self.server_identifier.as_bytes();
        let id_len =
            u8::try_from(id.len()).map_err(|_| EncodeError::ServerIdentifierTooLong(id.len()))?;
        if self.vendor_specific.len() > MAX_VENDOR_SPECIFIC_LEN {
            return Err(EncodeError::VendorSpecificTooLong(
                self.vendor_specific.len(),
            ));
        }
        let word = (u64::from(self.version.0) << VERSION_SHIFT)
            | (u64::from(self.ui_mode.0) << UI_MODE_SHIFT)
            | (u64::from(self.initiator.0) << INITIATOR_SHIFT)
            | (u64::from(self.future_use) << FUTURE_USE_SHIFT)
            | (u64::from(self.session_id) << SESSION_ID_SHIFT)
            | u64::from(id_len);
        let mut out = Vec::with_capacity(HEADER_LEN + id.len() + self.vendor_specific.len());
        out.extend_from_slice(&word.to_be_bytes());
        out.extend_from_slice(id);
        out.extend_from_slice(&self.vendor_specific);
        Ok(out)
    }

    /// This package with the digest computed over its own trigger and its own server-identifier.
    pub fn signed(mut self, password: &[u8], nonce: &[u8]) -> Result<Self, EncodeError> {
        let trigger = self.trigger()?;
        self.digest = compute_digest(self.server_identifier.as_bytes(), password, nonce, &trigger);
        Ok(self)
    }

    /// The sessionid as it appears in the DM session: uppercase hex without leading zeros.
    pub fn session_id_hex(&self) -> String {
        format!("{:X}", self.session_id)
    }
}

/// Decodes like [`Package0::decode`] and also rejects a version not in `accepted`
/// (`InvalidValue` at the version, byte 16). `DM12_VERSIONS` accepts both 11 and 12.
pub fn decode_accepting(bytes: &[u8], accepted: &[Version]) -> DecodeResult<Package0> {
    let p = Package0::decode(bytes)?;
    if accepted.contains(&p.version) {
        Ok(p)
    } else {
        Err(DecodeError::new(
            ErrorKind::InvalidValue,
            "Package #0 version",
            DIGEST_LEN,
        ))
    }
}

/// `H(B64(H(server-identifier ":" password)) ":" nonce ":" B64(H(trigger)))`, H = MD5.
///
/// The nonce is bytes (the DM account's AAuthData nonce after base64 decoding, or whatever the
/// server and client agreed), never reinterpreted as a string. The test vector in
/// `shared/specs/dm-notification.md` (digest `5a7ad037...`) is reproduced with the nonce
/// `00 00 00 00` (four zero bytes), not the eight ASCII '0' the note states (checked with Python
/// `hashlib`; see `tests/files/pkg0/README.md`).
pub fn compute_digest(
    server_identifier: &[u8],
    password: &[u8],
    nonce: &[u8],
    trigger: &[u8],
) -> Digest {
    let b64 = base64::engine::general_purpose::STANDARD;
    let cred = Md5::new()
        .chain_update(server_identifier)
        .chain_update(b":")
        .chain_update(password)
        .finalize();
    let trig = Md5::new().chain_update(trigger).finalize();
    let out = Md5::new()
        .chain_update(b64.encode(cred).as_bytes())
        .chain_update(b":")
        .chain_update(nonce)
        .chain_update(b":")
        .chain_update(b64.encode(trig).as_bytes())
        .finalize();
    Digest(out.into())
}

/// Checks the digest of an encoded package against the given credentials and nonce.
///
/// One answer per input: there is no fallback (libdmclient retries a failed check with the
/// nonce "0x00000000"; a DM Client that does so accepts digests made without the current nonce),
/// and the comparison reads all 16 bytes whatever they hold (no early exit), so neither the
/// result nor the time it takes depends on where a forged digest first differs. Errors: `Truncated` if
/// there is no full digest, `BadDigest` at offset 0 on a mismatch. The server-identifier is a
/// parameter, not taken from the package: the DM Client looks up the account's credentials.
pub fn verify_digest(
    package: &[u8],
    server_identifier: &[u8],
    password: &[u8],
    nonce: &[u8],
) -> Result<(), DecodeError> {
    let (digest, trigger) = package
        .split_first_chunk::<DIGEST_LEN>()
        .ok_or(DecodeError::new(
            ErrorKind::Truncated,
            "Package #0 digest",
            0,
        ))?;
    let expected = compute_digest(server_identifier, password, nonce, trigger);
    let diff = digest
        .iter()
        .zip(expected.0.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if diff == 0 {
        Ok(())
    } else {
        Err(DecodeError::new(
            ErrorKind::BadDigest,
            "Package #0 digest",
            0,
        ))
    }
}

/// Fuzzing oracle (feature `arbitrary`, used by `fuzz/fuzz_targets/pkg0.rs`), on the same bytes
/// twice:
/// - raw: decoding and digest verification never panic, and every input that decodes re-encodes
///   to the same bytes (every decodable package is canonical);
/// - structured: the bytes read through `Arbitrary` as a [`Package0`] satisfy [`fuzz_encode`].
///
/// Panics, the fuzzer's crash signal, on a violation.
#[cfg(feature = "arbitrary")]
#[doc(hidden)]
pub fn fuzz_round_trip(data: &[u8]) {
    if let Ok(p) = Package0::decode(data) {
        assert_eq!(
            p.encode().as_deref(),
            Ok(data),
            "Package #0 re-encoding differs"
        );
    }
    let _ = verify_digest(data, b"dmsc", b"secret", &[0; 4]);
    let mut u = arbitrary::Unstructured::new(data);
    if let Ok(p) = <Package0 as arbitrary::Arbitrary>::arbitrary(&mut u) {
        fuzz_encode(&p);
    }
}

/// Structure-aware fuzzing oracle (feature `arbitrary`): any package that encodes decodes back to
/// itself (`decode(encode(x)) == x`), and signed with some credentials it verifies with them.
#[cfg(feature = "arbitrary")]
#[doc(hidden)]
pub fn fuzz_encode(p: &Package0) {
    let Ok(bytes) = p.encode() else { return };
    assert_eq!(
        Package0::decode(&bytes).as_ref(),
        Ok(p),
        "Package #0 decode(encode(x)) != x"
    );
    let (password, nonce) = (b"secret", [0x00, 0x01, 0x02, 0x03]);
    let signed = p.clone().signed(password, &nonce).and_then(|s| s.encode());
    match signed {
        Ok(b) => assert_eq!(
            verify_digest(&b, p.server_identifier.as_bytes(), password, &nonce),
            Ok(()),
            "Package #0 signed with credentials does not verify with them"
        ),
        Err(e) => panic!("Package #0 encodes but does not sign: {e}"),
    }
}
