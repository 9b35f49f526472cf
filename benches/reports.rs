//! Reports and comparisons (docs/REPORTS.md): `reports/pdf/<sample>` writes the PDF report of
//! each shipped template (assessment given), `reports/pdf/1k` that of a generated 1,000-node
//! project, and `reports/compare/10k` compares two versions of a generated 10,000-node project
//! (every 100th node renamed): the model diff, both assessments and their delta, as
//! `diff A B --assessment` does.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::assess::output::pdf::Paper;
use dlt_modeller::assess::{assess, delta::delta};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::export::report_pdf;
use dlt_modeller::merge::diff;
use dlt_modeller::{generate, templates};

fn pdf(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut group = c.benchmark_group("reports/pdf");
    group.sample_size(10);
    let mut projects: Vec<(String, _)> = templates::all()
        .iter()
        .map(|t| (t.key.to_string(), t.project()))
        .collect();
    projects.push(("1k".into(), generate::generate(1_000, 1)));
    for (name, project) in projects {
        let report = assess(&project, catalog);
        group.bench_function(name, |b| {
            b.iter(|| report_pdf(black_box(&project), &report, Paper::A4).unwrap())
        });
    }
    group.finish();
}

fn compare(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let before = generate::generate(10_000, 1);
    let mut after = before.clone();
    for (k, node) in after.nodes.values_mut().enumerate() {
        if k % 100 == 0 {
            node.name.push_str(" (renamed)");
        }
    }
    let mut group = c.benchmark_group("reports/compare");
    group.sample_size(10);
    group.bench_function("10k", |b| {
        b.iter(|| {
            let differences = diff(black_box(&before), &after);
            let change = delta(&assess(&before, catalog), &assess(&after, catalog));
            (differences, change)
        })
    });
    group.finish();
}

criterion_group!(benches, pdf, compare);
criterion_main!(benches);
