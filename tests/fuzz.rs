//! A seeded mutation harness over the whole pipeline: text, HTML and JSON Lines inputs are
//! mutated (bit flips, inserted fragments that stress the readers — entities, multibyte
//! letters, quotes, tags, NUL, BOMs —, cuts, repeats, splices) and each mutant goes from bytes
//! to documents, facts, quads and JSON records, asserting that nothing panics.
//!
//! `cargo test` runs a small budget; `bench/fuzz.sh` runs a long one:
//! `NEWSKG_FUZZ_CASES=100000 NEWSKG_FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture`.
//! A failing case is written to `$TMPDIR/newskg-fuzz-crash-<seed>-<case>.<ext>` to replay.

use newskg::document::{read_bytes, Item};
use newskg::extract::default_extractors;
use newskg::lexicon::Knowledge;
use newskg::vocab::Iris;

/// splitmix64: small, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Our own seed inputs (not from any evaluation text).
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let text = "date 2021-03-04\nLa France a exhorté la Turquie et la Grèce à reprendre le dialogue, a déclaré jeudi le ministre.\n\n« Nous appelons au calme », a dit M. Dupont, qui a rencontré son homologue il y a trois jours à Berlin.\nThe Canadian minister urged Japan to resume talks on Monday.\n";
    let html = "<html><head><title>Appel</title><script>var a='<p>';</script></head><body><nav>Menu</nav><article><h1>Berlin appelle Rome</h1><p>M.&nbsp;Çavuşoğlu a appelé l&#8217;Iran &amp; la Chine à un cessez-le-feu &laquo;immédiat&raquo;.</p><!-- note --><p>Le Premier ministre s&apos;est entretenu avec son homologue.</p></article></body></html>";
    let jsonl = concat!(
        "{\"id\":\"a1\",\"text\":\"Madrid a exhorté le Brésil à cesser les hostilités.\",\"date\":\"2020-10-05\",\"lang\":\"fr\"}\n",
        "{\"id\":2,\"title\":\"Talks\",\"text\":\"Ottawa urged China to release the detainees.\\nThe ministers talked by phone.\"}\n",
        "{\"id\":\"a3\",\"text\":\"Rome a appelé Athènes au dialogue il y a 12 jours.\",\"url\":\"http://example.org/x\"}\n"
    );
    vec![("seed.txt", text.as_bytes().to_vec()), ("seed.html", html.as_bytes().to_vec()), ("seed.jsonl", jsonl.as_bytes().to_vec())]
}

const FRAGMENTS: &[&str] = &[
    "&nbsp;", "&", "&#", "&#x1F600;", "&#99999999;", "&amp", ";", "<", ">", "</p>", "<p>", "<script>", "<!--", "-->", "<br/>",
    "Ç", "ş", "ğ", "é", "’", "«", "»", "“", "”", "\"", "'", "\\", "\\u00e9", "\\ud800", "{", "}", "[", "]", ":", ",", "\n", "\r",
    "\r\n", "\t", "\0", "\u{feff}", "\u{200b}", "\u{301}", "\u{10FFFF}", "😀", "北京", "Москва", ". ", "M. ", "il y a 4000000000 jours",
    "le 31 février", "2021-02-30", "a exhorté", "à reprendre", "appelle", "urged", "Berlin", "la France", "et", "-", "—", "...",
    "\"id\":", "\"text\":", "null", "0", "-1", "1e400", " ", "  ", "date ", "lang: ru ",
];

fn mutate(rng: &mut Rng, input: &[u8], pool: &[(&'static str, Vec<u8>)]) -> Vec<u8> {
    let mut v = input.to_vec();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let at = rng.below(v.len() + 1);
        match rng.below(9) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 | 3 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                v.splice(at..at, f.iter().copied());
            }
            4 if !v.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(v.len());
                v.drain(at.min(end)..end);
            }
            5 => v.truncate(at),
            6 if !v.is_empty() => {
                // Repeat a range many times: long lines, entity-dense text.
                let end = (at + 1 + rng.below(40)).min(v.len());
                let piece: Vec<u8> = v[at.min(end)..end].to_vec();
                let times = 1 + rng.below(200);
                for _ in 0..times {
                    v.splice(at..at, piece.iter().copied());
                }
            }
            7 => {
                let (_, other) = &pool[rng.below(pool.len())];
                let s = rng.below(other.len() + 1);
                let e = (s + rng.below(200)).min(other.len());
                v.splice(at..at, other[s..e].iter().copied());
            }
            _ => {
                // A multibyte letter cut in two, or a stray continuation byte.
                let bytes: &[u8] = [&[0xC3][..], &[0xA9], &[0xE2, 0x80], &[0xF0, 0x9F, 0x98], &[0xFF, 0xFE], &[0xFE, 0xFF]][rng.below(6)];
                v.splice(at..at, bytes.iter().copied());
            }
        }
    }
    v
}

/// One execution: bytes → documents → facts → quads and records.
fn execute(name: &str, bytes: Vec<u8>, k: &Knowledge, iris: &Iris) -> usize {
    let extractors = default_extractors();
    let mut docs = 0;
    for item in read_bytes(name, bytes) {
        if let Item::Doc(d) = item {
            let p = newskg::process(&d, k, &extractors);
            let quads = newskg::rdf::document_quads(&p, iris, k);
            let mut sink = Vec::new();
            newskg::records::write_lines(&mut sink, &p, iris).expect("records serialise");
            for line in sink.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                serde_json::from_slice::<serde_json::Value>(line).expect("each record is JSON");
            }
            assert!(quads.iter().all(|q| !q.graph_name.is_default_graph()), "every quad in a named graph");
            docs += 1;
        }
    }
    docs
}

#[test]
fn mutated_inputs_never_panic() {
    let cases: usize = std::env::var("NEWSKG_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let seed: u64 = std::env::var("NEWSKG_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(11);
    let k = Knowledge::builtin().expect("built-in knowledge loads");
    let iris = Iris::new(newskg::vocab::NKR_DEFAULT);
    let pool = seeds();
    let mut rng = Rng(seed);
    let started = std::time::Instant::now();
    let (mut crashes, mut docs, mut bytes) = (Vec::new(), 0usize, 0usize);
    // Quiet the default hook: the harness reports crashes itself.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for case in 0..cases {
        let (name, base) = &pool[case % pool.len()];
        let mutant = mutate(&mut rng, base, &pool);
        bytes += mutant.len();
        let input = mutant.clone();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| execute(name, input, &k, &iris))) {
            Ok(n) => docs += n,
            Err(e) => {
                let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                let ext = name.rsplit('.').next().unwrap_or("txt");
                let path = std::env::temp_dir().join(format!("newskg-fuzz-crash-{seed}-{case}.{ext}"));
                let _ = std::fs::write(&path, &mutant);
                crashes.push(format!("case {case} ({}): {msg}", path.display()));
            }
        }
    }
    std::panic::set_hook(hook);
    eprintln!(
        "fuzz: seed {seed}, {cases} cases, {cases} executions, {docs} documents, {:.1} MB, {} crashes, {:.1} s",
        bytes as f64 / 1e6,
        crashes.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(crashes.is_empty(), "{} of {cases} mutants panicked:\n{}", crashes.len(), crashes.join("\n"));
}
