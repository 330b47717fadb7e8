//! The two reference implementations of the DM Smart Card roles, written independently from the
//! specifications, run against each other: the reference terminal's command APDUs go to the
//! reference UICC and its answers come back, as over a real UICC-terminal interface. Every
//! wake-up and trigger scenario must end where the DM_SC TS says: the DM Client in a completed DM
//! session with the DM_SC Server (off-line by BIP, on-line by SMS), or the wake-up registered. A
//! disagreement between the two readings of the specification fails here before any suite runs.

use pushwake_conformance::dmsc::Card;
use pushwake_conformance::dmsc::conventions;
use pushwake_conformance::dmsc::event::{Event, Service};
use pushwake_conformance::dmsc::reference::terminal::{
    ChannelMode, NotificationVerdict, ReferenceTerminal, SessionPhase, TerminalConfig,
};
use pushwake_conformance::dmsc::reference::uicc::{ReferenceUicc, TriggerMethod, UiccConfig};

/// Most APDU exchanges one stimulus may cause: a loop between the two is a bug.
const MAX_EXCHANGES: usize = 200;

/// Deliver `event` to the terminal, then carry APDUs until the terminal has nothing to send.
/// Returns the exchanges (C-APDU, R-APDU).
fn run(t: &mut ReferenceTerminal, u: &mut ReferenceUicc, event: Event) -> Vec<(Vec<u8>, Vec<u8>)> {
    t.handle_event(event);
    let mut log = Vec::new();
    while let Some(c) = t.poll_command() {
        let r = u.transmit(&c);
        t.handle_response(&r);
        log.push((c, r));
        assert!(
            log.len() < MAX_EXCHANGES,
            "the references loop: {:02x?}",
            &log[log.len() - 4..]
        );
    }
    log
}

fn pair(tc: TerminalConfig, uc: UiccConfig) -> (ReferenceTerminal, ReferenceUicc) {
    (ReferenceTerminal::new(tc), ReferenceUicc::new(uc))
}

fn completed_sessions(t: &ReferenceTerminal) -> usize {
    t.dm_sessions()
        .iter()
        .filter(|s| s.phase == SessionPhase::Completed)
        .count()
}

fn sw(r: &[u8]) -> [u8; 2] {
    let n = r.len();
    [r[n - 2], r[n - 1]]
}

#[test]
fn power_on_offline_trigger_ends_in_a_completed_dm_session() {
    let (mut t, mut u) = pair(TerminalConfig::default(), UiccConfig::default());
    let log = run(&mut t, &mut u, Event::PowerOn);
    // The card never answers with an error status word to a well-behaved terminal.
    for (c, r) in &log {
        let s = sw(r);
        assert!(
            s == [0x90, 0x00] || s[0] == 0x91 || s[0] == 0x93,
            "{c:02x?} answered {r:02x?}"
        );
    }
    assert_eq!(completed_sessions(&t), 1, "sessions: {:?}", t.dm_sessions());
    let session = &t.dm_sessions()[0];
    assert_eq!(session.session_id, conventions::SESSION_ID);
    assert!(matches!(
        t.notifications().first(),
        Some((_, NotificationVerdict::Accepted { .. }))
    ));
    assert!(
        !t.provisioned().is_empty(),
        "the provisioning data reached the DM Client"
    );
    // Every channel the trigger opened in terminal server mode is closed again.
    assert!(
        t.channels()
            .iter()
            .all(|c| matches!(c.mode, ChannelMode::UiccServer { .. })),
        "channels left: {:?}",
        t.channels()
    );
}

#[test]
fn online_trigger_by_sms_ends_in_a_completed_dm_session() {
    let (mut t, mut u) = pair(
        TerminalConfig::default(),
        UiccConfig::trigger_only(TriggerMethod::Online, false),
    );
    run(&mut t, &mut u, Event::PowerOn);
    // The card's SEND SHORT MESSAGE goes to the network; it comes back over the air to the device.
    let sent = t.sent_short_messages().to_vec();
    assert_eq!(sent.len(), 1, "one SMS carries the notification");
    run(
        &mut t,
        &mut u,
        Event::Sms {
            tpdu: pushwake_codecs::hex::encode_lower(&sent[0]),
        },
    );
    assert_eq!(completed_sessions(&t), 1, "sessions: {:?}", t.dm_sessions());
}

#[test]
fn a_terminal_without_bip_gets_the_online_trigger() {
    let tc = TerminalConfig {
        bip: false,
        terminal_server_mode: false,
        ..TerminalConfig::default()
    };
    let (mut t, mut u) = pair(tc, UiccConfig::default());
    run(&mut t, &mut u, Event::PowerOn);
    assert_eq!(
        t.sent_short_messages().len(),
        1,
        "fallback to SEND SHORT MESSAGE"
    );
}

#[test]
fn timer_expiration_wakes_the_server_again() {
    let (mut t, mut u) = pair(TerminalConfig::default(), UiccConfig::default());
    run(&mut t, &mut u, Event::PowerOn);
    let before = t.notifications().len();
    run(
        &mut t,
        &mut u,
        Event::TimeElapsed {
            seconds: conventions::WAKEUP_TIMER_SECS,
        },
    );
    assert!(
        t.notifications().len() > before,
        "a timer expiration leads to a new notification: {:?}",
        t.notifications()
    );
}

#[test]
fn roaming_and_customer_care_call_wake_the_server() {
    for event in [
        Event::Location {
            mcc: conventions::VISITED_PLMN.0,
            mnc: conventions::VISITED_PLMN.1,
            service: Service::Normal,
        },
        Event::Call {
            number: conventions::CUSTOMER_CARE_NUMBER.to_owned(),
        },
    ] {
        let (mut t, mut u) = pair(TerminalConfig::default(), UiccConfig::default());
        run(&mut t, &mut u, Event::PowerOn);
        let before = t.notifications().len();
        run(&mut t, &mut u, event.clone());
        assert!(
            t.notifications().len() > before,
            "{event:?} leads to a new notification: {:?}",
            t.notifications()
        );
    }
}
