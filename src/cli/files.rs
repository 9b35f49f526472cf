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

pub fn fmt(files: &[PathBuf], check_only: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in files {
        let result = file::load(path).map_err(|e| e.to_string()).and_then(|loaded| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((text, file::to_text(&loaded.project), loaded))
        });
        let (current, canonical, loaded) = match result {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                outcome = outcome.max(Outcome::Unreadable);
                continue;
            }
        };
        if current == canonical {
            continue;
        }
        if loaded.is_newer() {
            let _ = writeln!(
                err,
                "error: {}: written by a newer dlt-modeller (format version {}); not rewritten in the older format",
                path.display(),
                loaded.version
            );
            outcome = outcome.max(Outcome::Problems);
            continue;
        }
        if check_only {
            let _ = writeln!(out, "{}: not in canonical form", path.display());
            outcome = outcome.max(Outcome::Problems);
        } else if let Err(e) = file::save(path, &loaded.project) {
            let _ = writeln!(err, "error: {e}");
            outcome = outcome.max(Outcome::Unreadable);
        } else if loaded.version < file::CURRENT_VERSION {
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
    }
    outcome
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
