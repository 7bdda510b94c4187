#!/usr/bin/env python3
"""Bridges newskg and the CaRB benchmark (bench/carb.sh runs it; nothing here scores).

  carb_convert.py jsonl SENTENCES LANG > docs.jsonl
      one newskg input article per benchmark sentence (id carb-00001, …), so that every
      sentence is its own document and no sentence of one can bleed into another.
  carb_convert.py tabbed SENTENCES EXTRACT_JSONL > system.tsv
      newskg's triple records → CaRB's tabbed system format, one line per extraction:
      sentence, confidence, relation, arg1, arg2, … (the sentence exactly as in SENTENCES).

Triple records carry surface texts (subject_text, predicate_text, object_text, arguments);
older records without them fall back to entity labels and the predicate lemma.
Prints to stderr how many sentences got no document sentence (dropped as boilerplate) and
how many got at least one extraction.
"""
import json
import sys


def read_sentences(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def doc_id(i):
    return "carb-%05d" % i


def to_jsonl(sentences, lang):
    out = sys.stdout
    for i, s in enumerate(sentences):
        out.write(json.dumps({"id": doc_id(i), "text": s, "lang": lang}, ensure_ascii=False) + "\n")


def labels(v):
    if isinstance(v, list):
        return " and ".join(e.get("label", "") for e in v if e.get("label"))
    return v or ""


def clean(t):
    # The tabbed format splits on tabs; CaRB compares whitespace-separated words.
    return " ".join((t or "").split())


def extraction(rec):
    subject = rec.get("subject_text") or labels(rec.get("subject"))
    predicate = rec.get("predicate_text") or rec.get("predicate") or ""
    args = [subject]
    obj = rec.get("object_text")
    if obj is None:
        obj = labels(rec.get("object"))
    args.append(obj or "")
    for a in rec.get("arguments") or []:
        args.append(a.get("text", "") if isinstance(a, dict) else a)
    args = [clean(a) for a in args]
    # Keep at least two argument slots (CaRB's matcher needs arg1 and arg2), drop empty extras.
    args = args[:2] + [a for a in args[2:] if a]
    return clean(predicate), args


def to_tabbed(sentences, extract_path):
    by_doc = {}
    docs_with_sentences = set()
    with open(extract_path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("type") == "document" and rec.get("sentences", 0) > 0:
                docs_with_sentences.add(rec["id"])
            if rec.get("type") != "triple":
                continue
            by_doc.setdefault(rec["doc"], []).append(rec)
    out = sys.stdout
    with_any = 0
    total = 0
    for i, s in enumerate(sentences):
        recs = by_doc.get(doc_id(i), [])
        seen = set()
        for rec in recs:
            pred, args = extraction(rec)
            if not pred or not args[0]:
                continue
            key = (pred, tuple(args))
            if key in seen:
                continue
            seen.add(key)
            conf = rec.get("confidence", 1.0)
            out.write("\t".join([s, "%.3f" % float(conf), pred] + args) + "\n")
            total += 1
        if seen:
            with_any += 1
    dropped = sum(1 for i in range(len(sentences)) if doc_id(i) not in docs_with_sentences)
    print("carb_convert: %d sentences, %d dropped before extraction, %d with an extraction, %d extractions"
          % (len(sentences), dropped, with_any, total), file=sys.stderr)


def main(argv):
    if len(argv) == 4 and argv[1] == "jsonl":
        to_jsonl(read_sentences(argv[2]), argv[3])
    elif len(argv) == 4 and argv[1] == "tabbed":
        to_tabbed(read_sentences(argv[2]), argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
