//! Library use, end to end: read articles, load them into an in-memory store, ask who called
//! on whom for what, and print the statistics of the call graph.
//!
//!     cargo run --release --example who_called_whom -- examples/articles

use newskg::document::{read_paths, Item};
use newskg::extract::default_extractors;
use newskg::graph::{CallGraph, GraphOptions, View};
use newskg::vocab::Iris;
use newskg::{Knowledge, Result};
use std::path::PathBuf;

fn main() {
    if let Err(e) = run() {
        eprintln!("who_called_whom: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let paths = if paths.is_empty() { vec![PathBuf::from("examples/articles")] } else { paths };
    let k = Knowledge::builtin()?;
    let iris = Iris::default();
    let store = newskg::store::open(None)?;
    newskg::store::load_ontology(&store, &newskg::rdf::ontology_quads(&k, &iris)?)?;
    let extractors = default_extractors();
    for item in read_paths(&paths)? {
        match item {
            Item::Doc(doc) => {
                let processed = newskg::process(&doc, &k, &extractors);
                let quads = newskg::rdf::document_quads(&processed, &iris, &k);
                newskg::store::replace_graph(&store, &iris.doc(&processed.id), &quads)?;
            }
            Item::Skipped(s) => eprintln!("skipped {}: {}", s.source, s.reason),
            Item::Warning(w) => eprintln!("warning: {w}"),
        }
    }
    println!("Who called on whom, for what:");
    for row in newskg::query::select_strings(&store, newskg::query::WHO_CALLED_WHOM, &iris)? {
        println!("  {} → {} : {} (×{})", row[0], if row[1].is_empty() { "-" } else { &row[1] }, row[2], row[3]);
    }
    let graph = CallGraph::from_store(&store, &GraphOptions { by: View::Country, ..Default::default() })?;
    println!("\nBy country:\n{}", graph.stats().to_table());
    Ok(())
}
