//! Language knowledge as data: the lexicons of `ontology/lexicon/*.json`, the demand scheme of
//! `ontology/demands.ttl` and the gazetteer of `ontology/gazetteer/`. Built into the binary and
//! overridable file by file with `--ontology DIR` (or `NEWSKG_ONTOLOGY`).

use crate::error::{Error, Result};
use crate::fold::fold;
use crate::gazetteer::Gazetteer;
use regex::Regex;
use serde::Deserialize;
use crate::fasthash::{ByFirstByte, FastMap as HashMap, FastSet as HashSet, WordFilter, WordMap, WordSet};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in ontology files, by path relative to `ontology/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("newskg.ttl", include_str!("../ontology/newskg.ttl")),
    ("demands.ttl", include_str!("../ontology/demands.ttl")),
    ("lexicon/fr.json", include_str!("../ontology/lexicon/fr.json")),
    ("lexicon/en.json", include_str!("../ontology/lexicon/en.json")),
    ("gazetteer/countries.tsv", include_str!("../ontology/gazetteer/countries.tsv")),
    ("gazetteer/organizations.tsv", include_str!("../ontology/gazetteer/organizations.tsv")),
    ("gazetteer/places.tsv", include_str!("../ontology/gazetteer/places.tsv")),
];

/// Everything the pipeline knows about languages and the world.
pub struct Knowledge {
    pub langs: BTreeMap<String, LangLexicon>,
    /// The boilerplate patterns of every language, matched in one pass.
    pub boilerplate: regex::RegexSet,
    /// The widget patterns of every language, tried on short lines only.
    pub widgets: regex::RegexSet,
    pub default_lang: String,
    pub elisions: WordSet,
    /// Length in characters of the longest elided word (`lorsqu'`).
    pub max_elision_chars: usize,
    pub gazetteer: Gazetteer,
    pub demands: DemandScheme,
    /// Turtle of the ontology and of the demand scheme, loaded into stores as they are.
    pub ontology_ttl: String,
    pub demands_ttl: String,
}

impl Knowledge {
    /// The built-in knowledge.
    pub fn builtin() -> Result<Self> {
        Self::load(None)
    }

    /// Built-in knowledge with files of `dir` (same layout as `ontology/`) taking precedence.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut files: HashMap<&str, String> = BUILTIN.iter().map(|(k, v)| (*k, v.to_string())).collect();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Usage(format!("ontology directory {} does not exist", dir.display())));
            }
            for (name, _) in BUILTIN {
                let p = dir.join(name);
                if p.is_file() {
                    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(p.display(), e))?;
                    files.insert(name, text);
                }
            }
        }
        let mut langs = BTreeMap::new();
        for name in ["lexicon/fr.json", "lexicon/en.json"] {
            let lex = LangLexicon::from_json(&files[name]).map_err(|e| Error::Data(format!("{name}: {e}")))?;
            langs.insert(lex.lang.clone(), lex);
        }
        let elisions: WordSet = langs.values().flat_map(|l| l.elisions.iter().cloned()).collect();
        let max_elision_chars = elisions.iter().map(|e| e.chars().count()).max().unwrap_or(0);
        let boilerplate = regex::RegexSet::new(langs.values().flat_map(|l| l.boilerplate.iter().map(|r| r.as_str().to_string())))
            .map_err(|e| Error::Data(format!("boilerplate patterns: {e}")))?;
        let widgets = regex::RegexSet::new(langs.values().flat_map(|l| l.widgets.iter().map(|r| r.as_str().to_string())))
            .map_err(|e| Error::Data(format!("widget patterns: {e}")))?;
        let gazetteer = Gazetteer::from_tsv(
            &files["gazetteer/countries.tsv"],
            &files["gazetteer/organizations.tsv"],
            &files["gazetteer/places.tsv"],
        )?;
        let demands = DemandScheme::from_turtle(&files["demands.ttl"])?;
        Ok(Knowledge {
            langs,
            boilerplate,
            widgets,
            default_lang: "fr".to_string(),
            elisions,
            max_elision_chars,
            gazetteer,
            demands,
            ontology_ttl: files["newskg.ttl"].clone(),
            demands_ttl: files["demands.ttl"].clone(),
        })
    }

    /// The lexicon of a language, or of the default language when there is none for it.
    pub fn lang(&self, lang: &str) -> &LangLexicon {
        self.langs.get(lang).unwrap_or_else(|| &self.langs[&self.default_lang])
    }
}

// ------------------------------------------------------------------------------------------
// Phrases: the small pattern language of the lexicons.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// One demonym of a state.
    Dem,
    /// Demonyms joined by `et` / `and` / commas.
    Dems,
    /// One state name (with its article).
    Country,
    /// State names joined by `et`, each with its preposition (`d'Arménie et d'Azerbaïdjan`).
    Countries,
    /// A number, in digits or words.
    Number,
}

#[derive(Clone, Debug)]
pub enum Element {
    Words { alts: Vec<String>, prefixes: Vec<String>, optional: bool },
    Slot { slot: Slot, optional: bool },
}

impl Element {
    pub fn optional(&self) -> bool {
        match self {
            Element::Words { optional, .. } | Element::Slot { optional, .. } => *optional,
        }
    }
    pub fn accepts(&self, norm: &str) -> bool {
        match self {
            Element::Words { alts, prefixes, .. } => {
                alts.iter().any(|a| a == norm) || prefixes.iter().any(|p| norm.starts_with(p.as_str()))
            }
            Element::Slot { .. } => false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Phrase {
    pub source: String,
    pub elements: Vec<Element>,
    /// Words and prefixes a match can start with; `None` when a slot may come first.
    starts: Option<(HashSet<String>, Vec<String>)>,
    /// The first required element when only optional words come before it: (its index, how
    /// many optional elements precede it). A match at `i` needs that element to accept one of
    /// the words `i..=i + that many`, a test far cheaper than matching.
    anchor: Option<(usize, usize)>,
}

impl Phrase {
    pub fn parse(source: &str) -> Phrase {
        let mut spaced = String::with_capacity(source.len() + 8);
        for c in source.chars() {
            if matches!(c, ',' | ';' | ':' | '«' | '»' | '“' | '”') {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            } else {
                spaced.push(c);
            }
        }
        let mut elements = Vec::new();
        for raw in spaced.split_whitespace() {
            let (body, optional) = match raw.strip_suffix('?') {
                Some(b) if !b.is_empty() => (b, true),
                _ => (raw, false),
            };
            if let Some(name) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
                let slot = match name {
                    "DEM" => Slot::Dem,
                    "DEMS" => Slot::Dems,
                    "C" => Slot::Country,
                    "CS" => Slot::Countries,
                    _ => Slot::Number,
                };
                elements.push(Element::Slot { slot, optional });
                continue;
            }
            // `l'exécutif` is two tokens for the tokenizer: split after an inner apostrophe.
            let folded = fold(body);
            if !folded.contains('|') {
                if let Some(p) = folded.find('\'') {
                    if p > 0 && p + 1 < folded.len() {
                        let (a, b) = folded.split_at(p + 1);
                        elements.push(words(a, false));
                        elements.push(words(b, optional));
                        continue;
                    }
                }
            }
            elements.push(words(&folded, optional));
        }
        let starts = first_tokens(&elements);
        let anchor = elements.iter().position(|e| !e.optional()).filter(|&a| {
            elements[..=a].iter().all(|e| matches!(e, Element::Words { .. }))
        });
        Phrase { source: source.to_string(), anchor: anchor.map(|a| (a, a)), elements, starts }
    }

    /// False when the phrase certainly does not match at `i` (its first required word is
    /// nowhere it could be); true when it may.
    pub fn may_match_at(&self, norms: &[&str], i: usize) -> bool {
        match self.anchor {
            None => true,
            Some((a, before)) => {
                let el = &self.elements[a];
                norms.get(i..norms.len().min(i + before + 1)).is_some_and(|ws| ws.iter().any(|w| el.accepts(w)))
            }
        }
    }

    /// A cheap test that rules out most positions before matching.
    pub fn may_start(&self, norm: &str) -> bool {
        match &self.starts {
            None => true,
            Some((words, prefixes)) => words.contains(norm) || prefixes.iter().any(|p| norm.starts_with(p.as_str())),
        }
    }

    /// Matches plain-word phrases (no slots) at token `i`; returns the end (exclusive).
    pub fn match_words(&self, norms: &[&str], i: usize) -> Option<usize> {
        if i < norms.len() && !self.may_start(norms[i]) && !self.elements.iter().all(|e| e.optional()) {
            return None;
        }
        self.match_words_from(norms, i)
    }

    /// `match_words` for a caller that already knows the first word can start this phrase.
    fn match_words_from(&self, norms: &[&str], i: usize) -> Option<usize> {
        fn go(el: &[Element], norms: &[&str], i: usize) -> Option<usize> {
            let Some((first, rest)) = el.split_first() else { return Some(i) };
            if i < norms.len() && first.accepts(norms[i]) {
                if let Some(e) = go(rest, norms, i + 1) {
                    return Some(e);
                }
            }
            if first.optional() {
                return go(rest, norms, i);
            }
            None
        }
        go(&self.elements, norms, i)
    }

    pub fn has_slots(&self) -> bool {
        self.elements.iter().any(|e| matches!(e, Element::Slot { .. }))
    }
}

fn first_tokens(elements: &[Element]) -> Option<(HashSet<String>, Vec<String>)> {
    let mut words = HashSet::default();
    let mut prefixes = Vec::new();
    for e in elements {
        match e {
            Element::Slot { .. } => return None,
            Element::Words { alts, prefixes: p, optional } => {
                words.extend(alts.iter().cloned());
                prefixes.extend(p.iter().cloned());
                if !optional {
                    return Some((words, prefixes));
                }
            }
        }
    }
    None // every element optional: anything may start
}

fn words(folded: &str, optional: bool) -> Element {
    let mut alts = Vec::new();
    let mut prefixes = Vec::new();
    for a in folded.split('|').filter(|a| !a.is_empty()) {
        match a.strip_suffix('*') {
            Some(p) => prefixes.push(p.to_string()),
            None => alts.push(a.to_string()),
        }
    }
    Element::Words { alts, prefixes, optional }
}

/// A set of phrases searched together, indexed by the words they can start with.
#[derive(Clone, Debug, Default)]
pub struct PhraseSet {
    pub phrases: Vec<Phrase>,
    by_first: HashMap<String, Vec<usize>>,
    /// The keys of `by_first`, for a cheap test before the lookup.
    first_words: WordFilter<4>,
    /// Phrases that can start with a prefix (`déclar*`).
    by_prefix: ByFirstByte<usize>,
    /// Phrases that can start with a slot or with anything: tried everywhere.
    anywhere: Vec<usize>,
}

impl PhraseSet {
    pub fn new<S: AsRef<str>>(sources: &[S]) -> Self {
        let phrases: Vec<Phrase> = sources.iter().map(|s| Phrase::parse(s.as_ref())).collect();
        let mut set = PhraseSet { phrases: Vec::new(), by_first: HashMap::default(), first_words: WordFilter::default(), by_prefix: ByFirstByte::default(), anywhere: Vec::new() };
        for (i, p) in phrases.iter().enumerate() {
            let Some((words, prefixes)) = &p.starts else {
                set.anywhere.push(i);
                continue;
            };
            for w in words {
                set.by_first.entry(w.clone()).or_default().push(i);
                set.first_words.insert(w);
            }
            for prefix in prefixes {
                set.by_prefix.insert(prefix, i);
            }
        }
        set.phrases = phrases;
        set
    }
    /// Longest phrase matching at `i`.
    #[inline]
    pub fn longest_at(&self, norms: &[&str], i: usize) -> Option<usize> {
        self.longest_match_at(norms, i).map(|(e, _)| e)
    }
    /// Longest phrase matching at `i`: its end and which phrase it is.
    #[inline]
    pub fn longest_match_at(&self, norms: &[&str], i: usize) -> Option<(usize, usize)> {
        let first = norms.get(i)?;
        // Most positions start no phrase of the set: say so without a call.
        if !self.by_prefix.may_fit(first) && self.anywhere.is_empty() && !self.first_words.may_contain(first) {
            return None;
        }
        self.match_at(norms, i)
    }

    #[inline(never)]
    fn match_at(&self, norms: &[&str], i: usize) -> Option<(usize, usize)> {
        let first = norms.get(i)?;
        let indexed = match self.first_words.may_contain(first) {
            true => self.by_first.get(*first).map(|v| v.as_slice()).unwrap_or(&[]),
            false => &[],
        };
        // Indexed phrases start with this word: no need to test it again.
        let from_index = indexed.iter().filter_map(|&p| self.phrases[p].match_words_from(norms, i).map(|e| (e, p)));
        let others = self.by_prefix.candidates(first).chain(&self.anywhere).filter_map(|&p| self.phrases[p].match_words(norms, i).map(|e| (e, p)));
        from_index.chain(others).filter(|&(e, _)| e > i).max_by_key(|&(e, p)| (e, std::cmp::Reverse(p)))
    }
    /// The first words of every phrase that starts with plain words; `None` if some phrase
    /// may start with a prefix, a slot or anything.
    pub fn starters(&self) -> Option<Vec<String>> {
        if !self.by_prefix.is_empty() || !self.anywhere.is_empty() {
            return None;
        }
        Some(self.by_first.keys().cloned().collect())
    }
    /// First match at or after `from` (start, end).
    pub fn find(&self, norms: &[&str], from: usize, to: usize) -> Option<(usize, usize)> {
        (from..to.min(norms.len())).find_map(|i| self.longest_at(norms, i).map(|e| (i, e)))
    }
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

// ------------------------------------------------------------------------------------------
// Lexicon of one language.

#[derive(Deserialize, Clone, Debug)]
pub struct VerbDef {
    pub forms: Vec<String>,
    #[serde(default)]
    pub addressee: Option<String>,
    #[serde(default)]
    pub addressee_preps: Vec<String>,
    #[serde(default)]
    pub demand_preps: Vec<String>,
    #[serde(default)]
    pub needs_demand_prep: bool,
    #[serde(default)]
    pub direct_demand: bool,
    #[serde(default)]
    pub needs_cue: bool,
    /// A demand rather than an appeal (*exiger*, *demand*): CAMEO codes it in the 10 family.
    #[serde(default)]
    pub demand: bool,
    // Contact verbs.
    #[serde(default)]
    pub reflexive: bool,
    #[serde(default)]
    pub object_preps: Vec<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub needs_object: bool,
    #[serde(default)]
    pub needs_person_object: bool,
    #[serde(default)]
    pub object_is_place: bool,
    /// `addressee_preps` and `demand_preps` as phrase sets (built at load).
    #[serde(skip)]
    pub addressee_prep_set: PhraseSet,
    #[serde(skip)]
    pub demand_prep_set: PhraseSet,
}

impl VerbDef {
    /// Forms are folded once, when the lexicon is loaded (`fold_forms`).
    pub fn matches(&self, norm: &str) -> bool {
        self.forms.iter().any(|f| match f.strip_suffix('*') {
            Some(p) => norm.starts_with(p),
            None => norm == f,
        })
    }

    fn fold_forms(mut self) -> Self {
        self.forms = self.forms.iter().map(|f| fold(f)).collect();
        self.addressee_prep_set = PhraseSet::new(&self.addressee_preps);
        self.demand_prep_set = PhraseSet::new(&self.demand_preps);
        self
    }
}

/// Verb definitions in lexicon order, indexed by their forms so that a token finds its verb
/// without comparing it with every form: exact forms by word, prefix forms (`exhort*`) by first
/// byte.
#[derive(Clone, Debug, Default)]
pub struct VerbList {
    pub defs: Vec<VerbDef>,
    exact: WordMap<Vec<usize>>,
    /// (prefix, verb) of the prefix forms.
    by_prefix: ByFirstByte<(String, usize)>,
}

impl VerbList {
    fn new(defs: Vec<VerbDef>) -> Self {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::default();
        let mut by_prefix = ByFirstByte::default();
        for (i, d) in defs.iter().enumerate() {
            for f in &d.forms {
                match f.strip_suffix('*') {
                    Some(p) => by_prefix.insert(p, (p.to_string(), i)),
                    None => exact.entry(f.clone()).or_default().push(i),
                }
            }
        }
        VerbList { defs, exact: exact.into_iter().collect(), by_prefix }
    }

    /// The first verb (in lexicon order) one of whose forms matches `norm`.
    pub fn find(&self, norm: &str) -> Option<&VerbDef> {
        let exact = self.exact.get(norm).map(|v| v.as_slice()).unwrap_or(&[]);
        let by_prefix = self.by_prefix.candidates(norm).filter(|(p, _)| norm.starts_with(p.as_str())).map(|(_, i)| *i);
        exact.iter().copied().chain(by_prefix).min().map(|i| &self.defs[i])
    }
}

#[derive(Deserialize)]
struct RawRole {
    office: String,
    label: String,
    patterns: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct RoleDef {
    pub office: String,
    /// Label template: `{DEM_M}` masculine singular demonym, `{DEM_FP}` feminine plural, `{DEM}` English.
    pub label: String,
    pub patterns: Vec<Phrase>,
}

#[derive(Deserialize)]
struct RawAppeal {
    verbs: Vec<VerbDef>,
    #[serde(default)]
    reflexive_verbs: Vec<VerbDef>,
    nouns: Vec<String>,
    light_verbs: Vec<String>,
    passive_appeals: Vec<String>,
    deontic: Vec<String>,
    #[serde(default)]
    noun_caller_preps: Vec<String>,
    #[serde(default)]
    predictions: Vec<String>,
    #[serde(default)]
    necessity_nouns: Vec<String>,
    #[serde(default)]
    stress_verbs: Vec<String>,
}

#[derive(Deserialize)]
struct RawContact {
    verbs: Vec<VerbDef>,
    nouns: BTreeMap<String, String>,
    phone_cues: Vec<String>,
    separate_cues: Vec<String>,
    between: Vec<String>,
    with: Vec<String>,
    topic_preps: Vec<String>,
    #[serde(default)]
    intent_heads: Vec<String>,
}

#[derive(Deserialize)]
struct RawStatement {
    auxiliaries: Vec<String>,
    participle_endings: Vec<String>,
}

#[derive(Deserialize, Clone, Debug)]
pub struct TimeLexicon {
    pub months: WordMap<u32>,
    pub weekdays: WordMap<u32>,
    pub numbers: WordMap<u32>,
    pub ago: Vec<String>,
    pub yesterday: Vec<String>,
    pub today: Vec<String>,
    /// `ago` split into folded words (`{N}` kept), `yesterday`/`today` as phrase sets.
    #[serde(skip)]
    pub ago_words: Vec<Vec<String>>,
    #[serde(skip)]
    pub yesterday_set: PhraseSet,
    #[serde(skip)]
    pub today_set: PhraseSet,
    /// Words a date expression can start with: everything else is rejected at once.
    #[serde(skip)]
    pub starters: WordSet,
}

#[derive(Deserialize)]
struct RawGroups {
    parties: Vec<String>,
    ministers: Vec<String>,
}

#[derive(Deserialize)]
struct RawLexicon {
    lang: String,
    stopwords: Vec<String>,
    abbreviations: Vec<String>,
    elisions: Vec<String>,
    titles: Vec<String>,
    name_stopwords: Vec<String>,
    boilerplate: Vec<String>,
    #[serde(default)]
    widgets: Vec<String>,
    reporting_verbs: Vec<String>,
    relative_openers: Vec<String>,
    fronted_openers: Vec<String>,
    clause_openers: Vec<String>,
    coordinators: Vec<String>,
    inclusion_markers: Vec<String>,
    object_clitics: Vec<String>,
    subject_pronouns: BTreeMap<String, String>,
    negations: Vec<String>,
    denials: Vec<String>,
    modal_offers: Vec<String>,
    skip_adverbials: Vec<String>,
    clause_end: Vec<String>,
    group_anaphora: RawGroups,
    state_metonyms: Vec<String>,
    state_aliases: BTreeMap<String, String>,
    roles: Vec<RawRole>,
    ministries: Vec<RawRole>,
    appeal: RawAppeal,
    contact: RawContact,
    statement: RawStatement,
    time: TimeLexicon,
}

pub struct AppealLexicon {
    pub verbs: VerbList,
    pub reflexive_verbs: VerbList,
    pub nouns: WordSet,
    pub light_verbs: PhraseSet,
    pub passive: PhraseSet,
    pub deontic: PhraseSet,
    pub noun_caller_preps: PhraseSet,
    /// Modal or expectation words that make an appeal verb a prediction (*pourrait appeler*).
    pub predictions: PhraseSet,
    /// Nouns of necessity (*need*, *nécessité*, *urgence*) and the lemmas of the verbs that
    /// assert one (*stressed the need for…*, *a rappelé la nécessité de…*): an appeal.
    pub necessity_nouns: WordSet,
    pub stress_verbs: WordSet,
}

pub struct ContactLexicon {
    pub verbs: VerbList,
    /// Noun phrases, and the channel of each (same order).
    pub nouns: PhraseSet,
    pub noun_channels: Vec<String>,
    pub phone_cues: PhraseSet,
    pub separate_cues: PhraseSet,
    pub between: PhraseSet,
    pub with: PhraseSet,
    pub topic_preps: PhraseSet,
    /// Lemmas that make a meeting wished, planned or discussed, not held (*calling for a
    /// meeting*, *arranger une rencontre*, *ouvert à des rencontres*).
    pub intent_heads: WordSet,
}

pub struct LangLexicon {
    pub lang: String,
    pub stopwords: WordSet,
    pub abbreviations: WordSet,
    pub elisions: WordSet,
    pub titles: WordSet,
    pub name_stopwords: WordSet,
    pub boilerplate: Vec<Regex>,
    /// Patterns of page widgets (*S'abonner*, *Partager*), which only short lines can be.
    pub widgets: Vec<Regex>,
    pub reporting_verbs: PhraseSet,
    pub relative_openers: PhraseSet,
    pub fronted_openers: PhraseSet,
    pub clause_openers: PhraseSet,
    pub coordinators: PhraseSet,
    pub inclusion_markers: PhraseSet,
    pub object_clitics: WordSet,
    /// Pronoun phrase → `sg`, `pl`, `latest`, `latest-pl`.
    pub subject_pronouns: Vec<(Phrase, String)>,
    pub negations: WordSet,
    pub denials: PhraseSet,
    pub modal_offers: PhraseSet,
    pub skip_adverbials: PhraseSet,
    pub clause_end: PhraseSet,
    pub party_groups: PhraseSet,
    pub minister_groups: PhraseSet,
    pub state_metonyms: Vec<Phrase>,
    /// Folded phrase → ISO3 (`le Kremlin` → RUS).
    pub state_aliases: Vec<(Phrase, String)>,
    pub roles: Vec<RoleDef>,
    pub ministries: Vec<RoleDef>,
    pub appeal: AppealLexicon,
    pub contact: ContactLexicon,
    pub auxiliaries: PhraseSet,
    pub participle_endings: Vec<String>,
    pub time: TimeLexicon,
    /// Which mention patterns can start at a word (built from the fields above).
    pub mention_index: MentionIndex,
}

/// A pattern of the mention stage: office, body, metonym, alias or pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternRef {
    Role(usize, usize),
    Body(usize, usize),
    Metonym(usize),
    Alias(usize),
    Pronoun(usize),
}

/// The mention patterns of a language indexed by first word, so that each token costs one
/// lookup; patterns that start with a slot (`{DEMS} foreign minister`) are tried where a
/// gazetteer name can start.
#[derive(Clone, Debug, Default)]
pub struct MentionIndex {
    by_first: HashMap<String, Vec<PatternRef>>,
    first_words: WordFilter,
    pub slot_first: Vec<PatternRef>,
}

impl MentionIndex {
    /// The patterns that can start with this word.
    pub fn starting_with(&self, word: &str) -> &[PatternRef] {
        if !self.first_words.may_contain(word) {
            return &[];
        }
        self.by_first.get(word).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Indexes a pattern under every word it can start with; one that can start with a slot
    /// (after optional words) is also tried where a gazetteer name starts.
    fn add(&mut self, p: &Phrase, r: PatternRef) {
        for e in &p.elements {
            match e {
                Element::Slot { .. } => {
                    self.slot_first.push(r);
                    return;
                }
                Element::Words { alts, prefixes, optional } => {
                    if !prefixes.is_empty() {
                        self.slot_first.push(r);
                        return;
                    }
                    for w in alts {
                        self.first_words.insert(w);
                        let v = self.by_first.entry(w.clone()).or_default();
                        if !v.contains(&r) {
                            v.push(r);
                        }
                    }
                    if !optional {
                        return;
                    }
                }
            }
        }
    }
}

impl LangLexicon {
    fn build_mention_index(&mut self) {
        let mut ix = MentionIndex::default();
        for (ri, r) in self.roles.iter().enumerate() {
            for (pi, p) in r.patterns.iter().enumerate() {
                ix.add(p, PatternRef::Role(ri, pi));
            }
        }
        for (bi, b) in self.ministries.iter().enumerate() {
            for (pi, p) in b.patterns.iter().enumerate() {
                ix.add(p, PatternRef::Body(bi, pi));
            }
        }
        for (i, p) in self.state_metonyms.iter().enumerate() {
            ix.add(p, PatternRef::Metonym(i));
        }
        for (i, (p, _)) in self.state_aliases.iter().enumerate() {
            ix.add(p, PatternRef::Alias(i));
        }
        for (i, (p, _)) in self.subject_pronouns.iter().enumerate() {
            ix.add(p, PatternRef::Pronoun(i));
        }
        self.mention_index = ix;
    }

    pub fn pattern(&self, r: PatternRef) -> &Phrase {
        match r {
            PatternRef::Role(a, b) => &self.roles[a].patterns[b],
            PatternRef::Body(a, b) => &self.ministries[a].patterns[b],
            PatternRef::Metonym(a) => &self.state_metonyms[a],
            PatternRef::Alias(a) => &self.state_aliases[a].0,
            PatternRef::Pronoun(a) => &self.subject_pronouns[a].0,
        }
    }
}

fn folded_set(v: &[String]) -> WordSet {
    v.iter().map(|s| fold(s)).collect()
}

impl LangLexicon {
    pub fn from_json(text: &str) -> std::result::Result<Self, String> {
        let raw: RawLexicon = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let boilerplate = raw
            .boilerplate
            .iter()
            .map(|p| Regex::new(p).map_err(|e| format!("boilerplate pattern {p:?}: {e}")))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let widgets = raw
            .widgets
            .iter()
            .map(|p| Regex::new(p).map_err(|e| format!("widget pattern {p:?}: {e}")))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let roles = |v: &[RawRole]| -> Vec<RoleDef> {
            v.iter()
                .map(|r| RoleDef {
                    office: r.office.clone(),
                    label: r.label.clone(),
                    patterns: r.patterns.iter().map(|p| Phrase::parse(p)).collect(),
                })
                .collect()
        };
        let mut lex = LangLexicon {
            lang: raw.lang,
            stopwords: folded_set(&raw.stopwords),
            abbreviations: folded_set(&raw.abbreviations),
            elisions: folded_set(&raw.elisions),
            titles: folded_set(&raw.titles),
            name_stopwords: folded_set(&raw.name_stopwords),
            boilerplate,
            widgets,
            reporting_verbs: PhraseSet::new(&raw.reporting_verbs),
            relative_openers: PhraseSet::new(&raw.relative_openers),
            fronted_openers: PhraseSet::new(&raw.fronted_openers),
            clause_openers: PhraseSet::new(&raw.clause_openers),
            coordinators: PhraseSet::new(&raw.coordinators),
            inclusion_markers: PhraseSet::new(&raw.inclusion_markers),
            object_clitics: folded_set(&raw.object_clitics),
            subject_pronouns: raw.subject_pronouns.iter().map(|(k, v)| (Phrase::parse(k), v.clone())).collect(),
            negations: folded_set(&raw.negations),
            denials: PhraseSet::new(&raw.denials),
            modal_offers: PhraseSet::new(&raw.modal_offers),
            skip_adverbials: PhraseSet::new(&raw.skip_adverbials),
            clause_end: PhraseSet::new(&raw.clause_end),
            party_groups: PhraseSet::new(&raw.group_anaphora.parties),
            minister_groups: PhraseSet::new(&raw.group_anaphora.ministers),
            state_metonyms: raw.state_metonyms.iter().map(|p| Phrase::parse(p)).collect(),
            state_aliases: raw.state_aliases.iter().map(|(k, v)| (Phrase::parse(k), v.clone())).collect(),
            roles: roles(&raw.roles),
            ministries: roles(&raw.ministries),
            appeal: AppealLexicon {
                verbs: VerbList::new(raw.appeal.verbs.into_iter().map(VerbDef::fold_forms).collect()),
                reflexive_verbs: VerbList::new(raw.appeal.reflexive_verbs.into_iter().map(VerbDef::fold_forms).collect()),
                nouns: folded_set(&raw.appeal.nouns),
                light_verbs: PhraseSet::new(&raw.appeal.light_verbs),
                passive: PhraseSet::new(&raw.appeal.passive_appeals),
                deontic: PhraseSet::new(&raw.appeal.deontic),
                noun_caller_preps: PhraseSet::new(&raw.appeal.noun_caller_preps),
                predictions: PhraseSet::new(&raw.appeal.predictions),
                necessity_nouns: folded_set(&raw.appeal.necessity_nouns),
                stress_verbs: folded_set(&raw.appeal.stress_verbs),
            },
            contact: ContactLexicon {
                verbs: VerbList::new(raw.contact.verbs.into_iter().map(VerbDef::fold_forms).collect()),
                nouns: PhraseSet::new(&raw.contact.nouns.keys().cloned().collect::<Vec<_>>()),
                noun_channels: raw.contact.nouns.values().cloned().collect(),
                phone_cues: PhraseSet::new(&raw.contact.phone_cues),
                separate_cues: PhraseSet::new(&raw.contact.separate_cues),
                between: PhraseSet::new(&raw.contact.between),
                with: PhraseSet::new(&raw.contact.with),
                topic_preps: PhraseSet::new(&raw.contact.topic_preps),
                intent_heads: folded_set(&raw.contact.intent_heads),
            },
            auxiliaries: PhraseSet::new(&raw.statement.auxiliaries),
            participle_endings: raw.statement.participle_endings.iter().map(|s| fold(s)).collect(),
            time: TimeLexicon {
                months: raw.time.months.into_iter().map(|(k, v)| (fold(&k), v)).collect(),
                weekdays: raw.time.weekdays.into_iter().map(|(k, v)| (fold(&k), v)).collect(),
                numbers: raw.time.numbers.into_iter().map(|(k, v)| (fold(&k), v)).collect(),
                ago_words: raw.time.ago.iter().map(|p| p.split_whitespace().map(|w| if w == "{N}" { w.to_string() } else { fold(w) }).collect()).collect(),
                yesterday_set: PhraseSet::new(&raw.time.yesterday),
                today_set: PhraseSet::new(&raw.time.today),
                ..raw.time
            },
            mention_index: MentionIndex::default(),
        };
        lex.build_mention_index();
        let t = &mut lex.time;
        let mut starters: WordSet = ["ce", "le", "on", "this", "last", "dernier"].iter().map(|s| s.to_string()).collect();
        starters.extend(t.months.keys().cloned());
        starters.extend(t.weekdays.keys().cloned());
        starters.extend(t.numbers.keys().cloned());
        starters.extend(t.ago_words.iter().filter_map(|w| w.first().cloned()));
        for set in [&t.yesterday_set, &t.today_set] {
            starters.extend(set.starters().unwrap_or_default());
        }
        t.starters = starters;
        Ok(lex)
    }
}

// ------------------------------------------------------------------------------------------
// Demand scheme.

#[derive(Clone, Debug)]
pub struct Cue {
    /// Folded tokens; a trailing `*` marks a prefix.
    pub tokens: Vec<String>,
    pub lang: String,
}

#[derive(Clone, Debug)]
pub struct DemandConcept {
    pub key: String,
    pub cameo: String,
    pub labels: BTreeMap<String, String>,
    pub cues: Vec<Cue>,
}

#[derive(Clone, Debug, Default)]
pub struct DemandScheme {
    pub concepts: Vec<DemandConcept>,
    /// Cues (concept index, cue index) by their first word, and by the first byte of a first
    /// word that is a prefix (`treve*`): a position tries only the cues that can start there.
    cues_by_first: HashMap<String, Vec<(usize, usize)>>,
    cues_by_prefix: ByFirstByte<(usize, usize)>,
}

/// Up to this many other words may stand between two words of a cue.
pub const CUE_GAP: usize = 2;

impl DemandScheme {
    pub fn from_turtle(ttl: &str) -> Result<Self> {
        use oxigraph::io::{RdfFormat, RdfParser};
        use oxigraph::model::Term;
        let mut by_subject: BTreeMap<String, DemandConcept> = BTreeMap::new();
        let notation = format!("{}notation", crate::vocab::SKOS);
        let pref = format!("{}prefLabel", crate::vocab::SKOS);
        let cue = format!("{}cue", crate::vocab::NKG);
        let cameo = format!("{}cameo", crate::vocab::NKG);
        for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let q = q.map_err(|e| Error::Data(format!("demands.ttl: {e}")))?;
            let s = q.subject.to_string();
            let p = q.predicate.as_str();
            let Term::Literal(lit) = &q.object else { continue };
            let entry = by_subject.entry(s).or_insert_with(|| DemandConcept {
                key: String::new(),
                cameo: "020".to_string(),
                labels: BTreeMap::new(),
                cues: Vec::new(),
            });
            let lang = lit.language().unwrap_or("").to_string();
            if p == notation {
                entry.key = lit.value().to_string();
            } else if p == pref {
                entry.labels.insert(lang, lit.value().to_string());
            } else if p == cameo {
                entry.cameo = lit.value().to_string();
            } else if p == cue {
                let tokens = lit
                    .value()
                    .split_whitespace()
                    .map(fold)
                    .collect::<Vec<_>>();
                if !tokens.is_empty() {
                    entry.cues.push(Cue { tokens, lang });
                }
            }
        }
        let concepts: Vec<DemandConcept> = by_subject.into_values().filter(|c| !c.key.is_empty()).collect();
        if concepts.is_empty() {
            return Err(Error::Data("demands.ttl defines no skos:Concept with a skos:notation".into()));
        }
        let mut scheme = DemandScheme { concepts, ..Default::default() };
        for (ci, concept) in scheme.concepts.iter().enumerate() {
            for (qi, cue) in concept.cues.iter().enumerate() {
                let first = &cue.tokens[0];
                match first.strip_suffix('*') {
                    None => scheme.cues_by_first.entry(first.clone()).or_default().push((ci, qi)),
                    Some(prefix) => scheme.cues_by_prefix.insert(prefix, (ci, qi)),
                }
            }
        }
        Ok(scheme)
    }

    /// The cues (concept index, cue index) whose first word accepts `word`.
    pub fn cues_starting_with<'s>(&'s self, word: &'s str) -> impl Iterator<Item = (usize, usize)> + 's {
        let exact = self.cues_by_first.get(word).map(|v| v.as_slice()).unwrap_or(&[]);
        exact.iter().chain(self.cues_by_prefix.candidates(word)).copied().filter(move |&(c, q)| cue_token_matches(&self.concepts[c].cues[q].tokens[0], word))
    }

    pub fn cameo(&self, key: &str) -> &str {
        self.concepts.iter().find(|c| c.key == key).map(|c| c.cameo.as_str()).unwrap_or("020")
    }
}

pub fn cue_token_matches(cue: &str, norm: &str) -> bool {
    match cue.strip_suffix('*') {
        Some(p) => norm.starts_with(p),
        None => cue == norm,
    }
}
