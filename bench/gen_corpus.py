#!/usr/bin/env python3
"""Generate a synthetic corpus of French and English diplomatic news articles for benchmarking newskg.

Every sentence comes from the templates below, which were written for this project. The people are
invented; the countries, capitals, organisations and demonyms are real, so that the gazetteer and the
extractors do real work. The output is deterministic for a given --seed: the same seed gives the same
bytes. A smaller corpus is a prefix of a larger one made with the same seed (document i is always the
same document).

Examples:
    python3 bench/gen_corpus.py --out /tmp/corpus --mb 60            # ~20,000 .txt files of ~3 KB
    python3 bench/gen_corpus.py --out /tmp/corpus-jsonl --mb 60 --jsonl   # one corpus.jsonl file
    python3 bench/gen_corpus.py --out /tmp/c --mb 5 --manifest /tmp/c.manifest.json

Standard library only (Python 3.8+).
"""

import argparse
import json
import os
import random
import sys

# --------------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------------

# iso3, French definite form, English name, French capital, English capital,
# French adjective (masc. sing., fem. sing., masc. plur.), English adjective.
COUNTRIES = [
    ("RUS", "la Russie", "Russia", "Moscou", "Moscow", "russe", "russe", "russes", "Russian"),
    ("ARM", "l'Arménie", "Armenia", "Erevan", "Yerevan", "arménien", "arménienne", "arméniens", "Armenian"),
    ("AZE", "l'Azerbaïdjan", "Azerbaijan", "Bakou", "Baku", "azerbaïdjanais", "azerbaïdjanaise", "azerbaïdjanais", "Azerbaijani"),
    ("TUR", "la Turquie", "Turkey", "Ankara", "Ankara", "turc", "turque", "turcs", "Turkish"),
    ("FRA", "la France", "France", "Paris", "Paris", "français", "française", "français", "French"),
    ("USA", "les États-Unis", "the United States", "Washington", "Washington", "américain", "américaine", "américains", "American"),
    ("UKR", "l'Ukraine", "Ukraine", "Kiev", "Kyiv", "ukrainien", "ukrainienne", "ukrainiens", "Ukrainian"),
    ("IRN", "l'Iran", "Iran", "Téhéran", "Tehran", "iranien", "iranienne", "iraniens", "Iranian"),
    ("GEO", "la Géorgie", "Georgia", "Tbilissi", "Tbilisi", "géorgien", "géorgienne", "géorgiens", "Georgian"),
    ("DEU", "l'Allemagne", "Germany", "Berlin", "Berlin", "allemand", "allemande", "allemands", "German"),
    ("CHN", "la Chine", "China", "Pékin", "Beijing", "chinois", "chinoise", "chinois", "Chinese"),
    ("QAT", "le Qatar", "Qatar", "Doha", "Doha", "qatarien", "qatarienne", "qatariens", "Qatari"),
    ("EGY", "l'Égypte", "Egypt", "Le Caire", "Cairo", "égyptien", "égyptienne", "égyptiens", "Egyptian"),
    ("ISR", "Israël", "Israel", "Jérusalem", "Jerusalem", "israélien", "israélienne", "israéliens", "Israeli"),
    ("KAZ", "le Kazakhstan", "Kazakhstan", "Astana", "Astana", "kazakh", "kazakhe", "kazakhs", "Kazakh"),
    ("BRA", "le Brésil", "Brazil", "Brasilia", "Brasília", "brésilien", "brésilienne", "brésiliens", "Brazilian"),
    ("IND", "l'Inde", "India", "New Delhi", "New Delhi", "indien", "indienne", "indiens", "Indian"),
    ("GBR", "le Royaume-Uni", "the United Kingdom", "Londres", "London", "britannique", "britannique", "britanniques", "British"),
    ("ITA", "l'Italie", "Italy", "Rome", "Rome", "italien", "italienne", "italiens", "Italian"),
    ("POL", "la Pologne", "Poland", "Varsovie", "Warsaw", "polonais", "polonaise", "polonais", "Polish"),
    ("SRB", "la Serbie", "Serbia", "Belgrade", "Belgrade", "serbe", "serbe", "serbes", "Serbian"),
    ("MDA", "la Moldavie", "Moldova", "Chisinau", "Chișinău", "moldave", "moldave", "moldaves", "Moldovan"),
]

# French label, English label.
ORGS = [
    ("l'ONU", "the UN"),
    ("l'Union européenne", "the European Union"),
    ("l'OSCE", "the OSCE"),
    ("la Ligue arabe", "the Arab League"),
    ("l'Union africaine", "the African Union"),
    ("le Conseil de sécurité de l'ONU", "the UN Security Council"),
    ("le Comité international de la Croix-Rouge", "the International Committee of the Red Cross"),
]

# Invented people: (first name, family name, gender).
GIVEN_M = ["Anton", "Karen", "Elchin", "Murat", "Julien", "Mark", "Oleh", "Reza", "Giorgi", "Jonas",
           "Wei", "Khalid", "Tarek", "Yossi", "Nurlan", "Paulo", "Arjun", "Oliver", "Marco", "Piotr",
           "Dragan", "Ion", "Pavel", "Levon", "Rashad"]
GIVEN_F = ["Irina", "Anahit", "Leyla", "Elif", "Claire", "Susan", "Olena", "Maryam", "Nino", "Katrin",
           "Mei", "Noura", "Dina", "Tamar", "Aigerim", "Ana", "Priya", "Emma", "Giulia", "Agata",
           "Milica", "Elena", "Vera", "Siranush", "Aysel"]
FAMILY = ["Berezin", "Sarkissov", "Guliyev", "Demirkan", "Morvan", "Hollister", "Kovalenko", "Rahimi",
          "Beridze", "Hartmann", "Zhang", "Al-Mansouri", "Fathy", "Ben-Ami", "Seitkali", "Moreira",
          "Rao", "Pemberton", "Ricci", "Nowicki", "Jovanović", "Rusu", "Orlov", "Hakobyan", "Mammadli",
          "Lindqvist", "Okafor", "Vasquez", "Dubois", "Kerimov"]

WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
REGIONS = ["la région frontalière", "la zone de contact", "le corridor de Latchine", "le nord du pays",
           "la vallée contestée", "les districts du sud"]
REGIONS_EN = ["the border region", "the contact zone", "the disputed valley", "the southern districts",
              "the north of the country", "the mountain passes"]

# --------------------------------------------------------------------------------------------------
# Demands: (key, French infinitive phrase, French noun phrase, English infinitive, English noun phrase)
# --------------------------------------------------------------------------------------------------

DEMANDS = [
    ("ceasefire", "cesser le feu", "un cessez-le-feu immédiat", "cease fire", "an immediate ceasefire"),
    ("ceasefire", "mettre fin aux hostilités", "la cessation des hostilités", "stop the fighting", "a halt to the fighting"),
    ("negotiations", "reprendre les négociations", "la reprise du dialogue", "return to the negotiating table", "the resumption of talks"),
    ("negotiations", "s'asseoir à la table des négociations", "des pourparlers de paix", "start peace talks", "direct negotiations"),
    ("de-escalation", "apaiser les tensions", "une désescalade", "ease tensions", "de-escalation"),
    ("restraint", "faire preuve de retenue", "la plus grande retenue", "show restraint", "maximum restraint"),
    ("end-violence", "mettre fin à l'effusion de sang", "l'arrêt des violences", "end the bloodshed", "an end to the violence"),
    ("civilian-protection", "protéger les civils", "la protection des populations civiles", "protect civilians", "the protection of civilians"),
    ("humanitarian-access", "garantir un accès humanitaire sans entrave", "l'ouverture d'un corridor humanitaire", "allow unhindered humanitarian access", "a humanitarian corridor"),
    ("withdrawal", "retirer leurs troupes", "le retrait des forces", "withdraw their troops", "the withdrawal of troops"),
    ("release", "libérer les prisonniers", "la libération des otages", "release the prisoners", "the release of hostages"),
    ("compliance", "respecter l'accord de cessez-le-feu", "le respect des engagements pris", "respect the ceasefire agreement", "full compliance with the agreement"),
    ("no-foreign-involvement", "empêcher l'implication de combattants étrangers", "le départ des mercenaires étrangers", "keep foreign fighters out", "the departure of foreign fighters"),
]


def a_fr(np):
    """French 'à' + noun phrase with contraction (à le -> au, à les -> aux)."""
    if np.startswith("le "):
        return "au " + np[3:]
    if np.startswith("les "):
        return "aux " + np[4:]
    if np.startswith("Le "):
        return "au " + np[3:]
    return "à " + np


def de_fr(np):
    """French 'de' + noun phrase with contraction and elision."""
    if np.startswith("le ") or np.startswith("Le "):
        return "du " + np[3:]
    if np.startswith("les "):
        return "des " + np[4:]
    if np.startswith("des "):
        return "de " + np[4:]
    if np[:1] in "AEIOUÉÈaeiouéèhH" and not np.startswith("la ") and not np.startswith("l'"):
        return "d'" + np
    return "de " + np


def cap(s):
    return s[:1].upper() + s[1:] if s else s


class Person:
    def __init__(self, given, family, female, country):
        self.given, self.family, self.female, self.country = given, family, female, country

    @property
    def full(self):
        return f"{self.given} {self.family}"


class Gen:
    """One article generator; all randomness flows from one random.Random."""

    def __init__(self, rng):
        self.r = rng

    # ---- actor phrases ------------------------------------------------------------------------
    def person(self, c):
        female = self.r.random() < 0.4
        given = self.r.choice(GIVEN_F if female else GIVEN_M)
        return Person(given, self.r.choice(FAMILY), female, c)

    def fr_minister_intro(self, p):
        c = p.country
        title = "la ministre" if p.female else "le ministre"
        return self.r.choice([
            f"{title} {c[5]} des Affaires étrangères, {p.full},",
            f"{'la cheffe' if p.female else 'le chef'} de la diplomatie {c[6]}, {p.full},",
            f"{p.full}, {title} des Affaires étrangères {de_fr(c[1])},",
        ])

    def fr_minister_short(self, p):
        c = p.country
        return self.r.choice([
            f"{'Mme' if p.female else 'M.'} {p.family}",
            f"{'la cheffe' if p.female else 'le chef'} de la diplomatie {c[6]}",
            p.full,
        ])

    def fr_state(self, c):
        return self.r.choice([c[1], c[3], c[1], f"le ministère {c[5]} des Affaires étrangères",
                              f"la diplomatie {c[6]}"])

    def en_minister_intro(self, p):
        c = p.country
        return self.r.choice([
            f"{c[8]} Foreign Minister {p.full}",
            f"{p.full}, the foreign minister of {c[2]},",
            f"{c[8]} top diplomat {p.full}",
        ])

    def en_minister_short(self, p):
        return self.r.choice([p.family, f"{'Ms' if p.female else 'Mr'} {p.family}", p.full])

    def en_state(self, c):
        return self.r.choice([c[2], c[4], f"the {c[8]} Foreign Ministry", c[2]])

    # ---- dates --------------------------------------------------------------------------------
    def fr_when(self):
        return self.r.choice([
            self.r.choice(WEEKDAYS_FR),
            f"le {self.r.randint(1, 28)} {self.r.choice(MONTHS_FR)}",
            f"{self.r.choice(WEEKDAYS_FR)} soir",
            "ce week-end",
            f"{self.r.choice(WEEKDAYS_FR)} dernier",
        ])

    def en_when(self):
        return self.r.choice([
            f"on {self.r.choice(WEEKDAYS_EN)}",
            f"on {self.r.choice(MONTHS_EN)} {self.r.randint(1, 28)}",
            "late on " + self.r.choice(WEEKDAYS_EN),
            "over the weekend",
        ])

    def demands(self, n):
        return self.r.sample(DEMANDS, n)

    # ---- French templates ---------------------------------------------------------------------
    def fr_sentences(self, ctx):
        """Return (kind, sentence) candidates for one French article context."""
        r = self.r
        a, b, m = ctx["a"], ctx["b"], ctx["m"]
        pm, pa, pb = ctx["pm"], ctx["pa"], ctx["pb"]
        org = ctx["org"]
        d1, d2 = self.demands(2)
        when = self.fr_when()
        parties = r.choice([f"{a[1]} et {b[1]}", f"{a[3]} et {b[3]}", "les deux parties",
                            "les belligérants", f"les parties {a[6]} et {b[6]}"])
        homologues = f"ses homologues {a[5]} et {b[5]}"
        T = [
            # appeals
            ("appeal", f"{cap(self.fr_minister_intro(pm))} a appelé {when} {parties} à {d1[1]} et à {d2[1]}."),
            ("appeal", f"{cap(self.fr_state(m))} exhorte {parties} {a_fr(d1[1])}."),
            ("appeal", f"{cap(self.fr_minister_short(pm))} a demandé {a_fr(a[1])} {de_fr(d1[1])}."),
            ("appeal", f"{cap(self.fr_state(m))} plaide pour {d1[2]} et {d2[2]}."),
            ("appeal", f"{cap(org[0])} réclame {d1[2]}, {'a déclaré' if r.random() < .5 else 'a indiqué'} {'la porte-parole' if pm.female else 'le porte-parole'} de l'organisation."),
            ("appeal", f"« Nous appelons {parties} {a_fr(d1[1])} », a déclaré {'la porte-parole' if r.random() < .5 else 'le porte-parole'} du ministère {m[5]} des Affaires étrangères, {self.person(m).full}."),
            ("appeal", f"{cap(self.fr_minister_intro(pm))} s'est prononcé{'e' if pm.female else ''} en faveur {de_fr(d1[2])}."),
            ("appeal", f"{cap(m[3])} a lancé {when} un appel {a_fr(d1[2])}."),
            ("appeal", f"L'appel {de_fr(m[3])} {a_fr(d1[2])} est resté lettre morte, selon plusieurs diplomates."),
            ("appeal", f"Dans un communiqué, {self.fr_state(m)} a réaffirmé son attachement à la paix, appelant {parties} {a_fr(d1[1])} et {a_fr(d2[1])}."),
            ("appeal", f"Lors d'un entretien téléphonique, {self.fr_minister_short(pm)} a exhorté {homologues} {a_fr(d1[1])}."),
            ("appeal", f"{cap(self.fr_minister_short(pm))} les a appelés {a_fr(d1[1])}, selon un communiqué publié {when}."),
            ("appeal", f"{cap(org[0])} a demandé {a_fr(b[1])} {de_fr(d1[1])} sans délai."),
            # negations and offers (not appeals)
            ("neg", f"{cap(m[3])} n'a pas appelé {b[1]} {a_fr(d1[1])}, contrairement à ce qu'affirmaient certains médias."),
            ("offer", f"{cap(m[3])} se dit prêt à accueillir des pourparlers entre {a[3]} et {b[3]}."),
            ("offer", f"{cap(self.fr_minister_short(pm))} s'est dit{'e' if pm.female else ''} disposé{'e' if pm.female else ''} à jouer les médiateurs si les deux capitales le souhaitent."),
            # contacts
            ("contact", f"{cap(self.fr_minister_intro(pm))} s'est entretenu{'e' if pm.female else ''} par téléphone {when} avec son homologue {a[5]}, {pa.full}."),
            ("contact", f"{cap(self.fr_minister_short(pm))} a eu un entretien téléphonique avec {pb.full}, {'la ministre' if pb.female else 'le ministre'} des Affaires étrangères {de_fr(b[1])}."),
            ("contact", f"{cap(self.fr_minister_short(pm))} a rencontré {when} {pa.full} en marge d'une réunion {de_fr(org[0])}."),
            ("contact", f"Des consultations avec {'la partie' if r.random() < .5 else 'les représentants de la partie'} {b[6]} ont eu lieu {self.fr_when()}, a indiqué {self.fr_state(m)}."),
            ("contact", f"{pa.full} et {pb.full} s'entretiendront séparément avec {self.fr_minister_short(pm)} {a_fr(m[3])}."),
            ("contact", f"{cap(m[3])} a accueilli {when} les chefs de la diplomatie {a[6]} et {b[6]} pour des discussions à huis clos."),
            ("nocontact", f"Aucune rencontre entre {pa.full} et {pb.full} n'a été annoncée."),
            # background
            ("bg", f"Les combats ont repris {when} dans {r.choice(REGIONS)}, faisant au moins {r.randint(3, 90)} morts selon un bilan provisoire."),
            ("bg", f"{cap(a[3])} et {b[3]} s'accusent mutuellement d'avoir violé la trêve conclue il y a {r.randint(2, 14)} jours."),
            ("bg", f"Selon des sources diplomatiques, {r.randint(2, 40)} observateurs {de_fr(org[0])} doivent arriver dans la région d'ici la fin du mois."),
            ("bg", f"La population {de_fr(r.choice(REGIONS))} a été appelée à se mettre à l'abri, a rapporté l'agence officielle."),
            ("bg", f"Le conflit oppose depuis des décennies {a[1]} et {b[1]}, malgré plusieurs médiations internationales."),
            ("bg", f"Le ministère {b[5]} de la Défense a affirmé avoir repoussé une attaque près de la ligne de contact."),
            ("bg", f"{cap(m[1])}, qui entretient de bonnes relations avec les deux capitales, multiplie les initiatives diplomatiques."),
        ]
        return T

    # ---- English templates --------------------------------------------------------------------
    def en_sentences(self, ctx):
        r = self.r
        a, b, m = ctx["a"], ctx["b"], ctx["m"]
        pm, pa, pb = ctx["pm"], ctx["pa"], ctx["pb"]
        org = ctx["org"]
        d1, d2 = self.demands(2)
        when = self.en_when()
        parties = r.choice([f"{a[2]} and {b[2]}", f"{a[4]} and {b[4]}", "both sides", "the warring parties",
                            f"the {a[8]} and {b[8]} sides"])
        spokes = self.person(m)
        T = [
            ("appeal", f"{cap(self.en_minister_intro(pm))} called on {parties} to {d1[3]} and to {d2[3]}."),
            ("appeal", f"{cap(self.en_state(m))} urged {parties} to {d1[3]}, said {spokes.full}, the foreign ministry {'spokeswoman' if spokes.female else 'spokesman'}."),
            ("appeal", f"{cap(org[1])} called for {d1[4]} {when}."),
            ("appeal", f"{cap(self.en_minister_short(pm))} asked {b[2]} to {d1[3]} during a visit to {a[4]}."),
            ("appeal", f"{cap(self.en_state(m))} appealed to {parties} to {d1[3]} and {d2[3]}."),
            ("appeal", f"{cap(org[1])} demanded {d1[4]} and {d2[4]}."),
            ("appeal", f"\"We call on {parties} to {d1[3]},\" {self.en_minister_short(pm)} told reporters."),
            ("appeal", f"{cap(self.en_state(m))} demanded that {b[2]} {d1[3]} immediately."),
            ("appeal", f"{cap(org[1])} urged all parties to {d1[3]}, calling for {d2[4]}."),
            ("neg", f"{cap(self.en_minister_short(pm))} said {m[2]} would not ask {a[2]} to {d1[3]} for now."),
            ("contact", f"{cap(self.en_minister_intro(pm))} and {pa.full} discussed the situation in a telephone conversation {when}."),
            ("appeal", f"In a phone call, {self.en_minister_short(pm)} pressed {pa.full} to {d1[3]}."),
            ("neg", f"{cap(m[4])} did not call on {b[2]} to {d1[3]}, a senior official said."),
            ("offer", f"{cap(m[2])} is ready to host talks between {a[4]} and {b[4]}, {self.en_minister_short(pm)} said."),
            ("contact", f"{cap(self.en_minister_intro(pm))} spoke by phone {when} with his {a[8]} counterpart, {pa.full}."
             if not pm.female else f"{cap(self.en_minister_intro(pm))} spoke by phone {when} with her {a[8]} counterpart, {pa.full}."),
            ("contact", f"{cap(self.en_minister_short(pm))} held talks with {pb.full} in {m[4]} {when}."),
            ("contact", f"{pa.full} met {pb.full} on the sidelines of a summit, the first such meeting in months."),
            ("contact", f"Officials from {a[4]} and {b[4]} held consultations in {m[4]} {when}."),
            ("nocontact", f"No meeting between {pa.full} and {pb.full} has been scheduled."),
            ("bg", f"Fighting flared again {when} in {r.choice(REGIONS_EN)}, killing at least {r.randint(3, 90)} people."),
            ("bg", f"{cap(a[4])} and {b[4]} accuse each other of breaking a truce agreed {r.randint(2, 14)} days ago."),
            ("bg", f"The conflict between {a[2]} and {b[2]} has resisted decades of international mediation."),
            ("bg", f"{cap(b[8])} defence officials said they had repelled an attack near the line of contact."),
        ]
        return T

    # ---- noise --------------------------------------------------------------------------------
    def noise(self, lang, m):
        r = self.r
        if lang == "fr":
            return r.choice([
                "S'abonner à la newsletter",
                "Partager sur Facebook",
                "Partager sur X",
                "© Photo : AFP / archives",
                "Ce site utilise des cookies. En poursuivant votre navigation vous acceptez leur utilisation.",
                f"Réagissez ({r.randint(0, 250)} commentaires)",
                "Publicité",
                f"Lire aussi : {cap(m[1])} et la crise, ce qu'il faut savoir",
                "Читайте также: последние новости региона",
                f"Par {self.person(m).full}, correspondant{'e' if r.random() < .5 else ''} {a_fr(m[3])}",
            ])
        return r.choice([
            "Subscribe to our newsletter",
            "Share on Facebook",
            "Advertisement",
            "Photo: Reuters / file",
            f"Comments ({r.randint(0, 250)})",
            f"Related: What is behind the tensions with {m[2]}?",
            "We use cookies to improve your experience. By continuing you accept our cookie policy.",
            f"{self.person(m).full} is a staff writer covering diplomacy.",
        ])

    def headline(self, lang, ctx):
        r = self.r
        a, b, m = ctx["a"], ctx["b"], ctx["m"]
        d = r.choice(DEMANDS)
        if lang == "fr":
            return r.choice([
                f"{cap(m[3])} appelle {a[1]} et {b[1]} {a_fr(d[2])}",
                f"{cap(m[1])} exhorte {a[3]} et {b[3]} {a_fr(d[1])}",
                f"Conflit entre {a[1]} et {b[1]} : {m[3]} plaide pour {d[2]}",
                f"{cap(ctx['org'][0])} réclame {d[2]}",
                f"Entretien téléphonique entre les chefs de la diplomatie {m[5]} et {a[5]}",
            ])
        return r.choice([
            f"{cap(m[2])} urges {a[2]} and {b[2]} to {d[3]}",
            f"{cap(ctx['org'][1])} calls for {d[4]}",
            f"{m[8]} and {a[8]} foreign ministers hold talks",
        ])

    # ---- one article --------------------------------------------------------------------------
    def article(self, idx, target_bytes, year):
        r = self.r
        lang = "fr" if r.random() < 0.7 else "en"
        a, b, m = r.sample(COUNTRIES, 3)
        ctx = {"a": a, "b": b, "m": m, "org": r.choice(ORGS)}
        ctx["pm"], ctx["pa"], ctx["pb"] = self.person(m), self.person(a), self.person(b)
        month = r.randint(1, 12)
        day = r.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}"
        headline = self.headline(lang, ctx)
        paragraphs = []
        size = len(headline.encode()) + 20
        while size < target_bytes:
            cands = self.fr_sentences(ctx) if lang == "fr" else self.en_sentences(ctx)
            k = r.randint(1, 4)
            para = " ".join(s for _, s in r.sample(cands, k))
            if r.random() < 0.15:
                para = self.noise(lang, m) + "\n" + para
            paragraphs.append(para)
            size += len(para.encode()) + 2
        text = "\n\n".join(paragraphs)
        meta_roll = r.random()
        if meta_roll < 0.7:
            meta = f" date {date}"
            doc_date = date
        elif meta_roll < 0.8:
            meta = f" date {date[:7]}"
            doc_date = date[:7]
        else:
            meta = None
            doc_date = None
        return {
            "id": f"{idx:06d}_{lang}",
            "lang": lang,
            "title": headline,
            "text": text,
            "date": doc_date,
            "meta": meta,
            "url": f"https://example.org/{lang}/{year}/{idx:06d}",
        }


def render_txt(doc):
    head = (doc["meta"] + "\n") if doc["meta"] else ""
    return head + doc["title"] + "\n\n" + doc["text"] + "\n"


def render_jsonl(doc):
    rec = {"id": doc["id"], "title": doc["title"], "text": doc["text"], "lang": doc["lang"], "url": doc["url"]}
    if doc["date"]:
        rec["date"] = doc["date"]
    return json.dumps(rec, ensure_ascii=False) + "\n"


def generate(out, mb, seed, jsonl, per_dir=500):
    target_total = int(mb * 1_000_000)
    rng = random.Random(seed)
    gen = Gen(rng)
    os.makedirs(out, exist_ok=True)
    total = 0
    n = 0
    langs = {"fr": 0, "en": 0}
    jf = open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") if jsonl else None
    try:
        while total < target_total:
            doc = gen.article(n, rng.randint(2500, 3500), 2019 + rng.randint(0, 5))
            langs[doc["lang"]] += 1
            # Sizes are always counted as the .txt rendering, so that both formats hold the same documents.
            data = render_txt(doc).encode("utf-8")
            if jf:
                jf.write(render_jsonl(doc))
                total += len(data)
            else:
                sub = os.path.join(out, f"{n // per_dir:03d}")
                if n % per_dir == 0:
                    os.makedirs(sub, exist_ok=True)
                with open(os.path.join(sub, doc["id"] + ".txt"), "wb") as f:
                    f.write(data)
                total += len(data)
            n += 1
    finally:
        if jf:
            jf.close()
    return {"docs": n, "text_bytes": total, "seed": seed, "mb": mb, "format": "jsonl" if jsonl else "txt",
            "fr": langs["fr"], "en": langs["en"], "dir": os.path.abspath(out)}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a synthetic French/English diplomatic news corpus.")
    ap.add_argument("--out", required=True, help="output directory (created if absent)")
    ap.add_argument("--mb", type=float, default=60.0, help="size of the article text in megabytes (10^6 bytes), default 60")
    ap.add_argument("--seed", type=int, default=42, help="random seed, default 42")
    ap.add_argument("--jsonl", action="store_true", help="write one corpus.jsonl (id, title, text, date, lang, url) instead of .txt files")
    ap.add_argument("--manifest", help="also write the summary as JSON to this file (keep it outside --out)")
    args = ap.parse_args(argv)
    if args.mb <= 0:
        print("gen_corpus.py: --mb must be a positive number.", file=sys.stderr)
        return 2
    if os.path.isdir(args.out) and os.listdir(args.out):
        print(f"gen_corpus.py: output directory {args.out} is not empty; remove it or choose another.", file=sys.stderr)
        return 2
    summary = generate(args.out, args.mb, args.seed, args.jsonl)
    line = json.dumps(summary)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            f.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
