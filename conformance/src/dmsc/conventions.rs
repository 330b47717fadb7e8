//! The test data of the DM Smart Card models, bindings and references: one place, so that a
//! vector, the reference UICC and the reference terminal agree on every value a model abstracts.
//! Each value says where it comes from; values the specifications leave to the implementation are
//! our choice and say so. A lab whose card or terminal is personalised otherwise changes them here
//! (a later step makes them suite configuration).

/// The DM_SC Server's ServerID (DM_SC TS 7.1 step 3: the notification carries it; the value is our
/// choice, the one of `specs/dm-notification.md`'s test vector).
pub const SERVER_ID: &str = "dmsc";
/// A ServerID that is not the DM_SC Server's (negative vectors: the DM Client must not open a
/// session with the DM_SC Server on it).
pub const OTHER_SERVER_ID: &str = "other";
/// The DM_SC Server's password for the notification digest (our choice).
pub const SERVER_PASSWORD: &[u8] = b"secret";
/// The nonce of the notification digest: four zero bytes (`specs/dm-notification.md`, corrected).
pub const SERVER_NONCE: &[u8] = &[0, 0, 0, 0];
/// The session id of the first notification (our choice; it appears in the DM session as
/// uppercase hex without leading zeros, `1234`).
pub const SESSION_ID: u16 = 0x1234;

/// The AppAddr of the DM account of the DM_SC ServerID over BIP, IPv4 (DM_SC TS 8.1 table 2).
pub const APP_ADDR_BIP_IPV4: &str = "https://127.0.0.1:4116/OMA/DM";
/// The same with the host name the DM Client MAY use instead (DM_SC TS 8.1 table 2, note 1).
pub const APP_ADDR_BIP_LOCALHOST: &str = "https://localhost:4116/OMA/DM";
/// The SCWS port over BIP (DM_SC TS 8.1 table 2; TS 102 223 UICC server mode).
pub const SCWS_PORT: u16 = 4116;

/// The port the reference terminal assigns to the DM Client (DM_SC TS 7.1 step 1: "any
/// hexadecimal number assigned by the device", unique for the DM Client; our choice).
pub const DM_CLIENT_PORT: u16 = 0x1F41;
/// The application type of the DM Client in the registry application data (DM_SC TS 7.1: `07`).
pub const DM_CLIENT_APPLICATION_TYPE: u8 = 0x07;
/// The data coding scheme of the DM Client's name: GSM default alphabet, 8-bit (TS 23.038 `04`;
/// DM_SC TS 7.1 says the name SHOULD use the GSM 7-bit default alphabet).
pub const DM_CLIENT_NAME_DCS: u8 = 0x04;
/// The DM Client's name (our choice).
pub const DM_CLIENT_NAME: &str = "DM Client";

/// The BIP channel the terminal assigns to the first channel the UICC opens (TS 102 223 channel
/// identifiers 1-7; our terminal assigns the lowest free one).
pub const FIRST_CHANNEL: u8 = 1;
/// The buffer size the DM_SC Server asks for in OPEN CHANNEL (our choice; 1500 as in
/// `specs/cat-bip.md`'s example).
pub const BUFFER_SIZE: u16 = 1500;

/// The timer the DM_SC Server uses for its regular-interval wake-up (TS 102 223 timer 1-8).
pub const WAKEUP_TIMER_ID: u8 = 1;
/// Its value, in seconds (our choice; encoded as nibble-swapped BCD hh mm ss).
pub const WAKEUP_TIMER_SECS: u32 = 30;

/// The customer-care number whose call wakes the DM_SC Server through call control (our choice).
pub const CUSTOMER_CARE_NUMBER: &str = "611";
/// The home network (MCC, MNC) of the test subscription: the ITU test network 001/01.
pub const HOME_PLMN: (u16, u16) = (1, 1);
/// A visited network, so that a location status event reports roaming (our choice).
pub const VISITED_PLMN: (u16, u16) = (262, 1);
/// Location area code and cell id reported with normal service (our choice).
pub const LAC: u16 = 0x0001;
/// See [`LAC`].
pub const CELL_ID: u16 = 0x0001;

/// The device's own MSISDN: the on-line trigger's SEND SHORT MESSAGE is addressed to it, so that
/// the notification comes back over the air to the DM Client (our choice).
pub const OWN_MSISDN: &str = "+15555550100";
/// The WDP port of the DM notification push (OMA DM Notification: WSP push to port 2948).
pub const DM_NOTIFICATION_WDP_PORT: u16 = 2948;
