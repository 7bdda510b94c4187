//! Fast tables for the lexicon and gazetteer, which are looked up for every token.
//!
//! The hash is rustc's Fx hash from the `rustc-hash` crate (already built for Oxigraph):
//! SipHash's resistance to flooding buys nothing for tables built from our own data, and costs
//! most of the matching time. What follows it is ours, because no crate does it: signature
//! filters that reject most words before any hashing (`WordFilter`, behind `WordSet` and
//! `WordMap`) and the index of prefixes by first byte (`ByFirstByte`).

/// A hash map with the Fx hash.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// A hash set with the Fx hash.
pub type FastSet<K> = rustc_hash::FxHashSet<K>;

/// A set of word signatures (first two bytes, last byte, length) in `64 × W` bits, kept inline:
/// a word whose signature is absent is certainly not among the words inserted, and that is
/// known without hashing the word. Most tokens of a text start no phrase of a given list; this
/// rejects them for the price of a few instructions. Small lists use a small `W` (one cache
/// line or less); the gazetteer and the stopword lists the default 4096 bits.
#[derive(Clone, Debug)]
pub struct WordFilter<const W: usize = 64> {
    bits: [u64; W],
}

impl<const W: usize> Default for WordFilter<W> {
    fn default() -> Self {
        WordFilter { bits: [0; W] }
    }
}

impl<const W: usize> WordFilter<W> {
    const BITS: u32 = (W * 64).trailing_zeros();

    #[inline]
    fn signature(word: &str) -> usize {
        let b = word.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return 0 };
        let second = b.get(1).copied().unwrap_or(0);
        let key = first as u64 | (second as u64) << 8 | (last as u64) << 16 | (b.len() as u64) << 24;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    pub fn insert(&mut self, word: &str) {
        let s = Self::signature(word);
        self.bits[s >> 6] |= 1 << (s & 63);
    }

    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        let s = Self::signature(word);
        self.bits[s >> 6] & (1 << (s & 63)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::{ByFirstByte, WordFilter};

    #[test]
    fn prefixes_are_offered_to_words_that_begin_like_them() {
        let mut ix = ByFirstByte::default();
        ix.insert("declar", 1);
        ix.insert("dement", 2);
        ix.insert("dement", 2);
        ix.insert("annonc", 3);
        let got: Vec<i32> = ix.candidates("declare").copied().collect();
        assert_eq!(got, vec![1, 2], "same first byte, the repeated entry once");
        assert!(!ix.may_fit("refuse"));
        ix.insert("", 4);
        assert!(ix.may_fit("refuse"));
        assert_eq!(ix.candidates("refuse").copied().collect::<Vec<_>>(), vec![4]);
        assert!(ByFirstByte::<i32>::default().is_empty());
    }

    #[test]
    fn filter_keeps_every_inserted_word() {
        let mut f: WordFilter = WordFilter::default();
        let words = ["le", "la", "appel", "cessez-le-feu", "l'", "a", "é"];
        for w in words {
            f.insert(w);
        }
        assert!(words.iter().all(|w| f.may_contain(w)));
        // Not a proof of absence for all words, but these differ in every part of the signature.
        assert!(!f.may_contain("zzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
        assert!(!WordFilter::<64>::default().may_contain("le"));
    }
}

/// A set of words looked up for every token: a hash set behind a `WordFilter`, so that most
/// tokens, which are not in the set, are rejected without hashing.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    words: FastSet<String>,
    filter: WordFilter,
}

impl WordSet {
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.filter.may_contain(word) && self.words.contains(word)
    }
    pub fn insert(&mut self, word: String) -> bool {
        self.filter.insert(&word);
        self.words.insert(word)
    }
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.words.iter()
    }
    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut set = WordSet::default();
        set.extend(iter);
        set
    }
}

impl Extend<String> for WordSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for w in iter {
            self.insert(w);
        }
    }
}

/// A map from words looked up for every token, with the same filter in front.
#[derive(Clone, Debug)]
pub struct WordMap<V> {
    map: FastMap<String, V>,
    filter: WordFilter,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { map: FastMap::default(), filter: WordFilter::default() }
    }
}

impl<V> WordMap<V> {
    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        if self.filter.may_contain(word) { self.map.get(word) } else { None }
    }
    #[inline]
    pub fn contains_key(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.map.iter()
    }
}

impl<V> IntoIterator for WordMap<V> {
    type Item = (String, V);
    type IntoIter = std::collections::hash_map::IntoIter<String, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.into_iter()
    }
}

impl<V> FromIterator<(String, V)> for WordMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = WordMap::default();
        for (k, v) in iter {
            m.filter.insert(&k);
            m.map.insert(k, v);
        }
        m
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for WordMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map: std::collections::HashMap<String, V> = serde::Deserialize::deserialize(d)?;
        Ok(map.into_iter().collect())
    }
}

/// Entries filed under the first byte of a prefix (`déclar*` under `d`), so that a word tries
/// only the prefixes that begin like it. An empty prefix fits every word.
#[derive(Clone, Debug)]
pub struct ByFirstByte<T> {
    /// Empty until the first entry, then one list per byte.
    lists: Vec<Vec<T>>,
    any: Vec<T>,
}

impl<T> Default for ByFirstByte<T> {
    fn default() -> Self {
        ByFirstByte { lists: Vec::new(), any: Vec::new() }
    }
}

impl<T: PartialEq> ByFirstByte<T> {
    /// Files `value` under `prefix` (an entry equal to the last one of its list is not repeated).
    pub fn insert(&mut self, prefix: &str, value: T) {
        let list = match prefix.as_bytes().first() {
            None => &mut self.any,
            Some(&b) => {
                if self.lists.is_empty() {
                    self.lists.resize_with(256, Vec::new);
                }
                &mut self.lists[b as usize]
            }
        };
        if list.last() != Some(&value) {
            list.push(value);
        }
    }
}

impl<T> ByFirstByte<T> {
    fn list(&self, word: &str) -> &[T] {
        match word.as_bytes().first() {
            Some(&b) if !self.lists.is_empty() => &self.lists[b as usize],
            _ => &[],
        }
    }

    /// The entries whose prefix may begin `word` (the caller checks the whole prefix).
    #[inline]
    pub fn candidates<'s>(&'s self, word: &str) -> impl Iterator<Item = &'s T> {
        self.list(word).iter().chain(&self.any)
    }

    /// False when no entry can fit `word`.
    #[inline]
    pub fn may_fit(&self, word: &str) -> bool {
        !self.any.is_empty() || !self.list(word).is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.any.is_empty() && self.lists.iter().all(|l| l.is_empty())
    }
}
