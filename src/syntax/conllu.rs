//! CoNLL-U (https://universaldependencies.org/format.html): reading treebanks for training and
//! scoring, and the sentence lines `parse --conllu` rewrites.

use crate::error::{Error, Result};

/// One syntactic word line (ID is its position, from 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// Multiword token `first-last surface` (word positions from 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Multi {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub comments: Vec<String>,
    pub words: Vec<Row>,
    pub multi: Vec<Multi>,
}

fn col(s: &str) -> String {
    s.to_string()
}

/// Reads every sentence of a CoNLL-U text. Empty nodes (`8.1`) are skipped.
pub fn read(text: &str, source: &str) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut cur = Block::default();
    for (ln, line) in text.lines().enumerate() {
        let bad = |why: &str| Error::Input(format!("{source}:{}: {why}", ln + 1));
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 10 {
            return Err(bad("a word line needs 10 tab-separated columns"));
        }
        if c[0].contains('.') {
            continue;
        }
        if let Some((a, b)) = c[0].split_once('-') {
            let (first, last) = (a.parse().map_err(|_| bad("bad range"))?, b.parse().map_err(|_| bad("bad range"))?);
            cur.multi.push(Multi { first, last, form: col(c[1]), misc: col(c[9]) });
            continue;
        }
        let id: usize = c[0].parse().map_err(|_| bad("bad word id"))?;
        if id != cur.words.len() + 1 {
            return Err(bad("word ids must count from 1"));
        }
        let head = if c[6] == "_" { 0 } else { c[6].parse().map_err(|_| bad("bad head"))? };
        cur.words.push(Row {
            form: col(c[1]),
            lemma: col(c[2]),
            upos: col(c[3]),
            xpos: col(c[4]),
            feats: col(c[5]),
            head,
            deprel: col(c[7]),
            deps: col(c[8]),
            misc: col(c[9]),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for (i, b) in out.iter().enumerate() {
        if b.words.iter().any(|w| w.head > b.words.len()) {
            return Err(Error::Input(format!("{source}: sentence {} has a head outside the sentence", i + 1)));
        }
    }
    Ok(out)
}

pub fn read_file(path: &std::path::Path) -> Result<Vec<Block>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), e))?;
    read(&text, &path.display().to_string())
}

/// Writes one sentence (comments, multiword tokens before their first word, words, blank line).
pub fn write(b: &Block, out: &mut String) {
    use std::fmt::Write;
    for c in &b.comments {
        out.push_str(c);
        out.push('\n');
    }
    for (i, w) in b.words.iter().enumerate() {
        let id = i + 1;
        for m in b.multi.iter().filter(|m| m.first == id) {
            let _ = writeln!(out, "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}", m.first, m.last, m.form, or_(&m.misc));
        }
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            w.form,
            or_(&w.lemma),
            or_(&w.upos),
            or_(&w.xpos),
            or_(&w.feats),
            w.head,
            or_(&w.deprel),
            or_(&w.deps),
            or_(&w.misc)
        );
    }
    out.push('\n');
}

fn or_(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

/// Scores of a system file against a gold file with the same words (gold tokenization), as
/// percentages over all words, punctuation included. LAS compares the universal part of the
/// relation (before `:`), as the CoNLL 2018 shared task did; `las_full` compares whole labels.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub ufeats: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    pub las_full: f64,
}

pub fn score(gold: &[Block], system: &[Block]) -> Result<Scores> {
    if gold.len() != system.len() {
        return Err(Error::Input(format!("gold has {} sentences, system {}", gold.len(), system.len())));
    }
    let (mut n, mut upos, mut feats, mut lemma, mut uas, mut las, mut lasf) = (0usize, 0, 0, 0, 0, 0, 0);
    for (si, (g, s)) in gold.iter().zip(system).enumerate() {
        if g.words.len() != s.words.len() {
            return Err(Error::Input(format!("sentence {}: gold has {} words, system {}", si + 1, g.words.len(), s.words.len())));
        }
        for (a, b) in g.words.iter().zip(&s.words) {
            if a.form != b.form {
                return Err(Error::Input(format!("sentence {}: word {:?} differs from gold {:?}", si + 1, b.form, a.form)));
            }
            n += 1;
            upos += (a.upos == b.upos) as usize;
            feats += (norm_feats(&a.feats) == norm_feats(&b.feats)) as usize;
            lemma += (a.lemma == b.lemma || a.lemma == "_") as usize;
            if a.head == b.head {
                uas += 1;
                let univ = |r: &str| r.split(':').next().unwrap_or("").to_string();
                las += (univ(&a.deprel) == univ(&b.deprel)) as usize;
                lasf += (a.deprel == b.deprel) as usize;
            }
        }
    }
    let p = |x: usize| if n == 0 { 0.0 } else { 100.0 * x as f64 / n as f64 };
    Ok(Scores { words: n, upos: p(upos), ufeats: p(feats), lemma: p(lemma), uas: p(uas), las: p(las), las_full: p(lasf) })
}

/// Features compared as a set, `_` and empty alike.
fn norm_feats(f: &str) -> Vec<&str> {
    let mut v: Vec<&str> = f.split('|').filter(|x| !x.is_empty() && *x != "_").collect();
    v.sort_unstable();
    v
}
