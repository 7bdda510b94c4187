//! `newskg serve`: a read-only SPARQL 1.1 Protocol endpoint at `/sparql` and a web page at `/`
//! (query editor, call graph, event list with highlighted sentences, entity pages).
//!
//! The HTTP layer is `oxhttp`, the small threaded HTTP/1.1 server of Oxigraph's authors (the one
//! `oxigraph serve` runs on): one thread per connection, which suits blocking store reads, and
//! only `http` and `httparse` under it (see ARCHITECTURE.md for the comparison with axum).
//!
//! The store is opened read-only: no lock is taken, so `query`, `graph` and `export` keep
//! working on the same directory while the server runs. A read-only store sees the data as it
//! was when it was opened; restart `serve` after a rebuild.

mod api;
mod sparql;

use crate::error::{Error, Result};
use crate::vocab::Iris;
use oxhttp::model::header::{CACHE_CONTROL, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

pub use sparql::{negotiate, Negotiated};

/// What the server needs to know besides the store.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Longest time a query may run before it is cancelled.
    pub timeout: Duration,
    /// Most solutions (or triples) one answer carries; the rest is cut and the answer says so
    /// in the `X-Newskg-Truncated` header.
    pub limit: usize,
    /// The Graphviz program that draws `/graph.svg`.
    pub graphviz: String,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { timeout: Duration::from_secs(30), limit: 10_000, graphviz: "dot".into() }
    }
}

/// Shared by every connection thread.
pub(crate) struct App {
    pub store: Store,
    pub iris: Iris,
    pub options: ServeOptions,
}

/// A running server.
pub struct Running {
    /// The address it listens on (the real port when 0 was asked for).
    pub addr: SocketAddr,
    server: oxhttp::ListeningServer,
}

impl Running {
    /// Blocks until the server stops (it does not, unless its listener fails).
    pub fn join(self) -> Result<()> {
        self.server.join().map_err(|e| Error::io(self.addr, e))
    }
}

/// Starts serving `store` on `bind` (`host:port`; port 0 picks a free port).
pub fn start(store: Store, iris: Iris, bind: &str, options: ServeOptions) -> Result<Running> {
    let addr = resolve_bind(bind)?;
    let app = Arc::new(App { store, iris, options });
    let server = oxhttp::Server::new(move |request| handle(&app, request))
        .bind(addr)
        .with_global_timeout(Duration::from_secs(60))
        .with_max_concurrent_connections(64);
    let server = server.spawn().map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    Ok(Running { addr, server })
}

/// The socket address to listen on. oxhttp binds its listener itself, so a port 0 is turned
/// into a free port first (bound and released here) to be able to say which port serves.
fn resolve_bind(bind: &str) -> Result<SocketAddr> {
    let addr = bind
        .to_socket_addrs()
        .map_err(|e| Error::Usage(format!("--bind {bind} is not an address like 127.0.0.1:7878: {e}")))?
        .next()
        .ok_or_else(|| Error::Usage(format!("--bind {bind} names no address")))?;
    if addr.port() != 0 {
        return Ok(addr);
    }
    let listener = TcpListener::bind(addr).map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    listener.local_addr().map_err(|e| Error::io(addr, e))
}

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const STYLE_CSS: &str = include_str!("../../web/style.css");

fn handle(app: &App, request: &mut Request<Body>) -> Response<Body> {
    let path = request.uri().path().to_string();
    let method = request.method().clone();
    let get = method == Method::GET || method == Method::HEAD;
    match path.as_str() {
        "/sparql" => sparql::handle(app, request),
        "/" | "/index.html" if get => asset(INDEX_HTML, "text/html; charset=utf-8"),
        "/app.js" if get => asset(APP_JS, "text/javascript; charset=utf-8"),
        "/style.css" if get => asset(STYLE_CSS, "text/css; charset=utf-8"),
        "/graph.svg" | "/graph.dot" if get => api::graph(app, &query_params(request), path == "/graph.svg"),
        "/api/events" if get => api::events(app, &query_params(request)),
        "/api/entity" if get => api::entity(app, &query_params(request)),
        "/api/entities" if get => api::entities(app, &query_params(request)),
        "/api/info" if get => json(StatusCode::OK, &api::info(app)),
        "/" | "/index.html" | "/app.js" | "/style.css" | "/graph.svg" | "/graph.dot" | "/api/events" | "/api/entity" | "/api/entities" | "/api/info" => {
            text(StatusCode::METHOD_NOT_ALLOWED, format!("{path} answers GET only"))
        }
        _ => text(StatusCode::NOT_FOUND, format!("nothing at {path}: the SPARQL endpoint is /sparql, the web page /")),
    }
}

/// The decoded `?a=b&c=d` parameters of a request (the last value of a repeated name wins;
/// `/sparql` reads repeated graph parameters itself).
pub(crate) fn query_params(request: &Request<Body>) -> BTreeMap<String, String> {
    form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()).into_owned().collect()
}

fn asset(body: &'static str, content_type: &'static str) -> Response<Body> {
    let mut r = Response::builder().status(StatusCode::OK).body(Body::from(body)).unwrap_or_else(|_| Response::new(Body::empty()));
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// A response with a body and a content type.
pub(crate) fn response(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(CONTENT_TYPE, v);
    }
    r
}

/// A plain-text answer: the one sentence a user reads when something is refused.
pub(crate) fn text(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let mut m = message.into();
    m.push('\n');
    response(status, "text/plain; charset=utf-8", m)
}

pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    response(status, "application/json", value.to_string())
}

/// The status of a library error: the user's mistake (400) or ours (500).
pub(crate) fn error_response(e: &Error) -> Response<Body> {
    let status = match e {
        Error::Usage(_) | Error::Sparql(_) | Error::Input(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    text(status, e.to_string())
}
