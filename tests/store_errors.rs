//! A store RocksDB refuses to open is one sentence and exit 1, never a crash: a corrupt store,
//! and a store whose lock another newskg process holds.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn newskg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newskg"))
}

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("newskg-store-errors-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_corrupt_store_is_an_error_not_a_crash() {
    let d = dir("corrupt");
    std::fs::write(d.join("CURRENT"), "not a manifest name\n").unwrap();
    let out = newskg().args(["query", "--store"]).arg(&d).arg("ASK {}").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit 1, not a signal: {stderr}");
    assert!(stderr.starts_with("newskg: store error: the store at") && stderr.contains("damaged"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_locked_store_is_an_error_not_a_crash() {
    let d = dir("locked");
    let store = d.join("kg.db");
    // `import -` holds the store open for writing while it waits for its input.
    let mut holder = newskg()
        .args(["import", "-", "--format", "ntriples", "--graph", "http://example.org/g", "--store"])
        .arg(&store)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !store.join("LOCK").exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "the store was not created");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let out = newskg().args(["import", "-", "--format", "ntriples", "--graph", "http://example.org/h", "--store"]).arg(&store).stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit 1, not a signal: {stderr}");
    assert!(stderr.contains("is in use by another process"), "{stderr}");
    holder.stdin.take().unwrap().write_all(b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n").unwrap();
    assert!(holder.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&d);
}
