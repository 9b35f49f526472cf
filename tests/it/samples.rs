//! The eight sample projects in `samples/`: each loads, validates cleanly against the built-in
//! catalogue, is in canonical form, is a complete use case (sheet, actors, assets, flows in step
//! order) with a readable layout, and is exactly what `templates` embeds.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use dlt_modeller::catalog::Catalog;
use dlt_modeller::file;
use dlt_modeller::model::{KnownKeys, Project, Severity, validate};
use dlt_modeller::templates;

/// Nodes are drawn as boxes of about this size (diagram units), centred on their position.
/// The layout check assumes this size; the diagram may draw smaller boxes, never larger ones.
const NODE_WIDTH: f32 = 160.0;
const NODE_HEIGHT: f32 = 60.0;

/// The longest template description that still reads as one line in a menu or listing.
const MAX_DESCRIPTION_CHARS: usize = 150;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Every `.ron` file in `samples/` with its file stem, text and project, sorted by stem.
fn samples() -> Vec<(String, String, Project)> {
    let mut found: Vec<_> = fs::read_dir(samples_dir())
        .expect("samples/ exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let project = file::parse(&text).unwrap_or_else(|e| panic!("{stem}: {e}")).project;
            (stem, text, project)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found.len(), 8, "expected the eight Madrid use cases in samples/");
    found
}

#[test]
fn samples_validate_without_errors_or_warnings() {
    for (name, _, project) in samples() {
        let catalog = Catalog::builtin().with_project(&project);
        let problems: Vec<String> = validate(&project, &catalog)
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .map(ToString::to_string)
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
    }
}

#[test]
fn samples_use_only_catalogue_keys() {
    for (name, _, project) in samples() {
        let keys: &dyn KnownKeys = &Catalog::builtin().with_project(&project);
        for (id, node) in &project.nodes {
            for key in &node.components {
                assert!(keys.has_component(key), "{name}: node {id}: unknown component {key}");
            }
            for key in node.criteria.keys() {
                assert!(keys.has_criterion(key), "{name}: node {id}: unknown criterion {key}");
            }
        }
        for key in project.platforms.keys() {
            assert!(keys.has_platform(key), "{name}: unknown platform {key}");
        }
        for key in project.thresholds.keys() {
            assert!(keys.has_criterion(key), "{name}: threshold for unknown criterion {key}");
        }
        for key in project.regulatory.keys() {
            assert!(keys.has_topic(key), "{name}: unknown regulatory topic {key}");
        }
    }
}

#[test]
fn samples_are_in_canonical_form() {
    for (name, text, project) in samples() {
        assert!(
            text == file::to_text(&project),
            "{name}.ron is not canonical: run `dlt-modeller fmt samples/{name}.ron`"
        );
    }
}

#[test]
fn samples_are_complete_use_cases() {
    for (name, _, project) in samples() {
        let actors = project.nodes.values().filter(|n| n.is_actor()).count();
        let assets = project.nodes.values().filter(|n| n.is_asset()).count();
        assert!(actors >= 6, "{name}: {actors} actors");
        assert!(assets >= 3, "{name}: {assets} assets");
        assert!(project.flows.len() >= 8, "{name}: {} flows", project.flows.len());
        assert!(
            (3..=5).contains(&project.platforms.len()),
            "{name}: {} candidate platforms",
            project.platforms.len()
        );
        assert!(!project.regulatory.is_empty(), "{name}: no regulatory answers");

        let sheet = &project.sheet;
        assert!(!sheet.title.trim().is_empty(), "{name}: no title");
        assert!(!sheet.summary.trim().is_empty(), "{name}: no summary");
        assert!(!sheet.references.is_empty(), "{name}: no references");
        assert!(
            sheet.references.iter().any(|r| r.contains("https://")),
            "{name}: no reference links"
        );
    }
}

#[test]
fn flow_steps_run_from_one_without_gaps() {
    for (name, _, project) in samples() {
        let steps: BTreeSet<u32> = project.flows.values().map(|f| f.step).collect();
        let expected: BTreeSet<u32> = (1..=project.last_step()).collect();
        assert_eq!(steps, expected, "{name}: steps have gaps or do not start at 1");
    }
}

#[test]
fn node_boxes_do_not_overlap() {
    for (name, _, project) in samples() {
        let nodes: Vec<_> = project.nodes.iter().collect();
        for (i, (a_id, a)) in nodes.iter().enumerate() {
            for (b_id, b) in &nodes[i + 1..] {
                let apart_x = (a.position.x - b.position.x).abs() >= NODE_WIDTH;
                let apart_y = (a.position.y - b.position.y).abs() >= NODE_HEIGHT;
                assert!(apart_x || apart_y, "{name}: {a_id} and {b_id} overlap");
            }
        }
    }
}

#[test]
fn templates_embed_exactly_the_samples() {
    let samples = samples();
    let all = templates::all();
    assert_eq!(all.len(), 8);
    let template_keys: BTreeSet<&str> = all.iter().map(|t| t.key).collect();
    let file_stems: BTreeSet<&str> = samples.iter().map(|(stem, _, _)| stem.as_str()).collect();
    assert_eq!(template_keys, file_stems);
    for (stem, text, project) in &samples {
        let template = templates::find(stem).expect("a template per sample");
        assert_eq!(template.text(), text, "{stem}: embedded text differs from the file");
        assert_eq!(&template.project(), project, "{stem}");
        assert_eq!(template.title, project.sheet.title, "{stem}");
    }
    assert!(templates::find(templates::DEFAULT).is_some());
}

#[test]
fn template_descriptions_are_one_readable_line() {
    for template in templates::all() {
        let description = &template.description;
        assert!(!description.is_empty(), "{}: empty description", template.key);
        assert!(
            description.chars().count() <= MAX_DESCRIPTION_CHARS,
            "{}: description longer than {MAX_DESCRIPTION_CHARS} characters: {description}",
            template.key
        );
        assert!(!description.contains('\n'), "{}: multi-line description", template.key);
        assert!(
            template.project().sheet.summary.starts_with(description.as_str()),
            "{}: the description is not the summary's first sentence",
            template.key
        );
    }
}
