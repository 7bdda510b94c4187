//! Text folding for matching: case, accents, apostrophes and transliteration variants.

use unicode_normalization::UnicodeNormalization;

/// Lower case, no diacritics, typographic apostrophes and dashes made plain.
/// `Çavuşoğlu` → `cavusoglu`, `l’Arménie` → `l'armenie`.
pub fn fold(text: &str) -> String {
    // Most tokens are plain ASCII: no decomposition needed.
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        return if lower.contains('`') { lower.replace('`', "'") } else { lower };
    }
    // Latin letters with one accent (French, most of Europe) fold by table; the rest goes
    // through Unicode decomposition.
    if let Some(out) = fold_latin1(text) {
        return out;
    }
    fold_decomposed(text)
}

/// Letters of the alphabetic scripts whose names news transliterate into Latin letters:
/// Greek, Cyrillic, Armenian, Georgian. (Other scripts are left as they are: a Han or Arabic
/// label has no single Latin spelling to meet.)
fn is_transliterated(c: char) -> bool {
    matches!(c as u32, 0x370..=0x3FF | 0x1F00..=0x1FFF | 0x400..=0x52F | 0x530..=0x58F | 0x10A0..=0x10FF)
}

/// `fold` by Unicode decomposition: any text. Greek, Cyrillic, Armenian and Georgian letters
/// are transliterated first (`deunicode`), so that `Сергей Лавров` folds to `sergei lavrov`
/// and meets the Latin spellings of the name (see `translit_key`).
fn fold_decomposed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let latin: std::borrow::Cow<str> = if text.chars().any(is_transliterated) {
        let mut t = String::with_capacity(text.len() * 2);
        for c in text.chars() {
            match (is_transliterated(c) && c.is_alphabetic()).then(|| deunicode::deunicode_char(c)).flatten() {
                Some(ascii) => t.push_str(ascii),
                None => t.push(c),
            }
        }
        t.into()
    } else {
        text.into()
    };
    for c in latin.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => out.push('-'),
            'ı' => out.push('i'),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ł' => out.push('l'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `fold` for text made of ASCII and the accented letters of Latin-1 (and the typographic
/// apostrophe); `None` for anything else.
fn fold_latin1(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let base = match c {
            '`' | '\u{2019}' | '\u{2018}' => '\'',
            c if c.is_ascii() => c.to_ascii_lowercase(),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ý' | 'ÿ' | 'Ý' => 'y',
            _ => return None,
        };
        out.push(base);
    }
    Some(out)
}

/// A key that survives the usual transliterations of Slavic, Armenian, Turkic and Arabic
/// names between French, English and German news (`Sergueï`/`Sergey`/`Sergei`,
/// `Djeyhoun`/`Jeyhun`, `Pashinian`/`Pashinyan`/`Pachinian`, `Marija`/`Maria`).
/// Used for identity of person names, never shown.
pub fn translit_key(text: &str) -> String {
    // Names repeat within and across documents: remember the keys already made (per thread,
    // bounded).
    thread_local! {
        static CACHE: std::cell::RefCell<crate::fasthash::FastMap<String, String>> = Default::default();
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(text).cloned()) {
        return hit;
    }
    let key = make_translit_key(text);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 50_000 {
            c.clear();
        }
        c.insert(text.to_string(), key.clone());
    });
    key
}

fn make_translit_key(text: &str) -> String {
    let mut s: String = fold(text).chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect();
    // Applied in turn, each over the whole name; order matters (longer patterns first).
    const RULES: &[(&str, &str)] = &[
        ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tch", "ch"), ("sch", "sh"), ("ch", "sh"),
        ("kh", "h"), ("gue", "ge"), ("gui", "gi"), ("ou", "u"), ("oo", "u"), ("ij", "i"),
        ("iy", "i"), ("y", "i"), ("w", "v"), ("ph", "f"), ("ck", "k"), ("q", "k"),
        ("ks", "x"), ("ii", "i"), ("ee", "e"),
    ];
    for (from, to) in RULES {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // French spells Russian names in -ine with a final e (Poutine, Lénine, Staline).
    s = s.split(' ').map(|w| if w.len() > 5 && w.ends_with("ine") { &w[..w.len() - 1] } else { w }).collect::<Vec<_>>().join(" ");
    // Doubled consonants are often single in one transliteration and double in another.
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == prev && !"aeiou ".contains(c) {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_apostrophes() {
        assert_eq!(fold("Çavuşoğlu"), "cavusoglu");
        assert_eq!(fold("l’Arménie"), "l'armenie");
        assert_eq!(fold("Azerbaïdjan"), "azerbaidjan");
    }

    #[test]
    fn the_latin1_table_folds_as_decomposition_does() {
        let mut checked = 0;
        for c in (0x20u32..0x250).filter_map(char::from_u32).chain(['\u{2019}', '\u{2018}']) {
            let s = format!("x{c}Y");
            if let Some(fast) = fold_latin1(&s) {
                assert_eq!(fast, fold_decomposed(&s), "{c:?}");
                checked += 1;
            }
        }
        assert!(checked > 150, "{checked}");
        assert_eq!(fold("Élysée À Genève"), "elysee a geneve");
    }

    #[test]
    fn greek_and_cyrillic_fold_to_latin_letters() {
        assert_eq!(fold("Москва"), "moskva");
        assert_eq!(fold("Αθήνα"), fold(&deunicode::deunicode("Αθήνα")));
        assert!(fold("Αθήνα").is_ascii());
        assert_eq!(translit_key("Сергей Лавров"), translit_key("Sergueï Lavrov"));
        assert_eq!(translit_key("Мария Захарова"), translit_key("Maria Zakharova"));
        assert_eq!(translit_key("Никол Пашинян"), translit_key("Nikol Pashinian"));
        // Other scripts are left as they are.
        assert_eq!(fold("北京"), "北京");
    }

    #[test]
    fn transliterations_share_a_key() {
        assert_eq!(translit_key("Sergueï Lavrov"), translit_key("Sergey Lavrov"));
        assert_eq!(translit_key("Sergei Lavrov"), translit_key("Sergey Lavrov"));
        assert_eq!(translit_key("Djeyhoun Baïramov"), translit_key("Jeyhun Bayramov"));
        assert_eq!(translit_key("Pashinian"), translit_key("Pashinyan"));
        assert_eq!(translit_key("Pachinian"), translit_key("Pashinyan"));
        assert_eq!(translit_key("Mnatsakanian"), translit_key("Mnatsakanyan"));
        assert_eq!(translit_key("Marija Zakharova"), translit_key("Maria Zakharova"));
        assert_eq!(translit_key("Mevlüt Çavuşoğlu"), translit_key("Mevlut Cavusoglu"));
        assert_ne!(translit_key("Lavrov"), translit_key("Pompeo"));
        assert_eq!(translit_key("Vladimir Poutine"), translit_key("Vladimir Putin"));
    }
}
