//! Property tests: on random small graphs, our SCC verdict agrees with a brute-force search over
//! the definition (the set of edges a path takes infinitely often), and every lasso we return is a
//! real, fair counterexample.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use pushwake_model::explorer::{Lasso, Limits, Liveness, check_liveness, explore};
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use stateright::Model;

const CLASSES: [&str; 3] = ["a", "b", "c"];

/// A random graph over states `0..n`; the action is the index of an edge.
#[derive(Clone, Debug)]
struct Rg {
    n: u8,
    init: Vec<u8>,
    /// (from, to, class index)
    edges: Vec<(u8, u8, usize)>,
    trigger: u8,
    goal: u8,
    /// States outside the boundary.
    cut: u8,
}

fn has(mask: u8, s: u8) -> bool {
    mask >> s & 1 == 1
}

impl Model for Rg {
    type State = u8;
    type Action = usize;
    fn init_states(&self) -> Vec<u8> {
        self.init.clone()
    }
    fn actions(&self, s: &u8, actions: &mut Vec<usize>) {
        actions.extend((0..self.edges.len()).filter(|&i| self.edges[i].0 == *s));
    }
    fn next_state(&self, _: &u8, a: usize) -> Option<u8> {
        Some(self.edges[a].1)
    }
    fn within_boundary(&self, s: &u8) -> bool {
        !has(self.cut, *s)
    }
}

impl LabelledModel for Rg {
    fn label(&self, a: &usize) -> ActionLabel {
        ActionLabel {
            role: "env",
            direction: Direction::Internal,
            class: CLASSES[self.edges[*a].2],
            requirement: "TEST-1",
            urgent: false,
            ..ActionLabel::default()
        }
    }
}

impl Rg {
    /// Edges out of `s` as the explorer sees them (none for a cut state).
    fn outs(&self, s: u8) -> Vec<usize> {
        if has(self.cut, s) {
            return Vec::new();
        }
        (0..self.edges.len())
            .filter(|&i| self.edges[i].0 == s)
            .collect()
    }
    fn enables(&self, s: u8, class: usize) -> bool {
        self.outs(s).iter().any(|&e| self.edges[e].2 == class)
    }
    /// States reachable from `from` (inclusive) through states satisfying `ok`.
    fn reach(&self, from: &[u8], ok: impl Fn(u8) -> bool) -> Vec<bool> {
        let mut seen = vec![false; usize::from(self.n)];
        let mut stack: Vec<u8> = from.iter().copied().filter(|&s| ok(s)).collect();
        while let Some(s) = stack.pop() {
            if std::mem::replace(&mut seen[usize::from(s)], true) {
                continue;
            }
            for e in self.outs(s) {
                let t = self.edges[e].1;
                if ok(t) && !seen[usize::from(t)] {
                    stack.push(t);
                }
            }
        }
        seen
    }
}

/// The definition, brute force: a violation is a reachable `trigger && !goal` state from which,
/// through `!goal` states, either a terminal (expanded, no successor) state is reachable, or a set
/// of edges that some path can take infinitely often (strongly connected, non-empty) that is
/// weakly fair.
fn brute_force_violated(m: &Rg, fair: &[usize]) -> bool {
    let n = m.n;
    let reachable = m.reach(&m.init, |_| true);
    let not_goal = |s: u8| !has(m.goal, s);
    let sources: Vec<u8> = (0..n)
        .filter(|&s| reachable[usize::from(s)] && has(m.trigger, s) && not_goal(s))
        .collect();
    let region = m.reach(&sources, not_goal);
    let in_region = |s: u8| region[usize::from(s)];
    if (0..n).any(|s| in_region(s) && !has(m.cut, s) && m.outs(s).is_empty()) {
        return true;
    }
    let count = m.edges.len();
    'subsets: for mask in 1u32..(1 << count) {
        let chosen: Vec<usize> = (0..count).filter(|&e| mask >> e & 1 == 1).collect();
        let mut states = 0u8;
        for &e in &chosen {
            let (f, t, _) = m.edges[e];
            if has(m.cut, f) || !in_region(f) || !in_region(t) {
                continue 'subsets;
            }
            states |= 1 << f | 1 << t;
        }
        // Strongly connected through the chosen edges.
        for s in (0..n).filter(|&s| has(states, s)) {
            let mut seen = 1u8 << s;
            let mut changed = true;
            while changed {
                changed = false;
                for &e in &chosen {
                    let (f, t, _) = m.edges[e];
                    if has(seen, f) && !has(seen, t) {
                        seen |= 1 << t;
                        changed = true;
                    }
                }
            }
            if seen & states != states {
                continue 'subsets;
            }
        }
        let fair_ok = fair.iter().all(|&c| {
            chosen.iter().any(|&e| m.edges[e].2 == c)
                || (0..n).any(|s| has(states, s) && !m.enables(s, c))
        });
        if fair_ok {
            return true;
        }
    }
    false
}

/// Checks that `lasso` is a path of the model that violates the property fairly.
fn assert_valid_lasso(
    m: &Rg,
    g: &pushwake_model::explorer::Graph<Rg>,
    l: &Lasso<Rg>,
    fair: &[usize],
) {
    let init = *g.state(l.init);
    assert!(m.init.contains(&init));
    let mut walk = vec![init];
    let mut cur = init;
    for (a, id) in l.prefix.iter().chain(&l.cycle) {
        let (f, t, _) = m.edges[*a];
        assert_eq!(f, cur, "step from the current state");
        assert!(!has(m.cut, f), "no step out of a cut state");
        assert_eq!(t, *g.state(*id));
        walk.push(t);
        cur = t;
    }
    let entry = walk[l.prefix.len()];
    let triggered = (0..=l.prefix.len())
        .any(|k| has(m.trigger, walk[k]) && walk[k..].iter().all(|&s| !has(m.goal, s)));
    assert!(triggered, "a trigger followed by no goal: {walk:?}");
    if l.cycle.is_empty() {
        assert!(
            !has(m.cut, entry) && m.outs(entry).is_empty(),
            "ends in a terminal state"
        );
    } else {
        assert_eq!(cur, entry, "the cycle returns to its entry");
        let cycle_states = &walk[l.prefix.len()..];
        for &c in fair {
            assert!(
                l.cycle.iter().any(|(a, _)| m.edges[*a].2 == c)
                    || cycle_states.iter().any(|&s| !m.enables(s, c)),
                "cycle fair for class {c}"
            );
        }
    }
}

fn graphs() -> impl Strategy<Value = (Rg, Vec<usize>)> {
    (1u8..=5).prop_flat_map(|n| {
        (
            prop::collection::vec(0..n, 1..=2),
            prop::collection::vec((0..n, 0..n, 0usize..3), 0..=9),
            any::<u8>(),
            any::<u8>(),
            prop_oneof![3 => Just(0u8), 1 => any::<u8>()],
            prop::collection::vec(0usize..3, 0..=3),
        )
            .prop_map(move |(init, edges, trigger, goal, cut, fair)| {
                (
                    Rg {
                        n,
                        init,
                        edges,
                        trigger,
                        goal,
                        cut,
                    },
                    fair,
                )
            })
    })
}

fn property(fair: &[usize]) -> Liveness<Rg> {
    // `fair` must be 'static: pick the matching static list.
    const LISTS: [&[&str]; 8] = [
        &[],
        &["a"],
        &["b"],
        &["a", "b"],
        &["c"],
        &["a", "c"],
        &["b", "c"],
        &["a", "b", "c"],
    ];
    let mask = fair.iter().fold(0usize, |m, &c| m | 1 << c);
    Liveness {
        name: "random",
        requirement: "TEST-1",
        instances: 1,
        trigger: |m, s, _| has(m.trigger, *s),
        goal: |m, s, _| has(m.goal, *s),
        fair: LISTS[mask],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn scc_verdict_matches_brute_force((m, fair) in graphs()) {
        let g = explore(&m, Limits::default()).unwrap();
        let verdict = check_liveness(&m, &g, &property(&fair));
        let expected = brute_force_violated(&m, &fair);
        prop_assert_eq!(!verdict.holds(), expected, "model {:?} fair {:?}", m, fair);
        if let Some(l) = verdict.lasso() {
            assert_valid_lasso(&m, &g, l, &fair);
        }
    }

    #[test]
    fn explores_exactly_the_reachable_states((m, _fair) in graphs()) {
        let g = explore(&m, Limits::default()).unwrap();
        let reachable = m.reach(&m.init, |_| true);
        let mut got: Vec<u8> = g.states().to_vec();
        got.sort_unstable();
        let want: Vec<u8> = (0..m.n).filter(|&s| reachable[usize::from(s)]).collect();
        prop_assert_eq!(got, want);
        let edges: usize = g.states().iter().map(|&s| m.outs(s).len()).sum();
        prop_assert_eq!(g.transition_count(), edges);
        for id in (0..g.states().len()).map(|i| pushwake_model::explorer::StateId(i as u32)) {
            let (init, path) = g.path_to(id);
            prop_assert!(g.init().contains(&init));
            prop_assert_eq!(path.len(), g.depth(id));
            prop_assert_eq!(path.last().map_or(init, |(_, s)| *s), id);
        }
    }
}
