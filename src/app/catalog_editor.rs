//! The Project catalogue window: add, edit and remove the components, criteria and platforms
//! (with their scores) that the project defines itself, and import those of another project
//! file, and import a rule file as the project's own regulatory and coverage rules (checked by
//! `assess::rules` first). An entry is checked by `catalog::custom` before it is saved; every
//! save, removal or import is one undoable edit of `Project::custom` (and of the candidate
//! platforms).
//! The app's side — applying what the window asks, picking and reading the file to import — is
//! here too.

use std::collections::BTreeMap;

use egui::{ComboBox, Context, RichText, ScrollArea, TextEdit, Ui};

use super::App;
use crate::assess::rules;
use crate::catalog::Catalog;
use crate::catalog::custom::{self, EntryKind, MAX_SCORE};
use crate::edit::{Edit, set_custom, set_platforms};
use crate::model::{
    CustomCatalog, CustomComponent, CustomCriterion, CustomPlatform, PlatformChoice, Project, ScoreOverride,
};

/// What the window asks the app to do.
#[derive(Debug)]
pub enum CatalogRequest {
    /// Apply the edit and show the message in the status bar.
    Apply { edit: Edit, message: String },
    /// Pick a project file and import its custom entries.
    Import,
    /// Pick a rule file and make it the project's own rules (docs/RULES.md).
    ImportRules,
}

/// The entry being written in the form, before it is saved.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    kind: EntryKind,
    /// The key of the saved entry this edits; `None` for a new entry.
    editing: Option<String>,
    key: String,
    name: String,
    /// The layer (components) or category (criteria).
    group: String,
    description: String,
    /// Platforms: criterion key → score.
    scores: BTreeMap<String, ScoreOverride>,
    /// Platforms: compared in the ranking.
    candidate: bool,
}

impl Draft {
    fn new(kind: EntryKind) -> Self {
        let catalog = Catalog::builtin();
        let group = match kind {
            EntryKind::Component => catalog.layers.first().map(|l| l.key.clone()),
            EntryKind::Criterion => catalog.categories.first().map(|c| c.key.clone()),
            EntryKind::Platform => None,
        };
        Self {
            kind,
            editing: None,
            key: String::new(),
            name: String::new(),
            group: group.unwrap_or_default(),
            description: String::new(),
            scores: BTreeMap::new(),
            candidate: true,
        }
    }

    /// A draft of the saved entry `key` of `kind`, if the project has it.
    fn of(project: &Project, kind: EntryKind, key: &str) -> Option<Self> {
        let custom = &project.custom;
        let mut draft = Self::new(kind);
        draft.editing = Some(key.to_owned());
        draft.key = key.to_owned();
        match kind {
            EntryKind::Component => {
                let c = custom.components.get(key)?;
                (draft.name, draft.group, draft.description) = (c.name.clone(), c.layer.clone(), c.description.clone());
            }
            EntryKind::Criterion => {
                let c = custom.criteria.get(key)?;
                (draft.name, draft.group, draft.description) =
                    (c.name.clone(), c.category.clone(), c.description.clone());
            }
            EntryKind::Platform => {
                let p = custom.platforms.get(key)?;
                (draft.name, draft.description, draft.scores) =
                    (p.name.clone(), p.description.clone(), p.scores.clone());
                draft.candidate = project.platforms.is_empty() || project.platforms.contains_key(key);
            }
        }
        Some(draft)
    }

    /// The edit that saves the draft, after checking it; or what is wrong with it.
    fn save(&self, project: &Project, catalog: &Catalog) -> Result<(Edit, String), String> {
        let key = self.key.trim();
        custom::check_key(self.kind, key, &project.custom, self.editing.as_deref() == Some(key))?;
        let mut entries = project.custom.clone();
        let (name, description) = (self.name.trim().to_owned(), self.description.trim().to_owned());
        match self.kind {
            EntryKind::Component => {
                let entry = CustomComponent {
                    name,
                    layer: self.group.clone(),
                    description,
                };
                custom::check_component(&entry)?;
                entries.components.insert(key.to_owned(), entry);
            }
            EntryKind::Criterion => {
                let entry = CustomCriterion {
                    name,
                    category: self.group.clone(),
                    description,
                };
                custom::check_criterion(&entry)?;
                entries.criteria.insert(key.to_owned(), entry);
            }
            EntryKind::Platform => {
                let entry = CustomPlatform {
                    name,
                    description,
                    scores: self.scores.clone(),
                };
                custom::check_platform(&entry, catalog)?;
                entries.platforms.insert(key.to_owned(), entry);
            }
        }
        let verb = if self.editing.is_some() { "Edit" } else { "Add" };
        let mut edit = set_custom(project, entries);
        edit.label = format!("{verb} {} {key}", self.kind.noun());
        if self.kind == EntryKind::Platform {
            edit.changes
                .extend(candidates_edit(project, key, self.candidate).changes);
        }
        let done = if self.editing.is_some() { "Saved" } else { "Added" };
        Ok((
            edit,
            format!("{done} the {} {key}. Undo (Ctrl+Z) takes it back.", self.kind.noun()),
        ))
    }
}

/// The change that makes platform `key` a candidate or not. A project with no candidates compares
/// every platform, so there adding one changes nothing and leaving one out lists all the others.
fn candidates_edit(project: &Project, key: &str, candidate: bool) -> Edit {
    let mut candidates = project.platforms.clone();
    if candidate {
        if !candidates.is_empty() {
            candidates.entry(key.to_owned()).or_default();
        }
    } else {
        if candidates.is_empty() {
            let catalog = Catalog::builtin().with_project(project);
            candidates = catalog
                .platforms
                .iter()
                .map(|p| (p.key.clone(), PlatformChoice::default()))
                .collect();
        }
        candidates.remove(key);
    }
    set_platforms(project, candidates)
}

/// The edit that removes the saved entry `key` of `kind` (and a platform from the candidates),
/// with the status message saying what happens to nodes that name it.
fn remove(project: &Project, kind: EntryKind, key: &str) -> (Edit, String) {
    let mut entries: CustomCatalog = project.custom.clone();
    let users = match kind {
        EntryKind::Component => {
            entries.components.remove(key);
            project.nodes.values().filter(|n| n.components.contains(key)).count()
        }
        EntryKind::Criterion => {
            entries.criteria.remove(key);
            project.nodes.values().filter(|n| n.criteria.contains_key(key)).count()
        }
        EntryKind::Platform => {
            entries.platforms.remove(key);
            0
        }
    };
    let mut edit = set_custom(project, entries);
    edit.label = format!("Remove {} {key}", kind.noun());
    if kind == EntryKind::Platform && project.platforms.contains_key(key) {
        let mut candidates = project.platforms.clone();
        candidates.remove(key);
        edit.changes.extend(set_platforms(project, candidates).changes);
    }
    let mut message = format!("Removed the {} {key}.", kind.noun());
    if users > 0 {
        message.push_str(&format!(
            " {users} node{} still name{} it; the assessment ignores it there.",
            if users == 1 { "" } else { "s" },
            if users == 1 { "s" } else { "" }
        ));
    }
    message.push_str(" Undo (Ctrl+Z) brings it back.");
    (edit, message)
}

/// The window's state.
#[derive(Default)]
pub struct CatalogEditor {
    open: bool,
    kind: Option<EntryKind>,
    draft: Option<Draft>,
    /// Why the last save was refused.
    error: Option<String>,
}

impl CatalogEditor {
    pub fn open(&mut self) {
        self.open = true;
    }

    /// Draws the window while it is open.
    pub fn ui(&mut self, ctx: &Context, project: &Project, catalog: &Catalog) -> Option<CatalogRequest> {
        let mut open = self.open;
        let mut asked = None;
        super::windows::within_central_area(ctx, egui::Window::new("Project catalogue"))
            .open(&mut open)
            .default_size([520.0, 600.0])
            .resizable(true)
            .show(ctx, |ui| asked = self.contents(ui, project, catalog));
        self.open = open;
        asked
    }

    fn contents(&mut self, ui: &mut Ui, project: &Project, catalog: &Catalog) -> Option<CatalogRequest> {
        let mut asked = None;
        ui.label(
            "Components, criteria and platforms of your own, saved in this project file and used by the \
             assessment like the built-in ones.",
        );
        let kind = *self.kind.get_or_insert(EntryKind::Component);
        ui.horizontal(|ui| {
            for (each, title, count) in [
                (EntryKind::Component, "Components", project.custom.components.len()),
                (EntryKind::Criterion, "Criteria", project.custom.criteria.len()),
                (EntryKind::Platform, "Platforms", project.custom.platforms.len()),
            ] {
                if ui
                    .selectable_label(kind == each, format!("{title} ({count})"))
                    .clicked()
                    && kind != each
                {
                    self.kind = Some(each);
                    self.draft = None;
                    self.error = None;
                }
            }
            ui.separator();
            if ui
                .button("Import from project…")
                .on_hover_text("Add the custom components, criteria and platforms of another project file")
                .clicked()
            {
                asked = Some(CatalogRequest::Import);
            }
            if ui
                .button("Import rules…")
                .on_hover_text("Use the regulatory and coverage rules of a rule file (docs/RULES.md) in this project")
                .clicked()
            {
                asked = Some(CatalogRequest::ImportRules);
            }
            if !project.custom.rules.is_empty()
                && ui
                    .button("Remove rules")
                    .on_hover_text("Assess with the built-in rules only")
                    .clicked()
            {
                let mut custom = project.custom.clone();
                custom.rules.clear();
                let mut edit = set_custom(project, custom);
                edit.label = "Remove the project's rules".to_owned();
                asked = Some(CatalogRequest::Apply {
                    edit,
                    message: "The project's own rules are removed; the built-in rules assess it.".to_owned(),
                });
            }
        });
        if !project.custom.rules.is_empty() {
            ui.weak("This project adds rules of its own to the built-in ones (Import rules… replaces them).");
        }
        ui.separator();
        let kind = self.kind.unwrap_or(EntryKind::Component);
        self.entry_list(ui, project, kind);
        if ui.button(format!("New {}", kind.noun())).clicked() {
            self.draft = Some(Draft::new(kind));
            self.error = None;
        }
        if self.draft.as_ref().is_some_and(|d| d.kind == kind) {
            ui.separator();
            asked = self.form(ui, project, catalog).or(asked);
        }
        asked
    }

    /// The project's entries of `kind`; clicking one opens it in the form.
    fn entry_list(&mut self, ui: &mut Ui, project: &Project, kind: EntryKind) {
        let custom = &project.custom;
        let entries: Vec<(&String, &String)> = match kind {
            EntryKind::Component => custom.components.iter().map(|(k, e)| (k, &e.name)).collect(),
            EntryKind::Criterion => custom.criteria.iter().map(|(k, e)| (k, &e.name)).collect(),
            EntryKind::Platform => custom.platforms.iter().map(|(k, e)| (k, &e.name)).collect(),
        };
        if entries.is_empty() {
            ui.weak(format!("The project defines no {} of its own yet.", plural(kind)));
        }
        ScrollArea::vertical()
            .id_salt("custom-entries")
            .max_height(140.0)
            .show(ui, |ui| {
                for (key, name) in entries {
                    let chosen = self.draft.as_ref().and_then(|d| d.editing.as_deref()) == Some(key.as_str());
                    if ui.selectable_label(chosen, format!("{name} · {key}")).clicked() {
                        self.draft = Draft::of(project, kind, key);
                        self.error = None;
                    }
                }
            });
    }

    /// The form of the draft, with Save, Remove and Cancel.
    fn form(&mut self, ui: &mut Ui, project: &Project, catalog: &Catalog) -> Option<CatalogRequest> {
        let draft = self.draft.as_mut()?;
        let heading = match &draft.editing {
            Some(key) => format!("Edit {} {key}", draft.kind.noun()),
            None => format!("New {}", draft.kind.noun()),
        };
        ui.label(RichText::new(heading).strong());
        egui::Grid::new("custom-entry-form").num_columns(2).show(ui, |ui| {
            let label = ui.label("Key");
            ui.add_enabled(
                draft.editing.is_none(),
                TextEdit::singleline(&mut draft.key).hint_text(format!("org.{}", draft.kind.noun())),
            )
            .labelled_by(label.id)
            .on_hover_text("Lower-case letters, digits, “.”, “_” and “-”; fixed once saved");
            ui.end_row();
            let label = ui.label("Name");
            ui.text_edit_singleline(&mut draft.name).labelled_by(label.id);
            ui.end_row();
            match draft.kind {
                EntryKind::Component => group_picker(ui, "Layer", &mut draft.group, layers()),
                EntryKind::Criterion => group_picker(ui, "Category", &mut draft.group, categories()),
                EntryKind::Platform => {
                    ui.label("");
                    ui.checkbox(&mut draft.candidate, "Compared in the ranking")
                        .on_hover_text("A candidate platform of this project");
                    ui.end_row();
                }
            }
            let label = ui.label("Description");
            ui.add(TextEdit::multiline(&mut draft.description).desired_rows(2))
                .labelled_by(label.id);
            ui.end_row();
        });
        if draft.kind == EntryKind::Platform {
            score_table(ui, &mut draft.scores, catalog);
        }
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        let saved = draft.editing.is_some();
        let (save, remove_it, cancel) = ui
            .horizontal(|ui| {
                let save = ui.button("Save entry").clicked();
                let remove_it = saved
                    && ui
                        .button("Remove")
                        .on_hover_text("Remove the entry from the project; nodes that name it keep the key")
                        .clicked();
                (save, remove_it, ui.button("Cancel").clicked())
            })
            .inner;
        if save {
            match draft.save(project, catalog) {
                Ok((edit, message)) => {
                    draft.key = draft.key.trim().to_owned();
                    draft.editing = Some(draft.key.clone());
                    self.error = None;
                    return Some(CatalogRequest::Apply { edit, message });
                }
                Err(why) => self.error = Some(why),
            }
        }
        if remove_it && let Some(key) = draft.editing.clone() {
            let (edit, message) = remove(project, draft.kind, &key);
            self.draft = None;
            self.error = None;
            return Some(CatalogRequest::Apply { edit, message });
        }
        if cancel {
            self.draft = None;
            self.error = None;
        }
        None
    }
}

impl App {
    /// Draws the Project catalogue window and carries out what it asks.
    pub(super) fn catalog_editor_ui(&mut self, ctx: &Context) {
        match self
            .catalog_editor
            .ui(ctx, self.session.doc.project(), self.session.derived.catalog())
        {
            Some(CatalogRequest::Apply { edit, message }) => {
                self.apply_edit(edit, None);
                self.status.info(message);
            }
            Some(CatalogRequest::Import) => self.import_catalogue(),
            Some(CatalogRequest::ImportRules) => self.import_rules(),
            None => {}
        }
    }

    /// Asks for a rule file, checks it against the built-in rules and this project's catalogue,
    /// and makes its text the project's own rules, as one undo step; a refused file changes
    /// nothing and the dialog says where and why.
    fn import_rules(&mut self) {
        let Some(path) = self.file_dialogs.pick_open() else {
            return;
        };
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let checked = std::fs::read_to_string(&path)
            .map_err(|e| format!("{name}: {e}"))
            .and_then(|text| {
                let set = rules::load(rules::builtin(), &name, &text, self.session.derived.catalog());
                set.map(|set| (text, set.rules.iter().filter(|r| !r.builtin).count()))
                    .map_err(|e| e.to_string())
            });
        let (text, count) = match checked {
            Ok(checked) => checked,
            Err(error) => {
                self.status.error(format!("Could not import the rules of {name}."));
                return self.dialogs.show_error("Could not import the rules", error);
            }
        };
        let project = self.session.doc.project();
        let mut custom = project.custom.clone();
        custom.rules = text;
        let mut edit = set_custom(project, custom);
        edit.label = format!("Import rules from {name}");
        self.apply_edit(edit, None);
        self.status.info(format!(
            "Imported {} from {name}.",
            crate::assess::count_as(count, "rule", "rules")
        ));
    }

    /// Asks for a project file and adds its custom entries to this project, as one undo step.
    fn import_catalogue(&mut self) {
        let Some(path) = self.file_dialogs.pick_open() else {
            return;
        };
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let theirs = match crate::file::load(&path) {
            Ok(loaded) => loaded.project.custom,
            Err(error) => {
                self.status.error(format!("Could not import from {name}."));
                return self
                    .dialogs
                    .show_error("Could not import the catalogue", error.to_string());
            }
        };
        if theirs.is_empty() {
            return self.status.info(format!(
                "{name} defines no components, criteria or platforms of its own."
            ));
        }
        let project = self.session.doc.project();
        let (merged, summary) = custom::import(&project.custom, &theirs);
        let mut edit = set_custom(project, merged);
        edit.label = format!("Import catalogue from {name}");
        self.apply_edit(edit, None);
        let mut message = format!(
            "Imported from {name}: {} added, {} replaced, {} already here.",
            summary.added, summary.replaced, summary.unchanged
        );
        if !summary.skipped.is_empty() {
            message.push_str(&format!(
                " Left out {}: {}.",
                summary.skipped.len(),
                summary.skipped.join("; ")
            ));
        }
        self.status.info(message);
    }
}

fn plural(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Component => "components",
        EntryKind::Criterion => "criteria",
        EntryKind::Platform => "platforms",
    }
}

fn layers() -> Vec<(String, String)> {
    let catalog = Catalog::builtin();
    catalog.layers.iter().map(|l| (l.key.clone(), l.name.clone())).collect()
}

fn categories() -> Vec<(String, String)> {
    let catalog = Catalog::builtin();
    catalog
        .categories
        .iter()
        .map(|c| (c.key.clone(), c.name.clone()))
        .collect()
}

/// A grid row choosing one of `options` (key, name) for `value`.
fn group_picker(ui: &mut Ui, title: &str, value: &mut String, options: Vec<(String, String)>) {
    let label = ui.label(title);
    let shown = options
        .iter()
        .find(|(key, _)| key == value)
        .map_or_else(|| value.clone(), |(_, name)| name.clone());
    ComboBox::from_id_salt(("custom-group", title))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (key, name) in options {
                ui.selectable_value(value, key, name);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// The platform's score for every criterion of the catalogue: unscored, or 0 to 3.
fn score_table(ui: &mut Ui, scores: &mut BTreeMap<String, ScoreOverride>, catalog: &Catalog) {
    ui.label(RichText::new("Scores (0 not supported … 3 fully supported)").strong());
    ScrollArea::vertical()
        .id_salt("custom-scores")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("custom-score-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for criterion in &catalog.criteria {
                        let label = ui.label(&criterion.name).on_hover_text(&criterion.description);
                        let mut score = scores.get(&criterion.key).map(|s| s.score);
                        let text = score.map_or_else(|| "—".to_owned(), |s| s.to_string());
                        ComboBox::from_id_salt(("custom-score", &criterion.key))
                            .selected_text(text)
                            .width(48.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut score, None, "—").on_hover_text("Not scored");
                                for value in 0..=MAX_SCORE {
                                    ui.selectable_value(&mut score, Some(value), value.to_string())
                                        .on_hover_text(&criterion.scale[usize::from(value)]);
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        match score {
                            Some(value) => {
                                let blank = ScoreOverride {
                                    score: value,
                                    note: String::new(),
                                };
                                scores.entry(criterion.key.clone()).or_insert(blank).score = value;
                            }
                            None => {
                                scores.remove(&criterion.key);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};

    fn project_with_criterion() -> Project {
        let mut project = Project::new("t");
        project.custom.criteria.insert(
            "org.energy".into(),
            CustomCriterion {
                name: "Energy".into(),
                category: "cat.operation".into(),
                description: String::new(),
            },
        );
        let mut node = Node::actor("A", Position::default());
        node.criteria.insert("org.energy".into(), Default::default());
        project.nodes.insert("a".into(), node);
        project
    }

    #[test]
    fn a_draft_saves_as_one_edit_or_says_what_is_wrong() {
        let project = project_with_criterion();
        let catalog = Catalog::builtin().with_project(&project);
        let mut draft = Draft::new(EntryKind::Criterion);
        draft.key = "org.energy".into();
        draft.name = "Again".into();
        assert!(
            draft
                .save(&project, &catalog)
                .unwrap_err()
                .contains("already has a criterion")
        );
        draft.key = " org.water ".into();
        let (edit, message) = draft.save(&project, &catalog).unwrap();
        assert_eq!(edit.label, "Add criterion org.water");
        assert!(message.contains("org.water"), "{message}");
        let mut editing = Draft::of(&project, EntryKind::Criterion, "org.energy").unwrap();
        editing.name = String::new();
        assert!(editing.save(&project, &catalog).unwrap_err().contains("needs a name"));
        editing.name = "Energy use".into();
        assert_eq!(
            editing.save(&project, &catalog).unwrap().0.label,
            "Edit criterion org.energy"
        );
    }

    #[test]
    fn removing_a_used_criterion_says_who_still_names_it() {
        let (edit, message) = remove(&project_with_criterion(), EntryKind::Criterion, "org.energy");
        assert_eq!(edit.label, "Remove criterion org.energy");
        assert!(message.contains("1 node still names it"), "{message}");
    }

    #[test]
    fn leaving_a_platform_out_lists_the_others_as_candidates() {
        let mut project = Project::new("t");
        project.custom.platforms.insert(
            "org.chain".into(),
            CustomPlatform {
                name: "Chain".into(),
                ..CustomPlatform::default()
            },
        );
        let mut after = project.clone();
        let edit = candidates_edit(&project, "org.chain", false);
        for change in &edit.changes {
            if let crate::edit::Change::Platforms { after: platforms, .. } = change {
                after.platforms = platforms.clone();
            }
        }
        assert!(!after.platforms.contains_key("org.chain"));
        assert!(after.platforms.contains_key("fabric"), "{:?}", after.platforms.keys());
        assert!(
            candidates_edit(&project, "org.chain", true).is_noop(),
            "all are compared already"
        );
    }
}
