//! The FG DLT knowledge as data: reference-architecture layers and components, assessment
//! criteria, regulatory topics, glossary, dated platform profiles and the bibliography they
//! cite, embedded from
//! `assets/catalog/*.ron`, plus a project's own additions, lookups by key, a text listing for the
//! command line and a search for the GUI's catalogue browser.

mod builtin;
pub mod custom;
mod index;
mod listing;
mod project;
mod search;
pub mod sources;
mod types;

pub use index::Catalog;
pub use listing::{Section, listing};
pub use project::PROJECT_LOCAL;
pub use search::{Hit, HitKind, search};
pub use sources::{Edition, Source, SourceKind};
pub use types::{Category, Component, Criterion, Fact, Layer, Lifecycle, Platform, Score, Status, Term, Topic};
