//! The who-called-whom-for-what graph: a petgraph projection of the appeals and contacts in a
//! store, with Graphviz, node-link JSON and GraphML exports and a few network statistics.
//!
//! Nodes are actors (persons, organisations, states, places as resolved) plus one node per
//! demand concept asked for by appeals that name no addressee, so that "Russia → ceasefire" is
//! visible. Appeals are directed edges caller → addressee (or caller → demand); contacts are
//! undirected edges, stored once (source IRI < target IRI) and marked `EdgeKind::Contact`.
//! Parallel events between the same two nodes are merged into one edge with a count.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::error::{Error, Result};
use crate::fold::fold;

mod cli;
mod dot;
mod export;
mod source;
mod stats;

pub use cli::{render, run, Format, GraphArgs, Render};
pub use stats::{ContactPair, Ranked, Scored, Stats};

/// Which nodes the graph has: actors as found, or every actor folded into its state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    #[default]
    Actor,
    Country,
}

/// Which events become edges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Appeal,
    Contact,
    #[default]
    All,
}

/// What to build. `since`/`until` are inclusive `YYYY-MM-DD` dates (a year or a year-month is
/// also accepted); when either is given, events without a date are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphOptions {
    pub by: View,
    pub kind: Kind,
    /// Keep the neighbourhood of the actors that match: their IRI, the words of one of their
    /// labels (case and accents ignored: "lavrov" matches "Sergueï Lavrov"), or an ISO3 code
    /// (the state and every actor that represents it). The neighbourhood is the matching nodes,
    /// the edges that touch them and the nodes at the other end.
    pub actor: Option<String>,
    /// Keep only appeals for this demand (key, IRI or label of the concept).
    pub demand: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Drop edges that stand for fewer events than this.
    pub min_count: usize,
    /// The language of node labels (`fr`, `en`).
    pub lang: String,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            by: View::Actor,
            kind: Kind::All,
            actor: None,
            demand: None,
            since: None,
            until: None,
            min_count: 1,
            lang: "fr".to_string(),
        }
    }
}

/// The class of a node, which decides its shape and colour in diagrams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeType {
    Country,
    Person,
    Organization,
    Place,
    /// A demand concept (target of appeals that name no addressee).
    Demand,
    /// An actor of no known class (e.g. an unresolved role).
    Actor,
}

impl NodeType {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeType::Country => "Country",
            NodeType::Person => "Person",
            NodeType::Organization => "Organization",
            NodeType::Place => "Place",
            NodeType::Demand => "Demand",
            NodeType::Actor => "Actor",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The IRI of the entity (of the state in the country view, of the concept for demands).
    pub id: String,
    /// French label if any, else English, else any; the key for a demand concept.
    pub label: String,
    pub node_type: NodeType,
    /// ISO 3166-1 alpha-3 code of the state the actor is or represents.
    pub country: Option<String>,
    /// Wikidata Q-id (`Q159`).
    pub wikidata: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    Appeal,
    Contact,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Appeal => "appeal",
            EdgeKind::Contact => "contact",
        }
    }
}

/// The events between two nodes. For a contact, source and target carry no meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// Demand key → IRIs of the appeals on this edge that asked for it (empty for contacts).
    pub demands: BTreeMap<String, BTreeSet<String>>,
    /// IRIs of the events merged into this edge.
    pub events: BTreeSet<String>,
    pub dates: BTreeSet<String>,
    /// Number of events without a date.
    pub undated: usize,
    /// Ids of the source documents.
    pub documents: BTreeSet<String>,
    pub channels: BTreeSet<String>,
}

impl Edge {
    /// Number of events (appeals or contacts) the edge stands for.
    pub fn count(&self) -> usize {
        self.events.len()
    }
    pub fn is_directed(&self) -> bool {
        self.kind == EdgeKind::Appeal
    }
}

/// The graph. Build it with [`CallGraph::from_store`].
#[derive(Clone, Debug)]
pub struct CallGraph {
    graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
    options: GraphOptions,
}

impl CallGraph {
    /// Reads the appeals and contacts of `store` (all named graphs) and builds the graph that
    /// `options` asks for.
    pub fn from_store(store: &oxigraph::store::Store, options: &GraphOptions) -> Result<CallGraph> {
        check_options(options)?;
        let source = source::load(store)?;
        Builder { source: &source, options }.build()
    }

    /// The petgraph graph itself, for algorithms of your own.
    pub fn graph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }
    pub fn options(&self) -> &GraphOptions {
        &self.options
    }
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
    /// The node of an IRI.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|&i| self.graph.node_weight(i))
    }
    /// Nodes in a stable order (by IRI).
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.graph.node_indices().filter_map(move |i| self.graph.node_weight(i))
    }
    /// Edges as (source, target, edge), in a stable order.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> + '_ {
        self.graph.edge_references().map(move |e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
    }
    /// The edge of `kind` from `from` to `to` (IRIs); either direction for a contact.
    pub fn edge(&self, from: &str, to: &str, kind: EdgeKind) -> Option<&Edge> {
        let (&a, &b) = (self.index.get(from)?, self.index.get(to)?);
        let find = |a: NodeIndex, b: NodeIndex| {
            self.graph.edges_connecting(a, b).map(|e| e.weight()).find(|w| w.kind == kind)
        };
        match kind {
            EdgeKind::Appeal => find(a, b),
            EdgeKind::Contact => find(a, b).or_else(|| find(b, a)),
        }
    }
    /// The statistics of this graph (see [`Stats`]).
    pub fn stats(&self) -> Stats {
        stats::compute(self)
    }
    /// Graphviz DOT made for reading.
    pub fn to_dot(&self) -> String {
        dot::to_dot(self)
    }
    /// A node-link JSON document (the format of networkx, d3, sigma.js loaders).
    pub fn to_json(&self) -> serde_json::Value {
        export::to_json(self)
    }
    /// GraphML with its key declarations (Gephi, yEd, networkx, igraph).
    pub fn to_graphml(&self) -> String {
        export::to_graphml(self)
    }
}

/// A date filter bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

fn check_options(options: &GraphOptions) -> Result<()> {
    for (flag, value) in [("--since", &options.since), ("--until", &options.until)] {
        if let Some(v) = value {
            if !valid_date(v.trim()) {
                return Err(Error::Usage(format!("{flag} expects a date like 2020-10-01, not \"{v}\".")));
            }
        }
    }
    if let (Some(s), Some(u)) = (&options.since, &options.until) {
        if s.trim() > u.trim() {
            return Err(Error::Usage(format!("--since {s} is later than --until {u}.")));
        }
    }
    Ok(())
}

/// Whether an event date passes the date filter. Dates compare as text, which orders ISO dates;
/// an `until` bound is compared on its own length so that `--until 2020` keeps all of 2020.
fn date_ok(date: Option<&str>, since: Option<&str>, until: Option<&str>) -> bool {
    if since.is_none() && until.is_none() {
        return true;
    }
    let Some(date) = date else { return false };
    if let Some(s) = since {
        if date < s {
            return false;
        }
    }
    if let Some(u) = until {
        let head: String = date.chars().take(u.chars().count()).collect();
        if head.as_str() > u {
            return false;
        }
    }
    true
}

/// The folded words of a text, for matching names.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the words of `needle` occur in a row among the words of `hay` (so "Lavrov" matches
/// "Sergueï Lavrov" but "Russie" does not match "ministère russe").
fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The last path segment of an IRI, used when nothing better names a resource.
fn last_segment(iri: &str) -> &str {
    iri.rsplit(['/', '#']).find(|s| !s.is_empty()).unwrap_or(iri)
}

/// Picks the label to show: in `lang`, then French or English, then untagged, then any.
fn best_label(labels: &BTreeSet<(String, String)>, lang: &str) -> Option<String> {
    crate::labels::pick(labels.iter().map(|(l, t)| (l.as_str(), t.as_str())), lang)
}

#[derive(Default)]
struct EdgeAcc {
    demands: BTreeMap<String, BTreeSet<String>>,
    events: BTreeSet<String>,
    dates: BTreeSet<String>,
    undated: BTreeSet<String>,
    documents: BTreeSet<String>,
    channels: BTreeSet<String>,
}

struct Builder<'a> {
    source: &'a source::Source,
    options: &'a GraphOptions,
}

impl Builder<'_> {
    fn info(&self, iri: &str) -> Option<&source::EntityInfo> {
        self.source.entities.get(iri)
    }

    fn is_country(&self, iri: &str) -> bool {
        let info = self.info(iri);
        info.is_some_and(|i| i.types.contains("Country") || i.iso3.is_some()) || iri.contains("/entity/country/")
    }

    /// The IRI of the state an actor is or represents.
    fn country_iri(&self, iri: &str) -> Option<String> {
        if self.is_country(iri) {
            return Some(iri.to_string());
        }
        self.info(iri).and_then(|i| i.countries.iter().next().cloned())
    }

    /// ISO3 code of a country entity: its `nkg:iso3`, else the end of its IRI.
    fn iso3_of_country(&self, country: &str) -> Option<String> {
        if let Some(code) = self.info(country).and_then(|i| i.iso3.clone()) {
            return Some(code);
        }
        country
            .rsplit_once("/entity/country/")
            .map(|(_, code)| code.to_ascii_uppercase())
            .filter(|c| !c.is_empty())
    }

    fn iso3(&self, iri: &str) -> Option<String> {
        self.country_iri(iri).and_then(|c| self.iso3_of_country(&c))
    }

    /// The node an actor becomes in the chosen view.
    fn node_id(&self, actor: &str) -> String {
        match self.options.by {
            View::Actor => actor.to_string(),
            // Actors with no known state stay as they are.
            View::Country => self.country_iri(actor).unwrap_or_else(|| actor.to_string()),
        }
    }

    fn node_type(&self, iri: &str) -> NodeType {
        if self.is_country(iri) {
            return NodeType::Country;
        }
        let types = self.info(iri).map(|i| &i.types);
        let has = |t: &str| types.is_some_and(|ts| ts.contains(t));
        if has("Person") || iri.contains("/entity/person/") {
            NodeType::Person
        } else if has("Organization") || iri.contains("/entity/org/") {
            NodeType::Organization
        } else if has("Place") || iri.contains("/entity/place/") {
            NodeType::Place
        } else {
            NodeType::Actor
        }
    }

    fn concept_key(&self, concept: &str) -> String {
        self.source
            .concepts
            .get(concept)
            .and_then(|c| c.key.clone())
            .unwrap_or_else(|| last_segment(concept).to_string())
    }

    fn actor_node(&self, iri: &str) -> Node {
        let info = self.info(iri);
        let label = info
            .and_then(|i| best_label(&i.labels, &self.options.lang))
            .or_else(|| if self.is_country(iri) { self.iso3(iri) } else { None })
            .unwrap_or_else(|| last_segment(iri).to_string());
        Node {
            id: iri.to_string(),
            label,
            node_type: self.node_type(iri),
            country: self.iso3(iri),
            wikidata: info.and_then(|i| i.wikidata.clone()),
        }
    }

    fn demand_node(&self, concept: &str) -> Node {
        Node {
            id: concept.to_string(),
            label: self.concept_key(concept),
            node_type: NodeType::Demand,
            country: None,
            wikidata: None,
        }
    }

    /// Concept IRIs that `--demand` names (by key, IRI or label); an error if none.
    fn wanted_demands(&self, wanted: &str) -> Result<BTreeSet<String>> {
        let w = fold(wanted.trim());
        let mut found = BTreeSet::new();
        let mut known = BTreeSet::new();
        for (iri, c) in &self.source.concepts {
            let key = self.concept_key(iri);
            let hit = fold(&key) == w || fold(iri) == w || c.labels.iter().any(|(_, l)| fold(l) == w);
            if hit {
                found.insert(iri.clone());
            }
            known.insert(key);
        }
        if found.is_empty() {
            let known: Vec<String> = known.into_iter().collect();
            return Err(Error::Usage(format!(
                "no demand concept is called \"{wanted}\"; the store knows: {}.",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )));
        }
        Ok(found)
    }

    /// Entities that `--actor` names: by IRI, ISO3 code (the state and every actor representing
    /// it) or the words of one of their labels; an error if none.
    fn wanted_actors(&self, wanted: &str) -> Result<BTreeSet<String>> {
        let w = wanted.trim();
        let needle = words(w);
        let code = w.to_ascii_uppercase();
        let mut found = BTreeSet::new();
        for (iri, info) in &self.source.entities {
            let by_iri = iri == w;
            let by_code = code.len() == 3 && self.iso3(iri).as_deref() == Some(code.as_str());
            let by_label = info
                .labels
                .iter()
                .map(|(_, l)| l)
                .chain(info.alt_labels.iter())
                .any(|l| contains_words(&words(l), &needle));
            if by_iri || by_code || by_label {
                found.insert(iri.clone());
            }
        }
        if found.is_empty() {
            return Err(Error::Usage(format!("no actor in the store matches \"{wanted}\".")));
        }
        Ok(found)
    }

    fn build(&self) -> Result<CallGraph> {
        let o = self.options;
        let since = o.since.as_deref().map(str::trim);
        let until = o.until.as_deref().map(str::trim);
        let demand_filter = match &o.demand {
            Some(d) => Some(self.wanted_demands(d)?),
            None => None,
        };
        // Ids of the nodes whose neighbourhood is asked for.
        let centre: Option<BTreeSet<String>> = match &o.actor {
            Some(a) => Some(self.wanted_actors(a)?.iter().map(|e| self.node_id(e)).collect()),
            None => None,
        };

        // (kind, source id, target id) → accumulated events; demand node ids on the side.
        let mut acc: BTreeMap<(EdgeKind, String, String), EdgeAcc> = BTreeMap::new();
        let mut demand_nodes: BTreeSet<String> = BTreeSet::new();

        if o.kind != Kind::Contact {
            for appeal in &self.source.appeals {
                if !date_ok(appeal.date.as_deref(), since, until) {
                    continue;
                }
                let demands: BTreeSet<&String> = match &demand_filter {
                    Some(wanted) => appeal.demands.iter().filter(|d| wanted.contains(*d)).collect(),
                    None => appeal.demands.iter().collect(),
                };
                if demand_filter.is_some() && demands.is_empty() {
                    continue;
                }
                let callers: BTreeSet<String> = appeal.callers.iter().map(|c| self.node_id(c)).collect();
                // An appeal without addressee points at what it asks for, one edge per demand.
                let targets: Vec<(String, Vec<&String>)> = if appeal.addressees.is_empty() {
                    demands.iter().map(|d| ((*d).clone(), vec![*d])).collect()
                } else {
                    let ids: BTreeSet<String> = appeal.addressees.iter().map(|a| self.node_id(a)).collect();
                    ids.into_iter().map(|id| (id, demands.iter().copied().collect())).collect()
                };
                for caller in &callers {
                    for (target, target_demands) in &targets {
                        // A node calling on itself (often two actors of one state in the
                        // country view) says nothing about relations between actors.
                        if caller == target {
                            continue;
                        }
                        if appeal.addressees.is_empty() {
                            demand_nodes.insert(target.clone());
                        }
                        let e = acc.entry((EdgeKind::Appeal, caller.clone(), target.clone())).or_default();
                        e.events.insert(appeal.iri.clone());
                        match &appeal.date {
                            Some(d) => e.dates.insert(d.clone()),
                            None => e.undated.insert(appeal.iri.clone()),
                        };
                        e.documents.extend(appeal.documents.iter().cloned());
                        e.channels.extend(appeal.channels.iter().cloned());
                        for d in target_demands {
                            e.demands.entry(self.concept_key(d)).or_default().insert(appeal.iri.clone());
                        }
                    }
                }
            }
        }

        // Contacts have no demand: a demand filter leaves them out.
        if o.kind != Kind::Appeal && demand_filter.is_none() {
            for contact in &self.source.contacts {
                if !date_ok(contact.date.as_deref(), since, until) {
                    continue;
                }
                let ids: Vec<String> = contact
                    .participants
                    .iter()
                    .map(|p| self.node_id(p))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                // Every pair of participants talked with each other; stored once, in IRI order.
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        let e = acc.entry((EdgeKind::Contact, a.clone(), b.clone())).or_default();
                        e.events.insert(contact.iri.clone());
                        match &contact.date {
                            Some(d) => e.dates.insert(d.clone()),
                            None => e.undated.insert(contact.iri.clone()),
                        };
                        e.documents.extend(contact.documents.iter().cloned());
                        e.channels.extend(contact.channels.iter().cloned());
                    }
                }
            }
        }

        let min = o.min_count.max(1);
        acc.retain(|(_, a, b), e| {
            e.events.len() >= min && centre.as_ref().map_or(true, |c| c.contains(a) || c.contains(b))
        });

        let mut ids: BTreeSet<&String> = BTreeSet::new();
        for (_, a, b) in acc.keys() {
            ids.insert(a);
            ids.insert(b);
        }
        let mut graph = StableDiGraph::new();
        let mut index = HashMap::new();
        for id in ids {
            let node = if demand_nodes.contains(id) { self.demand_node(id) } else { self.actor_node(id) };
            index.insert(id.clone(), graph.add_node(node));
        }
        for ((kind, a, b), e) in acc {
            let (Some(&ia), Some(&ib)) = (index.get(&a), index.get(&b)) else { continue };
            let edge = Edge {
                kind,
                demands: e.demands,
                events: e.events,
                dates: e.dates,
                undated: e.undated.len(),
                documents: e.documents,
                channels: e.channels,
            };
            graph.add_edge(ia, ib, edge);
        }
        Ok(CallGraph { graph, index, options: o.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_filter_is_inclusive_and_accepts_partial_bounds() {
        assert!(date_ok(Some("2020-10-01"), Some("2020-10-01"), Some("2020-10-01")));
        assert!(!date_ok(Some("2020-09-30"), Some("2020-10-01"), None));
        assert!(date_ok(Some("2020-12-31"), None, Some("2020")));
        assert!(!date_ok(Some("2021-01-01"), None, Some("2020")));
        assert!(!date_ok(None, Some("2020"), None));
        assert!(date_ok(None, None, None));
    }

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2020-10-01") && valid_date("2020-10") && valid_date("2020"));
        assert!(!valid_date("01/10/2020") && !valid_date("2020-1-1") && !valid_date(""));
    }

    #[test]
    fn names_match_on_whole_words_without_accents() {
        assert!(contains_words(&words("Sergueï Lavrov"), &words("LAVROV")));
        assert!(contains_words(&words("Arménie"), &words("armenie")));
        assert!(!contains_words(&words("ministère russe des Affaires étrangères"), &words("Russie")));
        assert!(!contains_words(&words("Russie"), &words("")));
    }

    #[test]
    fn labels_prefer_the_language_asked_then_french_or_english() {
        let mut l = BTreeSet::new();
        l.insert(("de".to_string(), "Russland".to_string()));
        assert_eq!(best_label(&l, "fr").as_deref(), Some("Russland"));
        l.insert(("en".to_string(), "Russia".to_string()));
        assert_eq!(best_label(&l, "fr").as_deref(), Some("Russia"));
        l.insert(("fr".to_string(), "Russie".to_string()));
        assert_eq!(best_label(&l, "fr").as_deref(), Some("Russie"));
        assert_eq!(best_label(&l, "en").as_deref(), Some("Russia"));
    }
}
