#!/usr/bin/env bash
# Scores newskg's statements with the CaRB Open IE benchmark's own scorer (carb.py).
#
#   CARB_DIR=/tmp/carb bench/carb.sh dev     # CaRB dev split (develop on this one)
#   CARB_DIR=/tmp/carb bench/carb.sh test    # CaRB test split (report this one)
#   CARB_DIR=/tmp/carb bench/carb.sh fr      # our own French set, bench/carb-fr/
#
# CARB_DIR is the unpacked public repository github.com/dair-iitd/CaRB (MIT licence); it is never
# copied into this repository, nor are its sentences or any output that contains them. Get it with
#   git clone https://github.com/dair-iitd/CaRB /tmp/carb
#
# Steps: (1) each benchmark sentence becomes one JSONL article (`carb_convert.py jsonl`), so no
# sentence is glued to another; (2) `newskg extract --format jsonl`; (3) the triple records become
# CaRB's tabbed system format (`carb_convert.py tabbed`); (4) CaRB's carb.py scores them against the
# gold file with its default binary lenient matcher (`carb_score.py` only makes its 2018 imports load);
# (5) prints P, R, F1 at the best confidence threshold, and the area under the PR curve.
#
# Environment:
#   NEWSKG_BIN   binary (default: $CARGO_TARGET_DIR/release/newskg)
#   CARB_WORK    where inputs and outputs go (default: ${TMPDIR:-/tmp}/newskg-carb/<split>)
#   PYTHON       a Python 3 with numpy, scikit-learn, nltk and docopt; when absent, a virtual
#                environment is made once in ${TMPDIR:-/tmp}/newskg-carb-venv with pip
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "bench/carb.sh: $*" >&2; exit 1; }

split="${1:-dev}"
target_dir="${CARGO_TARGET_DIR:-/root/.cache/newskg-target}"
bin="${NEWSKG_BIN:-$target_dir/release/newskg}"
[ -x "$bin" ] || die "no newskg binary at $bin (cargo build --release, or set NEWSKG_BIN)."
[ -n "${CARB_DIR:-}" ] || die "set CARB_DIR to the unpacked CaRB repository (git clone https://github.com/dair-iitd/CaRB)."
[ -f "$CARB_DIR/carb.py" ] || die "$CARB_DIR has no carb.py: CARB_DIR must be the unpacked CaRB repository."

case "$split" in
  dev|test)
    sentences="$CARB_DIR/data/$split.txt"; gold="$CARB_DIR/data/gold/$split.tsv"; lang=en ;;
  fr)
    sentences="$here/carb-fr/sentences.txt"; gold="$here/carb-fr/gold.tsv"; lang=fr ;;
  *) die "the split must be dev, test or fr, not '$split'." ;;
esac
[ -f "$sentences" ] || die "missing $sentences."
[ -f "$gold" ] || die "missing $gold."

py="${PYTHON:-}"
if [ -z "$py" ]; then
  if python3 -c 'import numpy, sklearn, nltk, docopt' 2>/dev/null; then
    py=python3
  else
    venv="${TMPDIR:-/tmp}/newskg-carb-venv"
    if ! "$venv/bin/python" -c 'import numpy, sklearn, nltk, docopt' 2>/dev/null; then
      echo "bench/carb.sh: making a Python environment for carb.py in $venv" >&2
      python3 -m venv "$venv"
      "$venv/bin/pip" install -q docopt numpy scikit-learn nltk
    fi
    py="$venv/bin/python"
  fi
fi

work="${CARB_WORK:-${TMPDIR:-/tmp}/newskg-carb/$split}"
mkdir -p "$work"
"$py" "$here/carb_convert.py" jsonl "$sentences" "$lang" > "$work/docs.jsonl"
start=$(date +%s.%N)
"$bin" extract --format jsonl "$work/docs.jsonl" > "$work/extract.jsonl"
end=$(date +%s.%N)
"$py" "$here/carb_convert.py" tabbed "$sentences" "$work/extract.jsonl" > "$work/system.tsv"
"$py" "$here/carb_score.py" "$CARB_DIR" "$gold" "$work/system.tsv" "$work/curve.dat" 2>"$work/carb.log" > "$work/carb.out" \
  || { cat "$work/carb.log" >&2; die "carb.py failed (log above)."; }
cat "$work/carb.out"
# carb.py prints: AUC: a<TAB> Optimal (precision, recall, F1): [p r f]
"$py" - "$work/carb.out" "$split" "$start" "$end" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"AUC:\s*([0-9.]+).*?\[\s*([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s*\]", text, re.S)
if not m:
    sys.exit("bench/carb.sh: could not read carb.py's result line")
auc, p, r, f = (float(x) for x in m.groups())
secs = float(sys.argv[4]) - float(sys.argv[3])
print("CaRB %-4s  P %.3f  R %.3f  F1 %.3f  AUC %.3f  (extract %.1f s)" % (sys.argv[2], p, r, f, auc, secs))
PY
