//! Frame CPU time of the canvas, headless: one `Context::run_ui` showing the canvas in a
//! central panel of 1280 × 800 points plus the tessellation of its shapes — what a frame costs
//! before the GPU. `frame/fit/<sample-key>` for each template and `frame/fit/{1k,10k,100k}` in
//! the zoom-to-fit view, `frame/100pct/{1k,10k,100k}` at 100 % in the middle of generated
//! projects, and `frame/after-edit/{1k,10k}`: the first frame after an edit (100 %), which also
//! rebuilds the spatial index. `frame/after-move/{10k,100k}`: the frame after a node is dropped
//! somewhere else (the move is announced to the canvas, which patches its index, as the app
//! does after a drag). `hit_test/100k` finds what is under the pointer (a node, else a
//! flow) at 1,000 spread-out points of a 100,000-node diagram with the canvas's spatial index.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dlt_modeller::canvas::{Annotations, Canvas};
use dlt_modeller::diagram::{Changes, SpatialIndex};
use dlt_modeller::model::Project;
use dlt_modeller::{generate, templates};
use egui::{CentralPanel, Context, Pos2, RawInput, Rect, vec2};

/// A canvas on a headless context, showing one project.
struct Screen {
    ctx: Context,
    canvas: Canvas,
    project: Project,
    /// The history revision the canvas is shown; a new one makes it rebuild its index.
    revision: u64,
}

impl Screen {
    /// Fitted to the project; at 100 % about its middle when `full_size`.
    fn new(project: Project, full_size: bool) -> Self {
        let mut screen = Self {
            ctx: Context::default(),
            canvas: Canvas::default(),
            project,
            revision: 0,
        };
        screen.frame();
        if full_size {
            screen.canvas.zoom_100();
        }
        for _ in 0..3 {
            screen.frame();
        }
        screen
    }

    /// One frame: the canvas ui and the tessellation of what it painted; the number of triangles.
    fn frame(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            ..Default::default()
        };
        let (canvas, project, revision) = (&mut self.canvas, &self.project, self.revision);
        let mut output = self.ctx.run_ui(input, |ui| {
            CentralPanel::default().show(ui, |ui| {
                black_box(canvas.ui(ui, project, revision, Annotations::none()))
            });
        });
        let shapes = std::mem::take(&mut output.shapes);
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        output.drop_without_applying_deltas();
        primitives
            .iter()
            .map(|p| match &p.primitive {
                egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
                egui::epaint::Primitive::Callback(_) => 0,
            })
            .sum()
    }
}

fn samples(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame/fit");
    for template in templates::all() {
        let mut screen = Screen::new(template.project(), false);
        group.bench_function(template.key, |b| b.iter(|| screen.frame()));
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    for (view, full_size) in [("fit", false), ("100pct", true)] {
        let mut group = c.benchmark_group(format!("frame/{view}"));
        group.sample_size(20);
        for (name, nodes) in [("1k", 1_000), ("10k", 10_000), ("100k", 100_000)] {
            let mut screen = Screen::new(generate::generate(nodes, 1), full_size);
            eprintln!(
                "frame/{view}/{name}: {} triangles, zoom {:.3}",
                screen.frame(),
                screen.canvas.view.zoom
            );
            group.bench_function(name, |b| b.iter(|| screen.frame()));
        }
        group.finish();
    }
}

fn after_edit(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame/after-edit");
    group.sample_size(20);
    for (name, nodes) in [("1k", 1_000), ("10k", 10_000)] {
        let mut screen = Screen::new(generate::generate(nodes, 1), true);
        group.bench_function(name, |b| {
            b.iter(|| {
                screen.revision += 1;
                screen.frame()
            })
        });
    }
    group.finish();
}

fn after_move(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame/after-move");
    group.sample_size(20);
    for (name, nodes) in [("10k", 10_000), ("100k", 100_000)] {
        let mut screen = Screen::new(generate::generate(nodes, 1), true);
        let id = screen.project.nodes.keys().nth(nodes / 2).unwrap().clone();
        let mut step = 0.0;
        group.bench_function(name, |b| {
            b.iter(|| {
                step += 1.0;
                let node = screen.project.nodes.get_mut(&id).unwrap();
                node.position.x += if step % 2.0 == 0.0 { 40.0 } else { -40.0 };
                let before = screen.revision;
                screen.revision += 1;
                let moved = Changes {
                    nodes: vec![id.clone()],
                    ..Changes::default()
                };
                screen.canvas.follow(before, screen.revision, moved);
                screen.frame()
            })
        });
    }
    group.finish();
}

fn hit_test(c: &mut Criterion) {
    let project = generate::generate(100_000, 1);
    let index = SpatialIndex::build(&project);
    let area = index.bounds().expect("a generated project has nodes");
    // A 40 × 25 lattice over the whole diagram: on nodes, on flows and on empty space.
    let points: Vec<Pos2> = (0..1_000)
        .map(|i| {
            let (col, row) = ((i % 40) as f32 + 0.5, (i / 40) as f32 + 0.5);
            area.min + vec2(col / 40.0 * area.width(), row / 25.0 * area.height())
        })
        .collect();
    let hits = points.iter().filter(|&&p| index.node_at(p).is_some()).count();
    eprintln!("hit_test/100k: {hits} of 1000 points on a node");
    let mut group = c.benchmark_group("hit_test");
    group.bench_function("100k", |b| {
        b.iter(|| {
            points
                .iter()
                .filter(|&&p| index.node_at(p).or_else(|| index.flow_at(p, 4.0)).is_some())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, samples, generated, after_edit, after_move, hit_test);
criterion_main!(benches);
