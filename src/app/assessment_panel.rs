//! The Assessment panel beside the canvas: the platform ranking (sortable, weighted sum or
//! TOPSIS) with its sensitivity, the requirements with their weights and must-have thresholds
//! (editable), the criteria × platforms heat map, the architecture coverage, the regulatory
//! checklist with the project's answers (editable) and the validation findings. Under the
//! ranking, a picker chooses the candidate platforms (at least two), applied as one undoable edit. Every number
//! explains itself in a tooltip (a score with the full references of its sources); clicking a
//! row asks the app to select its nodes. The panel changes nothing itself: it returns
//! [`PanelAction`]s for the app to carry out.

use std::collections::BTreeSet;

use egui::{CollapsingHeader, Color32, ComboBox, DragValue, RichText, ScrollArea, TextEdit, Ui};
use egui_extras::{Column, TableBuilder};

use super::browser::glossary_note;
use crate::assess::output::{marked_score, must_haves};
use crate::assess::{MAX_SCORE, NO_CRITERIA, PlatformFit, Report, Requirement, node_names};
use crate::catalog::sources::{cited_keys, full_reference, readable};
use crate::catalog::{Catalog, Status};
use crate::edit::{self, Edit};
use crate::model::{AnswerStatus, Project, Severity, TopicAnswer};

/// Height of one table row.
const ROW: f32 = 20.0;
/// Tallest a long table (requirements, findings) grows before it scrolls.
const TABLE_HEIGHT: f32 = 260.0;

/// What the panel asks the app to do.
#[derive(Debug)]
pub enum PanelAction {
    /// Select (and highlight) these node and flow ids on the canvas.
    Select(Vec<String>),
    /// Apply this edit to the history (a weight, a threshold or an answer changed here).
    Apply(Edit),
}

/// Which ranking method orders the platforms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    #[default]
    Weighted,
    Topsis,
}

/// A column the ranking can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortColumn {
    /// The rank under the chosen method.
    #[default]
    Rank,
    Platform,
    Weighted,
    Topsis,
}

/// The panel's sections, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Ranking,
    Requirements,
    HeatMap,
    Coverage,
    Regulatory,
    Findings,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Ranking,
        Section::Requirements,
        Section::HeatMap,
        Section::Coverage,
        Section::Regulatory,
        Section::Findings,
    ];

    fn title(self) -> &'static str {
        match self {
            Section::Ranking => "Platform ranking",
            Section::Requirements => "Requirements",
            Section::HeatMap => "Criteria × platforms",
            Section::Coverage => "Architecture coverage",
            Section::Regulatory => "Regulatory checklist",
            Section::Findings => "Findings",
        }
    }
}

/// The panel's view state; the numbers come from the [`Report`] it is given each frame.
#[derive(Clone, Debug)]
pub struct AssessmentPanel {
    pub method: Method,
    pub sort: SortColumn,
    /// Sort the chosen column in reverse.
    pub reversed: bool,
    /// Colour the canvas's nodes by their worst finding.
    pub overlay: bool,
    /// Which sections are open, in [`Section::ALL`] order.
    open: [bool; 6],
    /// The candidate platforms being ticked, and the candidates they started from (a change of
    /// those, by undo for instance, starts the ticking again).
    picking: Option<(BTreeSet<String>, BTreeSet<String>)>,
}

/// Fewest candidate platforms a comparison needs.
const MIN_CANDIDATES: usize = 2;

impl Default for AssessmentPanel {
    fn default() -> Self {
        Self {
            method: Method::Weighted,
            sort: SortColumn::Rank,
            reversed: false,
            overlay: false,
            open: [true, true, false, false, false, true],
            picking: None,
        }
    }
}

impl AssessmentPanel {
    /// Whether the canvas should colour nodes by their worst finding.
    pub fn overlay_enabled(&self) -> bool {
        self.overlay
    }

    /// Draws the panel for `report` (the assessment of `project` against `catalog`) and returns
    /// what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, catalog: &Catalog, report: &Report) -> Vec<PanelAction> {
        let mut actions = Vec::new();
        ui.horizontal_wrapped(|ui| {
            ui.label("Rank by");
            ui.radio_value(&mut self.method, Method::Weighted, "Weighted sum")
                .on_hover_text(
                    "Σ weight × score / (Σ weight × 3), in percent: the simple weighted sum of CREDO-DLT [CREDO]",
                );
            ui.radio_value(&mut self.method, Method::Topsis, "TOPSIS")
                .on_hover_text("Closeness to the ideal platform, 0–1 (Hwang & Yoon; CREDO-DLT)");
            ui.checkbox(&mut self.overlay, "Colour nodes by worst finding");
        });
        ScrollArea::vertical()
            .id_salt("assessment")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, section) in Section::ALL.into_iter().enumerate() {
                    let response = CollapsingHeader::new(RichText::new(section.title()).strong())
                        .id_salt(("assessment-section", i))
                        .open(Some(self.open[i]))
                        .show(ui, |ui| match section {
                            Section::Ranking => {
                                self.ranking(ui, report, &mut actions);
                                self.candidate_picker(ui, project, catalog, report, &mut actions);
                            }
                            Section::Requirements => requirements(ui, project, catalog, report, &mut actions),
                            Section::HeatMap => self.heat_map(ui, report, &mut actions),
                            Section::Coverage => coverage(ui, project, catalog, report, &mut actions),
                            Section::Regulatory => regulatory(ui, project, catalog, report, &mut actions),
                            Section::Findings => findings(ui, report, &mut actions),
                        });
                    if response.header_response.clicked() {
                        self.open[i] = !self.open[i];
                    }
                }
            });
        actions
    }

    /// The candidates in the order the ranking table shows them.
    fn sorted<'a>(&self, fits: &'a [PlatformFit]) -> Vec<&'a PlatformFit> {
        let mut rows: Vec<&PlatformFit> = fits.iter().collect();
        let rank = |f: &PlatformFit| match self.method {
            Method::Weighted => f.rank_weighted,
            Method::Topsis => f.rank_topsis,
        };
        match self.sort {
            SortColumn::Rank => rows.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name))),
            SortColumn::Platform => rows.sort_by(|a, b| a.name.cmp(&b.name)),
            SortColumn::Weighted => rows.sort_by(|a, b| b.weighted.total_cmp(&a.weighted)),
            SortColumn::Topsis => rows.sort_by(|a, b| b.topsis.total_cmp(&a.topsis)),
        }
        if self.reversed {
            rows.reverse();
        }
        rows
    }

    fn ranking(&mut self, ui: &mut Ui, report: &Report, actions: &mut Vec<PanelAction>) {
        let ranking = &report.ranking;
        ui.label(format!(
            "{}, total weight {}",
            crate::assess::count_as(ranking.criteria, "criterion", "criteria"),
            ranking.total_weight
        ));
        for note in &ranking.notes {
            ui.weak(&note.message);
        }
        let rows = self.sorted(&ranking.fits);
        let headers = [
            (SortColumn::Rank, "Rank"),
            (SortColumn::Platform, "Platform"),
            (SortColumn::Weighted, "Weighted"),
            (SortColumn::Topsis, "TOPSIS"),
        ];
        TableBuilder::new(ui)
            .id_salt("assessment-ranking")
            .striped(true)
            .vscroll(false)
            .columns(Column::auto(), 4)
            .column(Column::remainder())
            .header(ROW, |mut header| {
                for (column, title) in headers {
                    header.col(|ui| {
                        let response = ui
                            .add(egui::Button::new(RichText::new(title).strong()).frame(false))
                            .on_hover_text(format!("Sort by {}", title.to_lowercase()));
                        if self.sort == column {
                            sort_arrow(ui, response.rect, self.reversed);
                        }
                        if response.clicked() {
                            self.reversed = self.sort == column && !self.reversed;
                            self.sort = column;
                        }
                    });
                }
                header.col(|ui| {
                    ui.strong("Must-haves");
                });
            })
            .body(|mut body| {
                for fit in rows {
                    let rank = match self.method {
                        Method::Weighted => fit.rank_weighted,
                        Method::Topsis => fit.rank_topsis,
                    };
                    body.row(ROW, |mut row| {
                        row.col(|ui| {
                            ui.label(rank.to_string());
                        });
                        row.col(|ui| {
                            let status = if fit.passes() { "" } else { " (fails a must-have)" };
                            let clicked = ui
                                .selectable_label(false, &fit.name)
                                .accessible_name(format!("Rank {rank}{status}: {}", fit.name))
                                .on_hover_text(&fit.explanation)
                                .clicked();
                            lifecycle_tag(ui, fit);
                            if clicked {
                                actions.push(PanelAction::Select(platform_nodes(fit, report)));
                            }
                        });
                        row.col(|ui| {
                            ui.label(format!("{:.1} %", fit.weighted))
                                .on_hover_text(&fit.explanation);
                        });
                        row.col(|ui| {
                            ui.label(format!("{:.3}", fit.topsis)).on_hover_text(&fit.explanation);
                        });
                        row.col(|ui| {
                            if fit.passes() {
                                ui.label(must_haves(fit));
                            } else {
                                ui.colored_label(severity_colour(Severity::Error), must_haves(fit));
                            }
                        });
                    });
                }
            });
        if let Some(s) = &report.sensitivity {
            ui.add_space(4.0);
            ui.label(RichText::new("Sensitivity").strong());
            ui.label(&s.explanation);
        }
    }

    /// "Choose candidates": a box per catalogue platform; "Compare these" makes the ticked ones
    /// (at least two) the project's candidates, keeping their score overrides, as one edit.
    fn candidate_picker(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        catalog: &Catalog,
        report: &Report,
        actions: &mut Vec<PanelAction>,
    ) {
        let compared: BTreeSet<String> = report.ranking.fits.iter().map(|f| f.platform.clone()).collect();
        if self.picking.as_ref().is_none_or(|(_, base)| *base != compared) {
            self.picking = Some((compared.clone(), compared.clone()));
        }
        let Some((ticked, _)) = &mut self.picking else { return };
        CollapsingHeader::new("Choose candidates")
            .id_salt("assessment-candidates")
            .show(ui, |ui| {
                ui.weak(format!("Tick the platforms to compare (at least {MIN_CANDIDATES})."));
                ui.horizontal_wrapped(|ui| {
                    for platform in &catalog.platforms {
                        let mut on = ticked.contains(&platform.key);
                        let tip = format!("{}\n{}", platform.description, platform.lifecycle.status.label());
                        if ui.checkbox(&mut on, &platform.name).on_hover_text(tip).changed() {
                            if on {
                                ticked.insert(platform.key.clone());
                            } else {
                                ticked.remove(&platform.key);
                            }
                        }
                    }
                });
                let enough = ticked.len() >= MIN_CANDIDATES;
                let compare = ui
                    .add_enabled(enough && *ticked != compared, egui::Button::new("Compare these"))
                    .on_hover_text("Make the ticked platforms the project's candidates (Ctrl+Z undoes it)")
                    .on_disabled_hover_text(if enough {
                        "Tick or untick a platform first".to_string()
                    } else {
                        format!("Tick at least {MIN_CANDIDATES} platforms to compare")
                    });
                if compare.clicked() {
                    actions.push(PanelAction::Apply(choose_candidates(project, ticked)));
                }
            });
    }

    fn heat_map(&self, ui: &mut Ui, report: &Report, actions: &mut Vec<PanelAction>) {
        let fits = self.sorted(&report.ranking.fits);
        if report.requirements.is_empty() {
            ui.weak(NO_CRITERIA);
            return;
        }
        ui.weak("Scores 0–3; * the project's override, ? no score. Hover a cell for its evidence.");
        // Many candidates make the map wider than the panel: it scrolls sideways instead of
        // widening the panel.
        ScrollArea::horizontal()
            .id_salt("assessment-heat-map-scroll")
            .show(ui, |ui| self.heat_map_table(ui, report, &fits, actions));
    }

    fn heat_map_table(&self, ui: &mut Ui, report: &Report, fits: &[&PlatformFit], actions: &mut Vec<PanelAction>) {
        TableBuilder::new(ui)
            .id_salt("assessment-heat-map")
            .vscroll(false)
            .column(Column::auto())
            .columns(Column::auto().at_least(40.0), fits.len())
            .header(ROW, |mut header| {
                header.col(|ui| {
                    ui.strong("Criterion");
                });
                for fit in fits {
                    header.col(|ui| {
                        ui.strong(&fit.name);
                    });
                }
            })
            .body(|mut body| {
                for (i, r) in report.requirements.iter().enumerate() {
                    body.row(ROW, |mut row| {
                        row.col(|ui| {
                            ui.label(format!("{} ({})", r.name, r.weight))
                                .on_hover_text(&r.explanation);
                        });
                        for fit in fits {
                            row.col(|ui| {
                                let Some(cell) = fit.cells.get(i) else { return };
                                ui.painter().rect_filled(ui.max_rect(), 0.0, score_colour(cell.score));
                                let clicked = ui
                                    .selectable_label(false, marked_score(cell.score, cell.source))
                                    .accessible_name(format!("{} on {}", fit.name, r.name))
                                    .on_hover_text(with_references(report, &cell.explanation))
                                    .clicked();
                                if clicked {
                                    actions.push(PanelAction::Select(askers(r)));
                                }
                            });
                        }
                    });
                }
            });
    }
}

/// The nodes behind a platform's row: those asking for the must-haves it fails, or else every
/// node with a requirement.
/// The platform's support status as a short tag after its name, in full on hover; a warning
/// colour at end of support.
fn lifecycle_tag(ui: &mut Ui, fit: &PlatformFit) {
    let tag = fit.status.tag();
    if tag.is_empty() {
        return;
    }
    let text = RichText::new(tag).small();
    let text = if fit.status == Status::EndOfSupport {
        text.color(severity_colour(Severity::Warning))
    } else {
        text.weak()
    };
    ui.label(text)
        .on_hover_text(format!("{}, profile as of {}", fit.status.label(), fit.as_of));
}

/// A report text as users read it (judgement in words), followed by the full reference of each
/// source it cites.
fn with_references(report: &Report, text: &str) -> String {
    let keys = cited_keys(text);
    let references: Vec<String> = report
        .references
        .iter()
        .filter(|source| keys.contains(&source.key.as_str()))
        .map(full_reference)
        .collect();
    if references.is_empty() {
        readable(text)
    } else {
        format!("{}\n\n{}", readable(text), references.join("\n"))
    }
}

fn platform_nodes(fit: &PlatformFit, report: &Report) -> Vec<String> {
    let failed = |r: &&Requirement| fit.failed_must_haves.iter().any(|f| f.criterion == r.criterion);
    let mut ids: Vec<String> = if fit.passes() {
        report.requirements.iter().flat_map(askers).collect()
    } else {
        report.requirements.iter().filter(failed).flat_map(askers).collect()
    };
    ids.sort();
    ids.dedup();
    ids
}

fn askers(r: &Requirement) -> Vec<String> {
    r.askers.iter().map(|a| a.node.clone()).collect()
}

fn requirements(ui: &mut Ui, project: &Project, catalog: &Catalog, report: &Report, actions: &mut Vec<PanelAction>) {
    if report.requirements.is_empty() {
        ui.weak(NO_CRITERIA);
        return;
    }
    TableBuilder::new(ui)
        .id_salt("assessment-requirements")
        .striped(true)
        .max_scroll_height(TABLE_HEIGHT)
        .column(Column::auto())
        .columns(Column::auto(), 3)
        .column(Column::remainder())
        .header(ROW, |mut header| {
            for title in ["Criterion", "Weight", "Per node", "Threshold", "Asked by"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW, report.requirements.len(), |mut row| {
                let r = &report.requirements[row.index()];
                row.col(|ui| {
                    let mut tip = r.explanation.clone();
                    if let Some(c) = catalog.criterion(&r.criterion) {
                        tip = format!(
                            "{}\n{}\nMetric: {}\nScale: 0 {} 1 {} 2 {} 3 {}\nSource: {}\n\n{tip}",
                            c.name,
                            c.description,
                            c.metric,
                            c.scale[0],
                            c.scale[1],
                            c.scale[2],
                            c.scale[3],
                            readable(&c.source)
                        );
                        tip.extend(glossary_note(catalog, &c.name).map(|note| format!("\n\n{note}")));
                    }
                    let text = if r.must_have {
                        format!("{} (must-have)", r.name)
                    } else {
                        r.name.clone()
                    };
                    if ui.selectable_label(false, text).on_hover_text(tip).clicked() {
                        actions.push(PanelAction::Select(askers(r)));
                    }
                });
                row.col(|ui| {
                    ui.label(r.weight.to_string()).on_hover_text(&r.explanation);
                });
                row.col(|ui| {
                    let mut weight = node_weight(r);
                    let response = ui
                        .add(DragValue::new(&mut weight).range(1..=5))
                        .accessible_name(format!("Weight of {}", r.name))
                        .on_hover_text(format!(
                            "The weight each of the {} asking nodes gives it (1–5); changing it sets it on all of them",
                            r.askers.len()
                        ));
                    if response.changed() {
                        actions.push(PanelAction::Apply(set_weight(project, r, weight)));
                    }
                });
                row.col(|ui| {
                    let mut threshold = r.threshold;
                    let response = ui
                        .add_enabled(r.must_have, DragValue::new(&mut threshold).range(0..=MAX_SCORE))
                        .accessible_name(format!("Must-have threshold of {}", r.name))
                        .on_hover_text("A platform scoring below this fails the must-have")
                        .on_disabled_hover_text("Only must-have criteria have a threshold");
                    if response.changed() {
                        actions.push(PanelAction::Apply(edit::set_threshold(
                            project,
                            &r.criterion,
                            threshold,
                        )));
                    }
                });
                row.col(|ui| {
                    let ids = askers(r);
                    ui.label(node_names(project, &ids));
                });
            });
        });
}

/// The edit making `keys` the project's candidate platforms; those already listed keep their
/// score overrides.
fn choose_candidates(project: &Project, keys: &BTreeSet<String>) -> Edit {
    let platforms = keys
        .iter()
        .map(|key| (key.clone(), project.platforms.get(key).cloned().unwrap_or_default()))
        .collect();
    let mut edit = edit::set_platforms(project, platforms);
    edit.label = "Choose candidate platforms".into();
    edit
}

/// The weight the asking nodes give a criterion: theirs when they agree, else the rounded mean.
fn node_weight(r: &Requirement) -> u8 {
    let n = r.askers.len().max(1) as u32;
    u8::try_from((r.weight + n / 2) / n).unwrap_or(u8::MAX)
}

/// An edit setting the criterion's weight on every node that asks for it.
fn set_weight(project: &Project, r: &Requirement, weight: u8) -> Edit {
    let ids = askers(r);
    edit::update_nodes(project, &ids, "Set criterion weight", |node| {
        if let Some(use_) = node.criteria.get_mut(&r.criterion) {
            use_.weight = weight;
        }
    })
}

fn coverage(ui: &mut Ui, project: &Project, catalog: &Catalog, report: &Report, actions: &mut Vec<PanelAction>) {
    for layer in &report.coverage.layers {
        ui.horizontal_wrapped(|ui| {
            let kind = if layer.cross_layer {
                "cross-layer group"
            } else {
                "layer"
            };
            let title = format!("{} {}/{}", layer.name, layer.covered, layer.components.len());
            let tip = catalog.layer(&layer.layer).map_or(String::new(), |l| {
                format!("{}\nSource: {}", l.description, readable(&l.source))
            });
            ui.label(RichText::new(title).strong())
                .on_hover_text(format!("{kind}\n{tip}"));
            for c in &layer.components {
                let covered = !c.nodes.is_empty();
                let mut tip = catalog.component(&c.component).map_or(String::new(), |d| {
                    format!("{}\nSource: {}", d.description, readable(&d.source))
                });
                tip.extend(glossary_note(catalog, &c.name).map(|note| format!("\n\n{note}")));
                tip.push_str(&if covered {
                    format!("\n\nBrought by {}", node_names(project, &c.nodes))
                } else {
                    "\n\nNo node brings it".to_owned()
                });
                if ui.selectable_label(covered, &c.name).on_hover_text(tip).clicked() && covered {
                    actions.push(PanelAction::Select(c.nodes.to_vec()));
                }
            }
        });
    }
    if !report.coverage.findings.is_empty() {
        ui.add_space(4.0);
    }
    for f in &report.coverage.findings {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(severity_colour(f.severity), f.severity.label());
            let clicked = ui
                .selectable_label(false, &f.message)
                .on_hover_text(format!("Rule {}\nSource: {}", f.rule, readable(&f.source)))
                .clicked();
            if clicked {
                actions.push(PanelAction::Select(
                    f.nodes.iter().chain(f.flows.iter()).cloned().collect(),
                ));
            }
        });
    }
}

/// One block per topic: its name, severity, answer and note on a line that wraps when the panel
/// is narrow, then why it is raised across the panel's whole width, wrapped by words.
fn regulatory(ui: &mut Ui, project: &Project, catalog: &Catalog, report: &Report, actions: &mut Vec<PanelAction>) {
    if report.regulatory.is_empty() {
        ui.weak("The model raises no regulatory topic.");
        return;
    }
    for flag in &report.regulatory {
        ui.horizontal_wrapped(|ui| {
            let tip = catalog.topic(&flag.topic).map_or(String::new(), |t| {
                format!(
                    "{}\nQuestions: {}\nSource: {}",
                    t.description,
                    t.questions.join(" "),
                    readable(&t.source)
                )
            });
            let topic = ui.selectable_label(false, RichText::new(&flag.name).strong());
            if topic.on_hover_text(tip).clicked() {
                actions.push(PanelAction::Select(
                    flag.nodes.iter().chain(flag.flows.iter()).cloned().collect(),
                ));
            }
            ui.colored_label(severity_colour(flag.severity), flag.severity.label())
                .on_hover_text(format!("Rule {}", flag.rule));
            if !flag.in_force {
                ui.weak("not in force");
            }
            let mut status = flag.answer.status;
            ComboBox::from_id_salt(("assessment-answer", &flag.topic, &flag.rule))
                .selected_text(status.label())
                .show_ui(ui, |ui| {
                    for option in AnswerStatus::ALL {
                        ui.selectable_value(&mut status, option, option.label());
                    }
                })
                .response
                .accessible_name(format!("Answer to {}", flag.name));
            let mut note = flag.answer.note.clone();
            let noted = ui
                .add(TextEdit::singleline(&mut note).desired_width(140.0).hint_text("note"))
                .accessible_name(format!("Note on {}", flag.name))
                .changed();
            if status != flag.answer.status || noted {
                let answer = TopicAnswer { status, note };
                actions.push(PanelAction::Apply(edit::set_answer(project, &flag.topic, answer)));
            }
        });
        ui.add(egui::Label::new(&flag.reason).wrap());
        ui.add(
            egui::Label::new(
                RichText::new(readable(&flag.rule_note(&report.assessed_on)))
                    .weak()
                    .small(),
            )
            .wrap(),
        );
        ui.separator();
    }
}

fn findings(ui: &mut Ui, report: &Report, actions: &mut Vec<PanelAction>) {
    if report.findings.is_empty() {
        ui.weak("The model has no findings.");
        return;
    }
    TableBuilder::new(ui)
        .id_salt("assessment-findings")
        .striped(true)
        .max_scroll_height(TABLE_HEIGHT)
        .column(Column::auto())
        .column(Column::remainder())
        .header(ROW, |mut header| {
            header.col(|ui| {
                ui.strong("Severity");
            });
            header.col(|ui| {
                ui.strong("Finding");
            });
        })
        .body(|body| {
            body.rows(ROW, report.findings.len(), |mut row| {
                let f = &report.findings[row.index()];
                row.col(|ui| {
                    ui.colored_label(severity_colour(f.severity), f.severity.label());
                });
                row.col(|ui| {
                    let clicked = ui
                        .selectable_label(false, &f.message)
                        .on_hover_text(format!("Involves {}", f.ids.join(", ")))
                        .clicked();
                    if clicked && !f.ids.is_empty() {
                        actions.push(PanelAction::Select(f.ids.clone()));
                    }
                });
            });
        });
}

/// A small triangle right of a sorted column's title: pointing down for the normal order, up
/// when reversed. (Painted: the default fonts have no arrow glyphs.)
fn sort_arrow(ui: &Ui, title: egui::Rect, reversed: bool) {
    let centre = egui::pos2(title.right() + 6.0, title.center().y);
    let (tip, base) = if reversed { (-3.0, 2.0) } else { (3.0, -2.0) };
    let points = vec![
        centre + egui::vec2(-4.0, base),
        centre + egui::vec2(4.0, base),
        centre + egui::vec2(0.0, tip),
    ];
    let colour = ui.visuals().strong_text_color();
    ui.painter()
        .add(egui::Shape::convex_polygon(points, colour, egui::Stroke::NONE));
}

/// The colour a severity is shown in, here and on the canvas overlay.
pub fn severity_colour(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(214, 48, 49),
        Severity::Warning => Color32::from_rgb(225, 140, 0),
        Severity::Info => Color32::from_rgb(110, 130, 160),
    }
}

/// The heat-map background of a 0–3 score: red, orange, light green, green (translucent, so
/// the text stays readable in light and dark themes).
fn score_colour(score: u8) -> Color32 {
    match score {
        0 => Color32::from_rgba_unmultiplied(214, 48, 49, 90),
        1 => Color32::from_rgba_unmultiplied(240, 160, 40, 90),
        2 => Color32::from_rgba_unmultiplied(140, 200, 90, 90),
        _ => Color32::from_rgba_unmultiplied(40, 170, 80, 110),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::templates;

    #[test]
    fn a_score_s_tooltip_ends_with_the_full_references_it_cites() {
        let project = templates::find("gold-trade").unwrap().project();
        let report = assess(&project, &Catalog::builtin().with_project(&project));
        let fabric = report.ranking.fits.iter().find(|f| f.platform == "fabric").unwrap();
        let cell = fabric.cells.iter().find(|c| c.evidence.contains("[FAB-FAQ]")).unwrap();
        let tip = with_references(&report, &cell.explanation);
        assert!(tip.contains("[FAB-FAQ] Hyperledger Fabric documentation"), "{tip}");
        assert!(tip.contains("https://hyperledger-fabric.readthedocs.io/"), "{tip}");
        assert!(!tip.contains("[INF]"), "{tip}");
        assert_eq!(with_references(&report, "no citation"), "no citation");
    }
}
