//! `pushwake check`: model-check one model, safety with stateright's BFS checker (shortest
//! counterexamples), witnesses (`sometimes`) likewise, and liveness with our explorer (sound:
//! SCC based, weak fairness), and tabulate the result.

use pushwake_model::ActionLabel;
use pushwake_model::explorer::{self, Limits, LivenessModel, LivenessVerdict};
use serde::Serialize;
use stateright::{Checker, Expectation};
use std::fmt::Debug;
use std::hash::Hash;
use std::time::Instant;

/// The verdict on one property.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PropertyResult {
    /// `always`, `sometimes` or `liveness`.
    pub kind: &'static str,
    /// The property's name (by convention `REQ-ID: text`).
    pub name: String,
    /// The requirement id it checks.
    pub requirement: String,
    /// Whether it holds (for `sometimes`: a witness was found).
    pub holds: bool,
    /// A counterexample (or, for a failed `sometimes`, an explanation), one step per line.
    pub counterexample: Option<String>,
}

/// The result of checking one model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The model's name.
    pub model: String,
    /// Unique states (our explorer's full graph).
    pub states: u64,
    /// Transitions.
    pub transitions: u64,
    /// Longest shortest path from the initial states.
    pub depth: u64,
    /// Unique states stateright's BFS visited (a cross-check of the graph size).
    pub stateright_states: u64,
    /// Milliseconds for the whole check.
    pub millis: u64,
    /// One entry per property.
    pub properties: Vec<PropertyResult>,
}

impl CheckReport {
    /// Whether every property holds.
    pub fn ok(&self) -> bool {
        self.properties.iter().all(|p| p.holds)
    }
}

/// The requirement id of a property named `REQ-ID: text` (the whole name otherwise).
pub fn requirement_of(name: &str) -> String {
    name.split_once(':')
        .map_or(name, |(id, _)| id)
        .trim()
        .to_owned()
}

fn step_line(label: ActionLabel, action: &str) -> String {
    format!(
        "  {action}   [{}/{:?}, {}, {}]",
        label.role, label.direction, label.class, label.requirement
    )
}

/// Check `model`.
pub fn check<M>(name: &str, model: M) -> Result<CheckReport, String>
where
    M: LivenessModel + Clone + Send + Sync + 'static,
    M::State: Clone + Debug + Hash + Eq + Send + Sync,
    M::Action: Clone + Debug + Hash + Eq + Send + Sync,
{
    let started = Instant::now();
    let graph = explorer::explore(&model, Limits::default()).map_err(|e| format!("{e:?}"))?;
    let mut properties = Vec::new();

    let checker = model.clone().checker().spawn_bfs().join();
    let stateright_states = checker.unique_state_count() as u64;
    for p in model.properties() {
        let kind = match p.expectation {
            Expectation::Always => "always",
            Expectation::Sometimes => "sometimes",
            // We never rely on stateright's `eventually` (unsound on cycles); report it as such.
            Expectation::Eventually => "eventually (unsupported: use LivenessModel)",
        };
        let discovery = checker.discovery(p.name);
        let (holds, counterexample) = match p.expectation {
            Expectation::Always => match discovery {
                None => (true, None),
                Some(path) => {
                    let lines: Vec<String> = path
                        .into_actions()
                        .iter()
                        .map(|a| step_line(model.label(a), &format!("{a:?}")))
                        .collect();
                    (false, Some(lines.join("\n")))
                }
            },
            Expectation::Sometimes => match discovery {
                Some(_) => (true, None),
                None => (
                    false,
                    Some("no reachable state witnesses this property".to_owned()),
                ),
            },
            Expectation::Eventually => (
                false,
                Some("stateright `eventually` is not accepted here".to_owned()),
            ),
        };
        properties.push(PropertyResult {
            kind,
            name: p.name.to_owned(),
            requirement: requirement_of(p.name),
            holds,
            counterexample,
        });
    }

    for l in model.liveness() {
        let report = explorer::check_liveness_report(&model, &graph, &l);
        let mut notes = Vec::new();
        if report.cut_in_region > 0 {
            notes.push(format!("  note: {} unexpanded (boundary) states in the obligation region: the verdict covers the explored part only", report.cut_in_region));
        }
        if !report.unknown_fair_classes.is_empty() {
            notes.push(format!(
                "  note: fair classes that label no transition: {:?}",
                report.unknown_fair_classes
            ));
        }
        let (holds, counterexample) = match &report.verdict {
            LivenessVerdict::Holds => (
                report.cut_in_region == 0,
                (!notes.is_empty()).then(|| notes.join("\n")),
            ),
            LivenessVerdict::Violated(lasso) => {
                let mut text = format!(
                    "  initial state: {:?}\n{}",
                    graph.state(lasso.init),
                    lasso.display(&model)
                );
                for n in &notes {
                    text.push('\n');
                    text.push_str(n);
                }
                (false, Some(text))
            }
        };
        properties.push(PropertyResult {
            kind: "liveness",
            name: format!("{}: {}", l.requirement, l.name),
            requirement: l.requirement.to_owned(),
            holds,
            counterexample,
        });
    }

    Ok(CheckReport {
        model: name.to_owned(),
        states: graph.states().len() as u64,
        transitions: graph.transition_count() as u64,
        depth: graph.max_depth() as u64,
        stateright_states,
        millis: started.elapsed().as_millis() as u64,
        properties,
    })
}

/// The report as a plain-text table.
pub fn render(report: &CheckReport) -> String {
    let mut out = format!(
        "model {}: {} states, {} transitions, depth {}, {} ms (stateright BFS: {} states)\n",
        report.model,
        report.states,
        report.transitions,
        report.depth,
        report.millis,
        report.stateright_states
    );
    for p in &report.properties {
        let verdict = match (p.kind, p.holds) {
            ("sometimes", true) => "witnessed",
            ("sometimes", false) => "NO WITNESS",
            (_, true) => "holds",
            (_, false) => "VIOLATED",
        };
        out.push_str(&format!("  {:<10} {:<11} {}\n", p.kind, verdict, p.name));
        if let Some(cx) = p.counterexample.as_ref().filter(|_| !p.holds) {
            out.push_str(cx);
            out.push('\n');
        }
    }
    out
}
