//! Stage 5 — resolve: mentions become entities. Within a document, offices are bound to the
//! persons named beside them (*le chef de la diplomatie russe, Sergueï Lavrov*), family names
//! to full names, groups and pronouns to what they denote; across documents every entity gets
//! one key (and so one IRI), whatever the spelling.

use crate::fold::translit_key;
use crate::lexicon::{Knowledge, LangLexicon};
use crate::mentions::{Mention, MentionKind};
use crate::text::Sentence;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Country,
    Organization,
    Place,
}

impl EntityType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Country => "Country",
            EntityType::Organization => "Organization",
            EntityType::Place => "Place",
        }
    }
}

/// A resolved entity: what the RDF stage turns into an IRI and a description.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// `kind/slug`: `country/RUS`, `person/sergei-lavrov`, `org/un`, `org/RUS-foreign-ministry`, `role/foreign-minister-ARM`.
    pub key: String,
    pub label: String,
    pub lang: String,
    pub etype: EntityType,
    /// ISO3 of the state it is or represents.
    pub country: Option<String>,
    pub wikidata: Option<String>,
    /// Office held (persons bound to a role, roles).
    pub office: Option<String>,
    /// True for an office holder the text never names.
    pub is_role: bool,
}

impl Entity {
    pub fn kind_and_slug(&self) -> (&str, &str) {
        self.key.split_once('/').unwrap_or(("entity", self.key.as_str()))
    }
}

/// A run of mentions that act together: coordinated (*Moscou et Ankara*) or in apposition
/// (*le chef de la diplomatie russe, Sergueï Lavrov*).
#[derive(Clone, Debug)]
pub struct Unit {
    pub start: usize,
    pub end: usize,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug)]
pub struct Member {
    /// The mention that names the member (a person's name when there is one).
    pub mention: usize,
    /// The office mention bound to it by apposition, if any.
    pub role: Option<usize>,
}

/// Titles between an organisation and a name (*ONU secrétaire général António Guterres*).
const TITLE_WORDS: &[&str] = &[
    "secretary", "general", "secretary-general", "chief", "head", "spokesman", "spokeswoman", "spokesperson", "president",
    "chair", "chairman", "chairwoman", "chairperson", "director", "director-general", "commissioner", "envoy", "representative", "high",
    "secretaire", "secretaire-general", "chef", "president", "presidente", "porte-parole", "haut", "haute", "representant",
    "representante", "directeur", "directrice", "commissaire", "emissaire", "envoye", "du", "de", "la", "le", "l'", "of", "the",
];

/// Groups the mentions of a sentence into units.
pub fn units(s: &Sentence, mentions: &[Mention], _lex: &LangLexicon) -> Vec<Unit> {
    let norms: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_str()).collect();
    let gap = |a: &Mention, b: &Mention| -> Vec<&str> {
        norms[a.end..b.start].iter().copied().filter(|n| !matches!(*n, "le" | "la" | "les" | "l'" | "the")).collect()
    };
    let is_person = |m: &Mention| matches!(m.kind, MentionKind::Person { .. });
    let is_role = |m: &Mention| matches!(m.kind, MentionKind::Role { .. } | MentionKind::Ministers);
    // 1. Persons joined by et/and into chains.
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(last) = chains.last_mut() {
            let prev = &mentions[*last.last().expect("non-empty chain")];
            let g = gap(prev, m);
            let joined = is_person(prev) && is_person(m) && (g == ["et"] || g == ["and"] || g == [",", "et"] || g == [",", "and"]
                || (g == [","] && chain_continues_with_et(mentions, i, &norms)));
            if joined {
                last.push(i);
                continue;
            }
        }
        chains.push(vec![i]);
    }
    // 2. Appositions: Role [,] Persons  |  Person , Role  |  Org + title + Person
    //    (*NATO Secretary General Jens Stoltenberg*: the person acts, not the organisation).
    let mut bound: Vec<Unit> = Vec::new();
    let mut c = 0;
    while c < chains.len() {
        let first = &mentions[chains[c][0]];
        if is_role(first) && chains[c].len() == 1 && c + 1 < chains.len() {
            let next = &chains[c + 1];
            let g = gap(first, &mentions[next[0]]);
            // *Lors d'un entretien avec son homologue arménien, Sergueï Lavrov a appelé…*: an
            // office inside a fronted complement is not in apposition with the subject that
            // follows it (the name runs straight into its verb, with no closing comma).
            let last = &mentions[*next.last().expect("chain")];
            let closes = norms.get(last.end).is_none_or(|w| matches!(*w, "," | ")" | "." | ";" | ":" | "»" | "et" | "and"));
            let in_complement = first.start > 0 && matches!(norms[first.start - 1], "avec" | "with" | "a" | "to" | "de" | "d'" | "of" | "aupres");
            let fronted = g == [","] && in_complement && !closes;
            if is_person(&mentions[next[0]]) && (g.is_empty() || g == [","]) && !fronted {
                let countries = match &first.kind {
                    MentionKind::Role { countries, .. } => countries.len(),
                    _ => 0,
                };
                // A singular office binds one name; a plural one binds the chain.
                if countries <= 1 || countries == next.len() || matches!(first.kind, MentionKind::Ministers) {
                    let members = next.iter().map(|&p| Member { mention: p, role: Some(chains[c][0]) }).collect();
                    bound.push(Unit { start: first.start, end: mentions[*next.last().expect("chain")].end, members });
                    c += 2;
                    continue;
                }
            }
        }
        if matches!(first.kind, MentionKind::Org { .. }) && chains[c].len() == 1 && c + 1 < chains.len() {
            let next = &chains[c + 1];
            let title: Vec<&str> = norms[first.end..mentions[next[0]].start].to_vec();
            let is_title = !title.is_empty() && title.len() <= 4 && title.iter().all(|w| TITLE_WORDS.contains(w));
            if is_person(&mentions[next[0]]) && next.len() == 1 && is_title {
                let p = next[0];
                bound.push(Unit { start: first.start, end: mentions[p].end, members: vec![Member { mention: p, role: None }] });
                c += 2;
                continue;
            }
        }
        if is_person(first) && chains[c].len() == 1 && c + 1 < chains.len() {
            let next = &mentions[chains[c + 1][0]];
            if let MentionKind::Role { plural: false, .. } = next.kind {
                if gap(first, next) == [","] {
                    bound.push(Unit { start: first.start, end: next.end, members: vec![Member { mention: chains[c][0], role: Some(chains[c + 1][0]) }] });
                    c += 2;
                    continue;
                }
            }
        }
        let members = chains[c].iter().map(|&m| Member { mention: m, role: None }).collect();
        let (s0, e0) = (mentions[chains[c][0]].start, mentions[*chains[c].last().expect("chain")].end);
        bound.push(Unit { start: s0, end: e0, members });
        c += 1;
    }
    // 3. Coordination of units: `A, B et C`, `A et B`, `A ainsi que B`.
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < bound.len() {
        let mut j = i;
        let mut has_et = false;
        let mut last_et = i;
        while j + 1 < bound.len() {
            let g: Vec<&str> = norms[bound[j].end..bound[j + 1].start]
                .iter()
                .copied()
                .filter(|n| !matches!(*n, "le" | "la" | "les" | "l'" | "the" | "de" | "d'" | "du" | "des" | "a" | "à" | "aux" | "au"))
                .collect();
            let is_et = matches!(g.as_slice(), ["et"] | ["and"] | [",", "et"] | [",", "and"] | ["ainsi", "que"] | ["as", "well", "as"] | ["ou"] | ["or"]);
            let is_comma = g == [","];
            if !(is_et || is_comma) || !actor_like(&bound[j], mentions) || !actor_like(&bound[j + 1], mentions) {
                break;
            }
            if is_et {
                has_et = true;
                last_et = j + 1;
            }
            j += 1;
        }
        let end = if has_et { last_et } else { i };
        let mut unit = bound[i].clone();
        for b in &bound[i + 1..=end] {
            unit.members.extend(b.members.iter().cloned());
            unit.end = b.end;
        }
        out.push(unit);
        i = end + 1;
    }
    out
}

fn chain_continues_with_et(mentions: &[Mention], i: usize, norms: &[&str]) -> bool {
    // `A, B et C`: a comma joins persons only when an `et` closes the list.
    let mut k = i;
    while k + 1 < mentions.len() {
        let g: Vec<&str> = norms[mentions[k].end..mentions[k + 1].start].to_vec();
        if g == ["et"] || g == ["and"] || g == [",", "and"] {
            return matches!(mentions[k + 1].kind, MentionKind::Person { .. });
        }
        if g != [","] {
            return false;
        }
        k += 1;
    }
    false
}

fn actor_like(u: &Unit, mentions: &[Mention]) -> bool {
    u.members.iter().all(|m| mentions[m.mention].is_actor() && !matches!(mentions[m.mention].kind, MentionKind::Pronoun { .. }))
}

/// What the whole document says about who holds which office, and which persons it names.
#[derive(Default, Debug)]
pub struct DocIndex {
    /// Family-name key → the fullest name written.
    pub full_names: HashMap<String, String>,
    /// (office, ISO3) → person name, from appositions anywhere in the document.
    pub bindings: Vec<(String, String, String)>,
    /// Person key → ISO3, from the offices bound to them.
    pub person_country: HashMap<String, String>,
    pub person_office: HashMap<String, String>,
    /// How often each state is named as such (names, capitals), for *les deux pays*.
    pub state_counts: HashMap<String, usize>,
}

impl DocIndex {
    pub fn build(sentences: &[Sentence], mentions: &[Vec<Mention>], units: &[Vec<Unit>], k: &Knowledge) -> Self {
        let mut idx = DocIndex::default();
        // Demonyms say what a story is about as much as names do (*les forces arméniennes*).
        for s in sentences {
            for t in &s.tokens {
                for hit in k.gazetteer.lookup(&t.norm) {
                    if let crate::gazetteer::Hit::Demonym(c) = hit {
                        *idx.state_counts.entry(k.gazetteer.countries[*c].iso3.clone()).or_default() += 1;
                    }
                }
            }
        }
        for ms in mentions {
            for m in ms {
                match &m.kind {
                    MentionKind::Person { name } => {
                        let key = family_key(name);
                        let e = idx.full_names.entry(key).or_insert_with(|| name.clone());
                        if name.split_whitespace().count() > e.split_whitespace().count() {
                            *e = name.clone();
                        }
                    }
                    MentionKind::Country { iso3 } => {
                        *idx.state_counts.entry(iso3.clone()).or_default() += 2;
                    }
                    MentionKind::Capital { iso3 } | MentionKind::StateAlias { iso3 } => {
                        *idx.state_counts.entry(iso3.clone()).or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
        for (si, us) in units.iter().enumerate() {
            for u in us {
                for (pos, m) in u.members.iter().enumerate() {
                    let Some(r) = m.role else { continue };
                    let MentionKind::Person { name } = &mentions[si][m.mention].kind else { continue };
                    let MentionKind::Role { office, countries, .. } = &mentions[si][r].kind else { continue };
                    let iso = if countries.len() == u.members.len() {
                        countries.get(pos)
                    } else if countries.len() == 1 {
                        countries.first()
                    } else {
                        None
                    };
                    if let Some(iso) = iso {
                        let key = idx.full_names.get(&family_key(name)).cloned().unwrap_or_else(|| name.clone());
                        idx.bindings.push((office.clone(), iso.clone(), key.clone()));
                        idx.person_country.entry(family_key(&key)).or_insert_with(|| iso.clone());
                        if office != "counterpart" && office != "national" {
                            idx.person_office.entry(family_key(&key)).or_insert_with(|| office.clone());
                        }
                    }
                }
            }
        }
        idx
    }

    /// The person an office of a state denotes in this document, if exactly one is bound to it.
    pub fn holder(&self, office: &str, iso3: &str) -> Option<&str> {
        let exact: Vec<&str> = self.bindings.iter().filter(|(o, c, _)| o == office && c == iso3).map(|(_, _, p)| p.as_str()).collect();
        if let Some(p) = unique(&exact) {
            return Some(p);
        }
        // *son homologue turc*: the one person of that state who holds a diplomatic office here;
        // a bare *ministre arménien* likewise.
        // *son homologue turc* in diplomatic copy is the foreign minister; a bare *ministre
        // arménien* is whichever minister of that state the text names, if only one.
        if office == "counterpart" || office == "minister" {
            let fm: Vec<&str> = self.bindings.iter().filter(|(o, c, _)| o == "foreign-minister" && c == iso3).map(|(_, _, p)| p.as_str()).collect();
            if let Some(p) = unique(&fm) {
                return Some(p);
            }
            if office == "minister" {
                let any: Vec<&str> = self.bindings.iter().filter(|(o, c, _)| c == iso3 && o.contains("minister")).map(|(_, _, p)| p.as_str()).collect();
                return unique(&any);
            }
            return None;
        }
        if office == "foreign-minister" {
            let cp: Vec<&str> = self.bindings.iter().filter(|(o, c, _)| o == "counterpart" && c == iso3).map(|(_, _, p)| p.as_str()).collect();
            return unique(&cp);
        }
        None
    }

    /// The states most named in the document, most first, for *les parties*, *les deux pays*.
    pub fn main_states(&self, exclude: &[String]) -> Vec<String> {
        let mut v: Vec<(&String, &usize)> = self.state_counts.iter().filter(|(c, _)| !exclude.contains(c)).collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(c, _)| c.clone()).collect()
    }
}

fn unique<'a>(v: &[&'a str]) -> Option<&'a str> {
    let first = *v.first()?;
    let fk = family_key(first);
    v.iter().all(|p| family_key(p) == fk).then_some(first)
}

/// The identity key of a person: the transliteration key of the family name.
pub fn family_key(name: &str) -> String {
    name.split_whitespace().last().map(translit_key).unwrap_or_default()
}

// ------------------------------------------------------------------------------------------
// Entities.

pub fn country_entity(k: &Knowledge, iso3: &str, lang: &str) -> Entity {
    let c = k.gazetteer.country(iso3);
    Entity {
        key: format!("country/{iso3}"),
        label: c.map(|c| c.name(lang).to_string()).unwrap_or_else(|| iso3.to_string()),
        lang: lang.to_string(),
        etype: EntityType::Country,
        country: Some(iso3.to_string()),
        wikidata: c.and_then(|c| c.wikidata.clone()),
        office: None,
        is_role: false,
    }
}

pub fn person_entity(name: &str, idx: &DocIndex, lang: &str) -> Entity {
    let fk = family_key(name);
    let full = idx.full_names.get(&fk).cloned().unwrap_or_else(|| name.to_string());
    Entity {
        key: format!("person/{}", translit_key(&full).replace(' ', "-")),
        label: full,
        lang: lang.to_string(),
        etype: EntityType::Person,
        country: idx.person_country.get(&fk).cloned(),
        wikidata: None,
        office: idx.person_office.get(&fk).cloned(),
        is_role: false,
    }
}

fn fill_label(template: &str, k: &Knowledge, iso3: &str, lang: &str) -> String {
    let Some(c) = k.gazetteer.country(iso3) else { return template.replace("{DEM_M}", iso3) };
    template
        .replace("{DEM_M}", &c.demonym(lang, "m"))
        .replace("{DEM_FP}", &c.demonym(lang, "fp"))
        .replace("{DEM_FS}", &c.demonym(lang, "fs"))
        .replace("{DEM}", &c.demonym(lang, "m"))
}

fn role_label(k: &Knowledge, lang: &str, office: &str, iso3: &str) -> String {
    let lex = k.lang(lang);
    let template = lex.roles.iter().find(|r| r.office == office).map(|r| r.label.as_str()).unwrap_or(office);
    fill_label(template, k, iso3, lang)
}

/// Resolves one mention (with the office bound to it) to the entities it denotes.
pub fn resolve_mention(m: &Mention, role: Option<&Mention>, k: &Knowledge, idx: &DocIndex, lang: &str) -> Vec<Entity> {
    match &m.kind {
        MentionKind::Country { iso3 } | MentionKind::Capital { iso3 } | MentionKind::StateAlias { iso3 } => {
            vec![country_entity(k, iso3, lang)]
        }
        MentionKind::Org { index } => {
            let o = &k.gazetteer.orgs[*index];
            vec![Entity {
                key: format!("org/{}", o.key),
                label: if lang == "fr" { o.label_fr.clone() } else { o.label_en.clone() },
                lang: lang.to_string(),
                etype: EntityType::Organization,
                country: o.country.clone(),
                wikidata: o.wikidata.clone(),
                office: None,
                is_role: false,
            }]
        }
        MentionKind::Place { index } => {
            let p = &k.gazetteer.places[*index];
            vec![Entity {
                key: format!("place/{}", p.key),
                label: if lang == "fr" { p.label_fr.clone() } else { p.label_en.clone() },
                lang: lang.to_string(),
                etype: EntityType::Place,
                country: p.country.clone(),
                wikidata: p.wikidata.clone(),
                office: None,
                is_role: false,
            }]
        }
        MentionKind::Body { office, countries, label } => countries
            .iter()
            .map(|iso3| Entity {
                key: format!("org/{iso3}-{office}"),
                label: fill_label(label, k, iso3, lang),
                lang: lang.to_string(),
                etype: EntityType::Organization,
                country: Some(iso3.clone()),
                wikidata: None,
                office: Some(office.clone()),
                is_role: false,
            })
            .collect(),
        MentionKind::Person { name } => {
            let mut e = person_entity(name, idx, lang);
            if let Some(Mention { kind: MentionKind::Role { office, countries, .. }, .. }) = role {
                if e.country.is_none() && countries.len() == 1 {
                    e.country = countries.first().cloned();
                }
                if e.office.is_none() && office != "counterpart" && office != "national" {
                    e.office = Some(office.clone());
                }
            }
            vec![e]
        }
        MentionKind::Role { office, countries, .. } => countries
            .iter()
            .map(|iso3| match idx.holder(office, iso3) {
                Some(name) => person_entity(name, idx, lang),
                None => {
                    let office = if office == "counterpart" { "foreign-minister" } else { office.as_str() };
                    Entity {
                        key: format!("role/{office}-{iso3}"),
                        label: role_label(k, lang, office, iso3),
                        lang: lang.to_string(),
                        etype: EntityType::Person,
                        country: Some(iso3.clone()),
                        wikidata: None,
                        office: Some(office.to_string()),
                        is_role: true,
                    }
                }
            })
            .collect(),
        MentionKind::Parties | MentionKind::Ministers | MentionKind::Pronoun { .. } => Vec::new(),
    }
}

/// Resolves every member of a unit; groups and pronouns need the sentence context and are
/// left to the caller (see `extract::Context::resolve_unit`).
pub fn resolve_unit_plain(u: &Unit, mentions: &[Mention], k: &Knowledge, idx: &DocIndex, lang: &str) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for m in &u.members {
        for e in resolve_mention(&mentions[m.mention], m.role.map(|r| &mentions[r]), k, idx, lang) {
            if !out.iter().any(|o| o.key == e.key) {
                out.push(e);
            }
        }
    }
    out
}
