//! Reference implementations of the DM Smart Card roles at the APDU level, sans-IO, written from
//! the specifications (ETSI TS 102 221 / TS 102 223, the DM_SC TS and architecture seeds, OMA DM
//! Notification 1.2), not from the models, so that a differential check between the two means
//! something. Each serves both protocols (`wakeup`, `dm_trigger`) through its configuration.

pub mod terminal;
pub mod terminal_mutants;
