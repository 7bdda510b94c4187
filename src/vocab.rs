//! Vocabulary IRIs (the contract of DESIGN.md) and the IRI scheme of resources.
//!
//! Every module that writes or reads RDF takes its IRIs from here, so that a change of
//! vocabulary is a change in one place.

pub const NKG: &str = "https://w3id.org/newskg/ontology#";
pub const NKR_DEFAULT: &str = "https://w3id.org/newskg/resource/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "http://schema.org/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SEM: &str = "http://semanticweb.cs.vu.nl/2009/11/sem/";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
pub const WD: &str = "http://www.wikidata.org/entity/";

/// Named graph that holds the ontology and the demand scheme in a store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newskg/ontology";

/// The SPARQL prologue users and our own queries start with.
pub fn sparql_prefixes(base: &str) -> String {
    format!(
        "PREFIX nkg: <{NKG}>\nPREFIX nkr: <{base}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n\
         PREFIX owl: <{OWL}>\nPREFIX xsd: <{XSD}>\nPREFIX skos: <{SKOS}>\nPREFIX schema: <{SCHEMA}>\n\
         PREFIX prov: <{PROV}>\nPREFIX sem: <{SEM}>\nPREFIX nif: <{NIF}>\nPREFIX wd: <{WD}>\n"
    )
}

/// Builds resource IRIs under one base (`nkr:`, overridable with `--base`).
#[derive(Clone, Debug)]
pub struct Iris {
    pub base: String,
}

impl Default for Iris {
    fn default() -> Self {
        Iris { base: NKR_DEFAULT.to_string() }
    }
}

impl Iris {
    pub fn new(base: &str) -> Self {
        let mut base = base.to_string();
        if !base.ends_with('/') && !base.ends_with('#') {
            base.push('/');
        }
        Iris { base }
    }
    /// A document; also the name of the document's graph.
    pub fn doc(&self, id: &str) -> String {
        format!("{}doc/{}", self.base, slug(id))
    }
    pub fn sentence(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/sentence/{}", self.base, slug(doc), n)
    }
    pub fn mention(&self, doc: &str, sentence: usize, n: usize) -> String {
        format!("{}doc/{}/sentence/{}/mention/{}", self.base, slug(doc), sentence, n)
    }
    pub fn event(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/event/{}", self.base, slug(doc), n)
    }
    pub fn statement(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/statement/{}", self.base, slug(doc), n)
    }
    /// An entity: `kind` is `country`, `org`, `person`, `place` or `role`.
    pub fn entity(&self, kind: &str, key: &str) -> String {
        format!("{}entity/{}/{}", self.base, kind, slug(key))
    }
    pub fn concept(&self, key: &str) -> String {
        format!("{}concept/{}", self.base, slug(key))
    }
    pub fn concept_scheme(&self) -> String {
        format!("{}concept/scheme", self.base)
    }
    pub fn links_graph(&self) -> String {
        format!("{}graph/links", self.base)
    }
}

/// An IRI-safe path segment: ASCII letters (case kept: `country/RUS`), digits, `-`, `_` and `.`
/// kept, accents dropped, anything else folded into `-`.
pub fn slug(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Entity keys are mostly slugs already (`RUS`, `sergei-lavrov`).
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if !text.is_empty() && text.as_bytes().iter().all(plain) && !text.starts_with('-') && !text.ends_with('-') {
        return text.to_string();
    }
    let folded: String = text.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect();
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "x".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_plain_keys_and_fold_the_rest() {
        assert_eq!(slug("RUS"), "RUS");
        assert_eq!(slug("sergei-lavrov"), "sergei-lavrov");
        assert_eq!(slug("Sergueï Lavrov"), "Serguei-Lavrov");
        assert_eq!(slug("-a b-"), "a-b");
        assert_eq!(slug("«»"), "x");
        assert_eq!(slug(""), "x");
    }
}
