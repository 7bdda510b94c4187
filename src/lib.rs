//! newskg: from news articles to a knowledge graph of who called on whom, for what, and who
//! talked with whom.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! `document` → `text` → `syntax` → `mentions` → `extract` → `resolve` → `rdf` → `store`, then `query`,
//! `export`, and the projections built on the store.

pub mod cameo;
pub mod document;
pub mod error;
pub mod explain;
pub mod export;
pub mod extract;
pub mod fasthash;
pub mod fold;
pub mod gazetteer;
pub mod graph;
pub mod html;
pub mod import;
pub mod labels;
pub mod language;
pub mod lexicon;
pub mod link;
pub mod mentions;
pub mod pipeline;
pub mod plover;
pub mod progress;
pub mod push;
pub mod query;
pub mod rdf;
pub mod records;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod syntax;
pub mod text;
pub mod vocab;
pub mod xmlguard;

pub use error::{Error, Result};
pub use lexicon::Knowledge;
pub use pipeline::{process, Processed};

/// Runs the whole pipeline on one text (a convenience for library users and tests).
pub fn extract_text(id: &str, text: &str, lang: Option<&str>, date: Option<&str>, k: &Knowledge) -> Processed {
    let doc = document::Document {
        id: id.to_string(),
        text: text.to_string(),
        lang: lang.map(str::to_string),
        date: date.map(str::to_string),
        source: id.to_string(),
        ..Default::default()
    };
    process(&doc, k, &extract::default_extractors())
}
