//! The syntax layer (issue 9, points 1–4): CoNLL-U reading and writing, our tokens mapped to
//! UD words, the trained models on sentences written for these tests, the model file format,
//! the scorer, and `parse --conllu`. Sentences here are our own.

use std::process::Command;
use std::sync::OnceLock;

use newskg::document::Document;
use newskg::syntax::conllu;
use newskg::syntax::model::{Model, ModelData};
use newskg::syntax::{parse_forms, parse_sentence, parse_sentences, SentenceSyntax, Upos};
use newskg::text::analyse;
use newskg::Knowledge;

fn k() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::builtin().expect("the built-in knowledge loads"))
}

/// Analyses one sentence of running text in `lang` through our tokenizer.
fn parse_text(text: &str, lang: &str) -> SentenceSyntax {
    let doc = Document { id: "t".into(), text: text.into(), lang: Some(lang.into()), source: "test".into(), ..Default::default() };
    let an = analyse(&doc, k());
    assert_eq!(an.sentences.len(), 1, "one sentence expected in {text:?}");
    parse_sentence(&an.sentences[0], text).expect("a model for the language")
}

fn forms(s: &SentenceSyntax) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

/// The word with this form (the first one).
fn find(s: &SentenceSyntax, form: &str) -> usize {
    s.words.iter().position(|w| w.form == form).unwrap_or_else(|| panic!("no word {form:?} in {:?}", forms(s))) + 1
}

fn rel(s: &SentenceSyntax, form: &str) -> (&'static str, usize) {
    let w = s.word(find(s, form));
    (w.deprel, w.head)
}

const SAMPLE: &str = "# sent_id = own-1
# text = Elle parle du budget.
1\tElle\telle\tPRON\t_\tGender=Fem|Number=Sing|Person=3|PronType=Prs\t2\tnsubj\t_\t_
2\tparle\tparler\tVERB\t_\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_
3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
4\tle\tle\tDET\t_\tDefinite=Def|Gender=Masc|Number=Sing|PronType=Art\t5\tdet\t_\t_
5\tbudget\tbudget\tNOUN\t_\tGender=Masc|Number=Sing\t2\tobl:arg\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

";

#[test]
fn conllu_round_trip() {
    let blocks = conllu::read(SAMPLE, "sample").expect("valid CoNLL-U");
    assert_eq!(blocks.len(), 1);
    let b = &blocks[0];
    assert_eq!(b.words.len(), 6);
    assert_eq!(b.multi.len(), 1);
    assert_eq!((b.multi[0].first, b.multi[0].last, b.multi[0].form.as_str()), (3, 4, "du"));
    assert_eq!(b.words[4].deprel, "obl:arg");
    let mut out = String::new();
    conllu::write(b, &mut out);
    assert_eq!(out, SAMPLE);
}

#[test]
fn conllu_errors_are_reported_not_panicked() {
    assert!(conllu::read("1\tonly\tthree\n\n", "bad").is_err());
    assert!(conllu::read("2\tx\tx\tX\t_\t_\t0\troot\t_\t_\n\n", "bad").is_err());
    assert!(conllu::read("1\tx\tx\tX\t_\t_\t7\troot\t_\t_\n\n", "bad").is_err());
}

#[test]
fn scorer_counts_what_differs() {
    let gold = conllu::read(SAMPLE, "g").unwrap();
    let s = conllu::score(&gold, &gold).unwrap();
    assert_eq!((s.words, s.upos, s.las), (6, 100.0, 100.0));
    let mut sys = gold.clone();
    sys[0].words[4].head = 1; // budget attached to the wrong word
    sys[0].words[0].upos = "NOUN".into();
    sys[0].words[1].deprel = "root:x".into(); // a subtype only: LAS keeps it, full labels do not
    let s = conllu::score(&gold, &sys).unwrap();
    assert!((s.uas - 500.0 / 6.0).abs() < 1e-9, "{s:?}");
    assert!((s.upos - 500.0 / 6.0).abs() < 1e-9);
    assert!((s.las - 500.0 / 6.0).abs() < 1e-9);
    assert!((s.las_full - 400.0 / 6.0).abs() < 1e-9);
    sys[0].words.pop();
    assert!(conllu::score(&gold, &sys).is_err(), "different words cannot be scored");
}

#[test]
fn french_contractions_and_elisions_become_ud_words() {
    let s = parse_text("L'envoyé parle du budget au Sénat et aux élus qu'il a reçus.", "fr");
    assert_eq!(
        forms(&s),
        ["L'", "envoyé", "parle", "de", "le", "budget", "à", "le", "Sénat", "et", "à", "les", "élus", "qu'", "il", "a", "reçus", "."]
    );
    // Each word keeps its token; the two words of `du` share one.
    let tokens: Vec<usize> = s.words.iter().map(|w| w.token).collect();
    assert_eq!(tokens, [0, 1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13, 14]);
    let multi: Vec<(usize, usize, &str)> = s.multiwords.iter().map(|m| (m.first, m.last, m.form.as_str())).collect();
    assert_eq!(multi, [(4, 5, "du"), (7, 8, "au"), (11, 12, "aux")]);
    let conll = s.to_conllu(Some("x"), None);
    assert!(conll.contains("\n4-5\tdu\t"), "{conll}");
}

#[test]
fn french_des_is_split_only_as_a_contraction() {
    // After a noun, `des` is `de les`; after a verb, the plural indefinite article.
    let s = parse_text("La ministre des finances a signé des accords.", "fr");
    assert_eq!(forms(&s), ["La", "ministre", "de", "les", "finances", "a", "signé", "des", "accords", "."]);
    assert_eq!(s.word(find(&s, "des")).upos, Upos::Det);
}

#[test]
fn english_clitics_become_ewt_words() {
    let s = parse_text("I'm sure they don't know it's Anna's car and we can't stop.", "en");
    assert_eq!(
        forms(&s),
        ["I", "'m", "sure", "they", "do", "n't", "know", "it", "'s", "Anna", "'s", "car", "and", "we", "ca", "n't", "stop", "."]
    );
    let nt = s.word(find(&s, "n't"));
    assert_eq!(nt.lemma, "not");
    assert_eq!(nt.feats.get("Polarity"), Some("Neg"));
}

#[test]
fn french_main_clause_has_its_verb_as_root_with_subject_object_and_complement() {
    let s = parse_text("Le ministre a appelé les deux pays à cesser le feu.", "fr");
    let verb = find(&s, "appelé");
    assert_eq!(s.root(), Some(verb), "{}", s.to_conllu(None, None));
    let w = s.word(verb);
    assert_eq!((w.upos, w.lemma.as_str()), (Upos::Verb, "appeler"));
    assert_eq!(w.feats.get("VerbForm"), Some("Part"));
    assert_eq!(rel(&s, "ministre"), ("nsubj", verb));
    assert_eq!(rel(&s, "a").1, verb);
    assert!(rel(&s, "a").0.starts_with("aux"));
    assert_eq!(rel(&s, "pays"), ("obj", verb));
    let cesser = find(&s, "cesser");
    assert_eq!(s.word(cesser).head, verb);
    assert!(matches!(s.word(cesser).deprel, "xcomp" | "obl:arg" | "ccomp"), "{}", s.word(cesser).deprel);
    assert_eq!(rel(&s, "feu"), ("obj", cesser));
    assert_eq!(s.subtree_span(cesser), (find(&s, "à"), find(&s, "feu")));
    assert_eq!(s.children(verb).count(), 5, "ministre, a, pays, cesser, the stop");
}

#[test]
fn french_passive_has_a_passive_subject_and_agent() {
    let s = parse_text("Le traité a été signé par les deux présidents.", "fr");
    let verb = find(&s, "signé");
    assert_eq!(s.root(), Some(verb), "{}", s.to_conllu(None, None));
    assert_eq!(rel(&s, "traité"), ("nsubj:pass", verb));
    assert_eq!(rel(&s, "été"), ("aux:pass", verb));
    assert_eq!(s.word(find(&s, "présidents")).head, verb);
    assert!(s.word(find(&s, "présidents")).deprel.starts_with("obl"));
}

#[test]
fn english_main_clause_has_its_verb_as_root_with_subject_object_and_complement() {
    let s = parse_text("The minister urged both sides to stop fighting.", "en");
    let verb = find(&s, "urged");
    assert_eq!(s.root(), Some(verb), "{}", s.to_conllu(None, None));
    let w = s.word(verb);
    assert_eq!((w.upos, w.lemma.as_str()), (Upos::Verb, "urge"));
    assert_eq!(w.feats.get("Tense"), Some("Past"));
    assert_eq!(rel(&s, "minister"), ("nsubj", verb));
    assert_eq!(rel(&s, "sides"), ("obj", verb));
    assert_eq!(rel(&s, "stop"), ("xcomp", verb));
    assert_eq!(rel(&s, "to"), ("mark", find(&s, "stop")));
}

#[test]
fn english_negation_and_passive() {
    let s = parse_text("The agreement was not signed by the government.", "en");
    let verb = find(&s, "signed");
    assert_eq!(s.root(), Some(verb), "{}", s.to_conllu(None, None));
    assert_eq!(rel(&s, "agreement"), ("nsubj:pass", verb));
    assert_eq!(rel(&s, "was"), ("aux:pass", verb));
    assert_eq!(rel(&s, "not"), ("advmod", verb));
    assert_eq!(rel(&s, "government"), ("obl:agent", verb));
}

#[test]
fn gold_words_are_kept_and_every_tree_is_a_tree() {
    let words = ["Les", "élus", "de", "la", "région", "ont", "voté", "contre", "le", "projet", "hier", "soir", "."];
    let s = parse_forms("fr", &words).expect("French model");
    assert_eq!(forms(&s), words);
    assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
    for i in 1..=s.words.len() {
        // Following heads from any word reaches the root without a cycle.
        let mut h = i;
        for _ in 0..=s.words.len() {
            if h == 0 {
                break;
            }
            h = s.word(h).head;
        }
        assert_eq!(h, 0, "word {i} does not reach the root");
    }
    assert!(parse_forms("de", &["Hallo"]).is_none(), "no German model");
    assert!(parse_forms("en", &[]).is_some_and(|s| s.words.is_empty()));
}

#[test]
fn a_document_parsed_in_lockstep_gets_each_sentence_s_own_analysis() {
    // More sentences than one lockstep group, of different lengths (they finish at different
    // steps), with language changes in the middle (one to a language without a model): every
    // analysis must be the one the sentence gets alone.
    let mut text = String::new();
    for i in 0..11 {
        text.push_str(&format!("Le ministre numéro {i} a appelé les deux pays à cesser le feu{}. ", " sans délai et sans conditions".repeat(i % 3)));
    }
    text.push_str("The minister urged both sides to resume talks. Der Minister sprach. Les élus ont voté contre le projet hier soir.");
    let doc = Document { id: "t".into(), text: text.clone(), lang: Some("fr".into()), source: "test".into(), ..Default::default() };
    let mut an = analyse(&doc, k());
    assert_eq!(an.sentences.len(), 14);
    an.sentences[11].lang = "en".into();
    an.sentences[12].lang = "de".into();
    let together = parse_sentences(&an.sentences, &text);
    assert_eq!(together.len(), an.sentences.len());
    assert!(together[12].is_none(), "no German model");
    assert_eq!(together[11].as_ref().map(|s| s.word(3).upos), Some(Upos::Verb), "urged, parsed as English");
    for (s, t) in an.sentences.iter().zip(&together) {
        assert_eq!(t, &parse_sentence(s, &text), "sentence {}", s.index);
    }
    let words: Vec<&str> = ["Le", "projet", "de", "loi", "a", "été", "adopté", "."].to_vec();
    let m = newskg::syntax::model("fr").expect("French model");
    let many = m.analyse_many(&[&words[..], &words[..3], &[]]);
    assert_eq!(many, vec![m.analyse(&words), m.analyse(&words[..3]), m.analyse(&[])]);
}

#[test]
fn model_files_round_trip_and_reject_damage() {
    let bytes = include_bytes!("../ontology/syntax/en.model");
    let d = ModelData::from_bytes(bytes).expect("the English model loads");
    assert_eq!(d.lang, "en");
    assert!(d.labels.iter().any(|l| l == "nsubj:pass"));
    let again = d.to_bytes();
    let d2 = ModelData::from_bytes(&again).unwrap();
    assert_eq!((d2.labels.len(), d2.tables[2].rows.len()), (d.labels.len(), d.tables[2].rows.len()));
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    assert!(Model::from_bytes(b"not a model at all").is_err());
}

#[test]
fn parse_conllu_keeps_words_and_replaces_analyses() {
    let dir = std::env::temp_dir().join(format!("newskg-syntax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.conllu");
    // Analyses deliberately wrong: everything X attached to word 1.
    let wrong = SAMPLE
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() == 10 && !c[0].contains('-') {
                let head = if c[0] == "1" { "0" } else { "1" };
                format!("{}\t{}\tzz\tX\t_\t_\t{head}\tdep\t_\t{}", c[0], c[1], c[9])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&input, &wrong).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newskg")).args(["parse", "--lang", "fr", "--conllu"]).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let got: Vec<Vec<&str>> = text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    let given: Vec<Vec<&str>> = wrong.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(got.len(), given.len());
    for (g, w) in got.iter().zip(&given) {
        assert_eq!(g[..2], w[..2], "columns 1–2 kept");
        if w[0].contains('-') {
            assert_eq!(g, w, "multiword line kept");
        } else {
            assert_ne!(g[3], "X", "UPOS replaced");
        }
    }
    let parle: &Vec<&str> = got.iter().find(|c| c[1] == "parle").unwrap();
    assert_eq!((parle[2], parle[3], parle[6], parle[7]), ("parler", "VERB", "0", "root"));
    // Without --lang it is a usage error, not a panic.
    let out = Command::new(env!("CARGO_BIN_EXE_newskg")).args(["parse", "--conllu"]).arg(&input).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--lang"));
    std::fs::remove_dir_all(&dir).ok();
}
