//! `newskg export --format cameo`: the events of the store as a CAMEO event table, the dyadic
//! shape of GDELT, ICEWS and PLOVER data (date, source actor and country, target actor and
//! country, event code), so that the graph's events can be joined with theirs.
//!
//! One row per appeal and per contact. An appeal's source is its caller and its target its
//! first addressee; a contact's source and target are its first two participants (actors are
//! ordered by IRI, so the table is deterministic). The last column lists, separated by `;`,
//! all the addressees of an appeal or all the participants of a contact.
//!
//! The event code is the event's `nkg:cameo`; when it is missing it is derived as in
//! DESIGN.md: an appeal from its demands (ceasefire, de-escalation, end-violence, restraint:
//! 0256; intervention: 0234 peacekeeping; humanitarian-access: 0233; release: 0253;
//! mediation: 028; negotiations: 026; anything else: 020, first matching rule in that order),
//! a contact from its channel (phone 041, visit 042, hosting 043, meeting 044, else 040).
//! The date is the event's `nkg:date`, or else the publication date of its document when
//! that is a full date, as `YYYYMMDD`; empty when neither is known.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::vocab;

/// One line of the CAMEO table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameoRow {
    /// `YYYYMMDD`, or empty.
    pub date: String,
    pub source: String,
    /// ISO 3166-1 alpha-3 code of the source actor's state, or empty.
    pub source_country: String,
    pub target: String,
    pub target_country: String,
    /// Full CAMEO event code (`0256`, `041`, ...).
    pub event_code: String,
    /// Its first two digits.
    pub root_code: String,
    /// GDELT quad class (1 verbal cooperation, ...), when known for the root code.
    pub quad_class: Option<u8>,
    /// `appeal` or `contact`.
    pub kind: String,
    /// Document identifier.
    pub document: String,
    /// Event IRI.
    pub event: String,
    /// Labels of all addressees (appeal) or all participants (contact).
    pub actors: Vec<String>,
    /// True when the code was derived here rather than read from `nkg:cameo`.
    pub derived_code: bool,
}

/// The columns of [`write_cameo_tsv`].
pub const CAMEO_HEADER: &[&str] = &[
    "date",
    "source",
    "source_country",
    "target",
    "target_country",
    "event_code",
    "event_root_code",
    "quad_class",
    "kind",
    "document",
    "event",
    "all_addressees_or_participants",
];

/// CAMEO code of an appeal from its demand keys (DESIGN.md).
pub fn appeal_code(demands: &[String]) -> &'static str {
    let has = |keys: &[&str]| demands.iter().any(|d| keys.contains(&d.as_str()));
    if has(&["ceasefire", "de-escalation", "end-violence", "restraint"]) {
        "0256"
    } else if has(&["intervention"]) {
        "0234"
    } else if has(&["humanitarian-access"]) {
        "0233"
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

/// GDELT quad class of a root code, where this crate knows it: roots 01 to 05 (statements,
/// appeals, intents, consultations, diplomatic cooperation) are verbal cooperation.
pub fn quad_class(root: &str) -> Option<u8> {
    match root {
        "01" | "02" | "03" | "04" | "05" => Some(1),
        _ => None,
    }
}

/// `2020-09-30` (optionally with a time or zone) → `20200930`; anything shorter → None.
fn yyyymmdd(date: &str) -> Option<String> {
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

fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// Reads what the table needs about entities, with one lookup per entity.
struct Lookup<'a> {
    store: &'a Store,
    labels: BTreeMap<String, String>,
    countries: BTreeMap<String, String>,
}

impl<'a> Lookup<'a> {
    fn objects(&self, subject: &str, predicate: &NamedNode) -> Result<Vec<Term>> {
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

    /// The entity's label: English first, then French, then any other, then its IRI's tail.
    fn label(&mut self, entity: &str) -> Result<String> {
        if let Some(l) = self.labels.get(entity) {
            return Ok(l.clone());
        }
        let mut by_lang: BTreeMap<(u8, String), ()> = BTreeMap::new();
        for t in self.objects(entity, &iri(vocab::RDFS, "label"))? {
            if let Term::Literal(l) = t {
                let rank = match l.language() {
                    Some("en") => 0,
                    Some("fr") => 1,
                    Some(_) => 2,
                    None => 3,
                };
                by_lang.insert((rank, l.value().to_string()), ());
            }
        }
        let label = match by_lang.into_keys().next() {
            Some((_, l)) => l,
            None => entity.rsplit('/').next().unwrap_or(entity).to_string(),
        };
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
    fn country(&mut self, entity: &str) -> Result<String> {
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

#[derive(Default)]
struct EventFacts {
    kind: &'static str,
    callers: BTreeSet<String>,
    addressees: BTreeSet<String>,
    participants: BTreeSet<String>,
    demands: BTreeSet<String>,
    date: Option<String>,
    channel: Option<String>,
    cameo: Option<String>,
    document: Option<String>,
}

/// The trailing number of an event IRI (`…/event/12` → 12), for a natural sort order.
fn event_number(iri: &str) -> u64 {
    iri.rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The demand key of a concept: its `skos:notation`, else the tail of `…/concept/KEY`.
fn concept_key(lookup: &Lookup<'_>, concept: &str) -> Result<String> {
    for t in lookup.objects(concept, &iri(vocab::SKOS, "notation"))? {
        if let Term::Literal(l) = t {
            return Ok(l.value().to_string());
        }
    }
    Ok(concept.rsplit('/').next().unwrap_or(concept).to_string())
}

/// Document identifier: its `schema:identifier`, else the tail of the document IRI.
fn document_id(lookup: &Lookup<'_>, doc: &str) -> Result<String> {
    for t in lookup.objects(doc, &iri(vocab::SCHEMA, "identifier"))? {
        if let Term::Literal(l) = t {
            return Ok(l.value().to_string());
        }
    }
    Ok(doc.rsplit('/').next().unwrap_or(doc).to_string())
}

/// All appeals and contacts of the store as CAMEO rows, sorted by date, document and event.
pub fn cameo_rows(store: &Store) -> Result<Vec<CameoRow>> {
    let rdf_type = iri(vocab::RDF, "type");
    let appeal = iri(vocab::NKG, "Appeal");
    let contact = iri(vocab::NKG, "Contact");
    let mut events: BTreeMap<String, EventFacts> = BTreeMap::new();
    for (class, kind) in [(&appeal, "appeal"), (&contact, "contact")] {
        for q in store.quads_for_pattern(
            None,
            Some(rdf_type.as_ref()),
            Some(class.as_ref().into()),
            None,
        ) {
            let q = q?;
            if let NamedOrBlankNode::NamedNode(e) = q.subject {
                events.entry(e.into_string()).or_default().kind = kind;
            }
        }
    }
    let p = |local: &str| format!("{}{local}", vocab::NKG);
    let (p_caller, p_addressee, p_participant, p_demand, p_date, p_channel, p_cameo, p_document) = (
        p("caller"),
        p("addressee"),
        p("participant"),
        p("demand"),
        p("date"),
        p("channel"),
        p("cameo"),
        p("document"),
    );
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
            }
        }
    }

    let mut lookup = Lookup {
        store,
        labels: BTreeMap::new(),
        countries: BTreeMap::new(),
    };
    let date_published = iri(vocab::SCHEMA, "datePublished");
    let mut rows = Vec::with_capacity(events.len());
    for (event, f) in &events {
        let (sources, targets, actors): (Vec<&String>, Vec<&String>, Vec<&String>) =
            if f.kind == "appeal" {
                (
                    f.callers.iter().collect(),
                    f.addressees.iter().collect(),
                    f.addressees.iter().collect(),
                )
            } else {
                let all: Vec<&String> = f.participants.iter().collect();
                (
                    all.iter().take(1).copied().collect(),
                    all.iter().skip(1).take(1).copied().collect(),
                    all.clone(),
                )
            };
        let (source, source_country) = match sources.first() {
            Some(e) => (lookup.label(e)?, lookup.country(e)?),
            None => (String::new(), String::new()),
        };
        let (target, target_country) = match targets.first() {
            Some(e) => (lookup.label(e)?, lookup.country(e)?),
            None => (String::new(), String::new()),
        };
        let mut actor_labels = Vec::with_capacity(actors.len());
        for a in actors {
            actor_labels.push(lookup.label(a)?);
        }
        let (event_code, derived_code) =
            match f.cameo.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                Some(c) => (c.to_string(), false),
                None if f.kind == "appeal" => {
                    let mut keys = Vec::with_capacity(f.demands.len());
                    for d in &f.demands {
                        keys.push(concept_key(&lookup, d)?);
                    }
                    (appeal_code(&keys).to_string(), true)
                }
                None => (contact_code(f.channel.as_deref()).to_string(), true),
            };
        let root_code: String = event_code.chars().take(2).collect();
        let mut date = f.date.as_deref().and_then(yyyymmdd);
        if date.is_none() {
            if let Some(doc) = &f.document {
                for t in lookup.objects(doc, &date_published)? {
                    if let Term::Literal(l) = t {
                        date = date.or_else(|| yyyymmdd(l.value()));
                    }
                }
            }
        }
        let document = match &f.document {
            Some(d) => document_id(&lookup, d)?,
            None => String::new(),
        };
        rows.push(CameoRow {
            date: date.unwrap_or_default(),
            source,
            source_country,
            target,
            target_country,
            quad_class: quad_class(&root_code),
            root_code,
            event_code,
            kind: f.kind.to_string(),
            document,
            event: event.clone(),
            actors: actor_labels,
            derived_code,
        });
    }
    rows.sort_by(|a, b| {
        (
            a.date.is_empty(),
            &a.date,
            &a.document,
            event_number(&a.event),
            &a.event,
        )
            .cmp(&(
                b.date.is_empty(),
                &b.date,
                &b.document,
                event_number(&b.event),
                &b.event,
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
        let actors: Vec<String> = r.actors.iter().map(|a| tsv_field(a)).collect();
        let cols = [
            r.date.clone(),
            tsv_field(&r.source),
            r.source_country.clone(),
            tsv_field(&r.target),
            r.target_country.clone(),
            r.event_code.clone(),
            r.root_code.clone(),
            r.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            r.kind.clone(),
            tsv_field(&r.document),
            r.event.clone(),
            actors.join(";"),
        ];
        s.push_str(&cols.join("\t"));
        s.push('\n');
    }
    out.write_all(s.as_bytes())
        .map_err(|e| Error::io("the CAMEO output", e))
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
        assert_eq!(appeal_code(&keys(&["humanitarian-access"])), "0233");
        assert_eq!(appeal_code(&keys(&["intervention"])), "0234");
        assert_eq!(appeal_code(&keys(&["release"])), "0253");
        assert_eq!(appeal_code(&keys(&["withdrawal"])), "020");
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
        assert_eq!(quad_class("18"), None);
    }
}
