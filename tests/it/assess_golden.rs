//! The JSON and Markdown reports of the `gold-trade` sample, compared byte for byte with the
//! files in `tests/golden/assess/`. After an intended change (to the assessment, the catalogue or
//! the sample), regenerate them with `UPDATE_GOLDEN=1 cargo test --test it assess_golden::` and review
//! the diff.

use std::path::PathBuf;

use dlt_modeller::assess::{assess, output};
use dlt_modeller::catalog::Catalog;
use dlt_modeller::templates;

fn report() -> dlt_modeller::assess::Report {
    let mut project = templates::find("gold-trade")
        .expect("the gold-trade template")
        .project();
    // A fixed assessment date: which rules are in force must not change the file from day to day.
    project.sheet.assessed_on = "2026-12-06".into();
    assess(&project, &Catalog::builtin().with_project(&project))
}

fn compare(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/assess")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (create it with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(0);
        panic!(
            "{} differs from the report, first at line {}:\n  golden: {:?}\n  report: {:?}\n\
             Regenerate with UPDATE_GOLDEN=1 if the change is intended.",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn gold_trade_json_matches_the_golden_file() {
    compare("gold-trade.json", &output::json(&report()));
}

#[test]
fn gold_trade_markdown_matches_the_golden_file() {
    compare("gold-trade.md", &output::markdown(&report()));
}

#[test]
fn the_json_holds_every_number_with_its_explanation() {
    let report = report();
    let json: serde_json::Value = serde_json::from_str(&output::json(&report)).unwrap();
    let fits = json["ranking"]["fits"].as_array().unwrap();
    assert_eq!(fits.len(), report.ranking.fits.len());
    for (value, fit) in fits.iter().zip(&report.ranking.fits) {
        // serde_json parses the last digit of a float back approximately.
        let near = |json: &serde_json::Value, exact: f64| (json.as_f64().unwrap() - exact).abs() < 1e-9;
        assert!(
            near(&value["weighted"], fit.weighted),
            "{} vs {}",
            value["weighted"],
            fit.weighted
        );
        assert!(
            near(&value["topsis"], fit.topsis),
            "{} vs {}",
            value["topsis"],
            fit.topsis
        );
        assert!(!value["explanation"].as_str().unwrap().is_empty());
        for cell in value["cells"].as_array().unwrap() {
            assert!(cell["explanation"].as_str().unwrap().contains("scores"), "{cell}");
        }
    }
    for part in ["requirements", "sensitivity", "coverage", "regulatory", "findings"] {
        assert!(json.get(part).is_some(), "{part}");
    }
}

#[test]
fn gold_trade_executive_summary_matches_the_golden_file() {
    let paragraphs = output::summary::executive_summary(&report());
    compare("gold-trade.summary.txt", &(paragraphs.join("\n\n") + "\n"));
}
