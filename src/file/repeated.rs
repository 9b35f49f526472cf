//! Where a repeated map key is. The model refuses a key given twice in one map while it is read,
//! but the reader does not know where the first entry was; when it refuses one, the text is walked
//! again (a slow path, only on that error) to name the lines of both entries.

use std::collections::HashMap;

use super::LoadError;
use super::limits::{Token, line_col, tokens};
use crate::model::unique::REPEATED_KEY;

/// The refusal of a text whose map repeats a key, saying where both entries are; `None` when
/// `message` is not about a repeated key or the walk finds none (the reader's own message then
/// stands).
pub(super) fn refusal(text: &str, message: &str) -> Option<LoadError> {
    if !message.starts_with(REPEATED_KEY) {
        return None;
    }
    let (key, first, second) = first_repeat(text)?;
    let (first_line, _) = line_col(text, first);
    let (line, col) = line_col(text, second);
    Some(LoadError::at(
        line,
        col,
        format!(
            "{REPEATED_KEY}{key:?}: one map has an entry under it on line {first_line} and another on line \
             {line}; keep one of them (nothing was loaded, so nothing is lost)"
        ),
    ))
}

/// A map of the text being read: the keys seen so far with their offsets, and whether the next
/// token is a key (after the `{` or a comma).
struct Map {
    keys: HashMap<String, usize>,
    key_next: bool,
}

/// The first key (in text order of its second entry) that a map of `text` lists twice, with
/// the offsets of both entries. Keys are compared as read, escapes resolved.
fn first_repeat(text: &str) -> Option<(String, usize, usize)> {
    // `None` for a bracket that is not a map.
    let mut open: Vec<Option<Map>> = Vec::new();
    for (at, token) in tokens(text) {
        let map = open.last_mut().and_then(Option::as_mut);
        match token {
            Token::Open(bracket) => {
                if let Some(map) = map {
                    map.key_next = false;
                }
                open.push((bracket == b'{').then(|| Map {
                    keys: HashMap::new(),
                    key_next: true,
                }));
            }
            Token::Close => {
                open.pop();
            }
            Token::Comma => {
                if let Some(map) = map {
                    map.key_next = true;
                }
            }
            Token::Text(literal) => {
                let Some(map) = map.filter(|map| map.key_next) else {
                    continue;
                };
                map.key_next = false;
                let Ok(key) = ron::from_str::<String>(&text[literal]) else {
                    continue;
                };
                if let Some(&first) = map.keys.get(&key) {
                    return Some((key, first, at));
                }
                map.keys.insert(key, at);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_repeat_is_found_in_any_map_with_escapes_resolved() {
        let text = "(a: {\"x\": (b: {\"k\": 1, \"j\": [\"k\"], /* \"k\": */ \"k\": 2}), \"y\": 3, \"\\u{78}\": 4})";
        let (key, first, second) = first_repeat(text).unwrap();
        assert_eq!(key, "k");
        assert_eq!(
            (&text[first..first + 3], &text[second..second + 6]),
            ("\"k\"", "\"k\": 2")
        );
        let outer = text.replace("\"k\": 2", "\"m\": 2");
        let (key, first, _) = first_repeat(&outer).unwrap();
        assert_eq!((key.as_str(), first), ("x", 5));
    }

    #[test]
    fn structs_lists_and_values_are_not_keys() {
        assert_eq!(
            first_repeat("(a: \"k\", b: \"k\", c: [\"k\", \"k\"], d: {\"k\": \"k\"})"),
            None
        );
        assert_eq!(first_repeat("{\"a\": r#\"b\"#, r\"b\": 1}"), None);
        assert!(first_repeat("{r\"b\": 1, \"b\": 1}").is_some());
    }
}
