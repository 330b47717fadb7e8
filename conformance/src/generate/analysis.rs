//! Classification of a graph's edges for one IUT role, and the steerable part of the graph.
//!
//! See the module doc of [`super`] for the definitions; this file implements them. Everything
//! here is indexed by dense integers (state ids, global edge indices) and iterated in index order,
//! so the results do not depend on any hash order.

use pushwake_model::explorer::{Graph, StateId};
use pushwake_model::{Direction, LabelledModel};
use std::collections::VecDeque;
use std::hash::Hash;

/// What an edge becomes in a vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An input of the role, or a clock advance (time reaches every IUT): a `Stimulus` step.
    Stimulus,
    /// An output of the role: an `Expect` step.
    Expect,
    /// A step internal to the role: no step (the runner's oracle closes over it).
    Hidden,
    /// A step of another role the IUT does not see: an `Environment` step.
    Environment,
}

impl Kind {
    /// Whether the IUT, not the tester, decides whether and when this edge is taken.
    pub(crate) fn iut_controlled(self) -> bool {
        matches!(self, Kind::Expect | Kind::Hidden)
    }
}

/// One edge of the graph, classified for the role.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) src: u32,
    /// Index of the edge within `graph.successors(src)`.
    pub(crate) local: u32,
    pub(crate) dst: u32,
    pub(crate) kind: Kind,
    /// The action belongs to the IUT's role (input, output or internal).
    pub(crate) role: bool,
    /// The tester can make the run take exactly this edge (see the module doc: "forced").
    pub(crate) forced: bool,
    /// A steered run may go through this edge: forced, or an IUT choice all of whose
    /// alternatives lead to the same state (see the module doc: "passable").
    pub(crate) passable: bool,
    /// The label says urgent (meaningful for IUT-controlled edges).
    pub(crate) urgent: bool,
}

impl Edge {
    /// A plan through one branch of an IUT choice may go through this edge: it is passable, or
    /// it is one of the urgent answers the IUT must choose among now (see the module doc of
    /// [`super`]: "behind an IUT choice").
    pub(crate) fn plannable(&self) -> bool {
        self.passable || (self.kind.iut_controlled() && self.urgent)
    }

    /// An IUT choice: plannable but not passable (another branch leads elsewhere).
    pub(crate) fn choice(&self) -> bool {
        !self.passable && self.kind.iut_controlled() && self.urgent
    }
}

/// The role's view of a graph.
#[derive(Debug)]
pub(crate) struct Analysis {
    pub(crate) edges: Vec<Edge>,
    /// `first[s]..first[s + 1]` are the global indices of the edges out of state `s`.
    pub(crate) first: Vec<usize>,
    /// No urgent IUT-controlled edge leaves the state (and it is not cut).
    pub(crate) settled: Vec<bool>,
    /// The IUT owes nothing more there, ever: the clock is not yet beyond every deadline, or no
    /// fair output of the IUT leaves the state.
    pub(crate) done: Vec<bool>,
    /// Reached from an initial state through passable edges.
    pub(crate) reach: Vec<bool>,
    /// The passable edge through which the steerable BFS first reached the state (`None` for
    /// initial states and unreached ones).
    pub(crate) parent: Vec<Option<usize>>,
    /// Steerably reached states in the order the BFS discovered them.
    pub(crate) order: Vec<u32>,
    /// Reached from an initial state through plannable edges (through branches of IUT choices).
    pub(crate) reach_plannable: Vec<bool>,
    /// As `parent`, for the plannable BFS.
    pub(crate) parent_plannable: Vec<Option<usize>>,
    /// Plannably reached states in BFS order.
    pub(crate) order_plannable: Vec<u32>,
}

impl Analysis {
    pub(crate) fn new<M>(model: &M, graph: &Graph<M>, role: &str) -> Self
    where
        M: LabelledModel,
        M::State: Hash + Clone,
        M::Action: Clone + PartialEq,
    {
        let n = graph.states().len();
        let mut edges = Vec::with_capacity(graph.transition_count());
        let mut first = Vec::with_capacity(n + 1);
        let mut settled = vec![false; n];
        let mut done = vec![true; n];
        for (s, settled_s) in settled.iter_mut().enumerate() {
            first.push(edges.len());
            let id = state_id(s);
            let mut owes = false;
            let exhausted = model.time_exhausted(graph.state(id));
            for (local, (action, dst)) in graph.successors(id).iter().enumerate() {
                let label = model.label(action);
                let role_match = label.role == role;
                let kind = if role_match {
                    match label.direction {
                        Direction::Input => Kind::Stimulus,
                        Direction::Output => Kind::Expect,
                        Direction::Internal => Kind::Hidden,
                    }
                } else if label.time {
                    Kind::Stimulus
                } else {
                    Kind::Environment
                };
                owes |= kind.iut_controlled() && label.urgent;
                if exhausted && kind == Kind::Expect && label.fair {
                    done[s] = false;
                }
                edges.push(Edge {
                    src: s as u32,
                    local: local as u32,
                    dst: dst.0,
                    kind,
                    role: role_match,
                    forced: false,
                    passable: false,
                    urgent: label.urgent,
                });
            }
            *settled_s = !graph.is_cut(id) && !owes;
        }
        first.push(edges.len());

        // Forced / passable, state by state.
        let mut iut: Vec<usize> = Vec::new();
        for s in 0..n {
            let range = first[s]..first[s + 1];
            iut.clear();
            iut.extend(range.clone().filter(|&e| edges[e].kind.iut_controlled()));
            for e in range {
                let edge = edges[e];
                if !edge.kind.iut_controlled() {
                    edges[e].forced = settled[s];
                    edges[e].passable = settled[s];
                    continue;
                }
                let mut forced = true;
                let mut passable = true;
                for &other in &iut {
                    if other == e || independent(graph, &edges, e, other) {
                        continue;
                    }
                    forced = false;
                    if edges[other].dst != edge.dst {
                        passable = false;
                    }
                }
                edges[e].forced = forced;
                edges[e].passable = passable;
            }
        }

        // Steerable BFS over passable edges, initial states first, successors in order.
        let (reach, parent, order) = bfs(graph, &edges, &first, Edge::passable_edge);
        let (reach_plannable, parent_plannable, order_plannable) =
            bfs(graph, &edges, &first, Edge::plannable);
        Self {
            edges,
            first,
            settled,
            done,
            reach,
            parent,
            order,
            reach_plannable,
            parent_plannable,
            order_plannable,
        }
    }

    /// The plannable BFS path from an initial state to `s` (edge indices), if `s` was reached.
    pub(crate) fn plannable_path_to(&self, s: u32) -> Option<Vec<usize>> {
        if !self.reach_plannable[s as usize] {
            return None;
        }
        let mut path = Vec::new();
        let mut cur = s;
        while let Some(e) = self.parent_plannable[cur as usize] {
            path.push(e);
            cur = self.edges[e].src;
        }
        path.reverse();
        Some(path)
    }

    /// The global indices of the edges out of `s`.
    pub(crate) fn out(&self, s: u32) -> std::ops::Range<usize> {
        let s = s as usize;
        self.first[s]..self.first[s + 1]
    }

    /// Whether edge `e` is a steerable transition of the role: the role's, forced, from a
    /// steerably reached state.
    pub(crate) fn steerable(&self, e: usize) -> bool {
        let edge = &self.edges[e];
        edge.role && edge.forced && self.reach[edge.src as usize]
    }

    /// The steerable BFS path from an initial state to `s` (edge indices), if `s` was reached.
    pub(crate) fn path_to(&self, s: u32) -> Option<(u32, Vec<usize>)> {
        if !self.reach[s as usize] {
            return None;
        }
        let mut path = Vec::new();
        let mut cur = s;
        while let Some(e) = self.parent[cur as usize] {
            path.push(e);
            cur = self.edges[e].src;
        }
        path.reverse();
        Some((cur, path))
    }

    /// A shortest path over passable edges from `from` to the first state (BFS order) satisfying
    /// `goal`, exploring at most `max_depth` edges deep and at most `max_states` states.
    /// `scratch` is reused between calls.
    pub(crate) fn search(
        &self,
        from: u32,
        max_depth: usize,
        max_states: usize,
        scratch: &mut Scratch,
        goal: impl FnMut(u32) -> bool,
    ) -> Option<Vec<usize>> {
        self.search_over(
            from,
            max_depth,
            max_states,
            scratch,
            Edge::passable_edge,
            goal,
        )
    }

    /// As [`Analysis::search`], over the edges `usable` accepts.
    pub(crate) fn search_over(
        &self,
        from: u32,
        max_depth: usize,
        max_states: usize,
        scratch: &mut Scratch,
        usable: fn(&Edge) -> bool,
        mut goal: impl FnMut(u32) -> bool,
    ) -> Option<Vec<usize>> {
        scratch.begin(self.first.len().saturating_sub(1));
        let mut queue = VecDeque::new();
        scratch.visit(from, None, 0);
        queue.push_back(from);
        let mut visited = 1usize;
        while let Some(s) = queue.pop_front() {
            if goal(s) {
                return Some(scratch.path(&self.edges, s));
            }
            let depth = scratch.depth(s);
            if depth >= max_depth {
                continue;
            }
            for e in self.out(s) {
                let edge = &self.edges[e];
                if usable(edge) && !scratch.seen(edge.dst) {
                    if visited >= max_states {
                        return None;
                    }
                    visited += 1;
                    scratch.visit(edge.dst, Some(e), depth + 1);
                    queue.push_back(edge.dst);
                }
            }
        }
        None
    }
}

impl Edge {
    fn passable_edge(&self) -> bool {
        self.passable
    }
}

/// BFS over the edges `usable` accepts, initial states first, successors in order: which states
/// it reaches, through which edge each was first reached, and the discovery order.
fn bfs<M>(
    graph: &Graph<M>,
    edges: &[Edge],
    first: &[usize],
    usable: fn(&Edge) -> bool,
) -> (Vec<bool>, Vec<Option<usize>>, Vec<u32>)
where
    M: LabelledModel,
    M::State: Hash + Clone,
    M::Action: Clone + PartialEq,
{
    let n = graph.states().len();
    let mut reach = vec![false; n];
    let mut parent = vec![None; n];
    let mut order = Vec::new();
    let mut queue = VecDeque::new();
    for &init in graph.init() {
        if !reach[init.index()] {
            reach[init.index()] = true;
            order.push(init.0);
            queue.push_back(init.0);
        }
    }
    while let Some(s) = queue.pop_front() {
        let s = s as usize;
        for (e, edge) in edges.iter().enumerate().take(first[s + 1]).skip(first[s]) {
            let d = edge.dst as usize;
            if usable(edge) && !reach[d] {
                reach[d] = true;
                parent[d] = Some(e);
                order.push(d as u32);
                queue.push_back(d as u32);
            }
        }
    }
    (reach, parent, order)
}

/// Whether IUT-controlled edges `a` and `b` out of the same state commute: each stays enabled
/// after the other and both orders end in the same state (a "diamond"). Then whichever the IUT
/// takes first, the other is still possible and the run is not led elsewhere.
fn independent<M>(graph: &Graph<M>, edges: &[Edge], a: usize, b: usize) -> bool
where
    M: LabelledModel,
    M::State: Hash + Clone,
    M::Action: Clone + PartialEq,
{
    let (ea, eb) = (edges[a], edges[b]);
    if ea.dst == eb.dst {
        // Two different observations with the same effect: the IUT picks which one we see.
        return false;
    }
    let src = state_id(ea.src as usize);
    let act_a = &graph.successors(src)[ea.local as usize].0;
    let act_b = &graph.successors(src)[eb.local as usize].0;
    let after = |from: u32, act: &M::Action| {
        graph
            .successors(StateId(from))
            .iter()
            .find(|(x, _)| x == act)
            .map(|(_, d)| d.0)
    };
    match (after(ea.dst, act_b), after(eb.dst, act_a)) {
        (Some(v), Some(w)) => v == w,
        _ => false,
    }
}

fn state_id(i: usize) -> StateId {
    // Graph ids are u32 (the explorer caps states below u32::MAX), so this is lossless.
    StateId(i as u32)
}

/// Reusable BFS bookkeeping (generation-stamped, so a search costs what it visits, not the whole
/// graph).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    generation: u32,
    stamp: Vec<u32>,
    via: Vec<Option<usize>>,
    depth: Vec<u32>,
}

impl Scratch {
    fn begin(&mut self, n: usize) {
        if self.stamp.len() != n {
            self.stamp = vec![0; n];
            self.via = vec![None; n];
            self.depth = vec![0; n];
            self.generation = 0;
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.generation = 1;
        }
    }
    fn seen(&self, s: u32) -> bool {
        self.stamp[s as usize] == self.generation
    }
    fn visit(&mut self, s: u32, via: Option<usize>, depth: usize) {
        let i = s as usize;
        self.stamp[i] = self.generation;
        self.via[i] = via;
        self.depth[i] = depth as u32;
    }
    fn depth(&self, s: u32) -> usize {
        self.depth[s as usize] as usize
    }
    fn path(&self, edges: &[Edge], to: u32) -> Vec<usize> {
        let mut path = Vec::new();
        let mut cur = to;
        while let Some(e) = self.via[cur as usize] {
            path.push(e);
            cur = edges[e].src;
        }
        path.reverse();
        path
    }
}
