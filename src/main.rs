//! The `newskg` command: a thin clap layer over the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use newskg::document::read_paths;
use newskg::error::{Error, Result};
use newskg::export::ExportFormat;
use newskg::extract::default_extractors;
use newskg::lexicon::Knowledge;
use newskg::pipeline::{self, Output};
use newskg::query::ResultFormat;
use newskg::vocab::Iris;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "newskg", version, about = "Knowledge graphs from news: who called on whom, for what, and who talked with whom.")]
struct Cli {
    /// Directory with ontology files (same layout as `ontology/`) that replace the built-in ones.
    #[arg(long, global = true, env = "NEWSKG_ONTOLOGY", value_name = "DIR")]
    ontology: Option<PathBuf>,
    /// Base IRI of resources (documents, entities, events, concepts).
    #[arg(long, global = true, default_value = newskg::vocab::NKR_DEFAULT, value_name = "IRI")]
    base: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the pipeline and print events, triples or RDF to stdout (no store).
    #[command(after_help = "Example:\n  newskg extract --format jsonl examples/articles > events.jsonl")]
    Extract(ExtractArgs),
    /// Extract and load into a store (created if absent); rebuilding replaces each document's graph.
    #[command(after_help = "Example:\n  newskg build examples/articles --store kg.db")]
    Build(BuildArgs),
    /// Run a SPARQL 1.1 query (text or @file) over the store; all graphs form the default graph.
    #[command(after_help = "Example:\n  newskg query --store kg.db 'SELECT ?who ?whom WHERE { ?who nkg:calledOn ?whom }'")]
    Query(QueryArgs),
    /// Write the store (or one named graph) as N-Quads, TriG, JSON-LD, Turtle or N-Triples, or its events as CAMEO or PLOVER records.
    #[command(after_help = "Examples:\n  newskg export --store kg.db --format trig > kg.trig\n  newskg export --store kg.db --format plover > events.jsonl")]
    Export(ExportArgs),
    /// The who-called-whom-for-what graph: DOT, JSON or GraphML, statistics, rendering.
    #[command(after_help = "Examples:\n  newskg graph --store kg.db > calls.dot\n  newskg graph --store kg.db --by country --render svg --out calls.svg\n  newskg graph --store kg.db --stats")]
    Graph {
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        args: newskg::graph::GraphArgs,
    },
    /// Link the store's entities to another RDF dataset (owl:sameAs in the links graph).
    #[command(after_help = "Example:\n  newskg link --store kg.db --dataset people.ttl --out links.tsv")]
    Link {
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        args: newskg::link::LinkArgs,
    },
    /// Load another RDF dataset into its own named graph, to join it in SPARQL.
    #[command(after_help = "Example:\n  newskg import memberships.ttl --graph http://example.org/memberships --store kg.db")]
    Import {
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        args: newskg::import::ImportArgs,
    },
    /// Copy the store's named graphs into another store (SPARQL 1.1 Graph Store Protocol, PUT per graph).
    #[command(after_help = "Example:\n  newskg push --store kg.db --endpoint http://127.0.0.1:7878/store")]
    Push {
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        args: newskg::push::PushArgs,
    },
    /// Serve the store read-only: a SPARQL 1.1 endpoint at /sparql and a web page at /.
    #[command(after_help = "Example:\n  newskg serve --store kg.db            # then open http://127.0.0.1:7878/")]
    Serve(ServeArgs),
    /// Show how a sentence is read: tokens, mentions, rules that fired, events.
    #[command(after_help = "Example:\n  newskg explain \"Ankara a exhorté Bakou et Erevan à reprendre le dialogue.\"")]
    Explain(ExplainArgs),
    /// Print the syntax of texts (or of CoNLL-U words) as CoNLL-U: UPOS, features, lemmas, tree.
    #[command(after_help = "Examples:\n  newskg parse --lang fr article.txt\n  newskg parse --lang en --conllu en_ewt-ud-test.conllu > parsed.conllu")]
    Parse(newskg::syntax::cli::ParseArgs),
    /// Train a syntax model from Universal Dependencies treebanks (see ontology/syntax/README.md).
    #[command(name = "train-syntax")]
    TrainSyntax(newskg::syntax::cli::TrainArgs),
    /// Score a CoNLL-U file against gold with the same words: UPOS, UFeats, lemma, UAS, LAS.
    #[command(name = "score-syntax")]
    ScoreSyntax(newskg::syntax::cli::ScoreArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    format: ExtractFormat,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExtractFormat {
    Jsonl,
    Nquads,
    Trig,
    Jsonld,
    Turtle,
    Ntriples,
}

#[derive(Args)]
struct BuildArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Store directory (RocksDB), created if absent.
    #[arg(long, required_unless_present = "memory", conflicts_with = "memory")]
    store: Option<PathBuf>,
    /// Build in memory only (nothing is written to disk).
    #[arg(long)]
    memory: bool,
    /// Worker threads (default: all cores); as many threads load batches into the store.
    #[arg(long)]
    threads: Option<usize>,
    /// Print only the one-line summary.
    #[arg(long, short)]
    quiet: bool,
    /// The language of the names in the summary's table: fr or en (default: each actor's
    /// name as most often written).
    #[arg(long, value_name = "LANG", value_parser = newskg::labels::parse_lang)]
    lang: Option<String>,
}

#[derive(Args)]
struct QueryArgs {
    #[arg(long)]
    store: PathBuf,
    /// table, json, xml, csv, tsv for SELECT/ASK; turtle (also for table), ntriples, jsonld (also
    /// for json), xml (RDF/XML) for CONSTRUCT/DESCRIBE.
    #[arg(long, value_enum, default_value_t = ResultFormat::Table)]
    format: ResultFormat,
    /// Stop the query after this many seconds (0: no limit).
    #[arg(long, value_name = "SECS", default_value_t = newskg::query::DEFAULT_TIMEOUT_SECS)]
    timeout: u64,
    /// Print at most this many rows or triples (0: all); a note on stderr says when some were left out.
    #[arg(long, value_name = "ROWS", default_value_t = newskg::query::DEFAULT_ROWS)]
    limit: usize,
    /// The query text, @FILE to read it from a file, or - to read it from standard input.
    #[arg(allow_hyphen_values = true)]
    query: String,
}

#[derive(Args)]
struct ExportArgs {
    #[arg(long)]
    store: PathBuf,
    /// nquads, trig, jsonld (graphs kept), turtle, ntriples (graphs merged), cameo (a CAMEO
    /// event table, TSV) or plover (PLOVER event records, JSON Lines).
    #[arg(long, value_parser = parse_export_format)]
    format: ExportChoice,
    /// Only this named graph (an IRI).
    #[arg(long, conflicts_with = "doc")]
    graph: Option<String>,
    /// Only the graph of this document id.
    #[arg(long)]
    doc: Option<String>,
    /// The language of actor names in cameo and plover: en (default) or fr.
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = newskg::labels::parse_lang)]
    lang: String,
}

#[derive(Args)]
struct ServeArgs {
    #[arg(long)]
    store: PathBuf,
    /// Address to listen on; the default answers this machine only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    bind: String,
    /// Stop a query after this many seconds.
    #[arg(long, default_value_t = 30.0, value_name = "S")]
    timeout: f64,
    /// Most rows (or triples) in one answer; longer answers are cut and say so.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    limit: usize,
}

#[derive(Args)]
struct ExplainArgs {
    /// The sentence or short text to explain (it may start with `-`: `explain "- Paris…"`).
    #[arg(allow_hyphen_values = true)]
    text: String,
    /// Language (detected when absent).
    #[arg(long)]
    lang: Option<String>,
    /// Publication date, to resolve relative dates (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(Error::Io { message, .. }) if message.contains("Broken pipe") => 0,
        Err(e) => {
            eprintln!("newskg: {e}");
            1
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> Result<i32> {
    let iris = Iris::new(&cli.base);
    if oxigraph::model::NamedNode::new(&iris.base).is_err() {
        return Err(Error::Usage(format!("--base {} is not an absolute IRI", cli.base)));
    }
    if let Some(dir) = cli.ontology.as_deref() {
        newskg::syntax::use_ontology_dir(dir);
    }
    match cli.command {
        Command::Extract(a) => {
            let k = Knowledge::load(cli.ontology.as_deref())?;
            extract(a, &k, &iris)
        }
        Command::Build(a) => {
            let k = Knowledge::load(cli.ontology.as_deref())?;
            build(a, &k, &iris)
        }
        Command::Query(a) => {
            let text = read_query(&a.query)?;
            let store = newskg::store::open_read_only(&a.store)?;
            let limits = newskg::query::Limits {
                timeout: (a.timeout > 0).then(|| std::time::Duration::from_secs(a.timeout)),
                rows: (a.limit > 0).then_some(a.limit),
            };
            let out = Box::new(BufWriter::new(std::io::stdout()));
            if newskg::query::run_limited(&store, &text, &iris, a.format, limits, out)? {
                eprintln!("newskg: only the first {} results were printed (--limit; 0 prints all)", a.limit);
            }
            Ok(0)
        }
        Command::Export(a) => {
            let store = newskg::store::open_read_only(&a.store)?;
            let graph = a.graph.clone().or_else(|| a.doc.as_ref().map(|d| iris.doc(d)));
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            match a.format {
                ExportChoice::Cameo => {
                    let rows = newskg::cameo::cameo_rows_in(&store, &a.lang)?;
                    newskg::cameo::write_cameo_tsv(&rows, &mut out)?;
                }
                ExportChoice::Plover => {
                    let records = newskg::plover::plover_records_in(&store, &a.lang)?;
                    newskg::plover::write_plover_jsonl(&records, &mut out)?;
                }
                ExportChoice::Rdf(f) => {
                    if graph.is_none() {
                        if let Some(w) = newskg::export::merge_warning(f) {
                            eprintln!("newskg: warning: {w}");
                        }
                    }
                    newskg::export::export(&store, f, graph.as_deref(), &iris, &mut out)?
                }
            }
            out.flush().map_err(|e| Error::io("standard output", e))?;
            Ok(0)
        }
        Command::Graph { store, args } => {
            let store = newskg::store::open_read_only(&store)?;
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            newskg::graph::run(&args, &store, &mut out)?;
            out.flush().map_err(|e| Error::io("standard output", e))?;
            Ok(0)
        }
        Command::Link { store, args } => {
            let store = newskg::store::open_existing(&store)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            newskg::link::run_link(&args, &store, &iris, &mut out)?;
            Ok(0)
        }
        Command::Import { store: dir, args } => {
            // A failed import leaves the store as it was: a directory it created goes away.
            // (Only when this process opened it: a store another process is creating is theirs.)
            let existed = dir.exists();
            let store = newskg::store::open(Some(&dir))?;
            let result = {
                let stdout = std::io::stdout();
                let mut out = stdout.lock();
                newskg::import::run_import(&args, &store, &iris, &mut out)
            };
            drop(store);
            if result.is_err() && !existed {
                let _ = std::fs::remove_dir_all(&dir);
            }
            result.map(|_| 0)
        }
        Command::Push { store, args } => {
            let store = newskg::store::open_read_only(&store)?;
            let started = Instant::now();
            let pushed = newskg::push::push(&store, &args, &mut std::io::stderr())?;
            let failed = pushed.iter().filter(|p| p.result.is_err()).count();
            let triples: usize = pushed.iter().filter(|p| p.result.is_ok()).map(|p| p.triples).sum();
            println!(
                "{} graph{} ({triples} triples) sent to {}{} ({:.1} s)",
                pushed.len() - failed,
                plural(pushed.len() - failed),
                args.endpoint,
                if failed > 0 { format!("; {failed} failed") } else { String::new() },
                started.elapsed().as_secs_f64()
            );
            Ok(if failed > 0 { 1 } else { 0 })
        }
        Command::Serve(a) => {
            if !(a.timeout > 0.0 && a.timeout.is_finite()) || a.limit == 0 {
                return Err(Error::Usage("--timeout and --limit must be greater than 0".into()));
            }
            let store = newskg::store::open_read_only(&a.store)?;
            let options = newskg::serve::ServeOptions {
                timeout: std::time::Duration::from_secs_f64(a.timeout),
                limit: a.limit,
                ..Default::default()
            };
            let running = newskg::serve::start(store, iris, &a.bind, options)?;
            println!("newskg: serving {} at http://{}/ (SPARQL endpoint http://{}/sparql); Ctrl-C stops", a.store.display(), running.addr, running.addr);
            std::io::stdout().flush().map_err(|e| Error::io("standard output", e))?;
            running.join()?;
            Ok(0)
        }
        Command::Explain(a) => {
            let k = Knowledge::load(cli.ontology.as_deref())?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            newskg::explain::explain(&a.text, a.lang.as_deref(), a.date.as_deref(), &k, &iris, &mut out)?;
            Ok(0)
        }
        Command::Parse(a) => {
            let k = Knowledge::load(cli.ontology.as_deref())?;
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let code = newskg::syntax::cli::run_parse(&a, &k, &mut out)?;
            out.flush().map_err(|e| Error::io("standard output", e))?;
            Ok(code)
        }
        Command::TrainSyntax(a) => newskg::syntax::cli::run_train(&a),
        Command::ScoreSyntax(a) => newskg::syntax::cli::run_score(&a, &mut std::io::stdout().lock()),
    }
}

#[derive(Clone, Copy)]
enum ExportChoice {
    Rdf(ExportFormat),
    Cameo,
    Plover,
}

fn parse_export_format(s: &str) -> std::result::Result<ExportChoice, String> {
    if s.eq_ignore_ascii_case("cameo") {
        return Ok(ExportChoice::Cameo);
    }
    if s.eq_ignore_ascii_case("plover") {
        return Ok(ExportChoice::Plover);
    }
    ExportFormat::from_str(s, true).map(ExportChoice::Rdf).map_err(|_| "expected nquads, trig, turtle, ntriples, jsonld, cameo or plover".to_string())
}

fn read_query(q: &str) -> Result<String> {
    if q == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| Error::io("standard input", e))?;
        return Ok(text);
    }
    match q.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path).map_err(|e| Error::io(path, e)),
        None => Ok(q.to_string()),
    }
}

fn threads(n: Option<usize>) -> usize {
    n.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1)
}

/// Reports skipped inputs and warnings; returns whether anything was skipped.
fn report(o: &Output, skipped: &mut usize) {
    match o {
        Output::Skipped(s) => {
            *skipped += 1;
            eprintln!("newskg: skipped {}: {}", s.source, s.reason);
        }
        Output::Warning(w) => eprintln!("newskg: warning: {w}"),
        Output::Doc(_) => {}
    }
}

/// Where `extract` writes: the output itself, or one JSON-LD document spanning every article
/// (JSON-LD documents do not concatenate; N-Quads, TriG, Turtle and N-Triples do).
enum ExtractSink<W: Write> {
    Plain(W),
    JsonLd(oxigraph::io::WriterQuadSerializer<W>),
}

fn extract(a: ExtractArgs, k: &Knowledge, iris: &Iris) -> Result<i32> {
    let stream = read_paths(&a.paths)?.with_languages(k.langs.keys().cloned());
    let from_stdin = a.paths.iter().any(|p| p.as_os_str() == "-");
    let stdout = std::io::stdout();
    let io = |e: std::io::Error| Error::io("standard output", e);
    let mut skipped = 0;
    let mut docs = 0;
    let extractors = default_extractors();
    let rdf_format = match a.format {
        ExtractFormat::Jsonl => None,
        ExtractFormat::Nquads => Some(oxigraph::io::RdfFormat::NQuads),
        ExtractFormat::Trig => Some(oxigraph::io::RdfFormat::TriG),
        ExtractFormat::Turtle => Some(oxigraph::io::RdfFormat::Turtle),
        ExtractFormat::Ntriples => Some(oxigraph::io::RdfFormat::NTriples),
        ExtractFormat::Jsonld => Some(oxigraph::io::RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() }),
    };
    if matches!(a.format, ExtractFormat::Turtle | ExtractFormat::Ntriples) {
        eprintln!("newskg: warning: {} has no named graphs: the documents' triples are merged; use --format nquads, trig or jsonld to keep one graph per document", rdf_format.map(|f| f.name()).unwrap_or(""));
    }
    let with_prefixes = |format: oxigraph::io::RdfFormat| -> Result<oxigraph::io::RdfSerializer> {
        let mut ser = oxigraph::io::RdfSerializer::from_format(format);
        if !matches!(format, oxigraph::io::RdfFormat::NQuads | oxigraph::io::RdfFormat::NTriples) {
            for (p, ns) in newskg::query::prefixes(iris) {
                ser = ser.with_prefix(p, ns).map_err(|e| Error::Rdf(e.to_string()))?;
            }
        }
        Ok(ser)
    };
    let out = BufWriter::new(stdout.lock());
    let mut sink = match rdf_format {
        Some(f @ oxigraph::io::RdfFormat::JsonLd { .. }) => ExtractSink::JsonLd(with_prefixes(f)?.for_writer(out)),
        _ => ExtractSink::Plain(out),
    };
    pipeline::run(stream, threads(a.threads), k, &extractors, |o| -> Result<()> {
        report(&o, &mut skipped);
        let Output::Doc(d) = o else { return Ok(()) };
        docs += 1;
        let out = match &mut sink {
            ExtractSink::JsonLd(w) => {
                let mut failed = None;
                newskg::rdf::each_document_quad(&d, iris, k, &mut |q| {
                    if failed.is_none() {
                        failed = w.serialize_quad(&q).err();
                    }
                });
                return failed.map_or(Ok(()), |e| Err(io(e)));
            }
            ExtractSink::Plain(out) => out,
        };
        match rdf_format {
            None => {
                newskg::records::write_lines(&mut *out, &d, iris).map_err(io)?;
            }
            // One serializer per document: N-Quads lines and repeated prefix lines concatenate
            // into a valid file, and nothing accumulates across documents.
            Some(format) => {
                let mut w = with_prefixes(format)?.for_writer(&mut *out);
                // Quad by quad: a long document's quads are never all in memory.
                let mut failed = None;
                newskg::rdf::each_document_quad(&d, iris, k, &mut |q| {
                    if failed.is_none() {
                        failed = if format.supports_datasets() {
                            w.serialize_quad(&q).err()
                        } else {
                            w.serialize_triple(&oxigraph::model::Triple::from(q)).err()
                        };
                    }
                });
                if let Some(e) = failed {
                    return Err(io(e));
                }
                w.finish().map_err(io)?;
            }
        }
        // Read from a pipe, extract is a stream filter: each document's lines leave at once.
        if from_stdin {
            out.flush().map_err(io)?;
        }
        Ok(())
    })?;
    match sink {
        ExtractSink::Plain(mut out) => out.flush().map_err(io)?,
        ExtractSink::JsonLd(w) => w.finish().map_err(io)?.flush().map_err(io)?,
    }
    Ok(exit_code(docs, skipped))
}

fn exit_code(docs: usize, skipped: usize) -> i32 {
    if skipped > 0 {
        eprintln!("newskg: {skipped} input{} could not be read; {docs} document{} processed", plural(skipped), plural(docs));
        1
    } else {
        0
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Distinct (caller, addressee, demand) rows kept for the summary; beyond, rows are not added.
const MAX_SUMMARY_ROWS: usize = 100_000;

/// The build summary's table: appeals counted by (caller, addressee, demand) entity, not by the
/// words that named them, so *Sergueï Lavrov* and *Sergey Lavrov* are one row; each entity
/// then shows one name (`--lang`: in that language where the entity has one).
#[derive(Default)]
struct Calls {
    /// (caller key, addressee key or "", demand) → appeals.
    counts: std::collections::HashMap<(String, String, String), usize>,
    /// Entity key → (language, label) → how often it was written so.
    names: std::collections::HashMap<String, std::collections::BTreeMap<(String, String), usize>>,
}

impl Calls {
    fn note(&mut self, e: &newskg::resolve::Entity, k: &Knowledge) {
        let names = self.names.entry(e.key.clone()).or_default();
        *names.entry((e.lang.clone(), e.label.clone())).or_default() += 1;
        // A state also has its name in each language, from the gazetteer.
        if e.etype == newskg::resolve::EntityType::Country {
            if let Some(c) = e.country.as_deref().and_then(|iso| k.gazetteer.country(iso)) {
                names.entry(("fr".into(), c.name_fr.clone())).or_default();
                names.entry(("en".into(), c.name_en.clone())).or_default();
            }
        }
    }

    fn count(&mut self, e: &newskg::extract::Event, k: &Knowledge) {
        for x in e.caller.iter().chain(&e.addressee) {
            if self.names.len() < MAX_SUMMARY_ROWS || self.names.contains_key(&x.key) {
                self.note(x, k);
            }
        }
        let addressees: Vec<String> = if e.addressee.is_empty() { vec![String::new()] } else { e.addressee.iter().map(|a| a.key.clone()).collect() };
        for c in &e.caller {
            for a in &addressees {
                for d in &e.demands {
                    let key = (c.key.clone(), a.clone(), d.concept.clone());
                    if self.counts.len() < MAX_SUMMARY_ROWS || self.counts.contains_key(&key) {
                        *self.counts.entry(key).or_default() += 1;
                    }
                }
            }
        }
    }

    /// The name shown for an entity: the one most often written in `lang` (with `--lang`; a
    /// state's name in that language), else the one most often written at all.
    fn name(&self, key: &str, lang: Option<&str>) -> String {
        let Some(names) = self.names.get(key) else { return key.rsplit('/').next().unwrap_or(key).to_string() };
        let most = |only: Option<&str>| {
            names
                .iter()
                .filter(|((l, _), _)| only.is_none_or(|o| newskg::language::primary(l) == o))
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0 .1.cmp(&a.0 .1)))
                .map(|((_, label), _)| label.clone())
        };
        lang.and_then(|l| most(Some(l))).or_else(|| most(None)).unwrap_or_default()
    }
}

fn print_top_appeals(calls: &Calls, lang: Option<&str>, out: &mut dyn Write) -> std::io::Result<()> {
    let mut rows: Vec<(&(String, String, String), &usize)> = calls.counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let name = |key: &str| if key.is_empty() { String::new() } else { calls.name(key, lang) };
    let rows: Vec<[String; 4]> = rows.into_iter().take(25).map(|((c, a, d), n)| [name(c), name(a), d.clone(), n.to_string()]).collect();
    let header = ["caller".to_string(), "addressee".to_string(), "demand".to_string(), "n".to_string()];
    let mut widths = header.clone().map(|h| h.chars().count());
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |r: &[String; 4]| r.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths[i])).collect::<Vec<_>>().join(" | ").trim_end().to_string();
    writeln!(out, "{}", line(&header))?;
    writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"))?;
    for r in &rows {
        writeln!(out, "{}", line(r))?;
    }
    if rows.is_empty() {
        writeln!(out, "(no appeal found)")?;
    }
    Ok(())
}

fn build(a: BuildArgs, k: &Knowledge, iris: &Iris) -> Result<i32> {
    let stream = read_paths(&a.paths)?.with_languages(k.langs.keys().cloned());
    // Nothing to read at all: say so for each path, and leave the store alone (not even created).
    if a.paths.iter().all(|p| p.as_os_str() != "-" && !p.exists()) {
        let mut skipped = 0;
        for item in stream {
            if let newskg::document::Item::Skipped(s) = item {
                report(&pipeline::Output::Skipped(s), &mut skipped);
            }
        }
        return Ok(exit_code(0, skipped));
    }
    let store = newskg::store::open(if a.memory { None } else { a.store.as_deref() })?;
    newskg::store::load_ontology(&store, &newskg::rdf::ontology_quads(k, iris)?)?;
    let started = Instant::now();
    let mut progress = newskg::progress::Progress::new(stream.total_bytes(), stream.bytes_read(), std::io::stderr().is_terminal(), a.quiet);
    let (mut docs, mut sentences, mut appeals, mut contacts, mut triples, mut skipped) = (0, 0, 0, 0, 0, 0);
    let extractors = default_extractors();
    let mut writer = newskg::store::GraphWriter::new(&store).with_loader_threads(threads(a.threads));
    // (caller, addressee, demand) → appeals, counted as documents go by: the summary needs no
    // query over a store that may hold millions of quads.
    let mut calls = Calls::default();
    pipeline::run(stream, threads(a.threads), k, &extractors, |o| -> Result<()> {
        report(&o, &mut skipped);
        let Output::Doc(d) = o else { return Ok(()) };
        writer.write_each(&iris.doc(&d.id), &|sink| newskg::rdf::each_document_quad(&d, iris, k, sink))?;
        docs += 1;
        sentences += d.sentences.len();
        for f in &d.facts {
            match f {
                newskg::extract::Fact::Event(e) if e.kind == newskg::extract::EventKind::Appeal => {
                    appeals += 1;
                    calls.count(e, k);
                }
                newskg::extract::Fact::Event(_) => contacts += 1,
                newskg::extract::Fact::Statement(_) => triples += 1,
            }
        }
        progress.update(docs);
        Ok(())
    })?;
    progress.finish();
    writer.finish()?;
    store.flush()?;
    let total = newskg::store::quad_count(&store)?;
    let where_ = a.store.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "memory".into());
    // Written, not println!ed: `build … | head -1` closes the pipe, which must end quietly.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let summary = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(
            out,
            "{docs} document{} ({sentences} sentences) → {appeals} appeals, {contacts} contacts, {triples} triples; the store at {where_} holds {total} quads ({:.1} s)",
            plural(docs),
            started.elapsed().as_secs_f64()
        )?;
        if !a.quiet && docs > 0 {
            writeln!(out)?;
            writeln!(out, "Who called on whom, for what, in these articles (most frequent first):")?;
            print_top_appeals(&calls, a.lang.as_deref(), out)?;
        }
        out.flush()
    };
    summary(&mut out).map_err(|e| Error::io("standard output", e))?;
    Ok(exit_code(docs, skipped))
}
