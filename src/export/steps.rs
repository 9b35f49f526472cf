//! The step list an exported page can show under the diagram: a table of the flows by step —
//! the step number, the nodes it goes from and to, its action and the asset it carries — each in
//! full, wrapped when long and never cut, so whatever a label on the diagram leaves out can
//! still be read. The table is measured when the page is laid out (egui's own fonts at one pixel
//! per point, no window) and painted as text shapes, so PNG and SVG show the same.

use std::sync::Arc;

use egui::epaint::text::{Fonts, TextOptions};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, Painter, Pos2, Stroke, Vec2, pos2, vec2};

use crate::diagram::Style;
use crate::diagram::fonts::{into_visual, is_rtl_letter};
use crate::model::{Flow, Project};

/// The table's font size, in points.
const FONT: f32 = 12.0;
/// Between the names of a flow's ends. egui's proportional font has no arrows, its monospace
/// font has: the arrow is set in that.
const ARROW: char = '→';
const HEADINGS: [&str; COLUMNS] = ["Step", "From → to", "Action", "Asset"];
const COLUMNS: usize = 4;
/// How wide a column may grow before its text wraps (step, from → to, action, asset).
const MAX_WIDTHS: [f32; COLUMNS] = [60.0, 300.0, 320.0, 220.0];
const COLUMN_GAP: f32 = 18.0;
/// Space above and below each row's text.
const ROW_PAD: f32 = 3.0;
/// Text is painted wrapping this much wider than it was measured. A layout at another scale
/// places glyphs on other whole pixels, a fraction of a point off: a row measured at 1× then
/// always holds the text at any scale, so no line is added to a row measured for fewer.
const SLACK: f32 = 2.0;

/// The step list, measured and ready to draw.
#[derive(Debug)]
pub struct StepList {
    /// The headings, then one row per flow, by step.
    rows: Vec<[String; COLUMNS]>,
    /// The top of each row, and the bottom of the last one, from the table's top.
    tops: Vec<f32>,
    widths: [f32; COLUMNS],
    /// The table's size in points.
    pub size: Vec2,
}

impl StepList {
    /// The step list of `project`'s flows, or none when it has no flow.
    pub fn new(project: &Project) -> Option<Self> {
        if project.flows.is_empty() {
            return None;
        }
        let mut rows = vec![HEADINGS.map(str::to_owned)];
        rows.extend(visual_rows(project));

        let mut fonts = Fonts::new(TextOptions::default(), crate::diagram::fonts::definitions());
        let mut widths = [0.0_f32; COLUMNS];
        let mut tops = Vec::with_capacity(rows.len() + 1);
        let mut top = 0.0;
        for row in &rows {
            tops.push(top);
            let mut height = 0.0_f32;
            for ((text, width), max) in row.iter().zip(&mut widths).zip(MAX_WIDTHS) {
                let job = Arc::new(layout(text, max, Color32::WHITE));
                let size = fonts.layout_uncached(1.0, job).size();
                *width = width.max(size.x);
                height = height.max(size.y);
            }
            top += height + 2.0 * ROW_PAD;
        }
        tops.push(top);
        let width = widths.iter().sum::<f32>() + COLUMN_GAP * (COLUMNS - 1) as f32;
        Some(Self {
            rows,
            tops,
            widths,
            size: vec2(width, top),
        })
    }

    /// Paints the table with its top left corner at `at`: the headings in the caption colour
    /// over a rule, then the rows.
    pub fn draw(&self, painter: &Painter, at: Pos2, style: &Style) {
        for (i, row) in self.rows.iter().enumerate() {
            let colour = if i == 0 { style.caption } else { style.text };
            let top = at.y + self.tops[i] + ROW_PAD;
            let mut x = at.x;
            for (text, width) in row.iter().zip(self.widths) {
                let galley = painter.layout_job(layout(text, width + SLACK, colour));
                painter.galley(pos2(x, top), galley, colour);
                x += width + COLUMN_GAP;
            }
        }
        let rule = at.y + self.tops[1];
        painter.line_segment(
            [pos2(at.x, rule), pos2(at.x + self.size.x, rule)],
            Stroke::new(1.0, style.caption.gamma_multiply(0.5)),
        );
    }
}

/// The rows of the step list without its headings, one per flow by step, for the reports (HTML,
/// PDF) that lay out right-to-left text themselves: in logical order, a right-to-left name in
/// the "from → to" cell isolated (FSI … PDI, UAX #9) so that it keeps to its side of the arrow.
pub fn step_rows(project: &Project) -> Vec<[String; COLUMNS]> {
    rows(project, |name| {
        if name.chars().any(is_rtl_letter) {
            format!("\u{2068}{name}\u{2069}")
        } else {
            name.to_owned()
        }
    })
}

/// The rows in the order egui draws them, for the page's own table: each name and action in
/// visual order ([`into_visual`]).
fn visual_rows(project: &Project) -> Vec<[String; COLUMNS]> {
    rows(project, |text| into_visual(text.to_owned()))
}

/// One row per flow by step: its step, "from → to" by node name, its action and the name of
/// the asset it carries (empty when none), each name and action given as `shown` makes it. A
/// node the project does not have is shown by its id.
fn rows(project: &Project, shown: impl Fn(&str) -> String) -> Vec<[String; COLUMNS]> {
    let mut flows: Vec<&Flow> = project.flows.values().collect();
    flows.sort_by_key(|flow| flow.step);
    let name = |id: &str| shown(project.nodes.get(id).map_or(id, |node| node.name.as_str()));
    (flows.into_iter())
        .map(|flow| {
            [
                flow.step.to_string(),
                format!("{} → {}", name(&flow.from), name(&flow.to)),
                shown(&flow.action),
                flow.asset.as_deref().map(name).unwrap_or_default(),
            ]
        })
        .collect()
}

/// `text` wrapped at `max_width` points onto as many rows as it needs, never cut; arrows in the
/// monospace font.
fn layout(text: &str, max_width: f32, colour: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut arrow = [0; 4];
    let arrow: &str = ARROW.encode_utf8(&mut arrow);
    for (i, piece) in text.split(ARROW).enumerate() {
        if i > 0 {
            job.append(arrow, 0.0, TextFormat::simple(FontId::monospace(FONT), colour));
        }
        if !piece.is_empty() {
            job.append(piece, 0.0, TextFormat::simple(FontId::proportional(FONT), colour));
        }
    }
    job.wrap = TextWrapping {
        max_width,
        overflow_character: None,
        ..TextWrapping::default()
    };
    job
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};
    use egui::epaint::text::FontDefinitions;

    fn project() -> Project {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("a".into(), Node::actor("Miner", Position::new(0.0, 0.0)));
        p.nodes
            .insert("b".into(), Node::asset("Bar", Position::new(400.0, 0.0)));
        let mut ships = Flow::new("a", "b", 2, "ships");
        ships.asset = Some("b".into());
        p.flows.insert("f1".into(), ships);
        p.flows.insert("f2".into(), Flow::new("b", "gone", 1, "mints"));
        p
    }

    #[test]
    fn rows_follow_the_steps_and_name_the_nodes_and_the_asset() {
        let list = StepList::new(&project()).unwrap();
        let rows: Vec<Vec<&str>> = list
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            [
                vec!["Step", "From → to", "Action", "Asset"],
                vec!["1", "Bar → gone", "mints", ""],
                vec!["2", "Miner → Bar", "ships", "Bar"],
            ]
        );
        assert!(StepList::new(&Project::new("none")).is_none());
    }

    #[test]
    fn at_every_scale_the_text_fits_the_rows_measured_at_1x() {
        // Lists of one flow whose action, of pseudo-random words, fills its column to the last
        // point: laid out again at another scale at exactly that width, about one in a hundred
        // such texts needs one more line.
        let words = [
            "weighs",
            "bar",
            "assay",
            "Refinery",
            "custody",
            "transfer",
            "of",
            "the",
            "LBMA",
            "GBI",
            "à",
            "xylophone",
            "Ω",
            "in",
            "iii",
            "WWW",
        ];
        let mut seed = 7_u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        for _ in 0..200 {
            let action: Vec<&str> = (0..8 + next() % 30).map(|_| words[next() % words.len()]).collect();
            let mut p = project();
            p.flows.get_mut("f1").unwrap().action = action.join(" ");
            p.flows.remove("f2");
            let list = StepList::new(&p).unwrap();
            for scale in [1.25, 1.5, 2.0, 3.0, 4.0] {
                for (i, row) in list.rows.iter().enumerate() {
                    let room = list.tops[i + 1] - list.tops[i] - 2.0 * ROW_PAD;
                    for (text, width) in row.iter().zip(list.widths) {
                        let job = Arc::new(layout(text, width + SLACK, Color32::WHITE));
                        let size = fonts.layout_uncached(scale, job).size();
                        assert!(size.y <= room + 0.5, "{scale}×, {text:?}: {size:?} in {room}");
                    }
                }
            }
        }
    }

    #[test]
    fn arrows_are_set_in_a_font_that_has_them() {
        let job = layout("A → B →", 100.0, Color32::WHITE);
        let pieces: Vec<(&str, &FontId)> = (job.sections.iter())
            .map(|s| (&job.text[s.byte_range.start.0..s.byte_range.end.0], &s.format.font_id))
            .collect();
        let (text, arrow) = (FontId::proportional(FONT), FontId::monospace(FONT));
        assert_eq!(pieces, [("A ", &text), ("→", &arrow), (" B ", &text), ("→", &arrow)]);
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        assert!(fonts.with_pixels_per_point(1.0).has_glyph(&arrow, ARROW));
    }

    #[test]
    fn long_text_wraps_within_its_column_and_makes_its_row_taller() {
        let mut p = project();
        let short = StepList::new(&p).unwrap();
        let long = "weighs every bar again, ".repeat(12) + &"x".repeat(200);
        p.flows.get_mut("f1").unwrap().action = long;
        let wrapped = StepList::new(&p).unwrap();
        assert!(wrapped.widths[2] <= MAX_WIDTHS[2], "{:?}", wrapped.widths);
        let row_height = |l: &StepList, i: usize| l.tops[i + 1] - l.tops[i];
        assert!(row_height(&wrapped, 2) > 5.0 * row_height(&short, 2));
        assert_eq!(row_height(&wrapped, 1), row_height(&short, 1));
        assert_eq!(wrapped.size.y, *wrapped.tops.last().unwrap());
    }
}
