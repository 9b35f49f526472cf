//! The command line does what README says: exit codes, messages and files written.

use std::path::Path;

use crate::common::cli::{code, run, text};

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

/// `text` with the entry of node `id` (canonical layout) given a second time, renamed.
fn with_node_twice(text: &str, id: &str) -> String {
    let start = text.find(&format!("            \"{id}\": (")).expect("the node");
    let close = "\n            ),\n";
    let end = start + text[start..].find(close).expect("its end") + close.len();
    let again = text[start..end].replacen("name: \"", "name: \"Copy of ", 1);
    format!("{}{again}{}", &text[..end], &text[end..])
}

fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    let at = text.match_indices(needle).nth(nth).expect("the needle").0;
    1 + text[..at].matches('\n').count()
}

#[test]
fn a_repeated_id_is_refused_by_check_and_fmt_and_nothing_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "twice.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "30", &file])), 0);
    let doubled = with_node_twice(&std::fs::read_to_string(&file).unwrap(), "n07");
    std::fs::write(&file, &doubled).unwrap();
    let (first, second) = (line_of(&doubled, "\"n07\": (", 0), line_of(&doubled, "\"n07\": (", 1));
    let o = run(&["check", &file]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains(&format!("twice.ron:{second}:"))
            && text(&o).contains(&format!(
                "repeated key \"n07\": one map has an entry under it on line {first}"
            )),
        "{}",
        text(&o)
    );
    for args in [vec!["fmt", &file], vec!["fmt", "--check", &file], vec!["layout", &file]] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o));
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            doubled,
            "{args:?} left the file alone"
        );
    }
}

#[test]
fn files_of_a_newer_version_are_never_rewritten_and_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "newer.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "20", &file])), 0);
    let newer = std::fs::read_to_string(&file)
        .unwrap()
        .replace("version: 1,", "version: 2,");
    std::fs::write(&file, &newer).unwrap();
    let o = run(&["check", &file]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("newer dlt-modeller (format version 2") && text(&o).contains("read-only"),
        "{}",
        text(&o)
    );
    let out = path(&dir, "out.ron");
    let other = path(&dir, "other.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "20", &other])), 0);
    for args in [
        vec!["layout", file.as_str()],
        vec!["layout", &file, "-o", &out],
        vec!["fmt", &file],
        vec!["merge", &other, &other, &file, "-o", &out],
        vec!["merge", &file, &other, &other, "-o", &out],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("written by a newer dlt-modeller (format version 2)"),
            "{}",
            text(&o)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), newer, "{args:?}");
        assert!(!Path::new(&out).exists(), "{args:?} wrote nothing");
    }
}

#[test]
fn fmt_keeps_a_merge_conflict_block_unless_told_to_drop_it() {
    let dir = tempfile::tempdir().unwrap();
    let [base, ours, theirs] = ["base.ron", "ours.ron", "theirs.ron"].map(|name| path(&dir, name));
    for p in [&base, &ours, &theirs] {
        assert_eq!(code(&run(&["generate", "--nodes", "20", p])), 0);
    }
    let text_of = |p: &str| std::fs::read_to_string(p).unwrap();
    std::fs::write(&ours, text_of(&ours).replace("\"Actor 1\"", "\"Ours\"")).unwrap();
    std::fs::write(&theirs, text_of(&theirs).replace("\"Actor 1\"", "\"Theirs\"")).unwrap();
    let merged = path(&dir, "merged.ron");
    assert_eq!(code(&run(&["merge", &base, &ours, &theirs, "-o", &merged])), 1);
    let conflicted = text_of(&merged);
    assert!(conflicted.contains("// MERGE CONFLICTS"));
    for args in [vec!["fmt", merged.as_str()], vec!["fmt", "--check", &merged]] {
        let o = run(&args);
        assert_eq!(code(&o), 1, "{args:?}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("merge-conflict block"),
            "{args:?}: {}",
            text(&o)
        );
        assert_eq!(text_of(&merged), conflicted, "{args:?} kept the block");
    }
    let o = run(&["fmt", "--drop-conflicts", &merged]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(!text_of(&merged).contains("MERGE CONFLICTS"));
    assert_eq!(code(&run(&["fmt", "--check", &merged])), 0);
}

#[test]
fn generate_refuses_what_no_command_would_open_and_sizes_are_real() {
    let dir = tempfile::tempdir().unwrap();
    let huge = path(&dir, "huge.ron");
    let o = run(&["generate", "--nodes", "1000000", &huge]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(
        text(&o).contains("268435456 bytes") && text(&o).contains("Nothing was written"),
        "{}",
        text(&o)
    );
    assert!(!Path::new(&huge).exists());

    let big = std::fs::File::create(&huge).unwrap();
    big.set_len(314_579_271).unwrap();
    let o = run(&["check", &huge]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("the file is 314579271 bytes"), "{}", text(&o));
}

#[test]
fn a_byte_order_mark_is_accepted_and_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "bom.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "20", &file])), 0);
    let plain = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("\u{feff}{plain}")).unwrap();
    let o = run(&["check", &file]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert_eq!(code(&run(&["fmt", &file])), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), plain);
}

#[test]
fn positions_outside_the_drawing_are_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = path(&dir, "far.ron");
    assert_eq!(code(&run(&["generate", "--nodes", "20", &file])), 0);
    let original = std::fs::read_to_string(&file).unwrap();
    let at = original.find("position: (").unwrap() + "position: (".len();
    let end = at + original[at..].find(')').unwrap();
    let far = format!("{}1e30, 0.0{}", &original[..at], &original[end..]);
    std::fs::write(&file, &far).unwrap();
    let png = path(&dir, "far.png");
    for args in [
        vec!["check", file.as_str()],
        vec!["fmt", &file],
        vec!["layout", &file],
        vec!["assess", &file],
        vec!["export", &file, "--png", &png],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("is outside the drawing, whose coordinates run from -1000000 to 1000000"),
            "{args:?}: {}",
            text(&o)
        );
    }
    assert!(!Path::new(&png).exists());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), far);
}

#[test]
fn assessment_wording_has_no_negative_leads_or_zeros() {
    let dir = tempfile::tempdir().unwrap();
    for template in ["tax-compliance", ""] {
        let file = path(&dir, "p.ron");
        let _ = std::fs::remove_file(&file);
        let mut args = vec!["new", file.as_str()];
        if !template.is_empty() {
            args.extend(["--template", template]);
        }
        assert_eq!(code(&run(&args)), 0);
        let o = run(&["assess", &file]);
        let report = text(&o);
        assert!(!report.contains("by -"), "{template}: {report}");
        assert!(!report.contains("-0.0"), "{template}: {report}");
        if template == "tax-compliance" {
            assert!(report.contains("ranks above"), "{report}");
        }
    }
}
