//! SVG export: well-formed XML (checked by a small parser below), every node's name present as
//! text, the page size as for PNG at 1×, themes and transparency, the extremes, the groups
//! marking each node, flow and label (as Graphviz's SVG does), and the step list.

use std::collections::BTreeSet;

use dlt_modeller::diagram::{self, SpatialIndex, Style};
use dlt_modeller::export::{ExportError, MARGIN, PageOptions, Scope, export_svg, write_svg};
use dlt_modeller::model::{Flow, Node, Position, Project};
use dlt_modeller::{generate, templates};
use egui::{Rect, Theme, pos2, vec2};

/// An element of a parsed document: its name, attributes, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// This element and all below it, depth first.
    fn all(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for c in &self.children {
            all.extend(c.all());
        }
        all
    }
}

/// Parses a well-formed XML document with one root element (no DTD, no processing
/// instructions, no CDATA: the exporter writes none), or says what is wrong and where.
fn parse_xml(text: &str) -> Result<Element, String> {
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut rest = text;
    let at = |rest: &str| format!("at byte {}", text.len() - rest.len());
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = &comment[comment.find("-->").ok_or("unclosed comment")? + 3..];
        } else if let Some(closing) = rest.strip_prefix("</") {
            let end = closing
                .find('>')
                .ok_or_else(|| format!("unclosed end tag {}", at(rest)))?;
            let name = closing[..end].trim();
            let element = stack
                .pop()
                .filter(|_| !stack.is_empty())
                .ok_or("end tag without start")?;
            if element.name != name {
                return Err(format!("</{name}> closes <{}> {}", element.name, at(rest)));
            }
            stack.last_mut().unwrap().children.push(element);
            rest = &closing[end + 1..];
        } else if let Some(tag) = rest.strip_prefix('<') {
            let (element, after, empty) = start_tag(tag).map_err(|e| format!("{e} {}", at(rest)))?;
            rest = after;
            if empty {
                stack.last_mut().unwrap().children.push(element);
            } else {
                stack.push(element);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let content = unescape(&rest[..end]).map_err(|e| format!("{e} {}", at(rest)))?;
            if stack.len() == 1 && !content.trim().is_empty() {
                return Err(format!("text outside the root element {}", at(rest)));
            }
            stack.last_mut().unwrap().text.push_str(&content);
            rest = &rest[end..];
        }
    }
    let mut document = stack.pop().filter(|_| stack.is_empty()).ok_or("unclosed elements")?;
    match document.children.len() {
        1 => Ok(document.children.pop().unwrap()),
        n => Err(format!("{n} root elements")),
    }
}

/// A start tag after its `<`: the element, the text after the tag, and whether it is empty.
fn start_tag(tag: &str) -> Result<(Element, &str, bool), String> {
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .ok_or("unclosed tag")?;
    let mut element = Element {
        name: tag[..name_end].to_string(),
        ..Element::default()
    };
    if element.name.is_empty() || !element.name.chars().all(|c| c.is_alphanumeric() || ":-_.".contains(c)) {
        return Err(format!("bad element name {:?}", element.name));
    }
    let mut rest = &tag[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return Ok((element, after, true));
        }
        if let Some(after) = rest.strip_prefix('>') {
            return Ok((element, after, false));
        }
        let eq = rest.find('=').ok_or("attribute without value")?;
        let name = rest[..eq].trim().to_string();
        if name.is_empty() || name.contains(|c: char| c.is_whitespace() || "<>\"'".contains(c)) {
            return Err(format!("bad attribute name {name:?}"));
        }
        if element.attributes.iter().any(|(n, _)| *n == name) {
            return Err(format!("attribute {name} twice"));
        }
        let value = rest[eq + 1..].trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or("unquoted attribute")?;
        let end = value[1..].find(quote).ok_or("unclosed attribute value")?;
        let raw = &value[1..1 + end];
        if raw.contains('<') {
            return Err(format!("'<' in attribute {name}"));
        }
        element.attributes.push((name, unescape(raw)?));
        rest = &value[end + 2..];
    }
}

/// Text with its entity and character references replaced; a bare `&` is an error.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').ok_or("bare '&'")? + amp;
        let entity = &rest[amp + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(|n| n.ok())
                .and_then(char::from_u32)
                .ok_or_else(|| format!("unknown entity &{entity};"))?,
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Every piece of text a viewer shows or offers on hover.
fn texts(svg: &Element) -> String {
    svg.all()
        .iter()
        .filter(|e| e.name == "text" || e.name == "title")
        .map(|e| e.text.as_str())
        .collect()
}

fn svg_of(project: &Project, options: &PageOptions) -> Element {
    let text = export_svg(project, options).unwrap();
    parse_xml(&text).unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

#[test]
fn the_checker_rejects_what_is_not_well_formed() {
    assert!(parse_xml("<a><b x=\"1\"/>t &amp; u</a>").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a x=1/>",
        "<a>&nbsp;</a>",
        "<a>x & y</a>",
        "<a/><b/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad}");
    }
}

#[test]
fn every_sample_is_well_formed_svg_naming_every_node() {
    for template in templates::all() {
        let project = template.project();
        let svg = svg_of(&project, &PageOptions::default());
        assert_eq!(svg.name, "svg", "{}", template.key);
        assert_eq!(svg.attribute("xmlns"), Some("http://www.w3.org/2000/svg"));
        let shown = texts(&svg);
        for node in project.nodes.values() {
            assert!(
                shown.contains(&node.name),
                "{}: {:?} is missing",
                template.key,
                node.name
            );
        }
    }
}

#[test]
fn the_page_has_the_size_of_the_png_at_1x() {
    let project = templates::find("food-traceability").unwrap().project();
    let bounds = diagram::bounds(&project).unwrap();
    let svg = svg_of(&project, &PageOptions::default());
    let number = |name| svg.attribute(name).unwrap().parse::<f32>().unwrap();
    assert!((number("width") - (bounds.width() + 2.0 * MARGIN)).abs() < 0.01);
    assert!((number("height") - (bounds.height() + 2.0 * MARGIN)).abs() < 0.01);
    assert_eq!(svg.attribute("viewBox").unwrap().split(' ').count(), 4);
}

#[test]
fn shapes_are_vector_elements_and_text_is_text() {
    let project = templates::find("gold-trade").unwrap().project();
    let svg = svg_of(&project, &PageOptions::default());
    let count = |name: &str| svg.all().iter().filter(|e| e.name == name).count();
    assert!(count("rect") > project.nodes.len() / 2, "actors are rounded rectangles");
    assert!(
        count("path") >= project.nodes.len() / 3 + project.flows.len(),
        "asset tags and arrowheads"
    );
    assert!(count("text") >= 2 * project.nodes.len(), "names and captions");
    assert_eq!(count("image"), 0, "no bitmaps");
}

#[test]
fn the_background_follows_the_theme_or_is_left_out() {
    let project = templates::find("identity-integrity").unwrap().project();
    let first_fill = |theme, transparent| {
        let svg = svg_of(
            &project,
            &PageOptions {
                theme,
                transparent,
                ..PageOptions::default()
            },
        );
        svg.children[0].attribute("fill").map(str::to_owned)
    };
    let hex = |c: egui::Color32| format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b());
    assert_eq!(first_fill(Theme::Light, false), Some(hex(Style::light().background)));
    assert_eq!(first_fill(Theme::Dark, false), Some(hex(Style::dark().background)));
    assert_ne!(first_fill(Theme::Light, true), Some(hex(Style::light().background)));
}

#[test]
fn names_needing_escapes_survive_and_long_names_keep_their_whole_text() {
    let mut project = Project::new("R&D <pilot>");
    let tricky = "Bank \"A\" & <Co> 'Ltd'";
    let long = "An actor whose name is far too long to fit in its box";
    project
        .nodes
        .insert("a".into(), Node::actor(tricky, Position::new(0.0, 0.0)));
    project
        .nodes
        .insert("b".into(), Node::actor(long, Position::new(300.0, 0.0)));
    project
        .nodes
        .insert("c".into(), Node::asset("Control\u{1}char", Position::new(600.0, 0.0)));
    let options = PageOptions {
        title_block: true,
        ..PageOptions::default()
    };
    let shown = texts(&svg_of(&project, &options));
    assert!(
        shown.contains(tricky) && shown.contains(long) && shown.contains("R&D <pilot>"),
        "{shown}"
    );
}

#[test]
fn an_empty_project_and_a_large_one_export() {
    let empty = svg_of(&Project::new(""), &PageOptions::default());
    assert_eq!(empty.attribute("width"), Some(&*(2.0 * MARGIN).to_string()));
    let big = generate::generate(10_000, 1);
    let svg = svg_of(&big, &PageOptions::default());
    let shown = texts(&svg);
    assert!(big.nodes.values().step_by(97).all(|n| shown.contains(&n.name)));
}

#[test]
fn selections_and_files() {
    let project = templates::find("gold-trade").unwrap().project();
    let none = PageOptions {
        scope: Scope::Selection(["nope".to_string()].into()),
        ..PageOptions::default()
    };
    assert!(matches!(export_svg(&project, &none), Err(ExportError::EmptySelection)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.svg");
    write_svg(&path, &project, &PageOptions::default()).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, export_svg(&project, &PageOptions::default()).unwrap());
}

/// The groups with `class` (a node's class is "node actor" or "node asset").
fn groups<'a>(svg: &'a Element, class: &str) -> Vec<&'a Element> {
    svg.all()
        .into_iter()
        .filter(|e| e.name == "g" && e.attribute("class").is_some_and(|c| c.split(' ').next() == Some(class)))
        .collect()
}

/// The group of `class` whose id is `id`.
fn group<'a>(all: &[&'a Element], id: &str) -> &'a Element {
    let found: Vec<_> = all.iter().filter(|e| e.attribute("id") == Some(id)).collect();
    assert_eq!(found.len(), 1, "one group {id}");
    found[0]
}

/// A number attribute of an element.
fn number(e: &Element, name: &str) -> f32 {
    let value = e.attribute(name).unwrap_or_else(|| panic!("{} has no {name}", e.name));
    value.parse().unwrap_or_else(|_| panic!("{name}={value:?}"))
}

/// The box of a `<rect>`.
fn rect_of(e: &Element) -> Rect {
    let min = pos2(number(e, "x"), number(e, "y"));
    Rect::from_min_size(min, vec2(number(e, "width"), number(e, "height")))
}

/// Checks the groups of `svg`, drawn from `project` at 100 % with the diagram's top left corner
/// `offset` points from the page's (the bounds' corner at the margin, as a whole page draws it).
fn check_groups(project: &Project, svg: &Element, offset: egui::Vec2) {
    let ids: Vec<&str> = svg.all().iter().filter_map(|e| e.attribute("id")).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");

    let nodes = groups(svg, "node");
    assert_eq!(nodes.len(), project.nodes.len());
    for (id, node) in &project.nodes {
        let group = group(&nodes, &format!("node-{id}"));
        let kind = if node.is_actor() { "actor" } else { "asset" };
        assert_eq!(group.attribute("class"), Some(&*format!("node {kind}")));
        let first = &group.children[0];
        assert_eq!(
            (first.name.as_str(), first.text.as_str()),
            ("title", node.name.as_str())
        );
        assert!(
            group.all().iter().any(|e| e.name == "text"),
            "{id}: its name is drawn in it"
        );
    }

    let flows = groups(svg, "flow");
    assert_eq!(flows.len(), project.flows.len());
    for (id, flow) in &project.flows {
        let group = group(&flows, &format!("flow-{id}"));
        assert_eq!(group.attribute("data-from"), Some(flow.from.as_str()));
        assert_eq!(group.attribute("data-to"), Some(flow.to.as_str()));
        let drawn = group.all();
        assert!(
            drawn
                .iter()
                .any(|e| matches!(e.name.as_str(), "line" | "path") && e.attribute("stroke").is_some()),
            "{id}: its route is in it"
        );
        assert!(
            !drawn.iter().any(|e| e.name == "text"),
            "{id}: the label is a group of its own"
        );
    }

    let index = SpatialIndex::build(project);
    let everywhere = index.bounds().unwrap().expand(10.0);
    let labels = groups(svg, "flow-label");
    let placed = index.flow_labels_in_rect(everywhere);
    assert_eq!(labels.len(), placed.len());
    let fill = {
        let c = Style::light().label_fill.to_srgba_unmultiplied();
        format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
    };
    for (id, spot) in placed {
        let group = group(&labels, &format!("label-{id}"));
        let inside = group.all();
        let first = inside.iter().find(|e| e.name == "rect").expect("a label has a box");
        let plate = rect_of(first);
        assert_eq!(first.attribute("fill"), Some(fill.as_str()), "{id}");
        let centre = spot.center() + offset;
        assert!(
            (plate.center() - centre).length() < 0.5,
            "{id}: {plate:?} around {centre:?}"
        );
        for e in &inside {
            let within = match e.name.as_str() {
                "rect" => plate.expand(0.01).contains_rect(rect_of(e)),
                "text" => plate.contains(pos2(number(e, "x"), number(e, "y"))),
                _ => true,
            };
            assert!(within, "{id}: {e:?} lies outside the label's box {plate:?}");
        }
        assert!(inside.iter().any(|e| e.name == "text"), "{id}");
    }
}

#[test]
fn every_node_flow_and_label_is_a_group_like_graphviz_s() {
    for key in ["gold-trade", "food-traceability"] {
        let project = templates::find(key).unwrap().project();
        let svg = svg_of(&project, &PageOptions::default());
        let offset = pos2(MARGIN, MARGIN) - diagram::bounds(&project).unwrap().min;
        check_groups(&project, &svg, offset);
    }
}

#[test]
fn groups_survive_a_title_block_a_step_list_and_ids_needing_escapes() {
    let mut project = Project::new("Escapes");
    let odd = "a\"<&>'";
    project
        .nodes
        .insert(odd.into(), Node::actor("Bank & <Co>", Position::new(0.0, 0.0)));
    project
        .nodes
        .insert("b-2".into(), Node::asset("Gold lot", Position::new(300.0, 0.0)));
    let mut flow = Flow::new(odd, "b-2", 1, "sells \"gold\" & more");
    flow.asset = Some("b-2".into());
    project.flows.insert("f<1>".into(), flow);
    let options = PageOptions {
        title_block: true,
        steps: true,
        ..PageOptions::default()
    };
    let text = export_svg(&project, &options).unwrap();
    assert!(
        text.contains("id=\"node-a&quot;&lt;&amp;&gt;&apos;\""),
        "ids are escaped"
    );
    let svg = parse_xml(&text).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    // The title block moves the diagram down; the legend's sample nodes are not groups.
    let plain = svg_of(&project, &PageOptions::default());
    let node_y = |svg: &Element| {
        let plate = groups(svg, "node")[0]
            .all()
            .into_iter()
            .find(|e| e.name == "rect")
            .unwrap();
        number(plate, "y")
    };
    let down = node_y(&svg) - node_y(&plain);
    let offset = pos2(MARGIN, MARGIN + down) - diagram::bounds(&project).unwrap().min;
    check_groups(&project, &svg, offset);
}

#[test]
fn the_step_list_names_every_flow_in_full_under_the_diagram() {
    let mut project = templates::find("gold-trade").unwrap().project();
    let long = "checks every assay certificate against the refinery's records, ".repeat(4);
    project.flows.values_mut().next().unwrap().action = long.trim_end().to_owned();
    let plain = svg_of(&project, &PageOptions::default());
    let listed = svg_of(
        &project,
        &PageOptions {
            steps: true,
            ..PageOptions::default()
        },
    );
    let height = |svg: &Element| number(svg, "height");
    let diagram_bottom = height(&plain);
    assert!(height(&listed) > diagram_bottom + 20.0 * project.flows.len() as f32);

    // The texts below the diagram, in order, without the spaces where rows wrap.
    let below: String = listed
        .all()
        .iter()
        .filter(|e| e.name == "text" && number(e, "y") > diagram_bottom)
        .map(|e| e.text.as_str())
        .collect::<String>()
        .split_whitespace()
        .collect();
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    assert!(below.starts_with(&squeeze("Step From → to Action Asset")), "{below}");
    let mut flows: Vec<&Flow> = project.flows.values().collect();
    flows.sort_by_key(|f| f.step);
    let mut rest = below.as_str();
    for flow in flows {
        let name = |id: &str| project.nodes[id].name.as_str();
        let asset = flow.asset.as_deref().map(name).unwrap_or("");
        let row = squeeze(&format!(
            "{}{} → {}{}{asset}",
            flow.step,
            name(&flow.from),
            name(&flow.to),
            flow.action
        ));
        let at = rest
            .find(&row)
            .unwrap_or_else(|| panic!("{row:?} is missing from {rest:?}"));
        rest = &rest[at + row.len()..];
    }
    assert!(!groups(&listed, "node").is_empty(), "the diagram keeps its groups");
}
