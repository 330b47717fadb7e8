//! The wake-up protocol's message kinds for `pushwake decode` / `encode`: none of its own. Its
//! wires are the smart-card kinds every DM Smart Card protocol shares, which the codecs' table
//! holds ([`crate::kinds::KINDS`]: `apdu`, `rapdu`, `envelope`, `proactive`, `terminal-profile`,
//! `terminal-response`, `status-word`).

use crate::kinds::Kind;

/// The wake-up protocol's own kinds (none: see the module documentation).
pub const KINDS: &[Kind] = &[];
