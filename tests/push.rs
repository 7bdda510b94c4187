//! `newskg push` against a real `oxigraph serve` on loopback (from `pip install oxigraph`; set
//! OXIGRAPH_BIN or put `oxigraph` on the PATH). Skips with a message when the server is absent.
//! Also `extract -` as a stream filter: JSON Lines in on stdin, answered line by line.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newskg")
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("newskg-push-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn oxigraph_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OXIGRAPH_BIN") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("oxigraph")).find(|p| p.is_file())
}

/// A running `oxigraph serve`, killed when dropped.
struct Oxigraph {
    child: Child,
    addr: String,
    _dir: TempDir,
}

impl Oxigraph {
    fn start() -> Option<Oxigraph> {
        let Some(exe) = oxigraph_bin() else {
            eprintln!("skipped: no `oxigraph` server (pip install oxigraph, or set OXIGRAPH_BIN)");
            return None;
        };
        let dir = TempDir::new("oxigraph");
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(exe)
            .args(["serve", "--location"])
            .arg(dir.0.join("db"))
            .args(["--bind", &addr])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("oxigraph serve starts");
        let started = Instant::now();
        while TcpStream::connect(&addr).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "oxigraph serve did not start listening on {addr}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(Oxigraph { child, addr, _dir: dir })
    }

    /// (graph IRI → number of triples) in the server's store.
    fn graph_sizes(&self) -> BTreeMap<String, usize> {
        let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
        let body = format!("query={}", form(q));
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "POST /query HTTP/1.1\r\nHost: {}\r\nAccept: text/csv\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let body = if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { unchunk(body) } else { body.to_string() };
        csv_sizes(&body)
    }
}

impl Drop for Oxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").unwrap();
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

fn form(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn csv_sizes(csv: &str) -> BTreeMap<String, usize> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (g, n) = l.trim().rsplit_once(',').unwrap();
            (g.to_string(), n.parse().unwrap())
        })
        .collect()
}

/// The same sizes for a local store, through `newskg query`.
fn local_sizes(store: &Path) -> BTreeMap<String, usize> {
    let out = Command::new(bin())
        .args(["query", "--format", "csv", "--store"])
        .arg(store)
        .arg("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        .output()
        .unwrap();
    assert!(out.status.success());
    csv_sizes(&String::from_utf8_lossy(&out.stdout))
}

fn build(store: &Path, input: &Path) {
    let out = Command::new(bin()).args(["build", "-q", "--store"]).arg(store).arg(input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn push(store: &Path, endpoint: &str, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(["push", "--store"]).arg(store).args(["--endpoint", endpoint]).args(extra).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

#[test]
fn push_replaces_each_graph_in_a_real_oxigraph_server() {
    let Some(server) = Oxigraph::start() else { return };
    let tmp = TempDir::new("stores");
    let store = tmp.0.join("kg.db");
    build(&store, &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles"));
    let endpoint = format!("http://{}/store", server.addr);
    let local = local_sizes(&store);
    assert!(local.len() > 10);

    let (code, stdout, stderr) = push(&store, &endpoint, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("{} graphs", local.len())), "{stdout}");
    assert_eq!(server.graph_sizes(), local, "every graph arrives whole");
    // Again, in Turtle: graphs are replaced, nothing doubles.
    let (code, _, stderr) = push(&store, &endpoint, &["--format", "turtle"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(server.graph_sizes(), local);

    // A rebuilt document replaces its graph; the others stay.
    let doc_dir = tmp.0.join("docs");
    std::fs::create_dir_all(&doc_dir).unwrap();
    let id = "fr_2020-10-05_lavrov_telephone";
    std::fs::write(doc_dir.join(format!("{id}.txt")), "Paris a appelé Moscou à la retenue.\n").unwrap();
    let small = tmp.0.join("small.db");
    build(&small, &doc_dir);
    let graph = format!("https://w3id.org/newskg/resource/doc/{id}");
    let (code, _, stderr) = push(&small, &endpoint, &["--graph", &graph]);
    assert_eq!(code, 0, "{stderr}");
    let remote = server.graph_sizes();
    assert_eq!(remote[&graph], local_sizes(&small)[&graph]);
    assert!(remote[&graph] < local[&graph]);
    for (g, n) in &local {
        if *g != graph {
            assert_eq!(remote[g], *n, "{g} untouched");
        }
    }

    // A wrong endpoint: one line per graph, no retry of a 404, exit 1.
    let (code, stdout, stderr) = push(&store, &format!("http://{}/no-such-service", server.addr), &["--retries", "3"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("failed: HTTP 404")).collect();
    assert_eq!(lines.len(), local.len(), "{stderr}");
    assert!(lines[0].contains("graph <https://w3id.org/newskg/resource/"), "{stderr}");
    assert!(stdout.contains(&format!("{} failed", local.len())));
}

#[test]
fn push_to_nothing_fails_clearly_and_soon() {
    let tmp = TempDir::new("nothing");
    let store = tmp.0.join("kg.db");
    build(&store, &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles"));
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let (code, _, stderr) = push(&store, &format!("http://127.0.0.1:{port}/store"), &["--retries", "1"]);
    assert_eq!(code, 1);
    assert_eq!(stderr.lines().filter(|l| l.contains("failed:") && l.contains("(after 2 attempts)")).count(), 3, "{stderr}");
    assert!(stderr.contains("did not answer for 3 graphs in a row"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
    let (code, _, stderr) = push(&store, "ftp://example.org/", &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not an http:// URL"), "{stderr}");
}

#[test]
fn extract_filters_a_stream_of_json_lines() {
    let mut child = Command::new(bin())
        .args(["extract", "--format", "nquads", "--threads", "2", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    // The first article is answered while the input is still open.
    writeln!(stdin, r#"{{"id":"flux-1","text":"Ankara a exhorté Bakou et Erevan à reprendre le dialogue.","lang":"fr"}}"#).unwrap();
    stdin.flush().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        tx.send(line).unwrap();
        stdout
    });
    let line = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            panic!("no output before the end of the input: extract does not stream");
        }
    };
    let mut stdout = reader.join().unwrap();
    assert!(line.contains("<https://w3id.org/newskg/resource/doc/flux-1>"), "{line}");
    writeln!(stdin, r#"{{"id":"flux-2","text":"Le Kremlin a appelé Kiev à la retenue.","lang":"fr"}}"#).unwrap();
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success());
    let all = line + &rest;
    assert!(all.contains("/doc/flux-2>") && all.contains("calledOn"), "ids kept, events out");
    // Every line is an N-Quad in the graph of its document.
    let quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(all.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("N-Quads");
    assert!(quads.iter().all(|q| q.graph_name.to_string().contains("/doc/flux-")));
}
