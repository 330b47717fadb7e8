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
//!
//! Extensions: [`Graph::find`] (shortest witness), [`Graph::id_of`], [`Graph::is_cut`],
//! [`Graph::is_terminal`], [`Graph::stats`]; [`check_liveness_report`] (verdict plus how much of the
//! obligation rested on unexpanded states); [`check_property`] and [`check_eventually`] (evaluate a
//! stateright [`Property`] over the graph, `eventually` soundly); [`Lasso::display`].
//!
//! # Semantics, stated once
//! - **States** are identified by a 64-bit fingerprint of their `Hash` (SipHash-1-3 with fixed keys,
//!   std's `DefaultHasher::new()`), as stateright does: the `Model` trait does not require `Eq`. Two
//!   distinct states colliding would be merged; for `n` states the chance is about `n² / 2^65`
//!   (about 7e-7 at the default cap of 5 million states).
//! - **Transitions**: for every action of `actions()`, in order, `next_state` returning `Some(s)`
//!   is an edge (a `Some` equal to the source is a self-loop, i.e. a stutter step that can repeat
//!   forever); `None` is no transition, as in stateright's checkers.
//! - **Boundary**: a state outside `within_boundary` is kept in the graph (it is reachable and
//!   [`Graph::path_to`] reaches it) but is *cut*: not expanded, so it has no successors. A cut state
//!   is not terminal: its future is unknown. Liveness never reports a violation resting on a cut
//!   state (a cut state is never a terminal violation and is on no cycle); [`LivenessReport`]
//!   counts the cut states the obligation reached, so a `Holds` over a truncated graph is visibly
//!   bounded. Safety evaluation ([`check_property`]) skips cut states, as stateright skips states
//!   outside the boundary.
//! - **Weak fairness per action class**: a path is fair for class `c` when it does not, from some
//!   point on, have an action of class `c` enabled in every state while never taking one. "Enabled"
//!   means: the state has an outgoing edge whose [`crate::ActionLabel::class`] is `c`.
mod liveness;

use crate::LabelledModel;
use stateright::{Expectation, Model, Property};
use std::fmt;
use std::hash::{Hash, Hasher};

pub use liveness::{LivenessReport, check_all_liveness, check_eventually, check_liveness_report};

/// Index of a state in a [`Graph`], in discovery (BFS) order; the initial states come first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId(pub u32);

impl StateId {
    /// The index as a `usize` (for indexing the graph's per-state vectors).
    pub fn index(self) -> usize {
        // u32 -> usize is lossless on every platform we build for (>= 32-bit).
        self.0 as usize
    }
}

impl fmt::Display for StateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

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

/// Hard ceiling on states whatever [`Limits::max_states`] says: a [`StateId`] is a `u32` and
/// `u32::MAX` is reserved internally as "no state".
pub const MAX_STATE_IDS: usize = u32::MAX as usize - 1;

/// Why exploration stopped short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// More unique states than [`Limits::max_states`] (or [`MAX_STATE_IDS`]); carries the limit
    /// that was exceeded.
    TooManyStates(usize),
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyStates(limit) => {
                write!(f, "exploration exceeded the limit of {limit} unique states")
            }
        }
    }
}

impl std::error::Error for ExploreError {}

/// Sentinel for "no state" in the per-state `u32` vectors.
const NONE: u32 = u32::MAX;

/// Fingerprint -> state id: an open-addressing table (linear probing) of `u32` ids, with the
/// fingerprint of every id kept beside it. About 16 bytes a state where a `HashMap<u64, u32>`
/// takes about 36 (16-byte buckets at a load of at most 7/8, doubled). Lookup only: never
/// iterated, so no hash order can leak into the graph.
///
/// Indexing invariant: `slots.len()` is a power of two and `mask == slots.len() - 1`, so a masked
/// position is in range; a slot holds `NONE` or an id below `fps.len()`.
struct FingerprintIndex {
    slots: Vec<u32>,
    mask: usize,
    /// `fps[id]` is the fingerprint of state `id`.
    fps: Vec<u64>,
}

/// Initial slot count (a power of two).
const INDEX_INITIAL_SLOTS: usize = 64;

impl FingerprintIndex {
    fn new() -> Self {
        Self {
            slots: vec![NONE; INDEX_INITIAL_SLOTS],
            mask: INDEX_INITIAL_SLOTS - 1,
            fps: Vec::new(),
        }
    }

    /// The slot holding `fp`, or the empty slot where it would go.
    fn probe(&self, fp: u64) -> usize {
        // Truncation is intended: the low bits of a SipHash output are uniform.
        let mut i = fp as usize & self.mask;
        loop {
            let id = self.slots[i];
            if id == NONE || self.fps[id as usize] == fp {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    fn get(&self, fp: u64) -> Option<u32> {
        let id = self.slots[self.probe(fp)];
        (id != NONE).then_some(id)
    }

    /// Inserts `fp` as the next id (`fps.len()`), which must be absent (checked by `get`).
    fn insert_next(&mut self, fp: u64) {
        // Keep the load at most 1/2 so probe sequences stay short; there is always an empty slot,
        // so `probe` terminates.
        if (self.fps.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let i = self.probe(fp);
        // fps.len() < MAX_STATE_IDS < u32::MAX (checked by the caller's cap): lossless.
        self.slots[i] = self.fps.len() as u32;
        self.fps.push(fp);
    }

    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        self.slots = vec![NONE; len];
        self.mask = len - 1;
        for id in 0..self.fps.len() {
            let i = self.probe(self.fps[id]);
            // id < fps.len() < u32::MAX: lossless.
            self.slots[i] = id as u32;
        }
    }
}

fn fingerprint<T: Hash>(value: &T) -> u64 {
    // std's SipHasher13 is not public; `DefaultHasher::new()` is SipHash-1-3 with fixed zero keys.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Summary figures of a [`Graph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphStats {
    /// Unique states (cut ones included).
    pub states: usize,
    /// Transitions.
    pub transitions: usize,
    /// Longest shortest-path depth.
    pub max_depth: usize,
    /// States outside `within_boundary`, kept but not expanded.
    pub cut: usize,
    /// Expanded states with no successor.
    pub terminal: usize,
}

/// The reachable graph of a model, explored breadth first (so [`Graph::path_to`] is shortest).
///
/// Indexing invariant: a [`StateId`] is only minted by [`explore`] for its own graph, so it is
/// below `states.len()`; the accessors index with it directly and panic on an id from another
/// graph (a caller bug, not an input error).
///
/// Storage: each state once (`states`), successors in compressed-sparse-row form (`edges` holds
/// the transitions of state `k` at `offsets[k]..offsets[k + 1]`), a BFS parent per state, the
/// first id of each BFS level, and a bitset of cut states.
pub struct Graph<M: Model> {
    states: Vec<M::State>,
    /// `offsets.len() == states.len() + 1`.
    offsets: Vec<usize>,
    edges: Vec<(M::Action, StateId)>,
    /// The state whose expansion discovered this one (`NONE` for initial states).
    parent: Vec<u32>,
    init: Vec<StateId>,
    /// `level_starts[d]` is the first id at BFS depth `d`; ids are in BFS order, so depth is
    /// monotone in the id.
    level_starts: Vec<u32>,
    cut: Vec<u64>,
    cut_count: usize,
    index: FingerprintIndex,
}

impl<M: Model> fmt::Debug for Graph<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Graph")
            .field("states", &self.states.len())
            .field("transitions", &self.edges.len())
            .field("init", &self.init)
            .field("max_depth", &self.level_starts.len().saturating_sub(1))
            .field("cut", &self.cut_count)
            .finish()
    }
}

impl<M: Model> Graph<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    /// Every reachable state, indexed by [`StateId`].
    pub fn states(&self) -> &[M::State] {
        &self.states
    }
    /// One state. Panics if `id` is not from this graph (ids are only minted by [`explore`]).
    pub fn state(&self, id: StateId) -> &M::State {
        &self.states[id.index()]
    }
    /// The labelled transitions out of `id`, in the order `actions()` produced them (deterministic).
    /// Empty for terminal and for cut states.
    pub fn successors(&self, id: StateId) -> &[(M::Action, StateId)] {
        &self.edges[self.edge_range(id.index())]
    }
    /// The initial states.
    pub fn init(&self) -> &[StateId] {
        &self.init
    }
    /// A shortest path from an initial state to `id`: the initial state, then each (action, state).
    pub fn path_to(&self, id: StateId) -> (StateId, Vec<(M::Action, StateId)>) {
        let mut steps = Vec::new();
        let mut cur = id.0;
        loop {
            let p = self.parent[cur as usize];
            if p == NONE {
                break;
            }
            let e = self
                .first_edge(p as usize, cur)
                .expect("invariant: a BFS parent has an edge to the state it discovered");
            steps.push(self.edges[e].clone());
            cur = p;
        }
        steps.reverse();
        (StateId(cur), steps)
    }
    /// Number of transitions (edges).
    pub fn transition_count(&self) -> usize {
        self.edges.len()
    }
    /// Longest shortest-path depth from the initial states.
    pub fn max_depth(&self) -> usize {
        self.level_starts.len().saturating_sub(1)
    }

    /// Every state id, in BFS order.
    pub fn ids(&self) -> impl Iterator<Item = StateId> + '_ {
        // len <= MAX_STATE_IDS < u32::MAX: lossless.
        (0..self.states.len() as u32).map(StateId)
    }
    /// Every transition as `(from, action, to)`, sources in BFS order, each source's transitions
    /// in `actions()` order.
    pub fn transitions(&self) -> impl Iterator<Item = (StateId, &M::Action, StateId)> + '_ {
        self.ids().flat_map(move |from| {
            self.successors(from)
                .iter()
                .map(move |(a, to)| (from, a, *to))
        })
    }
    /// Shortest-path depth of `id` from the initial states.
    pub fn depth(&self, id: StateId) -> usize {
        // level_starts[0] == 0 <= id, so partition_point >= 1.
        self.level_starts
            .partition_point(|&start| start <= id.0)
            .saturating_sub(1)
    }
    /// The id of `state`, if it is in the graph (by fingerprint).
    pub fn id_of(&self, state: &M::State) -> Option<StateId> {
        self.index.get(fingerprint(state)).map(StateId)
    }
    /// The first state, in BFS order, satisfying `pred` (so `path_to` of it is a shortest witness).
    pub fn find(&self, pred: impl FnMut(&M::State) -> bool) -> Option<StateId> {
        self.states.iter().position(pred).map(|i| StateId(i as u32))
    }
    /// Whether `id` lies outside the model's `within_boundary` (kept, not expanded).
    pub fn is_cut(&self, id: StateId) -> bool {
        bit(&self.cut, id.index())
    }
    /// Whether `id` was expanded and has no successor (a deadlock or a final state).
    pub fn is_terminal(&self, id: StateId) -> bool {
        !self.is_cut(id) && self.edge_range(id.index()).is_empty()
    }
    /// Number of cut states.
    pub fn cut_count(&self) -> usize {
        self.cut_count
    }
    /// Summary figures.
    pub fn stats(&self) -> GraphStats {
        let terminal = (0..self.states.len())
            .filter(|&i| self.is_terminal(StateId(i as u32)))
            .count();
        GraphStats {
            states: self.states.len(),
            transitions: self.edges.len(),
            max_depth: self.max_depth(),
            cut: self.cut_count,
            terminal,
        }
    }
}

impl<M: Model> Graph<M> {
    pub(crate) fn edge_range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i]..self.offsets[i + 1]
    }
    /// The first edge (global index) from state `from` to state `to`.
    pub(crate) fn first_edge(&self, from: usize, to: u32) -> Option<usize> {
        self.edge_range(from).find(|&e| self.edges[e].1.0 == to)
    }
}

fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
}

fn set_bit(bits: &mut Vec<u64>, i: usize) {
    let w = i / 64;
    if bits.len() <= w {
        bits.resize(w + 1, 0);
    }
    bits[w] |= 1 << (i % 64);
}

/// Build the reachable graph of `model` (states outside `within_boundary` are kept but not expanded).
///
/// Breadth first; successors in `actions()` order; duplicate initial states are merged.
pub fn explore<M: Model>(model: &M, limits: Limits) -> Result<Graph<M>, ExploreError>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    let cap = limits.max_states.min(MAX_STATE_IDS);
    let mut g = Graph::<M> {
        states: Vec::new(),
        offsets: vec![0],
        edges: Vec::new(),
        parent: Vec::new(),
        init: Vec::new(),
        level_starts: Vec::new(),
        cut: Vec::new(),
        cut_count: 0,
        index: FingerprintIndex::new(),
    };
    // Interns `state`; returns its id. Errors past the cap.
    fn intern<M: Model>(
        g: &mut Graph<M>,
        cap: usize,
        state: M::State,
        parent: u32,
    ) -> Result<(u32, bool), ExploreError>
    where
        M::State: Hash,
    {
        let fp = fingerprint(&state);
        if let Some(id) = g.index.get(fp) {
            return Ok((id, false));
        }
        if g.states.len() >= cap {
            return Err(ExploreError::TooManyStates(cap));
        }
        // states.len() < cap <= MAX_STATE_IDS < u32::MAX, so the cast is lossless.
        let id = g.states.len() as u32;
        debug_assert_eq!(g.index.fps.len(), g.states.len());
        g.index.insert_next(fp);
        g.states.push(state);
        g.parent.push(parent);
        Ok((id, true))
    }

    for s in model.init_states() {
        let (id, new) = intern(&mut g, cap, s, NONE)?;
        if new {
            g.init.push(StateId(id));
        }
    }
    if !g.states.is_empty() {
        g.level_starts.push(0);
    }
    let mut level_end = g.states.len();
    let mut actions = Vec::new();
    let mut steps: Vec<(M::Action, M::State)> = Vec::new();
    let mut k = 0;
    while k < g.states.len() {
        if k == level_end {
            // k < len <= MAX_STATE_IDS: lossless.
            g.level_starts.push(k as u32);
            level_end = g.states.len();
        }
        let state = &g.states[k];
        if model.within_boundary(state) {
            model.actions(state, &mut actions);
            for action in actions.drain(..) {
                if let Some(next) = model.next_state(state, action.clone()) {
                    steps.push((action, next));
                }
            }
            for (action, next) in steps.drain(..) {
                let (id, _) = intern(&mut g, cap, next, k as u32)?;
                g.edges.push((action, StateId(id)));
            }
        } else {
            set_bit(&mut g.cut, k);
            g.cut_count += 1;
        }
        g.offsets.push(g.edges.len());
        k += 1;
    }
    g.edges.shrink_to_fit();
    Ok(g)
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
    /// Action classes ([`crate::ActionLabel::class`]) under weak fairness, besides every class
    /// whose labels say [`crate::ActionLabel::fair`] (a model that declares fairness in its action
    /// table lists nothing here).
    pub fair: &'static [&'static str],
}

impl<M: Model> fmt::Debug for Liveness<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

impl<M: Model> Clone for Lasso<M>
where
    M::Action: Clone,
{
    fn clone(&self) -> Self {
        Self {
            instance: self.instance,
            init: self.init,
            prefix: self.prefix.clone(),
            cycle: self.cycle.clone(),
        }
    }
}

impl<M: Model> PartialEq for Lasso<M>
where
    M::Action: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.instance == other.instance
            && self.init == other.init
            && self.prefix == other.prefix
            && self.cycle == other.cycle
    }
}

impl<M: Model> fmt::Debug for Lasso<M>
where
    M::Action: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lasso")
            .field("instance", &self.instance)
            .field("init", &self.init)
            .field("prefix", &self.prefix)
            .field("cycle", &self.cycle)
            .finish()
    }
}

impl<M: Model> Lasso<M> {
    /// The state where the prefix ends and the cycle starts and ends (the terminal state when the
    /// cycle is empty).
    pub fn entry(&self) -> StateId {
        self.prefix.last().map_or(self.init, |(_, s)| *s)
    }
    /// Whether the counterexample is a finite path ending in a terminal state.
    pub fn is_terminal(&self) -> bool {
        self.cycle.is_empty()
    }
    /// The states visited: the initial state, the prefix, then the cycle.
    pub fn states(&self) -> Vec<StateId> {
        std::iter::once(self.init)
            .chain(self.prefix.iter().chain(&self.cycle).map(|(_, s)| *s))
            .collect()
    }
    /// A printable form, one step a line, each with its label (see [`LassoDisplay`]).
    pub fn display<'a>(&'a self, model: &'a M) -> LassoDisplay<'a, M>
    where
        M: LabelledModel,
    {
        LassoDisplay { lasso: self, model }
    }
}

/// Prints a [`Lasso`]: each step as `action  [role/direction, class, requirement]  -> sN`, the
/// prefix, then `-- cycle --` and the cycle (or `-- terminal --` when the path ends).
pub struct LassoDisplay<'a, M: Model> {
    lasso: &'a Lasso<M>,
    model: &'a M,
}

impl<M: Model> fmt::Debug for LassoDisplay<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LassoDisplay").finish_non_exhaustive()
    }
}

impl<M: LabelledModel> fmt::Display for LassoDisplay<'_, M>
where
    M::Action: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = |f: &mut fmt::Formatter<'_>, (a, s): &(M::Action, StateId)| {
            let l = self.model.label(a);
            let dir = match l.direction {
                crate::Direction::Input => "input",
                crate::Direction::Output => "output",
                crate::Direction::Internal => "internal",
            };
            writeln!(
                f,
                "  {}  [{}/{}, {}, {}]  -> {}",
                self.model.format_action(a),
                l.role,
                dir,
                l.class,
                l.requirement,
                s
            )
        };
        writeln!(
            f,
            "instance {}: init {}",
            self.lasso.instance, self.lasso.init
        )?;
        for s in &self.lasso.prefix {
            step(f, s)?;
        }
        if self.lasso.cycle.is_empty() {
            writeln!(f, "-- terminal --")
        } else {
            writeln!(f, "-- cycle --")?;
            for s in &self.lasso.cycle {
                step(f, s)?;
            }
            Ok(())
        }
    }
}

/// The outcome of [`check_liveness`].
pub enum LivenessVerdict<M: Model> {
    /// No fair path violates the property.
    Holds,
    /// A counterexample.
    Violated(Lasso<M>),
}

impl<M: Model> LivenessVerdict<M> {
    /// Whether the property holds.
    pub fn holds(&self) -> bool {
        matches!(self, Self::Holds)
    }
    /// The counterexample, if any.
    pub fn lasso(&self) -> Option<&Lasso<M>> {
        match self {
            Self::Holds => None,
            Self::Violated(l) => Some(l),
        }
    }
}

impl<M: Model> fmt::Debug for LivenessVerdict<M>
where
    M::Action: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Holds => f.write_str("Holds"),
            Self::Violated(l) => f.debug_tuple("Violated").field(l).finish(),
        }
    }
}

/// Decide `property` on `graph`, soundly (SCC based). Instances are checked in order; the first
/// violated one is reported, with the counterexample whose prefix is shortest (ties: lowest id).
///
/// `Holds` covers the explored graph: when the obligation reached cut states (outside
/// `within_boundary`), paths through them were not followed. [`check_liveness_report`] says how
/// many there were.
pub fn check_liveness<M: LabelledModel>(
    model: &M,
    graph: &Graph<M>,
    property: &Liveness<M>,
) -> LivenessVerdict<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    check_liveness_report(model, graph, property).verdict
}

/// The outcome of [`check_property`] for a stateright [`Property`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropertyVerdict {
    /// `always`: no expanded state violates it; `sometimes`: no expanded state satisfies it.
    NotFound,
    /// `always`: the first (BFS order, so shortest path) violating state; `sometimes`: the first
    /// satisfying state. Use [`Graph::path_to`] for the path.
    Found(StateId),
}

/// Evaluate an `always` or `sometimes` stateright [`Property`] over the graph (cut states are
/// skipped, as stateright skips states outside the boundary). Returns `None` for an `eventually`
/// property: use [`check_eventually`] for that, which is sound on cycles and merges.
pub fn check_property<M: Model>(
    model: &M,
    graph: &Graph<M>,
    property: &Property<M>,
) -> Option<PropertyVerdict>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    let want = match property.expectation {
        Expectation::Always => false,
        Expectation::Sometimes => true,
        Expectation::Eventually => return None,
    };
    let found = graph
        .states()
        .iter()
        .enumerate()
        .position(|(i, s)| !bit(&graph.cut, i) && (property.condition)(model, s) == want);
    Some(match found {
        Some(i) => PropertyVerdict::Found(StateId(i as u32)),
        None => PropertyVerdict::NotFound,
    })
}
