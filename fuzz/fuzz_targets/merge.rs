//! Fuzz the three-way merge: the input is split into base, ours and theirs at NUL bytes; when all
//! three load, merging must not panic and its result must save and load.
#![no_main]

use dlt_modeller::{file, merge};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0).map(std::str::from_utf8);
    let (Some(Ok(a)), Some(Ok(b)), Some(Ok(c))) = (parts.next(), parts.next(), parts.next()) else { return };
    let (Ok(base), Ok(ours), Ok(theirs)) = (file::parse(a), file::parse(b), file::parse(c)) else { return };
    let merged = merge::merge(&base.project, &ours.project, &theirs.project);
    let text = file::to_text(&merged.project);
    assert_eq!(file::parse(&text).expect("merged text loads").project, merged.project);
    let _ = merge::diff(&base.project, &merged.project);
});
