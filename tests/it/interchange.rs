//! Interchange (docs/INTERCHANGE.md): pictures that reopen as projects, draw.io out and in,
//! Mermaid and DOT out, CSV out and in — round trips on every sample, draw.io's own file format
//! (plain and compressed, tests/fixtures/drawio/), Graphviz reading our DOT, and malformed
//! inputs refused with a place and without a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use dlt_modeller::diagram::Sizes;
use dlt_modeller::export::{self, PageOptions, PngOptions};
use dlt_modeller::file::{self, LoadError};
use dlt_modeller::interchange::{Imported, csv, dot, drawio, mermaid};
use dlt_modeller::model::{ActorRole, NodeKind, Project};
use dlt_modeller::templates;

use crate::common::cli::{run, text};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/drawio")
        .join(name)
}

/// What draw.io and CSV keep of a project: every node and flow (a criterion's note is not kept),
/// under a fresh title with nothing else.
fn graph_of(project: &Project) -> Project {
    let mut kept = Project::new("kept");
    kept.nodes = project.nodes.clone();
    for node in kept.nodes.values_mut() {
        node.criteria.values_mut().for_each(|c| c.note.clear());
    }
    kept.flows = project.flows.clone();
    kept
}

fn graph_of_imported(imported: &Imported) -> Project {
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    graph_of(&imported.project)
}

#[test]
fn every_sample_comes_back_from_draw_io_with_its_ids_names_actions_and_positions() {
    for t in templates::all() {
        let project = t.project();
        let written = drawio::write(&project, &Sizes);
        let back = drawio::read(&written, &drawio::ReadOptions::default(), &Sizes).unwrap();
        assert_eq!(graph_of_imported(&back), graph_of(&project), "{}", t.key);
    }
}

#[test]
fn every_sample_comes_back_from_csv() {
    for t in templates::all() {
        let project = t.project();
        let (nodes, flows) = (csv::write_nodes(&project), csv::write_flows(&project));
        let table = |name, text| csv::Table { name, text };
        let back = csv::read(
            table("nodes.csv", &nodes),
            Some(table("flows.csv", &flows)),
            "t",
            &Sizes,
        )
        .unwrap();
        assert_eq!(graph_of_imported(&back), graph_of(&project), "{}", t.key);
    }
}

#[test]
fn every_sample_png_and_svg_gives_back_the_identical_canonical_file() {
    let dir = tempfile::tempdir().unwrap();
    for t in templates::all() {
        let project = t.project();
        let canonical = file::to_text(&project);
        let png = dir.path().join(format!("{}.png", t.key));
        export::write_png(&png, &project, &PngOptions::default(), &|_| true).unwrap();
        let svg = dir.path().join(format!("{}.svg", t.key));
        export::write_svg(&svg, &project, &PageOptions::default()).unwrap();
        for picture in [&png, &svg] {
            let loaded = file::load(picture).unwrap();
            assert!(loaded.from_picture);
            assert_eq!(file::to_text(&loaded.project), canonical, "{}", picture.display());
        }
    }
}

#[test]
fn pictures_exported_without_the_project_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let project = templates::find("gold-trade").unwrap().project();
    let plain = PageOptions {
        embed: false,
        ..PageOptions::default()
    };
    let png = dir.path().join("plain.png");
    let options = PngOptions {
        page: plain.clone(),
        scale: 1.0,
    };
    export::write_png(&png, &project, &options, &|_| true).unwrap();
    let svg = dir.path().join("plain.svg");
    export::write_svg(&svg, &project, &plain).unwrap();
    for (picture, kind) in [(&png, "PNG"), (&svg, "SVG")] {
        let e = file::load(picture).unwrap_err();
        assert!(
            e.message
                .contains(&format!("this {kind} holds no dlt-modeller project")),
            "{e}"
        );
    }
    let embedded = dir.path().join("embedded.png");
    export::write_png(&embedded, &project, &PngOptions::default(), &|_| true).unwrap();
    let (with, without) = (
        std::fs::metadata(&embedded).unwrap().len(),
        std::fs::metadata(&png).unwrap().len(),
    );
    assert!(with > without, "the project makes the file bigger: {with} vs {without}");
    assert_eq!(
        image::open(&embedded).unwrap().to_rgba8(),
        image::open(&png).unwrap().to_rgba8(),
        "the pixels are the same"
    );
}

#[test]
fn the_command_line_opens_pictures_as_projects_and_never_rewrites_them() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/gold-trade.ron");
    let sample = sample.to_str().unwrap();
    let png = dir.path().join("g.png");
    let svg = dir.path().join("g.svg");
    let (png_s, svg_s) = (png.to_str().unwrap(), svg.to_str().unwrap());
    let o = run(&["export", sample, "--png", png_s, "--svg", svg_s]);
    assert!(o.status.success(), "{}", text(&o));
    let before = std::fs::read(&png).unwrap();
    for picture in [png_s, svg_s] {
        let o = run(&["check", picture]);
        assert!(text(&o).contains("13 nodes, 12 flows, 0 errors"), "{}", text(&o));
        let o = run(&["fmt", picture]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let o = run(&["assess", picture]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = run(&["layout", png_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("a picture is never rewritten"), "{}", text(&o));
    assert_eq!(std::fs::read(&png).unwrap(), before, "the picture is untouched");
    let back = dir.path().join("back.ron");
    let o = run(&["import", png_s, "-o", back.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        std::fs::read_to_string(sample).unwrap()
    );
    let again = dir.path().join("again.png");
    let o = run(&["export", png_s, "--png", again.to_str().unwrap(), "--no-embed"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["check", again.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("holds no dlt-modeller project"), "{}", text(&o));
}

/// The hand-written page: Farmer (UML actor), Grain lot (cylinder), Miller (a plain box),
/// Customs office (its data says actor, Governor), Bank (a plain box in a group); three edges
/// between them, one labelled by a label cell; a free text, a loose edge, a second page.
fn check_grain(imported: &Imported) {
    let p = &imported.project;
    let by_name = |name: &str| {
        let (id, node) = p
            .nodes
            .iter()
            .find(|(_, n)| n.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        (id.clone(), node.clone())
    };
    let names: Vec<&str> = p.nodes.values().map(|n| n.name.as_str()).collect();
    assert_eq!(names.len(), 5, "{names:?}");
    let (farmer, farmer_node) = by_name("Farmer");
    let (lot, lot_node) = by_name("Grain lot");
    let (miller, miller_node) = by_name("Miller");
    let (customs, customs_node) = by_name("Customs office");
    let (_, bank) = by_name("Bank");
    assert!(farmer_node.is_actor() && lot_node.is_asset() && miller_node.is_actor());
    assert_eq!(
        customs_node.kind,
        NodeKind::Actor {
            role: ActorRole::Governor,
            organisation: String::new()
        }
    );
    assert_eq!((farmer_node.position.x, farmer_node.position.y), (55.0, 150.0));
    assert_eq!((lot_node.position.x, lot_node.position.y), (230.0, 150.0));
    assert_eq!((bank.position.x, bank.position.y), (570.0, 350.0), "inside its group");
    let flows: Vec<(String, String, u32, String)> = p
        .flows
        .values()
        .map(|f| (f.from.clone(), f.to.clone(), f.step, f.action.clone()))
        .collect();
    assert_eq!(flows.len(), 3, "{flows:?}");
    for expected in [
        (farmer.clone(), lot.clone(), 1, "registers lot".to_string()),
        (lot, miller.clone(), 3, "sells lot".to_string()),
        (miller, customs, 4, "declares export".to_string()),
    ] {
        assert!(flows.contains(&expected), "{expected:?} in {flows:?}");
    }
    let notes = imported.notes.join("\n");
    for said in [
        "only the first page, \"Grain\", was read; the other pages were left out: \"Notes\"",
        "group \"\" (grp1) is not a node",
        "free text \"Remember the moisture check\"",
        "edge \"pays\" (Xk2vQ-11) does not join two shapes",
        "2 shapes could not be told actor or asset and became actors: \"Miller\", \"Bank\"",
    ] {
        assert!(notes.contains(said), "{said:?} in\n{notes}");
    }
}

#[test]
fn a_file_made_by_draw_io_imports_plain_and_compressed() {
    let options = drawio::ReadOptions {
        title: "Grain".into(),
        assets: None,
    };
    let plain = std::fs::read_to_string(fixture("grain-plain.drawio")).unwrap();
    let compressed = std::fs::read_to_string(fixture("grain-compressed.drawio")).unwrap();
    assert!(!compressed.contains("<mxCell"), "the fixture is compressed");
    let a = drawio::read(&plain, &options, &Sizes).unwrap();
    check_grain(&a);
    let b = drawio::read(&compressed, &options, &Sizes).unwrap();
    check_grain(&b);
}

#[test]
fn an_assets_rule_decides_shapes_by_their_style() {
    let plain = std::fs::read_to_string(fixture("grain-plain.drawio")).unwrap();
    let options = drawio::ReadOptions {
        title: "Grain".into(),
        assets: Some("rounded=1".into()),
    };
    let imported = drawio::read(&plain, &options, &Sizes).unwrap();
    let miller = imported.project.nodes.values().find(|n| n.name == "Miller").unwrap();
    assert!(miller.is_asset());
    let lot = imported.project.nodes.values().find(|n| n.name == "Grain lot").unwrap();
    assert!(lot.is_actor(), "the rule decides for every shape without data");
}

#[test]
fn graphviz_reads_our_dot_with_and_without_positions() {
    if Command::new("dot").arg("-V").output().is_err() {
        eprintln!("skipped: Graphviz's dot is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for t in templates::all() {
        let project = t.project();
        for (engine, positions) in [
            ("dot", None),
            ("neato", Some(&Sizes as &dyn dlt_modeller::layout::Measure)),
        ] {
            let path = dir.path().join(format!("{}-{engine}.dot", t.key));
            std::fs::write(&path, dot::write(&project, positions)).unwrap();
            let mut command = Command::new(engine);
            if positions.is_some() {
                command.arg("-n2");
            }
            let o = command.arg("-Tsvg").arg(&path).output().unwrap();
            assert!(o.status.success(), "{} {engine}: {}", t.key, text(&o));
            let svg = String::from_utf8_lossy(&o.stdout);
            let first = project.nodes.values().next().unwrap();
            assert!(
                svg.contains(&first.name.replace('&', "&amp;")),
                "{}: {}",
                t.key,
                first.name
            );
        }
    }
}

#[test]
fn mermaid_names_every_node_and_flow() {
    for t in templates::all() {
        let project = t.project();
        let text = mermaid::write(&project);
        assert!(text.starts_with("flowchart LR\n"));
        let arrows = text.lines().filter(|l| l.contains(" -->|\"")).count();
        assert_eq!(arrows, project.flows.len(), "{}", t.key);
        assert_eq!(
            text.lines()
                .filter(|l| l.ends_with(":::actor") || l.ends_with(":::asset"))
                .count(),
            project.nodes.len()
        );
    }
}

fn position_of(e: &LoadError) -> (usize, usize) {
    e.position.unwrap_or_else(|| panic!("no position in {e}"))
}

#[test]
fn malformed_draw_io_is_refused_with_a_place() {
    let read = |text: &str| drawio::read(text, &drawio::ReadOptions::default(), &Sizes);
    let e =
        read("<mxfile>\n<diagram name=\"a\">\n<mxGraphModel><root></mxCell></root></mxGraphModel></diagram></mxfile>")
            .unwrap_err();
    assert_eq!(position_of(&e).0, 3, "{e}");
    let e = read("<mxfile>\n  <diagram name=\"a\">not*base64</diagram></mxfile>").unwrap_err();
    assert_eq!(position_of(&e).0, 2, "{e}");
    assert!(e.message.contains("compressed diagram is not Base64"), "{e}");
    let e = read("<mxfile><diagram>AAAA</diagram></mxfile>").unwrap_err();
    assert!(e.message.contains("cannot be decompressed"), "{e}");
    let plain = std::fs::read_to_string(fixture("grain-plain.drawio")).unwrap();
    let bad = plain.replace("x=\"200\"", "x=\"wide\"");
    let e = read(&bad).unwrap_err();
    assert_eq!(position_of(&e).0, 11, "{e}");
    let bad = plain.replace("dlt_role=\"Governor\"", "dlt_role=\"King\"");
    let e = read(&bad).unwrap_err();
    assert!(
        e.message.contains("cell \"Xk2vQ-7\": role: \"King\" is not one of"),
        "{e}"
    );
    assert!(read("just text").is_err());
    assert!(read("").is_err());
}

#[test]
fn malformed_csv_is_refused_with_its_line_and_column() {
    let table = |text| csv::Table {
        name: "nodes.csv",
        text,
    };
    let read = |nodes, flows: Option<&str>| {
        csv::read(
            table(nodes),
            flows.map(|text| csv::Table {
                name: "flows.csv",
                text,
            }),
            "t",
            &Sizes,
        )
    };
    let e = read("id,name,role\na,Mine,User\nb,Bank,King\n", None).unwrap_err();
    assert_eq!(e.position, Some((3, 3)), "{e}");
    assert_eq!(e.path.as_deref(), Some(Path::new("nodes.csv")));
    let e = read("id,name\na,Mine,extra\n", None).unwrap_err();
    assert_eq!(position_of(&e).0, 2, "{e}");
    let e = read("id,title\na,Mine\n", None).unwrap_err();
    assert!(e.message.contains("no column \"name\""), "{e}");
    let e = read("id,name\na,Mine\n", Some("from,to\na,nowhere\n")).unwrap_err();
    assert_eq!(e.position, Some((2, 2)), "{e}");
    assert!(
        e.to_string().starts_with("flows.csv:2:2: column \"to\": no node"),
        "{e}"
    );
}

#[test]
fn csv_tables_by_hand_report_unknown_columns_and_get_laid_out() {
    let nodes = "Name,Kind,Colour\nMine,actor,red\nGold,asset,\nBank,,\n";
    let flows = "From,To,Action,Asset\nMine,Bank,sells,Gold\n";
    let table = |name, text| csv::Table { name, text };
    let imported = csv::read(table("n.csv", nodes), Some(table("f.csv", flows)), "Hand", &Sizes).unwrap();
    let p = &imported.project;
    assert_eq!(p.nodes.len(), 3);
    let flow = p.flows.values().next().unwrap();
    assert_eq!((flow.step, flow.action.as_str()), (1, "sells"));
    assert_eq!(p.nodes[flow.asset.as_ref().unwrap()].name, "Gold");
    let notes = imported.notes.join("\n");
    assert!(notes.contains("n.csv: columns not read: colour"), "{notes}");
    assert!(
        notes.contains("1 nodes have no kind and became actors: \"Bank\""),
        "{notes}"
    );
    assert!(notes.contains("3 nodes had no position and were laid out"), "{notes}");
    assert_eq!(dlt_modeller::layout::overlaps(p, &Sizes), 0);
}

#[test]
fn export_and_import_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/food-traceability.ron");
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let o = run(&[
        "export",
        sample.to_str().unwrap(),
        "--drawio",
        &out("f.drawio"),
        "--mermaid",
        &out("f.mmd"),
        "--dot",
        &out("f.dot"),
        "--csv",
        &out("tables"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    for name in ["f.drawio", "f.mmd", "f.dot", "tables/nodes.csv", "tables/flows.csv"] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    let o = run(&["import", &out("f.drawio"), "-o", &out("a.ron")]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "import",
        &out("tables/nodes.csv"),
        &out("tables/flows.csv"),
        "-o",
        &out("b.ron"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let original = file::load(&sample).unwrap().project;
    for name in ["a.ron", "b.ron"] {
        let back = file::load(Path::new(&out(name))).unwrap().project;
        assert_eq!(graph_of(&back), graph_of(&original), "{name}");
    }
    let o = run(&["import", &out("f.mmd"), "-o", &out("c.ron")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!dir.path().join("c.ron").exists());
}

#[test]
fn cut_or_damaged_pictures_and_draw_io_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let project = templates::find("identity-integrity").unwrap().project();
    let png = dir.path().join("p.png");
    export::write_png(&png, &project, &PngOptions::default(), &|_| true).unwrap();
    let bytes = std::fs::read(&png).unwrap();
    let chunk_end = 33 + 12 + u32::from_be_bytes(bytes[33..37].try_into().unwrap()) as usize;
    for cut in (0..chunk_end).step_by(7) {
        let e = file::picture::png_project_text(std::io::Cursor::new(&bytes[..cut])).unwrap_err();
        assert!(!e.message.is_empty());
    }
    // After the keyword (a damaged keyword is some other text chunk: "holds no project").
    for at in (41 + 21..chunk_end).step_by(13) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x20;
        let e = file::picture::png_project_text(std::io::Cursor::new(&damaged)).unwrap_err();
        assert!(e.message.starts_with("byte 33: the dlt-modeller project chunk"), "{e}");
    }
    let compressed = std::fs::read_to_string(fixture("grain-compressed.drawio")).unwrap();
    let plain = std::fs::read_to_string(fixture("grain-plain.drawio")).unwrap();
    for text in [&compressed, &plain] {
        for cut in (0..text.len()).step_by(97).filter(|&c| text.is_char_boundary(c)) {
            let _ = drawio::read(&text[..cut], &drawio::ReadOptions::default(), &Sizes);
        }
    }
}

#[test]
fn the_fuzz_seeds_read_as_projects() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for entry in std::fs::read_dir(seeds.join("picture")).unwrap() {
        let path = entry.unwrap().path();
        let loaded = file::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(loaded.from_picture, "{}", path.display());
    }
    for entry in std::fs::read_dir(seeds.join("drawio")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let imported = drawio::read(&text, &drawio::ReadOptions::default(), &Sizes).unwrap();
        assert!(!imported.project.nodes.is_empty(), "{}", path.display());
    }
}
