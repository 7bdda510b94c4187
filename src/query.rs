//! SPARQL over the store: the default graph is the union of all graphs, the usual prefixes
//! are predeclared, and results print as a table, W3C SPARQL JSON, CSV or TSV.

use crate::error::{Error, Result};
use crate::vocab::{self, Iris};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;

/// Who called on whom, for what, how often: one row per (caller, addressee, demand), each
/// actor under one label (French, else English, else any).
pub const WHO_CALLED_WHOM: &str = "SELECT (SAMPLE(?cl) AS ?caller) (SAMPLE(?al) AS ?addressee) ?demand (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a nkg:Appeal ; nkg:caller ?c ; nkg:demand ?dc . ?dc skos:notation ?demand .
  OPTIONAL { ?c rdfs:label ?cfr FILTER(LANG(?cfr) = 'fr') }
  OPTIONAL { ?c rdfs:label ?cen FILTER(LANG(?cen) = 'en') }
  BIND(STR(COALESCE(?cfr, ?cen)) AS ?cl)
  OPTIONAL { ?e nkg:addressee ?a
             OPTIONAL { ?a rdfs:label ?afr FILTER(LANG(?afr) = 'fr') }
             OPTIONAL { ?a rdfs:label ?aen FILTER(LANG(?aen) = 'en') } }
  BIND(STR(COALESCE(?afr, ?aen)) AS ?al)
} GROUP BY ?c ?a ?demand ORDER BY DESC(?n) ?caller ?addressee ?demand LIMIT 30";

/// Output of `query`: SELECT and ASK answers as a table, SPARQL JSON, XML, CSV or TSV;
/// CONSTRUCT and DESCRIBE answers as Turtle (for `table`), N-Triples or JSON-LD (for `json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    Ntriples,
    Jsonld,
}

/// Runs a SELECT/ASK/CONSTRUCT/DESCRIBE query with the union default graph.
pub fn execute<'a>(store: &'a Store, query: &str, iris: &Iris) -> Result<QueryResults<'a>> {
    execute_cancellable(store, query, iris, CancellationToken::new())
}

/// `execute`, stoppable from another thread with `token` (a query then ends with an error at
/// its next read of the store). Queries nested too deeply for the optimizer are refused first.
pub fn execute_cancellable<'a>(store: &'a Store, query: &str, iris: &Iris, token: CancellationToken) -> Result<QueryResults<'a>> {
    check_shape(query)?;
    let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token);
    for (prefix, ns) in prefixes(iris) {
        evaluator = evaluator.with_prefix(prefix, ns).map_err(|e| Error::Sparql(e.to_string()))?;
    }
    let mut prepared = match evaluator.clone().parse_query(query) {
        Ok(p) => p,
        Err(e) => {
            // An update parses as an update: say that `query` only reads, not "expected CONSTRUCT".
            if evaluator.parse_update(query).is_ok() {
                return Err(Error::Sparql(
                    "this is a SPARQL UPDATE, and newskg does not support updates (`query` only reads): change the data with `newskg build` (articles: each document's graph is replaced) or `newskg import` (other RDF)".into(),
                ));
            }
            return Err(Error::Sparql(parse_error_message(query, &e.to_string(), iris)));
        }
    };
    prepared.dataset_mut().set_default_graph_as_union();
    prepared.on_store(store).execute().map_err(evaluation_error)
}

fn evaluation_error(e: QueryEvaluationError) -> Error {
    match e {
        QueryEvaluationError::Cancelled => Error::Sparql("the query was stopped: it ran longer than the time limit (--timeout)".into()),
        e => Error::Sparql(first_line(&e.to_string())),
    }
}

/// Deepest nesting of brackets and most UNION branches a query may have. Each level is a
/// recursion in Oxigraph's parser and optimizer: thousands overflow even a large stack, and a
/// stack overflow cannot be caught, only prevented. No hand-written query comes near.
pub const MAX_NESTING: usize = 300;
pub const MAX_UNIONS: usize = 1_000;

/// Refuses queries whose shape would exhaust the evaluator's stack, with one sentence.
pub fn check_shape(query: &str) -> Result<()> {
    let (mut depth, mut deepest, mut unions) = (0usize, 0usize, 0usize);
    let mut in_string: Option<u8> = None;
    let bytes = query.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match in_string {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    in_string = None;
                }
            }
            None => match b {
                b'"' | b'\'' => in_string = Some(b),
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'(' | b'{' | b'[' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                b')' | b'}' | b']' => depth = depth.saturating_sub(1),
                b'U' | b'u' if bytes.len() - i >= 5 && bytes[i..i + 5].eq_ignore_ascii_case(b"union") => {
                    let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
                    let after = bytes.get(i + 5).is_none_or(|c| !c.is_ascii_alphanumeric());
                    unions += (before && after) as usize;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if deepest > MAX_NESTING {
        return Err(Error::Sparql(format!(
            "the query nests brackets {deepest} deep; newskg refuses more than {MAX_NESTING} levels (split the query)"
        )));
    }
    if unions > MAX_UNIONS {
        return Err(Error::Sparql(format!(
            "the query has {unions} UNIONs; newskg refuses more than {MAX_UNIONS} (use VALUES for long lists of alternatives)"
        )));
    }
    Ok(())
}

/// Limits on one query run from the command line or a server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Wall-clock time after which the query is cancelled (`None`: no limit).
    pub timeout: Option<std::time::Duration>,
    /// Most rows (or triples) printed (`None`: all).
    pub rows: Option<usize>,
}

/// Default time limit of `newskg query`, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;
/// Default row limit of `newskg query`.
pub const DEFAULT_ROWS: usize = 100_000;
/// Stack of the thread that parses, optimises and evaluates a query: recursion there grows with
/// the query's nesting (see `MAX_NESTING`).
pub const QUERY_STACK_BYTES: usize = 256 << 20;

/// Runs `query` on a thread of its own (large stack), printing its results to `out`, and
/// cancels it when `limits.timeout` passes. Returns whether rows were left out by the row limit.
/// A query that does not stop within a few seconds of its cancellation is abandoned with an
/// error (the caller should then end the process).
pub fn run_limited(
    store: &Store,
    query: &str,
    iris: &Iris,
    format: ResultFormat,
    limits: Limits,
    out: Box<dyn Write + Send>,
) -> Result<bool> {
    let token = CancellationToken::new();
    let (tx, rx) = std::sync::mpsc::channel();
    let (store, query, iris, thread_token) = (store.clone(), query.to_string(), iris.clone(), token.clone());
    std::thread::Builder::new()
        .name("sparql".into())
        .stack_size(QUERY_STACK_BYTES)
        .spawn(move || {
            let mut out = out;
            let result = execute_cancellable(&store, &query, &iris, thread_token)
                .and_then(|r| print_limited(r, format, &iris, &mut out, limits.rows))
                .and_then(|truncated| out.flush().map(|_| truncated).map_err(|e| Error::io("standard output", e)));
            // Give the store handle up before reporting: the caller then holds the last one and
            // closes RocksDB itself. Dropped after the send, it raced `exit`'s static
            // destructors ("pthread lock: Invalid argument", abort).
            drop(store);
            drop(out);
            let _ = tx.send(result);
        })
        .map_err(|e| Error::Sparql(format!("cannot start the query thread: {e}")))?;
    let first = match limits.timeout {
        Some(t) => rx.recv_timeout(t),
        None => rx.recv().map_err(|_| std::sync::mpsc::RecvTimeoutError::Disconnected),
    };
    match first {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            token.cancel();
            match rx.recv_timeout(std::time::Duration::from_secs(5)) {
                Ok(Ok(_)) | Ok(Err(_)) | Err(_) => Err(evaluation_error(QueryEvaluationError::Cancelled)),
            }
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::Sparql("the query thread failed".into())),
    }
}

/// The sentence for a query that does not parse: the parser's first line, and what is most
/// often the cause — a prefix that is neither predeclared nor declared, or a `/` inside a
/// prefixed name.
pub fn parse_error_message(query: &str, parser_message: &str, iris: &Iris) -> String {
    let mut msg = format!("the query does not parse: {}", first_line(parser_message));
    let unknown = unknown_prefixes(query, iris);
    if !unknown.is_empty() {
        let known: Vec<String> = prefixes(iris).iter().map(|(p, _)| format!("{p}:")).collect();
        let at = parser_message
            .split_once("error at ")
            .and_then(|(_, rest)| rest.split(':').take(2).collect::<Vec<_>>().join(":").split_whitespace().next().map(str::to_string))
            .map(|l| format!(" (at {l})"))
            .unwrap_or_default();
        msg = format!(
            "the query does not parse: unknown prefix {}{at}; declare it with PREFIX {}: <…>, or use one of the predeclared {}",
            unknown.iter().map(|p| format!("{p}:")).collect::<Vec<_>>().join(", "),
            unknown[0],
            known.join(" ")
        );
    } else if let Some(name) = slash_in_prefixed_name(query) {
        msg.push_str(&format!(
            " (a prefixed name cannot hold a '/': write {name} as a full <IRI>, or escape it as {})",
            name.replace('/', "\\/")
        ));
    }
    msg
}

/// The query with IRIs, strings and comments blanked, where prefixed names can be looked for.
fn strip_iris_and_strings(query: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r#"<[^<>\s"{}|^`\\]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*"#).expect("valid regex")
    });
    re.replace_all(query, " ").into_owned()
}

/// Prefixes used in prefixed names that are neither predeclared nor declared by the query.
pub fn unknown_prefixes(query: &str, iris: &Iris) -> Vec<String> {
    static USE: std::sync::OnceLock<(regex::Regex, regex::Regex)> = std::sync::OnceLock::new();
    let (used, declared) = USE.get_or_init(|| {
        (
            regex::Regex::new(r"(?:^|[\s(){},;/|^!=*+\[\]])([A-Za-z][A-Za-z0-9_.-]*)?:[A-Za-z0-9_%\\]").expect("valid regex"),
            regex::Regex::new(r"(?i)\bPREFIX\s+([A-Za-z][A-Za-z0-9_.-]*)?:").expect("valid regex"),
        )
    });
    let text = strip_iris_and_strings(query);
    let mut known: Vec<String> = prefixes(iris).into_iter().map(|(p, _)| p.to_string()).collect();
    known.extend(declared.captures_iter(&text).map(|c| c.get(1).map(|m| m.as_str().to_string()).unwrap_or_default()));
    let mut out: Vec<String> = Vec::new();
    for c in used.captures_iter(&text) {
        let p = c.get(1).map(|m| m.as_str().to_string()).unwrap_or_default();
        if !known.contains(&p) && !out.contains(&p) && !p.eq_ignore_ascii_case("prefix") {
            out.push(p);
        }
    }
    out
}

/// The first prefixed name followed by a `/` (`nkr:concept/ceasefire`), if any.
fn slash_in_prefixed_name(query: &str) -> Option<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"(?:^|[\s(){},;])((?:[A-Za-z][A-Za-z0-9_.-]*)?:[A-Za-z0-9_][A-Za-z0-9_.-]*/[A-Za-z0-9_/.-]*[A-Za-z0-9_])").expect("valid regex"));
    let text = strip_iris_and_strings(query);
    // `nkg:caller/rdfs:label` is a property path, not a name with a slash.
    re.captures_iter(&text)
        .filter_map(|c| c.get(1))
        .find(|m| !text[m.end()..].starts_with(':'))
        .map(|m| m.as_str().to_string())
}

/// Parser messages can list pages of expected characters: the first line says where and what.
pub(crate) fn first_line(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or(msg).trim();
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}

pub fn prefixes(iris: &Iris) -> Vec<(&'static str, String)> {
    vec![
        ("nkg", vocab::NKG.to_string()),
        ("nkr", iris.base.clone()),
        ("rdf", vocab::RDF.to_string()),
        ("rdfs", vocab::RDFS.to_string()),
        ("owl", vocab::OWL.to_string()),
        ("xsd", vocab::XSD.to_string()),
        ("skos", vocab::SKOS.to_string()),
        ("schema", vocab::SCHEMA.to_string()),
        ("prov", vocab::PROV.to_string()),
        ("sem", vocab::SEM.to_string()),
        ("nif", vocab::NIF.to_string()),
        ("wd", vocab::WD.to_string()),
        ("itsrdf", vocab::ITSRDF.to_string()),
    ]
}

/// SELECT rows as plain strings (IRIs and literal values), for library users and tests.
pub fn select_strings(store: &Store, query: &str, iris: &Iris) -> Result<Vec<Vec<String>>> {
    match execute(store, query, iris)? {
        QueryResults::Solutions(sol) => {
            let vars: Vec<_> = sol.variables().to_vec();
            let mut rows = Vec::new();
            for s in sol {
                let s = s.map_err(|e| Error::Sparql(e.to_string()))?;
                rows.push(vars.iter().map(|v| s.get(v).map(term_value).unwrap_or_default()).collect());
            }
            Ok(rows)
        }
        _ => Err(Error::Sparql("expected a SELECT query".into())),
    }
}

pub fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn compact(t: &Term, prefixes: &[(&str, String)]) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            for (p, ns) in prefixes {
                if let Some(local) = iri.strip_prefix(ns.as_str()) {
                    if !local.is_empty() && !local.contains(['/', '#']) || *p == "nkr" {
                        return format!("{p}:{local}");
                    }
                }
            }
            format!("<{iri}>")
        }
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_string(),
        },
        other => term_value(other),
    }
}

/// Prints the results of a query in the requested format.
pub fn print(results: QueryResults, format: ResultFormat, iris: &Iris, out: &mut dyn Write) -> Result<()> {
    print_limited(results, format, iris, out, None).map(|_| ())
}

/// `print`, stopping after `limit` rows or triples; returns whether some were left out.
pub fn print_limited(results: QueryResults, format: ResultFormat, iris: &Iris, out: &mut dyn Write, limit: Option<usize>) -> Result<bool> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut truncated = false;
    let io = |e: std::io::Error| Error::io("standard output", e);
    if !matches!(results, QueryResults::Graph(_)) {
        check_results_format(format)?;
    }
    match results {
        QueryResults::Boolean(b) => match format {
            ResultFormat::Table => writeln!(out, "{b}").map(|_| false).map_err(io),
            f => {
                QueryResultsSerializer::from_format(results_format(f)).serialize_boolean_to_writer(&mut *out, b).map_err(io)?;
                Ok(false)
            }
        },
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            if format == ResultFormat::Table {
                let prefixes = prefixes(iris);
                let mut rows: Vec<Vec<String>> = Vec::new();
                for s in solutions {
                    let s: QuerySolution = s.map_err(evaluation_error)?;
                    if rows.len() == limit {
                        truncated = true;
                        break;
                    }
                    rows.push(vars.iter().map(|v| s.get(v).map(|t| compact(t, &prefixes)).unwrap_or_default()).collect());
                }
                let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
                for r in &rows {
                    for (i, c) in r.iter().enumerate() {
                        widths[i] = widths[i].max(c.chars().count().min(80));
                    }
                }
                let line = |cells: &[String]| -> String {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let c: String = if c.chars().count() > 80 { c.chars().take(79).chain(['…']).collect() } else { c.clone() };
                            format!("{c:<w$}", w = widths[i])
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                        .trim_end()
                        .to_string()
                };
                writeln!(out, "{}", line(&header)).map_err(io)?;
                writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-")).map_err(io)?;
                for r in &rows {
                    writeln!(out, "{}", line(r)).map_err(io)?;
                }
                let more = if truncated { ", more left out by --limit" } else { "" };
                writeln!(out, "({} row{}{more})", rows.len(), if rows.len() == 1 { "" } else { "s" }).map_err(io)?;
                Ok(truncated)
            } else {
                let mut ser = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(&mut *out, vars)
                    .map_err(io)?;
                for (n, s) in solutions.enumerate() {
                    let s = s.map_err(evaluation_error)?;
                    if n == limit {
                        truncated = true;
                        break;
                    }
                    ser.serialize(&s).map_err(io)?;
                }
                ser.finish().map_err(io)?;
                Ok(truncated)
            }
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                ResultFormat::Table | ResultFormat::Turtle => RdfFormat::Turtle,
                ResultFormat::Ntriples => RdfFormat::NTriples,
                ResultFormat::Json | ResultFormat::Jsonld => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
                ResultFormat::Xml => RdfFormat::RdfXml,
                ResultFormat::Csv | ResultFormat::Tsv => {
                    return Err(Error::Usage(
                        "a CONSTRUCT or DESCRIBE query answers a graph: use --format turtle, ntriples, jsonld or xml".into(),
                    ))
                }
            };
            let mut ser = RdfSerializer::from_format(rdf);
            if rdf != RdfFormat::NTriples {
                for (p, ns) in prefixes(iris) {
                    ser = ser.with_prefix(p, ns).map_err(|e| Error::Rdf(e.to_string()))?;
                }
            }
            let mut w = ser.for_writer(&mut *out);
            for (n, t) in triples.enumerate() {
                let t = t.map_err(evaluation_error)?;
                if n == limit {
                    truncated = true;
                    break;
                }
                w.serialize_triple(&t).map_err(io)?;
            }
            w.finish().map_err(io)?;
            Ok(truncated)
        }
    }
}

fn results_format(f: ResultFormat) -> QueryResultsFormat {
    match f {
        ResultFormat::Json | ResultFormat::Table => QueryResultsFormat::Json,
        ResultFormat::Xml => QueryResultsFormat::Xml,
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        // Checked before: SELECT and ASK answers are not graphs.
        ResultFormat::Turtle | ResultFormat::Ntriples | ResultFormat::Jsonld => QueryResultsFormat::Json,
    }
}

/// A graph format asked for a SELECT or ASK answer.
fn check_results_format(f: ResultFormat) -> Result<()> {
    if matches!(f, ResultFormat::Turtle | ResultFormat::Ntriples | ResultFormat::Jsonld) {
        return Err(Error::Usage("a SELECT or ASK query answers rows: use --format table, json, xml, csv or tsv".into()));
    }
    Ok(())
}
