//! Statements: the generic subject–predicate–object triples of ordinary clauses
//! (*Le ministère azerbaïdjanais de la Défense a annoncé que…*, *Les deux pays ont proclamé la
//! loi martiale*). The subject is an actor unit, the predicate the verb's lemma, the object an
//! entity when one follows the verb, its text otherwise.

use super::{Context, Extractor, Fact, Statement};

pub struct StatementExtractor;

impl Extractor for StatementExtractor {
    fn name(&self) -> &'static str {
        "statement"
    }

    fn extract(&self, cx: &Context, out: &mut Vec<Fact>) {
        let n = cx.norms.len();
        for u in cx.units() {
            if !cx.unit_is_actor(u) || u.end >= n {
                continue;
            }
            // A subject is not inside a prepositional phrase.
            if u.start > 0 && matches!(cx.norms[u.start - 1], "de" | "d'" | "du" | "des" | "avec" | "a" | "au" | "aux" | "of" | "with" | "to" | "by" | "en" | "in" | "par" | "entre" | "pour" | "sur" | "contre") {
                continue;
            }
            let Some((_, verb_end, lemma, negated)) = verb_group(cx, u.end) else { continue };
            let subject = cx.resolve_unit(u, &[]);
            if subject.is_empty() {
                continue;
            }
            let end = cx.clause_end(verb_end);
            let obj_start = cx.skip_fillers(verb_end, end);
            let (object, object_text) = match cx.unit_starting_at(obj_start) {
                Some(o) if o.end <= end.max(o.end) => (cx.resolve_unit(o, &[]), None),
                _ => (Vec::new(), Some(cx.slice(obj_start, end.min(obj_start + 20))).filter(|t| !t.is_empty())),
            };
            if object.is_empty() && object_text.is_none() {
                continue;
            }
            out.push(Fact::Statement(Statement {
                sentence: cx.index,
                span: cx.span(),
                subject,
                predicate: lemma,
                object,
                object_text,
                negated,
                rule: "statement/svo".into(),
            }));
        }
    }
}

/// A verb group right after the subject: [ne] [clitics] [auxiliary] participle | finite verb.
/// Returns (start, end, lemma, negated).
fn verb_group(cx: &Context, from: usize) -> Option<(usize, usize, String, bool)> {
    let n = cx.norms.len();
    let mut i = from;
    let mut negated = false;
    while i < n && matches!(cx.norms[i], "ne" | "n'" | "se" | "s'" | "les" | "leur" | "lui" | "l'" | "y" | "en" | "not" | "also" | "a-t-il") {
        if matches!(cx.norms[i], "ne" | "n'" | "not") {
            negated = true;
        }
        i += 1;
    }
    i = cx.skip_fillers(i, n);
    let start = i;
    // *à* folds to *a*, which is also the auxiliary: the accent tells them apart.
    if cx.norms.get(i) == Some(&"a") && cx.slice(i, i + 1) != "a" {
        return None;
    }
    let had_aux = if let Some(e) = cx.lex.auxiliaries.longest_at(&cx.norms, i) {
        i = e;
        true
    } else {
        false
    };
    while i < n && matches!(cx.norms[i], "pas" | "jamais" | "not" | "never" | "deja" | "egalement" | "aussi" | "encore" | "also" | "already") {
        if matches!(cx.norms[i], "pas" | "jamais" | "not" | "never") {
            negated = true;
        }
        i += 1;
    }
    let w = *cx.norms.get(i)?;
    let tok = &cx.sentence().tokens[i];
    if tok.kind != crate::text::TokenKind::Word || tok.cap {
        return None;
    }
    let is_participle = irregular(cx.lang(), w).is_some()
        || cx.lex.participle_endings.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e.as_str()));
    let is_reporting = cx.lex.reporting_verbs.longest_at(&cx.norms, i).is_some();
    if had_aux && is_participle || is_reporting || (!had_aux && finite_like(cx, w)) {
        return Some((start, i + 1, lemma(cx.lang(), w), negated));
    }
    if had_aux {
        // *sont à Moscou*, *is in Moscow*: the auxiliary is the verb.
        let aux = cx.norms[start];
        return Some((start, start + 1, lemma(cx.lang(), aux), negated));
    }
    None
}

fn finite_like(cx: &Context, w: &str) -> bool {
    if cx.lang() == "fr" {
        (w.ends_with("ent") || w.ends_with('e') || w.ends_with("it")) && w.len() > 3 && !cx.lex.stopwords.contains(w)
    } else {
        (w.ends_with("ed") || w.ends_with('s')) && w.len() > 3 && !cx.lex.stopwords.contains(w)
    }
}

const IRREGULAR_FR: &[(&str, &str)] = &[
    ("a", "avoir"), ("ont", "avoir"), ("eu", "avoir"), ("est", "être"), ("sont", "être"), ("etait", "être"), ("ete", "être"),
    ("fait", "faire"), ("font", "faire"), ("dit", "dire"), ("disent", "dire"), ("pris", "prendre"), ("prend", "prendre"),
    ("prennent", "prendre"), ("repris", "reprendre"), ("reprend", "reprendre"), ("compris", "comprendre"), ("mis", "mettre"),
    ("met", "mettre"), ("promis", "promettre"), ("promet", "promettre"), ("permis", "permettre"), ("admis", "admettre"),
    ("transmis", "transmettre"), ("vu", "voir"), ("voit", "voir"), ("recu", "recevoir"), ("recoit", "recevoir"),
    ("recoivent", "recevoir"), ("suit", "suivre"), ("suivent", "suivre"), ("soutenu", "soutenir"), ("soutient", "soutenir"),
    ("soutiennent", "soutenir"), ("tenu", "tenir"), ("tient", "tenir"), ("obtenu", "obtenir"), ("obtient", "obtenir"),
    ("venu", "venir"), ("vient", "venir"), ("reconnu", "reconnaître"), ("reconnait", "reconnaître"),
    ("reconnaissent", "reconnaître"), ("conclu", "conclure"), ("ecrit", "écrire"), ("ecrivent", "écrire"), ("lu", "lire"),
    ("doit", "devoir"), ("doivent", "devoir"), ("du", "devoir"), ("peut", "pouvoir"), ("peuvent", "pouvoir"), ("veut", "vouloir"),
];
const IRREGULAR_EN: &[(&str, &str)] = &[
    ("is", "be"), ("are", "be"), ("was", "be"), ("were", "be"), ("has", "have"), ("had", "have"), ("said", "say"), ("says", "say"),
    ("met", "meet"), ("told", "tell"), ("made", "make"), ("held", "hold"), ("spoke", "speak"), ("took", "take"), ("taken", "take"),
    ("gave", "give"), ("given", "give"), ("went", "go"), ("came", "come"), ("saw", "see"), ("seen", "see"), ("sent", "send"),
    ("brought", "bring"), ("sought", "seek"), ("left", "leave"), ("led", "lead"), ("won", "win"), ("lost", "lose"),
];

fn irregular(lang: &str, w: &str) -> Option<&'static str> {
    let table = if lang == "fr" { IRREGULAR_FR } else { IRREGULAR_EN };
    table.iter().find(|(f, _)| *f == w).map(|(_, l)| *l)
}

/// A rough lemma: enough to group *a annoncé*, *annonce*, *annoncent* under *annoncer*.
pub fn lemma(lang: &str, w: &str) -> String {
    if let Some(l) = irregular(lang, w) {
        return l.to_string();
    }
    if lang == "fr" {
        // Already an infinitive.
        if w.len() > 4 && (w.ends_with("er") || w.ends_with("ir") || w.ends_with("re")) {
            return w.to_string();
        }
        for (suffix, rep) in [("ees", "er"), ("ee", "er"), ("es", "er"), ("ent", "er"), ("e", "er"), ("ies", "ir"), ("ie", "ir"), ("is", "ir"), ("it", "ir"), ("i", "ir")] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if stem.len() >= 3 {
                    // *appelle*, *rejette*: the doubled consonant of -eler/-eter verbs is single
                    // in the infinitive.
                    let stem = if rep == "er" && (stem.ends_with("ll") || stem.ends_with("tt")) && !matches!(suffix, "ee" | "ees") {
                        &stem[..stem.len() - 1]
                    } else {
                        stem
                    };
                    return format!("{stem}{rep}");
                }
            }
        }
        w.to_string()
    } else {
        for (suffix, rep) in [("ied", "y"), ("ed", ""), ("es", ""), ("s", "")] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if stem.len() >= 3 {
                    return format!("{stem}{rep}");
                }
            }
        }
        w.to_string()
    }
}
