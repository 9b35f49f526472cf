//! The editor application: the eframe app with its menus, toolbar, outline, canvas, inspector,
//! use-case sheet, status bar, dialogs, shortcuts and clipboard. The only part of the program
//! that knows eframe, rfd and the clock. Every change to the project goes through
//! [`edit::History`](crate::edit::History); tests drive the same [`App`] headlessly through
//! [`App::new_for_test`] with file dialogs that answer preset paths.

pub mod assessment_panel;
mod browser;
mod catalog_editor;
mod clipboard;
mod commands;
mod compare;
mod dialogs;
mod export;
mod fields;
mod files;
mod fonts;
mod inspector;
mod interchange;
mod menu;
mod opening;
mod outline;
mod questions;
mod recovery;
mod report;
mod saving;
mod sheet;
mod shortcuts;
mod status;
mod windows;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{CentralPanel, Context, Panel, Rect, ThemePreference, Ui, ViewportCommand};

pub use compare::{Change as CompareChange, CompareWith};
pub use files::{FileDialogs, NativeDialogs, PresetDialogs};
pub use shortcuts::Command;

use crate::canvas::{self, Annotations, Canvas};
use crate::edit::Edit;
use crate::model::Project;
use crate::session::{Choice, Document, Recovery, SaveMode, Session};
use crate::templates;
use assessment_panel::{AssessmentPanel, PanelAction};
use dialogs::Dialogs;
use files::RecentFiles;
use menu::{MenuState, ViewOptions};
use questions::{Answer, Replacement};

/// What the app takes from its surroundings, replaceable in tests.
pub struct Seams {
    pub dialogs: Box<dyn FileDialogs>,
    /// The recent-files list to start with.
    pub recent: Vec<PathBuf>,
    /// Where recovery copies go (autosave); `None` turns autosave off.
    pub recovery: Option<crate::file::RecoveryStore>,
}

impl Seams {
    /// Dialogs that answer preset paths and an empty recent-files list.
    pub fn preset(dialogs: PresetDialogs) -> Self {
        Self {
            dialogs: Box::new(dialogs),
            recent: Vec::new(),
            recovery: None,
        }
    }
}

/// Something the canvas, a panel, a menu or a key asked for, all carried out by
/// [`App::perform`]: the canvas's at once (the rest of the frame shows their effect), the others
/// after drawing.
#[derive(Debug)]
pub(crate) enum Action {
    Apply(Edit),
    /// Apply, then select these ids.
    ApplyAndSelect(Edit, Vec<String>),
    /// Part of a gesture (typing in one field, dragging one slider or nodes): one undo step per
    /// key.
    Gesture(Edit, u64),
    EndGesture,
    Select(BTreeSet<String>),
    /// The canvas's selection changed: what the assessment panel highlighted is dropped.
    SelectionChanged,
    /// A gesture did nothing, for this reason (said in the status bar).
    Refused(&'static str),
    /// Select one node or flow and centre the canvas on it.
    Reveal(String),
    /// Select and highlight what an assessment finding is about.
    Highlight(Vec<String>),
    Run(Command),
    Replace(Replacement),
    About,
    /// Open the Compare window against another version.
    Compare(CompareWith),
    /// Write the assessment report as a PDF.
    ExportReport,
    /// View › Fonts…
    Fonts,
    /// File › Other formats (draw.io export, Copy as Mermaid / DOT).
    Exchange(interchange::Exchange),
}

impl From<canvas::Action> for Action {
    fn from(asked: canvas::Action) -> Self {
        match asked {
            canvas::Action::Apply { edit, gesture: None } => Action::Apply(edit),
            canvas::Action::Apply {
                edit,
                gesture: Some(key),
            } => Action::Gesture(edit, key),
            canvas::Action::EndGesture => Action::EndGesture,
            canvas::Action::SelectionChanged => Action::SelectionChanged,
            canvas::Action::Refused(why) => Action::Refused(why),
        }
    }
}

impl From<PanelAction> for Action {
    fn from(asked: PanelAction) -> Self {
        match asked {
            PanelAction::Select(ids) => Action::Highlight(ids),
            PanelAction::Apply(edit) => Action::Apply(edit),
        }
    }
}

/// Which page the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SideTab {
    Inspector,
    Sheet,
    Assessment,
}

/// The editor.
pub struct App {
    /// The open document, what is derived from it, and its workers: no egui in there.
    session: Session,
    canvas: Canvas,
    /// Where the canvas was on screen last frame.
    canvas_rect: Rect,
    /// Ids the assessment panel asked to highlight.
    highlighted: BTreeSet<String>,
    file_dialogs: Box<dyn FileDialogs>,
    recent: RecentFiles,
    dialogs: Dialogs,
    clipboard: clipboard::Clipboard,
    export: export::Exporter,
    status: status::Status,
    outline: outline::Outline,
    inspector: inspector::Inspector,
    assessment: AssessmentPanel,
    browser: browser::Browser,
    catalog_editor: catalog_editor::CatalogEditor,
    side_tab: SideTab,
    view: ViewOptions,
    /// The theme last handed to egui.
    applied_theme: Option<ThemePreference>,
    /// The user agreed to close (or there was nothing to lose).
    close_confirmed: bool,
    /// The window title last sent, so it is only sent when it changes.
    shown_title: String,
    /// A text field had the keyboard at the end of the last frame.
    was_typing: bool,
    /// The Compare window's comparison, while it is open.
    compare: Option<compare::Comparison>,
    /// The fonts for scripts egui's own lack (View › Fonts…).
    fonts: fonts::FontChoice,
    /// When the program started, while its first frame is still to be timed (see
    /// [`FIRST_FRAME_ENV`]).
    first_frame_clock: Option<std::time::Instant>,
}

impl App {
    fn with_document(doc: Document, seams: Seams) -> Self {
        let recovery = seams
            .recovery
            .map(|store| Recovery::new(store, DEFAULT_AUTOSAVE, recovery::now()));
        Self {
            session: Session::new(doc, recovery),
            canvas: Canvas::default(),
            canvas_rect: Rect::ZERO,
            highlighted: BTreeSet::new(),
            file_dialogs: seams.dialogs,
            recent: RecentFiles::new(seams.recent),
            dialogs: Dialogs::default(),
            clipboard: clipboard::Clipboard::default(),
            export: export::Exporter::default(),
            status: status::Status::default(),
            outline: outline::Outline::default(),
            inspector: inspector::Inspector::default(),
            assessment: AssessmentPanel::default(),
            browser: browser::Browser::default(),
            catalog_editor: catalog_editor::CatalogEditor::default(),
            side_tab: SideTab::Inspector,
            view: ViewOptions::default(),
            applied_theme: None,
            close_confirmed: false,
            shown_title: String::new(),
            was_typing: false,
            compare: None,
            fonts: fonts::FontChoice::default(),
            first_frame_clock: None,
        }
    }

    /// The editor on an untitled project, with test seams.
    pub fn new_for_test(project: Project, seams: Seams) -> Self {
        Self::with_document(Document::new(project, None, None), seams)
    }

    /// The editor as the program starts it: on `file`, or on the default sample.
    fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let recent = cc
            .storage
            .map(|s| RecentFiles::load(s).paths().to_vec())
            .unwrap_or_default();
        let seams = Seams {
            dialogs: Box::new(NativeDialogs::default()),
            recent,
            recovery: crate::file::RecoveryStore::default_dir().map(crate::file::RecoveryStore::new),
        };
        let sample = templates::find(templates::DEFAULT).expect("the default template is embedded");
        let doc = Document::new(sample.project(), None, Some(format!("{} (sample)", sample.title)));
        let mut app = Self::with_document(doc, seams);
        app.fonts = fonts::FontChoice::remembered(cc.storage);
        if let Some(theme) = cc.storage.and_then(|s| eframe::get_value(s, THEME_KEY)) {
            app.view.theme = theme;
        }
        if let Some(secs) = cc.storage.and_then(|s| eframe::get_value::<u32>(s, AUTOSAVE_KEY)) {
            app.view.autosave_secs = secs.clamp(10, 600);
        }
        match file {
            Some(path) => app.open_path(&path),
            None => app.status.info(format!(
                "This is the sample “{}”. File › New starts a blank project; File › Open opens yours.",
                sample.title
            )),
        }
        app
    }

    pub fn project(&self) -> &Project {
        self.session.doc.project()
    }

    pub fn is_dirty(&self) -> bool {
        self.session.doc.is_dirty()
    }

    /// The file the project belongs to, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.session.doc.path()
    }

    /// The window title: `dlt-modeller — name.ron •` (the dot while there are unsaved changes).
    pub fn window_title(&self) -> String {
        self.session.doc.window_title()
    }

    /// Ids of the selected nodes and flows.
    pub fn selection(&self) -> &BTreeSet<String> {
        &self.canvas.selection
    }

    /// The error window's title and text, while it is open.
    pub fn error(&self) -> Option<(&str, &str)> {
        self.dialogs.error()
    }

    /// The status bar's message.
    pub fn status_message(&self) -> &str {
        self.status.message()
    }

    /// The notice over the canvas naming scripts no font draws, until dismissed.
    pub fn font_notice(&self) -> Option<&str> {
        self.fonts.canvas_notice()
    }

    /// How many times the canvas built its spatial index from scratch (see
    /// [`Canvas::index_builds`]).
    pub fn index_builds(&self) -> u64 {
        self.canvas.index_builds()
    }

    pub fn recent_files(&self) -> &[PathBuf] {
        self.recent.paths()
    }

    /// Draws the whole editor into `ui` (the window's root) and carries out what the user did.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        self.handle_close_request(&ctx);
        self.keep_recovery_copy(&ctx);
        self.take_dropped_files(&ctx);
        let mut actions = self.keyboard_and_clipboard(&ctx);
        self.session.doc.refresh(&mut self.session.derived);
        self.refresh_fonts(&ctx);
        if self.session.derived.is_updating() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }

        let state = MenuState {
            undo: self.session.doc.undo_label(),
            redo: self.session.doc.redo_label(),
            has_selection: !self.canvas.selection.is_empty(),
            has_nodes_selected: self
                .canvas
                .selection
                .iter()
                .any(|id| self.session.doc.project().nodes.contains_key(id)),
            can_paste: self.clipboard.last_copied().is_some(),
            recent: self.recent.paths(),
            exporting: self.is_exporting(),
            has_path: self.session.doc.path().is_some(),
        };
        let mut menu_hint = None;
        Panel::top("menu-bar").show(ui, |ui| {
            let menus = menu::menu_bar(ui, &state, &mut self.view);
            actions.extend(menus.actions);
            menu_hint = menus.hint;
            ui.add_space(2.0);
            menu::toolbar(ui, &state, self.canvas.tool, &mut actions);
            ui.add_space(2.0);
        });
        if let Some(version) = self.session.doc.newer_version {
            Panel::top("newer-version-banner").show(ui, |ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Read-only: a newer dlt-modeller wrote this file (format version {version}; this one writes {}). \
                         You can look and edit, but not save over it — use File › Save As…",
                        crate::file::CURRENT_VERSION
                    ),
                );
            });
        }
        Panel::bottom("status-bar").show(ui, |ui| {
            let facts = status::Facts {
                project: self.session.doc.project(),
                findings: &self.session.derived.report().findings,
                selected: self.canvas.selection.len(),
                zoom: self.canvas.view.zoom,
            };
            self.status.ui(ui, &facts, menu_hint.as_deref(), self.canvas.hint());
        });
        if self.view.show_outline {
            Panel::left("outline")
                .resizable(true)
                .default_size(230.0)
                .size_range(160.0..=480.0)
                .show(ui, |ui| {
                    let (project, revision) = (self.session.doc.project(), self.session.doc.revision());
                    actions.extend(self.outline.ui(ui, project, revision, &self.canvas.selection));
                });
        }
        if self.view.show_side_panel {
            Panel::right("side-panel")
                .resizable(true)
                .default_size(420.0)
                .size_range(280.0..=760.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.side_tab, SideTab::Inspector, "Inspector");
                        ui.selectable_value(&mut self.side_tab, SideTab::Sheet, "Use case");
                        ui.selectable_value(&mut self.side_tab, SideTab::Assessment, "Assessment");
                    });
                    ui.separator();
                    let (project, catalog) = (self.session.doc.project(), self.session.derived.catalog());
                    actions.extend(match self.side_tab {
                        SideTab::Inspector => self.inspector.ui(ui, project, catalog, &self.canvas.selection),
                        SideTab::Sheet => sheet::ui(ui, project),
                        SideTab::Assessment => {
                            let asked = self.assessment.ui(ui, project, catalog, self.session.derived.report());
                            asked.into_iter().map(Action::from).collect()
                        }
                    });
                });
        }
        self.canvas.grid = self.view.grid;
        self.canvas.snap = self.view.snap;
        CentralPanel::no_frame().show(ui, |ui| {
            self.canvas_rect = ui.available_rect_before_wrap();
            windows::set_central_area(ui.ctx(), self.canvas_rect);
            let notes = Annotations {
                highlighted: &self.highlighted,
                markers: self.session.derived.markers(),
                overlay: self.assessment.overlay_enabled(),
                report: Some(self.session.derived.report()),
            };
            let revision = self.session.doc.revision();
            let was_busy = self.canvas.is_busy();
            let asked = self.canvas.ui(ui, self.session.doc.project(), revision, notes);
            if was_busy && !self.canvas.is_busy() {
                self.status.acted();
            }
            for asked in asked {
                self.perform(asked.into(), ui.ctx());
            }
            if let Some(comparison) = &self.compare {
                let style = crate::diagram::Style::for_visuals(ui.visuals());
                let painter = ui.painter_at(self.canvas_rect);
                comparison.paint(&painter, &self.canvas.view, self.session.doc.project(), &style);
            }
        });
        self.fonts.notice_ui(&ctx, self.canvas_rect);
        if let Some(answer) = self.dialogs.show(&ctx) {
            self.answer(answer, &ctx);
        }
        self.export_ui(&ctx);
        self.opening_ui(&ctx);
        self.saving_ui(&ctx);
        self.browser_ui(&ctx);
        self.catalog_editor_ui(&ctx);
        actions.extend(self.compare_ui(&ctx));
        if self.fonts.open {
            self.fonts.ui(&ctx, self.session.doc.project());
        }
        for action in actions {
            self.perform(action, &ctx);
        }
        self.show_title(&ctx);
        self.was_typing = ctx.text_edit_focused();
    }

    /// Chooses the fonts for the project when its characters (or the user's fonts) changed: the
    /// canvas then builds its index again, as names may have other sizes; a script without a
    /// font is noticed once in the status bar (and over the canvas: `FontChoice::notice_ui`).
    fn refresh_fonts(&mut self, ctx: &Context) {
        let revision = self.session.doc.revision();
        let refreshed = self
            .fonts
            .refresh(ctx, self.session.doc.project(), self.session.document_serial, revision);
        if refreshed.fonts_changed {
            self.canvas.forget_index();
        }
        if let Some(notice) = refreshed.notice {
            self.status.info(notice);
        }
    }

    /// Hands the theme to egui when it changed; the first time, also leaves Ctrl+Plus, Ctrl+Minus
    /// and Ctrl+0 to the canvas's zoom instead of egui's zoom of the whole interface.
    fn apply_theme(&mut self, ctx: &Context) {
        if self.applied_theme.is_none() {
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
        }
        if self.applied_theme != Some(self.view.theme) {
            ctx.set_theme(self.view.theme);
            self.applied_theme = Some(self.view.theme);
        }
    }

    /// Autosave: writes or removes this session's recovery copy, and offers the copies a crashed
    /// session left behind.
    fn keep_recovery_copy(&mut self, ctx: &Context) {
        let Some(recovery) = &mut self.session.recovery else {
            return;
        };
        recovery.set_interval(std::time::Duration::from_secs(self.view.autosave_secs.into()));
        if let Some(problem) = recovery.tick(&self.session.doc, recovery::now()) {
            self.status.error(problem);
        }
        match recovery::window(recovery, ctx, !self.session.doc.is_dirty()) {
            Some(Choice::Restore(project, path)) => {
                self.install(*project, path, None);
                self.session.doc.mark_unsaved();
                self.status
                    .info("Restored the unsaved changes. Save them to keep them.");
            }
            Some(Choice::Failed(problem)) => self.dialogs.show_error("Could not restore", problem),
            None => {}
        }
    }

    /// Closing the window with unsaved changes asks first.
    fn handle_close_request(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && let Some(saving) = &mut self.session.saving
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            saving.close_after = true;
            return self.status.info("Closing once the save is done.");
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed && self.session.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialogs.prompt = Some(questions::Prompt::Discard(Replacement::Quit));
        }
    }

    fn answer(&mut self, answer: Answer, ctx: &Context) {
        self.status.acted();
        match answer {
            Answer::SaveThen(replacement) => {
                if self.save(SaveMode::Wait) {
                    self.replace(replacement, ctx);
                }
            }
            Answer::Discard(replacement) => self.replace(replacement, ctx),
            Answer::Open(path) => self.open_path(&path),
            Answer::SaveTo(path) => {
                self.save_to(path, SaveMode::Background);
            }
            Answer::ExportTo(format, path) => self.export_to(format, path, ctx),
            Answer::Overwrite(path) => {
                self.save_to(path, SaveMode::Background);
            }
            Answer::Reload(path) => self.open_path(&path),
            Answer::SaveAsInstead => {
                self.save_as(SaveMode::Background);
            }
            Answer::MergeFromDisk(path) => self.merge_from_disk(&path),
        }
    }

    fn show_title(&mut self, ctx: &Context) {
        let title = self.session.doc.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// The selected node ids, in id order.
    fn selected_nodes(&self) -> Vec<String> {
        self.canvas
            .selection
            .iter()
            .filter(|id| self.session.doc.project().nodes.contains_key(*id))
            .cloned()
            .collect()
    }

    /// The selected flow ids, in id order.
    fn selected_flows(&self) -> Vec<String> {
        self.canvas
            .selection
            .iter()
            .filter(|id| self.session.doc.project().flows.contains_key(*id))
            .cloned()
            .collect()
    }

    /// Puts another project in place of the current one.
    fn install(&mut self, project: Project, path: Option<PathBuf>, origin: Option<String>) {
        self.session.doc.replace(project, path, origin);
        self.session.document_serial += 1;
        self.canvas.selection.clear();
        self.highlighted.clear();
        self.canvas.request_fit();
        self.session.doc.refresh(&mut self.session.derived);
    }
}

const THEME_KEY: &str = "theme";
/// How often, at most, a recovery copy of unsaved changes is written.
const DEFAULT_AUTOSAVE: std::time::Duration = std::time::Duration::from_secs(30);
const AUTOSAVE_KEY: &str = "autosave_secs";

/// Set (to anything), the editor prints the time from start to the end of its first frame on
/// standard error and closes: how start-up time is measured (docs/PERFORMANCE.md).
pub const FIRST_FRAME_ENV: &str = "DLT_MODELLER_EXIT_AFTER_FIRST_FRAME";

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        App::ui(self, ui);
        if let Some(started) = self.first_frame_clock.take() {
            eprintln!("first frame after {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.recent.store(storage);
        eframe::set_value(storage, THEME_KEY, &self.view.theme);
        eframe::set_value(storage, AUTOSAVE_KEY, &self.view.autosave_secs);
        self.fonts.store(storage);
    }
}

/// Opens the editor window: on `file` if given, else on the responsible-gold-trade sample.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    let started = std::time::Instant::now();
    let first_frame_clock = std::env::var_os(FIRST_FRAME_ENV).map(|_| started);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("dlt-modeller")
            .with_app_id("dlt-modeller")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([820.0, 520.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "dlt-modeller",
        options,
        Box::new(move |cc| {
            let mut app = App::new(cc, file);
            app.first_frame_clock = first_frame_clock;
            Ok(Box::new(app))
        }),
    )
}
