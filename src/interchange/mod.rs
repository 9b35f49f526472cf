//! Exchanging diagrams with the tools colleagues use (docs/INTERCHANGE.md): draw.io out and
//! in, Mermaid and Graphviz DOT out, CSV tables out and in. Pure text in and text out, no GUI:
//! the command line (`export --drawio/--mermaid/--dot/--csv`, `import`) and the editor (File ›
//! Export/Import, Copy as Mermaid/DOT) share it. Sizes of node boxes come from the caller
//! through [`crate::layout::Measure`], as for the layout.
//!
//! What an import could not take over as it was (a shape whose kind had to be guessed, a group,
//! another page, an unknown column) is listed in [`Imported::notes`], never silently dropped.

pub mod csv;
pub mod dot;
pub mod drawio;
mod fields;
pub mod mermaid;

use std::path::{Path, PathBuf};

use crate::file::LoadError;
use crate::layout::{self, Direction, Measure};
use crate::model::{Flow, FlowId, Node, NodeId, Position, Project, is_valid_id};

pub use fields::{FLOW_FIELDS, NODE_FIELDS};

/// A project built from another tool's file, with what the import had to guess or leave out.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub project: Project,
    /// One line per thing the reader had to decide or could not keep, in the file's order.
    pub notes: Vec<String>,
}

/// Reads other tools' files by what they are: two CSV tables (nodes, flows), one CSV table
/// (nodes only), a picture carrying a project (a PNG, or a file named `.svg`), or a draw.io
/// file. `title` defaults to the first file's name; `assets` is draw.io's style rule.
pub fn import_files(
    files: &[PathBuf],
    title: Option<&str>,
    assets: Option<&str>,
    measure: &dyn Measure,
) -> Result<Imported, LoadError> {
    let Some(first) = files.first() else {
        return Err(LoadError::whole("no file to import"));
    };
    let title = title.map(String::from).unwrap_or_else(|| {
        first
            .file_stem()
            .map_or_else(|| "Imported".into(), |s| s.to_string_lossy().into_owned())
    });
    let named = |p: &Path, extension: &str| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if files.len() > 2 {
        return Err(LoadError::whole("give one file, or two CSV tables (nodes, then flows)"));
    }
    if files.len() == 2 || named(first, "csv") {
        let texts = files.iter().map(|p| read_text(p)).collect::<Result<Vec<_>, _>>()?;
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        let table = |i: usize| texts.get(i).map(|text| csv::Table { name: &names[i], text });
        let nodes = table(0).ok_or_else(|| LoadError::whole("no nodes table"))?;
        return csv::read(nodes, table(1), &title, measure);
    }
    if crate::file::picture::kind_of(first) == Some(crate::file::picture::Picture::Png) || named(first, "svg") {
        return crate::file::load(first).map(|loaded| Imported {
            project: loaded.project,
            notes: Vec::new(),
        });
    }
    let options = drawio::ReadOptions {
        title,
        assets: assets.map(String::from),
    };
    let text = read_text(first)?;
    drawio::read(&text, &options, measure).map_err(|e| e.in_file(first))
}

/// A whole text file, refused over the file limit.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    check_size(usize::try_from(size).unwrap_or(usize::MAX)).map_err(|e| e.in_file(path))?;
    std::fs::read_to_string(path).map_err(|e| {
        let what = match e.kind() {
            std::io::ErrorKind::InvalidData => "the file is not UTF-8 text".to_string(),
            _ => format!("cannot read: {e}"),
        };
        LoadError::whole(what).in_file(path)
    })
}

/// The refusal of an input over the file limit, before it is read.
fn check_size(len: usize) -> Result<(), LoadError> {
    if len as u64 > crate::file::MAX_FILE_BYTES {
        return Err(LoadError::whole(format!(
            "the input is {len} bytes; the limit is {} bytes (256 MiB)",
            crate::file::MAX_FILE_BYTES
        )));
    }
    Ok(())
}

/// Builds a project from nodes and flows read from another tool's file: keeps the file's ids
/// where they are valid and free (else makes fresh ones), finds flow ends by the file's id or by
/// a unique node name, and lays out the nodes that came without a position.
struct Builder {
    project: Project,
    notes: Vec<String>,
    /// The file's id of each node → its id in the project.
    ids: std::collections::HashMap<String, NodeId>,
    /// Node name → the nodes of that name.
    names: std::collections::HashMap<String, Vec<NodeId>>,
    unplaced: std::collections::BTreeSet<NodeId>,
}

impl Builder {
    fn new(title: &str) -> Self {
        Self {
            project: Project::new(title),
            notes: Vec::new(),
            ids: Default::default(),
            names: Default::default(),
            unplaced: Default::default(),
        }
    }

    /// Adds a node (placed later when `placed` is false) under the file's `id` when that is a
    /// valid, free id; returns its id in the project.
    fn node(&mut self, id: Option<&str>, node: Node, placed: bool) -> Result<NodeId, String> {
        if self.project.nodes.len() >= crate::file::MAX_NODES {
            return Err(format!(
                "more than {} nodes, the limit of a project",
                crate::file::MAX_NODES
            ));
        }
        check_length("name", &node.name)?;
        let ours = match id {
            Some(id) if is_valid_id(id) && !self.taken(id) => id.to_string(),
            _ => self.project.fresh_node_id(&node),
        };
        if let Some(id) = id {
            self.ids.insert(id.to_string(), ours.clone());
        }
        self.names.entry(node.name.clone()).or_default().push(ours.clone());
        if !placed {
            self.unplaced.insert(ours.clone());
        }
        self.project.nodes.insert(ours.clone(), node);
        Ok(ours)
    }

    fn taken(&self, id: &str) -> bool {
        self.project.nodes.contains_key(id) || self.project.flows.contains_key(id)
    }

    /// The node a flow names: by the file's id, by its id in the project, or by its name when
    /// only one node has it.
    fn find(&self, reference: &str) -> Option<NodeId> {
        let reference = reference.trim();
        if let Some(id) = self.ids.get(reference) {
            return Some(id.clone());
        }
        if self.project.nodes.contains_key(reference) {
            return Some(reference.to_string());
        }
        match self.names.get(reference).map(Vec::as_slice) {
            Some([only]) => Some(only.clone()),
            _ => None,
        }
    }

    /// Adds a flow under the file's `id` when that is a valid, free id.
    fn flow(&mut self, id: Option<&str>, flow: Flow) -> Result<FlowId, String> {
        if self.project.flows.len() >= crate::file::MAX_FLOWS {
            return Err(format!(
                "more than {} flows, the limit of a project",
                crate::file::MAX_FLOWS
            ));
        }
        check_length("action", &flow.action)?;
        let ours = match id {
            Some(id) if is_valid_id(id) && !self.taken(id) => id.to_string(),
            _ => self.project.fresh_flow_id(),
        };
        self.project.flows.insert(ours.clone(), flow);
        Ok(ours)
    }

    fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The project, with the nodes that had no position laid out in layers (beside the others
    /// when some had one).
    fn finish(mut self, measure: &dyn Measure) -> Imported {
        if !self.unplaced.is_empty() {
            self.place(measure);
        }
        Imported {
            project: self.project,
            notes: self.notes,
        }
    }

    fn place(&mut self, measure: &dyn Measure) {
        let all = self.unplaced.len() == self.project.nodes.len();
        let only = (!all).then_some(&self.unplaced);
        let right = (self.project.nodes.iter())
            .filter(|(id, _)| !self.unplaced.contains(*id))
            .map(|(_, n)| n.position.x + measure.node(n).0)
            .fold(f32::MIN, f32::max);
        let shift = if all { 0.0 } else { right + 120.0 };
        match layout::layered(&self.project, only, Direction::LeftRight, measure) {
            Ok(moves) => {
                for (id, at) in moves {
                    if let Some(node) = self.project.nodes.get_mut(&id) {
                        node.position = Position::new(at.x + shift, at.y);
                    }
                }
                self.notes.push(format!(
                    "{} nodes had no position and were laid out",
                    self.unplaced.len()
                ));
            }
            Err(e) => self.notes.push(format!(
                "{} nodes had no position and could not be laid out: {e}",
                self.unplaced.len()
            )),
        }
    }
}

/// Refuses a name or action longer than a project file allows.
fn check_length(what: &str, text: &str) -> Result<(), String> {
    if text.len() > crate::file::MAX_STRING_BYTES {
        return Err(format!(
            "the {what} is {} bytes, over the limit of {} bytes",
            text.len(),
            crate::file::MAX_STRING_BYTES
        ));
    }
    Ok(())
}

/// `"1. registers lot"` → step 1 and "registers lot"; a label without a leading number is all
/// action.
fn split_step(label: &str) -> (Option<u32>, &str) {
    let label = label.trim();
    match label.split_once(". ") {
        Some((number, action)) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            (number.parse().ok(), action.trim())
        }
        _ => (None, label),
    }
}

/// The flows in story order: by step, then by id.
fn flows_by_step(project: &Project) -> Vec<&Flow> {
    let mut flows: Vec<(&FlowId, &Flow)> = project.flows.iter().collect();
    flows.sort_by_key(|(id, f)| (f.step, *id));
    flows.into_iter().map(|(_, f)| f).collect()
}

/// A flow's label as the exports write it: `"1. registers lot"`.
fn step_label(flow: &Flow) -> String {
    format!("{}. {}", flow.step, flow.action)
}
