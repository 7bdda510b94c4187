//! Export of the store: the whole dataset (N-Quads, TriG, JSON-LD) or triples (Turtle,
//! N-Triples) of one named graph or of all of them (merged, each triple once, with a warning).

use crate::error::{Error, Result};
use crate::vocab::Iris;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, Triple};
use oxigraph::store::Store;
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Nquads,
    Trig,
    Turtle,
    Ntriples,
    Jsonld,
}

impl ExportFormat {
    fn rdf(self) -> RdfFormat {
        match self {
            ExportFormat::Nquads => RdfFormat::NQuads,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Jsonld => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
        }
    }

    /// Whether the format keeps named graphs (else the graphs of an export are merged).
    pub fn keeps_graphs(self) -> bool {
        self.rdf().supports_datasets()
    }
}

/// The warning of an export that merges graphs (Turtle or N-Triples of the whole store).
pub fn merge_warning(format: ExportFormat) -> Option<String> {
    (!format.keeps_graphs()).then(|| {
        format!(
            "{} has no named graphs: the triples of every graph (one per document, the ontology, links) are merged, \
             each once; use --format nquads, trig or jsonld to keep the graphs, or --doc ID for one document",
            format.rdf().name()
        )
    })
}

/// Writes the dataset, or the graph `graph` only, to `out`.
pub fn export(store: &Store, format: ExportFormat, graph: Option<&str>, iris: &Iris, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::io("the output", e);
    let mut ser = RdfSerializer::from_format(format.rdf());
    if matches!(format, ExportFormat::Turtle | ExportFormat::Trig | ExportFormat::Jsonld) {
        for (p, ns) in crate::query::prefixes(iris) {
            ser = ser.with_prefix(p, ns).map_err(|e| Error::Rdf(e.to_string()))?;
        }
    }
    let mut w = ser.for_writer(out);
    match graph {
        Some(g) => {
            let g = NamedNodeRef::new(g).map_err(|e| Error::Usage(format!("--graph {g} is not an IRI: {e}")))?;
            if !store.contains_named_graph(g)? {
                return Err(Error::Usage(format!("the store has no graph <{}>", g.as_str())));
            }
            for q in store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g))) {
                let q = q?;
                if format.rdf().supports_datasets() {
                    w.serialize_quad(&q).map_err(io)?;
                } else {
                    w.serialize_triple(&Triple::from(q)).map_err(io)?;
                }
            }
        }
        None if format.rdf().supports_datasets() => {
            for q in store.iter() {
                w.serialize_quad(&q?).map_err(io)?;
            }
        }
        None => {
            // Triples of all graphs, each once.
            let rows = crate::query::execute(store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", iris)?;
            if let oxigraph::sparql::QueryResults::Solutions(sol) = rows {
                for s in sol {
                    let s = s.map_err(|e| Error::Sparql(e.to_string()))?;
                    let (Some(subj), Some(pred), Some(obj)) = (s.get("s"), s.get("p"), s.get("o")) else { continue };
                    let subject = match subj {
                        oxigraph::model::Term::NamedNode(n) => oxigraph::model::NamedOrBlankNode::from(n.clone()),
                        oxigraph::model::Term::BlankNode(b) => oxigraph::model::NamedOrBlankNode::from(b.clone()),
                        _ => continue,
                    };
                    let oxigraph::model::Term::NamedNode(pred) = pred else { continue };
                    w.serialize_triple(&Triple::new(subject, pred.clone(), obj.clone())).map_err(io)?;
                }
            }
        }
    }
    w.finish().map_err(io)?;
    Ok(())
}
