//! The who-called-whom-for-what graph on a hand-written store (tests/fixtures/callgraph.trig,
//! whose header lists the events these assertions count).

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use clap::Parser;
use newskg::graph::{CallGraph, EdgeKind, GraphArgs, GraphOptions, Kind, NodeType, View};
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

const FIXTURE: &str = include_str!("fixtures/callgraph.trig");
const R: &str = "https://w3id.org/newskg/resource/";

fn store_with(extra: &str) -> Store {
    let store = Store::new().expect("in-memory store");
    store.load_from_reader(RdfFormat::TriG, FIXTURE.as_bytes()).expect("fixture parses");
    if !extra.is_empty() {
        store.load_from_reader(RdfFormat::TriG, extra.as_bytes()).expect("extra data parses");
    }
    store
}

fn store() -> Store {
    store_with("")
}

fn entity(path: &str) -> String {
    format!("{R}entity/{path}")
}

fn concept(key: &str) -> String {
    format!("{R}concept/{key}")
}

fn build(options: GraphOptions) -> CallGraph {
    CallGraph::from_store(&store(), &options).expect("graph builds")
}

fn ids(g: &CallGraph) -> BTreeSet<String> {
    g.nodes().map(|n| n.id.clone()).collect()
}

/// The CLI as `newskg graph` sees it (the store is opened by main.rs).
#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: GraphArgs,
}

fn args(argv: &[&str]) -> GraphArgs {
    let mut full = vec!["graph"];
    full.extend_from_slice(argv);
    Cli::try_parse_from(full).expect("arguments parse").args
}

fn run_on(store: &Store, argv: &[&str]) -> Result<String, newskg::error::Error> {
    let mut out = Vec::new();
    newskg::graph::run(&args(argv), store, &mut out)?;
    Ok(String::from_utf8(out).expect("UTF-8 output"))
}

fn run(argv: &[&str]) -> String {
    run_on(&store(), argv).expect("graph command succeeds")
}

fn graphviz_installed() -> bool {
    Command::new("dot").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// `dot -Tsvg` on the text; `None` (with a note) when Graphviz is not installed.
fn dot_renders(dot: &str) -> Option<bool> {
    if !graphviz_installed() {
        eprintln!("skipped: Graphviz `dot` is not installed (apt-get install graphviz)");
        return None;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    let text = dot.to_string();
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, text.as_bytes()));
    let output = child.wait_with_output().expect("dot runs");
    feeder.join().expect("feeder").expect("dot reads its input");
    if !output.status.success() {
        eprintln!("dot failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Some(output.status.success() && String::from_utf8_lossy(&output.stdout).contains("<svg"))
}

/// The DOT statement of the edge between two quoted node ids, if any.
fn dot_edge<'a>(dot: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let head = format!("\"{from}\" -> \"{to}\" [");
    dot.lines().map(str::trim).find(|l| l.starts_with(&head))
}

// ---------------------------------------------------------------- the actor view

#[test]
fn actor_view_has_actors_demands_appeals_and_contacts() {
    let g = build(GraphOptions::default());
    // 11 actors + the 2 demands asked for without addressee; 9 appeal + 4 contact edges.
    assert_eq!(g.node_count(), 13, "nodes: {:?}", ids(&g));
    assert_eq!(g.edge_count(), 13);

    let russia = g.node(&entity("country/RUS")).expect("Russia node");
    assert_eq!(russia.label, "Russie", "French label first");
    assert_eq!(russia.node_type, NodeType::Country);
    assert_eq!(russia.country.as_deref(), Some("RUS"));
    assert_eq!(russia.wikidata.as_deref(), Some("Q159"));

    let lavrov = g.node(&entity("person/serguei-lavrov")).expect("Lavrov node");
    assert_eq!((lavrov.node_type, lavrov.country.as_deref(), lavrov.wikidata.as_deref()), (NodeType::Person, Some("RUS"), None));
    let minsk = g.node(&entity("org/osce-minsk-group")).expect("Minsk Group node");
    assert_eq!((minsk.label.as_str(), minsk.node_type, minsk.country.as_deref()), ("OSCE Minsk Group", NodeType::Organization, None));
    let ministry = g.node(&entity("org/mfa-tur")).expect("ministry node");
    assert_eq!((ministry.label.as_str(), ministry.country.as_deref()), ("ministère turc des Affaires étrangères", Some("TUR")));
    // France carries an nkg:country link to itself: still one Country node.
    assert_eq!(g.node(&entity("country/FRA")).map(|n| n.node_type), Some(NodeType::Country));

    let ra = g.edge(&entity("country/RUS"), &entity("country/ARM"), EdgeKind::Appeal).expect("Russia → Armenia");
    assert_eq!(ra.count(), 2);
    let demands: Vec<(&str, usize)> = ra.demands.iter().map(|(k, e)| (k.as_str(), e.len())).collect();
    assert_eq!(demands, vec![("ceasefire", 2), ("negotiations", 1)]);
    assert_eq!(ra.dates.iter().map(String::as_str).collect::<Vec<_>>(), ["2020-09-30", "2020-10-10"]);
    assert_eq!(ra.documents.iter().map(String::as_str).collect::<Vec<_>>(), ["fx-a", "fx-b"]);
    assert!(ra.is_directed());
    assert!(g.edge(&entity("country/ARM"), &entity("country/RUS"), EdgeKind::Appeal).is_none(), "appeals are directed");

    // Appeals without addressee point at their demand.
    for key in ["ceasefire", "de-escalation"] {
        let node = g.node(&concept(key)).expect("demand node");
        assert_eq!((node.node_type, node.label.as_str()), (NodeType::Demand, key));
        assert!(g.edge(&entity("country/RUS"), &concept(key), EdgeKind::Appeal).is_some());
    }
    assert!(g.node(&concept("negotiations")).is_none(), "demands asked of someone get no node");

    // France's appeal has no date: kept when no date filter is given.
    let fa = g.edge(&entity("country/FRA"), &entity("country/AZE"), EdgeKind::Appeal).expect("France → Azerbaijan");
    assert_eq!((fa.count(), fa.undated, fa.dates.len()), (1, 1, 0));
}

#[test]
fn contacts_are_undirected_and_stored_once() {
    let g = build(GraphOptions::default());
    let contacts: Vec<_> = g.edges().filter(|(_, _, e)| e.kind == EdgeKind::Contact).collect();
    // Lavrov–Mnatsakanian, Lavrov–Bayramov, Mnatsakanian–Bayramov (trilateral), Putin–Aliyev.
    assert_eq!(contacts.len(), 4);
    let (lavrov, mnats) = (entity("person/serguei-lavrov"), entity("person/zohrab-mnatsakanian"));
    let one = g.edge(&lavrov, &mnats, EdgeKind::Contact).expect("contact");
    let other = g.edge(&mnats, &lavrov, EdgeKind::Contact).expect("same contact, other way round");
    assert_eq!(one, other);
    assert_eq!(one.count(), 2);
    assert!(!one.is_directed());
    assert_eq!(one.channels.iter().map(String::as_str).collect::<Vec<_>>(), ["meeting", "phone"]);
    // The appeal between the same two persons is a separate edge.
    assert_eq!(g.edge(&lavrov, &mnats, EdgeKind::Appeal).map(|e| e.count()), Some(1));
}

// ---------------------------------------------------------------- the country view

#[test]
fn country_view_folds_actors_into_their_states() {
    let g = build(GraphOptions { by: View::Country, ..Default::default() });
    let (rus, arm, aze) = (entity("country/RUS"), entity("country/ARM"), entity("country/AZE"));
    let expected: BTreeSet<String> = [
        rus.clone(), arm.clone(), aze.clone(), entity("country/FRA"), entity("country/TUR"),
        entity("org/osce-minsk-group"), concept("ceasefire"), concept("de-escalation"),
    ]
    .into_iter()
    .collect();
    assert_eq!(ids(&g), expected, "persons and the ministry fold into states; the Minsk Group stays");

    // Russia's two appeals plus Lavrov's to Mnatsakanian.
    let ra = g.edge(&rus, &arm, EdgeKind::Appeal).expect("RUS → ARM");
    assert_eq!(ra.count(), 3);
    assert_eq!(ra.demands.get("ceasefire").map(|e| e.len()), Some(3));
    assert_eq!(ra.channels.iter().map(String::as_str).collect::<Vec<_>>(), ["phone", "statement"]);
    assert_eq!(g.edge(&rus, &aze, EdgeKind::Appeal).map(|e| e.count()), Some(2));
    assert_eq!(g.edge(&entity("country/TUR"), &arm, EdgeKind::Appeal).map(|e| e.count()), Some(1));
    assert_eq!(g.edge(&rus, &aze, EdgeKind::Contact).map(|e| e.count()), Some(3));
    assert_eq!(g.edge(&arm, &rus, EdgeKind::Contact).map(|e| e.count()), Some(2));
    assert_eq!(g.edge(&arm, &aze, EdgeKind::Contact).map(|e| e.count()), Some(1));
    assert!(g.edges().all(|(a, b, _)| a.id != b.id), "no self-loops");
    let node = g.node(&rus).expect("RUS");
    assert_eq!((node.label.as_str(), node.wikidata.as_deref()), ("Russie", Some("Q159")));
}

// ---------------------------------------------------------------- filters

#[test]
fn kind_filter_keeps_one_kind_of_edge() {
    let appeals = build(GraphOptions { kind: Kind::Appeal, ..Default::default() });
    assert_eq!(appeals.edge_count(), 9);
    assert!(appeals.edges().all(|(_, _, e)| e.kind == EdgeKind::Appeal));
    assert!(appeals.node(&entity("person/vladimir-poutine")).is_none(), "contact-only actors go");

    let contacts = build(GraphOptions { kind: Kind::Contact, ..Default::default() });
    assert_eq!(contacts.edge_count(), 4);
    assert!(contacts.edges().all(|(_, _, e)| e.kind == EdgeKind::Contact));
    assert_eq!(contacts.node_count(), 5);
    assert!(contacts.node(&entity("country/RUS")).is_none());
}

#[test]
fn demand_filter_keeps_appeals_for_that_demand() {
    let g = build(GraphOptions { demand: Some("ceasefire".into()), ..Default::default() });
    // RUS→ARM, RUS→AZE, Lavrov→Mnatsakanian, FRA→ARM, FRA→AZE, RUS→ceasefire.
    assert_eq!(g.edge_count(), 6);
    assert!(g.edges().all(|(_, _, e)| e.kind == EdgeKind::Appeal && e.demands.keys().eq(["ceasefire"])));
    assert!(g.node(&entity("org/mfa-tur")).is_none());
    assert_eq!(g.edge(&entity("country/RUS"), &entity("country/ARM"), EdgeKind::Appeal).map(|e| e.count()), Some(2));

    // A French label names the same concept, accents and case aside.
    let by_label = build(GraphOptions { demand: Some("Cessez-le-feu".into()), ..Default::default() });
    assert_eq!(ids(&by_label), ids(&g));

    let err = CallGraph::from_store(&store(), &GraphOptions { demand: Some("peace".into()), ..Default::default() })
        .expect_err("unknown demand");
    let msg = err.to_string();
    assert!(msg.contains("\"peace\"") && msg.contains("ceasefire") && msg.contains("withdrawal"), "{msg}");
}

#[test]
fn date_filters_are_inclusive_and_drop_undated_events() {
    let g = build(GraphOptions { since: Some("2023-01-01".into()), ..Default::default() });
    let edges: BTreeSet<(String, String)> = g.edges().map(|(a, b, _)| (a.id.clone(), b.id.clone())).collect();
    let expected: BTreeSet<(String, String)> = [
        (entity("country/RUS"), concept("ceasefire")),
        (entity("org/osce-minsk-group"), entity("country/AZE")),
        (entity("person/ilham-aliev"), entity("person/vladimir-poutine")),
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected);
    assert!(g.node(&entity("country/FRA")).is_none(), "undated appeal dropped under a date filter");

    let g = build(GraphOptions { until: Some("2020-09-30".into()), ..Default::default() });
    assert_eq!(g.edge_count(), 4, "the 2020-09-30 events, bound included");
    assert!(g.edges().all(|(_, _, e)| e.dates.iter().all(|d| d.as_str() == "2020-09-30")));

    let g = build(GraphOptions { since: Some("2020-10-01".into()), until: Some("2020-10-10".into()), ..Default::default() });
    let ra = g.edge(&entity("country/RUS"), &entity("country/ARM"), EdgeKind::Appeal).expect("RUS → ARM");
    assert_eq!(ra.dates.iter().map(String::as_str).collect::<Vec<_>>(), ["2020-10-10"]);
    assert!(g.edge(&entity("country/RUS"), &concept("de-escalation"), EdgeKind::Appeal).is_some());

    for (since, until) in [(Some("01/10/2020"), None), (None, Some("2020-1-1")), (Some("2021-01-01"), Some("2020-01-01"))] {
        let o = GraphOptions { since: since.map(Into::into), until: until.map(Into::into), ..Default::default() };
        let err = CallGraph::from_store(&store(), &o).expect_err("bad dates are refused");
        assert!(matches!(err, newskg::error::Error::Usage(_)), "{err}");
    }
}

#[test]
fn min_count_drops_edges_with_fewer_events() {
    let g = build(GraphOptions { min_count: 2, ..Default::default() });
    assert_eq!(g.edge_count(), 4, "RUS→ARM, RUS→AZE and two contacts of Lavrov");
    assert!(g.edges().all(|(_, _, e)| e.count() >= 2));
    assert_eq!(g.node_count(), 6, "nodes left without edges go");
    assert!(g.node(&entity("country/FRA")).is_none());
    // 0 means no threshold, like 1.
    assert_eq!(build(GraphOptions { min_count: 0, ..Default::default() }).edge_count(), 13);
}

#[test]
fn actor_filter_keeps_the_neighbourhood() {
    let g = build(GraphOptions { actor: Some("lavrov".into()), ..Default::default() });
    let expected: BTreeSet<String> =
        ["person/serguei-lavrov", "person/zohrab-mnatsakanian", "person/djeyhoun-bairamov"].iter().map(|p| entity(p)).collect();
    assert_eq!(ids(&g), expected);
    // Mnatsakanian–Bayramov (trilateral meeting) does not touch Lavrov.
    assert_eq!(g.edge_count(), 3);
    assert!(g.edges().all(|(a, b, _)| a.label.contains("Lavrov") || b.label.contains("Lavrov")));

    // Accents and case do not matter; "Arménie" does not match persons of Armenia.
    let g = build(GraphOptions { actor: Some("ARMENIE".into()), ..Default::default() });
    let callers: BTreeSet<String> = g.edges().map(|(a, _, _)| a.id.clone()).collect();
    assert_eq!(callers, [entity("country/RUS"), entity("country/FRA"), entity("org/mfa-tur")].into_iter().collect());
    assert!(g.edges().all(|(_, b, _)| b.id == entity("country/ARM")));

    // An ISO3 code in the country view.
    let g = build(GraphOptions { actor: Some("aze".into()), by: View::Country, ..Default::default() });
    assert!(g.edges().all(|(a, b, _)| a.id == entity("country/AZE") || b.id == entity("country/AZE")));
    assert_eq!(g.edge_count(), 5, "RUS→, FRA→, OSCE→ and contacts with RUS and ARM");

    let err = CallGraph::from_store(&store(), &GraphOptions { actor: Some("Macron".into()), ..Default::default() })
        .expect_err("nobody called Macron");
    assert!(err.to_string().contains("Macron"));
}

// ---------------------------------------------------------------- formats

#[test]
fn dot_has_labelled_appeals_dashed_contacts_and_a_legend() {
    let dot = run(&[]);
    assert!(dot.starts_with("digraph callgraph {") && dot.trim_end().ends_with('}'));
    let ra = dot_edge(&dot, "country/RUS", "country/ARM").expect("edge Russia → Armenia");
    assert!(ra.contains("label=\"ceasefire ×2\\nnegotiations\""), "{ra}");
    assert!(ra.contains("penwidth=2.0"), "pen width grows with the count: {ra}");
    assert!(ra.contains("2020-09-30, 2020-10-10") && ra.contains("sources: fx-a, fx-b"), "tooltip: {ra}");
    let single = dot_edge(&dot, "country/FRA", "country/ARM").expect("France → Armenia");
    assert!(single.contains("label=\"ceasefire\"") && single.contains("penwidth=1.0") && single.contains("1 undated"), "{single}");
    assert!(dot_edge(&dot, "country/RUS", "concept/ceasefire").is_some(), "Russia → ceasefire");
    let contact = dot_edge(&dot, "person/djeyhoun-bairamov", "person/serguei-lavrov").expect("contact edge");
    assert!(contact.contains("style=dashed") && contact.contains("dir=none") && contact.contains("label=\"meeting ×2\""), "{contact}");
    // Shapes by type, Wikidata links, the state of a person under its name.
    let node = |id: &str| dot.lines().map(str::trim).find(|l| l.starts_with(&format!("\"{id}\" ["))).unwrap_or("");
    assert!(node("country/RUS").contains("shape=box") && node("country/RUS").contains("https://www.wikidata.org/wiki/Q159"));
    assert!(node("person/serguei-lavrov").contains("shape=ellipse") && node("person/serguei-lavrov").contains("label=\"Sergueï Lavrov\\n(RUS)\""));
    assert!(node("concept/ceasefire").contains("shape=note"));
    assert!(node("org/osce-minsk-group").contains("rounded"));
    assert!(dot.contains("subgraph cluster_legend") && dot.contains("label=\"Legend\""));
    if let Some(ok) = dot_renders(&dot) {
        assert!(ok, "dot -Tsvg accepts the diagram");
    }
}

#[test]
fn every_view_and_filter_renders_with_graphviz() {
    let views: &[&[&str]] = &[
        &[], &["--by", "country"], &["--kind", "appeal"], &["--kind", "contact"], &["--actor", "Lavrov"],
        &["--demand", "ceasefire"], &["--since", "2023-01-01"], &["--min-count", "2"], &["--min-count", "99"],
    ];
    for argv in views {
        let dot = run(argv);
        if let Some(ok) = dot_renders(&dot) {
            assert!(ok, "dot -Tsvg failed for {argv:?}:\n{dot}");
        }
    }
}

#[test]
fn country_view_dot_has_russia_to_armenia_and_azerbaijan() {
    let dot = run(&["--by", "country"]);
    let arm = dot_edge(&dot, "country/RUS", "country/ARM").expect("RUS → ARM");
    assert!(arm.contains("ceasefire ×3"), "{arm}");
    assert!(dot_edge(&dot, "country/RUS", "country/AZE").expect("RUS → AZE").contains("ceasefire ×2"));
    assert!(dot_edge(&dot, "country/ARM", "country/RUS").expect("contact ARM — RUS").contains("dir=none"));
    assert!(!dot.contains("person/"), "no person left in the country view");
    assert!(dot.contains("by country"), "the title says which view");
}

#[test]
fn dot_escapes_quotes_and_backslashes() {
    let extra = r#"<https://w3id.org/newskg/resource/doc/fx-c> {
        <https://w3id.org/newskg/resource/entity/org/osce-minsk-group>
            <http://www.w3.org/2000/01/rdf-schema#label> "Groupe \"de Minsk\" \\ OSCE"@fr . }"#;
    let store = store_with(extra);
    let dot = run_on(&store, &[]).expect("DOT");
    assert!(dot.contains(r#"label="Groupe \"de Minsk\" \\ OSCE""#), "{dot}");
    if let Some(ok) = dot_renders(&dot) {
        assert!(ok, "escaped DOT renders");
    }
    let xml = run_on(&store, &["--format", "graphml"]).expect("GraphML");
    assert!(xml.contains("Groupe &quot;de Minsk&quot; \\ OSCE"));
}

#[test]
fn json_is_a_node_link_document() {
    let text = run(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON parses");
    assert_eq!(doc["directed"], true);
    let nodes = doc["nodes"].as_array().expect("nodes");
    let links = doc["links"].as_array().expect("links");
    assert_eq!((nodes.len(), links.len()), (13, 13));
    assert_eq!(doc["edges"], doc["links"], "edges for networkx ≥ 3.4, links for d3");
    let russia = nodes.iter().find(|n| n["id"] == entity("country/RUS")).expect("Russia");
    assert_eq!(russia["label"], "Russie");
    assert_eq!(russia["type"], "Country");
    assert_eq!(russia["country"], "RUS");
    assert_eq!(russia["wikidata"], "Q159");
    let minsk = nodes.iter().find(|n| n["id"] == entity("org/osce-minsk-group")).expect("Minsk Group");
    assert!(minsk["country"].is_null() && minsk["wikidata"].is_null());
    let ra = links
        .iter()
        .find(|l| l["source"] == entity("country/RUS") && l["target"] == entity("country/ARM"))
        .expect("Russia → Armenia");
    assert_eq!(ra["kind"], "appeal");
    assert_eq!(ra["demands"], serde_json::json!(["ceasefire", "negotiations"]));
    assert_eq!(ra["count"], 2);
    assert_eq!(ra["dates"], serde_json::json!(["2020-09-30", "2020-10-10"]));
    assert_eq!(ra["documents"], serde_json::json!(["fx-a", "fx-b"]));
    let contacts: Vec<_> = links.iter().filter(|l| l["kind"] == "contact").collect();
    assert_eq!(contacts.len(), 4);
    assert!(contacts.iter().all(|l| l["directed"] == false && l["channel"].is_array()));
    // Every link joins declared nodes.
    let ids: BTreeSet<&str> = nodes.iter().filter_map(|n| n["id"].as_str()).collect();
    assert!(links.iter().all(|l| ids.contains(l["source"].as_str().unwrap_or("")) && ids.contains(l["target"].as_str().unwrap_or(""))));

    let country: serde_json::Value = serde_json::from_str(&run(&["--format", "json", "--by", "country"])).expect("JSON");
    assert_eq!(country["graph"]["view"], "country");
    assert_eq!(country["nodes"].as_array().map(Vec::len), Some(8));
}

/// Checks that every tag is closed in order and returns the number of elements per name.
fn xml_elements(xml: &str) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("tag closes") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched </{name}>");
            continue;
        }
        assert!(!tag.contains('<') && tag.matches('"').count() % 2 == 0, "malformed tag <{tag}>");
        let name = tag.split_whitespace().next().unwrap_or("").trim_end_matches('/').to_string();
        *counts.entry(name.clone()).or_insert(0) += 1;
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    counts
}

#[test]
fn graphml_is_well_formed_with_declared_keys() {
    let xml = run(&["--format", "graphml"]);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let counts = xml_elements(&xml);
    assert_eq!(counts.get("node"), Some(&13));
    assert_eq!(counts.get("edge"), Some(&17), "9 appeals, 4 contacts written both ways");
    assert_eq!(counts.get("graphml"), Some(&1));
    let declared: BTreeSet<&str> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<key "))
        .filter_map(|l| l.split("id=\"").nth(1)?.split('"').next())
        .collect();
    let used: BTreeSet<&str> = xml.split("<data key=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert!(!used.is_empty() && used.is_subset(&declared), "used {used:?}, declared {declared:?}");
    assert_eq!(xml.matches("directed=\"false\"").count(), 0, "every edge directed, as networkx and igraph want");
    assert_eq!(xml.matches("<data key=\"pair\">").count(), 8, "the 4 contacts, each way");
    assert!(xml.contains("<data key=\"demands\">ceasefire×2; negotiations×1</data>"));

    let small = run(&["--format", "graphml", "--min-count", "2"]);
    assert_eq!(xml_elements(&small).get("edge"), Some(&6), "2 appeals, 2 contacts each way");
}

// ---------------------------------------------------------------- statistics

#[test]
fn stats_rank_callers_addressees_demands_and_pairs() {
    let s = build(GraphOptions::default()).stats();
    assert_eq!((s.appeals, s.contacts), (8, 4));
    assert_eq!((s.top_callers[0].label.as_str(), s.top_callers[0].count), ("Russie", 4));
    assert!(s.top_callers[1..].iter().all(|r| r.count == 1));
    let called: Vec<(&str, usize)> = s.most_called.iter().take(2).map(|r| (r.label.as_str(), r.count)).collect();
    assert_eq!(called, [("Arménie", 4), ("Azerbaïdjan", 4)]);
    assert!(s.most_called.iter().all(|r| !r.id.contains("/concept/")), "demands are not addressees");
    let demands: Vec<(&str, usize)> = s.top_demands.iter().map(|r| (r.id.as_str(), r.count)).collect();
    assert_eq!(demands[0], ("ceasefire", 5));
    assert_eq!(demands.len(), 5);

    let total: f64 = s.pagerank.iter().map(|p| p.score).sum();
    assert!((total - 1.0).abs() < 1e-6, "PageRank sums to 1, got {total}");
    let top2: BTreeSet<&str> = s.pagerank.iter().take(2).map(|p| p.label.as_str()).collect();
    assert_eq!(top2, ["Arménie", "Azerbaïdjan"].into_iter().collect());
    assert!(s.pagerank.iter().all(|p| !p.id.contains("/concept/")));

    let pairs: Vec<usize> = s.contact_pairs.iter().map(|p| p.count).collect();
    assert_eq!(pairs, [2, 2, 1, 1]);
    assert!(s.contact_pairs[..2].iter().all(|p| p.a_label.contains("Lavrov") || p.b_label.contains("Lavrov")));

    // In the country view Russia's count includes Lavrov's appeal.
    let c = build(GraphOptions { by: View::Country, ..Default::default() }).stats();
    assert_eq!((c.top_callers[0].id.as_str(), c.top_callers[0].count), (entity("country/RUS").as_str(), 5));
    assert_eq!((c.contact_pairs[0].count, c.contact_pairs[0].channels.clone()), (3, vec!["meeting".to_string(), "phone".to_string()]));
}

#[test]
fn stats_print_as_an_aligned_table_and_as_json() {
    let table = run(&["--stats"]);
    assert!(table.starts_with("8 appeals, 4 contacts"), "{table}");
    let section = table.split("\n\n").find(|s| s.starts_with("Who calls most")).expect("callers section");
    let rows: Vec<&str> = section.lines().skip(1).collect();
    assert!(rows[0].contains("actor") && rows[1].contains("Russie") && rows[1].trim_end().ends_with('4'), "{section}");
    // Columns line up: the counts start at the same character column on every row.
    let last_column = |l: &str| l.chars().count() - l.split_whitespace().last().unwrap_or("").chars().count();
    let cols: BTreeSet<usize> = rows.iter().map(|l| last_column(l)).collect();
    assert_eq!(cols.len(), 1, "{section}");
    for title in ["Who is most called upon", "Most demanded", "PageRank over the appeal graph", "Contact pairs with most exchanges"] {
        assert!(table.contains(title), "missing {title}");
    }

    let json: serde_json::Value = serde_json::from_str(&run(&["--stats", "--format", "json"])).expect("stats JSON");
    assert_eq!(json["top_callers"][0]["label"], "Russie");
    assert_eq!(json["top_callers"][0]["count"], 4);
    assert_eq!(json["top_demands"][0]["demand"], "ceasefire");
    assert!(json["pagerank"][0]["score"].as_f64().is_some_and(|s| s > 0.0 && s < 1.0));
    assert_eq!(json["contact_pairs"].as_array().map(Vec::len), Some(4));

    let filtered = run(&["--stats", "--kind", "contact"]);
    assert!(filtered.contains("Who calls most (appeals made)\n  (none)"), "{filtered}");
}

// ---------------------------------------------------------------- rendering and output

#[test]
fn render_writes_an_image_with_graphviz() {
    if !graphviz_installed() {
        eprintln!("skipped: Graphviz `dot` is not installed (apt-get install graphviz)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("newskg-graph-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let svg = dir.join("graph.svg");
    let printed = run(&["--render", "svg", "--out", svg.to_str().expect("path"), "--by", "country"]);
    assert!(printed.is_empty(), "nothing on stdout with --out");
    let text = std::fs::read_to_string(&svg).expect("SVG written");
    assert!(text.contains("<svg") && text.contains("Russie"));
    let png = dir.join("graph.png");
    run(&["--render", "png", "--out", png.to_str().expect("path")]);
    let bytes = std::fs::read(&png).expect("PNG written");
    assert!(bytes.starts_with(b"\x89PNG"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn render_without_graphviz_says_how_to_install_it() {
    let err = run_on(&store(), &["--render", "svg", "--graphviz", "/nonexistent/newskg-test/dot"]).expect_err("no Graphviz");
    let msg = err.to_string();
    assert!(msg.contains("apt-get install graphviz") && msg.contains("brew install graphviz"), "{msg}");

    let err = run_on(&store(), &["--render", "svg", "--format", "json"]).expect_err("JSON cannot be rendered");
    assert!(err.to_string().contains("--render"));
}

#[test]
fn out_writes_any_format_to_a_file() {
    let path = std::env::temp_dir().join(format!("newskg-graph-out-{}.json", std::process::id()));
    let printed = run(&["--format", "json", "--out", path.to_str().expect("path"), "--kind", "contact"]);
    assert!(printed.is_empty());
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("file")).expect("JSON");
    assert_eq!(doc["links"].as_array().map(Vec::len), Some(4));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn an_empty_store_gives_an_empty_graph_that_still_renders() {
    let empty = Store::new().expect("store");
    let g = CallGraph::from_store(&empty, &GraphOptions::default()).expect("graph");
    assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    if let Some(ok) = dot_renders(&g.to_dot()) {
        assert!(ok);
    }
    assert!(g.stats().to_table().contains("(none)"));
    assert_eq!(g.to_json()["nodes"].as_array().map(Vec::len), Some(0));
}

// ---------------------------------------------------------------- other programs read them

/// Runs a Python script with the GraphML and node-link files of the fixture graph; `None`
/// when Python or the module is missing (the test then skips with a message).
fn python_reads(module: &str, script: &str) -> Option<String> {
    let ok = std::process::Command::new("python3").args(["-c", &format!("import {module}")]).output().ok()?.status.success();
    if !ok {
        eprintln!("skipped: python3 with {module} is not installed");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("newskg-graph-interop-{module}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("g.graphml"), run(&["--format", "graphml"])).expect("write");
    std::fs::write(dir.join("g.json"), run(&["--format", "json"])).expect("write");
    let out = std::process::Command::new("python3").arg("-c").arg(script).current_dir(&dir).output().expect("python runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{module} could not read the graph: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn networkx_reads_graphml_and_node_link_json() {
    let script = r#"
import json, warnings
import networkx as nx
warnings.simplefilter("error")
g = nx.read_graphml("g.graphml")
contacts = sum(1 for _, _, d in g.edges(data=True) if d["kind"] == "contact")
h = nx.node_link_graph(json.load(open("g.json")))
print(g.is_directed(), g.number_of_nodes(), g.number_of_edges(), contacts, h.number_of_nodes(), h.number_of_edges())
"#;
    let Some(out) = python_reads("networkx", script) else { return };
    assert_eq!(out, "True 13 17 8 13 13");
}

#[test]
fn igraph_reads_graphml() {
    let script = r#"
import igraph
g = igraph.Graph.Read_GraphML("g.graphml")
print(g.is_directed(), g.vcount(), g.ecount())
"#;
    let Some(out) = python_reads("igraph", script) else { return };
    assert_eq!(out, "True 13 17");
}
