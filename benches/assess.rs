//! Assessment time: `assess/<sample-key>` for each of the eight templates, and `assess/10k`,
//! `assess/100k` on generated projects (two flows per node, every catalogue platform a
//! candidate). The whole report is built each time: requirements, fit, sensitivity, coverage,
//! regulatory flags and validation.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::assess::assess;
use dlt_modeller::catalog::Catalog;
use dlt_modeller::{generate, templates};

fn samples(c: &mut Criterion) {
    let mut group = c.benchmark_group("assess");
    for template in templates::all() {
        let project = template.project();
        let catalog = Catalog::builtin().with_project(&project);
        group.bench_function(template.key, |b| {
            b.iter(|| black_box(assess(black_box(&project), &catalog)))
        });
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    let mut group = c.benchmark_group("assess");
    group.sample_size(10);
    for (name, nodes) in [("10k", 10_000), ("100k", 100_000)] {
        let project = generate::generate(nodes, 1);
        let catalog = Catalog::builtin().with_project(&project);
        group.bench_function(name, |b| b.iter(|| black_box(assess(black_box(&project), &catalog))));
    }
    group.finish();
}

criterion_group!(benches, samples, generated);
criterion_main!(benches);
