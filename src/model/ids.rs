//! Stable short string ids for nodes and flows: their shape, and fresh ids that are never reused.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// The id of a node: a short string chosen at creation and never changed.
pub type NodeId = String;
/// The id of a flow: a short string chosen at creation and never changed.
pub type FlowId = String;

/// Longest id accepted in a file.
pub const MAX_ID_LEN: usize = 64;

/// An id is 1–64 characters of lower-case ASCII letters, digits, `-`, `_` and `.`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
}

thread_local! {
    static STATE: Cell<u64> = Cell::new(RandomState::new().build_hasher().finish() | 1);
}

fn next_random() -> u64 {
    STATE.with(|s| {
        // xorshift64*: enough to make ids that two colleagues will not both pick.
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    })
}

/// A fresh id `prefix-xxxxx` (five random base-36 characters) for which `taken` is false.
/// Random rather than counted, so two people adding nodes to copies of one file do not pick
/// the same id, and a deleted id is not handed out again.
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    loop {
        let mut r = next_random();
        let mut id = String::with_capacity(prefix.len() + 6);
        id.push_str(prefix);
        id.push('-');
        for _ in 0..5 {
            id.push(DIGITS[(r % 36) as usize] as char);
            r /= 36;
        }
        if !taken(&id) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_a_safe_shape() {
        assert!(is_valid_id("mine"));
        assert!(is_valid_id("actor-0az9_x.y"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Mine"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn fresh_ids_are_valid_and_avoid_taken_ones() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = fresh_id("n", |c| seen.contains(c));
            assert!(is_valid_id(&id), "{id}");
            assert!(id.starts_with("n-") && id.len() == 7);
            assert!(seen.insert(id));
        }
    }
}
