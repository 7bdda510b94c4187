//! The gazetteer: states (names, capitals, demonyms), international organisations and places,
//! read from `ontology/gazetteer/*.tsv`, indexed by folded token sequences.

use crate::error::{Error, Result};
use crate::fold::fold;
use crate::fasthash::{FastMap as HashMap, WordFilter};

#[derive(Clone, Debug, Default)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub wikidata: Option<String>,
    pub name_en: String,
    pub name_fr: String,
    pub alt_fr: Vec<String>,
    pub alt_en: Vec<String>,
    pub capitals_en: Vec<String>,
    pub capitals_fr: Vec<String>,
    pub capital_wikidata: Vec<String>,
    pub demonym_en: String,
    /// French demonyms: masculine singular, feminine singular, masculine plural, feminine plural.
    pub demonyms_fr: [String; 4],
}

#[derive(Clone, Debug, Default)]
pub struct Named {
    pub key: String,
    pub wikidata: Option<String>,
    pub country: Option<String>,
    pub label_fr: String,
    pub label_en: String,
    pub aliases: Vec<String>,
    pub kind: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Country(usize),
    /// A state's capital (state index, capital index).
    Capital(usize, usize),
    Demonym(usize),
    Org(usize),
    Place(usize),
}

#[derive(Default)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub orgs: Vec<Named>,
    pub places: Vec<Named>,
    /// Folded tokens joined by a space → hits. Proper names need a capital in the text. Every
    /// token prefix of a name is a key too (`groupe`, `groupe de`, `groupe de minsk`), with no
    /// hits when it is only a prefix, so that a lookup stops as soon as no name can continue.
    index: HashMap<String, Vec<Hit>>,
    /// Acronyms and other all-caps names, matched on their exact surface (dots removed).
    acronyms: HashMap<String, Vec<Hit>>,
    pub max_tokens: usize,
    by_iso3: HashMap<String, usize>,
    /// First tokens of every name: most tokens of a text start none, and are rejected here.
    first_tokens: WordFilter,
}

fn first_token(key: &str) -> &str {
    key.split_once(' ').map(|(first, _)| first).unwrap_or(key)
}

/// Tokens of a gazetteer label, split the way the text tokenizer splits (elided articles apart).
pub fn label_tokens(label: &str) -> Vec<String> {
    let folded = fold(label);
    let mut out = Vec::new();
    for piece in folded.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | ':')) {
        if piece.is_empty() {
            continue;
        }
        let mut rest = piece;
        while let Some(p) = rest.find('\'') {
            if p + 1 >= rest.len() {
                break;
            }
            let head = &rest[..=p];
            if head.len() <= 8 && !head[..p].contains(|c: char| !c.is_alphabetic()) && p <= 7 {
                if head == "'" {
                    break;
                }
                // English possessive stays apart too: russia's → russia 's
                if &rest[p + 1..] == "s" {
                    out.push(rest[..p].to_string());
                    out.push("'s".to_string());
                    rest = "";
                    break;
                }
                out.push(head.to_string());
                rest = &rest[p + 1..];
            } else {
                break;
            }
        }
        if !rest.is_empty() {
            out.push(rest.trim_end_matches('.').to_string());
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn split_multi(v: &str) -> Vec<String> {
    v.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn nonempty(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

struct Table<'a> {
    header: HashMap<&'a str, usize>,
    rows: Vec<Vec<&'a str>>,
}

fn read_table<'a>(name: &str, text: &'a str, required: &[&str]) -> Result<Table<'a>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let header_line = lines.next().ok_or_else(|| Error::Data(format!("{name} is empty")))?;
    let header: HashMap<&str, usize> = header_line.split('\t').enumerate().map(|(i, h)| (h.trim(), i)).collect();
    for col in required {
        if !header.contains_key(col) {
            return Err(Error::Data(format!("{name} has no column {col:?}")));
        }
    }
    let rows = lines.map(|l| l.split('\t').collect()).collect();
    Ok(Table { header, rows })
}

impl Table<'_> {
    fn get<'r>(&self, row: &'r [&'r str], col: &str) -> &'r str {
        self.header.get(col).and_then(|&i| row.get(i)).copied().unwrap_or("")
    }
}

impl Gazetteer {
    pub fn from_tsv(countries: &str, orgs: &str, places: &str) -> Result<Self> {
        let mut g = Gazetteer::default();
        let t = read_table("countries.tsv", countries, &["iso3", "name_en", "name_fr", "wikidata"])?;
        for row in &t.rows {
            let c = Country {
                iso3: t.get(row, "iso3").trim().to_string(),
                iso2: t.get(row, "iso2").trim().to_string(),
                wikidata: nonempty(t.get(row, "wikidata")),
                name_en: t.get(row, "name_en").trim().to_string(),
                name_fr: t.get(row, "name_fr").trim().to_string(),
                alt_fr: split_multi(t.get(row, "names_fr_alt")),
                alt_en: split_multi(t.get(row, "names_en_alt")),
                capitals_en: split_multi(t.get(row, "capital_en")),
                capitals_fr: split_multi(t.get(row, "capital_fr")),
                capital_wikidata: split_multi(t.get(row, "capital_wikidata")),
                demonym_en: t.get(row, "demonym_en").trim().to_string(),
                demonyms_fr: [
                    t.get(row, "demonym_fr_m_sg").trim().to_string(),
                    t.get(row, "demonym_fr_f_sg").trim().to_string(),
                    t.get(row, "demonym_fr_m_pl").trim().to_string(),
                    t.get(row, "demonym_fr_f_pl").trim().to_string(),
                ],
            };
            if c.iso3.is_empty() {
                continue;
            }
            g.by_iso3.insert(c.iso3.clone(), g.countries.len());
            g.countries.push(c);
        }
        for (name, text, target) in [("organizations.tsv", orgs, 0), ("places.tsv", places, 1)] {
            let t = read_table(name, text, &["key", "wikidata", "label_fr", "label_en"])?;
            for row in &t.rows {
                let mut aliases = split_multi(t.get(row, "aliases_fr"));
                aliases.extend(split_multi(t.get(row, "aliases_en")));
                aliases.extend(split_multi(t.get(row, "acronyms")));
                let n = Named {
                    key: t.get(row, "key").trim().to_string(),
                    wikidata: nonempty(t.get(row, "wikidata")),
                    country: nonempty(t.get(row, "country")),
                    label_fr: t.get(row, "label_fr").trim().to_string(),
                    label_en: t.get(row, "label_en").trim().to_string(),
                    aliases,
                    kind: t.get(row, "kind").trim().to_string(),
                };
                if n.key.is_empty() {
                    continue;
                }
                if target == 0 {
                    g.orgs.push(n);
                } else {
                    g.places.push(n);
                }
            }
        }
        g.build_index();
        Ok(g)
    }

    fn add(&mut self, label: &str, hit: Hit) {
        let surface: String = label.chars().filter(|c| *c != '.').collect();
        let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase()) && !surface.contains(' ') {
            let v = self.acronyms.entry(surface).or_default();
            if !v.contains(&hit) {
                v.push(hit);
            }
            return;
        }
        let toks = label_tokens(label);
        if toks.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(toks.len());
        let v = self.index.entry(toks.join(" ")).or_default();
        if !v.contains(&hit) {
            v.push(hit);
        }
    }

    fn build_index(&mut self) {
        let countries = std::mem::take(&mut self.countries);
        for (i, c) in countries.iter().enumerate() {
            for name in [&c.name_en, &c.name_fr].into_iter().chain(c.alt_fr.iter()).chain(c.alt_en.iter()) {
                self.add(name, Hit::Country(i));
            }
            for (j, cap) in c.capitals_en.iter().enumerate() {
                self.add(cap, Hit::Capital(i, j));
            }
            for (j, cap) in c.capitals_fr.iter().enumerate() {
                self.add(cap, Hit::Capital(i, j.min(c.capitals_en.len().saturating_sub(1))));
            }
            let mut dems: Vec<String> = c.demonyms_fr.iter().filter(|d| !d.is_empty()).cloned().collect();
            if !c.demonym_en.is_empty() {
                dems.push(c.demonym_en.clone());
                if c.demonym_en.ends_with('n') || c.demonym_en.ends_with('i') {
                    dems.push(format!("{}s", c.demonym_en));
                }
            }
            for d in dems {
                // Demonyms are adjectives: matched without the capital a name needs.
                let toks = label_tokens(&d);
                if toks.is_empty() {
                    continue;
                }
                self.max_tokens = self.max_tokens.max(toks.len());
                let v = self.index.entry(toks.join(" ")).or_default();
                if !v.contains(&Hit::Demonym(i)) {
                    v.push(Hit::Demonym(i));
                }
            }
        }
        self.countries = countries;
        let orgs = std::mem::take(&mut self.orgs);
        for (i, o) in orgs.iter().enumerate() {
            for name in [&o.label_fr, &o.label_en].into_iter().chain(o.aliases.iter()) {
                self.add(name, Hit::Org(i));
            }
        }
        self.orgs = orgs;
        let places = std::mem::take(&mut self.places);
        for (i, p) in places.iter().enumerate() {
            for name in [&p.label_fr, &p.label_en].into_iter().chain(p.aliases.iter()) {
                self.add(name, Hit::Place(i));
            }
        }
        self.places = places;
        let keys: Vec<String> = self.index.keys().cloned().collect();
        for key in keys {
            self.first_tokens.insert(first_token(&key));
            let mut end = 0;
            for part in key.split(' ') {
                end += part.len();
                self.index.entry(key[..end].to_string()).or_default();
                end += 1;
            }
        }
    }

    /// True when some name starts with this token.
    #[inline]
    pub fn is_prefix(&self, word: &str) -> bool {
        self.first_tokens.may_contain(word) && self.index.contains_key(word)
    }

    /// For tokens joined by spaces whose first token passed `is_prefix`: `None` when no name
    /// starts with them, otherwise the names they are (often none).
    pub fn prefix_hits(&self, key: &str) -> Option<&[Hit]> {
        self.index.get(key).map(|v| v.as_slice())
    }

    /// Hits for a folded token sequence.
    pub fn lookup(&self, key: &str) -> &[Hit] {
        if !self.first_tokens.may_contain(first_token(key)) {
            return &[];
        }
        self.index.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Hits for an all-caps token (`ONU`, `U.S.`).
    pub fn lookup_acronym(&self, surface: &str) -> &[Hit] {
        let s: String = surface.chars().filter(|c| *c != '.').collect();
        self.acronyms.get(&s).map(|v| v.as_slice()).unwrap_or(&[])
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    pub fn country_index(&self, iso3: &str) -> Option<usize> {
        self.by_iso3.get(iso3).copied()
    }
}

impl Country {
    pub fn name(&self, lang: &str) -> &str {
        if lang == "fr" { &self.name_fr } else { &self.name_en }
    }
    /// Demonym for label templates: `m` masculine singular, `fp` feminine plural, `fs` feminine singular.
    pub fn demonym(&self, lang: &str, form: &str) -> String {
        if lang != "fr" {
            return self.demonym_en.clone();
        }
        let i = match form {
            "fs" => 1,
            "mp" => 2,
            "fp" => 3,
            _ => 0,
        };
        self.demonyms_fr[i].clone()
    }
}

#[cfg(test)]
mod tests {
    use super::label_tokens;

    #[test]
    fn labels_split_like_text() {
        assert_eq!(label_tokens("Conseil de sécurité de l'ONU"), vec!["conseil", "de", "securite", "de", "l'", "onu"]);
        assert_eq!(label_tokens("Haut-Karabakh"), vec!["haut-karabakh"]);
        assert_eq!(label_tokens("Washington D.C."), vec!["washington", "d.c"]);
    }
}
