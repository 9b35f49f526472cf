//! Font discovery, the step the editor adds at start-up and `export` before drawing when a
//! project has characters egui's fonts lack: `fonts/system_scan` reads the machine's font folders
//! (`fontdb`: every face's name and style), `fonts/choose_six_scripts` picks the faces for the
//! names of `tests/fixtures/scripts.ron` among them (reading character maps). Both depend on the
//! fonts installed; a project egui's fonts cover skips both. Figures: `docs/EXPORT.md`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::diagram::fonts::{FontSet, SystemFonts, project_chars};
use dlt_modeller::file;

fn discovery(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts.ron");
    let chars = project_chars(&file::load(&path).unwrap().project);
    let mut group = c.benchmark_group("fonts");
    group.sample_size(10);
    group.bench_function("system_scan", |b| b.iter(|| black_box(SystemFonts::load().len())));
    let system = SystemFonts::load();
    group.bench_function("choose_six_scripts", |b| {
        b.iter(|| black_box(FontSet::choose(&chars, Vec::new(), &system)))
    });
    group.finish();
}

criterion_group!(benches, discovery);
criterion_main!(benches);
