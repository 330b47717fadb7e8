//! The vector generator: a suite of conformance vectors for one IUT role, from a model's explored
//! graph. Generic over any [`LabelledModel`]; all protocol knowledge comes from the model's labels
//! and the [`Binding`].
//!
//! # How an edge of the graph becomes a step
//! For the IUT's role `R` (an edge's role and direction are its [`pushwake_model::ActionLabel`]):
//! - an input of `R` is a `Stimulus` step;
//! - an output of `R` is an `Expect` step (`allowed` = every output of `R` enabled at that state,
//!   sorted by JSON text; `planned` = the edge's action);
//! - a step internal to `R` is no step: the runner's oracle closes over it;
//! - an action of another role is a `Stimulus` when it is a clock step
//!   ([`pushwake_model::ActionLabel::time`]: time reaches every IUT), otherwise an `Environment` step applied only to the runner's oracle.
//!
//! # Who controls what
//! The IUT controls the edges of `R` that are outputs or internal ("IUT edges"): whether, when and
//! which of them happen. The tester controls every other edge (stimuli and environment steps).
//!
//! # Steerability (the definitions the coverage figures use)
//! - A state is **settled** when no *urgent* IUT edge leaves it (and it is not cut by the model's
//!   boundary). The runner judges an IUT that goes quiet in an unsettled state as failing, and an
//!   in-process IUT emits everything it owes right after a stimulus; so a steered run never takes a
//!   tester edge from an unsettled state: the IUT's urgent obligations come first.
//! - Two IUT edges out of one state are **independent** when each stays enabled after the other
//!   and both orders reach the same state (a diamond): whichever the IUT takes first, the other
//!   still follows, and the runner's oracle (which follows any allowed observation) cannot be led
//!   elsewhere.
//! - A tester edge is **forced** when its source is settled. An IUT edge is **forced** when it is
//!   independent of every other IUT edge out of its state: it is the only choice the IUT has there,
//!   up to reordering.
//! - An IUT edge is **passable** when it is forced, or when every IUT edge it is not independent
//!   of leads to the same state (e.g. the same answer with or without an optional element): the
//!   IUT chooses which observation we see but not where the run goes. Tester edges are passable
//!   when forced.
//! - A state is **steerably reached** when a path of passable edges leads to it from an initial
//!   state (breadth first, initial states and successors in graph order).
//! - A **transition of `R`** is a distinct action of `R` (input, output or internal) that labels
//!   some edge of the graph, compared by value. The unit is the action, not the edge: in a product
//!   graph the same action of the IUT appears on thousands of edges that differ only in what the
//!   other roles are doing (the PPG default graph has 113 188 states and 404 646 edges of role
//!   `ppg`, but 42 distinct `ppg` actions; a path through its acyclic graph is at most 24 edges
//!   long, so covering every edge would take thousands of vectors). Answers carry what the IUT
//!   decided (a status code, a message state), so distinct actions still separate the IUT's
//!   distinct behaviours.
//! - A **context** of a transition is [`LabelledModel::context`] of its source state: the small
//!   abstraction of the state the IUT can tell apart (for the PPG, the record of the push-id the
//!   action is about: `"push 0: pending, sent"`, `"push 0: delivered"`). The unit of coverage is
//!   the (transition, context) **pair**: the 2007 answer to a resubmitted push-id while the first
//!   is pending and after it was delivered are two pairs. Coverage reports both figures
//!   ([`Coverage::covered_role_transitions`], [`Coverage::covered_role_contexts`]).
//! - A transition of `R` is **steerable** when some forced edge leaving a steerably reached state
//!   takes it (likewise a pair). Every other transition of `R` hinges on a choice only the IUT makes (which answer,
//!   or an earlier one) or on the IUT delaying an urgent obligation; the suite's coverage lists
//!   these by action class with how many distinct actions each has
//!   ([`Coverage::iut_choice_classes`]). A transition is **covered** when a vector's planned path
//!   takes it on a forced edge.
//!
//! # The vectors
//! - **Transition** vectors, a greedy cover: take the first forced edge (steerable BFS order of its
//!   source, then graph order) of a steerable transition of `R` not yet covered; the preamble is
//!   the shortest passable path to it; the body is that edge, extended greedily (at most
//!   [`MAX_BODY_EDGES`] edges) by a shortest passable detour (at most [`MAX_DETOUR_EDGES`] edges and
//!   [`MAX_DETOUR_STATES`] states searched) to the nearest forced edge of an uncovered
//!   transition, again and again; the postamble is a shortest passable
//!   path to a settled state (where it can, one where no fair output of the IUT is left owed once
//!   the clock is beyond every deadline: the runner fails a quiet IUT there), then a
//!   `Quiescence` step. When no settled state is passably reachable
//!   (the IUT must still choose), the postamble is the `Quiescence` step alone: the runner follows
//!   whatever the IUT chooses and checks it then owes nothing.
//!   The unit the cover works on is the (transition, context) pair: a transition vector starts
//!   at the first steerable edge of an uncovered pair and extends toward uncovered pairs. Its
//!   [`Vector::targets`] are the pairs it covers first, in path order.
//! - **Choice** vectors (kind `transition`), for pairs no steerable edge takes: the first path
//!   (breadth first) through *plannable* edges (passable ones, and the urgent answers the IUT
//!   must choose among) to an edge of the pair, then extended through passable detours to
//!   further such pairs. Kept only when every other branch of every IUT choice on the way also
//!   reaches (within a detour) a non-steerable pair of the target's action class; those pairs are
//!   listed after the vector's own targets, so that whichever branch the IUT takes, the runner
//!   re-plans toward a target of the same kind (see `crate::runner`). Example: the push client's
//!   re-acknowledgement of a duplicate copy lies behind its ack-or-abort choice; the vector plans
//!   the ack branch and also targets the duplicate on the abort branch.
//! - **Witness** vectors, one per stateright `sometimes` property: the steerable BFS path to the
//!   first steerably reached state (lowest state id, i.e. graph BFS order) that satisfies it.
//! - **Negative** vectors, one per distinct negative action ([`pushwake_model::ActionLabel::negative`], keyed by its
//!   JSON text): the first passable, steerably reached edge with that action, followed by the
//!   IUT's answer (a shortest passable path to a settled state) in the body.
//! - **Random walks**: `random_walks` walks of up to `walk_length` edges from a seeded splitmix64
//!   generator (no `rand` dependency, so suites do not drift with a crate version), each step
//!   uniform among the passable edges of the current state (tester moves where the state is
//!   settled; where it is not, only the IUT's moves are passable, so its outputs follow), then a
//!   postamble as above.
//!
//! Vectors with the same id (same content) are kept once, the first one generated; it then names
//! the requirements of the others (a path that witnesses two properties witnesses both).
//!
//! # Determinism
//! No hash map is iterated: states and edges are visited in id order, every set is a bit vector
//! or a sorted `Vec`. The same model, configuration, graph, binding, role and options give the same
//! suite, byte for byte ([`Suite::to_canonical_json`]); the seed changes only the random walks.
//!
//! Graph-internal indices (state ids, edge indices) index vectors sized from the same graph, so
//! the indexing below cannot go out of bounds; no index comes from untrusted input.

mod analysis;
mod prng;

pub use prng::SplitMix64;

use crate::binding::Binding;
use crate::vector::{
    ClassCount, Coverage, FORMAT, GeneratorInfo, Step, Suite, Target, Vector, VectorKind,
    canonical_json,
};
use analysis::{Analysis, Edge, Kind, Scratch};
use pushwake_model::LabelledModel;
use pushwake_model::explorer::{Graph, StateId};
use serde::Serialize;
use stateright::Expectation;
use std::collections::BTreeMap;
use std::hash::Hash;

/// Most edges in a transition vector's body: long enough to cover many transitions in one run,
/// short enough that a failure is easy to read in a report.
pub const MAX_BODY_EDGES: usize = 48;

/// Deepest detour the greedy extension searches for the next uncovered transition; beyond it a new
/// vector (with its own preamble) is cheaper to read than a long detour.
pub const MAX_DETOUR_EDGES: usize = 8;

/// Most states one detour search visits: bounds the generator's time on large graphs (a detour
/// not found here starts a new vector instead).
pub const MAX_DETOUR_STATES: usize = 4_096;

/// Most edges in a random walk, whatever [`GenOptions::walk_length`] asks: keeps a mistyped option
/// from producing a suite nobody can read.
pub const MAX_WALK_LENGTH: usize = 1_000;

/// Most random walks, whatever [`GenOptions::random_walks`] asks.
pub const MAX_RANDOM_WALKS: usize = 10_000;

/// How a suite is generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenOptions {
    /// Seed of the random walks.
    pub seed: u64,
    /// How many random walks (capped at [`MAX_RANDOM_WALKS`]).
    pub random_walks: usize,
    /// Edges per random walk before its postamble (capped at [`MAX_WALK_LENGTH`]).
    pub walk_length: usize,
    /// `timeout_ms` of every `Expect` step.
    pub expect_timeout_ms: u64,
    /// `timeout_ms` of every `Quiescence` step.
    pub quiescence_timeout_ms: u64,
    /// Recorded in the suite's [`GeneratorInfo::version`].
    pub generator_version: String,
}

impl Default for GenOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            random_walks: 8,
            walk_length: 24,
            expect_timeout_ms: 2_000,
            quiescence_timeout_ms: 500,
            generator_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// Generate the suite `name` for the IUT role `role` from `graph` (explored from `model` at
/// `config`, which is recorded as is), with wire forms and ICS items from `binding`.
pub fn generate<M, B>(
    name: &str,
    model: &M,
    config: serde_json::Value,
    graph: &Graph<M>,
    binding: &B,
    role: &str,
    options: &GenOptions,
) -> Suite
where
    M: LabelledModel,
    M::State: Hash + Clone,
    M::Action: Clone + PartialEq + Serialize,
    B: Binding<M>,
{
    let analysis = Analysis::new(model, graph, role);
    let (action_of, first_edge) = distinct_actions(model, graph, &analysis);
    let mut steerable_action = vec![false; first_edge.len()];
    for (e, &k) in action_of.iter().enumerate() {
        if k != NOT_ROLE && analysis.steerable(e) {
            steerable_action[k as usize] = true;
        }
    }
    let pairs = Pairs::new(model, graph, &analysis, role, &action_of);
    let mut steerable_pair = vec![false; pairs.contexts.len()];
    for (e, &k) in pairs.pair_of.iter().enumerate() {
        if k != NOT_ROLE && analysis.steerable(e) {
            steerable_pair[k as usize] = true;
        }
    }
    let mut g = Gen {
        name,
        model,
        graph,
        binding,
        role,
        options,
        a: &analysis,
        covered: vec![false; pairs.contexts.len()],
        chosen: vec![false; pairs.contexts.len()],
        fresh: vec![false; pairs.contexts.len()],
        pairs,
        steerable_pair,
        scratch: Scratch::default(),
        vectors: Vec::new(),
    };
    g.transition_vectors();
    g.choice_vectors();
    let (witnesses_covered, witnesses_total) = g.witness_vectors();
    g.negative_vectors();
    g.random_walks();

    let steerable = steerable_action.iter().filter(|&&x| x).count();
    let mut covered_action = vec![false; first_edge.len()];
    for (k, &c) in g.covered.iter().enumerate() {
        if c && g.steerable_pair[k] {
            covered_action[g.pairs.action[k] as usize] = true;
        }
    }
    let covered = (0..first_edge.len())
        .filter(|&k| steerable_action[k] && covered_action[k])
        .count();
    let role_contexts = g.pairs.contexts.len() as u64;
    let steerable_role_contexts = g.steerable_pair.iter().filter(|&&x| x).count() as u64;
    let covered_role_contexts = (0..g.pairs.contexts.len())
        .filter(|&k| g.steerable_pair[k] && g.covered[k])
        .count() as u64;
    let choice_role_contexts = (0..g.pairs.contexts.len())
        .filter(|&k| !g.steerable_pair[k] && g.chosen[k])
        .count() as u64;
    let mut choice: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut choice_actions: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for (k, &e) in first_edge.iter().enumerate() {
        if !steerable_action[k] {
            *choice
                .entry(model.label(g.edge_action(e)).class)
                .or_default() += 1;
            let action = serde_json::to_value(g.edge_action(e)).unwrap_or_default();
            choice_actions.insert(action.to_string(), action);
        }
    }
    let mut requirements: Vec<String> = g
        .vectors
        .iter()
        .flat_map(|v| v.requirements.iter().cloned())
        .collect();
    requirements.sort();
    requirements.dedup();
    let coverage = Coverage {
        states: graph.states().len() as u64,
        transitions: graph.transition_count() as u64,
        role_transitions: first_edge.len() as u64,
        steerable_role_transitions: steerable as u64,
        covered_role_transitions: covered as u64,
        role_contexts,
        steerable_role_contexts,
        covered_role_contexts,
        choice_role_contexts,
        iut_choice_classes: choice
            .into_iter()
            .map(|(class, transitions)| ClassCount {
                class: class.to_owned(),
                transitions,
            })
            .collect(),
        iut_choice_transitions: choice_actions.into_values().collect(),
        witnesses_covered,
        witnesses_total,
        requirements,
    };
    let mut suite = Suite {
        format: FORMAT.to_owned(),
        id: String::new(),
        model: name.to_owned(),
        config,
        role: role.to_owned(),
        seed: options.seed,
        generator: GeneratorInfo {
            name: "pushwake".to_owned(),
            version: options.generator_version.clone(),
        },
        coverage,
        vectors: g.vectors,
    };
    suite.seal();
    suite
}

/// A planned path from an initial state: the edges of the preamble, body and postamble. (The
/// runner's oracle starts from every initial state, so the plan need not say which.)
struct Plan {
    preamble: Vec<usize>,
    body: Vec<usize>,
    postamble: Vec<usize>,
    /// For a vector planned through an IUT choice: its targets (pair indices), in order. `None`
    /// for every other vector: a transition vector's targets are the pairs it covers first.
    targets: Option<Vec<u32>>,
}

struct Gen<'x, M: LabelledModel, B> {
    name: &'x str,
    model: &'x M,
    graph: &'x Graph<M>,
    binding: &'x B,
    role: &'x str,
    options: &'x GenOptions,
    a: &'x Analysis,
    /// The role's (action, context) pairs.
    pairs: Pairs,
    /// Per pair: some steerable edge takes it.
    steerable_pair: Vec<bool>,
    /// Per pair: some vector's planned path takes it on a steerable edge.
    covered: Vec<bool>,
    /// Per pair: covered by the vector being built (its targets), reset by [`Gen::push`].
    fresh: Vec<bool>,
    /// Per pair that is not steerable: some vector targets it through an IUT choice.
    chosen: Vec<bool>,
    scratch: Scratch,
    vectors: Vec<Vector>,
}

impl<M, B> Gen<'_, M, B>
where
    M: LabelledModel,
    M::State: Hash + Clone,
    M::Action: Clone + PartialEq + Serialize,
    B: Binding<M>,
{
    fn action(&self, src: u32, local: u32) -> &M::Action {
        &self.graph.successors(StateId(src))[local as usize].0
    }

    fn edge_action(&self, e: usize) -> &M::Action {
        let edge = &self.a.edges[e];
        self.action(edge.src, edge.local)
    }

    /// Whether edge `e` is steerable and takes a (role action, context) pair no vector has
    /// covered yet.
    fn open(&self, e: usize) -> bool {
        self.a.steerable(e)
            && self
                .covered
                .get(self.pairs.pair_of[e] as usize)
                .is_some_and(|&c| !c)
    }

    /// Mark the pairs that `path`'s steerable edges take as covered (and as fresh: the vector
    /// being built covers them first).
    fn cover(&mut self, path: &[usize]) {
        for &e in path {
            let k = self.pairs.pair_of[e] as usize;
            if self.a.steerable(e)
                && let Some(c) = self.covered.get_mut(k)
                && !*c
            {
                *c = true;
                self.fresh[k] = true;
            }
        }
    }

    /// Whether edge `e` takes a pair that no steerable edge takes and no vector targets yet.
    fn open_choice(&self, e: usize) -> bool {
        let k = self.pairs.pair_of[e] as usize;
        k < self.chosen.len() && !self.steerable_pair[k] && !self.chosen[k]
    }

    /// The first uncovered steerable edge out of `s`, in graph order.
    fn open_out(&self, s: u32) -> Option<usize> {
        self.a.out(s).find(|&e| self.open(e))
    }

    /// A shortest passable path from `s` to a settled state (empty when `s` is settled; `None`
    /// when no settled state is passably reachable). Where it can, the path goes on to a state
    /// that is also *done*: once the clock is beyond every deadline, the IUT's fair outputs are
    /// owed (the runner fails a quiet IUT then, see `crate::runner`), so the postamble expects
    /// them.
    fn settle(&mut self, s: u32) -> Vec<usize> {
        let a = self.a;
        let done = a.search(s, usize::MAX, usize::MAX, &mut self.scratch, |t| {
            a.settled[t as usize] && a.done[t as usize]
        });
        done.or_else(|| {
            a.search(s, usize::MAX, usize::MAX, &mut self.scratch, |t| {
                a.settled[t as usize]
            })
        })
        .unwrap_or_default()
    }

    fn end_of(&self, from: u32, path: &[usize]) -> u32 {
        path.last().map_or(from, |&e| self.a.edges[e].dst)
    }

    fn transition_vectors(&mut self) {
        let a = self.a;
        // The first steerable edge of each (role action, context) pair, in steerable BFS order of
        // its source.
        let mut targets: Vec<usize> = Vec::new();
        let mut taken = vec![false; self.covered.len()];
        for &s in &a.order {
            for e in a.out(s) {
                if let Some(t) = taken.get_mut(self.pairs.pair_of[e] as usize)
                    && !*t
                    && a.steerable(e)
                {
                    *t = true;
                    targets.push(e);
                }
            }
        }
        for target in targets {
            if !self.open(target) {
                continue;
            }
            let src = a.edges[target].src;
            let Some((_, preamble)) = a.path_to(src) else {
                continue;
            };
            let mut body = vec![target];
            let mut cur = a.edges[target].dst;
            while body.len() < MAX_BODY_EDGES {
                self.cover(&body);
                let budget = (MAX_BODY_EDGES - body.len()).min(MAX_DETOUR_EDGES + 1);
                let mut scratch = std::mem::take(&mut self.scratch);
                let found = a.search(cur, budget - 1, MAX_DETOUR_STATES, &mut scratch, |t| {
                    self.open_out(t).is_some()
                });
                self.scratch = scratch;
                let Some(detour) = found else { break };
                let at = self.end_of(cur, &detour);
                let Some(next) = self.open_out(at) else { break };
                body.extend(detour);
                body.push(next);
                cur = a.edges[next].dst;
            }
            let postamble = self.settle(cur);
            self.push(
                VectorKind::Transition,
                Plan {
                    preamble,
                    body,
                    postamble,
                    targets: None,
                },
                None,
            );
        }
    }

    /// Vectors for the pairs no steerable edge takes: each planned through one branch of the IUT
    /// choices before it (the first plannable path, breadth first), kept only when every other
    /// branch of each of those choices also reaches a non-steerable pair of the target's action
    /// class (within a detour), which the vector lists as further targets: whichever branch the
    /// IUT takes, the runner can re-plan toward a target of the same kind. The body is the target
    /// extended greedily, through passable detours only, to further non-steerable pairs.
    fn choice_vectors(&mut self) {
        let a = self.a;
        let mut targets: Vec<usize> = Vec::new();
        let mut taken = vec![false; self.chosen.len()];
        for &s in &a.order_plannable {
            for e in a.out(s) {
                let k = self.pairs.pair_of[e] as usize;
                if k < taken.len() && !taken[k] && !self.steerable_pair[k] && a.edges[e].plannable()
                {
                    taken[k] = true;
                    targets.push(e);
                }
            }
        }
        for target in targets {
            if !self.open_choice(target) {
                continue;
            }
            let src = a.edges[target].src;
            let Some(preamble) = a.plannable_path_to(src) else {
                continue;
            };
            let class = self.model.label(self.edge_action(target)).class;
            // Every other branch of every choice on the way must reach the same class.
            let mut alternatives: Vec<u32> = Vec::new();
            let mut all_branches = true;
            for &c in preamble.iter().chain(std::iter::once(&target)) {
                if !a.edges[c].choice() {
                    continue;
                }
                let from = a.edges[c].src;
                for sib in a.out(from) {
                    if sib == c || !a.edges[sib].choice() || a.edges[sib].dst == a.edges[c].dst {
                        continue;
                    }
                    match self.alternative(sib, class) {
                        Some(k) => {
                            if !alternatives.contains(&k) {
                                alternatives.push(k);
                            }
                        }
                        None => all_branches = false,
                    }
                }
            }
            if !all_branches {
                continue;
            }
            let mut body = vec![target];
            let mut cur = a.edges[target].dst;
            let mut planned: Vec<u32> = vec![self.pairs.pair_of[target]];
            self.chosen[self.pairs.pair_of[target] as usize] = true;
            while body.len() < MAX_BODY_EDGES {
                let budget = (MAX_BODY_EDGES - body.len()).min(MAX_DETOUR_EDGES + 1);
                let mut scratch = std::mem::take(&mut self.scratch);
                let found = a.search(cur, budget - 1, MAX_DETOUR_STATES, &mut scratch, |t| {
                    a.out(t).any(|e| a.edges[e].passable && self.open_choice(e))
                });
                self.scratch = scratch;
                let Some(detour) = found else { break };
                let at = self.end_of(cur, &detour);
                let Some(next) = a
                    .out(at)
                    .find(|&e| a.edges[e].passable && self.open_choice(e))
                else {
                    break;
                };
                body.extend(detour);
                body.push(next);
                let k = self.pairs.pair_of[next];
                self.chosen[k as usize] = true;
                planned.push(k);
                cur = a.edges[next].dst;
            }
            for &k in &alternatives {
                if !planned.contains(&k) {
                    self.chosen[k as usize] = !self.steerable_pair[k as usize];
                    planned.push(k);
                }
            }
            let postamble = self.settle(cur);
            self.push(
                VectorKind::Transition,
                Plan {
                    preamble,
                    body,
                    postamble,
                    targets: Some(planned),
                },
                None,
            );
        }
    }

    /// On the branch that starts with IUT edge `sib`: the pair of the first plannable edge (the
    /// branch itself, then breadth first within a detour) of action class `class` that no
    /// steerable edge takes.
    fn alternative(&mut self, sib: usize, class: &str) -> Option<u32> {
        let a = self.a;
        let fits = |g: &Self, e: usize| {
            let k = g.pairs.pair_of[e] as usize;
            k < g.steerable_pair.len()
                && !g.steerable_pair[k]
                && g.model.label(g.edge_action(e)).class == class
        };
        if fits(self, sib) {
            return Some(self.pairs.pair_of[sib]);
        }
        let from = a.edges[sib].dst;
        let mut scratch = std::mem::take(&mut self.scratch);
        let found = a.search_over(
            from,
            MAX_DETOUR_EDGES,
            MAX_DETOUR_STATES,
            &mut scratch,
            Edge::plannable,
            |t| a.out(t).any(|e| a.edges[e].plannable() && fits(self, e)),
        );
        self.scratch = scratch;
        let path = found?;
        let at = self.end_of(from, &path);
        a.out(at)
            .find(|&e| a.edges[e].plannable() && fits(self, e))
            .map(|e| self.pairs.pair_of[e])
    }

    fn witness_vectors(&mut self) -> (u64, u64) {
        let a = self.a;
        let mut total = 0;
        let mut found = 0;
        for property in self.model.properties() {
            if property.expectation != Expectation::Sometimes {
                continue;
            }
            total += 1;
            let hit = (0..self.graph.states().len()).find(|&s| {
                a.reach[s]
                    && !self.graph.is_cut(StateId(s as u32))
                    && (property.condition)(self.model, self.graph.state(StateId(s as u32)))
            });
            let Some(s) = hit else { continue };
            let Some((_, body)) = a.path_to(s as u32) else {
                continue;
            };
            found += 1;
            let postamble = self.settle(s as u32);
            let requirement = property
                .name
                .split_once(": ")
                .map_or(property.name, |(id, _)| id)
                .to_owned();
            self.push(
                VectorKind::Witness,
                Plan {
                    preamble: Vec::new(),
                    body,
                    postamble,
                    targets: Some(Vec::new()),
                },
                Some((property.name.to_owned(), requirement)),
            );
        }
        (found, total)
    }

    fn negative_vectors(&mut self) {
        let a = self.a;
        let mut seen: Vec<String> = Vec::new();
        for &s in &a.order {
            for e in a.out(s) {
                if !a.edges[e].passable || !self.model.label(self.edge_action(e)).negative {
                    continue;
                }
                let key = canonical_json(&json(self.edge_action(e)));
                if let Err(at) = seen.binary_search(&key) {
                    seen.insert(at, key);
                } else {
                    continue;
                }
                let Some((_, preamble)) = a.path_to(s) else {
                    continue;
                };
                let mut body = vec![e];
                body.extend(self.settle(a.edges[e].dst));
                self.push(
                    VectorKind::Negative,
                    Plan {
                        preamble,
                        body,
                        postamble: Vec::new(),
                        targets: Some(Vec::new()),
                    },
                    None,
                );
            }
        }
    }

    fn random_walks(&mut self) {
        let a = self.a;
        let Some(&init) = a.order.first() else { return };
        let walks = self.options.random_walks.min(MAX_RANDOM_WALKS);
        let length = self.options.walk_length.min(MAX_WALK_LENGTH);
        let mut rng = SplitMix64::new(self.options.seed);
        for _ in 0..walks {
            let mut body = Vec::new();
            let mut cur = init;
            for _ in 0..length {
                let moves: Vec<usize> = a.out(cur).filter(|&e| a.edges[e].passable).collect();
                let Some(&e) = rng.pick(&moves) else { break };
                body.push(e);
                cur = a.edges[e].dst;
            }
            let postamble = self.settle(cur);
            self.push(
                VectorKind::RandomWalk,
                Plan {
                    preamble: Vec::new(),
                    body,
                    postamble,
                    targets: Some(Vec::new()),
                },
                None,
            );
        }
    }

    /// Turn a plan into a vector and keep it (unless an identical vector exists).
    fn push(&mut self, kind: VectorKind, plan: Plan, witness: Option<(String, String)>) {
        let Plan {
            preamble,
            body,
            postamble,
            targets,
        } = plan;
        self.cover(&preamble);
        self.cover(&body);
        self.cover(&postamble);
        // A transition vector's targets: the pairs it covers first, in path order.
        let fresh = std::mem::replace(&mut self.fresh, vec![false; self.covered.len()]);
        let targets = targets.unwrap_or_else(|| {
            let mut out: Vec<u32> = Vec::new();
            for &e in preamble.iter().chain(&body).chain(&postamble) {
                let k = self.pairs.pair_of[e];
                if (k as usize) < fresh.len() && fresh[k as usize] && !out.contains(&k) {
                    out.push(k);
                }
            }
            out
        });
        let targets: Vec<Target> = targets.iter().map(|&k| self.target(k)).collect();
        let mut items: Vec<&'static str> = preamble
            .iter()
            .chain(&body)
            .chain(&postamble)
            .flat_map(|&e| ics_items_of(self.model, self.edge_action(e), self.role))
            .collect();
        items.sort_unstable();
        items.dedup();
        let applicability = if items.is_empty() {
            "true".to_owned()
        } else {
            items.join(" && ")
        };
        let pre = self.steps(&preamble);
        let bod = self.steps(&body);
        let mut post = self.steps(&postamble);
        post.push(Step::Quiescence {
            timeout_ms: self.options.quiescence_timeout_ms,
        });
        let id = Vector::derive_id(
            self.name,
            self.role,
            kind,
            &applicability,
            [&pre, &bod, &post],
        );
        let existing = self.vectors.iter().position(|v| v.id == id);
        // Requirements: those of the role's transitions in the body (what the vector is about),
        // and the witnessed property's.
        let mut requirements: Vec<String> = body
            .iter()
            .filter(|&&e| self.a.edges[e].role)
            .map(|&e| self.model.label(self.edge_action(e)).requirement.to_owned())
            .collect();
        let mut classes: Vec<&'static str> = body
            .iter()
            .filter(|&&e| self.a.edges[e].role)
            .map(|&e| self.model.label(self.edge_action(e)).class)
            .collect();
        classes.sort_unstable();
        classes.dedup();
        let class_list = if classes.is_empty() {
            "none".to_owned()
        } else {
            classes.join(", ")
        };
        let role_steps = body.iter().filter(|&&e| self.a.edges[e].role).count();
        let (title, purpose) = match (kind, &witness) {
            (VectorKind::Witness, Some((name, requirement))) => {
                requirements.push(requirement.clone());
                (
                    format!("witness: {name}"),
                    format!(
                        "Reaches the first state (breadth first) that witnesses the `sometimes` \
                         property \"{name}\", steering only through the tester's choices."
                    ),
                )
            }
            (VectorKind::Negative, _) => {
                let first = body.first().map_or(String::new(), |&e| {
                    canonical_json(&json(self.edge_action(e)))
                });
                // The model's words for the stimulus where it has them (the JSON stays in the
                // purpose): a lab engineer scans titles.
                let words = body
                    .first()
                    .map(|&e| self.model.describe(self.edge_action(e)))
                    .filter(|w| !w.is_empty())
                    .unwrap_or_else(|| first.clone());
                (
                    format!("negative: {words}"),
                    format!(
                        "Sends the negative stimulus {first} and expects the answer the model \
                         requires of role {}.",
                        self.role
                    ),
                )
            }
            (VectorKind::RandomWalk, _) => (
                format!("random walk ({} steps)", body.len()),
                format!(
                    "A seeded random walk of {} edges ({role_steps} of role {}; classes: \
                     {class_list}), the IUT's outputs following the tester's moves.",
                    body.len(),
                    self.role
                ),
            ),
            _ => (
                format!("transitions: {class_list}"),
                format!(
                    "Takes {role_steps} transitions of role {} (classes: {class_list}), starting \
                     with one no earlier vector takes.",
                    self.role
                ),
            ),
        };
        requirements.sort();
        requirements.dedup();
        if let Some(i) = existing {
            // The same steps again (e.g. one path witnesses two properties): keep the first
            // vector, and let it name what the second would have covered.
            if let Some(v) = self.vectors.get_mut(i) {
                for t in targets {
                    if !v.targets.contains(&t) {
                        v.targets.push(t);
                    }
                }
                v.requirements.extend(requirements);
                v.requirements.sort();
                v.requirements.dedup();
                if let (VectorKind::Witness, Some((name, _))) = (kind, &witness) {
                    v.purpose
                        .push_str(&format!(" It also witnesses \"{name}\"."));
                }
            }
            return;
        }
        self.vectors.push(Vector {
            id,
            title,
            purpose,
            kind,
            requirements,
            applicability,
            targets,
            preamble: pre,
            body: bod,
            postamble: post,
        });
    }

    /// Pair `k` as a vector target.
    fn target(&self, k: u32) -> Target {
        let e = self.pairs.first_edge[k as usize];
        Target {
            action: json(self.edge_action(e)),
            context: self.pairs.contexts[k as usize].clone(),
        }
    }

    /// The steps of a path (role-internal edges give none).
    fn steps(&self, path: &[usize]) -> Vec<Step> {
        let mut out = Vec::with_capacity(path.len());
        for &e in path {
            let edge = self.a.edges[e];
            let action = self.edge_action(e);
            let state = self.graph.state(StateId(edge.src));
            let label = self.model.label(action);
            let requirement = label.requirement.to_owned();
            match edge.kind {
                Kind::Hidden => {}
                Kind::Stimulus => out.push(Step::Stimulus {
                    action: json(action),
                    wire: self.binding.wire(self.model, state, action, self.role),
                    requirement,
                }),
                Kind::Environment => out.push(Step::Environment {
                    action: json(action),
                    requirement,
                }),
                Kind::Expect => {
                    let mut allowed: Vec<(String, serde_json::Value)> = self
                        .a
                        .out(edge.src)
                        .filter(|&o| self.a.edges[o].kind == Kind::Expect)
                        .map(|o| {
                            let v = json(self.edge_action(o));
                            (canonical_json(&v), v)
                        })
                        .collect();
                    allowed.sort_by(|x, y| x.0.cmp(&y.0));
                    allowed.dedup_by(|x, y| x.0 == y.0);
                    out.push(Step::Expect {
                        allowed: allowed.into_iter().map(|(_, v)| v).collect(),
                        planned: json(action),
                        wire: self.binding.wire(self.model, state, action, self.role),
                        requirement,
                        timeout_ms: self.options.expect_timeout_ms,
                    });
                }
            }
        }
        out
    }
}

/// Marks an edge whose action is not the role's.
const NOT_ROLE: u32 = u32::MAX;

/// The role's distinct actions: for every edge the index of its action among them ([`NOT_ROLE`]
/// for other roles' edges), and for every distinct action the first edge (graph order) taking it.
/// Actions need only `PartialEq`, so they are bucketed by label class and compared within it.
fn distinct_actions<M>(model: &M, graph: &Graph<M>, a: &Analysis) -> (Vec<u32>, Vec<usize>)
where
    M: LabelledModel,
    M::State: Hash + Clone,
    M::Action: Clone + PartialEq,
{
    let mut action_of = vec![NOT_ROLE; a.edges.len()];
    let mut first_edge: Vec<usize> = Vec::new();
    // Looked up by class, never iterated.
    let mut by_class: BTreeMap<&'static str, Vec<u32>> = BTreeMap::new();
    for (e, edge) in a.edges.iter().enumerate() {
        if !edge.role {
            continue;
        }
        let action = &graph.successors(StateId(edge.src))[edge.local as usize].0;
        let bucket = by_class.entry(model.label(action).class).or_default();
        let known = bucket.iter().copied().find(|&k| {
            let f = &a.edges[first_edge[k as usize]];
            graph.successors(StateId(f.src))[f.local as usize].0 == *action
        });
        action_of[e] = match known {
            Some(k) => k,
            None => {
                // Fewer distinct actions than edges, and edges fit a usize; the count stays far
                // below u32::MAX for any graph the explorer can hold (its ids are u32).
                let k = first_edge.len() as u32;
                first_edge.push(e);
                bucket.push(k);
                k
            }
        };
    }
    (action_of, first_edge)
}

/// The role's (action, context) pairs: per edge the index of its pair ([`NOT_ROLE`] for other
/// roles' edges), and per pair its action index, context and first edge (graph order).
struct Pairs {
    pair_of: Vec<u32>,
    action: Vec<u32>,
    contexts: Vec<String>,
    first_edge: Vec<usize>,
}

impl Pairs {
    fn new<M>(model: &M, graph: &Graph<M>, a: &Analysis, role: &str, action_of: &[u32]) -> Self
    where
        M: LabelledModel,
        M::State: Hash + Clone,
        M::Action: Clone + PartialEq,
    {
        let mut p = Pairs {
            pair_of: vec![NOT_ROLE; a.edges.len()],
            action: Vec::new(),
            contexts: Vec::new(),
            first_edge: Vec::new(),
        };
        // Looked up, never iterated.
        let mut index: BTreeMap<(u32, String), u32> = BTreeMap::new();
        for (e, edge) in a.edges.iter().enumerate() {
            let k = action_of[e];
            if k == NOT_ROLE {
                continue;
            }
            let src = StateId(edge.src);
            let action = &graph.successors(src)[edge.local as usize].0;
            let context = model.context(role, graph.state(src), action);
            let next = p.contexts.len() as u32;
            let id = *index.entry((k, context.clone())).or_insert(next);
            if id == next {
                p.action.push(k);
                p.contexts.push(context);
                p.first_edge.push(e);
            }
            p.pair_of[e] = id;
        }
        p
    }
}

/// The ICS items of `role` that a vector taking `action` needs.
pub fn ics_items_of<M: LabelledModel>(
    model: &M,
    action: &M::Action,
    role: &str,
) -> Vec<&'static str> {
    let bits = model.label(action).ics;
    model
        .ics_items()
        .iter()
        .enumerate()
        .filter(|(k, item)| *k < 32 && bits & (1 << k) != 0 && item.role == role)
        .map(|(_, item)| item.name)
        .collect()
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    // Model actions are plain data (derive Serialize); serialisation cannot fail for them.
    serde_json::to_value(value).unwrap_or_default()
}
