//! Stage 7 — store: an Oxigraph store on disk (RocksDB directory) or in memory. Each document
//! is written in one transaction that replaces its named graph, so a rebuild never duplicates
//! and a failure leaves the store as it was.

use crate::error::{Error, Result};
use crate::vocab::ONTOLOGY_GRAPH;
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad};
use oxigraph::store::Store;
use std::path::Path;

/// Opens (creating if absent) a store directory, or a fresh in-memory store.
pub fn open(dir: Option<&Path>) -> Result<Store> {
    match dir {
        None => Store::new().map_err(Error::from),
        Some(dir) => {
            if dir.exists() && !dir.is_dir() {
                return Err(Error::Store(format!("{} exists and is not a store directory", dir.display())));
            }
            Store::open(dir).map_err(|e| Error::Store(format!("cannot open the store at {}: {e}", dir.display())))
        }
    }
}

/// Opens an existing store for reading; a missing directory is a clear error.
pub fn open_existing(dir: &Path) -> Result<Store> {
    if !dir.is_dir() {
        return Err(Error::Store(format!("there is no store at {} (create one with `newskg build … --store {}`)", dir.display(), dir.display())));
    }
    if std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(true) {
        return Err(Error::Store(format!("{} is empty: it is not a newskg store", dir.display())));
    }
    Store::open(dir).map_err(|e| Error::Store(format!("cannot open the store at {}: {e}", dir.display())))
}

/// Replaces the content of one named graph with `quads`, atomically.
pub fn replace_graph(store: &Store, graph: &str, quads: &[Quad]) -> Result<()> {
    let g = NamedNodeRef::new(graph).map_err(|e| Error::Store(format!("bad graph IRI {graph}: {e}")))?;
    let mut tx = store.start_transaction()?;
    tx.clear_graph(GraphNameRef::NamedNode(g))?;
    tx.insert_named_graph(g);
    tx.extend(quads.iter());
    tx.commit()?;
    Ok(())
}

/// Loads (or reloads) the ontology graph.
pub fn load_ontology(store: &Store, quads: &[Quad]) -> Result<()> {
    replace_graph(store, ONTOLOGY_GRAPH, quads)
}

pub fn quad_count(store: &Store) -> Result<usize> {
    Ok(store.len()?)
}
