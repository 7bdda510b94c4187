#!/usr/bin/env python3
"""Runs CaRB's own scorer (carb.py of CARB_DIR, unmodified) on today's Python stack.

  carb_score.py CARB_DIR GOLD.tsv SYSTEM.tsv CURVE_OUT

carb.py was written for 2018 libraries; three imports no longer resolve, and none of them takes
part in the default (binary lenient) match that carb.py uses:
  - `sklearn.preprocessing.data` (moved to `sklearn.preprocessing`): aliased;
  - `ipdb` (a debugger, never called): aliased to the standard `pdb`;
  - NLTK's English stopword corpus (read into `Matcher.stopwords` at import; only the optional
    stopword-ignoring matchers read it): when the corpus is not installed, an empty list stands in,
    so nothing is downloaded.
Then carb.py runs as `__main__` with `--gold --out --tabbed` and prints its own AUC and
optimal (precision, recall, F1) line.
"""
import os
import runpy
import sys
import types


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    carb_dir, gold, system, curve = argv[1:]
    if not os.path.isfile(os.path.join(carb_dir, "carb.py")):
        print("carb_score.py: %s has no carb.py (CARB_DIR must be the unpacked CaRB repository)" % carb_dir, file=sys.stderr)
        return 2
    import sklearn.preprocessing
    import pdb
    sys.modules.setdefault("sklearn.preprocessing.data", sklearn.preprocessing)
    sys.modules.setdefault("ipdb", pdb)
    try:
        from nltk.corpus import stopwords
        stopwords.words("english")
    except LookupError:
        import nltk.corpus
        nltk.corpus.stopwords = types.SimpleNamespace(words=lambda lang: [])
    sys.path.insert(0, carb_dir)
    sys.argv = ["carb.py", "--gold=" + gold, "--out=" + curve, "--tabbed=" + system]
    runpy.run_path(os.path.join(carb_dir, "carb.py"), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
