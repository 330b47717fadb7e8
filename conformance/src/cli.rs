//! The commands behind `pushwake`.

use crate::{Cli, Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, ListWhat};
use anyhow::{Context, bail};
use pushwake_conformance::{kinds, models};
use std::io::Read;

pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Some(Command::Check { model }) => check(model.as_deref()),
        Some(Command::List { what }) => list(what),
        Some(Command::Decode { kind, input }) => decode(&kind, &input),
        Some(Command::Encode { kind, input }) => encode(&kind, &input),
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
            for k in kinds::KINDS {
                println!("{:<20} {}", k.name, k.description);
            }
        }
    }
    Ok(EXIT_OK)
}

fn kind(name: &str) -> anyhow::Result<&'static kinds::Kind> {
    kinds::find(name).ok_or_else(|| {
        let known: Vec<&str> = kinds::KINDS.iter().map(|k| k.name).collect();
        anyhow::anyhow!("unknown kind {name:?}; known: {}", known.join(", "))
    })
}

/// The bytes of a decode input: hex text (white space allowed), `@FILE` (raw bytes) or `-` (raw
/// bytes on standard input).
fn input_bytes(input: &str) -> anyhow::Result<Vec<u8>> {
    if input == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        return Ok(buf);
    }
    if let Some(path) = input.strip_prefix('@') {
        return std::fs::read(path).with_context(|| format!("reading {path}"));
    }
    let digits: Vec<u8> = input.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        bail!("hex input has an odd number of digits ({})", digits.len());
    }
    digits
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            let text = std::str::from_utf8(pair).unwrap_or("??");
            u8::from_str_radix(text, 16)
                .map_err(|_| anyhow::anyhow!("not a hex digit pair {text:?} at byte {i}"))
        })
        .collect()
}

/// `pushwake decode --as KIND INPUT`.
pub fn decode(name: &str, input: &str) -> anyhow::Result<u8> {
    let kind = kind(name)?;
    let bytes = input_bytes(input)?;
    match (kind.decode)(&bytes) {
        Ok(json) => {
            println!("{}", serde_json::to_string_pretty(&json)?);
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("pushwake: {name}: {e}");
            Ok(EXIT_FAILED)
        }
    }
}

/// `pushwake encode --as KIND INPUT`: JSON text, `@FILE` or `-`, to uppercase hex.
pub fn encode(name: &str, input: &str) -> anyhow::Result<u8> {
    let kind = kind(name)?;
    let text = if input == "-" {
        let mut buf = String::new();
        std::io::stdin()
            .read_to_string(&mut buf)
            .context("reading standard input")?;
        buf
    } else if let Some(path) = input.strip_prefix('@') {
        std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?
    } else {
        input.to_owned()
    };
    let json: serde_json::Value = serde_json::from_str(&text).context("input is not JSON")?;
    match (kind.encode)(&json) {
        Ok(bytes) => {
            println!(
                "{}",
                bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()
            );
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("pushwake: {name}: {e}");
            Ok(EXIT_FAILED)
        }
    }
}
