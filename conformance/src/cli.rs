//! The commands behind `pushwake`.

use crate::{Cli, Command, EXIT_FAILED, EXIT_OK, ListWhat};
use anyhow::{Context, bail};
use pushwake_conformance::ics::Ics;
use pushwake_conformance::protocol::{self, PROTOCOLS};
use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::vector::Suite;
use pushwake_conformance::{kinds, suites};
use pushwake_reports::{
    DirectoryReporter, Fanout, ProgressMode, Reporter, RunSummary, TerminalReporter, Verdict,
};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

pub fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Some(Command::Check { model, config }) => check(model.as_deref(), config.as_deref()),
        Some(Command::List { what }) => list(what),
        Some(Command::Decode { kind, input, line }) => decode(&kind, &input, line),
        Some(Command::Encode { kind, input }) => encode(&kind, &input),
        Some(Command::Generate {
            model,
            role,
            config,
            seed,
            out,
        }) => generate(&model, &role, &config, seed, out.as_deref()),
        Some(Command::Run {
            suite,
            iut,
            report,
            ics,
            partition,
            timeout_ms,
        }) => {
            let suite = read_suite(&suite)?;
            let timeout = match timeout_ms {
                Some(ms) => Duration::from_millis(ms),
                None => suites::default_vector_timeout(&suite, &iut).map_err(anyhow::Error::msg)?,
            };
            let options = run_options(ics.as_deref(), partition.as_deref(), timeout)?;
            let summary =
                run_with_reports(&suite, &iut, &options, report.as_deref(), !cli.quiet, true)?;
            Ok(exit_for(&summary))
        }
        Some(Command::Selftest) => {
            let (ok, text) = selftest(!cli.quiet)?;
            print!("{text}");
            Ok(if ok { EXIT_OK } else { EXIT_FAILED })
        }
        None => main_job(&cli.report_dir, !cli.quiet),
    }
}

/// `pushwake check [--model M] [--config C|all]`: each model at its default (first)
/// configuration, at the named one, or at every one (`all`).
pub fn check(model: Option<&str>, config: Option<&str>) -> anyhow::Result<u8> {
    let protocols = match model {
        Some(m) => vec![protocol::find(m).map_err(anyhow::Error::msg)?],
        None => PROTOCOLS.to_vec(),
    };
    if let Some(c) = config
        && c != "all"
        && model.is_none()
    {
        anyhow::bail!(
            "--config {c} names one model's configuration: give --model too (or --config all)"
        );
    }
    let mut ok = true;
    for p in protocols {
        let name = p.name();
        let configs: Vec<&str> = match config {
            None => vec![p.configs().first().copied().unwrap_or("default")],
            Some("all") => p.configs().to_vec(),
            Some(c) => vec![c],
        };
        for c in configs {
            let report = p
                .check(c)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("checking {name} (configuration {c})"))?;
            if config.is_some() {
                println!("configuration: {c}");
            }
            print!("{}", pushwake_conformance::check::render(&report));
            let committed = suites::committed_suites(name);
            print!(
                "{}",
                suites::requirement_table(name, &report.properties, &committed)
                    .map_err(anyhow::Error::msg)?
            );
            ok &= report.ok();
        }
    }
    Ok(if ok { EXIT_OK } else { EXIT_FAILED })
}

fn check_default(
    p: &dyn protocol::Protocol,
) -> anyhow::Result<pushwake_conformance::check::CheckReport> {
    let config = p.configs().first().copied().unwrap_or("default");
    p.check(config).map_err(anyhow::Error::msg)
}

/// `pushwake list ...`.
pub fn list(what: ListWhat) -> anyhow::Result<u8> {
    match what {
        ListWhat::Models => {
            for p in PROTOCOLS {
                println!(
                    "{:<12} {} (configurations: {})",
                    p.name(),
                    p.description(),
                    p.configs().join(", ")
                );
            }
        }
        ListWhat::Roles => {
            for p in PROTOCOLS {
                for r in p.roles() {
                    println!("{:<12} {:<12} {}", p.name(), r.name, r.description);
                }
            }
        }
        ListWhat::Mutants => {
            for p in PROTOCOLS {
                for r in p.roles() {
                    for m in p.mutants(r.name) {
                        println!(
                            "{:<48} {} [{}]",
                            format!("reference:{}?mutant={}", r.name, m.name),
                            m.description,
                            m.requirement
                        );
                    }
                }
            }
        }
        ListWhat::Ics => {
            for p in PROTOCOLS {
                for item in p.ics_items() {
                    println!(
                        "{:<12} {:<12} {:<28} {}",
                        p.name(),
                        item.role,
                        item.name,
                        item.description
                    );
                }
            }
        }
        ListWhat::Kinds => {
            for k in kinds::all() {
                println!("{:<20} {}", k.name, k.description);
            }
        }
    }
    Ok(EXIT_OK)
}

fn kind(name: &str) -> anyhow::Result<&'static kinds::Kind> {
    let all = kinds::all();
    all.iter().copied().find(|k| k.name == name).ok_or_else(|| {
        let known: Vec<&str> = all.iter().map(|k| k.name).collect();
        anyhow::anyhow!("unknown kind {name:?}; known: {}", known.join(", "))
    })
}

/// Cap on what `decode` and `encode` read from a file or from standard input: 16 MiB. The
/// largest message any decoder accepts is far smaller (a multipart push submission, 1 MiB), so
/// nothing decodable is refused; without the cap a huge or endless input was read whole into
/// memory before any decoder's own cap applied. Larger input is a usage error (exit 2).
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The raw bytes of `-` (standard input) or `@FILE`, at most [`MAX_INPUT_BYTES`]; `None` for
/// any other input (text given on the command line, which the OS already bounds).
fn read_input(input: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let too_big = |what: &str| {
        anyhow::anyhow!(
            "{what} is larger than the input cap of {} MiB (MAX_INPUT_BYTES = {MAX_INPUT_BYTES} bytes)",
            MAX_INPUT_BYTES >> 20
        )
    };
    let (what, reader): (String, Box<dyn Read>) = if input == "-" {
        (
            "standard input".to_owned(),
            Box::new(std::io::stdin().lock()),
        )
    } else if let Some(path) = input.strip_prefix('@') {
        let file = std::fs::File::open(path).with_context(|| format!("reading {path}"))?;
        let len = file
            .metadata()
            .with_context(|| format!("reading {path}"))?
            .len();
        if len > MAX_INPUT_BYTES {
            return Err(too_big(path));
        }
        (path.to_owned(), Box::new(file))
    } else {
        return Ok(None);
    };
    // The metadata length is only a first check (a file can grow, a FIFO has none): the read
    // itself stops one byte past the cap.
    let mut buf = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("reading {what}"))?;
    if u64::try_from(buf.len()).unwrap_or(u64::MAX) > MAX_INPUT_BYTES {
        return Err(too_big(&what));
    }
    Ok(Some(buf))
}

/// The bytes of a decode input: hex text (white space allowed), `@FILE` (raw bytes) or `-` (raw
/// bytes on standard input); files and standard input capped at [`MAX_INPUT_BYTES`].
fn input_bytes(input: &str) -> anyhow::Result<Vec<u8>> {
    if let Some(bytes) = read_input(input)? {
        return Ok(bytes);
    }
    pushwake_codecs::hex::decode_spaced(input).context("reading the hex input")
}

/// `pushwake decode --as KIND INPUT [--line]`: JSON, or with `--line` the kind's one-line
/// decoded view ([`crate::kinds::summary`]).
pub fn decode(name: &str, input: &str, line: bool) -> anyhow::Result<u8> {
    let kind = kind(name)?;
    let bytes = input_bytes(input)?;
    match (kind.decode)(&bytes) {
        Ok(_) if line => match kind.summary(&bytes) {
            Some(s) => {
                println!("{}", s.line);
                Ok(EXIT_OK)
            }
            None => anyhow::bail!("kind {name} has no one-line view; decode it to JSON"),
        },
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

/// `pushwake encode --as KIND INPUT`: JSON text, `@FILE` or `-` (capped at
/// [`MAX_INPUT_BYTES`]), to uppercase hex.
pub fn encode(name: &str, input: &str) -> anyhow::Result<u8> {
    let kind = kind(name)?;
    let text = match read_input(input)? {
        Some(bytes) => String::from_utf8(bytes).context("input is not UTF-8 text")?,
        None => input.to_owned(),
    };
    let json: serde_json::Value = serde_json::from_str(&text).context("input is not JSON")?;
    match (kind.encode)(&json) {
        Ok(bytes) => {
            println!("{}", pushwake_codecs::hex::encode_upper(&bytes));
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("pushwake: {name}: {e}");
            Ok(EXIT_FAILED)
        }
    }
}

/// `pushwake generate`.
pub fn generate(
    model: &str,
    role: &str,
    config: &str,
    seed: u64,
    out: Option<&Path>,
) -> anyhow::Result<u8> {
    let suite = suites::generate_named(model, role, config, seed).map_err(anyhow::Error::msg)?;
    let text = suite.to_canonical_json();
    match out {
        Some(path) => {
            write_file(path, text.as_bytes())?;
            eprintln!(
                "pushwake: wrote {} ({} vectors; {})",
                path.display(),
                suite.vectors.len(),
                coverage_line(&suite)
            );
        }
        None => print!("{text}"),
    }
    Ok(EXIT_OK)
}

/// A suite's coverage in one line: distinct role transitions, (transition, context) pairs and
/// witnesses.
fn coverage_line(suite: &Suite) -> String {
    let c = &suite.coverage;
    format!(
        "{}/{} steerable {} transitions covered (of {}); {}/{} steerable (transition, context) \
         pairs covered (of {}; {} behind an IUT choice planned through one branch); {}/{} witnesses",
        c.covered_role_transitions,
        c.steerable_role_transitions,
        suite.role,
        c.role_transitions,
        c.covered_role_contexts,
        c.steerable_role_contexts,
        c.role_contexts,
        c.choice_role_contexts,
        c.witnesses_covered,
        c.witnesses_total
    )
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    pushwake_reports::write_atomic(path, bytes)
        .with_context(|| format!("writing {}", path.display()))
}

fn read_suite(path: &Path) -> anyhow::Result<Suite> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Suite::from_json(&text).with_context(|| format!("reading {}", path.display()))
}

fn run_options(
    ics: Option<&Path>,
    partition: Option<&str>,
    vector_timeout: Duration,
) -> anyhow::Result<RunOptions> {
    let mut options = RunOptions {
        vector_timeout,
        ..RunOptions::default()
    };
    if let Some(path) = ics {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        options.ics = serde_json::from_str::<Ics>(&text)
            .with_context(|| format!("{} is not an ICS", path.display()))?;
        options.ics.source = Some(path.display().to_string());
    }
    if let Some(p) = partition {
        let (k, n) = p
            .split_once('/')
            .context("--partition takes K/N, e.g. 2/4")?;
        let (k, n): (usize, usize) = (
            k.trim().parse().context("--partition K")?,
            n.trim().parse().context("--partition N")?,
        );
        if n == 0 || k == 0 || k > n {
            bail!("--partition {p}: need 1 <= K <= N");
        }
        options.partition = Some((k, n));
    }
    Ok(options)
}

/// Now as an RFC 3339 UTC timestamp (for the report header only; nothing else depends on it).
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    pushwake_codecs::pap::Timestamp(i64::try_from(secs).unwrap_or(0)).to_string()
}

/// Run one suite with the terminal reporter (when `terminal`) and the file reports (when `dir`).
fn run_with_reports(
    suite: &Suite,
    iut: &str,
    options: &RunOptions,
    dir: Option<&Path>,
    progress: bool,
    terminal: bool,
) -> anyhow::Result<RunSummary> {
    let mut fan = Fanout::new();
    if terminal {
        let mode = if progress {
            ProgressMode::Auto
        } else {
            ProgressMode::Hidden
        };
        fan.push(Box::new(TerminalReporter::stdout(mode)));
    }
    if let Some(d) = dir {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
        fan.push(Box::new(DirectoryReporter::new(d)));
    }
    let mut failure = None;
    let summary = suites::run(suite, iut, options, now_rfc3339(), &mut |e| {
        if let Err(err) = fan.handle(e) {
            failure.get_or_insert(err);
        }
    })
    .map_err(anyhow::Error::msg)?;
    fan.finish().context("writing reports")?;
    if let Some(e) = failure {
        return Err(e).context("reporting");
    }
    Ok(summary)
}

/// Exit 0 when every applicable vector passed (`none`, not applicable to the ICS, does not count).
fn exit_for(summary: &RunSummary) -> u8 {
    let c = &summary.counts;
    if c.fail + c.error + c.inconc == 0 {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

/// The default suites, generated: (name, role, suite).
fn default_suites() -> anyhow::Result<Vec<(String, &'static str, Suite)>> {
    Ok(suites::generate_defaults(suites::DEFAULT_SEED)
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .map(|(model, role, config, suite)| (suites::suite_name(model, role, config), role, suite))
        .collect())
}

/// `pushwake selftest`: every default suite against the reference of its role (which must pass
/// every vector) and every built-in mutant of each role against all the suites of that role (each
/// mutant must be killed: some vector fails). Returns (references pass and every mutant killed,
/// the report text).
pub fn selftest(progress: bool) -> anyhow::Result<(bool, String)> {
    selftest_with(&default_suites()?, progress)
}

fn selftest_with(
    all: &[(String, &'static str, Suite)],
    progress: bool,
) -> anyhow::Result<(bool, String)> {
    let mut out = String::new();
    let (mut killed, mut total, mut reference_ok) = (0usize, 0usize, true);
    // One group per (model, role): roles of different protocols may share a name.
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for (_, role, suite) in all {
        if !groups.contains(&(suite.model.as_str(), *role)) {
            groups.push((suite.model.as_str(), role));
        }
    }
    for (model, role) in groups {
        let of_group = || {
            all.iter()
                .filter(move |s| s.1 == role && s.2.model == model)
        };
        let reference = format!("reference:{role}");
        for (name, _, suite) in of_group() {
            let summary = run_with_reports(
                suite,
                &reference,
                &RunOptions::default(),
                None,
                progress,
                false,
            )?;
            let clean = exit_for(&summary) == EXIT_OK;
            reference_ok &= clean;
            out.push_str(&format!(
                "{name}: {} vectors; {reference}: {} pass, {} fail, {} inconc, {} error{}\n",
                suite.vectors.len(),
                summary.counts.pass,
                summary.counts.fail,
                summary.counts.inconc,
                summary.counts.error,
                if clean {
                    ""
                } else {
                    "  <- the reference must pass every vector"
                }
            ));
        }
        out.push_str(&format!("mutants of {model} {role}:\n"));
        let (mut role_killed, mut role_total) = (0usize, 0usize);
        let protocol = protocol::find(model).map_err(anyhow::Error::msg)?;
        for m in protocol.mutants(role) {
            let spec = format!("reference:{role}?mutant={}", m.name);
            let mut kills = Vec::new();
            for (_, _, suite) in of_group() {
                suites::run(
                    suite,
                    &spec,
                    &RunOptions::default(),
                    now_rfc3339(),
                    &mut |e| {
                        if let pushwake_reports::RunEvent::VectorFinished(r) = e
                            && r.verdict == Verdict::Fail
                        {
                            kills.push(r.id.clone());
                        }
                    },
                )
                .map_err(anyhow::Error::msg)?;
            }
            role_total += 1;
            let status = match kills.first() {
                None => "SURVIVED".to_owned(),
                Some(first) => {
                    role_killed += 1;
                    format!("killed by {} vectors (first: {first})", kills.len())
                }
            };
            out.push_str(&format!("  {:<36} {status}  [{}]\n", m.name, m.requirement));
        }
        out.push_str(&format!("  {role}: {role_killed}/{role_total} killed\n"));
        killed += role_killed;
        total += role_total;
    }
    let rate = if total == 0 {
        0.0
    } else {
        100.0 * killed as f64 / total as f64
    };
    out.push_str(&format!(
        "kill rate: {killed}/{total} mutants ({rate:.1}%)\n"
    ));
    Ok((reference_ok && killed == total, out))
}

/// The main job: check every model, generate every default suite, run each against the reference
/// implementation of its role, self-test against the mutants, write everything under `dir`.
///
/// Exit 0 when every property holds and the references pass every vector; the self-test's kill
/// rate is reported (in `selftest.txt` too) but a surviving mutant does not fail the main job
/// (`pushwake selftest` exits 1 for it).
pub fn main_job(dir: &Path, progress: bool) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut ok = true;

    let mut reports = Vec::new();
    let mut check_text = String::new();
    for p in PROTOCOLS {
        let report = check_default(*p)?;
        check_text.push_str(&pushwake_conformance::check::render(&report));
        ok &= report.ok();
        reports.push(report);
    }
    print!("{check_text}");

    let generated = default_suites()?;
    for report in &reports {
        let of_model: Vec<Suite> = generated
            .iter()
            .filter(|s| s.2.model == report.model)
            .map(|s| s.2.clone())
            .collect();
        check_text.push_str(
            &suites::requirement_table(&report.model, &report.properties, &of_model)
                .map_err(anyhow::Error::msg)?,
        );
    }
    write_file(&dir.join("check.txt"), check_text.as_bytes())?;

    for (name, role, suite) in &generated {
        write_file(
            &dir.join("suites").join(format!("{name}.json")),
            suite.to_canonical_json().as_bytes(),
        )?;
        println!(
            "\nsuite {name}: {} vectors; {}",
            suite.vectors.len(),
            coverage_line(suite)
        );
        let summary = run_with_reports(
            suite,
            &format!("reference:{role}"),
            &RunOptions::default(),
            Some(&dir.join(name)),
            progress,
            true,
        )?;
        ok &= exit_for(&summary) == EXIT_OK;
    }

    let (_, self_text) = selftest_with(&generated, false)?;
    write_file(&dir.join("selftest.txt"), self_text.as_bytes())?;
    println!("\nselftest\n{self_text}");
    println!(
        "reports in {}/ ({:.1} s)",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(if ok { EXIT_OK } else { EXIT_FAILED })
}
