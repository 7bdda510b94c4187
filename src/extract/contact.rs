//! Contacts: who talked with whom. Verbs (*s'entretenir avec*, *rencontrer*, *met*, *spoke
//! by phone with*) and nouns (*entretiens téléphoniques avec*, *consultations avec*, *talks
//! between X and Y*), done or planned; *séparément* gives separate pairs; negated or denied
//! meetings and offers to host are not contacts.

use super::{tree, Context, Event, EventKind, Extractor, Fact};
use crate::syntax::Upos;
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
            let found = tree_verb_contact(cx, i).or_else(|| verb_contact(cx, i)).or_else(|| tree_noun_contact(cx, i)).or_else(|| noun_contact(cx, i));
            // The tree's veto, asked only where a rule found a contact (it walks the tree).
            if let Some((events, next)) = found.filter(|_| !wished(cx, i)) {
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

/// True when the tree shows the contact word at token `i` wished, proposed or planned, not
/// held: a noun under an intent word or an appeal verb (*calling for a meeting between…*,
/// *ouvert à des rencontres avec…*), a verb in the infinitive under one (*wants to meet*).
fn wished(cx: &Context, i: usize) -> bool {
    let (Some(syn), Some(w)) = (cx.syntax(), cx.word_at(i)) else { return false };
    // `child` is the word below `a` on the way up: an appeal verb only makes a wish of its
    // complement (*called for a meeting*), not of an adjunct (*during a meeting, X called…*).
    let intent = |a: usize, child: usize| {
        let aw = syn.word(a);
        let complement = match tree::base(syn.word(child).deprel) {
            "nsubj" | "advcl" | "advmod" | "parataxis" | "conj" | "acl" | "compound" | "amod" | "det" | "case" | "flat" => false,
            "obl" => matches!(cx.marker_of(child).as_deref(), Some("a" | "for" | "to" | "pour" | "de" | "of" | "sur" | "on")),
            _ => true,
        };
        complement && (cx.lex.contact.intent_heads.contains(&crate::fold::fold(&aw.lemma)) || aw.upos == Upos::Verb && cx.lex.appeal.verbs.find(cx.norms[aw.token]).is_some())
    };
    if syn.word(w).upos == Upos::Verb {
        let h = syn.word(w).head;
        return tree::base(syn.word(w).deprel) == "xcomp" && h > 0 && intent(h, w);
    }
    let (mut child, mut a) = (w, syn.word(w).head);
    for _ in 0..3 {
        if a == 0 {
            return false;
        }
        if intent(a, child) {
            return true;
        }
        child = a;
        a = syn.word(a).head;
    }
    false
}

/// A contact verb read from the dependency tree: its subject, its direct object or the
/// complement its preposition introduces (*avec*, *with*, *à*), wherever adverbials of time
/// and place stand between them (*a reçu ce mardi à Caracas le ministre…*), with every
/// conjunct; in the passive (*a été reçu par X*) the agent hosts the subject.
fn tree_verb_contact(cx: &Context, i: usize) -> Option<(Vec<Event>, usize)> {
    let syn = cx.syntax()?;
    let def = cx.lex.contact.verbs.find(cx.norms[i])?;
    let v = cx.word_at(i)?;
    if syn.word(v).upos != Upos::Verb {
        return None;
    }
    if def.reflexive && !(i.saturating_sub(3)..i).any(|j| matches!(cx.norms[j], "se" | "s'")) {
        return None;
    }
    if cx.tree_negated(v) || cx.negated(i, i + 1) || cx.lex.denials.find(&cx.norms, 0, i).is_some() {
        return None;
    }
    let clause_start = cx.clause_start(i);
    if cx.is_offer(clause_start, i) {
        return None;
    }
    let passive = cx.is_passive(v);
    let preps: Vec<String> = def.object_preps.iter().filter(|p| *p != "direct").map(|p| crate::fold::fold(p)).collect();
    let direct = def.object_preps.iter().any(|p| p == "direct");
    let mut object_words = Vec::new();
    let mut agent = None;
    for c in syn.children(v) {
        let rel = syn.word(c).deprel;
        let marker = cx.marker_of(c);
        match tree::base(rel) {
            "obl" if rel == "obl:agent" || (passive && matches!(marker.as_deref(), Some("par" | "by"))) => agent = Some(c),
            "obj" if direct && !passive => object_words.push(c),
            "obl" | "nmod" | "iobj" if marker.as_deref().is_some_and(|m| preps.iter().any(|p| p == m)) => object_words.push(c),
            _ => {}
        }
    }
    // A city the parser took for an object (*a reçu lundi à Bogota le ministre…*) is where
    // the meeting was, unless the verb is a visit.
    if !def.object_is_place {
        object_words.retain(|&w| {
            let units = cx.units_of_word(w);
            units.is_empty() || !units.iter().all(|u| u.members.iter().all(|m| is_place(&cx.mentions()[m.mention].kind)))
        });
    }
    let mut objects: Vec<Entity> = Vec::new();
    for &w in &object_words {
        for e in cx.entities_of_word(w, &[]) {
            if !objects.iter().any(|o| o.key == e.key) {
                objects.push(e);
            }
        }
    }
    let mut subject = cx.subject(i);
    if passive {
        // *X a été reçu par Y*: Y receives X.
        let host = cx.entities_of_word(agent?, &[]);
        objects = subject;
        subject = host;
    }
    if def.object_is_place {
        objects = visited_states(cx, objects);
    }
    if def.needs_person_object && !passive && !objects.iter().any(|e| e.etype == EntityType::Person) {
        return None;
    }
    let end = cx.clause_end(i + 1);
    if objects.is_empty() {
        // Without an object, a plural subject met together (*se sont rencontrés*).
        if def.needs_object || def.needs_person_object || def.object_is_place || subject.len() < 2 || separate_in(cx, i, end) {
            return None;
        }
        if cx.lex.contact.with.find(&cx.norms, i + 1, end).is_some() {
            return None;
        }
    }
    if subject.is_empty() || subject.iter().chain(objects.iter()).any(|e| e.etype == EntityType::Place) {
        return None;
    }
    let channel = channel_in(cx, clause_start, end, def.channel.as_deref().unwrap_or("meeting"));
    let separate = separate_in(cx, i, end) || matches!(channel.as_str(), "hosting" | "visit");
    let obj_end = object_words.iter().filter_map(|&w| cx.subtree_tokens(w)).map(|(_, b)| b).max().unwrap_or(i + 1);
    let topic = topic_after(cx, obj_end, end);
    let events = make(cx, i, subject, objects, separate, channel, topic, &format!("contact/tree-verb:{}", def.forms[0]))?;
    Some((events, end))
}

/// A contact noun read from the tree: partners in its *avec* / *with* complement (or *entre X
/// et Y*), the talker the subject of the verb it hangs from (*X a eu des entretiens avec Y*,
/// *Lors de son entretien avec Y, X a…*); with no partner, a plural subject talked together.
fn tree_noun_contact(cx: &Context, i: usize) -> Option<(Vec<Event>, usize)> {
    let syn = cx.syntax()?;
    let (e, which) = cx.lex.contact.nouns.longest_match_at(&cx.norms, i)?;
    let channel = &cx.lex.contact.noun_channels[which];
    // The head of the matched phrase (*call* in *phone call*).
    let first = cx.word_at(i)?;
    let mut n = first;
    while n < syn.words.len() && syn.word(n).head != 0 && (i..e).contains(&syn.word(syn.word(n).head).token) && syn.word(n).head != n {
        n = syn.word(n).head;
    }
    if !matches!(syn.word(n).upos, Upos::Noun | Upos::Propn) {
        return None;
    }
    let clause_start = cx.clause_start(i);
    if cx.negated(i, e) || cx.is_offer(clause_start, i) || cx.lex.denials.find(&cx.norms, 0, i).is_some() {
        return None;
    }
    let end = cx.clause_end(e);
    let mut partners: Vec<Entity> = Vec::new();
    let mut between: Vec<Entity> = Vec::new();
    let mut last = e;
    for c in syn.children(n) {
        if !matches!(tree::base(syn.word(c).deprel), "nmod" | "obl" | "acl") {
            continue;
        }
        let marker = cx.marker_of(c);
        let Some(m) = marker.as_deref() else { continue };
        let into = if cx.lex.contact.with.longest_at(&[m], 0) == Some(1) {
            &mut partners
        } else if cx.lex.contact.between.longest_at(&[m], 0) == Some(1) {
            &mut between
        } else {
            continue;
        };
        for x in cx.entities_of_word(c, &[]) {
            if !into.iter().any(|o| o.key == x.key) {
                into.push(x);
            }
        }
        if let Some((_, b)) = cx.subtree_tokens(c) {
            last = last.max(b);
        }
    }
    if between.len() >= 2 {
        let channel = channel_in(cx, i, end, channel);
        let topic = topic_after(cx, last, end);
        return Some((make(cx, i, Vec::new(), between, false, channel, topic, "contact/tree-noun-between")?, last));
    }
    // The verb the noun hangs from, through nouns it modifies (*à la suite de ses entretiens*).
    let mut h = syn.word(n).head;
    // A noun predicate with a copula or a subject of its own (*X serait à Moscou pour des
    // consultations*) is the clause's head: never climb out of the clause.
    for _ in 0..3 {
        if h == 0 || syn.word(h).upos.is_verbal() || syn.children(h).any(|c| matches!(tree::base(syn.word(c).deprel), "nsubj" | "cop")) {
            break;
        }
        h = syn.word(h).head;
    }
    let subject = if h > 0 {
        cx.subject_word(h).map(|s| cx.entities_of_word(s, &[])).filter(|s| !s.is_empty()).unwrap_or_else(|| cx.subject(syn.word(h).token))
    } else {
        Vec::new()
    };
    if subject.is_empty() || subject.iter().chain(partners.iter()).any(|x| x.etype == EntityType::Place) {
        return None;
    }
    let channel = channel_in(cx, i, end, channel);
    if partners.is_empty() {
        if subject.len() < 2 || cx.lex.contact.with.find(&cx.norms, e, (e + 3).min(cx.norms.len())).is_some() {
            return None;
        }
        let topic = topic_after(cx, e, end);
        return Some((make(cx, i, Vec::new(), subject, false, channel, topic, "contact/tree-noun-plural-subject")?, e));
    }
    let separate = separate_in(cx, i.saturating_sub(2), last);
    let topic = topic_after(cx, last, end);
    Some((make(cx, i, subject, partners, separate, channel, topic, "contact/tree-noun")?, last))
}

/// A visit to a place: the host is its state.
fn visited_states(cx: &Context, places: Vec<Entity>) -> Vec<Entity> {
    places
        .into_iter()
        .filter_map(|e| match e.etype {
            EntityType::Country => Some(e),
            _ => e.country.as_ref().map(|c| crate::resolve::country_entity(cx.k, c, cx.lang())),
        })
        .collect()
}

fn is_place(kind: &crate::mentions::MentionKind) -> bool {
    use crate::mentions::MentionKind;
    matches!(kind, MentionKind::Capital { .. } | MentionKind::Place { .. })
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
        objects = visited_states(cx, objects);
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
