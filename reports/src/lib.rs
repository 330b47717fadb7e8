//! pushwake-reports: the event sink of a pushwake run.
//!
//! What it is: the run event types ([`RunEvent`] and what it carries: [`RunInfo`] with the
//! [`IcsUsed`], [`VectorResult`], [`TraceEntry`], [`RunSummary`], [`RequirementCoverage`], the
//! TTCN-3 [`Verdict`]), the [`Reporter`] trait, and the reporters that turn one stream of events into
//! - a terminal progress bar and summary ([`TerminalReporter`], [`render_summary`]),
//! - one canonical JSON document ([`JsonReporter`], [`render_json`]),
//! - JUnit XML for CI ([`JunitReporter`], [`render_junit`]),
//! - a self-contained HTML page for people ([`HtmlReporter`], [`render_html`]),
//!
//! plus [`DirectoryReporter`] (all three files into one directory, one shared record),
//! [`Fanout`] (one event to several reporters) and [`write_all_reports`]. File reports are
//! written atomically (temporary file in the same directory, then rename), and the same events
//! always give byte-identical files.
//!
//! What it is not: it never drives a run, never reads a clock, and knows nothing of models,
//! vectors or adapters beyond the plain data in the events. The runner in
//! `pushwake-conformance` produces the events (see [`events`] for the order contract).
//!
//! # How a runner uses it
//!
//! ```
//! use pushwake_reports::{
//!     DirectoryReporter, Fanout, ProgressMode, Reporter, RunEvent, RunInfo, RunSummary,
//!     TerminalReporter, VectorResult, Verdict,
//! };
//!
//! # fn main() -> Result<(), pushwake_reports::ReportError> {
//! # let dir = std::env::temp_dir().join(format!("pushwake-reports-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! let info = RunInfo {
//!     tool_version: "0.1.0".into(),
//!     suite_id: "suite-1".into(),
//!     suite_name: "ppg.suite.json".into(),
//!     model: "ppg".into(),
//!     model_config: serde_json::json!({"events": 1}),
//!     iut_role: "ppg".into(),
//!     iut: "reference:ppg".into(),
//!     generator_version: "0.1.0".into(),
//!     seed: 7,
//!     vector_count: 1,
//!     partition: None,
//!     started_at: "2026-11-23T19:00:00Z".into(), // the caller reads the clock, not this crate
//!     ics: None, // no ICS recorded (the runner fills it with an IcsUsed)
//! };
//! let mut reporters = Fanout::new();
//! reporters
//!     .push(Box::new(TerminalReporter::new(Box::new(std::io::sink()), ProgressMode::Hidden)))
//!     .push(Box::new(DirectoryReporter::new(&dir)));
//!
//! reporters.handle(&RunEvent::RunStarted(info))?;
//! let result = VectorResult {
//!     index: 0,
//!     id: "v-1".into(),
//!     title: "push is accepted".into(),
//!     purpose: "a well-formed push submission is accepted".into(),
//!     kind: "transition".into(),
//!     requirements: vec!["PAP-9.2".into()],
//!     verdict: Verdict::Pass,
//!     reason: "all observations allowed".into(),
//!     trace: Vec::new(),
//!     duration_ms: 3,
//!     failed_requirement: None, // set only for a fail: the one requirement broken
//! };
//! reporters.handle(&RunEvent::VectorFinished(result.clone()))?;
//! let summary = RunSummary::from_results(&[result], Vec::new(), 3);
//! assert_eq!(summary.verdict, Verdict::Pass);
//! reporters.handle(&RunEvent::RunFinished(summary))?;
//! reporters.finish()?;
//! assert!(dir.join(pushwake_reports::JUNIT_FILE_NAME).exists());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! # Ok(())
//! # }
//! ```

// Tests assert on exact values; an unwrap there is the assertion.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod events;

mod atomic;
mod canonical;
mod error;
mod html;
mod json;
mod junit;
mod record;
mod reporter;
mod terminal;
mod text;

pub use atomic::write_atomic;
pub use error::ReportError;
pub use events::{
    DecodedWire, IcsUsed, NOT_IN_CATALOGUE, Partition, RequirementCoverage, RequirementStatus,
    RunEvent, RunInfo, RunSummary, TraceEntry, TraceKind, VectorResult, Verdict, VerdictCounts,
};
pub use html::{HtmlReporter, escape_html, render_html};
pub use json::{JSON_FORMAT, JSON_FORMAT_VERSION, JsonReporter, render_json};
pub use junit::{JUNIT_REPORT_NAME, JunitReporter, render_junit};
pub use record::RunRecord;
pub use reporter::{
    DirectoryReporter, Fanout, HTML_FILE_NAME, JSON_FILE_NAME, JUNIT_FILE_NAME, ReportPaths,
    Reporter, write_all_reports,
};
pub use terminal::{ProgressMode, TerminalReporter, render_summary};
pub use text::MAX_WIRE_DISPLAY_CHARS;
