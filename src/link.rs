//! `newskg link`: link our entities to the resources of another RDF dataset (`owl:sameAs`).
//!
//! The dataset is read once and indexed by label (under three normalisations: lower case,
//! accent-folded, transliteration key) and, for persons, by family name. Each entity of the
//! store (a subject typed `nkg:Person`, `nkg:Country`, `nkg:Organization` or `nkg:Place` in a
//! document graph) is matched with its `rdfs:label`s and `skos:altLabel`s:
//!
//! | method | when | score |
//! | --- | --- | --- |
//! | `exact-label` | same label, ignoring case and spacing | 1.00 |
//! | `folded-label` | same label once accents and apostrophes are folded | 0.97 |
//! | `translit-label` | same transliteration key (`Sergueï`/`Sergey`/`Sergei`) | 0.93 |
//! | `family-name` | persons: same family name, given names compatible | 0.90 |
//! | `family-name` | persons: same family name, one side without given names | 0.86 |
//!
//! A resource whose types are known and incompatible with the entity's (a person and a
//! country, a person and a football club) is never a candidate; a resource without any known
//! type scores ×0.9 and cannot match by family name. For persons, a one-word label (a bare
//! family name) only matches through the family-name rule, and that rule requires the given
//! names known on both sides to agree (any given name of ours with any of theirs, initials
//! allowed). The best candidate wins; two candidates with the best score, or two family-name
//! candidates when the best is a family-name match, mean the link is refused as ambiguous.
//!
//! Links go to the named graph `iris.links_graph()`: `<ours> owl:sameAs <theirs>` and a
//! `nkg:Link` resource (IRI `nkr:link/<hash of ours and theirs>`) with `nkg:linkSubject`,
//! `nkg:linkObject`, `nkg:linkScore` (`xsd:decimal`) and `nkg:linkMethod`, so that SPARQL can
//! filter links by score or method. Everything is written in one transaction; running the
//! same link again adds nothing. Links are only ever added: a later run with a higher
//! `--min-score` does not remove earlier links.

use crate::cameo::tsv_field;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::Store;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::fold::{fold, translit_key};
use crate::vocab::{self, Iris};

const SCORE_EXACT: f64 = 1.0;
const SCORE_FOLDED: f64 = 0.97;
const SCORE_TRANSLIT: f64 = 0.93;
const SCORE_FAMILY_GIVEN: f64 = 0.90;
const SCORE_FAMILY_ONLY: f64 = 0.86;
/// Factor applied when the other resource has no type we recognise.
const UNTYPED_FACTOR: f64 = 0.9;

const WDT_P31: &str = "http://www.wikidata.org/prop/direct/P31";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const DBO: &str = "http://dbpedia.org/ontology/";

/// Options of [`link`].
#[derive(Clone, Debug)]
pub struct LinkOptions {
    /// Properties whose literal values are labels of the other dataset's resources (full IRIs).
    pub label_properties: Vec<String>,
    /// Links scoring below this are not made.
    pub min_score: f64,
    /// Where to write the links (and the refused ambiguities) as TSV for review.
    pub out: Option<PathBuf>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            label_properties: vec![
                format!("{}label", vocab::RDFS),
                format!("{}prefLabel", vocab::SKOS),
                format!("{}altLabel", vocab::SKOS),
                format!("{}name", vocab::SCHEMA),
                "https://schema.org/name".to_string(),
                format!("{FOAF}name"),
            ],
            min_score: 0.85,
            out: None,
        }
    }
}

/// The kinds of entity newskg has; other datasets' classes are mapped onto them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Country,
    Organization,
    Place,
}

impl Kind {
    fn of_nkg_class(iri: &str) -> Option<Kind> {
        match iri.strip_prefix(vocab::NKG)? {
            "Person" => Some(Kind::Person),
            "Country" => Some(Kind::Country),
            "Organization" => Some(Kind::Organization),
            "Place" => Some(Kind::Place),
            _ => None,
        }
    }

    /// The kind of a class of another dataset: Wikidata classes (used with `wdt:P31`),
    /// schema.org, FOAF, DBpedia and our own.
    pub fn of_class(iri: &str) -> Option<Kind> {
        if let Some(k) = Kind::of_nkg_class(iri) {
            return Some(k);
        }
        if let Some(q) = iri.strip_prefix(vocab::WD) {
            return match q {
                "Q5" => Some(Kind::Person),                  // human
                "Q6256" | "Q3624078" => Some(Kind::Country), // country, sovereign state
                // organization, international organization, intergovernmental organization,
                // government agency, business, association football club, university
                "Q43229" | "Q484652" | "Q245065" | "Q327333" | "Q4830453" | "Q476028" | "Q3918" => {
                    Some(Kind::Organization)
                }
                // city, human settlement, town, village, big city
                "Q515" | "Q486972" | "Q3957" | "Q532" | "Q1549591" => Some(Kind::Place),
                _ => None,
            };
        }
        let local = ["http://schema.org/", "https://schema.org/", FOAF, DBO]
            .iter()
            .find_map(|ns| iri.strip_prefix(ns))?;
        match local {
            "Person" => Some(Kind::Person),
            "Country" => Some(Kind::Country),
            "Organization"
            | "Organisation"
            | "GovernmentOrganization"
            | "NGO"
            | "SportsTeam"
            | "SportsOrganization"
            | "SportsClub"
            | "SoccerClub"
            | "Company"
            | "Corporation"
            | "InternationalOrganisation"
            | "EducationalOrganization" => Some(Kind::Organization),
            "Place" | "City" | "Settlement" | "Town" | "Village" | "PopulatedPlace"
            | "AdministrativeArea" => Some(Kind::Place),
            _ => None,
        }
    }
}

/// One link made.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub ours: String,
    pub our_label: String,
    pub theirs: String,
    pub their_label: String,
    /// In [0, 1], rounded to three decimals.
    pub score: f64,
    pub method: String,
}

/// An entity left unlinked because several resources matched it equally well.
#[derive(Clone, Debug, PartialEq)]
pub struct Ambiguity {
    pub ours: String,
    pub our_label: String,
    /// The competing resources and the label each matched with, sorted by IRI.
    pub candidates: Vec<(String, String)>,
    pub score: f64,
    pub method: String,
}

/// What [`link`] did.
#[derive(Clone, Debug, Default)]
pub struct LinkReport {
    /// Quads read from the dataset.
    pub quads_read: usize,
    /// Resources of the dataset with at least one label.
    pub resources: usize,
    /// Our entities considered.
    pub entities: usize,
    pub links: Vec<Link>,
    pub ambiguous: Vec<Ambiguity>,
    /// Entities whose best candidate scored below `min_score`.
    pub below_min_score: usize,
    /// Quads actually added to the store (0 when the same links were already there).
    pub quads_added: usize,
}

impl LinkReport {
    /// Number of links per method, sorted by method name.
    pub fn per_method(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for l in &self.links {
            *m.entry(l.method.clone()).or_insert(0) += 1;
        }
        m
    }
}

/// The forms of a name used for matching.
#[derive(Clone, Debug)]
struct NameForms {
    exact: String,
    folded: String,
    translit: String,
    /// Words of the name after titles are removed.
    words: usize,
    /// Transliteration key of the family name (last word, with its particles).
    family: Option<String>,
    /// Transliteration keys of the given names (the words before the family name).
    given: Vec<String>,
}

const TITLES: &[&str] = &[
    "m", "mr", "mme", "mrs", "ms", "mlle", "dr", "pr", "prof", "sir", "herr", "frau", "gen",
    "general",
];
const PARTICLES: &[&str] = &[
    "de", "du", "des", "da", "di", "do", "dos", "del", "della", "van", "von", "der", "den", "le",
    "la", "al", "el", "bin", "ibn", "ben", "ter", "ten", "zu",
];

impl NameForms {
    fn new(label: &str) -> NameForms {
        let exact = label
            .nfc()
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let folded = fold(label).split_whitespace().collect::<Vec<_>>().join(" ");
        let translit = translit_key(label);
        // Words for the person rules: hyphenated given names stay one word ("Jean-Yves").
        let mut words: Vec<String> = label
            .split_whitespace()
            .map(translit_key)
            .filter(|w| !w.is_empty())
            .collect();
        while words.len() > 1 && TITLES.contains(&words[0].as_str()) {
            words.remove(0);
        }
        let (family, given) = if words.is_empty() {
            (None, Vec::new())
        } else {
            let mut start = words.len() - 1;
            while start > 0 && PARTICLES.contains(&words[start - 1].as_str()) && start - 1 > 0 {
                start -= 1;
            }
            let family = words[start..].join(" ");
            (Some(family), words[..start].to_vec())
        };
        NameForms {
            exact,
            folded,
            translit,
            words: words.len(),
            family,
            given,
        }
    }
}

/// Two given names agree: same key, or one is an initial of the other.
fn given_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short.chars().count() == 1 && long.starts_with(short)
}

/// `Some(true)` when some given name of each side agree, `Some(false)` when both sides have
/// given names and none agree, `None` when a side has none.
fn givens_agree(ours: &BTreeSet<String>, theirs: &BTreeSet<String>) -> Option<bool> {
    if ours.is_empty() || theirs.is_empty() {
        return None;
    }
    Some(
        ours.iter()
            .any(|a| theirs.iter().any(|b| given_compatible(a, b))),
    )
}

/// A resource of the other dataset.
#[derive(Default, Debug)]
struct Resource {
    labels: Vec<String>,
    kinds: BTreeSet<Kind>,
}

/// The other dataset, indexed.
struct DatasetIndex {
    iris: Vec<String>,
    resources: Vec<Resource>,
    forms: Vec<Vec<NameForms>>,
    exact: HashMap<String, Vec<(usize, usize)>>,
    folded: HashMap<String, Vec<(usize, usize)>>,
    translit: HashMap<String, Vec<(usize, usize)>>,
    family: HashMap<String, Vec<(usize, usize)>>,
    quads_read: usize,
}

impl DatasetIndex {
    fn read(path: &Path, label_properties: &[String]) -> Result<DatasetIndex> {
        let rdf_type = format!("{}type", vocab::RDF);
        let mut by_iri: HashMap<String, usize> = HashMap::new();
        let mut iris: Vec<String> = Vec::new();
        let mut resources: Vec<Resource> = Vec::new();
        let quads_read = crate::import::for_each_quad(path, |quad| {
            let NamedOrBlankNode::NamedNode(subject) = quad.subject else {
                return Ok(());
            };
            let p = quad.predicate.as_str();
            let is_label = label_properties.iter().any(|l| l == p);
            let is_type = p == rdf_type || p == WDT_P31;
            if !is_label && !is_type {
                return Ok(());
            }
            let idx = *by_iri
                .entry(subject.as_str().to_string())
                .or_insert_with(|| {
                    iris.push(subject.as_str().to_string());
                    resources.push(Resource::default());
                    resources.len() - 1
                });
            let res = &mut resources[idx];
            match quad.object {
                Term::Literal(lit) if is_label => {
                    let text = lit.value().split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() && !res.labels.contains(&text) {
                        res.labels.push(text);
                    }
                }
                Term::NamedNode(class) if is_type => {
                    if let Some(k) = Kind::of_class(class.as_str()) {
                        res.kinds.insert(k);
                    }
                }
                _ => {}
            }
            Ok(())
        })?;
        let mut index = DatasetIndex {
            iris,
            forms: Vec::with_capacity(resources.len()),
            resources,
            exact: HashMap::new(),
            folded: HashMap::new(),
            translit: HashMap::new(),
            family: HashMap::new(),
            quads_read,
        };
        for (r, res) in index.resources.iter().enumerate() {
            let forms: Vec<NameForms> = res.labels.iter().map(|l| NameForms::new(l)).collect();
            for (l, f) in forms.iter().enumerate() {
                index.exact.entry(f.exact.clone()).or_default().push((r, l));
                index
                    .folded
                    .entry(f.folded.clone())
                    .or_default()
                    .push((r, l));
                if !f.translit.is_empty() {
                    index
                        .translit
                        .entry(f.translit.clone())
                        .or_default()
                        .push((r, l));
                }
                if res.kinds.contains(&Kind::Person) {
                    if let Some(fam) = &f.family {
                        index.family.entry(fam.clone()).or_default().push((r, l));
                    }
                }
            }
            index.forms.push(forms);
        }
        Ok(index)
    }

    fn labelled(&self) -> usize {
        self.resources
            .iter()
            .filter(|r| !r.labels.is_empty())
            .count()
    }

    /// Given names of resource `r` under family name `family`, over all its labels.
    fn givens(&self, r: usize, family: &str) -> BTreeSet<String> {
        self.forms[r]
            .iter()
            .filter(|f| f.family.as_deref() == Some(family))
            .flat_map(|f| f.given.iter().cloned())
            .collect()
    }
}

/// One of our entities.
#[derive(Debug)]
struct Entity {
    iri: String,
    kinds: BTreeSet<Kind>,
    /// Labels, preferred (`rdfs:label`) first, deduplicated.
    labels: Vec<String>,
}

/// Our entities: subjects typed with an nkg entity class in a document graph.
fn our_entities(store: &Store, iris: &Iris) -> Result<Vec<Entity>> {
    let doc_prefix = format!("{}doc/", iris.base);
    let rdf_type = NamedNode::new_unchecked(format!("{}type", vocab::RDF));
    let mut kinds: BTreeMap<String, BTreeSet<Kind>> = BTreeMap::new();
    for quad in store.quads_for_pattern(None, Some(rdf_type.as_ref()), None, None) {
        let quad = quad?;
        let GraphName::NamedNode(g) = &quad.graph_name else {
            continue;
        };
        if !g.as_str().starts_with(&doc_prefix) {
            continue;
        }
        let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(class)) =
            (&quad.subject, &quad.object)
        else {
            continue;
        };
        if let Some(k) = Kind::of_nkg_class(class.as_str()) {
            kinds.entry(s.as_str().to_string()).or_default().insert(k);
        }
    }
    let label_props = [
        NamedNode::new_unchecked(format!("{}label", vocab::RDFS)),
        NamedNode::new_unchecked(format!("{}altLabel", vocab::SKOS)),
    ];
    let mut out = Vec::with_capacity(kinds.len());
    for (iri, kinds) in kinds {
        let node = NamedNode::new_unchecked(iri.as_str());
        let mut labels: Vec<String> = Vec::new();
        for prop in &label_props {
            let mut these = BTreeSet::new();
            for quad in
                store.quads_for_pattern(Some(node.as_ref().into()), Some(prop.as_ref()), None, None)
            {
                let quad = quad?;
                let GraphName::NamedNode(g) = &quad.graph_name else {
                    continue;
                };
                if !g.as_str().starts_with(&doc_prefix) {
                    continue;
                }
                if let Term::Literal(lit) = &quad.object {
                    let text = lit.value().split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        these.insert(text);
                    }
                }
            }
            for t in these {
                if !labels.contains(&t) {
                    labels.push(t);
                }
            }
        }
        if !labels.is_empty() {
            out.push(Entity { iri, kinds, labels });
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
struct Candidate {
    score: f64,
    method: &'static str,
    our_label: String,
    their_label: String,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

enum Outcome {
    Linked(Link),
    Ambiguous(Ambiguity),
    BelowMin,
    NoCandidate,
}

fn match_entity(entity: &Entity, index: &DatasetIndex, min_score: f64) -> Outcome {
    let is_person = entity.kinds.contains(&Kind::Person);
    let ours: Vec<NameForms> = entity.labels.iter().map(|l| NameForms::new(l)).collect();
    let mut best: BTreeMap<usize, Candidate> = BTreeMap::new();
    let mut family_candidates: BTreeSet<usize> = BTreeSet::new();
    let offer = |best: &mut BTreeMap<usize, Candidate>, r: usize, c: Candidate| {
        let better = match best.get(&r) {
            Some(old) => c.score > old.score,
            None => true,
        };
        if better {
            best.insert(r, c);
        }
    };
    let type_factor = |r: usize| -> Option<f64> {
        let kinds = &index.resources[r].kinds;
        if kinds.is_empty() {
            Some(UNTYPED_FACTOR)
        } else if kinds.iter().any(|k| entity.kinds.contains(k)) {
            Some(1.0)
        } else {
            None
        }
    };
    // Label matches.
    for (ol, of) in ours.iter().enumerate() {
        let tables: [(
            &HashMap<String, Vec<(usize, usize)>>,
            &String,
            f64,
            &'static str,
        ); 3] = [
            (&index.exact, &of.exact, SCORE_EXACT, "exact-label"),
            (&index.folded, &of.folded, SCORE_FOLDED, "folded-label"),
            (
                &index.translit,
                &of.translit,
                SCORE_TRANSLIT,
                "translit-label",
            ),
        ];
        for (table, key, base, method) in tables {
            if key.is_empty() {
                continue;
            }
            for &(r, tl) in table.get(key).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(factor) = type_factor(r) else {
                    continue;
                };
                // A bare family name on either side is left to the family-name rule.
                if is_person && (of.words < 2 || index.forms[r][tl].words < 2) {
                    continue;
                }
                let c = Candidate {
                    score: round3(base * factor),
                    method,
                    our_label: entity.labels[ol].clone(),
                    their_label: index.resources[r].labels[tl].clone(),
                };
                offer(&mut best, r, c);
            }
        }
    }
    // Family-name rule: persons typed as persons on both sides.
    if is_person {
        for (ol, of) in ours.iter().enumerate() {
            let Some(fam) = &of.family else { continue };
            let our_givens: BTreeSet<String> = ours
                .iter()
                .filter(|f| f.family.as_deref() == Some(fam.as_str()))
                .flat_map(|f| f.given.iter().cloned())
                .collect();
            for &(r, tl) in index.family.get(fam).map(Vec::as_slice).unwrap_or(&[]) {
                let score = match givens_agree(&our_givens, &index.givens(r, fam)) {
                    Some(false) => continue,
                    Some(true) => SCORE_FAMILY_GIVEN,
                    None => SCORE_FAMILY_ONLY,
                };
                family_candidates.insert(r);
                let c = Candidate {
                    score,
                    method: "family-name",
                    our_label: entity.labels[ol].clone(),
                    their_label: index.resources[r].labels[tl].clone(),
                };
                offer(&mut best, r, c);
            }
        }
    }
    let Some(top) = best.values().map(|c| c.score).reduce(f64::max) else {
        return Outcome::NoCandidate;
    };
    if top < min_score {
        return Outcome::BelowMin;
    }
    let tied: Vec<usize> = best
        .iter()
        .filter(|(_, c)| (c.score - top).abs() < 1e-9)
        .map(|(r, _)| *r)
        .collect();
    let winner = tied[0];
    let wc = &best[&winner];
    let rivals: Vec<usize> = if tied.len() > 1 {
        tied.clone()
    } else if wc.method == "family-name" && family_candidates.len() > 1 {
        family_candidates.iter().copied().collect()
    } else {
        Vec::new()
    };
    if !rivals.is_empty() {
        let mut candidates: Vec<(String, String)> = rivals
            .iter()
            .map(|r| {
                let label = best
                    .get(r)
                    .map(|c| c.their_label.clone())
                    .unwrap_or_default();
                (index.iris[*r].clone(), label)
            })
            .collect();
        candidates.sort();
        return Outcome::Ambiguous(Ambiguity {
            ours: entity.iri.clone(),
            our_label: wc.our_label.clone(),
            candidates,
            score: wc.score,
            method: wc.method.to_string(),
        });
    }
    Outcome::Linked(Link {
        ours: entity.iri.clone(),
        our_label: wc.our_label.clone(),
        theirs: index.iris[winner].clone(),
        their_label: wc.their_label.clone(),
        score: wc.score,
        method: wc.method.to_string(),
    })
}

/// Expands a prefixed name (`rdfs:label`, `skos:prefLabel`, `schema:name`, `foaf:name`, ...) or
/// checks a full IRI.
pub fn expand_property(text: &str) -> Result<String> {
    let text = text.trim();
    let text = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    let prefixes: [(&str, &str); 9] = [
        ("rdfs", vocab::RDFS),
        ("rdf", vocab::RDF),
        ("skos", vocab::SKOS),
        ("schema", vocab::SCHEMA),
        ("foaf", FOAF),
        ("owl", vocab::OWL),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("nkg", vocab::NKG),
    ];
    let expanded = match text.split_once(':') {
        Some((p, local)) if !local.starts_with("//") => {
            match prefixes.iter().find(|(n, _)| *n == p) {
                Some((_, ns)) => format!("{ns}{local}"),
                None => text.to_string(),
            }
        }
        _ => text.to_string(),
    };
    NamedNode::new(expanded.as_str()).map_err(|e| {
        Error::Usage(format!(
            "--label-property {text} is neither an absolute IRI nor a known prefixed name (rdfs:, skos:, \
             schema:, foaf:, dc:, dcterms:): {e}"
        ))
    })?;
    Ok(expanded)
}

/// A stable 64-bit FNV-1a hash, for link IRIs that do not change between runs or builds.
fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A score as an `xsd:decimal` lexical form: three decimals at most, no trailing zeros.
fn decimal_text(score: f64) -> String {
    let mut s = format!("{score:.3}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.push('0');
    }
    s
}

/// The IRI of the `nkg:Link` resource between two IRIs.
pub fn link_iri(iris: &Iris, ours: &str, theirs: &str) -> String {
    format!(
        "{}link/{:016x}",
        iris.base,
        fnv1a(&format!("{ours} {theirs}"))
    )
}


/// The review table: header, one line per link, then one line per refused ambiguity (its
/// method prefixed with `ambiguous:`, the competing resources separated by spaces).
pub fn links_tsv(report: &LinkReport) -> String {
    let mut s = String::from("ours\tlabel\ttheirs\ttheir_label\tscore\tmethod\n");
    for l in &report.links {
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{:.3}\t{}",
            l.ours,
            tsv_field(&l.our_label),
            l.theirs,
            tsv_field(&l.their_label),
            l.score,
            l.method
        );
    }
    for a in &report.ambiguous {
        let theirs: Vec<&str> = a.candidates.iter().map(|(i, _)| i.as_str()).collect();
        let labels: Vec<String> = a.candidates.iter().map(|(_, l)| tsv_field(l)).collect();
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{:.3}\tambiguous:{}",
            a.ours,
            tsv_field(&a.our_label),
            theirs.join(" "),
            labels.join(" | "),
            a.score,
            a.method
        );
    }
    s
}

/// Links the entities of `store` to the resources of the RDF file `dataset` (see the module
/// documentation for the rules). Writes the links into the links graph in one transaction and,
/// when `opts.out` is set, the review table to that file.
pub fn link(store: &Store, dataset: &Path, opts: &LinkOptions, iris: &Iris) -> Result<LinkReport> {
    if !(0.0..=1.0).contains(&opts.min_score) {
        return Err(Error::Usage(format!(
            "--min-score must be between 0 and 1, not {}",
            opts.min_score
        )));
    }
    if opts.label_properties.is_empty() {
        return Err(Error::Usage(
            "at least one label property is needed to link a dataset".to_string(),
        ));
    }
    let mut props = Vec::with_capacity(opts.label_properties.len());
    for p in &opts.label_properties {
        props.push(expand_property(p)?);
    }
    let index = DatasetIndex::read(dataset, &props)?;
    let entities = our_entities(store, iris)?;
    let mut report = LinkReport {
        quads_read: index.quads_read,
        resources: index.labelled(),
        entities: entities.len(),
        ..LinkReport::default()
    };
    for e in &entities {
        match match_entity(e, &index, opts.min_score) {
            Outcome::Linked(l) => report.links.push(l),
            Outcome::Ambiguous(a) => report.ambiguous.push(a),
            Outcome::BelowMin => report.below_min_score += 1,
            Outcome::NoCandidate => {}
        }
    }

    if let Some(out) = &opts.out {
        std::fs::write(out, links_tsv(&report)).map_err(|e| Error::io(out.display(), e))?;
    }

    let graph_iri = iris.links_graph();
    let graph = NamedNode::new(graph_iri.as_str()).map_err(|e| {
        Error::Usage(format!(
            "the links graph <{graph_iri}> is not a valid IRI: {e}"
        ))
    })?;
    let g = GraphNameRef::NamedNode(graph.as_ref());
    let same_as = NamedNode::new_unchecked(format!("{}sameAs", vocab::OWL));
    let rdf_type = NamedNode::new_unchecked(format!("{}type", vocab::RDF));
    let nkg = |local: &str| NamedNode::new_unchecked(format!("{}{local}", vocab::NKG));
    let (link_class, p_subject, p_object, p_score, p_method) = (
        nkg("Link"),
        nkg("linkSubject"),
        nkg("linkObject"),
        nkg("linkScore"),
        nkg("linkMethod"),
    );
    let decimal = NamedNodeRef::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal");

    let mut tx = store.start_transaction()?;
    let mut added = 0usize;
    for l in &report.links {
        let ours = NamedNode::new(l.ours.as_str())
            .map_err(|e| Error::Data(format!("<{}>: {e}", l.ours)))?;
        let theirs = NamedNode::new(l.theirs.as_str())
            .map_err(|e| Error::Data(format!("<{}>: {e}", l.theirs)))?;
        let link_text = link_iri(iris, &l.ours, &l.theirs);
        let link = NamedNode::new(link_text.as_str()).map_err(|e| {
            Error::Usage(format!(
                "the link IRI <{link_text}> is not valid (check --base): {e}"
            ))
        })?;
        let score = Literal::new_typed_literal(decimal_text(l.score), decimal);
        let method = Literal::new_simple_literal(l.method.as_str());
        let fixed: [Quad; 4] = [
            Quad::new(ours.clone(), same_as.clone(), theirs.clone(), graph.clone()),
            Quad::new(
                link.clone(),
                rdf_type.clone(),
                link_class.clone(),
                graph.clone(),
            ),
            Quad::new(link.clone(), p_subject.clone(), ours.clone(), graph.clone()),
            Quad::new(
                link.clone(),
                p_object.clone(),
                theirs.clone(),
                graph.clone(),
            ),
        ];
        for q in &fixed {
            if !tx.contains(q)? {
                tx.insert(q);
                added += 1;
            }
        }
        // A new run may score the same pair differently: keep exactly one score and one method.
        // (The store normalises decimals, so scores are compared by value.)
        for (p, value) in [
            (&p_score, Term::from(score)),
            (&p_method, Term::from(method)),
        ] {
            let mut present = false;
            let mut stale = Vec::new();
            for q in
                tx.quads_for_pattern(Some(link.as_ref().into()), Some(p.as_ref()), None, Some(g))
            {
                let q = q?;
                let same = match (&q.object, &value) {
                    (Term::Literal(old), Term::Literal(new)) if old.datatype() == decimal => {
                        old.value()
                            .parse::<f64>()
                            .is_ok_and(|v| (v - l.score).abs() < 1e-9)
                            && new.datatype() == decimal
                    }
                    (old, new) => old == new,
                };
                if same && !present {
                    present = true;
                } else {
                    stale.push(q);
                }
            }
            for q in &stale {
                tx.remove(q);
            }
            if !present {
                tx.insert(&Quad::new(link.clone(), p.clone(), value, graph.clone()));
                added += 1;
            }
        }
    }
    tx.commit()?;
    report.quads_added = added;
    Ok(report)
}

/// `newskg link --dataset FILE …`.
#[derive(clap::Args, Debug, Clone)]
pub struct LinkArgs {
    /// RDF dataset to link to (.ttl, .nt, .nq, .trig, .rdf/.xml/.owl, optionally .gz).
    #[arg(long, value_name = "FILE")]
    pub dataset: PathBuf,
    /// Property holding the dataset's labels (IRI or rdfs:/skos:/schema:/foaf: name);
    /// repeatable; replaces the default list (rdfs:label, skos:prefLabel, skos:altLabel,
    /// schema:name, foaf:name).
    #[arg(long = "label-property", value_name = "IRI")]
    pub label_property: Vec<String>,
    /// Links scoring below this (0 to 1) are not made.
    #[arg(long, value_name = "SCORE", default_value_t = 0.85)]
    pub min_score: f64,
    /// Also write the links (and refused ambiguities) to this TSV file for review.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl LinkArgs {
    pub fn options(&self) -> Result<LinkOptions> {
        let mut opts = LinkOptions {
            min_score: self.min_score,
            out: self.out.clone(),
            ..LinkOptions::default()
        };
        if !self.label_property.is_empty() {
            opts.label_properties = self
                .label_property
                .iter()
                .map(|p| expand_property(p))
                .collect::<Result<Vec<_>>>()?;
        }
        Ok(opts)
    }
}

/// Runs `newskg link` and prints a short summary.
pub fn run_link(
    args: &LinkArgs,
    store: &Store,
    iris: &Iris,
    out: &mut dyn Write,
) -> Result<LinkReport> {
    let opts = args.options()?;
    let report = link(store, &args.dataset, &opts, iris)?;
    let mut s = format!(
        "linked {} of {} entities to {} ({} labelled resources); {} refused as ambiguous; {} below --min-score {}\n",
        report.links.len(),
        report.entities,
        args.dataset.display(),
        report.resources,
        report.ambiguous.len(),
        report.below_min_score,
        opts.min_score
    );
    let methods: Vec<String> = report
        .per_method()
        .iter()
        .map(|(m, n)| format!("{m} {n}"))
        .collect();
    if !methods.is_empty() {
        let _ = writeln!(s, "by method: {}", methods.join(", "));
    }
    for a in &report.ambiguous {
        let c: Vec<String> = a
            .candidates
            .iter()
            .map(|(i, l)| format!("<{i}> \"{l}\""))
            .collect();
        let _ = writeln!(
            s,
            "ambiguous: \"{}\" <{}> matches {}",
            a.our_label,
            a.ours,
            c.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "{} quads added to graph <{}>",
        report.quads_added,
        iris.links_graph()
    );
    if let Some(p) = &opts.out {
        let _ = writeln!(s, "review table written to {}", p.display());
    }
    out.write_all(s.as_bytes())
        .map_err(|e| Error::io("standard output", e))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_forms_split_family_and_given_names() {
        let f = NameForms::new("M. Sergueï Lavrov");
        assert_eq!(f.family.as_deref(), Some("lavrov"));
        assert_eq!(f.given, vec![translit_key("Sergey")]);
        let f = NameForms::new("Ursula von der Leyen");
        assert_eq!(f.family.as_deref(), Some("von der leien"));
        let f = NameForms::new("Lavrov");
        assert_eq!((f.words, f.given.len()), (1, 0));
    }

    #[test]
    fn given_names_agree_on_keys_and_initials() {
        assert!(given_compatible("sergei", "sergei"));
        assert!(given_compatible("s", "sergei"));
        assert!(!given_compatible("igor", "sergei"));
        let ours: BTreeSet<String> = ["sergei".to_string()].into();
        let theirs: BTreeSet<String> = ["sergei".to_string(), "viktorovish".to_string()].into();
        assert_eq!(givens_agree(&ours, &theirs), Some(true));
        assert_eq!(givens_agree(&ours, &BTreeSet::new()), None);
    }

    #[test]
    fn classes_map_to_kinds() {
        assert_eq!(
            Kind::of_class("http://www.wikidata.org/entity/Q5"),
            Some(Kind::Person)
        );
        assert_eq!(
            Kind::of_class("http://www.wikidata.org/entity/Q3624078"),
            Some(Kind::Country)
        );
        assert_eq!(
            Kind::of_class("http://www.wikidata.org/entity/Q476028"),
            Some(Kind::Organization)
        );
        assert_eq!(Kind::of_class("https://schema.org/City"), Some(Kind::Place));
        assert_eq!(Kind::of_class("http://www.wikidata.org/entity/Q1"), None);
    }

    #[test]
    fn link_iris_are_stable() {
        let iris = Iris::default();
        assert_eq!(link_iri(&iris, "a", "b"), link_iri(&iris, "a", "b"));
        assert_ne!(link_iri(&iris, "a", "b"), link_iri(&iris, "a", "c"));
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn prefixed_label_properties_expand() {
        assert_eq!(
            expand_property("skos:prefLabel").ok(),
            Some(format!("{}prefLabel", vocab::SKOS))
        );
        assert_eq!(
            expand_property("<http://ex.org/p>").ok(),
            Some("http://ex.org/p".to_string())
        );
        assert!(expand_property("not an iri").is_err());
    }
}
