//! `newskg push`: copies the named graphs of a store into another store over HTTP, with the
//! SPARQL 1.1 Graph Store HTTP Protocol: one `PUT <endpoint>?graph=<IRI>` per graph, whose body
//! (N-Triples or Turtle) replaces that graph. Pushing again after a rebuild replaces each
//! document's graph; nothing is ever duplicated.
//!
//! Connection failures, timeouts, 429 and 5xx answers are retried with exponential backoff; any
//! other answer is final. Each failed graph gets one line on stderr; the command exits non-zero
//! if any failed. The HTTP client is `ureq` without TLS (http:// endpoints; put a TLS proxy in
//! front for https).

use crate::error::{Error, Result};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Triple};
use oxigraph::store::Store;
use std::io::Write;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PushFormat {
    Ntriples,
    Turtle,
}

/// Arguments of `newskg push` (the store is opened by the caller).
#[derive(clap::Args, Clone, Debug)]
pub struct PushArgs {
    /// The Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (oxigraph serve) or
    /// http://host:3030/ds/data (Fuseki).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// Only this named graph (repeatable); default: every named graph of the store.
    #[arg(long, value_name = "IRI")]
    pub graph: Vec<String>,
    /// Body format of each PUT.
    #[arg(long, value_enum, default_value_t = PushFormat::Ntriples)]
    pub format: PushFormat,
    /// Attempts after the first one for a graph whose PUT failed in a way worth retrying.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
    /// Seconds before one request is given up.
    #[arg(long, default_value_t = 60.0, value_name = "S")]
    pub timeout: f64,
}

const GIVE_UP_AFTER: usize = 3;
const NOT_TRIED: &str = "not sent: the endpoint stopped answering";

/// What happened to one graph.
#[derive(Debug)]
pub struct Pushed {
    pub graph: String,
    pub triples: usize,
    pub result: std::result::Result<u16, String>,
}

/// The URL that addresses one graph of a Graph Store endpoint (`?graph=` or `&graph=`).
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    let encoded: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    format!("{endpoint}{sep}graph={encoded}")
}

/// The triples of one named graph, serialised.
pub fn graph_body(store: &Store, graph: &NamedOrBlankNode, format: PushFormat) -> Result<(Vec<u8>, usize)> {
    let io = |e: std::io::Error| Error::io("a graph body", e);
    let rdf = match format {
        PushFormat::Ntriples => RdfFormat::NTriples,
        PushFormat::Turtle => RdfFormat::Turtle,
    };
    let mut out = Vec::new();
    let mut w = RdfSerializer::from_format(rdf).for_writer(&mut out);
    let mut n = 0;
    let name = match graph {
        NamedOrBlankNode::NamedNode(g) => GraphNameRef::NamedNode(g.as_ref()),
        NamedOrBlankNode::BlankNode(g) => GraphNameRef::BlankNode(g.as_ref()),
    };
    for q in store.quads_for_pattern(None, None, None, Some(name)) {
        w.serialize_triple(&Triple::from(q?)).map_err(io)?;
        n += 1;
    }
    w.finish().map_err(io)?;
    Ok((out, n))
}

fn content_type(format: PushFormat) -> &'static str {
    match format {
        PushFormat::Ntriples => "application/n-triples",
        PushFormat::Turtle => "text/turtle",
    }
}

/// PUTs one body, retrying what may pass on a second try. `Ok(status)` on 2xx.
fn put(agent: &ureq::Agent, url: &str, body: &[u8], format: PushFormat, retries: u32) -> std::result::Result<u16, String> {
    let mut wait = Duration::from_millis(250);
    let mut attempt = 0;
    loop {
        let outcome = agent.put(url).header("Content-Type", content_type(format)).send(body);
        let (retry, message) = match outcome {
            Ok(mut r) => {
                let status = r.status().as_u16();
                if (200..300).contains(&status) {
                    return Ok(status);
                }
                let text = r.body_mut().with_config().limit(4096).read_to_string().unwrap_or_default();
                let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
                let reason = r.status().canonical_reason().unwrap_or("");
                (status == 429 || status >= 500, format!("HTTP {status} {reason}{}{first}", if first.is_empty() { "" } else { ": " }))
            }
            Err(e) => (true, e.to_string()),
        };
        if !retry || attempt >= retries {
            let tries = if attempt > 0 { format!(" (after {} attempts)", attempt + 1) } else { String::new() };
            return Err(format!("{message}{tries}"));
        }
        std::thread::sleep(wait);
        wait = (wait * 2).min(Duration::from_secs(8));
        attempt += 1;
    }
}

/// Pushes the graphs; reports each failure on `err` as it happens and returns every outcome.
pub fn push(store: &Store, args: &PushArgs, err: &mut dyn Write) -> Result<Vec<Pushed>> {
    let endpoint = args.endpoint.trim();
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(Error::Usage(format!("--endpoint {endpoint} is not an http:// URL")));
    }
    if endpoint.starts_with("https://") {
        return Err(Error::Usage("--endpoint: this build speaks plain HTTP only; reach an https endpoint through a local proxy".into()));
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(Error::Usage("--timeout must be greater than 0".into()));
    }
    let graphs: Vec<NamedOrBlankNode> = if args.graph.is_empty() {
        store.named_graphs().collect::<std::result::Result<_, _>>()?
    } else {
        let mut v = Vec::new();
        for g in &args.graph {
            let n = oxigraph::model::NamedNode::new(g.as_str()).map_err(|e| Error::Usage(format!("--graph {g} is not an IRI: {e}")))?;
            if !store.contains_named_graph(n.as_ref())? {
                return Err(Error::Usage(format!("the store has no graph <{g}>")));
            }
            v.push(NamedOrBlankNode::NamedNode(n));
        }
        v
    };
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs_f64(args.timeout)))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let mut out = Vec::with_capacity(graphs.len());
    // An endpoint that does not answer at all for several graphs in a row will not answer the
    // others either: they are not tried (each would wait through its retries).
    let mut unanswered = 0;
    for g in graphs {
        let NamedOrBlankNode::NamedNode(name) = &g else { continue };
        if unanswered >= GIVE_UP_AFTER {
            out.push(Pushed { graph: name.as_str().to_string(), triples: 0, result: Err(NOT_TRIED.into()) });
            continue;
        }
        let (body, triples) = graph_body(store, &g, args.format)?;
        let result = put(&agent, &graph_url(endpoint, name.as_str()), &body, args.format, args.retries);
        match &result {
            Err(m) => {
                let _ = writeln!(err, "newskg: push: graph <{}> failed: {m}", name.as_str());
                unanswered = if m.starts_with("HTTP ") { 0 } else { unanswered + 1 };
            }
            Ok(_) => unanswered = 0,
        }
        out.push(Pushed { graph: name.as_str().to_string(), triples, result });
    }
    let not_tried = out.iter().filter(|p| matches!(&p.result, Err(m) if m == NOT_TRIED)).count();
    if not_tried > 0 {
        let _ = writeln!(err, "newskg: push: {endpoint} did not answer for {GIVE_UP_AFTER} graphs in a row; {not_tried} other graph{} not sent", if not_tried == 1 { "" } else { "s" });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::graph_url;

    #[test]
    fn graph_urls_encode_the_graph_iri() {
        assert_eq!(
            graph_url("http://h:7878/store", "https://w3id.org/newskg/resource/doc/a b"),
            "http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fnewskg%2Fresource%2Fdoc%2Fa+b"
        );
        assert_eq!(graph_url("http://h/ds?x=1", "http://g"), "http://h/ds?x=1&graph=http%3A%2F%2Fg");
    }
}
