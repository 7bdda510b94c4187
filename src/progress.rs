//! Progress of a long run (`build`): on a terminal, indicatif's bar with the bytes read out of
//! the total and an estimate of the time left; when standard error is not a terminal (a log
//! file, a CI job, a cluster's task output), one plain line every few seconds instead, so the
//! log shows the run is alive and how far it is.
//!
//! Progress is counted in input bytes (`DocumentStream::bytes_read`), the one measure known
//! before reading: directories are listed up front, while the number of articles in a JSON
//! Lines file is not. Standard input has no total: the bar becomes a counter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// Seconds between two plain lines, unless `NEWSKG_PROGRESS_EVERY` says otherwise.
pub const PLAIN_EVERY_SECS: f64 = 5.0;

enum Shown {
    Bar(ProgressBar),
    Plain { every: Duration, last: Instant },
    Nothing,
}

pub struct Progress {
    shown: Shown,
    total: Option<u64>,
    read: Arc<AtomicU64>,
    started: Instant,
}

impl Progress {
    /// Progress over `total` input bytes (None: unknown), read from `read`; `terminal` says
    /// whether standard error is a terminal, `quiet` turns everything off.
    pub fn new(total: Option<u64>, read: Arc<AtomicU64>, terminal: bool, quiet: bool) -> Self {
        let shown = if quiet {
            Shown::Nothing
        } else if terminal {
            let bar = match total {
                Some(t) => {
                    let bar = ProgressBar::new(t);
                    if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {msg}, {eta} left") {
                        bar.set_style(style.progress_chars("=> "));
                    }
                    bar
                }
                None => {
                    let bar = ProgressBar::new_spinner();
                    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed_precise} {bytes} {msg}") {
                        bar.set_style(style);
                    }
                    bar
                }
            };
            bar.enable_steady_tick(Duration::from_millis(250));
            Shown::Bar(bar)
        } else {
            let every = std::env::var("NEWSKG_PROGRESS_EVERY")
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(PLAIN_EVERY_SECS);
            Shown::Plain { every: Duration::from_secs_f64(every), last: Instant::now() }
        };
        Progress { shown, total, read, started: Instant::now() }
    }

    /// Call after each document: `docs` documents done so far.
    pub fn update(&mut self, docs: usize) {
        let read = self.read.load(Ordering::Relaxed);
        match &mut self.shown {
            Shown::Bar(bar) => {
                bar.set_position(read);
                bar.set_message(format!("{docs} document{}", if docs == 1 { "" } else { "s" }));
            }
            Shown::Plain { every, last } => {
                if last.elapsed() >= *every {
                    *last = Instant::now();
                    eprintln!("newskg: progress: {}", plain_line(docs, read, self.total, self.started.elapsed()));
                }
            }
            Shown::Nothing => {}
        }
    }

    /// Removes the bar (the summary follows on standard output).
    pub fn finish(&self) {
        if let Shown::Bar(bar) = &self.shown {
            bar.finish_and_clear();
        }
    }
}

/// `1234 documents, 12.3 of 56.7 MB (22%), 40 s, about 2 min left` (without a total: `1234
/// documents, 12.3 MB, 40 s`).
pub fn plain_line(docs: usize, read: u64, total: Option<u64>, elapsed: Duration) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let mut s = format!("{docs} document{}, ", if docs == 1 { "" } else { "s" });
    match total {
        Some(t) if t > 0 => {
            let read = read.min(t);
            s.push_str(&format!("{:.1} of {:.1} MB ({}%), {}", mb(read), mb(t), read * 100 / t, duration(elapsed)));
            if read > 0 && read < t {
                let left = elapsed.as_secs_f64() * (t - read) as f64 / read as f64;
                s.push_str(&format!(", about {} left", duration(Duration::from_secs_f64(left))));
            }
        }
        _ => s.push_str(&format!("{:.1} MB, {}", mb(read), duration(elapsed))),
    }
    s
}

/// `40 s`, `12 min`, `2 h 5 min`.
fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64().round() as u64;
    if secs < 90 {
        format!("{secs} s")
    } else if secs < 90 * 60 {
        format!("{} min", (secs + 30) / 60)
    } else {
        format!("{} h {} min", secs / 3600, (secs % 3600 + 30) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_say_how_far_and_how_long() {
        assert_eq!(
            plain_line(1234, 12_300_000, Some(49_200_000), Duration::from_secs(40)),
            "1234 documents, 12.3 of 49.2 MB (25%), 40 s, about 2 min left"
        );
        assert_eq!(plain_line(1, 5_000_000, None, Duration::from_secs(3)), "1 document, 5.0 MB, 3 s");
        assert_eq!(plain_line(9, 10, Some(10), Duration::from_secs(7200)), "9 documents, 0.0 of 0.0 MB (100%), 2 h 0 min");
    }
}
