//! The one error type of this crate.

use std::path::PathBuf;

use crate::events::VerdictCounts;

/// Why a reporter could not report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Writing a report file failed (the previous file at `path`, if any, is left untouched).
    #[error("cannot write report {}: {source}", path.display())]
    Io {
        /// The report file being written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Writing to the terminal (or the writer standing in for it) failed.
    #[error("cannot write terminal summary: {0}")]
    Terminal(#[source] std::io::Error),
    /// A value could not be turned into JSON.
    #[error("cannot serialize run events as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// quick-junit could not serialize the JUnit report.
    #[error("cannot serialize JUnit report: {0}")]
    Junit(#[from] quick_junit::SerializeError),
    /// An event broke the order contract (see [`crate::events`]).
    #[error("run event out of order: {event} {problem}")]
    EventOrder {
        /// The event (`"run_started"`, `"vector_started"`, `"vector_finished"`,
        /// `"run_finished"`, or `"finish"` for [`crate::Reporter::finish`]).
        event: &'static str,
        /// What was wrong.
        problem: &'static str,
    },
    /// Two `VectorFinished` events carried the same vector index.
    #[error("vector index {index} finished twice")]
    DuplicateVector {
        /// The repeated index.
        index: u64,
    },
    /// `RunFinished` counts disagree with the verdicts of the `VectorFinished` events.
    #[error("run summary counts {reported:?} disagree with the finished vectors {computed:?}")]
    SummaryMismatch {
        /// Counted from the `VectorFinished` events.
        computed: VerdictCounts,
        /// Carried by `RunFinished`.
        reported: VerdictCounts,
    },
    /// Several reporters of a [`crate::Fanout`] failed on the same event.
    #[error("{} reporters failed; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Several(Vec<ReportError>),
}
