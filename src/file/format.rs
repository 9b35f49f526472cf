//! The file's shape: a header (format name and version) around the project, written as
//! canonical pretty RON (sorted maps, fixed indentation, rounded coordinates, nothing derived),
//! so load → save is byte-identical and colleagues' edits merge line by line.

use serde::Deserialize;

use super::envelope::{CURRENT_VERSION, FORMAT_NAME, ron_error, ron_options};
use super::limits::{self, MAX_COORDINATE, MAX_FLOWS, MAX_NODES};
use super::pieces::{self, Text};
use super::{LoadError, canonical, migrate, parallel};
use crate::model::Project;

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// A project read from text, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub project: Project,
    /// The version the text was written in; older than [`CURRENT_VERSION`] means it was migrated.
    pub version: u32,
    /// The project came out of an exported picture (`file::picture`): it opens as an untitled
    /// copy, and the picture is never written over.
    pub from_picture: bool,
}

impl Loaded {
    /// Written by a newer dlt-modeller: everything in it was understood, but it must not be saved
    /// over (this version would write it in its own, older format).
    pub fn is_newer(&self) -> bool {
        self.version > CURRENT_VERSION
    }
}

/// The canonical text of a project: what `save` writes and `fmt` compares against. A big project
/// is written on all cores (see `canonical`), the same bytes.
pub fn to_text(project: &Project) -> String {
    let mut parts = text_parts(project);
    if parts.len() == 1 {
        return parts.swap_remove(0);
    }
    let mut text = String::with_capacity(parts.iter().map(String::len).sum());
    parts.iter().for_each(|part| text.push_str(part));
    text
}

/// The canonical text of a project as consecutive parts, which `save` writes one after the other.
pub(super) fn text_parts(project: &Project) -> Vec<String> {
    canonical::parts(project, parallel::threads())
}

/// Reads a project from text, migrating older versions. Never panics; errors carry a position
/// where the problem has one. A byte-order mark in front (as some Windows editors write) is
/// passed over and not written back.
pub fn parse(text: &str) -> Result<Loaded, LoadError> {
    parse_text(Text::Borrowed(text))
}

/// [`parse`] of the loader's own text: it is freed as soon as it is no longer needed (a big
/// file's text is as big as its project); `again` reads the file again, should an error need it.
pub(super) fn parse_owned(text: String, again: &dyn Fn() -> Result<String, LoadError>) -> Result<Loaded, LoadError> {
    parse_text(Text::Own { text, again })
}

fn parse_text(text: Text<'_>) -> Result<Loaded, LoadError> {
    let text = text.without_byte_order_mark();
    let outline = limits::scan(text.as_str(), pieces::PIECE_BYTES)?;
    let header = match leading_header(text.as_str()) {
        Some(header) => header,
        None => ron_options()
            .from_str(text.as_str())
            .map_err(|e| ron_error(text.as_str(), e))?,
    };
    if header.format != FORMAT_NAME {
        return Err(LoadError::whole(format!(
            "this is not a dlt-modeller project: its format is {:?}, expected {FORMAT_NAME:?}",
            header.format
        )));
    }
    let project = match header.version {
        // A newer file is read only when everything in it is understood (every field is one this
        // version knows); it is then to be shown read-only. Otherwise it is refused, naming what
        // is not understood: nothing is ever silently dropped.
        v if v > CURRENT_VERSION => pieces::decode_project(text, &outline).map_err(|e| {
            LoadError::whole(format!(
                "the file is format version {v}, written by a newer dlt-modeller; this one reads versions up \
                 to {CURRENT_VERSION} and does not understand part of it ({}: {}). Open it with a newer \
                 dlt-modeller; nothing was changed.",
                e.position
                    .map_or_else(String::new, |(l, c)| format!("line {l}, column {c}")),
                e.message
            ))
        })?,
        CURRENT_VERSION => pieces::decode_project(text, &outline)?,
        older => migrate::to_current(older, text.as_str())?,
    };
    check_within_limits(&project).map_err(LoadError::whole)?;
    Ok(Loaded {
        project,
        version: header.version,
        from_picture: false,
    })
}

/// The header when the text begins the way `to_text` writes it — comments, `(`, then
/// `format: "…",` and `version: N,` — read without parsing the rest, which would otherwise be
/// parsed twice (once skipped as an unknown field of [`Header`]). `None` for any other shape:
/// the caller then parses the whole text for the header. A second `format` or `version` later
/// in the text is still refused by the full decode (duplicate field).
fn leading_header(text: &str) -> Option<Header> {
    let rest = skip_space_and_comments(text).strip_prefix('(')?;
    let rest = skip_space_and_comments(rest).strip_prefix("format:")?;
    let rest = skip_space_and_comments(rest).strip_prefix('"')?;
    let (format, rest) = rest.split_once('"')?;
    if format.contains('\\') {
        return None;
    }
    let rest = skip_space_and_comments(rest).strip_prefix(',')?;
    let rest = skip_space_and_comments(rest).strip_prefix("version:")?;
    let rest = skip_space_and_comments(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let version = rest[..digits].parse().ok()?;
    skip_space_and_comments(&rest[digits..]).strip_prefix(',')?;
    Some(Header {
        format: format.to_owned(),
        version,
    })
}

/// `text` after any leading white space and `//` line comments.
fn skip_space_and_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        match text.strip_prefix("//") {
            Some(comment) => text = comment.split_once('\n').map_or("", |(_, after)| after),
            None => return text,
        }
    }
}

/// Whether a project is within the limits a file is read with (node and flow counts, finite
/// coordinates within ±[`MAX_COORDINATE`]): what a file must hold to load.
pub(super) fn check_within_limits(project: &Project) -> Result<(), String> {
    if project.nodes.len() > MAX_NODES {
        return Err(format!(
            "the project has {} nodes; the limit is {MAX_NODES}",
            project.nodes.len()
        ));
    }
    if project.flows.len() > MAX_FLOWS {
        return Err(format!(
            "the project has {} flows; the limit is {MAX_FLOWS}",
            project.flows.len()
        ));
    }
    let within = |v: f32| v.abs() <= MAX_COORDINATE;
    match (project.nodes.iter()).find(|(_, n)| !(within(n.position.x) && within(n.position.y))) {
        Some((id, node)) => Err(format!(
            "node {id:?}: its position ({}, {}) is outside the drawing, whose coordinates run from \
             -{MAX_COORDINATE} to {MAX_COORDINATE}",
            node.position.x, node.position.y
        )),
        None => Ok(()),
    }
}

/// Why a project, whose canonical text is `text_len` bytes, must not be written: the loader would
/// refuse the file. Checked by `save` and by whatever else writes a project file (`merge -o`).
pub fn check_writable(project: &Project, text_len: usize) -> Result<(), String> {
    check_within_limits(project)?;
    if text_len as u64 > limits::MAX_FILE_BYTES {
        return Err(format!(
            "its text would be {text_len} bytes, over the limit of {} bytes (256 MiB) a file is opened with",
            limits::MAX_FILE_BYTES
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Flow, Node, Position};

    fn sample() -> Project {
        let mut p = Project::new("Gold");
        p.nodes
            .insert("mine".into(), Node::actor("Mine", Position::new(10.0, 20.5)));
        p.nodes
            .insert("bar".into(), Node::asset("Bar", Position::new(-3.25, 0.0)));
        let mut f = Flow::new("mine", "bar", 1, "registers");
        f.on_ledger = true;
        p.flows.insert("f1".into(), f);
        p
    }

    #[test]
    fn text_round_trips_byte_identically() {
        let text = to_text(&sample());
        let loaded = parse(&text).unwrap();
        assert_eq!(loaded.project, sample());
        assert_eq!(loaded.version, CURRENT_VERSION);
        assert_eq!(to_text(&loaded.project), text);
    }

    #[test]
    fn text_starts_with_the_header() {
        let text = to_text(&sample());
        assert!(text.starts_with("// dlt-modeller project file"));
        assert!(
            text.contains("\n    format: \"dlt-modeller\",\n    version: 1,\n"),
            "{text}"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let text = to_text(&sample()).replace("registers\",", "registers\" oops,");
        let e = parse(&text).unwrap_err();
        let (line, _) = e.position.expect("position");
        assert!(text.lines().nth(line - 1).unwrap().contains("oops"), "{e}");
    }

    #[test]
    fn unknown_fields_are_refused_with_a_position() {
        let text = to_text(&sample()).replace("step: 1,", "step: 1,\n                colour: \"red\",");
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
        assert!(e.position.is_some());
    }

    #[test]
    fn wrong_types_are_refused() {
        let text = to_text(&sample()).replace("step: 1,", "step: \"one\",");
        let e = parse(&text).unwrap_err();
        assert!(e.position.is_some(), "{e}");
    }

    #[test]
    fn newer_versions_load_when_fully_understood() {
        let text = to_text(&sample()).replace("version: 1,", "version: 7,");
        let loaded = parse(&text).unwrap();
        assert!(loaded.is_newer());
        assert_eq!(loaded.project, sample());
    }

    #[test]
    fn newer_versions_with_unknown_content_are_refused_and_say_what() {
        let text = to_text(&sample())
            .replace("version: 1,", "version: 7,")
            .replace("step: 1,", "step: 1,\n                duration: 3,");
        let e = parse(&text).unwrap_err();
        assert!(
            e.message.contains("version 7") && e.message.contains("newer dlt-modeller"),
            "{e}"
        );
        assert!(e.message.contains("duration") && e.message.contains("line "), "{e}");
    }

    #[test]
    fn the_header_is_read_from_the_start_or_else_from_the_whole_text() {
        let text = to_text(&sample());
        let quick = leading_header(&text).expect("the canonical shape");
        assert_eq!((quick.format.as_str(), quick.version), (FORMAT_NAME, CURRENT_VERSION));
        let reordered = "(\n  version: 1,\n  format: \"dlt-modeller\",\n  project: (sheet: (title: \"T\")),\n)";
        assert!(leading_header(reordered).is_none());
        assert_eq!(parse(reordered).unwrap().project.sheet.title, "T");
        let twice = text.replace("version: 1,\n", "version: 1,\n    version: 2,\n");
        assert!(
            parse(&twice).unwrap_err().message.contains("version"),
            "a duplicate is refused"
        );
        let escaped = text.replace("format: \"dlt-modeller\"", "format: \"dlt\\u{2d}modeller\"");
        assert!(leading_header(&escaped).is_none(), "escapes go to the full parser");
    }

    /// `text` with the entry of node `mine` given twice, the copy renamed.
    fn with_mine_twice(text: &str) -> String {
        let mine = text.find("            \"mine\": (").expect("the node mine");
        let close = "\n            ),\n";
        let end = mine + text[mine..].find(close).expect("its end") + close.len();
        let again = text[mine..end].replace("Mine", "Mine again");
        format!("{}{again}{}", &text[..end], &text[end..])
    }

    #[test]
    fn a_repeated_node_id_is_refused_naming_both_lines() {
        let text = to_text(&sample());
        let first = 1 + text[..text.find("\"mine\": (").unwrap()].matches('\n').count();
        let doubled = with_mine_twice(&text);
        let second = 1 + doubled[..doubled.rfind("\"mine\": (").unwrap()].matches('\n').count();
        let e = parse(&doubled).unwrap_err();
        assert_eq!(e.position.map(|(line, _)| line), Some(second), "{e}");
        assert!(
            e.message.starts_with("repeated key \"mine\"")
                && e.message
                    .contains(&format!("line {first} and another on line {second}")),
            "{e}"
        );
    }

    #[test]
    fn a_repeated_key_in_any_map_is_refused() {
        let mut project = sample();
        let node = project.nodes.get_mut("mine").unwrap();
        node.criteria.insert("core.query".into(), Default::default());
        project.thresholds.insert("core.query".into(), 3);
        let text = to_text(&project);
        for (once, twice) in [
            ("\"core.query\": (", "\"core.query\": (weight: 1),\n\"core.query\": ("),
            ("\"core.query\": 3,", "\"core.query\": 3, \"core.query\": 2,"),
            (
                "\"f1\": (",
                "\"f1\": (from: \"bar\", to: \"mine\", step: 2, action: \"x\"),\n\"f1\": (",
            ),
        ] {
            assert_eq!(text.matches(once).count(), 1, "{once}");
            let e = parse(&text.replace(once, twice)).unwrap_err();
            assert!(e.message.starts_with("repeated key "), "{twice}: {e}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_passed_over() {
        let text = to_text(&sample());
        assert_eq!(parse(&format!("\u{feff}{text}")).unwrap().project, sample());
        let reordered = "\u{feff}(version: 1, format: \"dlt-modeller\", project: (sheet: (title: \"T\")))";
        assert_eq!(parse(reordered).unwrap().project.sheet.title, "T");
    }

    #[test]
    fn other_formats_are_refused() {
        let text = to_text(&sample()).replace("format: \"dlt-modeller\"", "format: \"drawio\"");
        assert!(parse(&text).unwrap_err().message.contains("not a dlt-modeller project"));
    }

    #[test]
    fn positions_outside_the_drawing_are_refused() {
        for far in ["inf", "NaN", "1e300", "3e38", "1e30", "-1000000.1"] {
            let text = to_text(&sample()).replace("(10.0, 20.5)", &format!("({far}, 20.5)"));
            let e = parse(&text).unwrap_err();
            assert!(
                e.message.contains("node \"mine\": its position") && e.message.contains("-1000000 to 1000000"),
                "{far}: {e}"
            );
        }
        let edge = to_text(&sample()).replace("(10.0, 20.5)", "(-1000000.0, 1000000.0)");
        assert!(parse(&edge).is_ok());
    }
}
