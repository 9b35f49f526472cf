//! Automatic layout of the diagram: a layered (Sugiyama) layout in flow direction built on the
//! `rust-sugiyama` crate, "tidy" (snap to the grid and remove overlaps without reordering), and
//! the measures the tests hold layouts to (overlapping boxes, crossing flows). Pure functions
//! from a project to new node positions; the editor applies them as one undoable move.

mod layered;
mod measure;
mod tidy;

pub use layered::{Direction, LayoutError, layered};
pub use measure::{crossings, overlaps};
pub use tidy::tidy;
