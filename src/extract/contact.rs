//! Contacts: who talked with whom. Verbs (*s'entretenir avec*, *rencontrer*, *met*, *spoke
//! by phone with*) and nouns (*entretiens téléphoniques avec*, *consultations avec*, *talks
//! between X and Y*), done or planned; *séparément* gives separate pairs; negated or denied
//! meetings and offers to host are not contacts.

use super::{Context, Event, EventKind, Extractor, Fact};
use crate::resolve::{Entity, EntityType};

pub struct ContactExtractor;

impl Extractor for ContactExtractor {
    fn name(&self) -> &'static str {
        "contact"
    }

    fn extract(&self, cx: &Context, out: &mut Vec<Fact>) {
        let n = cx.norms.len();
        let mut i = 0;
        while i < n {
            let found = verb_contact(cx, i).or_else(|| noun_contact(cx, i));
            if let Some((events, next)) = found {
                out.extend(events.into_iter().map(Fact::Event));
                i = next.max(i + 1);
            } else {
                i += 1;
            }
        }
    }
}

fn cameo(channel: &str) -> &'static str {
    match channel {
        "phone" => "041",
        "visit" => "042",
        "hosting" => "043",
        "meeting" => "044",
        _ => "040",
    }
}

fn channel_in(cx: &Context, a: usize, b: usize, default: &str) -> String {
    if cx.lex.contact.phone_cues.find(&cx.norms, a, b).is_some() {
        "phone".into()
    } else {
        default.to_string()
    }
}

fn separate_in(cx: &Context, a: usize, b: usize) -> bool {
    cx.lex.contact.separate_cues.find(&cx.norms, a, b).is_some()
}

fn topic_after(cx: &Context, from: usize, end: usize) -> Option<String> {
    let (_, e) = cx.lex.contact.topic_preps.find(&cx.norms, from, end)?;
    let stop = cx.clause_end(e).min(end.max(e));
    let t = cx.slice(e, stop.min(e + 14));
    let t = t.trim_matches(|c: char| c == '«' || c == '»' || c == '"' || c.is_whitespace() || c == ',').to_string();
    (!t.is_empty()).then_some(t)
}

/// The unit right after *avec* / *with* somewhere in `from..end`, and the ones after a
/// repeated *, puis avec* / *and then with*.
fn with_object(cx: &Context, from: usize, end: usize) -> Option<(Vec<Entity>, usize)> {
    let (_, e) = cx.lex.contact.with.find(&cx.norms, from, end)?;
    let u = cx.unit_after_title(e)?;
    if !cx.unit_is_actor(u) {
        return None;
    }
    let mut ents = cx.resolve_unit(u, &[]);
    let mut last = u.end;
    while let Some((s, e2)) = cx.lex.contact.with.find(&cx.norms, last, (last + 4).min(cx.norms.len())) {
        let between_ok = cx.norms[last..s].iter().all(|w| matches!(*w, "," | "puis" | "et" | "ainsi" | "que" | "then" | "and" | "later" | "also" | "aussi" | "enfin"));
        let Some(next) = cx.unit_after_title(e2).filter(|n| between_ok && cx.unit_is_actor(n)) else { break };
        for x in cx.resolve_unit(next, &[]) {
            if !ents.iter().any(|o| o.key == x.key) {
                ents.push(x);
            }
        }
        last = next.end;
    }
    Some((ents, last))
}

#[allow(clippy::too_many_arguments)]
fn make(cx: &Context, at: usize, subject: Vec<Entity>, objects: Vec<Entity>, separate: bool, channel: String, topic: Option<String>, rule: &str) -> Option<Vec<Event>> {
    let mut participants: Vec<Entity> = Vec::new();
    for e in subject.iter().chain(objects.iter()) {
        if !participants.iter().any(|p| p.key == e.key) {
            participants.push(e.clone());
        }
    }
    if participants.len() < 2 {
        return None;
    }
    // One contact per (subject, object) pair: *X met Y and Z* does not say that Y and Z met,
    // and *séparément* says they did not. Only *entre X et Y* and a plural subject with no
    // object (*se sont rencontrés*) pair everyone.
    let star = !subject.is_empty() && !objects.is_empty() && (subject.len() > 1 || objects.len() > 1);
    let groups: Vec<Vec<Entity>> = if star {
        let mut g = Vec::new();
        for s in &subject {
            for o in &objects {
                if s.key != o.key {
                    g.push(vec![s.clone(), o.clone()]);
                }
            }
        }
        g
    } else {
        vec![participants]
    };
    let (date, date_text) = cx.date_near(at);
    // A meeting announced, not held (*rencontrera*, *will meet*): CAMEO 036, intent to meet.
    let cameo = if super::time::is_future(cx, at) { "036" } else { cameo(&channel) }.to_string();
    let events: Vec<Event> = groups
        .into_iter()
        .map(|participants| Event {
            kind: EventKind::Contact,
            sentence: cx.index,
            span: cx.span(),
            caller: Vec::new(),
            addressee: Vec::new(),
            demands: Vec::new(),
            participants,
            separate,
            channel: Some(channel.clone()),
            topic: topic.clone(),
            date: date.clone(),
            date_text: date_text.clone(),
            cameo: cameo.clone(),
            rule: rule.to_string(),
            partial: false,
        })
        .collect();
    (!events.is_empty()).then_some(events)
}

fn verb_contact(cx: &Context, i: usize) -> Option<(Vec<Event>, usize)> {
    let w = cx.norms[i];
    let def = cx.lex.contact.verbs.find(w)?;
    if def.reflexive && !(i.saturating_sub(3)..i).any(|j| matches!(cx.norms[j], "se" | "s'")) {
        return None;
    }
    // Nouns spelled like verbs (*l'entretien*, *a meeting*) are the noun extractor's.
    if i > 0 && super::appeal::is_determiner(cx.lang(), cx.norms[i - 1]) && !matches!(cx.norms[i - 1], "premier" | "dernier") {
        return None;
    }
    if cx.negated(i, i + 1) || cx.lex.denials.find(&cx.norms, 0, i).is_some() {
        return None;
    }
    let clause_start = cx.clause_start(i);
    if cx.is_offer(clause_start, i) {
        return None;
    }
    let end = cx.clause_end(i + 1);
    let subject = cx.subject(i);
    let after = cx.skip_fillers(i + 1, end);
    let mut objects: Vec<Entity> = Vec::new();
    let mut obj_end = after;
    // *a reçu jeudi à Moscou ses homologues*: a place phrase may come before the object.
    let after = match cx.norms.get(after).copied() {
        Some("a" | "en" | "in" | "at" | "au") if !def.object_is_place => match cx.unit_starting_at(after + 1) {
            Some(u) if u.members.iter().all(|m| matches!(cx.mentions()[m.mention].kind, crate::mentions::MentionKind::Capital { .. } | crate::mentions::MentionKind::Place { .. } | crate::mentions::MentionKind::Country { .. })) => {
                cx.skip_fillers(u.end, end)
            }
            _ => after,
        },
        _ => after,
    };
    for prep in &def.object_preps {
        if prep == "direct" {
            if let Some(u) = cx.unit_after_title(after) {
                if cx.unit_is_actor(u) || def.object_is_place {
                    objects = cx.resolve_unit(u, &[]);
                    obj_end = u.end;
                }
            }
        } else if prep == "avec" || prep == "with" {
            if let Some((o, e)) = with_object(cx, after, end) {
                objects = o;
                obj_end = e;
            }
        } else if cx.norms.get(after).copied() == Some(crate::fold::fold(prep).as_str()) {
            if let Some(u) = cx.unit_starting_at(after + 1) {
                objects = cx.resolve_unit(u, &[]);
                obj_end = u.end;
            }
        }
        if !objects.is_empty() {
            break;
        }
    }
    if def.object_is_place {
        // A visit to a place: the host is its state.
        objects = objects
            .into_iter()
            .filter_map(|e| match e.etype {
                EntityType::Country => Some(e),
                _ => e.country.as_ref().map(|c| crate::resolve::country_entity(cx.k, c, cx.lang())),
            })
            .collect();
    }
    if def.needs_person_object && !objects.iter().any(|e| e.etype == EntityType::Person) {
        return None;
    }
    if (def.needs_object || def.needs_person_object || def.object_is_place) && objects.is_empty() {
        return None;
    }
    // Without an object, a verb needs a plural subject (*se sont rencontrés*), and no *avec*
    // whose object we could not read (*s'entretiendront séparément avec le secrétaire d'État*).
    if objects.is_empty() && (subject.len() < 2 || cx.lex.contact.with.find(&cx.norms, after, end).is_some() || separate_in(cx, i, end)) {
        return None;
    }
    if subject.is_empty() {
        return None;
    }
    let channel = channel_in(cx, clause_start, end, def.channel.as_deref().unwrap_or("meeting"));
    // A host receives each guest; guests met each other only when the text says so.
    let separate = separate_in(cx, i, end) || matches!(channel.as_str(), "hosting" | "visit");
    let topic = topic_after(cx, obj_end, end);
    let event = make(cx, i, subject, objects, separate, channel, topic, &format!("contact/verb:{}", def.forms[0]))?;
    Some((event, end))
}

fn noun_contact(cx: &Context, i: usize) -> Option<(Vec<Event>, usize)> {
    let (e, which) = cx.lex.contact.nouns.longest_match_at(&cx.norms, i)?;
    let channel = &cx.lex.contact.noun_channels[which];
    // *Leur dernière entrevue* and the like: no participants named here.
    let clause_start = cx.clause_start(i);
    if cx.negated(i, e) || cx.is_offer(clause_start, i) {
        return None;
    }
    if i > 0 && cx.lex.denials.find(&cx.norms, 0, i).is_some() {
        return None;
    }
    let end = cx.clause_end(e);
    let mut objects = Vec::new();
    let mut obj_end = e;
    // *entre X et Y* / *between X and Y*
    let window_end = (e + 4).min(end);
    if let Some((_, be)) = cx.lex.contact.between.find(&cx.norms, e, window_end) {
        if let Some(u) = cx.unit_starting_at(be) {
            let ents = cx.resolve_unit(u, &[]);
            if ents.len() >= 2 {
                let channel = channel_in(cx, i, end, channel);
                let topic = topic_after(cx, u.end, end);
                let ev = make(cx, i, Vec::new(), ents, false, channel, topic, "contact/noun-between")?;
                return Some((ev, u.end));
            }
        }
    }
    if let Some((o, oe)) = with_object(cx, e, window_end.max((e + 5).min(end))) {
        objects = o;
        obj_end = oe;
    }
    if objects.is_empty() {
        // *Poutine et Erdogan ont eu un entretien téléphonique*: a plural subject talked together.
        let mut subject = cx.subject(i);
        for j in (i.saturating_sub(3)..i).rev() {
            if subject.is_empty() && cx.sentence().tokens[j].kind == crate::text::TokenKind::Word {
                subject = cx.subject(j);
            }
        }
        // *Lors de leur entretien téléphonique, les deux ministres ont…*: the noun stands in a
        // fronted adjunct; the subject of the main clause follows its comma.
        if subject.is_empty() {
            if let Some(comma) = (e..(e + 6).min(cx.norms.len())).find(|&j| cx.norms[j] == ",") {
                if let Some(u) = cx.units().iter().find(|u| u.start > comma && cx.unit_is_actor(u)) {
                    if cx.norms[comma + 1..u.start].iter().all(|w| matches!(*w, "le" | "la" | "les" | "l'" | "the")) {
                        subject = cx.resolve_unit(u, &[]);
                    }
                }
            }
        }
        // *Les présidents russe et turc ont discuté du conflit lors d'un entretien*: the actor
        // that opens the clause.
        if subject.is_empty() {
            let start = cx.clause_start(i);
            if let Some(u) = cx.units().iter().find(|u| u.start >= start && u.end <= i && cx.unit_is_actor(u)) {
                if cx.norms[start..u.start].iter().all(|w| matches!(*w, "le" | "la" | "les" | "l'" | "the")) {
                    subject = cx.resolve_unit(u, &[]);
                }
            }
        }
        if subject.len() < 2 || subject.iter().any(|x| x.etype == EntityType::Place) {
            return None;
        }
        let channel = channel_in(cx, i, end, channel);
        let topic = topic_after(cx, e, end);
        let ev = make(cx, i, Vec::new(), subject, false, channel, topic, "contact/noun-plural-subject")?;
        return Some((ev, e));
    }
    // The subject of the clause; for a fronted adjunct (*Lors d'entretiens avec X, Y a…*), the
    // first actor after the object.
    let mut subject = cx.subject(i);
    // *X held phone talks with Y*: the subject of the verb that carries the noun.
    for j in (i.saturating_sub(3)..i).rev() {
        if !subject.is_empty() {
            break;
        }
        if cx.sentence().tokens[j].kind == crate::text::TokenKind::Word {
            subject = cx.subject(j);
        }
    }
    if subject.is_empty() {
        if let Some(u) = cx.units().iter().find(|u| u.start >= obj_end && cx.unit_is_actor(u)) {
            let between = &cx.norms[obj_end..u.start];
            if between.iter().all(|w| *w == ",") {
                subject = cx.resolve_unit(u, &[]);
            }
        }
    }
    if subject.is_empty() {
        return None;
    }
    let channel = channel_in(cx, i, obj_end.max(e), channel);
    let separate = separate_in(cx, i.saturating_sub(2), obj_end.max(e));
    let topic = topic_after(cx, obj_end, end);
    let ev = make(cx, i, subject, objects, separate, channel, topic, "contact/noun")?;
    Some((ev, obj_end))
}
