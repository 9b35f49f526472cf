//! The project file: the RON schema with its header and versions, canonical (diff-friendly)
//! text, migrations of older versions, limits on untrusted input, parsing big files in pieces on
//! all cores, atomic saving with a `.bak` of the previous file, fingerprints for external-change
//! detection, and recovery copies. No GUI; the command line, the editor and the tests share it.

mod atomic;
mod canonical;
mod envelope;
mod error;
mod fingerprint;
mod format;
mod fragment;
mod limits;
mod migrate;
mod parallel;
pub mod picture;
mod pieces;
mod recovery;
mod repeated;

pub use atomic::{load, save, write_atomically};
pub use envelope::{CURRENT_VERSION, FORMAT_NAME};
pub use error::{LoadError, SaveError};
pub use fingerprint::{Fingerprint, fingerprint};
pub use format::{Loaded, check_writable, parse, to_text};
pub use fragment::{Fragment, FragmentError};
pub use limits::{
    MAX_COORDINATE, MAX_DEPTH, MAX_FILE_BYTES, MAX_FLOWS, MAX_NODES, MAX_STRING_BYTES, check_text as check_limits,
    line_col,
};
pub use recovery::{Autosave, Recovered, RecoveryStore, SessionLock};
