//! PAP 2.0 (WAP-247-PAP): the Push Access Protocol between a Push Initiator and a Push Proxy Gateway.
//!
//! [`types`] holds the typed messages (the contract other crates are written against); parsing,
//! writing, multipart/related framing and timestamps live beside it.

pub mod types;
pub use types::*;
