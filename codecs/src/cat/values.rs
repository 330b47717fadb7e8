//! Open newtypes for CAT wire values, with named constants (rustls `enum_builder!` style): unknown
//! values survive a round trip and print as hex.
//!
//! Source marks: [V] verified in two sources (see specs/cat-bip.md), [S] one source, [I] inferred
//! or from memory of public decoders and not cross-checked.

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
    /// Type of command (TS 102 223 clause 9.4) [V for the listed values].
    CommandType(u8) {
        /// SET UP EVENT LIST.
        SET_UP_EVENT_LIST = 0x05 => "SET UP EVENT LIST",
        /// SEND SHORT MESSAGE.
        SEND_SHORT_MESSAGE = 0x13 => "SEND SHORT MESSAGE",
        /// PROVIDE LOCAL INFORMATION.
        PROVIDE_LOCAL_INFORMATION = 0x26 => "PROVIDE LOCAL INFORMATION",
        /// TIMER MANAGEMENT.
        TIMER_MANAGEMENT = 0x27 => "TIMER MANAGEMENT",
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
    }
}

wire_value! {
    /// Device identity (TS 102 223 clause 8.7) [V].
    DeviceId(u8) {
        /// Keypad.
        KEYPAD = 0x01 => "keypad",
        /// Display.
        DISPLAY = 0x02 => "display",
        /// Earpiece.
        EARPIECE = 0x03 => "earpiece",
        /// Channel 1 (`21`-`27` are channels 1-7).
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
        /// The UICC.
        UICC = 0x81 => "UICC",
        /// The terminal.
        TERMINAL = 0x82 => "terminal",
        /// The network.
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
        /// No NAA active. Wireshark and a public C++ CAT decoder say `0A`; pySim says `10`
        /// (specs/cat-bip.md). We follow `0A` (two sources); `10` stays representable.
        NO_NAA_ACTIVE = 0x0A => "no NAA active",
    }
}

wire_value! {
    /// Event codes of the event list (TS 102 223 clause 8.25) [V].
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
        /// Data available.
        DATA_AVAILABLE = 0x09 => "data available",
        /// Channel status.
        CHANNEL_STATUS = 0x0A => "channel status",
        /// Access technology change.
        ACCESS_TECHNOLOGY_CHANGE = 0x0B => "access technology change",
        /// Local connection.
        LOCAL_CONNECTION = 0x0D => "local connection",
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
    /// Bearer type of the bearer description (TS 102 223 clause 8.52) [S].
    BearerType(u8) {
        /// CSD.
        CSD = 0x01 => "CSD",
        /// GPRS / UTRAN packet service / E-UTRAN.
        GPRS = 0x02 => "GPRS / UTRAN packet service / E-UTRAN",
        /// Default bearer for the requested transport layer.
        DEFAULT = 0x03 => "default bearer for requested transport layer",
        /// Local link technology independent.
        LOCAL_LINK = 0x04 => "local link technology independent",
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
    /// COMPREHENSION-TLV tag values, CR removed (TS 102 223 clause 9.3). Values marked [V] are in
    /// specs/cat-bip.md; the others [I] are from memory of public decoders' tables (Wireshark
    /// `etsi_cat`, pySim) and only serve to name objects and to accept them with CR set.
    TagValue(u16) {
        /// Command details [V].
        COMMAND_DETAILS = 0x01 => "command details",
        /// Device identities [V].
        DEVICE_IDENTITIES = 0x02 => "device identities",
        /// Result [V].
        RESULT = 0x03 => "result",
        /// Duration [V].
        DURATION = 0x04 => "duration",
        /// Alpha identifier [V].
        ALPHA_IDENTIFIER = 0x05 => "alpha identifier",
        /// Address [V].
        ADDRESS = 0x06 => "address",
        /// Capability configuration parameters [I].
        CAPABILITY_CONFIGURATION = 0x07 => "capability configuration parameters",
        /// Subaddress [I].
        SUBADDRESS = 0x08 => "subaddress",
        /// SS string [I].
        SS_STRING = 0x09 => "SS string",
        /// USSD string [I].
        USSD_STRING = 0x0A => "USSD string",
        /// SMS TPDU [V].
        SMS_TPDU = 0x0B => "SMS TPDU",
        /// Text string [V].
        TEXT_STRING = 0x0D => "text string",
        /// Item [I].
        ITEM = 0x0F => "item",
        /// Item identifier [I].
        ITEM_IDENTIFIER = 0x10 => "item identifier",
        /// Response length [I].
        RESPONSE_LENGTH = 0x11 => "response length",
        /// Location information [V].
        LOCATION_INFORMATION = 0x13 => "location information",
        /// IMEI [I].
        IMEI = 0x14 => "IMEI",
        /// Network measurement results [I].
        NETWORK_MEASUREMENT_RESULTS = 0x16 => "network measurement results",
        /// Event list [V].
        EVENT_LIST = 0x19 => "event list",
        /// Location status [V].
        LOCATION_STATUS = 0x1B => "location status",
        /// Icon identifier [I].
        ICON_IDENTIFIER = 0x1E => "icon identifier",
        /// Timer identifier [V].
        TIMER_IDENTIFIER = 0x24 => "timer identifier",
        /// Timer value [V].
        TIMER_VALUE = 0x25 => "timer value",
        /// Date-time and time zone [V].
        DATE_TIME_AND_TIME_ZONE = 0x26 => "date-time and time zone",
        /// Call control requested action [I].
        CALL_CONTROL_REQUESTED_ACTION = 0x27 => "call control requested action",
        /// Language [I].
        LANGUAGE = 0x2D => "language",
        /// Timing advance [I].
        TIMING_ADVANCE = 0x2E => "timing advance",
        /// Bearer description [V].
        BEARER_DESCRIPTION = 0x35 => "bearer description",
        /// Channel data [V].
        CHANNEL_DATA = 0x36 => "channel data",
        /// Channel data length [V].
        CHANNEL_DATA_LENGTH = 0x37 => "channel data length",
        /// Channel status [V].
        CHANNEL_STATUS = 0x38 => "channel status",
        /// Buffer size [V].
        BUFFER_SIZE = 0x39 => "buffer size",
        /// UICC/terminal interface transport level [V].
        TRANSPORT_LEVEL = 0x3C => "UICC/terminal interface transport level",
        /// Other address [V].
        OTHER_ADDRESS = 0x3E => "other address",
        /// Access technology [V].
        ACCESS_TECHNOLOGY = 0x3F => "access technology",
        /// Network access name [V].
        NETWORK_ACCESS_NAME = 0x47 => "network access name",
        /// Remote entity address [I].
        REMOTE_ENTITY_ADDRESS = 0x49 => "remote entity address",
        /// Text attribute [I].
        TEXT_ATTRIBUTE = 0x50 => "text attribute",
        /// PDP context activation parameters [I].
        PDP_CONTEXT_ACTIVATION = 0x52 => "PDP context activation parameters",
        /// IMEISV [I].
        IMEISV = 0x62 => "IMEISV",
        /// Frame identifier [I].
        FRAME_IDENTIFIER = 0x68 => "frame identifier",
        /// Last envelope [V].
        LAST_ENVELOPE = 0x70 => "last envelope",
        /// Registry application data [V].
        REGISTRY_APPLICATION_DATA = 0x71 => "registry application data",
        /// EPS PDN connection activation parameters [I].
        EPS_PDN_CONNECTION = 0x7C => "EPS PDN connection activation parameters",
        /// Tracking area identification [I].
        TRACKING_AREA_IDENTIFICATION = 0x7D => "tracking area identification",
    }
}

wire_value! {
    /// BER-TLV tags of CAT messages (TS 101 220 clause 7.2, TS 102 223 clause 9.1) [V].
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
    }
}
