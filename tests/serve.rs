//! `newskg serve` over real HTTP on loopback: the SPARQL 1.1 Protocol (GET, POST form, POST
//! query; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD), refusal of updates, the result and
//! time limits, the read-only store beside other commands, and the web page's endpoints.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_newskg")
}

/// A store of the example articles, built once for all tests of this file.
fn store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        // Stores of earlier runs whose process is gone (a test binary cannot clean up at exit).
        if Path::new("/proc/self").exists() {
            for e in std::fs::read_dir(std::env::temp_dir()).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(pid) = name.strip_prefix("newskg-serve-test-") {
                    if !Path::new("/proc").join(pid).exists() {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        let dir = std::env::temp_dir().join(format!("newskg-serve-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let articles = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
        let out = Command::new(bin()).args(["build", "-q", "--store"]).arg(&dir).arg(&articles).output().expect("build runs");
        assert!(out.status.success(), "build: {}", String::from_utf8_lossy(&out.stderr));
        dir
    })
}

/// A running `newskg serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .args(["serve", "--bind", "127.0.0.1:0", "--store"])
            .arg(store())
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("serve says where it listens");
        let addr = line.split("http://").nth(1).and_then(|s| s.split('/').next()).unwrap_or_else(|| panic!("no address in {line:?}")).to_string();
        Server { child, addr }
    }

    /// One HTTP/1.1 request; returns (status, headers lowercased, body).
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", self.addr, body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the answer");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
            body = unchunk(&body);
        }
        Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
    }

    fn get(&self, target: &str, accept: &str) -> Reply {
        self.request("GET", target, &[("Accept", accept)], b"")
    }

    fn sparql_get(&self, query: &str, accept: &str) -> Reply {
        self.get(&format!("/sparql?query={}", encode(query)), accept)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn ok(&self) -> &Self {
        assert_eq!(self.status, 200, "answer: {}", self.body);
        self
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("JSON: {e}: {}", self.body))
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 4 + size..];
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn values(v: &Value, var: &str) -> Vec<String> {
    v["results"]["bindings"].as_array().unwrap().iter().filter_map(|b| b[var]["value"].as_str().map(str::to_string)).collect()
}

const CEASEFIRE: &str = "SELECT DISTINCT ?who WHERE { ?who nkg:calledFor <https://w3id.org/newskg/resource/concept/ceasefire> } ORDER BY ?who";
const COUNT_APPEALS: &str = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a nkg:Appeal }";

#[test]
fn sparql_protocol_answers_in_every_results_format() {
    let s = Server::start(&[]);
    // GET, predeclared prefixes, union default graph, JSON by default.
    let r = s.sparql_get(CEASEFIRE, "*/*");
    r.ok();
    assert!(r.header("content-type").unwrap().starts_with("application/sparql-results+json"));
    let who = values(&r.json(), "who");
    assert!(who.contains(&"https://w3id.org/newskg/resource/entity/country/RUS".to_string()), "{who:?}");
    // The same answer as `newskg query` on the same store, which runs beside the server.
    let cli = Command::new(bin()).args(["query", "--format", "csv", "--store"]).arg(store()).arg(CEASEFIRE).output().unwrap();
    assert!(cli.status.success(), "query beside serve: {}", String::from_utf8_lossy(&cli.stderr));
    let cli_rows: Vec<String> = String::from_utf8_lossy(&cli.stdout).lines().skip(1).map(str::to_string).collect();
    assert_eq!(cli_rows, who);

    // CSV and TSV by Accept, XML by format=.
    let csv = s.sparql_get(CEASEFIRE, "text/csv");
    csv.ok();
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(csv.body.lines().next(), Some("who"));
    assert_eq!(csv.body.lines().count(), who.len() + 1);
    let tsv = s.sparql_get(CEASEFIRE, "text/tab-separated-values");
    assert!(tsv.ok().body.starts_with("?who\n<https://"), "{}", tsv.body);
    let xml = s.get(&format!("/sparql?format=xml&query={}", encode(CEASEFIRE)), "application/sparql-results+json");
    assert!(xml.ok().header("content-type").unwrap().starts_with("application/sparql-results+xml"));
    assert!(xml.body.contains("<sparql") && xml.body.contains("country/RUS"));
    // Quality values: the best format offered wins.
    let q = s.sparql_get(CEASEFIRE, "application/sparql-results+json;q=0.2, text/csv;q=0.9");
    assert!(q.ok().header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(s.sparql_get(CEASEFIRE, "image/png").status, 406);

    // POST as application/sparql-query and as a form.
    let r = s.request("POST", "/sparql", &[("Content-Type", "application/sparql-query"), ("Accept", "application/sparql-results+json")], COUNT_APPEALS.as_bytes());
    let n: usize = values(&r.ok().json(), "n")[0].parse().unwrap();
    assert!(n > 10, "the example articles have many appeals: {n}");
    let form = format!("query={}", encode(COUNT_APPEALS));
    let r = s.request("POST", "/sparql", &[("Content-Type", "application/x-www-form-urlencoded")], form.as_bytes());
    assert_eq!(values(&r.ok().json(), "n")[0].parse::<usize>().unwrap(), n);
    // ASK.
    let r = s.sparql_get("ASK { ?e a nkg:Contact }", "application/sparql-results+json");
    assert_eq!(r.ok().json()["boolean"], Value::Bool(true));
    // A dataset given by the protocol replaces the union: the ontology graph holds no appeal.
    let r = s.get(&format!("/sparql?query={}&default-graph-uri={}", encode(COUNT_APPEALS), encode("https://w3id.org/newskg/ontology")), "*/*");
    assert_eq!(values(&r.ok().json(), "n"), vec!["0"]);

    // Errors are one sentence with the right status.
    let bad = s.sparql_get("SELECT ?x WHERE { ?x foo:bar ?y }", "*/*");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("does not parse"), "{}", bad.body);
    assert_eq!(s.get("/sparql", "*/*").status, 400);
    assert_eq!(s.get("/nothing-here", "*/*").status, 404);
    // CORS, so that SPARQL clients running in a browser can read the answers.
    assert_eq!(s.sparql_get(COUNT_APPEALS, "*/*").header("access-control-allow-origin"), Some("*"));
}

#[test]
fn construct_and_describe_answer_turtle_ntriples_and_json_ld() {
    let s = Server::start(&[]);
    let q = "CONSTRUCT { ?who nkg:calledFor ?what } WHERE { ?who nkg:calledFor ?what }";
    let ttl = s.sparql_get(q, "*/*");
    assert!(ttl.ok().header("content-type").unwrap().starts_with("text/turtle"));
    assert!(ttl.body.contains("@prefix nkg:") && ttl.body.contains("nkg:calledFor"), "{}", ttl.body);
    let nt = s.sparql_get(q, "application/n-triples");
    assert!(nt.ok().header("content-type").unwrap().starts_with("application/n-triples"));
    let triples: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(nt.body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("N-Triples parse");
    assert!(triples.len() > 5);
    let ld = s.sparql_get(q, "application/ld+json");
    assert!(ld.ok().header("content-type").unwrap().starts_with("application/ld+json"));
    let parsed: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::JsonLd { profile: Default::default() })
        .for_slice(ld.body.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("JSON-LD parses");
    assert_eq!(parsed.len(), triples.len());
    let d = s.get(&format!("/sparql?format=ntriples&query={}", encode("DESCRIBE <https://w3id.org/newskg/resource/entity/country/RUS>")), "*/*");
    assert!(d.ok().body.contains("<https://w3id.org/newskg/resource/entity/country/RUS> <http://www.w3.org/2000/01/rdf-schema#label>"));
}

#[test]
fn updates_are_refused_and_the_store_stays_as_it_was() {
    let s = Server::start(&[]);
    let count = |s: &Server| values(&s.sparql_get("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "*/*").json(), "n")[0].clone();
    let before = count(&s);
    let insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> <http://example.org/c> } }";
    let r = s.request("POST", "/sparql", &[("Content-Type", "application/sparql-update")], insert.as_bytes());
    assert_eq!(r.status, 403);
    assert!(r.body.contains("read-only"), "{}", r.body);
    let r = s.request("POST", "/sparql", &[("Content-Type", "application/x-www-form-urlencoded")], format!("update={}", encode(insert)).as_bytes());
    assert_eq!(r.status, 403);
    // An update sent as a query is refused as an update.
    let r = s.sparql_get("CLEAR ALL", "*/*");
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("read-only"));
    assert_eq!(s.request("PUT", "/sparql", &[], b"").status, 403);
    assert_eq!(count(&s), before);
}

#[test]
fn answers_are_cut_at_the_limit_and_slow_queries_stopped() {
    let s = Server::start(&["--limit", "3", "--timeout", "1"]);
    let r = s.sparql_get("SELECT ?s WHERE { ?s ?p ?o }", "*/*");
    assert_eq!(values(&r.ok().json(), "s").len(), 3);
    assert_eq!(r.header("x-newskg-truncated"), Some("3"));
    let r = s.sparql_get("SELECT ?s WHERE { ?s a nkg:Appeal } LIMIT 2", "*/*");
    assert_eq!(r.header("x-newskg-truncated"), None);
    let r = s.sparql_get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples");
    assert_eq!(r.ok().body.lines().count(), 3);
    // A cross product of the store with itself three times does not finish in a second.
    let started = std::time::Instant::now();
    let r = s.sparql_get("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "*/*");
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("time limit"), "{}", r.body);
    assert!(started.elapsed() < Duration::from_secs(20));
    // The server still answers afterwards.
    s.sparql_get(COUNT_APPEALS, "*/*").ok();
}

#[test]
fn other_commands_work_on_the_served_store() {
    let s = Server::start(&[]);
    for args in [vec!["graph", "--stats"], vec!["export", "--format", "nquads"], vec!["export", "--format", "cameo"]] {
        let out = Command::new(bin()).args(&args).arg("--store").arg(store()).output().unwrap();
        assert!(out.status.success(), "{args:?} beside serve: {}", String::from_utf8_lossy(&out.stderr));
    }
    s.sparql_get(COUNT_APPEALS, "*/*").ok();
}

#[test]
fn web_page_and_its_endpoints() {
    let s = Server::start(&[]);
    let page = s.get("/", "text/html");
    assert!(page.ok().header("content-type").unwrap().starts_with("text/html"));
    assert!(page.body.contains("id=\"query\"") && page.body.contains("/app.js"));
    assert!(s.get("/app.js", "*/*").ok().body.contains("function runQuery"));
    assert!(s.get("/style.css", "*/*").ok().body.contains("mark.caller"));

    // Every example question of the page runs.
    let info = s.get("/api/info", "*/*").ok().json();
    assert_eq!(info["base"], "https://w3id.org/newskg/resource/");
    let examples = info["examples"].as_array().unwrap();
    assert!(examples.len() >= 4);
    for x in examples {
        let r = s.sparql_get(x["query"].as_str().unwrap(), "*/*");
        assert_eq!(r.status, 200, "{}: {}", x["title"], r.body);
        assert!(!r.json()["results"]["bindings"].as_array().unwrap().is_empty(), "{} has answers", x["title"]);
    }

    // The call graph: SVG when Graphviz is here, DOT with a message when not.
    let g = s.get("/graph.svg?by=country&kind=appeal", "*/*");
    g.ok();
    if g.header("content-type").unwrap().starts_with("image/svg+xml") {
        assert!(g.body.contains("<svg") && g.body.contains("class=\"node\""));
    } else {
        assert!(g.body.starts_with("digraph") && g.header("x-newskg-message").is_some());
    }
    let dot = s.get("/graph.dot?kind=contact&actor=lavrov", "*/*");
    assert!(dot.ok().body.contains("digraph"));
    // Labels in the language asked (French by default, as `newskg graph`).
    let by_country = |lang: &str| s.get(&format!("/graph.dot?by=country&kind=appeal{lang}"), "*/*").ok().body.clone();
    assert!(by_country("").contains("\"Arménie\"") && by_country("&lang=en").contains("\"Armenia\""));
    assert_eq!(s.get("/graph.dot?lang=de", "*/*").status, 400);
    assert_eq!(s.get("/graph.svg?since=yesterday", "*/*").status, 400);

    // Events with their sentence cut into highlighted segments.
    let ev = s.get("/api/events?kind=appeal&limit=500", "*/*").ok().json();
    let events = ev["events"].as_array().unwrap();
    assert!(!events.is_empty());
    let mut roles = std::collections::BTreeSet::new();
    for e in events {
        let joined: String = e["segments"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(joined, e["sentence"].as_str().unwrap(), "segments rebuild the sentence");
        for seg in e["segments"].as_array().unwrap() {
            if let Some(r) = seg["role"].as_str() {
                roles.insert(r.to_string());
            }
        }
    }
    assert!(roles.contains("caller") && roles.contains("addressee") && roles.contains("demand"), "{roles:?}");
    // A caller's highlighted text is a name of the caller.
    let lavrov = "https://w3id.org/newskg/resource/entity/person/sergei-lavrov";
    let marked: Vec<&str> = events
        .iter()
        .flat_map(|e| e["segments"].as_array().unwrap().iter())
        .filter(|s| s["ref"] == lavrov)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(marked.iter().any(|t| t.contains("Lavrov")), "{marked:?}");

    // The entity page of a state: both languages, Wikidata, its events.
    let rus = s.get(&format!("/api/entity?iri={}", encode("https://w3id.org/newskg/resource/entity/country/RUS")), "*/*").ok().json();
    let langs: Vec<&str> = rus["labels"].as_array().unwrap().iter().map(|l| l["lang"].as_str().unwrap()).collect();
    assert!(langs.contains(&"fr") && langs.contains(&"en"), "{langs:?}");
    assert_eq!(rus["wikidata"][0], "http://www.wikidata.org/entity/Q159");
    assert!(!rus["events"].as_array().unwrap().is_empty());
    assert_eq!(s.get("/api/entity?iri=not%20an%20iri", "*/*").status, 400);
    let found = s.get("/api/entities?q=LAVROV", "*/*").ok().json();
    assert!(found.as_array().unwrap().iter().any(|x| x["iri"] == lavrov), "{found}");
}

#[test]
fn bad_arguments_are_one_sentence() {
    let out = Command::new(bin()).args(["serve", "--store", "/nonexistent/newskg-store"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no store"));
    let out = Command::new(bin()).args(["serve", "--bind", "not-an-address"]).arg("--store").arg(store()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind"));
}
