//! CSV tables out and in: `nodes.csv` (one row per node, columns [`NODE_FIELDS`]) and
//! `flows.csv` (one row per flow, columns [`FLOW_FIELDS`]), with a header row. Reading accepts
//! the columns in any order and case; only `name` (nodes) and `from`, `to` (flows) are
//! required; other columns not known are listed in the notes. A flow names its ends by node id
//! or by a name only one node has. Nodes without `x` and `y` are laid out; rows without `id`
//! get a fresh one; a node without `kind` becomes an actor and is listed.

use std::collections::HashMap;

use super::fields::{self, FLOW_FIELDS, FieldError, NODE_FIELDS, flow_record, node_record};
use super::{Builder, Imported, check_size};
use crate::file::LoadError;
use crate::layout::Measure;
use crate::model::{Position, Project};

/// `nodes.csv` of `project`.
pub fn write_nodes(project: &Project) -> String {
    table(
        &NODE_FIELDS,
        project.nodes.iter().map(|(id, n)| node_record(id, n).to_vec()),
    )
}

/// `flows.csv` of `project`.
pub fn write_flows(project: &Project) -> String {
    table(
        &FLOW_FIELDS,
        project.flows.iter().map(|(id, f)| flow_record(id, f).to_vec()),
    )
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One table to read: its name (for messages: the file's path) and text.
#[derive(Clone, Copy, Debug)]
pub struct Table<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Builds a project titled `title` from a nodes table and, optionally, a flows table.
pub fn read(nodes: Table, flows: Option<Table>, title: &str, measure: &dyn Measure) -> Result<Imported, LoadError> {
    let mut builder = Builder::new(title);
    let mut undecided = Vec::new();
    rows(nodes, &NODE_FIELDS, &["name"], &mut builder, |get, builder| {
        let asset = match fields::text(get, "kind")?.as_deref().map(fields::is_asset) {
            Some(Some(asset)) => asset,
            Some(None) => {
                return Err(FieldError {
                    field: "kind",
                    message: "is neither actor nor asset".into(),
                });
            }
            None => {
                undecided.push(get("name").unwrap_or_default());
                false
            }
        };
        let name = fields::text(get, "name")?.unwrap_or_default();
        let (x, y) = (fields::coordinate(get, "x")?, fields::coordinate(get, "y")?);
        let node = fields::node_from(get, asset, name, Position::new(x.unwrap_or(0.0), y.unwrap_or(0.0)))?;
        let id = fields::text(get, "id")?;
        let placed = x.is_some() && y.is_some();
        builder
            .node(id.as_deref(), node, placed)
            .map(drop)
            .map_err(|message| FieldError { field: "id", message })
    })?;
    if !undecided.is_empty() {
        builder.note(format!(
            "{} nodes have no kind and became actors: {}",
            undecided.len(),
            undecided
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(flows) = flows {
        let mut next_step = 1;
        rows(flows, &FLOW_FIELDS, &["from", "to"], &mut builder, |get, builder| {
            let end = |field: &'static str| {
                let reference = fields::text(get, field)?.unwrap_or_default();
                builder.find(&reference).ok_or_else(|| FieldError {
                    field,
                    message: format!("no node has the id or the name {reference:?}"),
                })
            };
            let (from, to) = (end("from")?, end("to")?);
            let step = fields::step(get)?.unwrap_or(next_step);
            next_step = next_step.max(step + 1);
            let action = fields::text(get, "action")?.unwrap_or_default();
            let mut flow = fields::flow_from(get, from, to, step, action)?;
            if let Some(asset) = fields::text(get, "asset")? {
                flow.asset = Some(builder.find(&asset).ok_or_else(|| FieldError {
                    field: "asset",
                    message: format!("no node has the id or the name {asset:?}"),
                })?);
            }
            let id = fields::text(get, "id")?;
            builder
                .flow(id.as_deref(), flow)
                .map(drop)
                .map_err(|message| FieldError { field: "id", message })
        })?;
    }
    Ok(builder.finish(measure))
}

/// Reads every row of `table` with `row`; an error names the file, line and column.
fn rows(
    table: Table,
    known: &[&str],
    required: &[&str],
    builder: &mut Builder,
    mut row: impl FnMut(fields::Get, &mut Builder) -> Result<(), FieldError>,
) -> Result<(), LoadError> {
    check_size(table.text.len()).map_err(|e| e.in_file(table.name))?;
    let located = |e: ::csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        LoadError::at(line, 1, format!("not a CSV table: {e}")).in_file(table.name)
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .trim(::csv::Trim::All)
        .from_reader(table.text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(located)?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let columns: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h.as_str(), i)).collect();
    if let Some(missing) = required.iter().find(|r| !columns.contains_key(*r)) {
        return Err(LoadError::at(
            1,
            1,
            format!(
                "no column {missing:?} in the header; the columns are: {}",
                known.join(", ")
            ),
        )
        .in_file(table.name));
    }
    let unknown: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| !known.contains(h))
        .collect();
    if !unknown.is_empty() {
        builder.note(format!("{}: columns not read: {}", table.name, unknown.join(", ")));
    }
    for record in reader.records() {
        let record = record.map_err(located)?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let get = |field: &str| columns.get(field).and_then(|&i| record.get(i)).map(String::from);
        row(&get, builder).map_err(|e| {
            let column = columns.get(e.field).map_or(1, |i| i + 1);
            LoadError::at(line, column, format!("column {:?}: {}", e.field, e.message)).in_file(table.name)
        })?;
    }
    Ok(())
}
