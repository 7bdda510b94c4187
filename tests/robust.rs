//! Never crash, never lose a document (issue 11): store faults, read-only opens, colliding
//! ids, hostile inputs, queries and RDF, broken pipes, interrupted builds. Every case runs the
//! real binary and checks the message, the exit code and that nothing panicked or crashed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let p = std::env::temp_dir().join(format!("newskg-robust-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn s(&self, rel: &str) -> String {
        self.path(rel).to_str().expect("UTF-8 temp path").to_string()
    }
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> String {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-R").arg("-i").arg(&self.0).stderr(Stdio::null()).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "command failed:\nstderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }
    /// Exit 1 with one line on stderr (or several, each a sentence) saying `what`.
    fn fails_saying(&self, what: &str) -> &Self {
        assert_eq!(self.code, 1, "exit 1 expected, got {}:\nstderr: {}\nstdout: {}", self.code, self.stderr, self.stdout);
        assert!(self.stderr.contains(what), "stderr should say {what:?}:\n{}", self.stderr);
        self
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newskg"))
}

/// Waits for a child at most `limit`; kills it and fails the test if it takes longer.
fn finish(mut child: Child, limit: Duration, what: &str) -> Out {
    let (mut so, mut se) = (child.stdout.take(), child.stderr.take());
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = so.as_mut() {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let ereader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = se.as_mut() {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?} (hangs)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&ereader.join().unwrap()).into_owned();
    let code = status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        panic!("{what}: killed by signal {:?} (a crash)\nstderr: {stderr}", status.signal())
    });
    assert!(!stderr.contains("panicked"), "{what}: a panic reached the user: {stderr}");
    assert!(code != 101 && code != 134 && code != 139, "{what}: crash exit {code}: {stderr}");
    Out { code, stdout, stderr }
}

fn run_in(args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Out {
    let mut cmd = bin();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    finish(child, limit, &args.join(" "))
}

/// Generous: on a loaded two-core machine a command may wait long for a core. A hang is still
/// caught (and a fast command never waits for the limit).
const LIMIT: Duration = Duration::from_secs(600);

fn run(args: &[&str]) -> Out {
    run_in(args, None, LIMIT)
}

/// Files and their sizes under a directory (to check that nothing was written).
fn listing(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.insert(e.file_name().to_string_lossy().into_owned(), e.metadata().map(|m| m.len()).unwrap_or(0));
    }
    out
}

/// Sentences of our own with one appeal each (the extractor's mechanisms, not a seed text).
fn article(i: usize) -> String {
    let callers = ["La France", "Berlin", "Le Canada", "Rome", "Madrid", "Ottawa"];
    let whom = ["la Turquie", "la Grèce", "l'Iran", "le Japon", "la Chine", "le Brésil"];
    format!(
        "{} a exhorté {} à reprendre le dialogue. Le ministre a rencontré son homologue lundi.\n\nUn porte-parole a appelé au calme le {} octobre.\n",
        callers[i % callers.len()],
        whom[(i / 6) % whom.len()],
        1 + i % 28
    )
}

fn corpus(dir: &TempDir, rel: &str, n: usize) -> String {
    for i in 0..n {
        dir.write(&format!("{rel}/a{i:05}.txt"), article(i));
    }
    dir.s(rel)
}

fn count(store: &str, q: &str) -> usize {
    let out = run(&["query", "--store", store, "--format", "csv", q]);
    out.ok();
    out.stdout.lines().nth(1).unwrap_or("0").trim().parse().unwrap_or_else(|_| panic!("a count: {}", out.stdout))
}

fn doc_graphs(store: &str) -> BTreeSet<String> {
    let out = run(&["query", "--store", store, "--format", "csv", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a schema:NewsArticle } }"]);
    out.ok();
    out.stdout.lines().skip(1).map(|l| l.trim().to_string()).collect()
}

/// Runs the binary as an unprivileged user when the tests run as root (permissions are not
/// checked for root); `None` when that is not possible here.
fn as_nobody(args: &[&str]) -> Option<Out> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_newskg")]);
        c
    } else {
        bin()
    };
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
    let child = cmd.spawn().ok()?;
    Some(finish(child, LIMIT, &args.join(" ")))
}

// ---------------------------------------------------------------------------------------
// 1. Store errors: one sentence, exit 1, never a crash
// ---------------------------------------------------------------------------------------

#[test]
fn a_store_locked_by_another_process_is_in_use() {
    let t = TempDir::new("locked");
    let docs = corpus(&t, "docs", 3);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    // This test process holds the store for writing: the binary is the other process.
    let held = newskg::store::open(Some(Path::new(&store))).expect("the test opens the store");
    run(&["build", "--quiet", "--store", &store, &docs]).fails_saying("is in use by another process");
    let import = t.write("m.ttl", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n");
    run(&["import", &import, "--graph", "http://example.org/g", "--store", &store]).fails_saying("is in use by another process");
    // Reading works beside the writer.
    assert!(count(&store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a nkg:Appeal }") >= 3);
    drop(held);
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
}

#[test]
fn two_builds_at_once_one_says_in_use() {
    let t = TempDir::new("two-builds");
    let docs = corpus(&t, "docs", 400);
    let store = t.s("kg.db");
    let spawn = || bin().args(["build", "--quiet", "--store", &store, &docs]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (a, b) = (spawn(), spawn());
    let (a, b) = (finish(a, LIMIT, "build a"), finish(b, LIMIT, "build b"));
    for o in [&a, &b] {
        assert!(o.code == 0 || o.stderr.contains("is in use by another process"), "{o:?}");
    }
    assert!(a.code == 0 || b.code == 0, "one of them builds: {a:?} {b:?}");
    assert_eq!(doc_graphs(&store).len(), 400);
}

#[test]
fn a_store_being_created_is_in_use_and_an_interrupted_creation_is_not_foreign() {
    // What another process's build shows in its first instants: RocksDB's LOCK file, locked,
    // and no data yet. A second command must say "in use", not "a directory of other files".
    let t = TempDir::new("creating");
    let docs = corpus(&t, "docs", 2);
    let store = t.s("kg.db");
    std::fs::create_dir_all(t.path("kg.db")).unwrap();
    // (RocksDB writes its IDENTITY file through a temporary one first.)
    t.write("kg.db/000000.dbtmp", "");
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(t.path("kg.db/LOCK")).unwrap();
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a plain C struct, all-zero valid; fcntl takes a POSIX write lock on the
        // file this test opened, as RocksDB does.
        let mut fl: libc::flock = unsafe { std::mem::zeroed() };
        fl.l_type = libc::F_WRLCK as libc::c_short;
        fl.l_whence = libc::SEEK_SET as libc::c_short;
        assert_eq!(unsafe { libc::fcntl(lock.as_raw_fd(), libc::F_SETLK, &fl) }, 0);
    }
    run(&["query", "--store", &store, "ASK { ?s ?p ?o }"]).fails_saying("is in use by another process");
    run(&["build", "--quiet", "--store", &store, &docs]).fails_saying("is in use by another process");
    let import = t.write("m.ttl", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n");
    run(&["import", &import, "--graph", "http://example.org/g", "--store", &store]).fails_saying("is in use by another process");
    assert!(t.path("kg.db/LOCK").exists(), "a store another process is creating is left alone");
    // The creator died before writing any data: reading says so, building into it works.
    drop(lock);
    run(&["query", "--store", &store, "ASK { ?s ?p ?o }"]).fails_saying("its creation was interrupted");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    assert_eq!(doc_graphs(&store).len(), 2);
}

#[test]
fn a_damaged_store_is_reported_with_what_to_do() {
    let t = TempDir::new("damaged");
    let docs = corpus(&t, "docs", 2);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    std::fs::remove_file(t.path("kg.db/CURRENT")).unwrap();
    let before = listing(&t.path("kg.db"));
    for args in [
        vec!["query", "--store", &store, "ASK { ?s ?p ?o }"],
        vec!["export", "--store", &store, "--format", "nquads"],
        vec!["graph", "--store", &store],
        vec!["build", "--quiet", "--store", &store, &docs],
    ] {
        run(&args).fails_saying("is damaged").fails_saying("build it again");
    }
    assert_eq!(listing(&t.path("kg.db")), before, "nothing was written into the damaged store");
}

#[test]
fn a_corrupted_table_file_is_an_error_not_a_crash() {
    let t = TempDir::new("corrupt");
    let docs = corpus(&t, "docs", 20);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    let mut hit = false;
    for e in std::fs::read_dir(t.path("kg.db")).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".sst") {
            let len = e.metadata().unwrap().len() as usize;
            std::fs::write(e.path(), vec![0x5a; len]).unwrap();
            hit = true;
        }
    }
    assert!(hit, "the store has table files");
    let o = run(&["query", "--store", &store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert!(o.stderr.starts_with("newskg: ") && o.stderr.lines().count() == 1, "one sentence: {}", o.stderr);
}

#[test]
fn a_read_only_store_says_so() {
    let t = TempDir::new("readonly");
    let docs = corpus(&t, "docs", 2);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    // Readable by everyone, writable by nobody but its owner.
    Command::new("chmod").args(["-R", "a+rX,go-w", &t.s("")]).status().unwrap();
    let Some(o) = as_nobody(&["build", "--quiet", "--store", &store, &docs]) else {
        eprintln!("skipped: cannot run as another user here");
        return;
    };
    o.fails_saying("cannot be written");
    // Reading a store one cannot write works, and writes nothing.
    let before = listing(&t.path("kg.db"));
    let q = as_nobody(&["query", "--store", &store, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?e a nkg:Appeal }"]).unwrap();
    q.ok();
    assert_eq!(listing(&t.path("kg.db")), before);
}

// ---------------------------------------------------------------------------------------
// 2. Read commands open read-only and never create files
// ---------------------------------------------------------------------------------------

#[test]
fn read_commands_never_write_into_a_directory() {
    let t = TempDir::new("ro");
    t.write("photos/a.jpg", b"\xff\xd8\xff");
    t.write("photos/notes.txt", "mes notes");
    let photos = t.s("photos");
    let before = listing(&t.path("photos"));
    for args in [
        vec!["query", "--store", &photos, "ASK { ?s ?p ?o }"],
        vec!["export", "--store", &photos, "--format", "nquads"],
        vec!["graph", "--store", &photos],
        vec!["link", "--store", &photos, "--dataset", "x.ttl"],
    ] {
        run(&args).fails_saying("not a newskg store");
    }
    assert_eq!(listing(&t.path("photos")), before, "no file was added");
    // Nor into a directory that does not exist.
    let missing = t.s("nothing-here");
    run(&["query", "--store", &missing, "ASK { ?s ?p ?o }"]).fails_saying("there is no store at");
    assert!(!t.path("nothing-here").exists());
    // A build refuses a directory of other files.
    let docs = corpus(&t, "docs", 1);
    run(&["build", "--quiet", "--store", &photos, &docs]).fails_saying("not a newskg store");
    assert_eq!(listing(&t.path("photos")), before);
    // And reading a real store changes none of its files.
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    let before = listing(&t.path("kg.db"));
    run(&["query", "--store", &store, "ASK { ?s ?p ?o }"]).ok();
    run(&["export", "--store", &store, "--format", "nquads"]).ok();
    run(&["graph", "--store", &store]).ok();
    assert_eq!(listing(&t.path("kg.db")), before);
}

#[test]
fn a_store_can_be_read_while_a_build_runs() {
    let t = TempDir::new("read-during-build");
    let docs = corpus(&t, "docs", 3);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    let more = corpus(&t, "more", 1500);
    let child = bin().args(["build", "--quiet", "--threads", "1", "--store", &store, &more]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Three reads, whenever they come: during the build or (on a slow machine) after it; what
    // is checked is that each works and sees at least what the first build committed.
    for _ in 0..3 {
        let o = run(&["query", "--store", &store, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?e a nkg:Appeal }"]);
        assert_eq!(o.code, 0, "a read beside a running build works: {o:?}");
        let n: usize = o.stdout.lines().nth(1).unwrap_or("0").trim().parse().unwrap();
        assert!(n >= 3, "{o:?}");
    }
    finish(child, LIMIT, "build").ok();
}

// ---------------------------------------------------------------------------------------
// 3–5. Inputs
// ---------------------------------------------------------------------------------------

#[test]
fn an_entity_before_a_multibyte_letter_does_not_panic() {
    let t = TempDir::new("html");
    let a = t.write("a.html", "<p>M.&nbsp;Çavuşoğlu a appelé au calme.</p>");
    let o = run(&["extract", &a]);
    o.ok();
    assert!(o.stdout.contains("Çavuşoğlu"), "{}", o.stdout);
}

#[test]
fn document_ids_never_collide() {
    let t = TempDir::new("ids");
    let names = ["Москва.txt", "北京 声明.txt", "a/x.txt", "b/x.txt", "Moscou 1.txt", "Moscou-1.txt", "y.txt", "y.html"];
    for (i, n) in names.iter().enumerate() {
        t.write(&format!("in/{n}"), article(i));
    }
    let store = t.s("kg.db");
    let o = run(&["build", "--quiet", "--store", &store, &t.s("in")]);
    o.ok();
    let graphs = doc_graphs(&store);
    assert_eq!(graphs.len(), names.len(), "one graph per file: {graphs:?}");
    assert!(graphs.iter().any(|g| g.contains("/doc/Moskva-")), "{graphs:?}");
    assert!(graphs.iter().any(|g| g.ends_with("/doc/Moscou-1")), "{graphs:?}");
    // Two inputs that would still share an id: the second is reported, the first kept.
    let o = run(&["build", "--quiet", "--store", &store, &t.s("in/a"), &t.s("in/b")]);
    o.fails_saying("is already used by");
    // Duplicate JSONL ids: an error line, not a silent replace.
    let jl = t.write(
        "dup.jsonl",
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "n1", "text": article(1)}),
            serde_json::json!({"id": "n1", "text": article(2)})
        ),
    );
    let o = run(&["extract", &jl]);
    o.fails_saying("dup.jsonl:2").fails_saying("\"n1\" is already used by");
    assert_eq!(o.stdout.lines().filter(|l| l.contains("\"type\":\"document\"")).count(), 1);
}

fn fifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(st.success());
}

#[test]
fn fifos_are_skipped_never_opened() {
    let t = TempDir::new("fifo");
    let good = t.write("in/good.txt", article(0));
    fifo(&t.path("in/pipe.txt"));
    let o = run_in(&["extract", &t.s("in")], None, Duration::from_secs(30));
    o.fails_saying("pipe.txt").fails_saying("FIFO");
    assert!(o.stdout.contains("\"type\":\"document\""));
    let o = run_in(&["extract", &t.s("in/pipe.txt"), &good], None, Duration::from_secs(30));
    o.fails_saying("FIFO");
    assert!(o.stdout.contains("good"));
}

#[test]
fn symlink_loops_are_read_once() {
    let t = TempDir::new("loop");
    t.write("in/sub/a.txt", article(0));
    std::os::unix::fs::symlink(t.path("in"), t.path("in/sub/back")).unwrap();
    std::os::unix::fs::symlink("self", t.path("in/self")).unwrap();
    let o = run(&["extract", &t.s("in")]);
    o.fails_saying("symbolic link loop");
    assert_eq!(o.stdout.lines().filter(|l| l.contains("\"type\":\"document\"")).count(), 1, "{}", o.stdout);
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn utf16_and_latin1_are_decoded() {
    let t = TempDir::new("enc");
    t.write("in/u16.txt", utf16le(&article(0), true));
    t.write("in/u16-nobom.txt", utf16le(&article(1), false));
    let mut be = vec![0xFE, 0xFF];
    for u in article(2).encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    t.write("in/u16be.txt", be);
    let latin1: Vec<u8> = article(3).chars().map(|c| u8::try_from(c as u32).expect("Latin-1 text")).collect();
    t.write("in/latin1.txt", latin1);
    let o = run(&["extract", &t.s("in")]);
    o.ok();
    assert!(o.stderr.contains("latin1.txt: not UTF-8; read as windows-1252"), "{}", o.stderr);
    // Each file gives its appeal, with its accented words intact.
    for caller in ["FRA", "DEU", "CAN", "ITA"] {
        assert!(o.stdout.lines().any(|l| l.contains("\"kind\":\"appeal\"") && l.contains(&format!("\"caller\":[{{\"country\":\"{caller}\""))), "{caller}:\n{}", o.stdout);
    }
    assert_eq!(o.stdout.matches("a exhorté la Turquie à reprendre").count(), 8, "{}", o.stdout);
}

#[test]
fn a_stray_nul_byte_is_text_and_a_binary_file_is_skipped() {
    let t = TempDir::new("nul");
    let mut text = article(0).into_bytes();
    text.insert(12, 0);
    t.write("in/nul.txt", text);
    let mut bin_bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bin_bytes.extend_from_slice(&[0u8; 200]);
    t.write("in2/prog.txt", bin_bytes);
    let o = run(&["extract", &t.s("in")]);
    o.ok();
    assert!(o.stderr.contains("NUL bytes in the text were read as spaces"), "{}", o.stderr);
    assert!(o.stdout.contains("\"caller\":[{\"country\":\"FRA\""), "{}", o.stdout);
    run(&["extract", &t.s("in2")]).fails_saying("it is a binary file, not text");
}

#[test]
fn every_unreadable_input_is_skipped_and_the_run_goes_on() {
    let t = TempDir::new("skips");
    let good = t.write("in/good.txt", article(0));
    t.write("in/locked/hidden.txt", article(1));
    t.write("empty-dir/readme.pdf", b"%PDF");
    // A JSON line over the limit, then a good line: the good one is kept.
    let huge = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "a ".repeat(newskg::document::MAX_DOCUMENT_BYTES / 2 + 10));
    let jl = t.write("in2/art.jsonl", format!("{huge}\n{}\n", serde_json::json!({"id": "after", "text": article(2)})));
    let o = run(&["extract", &t.s("missing.txt"), &good, &t.s("empty-dir"), &jl]);
    o.fails_saying("missing.txt: no such file or directory")
        .fails_saying("has no article files")
        .fails_saying("art.jsonl:1: this JSON line is larger than");
    assert!(o.stdout.contains("\"id\":\"good\"") && o.stdout.contains("\"id\":\"after\""), "{}", o.stdout);
    // An unreadable directory inside the tree (permissions hold for a non-root user only).
    Command::new("chmod").args(["-R", "a+rX", &t.s("")]).status().unwrap();
    Command::new("chmod").args(["000", &t.s("in/locked")]).status().unwrap();
    if let Some(o) = as_nobody(&["extract", &t.s("in")]) {
        o.fails_saying("cannot read this directory: permission denied");
        assert!(o.stdout.contains("\"id\":\"good\""));
    }
    Command::new("chmod").args(["755", &t.s("in/locked")]).status().unwrap();
}

#[test]
fn non_latin_text_gets_a_language_tag_and_a_message() {
    let t = TempDir::new("script");
    // A language the detector names gets its tag; a text too short to name, its script.
    let a = t.write("ru.txt", "Министр иностранных дел призвал стороны к прекращению огня и возобновлению переговоров.\n");
    let o = run(&["extract", &a]);
    o.ok();
    assert!(o.stderr.contains("Russian"), "{}", o.stderr);
    assert!(o.stdout.contains("\"lang\":\"ru\""), "{}", o.stdout);
    let b = t.write("short.txt", "Министр призвал.\n");
    let o = run(&["extract", &b]);
    o.ok();
    assert!(o.stderr.contains("Cyrillic"), "{}", o.stderr);
    assert!(o.stdout.contains("\"lang\":\"und-Cyrl\""), "{}", o.stdout);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let t = TempDir::new("pipe");
    let docs = corpus(&t, "docs", 300);
    for args in [vec!["extract", docs.as_str()], vec!["build", "--memory", docs.as_str()]] {
        let mut child = bin().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 16];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let o = finish(child, LIMIT, "closed pipe");
        assert!(o.stderr.trim().is_empty(), "quiet: {}", o.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// 5. Bounded cost per document
// ---------------------------------------------------------------------------------------

/// A line of names and nothing else: no sentence stop, a mention every few bytes.
fn entity_line(bytes: usize) -> String {
    let names = ["la France", "la Russie", "Berlin", "Moscou", "l'Arménie", "Bakou", "Sergueï Lavrov", "l'ONU", "Washington", "Pékin", "le Qatar", "Ankara"];
    let mut s = String::with_capacity(bytes + 32);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(names[(i * 7 + i / 5) % names.len()]);
        s.push_str(if i % 3 == 0 { " et " } else { ", " });
        i += 1;
    }
    s.push('\n');
    s
}

fn knowledge() -> &'static newskg::lexicon::Knowledge {
    static K: std::sync::OnceLock<newskg::lexicon::Knowledge> = std::sync::OnceLock::new();
    K.get_or_init(|| newskg::lexicon::Knowledge::builtin().expect("built-in knowledge"))
}

#[test]
fn sentences_are_capped_in_tokens_and_bytes() {
    use newskg::text::{MAX_SENTENCE_BYTES, MAX_SENTENCE_TOKENS};
    // Entities without a stop; then long words without a stop (few tokens, many bytes).
    let words: Vec<String> = (0..3000).map(|i| format!("Mot{i}{}", "x".repeat(40))).collect();
    let text = format!("{}\n{}\n", entity_line(200_000), words.join(" "));
    let doc = newskg::document::Document { id: "caps".into(), text, ..Default::default() };
    let an = newskg::text::analyse(&doc, knowledge());
    assert!(an.sentences.len() > 50, "{}", an.sentences.len());
    for s in &an.sentences {
        let longest = s.tokens.iter().map(|t| t.end - t.start).max().unwrap_or(0);
        assert!(s.tokens.len() <= MAX_SENTENCE_TOKENS, "{} tokens", s.tokens.len());
        assert!(s.end - s.start <= MAX_SENTENCE_BYTES + longest, "{} bytes", s.end - s.start);
    }
}

/// Whole-text offsets of a processed document are right: each sentence and mention is the
/// text between its character offsets.
fn check_offsets(p: &newskg::pipeline::Processed) {
    let chars: Vec<char> = p.text.chars().collect();
    let at = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
    assert_eq!(p.char_len, chars.len());
    for (i, s) in p.sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert_eq!(at(s.char_start, s.char_end), s.text);
        assert_eq!(&p.text[s.start..s.end], s.text);
        for m in &s.mentions {
            assert_eq!(at(m.char_start, m.char_end), m.text);
        }
    }
    for f in &p.facts {
        let (sentence, span) = match f {
            newskg::extract::Fact::Event(e) => (e.sentence, e.span),
            newskg::extract::Fact::Statement(s) => (s.sentence, s.span),
        };
        let s = &p.sentences[sentence];
        assert!(s.start <= span.0 && span.1 <= s.end, "a fact's span lies in its sentence");
    }
}

#[test]
fn long_documents_are_processed_in_sections_with_whole_document_offsets() {
    let k = knowledge();
    let ex = newskg::extract::default_extractors();
    let text: String = (0..40).map(|i| format!("Ève et Zoë ont écrit ceci.\n{}\n", article(i))).collect();
    let doc = newskg::document::Document { id: "long".into(), text, ..Default::default() };
    let whole = newskg::pipeline::process_in_sections(&doc, k, &ex, usize::MAX);
    let cut = newskg::pipeline::process_in_sections(&doc, k, &ex, 900);
    check_offsets(&whole);
    check_offsets(&cut);
    // Sections end at blank lines here: the same sentences, mentions and events.
    let sentences = |p: &newskg::pipeline::Processed| -> Vec<(usize, usize, String, usize)> {
        p.sentences.iter().map(|s| (s.char_start, s.char_end, s.text.clone(), s.mentions.len())).collect()
    };
    assert_eq!(sentences(&cut), sentences(&whole));
    let events = |p: &newskg::pipeline::Processed| -> Vec<(usize, (usize, usize), Vec<String>)> {
        p.facts.iter().filter_map(|f| match f {
            newskg::extract::Fact::Event(e) => Some((e.sentence, e.span, e.caller.iter().map(|c| c.key.clone()).collect())),
            _ => None,
        }).collect()
    };
    assert!(events(&whole).len() >= 40);
    assert_eq!(events(&cut), events(&whole));
    // A line without breaks longer than a section is cut at spaces, and its offsets hold.
    let doc = newskg::document::Document { id: "line".into(), text: entity_line(newskg::pipeline::SECTION_BYTES * 2 + 5000), ..Default::default() };
    let p = newskg::pipeline::process(&doc, k, &ex);
    check_offsets(&p);
    assert!(p.sentences.iter().map(|s| s.mentions.len()).sum::<usize>() > 50_000);
}

/// CPU seconds and peak resident memory (KB) of one run of the binary, from the kernel
/// (`wait4`); the output goes nowhere.
fn cost(args: &[&str]) -> (f64, i64) {
    let child = bin().args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let watchdog = std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < LIMIT {
            std::thread::sleep(Duration::from_millis(200));
            // SAFETY: signal 0 only checks that the process exists.
            if unsafe { libc::kill(pid, 0) } != 0 {
                return;
            }
        }
        // SAFETY: kills the child this test started (still unreaped, so the pid is ours).
        unsafe { libc::kill(pid, libc::SIGKILL) };
    });
    let mut status = 0;
    // SAFETY: `rusage` is a plain C struct (all-zero is valid) that `wait4` fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    drop(child); // already reaped: dropping a Child neither waits nor kills
    let _ = watchdog.join();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{args:?}: status {status}");
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss)
}

#[test]
fn cost_grows_linearly_with_the_document() {
    // No wall clock: CPU time and peak memory as the kernel counts them, for one document
    // and the same document four times as long. Linear work gives a CPU ratio near 4
    // (quadratic: 16); memory that does not hold the whole document's quads at once grows
    // far less than the input (holding them: more than three times).
    let t = TempDir::new("linear");
    let small = t.write("small.txt", entity_line(500_000));
    let large = t.write("large.txt", entity_line(2_000_000));
    let (cpu_s, rss_s) = cost(&["extract", "--threads", "1", "--format", "nquads", &small]);
    let (cpu_l, rss_l) = cost(&["extract", "--threads", "1", "--format", "nquads", &large]);
    eprintln!("0.5 MB: {cpu_s:.2} s, {} MB; 2 MB: {cpu_l:.2} s, {} MB", rss_s / 1024, rss_l / 1024);
    assert!(cpu_l < 8.0 * cpu_s, "CPU {cpu_s:.2} s → {cpu_l:.2} s for 4× the text");
    assert!((rss_l as f64) < 2.0 * rss_s as f64, "peak memory {rss_s} KB → {rss_l} KB for 4× the text");
    // The store path too: a build's peak memory stays far below holding the quads.
    let store = t.s("kg.db");
    let (_, rss_b) = cost(&["build", "--quiet", "--threads", "1", "--store", &store, &large]);
    // (Statements add some 45 quads each: the bound leaves room for them, and is still far
    // below the several gigabytes that holding a 2 MB entity line's quads took.)
    assert!((rss_b as f64) < 3.5 * rss_s as f64, "build peak {rss_b} KB (extract of a quarter: {rss_s} KB)");
}

// ---------------------------------------------------------------------------------------
// 7. Hostile SPARQL
// ---------------------------------------------------------------------------------------

fn small_store(t: &TempDir) -> String {
    let docs = corpus(t, "docs", 30);
    let store = t.s("kg.db");
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    store
}

#[test]
fn hostile_queries_get_a_sentence() {
    let t = TempDir::new("sparql");
    let store = small_store(&t);
    let unions = format!("SELECT * WHERE {{ {} }}", vec!["{ ?s ?p ?o }"; 5000].join(" UNION "));
    run(&["query", "--store", &store, &unions]).fails_saying("UNION");
    let nested = format!("SELECT * WHERE {{ ?s ?p ?o FILTER({}1{}) }}", "(".repeat(4000), ")".repeat(4000));
    run(&["query", "--store", &store, &nested]).fails_saying("nests brackets");
    run(&["query", "--store", &store, "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"]).fails_saying("does not support updates").fails_saying("`newskg build`").fails_saying("`newskg import`");
    run(&["query", "--store", &store, "DELETE WHERE { ?s ?p ?o }"]).fails_saying("does not support updates");
    run(&["query", "--store", &store, "SELECT * WHERE { ?s foo:bar ?o }"]).fails_saying("unknown prefix foo:");
    // A cartesian product is stopped by the time limit.
    let started = Instant::now();
    let cart = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    run(&["query", "--store", &store, "--timeout", "2", cart]).fails_saying("time limit");
    assert!(started.elapsed() < Duration::from_secs(30));
    // Rows beyond --limit are left out, and said so.
    let o = run(&["query", "--store", &store, "--limit", "5", "--format", "csv", "SELECT ?s WHERE { ?s ?p ?o }"]);
    o.ok();
    assert_eq!(o.stdout.lines().count(), 6);
    assert!(o.stderr.contains("only the first 5 results"));
}

// ---------------------------------------------------------------------------------------
// 8. RDF inputs
// ---------------------------------------------------------------------------------------

fn laughs() -> String {
    let mut dtd = String::from("<!ENTITY l0 \"ha\">");
    for i in 1..12 {
        dtd.push_str(&format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [{dtd}]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\"><rdf:Description rdf:about=\"http://example.org/a\"><ex:p>&l11;</ex:p></rdf:Description></rdf:RDF>\n"
    )
}

#[test]
fn rdf_xml_bombs_and_truncations_are_refused_and_the_store_is_unchanged() {
    let t = TempDir::new("rdfxml");
    let bomb = t.write("bomb.rdf", laughs());
    let new_store = t.s("fresh.db");
    run(&["import", &bomb, "--graph", "http://example.org/g", "--store", &new_store]).fails_saying("entity-expansion");
    assert!(!t.path("fresh.db").exists(), "a failed import leaves no store directory");
    let store = small_store(&t);
    let before = count(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }");
    let good = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\"><rdf:Description rdf:about=\"http://example.org/a\"><ex:p>one</ex:p></rdf:Description><rdf:Description rdf:about=\"http://example.org/b\"><ex:p>two</ex:p></rdf:Description></rdf:RDF>\n";
    let cut = t.write("cut.rdf", &good[..good.len() - 60]);
    run(&["import", &cut, "--graph", "http://example.org/g", "--store", &store]).fails_saying("truncated");
    run(&["link", "--store", &store, "--dataset", &bomb]).fails_saying("entity-expansion");
    assert_eq!(count(&store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"), before);
    let whole = t.write("whole.rdf", good);
    run(&["import", &whole, "--graph", "http://example.org/g", "--store", &store]).ok();
}

// ---------------------------------------------------------------------------------------
// 9. Commits: kill -9 in the middle of a build, re-run, compare with a clean build
// ---------------------------------------------------------------------------------------

fn graph_sizes(store: &str) -> BTreeMap<String, usize> {
    let out = run(&["query", "--store", store, "--format", "csv", "--limit", "0", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"]);
    out.ok();
    out.stdout.lines().skip(1).map(|l| {
        let (g, n) = l.trim().rsplit_once(',').unwrap();
        (g.to_string(), n.parse().unwrap())
    }).collect()
}

#[test]
fn a_killed_build_loses_only_its_last_seconds_and_a_rerun_equals_a_clean_build() {
    let t = TempDir::new("kill");
    let docs = corpus(&t, "docs", 3000);
    let clean = t.s("clean.db");
    run(&["build", "--quiet", "--store", &clean, &docs]).ok();
    let expected = graph_sizes(&clean);
    let store = t.s("killed.db");
    for wait_ms in [300u64, 6500] {
        let mut child = bin().args(["build", "--quiet", "--threads", "1", "--store", &store, &docs]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if wait_ms > 6000 && t.path("killed.db/CURRENT").exists() {
            // More than one commit interval passed: some documents were kept.
            let kept = graph_sizes(&store).len();
            eprintln!("kept {kept} graphs after a kill at {wait_ms} ms");
        }
    }
    run(&["build", "--quiet", "--store", &store, &docs]).ok();
    assert_eq!(graph_sizes(&store), expected, "graph by graph, a re-run equals a clean build");
}

#[test]
fn a_running_build_commits_every_few_seconds() {
    // Documents come one by one on standard input and the build never sees the end of its
    // input: what a reader finds in the store can only come from the build's periodic
    // commits (every COMMIT_SECS). Killed with SIGKILL, it keeps each committed document whole.
    let t = TempDir::new("periodic");
    let store = t.s("kg.db");
    let mut child = bin()
        .args(["build", "--quiet", "--threads", "1", "--store", &store, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let line = |i: usize| format!("{}\n", serde_json::json!({"id": format!("s{i:05}"), "text": article(i)}));
    let mut input = child.stdin.take().unwrap();
    let fed = std::sync::Arc::new(AtomicUsize::new(0));
    let feeder = {
        let fed = fed.clone();
        std::thread::spawn(move || {
            for i in 0..200_000 {
                if input.write_all(line(i).as_bytes()).and_then(|_| input.flush()).is_err() {
                    break;
                }
                fed.store(i + 1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let started = Instant::now();
    let q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a schema:NewsArticle } }";
    let seen = loop {
        assert!(started.elapsed() < LIMIT, "no document was committed while the build ran");
        if t.path("kg.db/CURRENT").exists() {
            let n = count(&store, q);
            if n > 0 {
                break n;
            }
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    let _ = child.kill();
    let _ = child.wait();
    feeder.join().unwrap();
    let n = fed.load(Ordering::SeqCst);
    assert!(seen < n, "committed {seen} of {n} documents before the input ended");
    // What was kept is whole: graph by graph as a clean build of the same documents makes it.
    let all: String = (0..n).map(line).collect();
    let jl = t.write("all.jsonl", all);
    let clean = t.s("clean.db");
    run(&["build", "--quiet", "--store", &clean, &jl]).ok();
    let expected = graph_sizes(&clean);
    let kept = graph_sizes(&store);
    let docs_kept = kept.keys().filter(|g| g.contains("/doc/")).count();
    assert!(docs_kept >= seen, "{docs_kept} < {seen}");
    for (g, size) in &kept {
        assert_eq!(expected.get(g), Some(size), "{g} is whole");
    }
}

// ---------------------------------------------------------------------------------------
// 10. Lesser
// ---------------------------------------------------------------------------------------

#[test]
fn explain_takes_text_starting_with_a_dash() {
    let o = run(&["explain", "- La France a exhorté la Turquie à reprendre le dialogue."]);
    o.ok();
    assert!(o.stdout.contains("Turquie"));
}

#[test]
fn spans_are_in_code_points() {
    let t = TempDir::new("span");
    let text = "Ésope, Ève et Zoë sont arrivés.\n\nLa France a exhorté la Turquie à reprendre le dialogue.\n";
    let a = t.write("s.txt", text);
    let o = run(&["extract", &a]);
    o.ok();
    let ev = o.stdout.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).find(|v| v["kind"] == "appeal").expect("an appeal");
    let span = ev["span"].as_array().unwrap();
    let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    let chars: Vec<char> = text.chars().collect();
    let got: String = chars[s..e].iter().collect();
    assert!(got.starts_with("La France a exhorté"), "{got:?}");
}
