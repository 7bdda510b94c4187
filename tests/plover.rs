//! `export --format plover` (issue 12, point 5): PLOVER records as JSON Lines, with the field
//! names of the PLOVER manual, our events mapped to PLOVER event types, modes and contexts,
//! compound actors kept in one record, and identical events from several articles counted.
//! The articles are our own sentences.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn newskg(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_newskg")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The PLOVER records of a store built from (id, date, text) articles.
fn records(name: &str, articles: &[(&str, &str, &str)]) -> Vec<Value> {
    let dir = Dir(std::env::temp_dir().join(format!("newskg-plover-{}-{name}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(&dir.0).unwrap();
    let jsonl: String = articles
        .iter()
        .map(|(id, date, text)| {
            serde_json::json!({ "id": id, "date": date, "lang": "fr", "url": format!("https://example.org/{id}"), "title": format!("Titre {id}"), "text": text })
                .to_string()
                + "\n"
        })
        .collect();
    let input = dir.0.join("articles.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let store = dir.0.join("kg.db");
    newskg(&["build", "-q", input.to_str().unwrap(), "--store", store.to_str().unwrap()]);
    let out = newskg(&["export", "--store", store.to_str().unwrap(), "--format", "plover"]);
    out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

fn codes(entities: &Value) -> Vec<&str> {
    let mut v: Vec<&str> = entities.as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap_or("")).collect();
    v.sort();
    v
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

#[test]
fn events_become_plover_records_with_the_manuals_fields() {
    let rs = records(
        "fields",
        &[
            ("p1", "2022-06-07", "La Russie a appelé l'Arménie et l'Azerbaïdjan à un cessez-le-feu et à la reprise des négociations."),
            ("p2", "2022-06-07", "La France exige un cessez-le-feu immédiat."),
            ("p3", "2022-06-07", "Le président turc Recep Tayyip Erdogan s'est rendu à Moscou mardi."),
            ("p4", "2022-06-07", "Vladimir Poutine a reçu Recep Tayyip Erdogan au Kremlin mardi."),
            ("p5", "2022-06-07", "Sergueï Lavrov rencontrera Antony Blinken vendredi."),
        ],
    );
    let by_doc = |d: &str| rs.iter().find(|r| strs(&r["documents"]) == [d]).unwrap_or_else(|| panic!("no record of {d}: {rs:#?}"));
    // One record for an appeal with two addressees: compound recipients stay together.
    let appeal = by_doc("p1");
    for field in ["id", "date", "event", "mode", "context", "quad_code", "event_scale", "actor", "recipient", "text", "text_info", "cite_info"] {
        assert!(appeal.get(field).is_some(), "no {field}: {appeal}");
    }
    assert_eq!(strs(&appeal["event"]), ["REQUEST"]);
    assert_eq!(strs(&appeal["mode"]), ["yield", "meet"]);
    assert_eq!(strs(&appeal["context"]), ["military", "diplomatic"]);
    assert_eq!(appeal["quad_code"], 3);
    assert_eq!(appeal["date"], "2022-06-07");
    assert_eq!(codes(&appeal["actor"]), ["RUS"]);
    assert_eq!(appeal["actor"][0]["sector"], "GOV");
    assert_eq!(appeal["actor"][0]["identifier_id"], "Q159");
    assert_eq!(appeal["actor"][0]["entity_text"], "Russie");
    assert_eq!(codes(&appeal["recipient"]), ["ARM", "AZE"]);
    assert_eq!(appeal["cameo"], "0256");
    assert!(appeal["text"].as_str().unwrap().starts_with("La Russie a appelé"), "{appeal}");
    assert_eq!(appeal["text_info"]["sequence"], 0);
    assert_eq!(appeal["text_info"]["start"], 0);
    assert_eq!(appeal["cite_info"]["url"], "https://example.org/p1");
    assert_eq!(appeal["cite_info"]["title"], "Titre p1");
    assert_eq!(appeal["cite_info"]["language"], "fr");
    assert!(appeal["id"].as_str().unwrap().contains("/doc/p1/event/"), "{appeal}");
    // A demand is a REQUEST too (its CAMEO code says it was a demand), without a recipient.
    let demand = by_doc("p2");
    assert_eq!((strs(&demand["event"]), demand["cameo"].as_str()), (vec!["REQUEST"], Some("1056")));
    assert_eq!(demand["recipient"], serde_json::json!([]));
    // Visits: the visitor is the actor and the host the recipient, whichever the text names first.
    for (d, host) in [("p3", "Russ"), ("p4", "Poutine")] {
        let visit = by_doc(d);
        assert_eq!((strs(&visit["event"]), strs(&visit["mode"])), (vec!["CONSULT"], vec!["visit"]), "{visit}");
        assert_eq!(visit["quad_code"], 1);
        assert!(visit["actor"][0]["identifier_text"].as_str().unwrap().contains("Erdo"), "{visit}");
        assert_eq!(visit["actor"][0]["code"], "TUR", "{visit}");
        assert_eq!(visit["recipient"].as_array().unwrap().len(), 1, "{visit}");
        assert!(visit["recipient"][0]["identifier_text"].as_str().unwrap().contains(host), "{visit}");
    }
    // An announced meeting is an intent to meet: AGREE, both in the actor.
    let agree = by_doc("p5");
    assert_eq!(strs(&agree["event"]), ["AGREE"]);
    let names: Vec<&str> = agree["actor"].as_array().unwrap().iter().map(|a| a["identifier_text"].as_str().unwrap()).collect();
    assert!(names.len() == 2 && names.iter().any(|n| n.contains("Lavrov")) && names.iter().any(|n| n.contains("Blinken")), "{agree}");
    assert_eq!(agree["recipient"], serde_json::json!([]));
}

#[test]
fn identical_events_from_several_articles_are_one_record() {
    let same = "La Turquie a appelé l'Arménie à cesser le feu.";
    let rs = records("merge", &[("m1", "2022-01-04", same), ("m2", "2022-01-04", same), ("m3", "2022-01-04", same), ("m4", "2022-01-05", same)]);
    let turkey: Vec<&Value> = rs.iter().filter(|r| codes(&r["actor"]) == ["TUR"]).collect();
    assert_eq!(turkey.len(), 2, "one record per date: {rs:#?}");
    assert_eq!((turkey[0]["date"].as_str(), turkey[0]["num_articles"].as_u64()), (Some("2022-01-04"), Some(3)));
    assert_eq!(strs(&turkey[0]["documents"]), ["m1", "m2", "m3"]);
    assert_eq!(turkey[0]["events"].as_array().unwrap().len(), 3);
    assert_eq!((turkey[1]["date"].as_str(), turkey[1]["num_articles"].as_u64()), (Some("2022-01-05"), Some(1)));
}
