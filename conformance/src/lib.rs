//! (work in progress)

pub mod wire;
