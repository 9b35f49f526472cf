//! When the editor cannot start (issue 15, item 9): a word that is neither a file nor a
//! subcommand, and a machine without a display, are said in plain words, before any window is
//! tried, with exit code 2.

use std::process::{Command, Output};

/// Runs the program as on a machine without a display.
fn without_display(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dlt-modeller"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_word_that_is_no_file_nor_subcommand_gets_the_closest_subcommand() {
    let o = without_display(&["asess"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(
        said.contains("“asess” is neither an existing file nor a subcommand"),
        "{said}"
    );
    assert!(said.contains("Did you mean `dlt-modeller assess`?"), "{said}");
    assert!(
        said.contains("check, fmt, new, templates"),
        "names the subcommands: {said}"
    );
    assert!(!said.contains("winit"), "no window was tried: {said}");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_a_display_the_editor_says_so_and_names_the_subcommands() {
    let o = without_display(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let said = stderr(&o);
    assert!(said.contains("no display was found"), "{said}");
    assert!(said.contains("The editor needs a desktop session"), "{said}");
    assert!(said.contains("the subcommands work without one: check, fmt"), "{said}");
    assert!(!said.contains("winit") && !said.contains("EventLoopError"), "{said}");
}
