//! Opening TCP connections inside another process's network namespace.
//!
//! The process under test (Kannel) runs in a network namespace of its own (`unshare --net`),
//! where only `lo` is up, so nothing it binds is reachable from the host. To talk to it the
//! harness opens each socket from a short-lived thread that first joins that namespace with
//! `setns(2)` (`CLONE_NEWNET` applies to the calling thread only); the socket stays bound to
//! the namespace it was created in and is then used from any thread. Needs `CAP_SYS_ADMIN`.

use std::fs::File;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use rustix::thread::{LinkNameSpaceType, move_into_link_name_space};

/// A handle on a network namespace: an open `/proc/PID/ns/net` link. Holding the file keeps the
/// namespace alive even after its last process exits.
#[derive(Debug)]
pub struct NetNs {
    file: File,
    path: PathBuf,
}

impl NetNs {
    /// Opens the network namespace of process `pid`.
    pub fn of_process(pid: u32) -> io::Result<Self> {
        Self::open(&PathBuf::from(format!("/proc/{pid}/ns/net")))
    }

    /// Opens a namespace link (`/proc/PID/ns/net` or an `ip netns` bind mount).
    pub fn open(path: &Path) -> io::Result<Self> {
        Ok(Self {
            file: File::open(path)?,
            path: path.to_owned(),
        })
    }

    /// The path this handle was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens a TCP connection to `addr` from inside this namespace.
    pub fn connect(&self, addr: SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
        self.run(|| TcpStream::connect_timeout(&addr, timeout))?
    }

    /// Runs `f` on a short-lived thread that has joined this namespace, and returns its result:
    /// every socket `f` creates (an HTTP client's connection included) belongs to the namespace.
    /// `Err` when the thread could not join it or `f` panicked.
    pub fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> io::Result<T> {
        let fd = self.file.try_clone()?;
        thread::scope(|s| {
            s.spawn(move || {
                move_into_link_name_space(fd.as_fd(), Some(LinkNameSpaceType::Network))?;
                Ok(f())
            })
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("namespace thread panicked")))
        })
    }
}

/// The inode of a namespace link, which identifies the namespace.
pub(crate) fn namespace_inode(path: &Path) -> io::Result<u64> {
    use std::os::unix::fs::MetadataExt;
    Ok(std::fs::metadata(path)?.ino())
}

/// `start + timeout`, saturating at about a year for absurd timeouts (Instant + Duration panics
/// on overflow).
pub(crate) fn deadline_after(
    start: std::time::Instant,
    timeout: std::time::Duration,
) -> std::time::Instant {
    const FAR: std::time::Duration = std::time::Duration::from_secs(365 * 24 * 3600);
    start.checked_add(timeout.min(FAR)).unwrap_or(start)
}
