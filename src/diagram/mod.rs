//! Drawing a project into epaint shapes through a view transform — shared by the canvas (on
//! screen) and the exporter (PNG, SVG), so both show the same picture. Owns the view transform,
//! the fonts (egui's and the fallbacks for other scripts), text measuring and node sizes, flow
//! routes around nodes, label placement without collisions, the look of actors, assets and
//! flows in light and dark themes, level of detail, the spatial index used for culling and
//! hit-testing, the legibility measures, and the marks that tell an SVG which shapes draw which
//! node, flow or label.

pub mod fonts;
mod geometry;
mod index;
mod labels;
mod legibility;
mod marks;
mod paint;
mod parallel;
mod path;
mod route;
mod sizes;
mod style;
mod text;
mod view;

pub use geometry::{FlowPath, MIN_NODE_SIZE, node_rect};
pub use index::{Changes, SpatialIndex, bounds, handle_point};
pub use legibility::Legibility;
pub use marks::Mark;
pub use paint::{Decorations, draw, draw_indexed};
pub use path::Route;
pub use sizes::{Sizes, node_size};
pub use style::{KindStyle, Style};
pub use view::{MAX_ZOOM, MIN_ZOOM, View};
