//! The sans-IO reference implementations of the DM Smart Card roles, at the APDU level, written
//! from the specifications (ETSI TS 102 221 / TS 102 223, the DM_SC TS and architecture seeds, OMA
//! DM Notification 1.2), not from the models, so that a differential check between the two means
//! something. Each is configurable so that one object serves both the `wakeup` and the
//! `dm_trigger` suites; their built-in mutants are in `uicc_mutants` and `terminal_mutants`.

pub mod terminal;
pub mod terminal_mutants;
pub mod uicc;
pub mod uicc_mutants;
#[cfg(test)]
mod uicc_tests;
