//! Stage 4 — extract: extractors behind one trait read a sentence in its document context
//! and produce facts (events and statements). Each extractor is a small module:
//! `appeal`, `contact`, `statement`, `role`, with `time` resolving the dates they carry.

pub mod appeal;
pub mod contact;
pub mod role;
pub mod statement;
pub mod time;
pub mod tree;

use crate::document::Document;
use crate::lexicon::{Knowledge, LangLexicon};
use crate::mentions::{Mention, MentionKind};
use crate::resolve::{self, DocIndex, Entity, Unit};
use crate::text::{Analysed, Sentence, TokenKind};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Appeal,
    Contact,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Demand {
    pub concept: String,
    pub text: String,
}

/// An appeal or a contact, with its evidence.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: EventKind,
    pub sentence: usize,
    /// Byte span of the sentence in the document text.
    pub span: (usize, usize),
    pub caller: Vec<Entity>,
    pub addressee: Vec<Entity>,
    pub demands: Vec<Demand>,
    pub participants: Vec<Entity>,
    /// Contacts: pairs that talked when the text says they talked separately.
    pub separate: bool,
    pub channel: Option<String>,
    pub topic: Option<String>,
    pub date: Option<String>,
    pub date_text: Option<String>,
    pub cameo: String,
    /// The rule that produced the event (for `explain`).
    pub rule: String,
    /// The text states the act but not every role (no caller, no demand, one participant):
    /// kept with the roles found rather than dropped (DESIGN.md, event records).
    pub partial: bool,
}

/// A generic subject–predicate–object triple.
#[derive(Clone, Debug)]
pub struct Statement {
    pub sentence: usize,
    pub span: (usize, usize),
    pub subject: Vec<Entity>,
    pub predicate: String,
    pub object: Vec<Entity>,
    pub object_text: Option<String>,
    pub negated: bool,
    pub rule: String,
    /// Clause statements: surface phrases with their spans, tense, voice, further arguments,
    /// confidence and nesting (None for statements of other extractors, e.g. `role`).
    pub clause: Option<statement::Clause>,
}

#[derive(Clone, Debug)]
pub enum Fact {
    Event(Event),
    Statement(Statement),
}

/// One extractor: reads a sentence in context and pushes facts.
pub trait Extractor: Send + Sync {
    fn name(&self) -> &'static str;
    fn extract(&self, cx: &Context, out: &mut Vec<Fact>);
}

/// The default extractors, in the order they run.
pub fn default_extractors() -> Vec<Box<dyn Extractor>> {
    vec![
        Box::new(appeal::AppealExtractor),
        Box::new(contact::ContactExtractor),
        Box::new(role::RoleExtractor),
        Box::new(statement::StatementExtractor),
    ]
}

/// A document after the text and mention stages, ready for the extractors.
pub struct DocAnalysis<'d> {
    pub doc: &'d Document,
    pub text: Analysed,
    pub mentions: Vec<Vec<Mention>>,
    pub units: Vec<Vec<Unit>>,
    pub index: DocIndex,
    /// UD analysis of each sentence (aligned with `text.sentences`; None without a model).
    pub syntax: Vec<Option<crate::syntax::SentenceSyntax>>,
}

impl<'d> DocAnalysis<'d> {
    pub fn new(doc: &'d Document, k: &Knowledge) -> Self {
        let text = crate::text::analyse(doc, k);
        // Two passes: full names first, so that a family name alone is known everywhere.
        let named: Vec<Vec<Mention>> = text.sentences.iter().map(|s| crate::mentions::find_named(s, k)).collect();
        let none = Default::default();
        let first: Vec<Vec<Mention>> = text
            .sentences
            .iter()
            .zip(&named)
            .map(|(s, n)| crate::mentions::with_persons(s, &doc.text, k, n.clone(), &none))
            .collect();
        let family: std::collections::HashSet<String> = first.iter().flat_map(|m| crate::mentions::family_names(m)).collect();
        let mentions: Vec<Vec<Mention>> = if family.is_empty() {
            first
        } else {
            text.sentences
                .iter()
                .zip(named)
                .map(|(s, n)| crate::mentions::with_persons(s, &doc.text, k, n, &family))
                .collect()
        };
        let units: Vec<Vec<Unit>> = text
            .sentences
            .iter()
            .zip(&mentions)
            .map(|(s, m)| resolve::units(s, m, k.lang(&s.lang)))
            .collect();
        let index = DocIndex::build(&text.sentences, &mentions, &units, k);
        let syntax = crate::syntax::parse_sentences(&text.sentences, &doc.text);
        DocAnalysis { doc, text, mentions, units, index, syntax }
    }

    /// Runs the extractors over every sentence.
    pub fn extract(&self, k: &Knowledge, extractors: &[Box<dyn Extractor>]) -> Vec<Fact> {
        let mut facts = Vec::new();
        for i in 0..self.text.sentences.len() {
            let cx = Context::new(self, k, i);
            let mut local = Vec::new();
            for x in extractors {
                x.extract(&cx, &mut local);
            }
            facts.extend(merge_events(local));
        }
        facts
    }
}

/// Two appeals of one sentence with the same caller and addressees are one appeal.
fn merge_events(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for f in facts {
        if let Fact::Event(e) = &f {
            if e.kind == EventKind::Appeal {
                let same = out.iter_mut().find_map(|o| match o {
                    Fact::Event(o) if o.kind == EventKind::Appeal && keys(&o.caller) == keys(&e.caller) && keys(&o.addressee) == keys(&e.addressee) => Some(o),
                    _ => None,
                });
                if let Some(o) = same {
                    for d in &e.demands {
                        if !o.demands.iter().any(|x| x.concept == d.concept) {
                            o.demands.push(d.clone());
                        }
                    }
                    o.demands.retain(|d| d.concept != "other" || e.demands.len() + 1 == 1);
                    continue;
                }
            }
            if e.kind == EventKind::Contact {
                let dup = out.iter().any(|o| matches!(o, Fact::Event(o) if o.kind == EventKind::Contact && keys(&o.participants) == keys(&e.participants)));
                if dup {
                    continue;
                }
            }
        }
        out.push(f);
    }
    out
}

fn keys(v: &[Entity]) -> Vec<&str> {
    let mut k: Vec<&str> = v.iter().map(|e| e.key.as_str()).collect();
    k.sort();
    k
}

/// Everything an extractor may ask about the sentence at hand.
pub struct Context<'a> {
    pub k: &'a Knowledge,
    pub an: &'a DocAnalysis<'a>,
    pub index: usize,
    pub lex: &'a LangLexicon,
    pub norms: Vec<&'a str>,
}

const PREPOSITIONS: &[&str] = &[
    "de", "d'", "du", "des", "avec", "entre", "dans", "contre", "pour", "sur", "a", "au", "aux", "en", "par", "vers", "chez",
    "envers", "selon", "apres", "avant", "depuis", "of", "with", "in", "between", "for", "by", "from", "against", "to", "on",
    "at", "into", "towards", "toward", "after", "before", "since",
];

impl<'a> Context<'a> {
    pub fn new(an: &'a DocAnalysis<'a>, k: &'a Knowledge, index: usize) -> Self {
        let s = &an.text.sentences[index];
        Context { k, an, index, lex: k.lang(&s.lang), norms: s.tokens.iter().map(|t| t.norm.as_str()).collect() }
    }

    pub fn sentence(&self) -> &'a Sentence {
        &self.an.text.sentences[self.index]
    }

    /// The sentence's words, tags and dependency tree (None for a language without a model).
    pub fn syntax(&self) -> Option<&'a crate::syntax::SentenceSyntax> {
        self.an.syntax.get(self.index).and_then(|s| s.as_ref())
    }
    pub fn mentions(&self) -> &'a [Mention] {
        &self.an.mentions[self.index]
    }
    pub fn units(&self) -> &'a [Unit] {
        &self.an.units[self.index]
    }
    pub fn text(&self) -> &'a str {
        &self.an.doc.text
    }
    pub fn lang(&self) -> &'a str {
        &self.sentence().lang
    }
    /// Surface text of tokens `a..b`.
    pub fn slice(&self, a: usize, b: usize) -> String {
        let t = &self.sentence().tokens;
        if a >= b || a >= t.len() {
            return String::new();
        }
        self.text()[t[a].start..t[b.min(t.len()) - 1].end].to_string()
    }
    pub fn span(&self) -> (usize, usize) {
        let s = self.sentence();
        (s.start, s.end)
    }

    /// The unit that starts at token `i` (articles before it allowed).
    pub fn unit_starting_at(&self, mut i: usize) -> Option<&'a Unit> {
        while i < self.norms.len() && matches!(self.norms[i], "le" | "la" | "les" | "l'" | "the" | "a" | "an") {
            if let Some(u) = self.units().iter().find(|u| u.start == i) {
                return Some(u);
            }
            i += 1;
        }
        self.units().iter().find(|u| u.start == i)
    }

    /// The unit at token `i`, or after a title the gazetteer does not know (*Secretary of State
    /// Mike Pompeo*, *Chancellor Olaf Scholz*): capitalised words joined by *of*/*de*.
    pub fn unit_after_title(&self, i: usize) -> Option<&'a Unit> {
        if let Some(u) = self.unit_starting_at(i) {
            return Some(u);
        }
        let toks = &self.sentence().tokens;
        for k in i + 1..(i + 5).min(toks.len()) {
            let title = (i..k).all(|j| (toks[j].cap && toks[j].kind == TokenKind::Word) || matches!(self.norms[j], "of" | "de" | "d'" | "du" | "the"));
            if !title {
                return None;
            }
            if let Some(u) = self.units().iter().find(|u| u.start == k) {
                return Some(u);
            }
        }
        None
    }

    pub fn unit_is_actor(&self, u: &Unit) -> bool {
        u.members.iter().any(|m| self.mentions()[m.mention].is_actor())
    }

    /// Skips adverbials, dates and punctuation-free fillers that may stand between a verb and
    /// its complements (*a appelé à plusieurs reprises à…*, *les a appelés ce 30 septembre à…*).
    pub fn skip_fillers(&self, mut i: usize, end: usize) -> usize {
        loop {
            if i >= end {
                return i;
            }
            // The longer of an adverbial and a date (*on Wednesday, 21 October*).
            // Quotation marks around a complement (*a exhorté Israël « à faire preuve… »*).
            if matches!(self.norms[i], "«" | "»" | "\"" | "“" | "”") {
                i += 1;
                continue;
            }
            let adverbial = self.lex.skip_adverbials.longest_at(&self.norms, i).unwrap_or(i);
            let date = time::date_at(self, i).map(|(_, e)| e).unwrap_or(i);
            let e = adverbial.max(date);
            if e > i {
                i = e;
                continue;
            }
            return i;
        }
    }

    /// Where the clause that starts at `from` ends: a reporting tail (*, a déclaré X*), a closing
    /// quote, a semicolon, or a comma that opens something other than a further conjunct.
    pub fn clause_end(&self, from: usize) -> usize {
        let n = self.norms.len();
        let mut i = from;
        while i < n {
            // A date is one piece, commas included (*on Wednesday, 21 October*).
            if let Some((_, e)) = time::date_at(self, i) {
                if e > i {
                    i = e;
                    continue;
                }
            }
            if self.lex.clause_end.longest_at(&self.norms, i).is_some() && i > from {
                return i;
            }
            if self.norms[i] == "," {
                let next = self.norms.get(i + 1).copied().unwrap_or("");
                let continues = matches!(next, "et" | "ainsi" | "a" | "de" | "d'" | "au" | "aux" | "and" | "to" | "as" | "ou" | "or" | "en" | "pour");
                if !continues || self.reporting_at(i + 1).is_some() {
                    return i;
                }
            }
            if matches!(self.norms[i], "." | "!" | "?" | ";") {
                return i;
            }
            i += 1;
        }
        n
    }

    /// A reporting verb (with its auxiliary) at `i`: returns its end.
    pub fn reporting_at(&self, i: usize) -> Option<usize> {
        let mut j = i;
        if let Some(e) = self.lex.auxiliaries.longest_at(&self.norms, j) {
            j = e;
        }
        self.lex.reporting_verbs.longest_at(&self.norms, j)
    }

    /// Negation around a verb group `a..b` (*n'a pas appelé*, *did not call*, *aucune rencontre*).
    pub fn negated(&self, a: usize, b: usize) -> bool {
        let lo = a.saturating_sub(4);
        let hi = (b + 2).min(self.norms.len());
        let window = &self.norms[lo..hi];
        let has = |w: &str| window.contains(&w);
        if self.lang() == "fr" {
            (has("ne") || has("n'")) && ["pas", "jamais", "plus", "guere", "point", "aucun", "aucune", "nullement", "ni"].iter().any(|w| has(w))
                || self.norms[lo..b.min(self.norms.len())].iter().any(|w| matches!(*w, "aucun" | "aucune" | "sans"))
        } else {
            self.norms[lo..b.min(self.norms.len())].iter().any(|w| matches!(*w, "not" | "never" | "no" | "without"))
        }
    }

    /// An offer or a hope rather than a fact or an appeal (*se dit prêt à accueillir*).
    pub fn is_offer(&self, clause_start: usize, at: usize) -> bool {
        (clause_start..at).any(|i| self.lex.modal_offers.longest_at(&self.norms, i).is_some_and(|e| e <= at))
    }

    /// Start of the clause containing token `at`: after the nearest complementiser or colon.
    pub fn clause_start(&self, at: usize) -> usize {
        let mut i = at;
        while i > 0 {
            i -= 1;
            if let Some(e) = self.lex.clause_openers.longest_at(&self.norms, i) {
                if e <= at && !self.in_unit(i) {
                    return e;
                }
            }
        }
        0
    }

    fn in_unit(&self, i: usize) -> bool {
        self.units().iter().any(|u| u.start <= i && i < u.end)
    }

    fn preceded_by_preposition(&self, u: &Unit) -> bool {
        u.start > 0 && {
            let mut p = u.start - 1;
            while p > 0 && matches!(self.norms[p], "le" | "la" | "les" | "l'" | "the") {
                p -= 1;
            }
            PREPOSITIONS.contains(&self.norms[p]) && self.norms[p] != "a" || (self.norms[p] == "a" && self.lang() == "fr")
        }
    }

    /// The subject of a verb or noun at token `at`: the nearest actor unit to its left in the
    /// same clause, skipping relative clauses and fronted adjuncts (*La Russie, qui entretient
    /// des liens avec l'Arménie, a appelé…*), taking members named after *dont* (*Plusieurs
    /// pays, dont la Russie, ont…*). None when the subject is not an actor.
    pub fn subject_unit(&self, at: usize) -> Option<&'a Unit> {
        let mut start = self.clause_start(at);
        // A dateline (*WASHINGTON -*, *MOSCOU (AFP) —*) is not the subject.
        if start == 0 {
            start = self.dateline_end().unwrap_or(0).min(at);
        }
        // Comma segments between `start` and `at`, commas inside units not counted.
        let mut cuts = vec![start];
        for i in start..at {
            if self.norms[i] == "," && !self.in_unit(i) {
                cuts.push(i + 1);
            }
        }
        cuts.push(at);
        let segments: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        for (n, &(a, b)) in segments.iter().enumerate().rev() {
            let b_eff = if n + 1 == segments.len() { b } else { b.saturating_sub(1) };
            let units: Vec<&Unit> = self
                .units()
                .iter()
                .filter(|u| u.start >= a && u.end <= b_eff.max(a) + 1 && u.end <= at && self.unit_is_actor(u))
                .collect();
            let opener_relative = self.lex.relative_openers.longest_at(&self.norms, a).is_some();
            let opener_inclusion = self.lex.inclusion_markers.longest_at(&self.norms, a);
            if let Some(e) = opener_inclusion {
                if let Some(u) = units.iter().find(|u| u.start >= e) {
                    return Some(u);
                }
            }
            if opener_relative {
                continue;
            }
            let is_last = n + 1 == segments.len();
            let fronted = n == 0 && segments.len() > 1 && self.lex.fronted_openers.longest_at(&self.norms, a).is_some();
            if fronted {
                continue;
            }
            if let Some(u) = units.iter().find(|u| !self.preceded_by_preposition(u)) {
                return Some(u);
            }
            // A verb phrase coordinated with an earlier one (*…, a condamné l'escalade et appelé
            // à…*): its subject stands in an earlier segment.
            let starts_with_verb = {
                let mut j = a;
                while j < b_eff && (self.lex.object_clitics.contains(self.norms[j]) || matches!(self.norms[j], "ne" | "n'" | "se" | "s'")) {
                    j += 1;
                }
                self.lex.auxiliaries.longest_at(&self.norms, j).is_some()
            };
            if is_last && starts_with_verb && n > 0 {
                continue;
            }
            if is_last || !units.is_empty() {
                // Words other than clitics, auxiliaries and adverbs: the subject is something else.
                let mut i = a;
                let mut content = false;
                while i < b_eff {
                    if let Some(e) = self.lex.skip_adverbials.longest_at(&self.norms, i).or_else(|| self.lex.auxiliaries.longest_at(&self.norms, i)) {
                        i = e;
                        continue;
                    }
                    let w = self.norms[i];
                    let tok = &self.sentence().tokens[i];
                    if tok.kind == TokenKind::Word && !self.lex.object_clitics.contains(w) && !self.lex.negations.contains(w)
                        && !matches!(w, "se" | "s'" | "ne" | "n'" | "y" | "en" | "also" | "has" | "have" | "had")
                    {
                        content = true;
                        break;
                    }
                    i += 1;
                }
                if content {
                    return None;
                }
            }
        }
        None
    }

    /// End of a dateline opening the sentence: words in capitals (and a parenthesis) before a dash.
    pub fn dateline_end(&self) -> Option<usize> {
        let toks = &self.sentence().tokens;
        // *Genève/Sanaa :* — capitalised place names before a colon that opens the sentence.
        if let Some(colon) = self.norms.iter().take(5).position(|w| *w == ":") {
            let text = self.text();
            let places = colon > 0
                && toks[..colon].iter().zip(&self.norms[..colon]).all(|(t, w)| matches!(*w, "/" | "-") || text[t.start..].chars().next().is_some_and(char::is_uppercase));
            if places {
                return Some(colon + 1);
            }
        }
        let dash = self.norms.iter().take(8).position(|w| matches!(*w, "-" | "—" | "–"))?;
        let mut in_paren = false;
        let all_caps = dash > 0 && toks[..dash].iter().zip(&self.norms[..dash]).all(|(t, w)| {
            if *w == "(" {
                in_paren = true;
            } else if *w == ")" {
                in_paren = false;
            }
            in_paren || t.upper || matches!(*w, "(" | ")" | "," | "." )
        });
        all_caps.then_some(dash + 1)
    }

    /// Entities of the subject at `at`, groups and pronouns resolved.
    pub fn subject(&self, at: usize) -> Vec<Entity> {
        if let Some(ents) = self.tree_subject(at).filter(|e| !e.is_empty()) {
            return ents;
        }
        match self.subject_unit(at) {
            Some(u) => self.resolve_unit(u, &[]),
            None => Vec::new(),
        }
    }

    /// Resolves a unit; `exclude` lists states that *les parties* cannot denote (the caller's).
    pub fn resolve_unit(&self, u: &Unit, exclude: &[String]) -> Vec<Entity> {
        let mentions = self.mentions();
        let mut out: Vec<Entity> = Vec::new();
        for m in &u.members {
            let mention = &mentions[m.mention];
            let ents = match &mention.kind {
                MentionKind::Parties => self.parties(exclude),
                MentionKind::Ministers => self.last_group(self.index, mention.start),
                MentionKind::Pronoun { kind } => self.pronoun(kind, mention.start),
                _ => resolve::resolve_mention(mention, m.role.map(|r| &mentions[r]), self.k, &self.an.index, self.lang()),
            };
            for e in ents {
                if !out.iter().any(|o| o.key == e.key) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// *les parties en conflit*, *les deux pays*: the two states the document names most,
    /// other than the excluded ones.
    pub fn parties(&self, exclude: &[String]) -> Vec<Entity> {
        let states = self.an.index.main_states(exclude);
        if states.len() < 2 {
            return Vec::new();
        }
        states.iter().take(2).map(|iso| resolve::country_entity(self.k, iso, self.lang())).collect()
    }

    /// The last unit of two or more persons named before (sentence `si`, token `tok`).
    pub fn last_group(&self, si: usize, tok: usize) -> Vec<Entity> {
        for s in (0..=si).rev() {
            let cx = Context::new(self.an, self.k, s);
            for u in cx.units().iter().rev() {
                if s == si && u.end > tok {
                    continue;
                }
                let ents = cx.resolve_unit_plain(u);
                if ents.len() >= 2 && ents.iter().all(|e| e.etype == crate::resolve::EntityType::Person) {
                    return ents;
                }
            }
        }
        Vec::new()
    }

    fn resolve_unit_plain(&self, u: &Unit) -> Vec<Entity> {
        resolve::resolve_unit_plain(u, self.mentions(), self.k, &self.an.index, self.lang())
    }

    fn pronoun(&self, kind: &str, at: usize) -> Vec<Entity> {
        match kind {
            // *ce dernier*: the last person or office named before.
            "latest" | "latest-pl" => {
                for s in (self.index.saturating_sub(2)..=self.index).rev() {
                    let cx = Context::new(self.an, self.k, s);
                    for m in cx.mentions().iter().rev() {
                        if s == self.index && m.end > at {
                            continue;
                        }
                        if matches!(m.kind, MentionKind::Person { .. } | MentionKind::Role { .. }) {
                            return resolve::resolve_mention(m, None, self.k, &self.an.index, cx.lang());
                        }
                    }
                }
                Vec::new()
            }
            // *il*, *he*: a person named before it in the sentence (*Pompeo said he…*), else the
            // subject that opened the previous sentence of the paragraph.
            "sg" => {
                let before = self.mentions().iter().rev().find(|m| m.end <= at && matches!(m.kind, MentionKind::Person { .. } | MentionKind::Role { plural: false, .. }));
                match before {
                    Some(m) => resolve::resolve_mention(m, None, self.k, &self.an.index, self.lang()),
                    None => self.earlier_subject().unwrap_or_default(),
                }
            }
            // *it*: a state or an organisation, never a person.
            "thing" => self.earlier_subject_where(|e| e.etype != crate::resolve::EntityType::Person).unwrap_or_default(),
            _ => self.earlier_subject().unwrap_or_default(),
        }
    }

    /// The actor that opens the nearest earlier sentence of the same paragraph (or quote):
    /// the caller of a passive appeal (*Moscou a exprimé… Un appel a été lancé…*).
    pub fn previous_subject(&self) -> Option<Vec<Entity>> {
        let me = self.sentence();
        for s in (0..self.index).rev() {
            let prev = &self.an.text.sentences[s];
            let same_block = prev.paragraph == me.paragraph || (me.quote.is_some() && prev.quote == me.quote);
            if !same_block {
                break;
            }
            let cx = Context::new(self.an, self.k, s);
            if let Some(u) = cx.units().first() {
                let lead = cx.norms[..u.start].iter().all(|w| matches!(*w, "«" | "\"" | "“" | "le" | "la" | "les" | "l'" | "the"));
                if lead && cx.unit_is_actor(u) {
                    let ents = cx.resolve_unit(u, &[]);
                    if !ents.is_empty() {
                        return Some(ents);
                    }
                }
            }
        }
        None
    }

    /// The main-clause subject of the nearest earlier sentence that has one (up to three
    /// sentences back): what *il*, *ils*, *he*, *it* most often refer to in news copy.
    pub fn earlier_subject(&self) -> Option<Vec<Entity>> {
        self.earlier_subject_where(|_| true)
    }

    /// `earlier_subject`, for subjects whose entities pass `keep`.
    pub fn earlier_subject_where(&self, keep: impl Fn(&Entity) -> bool) -> Option<Vec<Entity>> {
        for s in (self.index.saturating_sub(3)..self.index).rev() {
            let cx = Context::new(self.an, self.k, s);
            // Units inside a fronted adjunct (*Selon X, …*, *After meeting X, …*) are skipped.
            let fronted_end = if cx.lex.fronted_openers.longest_at(&cx.norms, 0).is_some() {
                cx.norms.iter().position(|w| *w == ",").unwrap_or(0)
            } else {
                0
            };
            let subject = cx.units().iter().find(|u| {
                u.start >= fronted_end && cx.unit_is_actor(u) && !cx.preceded_by_preposition(u)
                    && !u.members.iter().any(|m| matches!(cx.mentions()[m.mention].kind, MentionKind::Pronoun { .. }))
            });
            if let Some(u) = subject {
                let ents = cx.resolve_unit(u, &[]);
                if !ents.is_empty() && ents.iter().all(&keep) {
                    return Some(ents);
                }
            }
        }
        None
    }

    /// The speaker an inverted attribution names (*…, a déclaré la porte-parole, Maria
    /// Zakharova*; *…», a souligné le ministère*), in this sentence or at the end of the quote
    /// this sentence belongs to.
    pub fn speaker(&self) -> Option<(usize, Vec<Entity>)> {
        if let Some(found) = self.inverted_speaker() {
            return Some(found);
        }
        let q = self.sentence().quote?;
        for s in self.index + 1..self.an.text.sentences.len() {
            let next = &self.an.text.sentences[s];
            if next.quote != Some(q) {
                break;
            }
            let cx = Context::new(self.an, self.k, s);
            if let Some((_, e)) = cx.inverted_speaker() {
                return Some((usize::MAX, e));
            }
        }
        None
    }

    fn inverted_speaker(&self) -> Option<(usize, Vec<Entity>)> {
        let n = self.norms.len();
        for i in 0..n {
            if !matches!(self.norms[i], "," | "»" | "”" | "\"") {
                continue;
            }
            let mut j = i + 1;
            while j < n && matches!(self.norms[j], "," | "»" | "”") {
                j += 1;
            }
            // *…», X said.* / *…, the ministry said*: the speaker before the verb.
            if let Some(u) = self.unit_starting_at(j) {
                if self.unit_is_actor(u) && self.reporting_at(u.end).is_some() {
                    let ents = self.resolve_unit(u, &[]);
                    if !ents.is_empty() {
                        return Some((i, ents));
                    }
                }
            }
            let Some(e) = self.reporting_at(j) else { continue };
            let after = self.skip_fillers(e, n);
            if let Some(u) = self.unit_starting_at(after) {
                if self.unit_is_actor(u) {
                    let ents = self.resolve_unit(u, &[]);
                    if !ents.is_empty() {
                        return Some((i, ents));
                    }
                }
            }
        }
        None
    }

    /// The first date expression nearest to token `at`, resolved against the publication date.
    pub fn date_near(&self, at: usize) -> (Option<String>, Option<String>) {
        time::date_in_sentence(self, at)
    }
}

/// Removes from `v` the entities also in `other` (an actor does not call on itself).
pub fn without(v: Vec<Entity>, other: &[Entity]) -> Vec<Entity> {
    v.into_iter().filter(|e| !other.iter().any(|o| o.key == e.key)).collect()
}
