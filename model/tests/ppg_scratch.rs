use pushwake_model::ppg::*;
use stateright::{Checker, Model};
fn count(name: &str, c: PpgConfig) {
    let t = std::time::Instant::now();
    let ch = PpgModel { config: c }.checker().spawn_bfs().join();
    println!(
        "{name}: states {} in {:?}",
        ch.unique_state_count(),
        t.elapsed()
    );
    for p in PpgModel::default().properties() {
        if ch.discovery(p.name).is_none() && p.expectation == stateright::Expectation::Sometimes {
            println!("  missing {}", p.name);
        }
        if ch.discovery(p.name).is_some() && p.expectation == stateright::Expectation::Always {
            println!("  VIOLATED {}", p.name);
        }
    }
}
#[test]
fn scratch_count() {
    let d = PpgConfig::default();
    let mut c = d.clone();
    c.pi_extra = vec![PiExtra::Resubmit { push: 0 }, PiExtra::Cancel { push: 0 }];
    count("rc", c);
    let mut c = d.clone();
    c.pi_extra = vec![
        PiExtra::Resubmit { push: 0 },
        PiExtra::Cancel { push: 0 },
        PiExtra::StatusQuery { push: 0 },
        PiExtra::Bad {
            kind: BadDocument::Malformed,
        },
    ];
    count("rcsb", c);
    let mut c = d.clone();
    c.pi_extra = vec![PiExtra::Resubmit { push: 0 }, PiExtra::Cancel { push: 0 }];
    c.max_duplications = 0;
    count("rc-nodup", c);
}
