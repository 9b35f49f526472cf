//! Recovery copies: while a project has unsaved changes, the editor writes a copy into a
//! recovery folder (never over the project), atomically. After a crash, the next start lists
//! them so the user can restore or discard each. A clean save or close removes the copy.
//!
//! A recovery file is an ordinary project file preceded by comment lines with what it recovers:
//! `// recovery-of: PATH`, `// saved-at: SECONDS` (Unix time), `// pid: N`. The clock is the
//! caller's: times are passed in, so tests are fast and deterministic.
//!
//! Whether the session that wrote a copy still runs is told by a lock, not by its process id
//! (a killed process can linger as a zombie, and ids are reused): each session holds an
//! advisory lock (`flock`, `LockFileEx` on Windows) on `SESSION.lock` beside its copy for its
//! whole life. The operating system lets go of the lock when the process ends, however it ends,
//! so a copy whose lock can be taken, or that has no lock file, was left by a session that is gone.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{LoadError, SaveError, parse, to_text, write_atomically};
use crate::model::Project;

/// A folder of recovery copies.
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
}

/// One recovery copy found in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The recovery file itself.
    pub path: PathBuf,
    /// The project file it is a copy of, or `None` for a project never saved.
    pub original: Option<PathBuf>,
    /// When it was written, as time since the Unix epoch.
    pub saved_at: Duration,
    /// The process that wrote it (for the record: whether it still runs is told by its lock).
    pub pid: u32,
    /// The project's title, for the restore prompt.
    pub title: String,
}

impl RecoveryStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// `$XDG_DATA_HOME/dlt-modeller/recovery`, else `~/.local/share/dlt-modeller/recovery`
    /// (`%APPDATA%\dlt-modeller\recovery` on Windows).
    pub fn default_dir() -> Option<PathBuf> {
        let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let base = env("XDG_DATA_HOME")
            .or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
            .or_else(|| env("APPDATA"))?;
        Some(base.join("dlt-modeller").join("recovery"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes (or replaces) the recovery copy of one editing session.
    pub fn write(
        &self,
        session: &str,
        original: Option<&Path>,
        project: &Project,
        now: Duration,
    ) -> Result<PathBuf, SaveError> {
        let path = self.session_path(session);
        fs::create_dir_all(&self.dir).map_err(|source| SaveError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut text = String::new();
        if let Some(o) = original {
            text.push_str(&format!("// recovery-of: {}\n", o.display()));
        }
        text.push_str(&format!(
            "// saved-at: {}\n// pid: {}\n",
            now.as_secs(),
            std::process::id()
        ));
        text.push_str(&to_text(project));
        write_atomically(&path, |f| std::io::Write::write_all(f, text.as_bytes()))?;
        Ok(path)
    }

    /// Marks `session` as running until the returned lock is dropped or the process ends:
    /// other sessions then leave its copy alone. The lock is taken on a file of another name
    /// and then renamed into place, so a `SESSION.lock` that exists has been locked from the start.
    pub fn lock_session(&self, session: &str) -> Result<SessionLock, SaveError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SaveError::Io { path, source }
        };
        fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let path = self.session_path(session).with_extension("lock");
        let fresh = path.with_extension("lock-new");
        let file = File::create(&fresh).map_err(io(&fresh))?;
        file.try_lock().map_err(|e| io(&fresh)(e.into()))?;
        fs::rename(&fresh, &path).map_err(io(&path))?;
        Ok(SessionLock { path, _file: file })
    }

    /// Removes a session's recovery copy (after a clean save or close). Missing is fine.
    pub fn discard(&self, session: &str) {
        let _ = fs::remove_file(self.session_path(session));
    }

    /// Removes a recovery copy found by [`RecoveryStore::list`], and the lock file its
    /// session left.
    pub fn remove(&self, recovered: &Recovered) {
        let _ = fs::remove_file(&recovered.path);
        let _ = fs::remove_file(recovered.path.with_extension("lock"));
    }

    /// Recovery copies left by sessions that are no longer running, newest first. Copies
    /// that cannot be read are skipped (they are never deleted without the user's word).
    /// Lock files of ended sessions that left no copy are tidied away.
    pub fn list(&self) -> Vec<Recovered> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        let has_extension = |p: &Path, x: &str| p.extension().is_some_and(|e| e == x);
        for lock in paths.iter().filter(|p| has_extension(p, "lock")) {
            if !lock.with_extension("ron").exists() && !is_held(lock) {
                let _ = fs::remove_file(lock);
            }
        }
        let mut found: Vec<Recovered> = paths
            .iter()
            .filter(|p| has_extension(p, "ron"))
            .filter(|p| !is_held(&p.with_extension("lock")))
            .filter_map(|p| read_header(p))
            .collect();
        found.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.path.cmp(&b.path)));
        found
    }

    /// The project in a recovery copy.
    pub fn load(&self, recovered: &Recovered) -> Result<Project, LoadError> {
        let text = fs::read_to_string(&recovered.path)
            .map_err(|e| LoadError::whole(format!("cannot read: {e}")).in_file(&recovered.path))?;
        parse(&text).map(|l| l.project).map_err(|e| e.in_file(&recovered.path))
    }

    fn session_path(&self, session: &str) -> PathBuf {
        let safe: String = session
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
            .collect();
        self.dir.join(format!("{safe}.ron"))
    }
}

fn read_header(path: &Path) -> Option<Recovered> {
    let text = fs::read_to_string(path).ok()?;
    let mut recovered = Recovered {
        path: path.to_path_buf(),
        original: None,
        saved_at: Duration::ZERO,
        pid: 0,
        title: String::new(),
    };
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        if let Some(v) = line.strip_prefix("// recovery-of: ") {
            recovered.original = Some(PathBuf::from(v));
        } else if let Some(v) = line.strip_prefix("// saved-at: ") {
            recovered.saved_at = Duration::from_secs(v.trim().parse().ok()?);
        } else if let Some(v) = line.strip_prefix("// pid: ") {
            recovered.pid = v.trim().parse().ok()?;
        }
    }
    recovered.title = parse(&text).ok()?.project.sheet.title;
    Some(recovered)
}

/// A running session's hold on its lock file; dropping it removes the file and lets go.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
    _file: File,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether a running session holds the lock file `path`. A missing file, or one whose lock can
/// be taken, means no; so does a file system without locks (a second window may then be offered
/// the first one's copy: harmless, since restoring only opens a copy).
fn is_held(path: &Path) -> bool {
    let Ok(file) = File::open(path) else { return false };
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}

/// Decides when to write a recovery copy: at most once per interval while the project is
/// dirty, and only when it changed since the last copy.
#[derive(Clone, Debug)]
pub struct Autosave {
    pub interval: Duration,
    last_write: Option<Duration>,
    written_revision: Option<u64>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self::every(Duration::from_secs(30))
    }
}

impl Autosave {
    pub fn every(interval: Duration) -> Self {
        Self {
            interval,
            last_write: None,
            written_revision: None,
        }
    }

    /// Whether to write a copy now; if so, it counts as written (call [`Autosave::failed`] if
    /// writing fails so the next tick tries again).
    pub fn due(&mut self, now: Duration, dirty: bool, revision: u64) -> bool {
        if !dirty || self.written_revision == Some(revision) {
            return false;
        }
        let waited = self
            .last_write
            .is_none_or(|last| now.saturating_sub(last) >= self.interval);
        if waited {
            self.last_write = Some(now);
            self.written_revision = Some(revision);
        }
        waited
    }

    /// The last write failed: try again at the next tick.
    pub fn failed(&mut self) {
        self.written_revision = None;
    }

    /// The project was saved or closed: the next change starts the clock again.
    pub fn reset(&mut self) {
        self.written_revision = None;
        self.last_write = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Position};

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn autosave_waits_for_the_interval_and_for_changes() {
        let mut a = Autosave::every(secs(30));
        assert!(!a.due(secs(0), false, 1), "a clean project is never copied");
        assert!(a.due(secs(0), true, 1), "the first change is copied at once");
        assert!(!a.due(secs(10), true, 2), "not again within the interval");
        assert!(!a.due(secs(29), true, 3));
        assert!(
            a.due(secs(30), true, 3),
            "after the interval the latest state is copied"
        );
        assert!(!a.due(secs(90), true, 3), "nothing changed since the last copy");
        a.failed();
        assert!(a.due(secs(91), true, 3), "a failed write is retried");
        a.reset();
        assert!(a.due(secs(92), true, 4));
    }

    #[test]
    fn copies_are_listed_loaded_and_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let mut p = Project::new("Gold");
        p.nodes.insert("n".into(), Node::actor("Mine", Position::new(1.0, 2.0)));
        store
            .write("s1", Some(Path::new("/work/gold.ron")), &p, secs(1000))
            .unwrap();
        store.write("s2", None, &Project::new("Untitled"), secs(2000)).unwrap();
        let found = store.list();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "Untitled");
        assert_eq!(found[1].original.as_deref(), Some(Path::new("/work/gold.ron")));
        assert_eq!(found[1].saved_at, secs(1000));
        assert_eq!(store.load(&found[1]).unwrap(), p);
        store.discard("s1");
        store.remove(&found[0]);
        assert!(store.list().is_empty());
    }

    #[test]
    fn a_copy_is_offered_once_its_sessions_lock_is_free_whatever_its_process_id() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path());
        let live = store.lock_session("live").unwrap();
        store.write("live", None, &Project::new("Live"), secs(1)).unwrap();
        // A crashed session: its lock file stayed, but nothing holds the lock any more. Its copy
        // names a process that is running (this one), as a zombie or a reused id would.
        store.write("crashed", None, &Project::new("Crashed"), secs(2)).unwrap();
        File::create(dir.path().join("crashed.lock")).unwrap();
        // Ended without a copy: its lock file is tidied away.
        File::create(dir.path().join("clean-exit.lock")).unwrap();

        let found = store.list();
        let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["Crashed"], "the live session's copy is not offered");
        assert_eq!(found[0].pid, std::process::id());
        assert!(!dir.path().join("clean-exit.lock").exists());
        assert!(dir.path().join("live.lock").exists(), "a held lock stays");

        store.remove(&found[0]);
        assert!(!dir.path().join("crashed.lock").exists(), "removed with its copy");
        drop(live);
        assert!(
            !dir.path().join("live.lock").exists(),
            "an ended session takes its lock file"
        );
        assert_eq!(store.list().len(), 1, "and its copy, if any, is offered from then on");
    }
}
