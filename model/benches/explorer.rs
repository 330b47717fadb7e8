//! `cargo bench -p pushwake-model --bench explorer [-- SIZE...]`: states per second and bytes per
//! state of our explorer beside stateright's DFS checker on the same model, plus the time of one
//! SCC liveness check over our graph.
//!
//! Bytes per state come from a counting global allocator: the peak of live heap bytes during the
//! run, minus what was live before it, divided by the unique state count. Stateright's DFS keeps
//! fingerprints only (not states, not edges), so it is expected to be smaller: our graph keeps
//! every state and every labelled transition, which liveness and test generation need.
//!
//! Stateright's DFS is run on the acyclic `saturating` model only. Each of its pending jobs carries
//! a copy of the whole action path, and on the cyclic `wrapping` model DFS paths grow to the order
//! of the state count, so time and memory grow quadratically: measured once at m=18 (104,976
//! states), 39.6 s, 2,649 states/s, 38,500 bytes/state, against our 0.13 s on the same graph.
//!
//! To add a model: one `run(name, model, &liveness_property, with_stateright)` line in `main`.
#![allow(unsafe_code)] // the counting allocator below: GlobalAlloc is an unsafe trait.
#![allow(clippy::unwrap_used)]

use pushwake_model::explorer::{Limits, Liveness, check_liveness_report, explore};
use pushwake_model::{ActionLabel, Direction, LabelledModel};
use stateright::{Checker, Model, Property};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the same arguments; the counters are only
// statistics and never affect allocation.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; the caller upholds `dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `realloc`'s contract.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f`, returning its result, the seconds it took and the peak heap growth in bytes.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let secs = start.elapsed().as_secs_f64();
    (out, secs, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// `K` counters below `m`, any of which may be incremented: `m^K` states. With `wrap`, a counter
/// at `m - 1` goes back to 0 (every state has `K` edges and the graph is one big cycle structure);
/// without, it saturates (an acyclic graph of depth `K * (m - 1)`).
#[derive(Clone, Debug)]
struct Counters {
    m: u8,
    wrap: bool,
}

const K: usize = 4;
const INC_CLASSES: [&str; K] = ["toy.inc0", "toy.inc1", "toy.inc2", "toy.inc3"];

impl Model for Counters {
    type State = [u8; K];
    type Action = u8;
    fn init_states(&self) -> Vec<[u8; K]> {
        vec![[0; K]]
    }
    fn actions(&self, s: &[u8; K], actions: &mut Vec<u8>) {
        // K <= u8::MAX
        actions.extend((0..K as u8).filter(|&i| self.wrap || s[usize::from(i)] + 1 < self.m));
    }
    fn next_state(&self, s: &[u8; K], a: u8) -> Option<[u8; K]> {
        let mut n = *s;
        let c = &mut n[usize::from(a)];
        *c = (*c + 1) % self.m;
        Some(n)
    }
    fn properties(&self) -> Vec<Property<Self>> {
        // Never violated, so stateright explores everything.
        vec![Property::always("true", |_, _| true)]
    }
}

impl LabelledModel for Counters {
    fn label(&self, a: &u8) -> ActionLabel {
        ActionLabel {
            role: "toy",
            direction: Direction::Internal,
            class: INC_CLASSES[usize::from(*a)],
            requirement: "TOY-1",
            urgent: false,
            ..ActionLabel::default()
        }
    }
}

/// Counter 0 at 1 must move on (back to 0 when wrapping, to `m - 1` when saturating): holds only
/// because `toy.inc0` is weakly fair.
fn counter_moves_on() -> Liveness<Counters> {
    Liveness {
        name: "counter 0 moves on",
        requirement: "TOY-1",
        instances: 1,
        trigger: |_, s, _| s[0] == 1,
        goal: |m, s, _| if m.wrap { s[0] == 0 } else { s[0] + 1 == m.m },
        fair: &["toy.inc0"],
    }
}

fn run<M>(name: &str, model: M, property: &Liveness<M>, with_stateright: bool)
where
    M: LabelledModel + Clone + Send + Sync + 'static,
    M::State: Hash + Clone + PartialEq + Send + Sync + std::fmt::Debug + 'static,
    M::Action: Clone + PartialEq + std::fmt::Debug,
{
    let (graph, secs, bytes) = measure(|| explore(&model, Limits::default()).unwrap());
    let states = graph.states().len();
    println!(
        "{name:<22} ours explore     {states:>9} states {:>9} edges  {:>6.2} s  {:>10.0} states/s  {:>6.1} bytes/state",
        graph.transition_count(),
        secs,
        states as f64 / secs,
        bytes as f64 / states as f64,
    );
    let (report, secs, bytes) = measure(|| check_liveness_report(&model, &graph, property));
    println!(
        "{name:<22} ours liveness    {:>9} region       holds={}  {:>6.2} s  {:>10.0} states/s  {:>6.1} bytes/state (scratch)",
        report.region_states,
        report.verdict.holds(),
        secs,
        states as f64 / secs,
        bytes as f64 / states as f64,
    );
    drop(report);
    drop(graph);
    if !with_stateright {
        println!("{name:<22} stateright dfs   skipped (see the module doc)");
        return;
    }
    let (checker, secs, bytes) = measure(|| model.clone().checker().spawn_dfs().join());
    let states = checker.unique_state_count();
    println!(
        "{name:<22} stateright dfs   {states:>9} states                   {:>6.2} s  {:>10.0} states/s  {:>6.1} bytes/state",
        secs,
        states as f64 / secs,
        bytes as f64 / states as f64,
    );
}

fn main() {
    // Sizes are counter moduli: 18 -> 104,976 states, 32 -> 1,048,576 states.
    let sizes: Vec<u8> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![18, 32]
    } else {
        sizes
    };
    // The real thing: the PPG model at its default configuration.
    let ppg = pushwake_model::ppg::PpgModel::default();
    let live = pushwake_model::explorer::LivenessModel::liveness(&ppg).remove(0);
    run("ppg(default)", ppg, &live, true);
    for &m in &sizes {
        let model = Counters { m, wrap: false };
        run(
            &format!("saturating(m={m})"),
            model,
            &counter_moves_on(),
            true,
        );
    }
    for &m in &sizes {
        let model = Counters { m, wrap: true };
        run(
            &format!("wrapping(m={m})"),
            model,
            &counter_moves_on(),
            false,
        );
    }
}
