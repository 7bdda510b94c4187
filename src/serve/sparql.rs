//! The SPARQL 1.1 Protocol, read-only: GET `?query=`, POST as a form or as
//! `application/sparql-query`; results in SPARQL JSON, XML, CSV or TSV, graphs in Turtle,
//! N-Triples, JSON-LD or RDF/XML, chosen by `Accept` or by a `format` parameter. Updates are
//! refused with 403. Every query runs under the server's time limit and result limit.

use super::{response, text, App};
use crate::query::prefixes;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Largest request body read (a query, or a form holding one).
const MAX_BODY: u64 = 1 << 20;

const READ_ONLY: &str = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused; \
     change the store with `newskg build` or `newskg import`, then restart `newskg serve`";

/// What an answer is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Negotiated {
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

impl Negotiated {
    pub fn media_type(self) -> &'static str {
        match self {
            Negotiated::Results(f) => f.media_type(),
            Negotiated::Rdf(f) => f.media_type(),
        }
    }
}

const RESULT_FORMATS: [QueryResultsFormat; 4] =
    [QueryResultsFormat::Json, QueryResultsFormat::Xml, QueryResultsFormat::Csv, QueryResultsFormat::Tsv];

fn rdf_formats() -> [RdfFormat; 4] {
    [RdfFormat::Turtle, RdfFormat::NTriples, RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }, RdfFormat::RdfXml]
}

/// A `format=` value: a short name (`json`, `xml`, `csv`, `tsv`, `turtle`, `ntriples`,
/// `jsonld`, `rdfxml`) or a media type.
fn format_by_name(name: &str, graph: bool) -> Option<Negotiated> {
    let n = name.trim().to_ascii_lowercase();
    if n.contains('/') {
        return by_media_type(&n, graph);
    }
    if graph {
        let f = match n.as_str() {
            "turtle" | "ttl" => RdfFormat::Turtle,
            "ntriples" | "n-triples" | "nt" => RdfFormat::NTriples,
            "jsonld" | "json-ld" | "json" => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
            "rdfxml" | "rdf-xml" | "xml" | "rdf" => RdfFormat::RdfXml,
            _ => return None,
        };
        Some(Negotiated::Rdf(f))
    } else {
        let f = match n.as_str() {
            "json" | "srj" => QueryResultsFormat::Json,
            "xml" | "srx" => QueryResultsFormat::Xml,
            "csv" => QueryResultsFormat::Csv,
            "tsv" => QueryResultsFormat::Tsv,
            _ => return None,
        };
        Some(Negotiated::Results(f))
    }
}

fn by_media_type(media: &str, graph: bool) -> Option<Negotiated> {
    if graph {
        RdfFormat::from_media_type(media).filter(|f| rdf_formats().contains(f)).map(Negotiated::Rdf)
    } else {
        QueryResultsFormat::from_media_type(media).filter(|f| RESULT_FORMATS.contains(f)).map(Negotiated::Results)
    }
}

/// Picks the answer format: the `format` parameter if given, else the best `Accept` range
/// we can write (by q-value, then order), else JSON for solutions and Turtle for graphs.
/// `Err` carries the message of a 406.
pub fn negotiate(accept: Option<&str>, format: Option<&str>, graph: bool) -> std::result::Result<Negotiated, String> {
    let default = if graph { Negotiated::Rdf(RdfFormat::Turtle) } else { Negotiated::Results(QueryResultsFormat::Json) };
    let offered = if graph { "turtle, ntriples, jsonld, rdfxml" } else { "json, xml, csv, tsv" };
    if let Some(f) = format.filter(|f| !f.trim().is_empty()) {
        return format_by_name(f, graph).ok_or_else(|| format!("format={f} is not offered for this query; use one of {offered}"));
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else { return Ok(default) };
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut fields = part.split(';');
        let media = fields.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for p in fields {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        if q > 0.0 && !media.is_empty() {
            ranges.push((q, i, media));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, media) in &ranges {
        if media == "*/*" || media == "application/*" || (media == "text/*" && !graph) {
            return Ok(default);
        }
        if media == "text/*" {
            return Ok(Negotiated::Rdf(RdfFormat::Turtle));
        }
        if let Some(f) = by_media_type(media, graph) {
            return Ok(f);
        }
    }
    Err(format!("no offered format matches Accept: {accept}; this query can answer {offered} (or add format=…)"))
}

/// The query and dataset of a protocol request.
struct Operation {
    query: String,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

enum Refusal {
    Update,
    Bad(StatusCode, String),
}

fn read_body(request: &mut Request<Body>) -> std::result::Result<String, Refusal> {
    let mut buf = Vec::new();
    request
        .body_mut()
        .take(MAX_BODY + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Refusal::Bad(StatusCode::BAD_REQUEST, format!("cannot read the request body: {e}")))?;
    if buf.len() as u64 > MAX_BODY {
        return Err(Refusal::Bad(StatusCode::PAYLOAD_TOO_LARGE, format!("the request body is larger than {} bytes", MAX_BODY)));
    }
    String::from_utf8(buf).map_err(|_| Refusal::Bad(StatusCode::BAD_REQUEST, "the request body is not UTF-8".into()))
}

fn parse_operation(request: &mut Request<Body>) -> std::result::Result<Operation, Refusal> {
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()).into_owned().collect();
    let mut query_in_body = None;
    if request.method() == Method::POST {
        let ctype = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let media = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match media.as_str() {
            "application/sparql-update" => return Err(Refusal::Update),
            "application/sparql-query" => query_in_body = Some(read_body(request)?),
            "application/x-www-form-urlencoded" => {
                let body = read_body(request)?;
                pairs.extend(form_urlencoded::parse(body.as_bytes()).into_owned());
            }
            _ => {
                return Err(Refusal::Bad(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!("POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded), not as \"{ctype}\""),
                ))
            }
        }
    }
    let mut op = Operation { query: String::new(), default_graphs: Vec::new(), named_graphs: Vec::new(), format: None };
    let mut queries = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "update" | "using-graph-uri" | "using-named-graph-uri" => return Err(Refusal::Update),
            "query" => queries.push(v),
            "default-graph-uri" => op.default_graphs.push(v),
            "named-graph-uri" => op.named_graphs.push(v),
            "format" | "output" => op.format = Some(v),
            _ => {}
        }
    }
    if let Some(q) = query_in_body {
        if !queries.is_empty() {
            return Err(Refusal::Bad(StatusCode::BAD_REQUEST, "the query is in the body: do not also give a query parameter".into()));
        }
        queries.push(q);
    }
    match queries.len() {
        1 => op.query = queries.remove(0),
        0 => {
            return Err(Refusal::Bad(
                StatusCode::BAD_REQUEST,
                "no query: give it as ?query=… (GET), or POST it as application/sparql-query or as the form field query".into(),
            ))
        }
        _ => return Err(Refusal::Bad(StatusCode::BAD_REQUEST, "more than one query parameter".into())),
    }
    Ok(op)
}

fn cors(mut r: Response<Body>) -> Response<Body> {
    let h = r.headers_mut();
    h.insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
    h.insert("Access-Control-Expose-Headers", HeaderValue::from_static("X-Newskg-Truncated"));
    r
}

/// `/sparql`.
pub(crate) fn handle(app: &App, request: &mut Request<Body>) -> Response<Body> {
    if request.method() == Method::OPTIONS {
        let mut r = cors(response(StatusCode::NO_CONTENT, "text/plain", Body::empty()));
        r.headers_mut().insert("Access-Control-Allow-Methods", HeaderValue::from_static("GET, POST, OPTIONS"));
        r.headers_mut().insert("Access-Control-Allow-Headers", HeaderValue::from_static("Content-Type, Accept"));
        return r;
    }
    if request.method() != Method::GET && request.method() != Method::POST && request.method() != Method::HEAD {
        if request.method() == Method::PUT || request.method() == Method::DELETE || request.method() == Method::PATCH {
            return cors(text(StatusCode::FORBIDDEN, READ_ONLY));
        }
        return cors(text(StatusCode::METHOD_NOT_ALLOWED, "/sparql answers GET and POST"));
    }
    let op = match parse_operation(request) {
        Ok(op) => op,
        Err(Refusal::Update) => return cors(text(StatusCode::FORBIDDEN, READ_ONLY)),
        Err(Refusal::Bad(status, m)) => return cors(text(status, m)),
    };
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok()).map(str::to_string);
    cors(answer_in_time(app, op, accept))
}

/// Answers on a worker thread and gives up waiting shortly after the time limit. The query is
/// cancelled at the limit, but the evaluator only notices between reads of the store: a cross
/// product of a large store computes for a long while in memory between two reads. The request
/// is answered 503 at the limit all the same; the worker stops at its next read.
fn answer_in_time(app: &App, op: Operation, accept: Option<String>) -> Response<Body> {
    let worker_app = App { store: app.store.clone(), iris: app.iris.clone(), options: app.options.clone() };
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("sparql".into()).spawn(move || {
        // Bodies are not Send: the answer crosses as bytes (it is in memory already).
        let r = answer(&worker_app, &op, accept.as_deref()).map(|mut b| {
            let mut bytes = Vec::new();
            let _ = b.read_to_end(&mut bytes);
            bytes
        });
        let _ = tx.send(r);
    });
    if let Err(e) = spawned {
        return text(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot start the query: {e}"));
    }
    let limit = app.options.timeout;
    match rx.recv_timeout(limit + Duration::from_secs(2)) {
        Ok(r) => r.map(Body::from),
        Err(_) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the query was stopped after the time limit of {} s (newskg serve --timeout)", limit.as_secs_f64()),
        ),
    }
}

/// A query evaluator with the predeclared prefixes of `newskg query`.
fn evaluator(app: &App, token: Option<CancellationToken>) -> std::result::Result<SparqlEvaluator, String> {
    let mut e = SparqlEvaluator::new();
    for (p, ns) in prefixes(&app.iris) {
        e = e.with_prefix(p, ns).map_err(|e| e.to_string())?;
    }
    if let Some(t) = token {
        e = e.with_cancellation_token(t);
    }
    Ok(e)
}

/// Cancels the query when the time limit passes, unless dropped first.
struct Watchdog {
    done: Option<mpsc::Sender<()>>,
}

impl Watchdog {
    fn start(token: CancellationToken, limit: Duration) -> Watchdog {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(limit) {
                token.cancel();
            }
        });
        Watchdog { done: Some(tx) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(tx) = self.done.take() {
            let _ = tx.send(());
        }
    }
}

fn graph_names(iris: &[String], what: &str) -> std::result::Result<Vec<NamedNode>, String> {
    iris.iter().map(|g| NamedNode::new(g.as_str()).map_err(|e| format!("{what} {g} is not an IRI: {e}"))).collect()
}

fn answer(app: &App, op: &Operation, accept: Option<&str>) -> Response<Body> {
    let started = Instant::now();
    let limit = app.options.timeout;
    let token = CancellationToken::new();
    let evaluator = match evaluator(app, Some(token.clone())) {
        Ok(e) => e,
        Err(m) => return text(StatusCode::INTERNAL_SERVER_ERROR, m),
    };
    let mut prepared = match evaluator.parse_query(&op.query) {
        Ok(p) => p,
        Err(e) => {
            // An update sent as a query is refused as an update, not as a syntax error.
            if let Ok(e2) = self::evaluator(app, None) {
                if e2.parse_update(&op.query).is_ok() {
                    return text(StatusCode::FORBIDDEN, READ_ONLY);
                }
            }
            return text(StatusCode::BAD_REQUEST, crate::query::parse_error_message(&op.query, &e.to_string(), &app.iris));
        }
    };
    let default_graphs = match graph_names(&op.default_graphs, "default-graph-uri") {
        Ok(g) => g,
        Err(m) => return text(StatusCode::BAD_REQUEST, m),
    };
    let named_graphs = match graph_names(&op.named_graphs, "named-graph-uri") {
        Ok(g) => g,
        Err(m) => return text(StatusCode::BAD_REQUEST, m),
    };
    // As `newskg query`: all graphs form the default graph, unless the request (or the
    // query's FROM) says otherwise.
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        let d = prepared.dataset_mut();
        d.set_default_graph(default_graphs.into_iter().map(GraphName::NamedNode).collect());
        if !named_graphs.is_empty() {
            d.set_available_named_graphs(named_graphs.into_iter().map(NamedOrBlankNode::NamedNode).collect());
        }
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let _watchdog = Watchdog::start(token, limit);
    let timed_out = |e: &QueryEvaluationError| -> Response<Body> {
        if matches!(e, QueryEvaluationError::Cancelled) || started.elapsed() >= limit {
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the query was stopped after the time limit of {} s (newskg serve --timeout)", limit.as_secs_f64()),
            )
        } else {
            text(StatusCode::INTERNAL_SERVER_ERROR, format!("the query failed: {e}"))
        }
    };
    let results = match prepared.on_store(&app.store).execute() {
        Ok(r) => r,
        Err(e) => return timed_out(&e),
    };
    let graph = matches!(results, QueryResults::Graph(_));
    let format = match negotiate(accept, op.format.as_deref(), graph) {
        Ok(f) => f,
        Err(m) => return text(StatusCode::NOT_ACCEPTABLE, m),
    };
    let max = app.options.limit;
    let mut out = Vec::new();
    let mut truncated = false;
    let io = |e: std::io::Error| text(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write the answer: {e}"));
    match (results, format) {
        (QueryResults::Boolean(b), Negotiated::Results(f)) => {
            if let Err(e) = QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, b) {
                return io(e);
            }
        }
        (QueryResults::Solutions(solutions), Negotiated::Results(f)) => {
            let vars = solutions.variables().to_vec();
            let mut ser = match QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut out, vars) {
                Ok(s) => s,
                Err(e) => return io(e),
            };
            for (n, s) in solutions.enumerate() {
                let s = match s {
                    Ok(s) => s,
                    Err(e) => return timed_out(&e),
                };
                if n >= max {
                    truncated = true;
                    break;
                }
                if let Err(e) = ser.serialize(&s) {
                    return io(e);
                }
            }
            if let Err(e) = ser.finish() {
                return io(e);
            }
        }
        (QueryResults::Graph(triples), Negotiated::Rdf(f)) => {
            let mut ser = RdfSerializer::from_format(f);
            if matches!(f, RdfFormat::Turtle | RdfFormat::JsonLd { .. } | RdfFormat::RdfXml) {
                for (p, ns) in prefixes(&app.iris) {
                    ser = match ser.with_prefix(p, ns) {
                        Ok(s) => s,
                        Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
                    };
                }
            }
            let mut w = ser.for_writer(&mut out);
            for (n, t) in triples.enumerate() {
                let t = match t {
                    Ok(t) => t,
                    Err(e) => return timed_out(&e),
                };
                if n >= max {
                    truncated = true;
                    break;
                }
                if let Err(e) = w.serialize_triple(&t) {
                    return io(e);
                }
            }
            if let Err(e) = w.finish() {
                return io(e);
            }
        }
        _ => return text(StatusCode::INTERNAL_SERVER_ERROR, "the answer and its format do not match"),
    }
    let mut r = response(StatusCode::OK, format.media_type(), out);
    if truncated {
        r.headers_mut().insert("X-Newskg-Truncated", HeaderValue::from(max as u64));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_best_offered_format() {
        let r = |a: Option<&str>, f: Option<&str>, g: bool| negotiate(a, f, g);
        assert_eq!(r(None, None, false), Ok(Negotiated::Results(QueryResultsFormat::Json)));
        assert_eq!(r(None, None, true), Ok(Negotiated::Rdf(RdfFormat::Turtle)));
        assert_eq!(r(Some("text/csv"), None, false), Ok(Negotiated::Results(QueryResultsFormat::Csv)));
        assert_eq!(
            r(Some("text/csv;q=0.5, application/sparql-results+xml"), None, false),
            Ok(Negotiated::Results(QueryResultsFormat::Xml))
        );
        assert_eq!(r(Some("text/html, */*;q=0.8"), None, false), Ok(Negotiated::Results(QueryResultsFormat::Json)));
        assert_eq!(r(Some("application/n-triples"), None, true), Ok(Negotiated::Rdf(RdfFormat::NTriples)));
        assert_eq!(
            r(Some("application/ld+json"), None, true),
            Ok(Negotiated::Rdf(RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }))
        );
        assert!(r(Some("image/png"), None, false).is_err());
        assert!(r(Some("text/turtle"), None, false).is_err());
        // The parameter wins over the header.
        assert_eq!(r(Some("text/csv"), Some("tsv"), false), Ok(Negotiated::Results(QueryResultsFormat::Tsv)));
        assert_eq!(r(None, Some("nt"), true), Ok(Negotiated::Rdf(RdfFormat::NTriples)));
        assert!(r(None, Some("turtle"), false).is_err());
    }
}
