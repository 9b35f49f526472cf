//! Limits on untrusted input, checked on the raw text before parsing so that a hostile file
//! fails fast, with a position, and without running away with memory or stack. The same scan
//! notes the document's outline (the top bracket levels and where entries of big maps end),
//! which `pieces` uses to parse the node and flow maps of a big file in parallel.

use super::LoadError;

/// Largest project file accepted (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Longest string literal accepted (1 MiB).
pub const MAX_STRING_BYTES: usize = 1024 * 1024;
/// Deepest bracket nesting accepted; the format itself needs seven levels.
pub const MAX_DEPTH: usize = 32;
/// Most nodes accepted in one project.
pub const MAX_NODES: usize = 1_000_000;
/// Most flows accepted in one project.
pub const MAX_FLOWS: usize = 2_000_000;
/// Largest coordinate (either sign) of a node's position: a drawing 2,000,000 units across, a
/// hundred times the widest the largest generated project needs, and small enough that the
/// tenths a position is rounded to survive in an `f32`.
pub const MAX_COORDINATE: f32 = 1_000_000.0;

/// Bracket levels the outline records: the envelope, the project, and its fields' values.
const OUTLINE_LEVELS: usize = 3;
/// Most marks an outline holds: a project file has a few dozen and a cut per piece; a text with
/// more (thousands of brackets on the top levels) is not laid out like one and is parsed plainly.
const MAX_MARKS: usize = 1 << 16;

/// Checks the size, string lengths and nesting depth of a file's text.
pub fn check_text(text: &str) -> Result<(), LoadError> {
    scan(text, usize::MAX).map(drop)
}

/// Checks the limits like [`check_text`] and returns the text's outline, with a cut about every
/// `cut_every` bytes inside third-level maps.
pub(super) fn scan(text: &str, cut_every: usize) -> Result<Outline, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(text.len() as u64));
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        outline: Outline {
            marks: Vec::new(),
            clean: true,
        },
        cut_every,
        next_cut: usize::MAX,
    };
    scanner.run()?;
    Ok(scanner.outline)
}

/// The refusal of a file of `size` bytes, over [`MAX_FILE_BYTES`].
pub(super) fn too_big(size: u64) -> LoadError {
    LoadError::whole(format!(
        "the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes (256 MiB)"
    ))
}

/// The top of a text's structure as the scan saw it, outside strings and comments: every bracket
/// that opens or closes one of the first [`OUTLINE_LEVELS`] levels, the commas on the first two
/// (between the envelope's and the project's fields), and now and then a comma on the third after
/// which a quoted key follows (between two entries of a map: where the map may be cut).
#[derive(Debug, Default)]
pub(super) struct Outline {
    pub marks: Vec<Mark>,
    /// The text lexes plainly: every bracket closed and none closed too often, every string and
    /// comment closed, and no `#` outside them (a `#![enable(…)]` attribute or a raw identifier
    /// changes how the rest reads).
    pub clean: bool,
}

/// A byte offset in the text and what is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub at: usize,
    pub kind: MarkKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MarkKind {
    /// `(`, `[` or `{`.
    Open,
    /// `)`, `]` or `}`.
    Close,
    /// A comma on the first two levels.
    Comma,
    /// A comma on the third level that ends a map entry: a quoted key follows.
    Cut,
}

/// The bytes the scan stops at: brackets, quotes, comments, `#` (and, on the outline's levels,
/// commas); it runs over everything else.
const SPECIAL: [bool; 256] = special(b"()[]{}\"'/#");
const SPECIAL_ON_TOP: [bool; 256] = special(b"()[]{}\"'/#,");

const fn special(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    outline: Outline,
    cut_every: usize,
    /// Third-level commas from here on may become cuts.
    next_cut: usize,
}

impl Scanner<'_> {
    fn run(&mut self) -> Result<(), LoadError> {
        let mut depth = 0usize;
        loop {
            // Commas matter only on the outline's levels.
            let special = if depth <= OUTLINE_LEVELS {
                &SPECIAL_ON_TOP
            } else {
                &SPECIAL
            };
            match self.bytes[self.pos..].iter().position(|&b| special[usize::from(b)]) {
                Some(skip) => self.pos += skip,
                None => break,
            }
            let start = self.pos;
            match self.bytes[start] {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(self.error(start, format!("nested more than {MAX_DEPTH} levels deep")));
                    }
                    if depth <= OUTLINE_LEVELS {
                        self.mark(start, MarkKind::Open);
                        self.next_cut = start.saturating_add(self.cut_every);
                    }
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    if depth <= OUTLINE_LEVELS {
                        self.mark(start, MarkKind::Close);
                        self.outline.clean &= depth > 0;
                    }
                    depth = depth.saturating_sub(1);
                    self.pos += 1;
                }
                b',' => {
                    if depth < OUTLINE_LEVELS {
                        self.mark(start, MarkKind::Comma);
                    } else if start >= self.next_cut && self.key_follows(start + 1) {
                        self.mark(start, MarkKind::Cut);
                        self.next_cut = start.saturating_add(self.cut_every);
                    }
                    self.pos += 1;
                }
                b'"' | b'#' => match self.raw_string_opened() {
                    Some(r) => self.raw_string(r)?,
                    None if self.bytes[start] == b'"' => self.quoted(start, b'"')?,
                    None => {
                        // An attribute or a raw identifier.
                        self.outline.clean = false;
                        self.pos += 1;
                    }
                },
                b'\'' => self.quoted(start, b'\'')?,
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(start)?,
                _ => self.pos += 1,
            }
        }
        self.outline.clean &= depth == 0;
        Ok(())
    }

    fn mark(&mut self, at: usize, kind: MarkKind) {
        if self.outline.marks.len() < MAX_MARKS {
            self.outline.marks.push(Mark { at, kind });
        } else {
            self.outline.clean = false;
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Whether only spaces and line breaks stand between `at` and a `"`.
    fn key_follows(&self, at: usize) -> bool {
        self.bytes[at..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            == Some(&b'"')
    }

    /// At the `"` or first `#` of `r"`, `r#…#"` (or `br…`, the `r` not ending a longer
    /// identifier): where the `r` is.
    fn raw_string_opened(&self) -> Option<usize> {
        let r = self.pos.checked_sub(1).filter(|&r| self.bytes[r] == b'r')?;
        let hashes = self.bytes[self.pos..].iter().take_while(|&&b| b == b'#').count();
        if self.peek(hashes) != Some(b'"') {
            return None;
        }
        let ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        let plain = match self.bytes[..r] {
            [.., b'b'] => !self.bytes[..r - 1].last().is_some_and(ident),
            [.., ref b] => !ident(b),
            [] => true,
        };
        plain.then_some(r)
    }

    fn quoted(&mut self, start: usize, quote: u8) -> Result<(), LoadError> {
        self.pos += 1;
        loop {
            match self.bytes[self.pos..].iter().position(|&b| b == quote || b == b'\\') {
                Some(i) if self.bytes[self.pos + i] == quote => {
                    self.pos += i + 1;
                    return self.check_length(start, self.pos - start);
                }
                Some(i) => {
                    self.pos += i + 2;
                    self.check_length(start, self.pos - start)?;
                    if self.pos >= self.bytes.len() {
                        break;
                    }
                }
                None => break,
            }
        }
        // Unterminated: the parser reports it with its own position.
        self.check_length(start, self.bytes.len() - start)?;
        self.pos = self.bytes.len();
        self.outline.clean = false;
        Ok(())
    }

    /// A raw string from its `r` at `start`; the scan stands after the `r`.
    fn raw_string(&mut self, start: usize) -> Result<(), LoadError> {
        let hashes = self.bytes[self.pos..].iter().take_while(|&&b| b == b'#').count();
        self.pos += 1 + hashes;
        let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
        match find(&self.bytes[self.pos..], &closing) {
            Some(i) => {
                self.pos += i + closing.len();
                self.check_length(start, self.pos - start)
            }
            None => {
                self.check_length(start, self.bytes.len() - start)?;
                self.pos = self.bytes.len();
                self.outline.clean = false;
                Ok(())
            }
        }
    }

    fn line_comment(&mut self) {
        match self.bytes[self.pos..].iter().position(|&b| b == b'\n') {
            Some(i) => self.pos += i + 1,
            None => self.pos = self.bytes.len(),
        }
    }

    fn block_comment(&mut self, start: usize) -> Result<(), LoadError> {
        let mut nesting = 0usize;
        while self.pos < self.bytes.len() {
            match (self.bytes[self.pos], self.peek(1)) {
                (b'/', Some(b'*')) => {
                    nesting += 1;
                    if nesting > MAX_DEPTH {
                        return Err(self.error(start, "comments nested too deeply".to_string()));
                    }
                    self.pos += 2;
                }
                (b'*', Some(b'/')) => {
                    nesting -= 1;
                    self.pos += 2;
                    if nesting == 0 {
                        return Ok(());
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.outline.clean = false;
        Ok(())
    }

    fn check_length(&self, start: usize, len: usize) -> Result<(), LoadError> {
        if len > MAX_STRING_BYTES + 2 {
            Err(self.error(
                start,
                format!("a text longer than the limit of {MAX_STRING_BYTES} bytes starts here"),
            ))
        } else {
            Ok(())
        }
    }

    fn error(&self, at: usize, message: String) -> LoadError {
        let (line, col) = line_col(self.text, at);
        LoadError::at(line, col, message)
    }
}

/// A token of a text that passed the limit scan, for the slow paths that need more of its
/// structure than the outline (comments are skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// `(`, `[` or `{`.
    Open(u8),
    /// `)`, `]` or `}`.
    Close,
    Comma,
    /// A string literal, quoted or raw, as written (quotes, `r` and hashes included).
    Text(std::ops::Range<usize>),
}

/// The brackets, commas and string literals of `text` with their offsets, in order; whatever
/// else there is (names, numbers, character literals, comments) is passed over.
pub(super) fn tokens(text: &str) -> impl Iterator<Item = (usize, Token)> + '_ {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        outline: Outline::default(),
        cut_every: usize::MAX,
        next_cut: usize::MAX,
    };
    std::iter::from_fn(move || scanner.next_token())
}

impl Scanner<'_> {
    fn next_token(&mut self) -> Option<(usize, Token)> {
        loop {
            self.pos += self.bytes[self.pos..]
                .iter()
                .position(|&b| SPECIAL_ON_TOP[usize::from(b)])?;
            let start = self.pos;
            let byte = self.bytes[start];
            match byte {
                b'(' | b'[' | b'{' | b')' | b']' | b'}' | b',' => {
                    self.pos += 1;
                    let token = match byte {
                        b',' => Token::Comma,
                        b')' | b']' | b'}' => Token::Close,
                        open => Token::Open(open),
                    };
                    return Some((start, token));
                }
                b'"' | b'#' => match self.raw_string_opened() {
                    Some(r) => {
                        self.raw_string(r).ok()?;
                        return Some((r, Token::Text(r..self.pos)));
                    }
                    None if byte == b'"' => {
                        self.quoted(start, b'"').ok()?;
                        return Some((start, Token::Text(start..self.pos)));
                    }
                    None => self.pos += 1,
                },
                b'\'' => self.quoted(start, b'\'').ok()?,
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(start).ok()?,
                _ => self.pos += 1,
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = 1 + String::from_utf8_lossy(&before[line_start..]).chars().count();
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(text: &str) -> Option<(usize, usize)> {
        check_text(text).err().and_then(|e| e.position)
    }

    #[test]
    fn ordinary_text_passes() {
        assert!(check_text("(a: \"x)(\\\"\", b: [1, 2], c: r#\"q\"(\"#) // ((((\n/* [[ /* ]] */ */").is_ok());
    }

    #[test]
    fn a_huge_string_is_refused_where_it_starts() {
        let text = format!("(\n  name: \"{}\")", "x".repeat(MAX_STRING_BYTES + 10));
        assert_eq!(position(&text), Some((2, 9)));
        let raw = format!("(\n name: r\"{}\")", "x".repeat(MAX_STRING_BYTES + 10));
        assert_eq!(position(&raw), Some((2, 8)));
    }

    #[test]
    fn deep_nesting_is_refused_where_it_exceeds() {
        let text = "[".repeat(100);
        assert_eq!(position(&text), Some((1, MAX_DEPTH + 1)));
    }

    #[test]
    fn the_outline_marks_the_top_levels_and_cuts_between_entries() {
        let text = "(a: 1, p: (m: {\"k\": (x: [1, 2]), \"l\": ()}, s: \"({,\"), )";
        let outline = scan(text, 1).unwrap();
        assert!(outline.clean);
        let marks: Vec<(char, MarkKind)> = outline
            .marks
            .iter()
            .map(|mark| (char::from(text.as_bytes()[mark.at]), mark.kind))
            .collect();
        use MarkKind::*;
        #[rustfmt::skip]
        let expected = [('(', Open), (',', Comma), ('(', Open), ('{', Open), (',', Cut), ('}', Close), (',', Comma),
            (')', Close), (',', Comma), (')', Close)];
        assert_eq!(marks, expected);
        assert!(
            !scan(text, 100).unwrap().marks.iter().any(|mark| mark.kind == Cut),
            "too close together"
        );
    }

    #[test]
    fn the_outline_says_whether_the_text_lexes_plainly() {
        for clean in [
            "(a: br\"\\\", b: r#\"\"(\"#, c: b\"\\\"\", d: '\"', e: ')')",
            "() // (",
            "(/* ( /* ) */ ( */)",
        ] {
            let outline = scan(clean, 1).unwrap();
            assert!(outline.clean, "{clean}");
            assert_eq!(outline.marks.first().map(|m| m.kind), Some(MarkKind::Open), "{clean}");
            assert_eq!(outline.marks.last().map(|m| m.kind), Some(MarkKind::Close), "{clean}");
        }
        let many = format!("({})", "(),".repeat(MAX_MARKS));
        for unclean in [
            "#![enable(implicit_some)] ()",
            "(r#a: 1)",
            "(a: \"x)",
            "())",
            "((",
            "(/* )",
            many.as_str(),
        ] {
            assert!(!scan(unclean, 1).unwrap().clean, "{unclean}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("é\nxé€y", 9), (2, 4));
    }
}
