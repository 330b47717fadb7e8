//! Liveness by strongly connected components: the response check behind [`super::check_liveness`].
//!
//! For one instance `i` of `G(trigger(i) -> F goal(i))`:
//! 1. The obligation region: the `!goal(i)` states reachable, through `!goal(i)` states, from a
//!    state where `trigger(i) && !goal(i)`. A breadth-first search from those sources, each
//!    injected at its own BFS depth, gives every region state the length of its shortest
//!    counterexample prefix (shortest path from an initial state to a trigger, then within the
//!    region).
//! 2. A terminal state (expanded, no successor) in the region is a violation: a finite maximal path
//!    on which the goal never holds. Cut states (outside the boundary) are not: their future is
//!    unknown.
//! 3. Tarjan's algorithm (iterative: graphs reach millions of states) on the subgraph induced by the
//!    region. A component is a cycle when it has two states or more, or one state with a self-loop.
//!    It admits a weakly fair infinite path when, for every fair class, it has an internal edge of
//!    that class or a state where no action of the class is enabled. Checking maximal components
//!    suffices under weak fairness: a sub-component has no more internal edges of a class and no
//!    more disabling states than the component containing it.
//! 4. The reported counterexample is the candidate with the shortest prefix (ties: lowest id); its
//!    cycle visits, for each fair class, an edge of that class or a state disabling it.
//!
//! Indexing invariant: every state index used below is a [`StateId`] minted by
//! [`super::explore`] or a position below `graph.states.len()`, and every per-state vector here has
//! that length; every edge index lies in some `edge_range`, below `graph.edges.len()`. So the
//! slice indexing cannot panic on a graph built by `explore`.
use super::{Graph, Lasso, Liveness, LivenessModel, LivenessVerdict, NONE, StateId, bit};
use crate::LabelledModel;
use stateright::{Model, Property};
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// A [`LivenessVerdict`] with the figures that qualify it.
pub struct LivenessReport<M: Model> {
    /// The verdict.
    pub verdict: LivenessVerdict<M>,
    /// Instances examined (all of them when the property holds; up to the violated one otherwise).
    pub instances_checked: usize,
    /// States in the obligation regions, summed over the instances examined.
    pub region_states: usize,
    /// Cut states (outside `within_boundary`) inside the obligation regions. When non-zero, a
    /// `Holds` covers only the explored part: paths through these states were not followed.
    pub cut_in_region: usize,
    /// Classes named in `fair` that label no transition of the graph (probably a typo: such a
    /// class is disabled everywhere, so its fairness constrains nothing).
    pub unknown_fair_classes: Vec<&'static str>,
}

impl<M: Model> std::fmt::Debug for LivenessReport<M>
where
    M::Action: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LivenessReport")
            .field("verdict", &self.verdict)
            .field("instances_checked", &self.instances_checked)
            .field("region_states", &self.region_states)
            .field("cut_in_region", &self.cut_in_region)
            .field("unknown_fair_classes", &self.unknown_fair_classes)
            .finish()
    }
}

/// [`super::check_liveness`], with the figures that qualify the verdict.
pub fn check_liveness_report<M: LabelledModel>(
    model: &M,
    graph: &Graph<M>,
    property: &Liveness<M>,
) -> LivenessReport<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    let fairness = Fairness::new(model, graph, property.fair);
    let mut report = LivenessReport {
        verdict: LivenessVerdict::Holds,
        instances_checked: 0,
        region_states: 0,
        cut_in_region: 0,
        unknown_fair_classes: fairness.unknown.clone(),
    };
    for instance in 0..property.instances {
        report.instances_checked += 1;
        let trigger = |i: usize| (property.trigger)(model, &graph.states[i], instance);
        let goal = |i: usize| (property.goal)(model, &graph.states[i], instance);
        if let Some(lasso) = check_response(graph, &fairness, trigger, goal, instance, &mut report)
        {
            report.verdict = LivenessVerdict::Violated(lasso);
            break;
        }
    }
    report
}

/// Every liveness property a [`LivenessModel`] declares, each with its report, in declaration
/// order.
pub fn check_all_liveness<M: LivenessModel>(
    model: &M,
    graph: &Graph<M>,
) -> Vec<(Liveness<M>, LivenessReport<M>)>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    model
        .liveness()
        .into_iter()
        .map(|p| {
            let r = check_liveness_report(model, graph, &p);
            (p, r)
        })
        .collect()
}

/// Stateright's `eventually` judged soundly: on every path from an initial state that is weakly
/// fair for the classes in `fair` (every maximal finite path, and every fair infinite one), the
/// property's condition holds at some state. The `expectation` of `property` is not consulted;
/// the lasso's `instance` is 0.
pub fn check_eventually<M: LabelledModel>(
    model: &M,
    graph: &Graph<M>,
    property: &Property<M>,
    fair: &[&'static str],
) -> LivenessReport<M>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    let fairness = Fairness::new(model, graph, fair);
    let mut report = LivenessReport {
        verdict: LivenessVerdict::Holds,
        instances_checked: 1,
        region_states: 0,
        cut_in_region: 0,
        unknown_fair_classes: fairness.unknown.clone(),
    };
    // Initial states are exactly the states without a BFS parent.
    let trigger = |i: usize| graph.parent[i] == NONE;
    let goal = |i: usize| (property.condition)(model, &graph.states[i]);
    if let Some(lasso) = check_response(graph, &fairness, trigger, goal, 0, &mut report) {
        report.verdict = LivenessVerdict::Violated(lasso);
    }
    report
}

/// The fair classes, deduplicated, and the fair class of every edge.
struct Fairness {
    /// Number of distinct fair classes.
    count: usize,
    /// Per edge (global index): the index of its class among the fair classes, or `NONE`.
    edge_class: Vec<u32>,
    unknown: Vec<&'static str>,
}

impl Fairness {
    fn new<M: LabelledModel>(model: &M, graph: &Graph<M>, fair: &[&'static str]) -> Self
    where
        M::State: Hash + Clone,
        M::Action: Clone,
    {
        let mut classes: Vec<&'static str> = Vec::new();
        for &c in fair {
            if !classes.contains(&c) {
                classes.push(c);
            }
        }
        let named = classes.len();
        let mut seen = vec![false; named];
        // Classes whose labels declare them fair join the listed ones, in order of first
        // appearance in the graph (deterministic: edges are in graph order).
        let edge_class = graph
            .edges
            .iter()
            .map(|(a, _)| {
                let label = model.label(a);
                let j = match classes.iter().position(|&c| c == label.class) {
                    Some(j) => j,
                    None if label.fair => {
                        classes.push(label.class);
                        classes.len() - 1
                    }
                    None => return NONE,
                };
                if let Some(s) = seen.get_mut(j) {
                    *s = true;
                }
                // j < classes.len(): a few names, far below u32::MAX.
                j as u32
            })
            .collect();
        let unknown = classes[..named]
            .iter()
            .zip(&seen)
            .filter(|(_, s)| !**s)
            .map(|(c, _)| *c)
            .collect();
        Self {
            count: classes.len(),
            edge_class,
            unknown,
        }
    }
}

/// Caches a per-state predicate (evaluated at most once per state).
struct Memo<F> {
    f: F,
    /// 0 unknown, 1 false, 2 true.
    cache: Vec<u8>,
}

impl<F: Fn(usize) -> bool> Memo<F> {
    fn new(f: F, n: usize) -> Self {
        Self {
            f,
            cache: vec![0; n],
        }
    }
    fn get(&mut self, i: usize) -> bool {
        match self.cache[i] {
            1 => false,
            2 => true,
            _ => {
                let v = (self.f)(i);
                self.cache[i] = if v { 2 } else { 1 };
                v
            }
        }
    }
}

/// A violation candidate: its prefix length and entry state, and the component (or `NONE` for a
/// terminal state).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    dist: u32,
    entry: u32,
    component: u32,
}

fn check_response<M: Model>(
    graph: &Graph<M>,
    fairness: &Fairness,
    trigger: impl Fn(usize) -> bool,
    goal: impl Fn(usize) -> bool,
    instance: usize,
    report: &mut LivenessReport<M>,
) -> Option<Lasso<M>>
where
    M::State: Hash + Clone,
    M::Action: Clone,
{
    let n = graph.states.len();
    let mut goal = Memo::new(goal, n);

    // 1. The obligation region, by BFS with sources injected at their own depth.
    let sources: Vec<u32> = (0..n)
        .filter(|&i| trigger(i) && !goal.get(i))
        .map(|i| i as u32) // i < n <= MAX_STATE_IDS
        .collect();
    if sources.is_empty() {
        return None;
    }
    let mut dist = vec![NONE; n];
    let mut parent = vec![NONE; n];
    let mut queue: VecDeque<u32> = VecDeque::new();
    let mut next_source = 0;
    loop {
        let source = sources.get(next_source).copied();
        let take_source = match (source, queue.front()) {
            (Some(s), Some(&q)) => graph.depth(StateId(s)) <= dist[q as usize] as usize,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let v = match (take_source, source) {
            (true, Some(s)) => {
                next_source += 1;
                if dist[s as usize] != NONE {
                    continue;
                }
                // A depth is at most the state count, below u32::MAX.
                dist[s as usize] = graph.depth(StateId(s)) as u32;
                s
            }
            _ => match queue.pop_front() {
                Some(q) => q,
                None => break,
            },
        };
        for e in graph.edge_range(v as usize) {
            let w = graph.edges[e].1.index();
            if dist[w] == NONE && !goal.get(w) {
                dist[w] = dist[v as usize] + 1;
                parent[w] = v;
                queue.push_back(w as u32);
            }
        }
    }

    // 2. Terminal states in the region.
    let mut best: Option<Candidate> = None;
    for (v, &d) in dist.iter().enumerate() {
        if d == NONE {
            continue;
        }
        report.region_states += 1;
        if bit(&graph.cut, v) {
            report.cut_in_region += 1;
        } else if graph.edge_range(v).is_empty() {
            let c = Candidate {
                dist: d,
                entry: v as u32,
                component: NONE,
            };
            best = Some(best.map_or(c, |b| b.min(c)));
        }
    }

    // 3. Fair cycles.
    let comp = tarjan(graph, &dist, |members, cid, comp| {
        if let Some(c) = fair_component(graph, fairness, members, cid, comp, &dist) {
            best = Some(best.map_or(c, |b| b.min(c)));
        }
    });

    // 4. The lasso.
    let best = best?;
    let mut chain = Vec::new();
    let mut cur = best.entry;
    while parent[cur as usize] != NONE {
        let p = parent[cur as usize];
        chain.push(
            graph
                .first_edge(p as usize, cur)
                .expect("invariant: a region parent has an edge to its child"),
        );
        cur = p;
    }
    chain.reverse();
    let (init, mut prefix) = graph.path_to(StateId(cur));
    prefix.extend(chain.into_iter().map(|e| graph.edges[e].clone()));
    let cycle = if best.component == NONE {
        Vec::new()
    } else {
        fair_cycle(graph, fairness, &comp, best.component, best.entry)
            .into_iter()
            .map(|e| graph.edges[e].clone())
            .collect()
    };
    Some(Lasso {
        instance,
        init,
        prefix,
        cycle,
    })
}

/// Iterative Tarjan over the states with `dist != NONE`, roots in id order. Calls `on_component`
/// with each component's members (after labelling them with the component id in `comp`); returns
/// the component id of every state (`NONE` outside the region).
fn tarjan<M: Model>(
    graph: &Graph<M>,
    dist: &[u32],
    mut on_component: impl FnMut(&[u32], u32, &[u32]),
) -> Vec<u32> {
    let n = dist.len();
    let mut index = vec![NONE; n];
    let mut low = vec![NONE; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<u32> = Vec::new();
    // (state, next edge to look at)
    let mut calls: Vec<(u32, usize)> = Vec::new();
    let mut counter: u32 = 0;
    let mut components: u32 = 0;
    for root in 0..n {
        if dist[root] == NONE || index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1; // at most n <= MAX_STATE_IDS visits
        stack.push(root as u32);
        calls.push((root as u32, graph.offsets[root]));
        while let Some(top) = calls.last_mut() {
            let v = top.0 as usize;
            if top.1 < graph.offsets[v + 1] {
                let w = graph.edges[top.1].1.index();
                top.1 += 1;
                if dist[w] == NONE {
                    continue;
                }
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    calls.push((w as u32, graph.offsets[w]));
                } else if comp[w] == NONE {
                    // w is on the stack.
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u as usize] = low[u as usize].min(low[v]);
            }
            if low[v] == index[v] {
                let start = stack
                    .iter()
                    .rposition(|&s| s as usize == v)
                    .expect("invariant: a component root is on the stack");
                let cid = components;
                components += 1;
                for &s in &stack[start..] {
                    comp[s as usize] = cid;
                }
                on_component(&stack[start..], cid, &comp);
                stack.truncate(start);
            }
        }
    }
    comp
}

/// When the component is a cycle that admits a weakly fair path, its candidate.
fn fair_component<M: Model>(
    graph: &Graph<M>,
    fairness: &Fairness,
    members: &[u32],
    cid: u32,
    comp: &[u32],
    dist: &[u32],
) -> Option<Candidate> {
    let internal = |e: usize| comp[graph.edges[e].1.index()] == cid;
    let is_cycle = members.len() > 1 || {
        let v = members.first()?;
        graph
            .edge_range(*v as usize)
            .any(|e| graph.edges[e].1.0 == *v)
    };
    if !is_cycle {
        return None;
    }
    let mut taken = vec![false; fairness.count];
    let mut disabled = vec![false; fairness.count];
    let mut enabled = vec![false; fairness.count];
    for &v in members {
        enabled.iter_mut().for_each(|x| *x = false);
        for e in graph.edge_range(v as usize) {
            let j = fairness.edge_class[e];
            if j != NONE {
                enabled[j as usize] = true;
                if internal(e) {
                    taken[j as usize] = true;
                }
            }
        }
        for (d, en) in disabled.iter_mut().zip(&enabled) {
            *d |= !*en;
        }
    }
    if !taken.iter().zip(&disabled).all(|(t, d)| *t || *d) {
        return None;
    }
    let entry = members
        .iter()
        .copied()
        .min_by_key(|&v| (dist[v as usize], v))?;
    Some(Candidate {
        dist: dist[entry as usize],
        entry,
        component: cid,
    })
}

/// A cycle from `entry` back to it inside component `cid`, visiting for each fair class an
/// internal edge of the class or a state where it is disabled. Returns global edge indices.
fn fair_cycle<M: Model>(
    graph: &Graph<M>,
    fairness: &Fairness,
    comp: &[u32],
    cid: u32,
    entry: u32,
) -> Vec<usize> {
    let internal_of = |v: u32, j: u32| {
        graph
            .edge_range(v as usize)
            .find(|&e| fairness.edge_class[e] == j && comp[graph.edges[e].1.index()] == cid)
    };
    let disables = |v: u32, j: u32| {
        !graph
            .edge_range(v as usize)
            .any(|e| fairness.edge_class[e] == j)
    };
    let mut cycle = Vec::new();
    let mut cur = entry;
    for j in 0..fairness.count as u32 {
        // Prefer taking an edge of the class; fall back to visiting a state disabling it.
        let target: &dyn Fn(u32) -> bool = if has_internal(graph, fairness, comp, cid, j) {
            &|v| internal_of(v, j).is_some()
        } else {
            &|v| disables(v, j)
        };
        let path = scc_path(graph, comp, cid, cur, target, false)
            .expect("invariant: the component was judged fair, so the target exists in it");
        cur = path.last().map_or(cur, |&e| graph.edges[e].1.0);
        cycle.extend(path);
        if let Some(e) = internal_of(cur, j) {
            cycle.push(e);
            cur = graph.edges[e].1.0;
        }
    }
    let back = scc_path(graph, comp, cid, cur, &|v| v == entry, cycle.is_empty())
        .expect("invariant: a component is strongly connected and is a cycle");
    cycle.extend(back);
    cycle
}

fn has_internal<M: Model>(
    graph: &Graph<M>,
    fairness: &Fairness,
    comp: &[u32],
    cid: u32,
    j: u32,
) -> bool {
    (0..comp.len()).filter(|&v| comp[v] == cid).any(|v| {
        graph
            .edge_range(v)
            .any(|e| fairness.edge_class[e] == j && comp[graph.edges[e].1.index()] == cid)
    })
}

/// Shortest path (edge indices) inside component `cid` from `from` to a state satisfying
/// `target`; with `at_least_one`, a path of one edge or more (so `from` may be its own target).
fn scc_path<M: Model>(
    graph: &Graph<M>,
    comp: &[u32],
    cid: u32,
    from: u32,
    target: &dyn Fn(u32) -> bool,
    at_least_one: bool,
) -> Option<Vec<usize>> {
    if !at_least_one && target(from) {
        return Some(Vec::new());
    }
    // Lookup only, never iterated: state -> (predecessor, edge).
    let mut prev: HashMap<u32, (u32, usize)> = HashMap::new();
    prev.insert(from, (NONE, 0));
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for e in graph.edge_range(v as usize) {
            let w = graph.edges[e].1.0;
            if comp[w as usize] != cid {
                continue;
            }
            if target(w) {
                let mut path = vec![e];
                let mut cur = v;
                while cur != from {
                    let (p, pe) = prev[&cur];
                    path.push(pe);
                    cur = p;
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = prev.entry(w) {
                slot.insert((v, e));
                queue.push_back(w);
            }
        }
    }
    None
}
