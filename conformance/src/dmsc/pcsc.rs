//! A UICC reached through the system's PC/SC service: `--iut pcsc:READER` (or
//! `pcsc:uicc?reader=READER`), the tester playing the terminal.
//!
//! [`PcscTransport`] is an [`ApduTransport`] over the `pcsc` crate (libpcsclite on Linux, talking
//! to `pcscd`): it connects to one named reader exclusively (the tester is the only terminal the
//! card has), resets the card cold (power off and on: the ATR) and transmits command APDUs as
//! they are, returning the response APDUs as they are. It adds nothing: no GET RESPONSE after
//! `61xx`, no case-4 rewriting, so what the suite sends is what the card receives (pcscd and the
//! vpcd driver negotiate T=1; over T=0 a reader's driver may still do ISO 7816-3 transport
//! processing of its own).
//!
//! A lab points it at a real reader by its PC/SC name (`pcsc_scan` lists them, e.g.
//! "Gemalto PC Twin Reader 00 00"); the tests point it at pcscd's virtual reader
//! ([`super::vpcd::DEFAULT_READER`]) with the reference UICC served by [`super::vpcd`].

use std::ffi::CString;
use std::fmt;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

use super::{ApduTransport, TransportError};
use crate::iut::IutError;
use crate::netns::deadline_after;
use crate::protocol::IutRequest;

/// The IUT scheme of a card behind a PC/SC reader.
pub const PCSC_SCHEME: &str = "pcsc";
/// The role `pcsc:READER` implies: a card is a UICC.
pub const PCSC_ROLE: &str = "uicc";
/// The role parameter naming the reader: `pcsc:uicc?reader=READER`.
pub const READER_PARAMETER: &str = "reader";
/// The entry a protocol with a `uicc` role puts in `ModelProtocol::IMPLIED_ROLES`, so that
/// `pcsc:READER` reaches its `iut()` as role `uicc`.
pub const PCSC_IMPLIED_ROLE: (&str, &str) = (PCSC_SCHEME, PCSC_ROLE);
/// What the scheme is, for `ModelProtocol::IUT_SCHEMES`.
pub const PCSC_DESCRIPTION: &str = "a UICC in a PC/SC reader: pcsc:READER or pcsc:uicc?reader=READER (READER as pcsc_scan names it)";

/// Longest reader name: pcsc-lite's `MAX_READERNAME` is 128 bytes with the terminating NUL.
pub const MAX_READER_NAME: usize = 127;

/// How long [`PcscTransport::open`] waits for a card in the reader by default.
pub const DEFAULT_CARD_WAIT: Duration = Duration::from_secs(10);

/// The reader a `pcsc` IUT spec names: `pcsc:READER` (everything after the first colon, `?`,
/// `=` and `:` included, is the name; role `uicc` implied) or `pcsc:uicc?reader=READER`.
/// `request` is what [`crate::iut::request`] (through [`crate::iut::factory`]) made of the spec
/// for a protocol with [`PCSC_IMPLIED_ROLE`]: the role form when the text after the colon starts
/// with a role of the protocol (so no reader can be named `uicc`, `terminal`, `uicc?...`), else
/// role `uicc` with the reader left in the spec text, which is read here, so the name survives
/// characters the generic syntax splits at. A role other than `uicc` is an unknown role: a PC/SC
/// reader holds cards.
pub fn reader_of(request: &IutRequest<'_>) -> Result<String, IutError> {
    let syntax = |reason| IutError::Syntax {
        spec: request
            .spec
            .chars()
            .take(crate::iut::MAX_SPEC_LEN)
            .collect(),
        reason,
    };
    if request.scheme != PCSC_SCHEME {
        return Err(IutError::UnknownScheme {
            scheme: request.scheme.to_owned(),
            valid: PCSC_SCHEME.to_owned(),
        });
    }
    let rest = request
        .spec
        .strip_prefix(PCSC_SCHEME)
        .and_then(|r| r.strip_prefix(':'))
        .ok_or_else(|| syntax("no scheme"))?;
    if request.role != PCSC_ROLE {
        return Err(IutError::UnknownRole {
            role: request.role.to_owned(),
            valid: PCSC_ROLE.to_owned(),
        });
    }
    let role_form = rest == PCSC_ROLE
        || rest
            .strip_prefix(PCSC_ROLE)
            .is_some_and(|r| r.starts_with('?'));
    let reader = if role_form {
        let (key, value) = request
            .parameter
            .ok_or_else(|| syntax("no reader (pcsc:uicc?reader=READER)"))?;
        if key != READER_PARAMETER {
            return Err(IutError::UnknownParameter {
                name: key.to_owned(),
                valid: READER_PARAMETER.to_owned(),
            });
        }
        value
    } else {
        rest
    };
    if reader.is_empty() {
        return Err(syntax("empty reader name"));
    }
    if reader.len() > MAX_READER_NAME {
        return Err(syntax(
            "reader name longer than 127 bytes (pcsc-lite MAX_READERNAME)",
        ));
    }
    if reader.chars().any(char::is_control) {
        return Err(syntax("control character in the reader name"));
    }
    Ok(reader.to_owned())
}

/// A card in a PC/SC reader, connected exclusively.
///
/// Every PC/SC call runs on one worker thread that owns the context and the card handle: the
/// caller may set that thread up first ([`PcscTransport::open_with`]), e.g. join the mount
/// namespace of a private pcscd, and every call stays there. That matters: libpcsclite 1.9.9
/// re-checks the daemon by `stat()`ing its socket path whenever a wait times out
/// (SCardGetStatusChange), in the calling thread's mount namespace, and reports
/// SCARD_E_NO_SERVICE if the path is not there (observed with [`super::pcscd::Pcscd`]).
pub struct PcscTransport {
    reader: String,
    requests: Option<mpsc::Sender<Request>>,
    worker: Option<JoinHandle<()>>,
}

type Reply = mpsc::Sender<Result<Vec<u8>, TransportError>>;

enum Request {
    Reset(Reply),
    Transmit(Vec<u8>, Reply),
}

impl fmt::Debug for PcscTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PcscTransport")
            .field("reader", &self.reader)
            .finish_non_exhaustive()
    }
}

fn pcsc_error(what: &str, reader: &str) -> impl FnOnce(pcsc::Error) -> TransportError {
    let what = what.to_owned();
    let reader = reader.to_owned();
    move |e| TransportError(format!("PC/SC {what}, reader {reader:?}: {e} ({e:?})"))
}

impl PcscTransport {
    /// Connects to the card in `reader` through the system's PC/SC service, waiting up to
    /// `card_wait` for a card to be present.
    pub fn open(reader: &str, card_wait: Duration) -> Result<Self, TransportError> {
        Self::open_with(reader, card_wait, || Ok(()))
    }

    /// Like [`PcscTransport::open`], with `enter` run first on the worker thread that makes
    /// every PC/SC call (e.g. joining another pcscd's mount namespace,
    /// [`super::pcscd::Pcscd::transport`]).
    pub fn open_with(
        reader: &str,
        card_wait: Duration,
        enter: impl FnOnce() -> Result<(), TransportError> + Send + 'static,
    ) -> Result<Self, TransportError> {
        let name = CString::new(reader)
            .map_err(|_| TransportError(format!("reader name {reader:?} contains a NUL byte")))?;
        let (ready_tx, ready_rx) = mpsc::channel();
        let (requests, inbox) = mpsc::channel::<Request>();
        let reader_owned = reader.to_owned();
        let worker = thread::Builder::new()
            .name("pcsc".to_owned())
            .spawn(move || {
                let setup = enter().and_then(|()| {
                    let context = Context::establish(Scope::User).map_err(pcsc_error(
                        "establishing a context (is pcscd running?)",
                        &reader_owned,
                    ))?;
                    let card = connect(&context, &name, &reader_owned, card_wait)?;
                    Ok((context, card))
                });
                let (context, mut card) = match setup {
                    Ok(pair) => pair,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                if ready_tx.send(Ok(())).is_err() {
                    return;
                }
                for request in inbox {
                    match request {
                        Request::Reset(reply) => {
                            let _ = reply.send(cold_reset(&mut card, &reader_owned));
                        }
                        Request::Transmit(command, reply) => {
                            let _ = reply.send(transmit(&card, &command, &reader_owned));
                        }
                    }
                }
                // The card is disconnected (pcsc's Drop resets it) before the context goes.
                drop(card);
                drop(context);
            })
            .map_err(|e| TransportError(format!("spawning the PC/SC thread: {e}")))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Self {
                reader: reader.to_owned(),
                requests: Some(requests),
                worker: Some(worker),
            }),
            Ok(Err(e)) => {
                let _ = worker.join();
                Err(e)
            }
            Err(_) => {
                let _ = worker.join();
                Err(TransportError(format!(
                    "PC/SC reader {reader:?}: the PC/SC thread ended during set-up"
                )))
            }
        }
    }

    /// The reader's name.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    fn call(&self, request: impl FnOnce(Reply) -> Request) -> Result<Vec<u8>, TransportError> {
        let lost = || {
            TransportError(format!(
                "PC/SC reader {:?}: the PC/SC thread is gone",
                self.reader
            ))
        };
        let (reply, answer) = mpsc::channel();
        self.requests
            .as_ref()
            .ok_or_else(lost)?
            .send(request(reply))
            .map_err(|_| lost())?;
        answer.recv().map_err(|_| lost())?
    }
}

impl Drop for PcscTransport {
    fn drop(&mut self) {
        // Closing the request channel ends the worker, which disconnects the card.
        drop(self.requests.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// Checks that `reader` exists, waits for a card, connects exclusively.
fn connect(
    context: &Context,
    name: &CString,
    reader: &str,
    card_wait: Duration,
) -> Result<pcsc::Card, TransportError> {
    let readers = context
        .list_readers_owned()
        .map_err(pcsc_error("listing the readers", reader))?;
    if !readers.contains(name) {
        let known: Vec<String> = readers
            .iter()
            .map(|r| format!("{:?}", r.to_string_lossy()))
            .collect();
        return Err(TransportError(format!(
            "PC/SC reader {reader:?} not found; readers: {}",
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        )));
    }
    wait_for_card(context, name, reader, card_wait)?;
    context
        .connect(name, ShareMode::Exclusive, Protocols::ANY)
        .map_err(pcsc_error("connecting to the card", reader))
}

/// Waits until `name` reports a card present (the reader polls its slot, so a card that has just
/// arrived shows up after a poll interval).
fn wait_for_card(
    context: &Context,
    name: &CString,
    reader: &str,
    wait: Duration,
) -> Result<(), TransportError> {
    let deadline = deadline_after(Instant::now(), wait);
    let mut states = [ReaderState::new(name.clone(), State::UNAWARE)];
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        match context.get_status_change(remaining, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(e) => return Err(pcsc_error("waiting for a card", reader)(e)),
        }
        let [state] = &mut states;
        let event = state.event_state();
        if event.contains(State::PRESENT) && !event.contains(State::MUTE) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(TransportError(format!(
                "PC/SC reader {reader:?}: no card present after {wait:?} (state {event:?})"
            )));
        }
        state.sync_current_state();
    }
}

/// Cold reset: the card is powered off and on again (SCardReconnect with SCARD_UNPOWER_CARD);
/// its ATR as the reader reports it after the reset.
fn cold_reset(card: &mut pcsc::Card, reader: &str) -> Result<Vec<u8>, TransportError> {
    card.reconnect(
        ShareMode::Exclusive,
        Protocols::ANY,
        Disposition::UnpowerCard,
    )
    .map_err(pcsc_error("cold reset", reader))?;
    let status = card
        .status2_owned()
        .map_err(pcsc_error("reading the ATR", reader))?;
    Ok(status.atr().to_vec())
}

fn transmit(card: &pcsc::Card, command: &[u8], reader: &str) -> Result<Vec<u8>, TransportError> {
    if command.len() > pcsc::MAX_BUFFER_SIZE_EXTENDED {
        return Err(TransportError(format!(
            "PC/SC transmit, reader {reader:?}: a command of {} bytes is longer than the {} PC/SC carries",
            command.len(),
            pcsc::MAX_BUFFER_SIZE_EXTENDED
        )));
    }
    let mut buffer = vec![0u8; pcsc::MAX_BUFFER_SIZE_EXTENDED];
    let response = card
        .transmit(command, &mut buffer)
        .map_err(pcsc_error("transmit", reader))?;
    Ok(response.to_vec())
}

impl ApduTransport for PcscTransport {
    fn reset(&mut self) -> Result<Vec<u8>, TransportError> {
        self.call(Request::Reset)
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.call(|reply| Request::Transmit(command.to_vec(), reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iut::parse;

    const ROLES: &[&str] = &["uicc", "terminal"];

    fn reader(spec: &str) -> Result<String, IutError> {
        let request = crate::iut::request(spec, ROLES, &[PCSC_IMPLIED_ROLE])?;
        reader_of(&request)
    }

    #[test]
    fn reads_the_reader_name_form() {
        assert_eq!(
            reader("pcsc:Virtual PCD 00 00").as_deref(),
            Ok("Virtual PCD 00 00")
        );
        assert_eq!(
            reader("pcsc:ACME: Reader? (x=1) 00 00").as_deref(),
            Ok("ACME: Reader? (x=1) 00 00")
        );
    }

    #[test]
    fn reads_the_role_form() {
        assert_eq!(
            reader("pcsc:uicc?reader=Virtual PCD 00 01").as_deref(),
            Ok("Virtual PCD 00 01")
        );
        assert_eq!(reader("pcsc:uicc?reader=a=b?c").as_deref(), Ok("a=b?c"));
    }

    #[test]
    fn the_reader_name_form_implies_the_uicc_role() {
        let request =
            crate::iut::request("pcsc:Virtual PCD 00 00", ROLES, &[PCSC_IMPLIED_ROLE]).expect("ok");
        assert_eq!(request.role, "uicc");
        assert_eq!(request.scheme, "pcsc");
        assert_eq!(request.parameter, None);
    }

    #[test]
    fn rejects_the_terminal_role() {
        assert_eq!(
            reader("pcsc:terminal"),
            Err(IutError::UnknownRole {
                role: "terminal".to_owned(),
                valid: "uicc".to_owned()
            })
        );
    }

    #[test]
    fn rejects_a_role_form_without_a_reader() {
        for (spec, reason) in [
            ("pcsc:uicc", "no reader (pcsc:uicc?reader=READER)"),
            ("pcsc:uicc?reader=", "empty reader name"),
        ] {
            assert_eq!(
                reader(spec),
                Err(IutError::Syntax {
                    spec: spec.to_owned(),
                    reason
                }),
                "{spec}"
            );
        }
        assert_eq!(
            reader("pcsc:uicc?mutant=x"),
            Err(IutError::UnknownParameter {
                name: "mutant".to_owned(),
                valid: "reader".to_owned()
            })
        );
    }

    #[test]
    fn rejects_bad_reader_names() {
        let long = format!("pcsc:{}", "r".repeat(MAX_READER_NAME + 1));
        assert!(matches!(
            reader(&long),
            Err(IutError::Syntax { reason, .. }) if reason.starts_with("reader name longer")
        ));
        assert!(matches!(
            reader("pcsc:bad\nname"),
            Err(IutError::Syntax {
                reason: "control character in the reader name",
                ..
            })
        ));
        assert!(matches!(
            reader("pcsc:"),
            Err(IutError::Syntax {
                reason: "no role",
                ..
            })
        ));
    }

    #[test]
    fn rejects_another_scheme() {
        let request = parse("reference:uicc").expect("parses");
        assert_eq!(
            reader_of(&request),
            Err(IutError::UnknownScheme {
                scheme: "reference".to_owned(),
                valid: "pcsc".to_owned()
            })
        );
    }
}

/// One card, one vector at a time: vectors run in parallel, a card in a reader serves them one
/// after the other (a second exclusive connection gets `SharingViolation`). A transport opened
/// with [`CardGate::open`] holds the gate until it is dropped. (The `wakeup` protocol's
/// `pcsc_uicc` has the same gate of its own.)
#[derive(Debug, Default)]
pub struct CardGate {
    busy: std::sync::Mutex<bool>,
    free: std::sync::Condvar,
}

impl CardGate {
    /// Waits until no other transport of this gate is open, then connects to the card in
    /// `reader` (waiting up to [`DEFAULT_CARD_WAIT`] for it).
    pub fn open(
        self: &std::sync::Arc<Self>,
        reader: &str,
    ) -> Result<Box<dyn ApduTransport>, TransportError> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        while *busy {
            busy = self.free.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy = true;
        drop(busy);
        let ticket = GateTicket(std::sync::Arc::clone(self));
        let transport = PcscTransport::open(reader, DEFAULT_CARD_WAIT)?;
        Ok(Box::new(Gated {
            transport: Some(Box::new(transport)),
            _ticket: ticket,
        }))
    }
}

#[derive(Debug)]
struct GateTicket(std::sync::Arc<CardGate>);

impl Drop for GateTicket {
    fn drop(&mut self) {
        *self.0.busy.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.0.free.notify_one();
    }
}

/// A transport used under a [`CardGate`] ticket, released after the transport is closed.
struct Gated {
    transport: Option<Box<dyn ApduTransport>>,
    _ticket: GateTicket,
}

impl ApduTransport for Gated {
    fn reset(&mut self) -> Result<Vec<u8>, TransportError> {
        match self.transport.as_mut() {
            Some(t) => t.reset(),
            None => Err(TransportError("transport closed".to_owned())),
        }
    }
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        match self.transport.as_mut() {
            Some(t) => t.transmit(command),
            None => Err(TransportError("transport closed".to_owned())),
        }
    }
}

impl Drop for Gated {
    fn drop(&mut self) {
        // Disconnect from the card before the next vector may connect.
        self.transport.take();
    }
}

/// Longest a vector against a card in a PC/SC reader may take, waiting for the card included
/// (vectors queue for the one card).
pub const PCSC_VECTOR_TIMEOUT: Duration = Duration::from_secs(600);
