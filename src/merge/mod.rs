//! Model-level diff and three-way merge of projects, by id and field rather than by line: what
//! `dlt-modeller diff` and `merge` (and the git merge driver) use, and the editor's answer when
//! the file changed on disk. Pure functions over `model::Project`.

mod diff;
mod references;
mod tree;

pub use diff::{Difference, diff};
pub use tree::{Conflict, Merged, merge};
