//! The commands of the syntax layer: `parse` (CoNLL-U out), `train-syntax` (rebuild a model
//! from treebanks) and `score-syntax` (our scorer, for `bench/syntax.sh`).

use super::conllu;
use crate::error::{Error, Result};
use crate::lexicon::Knowledge;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ParseArgs {
    /// Text files, directories, `-` for stdin (documents as `extract` reads them), or CoNLL-U
    /// files with `--conllu`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Language (fr, en); detected per document when absent. Required with `--conllu`.
    #[arg(long)]
    pub lang: Option<String>,
    /// Read CoNLL-U and keep its words: columns 1–2, multiword-token lines and MISC stay as
    /// given, columns 3–9 are replaced by the analysis (empty nodes are dropped).
    #[arg(long)]
    pub conllu: bool,
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// Language code the model is for (fr, en).
    #[arg(long)]
    pub lang: String,
    /// Training CoNLL-U files.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Development CoNLL-U files (scored during and after training, never trained on).
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Model file to write (e.g. ontology/syntax/fr.model).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 8)]
    pub tagger_epochs: usize,
    #[arg(long, default_value_t = 12)]
    pub parser_epochs: usize,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Drop tagger rows whose averaged weights all stay below this (model size).
    #[arg(long, default_value_t = 1.0)]
    pub prune_tagger: f32,
    /// Drop parser rows whose averaged weights all stay below this.
    #[arg(long, default_value_t = 2.0)]
    pub prune_parser: f32,
}

#[derive(clap::Args)]
pub struct ScoreArgs {
    /// Gold CoNLL-U file.
    pub gold: PathBuf,
    /// System CoNLL-U file with the same words.
    pub system: PathBuf,
    /// Print one JSON object instead of a table line.
    #[arg(long)]
    pub json: bool,
}

fn io(e: std::io::Error) -> Error {
    Error::io("standard output", e)
}

pub fn run_parse(a: &ParseArgs, k: &Knowledge, out: &mut dyn Write) -> Result<i32> {
    if let Some(l) = &a.lang {
        if super::model(l).is_none() {
            return Err(Error::Usage(format!("no syntax model for language {l:?} (there are: fr, en)")));
        }
    }
    if a.conllu {
        let Some(lang) = a.lang.as_deref() else {
            return Err(Error::Usage("parse --conllu needs --lang".into()));
        };
        for p in &a.paths {
            let text = if p.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| Error::io("standard input", e))?;
                s
            } else {
                std::fs::read_to_string(p).map_err(|e| Error::io(p.display(), e))?
            };
            let mut buf = String::new();
            let m = super::model(lang).expect("model checked above");
            let mut blocks = conllu::read(&text, &p.display().to_string())?;
            // A few sentences at a time, parsed in lockstep as `extract` parses a document's.
            for group in blocks.chunks_mut(32) {
                let analyses = {
                    let forms: Vec<Vec<&str>> = group.iter().map(|b| b.words.iter().map(|w| w.form.as_str()).collect()).collect();
                    let slices: Vec<&[&str]> = forms.iter().map(|f| &f[..]).collect();
                    m.analyse_many(&slices)
                };
                for (b, s) in group.iter_mut().zip(analyses) {
                    s.fill_block(b);
                    conllu::write(b, &mut buf);
                }
                if buf.len() > 1 << 16 {
                    out.write_all(buf.as_bytes()).map_err(io)?;
                    buf.clear();
                }
            }
            out.write_all(buf.as_bytes()).map_err(io)?;
        }
        return Ok(0);
    }
    let mut status = 0;
    for item in crate::document::read_paths(&a.paths)? {
        let mut doc = match item {
            crate::document::Item::Doc(d) => d,
            crate::document::Item::Skipped(s) => {
                eprintln!("newskg: skipped {}: {}", s.source, s.reason);
                status = 1;
                continue;
            }
            crate::document::Item::Warning(w) => {
                eprintln!("newskg: warning: {w}");
                continue;
            }
        };
        if a.lang.is_some() {
            doc.lang = a.lang.clone();
        }
        let an = crate::text::analyse(&doc, k);
        let mut buf = String::new();
        writeln!(out, "# newdoc id = {}", doc.id).map_err(io)?;
        for s in &an.sentences {
            let id = format!("{}-{}", doc.id, s.index + 1);
            match super::parse_sentence(s, &doc.text) {
                Some(syn) => buf.push_str(&syn.to_conllu(Some(&id), Some(s.text(&doc.text)))),
                None => buf.push_str(&format!("# sent_id = {id}\n# text = {}\n# no syntax model for {:?}\n\n", s.text(&doc.text).replace('\n', " "), s.lang)),
            }
        }
        out.write_all(buf.as_bytes()).map_err(io)?;
    }
    Ok(status)
}

pub fn run_train(a: &TrainArgs) -> Result<i32> {
    super::train::train(&super::train::Options {
        lang: a.lang.clone(),
        train: a.train.clone(),
        dev: a.dev.clone(),
        out: a.out.clone(),
        tagger_epochs: a.tagger_epochs,
        parser_epochs: a.parser_epochs,
        seed: a.seed,
        prune_tagger: a.prune_tagger,
        prune: a.prune_parser,
    })?;
    Ok(0)
}

pub fn run_score(a: &ScoreArgs, out: &mut dyn Write) -> Result<i32> {
    let gold = conllu::read_file(&a.gold)?;
    let sys = conllu::read_file(&a.system)?;
    let s = conllu::score(&gold, &sys)?;
    if a.json {
        writeln!(
            out,
            "{{\"words\": {}, \"upos\": {:.2}, \"ufeats\": {:.2}, \"lemma\": {:.2}, \"uas\": {:.2}, \"las\": {:.2}, \"las_full\": {:.2}}}",
            s.words, s.upos, s.ufeats, s.lemma, s.uas, s.las, s.las_full
        )
        .map_err(io)?;
    } else {
        writeln!(
            out,
            "words {}  UPOS {:.2}  UFeats {:.2}  Lemma {:.2}  UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2})",
            s.words, s.upos, s.ufeats, s.lemma, s.uas, s.las, s.las_full
        )
        .map_err(io)?;
    }
    Ok(0)
}
