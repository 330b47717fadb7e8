//! End to end through the real PC/SC stack: a private pcscd (Debian `pcscd` with
//! `vsmartcard-vpcd`) in its own namespaces, a card served over the vpcd socket protocol, and
//! the tester's `PcscTransport` on reader "Virtual PCD 00 00": every APDU crosses libpcsclite,
//! pcscd and the vpcd driver. The cards: one that records every command (exact bytes both ways),
//! and the reference UICC driven by the reference terminal through a whole off-line trigger,
//! compared exchange by exchange with the same run in-process.
//!
//! Needs root. Where the harness cannot run (not root, no namespaces, packages missing) the test
//! says so and passes without running, unless the environment variable `CI` is set: then it
//! fails.

#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

mod pcscd_harness;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pushwake_conformance::dmsc::event::Event;
use pushwake_conformance::dmsc::pcscd::{Pcscd, PcscdConfig};
use pushwake_conformance::dmsc::reference::terminal::{
    ReferenceTerminal, SessionPhase, TerminalConfig,
};
use pushwake_conformance::dmsc::reference::uicc::{ReferenceUicc, UiccConfig};
use pushwake_conformance::dmsc::vpcd::DEFAULT_READER;
use pushwake_conformance::dmsc::{ApduTransport, Card, InProcess};

/// What the test card saw, shared with the test.
#[derive(Debug, Default)]
struct Log {
    resets: u32,
    commands: Vec<Vec<u8>>,
}

/// A card that records every command and answers from its content: `80 F2` (STATUS) with
/// `91 0F`, `00 B0` (READ BINARY) with Le bytes counting up from the number of commands seen so
/// far and `90 00`, anything else with `6D 00`.
#[derive(Debug)]
struct RecordingCard(Arc<Mutex<Log>>);

const ATR: [u8; 6] = [0x3B, 0x82, 0x80, 0x01, 0x80, 0xF2];

impl Card for RecordingCard {
    fn reset(&mut self) -> Vec<u8> {
        self.0.lock().unwrap().resets += 1;
        ATR.to_vec()
    }

    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        let mut log = self.0.lock().unwrap();
        log.commands.push(command.to_vec());
        let n = u8::try_from(log.commands.len()).unwrap();
        answer(command, n)
    }
}

fn answer(command: &[u8], n: u8) -> Vec<u8> {
    match command {
        [0x80, 0xF2, ..] => vec![0x91, 0x0F],
        [0x00, 0xB0, _, _, le] => {
            let mut r: Vec<u8> = (0..*le).map(|i| n.wrapping_add(i)).collect();
            r.extend_from_slice(&[0x90, 0x00]);
            r
        }
        _ => vec![0x6D, 0x00],
    }
}

fn start_or_skip(name: &str) -> Option<Pcscd> {
    let config = PcscdConfig {
        debug: true,
        ..PcscdConfig::default()
    };
    pcscd_harness::start_or_skip(name, config)
}

#[test]
fn apdus_cross_pcscd_and_vpcd_unchanged() {
    let Some(pcscd) = start_or_skip("pcsc-vpcd-e2e") else {
        return;
    };
    println!(
        "pcscd started in {} ms (namespace {})",
        pcscd.startup_time().as_millis(),
        pcscd.netns().path().display()
    );
    let log = Arc::new(Mutex::new(Log::default()));
    let server = pcscd
        .serve_card(0, Box::new(RecordingCard(Arc::clone(&log))))
        .unwrap();
    let t = Instant::now();
    let mut transport = pcscd
        .transport(DEFAULT_READER, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}\npcscd log:\n{}", pcscd.log_tail()));
    println!(
        "card present and connected after {} ms",
        t.elapsed().as_millis()
    );

    // A cold reset through PC/SC reaches the card as a reset and returns its ATR.
    let resets_before = log.lock().unwrap().resets;
    assert_eq!(transport.reset().unwrap(), ATR);
    assert!(
        log.lock().unwrap().resets > resets_before,
        "the reset reached the card"
    );
    let commands_before = log.lock().unwrap().commands.len();
    assert_eq!(commands_before, 0, "nothing but our APDUs reaches the card");

    let commands: Vec<Vec<u8>> = vec![
        vec![0x80, 0xF2, 0x00, 0x00, 0x00],
        vec![0x00, 0xB0, 0x00, 0x00, 0x10],
        vec![0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00],
        vec![0x00, 0xB0, 0x00, 0x00, 0xFF],
    ];
    let mut responses = Vec::new();
    let mut round_trips = Vec::new();
    for command in &commands {
        let t = Instant::now();
        responses.push(transport.transmit(command).unwrap());
        round_trips.push(t.elapsed());
    }
    println!("APDU round trips: {round_trips:?}");

    let seen = log.lock().unwrap().commands.clone();
    assert_eq!(
        seen, commands,
        "the card received exactly the commands sent"
    );
    let expected: Vec<Vec<u8>> = commands
        .iter()
        .enumerate()
        .map(|(i, c)| answer(c, u8::try_from(i + 1).unwrap()))
        .collect();
    assert_eq!(
        responses, expected,
        "the transport returned exactly the card's answers"
    );
    assert_eq!(responses[3].len(), 257);

    // A second reset and one more exchange: the session survives resets.
    assert_eq!(transport.reset().unwrap(), ATR);
    assert_eq!(
        transport.transmit(&[0x80, 0xF2, 0x00, 0x00, 0x00]).unwrap(),
        [0x91, 0x0F]
    );

    // An extended-length command (UPDATE BINARY with 300 bytes) crosses unchanged as well.
    let mut extended = vec![0x00, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x2C];
    extended.extend((0..300u16).map(|i| (i % 251) as u8));
    assert_eq!(transport.transmit(&extended).unwrap(), [0x6D, 0x00]);
    assert_eq!(log.lock().unwrap().commands.last(), Some(&extended));

    // Timing figure for the report: many round trips of a short APDU.
    let t = Instant::now();
    let n = 20;
    for _ in 0..n {
        transport.transmit(&[0x80, 0xF2, 0x00, 0x00, 0x00]).unwrap();
    }
    println!("mean STATUS round trip over {n}: {:?}", t.elapsed() / n);

    drop(transport);
    let outcome = server.stop();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    println!("vpcd session: {:?}", outcome.stats);
    assert_eq!(outcome.stats.commands, 4 + 1 + 1 + 20);
    assert_eq!(outcome.stats.commands_while_off, 0);
    assert_eq!(outcome.stats.unknown_controls, 0);
}

#[test]
fn a_missing_reader_is_named_with_the_readers_there_are() {
    let Some(pcscd) = start_or_skip("pcsc-vpcd-missing") else {
        return;
    };
    let err = pcscd
        .transport("No Such Reader 00 00", Duration::from_secs(1))
        .unwrap_err();
    assert!(
        err.0.contains("\"No Such Reader 00 00\" not found")
            && err.0.contains("\"Virtual PCD 00 00\"")
            && err.0.contains("\"Virtual PCD 00 01\""),
        "{err}"
    );
    // No card served: the reader exists but the wait for a card times out, saying so.
    let err = pcscd
        .transport(DEFAULT_READER, Duration::from_millis(500))
        .unwrap_err();
    assert!(err.0.contains("no card present"), "{err}");
}

/// Most APDU exchanges one stimulus may cause: a loop between the two references is a bug.
const MAX_EXCHANGES: usize = 200;

/// Delivers `event` to the terminal, then carries its APDUs over `transport` until it has
/// nothing to send; the exchanges (C-APDU, R-APDU).
fn drive(
    terminal: &mut ReferenceTerminal,
    transport: &mut dyn ApduTransport,
    event: Event,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    terminal.handle_event(event);
    let mut log = Vec::new();
    while let Some(command) = terminal.poll_command() {
        let response = transport.transmit(&command).unwrap();
        terminal.handle_response(&response);
        log.push((command, response));
        assert!(log.len() < MAX_EXCHANGES, "the references loop");
    }
    log
}

fn completed_sessions(terminal: &ReferenceTerminal) -> usize {
    terminal
        .dm_sessions()
        .iter()
        .filter(|s| s.phase == SessionPhase::Completed)
        .count()
}

#[test]
fn the_reference_uicc_over_pcscd_runs_the_offline_trigger_as_in_process() {
    // In process: the reference terminal and the reference UICC directly.
    let mut direct = InProcess(ReferenceUicc::new(UiccConfig::default()));
    let direct_atr = direct.reset().unwrap();
    let mut terminal = ReferenceTerminal::new(TerminalConfig::default());
    let expected = drive(&mut terminal, &mut direct, Event::PowerOn);
    assert_eq!(completed_sessions(&terminal), 1, "in process");

    // The same through pcscd and vpcd.
    let Some(pcscd) = start_or_skip("pcsc-vpcd-reference-uicc") else {
        return;
    };
    let server = pcscd
        .serve_card(0, Box::new(ReferenceUicc::new(UiccConfig::default())))
        .unwrap();
    let mut transport = pcscd
        .transport(DEFAULT_READER, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}\npcscd log:\n{}", pcscd.log_tail()));
    assert_eq!(
        transport.reset().unwrap(),
        direct_atr,
        "the ATR as the card makes it"
    );
    let mut terminal = ReferenceTerminal::new(TerminalConfig::default());
    let t = Instant::now();
    let log = drive(&mut terminal, &mut transport, Event::PowerOn);
    println!(
        "off-line trigger over pcscd: {} APDU exchanges in {:?}",
        log.len(),
        t.elapsed()
    );
    assert_eq!(
        completed_sessions(&terminal),
        1,
        "over PC/SC: {:?}",
        terminal.dm_sessions()
    );
    assert_eq!(log.len(), expected.len());
    for (i, (got, want)) in log.iter().zip(&expected).enumerate() {
        assert_eq!(
            got, want,
            "exchange {i} differs between PC/SC and in-process"
        );
    }
    drop(transport);
    let outcome = server.stop();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert_eq!(outcome.stats.commands, u64::try_from(log.len()).unwrap());
}
