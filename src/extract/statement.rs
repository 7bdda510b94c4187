//! Statements: subject–predicate–object triples read from every clause of the dependency tree
//! (`syntax`), as open information extraction reads them.
//!
//! - the predicate is the surface relation phrase (*a mis en garde contre*, *was established
//!   in*, *has called on*): auxiliaries, negation, verb particles, French reflexive clitics, the
//!   verbs of an infinitive complement and, when there is no direct object, the preposition of
//!   the first complement; its lemma, tense, polarity and voice are kept apart;
//! - the subject is any noun phrase or pronoun, the object a constituent (the word's subtree
//!   without relative clauses, appositions and clauses of its own); either is linked to the
//!   entities of the mention stage when the phrase names one (pronouns resolved);
//! - coordinated objects and coordinated verbs give one statement each; copulas (*X is Y*) and
//!   appositions (*X, the minister of Y*) give *is* / *est* statements; relative and participial
//!   clauses take their antecedent as subject; a passive keeps its agent; a complement clause of
//!   a reporting verb (*X said that …*) is the outer statement's object and a statement of its
//!   own, nested in it; time, place, agent and *with* complements are further arguments.
//!
//! Each statement carries a confidence in [0, 1] (how sure the tree reading is), so that a user
//! can keep the surer ones. Every phrase keeps its byte span for NIF.
//! The work is linear in the sentence (children lists built once; each word visited a bounded
//! number of times per statement).

use super::tree::base;
use super::{Context, Extractor, Fact, Statement};
use crate::resolve::Entity;
use crate::syntax::{SentenceSyntax, Upos};

pub struct StatementExtractor;

impl Extractor for StatementExtractor {
    fn name(&self) -> &'static str {
        "statement"
    }

    fn extract(&self, cx: &Context, out: &mut Vec<Fact>) {
        let Some(syn) = cx.syntax() else { return };
        if syn.words.is_empty() {
            return;
        }
        let t = Tree::new(cx, syn);
        let mut found: Vec<Statement> = Vec::new();
        t.clauses(&mut found);
        t.appositions(&mut found);
        t.possessives(&mut found);
        out.extend(found.into_iter().map(Fact::Statement));
    }
}

/// A phrase of the sentence: its text (the source text of each contiguous run of tokens, runs
/// joined by a space) and its byte span in the document (first to last token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub span: (usize, usize),
}

/// A further argument of a statement: time, place, agent, *with* (companion or instrument) or
/// another complement, with its preposition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argument {
    pub kind: &'static str,
    pub phrase: Phrase,
}

/// What a clause statement adds to a triple: surface phrases, grammatical properties, further
/// arguments, confidence and nesting.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub subject: Phrase,
    pub predicate: Phrase,
    pub object: Option<Phrase>,
    pub arguments: Vec<Argument>,
    /// `past`, `present` or `future` (None when the clause has no finite verb).
    pub tense: Option<&'static str>,
    /// `active` or `passive`.
    pub voice: &'static str,
    pub confidence: f32,
    /// Position among the sentence's clause statements, and the statement whose object this
    /// one is (reported speech, complement clauses).
    pub id: usize,
    pub parent: Option<usize>,
}

/// Relations whose subtree is a clause of its own: not part of a phrase.
const CLAUSAL: &[&str] = &["acl:relcl", "advcl", "ccomp", "csubj", "parataxis", "dislocated", "reparandum", "list", "vocative", "discourse", "orphan"];

struct Tree<'c, 'a> {
    cx: &'c Context<'a>,
    syn: &'a SentenceSyntax,
    kids: Vec<Vec<usize>>,
    en: bool,
}

/// Words that negate a verb they depend on.
fn is_negation(form: &str) -> bool {
    matches!(form, "not" | "n't" | "never" | "ne" | "n'" | "pas" | "jamais" | "guere" | "nullement" | "point")
}

/// Relative pronouns (the antecedent stands for them).
fn is_relative(w: &crate::syntax::Word) -> bool {
    w.feats.get("PronType") == Some("Rel")
        || (matches!(w.upos, Upos::Pron | Upos::Det | Upos::Sconj)
            && matches!(crate::fold::fold(&w.form).as_str(), "who" | "whom" | "which" | "that" | "qui" | "que" | "qu'" | "lequel" | "laquelle" | "lesquels" | "lesquelles"))
}

fn is_time_word(norm: &str) -> bool {
    matches!(
        norm,
        "today" | "yesterday" | "tomorrow" | "week" | "month" | "year" | "years" | "day" | "days" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday"
            | "saturday" | "sunday" | "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october"
            | "november" | "december" | "century" | "morning" | "evening" | "night" | "afternoon" | "decade" | "time" | "period" | "season"
            | "hier" | "demain" | "aujourd'hui" | "semaine" | "mois" | "an" | "annee" | "ans" | "annees" | "jour" | "jours" | "lundi" | "mardi"
            | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche" | "janvier" | "fevrier" | "mars" | "avril" | "mai" | "juin" | "juillet"
            | "aout" | "septembre" | "octobre" | "novembre" | "decembre" | "siecle" | "matin" | "soir" | "nuit" | "apres-midi" | "decennie"
    )
}

impl<'c, 'a> Tree<'c, 'a> {
    fn new(cx: &'c Context<'a>, syn: &'a SentenceSyntax) -> Self {
        let n = syn.words.len();
        let mut kids = vec![Vec::new(); n + 1];
        for (i, w) in syn.words.iter().enumerate() {
            if w.head <= n && w.head != i + 1 {
                kids[w.head].push(i + 1);
            }
        }
        Tree { cx, syn, kids, en: cx.lang() != "fr" }
    }

    fn w(&self, i: usize) -> &'a crate::syntax::Word {
        self.syn.word(i)
    }
    fn rel(&self, i: usize) -> &'static str {
        self.syn.word(i).deprel
    }
    fn brel(&self, i: usize) -> &'static str {
        base(self.syn.word(i).deprel)
    }
    fn kids(&self, i: usize) -> &[usize] {
        &self.kids[i]
    }
    fn kid(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.kids[i].iter().copied().find(|&c| rels.contains(&self.rel(c)) || rels.contains(&self.brel(c)))
    }
    fn norm(&self, i: usize) -> String {
        crate::fold::fold(&self.w(i).form)
    }

    // ------------------------------------------------------------------------------------
    // Phrases
    // ------------------------------------------------------------------------------------

    /// Words of `w`'s subtree, without the children of any word for which `skip(child)` holds
    /// (their subtrees are left out), sorted.
    fn collect(&self, w: usize, skip: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
        let mut out = vec![w];
        let mut stack = vec![w];
        let limit = self.syn.words.len();
        while let Some(x) = stack.pop() {
            if out.len() > limit {
                break;
            }
            for &c in self.kids(x) {
                if skip(x, c) {
                    continue;
                }
                out.push(c);
                stack.push(c);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A constituent: the subtree of `w` without clauses of their own, appositions and
    /// (when `split`) its own conjuncts.
    fn constituent(&self, w: usize, split: bool) -> Vec<usize> {
        self.constituent_without(w, split, false, &[])
    }

    /// `constituent`, without `w`'s own preposition and complementiser when `bare`, and without
    /// the subtree of word `out` (a relative clause inside its antecedent).
    fn constituent_without(&self, w: usize, split: bool, bare: bool, out: &[usize]) -> Vec<usize> {
        self.collect(w, &|x, c| {
            let r = self.rel(c);
            out.contains(&c)
                || CLAUSAL.contains(&r)
                || CLAUSAL.contains(&base(r)) && base(r) != "acl"
                || base(r) == "appos"
                || (split && x == w && matches!(base(r), "conj" | "cc"))
                || (x == w && base(r) == "punct" && self.conj_punct(w, c))
                || (bare && x == w && c < w && matches!(base(r), "case" | "mark"))
                // A noun phrase never holds the subject or copula of the clause its head
                // predicates (*X is an actor who plays*: the antecedent is *an actor*).
                || (x == w && matches!(base(r), "nsubj" | "csubj" | "cop" | "aux"))
                // A participial clause between commas (*le pont, construit en 1932,*).
                || (base(r) == "acl" && self.kids(c).iter().any(|&d| d < c && self.w(d).form == ","))
        })
    }

    /// A comma or a dash that separates `w` from a conjunct or a clause that is not part of the
    /// phrase.
    fn conj_punct(&self, _w: usize, c: usize) -> bool {
        matches!(self.w(c).form.as_str(), "," | ";" | ":" | "-" | "—" | "–" | "(" | ")")
    }

    /// The phrase of a set of words: token runs, punctuation trimmed at both ends.
    fn phrase(&self, words: &[usize]) -> Option<Phrase> {
        let toks = &self.cx.sentence().tokens;
        let mut ts: Vec<usize> = words.iter().map(|&w| self.w(w).token).filter(|&t| t < toks.len()).collect();
        ts.sort_unstable();
        ts.dedup();
        let is_punct = |t: usize| toks[t].kind != crate::text::TokenKind::Word && !toks[t].norm.chars().any(|c| c.is_alphanumeric());
        while ts.first().is_some_and(|&t| is_punct(t) && !matches!(toks[t].norm.as_str(), "$" | "€" | "£" | "``" | "\"" | "«" | "'" | "`")) {
            ts.remove(0);
        }
        while ts.last().is_some_and(|&t| is_punct(t) && !matches!(toks[t].norm.as_str(), "%" | "''" | "\"" | "»" | "'" | ")")) {
            ts.pop();
        }
        // An unbalanced closing quote at the end.
        let first = *ts.first()?;
        let last = *ts.last()?;
        let text = self.cx.text();
        let mut out = String::new();
        let mut run_start = first;
        let mut prev = first;
        for &t in &ts[1..] {
            if t != prev + 1 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[toks[run_start].start..toks[prev].end]);
                run_start = t;
            }
            prev = t;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[toks[run_start].start..toks[prev].end]);
        Some(Phrase { text: out, span: (toks[first].start, toks[last].end) })
    }

    /// The `case` words that introduce `w` (*in*, *à*, *because of*), in order.
    fn case_words(&self, w: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &c in self.kids(w) {
            if self.brel(c) == "case" && c < w {
                out.push(c);
                out.extend(self.kids(c).iter().copied().filter(|&f| self.brel(f) == "fixed"));
            }
        }
        out.sort_unstable();
        out
    }

    // ------------------------------------------------------------------------------------
    // Entities
    // ------------------------------------------------------------------------------------

    /// The entities a phrase headed by `w` names: for `w` and each of its conjuncts, the mention
    /// unit that holds its head token (pronouns resolved). Empty when the phrase names none.
    fn entities(&self, w: usize, with_conjuncts: bool) -> Vec<Entity> {
        let mut heads = vec![w];
        if with_conjuncts {
            let mut i = 0;
            while i < heads.len() && heads.len() < 16 {
                let x = heads[i];
                heads.extend(self.kids(x).iter().copied().filter(|&c| self.brel(c) == "conj" && !self.w(c).upos.is_verbal()));
                i += 1;
            }
        }
        let mut out: Vec<Entity> = Vec::new();
        for x in heads {
            let tok = self.w(x).token;
            let unit = self.cx.units().iter().find(|u| u.start <= tok && tok < u.end).or_else(|| {
                // A name in apposition or a flat name's head (*le secrétaire général, António Guterres*).
                self.kids(x).iter().filter(|&&c| matches!(self.rel(c), "appos" | "flat" | "flat:name")).find_map(|&c| {
                    let t = self.w(c).token;
                    self.cx.units().iter().find(|u| u.start <= t && t < u.end)
                })
            });
            if let Some(u) = unit {
                for e in self.cx.resolve_unit(u, &[]) {
                    if !out.iter().any(|o| o.key == e.key) {
                        out.push(e);
                    }
                }
            }
        }
        out
    }

    // ------------------------------------------------------------------------------------
    // Clauses
    // ------------------------------------------------------------------------------------

    /// Predicates: verbs (not auxiliaries) and nominal or adjectival predicates with a copula.
    fn is_predicate(&self, p: usize) -> bool {
        let w = self.w(p);
        let r = self.brel(p);
        if matches!(r, "aux" | "cop" | "fixed" | "flat" | "compound" | "case" | "mark" | "det" | "goeswith") {
            return false;
        }
        if w.upos == Upos::Verb && r == "acl" && self.rel(p) != "acl:relcl" {
            // A reduced relative (*the bridge built in 1932*) follows its noun; a participle
            // before it (*bottling companies*) or a gerund after a preposition (*the idea of
            // running*) is no clause of its own.
            return p > w.head && self.kid(p, &["mark", "case"]).is_none() && self.kid(p, &["obj", "obl", "iobj", "ccomp", "xcomp"]).is_some();
        }
        if w.upos == Upos::Verb {
            // Attributive participles (*the elected president*) are modifiers.
            return !matches!(r, "amod" | "nmod" | "obl" | "obj" | "nsubj") || self.kid(p, &["nsubj", "obj", "aux"]).is_some();
        }
        self.kid(p, &["cop"]).is_some()
    }

    /// The verb an infinitive complement hangs from, when the two make one relation (*has
    /// promised to lower*, *a décidé d'appeler*): the head has no object of its own.
    fn merges_into_head(&self, x: usize) -> bool {
        let h = self.w(x).head;
        self.rel(x) == "xcomp"
            && h > 0
            && self.w(x).upos == Upos::Verb
            && self.kid(x, &["nsubj", "nsubj:pass"]).is_none()
            && self.kid(h, &["obj", "iobj", "ccomp"]).is_none()
            && !self.kids(h).iter().any(|&c| matches!(self.brel(c), "obl" | "nmod") && h < c && c < x)
            && (self.w(h).upos == Upos::Verb || self.kid(h, &["cop"]).is_some())
    }

    /// The subject of predicate `p`: (the subject phrase's head, whether it was inferred from
    /// another clause).
    fn subject_of(&self, p: usize) -> Option<(usize, bool)> {
        let mut cur = p;
        let mut inferred = false;
        for _ in 0..8 {
            if let Some(s) = self.kids(cur).iter().copied().find(|&c| matches!(base(self.rel(c)), "nsubj" | "csubj")) {
                if is_relative(self.w(s)) {
                    return self.antecedent(cur, s).map(|a| (a, true));
                }
                if matches!(self.w(s).upos, Upos::Pron) && self.en && self.norm(s) == "there" {
                    return None;
                }
                return Some((s, inferred));
            }
            let w = self.w(cur);
            if w.head == 0 {
                return None;
            }
            inferred = true;
            match self.rel(cur) {
                r if base(r) == "conj" => cur = self.conj_verb_head(cur),
                "xcomp" => {
                    // Object control (*urged X to leave*): X; else the head's subject.
                    if let Some(o) = self.kid(w.head, &["obj", "iobj"]) {
                        return Some((o, true));
                    }
                    cur = w.head;
                }
                "acl:relcl" => return Some((w.head, true)),
                r if base(r) == "acl" => {
                    // *the bridge built in 1932*, *a man selling apples*; on a nominal
                    // predicate (*X became a regular, making his debut*), the clause's subject.
                    if self.kid(w.head, &["cop"]).is_some() && matches!(w.feats.get("VerbForm"), Some("Ger")) {
                        cur = w.head;
                        continue;
                    }
                    return Some((w.head, true));
                }
                r if base(r) == "advcl" && matches!(w.feats.get("VerbForm"), Some("Part" | "Ger")) && self.kid(cur, &["mark"]).is_none() => cur = w.head,
                _ => return None,
            }
        }
        None
    }

    /// The verb a coordinated verb `v` shares its subject and auxiliaries with: its head, or
    /// when the parser hung it on the first verb's object (*a licencié trois directeurs et
    /// fermé deux usines*), that object's verb.
    fn conj_verb_head(&self, v: usize) -> usize {
        let h = self.w(v).head;
        if h > 0 && !self.w(h).upos.is_verbal() && self.kid(h, &["cop"]).is_none() && matches!(self.brel(h), "obj" | "obl" | "iobj") {
            let hh = self.w(h).head;
            if hh > 0 && self.w(hh).upos == Upos::Verb {
                return hh;
            }
        }
        h
    }

    /// The noun a relative pronoun `pron` of clause `v` stands for: the noun the clause hangs
    /// from, else the nearest noun before the pronoun (a clause the parser attached elsewhere).
    fn antecedent(&self, v: usize, pron: usize) -> Option<usize> {
        let h = self.w(v).head;
        let nominal = |x: usize| matches!(self.w(x).upos, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num);
        if h > 0 && h < pron && nominal(h) {
            return Some(h);
        }
        (1..pron).rev().take(8).find(|&x| nominal(x) && !matches!(self.brel(x), "compound" | "flat" | "nmod:poss" | "nummod"))
    }

    fn clauses(&self, out: &mut Vec<Statement>) {
        let n = self.syn.words.len();
        // Statement ids of predicates, for nesting (reported clauses).
        let mut ids: Vec<Option<usize>> = vec![None; n + 1];
        let mut pending_parent: Vec<(usize, usize)> = Vec::new(); // (statement index, predicate word of the parent)
        for p in 1..=n {
            if !self.is_predicate(p) || self.merges_into_head(p) {
                continue;
            }
            let before = out.len();
            self.clause(p, out);
            if out.len() > before {
                ids[p] = Some(before);
                // Nested: a complement clause of another predicate.
                let mut h = p;
                for _ in 0..4 {
                    if matches!(self.brel(h), "ccomp" | "csubj") || (self.brel(h) == "conj" && self.w(h).head > 0) {
                        let parent = self.w(h).head;
                        if self.brel(h) != "conj" {
                            for i in before..out.len() {
                                pending_parent.push((i, parent));
                            }
                            break;
                        }
                        h = parent;
                    } else {
                        break;
                    }
                }
            }
        }
        for (i, parent) in pending_parent {
            // The parent's id is the parent predicate's first statement (an infinitive
            // complement merged into its head counts as the head).
            let mut pw = parent;
            if ids[pw].is_none() && self.merges_into_head(pw) {
                pw = self.w(pw).head;
            }
            if let Some(pid) = ids[pw] {
                if let Some(c) = out[i].clause.as_mut() {
                    c.parent = Some(out_id(pid));
                }
            }
        }
        fn out_id(i: usize) -> usize {
            i
        }
        for (i, s) in out.iter_mut().enumerate() {
            if let Some(c) = s.clause.as_mut() {
                c.id = i;
            }
        }
    }

    /// The statements of predicate `p` (one per object conjunct).
    fn clause(&self, p: usize, out: &mut Vec<Statement>) {
        let Some((subj, inferred)) = self.subject_of(p) else { return };
        if subj == p {
            return;
        }
        let copular = self.kid(p, &["cop"]);
        // The verbs of the relation: p, and the infinitive complements merged into it.
        let mut chain = vec![p];
        while let Some(x) = self.kids(*chain.last().unwrap()).iter().copied().find(|&c| self.merges_into_head(c)) {
            chain.push(x);
            if chain.len() > 4 {
                break;
            }
        }
        let last = *chain.last().unwrap();

        // Relation words.
        let mut rel: Vec<usize> = Vec::new();
        let mut negated = false;
        for (k, &v) in chain.iter().enumerate() {
            if copular.is_none() || k > 0 {
                rel.push(v);
            }
            for &c in self.kids(v) {
                let r = self.rel(c);
                let f = self.norm(c);
                let take = match base(r) {
                    "aux" | "cop" => true,
                    "compound" if r == "compound:prt" => true,
                    "expl" => !self.en && c < v,
                    "advmod" if is_negation(&f) => {
                        negated = negated || f != "ne" && f != "n'";
                        true
                    }
                    "advmod" if !self.en && f == "plus" && self.kids(v).iter().any(|&d| matches!(self.norm(d).as_str(), "ne" | "n'")) => {
                        negated = true;
                        true
                    }
                    // The `to` / `de` of a merged infinitive.
                    "mark" if k > 0 => true,
                    _ => false,
                };
                if take {
                    rel.push(c);
                    rel.extend(self.kids(c).iter().copied().filter(|&d| matches!(self.brel(d), "fixed" | "advmod") && is_negation(&self.norm(d))));
                }
            }
        }
        // A coordinated participle shares the first verb's auxiliaries (*a licencié … et fermé*).
        if self.brel(p) == "conj" && self.kid(p, &["aux", "aux:pass"]).is_none() && self.w(p).feats.get("VerbForm") == Some("Part") {
            let h = self.conj_verb_head(p);
            if h > 0 && h < p {
                rel.extend(self.kids(h).iter().copied().filter(|&c| matches!(self.brel(c), "aux") || (self.brel(c) == "expl" && !self.en && c < h)));
            }
        }
        if !self.en && rel.iter().any(|&c| matches!(self.norm(c).as_str(), "ne" | "n'")) {
            negated = true;
        }

        // Complements: of the last verb of the chain first, then of the others.
        let mut objects: Vec<usize> = Vec::new();
        let mut clause_obj: Option<usize> = None;
        let mut obliques: Vec<usize> = Vec::new();
        for &v in chain.iter().rev() {
            for &c in self.kids(v) {
                let r = self.rel(c);
                match base(r) {
                    "obj" | "iobj" => objects.push(c),
                    "ccomp" if clause_obj.is_none() => clause_obj = Some(c),
                    "xcomp" if !chain.contains(&c) && self.w(c).upos != Upos::Verb => objects.push(c),
                    "obl" => obliques.push(c),
                    "nmod" if copular.is_none() => obliques.push(c),
                    _ => {}
                }
            }
        }
        // A relative pronoun object stands for the antecedent (*the feud which X lost*).
        let antecedent_obj = objects.iter().position(|&o| is_relative(self.w(o)) && o < p).and_then(|i| self.antecedent(p, objects[i]).map(|a| (i, a)));
        objects.sort_unstable();
        obliques.sort_unstable();
        let agent_case = |o: usize| -> bool {
            self.rel(o) == "obl:agent"
                || self.case_words(o).iter().any(|&c| matches!(self.norm(c).as_str(), "by" | "par")) && self.passive(&chain)
        };

        // A bare noun right after the verb, before another complement, belongs to the
        // relation (*a mis en garde contre*, *took part in*, *fait face à*).
        if copular.is_none() {
            let v = last;
            let light = self.kids(v).iter().copied().find(|&c| {
                matches!(self.brel(c), "obj" | "obl")
                    && self.w(c).upos == Upos::Noun
                    && c > v
                    && c <= v + 2
                    && self.kids(c).iter().all(|&d| self.brel(d) == "case" && d > v)
                    && obliques.iter().any(|&o| o > c && !self.case_words(o).is_empty())
            });
            if let Some(l) = light {
                rel.push(l);
                rel.extend(self.case_words(l));
                objects.retain(|&o| o != l);
                obliques.retain(|&o| o != l);
            }
        }
        // Copula: the predicate nominal is the object (its own preposition folded: *is in*).
        let mut rel_tail: Vec<usize> = Vec::new();
        let mut object_words: Vec<Vec<usize>> = Vec::new();
        let mut object_heads: Vec<usize> = Vec::new();
        let mut object_link = true;
        // Time and place modifiers the parser hung on the object: further arguments.
        let mut detached_args: Vec<usize> = Vec::new();
        if copular.is_some() {
            rel_tail.extend(self.case_words(p));
            let words = self.collect(p, &|x, c| {
                let r = self.rel(c);
                x == p && (matches!(base(r), "nsubj" | "csubj" | "cop" | "aux" | "punct" | "mark" | "cc" | "conj" | "case" | "expl") || CLAUSAL.contains(&r) || (base(r) == "advmod" && is_negation(&self.norm(c))))
                    || (x != p && (CLAUSAL.contains(&r) || base(r) == "appos"))
            });
            object_words.push(words.into_iter().filter(|&x| !self.case_words(p).contains(&x)).collect());
            object_heads.push(p);
            object_link = false;
        } else if let Some((i, h)) = antecedent_obj {
            object_words.push(self.constituent_without(h, false, true, &[p]));
            object_heads.push(h);
            objects.remove(i);
        }
        if object_words.is_empty() {
            if let Some(&o) = objects.first() {
                // Coordinated objects: one statement each.
                let mut conj = vec![o];
                let mut i = 0;
                while i < conj.len() && conj.len() < 12 {
                    let x = conj[i];
                    conj.extend(self.kids(x).iter().copied().filter(|&c| self.brel(c) == "conj" && !self.w(c).upos.is_verbal() && self.kid(c, &["cop"]).is_none()));
                    i += 1;
                }
                for &x in &conj {
                    let detached = self.detached(x, false);
                    object_words.push(self.constituent_without(x, true, false, &detached));
                    detached_args.extend(detached);
                    object_heads.push(x);
                }
                // Two objects (*gave him a book*): the second is a further argument.
            } else if let Some(c) = clause_obj {
                let mut words = self.collect(c, &|_, _| false);
                if self.en {
                    // *said that …*: the complementiser belongs to the relation (CaRB's convention).
                    if let Some(m) = self.kids(c).iter().copied().find(|&m| self.brel(m) == "mark" && m < c && self.norm(m) == "that") {
                        rel_tail.push(m);
                        words.retain(|&x| x != m);
                    }
                }
                object_words.push(words);
                object_heads.push(c);
                object_link = false;
            } else if let Some(pos) = obliques.iter().position(|&o| !self.is_time(o) && o > p).or_else(|| obliques.iter().position(|&o| o > p)) {
                // No direct object: the first complement's preposition joins the relation.
                let o = obliques.remove(pos);
                rel_tail.extend(self.case_words(o));
                let detached = self.detached(o, true);
                object_words.push(self.constituent_without(o, true, true, &detached));
                detached_args.extend(detached);
                object_heads.push(o);
            }
        }
        let second_objects: Vec<usize> = if copular.is_none() && antecedent_obj.is_none() { objects.iter().copied().skip(1).collect() } else { objects.clone() };

        // Subject phrase.
        let mut fronted_args: Vec<usize> = Vec::new();
        let subj_words = if inferred && (self.w(p).head == subj || subj < p && self.kids(p).iter().any(|&c| is_relative(self.w(c)))) {
            // The antecedent of a relative or participial clause: its noun phrase without its
            // preposition, the clause out.
            self.constituent_without(subj, false, true, &[p])
        } else {
            // A prepositional phrase before the subject's head is the clause's (*In 1717 X
            // observed*), not the noun's.
            let fronted: Vec<usize> = self.kids(subj).iter().copied().filter(|&c| c < subj && matches!(self.brel(c), "nmod" | "obl") && !self.case_words(c).is_empty()).collect();
            for &f in &fronted {
                if self.is_time(f) {
                    fronted_args.push(f);
                }
            }
            self.constituent_without(subj, false, false, &fronted)
        };
        let Some(subject) = self.phrase(&subj_words) else { return };
        let subject_entities = self.entities(subj, true);

        // Relation phrase.
        let mut rel_words = rel.clone();
        rel_words.extend(&rel_tail);
        rel_words.sort_unstable();
        rel_words.dedup();
        let Some(predicate) = self.phrase(&rel_words) else { return };

        // Further arguments.
        let mut args: Vec<Argument> = Vec::new();
        for &o in &second_objects {
            if let Some(ph) = self.phrase(&self.constituent(o, false)) {
                args.push(Argument { kind: "object", phrase: ph });
            }
        }
        obliques.extend(detached_args.iter().copied());
        obliques.extend(fronted_args.iter().copied());
        for &o in &obliques {
            let kind = if agent_case(o) {
                "agent"
            } else if self.is_time(o) {
                "time"
            } else if self.case_words(o).iter().any(|&c| matches!(self.norm(c).as_str(), "with" | "avec")) {
                "with"
            } else if self.is_place(o) {
                "place"
            } else {
                "complement"
            };
            if let Some(ph) = self.phrase(&self.constituent(o, false)) {
                args.push(Argument { kind, phrase: ph });
            }
        }
        for &v in &chain {
            for &c in self.kids(v) {
                if self.rel(c) == "obl:tmod" || (self.rel(c) == "obl:npmod" && self.is_time(c)) {
                    continue; // already among the obliques
                }
                if base(self.rel(c)) == "advmod" && !is_negation(&self.norm(c)) && self.is_time(c) {
                    if let Some(ph) = self.phrase(&self.collect(c, &|_, _| false)) {
                        args.push(Argument { kind: "time", phrase: ph });
                    }
                }
            }
        }
        args.sort_by_key(|a| a.phrase.span.0);

        let (tense, voice) = (self.tense(&chain), if self.passive(&chain) || self.participial_passive(p) { "passive" } else { "active" });
        let lemma = {
            let v = if copular.is_some() { copular.unwrap() } else { last };
            let l = &self.w(v).lemma;
            if l.is_empty() || l == "_" { self.norm(v) } else { l.to_lowercase() }
        };

        if object_words.is_empty() {
            object_words.push(Vec::new());
            object_heads.push(0);
        }
        let rule: String = if copular.is_some() {
            "statement/copula"
        } else if inferred && self.w(p).head == subj {
            "statement/relative"
        } else if inferred {
            "statement/shared-subject"
        } else {
            "statement/clause"
        }
        .into();
        for (words, &head) in object_words.iter().zip(&object_heads) {
            let object = self.phrase(words);
            let object_entities = if object_link && head > 0 { self.entities(head, false) } else { Vec::new() };
            let confidence = self.confidence(&rule, tense.is_some(), &subject, object.as_ref(), matches!(self.brel(p), "ccomp" | "csubj"), voice == "passive");
            out.push(Statement {
                sentence: self.cx.index,
                span: self.cx.span(),
                subject: subject_entities.clone(),
                predicate: lemma.clone(),
                object: object_entities,
                object_text: object.as_ref().map(|o| o.text.clone()),
                negated,
                rule: rule.clone(),
                clause: Some(Clause {
                    subject: subject.clone(),
                    predicate: predicate.clone(),
                    object,
                    arguments: args.clone(),
                    tense,
                    voice,
                    confidence,
                    id: 0,
                    parent: None,
                }),
            });
        }
    }

    /// Appositions: *X, the minister of Y* → X ; is ; the minister of Y.
    fn appositions(&self, out: &mut Vec<Statement>) {
        let n = self.syn.words.len();
        for a in 1..=n {
            if self.brel(a) != "appos" {
                continue;
            }
            let h = self.w(a).head;
            let nominal = |x: usize| matches!(self.w(x).upos, Upos::Noun | Upos::Propn);
            if h == 0 || h > a || !nominal(h) || !nominal(a) {
                continue;
            }
            // *X, the minister of Y*: a comma opens the apposition.
            let Some(first) = self.collect(a, &|_, _| false).into_iter().find(|&x| self.w(x).upos != Upos::Punct) else { continue };
            if first < 2 || !matches!(self.w(first - 1).form.as_str(), "," | "(" | "-" | "—" | "–") {
                continue;
            }
            let cases = self.case_words(h);
            let hw: Vec<usize> = self
                .collect(h, &|x, c| {
                    let r = self.rel(c);
                    CLAUSAL.contains(&r) || base(r) == "appos" || (x == h && matches!(base(r), "conj" | "cc" | "punct" | "mark"))
                })
                .into_iter()
                .filter(|x| !cases.contains(x))
                .collect();
            let aw = self.constituent(a, false);
            let (Some(subject), Some(object)) = (self.phrase(&hw), self.phrase(&aw)) else { continue };
            let cop = if self.en { "is" } else { "est" };
            let lemma = if self.en { "be" } else { "être" };
            let at = self.w(a).token;
            let tok = &self.cx.sentence().tokens[at];
            let predicate = Phrase { text: cop.to_string(), span: (tok.start, tok.start) };
            let confidence = self.confidence("statement/apposition", true, &subject, Some(&object), false, false);
            out.push(Statement {
                sentence: self.cx.index,
                span: self.cx.span(),
                subject: self.entities(h, false),
                predicate: lemma.into(),
                object: self.entities(a, false),
                object_text: Some(object.text.clone()),
                negated: false,
                rule: "statement/apposition".into(),
                clause: Some(Clause {
                    subject,
                    predicate,
                    object: Some(object),
                    arguments: Vec::new(),
                    tense: None,
                    voice: "active",
                    confidence,
                    id: out.len(),
                    parent: None,
                }),
            });
        }
    }

    /// Possessives: *Russia's envoy* → Russia ; has ; envoy (English only: the French *de*
    /// phrase is too often not a possession).
    fn possessives(&self, out: &mut Vec<Statement>) {
        if !self.en {
            return;
        }
        let n = self.syn.words.len();
        for x in 1..=n {
            if self.rel(x) != "nmod:poss" || !matches!(self.w(x).upos, Upos::Propn | Upos::Noun) {
                continue;
            }
            let h = self.w(x).head;
            if h == 0 || h < x || !matches!(self.w(h).upos, Upos::Noun | Upos::Propn) {
                continue;
            }
            // The owner without its *'s*; the thing without its owner and determiners.
            let owner: Vec<usize> = self.collect(x, &|y, c| y == x && (self.brel(c) == "case" || self.brel(c) == "punct"));
            let thing: Vec<usize> = self.collect(h, &|y, c| {
                let r = self.rel(c);
                c == x || CLAUSAL.contains(&r) || (y == h && matches!(base(r), "appos" | "conj" | "cc" | "punct" | "det" | "case" | "acl"))
            });
            let (Some(subject), Some(object)) = (self.phrase(&owner), self.phrase(&thing)) else { continue };
            let at = self.w(x).token;
            let tok = &self.cx.sentence().tokens[at];
            let confidence = self.confidence("statement/possessive", true, &subject, Some(&object), false, false);
            out.push(Statement {
                sentence: self.cx.index,
                span: self.cx.span(),
                subject: self.entities(x, false),
                predicate: "have".into(),
                object: self.entities(h, false),
                object_text: Some(object.text.clone()),
                negated: false,
                rule: "statement/possessive".into(),
                clause: Some(Clause {
                    subject,
                    predicate: Phrase { text: "has".into(), span: (tok.end, tok.end) },
                    object: Some(object),
                    arguments: Vec::new(),
                    tense: None,
                    voice: "active",
                    confidence,
                    id: out.len(),
                    parent: None,
                }),
            });
        }
    }

    // ------------------------------------------------------------------------------------
    // Properties
    // ------------------------------------------------------------------------------------

    fn is_time(&self, o: usize) -> bool {
        if matches!(self.rel(o), "obl:tmod") {
            return true;
        }
        let w = self.w(o);
        let f = self.norm(o);
        if is_time_word(&f) {
            return true;
        }
        // A year (*in 1941*) or a date (*le 12 mars*).
        if w.upos == Upos::Num && f.len() == 4 && f.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
        self.kids(o).iter().any(|&c| matches!(self.brel(c), "nummod" | "compound" | "amod" | "det" | "nmod") && {
            let g = self.norm(c);
            is_time_word(&g) || (g.len() == 4 && g.chars().all(|ch| ch.is_ascii_digit()) && self.w(c).upos == Upos::Num && is_time_word(&f))
        }) && is_time_word(&f)
            || self.case_words(o).iter().any(|&c| matches!(self.norm(c).as_str(), "since" | "during" | "until" | "depuis" | "pendant" | "jusqu'" | "durant"))
    }

    /// Modifiers of object `o` that belong to the clause: a time (*the rebels on Friday*), and
    /// for a prepositional object a place name (*met with the rebels in Geneva*).
    fn detached(&self, o: usize, oblique: bool) -> Vec<usize> {
        let _ = oblique;
        self.kids(o).iter().copied().filter(|&c| self.brel(c) == "nmod" && c > o && (self.is_time(c) || self.is_place(c))).collect()
    }

    fn is_place(&self, o: usize) -> bool {
        self.w(o).upos == Upos::Propn && self.case_words(o).iter().any(|&c| matches!(self.norm(c).as_str(), "in" | "at" | "near" | "a" | "dans" | "en" | "au" | "aux" | "pres"))
    }

    fn passive(&self, chain: &[usize]) -> bool {
        // The passive auxiliary decides (a perfect's *had* labelled `aux:pass` is a slip).
        chain.iter().any(|&v| {
            self.kids(v).iter().any(|&c| {
                (self.rel(c) == "aux:pass" && matches!(self.w(c).lemma.as_str(), "be" | "get" | "être")) || self.rel(c) == "expl:pass" || self.rel(c) == "obl:agent"
            })
        })
    }

    fn participial_passive(&self, p: usize) -> bool {
        base(self.rel(p)) == "acl"
            && self.rel(p) != "acl:relcl"
            && self.w(p).feats.get("VerbForm") == Some("Part")
            && self.w(p).feats.get("Tense") == Some("Past")
    }

    /// Tense of the clause from its finite verb and auxiliaries.
    fn tense(&self, chain: &[usize]) -> Option<&'static str> {
        let p = chain[0];
        let mut auxes: Vec<usize> = self.kids(p).iter().copied().filter(|&c| matches!(self.brel(c), "aux" | "cop")).collect();
        if auxes.is_empty() && self.brel(p) == "conj" && self.w(p).feats.get("VerbForm") == Some("Part") {
            // *a licencié … et fermé*: the first verb's auxiliary.
            let h = self.conj_verb_head(p);
            if h > 0 && h < p {
                auxes = self.kids(h).iter().copied().filter(|&c| self.brel(c) == "aux").collect();
            }
        }
        for &a in &auxes {
            let l = self.w(a).lemma.as_str();
            if matches!(l, "will" | "shall") {
                return Some("future");
            }
        }
        let finite = auxes.iter().copied().find(|&a| self.w(a).feats.get("VerbForm") == Some("Fin")).or_else(|| {
            (self.w(p).feats.get("VerbForm") == Some("Fin")).then_some(p)
        });
        let Some(finite) = finite else {
            // A past form with no auxiliary heading a clause with a subject (*X resigned*).
            let bare_past = auxes.is_empty() && self.en && self.w(p).feats.get("Tense") == Some("Past") && !matches!(base(self.rel(p)), "acl" | "advcl" | "xcomp");
            return bare_past.then_some("past");
        };
        let perfect = auxes.iter().any(|&a| matches!(self.w(a).lemma.as_str(), "have" | "avoir") || (self.w(a).lemma == "être" && self.w(p).feats.get("VerbForm") == Some("Part") && !self.passive(chain)));
        match self.w(finite).feats.get("Tense") {
            Some("Fut") => Some("future"),
            Some("Past") | Some("Imp") => Some("past"),
            Some("Pres") if perfect && !self.en => Some("past"),
            Some("Pres") => Some("present"),
            _ => None,
        }
    }

    /// How sure the reading is. Measured on an Open IE development set, what predicts a right
    /// reading is the kind of clause (a verb with its own subject is read best; relative and
    /// participial clauses, appositions and possessives less so), a finite verb, and a short
    /// subject; object length and further arguments do not.
    fn confidence(&self, rule: &str, finite: bool, subject: &Phrase, object: Option<&Phrase>, nested: bool, passive: bool) -> f32 {
        let mut c: f32 = match rule {
            "statement/clause" => 0.9,
            "statement/shared-subject" => 0.75,
            "statement/copula" => 0.7,
            "statement/relative" => 0.6,
            "statement/apposition" => 0.5,
            _ => 0.3,
        };
        if !finite {
            c -= 0.15;
        }
        if subject.text.split_whitespace().count() > 6 {
            c -= 0.05;
        }
        if object.is_none() {
            c -= 0.05;
        }
        if nested {
            c -= 0.05;
        }
        if passive {
            c += 0.03;
        }
        c.clamp(0.05, 1.0)
    }
}
