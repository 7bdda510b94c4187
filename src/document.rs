//! Stage 1 — input: files, directories, JSON Lines and stdin become `Document`s.
//!
//! Documents stream: a directory is listed up front (paths only) and each file is read when
//! the consumer asks for it, so a corpus is never held in memory whole.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Largest document accepted: beyond this a single "article" is not an article.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// One article, its text as given (NFC-normalised) and its metadata.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    pub url: Option<String>,
    /// Language declared by the input (`fr`, `en`); detected later when absent.
    pub lang: Option<String>,
    /// Where it came from, for messages.
    pub source: String,
    /// Byte offset in `text` where the article proper starts (after a metadata line).
    pub body_start: usize,
}

/// Something the reader could not use; processing goes on with the other documents.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

/// A message about a document that was read anyway (lossy UTF-8 and the like).
pub type Warning = String;

pub enum Item {
    Doc(Document),
    Skipped(Skipped),
    Warning(Warning),
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "jsonl", "ndjson"];

/// Streams the documents of the given paths (files, directories, or `-` for stdin).
/// Paths that do not exist are an error before anything is read.
pub fn read_paths(paths: &[PathBuf]) -> Result<DocumentStream> {
    let mut files = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(PathBuf::from("-"));
            continue;
        }
        let meta = fs::metadata(p).map_err(|e| Error::io(p.display(), e))?;
        if meta.is_dir() {
            collect_dir(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    Ok(DocumentStream { files: files.into(), pending: VecDeque::new(), lines: None })
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir.display(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if has_known_extension(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Iterator over the documents (and skip notices) of a set of inputs.
pub struct DocumentStream {
    files: VecDeque<PathBuf>,
    pending: VecDeque<Item>,
    /// An open JSON Lines file being read line by line.
    lines: Option<(String, Box<dyn BufRead + Send>, usize)>,
}

impl Iterator for DocumentStream {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some((source, reader, line_no)) = self.lines.as_mut() {
                let mut buf = Vec::new();
                match read_line_capped(reader.as_mut(), &mut buf) {
                    Ok(0) => {
                        self.lines = None;
                    }
                    Ok(_) => {
                        *line_no += 1;
                        let where_ = format!("{source}:{line_no}");
                        let text = decode(&buf, &where_, &mut self.pending);
                        if !text.trim().is_empty() {
                            self.pending.push_back(parse_json_article(&text, &where_));
                        }
                    }
                    Err(e) => {
                        let s = source.clone();
                        self.lines = None;
                        return Some(Item::Skipped(Skipped { source: s, reason: e }));
                    }
                }
                continue;
            }
            let path = self.files.pop_front()?;
            self.open(&path);
        }
    }
}

impl DocumentStream {
    fn open(&mut self, path: &Path) {
        let source = if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() };
        let is_jsonl = matches!(
            path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(),
            Some("jsonl") | Some("ndjson")
        );
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes) {
                self.pending.push_back(skip(&source, &format!("cannot read standard input: {e}")));
                return;
            }
            let looks_jsonl = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            if looks_jsonl {
                self.lines = Some((source, Box::new(std::io::Cursor::new(bytes)), 0));
            } else {
                self.push_text_document(&source, "stdin", "txt", &bytes);
            }
            return;
        }
        if is_jsonl {
            match fs::File::open(path) {
                Ok(f) => self.lines = Some((source, Box::new(BufReader::new(f)), 0)),
                Err(e) => self.pending.push_back(skip(&source, &e.to_string())),
            }
            return;
        }
        let size = fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0);
        if size > MAX_DOCUMENT_BYTES {
            self.pending.push_back(skip(
                &source,
                &format!("{} MB is larger than the {} MB limit for one article", size >> 20, MAX_DOCUMENT_BYTES >> 20),
            ));
            return;
        }
        match fs::read(path) {
            Ok(bytes) => {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt").to_ascii_lowercase();
                self.push_text_document(&source, &stem, &ext, &bytes);
            }
            Err(e) => self.pending.push_back(skip(&source, &e.to_string())),
        }
    }

    fn push_text_document(&mut self, source: &str, id: &str, ext: &str, bytes: &[u8]) {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            self.pending.push_back(skip(source, "larger than the limit for one article"));
            return;
        }
        if looks_binary(bytes) {
            self.pending.push_back(skip(source, "it is a binary file, not text"));
            return;
        }
        let raw = decode(bytes, source, &mut self.pending);
        let text = match ext {
            "html" | "htm" => crate::html::to_text(&raw),
            _ => raw,
        };
        let mut doc = Document { id: id.to_string(), source: source.to_string(), ..Default::default() };
        set_text_with_metadata(&mut doc, text);
        self.pending.push_back(Item::Doc(doc));
    }
}

fn skip(source: &str, reason: &str) -> Item {
    Item::Skipped(Skipped { source: source.to_string(), reason: reason.to_string() })
}

/// Reads one line but never more than the article limit, so a huge line cannot exhaust memory.
fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::result::Result<usize, String> {
    let n = reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(|e| e.to_string())?;
    if buf.len() > MAX_DOCUMENT_BYTES {
        return Err("a JSON line is larger than the limit for one article".to_string());
    }
    Ok(n)
}

/// NUL bytes or many control characters in the first block: not text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    !head.is_empty() && control * 10 > head.len()
}

fn decode(bytes: &[u8], source: &str, pending: &mut VecDeque<Item>) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            pending.push_back(Item::Warning(format!(
                "{source}: not valid UTF-8; undecodable bytes were replaced by U+FFFD"
            )));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    // Most text is already NFC: check quickly before rebuilding it.
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

fn parse_json_article(line: &str, where_: &str) -> Item {
    let art: JsonArticle = match serde_json::from_str(line) {
        Ok(a) => a,
        Err(e) => return skip(where_, &format!("not a JSON article: {e}")),
    };
    let id = match art.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return skip(where_, "the JSON article has no \"id\""),
    };
    let Some(text) = art.text else {
        return skip(where_, "the JSON article has no \"text\"");
    };
    let mut doc = Document {
        id,
        title: art.title.filter(|t| !t.trim().is_empty()),
        url: art.url,
        lang: art.lang.map(|l| l.to_ascii_lowercase()),
        source: where_.to_string(),
        ..Default::default()
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n") } else { text };
    let text = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    };
    set_text_with_metadata(&mut doc, text);
    if let Some(d) = art.date.as_deref().and_then(normalise_date) {
        doc.date = Some(d);
    }
    Item::Doc(doc)
}

/// A leading metadata line (` date 2020-10 …`, `lang: fr`) is metadata, not text; the rest of
/// the line, if any, is the start of the article.
fn set_text_with_metadata(doc: &mut Document, text: String) {
    let re = metadata_regex();
    let mut start = text.len() - text.trim_start().len();
    while let Some(m) = re.captures(&text[start..]) {
        let whole = m.get(0).map(|m| m.end()).unwrap_or(0);
        let key = m.get(1).map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default();
        let value = m.get(2).map(|m| m.as_str()).unwrap_or("");
        match key.as_str() {
            "date" => doc.date = normalise_date(value),
            "lang" | "language" => doc.lang = Some(value.to_ascii_lowercase()),
            _ => {}
        }
        start += whole;
        start += text[start..].len() - text[start..].trim_start().len();
    }
    doc.body_start = start;
    doc.text = text;
}

fn metadata_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^(?i)(date|lang|language)\s*:?\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?|[a-z]{2})\b")
            .expect("metadata regex")
    })
}

/// `2020-10-01T12:00Z` → `2020-10-01`; `2020-10` stays; anything else is dropped.
pub fn normalise_date(value: &str) -> Option<String> {
    let v = value.trim();
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?").expect("date regex"));
    let c = re.captures(v)?;
    let mut out = c[1].to_string();
    if let Some(m) = c.get(2) {
        let month: u32 = m.as_str().parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        out.push('-');
        out.push_str(m.as_str());
        if let Some(d) = c.get(3) {
            let day: u32 = d.as_str().parse().ok()?;
            if !(1..=31).contains(&day) {
                return None;
            }
            out.push('-');
            out.push_str(d.as_str());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_line_gives_date_and_keeps_the_text() {
        let mut d = Document::default();
        set_text_with_metadata(&mut d, " date 2020-10 Les ministres se sont parlé.".into());
        assert_eq!(d.date.as_deref(), Some("2020-10"));
        assert_eq!(&d.text[d.body_start..], "Les ministres se sont parlé.");
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(!looks_binary("Moscou appelle au calme.\n".as_bytes()));
    }

    #[test]
    fn dates_are_normalised() {
        assert_eq!(normalise_date("2020-10-01T10:00:00Z").as_deref(), Some("2020-10-01"));
        assert_eq!(normalise_date("2020-13").as_deref(), None);
        assert_eq!(normalise_date("hier"), None);
    }
}
