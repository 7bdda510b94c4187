//! Which label to print for an entity, in the language the user asked for (`--lang fr|en`):
//! a label in that language, else in the other language newskg reads, else an untagged one,
//! else any (sorted, so the choice is stable).

/// The label of `labels` ((language tag, text) pairs) to show to a reader of `lang`.
pub fn pick<'a, I>(labels: I, lang: &str) -> Option<String>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let primary = |tag: &str| tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let wanted = primary(lang);
    let mut best: Option<(u8, &str)> = None;
    for (tag, text) in labels {
        let tag = primary(tag);
        let rank = if tag == wanted {
            0
        } else if tag == "fr" || tag == "en" {
            1
        } else if tag.is_empty() {
            2
        } else {
            3
        };
        if best.is_none_or(|(r, t)| (rank, text) < (r, t)) {
            best = Some((rank, text));
        }
    }
    best.map(|(_, t)| t.to_string())
}

/// `--lang`: the languages labels can be asked in.
pub fn parse_lang(s: &str) -> Result<String, String> {
    match s.to_ascii_lowercase().as_str() {
        l @ ("fr" | "en") => Ok(l.to_string()),
        _ => Err(format!("expected fr or en, not {s}")),
    }
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn the_asked_language_comes_first() {
        let l = [("fr", "Russie"), ("en", "Russia"), ("de", "Russland")];
        assert_eq!(pick(l, "en").as_deref(), Some("Russia"));
        assert_eq!(pick(l, "fr").as_deref(), Some("Russie"));
        assert_eq!(pick([("de", "Russland"), ("", "RUS")], "fr").as_deref(), Some("RUS"));
        assert_eq!(pick([("en-GB", "Russia")], "fr").as_deref(), Some("Russia"));
        assert_eq!(pick(Vec::<(&str, &str)>::new(), "fr"), None);
    }
}
