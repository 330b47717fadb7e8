//! Proactive commands (TS 102 223 clause 6.6): a `D0` BER-TLV holding command details, device
//! identities and the command's objects, in the order clause 6.6.x gives them.
//!
//! Typed: OPEN CHANNEL (all modes; [`OpenChannel::mode`]), CLOSE CHANNEL, RECEIVE DATA, SEND DATA,
//! GET CHANNEL STATUS, TIMER MANAGEMENT, SET UP EVENT LIST, SEND SHORT MESSAGE, PROVIDE LOCAL
//! INFORMATION. Any other command type decodes to [`GenericCommand`], which keeps every object.
//! Objects a typed command does not list are kept in `extra` and written after the typed ones.

use super::objects::*;
use super::values::*;
use super::{MAX_MESSAGE_LEN, MAX_OBJECTS};
use crate::error::{DecodeError, DecodeResult, ErrorKind};
use crate::tlv::{EncodeError, EncodeErrorKind, TlvWriter, decode_ber_tlv, decode_ctlvs};

const STRUCTURE: &str = "proactive command";

/// Command number and qualifier (the command type is the variant), TS 102 223 8.6.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Details {
    /// Command number.
    pub number: u8,
    /// Command qualifier.
    pub qualifier: u8,
    /// CR bit of the command details object (omitted in JSON when set).
    #[serde(
        default = "super::default_true",
        skip_serializing_if = "super::is_true"
    )]
    pub cr: bool,
}

impl Details {
    fn to_object(&self, command_type: CommandType) -> CommandDetails {
        CommandDetails {
            number: self.number,
            command_type,
            qualifier: self.qualifier,
            cr: self.cr,
        }
    }
}

/// OPEN CHANNEL (TS 102 223 6.6.27), one struct for every mode: objects in the order of
/// 6.6.27.1-6.6.27.5 (alpha, icon, address, bearer description, buffer size, network access name,
/// local address, login, password, transport level, data destination address). Buffer size is
/// the one object every mode requires. The client-mode order was cross-checked [S] against the
/// public walkthrough at smartcardwebserver.blogspot.com/2008/02/open-channel-bip-client.html.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct OpenChannel {
    /// Number and qualifier (b1 immediate link, b2 automatic reconnection, b3 background mode,
    /// b4 DNS server address request [S]).
    pub details: Details,
    /// Device identities (UICC to terminal).
    pub device_identities: DeviceIdentities,
    /// Alpha identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha_identifier: Option<AlphaIdentifier>,
    /// Address (CS bearer, 6.6.27.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Bearer description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearer_description: Option<BearerDescription>,
    /// Buffer size (mandatory).
    pub buffer_size: BufferSize,
    /// Network access name (packet data bearer, 6.6.27.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_access_name: Option<NetworkAccessName>,
    /// Local address (the first "other address").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_address: Option<OtherAddress>,
    /// User login (first text string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_login: Option<TextString>,
    /// User password (second text string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_password: Option<TextString>,
    /// UICC/terminal interface transport level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_level: Option<TransportLevel>,
    /// Data destination address (the "other address" after the transport level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_destination_address: Option<OtherAddress>,
    /// Objects not typed here (icon identifier, text attribute, frame identifier, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// Which OPEN CHANNEL variant a command is (TS 102 223 6.6.27).
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
pub enum OpenChannelMode {
    /// UICC server mode (6.6.27.5): transport protocol `03` TCP UICC server.
    UiccServer,
    /// Terminal server mode: recognised by the caller-supplied transport protocol value.
    TerminalServer,
    /// UICC client mode (6.6.27.1-6.6.27.4).
    Client,
}

impl OpenChannel {
    /// The mode. UICC server mode is transport protocol `03` [V]. How terminal server mode shows
    /// on the wire is UNVERIFIED (specs/cat-bip.md: the mandatory object list and the transport
    /// protocol value are defined in TS 102 223 Rel-7+, which we could not read), so the caller
    /// passes the transport protocol value(s) its ICS / configuration declares for it.
    pub fn mode(&self, terminal_server_protocols: &[TransportProtocol]) -> OpenChannelMode {
        match &self.transport_level {
            Some(t) if t.protocol == TransportProtocol::TCP_UICC_SERVER => {
                OpenChannelMode::UiccServer
            }
            Some(t) if terminal_server_protocols.contains(&t.protocol) => {
                OpenChannelMode::TerminalServer
            }
            _ => OpenChannelMode::Client,
        }
    }
}

/// CLOSE CHANNEL (TS 102 223 6.6.28): device identities name the channel; in server mode
/// qualifier b1 0 = to CLOSED, 1 = to LISTEN [S].
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CloseChannel {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities (UICC to channel).
    pub device_identities: DeviceIdentities,
    /// Alpha identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha_identifier: Option<AlphaIdentifier>,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// RECEIVE DATA (TS 102 223 6.6.29): channel data length requested (mandatory).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ReceiveData {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities (UICC to channel).
    pub device_identities: DeviceIdentities,
    /// Alpha identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha_identifier: Option<AlphaIdentifier>,
    /// Channel data length (mandatory).
    pub channel_data_length: ChannelDataLength,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// SEND DATA (TS 102 223 6.6.30): qualifier b1 1 = send immediately, 0 = store in Tx buffer;
/// channel data mandatory.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SendData {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities (UICC to channel).
    pub device_identities: DeviceIdentities,
    /// Alpha identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha_identifier: Option<AlphaIdentifier>,
    /// Channel data (mandatory).
    pub channel_data: ChannelData,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// A command with only command details and device identities (GET CHANNEL STATUS 6.6.31,
/// PROVIDE LOCAL INFORMATION 6.6.15).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SimpleCommand {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities.
    pub device_identities: DeviceIdentities,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// TIMER MANAGEMENT (TS 102 223 6.6.21): qualifier 00 start, 01 deactivate, 02 get current
/// value; timer identifier mandatory; timer value mandatory to start (6.6.21, checked here).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TimerManagement {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities (UICC to terminal).
    pub device_identities: DeviceIdentities,
    /// Timer identifier (mandatory).
    pub timer_identifier: TimerIdentifier,
    /// Timer value (mandatory when starting a timer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer_value: Option<TimerValue>,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// SET UP EVENT LIST (TS 102 223 6.6.16): event list mandatory (empty list removes all events).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SetUpEventList {
    /// Number and qualifier.
    pub details: Details,
    /// Device identities (UICC to terminal).
    pub device_identities: DeviceIdentities,
    /// Event list (mandatory).
    pub event_list: EventList,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// SEND SHORT MESSAGE (TS 102 223 6.6.9): alpha identifier and address optional, SMS TPDU
/// mandatory (an SMS-SUBMIT, TS 23.040).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SendShortMessage {
    /// Number and qualifier (b1: packing by the terminal required).
    pub details: Details,
    /// Device identities (UICC to network).
    pub device_identities: DeviceIdentities,
    /// Alpha identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha_identifier: Option<AlphaIdentifier>,
    /// Address (service centre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// SMS TPDU (mandatory).
    pub sms_tpdu: SmsTpdu,
    /// Objects not typed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<CatObject>,
}

/// Any other proactive command: the command details and every following object, in order.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct GenericCommand {
    /// Command details (any type).
    pub command_details: CommandDetails,
    /// The objects after the command details.
    pub objects: Vec<CatObject>,
}

/// A proactive command (the `proactive` CLI kind).
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum ProactiveCommand {
    /// OPEN CHANNEL (`40`).
    OpenChannel(OpenChannel),
    /// CLOSE CHANNEL (`41`).
    CloseChannel(CloseChannel),
    /// RECEIVE DATA (`42`).
    ReceiveData(ReceiveData),
    /// SEND DATA (`43`).
    SendData(SendData),
    /// GET CHANNEL STATUS (`44`).
    GetChannelStatus(SimpleCommand),
    /// TIMER MANAGEMENT (`27`).
    TimerManagement(TimerManagement),
    /// SET UP EVENT LIST (`05`).
    SetUpEventList(SetUpEventList),
    /// SEND SHORT MESSAGE (`13`).
    SendShortMessage(SendShortMessage),
    /// PROVIDE LOCAL INFORMATION (`26`).
    ProvideLocalInformation(SimpleCommand),
    /// Any other command type, objects kept.
    Generic(GenericCommand),
}

impl ProactiveCommand {
    /// Decode a `D0` proactive command filling `input`.
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
        if ber.tag != BerTag::PROACTIVE_COMMAND.0 {
            return Err(DecodeError::new(
                ErrorKind::Unexpected,
                STRUCTURE,
                ber.offset,
            ));
        }
        let items = decode_ctlvs(ber.value, ber.value_offset, MAX_OBJECTS, STRUCTURE)?;
        let end = ber.value_offset.saturating_add(ber.value.len());
        let mut c = Cursor::new(
            &items,
            STRUCTURE,
            end,
            &[TagValue::COMMAND_DETAILS],
            reading,
        );
        let cd: CommandDetails = c.require()?;
        let details = Details {
            number: cd.number,
            qualifier: cd.qualifier,
            cr: cd.cr,
        };
        let name = cd.command_type.name().unwrap_or(STRUCTURE);
        let mut c = c.continue_as(name, fields_of(cd.command_type));
        Ok(match cd.command_type {
            CommandType::OPEN_CHANNEL => Self::OpenChannel(OpenChannel {
                details,
                device_identities: c.require()?,
                alpha_identifier: c.take()?,
                address: c.take()?,
                bearer_description: c.take()?,
                buffer_size: c.require()?,
                network_access_name: c.take()?,
                local_address: c.take()?,
                user_login: c.take()?,
                user_password: c.take()?,
                transport_level: c.take()?,
                data_destination_address: c.take()?,
                extra: c.finish()?,
            }),
            CommandType::CLOSE_CHANNEL => Self::CloseChannel(CloseChannel {
                details,
                device_identities: c.require()?,
                alpha_identifier: c.take()?,
                extra: c.finish()?,
            }),
            CommandType::RECEIVE_DATA => Self::ReceiveData(ReceiveData {
                details,
                device_identities: c.require()?,
                alpha_identifier: c.take()?,
                channel_data_length: c.require()?,
                extra: c.finish()?,
            }),
            CommandType::SEND_DATA => Self::SendData(SendData {
                details,
                device_identities: c.require()?,
                alpha_identifier: c.take()?,
                channel_data: c.require()?,
                extra: c.finish()?,
            }),
            CommandType::GET_CHANNEL_STATUS => Self::GetChannelStatus(simple(details, c)?),
            CommandType::PROVIDE_LOCAL_INFORMATION => {
                Self::ProvideLocalInformation(simple(details, c)?)
            }
            CommandType::TIMER_MANAGEMENT => {
                let device_identities = c.require()?;
                let timer_identifier = c.require()?;
                let at = c.position();
                let timer_value = c.take()?;
                // TS 102 223 6.6.21: the timer value is given when the qualifier is "start".
                if details.qualifier == 0x00 && timer_value.is_none() {
                    return Err(DecodeError::new(
                        ErrorKind::MissingMandatory,
                        c.structure(),
                        at,
                    ));
                }
                Self::TimerManagement(TimerManagement {
                    details,
                    device_identities,
                    timer_identifier,
                    timer_value,
                    extra: c.finish()?,
                })
            }
            CommandType::SET_UP_EVENT_LIST => Self::SetUpEventList(SetUpEventList {
                details,
                device_identities: c.require()?,
                event_list: c.require()?,
                extra: c.finish()?,
            }),
            CommandType::SEND_SHORT_MESSAGE => Self::SendShortMessage(SendShortMessage {
                details,
                device_identities: c.require()?,
                alpha_identifier: c.take()?,
                address: c.take()?,
                sms_tpdu: c.require()?,
                extra: c.finish()?,
            }),
            _ => Self::Generic(GenericCommand {
                command_details: cd,
                objects: c.finish()?,
            }),
        })
    }

    /// The command type on the wire.
    pub fn command_type(&self) -> CommandType {
        match self {
            Self::OpenChannel(_) => CommandType::OPEN_CHANNEL,
            Self::CloseChannel(_) => CommandType::CLOSE_CHANNEL,
            Self::ReceiveData(_) => CommandType::RECEIVE_DATA,
            Self::SendData(_) => CommandType::SEND_DATA,
            Self::GetChannelStatus(_) => CommandType::GET_CHANNEL_STATUS,
            Self::TimerManagement(_) => CommandType::TIMER_MANAGEMENT,
            Self::SetUpEventList(_) => CommandType::SET_UP_EVENT_LIST,
            Self::SendShortMessage(_) => CommandType::SEND_SHORT_MESSAGE,
            Self::ProvideLocalInformation(_) => CommandType::PROVIDE_LOCAL_INFORMATION,
            Self::Generic(g) => g.command_details.command_type,
        }
    }

    /// The command details as the terminal must echo them in its TERMINAL RESPONSE (6.8).
    pub fn command_details(&self) -> CommandDetails {
        let d = match self {
            Self::OpenChannel(x) => &x.details,
            Self::CloseChannel(x) => &x.details,
            Self::ReceiveData(x) => &x.details,
            Self::SendData(x) => &x.details,
            Self::GetChannelStatus(x) | Self::ProvideLocalInformation(x) => &x.details,
            Self::TimerManagement(x) => &x.details,
            Self::SetUpEventList(x) => &x.details,
            Self::SendShortMessage(x) => &x.details,
            Self::Generic(g) => return g.command_details.clone(),
        };
        d.to_object(self.command_type())
    }

    /// Encode as a `D0` BER-TLV.
    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut w = TlvWriter::new();
        w.ber(BerTag::PROACTIVE_COMMAND.0, STRUCTURE, |w| {
            self.command_details().write(w)?;
            match self {
                Self::OpenChannel(x) => {
                    x.device_identities.write(w)?;
                    write_opt(w, &x.alpha_identifier)?;
                    write_opt(w, &x.address)?;
                    write_opt(w, &x.bearer_description)?;
                    x.buffer_size.write(w)?;
                    write_opt(w, &x.network_access_name)?;
                    write_opt(w, &x.local_address)?;
                    write_opt(w, &x.user_login)?;
                    write_opt(w, &x.user_password)?;
                    write_opt(w, &x.transport_level)?;
                    write_opt(w, &x.data_destination_address)?;
                    write_all(w, &x.extra)
                }
                Self::CloseChannel(x) => {
                    x.device_identities.write(w)?;
                    write_opt(w, &x.alpha_identifier)?;
                    write_all(w, &x.extra)
                }
                Self::ReceiveData(x) => {
                    x.device_identities.write(w)?;
                    write_opt(w, &x.alpha_identifier)?;
                    x.channel_data_length.write(w)?;
                    write_all(w, &x.extra)
                }
                Self::SendData(x) => {
                    x.device_identities.write(w)?;
                    write_opt(w, &x.alpha_identifier)?;
                    x.channel_data.write(w)?;
                    write_all(w, &x.extra)
                }
                Self::GetChannelStatus(x) | Self::ProvideLocalInformation(x) => {
                    x.device_identities.write(w)?;
                    write_all(w, &x.extra)
                }
                Self::TimerManagement(x) => {
                    x.device_identities.write(w)?;
                    x.timer_identifier.write(w)?;
                    write_opt(w, &x.timer_value)?;
                    write_all(w, &x.extra)
                }
                Self::SetUpEventList(x) => {
                    x.device_identities.write(w)?;
                    x.event_list.write(w)?;
                    write_all(w, &x.extra)
                }
                Self::SendShortMessage(x) => {
                    x.device_identities.write(w)?;
                    write_opt(w, &x.alpha_identifier)?;
                    write_opt(w, &x.address)?;
                    x.sms_tpdu.write(w)?;
                    write_all(w, &x.extra)
                }
                Self::Generic(g) => write_all(w, &g.objects),
            }
        })?;
        let out = w.into_bytes();
        if out.len() > MAX_MESSAGE_LEN {
            return Err(EncodeError::new(EncodeErrorKind::TooLong, STRUCTURE));
        }
        Ok(out)
    }
}

/// The tags each typed command has fields for (see [`Cursor`]).
fn fields_of(t: CommandType) -> &'static [TagValue] {
    use TagValue as T;
    match t {
        CommandType::OPEN_CHANNEL => &[
            T::DEVICE_IDENTITIES,
            T::ALPHA_IDENTIFIER,
            T::ADDRESS,
            T::BEARER_DESCRIPTION,
            T::BUFFER_SIZE,
            T::NETWORK_ACCESS_NAME,
            T::OTHER_ADDRESS,
            T::TEXT_STRING,
            T::TRANSPORT_LEVEL,
        ],
        CommandType::CLOSE_CHANNEL => &[T::DEVICE_IDENTITIES, T::ALPHA_IDENTIFIER],
        CommandType::RECEIVE_DATA => &[
            T::DEVICE_IDENTITIES,
            T::ALPHA_IDENTIFIER,
            T::CHANNEL_DATA_LENGTH,
        ],
        CommandType::SEND_DATA => &[T::DEVICE_IDENTITIES, T::ALPHA_IDENTIFIER, T::CHANNEL_DATA],
        CommandType::TIMER_MANAGEMENT => {
            &[T::DEVICE_IDENTITIES, T::TIMER_IDENTIFIER, T::TIMER_VALUE]
        }
        CommandType::SET_UP_EVENT_LIST => &[T::DEVICE_IDENTITIES, T::EVENT_LIST],
        CommandType::SEND_SHORT_MESSAGE => &[
            T::DEVICE_IDENTITIES,
            T::ALPHA_IDENTIFIER,
            T::ADDRESS,
            T::SMS_TPDU,
        ],
        CommandType::GET_CHANNEL_STATUS | CommandType::PROVIDE_LOCAL_INFORMATION => {
            &[T::DEVICE_IDENTITIES]
        }
        _ => &[],
    }
}

fn simple(details: Details, mut c: Cursor<'_, '_>) -> DecodeResult<SimpleCommand> {
    Ok(SimpleCommand {
        details,
        device_identities: c.require()?,
        extra: c.finish()?,
    })
}
