//! JSON Lines records of `extract --format jsonl` (DESIGN.md, "Event records"): one document
//! line, then its events, then its triples.

use crate::extract::{Event, EventKind, Fact, Statement};
use crate::pipeline::Processed;
use crate::rdf::entity_iri;
use crate::resolve::Entity;
use crate::vocab::Iris;
use serde_json::{json, Value};

pub fn entity_json(e: &Entity, iris: &Iris) -> Value {
    json!({
        "label": e.label,
        "id": entity_iri(iris, e),
        "type": e.etype.as_str(),
        "country": e.country,
        "wikidata": e.wikidata,
    })
}

pub fn document_json(d: &Processed, iris: &Iris) -> Value {
    let (events, triples) = d.facts.iter().fold((0, 0), |(e, t), f| match f {
        Fact::Event(_) => (e + 1, t),
        Fact::Statement(_) => (e, t + 1),
    });
    json!({
        "type": "document",
        "id": d.id,
        "iri": iris.doc(&d.id),
        "source": d.source,
        "title": d.title,
        "date": d.date,
        "url": d.url,
        "lang": d.lang,
        "bytes": d.bytes,
        "sentences": d.sentences.len(),
        "events": events,
        "triples": triples,
    })
}

pub fn event_json(d: &Processed, e: &Event, iris: &Iris) -> Value {
    let ents = |v: &[Entity]| v.iter().map(|x| entity_json(x, iris)).collect::<Vec<_>>();
    let evidence = d.sentences.get(e.sentence).map(|s| s.text.as_str()).unwrap_or("");
    let mut v = json!({
        "type": "event",
        "kind": match e.kind { EventKind::Appeal => "appeal", EventKind::Contact => "contact" },
        "doc": d.id,
        "sentence": e.sentence,
        "span": [e.span.0, e.span.1],
        "date": e.date,
        "date_text": e.date_text,
        "channel": e.channel,
        "cameo": e.cameo,
        "rule": e.rule,
        "evidence": evidence,
    });
    let obj = v.as_object_mut().expect("object");
    match e.kind {
        EventKind::Appeal => {
            obj.insert("caller".into(), json!(ents(&e.caller)));
            obj.insert("addressee".into(), json!(ents(&e.addressee)));
            obj.insert("demand".into(), json!(e.demands));
        }
        EventKind::Contact => {
            obj.insert("participants".into(), json!(ents(&e.participants)));
            obj.insert("topic".into(), json!(e.topic));
        }
    }
    v
}

pub fn triple_json(d: &Processed, s: &Statement, iris: &Iris) -> Value {
    let ents = |v: &[Entity]| v.iter().map(|x| entity_json(x, iris)).collect::<Vec<_>>();
    json!({
        "type": "triple",
        "doc": d.id,
        "sentence": s.sentence,
        "span": [s.span.0, s.span.1],
        "subject": ents(&s.subject),
        "predicate": s.predicate,
        "object": if s.object.is_empty() { json!(s.object_text) } else { json!(ents(&s.object)) },
        "negated": s.negated,
        "rule": s.rule,
    })
}

/// All the lines of one document.
pub fn lines(d: &Processed, iris: &Iris) -> Vec<Value> {
    let mut out = vec![document_json(d, iris)];
    for f in &d.facts {
        if let Fact::Event(e) = f {
            out.push(event_json(d, e, iris));
        }
    }
    for f in &d.facts {
        if let Fact::Statement(s) = f {
            out.push(triple_json(d, s, iris));
        }
    }
    out
}
