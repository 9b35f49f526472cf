//! Assessment time: `assess/<sample-key>` for each of the eight templates from scratch;
//! `assess/10k-full`, `assess/100k-full` from scratch on generated projects (two flows per node,
//! every catalogue platform a candidate); and `assess/10k`, `assess/100k`: what the editor does
//! after an edit — a [`Live`] assessment takes in one changed node (a rename that also turns on
//! personal data, so rules, lists and findings all move) and writes the whole report.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::assess::{Live, Update, assess};
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
        group.bench_function(format!("{name}-full"), |b| {
            b.iter(|| black_box(assess(black_box(&project), &catalog)))
        });
        let (id, node) = project.nodes.iter().nth(nodes / 2).expect("a node in the middle");
        let (id, mut edited) = (id.clone(), node.clone());
        let mut live = Live::new(project);
        group.bench_function(name, |b| {
            b.iter(|| {
                edited.personal_data = !edited.personal_data;
                edited.name = format!("Renamed {}", edited.personal_data);
                live.update(Update {
                    nodes: vec![(id.clone(), Some(edited.clone()))],
                    ..Update::default()
                });
                black_box(live.report())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, samples, generated);
criterion_main!(benches);
