//! Auto-layout of a generated 1,000-node project (`layout/1k`); the target is under 200 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::diagram::Sizes;
use dlt_modeller::layout::{Direction, layered};

fn bench(c: &mut Criterion) {
    let project = dlt_modeller::generate::generate(1000, 1);
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    group.bench_function("1k", |b| {
        b.iter(|| black_box(layered(&project, None, Direction::LeftRight, &Sizes).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
