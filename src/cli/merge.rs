//! The `diff` and `merge` subcommands: model-level differences in plain words, and a three-way
//! merge by id and field that git can call as a merge driver.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::Outcome;
use crate::assess::{self, delta::Delta};
use crate::catalog::Catalog;
use crate::file::{self, LoadError};
use crate::merge;
use crate::model::{Project, Severity, validate};

fn load(path: &Path, err: &mut dyn Write) -> Option<Project> {
    file::load(path)
        .map(|l| l.project)
        .map_err(|e: LoadError| {
            let _ = writeln!(err, "error: {e}");
        })
        .ok()
}

/// How `diff` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One difference per line in plain words.
    #[default]
    Text,
    /// `{"differences": [{"path", "sentence"}], "assessment": …}` for machines.
    Json,
}

/// What `diff` prints besides the model's differences, and how.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Also the assessment delta (`assess::delta`).
    pub assessment: bool,
    pub format: DiffFormat,
}

/// Prints what changed from `a` to `b` (and, asked, in their assessment). Exit 1 when the models
/// differ, 0 when they do not, 2 when one cannot be read.
pub fn diff(a: &Path, b: &Path, options: DiffOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let (Some(pa), Some(pb)) = (load(a, err), load(b, err)) else {
        return Outcome::Unreadable;
    };
    let differences = merge::diff(&pa, &pb);
    let delta = options.assessment.then(|| assessment_delta(&pa, &pb));
    let text = match options.format {
        DiffFormat::Text => diff_text(&differences, delta.as_ref()),
        DiffFormat::Json => diff_json(&differences, delta.as_ref()),
    };
    let _ = out.write_all(text.as_bytes());
    if differences.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    }
}

/// The assessment delta between two projects, each assessed with its own catalogue entries.
pub fn assessment_delta(a: &Project, b: &Project) -> Delta {
    let report = |p: &Project| assess::assess(p, &Catalog::builtin().with_project(p));
    assess::delta::delta(&report(a), &report(b))
}

/// The differences one per line, then, given a delta, "Assessment:" and its entries.
fn diff_text(differences: &[merge::Difference], delta: Option<&Delta>) -> String {
    let mut text: String = differences.iter().map(|d| format!("{d}\n")).collect();
    if let Some(delta) = delta {
        text.push_str("\nAssessment:\n");
        if delta.is_empty() {
            text.push_str("no change\n");
        }
        for entry in delta.entries() {
            text.push_str(&format!("{}\n", entry.sentence));
        }
    }
    text
}

fn diff_json(differences: &[merge::Difference], delta: Option<&Delta>) -> String {
    let differences: Vec<_> = (differences.iter())
        .map(|d| serde_json::json!({ "path": d.path, "sentence": d.sentence }))
        .collect();
    let mut value = serde_json::json!({ "differences": differences });
    if let Some(delta) = delta {
        value["assessment"] = serde_json::to_value(delta).unwrap_or_default();
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    output: Option<&PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let [b, o, t] = [base, ours, theirs].map(|path| super::load_to_rewrite(path, err).map(|l| l.project));
    let (Ok(b), Ok(o), Ok(t)) = (b, o, t) else {
        return Outcome::Unreadable;
    };
    let merged = merge::merge(&b, &o, &t);
    let mut problems: Vec<String> = merged.conflicts.iter().map(|c| format!("conflict: {c}")).collect();
    let catalog = Catalog::builtin().with_project(&merged.project);
    problems.extend(
        validate(&merged.project, &catalog)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("after merging: {f}")),
    );
    let canonical = file::to_text(&merged.project);
    if let Err(reason) = file::check_writable(&merged.project, canonical.len()) {
        let _ = writeln!(err, "error: the merge result was not written: {reason}");
        return Outcome::Unreadable;
    }
    let text = with_conflict_block(&canonical, &problems);
    let written = match output {
        Some(path) => file::write_atomically(path, |f| f.write_all(text.as_bytes())).map_err(|e| e.to_string()),
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "error: {e}");
        return Outcome::Unreadable;
    }
    for p in &problems {
        let _ = writeln!(err, "{p}");
    }
    if problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Problems
    }
}

/// How the comment block listing a merge's conflicts starts.
pub const CONFLICT_BLOCK: &str = "// MERGE CONFLICTS";

/// Whether a project file's text still holds a merge's conflict block.
pub fn has_conflict_block(text: &str) -> bool {
    text.lines().any(|line| line.trim_start().starts_with(CONFLICT_BLOCK))
}

/// The merged text with, after its first line, a comment block listing what a person must
/// resolve. Comments are ignored when loading, so the file still opens; `fmt` leaves a file
/// with the block as it is (`fmt --check` flags it) until the block is removed.
fn with_conflict_block(text: &str, problems: &[String]) -> String {
    if problems.is_empty() {
        return text.to_string();
    }
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let mut block = format!("{CONFLICT_BLOCK} — dlt-modeller merge listed each of these with what it kept.\n");
    block.push_str("// Check each value below, edit it if needed, then delete this block.\n");
    for p in problems {
        block.push_str(&format!("// {}\n", p.replace('\n', " ")));
    }
    format!("{first}\n{block}{rest}")
}
