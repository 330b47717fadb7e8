//! The runner's verdict semantics on a toy request/response protocol, against toy IUTs that behave
//! well, answer wrongly, stay silent, choose another legal branch, crash or hang.

use pushwake_conformance::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use pushwake_conformance::ics::Ics;
use pushwake_conformance::runner::{RunOptions, run_suite};
use pushwake_conformance::vector::{Coverage, GeneratorInfo, Step, Suite, Vector, VectorKind};
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use pushwake_reports::{RunEvent, RunInfo, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Server protocol: after `Req(n)` the server must answer `Ok(n)` or, for n = 2, may answer `Busy`
/// instead (a choice only the server makes). `Ping` needs no answer.
#[derive(Clone, Debug)]
struct Toy;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum St {
    Idle,
    Owe(u8),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
enum Act {
    Req(u8),
    Ok(u8),
    Busy,
    Ping,
}

impl stateright::Model for Toy {
    type State = St;
    type Action = Act;
    fn init_states(&self) -> Vec<St> {
        vec![St::Idle]
    }
    fn actions(&self, s: &St, out: &mut Vec<Act>) {
        match s {
            St::Idle => out.extend([Act::Req(1), Act::Req(2), Act::Ping]),
            St::Owe(n) => {
                out.push(Act::Ok(*n));
                if *n == 2 {
                    out.push(Act::Busy);
                }
            }
        }
    }
    fn next_state(&self, s: &St, a: Act) -> Option<St> {
        match (s, a) {
            (St::Idle, Act::Req(n)) => Some(St::Owe(n)),
            (St::Idle, Act::Ping) => Some(St::Idle),
            (St::Owe(n), Act::Ok(m)) if *n == m => Some(St::Idle),
            (St::Owe(2), Act::Busy) => Some(St::Idle),
            _ => None,
        }
    }
}

impl LabelledModel for Toy {
    fn label(&self, a: &Act) -> ActionLabel {
        let (direction, class, urgent) = match a {
            Act::Req(_) => (Direction::Input, "req", false),
            Act::Ping => (Direction::Input, "ping", false),
            Act::Ok(_) => (Direction::Output, "ok", true),
            Act::Busy => (Direction::Output, "busy", true),
        };
        ActionLabel {
            role: "server",
            direction,
            class,
            requirement: "TOY-1",
            urgent,
            ..ActionLabel::default()
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Behaviour {
    Good,
    WrongAnswer,
    Silent,
    AlwaysBusy,
    Crash,
    Hang,
}

struct ToyIut {
    behaviour: Behaviour,
    out: Vec<Message>,
}

impl Adapter for ToyIut {
    fn reset(&mut self, _: &Setup) -> Result<(), AdapterError> {
        self.out.clear();
        Ok(())
    }
    fn stimulate(&mut self, m: &Message) -> Result<Message, AdapterError> {
        let Ok(Act::Req(n)) = serde_json::from_value::<Act>(m.action.clone()) else {
            return Ok(m.clone());
        };
        let answer = match self.behaviour {
            Behaviour::Good => Some(Act::Ok(n)),
            Behaviour::WrongAnswer => Some(Act::Ok(n + 1)),
            Behaviour::Silent => None,
            Behaviour::AlwaysBusy => Some(Act::Busy),
            Behaviour::Crash => panic!("toy IUT crashed"),
            Behaviour::Hang => {
                std::thread::sleep(Duration::from_secs(30));
                None
            }
        };
        self.out.extend(answer.map(|a| Message {
            action: serde_json::to_value(a).expect("json"),
            wire: None,
        }));
        Ok(m.clone())
    }
    fn collect(&mut self, _: Duration) -> Result<Vec<Message>, AdapterError> {
        Ok(std::mem::take(&mut self.out))
    }
}

struct Factory(Behaviour);

impl AdapterFactory for Factory {
    fn spec(&self) -> &str {
        "toy"
    }
    fn role(&self) -> &str {
        "server"
    }
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        Ok(Box::new(ToyIut {
            behaviour: self.0,
            out: Vec::new(),
        }))
    }
}

fn stim(a: Act) -> Step {
    Step::Stimulus {
        action: serde_json::to_value(a).expect("json"),
        wire: None,
        requirement: "TOY-1".into(),
    }
}

fn expect(a: Act, allowed: &[Act]) -> Step {
    Step::Expect {
        allowed: allowed
            .iter()
            .map(|a| serde_json::to_value(a).expect("json"))
            .collect(),
        planned: serde_json::to_value(a).expect("json"),
        wire: None,
        requirement: "TOY-1".into(),
        timeout_ms: 10,
    }
}

fn vector(title: &str, applicability: &str, body: Vec<Step>) -> Vector {
    Vector {
        id: format!("toy-{title}"),
        title: title.into(),
        purpose: title.into(),
        kind: VectorKind::Transition,
        requirements: vec!["TOY-1".into()],
        applicability: applicability.into(),
        targets: vec![],
        preamble: vec![],
        body,
        postamble: vec![Step::Quiescence { timeout_ms: 10 }],
    }
}

fn suite() -> Suite {
    Suite {
        format: pushwake_conformance::vector::FORMAT.into(),
        id: "toy".into(),
        model: "toy".into(),
        config: json!({}),
        role: "server".into(),
        seed: 0,
        generator: GeneratorInfo {
            name: "test".into(),
            version: "0".into(),
        },
        coverage: Coverage {
            states: 3,
            transitions: 6,
            role_transitions: 6,
            steerable_role_transitions: 6,
            covered_role_transitions: 6,
            role_contexts: 0,
            steerable_role_contexts: 0,
            covered_role_contexts: 0,
            choice_role_contexts: 0,
            iut_choice_classes: vec![],
            iut_choice_transitions: vec![],
            witnesses_covered: 0,
            witnesses_total: 0,
            requirements: vec!["TOY-1".into()],
        },
        vectors: vec![
            // 0: request 1, answered Ok(1)
            vector(
                "req1",
                "true",
                vec![stim(Act::Req(1)), expect(Act::Ok(1), &[Act::Ok(1)])],
            ),
            // 1: request 2 planned Ok(2), then a ping: Busy is a legal alternative
            vector(
                "req2",
                "true",
                vec![
                    stim(Act::Req(2)),
                    expect(Act::Ok(2), &[Act::Busy, Act::Ok(2)]),
                    stim(Act::Ping),
                ],
            ),
            // 2: only for IUTs declaring BUSY-FREE (not applicable when the ICS says false)
            vector(
                "ics",
                "BUSY-FREE",
                vec![stim(Act::Req(1)), expect(Act::Ok(1), &[Act::Ok(1)])],
            ),
            // 3: request 2 then request 1: after Busy, still fine; Req(1) possible either way
            vector(
                "req2-req1",
                "true",
                vec![
                    stim(Act::Req(2)),
                    expect(Act::Ok(2), &[]),
                    stim(Act::Req(1)),
                ],
            ),
        ],
    }
}

fn info() -> RunInfo {
    RunInfo {
        tool_version: "test".into(),
        suite_id: "toy".into(),
        suite_name: "toy".into(),
        model: "toy".into(),
        model_config: json!({}),
        iut_role: "server".into(),
        iut: "toy".into(),
        generator_version: "0".into(),
        seed: 0,
        vector_count: 0,
        partition: None,
        started_at: "2026-01-01T00:00:00Z".into(),
    }
}

fn run(behaviour: Behaviour, options: RunOptions) -> Vec<(String, Verdict, String)> {
    let mut events = Vec::new();
    run_suite(
        Arc::new(Toy),
        &suite(),
        Arc::new(Factory(behaviour)),
        &options,
        info(),
        vec![],
        &mut |e| events.push(e.clone()),
    );
    events
        .into_iter()
        .filter_map(|e| match e {
            RunEvent::VectorFinished(r) => Some((r.title, r.verdict, r.reason)),
            _ => None,
        })
        .collect()
}

fn verdicts(behaviour: Behaviour, options: RunOptions) -> Vec<Verdict> {
    run(behaviour, options).into_iter().map(|r| r.1).collect()
}

fn opts() -> RunOptions {
    let mut ics = Ics::default();
    ics.items.insert("BUSY-FREE".into(), false);
    RunOptions {
        ics,
        vector_timeout: Duration::from_millis(500),
        ..RunOptions::default()
    }
}

#[test]
fn a_conforming_iut_passes_and_inapplicable_vectors_get_none() {
    assert_eq!(
        verdicts(Behaviour::Good, opts()),
        [Verdict::Pass, Verdict::Pass, Verdict::None, Verdict::Pass]
    );
}

#[test]
fn an_answer_the_model_forbids_fails_with_the_evidence() {
    let r = run(Behaviour::WrongAnswer, opts());
    assert_eq!(r[0].1, Verdict::Fail);
    assert!(
        r[0].2.contains(r#"{"Ok":2}"#) && r[0].2.contains("forbids"),
        "{}",
        r[0].2
    );
}

#[test]
fn silence_while_an_urgent_answer_is_owed_fails() {
    let r = run(Behaviour::Silent, opts());
    assert_eq!(r[0].1, Verdict::Fail);
    assert!(r[0].2.contains("owes"), "{}", r[0].2);
}

#[test]
fn a_legal_branch_the_vector_did_not_plan_is_followed_not_failed() {
    // Busy answers Req(2) legally: vector 1 planned Ok(2), follows Busy and passes. Busy is
    // forbidden for Req(1): vector 0 fails, and vector 3 fails at its second request, after having
    // followed the unplanned Busy for the first.
    let r = run(Behaviour::AlwaysBusy, opts());
    assert_eq!(
        r.iter().map(|x| x.1).collect::<Vec<_>>(),
        [Verdict::Fail, Verdict::Pass, Verdict::None, Verdict::Fail]
    );
    assert!(r[3].2.contains(r#""Busy""#), "{}", r[3].2);
}

#[test]
fn a_crashing_iut_gives_error_and_the_run_goes_on() {
    // A generous deadline: capturing a panic backtrace in a debug build on a loaded machine is slow,
    // and this test is about `crashed`, not `hung`.
    let r = run(
        Behaviour::Crash,
        RunOptions {
            vector_timeout: Duration::from_secs(20),
            ..opts()
        },
    );
    assert_eq!(
        r.iter().map(|x| x.1).collect::<Vec<_>>(),
        [
            Verdict::Error,
            Verdict::Error,
            Verdict::None,
            Verdict::Error
        ]
    );
    assert!(r[0].2.contains("crashed"), "{}", r[0].2);
}

#[test]
fn a_hanging_iut_gives_error_within_the_vector_timeout() {
    let started = std::time::Instant::now();
    let r = run(
        Behaviour::Hang,
        RunOptions {
            vector_timeout: Duration::from_millis(200),
            ..opts()
        },
    );
    assert_eq!(r[0].1, Verdict::Error);
    assert!(r[0].2.contains("hung"), "{}", r[0].2);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the run must not wait for the hung IUT"
    );
}

#[test]
fn partitions_split_the_suite_disjointly_and_completely() {
    let all: Vec<String> = run(Behaviour::Good, opts())
        .into_iter()
        .map(|r| r.0)
        .collect();
    let mut parts: Vec<String> = Vec::new();
    for k in 1..=3 {
        parts.extend(
            run(
                Behaviour::Good,
                RunOptions {
                    partition: Some((k, 3)),
                    ..opts()
                },
            )
            .into_iter()
            .map(|r| r.0),
        );
    }
    parts.sort();
    let mut all_sorted = all.clone();
    all_sorted.sort();
    assert_eq!(parts, all_sorted);
}

#[test]
fn events_come_in_vector_order_whatever_the_parallelism() {
    let one: Vec<String> = run(Behaviour::Good, RunOptions { jobs: 1, ..opts() })
        .into_iter()
        .map(|r| r.0)
        .collect();
    let four: Vec<String> = run(Behaviour::Good, RunOptions { jobs: 4, ..opts() })
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(one, ["req1", "req2", "ics", "req2-req1"]);
    assert_eq!(one, four);
}
