//! Reading appeals, contacts, actors and demand concepts out of a store through SPARQL.
//!
//! Only SPARQL is used (no knowledge of how the store was filled), so any newskg store works,
//! also one grown over many builds. Every query runs with the union of all named graphs as its
//! default graph: each document is its own named graph and the same entity is described again
//! in every document that mentions it, so rows may repeat; everything is collected into sets.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::vocab;

/// What the store says about one entity (an actor or the country of an actor).
#[derive(Clone, Debug, Default)]
pub(crate) struct EntityInfo {
    /// Local names of the nkg: classes it belongs to (`Person`, `Country`, ...).
    pub types: BTreeSet<String>,
    /// `(language tag, text)`; the tag is empty for plain literals.
    pub labels: BTreeSet<(String, String)>,
    pub alt_labels: BTreeSet<String>,
    /// IRIs of the states it is or represents (`nkg:country`).
    pub countries: BTreeSet<String>,
    pub iso3: Option<String>,
    pub wikidata: Option<String>,
}

/// A demand concept of the scheme.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConceptInfo {
    pub key: Option<String>,
    pub labels: BTreeSet<(String, String)>,
}

/// One `nkg:Appeal` event.
#[derive(Clone, Debug, Default)]
pub(crate) struct AppealRecord {
    pub iri: String,
    pub callers: BTreeSet<String>,
    pub addressees: BTreeSet<String>,
    /// Concept IRIs.
    pub demands: BTreeSet<String>,
    pub date: Option<String>,
    pub documents: BTreeSet<String>,
    pub channels: BTreeSet<String>,
}

/// One `nkg:Contact` event.
#[derive(Clone, Debug, Default)]
pub(crate) struct ContactRecord {
    pub iri: String,
    pub participants: BTreeSet<String>,
    pub date: Option<String>,
    pub documents: BTreeSet<String>,
    pub channels: BTreeSet<String>,
}

/// Everything the graph is built from.
#[derive(Clone, Debug, Default)]
pub(crate) struct Source {
    pub appeals: Vec<AppealRecord>,
    pub contacts: Vec<ContactRecord>,
    pub entities: BTreeMap<String, EntityInfo>,
    pub concepts: BTreeMap<String, ConceptInfo>,
}

/// Runs a SELECT query over the union of all graphs of the store.
fn select(store: &Store, query: &str) -> Result<Vec<QuerySolution>> {
    let text = format!("{}{}", vocab::sparql_prefixes(vocab::NKR_DEFAULT), query);
    let mut prepared = SparqlEvaluator::new()
        .parse_query(&text)
        .map_err(|e| Error::Sparql(format!("internal graph query does not parse: {e}")))?;
    prepared.dataset_mut().set_default_graph_as_union();
    let results = prepared.on_store(store).execute().map_err(|e| Error::Sparql(e.to_string()))?;
    match results {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| s.map_err(|e| Error::Sparql(e.to_string())))
            .collect(),
        _ => Err(Error::Sparql("internal graph query is not a SELECT query".to_string())),
    }
}

/// The IRI of a bound variable, if it is an IRI.
fn iri(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var) {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// The lexical form of a bound literal (or the IRI text of an IRI).
fn text(solution: &QuerySolution, var: &str) -> Option<String> {
    match solution.get(var) {
        Some(Term::Literal(l)) => Some(l.value().trim().to_string()).filter(|s| !s.is_empty()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// `(language, text)` of a bound literal.
fn lang_text(solution: &QuerySolution, var: &str) -> Option<(String, String)> {
    match solution.get(var) {
        Some(Term::Literal(l)) if !l.value().trim().is_empty() => Some((
            l.language().unwrap_or("").to_ascii_lowercase(),
            l.value().trim().to_string(),
        )),
        _ => None,
    }
}

/// Keeps the earliest of the dates seen for one event (there should be only one).
fn keep_earliest(slot: &mut Option<String>, date: Option<String>) {
    if let Some(d) = date {
        if slot.as_ref().map_or(true, |old| d < *old) {
            *slot = Some(d);
        }
    }
}

/// A document id: its `schema:identifier`, else what follows `doc/` in its IRI.
fn document_id(solution: &QuerySolution) -> Option<String> {
    if let Some(id) = text(solution, "docid") {
        return Some(id);
    }
    let doc = iri(solution, "doc")?;
    Some(match doc.rfind("/doc/") {
        Some(i) => doc[i + 5..].to_string(),
        None => doc,
    })
}

pub(crate) fn load(store: &Store) -> Result<Source> {
    let mut source = Source::default();

    // Appeals: one row per caller × addressee × demand; folded per event below.
    let rows = select(
        store,
        "SELECT ?e ?caller ?addressee ?demand ?date ?channel ?doc ?docid WHERE {
           ?e a nkg:Appeal ; nkg:caller ?caller .
           OPTIONAL { ?e nkg:addressee ?addressee }
           OPTIONAL { ?e nkg:demand ?demand }
           OPTIONAL { ?e nkg:date ?date }
           OPTIONAL { ?e nkg:channel ?channel }
           OPTIONAL { ?e nkg:document ?doc OPTIONAL { ?doc schema:identifier ?docid } }
         }",
    )?;
    let mut appeals: BTreeMap<String, AppealRecord> = BTreeMap::new();
    for row in &rows {
        let Some(e) = iri(row, "e") else { continue };
        let rec = appeals.entry(e.clone()).or_insert_with(|| AppealRecord { iri: e, ..Default::default() });
        rec.callers.extend(iri(row, "caller"));
        rec.addressees.extend(iri(row, "addressee"));
        rec.demands.extend(iri(row, "demand"));
        rec.channels.extend(text(row, "channel"));
        rec.documents.extend(document_id(row));
        keep_earliest(&mut rec.date, text(row, "date"));
    }
    source.appeals = appeals.into_values().collect();

    let rows = select(
        store,
        "SELECT ?e ?p ?date ?channel ?doc ?docid WHERE {
           ?e a nkg:Contact ; nkg:participant ?p .
           OPTIONAL { ?e nkg:date ?date }
           OPTIONAL { ?e nkg:channel ?channel }
           OPTIONAL { ?e nkg:document ?doc OPTIONAL { ?doc schema:identifier ?docid } }
         }",
    )?;
    let mut contacts: BTreeMap<String, ContactRecord> = BTreeMap::new();
    for row in &rows {
        let Some(e) = iri(row, "e") else { continue };
        let rec = contacts.entry(e.clone()).or_insert_with(|| ContactRecord { iri: e, ..Default::default() });
        rec.participants.extend(iri(row, "p"));
        rec.channels.extend(text(row, "channel"));
        rec.documents.extend(document_id(row));
        keep_earliest(&mut rec.date, text(row, "date"));
    }
    source.contacts = contacts.into_values().collect();

    // Descriptions of the actors and of the states they represent, as (subject, property, value)
    // rows restricted to the properties the graph shows.
    let rows = select(
        store,
        "SELECT ?x ?p ?o WHERE {
           { SELECT DISTINCT ?x WHERE {
               { ?e nkg:caller|nkg:addressee|nkg:participant ?x }
               UNION { ?e nkg:caller|nkg:addressee|nkg:participant ?a . ?a nkg:country ?x } } }
           ?x ?p ?o .
           FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, nkg:country, nkg:iso3, owl:sameAs))
         }",
    )?;
    let (rdf_type, label, alt_label) =
        (format!("{}type", vocab::RDF), format!("{}label", vocab::RDFS), format!("{}altLabel", vocab::SKOS));
    let (country, iso3, same_as) =
        (format!("{}country", vocab::NKG), format!("{}iso3", vocab::NKG), format!("{}sameAs", vocab::OWL));
    for row in &rows {
        let (Some(x), Some(p)) = (iri(row, "x"), iri(row, "p")) else { continue };
        let info = source.entities.entry(x).or_default();
        match p {
            p if p == rdf_type => {
                if let Some(t) = iri(row, "o").and_then(|t| t.strip_prefix(vocab::NKG).map(str::to_string)) {
                    info.types.insert(t);
                }
            }
            p if p == label => info.labels.extend(lang_text(row, "o")),
            p if p == alt_label => {
                info.alt_labels.extend(lang_text(row, "o").map(|(_, t)| t))
            }
            p if p == country => info.countries.extend(iri(row, "o")),
            p if p == iso3 => {
                if let Some(code) = text(row, "o") {
                    info.iso3 = Some(code.to_ascii_uppercase());
                }
            }
            p if p == same_as => {
                if let Some(q) = iri(row, "o").and_then(|o| o.strip_prefix(vocab::WD).map(str::to_string)) {
                    info.wikidata = Some(q);
                }
            }
            _ => {}
        }
    }

    let rows = select(
        store,
        "SELECT ?c ?key ?label WHERE {
           { ?c a skos:Concept } UNION { ?e nkg:demand ?c }
           OPTIONAL { ?c skos:notation ?key }
           OPTIONAL { ?c skos:prefLabel ?label }
         }",
    )?;
    for row in &rows {
        let Some(c) = iri(row, "c") else { continue };
        let info = source.concepts.entry(c).or_default();
        if info.key.is_none() {
            info.key = text(row, "key");
        }
        info.labels.extend(lang_text(row, "label"));
    }
    Ok(source)
}
