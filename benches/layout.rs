//! Auto-layout of generated projects: `layout/300` (`generate --nodes 300 --seed 3`, target
//! 100 ms), `layout/1k` (300 ms) and `layout/10k` (5 s), all left to right with the diagram's
//! sizes. Run with short settings, e.g.
//! `cargo bench --bench layout -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::diagram::Sizes;
use dlt_modeller::layout::{Direction, layered};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for (name, nodes, seed) in [("300", 300, 3), ("1k", 1000, 1), ("10k", 10_000, 1)] {
        let project = dlt_modeller::generate::generate(nodes, seed);
        if nodes >= 10_000 {
            group.measurement_time(Duration::from_secs(1));
        }
        group.bench_function(name, |b| {
            b.iter(|| black_box(layered(&project, None, Direction::LeftRight, &Sizes).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
