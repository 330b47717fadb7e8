//! The runner: executes a suite's vectors against an implementation under test through an
//! [`Adapter`], judges every observation with the model as an online oracle, and emits run events.
//!
//! Verdicts follow TTCN-3. `fail` is given only on evidence the model forbids: an observation no
//! consistent state allows, an output that maps to no model action, quiescence while every
//! consistent state still owes an urgent output, or quiescence once the clock is beyond every
//! deadline while every consistent state still owes, under the model's declared fairness, an
//! output that meets a liveness obligation (see below). `inconc` when the IUT took a legal branch
//! from which no plan reaches the vector's targets, or stayed silent where the model lets it.
//! `none` when the vector does not apply to the ICS. `error` when the harness, the adapter or the
//! IUT broke (crash, hang, refused connection); the run goes on with the next vector.
//!
//! Every `fail` names the one requirement it broke, in its reason as `[REQ-ID]` (and in
//! `Outcome::failed_requirement`): for a forbidden observation, what the model's transition
//! monitors say (`LabelledModel::explain`, when every consistent state agrees), else the
//! requirement of the allowed outputs of the same class (1001 where 2007 was owed:
//! PAP-PUSHID-DUP), else the observation's own; for silence, the owed output's; for a liveness
//! verdict, the liveness property's.
//!
//! # Adaptive vectors (on-the-fly re-planning)
//! A vector with `targets` is adaptive. When the IUT takes a legal branch that leaves the plan (a
//! different allowed output, or a planned stimulus or environment step no consistent state
//! allows), the runner re-plans from the oracle's consistent states toward the targets not yet
//! reached, in order: a breadth-first search over the model ([`MAX_REPLAN_DEPTH`] edges,
//! [`MAX_REPLAN_STATES`] states, at most [`MAX_REPLANS`] re-plans a vector) under the
//! generator's steering rules (tester moves only where the IUT owes nothing urgent; moves of the
//! IUT only where no other move of the IUT leads elsewhere, so a re-plan never bets on an IUT
//! choice on its way; the target itself may be one of the urgent answers the IUT chooses among,
//! as the generator plans it, e.g. `93 00` where `90 00` is allowed too; a target the IUT has just
//! declined is not aimed for again). Before searching, the
//! runner dry-runs the vector's remaining steps on a copy of the oracle: when they are still
//! possible and still reach a target (e.g. the IUT chose another observation with the same
//! effect, such as a push-response with a progress note), the plan is kept. The search is
//! deterministic (sources in the oracle's order, successors in `actions()` order). The new plan
//! replaces the rest of the vector and is recorded in the trace (a note with the targets aimed
//! for and the plan). When no plan reaches a target: if a target was reached, the run settles and
//! ends; otherwise it goes on with the vector's own steps while the model allows them, and an
//! impossible one gives `inconc`, naming the target no plan reaches. A target is reached when the
//! run takes its action in a consistent state whose context (`LabelledModel::context`) is the
//! target's; steps internal to the IUT are invisible and never aimed for.
//!
//! # Quiescence verdicts
//! When the IUT stays silent on an expected output it does not owe now (not urgent), the runner
//! sends clock steps (the model's `time` actions, at most [`MAX_CLOCK_STEPS`]) until every
//! consistent state is beyond every deadline (`LabelledModel::time_exhausted`), judging whatever
//! the IUT emits on the way. Then, and at every `Quiescence` step once time is exhausted: if in
//! every consistent state some liveness obligation (`LivenessModel::liveness`: trigger holds,
//! goal does not) can be met by a fair output of the IUT's role enabled there, the silence is
//! `fail` naming that liveness requirement (e.g. PAP-LIVE-RN). Silence while the model still
//! allows time to pass stays `inconc`. The runner advances the clock itself, rather than the
//! generator writing clock steps into every postamble, so a suite stays as short as the plan and
//! any vector whose expected output never comes gets the strongest verdict the model supports.
//!
//! # Draining at quiescence
//! At a `Quiescence` step the tester first finishes the exchanges the IUT has opened: while some
//! consistent state enables a *drain move* (a fair move of the tester that is not a clock step:
//! the peer receiving what the IUT sent, answering it, delivering the answer; the environment
//! stimuli the model marks unfair, such as a new call, are never taken), the runner takes the
//! first drain move of a shortest way to a *quiet* state (no drain move and no urgent output of
//! the IUT left; the IUT's own moves on the way may be any it has), at most [`MAX_DRAIN_MOVES`]
//! moves, judging every output the IUT makes on the way. A vector whose plan ends while the
//! tester still owes the IUT an answer would otherwise hide whatever the IUT does once it gets it
//! (an ENVELOPE queued behind a proactive session, a fair output owed once the session ends);
//! the liveness verdict is then taken where the IUT is free to act.
//!
//! Vectors run in parallel (each with its own adapter from the factory, each in its own thread with
//! a deadline); events are emitted in vector order, so reports are deterministic.

use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::ics::{Expr, Ics};
use crate::oracle::Oracle;
use crate::vector::{Step, Suite, Vector};
use pushwake_model::explorer::LivenessModel;
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use pushwake_reports::{
    DecodedWire, RequirementCoverage, RunEvent, RunInfo, RunSummary, TraceEntry, TraceKind,
    VectorResult, Verdict,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashSet};
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// How a run is done.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The ICS; items it does not mention take `ics_default`.
    pub ics: Ics,
    /// Whether an ICS item nobody declared counts as supported.
    pub ics_default: bool,
    /// Run only the vectors of partition `k` of `n` (1-based): index `i` belongs to `i % n + 1`.
    pub partition: Option<(usize, usize)>,
    /// A vector still running after this long is abandoned with verdict `error`.
    pub vector_timeout: Duration,
    /// How long to let the IUT settle after each stimulus before the next step (0 for in-process
    /// IUTs, which are quiescent as soon as they return).
    pub settle: Duration,
    /// Vectors run at once.
    pub jobs: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            ics: Ics::default(),
            ics_default: true,
            partition: None,
            vector_timeout: Duration::from_secs(10),
            settle: Duration::ZERO,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// Run `suite` against the IUT that `factory` makes, judging with `model`, sending every event to
/// `sink` in order. Returns the summary (also sent as the last event).
pub fn run_suite<M>(
    model: Arc<M>,
    suite: &Suite,
    factory: Arc<dyn AdapterFactory>,
    options: &RunOptions,
    info: RunInfo,
    catalogue: Vec<RequirementCoverage>,
    sink: &mut dyn FnMut(&RunEvent),
) -> RunSummary
where
    M: LivenessModel + Send + Sync + 'static,
    M::State: Clone + Eq + Hash + Send,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned + Send,
{
    let started = Instant::now();
    let selected: Vec<(usize, Vector)> = suite
        .vectors
        .iter()
        .cloned()
        .enumerate()
        .filter(|(i, _)| {
            options
                .partition
                .is_none_or(|(k, n)| n > 0 && i % n + 1 == k)
        })
        .collect();
    let mut info = info;
    info.vector_count = selected.len() as u64;
    sink(&RunEvent::RunStarted(info));

    let setup_base = Setup {
        model: suite.model.clone(),
        role: suite.role.clone(),
        config: suite.config.clone(),
        vector_id: String::new(),
    };
    let jobs = options.jobs.max(1).min(selected.len().max(1));
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(selected);
    let (tx, rx) = mpsc::channel::<(usize, VectorResult)>();
    let mut workers = Vec::new();
    for _ in 0..jobs {
        let (model, factory, next, work, tx) = (
            model.clone(),
            factory.clone(),
            next.clone(),
            work.clone(),
            tx.clone(),
        );
        let (setup_base, options) = (setup_base.clone(), options.clone());
        workers.push(std::thread::spawn(move || {
            loop {
                let slot = next.fetch_add(1, Ordering::SeqCst);
                let Some((index, vector)) = work.get(slot) else {
                    break;
                };
                let result = run_one(&model, &factory, &setup_base, &options, *index, vector);
                if tx.send((slot, result)).is_err() {
                    break;
                }
            }
        }));
    }
    drop(tx);

    // Emit in order: hold results that finish early until their predecessors are out.
    let mut held: BTreeMap<usize, VectorResult> = BTreeMap::new();
    let mut emitted = 0;
    let mut results: Vec<VectorResult> = Vec::new();
    for (slot, result) in rx {
        held.insert(slot, result);
        while let Some(r) = held.remove(&emitted) {
            sink(&RunEvent::VectorStarted {
                index: r.index,
                id: r.id.clone(),
                title: r.title.clone(),
            });
            sink(&RunEvent::VectorFinished(r.clone()));
            results.push(r);
            emitted += 1;
        }
    }
    for w in workers {
        let _ = w.join();
    }
    let summary =
        RunSummary::from_results(&results, catalogue, started.elapsed().as_millis() as u64);
    sink(&RunEvent::RunFinished(summary.clone()));
    summary
}

/// One vector with a deadline, in its own thread, so a hung or crashed IUT costs only this vector.
fn run_one<M>(
    model: &Arc<M>,
    factory: &Arc<dyn AdapterFactory>,
    setup_base: &Setup,
    options: &RunOptions,
    index: usize,
    vector: &Vector,
) -> VectorResult
where
    M: LivenessModel + Send + Sync + 'static,
    M::State: Clone + Eq + Hash + Send,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned + Send,
{
    let started = Instant::now();
    let mut result = VectorResult {
        index: index as u64,
        id: vector.id.clone(),
        title: vector.title.clone(),
        requirements: vector.requirements.clone(),
        verdict: Verdict::None,
        reason: String::new(),
        trace: Vec::new(),
        duration_ms: 0,
        purpose: vector.purpose.clone(),
        kind: serde_json::to_value(vector.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        failed_requirement: None,
    };
    let applicable = match Expr::parse(&vector.applicability) {
        Ok(e) => e.eval(&options.ics, options.ics_default),
        Err(e) => {
            result.verdict = Verdict::Error;
            result.reason = e.to_string();
            return result;
        }
    };
    if !applicable {
        result.verdict = Verdict::None;
        result.reason = format!("not applicable to the ICS: {}", vector.applicability);
        return result;
    }

    let (tx, rx) = mpsc::channel();
    let (model, factory, vector_owned, options_owned) = (
        model.clone(),
        factory.clone(),
        vector.clone(),
        options.clone(),
    );
    let mut setup = setup_base.clone();
    setup.vector_id = vector.id.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("vector-{index}"))
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut adapter = match factory.create() {
                    Ok(a) => a,
                    Err(e) => return Outcome::error(format!("adapter: {e}"), Vec::new()),
                };
                execute(
                    &*model,
                    &mut *adapter,
                    &setup,
                    &vector_owned,
                    &options_owned,
                )
            }));
            let outcome = outcome.unwrap_or_else(|p| {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".to_owned());
                Outcome::error(
                    format!("implementation under test crashed: {msg}"),
                    Vec::new(),
                )
            });
            let _ = tx.send(outcome);
        });
    let outcome = match spawned {
        Err(e) => Outcome::error(format!("cannot start vector thread: {e}"), Vec::new()),
        Ok(_) => match rx.recv_timeout(options.vector_timeout) {
            Ok(o) => o,
            Err(_) => Outcome::error(
                format!(
                    "implementation under test hung: no verdict within {} ms",
                    options.vector_timeout.as_millis()
                ),
                Vec::new(),
            ),
        },
    };
    result.verdict = outcome.verdict;
    result.reason = outcome.reason;
    result.trace = outcome.trace;
    result.failed_requirement = outcome.failed_requirement;
    result.duration_ms = started.elapsed().as_millis() as u64;
    result
}

/// Most re-plans in one vector: an IUT that keeps leaving the plan gets `inconc`, not an endless
/// run.
pub const MAX_REPLANS: usize = 8;

/// Deepest plan a re-plan searches for (edges from the consistent states to a target, and again
/// from that target to the next, and to a settled state).
pub const MAX_REPLAN_DEPTH: usize = 24;

/// Most model states one re-plan search visits.
pub const MAX_REPLAN_STATES: usize = 20_000;

/// Most clock steps the runner sends, while the IUT is silent on an expected output, to bring the
/// model's clock beyond every deadline before it judges the silence.
pub const MAX_CLOCK_STEPS: usize = 64;

/// Most tester moves the drain of one `Quiescence` step takes (see "Draining" above).
pub const MAX_DRAIN_MOVES: usize = 48;

/// Most model states one drain search visits. The search has no depth bound of its own: it is
/// breadth-first, so the states it visits bound it, and the way to quiet is as long as the model
/// makes it (the rest of a DM session after a trigger is longer than the 16 edges a fixed depth
/// allowed, and the drain stopped before the IUT's late outputs).
pub const MAX_DRAIN_STATES: usize = 5_000;

/// `timeout_ms` of the `Expect` steps of a re-plan when the vector has none to copy.
const DEFAULT_EXPECT_TIMEOUT_MS: u64 = 2_000;

/// `timeout_ms` of the `Quiescence` step of a re-plan when the vector has none to copy.
const DEFAULT_QUIESCENCE_TIMEOUT_MS: u64 = 500;

struct Outcome {
    verdict: Verdict,
    reason: String,
    trace: Vec<TraceEntry>,
    /// The one requirement a `fail` (or a liveness `fail`) broke, where the runner can name it;
    /// it is also in `reason` as `[REQ-ID]`.
    #[allow(dead_code)] // Read once the report events carry it.
    failed_requirement: Option<String>,
}

impl Outcome {
    fn error(reason: String, trace: Vec<TraceEntry>) -> Self {
        Self {
            verdict: Verdict::Error,
            reason,
            trace,
            failed_requirement: None,
        }
    }
}

/// Where a step left the vector.
enum Flow {
    Continue,
    Stop(Verdict, String),
}

/// A vector target as the runner tracks it.
struct Goal<A> {
    json: serde_json::Value,
    action: A,
    context: String,
    reached: bool,
    /// The IUT declined it once (it was the planned observation and another came): a re-plan
    /// does not aim for it again.
    declined: bool,
}

struct Exec<'a, 'm, M: LabelledModel> {
    model: &'m M,
    oracle: Oracle<'m, M>,
    adapter: &'a mut dyn Adapter,
    options: &'a RunOptions,
    trace: Vec<TraceEntry>,
    /// Observations judged and applied to the oracle, not yet matched by an Expect step.
    pending: std::collections::VecDeque<Message>,
    /// Whether the IUT took a legal branch the plan did not.
    diverged: bool,
    /// The steps still to run (the vector's, or a re-plan's).
    steps: std::collections::VecDeque<Step>,
    /// The vector's targets; empty for a vector that is not adaptive.
    goals: Vec<Goal<M::Action>>,
    replans: usize,
    /// No re-plan reached a target: the run goes on with the vector's own steps.
    stranded: bool,
    /// The runner advanced the clock on a silence.
    clock_moved: bool,
    expect_timeout_ms: u64,
    quiescence_timeout_ms: u64,
    /// The requirement the verdict rests on (see [`Outcome::failed_requirement`]).
    failed_requirement: Option<String>,
}

fn execute<M>(
    model: &M,
    adapter: &mut dyn Adapter,
    setup: &Setup,
    vector: &Vector,
    options: &RunOptions,
) -> Outcome
where
    M: LivenessModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned,
{
    let oracle = match Oracle::new(model, &setup.role) {
        Ok(o) => o,
        Err(e) => return Outcome::error(format!("oracle: {e}"), Vec::new()),
    };
    let mut goals = Vec::new();
    for t in &vector.targets {
        match oracle.action(&t.action) {
            Ok(action) => goals.push(Goal {
                json: t.action.clone(),
                action,
                context: t.context.clone(),
                reached: false,
                declined: false,
            }),
            Err(e) => return Outcome::error(format!("suite: target: {e}"), Vec::new()),
        }
    }
    if let Err(e) = adapter.reset(setup) {
        return Outcome::error(format!("reset: {e}"), Vec::new());
    }
    let expect_timeout_ms = vector
        .steps()
        .find_map(|s| match s {
            Step::Expect { timeout_ms, .. } => Some(*timeout_ms),
            _ => None,
        })
        .unwrap_or(DEFAULT_EXPECT_TIMEOUT_MS);
    let quiescence_timeout_ms = vector
        .steps()
        .find_map(|s| match s {
            Step::Quiescence { timeout_ms } => Some(*timeout_ms),
            _ => None,
        })
        .unwrap_or(DEFAULT_QUIESCENCE_TIMEOUT_MS);
    let mut x = Exec {
        model,
        oracle,
        adapter,
        options,
        trace: Vec::new(),
        pending: Default::default(),
        diverged: false,
        steps: vector.steps().cloned().collect(),
        goals,
        replans: 0,
        stranded: false,
        clock_moved: false,
        expect_timeout_ms,
        quiescence_timeout_ms,
        failed_requirement: None,
    };
    while let Some(step) = x.steps.pop_front() {
        match x.step(&step) {
            Flow::Continue => {}
            Flow::Stop(verdict, reason) => {
                let failed_requirement = if verdict == Verdict::Fail {
                    x.failed_requirement.take()
                } else {
                    None
                };
                let reason = match &failed_requirement {
                    Some(r) => format!("[{r}] {reason}"),
                    None => reason,
                };
                return Outcome {
                    verdict,
                    reason,
                    trace: x.trace,
                    failed_requirement,
                };
            }
        }
    }
    let unreached = x.unreached();
    Outcome {
        verdict: Verdict::Pass,
        reason: format!("every observation allowed by the model{unreached}"),
        trace: x.trace,
        failed_requirement: None,
    }
}

impl<M> Exec<'_, '_, M>
where
    M: LivenessModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned,
{
    fn note(
        &mut self,
        kind: TraceKind,
        action: serde_json::Value,
        wire: Option<WireShown>,
        effect: Option<Verdict>,
    ) {
        let (wire, decoded) = match wire {
            Some(w) => (Some(w.text), w.decoded),
            None => (None, None),
        };
        let step = u32::try_from(self.trace.len()).unwrap_or(u32::MAX);
        // Where the entry is a model action: the roles it goes between (an input from its peer
        // to its role, an output from its role to its peer), its words and its requirement.
        let (mut from, mut to, mut label, mut requirement) = (None, None, None, None);
        if let Ok(a) = self.oracle.action(&action) {
            let l = self.model.label(&a);
            let (f, t) = match l.direction {
                // Time reaches the IUT as a stimulus from the clock.
                _ if l.time => (l.role, self.oracle.role()),
                Direction::Output => (l.role, l.peer),
                Direction::Input | Direction::Internal => (l.peer, l.role),
            };
            from = Some(f.to_owned());
            to = Some(t.to_owned());
            label = Some(self.words(&a));
            requirement = Some(l.requirement.to_owned());
        }
        self.trace.push(TraceEntry {
            step,
            kind,
            r#abstract: action,
            wire,
            verdict_effect: effect,
            from,
            to,
            label,
            allowed: Vec::new(),
            requirement,
            decoded,
        });
    }

    /// Records on the last trace entry what the model allowed there.
    fn note_allowed(&mut self, allowed: Vec<serde_json::Value>) {
        if let Some(last) = self.trace.last_mut() {
            last.allowed = allowed;
        }
    }

    /// `action` in words: the model's description, or its JSON.
    fn words(&self, action: &M::Action) -> String {
        let d = self.model.describe(action);
        if d.is_empty() {
            serde_json::to_value(action).unwrap_or_default().to_string()
        } else {
            d
        }
    }

    /// Whether the vector's remaining steps are still possible from the consistent states (a dry
    /// run on a copy of the oracle) and still reach a target not yet reached (or none is left).
    fn plan_holds(&self) -> bool {
        let mut dry = self.oracle.clone();
        let mut open: Vec<bool> = self
            .goals
            .iter()
            .map(|g| !g.reached && !g.declined)
            .collect();
        let wanted = open.iter().any(|&o| o);
        let mut hits = false;
        for step in &self.steps {
            let json = match step {
                Step::Stimulus { action, .. } | Step::Environment { action, .. } => action,
                Step::Expect { planned, .. } => planned,
                Step::Quiescence { .. } => {
                    dry.settle_quiescent();
                    continue;
                }
            };
            let Ok(a) = dry.action(json) else {
                return false;
            };
            if self.goals.iter().any(|g| g.action == a) {
                let contexts = dry.contexts(&a);
                for (g, o) in self.goals.iter().zip(open.iter_mut()) {
                    if *o && g.action == a && contexts.contains(&g.context) {
                        *o = false;
                        hits = true;
                    }
                }
            }
            if !matches!(dry.apply(&a), Ok(true)) {
                return false;
            }
        }
        hits || !wanted
    }

    /// For a reason text: the first target not reached, once the IUT's choices led the run
    /// away from the plan (empty otherwise).
    fn unreached(&self) -> String {
        if !self.diverged {
            return String::new();
        }
        match self.goals.iter().find(|g| !g.reached) {
            Some(g) => format!(
                "; no plan reaches the target {} (in context \"{}\") from where the IUT's legal \
                 choices led",
                self.words(&g.action),
                g.context
            ),
            None => String::new(),
        }
    }

    /// Mark the targets `action` reaches, taken now (before the oracle applies it).
    fn reach_goals(&mut self, action: &M::Action) {
        if self.goals.iter().all(|g| g.reached || g.action != *action) {
            return;
        }
        let contexts = self.oracle.contexts(action);
        for g in &mut self.goals {
            if !g.reached && g.action == *action && contexts.contains(&g.context) {
                g.reached = true;
            }
        }
    }

    fn step(&mut self, step: &Step) -> Flow {
        match step {
            Step::Stimulus { action, wire, .. } => {
                let a = match self.oracle.action(action) {
                    Ok(a) => a,
                    Err(e) => return Flow::Stop(Verdict::Error, format!("suite: {e}")),
                };
                if !self.oracle.allows(&a) {
                    return self.off_plan(action, "stimulus");
                }
                self.send(&a, action, wire.clone())
            }
            Step::Environment { action, .. } => {
                let a = match self.oracle.action(action) {
                    Ok(a) => a,
                    Err(e) => return Flow::Stop(Verdict::Error, format!("suite: {e}")),
                };
                if !self.oracle.allows(&a) {
                    return self.off_plan(action, "environment step");
                }
                self.reach_goals(&a);
                match self.oracle.apply(&a) {
                    Ok(true) => {
                        self.note(TraceKind::Note, action.clone(), None, None);
                        Flow::Continue
                    }
                    Ok(false) => self.off_plan(action, "environment step"),
                    Err(e) => Flow::Stop(Verdict::Error, format!("oracle: {e}")),
                }
            }
            Step::Expect {
                planned,
                allowed,
                timeout_ms,
                ..
            } => {
                self.note(TraceKind::Expected, planned.clone(), None, None);
                self.note_allowed(allowed.clone());
                if self.pending.is_empty()
                    && let Flow::Stop(v, r) = self.collect(Duration::from_millis(*timeout_ms))
                {
                    return Flow::Stop(v, r);
                }
                // The planned observation, wherever it is among those already judged (the IUT
                // may emit two outputs in the other order).
                if let Some(i) = self.pending.iter().position(|m| m.action == *planned) {
                    self.pending.remove(i);
                    return Flow::Continue;
                }
                if let Some(m) = self.pending.pop_front() {
                    // Already judged allowed: a legal branch the plan did not take.
                    for g in &mut self.goals {
                        if !g.reached && g.json == *planned {
                            g.declined = true;
                        }
                    }
                    return self.diverge(&format!(
                        "the IUT took another allowed branch ({} where the plan expected {})",
                        m.action, planned
                    ));
                }
                if !self.oracle.settle_quiescent() {
                    return self.silent_while_owing(TraceKind::Timeout, Some(planned));
                }
                self.silent_on(planned)
            }
            Step::Quiescence { timeout_ms } => {
                if let Flow::Stop(v, r) = self.collect(Duration::from_millis(*timeout_ms)) {
                    return Flow::Stop(v, r);
                }
                self.pending.clear();
                if !self.oracle.settle_quiescent() {
                    return self.silent_while_owing(TraceKind::Quiescence, None);
                }
                let planner = Planner {
                    model: self.model,
                    role: self.oracle.role().to_owned(),
                };
                for _ in 0..MAX_DRAIN_MOVES {
                    let Some(a) = planner.drain(self.oracle.states()) else {
                        break;
                    };
                    let json = serde_json::to_value(&a).unwrap_or_default();
                    if !self.oracle.allows(&a) {
                        break;
                    }
                    match planner.kind(&a) {
                        EdgeKind::Stimulus => {
                            if let Flow::Stop(v, r) = self.send(&a, &json, None) {
                                return Flow::Stop(v, r);
                            }
                        }
                        EdgeKind::Environment => {
                            self.reach_goals(&a);
                            match self.oracle.apply(&a) {
                                Ok(true) => self.note(TraceKind::Note, json, None, None),
                                Ok(false) => break,
                                Err(e) => {
                                    return Flow::Stop(Verdict::Error, format!("oracle: {e}"));
                                }
                            }
                        }
                        EdgeKind::Expect | EdgeKind::Hidden => break,
                    }
                    if let Flow::Stop(v, r) = self.collect(self.options.settle) {
                        return Flow::Stop(v, r);
                    }
                    self.pending.clear();
                    if !self.oracle.settle_quiescent() {
                        return self.silent_while_owing(TraceKind::Quiescence, None);
                    }
                }
                self.note(TraceKind::Quiescence, serde_json::Value::Null, None, None);
                if let Some(flow) = self.liveness_verdict() {
                    return flow;
                }
                Flow::Continue
            }
        }
    }

    /// Send stimulus `a` (JSON `json`, wire form `wire` or the adapter's own), apply it to the
    /// oracle, and collect what the IUT answers.
    fn send(
        &mut self,
        a: &M::Action,
        json: &serde_json::Value,
        wire: Option<crate::vector::Wire>,
    ) -> Flow {
        let msg = Message {
            action: json.clone(),
            wire: wire.clone(),
        };
        // The trace keeps what the adapter says it actually sent (it may rewrite identifiers or
        // timestamps), not the suite's planned wire form.
        let sent = match self.adapter.stimulate(&msg) {
            Ok(sent) => sent,
            Err(e) => {
                self.note(
                    TraceKind::Stimulus,
                    json.clone(),
                    wire.as_ref().map(wire_text),
                    None,
                );
                return self.adapter_failed(e);
            }
        };
        self.note(
            TraceKind::Stimulus,
            json.clone(),
            sent.wire.as_ref().map(wire_text),
            None,
        );
        self.reach_goals(a);
        match self.oracle.apply(a) {
            Ok(true) => {}
            Ok(false) => {
                return Flow::Stop(Verdict::Error, "oracle lost the stimulus".to_owned());
            }
            Err(e) => return Flow::Stop(Verdict::Error, format!("oracle: {e}")),
        }
        self.collect(self.options.settle)
    }

    /// The IUT stayed silent where `planned` (not owed now) was expected: bring the model's
    /// clock beyond every deadline, then judge. An output the model still owes then under its
    /// fairness (a liveness obligation) is `fail`; silence the model allows is `inconc`.
    fn silent_on(&mut self, planned: &serde_json::Value) -> Flow {
        let expected = match self.oracle.action(planned) {
            Ok(a) => self.words(&a),
            Err(_) => planned.to_string(),
        };
        match self.advance_clock() {
            Err(flow) => return flow,
            Ok(true) => {
                // Something came once time passed: judged already; follow it.
                if let Some(i) = self.pending.iter().position(|m| m.action == *planned) {
                    self.pending.remove(i);
                }
                self.pending.clear();
                return self.diverge("the IUT answered only after the clock advanced");
            }
            Ok(false) => {}
        }
        if let Some(flow) = self.liveness_verdict() {
            return flow;
        }
        let exhausted = self.time_exhausted();
        self.note(
            TraceKind::Timeout,
            planned.clone(),
            None,
            Some(Verdict::Inconc),
        );
        let why = if exhausted {
            "no liveness requirement owes it once the clock is beyond every deadline"
        } else if self.clock_moved {
            "the model still allows more time to pass"
        } else {
            "the model does not require it here"
        };
        let target = self.unreached();
        Flow::Stop(
            Verdict::Inconc,
            format!(
                "expected: {expected}; it never came, which the model allows here ({why}){target}"
            ),
        )
    }

    /// Whether every consistent state is beyond every deadline.
    fn time_exhausted(&self) -> bool {
        self.oracle
            .states()
            .iter()
            .all(|s| self.model.time_exhausted(s))
    }

    /// Send clock steps (at most [`MAX_CLOCK_STEPS`]) until every consistent state is beyond
    /// every deadline, while the IUT stays quiet. `Ok(true)` when the IUT emitted something on
    /// the way (judged, in `pending`); `Err` with a verdict when that broke a rule.
    fn advance_clock(&mut self) -> Result<bool, Flow> {
        let mut buf = Vec::new();
        for _ in 0..MAX_CLOCK_STEPS {
            if self.time_exhausted() {
                return Ok(false);
            }
            let tick = self.oracle.states().iter().find_map(|s| {
                buf.clear();
                self.model.actions(s, &mut buf);
                buf.iter()
                    .find(|a| {
                        self.model.label(a).time && self.model.next_state(s, (*a).clone()).is_some()
                    })
                    .cloned()
            });
            let Some(tick) = tick else {
                return Ok(false);
            };
            self.clock_moved = true;
            let json = serde_json::to_value(&tick).unwrap_or_default();
            if let Flow::Stop(v, r) = self.send(&tick, &json, None) {
                return Err(Flow::Stop(v, r));
            }
            if !self.pending.is_empty() {
                return Ok(true);
            }
            if !self.oracle.settle_quiescent() {
                return Err(self.silent_while_owing(TraceKind::Timeout, None));
            }
        }
        Ok(false)
    }

    /// Once the clock is beyond every deadline and the IUT is quiet: `fail` when every
    /// consistent state has a liveness obligation open that a fair output of the IUT's role,
    /// enabled there, would meet (the model proves the obligation under that fairness, so the
    /// silence breaks it). `None` otherwise.
    fn liveness_verdict(&mut self) -> Option<Flow> {
        if !self.time_exhausted() || self.oracle.is_empty() {
            return None;
        }
        let role = self.oracle.role().to_owned();
        let mut buf = Vec::new();
        for property in self.model.liveness() {
            for i in 0..property.instances {
                let mut owed: Option<M::Action> = None;
                let everywhere = self.oracle.states().iter().all(|s| {
                    if !(property.trigger)(self.model, s, i) || (property.goal)(self.model, s, i) {
                        return false;
                    }
                    buf.clear();
                    self.model.actions(s, &mut buf);
                    let progress = buf.iter().find(|a| {
                        let l = self.model.label(a);
                        l.role == role
                            && l.direction == Direction::Output
                            && l.fair
                            && self
                                .model
                                .next_state(s, (*a).clone())
                                .is_some_and(|t| (property.goal)(self.model, &t, i))
                    });
                    match progress {
                        Some(a) => {
                            owed.get_or_insert_with(|| a.clone());
                            true
                        }
                        None => false,
                    }
                });
                if let (true, Some(a)) = (everywhere, owed) {
                    let json = serde_json::to_value(&a).unwrap_or_default();
                    self.note(TraceKind::Quiescence, json, None, Some(Verdict::Fail));
                    self.failed_requirement = Some(property.requirement.to_owned());
                    return Some(Flow::Stop(
                        Verdict::Fail,
                        format!(
                            "the clock is beyond every deadline and the IUT is quiet, but the \
                             model still owes {} (\"{}\")",
                            self.words(&a),
                            property.name
                        ),
                    ));
                }
            }
        }
        None
    }

    /// The IUT fell quiet while every consistent state owes an urgent output: `fail`, with what
    /// was owed. The requirement broken is the planned output's when it was owed (`planned`,
    /// at an `Expect` step), else the owed outputs' (the first, sorted by JSON text, when they
    /// differ).
    fn silent_while_owing(&mut self, kind: TraceKind, planned: Option<&serde_json::Value>) -> Flow {
        let owed = self.oracle.owed();
        let mut requirements: Vec<&'static str> = owed
            .iter()
            .filter_map(|v| self.oracle.action(v).ok())
            .map(|a| self.model.label(&a).requirement)
            .collect();
        requirements.dedup();
        let planned_req = planned
            .filter(|p| owed.contains(p))
            .and_then(|p| self.oracle.action(p).ok())
            .map(|a| self.model.label(&a).requirement);
        self.failed_requirement = planned_req
            .or_else(|| requirements.first().copied())
            .map(str::to_owned);
        let words: Vec<String> = owed
            .iter()
            .filter_map(|v| self.oracle.action(v).ok())
            .map(|a| self.words(&a))
            .collect();
        let owed = serde_json::Value::Array(owed);
        self.note(kind, owed.clone(), None, Some(Verdict::Fail));
        Flow::Stop(
            Verdict::Fail,
            format!(
                "the IUT went quiet but owes one of: {} ({owed})",
                words.join("; ")
            ),
        )
    }

    /// The one requirement observing `a` breaks, where no consistent state allows it: what the
    /// model's monitors say (if every consistent state agrees), else the requirement of the
    /// allowed outputs of the same class (if they agree), else, when no output of that class is
    /// allowed, the requirement of the urgent outputs owed instead (if they agree), else `a`'s
    /// own.
    fn broken_requirement(&self, a: &M::Action) -> String {
        let mut explained: Vec<&'static str> = self
            .oracle
            .states()
            .iter()
            .filter_map(|s| self.model.explain(s, a))
            .collect();
        explained.sort_unstable();
        explained.dedup();
        if let [one] = explained[..] {
            return one.to_owned();
        }
        let own = self.model.label(a);
        let allowed: Vec<ActionLabel> = self
            .oracle
            .enabled(Direction::Output)
            .iter()
            .filter_map(|v| self.oracle.action(v).ok())
            .map(|o| self.model.label(&o))
            .collect();
        let same_class = |l: &ActionLabel| l.class == own.class;
        if let Some(one) = only_requirement(&allowed, same_class) {
            return one.to_owned();
        }
        // Another kind of output where an answer was owed now (a badmessage-response where a
        // cancel-response was due): the rule broken is the owed answer's.
        if !allowed.iter().any(same_class)
            && let Some(one) = only_requirement(&allowed, |l| l.urgent)
        {
            return one.to_owned();
        }
        own.requirement.to_owned()
    }

    /// Collect what the IUT emits and judge each observation at once, in arrival order.
    fn collect(&mut self, timeout: Duration) -> Flow {
        let observed = match self.adapter.collect(timeout) {
            Ok(o) => o,
            Err(e) => return self.adapter_failed(e),
        };
        for m in observed {
            let wire = m.wire.as_ref().map(wire_text);
            let a = match self.oracle.action(&m.action) {
                Ok(a) => a,
                Err(e) => {
                    self.note(
                        TraceKind::Observation,
                        m.action.clone(),
                        wire,
                        Some(Verdict::Error),
                    );
                    return Flow::Stop(
                        Verdict::Error,
                        format!("adapter reported a non-model action: {e}"),
                    );
                }
            };
            if !self.oracle.is_role(&a, Direction::Output) {
                self.note(
                    TraceKind::Observation,
                    m.action.clone(),
                    wire,
                    Some(Verdict::Error),
                );
                return Flow::Stop(
                    Verdict::Error,
                    format!("adapter reported {} as an output of the IUT", m.action),
                );
            }
            let allowed = self.oracle.enabled(Direction::Output);
            self.reach_goals(&a);
            if !self.oracle.allows(&a) {
                self.failed_requirement = Some(self.broken_requirement(&a));
            }
            match self.oracle.apply(&a) {
                Ok(true) => {
                    self.note(TraceKind::Observation, m.action.clone(), wire, None);
                    self.pending.push_back(m);
                }
                Ok(false) => {
                    self.note(
                        TraceKind::Observation,
                        m.action.clone(),
                        wire,
                        Some(Verdict::Fail),
                    );
                    self.note_allowed(allowed.clone());
                    return Flow::Stop(
                        Verdict::Fail,
                        format!(
                            "the IUT emitted {} ({}), which the model forbids here; allowed: {}",
                            self.words(&a),
                            m.action,
                            serde_json::Value::Array(allowed)
                        ),
                    );
                }
                Err(e) => return Flow::Stop(Verdict::Error, format!("oracle: {e}")),
            }
        }
        Flow::Continue
    }

    /// A planned step no consistent state allows: re-plan if the vector is adaptive, else
    /// `inconc`.
    fn off_plan(&mut self, action: &serde_json::Value, what: &str) -> Flow {
        if !self.goals.is_empty() && !self.stranded {
            return self.diverge(&format!(
                "planned {what} {action} is not possible in any consistent state"
            ));
        }
        self.note(TraceKind::Note, action.clone(), None, Some(Verdict::Inconc));
        let why = if self.diverged {
            "after the IUT took another legal branch"
        } else {
            "in any consistent state"
        };
        let target = self.unreached();
        Flow::Stop(
            Verdict::Inconc,
            format!("planned {what} {action} is not possible {why}{target}"),
        )
    }

    /// The run left the plan (`why`): an adaptive vector re-plans from the consistent states
    /// toward its targets not yet reached; any other vector goes on with its steps (the next
    /// one that is impossible gives `inconc`).
    fn diverge(&mut self, why: &str) -> Flow {
        self.diverged = true;
        if self.goals.is_empty() || self.stranded {
            return Flow::Continue;
        }
        if self.replans >= MAX_REPLANS {
            self.note(
                TraceKind::Note,
                serde_json::json!({ "replan": why }),
                None,
                Some(Verdict::Inconc),
            );
            return Flow::Stop(
                Verdict::Inconc,
                format!("{why}; gave up after {MAX_REPLANS} re-plans"),
            );
        }
        if self.plan_holds() {
            // The rest of the plan still goes where it meant to (e.g. the IUT chose another
            // observation with the same effect): keep it.
            self.note(
                TraceKind::Note,
                serde_json::json!({ "replan": why, "plan": "the vector's own steps still hold" }),
                None,
                None,
            );
            return Flow::Continue;
        }
        self.replans += 1;
        let planner = Planner {
            model: self.model,
            role: self.oracle.role().to_owned(),
        };
        let open: Vec<usize> = (0..self.goals.len())
            .filter(|&i| {
                let g = &self.goals[i];
                !g.reached && !g.declined && planner.observable(&g.action)
            })
            .collect();
        let starts: Vec<M::State> = self.oracle.states().to_vec();
        let targets: Vec<(M::Action, String)> = open
            .iter()
            .map(|&i| (self.goals[i].action.clone(), self.goals[i].context.clone()))
            .collect();
        let plan = if targets.is_empty() {
            None
        } else {
            planner.plan(&starts, &targets)
        };
        let any_reached = self.goals.iter().any(|g| g.reached);
        let (edges, aimed) = match plan {
            Some(p) => p,
            // Something the vector exists for was reached: finish where the IUT led.
            None if any_reached => (planner.settle(&starts).unwrap_or_default(), Vec::new()),
            // Nothing reached and no plan toward the targets: go on with the vector's own steps
            // while the model allows them (an impossible one then gives `inconc`).
            None if !self.stranded => {
                self.stranded = true;
                let unreached: Vec<serde_json::Value> = self
                    .goals
                    .iter()
                    .filter(|g| !g.reached)
                    .map(|g| g.json.clone())
                    .collect();
                self.note(
                    TraceKind::Note,
                    serde_json::json!({
                        "replan": why,
                        "unreachable": unreached,
                        "plan": "the vector's own steps",
                    }),
                    None,
                    None,
                );
                return Flow::Continue;
            }
            None => {
                let Some(first) = self.goals.iter().find(|g| !g.reached) else {
                    return Flow::Continue;
                };
                let target = format!(
                    "{} (in context \"{}\")",
                    self.words(&first.action),
                    first.context
                );
                let json = first.json.clone();
                self.note(
                    TraceKind::Note,
                    serde_json::json!({ "replan": why, "unreachable": json }),
                    None,
                    Some(Verdict::Inconc),
                );
                return Flow::Stop(
                    Verdict::Inconc,
                    format!(
                        "{why}; from there no plan reaches the target {target}, which the model \
                         allows"
                    ),
                );
            }
        };
        let steps = planner.steps(&edges, self.expect_timeout_ms, self.quiescence_timeout_ms);
        let plan_json: Vec<serde_json::Value> = edges
            .iter()
            .map(|(_, a, _)| serde_json::to_value(a).unwrap_or_default())
            .collect();
        let aimed_json: Vec<serde_json::Value> = aimed
            .iter()
            .map(|&k| targets[k].0.clone())
            .map(|a| serde_json::to_value(a).unwrap_or_default())
            .collect();
        self.note(
            TraceKind::Note,
            serde_json::json!({
                "replan": why,
                "targets": aimed_json,
                "plan": plan_json,
            }),
            None,
            None,
        );
        self.steps = steps.into();
        // Everything observed so far is judged and applied; the new plan starts after it.
        self.pending.clear();
        Flow::Continue
    }

    /// Records an observation the binding could not turn into an allowed action, and what the
    /// model allowed there instead.
    fn fail_on_wire(&mut self, wire: Option<&crate::vector::Wire>) {
        let allowed = self.oracle.enabled(Direction::Output);
        self.note(
            TraceKind::Observation,
            serde_json::Value::Null,
            wire.map(wire_text),
            Some(Verdict::Fail),
        );
        self.note_allowed(allowed);
    }

    fn adapter_failed(&mut self, e: AdapterError) -> Flow {
        match e {
            AdapterError::Unmappable { reason, wire } => {
                self.fail_on_wire(wire.as_ref());
                Flow::Stop(
                    Verdict::Fail,
                    format!(
                        "the IUT emitted something that is no message of the protocol: {reason}"
                    ),
                )
            }
            AdapterError::Forbidden {
                reason,
                requirement,
                wire,
            } => {
                self.fail_on_wire(wire.as_deref());
                let reason = format!("the IUT's output breaks {requirement}: {reason}");
                self.failed_requirement = Some(requirement.to_owned());
                Flow::Stop(Verdict::Fail, reason)
            }
            other => Flow::Stop(Verdict::Error, other.to_string()),
        }
    }
}

/// What an edge of the model becomes for the IUT's role (as in the generator).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EdgeKind {
    Stimulus,
    Environment,
    Expect,
    Hidden,
}

/// On-the-fly planning over the model: bounded breadth-first search from the consistent states,
/// following the generator's steering rules (tester moves only where the IUT owes nothing urgent;
/// the IUT's moves only where they are passable: no other move of the IUT leads elsewhere, except
/// the target's own edge, which may be an urgent IUT choice: the generator's plannable edge).
/// Deterministic: sources in the oracle's order, successors in `actions()` order; hash sets are
/// only asked for membership.
struct Planner<'m, M> {
    model: &'m M,
    role: String,
}

/// An edge a plan may take: the action and the state it leads to.
type Move<M> = (
    <M as stateright::Model>::Action,
    <M as stateright::Model>::State,
);

/// A node of a plan search: the state, how it was reached (node index and action), its depth.
type Node<M> = (
    <M as stateright::Model>::State,
    Option<(usize, <M as stateright::Model>::Action)>,
    usize,
);

/// An edge of a plan: source state, action, target state.
type PlanEdge<M> = (
    <M as stateright::Model>::State,
    <M as stateright::Model>::Action,
    <M as stateright::Model>::State,
);

impl<M> Planner<'_, M>
where
    M: LabelledModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize,
{
    fn kind(&self, a: &M::Action) -> EdgeKind {
        let l = self.model.label(a);
        if l.role == self.role {
            match l.direction {
                Direction::Input => EdgeKind::Stimulus,
                Direction::Output => EdgeKind::Expect,
                Direction::Internal => EdgeKind::Hidden,
            }
        } else if l.time {
            EdgeKind::Stimulus
        } else {
            EdgeKind::Environment
        }
    }

    /// Whether a target action shows at the IUT's boundary (the runner cannot see an internal
    /// step, so it cannot aim for one).
    fn observable(&self, a: &M::Action) -> bool {
        !matches!(self.kind(a), EdgeKind::Hidden)
    }

    /// The edges a plan may take out of `s`, in `actions()` order: first the passable ones (a
    /// plan may go on through them), then the urgent IUT choices (not passable: another answer
    /// of the IUT leads elsewhere), which a plan may only end in, as its target; the number of
    /// passable ones; whether `s` is settled.
    fn moves(&self, s: &M::State) -> (Vec<Move<M>>, usize, bool) {
        let mut buf = Vec::new();
        self.model.actions(s, &mut buf);
        let all: Vec<(M::Action, M::State, EdgeKind, bool)> = buf
            .into_iter()
            .filter_map(|a| {
                let t = self.model.next_state(s, a.clone())?;
                let k = self.kind(&a);
                let urgent = self.model.label(&a).urgent;
                Some((a, t, k, urgent))
            })
            .collect();
        let iut = |k: EdgeKind| matches!(k, EdgeKind::Expect | EdgeKind::Hidden);
        let settled = !all.iter().any(|(_, _, k, u)| iut(*k) && *u);
        let mut out = Vec::new();
        let mut choices = Vec::new();
        for (i, (a, t, k, urgent)) in all.iter().enumerate() {
            // Passable, as in the generator: every other IUT move commutes with this one or
            // leads to the same state, so the IUT cannot lead the run elsewhere. (A re-plan never
            // bets on an IUT choice on its way: the IUT has just shown which way it goes.)
            let usable = if iut(*k) {
                all.iter().enumerate().all(|(j, (b, u, kb, _))| {
                    j == i || !iut(*kb) || u == t || self.independent(s, a, t, b, u)
                })
            } else {
                settled
            };
            if usable {
                out.push((a.clone(), t.clone()));
            } else if iut(*k) && *urgent {
                // Plannable, as in the generator (`Edge::plannable`): one of the urgent answers
                // the IUT must choose among. A target behind an IUT choice (e.g. `93 00` where
                // `90 00` is allowed too) is such an edge; the generator lists it as a target
                // on the branches it did not plan, so a re-plan must be able to end in it (if
                // the IUT declines it, the target is not aimed for again).
                choices.push((a.clone(), t.clone()));
            }
        }
        let passable = out.len();
        out.extend(choices);
        (out, passable, settled)
    }

    /// IUT moves `a` (to `t`) and `b` (to `u`) out of `s` commute.
    fn independent(
        &self,
        _s: &M::State,
        a: &M::Action,
        t: &M::State,
        b: &M::Action,
        u: &M::State,
    ) -> bool {
        if t == u {
            return false;
        }
        let after = |from: &M::State, act: &M::Action| {
            let mut buf = Vec::new();
            self.model.actions(from, &mut buf);
            if buf.iter().any(|x| x == act) {
                self.model.next_state(from, act.clone())
            } else {
                None
            }
        };
        match (after(t, b), after(u, a)) {
            (Some(v), Some(w)) => v == w,
            _ => false,
        }
    }

    /// A shortest path of plan edges from one of `starts` to a state satisfying `goal` (which
    /// may name the edge to take there, appended to the path). The path goes through passable
    /// edges; `goal` sees every plannable edge of the state (passable ones first, then the
    /// urgent IUT choices), so only the last edge, the one it names, may be an IUT choice.
    fn search(
        &self,
        starts: &[M::State],
        max_depth: usize,
        mut goal: impl FnMut(&M::State, &[Move<M>], bool) -> Option<Option<usize>>,
    ) -> Option<Vec<PlanEdge<M>>> {
        let mut nodes: Vec<Node<M>> = Vec::new();
        let mut seen: HashSet<M::State> = HashSet::new();
        for s in starts {
            if seen.insert(s.clone()) {
                nodes.push((s.clone(), None, 0));
            }
        }
        let mut i = 0;
        while i < nodes.len() {
            let (s, _, depth) = nodes[i].clone();
            let (mut moves, passable, settled) = self.moves(&s);
            if let Some(last) = goal(&s, &moves, settled) {
                let mut path: Vec<PlanEdge<M>> = Vec::new();
                if let Some(k) = last
                    && let Some((a, t)) = moves.get(k)
                {
                    path.push((s.clone(), a.clone(), t.clone()));
                }
                let mut cur = i;
                while let Some((p, a)) = nodes[cur].1.clone() {
                    path.push((nodes[p].0.clone(), a, nodes[cur].0.clone()));
                    cur = p;
                }
                path.reverse();
                // The edge to take at the goal was pushed first, so after the reverse it is last.
                return Some(path);
            }
            if depth < max_depth {
                moves.truncate(passable);
                for (a, t) in moves {
                    if nodes.len() >= MAX_REPLAN_STATES {
                        return None;
                    }
                    if seen.insert(t.clone()) {
                        nodes.push((t, Some((i, a)), depth + 1));
                    }
                }
            }
            i += 1;
        }
        None
    }

    /// A plan from `starts` through the first reachable target (in order), then greedily the next
    /// ones reachable from there, then to a settled state. The indices of the targets it aims
    /// for, in order. `None` when no target is reachable.
    #[allow(clippy::type_complexity)]
    fn plan(
        &self,
        starts: &[M::State],
        targets: &[(M::Action, String)],
    ) -> Option<(Vec<PlanEdge<M>>, Vec<usize>)> {
        let mut edges: Vec<PlanEdge<M>> = Vec::new();
        let mut aimed: Vec<usize> = Vec::new();
        let mut from: Vec<M::State> = starts.to_vec();
        for (k, (action, context)) in targets.iter().enumerate() {
            let budget = MAX_REPLAN_DEPTH.saturating_sub(edges.len());
            if budget == 0 {
                break;
            }
            let found = self.search(&from, budget - 1, |s, moves, _| {
                moves
                    .iter()
                    .position(|(a, _)| {
                        a == action && self.model.context(&self.role, s, a) == *context
                    })
                    .map(Some)
            });
            if let Some(path) = found {
                if let Some((_, _, end)) = path.last() {
                    from = vec![end.clone()];
                }
                edges.extend(path);
                aimed.push(k);
            }
        }
        if aimed.is_empty() {
            return None;
        }
        edges.extend(self.settle(&from).unwrap_or_default());
        Some((edges, aimed))
    }

    /// A drain move (see "Draining at quiescence"): a fair move of the tester, not a clock step.
    fn drains(&self, a: &M::Action) -> bool {
        let l = self.model.label(a);
        !l.time && l.fair && matches!(self.kind(a), EdgeKind::Stimulus | EdgeKind::Environment)
    }

    /// The first drain move of a shortest way from `starts` to a quiet state (no drain move and
    /// no urgent output of the IUT enabled; the IUT's moves on the way may be any). `None` when
    /// some start is quiet already, or no quiet state is found within [`MAX_DRAIN_STATES`]
    /// states. Deterministic: sources in the oracle's order, moves in
    /// `actions()` order.
    fn drain(&self, starts: &[M::State]) -> Option<M::Action> {
        // Node: state, the first drain move that led there, depth.
        let mut nodes: Vec<(M::State, Option<M::Action>, usize)> = Vec::new();
        let mut seen: HashSet<M::State> = HashSet::new();
        for s in starts {
            if seen.insert(s.clone()) {
                nodes.push((s.clone(), None, 0));
            }
        }
        let mut i = 0;
        let mut buf = Vec::new();
        while i < nodes.len() {
            let (s, first, depth) = nodes[i].clone();
            i += 1;
            buf.clear();
            self.model.actions(&s, &mut buf);
            let moves: Vec<(M::Action, M::State, bool)> = buf
                .iter()
                .filter_map(|a| {
                    let t = self.model.next_state(&s, a.clone())?;
                    Some((a.clone(), t, self.drains(a)))
                })
                .collect();
            let owes = moves.iter().any(|(a, _, d)| {
                *d || (self.kind(a) == EdgeKind::Expect && self.model.label(a).urgent)
            });
            if !owes {
                // Quiet; from a start: nothing to drain.
                return first;
            }
            for (a, t, d) in moves {
                let iut = matches!(self.kind(&a), EdgeKind::Expect | EdgeKind::Hidden);
                // From a start only drain moves (the IUT has had its turn and is quiet there);
                // beyond, the IUT's own moves too, whichever it may choose.
                let usable = if depth == 0 { d } else { d || iut };
                if !usable || nodes.len() >= MAX_DRAIN_STATES {
                    continue;
                }
                if seen.insert(t.clone()) {
                    let first = first.clone().or_else(|| Some(a.clone()));
                    nodes.push((t, first, depth + 1));
                }
            }
        }
        None
    }

    /// A shortest plan from `starts` to a settled state.
    fn settle(&self, starts: &[M::State]) -> Option<Vec<PlanEdge<M>>> {
        self.search(starts, MAX_REPLAN_DEPTH, |_, _, settled| {
            settled.then_some(None)
        })
    }

    /// The steps of a plan, ending with a `Quiescence` step.
    fn steps(&self, edges: &[PlanEdge<M>], expect_ms: u64, quiescence_ms: u64) -> Vec<Step> {
        let mut out = Vec::new();
        for (s, a, _) in edges {
            let json = serde_json::to_value(a).unwrap_or_default();
            let requirement = self.model.label(a).requirement.to_owned();
            match self.kind(a) {
                EdgeKind::Hidden => {}
                EdgeKind::Stimulus => out.push(Step::Stimulus {
                    action: json,
                    wire: None,
                    requirement,
                }),
                EdgeKind::Environment => out.push(Step::Environment {
                    action: json,
                    requirement,
                }),
                EdgeKind::Expect => {
                    let mut buf = Vec::new();
                    self.model.actions(s, &mut buf);
                    let mut allowed: Vec<(String, serde_json::Value)> = buf
                        .iter()
                        .filter(|o| {
                            self.kind(o) == EdgeKind::Expect
                                && self.model.next_state(s, (*o).clone()).is_some()
                        })
                        .map(|o| {
                            let v = serde_json::to_value(o).unwrap_or_default();
                            (crate::vector::canonical_json(&v), v)
                        })
                        .collect();
                    allowed.sort_by(|x, y| x.0.cmp(&y.0));
                    allowed.dedup_by(|x, y| x.0 == y.0);
                    out.push(Step::Expect {
                        allowed: allowed.into_iter().map(|(_, v)| v).collect(),
                        planned: json,
                        wire: None,
                        requirement,
                        timeout_ms: expect_ms,
                    });
                }
            }
        }
        out.push(Step::Quiescence {
            timeout_ms: quiescence_ms,
        });
        out
    }
}

/// The one requirement the labels `keep` selects share, if exactly one.
fn only_requirement(
    labels: &[ActionLabel],
    keep: impl Fn(&ActionLabel) -> bool,
) -> Option<&'static str> {
    let mut ids: Vec<&'static str> = labels
        .iter()
        .filter(|l| keep(l))
        .map(|l| l.requirement)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    match ids[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// A wire as a trace entry keeps it: its text (or hex), and its one-line decoded view where its
/// kind has one ([`crate::kinds::summary`]).
struct WireShown {
    text: String,
    decoded: Option<DecodedWire>,
}

fn wire_text(w: &crate::vector::Wire) -> WireShown {
    let decoded = match (&w.text, &w.hex) {
        (Some(t), _) => crate::kinds::summary(&w.kind, t.as_bytes()),
        (None, Some(h)) => match pushwake_codecs::hex::decode_spaced(h) {
            Ok(b) => crate::kinds::summary(&w.kind, &b),
            // The trace keeps the text as it came; the view says why it has no bytes.
            Err(e) => Some(crate::kinds::Summary {
                short: "undecodable wire".to_owned(),
                line: format!("undecodable wire: {e}"),
            }),
        },
        (None, None) => None,
    }
    .map(|s| DecodedWire {
        short: s.short,
        line: s.line,
    });
    WireShown {
        text: w.text.clone().or_else(|| w.hex.clone()).unwrap_or_default(),
        decoded,
    }
}
