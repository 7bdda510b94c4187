//! Appeals: who called on whom, for what. Four ways news says it:
//! a verb with its construction (*appeler X à*, *demander à X de*, *urge X to*), a noun with a
//! light verb (*a multiplié les appels au cessez-le-feu*, *l'appel de X à*), a passive with the
//! caller in context (*un appel a été lancé en vue de…*), and deontic reported speech
//! (*il importe d'éviter…, ont déclaré les ministres*).

use super::{without, Context, Demand, Event, EventKind, Extractor, Fact};
use crate::lexicon::{cue_token_matches, VerbDef, CUE_GAP};
use crate::resolve::Entity;

pub struct AppealExtractor;

impl Extractor for AppealExtractor {
    fn name(&self) -> &'static str {
        "appeal"
    }

    fn extract(&self, cx: &Context, out: &mut Vec<Fact>) {
        let n = cx.norms.len();
        let mut i = 0;
        while i < n {
            let found = tree_verb_appeal(cx, i)
                .or_else(|| verb_appeal(cx, i))
                .or_else(|| noun_appeal(cx, i))
                .or_else(|| passive_appeal(cx, i))
                .or_else(|| deontic_appeal(cx, i))
                .or_else(|| necessity_appeal(cx, i));
            if let Some((event, next)) = found {
                out.push(Fact::Event(event));
                i = next.max(i + 1);
            } else {
                i += 1;
            }
        }
    }
}

/// Demand concepts found between tokens `a..b`: cues matched longest first, never overlapping;
/// each demand keeps the text of its conjunct.
pub fn demands_in(cx: &Context, a: usize, b: usize) -> Vec<Demand> {
    let lang = cx.lang();
    let scheme = &cx.k.demands;
    // (start, end, concept index, cue index). A cue matches again only after its last match.
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut resume_at: Vec<((usize, usize), usize)> = Vec::new();
    for i in a..b {
        for (ci, qi) in scheme.cues_starting_with(cx.norms[i]) {
            let cue = &scheme.concepts[ci].cues[qi];
            if !(cue.lang == lang || cue.lang.is_empty()) {
                continue;
            }
            if resume_at.iter().any(|&(k, at)| k == (ci, qi) && i < at) {
                continue;
            }
            if let Some(end) = match_cue(&cue.tokens, &cx.norms[..b], i) {
                found.push((i, end, ci, qi));
                resume_at.retain(|&(k, _)| k != (ci, qi));
                resume_at.push(((ci, qi), end));
            }
        }
    }
    // Longest first, then leftmost, then in the scheme's order; drop what overlaps a longer cue.
    found.sort_by(|x, y| (y.1 - y.0).cmp(&(x.1 - x.0)).then((x.0, x.2, x.3).cmp(&(y.0, y.2, y.3))));
    let mut kept: Vec<(usize, usize, usize, usize)> = Vec::new();
    for f in found {
        if !kept.iter().any(|k| f.0 < k.1 && k.0 < f.1) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|k| k.0);
    let mut out: Vec<Demand> = Vec::new();
    for (s, e, ci, _) in kept {
        let concept = scheme.concepts[ci].key.clone();
        if out.iter().any(|d| d.concept == concept) {
            continue;
        }
        let (cs, ce) = conjunct(cx, a, b, s, e);
        // *urged Armenia not to withdraw*, *à ne pas retirer*: a negated demand asks the opposite.
        let conj_start = (a..s).rev().find(|&j| matches!(cx.norms[j], "," | ";" | "et" | "and" | "ainsi" | "puis" | "then" | "ou" | "or")).map(|j| j + 1).unwrap_or(a);
        if cx.norms[conj_start..s].iter().any(|w| matches!(*w, "not" | "never" | "pas" | "jamais")) {
            continue;
        }
        // *… and offered to mediate*: an offer coordinated with the appeal is not a demand.
        if cx.lex.modal_offers.find(&cx.norms, conj_start, s).is_some() {
            continue;
        }
        out.push(Demand { concept, text: cx.slice(cs, ce) });
    }
    out
}

fn match_cue(cue: &[String], norms: &[&str], i: usize) -> Option<usize> {
    if i >= norms.len() || !cue_token_matches(&cue[0], norms[i]) {
        return None;
    }
    let mut pos = i + 1;
    for c in &cue[1..] {
        let mut hit = None;
        for j in pos..(pos + CUE_GAP + 1).min(norms.len()) {
            if matches!(norms[j], "," | "." | ";") {
                break;
            }
            if cue_token_matches(c, norms[j]) {
                hit = Some(j);
                break;
            }
        }
        pos = hit? + 1;
    }
    Some(pos)
}

/// The conjunct of `a..b` around a cue at `s..e`: cut at *et à*, *et de*, *ainsi que*, commas.
fn conjunct(cx: &Context, a: usize, b: usize, s: usize, e: usize) -> (usize, usize) {
    let is_cut = |i: usize| {
        let w = cx.norms[i];
        w == "," || w == ";" || (matches!(w, "et" | "and" | "ainsi" | "puis" | "then" | "ou" | "or") && i + 1 < b)
    };
    let mut start = s;
    while start > a && !is_cut(start - 1) {
        start -= 1;
    }
    let mut end = e;
    while end < b && !is_cut(end) {
        end += 1;
    }
    // Leading prepositions belong to the construction, not to the demand.
    while start < end && matches!(cx.norms[start], "a" | "au" | "aux" | "de" | "d'" | "pour" | "que" | "qu'" | "to" | "for" | "that" | "en" | "vue") {
        start += 1;
    }
    (start, end)
}

fn concepts_or_other(cx: &Context, a: usize, b: usize, needs_cue: bool) -> Option<Vec<Demand>> {
    if a >= b {
        return None;
    }
    let d = demands_in(cx, a, b);
    if !d.is_empty() {
        return Some(d);
    }
    if needs_cue {
        return None;
    }
    // A demand the scheme does not know: kept as `other`, with its text (a dozen words at most).
    let first = &cx.mentions().iter().find(|m| m.start == a || m.start == a + 1);
    if first.is_some_and(|m| matches!(m.kind, crate::mentions::MentionKind::Place { .. } | crate::mentions::MentionKind::Capital { .. } | crate::mentions::MentionKind::Country { .. })) {
        return None; // *invité à Moscou*: a place, not a demand.
    }
    let end = b.min(a + 12);
    Some(vec![Demand { concept: "other".into(), text: cx.slice(a, end) }])
}

/// A determiner before a noun (*un appel*, *a call*). French *a* is the auxiliary (*a demandé*),
/// so articles are per language.
pub fn is_determiner(lang: &str, w: &str) -> bool {
    if lang == "fr" {
        matches!(
            w,
            "un" | "une" | "l'" | "le" | "la" | "les" | "des" | "son" | "sa" | "ses" | "leurs" | "cet" | "ce" | "cette" | "ces"
                | "nouvel" | "nouveaux" | "nouvelle" | "nouvelles" | "premier" | "dernier" | "de" | "d'" | "du"
        )
    } else {
        matches!(w, "the" | "a" | "an" | "its" | "their" | "his" | "her" | "new" | "fresh" | "renewed" | "repeated" | "this" | "that")
    }
}

fn make_event(cx: &Context, at: usize, caller: Vec<Entity>, addressee: Vec<Entity>, demands: Vec<Demand>, rule: &str) -> Option<Event> {
    // The act is stated; a missing caller (an unresolved pronoun, an unnamed speaker) makes
    // the event partial, never drops it.
    if caller.is_empty() && demands.is_empty() {
        return None;
    }
    let partial = caller.is_empty() || demands.is_empty();
    let addressee = without(addressee, &caller);
    let cameo = cameo_for(cx, &demands);
    let (date, date_text) = cx.date_near(at);
    // An appeal made during a phone call travels by phone (DESIGN.md's example record).
    // (*Lavrov s'est entretenu par téléphone avec… Il les a appelés à…*: the call of the sentence before.)
    let by_phone = |c: &Context| c.lex.contact.phone_cues.find(&c.norms, 0, c.norms.len()).is_some();
    let previous_in_paragraph = cx.index > 0 && cx.an.text.sentences[cx.index - 1].paragraph == cx.sentence().paragraph;
    let channel = if by_phone(cx) || (previous_in_paragraph && by_phone(&Context::new(cx.an, cx.k, cx.index - 1))) { "phone" } else { "statement" };
    Some(Event {
        kind: EventKind::Appeal,
        sentence: cx.index,
        span: cx.span(),
        caller,
        addressee,
        demands,
        participants: Vec::new(),
        separate: false,
        channel: Some(channel.into()),
        topic: None,
        date,
        date_text,
        cameo,
        rule: rule.to_string(),
        partial,
    })
}

/// The CAMEO code of an appeal: the most specific code among its demands (DESIGN.md).
pub fn cameo_for(cx: &Context, demands: &[Demand]) -> String {
    let codes: Vec<&str> = demands.iter().map(|d| cx.k.demands.cameo(&d.concept)).collect();
    for preferred in ["0256", "0234", "0233", "0255", "0253", "028", "026"] {
        if codes.contains(&preferred) {
            return preferred.to_string();
        }
    }
    "020".to_string()
}

fn caller_states(caller: &[Entity]) -> Vec<String> {
    caller.iter().filter_map(|e| e.country.clone()).collect()
}

/// Object clitic before the verb group (*les a appelés*, *leur a demandé*): the last group
/// of several actors named before it, in this sentence or the one before.
fn clitic_addressee(cx: &Context, verb_start: usize, subject_end: usize) -> Vec<Entity> {
    let mut j = verb_start;
    // Walk back over the auxiliary.
    while j > 0 && cx.lex.auxiliaries.longest_at(&cx.norms, j - 1).is_some_and(|e| e <= verb_start) {
        j -= 1;
    }
    if j == 0 || !cx.lex.object_clitics.contains(cx.norms[j - 1]) || matches!(cx.norms[j - 1], "le" | "la" | "l'") && j - 1 == 0 {
        return Vec::new();
    }
    let clitic = j - 1;
    for u in cx.units().iter().rev() {
        if u.end <= clitic && u.end <= subject_end.max(clitic) && (u.end != subject_end) {
            let ents = cx.resolve_unit(u, &[]);
            if ents.len() >= 2 {
                return ents;
            }
        }
    }
    if cx.index > 0 {
        let prev = Context::new(cx.an, cx.k, cx.index - 1);
        for u in prev.units().iter().rev() {
            let ents = prev.resolve_unit(u, &[]);
            if ents.len() >= 2 {
                return ents;
            }
        }
    }
    Vec::new()
}

fn find_prep(cx: &Context, preps: &crate::lexicon::PhraseSet, i: usize) -> Option<usize> {
    preps.longest_at(&cx.norms, i)
}

/// An appeal verb read from the dependency tree: the predicate first, then each role from
/// its dependents: the subject calls (the agent, in the passive), the object or the
/// preposition the verb's construction names gives the addressee, and the complement
/// (*à cesser le feu*, *to stop*, *for calm*, *un cessez-le-feu*) the demand. Roles the tree
/// does not give are left to the token rules (`verb_appeal`) by answering None.
fn tree_verb_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let syn = cx.syntax()?;
    let lex = &cx.lex.appeal;
    let w = cx.norms[i];
    let (def, reflexive): (&VerbDef, bool) = match lex.verbs.find(w) {
        Some(v) => (v, false),
        None => (lex.reflexive_verbs.find(w)?, true),
    };
    let v = cx.word_at(i)?;
    if !matches!(syn.word(v).upos, crate::syntax::Upos::Verb) {
        return None;
    }
    if reflexive && !cx.dependents(v, &["expl", "obj", "iobj"]).iter().any(|&c| matches!(cx.norms[syn.word(c).token], "se" | "s'")) {
        return None;
    }
    if cx.tree_negated(v) || cx.lex.appeal.predictions.find(&cx.norms, i.saturating_sub(8), i).is_some() {
        return None;
    }
    let passive = cx.is_passive(v);
    let fold_all = |v: &[String]| v.iter().map(|p| crate::fold::fold(p)).collect::<Vec<String>>();
    let addressee_preps = fold_all(&def.addressee_preps);
    let demand_preps = fold_all(&def.demand_preps);
    let mode = def.addressee.as_deref().unwrap_or("none");
    let mut addressee_word = None;
    // Every complement the construction allows is a candidate demand: the ones that name a
    // concept of the scheme win (*called for the fighting to stop*), else the first is kept
    // as `other`.
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    let mut agent_word = None;
    if matches!(mode, "direct" | "either") && !passive {
        addressee_word = cx.postverbal_subject(v);
    }
    for c in syn.children(v) {
        let rel = syn.word(c).deprel;
        let marker = cx.marker_of(c);
        let marked_by = |preps: &[String]| marker.as_deref().is_some_and(|m| preps.iter().any(|p| p == m));
        let is_pron = syn.word(c).upos == crate::syntax::Upos::Pron || cx.lex.object_clitics.contains(cx.norms[syn.word(c).token]);
        match crate::extract::tree::base(rel) {
            "obl" if rel == "obl:agent" || (passive && matches!(marker.as_deref(), Some("par" | "by"))) => agent_word = Some(c),
            "obj" | "iobj" if matches!(mode, "direct" | "either") && !passive && addressee_word.is_none() && (is_pron || cx.units_of_word(c).len() > 0 || !def.direct_demand) => {
                addressee_word = Some(c)
            }
            "obj" if def.direct_demand => candidates.extend(cx.subtree_tokens(c)),
            "obl" | "iobj" | "nmod" if marked_by(&addressee_preps) && addressee_word.is_none() && (is_pron || !cx.units_of_word(c).is_empty() || matches!(mode, "indirect" | "prep")) => {
                addressee_word = Some(c)
            }
            "xcomp" | "ccomp" | "advcl" | "obl" if marked_by(&demand_preps) || (rel == "xcomp" && marker.is_none()) => candidates.extend(cx.subtree_tokens(c)),
            _ => {}
        }
    }
    let mut demands: Vec<Demand> = Vec::new();
    for &(a, b) in &candidates {
        for d in demands_in(cx, a, b) {
            if !demands.iter().any(|x| x.concept == d.concept) {
                demands.push(d);
            }
        }
    }
    let de = candidates.iter().map(|c| c.1).max()?;
    if demands.is_empty() {
        // A cue split over two complements (*for the fighting to stop*).
        let ds = candidates.iter().map(|c| c.0).min()?;
        demands = demands_in(cx, ds, de);
    }
    if demands.is_empty() {
        // A complement the parser attached elsewhere (*a appelé jeudi 1er octobre à un
        // cessez-le-feu*): the cues of the rest of the clause, as the token rules read them.
        demands = demands_in(cx, i + 1, cx.clause_end(i + 1));
    }
    if demands.is_empty() {
        let (a, b) = candidates[0];
        demands = concepts_or_other(cx, a, b, def.needs_cue)?;
    }
    let caller = if passive {
        match agent_word {
            Some(a) => cx.entities_of_word(a, &[]),
            None => cx.speaker().map(|s| s.1).or_else(|| cx.previous_subject()).unwrap_or_default(),
        }
    } else {
        // A subject the tree finds but no mention names (*je*, *nous*, an unknown phrase):
        // the token rules' subject, then the speaker of the quote.
        let from_tree = cx.subject_word(v).map(|s| cx.entities_of_word(s, &[])).unwrap_or_default();
        if !from_tree.is_empty() {
            from_tree
        } else if let Some(u) = cx.subject_unit(i) {
            cx.resolve_unit(u, &[])
        } else {
            cx.speaker().map(|s| s.1).unwrap_or_default()
        }
    };
    let addressee = if passive {
        cx.subject_word(v).map(|s| cx.entities_of_word(s, &caller_states(&caller))).unwrap_or_default()
    } else {
        let subject_end = cx.subject_unit(i).map(|u| u.end).unwrap_or(0);
        match addressee_word {
            // *auquel il a réclamé…*: the relative pronoun's antecedent.
            Some(a) if matches!(syn.word(a).feats.get("PronType"), Some("Rel")) || matches!(cx.norms[syn.word(a).token], "lequel" | "laquelle" | "lesquels" | "lesquelles" | "auquel" | "auxquels" | "auxquelles" | "whom") => {
                // The antecedent: the actor that ends right before the relative phrase.
                let start = cx.subtree_tokens(a).map(|(s, _)| s).unwrap_or(syn.word(a).token);
                let mut j = start;
                while j > 0 && matches!(cx.norms[j - 1], "," | "a" | "à") {
                    j -= 1;
                }
                match cx.units().iter().find(|u| u.end == j && cx.unit_is_actor(u)) {
                    Some(u) => cx.resolve_unit(u, &caller_states(&caller)),
                    None => Vec::new(),
                }
            }
            // *called on them*, *les a appelés*: a pronoun names the group named before.
            Some(a) if syn.word(a).upos == crate::syntax::Upos::Pron || cx.lex.object_clitics.contains(cx.norms[syn.word(a).token]) => {
                clitic_addressee(cx, syn.word(a).token + 1, subject_end)
            }
            Some(a) => cx.entities_of_word(a, &caller_states(&caller)),
            // The parser may hang the addressee on a date (*a appelé samedi Israël à…*): the
            // actor right after the verb and its adverbials, as the token rules read it.
            None if matches!(mode, "direct" | "either") => {
                let at = cx.skip_fillers(i + 1, cx.clause_end(i + 1));
                match cx.unit_starting_at(at).filter(|u| cx.unit_is_actor(u)) {
                    Some(u) => cx.resolve_unit(u, &caller_states(&caller)),
                    None => clitic_addressee(cx, i, subject_end),
                }
            }
            None => clitic_addressee(cx, i, subject_end),
        }
    };
    let mut event = make_event(cx, i, caller, addressee, demands, &format!("appeal/tree-verb:{}", def.forms[0]))?;
    // *exiger*, *demand*: a demand, which CAMEO codes in its 10 family (1056, not 0256).
    if def.demand {
        event.cameo = crate::cameo::as_demand(&event.cameo);
    }
    Some((event, de.max(i + 1)))
}

fn verb_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let lex = &cx.lex.appeal;
    let w = cx.norms[i];
    let (def, reflexive): (&VerbDef, bool) = match lex.verbs.find(w) {
        Some(v) => (v, false),
        None => (lex.reflexive_verbs.find(w)?, true),
    };
    // A noun (*un appel*, *la demande*) is not the verb.
    if lex.nouns.contains(w) && (i == 0 || is_determiner(cx.lang(), cx.norms[i - 1])) {
        return None;
    }
    if i > 0 && cx.norms[i - 1] == "so-" {
        return None;
    }
    if reflexive && !(i.saturating_sub(3)..i).any(|j| matches!(cx.norms[j], "se" | "s'")) {
        return None;
    }
    if cx.negated(i, i + 1) || cx.lex.appeal.predictions.find(&cx.norms, i.saturating_sub(8), i).is_some() {
        return None;
    }
    let end = cx.clause_end(i + 1);
    // An addressee right after the verb, before any adverb (*urged both sides to…*).
    let mut pos = if cx.unit_starting_at(i + 1).is_some() { i + 1 } else { cx.skip_fillers(i + 1, end) };
    // Addressee.
    let mode = def.addressee.as_deref().unwrap_or("none");
    let mut addressee_unit_end = None;
    if matches!(mode, "direct" | "either") {
        if let Some(u) = cx.unit_starting_at(pos) {
            if cx.unit_is_actor(u) {
                addressee_unit_end = Some((u, u.end));
            }
        }
    }
    // *called on them to…*: a pronoun after the addressee's preposition.
    let mut pronoun_at = None;
    if addressee_unit_end.is_none() && matches!(mode, "indirect" | "either" | "prep") {
        if let Some(e) = find_prep(cx, &def.addressee_prep_set, pos) {
            if cx.lex.object_clitics.contains(cx.norms.get(e).copied().unwrap_or("")) && cx.lang() != "fr" {
                pronoun_at = Some(e);
            }
        }
    }
    if addressee_unit_end.is_none() && matches!(mode, "indirect" | "either" | "prep") {
        if let Some(e) = find_prep(cx, &def.addressee_prep_set, pos) {
            if let Some(u) = cx.unit_starting_at(e).or_else(|| cx.unit_starting_at(pos)) {
                if cx.unit_is_actor(u) {
                    addressee_unit_end = Some((u, u.end));
                }
            }
        }
        // Body mentions include their preposition (*aux forces…*).
        if addressee_unit_end.is_none() {
            if let Some(u) = cx.unit_starting_at(pos) {
                if cx.unit_is_actor(u) && def.addressee_preps.iter().any(|p| crate::fold::fold(p) == cx.norms[pos]) {
                    addressee_unit_end = Some((u, u.end));
                }
            }
        }
    }
    let subject_unit = cx.subject_unit(i);
    // Passive voice (*ont été appelés par Moscou à…*, *were urged by Washington to…*): the
    // subject is the addressee, the agent after *par* / *by* the caller.
    if i > 0 && matches!(cx.norms[i - 1], "ete" | "been" | "was" | "were" | "etaient" | "etait") {
        let agent = (i + 1..end).find(|&j| matches!(cx.norms[j], "par" | "by")).and_then(|j| cx.unit_starting_at(j + 1).map(|u| (j, u)));
        let caller = match agent {
            Some((_, u)) => cx.resolve_unit(u, &[]),
            None => cx.speaker().map(|s| s.1).unwrap_or_default(),
        };
        let addressee = subject_unit.map(|u| cx.resolve_unit(u, &caller_states(&caller))).unwrap_or_default();
        let after = agent.map(|(_, u)| u.end).unwrap_or(i + 1);
        let demand_start = find_prep(cx, &def.demand_prep_set, cx.skip_fillers(after, end))?;
        let demands = concepts_or_other(cx, demand_start, end, def.needs_cue)?;
        let event = make_event(cx, i, caller, addressee, demands, &format!("appeal/passive-verb:{}", def.forms[0]))?;
        return Some((event, end));
    }
    let caller = match (cx.tree_subject(i).filter(|e| !e.is_empty()), subject_unit) {
        (Some(ents), _) => ents,
        (None, Some(u)) => cx.resolve_unit(u, &[]),
        (None, None) => cx.speaker().map(|s| s.1).unwrap_or_default(),
    };
    let addressee: Vec<Entity>;
    if let Some((u, e)) = addressee_unit_end {
        addressee = cx.resolve_unit(u, &caller_states(&caller));
        pos = cx.skip_fillers(e, end);
    } else if let Some(p) = pronoun_at {
        addressee = clitic_addressee(cx, p + 1, subject_unit.map(|u| u.end).unwrap_or(0));
        pos = cx.skip_fillers(p + 1, end);
    } else if cx.lex.object_clitics.contains(cx.norms.get(pos).copied().unwrap_or("")) && cx.lang() != "fr" {
        // *urged them to…*: the pronoun after the verb is the addressee.
        addressee = clitic_addressee(cx, pos + 1, subject_unit.map(|u| u.end).unwrap_or(0));
        pos = cx.skip_fillers(pos + 1, end);
    } else {
        addressee = clitic_addressee(cx, i, subject_unit.map(|u| u.end).unwrap_or(0));
    }
    // Demand.
    let demand_start = match find_prep(cx, &def.demand_prep_set, pos) {
        Some(e) => e,
        None if def.direct_demand => pos,
        None => return None,
    };
    let demands = concepts_or_other(cx, demand_start, end, def.needs_cue)?;
    let mut event = make_event(cx, i, caller, addressee, demands, &format!("appeal/verb:{}", def.forms[0]))?;
    // *exiger*, *demand*: a demand, which CAMEO codes in its 10 family (1056, not 0256).
    if def.demand {
        event.cameo = crate::cameo::as_demand(&event.cameo);
    }
    Some((event, end))
}

fn noun_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let lex = &cx.lex.appeal;
    if !lex.nouns.contains(cx.norms[i]) {
        return None;
    }
    if i == 0 || !is_determiner(cx.lang(), cx.norms[i - 1]) && !cx.norms[i - 1].ends_with("'s") && cx.norms[i - 1] != "'s" {
        return None;
    }
    let end = cx.clause_end(i + 1);
    let mut pos = i + 1;
    let mut caller: Vec<Entity> = Vec::new();
    // *l'appel de la Russie à…*, *calls by Russia for…*
    if let Some(e) = lex.noun_caller_preps.longest_at(&cx.norms, pos) {
        if let Some(u) = cx.unit_starting_at(e) {
            if cx.unit_is_actor(u) {
                caller = cx.resolve_unit(u, &[]);
                pos = u.end;
            }
        }
    }
    // *Russia's call for…*
    if caller.is_empty() && i >= 2 && cx.norms[i - 1] == "'s" {
        if let Some(u) = cx.units().iter().find(|u| u.end == i - 1) {
            caller = cx.resolve_unit(u, &[]);
        }
    }
    // A light verb before the noun (*a multiplié les appels*, *issued a call*): its subject calls.
    let mut light_at = None;
    for j in (i.saturating_sub(8)..i).rev() {
        if lex.light_verbs.longest_at(&cx.norms, j).is_some() {
            light_at = Some(j);
            break;
        }
    }
    if caller.is_empty() {
        let at = light_at?;
        if cx.negated(at, i) {
            return None;
        }
        // A light verb whose subject we cannot resolve still states the appeal (partial).
        caller = cx.subject(at);
    }
    pos = cx.skip_fillers(pos, end);
    let mut addressee = Vec::new();
    // *un appel aux parties à…* / *a call on both sides to…*
    let prep_addr = matches!(cx.norms.get(pos).copied(), Some("aux" | "a" | "au" | "on" | "to" | "upon"));
    if prep_addr {
        if let Some(u) = cx.unit_starting_at(pos + 1).or_else(|| cx.unit_starting_at(pos)) {
            if cx.unit_is_actor(u) {
                addressee = cx.resolve_unit(u, &caller_states(&caller));
                pos = u.end;
            }
        }
    }
    let demands = concepts_or_other(cx, pos, end, true)?;
    let event = make_event(cx, i, caller, addressee, demands, "appeal/noun")?;
    Some((event, end))
}

fn passive_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let e = cx.lex.appeal.passive.longest_at(&cx.norms, i)?;
    let end = cx.clause_end(e);
    let mut caller = Vec::new();
    // An agent (*par Moscou*, *by Moscow*) names the caller.
    if matches!(cx.norms.get(e).copied(), Some("par" | "by")) {
        if let Some(u) = cx.unit_starting_at(e + 1) {
            caller = cx.resolve_unit(u, &[]);
        }
    }
    if caller.is_empty() {
        caller = cx.speaker().map(|s| s.1).unwrap_or_default();
    }
    if caller.is_empty() {
        caller = cx.previous_subject().unwrap_or_default();
    }
    let demands = concepts_or_other(cx, e, end, true)?;
    let event = make_event(cx, i, caller, Vec::new(), demands, "appeal/passive")?;
    Some((event, end))
}

/// The subject of the reporting verb whose *que* / *that* clause holds token `i`.
fn reporting_subject(cx: &Context, i: usize) -> Option<Vec<Entity>> {
    let start = cx.clause_start(i);
    if start == 0 || !matches!(cx.norms[start - 1], "que" | "qu'" | "that") {
        return None;
    }
    let opener = start - 1;
    let verb = (opener.saturating_sub(6)..opener).rev().find(|&k| cx.lex.reporting_verbs.longest_at(&cx.norms, k).is_some_and(|e| e <= opener))?;
    let subject = cx.subject(verb);
    (!subject.is_empty()).then_some(subject)
}

fn deontic_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let e = cx.lex.appeal.deontic.longest_at(&cx.norms, i)?;
    // Only in reported speech: the caller is the speaker, in the sentence or after the quote,
    // or the subject of the reporting verb that governs the clause (*Lavrov a déclaré que les
    // parties doivent cesser le feu*).
    let (speaker_at, caller) = match cx.speaker() {
        Some(found) => found,
        None => (usize::MAX, reporting_subject(cx, i)?),
    };
    if speaker_at != usize::MAX && speaker_at < i {
        return None;
    }
    let end = cx.clause_end(e).min(if speaker_at == usize::MAX { usize::MAX } else { speaker_at });
    // *Les deux pays doivent cesser le feu*: the modal's subject is the addressee.
    let addressee = match cx.subject_unit(i) {
        Some(u) => cx.resolve_unit(u, &caller_states(&caller)),
        None => Vec::new(),
    };
    let demands = demands_in(cx, e, end);
    if demands.is_empty() {
        return None;
    }
    let event = make_event(cx, i, caller, addressee, demands, "appeal/deontic")?;
    Some((event, end))
}

/// *X stressed the need for a ceasefire*, *X a rappelé la nécessité de respecter la trêve*: a
/// verb that asserts a necessity noun, read from the tree; the verb's subject calls for what
/// the noun's complement names.
fn necessity_appeal(cx: &Context, i: usize) -> Option<(Event, usize)> {
    let syn = cx.syntax()?;
    let lex = &cx.lex.appeal;
    let n = cx.word_at(i)?;
    let noun = syn.word(n);
    if noun.upos != crate::syntax::Upos::Noun || !lex.necessity_nouns.contains(&crate::fold::fold(&noun.lemma)) {
        return None;
    }
    // The asserting verb: the noun's head, or the head of the adjective or noun it sits in
    // (*l'urgente nécessité*, *the importance of*).
    let v = noun.head;
    if v == 0 || !syn.word(v).upos.is_verbal() || !lex.stress_verbs.contains(&crate::fold::fold(&syn.word(v).lemma)) {
        return None;
    }
    if !matches!(crate::extract::tree::base(noun.deprel), "obj" | "obl" | "nsubj" | "iobj") || cx.tree_negated(v) {
        return None;
    }
    // The complement may hang from the verb (*stressed the need | for a ceasefire*).
    let (_, sub_end) = cx.subtree_tokens(n)?;
    let end = sub_end.max(cx.clause_end(i + 1));
    let demands = demands_in(cx, i + 1, end);
    if demands.is_empty() {
        return None;
    }
    let vt = syn.word(v).token;
    let caller = match cx.subject_word(v).map(|s| cx.entities_of_word(s, &[])).filter(|e| !e.is_empty()) {
        Some(c) => c,
        None => cx.speaker().map(|s| s.1).unwrap_or_default(),
    };
    let event = make_event(cx, vt, caller, Vec::new(), demands, "appeal/necessity")?;
    Some((event, end))
}
