//! Stage 3 — mentions: states, capitals, organisations, places (gazetteer), ministries and
//! offices by pattern (*le ministère russe des Affaires étrangères*, *son homologue turc*),
//! persons (capitalised names, titles), groups (*les parties en conflit*) and pronouns.

use crate::gazetteer::Hit;
use crate::lexicon::{Element, Knowledge, LangLexicon, PatternRef, Phrase, Slot};
use crate::text::{Sentence, Token, TokenKind};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A state by name.
    Country { iso3: String },
    /// A capital city; as an actor it stands for its state.
    Capital { iso3: String },
    /// A phrase that stands for a state: *le Kremlin*, *la partie russe*, *la diplomatie russe*.
    StateAlias { iso3: String },
    /// An organisation of the gazetteer (index into `Gazetteer::orgs`).
    Org { index: usize },
    /// A national body found by pattern: ministries, peacekeepers, armed forces.
    Body { office: String, countries: Vec<String>, label: String },
    /// An office holder: *le ministre russe des Affaires étrangères*, *ses homologues arménien et azerbaïdjanais*.
    Role { office: String, countries: Vec<String>, plural: bool },
    /// A person's name as written (full or family name only).
    Person { name: String },
    /// A region or territory (index into `Gazetteer::places`).
    Place { index: usize },
    /// *les parties en conflit*, *les deux pays*.
    Parties,
    /// *les ministres*, *les interlocuteurs*: the persons last named together.
    Ministers,
    /// *il*, *ils*, *ce dernier*.
    Pronoun { kind: String },
}

#[derive(Clone, Debug)]
pub struct Mention {
    /// Token range in the sentence, end exclusive.
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
}

impl Mention {
    /// Can act (call, talk): everything but places.
    pub fn is_actor(&self) -> bool {
        !matches!(self.kind, MentionKind::Place { .. })
    }
}

/// Token norms of a sentence as `&str`, the form phrase matchers take.
pub fn norms(s: &Sentence) -> Vec<&str> {
    s.tokens.iter().map(|t| t.norm.as_str()).collect()
}

/// Slot-aware phrase matching (roles, ministries, metonyms). Returns the end and the states named.
pub fn match_phrase(p: &Phrase, tokens: &[Token], norms: &[&str], gaz: &GazetteerHits, i: usize, k: &Knowledge) -> Option<(usize, Vec<String>)> {
    fn go(el: &[Element], tokens: &[Token], norms: &[&str], gaz: &GazetteerHits, i: usize, k: &Knowledge, caps: &mut Vec<String>) -> Option<usize> {
        let Some((first, rest)) = el.split_first() else { return Some(i) };
        match first {
            Element::Words { .. } => {
                if i < norms.len() && first.accepts(norms[i]) {
                    if let Some(e) = go(rest, tokens, norms, gaz, i + 1, k, caps) {
                        return Some(e);
                    }
                }
            }
            Element::Slot { slot, .. } => {
                let mark = caps.len();
                if let Some(e) = match_slot(slot, tokens, norms, gaz, i, k, caps) {
                    if let Some(end) = go(rest, tokens, norms, gaz, e, k, caps) {
                        return Some(end);
                    }
                }
                caps.truncate(mark);
            }
        }
        if first.optional() {
            return go(rest, tokens, norms, gaz, i, k, caps);
        }
        None
    }
    // Callers offer only patterns indexed under this word or able to start with a slot.
    if i >= norms.len() || !p.may_match_at(norms, i) {
        return None;
    }
    let mut caps = Vec::new();
    let end = go(&p.elements, tokens, norms, gaz, i, k, &mut caps)?;
    (end > i).then_some((end, caps))
}

/// Every gazetteer name that starts at each token of a sentence, looked up once per sentence:
/// the patterns that want a state or a demonym at a position read this table instead of
/// searching the gazetteer again, pattern after pattern.
pub struct GazetteerHits {
    /// `hits[offsets[i]..offsets[i + 1]]` start at token `i`, shortest names first.
    offsets: Vec<u32>,
    hits: Vec<(u32, Hit)>,
    /// Whether some name of the gazetteer starts with the word at `i`.
    starts_name: Vec<bool>,
}

impl GazetteerHits {
    pub fn new(tokens: &[Token], norms: &[&str], k: &Knowledge) -> Self {
        let g = &k.gazetteer;
        let mut offsets = Vec::with_capacity(tokens.len() + 1);
        let mut hits = Vec::new();
        let mut starts_name = vec![false; tokens.len()];
        let mut key = String::new();
        for i in 0..tokens.len() {
            offsets.push(hits.len() as u32);
            // Most tokens begin no name: one lookup, no allocation.
            if tokens[i].kind == TokenKind::Punct || !g.is_prefix(norms[i]) {
                continue;
            }
            starts_name[i] = true;
            key.clear();
            for len in 1..=g.max_tokens.min(tokens.len() - i) {
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(norms[i + len - 1]);
                let Some(found) = g.prefix_hits(&key) else { break };
                hits.extend(found.iter().map(|h| ((i + len) as u32, *h)));
            }
        }
        offsets.push(hits.len() as u32);
        GazetteerHits { offsets, hits, starts_name }
    }

    /// Whether some name starts with the word at `i` (a punctuation token starts none).
    pub fn starts_name(&self, i: usize) -> bool {
        self.starts_name.get(i).copied().unwrap_or(false)
    }

    /// Whether the word at `i`, alone, is a demonym.
    pub fn is_demonym(&self, i: usize) -> bool {
        let Some((&a, &b)) = self.offsets.get(i).zip(self.offsets.get(i + 1)) else { return false };
        self.hits[a as usize..b as usize].iter().any(|&(end, h)| end as usize == i + 1 && matches!(h, Hit::Demonym(_)))
    }

    /// Longest hit at `i` satisfying `want` (the first of the longest): its end and the hit.
    pub fn best(&self, i: usize, want: &dyn Fn(&Hit) -> bool) -> Option<(usize, Hit)> {
        let range = self.offsets.get(i).zip(self.offsets.get(i + 1))?;
        let mut best: Option<(usize, Hit)> = None;
        for &(end, hit) in &self.hits[*range.0 as usize..*range.1 as usize] {
            if want(&hit) && best.map(|(e, _)| end as usize > e).unwrap_or(true) {
                best = Some((end as usize, hit));
            }
        }
        best
    }
}

fn is_article(norm: &str) -> bool {
    matches!(norm, "le" | "la" | "les" | "l'" | "the")
}

fn is_conj(norm: &str) -> bool {
    matches!(norm, "et" | "and" | "," | "ou" | "or")
}

fn is_prep_of(norm: &str) -> bool {
    matches!(norm, "de" | "d'" | "du" | "des" | "of")
}

fn match_slot(slot: &Slot, tokens: &[Token], norms: &[&str], gaz: &GazetteerHits, i: usize, k: &Knowledge, caps: &mut Vec<String>) -> Option<usize> {
    let dem = |j: usize| gaz.best(j, &|h| matches!(h, Hit::Demonym(_)));
    let country = |j: usize| -> Option<(usize, usize)> {
        let j = if j < norms.len() && is_article(norms[j]) { j + 1 } else { j };
        // *U.S. Secretary of State*: an acronym stands for its state too.
        if j < tokens.len() && (tokens[j].upper || tokens[j].norm.contains('.')) {
            if let Some(Hit::Country(c)) = k.gazetteer.lookup_acronym(&tokens[j].norm.to_uppercase()).first() {
                return Some((j + 1, *c));
            }
        }
        let (e, h) = gaz.best(j, &|h| matches!(h, Hit::Country(_)))?;
        if !tokens[j].cap {
            return None;
        }
        match h {
            Hit::Country(c) => Some((e, c)),
            _ => None,
        }
    };
    let iso = |c: usize| k.gazetteer.countries[c].iso3.clone();
    match slot {
        Slot::Dem | Slot::Dems => {
            let (mut end, Hit::Demonym(c)) = dem(i)? else { return None };
            caps.push(iso(c));
            if *slot == Slot::Dems {
                while end + 1 < norms.len() && is_conj(norms[end]) {
                    match dem(end + 1) {
                        Some((e, Hit::Demonym(c))) => {
                            caps.push(iso(c));
                            end = e;
                        }
                        _ => break,
                    }
                }
            }
            Some(end)
        }
        Slot::Country | Slot::Countries => {
            let (mut end, c) = country(i)?;
            caps.push(iso(c));
            if *slot == Slot::Countries {
                loop {
                    if end >= norms.len() || !is_conj(norms[end]) {
                        break;
                    }
                    let mut j = end + 1;
                    if j < norms.len() && is_prep_of(norms[j]) {
                        j += 1;
                    }
                    match country(j) {
                        Some((e, c)) => {
                            caps.push(iso(c));
                            end = e;
                        }
                        None => break,
                    }
                }
            }
            Some(end)
        }
        Slot::Number => {
            let t = tokens.get(i)?;
            (t.kind == TokenKind::Number || k.lang("fr").time.numbers.contains_key(&t.norm)
                || k.lang("en").time.numbers.contains_key(&t.norm))
            .then_some(i + 1)
        }
    }
}

/// Finds the mentions of one sentence. `known_family` holds family names of persons named in
/// full anywhere in the document, so that *Lavrov* alone is a person too.
pub fn find(s: &Sentence, text: &str, k: &Knowledge, known_family: &HashSet<String>) -> Vec<Mention> {
    let base = find_named(s, k);
    with_persons(s, text, k, base, known_family)
}

/// Everything but persons: gazetteer names, offices, bodies, groups, pronouns.
pub fn find_named(s: &Sentence, k: &Knowledge) -> Vec<Mention> {
    let lex = k.lang(&s.lang);
    let norms = norms(s);
    let gaz = GazetteerHits::new(&s.tokens, &norms, k);
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < s.tokens.len() {
        if let Some(m) = best_at(s, &norms, &gaz, i, k, lex) {
            i = m.end;
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

/// Adds the persons found in the gaps between `named` mentions.
pub fn with_persons(s: &Sentence, text: &str, k: &Knowledge, mut named: Vec<Mention>, known_family: &HashSet<String>) -> Vec<Mention> {
    let lex = k.lang(&s.lang);
    let norms = norms(s);
    let toks = &s.tokens;
    let mut covered = vec![false; toks.len()];
    for m in &named {
        for x in covered.iter_mut().take(m.end).skip(m.start) {
            *x = true;
        }
    }
    // A demonym written as a noun (*l'Américain Andrew Schofer*) is not part of a name.
    for (i, c) in covered.iter_mut().enumerate() {
        if !*c && toks[i].cap && k.gazetteer.lookup(norms[i]).iter().any(|h| matches!(h, Hit::Demonym(_))) {
            *c = true;
        }
    }
    let mut persons = find_persons(s, text, &norms, &covered, lex, known_family);
    // *le Russe Igor Popov*: the demonym before a name says the person's state.
    for p in &persons {
        let d = p.start.wrapping_sub(1);
        if p.start > 0 && toks[d].cap && !named.iter().any(|m| m.start <= d && d < m.end) {
            if let Some(Hit::Demonym(c)) = k.gazetteer.lookup(norms[d]).iter().find(|h| matches!(h, Hit::Demonym(_))) {
                let iso3 = k.gazetteer.countries[*c].iso3.clone();
                named.push(Mention { start: d, end: d + 1, kind: MentionKind::Role { office: "national".into(), countries: vec![iso3], plural: false } });
            }
        }
    }
    named.append(&mut persons);
    named.sort_by_key(|m| (m.start, m.end));
    named
}

fn best_at(s: &Sentence, norms: &[&str], gaz: &GazetteerHits, i: usize, k: &Knowledge, lex: &LangLexicon) -> Option<Mention> {
    let toks = &s.tokens;
    let mut best: Option<Mention> = None;
    let mut consider = |m: Mention| {
        if best.as_ref().map(|b| m.end > b.end).unwrap_or(true) {
            best = Some(m);
        }
    };
    let ix = &lex.mention_index;
    let indexed = ix.starting_with(norms[i]);
    // Slot-first patterns need a state name (capitalised), an acronym or a demonym here.
    let may_be_state = (toks[i].cap && (gaz.starts_name(i) || toks[i].upper || norms[i].contains('.'))) || gaz.is_demonym(i);
    let slot_first: &[PatternRef] = if may_be_state { &ix.slot_first } else { &[] };
    for &r in indexed.iter().chain(slot_first) {
        let p = lex.pattern(r);
        match r {
            PatternRef::Role(ri, _) => {
                if let Some((end, countries)) = match_phrase(p, toks, norms, gaz, i, k) {
                    let plural = toks[i..end].iter().any(|t| {
                        matches!(t.norm.as_str(), "ministres" | "homologues" | "chefs" | "ministers" | "counterparts" | "presidents" | "diplomats")
                    }) || countries.len() > 1;
                    consider(Mention { start: i, end, kind: MentionKind::Role { office: lex.roles[ri].office.clone(), countries, plural } });
                }
            }
            PatternRef::Body(bi, _) => {
                if let Some((end, countries)) = match_phrase(p, toks, norms, gaz, i, k) {
                    let body = &lex.ministries[bi];
                    consider(Mention {
                        start: i,
                        end,
                        kind: MentionKind::Body { office: body.office.clone(), countries, label: body.label.clone() },
                    });
                }
            }
            PatternRef::Metonym(_) => {
                if let Some((end, countries)) = match_phrase(p, toks, norms, gaz, i, k) {
                    if let Some(iso3) = countries.into_iter().next() {
                        consider(Mention { start: i, end, kind: MentionKind::StateAlias { iso3 } });
                    }
                }
            }
            PatternRef::Alias(ai) => {
                if let Some(end) = p.match_words(norms, i).filter(|&e| e > i) {
                    consider(Mention { start: i, end, kind: MentionKind::StateAlias { iso3: lex.state_aliases[ai].1.clone() } });
                }
            }
            PatternRef::Pronoun(pi) => {
                if let Some(end) = p.match_words(norms, i).filter(|&e| e > i) {
                    consider(Mention { start: i, end, kind: MentionKind::Pronoun { kind: lex.subject_pronouns[pi].1.clone() } });
                }
            }
        }
    }
    if let Some(end) = lex.party_groups.longest_at(norms, i) {
        consider(Mention { start: i, end, kind: MentionKind::Parties });
    }
    if let Some(end) = lex.minister_groups.longest_at(norms, i) {
        consider(Mention { start: i, end, kind: MentionKind::Ministers });
    }
    // *Russes et Ukrainiens*, *the Armenians*: a people named by its plural demonym acts as its
    // state (as country-level event coding has it); *le Français Stéphane Visconti* is a person.
    let singular_article = i > 0 && matches!(norms[i - 1], "le" | "la" | "l'" | "un" | "une" | "the" | "a" | "an");
    if toks[i].cap && !toks[i].upper && norms[i].ends_with('s') && !singular_article {
        let demonym = gaz.best(i, &|h| matches!(h, Hit::Demonym(_)));
        if let Some((end, Hit::Demonym(c))) = demonym {
            let country = &k.gazetteer.countries[c];
            let plural = country.demonyms_fr[2..].iter().any(|d| crate::fold::fold(d) == norms[i]) || crate::fold::fold(&format!("{}s", country.demonym_en)) == norms[i];
            if plural && end == i + 1 {
                consider(Mention { start: i, end, kind: MentionKind::Country { iso3: country.iso3.clone() } });
            }
        }
    }
    // Gazetteer: proper names need their capital letter; acronyms their exact case.
    let name = gaz.best(i, &|h| !matches!(h, Hit::Demonym(_)));
    if let Some((end, hit)) = name {
        let is_org = matches!(hit, Hit::Org(_));
        if toks[i].cap || is_org {
            consider(hit_mention(i, end, hit, k));
        }
    }
    if toks[i].upper || (toks[i].cap && toks[i].norm.contains('.')) {
        let surface_hits = k.gazetteer.lookup_acronym(&s_surface(s, i));
        if let Some(hit) = surface_hits.first() {
            consider(hit_mention(i, i + 1, *hit, k));
        }
    }
    best
}

fn s_surface(s: &Sentence, i: usize) -> String {
    // Tokens keep offsets only; the caller's text is not at hand here, so rebuild from norm
    // with the case the token flags give (acronyms are all caps).
    s.tokens[i].norm.to_uppercase()
}

fn hit_mention(start: usize, end: usize, hit: Hit, k: &Knowledge) -> Mention {
    let kind = match hit {
        Hit::Country(c) => MentionKind::Country { iso3: k.gazetteer.countries[c].iso3.clone() },
        Hit::Capital(c, _) => MentionKind::Capital { iso3: k.gazetteer.countries[c].iso3.clone() },
        Hit::Org(o) => MentionKind::Org { index: o },
        Hit::Place(p) => MentionKind::Place { index: p },
        Hit::Demonym(c) => MentionKind::Country { iso3: k.gazetteer.countries[c].iso3.clone() },
    };
    Mention { start, end, kind }
}

const NAME_PARTICLES: &[&str] = &["de", "da", "del", "della", "van", "von", "der", "den", "al", "el", "bin", "ben", "ibn", "abu", "le"];

fn is_name_token(t: &Token, lex: &LangLexicon) -> bool {
    t.kind == TokenKind::Word && t.cap && !t.upper && !lex.name_stopwords.contains(t.norm.as_str())
        && !lex.titles.contains(t.norm.as_str()) && !t.norm.ends_with('\'') && t.norm.chars().count() > 1
}

fn find_persons(s: &Sentence, text: &str, norms: &[&str], covered: &[bool], lex: &LangLexicon, known_family: &HashSet<String>) -> Vec<Mention> {
    let toks = &s.tokens;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if covered[i] || !is_name_token(&toks[i], lex) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        loop {
            if j < toks.len() && !covered[j] && is_name_token(&toks[j], lex) {
                j += 1;
            } else if j + 1 < toks.len() && NAME_PARTICLES.contains(&norms[j]) && !covered[j + 1] && is_name_token(&toks[j + 1], lex) {
                j += 2;
            } else {
                break;
            }
        }
        let after_title = i >= 1 && {
            let mut p = i - 1;
            if norms[p] == "." && p >= 1 {
                p -= 1;
            }
            lex.titles.contains(norms[p])
        };
        let name = text[toks[i].start..toks[j - 1].end].to_string();
        let single_known = j == i + 1 && known_family.contains(&crate::fold::translit_key(&name));
        if j - i >= 2 || after_title || single_known {
            out.push(Mention { start: i, end: j, kind: MentionKind::Person { name } });
        }
        i = j;
    }
    out
}

/// Family-name keys of the full names (two words or more) in a list of mentions.
pub fn family_names(mentions: &[Mention]) -> Vec<String> {
    mentions
        .iter()
        .filter_map(|m| match &m.kind {
            MentionKind::Person { name } if name.split_whitespace().count() >= 2 => {
                name.split_whitespace().last().map(crate::fold::translit_key)
            }
            _ => None,
        })
        .collect()
}
