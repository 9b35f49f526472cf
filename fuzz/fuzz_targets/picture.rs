//! Fuzz the reader of projects carried in pictures: any bytes given as a PNG either yield the
//! project text of its `iTXt` chunk or an error — never a panic, a hang or unbounded memory — and
//! any text given as an SVG likewise; whatever text comes out and loads saves and loads back to
//! the same project.
#![no_main]

use std::io::Cursor;

use dlt_modeller::file::{self, picture};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut texts = vec![picture::png_project_text(Cursor::new(data))];
    if let Ok(svg) = std::str::from_utf8(data) {
        texts.push(picture::svg_project_text(svg));
    }
    for text in texts.into_iter().flatten() {
        if let Ok(loaded) = file::parse(&text) {
            let again = file::parse(&file::to_text(&loaded.project)).expect("saved text loads");
            assert_eq!(again.project, loaded.project);
        }
    }
});
