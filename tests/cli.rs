//! The command line does what README says: exit codes, messages and files written.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

#[test]
fn check_exit_codes_say_clean_errors_or_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let good = path(&dir, "good.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "30", &good])), 0);
    let o = run(&["check", &good]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("30 nodes"), "{}", text(&o));

    let bad = path(&dir, "bad.ron");
    let broken = std::fs::read_to_string(&good)
        .unwrap()
        .replacen("to: \"n", "to: \"ghost", 1);
    std::fs::write(&bad, broken).unwrap();
    let o = run(&["check", &good, &bad]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("bad.ron: error: flow"), "{}", text(&o));

    let garbage = path(&dir, "garbage.ron");
    std::fs::write(
        &garbage,
        "(format: \"dlt-modeller\", version: 1, project: (sheet: (title: 1)))",
    )
    .unwrap();
    let o = run(&["check", &bad, &garbage]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("garbage.ron:1:"),
        "the error names file, line and column: {}",
        text(&o)
    );
}

#[test]
fn fmt_rewrites_into_canonical_form_and_check_mode_reports() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "p.ron");
    std::fs::copy("tests/fixtures/v0-gold.ron", &file).unwrap();
    let o = run(&["fmt", "--check", &file]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(text(&o).contains("not in canonical form"));
    let o = run(&["fmt", &file]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("migrated from version 0 to 1"), "{}", text(&o));
    assert!(Path::new(&format!("{file}.bak")).exists(), "the old version is kept");
    let o = run(&["fmt", "--check", &file]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(std::fs::read_to_string(&file).unwrap().contains("version: 1,"));
}

#[test]
fn new_creates_projects_from_templates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "gold.ron");
    let o = run(&["new", &file, "--template", "gold-trade"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let created = dlt_modeller::file::load(Path::new(&file)).unwrap().project;
    assert_eq!(created, dlt_modeller::templates::find("gold-trade").unwrap().project());
    let o = run(&["new", &file]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("already exists"));
    let o = run(&["new", &path(&dir, "x.ron"), "--template", "moon-mining"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("gold-trade"), "lists the templates: {}", text(&o));
    let blank = path(&dir, "blank.ron");
    assert_eq!(code(&run(&["new", &blank])), 0);
    assert!(
        dlt_modeller::file::load(Path::new(&blank))
            .unwrap()
            .project
            .nodes
            .is_empty()
    );
}

#[test]
fn templates_and_catalog_list_what_is_built_in() {
    let o = run(&["templates"]);
    assert_eq!(code(&o), 0);
    let listing = text(&o);
    assert_eq!(listing.lines().count(), 8, "{listing}");
    assert!(listing.contains("identity-integrity"));
    let o = run(&["catalog", "criteria"]);
    assert_eq!(code(&o), 0);
    assert!(text(&o).contains("core.transaction_processing"));
    let o = run(&["catalog"]);
    for key in ["platform.consensus", "reg.data_protection", "fabric", "Genesis block"] {
        assert!(text(&o).contains(key), "{key}");
    }
    assert_eq!(code(&run(&["catalog", "nonsense"])), 2);
}

#[test]
fn generate_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (path(&dir, "a.ron"), path(&dir, "b.ron"));
    run(&["generate", "--nodes", "500", "--seed", "9", &a]);
    run(&["generate", "--nodes", "500", "--seed", "9", &b]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(
        dlt_modeller::file::load(Path::new(&a)).unwrap().project.nodes.len(),
        500
    );
}
