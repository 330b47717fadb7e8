//! `pushwake`: the command line labs script against. See `pushwake --help` and README.md.
//!
//! Exit codes (documented, stable): 0 everything passed / every property holds; 1 a verdict other
//! than pass, or a violated property, or undecodable input; 2 a usage or harness error.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

/// Exit code: everything passed, every property holds.
pub const EXIT_OK: u8 = 0;
/// Exit code: a verdict other than pass, a violated property, or input that does not decode.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: a usage or harness error.
pub const EXIT_USAGE: u8 = 2;

/// pushwake: formal-model-driven conformance tests for protocols that push a trigger to a device.
///
/// Without a command, runs the main job: check every model, generate every suite, run each against
/// the built-in reference implementations, and write the reports to ./pushwake-report/.
///
/// Exit codes: 0 everything passed; 1 a verdict other than pass or a violated property (or, for
/// decode, input that does not decode); 2 a usage or harness error.
#[derive(Debug, Parser)]
#[command(name = "pushwake", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Where the main job writes its reports.
    #[arg(long, default_value = "pushwake-report", global = true)]
    pub report_dir: PathBuf,
    /// No progress bar (it is hidden anyway when stderr is not a terminal).
    #[arg(long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Model-check: states, transitions, depth, time and each property's verdict; exit 1 and the
    /// counterexample on a violation.
    Check {
        /// Only this model (see `pushwake list models`).
        #[arg(long)]
        model: Option<String>,
        /// The configuration to prove, by name (see `pushwake list models`), or `all` for every
        /// configuration of the model(s); default: each model's first (default) configuration.
        /// A name other than `all` needs `--model`.
        #[arg(long)]
        config: Option<String>,
    },
    /// Generate a suite of conformance vectors for one model and IUT role.
    Generate {
        /// The model (see `pushwake list models`).
        #[arg(long)]
        model: String,
        /// The IUT role (see `pushwake list roles`).
        #[arg(long)]
        role: String,
        /// The model configuration, by name (ppg: default, timing).
        #[arg(long, default_value = "default")]
        config: String,
        /// Seed of the random walks.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the suite here (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run a suite against an implementation under test.
    Run {
        /// The suite file (JSON, pushwake-vectors/1).
        #[arg(long)]
        suite: PathBuf,
        /// The IUT: `reference:ROLE[?mutant=NAME]` for any role of the suite's model (`ppg`, `push-client`, `uicc`, `terminal`; `pushwake list roles`), `kannel:ppg` (Kannel's real PPG, started in its own network namespace; needs root and Debian kannel + kannel-extras), or `pcsc:READER` (a UICC in a PC/SC reader, for the `uicc` suites)
        #[arg(long)]
        iut: String,
        /// Write JSON, JUnit and HTML reports here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// The implementation conformance statement (JSON: {"items": {"NAME": true|false}}).
        #[arg(long)]
        ics: Option<PathBuf>,
        /// Run only partition K of N (1-based), e.g. 2/4.
        #[arg(long)]
        partition: Option<String>,
        /// Per-vector timeout in milliseconds, at least 1 (a vector still running then gets
        /// `error`). Default: what the IUT's adapter needs for the suite's longest vector (10 s
        /// for the reference implementations; for kannel:ppg, which runs in real time with
        /// 5-second ticks, 70-80 s for the committed suites).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        timeout_ms: Option<u64>,
    },
    /// Run every suite against every built-in mutant of its role and print the kill rate.
    Selftest,
    /// Decode one message to JSON; bad input exits 1 with the structure and byte offset.
    Decode {
        /// The message kind (see `pushwake list kinds`).
        #[arg(long = "as")]
        kind: String,
        /// Hex text, `@FILE` (raw bytes), or `-` (raw bytes on standard input).
        input: String,
        /// Print the one-line decoded view instead of JSON, as the HTML report shows it beside
        /// the hex (TS 31.124 expected-sequence style; the smart-card kinds have one).
        #[arg(long)]
        line: bool,
    },
    /// Encode one message from JSON (as `decode` prints it) to hex.
    Encode {
        /// The message kind (see `pushwake list kinds`).
        #[arg(long = "as")]
        kind: String,
        /// JSON text, `@FILE`, or `-` (standard input).
        input: String,
    },
    /// List models, roles, mutants, ICS items or message kinds.
    List {
        /// What to list.
        what: ListWhat,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListWhat {
    Models,
    Roles,
    Mutants,
    Ics,
    Kinds,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("pushwake: error: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
