//! [`JsonReporter`]: one canonical JSON document for the whole run.
//!
//! Document shape (keys sorted at every level, see [`crate::canonical`]):
//! ```text
//! { "complete": bool,                 // false when RunFinished never came
//!   "format": "pushwake-run-report",
//!   "format_version": 1,
//!   "run": RunInfo,
//!   "summary": RunSummary | null,
//!   "uncovered_requirements": [id, ...] | null,
//!   "vectors": [VectorResult, ...] }  // sorted by index
//! ```
//! Every field of every event is there ("complete"), nothing else is: the only timestamp is
//! `run.started_at` as the caller gave it.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::canonical;
use crate::error::ReportError;
use crate::events::RunEvent;
use crate::record::RunRecord;
use crate::reporter::{FileSink, Reporter};

/// The `format` field of the JSON report.
pub const JSON_FORMAT: &str = "pushwake-run-report";
/// The `format_version` field of the JSON report; bumped on any incompatible change.
pub const JSON_FORMAT_VERSION: u64 = 1;

/// Writes the canonical JSON report to a file, atomically, when the run finishes (or, marked
/// incomplete, at [`Reporter::finish`] if it never did).
#[derive(Debug)]
pub struct JsonReporter {
    sink: FileSink,
}

impl JsonReporter {
    /// A reporter that will write to `path` (its directory must exist).
    pub fn new(path: impl Into<PathBuf>) -> JsonReporter {
        JsonReporter {
            sink: FileSink::new(path.into()),
        }
    }

    /// The file this reporter writes.
    pub fn path(&self) -> &std::path::Path {
        self.sink.path()
    }
}

impl Reporter for JsonReporter {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.sink.handle(event, render_json)
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        self.sink.finish(render_json)
    }
}

/// The canonical JSON text of `record` (with a final newline).
pub fn render_json(record: &RunRecord) -> Result<String, ReportError> {
    let info = record.started_info()?;
    let mut doc = Map::new();
    doc.insert("complete".into(), Value::Bool(record.is_complete()));
    doc.insert("format".into(), Value::String(JSON_FORMAT.into()));
    doc.insert("format_version".into(), Value::from(JSON_FORMAT_VERSION));
    doc.insert("run".into(), serde_json::to_value(info)?);
    let vectors = record
        .vectors()
        .map(serde_json::to_value)
        .collect::<Result<Vec<Value>, _>>()?;
    doc.insert("vectors".into(), Value::Array(vectors));
    match record.summary() {
        Some(summary) => {
            doc.insert("summary".into(), serde_json::to_value(summary)?);
            let uncovered = summary
                .uncovered()
                .into_iter()
                .map(|id| Value::String(id.to_owned()))
                .collect();
            doc.insert("uncovered_requirements".into(), Value::Array(uncovered));
        }
        None => {
            doc.insert("summary".into(), Value::Null);
            doc.insert("uncovered_requirements".into(), Value::Null);
        }
    }
    let mut out = String::new();
    canonical::write_pretty(&Value::Object(doc), &mut out)?;
    out.push('\n');
    Ok(out)
}
