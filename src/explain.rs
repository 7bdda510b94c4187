//! `newskg explain`: how a text is read — sentences, tokens, mentions and the units they form,
//! the rules that fired and the events and triples they produced — so that a user writing
//! rules can see why something was, or was not, found.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::{default_extractors, Context, DocAnalysis, Fact};
use crate::lexicon::Knowledge;
use crate::vocab::Iris;
use std::io::Write;

pub fn explain(text: &str, lang: Option<&str>, date: Option<&str>, k: &Knowledge, _iris: &Iris, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::io("standard output", e);
    let doc = Document {
        id: "explain".into(),
        text: text.to_string(),
        lang: lang.map(str::to_string),
        date: date.and_then(crate::document::normalise_date),
        source: "<explain>".into(),
        ..Default::default()
    };
    let an = DocAnalysis::new(&doc, k);
    writeln!(out, "language: {}", an.text.lang).map_err(io)?;
    for (a, b) in &an.text.dropped {
        writeln!(out, "dropped as boilerplate: {:?}", &text[*a..*b]).map_err(io)?;
    }
    let extractors = default_extractors();
    for (si, s) in an.text.sentences.iter().enumerate() {
        writeln!(out, "\nsentence {si} [{}..{}] ({}{}): {}", s.start, s.end, s.lang, s.quote.map(|q| format!(", quote {q}")).unwrap_or_default(), s.text(text)).map_err(io)?;
        let toks: Vec<String> = s.tokens.iter().map(|t| text[t.start..t.end].to_string()).collect();
        writeln!(out, "  tokens: {}", toks.join(" · ")).map_err(io)?;
        if let Some(syn) = &an.syntax[si] {
            writeln!(out, "  syntax (CoNLL-U):").map_err(io)?;
            for line in syn.to_conllu(None, None).lines().filter(|l| !l.is_empty()) {
                writeln!(out, "    {line}").map_err(io)?;
            }
        }
        for m in &an.mentions[si] {
            let surface = &text[s.tokens[m.start].start..s.tokens[m.end - 1].end];
            writeln!(out, "  mention {:?} → {:?}", surface, m.kind).map_err(io)?;
        }
        let cx = Context::new(&an, k, si);
        for u in &an.units[si] {
            let ents = cx.resolve_unit(u, &[]);
            let labels: Vec<String> = ents.iter().map(|e| format!("{} ({}{})", e.label, e.etype.as_str(), e.country.as_ref().map(|c| format!(", {c}")).unwrap_or_default())).collect();
            writeln!(out, "  unit {:?} = {}", cx.slice(u.start, u.end), if labels.is_empty() { "(unresolved)".to_string() } else { labels.join(" + ") }).map_err(io)?;
        }
        let mut facts = Vec::new();
        for x in &extractors {
            x.extract(&cx, &mut facts);
        }
        for f in &facts {
            match f {
                Fact::Event(e) => {
                    let names = |v: &[crate::resolve::Entity]| v.iter().map(|e| e.label.clone()).collect::<Vec<_>>().join(", ");
                    let demands: Vec<String> = e.demands.iter().map(|d| format!("{} ({:?})", d.concept, d.text)).collect();
                    writeln!(out, "  rule {} fired → {:?}", e.rule, e.kind).map_err(io)?;
                    if !e.caller.is_empty() || !e.demands.is_empty() {
                        writeln!(out, "    caller: {} | addressee: {} | demands: {}", names(&e.caller), names(&e.addressee), demands.join(", ")).map_err(io)?;
                    }
                    if !e.participants.is_empty() {
                        writeln!(out, "    participants: {} | channel: {}", names(&e.participants), e.channel.as_deref().unwrap_or("-")).map_err(io)?;
                    }
                    writeln!(out, "    date: {} | CAMEO {}", e.date.as_deref().or(e.date_text.as_deref()).unwrap_or("-"), e.cameo).map_err(io)?;
                }
                Fact::Statement(st) => {
                    let subj: Vec<&str> = st.subject.iter().map(|e| e.label.as_str()).collect();
                    let obj = if st.object.is_empty() { st.object_text.clone().unwrap_or_default() } else { st.object.iter().map(|e| e.label.clone()).collect::<Vec<_>>().join(", ") };
                    writeln!(out, "  rule {} → ({}) {}{} ({})", st.rule, subj.join(", "), if st.negated { "NOT " } else { "" }, st.predicate, obj).map_err(io)?;
                    if let Some(c) = &st.clause {
                        let args: Vec<String> = c.arguments.iter().map(|a| format!("{}: {}", a.kind, a.phrase.text)).collect();
                        writeln!(
                            out,
                            "    [{}] [{}] [{}]{}{} | {} {} | confidence {:.2}",
                            c.subject.text,
                            c.predicate.text,
                            c.object.as_ref().map(|o| o.text.as_str()).unwrap_or(""),
                            if args.is_empty() { String::new() } else { format!(" + {}", args.join("; ")) },
                            c.parent.map(|p| format!(" (inside statement {p})")).unwrap_or_default(),
                            c.tense.unwrap_or("-"),
                            c.voice,
                            c.confidence
                        )
                        .map_err(io)?;
                    }
                }
            }
        }
    }
    Ok(())
}
