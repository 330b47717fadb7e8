//! The run event stream: everything a reporter learns about a run.
//!
//! Modelled on cargo-nextest's `reporter/events.rs`: one enum, [`RunEvent`], carries everything
//! that happens in a run, in order. The runner (in `pushwake-conformance`) produces the events;
//! reporters consume them and never drive the run.
//!
//! Event order contract (checked by [`crate::RunRecord`]):
//! 1. exactly one [`RunEvent::RunStarted`], first;
//! 2. any number of [`RunEvent::VectorStarted`] / [`RunEvent::VectorFinished`], each vector index
//!    finished at most once (vectors may finish out of index order; reports sort by index);
//! 3. at most one [`RunEvent::RunFinished`], last. A run that never finishes (interrupted) still
//!    gets reports, marked incomplete.
//!
//! Every field is plain data: durations are integer milliseconds measured by the runner, the only
//! timestamp is [`RunInfo::started_at`] as supplied by the caller, so the same events always give
//! byte-identical reports.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// A TTCN-3 verdict (ETSI ES 201 873-1, clause 24.1 "Test verdict operations").
///
/// The variant order is the TTCN-3 overwriting order `none < pass < inconc < fail < error`, so
/// `Ord` (and [`Verdict::worse`]) gives the verdict that overwrites the other: a vector's verdict
/// is the worst of its steps' effects, a run's verdict the worst of its vectors'.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No verdict was set (nothing was judged).
    #[default]
    None,
    /// Every observation was one the model allows, and every required one came.
    Pass,
    /// Neither pass nor fail could be established (e.g. the IUT took a legal branch that leaves
    /// the test purpose unreached).
    Inconc,
    /// The IUT emitted an observation the model forbids, or a required one never came.
    Fail,
    /// The harness or the adapter broke (timeout of the adapter itself, crash, I/O error): the
    /// IUT was not judged.
    Error,
}

impl Verdict {
    /// Every verdict, in overwriting order. Reports list per-verdict counts in this order.
    pub const ALL: [Verdict; 5] = [
        Verdict::None,
        Verdict::Pass,
        Verdict::Inconc,
        Verdict::Fail,
        Verdict::Error,
    ];

    /// The TTCN-3 overwriting rule: the worse of the two verdicts.
    #[must_use]
    pub fn worse(self, other: Verdict) -> Verdict {
        self.max(other)
    }

    /// The lowercase TTCN-3 name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::None => "none",
            Verdict::Pass => "pass",
            Verdict::Inconc => "inconc",
            Verdict::Fail => "fail",
            Verdict::Error => "error",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many vectors got each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VerdictCounts {
    /// Vectors with verdict `none`.
    pub none: u64,
    /// Vectors with verdict `pass`.
    pub pass: u64,
    /// Vectors with verdict `inconc`.
    pub inconc: u64,
    /// Vectors with verdict `fail`.
    pub fail: u64,
    /// Vectors with verdict `error`.
    pub error: u64,
}

impl VerdictCounts {
    /// Counts one more vector with `verdict` (saturating: a count cannot wrap).
    pub fn add(&mut self, verdict: Verdict) {
        let slot = match verdict {
            Verdict::None => &mut self.none,
            Verdict::Pass => &mut self.pass,
            Verdict::Inconc => &mut self.inconc,
            Verdict::Fail => &mut self.fail,
            Verdict::Error => &mut self.error,
        };
        *slot = slot.saturating_add(1);
    }

    /// The count for `verdict`.
    pub fn count(&self, verdict: Verdict) -> u64 {
        match verdict {
            Verdict::None => self.none,
            Verdict::Pass => self.pass,
            Verdict::Inconc => self.inconc,
            Verdict::Fail => self.fail,
            Verdict::Error => self.error,
        }
    }

    /// All vectors counted.
    pub fn total(&self) -> u64 {
        Verdict::ALL
            .iter()
            .fold(0u64, |acc, v| acc.saturating_add(self.count(*v)))
    }

    /// The worst verdict with a non-zero count, `none` when nothing was counted.
    pub fn worst(&self) -> Verdict {
        Verdict::ALL
            .iter()
            .copied()
            .filter(|v| self.count(*v) > 0)
            .fold(Verdict::None, Verdict::worse)
    }

    /// Counts the verdicts of `results`.
    pub fn of<'a>(results: impl IntoIterator<Item = &'a VectorResult>) -> VerdictCounts {
        let mut counts = VerdictCounts::default();
        for r in results {
            counts.add(r.verdict);
        }
        counts
    }
}

/// A `--partition k/n` slice of a suite: this run executes slice `k` (1-based) of `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Partition {
    /// The slice this run executes, 1-based (`1..=n`).
    pub k: u32,
    /// The number of slices.
    pub n: u32,
}

/// The implementation conformance statement (ICS) a run selected its vectors with: what the
/// vendor declared their implementation supports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcsUsed {
    /// The ICS file as the user gave its path, or `None` when no ICS was given and every item
    /// counts as supported.
    #[serde(default)]
    pub source: Option<String>,
    /// Every item the ICS lists, and whether it is supported.
    #[serde(default)]
    pub items: BTreeMap<String, bool>,
    /// Whether an item the ICS does not list counts as supported.
    #[serde(default)]
    pub unlisted_supported: bool,
    /// `"sha256:<hex>"` of the ICS's canonical JSON, computed by the caller: two runs with the
    /// same digest selected their vectors from the same declaration.
    #[serde(default)]
    pub digest: String,
}

impl IcsUsed {
    /// Where the ICS came from, in words: its path, or `"all items supported"`.
    pub fn source_text(&self) -> &str {
        self.source.as_deref().unwrap_or("all items supported")
    }

    /// The digest cut to its algorithm and first 12 hex digits (`"sha256:0123456789ab…"`), for
    /// one-line displays; the full digest is in the JSON and JUnit reports.
    pub fn short_digest(&self) -> String {
        let (algo, hex) = self.digest.split_once(':').unwrap_or(("", &self.digest));
        let cut: String = hex.chars().take(12).collect();
        let ellipsis = if hex.chars().count() > 12 { "…" } else { "" };
        if algo.is_empty() {
            format!("{cut}{ellipsis}")
        } else {
            format!("{algo}:{cut}{ellipsis}")
        }
    }
}

/// What is being run, against what. Sent once, in [`RunEvent::RunStarted`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Version of the `pushwake` tool that ran the suite.
    pub tool_version: String,
    /// The suite's content-derived id.
    pub suite_id: String,
    /// The suite's file or name, as the user gave it.
    pub suite_name: String,
    /// The model the suite was generated from (e.g. `"ppg"`).
    pub model: String,
    /// The model configuration the suite was generated with.
    pub model_config: serde_json::Value,
    /// The role played by the implementation under test (e.g. `"ppg"`).
    pub iut_role: String,
    /// The IUT as the user named it (e.g. `"reference:ppg?mutant=dup-accept"`).
    pub iut: String,
    /// Version of the vector generator that produced the suite.
    pub generator_version: String,
    /// The seed of the suite's random walks.
    pub seed: u64,
    /// Number of vectors this run will execute (after ICS selection and partitioning).
    pub vector_count: u64,
    /// The `--partition k/n` slice, if any.
    pub partition: Option<Partition>,
    /// When the run started, RFC 3339 (e.g. `"2026-11-23T19:00:00Z"`), supplied by the caller.
    /// This is the only timestamp in any report.
    pub started_at: String,
    /// The ICS the vectors were selected with; `None` in reports of runs that did not record it.
    #[serde(default)]
    pub ics: Option<IcsUsed>,
}

/// What a trace entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TraceKind {
    /// The tester sent this to the IUT.
    Stimulus,
    /// The IUT emitted this.
    Observation,
    /// What the model allowed (or required) at this step; one entry per allowed observation.
    Expected,
    /// The IUT fell quiet (nothing more emitted before the quiescence window closed).
    Quiescence,
    /// The adapter or the IUT timed out.
    Timeout,
    /// Free-form note from the runner (e.g. which model branch was followed).
    Note,
}

impl TraceKind {
    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            TraceKind::Stimulus => "stimulus",
            TraceKind::Observation => "observation",
            TraceKind::Expected => "expected",
            TraceKind::Quiescence => "quiescence",
            TraceKind::Timeout => "timeout",
            TraceKind::Note => "note",
        }
    }
}

impl fmt::Display for TraceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a vector's trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEntry {
    /// The vector step this entry belongs to (0-based).
    pub step: u32,
    /// What the entry records.
    pub kind: TraceKind,
    /// The abstract message (the model's view), or `null`.
    pub r#abstract: serde_json::Value,
    /// The wire encoding, if any: PAP XML as text, binary as lowercase hex.
    pub wire: Option<String>,
    /// The verdict this entry set, if it set one.
    pub verdict_effect: Option<Verdict>,
    /// The role the message goes from (e.g. `"pi"`); the IUT's role is [`RunInfo::iut_role`].
    /// `None` for quiescence, timeouts and notes, and in older reports.
    #[serde(default)]
    pub from: Option<String>,
    /// The role the message goes to (e.g. `"ppg"`); `None` as for [`TraceEntry::from`].
    #[serde(default)]
    pub to: Option<String>,
    /// The message in plain words (e.g. `"push-response 2007 (duplicate push-id) for push 0"`).
    #[serde(default)]
    pub label: Option<String>,
    /// What the model allowed at this step (abstract messages): set on `expected` entries and on
    /// the observation that failed.
    #[serde(default)]
    pub allowed: Vec<serde_json::Value>,
    /// The requirement id this step exercises.
    #[serde(default)]
    pub requirement: Option<String>,
    /// The wire message decoded into one line, where its kind has a decoded view (APDUs, CAT
    /// messages: TS 31.124 "expected sequence" style). The runner fills it from the codecs; this
    /// crate only shows it. Absent in older reports and for kinds without a view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoded: Option<DecodedWire>,
}

/// A wire message decoded into words, for people (see [`TraceEntry::decoded`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedWire {
    /// The message's name alone (command, status word), for a sequence diagram's arrow:
    /// `FETCH`, `91 1A`, `ENVELOPE: EVENT DOWNLOAD - location status`.
    pub short: String,
    /// The whole line with its values: `91 1A (proactive command pending, 26 bytes)`.
    pub line: String,
}

/// The outcome of one vector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VectorResult {
    /// Position of the vector in the run (0-based, unique within the run).
    pub index: u64,
    /// The vector's content-derived id.
    pub id: String,
    /// The vector's title.
    pub title: String,
    /// The vector's test purpose, in words.
    #[serde(default)]
    pub purpose: String,
    /// How the generator made the vector: `"transition"`, `"witness"`, `"negative"`,
    /// `"random-walk"`, `"context"`, ... (free text).
    #[serde(default)]
    pub kind: String,
    /// The requirement ids the vector checks (e.g. `"PAP-9.2"`).
    pub requirements: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in one line.
    pub reason: String,
    /// What happened, step by step.
    pub trace: Vec<TraceEntry>,
    /// Wall time of the vector, milliseconds, measured by the runner.
    pub duration_ms: u64,
    /// For a `fail`: the one requirement whose rule the observation broke. It takes the `fail`
    /// in [`RunSummary::from_results`]; the vector's other requirements are not judged by it.
    /// Ignored for other verdicts.
    #[serde(default)]
    pub failed_requirement: Option<String>,
}

impl VectorResult {
    /// The requirement this vector's `fail` is credited to: [`VectorResult::failed_requirement`]
    /// when the verdict is `fail` and it names one (not empty), else `None` (and a `fail`
    /// without one is credited to every requirement the vector names, as older runners did).
    pub fn fail_credited_to(&self) -> Option<&str> {
        match (self.verdict, self.failed_requirement.as_deref()) {
            (Verdict::Fail, Some(id)) if !id.is_empty() => Some(id),
            _ => None,
        }
    }
}

/// Whether the requirement text was checked against the specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequirementStatus {
    /// The clause and paraphrase were checked against the specification text.
    Verified,
    /// Not checked against the specification text (see the spec notes).
    Unverified,
}

impl RequirementStatus {
    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Verified => "verified",
            RequirementStatus::Unverified => "unverified",
        }
    }
}

/// One requirement, and what in this run covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementCoverage {
    /// The registry id (e.g. `"PAP-9.2"`).
    pub id: String,
    /// The specification (e.g. `"WAP-247-PAP-20010429-a"`).
    pub source: String,
    /// The clause in `source` (e.g. `"9.2"`).
    pub clause: String,
    /// The requirement in our words.
    pub paraphrase: String,
    /// Whether the clause was checked against the specification.
    pub status: RequirementStatus,
    /// Vectors in this run that name the requirement (or that failed it without naming it).
    /// Always `verdicts.total() + not_judged`.
    pub vectors: u64,
    /// Model properties that name the requirement.
    pub properties: u64,
    /// The verdicts credited to the requirement: each vector naming it gives its verdict, except
    /// a `fail` with a [`VectorResult::failed_requirement`], which only that requirement gets.
    pub verdicts: VerdictCounts,
    /// Vectors that name the requirement but failed on another one: the IUT broke a different
    /// rule first, so the vector says nothing about this one (neither pass nor fail).
    #[serde(default)]
    pub not_judged: u64,
}

impl RequirementCoverage {
    /// A catalogue entry with no vectors counted yet; [`RunSummary::from_results`] counts them.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        clause: impl Into<String>,
        paraphrase: impl Into<String>,
        status: RequirementStatus,
        properties: u64,
    ) -> RequirementCoverage {
        RequirementCoverage {
            id: id.into(),
            source: source.into(),
            clause: clause.into(),
            paraphrase: paraphrase.into(),
            status,
            vectors: 0,
            properties,
            verdicts: VerdictCounts::default(),
            not_judged: 0,
        }
    }

    /// Nothing in this run covers the requirement: no vector and no model property names it.
    pub fn is_uncovered(&self) -> bool {
        self.vectors == 0 && self.properties == 0
    }
}

/// The paraphrase given to a requirement a vector names but the catalogue lacks.
pub const NOT_IN_CATALOGUE: &str = "(not in the requirement catalogue)";

/// The end of a run. Sent once, in [`RunEvent::RunFinished`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Vectors per verdict; must equal the verdicts of the `VectorFinished` events.
    pub counts: VerdictCounts,
    /// Wall time of the whole run, milliseconds.
    pub duration_ms: u64,
    /// Every requirement of the catalogue plus every one a vector names, sorted by id (byte
    /// order, so `PAP-11.1` sorts before `PAP-9.2`).
    pub requirements: Vec<RequirementCoverage>,
    /// The overall verdict (worst of the vectors'), which decides the exit code.
    pub verdict: Verdict,
}

impl RunSummary {
    /// Builds the summary of `results`: counts, overall verdict, and the coverage of every
    /// requirement in `catalogue` (vector, verdict and not-judged counts are recomputed from
    /// `results`; the `properties` counts are kept). A requirement a vector names that is not in
    /// the catalogue is added as [`RequirementStatus::Unverified`] with empty source and clause
    /// and the paraphrase [`NOT_IN_CATALOGUE`], so it shows up rather than vanishes. A vector
    /// naming the same requirement twice counts once.
    ///
    /// Crediting: a vector counts once in `vectors` of every requirement it names, and its
    /// verdict goes to each of them, except a `fail` that names its
    /// [`VectorResult::failed_requirement`]: that requirement alone gets the `fail` (and is added
    /// to the matrix, and counts the vector, even if the vector did not name it); the vector's
    /// other requirements count it in `not_judged` instead, since the IUT broke another rule
    /// before they were decided. So `vectors == verdicts.total() + not_judged` for every
    /// requirement, and a requirement the IUT met is never shown failed by a vector that failed
    /// on something else.
    pub fn from_results(
        results: &[VectorResult],
        catalogue: Vec<RequirementCoverage>,
        duration_ms: u64,
    ) -> RunSummary {
        let mut by_id: BTreeMap<String, RequirementCoverage> = BTreeMap::new();
        for mut req in catalogue {
            req.vectors = 0;
            req.verdicts = VerdictCounts::default();
            req.not_judged = 0;
            by_id.insert(req.id.clone(), req);
        }
        for r in results {
            let failed = r.fail_credited_to();
            let mut named: BTreeSet<&str> = r.requirements.iter().map(String::as_str).collect();
            named.extend(failed);
            for id in named {
                let entry = by_id.entry(id.to_owned()).or_insert_with(|| {
                    RequirementCoverage::new(
                        id,
                        "",
                        "",
                        NOT_IN_CATALOGUE,
                        RequirementStatus::Unverified,
                        0,
                    )
                });
                entry.vectors = entry.vectors.saturating_add(1);
                match failed {
                    Some(f) if f != id => entry.not_judged = entry.not_judged.saturating_add(1),
                    _ => entry.verdicts.add(r.verdict),
                }
            }
        }
        let counts = VerdictCounts::of(results);
        RunSummary {
            counts,
            duration_ms,
            requirements: by_id.into_values().collect(),
            verdict: counts.worst(),
        }
    }

    /// The ids of the requirements nothing in this run covers, in the summary's order.
    pub fn uncovered(&self) -> Vec<&str> {
        self.requirements
            .iter()
            .filter(|r| r.is_uncovered())
            .map(|r| r.id.as_str())
            .collect()
    }
}

/// Everything that happens in a run, in order (see the module doc for the order contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    /// The run begins.
    RunStarted(RunInfo),
    /// A vector begins (progress only; the result comes in `VectorFinished`).
    VectorStarted {
        /// Position of the vector in the run.
        index: u64,
        /// The vector's id.
        id: String,
        /// The vector's title.
        title: String,
    },
    /// A vector ended with a verdict.
    VectorFinished(VectorResult),
    /// The run ended.
    RunFinished(RunSummary),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_order_is_ttcn3_overwriting_order() {
        assert_eq!(Verdict::None.worse(Verdict::Pass), Verdict::Pass);
        assert_eq!(Verdict::Pass.worse(Verdict::Inconc), Verdict::Inconc);
        assert_eq!(Verdict::Fail.worse(Verdict::Inconc), Verdict::Fail);
        assert_eq!(Verdict::Fail.worse(Verdict::Error), Verdict::Error);
        assert_eq!(Verdict::Error.worse(Verdict::None), Verdict::Error);
        let mut sorted = Verdict::ALL;
        sorted.sort();
        assert_eq!(sorted, Verdict::ALL);
    }

    #[test]
    fn verdict_serializes_lowercase() {
        let names: Vec<String> = Verdict::ALL
            .iter()
            .map(|v| serde_json::to_string(v).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "\"none\"",
                "\"pass\"",
                "\"inconc\"",
                "\"fail\"",
                "\"error\""
            ]
        );
        assert_eq!(
            serde_json::from_str::<Verdict>("\"inconc\"").unwrap(),
            Verdict::Inconc
        );
    }

    fn result(index: u64, verdict: Verdict, reqs: &[&str]) -> VectorResult {
        VectorResult {
            index,
            id: format!("v{index}"),
            title: String::new(),
            requirements: reqs.iter().map(|s| (*s).to_owned()).collect(),
            verdict,
            reason: String::new(),
            trace: Vec::new(),
            duration_ms: 1,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        }
    }

    #[test]
    fn summary_counts_coverage_and_names_uncovered_requirements() {
        let catalogue = vec![
            RequirementCoverage::new("B", "s", "1", "b", RequirementStatus::Verified, 0),
            RequirementCoverage::new("A", "s", "2", "a", RequirementStatus::Verified, 2),
            RequirementCoverage::new("C", "s", "3", "c", RequirementStatus::Unverified, 0),
        ];
        let results = [
            result(0, Verdict::Pass, &["A", "A"]),
            result(1, Verdict::Fail, &["A", "Z"]),
        ];
        let s = RunSummary::from_results(&results, catalogue, 9);
        assert_eq!(s.verdict, Verdict::Fail);
        assert_eq!(s.counts.pass, 1);
        assert_eq!(s.counts.fail, 1);
        assert_eq!(s.counts.total(), 2);
        let ids: Vec<&str> = s.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "C", "Z"]);
        assert_eq!(s.requirements[0].vectors, 2);
        assert_eq!(s.requirements[0].verdicts.pass, 1);
        assert_eq!(s.requirements[0].verdicts.fail, 1);
        assert_eq!(s.requirements[3].paraphrase, NOT_IN_CATALOGUE);
        assert_eq!(s.requirements[3].status, RequirementStatus::Unverified);
        assert_eq!(s.uncovered(), ["B", "C"]);
    }

    #[test]
    fn fail_is_credited_only_to_the_failed_requirement() {
        let catalogue = vec![
            RequirementCoverage::new("ACCEPT", "s", "1", "a", RequirementStatus::Verified, 0),
            RequirementCoverage::new("ONCE", "s", "2", "o", RequirementStatus::Verified, 0),
            RequirementCoverage::new("DUP", "s", "3", "d", RequirementStatus::Verified, 0),
        ];
        let mut failing = result(0, Verdict::Fail, &["ACCEPT", "ONCE", "DUP"]);
        failing.failed_requirement = Some("DUP".into());
        // Fails a requirement it does not name: that requirement still gets the fail.
        let mut elsewhere = result(1, Verdict::Fail, &["ACCEPT"]);
        elsewhere.failed_requirement = Some("EXTRA".into());
        let passing = result(2, Verdict::Pass, &["ACCEPT"]);
        let s = RunSummary::from_results(&[failing, elsewhere, passing], catalogue, 0);
        let by_id: BTreeMap<&str, &RequirementCoverage> =
            s.requirements.iter().map(|r| (r.id.as_str(), r)).collect();
        let (accept, once, dup, extra) =
            (by_id["ACCEPT"], by_id["ONCE"], by_id["DUP"], by_id["EXTRA"]);
        assert_eq!(
            (accept.vectors, accept.verdicts.pass, accept.verdicts.fail),
            (3, 1, 0)
        );
        assert_eq!(accept.not_judged, 2);
        assert_eq!(
            (once.vectors, once.verdicts.fail, once.not_judged),
            (1, 0, 1)
        );
        assert_eq!((dup.vectors, dup.verdicts.fail, dup.not_judged), (1, 1, 0));
        assert_eq!((extra.vectors, extra.verdicts.fail), (1, 1));
        assert_eq!(extra.paraphrase, NOT_IN_CATALOGUE);
        for r in &s.requirements {
            assert_eq!(r.vectors, r.verdicts.total() + r.not_judged, "{}", r.id);
        }
        // The run's own counts are per vector, whatever the crediting.
        assert_eq!((s.counts.fail, s.counts.pass), (2, 1));
    }

    #[test]
    fn fail_without_failed_requirement_is_credited_to_every_named_requirement() {
        let mut legacy = result(0, Verdict::Fail, &["A", "B"]);
        let mut empty = result(1, Verdict::Fail, &["A"]);
        empty.failed_requirement = Some(String::new());
        // A failed_requirement on a non-fail vector is ignored.
        let mut passing = result(2, Verdict::Pass, &["B"]);
        passing.failed_requirement = Some("A".into());
        legacy.failed_requirement = None;
        let s = RunSummary::from_results(&[legacy, empty, passing], Vec::new(), 0);
        let a = &s.requirements[0];
        let b = &s.requirements[1];
        assert_eq!(
            (a.id.as_str(), a.vectors, a.verdicts.fail, a.not_judged),
            ("A", 2, 2, 0)
        );
        assert_eq!(
            (
                b.id.as_str(),
                b.vectors,
                b.verdicts.fail,
                b.verdicts.pass,
                b.not_judged
            ),
            ("B", 2, 1, 1, 0)
        );
    }

    #[test]
    fn older_json_without_the_new_fields_still_reads() {
        let entry: TraceEntry = serde_json::from_str(
            r#"{"step":0,"kind":"stimulus","abstract":null,"wire":null,"verdict_effect":null}"#,
        )
        .unwrap();
        assert_eq!(
            (entry.from, entry.label, entry.allowed.len()),
            (None, None, 0)
        );
        let v: VectorResult = serde_json::from_str(
            r#"{"index":0,"id":"v","title":"t","requirements":["A"],"verdict":"fail",
                "reason":"r","trace":[],"duration_ms":1}"#,
        )
        .unwrap();
        assert_eq!((v.purpose.as_str(), v.kind.as_str()), ("", ""));
        assert_eq!(v.failed_requirement, None);
        let req: RequirementCoverage = serde_json::from_str(
            r#"{"id":"A","source":"s","clause":"1","paraphrase":"p","status":"verified",
                "vectors":1,"properties":0,"verdicts":{"none":0,"pass":1,"inconc":0,"fail":0,"error":0}}"#,
        )
        .unwrap();
        assert_eq!(req.not_judged, 0);
    }

    #[test]
    fn ics_short_digest_keeps_algorithm_and_twelve_digits() {
        let ics = IcsUsed {
            digest: format!("sha256:{}", "0123456789abcdef".repeat(4)),
            ..IcsUsed::default()
        };
        assert_eq!(ics.short_digest(), "sha256:0123456789ab…");
        assert_eq!(ics.source_text(), "all items supported");
        let short = IcsUsed {
            digest: "sha256:abc".into(),
            source: Some("lab/kannel.ics.json".into()),
            ..IcsUsed::default()
        };
        assert_eq!(short.short_digest(), "sha256:abc");
        assert_eq!(short.source_text(), "lab/kannel.ics.json");
    }

    #[test]
    fn empty_run_has_verdict_none() {
        let s = RunSummary::from_results(&[], Vec::new(), 0);
        assert_eq!(s.verdict, Verdict::None);
        assert_eq!(s.counts, VerdictCounts::default());
    }
}
