//! Export time on a generated 1,000-node project (two flows per node): `export_png/1k_2x` writes
//! the PNG file at the full 2× (20,440 × 9,175 px, 187 Mpx: drawing and tessellating, then
//! rasterising, filtering and compressing band by band on the worker threads, the bands written
//! in order into the file, atomically), `export_png/1k_2x_image`
//! draws the image in memory as the clipboard does (over the 100 Mpx in-memory limit at 2×, so
//! at the largest scale within it, ≈1.46×), and `export_svg/1k` writes the SVG text. Peak memory
//! is measured on the command line: see `docs/EXPORT.md`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::export::{PageOptions, PngOptions, export_png, export_svg, write_png};
use dlt_modeller::generate;

fn png(c: &mut Criterion) {
    let project = generate::generate(1_000, 1);
    let options = PngOptions {
        scale: 2.0,
        ..PngOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("1k.png");
    let mut group = c.benchmark_group("export_png");
    group.sample_size(10);
    group.bench_function("1k_2x", |b| {
        b.iter(|| write_png(&path, &project, &options, &|_| true).unwrap())
    });
    group.bench_function("1k_2x_image", |b| {
        b.iter(|| black_box(export_png(&project, &options, &|_| true).unwrap()))
    });
    group.finish();
}

fn svg(c: &mut Criterion) {
    let project = generate::generate(1_000, 1);
    let mut group = c.benchmark_group("export_svg");
    group.sample_size(10);
    group.bench_function("1k", |b| {
        b.iter(|| black_box(export_svg(&project, &PageOptions::default()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, png, svg);
criterion_main!(benches);
