//! Golden-file and behaviour tests of the reporters, over one fixed event stream (in
//! `common/mod.rs`) that has every verdict kind, out-of-order finishing, an ICS, a failing vector
//! across four lanes, text that needs escaping, and an uncovered requirement.
//!
//! `PUSHWAKE_BLESS=1 cargo test -p pushwake-reports --test reports` rewrites the goldens in
//! `tests/golden/`; review the diff before committing it.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pushwake_reports::{
    DirectoryReporter, Fanout, JsonReporter, ProgressMode, ReportError, Reporter, RunEvent,
    RunInfo, RunRecord, RunSummary, TerminalReporter, TraceKind, VectorResult, render_html,
    render_json, render_junit, render_summary, write_all_reports,
};
use quick_xml::events::Event;
use serde_json::json;

mod common;

use common::{
    catalogue, e, events, events_of, failing_vector, record_of, run_info, scratch_dir, vectors,
};

// ---------------------------------------------------------------------------------------------
// Golden files

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(name)
}

fn assert_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("PUSHWAKE_BLESS").is_some_and(|v| v == "1") {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden {}: {e}; run with PUSHWAKE_BLESS=1",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (PUSHWAKE_BLESS=1 rewrites the goldens)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn json_report_matches_golden() {
    assert_golden("run.json", &render_json(&record_of(&events())).unwrap());
}

#[test]
fn junit_report_matches_golden() {
    assert_golden("junit.xml", &render_junit(&record_of(&events())).unwrap());
}

#[test]
fn html_report_matches_golden() {
    assert_golden("report.html", &render_html(&record_of(&events())).unwrap());
}

#[test]
fn terminal_summary_matches_golden() {
    assert_golden("summary.txt", &render_summary(&record_of(&events())));
}

// ---------------------------------------------------------------------------------------------
// Determinism and atomic files

#[test]
fn same_events_give_byte_identical_report_files() {
    let a = scratch_dir("det-a");
    let b = scratch_dir("det-b");
    let pa = write_all_reports(&a, &events()).unwrap();
    let pb = write_all_reports(&b, &events()).unwrap();
    for (x, y) in [
        (&pa.json, &pb.json),
        (&pa.junit, &pb.junit),
        (&pa.html, &pb.html),
    ] {
        assert_eq!(
            fs::read(x).unwrap(),
            fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    // The files are exactly the rendered documents, and nothing else is left in the directory.
    let record = record_of(&events());
    assert_eq!(
        fs::read_to_string(&pa.json).unwrap(),
        render_json(&record).unwrap()
    );
    assert_eq!(
        fs::read_to_string(&pa.junit).unwrap(),
        render_junit(&record).unwrap()
    );
    assert_eq!(
        fs::read_to_string(&pa.html).unwrap(),
        render_html(&record).unwrap()
    );
    let mut names: Vec<String> = fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["junit.xml", "report.html", "run.json"]);
    fs::remove_dir_all(&a).unwrap();
    fs::remove_dir_all(&b).unwrap();
}

#[test]
fn write_all_reports_rejects_bad_stream_before_writing_anything() {
    let dir = scratch_dir("bad-stream");
    let mut ev = events();
    ev.remove(0); // no RunStarted
    let err = write_all_reports(&dir, &ev).unwrap_err();
    assert!(matches!(
        err,
        ReportError::EventOrder {
            event: "vector_started",
            problem: "before run_started"
        }
    ));
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn directory_reporter_writes_all_three_files_at_run_finished() {
    let dir = scratch_dir("directory");
    let mut reporter = DirectoryReporter::new(&dir);
    let ev = events();
    let (last, rest) = ev.split_last().unwrap();
    for e in rest {
        reporter.handle(e).unwrap();
    }
    assert!(!reporter.paths().json.exists());
    reporter.handle(last).unwrap();
    let record = record_of(&ev);
    let paths = reporter.paths().clone();
    assert_eq!(
        fs::read_to_string(&paths.json).unwrap(),
        render_json(&record).unwrap()
    );
    assert_eq!(
        fs::read_to_string(&paths.junit).unwrap(),
        render_junit(&record).unwrap()
    );
    assert_eq!(
        fs::read_to_string(&paths.html).unwrap(),
        render_html(&record).unwrap()
    );
    // finish() after RunFinished has nothing left to write: the files stay as they are.
    fs::remove_file(&paths.json).unwrap();
    reporter.finish().unwrap();
    assert!(!paths.json.exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn run_events_round_trip_through_json() {
    for e in events() {
        let text = serde_json::to_string(&e).unwrap();
        let back: RunEvent = serde_json::from_str(&text).unwrap();
        assert_eq!(back, e);
    }
    let started = serde_json::to_value(&events()[1]).unwrap();
    assert_eq!(
        started,
        json!({"event": "vector_started", "index": 0, "id": "v-0a1b", "title": "push submission is accepted"})
    );
}

// ---------------------------------------------------------------------------------------------
// Incomplete runs

/// RunStarted and the first two vectors: the run was interrupted.
fn interrupted() -> RunRecord {
    record_of(&events()[..5])
}

#[test]
fn incomplete_run_junit_says_so_and_lists_finished_vectors() {
    let xml = render_junit(&interrupted()).unwrap();
    assert!(xml.contains("<property name=\"complete\" value=\"false\"/>"));
    assert!(!xml.contains("name=\"verdict\""));
    assert_eq!(read_junit(&xml).testcases, 2);
}

#[test]
fn incomplete_run_html_says_so() {
    let html = render_html(&interrupted()).unwrap();
    assert!(html.contains("<p class=\"incomplete\">This run did not finish"));
    assert!(html.contains("<title>pushwake: ppg-basic.suite.json against reference:ppg?mutant=dup-accept - incomplete</title>"));
    assert!(!html.contains("Requirement coverage"));
}

#[test]
fn incomplete_run_terminal_summary_says_so() {
    let text = render_summary(&interrupted());
    assert!(text.contains("INCOMPLETE: the run did not finish; 2 of 6 vectors finished\n"));
    assert!(text.contains("  #1    fail   v-1c2d"));
}

#[test]
fn junit_omits_timestamp_when_started_at_is_not_rfc3339_but_keeps_the_text() {
    let mut info = run_info();
    info.started_at = "yesterday".into();
    let xml = render_junit(&record_of(&[RunEvent::RunStarted(info)])).unwrap();
    assert!(!xml.contains("timestamp="));
    assert!(xml.contains("<property name=\"started_at\" value=\"yesterday\"/>"));
}

// ---------------------------------------------------------------------------------------------
// JSON content

#[test]
fn json_report_is_complete_and_reads_back_into_the_events() {
    let text = render_json(&record_of(&events())).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["complete"], json!(true));
    assert_eq!(doc["format"], json!("pushwake-run-report"));
    assert_eq!(doc["format_version"], json!(1));
    let info: RunInfo = serde_json::from_value(doc["run"].clone()).unwrap();
    assert_eq!(info, run_info());
    let back: Vec<VectorResult> = serde_json::from_value(doc["vectors"].clone()).unwrap();
    let mut expected = vectors();
    expected.sort_by_key(|v| v.index);
    assert_eq!(back, expected);
    let summary: RunSummary = serde_json::from_value(doc["summary"].clone()).unwrap();
    assert_eq!(
        summary,
        RunSummary::from_results(&vectors(), catalogue(), 5100)
    );
    assert_eq!(doc["uncovered_requirements"], json!(["PAP-13.1"]));
    assert!(text.ends_with("}\n"));
}

#[test]
fn incomplete_run_still_gets_a_json_report_marked_incomplete() {
    let dir = scratch_dir("incomplete");
    let path = dir.join("run.json");
    let mut reporter = JsonReporter::new(&path);
    let ev = events();
    // RunStarted and the first vector only: the run was interrupted.
    for e in &ev[..3] {
        reporter.handle(e).unwrap();
    }
    assert!(!path.exists());
    reporter.finish().unwrap();
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["complete"], json!(false));
    assert_eq!(doc["summary"], serde_json::Value::Null);
    assert_eq!(doc["vectors"].as_array().unwrap().len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn finish_without_run_started_is_an_order_error() {
    let mut reporter = JsonReporter::new(std::env::temp_dir().join("never-written.json"));
    assert!(matches!(
        reporter.finish().unwrap_err(),
        ReportError::EventOrder {
            event: "finish",
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// JUnit content, read with quick-xml (independent of quick-junit's serializer)

#[derive(Debug, Default, PartialEq)]
struct JunitCounts {
    testsuites_attrs: Vec<(String, String)>,
    testcases: usize,
    failures: Vec<String>,
    errors: Vec<String>,
    skipped: Vec<String>,
    requirement_props: usize,
}

fn read_junit(xml: &str) -> JunitCounts {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut counts = JunitCounts::default();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| -> Option<String> {
                    e.attributes()
                        .map(|a| a.unwrap())
                        .find(|a| AsRef::<str>::as_ref(&a.key) == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                match AsRef::<str>::as_ref(&e.name()) {
                    "testsuites" => {
                        for k in ["tests", "failures", "errors", "skipped"] {
                            counts.testsuites_attrs.push((k.into(), attr(k).unwrap()));
                        }
                    }
                    "testcase" => counts.testcases += 1,
                    "failure" => counts.failures.push(attr("type").unwrap()),
                    "error" => counts.errors.push(attr("type").unwrap()),
                    "skipped" => counts.skipped.push(attr("message").unwrap()),
                    "property" if attr("name").as_deref() == Some("requirement") => {
                        counts.requirement_props += 1;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    counts
}

#[test]
fn junit_parses_as_xml_with_one_testcase_per_vector_and_mapped_verdicts() {
    let xml = render_junit(&record_of(&events())).unwrap();
    let counts = read_junit(&xml);
    let attrs: Vec<(&str, &str)> = counts
        .testsuites_attrs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        attrs,
        [
            ("tests", "6"),
            ("failures", "1"),
            ("errors", "1"),
            ("skipped", "2")
        ]
    );
    assert_eq!(counts.testcases, 6);
    assert_eq!(counts.failures, ["fail"]);
    assert_eq!(counts.errors, ["error"]);
    // Index order: vector 2 (none) before vector 3 (inconc); the message names the verdict.
    assert_eq!(
        counts.skipped,
        [
            "verdict none: no verdict set",
            "verdict inconc: IUT delivered before the cancel arrived (legal branch; purpose not reached)"
        ]
    );
    assert_eq!(counts.requirement_props, 7);
}

#[test]
fn junit_carries_model_seed_and_iut_properties() {
    let xml = render_junit(&record_of(&events())).unwrap();
    for needle in [
        "<property name=\"model\" value=\"ppg\"/>",
        "<property name=\"seed\" value=\"42\"/>",
        "<property name=\"iut\" value=\"reference:ppg?mutant=dup-accept\"/>",
        "<property name=\"partition\" value=\"1/2\"/>",
        "timestamp=\"2026-11-23T19:00:00.000+00:00\"",
    ] {
        assert!(xml.contains(needle), "missing {needle} in\n{xml}");
    }
}

// ---------------------------------------------------------------------------------------------
// HTML content

#[test]
fn html_escapes_event_text_and_marks_uncovered_requirements() {
    let html = render_html(&record_of(&events())).unwrap();
    assert!(html.contains("duplicate push-id is rejected &lt;2001&gt;"));
    assert!(!html.contains("rejected <2001>"));
    assert!(html.contains("names the &lt;final&gt; state"));
    assert!(html.contains("product-name=&quot;a&amp;b&quot;"));
    assert!(html.contains("\\u{1b}[31mboom"));
    assert!(!html.contains('\u{1b}'));
    assert!(html.contains("<tr class=\"uncovered\" id=\"req-PAP-13.1\"><td><code>PAP-13.1</code>"));
    assert!(html.contains("Covered by nothing in this run: <code>PAP-13.1</code>."));
    // Self-contained: no external resources, no script.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
}

/// Byte offset of `needle` in `hay`, failing the test if it is missing.
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("missing {needle:?} in the report"))
}

#[test]
fn html_lists_failing_vectors_first_then_error_inconc_pass_none() {
    let html = render_html(&record_of(&events())).unwrap();
    let positions: Vec<usize> = ["v1", "v4", "v3", "v0", "v5", "v2"]
        .iter()
        .map(|id| at(&html, &format!("\" id=\"{id}\"")))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort_unstable();
    assert_eq!(positions, sorted, "vector sections out of order");
    // Failing and other non-pass vectors open, pass and none collapsed.
    assert!(html.contains("<details class=\"vector vb-fail\" id=\"v1\" open>"));
    assert!(html.contains("<details class=\"vector vb-pass\" id=\"v0\">"));
    assert!(html.contains("<details class=\"vector vb-none\" id=\"v2\">"));
}

#[test]
fn html_draws_the_failing_vector_as_a_sequence_diagram_with_its_lanes() {
    let html = render_html(&record_of(&events())).unwrap();
    let start = at(&html, "<svg class=\"seq\"");
    let svg = &html[start..start + at(&html[start..], "</svg>")];
    assert!(svg.contains("data-vector=\"1\""));
    for lane in [
        "<g class=\"lane\" data-role=\"pi\">",
        "<g class=\"lane iut\" data-role=\"ppg\">",
        "<g class=\"lane\" data-role=\"bearer\">",
        "<g class=\"lane\" data-role=\"clock\">",
    ] {
        assert!(svg.contains(lane), "missing {lane}");
    }
    assert_eq!(svg.matches("<g class=\"msg ").count(), 7);
    assert!(svg.contains("<g class=\"msg observation verdict-fail\" data-step=\"6\">"));
    assert!(svg.contains("<rect class=\"verdict-step verdict-fail\""));
    assert!(svg.contains(">push-response 1001 (accepted) for push 1</text>"));
    assert!(svg.contains("<g class=\"msg expected\" data-step=\"5\">"));
    // The evidence box: observed next to what the model allowed, and the clause broken.
    let ev = &html[at(&html, "<div class=\"evidence ev-fail\">")..];
    let ev = &ev[..at(ev, "</div>")];
    assert!(ev.contains("Why fail: step 6"));
    assert!(ev.contains(
        "<li><code>{&quot;code&quot;:2001,<wbr>&quot;push&quot;:1,<wbr>&quot;type&quot;:&quot;push-response&quot;}</code></li>"
    ));
    assert!(ev.contains("<tr><th>Breaks</th><td><a href=\"#req-PAP-9.3\"><code>PAP-9.3</code></a> <span class=\"muted\">(WAP-247-PAP &sect;9.3)</span>: A duplicate push-id is rejected with 2001</td></tr>"));
}

#[test]
fn html_draws_entries_without_roles_on_a_tester_lane_and_the_iut_lane() {
    let html = render_html(&record_of(&events())).unwrap();
    // Vector 3 comes from an older runner: a note box and a quiescence box on the IUT lane.
    let start = at(&html, "data-vector=\"3\"");
    let svg = &html[start..start + at(&html[start..], "</svg>")];
    assert!(svg.contains("<g class=\"lane iut\" data-role=\"ppg\">"));
    assert_eq!(svg.matches("<rect class=\"box\"").count(), 2);
    assert!(svg.contains(">quiescence</text>"));
}

#[test]
fn html_matrix_shows_a_fail_only_against_the_broken_requirement() {
    let html = render_html(&record_of(&events())).unwrap();
    let row = |id: &str| -> String {
        let start = at(&html, &format!("<tr id=\"req-{id}\">"));
        html[start..start + at(&html[start..], "</tr>")].to_owned()
    };
    let pap92 = row("PAP-9.2");
    assert!(!pap92.contains("v-fail"), "{pap92}");
    assert!(pap92.contains(
        "<a href=\"#v1\" class=\"notjudged\" title=\"not judged: failed on PAP-9.3\">1</a>"
    ));
    let pap93 = row("PAP-9.3");
    assert!(pap93.contains("<td class=\"num v-fail\">1</td>"));
    assert!(pap93.contains("<a href=\"#v1\" class=\"v-fail\" title=\"fail\">1</a>"));
}

#[test]
fn every_report_shows_the_ics_used() {
    let record = record_of(&events());
    assert!(
        render_summary(&record).contains("\nICS: lab/kannel.ics.json (sha256:3f7a9c0e5b2d…)\n")
    );
    let xml = render_junit(&record).unwrap();
    assert!(xml.contains("<property name=\"ics\" value=\"lab/kannel.ics.json\"/>"));
    assert!(xml.contains("<property name=\"ics_digest\" value=\"sha256:3f7a9c0e5b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f\"/>"));
    let html = render_html(&record).unwrap();
    assert!(html.contains("<th>ICS</th><td>lab/kannel.ics.json <span class=\"muted\">(<code>sha256:3f7a9c0e5b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f</code>)</span></td>"));
    assert!(
        html.contains("<code>pap.client-capabilities</code>&nbsp;<strong>not supported</strong>")
    );
    let doc: serde_json::Value = serde_json::from_str(&render_json(&record).unwrap()).unwrap();
    assert_eq!(doc["run"]["ics"]["items"]["pap.cancel"], json!(true));

    // A runner that records no ICS, and one that ran with every item supported.
    let mut info = run_info();
    info.ics = None;
    let record = record_of(&events_of(info.clone(), &vectors()));
    assert!(render_summary(&record).contains("\nICS: not recorded\n"));
    assert!(
        render_junit(&record)
            .unwrap()
            .contains("<property name=\"ics\" value=\"not recorded\"/>")
    );
    assert!(
        render_html(&record).unwrap().contains(
            "<th>ICS</th><td><span class=\"muted\">not recorded by the runner</span></td>"
        )
    );
    info.ics = run_info().ics.map(|mut ics| {
        ics.source = None;
        ics
    });
    let record = record_of(&events_of(info, &vectors()));
    assert!(render_summary(&record).contains("\nICS: all items supported (sha256:"));
}

#[test]
fn junit_names_testcases_by_unique_title_and_keeps_the_id_as_a_property() {
    let xml = render_junit(&record_of(&events())).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut names = Vec::new();
    let mut ids = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(el) | Event::Empty(el) => {
                let attr = |name: &str| -> Option<String> {
                    el.attributes()
                        .map(|a| a.unwrap())
                        .find(|a| AsRef::<str>::as_ref(&a.key) == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                match AsRef::<str>::as_ref(&el.name()) {
                    "testcase" => names.push(attr("name").unwrap()),
                    "property" if attr("name").as_deref() == Some("id") => {
                        ids.push(attr("value").unwrap());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        names,
        [
            "push submission is accepted",
            "duplicate push-id is rejected <2001>",
            "status query",
            "cancel after delivery",
            "client capability query",
            "push submission is accepted #2",
        ]
    );
    assert_eq!(
        ids,
        ["v-0a1b", "v-1c2d", "v-2a3b", "v-3e4f", "v-4d5e", "v-5f60"]
    );
    assert!(xml.contains("<property name=\"failed_requirement\" value=\"PAP-9.3\"/>"));
    assert!(xml.contains("message=\"breaks PAP-9.3: observed push-response code 1001"));
}

/// Text an IUT (or a hostile suite) could put in every field the HTML shows.
const HOSTILE: &str = "</script><script>alert(1)</script><svg onload=alert(2)><img src=x onerror=alert(3)>\"' onmouseover=\"alert(4)";

#[test]
fn html_escapes_hostile_text_in_the_diagram_the_tables_and_the_attributes() {
    let mut v = failing_vector();
    v.title = HOSTILE.into();
    v.purpose = HOSTILE.into();
    v.kind = HOSTILE.into();
    v.reason = HOSTILE.into();
    v.requirements.push(HOSTILE.into());
    v.failed_requirement = Some(HOSTILE.into());
    for entry in &mut v.trace {
        entry.label = Some(HOSTILE.into());
        entry.wire = Some(HOSTILE.into());
        entry.r#abstract = json!({"x": HOSTILE});
        entry.allowed = vec![json!(HOSTILE)];
        entry.requirement = Some(HOSTILE.into());
    }
    // Decoded views are text too (the runner's, but built from bytes the IUT chose).
    for entry in &mut v.trace[1..=3] {
        entry.decoded = Some(pushwake_reports::DecodedWire {
            short: HOSTILE.into(),
            line: HOSTILE.into(),
        });
    }
    // Hostile role names become lane names, data-role attributes and tooltips.
    v.trace[2].to = Some(HOSTILE.into());
    v.trace[3].from = None;
    v.trace.push(e(7, TraceKind::Note, json!(HOSTILE)).done());
    let mut info = run_info();
    info.iut_role = "ppg".into();
    info.suite_name = HOSTILE.into();
    if let Some(ics) = &mut info.ics {
        ics.source = Some(HOSTILE.into());
        ics.items.insert(HOSTILE.into(), false);
    }
    let html = render_html(&record_of(&events_of(info, &[v]))).unwrap();

    // Every tag in the page is one the reporter writes; nothing from the text became markup.
    let allowed_tags = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2", "h4", "p",
        "span", "strong", "em", "code", "pre", "table", "tr", "th", "td", "a", "ul", "li", "br",
        "wbr", "wbr", "details", "summary", "div", "svg", "g", "rect", "line", "polygon", "path",
        "text",
    ];
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            allowed_tags.contains(&name.as_str()),
            "unexpected tag <{name}"
        );
    }
    assert_eq!(html.matches("<script").count(), 0);
    assert_eq!(html.matches("<svg").count(), 1);
    assert!(!html.contains("<img"));
    assert!(!html.contains("\" onmouseover"));
    assert!(!html.contains("' onmouseover"));
    // The text is there, escaped: in the SVG (label, lane, tooltip) and in the tables.
    let escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;svg onload=alert(2)&gt;&lt;img src=x onerror=alert(3)&gt;&quot;&#39; onmouseover=&quot;alert(4)";
    let svg_start = at(&html, "<svg");
    let svg = &html[svg_start..svg_start + at(&html[svg_start..], "</svg>")];
    assert!(svg.contains(&format!("data-role=\"{escaped}\"")));
    assert!(svg.contains(&format!("<title>step 0: {escaped}</title>")));
    assert!(svg.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;s"));
    assert!(svg.contains(&format!(
        "<title>step 1: {escaped}\nmodel: {escaped}</title>"
    )));
    assert!(html.contains(&format!("<pre>{escaped}</pre>")));
    assert!(html.contains(&format!("<strong>{escaped}</strong>")));
    assert!(html.contains(&format!(
        "<div class=\"exchange\"><pre>{escaped}</pre><div class=\"decoded\">{escaped}</div></div>"
    )));
}

// ---------------------------------------------------------------------------------------------
// Terminal

/// A writer the test can read after the reporter wrote to it.
#[derive(Clone, Default)]
struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn terminal_summary_lists_every_non_pass_vector_and_no_pass_vector() {
    let buf = SharedBuf::default();
    let mut reporter = TerminalReporter::new(Box::new(buf.clone()), ProgressMode::Hidden);
    for e in &events() {
        reporter.handle(e).unwrap();
    }
    reporter.finish().unwrap();
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text, render_summary(&record_of(&events())));
    let non_pass: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    assert_eq!(
        non_pass,
        [
            "  #1    fail   v-1c2d  duplicate push-id is rejected <2001>",
            "  #2    none   v-2a3b  status query",
            "  #3    inconc v-3e4f  cancel after delivery",
            "  #4    error  v-4d5e  client capability query",
        ]
    );
    assert!(text.contains("         adapter crashed: exit status 101\\u{0a}\\u{1b}[31mboom\n"));
    assert!(text.contains("overall verdict: error (5100 ms)\n"));
    assert!(text.contains("requirements covered by nothing (1): PAP-13.1\n"));
    assert!(!text.contains("v-0a1b"));
}

// ---------------------------------------------------------------------------------------------
// Fanout

/// A reporter that fails on every event, to check the others still get it.
struct Broken;

impl Reporter for Broken {
    fn handle(&mut self, _: &RunEvent) -> Result<(), ReportError> {
        Err(ReportError::EventOrder {
            event: "run_started",
            problem: "test reporter always fails",
        })
    }
    fn finish(&mut self) -> Result<(), ReportError> {
        Ok(())
    }
}

#[test]
fn fanout_delivers_to_every_reporter_even_when_one_fails() {
    let buf = SharedBuf::default();
    let mut fanout = Fanout::new();
    fanout
        .push(Box::new(Broken))
        .push(Box::new(TerminalReporter::new(
            Box::new(buf.clone()),
            ProgressMode::Hidden,
        )));
    let ev = events();
    let err = fanout.handle(&ev[0]).unwrap_err();
    assert!(matches!(
        err,
        ReportError::EventOrder {
            problem: "test reporter always fails",
            ..
        }
    ));
    for e in &ev[1..] {
        assert!(fanout.handle(e).is_err());
    }
    fanout.finish().unwrap();
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text, render_summary(&record_of(&ev)));
}

#[test]
fn fanout_reports_several_failures_together() {
    let mut fanout = Fanout::new();
    fanout.push(Box::new(Broken)).push(Box::new(Broken));
    let err = fanout.handle(&events()[0]).unwrap_err();
    let ReportError::Several(errors) = err else {
        panic!("wrong error {err}");
    };
    assert_eq!(errors.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Scale (ignored by default; run with --ignored --nocapture to get a figure)

#[test]
#[ignore = "timing figure, not a check"]
fn renders_ten_thousand_vectors() {
    let n: u64 = 10_000;
    let template = vectors();
    let mut results = Vec::new();
    for i in 0..n {
        let mut v = template[usize::try_from(i % 5).unwrap()].clone();
        v.index = i;
        v.id = format!("v-{i:05}");
        results.push(v);
    }
    let mut info = run_info();
    info.vector_count = n;
    let mut ev = vec![RunEvent::RunStarted(info)];
    ev.extend(results.iter().cloned().map(RunEvent::VectorFinished));
    ev.push(RunEvent::RunFinished(RunSummary::from_results(
        &results,
        catalogue(),
        1,
    )));
    let dir = scratch_dir("scale");
    let start = std::time::Instant::now();
    let paths = write_all_reports(&dir, &ev).unwrap();
    let elapsed = start.elapsed();
    let size = |p: &Path| fs::metadata(p).unwrap().len();
    println!(
        "{n} vectors: all three reports in {} ms; json {} B, junit {} B, html {} B",
        elapsed.as_millis(),
        size(&paths.json),
        size(&paths.junit),
        size(&paths.html)
    );
    let record = record_of(&ev);
    let time = |f: &dyn Fn() -> String| {
        let start = std::time::Instant::now();
        let _ = f();
        start.elapsed().as_millis()
    };
    println!(
        "  render_json {} ms, render_junit {} ms, render_html {} ms",
        time(&|| render_json(&record).unwrap()),
        time(&|| render_junit(&record).unwrap()),
        time(&|| render_html(&record).unwrap())
    );
    fs::remove_dir_all(&dir).unwrap();
}

/// An APDU-level trace (DM Smart Card): each exchanged message's row names the direction with
/// both roles (the tester's and the IUT's), shows the wire as spaced upper-case hex wrapped at 16
/// bytes and the decoded line beside it; the diagram's arrows are labelled with the decoded short
/// form (command name / status word), the whole line and the model's words in the tooltip.
#[test]
fn html_shows_an_apdu_exchange_as_hex_beside_its_decoded_view() {
    let (info, results) = common::apdu_run();
    let html = render_html(&record_of(&common::events_of(info, &results))).unwrap();
    let table = &html[at(&html, "<table class=\"trace\">")..];
    let table = &table[..at(table, "</table>")];
    // FETCH: tester (terminal) -> IUT (uicc), the five bytes, and what they say.
    let fetch_row = table
        .lines()
        .find(|l| l.contains("FETCH (Le 14)"))
        .unwrap_or_else(|| panic!("no FETCH row in\n{table}"));
    assert!(fetch_row.contains(
        "<td class=\"dir\">sent: terminal&nbsp;(tester) &rarr; <strong>uicc</strong>&nbsp;(IUT)</td>"
    ), "{fetch_row}");
    assert!(fetch_row.contains(
        "<div class=\"exchange\"><pre class=\"hex\">80 12 00 00 14</pre><div class=\"decoded\">FETCH (Le 14)</div></div>"
    ), "{fetch_row}");
    // The answer to FETCH: 22 bytes, wrapped after the 16th; IUT -> tester.
    assert!(table.contains(
        "<td class=\"dir\">observed: <strong>uicc</strong>&nbsp;(IUT) &rarr; terminal&nbsp;(tester)</td>"
    ));
    assert!(table.contains(
        "<pre class=\"hex\">D0 12 81 03 04 40 00 82 02 81 82 B9 02 05 DC BC\n03 07 1F 41 90 00</pre><div class=\"decoded\">PROACTIVE COMMAND: OPEN CHANNEL (terminal server mode, transport 07, port 8001, buffer 1500)</div>"
    ), "{table}");
    // Text from the decoded view is escaped like every other text.
    assert!(table.contains("name &quot;DM Client&quot;, last envelope</div>"));
    // The failing status word at a glance, with its meaning, and in the evidence box.
    assert!(html.contains(
        "<td>step 5, observed: <strong>uicc</strong>&nbsp;(IUT) &rarr; terminal&nbsp;(tester): <strong>6A 80 (incorrect parameters in the data field)</strong></td>"
    ));
    let ev = &html[at(&html, "<div class=\"evidence ev-fail\">")..];
    let ev = &ev[..at(ev, "</table>")];
    assert!(ev.contains(
        "<pre class=\"hex\">6A 80</pre><div class=\"decoded\">6A 80 (incorrect parameters in the data field)</div>"
    ), "{ev}");

    let start = at(&html, "<svg class=\"seq\"");
    let svg = &html[start..start + at(&html[start..], "</svg>")];
    assert!(svg.contains("<g class=\"lane iut\" data-role=\"uicc\">"));
    assert!(svg.contains("<g class=\"lane\" data-role=\"terminal\">"));
    assert!(svg.contains(
        "<g class=\"msg stimulus\" data-step=\"2\"><title>step 2: FETCH (Le 14)\nmodel: FETCH</title>"
    ), "{svg}");
    for label in [
        ">FETCH</text>",
        ">91 14</text>",
        ">PROACTIVE COMMAND: OPEN CHANNEL</text>",
        ">TERMINAL RESPONSE: OPEN CHANNEL, result 00</text>",
        ">6A 80</text>",
    ] {
        assert!(svg.contains(label), "no label {label} in\n{svg}");
    }
    assert!(svg.contains(
        "<title>step 3: PROACTIVE COMMAND: OPEN CHANNEL (terminal server mode, transport 07, port 8001, buffer 1500)\nmodel: OPEN CHANNEL, terminal server mode</title>"
    ));
    // The model's words are in the tooltip, not on the arrow.
    assert!(!svg.contains(">OPEN CHANNEL, terminal server mode</text>"));
}

/// The text trace (JUnit, terminal) has the decoded line under the wire.
#[test]
fn junit_trace_has_the_decoded_line() {
    let (info, results) = common::apdu_run();
    let xml = render_junit(&record_of(&common::events_of(info, &results))).unwrap();
    assert!(
        xml.contains(
            "    wire: 6a80\n    decoded: 6A 80 (incorrect parameters in the data field)\n"
        ),
        "{xml}"
    );
}
