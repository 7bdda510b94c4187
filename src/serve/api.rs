//! What the web page asks for besides `/sparql`: the call graph drawn by Graphviz, events with
//! their sentence cut into highlighted segments, entity pages, and the example questions.
//! Everything is read through SPARQL over the union of the store's graphs.

use super::{error_response, json, response, App};
use crate::error::{Error, Result};
use crate::graph::{CallGraph, GraphOptions, Kind, Render, View};
use crate::query::{select_strings, WHO_CALLED_WHOM};
use clap::ValueEnum;
use oxhttp::model::{Body, HeaderValue, Response, StatusCode};
use oxigraph::model::NamedNode;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

type Params = BTreeMap<String, String>;

fn param<'a>(p: &'a Params, name: &str) -> Option<&'a str> {
    p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// The example questions of the README, shown by the query editor (kept here so that a test
/// runs each of them).
pub(crate) fn example_queries() -> Vec<(&'static str, String)> {
    vec![
        ("Who called on whom, for what, how often", WHO_CALLED_WHOM.to_string()),
        (
            "Who called for a ceasefire?",
            "SELECT DISTINCT ?who ?label WHERE {\n  ?who nkg:calledFor <https://w3id.org/newskg/resource/concept/ceasefire> ; rdfs:label ?label }".to_string(),
        ),
        (
            "Who called on whom, with the demand and the sentence",
            "SELECT ?caller ?addressee ?demand ?sentence WHERE {\n  ?e a nkg:Appeal ; nkg:caller/rdfs:label ?caller ; nkg:demand/skos:notation ?demand ;\n     prov:wasDerivedFrom/nif:anchorOf ?sentence .\n  OPTIONAL { ?e nkg:addressee/rdfs:label ?addressee }\n}".to_string(),
        ),
        (
            "Who talked with whom, and how",
            "SELECT ?a ?b ?channel WHERE {\n  ?e a nkg:Contact ; nkg:participant ?a, ?b ; nkg:channel ?channel\n  FILTER(STR(?a) < STR(?b)) }".to_string(),
        ),
        (
            "Actors and their Wikidata entities",
            "SELECT DISTINCT ?actor ?label ?wikidata WHERE {\n  ?e nkg:caller|nkg:addressee|nkg:participant ?actor .\n  ?actor rdfs:label ?label ; owl:sameAs ?wikidata }\nORDER BY ?label".to_string(),
        ),
    ]
}

/// `/api/info`: the example questions and what the page needs to know about the server.
pub(crate) fn info(app: &App) -> Value {
    json!({
        "base": app.iris.base,
        "prefixes": crate::query::prefixes(&app.iris).into_iter().map(|(p, ns)| json!([p, ns])).collect::<Vec<_>>(),
        "limit": app.options.limit,
        "timeout": app.options.timeout.as_secs_f64(),
        "examples": example_queries().into_iter().map(|(title, query)| json!({ "title": title, "query": query })).collect::<Vec<_>>(),
    })
}

/// `/graph.svg` and `/graph.dot`: the graph of `newskg graph` with its filters as parameters
/// (`by`, `kind`, `actor`, `demand`, `since`, `until`, `min_count`). Without Graphviz the SVG
/// request gets the DOT text and a message in `X-Newskg-Message`.
pub(crate) fn graph(app: &App, p: &Params, svg: bool) -> Response<Body> {
    let options = match graph_options(p) {
        Ok(o) => o,
        Err(e) => return error_response(&e),
    };
    let g = match CallGraph::from_store(&app.store, &options) {
        Ok(g) => g,
        Err(e) => return error_response(&e),
    };
    let dot = g.to_dot();
    if svg {
        match crate::graph::render(&dot, Render::Svg, &app.options.graphviz) {
            Ok(bytes) => return response(StatusCode::OK, "image/svg+xml", bytes),
            Err(e) => {
                let mut r = response(StatusCode::OK, "text/vnd.graphviz; charset=utf-8", dot);
                let message = format!("Graphviz could not draw the graph ({e}); here is its DOT text");
                let ascii: String = message.chars().map(|c| if c.is_ascii() && !c.is_control() { c } else { '?' }).collect();
                if let Ok(v) = HeaderValue::from_str(&ascii) {
                    r.headers_mut().insert("X-Newskg-Message", v);
                }
                return r;
            }
        }
    }
    response(StatusCode::OK, "text/vnd.graphviz; charset=utf-8", dot)
}

fn graph_options(p: &Params) -> Result<GraphOptions> {
    let mut o = GraphOptions::default();
    if let Some(by) = param(p, "by") {
        o.by = View::from_str(by, true).map_err(|_| Error::Usage(format!("by={by}: expected actor or country")))?;
    }
    if let Some(kind) = param(p, "kind") {
        o.kind = Kind::from_str(kind, true).map_err(|_| Error::Usage(format!("kind={kind}: expected appeal, contact or all")))?;
    }
    o.actor = param(p, "actor").map(str::to_string);
    o.demand = param(p, "demand").map(str::to_string);
    o.since = param(p, "since").map(str::to_string);
    o.until = param(p, "until").map(str::to_string);
    if let Some(lang) = param(p, "lang") {
        o.lang = crate::labels::parse_lang(lang).map_err(|e| Error::Usage(format!("lang={lang}: {e}")))?;
    }
    if let Some(n) = param(p, "min_count") {
        o.min_count = n.parse().map_err(|_| Error::Usage(format!("min_count={n}: expected a whole number")))?;
    }
    Ok(o)
}

/// An IRI parameter, checked (so it can be written `<…>` into a query).
fn iri_param(p: &Params, name: &str) -> Result<Option<String>> {
    match param(p, name) {
        None => Ok(None),
        Some(v) => NamedNode::new(v).map(|n| Some(n.into_string())).map_err(|e| Error::Usage(format!("{name}={v} is not an IRI: {e}"))),
    }
}

/// A SPARQL string literal.
fn literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn values(iris: &BTreeSet<String>) -> String {
    iris.iter().map(|i| format!("<{i}>")).collect::<Vec<_>>().join(" ")
}

/// Labels of entities: language → text, French first when showing one.
fn labels(app: &App, entities: &BTreeSet<String>) -> Result<BTreeMap<String, BTreeMap<String, String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    if entities.is_empty() {
        return Ok(out);
    }
    let q = format!("SELECT DISTINCT ?x ?l (LANG(?l) AS ?lang) WHERE {{ VALUES ?x {{ {} }} ?x rdfs:label ?l }}", values(entities));
    for r in select_strings(&app.store, &q, &app.iris)? {
        out.entry(r[0].clone()).or_default().entry(r[2].clone()).or_insert_with(|| r[1].clone());
    }
    Ok(out)
}

fn best(labels: Option<&BTreeMap<String, String>>, iri: &str) -> String {
    labels
        .and_then(|l| l.get("fr").or_else(|| l.get("en")).or_else(|| l.values().next()))
        .cloned()
        .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).to_string())
}

/// A highlighted stretch of a sentence, in characters from the sentence start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub start: usize,
    pub end: usize,
    /// `caller`, `addressee`, `participant` or `demand`.
    pub role: String,
    /// The entity (or demand concept key) it stands for.
    pub what: String,
}

/// Cuts a sentence into plain and marked segments; overlapping marks keep the first (by start,
/// then longest).
pub(crate) fn segments(sentence: &str, mut marks: Vec<Mark>) -> Vec<Value> {
    let chars: Vec<char> = sentence.chars().collect();
    marks.retain(|m| m.start < m.end && m.end <= chars.len());
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = Vec::new();
    let mut at = 0;
    for m in marks {
        if m.start < at {
            continue;
        }
        if m.start > at {
            out.push(json!({ "text": chars[at..m.start].iter().collect::<String>() }));
        }
        out.push(json!({ "text": chars[m.start..m.end].iter().collect::<String>(), "role": m.role, "ref": m.what }));
        at = m.end;
    }
    if at < chars.len() {
        out.push(json!({ "text": chars[at..].iter().collect::<String>() }));
    }
    out
}

/// Where `needle` occurs in `hay`, in characters, ignoring case.
fn find_chars(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let h: Vec<char> = hay.chars().flat_map(char::to_lowercase).collect();
    let n: Vec<char> = needle.trim().chars().flat_map(char::to_lowercase).collect();
    // Lowercasing can change the number of chars (rare: İ); only trust equal lengths.
    if n.is_empty() || h.len() != hay.chars().count() || n.len() != needle.trim().chars().count() {
        return None;
    }
    h.windows(n.len()).position(|w| w == n.as_slice()).map(|i| (i, i + n.len()))
}

fn number(s: &str) -> Option<usize> {
    s.parse().ok()
}

/// `/api/events?kind=appeal|contact|all&actor=IRI&doc=ID&offset=N&limit=N`: events with their
/// sentence as segments (caller, addressee, participants from the NIF offsets of their
/// mentions; demands where their words occur).
pub(crate) fn events(app: &App, p: &Params) -> Response<Body> {
    match events_json(app, p) {
        Ok(v) => json(StatusCode::OK, &v),
        Err(e) => error_response(&e),
    }
}

pub(crate) fn events_json(app: &App, p: &Params) -> Result<Value> {
    let kind = param(p, "kind").unwrap_or("all");
    let classes = match kind {
        "appeal" => "nkg:Appeal",
        "contact" => "nkg:Contact",
        "all" => "nkg:Appeal nkg:Contact",
        other => return Err(Error::Usage(format!("kind={other}: expected appeal, contact or all"))),
    };
    let limit = param(p, "limit").map(|n| n.parse::<usize>().map_err(|_| Error::Usage(format!("limit={n}: expected a number")))).transpose()?.unwrap_or(50).clamp(1, 500);
    let offset = param(p, "offset").map(|n| n.parse::<usize>().map_err(|_| Error::Usage(format!("offset={n}: expected a number")))).transpose()?.unwrap_or(0);
    let actor = iri_param(p, "actor")?;
    let actor_filter = actor.as_ref().map(|a| format!("?e nkg:caller|nkg:addressee|nkg:participant <{a}> .")).unwrap_or_default();
    let doc_filter = param(p, "doc").map(|d| format!("FILTER(STR(?docid) = {})", literal(d))).unwrap_or_default();
    let q = format!(
        "SELECT DISTINCT ?e ?class ?s ?anchor ?sbegin ?docid ?date ?cameo ?url ?title WHERE {{
           VALUES ?class {{ {classes} }}
           ?e a ?class ; prov:wasDerivedFrom ?s ; nkg:document ?d .
           {actor_filter}
           ?s nif:anchorOf ?anchor ; nif:beginIndex ?sbegin .
           OPTIONAL {{ ?d schema:identifier ?docid0 }}
           BIND(COALESCE(?docid0, STR(?d)) AS ?docid)
           {doc_filter}
           OPTIONAL {{ ?e nkg:date ?date }}
           OPTIONAL {{ ?e nkg:cameo ?cameo }}
           OPTIONAL {{ ?d schema:url ?url }}
           OPTIONAL {{ ?d schema:headline ?title }}
         }} ORDER BY ?docid ?sbegin ?e LIMIT {} OFFSET {offset}",
        limit + 1
    );
    let mut rows = select_strings(&app.store, &q, &app.iris)?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    // One row per event (an event has one sentence, document and class).
    let mut seen = BTreeSet::new();
    rows.retain(|r| seen.insert(r[0].clone()));
    let event_set: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
    let sentence_set: BTreeSet<String> = rows.iter().map(|r| r[2].clone()).collect();
    let mut roles: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut demands: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut mentions: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    let mut entities = BTreeSet::new();
    if !event_set.is_empty() {
        let q = format!(
            "SELECT DISTINCT ?e ?role ?x WHERE {{ VALUES ?e {{ {} }}
               {{ ?e nkg:caller ?x BIND(\"caller\" AS ?role) }} UNION {{ ?e nkg:addressee ?x BIND(\"addressee\" AS ?role) }}
               UNION {{ ?e nkg:participant ?x BIND(\"participant\" AS ?role) }} }}",
            values(&event_set)
        );
        for r in select_strings(&app.store, &q, &app.iris)? {
            entities.insert(r[2].clone());
            roles.entry(r[0].clone()).or_default().push((r[1].clone(), r[2].clone()));
        }
        let q = format!(
            "SELECT DISTINCT ?e ?key ?text WHERE {{ VALUES ?e {{ {} }}
               {{ ?e nkg:demand ?c OPTIONAL {{ ?c skos:notation ?k }} BIND(COALESCE(?k, REPLACE(STR(?c), \"^.*/\", \"\")) AS ?key) }}
               UNION {{ ?e nkg:demandText ?text }} }}",
            values(&event_set)
        );
        for r in select_strings(&app.store, &q, &app.iris)? {
            let d = demands.entry(r[0].clone()).or_default();
            if !r[1].is_empty() {
                d.0.insert(r[1].clone());
            }
            if !r[2].is_empty() {
                d.1.insert(r[2].clone());
            }
        }
        let q = format!(
            "SELECT DISTINCT ?s ?b ?en ?x WHERE {{ VALUES ?s {{ {} }}
               ?m nif:sentence ?s ; nif:beginIndex ?b ; nif:endIndex ?en ; nkg:mentions ?x }}",
            values(&sentence_set)
        );
        for r in select_strings(&app.store, &q, &app.iris)? {
            if let (Some(b), Some(en)) = (number(&r[1]), number(&r[2])) {
                mentions.entry(r[0].clone()).or_default().push((b, en, r[3].clone()));
            }
        }
    }
    let labels = labels(app, &entities)?;
    let mut out = Vec::new();
    for r in &rows {
        let (e, class, s, anchor, sbegin) = (&r[0], &r[1], &r[2], &r[3], number(&r[4]).unwrap_or(0));
        let event_roles = roles.get(e).cloned().unwrap_or_default();
        let mut marks = Vec::new();
        for (b, en, x) in mentions.get(s).map(Vec::as_slice).unwrap_or(&[]) {
            // A mention marks the role its entity has in this event (a caller who is also
            // named as an addressee elsewhere keeps the first role listed).
            if let Some((role, _)) = event_roles.iter().find(|(_, who)| who == x) {
                if *b >= sbegin {
                    marks.push(Mark { start: b - sbegin, end: en - sbegin, role: role.clone(), what: x.clone() });
                }
            }
        }
        let (keys, texts) = demands.get(e).cloned().unwrap_or_default();
        for t in &texts {
            if let Some((start, end)) = find_chars(anchor, t) {
                marks.push(Mark { start, end, role: "demand".into(), what: keys.iter().next().cloned().unwrap_or_default() });
            }
        }
        let people = |role: &str| -> Vec<Value> {
            event_roles
                .iter()
                .filter(|(r, _)| r == role)
                .map(|(_, x)| json!({ "iri": x, "label": best(labels.get(x), x) }))
                .collect()
        };
        out.push(json!({
            "iri": e,
            "kind": if class.ends_with("Appeal") { "appeal" } else { "contact" },
            "document": r[5],
            "date": r[6],
            "cameo": r[7],
            "url": r[8],
            "title": r[9],
            "sentence": anchor,
            "segments": segments(anchor, marks),
            "caller": people("caller"),
            "addressee": people("addressee"),
            "participant": people("participant"),
            "demands": keys.iter().collect::<Vec<_>>(),
        }));
    }
    Ok(json!({ "events": out, "offset": offset, "limit": limit, "more": more }))
}

/// `/api/entity?iri=IRI`: labels in every language, types, Wikidata, state, and its events.
pub(crate) fn entity(app: &App, p: &Params) -> Response<Body> {
    let result = (|| -> Result<Value> {
        let iri = iri_param(p, "iri")?.ok_or_else(|| Error::Usage("give the entity as ?iri=…".into()))?;
        let q = format!(
            "SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {{ <{iri}> ?p ?o
               FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, owl:sameAs, nkg:country, nkg:office, nkg:iso3)) }}"
        );
        let rows = select_strings(&app.store, &q, &app.iris)?;
        if rows.is_empty() {
            return Err(Error::Usage(format!("the store says nothing about <{iri}>")));
        }
        let mut labels: BTreeSet<(String, String)> = BTreeSet::new();
        let (mut types, mut same_as, mut countries, mut offices, mut iso3) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), None);
        for r in rows {
            let local = r[0].rsplit(['#', '/']).next().unwrap_or("").to_string();
            match local.as_str() {
                "type" => {
                    types.insert(r[1].rsplit(['#', '/']).next().unwrap_or("").to_string());
                }
                "label" | "altLabel" => {
                    labels.insert((r[2].clone(), r[1].clone()));
                }
                "sameAs" => {
                    same_as.insert(r[1].clone());
                }
                "country" => {
                    countries.insert(r[1].clone());
                }
                "office" => {
                    offices.insert(r[1].clone());
                }
                "iso3" => iso3 = Some(r[1].clone()),
                _ => {}
            }
        }
        countries.remove(&iri);
        let country_labels = self::labels(app, &countries)?;
        let wikidata: Vec<&String> = same_as.iter().filter(|s| s.starts_with(crate::vocab::WD)).collect();
        let mut ev = Params::new();
        ev.insert("actor".into(), iri.clone());
        ev.insert("limit".into(), p.get("limit").cloned().unwrap_or_else(|| "100".into()));
        let events = events_json(app, &ev)?;
        Ok(json!({
            "iri": iri,
            "label": best(Some(&labels.iter().map(|(l, t)| (l.clone(), t.clone())).collect()), &iri),
            "labels": labels.iter().map(|(lang, text)| json!({ "lang": lang, "text": text })).collect::<Vec<_>>(),
            "types": types,
            "wikidata": wikidata,
            "sameAs": same_as,
            "iso3": iso3,
            "offices": offices,
            "countries": countries.iter().map(|c| json!({ "iri": c, "label": best(country_labels.get(c), c) })).collect::<Vec<_>>(),
            "events": events["events"],
            "more_events": events["more"],
        }))
    })();
    match result {
        Ok(v) => json(StatusCode::OK, &v),
        Err(e) => error_response(&e),
    }
}

/// `/api/entities?q=TEXT`: actors of events whose label contains the text (case ignored), with
/// their number of events, most active first.
pub(crate) fn entities(app: &App, p: &Params) -> Response<Body> {
    let result = (|| -> Result<Value> {
        let filter = param(p, "q").map(|t| format!("FILTER(CONTAINS(LCASE(STR(?l)), LCASE({})))", literal(t))).unwrap_or_default();
        let q = format!(
            "SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?e) AS ?n) WHERE {{
               ?e nkg:caller|nkg:addressee|nkg:participant ?x . ?x rdfs:label ?l {filter}
             }} GROUP BY ?x ORDER BY DESC(?n) ?label LIMIT 100"
        );
        let rows = select_strings(&app.store, &q, &app.iris)?;
        let set: BTreeSet<String> = rows.iter().map(|r| r[0].clone()).collect();
        let labels = labels(app, &set)?;
        Ok(Value::Array(
            rows.iter()
                .map(|r| json!({ "iri": r[0], "label": best(labels.get(&r[0]), &r[0]), "events": number(&r[2]).unwrap_or(0) }))
                .collect(),
        ))
    })();
    match result {
        Ok(v) => json(StatusCode::OK, &v),
        Err(e) => error_response(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, role: &str) -> Mark {
        Mark { start, end, role: role.into(), what: String::new() }
    }

    #[test]
    fn sentences_are_cut_at_character_offsets() {
        // "Sergueï" has a two-byte letter: offsets are characters, as in NIF.
        let s = "Sergueï Lavrov a appelé Bakou à un cessez-le-feu.";
        let segs = segments(s, vec![mark(0, 14, "caller"), mark(24, 29, "addressee"), mark(35, 48, "demand")]);
        let texts: Vec<(&str, &str)> =
            segs.iter().map(|v| (v["text"].as_str().unwrap(), v["role"].as_str().unwrap_or(""))).collect();
        assert_eq!(
            texts,
            vec![
                ("Sergueï Lavrov", "caller"),
                (" a appelé ", ""),
                ("Bakou", "addressee"),
                (" à un ", ""),
                ("cessez-le-feu", "demand"),
                (".", "")
            ]
        );
        // Overlaps keep the first, marks beyond the end are dropped.
        let segs = segments("abcdef", vec![mark(0, 3, "caller"), mark(2, 4, "addressee"), mark(5, 9, "demand")]);
        assert_eq!(segs.len(), 2);
        assert_eq!(find_chars("Un CESSEZ-le-feu.", "cessez-le-feu"), Some((3, 16)));
        assert_eq!(find_chars("abc", "x"), None);
    }
}
