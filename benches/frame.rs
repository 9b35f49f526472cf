//! Frame CPU time of the canvas, headless: one `Context::run_ui` showing the canvas in a
//! central panel of 1280 × 800 points plus the tessellation of its shapes — what a frame costs
//! before the GPU. The project is held in a `session::Document` and edited through it, as the
//! editor does. `frame/fit/<sample-key>` for each template and `frame/fit/{1k,10k,100k}` in
//! the zoom-to-fit view, `frame/100pct/{1k,10k,100k}` at 100 % in the middle of generated
//! projects, and `frame/after-edit/{1k,10k}`: the first frame after the spatial index was
//! dropped (100 %), which builds it anew. `frame/after-move/{10k,100k}`: the frame after a node
//! is dropped somewhere else (the move is applied to the document and announced to the canvas,
//! which patches its index, as the app does after a drag).
//!
//! `frame/after-edit/100k/<edit>` (100 % in the middle of the diagram) and
//! `frame/after-edit-fit/100k/<edit>` (zoom to fit) time an edit of a 100,000-node project
//! applied through the document, announced to the canvas as the app does (`canvas.follow`), and
//! the first frame after it, for each `<edit>`: `rename` (a node in view, alternately to a short
//! and to a long name, so its box changes size), `delete` (a node in view with its flows),
//! `add-node` (a new actor placed near the middle of the view, as Insert does), `add-flow`
//! (between two nodes in view), `paste-50` (the 50 nodes nearest the middle of the view — about
//! 30 are in view at 100 % — with the flows among them, copied and pasted beside themselves as the
//! editor pastes a clipboard fragment) and `undo-delete` (the undo of that delete). The
//! edits are built beforehand (building them is not timed), and after each timed frame the edit
//! is undone (for `undo-delete`: done again) untimed, and the canvas is left until routes being
//! found on a worker are in, so every iteration starts from the same project and index.
//! Each prints how many of its timed frames built the spatial index from scratch.
//!
//! `hit_test/100k` finds what is under the pointer (a node, else a flow) at 1,000 spread-out
//! points of a 100,000-node diagram with the canvas's spatial index.

use std::hint::black_box;
use std::thread::sleep;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use dlt_modeller::canvas::{Annotations, Canvas};
use dlt_modeller::diagram::{Changes, SpatialIndex, View};
use dlt_modeller::edit::{self, Edit};
use dlt_modeller::file::Fragment;
use dlt_modeller::model::{Flow, FlowId, Node, NodeId, Position, Project};
use dlt_modeller::session::{Applied, Document};
use dlt_modeller::{generate, templates};
use egui::{CentralPanel, Context, Pos2, RawInput, Rect, pos2, vec2};

/// The headless screen the canvas is shown on (points).
fn screen_rect() -> Rect {
    Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))
}

/// A canvas on a headless context, showing one document.
struct Screen {
    ctx: Context,
    canvas: Canvas,
    doc: Document,
}

impl Screen {
    /// Fitted to the project; at 100 % about its middle when `full_size`. The routes of a big
    /// project, found on a worker, are in when it returns.
    fn new(project: Project, full_size: bool) -> Self {
        let mut screen = Self {
            ctx: Context::default(),
            canvas: Canvas::default(),
            doc: Document::new(project, None, None),
        };
        screen.frame();
        assert_eq!(
            screen.routing(),
            SpatialIndex::routed_later(screen.doc.project()),
            "the canvas's hint says when it is finding routes on a worker"
        );
        if full_size {
            screen.canvas.zoom_100();
        }
        for _ in 0..3 {
            screen.frame();
        }
        screen.settle();
        screen
    }

    /// One frame: the canvas ui and the tessellation of what it painted; the number of triangles.
    fn frame(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(screen_rect()),
            ..Default::default()
        };
        let (canvas, doc) = (&mut self.canvas, &self.doc);
        let mut output = self.ctx.run_ui(input, |ui| {
            CentralPanel::default().show(ui, |ui| {
                black_box(canvas.ui(ui, doc.project(), doc.revision(), Annotations::none()))
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

    /// Whether the canvas is finding routes on a worker (its status-bar hint says so).
    fn routing(&self) -> bool {
        self.canvas.hint().starts_with("Finding the flows")
    }

    /// A frame, then more until the routes being found on a worker, if any, are in.
    fn settle(&mut self) {
        self.frame();
        while self.routing() {
            sleep(Duration::from_millis(20));
            self.frame();
        }
    }

    /// Applies `edit` to the document and lets the canvas follow, as the app does; whether the
    /// project changed.
    fn apply(&mut self, edit: Edit) -> bool {
        let applied = self.doc.apply(edit);
        self.follow(applied)
    }

    /// Undoes the last edit and lets the canvas follow; whether the project changed.
    fn undo(&mut self) -> bool {
        let applied = self.doc.undo();
        self.follow(applied)
    }

    /// What `App::follow` does: tells the canvas what changed, so it can patch its index.
    fn follow(&mut self, applied: Applied) -> bool {
        let changed = applied.changed();
        if changed {
            let changes = Changes {
                moved_only: applied.moved.is_some(),
                nodes: applied.nodes,
                flows: applied.flows,
            };
            self.canvas.follow(applied.before, applied.after, changes);
        }
        changed
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
                screen.canvas.forget_index();
                screen.frame()
            })
        });
    }
    group.finish();
}

/// The kinds of edit `frame/after-edit(-fit)/100k` time.
#[derive(Clone, Copy)]
enum Kind {
    Rename,
    Delete,
    AddNode,
    AddFlow,
    Paste,
    UndoDelete,
}

const KINDS: [(&str, Kind); 6] = [
    ("rename", Kind::Rename),
    ("delete", Kind::Delete),
    ("add-node", Kind::AddNode),
    ("add-flow", Kind::AddFlow),
    ("paste-50", Kind::Paste),
    ("undo-delete", Kind::UndoDelete),
];

/// The edits of `frame/after-edit(-fit)/100k`, built for the project as it is between two
/// iterations, on nodes in the view at 100 % about the middle of the diagram (which the fitted
/// view shows too).
struct Edits {
    /// One node renamed to a short name and to a long one.
    rename: [Edit; 2],
    /// One node deleted with its flows.
    delete: Edit,
    /// A new actor near the middle of the view.
    add_node: (Edit, NodeId),
    /// A flow across the view.
    add_flow: (Edit, FlowId),
    /// 50 nodes and the flows among them pasted beside themselves.
    paste: (Edit, Vec<NodeId>),
}

impl Edits {
    fn new(screen: &mut Screen) -> Self {
        let project = screen.doc.project();
        let seen = screen.canvas.view.rect_to_diagram(screen_rect().shrink(20.0));
        let at = |n: &Node| pos2(n.position.x, n.position.y);
        // All the nodes, nearest the middle of the view first, and those in view.
        let mut nearest_first: Vec<(&NodeId, &Node)> = project.nodes.iter().collect();
        nearest_first.sort_by(|a, b| {
            at(a.1)
                .distance(seen.center())
                .total_cmp(&at(b.1).distance(seen.center()))
        });
        let in_view: Vec<(&NodeId, &Node)> = (nearest_first.iter().copied())
            .filter(|(_, n)| seen.contains(at(n)))
            .collect();
        let nearest = |p: Pos2| {
            in_view
                .iter()
                .min_by(|a, b| at(a.1).distance(p).total_cmp(&at(b.1).distance(p)))
                .map(|(id, _)| (*id).clone())
                .expect("nodes in view")
        };

        let renamed = in_view[0].0;
        let rename = ["Q", "Quality assurance office of the northern region"]
            .map(|name| edit::rename_node(project, renamed, name));

        let (deleted, flows) = (in_view.iter())
            .map(|(id, _)| (*id, project.flows_touching(id).count()))
            .find(|&(_, flows)| flows > 0)
            .expect("a node in view has flows");
        let delete = edit::delete(project, std::slice::from_ref(deleted), &[]);

        let (from, to) = (
            nearest(pos2(seen.lerp_inside(vec2(0.25, 0.5)).x, seen.center().y)),
            nearest(pos2(seen.lerp_inside(vec2(0.75, 0.5)).x, seen.center().y)),
        );
        let add_flow = edit::add_flow(project, Flow::new(&from, &to, project.last_step() + 1, "new flow"));

        // More than the view at 100 % shows: those in view and the nearest around them.
        let copied: Vec<NodeId> = nearest_first[..50].iter().map(|(id, _)| (*id).clone()).collect();
        let text = Fragment::of(project, &copied).to_text();
        let started = Instant::now();
        let fragment = Fragment::from_text(&text).expect("a fragment the editor wrote");
        // Where the editor's paste puts copies in the window they were copied from: the first
        // step down and to the right where no copy lands on a node.
        let offset = Position::new(30.0, 30.0);
        let paste = edit::paste(project, &fragment.nodes, &fragment.flows, offset);
        let building = started.elapsed();
        let lands_on_a_node = fragment.nodes.values().any(|copy| {
            let p = pos2(copy.position.x + offset.x, copy.position.y + offset.y);
            project.nodes.values().any(|n| at(n).distance(p) < 1.0)
        });
        assert!(!lands_on_a_node, "the editor's paste would step further");
        eprintln!(
            "frame/after-edit/100k: {} nodes in view at 100 %; rename {renamed}, delete {deleted} ({flows} \
             flows), flow from {from} to {to}, paste the {} nodes nearest the middle and the {} flows among \
             them (reading the fragment and building the paste took {:.1} ms, not timed)",
            in_view.len(),
            fragment.nodes.len(),
            fragment.flows.len(),
            building.as_secs_f64() * 1e3
        );

        let mut actor = Node::actor(project.free_name("Actor"), Position::default());
        let revision = screen.doc.revision();
        screen.canvas.place_new(&mut actor, screen.doc.project(), revision);
        let add_node = edit::add_node(screen.doc.project(), actor);
        Self {
            rename,
            delete,
            add_node,
            add_flow,
            paste,
        }
    }

    /// Iteration `i` of `kind`: the time from applying the edit (or the undo) to the end of the
    /// first frame after it, and whether that frame built the spatial index from scratch. When it
    /// returns, the project is as before and no routes are being found on a worker.
    fn time(&self, screen: &mut Screen, kind: Kind, i: u64) -> (Duration, bool) {
        if let Kind::UndoDelete = kind {
            assert!(screen.apply(self.delete.clone()));
            screen.settle();
        }
        // What the editor selects after the edit, and the node it starts renaming.
        let (edit, selected, renaming) = match kind {
            Kind::Rename => (Some(&self.rename[i as usize % 2]), vec![], None),
            Kind::Delete => (Some(&self.delete), vec![], None),
            Kind::AddNode => {
                let (edit, id) = &self.add_node;
                (Some(edit), vec![id.clone()], Some(id))
            }
            Kind::AddFlow => (Some(&self.add_flow.0), vec![self.add_flow.1.clone()], None),
            Kind::Paste => (Some(&self.paste.0), self.paste.1.clone(), None),
            Kind::UndoDelete => (None, vec![], None),
        };
        let edit = edit.cloned();
        let builds = screen.canvas.index_builds();
        let started = Instant::now();
        let changed = match edit {
            Some(edit) => screen.apply(edit),
            None => screen.undo(),
        };
        if !selected.is_empty() {
            screen.canvas.select_only(selected);
        }
        if let Some(id) = renaming {
            screen.canvas.start_rename(id);
        }
        black_box(screen.frame());
        let elapsed = started.elapsed();
        let rebuilt = screen.canvas.index_builds() > builds;
        assert!(changed, "the edit changes the project");
        if !matches!(kind, Kind::UndoDelete) {
            assert!(screen.undo());
        }
        screen.settle();
        (elapsed, rebuilt)
    }
}

fn after_edit_100k(c: &mut Criterion) {
    let mut screen = Screen::new(generate::generate(100_000, 1), false);
    let fit = screen.canvas.view;
    screen.canvas.zoom_100();
    screen.frame();
    let middle = screen.canvas.view;
    let edits = Edits::new(&mut screen);
    let views: [(&str, View); 2] = [("frame/after-edit/100k", middle), ("frame/after-edit-fit/100k", fit)];
    for (name, view) in views {
        screen.canvas.view = view;
        screen.frame();
        let mut group = c.benchmark_group(name);
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        for (edit, kind) in KINDS {
            let (mut timed, mut rebuilt) = (0_u64, 0_u64);
            group.bench_function(edit, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let (elapsed, built) = edits.time(&mut screen, kind, timed);
                        timed += 1;
                        rebuilt += u64::from(built);
                        total += elapsed;
                    }
                    total
                })
            });
            if timed > 0 {
                eprintln!("{name}/{edit}: {rebuilt} of {timed} timed frames (warm-up included) built the index anew");
            }
        }
        group.finish();
    }
}

fn after_move(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame/after-move");
    group.sample_size(20);
    for (name, nodes) in [("10k", 10_000), ("100k", 100_000)] {
        let mut screen = Screen::new(generate::generate(nodes, 1), true);
        let id = screen.doc.project().nodes.keys().nth(nodes / 2).unwrap().clone();
        let mut step = 0.0;
        group.bench_function(name, |b| {
            b.iter(|| {
                step += 1.0;
                let at = screen.doc.project().nodes[&id].position;
                let x = at.x + if step % 2.0 == 0.0 { 40.0 } else { -40.0 };
                let edit = edit::move_nodes(screen.doc.project(), &[(id.clone(), Position::new(x, at.y))]);
                screen.apply(edit);
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

criterion_group!(
    benches,
    samples,
    generated,
    after_edit,
    after_edit_100k,
    after_move,
    hit_test
);
criterion_main!(benches);
