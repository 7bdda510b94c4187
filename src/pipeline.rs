//! The pipeline from documents to facts: each document runs through text, mentions, extract
//! and resolve; documents stream through worker threads and come out in input order.

use crate::document::{Document, DocumentStream, Item, Skipped};
use crate::extract::{DocAnalysis, Extractor, Fact};
use crate::lexicon::Knowledge;
use crate::mentions::MentionKind;
use crate::resolve::{resolve_mention, Entity};
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};

#[derive(Clone, Debug)]
pub struct ProcessedMention {
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
    pub entity: Entity,
}

#[derive(Clone, Debug)]
pub struct ProcessedSentence {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
    pub mentions: Vec<ProcessedMention>,
}

/// A document after the pipeline: what the rdf stage and the printers need, nothing more.
#[derive(Clone, Debug)]
pub struct Processed {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub lang: String,
    pub bytes: usize,
    pub char_len: usize,
    /// The text every NIF offset counts characters in (`nif:isString` of the context).
    pub text: String,
    pub sentences: Vec<ProcessedSentence>,
    pub facts: Vec<Fact>,
}

/// Longest stretch of text analysed at once. A longer document (a scraped dump, a book, a
/// text without line breaks) is cut into sections of at most this size, at a blank line, a
/// line break, a sentence stop or a space, and each section is analysed on its own (tokens,
/// mentions, syntax and the document-wide questions — full names, the parties, the previous
/// subject — live for one section at a time). Work and memory then grow linearly with the
/// document. News articles are far shorter and are analysed whole.
pub const SECTION_BYTES: usize = 256 * 1024;

/// Runs the pipeline on one document (in sections of `SECTION_BYTES` when it is longer).
pub fn process(doc: &Document, k: &Knowledge, extractors: &[Box<dyn Extractor>]) -> Processed {
    process_in_sections(doc, k, extractors, SECTION_BYTES)
}

/// `process` with another section size (tests).
pub fn process_in_sections(doc: &Document, k: &Knowledge, extractors: &[Box<dyn Extractor>], section_bytes: usize) -> Processed {
    let text = &doc.text;
    if text.len() - doc.body_start <= section_bytes {
        return process_whole(doc, k, extractors);
    }
    // One language for the document, as when it is analysed whole.
    let lang = doc.lang.clone().unwrap_or_else(|| crate::text::document_language(doc, k));
    let (mut sentences, mut facts): (Vec<ProcessedSentence>, Vec<Fact>) = (Vec::new(), Vec::new());
    let mut at = doc.body_start;
    let mut char_base = text[..at].chars().count();
    while at < text.len() {
        let end = section_end(text, at, section_bytes);
        let section = Document {
            id: doc.id.clone(),
            text: text[at..end].to_string(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            url: doc.url.clone(),
            lang: Some(lang.clone()),
            source: doc.source.clone(),
            body_start: 0,
        };
        let p = process_whole(&section, k, extractors);
        let first = sentences.len();
        for mut s in p.sentences {
            s.index += first;
            s.start += at;
            s.end += at;
            s.char_start += char_base;
            s.char_end += char_base;
            for m in &mut s.mentions {
                m.char_start += char_base;
                m.char_end += char_base;
            }
            sentences.push(s);
        }
        for mut f in p.facts {
            let (sentence, span) = match &mut f {
                Fact::Event(e) => (&mut e.sentence, &mut e.span),
                Fact::Statement(s) => (&mut s.sentence, &mut s.span),
            };
            *sentence += first;
            *span = (span.0 + at, span.1 + at);
            facts.push(f);
        }
        char_base += p.char_len;
        at = end;
    }
    let title = doc.title.clone().or_else(|| sentences.first().map(|s| s.text.clone()));
    Processed {
        id: doc.id.clone(),
        source: doc.source.clone(),
        title,
        date: doc.date.clone(),
        url: doc.url.clone(),
        lang,
        bytes: text.len(),
        char_len: char_base,
        text: text.clone(),
        sentences,
        facts,
    }
}

/// Where the section that starts at byte `at` ends: within `max` bytes, at the last blank
/// line, else line break, else sentence stop, else space of the second half of the window,
/// else at the character boundary before `at + max`.
fn section_end(text: &str, at: usize, max: usize) -> usize {
    if text.len() - at <= max {
        return text.len();
    }
    let mut limit = (at + max.max(4)).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[at..limit];
    let half = window.len() / 2;
    for sep in ["\n\n", "\n", ". ", " "] {
        if let Some(i) = window.rfind(sep) {
            if i >= half {
                return at + i + sep.len();
            }
        }
    }
    limit
}

/// Runs the pipeline on one document as a whole.
fn process_whole(doc: &Document, k: &Knowledge, extractors: &[Box<dyn Extractor>]) -> Processed {
    let an = DocAnalysis::new(doc, k);
    let facts = an.extract(k, extractors);
    let text = &doc.text;
    let mut sentences = Vec::with_capacity(an.text.sentences.len());
    // Character offsets for NIF, counted once, forward.
    let mut last_byte = 0;
    let mut last_char = 0;
    let mut char_at = |byte: usize| -> usize {
        if byte < last_byte {
            last_byte = 0;
            last_char = 0;
        }
        last_char += text[last_byte..byte].chars().count();
        last_byte = byte;
        last_char
    };
    for (si, s) in an.text.sentences.iter().enumerate() {
        let char_start = char_at(s.start);
        let mut mentions = Vec::new();
        let lang = &s.lang;
        for u in &an.units[si] {
            for m in &u.members {
                let mention = &an.mentions[si][m.mention];
                if matches!(mention.kind, MentionKind::Pronoun { .. } | MentionKind::Parties | MentionKind::Ministers) {
                    continue;
                }
                let role = m.role.map(|r| &an.mentions[si][r]);
                let (bs, be) = (s.tokens[mention.start].start, s.tokens[mention.end - 1].end);
                for entity in resolve_mention(mention, role, k, &an.index, lang) {
                    mentions.push((bs, be, entity));
                }
            }
        }
        // Mentions not grouped into units (places inside phrases) are mentions too.
        for mention in &an.mentions[si] {
            if matches!(mention.kind, MentionKind::Place { .. }) && !mentions.iter().any(|(bs, _, _)| *bs == s.tokens[mention.start].start) {
                let (bs, be) = (s.tokens[mention.start].start, s.tokens[mention.end - 1].end);
                for entity in resolve_mention(mention, None, k, &an.index, lang) {
                    mentions.push((bs, be, entity));
                }
            }
        }
        mentions.sort_by_key(|m| (m.0, m.1));
        let mentions = mentions
            .into_iter()
            .map(|(bs, be, entity)| {
                let cs = char_start + text[s.start..bs].chars().count();
                ProcessedMention { char_start: cs, char_end: cs + text[bs..be].chars().count(), text: text[bs..be].to_string(), entity }
            })
            .collect();
        let char_end = char_at(s.end);
        sentences.push(ProcessedSentence {
            index: si,
            start: s.start,
            end: s.end,
            char_start,
            char_end,
            text: text[s.start..s.end].to_string(),
            mentions,
        });
    }
    let title = doc.title.clone().or_else(|| an.text.sentences.first().map(|s| text[s.start..s.end].to_string()));
    Processed {
        id: doc.id.clone(),
        source: doc.source.clone(),
        title,
        date: doc.date.clone(),
        url: doc.url.clone(),
        lang: an.text.lang.clone(),
        bytes: text.len(),
        char_len: text.chars().count(),
        text: text.clone(),
        sentences,
        facts,
    }
}

/// What comes out of `run`, in input order.
pub enum Output {
    Doc(Box<Processed>),
    Skipped(Skipped),
    Warning(String),
}

/// Streams documents through `threads` workers (at least one) and hands the results to
/// `sink` in input order. Memory stays bounded: at most a few documents per worker are in
/// flight. Stops early, returning the sink's error, if the sink fails.
pub fn run<E>(
    stream: DocumentStream,
    threads: usize,
    k: &Knowledge,
    extractors: &[Box<dyn Extractor>],
    mut sink: impl FnMut(Output) -> Result<(), E>,
) -> Result<(), E> {
    let threads = threads.max(1);
    if threads == 1 {
        for item in stream {
            sink(match item {
                Item::Doc(d) => Output::Doc(Box::new(process(&d, k, extractors))),
                Item::Skipped(s) => Output::Skipped(s),
                Item::Warning(w) => Output::Warning(w),
            })?;
        }
        return Ok(());
    }
    let source = Mutex::new(stream.enumerate());
    let (tx, rx) = mpsc::sync_channel::<(usize, Output)>(threads * 4);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let source = &source;
            let stop = &stop;
            scope.spawn(move || loop {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                let next = match source.lock() {
                    Ok(mut s) => s.next(),
                    Err(_) => None,
                };
                let Some((n, item)) = next else { break };
                let out = match item {
                    Item::Doc(d) => Output::Doc(Box::new(process(&d, k, extractors))),
                    Item::Skipped(s) => Output::Skipped(s),
                    Item::Warning(w) => Output::Warning(w),
                };
                if tx.send((n, out)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Output> = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for (n, out) in rx.iter() {
            pending.insert(n, out);
            while let Some(out) = pending.remove(&next) {
                next += 1;
                if result.is_ok() {
                    if let Err(e) = sink(out) {
                        result = Err(e);
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
        }
        result
    })
}
