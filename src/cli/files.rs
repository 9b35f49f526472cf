//! The file subcommands: `check`, `fmt`, `new` and `templates`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::catalog::Catalog;
use crate::file;
use crate::model::{Severity, validate};
use crate::templates;

pub fn check(files: &[PathBuf], catalog: &Catalog, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in files {
        let loaded = match file::load(path) {
            Ok(l) => l,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                outcome = outcome.max(Outcome::Unreadable);
                continue;
            }
        };
        if loaded.is_newer() {
            let _ = writeln!(out, "{}: {}", path.display(), newer_note(loaded.version));
        }
        let catalog = catalog.with_project(&loaded.project);
        let findings = validate(&loaded.project, &catalog);
        let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
        for f in &findings {
            let _ = writeln!(out, "{}: {f}", path.display());
        }
        let _ = writeln!(
            out,
            "{}: {} nodes, {} flows, {errors} errors, {} warnings",
            path.display(),
            loaded.project.nodes.len(),
            loaded.project.flows.len(),
            findings.iter().filter(|f| f.severity == Severity::Warning).count()
        );
        if errors > 0 {
            outcome = outcome.max(Outcome::Problems);
        }
    }
    outcome
}

/// How `fmt` treats the files it is given.
#[derive(Clone, Copy, Debug, Default)]
pub struct FmtMode {
    /// Change nothing; report files not in canonical form.
    pub check: bool,
    /// Rewrite files holding a merge-conflict block too (the block is dropped).
    pub drop_conflicts: bool,
}

pub fn fmt(files: &[PathBuf], mode: FmtMode, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in files {
        outcome = outcome.max(fmt_one(path, mode, out, err));
    }
    outcome
}

fn fmt_one(path: &Path, mode: FmtMode, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let loaded = match super::load_to_rewrite(path, err) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let current = match read_current(path, loaded.from_picture) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}", path.display());
            return Outcome::Unreadable;
        }
    };
    if loaded.from_picture {
        return picture_in_canonical_form(path, current == file::to_text(&loaded.project), out);
    }
    if current == file::to_text(&loaded.project) {
        return Outcome::Clean;
    }
    if super::merge::has_conflict_block(&current) && !mode.drop_conflicts {
        let _ = writeln!(
            err,
            "warning: {}: holds a merge-conflict block ({}); left as it is — resolve what it lists and delete \
             it, or run `fmt --drop-conflicts`",
            path.display(),
            super::merge::CONFLICT_BLOCK
        );
        return Outcome::Problems;
    }
    if mode.check {
        let _ = writeln!(out, "{}: not in canonical form", path.display());
        return Outcome::Problems;
    }
    if let Err(e) = file::save(path, &loaded.project) {
        let _ = writeln!(err, "error: {e}");
        return Outcome::Unreadable;
    }
    if loaded.version < file::CURRENT_VERSION {
        let _ = writeln!(
            out,
            "{}: migrated from version {} to {}",
            path.display(),
            loaded.version,
            file::CURRENT_VERSION
        );
    } else {
        let _ = writeln!(out, "{}: reformatted", path.display());
    }
    Outcome::Clean
}

/// The text `fmt` compares with the canonical one: the file's, or the project text a picture
/// carries.
fn read_current(path: &Path, from_picture: bool) -> Result<String, String> {
    match file::picture::kind_of(path).filter(|_| from_picture) {
        Some(kind) => std::fs::File::open(path)
            .map_err(|e| e.to_string())
            .and_then(|f| file::picture::project_text(kind, std::io::BufReader::new(f)).map_err(|e| e.message)),
        None => std::fs::read_to_string(path).map_err(|e| e.to_string()),
    }
}

/// `fmt` of a picture carrying a project: the picture is never rewritten, so a project text
/// not in canonical form is reported (exit 1) with what to do instead.
fn picture_in_canonical_form(path: &Path, canonical: bool, out: &mut dyn Write) -> Outcome {
    if canonical {
        return Outcome::Clean;
    }
    let _ = writeln!(
        out,
        "{}: the project it carries is not in canonical form; a picture is never rewritten: export it again \
         (`dlt-modeller export {0} --png NEW.png`) or take the project out of it (`dlt-modeller import {0} -o FILE.ron`)",
        path.display()
    );
    Outcome::Problems
}

/// What `check` says of a file a newer dlt-modeller wrote.
fn newer_note(version: u32) -> String {
    format!(
        "note: written by a newer dlt-modeller (format version {version}; this one reads and writes version {}): \
         the editor opens it read-only, and fmt, layout and merge do not rewrite it",
        file::CURRENT_VERSION
    )
}

pub fn new(path: &Path, template: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    if path.exists() {
        let _ = writeln!(err, "error: {} already exists; nothing was written", path.display());
        return Outcome::Unreadable;
    }
    let project = match template {
        None => crate::model::Project::new("Untitled use case"),
        Some(name) => match templates::find(name) {
            Some(t) => t.project(),
            None => {
                let names: Vec<_> = templates::all().iter().map(|t| t.key).collect();
                let _ = writeln!(err, "error: no template {name:?}; templates are: {}", names.join(", "));
                return Outcome::Unreadable;
            }
        },
    };
    match file::save(path, &project) {
        Ok(()) => {
            let _ = writeln!(out, "created {}", path.display());
            Outcome::Clean
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            Outcome::Unreadable
        }
    }
}

pub fn templates(out: &mut dyn Write) -> Outcome {
    for t in templates::all() {
        let _ = writeln!(out, "{:<20} {} — {}", t.key, t.title, t.description);
    }
    Outcome::Clean
}

pub fn generate(nodes: usize, seed: u64, path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let at_least = (nodes as u64).saturating_mul(crate::generate::MIN_FILE_BYTES_PER_NODE);
    if at_least > file::MAX_FILE_BYTES {
        let _ = writeln!(
            err,
            "error: --nodes {nodes}: the file would be at least {at_least} bytes, over the limit of {} bytes \
             (256 MiB) a file is opened with; about 270,000 nodes fit. Nothing was written.",
            file::MAX_FILE_BYTES
        );
        return Outcome::Unreadable;
    }
    let project = crate::generate::generate(nodes, seed);
    match file::save(path, &project) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "wrote {} ({} nodes, {} flows)",
                path.display(),
                project.nodes.len(),
                project.flows.len()
            );
            Outcome::Clean
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            Outcome::Unreadable
        }
    }
}
