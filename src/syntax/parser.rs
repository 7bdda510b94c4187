//! Dependency parsing: the arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta
//! 2011), greedy, with an averaged perceptron choosing among SHIFT, LEFT and RIGHT and a second
//! one labelling each arc as it is made (the dependent's subtree is complete at that moment,
//! so its children's labels are known). Training follows Goldberg & Nivre's dynamic oracle.
//!
//! Words are numbered from 1; 0 is the root, which sits at the bottom of the stack and takes
//! exactly one dependent, the last one, when the buffer is empty.

use super::learn::{mix, tpl};
use super::tagger::Lex;

pub const SHIFT: usize = 0;
pub const LEFT: usize = 1;
pub const RIGHT: usize = 2;
pub const ACTIONS: usize = 3;

/// What the parser sees of a word (index 0 = root).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tok {
    pub word: u64,
    pub tag: u64,
    /// Feature bundle (a few morphological features matter: VerbForm, Mood, Number…).
    pub morph: u64,
}

pub fn toks(lex: &[Lex], tags: &[u8], bundles: &[u16]) -> Vec<Tok> {
    let mut v = Vec::with_capacity(lex.len() + 1);
    v.push(Tok { word: 0x524f_4f54, tag: 200, morph: 200 });
    for i in 0..lex.len() {
        v.push(Tok { word: lex[i].lower, tag: tags[i] as u64, morph: bundles[i] as u64 });
    }
    v
}

const NONE: Tok = Tok { word: 0x4e4f_4e45, tag: 201, morph: 201 };

pub struct State {
    pub stack: Vec<usize>,
    /// Next word of the buffer; `n + 1` when the buffer is empty.
    pub b: usize,
    pub n: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    /// Labels of left and right dependents, as bit sets.
    ll: Vec<u64>,
    rl: Vec<u64>,
}

pub const NO_LABEL: u16 = u16::MAX;

impl State {
    pub fn new(n: usize) -> State {
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        let z = vec![0usize; n + 2];
        State {
            stack,
            b: 1,
            n,
            heads: vec![usize::MAX; n + 1],
            labels: vec![NO_LABEL; n + 1],
            lc1: z.clone(),
            lc2: z.clone(),
            rc1: z.clone(),
            rc2: z,
            nl: vec![0; n + 2],
            nr: vec![0; n + 2],
            ll: vec![0; n + 2],
            rl: vec![0; n + 2],
        }
    }

    pub fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    pub fn valid(&self, a: usize) -> bool {
        let s = self.stack.len();
        match a {
            SHIFT => self.b <= self.n,
            LEFT => s >= 2 && self.b <= self.n,
            _ => s >= 3 || (s == 2 && self.b > self.n),
        }
    }

    /// The arc an action would make: (head, dependent).
    pub fn arc(&self, a: usize) -> Option<(usize, usize)> {
        let s = self.stack.len();
        match a {
            LEFT => Some((self.b, self.stack[s - 1])),
            RIGHT => Some((self.stack[s - 2], self.stack[s - 1])),
            _ => None,
        }
    }

    pub fn apply(&mut self, a: usize, label: u16) {
        if a == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(a).expect("arc action");
        self.stack.pop();
        self.heads[d] = h;
        self.labels[d] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            if self.lc1[h] == 0 || d < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d;
            } else if self.lc2[h] == 0 || d < self.lc2[h] {
                self.lc2[h] = d;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.ll[h] |= bit;
        } else {
            if self.rc1[h] == 0 || d > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
            } else if self.rc2[h] == 0 || d > self.rc2[h] {
                self.rc2[h] = d;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rl[h] |= bit;
        }
    }

    fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|i| self.stack[i])
    }

    fn buf(&self, k: usize) -> Option<usize> {
        let i = self.b + k;
        (i <= self.n).then_some(i)
    }

    fn lab(&self, i: usize) -> u64 {
        if i == 0 {
            999
        } else {
            self.labels[i] as u64
        }
    }

    /// Dynamic-oracle cost of each action against gold heads (Goldberg & Nivre 2013): how
    /// many gold arcs still reachable it makes unreachable.
    pub fn costs(&self, gold: &[usize]) -> [usize; ACTIONS] {
        let mut c = [usize::MAX; ACTIONS];
        let s = self.stack.len();
        let s0 = self.stack[s - 1];
        let in_buf = |x: usize| x >= self.b && x <= self.n;
        if self.valid(SHIFT) {
            let b0 = self.b;
            let mut k = 0;
            for &x in &self.stack {
                if x != 0 && gold[x] == b0 {
                    k += 1;
                }
                if x != s0 && gold[b0] == x {
                    k += 1;
                }
            }
            c[SHIFT] = k;
        }
        let deps_in_buf = || (self.b..=self.n).filter(|&d| gold[d] == s0).count();
        if self.valid(LEFT) {
            let h = gold[s0];
            let lost_head = (in_buf(h) && h != self.b) || (s >= 2 && h == self.stack[s - 2]);
            c[LEFT] = deps_in_buf() + lost_head as usize;
        }
        if self.valid(RIGHT) {
            c[RIGHT] = deps_in_buf() + in_buf(gold[s0]) as usize;
        }
        c
    }
}

fn dist(a: usize, b: usize) -> u64 {
    let d = a.abs_diff(b);
    if d <= 4 {
        d as u64
    } else if d <= 7 {
        5
    } else {
        6
    }
}

/// Features of a configuration for the transition classifier.
pub fn features(st: &State, t: &[Tok], f: &mut Vec<u64>) {
    f.clear();
    let get = |i: Option<usize>| i.map(|i| t[i]).unwrap_or(NONE);
    let child = |v: &Vec<usize>, i: Option<usize>| i.and_then(|i| (v[i] != 0).then(|| v[i]));
    let (s0i, s1i, s2i, b0i, b1i, b2i) = (st.s(0), st.s(1), st.s(2), st.buf(0), st.buf(1), st.buf(2));
    let (s0, s1, s2, b0, b1, b2) = (get(s0i), get(s1i), get(s2i), get(b0i), get(b1i), get(b2i));
    let s0l = child(&st.lc1, s0i);
    let s0r = child(&st.rc1, s0i);
    let s0l2 = child(&st.lc2, s0i);
    let s0r2 = child(&st.rc2, s0i);
    let s1l = child(&st.lc1, s1i);
    let s1r = child(&st.rc1, s1i);
    let b0l = child(&st.lc1, b0i);
    let b0l2 = child(&st.lc2, b0i);
    let (s0l_t, s0r_t, s1r_t, b0l_t, s1l_t) = (get(s0l).tag, get(s0r).tag, get(s1r).tag, get(b0l).tag, get(s1l).tag);
    let lab = |i: Option<usize>| i.map(|i| st.lab(i)).unwrap_or(998);
    let d = match (s0i, b0i) {
        (Some(a), Some(b)) if a != 0 => dist(a, b),
        _ => 7,
    };
    let d10 = match (s1i, s0i) {
        (Some(a), Some(b)) if a != 0 => dist(a, b),
        _ => 7,
    };
    let vl = |i: Option<usize>| i.map(|i| st.nl[i] as u64).unwrap_or(9);
    let vr = |i: Option<usize>| i.map(|i| st.nr[i] as u64).unwrap_or(9);
    let set = |v: &Vec<u64>, i: Option<usize>| i.map(|i| v[i]).unwrap_or(1 << 63);
    let mut n = 0u64;
    let mut p1 = |f: &mut Vec<u64>, a: u64| {
        n += 1;
        f.push(mix(tpl(300 + n), a));
    };
    // Single words.
    p1(f, s0.word);
    p1(f, s0.tag);
    p1(f, mix(s0.word, s0.tag));
    p1(f, s1.word);
    p1(f, s1.tag);
    p1(f, mix(s1.word, s1.tag));
    p1(f, b0.word);
    p1(f, b0.tag);
    p1(f, mix(b0.word, b0.tag));
    p1(f, b1.word);
    p1(f, b1.tag);
    p1(f, mix(b1.word, b1.tag));
    p1(f, b2.tag);
    p1(f, s2.tag);
    p1(f, mix(s0.tag, s0.morph));
    p1(f, mix(b0.tag, b0.morph));
    p1(f, mix(s1.tag, s1.morph));
    // Pairs.
    p1(f, mix(mix(mix(s0.word, s0.tag), b0.word), b0.tag));
    p1(f, mix(mix(mix(s0.word, s0.tag), b0.word), 1));
    p1(f, mix(mix(s0.word, b0.word), b0.tag));
    p1(f, mix(mix(mix(s0.word, s0.tag), b0.tag), 2));
    p1(f, mix(mix(s0.tag, b0.word), b0.tag));
    p1(f, mix(s0.word, b0.word));
    p1(f, mix(s0.tag, b0.tag));
    p1(f, mix(b0.tag, b1.tag));
    p1(f, mix(mix(s1.tag, s0.tag), 3));
    p1(f, mix(mix(s1.word, s0.word), 4));
    p1(f, mix(mix(s1.word, s0.tag), 5));
    p1(f, mix(mix(s1.tag, s0.word), 6));
    p1(f, mix(mix(s0.tag, s0.morph), b0.tag));
    p1(f, mix(mix(s0.tag, b0.morph), b0.tag));
    p1(f, mix(mix(s1.tag, s1.morph), s0.tag));
    // Triples of tags.
    p1(f, mix(mix(b0.tag, b1.tag), b2.tag));
    p1(f, mix(mix(s0.tag, b0.tag), b1.tag));
    p1(f, mix(mix(s1.tag, s0.tag), b0.tag));
    p1(f, mix(mix(s2.tag, s1.tag), s0.tag));
    p1(f, mix(mix(s0.tag, s0l_t), b0.tag));
    p1(f, mix(mix(s0.tag, s0r_t), b0.tag));
    p1(f, mix(mix(s0.tag, b0.tag), b0l_t));
    p1(f, mix(mix(s1.tag, s1r_t), s0.tag));
    p1(f, mix(mix(s1.tag, s0.tag), s0r_t));
    p1(f, mix(mix(s1.tag, s1l_t), s0.tag));
    p1(f, mix(mix(s1.tag, s0.tag), s0l_t));
    // Distance and valency.
    p1(f, mix(s0.word, d));
    p1(f, mix(s0.tag, d));
    p1(f, mix(b0.word, d));
    p1(f, mix(b0.tag, d));
    p1(f, mix(mix(mix(s0.word, b0.word), d), 7));
    p1(f, mix(mix(s0.tag, b0.tag), d));
    p1(f, mix(mix(s1.tag, s0.tag), d10));
    p1(f, mix(mix(s0.word, vr(s0i)), 8));
    p1(f, mix(mix(s0.tag, vr(s0i)), 9));
    p1(f, mix(mix(s0.word, vl(s0i)), 10));
    p1(f, mix(mix(s0.tag, vl(s0i)), 11));
    p1(f, mix(mix(b0.word, vl(b0i)), 12));
    p1(f, mix(mix(b0.tag, vl(b0i)), 13));
    p1(f, mix(mix(s1.tag, vr(s1i)), 14));
    // Children and their labels.
    p1(f, get(s0l).word);
    p1(f, s0l_t);
    p1(f, lab(s0l));
    p1(f, get(s0r).word);
    p1(f, s0r_t);
    p1(f, lab(s0r));
    p1(f, get(s0l2).tag);
    p1(f, lab(s0l2));
    p1(f, get(s0r2).tag);
    p1(f, lab(s0r2));
    p1(f, get(b0l).word);
    p1(f, b0l_t);
    p1(f, lab(b0l));
    p1(f, get(b0l2).tag);
    p1(f, lab(b0l2));
    p1(f, lab(s1r));
    p1(f, mix(mix(s0.tag, lab(s0l)), lab(s0l2)));
    p1(f, mix(mix(s0.tag, lab(s0r)), lab(s0r2)));
    p1(f, mix(mix(b0.tag, lab(b0l)), lab(b0l2)));
    p1(f, mix(mix(s0.word, set(&st.rl, s0i)), 15));
    p1(f, mix(mix(s0.tag, set(&st.rl, s0i)), 16));
    p1(f, mix(mix(s0.word, set(&st.ll, s0i)), 17));
    p1(f, mix(mix(s0.tag, set(&st.ll, s0i)), 18));
    p1(f, mix(mix(b0.word, set(&st.ll, b0i)), 19));
    p1(f, mix(mix(b0.tag, set(&st.ll, b0i)), 20));
    p1(f, mix(mix(mix(s0.tag, b0.tag), set(&st.ll, b0i)), 21));
    p1(f, mix(mix(mix(s1.tag, s0.tag), set(&st.rl, s1i)), 22));
    // Is the buffer empty (root attachment only then)?
    p1(f, mix(mix(s0.tag, (b0i.is_none()) as u64), st.stack.len().min(4) as u64));
}

/// Features for the label of the arc head → dep about to be made.
pub fn label_features(st: &State, t: &[Tok], h: usize, d: usize, f: &mut Vec<u64>) {
    f.clear();
    let (ht, dt) = (t[h], t[d]);
    let dir = if h == 0 {
        2
    } else {
        (d < h) as u64
    };
    let dd = if h == 0 { 8 } else { dist(h, d) };
    let get = |i: usize| if i == 0 || i > st.n { NONE } else { t[i] };
    let (dl, dr) = (st.lc1[d], st.rc1[d]);
    let lab = |i: usize| if i == 0 { 998 } else { st.lab(i) };
    let mut n = 0u64;
    let mut p = |f: &mut Vec<u64>, a: u64| {
        n += 1;
        f.push(mix(tpl(500 + n), a));
    };
    p(f, 0);
    p(f, dt.word);
    p(f, dt.tag);
    p(f, mix(dt.tag, dt.morph));
    p(f, ht.word);
    p(f, ht.tag);
    p(f, mix(ht.tag, ht.morph));
    p(f, mix(dir, dd));
    p(f, mix(mix(ht.tag, dt.tag), dir));
    p(f, mix(mix(mix(ht.tag, dt.tag), dir), dd));
    p(f, mix(mix(ht.word, dt.tag), dir));
    p(f, mix(mix(ht.tag, dt.word), dir));
    p(f, mix(mix(ht.word, dt.word), dir));
    p(f, mix(mix(mix(ht.tag, ht.morph), dt.tag), dir));
    p(f, mix(mix(mix(dt.tag, dt.morph), ht.tag), dir));
    p(f, mix(mix(dt.word, dt.tag), dir));
    p(f, mix(mix(dt.tag, get(dl).word), dir));
    p(f, mix(mix(get(dl).word, ht.tag), dir));
    p(f, mix(mix(dt.tag, lab(dl)), dir));
    p(f, mix(mix(dt.tag, lab(dr)), dir));
    p(f, mix(mix(dt.tag, st.ll[d]), dir));
    p(f, mix(mix(dt.tag, st.rl[d]), 3));
    p(f, mix(mix(mix(ht.tag, st.ll[h]), dt.tag), dir));
    p(f, mix(mix(ht.tag, st.rl[h]), dir));
    p(f, mix(mix(mix(ht.tag, lab(st.lc1[h])), dt.tag), dir));
    p(f, mix(mix(get(d.wrapping_sub(1)).tag, dt.tag), dir));
    p(f, mix(mix(get(d + 1).tag, dt.tag), dir));
    p(f, mix(mix(mix(get(dl).word, dt.tag), ht.word), dir));
    p(f, mix(mix(dt.tag, st.nl[d] as u64 * 16 + st.nr[d] as u64), dir));
    p(f, mix(mix(mix(dt.word, ht.tag), get(dl).tag), dir));
}

/// Lifts non-projective arcs (the dependent goes to its head's head) until the tree is
/// projective, as the arc-hybrid system can only build projective trees.
pub fn projectivise(heads: &mut [usize]) {
    // heads[0] unused; heads[i] for words 1..=n.
    let n = heads.len() - 1;
    for _ in 0..n * 2 {
        let mut changed = false;
        for d in 1..=n {
            let h = heads[d];
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            // Every word strictly between must be dominated by h.
            let nonproj = (a + 1..b).any(|k| !dominated(heads, k, h));
            if nonproj && h != 0 {
                heads[d] = heads[h];
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn dominated(heads: &[usize], mut k: usize, h: usize) -> bool {
    for _ in 0..heads.len() {
        if k == h {
            return true;
        }
        if k == 0 {
            return false;
        }
        k = heads[k];
    }
    false
}
