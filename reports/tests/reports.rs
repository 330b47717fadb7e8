//! Golden-file and behaviour tests of the reporters, over one fixed event stream that has every
//! verdict kind, out-of-order finishing, text that needs escaping, and an uncovered requirement.
//!
//! `PUSHWAKE_BLESS=1 cargo test -p pushwake-reports --test reports` rewrites the goldens in
//! `tests/golden/`; review the diff before committing it.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use pushwake_reports::{
    DirectoryReporter, Fanout, JsonReporter, Partition, ProgressMode, ReportError, Reporter,
    RequirementCoverage, RequirementStatus, RunEvent, RunInfo, RunRecord, RunSummary,
    TerminalReporter, TraceEntry, TraceKind, VectorResult, Verdict, render_html, render_json,
    render_junit, render_summary, write_all_reports,
};
use quick_xml::events::Event;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// The fixed event stream

fn run_info() -> RunInfo {
    RunInfo {
        tool_version: "0.1.0".into(),
        suite_id: "suite-5f4564b2".into(),
        suite_name: "ppg-basic.suite.json".into(),
        model: "ppg".into(),
        // Keys deliberately out of order: the JSON report must sort them.
        model_config: json!({"retries": 1, "events": 2, "loss": false, "clock": {"ticks": 3, "max": 10}}),
        iut_role: "ppg".into(),
        iut: "reference:ppg?mutant=dup-accept".into(),
        generator_version: "0.1.0".into(),
        seed: 42,
        vector_count: 5,
        partition: Some(Partition { k: 1, n: 2 }),
        started_at: "2026-11-23T19:00:00Z".into(),
        ics: None,
    }
}

fn entry(
    step: u32,
    kind: TraceKind,
    abstract_msg: serde_json::Value,
    wire: Option<&str>,
    effect: Option<Verdict>,
) -> TraceEntry {
    TraceEntry {
        step,
        kind,
        r#abstract: abstract_msg,
        wire: wire.map(str::to_owned),
        verdict_effect: effect,
        from: None,
        to: None,
        label: None,
        allowed: Vec::new(),
        requirement: None,
    }
}

const PUSH_MESSAGE: &str =
    "<?xml version=\"1.0\"?>\n<pap product-name=\"a&b\"><push-message push-id=\"p1\"/></pap>";

fn vectors() -> Vec<VectorResult> {
    vec![
        VectorResult {
            index: 0,
            id: "v-0a1b".into(),
            title: "push submission is accepted".into(),
            requirements: vec!["PAP-9.2".into()],
            verdict: Verdict::Pass,
            reason: "every observation allowed by the model".into(),
            trace: vec![
                entry(
                    0,
                    TraceKind::Stimulus,
                    json!({"type": "push-message", "push_id": "p1"}),
                    Some(PUSH_MESSAGE),
                    None,
                ),
                entry(
                    0,
                    TraceKind::Expected,
                    json!({"type": "push-response", "code": 1001}),
                    None,
                    None,
                ),
                entry(
                    0,
                    TraceKind::Observation,
                    json!({"type": "push-response", "code": 1001}),
                    Some("<pap><push-response push-id=\"p1\"/></pap>"),
                    Some(Verdict::Pass),
                ),
            ],
            duration_ms: 12,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        },
        VectorResult {
            index: 1,
            id: "v-1c2d".into(),
            title: "duplicate push-id is rejected <2001>".into(),
            requirements: vec!["PAP-9.2".into(), "PAP-9.3".into()],
            verdict: Verdict::Fail,
            reason: "observed push-response code 1001 where the model requires 2001 & nothing else"
                .into(),
            trace: vec![
                entry(
                    0,
                    TraceKind::Stimulus,
                    json!({"type": "push-message", "push_id": "p1"}),
                    Some(PUSH_MESSAGE),
                    None,
                ),
                entry(
                    0,
                    TraceKind::Expected,
                    json!({"type": "push-response", "code": 2001}),
                    None,
                    None,
                ),
                entry(
                    0,
                    TraceKind::Observation,
                    json!({"type": "push-response", "code": 1001}),
                    None,
                    Some(Verdict::Fail),
                ),
            ],
            duration_ms: 7,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        },
        // Finishes before vector 2 in the stream; reports list by index anyway.
        VectorResult {
            index: 3,
            id: "v-3e4f".into(),
            title: "cancel after delivery".into(),
            requirements: vec!["PAP-11.1".into()],
            verdict: Verdict::Inconc,
            reason: "IUT delivered before the cancel arrived (legal branch; purpose not reached)"
                .into(),
            trace: vec![
                entry(
                    0,
                    TraceKind::Note,
                    json!("followed branch: delivered"),
                    None,
                    None,
                ),
                entry(
                    1,
                    TraceKind::Quiescence,
                    serde_json::Value::Null,
                    None,
                    Some(Verdict::Inconc),
                ),
            ],
            duration_ms: 30,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        },
        VectorResult {
            index: 2,
            id: "v-2a3b".into(),
            title: "status query".into(),
            requirements: vec![],
            verdict: Verdict::None,
            reason: "no verdict set".into(),
            trace: vec![],
            duration_ms: 0,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        },
        VectorResult {
            index: 4,
            id: "v-4d5e".into(),
            title: "client capability query".into(),
            requirements: vec!["PAP-12.1".into(), "UNKNOWN-1".into()],
            verdict: Verdict::Error,
            // Control characters from an IUT must not reach a terminal raw.
            reason: "adapter crashed: exit status 101\n\u{1b}[31mboom".into(),
            trace: vec![entry(
                0,
                TraceKind::Timeout,
                json!({"after_ms": 5000}),
                Some("00 ff 1b"),
                Some(Verdict::Error),
            )],
            duration_ms: 5001,
            purpose: String::new(),
            kind: String::new(),
            failed_requirement: None,
        },
    ]
}

fn catalogue() -> Vec<RequirementCoverage> {
    vec![
        RequirementCoverage::new(
            "PAP-9.2",
            "WAP-247-PAP",
            "9.2",
            "The PPG answers a push-message with a push-response",
            RequirementStatus::Verified,
            2,
        ),
        RequirementCoverage::new(
            "PAP-9.3",
            "WAP-247-PAP",
            "9.3",
            "A duplicate push-id is rejected with 2001",
            RequirementStatus::Unverified,
            0,
        ),
        RequirementCoverage::new(
            "PAP-11.1",
            "WAP-247-PAP",
            "11.1",
            "Cancel of an undelivered message succeeds",
            RequirementStatus::Verified,
            1,
        ),
        RequirementCoverage::new(
            "PAP-12.1",
            "WAP-247-PAP",
            "12.1",
            "Client capability query is answered",
            RequirementStatus::Verified,
            0,
        ),
        RequirementCoverage::new(
            "PAP-13.1",
            "WAP-247-PAP",
            "13.1",
            "Result notification names the <final> state",
            RequirementStatus::Unverified,
            0,
        ),
    ]
}

fn events() -> Vec<RunEvent> {
    let results = vectors();
    let mut ev = vec![RunEvent::RunStarted(run_info())];
    for v in &results {
        ev.push(RunEvent::VectorStarted {
            index: v.index,
            id: v.id.clone(),
            title: v.title.clone(),
        });
        ev.push(RunEvent::VectorFinished(v.clone()));
    }
    ev.push(RunEvent::RunFinished(RunSummary::from_results(
        &results,
        catalogue(),
        5100,
    )));
    ev
}

fn record_of(events: &[RunEvent]) -> RunRecord {
    let mut r = RunRecord::new();
    for e in events {
        r.apply(e).unwrap();
    }
    r
}

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

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "pushwake-reports-test-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

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
    assert!(text.contains("INCOMPLETE: the run did not finish; 2 of 5 vectors finished\n"));
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
            ("tests", "5"),
            ("failures", "1"),
            ("errors", "1"),
            ("skipped", "2")
        ]
    );
    assert_eq!(counts.testcases, 5);
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
    assert_eq!(counts.requirement_props, 6);
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
    assert!(html.contains("<tr class=\"uncovered\"><td><code>PAP-13.1</code>"));
    assert!(html.contains("Covered by nothing in this run: <code>PAP-13.1</code>."));
    // Self-contained: no external resources, no script.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src="));
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
    fs::remove_dir_all(&dir).unwrap();
}
