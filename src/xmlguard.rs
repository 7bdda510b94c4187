//! A guard in front of the RDF/XML parser. Oxigraph's parser expands the entities a DOCTYPE
//! declares as it reads them, without a bound (a file of a few hundred bytes can ask for
//! gigabytes: "billion laughs"), and it ends without an error when the file stops in the middle
//! of an element. This reader watches the bytes on their way to the parser: it refuses a
//! DOCTYPE whose entities expand beyond `MAX_ENTITY_BYTES`, stops when the references in the
//! document would expand beyond `MAX_EXPANDED_BYTES` in total, and turns an end of file inside
//! an element into an error. It only lexes (tags, comments, CDATA, processing instructions,
//! quotes); the parser does the rest.

use std::collections::HashMap;
use std::io::{self, Read};

/// Largest expansion of one declared entity.
pub const MAX_ENTITY_BYTES: usize = 64 * 1024;
/// Largest total of entity expansions over a document.
pub const MAX_EXPANDED_BYTES: usize = 64 * 1024 * 1024;
/// Largest DOCTYPE kept for inspection.
const MAX_DOCTYPE_BYTES: usize = 1024 * 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Text,
    /// After `<`, deciding what comes.
    Open,
    /// Inside a start or end tag; `quote` when inside an attribute value.
    Tag { end: bool, quote: Option<u8>, slash: bool },
    Comment,
    CData,
    Pi,
    /// `<!DOCTYPE …`: `bracket` inside the internal subset, `quote` inside a literal.
    Doctype { bracket: bool, quote: Option<u8> },
    /// `<!` not yet known (comment, CDATA or DOCTYPE).
    Bang,
    /// After `&` in text or an attribute value: the entity name so far.
    Reference { in_tag: bool },
}

pub struct XmlGuard<R> {
    inner: R,
    state: State,
    /// Bytes after `<!` or `&` until the construct is known.
    pending: Vec<u8>,
    /// Last bytes, to find the ends of comments, CDATA and PIs across reads.
    tail: [u8; 2],
    depth: usize,
    root_seen: bool,
    doctype: Vec<u8>,
    entities: HashMap<String, usize>,
    expanded: usize,
    /// The quote of the attribute value a reference is in.
    ref_quote: u8,
    error: Option<String>,
}

impl<R: Read> XmlGuard<R> {
    pub fn new(inner: R) -> Self {
        XmlGuard {
            inner,
            state: State::Text,
            pending: Vec::new(),
            tail: [0; 2],
            depth: 0,
            root_seen: false,
            doctype: Vec::new(),
            entities: HashMap::new(),
            expanded: 0,
            ref_quote: b'"',
            error: None,
        }
    }

    fn fail(&mut self, msg: String) -> io::Error {
        self.error = Some(msg.clone());
        io::Error::new(io::ErrorKind::InvalidData, GuardError(msg))
    }

    fn scan(&mut self, bytes: &[u8]) -> Result<(), String> {
        for &b in bytes {
            self.step(b)?;
            self.tail = [self.tail[1], b];
        }
        Ok(())
    }

    fn step(&mut self, b: u8) -> Result<(), String> {
        match self.state {
            State::Text => match b {
                b'<' => self.state = State::Open,
                b'&' => {
                    self.pending.clear();
                    self.state = State::Reference { in_tag: false };
                }
                _ => {}
            },
            State::Reference { in_tag } => {
                let closes_value = in_tag && b == self.ref_quote;
                if b == b';' || self.pending.len() > 64 || b.is_ascii_whitespace() || b == b'<' || closes_value {
                    let name = String::from_utf8_lossy(&self.pending).into_owned();
                    if let Some(&size) = self.entities.get(&name) {
                        self.expanded += size;
                        if self.expanded > MAX_EXPANDED_BYTES {
                            return Err(format!(
                                "its entity references expand to more than {} MB (an entity-expansion attack?)",
                                MAX_EXPANDED_BYTES >> 20
                            ));
                        }
                    }
                    self.state = match (in_tag, closes_value, b) {
                        (true, true, _) => State::Tag { end: false, quote: None, slash: false },
                        (true, false, _) => State::Tag { end: false, quote: Some(self.ref_quote), slash: false },
                        (false, _, b'<') => State::Open,
                        (false, _, _) => State::Text,
                    };
                } else {
                    self.pending.push(b);
                }
            }
            State::Open => match b {
                b'/' => self.state = State::Tag { end: true, quote: None, slash: false },
                b'?' => self.state = State::Pi,
                b'!' => {
                    self.pending.clear();
                    self.state = State::Bang;
                }
                _ => {
                    if self.depth == 0 && self.root_seen {
                        return Err("it has content after its root element".into());
                    }
                    self.root_seen = true;
                    self.state = State::Tag { end: false, quote: None, slash: false };
                }
            },
            State::Bang => {
                self.pending.push(b);
                let p = self.pending.as_slice();
                if p == b"--" {
                    self.state = State::Comment;
                    self.tail = [0; 2];
                } else if p == b"[CDATA[" {
                    self.state = State::CData;
                    self.tail = [0; 2];
                } else if p.eq_ignore_ascii_case(b"DOCTYPE") {
                    self.doctype.clear();
                    self.state = State::Doctype { bracket: false, quote: None };
                } else if p.len() >= 7 {
                    return Err("it has a markup declaration that is not a comment, CDATA or DOCTYPE".into());
                }
            }
            State::Comment => {
                if b == b'>' && self.tail == *b"--" {
                    self.state = State::Text;
                }
            }
            State::CData => {
                if b == b'>' && self.tail == *b"]]" {
                    self.state = State::Text;
                }
            }
            State::Pi => {
                if b == b'>' && self.tail[1] == b'?' {
                    self.state = State::Text;
                }
            }
            State::Doctype { bracket, quote } => {
                if self.doctype.len() >= MAX_DOCTYPE_BYTES {
                    return Err(format!("its DOCTYPE is longer than {} MB", MAX_DOCTYPE_BYTES >> 20));
                }
                self.doctype.push(b);
                match (quote, b) {
                    (Some(q), c) if c == q => self.state = State::Doctype { bracket, quote: None },
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => self.state = State::Doctype { bracket, quote: Some(b) },
                    (None, b'[') => self.state = State::Doctype { bracket: true, quote: None },
                    (None, b']') => self.state = State::Doctype { bracket: false, quote: None },
                    (None, b'>') if !bracket => {
                        self.check_doctype()?;
                        self.state = State::Text;
                    }
                    _ => {}
                }
            }
            State::Tag { end, quote, slash } => match (quote, b) {
                (Some(q), c) if c == q => self.state = State::Tag { end, quote: None, slash: false },
                (Some(q), b'&') => {
                    self.pending.clear();
                    self.ref_quote = q;
                    self.state = State::Reference { in_tag: true };
                }
                (Some(_), _) => {}
                (None, b'"' | b'\'') => self.state = State::Tag { end, quote: Some(b), slash: false },
                (None, b'>') => {
                    if end {
                        self.depth = self.depth.saturating_sub(1);
                    } else if !slash {
                        self.depth += 1;
                    }
                    self.state = State::Text;
                }
                (None, c) => self.state = State::Tag { end, quote: None, slash: c == b'/' },
            },
        }
        Ok(())
    }

    /// Sizes of the declared entities, each expanded (references to earlier ones included).
    fn check_doctype(&mut self) -> Result<(), String> {
        let text = String::from_utf8_lossy(&self.doctype).into_owned();
        let mut decls: Vec<(String, String)> = Vec::new();
        for part in text.split("<!ENTITY").skip(1) {
            let part = part.trim_start();
            if part.starts_with('%') {
                return Err("its DOCTYPE declares parameter entities, which newskg does not read".into());
            }
            let Some((name, rest)) = part.split_once(|c: char| c.is_ascii_whitespace()) else { continue };
            let rest = rest.trim_start();
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                return Err(format!("its DOCTYPE declares the external entity {name}, which newskg does not read"));
            };
            let value = rest[1..].split(q).next().unwrap_or("");
            decls.push((name.to_string(), value.to_string()));
        }
        for (name, value) in decls {
            let mut size = 0usize;
            let mut rest = value.as_str();
            while let Some(p) = rest.find('&') {
                size += p;
                rest = &rest[p + 1..];
                match rest.find(';') {
                    Some(e) => {
                        size = size.saturating_add(self.entities.get(&rest[..e]).copied().unwrap_or(e + 2));
                        rest = &rest[e + 1..];
                    }
                    None => size += 1,
                }
            }
            size = size.saturating_add(rest.len());
            if size > MAX_ENTITY_BYTES {
                return Err(format!(
                    "its entity {name} expands to more than {} KB (an entity-expansion attack?)",
                    MAX_ENTITY_BYTES >> 10
                ));
            }
            self.entities.insert(name, size);
        }
        Ok(())
    }
}

impl<R: Read> Read for XmlGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(e) = &self.error {
            let e = e.clone();
            return Err(self.fail(e));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            if !self.root_seen {
                return Err(self.fail("it has no root element (empty or cut short)".into()));
            }
            if self.depth > 0 || self.state != State::Text {
                return Err(self.fail("it ends in the middle of an element: the file is truncated".into()));
            }
            return Ok(0);
        }
        if let Err(msg) = self.scan(&buf[..n]) {
            return Err(self.fail(msg));
        }
        Ok(n)
    }
}

/// The error a guard returns, recognisable among I/O errors.
#[derive(Debug)]
pub struct GuardError(pub String);

impl std::fmt::Display for GuardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GuardError {}

/// The guard's message when `e` came from a guard.
pub fn guard_message(e: &io::Error) -> Option<String> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<GuardError>()).map(|g| g.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut g = XmlGuard::new(xml.as_bytes());
        // Small reads, to cross every construct's boundary.
        let mut buf = [0u8; 3];
        loop {
            match g.read(&mut buf) {
                Ok(0) => return Ok(out),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return Err(guard_message(&e).unwrap_or_else(|| e.to_string())),
            }
        }
    }

    #[test]
    fn well_formed_documents_pass() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [<!ENTITY ex \"http://example.org/\">]>\n<!-- a <comment> -->\n<rdf:RDF a=\"x>y\"><d about=\"&ex;a\"><![CDATA[<b>]]></d><e/></rdf:RDF>\n";
        assert_eq!(read_all(xml).unwrap(), xml.as_bytes());
    }

    #[test]
    fn truncated_documents_fail() {
        let e = read_all("<rdf:RDF><d about=\"x\"><p>text</p>").unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        assert!(read_all("").unwrap_err().contains("no root element"));
    }

    #[test]
    fn entity_bombs_are_refused() {
        let mut dtd = String::from("<!ENTITY a0 \"lollollollollollollollollollol\">");
        for i in 1..10 {
            let prev = format!("&a{};", i - 1);
            dtd.push_str(&format!("<!ENTITY a{i} \"{}\">", prev.repeat(10)));
        }
        let xml = format!("<!DOCTYPE r [{dtd}]><r>&a9;</r>");
        let e = read_all(&xml).unwrap_err();
        assert!(e.contains("entity-expansion"), "{e}");
    }

    #[test]
    fn many_references_to_a_fair_entity_are_bounded() {
        let big = "x".repeat(60_000);
        let xml = format!("<!DOCTYPE r [<!ENTITY b \"{big}\">]><r>{}</r>", "&b;".repeat(1200));
        let e = read_all(&xml).unwrap_err();
        assert!(e.contains("MB"), "{e}");
    }
}
