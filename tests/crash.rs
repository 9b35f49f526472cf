//! Crashes: a process killed in the middle of saving leaves the old or the new file, complete;
//! a process killed while its project is dirty leaves a recovery copy of the last autosave.
//! Each test re-runs this test binary as the child process (selected by an environment variable).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dlt_modeller::edit::{History, rename_node};
use dlt_modeller::file::{self, Autosave, RecoveryStore};
use dlt_modeller::generate::generate;

const ROLE: &str = "DLT_MODELLER_CRASH_CHILD";

fn spawn_self(test: &str, dir: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(ROLE, dir)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "the child never got going");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn child_dir() -> Option<PathBuf> {
    std::env::var_os(ROLE).map(PathBuf::from)
}

#[test]
fn a_process_killed_mid_save_leaves_the_old_or_the_new_file() {
    let (a, b) = (generate(3000, 1), generate(3000, 2));
    if let Some(dir) = child_dir() {
        let path = dir.join("project.ron");
        file::save(&path, &a).unwrap();
        std::fs::write(dir.join("ready"), "").unwrap();
        for i in 0.. {
            file::save(&path, if i % 2 == 0 { &b } else { &a }).unwrap();
        }
    }
    for round in 0..25u64 {
        let dir = tempfile::tempdir().unwrap();
        let mut child = spawn_self("a_process_killed_mid_save_leaves_the_old_or_the_new_file", dir.path());
        wait_for(&dir.path().join("ready"));
        std::thread::sleep(Duration::from_millis(3 + (round * 37) % 120));
        child.kill().unwrap();
        child.wait().unwrap();
        for name in ["project.ron", "project.ron.bak"] {
            let path = dir.path().join(name);
            if name.ends_with(".bak") && !path.exists() {
                continue;
            }
            let loaded = file::load(&path)
                .unwrap_or_else(|e| panic!("round {round}: {e}"))
                .project;
            assert!(loaded == a || loaded == b, "round {round}: {name} is neither version");
        }
    }
}

#[test]
fn a_process_killed_while_dirty_leaves_its_last_autosave() {
    let expected = {
        let mut h = History::new(generate(50, 3));
        h.apply(rename_node(h.project(), "n01", "First edit"));
        h.apply(rename_node(h.project(), "n02", "Second edit"));
        h.project().clone()
    };
    if let Some(dir) = child_dir() {
        let store = RecoveryStore::new(dir.join("recovery"));
        let mut autosave = Autosave::every(Duration::from_secs(30));
        let mut history = History::new(generate(50, 3));
        let original = dir.join("gold.ron");
        history.apply(rename_node(history.project(), "n01", "First edit"));
        assert!(autosave.due(Duration::from_secs(100), history.is_dirty(), history.revision()));
        store
            .write("session", Some(&original), history.project(), Duration::from_secs(100))
            .unwrap();
        history.apply(rename_node(history.project(), "n02", "Second edit"));
        assert!(!autosave.due(Duration::from_secs(110), history.is_dirty(), history.revision()));
        assert!(autosave.due(Duration::from_secs(130), history.is_dirty(), history.revision()));
        store
            .write("session", Some(&original), history.project(), Duration::from_secs(130))
            .unwrap();
        history.apply(rename_node(history.project(), "n03", "Never autosaved"));
        std::fs::write(dir.join("ready"), "").unwrap();
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_self("a_process_killed_while_dirty_leaves_its_last_autosave", dir.path());
    wait_for(&dir.path().join("ready"));
    child.kill().unwrap();
    child.wait().unwrap();
    let store = RecoveryStore::new(dir.path().join("recovery"));
    let found = store.list();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].original.as_deref(),
        Some(dir.path().join("gold.ron").as_path())
    );
    assert_eq!(found[0].saved_at, Duration::from_secs(130));
    assert_eq!(store.load(&found[0]).unwrap(), expected);
}

#[test]
fn the_first_start_after_a_kill_offers_the_copy_though_the_process_lingers() {
    if let Some(dir) = child_dir() {
        let store = RecoveryStore::new(dir.join("recovery"));
        let _lock = store.lock_session("killed").unwrap();
        let project = generate(20, 4);
        store.write("killed", None, &project, Duration::from_secs(10)).unwrap();
        std::fs::write(dir.join("ready"), "").unwrap();
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().join("recovery"));
    let mut child = spawn_self(
        "the_first_start_after_a_kill_offers_the_copy_though_the_process_lingers",
        dir.path(),
    );
    wait_for(&dir.path().join("ready"));
    assert!(store.list().is_empty(), "a running session's copy is not offered");
    child.kill().unwrap();
    // Not reaped yet: the killed process is still listed (a zombie), but its lock is gone.
    let start = Instant::now();
    while store.list().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the killed session's copy is never offered"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(store.list()[0].pid, child.id());
    child.wait().unwrap();
}
