//! Labels (issue 12, point 4): `--lang fr|en` for the commands that print names (build's
//! summary, graph, export cameo and plover), and a build summary that counts entities, not the
//! words that named them. The articles are our own sentences.

use std::path::PathBuf;
use std::process::Command;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn newskg(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_newskg")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A French and an English article name the same minister differently.
fn corpus(name: &str) -> (Dir, String, String) {
    let dir = Dir(std::env::temp_dir().join(format!("newskg-labels-{}-{name}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(dir.0.join("in")).unwrap();
    std::fs::write(dir.0.join("in/a.txt"), "Sergueï Lavrov a appelé l'Arménie à cesser le feu.\n").unwrap();
    std::fs::write(dir.0.join("in/b.txt"), "Sergey Lavrov called on Armenia to cease fire.\n").unwrap();
    std::fs::write(dir.0.join("in/c.txt"), "La Russie a appelé l'Arménie à un cessez-le-feu.\n").unwrap();
    let input = dir.0.join("in").display().to_string();
    let store = dir.0.join("kg.db").display().to_string();
    (dir, input, store)
}

/// The rows of the build summary's table: (caller, addressee, demand, n).
fn summary_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .skip_while(|l| !l.starts_with("caller"))
        .skip(2)
        .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn the_build_summary_counts_entities_and_names_them_in_the_language_asked() {
    let (_dir, input, store) = corpus("build");
    let rows = summary_rows(&newskg(&["build", &input, "--store", &store, "--lang", "en"]));
    // Sergueï (French) and Sergey (English) Lavrov are one actor: one row, counted twice.
    assert_eq!(rows[0], ["Sergey Lavrov", "Armenia", "ceasefire", "2"], "{rows:?}");
    assert_eq!(rows[1], ["Russia", "Armenia", "ceasefire", "1"], "{rows:?}");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let rows = summary_rows(&newskg(&["build", &input, "--store", &store, "--lang", "fr"]));
    assert_eq!(rows[0], ["Sergueï Lavrov", "Arménie", "ceasefire", "2"], "{rows:?}");
    assert_eq!(rows[1], ["Russie", "Arménie", "ceasefire", "1"], "{rows:?}");
}

#[test]
fn graph_and_event_tables_name_actors_in_the_language_asked() {
    let (_dir, input, store) = corpus("read");
    newskg(&["build", "-q", &input, "--store", &store]);
    let en = newskg(&["graph", "--store", &store, "--lang", "en"]);
    assert!(en.contains("\"Armenia\"") && en.contains("\"Russia\"") && !en.contains("Arménie"), "{en}");
    let fr = newskg(&["graph", "--store", &store]);
    assert!(fr.contains("\"Arménie\"") && fr.contains("\"Russie\"") && !fr.contains("\"Armenia\""), "{fr}");
    let cameo_fr = newskg(&["export", "--store", &store, "--format", "cameo", "--lang", "fr"]);
    assert!(cameo_fr.lines().any(|l| l.contains("\tRussie\tRUS\t") && l.contains("\tArménie\tARM\t")), "{cameo_fr}");
    let cameo_en = newskg(&["export", "--store", &store, "--format", "cameo"]);
    assert!(cameo_en.lines().any(|l| l.contains("\tRussia\tRUS\t") && l.contains("\tArmenia\tARM\t")), "{cameo_en}");
    let plover_fr = newskg(&["export", "--store", &store, "--format", "plover", "--lang", "fr"]);
    assert!(plover_fr.contains("\"identifier_text\":\"Arménie\""), "{plover_fr}");
    let bad = Command::new(env!("CARGO_BIN_EXE_newskg")).args(["graph", "--store", &store, "--lang", "de"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected fr or en"));
}
