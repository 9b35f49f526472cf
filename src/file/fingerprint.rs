//! Fingerprints of file contents, so the editor can tell whether a file changed on disk since it
//! was loaded or saved (another program, a colleague's sync, `git pull`).

use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;

/// Length and hash of a file's bytes. Equal fingerprints mean (for practical purposes) equal
/// content; the hash is only compared within one run of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    pub fn of_bytes(bytes: &[u8]) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        Self {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }
}

/// The fingerprint of a file on disk, or `None` when it does not exist.
pub fn fingerprint(path: &Path) -> io::Result<Option<Fingerprint>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(Fingerprint::of_bytes(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_content_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        assert_eq!(fingerprint(&path).unwrap(), None);
        std::fs::write(&path, "one").unwrap();
        let first = fingerprint(&path).unwrap().unwrap();
        assert_eq!(first, Fingerprint::of_bytes(b"one"));
        std::fs::write(&path, "two").unwrap();
        assert_ne!(fingerprint(&path).unwrap().unwrap(), first);
    }
}
