//! [`JunitReporter`]: JUnit XML for CI, through quick-junit.
//!
//! One `<testsuite>` per run, one `<testcase>` per finished vector, in index order, named by the
//! vector's title (what a CI page lists; a title that repeats within the suite gets ` #2`, ` #3`,
//! ... in index order, an empty title gives the id). The vector id, which a lab quotes to rerun
//! one vector, is the testcase property `id`: quick-junit writes testcase `<properties>` (the
//! Jenkins/Ant schema extension that GitLab and most JUnit readers accept), which is cleaner than
//! overloading `classname` (CI tools group by it) or burying the id in `system-out`.
//!
//! Verdict mapping (TTCN-3 verdicts have no JUnit equivalent for `inconc`/`none`):
//! - `pass` -> success;
//! - `fail` -> `<failure type="fail" message="breaks REQUIREMENT: REASON">` (the requirement the
//!   vector's [`VectorResult::failed_requirement`] names, with its source and clause in the
//!   text; `message=REASON` when it names none) with the trace as text;
//! - `error` -> `<error type="error" message=REASON>` with the trace as text;
//! - `inconc`, `none` -> `<skipped type=VERDICT message="verdict VERDICT: REASON">` with the trace.
//!
//! One-line fields (reason, title) have every control character shown as `\u{XX}`; the trace
//! text keeps line breaks and tabs and shows the other control characters the same way (XML 1.0
//! cannot carry them, and quick-junit would drop them silently). The JSON report keeps the raw text.
//!
//! Suite properties carry the run description (model, config, seed, IUT, ...) and the ICS used
//! (`ics`: its path or "all items supported", `ics_digest`, `ics_unlisted_supported`, `ics_items`
//! as canonical JSON; only `ics` = "not recorded" when the runner did not record it); testcase
//! properties carry the vector's `id`, `index`, `kind`, `purpose`, one `requirement` property per
//! requirement id and, for a fail, `failed_requirement`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::canonical;
use crate::error::ReportError;
use crate::events::{RequirementCoverage, RunEvent, VectorResult, Verdict};
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
    match &info.ics {
        Some(ics) => {
            props.push(("ics", ics.source_text().to_owned()));
            props.push(("ics_digest", ics.digest.clone()));
            props.push(("ics_unlisted_supported", ics.unlisted_supported.to_string()));
            props.push((
                "ics_items",
                canonical::to_compact(&serde_json::to_value(&ics.items)?)?,
            ));
        }
        None => props.push(("ics", "not recorded".to_owned())),
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
    let catalogue: BTreeMap<&str, &RequirementCoverage> = record
        .summary()
        .map(|s| s.requirements.iter().map(|r| (r.id.as_str(), r)).collect())
        .unwrap_or_default();
    let names = unique_names(record.vectors());
    for (v, name) in record.vectors().zip(names) {
        suite.add_test_case(test_case(v, name, &classname, &catalogue)?);
    }
    let mut report = Report::new(JUNIT_REPORT_NAME);
    if let Some(summary) = record.summary() {
        report.set_time(Duration::from_millis(summary.duration_ms));
    }
    report.add_test_suite(suite);
    Ok(report.to_string()?)
}

/// The testcase names: each vector's title (one line), or its id when the title is empty, with
/// ` #2`, ` #3`, ... added in index order until the name is unique within the suite.
fn unique_names<'a>(vectors: impl Iterator<Item = &'a VectorResult>) -> Vec<String> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    // The next suffix to try for each title, so a title repeated n times costs O(n), not O(n²)
    // (random walks often share one).
    let mut next: BTreeMap<String, u64> = BTreeMap::new();
    let mut names = Vec::new();
    for v in vectors {
        let base = if v.title.is_empty() {
            one_line(&v.id)
        } else {
            one_line(&v.title)
        };
        let mut n = next.get(&base).copied().unwrap_or(1);
        let mut name = if n == 1 {
            base.clone()
        } else {
            format!("{base} #{n}")
        };
        while used.contains(&name) {
            n = n.saturating_add(1);
            name = format!("{base} #{n}");
        }
        next.insert(base, n.saturating_add(1));
        used.insert(name.clone());
        names.push(name);
    }
    names
}

fn test_case(
    v: &VectorResult,
    name: String,
    classname: &str,
    catalogue: &BTreeMap<&str, &RequirementCoverage>,
) -> Result<TestCase, ReportError> {
    let failed = v.fail_credited_to();
    let status = match v.verdict {
        Verdict::Pass => TestCaseStatus::success(),
        Verdict::Fail | Verdict::Error => {
            let kind = if v.verdict == Verdict::Fail {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut s = TestCaseStatus::non_success(kind);
            let message = match failed {
                Some(req) => format!("breaks {}: {}", one_line(req), one_line(&v.reason)),
                None => one_line(&v.reason),
            };
            s.set_type(v.verdict.as_str()).set_message(message);
            let mut text = String::new();
            if let Some(req) = failed {
                text.push_str(&format!("failed requirement: {}", one_line(req)));
                if let Some(r) = catalogue.get(req) {
                    text.push_str(&format!(
                        " ({} clause {}: {})",
                        one_line(&r.source),
                        one_line(&r.clause),
                        one_line(&r.paraphrase)
                    ));
                }
                text.push('\n');
            }
            text.push_str(&trace_text(&v.trace)?);
            if !text.is_empty() {
                s.set_description(text);
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
    let mut case = TestCase::new(name, status);
    case.set_classname(classname)
        .set_time(Duration::from_millis(v.duration_ms));
    case.add_property(("id", one_line(&v.id).as_str()));
    case.add_property(("index", v.index.to_string().as_str()));
    if !v.kind.is_empty() {
        case.add_property(("kind", one_line(&v.kind).as_str()));
    }
    if !v.purpose.is_empty() {
        case.add_property(("purpose", one_line(&v.purpose).as_str()));
    }
    for r in &v.requirements {
        case.add_property(("requirement", one_line(r).as_str()));
    }
    if let Some(req) = failed {
        case.add_property(("failed_requirement", one_line(req).as_str()));
    }
    Ok(case)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(index: u64, title: &str) -> VectorResult {
        VectorResult {
            index,
            id: format!("v{index}"),
            title: title.to_owned(),
            purpose: String::new(),
            kind: String::new(),
            requirements: Vec::new(),
            verdict: Verdict::Pass,
            reason: String::new(),
            trace: Vec::new(),
            duration_ms: 0,
            failed_requirement: None,
        }
    }

    #[test]
    fn repeated_titles_get_numbered_and_empty_titles_use_the_id() {
        let vectors = [
            titled(0, "push"),
            titled(1, "push"),
            titled(2, "push #2"),
            titled(3, ""),
            titled(4, "push"),
        ];
        assert_eq!(
            unique_names(vectors.iter()),
            ["push", "push #2", "push #2 #2", "v3", "push #3"]
        );
    }
}
