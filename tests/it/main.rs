//! Every integration test that can share a process, as one binary: the crate and eframe are
//! linked once instead of once per file. Each former `tests/<name>.rs` is the module `<name>`,
//! so `cargo test --test it app::` runs the editor tests of `app.rs`. The harness and fixtures
//! the window tests share are in `tests/common`. Tests that need a process of their own
//! (`app_fonts`, `fonts`, `crash`) are binaries of their own: see docs/TESTING.md.

#[path = "../common/mod.rs"]
mod common;

mod app;
mod app_big_files;
mod app_browser;
mod app_catalog;
mod app_compare;
mod app_export;
mod app_interchange;
mod app_new_user;
mod app_sources;
mod architecture;
mod assess_cli;
mod assess_custom;
mod assess_golden;
mod assess_panel;
mod assess_rules;
mod assess_sources;
mod canvas;
mod canvas_hover;
mod cli;
mod cli_no_editor;
mod compare;
mod export_cli;
mod export_png;
mod export_svg;
mod file_chunked;
mod file_format;
mod hostile;
mod interchange;
mod layout;
mod legibility;
mod merge;
mod report_pdf;
mod samples;
mod sources;
