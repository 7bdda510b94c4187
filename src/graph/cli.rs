//! `newskg graph`: the command-line face of the call graph.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{CallGraph, GraphOptions, Kind, View};
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Dot,
    Json,
    Graphml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Render {
    Svg,
    Png,
}

/// Arguments of `newskg graph` (the store is opened by the caller).
#[derive(clap::Args, Clone, Debug)]
pub struct GraphArgs {
    /// Output format: Graphviz DOT, node-link JSON or GraphML.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    /// Nodes are actors as found, or every actor folded into its state.
    #[arg(long, value_enum, default_value_t = View::Actor)]
    pub by: View,
    /// Which events become edges.
    #[arg(long, value_enum, default_value_t = Kind::All)]
    pub kind: Kind,
    /// Only the neighbourhood of the actors whose label, IRI or ISO3 code matches NAME
    /// (case and accents ignored).
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only appeals for this demand (key such as `ceasefire`, or a label).
    #[arg(long, value_name = "KEY")]
    pub demand: Option<String>,
    /// Only events on or after this date (YYYY-MM-DD); undated events are left out.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD); undated events are left out.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Drop edges that stand for fewer events.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: usize,
    /// Print statistics (a table, or JSON with --format json) instead of the graph.
    #[arg(long)]
    pub stats: bool,
    /// Draw the diagram with Graphviz (needs `dot` installed).
    #[arg(long, value_enum)]
    pub render: Option<Render>,
    /// Write the output to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The Graphviz program used by --render.
    #[arg(long, value_name = "PROGRAM", default_value = "dot")]
    pub graphviz: String,
    /// The language of labels: fr or en (a label in the other language, or any, when an
    /// entity has none in this one).
    #[arg(long, value_name = "LANG", default_value = "fr", value_parser = crate::labels::parse_lang)]
    pub lang: String,
}

impl GraphArgs {
    pub fn options(&self) -> GraphOptions {
        GraphOptions {
            by: self.by,
            kind: self.kind,
            actor: self.actor.clone(),
            demand: self.demand.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            min_count: self.min_count,
            lang: self.lang.clone(),
        }
    }
}

/// Runs Graphviz on `dot` and returns the image. A missing Graphviz is a usage error that says
/// how to install it.
pub fn render(dot: &str, format: Render, program: &str) -> Result<Vec<u8>> {
    let flag = match format {
        Render::Svg => "-Tsvg",
        Render::Png => "-Tpng",
    };
    let mut child = Command::new(program)
        .arg(flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Usage(format!(
                    "--render needs Graphviz, but `{program}` was not found: install it (`apt-get install graphviz` \
                     on Debian/Ubuntu, `brew install graphviz` on macOS) or write DOT with --format dot and render it elsewhere."
                ))
            } else {
                Error::io(program, e)
            }
        })?;
    // Feed stdin from a thread: dot may fill its stdout pipe before it has read all input.
    let mut stdin = child.stdin.take().ok_or_else(|| Error::io(program, "no standard input"))?;
    let text = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().map_err(|e| Error::io(program, e))?;
    let fed = feeder.join().map_err(|_| Error::io(program, "the thread writing to Graphviz failed"))?;
    if !output.status.success() {
        let msg = String::from_utf8_lossy(&output.stderr);
        let first = msg.lines().next().unwrap_or("no message").trim().to_string();
        return Err(Error::Usage(format!("Graphviz `{program}` failed ({}): {first}", output.status)));
    }
    fed.map_err(|e| Error::io(program, e))?;
    Ok(output.stdout)
}

/// `newskg graph`: builds the graph from `store` and writes what `args` asks for to `out`
/// (or to `--out FILE`).
pub fn run(args: &GraphArgs, store: &oxigraph::store::Store, out: &mut dyn Write) -> Result<()> {
    if args.render.is_some() && args.format != Format::Dot {
        return Err(Error::Usage("--render draws the DOT diagram; leave out --format or use --format dot.".into()));
    }
    if args.render.is_some() && args.stats {
        return Err(Error::Usage("--stats prints a table, it cannot be rendered; leave out --render.".into()));
    }
    let graph = CallGraph::from_store(store, &args.options())?;
    let bytes: Vec<u8> = if args.stats {
        let stats = graph.stats();
        match args.format {
            Format::Json => format!("{}\n", serde_json::to_string_pretty(&stats.to_json())?).into_bytes(),
            Format::Dot | Format::Graphml => stats.to_table().into_bytes(),
        }
    } else {
        match (args.render, args.format) {
            (Some(r), _) => render(&graph.to_dot(), r, &args.graphviz)?,
            (None, Format::Dot) => graph.to_dot().into_bytes(),
            (None, Format::Json) => format!("{}\n", serde_json::to_string_pretty(&graph.to_json())?).into_bytes(),
            (None, Format::Graphml) => graph.to_graphml().into_bytes(),
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| Error::io(path.display(), e)),
        None => out.write_all(&bytes).and_then(|_| out.flush()).map_err(|e| Error::io("standard output", e)),
    }
}
