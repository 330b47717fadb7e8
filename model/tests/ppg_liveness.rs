//! PPG liveness (PAP-LIVE-FINAL, PAP-LIVE-RN) with our explorer. These need the explorer bodies,
//! which arrive with the explorer branch's merge; before it they panic with `unimplemented!`.
#![allow(clippy::unwrap_used)] // tests: a panic is the failure report

use pushwake_model::explorer::{Limits, LivenessModel, LivenessVerdict, check_liveness, explore};
use pushwake_model::ppg::*;
use stateright::Model;

fn one_confirmed_push(weaken: Option<Weakening>) -> PpgModel {
    let c = PpgConfig {
        pushes: vec![PushTemplate {
            clients: vec![0],
            app: None,
            method: Method::Confirmed,
            notify_requested: true,
            progress_notes_requested: false,
            deliver_before: None,
            deliver_after: None,
        }],
        pi_extra: Vec::new(),
        weaken,
        ..PpgConfig::default()
    };
    PpgModel::new(c).unwrap()
}

#[test]
fn liveness_holds_at_default_bounds() {
    let m = PpgModel::default();
    let g = explore(&m, Limits::default()).unwrap();
    for p in m.liveness() {
        assert!(
            matches!(check_liveness(&m, &g, &p), LivenessVerdict::Holds),
            "{} violated",
            p.name
        );
    }
}

#[test]
fn without_confirm_timeout_a_lost_push_stays_pending_for_ever() {
    let m = one_confirmed_push(Some(Weakening::NoConfirmTimeout));
    let g = explore(&m, Limits::default()).unwrap();
    let live = m
        .liveness()
        .into_iter()
        .find(|p| p.requirement == "PAP-LIVE-FINAL")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("weakened model satisfies PAP-LIVE-FINAL");
    };
    assert_eq!(lasso.instance, 0);
    let end = lasso
        .cycle
        .last()
        .or(lasso.prefix.last())
        .map(|(_, id)| *id)
        .unwrap();
    assert!(matches!(
        g.state(end).dests[0].ppg,
        PpgRecord::Pending { .. }
    ));
}

#[test]
fn retransmitting_for_ever_gives_a_retransmit_and_lose_cycle() {
    let m = one_confirmed_push(Some(Weakening::RetransmitForever));
    let g = explore(&m, Limits::default()).unwrap();
    let live = m
        .liveness()
        .into_iter()
        .find(|p| p.requirement == "PAP-LIVE-FINAL")
        .unwrap();
    let LivenessVerdict::Violated(lasso) = check_liveness(&m, &g, &live) else {
        panic!("weakened model satisfies PAP-LIVE-FINAL");
    };
    assert!(
        !lasso.cycle.is_empty(),
        "expected a cycle, got a terminal state"
    );
    for (_, id) in &lasso.cycle {
        assert!(matches!(
            g.state(*id).dests[0].ppg,
            PpgRecord::Pending { .. }
        ));
    }
}

#[test]
fn unweakened_single_confirmed_push_is_live() {
    let m = one_confirmed_push(None);
    let g = explore(&m, Limits::default()).unwrap();
    for p in m.liveness() {
        assert!(
            matches!(check_liveness(&m, &g, &p), LivenessVerdict::Holds),
            "{} violated",
            p.name
        );
    }
}

/// An explorer-independent cross-check that runs before the merge: the reachable graph at the
/// default bounds has no cycle, and no terminal state leaves a liveness obligation open. Together
/// these imply both liveness properties under any fairness assumption (every maximal path is
/// finite and ends in such a terminal state).
#[test]
fn default_graph_is_acyclic_and_no_terminal_state_leaves_an_obligation() {
    use std::collections::HashMap;
    let m = PpgModel::default();
    let init = m.init_states().remove(0);
    // Index only (never iterated): discovery order comes from the `states` vector.
    let mut index: HashMap<State, usize> = HashMap::from([(init.clone(), 0)]);
    let mut states = vec![init];
    let mut succ: Vec<Vec<usize>> = Vec::new();
    let mut next = 0;
    while next < states.len() {
        let s = states[next].clone();
        let mut actions = Vec::new();
        m.actions(&s, &mut actions);
        let mut out = Vec::new();
        for a in actions {
            let n = m.next_state(&s, a).unwrap();
            let id = *index.entry(n.clone()).or_insert_with(|| {
                states.push(n);
                states.len() - 1
            });
            out.push(id);
        }
        succ.push(out);
        next += 1;
    }
    assert_eq!(states.len(), 393_706);
    // Iterative DFS with colours: 1 = on the stack, 2 = done.
    let mut colour = vec![0u8; states.len()];
    for root in 0..states.len() {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some((u, k)) = stack.last_mut() {
            let u = *u;
            if let Some(&w) = succ[u].get(*k) {
                *k += 1;
                assert_ne!(colour[w], 1, "cycle through {:?}", states[w]);
                if colour[w] == 0 {
                    colour[w] = 1;
                    stack.push((w, 0));
                }
            } else {
                colour[u] = 2;
                stack.pop();
            }
        }
    }
    let properties = m.liveness();
    for (id, s) in states.iter().enumerate() {
        if !succ[id].is_empty() {
            continue;
        }
        for p in &properties {
            for i in 0..p.instances {
                assert!(
                    !(p.trigger)(&m, s, i) || (p.goal)(&m, s, i),
                    "{} open for push {i} in terminal state {s:?}",
                    p.requirement
                );
            }
        }
    }
}

#[test]
fn liveness_holds_for_several_addresses_and_unregistered_applications() {
    for config in [PpgConfig::addresses(), PpgConfig::applications()] {
        let m = PpgModel::new(config).unwrap();
        let g = explore(&m, Limits::default()).unwrap();
        for p in m.liveness() {
            assert!(
                matches!(check_liveness(&m, &g, &p), LivenessVerdict::Holds),
                "{} violated",
                p.name
            );
        }
    }
}
