#!/usr/bin/env python3
"""Tests of bench/gen_corpus.py: size, determinism, prefix property, file shapes, both mixes (news, the
default, and dense), the dense output unchanged from the first version, the share of event sentences of
the news mix, and background sentences free of appeal and contact triggers. Standard library only.

    python3 bench/test_gen_corpus.py
"""

import filecmp
import hashlib
import io
import json
import os
import random
import re
import sys
import tempfile
import unicodedata
import unittest
from contextlib import redirect_stdout

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


def tree_sha256(root):
    """SHA-256 over every file under root, in sorted order of relative path: path, NUL, bytes, NUL."""
    h = hashlib.sha256()
    paths = []
    for d, _, fs in os.walk(root):
        paths += [os.path.join(d, f) for f in fs]
    for p in sorted(paths):
        h.update(os.path.relpath(p, root).replace(os.sep, "/").encode() + b"\0")
        with open(p, "rb") as f:
            h.update(f.read())
        h.update(b"\0")
    return h.hexdigest()


# Output of the generator before --mix existed (dense is that behaviour), for --mb 0.05 --seed 7:
# 17 documents, 52,702 bytes. Computed with the unmodified script and tree_sha256 above.
DENSE_SEED7_TXT_SHA256 = "4b7aba19e85cf5abdd0e3c840abe631820184b71ac278350d2e57ae4390a71d9"
DENSE_SEED7_JSONL_SHA256 = "0ac78506c7f3c2d4b9b027f982fc5a9677f46323b0e58d45561533eec2689d47"


def fold(text):
    """Lower case, accents removed, typographic apostrophes made straight: the extractors match folded text."""
    text = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# Appeal and contact triggers of ontology/lexicon/{fr,en}.json (verbs, nouns, deontic phrases), which must
# not occur in background sentences. French: word prefixes, as the lexicon's `*` forms; English: words.
FR_TRIGGERS = re.compile(
    r"\b(appel|appell|exhort|invit|demand|press|enjoi|plaid|reclam|pron|exig|implor|suppli|conjur|encourag"
    r"|preconis|recommand|mobilis|engag|entreten|entretien|entretin|rencontr|reuni|telephon|discut|convers"
    r"|echang|accueil|recev|visit|consultation|pourparler|sommet|entrevue|negoci|tete-a-tete|coup de fil)"
    r"|\b(recu|recoit|recoivent|rend|rendu|rendus|rendue|rendra|rendront|doit|doivent|devrait|devraient"
    r"|il faut|il faudrait|il convient|il importe|il est temps)\b")
EN_TRIGGERS = re.compile(
    r"\b(call|calls|called|calling|urge|urges|urged|urging|ask|asks|asked|asking|press|presses|pressed"
    r"|pressing|appeal\w*|demand\w*|plead\w*|pled|implor\w*|beseech|besought|exhort\w*|encourag\w*"
    r"|invit\w*|advocat\w*|champion\w*|spoke|speak\w*|talk\w*|met|meet\w*|phone\w*|telephon\w*|rang"
    r"|host|hosts|hosted|hosting|received|receives|welcomed|welcomes|visit\w*|conferred|consulted"
    r"|negotiat\w*|consultations?|conversations?|discuss\w*|summit\w*|plea|pleas|must|should|needs? to"
    r"|it is time)\b")


def rendered_background(n_contexts=300, seed=5):
    """Every background template rendered in n_contexts random contexts: {"fr": [...], "en": [...]}."""
    g = gen_corpus.Gen(random.Random(seed))
    out = {"fr": [], "en": []}
    for _ in range(n_contexts):
        a, b, m = g.r.sample(gen_corpus.COUNTRIES, 3)
        ctx = {"a": a, "b": b, "m": m, "org": g.r.choice(gen_corpus.ORGS),
               "pm": g.person(m), "pa": g.person(a), "pb": g.person(b)}
        out["fr"] += [t() for t in g.fr_background(ctx)]
        out["en"] += [t() for t in g.en_background(ctx)]
    return out


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
        # The same corpora in the dense mix.
        cls.da = os.path.join(t, "da")
        cls.db = os.path.join(t, "db")
        cls.dhalf = os.path.join(t, "dhalf")
        cls.sda = gen_corpus.generate(cls.da, 1.5, 11, False, mix="dense")
        cls.sdb = gen_corpus.generate(cls.db, 1.5, 11, False, mix="dense")
        cls.sdh = gen_corpus.generate(cls.dhalf, 0.75, 11, False, mix="dense")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_size_reaches_target_without_overshooting_by_more_than_one_document(self):
        for root, summary in ((self.a, self.sa), (self.da, self.sda)):
            with self.subTest(mix=summary["mix"]):
                on_disk = sum(os.path.getsize(p) for p in txt_files(root))
                self.assertEqual(on_disk, summary["text_bytes"])
                self.assertGreaterEqual(on_disk, 1_500_000)
                self.assertLess(on_disk, 1_500_000 + 6_000)

    def test_documents_are_about_three_kilobytes(self):
        for root in (self.a, self.da):
            with self.subTest(root=os.path.basename(root)):
                sizes = [os.path.getsize(p) for p in txt_files(root)]
                mean = sum(sizes) / len(sizes)
                self.assertTrue(2500 <= mean <= 4000, mean)
                self.assertLess(max(sizes), 6000)

    def test_same_seed_gives_identical_bytes(self):
        for x, y in ((self.a, self.b), (self.da, self.db)):
            with self.subTest(root=os.path.basename(x)):
                fx, fy = txt_files(x), txt_files(y)
                self.assertEqual(rel(x, fx), rel(y, fy))
                match, mismatch, errors = filecmp.cmpfiles(x, y, rel(x, fx), shallow=False)
                self.assertEqual((mismatch, errors), ([], []))

    def test_other_seed_gives_other_text(self):
        fa, fc = txt_files(self.a), txt_files(self.c)
        with open(fa[0], "rb") as x, open(fc[0], "rb") as y:
            self.assertNotEqual(x.read(), y.read())

    def test_smaller_corpus_is_a_prefix_of_larger_one(self):
        for half, full in ((self.half, self.a), (self.dhalf, self.da)):
            with self.subTest(root=os.path.basename(full)):
                fh = rel(half, txt_files(half))
                self.assertLess(len(fh), len(txt_files(full)))
                match, mismatch, errors = filecmp.cmpfiles(half, full, fh, shallow=False)
                self.assertEqual(len(match), len(fh))
                # The first len(fh) documents of the full corpus are exactly those of the half corpus.
                self.assertEqual(fh, rel(full, txt_files(full))[:len(fh)])

    def test_default_mix_is_news_and_recorded(self):
        self.assertEqual(self.sa["mix"], "news")
        self.assertEqual(self.sda["mix"], "dense")
        out = os.path.join(self.tmp.name, "cli-default")
        manifest = os.path.join(self.tmp.name, "cli-default.manifest.json")
        with redirect_stdout(io.StringIO()):
            self.assertEqual(gen_corpus.main(["--out", out, "--mb", "0.02", "--seed", "11", "--manifest", manifest]), 0)
        with open(manifest, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["mix"], "news")
        # The first documents of the CLI default are those of generate(..., 11, ...) in the news mix.
        names = rel(out, txt_files(out))
        match, mismatch, errors = filecmp.cmpfiles(out, self.a, names, shallow=False)
        self.assertEqual(len(match), len(names))

    def test_mixes_differ(self):
        fa, fd = txt_files(self.a), txt_files(self.da)
        with open(fa[0], "rb") as x, open(fd[0], "rb") as y:
            self.assertNotEqual(x.read(), y.read())

    def test_dense_mix_is_byte_for_byte_the_original_generator(self):
        for jsonl, expected in ((False, DENSE_SEED7_TXT_SHA256), (True, DENSE_SEED7_JSONL_SHA256)):
            with self.subTest(jsonl=jsonl):
                out = os.path.join(self.tmp.name, f"dense-seed7-{int(jsonl)}")
                argv = ["--out", out, "--mb", "0.05", "--seed", "7", "--mix", "dense"] + (["--jsonl"] if jsonl else [])
                with redirect_stdout(io.StringIO()):
                    self.assertEqual(gen_corpus.main(argv), 0)
                self.assertEqual(tree_sha256(out), expected)

    def test_event_share_of_each_mix(self):
        # news: calibrated on real French articles (~28 % of sentences carry an appeal or contact).
        self.assertTrue(0.25 <= self.sa["event_share"] <= 0.35, self.sa)
        # dense: the worst case, most sentences are appeals or contacts.
        self.assertGreater(self.sda["event_share"], 0.55, self.sda)
        for summ in (self.sa, self.sda):
            self.assertEqual(summ["event_share"], round(summ["event_sentences"] / summ["body_sentences"], 3))

    def test_background_pool_size(self):
        g = gen_corpus.Gen(random.Random(1))
        a, b, m = gen_corpus.COUNTRIES[:3]
        ctx = {"a": a, "b": b, "m": m, "org": gen_corpus.ORGS[0],
               "pm": g.person(m), "pa": g.person(a), "pb": g.person(b)}
        self.assertGreaterEqual(len(g.fr_background(ctx)), 20)
        self.assertGreaterEqual(len(g.en_background(ctx)), 15)

    def test_background_sentences_carry_no_trigger(self):
        rendered = rendered_background()
        for lang, pattern in (("fr", FR_TRIGGERS), ("en", EN_TRIGGERS)):
            for sentence in rendered[lang]:
                m = pattern.search(fold(sentence))
                self.assertIsNone(m, f"{lang} background sentence with trigger {m and m.group(0)!r}: {sentence}")
        # The patterns do catch the triggers of the event templates.
        self.assertTrue(FR_TRIGGERS.search(fold("Il s'est entretenu par téléphone avec son homologue.")))
        self.assertTrue(FR_TRIGGERS.search(fold("Paris exhorte les deux parties à cesser le feu.")))
        self.assertTrue(EN_TRIGGERS.search(fold("Paris urged both sides to show restraint.")))
        self.assertTrue(EN_TRIGGERS.search(fold("He met his counterpart on Monday.")))

    def test_background_sentences_shape(self):
        rendered = rendered_background()
        for lang in ("fr", "en"):
            sizes = [len(x.encode("utf-8")) for x in rendered[lang]]
            self.assertGreaterEqual(min(sizes), 70, lang)
            self.assertLessEqual(max(sizes), 260, lang)
            self.assertTrue(100 <= sum(sizes) / len(sizes) <= 170, lang)
            for x in rendered[lang]:
                self.assertTrue(x[0].isupper() or x[0] in "«\"", x)
                self.assertIn(x[-1], ".»\"", x)
        bad = re.compile(r" à (le|les) | de (le|les|des|un|une) |à Le Caire| de Le | de [AEIOUÉ]\w|  ")
        for x in set(rendered["fr"]):
            self.assertIsNone(bad.search(x), x)

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
        for root in (self.a, self.da):
            with self.subTest(root=os.path.basename(root)):
                parts = []
                for p in txt_files(root)[:200]:
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
        with self.assertRaises(SystemExit):  # argparse refuses an unknown mix
            with redirect_stdout(io.StringIO()), open(os.devnull, "w") as devnull:
                sys.stderr, saved = devnull, sys.stderr
                try:
                    gen_corpus.main(["--out", os.path.join(self.tmp.name, "y"), "--mix", "sparse"])
                finally:
                    sys.stderr = saved


if __name__ == "__main__":
    unittest.main()
