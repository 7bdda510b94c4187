//! Data exports: node-link JSON (read by networkx `node_link_graph`, d3-force, sigma.js and
//! Cytoscape loaders) and GraphML (Gephi, yEd, networkx, igraph).

use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde_json::{json, Value};

use super::{CallGraph, Edge, View};

fn view_name(cg: &CallGraph) -> &'static str {
    match cg.options().by {
        View::Actor => "actor",
        View::Country => "country",
    }
}

fn demand_counts(e: &Edge) -> Value {
    e.demands.iter().map(|(k, evs)| (k.clone(), Value::from(evs.len()))).collect::<serde_json::Map<_, _>>().into()
}

/// `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...], "edges": [...]}`.
/// The graph is a multigraph because an appeal edge and a contact edge may join the same two
/// nodes; each edge's `key` is its kind, as networkx expects for multigraphs. Contact edges are
/// undirected: read `kind`. The edges are under `edges`, where networkx 3.4 and later look
/// (`node_link_graph(d)`), and again under `links`, for d3 and older networkx.
pub(crate) fn to_json(cg: &CallGraph) -> Value {
    let g = cg.graph();
    let nodes: Vec<Value> = g
        .node_weights()
        .map(|n| {
            json!({
                "id": n.id, "label": n.label, "type": n.node_type.as_str(),
                "country": n.country, "wikidata": n.wikidata,
            })
        })
        .collect();
    let links: Vec<Value> = g
        .edge_references()
        .map(|e| {
            let w = e.weight();
            json!({
                "source": g[e.source()].id,
                "target": g[e.target()].id,
                "key": w.kind.as_str(),
                "kind": w.kind.as_str(),
                "directed": w.is_directed(),
                "demands": w.demands.keys().collect::<Vec<_>>(),
                "demand_counts": demand_counts(w),
                "count": w.count(),
                "dates": w.dates,
                "undated": w.undated,
                "documents": w.documents,
                "channel": w.channels,
                "events": w.events,
            })
        })
        .collect();
    let o = cg.options();
    json!({
        "directed": true,
        "multigraph": true,
        "graph": {
            "name": "newskg call graph",
            "view": view_name(cg),
            "filters": {
                "kind": format!("{:?}", o.kind).to_lowercase(),
                "actor": o.actor, "demand": o.demand, "since": o.since, "until": o.until,
                "min_count": o.min_count.max(1),
            },
        },
        "nodes": nodes,
        "edges": links.clone(),
        "links": links,
    })
}

/// Text for XML content and attribute values; characters XML 1.0 forbids are dropped.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// (id, for, name, type) of every GraphML attribute.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("country", "node", "country", "string"),
    ("wikidata", "node", "wikidata", "string"),
    ("kind", "edge", "kind", "string"),
    ("demands", "edge", "demands", "string"),
    ("count", "edge", "count", "int"),
    ("dates", "edge", "dates", "string"),
    ("undated", "edge", "undated", "int"),
    ("documents", "edge", "documents", "string"),
    ("channel", "edge", "channel", "string"),
    ("pair", "edge", "pair", "string"),
];

fn data(out: &mut String, key: &str, value: &str) {
    if !value.is_empty() {
        out.push_str(&format!("      <data key=\"{key}\">{}</data>\n", xml_escape(value)));
    }
}

/// GraphML: node ids are the IRIs; lists are joined with "; ", demands as `key×count`.
/// Every edge is directed, as networkx and igraph require of a directed GraphML graph: a
/// contact (undirected) is written as two edges, one each way, both `kind=contact` with the
/// same `pair` id, so a reader that wants it once keeps the edges whose source < target.
pub(crate) fn to_graphml(cg: &CallGraph) -> String {
    let g = cg.graph();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n    \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n    \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, target, name, ty) in KEYS {
        out.push_str(&format!("  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"));
    }
    out.push_str(&format!("  <graph id=\"callgraph-{}\" edgedefault=\"directed\">\n", view_name(cg)));
    for n in g.node_weights() {
        out.push_str(&format!("    <node id=\"{}\">\n", xml_escape(&n.id)));
        data(&mut out, "label", &n.label);
        data(&mut out, "type", n.node_type.as_str());
        data(&mut out, "country", n.country.as_deref().unwrap_or(""));
        data(&mut out, "wikidata", n.wikidata.as_deref().unwrap_or(""));
        out.push_str("    </node>\n");
    }
    let mut n = 0;
    for (i, e) in g.edge_references().enumerate() {
        let w = e.weight();
        let (a, b) = (&g[e.source()].id, &g[e.target()].id);
        let ends: Vec<(&String, &String)> = if w.is_directed() { vec![(a, b)] } else { vec![(a, b), (b, a)] };
        for (source, target) in ends {
            out.push_str(&format!("    <edge id=\"e{n}\" source=\"{}\" target=\"{}\">\n", xml_escape(source), xml_escape(target)));
            n += 1;
            let join = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join("; ");
            data(&mut out, "kind", w.kind.as_str());
            data(&mut out, "demands", &join(&mut w.demands.iter().map(|(k, evs)| format!("{k}×{}", evs.len()))));
            data(&mut out, "count", &w.count().to_string());
            data(&mut out, "dates", &join(&mut w.dates.iter().cloned()));
            data(&mut out, "undated", &w.undated.to_string());
            data(&mut out, "documents", &join(&mut w.documents.iter().cloned()));
            data(&mut out, "channel", &join(&mut w.channels.iter().cloned()));
            if !w.is_directed() {
                data(&mut out, "pair", &format!("c{i}"));
            }
            out.push_str("    </edge>\n");
        }
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn xml_escape_covers_markup_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
