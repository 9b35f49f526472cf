//! Hostile input, bounded so it runs in `cargo test`: thousands of mutated and truncated samples
//! and random byte strings go to the loader and to the merge. Nothing may panic; every refusal
//! of text says where; whatever loads also merges and saves.

use dlt_modeller::generate::Rng;
use dlt_modeller::{file, merge, templates};

const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "Some(",
    "None",
    "-1",
    "1e999",
    "r#\"",
    "//",
    "/*",
    "é",
    "\u{0}",
    "nodes",
    "version: 2",
];

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes.truncate(at),
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let piece = PIECES[rng.below(PIECES.len())];
                bytes.splice(at..at, piece.bytes());
            }
            3 => {
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            _ => {
                let len = rng.below(200);
                let start = rng.below(bytes.len());
                let copy: Vec<u8> = bytes[start..(start + len).min(bytes.len())].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

#[test]
fn mutated_samples_never_panic_the_loader_or_the_merge() {
    let mut rng = Rng(2026);
    let (mut loaded, mut refused) = (0, 0);
    for template in templates::all() {
        let original = template.project();
        let mut mutants = Vec::new();
        for _ in 0..400 {
            let bytes = mutate(&mut rng, template.text());
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            match file::parse(text) {
                Ok(l) => {
                    loaded += 1;
                    let _ = merge::diff(&original, &l.project);
                    mutants.push(l.project);
                }
                Err(e) => {
                    refused += 1;
                    assert!(e.position.is_some() || !e.message.is_empty(), "{e}");
                }
            }
        }
        for pair in mutants.windows(2) {
            let merged = merge::merge(&original, &pair[0], &pair[1]);
            let again = file::parse(&file::to_text(&merged.project)).expect("a merged project saves and loads");
            assert_eq!(again.project, merged.project);
        }
    }
    assert!(loaded > 50, "some mutations still load and are merged: {loaded}");
    assert!(
        refused > 1000,
        "most mutations break the file: {refused} refused, {loaded} loaded"
    );
}

#[test]
fn random_bytes_never_panic_the_loader() {
    let mut rng = Rng(7);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.ron");
    for i in 0..2000 {
        let len = rng.below(512);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        if i % 50 == 0 {
            std::fs::write(&path, &bytes).unwrap();
            assert!(file::load(&path).is_err());
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            assert!(file::parse(text).is_err());
        }
    }
}
