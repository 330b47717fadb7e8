//! The commands behind `pushwake` (wired up as the models, suites and adapters land).

use crate::{Cli, EXIT_USAGE};

pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    eprintln!("pushwake: {:?} is not wired up yet", cli.command);
    Ok(EXIT_USAGE)
}
