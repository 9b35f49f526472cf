//! Text laid out on pages: headings, wrapped paragraphs and tables flow down a page and onto the
//! next, a table's heading row repeated on each page it continues on. The result is a list of
//! pages of positioned operations (text runs, rules, filled boxes) that `render` draws; nothing
//! here touches the PDF.

use super::drawing::Rgba;
use super::fonts::Fonts;

/// Space between the paper's edge and the text, in points (2 cm).
pub const MARGIN: f32 = 56.7;
/// Room kept at the bottom of every page for the footer.
const FOOTER_ROOM: f32 = 24.0;
pub const BODY: f32 = 10.0;
pub const SMALL: f32 = 8.5;
pub const HEADING: f32 = 16.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;
const CELL_PAD: f32 = 3.0;

pub const INK: Rgba = [34, 34, 34, 255];
pub const MUTED: Rgba = [102, 102, 102, 255];
pub const ACCENT: Rgba = [26, 61, 109, 255];
pub const RULE: Rgba = [204, 204, 204, 255];
const HEADER_FILL: Rgba = [238, 238, 238, 255];

/// One positioned operation on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Text with its baseline starting at `at`.
    Text {
        at: [f32; 2],
        size: f32,
        text: String,
        colour: Rgba,
    },
    /// A horizontal rule from `x0` to `x1` at `y`.
    Rule { y: f32, x0: f32, x1: f32 },
    /// A filled box (x, y, width, height).
    Fill { rect: [f32; 4], colour: Rgba },
}

/// A page: its size, what is on it, and whether the diagram goes in a box on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub size: [f32; 2],
    pub ops: Vec<Op>,
    /// Where the diagram is drawn: top left corner and scale.
    pub diagram: Option<([f32; 2], f32)>,
}

/// Pages filled from the top, one after the other.
pub struct Flow<'f> {
    fonts: &'f Fonts<'f>,
    paper: [f32; 2],
    pub pages: Vec<Page>,
    /// Where the next line's top is on the last page.
    y: f32,
}

/// A table column: its heading and its share of the text width.
pub struct Column<'a> {
    pub heading: &'a str,
    pub share: f32,
}

impl<'f> Flow<'f> {
    pub fn new(fonts: &'f Fonts<'f>, paper: [f32; 2]) -> Self {
        Self {
            fonts,
            paper,
            pages: Vec::new(),
            y: 0.0,
        }
    }

    /// The width text may take on the current page.
    pub fn text_width(&self) -> f32 {
        self.page_size()[0] - 2.0 * MARGIN
    }

    fn page_size(&self) -> [f32; 2] {
        self.pages.last().map_or(self.paper, |p| p.size)
    }

    fn bottom(&self) -> f32 {
        self.page_size()[1] - MARGIN - FOOTER_ROOM
    }

    /// Starts a page of the paper's size; returns its index.
    pub fn new_page(&mut self) -> usize {
        self.new_page_sized(self.paper)
    }

    /// Starts a page of `size` points; returns its index.
    pub fn new_page_sized(&mut self, size: [f32; 2]) -> usize {
        self.pages.push(Page {
            size,
            ..Page::default()
        });
        self.y = MARGIN;
        self.pages.len() - 1
    }

    /// Where the next line's top is.
    pub fn cursor(&self) -> f32 {
        self.y
    }

    /// Room left above the footer.
    pub fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Moves down by `height` points.
    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// Starts a new page unless `height` points fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > self.bottom() {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.ops.push(op);
        }
    }

    /// Puts the diagram's box on the current page.
    pub fn place_diagram(&mut self, at: [f32; 2], scale: f32) {
        if let Some(page) = self.pages.last_mut() {
            page.diagram = Some((at, scale));
        }
    }

    /// A section heading (kept with room for two lines under it); returns its page and top.
    pub fn heading(&mut self, text: &str) -> (usize, f32) {
        let line = HEADING * LEADING;
        self.ensure(line + 3.0 * BODY * LEADING);
        if self.y > MARGIN {
            self.space(BODY);
        }
        let at = (self.pages.len() - 1, self.y);
        self.lines(text, HEADING, ACCENT, 0.0);
        self.space(BODY * 0.4);
        at
    }

    /// A paragraph of `size` points, wrapped, indented by `indent`, with space after it.
    pub fn paragraph(&mut self, text: &str, size: f32, colour: Rgba, indent: f32) {
        self.lines(text, size, colour, indent);
        self.space(size * 0.5);
    }

    /// Wrapped lines of text, each moved to the next page when it does not fit.
    fn lines(&mut self, text: &str, size: f32, colour: Rgba, indent: f32) {
        let width = self.text_width() - indent;
        for line in wrap(self.fonts, text, size, width) {
            self.ensure(size * LEADING);
            let baseline = self.y + size;
            self.push(Op::Text {
                at: [MARGIN + indent, baseline],
                size,
                text: line,
                colour,
            });
            self.y += size * LEADING;
        }
    }

    /// A table with a shaded heading row, repeated on every page it runs onto.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let total: f32 = columns.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = columns.iter().map(|c| c.share / total * self.text_width()).collect();
        let headings: Vec<String> = columns.iter().map(|c| c.heading.to_owned()).collect();
        let line = size * LEADING;
        let header = self.cells(&headings, &widths, size);
        let header_height = row_height(&header, line);
        self.ensure(header_height + line + 2.0 * CELL_PAD);
        self.row(&header, &widths, size, true);
        for row in rows {
            let cells = self.cells(row, &widths, size);
            let height = row_height(&cells, line);
            if self.y + height > self.bottom() && height <= self.bottom() - MARGIN - header_height {
                self.new_page();
                self.row(&header, &widths, size, true);
            }
            self.row(&cells, &widths, size, false);
        }
        self.space(size);
    }

    /// Each cell's text wrapped to its column.
    fn cells(&self, row: &[String], widths: &[f32], size: f32) -> Vec<Vec<String>> {
        (row.iter().zip(widths))
            .map(|(text, width)| wrap(self.fonts, text, size, width - 2.0 * CELL_PAD))
            .collect()
    }

    /// One row of wrapped cells; a row taller than a page goes on line by line.
    fn row(&mut self, cells: &[Vec<String>], widths: &[f32], size: f32, heading: bool) {
        let line = size * LEADING;
        let height = row_height(cells, line);
        if height <= self.room() {
            if heading {
                let width = widths.iter().sum();
                self.push(Op::Fill {
                    rect: [MARGIN, self.y, width, height],
                    colour: HEADER_FILL,
                });
            }
            self.row_text(cells, widths, size, 0..usize::MAX);
            self.y += height;
        } else {
            let count = cells.iter().map(Vec::len).max().unwrap_or(0);
            for i in 0..count {
                self.ensure(line + 2.0 * CELL_PAD);
                self.row_text(cells, widths, size, i..i + 1);
                self.y += line;
            }
            self.y += 2.0 * CELL_PAD;
        }
        let x1 = MARGIN + widths.iter().sum::<f32>();
        let y = self.y;
        self.push(Op::Rule { y, x0: MARGIN, x1 });
    }

    /// The lines `range` of each cell, the first of them at the cursor.
    fn row_text(&mut self, cells: &[Vec<String>], widths: &[f32], size: f32, range: std::ops::Range<usize>) {
        let mut x = MARGIN;
        for (cell, width) in cells.iter().zip(widths) {
            let shown = cell.iter().skip(range.start).take(range.len());
            for (i, text) in shown.enumerate() {
                let baseline = self.y + CELL_PAD + size + i as f32 * size * LEADING;
                self.push(Op::Text {
                    at: [x + CELL_PAD, baseline],
                    size,
                    text: text.clone(),
                    colour: INK,
                });
            }
            x += width;
        }
    }
}

fn row_height(cells: &[Vec<String>], line: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * line + 2.0 * CELL_PAD
}

/// `text` broken into lines no wider than `width` at `size` points: at spaces, inside a word
/// only when it is wider than a line; a newline always breaks.
pub fn wrap(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fonts.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if fonts.width(&line, size) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_and_long_words_are_cut() {
        let fonts = Fonts::new(&[]).unwrap();
        let lines = wrap(
            &fonts,
            "one two three four",
            10.0,
            fonts.width("three four", 10.0) + 0.1,
        );
        assert_eq!(lines, ["one two", "three four"]);
        let long = "x".repeat(40);
        let lines = wrap(&fonts, &long, 10.0, fonts.width("xxxxxxxxxx", 10.0) + 0.1);
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.len() == 10));
        assert_eq!(wrap(&fonts, "a\n\nb", 10.0, 100.0), ["a", "", "b"]);
    }
}
