//! (work in progress)

pub mod reference;
