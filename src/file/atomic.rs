//! Loading from and saving to disk. Saving is atomic: the new text goes to a temporary file in
//! the same folder, is flushed and synced, and is renamed over the project; the previous file is
//! kept as `NAME.bak`. A failed save leaves the old file as it was.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::format::{check_within_limits, check_writable, parse_owned, text_parts};
use super::limits::{MAX_FILE_BYTES, too_big};
use super::{LoadError, Loaded, SaveError};
use crate::model::Project;

/// Reads and parses a project file (see [`parse`]), or the project a picture carries (see
/// [`super::picture`]); errors name the file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    if let Some(kind) = super::picture::kind_of(path) {
        return super::picture::load(path, kind);
    }
    let read = || -> Result<String, LoadError> {
        let file = File::open(path).map_err(|e| LoadError::whole(format!("cannot open: {e}")))?;
        let size = file.metadata().map_or(0, |m| m.len());
        if size > MAX_FILE_BYTES {
            return Err(too_big(size));
        }
        // Room for all of it at once (a big file would otherwise be copied as the text grows).
        let mut text = String::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(MAX_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| match e.kind() {
                io::ErrorKind::InvalidData => LoadError::whole("the file is not UTF-8 text"),
                _ => LoadError::whole(format!("cannot read: {e}")),
            })?;
        if text.len() as u64 > MAX_FILE_BYTES {
            // It grew while it was read, or its size was not known: more than the limit, at least.
            return Err(LoadError::whole(format!(
                "the file is more than {MAX_FILE_BYTES} bytes, the limit (256 MiB)"
            )));
        }
        Ok(text)
    };
    read()
        .and_then(|text| parse_owned(text, &read))
        .map_err(|e| e.in_file(path))
}

/// Saves a project in canonical form, atomically, keeping the previous file as `.bak`. A project
/// the loader would refuse (too many nodes or flows, a position outside the drawing, text over
/// the size limit) is not written: nothing is saved that cannot be opened again.
pub fn save(path: &Path, project: &Project) -> Result<(), SaveError> {
    let refused = |reason: String| SaveError::Refused {
        path: path.to_path_buf(),
        reason,
    };
    // The counts and positions first: no text is made for a project that cannot be written.
    check_within_limits(project).map_err(refused)?;
    let parts = text_parts(project);
    check_writable(project, parts.iter().map(String::len).sum()).map_err(refused)?;
    replace(path, true, |w| {
        parts.iter().try_for_each(|part| w.write_all(part.as_bytes()))
    })
}

/// Writes `path` through a temporary file: either the whole new content lands, or nothing
/// changes. `write` fills the temporary file; if it fails, the temporary file is removed. No
/// `.bak` is kept: this is for outputs (exports, reports, merge results, recovery copies).
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> Result<(), SaveError> {
    replace(path, false, write)
}

fn replace(path: &Path, keep_backup: bool, write: impl FnOnce(&mut File) -> io::Result<()>) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = sibling(path, &format!(".tmp-{}", std::process::id()), true);
    let result = (|| {
        let mut file = File::create(&tmp)?;
        write(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        if keep_backup && path.exists() {
            self::keep_backup(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_folder(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}

/// `folder/.name.suffix` (hidden) or `folder/name.suffix`.
fn sibling(path: &Path, suffix: &str, hidden: bool) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    let dot = if hidden { "." } else { "" };
    path.with_file_name(format!("{dot}{name}{suffix}"))
}

/// Keeps the current file as `NAME.bak`: a hard link where the file system has them (instant),
/// else a copy. The project file itself stays in place until the rename replaces it.
fn keep_backup(path: &Path) -> io::Result<()> {
    let bak = sibling(path, ".bak", false);
    let staging = sibling(path, ".bak-tmp", true);
    let _ = fs::remove_file(&staging);
    if fs::hard_link(path, &staging).is_err() {
        fs::copy(path, &staging)?;
    }
    fs::rename(&staging, &bak)
}

#[cfg(unix)]
fn sync_folder(path: &Path) {
    if let Some(Ok(dir)) = path.parent().filter(|d| !d.as_os_str().is_empty()).map(File::open) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::to_text;
    use crate::model::{Node, Position};

    fn project(name: &str) -> Project {
        let mut p = Project::new(name);
        p.nodes.insert("n".into(), Node::actor(name, Position::new(1.0, 2.0)));
        p
    }

    #[test]
    fn save_then_load_gives_the_project_back_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        save(&path, &project("first")).unwrap();
        assert!(!path.with_file_name("p.ron.bak").exists());
        save(&path, &project("second")).unwrap();
        assert_eq!(load(&path).unwrap().project, project("second"));
        let bak = fs::read_to_string(path.with_file_name("p.ron.bak")).unwrap();
        assert_eq!(bak, to_text(&project("first")));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn a_project_the_loader_would_refuse_is_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        save(&path, &project("old")).unwrap();
        let mut far = project("far");
        far.nodes.get_mut("n").unwrap().position = Position { x: 2e6, y: 0.0 };
        let e = save(&path, &far).unwrap_err();
        assert!(
            e.to_string()
                .contains("was not written: node \"n\": its position (2000000, 0)"),
            "{e}"
        );
        assert_eq!(load(&path).unwrap().project, project("old"));
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        save(&path, &project("old")).unwrap();
        let before = fs::read(&path).unwrap();
        let err = write_atomically(&path, |f| {
            f.write_all(b"(format: \"dlt-mod")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the temporary file is cleaned up"
        );
    }

    #[test]
    fn load_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.ron");
        fs::write(
            &path,
            "(format: \"dlt-modeller\", version: 1, project: (sheet: (title: 3)))",
        )
        .unwrap();
        let e = load(&path).unwrap_err();
        let shown = e.to_string();
        assert!(shown.contains("broken.ron:1:"), "{shown}");
        let missing = load(&dir.path().join("none.ron")).unwrap_err();
        assert!(missing.to_string().contains("cannot open"), "{missing}");
        fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert!(load(&path).unwrap_err().message.contains("not UTF-8"));
    }
}
