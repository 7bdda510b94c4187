//! Lemmas: a dictionary of (form, UPOS) seen in training, else an edit script (cut so many
//! characters from the end, append a string) chosen by the longest known suffix of the word
//! with its UPOS and feature bundle, then with its UPOS alone.

use super::learn::{hash_str, mix};
use super::model::Model;
use super::Upos;
use crate::fasthash::FastMap;

/// Dictionary key of a word form (lower case) with its UPOS.
pub fn dict_key(lower: u64, upos: usize) -> u64 {
    mix(mix(0x4c45_4d, lower), upos as u64)
}

/// Script key of a suffix with UPOS and bundle (`bundle = u64::MAX` for UPOS alone).
pub fn script_key(suffix: &str, upos: usize, bundle: u64) -> u64 {
    mix(mix(mix(0x5343_52, hash_str(suffix)), upos as u64), bundle)
}

pub const MAX_SUFFIX: usize = 6;

/// The edit script from `lower` to `lemma`: (characters cut, string appended).
pub fn script(lower: &str, lemma: &str) -> (u8, String) {
    let common = lower.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let cut = lower.chars().count() - common;
    let add: String = lemma.chars().skip(common).collect();
    (cut.min(255) as u8, add)
}

pub fn apply(lower: &str, cut: u8, add: &str) -> String {
    let n = lower.chars().count();
    if cut as usize > n {
        return lower.to_string();
    }
    let keep: String = lower.chars().take(n - cut as usize).collect();
    keep + add
}

/// Suffixes of `lower`, longest first (at most MAX_SUFFIX characters, whole word included).
pub fn suffixes(lower: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    (1..=n.min(MAX_SUFFIX)).rev().map(move |k| &lower[starts[n - k]..])
}

/// Lemma of a word.
pub fn lemma(m: &Model, form: &str, lower: &str, lower_h: u64, upos: Upos, bundle: u16) -> String {
    let u = upos.index();
    if let Some(&i) = m.lemmas.get(&dict_key(lower_h, u)) {
        let l = m.lemma_strs[i as usize];
        // A proper noun keeps its spelling (the dictionary holds one).
        if upos == Upos::Propn && !l.eq_ignore_ascii_case(form) {
            return form.to_string();
        }
        return l.to_string();
    }
    match upos {
        Upos::Propn | Upos::Num | Upos::Punct | Upos::Sym | Upos::X => return form.to_string(),
        _ => {}
    }
    for s in suffixes(lower) {
        for bundle in [bundle as u64, u64::MAX] {
            if let Some(&si) = m.scripts.get(&script_key(s, u, bundle)) {
                let (cut, add) = m.script_list[si as usize];
                return apply(lower, cut, add);
            }
        }
    }
    lower.to_string()
}

/// Training counts: dictionary and scripts from (form, lemma, UPOS, bundle) words.
#[derive(Default)]
pub struct Counts {
    pub dict: FastMap<u64, FastMap<String, u32>>,
    pub scripts: FastMap<u64, FastMap<(u8, String), u32>>,
    seen: crate::fasthash::FastSet<(String, String, usize, u16)>,
}

impl Counts {
    pub fn add(&mut self, form: &str, lemma: &str, upos: usize, bundle: u16) {
        let lower = form.to_lowercase();
        *self.dict.entry(dict_key(hash_str(&lower), upos)).or_default().entry(lemma.to_string()).or_default() += 1;
        // Scripts learn from word types, as unknown words are types too.
        if !self.seen.insert((lower.clone(), lemma.to_string(), upos, bundle)) {
            return;
        }
        let sc = script(&lower, lemma);
        for s in suffixes(&lower) {
            for b in [bundle as u64, u64::MAX] {
                *self.scripts.entry(script_key(s, upos, b)).or_default().entry(sc.clone()).or_default() += 1;
            }
        }
    }
}
