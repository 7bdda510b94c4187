//! Network statistics of a call graph: who calls most, who is most called upon, what is most
//! demanded, PageRank over the appeal graph, the contact pairs with the most exchanges.
//!
//! Counts are numbers of distinct events, not of edges: one appeal to Armenia and Azerbaijan
//! is one appeal made by its caller.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde_json::{json, Value};

use super::{CallGraph, EdgeKind, NodeType};

/// Rows shown per section by [`Stats::to_table`] (the JSON has them all).
const TABLE_ROWS: usize = 10;
const DAMPING: f64 = 0.85;
const TOLERANCE: f64 = 1e-12;
const MAX_ITERATIONS: usize = 1000;

/// A node (or a demand key) with a number of events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    pub id: String,
    pub label: String,
    pub count: usize,
}

/// A node with its PageRank score (scores sum to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub id: String,
    pub label: String,
    pub score: f64,
}

/// Two nodes that had contacts, how many and through which channels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactPair {
    pub a: String,
    pub a_label: String,
    pub b: String,
    pub b_label: String,
    pub count: usize,
    pub channels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Distinct appeal and contact events in the graph.
    pub appeals: usize,
    pub contacts: usize,
    /// By number of appeals made (appeals without addressee included).
    pub top_callers: Vec<Ranked>,
    /// By number of appeals addressed to them.
    pub most_called: Vec<Ranked>,
    /// Demand keys by number of appeals that asked for them (`id` and `label` are the key).
    pub top_demands: Vec<Ranked>,
    /// PageRank over the actor-to-actor appeal edges weighted by their counts: high for actors
    /// called upon by actors that are themselves called upon.
    pub pagerank: Vec<Scored>,
    pub contact_pairs: Vec<ContactPair>,
}

/// Sorts by count (largest first), then label and id so that the order never depends on hashing.
fn ranked(counts: BTreeMap<String, (String, BTreeSet<String>)>) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = counts
        .into_iter()
        .map(|(id, (label, events))| Ranked { id, label, count: events.len() })
        .collect();
    out.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.label.cmp(&y.label)).then_with(|| x.id.cmp(&y.id)));
    out
}

/// PageRank by power iteration over `n` nodes and weighted edges `(from, to, weight)`.
/// The rank of dangling nodes (no out-edges: those only called upon) is spread over all nodes,
/// which keeps the scores a probability distribution.
pub(crate) fn pagerank(n: usize, edges: &[(usize, usize, f64)]) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let nf = n as f64;
    let mut out_weight = vec![0.0; n];
    for &(a, _, w) in edges {
        out_weight[a] += w;
    }
    let mut rank = vec![1.0 / nf; n];
    for _ in 0..MAX_ITERATIONS {
        let dangling: f64 = (0..n).filter(|&i| out_weight[i] <= 0.0).map(|i| rank[i]).sum();
        let base = (1.0 - DAMPING) / nf + DAMPING * dangling / nf;
        let mut next = vec![base; n];
        for &(a, b, w) in edges {
            if out_weight[a] > 0.0 {
                next[b] += DAMPING * rank[a] * w / out_weight[a];
            }
        }
        let change: f64 = next.iter().zip(&rank).map(|(x, y)| (x - y).abs()).sum();
        rank = next;
        if change < TOLERANCE {
            break;
        }
    }
    rank
}

pub(crate) fn compute(cg: &CallGraph) -> Stats {
    let g = cg.graph();
    let mut callers: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut called: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut demands: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut appeals = BTreeSet::new();
    let mut contacts = BTreeSet::new();
    let mut contact_pairs = Vec::new();
    // Actor-to-actor appeal edges, for PageRank (demand nodes would only soak up rank).
    let mut pr_nodes: BTreeMap<petgraph::stable_graph::NodeIndex, usize> = BTreeMap::new();
    let mut pr_edges = Vec::new();

    for e in g.edge_references() {
        let (s, t, w) = (&g[e.source()], &g[e.target()], e.weight());
        match w.kind {
            EdgeKind::Appeal => {
                appeals.extend(w.events.iter().cloned());
                callers.entry(s.id.clone()).or_insert_with(|| (s.label.clone(), BTreeSet::new())).1.extend(w.events.iter().cloned());
                for (key, events) in &w.demands {
                    demands.entry(key.clone()).or_insert_with(|| (key.clone(), BTreeSet::new())).1.extend(events.iter().cloned());
                }
                if t.node_type != NodeType::Demand {
                    called.entry(t.id.clone()).or_insert_with(|| (t.label.clone(), BTreeSet::new())).1.extend(w.events.iter().cloned());
                    let next = pr_nodes.len();
                    let a = *pr_nodes.entry(e.source()).or_insert(next);
                    let next = pr_nodes.len();
                    let b = *pr_nodes.entry(e.target()).or_insert(next);
                    pr_edges.push((a, b, w.count() as f64));
                }
            }
            EdgeKind::Contact => {
                contacts.extend(w.events.iter().cloned());
                contact_pairs.push(ContactPair {
                    a: s.id.clone(),
                    a_label: s.label.clone(),
                    b: t.id.clone(),
                    b_label: t.label.clone(),
                    count: w.count(),
                    channels: w.channels.iter().cloned().collect(),
                });
            }
        }
    }
    contact_pairs.sort_by(|x, y| {
        y.count.cmp(&x.count).then_with(|| (&x.a_label, &x.b_label).cmp(&(&y.a_label, &y.b_label)))
    });

    let scores = pagerank(pr_nodes.len(), &pr_edges);
    let mut pr: Vec<Scored> = pr_nodes
        .iter()
        .filter_map(|(&node, &i)| {
            let n = g.node_weight(node)?;
            Some(Scored { id: n.id.clone(), label: n.label.clone(), score: scores.get(i).copied().unwrap_or(0.0) })
        })
        .collect();
    pr.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| x.label.cmp(&y.label)));

    Stats {
        appeals: appeals.len(),
        contacts: contacts.len(),
        top_callers: ranked(callers),
        most_called: ranked(called),
        top_demands: ranked(demands),
        pagerank: pr,
        contact_pairs,
    }
}

/// Lays out rows under a header with every column as wide as its widest cell.
fn table(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>) {
    out.push_str(title);
    out.push('\n');
    if rows.is_empty() {
        out.push_str("  (none)\n\n");
        return;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut l = String::from(" ");
        for (cell, w) in cells.iter().zip(&widths) {
            l.push_str("  ");
            l.push_str(cell);
            l.push_str(&" ".repeat(w - cell.chars().count()));
        }
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(header.to_vec()));
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out.push('\n');
}

impl Stats {
    /// Aligned text, the first rows of each section.
    pub fn to_table(&self) -> String {
        let mut out = format!("{} appeals, {} contacts\n\n", self.appeals, self.contacts);
        let rank_rows = |list: &[Ranked]| -> Vec<Vec<String>> {
            list.iter()
                .take(TABLE_ROWS)
                .enumerate()
                .map(|(i, r)| vec![(i + 1).to_string(), r.label.clone(), r.count.to_string()])
                .collect()
        };
        table(&mut out, "Who calls most (appeals made)", &["#", "actor", "appeals"], rank_rows(&self.top_callers));
        table(&mut out, "Who is most called upon (appeals received)", &["#", "actor", "appeals"], rank_rows(&self.most_called));
        table(&mut out, "Most demanded (appeals asking for it)", &["#", "demand", "appeals"], rank_rows(&self.top_demands));
        let pr_rows = self
            .pagerank
            .iter()
            .take(TABLE_ROWS)
            .enumerate()
            .map(|(i, s)| vec![(i + 1).to_string(), s.label.clone(), format!("{:.4}", s.score)])
            .collect();
        table(&mut out, "PageRank over the appeal graph", &["#", "actor", "score"], pr_rows);
        let pair_rows = self
            .contact_pairs
            .iter()
            .take(TABLE_ROWS)
            .enumerate()
            .map(|(i, p)| {
                vec![(i + 1).to_string(), p.a_label.clone(), p.b_label.clone(), p.count.to_string(), p.channels.join(", ")]
            })
            .collect();
        table(&mut out, "Contact pairs with most exchanges", &["#", "actor", "actor", "contacts", "channels"], pair_rows);
        out.trim_end().to_string() + "\n"
    }

    /// Every row of every section.
    pub fn to_json(&self) -> Value {
        let ranked = |list: &[Ranked]| -> Value {
            list.iter().map(|r| json!({"id": r.id, "label": r.label, "count": r.count})).collect()
        };
        json!({
            "appeals": self.appeals,
            "contacts": self.contacts,
            "top_callers": ranked(&self.top_callers),
            "most_called": ranked(&self.most_called),
            "top_demands": self.top_demands.iter().map(|r| json!({"demand": r.id, "count": r.count})).collect::<Value>(),
            "pagerank": self.pagerank.iter().map(|s| json!({"id": s.id, "label": s.label, "score": s.score})).collect::<Value>(),
            "contact_pairs": self.contact_pairs.iter().map(|p| json!({
                "a": p.a, "a_label": p.a_label, "b": p.b, "b_label": p.b_label,
                "count": p.count, "channels": p.channels,
            })).collect::<Value>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::pagerank;

    #[test]
    fn pagerank_is_a_distribution_that_favours_the_called() {
        // 0 → 2, 1 → 2, 2 → 3; 3 is dangling.
        let r = pagerank(4, &[(0, 2, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r[2] > r[0] && r[3] > r[0]);
        assert!((r[0] - r[1]).abs() < 1e-12);
    }

    #[test]
    fn pagerank_of_a_cycle_is_uniform_and_weights_count() {
        let r = pagerank(3, &[(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
        assert!(r.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-9));
        // 0 calls on 1 three times and on 2 once: 1 ranks higher.
        let r = pagerank(3, &[(0, 1, 3.0), (0, 2, 1.0)]);
        assert!(r[1] > r[2]);
        assert!(pagerank(0, &[]).is_empty());
    }
}
