//! Writing the canonical text of a big project on all cores. The text of the project without its
//! nodes and flows (`nodes: {}`) is written first; the entries of both maps are cut into runs of
//! [`PIECE_ENTRIES`], each written by whichever thread is free, nested as deep as the maps sit in
//! the file so that it comes out exactly as the plain writer writes it there; the runs then take
//! the place of the empty maps' insides. The bytes are the plain writer's, exactly (tested on
//! generated and random projects); whenever the shape is not the expected one, the text is
//! written plainly instead.

use serde::{Serialize, Serializer};

use super::envelope::{INDENT, whole_text, write_pretty};
use super::parallel;
use crate::model::{Flow, FlowId, Node, NodeId, Project};

/// Smaller projects (nodes and flows together) are written plainly, on one thread.
const MIN_ENTRIES: usize = 8192;
/// Entries of one map written as one piece: about a megabyte of text.
const PIECE_ENTRIES: usize = 2048;

/// The canonical text of `project` as consecutive parts: one part when it is small, else the
/// pieces written on `threads` threads.
pub(super) fn parts(project: &Project, threads: usize) -> Vec<String> {
    if project.nodes.len() + project.flows.len() < MIN_ENTRIES || threads < 2 {
        return vec![whole_text(project)];
    }
    in_pieces(project, threads, PIECE_ENTRIES).unwrap_or_else(|| vec![whole_text(project)])
}

/// The project's text from the text of its shell and the pieces of its maps, `piece_entries` to a
/// piece; `None` when the shell or a piece does not have the shape expected.
fn in_pieces(project: &Project, threads: usize, piece_entries: usize) -> Option<Vec<String>> {
    let shell = whole_text(&shell(project));
    let nodes_at = empty_map(&shell, "nodes")?;
    let flows_at = empty_map(&shell, "flows")?;
    if flows_at < nodes_at {
        return None;
    }
    let nodes: Vec<Entry> = project.nodes.iter().map(|(id, node)| Entry::Node(id, node)).collect();
    let flows: Vec<Entry> = project.flows.iter().map(|(id, flow)| Entry::Flow(id, flow)).collect();
    let runs: Vec<&[Entry]> = nodes.chunks(piece_entries).chain(flows.chunks(piece_entries)).collect();
    let mut pieces = parallel::in_order(runs, threads, |_: &mut (), run| piece(run))?.into_iter();
    let mut parts = Vec::with_capacity(pieces.len() + 5);
    let mut copied = 0;
    for (at, count) in [(nodes_at, nodes.len()), (flows_at, flows.len())] {
        if count == 0 {
            continue;
        }
        // `{}` becomes `{`, a line break, the entries, the indentation of the map's field, `}`.
        parts.push(format!("{}\n", &shell[copied..at]));
        parts.extend(pieces.by_ref().take(count.div_ceil(piece_entries)));
        parts.push(INDENT.repeat(MAP_DEPTH - 1));
        copied = at;
    }
    parts.push(shell[copied..].to_owned());
    Some(parts)
}

/// How deep the entries of the maps of nodes and flows sit: in the envelope, in the project, in
/// the map ([`Nest`] twice around a run).
const MAP_DEPTH: usize = 3;

/// The project without its nodes and flows. (Every field is named: a new one must be copied.)
fn shell(project: &Project) -> Project {
    let Project {
        sheet,
        nodes: _,
        flows: _,
        platforms,
        thresholds,
        regulatory,
        custom,
    } = project;
    Project {
        sheet: sheet.clone(),
        nodes: Default::default(),
        flows: Default::default(),
        platforms: platforms.clone(),
        thresholds: thresholds.clone(),
        regulatory: regulatory.clone(),
        custom: custom.clone(),
    }
}

/// Where the `}` of the project's empty map `name` is in the shell's text: on the one line that
/// holds the field at the project's depth (a line break is always escaped inside a string, so
/// every line starts outside one).
fn empty_map(shell: &str, name: &str) -> Option<usize> {
    let line = format!("\n{}{name}: {{}},\n", INDENT.repeat(MAP_DEPTH - 1));
    let mut found = shell.match_indices(&line).map(|(at, _)| at + line.len() - 3);
    let at = found.next()?;
    found.next().is_none().then_some(at)
}

/// One entry of either map.
enum Entry<'p> {
    Node(&'p NodeId, &'p Node),
    Flow(&'p FlowId, &'p Flow),
}

/// A run of entries as the plain writer writes them inside their map: each entry indented and
/// followed by a comma and a line break.
fn piece(run: &[Entry]) -> Option<String> {
    let nest = Nest {
        n: Nest { n: Run(run) },
    };
    let text = write_pretty(&nest, String::with_capacity(run.len() * 600));
    let (head, tail) = nesting_marks();
    text.strip_prefix(head.as_str())?
        .strip_suffix(tail.as_str())
        .map(str::to_owned)
}

/// Writes its entries as a map.
struct Run<'r, 'p>(&'r [Entry<'p>]);

impl Serialize for Run<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for entry in self.0 {
            match entry {
                Entry::Node(id, node) => map.serialize_entry(id, node)?,
                Entry::Flow(id, flow) => map.serialize_entry(id, flow)?,
            }
        }
        map.end()
    }
}

/// A struct of one field, `n`: two of them around a run put it as deep as the project's maps.
#[derive(Serialize)]
struct Nest<T> {
    n: T,
}

/// The text the nesting writes before and after the entries of its map: the structs' `(` and
/// field names down to the map's `{` and line break; after them, the map's closing indentation
/// and `}`, and the structs' closing commas and parentheses.
fn nesting_marks() -> (String, String) {
    let (mut head, mut tail) = (String::from("(\n"), String::from(")"));
    for level in 1..MAP_DEPTH - 1 {
        head.push_str(&format!("{}n: (\n", INDENT.repeat(level)));
        tail = format!("{}),\n{tail}", INDENT.repeat(level));
    }
    head.push_str(&format!("{}n: {{\n", INDENT.repeat(MAP_DEPTH - 1)));
    tail = format!("{}}},\n{tail}", INDENT.repeat(MAP_DEPTH - 1));
    (head, tail)
}

#[cfg(test)]
mod tests;
