//! Graphviz DOT made for reading: shapes and colours by node type, demands on appeal edges,
//! channels on dashed undirected contact edges, pen width by count, tooltips with dates and
//! sources (shown by SVG viewers), and a legend.

use std::collections::{BTreeSet, HashMap, HashSet};

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::{CallGraph, Edge, EdgeKind, Kind, Node, NodeType, View};

/// A DOT double-quoted string. Backslashes and quotes are escaped and line breaks become the
/// DOT `\n` escape, so no label can end the string or inject attributes.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lines joined with DOT line breaks; each line escaped.
fn lines(parts: &[String]) -> String {
    quote(&parts.join("\n"))
}

/// `(shape, style, fill, border)` of a node type.
fn look(t: NodeType) -> (&'static str, &'static str, &'static str, &'static str) {
    match t {
        NodeType::Country => ("box", "filled", "#dbe9f6", "#2b5d8a"),
        NodeType::Person => ("ellipse", "filled", "#fdf1d6", "#9c6b00"),
        NodeType::Organization => ("box", "filled,rounded", "#dff0d8", "#3c763d"),
        NodeType::Place => ("house", "filled", "#eeeeee", "#666666"),
        NodeType::Demand => ("note", "filled", "#f9dcdc", "#a94442"),
        NodeType::Actor => ("ellipse", "filled", "#ffffff", "#666666"),
    }
}

fn legend_name(t: NodeType) -> &'static str {
    match t {
        NodeType::Country => "state",
        NodeType::Person => "person",
        NodeType::Organization => "organisation",
        NodeType::Place => "place",
        NodeType::Demand => "demand (appeal with no addressee)",
        NodeType::Actor => "other actor",
    }
}

const APPEAL_COLOUR: &str = "#2b5d8a";
const DEMAND_COLOUR: &str = "#a94442";
const CONTACT_COLOUR: &str = "#777777";

fn node_attrs(label: &str, t: NodeType) -> String {
    let (shape, style, fill, border) = look(t);
    format!(
        "label={}, shape={shape}, style={}, fillcolor={}, color={}",
        quote(label),
        quote(style),
        quote(fill),
        quote(border)
    )
}

/// Short readable node ids: the last two segments of the IRI (`country/RUS`,
/// `person/serguei-lavrov`, `concept/ceasefire`), numbered when two would be the same.
fn short_ids(cg: &CallGraph) -> HashMap<NodeIndex, String> {
    let g = cg.graph();
    let mut taken = HashSet::new();
    let mut ids = HashMap::new();
    for i in g.node_indices() {
        let iri = &g[i].id;
        let mut segs = iri.rsplit(['/', '#']).filter(|s| !s.is_empty());
        let last = segs.next().unwrap_or("node");
        let base = match segs.next() {
            Some(parent) if !parent.contains(':') && !parent.contains('.') => format!("{parent}/{last}"),
            _ => last.to_string(),
        };
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}~{n}");
            n += 1;
        }
        ids.insert(i, id);
    }
    ids
}

fn node_tooltip(n: &Node) -> String {
    let mut facts = vec![n.node_type.as_str().to_string()];
    facts.extend(n.country.clone());
    facts.extend(n.wikidata.as_ref().map(|q| format!("Wikidata {q}")));
    lines(&[n.label.clone(), facts.join(" · "), n.id.clone()])
}

fn edge_label(e: &Edge) -> String {
    let times = |n: usize| if n > 1 { format!(" ×{n}") } else { String::new() };
    match e.kind {
        EdgeKind::Appeal if !e.demands.is_empty() => {
            let parts: Vec<String> = e.demands.iter().map(|(k, evs)| format!("{k}{}", times(evs.len()))).collect();
            lines(&parts)
        }
        EdgeKind::Appeal => quote(&format!("appeal{}", times(e.count()))),
        EdgeKind::Contact => {
            let channels: Vec<&str> = e.channels.iter().map(String::as_str).collect();
            // "meeting/phone ×2": the count is of contacts, whatever their channels.
            let name = if channels.is_empty() { "contact".to_string() } else { channels.join("/") };
            quote(&format!("{name}{}", times(e.count())))
        }
    }
}

fn edge_tooltip(e: &Edge, from: &Node, to: &Node) -> String {
    let n = e.count();
    let (what, arrow) = match e.kind {
        EdgeKind::Appeal => (if n > 1 { "appeals" } else { "appeal" }, "→"),
        EdgeKind::Contact => (if n > 1 { "contacts" } else { "contact" }, "—"),
    };
    let mut parts = vec![format!("{} {arrow} {}: {n} {what}", from.label, to.label)];
    let mut dates: Vec<String> = e.dates.iter().cloned().collect();
    if e.undated > 0 {
        dates.push(format!("{} undated", e.undated));
    }
    parts.push(format!("dates: {}", dates.join(", ")));
    if !e.channels.is_empty() && e.kind == EdgeKind::Appeal {
        parts.push(format!("channels: {}", e.channels.iter().cloned().collect::<Vec<_>>().join(", ")));
    }
    parts.push(format!("sources: {}", e.documents.iter().cloned().collect::<Vec<_>>().join(", ")));
    lines(&parts)
}

fn title(cg: &CallGraph) -> String {
    let o = cg.options();
    let mut t = String::from("Who called on whom, for what");
    if o.kind != Kind::Appeal {
        t.push_str(", and who talked with whom");
    }
    let mut filters = Vec::new();
    if o.by == View::Country {
        filters.push("by country".to_string());
    }
    match o.kind {
        Kind::Appeal => filters.push("appeals only".to_string()),
        Kind::Contact => filters.push("contacts only".to_string()),
        Kind::All => {}
    }
    filters.extend(o.actor.as_ref().map(|a| format!("around {a}")));
    filters.extend(o.demand.as_ref().map(|d| format!("demand {d}")));
    filters.extend(o.since.as_ref().map(|d| format!("since {d}")));
    filters.extend(o.until.as_ref().map(|d| format!("until {d}")));
    if o.min_count > 1 {
        filters.push(format!("at least {} events per edge", o.min_count));
    }
    if !filters.is_empty() {
        t.push_str(&format!(" ({})", filters.join("; ")));
    }
    t
}

pub(crate) fn to_dot(cg: &CallGraph) -> String {
    let g = cg.graph();
    let ids = short_ids(cg);
    let mut out = String::new();
    out.push_str("digraph callgraph {\n");
    out.push_str(&format!(
        "  graph [label={}, labelloc=t, fontsize=16, fontname=\"Helvetica,Arial,sans-serif\", rankdir=LR, \
         nodesep=0.4, ranksep=1.1, tooltip={}];\n",
        quote(&title(cg)),
        quote("newskg call graph")
    ));
    out.push_str("  node [fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, penwidth=1.2];\n");
    out.push_str("  edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=9, arrowsize=0.8];\n\n");

    for i in g.node_indices() {
        let n = &g[i];
        let mut label = n.label.clone();
        // A person's or a ministry's state, so the diagram reads without tooltips.
        if n.node_type != NodeType::Country && n.node_type != NodeType::Demand {
            if let Some(c) = &n.country {
                label.push_str(&format!("\n({c})"));
            }
        }
        let url = n.wikidata.as_ref().map(|q| format!(", URL={}", quote(&format!("https://www.wikidata.org/wiki/{q}"))));
        out.push_str(&format!(
            "  {} [{}, tooltip={}{}];\n",
            quote(&ids[&i]),
            node_attrs(&label, n.node_type),
            node_tooltip(n),
            url.unwrap_or_default()
        ));
    }
    out.push('\n');

    for e in g.edge_references() {
        let (s, t, w) = (&g[e.source()], &g[e.target()], e.weight());
        let pen: f64 = (1.0_f64 + 1.5 * (w.count() as f64).ln()).min(8.0);
        let (colour, extra) = match w.kind {
            EdgeKind::Appeal if t.node_type == NodeType::Demand => (DEMAND_COLOUR, ""),
            EdgeKind::Appeal => (APPEAL_COLOUR, ""),
            EdgeKind::Contact => (CONTACT_COLOUR, ", style=dashed, dir=none"),
        };
        out.push_str(&format!(
            "  {} -> {} [label={}, tooltip={}, penwidth={pen:.1}, color={}, fontcolor={}{extra}];\n",
            quote(&ids[&e.source()]),
            quote(&ids[&e.target()]),
            edge_label(w),
            edge_tooltip(w, s, t),
            quote(colour),
            quote(colour)
        ));
    }

    // The legend shows the node types and edge kinds present in this diagram, as one HTML-like
    // table so that it stays small whatever the layout direction (its text is fixed, no escaping).
    let types: BTreeSet<NodeType> = g.node_weights().map(|n| n.node_type).collect();
    let kinds: BTreeSet<EdgeKind> = g.edge_weights().map(|e| e.kind).collect();
    let mut rows = String::new();
    for t in &types {
        let (_, _, fill, border) = look(*t);
        rows.push_str(&format!("<TR><TD BGCOLOR=\"{fill}\" COLOR=\"{border}\">{}</TD></TR>", legend_name(*t)));
    }
    if kinds.contains(&EdgeKind::Appeal) {
        rows.push_str(&format!(
            "<TR><TD BORDER=\"0\" ALIGN=\"LEFT\"><FONT COLOR=\"{APPEAL_COLOUR}\">&#8594; appeal: demands ×count</FONT></TD></TR>"
        ));
    }
    if kinds.contains(&EdgeKind::Contact) {
        rows.push_str(&format!(
            "<TR><TD BORDER=\"0\" ALIGN=\"LEFT\"><FONT COLOR=\"{CONTACT_COLOUR}\">- - contact: channel ×count</FONT></TD></TR>"
        ));
    }
    out.push_str("\n  subgraph cluster_legend {\n");
    out.push_str("    label=\"Legend\"; fontsize=11; style=\"rounded,dashed\"; color=\"#999999\";\n");
    if !rows.is_empty() {
        out.push_str(&format!(
            "    \"newskg legend\" [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"3\" CELLPADDING=\"3\">{rows}</TABLE>>];\n"
        ));
    }
    out.push_str("  }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_cannot_escape_the_string() {
        assert_eq!(quote(r#"le "Groupe" \ Minsk"#), r#""le \"Groupe\" \\ Minsk""#);
        assert_eq!(quote("a\nb"), r#""a\nb""#);
    }
}
