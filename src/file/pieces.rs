//! Parsing a big project file on several threads. The limit scan's outline shows where the
//! project's `nodes` and `flows` maps lie and where entries end inside them; each map is cut
//! there into pieces of about [`PIECE_BYTES`], every piece is parsed as a map of its own
//! (`{` piece `}`) by whichever thread is free, the rest of the document is parsed with both maps
//! emptied, and each map's entries are joined in file order and built into its tree in one go.
//!
//! The loader's own text (as big as the project it holds) is not kept while the project grows:
//! each piece is copied out on its own, the text is freed, and each piece is freed once parsed.
//! Should anything then fail, the loader reads the file again for the plain parse's error.
//!
//! The result is the plain parse's, exactly: when every part parses and no key is in two pieces,
//! the same project; otherwise the text is parsed plainly, which gives the same error at the same
//! place (a part's error, a key given twice) — errors are rare, and the plain parse stops at the
//! first one. A text whose outline is not a plain envelope (attributes, raw identifiers, a
//! repeated `nodes` field, unclosed brackets or strings, names the outline cannot read) is parsed
//! plainly from the start.

use std::collections::BTreeMap;
use std::ops::Range;
use std::thread;

use serde::de::DeserializeOwned;

use super::envelope::{Envelope, decode, ron_options};
use super::limits::{Mark, MarkKind, Outline, check_text};
use super::{LoadError, parallel};
use crate::model::{Flow, FlowId, Node, NodeId, Project};

/// Smaller files are parsed plainly, on one thread.
const MIN_BYTES: usize = 4 << 20;
/// About how much text one piece holds: small enough that the threads finish together, big
/// enough that a piece costs far more than taking it.
pub(super) const PIECE_BYTES: usize = 1 << 20;

/// The text of a project being read.
pub(super) enum Text<'t> {
    /// The caller's.
    Borrowed(&'t str),
    /// The loader's own, freed as soon as it is no longer needed; `again` reads the file again.
    Own {
        text: String,
        again: &'t dyn Fn() -> Result<String, LoadError>,
    },
}

/// A byte-order mark, which some Windows editors write in front of a text: passed over, and not
/// written back.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// `text` without a byte-order mark in front.
pub(super) fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text)
}

impl Text<'_> {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Own { text, .. } => text,
        }
    }

    /// The text without a byte-order mark in front.
    pub(super) fn without_byte_order_mark(self) -> Self {
        match self {
            Text::Borrowed(text) => Text::Borrowed(without_byte_order_mark(text)),
            Text::Own { mut text, again } => {
                if text.starts_with(BYTE_ORDER_MARK) {
                    text.drain(..BYTE_ORDER_MARK.len_utf8());
                }
                Text::Own { text, again }
            }
        }
    }
}

/// Decodes a project of the current model from `text`, whose limit scan gave `outline`: in
/// pieces on all cores when the file is big, else plainly.
pub(super) fn decode_project(text: Text<'_>, outline: &Outline) -> Result<Project, LoadError> {
    let threads = parallel::threads();
    if text.as_str().len() < MIN_BYTES || threads < 2 {
        return decode(text.as_str());
    }
    decode_in_pieces(text, outline, threads)
}

/// [`decode_project`] for any size and number of threads.
fn decode_in_pieces(text: Text<'_>, outline: &Outline, threads: usize) -> Result<Project, LoadError> {
    let Some(plan) = Plan::new(text.as_str(), outline) else {
        return decode(text.as_str());
    };
    match text {
        Text::Borrowed(text) => {
            let pieces = plan
                .pieces
                .iter()
                .map(|(name, range)| name.part(Piece::In(&text[range.clone()])));
            plan.run(pieces.collect(), threads).map_or_else(|| decode(text), Ok)
        }
        Text::Own { text, again } => {
            let copies = parallel::in_order(plan.pieces.clone(), threads, |_: &mut (), (_, range)| {
                Some(braced(&text[range]))
            });
            drop(text);
            copies
                .and_then(|copies| {
                    let pieces = plan.pieces.iter().zip(copies);
                    plan.run(
                        pieces.map(|((name, _), copy)| name.part(Piece::Own(copy))).collect(),
                        threads,
                    )
                })
                .map_or_else(|| decode_again(again), Ok)
        }
    }
}

/// The plain parse of the file read again (for an error's line and column, the text having been
/// freed), within the limits like the first reading.
fn decode_again(again: &dyn Fn() -> Result<String, LoadError>) -> Result<Project, LoadError> {
    let text = again()?;
    let text = without_byte_order_mark(&text);
    check_text(text)?;
    decode(text)
}

/// One of the texts parsed on its own.
enum Part<'t> {
    /// The document with the entries of both maps taken out.
    Rest(&'t str),
    /// Entries of the `nodes` map.
    Nodes(Piece<'t>),
    /// Entries of the `flows` map.
    Flows(Piece<'t>),
}

/// The entries of a piece: from right after a comma (or the map's `{`) to right after a comma
/// (or the map's `}`).
enum Piece<'t> {
    /// Where they are in the text; parsed from a copy in braces in the thread's buffer.
    In(&'t str),
    /// A copy of their own, in braces.
    Own(String),
}

/// The entries of `piece` in braces, as a map of their own.
fn braced(piece: &str) -> String {
    let mut text = String::with_capacity(piece.len() + 2);
    text.push('{');
    text.push_str(piece);
    text.push('}');
    text
}

enum Parsed {
    Rest(Box<Project>),
    Nodes(Vec<(NodeId, Node)>),
    Flows(Vec<(FlowId, Flow)>),
}

struct Plan {
    /// The text with the maps' entries taken out (`nodes: {}`).
    rest: String,
    /// The pieces in file order: their map and where they are in the text.
    pieces: Vec<(Name, Range<usize>)>,
}

impl Plan {
    /// The parts of `text`, when its outline shows a plain envelope with a map worth cutting.
    fn new(text: &str, outline: &Outline) -> Option<Plan> {
        let mut maps = project_maps(text, outline)?;
        maps.sort_by_key(|map| map.open);
        let mut pieces = Vec::new();
        let mut rest = String::with_capacity(maps.iter().fold(text.len(), |n, map| n - (map.close - map.open - 1)));
        let mut copied = 0;
        for map in &maps {
            let starts = std::iter::once(map.open + 1).chain(map.cuts.iter().map(|cut| cut + 1));
            let ends = map.cuts.iter().map(|cut| cut + 1).chain(std::iter::once(map.close));
            pieces.extend(starts.zip(ends).map(|(start, end)| (map.name, start..end)));
            rest.push_str(&text[copied..=map.open]);
            copied = map.close;
        }
        rest.push_str(&text[copied..]);
        // Two pieces at least, or there is nothing to share out.
        (pieces.len() > 1).then_some(Plan { rest, pieces })
    }

    /// Parses the rest and `pieces` (in file order) on up to `threads` threads and puts the
    /// project together; `None` as soon as a part fails, or when a key is in two pieces.
    fn run(&self, pieces: Vec<Part<'_>>, threads: usize) -> Option<Project> {
        let parts = std::iter::once(Part::Rest(&self.rest)).chain(pieces).collect();
        let done = parallel::in_order(parts, threads, |buffer, part| parse(part, buffer))?;
        Parts::of(done)?.join_unique()
    }
}

fn parse(part: Part<'_>, buffer: &mut String) -> Option<Parsed> {
    match part {
        Part::Rest(rest) => ron_options()
            .from_str::<Envelope<Project>>(rest)
            .ok()
            .map(|envelope| Parsed::Rest(Box::new(envelope.project))),
        Part::Nodes(piece) => entries(piece, buffer).map(Parsed::Nodes),
        Part::Flows(piece) => entries(piece, buffer).map(Parsed::Flows),
    }
}

/// Parses the entries of `piece` as a map of their own (then frees a copy of its own).
fn entries<K, V>(piece: Piece<'_>, buffer: &mut String) -> Option<Vec<(K, V)>>
where
    K: DeserializeOwned + Ord + Clone + std::fmt::Debug,
    V: DeserializeOwned,
{
    let text = match &piece {
        Piece::In(entries) => {
            buffer.clear();
            buffer.push('{');
            buffer.push_str(entries);
            buffer.push('}');
            buffer.as_str()
        }
        Piece::Own(copy) => copy.as_str(),
    };
    ron_options().from_str_seed(text, Project::map_entries()).ok()
}

/// The parsed parts: the project without the entries of its maps, and their pieces in file order.
struct Parts {
    rest: Project,
    nodes: Vec<Vec<(NodeId, Node)>>,
    flows: Vec<Vec<(FlowId, Flow)>>,
}

impl Parts {
    /// The parts sorted by kind, in part order; `None` without the rest.
    fn of(done: Vec<Parsed>) -> Option<Parts> {
        let mut rest = None;
        let (mut nodes, mut flows) = (Vec::new(), Vec::new());
        for parsed in done {
            match parsed {
                Parsed::Rest(project) => rest = Some(*project),
                Parsed::Nodes(entries) => nodes.push(entries),
                Parsed::Flows(entries) => flows.push(entries),
            }
        }
        Some(Parts {
            rest: rest?,
            nodes,
            flows,
        })
    }

    /// The project; `None` when a key is in two pieces (each piece refuses its own repeats).
    fn join_unique(self) -> Option<Project> {
        let (nodes, flows) = (count(&self.nodes), count(&self.flows));
        let project = self.join();
        (project.nodes.len() == nodes && project.flows.len() == flows).then_some(project)
    }

    /// The project, each map holding the last of the entries under a key.
    fn join(self) -> Project {
        let Parts { mut rest, nodes, flows } = self;
        // Joining moves every entry twice: the two trees are built side by side.
        (rest.nodes, rest.flows) = thread::scope(|scope| {
            let nodes = scope.spawn(|| tree(nodes));
            let flows = tree(flows);
            (
                nodes.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                flows,
            )
        });
        rest
    }
}

fn count<E>(pieces: &[Vec<E>]) -> usize {
    pieces.iter().map(Vec::len).sum()
}

/// The tree of a map from its pieces' entries, in file order, built in one go from the sorted
/// run.
fn tree<K: Ord, V>(pieces: Vec<Vec<(K, V)>>) -> BTreeMap<K, V> {
    let mut entries = Vec::with_capacity(count(&pieces));
    for piece in pieces {
        entries.extend(piece);
    }
    entries.into_iter().collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    Nodes,
    Flows,
}

impl Name {
    /// The part parsing `piece` as entries of this map.
    fn part(self, piece: Piece<'_>) -> Part<'_> {
        match self {
            Name::Nodes => Part::Nodes(piece),
            Name::Flows => Part::Flows(piece),
        }
    }
}

/// A map value of the project: its braces and the cuts (commas) between them.
struct MapSpan {
    name: Name,
    open: usize,
    close: usize,
    cuts: Vec<usize>,
}

/// The project's `nodes` and `flows` maps, when the outline shows them plainly: the text is
/// `(…, project: (…, nodes: {…}, …), …)` with every field named by a plain identifier, one
/// `project` field, and each map named once.
fn project_maps(text: &str, outline: &Outline) -> Option<Vec<MapSpan>> {
    if !outline.clean {
        return None;
    }
    let levels = Levels::of(&outline.marks);
    let envelope = levels.open_at(text, outline.marks.first()?.at, 1, b'(')?;
    let mut project = None;
    for (name, value) in levels.fields(text, envelope)? {
        if name == "project" {
            if project.is_some() {
                return None;
            }
            // An optional struct name before the parenthesis.
            let at = match ident_len(&text[value..]) {
                0 => value,
                len => skip_blank(text, value + len)?,
            };
            project = Some(levels.open_at(text, at, 2, b'(')?);
        }
    }
    let mut maps: Vec<MapSpan> = Vec::new();
    for (name, value) in levels.fields(text, project?)? {
        let name = match name {
            "nodes" => Name::Nodes,
            "flows" => Name::Flows,
            _ => continue,
        };
        if maps.iter().any(|map| map.name == name) {
            return None;
        }
        let open = levels.open_at(text, value, 3, b'{')?;
        let close = levels.close_of(open)?;
        if text.as_bytes()[levels.marks[close].at] != b'}' {
            return None;
        }
        // Inside a third-level map only its cuts are marked.
        let cuts = levels.marks[open + 1..close].iter().map(|mark| mark.at).collect();
        maps.push(MapSpan {
            name,
            open: levels.marks[open].at,
            close: levels.marks[close].at,
            cuts,
        });
    }
    Some(maps)
}

/// The outline's marks with the level each is on (for a bracket: the level inside it).
struct Levels<'o> {
    marks: &'o [Mark],
    levels: Vec<usize>,
}

impl<'o> Levels<'o> {
    fn of(marks: &'o [Mark]) -> Self {
        let mut level = 0;
        let levels = marks
            .iter()
            .map(|mark| match mark.kind {
                MarkKind::Open => {
                    level += 1;
                    level
                }
                MarkKind::Close => {
                    level -= 1;
                    level + 1
                }
                MarkKind::Comma | MarkKind::Cut => level,
            })
            .collect();
        Self { marks, levels }
    }

    /// The index of the mark at byte `at` when `bracket` stands there and opens `level`.
    fn open_at(&self, text: &str, at: usize, level: usize, bracket: u8) -> Option<usize> {
        let i = self.marks.partition_point(|mark| mark.at < at);
        let mark = self.marks.get(i)?;
        (mark.at == at && mark.kind == MarkKind::Open && self.levels[i] == level && text.as_bytes()[at] == bracket)
            .then_some(i)
    }

    /// The index of the mark closing the bracket opened at mark `open`.
    fn close_of(&self, open: usize) -> Option<usize> {
        let level = self.levels[open];
        (open + 1..self.marks.len()).find(|&i| self.marks[i].kind == MarkKind::Close && self.levels[i] == level)
    }

    /// The fields of the struct opened at mark `open`: each name and where its value starts.
    /// `None` when a field does not start with a plain name and a colon.
    fn fields<'t>(&self, text: &'t str, open: usize) -> Option<Vec<(&'t str, usize)>> {
        let close = self.close_of(open)?;
        let level = self.levels[open];
        let starts = std::iter::once(open)
            .chain((open + 1..close).filter(|&i| self.marks[i].kind == MarkKind::Comma && self.levels[i] == level));
        let mut fields = Vec::new();
        for i in starts {
            let at = skip_blank(text, self.marks[i].at + 1)?;
            if at == self.marks[close].at {
                break; // the end, after a trailing comma
            }
            let len = ident_len(&text[at..]);
            let colon = skip_blank(text, at + len)?;
            if len == 0 || text.as_bytes()[colon] != b':' {
                return None;
            }
            fields.push((&text[at..at + len], skip_blank(text, colon + 1)?));
        }
        Some(fields)
    }
}

/// The length of the plain (ASCII) identifier at the start of `text`, 0 if there is none.
fn ident_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

/// The offset of the first byte from `at` that is not ASCII white space or inside a comment;
/// `None` at the end of the text.
fn skip_blank(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    loop {
        match (bytes.get(at)?, bytes.get(at + 1)) {
            (b' ' | b'\t' | b'\n' | b'\r', _) => at += 1,
            (b'/', Some(b'/')) => at += bytes[at..].iter().position(|&b| b == b'\n')?,
            (b'/', Some(b'*')) => {
                let mut nesting = 0usize;
                loop {
                    match (bytes.get(at)?, bytes.get(at + 1)) {
                        (b'/', Some(b'*')) => {
                            nesting += 1;
                            at += 2;
                        }
                        (b'*', Some(b'/')) => {
                            nesting -= 1;
                            at += 2;
                            if nesting == 0 {
                                break;
                            }
                        }
                        _ => at += 1,
                    }
                }
            }
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests;
