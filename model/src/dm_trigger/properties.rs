//! The DM trigger model's safety properties and witnesses, each naming its requirement (the
//! stateright name starts with the requirement id).

use super::{DmTriggerConfig, DmTriggerModel, Monitor, Route, Seen, State, Trigger, req};
use stateright::{Expectation, Property};

/// One row of [`table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyInfo {
    /// The stateright property name (starts with the requirement id).
    pub name: &'static str,
    /// The requirement registry id.
    pub requirement: &'static str,
    /// `always` (safety), `sometimes` (witness) or `liveness` (see [`crate::explorer`]).
    pub kind: &'static str,
}

macro_rules! props {
    ($( ($kind:ident, $req:expr, $name:literal, $f:expr) ),* $(,)?) => {
        /// Every stateright property of the model.
        pub fn all() -> Vec<Property<DmTriggerModel>> {
            vec![ $( Property::<DmTriggerModel>::$kind($name, $f) ),* ]
        }
        /// Name, requirement and kind of every property, liveness included.
        pub fn table() -> Vec<PropertyInfo> {
            let mut t = vec![ $( PropertyInfo { name: $name, requirement: $req, kind: stringify!($kind) } ),* ];
            for (name, requirement) in [
                ("DMSC-7-NOTIFY: every wake-up leads to a trigger or a reported failure", req::NOTIFY),
                ("DMSC-7.1-SERVERID: every valid notification leads to a DM session with the DM_SC Server", req::SERVERID),
                ("BIP-CLOSE: every opened channel is eventually closed", req::BIP_CLOSE),
            ] {
                t.push(PropertyInfo { name, requirement, kind: "liveness" });
            }
            t
        }
    };
}

/// The properties that apply to `config`: every safety property, and the witnesses whose
/// behaviour the configuration can show.
pub fn for_config(config: &DmTriggerConfig) -> Vec<Property<DmTriggerModel>> {
    let bip = config.profiles.iter().any(|p| p.bip);
    let bip_sms = config.profiles.iter().any(|p| p.bip && p.sms);
    all()
        .into_iter()
        .filter(|p| {
            if p.expectation != Expectation::Sometimes {
                return true;
            }
            let id = p.name.split(':').next().unwrap_or_default();
            match id {
                "DMSC-7.1-OFFLINE" | "DMSC-AD-LOCAL" => bip,
                "DMSC-7.2-SMS" => bip_sms && config.port_busy,
                "DMSC-AD-REMOTE" => bip && config.remote,
                "BIP-PORT" => bip && config.port_busy,
                "BIP-LINK-DROPPED" => bip && config.link_drop,
                "DMNOTI-DIGEST" | "CAT-NOT-UNDERSTOOD" => config.negatives,
                _ => true,
            }
        })
        .collect()
}

macro_rules! clear {
    ($m:expr) => {
        |_, s: &State| !$m.fired(s)
    };
}

props![
    (
        always,
        req::FETCH_PENDING,
        "CAT-FETCH-PENDING: no FETCH and no proactive command without a pending 91xx",
        clear!(Monitor::FetchPending)
    ),
    (
        always,
        req::TR_ONCE,
        "CAT-TR-ONCE: one TERMINAL RESPONSE per fetched command, echoing it",
        clear!(Monitor::TrOnce)
    ),
    (
        always,
        req::PROFILE,
        "CAT-PROFILE: the UICC uses only what the TERMINAL PROFILE declares",
        clear!(Monitor::Profile)
    ),
    (
        always,
        req::BIP_SEND_OPEN,
        "BIP-SEND-OPEN: no SEND DATA before the channel is open",
        clear!(Monitor::SendBeforeOpen)
    ),
    (
        always,
        req::SERVERID,
        "DMSC-7.1-SERVERID: no session with the DM_SC Server after a notification with another ServerID",
        clear!(Monitor::SessionOtherServer)
    ),
    (
        always,
        req::DIGEST,
        "DMNOTI-DIGEST: no session after a notification whose digest does not verify",
        clear!(Monitor::SessionBadDigest)
    ),
    (
        always,
        req::VERSION,
        "DMNOTI-VERSION: no session after a notification of an unsupported version",
        clear!(Monitor::SessionWrongVersion)
    ),
    (
        always,
        req::APPTYPE,
        "DMSC-7.1-APPTYPE: the DM Client is registered with application type 07",
        clear!(Monitor::AppType)
    ),
    (
        always,
        req::PORT,
        "DMSC-7.1-PORT: the DM Client's port is unique",
        clear!(Monitor::Port)
    ),
    (
        always,
        req::APPADDR,
        "DMSC-8.1-APPADDR: the DM session goes to https://127.0.0.1:4116/OMA/DM",
        clear!(Monitor::AppAddr)
    ),
    (
        always,
        req::SESSIONID,
        "DMNOTI-SESSIONID: the DM session uses the notification's sessionid",
        clear!(Monitor::SessionId)
    ),
    (
        always,
        req::CONVEY,
        "DMSC-7.1-CONVEY: the terminal conveys the SEND DATA application data to the DM Client",
        clear!(Monitor::Convey)
    ),
    (
        always,
        req::OFFLINE,
        "DMSC-7.1-OFFLINE: a BIP terminal supports OPEN CHANNEL in terminal server mode",
        clear!(Monitor::Offline)
    ),
    (
        always,
        req::SMS,
        "DMSC-7.2-SMS: an SMS terminal supports SEND SHORT MESSAGE",
        clear!(Monitor::Sms)
    ),
    (
        always,
        req::NOT_UNDERSTOOD,
        "CAT-NOT-UNDERSTOOD: a corrupted command is answered 32 (36 when a mandatory object is missing)",
        clear!(Monitor::CorruptResult)
    ),
    (
        always,
        req::UICC_ERROR_SW,
        "UICC-ERROR-SW: a corrupted command APDU is never answered with 91xx",
        clear!(Monitor::CorruptAnswer)
    ),
    (
        always,
        req::PKG0,
        "DMSC-7.1-PKG0: the off-line trigger's application data is the DM_SC Server's General Package #0",
        clear!(Monitor::Pkg0)
    ),
    (
        always,
        req::CLASS_K,
        "DMSC-7.1-CLASS-K: a BIP terminal registers the DM Client before it reports the wake-up",
        |_, s: &State| {
            let bip = s.terminal.profile.is_some_and(|p| p.bip);
            !(bip && s.uicc.trigger != Trigger::Asleep && !s.uicc.dm_registered)
                || s.corrupted_to_uicc
        }
    ),
    (
        sometimes,
        req::OFFLINE,
        "DMSC-7.1-OFFLINE: an off-line trigger leads to a completed DM session",
        |_, s: &State| s.completed & Route::Offline.bit() != 0
    ),
    (
        sometimes,
        req::SMS,
        "DMSC-7.2-SMS: an on-line trigger leads to a completed DM session",
        |_, s: &State| s.completed & Route::Online.bit() != 0
    ),
    (
        sometimes,
        req::AD_REMOTE,
        "DMSC-AD-REMOTE: a remote trigger leads to a completed DM session with provisioning and results",
        |_, s: &State| s.completed & Route::Remote.bit() != 0
    ),
    (
        sometimes,
        req::AD_LOCAL,
        "DMSC-AD-LOCAL: a wake-up of the card leads to a completed DM session",
        |_, s: &State| s.completed & (Route::Offline.bit() | Route::Online.bit()) != 0
    ),
    (
        sometimes,
        req::BIP_PORT,
        "BIP-PORT: the terminal answers 3A 10 port not available",
        |_, s: &State| Seen::PortNotAvailable.in_state(s)
    ),
    (
        sometimes,
        req::BIP_LINK_DROPPED,
        "BIP-LINK-DROPPED: a SEND DATA or CLOSE CHANNEL meets a dropped link",
        |_, s: &State| Seen::ChannelClosed.in_state(s)
    ),
    (
        sometimes,
        req::DIGEST,
        "DMNOTI-DIGEST: the DM Client rejects a notification",
        |_, s: &State| Seen::Rejected.in_state(s)
    ),
    (
        sometimes,
        req::NOT_UNDERSTOOD,
        "CAT-NOT-UNDERSTOOD: the terminal answers a corrupted command",
        |_, s: &State| Seen::CorruptAnswered.in_state(s)
    ),
];
