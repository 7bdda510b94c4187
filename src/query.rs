//! SPARQL over the store: the default graph is the union of all graphs, the usual prefixes
//! are predeclared, and results print as a table, W3C SPARQL JSON, CSV or TSV.

use crate::error::{Error, Result};
use crate::vocab::{self, Iris};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;

/// Who called on whom, for what, how often: one row per (caller, addressee, demand), each
/// actor under one label (French, else English, else any).
pub const WHO_CALLED_WHOM: &str = "SELECT (SAMPLE(?cl) AS ?caller) (SAMPLE(?al) AS ?addressee) ?demand (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a nkg:Appeal ; nkg:caller ?c ; nkg:demand ?dc . ?dc skos:notation ?demand .
  OPTIONAL { ?c rdfs:label ?cfr FILTER(LANG(?cfr) = 'fr') }
  OPTIONAL { ?c rdfs:label ?cen FILTER(LANG(?cen) = 'en') }
  BIND(STR(COALESCE(?cfr, ?cen)) AS ?cl)
  OPTIONAL { ?e nkg:addressee ?a
             OPTIONAL { ?a rdfs:label ?afr FILTER(LANG(?afr) = 'fr') }
             OPTIONAL { ?a rdfs:label ?aen FILTER(LANG(?aen) = 'en') } }
  BIND(STR(COALESCE(?afr, ?aen)) AS ?al)
} GROUP BY ?c ?a ?demand ORDER BY DESC(?n) ?caller ?addressee ?demand LIMIT 30";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    Table,
    Json,
    Csv,
    Tsv,
}

/// Runs a SELECT/ASK/CONSTRUCT/DESCRIBE query with the union default graph.
pub fn execute<'a>(store: &'a Store, query: &str, iris: &Iris) -> Result<QueryResults<'a>> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, ns) in prefixes(iris) {
        evaluator = evaluator.with_prefix(prefix, ns).map_err(|e| Error::Sparql(e.to_string()))?;
    }
    let mut prepared = evaluator.parse_query(query).map_err(|e| Error::Sparql(format!("the query does not parse: {}", first_line(&e.to_string()))))?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared.on_store(store).execute().map_err(|e| Error::Sparql(e.to_string()))
}

/// Parser messages can list pages of expected characters: the first line says where and what.
fn first_line(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or(msg).trim();
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}

pub fn prefixes(iris: &Iris) -> Vec<(&'static str, String)> {
    vec![
        ("nkg", vocab::NKG.to_string()),
        ("nkr", iris.base.clone()),
        ("rdf", vocab::RDF.to_string()),
        ("rdfs", vocab::RDFS.to_string()),
        ("owl", vocab::OWL.to_string()),
        ("xsd", vocab::XSD.to_string()),
        ("skos", vocab::SKOS.to_string()),
        ("schema", vocab::SCHEMA.to_string()),
        ("prov", vocab::PROV.to_string()),
        ("sem", vocab::SEM.to_string()),
        ("nif", vocab::NIF.to_string()),
        ("wd", vocab::WD.to_string()),
    ]
}

/// SELECT rows as plain strings (IRIs and literal values), for library users and tests.
pub fn select_strings(store: &Store, query: &str, iris: &Iris) -> Result<Vec<Vec<String>>> {
    match execute(store, query, iris)? {
        QueryResults::Solutions(sol) => {
            let vars: Vec<_> = sol.variables().to_vec();
            let mut rows = Vec::new();
            for s in sol {
                let s = s.map_err(|e| Error::Sparql(e.to_string()))?;
                rows.push(vars.iter().map(|v| s.get(v).map(term_value).unwrap_or_default()).collect());
            }
            Ok(rows)
        }
        _ => Err(Error::Sparql("expected a SELECT query".into())),
    }
}

pub fn term_value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn compact(t: &Term, prefixes: &[(&str, String)]) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            for (p, ns) in prefixes {
                if let Some(local) = iri.strip_prefix(ns.as_str()) {
                    if !local.is_empty() && !local.contains(['/', '#']) || *p == "nkr" {
                        return format!("{p}:{local}");
                    }
                }
            }
            format!("<{iri}>")
        }
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_string(),
        },
        other => term_value(other),
    }
}

/// Prints the results of a query in the requested format.
pub fn print(results: QueryResults, format: ResultFormat, iris: &Iris, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::io("standard output", e);
    match results {
        QueryResults::Boolean(b) => match format {
            ResultFormat::Table => writeln!(out, "{b}").map_err(io),
            f => {
                QueryResultsSerializer::from_format(results_format(f)).serialize_boolean_to_writer(&mut *out, b).map_err(io)?;
                Ok(())
            }
        },
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            if format == ResultFormat::Table {
                let prefixes = prefixes(iris);
                let mut rows: Vec<Vec<String>> = Vec::new();
                for s in solutions {
                    let s: QuerySolution = s.map_err(|e| Error::Sparql(e.to_string()))?;
                    rows.push(vars.iter().map(|v| s.get(v).map(|t| compact(t, &prefixes)).unwrap_or_default()).collect());
                }
                let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
                for r in &rows {
                    for (i, c) in r.iter().enumerate() {
                        widths[i] = widths[i].max(c.chars().count().min(80));
                    }
                }
                let line = |cells: &[String]| -> String {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let c: String = if c.chars().count() > 80 { c.chars().take(79).chain(['…']).collect() } else { c.clone() };
                            format!("{c:<w$}", w = widths[i])
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                        .trim_end()
                        .to_string()
                };
                writeln!(out, "{}", line(&header)).map_err(io)?;
                writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-")).map_err(io)?;
                for r in &rows {
                    writeln!(out, "{}", line(r)).map_err(io)?;
                }
                writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" }).map_err(io)?;
                Ok(())
            } else {
                let mut ser = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(&mut *out, vars)
                    .map_err(io)?;
                for s in solutions {
                    let s = s.map_err(|e| Error::Sparql(e.to_string()))?;
                    ser.serialize(&s).map_err(io)?;
                }
                ser.finish().map_err(io)?;
                Ok(())
            }
        }
        QueryResults::Graph(triples) => {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, ns) in prefixes(iris) {
                ser = ser.with_prefix(p, ns).map_err(|e| Error::Rdf(e.to_string()))?;
            }
            let mut w = ser.for_writer(&mut *out);
            for t in triples {
                let t = t.map_err(|e| Error::Sparql(e.to_string()))?;
                w.serialize_triple(&t).map_err(io)?;
            }
            w.finish().map_err(io)?;
            Ok(())
        }
    }
}

fn results_format(f: ResultFormat) -> QueryResultsFormat {
    match f {
        ResultFormat::Json | ResultFormat::Table => QueryResultsFormat::Json,
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
    }
}
