//! Kannel's PPG (Debian `kannel` 1.4.5 + `kannel-extras`) as a real implementation under test.
//!
//! [`KannelPpg::start`] writes a `kannel.conf` from `conformance/src/ppg/kannel/kannel.conf.in` into a
//! scratch directory and starts, in a fresh network namespace where only `lo` is up:
//! 1. `bearerbox`, as `unshare --net -- sh -c 'ip link set lo up && exec bearerbox ...'` in a
//!    new process group (its PID is the namespace's anchor);
//! 2. the fake SMSC `/usr/lib/kannel/test/fakesmsc` (package `kannel-extras`), via
//!    `nsenter --net=/proc/PID/ns/net` into the same process group; it logs every SMS the PPG
//!    sends over the air on stderr ("Got message N: <...>"), which is captured line by line into
//!    a bounded buffer: this is the observable OTA side;
//! 3. `wapbox` (which hosts the PPG), the same way.
//!
//! The test process reaches the PPG through sockets opened inside the namespace
//! ([`crate::netns::NetNs`]); nothing is bound or reached outside it. Dropping the
//! harness sends SIGTERM to the process group, then SIGKILL after [`KannelConfig::stop_timeout`].
//! Requires root (namespaces, `setns`). Facts observed about Kannel: conformance/src/ppg/kannel/NOTES.md.

use std::collections::VecDeque;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use pushwake_codecs::hex;
use rustix::process::{Pid, Signal, kill_process_group};

use super::http::PapHttpClient;
use crate::netns::{NetNs, deadline_after, namespace_inode};

/// The configuration template (placeholders `@NAME@`).
pub const CONFIG_TEMPLATE: &str = include_str!("kannel.conf.in");

/// Where Debian installs the boxes and the fake SMSC.
pub const BEARERBOX: &str = "/usr/sbin/bearerbox";
/// The WAP box, which hosts the PPG.
pub const WAPBOX: &str = "/usr/sbin/wapbox";
/// The fake SMSC shipped by Debian `kannel-extras` (not by `kannel`).
pub const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";

/// Cap on the OTA messages kept from the fake SMSC; later ones are counted, not stored. A test
/// sends a handful of pushes.
pub const MAX_OTA_MESSAGES: usize = 1024;
/// Cap on one line read from the fake SMSC's stderr. A single SMS line is at most about
/// 160 octets of user data percent-encoded three times over plus prefixes (< 1 KiB); longer
/// lines are truncated at this cap.
pub const MAX_LINE_BYTES: usize = 8 * 1024;
/// Cap on the fake SMSC log lines kept for diagnostics (the most recent ones).
pub const MAX_LOG_TAIL: usize = 64;
/// How many times the fake SMSC is started again if it exits before bearerbox accepted it
/// (it panics when its first connection is refused).
const FAKESMSC_ATTEMPTS: u32 = 5;
/// Poll interval for start-up and shutdown waits.
const POLL: Duration = Duration::from_millis(50);

/// Ports and timeouts. All ports are on 127.0.0.1 inside the namespace, so the defaults (the
/// recipe in shared/specs/pap-ppg.md) never collide with anything on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KannelConfig {
    /// bearerbox's HTTP admin port.
    pub admin_port: u16,
    /// bearerbox's smsbox port (required by bearerbox with an SMSC group; no smsbox runs).
    pub smsbox_port: u16,
    /// bearerbox's wapbox port.
    pub wapbox_port: u16,
    /// The PPG's HTTP port (wapbox).
    pub ppg_port: u16,
    /// The port bearerbox listens on for the fake SMSC.
    pub fake_smsc_port: u16,
    /// The PPG's URL path.
    pub ppg_path: String,
    /// The SMS sender address the PPG uses (`global-sender`).
    pub global_sender: String,
    /// Admin password written to the config (bound to 127.0.0.1 in the namespace only).
    pub admin_password: String,
    /// Bound on the whole start-up.
    pub startup_timeout: Duration,
    /// Time allowed after SIGTERM before SIGKILL.
    pub stop_timeout: Duration,
}

impl Default for KannelConfig {
    fn default() -> Self {
        Self {
            admin_port: 13000,
            smsbox_port: 13001,
            wapbox_port: 13002,
            ppg_port: 18080,
            fake_smsc_port: 10010,
            ppg_path: "/wappush".to_owned(),
            global_sender: "1234".to_owned(),
            admin_password: "pushwake-test".to_owned(),
            startup_timeout: Duration::from_secs(20),
            stop_timeout: Duration::from_secs(5),
        }
    }
}

impl KannelConfig {
    /// The `kannel.conf` text for logs under `scratch`.
    pub fn render(&self, scratch: &Path) -> String {
        CONFIG_TEMPLATE
            .replace("@ADMIN_PORT@", &self.admin_port.to_string())
            .replace("@ADMIN_PASSWORD@", &self.admin_password)
            .replace("@SMSBOX_PORT@", &self.smsbox_port.to_string())
            .replace("@WAPBOX_PORT@", &self.wapbox_port.to_string())
            .replace("@PPG_PORT@", &self.ppg_port.to_string())
            .replace("@PPG_PATH@", &self.ppg_path)
            .replace("@GLOBAL_SENDER@", &self.global_sender)
            .replace("@FAKE_SMSC_PORT@", &self.fake_smsc_port.to_string())
            .replace("@SCRATCH@", &scratch.display().to_string())
    }
}

/// Why the harness could not start or drive Kannel.
#[derive(Debug, thiserror::Error)]
pub enum KannelError {
    /// A prerequisite is missing (not root, no `unshare`, Kannel not installed).
    #[error("Kannel PPG harness unavailable: {0}")]
    Unavailable(String),
    /// A file or process operation failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// A start-up step did not finish in time.
    #[error("timed out after {waited:?} waiting for {what}; {diagnostics}")]
    StartupTimeout {
        /// The step.
        what: &'static str,
        /// How long it waited.
        waited: Duration,
        /// Exit states and log tails.
        diagnostics: String,
    },
    /// A process exited during start-up.
    #[error("{process} exited during start-up ({status}); {diagnostics}")]
    Exited {
        /// Which process.
        process: &'static str,
        /// Its exit status.
        status: String,
        /// Log tails.
        diagnostics: String,
    },
}

fn io_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> KannelError {
    let what = what.into();
    move |source| KannelError::Io { what, source }
}

/// One SMS the PPG handed to the fake SMSC, as printed by `fakesmsc`:
/// `Got message N: <SENDER RECEIVER TYPE [UDH] DATA>` where UDH and DATA are URL-encoded
/// (Kannel `octstr_url_encode`: `%XX` upper-case hex, space as `+`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtaSms {
    /// The line between `<` and `>` exactly as printed.
    pub raw: String,
    /// Sender (the PPG's `global-sender`).
    pub sender: String,
    /// Receiver (the number from the PAP address).
    pub receiver: String,
    /// `text`, `data`, `udh`, ... as printed (`udh` for a WDP datagram).
    pub kind: String,
    /// The User Data Header (with its length octet), decoded.
    pub udh: Option<Vec<u8>>,
    /// The user data, decoded (for a push: the connectionless WSP Push PDU).
    pub data: Vec<u8>,
}

impl OtaSms {
    /// Parses the text between `<` and `>` of a fakesmsc "Got message" line.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut words = raw.split(' ');
        let sender = words.next()?.to_owned();
        let receiver = words.next()?.to_owned();
        let kind = words.next()?.to_owned();
        let (udh, data) = if kind == "udh" {
            let udh = url_decode(words.next()?)?;
            // fakesmsc prints "udh UDH data DATA" for binary messages with a UDH.
            let mut next = words.next()?;
            if next == "data" || next == "text" {
                next = words.next()?;
            }
            (Some(udh), url_decode(next)?)
        } else {
            (None, url_decode(&words.collect::<Vec<_>>().join(" "))?)
        };
        Some(Self {
            raw: raw.to_owned(),
            sender,
            receiver,
            kind,
            udh,
            data,
        })
    }

    /// The WDP ports from the UDH application port addressing IE (3GPP TS 23.040 9.2.3.24.3:
    /// IEI 0x05, 16-bit; 9.2.3.24.4: IEI 0x04, 8-bit), as (destination, originator).
    pub fn wdp_ports(&self) -> Option<(u16, u16)> {
        let udh = self.udh.as_deref()?;
        let (&udhl, ies) = udh.split_first()?;
        let mut ies = ies.get(..usize::from(udhl))?;
        while let [iei, len, rest @ ..] = ies {
            let (value, tail) = rest.split_at_checked(usize::from(*len))?;
            match (iei, value) {
                (0x05, [d1, d2, o1, o2]) => {
                    return Some((
                        u16::from_be_bytes([*d1, *d2]),
                        u16::from_be_bytes([*o1, *o2]),
                    ));
                }
                (0x04, [d, o]) => return Some((u16::from(*d), u16::from(*o))),
                _ => {}
            }
            ies = tail;
        }
        None
    }
}

impl fmt::Display for OtaSms {
    /// `SENDER RECEIVER KIND udh=HEX data=HEX`, hex bytes space-separated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = hex::encode_upper_spaced;
        write!(f, "{} {} {}", self.sender, self.receiver, self.kind)?;
        if let Some(udh) = &self.udh {
            write!(f, " udh={}", hex(udh))?;
        }
        write!(f, " data={}", hex(&self.data))
    }
}

/// Decodes `%XX` and `+` (space), as Kannel's `octstr_url_encode` produces them.
fn url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hi = hex::digit_value(bytes.next()?)?;
                let lo = hex::digit_value(bytes.next()?)?;
                out.push(hi << 4 | lo);
            }
            b'+' => out.push(b' '),
            _ => out.push(b),
        }
    }
    Some(out)
}

/// What the reader thread has seen on the fake SMSC's stderr.
#[derive(Debug, Default)]
struct OtaLog {
    messages: Vec<OtaSms>,
    dropped: usize,
    unparsed: Vec<String>,
    tail: VecDeque<String>,
    eof: bool,
}

#[derive(Debug, Default)]
struct OtaCapture {
    log: Mutex<OtaLog>,
    changed: Condvar,
}

impl OtaCapture {
    fn lock(&self) -> MutexGuard<'_, OtaLog> {
        // A poisoned lock only means a reader panicked mid-push; the data is still usable.
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push_line(&self, line: &str) {
        let mut log = self.lock();
        if log.tail.len() == MAX_LOG_TAIL {
            log.tail.pop_front();
        }
        log.tail.push_back(line.to_owned());
        if let Some(raw) = got_message_payload(line) {
            match OtaSms::parse(raw) {
                Some(sms) if log.messages.len() < MAX_OTA_MESSAGES => log.messages.push(sms),
                Some(_) => log.dropped += 1,
                None if log.unparsed.len() < MAX_OTA_MESSAGES => log.unparsed.push(raw.to_owned()),
                None => log.dropped += 1,
            }
        }
        drop(log);
        self.changed.notify_all();
    }
}

/// The `<...>` payload of a fakesmsc "Got message N: <...>" log line.
fn got_message_payload(line: &str) -> Option<&str> {
    let at = line.find("Got message ")?;
    let rest = line.get(at..)?;
    let open = rest.find(": <")?;
    let payload = rest.get(open + 3..)?;
    payload.strip_suffix('>')
}

fn spawn_reader(stderr: ChildStderr, capture: Arc<OtaCapture>) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stderr);
        let mut line = Vec::new();
        loop {
            line.clear();
            // Read at most MAX_LINE_BYTES + 1; an over-long line is truncated and the rest of
            // it skipped up to its newline.
            let n = match (&mut reader)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_until(b'\n', &mut line)
            {
                Ok(n) => n,
                Err(_) => break,
            };
            if n == 0 {
                break;
            }
            if line.last() != Some(&b'\n') && line.len() > MAX_LINE_BYTES {
                line.truncate(MAX_LINE_BYTES);
                let mut skip = Vec::new();
                while let Ok(k) = (&mut reader)
                    .take(MAX_LINE_BYTES as u64)
                    .read_until(b'\n', &mut skip)
                {
                    if k == 0 || skip.last() == Some(&b'\n') {
                        break;
                    }
                    skip.clear();
                }
            }
            let text = String::from_utf8_lossy(&line);
            capture.push_line(text.trim_end_matches(['\n', '\r']));
        }
        capture.lock().eof = true;
        capture.changed.notify_all();
    })
}

/// A running Kannel PPG in its own network namespace. Stopped on drop, or earlier by
/// [`KannelPpg::stop`] (through a shared reference, so the owner of a run can stop Kannel while
/// adapters of abandoned vectors still hold it).
pub struct KannelPpg {
    config: KannelConfig,
    scratch: PathBuf,
    pgid: Pid,
    children: Mutex<Vec<(&'static str, Child)>>,
    netns: Arc<NetNs>,
    ota: Arc<OtaCapture>,
    reader: Mutex<Option<JoinHandle<()>>>,
    startup: Duration,
}

/// A lock whose poisoning only means a panic elsewhere; the data is still usable.
fn unpoisoned<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl fmt::Debug for KannelPpg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KannelPpg")
            .field("scratch", &self.scratch)
            .field("pgid", &self.pgid)
            .field(
                "children",
                &unpoisoned(&self.children)
                    .iter()
                    .map(|(n, c)| (*n, c.id()))
                    .collect::<Vec<_>>(),
            )
            .field("netns", &self.netns.path())
            .field("startup", &self.startup)
            .finish_non_exhaustive()
    }
}

impl KannelPpg {
    /// Checks what the harness needs: root, `unshare`, `nsenter`, `ip`, bearerbox, wapbox and
    /// the fake SMSC. Run `.ci/install-kannel.sh` to install Kannel.
    pub fn preflight() -> Result<(), KannelError> {
        let euid = rustix::process::geteuid();
        if !euid.is_root() {
            return Err(KannelError::Unavailable(format!(
                "needs root for network namespaces (euid {})",
                euid.as_raw()
            )));
        }
        for tool in ["unshare", "nsenter", "ip", "sh"] {
            if find_in_path(tool).is_none() {
                return Err(KannelError::Unavailable(format!(
                    "`{tool}` not found in PATH"
                )));
            }
        }
        for bin in [BEARERBOX, WAPBOX, FAKESMSC] {
            if !Path::new(bin).is_file() {
                return Err(KannelError::Unavailable(format!(
                    "{bin} missing: run .ci/install-kannel.sh (Debian kannel + kannel-extras)"
                )));
            }
        }
        Ok(())
    }

    /// Writes the configuration into `scratch` (created if needed) and starts bearerbox, the
    /// fake SMSC and wapbox in a new network namespace; returns once the PPG port accepts
    /// connections and wapbox is attached to bearerbox.
    pub fn start(scratch: &Path, config: KannelConfig) -> Result<Self, KannelError> {
        Self::preflight()?;
        let t0 = Instant::now();
        let deadline = deadline_after(t0, config.startup_timeout);
        fs::create_dir_all(scratch).map_err(io_err(format!("creating {}", scratch.display())))?;
        let scratch = fs::canonicalize(scratch).map_err(io_err("canonicalizing scratch dir"))?;
        let conf = scratch.join("kannel.conf");
        fs::write(&conf, config.render(&scratch)).map_err(io_err("writing kannel.conf"))?;

        let host_ns =
            namespace_inode(Path::new("/proc/self/ns/net")).map_err(io_err("reading own netns"))?;
        // Stands in for Kannel's namespace until that exists (opened before any spawn, so a
        // failure here leaks no process).
        let placeholder_ns =
            NetNs::open(Path::new("/proc/self/ns/net")).map_err(io_err("opening own netns"))?;

        // 1. bearerbox, the namespace anchor, leader of a new process group.
        let bearerbox = Command::new("unshare")
            .args([
                "--net",
                "--",
                "sh",
                "-c",
                "ip link set lo up && exec \"$0\" -v 1 \"$1\"",
            ])
            .arg(BEARERBOX)
            .arg(&conf)
            .current_dir(&scratch)
            .stdin(Stdio::null())
            .stdout(log_file(&scratch, "bearerbox.stdout")?)
            .stderr(log_file(&scratch, "bearerbox.stderr")?)
            .process_group(0)
            .spawn()
            .map_err(io_err("spawning unshare/bearerbox"))?;
        let bb_pid = bearerbox.id();
        let pgid = Pid::from_child(&bearerbox);
        let mut ppg = Self {
            config,
            scratch,
            pgid,
            children: Mutex::new(vec![("bearerbox", bearerbox)]),
            // Replaced below once bearerbox's namespace exists.
            netns: Arc::new(placeholder_ns),
            ota: Arc::new(OtaCapture::default()),
            reader: Mutex::new(None),
            startup: Duration::ZERO,
        };

        // Wait until the child has left our namespace (unshare ran), then hold its namespace.
        let ns_path = PathBuf::from(format!("/proc/{bb_pid}/ns/net"));
        ppg.wait_until(deadline, "bearerbox's new network namespace", |p| {
            if namespace_inode(&ns_path).is_ok_and(|ino| ino != host_ns) {
                return Ok(Some(()));
            }
            p.check_alive()
                .map_err(|e| p.unshare_refused().unwrap_or(e))?;
            Ok(None)
        })?;
        ppg.netns = Arc::new(NetNs::open(&ns_path).map_err(io_err("opening bearerbox's netns"))?);

        // bearerbox is up when its admin port (127.0.0.1 in the namespace) accepts.
        let admin = loopback(ppg.config.admin_port);
        ppg.wait_until(deadline, "bearerbox admin port", |p| {
            p.check_alive()?;
            Ok(p.netns.connect(admin, POLL).ok().map(drop))
        })?;

        // 2. The fake SMSC; retried while bearerbox's SMSC port is not yet listening.
        let mut attempt = 0;
        loop {
            attempt += 1;
            ppg.spawn_fakesmsc(&ns_path)?;
            let connected = ppg.wait_until(deadline, "fake SMSC connection", |p| {
                if p.log_contains("bearerbox.stderr", "Fakesmsc client connected") {
                    return Ok(Some(true));
                }
                if let Some((_, c)) = p.children_mut().iter_mut().find(|(n, _)| *n == "fakesmsc")
                    && c.try_wait()
                        .map_err(io_err("waiting for fakesmsc"))?
                        .is_some()
                {
                    return Ok(Some(false));
                }
                p.check_alive()?;
                Ok(None)
            })?;
            if connected {
                break;
            }
            ppg.children_mut().retain(|(n, _)| *n != "fakesmsc");
            if attempt >= FAKESMSC_ATTEMPTS {
                return Err(KannelError::Exited {
                    process: "fakesmsc",
                    status: format!("exited {attempt} times before connecting"),
                    diagnostics: ppg.diagnostics(),
                });
            }
            thread::sleep(POLL * 4);
        }

        // 3. wapbox, hosting the PPG.
        let wapbox = nsenter(&ns_path, WAPBOX)
            .args(["-v", "1"])
            .arg(&conf)
            .current_dir(&ppg.scratch)
            .stdin(Stdio::null())
            .stdout(log_file(&ppg.scratch, "wapbox.stdout")?)
            .stderr(log_file(&ppg.scratch, "wapbox.stderr")?)
            .process_group(pgid.as_raw_pid())
            .spawn()
            .map_err(io_err("spawning wapbox"))?;
        ppg.children_mut().push(("wapbox", wapbox));
        let ppg_addr = loopback(ppg.config.ppg_port);
        ppg.wait_until(deadline, "PPG port and wapbox attached to bearerbox", |p| {
            p.check_alive()?;
            let attached = p.log_contains("wapbox.stderr", "Connected to bearerbox");
            Ok((attached && p.netns.connect(ppg_addr, POLL).is_ok()).then_some(()))
        })?;
        ppg.startup = t0.elapsed();
        Ok(ppg)
    }

    fn spawn_fakesmsc(&mut self, ns_path: &Path) -> Result<(), KannelError> {
        // -v 0: fakesmsc logs received messages at debug level only ("Got message N: <...>").
        // -m 0: send no mobile-originated message; the message argument is still required.
        let mut fake = nsenter(ns_path, FAKESMSC)
            .args(["-v", "0", "-H", "127.0.0.1", "-r"])
            .arg(self.config.fake_smsc_port.to_string())
            .args(["-m", "0", "1 2 text x"])
            .current_dir(&self.scratch)
            .stdin(Stdio::null())
            .stdout(log_file(&self.scratch, "fakesmsc.stdout")?)
            .stderr(Stdio::piped())
            .process_group(self.pgid.as_raw_pid())
            .spawn()
            .map_err(io_err("spawning fakesmsc"))?;
        // A previous attempt's reader has seen EOF (its process exited): retire it so its
        // end-of-stream flag does not cut short waits on this one.
        if let Some(old) = self.reader_mut().take() {
            let _ = old.join();
        }
        self.ota.lock().eof = false;
        if let Some(stderr) = fake.stderr.take() {
            *self.reader_mut() = Some(spawn_reader(stderr, Arc::clone(&self.ota)));
        }
        self.children_mut().push(("fakesmsc", fake));
        Ok(())
    }

    /// Polls `step` until it yields a value, the deadline passes, or it fails.
    fn wait_until<T>(
        &mut self,
        deadline: Instant,
        what: &'static str,
        mut step: impl FnMut(&mut Self) -> Result<Option<T>, KannelError>,
    ) -> Result<T, KannelError> {
        let start = Instant::now();
        loop {
            if let Some(v) = step(self)? {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                return Err(KannelError::StartupTimeout {
                    what,
                    waited: start.elapsed(),
                    diagnostics: self.diagnostics(),
                });
            }
            thread::sleep(POLL);
        }
    }

    fn children_mut(&mut self) -> &mut Vec<(&'static str, Child)> {
        self.children
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn reader_mut(&mut self) -> &mut Option<JoinHandle<()>> {
        self.reader
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Fails if bearerbox or wapbox has exited.
    fn check_alive(&mut self) -> Result<(), KannelError> {
        for (name, child) in self.children_mut() {
            if *name == "fakesmsc" {
                continue;
            }
            if let Some(status) = child
                .try_wait()
                .map_err(io_err(format!("waiting for {name}")))?
            {
                let process = *name;
                return Err(KannelError::Exited {
                    process,
                    status: status.to_string(),
                    diagnostics: self.diagnostics(),
                });
            }
        }
        Ok(())
    }

    /// `Unavailable` when `unshare` itself was refused (no CAP_SYS_ADMIN, e.g. in an
    /// unprivileged container), so that the test can be skipped on purpose.
    fn unshare_refused(&self) -> Option<KannelError> {
        let text = fs::read_to_string(self.scratch.join("bearerbox.stderr")).ok()?;
        let line = text.lines().find(|l| l.starts_with("unshare:"))?;
        Some(KannelError::Unavailable(format!(
            "cannot create a network namespace: {line}"
        )))
    }

    fn log_contains(&self, file: &str, needle: &str) -> bool {
        fs::read(self.scratch.join(file))
            .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
    }

    /// The last lines of each box's stderr and of the fake SMSC, for error messages.
    pub fn diagnostics(&self) -> String {
        let mut out = String::new();
        for file in ["bearerbox.stderr", "wapbox.stderr"] {
            if let Ok(text) = fs::read_to_string(self.scratch.join(file)) {
                let lines: Vec<&str> = text.lines().collect();
                let from = lines.len().saturating_sub(10);
                out.push_str(&format!(
                    "--- {file} (last lines)\n{}\n",
                    lines.get(from..).unwrap_or_default().join("\n")
                ));
            }
        }
        let log = self.ota.lock();
        out.push_str("--- fakesmsc stderr (last lines)\n");
        for line in log.tail.iter().rev().take(10).rev() {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// A PAP client for this PPG (connections opened inside the namespace).
    pub fn pap_client(&self) -> PapHttpClient {
        PapHttpClient::in_namespace(
            Arc::clone(&self.netns),
            loopback(self.config.ppg_port),
            &self.config.ppg_path,
        )
    }

    /// The PPG URL as seen from inside the namespace.
    pub fn ppg_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}{}",
            self.config.ppg_port, self.config.ppg_path
        )
    }

    /// The namespace every Kannel process runs in.
    pub fn netns(&self) -> &Arc<NetNs> {
        &self.netns
    }

    /// How long start-up took (spawn of bearerbox to PPG ready).
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// The scratch directory (kannel.conf and the boxes' logs).
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// The configuration in use.
    pub fn config(&self) -> &KannelConfig {
        &self.config
    }

    /// Every SMS seen so far on the OTA side.
    pub fn ota_messages(&self) -> Vec<OtaSms> {
        self.ota.lock().messages.clone()
    }

    /// "Got message" payloads fakesmsc printed that did not parse.
    pub fn ota_unparsed(&self) -> Vec<String> {
        self.ota.lock().unparsed.clone()
    }

    /// Waits until at least `count` OTA messages were seen or `timeout` passes; returns all
    /// seen (possibly fewer than `count`).
    pub fn wait_for_ota(&self, count: usize, timeout: Duration) -> Vec<OtaSms> {
        let deadline = deadline_after(Instant::now(), timeout);
        let mut log = self.ota.lock();
        loop {
            let now = Instant::now();
            if log.messages.len() >= count || log.eof || now >= deadline {
                return log.messages.clone();
            }
            // deadline > now: checked just above.
            log = match self.ota.changed.wait_timeout(log, deadline - now) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Stops every process: SIGTERM to the group, SIGKILL after the stop timeout. Idempotent;
    /// requests after it fail (connection refused), which ends a vector in `error`.
    pub fn stop(&self) {
        let mut children = unpoisoned(&self.children);
        if children.is_empty() {
            return;
        }
        // The group may already be gone; errors here are not actionable.
        let _ = kill_process_group(self.pgid, Signal::TERM);
        let deadline = deadline_after(Instant::now(), self.config.stop_timeout);
        while Instant::now() < deadline {
            children.retain_mut(|(_, c)| matches!(c.try_wait(), Ok(None)));
            if children.is_empty() {
                break;
            }
            thread::sleep(POLL);
        }
        if !children.is_empty() {
            let _ = kill_process_group(self.pgid, Signal::KILL);
            for (_, c) in children.iter_mut() {
                let _ = c.kill();
                let _ = c.wait();
            }
            children.clear();
        }
        drop(children);
        if let Some(reader) = unpoisoned(&self.reader).take() {
            let _ = reader.join();
        }
    }
}

impl Drop for KannelPpg {
    fn drop(&mut self) {
        self.stop();
    }
}

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
}

fn nsenter(ns_path: &Path, program: &str) -> Command {
    let mut cmd = Command::new("nsenter");
    cmd.arg(format!("--net={}", ns_path.display()))
        .arg("--")
        .arg(program);
    cmd
}

fn log_file(scratch: &Path, name: &str) -> Result<File, KannelError> {
    File::create(scratch.join(name)).map_err(io_err(format!("creating {name}")))
}

fn find_in_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a panic is the failure report
mod tests {
    use super::*;

    /// The exact line fakesmsc printed for a text/plain push of "hello" (NOTES.md).
    const OBSERVED: &str = "2026-11-23 19:49:08 [21461] [0] DEBUG: Got message 1: <1234 +15551234567 udh \
        %06%05%04%0B%84%23%F0 data %00%06%14%83%A9curl%2F7.88.1%00%80%80%8D%85%C3%93hello>";

    #[test]
    fn parses_observed_fakesmsc_push_line() {
        let raw = got_message_payload(OBSERVED).unwrap();
        let sms = OtaSms::parse(raw).unwrap();
        assert_eq!(sms.sender, "1234");
        assert_eq!(sms.receiver, "+15551234567");
        assert_eq!(sms.kind, "udh");
        assert_eq!(
            sms.udh.as_deref(),
            Some(&[0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0][..])
        );
        assert_eq!(sms.wdp_ports(), Some((2948, 9200)));
        assert_eq!(sms.data.get(..3), Some(&[0x00, 0x06, 0x14][..]));
        assert!(sms.data.ends_with(b"hello"));
    }

    #[test]
    fn url_decode_maps_plus_to_space_and_rejects_bad_escape() {
        assert_eq!(url_decode("a+b%2Bc%25d").as_deref(), Some(&b"a b+c%d"[..]));
        assert_eq!(url_decode("%4"), None);
        assert_eq!(url_decode("%zz"), None);
    }

    #[test]
    fn wdp_ports_handles_8_bit_ie_and_truncated_udh() {
        let sms = |udh: &[u8]| OtaSms {
            raw: String::new(),
            sender: String::new(),
            receiver: String::new(),
            kind: "udh".into(),
            udh: Some(udh.to_vec()),
            data: Vec::new(),
        };
        assert_eq!(
            sms(&[0x04, 0x04, 0x02, 0x10, 0x20]).wdp_ports(),
            Some((0x10, 0x20))
        );
        assert_eq!(sms(&[0x06, 0x05, 0x04, 0x0B]).wdp_ports(), None);
        assert_eq!(sms(&[0x05, 0x00, 0x03, 0x01, 0x02]).wdp_ports(), None);
    }

    #[test]
    fn config_renders_every_placeholder() {
        let text = KannelConfig::default().render(Path::new("/tmp/x"));
        let settings: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(settings.iter().all(|l| !l.contains('@')), "{text}");
        assert!(text.contains("ppg-port = 18080\n"));
        assert!(text.contains("log-file = \"/tmp/x/wapbox.log\"\n"));
    }

    /// The reader keeps going after an over-long line (truncated to the cap) and still
    /// parses the next "Got message" line.
    #[test]
    fn reader_truncates_long_lines_and_keeps_parsing() {
        let script = format!(
            "head -c {} /dev/zero | tr '\\0' a >&2; printf '\\nDEBUG: Got message 1: <1 2 text hi+there>\\n' >&2",
            MAX_LINE_BYTES * 3
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let capture = Arc::new(OtaCapture::default());
        let reader = spawn_reader(child.stderr.take().unwrap(), Arc::clone(&capture));
        reader.join().unwrap();
        child.wait().unwrap();
        let log = capture.lock();
        assert!(log.eof);
        assert_eq!(
            log.tail.len(),
            2,
            "{:?}",
            log.tail.iter().map(String::len).collect::<Vec<_>>()
        );
        assert_eq!(log.tail[0].len(), MAX_LINE_BYTES);
        assert_eq!(log.messages.len(), 1);
        assert_eq!(log.messages[0].kind, "text");
        assert_eq!(log.messages[0].data, b"hi there");
    }

    #[test]
    fn keeps_at_most_max_ota_messages() {
        let capture = OtaCapture::default();
        for i in 0..MAX_OTA_MESSAGES + 3 {
            capture.push_line(&format!("DEBUG: Got message {i}: <1 2 text x>"));
        }
        let log = capture.lock();
        assert_eq!(log.messages.len(), MAX_OTA_MESSAGES);
        assert_eq!(log.dropped, 3);
        assert_eq!(log.tail.len(), MAX_LOG_TAIL);
    }

    #[test]
    fn ignores_lines_without_got_message() {
        assert_eq!(got_message_payload("INFO: fakesmsc starting"), None);
    }
}
