//! File › Export PNG…, Export SVG… and Copy diagram as image. The options window (which part of
//! the diagram, scale, colours, background, title block, step list — remembered for the
//! session), then a file name, then the export itself on a worker thread with a copy of the
//! project: a progress window with Cancel while it runs, and the outcome in the status bar (or
//! the error window) when it ends. The UI thread never waits for the worker.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use egui::{Align2, Button, ColorImage, Context, Grid, Id, ProgressBar, Theme, Window};

use super::App;
use super::questions::{Format, PathPurpose, Prompt};
use crate::diagram::View;
use crate::export::{self, ExportError, PageOptions, PngOptions, PngSize, Scope};
use crate::model::Project;

/// How often the progress window is redrawn while an export runs.
const PROGRESS_REPAINT: Duration = Duration::from_millis(100);
/// The scales Copy diagram as image tries, best first.
const CLIPBOARD_SCALES: [f32; 2] = [2.0, 1.0];
/// The most pixels an image put on the clipboard has (128 MB of RGBA: the clipboard keeps a
/// copy, and so may the program it is pasted into).
const CLIPBOARD_MAX_PIXELS: u64 = 32_000_000;

/// Which part of the diagram an export shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Whole,
    View,
    Selection,
}

/// The choices of the options window, kept for the session.
#[derive(Clone, Debug, PartialEq)]
struct Settings {
    part: Part,
    /// Pixels per point, 1 to 4.
    scale: u8,
    theme: Theme,
    transparent: bool,
    title_block: bool,
    steps: bool,
    /// Carry the project inside the file, so that it opens as a project.
    embed: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            part: Part::Whole,
            scale: 1,
            theme: Theme::Light,
            transparent: false,
            title_block: false,
            steps: false,
            embed: true,
        }
    }
}

/// What the worker and the UI share: the fraction done (`f32` bits) and the user's Cancel.
#[derive(Default)]
struct Shared {
    fraction: AtomicU32,
    cancel: AtomicBool,
}

impl Shared {
    /// The exporter's progress callback: records the fraction, says whether to go on.
    fn report(&self, fraction: f32) -> bool {
        self.fraction.store(fraction.to_bits(), Ordering::Relaxed);
        !self.cancel.load(Ordering::Relaxed)
    }

    fn fraction(&self) -> f32 {
        f32::from_bits(self.fraction.load(Ordering::Relaxed))
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What the worker is asked to do.
enum Task {
    Png(PathBuf, PngOptions),
    Svg(PathBuf, PageOptions),
    Clipboard(Theme),
}

/// What a finished worker produced.
enum Done {
    /// The file, its size, and the scale that was asked for.
    Png(PathBuf, PngSize, f32),
    Svg(PathBuf),
    Image(ColorImage),
}

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(
        "the diagram is too large for the clipboard: {width} × {height} px even at 1×, over the limit of \
         {CLIPBOARD_MAX_PIXELS} pixels; use File › Export PNG… instead"
    )]
    TooLargeForClipboard { width: u32, height: u32 },
    #[error("the export could not be started: {0}")]
    Start(std::io::Error),
    #[error("the export stopped unexpectedly (an internal error); nothing was written")]
    Crashed,
}

impl Task {
    fn title(&self) -> &'static str {
        match self {
            Task::Png(..) => "Exporting PNG",
            Task::Svg(..) => "Exporting SVG",
            Task::Clipboard(_) => "Copying the diagram",
        }
    }

    /// Runs on the worker thread.
    fn run(self, project: &Project, shared: &Shared) -> Result<Done, Failure> {
        let progress = |fraction| shared.report(fraction);
        match self {
            Task::Png(path, options) => {
                let size = export::write_png(&path, project, &options, &progress)?;
                Ok(Done::Png(path, size, options.scale))
            }
            Task::Svg(path, page) => {
                export::write_svg(&path, project, &page)?;
                Ok(Done::Svg(path))
            }
            Task::Clipboard(theme) => {
                let options = clipboard_options(project, theme)?;
                let image = export::export_png(project, &options, &progress)?;
                let size = [image.width() as usize, image.height() as usize];
                Ok(Done::Image(ColorImage::from_rgba_unmultiplied(size, image.as_raw())))
            }
        }
    }
}

/// The whole diagram at the largest of [`CLIPBOARD_SCALES`] that stays within
/// [`CLIPBOARD_MAX_PIXELS`].
fn clipboard_options(project: &Project, theme: Theme) -> Result<PngOptions, Failure> {
    let mut smallest = None;
    for scale in CLIPBOARD_SCALES {
        let options = PngOptions {
            page: PageOptions {
                theme,
                ..PageOptions::default()
            },
            scale,
        };
        let size = export::plan_image(project, &options)?;
        if u64::from(size.width) * u64::from(size.height) <= CLIPBOARD_MAX_PIXELS {
            return Ok(options);
        }
        smallest = Some(size);
    }
    let size = smallest.expect("at least one scale is tried");
    Err(Failure::TooLargeForClipboard {
        width: size.width,
        height: size.height,
    })
}

/// An export under way.
struct Job {
    title: &'static str,
    /// The worker reports progress and can be cancelled (PNG, clipboard); an SVG cannot.
    measured: bool,
    shared: Arc<Shared>,
    worker: JoinHandle<Result<Done, Failure>>,
}

/// The PNG size the options window announces, for the options and project revision it was
/// computed for.
struct Preview {
    options: PngOptions,
    revision: u64,
    text: String,
}

/// The editor's export state.
#[derive(Default)]
pub struct Exporter {
    settings: Settings,
    /// The options window is open, for this format.
    asking: Option<Format>,
    preview: Option<Preview>,
    job: Option<Job>,
}

/// What the options window's buttons said.
enum Choice {
    Export(Format),
    Close,
}

impl App {
    /// True while an export runs on its worker thread.
    pub fn is_exporting(&self) -> bool {
        self.export.job.is_some()
    }

    /// File › Export PNG… or Export SVG…: opens the options window.
    pub(super) fn ask_export(&mut self, format: Format, ctx: &Context) {
        if self.refuse_while_exporting() {
            return;
        }
        let settings = &mut self.export.settings;
        if settings.part == Part::Selection && self.canvas.selection.is_empty() {
            settings.part = Part::Whole;
        }
        self.export.asking = Some(format);
        ctx.request_repaint();
    }

    /// File › Copy diagram as image: the whole diagram at 2× on the clipboard.
    pub(super) fn copy_image(&mut self, ctx: &Context) {
        if !self.refuse_while_exporting() {
            self.start_export(Task::Clipboard(self.export.settings.theme), ctx);
        }
    }

    /// Exports to `path` with the session's options (the options window was answered).
    pub(super) fn export_to(&mut self, format: Format, path: PathBuf, ctx: &Context) {
        let path = with_extension(path, format);
        let page = self.page_options();
        let task = match format {
            Format::Png => Task::Png(
                path,
                PngOptions {
                    page,
                    scale: f32::from(self.export.settings.scale),
                },
            ),
            Format::Svg => Task::Svg(path, page),
        };
        self.start_export(task, ctx);
    }

    /// Draws the options and progress windows and picks up a finished export.
    pub(super) fn export_ui(&mut self, ctx: &Context) {
        if let Some(format) = self.export.asking {
            let preview = (format == Format::Png).then(|| self.preview_text());
            let state = WindowState {
                format,
                has_selection: !self.canvas.selection.is_empty(),
                busy: self.is_exporting(),
                preview: preview.as_deref(),
            };
            match options_window(ctx, &state, &mut self.export.settings) {
                Some(Choice::Export(format)) => {
                    self.export.asking = None;
                    self.choose_export_path(format, ctx);
                }
                Some(Choice::Close) => self.export.asking = None,
                None => {}
            }
        }
        let Some(job) = &self.export.job else { return };
        if job.worker.is_finished() {
            if let Some(job) = self.export.job.take() {
                self.finish_export(job, ctx);
            }
        } else {
            if progress_window(ctx, job) {
                job.shared.cancel.store(true, Ordering::Relaxed);
            }
            ctx.request_repaint_after(PROGRESS_REPAINT);
        }
    }

    fn refuse_while_exporting(&mut self) -> bool {
        let busy = self.is_exporting();
        if busy {
            self.status
                .info("An export is under way: wait for it to finish, or cancel it.");
        }
        busy
    }

    /// Asks where to write the file (`<project name>.png`), then starts the export.
    fn choose_export_path(&mut self, format: Format, ctx: &Context) {
        let suggested = Path::new(&self.session.doc.suggested_file_name())
            .with_extension(format.extension())
            .display()
            .to_string();
        match self.file_dialogs.pick_save(&suggested) {
            Some(path) => self.export_to(format, path, ctx),
            None if !self.file_dialogs.available() => {
                let path = self.default_folder().join(suggested);
                self.dialogs.prompt = Some(Prompt::Path(PathPurpose::Export(format), path));
            }
            None => {}
        }
    }

    /// The page the session's options describe; the view is the canvas's as it is now.
    fn page_options(&self) -> PageOptions {
        let settings = &self.export.settings;
        let selection = &self.canvas.selection;
        let scope = match settings.part {
            Part::Selection if !selection.is_empty() => Scope::Selection(selection.clone()),
            Part::Whole | Part::Selection => Scope::Whole,
            Part::View => Scope::View {
                view: View {
                    origin: self.canvas.view.origin - self.canvas_rect.min.to_vec2(),
                    zoom: self.canvas.view.zoom,
                },
                size: self.canvas_rect.size(),
            },
        };
        PageOptions {
            scope,
            theme: settings.theme,
            transparent: settings.transparent,
            title_block: settings.title_block,
            steps: settings.steps,
            embed: settings.embed,
        }
    }

    /// "1281 × 960 px" for the options as they stand, worked out again only when they or the
    /// project change.
    fn preview_text(&mut self) -> String {
        let options = PngOptions {
            page: self.page_options(),
            scale: f32::from(self.export.settings.scale),
        };
        let revision = self.session.doc.revision();
        let stale = (self.export.preview.as_ref()).is_none_or(|p| p.options != options || p.revision != revision);
        if stale {
            let text = match export::plan_png(self.session.doc.project(), &options) {
                Ok(size) => describe_size(size, options.scale),
                Err(error) => format!("Cannot export: {error}."),
            };
            self.export.preview = Some(Preview {
                options,
                revision,
                text,
            });
        }
        self.export.preview.as_ref().map(|p| p.text.clone()).unwrap_or_default()
    }

    /// Starts `task` on a worker thread with a copy of the project (one export at a time).
    fn start_export(&mut self, task: Task, ctx: &Context) {
        if self.refuse_while_exporting() {
            return;
        }
        let (title, measured) = (task.title(), !matches!(task, Task::Svg(..)));
        let shared = Arc::new(Shared::default());
        let project = self.session.doc.project().clone();
        let (worker_shared, worker_ctx) = (Arc::clone(&shared), ctx.clone());
        let spawned = std::thread::Builder::new().name("export".into()).spawn(move || {
            let done = task.run(&project, &worker_shared);
            worker_ctx.request_repaint();
            done
        });
        match spawned {
            Ok(worker) => {
                self.status.info(format!("{title}…"));
                self.export.job = Some(Job {
                    title,
                    measured,
                    shared,
                    worker,
                });
            }
            Err(error) => self.export_failed(&Failure::Start(error)),
        }
    }

    /// Reports how a finished export went.
    fn finish_export(&mut self, job: Job, ctx: &Context) {
        let cancelled = job.shared.cancelled();
        let late = if cancelled {
            " (it was done before it could be cancelled)"
        } else {
            ""
        };
        match job.worker.join().unwrap_or(Err(Failure::Crashed)) {
            Ok(Done::Png(path, size, asked)) => self.status.info(format!(
                "Exported PNG to {} ({}){late}.",
                path.display(),
                describe_size(size, asked)
            )),
            Ok(Done::Svg(path)) => self.status.info(format!("Exported SVG to {}{late}.", path.display())),
            Ok(Done::Image(_)) | Err(Failure::Export(ExportError::Cancelled)) if cancelled => {
                self.status.info("Export cancelled.");
            }
            Ok(Done::Image(image)) => {
                let [width, height] = image.size;
                ctx.copy_image(image);
                self.status.info(format!(
                    "Copied the diagram to the clipboard as an image ({width} × {height} px)."
                ));
            }
            Err(Failure::Export(ExportError::Cancelled)) => self.status.info("Export cancelled."),
            Err(failure) => self.export_failed(&failure),
        }
    }

    fn export_failed(&mut self, failure: &Failure) {
        self.status.error("The diagram was not exported.");
        self.dialogs
            .show_error("Could not export the diagram", failure.to_string());
    }
}

/// "1281 × 960 px", and the scale it was reduced to when the limits required it.
fn describe_size(size: PngSize, asked: f32) -> String {
    let mut text = format!("{} × {} px", size.width, size.height);
    if size.scale < asked {
        text.push_str(&format!(", drawn at {:.2}× to stay within the size limit", size.scale));
    }
    text
}

/// `name` becomes `name.png`; a name that already has an extension keeps it.
fn with_extension(path: PathBuf, format: Format) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(format.extension())
    }
}

/// What the options window shows besides the settings.
struct WindowState<'a> {
    format: Format,
    has_selection: bool,
    /// Another export is under way (Copy diagram as image, started meanwhile).
    busy: bool,
    /// The PNG's size.
    preview: Option<&'a str>,
}

/// The export options window; returns what its buttons said.
fn options_window(ctx: &Context, state: &WindowState, settings: &mut Settings) -> Option<Choice> {
    let format = state.format;
    let window = Window::new(format!("Export {}", format.name())).id(Id::unique("export-options"));
    let shown = super::windows::within_central_area(ctx, window)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            Grid::new("export-options-grid")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    ui.label("Show");
                    ui.vertical(|ui| {
                        ui.radio_value(&mut settings.part, Part::Whole, "Whole diagram")
                            .on_hover_text("Every node and flow, at 100 % zoom, with a margin.");
                        ui.radio_value(&mut settings.part, Part::View, "Current view")
                            .on_hover_text("What the canvas shows now, at its zoom.");
                        ui.add_enabled_ui(state.has_selection, |ui| {
                            ui.radio_value(&mut settings.part, Part::Selection, "Selection")
                                .on_hover_text("The selected nodes and the flows between them.")
                                .on_disabled_hover_text("Select nodes or flows first.");
                        });
                    });
                    ui.end_row();
                    if format == Format::Png {
                        ui.label("Scale");
                        ui.horizontal(|ui| {
                            for scale in 1..=4 {
                                ui.selectable_value(&mut settings.scale, scale, format!("{scale}×"))
                                    .on_hover_text(format!("{scale} pixels per point: text stays crisp."));
                            }
                        });
                        ui.end_row();
                    }
                    ui.label("Colours");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut settings.theme, Theme::Light, "Light");
                        ui.radio_value(&mut settings.theme, Theme::Dark, "Dark");
                    });
                    ui.end_row();
                    ui.label("Background");
                    ui.checkbox(&mut settings.transparent, "Transparent");
                    ui.end_row();
                    ui.label("Title block");
                    ui.checkbox(&mut settings.title_block, "Title and legend above the diagram");
                    ui.end_row();
                    ui.label("Steps");
                    ui.checkbox(&mut settings.steps, "Step list under the diagram")
                        .on_hover_text("Every flow by step: from → to, action and carried asset, in full.");
                    ui.end_row();
                    ui.label("Project");
                    ui.checkbox(&mut settings.embed, "Embed the project in the file")
                        .on_hover_text(
                            "The PNG or SVG then opens in dlt-modeller as an untitled copy of the whole project.",
                        );
                    ui.end_row();
                });
            if let Some(preview) = state.preview {
                ui.add_space(4.0);
                ui.label(preview);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let export = ui
                    .add_enabled(!state.busy, Button::new("Export…"))
                    .on_hover_text("Choose where to save it.")
                    .on_disabled_hover_text("Another export is under way.");
                if export.clicked() {
                    return Some(Choice::Export(format));
                }
                ui.button("Cancel").clicked().then_some(Choice::Close)
            })
            .inner
        });
    shown.and_then(|response| response.inner).flatten()
}

/// The progress window of a running export; true when the user pressed Cancel. Cancel is
/// offered while the image is drawn, the part of the work that can be interrupted.
fn progress_window(ctx: &Context, job: &Job) -> bool {
    let cancelling = job.shared.cancelled();
    let fraction = job.shared.fraction();
    let drawing = job.measured && fraction < 1.0;
    let text = match (job.measured, drawing) {
        (true, true) => format!("{:.0} %", fraction * 100.0),
        (true, false) => "Writing…".to_owned(),
        (false, _) => "Working…".to_owned(),
    };
    let shown = Window::new(job.title)
        .id(Id::unique("export-progress"))
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::RIGHT_BOTTOM, [-16.0, -40.0])
        .show(ctx, |ui| {
            ui.add(
                ProgressBar::new(if job.measured { fraction } else { 0.0 })
                    .desired_width(260.0)
                    .text(text),
            );
            if !drawing {
                return false;
            }
            let label = if cancelling { "Cancelling…" } else { "Cancel" };
            ui.add_enabled(!cancelling, Button::new(label))
                .on_hover_text("Stop the export; nothing is written.")
                .clicked()
        });
    shown.and_then(|response| response.inner).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};

    #[test]
    fn names_without_an_extension_get_the_format_s() {
        assert_eq!(
            with_extension("/a/gold".into(), Format::Png),
            PathBuf::from("/a/gold.png")
        );
        assert_eq!(
            with_extension("/a/gold".into(), Format::Svg),
            PathBuf::from("/a/gold.svg")
        );
        assert_eq!(
            with_extension("/a/gold.image".into(), Format::Png),
            PathBuf::from("/a/gold.image")
        );
    }

    #[test]
    fn sizes_mention_a_reduced_scale() {
        let size = |scale| PngSize {
            width: 640,
            height: 480,
            scale,
        };
        assert_eq!(describe_size(size(2.0), 2.0), "640 × 480 px");
        assert_eq!(
            describe_size(size(1.4567), 2.0),
            "640 × 480 px, drawn at 1.46× to stay within the size limit"
        );
    }

    #[test]
    fn the_clipboard_gets_2x_unless_that_is_too_large() {
        let mut p = Project::new("t");
        p.nodes.insert("a".into(), Node::actor("A", Position::new(0.0, 0.0)));
        assert_eq!(clipboard_options(&p, Theme::Dark).unwrap().scale, 2.0);
        assert_eq!(clipboard_options(&p, Theme::Dark).unwrap().page.theme, Theme::Dark);
        // About 5,200 points square: 108 Mpx at 2×, 27 Mpx at 1×.
        p.nodes
            .insert("b".into(), Node::actor("B", Position::new(5000.0, 5000.0)));
        assert_eq!(clipboard_options(&p, Theme::Light).unwrap().scale, 1.0);
        // About 8,200 points square: 67 Mpx even at 1×.
        p.nodes
            .insert("c".into(), Node::actor("C", Position::new(8000.0, 8000.0)));
        assert!(matches!(
            clipboard_options(&p, Theme::Light),
            Err(Failure::TooLargeForClipboard { .. })
        ));
    }

    #[test]
    fn cancel_reaches_the_progress_callback() {
        let shared = Shared::default();
        assert!(shared.report(0.25));
        assert_eq!(shared.fraction(), 0.25);
        shared.cancel.store(true, Ordering::Relaxed);
        assert!(!shared.report(0.5));
        assert!(shared.cancelled());
    }
}
