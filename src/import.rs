//! `newskg import`: load another RDF dataset into its own named graph, so that one SPARQL
//! query can join it with the news graph.
//!
//! Also home of the reading helpers shared with [`crate::link`]: the RDF format is chosen by
//! the file extension (`.ttl`, `.nt`, `.nq`, `.trig`, `.rdf`/`.xml`/`.owl`), optionally followed
//! by `.gz`, and a syntax error becomes one sentence naming the file and the line.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad, TermRef};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::vocab::{self, Iris};

/// The RDF format of a dataset file, from its extension (a trailing `.gz` is looked through).
/// Returns the format and whether the file is gzip-compressed.
pub fn format_of(path: &Path) -> Result<(RdfFormat, bool)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(stem) => (stem.to_string(), true),
        None => (name.clone(), false),
    };
    let ext = stem
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "ttl" | "turtle" => RdfFormat::Turtle,
        "nt" | "ntriples" => RdfFormat::NTriples,
        "nq" | "nquads" => RdfFormat::NQuads,
        "trig" => RdfFormat::TriG,
        "rdf" | "xml" | "owl" => RdfFormat::RdfXml,
        "jsonld" | "json" => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
        _ => {
            return Err(Error::Usage(format!(
                "cannot tell the RDF format of {} from its extension: use .ttl, .nt, .nq, .trig, \
                 .rdf, .xml, .owl or .jsonld, optionally followed by .gz (or say it with --format)",
                path.display()
            )))
        }
    };
    Ok((format, gz))
}

/// Opens a dataset file for parsing: the parser (with the file's own URL as base IRI, so that
/// relative IRIs resolve) and a reader that decompresses gzip when the name ends in `.gz`.
pub fn open_dataset(path: &Path) -> Result<(RdfParser, Box<dyn Read>)> {
    open_dataset_as(path, None)
}

/// [`open_dataset`] with the format given rather than read from the extension; `-` is
/// standard input, whose format must be given.
pub fn open_dataset_as(path: &Path, format: Option<RdfFormat>) -> Result<(RdfParser, Box<dyn Read>)> {
    if path.as_os_str() == "-" {
        let format = format.ok_or_else(|| {
            Error::Usage("reading RDF from standard input (-) needs its format: add --format turtle, ntriples, nquads, trig, rdfxml or jsonld".into())
        })?;
        return Ok((RdfParser::from_format(format), Box::new(BufReader::new(std::io::stdin()))));
    }
    let (format, gz) = match (format, format_of(path)) {
        (Some(f), Ok((_, gz))) => (f, gz),
        (Some(f), Err(_)) => (f, path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))),
        (None, r) => r?,
    };
    let file = File::open(path).map_err(|e| Error::io(path.display(), e))?;
    let reader: Box<dyn Read> = if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            BufReader::new(file),
        )))
    } else {
        Box::new(BufReader::new(file))
    };
    // RDF/XML goes through a guard: bounded entity expansion, and truncation is an error.
    let reader: Box<dyn Read> = if format == RdfFormat::RdfXml { Box::new(crate::xmlguard::XmlGuard::new(reader)) } else { reader };
    let mut parser = RdfParser::from_format(format);
    if let Some(base) = file_iri(path) {
        parser = match RdfParser::from_format(format).with_base_iri(base) {
            Ok(p) => p,
            Err(_) => parser,
        };
    }
    Ok((parser, reader))
}

/// `file:///abs/path` when the path is absolute (or can be made so) and IRI-safe.
fn file_iri(path: &Path) -> Option<String> {
    let abs: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let text = abs.to_str()?;
    if text
        .chars()
        .any(|c| c.is_whitespace() || "<>\"{}|\\^`%#?".contains(c))
    {
        return None;
    }
    Some(format!("file://{text}"))
}

/// One sentence for a parse failure: the file, the format and where (line, column) it broke.
pub fn parse_error(path: &Path, format: RdfFormat, err: RdfParseError) -> Error {
    let shown = if path.as_os_str() == "-" { PathBuf::from("standard input") } else { path.to_path_buf() };
    let path = shown.as_path();
    match err {
        // The RDF/XML guard's refusals arrive as I/O errors of kind InvalidData.
        RdfParseError::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            let msg = crate::xmlguard::guard_message(&e).unwrap_or_else(|| e.to_string());
            Error::Rdf(format!("{} is not usable {}: {msg}", path.display(), format.name()))
        }
        RdfParseError::Io(e) => Error::io(path.display(), e),
        RdfParseError::Syntax(e) => {
            let text = e.to_string();
            match e.location() {
                // Turtle-family messages already say "Parser error at line L column C: ...".
                Some(loc) if !text.contains("line") => Error::Rdf(format!(
                    "{} is not valid {} at line {} column {}: {text}",
                    path.display(),
                    format.name(),
                    loc.start.line + 1,
                    loc.start.column + 1
                )),
                _ => Error::Rdf(format!(
                    "{} is not valid {}: {text}",
                    path.display(),
                    format.name()
                )),
            }
        }
    }
}

/// Parses a whole dataset file, calling `f` on every quad. Blank nodes are renamed so that
/// they cannot collide with blank nodes already in a store.
pub fn for_each_quad(path: &Path, mut f: impl FnMut(Quad) -> Result<()>) -> Result<usize> {
    let (parser, reader) = open_dataset(path)?;
    let format = parser.format();
    let mut n = 0;
    for quad in parser.rename_blank_nodes().for_reader(reader) {
        let quad = quad.map_err(|e| parse_error(path, format, e))?;
        f(quad)?;
        n += 1;
    }
    Ok(n)
}

/// Loads `file` into the named graph `graph`, replacing what that graph held, in one
/// transaction (on any error the store is unchanged). Triples of the file's default graph and
/// quads of its named graphs all go into `graph`. Returns the number of quads read.
///
/// Refuses the ontology graph and newskg document graphs (graphs named `…/doc/…` under the
/// default base, or that describe themselves as a `schema:NewsArticle`) and the links graph
/// (a graph holding `nkg:Link` resources): an import must never overwrite extracted data.
pub fn import(store: &Store, file: &Path, graph: &str) -> Result<usize> {
    import_as(store, file, graph, None)
}

/// [`import`] with the format given (needed for `-`, standard input).
pub fn import_as(store: &Store, file: &Path, graph: &str, format: Option<RdfFormat>) -> Result<usize> {
    let graph_node = NamedNode::new(graph)
        .map_err(|e| Error::Usage(format!("--graph {graph} is not a valid absolute IRI: {e}")))?;
    check_import_graph(store, graph_node.as_ref(), None)?;
    let target = GraphName::NamedNode(graph_node.clone());
    let mut tx = store.start_transaction()?;
    tx.clear_graph(graph_node.as_ref())?;
    let mut count = 0usize;
    {
        let (parser, reader) = open_dataset_as(file, format)?;
        let format = parser.format();
        for quad in parser.rename_blank_nodes().for_reader(reader) {
            let quad = quad.map_err(|e| parse_error(file, format, e))?;
            tx.insert(&Quad::new(
                quad.subject,
                quad.predicate,
                quad.object,
                target.clone(),
            ));
            count += 1;
        }
    }
    tx.insert_named_graph(graph_node.as_ref());
    tx.commit()?;
    Ok(count)
}

/// The refusal rules of [`import`]; with `iris`, graphs under that base's `doc/` and its links
/// graph are refused too.
fn check_import_graph(store: &Store, graph: NamedNodeRef<'_>, iris: Option<&Iris>) -> Result<()> {
    let iri = graph.as_str();
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to import into graph <{iri}>: it is {why}; choose another --graph IRI"
        )))
    };
    if iri == vocab::ONTOLOGY_GRAPH || iri.starts_with(vocab::NKG) {
        return refuse("the newskg ontology graph");
    }
    if iri.starts_with(&format!("{}doc/", vocab::NKR_DEFAULT)) {
        return refuse("a newskg document graph");
    }
    if let Some(iris) = iris {
        if iri.starts_with(&format!("{}doc/", iris.base)) {
            return refuse("a newskg document graph");
        }
        if iri == iris.links_graph() {
            return refuse("the newskg links graph");
        }
    }
    let rdf_type = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let article = NamedNode::new_unchecked(format!("{}NewsArticle", vocab::SCHEMA));
    let g: oxigraph::model::GraphNameRef<'_> = graph.into();
    if store
        .quads_for_pattern(
            Some(graph.into()),
            Some(rdf_type),
            Some(TermRef::from(article.as_ref())),
            Some(g),
        )
        .next()
        .transpose()?
        .is_some()
    {
        return refuse("a newskg document graph");
    }
    let link_class = NamedNode::new_unchecked(format!("{}Link", vocab::NKG));
    if store
        .quads_for_pattern(
            None,
            Some(rdf_type),
            Some(TermRef::from(link_class.as_ref())),
            Some(g),
        )
        .next()
        .transpose()?
        .is_some()
    {
        return refuse("a newskg links graph");
    }
    Ok(())
}

/// RDF formats `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
}

impl ImportFormat {
    pub fn rdf(self) -> RdfFormat {
        match self {
            ImportFormat::Turtle => RdfFormat::Turtle,
            ImportFormat::Ntriples => RdfFormat::NTriples,
            ImportFormat::Nquads => RdfFormat::NQuads,
            ImportFormat::Trig => RdfFormat::TriG,
            ImportFormat::Rdfxml => RdfFormat::RdfXml,
            ImportFormat::Jsonld => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
        }
    }
}

/// `newskg import FILE --graph IRI`.
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// RDF file to load (.ttl, .nt, .nq, .trig, .rdf/.xml/.owl, .jsonld, optionally .gz), or `-`
    /// for standard input (with --format).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format, when its extension does not say it (required for `-`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ImportFormat>,
    /// Named graph that receives the file (its previous content is replaced).
    #[arg(long, value_name = "IRI")]
    pub graph: String,
}

/// Runs `newskg import`: checks the graph against the store's base too, loads, and prints one
/// summary line.
pub fn run_import(
    args: &ImportArgs,
    store: &Store,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<usize> {
    let graph = NamedNode::new(args.graph.as_str()).map_err(|e| {
        Error::Usage(format!(
            "--graph {} is not a valid absolute IRI: {e}",
            args.graph
        ))
    })?;
    check_import_graph(store, graph.as_ref(), Some(iris))?;
    let n = import_as(store, &args.file, graph.as_str(), args.format.map(ImportFormat::rdf))?;
    writeln!(
        out,
        "imported {n} quads from {} into graph <{}>",
        if args.file.as_os_str() == "-" { "standard input".to_string() } else { args.file.display().to_string() },
        graph.as_str()
    )
    .map_err(|e| Error::io("standard output", e))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert!(matches!(
            format_of(Path::new("a.ttl")),
            Ok((RdfFormat::Turtle, false))
        ));
        assert!(matches!(
            format_of(Path::new("a.nt.gz")),
            Ok((RdfFormat::NTriples, true))
        ));
        assert!(matches!(
            format_of(Path::new("A.NQ")),
            Ok((RdfFormat::NQuads, false))
        ));
        assert!(matches!(
            format_of(Path::new("x/a.owl")),
            Ok((RdfFormat::RdfXml, false))
        ));
        assert!(matches!(
            format_of(Path::new("a.trig.gz")),
            Ok((RdfFormat::TriG, true))
        ));
        assert!(format_of(Path::new("a.csv")).is_err());
        assert!(format_of(Path::new("noext")).is_err());
    }
}
