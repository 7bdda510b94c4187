//! Clause statements (issue 9, point 5): subject, relation phrase and object of every clause,
//! read from the dependency tree, in French and English. The sentences are written for these
//! tests; each assertion states the exact phrases.

use newskg::extract::statement::Clause;
use newskg::extract::{Fact, Statement};
use newskg::{Knowledge, Processed};
use std::sync::OnceLock;

fn k() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::builtin().expect("built-in knowledge loads"))
}

fn run(lang: &str, text: &str) -> Processed {
    newskg::extract_text("t", text, Some(lang), None, k())
}

/// The clause statements of a text: (statement, its clause part).
fn clauses(p: &Processed) -> Vec<(&Statement, &Clause)> {
    p.facts
        .iter()
        .filter_map(|f| match f {
            Fact::Statement(s) => s.clause.as_ref().map(|c| (s, c)),
            _ => None,
        })
        .collect()
}

/// Every clause statement as "subject | predicate | object".
fn triples(p: &Processed) -> Vec<String> {
    clauses(p).iter().map(|(_, c)| format!("{} | {} | {}", c.subject.text, c.predicate.text, c.object.as_ref().map(|o| o.text.as_str()).unwrap_or(""))).collect()
}

/// The clause statement with this exact triple (panics with all triples otherwise).
fn find<'p>(p: &'p Processed, triple: &str) -> (&'p Statement, &'p Clause) {
    let all = triples(p);
    let i = all.iter().position(|t| t == triple).unwrap_or_else(|| panic!("no statement {triple:?} among {all:?}"));
    clauses(p)[i]
}

fn args(c: &Clause) -> Vec<(String, String)> {
    c.arguments.iter().map(|a| (a.kind.to_string(), a.phrase.text.clone())).collect()
}

fn keys(v: &[newskg::resolve::Entity]) -> Vec<&str> {
    v.iter().map(|e| e.key.as_str()).collect()
}

// ---------------------------------------------------------------------------------------
// The relation phrase and its properties
// ---------------------------------------------------------------------------------------

#[test]
fn english_passive_relation_folds_the_preposition_of_its_object() {
    let p = run("en", "The agency was established in 1998.");
    let (s, c) = find(&p, "The agency | was established in | 1998");
    assert_eq!(s.predicate, "establish");
    assert_eq!((c.voice, c.tense), ("passive", Some("past")));
    assert!(!s.negated);
}

#[test]
fn english_negation_is_in_the_phrase_and_the_polarity() {
    let p = run("en", "The minister did not sign the agreement.");
    let (s, c) = find(&p, "The minister | did not sign | the agreement");
    assert!(s.negated);
    assert_eq!((s.predicate.as_str(), c.voice, c.tense), ("sign", "active", Some("past")));
}

#[test]
fn french_idiom_keeps_its_noun_and_preposition() {
    let p = run("fr", "Le ministre a mis en garde contre une escalade.");
    let (s, c) = find(&p, "Le ministre | a mis en garde contre | une escalade");
    assert_eq!(s.predicate, "mettre");
    assert_eq!(c.tense, Some("past"), "passé composé");
}

#[test]
fn french_negation_and_reflexive_clitic() {
    let p = run("fr", "Le maire n'a pas commenté la décision.");
    let (s, _) = find(&p, "Le maire | n'a pas commenté | la décision");
    assert!(s.negated);
    let p = run("fr", "Le président s'est entretenu avec son homologue.");
    let (s, _) = find(&p, "Le président | s'est entretenu avec | son homologue");
    assert!(!s.negated);
}

#[test]
fn future_tense() {
    let p = run("en", "The mayor will open the new library.");
    let (_, c) = find(&p, "The mayor | will open | the new library");
    assert_eq!(c.tense, Some("future"));
}

// ---------------------------------------------------------------------------------------
// Subjects, objects and entities
// ---------------------------------------------------------------------------------------

#[test]
fn subjects_are_any_noun_phrase_and_entities_are_linked_where_the_phrase_is_one() {
    let p = run("fr", "La Turquie a soutenu l'Azerbaïdjan.");
    let (s, _) = find(&p, "La Turquie | a soutenu | l'Azerbaïdjan");
    assert_eq!(keys(&s.subject), ["country/TUR"]);
    assert_eq!(keys(&s.object), ["country/AZE"]);
    let p = run("en", "Several farmers sold their land.");
    let (s, _) = find(&p, "Several farmers | sold | their land");
    assert!(s.subject.is_empty() && s.object.is_empty(), "no entity is named");
}

#[test]
fn pronoun_subjects_resolve_to_their_entity() {
    let p = run("en", "Russia condemned the strike. It demanded an inquiry.");
    let (s, _) = find(&p, "It | demanded | an inquiry");
    assert_eq!(keys(&s.subject), ["country/RUS"]);
    let p = run("fr", "La Turquie a condamné l'attaque. Elle a demandé une enquête.");
    let (s, _) = find(&p, "Elle | a demandé | une enquête");
    assert_eq!(keys(&s.subject), ["country/TUR"]);
}

#[test]
fn objects_are_bounded_to_their_constituent() {
    // The relative clause on the object is a statement of its own, not part of the object.
    let p = run("en", "The council approved a plan that cuts taxes.");
    find(&p, "The council | approved | a plan");
    find(&p, "a plan | cuts | taxes");
}

// ---------------------------------------------------------------------------------------
// Coordination, copulas, appositions
// ---------------------------------------------------------------------------------------

#[test]
fn coordinated_objects_give_one_statement_each() {
    let p = run("en", "The company won a contract and an award.");
    find(&p, "The company | won | a contract");
    find(&p, "The company | won | an award");
    let p = run("fr", "La société a remporté un contrat et un prix.");
    find(&p, "La société | a remporté | un contrat");
    find(&p, "La société | a remporté | un prix");
}

#[test]
fn coordinated_verbs_share_subject_and_auxiliary() {
    let p = run("fr", "Le gouvernement a licencié trois directeurs et fermé deux usines.");
    find(&p, "Le gouvernement | a licencié | trois directeurs");
    let (_, c) = find(&p, "Le gouvernement | a fermé | deux usines");
    assert_eq!(c.tense, Some("past"));
}

#[test]
fn copulas_give_is_statements() {
    let p = run("en", "Maria Lopez is the mayor of the town.");
    let (s, _) = find(&p, "Maria Lopez | is | the mayor of the town");
    assert_eq!(s.predicate, "be");
    let p = run("fr", "Marie Duval est la maire de Lyon.");
    find(&p, "Marie Duval | est | la maire de Lyon");
}

#[test]
fn appositions_give_is_statements() {
    let p = run("en", "Paolo Conti, the minister of finance, resigned on Monday.");
    let (s, _) = find(&p, "Paolo Conti | is | the minister of finance");
    assert_eq!(s.rule, "statement/apposition");
    let (_, c) = find(&p, "Paolo Conti | resigned on | Monday");
    assert_eq!(c.tense, Some("past"));
    let p = run("fr", "Paul Morel, le ministre des Finances, a démissionné.");
    find(&p, "Paul Morel | est | le ministre des Finances");
    find(&p, "Paul Morel | a démissionné | ");
}

// ---------------------------------------------------------------------------------------
// Relative and participial clauses, passives, reported speech
// ---------------------------------------------------------------------------------------

#[test]
fn relative_clauses_take_their_antecedent_as_subject() {
    let p = run("en", "The engineers who built the bridge received a prize.");
    find(&p, "The engineers | built | the bridge");
    find(&p, "The engineers | received | a prize");
    let p = run("fr", "Les ingénieurs qui ont construit le barrage ont reçu un prix.");
    find(&p, "Les ingénieurs | ont construit | le barrage");
    find(&p, "Les ingénieurs | ont reçu | un prix");
}

#[test]
fn participial_clauses_take_the_noun_they_describe() {
    let p = run("fr", "Le pont, construit en 1932, sera rénové.");
    let (_, c) = find(&p, "Le pont | construit en | 1932");
    assert_eq!(c.voice, "passive");
    let (_, c) = find(&p, "Le pont | sera rénové | ");
    assert_eq!((c.voice, c.tense), ("passive", Some("future")));
}

#[test]
fn passives_keep_their_agent() {
    let p = run("en", "The report was written by two economists.");
    let (_, c) = find(&p, "The report | was written by | two economists");
    assert_eq!(c.voice, "passive");
    let p = run("fr", "Le rapport a été rédigé par deux économistes.");
    let (_, c) = find(&p, "Le rapport | a été rédigé par | deux économistes");
    assert_eq!(c.voice, "passive");
    // With another complement first, the agent is a further argument of its own kind.
    let p = run("en", "The treaty was signed in Vienna by the two leaders.");
    let (_, c) = find(&p, "The treaty | was signed in | Vienna");
    assert_eq!(args(c), [("agent".to_string(), "by the two leaders".to_string())]);
}

#[test]
fn reported_speech_is_nested() {
    let p = run("en", "The spokesman said that the talks had failed.");
    let (_, outer) = find(&p, "The spokesman | said that | the talks had failed");
    let (_, inner) = find(&p, "the talks | had failed | ");
    assert_eq!(inner.parent, Some(outer.id));
    assert_eq!(inner.voice, "active", "a perfect, not a passive");
    let p = run("fr", "Le porte-parole a déclaré que les négociations avaient échoué.");
    let (_, outer) = find(&p, "Le porte-parole | a déclaré | que les négociations avaient échoué");
    let (_, inner) = find(&p, "les négociations | avaient échoué | ");
    assert_eq!(inner.parent, Some(outer.id));
    assert_eq!(outer.parent, None);
}

// ---------------------------------------------------------------------------------------
// Further arguments: time, place, with
// ---------------------------------------------------------------------------------------

#[test]
fn time_place_and_with_are_further_arguments() {
    let p = run("en", "The delegates met with the rebels in Geneva on Friday.");
    let (_, c) = find(&p, "The delegates | met with | the rebels");
    assert_eq!(args(c), [("place".to_string(), "in Geneva".to_string()), ("time".to_string(), "on Friday".to_string())]);
    let p = run("en", "The police searched the house with dogs.");
    let (_, c) = find(&p, "The police | searched | the house");
    assert_eq!(args(c), [("with".to_string(), "with dogs".to_string())]);
    let p = run("fr", "Le juge a entendu les témoins à Lyon en mars.");
    let (_, c) = find(&p, "Le juge | a entendu | les témoins");
    assert_eq!(args(c), [("place".to_string(), "à Lyon".to_string()), ("time".to_string(), "en mars".to_string())]);
}

// ---------------------------------------------------------------------------------------
// Spans, records and RDF
// ---------------------------------------------------------------------------------------

#[test]
fn phrases_keep_their_byte_spans() {
    let text = "The company won a contract.";
    let p = run("en", text);
    let (_, c) = find(&p, "The company | won | a contract");
    assert_eq!(&text[c.subject.span.0..c.subject.span.1], "The company");
    assert_eq!(&text[c.predicate.span.0..c.predicate.span.1], "won");
    let o = c.object.as_ref().unwrap();
    assert_eq!(&text[o.span.0..o.span.1], "a contract");
    assert!(c.confidence > 0.0 && c.confidence <= 1.0);
}

#[test]
fn confidence_ranks_a_verb_with_its_own_subject_above_an_apposition() {
    let p = run("en", "Paolo Conti, the minister of finance, signed the decree.");
    let (_, verb) = find(&p, "Paolo Conti | signed | the decree");
    let (_, appos) = find(&p, "Paolo Conti | is | the minister of finance");
    assert!(verb.confidence > appos.confidence, "{} > {}", verb.confidence, appos.confidence);
}

#[test]
fn json_records_carry_the_surface_phrases_and_properties() {
    // Character offsets (code points), not bytes: the accented letters come first.
    let text = "Élodie Brès a réparé le toit.";
    let p = run("fr", text);
    let mut out = Vec::new();
    newskg::records::write_lines(&mut out, &p, &newskg::vocab::Iris::default()).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let t = lines.iter().find(|l| l["type"] == "triple" && l["predicate_text"] == "a réparé").unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(t["subject_text"], "Élodie Brès");
    assert_eq!(t["object_text"], "le toit");
    assert_eq!(t["predicate"], "réparer");
    assert_eq!(t["tense"], "past");
    assert_eq!(t["voice"], "active");
    assert_eq!(t["polarity"], "positive");
    assert_eq!(t["subject_span"], serde_json::json!([0, 11]));
    assert_eq!(t["predicate_span"], serde_json::json!([12, 20]));
    assert_eq!(t["object_span"], serde_json::json!([21, 28]));
    assert!(t["confidence"].as_f64().unwrap() > 0.0);
}

#[test]
fn rdf_statements_have_nif_spans_and_every_ontology_term_is_declared() {
    use oxigraph::model::{Term, TermRef};
    let text = "The spokesman said that the council had approved the budget in March.";
    let p = run("en", text);
    let iris = newskg::vocab::Iris::default();
    let quads = newskg::rdf::document_quads(&p, &iris, k());
    let nkg = "https://w3id.org/newskg/ontology#";
    let nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
    let obj = |s: &oxigraph::model::NamedOrBlankNode, pred: &str| -> Vec<Term> {
        quads.iter().filter(|q| &q.subject == s && q.predicate.as_str() == pred).map(|q| q.object.clone()).collect()
    };
    let lit = |t: &Term| match t.as_ref() {
        TermRef::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    };
    // The outer statement: its three phrases as NIF strings whose anchors are the text.
    let outer = quads
        .iter()
        .find(|q| q.predicate.as_str() == format!("{nkg}predicateText") && lit(&q.object) == "said that")
        .map(|q| q.subject.clone())
        .expect("the outer statement");
    for (prop, anchor) in [("subjectPhrase", "The spokesman"), ("objectPhrase", "the council had approved the budget in March")] {
        let node = obj(&outer, &format!("{nkg}{prop}"));
        assert_eq!(node.len(), 1, "{prop}");
        let Term::NamedNode(n) = &node[0] else { panic!("{prop} is a node") };
        let n = oxigraph::model::NamedOrBlankNode::NamedNode(n.clone());
        assert_eq!(obj(&n, &format!("{nif}anchorOf")).iter().map(lit).collect::<Vec<_>>(), [anchor]);
        let begin: usize = lit(&obj(&n, &format!("{nif}beginIndex"))[0]).parse().unwrap();
        let end: usize = lit(&obj(&n, &format!("{nif}endIndex"))[0]).parse().unwrap();
        assert_eq!(&text[begin..end], anchor, "ASCII text: characters are bytes");
    }
    // Reported speech: the outer statement's object statement is the inner clause.
    let inner = obj(&outer, &format!("{nkg}objectStatement"));
    assert_eq!(inner.len(), 1);
    let Term::NamedNode(inner) = &inner[0] else { panic!() };
    let inner = oxigraph::model::NamedOrBlankNode::NamedNode(inner.clone());
    assert_eq!(obj(&inner, &format!("{nkg}predicateText")).iter().map(lit).collect::<Vec<_>>(), ["had approved"]);
    let arg = obj(&inner, &format!("{nkg}argument"));
    assert_eq!(arg.len(), 1);
    let Term::NamedNode(arg) = &arg[0] else { panic!() };
    let arg = oxigraph::model::NamedOrBlankNode::NamedNode(arg.clone());
    assert_eq!(obj(&arg, &format!("{nkg}argumentKind")).iter().map(lit).collect::<Vec<_>>(), ["time"]);

    // Every nkg: term the graph uses (as class or property), and every one the demand scheme
    // uses, is declared in the ontology.
    let onto = newskg::rdf::ontology_quads(k(), &iris).unwrap();
    let declared: std::collections::BTreeSet<String> = onto
        .iter()
        .filter(|q| q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        .filter_map(|q| match &q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(nkg) => Some(n.as_str().to_string()),
            _ => None,
        })
        .collect();
    let mut used: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for q in quads.iter().chain(onto.iter()) {
        if q.predicate.as_str().starts_with(nkg) {
            used.insert(q.predicate.as_str().to_string());
        }
        if q.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
            if let Term::NamedNode(c) = &q.object {
                if c.as_str().starts_with(nkg) {
                    used.insert(c.as_str().to_string());
                }
            }
        }
    }
    assert!(used.contains(&format!("{nkg}cue")), "the demand scheme uses nkg:cue");
    let missing: Vec<&String> = used.iter().filter(|u| !declared.contains(*u)).collect();
    assert!(missing.is_empty(), "used and not declared: {missing:?}");
}
