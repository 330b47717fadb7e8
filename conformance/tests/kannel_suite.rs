//! The committed PPG suites run against Kannel's real PPG (`kannel:ppg`,
//! `pushwake_conformance::iut::kannel`). This test starts nothing itself: the factory made by
//! `suites::run` starts Kannel in its own network namespace and stops it when the run ends.
//!
//! Needs root, `unshare`/`nsenter`/`ip`, and Kannel (`.ci/install-kannel.sh`). Without them this
//! test FAILS with the reason, unless `PUSHWAKE_SKIP_KANNEL=1` is set, in which case it prints
//! that it was skipped (the same rule as tests/kannel.rs).
//!
//! It asserts that the harness broke on no vector (no verdict `error`), prints the verdict counts
//! and the reason of every vector that did not pass, and pins the counts: Kannel 1.4.5's answers
//! are deterministic (conformance/kannel/NOTES.md, "Kannel against the pushwake suites"), so a
//! change in Kannel or in the suites shows up here. Run with `-- --nocapture` to see the table.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pushwake_codecs::pap::StatusCode;
use pushwake_conformance::adapter::{AdapterFactory, Message, Setup};
use pushwake_conformance::iut::kannel::KannelPpgFactory;
use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::suites;
use pushwake_conformance::vector::Suite;
use pushwake_conformance::wire::kannel::{KannelError, KannelPpg};
use pushwake_model::ppg::{Action, ClientSet, Method, PpgConfig, PushTemplate};
use pushwake_reports::{RunEvent, Verdict, VerdictCounts};

/// Vectors run at once: they mostly sleep (ticks of 2 s, OTA settle waits), so far more than the
/// two cores; Kannel answers each request in milliseconds.
const JOBS: usize = 8;
/// Longest vector: ticks up to "beyond" (3 ticks of 2 s plus a second) and a few 500 ms settles.
const VECTOR_TIMEOUT: Duration = Duration::from_secs(40);

/// `true` when Kannel cannot run here and `PUSHWAKE_SKIP_KANNEL=1`; panics when it cannot run
/// otherwise.
fn skip() -> bool {
    match KannelPpg::preflight() {
        Ok(()) => false,
        Err(e @ KannelError::Unavailable(_)) => {
            if std::env::var("PUSHWAKE_SKIP_KANNEL").as_deref() == Ok("1") {
                println!("SKIPPED (PUSHWAKE_SKIP_KANNEL=1): {e}");
                return true;
            }
            panic!(
                "{e}\nRun as root after .ci/install-kannel.sh, or set PUSHWAKE_SKIP_KANNEL=1 to skip."
            );
        }
        Err(e) => panic!("Kannel preflight: {e}"),
    }
}

fn committed(name: &str) -> Suite {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(format!("{name}.json"));
    Suite::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Runs `name` against Kannel; prints and returns the counts and (id, verdict, reason) of every
/// vector.
fn run(name: &str) -> (VerdictCounts, Vec<(String, Verdict, String)>) {
    let suite = committed(name);
    let options = RunOptions {
        jobs: JOBS,
        vector_timeout: VECTOR_TIMEOUT,
        ..RunOptions::default()
    };
    let started = Instant::now();
    let mut vectors = Vec::new();
    let summary = suites::run(
        &suite,
        "kannel:ppg",
        &options,
        "1970-01-01T00:00:00Z".to_owned(),
        &mut |event| {
            if let RunEvent::VectorFinished(r) = event {
                vectors.push((r.id.clone(), r.verdict, r.reason.clone()));
            }
        },
    )
    .unwrap();
    println!(
        "=== {name} against kannel:ppg in {:.1} s: {:?}",
        started.elapsed().as_secs_f64(),
        summary.counts
    );
    for (id, verdict, reason) in &vectors {
        if *verdict != Verdict::Pass {
            println!("  {verdict:?} {id}: {reason}");
        }
    }
    let errors: Vec<_> = vectors
        .iter()
        .filter(|(_, v, _)| *v == Verdict::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "the harness broke on {} vector(s): {errors:#?}",
        errors.len()
    );
    // Every fail is Kannel answering a cancel, status query or ccq with a 2000
    // badmessage-response (NOTES.md "Kannel against the pushwake suites").
    for (id, verdict, reason) in &vectors {
        if *verdict == Verdict::Fail {
            assert!(
                reason.starts_with(
                    "the IUT emitted {\"action\":\"bad-message-response\",\"code\":2000}"
                ) && ["cancel-response", "status-query-response", "ccq-response"]
                    .iter()
                    .any(|owed| reason.contains(owed)),
                "{id} fails for another reason: {reason}"
            );
        }
    }
    (summary.counts, vectors)
}

fn counts(pass: u64, fail: u64, inconc: u64) -> VerdictCounts {
    VerdictCounts {
        none: 0,
        pass,
        inconc,
        fail,
        error: 0,
    }
}

#[test]
fn kannel_ppg_against_the_default_ppg_suite() {
    if skip() {
        return;
    }
    let (got, _) = run("ppg-ppg");
    assert_eq!(got, counts(12, 11, 13));
}

#[test]
fn kannel_ppg_against_the_timing_ppg_suite() {
    if skip() {
        return;
    }
    let (got, _) = run("ppg-ppg-timing");
    assert_eq!(got, counts(3, 22, 3));
}

/// The adapter on its own, on a configuration the committed suites do not have (an unconfirmed
/// push with no deadline, which Kannel sends over the air at once): the push-response and the OTA
/// push come back mapped to the model's push and client, in that order; the same push-id again is
/// accepted and sent again (NOTES.md 2: PAP wants 2007); a cancel is answered 2000 (NOTES.md 4).
#[test]
fn kannel_ppg_adapter_maps_an_unconfirmed_push_its_duplicate_and_a_cancel() {
    if skip() {
        return;
    }
    let config = PpgConfig {
        pushes: vec![PushTemplate {
            clients: vec![0],
            app: None,
            method: Method::Unconfirmed,
            notify_requested: false,
            progress_notes_requested: false,
            deliver_before: None,
            deliver_after: None,
        }],
        ..PpgConfig::default()
    };
    let factory = KannelPpgFactory::new("kannel:ppg", config.clone());
    let mut adapter = factory.create().unwrap();
    adapter
        .reset(&Setup {
            model: "ppg".into(),
            role: "ppg".into(),
            config: serde_json::to_value(&config).unwrap(),
            vector_id: "kannel-adapter-test".into(),
        })
        .unwrap();
    let submit = Action::Submit {
        push: 0,
        clients: ClientSet::one(0),
        app: None,
        method: Method::Unconfirmed,
        notify_requested: false,
        progress_notes_requested: false,
        deliver_before: None,
        deliver_after: None,
    };
    let stimulus = |action: &Action| Message {
        action: serde_json::to_value(action).unwrap(),
        wire: None,
    };
    let mut step = |action: &Action| -> Vec<Action> {
        adapter.stimulate(&stimulus(action)).unwrap();
        let mut got = Vec::new();
        // Up to two collects: the answer is queued at once, the SMS may need the settle wait.
        for _ in 0..2 {
            for m in adapter.collect(Duration::from_secs(2)).unwrap() {
                got.push(serde_json::from_value(m.action).unwrap());
            }
        }
        got
    };
    let accepted = vec![
        Action::PushResponse {
            push: 0,
            code: StatusCode::ACCEPTED_FOR_PROCESSING,
            progress_note: None,
        },
        Action::OtaPush {
            push: 0,
            client: 0,
            confirmed: false,
            app: None,
        },
    ];
    assert_eq!(step(&submit), accepted);
    assert_eq!(
        step(&submit),
        accepted,
        "Kannel accepts and sends a duplicate"
    );
    assert_eq!(
        step(&Action::Cancel { push: 0 }),
        vec![Action::BadMessageResponse {
            code: StatusCode(2000)
        }]
    );
}
