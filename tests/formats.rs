//! Exchange formats (issue 12, point 4): JSON-LD export, import and extract; import from
//! stdin; the warning when Turtle or N-Triples merge graphs; `query` answers of CONSTRUCT in
//! the format asked for, queries from stdin, and parse errors that name the unknown prefix.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::Quad;

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Out {
    // The tests share one store, which a read-write open locks: one command at a time.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out { code: o.status.code().unwrap_or(-1), stdout: o.stdout, stderr }
}

fn tmp() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("newskg-formats-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fn articles() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles").to_str().unwrap().to_string()
}

/// A store of the example articles, built once.
fn store() -> &'static str {
    static STORE: OnceLock<String> = OnceLock::new();
    STORE.get_or_init(|| {
        let s = tmp().join("kg.db").to_str().unwrap().to_string();
        run(&["build", "-q", &articles(), "--store", &s], None).ok();
        s
    })
}

fn parse(format: RdfFormat, bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(format).for_slice(bytes).collect::<Result<Vec<_>, _>>().unwrap_or_else(|e| panic!("{format}: {e}"))
}

fn jsonld() -> RdfFormat {
    RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }
}

fn graphs(quads: &[Quad]) -> std::collections::BTreeSet<String> {
    quads.iter().map(|q| q.graph_name.to_string()).collect()
}

#[test]
fn json_ld_export_keeps_graphs_and_imports_back() {
    let nq = parse(RdfFormat::NQuads, &run(&["export", "--store", store(), "--format", "nquads"], None).ok().stdout);
    let out = run(&["export", "--store", store(), "--format", "jsonld"], None);
    assert!(out.ok().stderr.is_empty(), "no merge warning for a format with graphs: {}", out.stderr);
    let ld = parse(jsonld(), &out.stdout);
    assert_eq!(ld.len(), nq.len());
    assert_eq!(graphs(&ld), graphs(&nq));
    assert!(graphs(&ld).len() > 10);
    // Back in, from a file by its extension and from standard input with --format.
    let file = tmp().join("kg.jsonld");
    std::fs::write(&file, &out.stdout).unwrap();
    let other = tmp().join("other.db").to_str().unwrap().to_string();
    let r = run(&["import", file.to_str().unwrap(), "--graph", "http://example.org/a", "--store", &other], None);
    assert!(r.ok().text().contains(&format!("imported {} quads", nq.len())), "{}", r.text());
    let r = run(&["import", "-", "--format", "jsonld", "--graph", "http://example.org/b", "--store", &other], Some(&out.stdout));
    assert!(r.ok().text().contains("from standard input"), "{}", r.text());
    let r = run(&["import", "-", "--format", "turtle", "--graph", "http://example.org/c", "--store", &other], Some(b"<http://example.org/s> <http://example.org/p> \"o\" ."));
    assert!(r.ok().text().contains("imported 1 quads"));
    // One graph holds each distinct triple of the dataset once.
    let distinct: std::collections::BTreeSet<_> = nq.iter().map(|q| (q.subject.to_string(), q.predicate.to_string(), q.object.to_string())).collect();
    let r = run(&["query", "--store", &other, "--format", "tsv", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"], None);
    let rows: Vec<String> = r.ok().text().lines().skip(1).map(|l| l.split('\t').map(|c| c.split("^^").next().unwrap().trim_matches('"')).collect::<Vec<_>>().join(" ")).collect();
    let n = distinct.len();
    assert_eq!(rows, vec![format!("<http://example.org/a> {n}"), format!("<http://example.org/b> {n}"), "<http://example.org/c> 1".to_string()]);
    // Standard input without a format, or bad JSON-LD: one sentence.
    let r = run(&["import", "-", "--graph", "http://example.org/d", "--store", &other], Some(b"{}"));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("needs its format"), "{}", r.stderr);
    let r = run(&["import", "-", "--format", "jsonld", "--graph", "http://example.org/d", "--store", &other], Some(b"{ not json"));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("standard input is not valid JSON-LD"), "{}", r.stderr);
}

#[test]
fn turtle_and_ntriples_exports_say_that_graphs_are_merged() {
    for format in ["turtle", "ntriples"] {
        let out = run(&["export", "--store", store(), "--format", format], None);
        assert!(out.ok().stderr.contains("warning:") && out.stderr.contains("merged"), "{format}: {}", out.stderr);
        let one = run(&["export", "--store", store(), "--format", format, "--doc", "fr_2020-10-02_groupe_minsk"], None);
        assert!(one.ok().stderr.is_empty(), "one graph merges nothing: {}", one.stderr);
    }
}

#[test]
fn extract_offers_the_rdf_formats_of_export() {
    let a = articles();
    let nq = parse(RdfFormat::NQuads, &run(&["extract", "--format", "nquads", &a], None).ok().stdout);
    // One JSON-LD document for all articles, one graph per document.
    let ld = parse(jsonld(), &run(&["extract", "--format", "jsonld", &a], None).ok().stdout);
    assert_eq!(ld.len(), nq.len());
    assert_eq!(graphs(&ld), graphs(&nq));
    let out = run(&["extract", "--format", "ntriples", &a], None);
    assert!(out.ok().stderr.contains("merged"));
    let nt = parse(RdfFormat::NTriples, &out.stdout);
    assert_eq!(nt.len(), nq.len());
    let ttl = parse(RdfFormat::Turtle, &run(&["extract", "--format", "turtle", &a], None).ok().stdout);
    assert_eq!(ttl.len(), nq.len());
}

#[test]
fn query_answers_graphs_in_the_format_asked_and_reads_stdin() {
    let q = "CONSTRUCT { ?a nkg:calledOn ?b } WHERE { ?a nkg:calledOn ?b }";
    let nt = parse(RdfFormat::NTriples, &run(&["query", "--store", store(), "--format", "ntriples", q], None).ok().stdout);
    assert!(nt.len() > 5);
    let ld = parse(jsonld(), &run(&["query", "--store", store(), "--format", "jsonld", q], None).ok().stdout);
    assert_eq!(ld.len(), nt.len());
    let ttl = run(&["query", "--store", store(), q], None);
    assert!(ttl.ok().text().contains("@prefix nkg:"));
    assert_eq!(parse(RdfFormat::Turtle, &ttl.stdout).len(), nt.len());
    // The query from standard input.
    let from_stdin = parse(RdfFormat::NTriples, &run(&["query", "--store", store(), "--format", "ntriples", "-"], Some(q.as_bytes())).ok().stdout);
    assert_eq!(from_stdin.len(), nt.len());
    let xml = run(&["query", "--store", store(), "--format", "xml", "SELECT ?e WHERE { ?e a nkg:Appeal } LIMIT 1"], None);
    assert!(xml.ok().text().contains("<sparql"));
    // A format that does not fit the answer: one sentence.
    let r = run(&["query", "--store", store(), "--format", "csv", q], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("answers a graph"), "{}", r.stderr);
    let r = run(&["query", "--store", store(), "--format", "turtle", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("answers rows"), "{}", r.stderr);
}

#[test]
fn parse_errors_name_the_unknown_prefix() {
    let r = run(&["query", "--store", store(), "SELECT ?x WHERE { ?x dbo:leader ?y ; nkg:caller ?z }"], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown prefix dbo:") && r.stderr.contains("PREFIX dbo: <"), "{}", r.stderr);
    assert!(!r.stderr.contains("nkg:,"), "predeclared prefixes are not unknown: {}", r.stderr);
    // A declared prefix is not unknown; the other error is reported as it is.
    let r = run(&["query", "--store", store(), "PREFIX dbo: <http://dbpedia.org/ontology/> SELECT ?x WHERE { ?x dbo:leader ?y "], None);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("unknown prefix"), "{}", r.stderr);
    // A prefixed name with a slash gets the way round it.
    let r = run(&["query", "--store", store(), "SELECT ?x WHERE { ?x nkg:calledFor nkr:concept/ceasefire }"], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot hold a '/'") && r.stderr.contains("nkr:concept\\/ceasefire"), "{}", r.stderr);
    // Property paths are not names with slashes.
    let r = run(&["query", "--store", store(), "SELECT ?x WHERE { ?x nkg:caller/rdfs:label ?y "], None);
    assert!(!r.stderr.contains("cannot hold"), "{}", r.stderr);
}

#[test]
fn nif_is_what_spotlight_users_expect() {
    // Every article of the examples, the HTML one included: each context carries its string,
    // and every sentence and mention offset cuts exactly its anchor out of that string.
    let nq = run(&["extract", "--format", "nquads", &articles()], None).ok().stdout.clone();
    let store = oxigraph::store::Store::new().unwrap();
    store.load_from_slice(RdfFormat::NQuads, &nq).unwrap();
    let q = "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
             PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
             PREFIX nkg: <https://w3id.org/newskg/ontology#>
             SELECT ?x ?string ?b ?e ?anchor ?ref ?mentions WHERE { GRAPH ?g {
               ?ctx a nif:Context ; nif:isString ?string ; nif:beginIndex 0 ; nif:endIndex ?len .
               ?x nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor .
               OPTIONAL { ?x itsrdf:taIdentRef ?ref }
               OPTIONAL { ?x nkg:mentions ?mentions }
               FILTER(STRLEN(?string) = ?len) } }";
    let oxigraph::sparql::QueryResults::Solutions(rows) = oxigraph::sparql::SparqlEvaluator::new().parse_query(q).unwrap().on_store(&store).execute().unwrap() else {
        panic!("SELECT")
    };
    let (mut sentences, mut mentions, mut html) = (0, 0, 0);
    for row in rows {
        let row = row.unwrap();
        let lit = |v: &str| match row.get(v) {
            Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
            other => panic!("{v}: {other:?}"),
        };
        let (b, e): (usize, usize) = (lit("b").parse().unwrap(), lit("e").parse().unwrap());
        let cut: String = lit("string").chars().skip(b).take(e - b).collect();
        let x = row.get("x").unwrap().to_string();
        assert_eq!(cut, lit("anchor"), "{x}: offsets into nif:isString");
        if x.contains("/mention/") {
            mentions += 1;
            assert!(row.get("ref").is_some(), "{x} has itsrdf:taIdentRef");
            assert_eq!(row.get("ref"), row.get("mentions"), "{x}: taIdentRef is the entity");
        } else {
            sentences += 1;
        }
        if x.contains("fr_2022-03-02_onu_assemblee") {
            html += 1;
        }
    }
    assert!(sentences > 100 && mentions > 100, "{sentences} sentences, {mentions} mentions");
    assert!(html > 5, "the HTML article too");
}
