//! The model as an online oracle.
//!
//! The oracle keeps the set of model states consistent with everything seen so far in a run. A
//! stimulus or environment step moves every state that allows it; an observation moves every state
//! that allows it, and is evidence of non-conformance (`fail`) when none does. Steps internal to the
//! IUT's role are invisible, so the set is always closed under them. Because the set holds every
//! consistent state, a legal branch the vector did not plan is followed, not failed.
//!
//! Generic over any [`LabelledModel`] whose actions serialise: no protocol knowledge here.

use pushwake_model::{ActionLabel, Direction, LabelledModel};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::hash::Hash;

/// The most states the oracle tracks at once. Consistent-state sets are small in practice (a few
/// interleavings of hidden steps); the cap turns a model bug that explodes them into an `error`
/// verdict instead of exhausting memory.
pub const MAX_TRACKED_STATES: usize = 100_000;

/// Why the oracle could not go on (not conformance evidence).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OracleError {
    /// More consistent states than [`MAX_TRACKED_STATES`].
    #[error("more than {MAX_TRACKED_STATES} consistent model states")]
    TooManyStates,
    /// An action the model does not know.
    #[error("not an action of this model: {0}")]
    UnknownAction(String),
}

impl<M: LabelledModel> Clone for Oracle<'_, M>
where
    M::State: Clone,
{
    fn clone(&self) -> Self {
        Self {
            model: self.model,
            role: self.role.clone(),
            states: self.states.clone(),
        }
    }
}

/// The set of model states consistent with a run so far.
#[derive(Debug)]
pub struct Oracle<'m, M: LabelledModel> {
    model: &'m M,
    role: String,
    states: Vec<M::State>,
}

impl<'m, M> Oracle<'m, M>
where
    M: LabelledModel,
    M::State: Clone + Eq + Hash,
    M::Action: Clone + PartialEq + Serialize + DeserializeOwned,
{
    /// The oracle at the model's initial states, closed under the role's internal steps.
    pub fn new(model: &'m M, role: &str) -> Result<Self, OracleError> {
        let mut oracle = Self {
            model,
            role: role.to_owned(),
            states: model.init_states(),
        };
        oracle.close()?;
        Ok(oracle)
    }

    /// Parse an abstract action.
    pub fn action(&self, json: &serde_json::Value) -> Result<M::Action, OracleError> {
        serde_json::from_value(json.clone())
            .map_err(|e| OracleError::UnknownAction(format!("{json}: {e}")))
    }

    /// The label of `action`.
    pub fn label(&self, action: &M::Action) -> ActionLabel {
        self.model.label(action)
    }

    /// Whether `action` belongs to the IUT's role with direction `dir`.
    pub fn is_role(&self, action: &M::Action, dir: Direction) -> bool {
        let l = self.model.label(action);
        l.role == self.role && l.direction == dir
    }

    /// The model.
    pub fn model(&self) -> &'m M {
        self.model
    }

    /// The IUT's role.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// The consistent states, in a deterministic order (the order they were reached).
    pub fn states(&self) -> &[M::State] {
        &self.states
    }

    /// The contexts (`LabelledModel::context`) `action` would be taken in: one per consistent
    /// state that allows it, sorted, without repeats.
    pub fn contexts(&self, action: &M::Action) -> Vec<String> {
        let mut buf = Vec::new();
        let mut out: Vec<String> = Vec::new();
        for s in &self.states {
            buf.clear();
            self.model.actions(s, &mut buf);
            if buf.iter().any(|a| a == action) && self.model.next_state(s, action.clone()).is_some()
            {
                out.push(self.model.context(&self.role, s, action));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// How many consistent states there are.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether no state is consistent (never true between successful steps).
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Take `action` (a stimulus, an environment step or an observation) in every consistent state
    /// that allows it. Returns `false`, leaving the set unchanged, when no state allows it.
    pub fn apply(&mut self, action: &M::Action) -> Result<bool, OracleError> {
        let mut next = Vec::new();
        let mut seen = HashSet::new();
        let mut buf = Vec::new();
        for s in &self.states {
            buf.clear();
            self.model.actions(s, &mut buf);
            if buf.iter().any(|a| a == action)
                && let Some(t) = self.model.next_state(s, action.clone())
                && seen.insert(t.clone())
            {
                next.push(t);
            }
        }
        if next.is_empty() {
            return Ok(false);
        }
        self.states = next;
        self.close()?;
        Ok(true)
    }

    /// Every distinct action of the IUT's role with direction `dir` enabled in some consistent
    /// state, as JSON, sorted by its text (deterministic).
    pub fn enabled(&self, dir: Direction) -> Vec<serde_json::Value> {
        let mut out: Vec<(String, serde_json::Value)> = Vec::new();
        let mut buf = Vec::new();
        for s in &self.states {
            buf.clear();
            self.model.actions(s, &mut buf);
            for a in &buf {
                if self.is_role(a, dir) && self.model.next_state(s, a.clone()).is_some() {
                    let v = serde_json::to_value(a).unwrap_or_default();
                    let k = v.to_string();
                    if !out.iter().any(|(k2, _)| *k2 == k) {
                        out.push((k, v));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.into_iter().map(|(_, v)| v).collect()
    }

    /// Whether `action` is enabled in some consistent state.
    pub fn allows(&self, action: &M::Action) -> bool {
        let mut buf = Vec::new();
        self.states.iter().any(|s| {
            buf.clear();
            self.model.actions(s, &mut buf);
            buf.iter().any(|a| a == action) && self.model.next_state(s, action.clone()).is_some()
        })
    }

    /// Keep only the states where the IUT may be quiescent: no urgent output or internal step of its
    /// role enabled. Returns `false`, leaving the set unchanged, when there is none: the IUT went
    /// quiet although it owes an output, which the model forbids.
    pub fn settle_quiescent(&mut self) -> bool {
        let mut buf = Vec::new();
        let quiet: Vec<M::State> = self
            .states
            .iter()
            .filter(|s| {
                buf.clear();
                self.model.actions(s, &mut buf);
                !buf.iter().any(|a| {
                    let l = self.model.label(a);
                    l.role == self.role
                        && l.urgent
                        && l.direction != Direction::Input
                        && self.model.next_state(s, a.clone()).is_some()
                })
            })
            .cloned()
            .collect();
        if quiet.is_empty() {
            return false;
        }
        self.states = quiet;
        true
    }

    /// The urgent outputs owed in every consistent state (for a failure message), sorted.
    pub fn owed(&self) -> Vec<serde_json::Value> {
        let mut buf = Vec::new();
        let mut out: Vec<String> = Vec::new();
        for s in &self.states {
            buf.clear();
            self.model.actions(s, &mut buf);
            for a in &buf {
                let l = self.model.label(a);
                if l.role == self.role && l.urgent && l.direction == Direction::Output {
                    out.push(serde_json::to_value(a).unwrap_or_default().to_string());
                }
            }
        }
        out.sort();
        out.dedup();
        out.into_iter()
            .filter_map(|t| serde_json::from_str(&t).ok())
            .collect()
    }

    /// Close the set under the role's internal steps (which the tester cannot see).
    fn close(&mut self) -> Result<(), OracleError> {
        let mut seen: HashSet<M::State> = self.states.iter().cloned().collect();
        let mut i = 0;
        let mut buf = Vec::new();
        while let Some(s) = self.states.get(i).cloned() {
            i += 1;
            buf.clear();
            self.model.actions(&s, &mut buf);
            for a in buf.drain(..) {
                if self.is_role(&a, Direction::Internal)
                    && let Some(t) = self.model.next_state(&s, a)
                    && seen.insert(t.clone())
                {
                    if self.states.len() >= MAX_TRACKED_STATES {
                        return Err(OracleError::TooManyStates);
                    }
                    self.states.push(t);
                }
            }
        }
        Ok(())
    }
}
