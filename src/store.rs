//! Stage 7 — store: an Oxigraph store on disk (RocksDB directory) or in memory. Each document
//! is written in one transaction that replaces its named graph, so a rebuild never duplicates
//! and a failure leaves the store as it was.
//!
//! Three ways in: `open` (read-write, creates the directory: `build`, `import`), `open_existing`
//! (read-write, the store must exist: `link`) and `open_read_only` (never writes a byte, works
//! beside a running build: `query`, `export`, `graph`, `serve`). Every RocksDB failure becomes
//! one sentence that says what happened and what to do (`describe`).

use crate::error::{Error, Result};
use crate::vocab::ONTOLOGY_GRAPH;
use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
use std::path::Path;

/// What a directory holds, judged from its files before RocksDB touches it.
#[derive(Debug, PartialEq, Eq)]
enum DirState {
    Absent,
    Empty,
    /// RocksDB's lock or log files and no data yet: a store another process is creating, or
    /// one whose creation was cut short.
    Creating,
    /// No `CURRENT` file, and another process holds the lock: a store being created.
    Locked,
    /// Has a `CURRENT` file: a RocksDB store.
    Store,
    /// RocksDB files (`MANIFEST-…`, `*.sst`, `OPTIONS-…`) but no `CURRENT`: a damaged store.
    Damaged,
    /// Other files: not a store.
    Foreign,
    NotADirectory,
}

fn dir_state(dir: &Path) -> Result<DirState> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DirState::Absent),
        Err(e) => return Err(Error::Store(format!("cannot look at the store at {}: {e}", dir.display()))),
    };
    if !meta.is_dir() {
        return Ok(DirState::NotADirectory);
    }
    // Looked up by name, not in the listing: RocksDB replaces CURRENT by renaming a new file
    // over it, and a directory listing taken meanwhile may show neither (a rename is atomic
    // for a lookup by name only).
    if dir.join("CURRENT").exists() {
        return Ok(DirState::Store);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Store(format!("cannot list the store at {}: {e}", dir.display())))?;
    let (mut other, mut rocks, mut opening) = (false, false, false);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == "CURRENT" {
            return Ok(DirState::Store);
        }
        if name.starts_with("MANIFEST-") || name.starts_with("OPTIONS-") || name.ends_with(".sst") {
            rocks = true;
        } else if name == "LOCK" || name == "IDENTITY" || name == "LOG" || name.starts_with("LOG.old") || name.ends_with(".log") || name.ends_with(".dbtmp") {
            // What RocksDB writes first when it creates a store, before any data.
            opening = true;
        } else {
            other = true;
        }
    }
    // No CURRENT, and another process holds RocksDB's lock: it is creating the store, whatever
    // files it has written so far (temporary ones included).
    if opening && locked_by_another_process(dir) {
        return Ok(DirState::Locked);
    }
    Ok(if rocks {
        DirState::Damaged
    } else if other {
        DirState::Foreign
    } else if opening {
        // RocksDB's first files and no data: a store being created now (another build holds
        // its lock) or whose creation was interrupted (nothing in it to lose).
        DirState::Creating
    } else {
        DirState::Empty
    })
}

/// Whether another process holds RocksDB's lock on the store (a build that is creating it
/// has no `CURRENT` file yet, and must not be called damaged). Only looks: `F_GETLK` takes
/// no lock and the file is opened read-only.
#[cfg(unix)]
fn locked_by_another_process(dir: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(dir.join("LOCK")) else { return false };
    // SAFETY: `flock` is a plain C struct for which all-zero is a valid value, and `fcntl`
    // only reads the descriptor (open for the duration of the call) and writes into `lock`.
    unsafe {
        let mut lock: libc::flock = std::mem::zeroed();
        lock.l_type = libc::F_WRLCK as libc::c_short;
        lock.l_whence = libc::SEEK_SET as libc::c_short;
        libc::fcntl(f.as_raw_fd(), libc::F_GETLK, &mut lock) == 0 && lock.l_type != libc::F_UNLCK as libc::c_short
    }
}

#[cfg(not(unix))]
fn locked_by_another_process(_dir: &Path) -> bool {
    false
}

fn in_use(dir: &Path) -> Error {
    Error::Store(format!(
        "the store at {} is in use by another process (a running build, import or server): wait for it to end, or read it with query/export/graph, which open it read-only",
        dir.display()
    ))
}

fn damaged(dir: &Path, detail: &str) -> Error {
    if locked_by_another_process(dir) {
        return in_use(dir);
    }
    Error::Store(format!(
        "the store at {} is damaged ({detail}): build it again into a new directory (`newskg build … --store NEW`), or restore a copy",
        dir.display()
    ))
}

fn no_store(dir: &Path) -> Error {
    Error::Store(format!("there is no store at {} (create one with `newskg build … --store {}`)", dir.display(), dir.display()))
}

/// One sentence for a storage failure, naming the store when known: the cases a user can act
/// on (in use, read-only, disk full, damaged) are told apart from RocksDB's message.
pub fn describe(e: &StorageError, dir: Option<&Path>) -> Error {
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    let at = dir.map(|d| format!("the store at {}", d.display())).unwrap_or_else(|| "the store".to_string());
    let full = matches!(e, StorageError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull);
    if full || lower.contains("no space left") || lower.contains("space limit reached") {
        return Error::Store(format!(
            "the disk holding {at} is full: free some space and run the command again (documents committed so far are kept)"
        ));
    }
    if lower.contains("lock") && (lower.contains("temporarily unavailable") || lower.contains("lock hold") || lower.contains("no locks available")) {
        return match dir {
            Some(d) => in_use(d),
            None => Error::Store("the store is in use by another process (a running build, import or server)".into()),
        };
    }
    if lower.contains("permission denied") || lower.contains("read-only file system") || lower.contains("operation not permitted") {
        return Error::Store(format!(
            "{at} cannot be written (permission denied or read-only file system): use a writable directory; query, export and graph can still read it"
        ));
    }
    if matches!(e, StorageError::Corruption(_)) || lower.starts_with("corruption") || lower.contains("column family not found") {
        return match dir {
            Some(d) => damaged(d, first_sentence(&msg)),
            None => Error::Store(format!("the store is damaged ({}): build it again into a new directory", first_sentence(&msg))),
        };
    }
    Error::Store(format!("{at} failed: {}", first_sentence(&msg)))
}

fn first_sentence(msg: &str) -> &str {
    msg.lines().next().unwrap_or(msg).trim()
}

/// Opens (creating if absent) a store directory for writing, or a fresh in-memory store.
/// A directory of other files is refused: RocksDB would put its files among them.
pub fn open(dir: Option<&Path>) -> Result<Store> {
    let Some(dir) = dir else { return Store::new().map_err(|e| describe(&e, None)) };
    match dir_state(dir)? {
        DirState::NotADirectory => return Err(Error::Store(format!("{} exists and is not a store directory", dir.display()))),
        DirState::Foreign => {
            return Err(Error::Store(format!(
                "{} is a directory of other files, not a newskg store: give a new or empty directory to --store",
                dir.display()
            )))
        }
        DirState::Damaged => return Err(damaged(dir, "its CURRENT file is missing")),
        DirState::Locked => return Err(in_use(dir)),
        DirState::Creating if locked_by_another_process(dir) => return Err(in_use(dir)),
        DirState::Absent | DirState::Empty | DirState::Creating | DirState::Store => {}
    }
    let store = Store::open(dir).map_err(|e| describe(&e, Some(dir)))?;
    remove_stale_batches(dir);
    Ok(store)
}

/// Opens an existing store for reading and writing (`link`); a missing directory is an error.
pub fn open_existing(dir: &Path) -> Result<Store> {
    check_is_store(dir)?;
    Store::open(dir).map_err(|e| describe(&e, Some(dir)))
}

/// Opens an existing store read-only: no file is created or changed, a directory that is not
/// a store is refused, and it works while another process (a build) holds the store for
/// writing — it then sees the store as of its last commit before the open.
pub fn open_read_only(dir: &Path) -> Result<Store> {
    check_is_store(dir)?;
    let mut tries = 0;
    loop {
        match Store::open_read_only(dir) {
            Ok(store) => return Ok(store),
            // A writer that is opening or committing to the store replaces its manifest: the one
            // CURRENT named a moment ago may be gone, or read half-written (reported as
            // corruption). While a writer holds the store, read again.
            Err(_) if tries < 8 && locked_by_another_process(dir) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100 * tries));
            }
            Err(e) => return Err(describe(&e, Some(dir))),
        }
    }
}

fn check_is_store(dir: &Path) -> Result<()> {
    match dir_state(dir)? {
        DirState::Store => Ok(()),
        DirState::Absent => Err(no_store(dir)),
        DirState::Empty => Err(Error::Store(format!("{} is empty: it is not a newskg store", dir.display()))),
        DirState::Locked => Err(in_use(dir)),
        DirState::Creating if locked_by_another_process(dir) => Err(in_use(dir)),
        DirState::Creating => Err(Error::Store(format!(
            "{} holds no data: its creation was interrupted (build into it again)",
            dir.display()
        ))),
        DirState::Damaged => Err(damaged(dir, "its CURRENT file is missing")),
        DirState::Foreign => Err(Error::Store(format!("{} is not a newskg store (it has no RocksDB CURRENT file)", dir.display()))),
        DirState::NotADirectory => Err(Error::Store(format!("{} is a file, not a newskg store directory", dir.display()))),
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

/// Writes document graphs through Oxigraph's bulk loader, which is what makes builds fast;
/// a graph the store already has (a rebuild) is deleted and loaded again the same way.
///
/// New documents are gathered into batches of `BATCH_QUADS`; the loader sorts and writes each
/// batch on a thread of its own while the pipeline goes on with the next documents (one batch
/// in flight per loader thread, so memory stays bounded). Every `COMMIT_QUADS`, and at least
/// every `COMMIT_SECS` of work, the written batches enter the store together, atomically: a
/// document is in the store whole or not at all, and a killed build loses only what came since
/// its last commit. Graphs being replaced are deleted, in one transaction, just before the
/// commit that brings their new content (a kill between the two leaves them absent, never half
/// there; the next run writes them). Call `finish` at the end; a writer dropped without it
/// commits nothing more.
pub struct GraphWriter<'a> {
    store: &'a Store,
    batch_quads: usize,
    commit_quads: usize,
    commit_every: std::time::Duration,
    pending: Vec<Quad>,
    /// Graphs written since the last commit, not yet visible in the store.
    uncommitted: HashSet<String>,
    /// Graphs the store holds from an earlier run, to delete before the next commit.
    replaced: Vec<oxigraph::model::NamedNode>,
    loader: Option<oxigraph::store::BulkLoader<'a>>,
    loader_threads: usize,
    loaded_since_commit: usize,
    last_commit: std::time::Instant,
    /// Transactions and bulk commits made so far (see `commits`).
    commits: usize,
}

/// Quads per batch. Oxigraph sorts each batch six times (one per index); batches of this size
/// keep the sorts in cache.
const BATCH_QUADS: usize = 50_000;
/// Quads per commit. Each commit adds a file per batch and index to RocksDB's first level:
/// fewer, larger commits cost less compaction.
const COMMIT_QUADS: usize = 2_000_000;
/// Largest graph compared with the store's copy before it is replaced (in memory, as a set).
const COMPARE_QUADS: usize = 200_000;
/// Longest time between commits: what a killed build can lose.
pub const COMMIT_SECS: u64 = 5;

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
            commit_every: std::time::Duration::from_secs(COMMIT_SECS),
            pending: Vec::new(),
            uncommitted: HashSet::new(),
            replaced: Vec::new(),
            loader: None,
            loader_threads: 1,
            loaded_since_commit: 0,
            last_commit: std::time::Instant::now(),
            commits: 0,
        }
    }

    /// How many batches may be sorted and written at once (default one, beside the pipeline).
    pub fn with_loader_threads(mut self, threads: usize) -> Self {
        self.loader_threads = threads.max(1);
        self
    }

    /// Commits at least this often (default `COMMIT_SECS`).
    pub fn with_commit_interval(mut self, every: std::time::Duration) -> Self {
        self.commit_every = every;
        self
    }

    pub fn write(&mut self, graph: &str, quads: Vec<Quad>) -> Result<()> {
        let g = self.begin(graph)?;
        if self.store.contains_named_graph(g.as_ref())? {
            // A re-run over the same articles: a graph that would come out the same is left
            // alone (reading it costs far less than deleting and loading it again).
            if self.same_content(g.as_ref(), &quads)? {
                return Ok(());
            }
            self.replaced.push(g);
        }
        self.uncommitted.insert(graph.to_string());
        for q in quads {
            self.push(q)?;
        }
        self.end_document()
    }

    /// `write` for quads that `emit` hands over one by one (`rdf::each_document_quad`), so that
    /// a long document's quads never sit in memory together: they go to the loader in batches
    /// as they come. `emit` must give the same quads each time it is called: a graph the store
    /// already holds is compared with them first (when there are at most `COMPARE_QUADS`;
    /// beyond, it is replaced without comparing).
    pub fn write_each(&mut self, graph: &str, emit: &dyn Fn(&mut dyn FnMut(Quad))) -> Result<()> {
        let g = self.begin(graph)?;
        if self.store.contains_named_graph(g.as_ref())? {
            let (mut quads, mut over) = (Vec::new(), false);
            emit(&mut |q| {
                if quads.len() < COMPARE_QUADS {
                    quads.push(q);
                } else {
                    over = true;
                }
            });
            if !over {
                return self.write(graph, quads);
            }
            self.replaced.push(g);
        }
        self.uncommitted.insert(graph.to_string());
        let mut failed = None;
        emit(&mut |q| {
            if failed.is_none() {
                if let Err(e) = self.push(q) {
                    failed = Some(e);
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        self.end_document()
    }

    /// Checks the graph IRI; the same document twice in one build: the first copy must be in
    /// the store before the second can replace it.
    fn begin(&mut self, graph: &str) -> Result<oxigraph::model::NamedNode> {
        let g = oxigraph::model::NamedNode::new(graph).map_err(|e| Error::Store(format!("bad graph IRI {graph}: {e}")))?;
        if self.uncommitted.contains(graph) {
            self.commit()?;
        }
        Ok(g)
    }

    fn push(&mut self, q: Quad) -> Result<()> {
        self.pending.push(q);
        if self.pending.len() >= self.batch_quads {
            self.load_pending()?;
        }
        Ok(())
    }

    /// A document is written: commit when enough quads or time have gone by (never inside a
    /// document, so that each is in the store whole or not at all).
    fn end_document(&mut self) -> Result<()> {
        if self.loaded_since_commit + self.pending.len() >= self.commit_quads || self.last_commit.elapsed() >= self.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    /// Whether the store's graph `g` holds exactly `quads`.
    fn same_content(&self, g: NamedNodeRef<'_>, quads: &[Quad]) -> Result<bool> {
        let new: HashSet<Quad> = quads.iter().map(as_stored).collect();
        let mut n = 0;
        for q in self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g))) {
            let q = q?;
            n += 1;
            if n > new.len() || !new.contains(&q) {
                return Ok(false);
            }
        }
        Ok(n == new.len())
    }

    /// Hands the gathered quads to the loader (which works on them in the background).
    fn load_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let quads = std::mem::take(&mut self.pending);
        self.loaded_since_commit += quads.len();
        let (store, threads) = (self.store, self.loader_threads);
        // The loader cuts what it is given into batches of its own: of `batch_quads` too, so
        // that one large document is sorted in pieces rather than in one block of millions.
        let memory_mb = (self.batch_quads * threads).div_ceil(1000).max(threads * 4);
        let loader = self.loader.get_or_insert_with(|| store.bulk_loader().with_num_threads(threads).with_max_memory_size_in_megabytes(memory_mb));
        loader.load_quads(quads)?;
        Ok(())
    }

    /// Makes everything written so far part of the store.
    pub fn commit(&mut self) -> Result<()> {
        self.load_pending()?;
        if !self.replaced.is_empty() {
            let mut tx = self.store.start_transaction()?;
            for g in &self.replaced {
                tx.clear_graph(GraphNameRef::NamedNode(g.as_ref()))?;
            }
            tx.commit()?;
            self.replaced.clear();
            self.commits += 1;
        }
        if let Some(loader) = self.loader.take() {
            loader.commit()?;
            self.commits += 1;
        }
        self.uncommitted.clear();
        self.loaded_since_commit = 0;
        self.last_commit = std::time::Instant::now();
        Ok(())
    }

    /// How many store transactions and bulk commits this writer has made: a handful per
    /// `COMMIT_QUADS` or `COMMIT_SECS`, however many documents it replaced.
    pub fn commits(&self) -> usize {
        self.commits
    }

    /// Commits what is left; returns `commits`.
    pub fn finish(mut self) -> Result<usize> {
        self.commit()?;
        Ok(self.commits)
    }
}

/// A quad as the store gives it back: Oxigraph keeps integers of every XSD integer type as
/// `xsd:integer` (our NIF offsets are `xsd:nonNegativeInteger`, always in canonical digits).
fn as_stored(q: &Quad) -> Quad {
    use oxigraph::model::{Literal, Term};
    const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
    if let Term::Literal(l) = &q.object {
        let dt = l.datatype().as_str();
        let integer = dt.strip_prefix(XSD).is_some_and(|t| {
            matches!(
                t,
                "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" | "long" | "int" | "short" | "byte" | "unsignedLong" | "unsignedInt" | "unsignedShort" | "unsignedByte"
            )
        });
        if integer {
            let mut q = q.clone();
            q.object = Literal::new_typed_literal(l.value(), NamedNodeRef::new_unchecked("http://www.w3.org/2001/XMLSchema#integer")).into();
            return q;
        }
        if dt == "http://www.w3.org/2001/XMLSchema#decimal" {
            let canonical = crate::rdf::canonical_decimal(l.value());
            if canonical != l.value() {
                let mut q = q.clone();
                q.object = Literal::new_typed_literal(canonical, l.datatype()).into();
                return q;
            }
        }
    }
    q.clone()
}

/// Loads (or reloads) the ontology graph.
pub fn load_ontology(store: &Store, quads: &[Quad]) -> Result<()> {
    replace_graph(store, ONTOLOGY_GRAPH, quads)
}

pub fn quad_count(store: &Store) -> Result<usize> {
    Ok(store.len()?)
}
