//! Wire adapters: talking to real implementations under test over their real interfaces.
//!
//! - [`pap_http`]: a Push Initiator's PAP-over-HTTP client (PAP 2.0 section 8).
//! - [`kannel`]: Kannel's PPG started in its own network namespace, with the fake SMSC as the
//!   observable over-the-air side.
//! - [`netns`]: opening sockets inside another process's network namespace.

pub mod kannel;
pub mod netns;
pub mod pap_http;

use std::time::{Duration, Instant};

/// `start + timeout`, saturating at about a year for absurd timeouts (Instant + Duration panics
/// on overflow).
pub(crate) fn deadline_after(start: Instant, timeout: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(365 * 24 * 3600);
    start.checked_add(timeout.min(FAR)).unwrap_or(start)
}
