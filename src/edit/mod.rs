//! Undoable edits of a project. Every change the editor makes is an [`Edit`]: a list of
//! before/after pairs, applied through a [`History`] that keeps undo and redo stacks, merges
//! the steps of one gesture (a drag is one undo step) and knows whether the project is dirty.

mod change;
mod history;
mod ops;

pub use change::{Change, Edit};
pub use history::{History, Journal};
pub use ops::*;
