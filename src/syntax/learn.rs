//! Hashed features and linear classifiers: the averaged perceptron used while training and the
//! frozen weight table used at run time.
//!
//! A feature is a `u64`: a template number and the values it combines, mixed by [`mix`]. Each
//! feature that ever took part in an update owns one contiguous row of class weights, found
//! through an open-addressing table keyed by the feature. Scoring a decision is one probe and one
//! row addition per feature; nothing is allocated.

use crate::fasthash::FastMap;

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Combines a hash with one more value (the Fx step).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Starts a feature of template `t`.
#[inline]
pub fn tpl(t: u64) -> u64 {
    mix(0x9e37_79b9_7f4a_7c15, t)
}

/// Hash of a string (FNV-1a, then one Fx round so that short strings spread).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, s.len() as u64)
}

/// Tables keep 32 bits of each feature: with under a few million rows, a stray match is rare
/// and costs one wrong row addition, while the table is half the size.
#[inline]
pub fn fold32(key: u64) -> u32 {
    ((key >> 32) as u32 ^ key as u32).max(1)
}

#[inline]
fn slot_of(key: u32, mask: usize) -> usize {
    ((key as u64).wrapping_mul(K) >> 24) as usize & mask
}

/// Frozen weights: feature → row of `width` class weights (rows of one table may have
/// different widths; the caller knows each row's width from its feature).
pub struct Table {
    mask: usize,
    keys: Vec<u32>,
    offsets: Vec<u32>,
    pub weights: Vec<f32>,
}

impl Table {
    /// `rows`: (folded feature, offset into `weights`). Key 0 marks empty slots.
    pub fn new(rows: &[(u32, u32)], weights: Vec<f32>) -> Table {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut keys = vec![0u32; cap];
        let mut offsets = vec![0u32; cap];
        for &(k, off) in rows {
            let k = k.max(1);
            let mut i = slot_of(k, mask);
            while keys[i] != 0 {
                if keys[i] == k {
                    break;
                }
                i = (i + 1) & mask;
            }
            keys[i] = k;
            offsets[i] = off;
        }
        Table { mask, keys, offsets, weights }
    }

    #[inline]
    pub fn row(&self, key: u64, width: usize) -> Option<&[f32]> {
        let k = fold32(key);
        let mut i = slot_of(k, self.mask);
        loop {
            let s = self.keys[i];
            if s == k {
                let o = self.offsets[i] as usize;
                return Some(&self.weights[o..o + width]);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the rows of `feats` into `scores` (of the row width).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let w = scores.len();
        for &f in feats {
            if let Some(r) = self.row(f, w) {
                for (s, x) in scores.iter_mut().zip(r) {
                    *s += x;
                }
            }
        }
    }

    pub fn rows(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }
}

/// Averaged perceptron under training.
pub struct Learner {
    index: FastMap<u32, (u32, u32)>,
    w: Vec<f32>,
    /// Sum of `time × update`, for the averaged weights (`w - acc / time`).
    acc: Vec<f64>,
    pub time: u64,
}

impl Default for Learner {
    fn default() -> Self {
        Learner { index: FastMap::default(), w: Vec::new(), acc: Vec::new(), time: 1 }
    }
}

impl Learner {
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&(o, w)) = self.index.get(&fold32(*f)) {
                let (o, w) = (o as usize, (w as usize).min(scores.len()));
                for (s, x) in scores[..w].iter_mut().zip(&self.w[o..o + w]) {
                    *s += x;
                }
            }
        }
    }

    pub fn rows(&self) -> usize {
        self.index.len()
    }

    fn row(&mut self, f: u64, width: usize) -> usize {
        let len = self.w.len();
        let (o, _) = *self.index.entry(fold32(f)).or_insert_with(|| (len as u32, width as u32));
        if o as usize == len {
            self.w.resize(len + width, 0.0);
            self.acc.resize(len + width, 0.0);
        }
        o as usize
    }

    /// One mistake: `gold` up, `pred` down, for rows of `width` classes.
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize, width: usize) {
        let t = self.time as f64;
        for &f in feats {
            let o = self.row(f, width);
            self.w[o + gold] += 1.0;
            self.acc[o + gold] += t;
            self.w[o + pred] -= 1.0;
            self.acc[o + pred] -= t;
        }
    }

    /// Averaged weights, rows whose largest weight is below `min` dropped, quantised to `i16`
    /// with one scale for the table. Returns (feature, width) rows (each row follows the previous one), weights and scale.
    pub fn finish(&self, min: f32) -> (Vec<(u32, u16)>, Vec<i16>, f32) {
        let t = self.time as f64;
        let mut keys: Vec<(&u32, &(u32, u32))> = self.index.iter().collect();
        keys.sort();
        let avg = |i: usize| (self.w[i] as f64 - self.acc[i] / t) as f32;
        let mut max = 0f32;
        for i in 0..self.w.len() {
            max = max.max(avg(i).abs());
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows = Vec::new();
        let mut out = Vec::new();
        for (&k, &(o, w)) in keys {
            let (o, w) = (o as usize, w as usize);
            let vals: Vec<f32> = (o..o + w).map(avg).collect();
            if vals.iter().all(|v| v.abs() < min) {
                continue;
            }
            let q: Vec<i16> = vals.iter().map(|v| (v / scale).round().clamp(-32767.0, 32767.0) as i16).collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            rows.push((k, w as u16));
            out.extend(q);
        }
        (rows, out, scale)
    }
}

/// Deterministic pseudo-random numbers for shuffling and exploration (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}
