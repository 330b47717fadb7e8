//! Reference implementations of the PPG protocol roles, sans-IO, written from the specifications
//! (WAP-247-PAP, WAP-235-PushOTA, WAP-249-PPGService, OMA-RD-SIP_Push seed 004) and the shared
//! requirement ids, independently of the model, so that a differential check between the two
//! means something.
//!
//! - [`ppg::Ppg`]: the Push Proxy Gateway (adapter `reference:ppg`).
//! - [`push_client::PushClient`]: the push client on the device (adapter `reference:push-client`).
//! - [`ota`]: the abstract over-the-air messages between them.
//! - [`crate::ppg::mutants`]: deliberate, named bugs in each (`reference:ppg?mutant=NAME`).
//!
//! What it is not: no I/O and no clock (quinn-proto style: `handle_*` inputs with the time passed
//! in, `poll_*` outputs); no XML (the typed messages of `pushwake_codecs::pap` come in and go out).

pub mod ota;
pub mod ppg;
pub mod push_client;
