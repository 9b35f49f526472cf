//! Fuzz the project loader: any bytes either load or give an error — never a panic, a hang or
//! unbounded memory — and whatever loads saves and loads back to the same project.
#![no_main]

use dlt_modeller::file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(loaded) = file::parse(text) {
        let again = file::parse(&file::to_text(&loaded.project)).expect("saved text loads");
        assert_eq!(again.project, loaded.project);
    }
});
