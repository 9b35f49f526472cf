//! The `rules` subcommand: lists the built-in regulatory and coverage rules (key, topic,
//! severity, jurisdictions, dates, source), or with `--check FILE` reads a rule file as a
//! project's own rules would be read and says whether it is accepted: exit 0 when it is, 1 when
//! it is refused (with file:line:column), 2 when it cannot be read.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::assess::rules::{self, Rule};

/// Lists the built-in rules, or checks the rule file `check`.
pub fn run(check: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let Some(path) = check else {
        for rule in &rules::builtin().rules {
            let _ = writeln!(out, "{}", line(rule));
        }
        return Outcome::Clean;
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}", path.display());
            return Outcome::Unreadable;
        }
    };
    match rules::check(&path.display().to_string(), &text) {
        Ok(set) => {
            let own: Vec<&Rule> = set.rules.iter().filter(|r| !r.builtin).collect();
            let _ = writeln!(
                out,
                "{}: {} accepted",
                path.display(),
                crate::assess::count_as(own.len(), "rule", "rules")
            );
            for rule in own {
                let _ = writeln!(out, "{}", line(rule));
            }
            Outcome::Clean
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            Outcome::Problems
        }
    }
}

/// "key  topic  severity  jurisdictions  dates  source".
fn line(rule: &Rule) -> String {
    let def = &rule.def;
    let places = if def.jurisdictions.is_empty() {
        "anywhere".to_owned()
    } else {
        def.jurisdictions.join(",")
    };
    let dates = match (def.from.as_str(), def.until.as_str()) {
        ("", "") => "always".to_owned(),
        (from, "") => format!("from {from}"),
        ("", until) => format!("until {until}"),
        (from, until) => format!("{from}..{until}"),
    };
    let status = if def.status.is_empty() {
        String::new()
    } else {
        format!(" ({})", def.status)
    };
    format!(
        "{}\t{}\t{}\t{}\t{}{}\t{}",
        def.key, def.topic, def.severity, places, dates, status, def.source
    )
}
