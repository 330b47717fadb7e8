//! The committed PPG suites run against Kannel's real PPG (`kannel:ppg`,
//! `pushwake_conformance::ppg::kannel`). This test starts nothing itself: the factory made by
//! `suites::run` starts Kannel in its own network namespace and stops it when the run ends.
//!
//! Needs root, `unshare`/`nsenter`/`ip`, and Kannel (`.ci/install-kannel.sh`). Without them this
//! test FAILS with the reason, unless `PUSHWAKE_SKIP_KANNEL=1` is set, in which case it prints
//! that it was skipped (the same rule as tests/kannel.rs).
//!
//! It asserts that the harness broke on no vector (no verdict `error`), prints the verdict counts
//! and the reason of every vector that did not pass, and pins the counts: Kannel 1.4.5's answers
//! are deterministic (conformance/src/ppg/kannel/NOTES.md, "Kannel against the pushwake suites"), so a
//! change in Kannel or in the suites shows up here. Run with `-- --nocapture` to see the table.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pushwake_codecs::pap::{self, PapMessage, StatusCode};
use pushwake_conformance::adapter::{AdapterFactory, Message, Setup};
use pushwake_conformance::ppg::bind::PpgBinding;
use pushwake_conformance::ppg::kannel::KannelPpgFactory;
use pushwake_conformance::ppg::kannel::harness::{KannelError, KannelPpg};
use pushwake_conformance::runner::RunOptions;
use pushwake_conformance::suites;
use pushwake_conformance::vector::Suite;
use pushwake_model::ppg::{
    Action, BadDocument, ClientSet, Method, PpgConfig, PpgModel, PushTemplate,
};
use pushwake_reports::{RunEvent, Verdict, VerdictCounts};

/// Vectors run at once: they mostly sleep (ticks of 5 s, OTA settle waits), so far more than the
/// two cores; Kannel answers each request in milliseconds.
const JOBS: usize = 8;

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
    // The timeout `pushwake run` uses when given none: derived from the adapter.
    let vector_timeout = suites::default_vector_timeout(&suite, "kannel:ppg").unwrap();
    let options = RunOptions {
        jobs: JOBS,
        vector_timeout,
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
        "=== {name} against kannel:ppg in {:.1} s (vector timeout {vector_timeout:?}): {:?}",
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
    // Every fail is one of two things Kannel does (NOTES.md "Kannel against the pushwake suites"):
    // it answers a cancel, status query or ccq with a 2000 badmessage-response, an answer of
    // another request's type (PAP-ANSWER-TYPE); or, the clock beyond every deadline and Kannel
    // quiet, it never sent a push it accepted (PAP-LIVE-FINAL: confirmed and deliver-after
    // pushes) or never sent a result notification it was asked for (PAP-LIVE-RN).
    for (id, verdict, reason) in &vectors {
        if *verdict == Verdict::Fail {
            let badmessage =
                reason.starts_with("[PAP-ANSWER-TYPE] the IUT emitted badmessage-response 2000");
            let silent = ["PAP-LIVE-FINAL", "PAP-LIVE-RN"].iter().any(|r| {
                reason.starts_with(&format!(
                    "[{r}] the clock is beyond every deadline and the IUT is quiet"
                ))
            });
            assert!(
                badmessage || silent,
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
    assert_eq!(got, counts(13, 44, 0));
}

#[test]
fn kannel_ppg_against_the_timing_ppg_suite() {
    if skip() {
        return;
    }
    let (got, _) = run("ppg-ppg-timing");
    assert_eq!(got, counts(5, 28, 0));
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
    let scratch = factory.scratch().to_owned();
    let mut adapter = factory.create().unwrap();
    assert!(
        scratch.join("kannel.conf").is_file(),
        "{}",
        scratch.display()
    );
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
    // Kannel's scratch directory goes with the factory, unless asked to keep it.
    drop(adapter);
    drop(factory);
    let keep = std::env::var("PUSHWAKE_KEEP_KANNEL").as_deref() == Ok("1");
    assert_eq!(scratch.exists(), keep, "{}", scratch.display());
}

/// The control entity of a multipart body the adapter posted (between the first part's header
/// block and the next delimiter).
fn control_entity(body: &str) -> &str {
    let start = body
        .find("Content-Type: application/xml\r\n\r\n")
        .map(|i| i + "Content-Type: application/xml\r\n\r\n".len())
        .unwrap();
    let end = start + body[start..].find("\r\n--").unwrap();
    &body[start..end]
}

/// What Kannel quoted in `bad-message-fragment`, unescaped (it keeps line ends raw, NOTES.md 4).
fn quoted_fragment(answer: &str) -> String {
    let attr = "bad-message-fragment=\"";
    let start = answer.find(attr).unwrap() + attr.len();
    let end = start + answer[start..].find('"').unwrap();
    answer[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `stimulate` returns what crossed Kannel's boundary, not the vector's plan: the submission as
/// POSTed (push-id with the vector's prefix, the vector's phone number, a real deliver-before
/// time), and Kannel's own answers prove it received exactly that: its push-response names the
/// returned push-id, and its badmessage-responses quote the returned control entity byte for
/// byte. A tick returns the wall-clock time the vector's clock stands at.
#[test]
fn kannel_ppg_adapter_returns_the_rewritten_wire_kannel_received() {
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
            deliver_before: Some(2),
            deliver_after: None,
        }],
        ..PpgConfig::default()
    };
    let model = PpgModel {
        config: config.clone(),
    };
    let factory = KannelPpgFactory::new("kannel:ppg", config.clone());
    let mut adapter = factory.create().unwrap();
    adapter
        .reset(&Setup {
            model: "ppg".into(),
            role: "ppg".into(),
            config: serde_json::to_value(&config).unwrap(),
            vector_id: "kannel-wire-test".into(),
        })
        .unwrap();
    let mut send = |action: &Action| {
        let planned = PpgBinding.render(&model, 0, action).unwrap();
        let sent = adapter
            .stimulate(&Message {
                action: serde_json::to_value(action).unwrap(),
                wire: Some(planned.clone()),
            })
            .unwrap();
        assert_eq!(sent.action, serde_json::to_value(action).unwrap());
        // Kannel's PAP answers as it sent them (the fake SMSC's lines, if any, left out).
        let answers: Vec<String> = adapter
            .collect(Duration::from_secs(2))
            .unwrap()
            .into_iter()
            .filter_map(|m| m.wire.and_then(|w| w.text))
            .filter(|t| t.contains("<pap>"))
            .collect();
        (planned, sent.wire.unwrap(), answers)
    };

    // A submission: push-id, address and deliver-before rewritten.
    let submit = Action::Submit {
        push: 0,
        clients: ClientSet::one(0),
        app: None,
        method: Method::Unconfirmed,
        notify_requested: false,
        progress_notes_requested: false,
        deliver_before: Some(2),
        deliver_after: None,
    };
    let (planned, sent, answers) = send(&submit);
    assert_ne!(sent, planned);
    assert_eq!(sent.kind, "pap-multipart");
    let multipart = |w: &pushwake_conformance::vector::Wire| {
        let sub = pap::multipart::parse(
            w.content_type.as_deref().unwrap(),
            w.text.as_deref().unwrap().as_bytes(),
        )
        .unwrap();
        match sub.control.message {
            PapMessage::PushMessage(m) => m,
            other => panic!("{other:?}"),
        }
    };
    let (was, is) = (multipart(&planned), multipart(&sent));
    assert_eq!(was.push_id, "pushwake-0");
    assert!(
        is.push_id.starts_with('v') && is.push_id.ends_with(".pushwake-0"),
        "{}",
        is.push_id
    );
    assert_ne!(is.addresses, was.addresses);
    assert!(
        is.addresses[0].address_value.starts_with("WAPPUSH=+1999"),
        "{:?}",
        is.addresses
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let before = is.deliver_before_timestamp.unwrap().0;
    assert_ne!(Some(pap::Timestamp(before)), was.deliver_before_timestamp);
    assert!(
        before > i64::try_from(now).unwrap(),
        "deliver-before {before} is not in the future of {now}"
    );
    // Kannel's push-response (its raw body) names the push-id the adapter returned.
    assert!(
        answers[0].contains(&format!("push-id=\"{}\"", is.push_id)),
        "{answers:?}"
    );

    // A malformed document and a cancel: wrapped in multipart, push-ids rewritten; Kannel quotes
    // the control entity it received, which is the one returned.
    for action in [
        Action::SubmitBad {
            kind: BadDocument::Malformed,
        },
        Action::Cancel { push: 0 },
    ] {
        let (planned, sent, answers) = send(&action);
        assert_eq!(planned.kind, "pap-xml");
        assert_eq!(sent.kind, "pap-multipart");
        let control = control_entity(sent.text.as_deref().unwrap());
        assert_ne!(Some(control), planned.text.as_deref());
        let prefix = is.push_id.strip_suffix("pushwake-0").unwrap();
        let push_id = match action {
            Action::Cancel { .. } => is.push_id.clone(),
            _ => format!("{prefix}pushwake-bad"),
        };
        assert!(
            control.contains(&format!("push-id=\"{push_id}\"")),
            "{control}"
        );
        assert_eq!(answers.len(), 1, "{answers:?}");
        assert_eq!(
            quoted_fragment(&answers[0]),
            // Kannel leaves out the entity's final line end (NOTES.md 4 and 5).
            control.trim_end_matches(['\r', '\n']),
            "{action:?}: Kannel quotes another control entity than the one returned"
        );
    }

    // A tick: the wall-clock second of tick 1, not the model's 2026-01-01 time.
    let (planned, sent, _) = send(&Action::Tick { now: 1 });
    assert_eq!(sent.kind, "time");
    assert_ne!(sent.text, planned.text);
    let at: pap::Timestamp = sent.text.as_deref().unwrap().parse().unwrap();
    assert!(at.0 >= i64::try_from(now).unwrap(), "{at:?}");
}
