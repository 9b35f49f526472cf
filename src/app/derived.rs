//! Data derived from the project — the catalogue with the project's own entries, and the
//! assessment report — rebuilt only when the history's revision changes. Small projects are
//! assessed at once, within the frame; big ones on a worker thread, while the panel keeps showing
//! the last report, so a frame never stalls on the assessment.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::assess::{Report, assess};
use crate::catalog::Catalog;
use crate::model::{Project, Severity};

/// From this many nodes on, the assessment runs off the UI thread (a 2,000-node project
/// assesses in well under a frame's budget; beyond that it may not).
const BACKGROUND_FROM_NODES: usize = 2_000;

/// The result of assessing one revision.
struct Assessed {
    revision: u64,
    catalog: Catalog,
    report: Report,
}

impl Assessed {
    fn of(project: &Project, revision: u64) -> Self {
        let catalog = Catalog::builtin().with_project(project);
        let report = assess(project, &catalog);
        Self {
            revision,
            catalog,
            report,
        }
    }
}

/// The derived data shown now, and the assessment being computed, if any.
pub struct Derived {
    shown: Assessed,
    /// The worst finding per node and flow id, for the canvas's markers.
    markers: BTreeMap<String, Severity>,
    pending: Option<Receiver<Assessed>>,
}

impl Derived {
    pub fn new(project: &Project, revision: u64) -> Self {
        let mut derived = Self {
            shown: Assessed::of(project, revision),
            markers: BTreeMap::new(),
            pending: None,
        };
        derived.update_markers();
        derived
    }

    /// Brings the data up to `revision`: takes a finished background result, then recomputes
    /// (at once, or by starting a worker when none is running) if it is still behind.
    pub fn refresh(&mut self, project: &Project, revision: u64) {
        if let Some(rx) = &self.pending {
            match rx.try_recv() {
                Ok(done) => {
                    self.pending = None;
                    self.install(done);
                }
                Err(TryRecvError::Disconnected) => self.pending = None,
                Err(TryRecvError::Empty) => return,
            }
        }
        if revision == self.shown.revision {
            return;
        }
        if project.nodes.len() < BACKGROUND_FROM_NODES {
            self.install(Assessed::of(project, revision));
            return;
        }
        let (tx, rx) = channel();
        let project = project.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Assessed::of(&project, revision));
        });
        self.pending = Some(rx);
    }

    /// Notes that revision `after` only moved nodes of revision `before`: positions do not enter
    /// the assessment, so the report shown stays valid (a 100,000-node project is not copied and
    /// assessed again after every drag).
    pub fn follow_move(&mut self, before: u64, after: u64) {
        if self.pending.is_none() && self.shown.revision == before {
            self.shown.revision = after;
        }
    }

    /// Whether a newer assessment is being computed (the app keeps repainting until it lands).
    pub fn is_updating(&self) -> bool {
        self.pending.is_some()
    }

    fn install(&mut self, done: Assessed) {
        self.shown = done;
        self.update_markers();
    }

    fn update_markers(&mut self) {
        self.markers = self.shown.report.worst.iter().map(|(id, s)| (id.clone(), *s)).collect();
    }

    pub fn catalog(&self) -> &Catalog {
        &self.shown.catalog
    }

    pub fn report(&self) -> &Report {
        &self.shown.report
    }

    pub fn markers(&self) -> &BTreeMap<String, Severity> {
        &self.markers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, rename_node};

    #[test]
    fn a_move_keeps_the_report_without_assessing_again() {
        let mut history = History::new(crate::generate::generate(BACKGROUND_FROM_NODES, 1));
        let mut derived = Derived::new(history.project(), history.revision());
        let before = history.revision();
        let id = history.project().nodes.keys().next().unwrap().clone();
        let moved = crate::model::Position::new(-5000.0, 0.0);
        history.apply(crate::edit::move_nodes(history.project(), &[(id, moved)]));
        derived.follow_move(before, history.revision());
        derived.refresh(history.project(), history.revision());
        assert!(!derived.is_updating(), "no background assessment for a move");
        assert_eq!(
            derived.report(),
            &assess(history.project(), derived.catalog()),
            "and the report still holds"
        );
    }

    #[test]
    fn big_projects_are_assessed_in_the_background_and_land_later() {
        let mut history = History::new(crate::generate::generate(BACKGROUND_FROM_NODES, 1));
        let mut derived = Derived::new(history.project(), history.revision());
        let before = derived.report().clone();
        history.apply(rename_node(history.project(), "n0000", "Renamed"));
        derived.refresh(history.project(), history.revision());
        assert!(derived.is_updating());
        assert_eq!(
            derived.report(),
            &before,
            "the last report stays until the new one arrives"
        );
        let start = std::time::Instant::now();
        while derived.is_updating() {
            assert!(start.elapsed().as_secs() < 60);
            std::thread::sleep(std::time::Duration::from_millis(5));
            derived.refresh(history.project(), history.revision());
        }
        assert_eq!(derived.report(), &assess(history.project(), derived.catalog()));
    }

    #[test]
    fn small_projects_are_assessed_within_the_frame() {
        let mut history = History::new(crate::templates::find("gold-trade").unwrap().project());
        let mut derived = Derived::new(history.project(), history.revision());
        history.apply(rename_node(history.project(), "mine", "Gold mine"));
        derived.refresh(history.project(), history.revision());
        assert!(!derived.is_updating());
        assert_eq!(derived.report(), &assess(history.project(), derived.catalog()));
    }
}
