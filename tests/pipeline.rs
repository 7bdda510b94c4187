//! The pipeline through the library API, stage by stage (issue 2, points 2–6): input,
//! text (boilerplate, language, sentences, tokens, offsets), gazetteer and mentions,
//! statements, and the RDF of one document. All texts are written for these tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use newskg::document::{read_paths, Document, Item};
use newskg::extract::Fact;
use newskg::fold::fold;
use newskg::pipeline::Processed;
use newskg::resolve::EntityType;
use newskg::text::{analyse, Analysed};
use newskg::vocab::Iris;
use newskg::Knowledge;

fn k() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::builtin().expect("the built-in knowledge loads"))
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs").join(rel)
}

fn doc(text: &str) -> Document {
    Document { id: "t".into(), text: text.into(), source: "test".into(), ..Default::default() }
}

fn doc_lang(text: &str, lang: &str) -> Document {
    Document { lang: Some(lang.into()), ..doc(text) }
}

fn sentences(a: &Analysed, text: &str) -> Vec<String> {
    a.sentences.iter().map(|s| text[s.start..s.end].to_string()).collect()
}

fn split(text: &str) -> Vec<String> {
    let a = analyse(&doc(text), k());
    sentences(&a, text)
}

fn fr(text: &str) -> Processed {
    newskg::extract_text("t", text, Some("fr"), None, k())
}

/// Entities (key, country, type) mentioned in all sentences of a processed text.
fn mentioned(p: &Processed) -> Vec<(String, Option<String>, EntityType, String)> {
    p.sentences
        .iter()
        .flat_map(|s| s.mentions.iter())
        .map(|m| (m.entity.key.clone(), m.entity.country.clone(), m.entity.etype, m.text.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// 2. Input (library level; the command line is covered in tests/cli.rs)
// ---------------------------------------------------------------------------------------

fn read_corpus() -> BTreeMap<String, Document> {
    let mut docs = BTreeMap::new();
    for item in read_paths(&[fixture("corpus")]).expect("the fixture directory is readable") {
        match item {
            Item::Doc(d) => {
                assert!(docs.insert(d.id.clone(), d).is_none(), "document ids are unique");
            }
            Item::Skipped(s) => panic!("{} was skipped: {}", s.source, s.reason),
            Item::Warning(w) => panic!("unexpected warning: {w}"),
        }
    }
    docs
}

#[test]
fn input_reads_every_format_recursively_with_ids_from_stems_and_jsonl() {
    let docs = read_corpus();
    let ids: BTreeSet<&str> = docs.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        BTreeSet::from(["sub/en_talks", "fr_appel", "jsonl-ankara", "jsonl-london", "page"]),
        "txt, md in a subdirectory, html and both jsonl lines are read"
    );
}

#[test]
fn input_jsonl_fields_become_metadata() {
    let docs = read_corpus();
    let a = &docs["jsonl-ankara"];
    assert_eq!(a.title.as_deref(), Some("Ankara soutient Bakou"));
    assert_eq!(a.date.as_deref(), Some("2020-10-04"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/ankara"));
    assert_eq!(a.lang.as_deref(), Some("fr"));
    assert!(a.text.starts_with("Ankara a réaffirmé"), "text is the `text` field: {:?}", a.text);
    let b = &docs["jsonl-london"];
    assert_eq!(b.title, None);
    assert_eq!(b.url, None);
    assert_eq!(b.lang.as_deref(), Some("en"));
}

#[test]
fn input_leading_date_line_is_metadata_not_text() {
    let docs = read_corpus();
    let d = &docs["fr_appel"];
    assert_eq!(d.date.as_deref(), Some("2020-10"));
    let a = analyse(d, k());
    let s = sentences(&a, &d.text);
    assert!(!s.iter().any(|s| s.contains("2020-10") || s.starts_with("date")), "the date line is no sentence: {s:?}");
    assert_eq!(s[0], "Moscou appelle à une trêve au Haut-Karabakh");
}

#[test]
fn input_html_drops_scripts_styles_and_navigation_and_keeps_paragraphs() {
    let docs = read_corpus();
    let d = &docs["page"];
    for gone in ["traceur", "balise de suivi", "margin", "console", "Rubrique monde", "Accueil", "<p>", "</"] {
        assert!(!d.text.contains(gone), "{gone:?} should be dropped from the HTML text: {:?}", d.text);
    }
    let a = analyse(d, k());
    let s = sentences(&a, &d.text);
    let p1 = "Les chefs de la diplomatie arménienne et azerbaïdjanaise se sont retrouvés à Genève.";
    let p2 = "La France, les États-Unis et la Russie ont salué cette rencontre.";
    assert!(s.contains(&p1.to_string()) && s.contains(&p2.to_string()), "both paragraphs are sentences: {s:?}");
    let para = |text: &str| a.sentences.iter().find(|x| &d.text[x.start..x.end] == text).map(|x| x.paragraph);
    assert_ne!(para(p1), para(p2), "the two <p> stay two paragraphs");
}

// ---------------------------------------------------------------------------------------
// 3. Text
// ---------------------------------------------------------------------------------------

const NOISY: &str = "Trêve au Haut-Karabakh
Nous utilisons des cookies pour mesurer l'audience ; vous pouvez accepter ou paramétrer vos choix.
S'abonner
Abonnez-vous pour lire la suite
Inscrivez-vous à notre newsletter
Partager sur Twitter
Partagez cet article
© Photo Agence Exemple
La Russie a appelé les deux camps à respecter la trêve.
Москва призвала стороны соблюдать перемирие.
Pierre Durand, journaliste au service international, couvre le Caucase depuis 2015.
Les combats ont pourtant repris dans la soirée.";

#[test]
fn boilerplate_lines_are_dropped_and_article_lines_kept() {
    let a = analyse(&doc_lang(NOISY, "fr"), k());
    let s = sentences(&a, NOISY);
    assert_eq!(
        s,
        vec![
            "Trêve au Haut-Karabakh",
            "La Russie a appelé les deux camps à respecter la trêve.",
            "Les combats ont pourtant repris dans la soirée.",
        ],
        "only the headline and the two article sentences remain"
    );
    let dropped: Vec<&str> = a.dropped.iter().map(|&(x, y)| &NOISY[x..y]).collect();
    for line in [
        "S'abonner",
        "Partager sur Twitter",
        "© Photo Agence Exemple",
        "Москва призвала стороны соблюдать перемирие.",
    ] {
        assert!(dropped.contains(&line), "{line:?} is reported as dropped: {dropped:?}");
    }
    assert_eq!(dropped.len(), 9, "nine noise lines dropped: {dropped:?}");
}

#[test]
fn language_is_detected_per_document() {
    let fr_text = "Le gouvernement a demandé aux deux parties de reprendre le dialogue dans les plus brefs délais.";
    let en_text = "The government asked both sides to resume the dialogue as soon as possible and to respect the truce.";
    assert_eq!(analyse(&doc(fr_text), k()).lang, "fr");
    assert_eq!(analyse(&doc(en_text), k()).lang, "en");
    let p = newskg::extract_text("t", en_text, None, None, k());
    assert_eq!(p.lang, "en");
}

#[test]
fn sentence_splitter_keeps_abbreviations_initials_and_numbers() {
    let text = "M. Lavrov a reçu MM. Pachinian et Aliev à Moscou. Mme Zakharova a parlé au Dr Martin hier. \
                J. Biden et V. Poutine ne se sont pas vus. Le taux est passé de 3,5 à 1.5 pour cent. Fin.";
    assert_eq!(
        split(text),
        vec![
            "M. Lavrov a reçu MM. Pachinian et Aliev à Moscou.",
            "Mme Zakharova a parlé au Dr Martin hier.",
            "J. Biden et V. Poutine ne se sont pas vus.",
            "Le taux est passé de 3,5 à 1.5 pour cent.",
            "Fin.",
        ]
    );
    let en = "Mr. Blinken met Dr. Smith in Washington. The talks lasted 2.5 hours.";
    assert_eq!(split(en), vec!["Mr. Blinken met Dr. Smith in Washington.", "The talks lasted 2.5 hours."]);
}

#[test]
fn sentence_splitter_handles_guillemets_with_several_sentences() {
    let text = "« Nous voulons la paix. Nous refusons la guerre », a déclaré le ministre. Il est reparti le soir même.";
    let a = analyse(&doc_lang(text, "fr"), k());
    assert_eq!(
        sentences(&a, text),
        vec![
            "« Nous voulons la paix.",
            "Nous refusons la guerre », a déclaré le ministre.",
            "Il est reparti le soir même.",
        ]
    );
    let q = a.sentences[0].quote.expect("the first sentence opens a quotation");
    assert_eq!(a.sentences[1].quote, Some(q), "the second sentence continues the same quotation");
    assert_eq!(a.sentences[2].quote, None, "the sentence after the quotation is outside it");

    let text2 = "Le ministre a déclaré : « Nous voulons la paix. Nous refusons la guerre. » Puis il est parti.";
    assert_eq!(
        split(text2),
        vec!["Le ministre a déclaré : « Nous voulons la paix.", "Nous refusons la guerre. »", "Puis il est parti."],
        "the closing guillemet stays with the last quoted sentence"
    );
}

#[test]
fn headlines_without_final_stop_are_sentences() {
    let text = "Moscou et Ankara se parlent\nLes deux capitales ont repris contact mardi.\nSous-titre sans point\nUne dernière phrase.";
    assert_eq!(
        split(text),
        vec!["Moscou et Ankara se parlent", "Les deux capitales ont repris contact mardi.", "Sous-titre sans point", "Une dernière phrase."]
    );
}

#[test]
fn token_byte_offsets_slice_back_to_the_token() {
    let text = "L'Arménie et l’Azerbaïdjan — selon « Reuters » — ont signé ; le coût : 3,5 M€. Qu'en pensent-ils ? Œuvre à Erevan…";
    let a = analyse(&doc(text), k());
    let mut n = 0;
    let mut last_end = 0;
    for s in &a.sentences {
        assert!(s.start <= s.end && s.end <= text.len());
        for t in &s.tokens {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "offsets on char boundaries");
            assert!(t.start < t.end && t.start >= s.start && t.end <= s.end, "token inside its sentence");
            assert!(t.start >= last_end, "tokens do not overlap");
            last_end = t.end;
            let surface = &text[t.start..t.end];
            assert_eq!(fold(surface), t.norm, "norm of {surface:?} is its folded surface");
            n += 1;
        }
    }
    assert!(n >= 25, "all tokens were seen ({n})");
    let surfaces: Vec<&str> = a.sentences.iter().flat_map(|s| s.tokens.iter().map(|t| &text[t.start..t.end])).collect();
    for expected in ["L'", "Arménie", "l’", "Azerbaïdjan", "«", "3,5", "€", "Œuvre", "Erevan"] {
        assert!(surfaces.contains(&expected), "{expected:?} is one token: {surfaces:?}");
    }
}

#[test]
fn character_offsets_of_sentences_and_mentions_match_the_text() {
    let text = "Élan à Bakou\nL'Azerbaïdjan a salué l'accord signé à Moscou. Le président français Emmanuel Macron a réagi : « Très bien. »";
    let p = newskg::extract_text("t", text, Some("fr"), None, k());
    let chars: Vec<char> = text.chars().collect();
    assert!(p.sentences.len() >= 3);
    let mut mentions = 0;
    for s in &p.sentences {
        let by_chars: String = chars[s.char_start..s.char_end].iter().collect();
        assert_eq!(by_chars, s.text, "char offsets of a sentence");
        assert_eq!(&text[s.start..s.end], s.text, "byte offsets of a sentence");
        for m in &s.mentions {
            let by_chars: String = chars[m.char_start..m.char_end].iter().collect();
            assert_eq!(by_chars, m.text, "char offsets of a mention");
            mentions += 1;
        }
    }
    assert!(mentions >= 3, "Azerbaïdjan, Moscou and Macron are mentioned ({mentions})");
}

#[test]
fn nif_offsets_in_the_rdf_are_character_offsets() {
    let text = " date 2020-10-02\nÉté brûlant à Erevan\nL'Arménie a reçu l'émissaire russe. Ça s'est bien passé, « dit-on ».";
    let docs_dir = std::env::temp_dir().join(format!("newskg-pipeline-nif-{}", std::process::id()));
    std::fs::create_dir_all(&docs_dir).unwrap();
    let file = docs_dir.join("accents.txt");
    std::fs::write(&file, text).unwrap();
    let d = match read_paths(&[file]).unwrap().next() {
        Some(Item::Doc(d)) => d,
        _ => panic!("the file is one document"),
    };
    let _ = std::fs::remove_dir_all(&docs_dir);
    let p = newskg::pipeline::process(&d, k(), &newskg::extract::default_extractors());
    let iris = Iris::new(newskg::vocab::NKR_DEFAULT);
    let store = oxigraph::store::Store::new().unwrap();
    store.extend(newskg::rdf::document_quads(&p, &iris, k())).unwrap();
    let rows = newskg::query::select_strings(
        &store,
        "SELECT ?b ?e ?a WHERE { GRAPH ?g { ?s a nif:Sentence ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a } } ORDER BY ?b",
        &iris,
    )
    .unwrap();
    assert_eq!(rows.len(), 3, "three sentences: {rows:?}");
    let chars: Vec<char> = text.chars().collect();
    for r in &rows {
        let (b, e): (usize, usize) = (r[0].parse().unwrap(), r[1].parse().unwrap());
        let slice: String = chars[b..e].iter().collect();
        assert_eq!(slice, r[2], "nif:beginIndex/endIndex are character offsets into the document text");
    }
    assert_eq!(rows[0][2], "Été brûlant à Erevan");
    let date = newskg::query::select_strings(&store, "SELECT ?d WHERE { GRAPH ?g { ?x schema:datePublished ?d } }", &iris).unwrap();
    assert_eq!(date, vec![vec!["2020-10-02".to_string()]]);
}

#[test]
fn boilerplate_widgets_are_dropped_wherever_the_keyword_sits() {
    for line in [
        "Recevez notre newsletter chaque matin",
        "Pour lire la suite, abonnez-vous",
        "Cliquez ici pour partager cet article",
    ] {
        assert!(newskg::text::is_boilerplate(line, k()), "{line:?} is boilerplate");
    }
    assert!(!newskg::text::is_boilerplate("La Russie a appelé à la retenue.", k()));
}

// ---------------------------------------------------------------------------------------
// 4. Gazetteer and mentions
// ---------------------------------------------------------------------------------------

#[test]
fn gazetteer_has_every_un_member_with_unique_codes() {
    let countries = &k().gazetteer.countries;
    assert!(countries.len() >= 193, "{} countries", countries.len());
    let iso3: BTreeSet<&str> = countries.iter().map(|c| c.iso3.as_str()).collect();
    assert_eq!(iso3.len(), countries.len(), "one row per ISO3 code");
    for c in countries {
        let q = c.wikidata.as_deref().unwrap_or("");
        assert!(q.starts_with('Q') && q[1..].parse::<u64>().is_ok(), "{} has a Wikidata id ({q:?})", c.iso3);
        assert!(!c.name_fr.is_empty() && !c.name_en.is_empty(), "{} has names", c.iso3);
        assert!(c.demonyms_fr.iter().all(|d| !d.is_empty()), "{} has four French demonyms", c.iso3);
    }
    let by: BTreeMap<&str, &str> = countries.iter().map(|c| (c.iso3.as_str(), c.wikidata.as_deref().unwrap_or(""))).collect();
    assert_eq!(by["RUS"], "Q159");
    assert_eq!(by["ARM"], "Q399");
}

/// Cross-check against the shared table of checked facts (../shared/data/countries.tsv).
#[test]
fn gazetteer_agrees_with_the_shared_country_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/countries.tsv");
    let Ok(table) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (ci, cw, cm, cf) = (col("iso3"), col("wikidata"), col("un_member"), col("name_fr"));
    let by: BTreeMap<&str, &newskg::gazetteer::Country> = k().gazetteer.countries.iter().map(|c| (c.iso3.as_str(), c)).collect();
    let mut members = 0;
    let mut wrong = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        if f[cm] == "yes" {
            members += 1;
        }
        match by.get(f[ci]) {
            None if f[cm] == "yes" || f[cm] == "observer" => wrong.push(format!("{} missing", f[ci])),
            None => {}
            Some(c) => {
                if c.wikidata.as_deref() != Some(f[cw]) {
                    wrong.push(format!("{}: {:?} instead of {}", f[ci], c.wikidata, f[cw]));
                }
                if c.name_fr != f[cf] {
                    wrong.push(format!("{}: name_fr {:?} instead of {:?}", f[ci], c.name_fr, f[cf]));
                }
            }
        }
    }
    assert_eq!(members, 193, "the shared table lists the 193 UN members");
    assert!(wrong.is_empty(), "disagreements with {}: {wrong:?}", path.display());
}

#[test]
fn french_demonyms_in_all_genders_and_numbers_are_recognised_in_roles() {
    for (text, iso) in [
        ("Le ministre arménien a quitté Genève.", "ARM"),
        ("La diplomatie arménienne a protesté.", "ARM"),
        ("Les ministres arméniens ont quitté Genève.", "ARM"),
        ("Les ministres arméniennes ont quitté Genève.", "ARM"),
        ("Le ministre azerbaïdjanais a quitté Genève.", "AZE"),
        ("La ministre azerbaïdjanaise a quitté Genève.", "AZE"),
        ("Le président russe a quitté Genève.", "RUS"),
        ("Les ministres russes ont quitté Genève.", "RUS"),
        ("La diplomatie turque a protesté.", "TUR"),
        ("Les ministres turcs ont quitté Genève.", "TUR"),
    ] {
        let p = fr(text);
        let m = mentioned(&p);
        assert!(
            m.iter().any(|(_, c, _, _)| c.as_deref() == Some(iso)),
            "{text:?} mentions an actor of {iso}: {m:?}"
        );
    }
}

/// Demonyms shared by two states (congolais: COG and COD) are ambiguous and left out.
#[test]
fn every_french_demonym_of_the_gazetteer_is_recognised() {
    let mut missed = Vec::new();
    let countries = &k().gazetteer.countries;
    let mut owners: BTreeMap<&str, usize> = BTreeMap::new();
    for c in countries {
        for d in c.demonyms_fr.iter().collect::<BTreeSet<_>>() {
            *owners.entry(d.as_str()).or_default() += 1;
        }
    }
    let mut tried = 0;
    for c in countries {
        if c.demonyms_fr.iter().any(|d| owners[d.as_str()] > 1) {
            continue;
        }
        tried += 1;
        let [msg, fsg, mpl, fpl] = &c.demonyms_fr;
        for text in [
            format!("Le ministre {msg} a quitté Genève."),
            format!("La ministre {fsg} a quitté Genève."),
            format!("Les ministres {mpl} ont quitté Genève."),
            format!("Les ministres {fpl} ont quitté Genève."),
        ] {
            let p = fr(&text);
            if !mentioned(&p).iter().any(|(_, cc, _, _)| cc.as_deref() == Some(c.iso3.as_str())) {
                missed.push(text);
            }
        }
    }
    assert!(tried >= 185, "most states have unambiguous demonyms ({tried})");
    assert!(missed.is_empty(), "{} demonym phrases not recognised: {:?}", missed.len(), missed);
}

#[test]
fn mentions_are_accent_and_case_insensitive() {
    for (text, key) in [
        ("L'Azerbaidjan a fermé sa frontière.", "country/AZE"),
        ("L'AZERBAÏDJAN a fermé sa frontière.", "country/AZE"),
        ("L'Armenie a fermé sa frontière.", "country/ARM"),
        ("La Turquie a fermé sa frontière.", "country/TUR"),
        ("Les Etats-Unis ont fermé leur frontière.", "country/USA"),
    ] {
        let p = fr(text);
        let m = mentioned(&p);
        assert!(m.iter().any(|(k, _, t, _)| k == key && *t == EntityType::Country), "{text:?} mentions {key}: {m:?}");
    }
}

#[test]
fn capitals_stand_for_their_state_and_organisations_are_found() {
    let p = fr("Erevan et Bakou ont répondu à Moscou.");
    let countries: BTreeSet<String> = mentioned(&p).into_iter().filter_map(|(_, c, _, _)| c).collect();
    assert!(["ARM", "AZE", "RUS"].iter().all(|c| countries.contains(*c)), "capitals give states: {countries:?}");

    let p = fr("L'ONU, l'OTAN, l'OSCE et le groupe de Minsk ont réagi.");
    let m = mentioned(&p);
    let orgs: Vec<&(String, Option<String>, EntityType, String)> = m.iter().filter(|x| x.2 == EntityType::Organization).collect();
    let texts: Vec<&str> = orgs.iter().map(|x| x.3.as_str()).collect();
    assert_eq!(texts, vec!["ONU", "OTAN", "OSCE", "groupe de Minsk"], "four organisations: {m:?}");
    let wd = |surface: &str| {
        p.sentences[0].mentions.iter().find(|x| x.text == surface).and_then(|x| x.entity.wikidata.clone())
    };
    assert_eq!(wd("ONU").as_deref(), Some("Q1065"));
    assert_eq!(wd("OTAN").as_deref(), Some("Q7184"));
    assert_eq!(wd("OSCE").as_deref(), Some("Q81299"));
    let keys: BTreeSet<&str> = orgs.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(keys.len(), 4, "four distinct organisations: {keys:?}");
}

#[test]
fn persons_with_titles_and_offices_are_found() {
    let p = fr("M. Lavrov a rencontré Mme Zakharova à Moscou.");
    let persons: Vec<String> = mentioned(&p).into_iter().filter(|m| m.2 == EntityType::Person).map(|m| m.3).collect();
    assert!(persons.iter().any(|t| t.contains("Lavrov")) && persons.iter().any(|t| t.contains("Zakharova")), "{persons:?}");

    let p = fr("Le chef de la diplomatie russe, Sergueï Lavrov, a quitté Genève.");
    let m = mentioned(&p);
    assert!(
        m.iter().any(|(key, c, t, _)| *t == EntityType::Person && key.contains("lavrov") && c.as_deref() == Some("RUS")),
        "the person is bound to the office and its state: {m:?}"
    );
}

#[test]
fn input_text_is_nfc_and_typographic_apostrophes_match() {
    let dir = std::env::temp_dir().join(format!("newskg-pipeline-nfc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("nfd.txt");
    // "Arménie" with a combining acute accent (NFD) and a typographic apostrophe.
    std::fs::write(&file, "La Turquie a critiqu\u{65}\u{301} l\u{2019}Arme\u{301}nie.\n").unwrap();
    let d = match read_paths(&[file]).unwrap().next() {
        Some(Item::Doc(d)) => d,
        _ => panic!("the file is one document"),
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert!(d.text.contains("l\u{2019}Arménie"), "NFC text: {:?}", d.text);
    let p = newskg::pipeline::process(&d, k(), &newskg::extract::default_extractors());
    let m = mentioned(&p);
    assert!(m.iter().any(|(key, _, _, s)| key == "country/ARM" && s == "Arménie"), "{m:?}");
}

#[test]
fn ministries_are_found_by_pattern() {
    let p = fr("Le ministère russe des Affaires étrangères a convoqué l'ambassadeur.");
    let m = mentioned(&p);
    assert!(
        m.iter().any(|(_, c, t, s)| c.as_deref() == Some("RUS") && *t == EntityType::Organization && s.contains("ministère russe des Affaires étrangères")),
        "the ministry is an organisation of Russia: {m:?}"
    );
}

// ---------------------------------------------------------------------------------------
// 5. Statements
// ---------------------------------------------------------------------------------------

fn statements(p: &Processed) -> Vec<&newskg::extract::Statement> {
    p.facts.iter().filter_map(|f| if let Fact::Statement(s) = f { Some(s) } else { None }).collect()
}

#[test]
fn statement_with_a_ministry_subject_and_a_clause_object() {
    let p = fr("Le ministère azerbaïdjanais de la Défense a annoncé que les tirs avaient cessé dans la nuit.");
    let st = statements(&p);
    let s = st.iter().find(|s| s.predicate == "annoncer").unwrap_or_else(|| panic!("a statement with annoncer: {st:?}"));
    assert_eq!(s.subject.len(), 1);
    assert_eq!(s.subject[0].country.as_deref(), Some("AZE"));
    assert_eq!(s.subject[0].etype, EntityType::Organization);
    assert!(s.object.is_empty(), "the object is a clause, not an entity");
    let obj = s.object_text.as_deref().unwrap_or("");
    assert!(obj.contains("les tirs avaient cessé"), "object text: {obj:?}");
    assert!(!s.negated);
    assert_eq!(s.sentence, 0);
    assert_eq!(s.span, (p.sentences[0].start, p.sentences[0].end), "evidence span is the sentence");
}

#[test]
fn statement_with_a_group_subject_resolved_to_the_two_countries() {
    let p = fr("L'Arménie et l'Azerbaïdjan s'affrontent depuis dimanche. Les deux pays ont proclamé la loi martiale.");
    let st = statements(&p);
    let s = st.iter().find(|s| s.predicate == "proclamer").unwrap_or_else(|| panic!("a statement with proclamer: {st:?}"));
    let subj: BTreeSet<&str> = s.subject.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(subj, BTreeSet::from(["country/ARM", "country/AZE"]));
    assert_eq!(s.object_text.as_deref(), Some("la loi martiale"));
    assert_eq!(s.sentence, 1);
}

#[test]
fn statement_object_is_an_entity_when_it_is_one() {
    let p = fr("La Turquie a soutenu l'Azerbaïdjan.");
    let st = statements(&p);
    // The lemma itself is checked in statement_lemmas_of_common_verbs.
    let s = st.iter().find(|s| s.predicate.starts_with("soutin") || s.predicate.starts_with("souten")).unwrap_or_else(|| panic!("a statement with soutenir: {st:?}"));
    assert_eq!(s.subject.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), vec!["country/TUR"]);
    assert_eq!(s.object.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), vec!["country/AZE"]);
}

#[test]
fn statement_negation_is_kept() {
    let p = fr("La Russie n'a pas reconnu le scrutin.");
    let st = statements(&p);
    let s = st.iter().find(|s| s.predicate.starts_with("reconn")).unwrap_or_else(|| panic!("a statement with reconnaître: {st:?}"));
    assert!(s.negated, "n'a pas is a negation");
}

#[test]
fn statement_lemmas_of_common_verbs() {
    for (text, lemma) in [
        ("La Géorgie appelle ses voisins.", "appeler"),
        ("La Turquie rejette les accusations de l'Arménie.", "rejeter"),
        ("L'Iran a reçu le ministre turc.", "recevoir"),
        ("La Chine a promis une aide.", "promettre"),
        ("La France a pris acte de la décision.", "prendre"),
        ("L'Inde suit la situation.", "suivre"),
        ("Le Japon a rejeté la proposition.", "rejeter"),
        ("La Turquie a soutenu l'Azerbaïdjan.", "soutenir"),
        ("La Russie n'a pas reconnu le scrutin.", "reconnaître"),
    ] {
        let p = fr(text);
        let preds: Vec<&str> = statements(&p).iter().map(|s| s.predicate.as_str()).collect();
        assert!(preds.contains(&lemma), "{text:?} gives the lemma {lemma}: {preds:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Store writer (point 7): batches, commits, replacements, interrupted loads
// ---------------------------------------------------------------------------------------

fn temp_store_dir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("newskg-pipeline-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    p
}

fn graph_sizes(store: &oxigraph::store::Store) -> BTreeMap<String, usize> {
    let mut sizes = BTreeMap::new();
    for q in store.iter() {
        let q = q.unwrap();
        *sizes.entry(q.graph_name.to_string()).or_insert(0) += 1;
    }
    sizes
}

#[test]
fn graph_writer_spans_batches_and_commits_and_replaces_repeated_documents() {
    let iris = Iris::default();
    let texts = [
        "La Russie a appelé l'Arménie et l'Azerbaïdjan à cesser le feu.",
        "Sergueï Lavrov s'est entretenu au téléphone avec son homologue arménien.",
        "L'ONU a exhorté les deux pays à reprendre les négociations.",
        "The United States urged Turkey to stay out of the conflict.",
    ];
    // 40 documents; the third text comes back under the id of the first at the end.
    let docs: Vec<(String, Vec<oxigraph::model::Quad>)> = (0..40)
        .map(|i| {
            let mut d = doc(texts[i % texts.len()]);
            d.id = format!("w{i}");
            let p = newskg::pipeline::process(&d, k(), &newskg::extract::default_extractors());
            (iris.doc(&d.id), newskg::rdf::document_quads(&p, &iris, k()))
        })
        .collect();
    let mut repeated = doc(texts[2]);
    repeated.id = "w0".into();
    let repeated_quads = newskg::rdf::document_quads(&newskg::pipeline::process(&repeated, k(), &newskg::extract::default_extractors()), &iris, k());

    let expected: BTreeMap<String, usize> = {
        let store = oxigraph::store::Store::new().unwrap();
        for (g, q) in &docs {
            newskg::store::replace_graph(&store, g, q).unwrap();
        }
        newskg::store::replace_graph(&store, &docs[0].0, &repeated_quads).unwrap();
        graph_sizes(&store)
    };
    for loader_threads in [2, 1] {
        let dir = temp_store_dir(&format!("writer{loader_threads}"));
        let store = newskg::store::open(Some(&dir)).unwrap();
        // Batches of ~2 documents, a commit every ~5: many loads in flight and many commits.
        let mut w = newskg::store::GraphWriter::with_sizes(&store, 30, 150).with_loader_threads(loader_threads);
        for (g, q) in &docs {
            w.write(g, q.clone()).unwrap();
        }
        w.write(&docs[0].0, repeated_quads.clone()).unwrap();
        w.finish().unwrap();
        assert_eq!(graph_sizes(&store), expected, "every document whole, the repeated one replaced ({loader_threads} loader threads)");
        drop(store);
        if loader_threads == 2 {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    // The store written with one loader thread (not removed by the loop).
    let dir = std::env::temp_dir().join(format!("newskg-pipeline-writer1-{}", std::process::id()));
    // An interrupted load leaves batch files behind; the next writer removes them, and the
    // store is unchanged.
    std::fs::write(dir.join("bulk-1234.sst"), b"left over").unwrap();
    {
        let store = newskg::store::open(Some(&dir)).unwrap();
        assert!(!dir.join("bulk-1234.sst").exists());
        assert_eq!(graph_sizes(&store), expected);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rebuilds_replace_documents_in_a_few_commits_and_leave_unchanged_ones_alone() {
    // A rebuild used to cost one transaction per replaced document (7–9× a first build).
    let iris = Iris::default();
    let ex = newskg::extract::default_extractors();
    let quads_of = |i: usize, text: &str| {
        let mut d = doc(text);
        d.id = format!("r{i}");
        let p = newskg::pipeline::process(&d, k(), &ex);
        (iris.doc(&d.id), p)
    };
    let first: Vec<_> = (0..120).map(|i| quads_of(i, "La Russie a appelé l'Arménie et l'Azerbaïdjan à cesser le feu.")).collect();
    let second: Vec<_> = (0..120).map(|i| quads_of(i, "L'ONU a exhorté les deux pays à reprendre les négociations.")).collect();
    let dir = temp_store_dir("rebuild");
    let store = newskg::store::open(Some(&dir)).unwrap();
    let hour = std::time::Duration::from_secs(3600);
    let write_all = |docs: &[(String, newskg::pipeline::Processed)]| -> usize {
        let mut w = newskg::store::GraphWriter::new(&store).with_commit_interval(hour);
        for (g, p) in docs {
            w.write_each(g, &|sink| newskg::rdf::each_document_quad(p, &iris, k(), sink)).unwrap();
        }
        w.finish().unwrap()
    };
    assert_eq!(write_all(&first), 1, "a first build: one bulk commit");
    let before = graph_sizes(&store);
    assert_eq!(write_all(&first), 0, "the same documents again: nothing to write");
    assert_eq!(graph_sizes(&store), before);
    assert_eq!(write_all(&second), 2, "120 replaced documents: one deletion and one bulk commit");
    let expected: BTreeMap<String, usize> = {
        let mem = oxigraph::store::Store::new().unwrap();
        for (g, p) in &second {
            newskg::store::replace_graph(&mem, g, &newskg::rdf::document_quads(p, &iris, k())).unwrap();
        }
        graph_sizes(&mem)
    };
    assert_eq!(graph_sizes(&store), expected);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
