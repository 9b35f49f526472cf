//! Hostile input, bounded so it runs in `cargo test`: thousands of mutated and truncated samples
//! and random byte strings go to the loader and to the merge. Nothing may panic; every refusal
//! of text says where; whatever loads also merges and saves. Keys repeated in any map, far-off
//! positions and byte-order marks are tried on every sample.

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
    "\u{feff}",
    "1e30",
    "-1000000.1",
    "), \"n0\": (",
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

/// Whether a line of canonical text starts a map entry (`"key": …`), and its indentation.
fn entry_key(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start();
    let key = trimmed.strip_prefix('"')?.split_once("\": ")?.0;
    Some((line.len() - trimmed.len(), key))
}

#[test]
fn a_key_repeated_in_any_map_of_any_sample_is_refused_with_both_lines() {
    let mut tried = 0;
    for template in templates::all() {
        let lines: Vec<&str> = template.text().lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some((indent, key)) = entry_key(line) else { continue };
            // The next entry of the same map, if any, takes this entry's key.
            let sibling = (i + 1..lines.len())
                .take_while(|&j| lines[j].len() - lines[j].trim_start().len() >= indent || lines[j].is_empty())
                .find(|&j| entry_key(lines[j]).is_some_and(|(other, _)| other == indent));
            let Some(j) = sibling else { continue };
            let (_, other) = entry_key(lines[j]).unwrap();
            let mut damaged = lines.clone();
            let renamed = lines[j].replacen(&format!("\"{other}\""), &format!("\"{key}\""), 1);
            damaged[j] = &renamed;
            let text = damaged.join("\n");
            let e = file::parse(&text).expect_err("a repeated key is refused");
            assert_eq!(e.position.map(|(line, _)| line), Some(j + 1), "{}: {e}", template.key);
            assert!(
                e.message.starts_with(&format!("repeated key {key:?}"))
                    && e.message
                        .contains(&format!("on line {} and another on line {}", i + 1, j + 1)),
                "{}: {e}",
                template.key
            );
            tried += 1;
        }
    }
    assert!(tried > 100, "{tried} maps tried");
}

#[test]
fn far_positions_are_refused_and_byte_order_marks_passed_over() {
    for template in templates::all() {
        let text = template.text();
        assert_eq!(
            file::parse(&format!("\u{feff}{text}")).unwrap().project,
            template.project()
        );
        for far in ["1e30", "-3e38", "1000000.5", "1e300", "inf"] {
            let at = text.find("position: (").unwrap() + "position: (".len();
            let damaged = format!("{}{far}{}", &text[..at], &text[at + text[at..].find(',').unwrap()..]);
            let e = file::parse(&damaged).expect_err("a far position is refused");
            assert!(
                e.message.contains("is outside the drawing"),
                "{}: {far}: {e}",
                template.key
            );
        }
    }
}

/// The fuzzers' seed inputs (`fuzz/seeds/`), checked here too: `loads-*` load and save back,
/// `refused-*` are refused saying what, and the merge seeds merge with their conflicts listed
/// and nothing broken.
#[test]
fn the_fuzz_seeds_do_what_their_names_say() {
    let mut seen = 0;
    for entry in std::fs::read_dir("fuzz/seeds/load").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        match file::parse(&text) {
            Ok(loaded) if name.starts_with("loads-") => {
                let again = file::parse(&file::to_text(&loaded.project)).unwrap();
                assert_eq!(again.project, loaded.project, "{name}");
            }
            Err(e) if name.starts_with("refused-") => {
                let expected = if name.contains("repeated") {
                    "repeated key "
                } else {
                    "outside the drawing"
                };
                assert!(e.message.contains(expected), "{name}: {e}");
            }
            other => panic!("{name}: {other:?}"),
        }
        seen += 1;
    }
    assert!(seen >= 10, "{seen} load seeds");
    for entry in std::fs::read_dir("fuzz/seeds/merge").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let sides: Vec<_> = (bytes.splitn(3, |&b| b == 0))
            .map(|part| file::parse(std::str::from_utf8(part).unwrap()).unwrap().project)
            .collect();
        let merged = merge::merge(&sides[0], &sides[1], &sides[2]);
        assert_eq!(merged.conflicts.len(), 1, "{}: {:?}", path.display(), merged.conflicts);
        let catalog = dlt_modeller::catalog::Catalog::builtin().with_project(&merged.project);
        let errors: Vec<_> = (dlt_modeller::model::validate(&merged.project, &catalog).into_iter())
            .filter(|f| f.severity == dlt_modeller::model::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}
