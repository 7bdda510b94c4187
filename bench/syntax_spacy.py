#!/usr/bin/env python3
"""Runs a spaCy pipeline on the words of a CoNLL-U file (gold tokenization) and writes CoNLL-U
with columns 3-9 replaced, as `newskg parse --conllu` does. Prints words per CPU second of the
pipeline (process CPU time, all threads; model loading and file reading excluded) on stderr as
`words_per_second N`."""

import sys
import time


def read_blocks(path):
    blocks, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    blocks.append(cur)
                    cur = []
                continue
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


def is_word(cols):
    return len(cols) == 10 and cols[0].isdigit()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: syntax_spacy.py MODEL GOLD.conllu OUT.conllu")
    model, gold, out_path = sys.argv[1:]
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model)
    blocks = read_blocks(gold)
    docs = []
    for b in blocks:
        words, spaces = [], []
        for line in b:
            cols = line.split("\t")
            if is_word(cols):
                words.append(cols[1])
                spaces.append("SpaceAfter=No" not in cols[9])
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
    n = sum(len(d) for d in docs)
    start = time.process_time()
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs, batch_size=256))
    elapsed = time.process_time() - start
    with open(out_path, "w", encoding="utf-8") as out:
        for b, doc in zip(blocks, docs):
            i = 0
            for line in b:
                cols = line.split("\t")
                if len(cols) == 10 and "." in cols[0]:
                    continue  # empty nodes, as newskg drops them
                if is_word(cols):
                    t = doc[i]
                    i += 1
                    head = 0 if t.head.i == t.i else t.head.i + 1
                    dep = "root" if head == 0 else (t.dep_.lower() or "dep")
                    feats = str(t.morph) or "_"
                    cols[2:9] = [t.lemma_ or "_", t.pos_ or "X", "_", feats, str(head), dep, "_"]
                    line = "\t".join(cols)
                out.write(line + "\n")
            out.write("\n")
    print(f"words_per_second {n / elapsed:.0f}", file=sys.stderr)


if __name__ == "__main__":
    main()
