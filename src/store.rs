//! Stage 7 — store: an Oxigraph store on disk (RocksDB directory) or in memory. Each document
//! is written in one transaction that replaces its named graph, so a rebuild never duplicates
//! and a failure leaves the store as it was.

use crate::error::{Error, Result};
use crate::vocab::ONTOLOGY_GRAPH;
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad};
use oxigraph::store::Store;
use std::collections::HashSet;
use std::path::Path;

/// Opens (creating if absent) a store directory, or a fresh in-memory store.
pub fn open(dir: Option<&Path>) -> Result<Store> {
    match dir {
        None => Store::new().map_err(Error::from),
        Some(dir) => {
            if dir.exists() && !dir.is_dir() {
                return Err(Error::Store(format!("{} exists and is not a store directory", dir.display())));
            }
            let store = Store::open(dir).map_err(|e| Error::Store(format!("cannot open the store at {}: {e}", dir.display())))?;
            remove_stale_batches(dir);
            Ok(store)
        }
    }
}

/// Batch files of a bulk load that was interrupted before its commit (`bulk-*.sst`) are
/// garbage: the store never saw them. Only a writer holding the store's lock gets here.
fn remove_stale_batches(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            let _ = std::fs::remove_file(entry.path());
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
/// new graphs go through Oxigraph's bulk loader, which is what makes a first build fast.
///
/// New documents are gathered into batches of `BATCH_QUADS`; the loader sorts and writes each
/// batch on a thread of its own while the pipeline goes on with the next documents (one batch
/// in flight per loader thread, so memory stays bounded). Every `COMMIT_QUADS` the written batches enter the
/// store together, atomically: a document is in the store whole or not at all, and a failed
/// build leaves the documents of its last, uncommitted batches out, never half in. Call
/// `finish` at the end; a writer dropped without it commits nothing more.
pub struct GraphWriter<'a> {
    store: &'a Store,
    batch_quads: usize,
    commit_quads: usize,
    pending: Vec<Quad>,
    /// Graphs written since the last commit, not yet visible in the store.
    uncommitted: HashSet<String>,
    loader: Option<oxigraph::store::BulkLoader<'a>>,
    loader_threads: usize,
    loaded_since_commit: usize,
}

/// Quads per batch. Oxigraph sorts each batch six times (one per index); batches of this size
/// keep the sorts in cache.
const BATCH_QUADS: usize = 50_000;
/// Quads per commit. Each commit adds a file per batch and index to RocksDB's first level:
/// fewer, larger commits cost less compaction; this bounds what an interrupted build loses.
const COMMIT_QUADS: usize = 2_000_000;

impl<'a> GraphWriter<'a> {
    pub fn new(store: &'a Store) -> Self {
        Self::with_sizes(store, BATCH_QUADS, COMMIT_QUADS)
    }

    /// A writer with other batch and commit sizes (in quads).
    pub fn with_sizes(store: &'a Store, batch_quads: usize, commit_quads: usize) -> Self {
        GraphWriter {
            store,
            batch_quads: batch_quads.max(1),
            commit_quads,
            pending: Vec::new(),
            uncommitted: HashSet::new(),
            loader: None,
            loader_threads: 1,
            loaded_since_commit: 0,
        }
    }

    /// How many batches may be sorted and written at once (default one, beside the pipeline).
    pub fn with_loader_threads(mut self, threads: usize) -> Self {
        self.loader_threads = threads.max(1);
        self
    }

    pub fn write(&mut self, graph: &str, quads: Vec<Quad>) -> Result<()> {
        let g = NamedNodeRef::new(graph).map_err(|e| Error::Store(format!("bad graph IRI {graph}: {e}")))?;
        // The same document twice in one build: the first copy must be in the store before
        // the second can replace it.
        if self.uncommitted.contains(graph) {
            self.commit()?;
        }
        if self.store.contains_named_graph(g)? {
            return replace_graph(self.store, graph, &quads);
        }
        self.uncommitted.insert(graph.to_string());
        self.pending.extend(quads);
        if self.pending.len() >= self.batch_quads {
            self.load_pending()?;
            if self.loaded_since_commit >= self.commit_quads {
                self.commit()?;
            }
        }
        Ok(())
    }

    /// Hands the gathered quads to the loader (which works on them in the background).
    fn load_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let quads = std::mem::take(&mut self.pending);
        self.loaded_since_commit += quads.len();
        let (store, threads) = (self.store, self.loader_threads);
        let loader = self.loader.get_or_insert_with(|| store.bulk_loader().with_num_threads(threads));
        loader.load_quads(quads)?;
        Ok(())
    }

    /// Makes everything written so far part of the store.
    pub fn commit(&mut self) -> Result<()> {
        self.load_pending()?;
        if let Some(loader) = self.loader.take() {
            loader.commit()?;
        }
        self.uncommitted.clear();
        self.loaded_since_commit = 0;
        Ok(())
    }

    /// Commits what is left.
    pub fn finish(mut self) -> Result<()> {
        self.commit()
    }
}

/// Loads (or reloads) the ontology graph.
pub fn load_ontology(store: &Store, quads: &[Quad]) -> Result<()> {
    replace_graph(store, ONTOLOGY_GRAPH, quads)
}

pub fn quad_count(store: &Store) -> Result<usize> {
    Ok(store.len()?)
}
