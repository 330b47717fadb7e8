//! The fixed event stream the golden-file and browser tests share: six vectors, every verdict
//! kind, out-of-order finishing, two vectors with the same title, a failing vector whose trace
//! crosses four lanes (pi, the IUT ppg, bearer, clock) and names the one requirement it broke,
//! older trace entries without roles or labels, text that needs escaping, an uncovered
//! requirement and one missing from the catalogue.
#![allow(dead_code, clippy::unwrap_used)]

use std::fs;
use std::path::PathBuf;

use pushwake_reports::{
    IcsUsed, Partition, RequirementCoverage, RequirementStatus, RunEvent, RunInfo, RunRecord,
    RunSummary, TraceEntry, TraceKind, VectorResult, Verdict,
};
use serde_json::{Value, json};

pub fn run_info() -> RunInfo {
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
        vector_count: 6,
        partition: Some(Partition { k: 1, n: 2 }),
        started_at: "2026-11-23T19:00:00Z".into(),
        ics: Some(IcsUsed {
            source: Some("lab/kannel.ics.json".into()),
            items: [
                ("pap.cancel".to_owned(), true),
                ("pap.client-capabilities".to_owned(), false),
                ("pap.status-query".to_owned(), true),
            ]
            .into_iter()
            .collect(),
            unlisted_supported: false,
            digest: "sha256:3f7a9c0e5b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f"
                .into(),
        }),
    }
}

/// A trace entry under construction.
pub struct E(TraceEntry);

/// An entry of `kind` at `step` with the abstract message `msg`, nothing else set (as older
/// runners wrote them).
pub fn e(step: u32, kind: TraceKind, msg: Value) -> E {
    E(TraceEntry {
        step,
        kind,
        r#abstract: msg,
        wire: None,
        verdict_effect: None,
        from: None,
        to: None,
        label: None,
        allowed: Vec::new(),
        requirement: None,
        decoded: None,
    })
}

impl E {
    pub fn wire(mut self, w: &str) -> E {
        self.0.wire = Some(w.to_owned());
        self
    }
    /// The decoded view of the wire (short form for the diagram, the whole line for the table).
    pub fn decoded(mut self, short: &str, line: &str) -> E {
        self.0.decoded = Some(pushwake_reports::DecodedWire {
            short: short.to_owned(),
            line: line.to_owned(),
        });
        self
    }
    pub fn effect(mut self, v: Verdict) -> E {
        self.0.verdict_effect = Some(v);
        self
    }
    pub fn between(mut self, from: &str, to: &str) -> E {
        self.0.from = Some(from.to_owned());
        self.0.to = Some(to.to_owned());
        self
    }
    pub fn label(mut self, l: &str) -> E {
        self.0.label = Some(l.to_owned());
        self
    }
    pub fn allowed(mut self, a: Vec<Value>) -> E {
        self.0.allowed = a;
        self
    }
    pub fn req(mut self, r: &str) -> E {
        self.0.requirement = Some(r.to_owned());
        self
    }
    pub fn done(self) -> TraceEntry {
        self.0
    }
}

pub const PUSH_MESSAGE: &str =
    "<?xml version=\"1.0\"?>\n<pap product-name=\"a&b\"><push-message push-id=\"p1\"/></pap>";

pub fn vector(index: u64, id: &str, title: &str, verdict: Verdict) -> VectorResult {
    VectorResult {
        index,
        id: id.into(),
        title: title.into(),
        purpose: String::new(),
        kind: String::new(),
        requirements: Vec::new(),
        verdict,
        reason: String::new(),
        trace: Vec::new(),
        duration_ms: 0,
        failed_requirement: None,
    }
}

fn push_response(push: u64, code: u64) -> Value {
    json!({"type": "push-response", "push": push, "code": code})
}

fn accepted_push(index: u64, id: &str, kind: &str) -> VectorResult {
    let mut v = vector(index, id, "push submission is accepted", Verdict::Pass);
    v.purpose = "a well-formed push-message is answered with push-response 1001".into();
    v.kind = kind.into();
    v.requirements = vec!["PAP-9.2".into()];
    v.reason = "every observation allowed by the model".into();
    v.trace = vec![
        e(
            0,
            TraceKind::Stimulus,
            json!({"type": "push-message", "push": 0, "push_id": "p1"}),
        )
        .between("pi", "ppg")
        .label("push-message push 0 (push-id p1)")
        .wire(PUSH_MESSAGE)
        .req("PAP-9.2")
        .done(),
        e(1, TraceKind::Expected, push_response(0, 1001))
            .between("ppg", "pi")
            .label("push-response 1001 (accepted) for push 0")
            .allowed(vec![push_response(0, 1001)])
            .req("PAP-9.2")
            .done(),
        e(2, TraceKind::Observation, push_response(0, 1001))
            .between("ppg", "pi")
            .label("push-response 1001 (accepted) for push 0")
            .wire("<pap><push-response push-id=\"p1\"/></pap>")
            .effect(Verdict::Pass)
            .done(),
    ];
    v.duration_ms = 12;
    v
}

/// The failing vector: a duplicate push-id accepted. Its trace crosses four lanes and names
/// the requirement broken (PAP-9.3); it also names PAP-9.2, which the IUT met.
pub fn failing_vector() -> VectorResult {
    let mut v = vector(
        1,
        "v-1c2d",
        "duplicate push-id is rejected <2001>",
        Verdict::Fail,
    );
    v.purpose = "a second push-message reusing a push-id is rejected with 2001".into();
    v.kind = "negative".into();
    v.requirements = vec!["PAP-9.2".into(), "PAP-9.3".into()];
    v.failed_requirement = Some("PAP-9.3".into());
    v.reason =
        "observed push-response code 1001 where the model requires 2001 & nothing else".into();
    v.trace = vec![
        e(0, TraceKind::Stimulus, json!({"type": "push-message", "push": 0, "push_id": "p1"}))
            .between("pi", "ppg")
            .label("push-message push 0 (push-id p1)")
            .wire(PUSH_MESSAGE)
            .req("PAP-9.2")
            .done(),
        e(1, TraceKind::Observation, push_response(0, 1001))
            .between("ppg", "pi")
            .label("push-response 1001 (accepted) for push 0")
            .wire("<pap><push-response push-id=\"p1\"><response-result code=\"1001\"/></push-response></pap>")
            .req("PAP-9.2")
            .done(),
        e(2, TraceKind::Observation, json!({"type": "ota-push", "push": 0, "confirmed": false}))
            .between("ppg", "bearer")
            .label("OTA push of push 0 (unconfirmed)")
            .wire("01 06 03 c4 af 87")
            .done(),
        e(3, TraceKind::Note, json!({"type": "tick", "seconds": 5}))
            .between("clock", "ppg")
            .label("clock tick: 5 s")
            .done(),
        e(4, TraceKind::Stimulus, json!({"type": "push-message", "push": 1, "push_id": "p1"}))
            .between("pi", "ppg")
            .label("push-message push 1 (duplicate push-id p1)")
            .wire(PUSH_MESSAGE)
            .req("PAP-9.3")
            .done(),
        e(5, TraceKind::Expected, push_response(1, 2001))
            .between("ppg", "pi")
            .label("push-response 2001 (duplicate push-id) for push 1")
            .allowed(vec![push_response(1, 2001)])
            .req("PAP-9.3")
            .done(),
        e(6, TraceKind::Observation, push_response(1, 1001))
            .between("ppg", "pi")
            .label("push-response 1001 (accepted) for push 1")
            .wire("<pap><push-response push-id=\"p1\"><response-result code=\"1001\"/></push-response></pap>")
            .allowed(vec![push_response(1, 2001)])
            .req("PAP-9.3")
            .effect(Verdict::Fail)
            .done(),
    ];
    v.duration_ms = 7;
    v
}

/// The vectors in the order they finish (vector 3 before vector 2; reports sort by index).
pub fn vectors() -> Vec<VectorResult> {
    let mut inconc = vector(3, "v-3e4f", "cancel after delivery", Verdict::Inconc);
    inconc.kind = "transition".into();
    inconc.requirements = vec!["PAP-11.1".into()];
    inconc.reason =
        "IUT delivered before the cancel arrived (legal branch; purpose not reached)".into();
    // An older runner's trace: no roles, no labels, several entries per step.
    inconc.trace = vec![
        e(0, TraceKind::Note, json!("followed branch: delivered")).done(),
        e(1, TraceKind::Quiescence, Value::Null)
            .effect(Verdict::Inconc)
            .done(),
    ];
    inconc.duration_ms = 30;

    let mut none = vector(2, "v-2a3b", "status query", Verdict::None);
    none.kind = "transition".into();
    none.reason = "no verdict set".into();

    let mut error = vector(4, "v-4d5e", "client capability query", Verdict::Error);
    error.kind = "witness".into();
    error.requirements = vec!["PAP-12.1".into(), "UNKNOWN-1".into()];
    // Control characters from an IUT must not reach a terminal raw.
    error.reason = "adapter crashed: exit status 101\n\u{1b}[31mboom".into();
    error.trace = vec![
        e(0, TraceKind::Timeout, json!({"after_ms": 5000}))
            .wire("00 ff 1b")
            .effect(Verdict::Error)
            .done(),
    ];
    error.duration_ms = 5001;

    vec![
        accepted_push(0, "v-0a1b", "transition"),
        failing_vector(),
        inconc,
        none,
        error,
        // Same title as vector 0: JUnit must still give it a unique name.
        accepted_push(5, "v-5f60", "random-walk"),
    ]
}

pub fn catalogue() -> Vec<RequirementCoverage> {
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

/// A whole run of `results` with `info`: started, each vector started and finished, finished.
pub fn events_of(info: RunInfo, results: &[VectorResult]) -> Vec<RunEvent> {
    let mut ev = vec![RunEvent::RunStarted(info)];
    for v in results {
        ev.push(RunEvent::VectorStarted {
            index: v.index,
            id: v.id.clone(),
            title: v.title.clone(),
        });
        ev.push(RunEvent::VectorFinished(v.clone()));
    }
    ev.push(RunEvent::RunFinished(RunSummary::from_results(
        results,
        catalogue(),
        5100,
    )));
    ev
}

pub fn events() -> Vec<RunEvent> {
    events_of(run_info(), &vectors())
}

pub fn record_of(events: &[RunEvent]) -> RunRecord {
    let mut r = RunRecord::new();
    for e in events {
        r.apply(e).unwrap();
    }
    r
}

pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "pushwake-reports-test-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A DM Smart Card vector at the APDU level (a UICC under test, the tester playing the
/// terminal): each message carries its wire as lowercase hex and the decoded view the runner
/// takes from the codecs (this crate only shows it). It fails on a `6A 80` where the model
/// required `90 00` after a TERMINAL RESPONSE.
pub fn apdu_vector() -> VectorResult {
    let mut v = vector(
        7,
        "wakeup-uicc-0c1d",
        "off-line trigger opens a terminal server mode channel",
        Verdict::Fail,
    );
    v.kind = "transition".into();
    v.requirements = vec!["DMSC-7.1-TSM".into(), "CAT-TR-ONCE".into()];
    v.failed_requirement = Some("CAT-TR-ONCE".into());
    v.reason = "observed 6A 80 where the model requires 90 00".into();
    let tr = json!({"terminal-response": "open-channel", "result": 0});
    v.trace = vec![
        e(0, TraceKind::Stimulus, json!({"envelope": "terminal-applications"}))
            .between("terminal", "uicc")
            .label("ENVELOPE terminal applications (DM Client, port 8001)")
            .wire("80c2000017dc1582028281710d1f410407444d20436c69656e747000")
            .decoded(
                "ENVELOPE: TERMINAL APPLICATIONS",
                "ENVELOPE: TERMINAL APPLICATIONS - application type 07, port 8001, name \"DM Client\", last envelope",
            )
            .req("DMSC-7.1-CLASS-K")
            .done(),
        e(1, TraceKind::Observation, json!({"sw": "91", "pending": "open-channel"}))
            .between("uicc", "terminal")
            .label("91 14: OPEN CHANNEL pending")
            .wire("9114")
            .decoded("91 14", "91 14 (proactive command pending, 20 bytes)")
            .req("CAT-91XX")
            .done(),
        e(2, TraceKind::Stimulus, json!({"fetch": 20}))
            .between("terminal", "uicc")
            .label("FETCH")
            .wire("8012000014")
            .decoded("FETCH", "FETCH (Le 14)")
            .req("CAT-91XX")
            .done(),
        e(3, TraceKind::Observation, json!({"proactive": "open-channel"}))
            .between("uicc", "terminal")
            .label("OPEN CHANNEL, terminal server mode")
            .wire("d012810304400082028182b90205dcbc03071f419000")
            .decoded(
                "PROACTIVE COMMAND: OPEN CHANNEL",
                "PROACTIVE COMMAND: OPEN CHANNEL (terminal server mode, transport 07, port 8001, buffer 1500)",
            )
            .req("DMSC-7.1-TSM")
            .done(),
        e(4, TraceKind::Stimulus, tr.clone())
            .between("terminal", "uicc")
            .label("TERMINAL RESPONSE OPEN CHANNEL, success")
            .wire("8014000014810304400082028281830100b8028200b90205dc")
            .decoded(
                "TERMINAL RESPONSE: OPEN CHANNEL, result 00",
                "TERMINAL RESPONSE: OPEN CHANNEL 04 - 00 command performed successfully, channel 2 established, buffer 1500",
            )
            .req("CAT-TR-ONCE")
            .done(),
        e(5, TraceKind::Observation, json!({"sw": "6A80"}))
            .between("uicc", "terminal")
            .label("6A 80")
            .wire("6a80")
            .decoded("6A 80", "6A 80 (incorrect parameters in the data field)")
            .allowed(vec![json!({"sw": "9000"})])
            .req("CAT-TR-ONCE")
            .effect(Verdict::Fail)
            .done(),
    ];
    v.duration_ms = 3;
    v
}

/// A run of [`apdu_vector`] alone against a UICC.
pub fn apdu_run() -> (RunInfo, Vec<VectorResult>) {
    let mut info = run_info();
    info.model = "wakeup".into();
    info.iut_role = "uicc".into();
    info.iut = "reference:uicc".into();
    info.suite_name = "wakeup-uicc.suite.json".into();
    info.vector_count = 1;
    info.partition = None;
    let mut v = apdu_vector();
    v.index = 0;
    (info, vec![v])
}
