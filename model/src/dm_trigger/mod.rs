//! The DM session trigger model: the DM_SC Server on the UICC triggers a DM session with the
//! terminal's DM Client, at the level of the APDUs between UICC and terminal.
//!
//! Sources (see `conformance/src/dm_trigger/requirements.json` for each requirement id, its
//! clause and whether it is verified): OMA DM_SC TS clauses 7 and 8 (seed 001), the DM_SC AD flows
//! 5.2.1.1 / 5.2.1.2 (seed 002), OMA-TS-DM_Notification-V1_2 (General Package #0), ETSI TS 102 223
//! (CAT, BIP) and TS 102 221 (APDUs, status words); pushwake's notes in `shared/specs/cat-bip.md`
//! and `dm-notification.md`.
//!
//! # What is modelled
//! - **Roles.** `terminal` (CAT handling, the BIP gateway, the DM Client) and `uicc` (the DM_SC
//!   Server and the SCWS) are the IUT roles; `user` (power), `clock` (timer 1 runs down) and
//!   `network` (SMS delivery, link loss) are the terminal's environment. Every message between
//!   terminal and UICC is one APDU: the terminal *sends* a C-APDU and the UICC *receives* it (two
//!   actions: an output of the terminal, an input of the UICC, so that either role can be the
//!   IUT), the UICC *answers* with an R-APDU and the terminal *receives* it. The interface is
//!   half duplex: one C-APDU at a time, answered before the next.
//! - **Start.** Power on; TERMINAL PROFILE declares BIP (classes "e" and "k") and SMS (the
//!   terminal's choice among [`DmTriggerConfig::profiles`]). The DM_SC Server then sends, each
//!   announced by `91 xx`, fetched and answered by one TERMINAL RESPONSE: SET UP EVENT LIST (data
//!   available, channel status) and OPEN CHANNEL in UICC server mode on port 4116 (the SCWS) when
//!   BIP is declared, and TIMER MANAGEMENT starting timer 1 (the wake-up; the `wakeup` model
//!   covers every wake-up, this one stands for all). A BIP terminal registers the DM Client with
//!   an ENVELOPE (TERMINAL APPLICATIONS) carrying its registry application data (port, DCS,
//!   application type `07`, name).
//! - **Off-line trigger** (DM_SC TS 7.1): on TIMER EXPIRATION the DM_SC Server opens channel 2 in
//!   terminal server mode on the DM Client's port (the terminal may answer `3A 10` port not
//!   available), sends the notification (General Package #0) with SEND DATA, and closes the
//!   channel. The link may drop (channel status event; SEND DATA then gets `3A 02`).
//! - **On-line trigger** (DM_SC TS 7.2): without BIP but with SMS, SEND SHORT MESSAGE carrying the
//!   notification as a WSP push in an SMS-SUBMIT to the device's own number; the network returns
//!   it and the terminal gives it to the DM Client. Without either, the wake-up fails at once.
//! - **Remote trigger** (DM_SC AD 5.2.1.1): the network's SMS with a notification.
//! - **The DM Client** checks ServerID, digest and version; on a valid notification (and with BIP,
//!   the only way to reach the SCWS over the ISO interface) it opens the session at the AppAddr of
//!   DM_SC TS table 2 over the SCWS channel: data available envelope, RECEIVE DATA (package 1),
//!   SEND DATA (package 2, provisioning data), data available and RECEIVE DATA (package 3,
//!   results), SEND DATA (package 4). The HTTP and SyncML inside the channel data are the
//!   binding's. A package may travel in parts (SEND DATA stored in the Tx buffer, RECEIVE DATA
//!   with bytes remaining; at most [`MAX_PARTS`] before the last), and the terminal reports the
//!   SCWS connection's state (channel status events on channel 1: established, back to listen).
//! - **Terminal order.** The terminal owes one C-APDU at a time: a TERMINAL RESPONSE first, then
//!   FETCH, then its envelopes (registration, the wake-up, the DM Client's channel 1 events in
//!   their causal order; the link loss of channel 2 before or after any of those, its choice).
//!   UNVERIFIED: TS 102 221 does not forbid an ENVELOPE while a
//!   command is pending; a terminal that sends one first is outside this model.
//! - **Choices of the DM_SC Server** (DM_SC TS 7 leaves them open): after `3A 10` it may fall
//!   back to the on-line trigger or give up; with [`DmTriggerConfig::online_choice`] it may use
//!   the on-line trigger although the off-line one is possible. The wake-up restarts timer 1
//!   (regular interval); the model bounds the run to one expiry.
//! - **Negative stimuli** ([`DmTriggerConfig::negatives`]): an APDU corrupted on its way
//!   (malformed TLV, a missing mandatory object, an unknown comprehension-required object): the
//!   terminal answers a corrupted command with general result `32` / `36`; the UICC answers a
//!   corrupted C-APDU with an error status word or `90 00` (UNVERIFIED which; never `91 xx`), and
//!   the run ends there. A SEND DATA or an SMS may carry an invalid notification (another
//!   ServerID, a bad digest, a wrong version): no session follows.
//!
//! # Properties
//! Transition rules are monitors ([`Monitor`], bits in [`State::monitor`]) turned into `always`
//! properties; witnesses are `sometimes` properties; liveness (DMSC-7-NOTIFY, DMSC-7.1-SERVERID,
//! BIP-CLOSE) is decided by [`crate::explorer`] under weak fairness of the roles' progress (every
//! answer and every owed C-APDU, the link's delivery of APDUs, the network's return of the
//! terminal's own SMS), declared per class in [`meta`]. Negative stimuli, link loss and the remote
//! trigger are not fair.

pub mod meta;
pub mod properties;
mod types;

pub use types::*;

use crate::explorer::{Liveness, LivenessModel};
use crate::{ActionLabel, IcsItem, LabelledModel};
use stateright::{Model, Property};

/// Requirement ids used by this model (all in `conformance/src/dm_trigger/requirements.json`).
pub mod req {
    pub const WAKEUP: &str = "DMSC-6-WAKEUP";
    pub const NOTIFY: &str = "DMSC-7-NOTIFY";
    pub const CLASS_E: &str = "DMSC-7.1-CLASS-E";
    pub const CLASS_K: &str = "DMSC-7.1-CLASS-K";
    pub const PORT: &str = "DMSC-7.1-PORT";
    pub const APPTYPE: &str = "DMSC-7.1-APPTYPE";
    pub const TSM: &str = "DMSC-7.1-TSM";
    pub const PKG0: &str = "DMSC-7.1-PKG0";
    pub const CONVEY: &str = "DMSC-7.1-CONVEY";
    pub const SERVERID: &str = "DMSC-7.1-SERVERID";
    pub const OFFLINE: &str = "DMSC-7.1-OFFLINE";
    pub const SMS: &str = "DMSC-7.2-SMS";
    pub const APPADDR: &str = "DMSC-8.1-APPADDR";
    pub const AD_REMOTE: &str = "DMSC-AD-REMOTE";
    pub const AD_LOCAL: &str = "DMSC-AD-LOCAL";
    pub const DIGEST: &str = "DMNOTI-DIGEST";
    pub const SESSIONID: &str = "DMNOTI-SESSIONID";
    pub const VERSION: &str = "DMNOTI-VERSION";
    pub const SW_91XX: &str = "CAT-91XX";
    pub const FETCH_PENDING: &str = "CAT-FETCH-PENDING";
    pub const TR_ONCE: &str = "CAT-TR-ONCE";
    pub const PROFILE: &str = "CAT-PROFILE";
    pub const EVENT_LIST: &str = "CAT-EVENT-LIST";
    pub const TIMER: &str = "CAT-TIMER";
    pub const NOT_UNDERSTOOD: &str = "CAT-NOT-UNDERSTOOD";
    pub const MISSING: &str = "CAT-MISSING";
    pub const UICC_ERROR_SW: &str = "UICC-ERROR-SW";
    pub const BIP_OPEN: &str = "BIP-OPEN";
    pub const BIP_SEND_OPEN: &str = "BIP-SEND-OPEN";
    pub const BIP_CLOSE: &str = "BIP-CLOSE";
    pub const BIP_PORT: &str = "BIP-PORT";
    pub const BIP_LINK_DROPPED: &str = "BIP-LINK-DROPPED";
    pub const SMS_SEND: &str = "SMS-SEND";
}

/// Transition monitors: each names the requirement whose rule it checks on every transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Monitor {
    /// The terminal FETCHes only after `91 xx`; the UICC answers FETCH with a command only when
    /// one was announced (CAT-FETCH-PENDING).
    FetchPending = 0,
    /// One TERMINAL RESPONSE per fetched command, echoing it (CAT-TR-ONCE).
    TrOnce,
    /// The UICC uses only what the profile declares (CAT-PROFILE).
    Profile,
    /// No SEND DATA on channel 2 before it is open (BIP-SEND-OPEN).
    SendBeforeOpen,
    /// No session after a notification with another ServerID (DMSC-7.1-SERVERID).
    SessionOtherServer,
    /// No session after a notification whose digest does not verify (DMNOTI-DIGEST).
    SessionBadDigest,
    /// No session after a notification of an unsupported version (DMNOTI-VERSION).
    SessionWrongVersion,
    /// The DM Client's application type is `07` (DMSC-7.1-APPTYPE).
    AppType,
    /// The DM Client's port is unique (DMSC-7.1-PORT).
    Port,
    /// The session goes to the AppAddr (DMSC-8.1-APPADDR).
    AppAddr,
    /// The session uses the notification's sessionid (DMNOTI-SESSIONID).
    SessionId,
    /// A successful SEND DATA on channel 2 conveys its data to the DM Client (DMSC-7.1-CONVEY).
    Convey,
    /// A BIP terminal supports the off-line trigger: it does not refuse OPEN CHANNEL in terminal
    /// server mode as beyond its capabilities (DMSC-7.1-OFFLINE).
    Offline,
    /// An SMS terminal does not refuse SEND SHORT MESSAGE as beyond its capabilities
    /// (DMSC-7.2-SMS).
    Sms,
    /// A corrupted command is answered `32` / `36` as TS 102 223 6.10 requires
    /// (CAT-NOT-UNDERSTOOD; `36` is CAT-MISSING, checked by the same monitor).
    CorruptResult,
    /// A corrupted C-APDU is never answered `91 xx` (UICC-ERROR-SW).
    CorruptAnswer,
    /// The DM_SC Server's notification is a valid General Package #0 of its own (DMSC-7.1-PKG0).
    Pkg0,
}

impl Monitor {
    /// Every monitor, in bit order.
    pub const ALL: [Monitor; 17] = [
        Monitor::FetchPending,
        Monitor::TrOnce,
        Monitor::Profile,
        Monitor::SendBeforeOpen,
        Monitor::SessionOtherServer,
        Monitor::SessionBadDigest,
        Monitor::SessionWrongVersion,
        Monitor::AppType,
        Monitor::Port,
        Monitor::AppAddr,
        Monitor::SessionId,
        Monitor::Convey,
        Monitor::Offline,
        Monitor::Sms,
        Monitor::CorruptResult,
        Monitor::CorruptAnswer,
        Monitor::Pkg0,
    ];

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Whether this monitor has fired in `state`.
    pub const fn fired(self, state: &State) -> bool {
        state.monitor & self.bit() != 0
    }

    /// The requirement the monitor checks.
    pub const fn requirement(self) -> &'static str {
        match self {
            Monitor::FetchPending => req::FETCH_PENDING,
            Monitor::TrOnce => req::TR_ONCE,
            Monitor::Profile => req::PROFILE,
            Monitor::SendBeforeOpen => req::BIP_SEND_OPEN,
            Monitor::SessionOtherServer => req::SERVERID,
            Monitor::SessionBadDigest => req::DIGEST,
            Monitor::SessionWrongVersion => req::VERSION,
            Monitor::AppType => req::APPTYPE,
            Monitor::Port => req::PORT,
            Monitor::AppAddr => req::APPADDR,
            Monitor::SessionId => req::SESSIONID,
            Monitor::Convey => req::CONVEY,
            Monitor::Offline => req::OFFLINE,
            Monitor::Sms => req::SMS,
            Monitor::CorruptResult => req::NOT_UNDERSTOOD,
            Monitor::CorruptAnswer => req::UICC_ERROR_SW,
            Monitor::Pkg0 => req::PKG0,
        }
    }
}

/// Things that happened, for the witnesses (bits of [`State::seen`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seen {
    /// The terminal answered OPEN CHANNEL with port not available.
    PortNotAvailable = 0,
    /// A SEND DATA or CLOSE CHANNEL met a dropped link.
    ChannelClosed,
    /// The DM Client rejected a notification.
    Rejected,
    /// A wake-up found no bearer at all.
    NoBearer,
    /// The terminal answered a corrupted command.
    CorruptAnswered,
}

impl Seen {
    /// Its bit.
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Whether it happened in `state`.
    pub const fn in_state(self, state: &State) -> bool {
        state.seen & self.bit() != 0
    }
}

/// The DM trigger model.
#[derive(Clone, Debug, Default)]
pub struct DmTriggerModel {
    pub config: DmTriggerConfig,
}

/// The most parts a DM package travels in, besides its last one (one SEND DATA or RECEIVE DATA
/// carries at most about 200 bytes; the reference packages are under 800).
pub const MAX_PARTS: u8 = 3;

/// Whether a command needs BIP in the terminal profile.
pub const fn needs_bip(cmd: ProCmd) -> bool {
    !matches!(cmd, ProCmd::StartTimer | ProCmd::SendSms)
}

impl DmTriggerModel {
    /// A model of `config`, once the config is checked.
    pub fn new(config: DmTriggerConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self { config })
    }

    /// Whether the terminal owes a C-APDU now (and nothing is in flight): the environment waits.
    pub fn terminal_owes(&self, s: &State) -> bool {
        let mut out = Vec::new();
        self.terminal_actions(s, &mut out);
        !out.is_empty()
    }

    /// Whether the UICC-terminal interface is idle: no C-APDU out, no answer owed or in flight.
    fn interface_idle(s: &State) -> bool {
        !s.terminal.waiting && s.c_wire.is_none() && s.r_wire.is_none() && s.uicc.owes.is_none()
    }

    /// The results the terminal may give the command it fetched.
    fn results(&self, t: &Terminal, f: Fetched) -> Vec<TrResult> {
        if let Some(c) = f.corruption {
            return vec![c.result()];
        }
        let bip = t.profile.is_some_and(|p| p.bip);
        let sms = t.profile.is_some_and(|p| p.sms);
        match f.cmd {
            c if needs_bip(c) && !bip => vec![TrResult::Beyond],
            ProCmd::SendSms if !sms => vec![TrResult::Beyond],
            ProCmd::OpenTsm if self.config.port_busy => {
                vec![TrResult::Ok, TrResult::PortNotAvailable]
            }
            ProCmd::SendNotification => match t.channel {
                Channel::Open => vec![TrResult::Ok],
                _ => vec![TrResult::ChannelClosed],
            },
            ProCmd::CloseTsm => match t.channel {
                Channel::Open => vec![TrResult::Ok],
                // UNVERIFIED: closing a channel whose link dropped may succeed or say closed.
                Channel::DroppedOwed | Channel::Dropped => {
                    vec![TrResult::Ok, TrResult::ChannelClosed]
                }
                Channel::Closed => vec![TrResult::ChannelClosed],
            },
            _ => vec![TrResult::Ok],
        }
    }

    /// The DM Client package a RECEIVE DATA reads.
    fn waiting_data(t: &Terminal) -> Option<DmPkg> {
        match t.dm {
            DmClient::InitSent => Some(DmPkg::ClientInit),
            DmClient::ResultsSent => Some(DmPkg::Results),
            _ => None,
        }
    }

    /// The C-APDUs the terminal owes now.
    fn terminal_actions(&self, s: &State, out: &mut Vec<Action>) {
        let t = &s.terminal;
        if !t.on || !Self::interface_idle(s) {
            return;
        }
        let send = |apdu| Action::Send { apdu };
        let Some(profile) = t.profile else {
            for &profile in &self.config.profiles {
                out.push(send(CApdu::Profile { profile }));
            }
            return;
        };
        // A fetched command is answered before anything else (CAT-TR-ONCE).
        if let Some(f) = t.fetched {
            for result in self.results(t, f) {
                let data = if f.cmd == ProCmd::ReceiveData && result == TrResult::Ok {
                    Self::waiting_data(t)
                } else {
                    None
                };
                out.push(send(CApdu::Response {
                    cmd: f.cmd,
                    result,
                    data,
                }));
                // A package may come in parts (the terminal's choice, bounded).
                if data.is_some() && t.parts < MAX_PARTS {
                    out.push(send(CApdu::Response {
                        cmd: f.cmd,
                        result,
                        data: Some(DmPkg::Part),
                    }));
                }
            }
            return;
        }
        // The owed C-APDUs: FETCH when a command is pending (CAT-91XX), the registration, the
        // wake-up, the DM Client's channel 1 events in their causal order (ESTABLISHED before
        // its data, data before the closing status); the channel status event of channel 2's
        // link loss concerns another channel and another application, so the terminal may send
        // it before or after any channel 1 event (TS 102 223 7.5 orders no two event downloads).
        // UNVERIFIED: TS 102 221 does not forbid an ENVELOPE while a command is pending; a
        // terminal that sends one first is outside this model (allowing it, with the UICC's
        // 93 00, makes the terminal suites unsteerable today: branch trigger-kill-busy).
        if t.must_fetch {
            out.push(send(CApdu::Fetch));
            return;
        }
        let chain = if profile.bip && !t.registered {
            Some(CApdu::Register {
                app_type_07: true,
                port_unique: true,
            })
        } else if t.timer == Timer::Expired {
            Some(CApdu::TimerExpiration)
        } else if t.events && t.dm == DmClient::Connect && !t.scws_link {
            Some(CApdu::ScwsStatus { established: true })
        } else if t.events && matches!(t.dm, DmClient::Connect | DmClient::Results) {
            Some(CApdu::DataAvailable)
        } else if t.events && t.scws_close_owed {
            Some(CApdu::ScwsStatus { established: false })
        } else {
            None
        };
        let registering = matches!(chain, Some(CApdu::Register { .. }));
        out.extend(chain.map(send));
        if t.events && t.channel == Channel::DroppedOwed && !registering {
            out.push(send(CApdu::LinkDropped));
        }
    }

    /// The environment's stimuli of the terminal, when nothing is owed or in flight.
    fn environment_actions(&self, s: &State, out: &mut Vec<Action>) {
        let t = &s.terminal;
        if s.halted {
            return;
        }
        if !t.on {
            out.push(Action::PowerOn);
            return;
        }
        // The link drops when it likes: while APDUs are exchanged, too.
        if self.config.link_drop && t.channel == Channel::Open {
            out.push(Action::LinkLost);
        }
        if t.profile.is_none() || !Self::interface_idle(s) || self.terminal_owes(s) {
            return;
        }
        // One wake-up (the bound): the restarted timer does not run down again.
        if t.timer == Timer::Running && !t.woke {
            out.push(Action::TimeElapsed);
        }
        if t.dm == DmClient::Idle {
            if t.sms_in_flight {
                out.push(Action::SmsArrives {
                    origin: SmsOrigin::Own,
                    notification: Notification::Valid,
                });
            }
            if self.config.remote && !s.remote_sent {
                out.push(Action::SmsArrives {
                    origin: SmsOrigin::Remote,
                    notification: Notification::Valid,
                });
                if self.config.negatives {
                    for notification in Notification::INVALID {
                        out.push(Action::SmsArrives {
                            origin: SmsOrigin::Remote,
                            notification,
                        });
                    }
                }
            }
        }
    }

    /// The C-APDUs a negative stimulus corrupts: the DM trigger's own ENVELOPEs and the
    /// TERMINAL RESPONSE to its OPEN CHANNEL (representatives: every ENVELOPE and TERMINAL
    /// RESPONSE is read by the same TLV rules, TS 102 223 6.10 / 7).
    const fn corruptible(apdu: CApdu) -> bool {
        matches!(
            apdu,
            CApdu::Register { .. }
                | CApdu::TimerExpiration
                | CApdu::Response {
                    cmd: ProCmd::OpenTsm,
                    ..
                }
        )
    }

    /// The proactive commands a negative stimulus corrupts: the triggers' (representatives, as
    /// above).
    const fn corruptible_command(cmd: ProCmd) -> bool {
        matches!(
            cmd,
            ProCmd::OpenTsm | ProCmd::SendNotification | ProCmd::SendSms
        )
    }

    /// The DM_SC Server's decision on a wake-up.
    fn wake(&self, u: &mut Uicc, seen: &mut u8) {
        u.trigger = Trigger::Woken;
        // A regular-interval wake-up: the timer is started again first (DM_SC TS 6).
        u.queue.push(ProCmd::StartTimer);
        let profile = u.profile.unwrap_or(Profile {
            bip: false,
            sms: false,
        });
        if profile.bip && u.dm_registered {
            if self.config.faults.send_before_open {
                u.queue.push(ProCmd::SendNotification);
            } else {
                u.queue.push(ProCmd::OpenTsm);
            }
        } else if profile.sms {
            u.queue.push(ProCmd::SendSms);
        } else {
            u.trigger = Trigger::Failed;
            *seen |= Seen::NoBearer.bit();
        }
    }

    /// The DM_SC Server's handling of a TERMINAL RESPONSE to `cmd`.
    fn on_response(&self, u: &mut Uicc, cmd: ProCmd, result: TrResult, data: Option<DmPkg>) {
        let ok = result == TrResult::Ok;
        match cmd {
            ProCmd::SetUpEventList | ProCmd::StartTimer => {}
            ProCmd::OpenScws => u.scws = ok,
            ProCmd::OpenTsm => {
                if ok && !u.tsm_dropped {
                    u.tsm_open = true;
                    u.queue.push(ProCmd::SendNotification);
                } else if result == TrResult::PortNotAvailable && u.profile.is_some_and(|p| p.sms) {
                    // The DM_SC Server's policy (OMA leaves it open): fall back to the on-line
                    // trigger, or give up ([`Uicc::may_give_up`]: its answer says which).
                    u.queue.push(ProCmd::SendSms);
                    u.may_give_up = true;
                } else {
                    if ok {
                        u.tsm_open = true;
                        u.queue.push(ProCmd::CloseTsm);
                    }
                    u.trigger = Trigger::Failed;
                }
            }
            ProCmd::SendNotification => {
                u.trigger = if ok { Trigger::Sent } else { Trigger::Failed };
                if result == TrResult::ChannelClosed {
                    u.tsm_open = false;
                } else if !self.config.faults.never_close {
                    u.queue.push(ProCmd::CloseTsm);
                }
            }
            ProCmd::CloseTsm => u.tsm_open = false,
            ProCmd::SendSms => {
                u.trigger = if ok { Trigger::Sent } else { Trigger::Failed };
            }
            ProCmd::ReceiveData => {
                match (ok, data) {
                    (true, Some(DmPkg::ClientInit)) => u.queue.push(ProCmd::SendDm {
                        pkg: DmPkg::Provisioning,
                    }),
                    (true, Some(DmPkg::Results)) => {
                        u.queue.push(ProCmd::SendDm { pkg: DmPkg::Final })
                    }
                    (true, Some(DmPkg::Part)) => {
                        u.rx_parts = u.rx_parts.saturating_add(1);
                        u.queue.push(ProCmd::ReceiveData);
                        return;
                    }
                    _ => {}
                }
                u.rx_parts = 0;
                u.data = false;
            }
            ProCmd::SendDm { .. } => u.parts = 0,
            ProCmd::SendDmPart => {}
        }
    }

    /// The DM Client is given a notification.
    fn notify(&self, s: &mut State, n: Notification, route: Route) {
        let t = &mut s.terminal;
        t.last_notification = Some(n);
        if t.dm != DmClient::Idle {
            return;
        }
        if n == Notification::Valid || self.config.faults.accept_any_notification {
            // Without BIP the SCWS cannot be reached over the ISO interface: no session.
            if t.profile.is_some_and(|p| p.bip) {
                t.dm = DmClient::Connect;
                s.route = Some(route);
            }
        } else {
            s.rejected = s.rejected.saturating_add(1);
            s.seen |= Seen::Rejected.bit();
        }
    }

    /// The UICC's answer to `apdu`, and its new state.
    fn uicc_receive(&self, s: &mut State, apdu: CApdu) {
        let mut u = s.uicc.clone();
        let mut answer = None;
        match apdu {
            CApdu::Profile { profile } => {
                u.profile = Some(profile);
                u.queue.clear();
                if profile.bip {
                    u.queue.push(ProCmd::SetUpEventList);
                }
                u.queue.push(ProCmd::StartTimer);
                if profile.bip {
                    u.queue.push(ProCmd::OpenScws);
                }
            }
            CApdu::Register {
                app_type_07,
                port_unique,
            } => u.dm_registered = app_type_07 && port_unique,
            CApdu::TimerExpiration => {
                if u.trigger == Trigger::Asleep {
                    self.wake(&mut u, &mut s.seen);
                }
            }
            CApdu::DataAvailable => {
                u.data = true;
                u.queue.push(ProCmd::ReceiveData);
            }
            CApdu::LinkDropped => {
                u.tsm_dropped = true;
                u.tsm_open = false;
            }
            CApdu::ScwsStatus { .. } => {}
            CApdu::Fetch => {
                answer = Some(match u.queue.first().copied() {
                    Some(cmd) if u.announced => {
                        u.queue.remove(0);
                        u.announced = false;
                        u.open = Some(cmd);
                        u.may_split = matches!(cmd, ProCmd::SendDm { .. }) && u.parts < MAX_PARTS;
                        u.may_go_online = self.config.online_choice
                            && cmd == ProCmd::OpenTsm
                            && u.profile.is_some_and(|p| p.sms);
                        RApdu::Command { cmd }
                    }
                    _ => RApdu::Error,
                });
            }
            CApdu::Response { cmd, result, data } => {
                if u.open == Some(cmd) {
                    u.open = None;
                    self.on_response(&mut u, cmd, result, data);
                } else {
                    answer = Some(RApdu::Error);
                }
            }
        }
        let answer = answer.unwrap_or_else(|| match u.queue.first().copied() {
            Some(_) if u.open.is_none() => {
                u.announced = true;
                RApdu::Pending
            }
            _ => RApdu::Ok,
        });
        u.owes = Some(answer);
        s.uicc = u;
    }

    /// The terminal's side of sending `apdu`.
    fn terminal_send(&self, s: &mut State, apdu: CApdu) {
        let t = &mut s.terminal;
        t.waiting = true;
        match apdu {
            CApdu::Profile { profile } => t.profile = Some(profile),
            CApdu::Register { .. } => t.registered = true,
            CApdu::TimerExpiration => t.timer = Timer::Reported,
            CApdu::DataAvailable => {
                t.dm = match t.dm {
                    DmClient::Results => DmClient::ResultsSent,
                    _ => DmClient::InitSent,
                }
            }
            CApdu::LinkDropped => t.channel = Channel::Dropped,
            CApdu::ScwsStatus { established } => {
                t.scws_link = established;
                if !established {
                    t.scws_close_owed = false;
                }
            }
            CApdu::Fetch => t.must_fetch = false,
            CApdu::Response { cmd, result, .. } => {
                let fetched = t.fetched.take();
                if fetched.is_some_and(|f| f.corruption.is_some()) {
                    s.seen |= Seen::CorruptAnswered.bit();
                }
                match result {
                    TrResult::PortNotAvailable => s.seen |= Seen::PortNotAvailable.bit(),
                    TrResult::ChannelClosed => s.seen |= Seen::ChannelClosed.bit(),
                    _ => {}
                }
                if result != TrResult::Ok {
                    return;
                }
                match cmd {
                    ProCmd::SetUpEventList => t.events = true,
                    ProCmd::StartTimer => t.timer = Timer::Running,
                    ProCmd::OpenTsm => t.channel = Channel::Open,
                    ProCmd::CloseTsm => {
                        if t.channel == Channel::Open {
                            t.channel = Channel::Closed;
                        }
                    }
                    ProCmd::SendSms => t.sms_in_flight = true,
                    ProCmd::ReceiveData => {
                        if let CApdu::Response {
                            data: Some(DmPkg::Part),
                            ..
                        } = apdu
                        {
                            t.parts = t.parts.saturating_add(1);
                            return;
                        }
                        t.parts = 0;
                        t.dm = match t.dm {
                            DmClient::InitSent => DmClient::AwaitProvisioning,
                            DmClient::ResultsSent => DmClient::AwaitFinal,
                            other => other,
                        }
                    }
                    ProCmd::SendDmPart => {}
                    ProCmd::SendDm { pkg } => match (pkg, t.dm) {
                        (DmPkg::Provisioning, DmClient::AwaitProvisioning) => {
                            t.dm = DmClient::Results;
                        }
                        (DmPkg::Final, DmClient::AwaitFinal) => {
                            t.dm = DmClient::Idle;
                            t.scws_close_owed = t.scws_link;
                            s.sessions = s.sessions.saturating_add(1);
                            if let Some(r) = s.route.take() {
                                s.completed |= r.bit();
                            }
                        }
                        _ => {}
                    },
                    ProCmd::SendNotification => {
                        let n = fetched
                            .and_then(|f| f.notification)
                            .unwrap_or(Notification::Valid);
                        self.notify(s, n, Route::Offline);
                    }
                    ProCmd::OpenScws => {}
                }
            }
        }
    }

    /// The monitors' verdicts on `action` taken in `s` (bits of [`Monitor`] that fire).
    fn monitor(&self, s: &State, action: &Action) -> u32 {
        let mut fired = 0;
        let mut fire = |m: Monitor, cond: bool| {
            if cond {
                fired |= m.bit();
            }
        };
        let t = &s.terminal;
        let u = &s.uicc;
        match *action {
            Action::Send { apdu } => match apdu {
                CApdu::Fetch => fire(Monitor::FetchPending, !t.must_fetch),
                CApdu::Register {
                    app_type_07,
                    port_unique,
                } => {
                    fire(Monitor::AppType, !app_type_07);
                    fire(Monitor::Port, !port_unique);
                }
                CApdu::DataAvailable if t.dm == DmClient::Connect => {
                    let n = t.last_notification;
                    fire(
                        Monitor::SessionOtherServer,
                        n == Some(Notification::OtherServer),
                    );
                    fire(
                        Monitor::SessionBadDigest,
                        n == Some(Notification::BadDigest),
                    );
                    fire(
                        Monitor::SessionWrongVersion,
                        n == Some(Notification::WrongVersion),
                    );
                }
                CApdu::Response { cmd, result, data } => {
                    fire(Monitor::TrOnce, t.fetched.is_none_or(|f| f.cmd != cmd));
                    if let Some(f) = t.fetched.filter(|f| f.cmd == cmd) {
                        fire(
                            Monitor::CorruptResult,
                            f.corruption.is_some_and(|c| c.result() != result),
                        );
                    }
                    fire(Monitor::AppAddr, data == Some(DmPkg::Misaddressed));
                    fire(Monitor::SessionId, data == Some(DmPkg::WrongSession));
                    let bip = t.profile.is_some_and(|p| p.bip);
                    let sms = t.profile.is_some_and(|p| p.sms);
                    fire(
                        Monitor::Offline,
                        cmd == ProCmd::OpenTsm && result == TrResult::Beyond && bip,
                    );
                    fire(
                        Monitor::Sms,
                        cmd == ProCmd::SendSms && result == TrResult::Beyond && sms,
                    );
                }
                _ => {}
            },
            Action::Answer { rapdu } => match rapdu {
                RApdu::Pending => fire(Monitor::CorruptAnswer, s.corrupted_to_uicc),
                RApdu::Command { cmd } => {
                    let part_of_open = (cmd == ProCmd::SendDmPart
                        && matches!(u.open, Some(ProCmd::SendDm { .. })))
                        || (cmd == ProCmd::SendSms && u.may_go_online);
                    fire(Monitor::FetchPending, u.open != Some(cmd) && !part_of_open);
                    let p = u.profile.unwrap_or(Profile {
                        bip: false,
                        sms: false,
                    });
                    fire(
                        Monitor::Profile,
                        (needs_bip(cmd) && !p.bip) || (cmd == ProCmd::SendSms && !p.sms),
                    );
                    // A command announced before a link-dropped event may still go out (the
                    // terminal answers 3A 02): "before open" is the rule.
                    fire(
                        Monitor::SendBeforeOpen,
                        cmd == ProCmd::SendNotification && !u.tsm_open && !u.tsm_dropped,
                    );
                }
                _ => {}
            },
            _ => {}
        }
        fired
    }

    /// Monitors judged on the state after a transition.
    fn post_monitor(prev: &State, next: &State, action: &Action) -> u32 {
        let mut fired = 0;
        if let Action::Send {
            apdu:
                CApdu::Response {
                    cmd: ProCmd::SendNotification,
                    result: TrResult::Ok,
                    ..
                },
        } = action
        {
            if next.terminal.last_notification.is_none() {
                fired |= Monitor::Convey.bit();
            }
            let replaced = prev
                .terminal
                .fetched
                .is_some_and(|f| f.notification.is_some());
            if !replaced && next.terminal.last_notification != Some(Notification::Valid) {
                fired |= Monitor::Pkg0.bit();
            }
        }
        fired
    }
}

impl Model for DmTriggerModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        vec![State::default()]
    }

    fn actions(&self, s: &State, out: &mut Vec<Action>) {
        if s.halted {
            // The UICC is out of step after a corrupted command APDU: the terminal still sends
            // the one C-APDU it owes, which nothing answers.
            self.terminal_actions(s, out);
            return;
        }
        self.environment_actions(s, out);
        self.terminal_actions(s, out);
        if let Some(apdu) = s.c_wire {
            out.push(Action::Receive {
                apdu,
                corruption: None,
            });
            if self.config.negatives && Self::corruptible(apdu) {
                for c in Corruption::ALL {
                    out.push(Action::Receive {
                        apdu,
                        corruption: Some(c),
                    });
                }
            }
        }
        if let Some(rapdu) = s.uicc.owes {
            out.push(Action::Answer { rapdu });
            if s.uicc.may_give_up {
                out.push(Action::Answer { rapdu: RApdu::Ok });
            }
            if s.uicc.may_go_online {
                out.push(Action::Answer {
                    rapdu: RApdu::Command {
                        cmd: ProCmd::SendSms,
                    },
                });
            }
            if s.uicc.may_split {
                out.push(Action::Answer {
                    rapdu: RApdu::Command {
                        cmd: ProCmd::SendDmPart,
                    },
                });
            }
            if s.corrupted_to_uicc && rapdu == RApdu::Error {
                out.push(Action::Answer { rapdu: RApdu::Ok });
            }
        }
        if let Some(rapdu) = s.r_wire {
            out.push(Action::Deliver {
                rapdu,
                corruption: None,
                notification: None,
            });
            if self.config.negatives
                && !s.corrupted_to_uicc
                && let RApdu::Command { cmd } = rapdu
                && Self::corruptible_command(cmd)
            {
                for c in Corruption::ALL {
                    out.push(Action::Deliver {
                        rapdu,
                        corruption: Some(c),
                        notification: None,
                    });
                }
                if cmd == ProCmd::OpenTsm && self.config.unregistered_port {
                    out.push(Action::Deliver {
                        rapdu,
                        corruption: Some(Corruption::UnregisteredPort),
                        notification: None,
                    });
                }
                if cmd == ProCmd::SendNotification {
                    for n in Notification::INVALID {
                        out.push(Action::Deliver {
                            rapdu,
                            corruption: None,
                            notification: Some(n),
                        });
                    }
                }
            }
        }
    }

    fn next_state(&self, s: &State, action: Action) -> Option<State> {
        let mut n = s.clone();
        n.monitor |= self.monitor(s, &action);
        match action {
            Action::PowerOn => n.terminal.on = true,
            Action::TimeElapsed => {
                n.terminal.timer = Timer::Expired;
                n.terminal.woke = true;
            }
            Action::LinkLost => {
                n.terminal.channel = Channel::DroppedOwed;
            }
            Action::SmsArrives {
                origin,
                notification,
            } => {
                let route = match origin {
                    SmsOrigin::Own => {
                        n.terminal.sms_in_flight = false;
                        Route::Online
                    }
                    SmsOrigin::Remote => {
                        n.remote_sent = true;
                        Route::Remote
                    }
                };
                self.notify(&mut n, notification, route);
            }
            Action::Send { apdu } => {
                n.c_wire = Some(apdu);
                self.terminal_send(&mut n, apdu);
            }
            Action::Receive { apdu, corruption } => {
                n.c_wire = None;
                if corruption.is_some() {
                    n.corrupted_to_uicc = true;
                    n.uicc.owes = Some(RApdu::Error);
                } else {
                    self.uicc_receive(&mut n, apdu);
                }
            }
            Action::Answer { rapdu } => {
                n.uicc.owes = None;
                if n.uicc.may_go_online {
                    n.uicc.may_go_online = false;
                    if rapdu
                        == (RApdu::Command {
                            cmd: ProCmd::SendSms,
                        })
                    {
                        n.uicc.open = Some(ProCmd::SendSms);
                    }
                }
                if n.uicc.may_split {
                    n.uicc.may_split = false;
                    if let (
                        RApdu::Command {
                            cmd: ProCmd::SendDmPart,
                        },
                        Some(whole),
                    ) = (rapdu, n.uicc.open)
                    {
                        n.uicc.open = Some(ProCmd::SendDmPart);
                        n.uicc.queue.insert(0, whole);
                        n.uicc.parts = n.uicc.parts.saturating_add(1);
                    }
                }
                if n.uicc.may_give_up {
                    n.uicc.may_give_up = false;
                    if rapdu == RApdu::Ok {
                        n.uicc.queue.clear();
                        n.uicc.announced = false;
                        n.uicc.trigger = Trigger::Failed;
                    }
                }
                n.r_wire = Some(rapdu);
            }
            Action::Deliver {
                rapdu,
                corruption,
                notification,
            } => {
                n.r_wire = None;
                n.terminal.waiting = false;
                if s.corrupted_to_uicc {
                    n.halted = true;
                } else {
                    match rapdu {
                        RApdu::Pending => n.terminal.must_fetch = true,
                        RApdu::Command { cmd } => {
                            if corruption.is_some() || notification.is_some() {
                                n.corrupted_to_terminal = true;
                            }
                            n.terminal.fetched = Some(Fetched {
                                cmd,
                                corruption,
                                notification,
                            });
                        }
                        RApdu::Ok | RApdu::Error => {}
                    }
                }
            }
        }
        n.monitor |= Self::post_monitor(s, &n, &action);
        Some(n)
    }

    fn properties(&self) -> Vec<Property<Self>> {
        properties::for_config(&self.config)
    }
}

impl LabelledModel for DmTriggerModel {
    fn label(&self, action: &Action) -> ActionLabel {
        meta::label(action)
    }

    fn ics_items(&self) -> &'static [IcsItem] {
        &meta::ICS_ITEMS
    }

    fn context(&self, role: &str, s: &State, action: &Action) -> String {
        let t = &s.terminal;
        let u = &s.uicc;
        // A negative stimulus is judged by its answer alone: one context for all.
        if meta::negative(action) {
            return String::new();
        }
        if role == meta::Role::Uicc.name() {
            format!(
                "trigger {:?}, open {:?}, channel 2 {}, dm client {}",
                u.trigger,
                u.open,
                if u.tsm_open { "open" } else { "closed" },
                if u.dm_registered {
                    "registered"
                } else {
                    "unknown"
                }
            )
        } else if role == meta::Role::Terminal.name() {
            format!(
                "dm client {:?}, channel 2 {:?}, timer {:?}, {}",
                t.dm,
                t.channel,
                t.timer,
                if t.fetched.is_some() {
                    "command fetched"
                } else if t.must_fetch {
                    "command pending"
                } else {
                    "no command"
                }
            )
        } else {
            String::new()
        }
    }

    fn describe(&self, action: &Action) -> String {
        describe(action)
    }

    fn explain(&self, s: &State, action: &Action) -> Option<&'static str> {
        let fired = self.monitor(s, action);
        // The monitor of the answers to negative stimuli: an OPEN CHANNEL on an unregistered
        // port breaks BIP-PORT, not the coding rules.
        if fired & Monitor::CorruptResult.bit() != 0
            && s.terminal.fetched.and_then(|f| f.corruption) == Some(Corruption::UnregisteredPort)
        {
            return Some(req::BIP_PORT);
        }
        if let Some(m) = Monitor::ALL.iter().find(|m| fired & m.bit() != 0) {
            return Some(m.requirement());
        }
        match *action {
            Action::Send { apdu } => {
                let t = &s.terminal;
                match apdu {
                    CApdu::Response { cmd, result, .. } => match result {
                        TrResult::NotUnderstood => Some(req::NOT_UNDERSTOOD),
                        TrResult::Missing => Some(req::MISSING),
                        TrResult::Beyond => Some(req::PROFILE),
                        TrResult::PortNotAvailable => Some(req::BIP_PORT),
                        TrResult::ChannelClosed => Some(req::BIP_SEND_OPEN),
                        TrResult::Ok if cmd == ProCmd::OpenTsm => Some(req::TSM),
                        TrResult::Ok => Some(req::TR_ONCE),
                    },
                    CApdu::DataAvailable => Some(if t.last_notification.is_none() {
                        req::SERVERID
                    } else {
                        req::AD_REMOTE
                    }),
                    CApdu::Register { .. } => Some(req::CLASS_K),
                    CApdu::TimerExpiration => Some(req::TIMER),
                    CApdu::LinkDropped => Some(req::BIP_LINK_DROPPED),
                    CApdu::ScwsStatus { .. } => Some(req::EVENT_LIST),
                    CApdu::Profile { .. } => Some(req::PROFILE),
                    CApdu::Fetch => Some(req::FETCH_PENDING),
                }
            }
            Action::Answer { rapdu } => match rapdu {
                RApdu::Command { cmd } => Some(meta::command_requirement(cmd)),
                RApdu::Pending | RApdu::Ok | RApdu::Error => Some(req::SW_91XX),
            },
            _ => None,
        }
    }
}

/// `action` in plain words.
pub fn describe(action: &Action) -> String {
    match *action {
        Action::PowerOn => "the user switches the terminal on".to_owned(),
        Action::TimeElapsed => "timer 1 runs down".to_owned(),
        Action::LinkLost => "the link of channel 2 drops".to_owned(),
        Action::SmsArrives {
            origin,
            notification,
        } => format!(
            "{} SMS with a notification ({}) reaches the terminal",
            match origin {
                SmsOrigin::Own => "the terminal's own",
                SmsOrigin::Remote => "the network's",
            },
            notification_words(notification)
        ),
        Action::Send { apdu } => format!("the terminal sends {}", capdu_words(apdu)),
        Action::Receive { apdu, corruption } => format!(
            "the UICC receives {}{}",
            capdu_words(apdu),
            corruption
                .map(|c| format!(", corrupted ({})", corruption_words(c)))
                .unwrap_or_default()
        ),
        Action::Answer { rapdu } => format!("the UICC answers {}", rapdu_words(rapdu)),
        Action::Deliver {
            rapdu,
            corruption,
            notification,
        } => format!(
            "the terminal receives {}{}{}",
            rapdu_words(rapdu),
            corruption
                .map(|c| format!(", corrupted ({})", corruption_words(c)))
                .unwrap_or_default(),
            notification
                .map(|n| format!(", carrying a notification with {}", notification_words(n)))
                .unwrap_or_default()
        ),
    }
}

fn notification_words(n: Notification) -> &'static str {
    match n {
        Notification::Valid => "the DM_SC Server's ServerID, valid digest",
        Notification::OtherServer => "another ServerID",
        Notification::BadDigest => "a digest that does not verify",
        Notification::WrongVersion => "an unsupported version",
    }
}

fn corruption_words(c: Corruption) -> &'static str {
    match c {
        Corruption::MalformedTlv => "a malformed TLV",
        Corruption::MissingMandatory => "a mandatory object missing",
        Corruption::UnknownCr => "an unknown comprehension-required object",
        Corruption::UnregisteredPort => "a port no application registered",
    }
}

/// A proactive command in words.
pub fn command_words(cmd: ProCmd) -> &'static str {
    match cmd {
        ProCmd::SetUpEventList => "SET UP EVENT LIST (data available, channel status)",
        ProCmd::OpenScws => "OPEN CHANNEL (UICC server mode, port 4116)",
        ProCmd::StartTimer => "TIMER MANAGEMENT (start timer 1)",
        ProCmd::OpenTsm => "OPEN CHANNEL (terminal server mode, the DM Client's port)",
        ProCmd::SendNotification => "SEND DATA (channel 2, the notification)",
        ProCmd::CloseTsm => "CLOSE CHANNEL (channel 2)",
        ProCmd::SendSms => "SEND SHORT MESSAGE (the notification to the device's own number)",
        ProCmd::ReceiveData => "RECEIVE DATA (channel 1)",
        ProCmd::SendDm {
            pkg: DmPkg::Provisioning,
        } => "SEND DATA (channel 1, DM package 2: provisioning data)",
        ProCmd::SendDm { pkg: DmPkg::Final } => "SEND DATA (channel 1, DM package 4: session end)",
        ProCmd::SendDm { .. } => "SEND DATA (channel 1)",
        ProCmd::SendDmPart => "SEND DATA (channel 1, a part of a DM package, more to come)",
    }
}

fn result_words(r: TrResult) -> &'static str {
    match r {
        TrResult::Ok => "successful",
        TrResult::PortNotAvailable => "3A 10 port not available",
        TrResult::ChannelClosed => "3A 02 channel closed",
        TrResult::Beyond => "30 beyond terminal's capabilities",
        TrResult::NotUnderstood => "32 command data not understood",
        TrResult::Missing => "36 required values missing",
    }
}

fn pkg_words(p: DmPkg) -> &'static str {
    match p {
        DmPkg::ClientInit => "DM package 1 (client initialisation)",
        DmPkg::Provisioning => "DM package 2 (provisioning data)",
        DmPkg::Results => "DM package 3 (results)",
        DmPkg::Final => "DM package 4 (session end)",
        DmPkg::Misaddressed => "a DM package to an address other than the AppAddr",
        DmPkg::WrongSession => "a DM package with another sessionid",
        DmPkg::Part => "a part of a DM package, more to come",
    }
}

fn capdu_words(apdu: CApdu) -> String {
    match apdu {
        CApdu::Profile { profile } => format!(
            "TERMINAL PROFILE ({} BIP, {} SMS)",
            if profile.bip { "with" } else { "without" },
            if profile.sms { "with" } else { "without" }
        ),
        CApdu::Register {
            app_type_07,
            port_unique,
        } => format!(
            "ENVELOPE (TERMINAL APPLICATIONS) registering the DM Client{}{}",
            if app_type_07 {
                ""
            } else {
                ", application type not 07"
            },
            if port_unique { "" } else { ", port not unique" }
        ),
        CApdu::TimerExpiration => "ENVELOPE (TIMER EXPIRATION, timer 1)".to_owned(),
        CApdu::DataAvailable => "ENVELOPE (EVENT DOWNLOAD, data available on channel 1)".to_owned(),
        CApdu::LinkDropped => {
            "ENVELOPE (EVENT DOWNLOAD, channel status: channel 2 link dropped)".to_owned()
        }
        CApdu::ScwsStatus { established } => format!(
            "ENVELOPE (EVENT DOWNLOAD, channel status: channel 1 {})",
            if established { "established" } else { "listen" }
        ),
        CApdu::Fetch => "FETCH".to_owned(),
        CApdu::Response { cmd, result, data } => format!(
            "TERMINAL RESPONSE to {}: {}{}",
            command_words(cmd),
            result_words(result),
            data.map(|p| format!(", with {}", pkg_words(p)))
                .unwrap_or_default()
        ),
    }
}

fn rapdu_words(r: RApdu) -> String {
    match r {
        RApdu::Ok => "90 00".to_owned(),
        RApdu::Pending => "91 xx (a proactive command pending)".to_owned(),
        RApdu::Command { cmd } => command_words(cmd).to_owned(),
        RApdu::Error => "an error status word".to_owned(),
    }
}

impl LivenessModel for DmTriggerModel {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        vec![
            Liveness {
                name: "every wake-up leads to a trigger or a reported failure",
                requirement: req::NOTIFY,
                instances: 1,
                trigger: |_, s, _| s.uicc.trigger == Trigger::Woken,
                goal: |_, s, _| {
                    matches!(s.uicc.trigger, Trigger::Sent | Trigger::Failed) || s.corrupted_to_uicc
                },
                fair: &[],
            },
            Liveness {
                name: "every valid notification leads to a DM session with the DM_SC Server",
                requirement: req::SERVERID,
                instances: 1,
                trigger: |_, s, _| s.terminal.dm == DmClient::Connect,
                goal: |_, s, _| {
                    s.terminal.dm == DmClient::Idle
                        || s.corrupted_to_uicc
                        || s.corrupted_to_terminal
                },
                fair: &[],
            },
            Liveness {
                name: "every opened channel is eventually closed",
                requirement: req::BIP_CLOSE,
                instances: 1,
                trigger: |_, s, _| s.terminal.channel == Channel::Open,
                goal: |_, s, _| s.terminal.channel != Channel::Open || s.corrupted_to_uicc,
                fair: &[],
            },
        ]
    }
}
