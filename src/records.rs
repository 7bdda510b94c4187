//! JSON Lines records of `extract --format jsonl` (DESIGN.md, "Event records"): one document
//! line, then its events, then its triples.
//!
//! Records are borrowed views serialised straight to the writer (no intermediate JSON tree);
//! fields are declared in alphabetical order, the order consumers have always seen.

use crate::extract::{Demand, Event, EventKind, Fact, Statement};
use crate::pipeline::Processed;
use crate::rdf::entity_iri;
use crate::resolve::Entity;
use crate::vocab::Iris;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct EntityRecord<'a> {
    country: &'a Option<String>,
    id: String,
    label: &'a str,
    #[serde(rename = "type")]
    etype: &'a str,
    wikidata: &'a Option<String>,
}

fn entities<'a>(v: &'a [Entity], iris: &Iris) -> Vec<EntityRecord<'a>> {
    v.iter()
        .map(|e| EntityRecord { country: &e.country, id: entity_iri(iris, e), label: &e.label, etype: e.etype.as_str(), wikidata: &e.wikidata })
        .collect()
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    bytes: usize,
    date: &'a Option<String>,
    events: usize,
    id: &'a str,
    iri: String,
    lang: &'a str,
    sentences: usize,
    source: &'a str,
    title: &'a Option<String>,
    triples: usize,
    #[serde(rename = "type")]
    rtype: &'static str,
    url: &'a Option<String>,
}

#[derive(Serialize)]
struct EventRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    addressee: Option<Vec<EntityRecord<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caller: Option<Vec<EntityRecord<'a>>>,
    cameo: &'a str,
    channel: &'a Option<String>,
    date: &'a Option<String>,
    date_text: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    demand: Option<&'a [Demand]>,
    doc: &'a str,
    evidence: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partial: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    participants: Option<Vec<EntityRecord<'a>>>,
    rule: &'a str,
    sentence: usize,
    span: [usize; 2],
    /// Contacts only: `Some(None)` is written as `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a Option<String>>,
    #[serde(rename = "type")]
    rtype: &'static str,
}

/// A triple's object: entities, or the text when no entity was found.
#[derive(Serialize)]
#[serde(untagged)]
enum ObjectRecord<'a> {
    Entities(Vec<EntityRecord<'a>>),
    Text(&'a Option<String>),
}

/// A further argument of a clause statement (time, place, agent, with, object, complement).
#[derive(Serialize)]
struct ArgumentRecord<'a> {
    kind: &'a str,
    span: [usize; 2],
    text: &'a str,
}

#[derive(Serialize)]
struct TripleRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    arguments: Option<Vec<ArgumentRecord<'a>>>,
    /// Position of a clause statement among its sentence's statements (`parent` refers to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    clause: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    doc: &'a str,
    negated: bool,
    object: ObjectRecord<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    object_span: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    object_text: Option<&'a str>,
    /// The clause statement whose object this one is (reported speech, complement clauses).
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    polarity: Option<&'static str>,
    predicate: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    predicate_span: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    predicate_text: Option<&'a str>,
    rule: &'a str,
    sentence: usize,
    span: [usize; 2],
    subject: Vec<EntityRecord<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_span: Option<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tense: Option<&'static str>,
    #[serde(rename = "type")]
    rtype: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    voice: Option<&'static str>,
}

fn document_record<'a>(d: &'a Processed, iris: &Iris) -> DocumentRecord<'a> {
    let (events, triples) = d.facts.iter().fold((0, 0), |(e, t), f| match f {
        Fact::Event(_) => (e + 1, t),
        Fact::Statement(_) => (e, t + 1),
    });
    DocumentRecord {
        bytes: d.bytes,
        date: &d.date,
        events,
        id: &d.id,
        iri: iris.doc(&d.id),
        lang: &d.lang,
        sentences: d.sentences.len(),
        source: &d.source,
        title: &d.title,
        triples,
        rtype: "document",
        url: &d.url,
    }
}

fn event_record<'a>(d: &'a Processed, e: &'a Event, iris: &Iris) -> EventRecord<'a> {
    let appeal = e.kind == EventKind::Appeal;
    EventRecord {
        addressee: appeal.then(|| entities(&e.addressee, iris)),
        caller: appeal.then(|| entities(&e.caller, iris)),
        cameo: &e.cameo,
        channel: &e.channel,
        date: &e.date,
        date_text: &e.date_text,
        demand: appeal.then_some(e.demands.as_slice()),
        doc: &d.id,
        evidence: d.sentences.get(e.sentence).map(|s| s.text.as_str()).unwrap_or(""),
        kind: if appeal { "appeal" } else { "contact" },
        partial: e.partial,
        participants: (!appeal).then(|| entities(&e.participants, iris)),
        rule: &e.rule,
        sentence: e.sentence,
        span: char_span(d, e.sentence, e.span),
        topic: (!appeal).then_some(&e.topic),
        rtype: "event",
    }
}

fn triple_record<'a>(d: &'a Processed, s: &'a Statement, iris: &Iris) -> TripleRecord<'a> {
    let c = s.clause.as_ref();
    let cs = |span: (usize, usize)| char_span(d, s.sentence, span);
    TripleRecord {
        arguments: c.map(|c| c.arguments.iter().map(|a| ArgumentRecord { kind: a.kind, span: cs(a.phrase.span), text: &a.phrase.text }).collect()),
        clause: c.map(|c| c.id),
        confidence: c.map(|c| (c.confidence * 1000.0).round() / 1000.0),
        doc: &d.id,
        negated: s.negated,
        object: if s.object.is_empty() { ObjectRecord::Text(&s.object_text) } else { ObjectRecord::Entities(entities(&s.object, iris)) },
        object_span: c.and_then(|c| c.object.as_ref()).map(|o| cs(o.span)),
        object_text: c.map(|c| c.object.as_ref().map(|o| o.text.as_str()).unwrap_or("")),
        parent: c.and_then(|c| c.parent),
        polarity: c.map(|_| if s.negated { "negative" } else { "positive" }),
        predicate: &s.predicate,
        predicate_span: c.map(|c| cs(c.predicate.span)),
        predicate_text: c.map(|c| c.predicate.text.as_str()),
        rule: &s.rule,
        sentence: s.sentence,
        span: char_span(d, s.sentence, s.span),
        subject: entities(&s.subject, iris),
        subject_span: c.map(|c| cs(c.subject.span)),
        subject_text: c.map(|c| c.subject.text.as_str()),
        tense: c.and_then(|c| c.tense),
        rtype: "triple",
        voice: c.map(|c| c.voice),
    }
}

/// A fact's span in Unicode code points of the document text (as DESIGN.md and NIF say),
/// from its byte span inside its sentence.
pub(crate) fn char_span(d: &Processed, sentence: usize, span: (usize, usize)) -> [usize; 2] {
    let Some(s) = d.sentences.get(sentence) else { return [0, 0] };
    let at = |b: usize| -> usize {
        let rel = b.clamp(s.start, s.end) - s.start;
        s.char_start + s.text.get(..rel).map(|t| t.chars().count()).unwrap_or(s.char_end - s.char_start)
    };
    [at(span.0), at(span.1)]
}

fn line<W: Write>(out: &mut W, record: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes all the lines of one document: the document, its events, its triples.
pub fn write_lines<W: Write>(out: &mut W, d: &Processed, iris: &Iris) -> std::io::Result<()> {
    line(out, &document_record(d, iris))?;
    for f in &d.facts {
        if let Fact::Event(e) = f {
            line(out, &event_record(d, e, iris))?;
        }
    }
    for f in &d.facts {
        if let Fact::Statement(s) = f {
            line(out, &triple_record(d, s, iris))?;
        }
    }
    Ok(())
}
