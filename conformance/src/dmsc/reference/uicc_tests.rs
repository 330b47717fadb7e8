//! Known-answer tests of the reference UICC in the style of TS 31.124 "expected sequences"
//! (C-APDU, then the R-APDU the card must give), a test terminal that completes proactive sessions
//! so that every mutant's deviation shows on the wire, and a property test that no input panics.

use std::collections::BTreeMap;

use proptest::prelude::*;
use pushwake_codecs::cat::profile::Facility;
use pushwake_codecs::cat::{CommandType, ProactiveCommand, TerminalProfile};
use pushwake_codecs::hex;
use pushwake_codecs::pkg0::{self, Package0};
use pushwake_codecs::sms::TriggerSms;
use rstest::rstest;

use super::uicc::{Note, ReferenceUicc, TriggerMethod, UiccConfig, WakeReason, facility};
use super::uicc_mutants::{UiccMutant, UiccTriggerMutant, UiccWakeupMutant};
use crate::dmsc::Card;
use crate::dmsc::conventions as conv;

fn fh(s: &str) -> Vec<u8> {
    hex::decode_spaced(s).expect("test hex")
}

/// Every facility the reference may use.
fn full_profile() -> Vec<u8> {
    let mut f: Vec<Facility> = Facility::ALL.to_vec();
    f.extend([
        facility::TIMER_EXPIRATION,
        facility::SEND_SHORT_MESSAGE,
        facility::SET_UP_EVENT_LIST,
        facility::TIMER_MANAGEMENT,
    ]);
    TerminalProfile::with(&f).bytes.0
}

fn profile_without(missing: &[Facility]) -> Vec<u8> {
    let mut f: Vec<Facility> = Facility::ALL.to_vec();
    f.extend([
        facility::TIMER_EXPIRATION,
        facility::SEND_SHORT_MESSAGE,
        facility::SET_UP_EVENT_LIST,
        facility::TIMER_MANAGEMENT,
    ]);
    f.retain(|x| !missing.contains(x));
    TerminalProfile::with(&f).bytes.0
}

fn apdu(ins: u8, data: &[u8], le: Option<u8>) -> Vec<u8> {
    let mut out = vec![0x80, ins, 0x00, 0x00];
    if !data.is_empty() {
        out.push(u8::try_from(data.len()).expect("short"));
        out.extend_from_slice(data);
    }
    if let Some(le) = le {
        out.push(le);
    }
    out
}

fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if value.len() > 0x7F {
        out.push(0x81);
    }
    out.push(u8::try_from(value.len()).expect("short"));
    out.extend_from_slice(value);
    out
}

/// A TERMINAL RESPONSE echoing `cmd`'s command details.
fn tr_for(cmd: &[u8], result: &[u8], objects: &[u8]) -> Vec<u8> {
    let c = ProactiveCommand::decode(cmd).expect("a proactive command");
    let d = c.command_details();
    let mut data = vec![0x81, 0x03, d.number, d.command_type.0, d.qualifier];
    data.extend_from_slice(&[0x82, 0x02, 0x82, 0x81]);
    data.extend(tlv(0x83, result));
    data.extend_from_slice(objects);
    apdu(0x14, &data, None)
}

fn dc_envelope(apps: &[(u16, u8, &str)]) -> Vec<u8> {
    let mut v = vec![0x82, 0x02, 0x82, 0x81];
    for (port, ty, name) in apps {
        let mut a = port.to_be_bytes().to_vec();
        a.extend_from_slice(&[conv::DM_CLIENT_NAME_DCS, *ty]);
        a.extend_from_slice(name.as_bytes());
        v.extend(tlv(0xF1, &a));
    }
    apdu(0xC2, &tlv(0xDC, &v), None)
}

fn timer_expiration() -> Vec<u8> {
    apdu(0xC2, &fh("D7 0C 82 02 82 81 A4 01 01 A5 03 00 00 03"), None)
}

fn location(mcc: u16, mnc: u16) -> Vec<u8> {
    let p = super::uicc::plmn_bytes(mcc, mnc);
    let mut v = fh("99 01 03 82 02 82 81 9B 01 00 93 07");
    v.extend_from_slice(&p);
    v.extend_from_slice(&[0x00, 0x01, 0x00, 0x01]);
    apdu(0xC2, &tlv(0xD6, &v), None)
}

fn call_control(number_bcd: &str) -> Vec<u8> {
    let mut v = fh("82 02 82 81");
    let mut a = vec![0x81];
    a.extend(fh(number_bcd));
    v.extend(tlv(0x86, &a));
    apdu(0xC2, &tlv(0xD4, &v), None)
}

fn data_available(channel: u8, len: u8) -> Vec<u8> {
    apdu(
        0xC2,
        &[
            0xD6,
            0x0E,
            0x99,
            0x01,
            0x09,
            0x82,
            0x02,
            0x82,
            0x81,
            0xB8,
            0x02,
            0x80 | channel,
            0x00,
            0xB7,
            0x01,
            len,
        ],
        None,
    )
}

fn link_dropped(channel: u8) -> Vec<u8> {
    apdu(
        0xC2,
        &[
            0xD6, 0x0B, 0x99, 0x01, 0x0A, 0x82, 0x02, 0x82, 0x81, 0xB8, 0x02, channel, 0x05,
        ],
        None,
    )
}

fn status() -> Vec<u8> {
    fh("80 F2 00 0C")
}

fn sw_of(r: &[u8]) -> (u8, u8) {
    match r {
        [.., a, b] => (*a, *b),
        _ => (0, 0),
    }
}

/// A test terminal: completes each proactive session with success (or the scripted result), keeps
/// the whole APDU trace, plays a BIP gateway (channel ids from 1) and the DM Client's HTTP side.
struct Tb {
    card: ReferenceUicc,
    trace: Vec<(Vec<u8>, Vec<u8>)>,
    next_channel: u8,
    inbox: BTreeMap<u8, Vec<u8>>,
    outbox: BTreeMap<u8, Vec<u8>>,
    /// Scripted general results by command type, used once each (front first).
    script: Vec<(CommandType, Vec<u8>)>,
    /// Commands fetched, in order.
    fetched: Vec<Vec<u8>>,
}

impl Tb {
    fn new(config: UiccConfig, mutant: Option<UiccMutant>) -> Self {
        Self {
            card: ReferenceUicc::with_mutant(config, mutant),
            trace: Vec::new(),
            next_channel: 1,
            inbox: BTreeMap::new(),
            outbox: BTreeMap::new(),
            script: Vec::new(),
            fetched: Vec::new(),
        }
    }

    fn tx(&mut self, c: &[u8]) -> Vec<u8> {
        let r = self.card.transmit(c);
        self.trace.push((c.to_vec(), r.clone()));
        r
    }

    /// Send `c`, then complete whatever proactive session it starts.
    fn run(&mut self, c: &[u8]) -> Vec<u8> {
        let r = self.tx(c);
        self.drain(r.clone());
        r
    }

    fn drain(&mut self, mut r: Vec<u8>) {
        for _ in 0..64 {
            let (s1, s2) = sw_of(&r);
            if s1 != 0x91 {
                return;
            }
            let f = self.tx(&apdu(0x12, &[], Some(s2)));
            let cmd = f
                .get(..f.len().saturating_sub(2))
                .unwrap_or_default()
                .to_vec();
            if sw_of(&f) != (0x90, 0x00) {
                return;
            }
            self.fetched.push(cmd.clone());
            let tr = self.respond(&cmd);
            r = self.tx(&tr);
        }
    }

    fn respond(&mut self, cmd: &[u8]) -> Vec<u8> {
        let Ok(c) = ProactiveCommand::decode(cmd) else {
            return tr_for(cmd, &[0x32], &[]);
        };
        let ty = c.command_type();
        if let Some(i) = self.script.iter().position(|(t, _)| *t == ty) {
            let (_, result) = self.script.remove(i);
            return tr_for(cmd, &result, &[]);
        }
        match c {
            ProactiveCommand::OpenChannel(_) => {
                let ch = self.next_channel;
                self.next_channel += 1;
                let mut o = tlv(0xB8, &[0x80 | ch, 0x00]);
                o.extend(tlv(0xB9, &conv::BUFFER_SIZE.to_be_bytes()));
                tr_for(cmd, &[0x00], &o)
            }
            ProactiveCommand::SendData(s) => {
                let ch = s
                    .device_identities
                    .destination
                    .channel_number()
                    .unwrap_or(0);
                self.outbox
                    .entry(ch)
                    .or_default()
                    .extend_from_slice(&s.channel_data.data.0);
                tr_for(cmd, &[0x00], &tlv(0xB7, &[0xFF]))
            }
            ProactiveCommand::ReceiveData(r) => {
                let ch = r
                    .device_identities
                    .destination
                    .channel_number()
                    .unwrap_or(0);
                let inbox = self.inbox.entry(ch).or_default();
                let n = usize::from(r.channel_data_length.length).min(inbox.len());
                let chunk: Vec<u8> = inbox.drain(..n).collect();
                let left = u8::try_from(inbox.len().min(255)).unwrap_or(255);
                let mut o = tlv(0xB6, &chunk);
                o.extend(tlv(0xB7, &[left]));
                tr_for(cmd, &[0x00], &o)
            }
            _ => tr_for(cmd, &[0x00], &[]),
        }
    }

    /// The DM Client sends `request` on the SCWS channel.
    fn http(&mut self, channel: u8, request: &[u8]) {
        self.inbox
            .entry(channel)
            .or_default()
            .extend_from_slice(request);
        let n = u8::try_from(request.len().min(255)).unwrap_or(255);
        self.run(&data_available(channel, n));
    }

    fn fetched_types(&self) -> Vec<u8> {
        self.fetched
            .iter()
            .map(|c| {
                ProactiveCommand::decode(c)
                    .map(|p| p.command_type().0)
                    .unwrap_or(0)
            })
            .collect()
    }
}

fn dm_request(session: &str, body_extra: &str) -> Vec<u8> {
    let body = format!(
        "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>{session}</SessionID><MsgID>1</MsgID><Target><LocURI>{}</LocURI></Target><Source><LocURI>IMEI:001</LocURI></Source></SyncHdr><SyncBody>{body_extra}<Final/></SyncBody></SyncML>",
        conv::APP_ADDR_BIP_IPV4
    );
    format!(
        "POST /OMA/DM HTTP/1.1\r\nHost: 127.0.0.1:4116\r\nContent-Type: application/vnd.syncml.dm+xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

const ALERT: &str = "<Alert><CmdID>1</CmdID><Data>1200</Data></Alert>";
const RESULTS: &str = "<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>2</CmdRef><Cmd>Replace</Cmd><Data>200</Data></Status>";

// ---- TS 31.124-style expected sequences ----

/// Power on, profile download, the three registrations (no wake-up at power on).
#[rstest]
#[case::profile("TERMINAL PROFILE", None, "91 10")]
#[case::fetch_event_list(
    "FETCH",
    Some("80 12 00 00 10"),
    "D0 0E 81 03 01 05 00 82 02 81 82 99 03 03 09 0A 90 00"
)]
#[case::tr_event_list(
    "TERMINAL RESPONSE",
    Some("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00"),
    "91 13"
)]
#[case::fetch_timer(
    "FETCH",
    Some("80 12 00 00 13"),
    "D0 11 81 03 02 27 00 82 02 81 82 A4 01 01 A5 03 00 00 03 90 00"
)]
#[case::tr_timer(
    "TERMINAL RESPONSE",
    Some("80 14 00 00 0C 81 03 02 27 00 82 02 82 81 83 01 00"),
    "91 14"
)]
#[case::fetch_scws(
    "FETCH",
    Some("80 12 00 00 14"),
    "D0 12 81 03 03 40 00 82 02 81 82 B9 02 05 DC BC 03 03 10 14 90 00"
)]
#[case::tr_scws(
    "TERMINAL RESPONSE",
    Some("80 14 00 00 14 81 03 03 40 00 82 02 82 81 83 01 00 B8 02 81 00 B9 02 05 DC"),
    "90 00"
)]
#[case::fetch_nothing("FETCH", Some("80 12 00 00 01"), "69 85")]
#[case::status_idle("STATUS", Some("80 F2 00 0C"), "90 00")]
fn power_on_expected_sequence(
    #[case] step: &str,
    #[case] command: Option<&str>,
    #[case] expected: &str,
) {
    // Replay every step up to and including this one; check this one's answer.
    let steps: [(&str, Option<&str>); 9] = [
        ("TERMINAL PROFILE", None),
        ("FETCH", Some("80 12 00 00 10")),
        (
            "TERMINAL RESPONSE",
            Some("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00"),
        ),
        ("FETCH", Some("80 12 00 00 13")),
        (
            "TERMINAL RESPONSE",
            Some("80 14 00 00 0C 81 03 02 27 00 82 02 82 81 83 01 00"),
        ),
        ("FETCH", Some("80 12 00 00 14")),
        (
            "TERMINAL RESPONSE",
            Some("80 14 00 00 14 81 03 03 40 00 82 02 82 81 83 01 00 B8 02 81 00 B9 02 05 DC"),
        ),
        ("FETCH", Some("80 12 00 00 01")),
        ("STATUS", Some("80 F2 00 0C")),
    ];
    let config = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    let mut card = ReferenceUicc::new(config);
    assert_eq!(card.reset(), super::uicc::ATR);
    let upto = steps
        .iter()
        .position(|(s, c)| *s == step && *c == command)
        .expect("step in the table");
    let mut last = Vec::new();
    for (_, c) in steps.iter().take(upto + 1) {
        let c = c.map_or_else(|| apdu(0x10, &full_profile(), None), fh);
        last = card.transmit(&c);
    }
    assert_eq!(hex::encode_upper(&last), hex::encode_upper(&fh(expected)));
}

fn expected_pkg0() -> Vec<u8> {
    Package0 {
        digest: pkg0::Digest([0; 16]),
        version: pkg0::Version(11),
        ui_mode: pkg0::UiMode::BACKGROUND,
        initiator: pkg0::Initiator::SERVER,
        future_use: 0,
        session_id: conv::SESSION_ID,
        server_identifier: conv::SERVER_ID.to_owned(),
        vendor_specific: Vec::new(),
    }
    .signed(conv::SERVER_PASSWORD, conv::SERVER_NONCE)
    .and_then(|p| p.encode())
    .expect("package")
}

/// The off-line trigger, byte for byte: registration of the DM Client, the timer wake-up, the
/// timer restarted, OPEN CHANNEL in terminal server mode on the registered port, SEND DATA with
/// the Package #0, CLOSE CHANNEL.
#[test]
fn offline_trigger_expected_sequence() {
    let config = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.run(&apdu(0x10, &full_profile(), None));
    assert_eq!(tb.fetched_types(), vec![0x05, 0x27, 0x40]);
    let pkg = expected_pkg0();
    assert_eq!(pkg.len(), 28);
    let send_data = {
        let mut v = fh("D0 27 81 03 06 43 01 82 02 81 22 B6 1C");
        v.extend_from_slice(&pkg);
        v.extend_from_slice(&[0x90, 0x00]);
        v
    };
    let steps: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            fh("80 C2 00 00 15 DC 13 82 02 82 81 F1 0D 1F 41 04 07 44 4D 20 43 6C 69 65 6E 74"),
            fh("90 00"),
        ),
        (timer_expiration(), fh("91 13")),
        (
            fh("80 12 00 00 13"),
            fh("D0 11 81 03 04 27 00 82 02 81 82 A4 01 01 A5 03 00 00 03 90 00"),
        ),
        (
            fh("80 14 00 00 0C 81 03 04 27 00 82 02 82 81 83 01 00"),
            fh("91 14"),
        ),
        (
            fh("80 12 00 00 14"),
            fh("D0 12 81 03 05 40 00 82 02 81 82 B9 02 05 DC BC 03 07 1F 41 90 00"),
        ),
        (
            fh("80 14 00 00 14 81 03 05 40 00 82 02 82 81 83 01 00 B8 02 82 00 B9 02 05 DC"),
            fh("91 29"),
        ),
        (fh("80 12 00 00 29"), send_data),
        (
            fh("80 14 00 00 0F 81 03 06 43 01 82 02 82 81 83 01 00 B7 01 FF"),
            fh("91 0B"),
        ),
        (
            fh("80 12 00 00 0B"),
            fh("D0 09 81 03 07 41 00 82 02 81 22 90 00"),
        ),
        (
            fh("80 14 00 00 0C 81 03 07 41 00 82 02 82 81 83 01 00"),
            fh("90 00"),
        ),
    ];
    for (i, (c, r)) in steps.iter().enumerate() {
        let got = tb.tx(c);
        assert_eq!(
            hex::encode_upper(&got),
            hex::encode_upper(r),
            "step {i}: {}",
            hex::encode_upper(c)
        );
    }
    // The notification is a General Package #0 whose digest verifies with the server's secret.
    pkg0::verify_digest(
        &pkg,
        conv::SERVER_ID.as_bytes(),
        conv::SERVER_PASSWORD,
        conv::SERVER_NONCE,
    )
    .expect("digest");
    assert!(tb.card.notes().contains(&Note::Notified {
        method: TriggerMethod::Offline
    }));
}

/// The whole remote flow of seed 002 after an off-line trigger: the DM Client's package 1 on the
/// SCWS, the provisioning data, the results, the end of the session.
#[test]
fn dm_session_over_scws() {
    let mut tb = Tb::new(UiccConfig::default(), None);
    tb.run(&apdu(0x10, &full_profile(), None));
    tb.run(&dc_envelope(&[(
        conv::DM_CLIENT_PORT,
        0x07,
        conv::DM_CLIENT_NAME,
    )]));
    // Registrations, then the power-on trigger: OPEN (TSM), SEND DATA, CLOSE.
    assert_eq!(tb.fetched_types(), vec![0x05, 0x27, 0x40, 0x40, 0x43, 0x41]);
    assert_eq!(
        tb.outbox.get(&2).cloned().unwrap_or_default(),
        expected_pkg0()
    );
    tb.http(1, &dm_request("1234", ALERT));
    let reply = String::from_utf8(tb.outbox.remove(&1).unwrap_or_default()).expect("utf8");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("<SessionID>1234</SessionID>"), "{reply}");
    assert!(reply.contains("<Replace>"), "{reply}");
    assert!(reply.contains(conv::APP_ADDR_BIP_IPV4), "{reply}");
    tb.http(1, &dm_request("1234", RESULTS));
    let reply = String::from_utf8(tb.outbox.remove(&1).unwrap_or_default()).expect("utf8");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(!reply.contains("<Replace>"), "{reply}");
    assert!(
        tb.card
            .notes()
            .contains(&Note::ResultsAccepted { ok: true })
    );
}

#[rstest]
#[case::wrong_session("4660", "127.0.0.1:4116", "/OMA/DM")]
#[case::wrong_host("1234", "127.0.0.1:80", "/OMA/DM")]
#[case::wrong_path("1234", "127.0.0.1:4116", "/")]
fn dm_session_rejects_bad_requests(#[case] session: &str, #[case] host: &str, #[case] path: &str) {
    let mut tb = Tb::new(UiccConfig::default(), None);
    tb.run(&apdu(0x10, &full_profile(), None));
    tb.run(&dc_envelope(&[(
        conv::DM_CLIENT_PORT,
        0x07,
        conv::DM_CLIENT_NAME,
    )]));
    let req = String::from_utf8(dm_request(session, ALERT))
        .expect("utf8")
        .replace("Host: 127.0.0.1:4116", &format!("Host: {host}"))
        .replace("POST /OMA/DM ", &format!("POST {path} "));
    tb.http(1, req.as_bytes());
    let reply = String::from_utf8(tb.outbox.remove(&1).unwrap_or_default()).expect("utf8");
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
}

#[test]
fn online_trigger_sends_the_push_to_the_own_msisdn() {
    let config = UiccConfig {
        trigger: TriggerMethod::Online,
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.run(&apdu(0x10, &full_profile(), None));
    let sms = tb
        .fetched
        .iter()
        .find_map(|c| match ProactiveCommand::decode(c) {
            Ok(ProactiveCommand::SendShortMessage(s)) => Some(s),
            _ => None,
        })
        .expect("SEND SHORT MESSAGE");
    assert_eq!(sms.device_identities.destination.0, 0x83);
    let t = TriggerSms::decode(&sms.sms_tpdu.tpdu.0).expect("trigger SMS");
    assert_eq!(t.tpdu.destination_address.digits, "15555550100");
    assert_eq!(t.notification.server_identifier, conv::SERVER_ID);
    assert_eq!(t.notification.session_id_hex(), "1234");
}

#[test]
fn offline_falls_back_to_online_on_result_30() {
    let mut tb = Tb::new(UiccConfig::default(), None);
    tb.script.push((CommandType::OPEN_CHANNEL, vec![0x00]));
    tb.run(&apdu(0x10, &full_profile(), None));
    tb.script.push((CommandType::OPEN_CHANNEL, vec![0x30]));
    tb.run(&dc_envelope(&[(
        conv::DM_CLIENT_PORT,
        0x07,
        conv::DM_CLIENT_NAME,
    )]));
    assert_eq!(tb.fetched_types().last(), Some(&0x13));
}

#[test]
fn envelope_during_proactive_session_is_busy_then_retried() {
    let mut tb = Tb::new(UiccConfig::default(), None);
    let r = tb.tx(&apdu(0x10, &full_profile(), None));
    assert_eq!(sw_of(&r).0, 0x91);
    assert_eq!(
        tb.tx(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")])),
        fh("93 00")
    );
    tb.drain(r);
    assert_eq!(
        tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]))[0],
        0x91
    );
    assert_eq!(tb.card.dm_client_port(), Some(conv::DM_CLIENT_PORT));
}

#[test]
fn busy_result_is_retried_at_the_next_status() {
    let config = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.script
        .push((CommandType::TIMER_MANAGEMENT, vec![0x20, 0x00]));
    tb.run(&apdu(0x10, &full_profile(), None));
    assert_eq!(tb.fetched_types(), vec![0x05, 0x27, 0x40]);
    tb.run(&status());
    assert_eq!(tb.fetched_types(), vec![0x05, 0x27, 0x40, 0x27]);
}

#[test]
fn profile_limits_the_registrations() {
    let config = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.run(&apdu(
        0x10,
        &profile_without(&[facility::TIMER_MANAGEMENT, Facility::EVENT_LOCATION_STATUS]),
        None,
    ));
    assert_eq!(tb.fetched_types(), vec![0x05, 0x40]);
    assert_eq!(
        tb.card.registered_events(),
        &[
            pushwake_codecs::cat::EventCode::DATA_AVAILABLE,
            pushwake_codecs::cat::EventCode::CHANNEL_STATUS
        ]
    );
}

#[rstest]
#[case::call_control_customer_care(call_control("16 F1"), Some(WakeReason::CallControl))]
#[case::call_control_other(call_control("21 43 F5"), None)]
#[case::roaming(location(262, 1), Some(WakeReason::Roaming))]
#[case::home(location(1, 1), None)]
#[case::timer(timer_expiration(), Some(WakeReason::Timer))]
fn wakeups(#[case] envelope: Vec<u8>, #[case] reason: Option<WakeReason>) {
    let config = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.run(&apdu(0x10, &full_profile(), None));
    tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
    let r = tb.run(&envelope);
    let woke: Vec<_> = tb
        .card
        .notes()
        .iter()
        .filter_map(|n| match n {
            Note::WokeUp { reason } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(woke, reason.into_iter().collect::<Vec<_>>());
    if reason.is_some() {
        assert_eq!(sw_of(&r).0, 0x91);
    } else {
        assert_eq!(r, fh("90 00"));
    }
}

#[rstest]
#[case::extended_length("80 10 00 00 00 00 01 FF", "67 00")]
#[case::lc_past_end("80 10 00 00 05 FF", "67 00")]
#[case::short_header("80 10", "67 00")]
#[case::wrong_class("00 10 00 00 01 FF", "6E 00")]
#[case::unknown_ins("80 99 00 00", "6D 00")]
#[case::profile_p1("80 10 01 00 01 FF", "6B 00")]
#[case::profile_no_data("80 10 00 00", "67 00")]
#[case::envelope_before_profile("80 C2 00 00 02 D7 00", "69 85")]
#[case::status_bad_p2("80 F2 00 05", "6B 00")]
fn malformed_apdus(#[case] c: &str, #[case] expected: &str) {
    let mut card = ReferenceUicc::default();
    card.reset();
    assert_eq!(card.transmit(&fh(c)), fh(expected));
}

#[rstest]
#[case::envelope_bad_tlv("80 C2 00 00 03 D6 05 99", "6A 80")]
#[case::envelope_unknown_cr_object("80 C2 00 00 08 D7 06 82 02 82 81 FE 00", "6A 80")]
#[case::tr_without_command("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00", "69 85")]
#[case::tr_bad_tlv("80 14 00 00 03 81 03 01", "6A 80")]
#[case::fetch_nothing("80 12 00 00 10", "69 85")]
#[case::fetch_no_le("80 12 00 00", "67 00")]
fn malformed_after_profile(#[case] c: &str, #[case] expected: &str) {
    let config = UiccConfig {
        wake_on_power_on: false,
        location_status: false,
        timer: false,
        scws: false,
        trigger: TriggerMethod::None,
        ..UiccConfig::default()
    };
    let mut card = ReferenceUicc::new(config);
    card.reset();
    assert_eq!(
        card.transmit(&apdu(0x10, &full_profile(), None)),
        fh("90 00")
    );
    assert_eq!(card.transmit(&fh(c)), fh(expected));
}

#[test]
fn fetch_with_wrong_le_gets_the_exact_length() {
    let mut card = ReferenceUicc::default();
    card.reset();
    assert_eq!(
        card.transmit(&apdu(0x10, &full_profile(), None)),
        fh("91 10")
    );
    assert_eq!(card.transmit(&fh("80 12 00 00 20")), fh("6C 10"));
    assert_eq!(card.transmit(&status()), fh("91 10"));
}

#[test]
fn status_wakes_on_the_nth_poll() {
    let config = UiccConfig {
        wake_on_power_on: false,
        status_wakeup_polls: Some(2),
        ..UiccConfig::default()
    };
    let mut tb = Tb::new(config, None);
    tb.run(&apdu(0x10, &full_profile(), None));
    tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
    assert_eq!(tb.tx(&status()), fh("90 00"));
    // The second poll wakes the server: OPEN CHANNEL in terminal server mode is pending.
    assert_eq!(tb.tx(&status()), fh("91 14"));
    assert!(tb.card.notes().contains(&Note::WokeUp {
        reason: WakeReason::Status
    }));
}

#[test]
fn terminal_response_must_echo_the_command() {
    let mut card = ReferenceUicc::new(UiccConfig::wakeup_only());
    card.reset();
    assert_eq!(
        card.transmit(&apdu(0x10, &full_profile(), None)),
        fh("91 0E")
    );
    let cmd = card.transmit(&fh("80 12 00 00 0E"));
    assert_eq!(sw_of(&cmd), (0x90, 0x00));
    // Another command number: refused, the fetched command still awaits its response.
    assert_eq!(
        card.transmit(&fh("80 14 00 00 0C 81 03 09 05 00 82 02 82 81 83 01 00")),
        fh("6A 80")
    );
    assert_eq!(
        card.transmit(&fh("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00")),
        fh("91 13")
    );
    // A second response to the same command: refused.
    assert_eq!(
        card.transmit(&fh("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00")),
        fh("69 85")
    );
}

#[test]
fn config_round_trips_as_json() {
    let c = UiccConfig::trigger_only(TriggerMethod::Online, false);
    let j = serde_json::to_string(&c).expect("json");
    assert!(j.contains("\"trigger\":\"online\""), "{j}");
    let back: UiccConfig = serde_json::from_str(&j).expect("back");
    assert_eq!(back, c);
    let partial: UiccConfig = serde_json::from_str("{\"scws\": false}").expect("partial");
    assert!(!partial.scws && partial.timer);
    assert!(serde_json::from_str::<UiccConfig>("{\"nope\": 1}").is_err());
}

// ---- every mutant shows on the wire ----

type Scenario = (&'static str, UiccConfig, fn(&mut Tb));

fn s(name: &'static str, config: UiccConfig, script: fn(&mut Tb)) -> Scenario {
    (name, config, script)
}

/// The scenarios the mutants are checked against: each returns the APDU trace.
fn scenarios() -> Vec<Scenario> {
    let quiet = UiccConfig {
        wake_on_power_on: false,
        ..UiccConfig::default()
    };
    vec![
        s(
            "power-on offline trigger and DM session",
            UiccConfig::default(),
            |tb| {
                tb.run(&apdu(0x10, &full_profile(), None));
                tb.run(&dc_envelope(&[
                    (0x0100, 0x03, "Browser"),
                    (conv::DM_CLIENT_PORT, 0x07, conv::DM_CLIENT_NAME),
                ]));
                tb.http(1, &dm_request("1234", ALERT));
                tb.http(1, &dm_request("1234", RESULTS));
            },
        ),
        s("timer twice, roaming, call control", quiet.clone(), |tb| {
            tb.run(&apdu(0x10, &full_profile(), None));
            tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
            tb.run(&timer_expiration());
            tb.run(&timer_expiration());
            tb.run(&location(262, 1));
            tb.run(&call_control("16 F1"));
            tb.run(&fh("80 12 00 00 10"));
            tb.run(&fh("80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00"));
        }),
        s(
            "no location status configured",
            UiccConfig {
                location_status: false,
                ..quiet.clone()
            },
            |tb| {
                tb.run(&apdu(0x10, &full_profile(), None));
                tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
                tb.run(&location(262, 1));
            },
        ),
        s(
            "busy terminal, envelope during session, status",
            quiet.clone(),
            |tb| {
                tb.script
                    .push((CommandType::SET_UP_EVENT_LIST, vec![0x20, 0x00]));
                let r = tb.tx(&apdu(0x10, &full_profile(), None));
                tb.tx(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
                tb.tx(&status());
                tb.drain(r);
                tb.run(&status());
                tb.run(&status());
            },
        ),
        s("small profile", quiet.clone(), |tb| {
            tb.run(&apdu(
                0x10,
                &profile_without(&[facility::TIMER_MANAGEMENT, facility::SET_UP_EVENT_LIST]),
                None,
            ));
        }),
        s(
            "port not available, then link dropped",
            UiccConfig::default(),
            |tb| {
                tb.run(&apdu(0x10, &full_profile(), None));
                tb.script
                    .push((CommandType::OPEN_CHANNEL, vec![0x3A, 0x10]));
                tb.run(&dc_envelope(&[(conv::DM_CLIENT_PORT, 0x07, "DM")]));
                // A second trigger by the timer; the terminal is busy for SEND DATA, then the
                // channel's link drops before the retry: the card closes the channel.
                tb.script.push((CommandType::SEND_DATA, vec![0x20, 0x00]));
                tb.run(&timer_expiration());
                tb.run(&link_dropped(2));
                tb.run(&status());
            },
        ),
        s(
            "undecodable envelope while idle",
            UiccConfig {
                wake_on_power_on: false,
                location_status: false,
                timer: false,
                call_control: false,
                trigger: TriggerMethod::None,
                scws: false,
                ..UiccConfig::default()
            },
            |tb| {
                tb.run(&apdu(0x10, &full_profile(), None));
                // An event download whose event list TLV runs past the end: 6A 80.
                tb.run(&apdu(0xC2, &[0xD6, 0x05, 0x99, 0x01], None));
            },
        ),
        s(
            "online trigger",
            UiccConfig {
                trigger: TriggerMethod::Online,
                ..UiccConfig::default()
            },
            |tb| {
                tb.run(&apdu(0x10, &full_profile(), None));
            },
        ),
    ]
}

fn trace_of(
    config: &UiccConfig,
    mutant: Option<UiccMutant>,
    script: fn(&mut Tb),
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut tb = Tb::new(config.clone(), mutant);
    tb.card.reset();
    script(&mut tb);
    tb.trace
}

#[test]
fn every_mutant_deviates_on_the_wire() {
    let references: Vec<_> = scenarios()
        .into_iter()
        .map(|(name, config, script)| (name, trace_of(&config, None, script)))
        .collect();
    let mut survivors = Vec::new();
    for m in UiccMutant::all() {
        let killed = scenarios().into_iter().zip(&references).any(
            |((_, config, script), (_, reference))| {
                trace_of(&config, Some(m), script) != *reference
            },
        );
        if !killed {
            survivors.push(m.name());
        }
    }
    assert!(
        survivors.is_empty(),
        "mutants with no visible deviation: {survivors:?}"
    );
}

#[test]
fn registries_name_requirements() {
    for m in UiccMutant::all() {
        let info = m.info();
        assert!(
            ["DMSC-", "DMNOTI-", "CAT-", "BIP-", "SMS-"]
                .iter()
                .any(|p| info.requirement.starts_with(p)),
            "{}",
            info.name
        );
    }
    assert_eq!(
        UiccMutant::from_name("wrong-le-in-91xx"),
        Some(UiccMutant::Wakeup(UiccWakeupMutant::WrongLeIn91xx))
    );
    assert_eq!(
        UiccMutant::from_name("bad-digest"),
        Some(UiccMutant::Trigger(UiccTriggerMutant::BadDigest))
    );
}

// ---- no input panics ----

fn cat_apdu() -> impl Strategy<Value = Vec<u8>> {
    let ins = prop::sample::select(vec![0x10u8, 0x12, 0x14, 0xC2, 0xF2, 0xA4, 0x00]);
    (
        ins,
        any::<u8>(),
        any::<u8>(),
        prop::collection::vec(any::<u8>(), 0..260),
        prop::option::of(any::<u8>()),
    )
        .prop_map(|(ins, p1, p2, data, le)| {
            let mut out = vec![0x80, ins, p1 & 0x03, p2 & 0x0F];
            if !data.is_empty() && data.len() <= 255 {
                out.push(u8::try_from(data.len()).unwrap_or(0));
                out.extend_from_slice(&data);
            } else {
                out.extend_from_slice(&data);
            }
            if let Some(le) = le {
                out.push(le);
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random bytes, random CAT-class APDUs, and random CAT messages in well-formed APDUs, in a
    /// sequence after a real profile: every answer is at least a status word.
    #[test]
    fn random_apdus_never_panic(
        raw in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 0..8),
        cat in prop::collection::vec(cat_apdu(), 0..16),
        mutant in prop::option::of(0usize..64),
    ) {
        let m = mutant.and_then(|i| UiccMutant::all().get(i).copied());
        let mut card = ReferenceUicc::with_mutant(UiccConfig::default(), m);
        card.reset();
        let r = card.transmit(&apdu(0x10, &full_profile(), None));
        prop_assert!(r.len() >= 2);
        for c in raw.iter().chain(cat.iter()) {
            let r = card.transmit(c);
            prop_assert!(r.len() >= 2, "{:02X?} -> {:02X?}", c, r);
            prop_assert!(r.len() <= 258);
        }
    }
}
