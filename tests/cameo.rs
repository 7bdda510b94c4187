//! `export --format cameo` for event-data users (issue 12, point 5): dyads, codes, actor
//! types, sources, and identical events from several articles counted, not repeated. The
//! articles are our own sentences.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

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

/// The table as one map per row, keyed by column name.
fn table(articles: &[(&str, &str, &str)]) -> Vec<BTreeMap<String, String>> {
    let dir = Dir(std::env::temp_dir().join(format!("newskg-cameo-{}-{}", std::process::id(), articles.len())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(&dir.0).unwrap();
    let jsonl: String = articles
        .iter()
        .map(|(id, date, text)| {
            serde_json::json!({ "id": id, "date": date, "lang": "fr", "url": format!("https://example.org/{id}"), "text": text }).to_string() + "\n"
        })
        .collect();
    let input = dir.0.join("articles.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let store = dir.0.join("kg.db");
    newskg(&["build", "-q", input.to_str().unwrap(), "--store", store.to_str().unwrap()]);
    let tsv = newskg(&["export", "--store", store.to_str().unwrap(), "--format", "cameo"]);
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines.map(|l| header.iter().map(|h| h.to_string()).zip(l.split('\t').map(str::to_string)).collect()).collect()
}

/// The row from a source state to a target state (ISO3 codes; "" for no target).
fn find<'a>(rows: &'a [BTreeMap<String, String>], source: &str, target: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["source_country"] == source && r["target_country"] == target)
        .unwrap_or_else(|| panic!("no row {source} → {target}: {rows:#?}"))
}

#[test]
fn one_row_per_dyad_with_codes_types_and_sources() {
    let rows = table(&[
        ("a1", "2021-03-02", "La Russie a appelé l'Arménie et l'Azerbaïdjan à un cessez-le-feu."),
        ("a2", "2021-03-02", "La France exige un cessez-le-feu immédiat."),
        ("a3", "2021-03-02", "Le président turc Recep Tayyip Erdogan s'est rendu à Moscou mardi."),
        ("a4", "2021-03-02", "Vladimir Poutine a reçu Recep Tayyip Erdogan au Kremlin mardi."),
        ("a5", "2021-03-02", "Sergueï Lavrov rencontrera Antony Blinken vendredi."),
    ]);
    // Every co-addressee has its row.
    for target in ["ARM", "AZE"] {
        let r = find(&rows, "RUS", target);
        assert_eq!((r["event_code"].as_str(), r["event_base_code"].as_str(), r["event_root_code"].as_str()), ("0256", "025", "02"));
        assert_eq!((r["source_country"].as_str(), r["source_type"].as_str(), r["quad_class"].as_str()), ("RUS", "GOV", "1"));
        assert_eq!(r["date"], "20210302");
        assert_eq!(r["source_url"], "https://example.org/a1");
        assert!(r["sentence"].starts_with("La Russie a appelé"), "{r:?}");
        assert_eq!(r["num_articles"], "1");
    }
    // A demand is 10x, verbal conflict.
    let r = find(&rows, "FRA", "");
    assert_eq!((r["event_code"].as_str(), r["event_root_code"].as_str(), r["quad_class"].as_str()), ("1056", "10", "3"));
    // A visit goes from the visitor to the host (042); hosting from the host to the guest (043).
    let visit = rows.iter().find(|r| r["event_code"] == "042").expect("a visit");
    assert!(visit["source"].contains("Erdo") && visit["target_country"] == "RUS", "{visit:?}");
    let hosting = rows.iter().find(|r| r["event_code"] == "043").expect("a hosting");
    assert!(hosting["source"].contains("Pout") && hosting["target"].contains("Erdo"), "{hosting:?}");
    // An announced meeting is an intent to meet.
    let announced = rows.iter().find(|r| r["source"].contains("Lavrov") || r["target"].contains("Lavrov")).expect("Lavrov");
    assert_eq!(announced["event_code"], "036");
}

#[test]
fn identical_events_from_several_articles_are_counted_not_repeated() {
    let same = "La Turquie a appelé l'Arménie à cesser le feu.";
    let rows = table(&[("b1", "2021-05-04", same), ("b2", "2021-05-04", same), ("b3", "2021-05-04", same), ("b4", "2021-05-05", same)]);
    let turkey: Vec<_> = rows.iter().filter(|r| r["source_country"] == "TUR" && r["target_country"] == "ARM").collect();
    assert_eq!(turkey.len(), 2, "one row per date: {rows:#?}");
    assert_eq!((turkey[0]["date"].as_str(), turkey[0]["num_articles"].as_str(), turkey[0]["num_events"].as_str()), ("20210504", "3", "3"));
    assert_eq!(turkey[0]["documents"], "b1;b2;b3");
    assert_eq!((turkey[1]["date"].as_str(), turkey[1]["num_articles"].as_str()), ("20210505", "1"));
}
