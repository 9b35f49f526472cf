//! Opening and saving big projects: `open/{10k,100k}` (read, parse, validate, and build the
//! canvas's spatial index for the first frame — what happens before the first frame shows the
//! file; at 100k that index is the first look, flows in their lanes, and `open/100k-routed`
//! builds the full one instead: the time until the routes show; both files are
//! big enough to be parsed in pieces on all cores, and as in the editor, validation runs on a
//! second thread while the index is built; freeing the opened project afterwards, 50–90 ms at
//! 100k, is not part of opening and is left out of the time: `iter_with_large_drop` frees it
//! after the clock stops, and flat sampling runs one open per sample so that no more than one
//! opened project waits to be freed) and
//! `load/{10k,100k}` (`file::load` alone: read, limit scan, parse in pieces; freed after the
//! clock stops likewise), `validate/{10k,100k}` (`model::validate` of the loaded project, as
//! `check` runs it), and
//! `save/{10k,100k}` (canonical text, atomic write with backup), on generated projects with two
//! flows per node.

use std::hint::black_box;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::diagram::SpatialIndex;
use dlt_modeller::{file, generate, model};

fn sizes() -> [(&'static str, usize); 2] {
    [("10k", 10_000), ("100k", 100_000)]
}

fn open(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("open");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (name, nodes) in sizes() {
        let path = dir.path().join(format!("{name}.ron"));
        file::save(&path, &generate::generate(nodes, 1)).unwrap();
        for (label, build) in [
            (
                name.to_string(),
                SpatialIndex::first_look as fn(&model::Project) -> SpatialIndex,
            ),
            (format!("{name}-routed"), SpatialIndex::build),
        ] {
            group.bench_function(label, |b| {
                b.iter_with_large_drop(|| {
                    let project = file::load(&path).unwrap().project;
                    let (findings, index) = std::thread::scope(|s| {
                        let findings = s.spawn(|| model::validate(&project, Catalog::builtin()));
                        let index = build(&project);
                        (findings.join().unwrap(), index)
                    });
                    (project, findings, index)
                })
            });
        }
    }
    group.finish();
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("load");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (name, nodes) in sizes() {
        let path = dir.path().join(format!("{name}.ron"));
        file::save(&path, &generate::generate(nodes, 1)).unwrap();
        group.bench_function(name, |b| b.iter_with_large_drop(|| file::load(&path).unwrap()));
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (name, nodes) in sizes() {
        let project = generate::generate(nodes, 1);
        let catalog = Catalog::builtin().with_project(&project);
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| model::validate(black_box(&project), &catalog))
        });
    }
    group.finish();
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    for (name, nodes) in sizes() {
        let project = generate::generate(nodes, 1);
        let path = dir.path().join(format!("{name}.ron"));
        group.bench_function(name, |b| b.iter(|| file::save(&path, black_box(&project)).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, open, load, validate, save);
criterion_main!(benches);
