//! Issue 12, point 6: what well-kept crates now do in place of hand-written code — language
//! identification (whatlang), metadata dates (jiff), transliteration before folding
//! (deunicode) — seen from the command line and the linker. The texts are our own.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

struct Out {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn newskg(args: &[&str], stdin: &str) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut w = child.stdin.take().unwrap();
    let input = stdin.as_bytes().to_vec();
    std::thread::spawn(move || {
        let _ = w.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out { ok: o.status.success(), stdout: String::from_utf8_lossy(&o.stdout).into_owned(), stderr }
}

/// The JSON records of `extract` on JSON Lines given on stdin.
fn extract(articles: &[Value]) -> (Vec<Value>, String) {
    let input: String = articles.iter().map(|a| a.to_string() + "\n").collect();
    let o = newskg(&["extract", "-"], &input);
    assert!(o.ok, "{}", o.stderr);
    (o.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect(), o.stderr)
}

fn doc<'a>(records: &'a [Value], id: &str) -> &'a Value {
    records.iter().find(|r| r["id"] == id && r.get("iri").is_some()).unwrap_or_else(|| panic!("no document {id}: {records:#?}"))
}

fn events_of(records: &[Value], id: &str) -> usize {
    records.iter().filter(|r| r["type"] == "event" && r["doc"] == id).count()
}

#[test]
fn other_languages_are_tagged_announced_and_not_read_as_french() {
    let (records, stderr) = extract(&[
        serde_json::json!({"id": "es1", "text": "El ministro de Asuntos Exteriores de Rusia pidió a Armenia y a Azerbaiyán que respetaran el alto el fuego y volvieran a la mesa de negociaciones."}),
        serde_json::json!({"id": "de1", "text": "Der russische Außenminister forderte Armenien und Aserbaidschan auf, die Waffenruhe einzuhalten und an den Verhandlungstisch zurückzukehren."}),
        serde_json::json!({"id": "ru1", "text": "Министр иностранных дел России призвал Армению и Азербайджан соблюдать режим прекращения огня и вернуться за стол переговоров."}),
        serde_json::json!({"id": "fr1", "text": "Le ministre russe des Affaires étrangères a appelé l'Arménie et l'Azerbaïdjan à respecter le cessez-le-feu et à revenir à la table des négociations."}),
    ]);
    for (id, line, tag, name) in [("es1", 1, "es", "Spanish"), ("de1", 2, "de", "German"), ("ru1", 3, "ru", "Russian")] {
        assert_eq!(doc(&records, id)["lang"], tag, "{records:#?}");
        assert_eq!(events_of(&records, id), 0, "{id} read as French: {records:#?}");
        let source = format!("<stdin>:{line}:");
        assert!(stderr.lines().any(|l| l.contains(&source) && l.contains(name) && l.contains("no events")), "{stderr}");
    }
    assert_eq!(doc(&records, "fr1")["lang"], "fr");
    assert!(events_of(&records, "fr1") >= 1, "{records:#?}");
    assert!(!stderr.contains("<stdin>:4:"), "{stderr}");
}

#[test]
fn a_declared_regional_tag_is_read_and_a_declared_unknown_language_is_announced() {
    let (records, stderr) = extract(&[
        serde_json::json!({"id": "frfr", "lang": "fr-FR", "text": "La Turquie a appelé l'Arménie à cesser le feu."}),
        serde_json::json!({"id": "it1", "lang": "it", "text": "La Turchia ha chiesto all'Armenia di cessare il fuoco."}),
    ]);
    assert_eq!(doc(&records, "frfr")["lang"], "fr");
    assert!(events_of(&records, "frfr") >= 1, "{records:#?}");
    assert_eq!(events_of(&records, "it1"), 0);
    assert!(stderr.lines().any(|l| l.contains("<stdin>:2:") && l.contains("declared as it")), "{stderr}");
}

#[test]
fn metadata_dates_in_the_usual_forms_are_read() {
    let text = "La Turquie a appelé l'Arménie à cesser le feu.";
    let forms = [
        ("d1", "Mon, 05 Oct 2020 14:00:00 +0200"),
        ("d2", "October 5, 2020"),
        ("d3", "05/10/2020"),
        ("d4", "5 octobre 2020"),
        ("d5", "2020-10-05T08:00:00Z"),
    ];
    let articles: Vec<Value> = forms.iter().map(|(id, date)| serde_json::json!({"id": id, "date": date, "text": text})).collect();
    let (records, _) = extract(&articles);
    for (id, form) in forms {
        assert_eq!(doc(&records, id)["date"], "2020-10-05", "{form}");
    }
    let (records, _) = extract(&[serde_json::json!({"id": "bad", "date": "sometime in autumn", "text": text})]);
    assert!(doc(&records, "bad")["date"].is_null());
}

#[test]
fn cyrillic_and_greek_labels_link_to_latin_names() {
    let dir = std::env::temp_dir().join(format!("newskg-libraries-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("kg.db");
    let input = dir.join("a.txt");
    std::fs::write(&input, "Sergueï Lavrov a appelé Nikos Dendias à la retenue.\n").unwrap();
    let o = newskg(&["build", "-q", input.to_str().unwrap(), "--store", store.to_str().unwrap()], "");
    assert!(o.ok, "{}", o.stderr);
    let dataset = dir.join("people.ttl");
    std::fs::write(
        &dataset,
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         @prefix wdt: <http://www.wikidata.org/prop/direct/> .\n\
         @prefix wd: <http://www.wikidata.org/entity/> .\n\
         <http://example.org/p/1> wdt:P31 wd:Q5 ; rdfs:label \"Сергей Лавров\"@ru .\n\
         <http://example.org/p/2> wdt:P31 wd:Q5 ; rdfs:label \"Νίκος Δένδιας\"@el .\n",
    )
    .unwrap();
    let tsv = dir.join("links.tsv");
    let o = newskg(
        &["link", "--store", store.to_str().unwrap(), "--dataset", dataset.to_str().unwrap(), "--out", tsv.to_str().unwrap()],
        "",
    );
    assert!(o.ok, "{}", o.stderr);
    let links = std::fs::read_to_string(&tsv).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(links.lines().any(|l| l.contains("lavrov") && l.contains("http://example.org/p/1")), "{links}");
    assert!(links.lines().any(|l| l.contains("dendias") && l.contains("http://example.org/p/2")), "{links}");
}

#[test]
fn a_build_logs_progress_with_a_total_when_stderr_is_not_a_terminal() {
    let dir = std::env::temp_dir().join(format!("newskg-progress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for i in 0..4 {
        std::fs::write(dir.join(format!("in/a{i}.txt")), format!("La Turquie a appelé l'Arménie à cesser le feu ({i}).\n")).unwrap();
    }
    let run = |quiet: bool| {
        let mut args = vec!["build".to_string(), dir.join("in").display().to_string(), "--store".into(), dir.join("kg.db").display().to_string()];
        if quiet {
            args.push("--quiet".into());
        }
        let o = Command::new(env!("CARGO_BIN_EXE_newskg")).args(&args).env("NEWSKG_PROGRESS_EVERY", "0").output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let stderr = run(false);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("newskg: progress: ")).collect();
    assert!(lines.len() >= 4, "{stderr}");
    assert!(lines.iter().all(|l| l.contains(" MB (") && l.contains("% ") || l.contains("%)")), "{stderr}");
    assert!(lines.last().unwrap().contains("4 documents") && lines.last().unwrap().contains("(100%)"), "{stderr}");
    assert!(lines.iter().any(|l| l.contains("left")) || lines.len() == 4, "{stderr}");
    assert!(!run(true).contains("progress"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_html_page_gives_its_headline_date_and_canonical_url() {
    let dir = std::env::temp_dir().join(format!("newskg-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Le Site &ndash; Monde</title>\
         <meta property=\"og:title\" content=\"Ankara exhorte Bakou &amp; Erevan au dialogue\">\
         <meta property=\"article:published_time\" content=\"Mon, 05 Oct 2020 09:30:00 +0200\">\
         <link rel=\"canonical\" href=\"https://example.org/monde/ankara\"></head>\
         <body><nav>Menu</nav><h1>Ankara exhorte Bakou et Erevan au dialogue</h1>\
         <p>Ankara a exhort&eacute; Bakou et Erevan &agrave; reprendre le dialogue jeudi.</p></body></html>",
    )
    .unwrap();
    let o = newskg(&["extract", page.to_str().unwrap()], "");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.ok, "{}", o.stderr);
    let records: Vec<Value> = o.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let d = doc(&records, "page");
    assert_eq!(d["date"], "2020-10-05", "{d}");
    assert_eq!(d["url"], "https://example.org/monde/ankara", "{d}");
    assert_eq!(d["title"], "Ankara exhorte Bakou & Erevan au dialogue", "{d}");
    // The publication date resolves the weekday of the text (without it the date is unknown).
    let appeal = records
        .iter()
        .find(|r| r["type"] == "event" && r["evidence"].as_str().is_some_and(|e| e.contains("jeudi")))
        .expect("the appeal of the paragraph");
    assert!(appeal["date"].as_str().is_some_and(|d| d.starts_with("2020-10-")), "{appeal}");
}
