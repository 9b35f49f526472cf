//! The routes and labels of a big project found on a worker thread while the canvas shows its
//! first look (flows in their lanes, see [`SpatialIndex::first_look`]), and swapped in when
//! they are ready: at once if the project has not changed since, else after patching in the
//! changes made meanwhile. The canvas also has one built when its patched index grows crowded.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::diagram::{Changes, SpatialIndex};
use crate::model::Project;

/// A full index being built for one revision of the project.
pub(super) struct Routing {
    /// The revision the index will be right for, once `changes` are patched in.
    at: u64,
    changes: Changes,
    done: Receiver<SpatialIndex>,
}

/// What became of the build.
pub(super) enum Routed {
    /// Still under way.
    Pending,
    /// Done and right for the revision it was asked about.
    Ready(Box<SpatialIndex>),
    /// Of no use any more: built for another revision, the changes since could not be patched
    /// in, or the worker is gone.
    Stale,
}

impl Routing {
    /// Starts building the full index of `project`, revision `at`, on a worker thread.
    pub fn start(project: Project, at: u64) -> Self {
        let (sender, done) = channel();
        std::thread::spawn(move || {
            // Nobody waiting any more is no error: the result is simply not needed.
            let _ = sender.send(SpatialIndex::build(&project));
        });
        Self {
            at,
            changes: Changes::default(),
            done,
        }
    }

    /// Revision `after` differs from `before` by `changes`; false when the build is of no use
    /// any more (it was for another revision than `before`).
    pub fn follow(&mut self, before: u64, after: u64, changes: &Changes) -> bool {
        if self.at != before {
            return false;
        }
        self.at = after;
        self.changes.then(changes.clone());
        true
    }

    /// The built index for `project` at `revision`, once it is there.
    pub fn poll(&mut self, project: &Project, revision: u64) -> Routed {
        match self.done.try_recv() {
            Err(TryRecvError::Empty) if self.at == revision => Routed::Pending,
            Ok(mut index) if self.at == revision => {
                if self.changes.is_empty() || index.patch(project, &self.changes) {
                    Routed::Ready(Box::new(index))
                } else {
                    Routed::Stale
                }
            }
            _ => Routed::Stale,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::generate;

    /// Polls until the build is no longer pending (or a minute has passed).
    fn wait(routing: &mut Routing, project: &Project, revision: u64) -> Routed {
        let start = Instant::now();
        loop {
            match routing.poll(project, revision) {
                Routed::Pending if start.elapsed() < Duration::from_secs(60) => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                other => return other,
            }
        }
    }

    #[test]
    fn the_built_index_is_the_full_build_of_the_revision_asked_for() {
        let project = generate::generate(300, 2);
        let mut routing = Routing::start(project.clone(), 7);
        let Routed::Ready(index) = wait(&mut routing, &project, 7) else {
            panic!("the build of revision 7 is ready for revision 7");
        };
        assert!(index.is_routed());
        assert!(*index == SpatialIndex::build(&project));
    }

    #[test]
    fn nodes_moved_while_it_is_built_are_patched_in() {
        let mut project = generate::generate(300, 2);
        let mut routing = Routing::start(project.clone(), 1);
        let id = project.nodes.keys().nth(10).unwrap().clone();
        project.nodes.get_mut(&id).unwrap().position.x += 500.0;
        let moved = Changes {
            nodes: vec![id],
            ..Changes::default()
        };
        assert!(routing.follow(1, 2, &moved));
        let Routed::Ready(index) = wait(&mut routing, &project, 2) else {
            panic!("a build patched for the move is ready");
        };
        let mut expected = SpatialIndex::build(&generate::generate(300, 2));
        assert!(expected.patch(&project, &moved));
        assert!(*index == expected);
    }

    #[test]
    fn a_build_for_another_revision_is_stale() {
        let project = generate::generate(50, 2);
        let mut routing = Routing::start(project.clone(), 3);
        assert!(matches!(wait(&mut routing, &project, 4), Routed::Stale));
        let mut routing = Routing::start(project.clone(), 3);
        assert!(!routing.follow(2, 5, &Changes::default()));
    }
}
