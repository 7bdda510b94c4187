#!/usr/bin/env python3
"""Generate a synthetic corpus of French and English diplomatic news articles for benchmarking newskg.

Every sentence comes from the templates below, which were written for this project. The people are
invented; the countries, capitals, organisations and demonyms are real, so that the gazetteer and the
extractors do real work. The output is deterministic for a given --seed and --mix: the same seed and mix
give the same bytes. A smaller corpus is a prefix of a larger one made with the same seed and mix
(document i is always the same document).

Two mixes of sentences:
    news   (default) the density of real articles: each body sentence is a background sentence with no
           appeal or contact in it (Gen.fr_background / Gen.en_background) with probability
           NEWS_BACKGROUND_P, otherwise a sentence of the event template list (Gen.fr_sentences /
           Gen.en_sentences). About 28 % of the body sentences come from appeal or contact templates,
           as measured on real French articles.
    dense  the worst case, unchanged from the first version of this script: every body sentence is drawn
           from the event template list; about 64 % are appeals or contacts, most others near misses.

Examples:
    python3 bench/gen_corpus.py --out /tmp/corpus --mb 60            # ~20,000 .txt files of ~3 KB
    python3 bench/gen_corpus.py --out /tmp/corpus-jsonl --mb 60 --jsonl   # one corpus.jsonl file
    python3 bench/gen_corpus.py --out /tmp/corpus-dense --mb 60 --mix dense   # worst case
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

MIXES = ("news", "dense")
# news mix: probability that a body sentence is drawn from the background pool (Gen.fr_background /
# Gen.en_background) rather than from the event template list (Gen.fr_sentences / Gen.en_sentences).
# That list holds about 63 % appeal and contact templates; the rest are negations, offers, a denied
# meeting and a few background sentences. With 0.56, about 28 % of the body sentences are appeals or
# contacts (target 25-35 %; real French articles: ~28 %) and about 72 % carry no event, as in real news.
NEWS_BACKGROUND_P = 0.56
# Template kinds that carry an appeal or contact event (counted in the summary as event_sentences).
EVENT_KINDS = ("appeal", "contact")

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

    def __init__(self, rng, mix="news"):
        if mix not in MIXES:
            raise ValueError(f"unknown mix {mix!r}; expected one of {', '.join(MIXES)}")
        self.r = rng
        self.mix = mix

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

    # ---- background pool (news mix) ----------------------------------------------------------
    # Sentences of the kind that fill real articles around diplomatic events: economy, energy, history,
    # humanitarian situation, refugees, elections, parliament, military movements, sanctions, analysts,
    # infrastructure, weather. They contain no appeal or contact trigger (no appeler, exhorter, demander,
    # réclamer, plaider, s'entretenir, rencontrer, téléphoner, discuter, accueillir, se rendre, visite,
    # sommet, doit/devrait, …; no call, urge, ask, demand, meet, talk, phone, host, visit, summit, must,
    # should, …): test_gen_corpus.py checks this. Each entry is a function, so that only the sentences
    # picked consume random numbers.

    def fr_role(self, c, fem, masc):
        """An invented person of country c with a gendered role noun: 'la chercheuse Nino Beridze'."""
        p = self.person(c)
        return f"{fem if p.female else masc} {p.full}"

    def fr_background(self, ctx):
        r = self.r
        a, b, m = ctx["a"], ctx["b"], ctx["m"]
        org = ctx["org"]
        region = lambda: r.choice(REGIONS)  # noqa: E731
        return [
            # economy, energy, trade
            lambda: f"La monnaie {a[6]} a perdu {r.randint(3, 25)} % de sa valeur depuis le début de l'année, selon les chiffres de la banque centrale.",
            lambda: f"La banque centrale {b[6]} a relevé son taux directeur à {r.randint(8, 30)} % pour freiner une inflation qui dépasse désormais {r.randint(10, 60)} % sur un an.",
            lambda: f"Le prix du baril a grimpé de {r.randint(2, 9)} dollars en une semaine, porté par les craintes d'une baisse de la production de pétrole {a[5]}.",
            lambda: f"Sur les marchés européens, le prix du gaz a bondi de {r.randint(5, 40)} % depuis {self.fr_when()}, une hausse que les industriels jugent intenable.",
            lambda: f"Le commerce entre {a[1]} et {m[1]} a progressé de {r.randint(4, 35)} % l'an dernier, porté par les ventes de céréales et d'engrais.",
            lambda: f"Le Fonds monétaire international a abaissé sa prévision de croissance pour {a[1]} à {r.randint(0, 3)},{r.randint(1, 9)} % cette année.",
            lambda: f"Depuis le début de l'année, les exportations de céréales {de_fr(a[1])} ont reculé de {r.randint(10, 45)} %, en raison de la fermeture de plusieurs ports, de la hausse du coût des assurances maritimes et du manque de main-d'œuvre agricole.",
            lambda: f"Le gouvernement {de_fr(a[1])} a présenté {self.fr_when()} un plan de reconstruction de {r.randint(2, 40)} milliards d'euros, financé surtout par l'emprunt, qui prévoit la réparation des routes, des ponts et des réseaux d'eau potable {de_fr(region())}.",
            lambda: f"{cap(a_fr(a[3]))}, le prix du pain a augmenté de {r.randint(5, 30)} % en un mois et les files d'attente s'allongent devant les boulangeries.",
            # history of the conflict
            lambda: f"Les relations entre {a[1]} et {b[1]} sont exécrables depuis {r.randint(1992, 2018)}, année où les deux pays ont rompu leurs liens diplomatiques.",
            lambda: f"En {r.randint(1991, 2016)}, une guerre de {r.randint(3, 30)} semaines avait fait des milliers de morts et chassé de chez elles des centaines de milliers de personnes.",
            lambda: f"Un premier accord de cessez-le-feu, signé en {r.randint(1994, 2020)} après de longs mois de combats, n'avait tenu que quelques semaines.",
            # humanitarian situation, refugees
            lambda: f"Plus de {r.randint(5, 120)} 000 personnes ont fui {region()} depuis le début des combats, selon le Haut-Commissariat des Nations unies pour les réfugiés.",
            lambda: f"Dans les camps installés près {de_fr(a[3])}, les familles déplacées manquent d'eau potable, de médicaments et de couvertures.",
            lambda: f"{cap(org[0])} estime que {r.randint(10, 400)} 000 personnes dépendent désormais de l'aide alimentaire dans {region()}.",
            lambda: f"Les hôpitaux {de_fr(a[3])} fonctionnent au-delà de leurs capacités et manquent de chirurgiens, selon des médecins sur place.",
            lambda: f"Les autorités {de_fr(m[1])} recensent plus de {r.randint(5, 90)} 000 réfugiés sur leur territoire, et les centres d'hébergement sont saturés.",
            lambda: f"Selon le dernier rapport {de_fr(org[0])}, publié {self.fr_when()}, près d'un tiers des écoles {de_fr(region())} restent fermées et les enfants déplacés ont perdu en moyenne {r.randint(3, 14)} mois de scolarité.",
            lambda: f"Le couvre-feu nocturne a été prolongé d'une semaine dans {region()}, ont annoncé les autorités locales.",
            lambda: f"Les démineurs ont neutralisé plus de {r.randint(2, 40)} 000 engins explosifs dans {region()} depuis la fin des combats de l'automne.",
            # elections, parliament, public opinion
            lambda: f"Les électeurs {a[7]} sont convoqués aux urnes en {r.choice(MONTHS_FR)} pour des législatives anticipées, dans un climat de forte polarisation.",
            lambda: f"Au Parlement {a[5]}, le débat sur le budget de la défense s'est achevé tard dans la nuit par un vote serré ({r.randint(90, 140)} voix contre {r.randint(60, 89)}).",
            lambda: f"{cap(self.fr_role(b, 'la députée', 'le député'))}, figure de l'opposition, a dénoncé un budget militaire « démesuré » au regard de la situation sociale.",
            lambda: f"Plusieurs milliers de manifestants se sont rassemblés {self.fr_when()} dans le centre {de_fr(a[3])} pour dénoncer la hausse du coût de la vie.",
            lambda: f"Selon un sondage publié {self.fr_when()}, {r.randint(40, 75)} % des personnes interrogées jugent que le gouvernement a mal géré la crise.",
            # military movements, sanctions
            lambda: f"Des images satellites montrent d'importants mouvements de blindés près de la frontière {a[6]}, à moins de {r.randint(10, 80)} kilomètres {de_fr(a[3])}.",
            lambda: f"Selon des experts militaires, l'armée {a[6]} a rapproché au moins {r.randint(4, 30)} unités d'artillerie de la ligne de front au cours du mois écoulé, tandis que les soldats {b[7]} creusaient de nouvelles tranchées le long de la rivière.",
            lambda: f"L'armée {a[6]} a déployé {r.randint(2, 12)} batteries de défense antiaérienne supplémentaires autour {de_fr(a[3])}.",
            lambda: f"{cap(m[3])} et {a[3]} ont achevé {self.fr_when()} des manœuvres militaires conjointes de {r.randint(3, 15)} jours.",
            lambda: f"L'Union européenne a prolongé de six mois les sanctions visant {r.randint(12, 200)} responsables {b[7]}, dont plusieurs dirigeants d'entreprises publiques.",
            lambda: f"Selon une étude publiée {self.fr_when()}, les sanctions ont privé l'économie {a[6]} de près de {r.randint(5, 90)} milliards de dollars de recettes.",
            # analysts
            lambda: f"« Aucune des deux capitales n'a intérêt à une guerre longue », estime {self.fr_role(m, 'la chercheuse', 'le chercheur')}, spécialiste de la région à l'université {de_fr(m[3])}.",
            lambda: f"Pour l'analyste {self.person(m).full}, le rapport de force militaire reste favorable {a_fr(a[1])}, mais l'économie du pays s'essouffle.",
            # infrastructure, weather
            lambda: f"La principale route reliant {a[3]} {a_fr(region())} est coupée depuis {r.randint(2, 20)} jours après l'effondrement d'un pont.",
            lambda: f"Des coupures d'électricité touchent {r.randint(12, 300)} localités {de_fr(region())} depuis qu'une centrale thermique a été frappée {self.fr_when()}.",
            lambda: f"Les fortes chutes de neige bloquent les cols de montagne et compliquent l'acheminement de l'aide vers {region()}.",
            lambda: f"Des pluies torrentielles ont transformé les routes {de_fr(region())} en bourbiers, ralentissant les mouvements de troupes des deux camps.",
            lambda: f"La télévision publique {a[6]} consacre chaque soir de longues émissions au conflit.",
        ]

    def en_background(self, ctx):
        r = self.r
        a, b, m = ctx["a"], ctx["b"], ctx["m"]
        org = ctx["org"]
        region = lambda: r.choice(REGIONS_EN)  # noqa: E731
        return [
            # economy, energy, trade
            lambda: f"The {a[8]} currency has lost {r.randint(3, 25)}% of its value since January, according to central bank data.",
            lambda: f"The central bank in {b[4]} raised its key rate to {r.randint(8, 30)}% in an effort to slow inflation, which now exceeds {r.randint(10, 60)}% a year.",
            lambda: f"Gas prices on European markets jumped {r.randint(5, 40)}% after reports of new disruptions to {a[8]} supplies.",
            lambda: f"Trade between {a[2]} and {m[2]} grew by {r.randint(4, 35)}% last year, driven by grain and fertiliser sales.",
            lambda: f"The International Monetary Fund cut its growth forecast for {a[2]} to {r.randint(0, 3)}.{r.randint(1, 9)}% this year.",
            lambda: f"Since the start of the year, grain exports from {a[2]} have fallen by {r.randint(10, 45)}%, as several ports have closed, shipping insurance costs have risen and farms are short of workers.",
            lambda: f"The government in {a[4]} unveiled a {r.randint(2, 40)} billion euro reconstruction plan {self.en_when()}, largely financed by borrowing, to repair roads, bridges and water networks in {region()}.",
            # history of the conflict
            lambda: f"Relations between {a[2]} and {b[2]} have been poor since {r.randint(1992, 2018)}, when the two governments broke off diplomatic ties.",
            lambda: f"A first ceasefire agreement, signed in {r.randint(1994, 2020)} after months of fighting, held for only a few weeks before clashes resumed along the front line.",
            # humanitarian situation, refugees
            lambda: f"More than {r.randint(5, 120)},000 people have fled {region()} since the fighting began, according to the UN refugee agency.",
            lambda: f"In camps outside {a[4]}, displaced families lack clean water, medicine and blankets as temperatures drop.",
            lambda: f"A report by {org[1]} published {self.en_when()} found that almost a third of schools in {region()} remain closed, and that displaced children have lost an average of {r.randint(3, 14)} months of schooling.",
            lambda: f"{cap(org[1])} estimates that {r.randint(10, 400)},000 people now depend on food aid in {region()}.",
            lambda: f"Hospitals in {a[4]} are working beyond capacity and are short of surgeons, according to doctors there.",
            # elections, parliament
            lambda: f"Snap parliamentary elections are due in {a[2]} in {r.choice(MONTHS_EN)}, and opinion polls show the governing party losing ground.",
            lambda: f"{b[8]} lawmakers debated the defence budget late into the night before approving it by {r.randint(90, 140)} votes to {r.randint(60, 89)}.",
            lambda: f"Opposition lawmaker {self.person(b).full} criticised an oversized military budget at a time of rising poverty.",
            lambda: f"Several thousand protesters gathered in central {a[4]} {self.en_when()} to denounce the rising cost of living.",
            # military movements, sanctions
            lambda: f"Satellite images show columns of armoured vehicles moving towards the {a[8]} border, less than {r.randint(10, 80)} kilometres from {a[4]}.",
            lambda: f"According to defence analysts, {a[8]} forces have moved at least {r.randint(4, 30)} artillery units closer to the front line over the past month, while {b[8]} troops have dug new trenches along the river.",
            lambda: f"The {a[8]} army has deployed {r.randint(2, 12)} additional air-defence batteries around {a[4]}.",
            lambda: f"The European Union extended sanctions on {r.randint(12, 200)} {b[8]} officials by six months, including several heads of state-owned companies.",
            # analysts
            lambda: f"\"Neither capital can afford a long war,\" said {self.person(m).full}, a regional specialist at the University of {m[4]}.",
            lambda: f"Analyst {self.person(m).full} argues that the military balance still favours {a[2]}, but that its economy is running out of steam.",
            # infrastructure, weather
            lambda: f"The main road linking {a[4]} to {region()} has been closed for {r.randint(2, 20)} days after a bridge collapsed.",
            lambda: f"Power cuts have hit {r.randint(12, 300)} towns in {region()} since a thermal power station was struck {self.en_when()}.",
            lambda: f"Heavy snowfall has closed several mountain roads and slowed aid deliveries to remote villages.",
            lambda: f"Torrential rain turned roads in {region()} into mud, slowing troop movements on both sides.",
        ]

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
        kinds = []
        while size < target_bytes:
            if self.mix == "dense":
                # The original code path: keep its random calls unchanged so that dense corpora stay valid.
                cands = self.fr_sentences(ctx) if lang == "fr" else self.en_sentences(ctx)
                k = r.randint(1, 4)
                picked = r.sample(cands, k)
            else:
                picked = self.news_paragraph(lang, ctx)
            kinds += [kind for kind, _ in picked]
            para = " ".join(s for _, s in picked)
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
            "kinds": kinds,
        }

    def news_paragraph(self, lang, ctx):
        """1 to 4 (kind, sentence) pairs: each a background sentence with probability NEWS_BACKGROUND_P,
        otherwise one of the event template list. No template is used twice in a paragraph."""
        r = self.r
        cands = self.fr_sentences(ctx) if lang == "fr" else self.en_sentences(ctx)
        pool = self.fr_background(ctx) if lang == "fr" else self.en_background(ctx)
        k = r.randint(1, 4)
        slots = [r.random() < NEWS_BACKGROUND_P for _ in range(k)]
        n_bg = sum(slots)
        bgs = iter(r.sample(pool, n_bg))
        evs = iter(r.sample(cands, k - n_bg))
        return [("news-bg", next(bgs)()) if is_bg else next(evs) for is_bg in slots]


def render_txt(doc):
    head = (doc["meta"] + "\n") if doc["meta"] else ""
    return head + doc["title"] + "\n\n" + doc["text"] + "\n"


def render_jsonl(doc):
    rec = {"id": doc["id"], "title": doc["title"], "text": doc["text"], "lang": doc["lang"], "url": doc["url"]}
    if doc["date"]:
        rec["date"] = doc["date"]
    return json.dumps(rec, ensure_ascii=False) + "\n"


def generate(out, mb, seed, jsonl, per_dir=500, mix="news"):
    target_total = int(mb * 1_000_000)
    rng = random.Random(seed)
    gen = Gen(rng, mix)
    body_sentences = event_sentences = 0
    os.makedirs(out, exist_ok=True)
    total = 0
    n = 0
    langs = {"fr": 0, "en": 0}
    jf = open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") if jsonl else None
    try:
        while total < target_total:
            doc = gen.article(n, rng.randint(2500, 3500), 2019 + rng.randint(0, 5))
            langs[doc["lang"]] += 1
            body_sentences += len(doc["kinds"])
            event_sentences += sum(1 for kind in doc["kinds"] if kind in EVENT_KINDS)
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
    # body_sentences counts the template sentences of the bodies (not headlines, not noise lines);
    # event_sentences those of them drawn from appeal or contact templates.
    return {"docs": n, "text_bytes": total, "seed": seed, "mb": mb, "mix": mix,
            "format": "jsonl" if jsonl else "txt", "fr": langs["fr"], "en": langs["en"],
            "body_sentences": body_sentences, "event_sentences": event_sentences,
            "event_share": round(event_sentences / body_sentences, 3) if body_sentences else 0.0,
            "dir": os.path.abspath(out)}


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a synthetic French/English diplomatic news corpus.")
    ap.add_argument("--out", required=True, help="output directory (created if absent)")
    ap.add_argument("--mb", type=float, default=60.0, help="size of the article text in megabytes (10^6 bytes), default 60")
    ap.add_argument("--seed", type=int, default=42, help="random seed, default 42")
    ap.add_argument("--mix", choices=MIXES, default="news",
                    help="news (default): the density of events of real articles, ~28 %% of sentences are "
                         "appeals or contacts; dense: the worst case, ~64 %% are, most others near misses")
    ap.add_argument("--jsonl", action="store_true", help="write one corpus.jsonl (id, title, text, date, lang, url) instead of .txt files")
    ap.add_argument("--manifest", help="also write the summary as JSON to this file (keep it outside --out)")
    args = ap.parse_args(argv)
    if args.mb <= 0:
        print("gen_corpus.py: --mb must be a positive number.", file=sys.stderr)
        return 2
    if os.path.isdir(args.out) and os.listdir(args.out):
        print(f"gen_corpus.py: output directory {args.out} is not empty; remove it or choose another.", file=sys.stderr)
        return 2
    summary = generate(args.out, args.mb, args.seed, args.jsonl, mix=args.mix)
    line = json.dumps(summary)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            f.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
