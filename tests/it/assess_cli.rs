//! `dlt-modeller assess FILE [--format text|md|csv|json|html|pdf] [--out PATH]`: every format, the
//! exit codes (0 clean, 1 error findings, 2 unreadable) and writing to a file.

use std::process::Output;

use crate::common::cli::{run, sample};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_format_reports_the_ranking() {
    let gold = sample("gold-trade");
    for (format, marker) in [
        ("text", "Platform ranking\n----------------"),
        ("md", "## Platform ranking"),
        (
            "csv",
            "section,key,name,platform,weight,score,value,rank,severity,status,ids,explanation\r\n",
        ),
        ("json", "\"ranking\": {"),
        ("html", "<h2>Platform ranking</h2>"),
    ] {
        let o = run(&["assess", &gold, "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = stdout(&o);
        assert!(out.contains(marker), "{format}: {out}");
        assert!(out.contains("Hyperledger Fabric"), "{format}");
    }
    let text = stdout(&run(&["assess", &gold]));
    assert!(
        text.starts_with("Assessment: Responsible trade in gold\n"),
        "text is the default: {text}"
    );
}

#[test]
fn the_html_report_is_self_contained() {
    let o = run(&["assess", &sample("food-traceability"), "--format", "html"]);
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<style>"));
    for external in ["<script", "<link", "src=\"http"] {
        assert!(!html.contains(external), "{external}");
    }
    // The references link to their sources; nothing is loaded from them.
    assert_eq!(
        html.matches("href=\"http").count(),
        html.matches("<a href=\"http").count()
    );
}

#[test]
fn the_html_report_embeds_the_diagram() {
    let o = run(&["assess", &sample("gold-trade"), "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = stdout(&o);
    // "iVBORw0KGgo" is the PNG signature in base64.
    let start = html.find("<img alt=\"Diagram of ").expect("an image in the report");
    let figure = &html[start..];
    assert!(
        figure.contains("src=\"data:image/png;base64,iVBORw0KGgo"),
        "{}",
        &figure[..200]
    );
    let encoded_len = figure.find("\">").unwrap();
    assert!(
        encoded_len > 10_000,
        "a diagram, not an empty page: {encoded_len} bytes"
    );
}

#[test]
fn a_diagram_too_large_to_embed_is_left_out_with_a_warning() {
    use dlt_modeller::model::{Node, Position, Project};
    let mut wide = Project::new("Far apart");
    wide.nodes
        .insert("a".into(), Node::actor("West", Position::new(0.0, 0.0)));
    wide.nodes
        .insert("b".into(), Node::actor("East", Position::new(30_000.0, 0.0)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.ron");
    dlt_modeller::file::save(&path, &wide).unwrap();
    let o = run(&["assess", &path.to_string_lossy(), "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let html = stdout(&o);
    assert!(html.contains("<h2>Platform ranking</h2>") && !html.contains("data:image/png"));
    let warning = String::from_utf8_lossy(&o.stderr);
    assert!(
        warning.starts_with("warning: the report has no diagram: at 1× it is over the export size limits"),
        "{warning}"
    );
}

#[test]
fn the_report_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    let target = target.to_string_lossy();
    let o = run(&["assess", &sample("carbon-market"), "--format", "json", "--out", &target]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let written = std::fs::read_to_string(&*target).unwrap();
    let json: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert!(json["ranking"]["fits"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn errors_exit_1_and_unreadable_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    let text = std::fs::read_to_string(sample("gold-trade")).unwrap();
    let first_flow_end = text.find("to: \"").expect("a flow");
    let mut damaged = text.clone();
    damaged.replace_range(first_flow_end..first_flow_end + 5, "to: \"ghost-");
    std::fs::write(&broken, damaged).unwrap();
    let o = run(&["assess", &broken.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("which is not a node"), "{}", stdout(&o));

    let missing = dir.path().join("missing.ron");
    let o = run(&["assess", &missing.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: "));

    let o = run(&["assess", &sample("gold-trade"), "--format", "docx"]);
    assert_eq!(o.status.code(), Some(2), "clap rejects an unknown format");
}
