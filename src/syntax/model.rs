//! A trained model for one language, its file format, and the analysis of one sentence.
//!
//! File format (`ontology/syntax/<lang>.model`): the 8 bytes `NKGSYN1\n`, then a raw DEFLATE
//! stream of the body. Little-endian throughout; `str` is a u32 byte length and UTF-8 bytes;
//! `[T]` is a u32 count and the items.
//!
//! ```text
//! lang: str
//! labels: [str]                      dependency relations (index = label id)
//! bundles: [str]                     feature bundles as the FEATS column, "" first
//! bundles_of: 17 × [u16]             bundle ids seen with each UPOS (its classifier's classes)
//! tagdict: [(u64 word, u8 upos)]     frequent unambiguous words, tagged without the classifier
//! lexb: [(u64 word+upos, u32 start, u8 len)], lexb_data: [u16]   classes seen with a word
//! lemmas: [(u64 word+upos, u32 i)], lemma_strs: [str]
//! scripts: [(u64 suffix+upos+bundle, u32 i)], script_list: [(u8 cut, str add)]
//! des: [(u64 previous word or its UPOS, u8 split)], des_default: u8   French `des` = `de les`?
//! 4 tables (upos, bundle, transition, label), each:
//!     rows: [(u32 feature, u16 width)], scale: f32, weights: [i16] (rows' weights in row order)
//! ```
//! A table's weight is `i16 × scale`; its features are `learn::fold32` of the hashed features. Word keys are `learn::hash_str` of the lower-case form.

use super::learn::{mix, Table};
use super::parser::{self, State, ACTIONS};
use super::tagger::{self, Lex, NO_TAG};
use super::{Feats, SentenceSyntax, Upos, Word, UPOS_COUNT};
use crate::error::{Error, Result};
use crate::fasthash::FastMap;
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"NKGSYN1\n";

/// A classifier's weights as stored.
#[derive(Clone, Default)]
pub struct QTable {
    /// (folded feature, width); row i's weights follow row i-1's.
    pub rows: Vec<(u32, u16)>,
    pub scale: f32,
    pub weights: Vec<i16>,
}

impl QTable {
    fn table(&self) -> Table {
        let mut off = 0u32;
        let rows: Vec<(u32, u32, u16)> = self.rows.iter().map(|&(k, w)| {
            off += w as u32;
            (k, off - w as u32, w)
        }).collect();
        Table::new(&rows, self.weights.clone(), self.scale)
    }
}

/// Everything a model file holds, owned (what training produces and the file stores).
#[derive(Clone, Default)]
pub struct ModelData {
    pub lang: String,
    pub labels: Vec<String>,
    pub bundles: Vec<String>,
    pub bundles_of: Vec<Vec<u16>>,
    pub tagdict: Vec<(u64, u8)>,
    pub lexb: Vec<(u64, u32, u8)>,
    pub lexb_data: Vec<u16>,
    pub lemmas: Vec<(u64, u32)>,
    pub lemma_strs: Vec<String>,
    pub scripts: Vec<(u64, u32)>,
    pub script_list: Vec<(u8, String)>,
    pub des: Vec<(u64, u8)>,
    pub des_default: u8,
    pub tables: [QTable; 4],
}

/// A model ready to analyse sentences.
pub struct Model {
    pub lang: String,
    pub labels: Vec<&'static str>,
    pub root_label: u16,
    pub bundles: Vec<&'static str>,
    pub bundles_of: Vec<Vec<u16>>,
    pub tagdict: FastMap<u64, u8>,
    pub lexb: FastMap<u64, (u32, u8)>,
    pub lexb_data: Vec<u16>,
    pub lemmas: FastMap<u64, u32>,
    pub lemma_strs: Vec<&'static str>,
    pub scripts: FastMap<u64, u32>,
    pub script_list: Vec<(u8, &'static str)>,
    pub des: FastMap<u64, bool>,
    pub des_default: bool,
    pub upos_t: Table,
    pub bundle_t: Table,
    pub trans_t: Table,
    pub label_t: Table,
}

struct W(Vec<u8>);
impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend(v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend(v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend(v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        v.iter().for_each(|s| self.str(s));
    }
}

struct R<'a>(&'a [u8], usize);
impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.1 + n > self.0.len() {
            return Err(Error::Data("syntax model truncated".into()));
        }
        self.1 += n;
        Ok(&self.0[self.1 - n..self.1])
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().expect("2")))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    fn len(&mut self) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(Error::Data("syntax model: bad length".into()));
        }
        Ok(n)
    }
    fn str(&mut self) -> Result<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| Error::Data("syntax model: bad UTF-8".into()))
    }
    fn strs(&mut self) -> Result<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
}

impl ModelData {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = W(Vec::new());
        w.str(&self.lang);
        w.strs(&self.labels);
        w.strs(&self.bundles);
        for u in 0..UPOS_COUNT {
            let v = self.bundles_of.get(u).cloned().unwrap_or_default();
            w.u32(v.len() as u32);
            v.iter().for_each(|&x| w.u16(x));
        }
        w.u32(self.tagdict.len() as u32);
        for &(k, t) in &self.tagdict {
            w.u64(k);
            w.u8(t);
        }
        w.u32(self.lexb.len() as u32);
        for &(k, s, l) in &self.lexb {
            w.u64(k);
            w.u32(s);
            w.u8(l);
        }
        w.u32(self.lexb_data.len() as u32);
        self.lexb_data.iter().for_each(|&x| w.u16(x));
        w.u32(self.lemmas.len() as u32);
        for &(k, i) in &self.lemmas {
            w.u64(k);
            w.u32(i);
        }
        w.strs(&self.lemma_strs);
        w.u32(self.scripts.len() as u32);
        for &(k, i) in &self.scripts {
            w.u64(k);
            w.u32(i);
        }
        w.u32(self.script_list.len() as u32);
        for (c, a) in &self.script_list {
            w.u8(*c);
            w.str(a);
        }
        w.u32(self.des.len() as u32);
        for &(k, s) in &self.des {
            w.u64(k);
            w.u8(s);
        }
        w.u8(self.des_default);
        for t in &self.tables {
            w.u32(t.rows.len() as u32);
            for &(k, wd) in &t.rows {
                w.u32(k);
                w.u16(wd);
            }
            w.0.extend(t.scale.to_le_bytes());
            w.u32(t.weights.len() as u32);
            t.weights.iter().for_each(|&x| w.u16(x as u16));
        }
        let mut out = MAGIC.to_vec();
        let mut enc = flate2::write::DeflateEncoder::new(&mut out, flate2::Compression::best());
        enc.write_all(&w.0).expect("in-memory write");
        enc.finish().expect("in-memory write");
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<ModelData> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(Error::Data("not a newskg syntax model (bad magic)".into()));
        }
        let mut body = Vec::new();
        flate2::read::DeflateDecoder::new(&bytes[8..]).read_to_end(&mut body).map_err(|e| Error::Data(format!("syntax model: {e}")))?;
        let mut r = R(&body, 0);
        let mut d = ModelData { lang: r.str()?, labels: r.strs()?, bundles: r.strs()?, ..Default::default() };
        for _ in 0..UPOS_COUNT {
            let n = r.len()?;
            d.bundles_of.push((0..n).map(|_| r.u16()).collect::<Result<_>>()?);
        }
        let n = r.len()?;
        d.tagdict = (0..n).map(|_| Ok((r.u64()?, r.u8()?))).collect::<Result<_>>()?;
        let n = r.len()?;
        d.lexb = (0..n).map(|_| Ok((r.u64()?, r.u32()?, r.u8()?))).collect::<Result<_>>()?;
        let n = r.len()?;
        d.lexb_data = (0..n).map(|_| r.u16()).collect::<Result<_>>()?;
        let n = r.len()?;
        d.lemmas = (0..n).map(|_| Ok((r.u64()?, r.u32()?))).collect::<Result<_>>()?;
        d.lemma_strs = r.strs()?;
        let n = r.len()?;
        d.scripts = (0..n).map(|_| Ok((r.u64()?, r.u32()?))).collect::<Result<_>>()?;
        let n = r.len()?;
        d.script_list = (0..n).map(|_| Ok((r.u8()?, r.str()?))).collect::<Result<_>>()?;
        let n = r.len()?;
        d.des = (0..n).map(|_| Ok((r.u64()?, r.u8()?))).collect::<Result<_>>()?;
        d.des_default = r.u8()?;
        for t in d.tables.iter_mut() {
            let n = r.len()?;
            t.rows = (0..n).map(|_| Ok((r.u32()?, r.u16()?))).collect::<Result<_>>()?;
            t.scale = f32::from_le_bytes(r.take(4)?.try_into().expect("4"));
            let n = r.len()?;
            t.weights = (0..n).map(|_| Ok(r.u16()? as i16)).collect::<Result<_>>()?;
            if t.rows.iter().map(|&(_, w)| w as usize).sum::<usize>() != t.weights.len() {
                return Err(Error::Data("syntax model: row outside its table".into()));
            }
        }
        // Indices must point inside their lists (a model file is data, not trusted code).
        let ok = d.lemmas.iter().all(|&(_, i)| (i as usize) < d.lemma_strs.len())
            && d.scripts.iter().all(|&(_, i)| (i as usize) < d.script_list.len())
            && d.lexb.iter().all(|&(_, s, l)| s as usize + l as usize <= d.lexb_data.len())
            && d.bundles_of.iter().flatten().all(|&b| (b as usize) < d.bundles.len())
            && d.tagdict.iter().all(|&(_, t)| (t as usize) < UPOS_COUNT)
            && !d.labels.is_empty()
            && !d.bundles.is_empty();
        if !ok {
            return Err(Error::Data("syntax model: index out of range".into()));
        }
        Ok(d)
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

impl Model {
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        Ok(Model::from_data(&ModelData::from_bytes(bytes)?))
    }

    pub fn from_data(d: &ModelData) -> Model {
        let labels: Vec<&'static str> = d.labels.iter().cloned().map(leak).collect();
        let root_label = labels.iter().position(|l| *l == "root").unwrap_or(0) as u16;
        Model {
            lang: d.lang.clone(),
            root_label,
            labels,
            bundles: d.bundles.iter().cloned().map(leak).collect(),
            bundles_of: d.bundles_of.clone(),
            tagdict: d.tagdict.iter().copied().collect(),
            lexb: d.lexb.iter().map(|&(k, s, l)| (k, (s, l))).collect(),
            lexb_data: d.lexb_data.clone(),
            lemmas: d.lemmas.iter().copied().collect(),
            lemma_strs: d.lemma_strs.iter().cloned().map(leak).collect(),
            scripts: d.scripts.iter().copied().collect(),
            script_list: d.script_list.iter().map(|(c, a)| (*c, leak(a.clone()))).collect(),
            des: d.des.iter().map(|&(k, s)| (k, s != 0)).collect(),
            des_default: d.des_default != 0,
            upos_t: d.tables[0].table(),
            bundle_t: d.tables[1].table(),
            trans_t: d.tables[2].table(),
            label_t: d.tables[3].table(),
        }
    }

    /// A model that knows nothing (for the word mapping alone).
    pub fn empty_ref() -> &'static Model {
        static EMPTY: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        EMPTY.get_or_init(|| {
            Model::from_data(&ModelData {
                labels: vec!["root".into()],
                bundles: vec![String::new()],
                bundles_of: vec![Vec::new(); UPOS_COUNT],
                ..Default::default()
            })
        })
    }

    /// For each French `des` at word position `at[i]`, is it the contraction `de les`? Decided
    /// by the word before it when that word was seen often enough, else by that word's UPOS
    /// (a noun governs *de*: `la ministre des finances`; a verb takes an article: `signe des
    /// accords`). The words before the last `des` are tagged for that.
    pub fn des_contractions(&self, forms: &[&str], at: &[usize]) -> Vec<bool> {
        let Some(&last) = at.iter().max() else { return Vec::new() };
        let mut scratch = String::new();
        let lex: Vec<Lex> = forms[..(last + 3).min(forms.len())].iter().map(|w| tagger::lex_of(w, &mut scratch)).collect();
        let tags = self.tag_upto(&lex, last, &mut Vec::new());
        at.iter()
            .map(|&i| {
                if i == 0 {
                    return self.des.get(&des_tag_key(NO_TAG)).copied().unwrap_or(self.des_default);
                }
                self.des.get(&des_word_key(lex[i - 1].lower)).or_else(|| self.des.get(&des_tag_key(tags[i - 1]))).copied().unwrap_or(self.des_default)
            })
            .collect()
    }

    /// Key of the classes seen with a word and UPOS.
    pub fn lexb_key(lower: u64, upos: usize) -> u64 {
        mix(mix(0x4c45_5842, lower), upos as u64)
    }

    /// UPOS tags (as indices) of a sentence.
    pub fn tag(&self, lex: &[Lex], f: &mut Vec<u64>) -> Vec<u8> {
        self.tag_upto(lex, lex.len(), f)
    }

    /// UPOS tags of the first `upto` words (the rest stay NO_TAG).
    pub fn tag_upto(&self, lex: &[Lex], upto: usize, f: &mut Vec<u64>) -> Vec<u8> {
        let mut tags = vec![NO_TAG; lex.len()];
        let mut scores = [0f32; UPOS_COUNT];
        for i in 0..upto.min(lex.len()) {
            if let Some(&t) = self.tagdict.get(&lex[i].lower) {
                tags[i] = t;
                continue;
            }
            tagger::upos_features(lex, &tags, i, f);
            self.upos_t.score(f, &mut scores);
            tags[i] = argmax(&scores, |_| true) as u8;
        }
        tags
    }

    /// Candidate classes of word `i` for its bundle classifier: known ones, or all.
    pub fn bundle_candidates(&self, lex: &Lex, upos: usize) -> Option<&[u16]> {
        self.lexb.get(&Model::lexb_key(lex.lower, upos)).map(|&(s, l)| &self.lexb_data[s as usize..s as usize + l as usize])
    }

    /// Feature bundles (global ids) of a tagged sentence.
    pub fn bundles(&self, lex: &[Lex], tags: &[u8], f: &mut Vec<u64>) -> Vec<u16> {
        let mut out = vec![0u16; lex.len()];
        let mut scores = Vec::new();
        for i in 0..lex.len() {
            let u = tags[i] as usize;
            let classes = &self.bundles_of[u];
            let cand = self.bundle_candidates(&lex[i], u);
            let pos = match (classes.len(), cand) {
                (0, _) => {
                    out[i] = 0;
                    continue;
                }
                (1, _) => 0,
                (_, Some(c)) if c.len() == 1 => c[0] as usize,
                (n, cand) => {
                    tagger::bundle_features(lex, tags, &out, i, f);
                    scores.resize(n, 0.0);
                    self.bundle_t.score(f, &mut scores);
                    match cand {
                        Some(c) => c.iter().map(|&x| x as usize).max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a))).unwrap_or(0),
                        None => argmax(&scores, |_| true),
                    }
                }
            };
            out[i] = classes[pos.min(classes.len() - 1)];
        }
        out
    }

    /// Heads and labels (1-based arrays, index 0 unused) of a tagged sentence.
    pub fn parse(&self, lex: &[Lex], tags: &[u8], bundles: &[u16]) -> (Vec<usize>, Vec<u16>) {
        self.parse_many(&[(lex, tags, bundles)]).pop().expect("one sentence in, one out")
    }

    /// Heads and labels of several tagged sentences, parsed in lockstep: each step computes the
    /// features of every sentence's next decision and prefetches their table slots before
    /// scoring any, so the cache misses of different sentences overlap. Each sentence's
    /// decisions are exactly those it gets alone.
    pub fn parse_many(&self, items: &[(&[Lex], &[u8], &[u16])]) -> Vec<(Vec<usize>, Vec<u16>)> {
        struct P {
            t: Vec<parser::Tok>,
            st: State,
            f: Vec<u64>,
            /// The action, when only one is allowed (then it is not scored).
            forced: Option<usize>,
            arc: Option<(usize, usize)>,
            a: usize,
        }
        let mut ps: Vec<P> = items
            .iter()
            .map(|&(lex, tags, bundles)| P {
                t: parser::toks(lex, tags, bundles),
                st: State::new(lex.len()),
                f: Vec::with_capacity(128),
                forced: None,
                arc: None,
                a: 0,
            })
            .collect();
        let mut scores = [0f32; ACTIONS];
        let mut lscores = vec![0f32; self.labels.len()];
        let mut active: Vec<usize> = (0..ps.len()).filter(|&i| !ps[i].st.terminal()).collect();
        while !active.is_empty() {
            // Transition features; a forced move (SHIFT onto the bare root, RIGHT once the
            // buffer is empty) needs none: argmax over one allowed action is that action.
            for &i in &active {
                let p = &mut ps[i];
                let mut valid = (0..ACTIONS).filter(|&a| p.st.valid(a));
                p.forced = match (valid.next(), valid.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                };
                if p.forced.is_none() {
                    parser::features(&p.st, &p.t, &mut p.f);
                    self.trans_t.prefetch(&p.f);
                }
            }
            // Actions; label features of the arcs they make.
            for &i in &active {
                let p = &mut ps[i];
                p.a = match p.forced {
                    Some(a) => a,
                    None => {
                        self.trans_t.score(&p.f, &mut scores);
                        argmax(&scores, |a| p.st.valid(a))
                    }
                };
                p.arc = p.st.arc(p.a);
                if let Some((h, d)) = p.arc.filter(|&(h, _)| h != 0) {
                    parser::label_features(&p.st, &p.t, h, d, &mut p.f);
                    self.label_t.prefetch(&p.f);
                }
            }
            for &i in &active {
                let p = &mut ps[i];
                let label = match p.arc {
                    Some((0, _)) => self.root_label,
                    Some(_) => {
                        self.label_t.score(&p.f, &mut lscores);
                        argmax(&lscores, |l| l != self.root_label as usize) as u16
                    }
                    None => 0,
                };
                p.st.apply(p.a, label);
            }
            active.retain(|&i| !ps[i].st.terminal());
        }
        ps.into_iter().map(|p| (p.st.heads, p.st.labels)).collect()
    }

    /// The whole analysis of a sentence given as words.
    pub fn analyse(&self, forms: &[&str]) -> SentenceSyntax {
        self.analyse_many(&[forms]).pop().expect("one sentence in, one out")
    }

    /// The analyses of several sentences (parsed in lockstep, [`PARSE_GROUP`] at a time; each
    /// the same as alone).
    pub fn analyse_many(&self, sentences: &[&[&str]]) -> Vec<SentenceSyntax> {
        struct Tagged {
            lex: Vec<Lex>,
            lowers: String,
            ends: Vec<usize>,
            tags: Vec<u8>,
            bundles: Vec<u16>,
        }
        let mut scratch = String::new();
        let mut f = Vec::with_capacity(128);
        let tagged: Vec<Tagged> = sentences
            .iter()
            .map(|forms| {
                let mut lowers = String::new();
                let mut ends = Vec::with_capacity(forms.len());
                let lex: Vec<Lex> = forms
                    .iter()
                    .map(|w| {
                        let l = tagger::lex_of(w, &mut scratch);
                        lowers.push_str(&scratch);
                        ends.push(lowers.len());
                        l
                    })
                    .collect();
                let tags = self.tag(&lex, &mut f);
                let bundles = self.bundles(&lex, &tags, &mut f);
                Tagged { lex, lowers, ends, tags, bundles }
            })
            .collect();
        let mut out = Vec::with_capacity(sentences.len());
        for (group, forms_group) in tagged.chunks(PARSE_GROUP).zip(sentences.chunks(PARSE_GROUP)) {
            let items: Vec<(&[Lex], &[u8], &[u16])> = group.iter().map(|t| (&t.lex[..], &t.tags[..], &t.bundles[..])).collect();
            for ((tg, forms), (heads, labels)) in group.iter().zip(forms_group).zip(self.parse_many(&items)) {
                let mut words = Vec::with_capacity(forms.len());
                for i in 0..forms.len() {
                    let lower = &tg.lowers[if i == 0 { 0 } else { tg.ends[i - 1] }..tg.ends[i]];
                    let upos = Upos::from_index(tg.tags[i] as usize);
                    let b = tg.bundles[i];
                    words.push(Word {
                        form: forms[i].to_string(),
                        lemma: super::lemma::lemma(self, forms[i], lower, tg.lex[i].lower, upos, b),
                        upos,
                        feats: Feats(self.bundles[b as usize]),
                        head: heads[i + 1],
                        deprel: self.labels[labels[i + 1] as usize],
                        token: i,
                    });
                }
                out.push(SentenceSyntax { words, multiwords: Vec::new() });
            }
        }
        out
    }
}

/// How many sentences `analyse_many` parses in lockstep: enough for their cache misses to
/// overlap, few enough for their prefetched slots to stay in the core's caches.
pub const PARSE_GROUP: usize = 8;

/// Key of the `des` table for the word before (its lower-case hash) …
pub fn des_word_key(lower: u64) -> u64 {
    mix(0x4445_5357, lower)
}

/// … and for its UPOS.
pub fn des_tag_key(upos: u8) -> u64 {
    mix(0x4445_5354, upos as u64)
}

/// Index of the best score among allowed classes (the lowest index on ties, 0 if none).
pub fn argmax<T: PartialOrd + Copy>(scores: &[T], allowed: impl Fn(usize) -> bool) -> usize {
    let mut best = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|b| b.0).unwrap_or(0)
}
