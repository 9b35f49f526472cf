//! The list of built-in rules in `docs/RULES.md`, written from the rule data (a test keeps the
//! document and the data equal).

use std::fmt::Write as _;

use super::compile::Compiled;

/// The rules as a Markdown table: key, topic, severity, where, when in force, source.
pub fn markdown(rules: &Compiled) -> String {
    let mut out = String::new();
    out.push_str("| Rule | Topic | Severity | Jurisdictions | In force | Source |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for rule in &rules.rules {
        let def = &rule.def;
        let places = if def.jurisdictions.is_empty() {
            "any".to_owned()
        } else {
            def.jurisdictions.join(", ")
        };
        let dates = match (def.from.as_str(), def.until.as_str()) {
            ("", "") => "always".to_owned(),
            (from, "") => format!("from {from}"),
            ("", until) => format!("until {until}"),
            (from, until) => format!("{from} to {until}"),
        };
        let status = if def.status.is_empty() {
            String::new()
        } else {
            format!(" ({})", def.status)
        };
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {}{} | {} |",
            def.key,
            def.topic,
            def.severity,
            places,
            dates,
            status,
            def.source.replace('|', "\\|")
        );
    }
    out
}
