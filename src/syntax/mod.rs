//! Stage 2b — syntax: for each sentence, Universal Dependencies words with UPOS tags,
//! morphological features, lemmas and a labelled dependency tree, in French and English.
//!
//! Trained models (averaged perceptrons over hashed features, see `learn`) are data in
//! `ontology/syntax/<lang>.model`, compiled in and loaded once; `newskg train-syntax` rebuilds
//! them from Universal Dependencies treebanks (`ontology/syntax/README.md`). One module per
//! concern: `words` maps our tokens to UD words, `tagger` tags them (UPOS, then the feature
//! bundle), `lemma` lemmatises, `parser` builds the tree (arc-hybrid, greedy), `model` holds the
//! file format, `train` the training, `conllu` the treebank format and the scorer.

pub mod cli;
pub mod conllu;
pub mod learn;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod train;
pub mod words;

use model::Model;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Universal part-of-speech tags, in the order of their index in models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

pub const UPOS_COUNT: usize = 17;
const UPOS_NAMES: [&str; UPOS_COUNT] =
    ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"];
const UPOS_ALL: [Upos; UPOS_COUNT] = [
    Upos::Adj,
    Upos::Adp,
    Upos::Adv,
    Upos::Aux,
    Upos::Cconj,
    Upos::Det,
    Upos::Intj,
    Upos::Noun,
    Upos::Num,
    Upos::Part,
    Upos::Pron,
    Upos::Propn,
    Upos::Punct,
    Upos::Sconj,
    Upos::Sym,
    Upos::Verb,
    Upos::X,
];

impl Upos {
    pub fn as_str(self) -> &'static str {
        UPOS_NAMES[self as usize]
    }
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn from_index(i: usize) -> Upos {
        UPOS_ALL[i.min(UPOS_COUNT - 1)]
    }
    pub fn parse(s: &str) -> Option<Upos> {
        UPOS_NAMES.iter().position(|n| *n == s).map(Upos::from_index)
    }
    /// Content words that head clauses and phrases.
    pub fn is_verbal(self) -> bool {
        matches!(self, Upos::Verb | Upos::Aux)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A feature bundle as the UD FEATS column (`Mood=Ind|Number=Sing|…`, sorted; empty for none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Feats(pub &'static str);

impl Feats {
    /// The value of one feature (`get("Tense") == Some("Past")`).
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.0.split('|').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Feats {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "_" } else { self.0 })
    }
}

/// One syntactic word.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    pub feats: Feats,
    /// 0 for the root, else the 1-based index of the head word.
    pub head: usize,
    /// Relation to the head, with its subtype (`nsubj:pass`).
    pub deprel: &'static str,
    /// Index into `text::Sentence::tokens` of the token this word comes from (for CoNLL-U
    /// input, the word's own position from 0).
    pub token: usize,
}

/// Several words written as one token (`du` = `de le`): word range, 1-based and inclusive.
#[derive(Clone, Debug, PartialEq)]
pub struct Multiword {
    pub first: usize,
    pub last: usize,
    pub form: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentenceSyntax {
    pub words: Vec<Word>,
    pub multiwords: Vec<Multiword>,
}

impl SentenceSyntax {
    /// Word `i` (1-based).
    pub fn word(&self, i: usize) -> &Word {
        &self.words[i - 1]
    }

    /// Dependents of word `i` (0 = the root), 1-based, in sentence order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().filter(move |(_, w)| w.head == i).map(|(j, _)| j + 1)
    }

    /// The root word (1-based), if any.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head == 0).map(|j| j + 1)
    }

    /// First and last word (1-based) of the subtree of word `i`.
    pub fn subtree_span(&self, i: usize) -> (usize, usize) {
        let (mut a, mut b) = (i, i);
        for j in 1..=self.words.len() {
            if j < a || j > b {
                let mut h = j;
                // Walk up from j; trees are acyclic and at most n deep.
                for _ in 0..self.words.len() {
                    if h == i || h == 0 {
                        break;
                    }
                    h = self.words[h - 1].head;
                }
                if h == i {
                    a = a.min(j);
                    b = b.max(j);
                }
            }
        }
        (a, b)
    }

    /// The sentence as a CoNLL-U block (with `# sent_id` and `# text` when given).
    pub fn to_conllu(&self, sent_id: Option<&str>, text: Option<&str>) -> String {
        let mut b = conllu::Block::default();
        if let Some(id) = sent_id {
            b.comments.push(format!("# sent_id = {id}"));
        }
        if let Some(t) = text {
            b.comments.push(format!("# text = {}", t.replace('\n', " ")));
        }
        self.fill_block(&mut b);
        let mut out = String::new();
        conllu::write(&b, &mut out);
        out
    }

    /// Puts this analysis into `b`'s word rows (forms kept when `b` has them already).
    pub fn fill_block(&self, b: &mut conllu::Block) {
        if b.words.len() != self.words.len() {
            b.words = self.words.iter().map(|w| conllu::Row { form: w.form.clone(), ..Default::default() }).collect();
            b.multi = self.multiwords.iter().map(|m| conllu::Multi { first: m.first, last: m.last, form: m.form.clone(), misc: String::new() }).collect();
        }
        for (r, w) in b.words.iter_mut().zip(&self.words) {
            r.lemma = w.lemma.clone();
            r.upos = w.upos.as_str().to_string();
            r.xpos = String::new();
            r.feats = w.feats.0.to_string();
            r.head = w.head;
            r.deprel = w.deprel.to_string();
            r.deps = String::new();
        }
    }
}

static MODEL_DIR: OnceLock<PathBuf> = OnceLock::new();
static FR: OnceLock<Option<Model>> = OnceLock::new();
static EN: OnceLock<Option<Model>> = OnceLock::new();

/// Models are read from `dir/syntax/<lang>.model` when that file exists (`--ontology DIR`);
/// call before the first parse.
pub fn use_ontology_dir(dir: &Path) {
    let _ = MODEL_DIR.set(dir.to_path_buf());
}

const FR_BUILTIN: &[u8] = include_bytes!("../../ontology/syntax/fr.model");
const EN_BUILTIN: &[u8] = include_bytes!("../../ontology/syntax/en.model");

/// The model of a language (loaded on first use), or None when there is none.
pub fn model(lang: &str) -> Option<&'static Model> {
    let (cell, builtin) = match lang {
        "fr" => (&FR, FR_BUILTIN),
        "en" => (&EN, EN_BUILTIN),
        _ => return None,
    };
    cell.get_or_init(|| {
        let from_dir = MODEL_DIR.get().map(|d| d.join("syntax").join(format!("{lang}.model"))).filter(|p| p.is_file());
        let loaded = match &from_dir {
            Some(p) => std::fs::read(p).map_err(|e| e.to_string()).and_then(|b| Model::from_bytes(&b).map_err(|e| e.to_string())),
            None => Model::from_bytes(builtin).map_err(|e| e.to_string()),
        };
        match loaded {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("newskg: warning: syntax model for {lang} unusable ({e}); sentences stay unparsed");
                None
            }
        }
    })
    .as_ref()
}

/// Parses one sentence of our tokenizer's output (None for a language without a model).
pub fn parse_sentence(sentence: &crate::text::Sentence, text: &str) -> Option<SentenceSyntax> {
    let m = model(&sentence.lang)?;
    let (forms, tokens, multiwords) = words::split(&sentence.tokens, text, &sentence.lang, m);
    let refs: Vec<&str> = forms.iter().map(|s| s.as_ref()).collect();
    let mut s = m.analyse(&refs);
    for (w, t) in s.words.iter_mut().zip(tokens) {
        w.token = t;
    }
    s.multiwords = multiwords;
    Some(s)
}

/// Parses the sentences of a document (None for those of a language without a model): the
/// same analyses as [`parse_sentence`] one by one, but each run of sentences in one language is
/// parsed in lockstep ([`Model::analyse_many`]), which overlaps their cache misses.
pub fn parse_sentences(sentences: &[crate::text::Sentence], text: &str) -> Vec<Option<SentenceSyntax>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut i = 0;
    while i < sentences.len() {
        let lang = sentences[i].lang.as_str();
        let j = i + sentences[i..].iter().take_while(|s| s.lang == lang).count();
        let Some(m) = model(lang) else {
            out.extend((i..j).map(|_| None));
            i = j;
            continue;
        };
        let split: Vec<_> = sentences[i..j].iter().map(|s| words::split(&s.tokens, text, &s.lang, m)).collect();
        let analyses = {
            let refs: Vec<Vec<&str>> = split.iter().map(|(forms, _, _)| forms.iter().map(|f| f.as_ref()).collect()).collect();
            let slices: Vec<&[&str]> = refs.iter().map(|r| &r[..]).collect();
            m.analyse_many(&slices)
        };
        for (mut s, (_, tokens, multiwords)) in analyses.into_iter().zip(split) {
            for (w, t) in s.words.iter_mut().zip(tokens) {
                w.token = t;
            }
            s.multiwords = multiwords;
            out.push(Some(s));
        }
        i = j;
    }
    out
}

/// Parses words given as they are (gold tokenization, e.g. from CoNLL-U).
pub fn parse_forms(lang: &str, forms: &[&str]) -> Option<SentenceSyntax> {
    let m = model(lang)?;
    Some(m.analyse(forms))
}
