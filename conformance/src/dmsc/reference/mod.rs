//! The sans-IO reference implementations of the DM Smart Card protocols, at the APDU level,
//! written from the specifications (not from the models), each configurable so that one object
//! serves both the `wakeup` and the `dm_trigger` suites, and their built-in mutants.

pub mod uicc;
pub mod uicc_mutants;
#[cfg(test)]
mod uicc_tests;
