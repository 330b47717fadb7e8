//! A virtual card for pcscd: serves any [`Card`] over the socket protocol of vsmartcard's virtual
//! reader driver `vpcd` (Debian `vsmartcard-vpcd`), so that the card's APDUs really cross the PC/SC
//! stack (libpcsclite, pcscd, the IFD handler) the way a lab's card reader carries them.
//!
//! Protocol (vsmartcard `virtualsmartcard/src/vpcd/vpcd.c` and the Python `vicc`; verified on
//! Debian `vsmartcard-vpcd` 3.3 with `pcscd` 1.9.9, see ../shared/specs/pcsc-vpcd.md): the driver
//! listens on a TCP port (35963 for reader "Virtual PCD 00 00", 35964 for "00 01"), the card
//! connects to it as a client. Every message, both ways, is a 2-byte big-endian length, then that
//! many payload bytes. From the reader, a 1-byte payload is a control code ([`Control`]): 0 power
//! off, 1 power on, 2 reset, 4 "send your ATR" (the only one the card answers, with its ATR); any
//! other payload is a command APDU, answered with the response APDU (data, SW1 SW2).
//!
//! The driver also polls presence with code 4 (about every 400 ms while the reader is idle, and
//! several times around power on), so a GET ATR never resets the card: it answers the ATR of the
//! last reset. Power on and reset are a cold reset of the card ([`Card::reset`]).
//!
//! [`VpcdServer`] runs one connection on its own thread; [`VpcdServer::stop`] ends it (shutting the
//! socket down unblocks the read) and hands the card back, with what was exchanged
//! ([`VpcdStats`]). Nothing the reader sends can panic it: a malformed message (a truncated
//! length or payload) ends the session with a [`VpcdError`] that names the byte offset.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::Card;

/// The port of reader "Virtual PCD 00 00" (`/etc/reader.conf.d/vpcd`: CHANNELID 0x8C7B); the
/// driver's second slot, "Virtual PCD 00 01", listens on the next port.
pub const DEFAULT_PORT: u16 = 35963;

/// The reader name pcscd gives the first vpcd slot (FRIENDLYNAME "Virtual PCD", then the reader
/// and slot numbers).
pub const DEFAULT_READER: &str = "Virtual PCD 00 00";

/// Largest payload a vpcd message can carry: its length field has 2 bytes. A short C-APDU (at most
/// 261 bytes) and an extended one up to 65535 bytes fit; a response the card makes longer than
/// this cannot be framed and ends the session ([`VpcdError::ResponseTooLong`]). Every read is
/// bounded by it, so the reader can never make the server allocate more than 64 KiB at once.
pub const MAX_PAYLOAD: usize = u16::MAX as usize;

/// A control code: the payload of a 1-byte message from the reader (vpcd.c `VPCD_CTRL_*`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Control(pub u8);

impl Control {
    /// Power the card off (no answer).
    pub const OFF: Self = Self(0);
    /// Power the card on: a cold reset (no answer; the driver asks for the ATR next).
    pub const ON: Self = Self(1);
    /// Reset the card (no answer).
    pub const RESET: Self = Self(2);
    /// Send the ATR (the answer is the ATR); also the driver's presence poll.
    pub const ATR: Self = Self(4);

    fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::OFF => "power off",
            Self::ON => "power on",
            Self::RESET => "reset",
            Self::ATR => "get ATR",
            _ => return None,
        })
    }
}

impl fmt::Debug for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "Control({:#04x})", self.0),
        }
    }
}

/// One message from the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FromReader {
    /// A 1-byte payload.
    Control(Control),
    /// Any other payload (an empty one included): a command APDU, passed to the card as it came.
    /// A card answers every command, a malformed one with an error status word.
    Command(Vec<u8>),
}

/// Why a vpcd session ended other than by the reader closing the connection between messages or
/// by [`VpcdServer::stop`].
#[derive(Debug, thiserror::Error)]
pub enum VpcdError {
    /// The connection closed inside a message: `got` of the `expected` bytes of the `part`
    /// (length field or payload) that starts at byte `offset` of the stream.
    #[error("vpcd {part} truncated at byte {offset} of the stream: {got} of {expected} bytes")]
    Truncated {
        /// `"length"` or `"payload"`.
        part: &'static str,
        /// Offset of the part's first byte in the stream from the reader.
        offset: u64,
        /// Bytes received.
        got: usize,
        /// Bytes the part needs.
        expected: usize,
    },
    /// The card answered with more than [`MAX_PAYLOAD`] bytes, which no vpcd message can carry.
    #[error(
        "vpcd: the card's {what} is {len} bytes, more than the {MAX_PAYLOAD} a vpcd message carries"
    )]
    ResponseTooLong {
        /// `"ATR"` or `"response APDU"`.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// A socket operation failed.
    #[error("vpcd {what}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// The card panicked while answering (the card is lost).
    #[error("vpcd: the card panicked")]
    CardPanicked,
}

/// Reads vpcd messages from a byte stream, counting the stream offset for error messages.
#[derive(Debug)]
pub struct MessageReader<R> {
    inner: R,
    offset: u64,
}

impl<R: Read> MessageReader<R> {
    /// Reads from `inner`, whose next byte is the start of a message.
    pub fn new(inner: R) -> Self {
        Self { inner, offset: 0 }
    }

    /// The next message; `Ok(None)` when the stream ends cleanly between two messages.
    pub fn next_message(&mut self) -> Result<Option<FromReader>, VpcdError> {
        let mut length = [0u8; 2];
        let got = self.read_full(&mut length, "reading a length")?;
        if got == 0 {
            return Ok(None);
        }
        if got < length.len() {
            return Err(VpcdError::Truncated {
                part: "length",
                offset: self.offset,
                got,
                expected: length.len(),
            });
        }
        self.offset += 2;
        let len = usize::from(u16::from_be_bytes(length));
        let mut payload = vec![0u8; len];
        let got = self.read_full(&mut payload, "reading a payload")?;
        if got < len {
            return Err(VpcdError::Truncated {
                part: "payload",
                offset: self.offset,
                got,
                expected: len,
            });
        }
        self.offset += len as u64;
        Ok(Some(match payload.as_slice() {
            [code] => FromReader::Control(Control(*code)),
            _ => FromReader::Command(payload),
        }))
    }

    /// Fills `buf` unless the stream ends first; the number of bytes read.
    fn read_full(&mut self, buf: &mut [u8], what: &'static str) -> Result<usize, VpcdError> {
        let mut filled = 0;
        while filled < buf.len() {
            let rest = buf.get_mut(filled..).unwrap_or_default();
            match self.inner.read(rest) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => return Err(VpcdError::Io { what, source }),
            }
        }
        Ok(filled)
    }
}

/// One framed message (length, then payload) in a single buffer, so that it leaves in one write.
pub fn frame(payload: &[u8], what: &'static str) -> Result<Vec<u8>, VpcdError> {
    let len = u16::try_from(payload.len()).map_err(|_| VpcdError::ResponseTooLong {
        what,
        len: payload.len(),
    })?;
    let mut out = Vec::with_capacity(payload.len() + 2);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// What crossed one vpcd session, counted by the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VpcdStats {
    /// Power-on control messages.
    pub power_on: u64,
    /// Power-off control messages.
    pub power_off: u64,
    /// Reset control messages.
    pub reset: u64,
    /// GET ATR control messages (presence polls included).
    pub atr_requests: u64,
    /// Command APDUs passed to the card.
    pub commands: u64,
    /// Command APDUs that came while the card was powered off (passed on all the same: the
    /// driver does not send them, so one is a finding about the driver, kept here).
    pub commands_while_off: u64,
    /// Control codes the protocol does not define (ignored, like vicc does).
    pub unknown_controls: u64,
    /// Cold resets of the card (power on, reset, and the first ATR request before any).
    pub card_resets: u64,
}

/// The card's side of a vpcd session, without I/O of its own: feeds reader messages to a [`Card`]
/// and says what to answer.
#[derive(Debug, Default)]
struct Session {
    atr: Option<Vec<u8>>,
    powered: bool,
    stats: VpcdStats,
}

impl Session {
    /// The payload to answer `message` with, if any.
    fn handle(
        &mut self,
        card: &mut dyn Card,
        message: FromReader,
    ) -> Option<(&'static str, Vec<u8>)> {
        match message {
            FromReader::Control(Control::OFF) => {
                self.stats.power_off += 1;
                self.powered = false;
                None
            }
            FromReader::Control(Control::ON) => {
                self.stats.power_on += 1;
                self.cold_reset(card);
                None
            }
            FromReader::Control(Control::RESET) => {
                self.stats.reset += 1;
                self.cold_reset(card);
                None
            }
            FromReader::Control(Control::ATR) => {
                self.stats.atr_requests += 1;
                // The driver asks for the ATR before it ever powers the card on (presence
                // poll): the card learns its ATR from one reset then, and never again here.
                let atr = match &self.atr {
                    Some(atr) => atr.clone(),
                    None => self.cold_reset(card),
                };
                Some(("ATR", atr))
            }
            FromReader::Control(_) => {
                self.stats.unknown_controls += 1;
                None
            }
            FromReader::Command(command) => {
                self.stats.commands += 1;
                if !self.powered {
                    self.stats.commands_while_off += 1;
                }
                Some(("response APDU", card.transmit(&command)))
            }
        }
    }

    fn cold_reset(&mut self, card: &mut dyn Card) -> Vec<u8> {
        self.stats.card_resets += 1;
        let atr = card.reset();
        self.atr = Some(atr.clone());
        self.powered = true;
        atr
    }
}

/// Serves `card` to the reader on `stream` until the stream ends; what crossed, and why it ended
/// if not cleanly.
pub fn serve<S: Read + Write>(
    stream: S,
    card: &mut dyn Card,
) -> (VpcdStats, Result<(), VpcdError>) {
    let mut session = Session::default();
    let result = serve_session(stream, card, &mut session);
    (session.stats, result)
}

fn serve_session<S: Read + Write>(
    stream: S,
    card: &mut dyn Card,
    session: &mut Session,
) -> Result<(), VpcdError> {
    let mut reader = MessageReader::new(stream);
    while let Some(message) = reader.next_message()? {
        if let Some((what, answer)) = session.handle(card, message) {
            let framed = frame(&answer, what)?;
            reader
                .inner
                .write_all(&framed)
                .and_then(|()| reader.inner.flush())
                .map_err(|source| VpcdError::Io {
                    what: "writing an answer",
                    source,
                })?;
        }
    }
    Ok(())
}

/// The card's socket, acknowledging every segment at once (TCP_QUICKACK, set again before each
/// read since the kernel clears it). The vpcd driver writes a message as two `send()`s, the
/// length and then the payload, on a socket with Nagle's algorithm on: the payload waits for the
/// length's ACK, and a receiver that delays its ACK (40 ms on Linux) adds that to every APDU
/// (observed: 44 ms per round trip without this). Linux only; elsewhere the flag is not set.
struct QuickAck<'a>(&'a TcpStream);

impl Read for QuickAck<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        // Best effort: a socket that refuses the option is only slower.
        let _ = rustix::net::sockopt::set_tcp_quickack(self.0, true);
        (&mut &*self.0).read(buf)
    }
}

impl Write for QuickAck<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&mut &*self.0).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&mut &*self.0).flush()
    }
}

/// How a served session ended.
pub struct VpcdOutcome {
    /// The card, to inspect after the session (`None` if it panicked).
    pub card: Option<Box<dyn Card>>,
    /// What crossed.
    pub stats: VpcdStats,
    /// `Ok` when the reader closed the connection between messages or [`VpcdServer::stop`]
    /// ended the session.
    pub result: Result<(), VpcdError>,
}

impl fmt::Debug for VpcdOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VpcdOutcome")
            .field("card", &self.card.as_ref().map(|_| "Card"))
            .field("stats", &self.stats)
            .field("result", &self.result)
            .finish()
    }
}

/// The session's state shared with the handle, so that a stopped session is told from a broken
/// one.
#[derive(Debug, Default)]
struct Shared {
    stopping: bool,
}

/// A [`Card`] served to pcscd's vpcd driver on a thread of its own.
pub struct VpcdServer {
    socket: TcpStream,
    shared: Arc<Mutex<Shared>>,
    thread: Option<JoinHandle<VpcdOutcome>>,
}

impl fmt::Debug for VpcdServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VpcdServer")
            .field("peer", &self.socket.peer_addr().ok())
            .field("running", &self.is_running())
            .finish_non_exhaustive()
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

impl VpcdServer {
    /// Connects to the vpcd driver at `addr` (e.g. 127.0.0.1:[`DEFAULT_PORT`]) and serves `card`.
    /// A driver inside another network namespace is reached by connecting there first
    /// ([`crate::netns::NetNs::connect`]) and calling [`VpcdServer::serve`].
    pub fn connect(
        addr: SocketAddr,
        timeout: Duration,
        card: Box<dyn Card>,
    ) -> Result<Self, VpcdError> {
        let stream =
            TcpStream::connect_timeout(&addr, timeout).map_err(|source| VpcdError::Io {
                what: "connecting to the vpcd driver",
                source,
            })?;
        Self::serve(stream, card)
    }

    /// Serves `card` on an open connection to the vpcd driver, on a new thread.
    pub fn serve(stream: TcpStream, mut card: Box<dyn Card>) -> Result<Self, VpcdError> {
        let io = |what| move |source| VpcdError::Io { what, source };
        // Every answer leaves in one write; no reason to hold it back (Nagle).
        stream
            .set_nodelay(true)
            .map_err(io("setting TCP_NODELAY"))?;
        let socket = stream.try_clone().map_err(io("cloning the socket"))?;
        let shared = Arc::new(Mutex::new(Shared::default()));
        let thread_shared = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("vpcd-card".to_owned())
            .spawn(move || {
                let mut session = Session::default();
                let served = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    serve_session(QuickAck(&stream), card.as_mut(), &mut session)
                }));
                // Read before closing: stop() sets the flag before it shuts the socket down, so
                // a session ended by stop() sees it here, and a session that ended on its own
                // cannot be mistaken for a stopped one by a stop() that follows the close.
                let stopping = lock(&thread_shared).stopping;
                // The handle keeps a clone of the socket: close the connection for the reader
                // now, not when the handle is dropped.
                let _ = stream.shutdown(Shutdown::Both);
                match served {
                    Ok(result) => VpcdOutcome {
                        card: Some(card),
                        stats: session.stats,
                        // A read or write that failed because stop() shut the socket down is
                        // the requested end, not an error.
                        result: if stopping { Ok(()) } else { result },
                    },
                    Err(_) => VpcdOutcome {
                        card: None,
                        stats: session.stats,
                        result: Err(VpcdError::CardPanicked),
                    },
                }
            })
            .map_err(io("spawning the card thread"))?;
        Ok(Self {
            socket,
            shared,
            thread: Some(thread),
        })
    }

    /// Whether the session is still being served.
    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Ends the session (the reader sees the card removed) and returns the card with what
    /// crossed.
    pub fn stop(mut self) -> VpcdOutcome {
        self.finish()
    }

    fn finish(&mut self) -> VpcdOutcome {
        lock(&self.shared).stopping = true;
        // Unblocks the thread's read; an error means the socket is closed already.
        let _ = self.socket.shutdown(Shutdown::Both);
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(outcome)) => outcome,
            Some(Err(_)) => VpcdOutcome {
                card: None,
                stats: VpcdStats::default(),
                result: Err(VpcdError::CardPanicked),
            },
            None => VpcdOutcome {
                card: None,
                stats: VpcdStats::default(),
                result: Ok(()),
            },
        }
    }
}

impl Drop for VpcdServer {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.finish();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::os::unix::net::UnixStream;

    /// Answers `90 00` to everything, or the command reversed with `61 00` when it starts `00 B0`;
    /// records every reset and command.
    #[derive(Debug, Default)]
    struct Recorder {
        resets: u32,
        commands: Vec<Vec<u8>>,
    }

    const ATR: [u8; 4] = [0x3B, 0x80, 0x80, 0x01];

    impl Card for Recorder {
        fn reset(&mut self) -> Vec<u8> {
            self.resets += 1;
            ATR.to_vec()
        }
        fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
            self.commands.push(command.to_vec());
            match command {
                [0x00, 0xB0, ..] => {
                    let mut r: Vec<u8> = command.iter().rev().copied().collect();
                    r.extend_from_slice(&[0x61, 0x00]);
                    r
                }
                _ => vec![0x90, 0x00],
            }
        }
    }

    fn msg(payload: &[u8]) -> Vec<u8> {
        frame(payload, "test").expect("frames")
    }

    /// Writes `input` to a socket pair, closes the writing side, serves the other side; what came
    /// back, the stats and the result.
    fn run(input: &[u8]) -> (Vec<u8>, Recorder, VpcdStats, Result<(), VpcdError>) {
        let (mut reader_side, card_side) = UnixStream::pair().expect("socket pair");
        // Written from another thread: the input may not fit the socket buffer.
        let mut writer = reader_side.try_clone().expect("clone");
        let input = input.to_vec();
        let writing = thread::spawn(move || {
            writer.write_all(&input).expect("write");
            writer.shutdown(Shutdown::Write).expect("shutdown");
        });
        let mut card = Recorder::default();
        let (stats, result) = serve(&card_side, &mut card);
        drop(card_side);
        writing.join().expect("writer");
        let mut out = Vec::new();
        reader_side.read_to_end(&mut out).expect("read");
        (out, card, stats, result)
    }

    #[test]
    fn answers_atr_requests_and_commands_and_nothing_else() {
        let input = [
            msg(&[4]),
            msg(&[1]),
            msg(&[4]),
            msg(&[0x80, 0xF2, 0x00, 0x00, 0x00]),
            msg(&[0x00, 0xB0, 0x01, 0x02]),
            msg(&[2]),
            msg(&[0]),
        ]
        .concat();
        let (out, card, stats, result) = run(&input);
        assert!(result.is_ok(), "{result:?}");
        let expected = [
            msg(&ATR),
            msg(&ATR),
            msg(&[0x90, 0x00]),
            msg(&[0x02, 0x01, 0xB0, 0x00, 0x61, 0x00]),
        ]
        .concat();
        assert_eq!(out, expected);
        assert_eq!(
            card.commands,
            vec![
                vec![0x80, 0xF2, 0x00, 0x00, 0x00],
                vec![0x00, 0xB0, 0x01, 0x02]
            ]
        );
        // The first ATR request resets once; power on and reset each reset again.
        assert_eq!(card.resets, 3);
        assert_eq!(
            stats,
            VpcdStats {
                power_on: 1,
                power_off: 1,
                reset: 1,
                atr_requests: 2,
                commands: 2,
                commands_while_off: 0,
                unknown_controls: 0,
                card_resets: 3,
            }
        );
    }

    #[test]
    fn presence_polls_do_not_reset_the_card() {
        let input = [msg(&[1]), msg(&[4]), msg(&[4]), msg(&[4])].concat();
        let (out, card, _, result) = run(&input);
        assert!(result.is_ok());
        assert_eq!(out, [msg(&ATR), msg(&ATR), msg(&ATR)].concat());
        assert_eq!(card.resets, 1);
    }

    #[test]
    fn ignores_unknown_control_codes() {
        let input = [msg(&[3]), msg(&[0xFF]), msg(&[4])].concat();
        let (out, card, stats, result) = run(&input);
        assert!(result.is_ok());
        assert_eq!(out, msg(&ATR));
        assert!(card.commands.is_empty());
        assert_eq!(stats.unknown_controls, 2);
    }

    #[test]
    fn passes_short_and_empty_payloads_to_the_card_as_commands() {
        let input = [msg(&[]), msg(&[0x00, 0xA4]), msg(&[0x00, 0xA4, 0x04])].concat();
        let (out, card, stats, result) = run(&input);
        assert!(result.is_ok());
        assert_eq!(out, msg(&[0x90, 0x00]).repeat(3));
        assert_eq!(
            card.commands,
            vec![vec![], vec![0x00, 0xA4], vec![0x00, 0xA4, 0x04]]
        );
        assert_eq!(stats.commands_while_off, 3);
    }

    #[test]
    fn carries_the_largest_payload() {
        let mut command = vec![0x80, 0xE2, 0x00, 0x00];
        command.resize(MAX_PAYLOAD, 0x5A);
        let (out, card, _, result) = run(&msg(&command));
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(out, msg(&[0x90, 0x00]));
        assert_eq!(card.commands, vec![command]);
    }

    #[test]
    fn rejects_a_truncated_length() {
        let input = [msg(&[4]), vec![0x00]].concat();
        let (out, _, _, result) = run(&input);
        assert_eq!(out, msg(&ATR));
        assert!(
            matches!(
                result,
                Err(VpcdError::Truncated {
                    part: "length",
                    offset: 3,
                    got: 1,
                    expected: 2
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn rejects_a_truncated_payload() {
        // Claims 0x0105 = 261 bytes, carries 5.
        let input = [vec![0x01, 0x05], vec![0x00, 0xA4, 0x04, 0x00, 0x00]].concat();
        let (out, card, _, result) = run(&input);
        assert!(out.is_empty());
        assert!(
            card.commands.is_empty(),
            "a partial command never reaches the card"
        );
        assert!(
            matches!(
                result,
                Err(VpcdError::Truncated {
                    part: "payload",
                    offset: 2,
                    got: 5,
                    expected: 261
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn rejects_a_maximal_length_with_no_payload() {
        let (_, _, _, result) = run(&[0xFF, 0xFF]);
        assert!(
            matches!(
                result,
                Err(VpcdError::Truncated {
                    part: "payload",
                    offset: 2,
                    got: 0,
                    expected: 65535
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn a_clean_end_between_messages_is_not_an_error() {
        let (out, _, stats, result) = run(&[]);
        assert!(out.is_empty());
        assert!(result.is_ok());
        assert_eq!(stats, VpcdStats::default());
    }

    #[derive(Debug)]
    struct Huge;

    impl Card for Huge {
        fn reset(&mut self) -> Vec<u8> {
            ATR.to_vec()
        }
        fn transmit(&mut self, _: &[u8]) -> Vec<u8> {
            vec![0; MAX_PAYLOAD + 1]
        }
    }

    #[test]
    fn ends_the_session_when_the_answer_cannot_be_framed() {
        let (mut reader_side, card_side) = UnixStream::pair().expect("socket pair");
        reader_side
            .write_all(&msg(&[0x00, 0xC0, 0x00, 0x00]))
            .expect("write");
        let (stats, result) = serve(&card_side, &mut Huge);
        assert_eq!(stats.commands, 1);
        assert!(
            matches!(
                result,
                Err(VpcdError::ResponseTooLong {
                    what: "response APDU",
                    len: 65536
                })
            ),
            "{result:?}"
        );
    }

    #[derive(Debug)]
    struct Panics;

    impl Card for Panics {
        fn reset(&mut self) -> Vec<u8> {
            ATR.to_vec()
        }
        fn transmit(&mut self, _: &[u8]) -> Vec<u8> {
            panic!("card bug")
        }
    }

    /// A connected pair of TCP streams on loopback: (the reader's end, the card's end).
    fn tcp_pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let card = TcpStream::connect(addr).expect("connect");
        let (reader, _) = listener.accept().expect("accept");
        (reader, card)
    }

    fn read_message(stream: &mut TcpStream) -> Vec<u8> {
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).expect("length");
        let mut payload = vec![0; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut payload).expect("payload");
        payload
    }

    #[test]
    fn server_thread_serves_until_stopped_and_returns_the_card() {
        let (mut reader, card_side) = tcp_pair();
        let server = VpcdServer::serve(card_side, Box::new(Recorder::default())).expect("serve");
        reader.write_all(&msg(&[1])).expect("power on");
        reader.write_all(&msg(&[4])).expect("atr");
        assert_eq!(read_message(&mut reader), ATR);
        reader
            .write_all(&msg(&[0x00, 0xB0, 0x00, 0x05]))
            .expect("command");
        assert_eq!(
            read_message(&mut reader),
            [0x05, 0x00, 0xB0, 0x00, 0x61, 0x00]
        );
        assert!(server.is_running());
        let outcome = server.stop();
        assert!(outcome.result.is_ok(), "{:?}", outcome.result);
        assert_eq!(outcome.stats.commands, 1);
        assert!(outcome.card.is_some());
        // The reader sees the connection closed.
        let mut rest = Vec::new();
        assert_eq!(reader.read_to_end(&mut rest).expect("eof"), 0);
    }

    #[test]
    fn server_thread_reports_a_malformed_stream() {
        let (mut reader, card_side) = tcp_pair();
        let server = VpcdServer::serve(card_side, Box::new(Recorder::default())).expect("serve");
        reader.write_all(&[0x00, 0x09, 0x00, 0xA4]).expect("write");
        reader.shutdown(Shutdown::Write).expect("shutdown");
        let mut rest = Vec::new();
        // The server closes its end when the session ends.
        let _ = reader.read_to_end(&mut rest);
        let outcome = server.stop();
        assert!(
            matches!(
                outcome.result,
                Err(VpcdError::Truncated {
                    part: "payload",
                    offset: 2,
                    got: 2,
                    expected: 9
                })
            ),
            "{:?}",
            outcome.result
        );
    }

    #[test]
    fn server_thread_survives_a_panicking_card() {
        let (mut reader, card_side) = tcp_pair();
        let server = VpcdServer::serve(card_side, Box::new(Panics)).expect("serve");
        reader
            .write_all(&msg(&[0x00, 0xA4, 0x00, 0x00]))
            .expect("write");
        let mut rest = Vec::new();
        let _ = reader.read_to_end(&mut rest);
        let outcome = server.stop();
        assert!(outcome.card.is_none());
        assert!(matches!(outcome.result, Err(VpcdError::CardPanicked)));
    }
}
