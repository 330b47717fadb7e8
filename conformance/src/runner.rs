//! The runner: executes a suite's vectors against an implementation under test through an
//! [`Adapter`], judges every observation with the model as an online oracle, and emits run events.
//!
//! Verdicts follow TTCN-3. `fail` is given only on evidence the model forbids: an observation no
//! consistent state allows, an output that maps to no model action, or quiescence while every
//! consistent state still owes an urgent output. `inconc` when the IUT took a legal branch on which
//! the vector's plan no longer applies, or stayed silent where the model lets it. `none` when the
//! vector does not apply to the ICS. `error` when the harness, the adapter or the IUT broke (crash,
//! hang, refused connection); the run goes on with the next vector.
//!
//! Vectors run in parallel (each with its own adapter from the factory, each in its own thread with
//! a deadline); events are emitted in vector order, so reports are deterministic.

use crate::adapter::{Adapter, AdapterError, AdapterFactory, Message, Setup};
use crate::ics::{Expr, Ics};
use crate::oracle::Oracle;
use crate::vector::{Step, Suite, Vector};
use pushwake_model::{Direction, LabelledModel};
use pushwake_reports::{
    RequirementCoverage, RunEvent, RunInfo, RunSummary, TraceEntry, TraceKind, VectorResult,
    Verdict,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
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
    M: LabelledModel + Send + Sync + 'static,
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
    M: LabelledModel + Send + Sync + 'static,
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
        // Filled by the runner side of "Pipeline v2".
        purpose: String::new(),
        kind: String::new(),
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
    result.duration_ms = started.elapsed().as_millis() as u64;
    result
}

struct Outcome {
    verdict: Verdict,
    reason: String,
    trace: Vec<TraceEntry>,
}

impl Outcome {
    fn error(reason: String, trace: Vec<TraceEntry>) -> Self {
        Self {
            verdict: Verdict::Error,
            reason,
            trace,
        }
    }
}

/// Where a step left the vector.
enum Flow {
    Continue,
    Stop(Verdict, String),
}

struct Exec<'a, 'm, M: LabelledModel> {
    oracle: Oracle<'m, M>,
    adapter: &'a mut dyn Adapter,
    options: &'a RunOptions,
    trace: Vec<TraceEntry>,
    /// Observations judged and applied to the oracle, not yet matched by an Expect step.
    pending: std::collections::VecDeque<Message>,
    /// Whether the IUT took a legal branch the plan did not.
    diverged: bool,
}

fn execute<M>(
    model: &M,
    adapter: &mut dyn Adapter,
    setup: &Setup,
    vector: &Vector,
    options: &RunOptions,
) -> Outcome
where
    M: LabelledModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned,
{
    let oracle = match Oracle::new(model, &setup.role) {
        Ok(o) => o,
        Err(e) => return Outcome::error(format!("oracle: {e}"), Vec::new()),
    };
    if let Err(e) = adapter.reset(setup) {
        return Outcome::error(format!("reset: {e}"), Vec::new());
    }
    let mut x = Exec {
        oracle,
        adapter,
        options,
        trace: Vec::new(),
        pending: Default::default(),
        diverged: false,
    };
    for step in vector.steps() {
        match x.step(step) {
            Flow::Continue => {}
            Flow::Stop(verdict, reason) => {
                return Outcome {
                    verdict,
                    reason,
                    trace: x.trace,
                };
            }
        }
    }
    Outcome {
        verdict: Verdict::Pass,
        reason: "every observation allowed by the model".to_owned(),
        trace: x.trace,
    }
}

impl<M> Exec<'_, '_, M>
where
    M: LabelledModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned,
{
    fn note(
        &mut self,
        kind: TraceKind,
        action: serde_json::Value,
        wire: Option<String>,
        effect: Option<Verdict>,
    ) {
        let step = u32::try_from(self.trace.len()).unwrap_or(u32::MAX);
        self.trace.push(TraceEntry {
            step,
            kind,
            r#abstract: action,
            wire,
            verdict_effect: effect,
            // Filled by the runner side of "Pipeline v2".
            from: None,
            to: None,
            label: None,
            allowed: Vec::new(),
            requirement: None,
        });
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
                let msg = Message {
                    action: action.clone(),
                    wire: wire.clone(),
                };
                // The trace keeps what the adapter says it actually sent (it may rewrite
                // identifiers or timestamps), not the suite's planned wire form.
                let sent = match self.adapter.stimulate(&msg) {
                    Ok(sent) => sent,
                    Err(e) => {
                        self.note(
                            TraceKind::Stimulus,
                            action.clone(),
                            wire.as_ref().map(wire_text),
                            None,
                        );
                        return self.adapter_failed(e);
                    }
                };
                self.note(
                    TraceKind::Stimulus,
                    action.clone(),
                    sent.wire.as_ref().map(wire_text),
                    None,
                );
                match self.oracle.apply(&a) {
                    Ok(true) => {}
                    Ok(false) => {
                        return Flow::Stop(Verdict::Error, "oracle lost the stimulus".to_owned());
                    }
                    Err(e) => return Flow::Stop(Verdict::Error, format!("oracle: {e}")),
                }
                self.collect(self.options.settle)
            }
            Step::Environment { action, .. } => {
                let a = match self.oracle.action(action) {
                    Ok(a) => a,
                    Err(e) => return Flow::Stop(Verdict::Error, format!("suite: {e}")),
                };
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
                timeout_ms,
                ..
            } => {
                self.note(TraceKind::Expected, planned.clone(), None, None);
                if self.pending.is_empty()
                    && let Flow::Stop(v, r) = self.collect(Duration::from_millis(*timeout_ms))
                {
                    return Flow::Stop(v, r);
                }
                match self.pending.pop_front() {
                    Some(m) if m.action == *planned => Flow::Continue,
                    Some(_) => {
                        // Already judged allowed: a legal branch the plan did not take.
                        self.diverged = true;
                        Flow::Continue
                    }
                    None => {
                        if self.oracle.settle_quiescent() {
                            Flow::Stop(
                                Verdict::Inconc,
                                format!(
                                    "expected {planned}; the IUT stayed silent, which the model allows here"
                                ),
                            )
                        } else {
                            self.silent_while_owing(TraceKind::Timeout)
                        }
                    }
                }
            }
            Step::Quiescence { timeout_ms } => {
                if let Flow::Stop(v, r) = self.collect(Duration::from_millis(*timeout_ms)) {
                    return Flow::Stop(v, r);
                }
                self.pending.clear();
                if self.oracle.settle_quiescent() {
                    self.note(TraceKind::Quiescence, serde_json::Value::Null, None, None);
                    Flow::Continue
                } else {
                    self.silent_while_owing(TraceKind::Quiescence)
                }
            }
        }
    }

    /// The IUT fell quiet while every consistent state owes an urgent output: `fail`, with what
    /// was owed.
    fn silent_while_owing(&mut self, kind: TraceKind) -> Flow {
        let owed = serde_json::Value::Array(self.oracle.owed());
        self.note(kind, owed.clone(), None, Some(Verdict::Fail));
        Flow::Stop(
            Verdict::Fail,
            format!("the IUT went quiet but owes one of {owed}"),
        )
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
                    return Flow::Stop(
                        Verdict::Fail,
                        format!(
                            "the IUT emitted {} which the model forbids here; allowed: {}",
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

    fn off_plan(&mut self, action: &serde_json::Value, what: &str) -> Flow {
        self.note(TraceKind::Note, action.clone(), None, Some(Verdict::Inconc));
        let why = if self.diverged {
            "after the IUT took another legal branch"
        } else {
            "in any consistent state"
        };
        Flow::Stop(
            Verdict::Inconc,
            format!("planned {what} {action} is not possible {why}"),
        )
    }

    fn adapter_failed(&mut self, e: AdapterError) -> Flow {
        match e {
            AdapterError::Unmappable { reason, wire } => {
                self.note(
                    TraceKind::Observation,
                    serde_json::Value::Null,
                    wire.as_ref().map(wire_text),
                    Some(Verdict::Fail),
                );
                Flow::Stop(
                    Verdict::Fail,
                    format!(
                        "the IUT emitted something that is no message of the protocol: {reason}"
                    ),
                )
            }
            other => Flow::Stop(Verdict::Error, other.to_string()),
        }
    }
}

fn wire_text(w: &crate::vector::Wire) -> String {
    w.text.clone().or_else(|| w.hex.clone()).unwrap_or_default()
}
