//! How much room the drawing of each node and each flow label takes, in diagram units, and how
//! their text is broken into lines: a node is as wide as its name needs (between
//! [`MIN_NODE_SIZE`] and [`MAX_NODE_WIDTH`]), longer names wrap onto up to three lines; a flow
//! label is drawn in full, wrapped, or as its step badge alone. Derived from the text, never
//! stored; layout, hit-testing, the spatial index, the painter and export all size by it.

use egui::{Vec2, vec2};

use super::geometry::{
    ACTION_FONT, ASSET_FONT, ASSET_MARK, CAPTION_FONT, LABEL_PAD, MAX_LABEL_WIDTH, MIN_NODE_SIZE, NAME_FONT,
    STEP_BADGE, carried_asset,
};
use super::text::{self, Lines};
use crate::layout::Measure;
use crate::model::{Flow, Node, NodeKind, Project};

/// The widest a node box gets (diagram units); longer names wrap.
pub const MAX_NODE_WIDTH: f32 = 400.0;
/// A name fits on one line up to this box width; a longer name wraps onto even lines instead.
const ONE_LINE_WIDTH: f32 = 260.0;
/// Lines a name and a caption may take.
const NAME_LINES: usize = 3;
const CAPTION_LINES: usize = 2;
/// Space above the name, and the row at the bottom kept for the badges (diagram units).
pub(super) const TEXT_TOP: f32 = 8.0;
const BADGE_ROW: f32 = 21.0;
/// Box widths are rounded up to this step, so similar names give equal boxes.
const WIDTH_STEP: f32 = 10.0;
/// The font of a step number, and the gap between a label's badge and its text.
pub(super) const STEP_FONT: f32 = 10.0;
pub(super) const BADGE_GAP: f32 = 4.0;
/// An action longer than this (diagram units) is never drawn on one line.
const MAX_ONE_LINE_ACTION: f32 = 260.0;
/// A wrapped action is at most this share of its width on one line (so two lines or more).
const WRAPPED_SHARE: f32 = 0.6;
/// Lines a wrapped action and a wrapped asset name may take.
const ACTION_LINES: usize = 4;
const ASSET_LINES: usize = 2;

/// The sizes the diagram draws at, for [`crate::layout`].
pub struct Sizes;

impl Measure for Sizes {
    fn node(&self, node: &Node) -> (f32, f32) {
        let size = node_size(node);
        (size.x, size.y)
    }

    fn label(&self, project: &Project, flow: &Flow) -> (f32, f32) {
        let size = LabelText::new(flow, carried_asset(project, flow), LabelForm::Full).size;
        (size.x, size.y)
    }
}

/// Where a node's text goes: left of it the icon, right of it a margin (diagram units).
pub(super) fn text_insets(node: &Node) -> (f32, f32) {
    if node.is_actor() { (48.0, 10.0) } else { (54.0, 20.0) }
}

/// A node's name and caption broken into lines, and the size of its box.
pub(super) struct NodeText {
    pub name: Lines,
    pub caption: Lines,
    pub size: Vec2,
}

impl NodeText {
    pub fn new(node: &Node) -> Self {
        let (left, right) = text_insets(node);
        let room = |box_width: f32| box_width - left - right;
        let one_line = text::width(&node.name, NAME_FONT);
        let name = if one_line <= room(ONE_LINE_WIDTH) {
            text::wrap(&node.name, NAME_FONT, room(ONE_LINE_WIDTH), 1)
        } else {
            text::wrap_evenly(
                &node.name,
                NAME_FONT,
                room(MIN_NODE_SIZE.x),
                room(MAX_NODE_WIDTH),
                NAME_LINES,
            )
        };
        let caption_text = caption(node);
        let needed = name
            .width
            .max(text::width(caption_text, CAPTION_FONT).min(room(MAX_NODE_WIDTH)));
        let width = (((needed + left + right) / WIDTH_STEP).ceil() * WIDTH_STEP).clamp(MIN_NODE_SIZE.x, MAX_NODE_WIDTH);
        let caption = text::wrap(caption_text, CAPTION_FONT, room(width), CAPTION_LINES);
        let height = TEXT_TOP + name.height(NAME_FONT) + caption.height(CAPTION_FONT) + BADGE_ROW;
        Self {
            name,
            caption,
            size: vec2(width, height.max(MIN_NODE_SIZE.y).ceil()),
        }
    }

    /// Whether the name or the caption had to be cut.
    pub fn cut(&self) -> bool {
        self.name.cut || self.caption.cut
    }
}

/// The line under a node's name: an actor's role, an asset's type.
pub(super) fn caption(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Actor { role, .. } => role.label(),
        NodeKind::Asset { asset_type } => asset_type.label(),
    }
}

/// The size of a node's box.
pub fn node_size(node: &Node) -> Vec2 {
    NodeText::new(node).size
}

/// How a flow label is drawn: the placer tries each in turn until one fits without covering a
/// node or another label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum LabelForm {
    /// The action on one line, the carried asset under it.
    Full,
    /// The action and the asset wrapped at [`MAX_LABEL_WIDTH`].
    Wrapped,
    /// The step badge alone; the text is in the tooltip and the export's step list.
    Badge,
}

impl LabelForm {
    pub const ALL: [LabelForm; 3] = [LabelForm::Full, LabelForm::Wrapped, LabelForm::Badge];
}

/// A flow label's text broken into lines for one form, and the size of its plate.
pub(super) struct LabelText {
    pub step: String,
    pub badge: Vec2,
    pub action: Option<Lines>,
    pub asset: Option<Lines>,
    pub size: Vec2,
}

impl LabelText {
    pub fn new(flow: &Flow, asset_name: Option<&str>, form: LabelForm) -> Self {
        let step = flow.step.to_string();
        let badge = vec2(STEP_BADGE.max(text::width(&step, STEP_FONT) + 6.0), STEP_BADGE);
        let (action, asset) = match form {
            LabelForm::Badge => (None, None),
            LabelForm::Full if text::width(&flow.action, ACTION_FONT) <= MAX_ONE_LINE_ACTION => (
                Some(text::wrap(&flow.action, ACTION_FONT, MAX_ONE_LINE_ACTION, 1)),
                asset_name.map(|a| text::wrap(a, ASSET_FONT, f32::INFINITY, 1)),
            ),
            LabelForm::Full | LabelForm::Wrapped => {
                // At least two lines where the words allow, so a label fits a narrow gap.
                let one_line = text::width(&flow.action, ACTION_FONT);
                let widest = (one_line * WRAPPED_SHARE)
                    .max(longest_word(&flow.action, ACTION_FONT))
                    .min(MAX_LABEL_WIDTH);
                let action = text::wrap_evenly(&flow.action, ACTION_FONT, 0.0, widest, ACTION_LINES);
                // The asset as wide as the action, or wider where it needs to be to fit.
                let asset = asset_name.map(|a| {
                    let room = (action.width.max(widest) - ASSET_MARK - 3.0).max(longest_word(a, ASSET_FONT));
                    let even = text::wrap(a, ASSET_FONT, room, ASSET_LINES);
                    if even.cut {
                        text::wrap(a, ASSET_FONT, MAX_LABEL_WIDTH - ASSET_MARK - 3.0, ASSET_LINES)
                    } else {
                        even
                    }
                });
                (Some(action), asset)
            }
        };
        let text = match &action {
            None => Vec2::ZERO,
            Some(action) => {
                let asset_width = asset.as_ref().map_or(0.0, |a| ASSET_MARK + 3.0 + a.width);
                let asset_height = asset.as_ref().map_or(0.0, |a| a.height(ASSET_FONT));
                vec2(
                    BADGE_GAP + action.width.max(asset_width),
                    action.height(ACTION_FONT) + asset_height,
                )
            }
        };
        let size = vec2(badge.x + text.x, badge.y.max(text.y)) + Vec2::splat(2.0 * LABEL_PAD);
        Self {
            step,
            badge,
            action,
            asset,
            size: vec2(size.x.ceil(), size.y.ceil()),
        }
    }

    /// Whether text had to be cut (never in the badge form, whose text is elsewhere).
    pub fn cut(&self) -> bool {
        self.action.as_ref().is_some_and(|a| a.cut) || self.asset.as_ref().is_some_and(|a| a.cut)
    }
}

/// The width of the widest word of `text`.
fn longest_word(text: &str, size: f32) -> f32 {
    text.split_whitespace()
        .map(|w| text::width(w, size))
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Position;

    #[test]
    fn short_names_keep_the_smallest_box_and_long_ones_widen_then_wrap() {
        let short = NodeText::new(&Node::actor("Mine", Position::default()));
        assert_eq!(short.size, MIN_NODE_SIZE);
        let medium = NodeText::new(&Node::actor("Security carrier company", Position::default()));
        assert!(
            medium.size.x > MIN_NODE_SIZE.x && medium.size.x <= ONE_LINE_WIDTH,
            "{:?}",
            medium.size
        );
        assert_eq!(medium.name.lines.len(), 1);
        let long = NodeText::new(&Node::asset(
            "LBMA / GBI gold bar integrity database of refiners and vaults",
            Position::default(),
        ));
        assert!(long.name.lines.len() >= 2 && !long.cut(), "{:?}", long.name);
        assert!(long.size.y > MIN_NODE_SIZE.y && long.size.x <= MAX_NODE_WIDTH);
        let (left, right) = text_insets(&Node::asset("x", Position::default()));
        assert!(long.name.width <= long.size.x - left - right);
        let huge = NodeText::new(&Node::actor("word ".repeat(100), Position::default()));
        assert!(huge.cut() && huge.size.x == MAX_NODE_WIDTH);
    }

    #[test]
    fn labels_shrink_from_full_to_wrapped_to_a_badge() {
        let mut flow = Flow::new("a", "b", 12, "recalls the affected stock from every shelf");
        flow.asset = Some("c".into());
        let [full, wrapped, badge] = LabelForm::ALL.map(|form| LabelText::new(&flow, Some("Pallet of food"), form));
        assert!(
            full.size.x > wrapped.size.x && wrapped.size.y > full.size.y,
            "{:?} {:?}",
            full.size,
            wrapped.size
        );
        assert!(badge.size.x < wrapped.size.x && badge.size.y <= full.size.y);
        assert!(badge.action.is_none() && !badge.cut());
        assert_eq!(full.step, "12");
        flow.action = "a very long action ".repeat(4);
        let long = LabelText::new(&flow, None, LabelForm::Full);
        assert!(long.action.unwrap().lines.len() > 1, "too long for one line: wrapped");
    }
}
