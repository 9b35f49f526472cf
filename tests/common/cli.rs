//! Running the command line as a process of its own, for the tests of its subcommands.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `dlt-modeller` with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The exit code of a process that exited normally.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// What the process printed: its standard output, then its standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The path of the sample `key` (`samples/<key>.ron`), as an argument.
pub fn sample(key: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(format!("{key}.ron"))
        .to_string_lossy()
        .into_owned()
}
