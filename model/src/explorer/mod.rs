//! Our explorer: the reachable graph of a [`stateright::Model`], and sound liveness checking.
//!
//! Stateright's `eventually` properties are judged only at terminal states, so a violation on a
//! cycle, or one hidden by a merge of paths, goes unseen (stateright's own test
//! `fixme_can_miss_counterexample_when_revisiting_a_state` pins this). This module builds the whole
//! reachable graph (fingerprinted states, labelled transitions, a cap on the state count), and decides
//! response properties `G(trigger -> F goal)` by strongly connected components under weak fairness
//! of named action classes, returning a lasso (prefix, then cycle) as the counterexample.
//!
//! API CONTRACT (other modules are written against these names; extend, do not rename):
//! - [`explore`] -> [`Graph`]; [`Graph::states`], [`Graph::state`], [`Graph::successors`],
//!   [`Graph::init`], [`Graph::path_to`], [`Graph::transition_count`], [`Graph::max_depth`].
//! - [`Liveness`], [`LivenessModel`], [`check_liveness`] -> [`LivenessVerdict`] / [`Lasso`].

use crate::LabelledModel;
use stateright::Model;
use std::hash::Hash;

/// Index of a state in a [`Graph`], in discovery (BFS) order; the initial states come first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId(pub u32);

/// Bounds on exploration.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Stop with [`ExploreError::TooManyStates`] past this many unique states.
    pub max_states: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_states: 5_000_000,
        }
    }
}

/// Why exploration stopped short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// More unique states than [`Limits::max_states`].
    TooManyStates(usize),
}

/// The reachable graph of a model, explored breadth first (so [`Graph::path_to`] is shortest).
#[allow(missing_debug_implementations)]
pub struct Graph<M: Model> {
    _todo: std::marker::PhantomData<M>,
}

impl<M: Model> Graph<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    /// Every reachable state, indexed by [`StateId`].
    pub fn states(&self) -> &[M::State] {
        unimplemented!("explorer: in progress")
    }
    /// One state.
    pub fn state(&self, _id: StateId) -> &M::State {
        unimplemented!("explorer: in progress")
    }
    /// The labelled transitions out of `id`, in the order `actions()` produced them (deterministic).
    pub fn successors(&self, _id: StateId) -> &[(M::Action, StateId)] {
        unimplemented!("explorer: in progress")
    }
    /// The initial states.
    pub fn init(&self) -> &[StateId] {
        unimplemented!("explorer: in progress")
    }
    /// A shortest path from an initial state to `id`: the initial state, then each (action, state).
    pub fn path_to(&self, _id: StateId) -> (StateId, Vec<(M::Action, StateId)>) {
        unimplemented!("explorer: in progress")
    }
    /// Number of transitions (edges).
    pub fn transition_count(&self) -> usize {
        unimplemented!("explorer: in progress")
    }
    /// Longest shortest-path depth from the initial states.
    pub fn max_depth(&self) -> usize {
        unimplemented!("explorer: in progress")
    }
}

/// Build the reachable graph of `model` (states outside `within_boundary` are kept but not expanded).
pub fn explore<M: Model>(_model: &M, _limits: Limits) -> Result<Graph<M>, ExploreError>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    unimplemented!("explorer: in progress")
}

/// A response property `G(trigger(i) -> F goal(i))` for every instance `i` in `0..instances`
/// (e.g. one instance per push-id), under weak fairness of the action classes in `fair`.
///
/// It is violated when some reachable state satisfies `trigger(i) && !goal(i)` and from there a
/// path that never satisfies `goal(i)` either ends in a terminal state or loops forever through a
/// strongly connected component that is fair: for each fair class, some transition of that class
/// inside the component, or some state of the component where no action of that class is enabled.
pub struct Liveness<M: Model> {
    /// Property name, e.g. `"every accepted push reaches a final state"`.
    pub name: &'static str,
    /// Requirement registry id, e.g. `"PAP-STATE-FINAL"`.
    pub requirement: &'static str,
    /// How many instances the property quantifies over.
    pub instances: usize,
    /// When the obligation for instance `i` arises.
    pub trigger: fn(&M, &M::State, usize) -> bool,
    /// When the obligation for instance `i` is met.
    pub goal: fn(&M, &M::State, usize) -> bool,
    /// Action classes ([`crate::ActionLabel::class`]) under weak fairness.
    pub fair: &'static [&'static str],
}

impl<M: Model> std::fmt::Debug for Liveness<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Liveness")
            .field("name", &self.name)
            .field("requirement", &self.requirement)
            .field("instances", &self.instances)
            .field("fair", &self.fair)
            .finish()
    }
}

/// A model that declares liveness properties for [`check_liveness`].
pub trait LivenessModel: LabelledModel + Sized {
    /// The model's liveness properties.
    fn liveness(&self) -> Vec<Liveness<Self>>;
}

#[allow(missing_debug_implementations)]
/// A counterexample to a [`Liveness`] property: a prefix from an initial state, then a cycle that
/// returns to the prefix's last state (empty cycle: the path ends in a terminal state).
pub struct Lasso<M: Model> {
    /// The violated instance.
    pub instance: usize,
    /// The initial state.
    pub init: StateId,
    /// From the initial state to the loop entry.
    pub prefix: Vec<(M::Action, StateId)>,
    /// The loop, back to the loop entry; empty when the prefix ends in a terminal state.
    pub cycle: Vec<(M::Action, StateId)>,
}

/// The outcome of [`check_liveness`].
#[allow(missing_debug_implementations)]
pub enum LivenessVerdict<M: Model> {
    /// No fair path violates the property.
    Holds,
    /// A counterexample.
    Violated(Lasso<M>),
}

/// Decide `property` on `graph`, soundly (SCC based).
pub fn check_liveness<M: LabelledModel>(
    _model: &M,
    _graph: &Graph<M>,
    _property: &Liveness<M>,
) -> LivenessVerdict<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    unimplemented!("explorer: in progress")
}
