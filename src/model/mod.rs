//! The project itself: the use-case sheet, actor and asset nodes, flows, candidate platforms,
//! regulatory answers and project-local catalogue additions. Plain data with no I/O and no GUI;
//! everything else (editing, files, assessment, drawing) reads or changes these types.

mod flow;
mod ids;
mod node;
mod project;
mod sheet;
pub mod unique;
pub mod validate;

pub use flow::{Flow, FlowKind};
pub use ids::{FlowId, NodeId, fresh_id, is_valid_id};
pub use node::{ActorRole, AssetType, CriterionUse, DataLocation, Node, NodeKind, Position};
pub use project::{
    AnswerStatus, CustomCatalog, CustomComponent, CustomCriterion, CustomPlatform, DEFAULT_THRESHOLD, PlatformChoice,
    Project, ScoreOverride, TopicAnswer,
};
pub use sheet::{Status, UseCaseSheet};
pub use validate::{Finding, KnownKeys, Severity, validate};
