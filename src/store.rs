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

/// Writes document graphs: a graph the store already has is replaced in its own transaction;
/// new graphs are gathered and written by Oxigraph's bulk loader, many documents at a time,
/// each batch atomically (a document is in the store whole or not at all). Bulk loading is
/// what makes a first build fast; replacing keeps rebuilds free of duplicates.
pub struct GraphWriter<'a> {
    store: &'a Store,
    pending: Vec<Quad>,
    pending_graphs: std::collections::HashSet<String>,
}

/// Quads gathered before a bulk write: bounds memory, whatever the corpus size.
const BATCH_QUADS: usize = 200_000;

impl<'a> GraphWriter<'a> {
    pub fn new(store: &'a Store) -> Self {
        GraphWriter { store, pending: Vec::new(), pending_graphs: Default::default() }
    }

    pub fn write(&mut self, graph: &str, quads: Vec<Quad>) -> Result<()> {
        let g = NamedNodeRef::new(graph).map_err(|e| Error::Store(format!("bad graph IRI {graph}: {e}")))?;
        if self.pending_graphs.contains(graph) {
            self.flush()?;
        }
        if self.store.contains_named_graph(g)? {
            return replace_graph(self.store, graph, &quads);
        }
        self.pending_graphs.insert(graph.to_string());
        self.pending.extend(quads);
        if self.pending.len() >= BATCH_QUADS {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            self.pending_graphs.clear();
            return Ok(());
        }
        let quads = std::mem::take(&mut self.pending);
        let mut loader = self.store.bulk_loader().with_num_threads(1);
        loader.load_quads(quads)?;
        loader.commit()?;
        self.pending_graphs.clear();
        Ok(())
    }
}

/// Loads (or reloads) the ontology graph.
pub fn load_ontology(store: &Store, quads: &[Quad]) -> Result<()> {
    replace_graph(store, ONTOLOGY_GRAPH, quads)
}

pub fn quad_count(store: &Store) -> Result<usize> {
    Ok(store.len()?)
}
