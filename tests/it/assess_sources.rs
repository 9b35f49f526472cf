//! What the assessment says about sources and platform lifecycles: a platform at end of support
//! is left out of the default candidates with a warning naming the source, compared (with a
//! warning) when the project lists it, and shown with its status; every report names the
//! catalogue edition and ends with the full references of what it cites, judgement in words.

use dlt_modeller::assess::{assess, output};
use dlt_modeller::catalog::{Catalog, Status};
use dlt_modeller::model::{PlatformChoice, Project};
use dlt_modeller::templates;

fn gold_trade() -> Project {
    templates::find("gold-trade")
        .expect("the gold-trade template")
        .project()
}

fn report_of(project: &Project) -> dlt_modeller::assess::Report {
    assess(project, &Catalog::builtin().with_project(project))
}

#[test]
fn end_of_support_platforms_are_not_default_candidates() {
    let mut project = gold_trade();
    project.platforms.clear();
    let report = report_of(&project);
    assert!(report.ranking.fits.iter().all(|f| f.platform != "goquorum"));
    assert!(report.ranking.fits.iter().all(|f| f.status != Status::EndOfSupport));
    let warning = report
        .ranking
        .notes
        .iter()
        .find(|n| n.message.starts_with("GoQuorum is at end of support"))
        .expect("a warning about GoQuorum");
    assert!(warning.message.contains("[GQ-END]"), "{}", warning.message);
    assert!(warning.message.contains("left out of the default candidates"));
}

#[test]
fn a_project_can_compare_an_end_of_support_platform_on_purpose() {
    let mut project = gold_trade();
    project.platforms.insert("goquorum".into(), PlatformChoice::default());
    let report = report_of(&project);
    let fit = report.ranking.fits.iter().find(|f| f.platform == "goquorum").unwrap();
    assert_eq!(fit.status, Status::EndOfSupport);
    assert!(
        report
            .ranking
            .notes
            .iter()
            .any(|n| n.message.contains("compared because the project lists it")),
        "{:?}",
        report.ranking.notes
    );
    let markdown = output::markdown(&report);
    assert!(markdown.contains("| GoQuorum (end of support) |"), "{markdown}");
    assert!(output::text(&report).contains("GoQuorum (end of support)"));
    assert!(output::html(&report, None).contains("GoQuorum (end of support)"));
    let csv = output::csv(&report);
    assert!(
        csv.contains("lifecycle,,GoQuorum,goquorum,,,2026-12-06,,,end of support,,"),
        "{csv}"
    );
    assert!(csv.contains("\r\nreference,GQ-END,"), "{csv}");
}

#[test]
fn reports_end_with_the_references_they_cite_and_say_judgement_in_words() {
    let report = report_of(&gold_trade());
    assert!(!report.references.is_empty());
    assert_eq!(report.catalogue, Catalog::builtin().edition);
    let markdown = output::markdown(&report);
    let text = output::text(&report);
    let html = output::html(&report, None);
    for page in [&markdown, &text, &html] {
        assert!(page.contains("Catalogue 2026.12 of 2026-12-06"));
        assert!(!page.contains("[INF]"), "judgement not in words");
    }
    assert!(markdown.contains("analyst judgement, no source"));
    let references = &markdown[markdown.find("\n## References\n").unwrap()..];
    for source in &report.references {
        assert!(references.contains(&format!("`[{}]`", source.key)), "{}", source.key);
        assert!(references.contains(&source.url), "{}", source.url);
        assert!(html.contains(&format!("<a href=\"{0}\">{0}</a>", source.url.replace('&', "&amp;"))));
    }
    // Every key the evidence cites is listed.
    for fit in &report.ranking.fits {
        for cell in &fit.cells {
            for key in dlt_modeller::catalog::sources::cited_keys(&cell.evidence) {
                assert!(
                    key == "INF" || report.references.iter().any(|s| s.key == key),
                    "{key} cited but not referenced"
                );
            }
        }
    }
}
