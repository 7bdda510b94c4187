//! Training a model from CoNLL-U treebanks (`newskg train-syntax`), deterministic for a given
//! set of files: fixed seed, sorted tables.

use super::conllu::{self, Block};
use super::learn::{hash_str, Learner, Rng};
use super::lemma;
use super::model::{argmax, Model, ModelData, QTable};
use super::parser::{self, State, ACTIONS, LEFT, RIGHT};
use super::tagger::{self, Lex, NO_TAG};
use super::{Upos, UPOS_COUNT};
use crate::error::{Error, Result};
use crate::fasthash::FastMap;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Options {
    pub lang: String,
    pub train: Vec<PathBuf>,
    pub dev: Vec<PathBuf>,
    pub out: PathBuf,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub seed: u64,
    /// Rows whose averaged weights all stay below this are dropped (tagger, parser).
    pub prune_tagger: f32,
    pub prune: f32,
}

/// A training sentence with gold analyses in model ids.
struct Sent {
    forms: Vec<String>,
    lex: Vec<Lex>,
    tags: Vec<u8>,
    bundles: Vec<u16>,
    heads: Vec<usize>,
    labels: Vec<u16>,
}

fn log(msg: &str) {
    eprintln!("train-syntax: {msg}");
}

fn read_all(paths: &[PathBuf]) -> Result<Vec<Block>> {
    let mut v = Vec::new();
    for p in paths {
        v.extend(conllu::read_file(p)?);
    }
    Ok(v)
}

pub fn train(o: &Options) -> Result<()> {
    let train = read_all(&o.train)?;
    let dev = read_all(&o.dev)?;
    if train.is_empty() {
        return Err(Error::Usage("train-syntax: no training sentences".into()));
    }
    log(&format!("{} training sentences, {} dev sentences", train.len(), dev.len()));
    let data = build(&train, &dev, o)?;
    let bytes = data.to_bytes();
    if let Some(dir) = o.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
    }
    std::fs::write(&o.out, &bytes).map_err(|e| Error::io(o.out.display(), e))?;
    log(&format!("wrote {} ({} bytes)", o.out.display(), bytes.len()));
    if !dev.is_empty() {
        let m = Model::from_bytes(&bytes)?;
        let s = evaluate(&m, &dev)?;
        log(&format!(
            "dev (saved model): UPOS {:.2} UFeats {:.2} Lemma {:.2} UAS {:.2} LAS {:.2} (full labels {:.2}) over {} words",
            s.upos, s.ufeats, s.lemma, s.uas, s.las, s.las_full, s.words
        ));
    }
    Ok(())
}

/// Parses every sentence of `gold` on its own words and scores it.
pub fn evaluate(m: &Model, gold: &[Block]) -> Result<conllu::Scores> {
    let sys: Vec<Block> = gold
        .iter()
        .map(|b| {
            let forms: Vec<&str> = b.words.iter().map(|w| w.form.as_str()).collect();
            let mut out = b.clone();
            m.analyse(&forms).fill_block(&mut out);
            out
        })
        .collect();
    conllu::score(gold, &sys)
}

fn build(train: &[Block], dev: &[Block], o: &Options) -> Result<ModelData> {
    let mut d = ModelData { lang: o.lang.clone(), ..Default::default() };
    // Labels and bundles, in a fixed order.
    let labels: Vec<String> = {
        let set: std::collections::BTreeSet<&str> = train.iter().flat_map(|b| b.words.iter().map(|w| w.deprel.as_str())).collect();
        let mut v: Vec<String> = set.into_iter().map(str::to_string).collect();
        if !v.iter().any(|l| l == "root") {
            v.push("root".into());
        }
        v
    };
    let label_id: FastMap<&str, u16> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
    let mut bundle_set: BTreeMap<String, usize> = BTreeMap::new();
    for b in train {
        for w in &b.words {
            *bundle_set.entry(norm_feats(&w.feats)).or_default() += 1;
        }
    }
    bundle_set.entry(String::new()).or_default();
    let mut bundles: Vec<String> = vec![String::new()];
    bundles.extend(bundle_set.keys().filter(|k| !k.is_empty()).cloned());
    let bundle_id: FastMap<String, u16> = bundles.iter().enumerate().map(|(i, b)| (b.clone(), i as u16)).collect();

    let to_sent = |b: &Block| -> Sent {
        let mut scratch = String::new();
        Sent {
            forms: b.words.iter().map(|w| w.form.clone()).collect(),
            lex: b.words.iter().map(|w| tagger::lex_of(&w.form, &mut scratch)).collect(),
            tags: b.words.iter().map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X).index() as u8).collect(),
            bundles: b.words.iter().map(|w| bundle_id.get(&norm_feats(&w.feats)).copied().unwrap_or(0)).collect(),
            heads: std::iter::once(0).chain(b.words.iter().map(|w| w.head)).collect(),
            labels: std::iter::once(0).chain(b.words.iter().map(|w| label_id.get(w.deprel.as_str()).copied().unwrap_or(0))).collect(),
        }
    };
    let sents: Vec<Sent> = train.iter().map(to_sent).collect();

    // Classes of each UPOS's bundle classifier.
    let mut bundles_of: Vec<Vec<u16>> = vec![Vec::new(); UPOS_COUNT];
    let mut lex_classes: BTreeMap<u64, std::collections::BTreeSet<u16>> = BTreeMap::new();
    let mut tag_counts: FastMap<u64, [u32; UPOS_COUNT]> = FastMap::default();
    let mut lem = lemma::Counts::default();
    for s in &sents {
        for i in 0..s.forms.len() {
            let u = s.tags[i] as usize;
            if !bundles_of[u].contains(&s.bundles[i]) {
                bundles_of[u].push(s.bundles[i]);
            }
            tag_counts.entry(s.lex[i].lower).or_insert([0; UPOS_COUNT])[u] += 1;
        }
    }
    bundles_of.iter_mut().for_each(|v| v.sort_unstable());
    for (b, s) in train.iter().zip(&sents) {
        for (i, w) in b.words.iter().enumerate() {
            let u = s.tags[i] as usize;
            let pos = bundles_of[u].binary_search(&s.bundles[i]).expect("bundle listed") as u16;
            lex_classes.entry(Model::lexb_key(s.lex[i].lower, u)).or_default().insert(pos);
            if w.lemma != "_" {
                lem.add(&w.form, &w.lemma, u, s.bundles[i]);
            }
        }
    }
    d.labels = labels.clone();
    d.bundles = bundles.clone();
    d.bundles_of = bundles_of.clone();
    // Tag dictionary: frequent words with one tag.
    let mut tagdict: Vec<(u64, u8)> = tag_counts
        .iter()
        .filter_map(|(&k, c)| {
            let total: u32 = c.iter().sum();
            let (best, &n) = c.iter().enumerate().max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))?;
            (total >= 20 && n as f64 >= 0.995 * total as f64).then_some((k, best as u8))
        })
        .collect();
    tagdict.sort_unstable();
    d.tagdict = tagdict;
    for (k, set) in &lex_classes {
        d.lexb.push((*k, d.lexb_data.len() as u32, set.len().min(255) as u8));
        d.lexb_data.extend(set.iter().take(255));
    }
    // Lemmas: most frequent per key; scripts kept when seen twice or short.
    let mut strs: BTreeMap<String, u32> = BTreeMap::new();
    let mut lemmas: Vec<(u64, String)> = lem
        .dict
        .iter()
        .map(|(&k, c)| (k, c.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|x| x.0.clone()).unwrap_or_default()))
        .collect();
    lemmas.sort_unstable();
    for (_, l) in &lemmas {
        let n = strs.len() as u32;
        strs.entry(l.clone()).or_insert(n);
    }
    let mut lemma_strs = vec![String::new(); strs.len()];
    for (s, &i) in &strs {
        lemma_strs[i as usize] = s.clone();
    }
    d.lemmas = lemmas.iter().map(|(k, l)| (*k, strs[l])).collect();
    d.lemma_strs = lemma_strs;
    let mut script_ids: BTreeMap<(u8, String), u32> = BTreeMap::new();
    let mut scripts: Vec<(u64, (u8, String))> = lem
        .scripts
        .iter()
        .filter_map(|(&k, c)| {
            let total: u32 = c.values().sum();
            let best = c.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            (total >= 2).then(|| (k, best.0.clone()))
        })
        .collect();
    scripts.sort_unstable();
    for (_, s) in &scripts {
        let n = script_ids.len() as u32;
        script_ids.entry(s.clone()).or_insert(n);
    }
    let mut script_list = vec![(0u8, String::new()); script_ids.len()];
    for (s, &i) in &script_ids {
        script_list[i as usize] = s.clone();
    }
    d.scripts = scripts.iter().map(|(k, s)| (*k, script_ids[s])).collect();
    d.script_list = script_list;
    // French `des`: contraction or article, by the word before.
    let mut des: BTreeMap<u64, (u32, u32)> = BTreeMap::new();
    let mut des_words: BTreeMap<u64, (u32, u32)> = BTreeMap::new();
    let (mut split, mut whole) = (0u32, 0u32);
    for b in train {
        let toks = surface_tokens(b);
        for (j, (t, is_multi, _)) in toks.iter().enumerate() {
            if t.to_lowercase() == "des" {
                let (word, tag) = match j.checked_sub(1).map(|p| &toks[p]) {
                    Some((w, _, u)) => (Some(hash_str(&w.to_lowercase())), Upos::parse(u).map(|u| u.index() as u8).unwrap_or(NO_TAG)),
                    None => (None, NO_TAG),
                };
                let mut keys = vec![super::model::des_tag_key(tag)];
                if let Some(w) = word {
                    keys.push(super::model::des_word_key(w));
                }
                for key in keys {
                    let map = if key == super::model::des_tag_key(tag) { &mut des } else { &mut des_words };
                    let e = map.entry(key).or_default();
                    if *is_multi {
                        e.0 += 1;
                    } else {
                        e.1 += 1;
                    }
                }
                if *is_multi {
                    split += 1;
                } else {
                    whole += 1;
                }
            }
        }
    }
    // Words seen 3 times with a clear majority; tags always.
    des.extend(des_words.into_iter().filter(|(_, (s, w))| s + w >= 3 && (*s >= 3 * w || *w >= 3 * s)));
    let default = split >= whole;
    d.des_default = default as u8;
    d.des = des.iter().filter(|(_, (s, w))| s != w).map(|(k, (s, w))| (*k, (s > w) as u8)).collect();

    let dev_sents: Vec<Sent> = dev.iter().map(to_sent).collect();
    let mut rng = Rng(o.seed.max(1));

    // UPOS tagger.
    let mut up = Learner::default();
    let mut f = Vec::new();
    let mut scores = [0f32; UPOS_COUNT];
    let mut order: Vec<usize> = (0..sents.len()).collect();
    for epoch in 0..o.tagger_epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut n) = (0, 0);
        for &si in &order {
            let s = &sents[si];
            let mut tags = vec![NO_TAG; s.forms.len()];
            for i in 0..s.forms.len() {
                tagger::upos_features(&s.lex, &tags, i, &mut f);
                up.score(&f, &mut scores);
                let p = argmax(&scores, |_| true);
                let g = s.tags[i] as usize;
                if p != g {
                    up.update(&f, g, p, UPOS_COUNT);
                }
                up.time += 1;
                ok += (p == g) as usize;
                n += 1;
                tags[i] = p as u8;
            }
        }
        log(&format!("tagger epoch {}: train UPOS {:.2}", epoch + 1, 100.0 * ok as f64 / n.max(1) as f64));
    }
    // Bundle classifiers (on gold UPOS, bundles to the left as predicted).
    let mut bl = Learner::default();
    let mut bscores = Vec::new();
    for epoch in 0..o.tagger_epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut n) = (0, 0);
        for &si in &order {
            let s = &sents[si];
            let mut out = vec![0u16; s.forms.len()];
            for i in 0..s.forms.len() {
                let u = s.tags[i] as usize;
                let classes = &bundles_of[u];
                let gold = classes.binary_search(&s.bundles[i]).expect("listed");
                // A word seen once stands for the unknown words: all classes are open to it.
                let seen = tag_counts.get(&s.lex[i].lower).map(|c| c.iter().sum::<u32>()).unwrap_or(0);
                let cand: Vec<usize> = if seen <= 1 { (0..classes.len()).collect() } else { d_lexb(&lex_classes, &s.lex[i], u) };
                let p = if classes.len() <= 1 || cand.len() == 1 {
                    cand.first().copied().unwrap_or(0)
                } else {
                    tagger::bundle_features(&s.lex, &s.tags, &out, i, &mut f);
                    bscores.resize(classes.len(), 0.0);
                    bl.score(&f, &mut bscores);
                    let p = cand.iter().copied().max_by(|&a, &b| bscores[a].total_cmp(&bscores[b]).then(b.cmp(&a))).unwrap_or(0);
                    if p != gold {
                        bl.update(&f, gold, p, classes.len());
                    }
                    bl.time += 1;
                    p
                };
                ok += (p == gold) as usize;
                n += 1;
                out[i] = classes[p];
            }
        }
        log(&format!("features epoch {}: train UFeats {:.2}", epoch + 1, 100.0 * ok as f64 / n.max(1) as f64));
    }
    d.tables[0] = qtable(&up, o.prune_tagger);
    d.tables[1] = qtable(&bl, o.prune_tagger);
    // The parser learns on the tags the tagger gives (as at run time), not on gold ones.
    let tagged = Model::from_data(&d);
    let mut psents: Vec<Sent> = Vec::with_capacity(sents.len());
    for s in sents {
        let tags = tagged.tag(&s.lex, &mut f);
        let bundles = tagged.bundles(&s.lex, &tags, &mut f);
        let mut heads = s.heads.clone();
        parser::projectivise(&mut heads);
        psents.push(Sent { tags, bundles, heads, ..s });
    }
    let mut tl = Learner::default();
    let mut ll = Learner::default();
    let nl = labels.len();
    let root_label = label_id["root"];
    let mut lscores = vec![0f32; nl];
    for epoch in 0..o.parser_epochs {
        rng.shuffle(&mut order);
        let (mut arcs_ok, mut arcs, mut lab_ok) = (0, 0, 0);
        for &si in &order {
            let s = &psents[si];
            let t = parser::toks(&s.lex, &s.tags, &s.bundles);
            let mut st = State::new(s.forms.len());
            let mut sc = [0f32; ACTIONS];
            while !st.terminal() {
                parser::features(&st, &t, &mut f);
                tl.score(&f, &mut sc);
                let costs = st.costs(&s.heads);
                let pred = argmax(&sc, |a| st.valid(a));
                let min = (0..ACTIONS).filter(|&a| st.valid(a)).map(|a| costs[a]).min().unwrap_or(0);
                let best = argmax(&sc, |a| st.valid(a) && costs[a] == min);
                if costs[pred] > min {
                    tl.update(&f, best, pred, ACTIONS);
                }
                tl.time += 1;
                let follow = if costs[pred] == min || (epoch > 0 && rng.chance(0.9)) { pred } else { best };
                let mut label = 0;
                if let Some((h, dd)) = st.arc(follow) {
                    if h == 0 {
                        label = root_label;
                    } else {
                        parser::label_features(&st, &t, h, dd, &mut f);
                        ll.score(&f, &mut lscores);
                        let p = argmax(&lscores, |l| l != root_label as usize);
                        label = p as u16;
                        if s.heads[dd] == h {
                            let g = s.labels[dd] as usize;
                            if p != g && g != root_label as usize {
                                ll.update(&f, g, p, nl);
                            }
                            ll.time += 1;
                            lab_ok += (p == g) as usize;
                            label = g as u16;
                        }
                    }
                    if follow == LEFT || follow == RIGHT {
                        arcs += 1;
                        arcs_ok += (s.heads[dd] == h) as usize;
                    }
                }
                st.apply(follow, label);
            }
        }
        log(&format!(
            "parser epoch {}: arcs followed correct {:.2}, labels {:.2}; {} + {} rows",
            epoch + 1,
            100.0 * arcs_ok as f64 / arcs.max(1) as f64,
            100.0 * lab_ok as f64 / arcs_ok.max(1) as f64,
            tl.rows(),
            ll.rows()
        ));
        if !dev_sents.is_empty() && (epoch + 1) % 5 == 0 && epoch + 1 < o.parser_epochs {
            let mut dd = d.clone();
            dd.tables[2] = qtable(&tl, 0.05);
            dd.tables[3] = qtable(&ll, 0.05);
            let s = evaluate(&Model::from_data(&dd), dev)?;
            log(&format!("  dev after epoch {}: UAS {:.2} LAS {:.2}", epoch + 1, s.uas, s.las));
        }
    }
    d.tables[2] = qtable(&tl, o.prune);
    d.tables[3] = qtable(&ll, o.prune);
    for (name, t) in ["UPOS", "features", "transitions", "labels"].iter().zip(&d.tables) {
        log(&format!("{name} table: {} rows, {} weights", t.rows.len(), t.weights.len()));
    }
    Ok(d)
}

fn qtable(l: &Learner, min: f32) -> QTable {
    let (rows, weights, scale) = l.finish(min);
    QTable { rows, scale, weights }
}

fn d_lexb(lex_classes: &BTreeMap<u64, std::collections::BTreeSet<u16>>, lex: &Lex, u: usize) -> Vec<usize> {
    lex_classes.get(&Model::lexb_key(lex.lower, u)).map(|s| s.iter().map(|&x| x as usize).collect()).unwrap_or_default()
}

/// The sentence's written tokens: multiword tokens as one (flagged), other words as they are,
/// each with the UPOS of its (first) word.
fn surface_tokens(b: &Block) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    let mut i = 1;
    while i <= b.words.len() {
        if let Some(m) = b.multi.iter().find(|m| m.first == i) {
            out.push((m.form.clone(), true, b.words[i - 1].upos.clone()));
            i = m.last + 1;
        } else {
            out.push((b.words[i - 1].form.clone(), false, b.words[i - 1].upos.clone()));
            i += 1;
        }
    }
    out
}

fn norm_feats(f: &str) -> String {
    if f == "_" {
        String::new()
    } else {
        f.to_string()
    }
}
