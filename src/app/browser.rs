//! The Glossary and catalogue window: search across glossary terms, components, criteria,
//! regulatory topics and platforms (the built-in catalogue with the project's own entries), each
//! with its description and source (a tooltip gives the full reference of every source it cites),
//! and "Attach to selection" for components and criteria.
//! Also the glossary notes that tooltips elsewhere add for a term a name contains.

use egui::{Context, RichText, ScrollArea, TextEdit, Ui};

use crate::catalog::sources::{full_reference, readable};
use crate::catalog::{Catalog, Hit, HitKind, search};

/// What the user asked the browser for; the app applies it to the selected nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BrowserAction {
    AttachComponent(String),
    AttachCriterion(String),
}

/// Which kinds of entries the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum KindFilter {
    #[default]
    All,
    Terms,
    Components,
    Criteria,
    Topics,
    Platforms,
}

impl KindFilter {
    const ALL: [KindFilter; 6] = [
        KindFilter::All,
        KindFilter::Terms,
        KindFilter::Components,
        KindFilter::Criteria,
        KindFilter::Topics,
        KindFilter::Platforms,
    ];

    fn label(self) -> &'static str {
        match self {
            KindFilter::All => "All",
            KindFilter::Terms => "Terms",
            KindFilter::Components => "Components",
            KindFilter::Criteria => "Criteria",
            KindFilter::Topics => "Topics",
            KindFilter::Platforms => "Platforms",
        }
    }

    fn admits(self, kind: HitKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Terms => kind == HitKind::Term,
            KindFilter::Components => kind == HitKind::Component,
            KindFilter::Criteria => kind == HitKind::Criterion,
            KindFilter::Topics => kind == HitKind::Topic,
            KindFilter::Platforms => kind == HitKind::Platform,
        }
    }
}

/// The window's state: whether it is open, the search text and the kind shown.
#[derive(Default)]
pub struct Browser {
    open: bool,
    query: String,
    filter: KindFilter,
    /// Put the keyboard in the search field on the next frame.
    focus_search: bool,
}

impl Browser {
    /// Opens the window (or brings it back) with the keyboard in the search field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus_search = true;
    }

    /// Draws the window while it is open. `can_attach` is true while nodes are selected.
    pub fn ui(&mut self, ctx: &Context, catalog: &Catalog, can_attach: bool) -> Option<BrowserAction> {
        let mut open = self.open;
        let mut asked = None;
        super::windows::within_central_area(ctx, egui::Window::new("Glossary and catalogue"))
            .open(&mut open)
            .default_size([460.0, 560.0])
            .resizable(true)
            .show(ctx, |ui| asked = self.contents(ui, catalog, can_attach));
        self.open = open;
        asked
    }

    fn contents(&mut self, ui: &mut Ui, catalog: &Catalog, can_attach: bool) -> Option<BrowserAction> {
        let field = ui
            .add(
                TextEdit::singleline(&mut self.query)
                    .hint_text("Term, component, criterion, topic or platform")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name("Search the catalogue");
        if std::mem::take(&mut self.focus_search) {
            field.request_focus();
        }
        ui.horizontal_wrapped(|ui| {
            for filter in KindFilter::ALL {
                ui.selectable_value(&mut self.filter, filter, filter.label());
            }
        });
        ui.separator();
        let hits: Vec<Hit> = search(catalog, &self.query)
            .into_iter()
            .filter(|hit| self.filter.admits(hit.kind))
            .collect();
        if hits.is_empty() {
            ui.weak("Nothing in the catalogue matches.");
        }
        let mut asked = None;
        ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for hit in &hits {
                if let Some(action) = hit_ui(ui, catalog, hit, can_attach) {
                    asked = Some(action);
                }
                ui.separator();
            }
        });
        asked
    }
}

/// One entry: name, kind and key, description, source, and the attach button where it applies.
fn hit_ui(ui: &mut Ui, catalog: &Catalog, hit: &Hit, can_attach: bool) -> Option<BrowserAction> {
    let action = match hit.kind {
        HitKind::Component => Some(BrowserAction::AttachComponent(hit.key.clone())),
        HitKind::Criterion => Some(BrowserAction::AttachCriterion(hit.key.clone())),
        _ => None,
    };
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&hit.name).strong());
        let key = if hit.kind == HitKind::Term {
            String::new()
        } else {
            format!(" · {}", hit.key)
        };
        ui.weak(format!("{}{key}", hit.kind.label()));
        if let Some(action) = action {
            let button = ui
                .add_enabled(can_attach, egui::Button::new("Attach to selection").small())
                .on_hover_text(format!("Attach {} to the selected nodes", hit.name))
                .on_disabled_hover_text("Select nodes first");
            if button.clicked() {
                asked = Some(action);
            }
        }
    });
    ui.label(readable(&hit.description));
    let source = ui.weak(format!("Source: {}", readable(&hit.source)));
    let tip = reference_tip(catalog, hit);
    if !tip.is_empty() {
        source.on_hover_text(tip);
    }
    asked
}

/// The full references (with URLs) of the sources a hit's source and description cite, one per
/// paragraph; empty when it cites none.
pub fn reference_tip(catalog: &Catalog, hit: &Hit) -> String {
    let cited = catalog.references([hit.source.as_str(), hit.description.as_str()]);
    let lines: Vec<String> = cited.into_iter().map(full_reference).collect();
    lines.join("\n\n")
}

/// The longest run of words, at most this many, tried as a glossary term.
const LONGEST_TERM_WORDS: usize = 5;

/// "Term: definition" for the first glossary term that `text` contains (a whole word or run of
/// words, ignoring case; abbreviations and alternatives count), for tooltips.
pub fn glossary_note(catalog: &Catalog, text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).find_map(|start| {
        (1..=LONGEST_TERM_WORDS.min(words.len() - start)).rev().find_map(|len| {
            let phrase = words[start..start + len].join(" ");
            catalog
                .term(&phrase)
                .map(|term| format!("{}: {}", term.term, term.definition))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_s_tooltip_gives_the_full_references_with_their_urls() {
        let catalog = Catalog::builtin();
        let hit = search(catalog, "goquorum")
            .into_iter()
            .find(|h| h.kind == HitKind::Platform)
            .unwrap();
        assert!(
            hit.source.contains("status end of support as of 2026-12-06"),
            "{}",
            hit.source
        );
        let tip = reference_tip(catalog, &hit);
        assert!(tip.contains("[GQ-END] Consensys, quorum pull request #1763"), "{tip}");
        assert!(tip.contains("https://github.com/Consensys-Incorporated/quorum/pull/1763"));
        let term = search(catalog, "wallet")
            .into_iter()
            .find(|h| h.kind == HitKind::Term)
            .unwrap();
        assert!(reference_tip(catalog, &term).contains("[D11-TERMS]"));
    }

    #[test]
    fn a_glossary_note_names_the_first_term_in_the_text() {
        let catalog = Catalog::builtin();
        let note = glossary_note(catalog, "Consensus mechanism").expect("consensus is a term");
        assert!(note.to_lowercase().starts_with("consensus"), "{note}");
        let contract = glossary_note(catalog, "Uses a SMART CONTRACT engine").expect("smart contract is a term");
        assert!(contract.to_lowercase().starts_with("smart contract"), "{contract}");
        assert_eq!(glossary_note(catalog, "Zzz qqq"), None);
        assert_eq!(glossary_note(catalog, ""), None);
    }
}
