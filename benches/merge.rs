//! Three-way merge and diff of two edited copies of a generated 100,000-node project
//! (`merge/100k`, `diff/100k`): one side renames every tenth node, the other moves every tenth.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::model::Position;
use dlt_modeller::{generate, merge};

fn bench(c: &mut Criterion) {
    let base = generate::generate(100_000, 1);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for node in ours.nodes.values_mut().step_by(10) {
        node.name.push_str(" (ours)");
    }
    for node in theirs.nodes.values_mut().skip(5).step_by(10) {
        node.position = Position::new(node.position.x + 10.0, node.position.y);
    }
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("100k", |b| b.iter(|| black_box(merge::merge(&base, &ours, &theirs))));
    group.finish();
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    group.bench_function("100k", |b| b.iter(|| black_box(merge::diff(&base, &ours))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
