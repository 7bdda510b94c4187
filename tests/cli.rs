//! The `newskg` binary end to end (issue 2, points 1, 2, 6, 7 and 8): inputs of every kind,
//! extract formats, build/query/export over an on-disk store, errors, and the seed articles
//! read from ../shared/seeds (never copied here).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use serde_json::Value;

const R: &str = "https://w3id.org/newskg/resource/";
const COUNT_QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A directory under the system temp dir, unique per test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let p = std::env::temp_dir().join(format!("newskg-cli-{name}-{}-{n}", std::process::id()));
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
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    raw: Vec<u8>,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "command failed:\nstderr: {}\nstdout: {}", self.stderr, self.stdout);
        self
    }
    fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| !l.trim().is_empty()).collect()
    }
}

fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newskg"));
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().expect("stdin");
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let o = child.wait_with_output().expect("the binary finishes");
    let code = o.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "no panic reaches the user: {stderr}");
    Out { code, stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr, raw: o.stdout }
}

fn run(args: &[&str]) -> Out {
    run_with(args, None)
}

fn inputs(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs").join(rel).to_str().unwrap().to_string()
}

fn corpus() -> String {
    inputs("corpus")
}

/// `extract --format jsonl`: every line parsed.
fn extract_jsonl(args: &[&str]) -> (Out, Vec<Value>) {
    let mut full = vec!["extract", "--format", "jsonl"];
    full.extend_from_slice(args);
    let out = run(&full);
    let lines = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    (out, lines)
}

fn documents(lines: &[Value]) -> BTreeMap<String, Value> {
    lines.iter().filter(|l| l["type"] == "document").map(|l| (l["id"].as_str().unwrap().to_string(), l.clone())).collect()
}

fn parse_rdf(format: RdfFormat, bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("the output parses as {format}: {e}"))
}

/// `query --format json` → rows of variable → value (IRIs and lexical forms).
fn query(store: &str, q: &str) -> Vec<BTreeMap<String, String>> {
    let out = run(&["query", "--store", store, "--format", "json", q]);
    out.ok();
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("W3C SPARQL JSON: {e}: {}", out.stdout));
    v["results"]["bindings"]
        .as_array()
        .expect("results.bindings")
        .iter()
        .map(|b| b.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["value"].as_str().unwrap().to_string())).collect())
        .collect()
}

fn column(store: &str, q: &str, var: &str) -> Vec<String> {
    query(store, q).into_iter().map(|r| r.get(var).cloned().unwrap_or_default()).collect()
}

fn quad_count(store: &str) -> usize {
    column(store, COUNT_QUADS, "n")[0].parse().unwrap()
}

fn build(store: &str, paths: &[&str]) -> Out {
    let mut args = vec!["build", "--quiet", "--store", store];
    args.extend_from_slice(paths);
    let out = run(&args);
    out.ok();
    out
}

/// Ids are paths relative to the directory given, without extension (issue 11: the same stem in
/// two folders must not collide).
const DOC_IDS: [&str; 5] = ["fr_appel", "jsonl-ankara", "jsonl-london", "page", "sub/en_talks"];

// ---------------------------------------------------------------------------------------
// 1. Crate and command line
// ---------------------------------------------------------------------------------------

#[test]
fn every_subcommand_has_help_with_an_example() {
    for cmd in ["extract", "build", "query", "export", "explain", "graph", "link", "import"] {
        let out = run(&[cmd, "--help"]);
        out.ok();
        assert!(out.stdout.contains("Example"), "`{cmd} --help` shows an example:\n{}", out.stdout);
        assert!(out.stdout.contains(&format!("newskg {cmd} ")), "the example runs `newskg {cmd}`:\n{}", out.stdout);
    }
    let out = run(&["--help"]);
    out.ok();
    for cmd in ["extract", "build", "query", "export", "explain"] {
        assert!(out.stdout.contains(cmd), "top-level help lists {cmd}");
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = run(&["frobnicate"]);
    assert_ne!(out.code, 0);
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------
// 2. Input
// ---------------------------------------------------------------------------------------

#[test]
fn extract_reads_txt_md_html_jsonl_recursively() {
    let (out, lines) = extract_jsonl(&[&corpus()]);
    out.ok();
    assert!(out.stderr_lines().is_empty(), "no warning on clean inputs: {}", out.stderr);
    let docs = documents(&lines);
    assert_eq!(docs.keys().map(String::as_str).collect::<Vec<_>>(), DOC_IDS.to_vec());
    assert_eq!(docs["sub/en_talks"]["lang"], "en", "the .md file in a subdirectory is English");
    assert_eq!(docs["fr_appel"]["lang"], "fr");
    assert_eq!(docs["page"]["sentences"], 3, "the HTML title and its two paragraphs");
    assert_eq!(docs["page"]["iri"], format!("{R}doc/page"));
    for l in &lines {
        assert!(["document", "event", "triple"].contains(&l["type"].as_str().unwrap()), "known line type: {l}");
    }
}

#[test]
fn extract_jsonl_metadata_and_ids() {
    let (out, lines) = extract_jsonl(&[&inputs("corpus/more.jsonl")]);
    out.ok();
    let docs = documents(&lines);
    let a = &docs["jsonl-ankara"];
    assert_eq!(a["title"], "Ankara soutient Bakou");
    assert_eq!(a["date"], "2020-10-04");
    assert_eq!(a["url"], "https://example.org/ankara");
    assert_eq!(a["lang"], "fr");
    assert_eq!(docs["jsonl-london"]["lang"], "en");
    assert_eq!(docs["jsonl-london"]["date"], "2020-10-06");
}

#[test]
fn leading_date_line_is_the_publication_date() {
    let (out, lines) = extract_jsonl(&[&inputs("corpus/fr_appel.txt")]);
    out.ok();
    let d = &documents(&lines)["fr_appel"];
    assert_eq!(d["date"], "2020-10");
    assert_eq!(d["title"], "Moscou appelle à une trêve au Haut-Karabakh", "the date line is not the headline");

    let dir = TempDir::new("date");
    let store = dir.s("kg");
    build(&store, &[&inputs("corpus/fr_appel.txt")]);
    let rows = query(
        &store,
        &format!("SELECT ?d (DATATYPE(?d) AS ?t) WHERE {{ <{R}doc/fr_appel> schema:datePublished ?d }}"),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["d"], "2020-10");
    assert_eq!(rows[0]["t"], "http://www.w3.org/2001/XMLSchema#gYearMonth");
}

#[test]
fn stdin_is_read_with_dash() {
    let text = "La Russie a appelé au calme. Les combats ont cessé.\n";
    let out = run_with(&["extract", "--format", "jsonl", "-"], Some(text.as_bytes()));
    out.ok();
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let docs = documents(&lines);
    assert_eq!(docs.len(), 1, "one document from stdin: {}", out.stdout);
    let d = docs.values().next().unwrap();
    assert_eq!(d["sentences"], 2);

    let jsonl = "{\"id\":\"from-stdin\",\"text\":\"Moscou a salué la trêve.\"}\n";
    let out = run_with(&["extract", "--format", "jsonl", "-"], Some(jsonl.as_bytes()));
    out.ok();
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(documents(&lines).contains_key("from-stdin"), "JSON Lines on stdin keep their ids: {}", out.stdout);
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning_naming_the_file() {
    let dir = TempDir::new("utf8");
    let f = dir.path("latin1_article.txt");
    std::fs::write(&f, b"Le pr\xe9sident russe a parl\xe9 avec son homologue turc.\n").unwrap();
    let (out, lines) = extract_jsonl(&[f.to_str().unwrap()]);
    out.ok();
    assert!(out.stderr.contains("latin1_article.txt"), "the warning names the file: {}", out.stderr);
    assert!(out.stderr.to_lowercase().contains("utf-8"), "the warning says why: {}", out.stderr);
    let docs = documents(&lines);
    assert_eq!(docs["latin1_article"]["sentences"], 1, "the document is processed");
}

#[test]
fn binary_file_is_skipped_and_the_others_processed() {
    let dir = TempDir::new("binary");
    std::fs::write(dir.path("image.txt"), [0x89u8, b'P', b'N', b'G', 0, 0, 0, 0x0d, 1, 2, 3, 0, 0xff, 0xfe]).unwrap();
    std::fs::write(dir.path("good.txt"), "La Turquie a soutenu l'Azerbaïdjan.\n").unwrap();
    let (out, lines) = extract_jsonl(&[&dir.s("image.txt"), &dir.s("good.txt")]);
    assert_ne!(out.code, 0, "a skipped input makes the exit code non-zero");
    assert!(out.stderr.contains("image.txt") && out.stderr.contains("binary"), "clear message: {}", out.stderr);
    assert!(documents(&lines).contains_key("good"), "the other document is processed: {}", out.stdout);
    assert!(!documents(&lines).contains_key("image"));

    // Same with build: the good document is in the store.
    let store = dir.s("kg");
    let out = run(&["build", "--quiet", "--store", &store, &dir.s("image.txt"), &dir.s("good.txt")]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("image.txt"));
    let graphs = column(&store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a schema:NewsArticle } }", "g");
    assert_eq!(graphs, vec![format!("{R}doc/good")]);
}

#[test]
fn empty_file_is_a_document_without_sentences() {
    let dir = TempDir::new("empty");
    std::fs::write(dir.path("blank.txt"), "").unwrap();
    std::fs::write(dir.path("spaces.txt"), "  \n\n\t\n").unwrap();
    let (out, lines) = extract_jsonl(&[&dir.s("blank.txt"), &dir.s("spaces.txt")]);
    out.ok();
    let docs = documents(&lines);
    assert_eq!(docs["blank"]["sentences"], 0);
    assert_eq!(docs["spaces"]["sentences"], 0);
    let store = dir.s("kg");
    build(&store, &[&dir.s("blank.txt")]);
    let n = column(&store, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{R}doc/blank> {{ ?s a nif:Sentence }} }}"), "n");
    assert_eq!(n, vec!["0"]);
    let articles = column(&store, &format!("SELECT ?d WHERE {{ GRAPH <{R}doc/blank> {{ ?d a schema:NewsArticle }} }}"), "d");
    assert_eq!(articles, vec![format!("{R}doc/blank")], "the empty document is in the store");
}

#[test]
fn huge_single_line_is_processed() {
    let dir = TempDir::new("huge");
    let sentence = "La Russie a appelé l'Arménie et l'Azerbaïdjan à respecter la trêve humanitaire. ";
    let reps = 5 * 1024 * 1024 / sentence.len() + 1;
    std::fs::write(dir.path("huge.txt"), sentence.repeat(reps)).unwrap();
    let (out, lines) = extract_jsonl(&[&dir.s("huge.txt")]);
    out.ok();
    let d = &documents(&lines)["huge"];
    assert_eq!(d["sentences"].as_u64(), Some(reps as u64), "every sentence of the line is found");

    // A 5 MB line with no sentence end at all.
    std::fs::write(dir.path("nostop.txt"), "paix et dialogue entre voisins ".repeat(5 * 1024 * 1024 / 31 + 1)).unwrap();
    let (out, lines) = extract_jsonl(&[&dir.s("nostop.txt")]);
    out.ok();
    assert!(documents(&lines)["nostop"]["sentences"].as_u64().unwrap() >= 1);
}

#[test]
fn missing_path_is_one_sentence_error() {
    let dir = TempDir::new("missing");
    let missing = dir.s("no_such_article.txt");
    for cmd in [vec!["extract", missing.as_str()], vec!["build", "--store", &dir.s("kg"), missing.as_str()]] {
        let out = run(&cmd);
        assert_ne!(out.code, 0, "{cmd:?}");
        // One line for the path, then the run's summary (every unreadable input is skipped the
        // same way, and the exit code says so at the end).
        let lines = out.stderr_lines();
        assert_eq!(lines.len(), 2, "two lines: {}", out.stderr);
        assert!(lines[0].contains("no_such_article.txt"), "the message names the path: {}", lines[0]);
        assert!(lines[1].contains("1 input could not be read"), "{}", lines[1]);
        assert!(out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// 6–7. RDF and store
// ---------------------------------------------------------------------------------------

#[test]
fn extract_nquads_and_turtle_parse() {
    let out = run(&["extract", "--format", "nquads", &corpus()]);
    out.ok();
    let quads = parse_rdf(RdfFormat::NQuads, &out.raw);
    let graphs: BTreeSet<String> = quads
        .iter()
        .map(|q| match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str().to_string(),
            g => panic!("every quad is in a document graph, not {g}"),
        })
        .collect();
    let expected: BTreeSet<String> = DOC_IDS.iter().map(|id| format!("{R}doc/{}", newskg::vocab::doc_slug(id))).collect();
    assert_eq!(graphs, expected, "one named graph per document");

    let out = run(&["extract", "--format", "turtle", &corpus()]);
    out.ok();
    let triples = parse_rdf(RdfFormat::Turtle, &out.raw);
    assert!(triples.len() > 50, "{} triples", triples.len());
    let sentences = triples
        .iter()
        .filter(|t| t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" && t.object.to_string().contains("nif-core#Sentence"))
        .count();
    assert!(sentences >= 10, "{sentences} sentences in Turtle");
}

#[test]
fn build_and_query_in_every_result_format() {
    let dir = TempDir::new("formats");
    let store = dir.s("kg");
    let out = run(&["build", "--store", &store, &corpus()]);
    out.ok();
    assert!(out.stdout.contains("5 documents"), "summary: {}", out.stdout);
    let q = "SELECT ?doc ?id WHERE { ?doc a schema:NewsArticle ; schema:identifier ?id } ORDER BY ?id";

    let json = run(&["query", "--store", &store, "--format", "json", q]);
    json.ok();
    let v: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["head"]["vars"], serde_json::json!(["doc", "id"]));
    let ids: Vec<&str> = v["results"]["bindings"].as_array().unwrap().iter().map(|b| b["id"]["value"].as_str().unwrap()).collect();
    assert_eq!(ids, DOC_IDS.to_vec());
    assert_eq!(v["results"]["bindings"][0]["doc"]["type"], "uri");

    let csv = run(&["query", "--store", &store, "--format", "csv", q]);
    csv.ok();
    let rows: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(rows[0].trim(), "doc,id", "CSV header");
    assert_eq!(rows.len(), 6);
    assert!(rows[5].starts_with(&format!("{R}doc/{},sub/en_talks", newskg::vocab::doc_slug("sub/en_talks"))), "{}", rows[5]);

    let tsv = run(&["query", "--store", &store, "--format", "tsv", q]);
    tsv.ok();
    let rows: Vec<&str> = tsv.stdout.lines().collect();
    assert_eq!(rows[0].trim(), "?doc\t?id", "TSV header");
    assert_eq!(rows.len(), 6);

    let table = run(&["query", "--store", &store, q]);
    table.ok();
    assert!(table.stdout.lines().next().unwrap().contains("doc") && table.stdout.contains("(5 rows)"), "{}", table.stdout);
    assert!(table.stdout.contains("fr_appel"));

    // @file
    let qf = dir.path("q.rq");
    std::fs::write(&qf, q).unwrap();
    let from_file = run(&["query", "--store", &store, "--format", "csv", &format!("@{}", qf.display())]);
    from_file.ok();
    assert_eq!(from_file.stdout, csv.stdout);
}

#[test]
fn store_has_one_graph_per_document_with_nif_sentences() {
    let dir = TempDir::new("graphs");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let graphs = column(&store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a schema:NewsArticle } } ORDER BY ?g", "g");
    let expected: Vec<String> = DOC_IDS.iter().map(|id| format!("{R}doc/{}", newskg::vocab::doc_slug(id))).collect();
    assert_eq!(graphs, expected);
    // The article is the name of its own graph.
    let same = column(&store, "SELECT ?d WHERE { GRAPH ?d { ?d a schema:NewsArticle } }", "d");
    assert_eq!(same.len(), 5);

    let rows = query(
        &store,
        &format!(
            "SELECT ?s ?a ?b ?e WHERE {{ GRAPH <{R}doc/fr_appel> {{ ?s a nif:Sentence ; nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext <{R}doc/fr_appel> }} }} ORDER BY ?b"
        ),
    );
    let anchors: Vec<&str> = rows.iter().map(|r| r["a"].as_str()).collect();
    assert_eq!(
        anchors,
        vec![
            "Moscou appelle à une trêve au Haut-Karabakh",
            "La Russie a appelé l'Arménie et l'Azerbaïdjan à cesser le feu sans délai.",
            "Le ministère azerbaïdjanais de la Défense a annoncé que les tirs avaient repris près de la ligne de front.",
        ],
        "boilerplate lines are not sentences in the store"
    );
    let text = std::fs::read_to_string(inputs("corpus/fr_appel.txt")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for r in &rows {
        let (b, e): (usize, usize) = (r["b"].parse().unwrap(), r["e"].parse().unwrap());
        assert_eq!(chars[b..e].iter().collect::<String>(), r["a"], "NIF offsets are character offsets");
    }
    // HTML: paragraphs kept, scripts and navigation absent from the store.
    let html = column(&store, &format!("SELECT ?a WHERE {{ GRAPH <{R}doc/page> {{ ?s a nif:Sentence ; nif:anchorOf ?a }} }}"), "a");
    assert!(html.iter().any(|a| a.starts_with("Les chefs de la diplomatie arménienne")), "{html:?}");
    assert!(!html.iter().any(|a| a.contains("traceur") || a.contains("console") || a.contains("Rubrique")), "{html:?}");
}

#[test]
fn entities_are_shared_across_documents_and_linked_to_wikidata() {
    let dir = TempDir::new("entities");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let russia = column(&store, "SELECT DISTINCT ?e WHERE { ?e owl:sameAs wd:Q159 }", "e");
    assert_eq!(russia.len(), 1, "one IRI for Russia: {russia:?}");
    let in_graphs = column(&store, &format!("SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{}> a nkg:Country }} }}", russia[0]), "g");
    assert!(in_graphs.len() >= 3, "Russia is described in the graphs that mention it (fr_appel, page, en_talks): {in_graphs:?}");
    for (q, label) in [("Q399", "Arménie"), ("Q227", "Azerbaïdjan"), ("Q43", "Turquie")] {
        let rows = column(&store, &format!("SELECT DISTINCT ?l WHERE {{ ?e owl:sameAs wd:{q} ; a nkg:Country ; rdfs:label ?l FILTER(LANG(?l) = 'fr') }}"), "l");
        assert_eq!(rows, vec![label.to_string()], "wd:{q}");
    }
    let labels = query(&store, &format!("SELECT ?l (LANG(?l) AS ?lang) WHERE {{ <{}> rdfs:label ?l }}", russia[0]));
    let langs: BTreeSet<&str> = labels.iter().map(|r| r["lang"].as_str()).collect();
    assert!(langs.contains("fr") && langs.contains("en"), "labels with language tags: {labels:?}");
    let iso = column(&store, &format!("SELECT DISTINCT ?c WHERE {{ <{}> nkg:iso3 ?c }}", russia[0]), "c");
    assert_eq!(iso, vec!["RUS"]);
}

#[test]
fn country_iris_follow_the_design_contract() {
    let dir = TempDir::new("iri");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let russia = column(&store, "SELECT DISTINCT ?e WHERE { ?e owl:sameAs wd:Q159 }", "e");
    assert_eq!(russia, vec![format!("{R}entity/country/RUS")]);
}

#[test]
fn markdown_heading_marks_are_not_text() {
    let (out, lines) = extract_jsonl(&[&inputs("corpus/sub/en_talks.md")]);
    out.ok();
    assert_eq!(documents(&lines)["en_talks"]["title"], "Russia and Turkey discuss the Caucasus");
}

#[test]
fn facts_carry_provenance_and_the_ontology_graph_is_loaded() {
    let dir = TempDir::new("rdfshape");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    // Every event and statement is derived from a sentence of its own document graph.
    let orphans = column(
        &store,
        "SELECT ?x WHERE { GRAPH ?g { { ?x a sem:Event } UNION { ?x a nkg:Statement } \
         FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s . ?s a nif:Sentence ; nif:referenceContext ?g } } }",
        "x",
    );
    assert!(orphans.is_empty(), "facts without provenance: {orphans:?}");
    let n_facts = column(&store, "SELECT (COUNT(?x) AS ?n) WHERE { GRAPH ?g { { ?x a sem:Event } UNION { ?x a nkg:Statement } } }", "n");
    assert!(n_facts[0].parse::<usize>().unwrap() >= 5, "{n_facts:?}");

    // The statement of the ministry sentence (point 5), as RDF.
    let rows = query(
        &store,
        &format!(
            "SELECT ?subj ?obj WHERE {{ GRAPH <{R}doc/fr_appel> {{ ?st a nkg:Statement ; nkg:predicateLemma \"annoncer\" ; \
             nkg:subject ?subj ; nkg:objectText ?obj }} }}"
        ),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let country = column(&store, &format!("SELECT ?c WHERE {{ <{}> a nkg:Organization ; nkg:country ?c }}", rows[0]["subj"]), "c");
    assert_eq!(country, vec![format!("{R}entity/country/AZE")]);
    assert!(rows[0]["obj"].contains("les tirs avaient repris"), "{rows:?}");

    // The appeal of the same article: caller, addressees, demand concept, CAMEO code, document.
    let rows = query(
        &store,
        &format!(
            "SELECT ?e ?caller ?cameo WHERE {{ GRAPH <{R}doc/fr_appel> {{ ?e a nkg:Appeal, sem:Event ; nkg:caller ?caller ; \
             nkg:demand <{R}concept/ceasefire> ; nkg:cameo ?cameo ; nkg:document <{R}doc/fr_appel> }} }}"
        ),
    );
    assert!(rows.iter().any(|r| r["caller"] == format!("{R}entity/country/RUS") && r["cameo"] == "0256"), "{rows:?}");

    // The ontology graph: classes of DESIGN.md and the demand scheme.
    let onto = "https://w3id.org/newskg/ontology";
    let sub = column(&store, &format!("SELECT ?c WHERE {{ GRAPH <{onto}> {{ ?c rdfs:subClassOf+ sem:Event }} }} ORDER BY ?c"), "c");
    assert!(sub.contains(&"https://w3id.org/newskg/ontology#Appeal".to_string()) && sub.contains(&"https://w3id.org/newskg/ontology#Contact".to_string()), "{sub:?}");
    let labels = query(
        &store,
        &format!("SELECT ?l (LANG(?l) AS ?lang) WHERE {{ GRAPH <{onto}> {{ <{R}concept/ceasefire> a skos:Concept ; skos:notation \"ceasefire\" ; skos:prefLabel ?l }} }}"),
    );
    let langs: BTreeSet<&str> = labels.iter().map(|r| r["lang"].as_str()).collect();
    assert!(langs.contains("fr") && langs.contains("en"), "{labels:?}");
}

#[test]
fn building_twice_leaves_the_quad_count_unchanged_and_memory_works() {
    let dir = TempDir::new("twice");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let first = quad_count(&store);
    assert!(first > 100, "{first} quads");
    build(&store, &[&corpus()]);
    assert_eq!(quad_count(&store), first, "a rebuild replaces each document's graph");
    // Rebuilding one document only also keeps the count.
    build(&store, &[&inputs("corpus/fr_appel.txt")]);
    assert_eq!(quad_count(&store), first);

    let mem = dir.path("not-created");
    let out = run(&["build", "--memory", &corpus()]);
    out.ok();
    assert!(out.stdout.contains("5 documents"), "{}", out.stdout);
    assert!(out.stdout.contains("memory"), "{}", out.stdout);
    assert!(!mem.exists());
}

#[test]
fn export_in_every_format_parses_back() {
    let dir = TempDir::new("export");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let all_quads: usize = column(&store, "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }", "n")[0]
        .parse()
        .unwrap();
    let distinct_triples: usize =
        column(&store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }", "n")[0].parse().unwrap();

    for (name, format, expected) in [
        ("nquads", RdfFormat::NQuads, all_quads),
        ("trig", RdfFormat::TriG, all_quads),
        ("turtle", RdfFormat::Turtle, distinct_triples),
        ("ntriples", RdfFormat::NTriples, distinct_triples),
    ] {
        let out = run(&["export", "--store", &store, "--format", name]);
        out.ok();
        let parsed = parse_rdf(format, &out.raw);
        assert_eq!(parsed.len(), expected, "export --format {name}");
    }

    let out = run(&["export", "--store", &store, "--format", "nquads", "--doc", "fr_appel"]);
    out.ok();
    let quads = parse_rdf(RdfFormat::NQuads, &out.raw);
    let graphs: BTreeSet<String> = quads.iter().map(|q| q.graph_name.to_string()).collect();
    assert_eq!(graphs, BTreeSet::from([format!("<{R}doc/fr_appel>")]), "one graph");
    let in_graph: usize =
        column(&store, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{R}doc/fr_appel> {{ ?s ?p ?o }} }}"), "n")[0].parse().unwrap();
    assert_eq!(quads.len(), in_graph);

    let out = run(&["export", "--store", &store, "--format", "turtle", "--doc", "page"]);
    out.ok();
    assert!(!parse_rdf(RdfFormat::Turtle, &out.raw).is_empty());

    let out = run(&["export", "--store", &store, "--format", "nquads", "--doc", "no-such-doc"]);
    assert_ne!(out.code, 0);
    assert_eq!(out.stderr_lines().len(), 1, "{}", out.stderr);
}

#[test]
fn wrong_sparql_says_where_it_is_wrong() {
    let dir = TempDir::new("badquery");
    let store = dir.s("kg");
    build(&store, &[&inputs("corpus/fr_appel.txt")]);
    let out = run(&["query", "--store", &store, "SELECT ?x WHERE {\n  ?x ?y ?z\n} LIMIT abc"]);
    assert_ne!(out.code, 0);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let lines = out.stderr_lines();
    assert_eq!(lines.len(), 1, "one line: {}", out.stderr);
    assert!(lines[0].contains("3:9"), "the error points at line 3, column 9 (`abc`): {}", lines[0]);
}

#[test]
fn every_sparql_error_is_one_line() {
    let dir = TempDir::new("badquery-lines");
    let store = dir.s("kg");
    build(&store, &[&inputs("corpus/fr_appel.txt")]);
    for q in ["SELECT ?x WHERE {\n  ?x ?y ?z .\n  ?x bogus:p ?w .\n}", "SELECT ?x WHERE { ?x ?y ?z } ORDER BY"] {
        let out = run(&["query", "--store", &store, q]);
        assert_ne!(out.code, 0);
        assert_eq!(out.stderr_lines().len(), 1, "one line for {q:?}: {}", out.stderr);
    }
}

#[test]
fn query_on_a_missing_store_is_a_clear_error() {
    let dir = TempDir::new("nostore");
    let missing = dir.s("absent-store");
    for args in [
        vec!["query", "--store", missing.as_str(), "SELECT * WHERE { ?s ?p ?o }"],
        vec!["export", "--store", missing.as_str(), "--format", "nquads"],
    ] {
        let out = run(&args);
        assert_ne!(out.code, 0);
        let lines = out.stderr_lines();
        assert_eq!(lines.len(), 1, "{}", out.stderr);
        assert!(lines[0].contains("absent-store") && lines[0].contains("no store"), "{}", lines[0]);
        assert!(!Path::new(&missing).exists(), "a query does not create a store");
    }
}

#[test]
fn failed_commands_leave_the_store_unchanged() {
    let dir = TempDir::new("unchanged");
    let store = dir.s("kg");
    build(&store, &[&corpus()]);
    let before = quad_count(&store);

    let out = run(&["query", "--store", &store, "SELECT ?s WHERE { ?s ?p "]);
    assert_ne!(out.code, 0);
    let out = run(&["query", "--store", &store, "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"]);
    assert_ne!(out.code, 0, "query does not run updates");
    assert_eq!(quad_count(&store), before);

    let bad = dir.path("broken.ttl");
    std::fs::write(&bad, "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unterminated .\n").unwrap();
    let out = run(&["import", bad.to_str().unwrap(), "--graph", "http://example.org/imported", "--store", &store]);
    assert_ne!(out.code, 0);
    assert_eq!(out.stderr_lines().len(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("broken.ttl"), "{}", out.stderr);
    assert_eq!(quad_count(&store), before, "a failed import adds nothing (not even its first good triple)");

    let out = run(&["build", "--quiet", "--store", &store, &dir.s("missing.txt")]);
    assert_ne!(out.code, 0);
    assert_eq!(quad_count(&store), before);
}

// ---------------------------------------------------------------------------------------
// 8. explain
// ---------------------------------------------------------------------------------------

#[test]
fn explain_shows_tokens_mentions_and_the_rule_that_fired() {
    let out = run(&["explain", "La Russie a appelé l'Arménie et l'Azerbaïdjan à un cessez-le-feu immédiat."]);
    out.ok();
    let s = &out.stdout;
    assert!(s.contains("tokens:") && s.contains("Russie · a · appelé"), "tokens: {s}");
    assert!(s.contains("mention \"Russie\"") && s.contains("mention \"Arménie\"") && s.contains("mention \"Azerbaïdjan\""), "mentions: {s}");
    let rule = s.lines().find(|l| l.contains("rule appeal/")).unwrap_or_else(|| panic!("an appeal rule fired: {s}"));
    assert!(rule.contains("fired"), "{rule}");
    assert!(s.contains("ceasefire"), "the demand concept: {s}");
    assert!(s.contains("caller: Russie"), "{s}");

    let out = run(&["explain", ""]);
    assert!(out.code == 0 || out.stderr_lines().len() == 1, "an empty text is handled: {}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// The seed articles (read from ../shared/seeds, never copied)
// ---------------------------------------------------------------------------------------

#[test]
fn seed_articles_build_into_the_expected_graph() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} is absent", seeds.display());
        return;
    }
    let seeds = seeds.to_str().unwrap().to_string();
    let dir = TempDir::new("seeds");
    let store = dir.s("kg");
    build(&store, &[&seeds]);

    let docs = column(&store, "SELECT ?d WHERE { ?d a schema:NewsArticle }", "d");
    assert_eq!(docs.len(), 5, "five documents: {docs:?}");
    let per_doc = query(&store, "SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a nif:Sentence ; nif:anchorOf ?a } } GROUP BY ?g");
    assert_eq!(per_doc.len(), 5, "every document has sentences: {per_doc:?}");
    for r in &per_doc {
        assert!(r["n"].parse::<usize>().unwrap() >= 5, "{r:?}");
    }
    for (q, iso) in [("Q159", "RUS"), ("Q399", "ARM")] {
        let rows = column(&store, &format!("SELECT DISTINCT ?e WHERE {{ ?e a nkg:Country ; owl:sameAs wd:{q} ; nkg:iso3 \"{iso}\" }}"), "e");
        assert_eq!(rows.len(), 1, "{iso} with owl:sameAs wd:{q}: {rows:?}");
    }

    let first = quad_count(&store);
    build(&store, &[&seeds]);
    assert_eq!(quad_count(&store), first, "building twice leaves the quad count unchanged");

    let rows = query(
        &store,
        &format!("SELECT DISTINCT ?who ?l WHERE {{ ?who nkg:calledFor <{R}concept/ceasefire> . OPTIONAL {{ ?who rdfs:label ?l }} }}"),
    );
    let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        labels.entry(r["who"].clone()).or_default().insert(newskg::fold::fold(r.get("l").map(String::as_str).unwrap_or("")));
    }
    let has = |name: &str| labels.values().any(|ls| ls.iter().any(|l| l.contains(&newskg::fold::fold(name))));
    for who in ["Russie", "Lavrov", "Çavuşoğlu"] {
        assert!(has(who), "{who} called for a ceasefire: {labels:?}");
    }
}
