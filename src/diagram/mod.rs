//! Drawing a project into epaint shapes through a view transform — shared by the canvas (on
//! screen) and the exporter (PNG), so both show the same picture. Owns the view transform, node
//! and flow geometry, the look of actors, assets and flows in light and dark themes, level of
//! detail, the spatial index used for culling and hit-testing, and the marks that tell an SVG
//! which shapes draw which node, flow or label.

mod geometry;
mod index;
mod labels;
mod marks;
mod paint;
mod parallel;
mod style;
mod view;

pub use geometry::{FlowPath, NODE_SIZE, box_at, node_rect};
pub use index::{SpatialIndex, bounds, handle_point};
pub use marks::Mark;
pub use paint::{Decorations, draw, draw_indexed};
pub use style::{KindStyle, Style};
pub use view::{MAX_ZOOM, MIN_ZOOM, View};
