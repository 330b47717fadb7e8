//! A private pcscd with vsmartcard's virtual reader, for tests: the real PC/SC stack
//! (libpcsclite, pcscd, the vpcd IFD handler) between the tester and a card this process serves.
//!
//! [`Pcscd::start`] writes a `reader.conf.d` with one vpcd entry into a scratch directory and
//! starts `pcscd --foreground -c SCRATCH/reader.conf.d` (Debian `pcscd` 1.9.9 with
//! `vsmartcard-vpcd` 3.3) in new network and mount namespaces, in a new process group:
//! - network: the vpcd driver listens on all interfaces (0.0.0.0:35963 and :35964, observed), so
//!   it must not be reachable from the host; in its namespace only `lo` is up. The card server
//!   connects from inside it ([`crate::netns::NetNs::connect`]).
//! - mount: pcscd 1.9.9 creates its socket and pid file at the fixed paths
//!   `/run/pcscd/pcscd.comm` and `/run/pcscd/pcscd.pid` (it does not read `PCSCLITE_CSOCK_NAME`,
//!   only the client library does), and refuses to start when they exist; a tmpfs on `/run` in
//!   its namespace keeps it off a system pcscd's files. The driver directory
//!   `/usr/lib/pcsc/drivers` is hidden by an empty tmpfs too (the vpcd driver is bind-mounted
//!   to `/run/libifdvpcd.so` first), so this pcscd loads no USB driver and cannot claim a reader
//!   a system pcscd serves: it has exactly the two virtual readers.
//!
//! The tester's PC/SC client reaches it in one of two ways: in this process,
//! [`Pcscd::transport`] makes every PC/SC call from a thread that has joined pcscd's mount
//! namespace (libpcsclite connects to `/run/pcscd/pcscd.comm` in `SCardEstablishContext`, and
//! also `stat()`s that path whenever a wait times out, so a context established there but used
//! from another thread fails with SCARD_E_NO_SERVICE on the first timed-out wait: observed); from
//! a child process, set `PCSCLITE_CSOCK_NAME` to [`Pcscd::socket_path`] in its environment
//! (`/proc/PID/root/run/pcscd/pcscd.comm`, which resolves in pcscd's mount namespace).
//!
//! Dropping the harness sends SIGTERM to the process group, then SIGKILL after
//! [`PcscdConfig::stop_timeout`]. Requires root (namespaces, mounts, `setns`).

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process_group};
use rustix::thread::{LinkNameSpaceType, UnshareFlags, move_into_link_name_space};

use super::pcsc::PcscTransport;
use super::vpcd::{self, VpcdServer};
use super::{Card, TransportError};
use crate::netns::{NetNs, deadline_after, namespace_inode};

/// Where Debian installs the daemon.
pub const PCSCD: &str = "/usr/sbin/pcscd";
/// The vpcd IFD handler (Debian `vsmartcard-vpcd`).
pub const VPCD_DRIVER: &str = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
/// pcscd's driver directory (`usbdropdir`), hidden in the namespace.
pub const DRIVER_DIR: &str = "/usr/lib/pcsc/drivers";
/// The socket path pcscd 1.9.9 and libpcsclite use (compiled in; `PCSCLITE_CSOCK_NAME`
/// overrides it for the client library only).
pub const SOCKET: &str = "/run/pcscd/pcscd.comm";
/// Cap on the log tail quoted in errors.
pub const MAX_LOG_TAIL_BYTES: u64 = 4096;
/// Poll interval for start-up and shutdown waits.
const POLL: Duration = Duration::from_millis(20);

/// The shell step run inside the new namespaces before pcscd replaces it. `$0` is the vpcd
/// driver, `$1` the driver directory to hide, the rest pcscd and its arguments.
const SETUP: &str = "set -e; ip link set lo up; \
    mount -t tmpfs -o mode=0755,size=1m pushwake-pcscd /run; \
    : > /run/libifdvpcd.so; mount --bind \"$0\" /run/libifdvpcd.so; \
    mount -t tmpfs -o mode=0755,size=1k pushwake-no-drivers \"$1\"; \
    shift; exec \"$@\"";

/// Options of the private pcscd.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcscdConfig {
    /// The vpcd port of slot "Virtual PCD 00 00" (the driver's second slot listens on the next
    /// one). Inside the namespace, so the default never collides with the host.
    pub port: u16,
    /// pcscd logs APDUs and debug messages (`--apdu --debug`) to SCRATCH/pcscd.log.
    pub debug: bool,
    /// Bound on the start-up.
    pub startup_timeout: Duration,
    /// Time allowed after SIGTERM before SIGKILL.
    pub stop_timeout: Duration,
}

impl Default for PcscdConfig {
    fn default() -> Self {
        Self {
            port: vpcd::DEFAULT_PORT,
            debug: false,
            startup_timeout: Duration::from_secs(10),
            stop_timeout: Duration::from_secs(5),
        }
    }
}

impl PcscdConfig {
    /// The `reader.conf.d` entry: vpcd reads its port from the channel id (DEVICENAME
    /// `/dev/null:PORT` is what Debian's entry carries; CHANNELID is what the driver uses).
    pub fn reader_conf(&self) -> String {
        format!(
            "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x{port:04X}\nLIBPATH      /run/libifdvpcd.so\nCHANNELID    0x{port:04X}\n",
            port = self.port
        )
    }
}

/// Why the harness could not start pcscd.
#[derive(Debug, thiserror::Error)]
pub enum PcscdError {
    /// A prerequisite is missing (not root, no namespaces, pcscd or vpcd not installed).
    #[error("pcscd harness unavailable: {0}")]
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
    /// Start-up did not finish in time.
    #[error("timed out after {waited:?} waiting for {what}; pcscd log:\n{log}")]
    StartupTimeout {
        /// The step.
        what: &'static str,
        /// How long it waited.
        waited: Duration,
        /// The log tail.
        log: String,
    },
    /// The card could not be served.
    #[error("serving the card to vpcd: {0}")]
    Vpcd(#[from] super::vpcd::VpcdError),
    /// pcscd (or the set-up step before it) exited during start-up.
    #[error("pcscd exited during start-up ({status}); log:\n{log}")]
    Exited {
        /// Its exit status.
        status: String,
        /// The log tail.
        log: String,
    },
}

fn io_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> PcscdError {
    let what = what.into();
    move |source| PcscdError::Io { what, source }
}

/// A running pcscd in namespaces of its own. Stopped on drop, or earlier by [`Pcscd::stop`].
#[derive(Debug)]
pub struct Pcscd {
    config: PcscdConfig,
    scratch: PathBuf,
    pid: u32,
    pgid: Pid,
    child: Mutex<Option<Child>>,
    netns: NetNs,
    mntns: File,
    startup: Duration,
}

fn unpoisoned<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pcscd {
    /// Checks what the harness needs: root, `unshare`, `ip`, `mount`, `sh`, pcscd and the vpcd
    /// driver. `.ci/run` installs them (Debian pcscd, vsmartcard-vpcd).
    pub fn preflight() -> Result<(), PcscdError> {
        let euid = rustix::process::geteuid();
        if !euid.is_root() {
            return Err(PcscdError::Unavailable(format!(
                "needs root for network and mount namespaces (euid {})",
                euid.as_raw()
            )));
        }
        for tool in ["unshare", "ip", "mount", "sh"] {
            if find_in_path(tool).is_none() {
                return Err(PcscdError::Unavailable(format!(
                    "`{tool}` not found in PATH"
                )));
            }
        }
        for (file, package) in [(PCSCD, "pcscd"), (VPCD_DRIVER, "vsmartcard-vpcd")] {
            if !Path::new(file).is_file() {
                return Err(PcscdError::Unavailable(format!(
                    "{file} missing: install Debian {package} (.ci/run does)"
                )));
            }
        }
        Ok(())
    }

    /// Writes the reader configuration into `scratch` (created if needed) and starts pcscd;
    /// returns once its socket exists and the vpcd driver listens.
    pub fn start(scratch: &Path, config: PcscdConfig) -> Result<Self, PcscdError> {
        Self::preflight()?;
        let t0 = Instant::now();
        let deadline = deadline_after(t0, config.startup_timeout);
        fs::create_dir_all(scratch).map_err(io_err(format!("creating {}", scratch.display())))?;
        let scratch = fs::canonicalize(scratch).map_err(io_err("canonicalizing scratch dir"))?;
        let conf_dir = scratch.join("reader.conf.d");
        fs::create_dir_all(&conf_dir).map_err(io_err("creating reader.conf.d"))?;
        fs::write(conf_dir.join("vpcd"), config.reader_conf())
            .map_err(io_err("writing reader.conf.d/vpcd"))?;
        let log = scratch.join("pcscd.log");
        let log_file = File::create(&log).map_err(io_err("creating pcscd.log"))?;
        let log_err = log_file.try_clone().map_err(io_err("cloning pcscd.log"))?;

        let host_net =
            namespace_inode(Path::new("/proc/self/ns/net")).map_err(io_err("reading own netns"))?;
        let host_mnt =
            namespace_inode(Path::new("/proc/self/ns/mnt")).map_err(io_err("reading own mntns"))?;

        let mut command = Command::new("unshare");
        command
            .args(["--net", "--mount", "--propagation", "private", "--"])
            .args([
                "sh",
                "-c",
                SETUP,
                VPCD_DRIVER,
                DRIVER_DIR,
                PCSCD,
                "--foreground",
            ])
            .arg("--config")
            .arg(&conf_dir);
        if config.debug {
            command.args(["--apdu", "--debug"]);
        }
        let child = command
            .current_dir(&scratch)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .process_group(0)
            .spawn()
            .map_err(io_err("spawning unshare/pcscd"))?;
        let pid = child.id();
        let pgid = Pid::from_child(&child);
        // Until the namespaces exist, the handles point at our own (opened before anything can
        // fail in a way that leaks the child: the struct's Drop stops it).
        let mut pcscd = Self {
            config,
            scratch,
            pid,
            pgid,
            child: Mutex::new(Some(child)),
            netns: NetNs::open(Path::new("/proc/self/ns/net"))
                .map_err(io_err("opening own netns"))?,
            mntns: File::open("/proc/self/ns/mnt").map_err(io_err("opening own mntns"))?,
            startup: Duration::ZERO,
        };

        let net_path = PathBuf::from(format!("/proc/{pid}/ns/net"));
        let mnt_path = PathBuf::from(format!("/proc/{pid}/ns/mnt"));
        pcscd.wait_until(deadline, "pcscd's namespaces", |p| {
            p.check_alive()?;
            let moved = namespace_inode(&net_path).is_ok_and(|i| i != host_net)
                && namespace_inode(&mnt_path).is_ok_and(|i| i != host_mnt);
            Ok(moved.then_some(()))
        })?;
        pcscd.netns = NetNs::open(&net_path).map_err(io_err("opening pcscd's netns"))?;
        pcscd.mntns = File::open(&mnt_path).map_err(io_err("opening pcscd's mntns"))?;

        // Ready: the socket exists in its mount namespace and the driver listens (read from
        // /proc/PID/net/tcp: a probe connection would be taken for the card).
        let socket = pcscd.socket_path();
        let tcp = PathBuf::from(format!("/proc/{pid}/net/tcp"));
        let port = pcscd.config.port;
        pcscd.wait_until(deadline, "pcscd's socket and the vpcd port", |p| {
            p.check_alive()?;
            let listening = fs::read_to_string(&tcp).is_ok_and(|t| listens(&t, port));
            Ok((listening && socket.exists()).then_some(()))
        })?;
        pcscd.startup = t0.elapsed();
        Ok(pcscd)
    }

    /// Polls `step` until it yields a value, the deadline passes, or it fails.
    fn wait_until<T>(
        &mut self,
        deadline: Instant,
        what: &'static str,
        mut step: impl FnMut(&mut Self) -> Result<Option<T>, PcscdError>,
    ) -> Result<T, PcscdError> {
        let start = Instant::now();
        loop {
            if let Some(v) = step(self)? {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                return Err(PcscdError::StartupTimeout {
                    what,
                    waited: start.elapsed(),
                    log: self.log_tail(),
                });
            }
            thread::sleep(POLL);
        }
    }

    fn check_alive(&mut self) -> Result<(), PcscdError> {
        let mut child = unpoisoned(&self.child);
        let Some(c) = child.as_mut() else {
            return Err(PcscdError::Exited {
                status: "stopped".to_owned(),
                log: String::new(),
            });
        };
        if let Some(status) = c.try_wait().map_err(io_err("waiting for pcscd"))? {
            drop(child);
            let log = self.log_tail();
            // unshare refused (no CAP_SYS_ADMIN, e.g. an unprivileged container): skip on purpose.
            if let Some(line) = log.lines().find(|l| l.starts_with("unshare:")) {
                return Err(PcscdError::Unavailable(format!(
                    "cannot create namespaces: {line}"
                )));
            }
            return Err(PcscdError::Exited {
                status: status.to_string(),
                log,
            });
        }
        Ok(())
    }

    /// The last [`MAX_LOG_TAIL_BYTES`] of pcscd's log.
    pub fn log_tail(&self) -> String {
        let read = || -> io::Result<String> {
            let mut file = File::open(self.scratch.join("pcscd.log"))?;
            let len = file.metadata()?.len();
            file.seek(SeekFrom::Start(len.saturating_sub(MAX_LOG_TAIL_BYTES)))?;
            let mut bytes = Vec::new();
            file.take(MAX_LOG_TAIL_BYTES).read_to_end(&mut bytes)?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        };
        read().unwrap_or_else(|e| format!("(no log: {e})"))
    }

    /// The network namespace pcscd runs in.
    pub fn netns(&self) -> &NetNs {
        &self.netns
    }

    /// The vpcd address of `slot` (0 or 1) inside the namespace.
    pub fn vpcd_addr(&self, slot: u8) -> SocketAddr {
        SocketAddr::V4(SocketAddrV4::new(
            Ipv4Addr::LOCALHOST,
            self.config.port.saturating_add(u16::from(slot)),
        ))
    }

    /// The PC/SC name of the reader of `slot` (0 or 1): "Virtual PCD 00 00", "Virtual PCD 00 01".
    pub fn reader_name(slot: u8) -> String {
        format!("Virtual PCD 00 {slot:02}")
    }

    /// Serves `card` as the virtual card of `slot`, from inside the namespace.
    pub fn serve_card(&self, slot: u8, card: Box<dyn Card>) -> Result<VpcdServer, PcscdError> {
        let addr = self.vpcd_addr(slot);
        let stream = self
            .netns
            .connect(addr, Duration::from_secs(2))
            .map_err(io_err(format!(
                "connecting to vpcd at {addr} in pcscd's namespace"
            )))?;
        Ok(VpcdServer::serve(stream, card)?)
    }

    /// A transport to the card in `reader` of this pcscd, waiting up to `card_wait` for it. Its
    /// PC/SC thread joins pcscd's mount namespace first, where `/run/pcscd/pcscd.comm` is this
    /// pcscd's socket, and makes every PC/SC call from there.
    pub fn transport(
        &self,
        reader: &str,
        card_wait: Duration,
    ) -> Result<PcscTransport, TransportError> {
        let fd = self
            .mntns
            .try_clone()
            .map_err(|e| TransportError(format!("pcscd harness: cloning the mntns handle: {e}")))?;
        PcscTransport::open_with(reader, card_wait, move || {
            let fail =
                |what: &str, e: io::Error| TransportError(format!("pcscd harness: {what}: {e}"));
            // A thread shares its root and working directory with the process; setns(2) into a
            // mount namespace needs them unshared (the kernel refuses otherwise).
            unshare_fs().map_err(|e| fail("unshare(CLONE_FS)", e))?;
            move_into_link_name_space(fd.as_fd(), Some(LinkNameSpaceType::Mount))
                .map_err(|e| fail("joining pcscd's mount namespace", e.into()))
        })
    }

    /// The socket path for a PC/SC client in another process: put it in that process's
    /// environment as `PCSCLITE_CSOCK_NAME`.
    pub fn socket_path(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root{SOCKET}", self.pid))
    }

    /// How long start-up took (spawn to ready).
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// The scratch directory (reader.conf.d, pcscd.log).
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Stops pcscd: SIGTERM to its process group, SIGKILL after the stop timeout. Idempotent.
    pub fn stop(&self) {
        let mut child = unpoisoned(&self.child);
        let Some(mut c) = child.take() else {
            return;
        };
        // The group may be gone already; nothing to do about an error here.
        let _ = kill_process_group(self.pgid, Signal::TERM);
        let deadline = deadline_after(Instant::now(), self.config.stop_timeout);
        while Instant::now() < deadline {
            if !matches!(c.try_wait(), Ok(None)) {
                return;
            }
            thread::sleep(POLL);
        }
        let _ = kill_process_group(self.pgid, Signal::KILL);
        let _ = c.kill();
        let _ = c.wait();
    }
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `unshare(CLONE_FS)` for the calling thread: its own root, working directory and umask.
#[allow(unsafe_code)]
fn unshare_fs() -> io::Result<()> {
    // SAFETY: `unshare_unsafe` is unsafe because of CLONE_FILES (a thread could then be handed
    // file descriptors from a table it no longer shares). Only CLONE_FS is given here: the file
    // descriptor table stays shared, so every descriptor stays valid in every thread.
    unsafe { rustix::thread::unshare_unsafe(UnshareFlags::FS) }.map_err(io::Error::from)
}

/// Whether `/proc/net/tcp` text shows a socket listening on `port` (any local address).
fn listens(proc_net_tcp: &str, port: u16) -> bool {
    let port_hex = format!(":{port:04X}");
    proc_net_tcp.lines().skip(1).any(|line| {
        let mut fields = line.split_whitespace();
        let local = fields.nth(1);
        let state = fields.nth(1);
        local.is_some_and(|l| l.ends_with(&port_hex)) && state == Some("0A")
    })
}

fn find_in_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two lines of /proc/PID/net/tcp as seen in pcscd's namespace (pcscd 1.9.9, vpcd 3.3).
    const OBSERVED: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:8C7B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123 1 0000000000000000 100 0 0 10 0\n   1: 0100007F:8C7C 0100007F:9A10 01 00000000:00000000 00:00000000 00000000     0        0 124 1 0000000000000000 100 0 0 10 0\n";

    #[test]
    fn finds_the_listening_vpcd_port() {
        assert!(listens(OBSERVED, 35963));
        // 0x8C7C is only an established connection, not a listener.
        assert!(!listens(OBSERVED, 35964));
        assert!(!listens("", 35963));
    }

    #[test]
    fn reader_conf_names_the_port_in_hex() {
        let conf = PcscdConfig::default().reader_conf();
        assert!(conf.contains("CHANNELID    0x8C7B\n"), "{conf}");
        assert!(conf.contains("DEVICENAME   /dev/null:0x8C7B\n"), "{conf}");
        assert_eq!(Pcscd::reader_name(1), "Virtual PCD 00 01");
    }
}
