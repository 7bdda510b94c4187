//! Language identification of whole documents, with whatlang's trigram profiles (some seventy
//! languages): a Spanish, German or Russian article is recognised as such instead of being
//! read as French because it shares *de*, *la* or *en* with French. Which of the languages
//! newskg has a lexicon for (French, English) a document is in is still decided by the
//! lexicons' stopwords (`text`), so that a third language stays data.

/// Longest sample given to the detector (bytes, cut at a character boundary): the start of an
/// article says its language as well as the whole.
const SAMPLE_BYTES: usize = 4096;

/// Fewer letters than this and no language is claimed: short texts are too easy to misread.
const MIN_LETTERS: usize = 40;

/// The language of `text` when whatlang is confident: its BCP 47 tag (ISO 639-1 when the
/// language has one, else ISO 639-3) and its English name.
pub fn identify(text: &str) -> Option<(String, &'static str)> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    let lang = info.lang();
    let code = lang.code();
    Some((iso639_1(code).unwrap_or(code).to_string(), lang.eng_name()))
}

/// The primary subtag of a language tag, lower case (`fr-FR` → `fr`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// The English name of a language tag newskg reads, for messages (`fr` → French).
pub fn name(tag: &str) -> String {
    match primary(tag).as_str() {
        "fr" => "French".into(),
        "en" => "English".into(),
        "es" => "Spanish".into(),
        "de" => "German".into(),
        "it" => "Italian".into(),
        "ru" => "Russian".into(),
        other => other.to_string(),
    }
}

/// ISO 639-1 code of the ISO 639-3 codes whatlang returns.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af", "aka" => "ak", "amh" => "am", "ara" => "ar", "aze" => "az", "bel" => "be",
        "ben" => "bn", "bul" => "bg", "cat" => "ca", "ces" => "cs", "cmn" => "zh", "dan" => "da",
        "deu" => "de", "ell" => "el", "eng" => "en", "epo" => "eo", "est" => "et", "fin" => "fi",
        "fra" => "fr", "guj" => "gu", "heb" => "he", "hin" => "hi", "hrv" => "hr", "hun" => "hu",
        "hye" => "hy", "ind" => "id", "ita" => "it", "jav" => "jv", "jpn" => "ja", "kan" => "kn",
        "kat" => "ka", "khm" => "km", "kor" => "ko", "lat" => "la", "lav" => "lv", "lit" => "lt",
        "mal" => "ml", "mar" => "mr", "mkd" => "mk", "mya" => "my", "nep" => "ne", "nld" => "nl",
        "nob" => "nb", "ori" => "or", "pan" => "pa", "pes" => "fa", "pol" => "pl", "por" => "pt",
        "ron" => "ro", "rus" => "ru", "sin" => "si", "slk" => "sk", "slv" => "sl", "sna" => "sn",
        "spa" => "es", "srp" => "sr", "swe" => "sv", "tam" => "ta", "tel" => "te", "tgl" => "tl",
        "tha" => "th", "tuk" => "tk", "tur" => "tr", "ukr" => "uk", "urd" => "ur", "uzb" => "uz",
        "vie" => "vi", "yid" => "yi", "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_are_named_and_short_texts_are_not_guessed() {
        let es = "El ministro de Asuntos Exteriores pidió a los dos países que respetaran el alto el fuego y volvieran a la mesa de negociaciones lo antes posible.";
        assert_eq!(identify(es).map(|l| l.0).as_deref(), Some("es"));
        let de = "Der Außenminister forderte beide Länder auf, die Waffenruhe einzuhalten und so schnell wie möglich an den Verhandlungstisch zurückzukehren.";
        assert_eq!(identify(de).map(|l| l.0).as_deref(), Some("de"));
        let ru = "Министр иностранных дел призвал обе страны соблюдать режим прекращения огня и как можно скорее вернуться за стол переговоров.";
        assert_eq!(identify(ru).map(|l| l.0).as_deref(), Some("ru"));
        let fr = "Le ministre des Affaires étrangères a appelé les deux pays à respecter le cessez-le-feu et à revenir au plus vite à la table des négociations.";
        assert_eq!(identify(fr).map(|l| l.0).as_deref(), Some("fr"));
        assert_eq!(identify("Moscou appelle."), None);
        assert_eq!(primary("fr-FR"), "fr");
        assert_eq!(primary("EN"), "en");
    }
}
