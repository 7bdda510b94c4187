//! Stage 6 — rdf: a processed document becomes quads in its own named graph (`nkr:doc/<id>`),
//! with the vocabulary of DESIGN.md: NIF sentences, mentions, statements, events with their
//! provenance, entities with labels, states and Wikidata links, and the query shortcuts.

use crate::extract::{Event, EventKind, Fact, Statement};
use crate::pipeline::Processed;
use crate::resolve::{Entity, EntityType};
use crate::vocab::{Iris, ITSRDF, NIF, NKG, OWL, PROV, RDF, RDFS, SCHEMA, SEM, WD, XSD};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::BTreeMap;

struct Builder<'a> {
    graph: GraphName,
    sink: &'a mut dyn FnMut(Quad),
    iris: &'a Iris,
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn p(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

impl Builder<'_> {
    fn add(&mut self, s: &NamedNode, pred: NamedNode, o: impl Into<Term>) {
        (self.sink)(Quad::new(NamedOrBlankNode::NamedNode(s.clone()), pred, o.into(), self.graph.clone()));
    }
    fn a(&mut self, s: &NamedNode, class: NamedNode) {
        self.add(s, p(RDF, "type"), class);
    }
    fn text(&mut self, s: &NamedNode, pred: NamedNode, value: &str, lang: &str) {
        let lit = if lang.is_empty() {
            Literal::new_simple_literal(value)
        } else {
            Literal::new_language_tagged_literal(value, lang).unwrap_or_else(|_| Literal::new_simple_literal(value))
        };
        self.add(s, pred, lit);
    }
    fn typed(&mut self, s: &NamedNode, pred: NamedNode, value: &str, datatype: &str) {
        self.add(s, pred, Literal::new_typed_literal(value, p(XSD, datatype)));
    }
    fn int(&mut self, s: &NamedNode, pred: NamedNode, v: usize) {
        self.add(s, pred, Literal::new_typed_literal(v.to_string(), p(XSD, "nonNegativeInteger")));
    }
}

/// The IRI of an entity.
pub fn entity_iri(iris: &Iris, e: &Entity) -> String {
    let (kind, slug) = e.kind_and_slug();
    iris.entity(kind, slug)
}

fn class_of(e: &Entity) -> &'static str {
    match e.etype {
        EntityType::Person if e.is_role => "Role",
        EntityType::Person => "Person",
        EntityType::Country => "Country",
        EntityType::Organization => "Organization",
        EntityType::Place => "Place",
    }
}

/// Builds the quads of one processed document.
pub fn document_quads(d: &Processed, iris: &Iris, k: &crate::lexicon::Knowledge) -> Vec<Quad> {
    let mut quads = Vec::with_capacity(64 + d.sentences.len() * 8);
    each_document_quad(d, iris, k, &mut |q| quads.push(q));
    quads
}

/// Hands the quads of one processed document to `sink` one by one, always in the same order:
/// a long document's quads (millions for a 20 MB text) need never be held together.
pub fn each_document_quad(d: &Processed, iris: &Iris, k: &crate::lexicon::Knowledge, sink: &mut dyn FnMut(Quad)) {
    let doc_iri = nn(&iris.doc(&d.id));
    let mut b = Builder { graph: GraphName::NamedNode(doc_iri.clone()), sink, iris };
    let lang = d.lang.as_str();
    b.a(&doc_iri, p(SCHEMA, "NewsArticle"));
    b.a(&doc_iri, p(NIF, "Context"));
    b.text(&doc_iri, p(SCHEMA, "identifier"), &d.id, "");
    b.text(&doc_iri, p(SCHEMA, "inLanguage"), lang, "");
    if let Some(t) = &d.title {
        b.text(&doc_iri, p(SCHEMA, "headline"), t, lang);
    }
    if let Some(u) = &d.url {
        if let Ok(url) = NamedNode::new(u) {
            b.add(&doc_iri, p(SCHEMA, "url"), url);
        }
    }
    if let Some(date) = &d.date {
        let dt = match date.len() {
            10 => "date",
            7 => "gYearMonth",
            _ => "gYear",
        };
        b.typed(&doc_iri, p(SCHEMA, "datePublished"), date, dt);
    }
    // NIF as DBpedia Spotlight and GERBIL read it: the context holds its text (nif:isString),
    // and every offset below counts characters in exactly that string.
    b.a(&doc_iri, p(NIF, "OffsetBasedString"));
    b.text(&doc_iri, p(NIF, "isString"), &d.text, "");
    b.int(&doc_iri, p(NIF, "beginIndex"), 0);
    b.int(&doc_iri, p(NIF, "endIndex"), d.char_len);
    // Sentences.
    for s in &d.sentences {
        let si = nn(&iris.sentence(&d.id, s.index));
        b.a(&si, p(NIF, "Sentence"));
        b.a(&si, p(NIF, "OffsetBasedString"));
        b.int(&si, p(NIF, "beginIndex"), s.char_start);
        b.int(&si, p(NIF, "endIndex"), s.char_end);
        b.text(&si, p(NIF, "anchorOf"), &s.text, "");
        b.add(&si, p(NIF, "referenceContext"), doc_iri.clone());
        for (mi, m) in s.mentions.iter().enumerate() {
            let mn = nn(&iris.mention(&d.id, s.index, mi));
            let entity = nn(&entity_iri(iris, &m.entity));
            b.a(&mn, p(NKG, "Mention"));
            b.a(&mn, p(NIF, "Phrase"));
            b.a(&mn, p(NIF, "OffsetBasedString"));
            b.int(&mn, p(NIF, "beginIndex"), m.char_start);
            b.int(&mn, p(NIF, "endIndex"), m.char_end);
            b.text(&mn, p(NIF, "anchorOf"), &m.text, "");
            b.add(&mn, p(NIF, "referenceContext"), doc_iri.clone());
            b.add(&mn, p(NIF, "sentence"), si.clone());
            b.add(&mn, p(ITSRDF, "taIdentRef"), entity.clone());
            b.add(&mn, p(NKG, "mentions"), entity);
        }
    }
    // Entities, described once per document.
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    let mut note = |e: &Entity| {
        entities.entry(e.key.clone()).or_insert_with(|| e.clone());
    };
    for s in &d.sentences {
        for m in &s.mentions {
            note(&m.entity);
        }
    }
    for f in &d.facts {
        match f {
            Fact::Event(e) => e.caller.iter().chain(&e.addressee).chain(&e.participants).for_each(&mut note),
            Fact::Statement(s) => s.subject.iter().chain(&s.object).for_each(&mut note),
        }
    }
    // States that actors represent are described too, so that nkg:country leads somewhere.
    let states: Vec<String> = entities.values().filter_map(|e| e.country.clone()).collect();
    for iso in states {
        let c = crate::resolve::country_entity(k, &iso, lang);
        entities.entry(c.key.clone()).or_insert(c);
    }
    for e in entities.values() {
        describe_entity(&mut b, e, k);
    }
    // Facts.
    let mut n_event = 0;
    let mut n_statement = 0;
    // Clause statements by (sentence, clause id), for nesting (nkg:objectStatement).
    let mut clause_numbers: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for (n, s) in d.facts.iter().filter_map(|f| if let Fact::Statement(s) = f { Some(s) } else { None }).enumerate() {
        if let Some(c) = &s.clause {
            clause_numbers.insert((s.sentence, c.id), n);
        }
    }
    for f in &d.facts {
        match f {
            Fact::Event(e) => {
                event_quads(&mut b, d, e, n_event, &doc_iri);
                n_event += 1;
            }
            Fact::Statement(s) => {
                statement_quads(&mut b, d, s, n_statement, &doc_iri, &clause_numbers);
                n_statement += 1;
            }
        }
    }
}

fn describe_entity(b: &mut Builder, e: &Entity, k: &crate::lexicon::Knowledge) {
    let iri = nn(&entity_iri(b.iris, e));
    b.a(&iri, p(NKG, class_of(e)));
    b.text(&iri, p(RDFS, "label"), &e.label, &e.lang);
    if let Some(c) = &e.country {
        let country_iri = nn(&b.iris.entity("country", c));
        b.add(&iri, p(NKG, "country"), country_iri);
    }
    if let Some(q) = &e.wikidata {
        b.add(&iri, p(OWL, "sameAs"), nn(&format!("{WD}{q}")));
    }
    if let Some(o) = &e.office {
        b.text(&iri, p(NKG, "office"), o, "");
    }
    if e.etype == EntityType::Country {
        if let Some(iso) = &e.country {
            b.text(&iri, p(NKG, "iso3"), iso, "");
            // Both languages' names, so that queries in either language find the state.
            if let Some(c) = k.gazetteer.country(iso) {
                for (label, lang) in [(&c.name_fr, "fr"), (&c.name_en, "en")] {
                    if lang != e.lang {
                        b.text(&iri, p(RDFS, "label"), label, lang);
                    }
                }
            }
        }
    }
}

fn event_quads(b: &mut Builder, d: &Processed, e: &Event, n: usize, doc_iri: &NamedNode) {
    let iri = nn(&b.iris.event(&d.id, n));
    let class = match e.kind {
        EventKind::Appeal => "Appeal",
        EventKind::Contact => "Contact",
    };
    b.a(&iri, p(NKG, class));
    b.a(&iri, p(SEM, "Event"));
    b.add(&iri, p(NKG, "document"), doc_iri.clone());
    b.add(&iri, p(PROV, "wasDerivedFrom"), nn(&b.iris.sentence(&d.id, e.sentence)));
    b.text(&iri, p(NKG, "cameo"), &e.cameo, "");
    b.text(&iri, p(NKG, "rule"), &e.rule, "");
    if e.partial {
        b.typed(&iri, p(NKG, "partial"), "true", "boolean");
    }
    if let Some(c) = &e.channel {
        b.text(&iri, p(NKG, "channel"), c, "");
    }
    if let Some(date) = &e.date {
        b.typed(&iri, p(NKG, "date"), date, "date");
        b.typed(&iri, p(SEM, "hasTimeStamp"), date, "date");
    }
    if let Some(t) = &e.date_text {
        b.text(&iri, p(NKG, "dateText"), t, &d.lang);
    }
    let ent = |b: &Builder, x: &Entity| nn(&entity_iri(b.iris, x));
    match e.kind {
        EventKind::Appeal => {
            for c in &e.caller {
                let ci = ent(b, c);
                b.add(&iri, p(NKG, "caller"), ci.clone());
                for a in &e.addressee {
                    let ai = ent(b, a);
                    b.add(&ci, p(NKG, "calledOn"), ai);
                }
                for dm in &e.demands {
                    b.add(&ci, p(NKG, "calledFor"), nn(&b.iris.concept(&dm.concept)));
                }
            }
            for a in &e.addressee {
                let ai = ent(b, a);
                b.add(&iri, p(NKG, "addressee"), ai);
            }
            for dm in &e.demands {
                b.add(&iri, p(NKG, "demand"), nn(&b.iris.concept(&dm.concept)));
                b.text(&iri, p(NKG, "demandText"), &dm.text, &d.lang);
            }
        }
        EventKind::Contact => {
            for x in &e.participants {
                let xi = ent(b, x);
                b.add(&iri, p(NKG, "participant"), xi.clone());
                for y in &e.participants {
                    if y.key != x.key {
                        let yi = ent(b, y);
                        b.add(&xi, p(NKG, "talkedWith"), yi);
                    }
                }
            }
            if let Some(t) = &e.topic {
                b.text(&iri, p(NKG, "topic"), t, &d.lang);
            }
            // A visit keeps its direction: the extractor lists the subject first (*X s'est
            // rendu chez Y*: X visits; *X a reçu Y*: X hosts).
            if let ([first, second], Some(channel)) = (e.participants.as_slice(), e.channel.as_deref()) {
                let (visitor, host) = match channel {
                    "visit" => (Some(first), Some(second)),
                    "hosting" => (Some(second), Some(first)),
                    _ => (None, None),
                };
                if let (Some(v), Some(h)) = (visitor, host) {
                    let (vi, hi) = (ent(b, v), ent(b, h));
                    b.add(&iri, p(NKG, "visitor"), vi);
                    b.add(&iri, p(NKG, "host"), hi);
                }
            }
        }
    }
}

fn statement_quads(b: &mut Builder, d: &Processed, s: &Statement, n: usize, doc_iri: &NamedNode, clause_numbers: &std::collections::HashMap<(usize, usize), usize>) {
    let iri = nn(&b.iris.statement(&d.id, n));
    b.a(&iri, p(NKG, "Statement"));
    b.add(&iri, p(PROV, "wasDerivedFrom"), nn(&b.iris.sentence(&d.id, s.sentence)));
    b.text(&iri, p(NKG, "predicateLemma"), &s.predicate, "");
    b.text(&iri, p(NKG, "rule"), &s.rule, "");
    for x in &s.subject {
        let xi = nn(&entity_iri(b.iris, x));
        b.add(&iri, p(NKG, "subject"), xi.clone());
        if s.predicate == "holdsRole" {
            for o in &s.object {
                b.add(&xi, p(NKG, "holdsRole"), nn(&entity_iri(b.iris, o)));
            }
        }
    }
    for o in &s.object {
        b.add(&iri, p(NKG, "object"), nn(&entity_iri(b.iris, o)));
    }
    if let Some(t) = &s.object_text {
        b.text(&iri, p(NKG, "objectText"), t, &d.lang);
    }
    if s.negated {
        b.add(&iri, p(NKG, "negated"), Literal::from(true));
    }
    let Some(c) = &s.clause else { return };
    b.text(&iri, p(NKG, "subjectText"), &c.subject.text, &d.lang);
    b.text(&iri, p(NKG, "predicateText"), &c.predicate.text, &d.lang);
    b.text(&iri, p(NKG, "polarity"), if s.negated { "negative" } else { "positive" }, "");
    b.text(&iri, p(NKG, "voice"), c.voice, "");
    if let Some(t) = c.tense {
        b.text(&iri, p(NKG, "tense"), t, "");
    }
    b.typed(&iri, p(NKG, "confidence"), &canonical_decimal(&format!("{:.3}", c.confidence)), "decimal");
    // NIF spans of the three phrases and of each further argument.
    let phrase = |b: &mut Builder, node: &NamedNode, span: (usize, usize)| {
        let [begin, end] = crate::records::char_span(d, s.sentence, span);
        b.a(node, p(NIF, "Phrase"));
        b.a(node, p(NIF, "OffsetBasedString"));
        b.int(node, p(NIF, "beginIndex"), begin);
        b.int(node, p(NIF, "endIndex"), end);
        let anchor = d.text.get(span.0..span.1).unwrap_or("");
        b.text(node, p(NIF, "anchorOf"), anchor, "");
        b.add(node, p(NIF, "referenceContext"), doc_iri.clone());
    };
    let base = iri.as_str().to_string();
    let sub = nn(&format!("{base}/subject"));
    phrase(b, &sub, c.subject.span);
    b.add(&iri, p(NKG, "subjectPhrase"), sub);
    // An implicit copula (apposition) has no words of its own.
    if c.predicate.span.1 > c.predicate.span.0 {
        let pr = nn(&format!("{base}/predicate"));
        phrase(b, &pr, c.predicate.span);
        b.add(&iri, p(NKG, "predicatePhrase"), pr);
    }
    if let Some(o) = &c.object {
        let ob = nn(&format!("{base}/object"));
        phrase(b, &ob, o.span);
        b.add(&iri, p(NKG, "objectPhrase"), ob);
    }
    for (k, a) in c.arguments.iter().enumerate() {
        let an = nn(&format!("{base}/argument/{k}"));
        b.a(&an, p(NKG, "Argument"));
        phrase(b, &an, a.phrase.span);
        b.text(&an, p(NKG, "argumentKind"), a.kind, "");
        b.add(&iri, p(NKG, "argument"), an);
    }
    if let Some(parent) = c.parent.and_then(|pid| clause_numbers.get(&(s.sentence, pid))) {
        let pi = nn(&b.iris.statement(&d.id, *parent));
        b.add(&pi, p(NKG, "objectStatement"), iri.clone());
    }
}

/// The ontology and the demand scheme as quads of the ontology graph, with the resource base
/// rewritten when it is not the default.
pub fn ontology_quads(k: &crate::lexicon::Knowledge, iris: &Iris) -> crate::error::Result<Vec<Quad>> {
    use oxigraph::io::{RdfFormat, RdfParser};
    let graph = GraphName::NamedNode(nn(crate::vocab::ONTOLOGY_GRAPH));
    let mut out = Vec::new();
    for (name, ttl) in [("newskg.ttl", &k.ontology_ttl), ("demands.ttl", &k.demands_ttl)] {
        let ttl = if iris.base != crate::vocab::NKR_DEFAULT { ttl.replace(crate::vocab::NKR_DEFAULT, &iris.base) } else { ttl.to_string() };
        for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let q = q.map_err(|e| crate::error::Error::Data(format!("{name}: {e}")))?;
            out.push(Quad::new(q.subject, q.predicate, q.object, graph.clone()));
        }
    }
    Ok(out)
}

/// An `xsd:decimal` in the canonical form Oxigraph stores (`0.800` → `0.8`, `1.000` → `1`), so
/// that a rebuild compares a document's quads equal to the stored ones and leaves it alone.
pub fn canonical_decimal(v: &str) -> String {
    if !v.contains('.') {
        return v.to_string();
    }
    let t = v.trim_end_matches('0').trim_end_matches('.');
    if t.is_empty() || t == "-" { "0".to_string() } else { t.to_string() }
}
