//! draw.io (diagrams.net) files out and in. Out: one page, each node a styled shape at its
//! place and size with its name, each flow an edge labelled `step. action`; every cell is an
//! `<object>` whose `id` is the node's or flow's and whose `dlt_*` attributes keep what the
//! shape cannot show (kind, role, asset type, components, criteria…), so a round trip keeps
//! identity. In: the first page of a file as draw.io writes it, plain or compressed (raw
//! deflate, then Base64, of the URI-encoded XML); vertices become nodes, edges flows, edge
//! labels actions, geometry positions. A vertex's kind comes from its `dlt_kind` attribute, an
//! `--assets` style rule, or its shape; one that cannot be decided becomes an actor and is
//! listed. Groups, containers, free text, loose edges and other pages are listed in the notes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use base64::Engine;
use flate2::read::DeflateDecoder;
use quick_xml::events::{BytesStart, Event};

use super::fields::{self, FieldError, NODE_FIELDS, flow_record, node_record};
use super::{Builder, Imported, check_size, split_step, step_label};
use crate::file::{LoadError, MAX_FILE_BYTES, line_col};
use crate::layout::Measure;
use crate::markup::xml_attribute as attr;
use crate::model::{Position, Project};

/// The prefix of the attributes that keep a node's or flow's fields.
const PREFIX: &str = "dlt_";
const ACTOR_STYLE: &str = "rounded=1;whiteSpace=wrap;fillColor=#dae8fc;strokeColor=#6c8ebf;";
const ASSET_STYLE: &str =
    "shape=hexagon;perimeter=hexagonPerimeter2;size=0.1;whiteSpace=wrap;fillColor=#fff2cc;strokeColor=#d6b656;";
const EDGE_STYLE: &str = "edgeStyle=none;endArrow=classic;labelBackgroundColor=#ffffff;";
/// Shape names in a style that say asset or actor when a cell has no `dlt_kind`.
const ASSET_SHAPES: [&str; 5] = [
    "shape=hexagon",
    "shape=cylinder",
    "shape=document",
    "shape=note",
    "shape=card",
];
const ACTOR_SHAPES: [&str; 1] = ["shape=umlActor"];
/// The ids of the root and layer cells (upper case: never a node's or flow's id).
const ROOT: &str = "ROOT";
const LAYER: &str = "LAYER";

/// The draw.io file of `project`: one uncompressed page.
pub fn write(project: &Project, measure: &dyn Measure) -> String {
    let mut out = String::with_capacity(512 + 600 * project.nodes.len() + 400 * project.flows.len());
    out.push_str("<mxfile host=\"dlt-modeller\" type=\"device\">\n");
    out.push_str(&format!(
        "  <diagram id=\"dlt-modeller\" name=\"{}\">\n    <mxGraphModel grid=\"1\" gridSize=\"10\" page=\"0\">\n      <root>\n",
        attr(&project.sheet.title)
    ));
    out.push_str(&format!(
        "        <mxCell id=\"{ROOT}\"/>\n        <mxCell id=\"{LAYER}\" parent=\"{ROOT}\"/>\n"
    ));
    for (id, node) in &project.nodes {
        let record = node_record(id, node);
        let (w, h) = measure.node(node);
        let style = if node.is_asset() { ASSET_STYLE } else { ACTOR_STYLE };
        out.push_str(&format!(
            "        <object id=\"{}\" label=\"{}\"",
            attr(id),
            attr(&node.name)
        ));
        extra_attributes(&mut out, &NODE_FIELDS, &record, &["id", "name", "x", "y"]);
        out.push_str(&format!(
            ">\n          <mxCell style=\"{style}\" vertex=\"1\" parent=\"{LAYER}\">\n            \
             <mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\"/>\n          </mxCell>\n        </object>\n",
            fields::number(node.position.x - w / 2.0),
            fields::number(node.position.y - h / 2.0),
            fields::number(w),
            fields::number(h)
        ));
    }
    for (id, flow) in &project.flows {
        let record = flow_record(id, flow);
        out.push_str(&format!(
            "        <object id=\"{}\" label=\"{}\"",
            attr(id),
            attr(&step_label(flow))
        ));
        extra_attributes(&mut out, &super::FLOW_FIELDS, &record, &["id", "from", "to", "action"]);
        out.push_str(&format!(
            ">\n          <mxCell style=\"{EDGE_STYLE}\" edge=\"1\" parent=\"{LAYER}\" source=\"{}\" target=\"{}\">\n            \
             <mxGeometry relative=\"1\" as=\"geometry\"/>\n          </mxCell>\n        </object>\n",
            attr(&flow.from),
            attr(&flow.to)
        ));
    }
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

/// ` dlt_FIELD="value"` for each non-blank field not in `skip`.
fn extra_attributes(out: &mut String, names: &[&str], values: &[String], skip: &[&str]) {
    for (name, value) in names.iter().zip(values) {
        if !skip.contains(name) && !value.is_empty() {
            out.push_str(&format!(" {PREFIX}{name}=\"{}\"", attr(value)));
        }
    }
}

/// How a draw.io file is read.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The project's title (the file's name, say).
    pub title: String,
    /// A vertex whose style contains this text is an asset (e.g. `shape=cylinder3`), unless
    /// its `dlt_kind` says otherwise.
    pub assets: Option<String>,
}

/// One `mxCell`, with the attributes of the `<object>` or `<UserObject>` around it.
#[derive(Clone, Debug, Default)]
struct Cell {
    id: String,
    value: String,
    style: String,
    vertex: bool,
    edge: bool,
    parent: Option<String>,
    source: Option<String>,
    target: Option<String>,
    attributes: HashMap<String, String>,
    /// x, y, width, height.
    geometry: Option<[f32; 4]>,
    /// Byte offset of the cell in the text it was read from.
    offset: usize,
}

/// What a pass over one XML text found.
#[derive(Default)]
struct Found {
    cells: Vec<Cell>,
    /// The names of the pages (`<diagram>` elements), in order.
    pages: Vec<String>,
    /// The first page's text when it is compressed.
    compressed: Option<(String, usize)>,
}

/// Reads the first page of a draw.io file into a project (see the module comment).
pub fn read(text: &str, options: &ReadOptions, measure: &dyn Measure) -> Result<Imported, LoadError> {
    check_size(text.len())?;
    let found = scan(text)?;
    let mut builder = Builder::new(&options.title);
    if found.pages.len() > 1 {
        builder.note(format!(
            "only the first page, {:?}, was read; the other pages were left out: {}",
            found.pages[0],
            found.pages[1..]
                .iter()
                .map(|p| format!("{p:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let (cells, source) = match &found.compressed {
        // Text beside a plain page's cells is not a compressed page.
        Some((payload, offset)) if found.cells.is_empty() => {
            let xml = decompress(payload).map_err(|e| {
                let (line, col) = line_col(text, *offset);
                LoadError::at(line, col, format!("the compressed diagram {e}"))
            })?;
            let inner = scan(&xml).map_err(|e| LoadError {
                message: format!("in the compressed diagram (its own lines): {}", e.message),
                ..e
            })?;
            (inner.cells, xml)
        }
        _ => (found.cells, text.to_string()),
    };
    if cells.is_empty() && found.pages.is_empty() {
        return Err(LoadError::whole(
            "not a draw.io file: no <mxfile>, <diagram> or <mxGraphModel> with cells",
        ));
    }
    Model::new(cells, &source, options).build(&mut builder)?;
    Ok(builder.finish(measure))
}

/// One pass over an XML text: the pages, and the cells of the first one (or the first page's
/// compressed text).
fn scan(text: &str) -> Result<Found, LoadError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut found = Found::default();
    let mut wrapper: Option<HashMap<String, String>> = None;
    let mut open: Option<Cell> = None;
    let mut in_first_page = false;
    let mut payload = String::new();
    let mut payload_at = 0;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(text.len());
        let at = |message: String| {
            let (line, col) = line_col(text, offset);
            LoadError::at(line, col, message)
        };
        let event = reader.read_event().map_err(|e| {
            let (line, col) = line_col(text, usize::try_from(reader.error_position()).unwrap_or(text.len()));
            LoadError::at(line, col, format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"diagram" => {
                found
                    .pages
                    .push(attributes(&e).map_err(at)?.remove("name").unwrap_or_default());
                if found.pages.len() > 1 {
                    reader
                        .read_to_end(e.name())
                        .map_err(|e| at(format!("not well-formed XML: {e}")))?;
                } else {
                    in_first_page = true;
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"diagram" => {
                found
                    .pages
                    .push(attributes(&e).map_err(at)?.remove("name").unwrap_or_default());
            }
            Event::End(e) if e.local_name().as_ref() == b"diagram" => {
                in_first_page = false;
                if !payload.is_empty() {
                    found.compressed = Some((std::mem::take(&mut payload), payload_at));
                }
            }
            // The blanks between the elements of a plain page are not a compressed page (and
            // gathering them all would make reading a big page quadratic).
            Event::Text(t) if in_first_page && !t.trim_ascii().is_empty() => {
                if payload.is_empty() {
                    payload_at = offset + t.len() - t.trim_ascii_start().len();
                }
                payload.push_str(&t.xml10_content().map_err(|e| at(e.to_string()))?);
            }
            // An empty wrapper wraps no cell.
            Event::Start(e) if is_wrapper(&e) => wrapper = Some(attributes(&e).map_err(at)?),
            Event::End(e) if e.local_name().as_ref() == b"object" || e.local_name().as_ref() == b"UserObject" => {
                wrapper = None;
            }
            Event::Start(e) if e.local_name().as_ref() == b"mxCell" => {
                open = Some(cell(&e, wrapper.as_ref(), offset).map_err(at)?);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"mxCell" => {
                found.cells.push(cell(&e, wrapper.as_ref(), offset).map_err(at)?);
            }
            Event::End(e) if e.local_name().as_ref() == b"mxCell" => found.cells.extend(open.take()),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"mxGeometry" => {
                if let Some(cell) = &mut open {
                    cell.geometry = geometry(&attributes(&e).map_err(at)?).map_err(at)?;
                }
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

fn is_wrapper(e: &BytesStart) -> bool {
    matches!(e.local_name().as_ref(), b"object" | b"UserObject")
}

/// An element's attributes, unescaped.
fn attributes(e: &BytesStart) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("not well-formed XML: {e}"))?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("an attribute value: {e}"))?;
        out.insert(String::from_utf8_lossy(a.key.as_ref()).into_owned(), value.into_owned());
    }
    Ok(out)
}

/// An `mxCell`, taking its id and label from the wrapper around it when it has one.
fn cell(e: &BytesStart, wrapper: Option<&HashMap<String, String>>, offset: usize) -> Result<Cell, String> {
    let mut own = attributes(e)?;
    let mut attributes = wrapper.cloned().unwrap_or_default();
    let id = attributes.remove("id").or_else(|| own.remove("id")).unwrap_or_default();
    let value = attributes
        .remove("label")
        .or_else(|| own.remove("value"))
        .unwrap_or_default();
    Ok(Cell {
        id,
        value,
        style: own.remove("style").unwrap_or_default(),
        vertex: own.get("vertex").is_some_and(|v| v == "1"),
        edge: own.get("edge").is_some_and(|v| v == "1"),
        parent: own.remove("parent"),
        source: own.remove("source"),
        target: own.remove("target"),
        attributes,
        geometry: None,
        offset,
    })
}

/// x, y, width and height of an `mxGeometry` (0 when left out, as draw.io writes them).
fn geometry(attributes: &HashMap<String, String>) -> Result<Option<[f32; 4]>, String> {
    if attributes.get("as").is_some_and(|a| a != "geometry") {
        return Ok(None);
    }
    let mut out = [0.0; 4];
    for (slot, name) in out.iter_mut().zip(["x", "y", "width", "height"]) {
        if let Some(text) = attributes.get(name) {
            *slot = text
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("mxGeometry {name}={text:?} is not a number"))?;
        }
    }
    Ok(Some(out))
}

/// The first page's text from its compressed form: Base64, raw deflate, URI encoding.
fn decompress(payload: &str) -> Result<String, String> {
    let compact: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| format!("is not Base64: {e}"))?;
    let mut inflated = Vec::new();
    DeflateDecoder::new(bytes.as_slice())
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| format!("cannot be decompressed: {e}"))?;
    if inflated.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("holds more than {MAX_FILE_BYTES} bytes (256 MiB), the limit"));
    }
    let text = String::from_utf8(inflated).map_err(|_| "is not text once decompressed".to_string())?;
    percent_encoding::percent_decode_str(&text)
        .decode_utf8()
        .map(|t| t.into_owned())
        .map_err(|_| "is not UTF-8 text once URI-decoded".to_string())
}

/// The cells of a page, ready to become nodes and flows.
struct Model<'a> {
    cells: Vec<Cell>,
    by_id: HashMap<String, usize>,
    /// Ids of cells that other cells name as their parent.
    parents: HashSet<String>,
    text: &'a str,
    options: &'a ReadOptions,
}

impl<'a> Model<'a> {
    fn new(cells: Vec<Cell>, text: &'a str, options: &'a ReadOptions) -> Self {
        let by_id = cells.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let parents = cells.iter().filter_map(|c| c.parent.clone()).collect();
        Self {
            cells,
            by_id,
            parents,
            text,
            options,
        }
    }

    fn get(&self, id: &str) -> Option<&Cell> {
        self.by_id.get(id).map(|&i| &self.cells[i])
    }

    /// An error at a cell: its line and column, and the field.
    fn error(&self, cell: &Cell, e: &FieldError) -> LoadError {
        let (line, col) = line_col(self.text, cell.offset);
        LoadError::at(line, col, format!("cell {:?}: {e}", cell.id))
    }

    fn build(&self, builder: &mut Builder) -> Result<(), LoadError> {
        let mut undecided = Vec::new();
        let mut labels: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for cell in self.cells.iter().filter(|c| c.vertex) {
            let parent = cell.parent.as_deref().and_then(|p| self.get(p));
            if parent.is_some_and(|p| p.edge) {
                labels
                    .entry(cell.parent.as_deref().unwrap_or_default())
                    .or_default()
                    .push(label(cell));
                continue;
            }
            if self.parents.contains(&cell.id) {
                let what = if cell.style.contains("group") {
                    "group"
                } else {
                    "container"
                };
                builder.note(format!(
                    "{what} {:?} ({}) is not a node; the shapes in it were kept as nodes",
                    label(cell),
                    cell.id
                ));
                continue;
            }
            if cell.style.starts_with("text;") || cell.style.contains("edgeLabel") {
                builder.note(format!("free text {:?} ({}) was left out", label(cell), cell.id));
                continue;
            }
            let asset = match self.kind(cell) {
                Some(asset) => asset,
                None => {
                    undecided.push(format!("{:?}", label(cell)));
                    false
                }
            };
            let get = |field: &str| cell.attributes.get(&format!("{PREFIX}{field}")).cloned();
            let (position, placed) = match self.origin(cell) {
                Some((x, y, [_, _, w, h])) => (Position::new(x + w / 2.0, y + h / 2.0), true),
                None => (Position::default(), false),
            };
            let node = fields::node_from(&get, asset, label(cell), position).map_err(|e| self.error(cell, &e))?;
            builder.node(Some(&cell.id), node, placed).map_err(|e| {
                self.error(
                    cell,
                    &FieldError {
                        field: "id",
                        message: e,
                    },
                )
            })?;
        }
        if !undecided.is_empty() {
            builder.note(format!(
                "{} shapes could not be told actor or asset and became actors: {}",
                undecided.len(),
                undecided.join(", ")
            ));
        }
        self.flows(builder, &labels)
    }

    /// Asset (true) or actor (false) by `dlt_kind`, the `--assets` rule, or the shape.
    fn kind(&self, cell: &Cell) -> Option<bool> {
        if let Some(asset) = cell
            .attributes
            .get(&format!("{PREFIX}kind"))
            .and_then(|k| fields::is_asset(k))
        {
            return Some(asset);
        }
        if let Some(rule) = &self.options.assets {
            return Some(cell.style.contains(rule.as_str()));
        }
        if ASSET_SHAPES.iter().any(|s| cell.style.contains(s)) {
            return Some(true);
        }
        ACTOR_SHAPES.iter().any(|s| cell.style.contains(s)).then_some(false)
    }

    /// A vertex's top-left corner on the page (its geometry is relative to the container it is
    /// in) and its geometry; `None` without a geometry.
    fn origin(&self, cell: &Cell) -> Option<(f32, f32, [f32; 4])> {
        let geometry = cell.geometry?;
        let (mut x, mut y) = (geometry[0], geometry[1]);
        let mut parent = cell.parent.as_deref();
        // Bounded: a file may make parents a loop.
        for _ in 0..64 {
            let Some(p) = parent.and_then(|p| self.get(p)) else {
                break;
            };
            if let (true, Some(g)) = (p.vertex, p.geometry) {
                x += g[0];
                y += g[1];
            }
            parent = p.parent.as_deref();
        }
        Some((x, y, geometry))
    }

    fn flows(&self, builder: &mut Builder, labels: &BTreeMap<&str, Vec<String>>) -> Result<(), LoadError> {
        let mut next_step = 1;
        for cell in self.cells.iter().filter(|c| c.edge) {
            let mut text = label(cell);
            if text.is_empty() {
                text = labels.get(cell.id.as_str()).map(|l| l.join(" ")).unwrap_or_default();
            }
            let ends = [&cell.source, &cell.target].map(|end| end.as_deref().and_then(|e| builder.find(e)));
            let [Some(from), Some(to)] = ends else {
                builder.note(format!(
                    "edge {text:?} ({}) does not join two shapes that became nodes and was left out",
                    cell.id
                ));
                continue;
            };
            let get = |field: &str| cell.attributes.get(&format!("{PREFIX}{field}")).cloned();
            let (step, action) = split_step(&text);
            let step = match step {
                Some(step) => step,
                None => fields::step(&get)
                    .map_err(|e| self.error(cell, &e))?
                    .unwrap_or(next_step),
            };
            next_step = next_step.max(step + 1);
            let mut flow =
                fields::flow_from(&get, from, to, step, action.to_string()).map_err(|e| self.error(cell, &e))?;
            if let Some(asset) = get("asset").filter(|a| !a.trim().is_empty()) {
                flow.asset = builder.find(&asset);
                if flow.asset.is_none() {
                    builder.note(format!(
                        "edge {text:?} ({}): carried asset {asset:?} not found",
                        cell.id
                    ));
                }
            }
            builder.flow(Some(&cell.id), flow).map_err(|e| {
                self.error(
                    cell,
                    &FieldError {
                        field: "id",
                        message: e,
                    },
                )
            })?;
        }
        Ok(())
    }
}

/// A cell's label as plain text: an HTML label (`html=1`) without its markup and with its blanks
/// collapsed; any other as it is.
fn label(cell: &Cell) -> String {
    if cell.style.contains("html=1") {
        strip_html(&cell.value).split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        cell.value.clone()
    }
}

/// HTML without its tags (each a space) and with its common character references read.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(out, |text, (from, to)| text.replace(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_labels_lose_their_markup() {
        assert_eq!(strip_html("Mine<br>Co&nbsp;&amp; <b>sons</b>"), "Mine Co &  sons ");
        let cell = Cell {
            value: "Mine<br>Co".into(),
            style: "html=1;".into(),
            ..Cell::default()
        };
        assert_eq!(label(&cell), "Mine Co");
    }

    #[test]
    fn attribute_values_keep_line_breaks_and_escape_markup() {
        assert_eq!(attr("a\"b<c>&\nd"), "a&quot;b&lt;c&gt;&amp;&#10;d");
    }
}
