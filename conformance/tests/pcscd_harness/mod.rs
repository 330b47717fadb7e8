//! What the PC/SC tests share: a private pcscd, or the reason it cannot start here.

use pushwake_conformance::dmsc::pcscd::{Pcscd, PcscdConfig, PcscdError};
use std::path::PathBuf;

/// A private pcscd with `config`, its files under the test's scratch directory `name`; `None`
/// (the test says SKIPPED and passes) where it cannot run, unless the environment variable `CI`
/// is set: then the test fails.
pub fn start_or_skip(name: &str, config: PcscdConfig) -> Option<Pcscd> {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    match Pcscd::start(&scratch, config) {
        Ok(pcscd) => Some(pcscd),
        Err(e @ PcscdError::Unavailable(_)) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{e}\nCI is set, so this test must run: run it as root after .ci/run's install step"
            );
            println!("SKIPPED: {e} (runs as root with pcscd and vsmartcard-vpcd installed)");
            None
        }
        Err(e) => panic!("pcscd did not start: {e}"),
    }
}
