//! The runner's verdict semantics on a toy request/response protocol, against toy IUTs that behave
//! well, answer wrongly, stay silent, choose another legal branch, crash or hang.

use pushwake_conformance::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use pushwake_conformance::ics::Ics;
use pushwake_conformance::runner::{RunOptions, run_suite};
use pushwake_conformance::vector::{
    Coverage, GeneratorInfo, Step, Suite, Target, Vector, VectorKind, Wire,
};
use pushwake_model::explorer::{Liveness, LivenessModel};
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use pushwake_reports::{RunEvent, RunInfo, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Server protocol: after `Req(n)` the server must answer `Ok(n)` or, for n = 2 and n = 3, may
/// answer `Busy` instead (a choice only the server makes; after Busy to `Req(3)` it still owes
/// its answer). `Ping` needs no answer.
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
            St::Idle => out.extend([Act::Req(1), Act::Req(2), Act::Ping, Act::Req(3)]),
            St::Owe(n) => {
                out.push(Act::Ok(*n));
                if *n >= 2 {
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
            // Busy to Req(3): the server still owes its answer (so the two answers lead apart).
            (St::Owe(3), Act::Busy) => Some(St::Owe(3)),
            _ => None,
        }
    }
}

impl LivenessModel for Toy {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        Vec::new()
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
    /// Busy for Req(2), Ok(n) otherwise.
    BusyForTwo,
    Crash,
    Hang,
    /// Answers as `Good`, each answer carrying an R-APDU wire (`90 00`).
    Apdu,
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
            Behaviour::Good | Behaviour::Apdu => Some(Act::Ok(n)),
            Behaviour::WrongAnswer => Some(Act::Ok(n + 1)),
            Behaviour::Silent => None,
            Behaviour::AlwaysBusy => Some(Act::Busy),
            Behaviour::BusyForTwo if n == 2 => Some(Act::Busy),
            Behaviour::BusyForTwo => Some(Act::Ok(n)),
            Behaviour::Crash => panic!("toy IUT crashed"),
            Behaviour::Hang => {
                std::thread::sleep(Duration::from_secs(30));
                None
            }
        };
        let wire = matches!(self.behaviour, Behaviour::Apdu).then(|| Wire {
            kind: "rapdu".into(),
            content_type: None,
            text: None,
            hex: Some("9000".into()),
        });
        self.out.extend(answer.map(|a| Message {
            action: serde_json::to_value(a).expect("json"),
            wire,
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
        ics: None,
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

// ---------------------------------------------------------------------------------------------
// Adaptive vectors: the runner re-plans toward a vector's targets when the IUT takes another
// legal branch.

fn target(a: Act) -> Target {
    Target {
        action: serde_json::to_value(a).expect("json"),
        context: String::new(),
    }
}

/// Runs `vectors` of the toy server against `behaviour`: (verdict, reason, trace as JSON text).
fn run_vectors(vectors: Vec<Vector>, behaviour: Behaviour) -> Vec<(Verdict, String, String)> {
    let mut s = suite();
    s.vectors = vectors;
    let mut out = Vec::new();
    run_suite(
        Arc::new(Toy),
        &s,
        Arc::new(Factory(behaviour)),
        &opts(),
        info(),
        vec![],
        &mut |e| {
            if let RunEvent::VectorFinished(r) = e {
                let trace = serde_json::to_string(&r.trace).expect("json");
                out.push((r.verdict, r.reason.clone(), trace));
            }
        },
    );
    out
}

#[test]
fn another_branch_re_plans_toward_the_remaining_targets() {
    // Planned: Req(2), Ok(2), then Req(1), Ok(1). The server answers Busy (legal): the runner
    // re-plans from where it is toward the targets left (Req(1) and its Ok(1)); Ok(2), which the
    // server has just declined, is not aimed for again.
    let mut v = vector(
        "adaptive",
        "true",
        vec![
            stim(Act::Req(2)),
            expect(Act::Ok(2), &[Act::Busy, Act::Ok(2)]),
            stim(Act::Req(1)),
            expect(Act::Ok(1), &[Act::Ok(1)]),
        ],
    );
    v.targets = vec![target(Act::Ok(2)), target(Act::Busy), target(Act::Ok(1))];
    let r = run_vectors(vec![v], Behaviour::BusyForTwo);
    assert_eq!(r[0].0, Verdict::Pass, "{}", r[0].1);
    assert!(r[0].2.contains("replan"), "{}", r[0].2);
}

#[test]
fn a_re_plan_may_end_in_a_target_behind_an_iut_choice() {
    // Planned: Req(2), Ok(2); the vector also targets Ok(3), which the server answers by choice
    // (Busy is allowed too), as the generator lists a target on a branch it did not plan. The
    // server answers Req(2) Busy: the re-plan goes through passable edges (Req(3)) and ends in
    // the choice it aims for, Ok(3), which the server then takes.
    let mut v = vector(
        "choice-target",
        "true",
        vec![
            stim(Act::Req(2)),
            expect(Act::Ok(2), &[Act::Busy, Act::Ok(2)]),
        ],
    );
    v.targets = vec![target(Act::Ok(2)), target(Act::Ok(3))];
    let r = run_vectors(vec![v], Behaviour::BusyForTwo);
    assert_eq!(r[0].0, Verdict::Pass, "{}", r[0].1);
    assert!(
        r[0].2.contains(r#""targets":[{"Ok":3}]"#),
        "the re-plan aims for Ok(3): {}",
        r[0].2
    );
    assert!(r[0].2.contains(r#""abstract":{"Ok":3}"#), "{}", r[0].2);
}

#[test]
fn no_plan_left_is_inconc_naming_the_target() {
    // Busy leaves the plan, and no plan reaches Ok(2) without the server choosing it again: the
    // runner goes on with the vector's own steps; the second Ok(2) never comes.
    let mut v = vector(
        "adaptive",
        "true",
        vec![
            stim(Act::Req(2)),
            expect(Act::Ok(2), &[Act::Busy, Act::Ok(2)]),
            expect(Act::Ok(2), &[Act::Busy, Act::Ok(2)]),
        ],
    );
    v.targets = vec![target(Act::Ok(2))];
    let r = run_vectors(vec![v.clone()], Behaviour::BusyForTwo);
    assert_eq!(r[0].0, Verdict::Inconc, "{}", r[0].1);
    assert!(
        r[0].1.contains("no plan reaches the target {\"Ok\":2}"),
        "{}",
        r[0].1
    );
    // With steps the model still allows, the vector passes, and says what it did not reach.
    v.body.pop();
    let r = run_vectors(vec![v], Behaviour::BusyForTwo);
    assert_eq!(r[0].0, Verdict::Pass, "{}", r[0].1);
    assert!(r[0].1.contains("no plan reaches the target"), "{}", r[0].1);
}

#[test]
fn a_forbidden_answer_names_the_requirement_it_broke() {
    let r = run(Behaviour::WrongAnswer, opts());
    assert!(r[0].2.starts_with("[TOY-1] "), "{}", r[0].2);
}

// ---------------------------------------------------------------------------------------------
// Quiescence verdicts: a toy notifier with a clock. After `Req` the server owes a `Notify`, not
// urgently (it may wait for the clock) but eventually (weakly fair; requirement TOY-LIVE). The
// clock ticks up to `horizon`.

#[derive(Clone, Debug)]
struct Clocked {
    horizon: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Cs {
    now: u8,
    owed: bool,
    notified: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
enum Ca {
    Req,
    Notify,
    Tick,
}

impl stateright::Model for Clocked {
    type State = Cs;
    type Action = Ca;
    fn init_states(&self) -> Vec<Cs> {
        vec![Cs {
            now: 0,
            owed: false,
            notified: false,
        }]
    }
    fn actions(&self, s: &Cs, out: &mut Vec<Ca>) {
        if !s.owed && !s.notified {
            out.push(Ca::Req);
        }
        if s.owed {
            out.push(Ca::Notify);
        }
        if s.now < self.horizon {
            out.push(Ca::Tick);
        }
    }
    fn next_state(&self, s: &Cs, a: Ca) -> Option<Cs> {
        let mut t = s.clone();
        match a {
            Ca::Req => t.owed = true,
            Ca::Notify => {
                t.owed = false;
                t.notified = true;
            }
            Ca::Tick => t.now += 1,
        }
        Some(t)
    }
}

impl LabelledModel for Clocked {
    fn label(&self, a: &Ca) -> ActionLabel {
        let (role, direction, class, fair, time) = match a {
            Ca::Req => ("server", Direction::Input, "req", false, false),
            Ca::Notify => ("server", Direction::Output, "notify", true, false),
            Ca::Tick => ("clock", Direction::Internal, "tick", true, true),
        };
        ActionLabel {
            role,
            direction,
            class,
            requirement: "TOY-NOTIFY",
            fair,
            time,
            ..ActionLabel::default()
        }
    }
    fn describe(&self, a: &Ca) -> String {
        match a {
            Ca::Notify => "the server notifies".into(),
            _ => String::new(),
        }
    }
    fn time_exhausted(&self, s: &Cs) -> bool {
        s.now >= self.horizon
    }
}

impl LivenessModel for Clocked {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        vec![Liveness {
            name: "every request is eventually notified",
            requirement: "TOY-LIVE",
            instances: 1,
            trigger: |_, s, _| s.owed,
            goal: |_, s, _| s.notified,
            fair: &[],
        }]
    }
}

/// A notifier that notifies at once, or never.
struct Notifier {
    notifies: bool,
    out: Vec<Message>,
}

impl Adapter for Notifier {
    fn reset(&mut self, _: &Setup) -> Result<(), AdapterError> {
        self.out.clear();
        Ok(())
    }
    fn stimulate(&mut self, m: &Message) -> Result<Message, AdapterError> {
        if self.notifies && serde_json::from_value::<Ca>(m.action.clone()).ok() == Some(Ca::Req) {
            self.out.push(Message {
                action: serde_json::to_value(Ca::Notify).expect("json"),
                wire: None,
            });
        }
        Ok(m.clone())
    }
    fn collect(&mut self, _: Duration) -> Result<Vec<Message>, AdapterError> {
        Ok(std::mem::take(&mut self.out))
    }
}

struct NotifierFactory(bool);

impl AdapterFactory for NotifierFactory {
    fn spec(&self) -> &str {
        "notifier"
    }
    fn role(&self) -> &str {
        "server"
    }
    fn create(&self) -> Result<Box<dyn Adapter>, AdapterError> {
        Ok(Box::new(Notifier {
            notifies: self.0,
            out: Vec::new(),
        }))
    }
}

fn run_clocked(horizon: u8, notifies: bool, body: Vec<Step>) -> (Verdict, String) {
    let mut s = suite();
    s.vectors = vec![vector("clocked", "true", body)];
    let mut out = Vec::new();
    run_suite(
        Arc::new(Clocked { horizon }),
        &s,
        Arc::new(NotifierFactory(notifies)),
        &opts(),
        info(),
        vec![],
        &mut |e| {
            if let RunEvent::VectorFinished(r) = e {
                out.push((r.verdict, r.reason.clone()));
            }
        },
    );
    out.pop().expect("one vector")
}

fn cstep(a: Ca, expect: bool) -> Step {
    let action = serde_json::to_value(a).expect("json");
    if expect {
        Step::Expect {
            allowed: vec![action.clone()],
            planned: action,
            wire: None,
            requirement: "TOY-NOTIFY".into(),
            timeout_ms: 10,
        }
    } else {
        Step::Stimulus {
            action,
            wire: None,
            requirement: "TOY-NOTIFY".into(),
        }
    }
}

#[test]
fn silence_at_the_final_tick_on_an_owed_output_fails_naming_the_liveness_requirement() {
    // The runner advances the clock to its last tick while the IUT stays silent, then judges.
    let (v, reason) = run_clocked(
        3,
        false,
        vec![cstep(Ca::Req, false), cstep(Ca::Notify, true)],
    );
    assert_eq!(v, Verdict::Fail, "{reason}");
    assert!(reason.starts_with("[TOY-LIVE] "), "{reason}");
    assert!(reason.contains("the server notifies"), "{reason}");
    // Quiet at the end of a vector whose clock already ran out: the same.
    let (v, reason) = run_clocked(
        1,
        false,
        vec![cstep(Ca::Req, false), cstep(Ca::Tick, false)],
    );
    assert_eq!(v, Verdict::Fail, "{reason}");
    assert!(reason.starts_with("[TOY-LIVE] "), "{reason}");
}

#[test]
fn silence_while_the_model_allows_more_time_is_inconc() {
    // More ticks than the runner sends (MAX_CLOCK_STEPS): time is left, so silence proves nothing.
    let (v, reason) = run_clocked(
        200,
        false,
        vec![cstep(Ca::Req, false), cstep(Ca::Notify, true)],
    );
    assert_eq!(v, Verdict::Inconc, "{reason}");
    assert!(
        reason.contains("expected: the server notifies; it never came"),
        "{reason}"
    );
    // And quiet at the end of a vector with time left is no verdict against the IUT.
    let (v, reason) = run_clocked(3, false, vec![cstep(Ca::Req, false)]);
    assert_eq!(v, Verdict::Pass, "{reason}");
}

#[test]
fn a_notifier_passes() {
    let (v, reason) = run_clocked(
        3,
        true,
        vec![cstep(Ca::Req, false), cstep(Ca::Notify, true)],
    );
    assert_eq!(v, Verdict::Pass, "{reason}");
}

/// The runner gives every trace entry whose wire kind has a decoded view that view (the smart-card
/// kinds: a lab reads `FETCH (Le 1A)` beside `80 12 00 00 1A`), from the planned stimulus wire and
/// from the adapter's observed wire alike; a wire whose hex is not hex says where.
#[test]
fn trace_entries_carry_the_decoded_view_of_their_wire() {
    let apdu = |hex: &str| Wire {
        kind: "apdu".into(),
        content_type: None,
        text: None,
        hex: Some(hex.into()),
    };
    let mut s = suite();
    s.vectors = vec![vector(
        "apdu",
        "true",
        vec![
            Step::Stimulus {
                action: serde_json::to_value(Act::Req(1)).expect("json"),
                wire: Some(apdu("801200001a")),
                requirement: "TOY-1".into(),
            },
            expect(Act::Ok(1), &[Act::Ok(1)]),
            Step::Stimulus {
                action: serde_json::to_value(Act::Req(2)).expect("json"),
                wire: Some(apdu("80c2zz")),
                requirement: "TOY-1".into(),
            },
            expect(Act::Ok(2), &[Act::Ok(2), Act::Busy]),
        ],
    )];
    let mut events = Vec::new();
    run_suite(
        Arc::new(Toy),
        &s,
        Arc::new(Factory(Behaviour::Apdu)),
        &opts(),
        info(),
        vec![],
        &mut |e| events.push(e.clone()),
    );
    let trace = events
        .into_iter()
        .find_map(|e| match e {
            RunEvent::VectorFinished(r) => Some(r.trace),
            _ => None,
        })
        .expect("a finished vector");
    let views: Vec<(Option<String>, Option<String>)> = trace
        .iter()
        .filter(|e| e.wire.is_some())
        .map(|e| {
            (
                e.wire.clone(),
                e.decoded
                    .as_ref()
                    .map(|d| format!("{} | {}", d.short, d.line)),
            )
        })
        .collect();
    assert_eq!(
        views,
        vec![
            (
                Some("801200001a".into()),
                Some("FETCH | FETCH (Le 1A)".into())
            ),
            (
                Some("9000".into()),
                Some("90 00 | 90 00 (normal ending)".into())
            ),
            (
                Some("80c2zz".into()),
                Some(
                    "undecodable wire | undecodable wire: hex: 'z' is not a hex digit, at byte 4"
                        .into()
                )
            ),
            (
                Some("9000".into()),
                Some("90 00 | 90 00 (normal ending)".into())
            ),
        ],
        "{trace:#?}"
    );
}
