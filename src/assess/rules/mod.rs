//! Regulatory and coverage rules as data: the built-in rule file (`assets/catalog/rules.ron`,
//! embedded) and a project's own rules (`custom.rules`, the text of an imported rule file),
//! read with their positions, checked and compiled into the conditions the [`super::Tally`] keeps
//! lists for; and a rule's evaluation over those lists when a report is written. The vocabulary
//! is closed ([`vocabulary`]); `docs/RULES.md` documents it and lists the built-in rules.

mod compile;
pub mod date;
mod eval;
mod markdown;
pub mod places;
pub mod vocabulary;

use std::fmt;
use std::sync::{Arc, OnceLock};

pub use compile::{Bits, Compiled, FlowSubject, ListRef, MAX_CONDITIONS, Rule, Subject, Via};
pub use date::Date;
pub use eval::{Fired, Model};
pub use markdown::markdown;
pub use vocabulary::{COVERAGE, RuleDef, RuleFile};

use crate::catalog::Catalog;
use crate::model::Project;

/// The built-in rule file.
pub const BUILTIN_TEXT: &str = include_str!("../../../assets/catalog/rules.ron");

/// Where the built-in rules come from, as errors name it.
pub const BUILTIN_FILE: &str = "assets/catalog/rules.ron";

/// Where a project's own rules come from, as errors name it.
pub const PROJECT_FILE: &str = "project rules";

/// A rule file refused: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads a rule file's text (`file` names it in errors).
pub fn parse(file: &str, text: &str) -> Result<Vec<RuleDef>, RuleError> {
    ron::from_str::<RuleFile>(text)
        .map(|parsed| parsed.rules)
        .map_err(|error| RuleError {
            file: file.to_owned(),
            line: error.span.start.line,
            column: error.span.start.col,
            message: error.code.to_string(),
        })
}

/// Reads and checks a rule file's text on top of `base` (the built-in rules, or none): every
/// rule must compile against `catalog` and have a key of its own.
pub fn load(base: &Compiled, file: &str, text: &str, catalog: &Catalog) -> Result<Compiled, RuleError> {
    let builtin = file == BUILTIN_FILE;
    let mut set = base.clone();
    for def in parse(file, text)? {
        set.add(&def, builtin, catalog).map_err(|message| {
            let (line, column) = locate(text, &def.key);
            RuleError {
                file: file.to_owned(),
                line,
                column,
                message: format!("rule {:?}: {message}", def.key),
            }
        })?;
    }
    Ok(set)
}

/// The line and column of a rule's `key: "…"` in its file (1:1 when it cannot be found).
fn locate(text: &str, key: &str) -> (usize, usize) {
    let quoted = format!("{key:?}");
    let at = text
        .match_indices(&quoted)
        .map(|(at, _)| at)
        .find(|at| text[..*at].trim_end().ends_with("key:"))
        .and_then(|at| text[..at].rfind("key:"));
    at.map_or((1, 1), |at| {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        (line, column)
    })
}

/// The built-in rules, compiled on first use. The embedded file is checked by the tests, so
/// this cannot fail in a released build.
pub fn builtin() -> &'static Arc<Compiled> {
    static BUILTIN: OnceLock<Arc<Compiled>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let set = load(&Compiled::default(), BUILTIN_FILE, BUILTIN_TEXT, Catalog::builtin());
        Arc::new(set.unwrap_or_else(|error| panic!("built-in rules: {error}")))
    })
}

/// The rules for a project: the built-in ones and the project's own. When the project's own
/// rules are refused, the built-in ones alone, with the error.
pub fn for_project(project: &Project, catalog: &Catalog) -> (Arc<Compiled>, Option<RuleError>) {
    let text = &project.custom.rules;
    if text.trim().is_empty() {
        return (Arc::clone(builtin()), None);
    }
    match load(builtin(), PROJECT_FILE, text, catalog) {
        Ok(set) => (Arc::new(set), None),
        Err(error) => (Arc::clone(builtin()), Some(error)),
    }
}

/// Checks a rule file's text as project rules (against the built-in catalogue and rules).
pub fn check(file: &str, text: &str) -> Result<Compiled, RuleError> {
    load(builtin(), file, text, Catalog::builtin())
}

impl fmt::Display for vocabulary::Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity: crate::model::Severity = (*self).into();
        severity.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"(
    rules: [
        (
            key: "legal_opinion",
            topic: "reg.jurisdiction",
            severity: Warning,
            source: "Internal policy 7",
            lists: { "crossing": Flows(CrossesJurisdictions) },
            when: NotEmpty("crossing"),
            flows: "crossing",
            message: [(text: "{crossing.count} cross-border {crossing:flow needs|flows need} a legal opinion")],
        ),
    ],
)"#;

    fn refused(text: &str) -> RuleError {
        check("my-rules.ron", text).expect_err("refused")
    }

    #[test]
    fn the_builtin_rules_load() {
        assert!(builtin().rules.len() >= 29);
        assert!(builtin().rules.iter().all(|r| r.builtin));
    }

    #[test]
    fn a_project_rule_file_loads_after_the_builtin_rules() {
        let set = check("my-rules.ron", GOOD).unwrap();
        assert_eq!(set.rules.len(), builtin().rules.len() + 1);
        assert!(!set.rules.last().unwrap().builtin);
    }

    #[test]
    fn unknown_fields_words_and_wrong_types_are_refused_with_file_line_and_column() {
        let unknown_field = refused(&GOOD.replace("severity: Warning,", "severity: Warning, colour: 1,"));
        assert_eq!((unknown_field.line, unknown_field.file.as_str()), (6, "my-rules.ron"));
        assert!(
            unknown_field.to_string().starts_with("my-rules.ron:6:"),
            "{unknown_field}"
        );
        assert!(unknown_field.message.contains("colour"), "{unknown_field}");

        let unknown_word = refused(&GOOD.replace("Flows(CrossesJurisdictions)", "Flows(CrossesOceans)"));
        assert_eq!(unknown_word.line, 8);
        assert!(unknown_word.message.contains("CrossesOceans"), "{unknown_word}");

        let wrong_type = refused(&GOOD.replace("severity: Warning", "severity: 3"));
        assert_eq!(wrong_type.line, 6);
        assert!(wrong_type.column > 1);
    }

    #[test]
    fn what_the_types_cannot_say_is_refused_at_the_rule() {
        let cases = [
            ("{crossing.count}", "{crosing.count}", "no list named \"crosing\""),
            ("reg.jurisdiction", "reg.weather", "unknown topic"),
            (
                "NotEmpty(\"crossing\")",
                "NotEmpty(\"nobody\")",
                "no list named \"nobody\"",
            ),
            (
                "{crossing.count} cross",
                "{crossing.names} cross",
                "flows have no names",
            ),
            ("flows: \"crossing\"", "nodes: \"crossing\"", "not a list of nodes"),
            (
                "severity: Warning,",
                "severity: Warning, from: \"2025-02-30\",",
                "not a date",
            ),
            (
                "severity: Warning,",
                "severity: Warning, jurisdictions: [\"Europe\"],",
                "\"Europe\"",
            ),
            (
                "Flows(CrossesJurisdictions)",
                "Nodes(Component(\"warp.drive\"))",
                "unknown component",
            ),
        ];
        for (from, to, says) in cases {
            let error = refused(&GOOD.replace(from, to));
            assert_eq!((error.line, error.column), (4, 13), "{error}");
            assert!(error.message.starts_with("rule \"legal_opinion\": "), "{error}");
            assert!(error.message.contains(says), "{to}: {error}");
        }
    }

    #[test]
    fn a_project_rule_may_not_take_a_builtin_key() {
        let error = refused(&GOOD.replace("legal_opinion", "personal_data"));
        assert!(error.message.contains("built-in"), "{error}");
        assert_eq!(error.to_string(), format!("my-rules.ron:4:13: {}", error.message));
        let twice = GOOD.replace("    ],\n)", "") + &GOOD[GOOD.find("        (").unwrap()..];
        assert!(refused(&twice).message.contains("used by another rule"));
    }

    #[test]
    fn refused_project_rules_leave_the_builtin_ones_and_say_why() {
        let mut project = Project::new("t");
        project.custom.rules = GOOD.replace("Warning", "Grave");
        let (set, error) = for_project(&project, Catalog::builtin());
        assert!(Arc::ptr_eq(&set, builtin()));
        assert!(error.unwrap().to_string().starts_with("project rules:6:"));
        project.custom.rules = GOOD.to_owned();
        let (set, error) = for_project(&project, Catalog::builtin());
        assert_eq!((set.rules.len(), error), (builtin().rules.len() + 1, None));
    }
}
