//! The commands behind `pushwake`.

use crate::{Cli, Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, ListWhat};
use anyhow::{Context, bail};
use pushwake_conformance::models;

pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Some(Command::Check { model }) => check(model.as_deref()),
        Some(Command::List { what }) => list(what),
        Some(other) => {
            eprintln!("pushwake: {other:?} is not wired up yet");
            Ok(EXIT_USAGE)
        }
        None => {
            eprintln!("pushwake: the main job is not wired up yet");
            Ok(EXIT_USAGE)
        }
    }
}

/// `pushwake check [--model M]`.
pub fn check(model: Option<&str>) -> anyhow::Result<u8> {
    let names: Vec<&str> = match model {
        Some(m) => {
            if models::find(m).is_none() {
                bail!("unknown model {m:?}; known: {}", models::names());
            }
            vec![m]
        }
        None => models::MODELS.iter().map(|m| m.name).collect(),
    };
    let mut ok = true;
    for name in names {
        let report = models::check_default(name)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("checking {name}"))?;
        print!("{}", pushwake_conformance::check::render(&report));
        ok &= report.ok();
    }
    Ok(if ok { EXIT_OK } else { EXIT_FAILED })
}

/// `pushwake list ...`.
pub fn list(what: ListWhat) -> anyhow::Result<u8> {
    match what {
        ListWhat::Models => {
            for m in models::MODELS {
                println!("{:<12} {}", m.name, m.description);
            }
        }
        ListWhat::Roles => {
            for m in models::MODELS {
                for (role, what) in m.roles {
                    println!("{:<12} {:<12} {}", m.name, role, what);
                }
            }
        }
        ListWhat::Mutants => {
            for m in pushwake_conformance::reference::mutants::ppg_mutants() {
                println!(
                    "reference:ppg?mutant={:<32} {} [{}]",
                    m.name, m.description, m.requirement
                );
            }
            for m in pushwake_conformance::reference::mutants::push_client_mutants() {
                println!(
                    "reference:push-client?mutant={:<24} {} [{}]",
                    m.name, m.description, m.requirement
                );
            }
        }
        ListWhat::Kinds => {
            println!("(message kinds are wired up with the codecs)");
        }
    }
    Ok(EXIT_OK)
}
