//! Carrying out what the user asked for: commands from menus, toolbar and keys, clipboard
//! requests, and the actions the panels return — each change as an edit through the history.

use std::collections::BTreeSet;

use egui::Context;

use super::browser::BrowserAction;
use super::clipboard::{self, Request};
use super::questions::{Format, Replacement};
use super::{Action, App, Command};
use crate::canvas::{GRID, Tool};
use crate::diagram::{Changes, Sizes};
use crate::edit::{Edit, add_node, attach_component, delete, duplicate, move_nodes, set_criterion};
use crate::layout::{self, Direction};
use crate::model::{CriterionUse, Node, Position};
use crate::session::{Applied, SaveMode};

impl App {
    /// This frame's shortcuts and clipboard events, unless a dialog or menu has the keyboard.
    pub(super) fn keyboard_and_clipboard(&mut self, ctx: &Context) -> Vec<Action> {
        if self.dialogs.is_modal_open() || self.session.opening.is_some() || ctx.any_popup_open() {
            return Vec::new();
        }
        // Esc takes the keyboard from a text field before this runs; it still belongs to the field.
        let typing = ctx.text_edit_focused() || self.was_typing;
        let mut actions: Vec<Action> = super::shortcuts::pressed(ctx, typing)
            .into_iter()
            .map(Action::Run)
            .collect();
        let requests = if typing { Vec::new() } else { clipboard::requests(ctx) };
        if !requests.is_empty() {
            // The system turned Ctrl+C/X/V into these events; do not act on the keys twice.
            actions.retain(|a| !matches!(a, Action::Run(Command::Copy | Command::Cut | Command::Paste)));
        }
        for request in requests {
            match request {
                Request::Copy => self.copy(ctx),
                Request::Cut => self.cut(ctx),
                Request::Paste(text) => self.paste(&text),
            }
        }
        actions
    }

    /// Applies `edit` (part of `gesture`, if any): the one way an edit reaches the document.
    pub(super) fn apply_edit(&mut self, edit: Edit, gesture: Option<u64>) {
        let applied = self.session.doc.apply_gesture(edit, gesture);
        self.follow(applied);
    }

    /// Lets the canvas follow what an edit, undo or redo did, so it patches its spatial index
    /// instead of rebuilding it.
    fn follow(&mut self, applied: Applied) {
        if applied.changed() {
            let changes = Changes {
                moved_only: applied.moved.is_some(),
                nodes: applied.nodes,
                flows: applied.flows,
            };
            self.canvas.follow(applied.before, applied.after, changes);
        }
    }

    pub(super) fn perform(&mut self, action: Action, ctx: &Context) {
        self.status.acted();
        match action {
            Action::Apply(edit) => self.apply_edit(edit, None),
            Action::ApplyAndSelect(edit, ids) => {
                self.apply_edit(edit, None);
                self.canvas.select_only(ids);
            }
            Action::Gesture(edit, key) => self.apply_edit(edit, Some(key)),
            Action::EndGesture => self.session.doc.end_gesture(),
            Action::SelectionChanged => self.highlighted.clear(),
            Action::Refused(why) => self.status.info(why),
            Action::Select(ids) => {
                self.highlighted.clear();
                self.canvas.select_only(ids);
            }
            Action::Reveal(id) => {
                self.highlighted.clear();
                self.canvas.centre_on(&id, self.session.doc.project());
                self.canvas.select_only([id]);
            }
            Action::Highlight(ids) => {
                if let Some(first) = ids.first() {
                    self.canvas.centre_on(first, self.session.doc.project());
                }
                self.highlighted = ids.iter().cloned().collect();
                self.canvas.select_only(ids);
            }
            Action::Run(command) => self.run(command, ctx),
            Action::Replace(replacement) => self.request(replacement, ctx),
            Action::About => self.dialogs.about_open = true,
            Action::Compare(with) => self.compare_with(with),
            Action::ExportReport => self.export_report(),
            Action::Fonts => self.fonts.open = true,
            Action::Exchange(what) => self.exchange(what, ctx),
        }
    }

    pub(super) fn run(&mut self, command: Command, ctx: &Context) {
        match command {
            Command::New => self.request(Replacement::Blank, ctx),
            Command::Open => self.request(Replacement::PickFile, ctx),
            Command::Save => {
                self.save(SaveMode::Background);
            }
            Command::SaveAs => {
                self.save_as(SaveMode::Background);
            }
            Command::Quit => self.request(Replacement::Quit, ctx),
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::Cut => self.cut(ctx),
            Command::Copy => self.copy(ctx),
            Command::Paste => match self.clipboard.last_copied().map(str::to_owned) {
                Some(text) => self.paste(&text),
                None => self.status.info("Nothing to paste: copy nodes first (Ctrl+C)."),
            },
            Command::Duplicate => {
                let nodes = self.selected_nodes();
                if !nodes.is_empty() {
                    let (edit, ids) = duplicate(self.session.doc.project(), &nodes);
                    self.apply_edit(edit, None);
                    self.canvas.select_only(ids);
                }
            }
            Command::Delete => {
                let edit = delete(
                    self.session.doc.project(),
                    &self.selected_nodes(),
                    &self.selected_flows(),
                );
                self.apply_edit(edit, None);
            }
            Command::SelectAll => {
                let project = self.session.doc.project();
                self.canvas
                    .select_only(project.nodes.keys().chain(project.flows.keys()).cloned());
            }
            Command::ToolSelect => self.canvas.tool = Tool::Select,
            Command::ToolActor => self.canvas.tool = Tool::AddActor,
            Command::ToolAsset => self.canvas.tool = Tool::AddAsset,
            Command::ToolConnect => self.canvas.tool = Tool::Connect,
            Command::InsertActor => self.insert(Node::actor(
                self.session.doc.project().free_name("Actor"),
                Position::default(),
            )),
            Command::InsertAsset => self.insert(Node::asset(
                self.session.doc.project().free_name("Asset"),
                Position::default(),
            )),
            Command::Rename => match self.selected_nodes().first() {
                Some(id) => self.canvas.start_rename(id),
                None => self.status.info("Select a node to rename it."),
            },
            Command::LayoutLeftRight => self.arrange(Some(Direction::LeftRight), ctx),
            Command::LayoutTopBottom => self.arrange(Some(Direction::TopBottom), ctx),
            Command::Tidy => self.arrange(None, ctx),
            Command::ZoomIn => self.canvas.zoom_in(),
            Command::ZoomOut => self.canvas.zoom_out(),
            Command::ZoomFit => self.canvas.request_fit(),
            Command::Zoom100 => self.canvas.zoom_100(),
            Command::Find => {
                self.view.show_outline = true;
                self.outline.focus_filter();
            }
            Command::ExportPng => self.ask_export(Format::Png, ctx),
            Command::ExportSvg => self.ask_export(Format::Svg, ctx),
            Command::CopyImage => self.copy_image(ctx),
            Command::Glossary => self.browser.open(),
            Command::ProjectCatalogue => self.catalog_editor.open(),
            Command::Shortcuts => self.dialogs.shortcuts_open = true,
        }
    }

    /// Draws the Glossary and catalogue window and attaches what it asks for to the selected
    /// nodes, as one undoable step.
    pub(super) fn browser_ui(&mut self, ctx: &Context) {
        let nodes = self.selected_nodes();
        let Some(asked) = self.browser.ui(ctx, self.session.derived.catalog(), !nodes.is_empty()) else {
            return;
        };
        let project = self.session.doc.project();
        let (edit, key) = match &asked {
            BrowserAction::AttachComponent(key) => (attach_component(project, &nodes, key), key),
            BrowserAction::AttachCriterion(key) => (set_criterion(project, &nodes, key, &CriterionUse::default()), key),
        };
        self.apply_edit(edit, None);
        let count = nodes.len();
        self.status.info(format!(
            "Attached {key} to {count} node{}. Undo (Ctrl+Z) takes it off.",
            if count == 1 { "" } else { "s" }
        ));
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let label = if undo {
            self.session.doc.undo_label()
        } else {
            self.session.doc.redo_label()
        }
        .map(str::to_owned);
        let applied = if undo {
            self.session.doc.undo()
        } else {
            self.session.doc.redo()
        };
        let done = applied.changed();
        self.follow(applied);
        match (done, label) {
            (true, Some(label)) => self
                .status
                .info(format!("{} {label}.", if undo { "Undid" } else { "Redid" })),
            _ => self
                .status
                .info(if undo { "Nothing to undo." } else { "Nothing to redo." }),
        }
    }

    /// Adds a node near the selection or the middle of the view where it crowds no other (see
    /// `canvas::free_spot`), selects it and starts renaming it on the canvas.
    fn insert(&mut self, mut node: Node) {
        let project = self.session.doc.project();
        self.canvas.place_new(&mut node, project, self.session.doc.revision());
        let (edit, id) = add_node(project, node);
        self.apply_edit(edit, None);
        self.canvas.select_only([id.clone()]);
        self.canvas.start_rename(&id);
        self.status.info("Added. Type its name and press Enter.");
    }

    /// Auto-layout (`Some(direction)`) or Tidy (`None`) of the selection, or of the whole diagram
    /// when fewer than two nodes are selected: one undoable step, shown as a brief glide.
    fn arrange(&mut self, direction: Option<Direction>, ctx: &Context) {
        let selected = self.selected_nodes();
        let only: Option<BTreeSet<String>> = (selected.len() >= 2).then(|| selected.into_iter().collect());
        let project = self.session.doc.project();
        let (moves, label) = match direction {
            Some(direction) => match layout::layered(project, only.as_ref(), direction, &Sizes) {
                Ok(moves) => (moves, "Auto-layout"),
                Err(e) => return self.status.error(e.to_string()),
            },
            None => (layout::tidy(project, only.as_ref(), GRID, &Sizes), "Tidy"),
        };
        let from = moves
            .iter()
            .filter_map(|(id, _)| project.nodes.get(id).map(|n| (id.clone(), n.position)))
            .collect();
        let mut edit = move_nodes(project, &moves);
        edit.label = label.to_string();
        self.apply_edit(edit, None);
        self.canvas
            .animate_from(from, self.session.doc.project(), ctx.input(|i| i.time));
        if only.is_none() {
            self.canvas.request_fit();
        }
        let project = self.session.doc.project();
        self.status.info(format!(
            "{label}: {} nodes moved; {}, {} overlapping nodes. Undo (Ctrl+Z) puts them back.",
            moves.len(),
            layout::crossings_text(project),
            layout::overlaps(project, &Sizes)
        ));
    }

    fn copy(&mut self, ctx: &Context) {
        let nodes = self.selected_nodes();
        match self.clipboard.copy(ctx, self.session.doc.project(), &nodes) {
            0 => self.status.info("Select nodes to copy them."),
            n => self
                .status
                .info(format!("Copied {n} node{}.", if n == 1 { "" } else { "s" })),
        }
    }

    fn cut(&mut self, ctx: &Context) {
        let nodes = self.selected_nodes();
        if self.clipboard.copy(ctx, self.session.doc.project(), &nodes) > 0 {
            let mut edit = delete(self.session.doc.project(), &nodes, &[]);
            edit.label = "Cut".into();
            self.apply_edit(edit, None);
            self.status.info("Cut to the clipboard.");
        }
    }

    fn paste(&mut self, text: &str) {
        match clipboard::paste_text(self.session.doc.project(), text) {
            Ok((edit, ids)) => {
                self.apply_edit(edit, None);
                self.status.info(format!(
                    "Pasted {} node{}.",
                    ids.len(),
                    if ids.len() == 1 { "" } else { "s" }
                ));
                self.canvas.select_only(ids);
            }
            Err(error) => self.status.error(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use egui::{Context, RawInput};

    use super::*;
    use crate::app::{PresetDialogs, Seams};
    use crate::edit::rename_node;

    /// One frame of the editor, headless.
    fn frame(app: &mut App, ctx: &Context) {
        ctx.run_ui(RawInput::default(), |ui| app.ui(ui))
            .drop_without_applying_deltas();
    }

    /// An editor on the gold-trade sample after its first frame, and how many index builds
    /// that frame made.
    fn editor_on_a_sample() -> (Context, App, u64) {
        let ctx = Context::default();
        let project = crate::templates::find("gold-trade")
            .expect("a shipped sample")
            .project();
        let mut app = App::new_for_test(project, Seams::preset(PresetDialogs::new()));
        frame(&mut app, &ctx);
        let built = app.index_builds();
        assert!(built >= 1, "the first frame builds the index");
        (ctx, app, built)
    }

    #[test]
    fn a_drag_its_undo_and_its_redo_patch_the_spatial_index_instead_of_building_it() {
        let (ctx, mut app, built) = editor_on_a_sample();
        let id = app.project().nodes.keys().next().expect("nodes").clone();
        let far = Position::new(-700.0, 300.0);
        app.apply_edit(move_nodes(app.project(), &[(id.clone(), far)]), None);
        frame(&mut app, &ctx);
        assert_eq!(app.index_builds(), built, "a move patches the index");
        app.undo_or_redo(true);
        frame(&mut app, &ctx);
        assert_ne!(app.project().nodes[&id].position, far);
        assert_eq!(app.index_builds(), built, "undoing the move patches it too");
        app.undo_or_redo(false);
        frame(&mut app, &ctx);
        assert_eq!(app.project().nodes[&id].position, far);
        assert_eq!(app.index_builds(), built, "and so does redoing it");
    }

    #[test]
    fn a_rename_a_delete_and_their_undos_patch_the_spatial_index_instead_of_building_it() {
        let (ctx, mut app, built) = editor_on_a_sample();
        let id = app.project().nodes.keys().next().expect("nodes").clone();
        let flows = app.project().flows_touching(&id).count();
        assert!(flows > 0, "the node has flows, which a delete takes along");
        app.apply_edit(
            rename_node(app.project(), &id, "A much longer name than the sample's"),
            None,
        );
        frame(&mut app, &ctx);
        assert_eq!(app.index_builds(), built, "a rename patches the index");
        app.apply_edit(delete(app.project(), std::slice::from_ref(&id), &[]), None);
        frame(&mut app, &ctx);
        assert!(!app.project().nodes.contains_key(&id));
        assert_eq!(app.index_builds(), built, "a delete patches the index");
        app.undo_or_redo(true);
        frame(&mut app, &ctx);
        assert_eq!(app.project().flows_touching(&id).count(), flows);
        assert_eq!(app.index_builds(), built, "undoing the delete patches it");
        app.undo_or_redo(true);
        frame(&mut app, &ctx);
        assert_eq!(app.index_builds(), built, "and so does undoing the rename");
        let fresh = crate::diagram::SpatialIndex::build(app.project());
        let area = fresh.bounds().expect("nodes");
        let index = app.canvas.index_for_test();
        assert_eq!(index.nodes_in_rect(area), fresh.nodes_in_rect(area));
        assert_eq!(index.flows_in_rect(area), fresh.flows_in_rect(area));
        assert_eq!(index.flow_labels_in_rect(area), fresh.flow_labels_in_rect(area));
    }
}
