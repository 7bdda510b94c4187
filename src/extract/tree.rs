//! Roles read from the dependency tree: the subject, objects and complements of a predicate
//! word, mapped back to the mention units of the sentence. Token windows break on appositions,
//! adverbials and fronted clauses (*Le Qatar, l'Égypte et les États-Unis, médiateurs du
//! conflit, ont appelé samedi…*); the tree does not. Every function answers `None` when the
//! sentence has no syntax (a language without a model), so callers can fall back.

use super::Context;
use crate::resolve::{Entity, Unit};
use crate::syntax::Upos;

/// Dependents that open a clause of their own: their words are not part of a role's phrase.
const CLAUSAL: &[&str] = &["acl", "acl:relcl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "dislocated", "reparandum", "list"];

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
pub fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

impl<'a> Context<'a> {
    /// The word (1-based) that token `tok` carries (the first, for *du* = *de le*).
    pub fn word_at(&self, tok: usize) -> Option<usize> {
        let syn = self.syntax()?;
        syn.words.iter().position(|w| w.token == tok).map(|i| i + 1)
    }

    /// The predicate word that token `at` belongs to: the verb itself, or the participle an
    /// auxiliary hangs from (*a* in *a appelé*).
    pub fn predicate_word(&self, at: usize) -> Option<usize> {
        let syn = self.syntax()?;
        let w = self.word_at(at)?;
        let word = syn.word(w);
        if matches!(base(word.deprel), "aux" | "cop") && word.head > 0 {
            return Some(word.head);
        }
        Some(w)
    }

    /// The subject word of predicate `v`, climbing through coordinated verbs (*a condamné… et
    /// appelé*), control verbs (*a décidé d'appeler*), participial clauses (*exhortant à…*) and
    /// relative clauses (*le Conseil, qui a appelé…*: the antecedent).
    pub fn subject_word(&self, v: usize) -> Option<usize> {
        let syn = self.syntax()?;
        let mut cur = v;
        for _ in 0..8 {
            if let Some(s) = syn.children(cur).find(|&c| matches!(syn.word(c).deprel, "nsubj" | "nsubj:pass" | "nsubj:caus")) {
                let sw = syn.word(s);
                // A dateline (*UNITED NATIONS -*, *Genève/Sanaa :*) is not the subject the
                // parser may take it for.
                if self.dateline_end().is_some_and(|e| sw.token < e) {
                    return None;
                }
                // A phrase with a preposition is never a subject (*During a call with…, X
                // urged*): a parsing slip the token rules handle better.
                if syn.children(s).any(|c| base(syn.word(c).deprel) == "case") {
                    return None;
                }
                // A subject after its verb outside reported speech is most often an object
                // the parser mislabelled (*a exhorté Bakou et Erevan à…*).
                if s > cur && !self.is_quote_attribution(cur) {
                    return None;
                }
                let relative = sw.upos == Upos::Pron && matches!(sw.feats.get("PronType"), Some("Rel"));
                if relative && syn.word(cur).deprel.starts_with("acl") {
                    return Some(syn.word(cur).head);
                }
                return Some(s);
            }
            let w = syn.word(cur);
            if w.head == 0 {
                return None;
            }
            match base(w.deprel) {
                "conj" | "xcomp" => cur = w.head,
                // *Exhortant les parties à…, le Conseil a…*: the main clause's subject.
                "advcl" if matches!(w.feats.get("VerbForm"), Some("Part" | "Ger")) => cur = w.head,
                // *le Conseil, exhortant à…*: the noun the participle describes.
                "acl" if matches!(w.feats.get("VerbForm"), Some("Part" | "Ger")) => return Some(w.head),
                _ => return None,
            }
        }
        None
    }

    /// A `nsubj` the parser put after predicate `v` where no quotation explains it: the
    /// object it most likely is (*a exhorté Bakou et Erevan à…*).
    pub fn postverbal_subject(&self, v: usize) -> Option<usize> {
        let syn = self.syntax()?;
        let s = syn.children(v).find(|&c| base(syn.word(c).deprel) == "nsubj")?;
        (s > v && !self.is_quote_attribution(v)).then_some(s)
    }

    /// True when predicate `v` closes or interrupts a quotation (*…», a déclaré X*): the
    /// subject follows the verb there.
    fn is_quote_attribution(&self, v: usize) -> bool {
        let Some(syn) = self.syntax() else { return false };
        let t = syn.word(v).token;
        self.reporting_at(t).is_some() || (1..=2).any(|k| t >= k && matches!(self.norms[t - k], "»" | "\"" | "”"))
    }

    /// Token range (end exclusive) of word `w`'s phrase: its subtree without clausal
    /// dependents and without coordinated phrases (each conjunct is read on its own).
    pub fn phrase_tokens(&self, w: usize) -> Option<(usize, usize)> {
        let syn = self.syntax()?;
        let mut lo = syn.word(w).token;
        let mut hi = lo + 1;
        let mut stack = vec![w];
        while let Some(x) = stack.pop() {
            for c in syn.children(x) {
                let rel = syn.word(c).deprel;
                if CLAUSAL.contains(&rel) || (x == w && (base(rel) == "conj" || rel == "cc")) || rel == "punct" {
                    continue;
                }
                let t = syn.word(c).token;
                lo = lo.min(t);
                hi = hi.max(t + 1);
                stack.push(c);
            }
        }
        Some((lo, hi))
    }

    /// The conjuncts of word `w`, itself first (*la France et l'Allemagne*).
    pub fn conjuncts(&self, w: usize) -> Vec<usize> {
        let Some(syn) = self.syntax() else { return vec![w] };
        let mut out = vec![w];
        let mut i = 0;
        while i < out.len() {
            let x = out[i];
            out.extend(syn.children(x).filter(|&c| base(syn.word(c).deprel) == "conj" && syn.word(c).upos != Upos::Verb));
            i += 1;
        }
        out
    }

    /// The actor units that a role word names, one per conjunct.
    pub fn units_of_word(&self, w: usize) -> Vec<&'a Unit> {
        let mut out: Vec<&'a Unit> = Vec::new();
        for x in self.conjuncts(w) {
            if let Some(u) = self.unit_of_conjunct(x) {
                if !out.iter().any(|o| std::ptr::eq(*o, u)) {
                    out.push(u);
                }
            }
        }
        out
    }

    /// The actor unit at conjunct `x`'s own word, else a name in apposition to it.
    fn named_unit(&self, x: usize) -> Option<&'a Unit> {
        let syn = self.syntax()?;
        let holding = |tok: usize| self.units().iter().find(|u| u.start <= tok && tok < u.end && self.unit_is_actor(u));
        holding(syn.word(x).token)
            .or_else(|| syn.children(x).filter(|&c| matches!(syn.word(c).deprel, "appos" | "flat" | "flat:name")).find_map(|c| holding(syn.word(c).token)))
    }

    /// The actor unit of one conjunct: the unit holding its head token, else a name in
    /// apposition (*le secrétaire général de l'ONU, António Guterres*), else a unit of its
    /// phrase outside its prepositional modifiers, else any unit of its phrase.
    fn unit_of_conjunct(&self, x: usize) -> Option<&'a Unit> {
        self.named_unit(x).or_else(|| self.unit_in_phrase(x))
    }

    /// A unit inside word `x`'s phrase, outside its prepositional modifiers if one is.
    fn unit_in_phrase(&self, x: usize) -> Option<&'a Unit> {
        let syn = self.syntax()?;
        let (a, b) = self.phrase_tokens(x)?;
        let modifiers: Vec<(usize, usize)> = syn.children(x).filter(|&c| self.marker_of(c).is_some()).filter_map(|c| self.subtree_tokens(c)).collect();
        let inside = |u: &&Unit| u.start >= a && u.end <= b && self.unit_is_actor(u);
        let outside_modifiers = |u: &&Unit| !modifiers.iter().any(|&(ma, mb)| u.start >= ma && u.end <= mb);
        self.units().iter().filter(inside).find(outside_modifiers).or_else(|| self.units().iter().find(inside))
    }

    /// The entities a role word names (units resolved; `exclude` as for `resolve_unit`); a
    /// conjunct headed by a proper noun that no mention covers is a name the gazetteer does
    /// not know (*Modi*, *Abdallah II de Jordanie*: the king, not Jordan).
    pub fn entities_of_word(&self, w: usize, exclude: &[String]) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::new();
        for x in self.conjuncts(w) {
            // What a pronoun of reported speech stands for, a mention at the word or a name in
            // apposition, an unknown proper noun, then a mention inside the phrase.
            let found = if let Some(e) = self.reported_antecedent(x) {
                e
            } else if let Some(u) = self.named_unit(x) {
                self.resolve_unit(u, exclude)
            } else if let Some(e) = self.unknown_name(x) {
                vec![e]
            } else {
                self.unit_in_phrase(x).map(|u| self.resolve_unit(u, exclude)).unwrap_or_default()
            };
            // *He urged…* opening a sentence: the subject of the sentence before, read from
            // its tree (which knows names no mention covers).
            let found = if found.is_empty() && self.is_subject_pronoun(x) { self.previous_tree_subject().unwrap_or_default() } else { found };
            for e in found {
                if !out.iter().any(|o| o.key == e.key) {
                    out.push(e);
                }
            }
        }
        out
    }

    fn is_subject_pronoun(&self, x: usize) -> bool {
        let Some(syn) = self.syntax() else { return false };
        let w = syn.word(x);
        w.upos == Upos::Pron && base(w.deprel) == "nsubj" && matches!(crate::fold::fold(&w.form).as_str(), "il" | "elle" | "he" | "she")
    }

    /// The main-clause subject of the nearest of the two sentences before, from the tree.
    fn previous_tree_subject(&self) -> Option<Vec<Entity>> {
        for s in (self.index.saturating_sub(2)..self.index).rev() {
            let cx = Context::new(self.an, self.k, s);
            let Some(syn) = cx.syntax() else { continue };
            let Some(subj) = syn.root().and_then(|r| cx.subject_word(r)) else { continue };
            if syn.word(subj).upos == Upos::Pron {
                continue;
            }
            let ents = cx.entities_of_word(subj, &[]);
            if !ents.is_empty() && ents.iter().all(|e| e.etype == crate::resolve::EntityType::Person) {
                return Some(ents);
            }
        }
        None
    }

    /// What a third-person subject pronoun stands for in a clause reported or subordinated to
    /// another (*X said that he…*, *X a déclaré qu'il…*): the subject of the clause above.
    fn reported_antecedent(&self, x: usize) -> Option<Vec<Entity>> {
        let syn = self.syntax()?;
        let word = syn.word(x);
        if word.upos != Upos::Pron || base(word.deprel) != "nsubj" || word.feats.get("Person") == Some("1") || word.feats.get("Person") == Some("2") {
            return None;
        }
        if !matches!(crate::fold::fold(&word.form).as_str(), "il" | "elle" | "ils" | "elles" | "he" | "she" | "they") {
            return None;
        }
        let mut v = word.head;
        for _ in 0..3 {
            if v == 0 {
                return None;
            }
            // *X a parlé avec Y, auquel il a réclamé…*: *il* is the subject of the clause the
            // relative's antecedent belongs to, not the antecedent.
            if syn.word(v).deprel == "acl:relcl" {
                let antecedent = syn.word(v).head;
                let mut up = syn.word(antecedent).head;
                while up != 0 && !syn.word(up).upos.is_verbal() {
                    up = syn.word(up).head;
                }
                let s = syn.children(up).find(|&c| base(syn.word(c).deprel) == "nsubj" && syn.word(c).upos != Upos::Pron && c != antecedent)?;
                let ents = self.entities_of_word(s, &[]);
                return (!ents.is_empty()).then_some(ents);
            }
            if !matches!(base(syn.word(v).deprel), "ccomp" | "advcl" | "conj" | "parataxis") {
                return None;
            }
            let p = syn.word(v).head;
            if p == 0 {
                return None;
            }
            if let Some(s) = syn.children(p).find(|&c| base(syn.word(c).deprel) == "nsubj" && syn.word(c).upos != Upos::Pron) {
                let ents = self.entities_of_word(s, &[]);
                return (!ents.is_empty()).then_some(ents);
            }
            v = p;
        }
        None
    }

    /// A proper-noun phrase no mention covers: the word, its `flat` parts and number (*Abdallah
    /// II*), as a person, or an organisation when it is written like an acronym (*M23*, *RSF*).
    pub fn unknown_name(&self, w: usize) -> Option<Entity> {
        let syn = self.syntax()?;
        let word = syn.word(w);
        // The tagger misses some foreign names (*Biden* as a verb): a capitalised word inside
        // the sentence is read as a name too.
        let capitalised_inside = word.token > 0
            && self.text()[self.sentence().tokens[word.token].start..].chars().next().is_some_and(char::is_uppercase)
            && matches!(word.upos, Upos::Noun | Upos::Verb | Upos::Adv | Upos::Adj | Upos::X);
        if !(word.upos == Upos::Propn || capitalised_inside) || self.units().iter().any(|u| u.start <= word.token && word.token < u.end) {
            return None;
        }
        let mut lo = word.token;
        let mut hi = word.token + 1;
        for c in syn.children(w) {
            if matches!(syn.word(c).deprel, "flat" | "flat:name") || (syn.word(c).upos == Upos::Num && c == w + 1) {
                let t = syn.word(c).token;
                lo = lo.min(t);
                hi = hi.max(t + 1);
            }
        }
        let tokens = &self.sentence().tokens[lo..hi];
        if tokens.iter().any(|t| t.kind != crate::text::TokenKind::Word) {
            return None;
        }
        let name = self.text()[tokens[0].start..tokens[tokens.len() - 1].end].to_string();
        // Every word capitalised (or a number: *Abdallah II*, *M23*), none a title, a date
        // word or a function word.
        let plain = |j: usize| {
            let n = self.norms[j];
            !(self.lex.titles.contains(n) || self.lex.time.months.contains_key(n) || self.lex.time.weekdays.contains_key(n) || self.lex.stopwords.contains(n))
        };
        let capital = |t: &crate::text::Token| self.text()[t.start..].chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !tokens.iter().all(capital) || !(lo..hi).all(plain) {
            return None;
        }
        let acronym = hi - lo == 1 && name.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) || name.chars().any(|c| c.is_ascii_digit()) && hi - lo == 1;
        if acronym {
            let slug = crate::fold::translit_key(&name).replace(' ', "-");
            return Some(Entity {
                key: format!("org/{slug}"),
                label: name,
                lang: self.lang().to_string(),
                etype: crate::resolve::EntityType::Organization,
                country: None,
                wikidata: None,
                office: None,
                is_role: false,
            });
        }
        Some(crate::resolve::person_entity(&name, &self.an.index, self.lang()))
    }

    /// The subject entities of the predicate at token `at`, read from the tree: `None` when
    /// the tree gives no subject (or there is no tree), `Some(empty)` when the subject is not
    /// an actor.
    pub fn tree_subject(&self, at: usize) -> Option<Vec<Entity>> {
        let v = self.predicate_word(at)?;
        let s = self.subject_word(v)?;
        Some(self.entities_of_word(s, &[]))
    }
}

impl<'a> Context<'a> {
    /// The folded preposition or complementiser that introduces word `w` (*à*, *de*, *on*,
    /// *to*), from its `case` or `mark` dependent.
    pub fn marker_of(&self, w: usize) -> Option<String> {
        let syn = self.syntax()?;
        syn.children(w)
            .find(|&c| matches!(base(syn.word(c).deprel), "case" | "mark"))
            .map(|c| crate::fold::fold(&syn.word(c).form))
    }

    /// Token range (end exclusive) of word `w`'s whole subtree.
    pub fn subtree_tokens(&self, w: usize) -> Option<(usize, usize)> {
        let syn = self.syntax()?;
        let (a, b) = syn.subtree_span(w);
        Some((syn.word(a).token, syn.word(b).token + 1))
    }

    /// Dependents of `w` with one of the relations in `rels` (universal part compared).
    pub fn dependents(&self, w: usize, rels: &[&str]) -> Vec<usize> {
        let Some(syn) = self.syntax() else { return Vec::new() };
        syn.children(w).filter(|&c| rels.contains(&base(syn.word(c).deprel))).collect()
    }

    /// True when predicate `v` is in the passive (*a été appelé*, *were urged*).
    pub fn is_passive(&self, v: usize) -> bool {
        let Some(syn) = self.syntax() else { return false };
        // The passive auxiliary decides: a subject labelled `nsubj:pass` next to the perfect's
        // *avoir* / *have* is a tagging slip (*Lavrov a appelé*), not a passive.
        let has = |rel: &str| syn.children(v).any(|c| syn.word(c).deprel == rel);
        let perfect = syn.children(v).any(|c| base(syn.word(c).deprel) == "aux" && matches!(syn.word(c).lemma.as_str(), "avoir" | "have"));
        // A participle under *be* / *être* is passive for the verbs we ask this of (appeal
        // and contact verbs take *avoir* / *have* in the perfect).
        let under_be = matches!(syn.word(v).feats.get("VerbForm"), Some("Part")) && syn.word(v).feats.get("Tense") == Some("Past")
            && syn.children(v).any(|c| base(syn.word(c).deprel) == "aux" && matches!(syn.word(c).lemma.as_str(), "be" | "être"));
        has("aux:pass") || under_be || has("nsubj:pass") && !perfect && syn.children(v).any(|c| base(syn.word(c).deprel) == "aux")
    }

    /// True when predicate `v` is negated by one of its own dependents (*n'a pas appelé*,
    /// *did not urge*).
    pub fn tree_negated(&self, v: usize) -> bool {
        let Some(syn) = self.syntax() else { return false };
        syn.children(v).any(|c| {
            matches!(crate::fold::fold(&syn.word(c).form).as_str(), "not" | "n't" | "never" | "pas" | "jamais" | "guere" | "nullement")
        })
    }
}
