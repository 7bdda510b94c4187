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

/// What a page says about itself: its headline, publication date and canonical URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `og:title` or `twitter:title`, else the first `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// As written: `article:published_time` and the other usual `<meta>` names, `itemprop=
    /// "datePublished"`, else the first `<time datetime>` (the caller normalises it).
    pub date: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub url: Option<String>,
}

/// `<meta>` names and properties that carry a publication date, most specific first.
const DATE_METAS: &[&str] = &[
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
    "dc.date.issued", "dc.date", "dcterms.created", "dcterms.issued", "article.published", "parsely-pub-date", "sailthru.date",
];

/// Reads [`PageMeta`] from the tags of a page (the same scanner as [`to_text`]: no DOM).
pub fn metadata(html: &str) -> PageMeta {
    let lower = html.to_ascii_lowercase();
    let mut meta = PageMeta::default();
    let (mut og_title, mut title, mut h1, mut og_url, mut time) = (None, None, None, None, None);
    let mut dates: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while let Some(p) = lower[i..].find('<') {
        let start = i + p;
        let Some(len) = html[start..].find('>') else { break };
        let end = start + len;
        let tag = &html[start + 1..end];
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        i = end + 1;
        match name.as_str() {
            "meta" => {
                let a = attributes(tag);
                let key = a.get("property").or_else(|| a.get("name")).or_else(|| a.get("itemprop")).map(|k| k.to_ascii_lowercase());
                let (Some(key), Some(content)) = (key, a.get("content").or_else(|| a.get("datetime"))) else { continue };
                let content = content.trim().to_string();
                if content.is_empty() {
                    continue;
                }
                if let Some(rank) = DATE_METAS.iter().position(|m| *m == key) {
                    dates.push((rank, content));
                } else if key == "og:title" || key == "twitter:title" {
                    og_title.get_or_insert(content);
                } else if key == "og:url" {
                    og_url.get_or_insert(content);
                }
            }
            "link" => {
                let a = attributes(tag);
                if a.get("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("canonical"))) {
                    if let Some(href) = a.get("href").filter(|h| !h.trim().is_empty()) {
                        meta.url.get_or_insert(href.trim().to_string());
                    }
                }
            }
            "time" => {
                let a = attributes(tag);
                if let Some(d) = a.get("datetime").filter(|d| !d.trim().is_empty()) {
                    let published = a.get("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished")) || a.contains_key("pubdate");
                    if published {
                        dates.push((0, d.trim().to_string()));
                    } else {
                        time.get_or_insert(d.trim().to_string());
                    }
                }
            }
            "title" | "h1" if !tag.ends_with('/') => {
                let close = format!("</{name}");
                let Some(stop) = lower[i..].find(&close) else { continue };
                let inner = to_text(&html[i..i + stop]);
                let text = inner.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    if name == "title" { title.get_or_insert(text) } else { h1.get_or_insert(text) };
                }
                i += stop;
            }
            _ => {}
        }
    }
    dates.sort_by_key(|(rank, _)| *rank);
    meta.date = dates.into_iter().next().map(|(_, d)| d).or(time);
    meta.title = og_title.or(h1).or(title);
    if meta.url.is_none() {
        meta.url = og_url;
    }
    meta
}

/// The attributes of a tag (`meta name="x" content='y' async`), names lower-cased, values
/// with their entities decoded.
fn attributes(tag: &str) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let b = tag.as_bytes();
    // Skip the tag name.
    let mut i = b.iter().position(|c| c.is_ascii_whitespace()).unwrap_or(b.len());
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if start == i {
            break;
        }
        let name = tag[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let raw = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let s = i + 1;
                let e = b[s..].iter().position(|&c| c == q).map_or(b.len(), |p| s + p);
                i = (e + 1).min(b.len());
                &tag[s..e]
            } else {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                &tag[s..i]
            };
            push_decoded(raw, &mut value);
        }
        out.entry(name).or_insert(value);
    }
    out
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
    fn the_head_gives_headline_date_and_canonical_url() {
        let page = r#"<html><head><title>Site | Une page</title>
            <meta property="og:title" content="Moscou appelle &laquo;au calme&raquo;">
            <meta name='date' content='05/10/2020'>
            <meta property="article:published_time" content="2020-10-04T08:00:00+02:00" />
            <link rel="canonical" href="https://example.org/a?x=1&amp;y=2">
            </head><body><h1>Titre</h1><time datetime="2020-10-06">6 oct.</time></body></html>"#;
        let m = super::metadata(page);
        assert_eq!(m.title.as_deref(), Some("Moscou appelle «au calme»"));
        assert_eq!(m.date.as_deref(), Some("2020-10-04T08:00:00+02:00"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/a?x=1&y=2"));
        let bare = super::metadata("<title>T</title><h1>Le <b>titre</b></h1><p>x</p><time datetime='2021-01-02'>");
        assert_eq!(bare.title.as_deref(), Some("Le titre"));
        assert_eq!(bare.date.as_deref(), Some("2021-01-02"));
        assert_eq!(bare.url, None);
        assert_eq!(super::metadata("<meta content=x><link rel=canonical href=>"), super::PageMeta::default());
    }

    #[test]
    fn an_entity_before_a_multibyte_letter_is_decoded() {
        let t = super::to_text("<p>M.&nbsp;Çavuşoğlu a appelé au calme.</p><p>&amp;ÇÇÇÇÇÇ; &ééééé</p>");
        assert_eq!(t, "M. Çavuşoğlu a appelé au calme.\n&ÇÇÇÇÇÇ; &ééééé");
    }
}
