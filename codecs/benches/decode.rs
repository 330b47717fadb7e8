//! Decode throughput of typed proactive commands (MB/s via `Throughput::Bytes`).
//!
//! Corpus: the known-answer proactive commands of `tests/cat.rs` (OPEN CHANNEL in UICC server and
//! client mode, SEND / RECEIVE DATA, CLOSE CHANNEL, GET CHANNEL STATUS, TIMER MANAGEMENT,
//! SET UP EVENT LIST, SEND SHORT MESSAGE, PROVIDE LOCAL INFORMATION, a generic command).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pushwake_codecs::cat::ProactiveCommand;
use std::hint::black_box;

const CORPUS: &[&str] = &[
    "D0128103014000820281 82B90205DCBC03031014",
    "D01C8103014001820281823501033902057 83C0301AD9C3E052101010101",
    "D00D8103014301820281 21B602ABCD",
    "D00C8103014200820281 21B701C8",
    "D0098103014100820281 21",
    "D0098103014400820281 82",
    "D0118103012700820281 82A40101A503000003",
    "D00E8103010500820281 82990309 0A03",
    "D01E8103011300820281 838605911122 33F48B0C01000381 21F30004 03414243",
    "D0098103012600820281 82",
    "D00F8103012180820281 028D0404414243",
];

fn corpus() -> Vec<Vec<u8>> {
    CORPUS
        .iter()
        .map(|h| pushwake_codecs::hex::decode_spaced(h).expect("corpus is hex"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    for m in &corpus {
        ProactiveCommand::decode(m).expect("corpus decodes");
    }
    let total: usize = corpus.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("proactive_corpus", |b| {
        b.iter(|| {
            for m in &corpus {
                let _ = black_box(ProactiveCommand::decode(black_box(m)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
