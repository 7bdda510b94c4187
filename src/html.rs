//! HTML to plain text: scripts, styles and navigation dropped, block elements become lines.
//! A small tag scanner is enough for articles; no DOM is built.

const DROPPED: &[&str] = &["script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg", "iframe", "button", "template"];
const BLOCKS: &[&str] = &[
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "blockquote",
    "title", "figcaption", "dd", "dt", "pre", "table", "ul", "ol", "main",
];

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut skip_until: Option<String> = None;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // Comments.
            if lower[i..].starts_with("<!--") {
                i = lower[i..].find("-->").map(|p| i + p + 3).unwrap_or(bytes.len());
                continue;
            }
            let end = match html[i..].find('>') {
                Some(p) => i + p + 1,
                None => break,
            };
            let tag = &lower[i + 1..end - 1];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if let Some(wanted) = &skip_until {
                if closing && &name == wanted {
                    skip_until = None;
                }
                i = end;
                continue;
            }
            if !closing && DROPPED.contains(&name.as_str()) && !tag.ends_with('/') {
                skip_until = Some(name);
            } else if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') {
                out.push('\n');
            }
            i = end;
            continue;
        }
        let next = html[i..].find('<').map(|p| i + p).unwrap_or(bytes.len());
        if skip_until.is_none() {
            push_decoded(&html[i..next], &mut out);
        }
        i = next;
    }
    // Tidy: trim each line, collapse blank runs into one paragraph break.
    let mut tidy = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !tidy.is_empty() {
            tidy.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        tidy.push_str(&line);
    }
    tidy
}

fn push_decoded(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // Entity names are ASCII: look for the `;` among the next bytes (slicing the str
        // there could cut a multibyte letter in two).
        let end = rest.as_bytes().iter().take(12).position(|&b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&', "lt" => '<', "gt" => '>', "quot" => '"', "apos" => '\'', "nbsp" => ' ',
        "laquo" => '«', "raquo" => '»', "rsquo" => '’', "lsquo" => '‘', "ldquo" => '“', "rdquo" => '”',
        "eacute" => 'é', "egrave" => 'è', "ecirc" => 'ê', "agrave" => 'à', "acirc" => 'â', "ccedil" => 'ç',
        "ocirc" => 'ô', "icirc" => 'î', "iuml" => 'ï', "euml" => 'ë', "ucirc" => 'û', "ugrave" => 'ù',
        "Eacute" => 'É', "mdash" => '—', "ndash" => '–', "hellip" => '…', "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn drops_scripts_and_keeps_paragraphs() {
        let t = super::to_text("<html><head><script>var x=1;</script></head><body><nav>Menu</nav><p>Moscou appelle au calme.</p><p>Fin&nbsp;du texte &laquo;ici&raquo;</p></body></html>");
        assert_eq!(t, "Moscou appelle au calme.\nFin du texte «ici»");
    }

    #[test]
    fn an_entity_before_a_multibyte_letter_is_decoded() {
        let t = super::to_text("<p>M.&nbsp;Çavuşoğlu a appelé au calme.</p><p>&amp;ÇÇÇÇÇÇ; &ééééé</p>");
        assert_eq!(t, "M. Çavuşoğlu a appelé au calme.\n&ÇÇÇÇÇÇ; &ééééé");
    }
}
