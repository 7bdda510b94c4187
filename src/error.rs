//! One error type for the library: each variant carries a sentence a user can act on.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be read or written.
    Io { path: String, message: String },
    /// An input document is unusable (binary, too large, not the announced format).
    Input(String),
    /// RDF that could not be parsed or serialised.
    Rdf(String),
    /// A SPARQL query that is wrong or failed.
    Sparql(String),
    /// The store could not be opened or written.
    Store(String),
    /// Ontology or lexicon data that is malformed.
    Data(String),
    /// A command-line argument that makes no sense.
    Usage(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn io(path: impl fmt::Display, err: impl fmt::Display) -> Self {
        Error::Io { path: path.to_string(), message: err.to_string() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, message } => write!(f, "cannot access {path}: {message}"),
            Error::Input(m) => write!(f, "bad input: {m}"),
            Error::Rdf(m) => write!(f, "bad RDF: {m}"),
            Error::Sparql(m) => write!(f, "SPARQL error: {m}"),
            Error::Store(m) => write!(f, "store error: {m}"),
            Error::Data(m) => write!(f, "bad ontology data: {m}"),
            Error::Usage(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<oxigraph::store::StorageError> for Error {
    fn from(e: oxigraph::store::StorageError) -> Self {
        crate::store::describe(&e, None)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Input(e.to_string())
    }
}
