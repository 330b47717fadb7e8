//! [`HtmlReporter`]: one self-contained HTML page for people (inline CSS, no script, no external
//! resources).
//!
//! Sections: the run description; the verdict counts; the requirement coverage matrix (one row
//! per requirement: source, clause, status, model properties and vectors naming it, their
//! verdicts, links to those vectors; uncovered rows marked); an index of vectors; then each
//! vector's trace as a table with the model's expectations and what was sent or observed side by
//! side (one row per step). Non-pass vectors are expanded, pass vectors collapsed. All text from
//! events is escaped; one-line fields (reason, title) show control characters as `\u{XX}`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::canonical;
use crate::error::ReportError;
use crate::events::{RunEvent, RunSummary, TraceEntry, TraceKind, VectorResult, Verdict};
use crate::record::RunRecord;
use crate::reporter::{FileSink, Reporter};
use crate::text::{display_wire, one_line};

/// Writes the HTML report to a file, atomically, when the run finishes (or, marked incomplete, at
/// [`Reporter::finish`] if it never did).
#[derive(Debug)]
pub struct HtmlReporter {
    sink: FileSink,
}

impl HtmlReporter {
    /// A reporter that will write to `path` (its directory must exist).
    pub fn new(path: impl Into<PathBuf>) -> HtmlReporter {
        HtmlReporter {
            sink: FileSink::new(path.into()),
        }
    }

    /// The file this reporter writes.
    pub fn path(&self) -> &std::path::Path {
        self.sink.path()
    }
}

impl Reporter for HtmlReporter {
    fn handle(&mut self, event: &RunEvent) -> Result<(), ReportError> {
        self.sink.handle(event, render_html)
    }

    fn finish(&mut self) -> Result<(), ReportError> {
        self.sink.finish(render_html)
    }
}

/// Escapes `text` for HTML element content and double- or single-quoted attribute values. C0
/// control characters other than tab, line feed and carriage return (not allowed in HTML text)
/// are shown as `\u{XX}` so the reader still sees exactly what the IUT sent.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:02x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:0.5em 0}\
th,td{border:1px solid #ccc;padding:0.2em 0.5em;text-align:left;vertical-align:top}\
th{background:#f0f0f0}\
pre,code{font-family:ui-monospace,monospace;font-size:0.9em;white-space:pre-wrap;word-break:break-all}\
.v-pass{background:#d7f5d7}.v-fail{background:#f8d0d0}.v-error{background:#f4c2f4}\
.v-inconc{background:#fbefc5}.v-none{background:#e4e4e4}\
tr.uncovered td{background:#fff3cd}\
.incomplete{background:#f8d0d0;padding:0.5em;font-weight:bold}\
details{margin:0.5em 0;border:1px solid #ddd;padding:0.3em 0.6em}\
summary{cursor:pointer}";

/// The HTML text of `record`.
pub fn render_html(record: &RunRecord) -> Result<String, ReportError> {
    let info = record.started_info()?;
    let mut h = String::new();
    let verdict = record
        .summary()
        .map_or("incomplete", |s| s.verdict.as_str());
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        h,
        "<title>pushwake: {} against {} - {}</title>",
        escape_html(&info.suite_name),
        escape_html(&info.iut),
        verdict
    );
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
    h.push_str("<h1>pushwake run report</h1>\n");
    if !record.is_complete() {
        h.push_str(
            "<p class=\"incomplete\">This run did not finish: the report shows the vectors \
             that finished before it stopped.</p>\n",
        );
    }

    h.push_str("<h2>Run</h2>\n<table>\n");
    let mut rows: Vec<(&str, String)> = vec![
        ("Suite", info.suite_name.clone()),
        ("Suite id", info.suite_id.clone()),
        ("Model", info.model.clone()),
        ("IUT role", info.iut_role.clone()),
        ("IUT", info.iut.clone()),
        ("Seed", info.seed.to_string()),
        ("Vectors", info.vector_count.to_string()),
    ];
    if let Some(p) = info.partition {
        rows.push(("Partition", format!("{}/{}", p.k, p.n)));
    }
    rows.push(("Started at", info.started_at.clone()));
    rows.push(("Tool version", info.tool_version.clone()));
    rows.push(("Generator version", info.generator_version.clone()));
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{k}</th><td>{}</td></tr>", escape_html(&v));
    }
    let mut config = String::new();
    canonical::write_pretty(&info.model_config, &mut config)?;
    let _ = writeln!(
        h,
        "<tr><th>Model config</th><td><pre>{}</pre></td></tr>\n</table>",
        escape_html(&config)
    );

    if let Some(summary) = record.summary() {
        summary_section(&mut h, summary);
        coverage_section(&mut h, summary, record);
    } else {
        h.push_str(
            "<h2>Summary</h2>\n<p>No summary: the run did not finish, so the verdict counts and \
             the requirement coverage are unknown.</p>\n",
        );
    }

    h.push_str("<h2>Vectors</h2>\n<table>\n<tr><th>#</th><th>Id</th><th>Title</th><th>Verdict</th><th>Reason</th><th>ms</th></tr>\n");
    for v in record.vectors() {
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#v{i}\">{i}</a></td><td><code>{}</code></td><td>{}</td>{}<td>{}</td><td>{}</td></tr>",
            escape_html(&v.id),
            escape_html(&one_line(&v.title)),
            verdict_cell(v.verdict),
            escape_html(&one_line(&v.reason)),
            v.duration_ms,
            i = v.index,
        );
    }
    h.push_str("</table>\n");
    for v in record.vectors() {
        vector_section(&mut h, v)?;
    }
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

fn verdict_cell(v: Verdict) -> String {
    format!("<td class=\"v-{v}\">{v}</td>")
}

fn summary_section(h: &mut String, summary: &RunSummary) {
    h.push_str("<h2>Summary</h2>\n<table>\n<tr><th>Verdict</th><th>Vectors</th></tr>\n");
    for v in Verdict::ALL {
        let _ = writeln!(
            h,
            "<tr>{}<td>{}</td></tr>",
            verdict_cell(v),
            summary.counts.count(v)
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>total</th><td>{}</td></tr>\n</table>\n<p>Overall verdict: <span class=\"v-{v}\">{v}</span>. Duration: {} ms.</p>",
        summary.counts.total(),
        summary.duration_ms,
        v = summary.verdict,
    );
}

fn coverage_section(h: &mut String, summary: &RunSummary, record: &RunRecord) {
    // Which vectors name each requirement, for the links (index order, each vector once).
    let mut covering: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for v in record.vectors() {
        for r in &v.requirements {
            let list = covering.entry(r.as_str()).or_default();
            if list.last() != Some(&v.index) {
                list.push(v.index);
            }
        }
    }
    h.push_str("<h2>Requirement coverage</h2>\n<table>\n<tr><th>Requirement</th><th>Source</th><th>Clause</th><th>Status</th><th>Paraphrase</th><th>Properties</th><th>Vectors</th>");
    for v in Verdict::ALL {
        let _ = write!(h, "<th>{v}</th>");
    }
    h.push_str("<th>Covered by</th></tr>\n");
    for r in &summary.requirements {
        let class = if r.is_uncovered() {
            " class=\"uncovered\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr{class}><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            escape_html(&r.id),
            escape_html(&r.source),
            escape_html(&r.clause),
            r.status.as_str(),
            escape_html(&r.paraphrase),
            r.properties,
            r.vectors,
        );
        for v in Verdict::ALL {
            let n = r.verdicts.count(v);
            if n == 0 {
                h.push_str("<td></td>");
            } else {
                let _ = write!(h, "<td class=\"v-{v}\">{n}</td>");
            }
        }
        h.push_str("<td>");
        for (i, idx) in covering
            .get(r.id.as_str())
            .into_iter()
            .flatten()
            .enumerate()
        {
            if i > 0 {
                h.push(' ');
            }
            let _ = write!(h, "<a href=\"#v{idx}\">{idx}</a>");
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</table>\n");
    let uncovered = summary.uncovered();
    if uncovered.is_empty() {
        h.push_str("<p>Every requirement is covered by a vector or a model property.</p>\n");
    } else {
        let names: Vec<String> = uncovered
            .iter()
            .map(|id| format!("<code>{}</code>", escape_html(id)))
            .collect();
        let _ = writeln!(
            h,
            "<p>Covered by nothing in this run: {}.</p>",
            names.join(", ")
        );
    }
}

fn vector_section(h: &mut String, v: &VectorResult) -> Result<(), ReportError> {
    let open = if v.verdict == Verdict::Pass {
        ""
    } else {
        " open"
    };
    let _ = writeln!(
        h,
        "<details id=\"v{i}\"{open}>\n<summary>#{i} <code>{}</code> {} <span class=\"v-{verdict}\">{verdict}</span></summary>",
        escape_html(&v.id),
        escape_html(&one_line(&v.title)),
        i = v.index,
        verdict = v.verdict,
    );
    let reqs: Vec<String> = v
        .requirements
        .iter()
        .map(|r| format!("<code>{}</code>", escape_html(r)))
        .collect();
    let _ = writeln!(
        h,
        "<p>Reason: {}</p>\n<p>Requirements: {}</p>\n<p>Duration: {} ms</p>",
        escape_html(&one_line(&v.reason)),
        if reqs.is_empty() {
            "none named".to_owned()
        } else {
            reqs.join(", ")
        },
        v.duration_ms
    );
    if v.trace.is_empty() {
        h.push_str("<p>No trace.</p>\n</details>\n");
        return Ok(());
    }
    // One row per step: what was sent, what the model allowed, what came back, side by side.
    let mut steps: BTreeMap<u32, Vec<&TraceEntry>> = BTreeMap::new();
    for e in &v.trace {
        steps.entry(e.step).or_default().push(e);
    }
    h.push_str("<table>\n<tr><th>Step</th><th>Sent</th><th>Expected (model allows)</th><th>Observed</th><th>Verdict effect</th></tr>\n");
    for (step, entries) in steps {
        let (mut sent, mut expected, mut observed) = (String::new(), String::new(), String::new());
        let mut effect: Option<Verdict> = None;
        for e in entries {
            let cell = match e.kind {
                TraceKind::Stimulus => &mut sent,
                TraceKind::Expected => &mut expected,
                TraceKind::Observation
                | TraceKind::Quiescence
                | TraceKind::Timeout
                | TraceKind::Note => &mut observed,
            };
            cell.push_str(&entry_html(e)?);
            if let Some(v) = e.verdict_effect {
                effect = Some(effect.map_or(v, |w| w.worse(v)));
            }
        }
        let effect = effect.map_or_else(|| "<td></td>".to_owned(), verdict_cell);
        let _ = writeln!(
            h,
            "<tr><td>{step}</td><td>{sent}</td><td>{expected}</td><td>{observed}</td>{effect}</tr>"
        );
    }
    h.push_str("</table>\n</details>\n");
    Ok(())
}

/// One trace entry as a block: a kind label where the column does not say it (quiescence,
/// timeout, note), the abstract message, the wire text, and the entry's own verdict effect when
/// the step has several entries.
fn entry_html(e: &TraceEntry) -> Result<String, ReportError> {
    let mut cell = String::from("<div>");
    if matches!(
        e.kind,
        TraceKind::Quiescence | TraceKind::Timeout | TraceKind::Note
    ) {
        let _ = write!(cell, "<em>{}</em> ", e.kind);
    }
    if !e.r#abstract.is_null() {
        let _ = write!(
            cell,
            "<code>{}</code>",
            escape_html(&canonical::to_compact(&e.r#abstract)?)
        );
    }
    if let Some(v) = e.verdict_effect {
        let _ = write!(cell, " <span class=\"v-{v}\">=&gt; {v}</span>");
    }
    if let Some(wire) = &e.wire {
        let _ = write!(cell, "<pre>{}</pre>", escape_html(&display_wire(wire)));
    }
    cell.push_str("</div>");
    Ok(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>\u{0}\u{1b}\tok"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\u{00}\\u{1b}\tok"
        );
    }
}
