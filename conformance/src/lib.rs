//! pushwake-conformance: conformance vectors from the pushwake models, and everything that runs them.
//!
//! What it is: the protocol registry ([`protocol`]: one entry per protocol, e.g. [`ppg`]), the
//! vector format ([`vector`]) and its JSON Schema, the requirement registry ([`requirements`]),
//! ICS applicability ([`ics`]), model checking for the CLI ([`check`]), the adapter trait
//! ([`adapter`]), the model as an online oracle ([`oracle`]) and the runner ([`runner`]). The
//! `pushwake` binary is built on it.
//!
//! What it is not: it writes no reports itself (pushwake-reports consumes its run events) and the
//! runner holds no protocol knowledge (adapters and wire bindings do).

pub mod adapter;
pub mod binding;
pub mod check;
pub mod dm_trigger;
pub mod dmsc;
pub mod generate;
pub mod ics;
pub mod iut;
pub mod kinds;
pub mod mutant;
pub mod netns;
pub mod oracle;
pub mod ppg;
pub mod protocol;
pub mod requirements;
pub mod runner;
pub mod suites;
pub mod vector;
pub mod wakeup;
