//! The envelope `(format, version, project)` in RON: written as canonical pretty RON in one go,
//! and read back with the file's recursion limit, its errors placed at a line and column.

use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use super::{LoadError, limits, repeated};
use crate::model::Project;

/// The `format` every project file declares.
pub const FORMAT_NAME: &str = "dlt-modeller";
/// The version this program writes; it reads this one and every older one.
pub const CURRENT_VERSION: u32 = 1;

const PREAMBLE: &str = "// dlt-modeller project file. Format: docs/FORMAT.md\n";

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    project: &'a Project,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Envelope<P> {
    // Already read through `Header`; named here so that they are allowed.
    #[serde(rename = "format")]
    _format: serde::de::IgnoredAny,
    #[serde(rename = "version")]
    _version: serde::de::IgnoredAny,
    pub project: P,
}

/// One level of indentation in the canonical text.
pub(super) const INDENT: &str = "    ";

/// The canonical text of a project, written in one go on this thread. Written straight into one
/// string (a 100,000-node project is ~100 MB of text: no extra copies).
pub(super) fn whole_text(project: &Project) -> String {
    let envelope = EnvelopeOut {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        project,
    };
    let estimate = 1024 + 512 * project.nodes.len() + 256 * project.flows.len();
    let mut text = String::with_capacity(PREAMBLE.len() + estimate);
    text.push_str(PREAMBLE);
    let mut text = write_pretty(&envelope, text);
    text.push('\n');
    text
}

/// `text` followed by `value` written as canonical pretty RON, at the top level.
pub(super) fn write_pretty(value: &impl Serialize, mut text: String) -> String {
    let config = PrettyConfig::new().indentor(INDENT).new_line("\n").struct_names(false);
    let mut serializer = ron::Serializer::new(&mut text, Some(config)).expect("the pretty configuration is valid");
    value
        .serialize(&mut serializer)
        .expect("a project always serialises: it holds only strings, numbers, maps and enums");
    // RON escapes `'` inside strings as `\'`; both read back the same, and "bar's" reads better.
    // (A `'` in the output is always escaped, so `\'` never ends an escaped backslash.)
    if text.contains("\\'") {
        text.replace("\\'", "'")
    } else {
        text
    }
}

pub(super) fn decode<P: for<'de> Deserialize<'de>>(text: &str) -> Result<P, LoadError> {
    ron_options()
        .from_str::<Envelope<P>>(text)
        .map(|e| e.project)
        .map_err(|e| ron_error(text, e))
}

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(limits::MAX_DEPTH * 2)
}

pub(super) fn ron_error(text: &str, e: ron::error::SpannedError) -> LoadError {
    let repeat = match &e.code {
        ron::Error::Message(message) => repeated::refusal(text, message),
        _ => None,
    };
    repeat.unwrap_or_else(|| error_at(text, (e.span.start.line, e.span.start.col), &e.code))
}

/// A parse error at a 1-based line and column of `text`, with that line quoted when it is short.
fn error_at(text: &str, (line, col): (usize, usize), code: &ron::Error) -> LoadError {
    let line = line.max(1);
    let shown = text.lines().nth(line - 1).map(str::trim).unwrap_or_default();
    let near = if shown.is_empty() || shown.len() > 80 {
        String::new()
    } else {
        format!(" (near `{shown}`)")
    };
    LoadError::at(line, col.max(1), format!("{code}{near}"))
}
