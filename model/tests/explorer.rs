//! The explorer on small hand-made graphs: exact counts, BFS shortest paths, liveness verdicts and
//! lassos, and the cases stateright's `eventually` misses.
#![allow(clippy::unwrap_used)]

use pushwake_model::explorer::{
    ExploreError, Limits, Liveness, LivenessVerdict, PropertyVerdict, StateId, check_eventually,
    check_liveness, check_liveness_report, check_property, explore,
};
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use stateright::{Checker, Model, Property};

/// A graph given as edges `(from, to, class)`; the action is the edge's index in `edges`.
/// States at or above `bound` are outside `within_boundary`.
#[derive(Clone)]
struct Dg {
    init: Vec<u32>,
    edges: Vec<(u32, u32, &'static str)>,
    bound: u32,
    properties: Vec<Property<Dg>>,
}

impl Dg {
    fn new(init: &[u32], edges: &[(u32, u32, &'static str)]) -> Self {
        Self {
            init: init.to_vec(),
            edges: edges.to_vec(),
            bound: u32::MAX,
            properties: Vec::new(),
        }
    }
    /// A chain of `tick` edges through `path`, like stateright's `DGraph::with_path`.
    fn paths(paths: &[&[u32]]) -> Self {
        let mut g = Self::new(&[], &[]);
        for p in paths {
            if !g.init.contains(&p[0]) {
                g.init.push(p[0]);
            }
            for w in p.windows(2) {
                g.edges.push((w[0], w[1], "tick"));
            }
        }
        g
    }
}

impl Model for Dg {
    type State = u32;
    type Action = usize;
    fn init_states(&self) -> Vec<u32> {
        self.init.clone()
    }
    fn actions(&self, state: &u32, actions: &mut Vec<usize>) {
        actions.extend((0..self.edges.len()).filter(|&i| self.edges[i].0 == *state));
    }
    fn next_state(&self, _: &u32, action: usize) -> Option<u32> {
        Some(self.edges[action].1)
    }
    fn within_boundary(&self, state: &u32) -> bool {
        *state < self.bound
    }
    fn properties(&self) -> Vec<Property<Self>> {
        self.properties.clone()
    }
}

impl LabelledModel for Dg {
    fn label(&self, action: &usize) -> ActionLabel {
        ActionLabel {
            role: "env",
            direction: Direction::Internal,
            class: self.edges[*action].2,
            requirement: "TEST-1",
            urgent: false,
            ..ActionLabel::default()
        }
    }
}

fn odd(_: &Dg, s: &u32) -> bool {
    s % 2 == 1
}

/// `G(s == 0 -> F s is odd)`, no fairness.
fn from_zero_odd(fair: &'static [&'static str]) -> Liveness<Dg> {
    Liveness {
        name: "from 0, eventually odd",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| *s == 0,
        goal: |_, s, _| s % 2 == 1,
        fair,
    }
}

/// The states of a lasso part, as model states.
fn states(g: &pushwake_model::explorer::Graph<Dg>, steps: &[(usize, StateId)]) -> Vec<u32> {
    steps.iter().map(|(_, id)| *g.state(*id)).collect()
}

#[test]
fn explores_diamond_with_exact_counts_in_bfs_order() {
    // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3, 3 -> 4: five states, five edges, depth 3.
    let m = Dg::new(
        &[0],
        &[
            (0, 2, "a"),
            (0, 1, "a"),
            (1, 3, "a"),
            (2, 3, "a"),
            (3, 4, "a"),
        ],
    );
    let g = explore(&m, Limits::default()).unwrap();
    assert_eq!(g.states(), &[0, 2, 1, 3, 4]); // BFS, successors in actions() order
    assert_eq!(g.transition_count(), 5);
    assert_eq!(g.max_depth(), 3);
    assert_eq!(g.init(), &[StateId(0)]);
    assert_eq!(
        g.successors(StateId(0)),
        &[(0, StateId(1)), (1, StateId(2))]
    );
    assert_eq!(g.depth(StateId(3)), 2);
    assert_eq!(g.id_of(&4), Some(StateId(4)));
    assert_eq!(g.id_of(&9), None);
    let stats = g.stats();
    assert_eq!((stats.cut, stats.terminal), (0, 1));
    assert!(g.is_terminal(StateId(4)));
}

#[test]
fn path_to_is_shortest_and_takes_first_discovering_edge() {
    // Long way 0 -> 1 -> 2 -> 3 -> 5 and short way 0 -> 4 -> 5.
    let m = Dg::new(
        &[0],
        &[
            (0, 1, "a"),
            (0, 4, "a"),
            (1, 2, "a"),
            (2, 3, "a"),
            (3, 5, "a"),
            (4, 5, "a"),
        ],
    );
    let g = explore(&m, Limits::default()).unwrap();
    let five = g.id_of(&5).unwrap();
    let (init, path) = g.path_to(five);
    assert_eq!(*g.state(init), 0);
    assert_eq!(path.iter().map(|(a, _)| *a).collect::<Vec<_>>(), vec![1, 5]);
    assert_eq!(states(&g, &path), vec![4, 5]);
    assert_eq!(g.path_to(StateId(0)), (StateId(0), Vec::new()));
}

#[test]
fn merges_duplicate_init_states_and_keeps_several_inits() {
    let m = Dg::new(&[3, 1, 3], &[(1, 3, "a"), (3, 1, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    assert_eq!(g.states(), &[3, 1]);
    assert_eq!(g.init(), &[StateId(0), StateId(1)]);
    assert_eq!(g.max_depth(), 0);
    assert_eq!(g.transition_count(), 2);
}

#[test]
fn rejects_more_states_than_max_states() {
    let m = Dg::new(&[0], &[(0, 1, "a"), (1, 2, "a"), (2, 0, "a")]);
    assert_eq!(
        explore(&m, Limits { max_states: 2 }).unwrap_err(),
        ExploreError::TooManyStates(2)
    );
    assert_eq!(
        explore(&m, Limits { max_states: 3 })
            .unwrap()
            .states()
            .len(),
        3
    );
}

#[test]
fn stateright_misses_cycle_violation_that_ours_finds() {
    // stateright's own fixme test: path 0, 2, 4, 2 (a cycle), "eventually odd".
    let mut m = Dg::paths(&[&[0, 2, 4, 2]]);
    m.properties = vec![Property::eventually("odd", odd)];
    let checker = m.clone().checker().spawn_bfs().join();
    assert_eq!(checker.unique_state_count(), 3);
    assert!(checker.discovery("odd").is_none(), "stateright misses it");

    let g = explore(&m, Limits::default()).unwrap();
    let report = check_eventually(&m, &g, &m.properties[0], &[]);
    let lasso = report.verdict.lasso().unwrap();
    assert_eq!(*g.state(lasso.init), 0);
    assert_eq!(states(&g, &lasso.prefix), vec![2]);
    assert_eq!(states(&g, &lasso.cycle), vec![4, 2]);
    assert_eq!(
        lasso.cycle.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        vec![1, 2]
    );

    // The same through a response property.
    match check_liveness(&m, &g, &from_zero_odd(&[])) {
        LivenessVerdict::Violated(l) => assert_eq!(&l, lasso),
        LivenessVerdict::Holds => panic!("cycle violation not found"),
    }
}

#[test]
fn stateright_misses_merge_violation_that_ours_finds() {
    // stateright's own fixme test: paths 0, 2, 4 and 1, 4, 6 meet at 4; 0 2 4 6 never odd.
    let mut m = Dg::paths(&[&[0, 2, 4], &[1, 4, 6]]);
    m.properties = vec![Property::eventually("odd", odd)];
    let checker = m.clone().checker().spawn_bfs().join();
    assert!(checker.discovery("odd").is_none(), "stateright misses it");

    let g = explore(&m, Limits::default()).unwrap();
    let report = check_eventually(&m, &g, &m.properties[0], &[]);
    let lasso = report.verdict.lasso().unwrap();
    assert!(lasso.is_terminal());
    assert_eq!(*g.state(lasso.init), 0);
    assert_eq!(states(&g, &lasso.prefix), vec![2, 4, 6]);
}

#[test]
fn reports_terminal_path_violation() {
    // 0 -> 2 -> 4 (terminal) and 0 -> 1: the branch to 4 never meets the goal.
    let m = Dg::new(&[0], &[(0, 1, "a"), (0, 2, "a"), (2, 4, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = match check_liveness(&m, &g, &from_zero_odd(&[])) {
        LivenessVerdict::Violated(l) => l,
        LivenessVerdict::Holds => panic!("terminal violation not found"),
    };
    assert!(lasso.cycle.is_empty());
    assert_eq!(states(&g, &lasso.prefix), vec![2, 4]);
    assert_eq!(lasso.entry(), g.id_of(&4).unwrap());
}

#[test]
fn holds_when_every_path_reaches_the_goal() {
    let m = Dg::new(&[0], &[(0, 1, "a"), (0, 2, "a"), (2, 3, "a"), (3, 3, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    let r = check_liveness_report(&m, &g, &from_zero_odd(&[]));
    assert!(r.verdict.holds());
    assert_eq!(
        (r.instances_checked, r.region_states, r.cut_in_region),
        (1, 2, 0)
    );
}

/// 0 waits (self-loop `idle`) or delivers to 1 (the goal).
fn waiting_model() -> Dg {
    Dg::new(&[0], &[(0, 0, "idle"), (0, 1, "deliver")])
}

#[test]
fn fairness_of_the_delivering_class_rules_out_the_idle_loop() {
    let m = waiting_model();
    let g = explore(&m, Limits::default()).unwrap();
    assert!(check_liveness(&m, &g, &from_zero_odd(&["deliver"])).holds());
}

#[test]
fn dropping_the_class_from_fair_turns_holds_into_a_violation() {
    let m = waiting_model();
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = match check_liveness(&m, &g, &from_zero_odd(&[])) {
        LivenessVerdict::Violated(l) => l,
        LivenessVerdict::Holds => panic!("idle loop not found"),
    };
    assert!(lasso.prefix.is_empty());
    assert_eq!(lasso.cycle, vec![(0, StateId(0))]); // the idle self-loop
    // Fairness of an unrelated class does not help either.
    assert!(!check_liveness(&m, &g, &from_zero_odd(&["idle"])).holds());
}

#[test]
fn weak_fairness_allows_a_cycle_that_disables_the_class() {
    // 0 <-> 2 loops; "deliver" (to the goal 1) is enabled at 0 only. Weak fairness needs the class
    // continuously enabled, and state 2 disables it, so the loop is fair and violates.
    let m = Dg::new(&[0], &[(0, 2, "idle"), (2, 0, "idle"), (0, 1, "deliver")]);
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = match check_liveness(&m, &g, &from_zero_odd(&["deliver"])) {
        LivenessVerdict::Violated(l) => l,
        LivenessVerdict::Holds => panic!("weakly fair loop not found"),
    };
    assert!(lasso.prefix.is_empty());
    assert_eq!(states(&g, &lasso.cycle), vec![2, 0]);
}

#[test]
fn fair_cycle_takes_an_edge_of_every_fair_class() {
    // Component {0, 2, 4}: "a" edges 0->2, 2->0; "b" edge 4->0 and 0->4; goal 1 by "deliver"
    // from 0 only. Fair {a, b}: the cycle must include a "b" edge.
    let m = Dg::new(
        &[0],
        &[
            (0, 2, "a"),
            (2, 0, "a"),
            (0, 4, "b"),
            (4, 0, "b"),
            (2, 1, "deliver"),
        ],
    );
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = match check_liveness(&m, &g, &from_zero_odd(&["a", "b"])) {
        LivenessVerdict::Violated(l) => l,
        LivenessVerdict::Holds => panic!("fair loop not found"),
    };
    let classes: Vec<&str> = lasso.cycle.iter().map(|(a, _)| m.edges[*a].2).collect();
    assert_eq!(classes, vec!["a", "a", "b", "b"]);
    assert_eq!(lasso.cycle.last().unwrap().1, lasso.entry());
    // With "deliver" fair too, 4 disables it but "deliver" is never taken inside: still fair.
    assert!(!check_liveness(&m, &g, &from_zero_odd(&["a", "b", "deliver"])).holds());
}

#[test]
fn reports_the_violated_instance() {
    // Instance i: trigger at 0, goal "state == i + 1"; only 1 is reachable.
    let m = Dg::new(&[0], &[(0, 1, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    let p = Liveness::<Dg> {
        name: "reach i + 1",
        requirement: "TEST-1",
        instances: 3,
        trigger: |_, s, _| *s == 0,
        goal: |_, s, i| *s as usize == i + 1,
        fair: &[],
    };
    let r = check_liveness_report(&m, &g, &p);
    let lasso = r.verdict.lasso().unwrap();
    assert_eq!(lasso.instance, 1);
    assert_eq!(r.instances_checked, 2);
    assert_eq!(states(&g, &lasso.prefix), vec![1]);
}

#[test]
fn cut_states_are_kept_unexpanded_and_never_a_violation() {
    // 0 -> 2 -> 4 -> 6 with 4 and above outside the boundary: 4 is cut, 6 never generated.
    let mut m = Dg::paths(&[&[0, 2, 4, 6]]);
    m.bound = 4;
    let g = explore(&m, Limits::default()).unwrap();
    assert_eq!(g.states(), &[0, 2, 4]);
    assert_eq!(g.cut_count(), 1);
    let four = g.id_of(&4).unwrap();
    assert!(g.is_cut(four));
    assert!(!g.is_terminal(four));
    assert!(g.successors(four).is_empty());
    let r = check_liveness_report(&m, &g, &from_zero_odd(&[]));
    assert!(r.verdict.holds());
    assert_eq!((r.region_states, r.cut_in_region), (3, 1));
}

#[test]
fn cut_states_do_not_hide_a_cycle_in_the_explored_part() {
    let mut m = Dg::new(&[0], &[(0, 2, "a"), (2, 0, "a"), (2, 8, "a")]);
    m.bound = 4;
    let g = explore(&m, Limits::default()).unwrap();
    let r = check_liveness_report(&m, &g, &from_zero_odd(&[]));
    let lasso = r.verdict.lasso().unwrap();
    assert_eq!(states(&g, &lasso.cycle), vec![2, 0]);
    assert_eq!(r.cut_in_region, 1);
}

#[test]
fn names_fair_classes_that_label_no_transition() {
    let m = waiting_model();
    let g = explore(&m, Limits::default()).unwrap();
    let r = check_liveness_report(&m, &g, &from_zero_odd(&["deliver", "delvier"]));
    assert_eq!(r.unknown_fair_classes, vec!["delvier"]);
}

#[test]
fn prints_lasso_with_labels() {
    let m = Dg::paths(&[&[0, 2, 4, 2]]);
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = match check_liveness(&m, &g, &from_zero_odd(&[])) {
        LivenessVerdict::Violated(l) => l,
        LivenessVerdict::Holds => panic!("cycle violation not found"),
    };
    assert_eq!(
        lasso.display(&m).to_string(),
        "instance 0: init s0\n\
         \x20 0  [env/internal, tick, TEST-1]  -> s1\n\
         -- cycle --\n\
         \x20 1  [env/internal, tick, TEST-1]  -> s2\n\
         \x20 2  [env/internal, tick, TEST-1]  -> s1\n"
    );
}

#[test]
fn evaluates_always_and_sometimes_properties_in_bfs_order() {
    let mut m = Dg::new(&[0], &[(0, 2, "a"), (2, 3, "a"), (0, 5, "a"), (5, 7, "a")]);
    m.bound = 7;
    let g = explore(&m, Limits::default()).unwrap();
    let sometimes_odd = Property::<Dg>::sometimes("odd", odd);
    let always_small = Property::<Dg>::always("small", |_, s| *s < 6);
    let always_small_but_3 = Property::<Dg>::always("not 3", |_, s| *s != 3 && *s != 5);
    assert_eq!(
        check_property(&m, &g, &sometimes_odd),
        Some(PropertyVerdict::Found(g.id_of(&5).unwrap()))
    );
    // 7 is cut: skipped, as stateright skips states outside the boundary.
    assert_eq!(
        check_property(&m, &g, &always_small),
        Some(PropertyVerdict::NotFound)
    );
    assert_eq!(
        check_property(&m, &g, &always_small_but_3),
        Some(PropertyVerdict::Found(g.id_of(&5).unwrap()))
    );
    assert_eq!(
        check_property(&m, &g, &Property::eventually("odd", odd)),
        None
    );
    assert_eq!(g.find(|s| *s == 3), g.id_of(&3));
}

/// `K` counters modulo `m`; any counter may be incremented (`m^K` states, `K` edges each).
#[derive(Clone)]
struct Counters {
    m: u8,
}

impl Model for Counters {
    type State = [u8; 3];
    type Action = u8;
    fn init_states(&self) -> Vec<[u8; 3]> {
        vec![[0; 3]]
    }
    fn actions(&self, _: &[u8; 3], actions: &mut Vec<u8>) {
        actions.extend(0..3);
    }
    fn next_state(&self, s: &[u8; 3], a: u8) -> Option<[u8; 3]> {
        let mut n = *s;
        n[usize::from(a)] = (n[usize::from(a)] + 1) % self.m;
        Some(n)
    }
    fn properties(&self) -> Vec<Property<Self>> {
        vec![Property::always("true", |_, _| true)]
    }
}

impl LabelledModel for Counters {
    fn label(&self, a: &u8) -> ActionLabel {
        ActionLabel {
            role: "env",
            direction: Direction::Internal,
            class: ["inc0", "inc1", "inc2"][usize::from(*a)],
            requirement: "TEST-1",
            urgent: false,
            ..ActionLabel::default()
        }
    }
}

#[test]
fn agrees_with_stateright_on_state_count_and_depth() {
    let m = Counters { m: 6 };
    let g = explore(&m, Limits::default()).unwrap();
    let checker = m.clone().checker().spawn_bfs().join();
    assert_eq!(g.states().len(), 216);
    assert_eq!(checker.unique_state_count(), 216);
    assert_eq!(g.transition_count(), 216 * 3);
    assert_eq!(g.max_depth(), 15); // 5 increments on each of 3 counters
    assert_eq!(g.transitions().count(), g.transition_count());
    assert_eq!(
        g.transitions().nth(4).map(|(f, a, t)| (f, *a, t)),
        Some((StateId(1), 1, g.id_of(&[1, 1, 0]).unwrap()))
    );
}

#[test]
fn counter_fairness_decides_return_to_zero() {
    // Counter 0 at 1 must return to 0: only weak fairness of inc0 rules out looping on the others.
    let m = Counters { m: 4 };
    let g = explore(&m, Limits::default()).unwrap();
    let p = |fair| Liveness::<Counters> {
        name: "counter 0 returns",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| s[0] == 1,
        goal: |_, s, _| s[0] == 0,
        fair,
    };
    let fair = check_liveness_report(&m, &g, &p(&["inc0"]));
    assert!(fair.verdict.holds());
    assert_eq!(fair.region_states, 3 * 16);
    let unfair = check_liveness(&m, &g, &p(&["inc1", "inc2"]));
    let lasso = unfair.lasso().unwrap();
    // Shortest prefix: one inc0 from the initial state; then a cycle of inc1 and inc2 only.
    assert_eq!(lasso.prefix, vec![(0, g.id_of(&[1, 0, 0]).unwrap())]);
    assert!(lasso.cycle.iter().all(|(a, _)| *a != 0));
    assert!(lasso.cycle.iter().any(|(a, _)| *a == 1));
    assert!(lasso.cycle.iter().any(|(a, _)| *a == 2));
}

/// A ring of `n` states, 0 -> 1 -> ... -> n-1 -> 0.
struct Ring {
    n: u32,
}

impl Model for Ring {
    type State = u32;
    type Action = ();
    fn init_states(&self) -> Vec<u32> {
        vec![0]
    }
    fn actions(&self, _: &u32, actions: &mut Vec<()>) {
        actions.push(());
    }
    fn next_state(&self, s: &u32, _: ()) -> Option<u32> {
        Some((s + 1) % self.n)
    }
}

impl LabelledModel for Ring {
    fn label(&self, _: &()) -> ActionLabel {
        ActionLabel {
            role: "env",
            direction: Direction::Internal,
            class: "step",
            requirement: "TEST-1",
            urgent: false,
            ..ActionLabel::default()
        }
    }
}

#[test]
fn finds_a_cycle_of_200k_states_without_recursion() {
    let m = Ring { n: 200_000 };
    let g = explore(&m, Limits::default()).unwrap();
    assert_eq!((g.states().len(), g.max_depth()), (200_000, 199_999));
    let p = Liveness::<Ring> {
        name: "never",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| *s == 0,
        goal: |_, _, _| false,
        fair: &["step"],
    };
    let lasso = check_liveness(&m, &g, &p).lasso().cloned().unwrap();
    assert!(lasso.prefix.is_empty());
    assert_eq!(lasso.cycle.len(), 200_000);
    assert_eq!(lasso.cycle.last().unwrap().1, StateId(0));
}

impl pushwake_model::explorer::LivenessModel for Dg {
    fn liveness(&self) -> Vec<Liveness<Self>> {
        vec![from_zero_odd(&["deliver"]), from_zero_odd(&[])]
    }
}

#[test]
fn checks_every_declared_property_in_order() {
    let m = waiting_model();
    let g = explore(&m, Limits::default()).unwrap();
    let all = pushwake_model::explorer::check_all_liveness(&m, &g);
    let verdicts: Vec<(&[&str], bool)> = all
        .iter()
        .map(|(p, r)| (p.fair, r.verdict.holds()))
        .collect();
    assert_eq!(verdicts, vec![(&["deliver"][..], true), (&[][..], false)]);
}

#[test]
fn reports_the_counterexample_with_the_shortest_prefix() {
    // A cycle 2 <-> 4 entered after one step, a terminal 6 after two, a terminal 8 after one.
    // Candidates at distance 1: the cycle entry 2 (id 1) and the terminal 8 (id 2): lowest id wins.
    let m = Dg::new(
        &[0],
        &[
            (0, 2, "a"),
            (0, 8, "a"),
            (2, 4, "a"),
            (4, 2, "a"),
            (4, 6, "a"),
        ],
    );
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = check_liveness(&m, &g, &from_zero_odd(&[]))
        .lasso()
        .cloned()
        .unwrap();
    assert_eq!(states(&g, &lasso.prefix), vec![2]);
    assert_eq!(states(&g, &lasso.cycle), vec![4, 2]);
    // Without the cycle, the nearer terminal state (8) is reported, not 6.
    let m = Dg::new(&[0], &[(0, 2, "a"), (2, 4, "a"), (4, 6, "a"), (0, 8, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    let lasso = check_liveness(&m, &g, &from_zero_odd(&[]))
        .lasso()
        .cloned()
        .unwrap();
    assert_eq!(states(&g, &lasso.prefix), vec![8]);
    assert!(lasso.is_terminal());
}

#[test]
fn prefix_is_shortest_over_trigger_depth_plus_region_path() {
    // Trigger 10 is itself terminal but five steps deep; trigger 20 is one step deep and its
    // terminal successor 22 two steps: the whole prefix 0 20 22 is the shortest counterexample.
    let m = Dg::new(
        &[0],
        &[
            (0, 2, "a"),
            (2, 4, "a"),
            (4, 6, "a"),
            (6, 8, "a"),
            (8, 10, "a"),
            (0, 20, "a"),
            (20, 22, "a"),
        ],
    );
    let g = explore(&m, Limits::default()).unwrap();
    let p = Liveness::<Dg> {
        name: "10 or 20 leads to odd",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| *s == 10 || *s == 20,
        goal: |_, s, _| s % 2 == 1,
        fair: &[],
    };
    let lasso = check_liveness(&m, &g, &p).lasso().cloned().unwrap();
    assert_eq!(states(&g, &lasso.prefix), vec![20, 22]);
}

#[test]
fn goal_in_the_trigger_state_discharges_the_obligation() {
    // 1 is odd and the trigger; it then loops on even states forever, but the goal already held.
    let m = Dg::new(&[1], &[(1, 2, "a"), (2, 2, "a")]);
    let g = explore(&m, Limits::default()).unwrap();
    let p = Liveness::<Dg> {
        name: "1 leads to odd",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| *s == 1,
        goal: |_, s, _| s % 2 == 1,
        fair: &[],
    };
    let r = check_liveness_report(&m, &g, &p);
    assert!(r.verdict.holds());
    assert_eq!(r.region_states, 0);
}

#[test]
fn sound_eventually_respects_fairness() {
    let mut m = waiting_model();
    m.properties = vec![Property::eventually("odd", odd)];
    let g = explore(&m, Limits::default()).unwrap();
    assert!(
        check_eventually(&m, &g, &m.properties[0], &["deliver"])
            .verdict
            .holds()
    );
    let unfair = check_eventually(&m, &g, &m.properties[0], &[]);
    assert_eq!(
        unfair.verdict.lasso().map(|l| l.cycle.clone()),
        Some(vec![(0, StateId(0))])
    );
}

#[test]
fn exploration_and_verdicts_are_deterministic() {
    let m = Counters { m: 5 };
    let a = explore(&m, Limits::default()).unwrap();
    let b = explore(&m, Limits::default()).unwrap();
    assert_eq!(a.states(), b.states());
    assert!(a.transitions().eq(b.transitions()));
    let p = Liveness::<Counters> {
        name: "counter 0 returns",
        requirement: "TEST-1",
        instances: 1,
        trigger: |_, s, _| s[0] == 1,
        goal: |_, s, _| s[0] == 0,
        fair: &["inc1"],
    };
    let la = check_liveness(&m, &a, &p).lasso().cloned().unwrap();
    let lb = check_liveness(&m, &b, &p).lasso().cloned().unwrap();
    assert_eq!(la, lb);
    assert_eq!(la.display(&m).to_string(), lb.display(&m).to_string());
}
