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
/// The ITS 2.0 RDF vocabulary: `itsrdf:taIdentRef` links a NIF mention to its entity.
pub const ITSRDF: &str = "http://www.w3.org/2005/11/its/rdf#";

/// Named graph that holds the ontology and the demand scheme in a store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newskg/ontology";

/// The SPARQL prologue users and our own queries start with.
pub fn sparql_prefixes(base: &str) -> String {
    format!(
        "PREFIX nkg: <{NKG}>\nPREFIX nkr: <{base}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n\
         PREFIX owl: <{OWL}>\nPREFIX xsd: <{XSD}>\nPREFIX skos: <{SKOS}>\nPREFIX schema: <{SCHEMA}>\n\
         PREFIX prov: <{PROV}>\nPREFIX sem: <{SEM}>\nPREFIX nif: <{NIF}>\nPREFIX wd: <{WD}>\nPREFIX itsrdf: <{ITSRDF}>\n"
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
        format!("{}doc/{}", self.base, doc_slug(id))
    }
    pub fn sentence(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/sentence/{}", self.base, doc_slug(doc), n)
    }
    pub fn mention(&self, doc: &str, sentence: usize, n: usize) -> String {
        format!("{}doc/{}/sentence/{}/mention/{}", self.base, doc_slug(doc), sentence, n)
    }
    pub fn event(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/event/{}", self.base, doc_slug(doc), n)
    }
    pub fn statement(&self, doc: &str, n: usize) -> String {
        format!("{}doc/{}/statement/{}", self.base, doc_slug(doc), n)
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
/// The IRI segment of a document id. An id made of `A–Z a–z 0–9 . _ -` (a usual file stem) is
/// kept as it is, so IRIs stay readable and stable; any other id (`Москва`, `a/b`, `Moscou 1`)
/// becomes its transliteration followed by a hash of the exact id, so two different ids never
/// share a document graph (`Moscou 1` → `Moscou-1-…`, while `Moscou-1` stays `Moscou-1`).
pub fn doc_slug(id: &str) -> String {
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
    if !id.is_empty() && id.as_bytes().iter().all(plain) && !id.starts_with(['-', '.']) && !id.ends_with('-') {
        return id.to_string();
    }
    let readable = slug(&deunicode::deunicode(id));
    // FNV-1a, 64 bits: stable across builds and platforms (ids must not change between runs).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{readable}-{:012x}", h >> 16)
}

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
    fn document_slugs_never_merge_two_ids() {
        use super::doc_slug;
        assert_eq!(doc_slug("000_aae6e9c152e3cb2c"), "000_aae6e9c152e3cb2c");
        assert_eq!(doc_slug("Moscou-1"), "Moscou-1");
        let ids = ["Москва", "北京 声明", "Moscou 1", "Moscou_1", "a/x", "b/x", "a-x", "x", "..", "-x", "Moskva"];
        let slugs: std::collections::HashSet<String> = ids.iter().map(|i| doc_slug(i)).collect();
        assert_eq!(slugs.len(), ids.len(), "{slugs:?}");
        assert!(doc_slug("Москва").starts_with("Moskva-"), "{}", doc_slug("Москва"));
        assert!(doc_slug("北京 声明").starts_with("Bei-Jing-Sheng-Ming-"), "{}", doc_slug("北京 声明"));
        assert!(doc_slug("Moscou 1").starts_with("Moscou-1-"));
    }

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
