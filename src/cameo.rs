//! `newskg export --format cameo`: the events of the store as a CAMEO event table, the dyadic
//! shape of GDELT, ICEWS and PLOVER data, so that the graph's events join theirs.
//!
//! One row per dyad: every caller × every addressee of an appeal (a caller alone when no
//! addressee is named), every pair of participants of a contact — or, for a visit, the visitor
//! and the host in CAMEO's direction (042: visitor → host; 043: host → visitor). Rows that
//! say the same thing (same date, source, target and code) from several articles are one row
//! whose `num_articles` counts the documents and `num_events` the events.
//!
//! The event code is the event's `nkg:cameo`; when it is missing it is derived as in
//! DESIGN.md: an appeal from its demands (ceasefire, de-escalation, end-violence, restraint,
//! withdrawal: 0256; intervention: 0234; humanitarian-access: 0255; release: 0253;
//! mediation: 028; negotiations: 026; anything else: 020), a contact from its channel (phone
//! 041, visit 042, hosting 043, meeting 044, else 040). Demands (*exiger*, *demand*) are coded
//! by the extractor in the 10 family ([`as_demand`]), announced meetings 036.
//! Actor type codes: GOV for states (named as such or by metonymy, *Moscou*), ministries and
//! holders of civil offices; MIL for armed forces, peacekeepers and military offices; IGO for
//! international organisations (organisations of no state); empty when unknown. The date is the
//! event's `nkg:date`, else its document's publication date when that is a full date, as
//! `YYYYMMDD`; empty when neither is known.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::vocab;

/// One line of the CAMEO table: one dyad, with the articles that report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameoRow {
    /// `YYYYMMDD`, or empty.
    pub date: String,
    pub source: String,
    /// ISO 3166-1 alpha-3 code of the source actor's state, or empty.
    pub source_country: String,
    /// CAMEO actor type: `GOV`, `MIL`, `IGO`, or empty.
    pub source_type: String,
    pub target: String,
    pub target_country: String,
    pub target_type: String,
    /// Full CAMEO event code (`0256`, `041`, ...).
    pub event_code: String,
    /// Its first three digits.
    pub base_code: String,
    /// Its first two digits.
    pub root_code: String,
    /// GDELT quad class (1 verbal cooperation, 3 verbal conflict, ...), when known.
    pub quad_class: Option<u8>,
    /// `appeal` or `contact`.
    pub kind: String,
    /// Documents that report this dyad (ids, sorted).
    pub documents: Vec<String>,
    /// Events merged into this row (IRIs, sorted).
    pub events: Vec<String>,
    /// URL of the first document that has one.
    pub source_url: String,
    /// The sentence of the first event.
    pub sentence: String,
    /// True when the code was derived here rather than read from `nkg:cameo`.
    pub derived_code: bool,
    /// IRIs of the source and target actors (empty target when none).
    pub source_iri: String,
    pub target_iri: String,
}

impl CameoRow {
    /// GDELT's NumArticles: how many documents report the event.
    pub fn num_articles(&self) -> usize {
        self.documents.len().max(1)
    }
}

/// The columns of [`write_cameo_tsv`].
pub const CAMEO_HEADER: &[&str] = &[
    "date",
    "source",
    "source_country",
    "source_type",
    "target",
    "target_country",
    "target_type",
    "event_code",
    "event_base_code",
    "event_root_code",
    "quad_class",
    "kind",
    "num_articles",
    "num_events",
    "source_url",
    "sentence",
    "documents",
    "events",
];

/// The demand (10 family) counterpart of an appeal code (02 family): CAMEO's 10x codes mirror
/// its 02x codes (0256 → 1056, 026 → 106, 020 → 100).
pub fn as_demand(code: &str) -> String {
    match code.strip_prefix("02") {
        Some(rest) => format!("10{rest}"),
        None => code.to_string(),
    }
}

/// CAMEO code of an appeal from its demand keys (DESIGN.md).
pub fn appeal_code(demands: &[String]) -> &'static str {
    let has = |keys: &[&str]| demands.iter().any(|d| keys.contains(&d.as_str()));
    if has(&["ceasefire", "de-escalation", "end-violence", "restraint", "withdrawal"]) {
        "0256"
    } else if has(&["intervention"]) {
        "0234"
    } else if has(&["humanitarian-access"]) {
        "0255"
    } else if has(&["release"]) {
        "0253"
    } else if has(&["mediation"]) {
        "028"
    } else if has(&["negotiations"]) {
        "026"
    } else {
        "020"
    }
}

/// CAMEO code of a contact from its channel (DESIGN.md).
pub fn contact_code(channel: Option<&str>) -> &'static str {
    match channel {
        Some("phone") => "041",
        Some("visit") => "042",
        Some("hosting") => "043",
        Some("meeting") => "044",
        _ => "040",
    }
}

/// GDELT quad class of a root code: 01–05 verbal cooperation, 06–08 material cooperation,
/// 09–13 verbal conflict (demands, 10, among them), 14–20 material conflict.
pub fn quad_class(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// `2020-09-30` (optionally with a time or zone) → `20200930`; anything shorter → None.
pub(crate) fn yyyymmdd(date: &str) -> Option<String> {
    let b = date.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        Some(format!("{}{}{}", &date[..4], &date[5..7], &date[8..10]))
    } else {
        None
    }
}

pub(crate) fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// Reads what the table needs about entities, with one lookup per entity.
pub(crate) struct Lookup<'a> {
    store: &'a Store,
    labels: BTreeMap<String, String>,
    countries: BTreeMap<String, String>,
    types: BTreeMap<String, String>,
    /// The language labels are wanted in.
    lang: String,
}

impl<'a> Lookup<'a> {
    /// A lookup whose labels are in `lang` when the entity has one (see `labels::pick`).
    pub(crate) fn new(store: &'a Store, lang: &str) -> Self {
        Lookup { store, labels: BTreeMap::new(), countries: BTreeMap::new(), types: BTreeMap::new(), lang: lang.to_string() }
    }

    pub(crate) fn objects(&self, subject: &str, predicate: &NamedNode) -> Result<Vec<Term>> {
        let s = NamedNode::new_unchecked(subject);
        let mut out = Vec::new();
        for q in self.store.quads_for_pattern(
            Some(s.as_ref().into()),
            Some(predicate.as_ref()),
            None,
            None,
        ) {
            let q = q?;
            if !out.contains(&q.object) {
                out.push(q.object);
            }
        }
        Ok(out)
    }

    /// The entity's label in the lookup's language, else in French or English, else any
    /// other, else its IRI's tail.
    pub(crate) fn label(&mut self, entity: &str) -> Result<String> {
        if let Some(l) = self.labels.get(entity) {
            return Ok(l.clone());
        }
        let mut found: Vec<(String, String)> = Vec::new();
        for t in self.objects(entity, &iri(vocab::RDFS, "label"))? {
            if let Term::Literal(l) = t {
                found.push((l.language().unwrap_or("").to_string(), l.value().to_string()));
            }
        }
        let label = crate::labels::pick(found.iter().map(|(l, t)| (l.as_str(), t.as_str())), &self.lang)
            .unwrap_or_else(|| entity.rsplit('/').next().unwrap_or(entity).to_string());
        self.labels.insert(entity.to_string(), label.clone());
        Ok(label)
    }

    /// ISO3 code of a country entity (its `nkg:iso3`, else the tail of `…/entity/country/XXX`).
    fn iso3_of_country(&self, country: &str) -> Result<Option<String>> {
        for t in self.objects(country, &iri(vocab::NKG, "iso3"))? {
            if let Term::Literal(l) = t {
                return Ok(Some(l.value().to_string()));
            }
        }
        if let Some((_, tail)) = country.rsplit_once("/entity/country/") {
            if tail.len() == 3 && tail.chars().all(|c| c.is_ascii_alphabetic()) {
                return Ok(Some(tail.to_ascii_uppercase()));
            }
        }
        Ok(None)
    }

    /// The country code of an actor: its own for a country, its `nkg:country`'s otherwise.
    pub(crate) fn country(&mut self, entity: &str) -> Result<String> {
        if let Some(c) = self.countries.get(entity) {
            return Ok(c.clone());
        }
        let is_country = self.objects(entity, &iri(vocab::RDF, "type"))?.iter().any(
            |t| matches!(t, Term::NamedNode(n) if n.as_str() == format!("{}Country", vocab::NKG)),
        );
        let mut code = None;
        if is_country {
            code = self.iso3_of_country(entity)?;
        }
        if code.is_none() {
            let mut states: Vec<String> = self
                .objects(entity, &iri(vocab::NKG, "country"))?
                .into_iter()
                .filter_map(|t| match t {
                    Term::NamedNode(n) => Some(n.into_string()),
                    _ => None,
                })
                .collect();
            states.sort();
            for s in states {
                if let Some(c) = self.iso3_of_country(&s)? {
                    code = Some(c);
                    break;
                }
            }
        }
        let code = code.unwrap_or_default();
        self.countries.insert(entity.to_string(), code.clone());
        Ok(code)
    }
}

impl Lookup<'_> {
    /// CAMEO actor type (see the module comment), remembered per entity.
    pub(crate) fn actor_type(&mut self, entity: &str) -> Result<String> {
        if let Some(t) = self.types.get(entity) {
            return Ok(t.clone());
        }
        let t = self.find_actor_type(entity)?;
        self.types.insert(entity.to_string(), t.clone());
        Ok(t)
    }

    fn find_actor_type(&mut self, entity: &str) -> Result<String> {
        let types: Vec<String> = self
            .objects(entity, &iri(vocab::RDF, "type"))?
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => n.as_str().strip_prefix(vocab::NKG).map(str::to_string),
                _ => None,
            })
            .collect();
        if types.iter().any(|t| t == "Country") {
            return Ok("GOV".into());
        }
        // Offices of the entity and of the roles it holds.
        let mut offices = Vec::new();
        let mut holders = vec![entity.to_string()];
        for t in self.objects(entity, &iri(vocab::NKG, "holdsRole"))? {
            if let Term::NamedNode(n) = t {
                holders.push(n.into_string());
            }
        }
        for h in &holders {
            for t in self.objects(h, &iri(vocab::NKG, "office"))? {
                if let Term::Literal(l) = t {
                    offices.push(l.value().to_ascii_lowercase());
                }
            }
        }
        let military = |o: &str| ["armed-forces", "army", "military", "peacekeep", "general", "defence-forces", "defense-forces", "troops"].iter().any(|m| o.contains(m));
        if offices.iter().any(|o| military(o)) {
            return Ok("MIL".into());
        }
        if !offices.is_empty() {
            return Ok("GOV".into());
        }
        if types.iter().any(|t| t == "Organization") {
            let has_state = !self.objects(entity, &iri(vocab::NKG, "country"))?.is_empty();
            return Ok(if has_state { "GOV" } else { "IGO" }.into());
        }
        Ok(String::new())
    }
}

/// What the store says about one appeal or contact (IRIs of actors, concepts, document and
/// sentence).
#[derive(Default)]
pub(crate) struct EventFacts {
    pub(crate) kind: &'static str,
    pub(crate) callers: BTreeSet<String>,
    pub(crate) addressees: BTreeSet<String>,
    pub(crate) participants: BTreeSet<String>,
    pub(crate) visitors: BTreeSet<String>,
    pub(crate) hosts: BTreeSet<String>,
    pub(crate) demands: BTreeSet<String>,
    pub(crate) date: Option<String>,
    pub(crate) channel: Option<String>,
    pub(crate) cameo: Option<String>,
    pub(crate) document: Option<String>,
    pub(crate) sentence: Option<String>,
}

/// The demand key of a concept: its `skos:notation`, else the tail of `…/concept/KEY`.
pub(crate) fn concept_key(lookup: &Lookup<'_>, concept: &str) -> Result<String> {
    for t in lookup.objects(concept, &iri(vocab::SKOS, "notation"))? {
        if let Term::Literal(l) = t {
            return Ok(l.value().to_string());
        }
    }
    Ok(concept.rsplit('/').next().unwrap_or(concept).to_string())
}

/// Document identifier: its `schema:identifier`, else the tail of the document IRI.
pub(crate) fn document_id(lookup: &Lookup<'_>, doc: &str) -> Result<String> {
    for t in lookup.objects(doc, &iri(vocab::SCHEMA, "identifier"))? {
        if let Term::Literal(l) = t {
            return Ok(l.value().to_string());
        }
    }
    Ok(doc.rsplit('/').next().unwrap_or(doc).to_string())
}

/// The first literal or IRI value of a property, as text.
pub(crate) fn first_value(lookup: &Lookup<'_>, subject: &str, predicate: &NamedNode) -> Result<Option<String>> {
    Ok(lookup.objects(subject, predicate)?.into_iter().find_map(|t| match t {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.into_string()),
        _ => None,
    }))
}

/// The dyads of one event as (source, target) IRIs; the target is empty when none is named.
fn dyads(f: &EventFacts, code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if f.kind == "appeal" {
        for c in &f.callers {
            if f.addressees.is_empty() {
                out.push((c.clone(), String::new()));
            }
            for a in &f.addressees {
                out.push((c.clone(), a.clone()));
            }
        }
        return out;
    }
    if let (Some(v), Some(h)) = (f.visitors.iter().next(), f.hosts.iter().next()) {
        match code {
            "042" => return vec![(v.clone(), h.clone())],
            "043" => return vec![(h.clone(), v.clone())],
            _ => {}
        }
    }
    let all: Vec<&String> = f.participants.iter().collect();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            out.push(((*a).clone(), (*b).clone()));
        }
    }
    out
}

/// Every appeal and contact of the store with its facts, by event IRI.
pub(crate) fn read_events(store: &Store) -> Result<BTreeMap<String, EventFacts>> {
    let rdf_type = iri(vocab::RDF, "type");
    let appeal = iri(vocab::NKG, "Appeal");
    let contact = iri(vocab::NKG, "Contact");
    let mut events: BTreeMap<String, EventFacts> = BTreeMap::new();
    for (class, kind) in [(&appeal, "appeal"), (&contact, "contact")] {
        for q in store.quads_for_pattern(None, Some(rdf_type.as_ref()), Some(class.as_ref().into()), None) {
            let q = q?;
            if let NamedOrBlankNode::NamedNode(e) = q.subject {
                events.entry(e.into_string()).or_default().kind = kind;
            }
        }
    }
    let p = |local: &str| format!("{}{local}", vocab::NKG);
    let (p_caller, p_addressee, p_participant, p_demand, p_date, p_channel, p_cameo, p_document) =
        (p("caller"), p("addressee"), p("participant"), p("demand"), p("date"), p("channel"), p("cameo"), p("document"));
    let (p_visitor, p_host) = (p("visitor"), p("host"));
    let p_derived = format!("{}wasDerivedFrom", vocab::PROV);
    for (event, facts) in events.iter_mut() {
        let s = NamedNode::new_unchecked(event.as_str());
        for q in store.quads_for_pattern(Some(s.as_ref().into()), None, None, None) {
            let q = q?;
            let pred = q.predicate.as_str();
            let (node, text) = match &q.object {
                Term::NamedNode(n) => (Some(n.as_str().to_string()), None),
                Term::Literal(l) => (None, Some(l.value().to_string())),
                _ => (None, None),
            };
            if pred == p_caller {
                facts.callers.extend(node);
            } else if pred == p_addressee {
                facts.addressees.extend(node);
            } else if pred == p_participant {
                facts.participants.extend(node);
            } else if pred == p_visitor {
                facts.visitors.extend(node);
            } else if pred == p_host {
                facts.hosts.extend(node);
            } else if pred == p_demand {
                facts.demands.extend(node);
            } else if pred == p_date {
                facts.date = facts.date.take().or(text);
            } else if pred == p_channel {
                facts.channel = facts.channel.take().or(text);
            } else if pred == p_cameo {
                facts.cameo = facts.cameo.take().or(text);
            } else if pred == p_document {
                facts.document = facts.document.take().or(node);
            } else if pred == p_derived {
                facts.sentence = facts.sentence.take().or(node);
            }
        }
    }

    Ok(events)
}

/// The CAMEO code of an event: its `nkg:cameo`, else derived from its demands or channel
/// (true when derived).
pub(crate) fn event_code(lookup: &Lookup<'_>, f: &EventFacts) -> Result<(String, bool)> {
    Ok(match f.cameo.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => (c.to_string(), false),
        None if f.kind == "appeal" => {
            let mut keys = Vec::with_capacity(f.demands.len());
            for d in &f.demands {
                keys.push(concept_key(lookup, d)?);
            }
            (appeal_code(&keys).to_string(), true)
        }
        None => (contact_code(f.channel.as_deref()).to_string(), true),
    })
}

/// All appeals and contacts of the store as CAMEO dyads, identical ones merged, sorted by
/// date (undated last), source, target and code; actors named in English where they can be.
pub fn cameo_rows(store: &Store) -> Result<Vec<CameoRow>> {
    cameo_rows_in(store, "en")
}

/// [`cameo_rows`] with actors named in `lang` (`fr`, `en`) where they can be.
pub fn cameo_rows_in(store: &Store, lang: &str) -> Result<Vec<CameoRow>> {
    let events = read_events(store)?;
    let mut lookup = Lookup::new(store, lang);
    let mut sentences: BTreeMap<String, String> = BTreeMap::new();
    let (date_published, url, anchor) = (iri(vocab::SCHEMA, "datePublished"), iri(vocab::SCHEMA, "url"), iri(vocab::NIF, "anchorOf"));
    // (date, source, target, code) → row being gathered.
    let mut merged: BTreeMap<(String, String, String, String), CameoRow> = BTreeMap::new();
    for (event, f) in &events {
        let (event_code, derived_code) = event_code(&lookup, f)?;
        let mut date = f.date.as_deref().and_then(yyyymmdd);
        let (mut document, mut source_url) = (String::new(), String::new());
        if let Some(doc) = &f.document {
            if date.is_none() {
                date = first_value(&lookup, doc, &date_published)?.as_deref().and_then(yyyymmdd);
            }
            document = document_id(&lookup, doc)?;
            source_url = first_value(&lookup, doc, &url)?.unwrap_or_default();
        }
        let sentence = match &f.sentence {
            Some(s) => match sentences.get(s) {
                Some(t) => t.clone(),
                None => {
                    let t = first_value(&lookup, s, &anchor)?.unwrap_or_default();
                    sentences.insert(s.clone(), t.clone());
                    t
                }
            },
            None => String::new(),
        };
        let date = date.unwrap_or_default();
        for (source, target) in dyads(f, &event_code) {
            let key = (date.clone(), source.clone(), target.clone(), event_code.clone());
            let row = match merged.get_mut(&key) {
                Some(row) => row,
                None => {
                    let mut actor = |e: &str| -> Result<(String, String, String)> {
                        if e.is_empty() {
                            return Ok(Default::default());
                        }
                        let t = lookup.actor_type(e)?;
                        Ok((lookup.label(e)?, lookup.country(e)?, t))
                    };
                    let (s_label, s_country, s_type) = actor(&source)?;
                    let (t_label, t_country, t_type) = actor(&target)?;
                    let root: String = event_code.chars().take(2).collect();
                    merged.entry(key).or_insert(CameoRow {
                        date: date.clone(),
                        source: s_label,
                        source_country: s_country,
                        source_type: s_type,
                        target: t_label,
                        target_country: t_country,
                        target_type: t_type,
                        base_code: event_code.chars().take(3).collect(),
                        quad_class: quad_class(&root),
                        root_code: root,
                        event_code: event_code.clone(),
                        kind: f.kind.to_string(),
                        documents: Vec::new(),
                        events: Vec::new(),
                        source_url: String::new(),
                        sentence: String::new(),
                        derived_code,
                        source_iri: source.clone(),
                        target_iri: target.clone(),
                    })
                }
            };
            if !document.is_empty() && !row.documents.contains(&document) {
                row.documents.push(document.clone());
                row.documents.sort();
            }
            row.events.push(event.clone());
            if row.source_url.is_empty() {
                row.source_url = source_url.clone();
            }
            if row.sentence.is_empty() {
                row.sentence = sentence.clone();
            }
        }
    }
    let mut rows: Vec<CameoRow> = merged.into_values().collect();
    rows.sort_by(|a, b| {
        (a.date.is_empty(), &a.date, &a.documents, &a.source, &a.target, &a.event_code).cmp(&(
            b.date.is_empty(),
            &b.date,
            &b.documents,
            &b.source,
            &b.target,
            &b.event_code,
        ))
    });
    Ok(rows)
}

/// A value safe inside one TSV cell: tabs and line breaks become spaces.
pub fn tsv_field(text: &str) -> String {
    text.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

/// Writes the table: the header line ([`CAMEO_HEADER`]), then one tab-separated line per row.
pub fn write_cameo_tsv(rows: &[CameoRow], out: &mut dyn Write) -> Result<()> {
    let mut s = CAMEO_HEADER.join("\t");
    s.push('\n');
    for r in rows {
        let cols = [
            r.date.clone(),
            tsv_field(&r.source),
            r.source_country.clone(),
            r.source_type.clone(),
            tsv_field(&r.target),
            r.target_country.clone(),
            r.target_type.clone(),
            r.event_code.clone(),
            r.base_code.clone(),
            r.root_code.clone(),
            r.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            r.kind.clone(),
            r.num_articles().to_string(),
            r.events.len().to_string(),
            tsv_field(&r.source_url),
            tsv_field(&r.sentence),
            r.documents.iter().map(|d| tsv_field(d)).collect::<Vec<_>>().join(";"),
            r.events.join(";"),
        ];
        s.push_str(&cols.join("\t"));
        s.push('\n');
    }
    out.write_all(s.as_bytes()).map_err(|e| Error::io("the CAMEO output", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn appeal_codes_follow_design() {
        assert_eq!(appeal_code(&keys(&["ceasefire", "negotiations"])), "0256");
        assert_eq!(appeal_code(&keys(&["restraint"])), "0256");
        assert_eq!(appeal_code(&keys(&["negotiations"])), "026");
        assert_eq!(appeal_code(&keys(&["mediation", "negotiations"])), "028");
        assert_eq!(appeal_code(&keys(&["humanitarian-access"])), "0255");
        assert_eq!(appeal_code(&keys(&["intervention"])), "0234");
        assert_eq!(appeal_code(&keys(&["release"])), "0253");
        assert_eq!(appeal_code(&keys(&["withdrawal"])), "0256");
        assert_eq!(as_demand("0256"), "1056");
        assert_eq!(as_demand("026"), "106");
        assert_eq!(as_demand("020"), "100");
        assert_eq!(appeal_code(&[]), "020");
    }

    #[test]
    fn contact_codes_follow_design() {
        assert_eq!(contact_code(Some("phone")), "041");
        assert_eq!(contact_code(Some("visit")), "042");
        assert_eq!(contact_code(Some("hosting")), "043");
        assert_eq!(contact_code(Some("meeting")), "044");
        assert_eq!(contact_code(Some("talks")), "040");
        assert_eq!(contact_code(None), "040");
    }

    #[test]
    fn dates_become_yyyymmdd() {
        assert_eq!(yyyymmdd("2020-09-30").as_deref(), Some("20200930"));
        assert_eq!(yyyymmdd("2020-09-30Z").as_deref(), Some("20200930"));
        assert_eq!(yyyymmdd("2020-10"), None);
        assert_eq!(quad_class("02"), Some(1));
        assert_eq!(quad_class("10"), Some(3));
        assert_eq!(quad_class("18"), Some(4));
        assert_eq!(quad_class("x"), None);
    }
}
