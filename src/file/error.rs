//! Errors from loading and saving project files: they say which file, where in it, and what.

use std::fmt;
use std::path::PathBuf;

/// Why a project file could not be loaded. Displayed as `file:line:column: what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, when loading from disk.
    pub path: Option<PathBuf>,
    /// 1-based line and column, when the problem has a place in the text.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl LoadError {
    pub fn at(line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            path: None,
            position: Some((line, col)),
            message: message.into(),
        }
    }

    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            path: None,
            position: None,
            message: message.into(),
        }
    }

    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => f.write_str("<input>")?,
        }
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// Why a project could not be saved. The file on disk is unchanged when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("could not encode the project: {0}")]
    Encode(String),
    #[error("{path} was not written: {reason}")]
    Refused { path: PathBuf, reason: String },
}
