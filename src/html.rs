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
    ENTITIES.binary_search_by(|(n, _)| n.cmp(&name)).ok().map(|i| ENTITIES[i].1)
}

/// The 252 named character references of HTML 4 (ISO 8859-1 letters and signs, symbols,
/// Greek letters, typographic marks) and XML's `apos`, sorted by name for a binary search;
/// `nbsp` becomes a plain space, as the text is tidied into single spaces anyway.
const ENTITIES: &[(&str, char)] = &[
    ("AElig", '\u{c6}'), ("Aacute", '\u{c1}'), ("Acirc", '\u{c2}'), ("Agrave", '\u{c0}'),
    ("Alpha", '\u{391}'), ("Aring", '\u{c5}'), ("Atilde", '\u{c3}'), ("Auml", '\u{c4}'),
    ("Beta", '\u{392}'), ("Ccedil", '\u{c7}'), ("Chi", '\u{3a7}'), ("Dagger", '\u{2021}'),
    ("Delta", '\u{394}'), ("ETH", '\u{d0}'), ("Eacute", '\u{c9}'), ("Ecirc", '\u{ca}'),
    ("Egrave", '\u{c8}'), ("Epsilon", '\u{395}'), ("Eta", '\u{397}'), ("Euml", '\u{cb}'),
    ("Gamma", '\u{393}'), ("Iacute", '\u{cd}'), ("Icirc", '\u{ce}'), ("Igrave", '\u{cc}'),
    ("Iota", '\u{399}'), ("Iuml", '\u{cf}'), ("Kappa", '\u{39a}'), ("Lambda", '\u{39b}'),
    ("Mu", '\u{39c}'), ("Ntilde", '\u{d1}'), ("Nu", '\u{39d}'), ("OElig", '\u{152}'),
    ("Oacute", '\u{d3}'), ("Ocirc", '\u{d4}'), ("Ograve", '\u{d2}'), ("Omega", '\u{3a9}'),
    ("Omicron", '\u{39f}'), ("Oslash", '\u{d8}'), ("Otilde", '\u{d5}'), ("Ouml", '\u{d6}'),
    ("Phi", '\u{3a6}'), ("Pi", '\u{3a0}'), ("Prime", '\u{2033}'), ("Psi", '\u{3a8}'),
    ("Rho", '\u{3a1}'), ("Scaron", '\u{160}'), ("Sigma", '\u{3a3}'), ("THORN", '\u{de}'),
    ("Tau", '\u{3a4}'), ("Theta", '\u{398}'), ("Uacute", '\u{da}'), ("Ucirc", '\u{db}'),
    ("Ugrave", '\u{d9}'), ("Upsilon", '\u{3a5}'), ("Uuml", '\u{dc}'), ("Xi", '\u{39e}'),
    ("Yacute", '\u{dd}'), ("Yuml", '\u{178}'), ("Zeta", '\u{396}'), ("aacute", '\u{e1}'),
    ("acirc", '\u{e2}'), ("acute", '\u{b4}'), ("aelig", '\u{e6}'), ("agrave", '\u{e0}'),
    ("alefsym", '\u{2135}'), ("alpha", '\u{3b1}'), ("amp", '\u{26}'), ("and", '\u{2227}'),
    ("ang", '\u{2220}'), ("apos", '\''), ("aring", '\u{e5}'), ("asymp", '\u{2248}'), ("atilde", '\u{e3}'),
    ("auml", '\u{e4}'), ("bdquo", '\u{201e}'), ("beta", '\u{3b2}'), ("brvbar", '\u{a6}'),
    ("bull", '\u{2022}'), ("cap", '\u{2229}'), ("ccedil", '\u{e7}'), ("cedil", '\u{b8}'),
    ("cent", '\u{a2}'), ("chi", '\u{3c7}'), ("circ", '\u{2c6}'), ("clubs", '\u{2663}'),
    ("cong", '\u{2245}'), ("copy", '\u{a9}'), ("crarr", '\u{21b5}'), ("cup", '\u{222a}'),
    ("curren", '\u{a4}'), ("dArr", '\u{21d3}'), ("dagger", '\u{2020}'), ("darr", '\u{2193}'),
    ("deg", '\u{b0}'), ("delta", '\u{3b4}'), ("diams", '\u{2666}'), ("divide", '\u{f7}'),
    ("eacute", '\u{e9}'), ("ecirc", '\u{ea}'), ("egrave", '\u{e8}'), ("empty", '\u{2205}'),
    ("emsp", '\u{2003}'), ("ensp", '\u{2002}'), ("epsilon", '\u{3b5}'), ("equiv", '\u{2261}'),
    ("eta", '\u{3b7}'), ("eth", '\u{f0}'), ("euml", '\u{eb}'), ("euro", '\u{20ac}'),
    ("exist", '\u{2203}'), ("fnof", '\u{192}'), ("forall", '\u{2200}'), ("frac12", '\u{bd}'),
    ("frac14", '\u{bc}'), ("frac34", '\u{be}'), ("frasl", '\u{2044}'), ("gamma", '\u{3b3}'),
    ("ge", '\u{2265}'), ("gt", '\u{3e}'), ("hArr", '\u{21d4}'), ("harr", '\u{2194}'),
    ("hearts", '\u{2665}'), ("hellip", '\u{2026}'), ("iacute", '\u{ed}'), ("icirc", '\u{ee}'),
    ("iexcl", '\u{a1}'), ("igrave", '\u{ec}'), ("image", '\u{2111}'), ("infin", '\u{221e}'),
    ("int", '\u{222b}'), ("iota", '\u{3b9}'), ("iquest", '\u{bf}'), ("isin", '\u{2208}'),
    ("iuml", '\u{ef}'), ("kappa", '\u{3ba}'), ("lArr", '\u{21d0}'), ("lambda", '\u{3bb}'),
    ("lang", '\u{2329}'), ("laquo", '\u{ab}'), ("larr", '\u{2190}'), ("lceil", '\u{2308}'),
    ("ldquo", '\u{201c}'), ("le", '\u{2264}'), ("lfloor", '\u{230a}'), ("lowast", '\u{2217}'),
    ("loz", '\u{25ca}'), ("lrm", '\u{200e}'), ("lsaquo", '\u{2039}'), ("lsquo", '\u{2018}'),
    ("lt", '\u{3c}'), ("macr", '\u{af}'), ("mdash", '\u{2014}'), ("micro", '\u{b5}'),
    ("middot", '\u{b7}'), ("minus", '\u{2212}'), ("mu", '\u{3bc}'), ("nabla", '\u{2207}'),
    ("nbsp", ' '), ("ndash", '\u{2013}'), ("ne", '\u{2260}'), ("ni", '\u{220b}'),
    ("not", '\u{ac}'), ("notin", '\u{2209}'), ("nsub", '\u{2284}'), ("ntilde", '\u{f1}'),
    ("nu", '\u{3bd}'), ("oacute", '\u{f3}'), ("ocirc", '\u{f4}'), ("oelig", '\u{153}'),
    ("ograve", '\u{f2}'), ("oline", '\u{203e}'), ("omega", '\u{3c9}'), ("omicron", '\u{3bf}'),
    ("oplus", '\u{2295}'), ("or", '\u{2228}'), ("ordf", '\u{aa}'), ("ordm", '\u{ba}'),
    ("oslash", '\u{f8}'), ("otilde", '\u{f5}'), ("otimes", '\u{2297}'), ("ouml", '\u{f6}'),
    ("para", '\u{b6}'), ("part", '\u{2202}'), ("permil", '\u{2030}'), ("perp", '\u{22a5}'),
    ("phi", '\u{3c6}'), ("pi", '\u{3c0}'), ("piv", '\u{3d6}'), ("plusmn", '\u{b1}'),
    ("pound", '\u{a3}'), ("prime", '\u{2032}'), ("prod", '\u{220f}'), ("prop", '\u{221d}'),
    ("psi", '\u{3c8}'), ("quot", '\u{22}'), ("rArr", '\u{21d2}'), ("radic", '\u{221a}'),
    ("rang", '\u{232a}'), ("raquo", '\u{bb}'), ("rarr", '\u{2192}'), ("rceil", '\u{2309}'),
    ("rdquo", '\u{201d}'), ("real", '\u{211c}'), ("reg", '\u{ae}'), ("rfloor", '\u{230b}'),
    ("rho", '\u{3c1}'), ("rlm", '\u{200f}'), ("rsaquo", '\u{203a}'), ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201a}'), ("scaron", '\u{161}'), ("sdot", '\u{22c5}'), ("sect", '\u{a7}'),
    ("shy", '\u{ad}'), ("sigma", '\u{3c3}'), ("sigmaf", '\u{3c2}'), ("sim", '\u{223c}'),
    ("spades", '\u{2660}'), ("sub", '\u{2282}'), ("sube", '\u{2286}'), ("sum", '\u{2211}'),
    ("sup", '\u{2283}'), ("sup1", '\u{b9}'), ("sup2", '\u{b2}'), ("sup3", '\u{b3}'),
    ("supe", '\u{2287}'), ("szlig", '\u{df}'), ("tau", '\u{3c4}'), ("there4", '\u{2234}'),
    ("theta", '\u{3b8}'), ("thetasym", '\u{3d1}'), ("thinsp", '\u{2009}'), ("thorn", '\u{fe}'),
    ("tilde", '\u{2dc}'), ("times", '\u{d7}'), ("trade", '\u{2122}'), ("uArr", '\u{21d1}'),
    ("uacute", '\u{fa}'), ("uarr", '\u{2191}'), ("ucirc", '\u{fb}'), ("ugrave", '\u{f9}'),
    ("uml", '\u{a8}'), ("upsih", '\u{3d2}'), ("upsilon", '\u{3c5}'), ("uuml", '\u{fc}'),
    ("weierp", '\u{2118}'), ("xi", '\u{3be}'), ("yacute", '\u{fd}'), ("yen", '\u{a5}'),
    ("yuml", '\u{ff}'), ("zeta", '\u{3b6}'), ("zwj", '\u{200d}'), ("zwnj", '\u{200c}'),
];

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
    fn the_named_entities_of_html4_are_decoded() {
        let t = super::to_text("<p>Erdo&#287;an, &Ccedil;avu&#x15F;o&#287;lu, S&oacute;crates, M&uuml;ller, 5&nbsp;&euro;, &alpha;&beta;, &lsquo;x&rsquo; &hellip; &bogus;</p>");
        assert_eq!(t, "Erdoğan, Çavuşoğlu, Sócrates, Müller, 5 €, αβ, ‘x’ … &bogus;");
        assert!(super::ENTITIES.windows(2).all(|w| w[0].0 < w[1].0), "sorted for the binary search");
    }

    #[test]
    fn an_entity_before_a_multibyte_letter_is_decoded() {
        let t = super::to_text("<p>M.&nbsp;Çavuşoğlu a appelé au calme.</p><p>&amp;ÇÇÇÇÇÇ; &ééééé</p>");
        assert_eq!(t, "M. Çavuşoğlu a appelé au calme.\n&ÇÇÇÇÇÇ; &ééééé");
    }
}
