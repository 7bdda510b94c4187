//! `newskg export --format plover`: the events of the store as PLOVER records, one JSON object
//! per line, with the field names of the PLOVER manual (openeventdata/PLOVER, "Data Fields":
//! `id`, `date`, `actor`, `recipient`, `event`, `mode`, `context`, `quad_code`, `event_scale`,
//! `text`, `text_info`, `cite_info`; entity objects with `code`, `sector`, `entity_text`,
//! `identifier_id`, `identifier_text`, `office`). Fields of our own, which the manual allows
//! ("named fields beyond those provided"), follow them: `cameo`, `kind`, `num_articles`,
//! `documents`, `events`.
//!
//! PLOVER keeps compound actors together: one record per event, its callers (or participants)
//! in `actor`, its addressees (or the host of a visit) in `recipient`, where the CAMEO table
//! makes one row per dyad. Records that say the same thing (same date, event, modes, actors,
//! recipients and CAMEO code) in several articles are one record whose `num_articles` counts
//! them.
//!
//! The mapping from our events (see [`plover_event`]):
//!
//! | our event | CAMEO | PLOVER event | mode | context |
//! | --- | --- | --- | --- | --- |
//! | appeal (*appeler à*), demand (*exiger*) | 02x, 10x | REQUEST | from the demands (below) | from the demands |
//! | contact by phone | 041 | CONSULT | phone | diplomatic |
//! | visit, hosting a visit | 042, 043 | CONSULT | visit (visitor = actor, host = recipient) | diplomatic |
//! | meeting at a third place | 044 | CONSULT | third-party | diplomatic |
//! | other consultation | 040 | CONSULT | — | diplomatic |
//! | announced meeting | 036 | AGREE | — | diplomatic |
//!
//! A meeting with more than two parties, or with an international organisation, also has the
//! mode `multilateral`. Demands give REQUEST modes and contexts: ceasefire, de-escalation,
//! restraint, end of violence, withdrawal, release, humanitarian access, no foreign
//! involvement and compliance ask the recipient to yield (`yield`); negotiations and
//! mediation to meet (`meet`); intervention (peacekeeping) for assistance (`assist`); the
//! protection of civilians for a change of conduct (`change`). Contexts: `military`
//! (ceasefire, de-escalation, restraint, end of violence, withdrawal, no foreign involvement),
//! `diplomatic` (negotiations, mediation, compliance), `human_security` (humanitarian
//! access), `human_rights` (protection of civilians), `legal` (release), `peacekeeping`
//! (intervention). The PLOVER manual codes a call to end a conflict made by one of its parties
//! as AGREE; the graph does not know who is party to a conflict, so every appeal is a REQUEST.
//! `event_scale` is the PLOVER score of the event and its first mode; `quad_code` the
//! manual's quad category (REQUEST is verbal conflict, 3; CONSULT and AGREE verbal
//! cooperation, 1).

use std::collections::BTreeMap;
use std::io::Write;

use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use serde::Serialize;

use crate::cameo::{concept_key, document_id, event_code, first_value, iri, read_events, yyyymmdd, EventFacts, Lookup};
use crate::error::{Error, Result};
use crate::vocab;

/// The codebook named in every record's `cite_info`.
pub const CODEBOOK: &str = "PLOVER 2.0 (draft manual, openeventdata/PLOVER)";

/// An actor or recipient: the entity object of the PLOVER manual.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PloverEntity {
    /// ISO 3166-1 alpha-3 code of the state, or UNO, EUR, NGO, IGO for international bodies.
    pub code: Option<String>,
    /// GOV or MIL.
    pub sector: Option<String>,
    /// The words of the sentence that name it.
    pub entity_text: Option<String>,
    /// Its Wikidata id (`Q159`).
    pub identifier_id: Option<String>,
    /// Its name (in the language asked, English by default).
    pub identifier_text: String,
    /// The office it holds (`foreign-minister`).
    pub office: Option<String>,
    /// Its IRI in the graph (ours).
    pub entity: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TextInfo {
    /// Sentence number in the document, from 0.
    pub sequence: Option<usize>,
    /// Character offsets of the sentence in the document text (as NIF counts them).
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CiteInfo {
    pub url: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
    pub coder: String,
    pub codebook: String,
}

/// One PLOVER record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PloverRecord {
    /// The IRI of the (first) event it comes from.
    pub id: String,
    /// `YYYY-MM-DD`: the event's date, else its article's publication date; null when unknown.
    pub date: Option<String>,
    pub event: Vec<String>,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub quad_code: u8,
    pub event_scale: f64,
    pub actor: Vec<PloverEntity>,
    pub recipient: Vec<PloverEntity>,
    /// The sentence.
    pub text: String,
    pub text_info: TextInfo,
    pub cite_info: CiteInfo,
    /// The CAMEO code of the event (ours).
    pub cameo: String,
    /// `appeal` or `contact` (ours).
    pub kind: String,
    /// How many articles report it.
    pub num_articles: usize,
    /// Their document ids.
    pub documents: Vec<String>,
    /// The IRIs of the events merged into this record.
    pub events: Vec<String>,
}

/// PLOVER event, modes and contexts of one of our events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PloverCoding {
    pub event: &'static str,
    pub modes: Vec<&'static str>,
    pub contexts: Vec<&'static str>,
}

/// REQUEST mode of a demand key.
fn request_mode(demand: &str) -> Option<&'static str> {
    Some(match demand {
        "ceasefire" | "de-escalation" | "restraint" | "end-violence" | "withdrawal" | "release" | "humanitarian-access"
        | "no-foreign-involvement" | "compliance" => "yield",
        "negotiations" | "mediation" => "meet",
        "intervention" => "assist",
        "civilian-protection" => "change",
        _ => return None,
    })
}

/// Context of a demand key.
fn demand_context(demand: &str) -> Option<&'static str> {
    Some(match demand {
        "ceasefire" | "de-escalation" | "restraint" | "end-violence" | "withdrawal" | "no-foreign-involvement" => "military",
        "negotiations" | "mediation" | "compliance" => "diplomatic",
        "humanitarian-access" => "human_security",
        "civilian-protection" => "human_rights",
        "release" => "legal",
        "intervention" => "peacekeeping",
        _ => return None,
    })
}

/// The PLOVER coding of an event from its kind (`appeal`, `contact`), CAMEO code, demand keys,
/// and, for meetings, whether it is multilateral (see the module comment).
pub fn plover_event(kind: &str, cameo: &str, demands: &[String], multilateral: bool) -> PloverCoding {
    let push = |v: &mut Vec<&'static str>, x: Option<&'static str>| {
        if let Some(x) = x {
            if !v.contains(&x) {
                v.push(x);
            }
        }
    };
    if cameo.starts_with("036") {
        return PloverCoding { event: "AGREE", modes: vec![], contexts: vec!["diplomatic"] };
    }
    let consult = cameo.starts_with("04") || (kind == "contact" && !cameo.starts_with("02") && !cameo.starts_with("10"));
    if consult {
        let mut modes = Vec::new();
        push(
            &mut modes,
            match cameo {
                "041" => Some("phone"),
                "042" | "043" => Some("visit"),
                "044" => Some("third-party"),
                _ => None,
            },
        );
        if multilateral {
            push(&mut modes, Some("multilateral"));
        }
        return PloverCoding { event: "CONSULT", modes, contexts: vec!["diplomatic"] };
    }
    // Appeals and demands. Modes in a fixed order, so that the first is the most specific.
    let (mut modes, mut contexts) = (Vec::new(), Vec::new());
    let mut keys: Vec<&str> = demands.iter().map(String::as_str).collect();
    const ORDER: &[&str] = &["yield", "meet", "assist", "change"];
    keys.sort_by_key(|k| request_mode(k).and_then(|m| ORDER.iter().position(|o| *o == m)).unwrap_or(ORDER.len()));
    for k in keys {
        push(&mut modes, request_mode(k));
        push(&mut contexts, demand_context(k));
    }
    PloverCoding { event: "REQUEST", modes, contexts }
}

/// The PLOVER manual's quad category of an event type.
pub fn quad_code(event: &str) -> u8 {
    match event {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" => 2,
        "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" => 3,
        _ => 4,
    }
}

/// The PLOVER score (conflict −10 … +10 cooperation) of an event and its main mode.
pub fn event_scale(event: &str, mode: Option<&str>) -> f64 {
    match (event, mode) {
        ("CONSULT", Some("visit")) | ("CONSULT", Some("multilateral")) => 4.0,
        ("CONSULT", Some("third-party")) => 1.0,
        ("CONSULT", Some("phone")) => 1.5,
        ("CONSULT", _) | ("AGREE", _) => 2.5,
        ("REQUEST", Some("assist")) => 0.5,
        ("REQUEST", Some("change")) | ("REQUEST", Some("yield")) => -1.0,
        ("REQUEST", _) => 0.0,
        _ => 0.0,
    }
}

/// PLOVER's code for an international body: the UN and its organs, the EU and its
/// institutions, non-governmental organisations; IGO for the others.
fn international_code(org_key: &str) -> &'static str {
    match org_key {
        "un" | "unsc" | "unga" | "unhrc" | "unhcr" | "unicef" | "unrwa" | "wfp" | "who" => "UNO",
        "eu" | "european-commission" | "council-of-the-eu" | "european-council" | "european-parliament" | "eeas" => "EUR",
        "icrc" | "ifrc" | "red-cross-movement" | "amnesty" | "hrw" | "msf" => "NGO",
        _ => "IGO",
    }
}

/// The entity object of an entity, built once (`done`); `entity_text` is filled per sentence.
fn entity_object(l: &mut Lookup<'_>, done: &mut BTreeMap<String, PloverEntity>, entity: &str) -> Result<PloverEntity> {
        if let Some(e) = done.get(entity) {
            return Ok(e.clone());
        }
        let country = l.country(entity)?;
        let kind = l.actor_type(entity)?;
        let org_key = entity.rsplit_once("/entity/org/").map(|(_, k)| k.to_string());
        let code = if !country.is_empty() {
            Some(country)
        } else if kind == "IGO" {
            Some(international_code(org_key.as_deref().unwrap_or("")).to_string())
        } else {
            None
        };
        let sector = matches!(kind.as_str(), "GOV" | "MIL").then(|| kind.clone());
        let wikidata = l.objects(entity, &iri(vocab::OWL, "sameAs"))?.into_iter().find_map(|t| match t {
            Term::NamedNode(n) => n.as_str().strip_prefix(vocab::WD).map(str::to_string),
            _ => None,
        });
        let mut office = first_value(l, entity, &iri(vocab::NKG, "office"))?;
        if office.is_none() {
            for t in l.objects(entity, &iri(vocab::NKG, "holdsRole"))? {
                if let Term::NamedNode(role) = t {
                    office = first_value(l, role.as_str(), &iri(vocab::NKG, "office"))?;
                    if office.is_some() {
                        break;
                    }
                }
            }
        }
        let e = PloverEntity {
            code,
            sector,
            entity_text: None,
            identifier_id: wikidata,
            identifier_text: l.label(entity)?,
            office,
            entity: entity.to_string(),
        };
        done.insert(entity.to_string(), e.clone());
        Ok(e)
}

/// The words that name each entity in a sentence (first mention), from the NIF mentions.
fn mention_texts(store: &Store, sentence: &str) -> Result<BTreeMap<String, String>> {
    let s = NamedNode::new_unchecked(sentence);
    let (p_sentence, p_anchor, p_ref) = (iri(vocab::NIF, "sentence"), iri(vocab::NIF, "anchorOf"), iri(vocab::ITSRDF, "taIdentRef"));
    let mut found: Vec<(usize, String, String)> = Vec::new();
    for q in store.quads_for_pattern(None, Some(p_sentence.as_ref()), Some(s.as_ref().into()), None) {
        let q = q?;
        let oxigraph::model::NamedOrBlankNode::NamedNode(m) = q.subject else { continue };
        let (mut anchor, mut entity) = (None, None);
        let mut begin = usize::MAX;
        for mq in store.quads_for_pattern(Some(m.as_ref().into()), None, None, None) {
            let mq = mq?;
            if mq.predicate == p_anchor {
                if let Term::Literal(l) = &mq.object {
                    anchor = Some(l.value().to_string());
                }
            } else if mq.predicate == p_ref {
                if let Term::NamedNode(n) = &mq.object {
                    entity = Some(n.as_str().to_string());
                }
            } else if mq.predicate.as_str() == format!("{}beginIndex", vocab::NIF) {
                if let Term::Literal(l) = &mq.object {
                    begin = l.value().parse().unwrap_or(usize::MAX);
                }
            }
        }
        if let (Some(a), Some(e)) = (anchor, entity) {
            found.push((begin, e, a));
        }
    }
    found.sort();
    let mut out = BTreeMap::new();
    for (_, e, a) in found {
        out.entry(e).or_insert(a);
    }
    Ok(out)
}

/// All appeals and contacts of the store as PLOVER records, identical ones merged, sorted by
/// date (undated last), then document and id; `identifier_text` in English where it can be.
pub fn plover_records(store: &Store) -> Result<Vec<PloverRecord>> {
    plover_records_in(store, "en")
}

/// [`plover_records`] with `identifier_text` in `lang` (`fr`, `en`) where it can be.
pub fn plover_records_in(store: &Store, lang: &str) -> Result<Vec<PloverRecord>> {
    let events = read_events(store)?;
    let mut lookup = Lookup::new(store, lang);
    let mut done = BTreeMap::new();
    let mut merged: BTreeMap<(Option<String>, String, Vec<String>, Vec<String>, Vec<String>, String), PloverRecord> = BTreeMap::new();
    let coder = format!("newskg {}", env!("CARGO_PKG_VERSION"));
    for (event, f) in &events {
        let (cameo, _) = event_code(&lookup, f)?;
        let mut demands = Vec::with_capacity(f.demands.len());
        for d in &f.demands {
            demands.push(concept_key(&lookup, d)?);
        }
        let (actors, recipients) = roles(f, &cameo);
        let mut actor = Vec::new();
        for a in &actors {
            actor.push(entity_object(&mut lookup, &mut done, a)?);
        }
        let mut recipient = Vec::new();
        for r in &recipients {
            recipient.push(entity_object(&mut lookup, &mut done, r)?);
        }
        let multilateral = f.participants.len() > 2 || actor.iter().chain(&recipient).any(|e| matches!(e.code.as_deref(), Some("IGO" | "UNO" | "EUR")));
        let coding = plover_event(f.kind, &cameo, &demands, multilateral);
        // The sentence, its place, the words naming each actor.
        let (mut text, mut text_info) = (String::new(), TextInfo::default());
        if let Some(s) = &f.sentence {
            text = first_value(&lookup, s, &iri(vocab::NIF, "anchorOf"))?.unwrap_or_default();
            text_info.sequence = s.rsplit_once("/sentence/").and_then(|(_, n)| n.parse().ok());
            text_info.start = first_value(&lookup, s, &iri(vocab::NIF, "beginIndex"))?.and_then(|v| v.parse().ok());
            text_info.end = first_value(&lookup, s, &iri(vocab::NIF, "endIndex"))?.and_then(|v| v.parse().ok());
            let words = mention_texts(store, s)?;
            for e in actor.iter_mut().chain(recipient.iter_mut()) {
                e.entity_text = words.get(&e.entity).cloned();
            }
        }
        let mut date = f.date.as_deref().and_then(yyyymmdd).map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        let mut cite = CiteInfo { coder: coder.clone(), codebook: CODEBOOK.to_string(), ..Default::default() };
        let mut document = None;
        if let Some(doc) = &f.document {
            if date.is_none() {
                date = first_value(&lookup, doc, &iri(vocab::SCHEMA, "datePublished"))?
                    .as_deref()
                    .and_then(yyyymmdd)
                    .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
            }
            cite.url = first_value(&lookup, doc, &iri(vocab::SCHEMA, "url"))?;
            cite.title = first_value(&lookup, doc, &iri(vocab::SCHEMA, "headline"))?;
            cite.language = first_value(&lookup, doc, &iri(vocab::SCHEMA, "inLanguage"))?;
            document = Some(document_id(&lookup, doc)?);
        }
        let key = (
            date.clone(),
            coding.event.to_string(),
            coding.modes.iter().map(|m| m.to_string()).collect(),
            actors.clone(),
            recipients.clone(),
            cameo.clone(),
        );
        let record = merged.entry(key).or_insert_with(|| PloverRecord {
            id: event.clone(),
            date,
            event: vec![coding.event.to_string()],
            mode: coding.modes.iter().map(|m| m.to_string()).collect(),
            context: coding.contexts.iter().map(|c| c.to_string()).collect(),
            quad_code: quad_code(coding.event),
            event_scale: event_scale(coding.event, coding.modes.first().copied()),
            actor,
            recipient,
            text,
            text_info,
            cite_info: cite,
            cameo: cameo.clone(),
            kind: f.kind.to_string(),
            num_articles: 0,
            documents: Vec::new(),
            events: Vec::new(),
        });
        if let Some(d) = document {
            if !record.documents.contains(&d) {
                record.documents.push(d);
                record.documents.sort();
            }
        }
        record.num_articles = record.documents.len().max(1);
        record.events.push(event.clone());
        for c in &coding.contexts {
            if !record.context.iter().any(|x| x == c) {
                record.context.push(c.to_string());
            }
        }
    }
    let mut records: Vec<PloverRecord> = merged.into_values().collect();
    records.sort_by(|a, b| (a.date.is_none(), &a.date, &a.documents, &a.id).cmp(&(b.date.is_none(), &b.date, &b.documents, &b.id)));
    Ok(records)
}

/// Actors and recipients of an event, as PLOVER assigns them: callers → addressees; the
/// visitor → the host of a visit (either way the text tells it); every participant of any
/// other meeting as actor, no recipient.
fn roles(f: &EventFacts, cameo: &str) -> (Vec<String>, Vec<String>) {
    if f.kind == "appeal" {
        return (f.callers.iter().cloned().collect(), f.addressees.iter().cloned().collect());
    }
    if matches!(cameo, "042" | "043") && !f.visitors.is_empty() && !f.hosts.is_empty() {
        return (f.visitors.iter().cloned().collect(), f.hosts.iter().cloned().collect());
    }
    (f.participants.iter().cloned().collect(), Vec::new())
}

/// Writes the records as JSON Lines.
pub fn write_plover_jsonl(records: &[PloverRecord], out: &mut dyn Write) -> Result<()> {
    for r in records {
        let line = serde_json::to_string(r).map_err(|e| Error::io("the PLOVER output", std::io::Error::other(e)))?;
        out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(|e| Error::io("the PLOVER output", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn appeals_and_demands_are_requests_with_modes_and_contexts() {
        let c = plover_event("appeal", "0256", &keys(&["negotiations", "ceasefire"]), false);
        assert_eq!((c.event, c.modes.as_slice(), c.contexts.as_slice()), ("REQUEST", &["yield", "meet"][..], &["military", "diplomatic"][..]));
        let c = plover_event("appeal", "1056", &keys(&["withdrawal"]), false);
        assert_eq!((c.event, c.modes.as_slice(), c.contexts.as_slice()), ("REQUEST", &["yield"][..], &["military"][..]));
        let c = plover_event("appeal", "0255", &keys(&["humanitarian-access"]), false);
        assert_eq!(c.contexts, ["human_security"]);
        let c = plover_event("appeal", "0234", &keys(&["intervention"]), false);
        assert_eq!((c.modes.as_slice(), c.contexts.as_slice()), (&["assist"][..], &["peacekeeping"][..]));
        let c = plover_event("appeal", "020", &keys(&["other"]), false);
        assert_eq!((c.event, c.modes.len(), c.contexts.len()), ("REQUEST", 0, 0));
        assert_eq!(quad_code("REQUEST"), 3);
        assert_eq!(event_scale("REQUEST", Some("yield")), -1.0);
    }

    #[test]
    fn contacts_are_consultations_and_announced_meetings_agreements() {
        let c = plover_event("contact", "041", &[], false);
        assert_eq!((c.event, c.modes.as_slice()), ("CONSULT", &["phone"][..]));
        assert_eq!(plover_event("contact", "043", &[], false).modes, ["visit"]);
        assert_eq!(plover_event("contact", "044", &[], true).modes, ["third-party", "multilateral"]);
        assert!(plover_event("contact", "040", &[], false).modes.is_empty());
        let c = plover_event("contact", "036", &[], false);
        assert_eq!((c.event, c.modes.len()), ("AGREE", 0));
        assert_eq!(quad_code("CONSULT"), 1);
        assert_eq!(event_scale("CONSULT", Some("visit")), 4.0);
        assert_eq!(international_code("unsc"), "UNO");
        assert_eq!(international_code("eeas"), "EUR");
        assert_eq!(international_code("osce"), "IGO");
    }
}
