//! Open newtypes for CAT wire values, with named constants (rustls `enum_builder!` style): unknown
//! values survive a round trip and print as hex.
//!
//! Source marks: [V] verified in two sources (see specs/cat-bip.md), [S] one source, [I] inferred
//! or from memory of public decoders and not cross-checked; [W] Wireshark 4.0.17 `etsi_cat`
//! (packet-etsi_cat.c value tables, read from `tshark -G values` and the dissector's output),
//! [O] ofono `src/stkutil.h`, [P] osmocom pySim `pySim/cat.py`. No table here is copied from
//! them: each value was compared one by one and written in this crate's form.

macro_rules! wire_value {
    ($(#[$m:meta])* $name:ident($repr:ty) { $($(#[$cm:meta])* $konst:ident = $val:literal => $label:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[serde(transparent)]
        pub struct $name(pub $repr);

        impl $name {
            $($(#[$cm])* pub const $konst: Self = Self($val);)*

            /// The name the spec gives this value, if it is one this codec knows.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($label),)*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({:#04X} {})", stringify!($name), self.0, n),
                    None => write!(f, "{}({:#04X})", stringify!($name), self.0),
                }
            }
        }
    };
}
pub(crate) use wire_value;

wire_value! {
    /// Type of command (TS 102 223 clause 9.4; 3GPP TS 31.111 9.4 for SEND SS / SEND USSD /
    /// GEOGRAPHICAL LOCATION REQUEST). The table follows Wireshark 4.0 `etsi_cat` (`cmd_type_vals`)
    /// and osmocom pySim `pySim/cat.py` (`TypeOfCommand`, "TS 102 223 V15.3.0 9.4"), which agree on
    /// every value; `81` "end of the proactive UICC session" is in Wireshark only (TS 102 223 uses it
    /// in the TERMINAL RESPONSE command details of a session end, UNVERIFIED against the spec text).
    CommandType(u8) {
        /// REFRESH.
        REFRESH = 0x01 => "REFRESH",
        /// MORE TIME.
        MORE_TIME = 0x02 => "MORE TIME",
        /// POLL INTERVAL.
        POLL_INTERVAL = 0x03 => "POLL INTERVAL",
        /// POLLING OFF.
        POLLING_OFF = 0x04 => "POLLING OFF",
        /// SET UP EVENT LIST.
        SET_UP_EVENT_LIST = 0x05 => "SET UP EVENT LIST",
        /// SET UP CALL.
        SET_UP_CALL = 0x10 => "SET UP CALL",
        /// SEND SS.
        SEND_SS = 0x11 => "SEND SS",
        /// SEND USSD.
        SEND_USSD = 0x12 => "SEND USSD",
        /// SEND SHORT MESSAGE.
        SEND_SHORT_MESSAGE = 0x13 => "SEND SHORT MESSAGE",
        /// SEND DTMF.
        SEND_DTMF = 0x14 => "SEND DTMF",
        /// LAUNCH BROWSER.
        LAUNCH_BROWSER = 0x15 => "LAUNCH BROWSER",
        /// GEOGRAPHICAL LOCATION REQUEST.
        GEOGRAPHICAL_LOCATION_REQUEST = 0x16 => "GEOGRAPHICAL LOCATION REQUEST",
        /// PLAY TONE.
        PLAY_TONE = 0x20 => "PLAY TONE",
        /// DISPLAY TEXT.
        DISPLAY_TEXT = 0x21 => "DISPLAY TEXT",
        /// GET INKEY.
        GET_INKEY = 0x22 => "GET INKEY",
        /// GET INPUT.
        GET_INPUT = 0x23 => "GET INPUT",
        /// SELECT ITEM.
        SELECT_ITEM = 0x24 => "SELECT ITEM",
        /// SET UP MENU.
        SET_UP_MENU = 0x25 => "SET UP MENU",
        /// PROVIDE LOCAL INFORMATION.
        PROVIDE_LOCAL_INFORMATION = 0x26 => "PROVIDE LOCAL INFORMATION",
        /// TIMER MANAGEMENT.
        TIMER_MANAGEMENT = 0x27 => "TIMER MANAGEMENT",
        /// SET UP IDLE MODE TEXT.
        SET_UP_IDLE_MODE_TEXT = 0x28 => "SET UP IDLE MODE TEXT",
        /// PERFORM CARD APDU.
        PERFORM_CARD_APDU = 0x30 => "PERFORM CARD APDU",
        /// POWER ON CARD.
        POWER_ON_CARD = 0x31 => "POWER ON CARD",
        /// POWER OFF CARD.
        POWER_OFF_CARD = 0x32 => "POWER OFF CARD",
        /// GET READER STATUS.
        GET_READER_STATUS = 0x33 => "GET READER STATUS",
        /// RUN AT COMMAND.
        RUN_AT_COMMAND = 0x34 => "RUN AT COMMAND",
        /// LANGUAGE NOTIFICATION.
        LANGUAGE_NOTIFICATION = 0x35 => "LANGUAGE NOTIFICATION",
        /// OPEN CHANNEL.
        OPEN_CHANNEL = 0x40 => "OPEN CHANNEL",
        /// CLOSE CHANNEL.
        CLOSE_CHANNEL = 0x41 => "CLOSE CHANNEL",
        /// RECEIVE DATA.
        RECEIVE_DATA = 0x42 => "RECEIVE DATA",
        /// SEND DATA.
        SEND_DATA = 0x43 => "SEND DATA",
        /// GET CHANNEL STATUS.
        GET_CHANNEL_STATUS = 0x44 => "GET CHANNEL STATUS",
        /// SERVICE SEARCH.
        SERVICE_SEARCH = 0x45 => "SERVICE SEARCH",
        /// GET SERVICE INFORMATION.
        GET_SERVICE_INFORMATION = 0x46 => "GET SERVICE INFORMATION",
        /// DECLARE SERVICE.
        DECLARE_SERVICE = 0x47 => "DECLARE SERVICE",
        /// SET FRAMES.
        SET_FRAMES = 0x50 => "SET FRAMES",
        /// GET FRAMES STATUS.
        GET_FRAMES_STATUS = 0x51 => "GET FRAMES STATUS",
        /// RETRIEVE MULTIMEDIA MESSAGE.
        RETRIEVE_MULTIMEDIA_MESSAGE = 0x60 => "RETRIEVE MULTIMEDIA MESSAGE",
        /// SUBMIT MULTIMEDIA MESSAGE.
        SUBMIT_MULTIMEDIA_MESSAGE = 0x61 => "SUBMIT MULTIMEDIA MESSAGE",
        /// DISPLAY MULTIMEDIA MESSAGE.
        DISPLAY_MULTIMEDIA_MESSAGE = 0x62 => "DISPLAY MULTIMEDIA MESSAGE",
        /// ACTIVATE.
        ACTIVATE = 0x70 => "ACTIVATE",
        /// CONTACTLESS STATE CHANGED.
        CONTACTLESS_STATE_CHANGED = 0x71 => "CONTACTLESS STATE CHANGED",
        /// COMMAND CONTAINER.
        COMMAND_CONTAINER = 0x72 => "COMMAND CONTAINER",
        /// ENCAPSULATED SESSION CONTROL.
        ENCAPSULATED_SESSION_CONTROL = 0x73 => "ENCAPSULATED SESSION CONTROL",
        /// end of the proactive UICC session.
        END_OF_PROACTIVE_SESSION = 0x81 => "end of the proactive UICC session",
    }
}

wire_value! {
    /// Device identity (TS 102 223 clause 8.7). Follows Wireshark 4.0 `etsi_cat` (`dev_id_vals`),
    /// pySim `DeviceIdentities.DEV_IDS` and ofono `stkutil.h` (`STK_DEVICE_IDENTITY_TYPE_*`): keypad,
    /// display, earpiece, additional card readers 0-7 (`10`-`17`), channels 1-7 (`21`-`27`), eCAT
    /// clients 1-15 (`31`-`3F`, Wireshark and pySim; not in ofono), UICC, terminal, network.
    DeviceId(u8) {
        /// Keypad.
        KEYPAD = 0x01 => "keypad",
        /// Display.
        DISPLAY = 0x02 => "display",
        /// Earpiece.
        EARPIECE = 0x03 => "earpiece",
        /// Additional card reader 0.
        CARD_READER_0 = 0x10 => "additional card reader 0",
        /// Additional card reader 1.
        CARD_READER_1 = 0x11 => "additional card reader 1",
        /// Additional card reader 2.
        CARD_READER_2 = 0x12 => "additional card reader 2",
        /// Additional card reader 3.
        CARD_READER_3 = 0x13 => "additional card reader 3",
        /// Additional card reader 4.
        CARD_READER_4 = 0x14 => "additional card reader 4",
        /// Additional card reader 5.
        CARD_READER_5 = 0x15 => "additional card reader 5",
        /// Additional card reader 6.
        CARD_READER_6 = 0x16 => "additional card reader 6",
        /// Additional card reader 7.
        CARD_READER_7 = 0x17 => "additional card reader 7",
        /// Channel 1.
        CHANNEL_1 = 0x21 => "channel 1",
        /// Channel 2.
        CHANNEL_2 = 0x22 => "channel 2",
        /// Channel 3.
        CHANNEL_3 = 0x23 => "channel 3",
        /// Channel 4.
        CHANNEL_4 = 0x24 => "channel 4",
        /// Channel 5.
        CHANNEL_5 = 0x25 => "channel 5",
        /// Channel 6.
        CHANNEL_6 = 0x26 => "channel 6",
        /// Channel 7.
        CHANNEL_7 = 0x27 => "channel 7",
        /// ECAT client 1.
        ECAT_CLIENT_1 = 0x31 => "eCAT client 1",
        /// ECAT client 2.
        ECAT_CLIENT_2 = 0x32 => "eCAT client 2",
        /// ECAT client 3.
        ECAT_CLIENT_3 = 0x33 => "eCAT client 3",
        /// ECAT client 4.
        ECAT_CLIENT_4 = 0x34 => "eCAT client 4",
        /// ECAT client 5.
        ECAT_CLIENT_5 = 0x35 => "eCAT client 5",
        /// ECAT client 6.
        ECAT_CLIENT_6 = 0x36 => "eCAT client 6",
        /// ECAT client 7.
        ECAT_CLIENT_7 = 0x37 => "eCAT client 7",
        /// ECAT client 8.
        ECAT_CLIENT_8 = 0x38 => "eCAT client 8",
        /// ECAT client 9.
        ECAT_CLIENT_9 = 0x39 => "eCAT client 9",
        /// ECAT client 10.
        ECAT_CLIENT_10 = 0x3A => "eCAT client 10",
        /// ECAT client 11.
        ECAT_CLIENT_11 = 0x3B => "eCAT client 11",
        /// ECAT client 12.
        ECAT_CLIENT_12 = 0x3C => "eCAT client 12",
        /// ECAT client 13.
        ECAT_CLIENT_13 = 0x3D => "eCAT client 13",
        /// ECAT client 14.
        ECAT_CLIENT_14 = 0x3E => "eCAT client 14",
        /// ECAT client 15.
        ECAT_CLIENT_15 = 0x3F => "eCAT client 15",
        /// UICC.
        UICC = 0x81 => "UICC",
        /// Terminal.
        TERMINAL = 0x82 => "terminal",
        /// Network.
        NETWORK = 0x83 => "network",
    }
}

impl DeviceId {
    /// The channel identity for channel `n` (1-7), TS 102 223 8.7.
    pub const fn channel(n: u8) -> Self {
        Self(0x20 | (n & 0x07))
    }

    /// The channel number if this is a channel identity (`21`-`27`).
    pub const fn channel_number(self) -> Option<u8> {
        if self.0 >= 0x21 && self.0 <= 0x27 {
            Some(self.0 & 0x07)
        } else {
            None
        }
    }
}

wire_value! {
    /// General result (TS 102 223 clause 8.12) [V: specs/cat-bip.md and a public CAT decoder's
    /// table agree on every value below].
    GeneralResult(u8) {
        /// Command performed successfully.
        SUCCESS = 0x00 => "command performed successfully",
        /// Command performed with partial comprehension.
        PARTIAL_COMPREHENSION = 0x01 => "command performed with partial comprehension",
        /// Command performed, with missing information.
        MISSING_INFORMATION = 0x02 => "command performed, with missing information",
        /// REFRESH performed with additional EFs read.
        REFRESH_ADDITIONAL_EFS_READ = 0x03 => "REFRESH performed with additional EFs read",
        /// Command performed successfully, but requested icon could not be displayed.
        ICON_NOT_DISPLAYED = 0x04 => "command performed successfully, but requested icon could not be displayed",
        /// Command performed, but modified by call control by NAA.
        MODIFIED_BY_CALL_CONTROL = 0x05 => "command performed, but modified by call control by NAA",
        /// Command performed successfully, limited service.
        LIMITED_SERVICE = 0x06 => "command performed successfully, limited service",
        /// Command performed with modification.
        WITH_MODIFICATION = 0x07 => "command performed with modification",
        /// REFRESH performed but indicated NAA was not active.
        REFRESH_NAA_NOT_ACTIVE = 0x08 => "REFRESH performed but indicated NAA was not active",
        /// Command performed successfully, tone not played.
        TONE_NOT_PLAYED = 0x09 => "command performed successfully, tone not played",
        /// Proactive UICC session terminated by the user.
        SESSION_TERMINATED_BY_USER = 0x10 => "proactive UICC session terminated by the user",
        /// Backward move in the proactive UICC session requested by the user.
        BACKWARD_MOVE = 0x11 => "backward move in the proactive UICC session requested by the user",
        /// No response from user.
        NO_RESPONSE_FROM_USER = 0x12 => "no response from user",
        /// Help information required by the user.
        HELP_REQUIRED = 0x13 => "help information required by the user",
        /// USSD or SS transaction terminated by the user.
        USSD_SS_TERMINATED_BY_USER = 0x14 => "USSD or SS transaction terminated by the user",
        /// Terminal currently unable to process command.
        TERMINAL_UNABLE = 0x20 => "terminal currently unable to process command",
        /// Network currently unable to process command.
        NETWORK_UNABLE = 0x21 => "network currently unable to process command",
        /// User did not accept the proactive command.
        USER_REJECTED = 0x22 => "user did not accept the proactive command",
        /// User cleared down call before connection or network release.
        USER_CLEARED_CALL = 0x23 => "user cleared down call before connection or network release",
        /// Action in contradiction with the current timer state.
        TIMER_STATE_CONTRADICTION = 0x24 => "action in contradiction with the current timer state",
        /// Interaction with call control by NAA, temporary problem.
        CALL_CONTROL_TEMPORARY = 0x25 => "interaction with call control by NAA, temporary problem",
        /// Launch browser generic error code.
        LAUNCH_BROWSER_ERROR = 0x26 => "launch browser generic error code",
        /// MMS temporary problem.
        MMS_TEMPORARY = 0x27 => "MMS temporary problem",
        /// Command beyond terminal's capabilities.
        BEYOND_TERMINAL_CAPABILITIES = 0x30 => "command beyond terminal's capabilities",
        /// Command type not understood by terminal.
        COMMAND_TYPE_NOT_UNDERSTOOD = 0x31 => "command type not understood by terminal",
        /// Command data not understood by terminal.
        COMMAND_DATA_NOT_UNDERSTOOD = 0x32 => "command data not understood by terminal",
        /// Command number not known by terminal.
        COMMAND_NUMBER_NOT_KNOWN = 0x33 => "command number not known by terminal",
        /// SS Return Error.
        SS_RETURN_ERROR = 0x34 => "SS Return Error",
        /// SMS RP-ERROR.
        SMS_RP_ERROR = 0x35 => "SMS RP-ERROR",
        /// Error, required values are missing.
        REQUIRED_VALUES_MISSING = 0x36 => "error, required values are missing",
        /// USSD Return Error.
        USSD_RETURN_ERROR = 0x37 => "USSD Return Error",
        /// MultipleCard commands error.
        MULTIPLE_CARD_ERROR = 0x38 => "MultipleCard commands error",
        /// Interaction with call control by NAA, permanent problem.
        CALL_CONTROL_PERMANENT = 0x39 => "interaction with call control by NAA, permanent problem",
        /// Bearer Independent Protocol error.
        BIP_ERROR = 0x3A => "Bearer Independent Protocol error",
        /// Access Technology unable to process command.
        ACCESS_TECHNOLOGY_UNABLE = 0x3B => "access technology unable to process command",
        /// Frames error.
        FRAMES_ERROR = 0x3C => "frames error",
        /// MMS Error.
        MMS_ERROR = 0x3D => "MMS Error",
    }
}

impl GeneralResult {
    /// Whether the command was performed (`0x`), TS 102 223 8.12.
    pub const fn is_performed(self) -> bool {
        self.0 < 0x10
    }
}

wire_value! {
    /// Additional information for general result `3A` "Bearer Independent Protocol error"
    /// (TS 102 223 clause 8.12.11) [V]. `10`-`12` apply to terminal server mode.
    BipError(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// No channel available.
        NO_CHANNEL_AVAILABLE = 0x01 => "no channel available",
        /// Channel closed.
        CHANNEL_CLOSED = 0x02 => "channel closed",
        /// Channel identifier not valid.
        CHANNEL_ID_NOT_VALID = 0x03 => "channel identifier not valid",
        /// Requested buffer size not available.
        BUFFER_SIZE_NOT_AVAILABLE = 0x04 => "requested buffer size not available",
        /// Security error (unsuccessful authentication).
        SECURITY_ERROR = 0x05 => "security error (unsuccessful authentication)",
        /// Requested UICC/terminal interface transport level not available.
        TRANSPORT_LEVEL_NOT_AVAILABLE = 0x06 => "requested UICC/terminal interface transport level not available",
        /// Remote device is not reachable.
        REMOTE_DEVICE_NOT_REACHABLE = 0x07 => "remote device is not reachable",
        /// Service error (service not available on remote device).
        SERVICE_ERROR = 0x08 => "service error",
        /// Service identifier unknown.
        SERVICE_IDENTIFIER_UNKNOWN = 0x09 => "service identifier unknown",
        /// Port not available (UICC server mode and terminal server mode).
        PORT_NOT_AVAILABLE = 0x10 => "port not available",
        /// Launch parameters missing or incorrect (terminal server mode).
        LAUNCH_PARAMETERS_MISSING = 0x11 => "launch parameters missing or incorrect",
        /// Application launch failed (terminal server mode).
        APPLICATION_LAUNCH_FAILED = 0x12 => "application launch failed",
    }
}

wire_value! {
    /// Additional information for general result `20` "terminal currently unable to process
    /// command" (TS 102 223 clause 8.12.2).
    TerminalProblem(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// Screen is busy.
        SCREEN_BUSY = 0x01 => "screen is busy",
        /// Terminal currently busy on call.
        BUSY_ON_CALL = 0x02 => "terminal currently busy on call",
        /// No service.
        NO_SERVICE = 0x04 => "no service",
        /// Access control class bar.
        ACCESS_CONTROL_CLASS_BAR = 0x05 => "access control class bar",
        /// Radio resource not granted.
        RADIO_RESOURCE_NOT_GRANTED = 0x06 => "radio resource not granted",
        /// Not in speech call.
        NOT_IN_SPEECH_CALL = 0x07 => "not in speech call",
        /// ME currently busy on SS transaction (3GPP TS 31.111 8.12.2; Wireshark, pySim).
        BUSY_ON_SS = 0x03 => "ME currently busy on SS transaction",
        /// ME currently busy on USSD transaction (3GPP TS 31.111 8.12.2; Wireshark, pySim).
        BUSY_ON_USSD = 0x08 => "ME currently busy on USSD transaction",
        /// Terminal currently busy on SEND DTMF command (Wireshark, pySim).
        BUSY_ON_SEND_DTMF = 0x09 => "terminal currently busy on SEND DTMF command",
        /// No NAA active. Wireshark and a public C++ CAT decoder say `0A`; pySim says `10`
        /// (specs/cat-bip.md). We follow `0A` (two sources); `10` stays representable.
        NO_NAA_ACTIVE = 0x0A => "no NAA active",
    }
}

wire_value! {
    /// Additional information for general result `26` "launch browser generic error code" (TS 102 223
    /// clause 8.12.10). Wireshark 4.0 `etsi_cat` and pySim agree.
    LaunchBrowserProblem(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// Bearer unavailable.
        BEARER_UNAVAILABLE = 0x01 => "bearer unavailable",
        /// Browser unavailable.
        BROWSER_UNAVAILABLE = 0x02 => "browser unavailable",
        /// Terminal unable to read the provisioning data.
        PROVISIONING_DATA_UNREADABLE = 0x03 => "terminal unable to read the provisioning data",
        /// Default URL unavailable.
        DEFAULT_URL_UNAVAILABLE = 0x04 => "default URL unavailable",
    }
}

wire_value! {
    /// Additional information for general result `38` "MultipleCard commands error" (TS 102 223 clause
    /// 8.12.9). Wireshark 4.0 `etsi_cat` and pySim agree.
    MultipleCardError(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// Card reader removed or not present.
        READER_NOT_PRESENT = 0x01 => "card reader removed or not present",
        /// Card removed or not present.
        CARD_NOT_PRESENT = 0x02 => "card removed or not present",
        /// Card reader busy.
        READER_BUSY = 0x03 => "card reader busy",
        /// Card powered off.
        CARD_POWERED_OFF = 0x04 => "card powered off",
        /// C-APDU format error.
        C_APDU_FORMAT_ERROR = 0x05 => "C-APDU format error",
        /// Mute card.
        MUTE_CARD = 0x06 => "mute card",
        /// Transmission error.
        TRANSMISSION_ERROR = 0x07 => "transmission error",
        /// Protocol not supported.
        PROTOCOL_NOT_SUPPORTED = 0x08 => "protocol not supported",
        /// Specified reader not valid.
        READER_NOT_VALID = 0x09 => "specified reader not valid",
    }
}

wire_value! {
    /// Additional information for general result `39` "interaction with call control by NAA, permanent
    /// problem" (TS 102 223 clause 8.12.8). Wireshark 4.0 `etsi_cat` and pySim agree.
    CallControlProblem(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// Action not allowed.
        ACTION_NOT_ALLOWED = 0x01 => "action not allowed",
        /// The type of request has changed.
        REQUEST_TYPE_CHANGED = 0x02 => "the type of request has changed",
    }
}

wire_value! {
    /// Additional information for general result `3C` "frames error" (TS 102 223 clause 8.12.12).
    /// Wireshark 4.0 `etsi_cat` and pySim agree.
    FramesError(u8) {
        /// No specific cause can be given.
        NO_SPECIFIC_CAUSE = 0x00 => "no specific cause can be given",
        /// Frame identifier is not valid.
        FRAME_ID_NOT_VALID = 0x01 => "frame identifier is not valid",
        /// Number of frames beyond the terminal's capabilities.
        TOO_MANY_FRAMES = 0x02 => "number of frames beyond the terminal's capabilities",
        /// No frame defined.
        NO_FRAME_DEFINED = 0x03 => "no frame defined",
        /// Requested size not supported.
        SIZE_NOT_SUPPORTED = 0x04 => "requested size not supported",
        /// Default active frame is not valid.
        DEFAULT_FRAME_NOT_VALID = 0x05 => "default active frame is not valid",
    }
}

wire_value! {
    /// Event codes of the event list (TS 102 223 clause 8.25). `00`-`14` follow ofono `stkutil.h`
    /// (`STK_EVENT_TYPE_*`) and Wireshark 4.0 `etsi_cat` (`event_list_vals`), which agree; `15`-`1C`
    /// [W] are in Wireshark only (`1A` is "void" there and stays unnamed).
    EventCode(u8) {
        /// MT call.
        MT_CALL = 0x00 => "MT call",
        /// Call connected.
        CALL_CONNECTED = 0x01 => "call connected",
        /// Call disconnected.
        CALL_DISCONNECTED = 0x02 => "call disconnected",
        /// Location status.
        LOCATION_STATUS = 0x03 => "location status",
        /// User activity.
        USER_ACTIVITY = 0x04 => "user activity",
        /// Idle screen available.
        IDLE_SCREEN_AVAILABLE = 0x05 => "idle screen available",
        /// Card reader status.
        CARD_READER_STATUS = 0x06 => "card reader status",
        /// Language selection.
        LANGUAGE_SELECTION = 0x07 => "language selection",
        /// Browser termination.
        BROWSER_TERMINATION = 0x08 => "browser termination",
        /// Data available.
        DATA_AVAILABLE = 0x09 => "data available",
        /// Channel status.
        CHANNEL_STATUS = 0x0A => "channel status",
        /// Access technology change (single access technology).
        ACCESS_TECHNOLOGY_CHANGE = 0x0B => "access technology change (single access technology)",
        /// Display parameters changed.
        DISPLAY_PARAMETERS_CHANGED = 0x0C => "display parameters changed",
        /// Local connection.
        LOCAL_CONNECTION = 0x0D => "local connection",
        /// Network search mode change.
        NETWORK_SEARCH_MODE_CHANGE = 0x0E => "network search mode change",
        /// Browsing status.
        BROWSING_STATUS = 0x0F => "browsing status",
        /// Frames information change.
        FRAMES_INFORMATION_CHANGE = 0x10 => "frames information change",
        /// I-WLAN access status.
        I_WLAN_ACCESS_STATUS = 0x11 => "I-WLAN access status",
        /// Network rejection.
        NETWORK_REJECTION = 0x12 => "network rejection",
        /// HCI connectivity event.
        HCI_CONNECTIVITY = 0x13 => "HCI connectivity event",
        /// Access technology change (multiple access technologies).
        ACCESS_TECHNOLOGIES_CHANGE = 0x14 => "access technology change (multiple access technologies)",
        /// CSG cell selection. [W]
        CSG_CELL_SELECTION = 0x15 => "CSG cell selection",
        /// Contactless state request. [W]
        CONTACTLESS_STATE_REQUEST = 0x16 => "contactless state request",
        /// IMS registration. [W]
        IMS_REGISTRATION = 0x17 => "IMS registration",
        /// Incoming IMS data. [W]
        INCOMING_IMS_DATA = 0x18 => "incoming IMS data",
        /// Profile container. [W]
        PROFILE_CONTAINER = 0x19 => "profile container",
        /// Secured profile container. [W]
        SECURED_PROFILE_CONTAINER = 0x1B => "secured profile container",
        /// Poll interval negotiation. [W]
        POLL_INTERVAL_NEGOTIATION = 0x1C => "poll interval negotiation",
    }
}

wire_value! {
    /// Transport protocol type of the UICC/terminal interface transport level (TS 102 223
    /// clause 8.59) [V].
    TransportProtocol(u8) {
        /// UDP, UICC in client mode, remote connection.
        UDP_CLIENT_REMOTE = 0x01 => "UDP, UICC in client mode, remote connection",
        /// TCP, UICC in client mode, remote connection.
        TCP_CLIENT_REMOTE = 0x02 => "TCP, UICC in client mode, remote connection",
        /// TCP, UICC in server mode.
        TCP_UICC_SERVER = 0x03 => "TCP, UICC in server mode",
        /// UDP, UICC in client mode, local connection.
        UDP_CLIENT_LOCAL = 0x04 => "UDP, UICC in client mode, local connection",
        /// TCP, UICC in client mode, local connection.
        TCP_CLIENT_LOCAL = 0x05 => "TCP, UICC in client mode, local connection",
        /// Direct communication channel.
        DIRECT_CHANNEL = 0x06 => "direct communication channel",
    }
}

wire_value! {
    /// Bearer type of the bearer description (TS 102 223 clause 8.52). Follows Wireshark 4.0
    /// `etsi_cat` (`bearer_descr_vals`) and ofono `stkutil.h` (`STK_BEARER_TYPE_*`), which agree.
    BearerType(u8) {
        /// CSD.
        CSD = 0x01 => "CSD",
        /// GPRS / UTRAN packet service / E-UTRAN.
        GPRS = 0x02 => "GPRS / UTRAN packet service / E-UTRAN",
        /// Default bearer for requested transport layer.
        DEFAULT = 0x03 => "default bearer for requested transport layer",
        /// Local link technology independent.
        LOCAL_LINK = 0x04 => "local link technology independent",
        /// Bluetooth.
        BLUETOOTH = 0x05 => "Bluetooth",
        /// IrDA.
        IRDA = 0x06 => "IrDA",
        /// RS232.
        RS232 = 0x07 => "RS232",
        /// TIA/EIA/IS-820 packet data service.
        PACKET_DATA_IS_820 = 0x08 => "TIA/EIA/IS-820 packet data service",
        /// UTRAN packet service with extended parameters / HSDPA / E-UTRAN.
        UTRAN_EXTENDED = 0x09 => "UTRAN packet service with extended parameters / HSDPA / E-UTRAN",
        /// I-WLAN.
        I_WLAN = 0x0A => "I-WLAN",
        /// E-UTRAN / mapped UTRAN packet service.
        EUTRAN_MAPPED_UTRAN = 0x0B => "E-UTRAN / mapped UTRAN packet service",
        /// USB.
        USB = 0x10 => "USB",
    }
}

wire_value! {
    /// Location status (TS 102 223 clause 8.27) [V].
    LocationStatusValue(u8) {
        /// Normal service.
        NORMAL_SERVICE = 0x00 => "normal service",
        /// Limited service.
        LIMITED_SERVICE = 0x01 => "limited service",
        /// No service.
        NO_SERVICE = 0x02 => "no service",
    }
}

wire_value! {
    /// Type of address of the "other address" object (TS 102 223 clause 8.58) [V].
    AddressType(u8) {
        /// IPv4 (4 address bytes).
        IPV4 = 0x21 => "IPv4",
        /// IPv6 (16 address bytes).
        IPV6 = 0x57 => "IPv6",
    }
}

wire_value! {
    /// COMPREHENSION-TLV tag values, CR removed (TS 102 223 clause 9.3, TS 101 220 table 7.23, with
    /// the 3GPP TS 31.111 objects that share the tag space). Every value `01`-`7E` that a public CAT
    /// decoder names is here, so that an unknown CR-set object is one unknown to these tables, not one
    /// this codec merely does not type. Sources, marked per value: [W] Wireshark 4.0.17 `etsi_cat`
    /// (its COMPREHENSION-TLV tag table, read from the dissector's output for each tag), [O] ofono
    /// `src/stkutil.h` (`STK_DATA_OBJECT_TYPE_*`), [P] osmocom pySim `pySim/cat.py` (tag of each
    /// `COMPR_TLV_IE`). Where a tag has two meanings (the spec reuses tags in different commands:
    /// `21` card ATR / eCAT sequence number, `22` C-APDU / encrypted TLV list, `40` display parameters /
    /// DNS server address, `76`-`78` 3GPP location objects / IMS objects), both are in the name.
    ///
    /// Left unnamed, UNVERIFIED: `3D`, `4C`-`4F`, `58`-`5F` (no source names them; believed reserved)
    /// and every three-byte tag value above `7E`: TS 102 223 Rel-12+ may define some, but none of the
    /// three sources does (Wireshark 4.0 reads a three-byte tag by its low byte), so they stay unknown
    /// (a CR-set one is rejected with `UnknownComprehensionRequired`). A three-byte tag whose value is
    /// `01`-`7E` is the same object as the one-byte tag (TS 101 220 7.1.1) and carries the same name.
    /// Objects without a typed form in [`super::objects`] are kept raw ([`super::objects::RawObject`]).
    TagValue(u16) {
        /// Command details. [WOP]
        COMMAND_DETAILS = 0x0001 => "command details",
        /// Device identities. [WOP]
        DEVICE_IDENTITIES = 0x0002 => "device identities",
        /// Result. [WOP]
        RESULT = 0x0003 => "result",
        /// Duration. [WOP]
        DURATION = 0x0004 => "duration",
        /// Alpha identifier. [WOP]
        ALPHA_IDENTIFIER = 0x0005 => "alpha identifier",
        /// Address. [WOP]
        ADDRESS = 0x0006 => "address",
        /// Capability configuration parameters. [WOP]
        CAPABILITY_CONFIGURATION = 0x0007 => "capability configuration parameters",
        /// Subaddress. [WOP]
        SUBADDRESS = 0x0008 => "subaddress",
        /// SS string. [WOP]
        SS_STRING = 0x0009 => "SS string",
        /// USSD string. [WOP]
        USSD_STRING = 0x000A => "USSD string",
        /// SMS TPDU. [WOP]
        SMS_TPDU = 0x000B => "SMS TPDU",
        /// Cell broadcast page. [WOP]
        CELL_BROADCAST_PAGE = 0x000C => "cell broadcast page",
        /// Text string. [WOP]
        TEXT_STRING = 0x000D => "text string",
        /// Tone. [WOP]
        TONE = 0x000E => "tone",
        /// Item. [WOP]
        ITEM = 0x000F => "item",
        /// Item identifier. [WOP]
        ITEM_IDENTIFIER = 0x0010 => "item identifier",
        /// Response length. [WOP]
        RESPONSE_LENGTH = 0x0011 => "response length",
        /// File list. [WOP]
        FILE_LIST = 0x0012 => "file list",
        /// Location information. [WOP]
        LOCATION_INFORMATION = 0x0013 => "location information",
        /// IMEI. [WOP]
        IMEI = 0x0014 => "IMEI",
        /// Help request. [WOP]
        HELP_REQUEST = 0x0015 => "help request",
        /// Network measurement results. [WOP]
        NETWORK_MEASUREMENT_RESULTS = 0x0016 => "network measurement results",
        /// Default text. [WOP]
        DEFAULT_TEXT = 0x0017 => "default text",
        /// Items next action indicator. [WOP]
        ITEMS_NEXT_ACTION_INDICATOR = 0x0018 => "items next action indicator",
        /// Event list. [WOP]
        EVENT_LIST = 0x0019 => "event list",
        /// Cause. [WOP]
        CAUSE = 0x001A => "cause",
        /// Location status. [WOP]
        LOCATION_STATUS = 0x001B => "location status",
        /// Transaction identifier. [WOP]
        TRANSACTION_IDENTIFIER = 0x001C => "transaction identifier",
        /// BCCH channel list. [WO]
        BCCH_CHANNEL_LIST = 0x001D => "BCCH channel list",
        /// Icon identifier. [WOP]
        ICON_IDENTIFIER = 0x001E => "icon identifier",
        /// Item icon identifier list. [WOP]
        ITEM_ICON_IDENTIFIER_LIST = 0x001F => "item icon identifier list",
        /// Card reader status. [WO]
        CARD_READER_STATUS = 0x0020 => "card reader status",
        /// Card ATR / eCAT sequence number. [WOP]
        CARD_ATR = 0x0021 => "card ATR / eCAT sequence number",
        /// C-APDU / encrypted TLV list. [WOP]
        C_APDU = 0x0022 => "C-APDU / encrypted TLV list",
        /// R-APDU / SA template. [WOP]
        R_APDU = 0x0023 => "R-APDU / SA template",
        /// Timer identifier. [WOP]
        TIMER_IDENTIFIER = 0x0024 => "timer identifier",
        /// Timer value. [WOP]
        TIMER_VALUE = 0x0025 => "timer value",
        /// Date-time and time zone. [WOP]
        DATE_TIME_AND_TIME_ZONE = 0x0026 => "date-time and time zone",
        /// Call control requested action. [WO]
        CALL_CONTROL_REQUESTED_ACTION = 0x0027 => "call control requested action",
        /// AT command. [WOP]
        AT_COMMAND = 0x0028 => "AT command",
        /// AT response. [WO]
        AT_RESPONSE = 0x0029 => "AT response",
        /// BC repeat indicator. [WOP]
        BC_REPEAT_INDICATOR = 0x002A => "BC repeat indicator",
        /// Immediate response. [WOP]
        IMMEDIATE_RESPONSE = 0x002B => "immediate response",
        /// DTMF string. [WOP]
        DTMF_STRING = 0x002C => "DTMF string",
        /// Language. [WOP]
        LANGUAGE = 0x002D => "language",
        /// Timing advance. [WOP]
        TIMING_ADVANCE = 0x002E => "timing advance",
        /// AID. [WOP]
        AID = 0x002F => "AID",
        /// Browser identity. [WOP]
        BROWSER_IDENTITY = 0x0030 => "browser identity",
        /// URL / URI. [WOP]
        URL = 0x0031 => "URL / URI",
        /// Bearer. [WOP]
        BEARER = 0x0032 => "bearer",
        /// Provisioning reference file. [WOP]
        PROVISIONING_FILE_REFERENCE = 0x0033 => "provisioning reference file",
        /// Browser termination cause. [WOP]
        BROWSER_TERMINATION_CAUSE = 0x0034 => "browser termination cause",
        /// Bearer description. [WOP]
        BEARER_DESCRIPTION = 0x0035 => "bearer description",
        /// Channel data. [WO]
        CHANNEL_DATA = 0x0036 => "channel data",
        /// Channel data length. [WO]
        CHANNEL_DATA_LENGTH = 0x0037 => "channel data length",
        /// Channel status. [WO]
        CHANNEL_STATUS = 0x0038 => "channel status",
        /// Buffer size. [WO]
        BUFFER_SIZE = 0x0039 => "buffer size",
        /// Card reader identifier / REFRESH enforcement policy. [WOP]
        CARD_READER_IDENTIFIER = 0x003A => "card reader identifier / REFRESH enforcement policy",
        /// File update information. [WO]
        FILE_UPDATE_INFORMATION = 0x003B => "file update information",
        /// UICC/terminal interface transport level. [WO]
        TRANSPORT_LEVEL = 0x003C => "UICC/terminal interface transport level",
        /// Other address. [WO]
        OTHER_ADDRESS = 0x003E => "other address",
        /// Access technology. [WOP]
        ACCESS_TECHNOLOGY = 0x003F => "access technology",
        /// Display parameters / DNS server address. [WOP]
        DISPLAY_PARAMETERS = 0x0040 => "display parameters / DNS server address",
        /// Service record. [WOP]
        SERVICE_RECORD = 0x0041 => "service record",
        /// Device filter. [WOP]
        DEVICE_FILTER = 0x0042 => "device filter",
        /// Service search. [WOP]
        SERVICE_SEARCH = 0x0043 => "service search",
        /// Attribute information. [WOP]
        ATTRIBUTE_INFORMATION = 0x0044 => "attribute information",
        /// Service availability. [WO]
        SERVICE_AVAILABILITY = 0x0045 => "service availability",
        /// ESN. [WO]
        ESN = 0x0046 => "ESN",
        /// Network access name. [WOP]
        NETWORK_ACCESS_NAME = 0x0047 => "network access name",
        /// CDMA-SMS-TPDU. [WO]
        CDMA_SMS_TPDU = 0x0048 => "CDMA-SMS-TPDU",
        /// Remote entity address. [WOP]
        REMOTE_ENTITY_ADDRESS = 0x0049 => "remote entity address",
        /// I-WLAN identifier. [WO]
        I_WLAN_IDENTIFIER = 0x004A => "I-WLAN identifier",
        /// I-WLAN access status. [WOP]
        I_WLAN_ACCESS_STATUS = 0x004B => "I-WLAN access status",
        /// Text attribute. [WOP]
        TEXT_ATTRIBUTE = 0x0050 => "text attribute",
        /// Item text attribute list. [WOP]
        ITEM_TEXT_ATTRIBUTE_LIST = 0x0051 => "item text attribute list",
        /// PDP context activation parameters. [WOP]
        PDP_CONTEXT_ACTIVATION = 0x0052 => "PDP context activation parameters",
        /// Contactless state request. [W]
        CONTACTLESS_STATE_REQUEST = 0x0053 => "contactless state request",
        /// Contactless functionality state. [WP]
        CONTACTLESS_FUNCTIONALITY_STATE = 0x0054 => "contactless functionality state",
        /// CSG cell selection status. [WP]
        CSG_CELL_SELECTION_STATUS = 0x0055 => "CSG cell selection status",
        /// CSG ID. [WP]
        CSG_ID = 0x0056 => "CSG ID",
        /// HNB name. [WP]
        HNB_NAME = 0x0057 => "HNB name",
        /// MAC. [WP]
        MAC = 0x0060 => "MAC",
        /// Emergency call object. [W]
        EMERGENCY_CALL_OBJECT = 0x0061 => "emergency call object",
        /// IMEISV. [WO]
        IMEISV = 0x0062 => "IMEISV",
        /// Battery state. [WOP]
        BATTERY_STATE = 0x0063 => "battery state",
        /// Browsing status. [WO]
        BROWSING_STATUS = 0x0064 => "browsing status",
        /// Network search mode. [WOP]
        NETWORK_SEARCH_MODE = 0x0065 => "network search mode",
        /// Frame layout. [WOP]
        FRAME_LAYOUT = 0x0066 => "frame layout",
        /// Frames information. [WO]
        FRAMES_INFORMATION = 0x0067 => "frames information",
        /// Frame identifier. [WOP]
        FRAME_IDENTIFIER = 0x0068 => "frame identifier",
        /// UTRAN/E-UTRAN measurement qualifier. [WOP]
        MEASUREMENT_QUALIFIER = 0x0069 => "UTRAN/E-UTRAN measurement qualifier",
        /// Multimedia message reference. [WOP]
        MM_REFERENCE = 0x006A => "multimedia message reference",
        /// Multimedia message identifier. [WOP]
        MM_IDENTIFIER = 0x006B => "multimedia message identifier",
        /// Multimedia message transfer status. [WO]
        MM_TRANSFER_STATUS = 0x006C => "multimedia message transfer status",
        /// MEID. [WO]
        MEID = 0x006D => "MEID",
        /// Multimedia message content identifier. [WOP]
        MM_CONTENT_IDENTIFIER = 0x006E => "multimedia message content identifier",
        /// Multimedia message notification. [WO]
        MM_NOTIFICATION = 0x006F => "multimedia message notification",
        /// Last envelope. [WO]
        LAST_ENVELOPE = 0x0070 => "last envelope",
        /// Registry application data. [WO]
        REGISTRY_APPLICATION_DATA = 0x0071 => "registry application data",
        /// PLMNwAcT list. [WP]
        PLMNWACT_LIST = 0x0072 => "PLMNwAcT list",
        /// Routing area information. [WOP]
        ROUTING_AREA_INFORMATION = 0x0073 => "routing area information",
        /// Update/attach/registration type. [WOP]
        UPDATE_ATTACH_TYPE = 0x0074 => "update/attach/registration type",
        /// Rejection cause code. [WOP]
        REJECTION_CAUSE_CODE = 0x0075 => "rejection cause code",
        /// Geographical location parameters / IARI. [WP]
        GEOGRAPHICAL_LOCATION_PARAMETERS = 0x0076 => "geographical location parameters / IARI",
        /// GAD shapes / IMPU list. [WP]
        GAD_SHAPES = 0x0077 => "GAD shapes / IMPU list",
        /// NMEA sentence / IMS status-code. [WO]
        NMEA_SENTENCE = 0x0078 => "NMEA sentence / IMS status-code",
        /// PLMN list. [WOP]
        PLMN_LIST = 0x0079 => "PLMN list",
        /// Broadcast network information. [WO]
        BROADCAST_NETWORK_INFORMATION = 0x007A => "broadcast network information",
        /// ACTIVATE descriptor. [WOP]
        ACTIVATE_DESCRIPTOR = 0x007B => "ACTIVATE descriptor",
        /// EPS PDN connection activation parameters. [WO]
        EPS_PDN_CONNECTION = 0x007C => "EPS PDN connection activation parameters",
        /// Tracking area identification. [WOP]
        TRACKING_AREA_IDENTIFICATION = 0x007D => "tracking area identification",
        /// CSG ID list / media type. [WP]
        CSG_ID_LIST = 0x007E => "CSG ID list / media type",
    }
}

wire_value! {
    /// BER-TLV tags of CAT messages (TS 101 220 clause 7.2, TS 102 223 clause 9.1) [V] for `D0`-`DE`
    /// except `D8` (believed "reserved for intra-UICC communication", UNVERIFIED, left unnamed).
    BerTag(u8) {
        /// Proactive command.
        PROACTIVE_COMMAND = 0xD0 => "proactive command",
        /// SMS-PP download.
        SMS_PP_DOWNLOAD = 0xD1 => "SMS-PP download",
        /// Cell broadcast download.
        CELL_BROADCAST_DOWNLOAD = 0xD2 => "cell broadcast download",
        /// Menu selection.
        MENU_SELECTION = 0xD3 => "menu selection",
        /// Call control.
        CALL_CONTROL = 0xD4 => "call control",
        /// MO short message control.
        MO_SHORT_MESSAGE_CONTROL = 0xD5 => "MO short message control",
        /// Event download.
        EVENT_DOWNLOAD = 0xD6 => "event download",
        /// Timer expiration.
        TIMER_EXPIRATION = 0xD7 => "timer expiration",
        /// USSD download.
        USSD_DOWNLOAD = 0xD9 => "USSD download",
        /// MMS transfer status.
        MMS_TRANSFER_STATUS = 0xDA => "MMS transfer status",
        /// MMS notification download.
        MMS_NOTIFICATION_DOWNLOAD = 0xDB => "MMS notification download",
        /// Terminal application(s).
        TERMINAL_APPLICATIONS = 0xDC => "terminal applications",
        /// Geographical location reporting.
        GEOGRAPHICAL_LOCATION_REPORTING = 0xDD => "geographical location reporting",
        /// Envelope container.
        ENVELOPE_CONTAINER = 0xDE => "envelope container",
        /// ProSe report (3GPP TS 31.111 7.1; pySim `ProSeReport`) [P].
        PROSE_REPORT = 0xDF => "ProSe report",
    }
}
