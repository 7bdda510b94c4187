//! Stage 1 — input: files, directories, JSON Lines and stdin become `Document`s.
//!
//! Documents stream: a directory is listed up front (paths only) and each file is read when
//! the consumer asks for it, so a corpus is never held in memory whole.

use crate::error::Result;
use serde::Deserialize;
use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Largest document accepted: beyond this a single "article" is not an article. Long documents
/// are analysed in sections and their quads streamed to the store, so the cost is linear: a
/// 20 MB document of dense news text peaks at about 0.8 GB in `build`, this limit at about
/// 1.3 GB.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

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

/// One input waiting to be read.
enum Queued {
    /// A file, the document id it gets (JSON Lines files carry their own ids) and its size.
    File { path: PathBuf, id: String, size: u64 },
    Stdin,
    /// A message found while listing (a missing path, a FIFO, a symlink loop…).
    Note(Item),
}

/// Streams the documents of the given paths (files, directories, or `-` for stdin).
///
/// Every input that cannot be used (a missing path, an unreadable directory, a FIFO, a symlink
/// loop, a directory without article files) becomes a `Skipped` item in its place, and the
/// others are read: one bad path never stops a run. Document ids come from the path relative
/// to the argument it was found under (`dir/sub/a.txt` given as `dir` is `sub/a`; a file given
/// alone is its stem), with the extension kept when two files would share an id; ids that
/// would still coincide are reported when the second document comes (see `DocumentStream`).
pub fn read_paths(paths: &[PathBuf]) -> Result<DocumentStream> {
    let mut queue = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            queue.push(Queued::Stdin);
            continue;
        }
        let source = p.display().to_string();
        match fs::metadata(p) {
            Err(e) => queue.push(Queued::Note(skip(&source, &io_reason(&e)))),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let mut visited = std::collections::HashSet::new();
                visited.insert(dir_key(&meta));
                let before = queue.len();
                collect_dir(p, &mut visited, &mut files, &mut queue);
                if files.is_empty() && queue.len() == before {
                    queue.push(Queued::Note(skip(
                        &source,
                        "this directory has no article files (.txt, .md, .html, .htm, .jsonl, .ndjson)",
                    )));
                }
                queue.extend(ids_under(p, files));
            }
            Ok(meta) => {
                let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into());
                queue.push(Queued::File { path: p.clone(), id, size: meta.len() });
            }
        }
    }
    // The bytes to read, for progress: unknown when standard input is one of the inputs.
    let total = queue.iter().try_fold(0u64, |sum, q| match q {
        Queued::File { size, .. } => Some(sum + size),
        Queued::Stdin => None,
        Queued::Note(_) => Some(sum),
    });
    Ok(DocumentStream {
        files: queue.into(),
        pending: VecDeque::new(),
        lines: None,
        seen: Default::default(),
        languages: default_languages(),
        total,
        read: Default::default(),
    })
}

/// The documents of one input given as bytes, read as a file called `name` would be (text,
/// HTML or JSON Lines by its extension), without the file system: for tests and fuzzing.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> DocumentStream {
    let mut stream = DocumentStream {
        files: VecDeque::new(),
        pending: VecDeque::new(),
        lines: None,
        seen: Default::default(),
        languages: default_languages(),
        total: Some(bytes.len() as u64),
        read: Default::default(),
    };
    let path = Path::new(name);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt").to_ascii_lowercase();
    if ext == "jsonl" || ext == "ndjson" {
        stream.lines = Some((name.to_string(), Box::new(std::io::Cursor::new(bytes)), 0));
    } else {
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into());
        stream.push_text_document(name, &id, &ext, &bytes);
    }
    stream
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(unix)]
fn dir_key(meta: &fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn dir_key(_meta: &fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// Lists article files under `dir` (sorted, recursively, following symbolic links but never
/// into a directory already listed), queueing a note for anything that cannot be used.
fn collect_dir(dir: &Path, visited: &mut std::collections::HashSet<(u64, u64)>, files: &mut Vec<PathBuf>, notes: &mut Vec<Queued>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            notes.push(Queued::Note(skip(&dir.display().to_string(), &format!("cannot read this directory: {}", io_reason(&e)))));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let source = path.display().to_string();
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                if has_known_extension(&path) || fs::symlink_metadata(&path).map(|m| m.is_dir()).unwrap_or(false) {
                    notes.push(Queued::Note(skip(&source, &io_reason(&e))));
                } else if e.raw_os_error() == Some(40) {
                    // ELOOP: a link that points at itself.
                    notes.push(Queued::Note(skip(&source, "symbolic link loop")));
                }
                continue;
            }
        };
        if meta.is_dir() {
            if !visited.insert(dir_key(&meta)) {
                notes.push(Queued::Note(skip(&source, "symbolic link loop: this directory was already read")));
                continue;
            }
            collect_dir(&path, visited, files, notes);
        } else if has_known_extension(&path) {
            if meta.is_file() {
                files.push(path);
            } else {
                notes.push(Queued::Note(skip(&source, &not_regular(&meta))));
            }
        }
    }
}

/// Why a path that is neither a file nor a directory is not read.
fn not_regular(meta: &fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "it is a FIFO (named pipe), not a regular file: give its content on standard input with `-`".to_string();
        }
        if t.is_socket() {
            return "it is a socket, not a regular file".to_string();
        }
        if t.is_block_device() || t.is_char_device() {
            return "it is a device, not a regular file".to_string();
        }
    }
    let _ = meta;
    "it is not a regular file".to_string()
}

/// Document ids of the files found under `root`: the relative path without extension, or with
/// it when two files differ only by their extension (`a.txt`, `a.html`).
fn ids_under(root: &Path, files: Vec<PathBuf>) -> Vec<Queued> {
    let rel = |p: &Path, keep_ext: bool| -> String {
        let r = p.strip_prefix(root).unwrap_or(p);
        let r = if keep_ext { r.to_path_buf() } else { r.with_extension("") };
        r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
    };
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for f in &files {
        *count.entry(rel(f, false)).or_default() += 1;
    }
    files
        .into_iter()
        .map(|path| {
            let short = rel(&path, false);
            let id = if count[&short] > 1 { rel(&path, true) } else { short };
            let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            Queued::File { path, id, size }
        })
        .collect()
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        .unwrap_or(false)
}

/// Iterator over the documents (and skip notices) of a set of inputs.
pub struct DocumentStream {
    files: VecDeque<Queued>,
    pending: VecDeque<Item>,
    /// An open JSON Lines file being read line by line.
    lines: Option<(String, Box<dyn BufRead + Send>, usize)>,
    /// Document IRI segment → where that document came from: a second document with the same
    /// id is reported, never allowed to replace the first silently.
    seen: std::collections::HashMap<String, String>,
    /// The languages the pipeline reads (primary subtags); others are tagged and announced.
    languages: Vec<String>,
    /// Bytes of all inputs (file sizes), when known before reading: None with standard input.
    total: Option<u64>,
    /// Bytes read so far, shared with whoever shows progress.
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Iterator for DocumentStream {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let item = self.next_item()?;
        let Item::Doc(doc) = item else { return Some(item) };
        match self.seen.entry(crate::vocab::doc_slug(&doc.id)) {
            std::collections::hash_map::Entry::Occupied(first) => Some(skip(
                &doc.source,
                &format!("its document id \"{}\" is already used by {}: give one of them another name or id", doc.id, first.get()),
            )),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(doc.source.clone());
                Some(Item::Doc(doc))
            }
        }
    }
}

/// The languages read when the caller does not say: those of the built-in lexicons.
fn default_languages() -> Vec<String> {
    vec!["en".to_string(), "fr".to_string()]
}

impl DocumentStream {
    /// The languages the pipeline has lexicons for (`Knowledge::langs`), so that documents in
    /// any other language are tagged with it and announced instead of being read.
    pub fn with_languages(mut self, languages: impl IntoIterator<Item = String>) -> Self {
        self.languages = languages.into_iter().map(|l| crate::language::primary(&l)).collect();
        self
    }

    /// The size of all inputs in bytes, when known up front (None when standard input is read).
    pub fn total_bytes(&self) -> Option<u64> {
        self.total
    }

    /// A counter of the input bytes read so far, to follow progress from another thread while
    /// the stream is consumed.
    pub fn bytes_read(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        self.read.clone()
    }

    fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some((source, reader, line_no)) = self.lines.as_mut() {
                let mut buf = Vec::new();
                *line_no += 1;
                let where_ = format!("{source}:{line_no}");
                match read_line_capped(reader.as_mut(), &mut buf) {
                    Ok(0) => {
                        self.lines = None;
                    }
                    Ok(n) => {
                        self.read.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
                        let text = decode(&buf, &where_, &mut self.pending);
                        if !text.trim().is_empty() {
                            let mut item = parse_json_article(&text, &where_);
                            if let Item::Doc(d) = &mut item {
                                note_language(d, &self.languages, &mut self.pending);
                            }
                            self.pending.push_back(item);
                        }
                    }
                    Err(LineError::TooLong) => {
                        self.pending.push_back(skip(&where_, &format!("this JSON line is larger than the {} MB limit for one article", MAX_DOCUMENT_BYTES >> 20)));
                    }
                    Err(LineError::Io(e)) => {
                        self.lines = None;
                        return Some(skip(&where_, &format!("cannot read on: {e}")));
                    }
                }
                continue;
            }
            match self.files.pop_front()? {
                Queued::Note(item) => return Some(item),
                Queued::Stdin => self.open_stdin(),
                Queued::File { path, id, size } => self.open(&path, &id, size),
            }
        }
    }

    fn open_stdin(&mut self) {
        let source = "<stdin>".to_string();
        // Standard input may be an endless stream (a filter under Spark or Hadoop): JSON
        // Lines are read line by line as they come; anything else is one text document.
        let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin());
        let mut head = Vec::new();
        let first = loop {
            match reader.fill_buf() {
                Ok([]) => break None,
                Ok(buf) => {
                    if let Some(i) = buf.iter().position(|b| !b.is_ascii_whitespace()) {
                        break Some(buf[i]);
                    }
                    let n = buf.len();
                    head.extend_from_slice(buf);
                    reader.consume(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.pending.push_back(skip(&source, &format!("cannot read standard input: {e}")));
                    return;
                }
            }
        };
        let rest = std::io::Cursor::new(head).chain(reader);
        if first == Some(b'{') {
            self.lines = Some((source, Box::new(BufReader::new(rest)), 0));
            return;
        }
        let mut bytes = Vec::new();
        if let Err(e) = rest.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes) {
            self.pending.push_back(skip(&source, &format!("cannot read standard input: {e}")));
            return;
        }
        self.push_text_document(&source, "stdin", "txt", &bytes);
    }

    fn open(&mut self, path: &Path, id: &str, size: u64) {
        let source = path.display().to_string();
        // Only regular files are opened: a FIFO would block the run forever.
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => return self.pending.push_back(skip(&source, &io_reason(&e))),
        };
        if !meta.is_file() {
            return self.pending.push_back(skip(&source, &not_regular(&meta)));
        }
        let is_jsonl = matches!(
            path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(),
            Some("jsonl") | Some("ndjson")
        );
        if !is_jsonl {
            // JSON Lines count their lines as they are read.
            self.read.fetch_add(size, std::sync::atomic::Ordering::Relaxed);
        }
        if is_jsonl {
            match fs::File::open(path) {
                Ok(f) => self.lines = Some((source, Box::new(BufReader::new(f)), 0)),
                Err(e) => self.pending.push_back(skip(&source, &io_reason(&e))),
            }
            return;
        }
        let size = meta.len() as usize;
        if size > MAX_DOCUMENT_BYTES {
            self.pending.push_back(skip(
                &source,
                &format!("{} MB is larger than the {} MB limit for one article", size >> 20, MAX_DOCUMENT_BYTES >> 20),
            ));
            return;
        }
        match fs::read(path) {
            Ok(bytes) => {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt").to_ascii_lowercase();
                self.push_text_document(&source, id, &ext, &bytes);
            }
            Err(e) => self.pending.push_back(skip(&source, &io_reason(&e))),
        }
    }

    fn push_text_document(&mut self, source: &str, id: &str, ext: &str, bytes: &[u8]) {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            self.pending.push_back(skip(source, "larger than the limit for one article"));
            return;
        }
        if utf16_order(bytes).is_none() && looks_binary(bytes) {
            self.pending.push_back(skip(source, "it is a binary file, not text"));
            return;
        }
        let mut raw = decode(bytes, source, &mut self.pending);
        if raw.contains('\0') {
            // One byte for one byte: offsets do not move.
            raw = raw.replace('\0', " ");
            self.pending.push_back(Item::Warning(format!("{source}: NUL bytes in the text were read as spaces")));
        }
        let (text, page) = match ext {
            "html" | "htm" => (crate::html::to_text(&raw), Some(crate::html::metadata(&raw))),
            _ => (raw, None),
        };
        let mut doc = Document { id: id.to_string(), source: source.to_string(), ..Default::default() };
        set_text_with_metadata(&mut doc, text);
        // What a page's head says: headline, publication date, canonical URL.
        if let Some(page) = page {
            if doc.date.is_none() {
                doc.date = page.date.as_deref().and_then(normalise_date);
            }
            doc.title = doc.title.take().or(page.title);
            doc.url = doc.url.take().or(page.url);
        }
        note_language(&mut doc, &self.languages, &mut self.pending);
        self.pending.push_back(Item::Doc(doc));
    }
}

fn skip(source: &str, reason: &str) -> Item {
    Item::Skipped(Skipped { source: source.to_string(), reason: reason.to_string() })
}

enum LineError {
    TooLong,
    Io(std::io::Error),
}

/// Reads one line but never keeps more than the article limit: a longer line is read through
/// to its end and dropped (`TooLong`), and the next call goes on with the following line.
fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::result::Result<usize, LineError> {
    let n = (&mut *reader).take(MAX_DOCUMENT_BYTES as u64 + 1).read_until(b'\n', buf).map_err(LineError::Io)?;
    if buf.len() > MAX_DOCUMENT_BYTES {
        if buf.last() != Some(&b'\n') {
            loop {
                let chunk = reader.fill_buf().map_err(LineError::Io)?;
                if chunk.is_empty() {
                    break;
                }
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(p) => {
                        reader.consume(p + 1);
                        break;
                    }
                    None => {
                        let len = chunk.len();
                        reader.consume(len);
                    }
                }
            }
        }
        buf.clear();
        return Err(LineError::TooLong);
    }
    Ok(n)
}

/// NUL bytes (more than a stray one or two, and over 1%) or many control characters (over
/// 10%) in the first block: not text. A text file with a stray NUL (a bad export, a cut
/// transfer) is text. (UTF-16 text is told apart before this test: its ASCII letters come
/// with NUL bytes.)
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    (nul >= 3 && nul * 100 > head.len()) || control * 10 > head.len()
}

/// UTF-16 by its byte-order mark, or, without one, by the NUL bytes that the ASCII characters
/// of UTF-16 text put at every other position.
fn utf16_order(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(encoding_rs::UTF_16BE);
    }
    let head = &bytes[..bytes.len().min(8192) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_odd = head.chunks(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let zero_even = head.chunks(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if zero_odd * 10 >= pairs * 7 && zero_even * 20 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if zero_even * 10 >= pairs * 7 && zero_odd * 20 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Bytes to NFC text: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else the
/// legacy encoding chardetng guesses (Latin-1/Windows-1252 for most European articles), with a
/// warning saying which.
fn decode(bytes: &[u8], source: &str, pending: &mut VecDeque<Item>) -> String {
    let text = if let Some(enc) = utf16_order(bytes) {
        let (text, _, malformed) = enc.decode(bytes);
        if malformed {
            pending.push_back(Item::Warning(format!("{source}: malformed {} text; bad units were replaced by U+FFFD", enc.name())));
        }
        text.into_owned()
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                let enc = detector.guess(None, true);
                let (text, _) = enc.decode_without_bom_handling(bytes);
                pending.push_back(Item::Warning(format!("{source}: not UTF-8; read as {}", enc.name())));
                text.into_owned()
            }
        }
    };
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    // Most text is already NFC: check quickly before rebuilding it.
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// A document in a language newskg has no lexicon for gets an honest language tag and a
/// message, instead of being called French and read as noise: the language whatlang
/// identifies (`es`, `de`, `ru`), else, for text mostly in another script that it cannot name,
/// `und-<Script>` (`und-Cyrl`). A declared language (`lang` of a JSON article, a `lang:` line)
/// is kept, with the same message when newskg cannot read it. Among the languages it reads,
/// the lexicons' stopwords decide later (`text`).
fn note_language(doc: &mut Document, known: &[String], pending: &mut VecDeque<Item>) {
    let readable = || known.iter().map(|l| crate::language::name(l)).collect::<Vec<_>>().join(" and ");
    if let Some(lang) = &doc.lang {
        if !known.contains(&crate::language::primary(lang)) {
            pending.push_back(Item::Warning(format!(
                "{}: the text is declared as {lang}; newskg reads {}, so no events are extracted",
                doc.source,
                readable()
            )));
        }
        return;
    }
    let body = &doc.text[doc.body_start..];
    if let Some((tag, name)) = crate::language::identify(body) {
        if known.contains(&tag) {
            return;
        }
        pending.push_back(Item::Warning(format!(
            "{}: the text is in {name}; newskg reads {}, so it is tagged {tag} and no events are extracted",
            doc.source,
            readable()
        )));
        doc.lang = Some(tag);
        return;
    }
    let Some(script) = foreign_script(body) else { return };
    pending.push_back(Item::Warning(format!(
        "{}: the text is mostly in {} script; newskg reads {}, so it is tagged und-{} and no events are extracted",
        doc.source,
        script.1,
        readable(),
        script.0
    )));
    doc.lang = Some(format!("und-{}", script.0));
}

/// The ISO 15924 code and name of the main script of `text` when most letters are not Latin.
pub fn foreign_script(text: &str) -> Option<(&'static str, &'static str)> {
    let mut latin = 0usize;
    let mut counts: std::collections::HashMap<(&'static str, &'static str), usize> = Default::default();
    for c in text.chars().take(20_000) {
        if !c.is_alphabetic() {
            continue;
        }
        let u = c as u32;
        let script = match u {
            0..=0x24F | 0x1E00..=0x1EFF => {
                latin += 1;
                continue;
            }
            0x370..=0x3FF | 0x1F00..=0x1FFF => ("Grek", "Greek"),
            0x400..=0x52F => ("Cyrl", "Cyrillic"),
            0x530..=0x58F => ("Armn", "Armenian"),
            0x590..=0x5FF => ("Hebr", "Hebrew"),
            0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFEFF => ("Arab", "Arabic"),
            0x900..=0x97F => ("Deva", "Devanagari"),
            0xE00..=0xE7F => ("Thai", "Thai"),
            0x10A0..=0x10FF => ("Geor", "Georgian"),
            0x3040..=0x30FF => ("Jpan", "Japanese"),
            0xAC00..=0xD7AF | 0x1100..=0x11FF => ("Hang", "Hangul"),
            0x3400..=0x9FFF | 0xF900..=0xFAFF => ("Hani", "Han"),
            _ => ("Zyyy", "another"),
        };
        *counts.entry(script).or_default() += 1;
    }
    let other: usize = counts.values().sum();
    if other < 2 || other <= latin {
        return None;
    }
    counts.into_iter().max_by_key(|(k, n)| (*n, *k)).map(|(k, _)| k)
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

/// A publication date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, from the forms articles and feeds
/// give: ISO 8601 (`2020-10-01T12:00Z` → `2020-10-01`; `2020-10` stays), RFC 2822 (`Mon, 05 Oct
/// 2020 14:00:00 +0200`, the date as written), month names in English or French (`October 5,
/// 2020`, `5 Oct 2020`, `5 octobre 2020`, `1er octobre 2020`, with or without a weekday and a
/// time after), and numbers (`05/10/2020`, `05.10.2020`: day first, as in French and most of
/// Europe, unless only month first makes a date: `10/25/2020` is 25 October; `2020/10/05`).
/// Parsing and calendar checks are jiff's; anything else is dropped (None).
pub fn normalise_date(value: &str) -> Option<String> {
    let v = value.trim();
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?").expect("date regex"));
    if let Some(c) = re.captures(v) {
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
                let year: u32 = c[1].parse().ok()?;
                if !(1..=days_in_month(year, month)).contains(&day) {
                    return None;
                }
                out.push('-');
                out.push_str(d.as_str());
            }
        }
        // `2020/10/05` is not ISO: read below.
        if !v[c.get(0).map_or(0, |m| m.end())..].starts_with('/') {
            return Some(out);
        }
    }
    parse_other_date(v).map(|d| d.to_string())
}

/// The non-ISO forms of [`normalise_date`].
fn parse_other_date(v: &str) -> Option<jiff::civil::Date> {
    if let Ok(z) = jiff::fmt::rfc2822::parse(v) {
        return Some(z.date());
    }
    // Numbers: day/month/year (or month/day/year when only that can be), year/month/day.
    static NUM: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let num = NUM.get_or_init(|| regex::Regex::new(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\b").expect("numeric date regex"));
    if let Some(c) = num.captures(v) {
        let (a, b, y): (i16, i8, i16) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if c[1].len() == 4 {
            return jiff::civil::Date::new(a, b, i8::try_from(y).ok()?).ok();
        }
        if c[3].len() != 4 {
            return None;
        }
        let (day, month) = if a > 12 || b <= 12 { (a, b) } else { (b as i16, a as i8) };
        return jiff::civil::Date::new(y, month, i8::try_from(day).ok()?).ok();
    }
    // Month names: French ones become English for jiff; `1er` is `1`; a weekday, commas and
    // what follows the year (a time) are not needed.
    const FRENCH: &[(&str, &str)] = &[
        ("janvier", "January"), ("février", "February"), ("fevrier", "February"), ("mars", "March"), ("avril", "April"),
        ("mai", "May"), ("juin", "June"), ("juillet", "July"), ("août", "August"), ("aout", "August"),
        ("septembre", "September"), ("octobre", "October"), ("novembre", "November"), ("décembre", "December"),
        ("decembre", "December"),
    ];
    const WEEKDAYS: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat",
        "sun", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let mut words: Vec<String> = Vec::new();
    for w in v.split(|c: char| c.is_whitespace() || c == ',') {
        let w = w.trim_end_matches('.');
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        if words.is_empty() && WEEKDAYS.contains(&lower.as_str()) {
            continue;
        }
        let w = FRENCH.iter().find(|(fr, _)| *fr == lower).map(|(_, en)| en.to_string()).unwrap_or_else(|| {
            lower.strip_suffix("er").filter(|d| d.chars().all(|c| c.is_ascii_digit()) && !d.is_empty()).map(str::to_string).unwrap_or_else(|| w.to_string())
        });
        words.push(w);
        if words.len() == 3 {
            break;
        }
    }
    let text = words.join(" ");
    ["%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y"].iter().find_map(|f| jiff::civil::Date::strptime(f, &text).ok())
}

/// Days in a month of the proleptic Gregorian calendar (`2021-02-30` is not a date).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
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
        assert!(!looks_binary("Moscou appelle\0 au calme, Berlin aussi.\n".as_bytes()), "a stray NUL");
        assert!(looks_binary(&[0u8; 64]));
    }

    #[test]
    fn dates_are_normalised() {
        assert_eq!(normalise_date("2020-10-01T10:00:00Z").as_deref(), Some("2020-10-01"));
        assert_eq!(normalise_date("2020-13").as_deref(), None);
        assert_eq!(normalise_date("hier"), None);
        assert_eq!(normalise_date("2021-02-30"), None);
        assert_eq!(normalise_date("2021-04-31"), None);
        assert_eq!(normalise_date("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(normalise_date("1900-02-29"), None);
    }

    #[test]
    fn dates_of_feeds_and_pages_are_read() {
        let d = |s: &str| normalise_date(s);
        assert_eq!(d("Mon, 05 Oct 2020 14:00:00 +0200").as_deref(), Some("2020-10-05"));
        assert_eq!(d("October 5, 2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("Monday, October 5, 2020 10:30 AM").as_deref(), Some("2020-10-05"));
        assert_eq!(d("5 Oct 2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("Oct. 5, 2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("5 octobre 2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("jeudi 1er octobre 2020").as_deref(), Some("2020-10-01"));
        assert_eq!(d("05/10/2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("10/25/2020").as_deref(), Some("2020-10-25"));
        assert_eq!(d("05.10.2020").as_deref(), Some("2020-10-05"));
        assert_eq!(d("2020/10/05").as_deref(), Some("2020-10-05"));
        assert_eq!(d("31/02/2020"), None);
        assert_eq!(d("February 30, 2021"), None);
        assert_eq!(d("yesterday"), None);
    }
}
