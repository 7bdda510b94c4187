//! From our tokens (`text::tokenize`) to Universal Dependencies words.
//!
//! UD splits some written tokens into several syntactic words: French `du`, `au`, `aux` are
//! `de le`, `à le`, `à les` (and `des` is `de les` after a word that governs *de*, but the
//! indefinite article elsewhere: decided by the word before it, or its tag); English `don't`, `I'm`, `it's` are `do n't`, `I 'm`, `it 's`.
//! Our tokenizer already cuts elided French articles (`l'`, `qu'`) and `'s` / `n't` after most
//! words; what it keeps whole is cut here. Each word remembers its token.

use super::model::Model;
use super::Multiword;
use crate::text::Token;
use std::borrow::Cow;

/// French contractions that are always two words.
const FR_ALWAYS: &[(&str, &str, &str)] = &[
    ("du", "de", "le"),
    ("au", "à", "le"),
    ("aux", "à", "les"),
    ("duquel", "de", "lequel"),
    ("desquels", "de", "lesquels"),
    ("desquelles", "de", "lesquelles"),
    ("auquel", "à", "lequel"),
    ("auxquels", "à", "lesquels"),
    ("auxquelles", "à", "lesquelles"),
];

/// English clitics written on the word before them.
const EN_CLITICS: &[&str] = &["n't", "'s", "'m", "'re", "'ve", "'ll", "'d"];

/// Words for a sentence's tokens: the forms, the token of each word, and the multiword tokens.
pub fn split<'a>(tokens: &[Token], text: &'a str, lang: &str, m: &Model) -> (Vec<Cow<'a, str>>, Vec<usize>, Vec<Multiword>) {
    let mut forms: Vec<Cow<'a, str>> = Vec::with_capacity(tokens.len() + 4);
    let mut index = Vec::with_capacity(tokens.len() + 4);
    let mut multi = Vec::new();
    let mut lower = String::new();
    // French `des` (word positions), decided once the words before it are tagged.
    let mut des = Vec::new();
    for (ti, t) in tokens.iter().enumerate() {
        let surface = &text[t.start..t.end];
        lower.clear();
        lower.extend(surface.chars().flat_map(char::to_lowercase));
        let parts: Option<(Cow<'a, str>, Cow<'a, str>)> = match lang {
            "fr" => {
                if lower == "des" {
                    des.push(forms.len());
                }
                french(surface, &lower)
            }
            "en" => english(surface, &lower),
            _ => None,
        };
        match parts {
            Some((a, b)) => {
                multi.push(Multiword { first: forms.len() + 1, last: forms.len() + 2, form: surface.to_string() });
                forms.push(a);
                forms.push(b);
                index.push(ti);
                index.push(ti);
            }
            None => {
                forms.push(Cow::Borrowed(surface));
                index.push(ti);
            }
        }
    }
    if des.is_empty() {
        return (forms, index, multi);
    }
    let refs: Vec<&str> = forms.iter().map(|f| f.as_ref()).collect();
    let split: Vec<bool> = m.des_contractions(&refs, &des);
    // Rebuild with the contractions cut, shifting later word numbers.
    let (mut f2, mut i2, mut m2) = (Vec::with_capacity(forms.len() + des.len()), Vec::with_capacity(forms.len() + des.len()), Vec::new());
    let mut mi = multi.into_iter().peekable();
    let mut di = des.iter().zip(split).peekable();
    for (w, (form, ti)) in forms.into_iter().zip(index).enumerate() {
        while let Some(mw) = mi.next_if(|mw| mw.first == w + 1) {
            let shift = f2.len() - w;
            m2.push(Multiword { first: mw.first + shift, last: mw.last + shift, form: mw.form });
        }
        match di.next_if(|(&d, _)| d == w) {
            Some((_, true)) => {
                m2.push(Multiword { first: f2.len() + 1, last: f2.len() + 2, form: form.to_string() });
                let (a, b) = match form {
                    Cow::Borrowed(s) => (capitalised(s, "de"), Cow::Borrowed("les")),
                    Cow::Owned(s) => (capitalised(&s, "de"), Cow::Borrowed("les")),
                };
                f2.push(a);
                f2.push(b);
                i2.push(ti);
                i2.push(ti);
            }
            _ => {
                f2.push(form);
                i2.push(ti);
            }
        }
    }
    (f2, i2, m2)
}

fn capitalised(surface: &str, w: &'static str) -> Cow<'static, str> {
    if surface.chars().next().is_some_and(char::is_uppercase) {
        let mut c = w.chars();
        let first: String = c.next().map(|f| f.to_uppercase().collect()).unwrap_or_default();
        Cow::Owned(first + c.as_str())
    } else {
        Cow::Borrowed(w)
    }
}

fn french<'a>(surface: &str, lower: &str) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
    FR_ALWAYS.iter().find(|(w, _, _)| *w == lower).map(|&(_, a, b)| (capitalised(surface, a), Cow::Borrowed(b)))
}

fn english<'a>(surface: &'a str, lower: &str) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
    if lower == "cannot" {
        return Some((Cow::Borrowed(&surface[..3]), Cow::Borrowed(&surface[3..])));
    }
    // Compare with straight apostrophes; cut at the same byte in the surface.
    for c in EN_CLITICS {
        let ap = c.find('\'').unwrap_or(0);
        for apos in ['\'', '’'] {
            let mut pat = String::with_capacity(c.len() + 2);
            pat.push_str(&c[..ap]);
            pat.push(apos);
            pat.push_str(&c[ap + 1..]);
            if lower.len() > pat.len() && lower.ends_with(pat.as_str()) && surface.len() == lower.len() {
                let cut = surface.len() - pat.len();
                if surface.is_char_boundary(cut) {
                    return Some((Cow::Borrowed(&surface[..cut]), Cow::Borrowed(&surface[cut..])));
                }
            }
        }
    }
    None
}
