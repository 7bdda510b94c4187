#!/usr/bin/env python3
"""Tests of bench/gen_corpus.py: size, determinism, prefix property, file shapes. Standard library only.

    python3 bench/test_gen_corpus.py
"""

import filecmp
import json
import os
import re
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402


def txt_files(root):
    out = []
    for d, _, fs in os.walk(root):
        out += [os.path.join(d, f) for f in fs if f.endswith(".txt")]
    return sorted(out)


def rel(root, paths):
    return [os.path.relpath(p, root) for p in paths]


class GenCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        cls.a = os.path.join(t, "a")
        cls.b = os.path.join(t, "b")
        cls.c = os.path.join(t, "c")
        cls.half = os.path.join(t, "half")
        cls.j = os.path.join(t, "j")
        cls.sa = gen_corpus.generate(cls.a, 1.5, 11, False)
        cls.sb = gen_corpus.generate(cls.b, 1.5, 11, False)
        cls.sc = gen_corpus.generate(cls.c, 1.5, 12, False)
        cls.sh = gen_corpus.generate(cls.half, 0.75, 11, False)
        cls.sj = gen_corpus.generate(cls.j, 1.5, 11, True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_size_reaches_target_without_overshooting_by_more_than_one_document(self):
        on_disk = sum(os.path.getsize(p) for p in txt_files(self.a))
        self.assertEqual(on_disk, self.sa["text_bytes"])
        self.assertGreaterEqual(on_disk, 1_500_000)
        self.assertLess(on_disk, 1_500_000 + 6_000)

    def test_documents_are_about_three_kilobytes(self):
        sizes = [os.path.getsize(p) for p in txt_files(self.a)]
        mean = sum(sizes) / len(sizes)
        self.assertTrue(2500 <= mean <= 4000, mean)
        self.assertLess(max(sizes), 6000)

    def test_same_seed_gives_identical_bytes(self):
        fa, fb = txt_files(self.a), txt_files(self.b)
        self.assertEqual(rel(self.a, fa), rel(self.b, fb))
        match, mismatch, errors = filecmp.cmpfiles(self.a, self.b, rel(self.a, fa), shallow=False)
        self.assertEqual((mismatch, errors), ([], []))

    def test_other_seed_gives_other_text(self):
        fa, fc = txt_files(self.a), txt_files(self.c)
        with open(fa[0], "rb") as x, open(fc[0], "rb") as y:
            self.assertNotEqual(x.read(), y.read())

    def test_smaller_corpus_is_a_prefix_of_larger_one(self):
        fh = rel(self.half, txt_files(self.half))
        self.assertLess(len(fh), len(txt_files(self.a)))
        match, mismatch, errors = filecmp.cmpfiles(self.half, self.a, fh, shallow=False)
        self.assertEqual(len(match), len(fh))

    def test_txt_shape_metadata_headline_blank_line(self):
        langs = set()
        meta_kinds = set()
        for p in txt_files(self.a):
            with open(p, encoding="utf-8") as f:
                lines = f.read().split("\n")
            if lines[0].startswith(" date "):
                self.assertRegex(lines[0], r"^ date \d{4}-\d{2}(-\d{2})?$")
                meta_kinds.add(len(lines[0]))
                lines = lines[1:]
            else:
                meta_kinds.add(0)
            headline = lines[0]
            self.assertTrue(headline and not headline.endswith("."), p)
            self.assertEqual(lines[1], "", p)
            self.assertTrue(lines[2], p)
            langs.add(p[-6:-4])
        self.assertEqual(langs, {"fr", "en"})
        self.assertEqual(len(meta_kinds), 3)  # full date, month only, none

    def test_jsonl_records(self):
        path = os.path.join(self.j, "corpus.jsonl")
        n = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                self.assertTrue({"id", "title", "text", "lang", "url"} <= set(rec))
                self.assertLessEqual(set(rec), {"id", "title", "text", "lang", "url", "date"})
                self.assertIn(rec["lang"], ("fr", "en"))
                n += 1
        self.assertEqual(n, self.sj["docs"])
        self.assertEqual(self.sj["docs"], self.sa["docs"])  # same seed, same documents

    def test_french_contractions_are_applied(self):
        parts = []
        for p in txt_files(self.a)[:200]:
            with open(p, encoding="utf-8") as f:
                parts.append(f.read())
        text = "".join(parts)
        for bad in (" à le ", " à les ", " de le ", " de les ", " de des ", "à Le Caire", " de un ", " de une "):
            self.assertNotIn(bad, text)
        self.assertRegex(text, r"a appelé .* à \w+")
        self.assertIn("s'est entretenu", text)

    def test_enough_templates(self):
        g = gen_corpus.Gen(gen_corpus.random.Random(1))
        a, b, m = gen_corpus.COUNTRIES[:3]
        ctx = {"a": a, "b": b, "m": m, "org": gen_corpus.ORGS[0],
               "pm": g.person(m), "pa": g.person(a), "pb": g.person(b)}
        self.assertGreaterEqual(len(g.fr_sentences(ctx)) + len(g.en_sentences(ctx)), 40)

    def test_cli_refuses_non_empty_output(self):
        self.assertEqual(gen_corpus.main(["--out", self.a, "--mb", "0.01"]), 2)
        self.assertEqual(gen_corpus.main(["--out", os.path.join(self.tmp.name, "z"), "--mb", "0"]), 2)


if __name__ == "__main__":
    unittest.main()
