//! Limits on untrusted input, checked on the raw text before parsing so that a hostile file
//! fails fast, with a position, and without running away with memory or stack.

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

/// Checks the size, string lengths and nesting depth of a file's text.
pub fn check_text(text: &str) -> Result<(), LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::whole(format!(
            "the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes",
            text.len()
        )));
    }
    Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    }
    .run()
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn run(&mut self) -> Result<(), LoadError> {
        let mut depth = 0usize;
        while self.pos < self.bytes.len() {
            let start = self.pos;
            match self.bytes[self.pos] {
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(self.error(start, format!("nested more than {MAX_DEPTH} levels deep")));
                    }
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    self.pos += 1;
                }
                b'"' => self.quoted(start, b'"')?,
                b'\'' => self.quoted(start, b'\'')?,
                b'r' if self.raw_string_ahead() => self.raw_string(start)?,
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(start)?,
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// `r"` or `r#…#"` not preceded by an identifier character.
    fn raw_string_ahead(&self) -> bool {
        let after_ident = self.pos > 0 && {
            let b = self.bytes[self.pos - 1];
            b.is_ascii_alphanumeric() || b == b'_'
        };
        if after_ident {
            return false;
        }
        let hashes = self.bytes[self.pos + 1..].iter().take_while(|&&b| b == b'#').count();
        self.peek(1 + hashes) == Some(b'"')
    }

    fn quoted(&mut self, start: usize, quote: u8) -> Result<(), LoadError> {
        self.pos += 1;
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'\\' => self.pos += 2,
                b if b == quote => {
                    self.pos += 1;
                    return self.check_length(start, self.pos - start);
                }
                _ => self.pos += 1,
            }
            self.check_length(start, self.pos - start)?;
        }
        Ok(()) // unterminated: the parser reports it with its own position
    }

    fn raw_string(&mut self, start: usize) -> Result<(), LoadError> {
        let hashes = self.bytes[self.pos + 1..].iter().take_while(|&&b| b == b'#').count();
        self.pos += 2 + hashes;
        let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
        match find(&self.bytes[self.pos..], &closing) {
            Some(i) => {
                self.pos += i + closing.len();
                self.check_length(start, self.pos - start)
            }
            None => {
                self.check_length(start, self.bytes.len() - start)?;
                self.pos = self.bytes.len();
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
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("é\nxé€y", 9), (2, 4));
    }
}
