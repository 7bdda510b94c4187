//! Stage 2 — text: boilerplate removal, language detection, sentences and tokens.
//!
//! Offsets are byte offsets into `Document::text` (NFC); NIF character offsets are derived
//! from them in the rdf stage. Typographic apostrophes and quotes stay in the text: matching
//! folds them (`crate::fold`), so offsets never need remapping.

use crate::document::Document;
use crate::fold::fold;
use crate::lexicon::Knowledge;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Clone, Debug)]
pub struct Token {
    /// Byte offsets in the document text.
    pub start: usize,
    pub end: usize,
    /// Folded form (lower case, no accents, plain apostrophe) used by every matcher.
    pub norm: String,
    pub kind: TokenKind,
    /// First letter upper case.
    pub cap: bool,
    /// Two or more letters, all upper case (acronyms, shouted headings).
    pub upper: bool,
}

#[derive(Clone, Debug)]
pub struct Sentence {
    /// Position in the document, from 0.
    pub index: usize,
    pub start: usize,
    pub end: usize,
    /// Paragraph (kept line) the sentence belongs to.
    pub paragraph: usize,
    /// Quotation the sentence opens or continues, numbered per document.
    pub quote: Option<usize>,
    pub lang: String,
    pub tokens: Vec<Token>,
}

impl Sentence {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
}

/// A document cut into sentences, with its language.
#[derive(Clone, Debug)]
pub struct Analysed {
    pub lang: String,
    pub sentences: Vec<Sentence>,
    /// Lines dropped as boilerplate, as byte ranges (for `explain`).
    pub dropped: Vec<(usize, usize)>,
}

/// Runs the whole text stage on one document.
pub fn analyse(doc: &Document, k: &Knowledge) -> Analysed {
    let text = &doc.text;
    let lines = split_lines(text, doc.body_start);
    let doc_lang = match &doc.lang {
        // A declared `fr-FR` is read with the French lexicon.
        Some(declared) => {
            let primary = crate::language::primary(declared);
            if k.langs.contains_key(&primary) {
                primary
            } else {
                declared.clone()
            }
        }
        None => detect_language(text, &lines, k),
    };
    if !k.langs.contains_key(&doc_lang) {
        // A language without a lexicon (`es`, `und-Cyrl`: the reader said so): no sentence is
        // read, rather than reading it as French.
        return Analysed { lang: doc_lang, sentences: Vec::new(), dropped: Vec::new() };
    }
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for &(s, e) in &lines {
        if is_boilerplate(&text[s..e], k) {
            dropped.push((s, e));
        } else {
            kept.push((s, e));
        }
    }
    let mut sentences = Vec::new();
    let mut quote_counter = 0usize;
    for (paragraph, &(s, e)) in kept.iter().enumerate() {
        let tokens = tokenize(text, s, e, k);
        let line_lang = line_language(&tokens, k).unwrap_or_else(|| doc_lang.clone());
        split_sentences(text, tokens, paragraph, &line_lang, k, &mut quote_counter, &mut sentences);
    }
    for (i, s) in sentences.iter_mut().enumerate() {
        s.index = i;
    }
    Analysed { lang: doc_lang, sentences, dropped }
}

/// The language of a document (its declared one, else detected from its first words).
pub fn document_language(doc: &Document, k: &Knowledge) -> String {
    doc.lang.clone().unwrap_or_else(|| detect_language(&doc.text, &split_lines(&doc.text, doc.body_start), k))
}

/// Non-empty lines from `from` on, trimmed, as byte ranges.
fn split_lines(text: &str, from: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = from;
    for line in text[from..].split('\n') {
        let start = pos + (line.len() - line.trim_start().len());
        let end = pos + line.trim_end().len();
        if end > start {
            out.push((start, end));
        }
        pos += line.len() + 1;
    }
    out
}

/// A page widget (*S'abonner à la newsletter*, *Partager sur Facebook*) is a short line.
pub const MAX_WIDGET_BYTES: usize = 80;

/// Boilerplate: lines in another script, lines without letters, and the lexicons' patterns.
pub fn is_boilerplate(line: &str, k: &Knowledge) -> bool {
    let (mut letters, mut latin) = (0, 0);
    for c in line.chars() {
        if c.is_ascii_alphabetic() {
            letters += 1;
            latin += 1;
        } else if !c.is_ascii() && c.is_alphabetic() {
            letters += 1;
            latin += is_latin(c) as usize;
        }
    }
    if letters < 2 {
        return true;
    }
    if latin * 2 < letters {
        return true;
    }
    (line.len() <= MAX_WIDGET_BYTES && k.widgets.is_match(line)) || k.boilerplate.is_match(line) || is_caption(line)
}

/// `Sergueï Lavrov - Agence X`: a short line with a dash separator and no sentence inside.
fn is_caption(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= 8 && line.contains(" - ") && !line.ends_with(['.', '!', '?', '»', '"'])
}

fn is_latin(c: char) -> bool {
    (c as u32) < 0x250 || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

fn detect_language(text: &str, lines: &[(usize, usize)], k: &Knowledge) -> String {
    let mut scores: Vec<(&str, &crate::lexicon::LangLexicon, usize)> = k.langs.iter().map(|(l, lex)| (l.as_str(), lex, 0)).collect();
    let mut seen = 0;
    let mut lower = String::new();
    for &(s, e) in lines {
        for w in text[s..e].split(|c: char| !c.is_alphanumeric() && c != '\'') {
            if w.is_empty() {
                continue;
            }
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            for (_, lex, score) in scores.iter_mut() {
                if lex.stopwords.contains(lower.as_str()) {
                    *score += 1;
                }
            }
            seen += 1;
        }
        if seen > 2000 {
            break;
        }
    }
    scores.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    match scores.first() {
        Some((lang, _, score)) if *score > 0 => lang.to_string(),
        _ => k.default_lang.clone(),
    }
}

/// The language of one line when its stopwords say so clearly (an English quote in French copy).
fn line_language(tokens: &[Token], k: &Knowledge) -> Option<String> {
    let mut best: Option<(&str, usize)> = None;
    let mut second = 0;
    for (lang, lex) in &k.langs {
        let n = tokens.iter().filter(|t| lex.stopwords.contains(t.norm.as_str())).count();
        match best {
            Some((_, b)) if n <= b => second = second.max(n),
            _ => {
                second = best.map(|b| b.1).unwrap_or(0);
                best = Some((lang, n));
            }
        }
    }
    let (lang, n) = best?;
    (n >= 3 && n >= 3 * second.max(1)).then(|| lang.to_string())
}

/// Splits a line into tokens: words (with inner hyphens), elided articles (`l'`, `d'`),
/// numbers, acronyms with dots (`U.S.`) and punctuation.
pub fn tokenize(text: &str, start: usize, end: usize, k: &Knowledge) -> Vec<Token> {
    let s = &text[start..end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let is_apos = |c: char| c == '\'' || c == '’' || c == 'ʼ';
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i;
            // Acronym with dots: U.S. / U.N.
            if c.is_uppercase() && i + 3 < chars.len() + 1 {
                let mut m = i;
                let mut letters = 0;
                while m + 1 < chars.len() && chars[m].1.is_uppercase() && chars[m + 1].1 == '.' {
                    letters += 1;
                    m += 2;
                    if m < chars.len() && !chars[m].1.is_uppercase() {
                        break;
                    }
                }
                if letters >= 2 {
                    let e = if m < chars.len() { chars[m].0 } else { s.len() };
                    tokens.push(make(text, start + off, start + e, TokenKind::Word));
                    i = m;
                    continue;
                }
            }
            while j < chars.len() {
                let ch = chars[j].1;
                if ch.is_alphanumeric() {
                    j += 1;
                } else if (ch == '-' || ch == '‑') && j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() {
                    j += 1;
                } else if (ch == ',' || ch == '.') && j + 1 < chars.len() && chars[j + 1].1.is_ascii_digit()
                    && chars[j - 1].1.is_ascii_digit()
                {
                    j += 1; // 3,5 or 1.5
                } else if is_apos(ch) && j + 1 < chars.len() && chars[j + 1].1.is_alphabetic() {
                    // French elision: the article keeps its apostrophe (l' | Arménie).
                    let word: String = chars[i..=j].iter().map(|c| c.1).collect();
                    // Elided words are short (*l'*, *jusqu'*, *lorsqu'*).
                    if j - i < k.max_elision_chars && k.elisions.contains(&fold(&word)) {
                        j += 1;
                        break;
                    }
                    // English possessive / contraction: Russia | 's, did | n't.
                    let rest: String = chars[j + 1..chars.len().min(j + 4)].iter().map(|c| c.1).collect();
                    let rest_l = rest.to_lowercase();
                    if rest_l.starts_with('s') && !rest_l.chars().nth(1).map(|c| c.is_alphabetic()).unwrap_or(false) {
                        break;
                    }
                    if rest_l.starts_with('t') && word.to_lowercase().ends_with('n') && !rest_l.chars().nth(1).map(|c| c.is_alphabetic()).unwrap_or(false) {
                        // "didn't": split before the n.
                        j -= 1;
                        break;
                    }
                    j += 1; // aujourd'hui, O'Brien
                } else {
                    break;
                }
            }
            let e = if j < chars.len() { chars[j].0 } else { s.len() };
            let kind = if chars[i..j].iter().all(|c| c.1.is_ascii_digit() || c.1 == ',' || c.1 == '.') {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            tokens.push(make(text, start + off, start + e, kind));
            i = j;
            continue;
        }
        if is_apos(c) && i + 1 < chars.len() && chars[i + 1].1.is_alphabetic() {
            // 's or n't after a split word.
            let mut j = i + 1;
            while j < chars.len() && chars[j].1.is_alphabetic() {
                j += 1;
            }
            let e = if j < chars.len() { chars[j].0 } else { s.len() };
            tokens.push(make(text, start + off, start + e, TokenKind::Word));
            i = j;
            continue;
        }
        // Punctuation: "..." stays one token.
        let mut j = i + 1;
        if c == '.' {
            while j < chars.len() && chars[j].1 == '.' {
                j += 1;
            }
        }
        let e = if j < chars.len() { chars[j].0 } else { s.len() };
        tokens.push(make(text, start + off, start + e, TokenKind::Punct));
        i = j;
    }
    tokens
}

fn make(text: &str, start: usize, end: usize, kind: TokenKind) -> Token {
    let surface = &text[start..end];
    // One pass over the letters: is the first upper case, are they all, how many are there.
    let (mut letters, mut all_upper, mut cap) = (0, true, false);
    for c in surface.chars().filter(|c| c.is_alphabetic()) {
        let up = c.is_uppercase();
        if letters == 0 {
            cap = up;
        }
        all_upper &= up;
        letters += 1;
    }
    let upper = cap && letters >= 2 && all_upper;
    let mut norm = fold(surface);
    if norm == "n't" {
        norm = "not".to_string();
    }
    Token { start, end, norm, kind, cap, upper }
}

/// Longest sentence, in tokens, before it is cut.
pub const MAX_SENTENCE_TOKENS: usize = 400;
/// Longest sentence, in bytes of text, before it is cut (after the token that crosses it).
pub const MAX_SENTENCE_BYTES: usize = 4096;

fn is_opening_quote(t: &str) -> bool {
    matches!(t, "«" | "“" | "„")
}
fn is_closing_quote(t: &str) -> bool {
    matches!(t, "»" | "”")
}

/// Sentence boundaries inside one paragraph. Quotes may hold several sentences: each gets the
/// quotation's number, so that extractors can attribute them to the speaker named after it.
fn split_sentences(
    text: &str,
    tokens: Vec<Token>,
    paragraph: usize,
    lang: &str,
    k: &Knowledge,
    quote_counter: &mut usize,
    out: &mut Vec<Sentence>,
) {
    if tokens.is_empty() {
        return;
    }
    let lex = k.lang(lang);
    let mut current: Vec<Token> = Vec::new();
    let mut depth = 0i32;
    let mut open_quote: Option<usize> = None;
    let mut sentence_quote: Option<usize> = None;
    let mut straight_open = false;
    let n = tokens.len();
    let mut iter = tokens.into_iter().peekable();
    let mut idx = 0;
    while let Some(tok) = iter.next() {
        let surface = &text[tok.start..tok.end];
        if is_opening_quote(surface) || (surface == "\"" && !straight_open) {
            if surface == "\"" {
                straight_open = true;
            }
            depth += 1;
            if depth == 1 {
                *quote_counter += 1;
                open_quote = Some(*quote_counter);
                if current.is_empty() {
                    sentence_quote = open_quote;
                }
            }
        } else if is_closing_quote(surface) || (surface == "\"" && straight_open) {
            if surface == "\"" {
                straight_open = false;
            }
            depth = (depth - 1).max(0);
            if depth == 0 {
                if sentence_quote.is_none() && current.iter().any(|t| is_opening_quote(&text[t.start..t.end])) {
                    // quote opened and closed within this sentence: nothing to attribute.
                } else if sentence_quote.is_none() {
                    sentence_quote = open_quote;
                }
                open_quote = None;
            }
        }
        if current.is_empty() && depth > 0 {
            sentence_quote = open_quote;
        }
        // Whether the token before a stop is an abbreviation or an initial (*M.*, *J. Biden*).
        let before_stop_is_abbrev = surface == "." && current.last().is_some_and(|t| {
            let s = &text[t.start..t.end];
            lex.abbreviations.contains(t.norm.as_str()) || (s.chars().count() == 1 && s.chars().all(|c| c.is_uppercase()))
        });
        current.push(tok);
        idx += 1;
        let is_end = matches!(surface, "." | "!" | "?" | "…" | "..." | "?!" | "!?");
        // Text without stops (a list, a scraped blob) is cut into pieces of bounded length, so
        // that the work per sentence stays bounded too.
        let bytes = current.last().map_or(0, |t| t.end) - current.first().map_or(0, |t| t.start);
        if current.len() >= MAX_SENTENCE_TOKENS
            || bytes >= MAX_SENTENCE_BYTES
            || (current.len() >= MAX_SENTENCE_TOKENS / 2 && matches!(surface, "," | ";" | ":"))
        {
            push_sentence(&mut current, paragraph, sentence_quote, lang, out);
            sentence_quote = if depth > 0 { open_quote } else { None };
            continue;
        }
        if !is_end || idx == n {
            continue;
        }
        if surface == "." && before_stop_is_abbrev {
            continue;
        }
        // Closing quotes that follow the stop belong to this sentence.
        while let Some(next) = iter.peek() {
            let ns = &text[next.start..next.end];
            if is_closing_quote(ns) || (ns == "\"" && straight_open) || ns == ")" {
                let t = iter.next().expect("peeked");
                if ns == "\"" {
                    straight_open = false;
                }
                depth = (depth - 1).max(0);
                if depth == 0 {
                    open_quote = None;
                }
                current.push(t);
                idx += 1;
            } else {
                break;
            }
        }
        let next_starts = match iter.peek() {
            None => true,
            Some(next) => {
                let ns = &text[next.start..next.end];
                let c = ns.chars().next().unwrap_or(' ');
                c.is_uppercase() || c.is_ascii_digit() || is_opening_quote(ns) || ns == "\"" || ns == "-" || ns == "—" || ns == "–"
            }
        };
        if next_starts {
            push_sentence(&mut current, paragraph, sentence_quote, lang, out);
            sentence_quote = if depth > 0 { open_quote } else { None };
        }
    }
    push_sentence(&mut current, paragraph, sentence_quote, lang, out);
}

fn push_sentence(current: &mut Vec<Token>, paragraph: usize, quote: Option<usize>, lang: &str, out: &mut Vec<Sentence>) {
    if current.is_empty() {
        return;
    }
    let mut tokens = std::mem::take(current);
    // Markdown and list marks (`# `, `* `, `• `, `> `) are layout, not text.
    let lead = tokens.iter().take_while(|t| t.kind == TokenKind::Punct && matches!(t.norm.as_str(), "#" | "*" | "•" | ">" | "-" | "–" | "—" | "·")).count();
    tokens.drain(..lead);
    if !tokens.iter().any(|t| t.kind != TokenKind::Punct) {
        return;
    }
    out.push(Sentence {
        index: 0,
        start: tokens[0].start,
        end: tokens[tokens.len() - 1].end,
        paragraph,
        quote,
        lang: lang.to_string(),
        tokens,
    });
}
