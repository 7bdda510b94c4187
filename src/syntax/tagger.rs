//! Part of speech and morphology: a greedy left-to-right UPOS tagger, then a second pass that
//! chooses each word's feature bundle among those seen with its UPOS (and, for a known word,
//! among those seen with that word). Both are averaged perceptrons over hashed features.

use super::learn::{hash_str, mix, tpl};

/// What the classifiers know of a word, computed once per word.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lex {
    pub form: u64,
    pub lower: u64,
    /// Suffixes of 1 to 5 characters of the lower-case form (0 when the word is shorter).
    pub suf: [u64; 5],
    pub pre: [u64; 2],
    pub shape: u64,
}

const START: u64 = 0x5354_4152_54;
const END: u64 = 0x454e_44;
pub const NO_TAG: u8 = 100;

/// `scratch` receives the lower-case form.
pub fn lex_of(form: &str, scratch: &mut String) -> Lex {
    scratch.clear();
    if form.is_ascii() {
        scratch.push_str(form);
        scratch.make_ascii_lowercase();
    } else {
        // Treebanks write the apostrophe straight; news copy mostly curly (*d’Arménie*).
        scratch.extend(form.chars().map(|c| if c == '’' { '\'' } else { c }).flat_map(char::to_lowercase));
    }
    let lower = scratch.as_str();
    let mut suf = [0u64; 5];
    let mut pre = [0u64; 2];
    let mut ends = [0usize; 6];
    let mut n = 0;
    for (i, _) in lower.char_indices().rev().take(5) {
        n += 1;
        ends[n] = i;
    }
    for k in 1..=n {
        suf[k - 1] = hash_str(&lower[ends[k]..]);
    }
    let mut it = lower.char_indices();
    let _ = it.next();
    let p1 = it.next().map(|(i, _)| i).unwrap_or(lower.len());
    let p2 = it.next().map(|(i, _)| i).unwrap_or(lower.len());
    pre[0] = hash_str(&lower[..p1]);
    pre[1] = hash_str(&lower[..p2]);
    let (mut up, mut low, mut digit, mut other, mut hyphen, mut chars) = (0, 0, 0, 0, false, 0);
    let mut first_up = false;
    for (i, c) in form.chars().enumerate() {
        chars += 1;
        if c.is_uppercase() {
            up += 1;
            first_up |= i == 0;
        } else if c.is_lowercase() {
            low += 1;
        } else if c.is_ascii_digit() {
            digit += 1;
        } else {
            hyphen |= c == '-';
            other += 1;
        }
    }
    let shape = (first_up as u64)
        | ((up > 1 && low == 0) as u64) << 1
        | ((digit > 0) as u64) << 2
        | ((digit > 0 && up + low == 0) as u64) << 3
        | (hyphen as u64) << 4
        | ((up + low + digit == 0 && other > 0) as u64) << 5
        | (chars.min(4) as u64) << 6;
    Lex { form: hash_str(form), lower: hash_str(lower), suf, pre, shape }
}

#[inline]
fn w(lex: &[Lex], i: isize) -> u64 {
    if i < 0 {
        START
    } else {
        lex.get(i as usize).map(|l| l.lower).unwrap_or(END)
    }
}

#[inline]
fn s3(lex: &[Lex], i: isize) -> u64 {
    if i < 0 {
        START
    } else {
        lex.get(i as usize).map(|l| l.suf[2].max(l.lower)).unwrap_or(END)
    }
}

/// Features of word `i` for its UPOS, given the tags already chosen to its left.
pub fn upos_features(lex: &[Lex], tags: &[u8], i: usize, f: &mut Vec<u64>) {
    f.clear();
    let l = &lex[i];
    let ii = i as isize;
    let p1 = if i >= 1 { tags[i - 1] } else { NO_TAG } as u64;
    let p2 = if i >= 2 { tags[i - 2] } else { NO_TAG } as u64;
    f.push(tpl(0));
    f.push(mix(tpl(1), l.lower));
    f.push(mix(tpl(2), l.form));
    for (k, &s) in l.suf.iter().enumerate() {
        if s != 0 {
            f.push(mix(tpl(3 + k as u64), s));
        }
    }
    f.push(mix(tpl(8), l.pre[0]));
    f.push(mix(tpl(9), l.pre[1]));
    f.push(mix(tpl(10), l.shape));
    f.push(mix(tpl(11), p1));
    f.push(mix(mix(tpl(12), p1), p2));
    f.push(mix(tpl(13), w(lex, ii - 1)));
    f.push(mix(tpl(14), w(lex, ii + 1)));
    f.push(mix(tpl(15), w(lex, ii - 2)));
    f.push(mix(tpl(16), w(lex, ii + 2)));
    f.push(mix(mix(tpl(17), p1), l.lower));
    f.push(mix(tpl(18), s3(lex, ii - 1)));
    f.push(mix(tpl(19), s3(lex, ii + 1)));
    f.push(mix(mix(tpl(20), w(lex, ii - 1)), l.lower));
    f.push(mix(mix(tpl(21), l.lower), w(lex, ii + 1)));
    f.push(mix(mix(tpl(22), l.shape), (i == 0) as u64));
    f.push(mix(mix(tpl(23), p1), l.suf[2]));
    f.push(mix(tpl(24), lex.get(i + 1).map(|x| x.shape).unwrap_or(END)));
    f.push(mix(mix(tpl(25), p1), w(lex, ii + 1)));
}

/// Features of word `i` for its feature bundle, given all UPOS tags and the bundles chosen to
/// its left. Every feature is salted with the word's UPOS (one classifier per UPOS).
pub fn bundle_features(lex: &[Lex], tags: &[u8], bundles: &[u16], i: usize, f: &mut Vec<u64>) {
    f.clear();
    let l = &lex[i];
    let ii = i as isize;
    let u = tags[i] as u64;
    let t = |j: isize| if j < 0 { NO_TAG } else { tags.get(j as usize).copied().unwrap_or(NO_TAG) } as u64;
    let b1 = if i >= 1 { bundles[i - 1] as u64 } else { 0xffff };
    let base = |k: u64| mix(tpl(100 + k), u);
    f.push(base(0));
    f.push(mix(base(1), l.lower));
    f.push(mix(base(2), l.form));
    for (k, &s) in l.suf.iter().enumerate() {
        if s != 0 {
            f.push(mix(base(3 + k as u64), s));
        }
    }
    f.push(mix(base(8), w(lex, ii - 1)));
    f.push(mix(base(9), w(lex, ii + 1)));
    f.push(mix(base(10), w(lex, ii - 2)));
    f.push(mix(base(11), t(ii - 1)));
    f.push(mix(base(12), t(ii + 1)));
    f.push(mix(base(13), b1));
    f.push(mix(mix(base(14), t(ii - 1)), b1));
    f.push(mix(mix(base(15), w(lex, ii - 1)), l.suf[2]));
    f.push(mix(mix(base(16), t(ii - 2)), t(ii - 1)));
    f.push(mix(mix(base(17), t(ii + 1)), w(lex, ii + 1)));
    f.push(mix(base(18), w(lex, ii + 2)));
    f.push(mix(mix(base(19), l.lower), w(lex, ii - 1)));
}
