//! Data derived from the project — the catalogue with the project's own entries, and the
//! assessment report — brought up to date when the project's content changes (moves change
//! nothing here). Small projects are assessed at once, within the frame. Big ones are assessed on
//! a long-lived worker thread that keeps a [`Live`] assessment and is sent only what each edit
//! changed, while the panel keeps showing the last report: a frame never stalls on the
//! assessment, and an edit in a 100,000-node project is re-assessed in milliseconds.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::assess::{Live, Markers, Report, Update, assess};
use crate::catalog::Catalog;
use crate::edit::History;
use crate::model::Project;

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

/// What the worker is asked to do.
enum Job {
    /// Start over from this project.
    Start(Box<Project>, u64),
    /// Take in what changed, then report on this revision.
    Update(Box<Update>, u64),
}

/// The assessment thread of a big project.
struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Assessed>,
}

impl Worker {
    fn start(project: Project, revision: u64) -> Self {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, done) = channel();
        std::thread::spawn(move || {
            let mut live: Option<Live> = None;
            while let Ok(job) = inbox.recv() {
                // Take in everything queued, then report once on the newest revision.
                let mut revision = 0;
                for job in std::iter::once(job).chain(inbox.try_iter()) {
                    match job {
                        Job::Start(project, at) => {
                            live = Some(Live::new(*project));
                            revision = at;
                        }
                        Job::Update(update, at) => {
                            if let Some(live) = &mut live {
                                live.update(*update);
                            }
                            revision = at;
                        }
                    }
                }
                let Some(live) = &mut live else { continue };
                let assessed = Assessed {
                    revision,
                    catalog: live.catalog().clone(),
                    report: live.report(),
                };
                if outbox.send(assessed).is_err() {
                    return;
                }
            }
        });
        let worker = Self { jobs, done };
        worker.send(Job::Start(Box::new(project), revision));
        worker
    }

    fn send(&self, job: Job) {
        // A worker that is gone is noticed when its results stop (the channel disconnects).
        let _ = self.jobs.send(job);
    }
}

/// The derived data shown now, and the worker computing newer data, if any.
pub struct Derived {
    shown: Assessed,
    worker: Option<Worker>,
    /// The revision the worker was last asked for, while its answer is outstanding.
    awaited: Option<u64>,
}

impl Derived {
    pub fn new(project: &Project, revision: u64) -> Self {
        Self {
            shown: Assessed::of(project, revision),
            worker: None,
            awaited: None,
        }
    }

    /// Brings the data up to the history's revision: takes what the worker finished, then
    /// assesses what changed since (at once for a small project, on the worker for a big one).
    pub fn refresh(&mut self, history: &mut History) {
        self.take_results();
        let journal = history.take_journal();
        let (project, revision) = (history.project(), history.revision());
        if journal.is_empty() {
            // Nothing the assessment reads has changed (a move, or no edit at all).
            return;
        }
        if project.nodes.len() < BACKGROUND_FROM_NODES {
            self.worker = None;
            self.awaited = None;
            self.shown = Assessed::of(project, revision);
            return;
        }
        match &self.worker {
            Some(worker) if !journal.everything => {
                let update = Update::of(project, journal.nodes, journal.flows, journal.settings);
                worker.send(Job::Update(Box::new(update), revision));
            }
            _ => self.worker = Some(Worker::start(project.clone(), revision)),
        }
        self.awaited = Some(revision);
    }

    fn take_results(&mut self) {
        let Some(worker) = &self.worker else { return };
        loop {
            match worker.done.try_recv() {
                Ok(done) => {
                    if self.awaited == Some(done.revision) {
                        self.awaited = None;
                    }
                    self.shown = done;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.worker = None;
                    self.awaited = None;
                    return;
                }
            }
        }
    }

    /// Whether a newer assessment is being computed (the app keeps repainting until it lands).
    pub fn is_updating(&self) -> bool {
        self.awaited.is_some()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.shown.catalog
    }

    pub fn report(&self) -> &Report {
        &self.shown.report
    }

    /// The history revision the report shown is of.
    pub fn revision(&self) -> u64 {
        self.shown.revision
    }

    /// The worst finding per node id, for the canvas's markers.
    pub fn markers(&self) -> &Markers {
        &self.shown.report.worst
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
        let id = history.project().nodes.keys().next().unwrap().clone();
        let moved = crate::model::Position::new(-5000.0, 0.0);
        history.apply(crate::edit::move_nodes(history.project(), &[(id, moved)]));
        derived.refresh(&mut history);
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
        derived.refresh(&mut history);
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
            derived.refresh(&mut history);
        }
        assert_eq!(derived.report(), &assess(history.project(), derived.catalog()));
    }

    #[test]
    fn small_projects_are_assessed_within_the_frame() {
        let mut history = History::new(crate::templates::find("gold-trade").unwrap().project());
        let mut derived = Derived::new(history.project(), history.revision());
        history.apply(rename_node(history.project(), "mine", "Gold mine"));
        derived.refresh(&mut history);
        assert!(!derived.is_updating());
        assert_eq!(derived.report(), &assess(history.project(), derived.catalog()));
    }
}
