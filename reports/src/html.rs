//! [`HtmlReporter`]: one self-contained HTML page for people (inline CSS and inline SVG, no
//! script, no external resources), written so that a certification lab engineer can tell from
//! the page alone what was sent, what came back, what the model allowed, and which clause that
//! breaks.
//!
//! Sections, top to bottom:
//! - the overall verdict;
//! - the `fail` and `error` vectors at a glance: the requirement broken, the step, what was
//!   observed and what the model allowed;
//! - the run description, with the ICS the vectors were selected with;
//! - the verdict counts;
//! - the requirement coverage matrix (one row per requirement: source, clause, status, model
//!   properties and vectors naming it, the verdicts credited to it, how many vectors did not
//!   judge it because they failed on another requirement, links to those vectors; uncovered rows
//!   marked);
//! - an index of vectors, then each vector, failing vectors first (then `error`, `inconc`,
//!   `pass`, `none`; index order within a verdict). Each vector shows its title, verdict, purpose,
//!   kind, requirements (with their source and clause) and reason; for a non-pass vector, a box
//!   with the step that set the verdict: what was observed next to what the model allowed, and
//!   the requirement it breaks; a sequence diagram in inline SVG (see [`sequence_svg`]); and a
//!   table with one row per trace entry. Non-pass vectors are expanded, the others collapsed.
//!
//! All text from events is escaped (wire text is untrusted: an IUT can send `</script>` or
//! `<svg onload=...>`); one-line fields (titles, reasons, labels) show control characters and
//! bidirectional controls as `\u{XX}`. The same events always give the same bytes: every
//! ordering is by index or id, every coordinate an integer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use crate::canonical;
use crate::error::ReportError;
use crate::events::{
    RequirementCoverage, RunEvent, RunInfo, RunSummary, TraceEntry, TraceKind, VectorResult,
    Verdict,
};
use crate::record::RunRecord;
use crate::reporter::{FileSink, Reporter};
use crate::text::{display_wire, is_hidden, one_line};

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

/// Escapes `text` for HTML element content and double- or single-quoted attribute values (also
/// inside inline SVG, which the HTML parser reads the same way). C0 and C1 control characters
/// other than tab, line feed and carriage return (not allowed in HTML text), and the Unicode
/// bidirectional controls, are shown as `\u{XX}` so the reader sees exactly what the IUT sent.
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
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:02x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` on one line (control characters as escapes), escaped for HTML.
fn esc1(text: &str) -> String {
    escape_html(&one_line(text))
}

const STYLE: &str = "body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:1.5em 2em;color:#1d1d1d;line-height:1.35;max-width:1400px}\
h1{margin:0 0 0.3em 0}h2{margin-top:1.6em;border-bottom:2px solid #ddd;padding-bottom:0.15em}\
table{border-collapse:collapse;margin:0.5em 0}\
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}\
td{overflow-wrap:anywhere}\
th{background:#f0f0f0}\
table.meta th{width:9em;background:#f6f6f6}\
table.wide{width:100%}td.para{min-width:12em}table.wide th{font-size:0.9em}\
.toc{font-size:0.9em}\
pre,code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:0.88em}\
pre{white-space:pre-wrap;word-break:break-all;margin:0.3em 0;background:#f7f7f7;border:1px solid #e2e2e2;padding:0.3em 0.4em;max-width:60em}\
code{overflow-wrap:anywhere}\
.v-pass{background:#d7f5d7}.v-fail{background:#f8d0d0}.v-error{background:#f4c2f4}\
.v-inconc{background:#fbefc5}.v-none{background:#e4e4e4}\
.badge{display:inline-block;padding:0 0.45em;border-radius:0.3em;font-weight:bold;font-size:0.9em;border:1px solid #0002}\
.banner{font-size:1.25em;padding:0.4em 0.7em;border-radius:0.3em;margin:0.5em 0}\
tr.uncovered td{background:#fff3cd}\
td.num{text-align:right}td.dir{overflow-wrap:normal}\
a.notjudged{color:#777;text-decoration:line-through}\
.incomplete{background:#f8d0d0;padding:0.5em;font-weight:bold}\
details.vector{margin:1em 0;border:1px solid #ccc;border-left:6px solid #ccc;padding:0.4em 0.8em;border-radius:0.2em}\
details.vector.vb-fail{border-left-color:#b00020}details.vector.vb-error{border-left-color:#8a1c8a}\
details.vector.vb-inconc{border-left-color:#b08900}details.vector.vb-pass{border-left-color:#1b6e1b}\
details.vector>summary{cursor:pointer;font-size:1.1em;font-weight:bold;padding:0.2em 0}\
.evidence{border:2px solid #b00020;background:#fff5f5;padding:0.4em 0.8em;margin:0.6em 0;border-radius:0.2em}\
.evidence.ev-error{border-color:#8a1c8a;background:#fdf3fd}.evidence.ev-inconc{border-color:#b08900;background:#fffbea}\
.evidence h4{margin:0.2em 0}\
.evidence td{background:#fff}\
.broken{color:#b00020;font-weight:bold}\
.muted{color:#666}\
.diagram{overflow-x:auto;margin:0.6em 0}\
svg.seq{background:#fff;border:1px solid #ddd}\
svg.seq text{font-family:system-ui,'DejaVu Sans',sans-serif;font-size:12px;fill:#1d1d1d}\
svg.seq text.role{font-weight:bold;font-size:13px}\
svg.seq g.iut text.role,svg.seq g.iut text.sub{fill:#fff}\
svg.seq text.sub{font-size:10px;fill:#555}\
svg.seq text.step{fill:#777;font-size:11px}\
svg.seq g.expected text{fill:#666;font-style:italic}\
svg.seq text.label{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}\
svg.seq g.verdict-fail text.label{fill:#b00020;font-weight:bold;stroke:#f8d0d0}\
svg.seq g.verdict-error text.label{stroke:#f4c2f4}svg.seq g.verdict-inconc text.label{stroke:#fbefc5}\
svg.seq g.verdict-pass text.label{stroke:#d7f5d7}svg.seq g.verdict-none text.label{stroke:#e4e4e4}\
tr.verdict-step td{border-top:2px solid #444;border-bottom:2px solid #444}\
ul.plain{margin:0;padding-left:1.1em}\
.legend{font-size:0.85em;color:#555}\
.exchange{display:grid;grid-template-columns:max-content minmax(14em,1fr);gap:0 0.8em;align-items:start}\
.exchange pre.hex{white-space:pre;word-break:normal}\
.exchange .decoded{padding-top:calc(0.6em + 1px)}\
.decoded{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:0.88em;font-weight:bold;color:#1f3b73}";

/// The HTML text of `record`.
pub fn render_html(record: &RunRecord) -> Result<String, ReportError> {
    let info = record.started_info()?;
    let catalogue: BTreeMap<&str, &RequirementCoverage> = record
        .summary()
        .map(|s| s.requirements.iter().map(|r| (r.id.as_str(), r)).collect())
        .unwrap_or_default();
    let mut h = String::new();
    let verdict = record
        .summary()
        .map_or("incomplete", |s| s.verdict.as_str());
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        h,
        "<title>pushwake: {} against {} - {}</title>",
        esc1(&info.suite_name),
        esc1(&info.iut),
        verdict
    );
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
    h.push_str("<h1>pushwake run report</h1>\n");
    match record.summary() {
        Some(s) => {
            let _ = writeln!(
                h,
                "<p class=\"banner v-{v}\">Verdict <strong>{v}</strong>: {} against <code>{}</code> as <code>{}</code> &mdash; {}</p>",
                esc1(&info.suite_name),
                esc1(&info.iut),
                esc1(&info.iut_role),
                counts_text(s),
                v = s.verdict,
            );
        }
        None => h.push_str(
            "<p class=\"incomplete\">This run did not finish: the report shows the vectors \
             that finished before it stopped.</p>\n",
        ),
    }
    h.push_str(
        "<p class=\"toc\">Sections: <a href=\"#failures\">failures and errors</a> &middot; \
         <a href=\"#run\">run</a> &middot; <a href=\"#summary\">summary</a> &middot; \
         <a href=\"#coverage\">requirement coverage</a> &middot; <a href=\"#vectors\">vectors</a></p>\n",
    );
    let ordered = report_order(record);
    failures_section(&mut h, &ordered, info, &catalogue)?;
    run_section(&mut h, info)?;

    if let Some(summary) = record.summary() {
        summary_section(&mut h, summary);
        coverage_section(&mut h, summary, record);
    } else {
        h.push_str(
            "<h2 id=\"summary\">Summary</h2>\n<p>No summary: the run did not finish, so the verdict counts and \
             the requirement coverage are unknown.</p>\n",
        );
    }

    h.push_str("<h2 id=\"vectors\">Vectors</h2>\n<p class=\"legend\">Failing vectors first, then error, inconc, pass, none.</p>\n<table>\n<tr><th>#</th><th>Title</th><th>Kind</th><th>Verdict</th><th>Breaks</th><th>Reason</th><th>ms</th></tr>\n");
    for v in &ordered {
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#v{i}\">{i}</a></td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc1(&v.title),
            esc1(&v.kind),
            verdict_cell(v.verdict),
            v.fail_credited_to()
                .map(|r| format!("<code class=\"broken\">{}</code>", esc1(r)))
                .unwrap_or_default(),
            esc1(&v.reason),
            v.duration_ms,
            i = v.index,
        );
    }
    h.push_str("</table>\n");
    for v in &ordered {
        vector_section(&mut h, v, info, &catalogue)?;
    }
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

/// The `fail` and `error` vectors at a glance, before anything else: what broke, where, what was
/// observed and what the model allowed, each linked to its vector.
fn failures_section(
    h: &mut String,
    ordered: &[&VectorResult],
    info: &RunInfo,
    catalogue: &BTreeMap<&str, &RequirementCoverage>,
) -> Result<(), ReportError> {
    let bad: Vec<&&VectorResult> = ordered
        .iter()
        .filter(|v| matches!(v.verdict, Verdict::Fail | Verdict::Error))
        .collect();
    h.push_str("<h2 id=\"failures\">Failures and errors</h2>\n");
    if bad.is_empty() {
        h.push_str("<p>No vector failed and none hit an error.</p>\n");
        return Ok(());
    }
    h.push_str("<table class=\"wide\">\n<tr><th>Vector</th><th>Verdict</th><th>Breaks</th><th>Where</th><th>Model allowed</th><th>Reason</th></tr>\n");
    for v in bad {
        let breaks = match v.fail_credited_to() {
            Some(r) => {
                let para = catalogue
                    .get(r)
                    .map(|c| format!(": {}", esc1(&c.paraphrase)))
                    .unwrap_or_default();
                format!("{}{para}", requirement_ref(r, catalogue))
            }
            None => String::new(),
        };
        let (at, allowed) = match verdict_entry(v) {
            Some(i) => {
                let e = v.trace.get(i);
                let what = e
                    .map(|e| {
                        format!(
                            "step {}, {}: <strong>{}</strong>",
                            e.step,
                            direction_text(e, &info.iut_role),
                            // A decoded wire in full (`6A 80 (incorrect ...)`), else the words.
                            escape_html(
                                &e.decoded
                                    .as_ref()
                                    .map_or_else(|| diagram_text(e), |d| one_line(&d.line))
                            )
                        )
                    })
                    .unwrap_or_default();
                let allowed = allowed_at(v, i);
                let allowed = if allowed.is_empty() {
                    "<span class=\"muted\">none recorded</span>".to_owned()
                } else {
                    allowed_html(&allowed)?
                };
                (what, allowed)
            }
            None => (String::new(), String::new()),
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#v{i}\">#{i} {}</a></td>{}<td>{breaks}</td><td>{at}</td><td>{allowed}</td><td>{}</td></tr>",
            esc1(&v.title),
            verdict_cell(v.verdict),
            esc1(&v.reason),
            i = v.index,
        );
    }
    h.push_str("</table>\n");
    Ok(())
}

/// Where a verdict goes in the report: failing vectors first, then `error`, `inconc`, `pass`,
/// `none`.
fn report_rank(v: Verdict) -> u8 {
    match v {
        Verdict::Fail => 0,
        Verdict::Error => 1,
        Verdict::Inconc => 2,
        Verdict::Pass => 3,
        Verdict::None => 4,
    }
}

/// The finished vectors in report order (by [`report_rank`], then index).
fn report_order(record: &RunRecord) -> Vec<&VectorResult> {
    let mut v: Vec<&VectorResult> = record.vectors().collect();
    v.sort_by_key(|r| (report_rank(r.verdict), r.index));
    v
}

fn counts_text(s: &RunSummary) -> String {
    let parts: Vec<String> = [
        Verdict::Fail,
        Verdict::Error,
        Verdict::Inconc,
        Verdict::Pass,
        Verdict::None,
    ]
    .iter()
    .filter(|v| s.counts.count(**v) > 0)
    .map(|v| format!("{} {v}", s.counts.count(*v)))
    .collect();
    format!(
        "{} of {} vectors",
        if parts.is_empty() {
            "no verdicts".to_owned()
        } else {
            parts.join(", ")
        },
        s.counts.total()
    )
}

fn verdict_cell(v: Verdict) -> String {
    format!("<td class=\"v-{v}\">{v}</td>")
}

fn badge(v: Verdict) -> String {
    format!("<span class=\"badge v-{v}\">{v}</span>")
}

fn run_section(h: &mut String, info: &RunInfo) -> Result<(), ReportError> {
    h.push_str("<h2 id=\"run\">Run</h2>\n<table class=\"meta wide\">\n");
    let mut cells: Vec<(&str, String)> = vec![
        ("Suite", esc1(&info.suite_name)),
        ("Suite id", esc1(&info.suite_id)),
        ("IUT", format!("<code>{}</code>", esc1(&info.iut))),
        ("IUT role", esc1(&info.iut_role)),
        ("Model", esc1(&info.model)),
        ("Seed", info.seed.to_string()),
        ("Vectors", info.vector_count.to_string()),
        (
            "Partition",
            info.partition
                .map_or_else(|| "none".to_owned(), |p| format!("{}/{}", p.k, p.n)),
        ),
        ("Started at", esc1(&info.started_at)),
        ("Tool version", esc1(&info.tool_version)),
        ("Generator version", esc1(&info.generator_version)),
    ];
    match &info.ics {
        Some(ics) => cells.push((
            "ICS",
            format!(
                "{} <span class=\"muted\">(<code>{}</code>)</span>",
                esc1(ics.source_text()),
                esc1(&ics.digest)
            ),
        )),
        None => cells.push((
            "ICS",
            "<span class=\"muted\">not recorded by the runner</span>".to_owned(),
        )),
    }
    // Two label/value pairs a row.
    for pair in cells.chunks(2) {
        h.push_str("<tr>");
        for (k, v) in pair {
            let _ = write!(h, "<th>{k}</th><td>{v}</td>");
        }
        if pair.len() == 1 {
            h.push_str("<th></th><td></td>");
        }
        h.push_str("</tr>\n");
    }
    if let Some(ics) = &info.ics {
        let items: Vec<String> = ics
            .items
            .iter()
            .map(|(item, supported)| {
                format!(
                    "<code>{}</code>&nbsp;{}",
                    esc1(item),
                    if *supported {
                        "supported"
                    } else {
                        "<strong>not supported</strong>"
                    }
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><th>ICS items</th><td colspan=\"3\">{}{}Items not listed: {}.</td></tr>",
            items.join(", "),
            if items.is_empty() { "" } else { ". " },
            if ics.unlisted_supported {
                "supported"
            } else {
                "not supported"
            }
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>Model config</th><td colspan=\"3\"><code>{}</code></td></tr>\n</table>",
        json_html(&info.model_config)?
    );
    Ok(())
}

fn summary_section(h: &mut String, summary: &RunSummary) {
    h.push_str("<h2 id=\"summary\">Summary</h2>\n<table>\n<tr><th>Verdict</th>");
    for v in Verdict::ALL {
        let _ = write!(h, "{}", verdict_cell(v));
    }
    h.push_str("<th>total</th></tr>\n<tr><th>Vectors</th>");
    for v in Verdict::ALL {
        let _ = write!(h, "<td class=\"num\">{}</td>", summary.counts.count(v));
    }
    let _ = writeln!(
        h,
        "<td class=\"num\">{}</td></tr>\n</table>\n<p>Overall verdict: <span class=\"badge v-{v}\">{v}</span>. Duration: {} ms.</p>",
        summary.counts.total(),
        summary.duration_ms,
        v = summary.verdict,
    );
}

/// What a vector gave a requirement in the matrix: its verdict, or nothing because it failed on
/// another requirement first.
enum Credit<'a> {
    Verdict(Verdict),
    NotJudged { failed_on: &'a str },
}

/// An `id` attribute value for a requirement anchor: `req-` and the id with every character
/// outside `[A-Za-z0-9._-]` written as `_XX_` (its code point in hex), so the anchor needs no
/// escaping in a URL fragment and two ids never share one.
fn req_anchor(id: &str) -> String {
    let mut out = String::from("req-");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", u32::from(c));
        }
    }
    out
}

fn coverage_section(h: &mut String, summary: &RunSummary, record: &RunRecord) {
    // Which vectors count for each requirement and what they gave it (index order, each once),
    // following RunSummary::from_results.
    let mut covering: BTreeMap<&str, Vec<(u64, Credit<'_>)>> = BTreeMap::new();
    for v in record.vectors() {
        let failed = v.fail_credited_to();
        let mut named: Vec<&str> = v.requirements.iter().map(String::as_str).collect();
        named.extend(failed);
        named.sort_unstable();
        named.dedup();
        for id in named {
            let credit = match failed {
                Some(f) if f != id => Credit::NotJudged { failed_on: f },
                _ => Credit::Verdict(v.verdict),
            };
            covering.entry(id).or_default().push((v.index, credit));
        }
    }
    h.push_str("<h2 id=\"coverage\">Requirement coverage</h2>\n");
    h.push_str(
        "<p class=\"legend\">Each vector counts once for every requirement it names. Its verdict \
         goes to each of them, except a <em>fail</em>, which goes only to the one requirement \
         whose rule the observation broke; the vector's other requirements count it as <em>not \
         judged</em> (the IUT broke another rule before they were decided). So Vectors = the \
         verdict columns + not judged.</p>\n",
    );
    h.push_str("<table class=\"wide\">\n<tr><th>Requirement</th><th>Source</th><th>Clause</th><th>Status</th><th>Paraphrase</th><th>Properties</th><th>Vectors</th>");
    for v in Verdict::ALL {
        let _ = write!(h, "<th>{v}</th>");
    }
    h.push_str("<th>not judged</th><th>Covered by</th></tr>\n");
    for r in &summary.requirements {
        let class = if r.is_uncovered() {
            " class=\"uncovered\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr{class} id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=\"para\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            req_anchor(&r.id),
            esc1(&r.id),
            esc1(&r.source),
            esc1(&r.clause),
            r.status.as_str(),
            esc1(&r.paraphrase),
            r.properties,
            r.vectors,
        );
        for v in Verdict::ALL {
            let n = r.verdicts.count(v);
            if n == 0 {
                h.push_str("<td></td>");
            } else {
                let _ = write!(h, "<td class=\"num v-{v}\">{n}</td>");
            }
        }
        if r.not_judged == 0 {
            h.push_str("<td></td>");
        } else {
            let _ = write!(h, "<td class=\"num\">{}</td>", r.not_judged);
        }
        h.push_str("<td>");
        for (i, (idx, credit)) in covering
            .get(r.id.as_str())
            .into_iter()
            .flatten()
            .enumerate()
        {
            if i > 0 {
                h.push(' ');
            }
            match credit {
                Credit::Verdict(v) => {
                    let _ = write!(
                        h,
                        "<a href=\"#v{idx}\" class=\"v-{v}\" title=\"{v}\">{idx}</a>"
                    );
                }
                Credit::NotJudged { failed_on } => {
                    let _ = write!(
                        h,
                        "<a href=\"#v{idx}\" class=\"notjudged\" title=\"not judged: failed on {}\">{idx}</a>",
                        esc1(failed_on)
                    );
                }
            }
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
            .map(|id| format!("<code>{}</code>", esc1(id)))
            .collect();
        let _ = writeln!(
            h,
            "<p>Covered by nothing in this run: {}.</p>",
            names.join(", ")
        );
    }
}

/// A requirement id with its source and clause from the catalogue, e.g.
/// `PAP-9.3 (WAP-247-PAP §9.3)`, linked to its row of the matrix when it has one.
fn requirement_ref(id: &str, catalogue: &BTreeMap<&str, &RequirementCoverage>) -> String {
    match catalogue.get(id) {
        Some(r) if !r.source.is_empty() || !r.clause.is_empty() => format!(
            "<a href=\"#{}\"><code>{}</code></a> <span class=\"muted\">({})</span>",
            req_anchor(id),
            esc1(id),
            [
                esc1(&r.source),
                if r.clause.is_empty() {
                    String::new()
                } else {
                    format!("&sect;{}", esc1(&r.clause))
                }
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
        ),
        // Not in the catalogue: the summary's paraphrase says so.
        Some(_) => format!(
            "<a href=\"#{}\"><code>{}</code></a>",
            req_anchor(id),
            esc1(id)
        ),
        None => format!("<code>{}</code>", esc1(id)),
    }
}

/// The trace entry that set the vector's verdict: the last one whose effect is the vector's
/// verdict, else the last one with any effect.
fn verdict_entry(v: &VectorResult) -> Option<usize> {
    v.trace
        .iter()
        .rposition(|e| e.verdict_effect == Some(v.verdict))
        .or_else(|| v.trace.iter().rposition(|e| e.verdict_effect.is_some()))
}

fn vector_section(
    h: &mut String,
    v: &VectorResult,
    info: &RunInfo,
    catalogue: &BTreeMap<&str, &RequirementCoverage>,
) -> Result<(), ReportError> {
    let open = if matches!(v.verdict, Verdict::Pass | Verdict::None) {
        ""
    } else {
        " open"
    };
    let title = if v.title.is_empty() {
        "(untitled)".to_owned()
    } else {
        esc1(&v.title)
    };
    let _ = writeln!(
        h,
        "<details class=\"vector vb-{verdict}\" id=\"v{i}\"{open}>\n<summary>#{i} {title} {}</summary>",
        badge(v.verdict),
        i = v.index,
        verdict = v.verdict,
    );
    let failed = v.fail_credited_to();
    h.push_str("<table class=\"meta\">\n");
    let _ = writeln!(
        h,
        "<tr><th>Purpose</th><td>{}</td></tr>",
        if v.purpose.is_empty() {
            "<span class=\"muted\">not recorded</span>".to_owned()
        } else {
            esc1(&v.purpose)
        }
    );
    let _ = writeln!(
        h,
        "<tr><th>Kind</th><td>{}</td></tr>",
        if v.kind.is_empty() {
            "<span class=\"muted\">not recorded</span>".to_owned()
        } else {
            esc1(&v.kind)
        }
    );
    let _ = writeln!(
        h,
        "<tr><th>Verdict</th><td>{} {}</td></tr>",
        badge(v.verdict),
        esc1(&v.reason)
    );
    let mut reqs: Vec<&str> = v.requirements.iter().map(String::as_str).collect();
    if let Some(f) = failed
        && !reqs.contains(&f)
    {
        reqs.push(f);
    }
    h.push_str("<tr><th>Requirements</th><td>");
    if reqs.is_empty() {
        h.push_str("<span class=\"muted\">none named</span>");
    } else {
        h.push_str("<ul class=\"plain\">");
        for r in reqs {
            let _ = write!(h, "<li>{}", requirement_ref(r, catalogue));
            if let Some(c) = catalogue.get(r) {
                let _ = write!(h, ": {}", esc1(&c.paraphrase));
            }
            match failed {
                Some(f) if f == r => h.push_str(" <span class=\"broken\">&mdash; broken</span>"),
                Some(f) => {
                    let _ = write!(
                        h,
                        " <span class=\"muted\">&mdash; not judged (the vector failed on {} first)</span>",
                        esc1(f)
                    );
                }
                None => {}
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</td></tr>\n");
    let _ = writeln!(
        h,
        "<tr><th>Vector id</th><td><code>{}</code></td></tr>\n<tr><th>Duration</th><td>{} ms</td></tr>\n</table>",
        esc1(&v.id),
        v.duration_ms
    );
    if v.trace.is_empty() {
        h.push_str("<p>No trace.</p>\n</details>\n");
        return Ok(());
    }
    let decisive = verdict_entry(v);
    if let Some(i) = decisive
        && v.verdict != Verdict::Pass
    {
        evidence_box(h, v, i, info, catalogue)?;
    }
    h.push_str("<div class=\"diagram\">\n");
    sequence_svg(h, v, &info.iut_role, decisive);
    h.push_str(
        "</div>\n<p class=\"legend\">Solid arrows: sent by the tester or emitted by the IUT. \
        Dashed grey arrows: what the model expected next. Boxes on the IUT's lifeline: silence, \
        timeouts and runner notes. The highlighted row is the step that set the verdict.</p>\n",
    );
    trace_table(h, v, info, decisive, catalogue)?;
    h.push_str("</details>\n");
    Ok(())
}

/// Compact canonical JSON of `value`, escaped, with a line-break opportunity (`<wbr>`, which
/// copying leaves out) after every comma, so long messages wrap between fields.
fn json_html(value: &serde_json::Value) -> Result<String, ReportError> {
    Ok(escape_html(&canonical::to_compact(value)?).replace(',', ",<wbr>"))
}

/// The message of one entry as HTML: its label (or "no label"), the abstract message in a
/// `<code>`, the wire text in a `<pre>`.
fn message_html(e: &TraceEntry) -> Result<String, ReportError> {
    let mut cell = String::new();
    if let Some(label) = &e.label {
        let _ = write!(cell, "<strong>{}</strong><br>", esc1(label));
    }
    if !e.r#abstract.is_null() {
        let _ = write!(cell, "<code>{}</code>", json_html(&e.r#abstract)?);
    }
    match (&e.wire, &e.decoded) {
        (Some(wire), Some(d)) => {
            // The exchange as TS 31.124 writes it: the bytes, and beside them what they say.
            let bytes = match hex_bytes(wire) {
                Some(spaced) => format!("<pre class=\"hex\">{}</pre>", escape_html(&spaced)),
                None => format!("<pre>{}</pre>", escape_html(&display_wire(wire))),
            };
            let _ = write!(
                cell,
                "<div class=\"exchange\">{bytes}<div class=\"decoded\">{}</div></div>",
                esc1(&d.line)
            );
        }
        (Some(wire), None) => {
            let _ = write!(cell, "<pre>{}</pre>", escape_html(&display_wire(wire)));
        }
        (None, Some(d)) => {
            let _ = write!(cell, "<div class=\"decoded\">{}</div>", esc1(&d.line));
        }
        (None, None) => {}
    }
    Ok(cell)
}

/// Bytes shown per line of a hex dump (as in the coding tables of TS 31.124).
const HEX_BYTES_PER_LINE: usize = 16;

/// `wire` as upper-case hex, a space between bytes and [`HEX_BYTES_PER_LINE`] bytes a line, when
/// it is hex (an even number of hex digits, the form the runner writes binary wires in); `None`
/// for text. Cut like [`display_wire`] when long.
fn hex_bytes(wire: &str) -> Option<String> {
    if wire.is_empty()
        || !wire.len().is_multiple_of(2)
        || !wire.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return None;
    }
    // When cut, the note starts with "..." after the digits kept (hex has no dots).
    let shown = display_wire(wire);
    let (digits, cut) = shown.split_at(shown.find("...").unwrap_or(shown.len()));
    let mut out = String::with_capacity(digits.len() * 3 / 2 + cut.len());
    for (i, pair) in digits.as_bytes().chunks(2).enumerate() {
        if i > 0 {
            out.push(if i.is_multiple_of(HEX_BYTES_PER_LINE) {
                '\n'
            } else {
                ' '
            });
        }
        for b in pair {
            out.push(char::from(b.to_ascii_uppercase()));
        }
    }
    out.push_str(cut);
    Some(out)
}

/// What the model allowed at entry `i`: the entry's own `allowed`, or (older runners, which
/// recorded the expectations as `expected` entries of the same step) those entries' messages.
fn allowed_at(v: &VectorResult, i: usize) -> Vec<&serde_json::Value> {
    let Some(e) = v.trace.get(i) else {
        return Vec::new();
    };
    if !e.allowed.is_empty() {
        return e.allowed.iter().collect();
    }
    v.trace
        .iter()
        .filter(|x| x.kind == TraceKind::Expected && x.step == e.step)
        .flat_map(|x| {
            if x.allowed.is_empty() {
                vec![&x.r#abstract]
            } else {
                x.allowed.iter().collect()
            }
        })
        .collect()
}

fn allowed_html(allowed: &[&serde_json::Value]) -> Result<String, ReportError> {
    if allowed.is_empty() {
        return Ok(String::new());
    }
    let mut out = String::from("<ul class=\"plain\">");
    for a in allowed {
        let _ = write!(out, "<li><code>{}</code></li>", json_html(a)?);
    }
    out.push_str("</ul>");
    Ok(out)
}

/// The box above the diagram for a non-pass vector: the step that set the verdict, what was
/// observed next to what the model allowed, and the requirement broken.
fn evidence_box(
    h: &mut String,
    v: &VectorResult,
    i: usize,
    info: &RunInfo,
    catalogue: &BTreeMap<&str, &RequirementCoverage>,
) -> Result<(), ReportError> {
    let Some(e) = v.trace.get(i) else {
        return Ok(());
    };
    let _ = writeln!(
        h,
        "<div class=\"evidence ev-{verdict}\">\n<h4>Why {verdict}: step {} ({})</h4>\n<table class=\"meta\">",
        e.step,
        direction_text(e, &info.iut_role),
        verdict = v.verdict,
    );
    let what = match e.kind {
        TraceKind::Stimulus => "Sent",
        TraceKind::Observation => "Observed",
        TraceKind::Expected => "Expected",
        TraceKind::Quiescence => "Silence",
        TraceKind::Timeout => "Timeout",
        TraceKind::Note => "Note",
    };
    let message = message_html(e)?;
    let _ = writeln!(
        h,
        "<tr><th>{what}</th><td>{}</td></tr>",
        if message.is_empty() {
            "<span class=\"muted\">nothing more came from the IUT</span>".to_owned()
        } else {
            message
        }
    );
    let allowed = allowed_at(v, i);
    // An error verdict judges the harness, not the IUT: what the model allowed is beside the
    // point unless the runner recorded it.
    if !(allowed.is_empty() && v.verdict == Verdict::Error) {
        let _ = writeln!(
            h,
            "<tr><th>Model allowed</th><td>{}</td></tr>",
            if allowed.is_empty() {
                // An empty list cannot tell "the model allowed nothing here" from "the runner
                // did not record it"; the reason usually says which.
                "<span class=\"muted\">none recorded for this step</span>".to_owned()
            } else {
                allowed_html(&allowed)?
            }
        );
    }
    let broken = v.fail_credited_to().or(e.requirement.as_deref());
    if let Some(r) = broken {
        let para = catalogue
            .get(r)
            .map(|c| format!(": {}", esc1(&c.paraphrase)))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td>{}{para}</td></tr>",
            if v.fail_credited_to().is_some() {
                "Breaks"
            } else {
                "Requirement"
            },
            requirement_ref(r, catalogue)
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>Reason</th><td>{}</td></tr>\n</table>\n</div>",
        esc1(&v.reason)
    );
    Ok(())
}

/// One row per trace entry: step, direction, what was sent or observed, what the model allowed,
/// the requirement, the verdict effect.
fn trace_table(
    h: &mut String,
    v: &VectorResult,
    info: &RunInfo,
    decisive: Option<usize>,
    catalogue: &BTreeMap<&str, &RequirementCoverage>,
) -> Result<(), ReportError> {
    h.push_str("<table class=\"trace\">\n<tr><th>Step</th><th>Direction</th><th>Sent / observed / expected</th><th>Model allowed</th><th>Requirement</th><th>Verdict</th></tr>\n");
    for (i, e) in v.trace.iter().enumerate() {
        let class = if decisive == Some(i) {
            format!(" class=\"verdict-step v-{}\"", v.verdict)
        } else {
            String::new()
        };
        let allowed = if decisive == Some(i) {
            allowed_at(v, i)
        } else {
            e.allowed.iter().collect()
        };
        let effect = e
            .verdict_effect
            .map_or_else(|| "<td></td>".to_owned(), verdict_cell);
        let _ = writeln!(
            h,
            "<tr{class}><td class=\"num\">{}</td><td class=\"dir\">{}</td><td>{}</td><td>{}</td><td>{}</td>{effect}</tr>",
            e.step,
            direction_text(e, &info.iut_role),
            message_html(e)?,
            allowed_html(&allowed)?,
            e.requirement
                .as_deref()
                .map(|r| requirement_ref(r, catalogue))
                .unwrap_or_default(),
        );
    }
    h.push_str("</table>\n");
    Ok(())
}

/// The entry's kind and direction in words, e.g. `observed: ppg (IUT) → pi`.
fn direction_text(e: &TraceEntry, iut: &str) -> String {
    let kind = match e.kind {
        TraceKind::Stimulus => "sent",
        TraceKind::Observation => "observed",
        TraceKind::Expected => "expected",
        TraceKind::Quiescence => "quiescence",
        TraceKind::Timeout => "timeout",
        TraceKind::Note => "note",
    };
    match placement(e, iut) {
        Placement::Arrow { from, to } => format!(
            "{kind}: {} &rarr; {}",
            role_text(from, iut),
            role_text(to, iut)
        ),
        Placement::Box => format!("{kind} at {}", role_text(iut, iut)),
    }
}

fn role_text(role: &str, iut: &str) -> String {
    if role == iut {
        format!("<strong>{}</strong>&nbsp;(IUT)", esc1(role))
    } else {
        format!("{}&nbsp;(tester)", esc1(role))
    }
}

// ---------------------------------------------------------------------------------------------
// Sequence diagram

/// The lane of a trace entry without roles (older runners): the tester's side.
const TESTER_LANE: &str = "tester";

/// Where an entry goes in the diagram.
enum Placement<'a> {
    /// An arrow between two lanes (the same lane for a message a role sends itself).
    Arrow { from: &'a str, to: &'a str },
    /// A box on the IUT's lane (quiescence, timeout, note with no roles).
    Box,
}

fn role(r: &Option<String>) -> Option<&str> {
    r.as_deref().filter(|s| !s.is_empty())
}

/// The entry's arrow or box. Missing roles default to the tester (`"tester"`) and the IUT: a
/// stimulus goes tester -> IUT, an observation or expectation IUT -> tester; a quiescence,
/// timeout or note with no role is a box on the IUT's lane.
fn placement<'a>(e: &'a TraceEntry, iut: &'a str) -> Placement<'a> {
    match (role(&e.from), role(&e.to), e.kind) {
        (Some(from), Some(to), _) => Placement::Arrow { from, to },
        (None, None, TraceKind::Quiescence | TraceKind::Timeout | TraceKind::Note) => {
            Placement::Box
        }
        (from, to, TraceKind::Stimulus) => Placement::Arrow {
            from: from.unwrap_or(TESTER_LANE),
            to: to.unwrap_or(iut),
        },
        (from, to, TraceKind::Observation | TraceKind::Expected) => Placement::Arrow {
            from: from.unwrap_or(iut),
            to: to.unwrap_or(TESTER_LANE),
        },
        (from, to, TraceKind::Quiescence | TraceKind::Timeout | TraceKind::Note) => {
            Placement::Arrow {
                from: from.unwrap_or(iut),
                to: to.unwrap_or(iut),
            }
        }
    }
}

/// The text drawn for an entry: the short form of its decoded wire (command name, status word:
/// how TS 31.124 labels an exchange), else its label, else the compact abstract message
/// (prefixed with the kind for boxes and notes), `expected: ` before an expectation.
fn diagram_text(e: &TraceEntry) -> String {
    let body = match (&e.decoded, &e.label) {
        (Some(d), _) => one_line(&d.short),
        (None, Some(l)) => one_line(l),
        (None, None) => match canonical::to_compact(&e.r#abstract) {
            Ok(s) if !e.r#abstract.is_null() => s,
            _ => String::new(),
        },
    };
    let prefix = match e.kind {
        TraceKind::Expected => "expected",
        TraceKind::Quiescence => "quiescence",
        TraceKind::Timeout => "timeout",
        TraceKind::Note if e.label.is_none() => "note",
        _ => "",
    };
    match (prefix.is_empty(), body.is_empty()) {
        (true, _) => body,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}: {body}"),
    }
}

/// The tooltip of an entry's row: the drawn text, or for a decoded wire its whole decoded line
/// and the model's words for it on a second line.
fn tooltip_text(e: &TraceEntry, drawn: &str) -> String {
    match &e.decoded {
        None => drawn.to_owned(),
        Some(d) => {
            let mut t = one_line(&d.line);
            if let Some(l) = &e.label {
                t.push_str("\nmodel: ");
                t.push_str(&one_line(l));
            }
            t
        }
    }
}

/// `text` cut to `max` characters, the last one an ellipsis when cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Layout of the diagram, in pixels (integers, so the output is the same on every machine).
const LEFT: i64 = 48;
const RIGHT: i64 = 64;
const HEAD_TOP: i64 = 8;
const HEAD_H: i64 = 36;
const ROW_H: i64 = 34;
const HEAD_W: i64 = 150;
const MIN_GAP: i64 = 170;
/// Widest label drawn; longer ones are cut with an ellipsis (the table has the full text).
const MAX_LABEL_W: i64 = 480;
/// Where the label of a message a role sends itself starts, right of its lifeline.
const SELF_LABEL_DX: i64 = 34;
/// Average advance of a 12px sans-serif character, in tenths of a pixel (for fitting labels).
const CHAR_W10: i64 = 68;

/// How many characters fit in `px` pixels.
fn chars_for(px: i64) -> usize {
    usize::try_from((px * 10 / CHAR_W10).max(4)).unwrap_or(4)
}

/// The width `text` takes, in pixels (estimated).
fn text_px(text: &str) -> i64 {
    i64::try_from(text.chars().count())
        .unwrap_or(i64::MAX / CHAR_W10)
        .saturating_mul(CHAR_W10)
        / 10
}

/// The width of a box on the IUT's lane holding `text`.
fn box_w(text: &str) -> i64 {
    (text_px(text) + 24).clamp(120, MAX_LABEL_W + 24)
}

fn stroke_colour(v: Verdict) -> &'static str {
    match v {
        Verdict::Fail => "#b00020",
        Verdict::Error => "#8a1c8a",
        Verdict::Inconc => "#b08900",
        Verdict::Pass => "#1b6e1b",
        Verdict::None => "#555555",
    }
}

fn fill_colour(v: Verdict) -> &'static str {
    match v {
        Verdict::Fail => "#f8d0d0",
        Verdict::Error => "#f4c2f4",
        Verdict::Inconc => "#fbefc5",
        Verdict::Pass => "#d7f5d7",
        Verdict::None => "#e4e4e4",
    }
}

/// The vector's trace as a sequence diagram in inline SVG: one lane (lifeline) per role the
/// trace names, in order of first appearance (the IUT's lane dark and marked "IUT"; entries
/// without roles use a `tester` lane), one row per trace entry top to bottom: an arrow with the
/// entry's label for a stimulus, an observation, an expectation (dashed, grey) or a note between
/// roles; a box on the IUT's lane for quiescence, timeouts and notes without roles. The row of
/// `decisive` (the entry that set the verdict) is highlighted in the verdict's colour and its
/// arrow drawn in it. Every entry's full text is in a `<title>` (a tooltip), the row's text cut
/// to fit. Elements carry classes (`lane`, `iut`, `msg`, the entry kind, `verdict-<v>`) and
/// `data-role` / `data-step` attributes for tools reading the page.
fn sequence_svg(h: &mut String, v: &VectorResult, iut: &str, decisive: Option<usize>) {
    let placements: Vec<Placement<'_>> = v.trace.iter().map(|e| placement(e, iut)).collect();
    let mut lanes: Vec<&str> = Vec::new();
    for p in &placements {
        if let Placement::Arrow { from, to } = p {
            for r in [*from, *to] {
                if !lanes.contains(&r) {
                    lanes.push(r);
                }
            }
        }
    }
    if !lanes.contains(&iut) {
        lanes.push(iut);
    }
    let lane_of = |r: &str| -> usize { lanes.iter().position(|l| *l == r).unwrap_or(0) };
    let texts: Vec<String> = v.trace.iter().map(diagram_text).collect();
    // Gaps between neighbouring lanes: at least MIN_GAP, widened until every arrow's label (up
    // to MAX_LABEL_W; longer ones are cut) fits between the two lanes it joins.
    let mut gaps: Vec<i64> = vec![MIN_GAP; lanes.len().saturating_sub(1)];
    for (p, t) in placements.iter().zip(&texts) {
        if let Placement::Arrow { from, to } = p {
            let (a, b) = (lane_of(from), lane_of(to));
            let (lo, hi) = (a.min(b), a.max(b));
            let Some(crossed) = gaps.get_mut(lo..hi) else {
                continue;
            };
            if crossed.is_empty() {
                continue;
            }
            let need = text_px(t).min(MAX_LABEL_W) + 24;
            let have: i64 = crossed.iter().sum();
            if need > have {
                let span = i64::try_from(crossed.len()).unwrap_or(1);
                let add = (need - have + span - 1) / span;
                for g in crossed {
                    *g += add;
                }
            }
        }
    }
    // Lane centres, then shifted right if a box on the first lane would stick out on the left.
    let mut xs: Vec<i64> = Vec::with_capacity(lanes.len());
    let mut x = 0;
    for i in 0..lanes.len() {
        xs.push(x);
        x += gaps.get(i).copied().unwrap_or(0);
    }
    let x_of = |r: &str| xs.get(lane_of(r)).copied().unwrap_or(0);
    let (mut min_x, mut max_x) = (-HEAD_W / 2, xs.last().copied().unwrap_or(0) + HEAD_W / 2);
    for (p, t) in placements.iter().zip(&texts) {
        match p {
            Placement::Box => {
                let half = box_w(t) / 2;
                min_x = min_x.min(x_of(iut) - half);
                max_x = max_x.max(x_of(iut) + half);
            }
            Placement::Arrow { from, to } if from == to => {
                max_x = max_x.max(x_of(from) + SELF_LABEL_DX + text_px(t).min(MAX_LABEL_W));
            }
            Placement::Arrow { .. } => {}
        }
    }
    let shift = LEFT + 4 - min_x;
    for x in &mut xs {
        *x += shift;
    }
    let x_of = |r: &str| xs.get(lane_of(r)).copied().unwrap_or(0);
    let n_rows = i64::try_from(v.trace.len()).unwrap_or(0);
    let width = max_x + shift + 8 + RIGHT;
    let rows_top = HEAD_TOP + HEAD_H + 12;
    let height = rows_top + n_rows * ROW_H + 12;

    let _ = writeln!(
        h,
        "<svg class=\"seq\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" data-vector=\"{}\" aria-label=\"Sequence diagram of vector {}\">",
        v.index, v.index
    );
    // Highlighted row first, under everything else.
    if let Some(i) = decisive {
        let y = rows_top + i64::try_from(i).unwrap_or(0) * ROW_H;
        let _ = writeln!(
            h,
            "<rect class=\"verdict-step verdict-{verdict}\" x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{ROW_H}\" fill=\"{}\"/><rect x=\"0\" y=\"{y}\" width=\"5\" height=\"{ROW_H}\" fill=\"{}\"/>",
            fill_colour(v.verdict),
            stroke_colour(v.verdict),
            verdict = v.verdict,
        );
    }
    // Lanes: head box and lifeline.
    for name in &lanes {
        let x = x_of(name);
        let is_iut = *name == iut;
        let bw = HEAD_W;
        let _ = write!(
            h,
            "<g class=\"lane{}\" data-role=\"{}\"><title>{}</title>",
            if is_iut { " iut" } else { "" },
            esc1(name),
            if is_iut {
                format!("{} (implementation under test)", esc1(name))
            } else {
                format!("{} (played by the tester)", esc1(name))
            }
        );
        let _ = write!(
            h,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/>",
            HEAD_TOP + HEAD_H,
            height - 6,
            if is_iut { "#1f3b73" } else { "#999999" },
            if is_iut { 2 } else { 1 },
            if is_iut {
                ""
            } else {
                " stroke-dasharray=\"4 4\""
            }
        );
        let _ = write!(
            h,
            "<rect x=\"{}\" y=\"{HEAD_TOP}\" width=\"{bw}\" height=\"{HEAD_H}\" rx=\"4\" fill=\"{}\" stroke=\"#1f3b73\"/>",
            x - bw / 2,
            if is_iut { "#1f3b73" } else { "#eef2fa" }
        );
        let _ = writeln!(
            h,
            "<text class=\"role\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text><text class=\"sub\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            HEAD_TOP + 16,
            esc1(&fit(name, chars_for(bw - 8))),
            HEAD_TOP + 30,
            if is_iut { "IUT" } else { "tester" }
        );
    }
    // Rows.
    for (i, ((e, p), text)) in v.trace.iter().zip(&placements).zip(&texts).enumerate() {
        let row_top = rows_top + i64::try_from(i).unwrap_or(0) * ROW_H;
        let y = row_top + ROW_H - 11;
        let is_decisive = decisive == Some(i);
        let mut classes = format!("msg {}", e.kind);
        if is_decisive {
            let _ = write!(classes, " verdict-{}", v.verdict);
        }
        let colour = if is_decisive {
            stroke_colour(v.verdict)
        } else {
            match e.kind {
                TraceKind::Stimulus => "#1f3b73",
                TraceKind::Observation => "#1d1d1d",
                TraceKind::Expected => "#8a8a8a",
                TraceKind::Quiescence | TraceKind::Timeout | TraceKind::Note => "#666666",
            }
        };
        let _ = write!(
            h,
            "<g class=\"{classes}\" data-step=\"{}\"><title>step {}: {}</title>",
            e.step,
            e.step,
            escape_html(&tooltip_text(e, text))
        );
        let _ = write!(
            h,
            "<text class=\"step\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LEFT - 8,
            y + 4,
            e.step
        );
        match p {
            Placement::Arrow { from, to } => {
                let (x1, x2) = (x_of(from), x_of(to));
                let dash = match e.kind {
                    TraceKind::Expected => " stroke-dasharray=\"6 4\"",
                    TraceKind::Note | TraceKind::Quiescence | TraceKind::Timeout => {
                        " stroke-dasharray=\"2 3\""
                    }
                    TraceKind::Stimulus | TraceKind::Observation => "",
                };
                let sw = if is_decisive { "2.5" } else { "1.5" };
                if x1 == x2 {
                    // A message a role sends itself: a loop to the right of its lifeline.
                    let _ = write!(
                        h,
                        "<path class=\"arrow\" d=\"M{x1} {} h28 v12 h-24\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{sw}\"{dash}/><polygon points=\"{x1},{} {},{} {},{}\" fill=\"{colour}\"/>",
                        y - 8,
                        y + 4,
                        x1 + 8,
                        y,
                        x1 + 8,
                        y + 8
                    );
                    let _ = write!(
                        h,
                        "<text class=\"label\" x=\"{}\" y=\"{}\">{}</text>",
                        x1 + SELF_LABEL_DX,
                        y,
                        escape_html(&fit(text, chars_for(MAX_LABEL_W)))
                    );
                } else {
                    let dir = if x2 > x1 { 1 } else { -1 };
                    let tip = x2 - dir * 2;
                    let _ = write!(
                        h,
                        "<line class=\"arrow\" x1=\"{x1}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"{sw}\"{dash}/><polygon points=\"{tip},{y} {},{} {},{}\" fill=\"{colour}\"/>",
                        tip - dir * 8,
                        tip - dir * 10,
                        y - 5,
                        tip - dir * 10,
                        y + 5
                    );
                    let span = (x2 - x1).abs();
                    let _ = write!(
                        h,
                        "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        (x1 + x2) / 2,
                        y - 6,
                        escape_html(&fit(text, chars_for(span - 16)))
                    );
                }
            }
            Placement::Box => {
                let x = x_of(iut);
                let bw = box_w(text);
                let fill = if is_decisive {
                    fill_colour(v.verdict)
                } else {
                    "#f4f4f4"
                };
                let _ = write!(
                    h,
                    "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{bw}\" height=\"{}\" rx=\"3\" fill=\"{fill}\" stroke=\"{colour}\"{}/>",
                    x - bw / 2,
                    row_top + 5,
                    ROW_H - 10,
                    if is_decisive {
                        " stroke-width=\"2.5\""
                    } else {
                        ""
                    }
                );
                let _ = write!(
                    h,
                    "<text class=\"label\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    row_top + ROW_H / 2 + 4,
                    escape_html(&fit(text, chars_for(bw - 12)))
                );
            }
        }
        if let Some(effect) = e.verdict_effect {
            let bx = width - RIGHT + 8;
            let _ = write!(
                h,
                "<rect x=\"{bx}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"3\" fill=\"{}\" stroke=\"{}\"/><text class=\"effect\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{effect}</text>",
                y - 13,
                RIGHT - 14,
                fill_colour(effect),
                stroke_colour(effect),
                bx + (RIGHT - 14) / 2,
                y
            );
        }
        h.push_str("</g>\n");
    }
    h.push_str("</svg>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>\u{0}\u{1b}\tok\u{202e}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\u{00}\\u{1b}\tok\\u{202e}"
        );
    }

    #[test]
    fn requirement_anchors_keep_safe_characters_and_encode_the_rest() {
        assert_eq!(req_anchor("PAP-9.2"), "req-PAP-9.2");
        assert_eq!(req_anchor("a b\"<"), "req-a_20_b_22__3c_");
        assert_eq!(req_anchor("x_y"), "req-x_5f_y");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 6), "abcdef");
        assert_eq!(fit("abcdefg", 6), "abcde…");
    }
}
