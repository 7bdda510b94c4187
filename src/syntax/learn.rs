//! Hashed features and linear classifiers: the averaged perceptron used while training and the
//! frozen weight table used at run time.
//!
//! A feature is a `u64`: a template number and the values it combines, mixed by [`mix`]. Each
//! feature that ever took part in an update owns one contiguous row of class weights, found
//! through an open-addressing table keyed by the feature. Scoring a decision is one probe and one
//! row addition per feature, the probes of a decision's features prefetched together; nothing is
//! allocated.

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

/// Home slot of a folded feature in a table of `cap` slots (any size: multiply-shift).
#[inline]
fn slot_of(key: u32, cap: usize) -> usize {
    let h = (key as u64).wrapping_mul(K) >> 32;
    ((h * cap as u64) >> 32) as usize
}

/// One slot of a frozen table: a folded feature (0 = empty) and where its row starts.
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct Slot {
    key: u32,
    off: u32,
}

/// A slot that holds its row (tables whose rows have at most [`INLINE`] classes, such as the
/// parser's three transitions): one cache line per feature instead of two.
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct InlineSlot {
    key: u32,
    w: [i16; INLINE],
}

const INLINE: usize = 4;

/// Features scored per batch: their slots are prefetched together, so the cache misses of one
/// batch overlap instead of following one another.
const BATCH: usize = 32;

/// Slots per row: a load of about 0.6 keeps probes short (linear probing) and the table small.
fn capacity(rows: usize) -> usize {
    (rows * 5 / 3).max(16)
}

/// Frozen weights: feature → row of `width` class weights (rows of one table may have
/// different widths; the caller knows each row's width from its feature). Weights stay the
/// quantised `i16` of the model file (half the memory of `f32`, so more of the table stays in
/// cache); each is multiplied by the table's scale as it is added, in feature order, which gives
/// the very sums of `f32` weights.
pub struct Table {
    /// Key and offset side by side (empty when the rows are inline).
    slots: Vec<Slot>,
    /// Key and row side by side, for narrow tables.
    inline: Vec<InlineSlot>,
    pub weights: Vec<i16>,
    pub scale: f32,
}

#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it never faults and reads no value, and `p` is a reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Linear probing over `keys` from the home slot of `k`: the slot holding `k`, if any.
#[inline]
fn probe(len: usize, k: u32, mut i: usize, key_at: impl Fn(usize) -> u32) -> Option<usize> {
    loop {
        let s = key_at(i);
        if s == k {
            return Some(i);
        }
        if s == 0 {
            return None;
        }
        i += 1;
        if i == len {
            i = 0;
        }
    }
}

impl Table {
    /// `rows`: (folded feature, offset into `weights`, width). Key 0 marks empty slots.
    pub fn new(rows: &[(u32, u32, u16)], weights: Vec<i16>, scale: f32) -> Table {
        let cap = capacity(rows.len());
        let narrow = rows.iter().all(|&(_, _, w)| w as usize <= INLINE);
        let mut t = Table { slots: Vec::new(), inline: Vec::new(), weights: Vec::new(), scale };
        if narrow {
            t.inline = vec![InlineSlot::default(); cap];
        } else {
            t.slots = vec![Slot::default(); cap];
        }
        for &(k, off, w) in rows {
            let k = k.max(1);
            let mut i = slot_of(k, cap);
            loop {
                let s = if narrow { t.inline[i].key } else { t.slots[i].key };
                if s == 0 || s == k {
                    break;
                }
                i = if i + 1 == cap { 0 } else { i + 1 };
            }
            if narrow {
                let mut row = [0i16; INLINE];
                let (o, w) = (off as usize, w as usize);
                row[..w].copy_from_slice(&weights[o..o + w]);
                t.inline[i] = InlineSlot { key: k, w: row };
            } else {
                t.slots[i] = Slot { key: k, off };
            }
        }
        if !narrow {
            t.weights = weights;
        }
        t
    }

    #[inline]
    pub fn row(&self, key: u64, width: usize) -> Option<&[i16]> {
        let k = fold32(key);
        if !self.inline.is_empty() {
            let n = self.inline.len();
            let i = probe(n, k, slot_of(k, n), |i| self.inline[i].key)?;
            return self.inline[i].w.get(..width);
        }
        let n = self.slots.len();
        let i = probe(n, k, slot_of(k, n), |i| self.slots[i].key)?;
        let o = self.slots[i].off as usize;
        self.weights.get(o..o + width)
    }

    /// Prefetches the home slots of `feats`, to be scored a little later.
    #[inline]
    pub fn prefetch(&self, feats: &[u64]) {
        if !self.inline.is_empty() {
            let n = self.inline.len();
            feats.iter().for_each(|&f| prefetch(&self.inline[slot_of(fold32(f), n)]));
        } else {
            let n = self.slots.len();
            feats.iter().for_each(|&f| prefetch(&self.slots[slot_of(fold32(f), n)]));
        }
    }

    /// Adds the rows of `feats` into `scores` (of the row width). In batches: first every
    /// slot is prefetched, then probed and its row prefetched, then the rows are added.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let scale = self.scale;
        let w = scores.len();
        let mut at = [0usize; BATCH];
        let mut keys = [0u32; BATCH];
        if !self.inline.is_empty() {
            let n = self.inline.len();
            if w > INLINE {
                return;
            }
            for chunk in feats.chunks(BATCH) {
                for (j, &f) in chunk.iter().enumerate() {
                    let k = fold32(f);
                    let i = slot_of(k, n);
                    keys[j] = k;
                    at[j] = i;
                    prefetch(&self.inline[i]);
                }
                for j in 0..chunk.len() {
                    if let Some(i) = probe(n, keys[j], at[j], |i| self.inline[i].key) {
                        for (s, &x) in scores.iter_mut().zip(&self.inline[i].w[..w]) {
                            *s += x as f32 * scale;
                        }
                    }
                }
            }
            return;
        }
        let n = self.slots.len();
        for chunk in feats.chunks(BATCH) {
            for (j, &f) in chunk.iter().enumerate() {
                let k = fold32(f);
                let i = slot_of(k, n);
                keys[j] = k;
                at[j] = i;
                prefetch(&self.slots[i]);
            }
            for j in 0..chunk.len() {
                at[j] = match probe(n, keys[j], at[j], |i| self.slots[i].key) {
                    Some(i) => {
                        let o = self.slots[i].off as usize;
                        if o + w <= self.weights.len() {
                            prefetch(&self.weights[o]);
                            if w > 32 {
                                prefetch(&self.weights[o + w - 1]);
                            }
                            o
                        } else {
                            usize::MAX
                        }
                    }
                    None => usize::MAX,
                };
            }
            for &o in &at[..chunk.len()] {
                if o != usize::MAX {
                    for (s, &x) in scores.iter_mut().zip(&self.weights[o..o + w]) {
                        *s += x as f32 * scale;
                    }
                }
            }
        }
    }

    pub fn rows(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count() + self.inline.iter().filter(|s| s.key != 0).count()
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
