//! [`JunitReporter`]: JUnit XML for CI, through quick-junit.
//!
//! One `<testsuite>` per run, one `<testcase>` per finished vector (named by the vector id, in
//! index order). Verdict mapping (TTCN-3 verdicts have no JUnit equivalent for `inconc`/`none`):
//! - `pass` -> success;
//! - `fail` -> `<failure type="fail" message=REASON>` with the trace as text;
//! - `error` -> `<error type="error" message=REASON>` with the trace as text;
//! - `inconc`, `none` -> `<skipped type=VERDICT message="verdict VERDICT: REASON">` with the trace.
//!
//! One-line fields (reason, title) have every control character shown as `\u{XX}`; the trace
//! text keeps line breaks and tabs and shows the other control characters the same way (XML 1.0
//! cannot carry them, and quick-junit would drop them silently). The JSON report keeps the raw text.
//!
//! Suite properties carry the run description (model, config, seed, IUT, ...); testcase
//! properties carry the vector's index, title and one `requirement` property per requirement id.

use std::path::PathBuf;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::canonical;
use crate::error::ReportError;
use crate::events::{RunEvent, VectorResult, Verdict};
use crate::record::RunRecord;
use crate::reporter::{FileSink, Reporter};
use crate::text::{one_line, trace_text};

/// The name of the `<testsuites>` element.
pub const JUNIT_REPORT_NAME: &str = "pushwake";

/// Writes the JUnit XML report to a file, atomically, when the run finishes (or, with the
/// `complete` property `false`, at [`Reporter::finish`] if it never did).
#[derive(Debug)]
pub struct JunitReporter {
    sink: FileSink,
}

impl JunitReporter {
    /// A reporter that will write to `path` (its directory must exist).
    pub fn new(path: impl Into<PathBuf>) -> JunitReporter {
        JunitReporter {
            sink: FileSink::new(path.into()),
        }
    }

    /// The file this reporter writes.
    pub fn path(&self) -> &std::path::Path {
        self.sink.path()
    }
}

impl Reporter for JunitReporter {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.sink.handle(event, render_junit)
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        self.sink.finish(render_junit)
    }
}

/// The JUnit XML text of `record`.
pub fn render_junit(record: &RunRecord) -> Result<String, ReportError> {
    let info = record.started_info()?;
    let mut suite = TestSuite::new(info.suite_name.as_str());
    // quick-junit prints the timestamp itself (RFC 3339, milliseconds); a started_at that does
    // not parse is still reported verbatim in the `started_at` property.
    if let Ok(ts) = chrono::DateTime::parse_from_rfc3339(&info.started_at) {
        suite.set_timestamp(ts);
    }
    let mut props: Vec<(&str, String)> = vec![
        ("tool_version", info.tool_version.clone()),
        ("suite_id", info.suite_id.clone()),
        ("suite_name", info.suite_name.clone()),
        ("model", info.model.clone()),
        ("model_config", canonical::to_compact(&info.model_config)?),
        ("iut_role", info.iut_role.clone()),
        ("iut", info.iut.clone()),
        ("generator_version", info.generator_version.clone()),
        ("seed", info.seed.to_string()),
        ("vector_count", info.vector_count.to_string()),
    ];
    if let Some(p) = info.partition {
        props.push(("partition", format!("{}/{}", p.k, p.n)));
    }
    props.push(("started_at", info.started_at.clone()));
    props.push(("complete", record.is_complete().to_string()));
    if let Some(summary) = record.summary() {
        suite.set_time(Duration::from_millis(summary.duration_ms));
        props.push(("verdict", summary.verdict.to_string()));
        props.push(("uncovered_requirements", summary.uncovered().join(" ")));
    }
    for (name, value) in props {
        suite.add_property((name, value.as_str()));
    }
    let classname = format!("pushwake.{}.{}", info.model, info.iut_role);
    for v in record.vectors() {
        suite.add_test_case(test_case(v, &classname)?);
    }
    let mut report = Report::new(JUNIT_REPORT_NAME);
    if let Some(summary) = record.summary() {
        report.set_time(Duration::from_millis(summary.duration_ms));
    }
    report.add_test_suite(suite);
    Ok(report.to_string()?)
}

fn test_case(v: &VectorResult, classname: &str) -> Result<TestCase, ReportError> {
    let status = match v.verdict {
        Verdict::Pass => TestCaseStatus::success(),
        Verdict::Fail | Verdict::Error => {
            let kind = if v.verdict == Verdict::Fail {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut s = TestCaseStatus::non_success(kind);
            s.set_type(v.verdict.as_str())
                .set_message(one_line(&v.reason));
            if !v.trace.is_empty() {
                s.set_description(trace_text(&v.trace)?);
            }
            s
        }
        Verdict::Inconc | Verdict::None => {
            let mut s = TestCaseStatus::skipped();
            s.set_type(v.verdict.as_str()).set_message(format!(
                "verdict {}: {}",
                v.verdict,
                one_line(&v.reason)
            ));
            if !v.trace.is_empty() {
                s.set_description(trace_text(&v.trace)?);
            }
            s
        }
    };
    let mut case = TestCase::new(v.id.as_str(), status);
    case.set_classname(classname)
        .set_time(Duration::from_millis(v.duration_ms));
    case.add_property(("index", v.index.to_string().as_str()));
    case.add_property(("title", one_line(&v.title).as_str()));
    for r in &v.requirements {
        case.add_property(("requirement", r.as_str()));
    }
    Ok(case)
}
