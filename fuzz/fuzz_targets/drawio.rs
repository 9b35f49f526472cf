//! Fuzz the draw.io reader: any text, plain or with a compressed page, either becomes a project
//! or an error — never a panic, a hang or unbounded memory — and a project it makes saves and
//! loads back to the same project (or is refused by the limits that saving checks).
#![no_main]

use dlt_modeller::file;
use dlt_modeller::interchange::drawio;
use dlt_modeller::layout::Measure;
use dlt_modeller::model::{Flow, Node, Project};
use libfuzzer_sys::fuzz_target;

/// Every box 120 × 40 and every label 80 × 16: the reader only needs sizes to lay out nodes
/// that came without a place.
struct Fixed;

impl Measure for Fixed {
    fn node(&self, _: &Node) -> (f32, f32) {
        (120.0, 40.0)
    }
    fn label(&self, _: &Project, _: &Flow) -> (f32, f32) {
        (80.0, 16.0)
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(imported) = drawio::read(text, &drawio::ReadOptions::default(), &Fixed) else { return };
    if file::check_writable(&imported.project, 0).is_ok() {
        if let Ok(loaded) = file::parse(&file::to_text(&imported.project)) {
            assert_eq!(loaded.project, imported.project);
        }
    }
});
