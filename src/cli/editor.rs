//! Before the editor opens a window: an argument that is neither a file nor a subcommand, and a
//! machine without a display, are told in the user's words (naming the subcommands, which work
//! without a display), rather than as a failed file or a windowing library's error.

use std::path::Path;

use clap::CommandFactory;

use super::Cli;

/// Why the editor cannot start, in plain words, or `None` when it may try. `file` is the
/// argument given for the editor; `display` reads an environment variable.
pub fn refusal(file: Option<&Path>, display: impl Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(word) = file.filter(|f| !f.exists()) {
        return Some(not_a_file_nor_a_subcommand(word));
    }
    if needs_a_display_server()
        && ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .all(|v| display(v).is_none_or(|s| s.is_empty()))
    {
        return Some(format!(
            "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set). The editor needs a desktop \
             session; the subcommands work without one: {}. See `dlt-modeller --help`.",
            subcommands().join(", ")
        ));
    }
    None
}

/// X11 and Wayland say where the display is in the environment; Windows and macOS always have one.
fn needs_a_display_server() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
}

fn not_a_file_nor_a_subcommand(word: &Path) -> String {
    let names = subcommands();
    let typed = word.to_string_lossy();
    let closest = names
        .iter()
        .filter(|_| is_a_bare_word(word))
        .min_by_key(|name| edit_distance(&typed, name))
        .map_or(String::new(), |name| format!(" Did you mean `dlt-modeller {name}`?"));
    format!(
        "“{typed}” is neither an existing file nor a subcommand.{closest} The subcommands: {}. \
         See `dlt-modeller --help`.",
        names.join(", ")
    )
}

/// The subcommands' names, in the order `--help` lists them.
fn subcommands() -> Vec<String> {
    let cli = Cli::command();
    let names = cli.get_subcommands().map(|c| c.get_name().to_string());
    names.filter(|name| name != "help").collect()
}

/// How many single-character insertions, deletions or substitutions turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Whether `path` reads as a word rather than a file name (no folder, no extension): a
/// mistyped or future subcommand.
fn is_a_bare_word(path: &Path) -> bool {
    path.extension().is_none() && path.parent().is_none_or(|p| p.as_os_str().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_subcommand_is_suggested() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "fmt"), 3);
        let said = refusal(Some(Path::new("asses")), |_| Some(":0".into())).unwrap();
        assert!(said.contains("Did you mean `dlt-modeller assess`?"), "{said}");
        assert!(said.contains("check, fmt, new"), "{said}");
        let missing = refusal(Some(Path::new("/nowhere/gold.ron")), |_| Some(":0".into())).unwrap();
        assert!(
            missing.contains("“/nowhere/gold.ron” is neither an existing file"),
            "{missing}"
        );
        assert!(
            !missing.contains("Did you mean"),
            "a file name is not a mistyped subcommand"
        );
        assert_eq!(refusal(None, |_| Some(":0".into())), None);
    }
}
