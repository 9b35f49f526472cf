//! Mermaid out: a `flowchart LR` block for a wiki or a Markdown file. Actors are rounded boxes
//! (`id("name")`), assets hexagons (`id{{"name"}}`), each flow an arrow labelled
//! `step. action`. Node ids are escaped into Mermaid's id characters (letters and digits stand
//! for themselves, any other byte is `_` and two hex digits, behind an `n_` that keeps Mermaid's
//! keywords such as `end` out), so distinct ids stay distinct; labels are quoted, with Mermaid's
//! entity codes for the characters it reads as markup. Positions are not kept: Mermaid lays
//! the diagram out itself.

use std::fmt::Write;

use super::step_label;
use crate::model::Project;

/// The Mermaid flowchart of `project`.
pub fn write(project: &Project) -> String {
    let mut out = String::from("flowchart LR\n");
    for (id, node) in &project.nodes {
        let (open, close, class) = if node.is_asset() {
            ("{{", "}}", "asset")
        } else {
            ("(", ")", "actor")
        };
        let _ = writeln!(out, "    {}{open}\"{}\"{close}:::{class}", id_of(id), label(&node.name));
    }
    for flow in super::flows_by_step(project) {
        let _ = writeln!(
            out,
            "    {} -->|\"{}\"| {}",
            id_of(&flow.from),
            label(&step_label(flow)),
            id_of(&flow.to)
        );
    }
    out.push_str("    classDef actor fill:#dae8fc,stroke:#6c8ebf\n");
    out.push_str("    classDef asset fill:#fff2cc,stroke:#d6b656\n");
    out
}

/// A node id as a Mermaid id (see the module comment).
fn id_of(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 8);
    out.push_str("n_");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
    out
}

/// Text for inside a quoted Mermaid label: entity codes for what Mermaid would read as markup
/// or as the end of the label, line breaks as spaces.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    #[test]
    fn ids_are_escaped_and_stay_distinct() {
        assert_eq!(id_of("a-k3x9p"), "n_a_2dk3x9p");
        assert_eq!(id_of("end"), "n_end");
        assert_ne!(id_of("a_b"), id_of("a-b"));
        assert_ne!(id_of("a_2db"), id_of("a-b"));
    }

    #[test]
    fn a_flowchart_with_shapes_by_kind_and_numbered_labels() {
        let mut p = Project::new("t");
        p.nodes
            .insert("a".into(), Node::actor("Mine \"Co\"", Position::default()));
        p.nodes
            .insert("s".into(), Node::asset("Gold <bar>", Position::default()));
        p.flows.insert("f".into(), Flow::new("a", "s", 2, "mints #1 | more"));
        assert_eq!(
            write(&p),
            "flowchart LR\n    n_a(\"Mine #quot;Co#quot;\"):::actor\n    n_s{{\"Gold #lt;bar#gt;\"}}:::asset\n    \
             n_a -->|\"2. mints #35;1 #124; more\"| n_s\n    classDef actor fill:#dae8fc,stroke:#6c8ebf\n    \
             classDef asset fill:#fff2cc,stroke:#d6b656\n"
        );
    }
}
