//! Linking to another dataset, importing one, and the CAMEO export, on hand-written fixtures:
//! `store.trig` (a small newskg store), `people.ttl` (a Wikidata-like dataset with decoys),
//! `memberships.ttl` (alliance memberships keyed by our country IRIs), `malformed.ttl`.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use newskg::cameo::{cameo_rows, write_cameo_tsv, CAMEO_HEADER};
use newskg::import::{import, run_import, ImportArgs};
use newskg::link::{link, run_link, LinkArgs, LinkOptions};
use newskg::vocab::{sparql_prefixes, Iris};

type TestResult = Result<(), Box<dyn StdError>>;

const KB: &str = "http://example.org/kb/entity/";
const NKR: &str = "https://w3id.org/newskg/resource/";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn scratch_dir(test: &str) -> Result<PathBuf, Box<dyn StdError>> {
    let dir = std::env::temp_dir().join(format!("newskg-link-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn test_store() -> Result<Store, Box<dyn StdError>> {
    let store = Store::new()?;
    let text = std::fs::read(fixture("store.trig"))?;
    store.load_from_slice(RdfFormat::TriG, &text)?;
    Ok(store)
}

fn person(slug: &str) -> String {
    format!("{NKR}entity/person/{slug}")
}

fn kb(id: &str) -> String {
    format!("{KB}{id}")
}

/// Runs a SELECT query and returns each row as variable → lexical value.
fn select(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, String>>, Box<dyn StdError>> {
    let full = format!("{}{query}", sparql_prefixes(NKR));
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(&full)?
        .on_store(store)
        .execute()?
    else {
        return Err("not a SELECT query".into());
    };
    let mut rows = Vec::new();
    for s in solutions {
        let s = s?;
        let mut row = BTreeMap::new();
        for (var, term) in s.iter() {
            let text = match term {
                Term::NamedNode(n) => n.as_str().to_string(),
                Term::Literal(l) => l.value().to_string(),
                other => other.to_string(),
            };
            row.insert(var.as_str().to_string(), text);
        }
        rows.push(row);
    }
    Ok(rows)
}

fn linked(report: &newskg::link::LinkReport) -> BTreeMap<String, (String, String)> {
    report
        .links
        .iter()
        .map(|l| (l.ours.clone(), (l.theirs.clone(), l.method.clone())))
        .collect()
}

#[test]
fn each_person_links_to_the_right_resource() -> TestResult {
    let store = test_store()?;
    let iris = Iris::default();
    let report = link(
        &store,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &iris,
    )?;
    let links = linked(&report);
    let expected = [
        ("lavrov", "E1", "translit-label"),
        ("mnatsakanian", "E2", "family-name"),
        ("bairamov", "E3", "translit-label"),
        ("cavusoglu", "E4", "folded-label"),
        ("zakharova", "E5", "translit-label"),
        ("pompeo", "E6", "exact-label"),
        ("pashinian", "E7", "translit-label"),
    ];
    for (ours, theirs, method) in expected {
        let got = links.get(&person(ours));
        assert_eq!(
            got,
            Some(&(kb(theirs), method.to_string())),
            "link of {ours}: {report:#?}"
        );
    }
    // States link too, to the state and not to the city or the untyped resource of that name.
    for (iso3, theirs) in [
        ("RUS", "C1"),
        ("ARM", "C2"),
        ("AZE", "C3"),
        ("TUR", "C4"),
        ("USA", "C5"),
    ] {
        let ours = format!("{NKR}entity/country/{iso3}");
        assert_eq!(
            links.get(&ours).map(|l| l.0.clone()),
            Some(kb(theirs)),
            "link of {iso3}"
        );
    }
    for l in &report.links {
        assert!((0.0..=1.0).contains(&l.score), "score out of range: {l:?}");
    }

    // The links are in the links graph, as owl:sameAs and as nkg:Link annotations.
    let rows = select(
        &store,
        "SELECT ?ours ?theirs ?score ?method WHERE { GRAPH nkr:graph\\/links {
            ?ours owl:sameAs ?theirs .
            ?l a nkg:Link ; nkg:linkSubject ?ours ; nkg:linkObject ?theirs ;
               nkg:linkScore ?score ; nkg:linkMethod ?method .
            FILTER(datatype(?score) = xsd:decimal) } }",
    )?;
    assert_eq!(rows.len(), report.links.len());
    let lavrov = rows
        .iter()
        .find(|r| r.get("ours") == Some(&person("lavrov")))
        .ok_or("no Lavrov row")?;
    assert_eq!(lavrov.get("theirs"), Some(&kb("E1")));
    let score: f64 = lavrov.get("score").ok_or("no score")?.parse()?;
    assert!((score - 0.93).abs() < 1e-9, "{score}");
    assert_eq!(
        lavrov.get("method").map(String::as_str),
        Some("translit-label")
    );
    // Links can be filtered by score in SPARQL.
    let strong = select(
        &store,
        "SELECT ?ours WHERE { GRAPH ?g { ?l nkg:linkSubject ?ours ; nkg:linkScore ?s FILTER(?s >= 0.95) } }",
    )?;
    assert!(strong
        .iter()
        .all(|r| r.get("ours") != Some(&person("mnatsakanian"))));
    assert!(strong
        .iter()
        .any(|r| r.get("ours") == Some(&person("pompeo"))));
    Ok(())
}

#[test]
fn no_decoy_is_linked_and_ambiguities_are_refused() -> TestResult {
    let store = test_store()?;
    let report = link(
        &store,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &Iris::default(),
    )?;
    for l in &report.links {
        let id = l.theirs.trim_start_matches(KB);
        assert!(
            !id.starts_with('D') && !id.starts_with('A'),
            "linked to a decoy: {l:?}"
        );
    }
    let refused: BTreeMap<String, Vec<String>> = report
        .ambiguous
        .iter()
        .map(|a| {
            (
                a.ours.clone(),
                a.candidates.iter().map(|c| c.0.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        refused.get(&format!("{NKR}entity/org/groupe-de-minsk")),
        Some(&vec![kb("A1"), kb("A2")])
    );
    assert_eq!(
        refused.get(&person("lavrentiev")),
        Some(&vec![kb("A3"), kb("A4")])
    );
    assert_eq!(refused.len(), 2, "{:#?}", report.ambiguous);
    // Nothing at all was written for the refused entities.
    let rows = select(
        &store,
        "SELECT ?x WHERE { GRAPH ?g { nkr:entity\\/person\\/lavrentiev owl:sameAs ?x } }",
    )?;
    assert!(rows.is_empty());
    Ok(())
}

#[test]
fn linking_twice_adds_nothing() -> TestResult {
    let store = test_store()?;
    let iris = Iris::default();
    let before = store.len()?;
    let first = link(
        &store,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &iris,
    )?;
    let after_first = store.len()?;
    assert_eq!(after_first - before, first.quads_added);
    assert_eq!(first.quads_added, 6 * first.links.len());
    let second = link(
        &store,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &iris,
    )?;
    assert_eq!(store.len()?, after_first);
    assert_eq!(second.quads_added, 0);
    assert_eq!(linked(&first), linked(&second));
    Ok(())
}

#[test]
fn min_score_drops_weaker_links() -> TestResult {
    let store = test_store()?;
    let opts = LinkOptions {
        min_score: 0.9,
        ..LinkOptions::default()
    };
    let report = link(&store, &fixture("people.ttl"), &opts, &Iris::default())?;
    let links = linked(&report);
    // Mnatsakanian matched by family name alone (0.86): dropped; the others stay.
    assert!(!links.contains_key(&person("mnatsakanian")));
    assert!(links.contains_key(&person("lavrov")));
    assert!(report.below_min_score >= 1);
    // Above the transliteration score only exact and folded labels remain.
    let store = test_store()?;
    let opts = LinkOptions {
        min_score: 0.95,
        ..LinkOptions::default()
    };
    let report = link(&store, &fixture("people.ttl"), &opts, &Iris::default())?;
    assert!(report.links.iter().all(|l| l.score >= 0.95));
    let links = linked(&report);
    assert!(!links.contains_key(&person("lavrov")));
    assert!(links.contains_key(&person("pompeo")));
    assert!(links.contains_key(&person("cavusoglu")));
    Ok(())
}

#[test]
fn malformed_dataset_is_one_error_and_leaves_the_store_unchanged() -> TestResult {
    let store = test_store()?;
    let before = store.len()?;
    let Err(err) = link(
        &store,
        &fixture("malformed.ttl"),
        &LinkOptions::default(),
        &Iris::default(),
    ) else {
        return Err("a malformed dataset was accepted".into());
    };
    let msg = err.to_string();
    assert!(msg.contains("malformed.ttl"), "{msg}");
    assert!(msg.contains("line 6"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    assert_eq!(store.len()?, before);
    // Same for an import, which would otherwise have replaced a graph.
    let graph = "http://example.org/graph/people";
    import(&store, &fixture("people.ttl"), graph)?;
    let with_people = store.len()?;
    assert!(import(&store, &fixture("malformed.ttl"), graph).is_err());
    assert_eq!(store.len()?, with_people);
    // A missing file and an unknown extension are errors too, not panics.
    assert!(link(
        &store,
        &fixture("absent.ttl"),
        &LinkOptions::default(),
        &Iris::default()
    )
    .is_err());
    assert!(import(&store, &fixture("../link.rs"), graph).is_err());
    Ok(())
}

#[test]
fn gzip_datasets_link_the_same() -> TestResult {
    let dir = scratch_dir("gz")?;
    let gz = dir.join("people.ttl.gz");
    let mut enc =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz)?, flate2::Compression::default());
    enc.write_all(&std::fs::read(fixture("people.ttl"))?)?;
    enc.finish()?;
    let store = test_store()?;
    let from_gz = link(&store, &gz, &LinkOptions::default(), &Iris::default())?;
    let store2 = test_store()?;
    let plain = link(
        &store2,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &Iris::default(),
    )?;
    assert_eq!(linked(&from_gz), linked(&plain));
    assert!(from_gz.links.len() >= 7);
    // A corrupt gzip file is an error naming it.
    let bad = dir.join("bad.ttl.gz");
    std::fs::write(&bad, b"this is not gzip")?;
    let Err(err) = link(&store, &bad, &LinkOptions::default(), &Iris::default()) else {
        return Err("a corrupt gzip file was accepted".into());
    };
    assert!(err.to_string().contains("bad.ttl.gz"), "{err}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn review_table_and_summary() -> TestResult {
    let dir = scratch_dir("tsv")?;
    let out_path = dir.join("links.tsv");
    let store = test_store()?;
    let args = LinkArgs {
        dataset: fixture("people.ttl"),
        label_property: vec![],
        min_score: 0.85,
        out: Some(out_path.clone()),
    };
    let mut out = Vec::new();
    let report = run_link(&args, &store, &Iris::default(), &mut out)?;
    let summary = String::from_utf8(out)?;
    assert!(
        summary.contains(&format!("linked {} of", report.links.len())),
        "{summary}"
    );
    assert!(summary.contains("2 refused as ambiguous"), "{summary}");
    assert!(summary.contains("translit-label 4"), "{summary}");
    let tsv = std::fs::read_to_string(&out_path)?;
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "ours\tlabel\ttheirs\ttheir_label\tscore\tmethod");
    assert_eq!(lines.len(), 1 + report.links.len() + report.ambiguous.len());
    assert!(lines.iter().all(|l| l.split('\t').count() == 6));
    assert!(lines.contains(
        &format!(
            "{}\tSergueï Lavrov\t{}\tSergey Lavrov\t0.930\ttranslit-label",
            person("lavrov"),
            kb("E1")
        )
        .as_str()
    ));
    // A label property given on the command line replaces the defaults: with schema:name
    // only, Pompeo is the one person left to link.
    let store = test_store()?;
    let args = LinkArgs {
        label_property: vec!["schema:name".to_string()],
        out: None,
        ..args
    };
    let report = run_link(&args, &store, &Iris::default(), &mut Vec::new())?;
    let people: Vec<&str> = report.links.iter().map(|l| l.ours.as_str()).collect();
    assert_eq!(people, vec![person("pompeo").as_str()]);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn import_then_join_across_graphs() -> TestResult {
    let store = test_store()?;
    let graph = "http://example.org/graph/memberships";
    let n = import(&store, &fixture("memberships.ttl"), graph)?;
    assert_eq!(n, 11);
    // Appeals made by members of an organisation: membership comes from the imported graph.
    let query = "SELECT ?appeal ?caller ?state WHERE {
        GRAPH ?doc { ?appeal a nkg:Appeal ; nkg:caller ?caller . ?caller nkg:country ?state . }
        GRAPH <http://example.org/graph/memberships> { ?state <http://example.org/memberOf> <http://example.org/org/CSTO> }
    } ORDER BY ?appeal";
    let rows = select(&store, query)?;
    let appeals: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.get("appeal").map(String::as_str))
        .collect();
    assert_eq!(
        appeals,
        vec![
            format!("{NKR}doc/d1/event/1").as_str(),
            format!("{NKR}doc/d2/event/2").as_str()
        ]
    );
    // Importing again replaces the graph: same size, same answer.
    let len = store.len()?;
    assert_eq!(import(&store, &fixture("memberships.ttl"), graph)?, 11);
    assert_eq!(store.len()?, len);
    assert_eq!(select(&store, query)?.len(), 2);
    // Importing another file into the graph replaces its content.
    import(&store, &fixture("people.ttl"), graph)?;
    assert!(select(&store, query)?.is_empty());
    Ok(())
}

#[test]
fn import_refuses_newskg_graphs() -> TestResult {
    let store = test_store()?;
    let before = store.len()?;
    for graph in [
        "https://w3id.org/newskg/ontology",
        "https://w3id.org/newskg/resource/doc/d1",
        "https://w3id.org/newskg/resource/doc/new",
        "not an iri",
    ] {
        assert!(
            import(&store, &fixture("memberships.ttl"), graph).is_err(),
            "{graph} accepted"
        );
    }
    // With another base, a document graph is recognised by its content.
    let other = Store::new()?;
    other.load_from_slice(
        RdfFormat::TriG,
        "<http://ex.org/doc/1> { <http://ex.org/doc/1> a <http://schema.org/NewsArticle> . }",
    )?;
    assert!(import(&other, &fixture("memberships.ttl"), "http://ex.org/doc/1").is_err());
    // The command refuses the links graph of the store's base.
    link(
        &store,
        &fixture("people.ttl"),
        &LinkOptions::default(),
        &Iris::default(),
    )?;
    let linked_len = store.len()?;
    let args = ImportArgs {
        file: fixture("memberships.ttl"),
        format: None,
        graph: Iris::default().links_graph(),
    };
    let Err(err) = run_import(&args, &store, &Iris::default(), &mut Vec::new()) else {
        return Err("the links graph was accepted".into());
    };
    assert!(err.to_string().contains("links graph"), "{err}");
    assert_eq!(store.len()?, linked_len);
    assert!(store.len()? > before);
    let args = ImportArgs {
        file: fixture("memberships.ttl"),
        format: None,
        graph: "http://example.org/graph/m".to_string(),
    };
    let mut out = Vec::new();
    assert_eq!(run_import(&args, &store, &Iris::default(), &mut out)?, 11);
    assert!(String::from_utf8(out)?.starts_with("imported 11 quads"));
    Ok(())
}

#[test]
fn cameo_table_has_one_row_per_dyad() -> TestResult {
    let store = test_store()?;
    let rows = cameo_rows(&store)?;
    // d1/event/1: Lavrov → Baïramov and Mnatsakanian (2 dyads); d1/event/2: a phone call;
    // d1/event/3: Pompeo → Armenia and Azerbaijan (2); d1/event/4: a meeting of three (3 pairs);
    // d2/event/1; d2/event/2 (no addressee).
    assert_eq!(rows.len(), 10, "{rows:#?}");
    let find = |event: &str, source: &str, target: &str| {
        rows.iter()
            .find(|r| r.events.iter().any(|e| e.ends_with(event)) && r.source == source && r.target == target)
            .unwrap_or_else(|| panic!("no row {event} {source} → {target}: {rows:#?}"))
    };
    let r = find("doc/d1/event/1", "Sergueï Lavrov", "Djeyhoun Baïramov");
    assert_eq!((r.event_code.as_str(), r.base_code.as_str(), r.root_code.as_str(), r.quad_class), ("0256", "025", "02", Some(1)));
    assert_eq!((r.date.as_str(), r.source_country.as_str(), r.target_country.as_str()), ("20200930", "RUS", "AZE"));
    assert!(!r.derived_code);
    assert_eq!(r.documents, vec!["d1".to_string()]);
    let r = find("doc/d1/event/1", "Sergueï Lavrov", "Mnatsakanian");
    assert_eq!(r.target_country, "ARM");
    assert_eq!(find("doc/d1/event/2", "Sergueï Lavrov", "Mnatsakanian").event_code, "041");
    assert_eq!(find("doc/d1/event/3", "Mike Pompeo", "Azerbaijan").event_code, "026");
    let r = find("doc/d1/event/3", "Mike Pompeo", "Armenia");
    assert_eq!((r.event_code.as_str(), r.derived_code, r.date.as_str()), ("026", true, "20201001"));
    assert_eq!((r.source_type.as_str(), r.target_type.as_str()), ("", "GOV"), "a state is GOV");
    let meeting: Vec<_> = rows.iter().filter(|r| r.events.iter().any(|e| e.ends_with("doc/d1/event/4"))).collect();
    assert_eq!(meeting.len(), 3, "every pair of the three participants");
    assert!(meeting.iter().all(|r| r.event_code == "044" && r.kind == "contact"));
    let r = find("doc/d2/event/1", "Mevlut Cavusoglu", "Armenia");
    assert_eq!((r.event_code.as_str(), r.date.as_str()), ("028", ""));
    let r = find("doc/d2/event/2", "Marija Zakharova", "");
    assert_eq!((r.event_code.as_str(), r.target_country.as_str()), ("0255", ""), "humanitarian access: 0255");

    let mut out = Vec::new();
    write_cameo_tsv(&rows, &mut out)?;
    let text = String::from_utf8(out)?;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], CAMEO_HEADER.join("\t"));
    assert_eq!(lines.len(), 11);
    assert!(lines.iter().all(|l| l.split('\t').count() == CAMEO_HEADER.len()), "{text}");
    // Sorted by date (undated last).
    assert!(lines[1].starts_with("20200930\t"), "{text}");
    assert!(lines[10].starts_with("\tMevlut Cavusoglu\tTUR\t"), "{text}");
    Ok(())
}

#[test]
fn family_name_rule_needs_compatible_given_names() -> TestResult {
    // N-Triples this time: our "Sergueï Lavrov" has no label match here, only the family name.
    let dir = scratch_dir("family")?;
    let nt = dir.join("family.nt");
    let q5 = "<http://www.wikidata.org/entity/Q5>";
    let p31 = "<http://www.wikidata.org/prop/direct/P31>";
    let label = "<http://www.w3.org/2000/01/rdf-schema#label>";
    std::fs::write(
        &nt,
        format!(
            "<{KB}X1> {p31} {q5} .\n<{KB}X1> {label} \"Sergey Viktorovich Lavrov\"@en .\n\
             <{KB}X2> {p31} {q5} .\n<{KB}X2> {label} \"Igor Lavrov\"@en .\n\
             <{KB}X3> {p31} {q5} .\n<{KB}X3> {label} \"Anna Lavrova\"@en .\n\
             <{KB}X4> {p31} {q5} .\n<{KB}X4> {label} \"Zohrab Mnatsakanyan\"@en .\n\
             <{KB}X5> {p31} {q5} .\n<{KB}X5> {label} \"Armen Mnatsakanyan\"@en .\n"
        ),
    )?;
    let store = test_store()?;
    let report = link(&store, &nt, &LinkOptions::default(), &Iris::default())?;
    let links = linked(&report);
    // Igor's given name contradicts ours: X1 is the only candidate left.
    assert_eq!(
        links.get(&person("lavrov")),
        Some(&(kb("X1"), "family-name".to_string()))
    );
    // A bare family name with two bearers is refused.
    assert!(!links.contains_key(&person("mnatsakanian")));
    assert!(report
        .ambiguous
        .iter()
        .any(|a| a.ours == person("mnatsakanian") && a.candidates.len() == 2));
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

#[test]
fn rdf_xml_datasets_with_foaf_names() -> TestResult {
    let dir = scratch_dir("rdfxml")?;
    let path = dir.join("people.rdf");
    std::fs::write(
        &path,
        r#"<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <foaf:Person rdf:about="http://example.org/people/pompeo"><foaf:name>Mike Pompeo</foaf:name></foaf:Person>
  <foaf:Organization rdf:about="http://example.org/org/pashinyan"><foaf:name>Nikol Pashinyan</foaf:name></foaf:Organization>
</rdf:RDF>
"#,
    )?;
    let store = test_store()?;
    let report = link(&store, &path, &LinkOptions::default(), &Iris::default())?;
    let links = linked(&report);
    assert_eq!(
        links.get(&person("pompeo")),
        Some(&(
            "http://example.org/people/pompeo".to_string(),
            "exact-label".to_string()
        ))
    );
    // A person never links to an organisation.
    assert!(!links.contains_key(&person("pashinian")));
    assert_eq!(report.links.len(), 1);
    std::fs::write(
        &path,
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><oops></rdf:RDF>",
    )?;
    let Err(err) = link(&store, &path, &LinkOptions::default(), &Iris::default()) else {
        return Err("malformed RDF/XML was accepted".into());
    };
    assert!(err.to_string().contains("people.rdf"), "{err}");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
