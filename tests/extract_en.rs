//! English extraction: appeals (who called on whom, for what) and contacts (who talked with whom)
//! on sentences written for these tests. Each test asserts the exact callers, addressees and
//! demand concepts (entity keys such as `country/RUS` or `person/sergei-lavrov`), so that it
//! fails when the behaviour breaks. Tests marked `#[ignore = "needs code: …"]` describe a form
//! the language data cannot reach: the Rust code must change first.

mod common;

use common::*;
use newskg::extract::Event;
use newskg::{Knowledge, Processed};

/// The publication date used when a test does not say otherwise (a Saturday).
const PUB: &str = "2020-10-24";

fn run_on(text: &str, date: Option<&str>) -> Processed {
    run_lang("en", text, date)
}

fn run(text: &str) -> Processed {
    run_on(text, Some(PUB))
}

/// A sentence that names the two parties, for plural noun phrases that refer back to them.
const PARTIES: &str = "Armenia and Azerbaijan accused each other of breaking the truce.";

fn concepts(e: &Event) -> Vec<&str> {
    e.demands.iter().map(|x| x.concept.as_str()).collect()
}

// ------------------------------------------------------------------------------------------
// Appeal verbs and their constructions.

#[test]
fn call_on_x_to() {
    let d = run("Russian President Vladimir Putin called on Armenia and Azerbaijan to stop the fighting.");
    assert_eq!(appeals(&d), vec![ap(&[PUTIN], &[ARM, AZE], &["ceasefire"])]);
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"), "the role gives the person's state");
    assert_eq!(e.cameo, "0256");
}

#[test]
fn call_for() {
    let d = run("The Turkish Foreign Minister, Mevlut Cavusoglu, called for the withdrawal of Armenian troops.");
    assert_eq!(appeals(&d), vec![ap(&[CAVUSOGLU], &[], &["withdrawal"])]);
    assert_eq!(only_appeal(&d).caller[0].country.as_deref(), Some("TUR"));
}

#[test]
fn urge_x_to_with_capitals() {
    let d = run("Russia's Foreign Minister Sergei Lavrov urged Baku and Yerevan to resume negotiations.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM, AZE], &["negotiations"])]);
    assert_eq!(only_appeal(&d).cameo, "026");
}

#[test]
fn urge_with_a_noun_demand() {
    let d = run("France has urged restraint.");
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[], &["restraint"])]);
}

#[test]
fn ask_x_to_and_for() {
    let d = run("The United Nations asked Armenia to allow humanitarian access.");
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(keys(&e.addressee), vec![ARM]);
    assert_eq!(concepts(e), vec!["humanitarian-access"]);
    assert_eq!(e.cameo, "0255");
    let d = run("Russia asked Armenia for a ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM], &["ceasefire"])]);
}

#[test]
fn press_x_to() {
    let d = run("Iran pressed Azerbaijan to release the prisoners.");
    assert_eq!(appeals(&d), vec![ap(&["country/IRN"], &[AZE], &["release"])]);
    assert_eq!(only_appeal(&d).cameo, "0253");
}

#[test]
fn appeal_to_x_to() {
    let d = run(&format!("{PARTIES} The European Union appealed to the warring parties to protect civilians."));
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(keys(&e.addressee), vec![ARM, AZE]);
    assert_eq!(concepts(e), vec!["civilian-protection"]);
}

#[test]
fn demand() {
    let d = run("The Kremlin demanded an end to the bloodshed.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["end-violence"])]);
    assert_eq!(only_appeal(&d).cameo, "1056", "a demand is CAMEO 10x, not 02x");
    let d = run("The Kremlin called for an end to the bloodshed.");
    assert_eq!(only_appeal(&d).cameo, "0256");
}

#[test]
fn several_tenses() {
    let d = run("Moscow is calling on Ankara to avoid the involvement of foreign fighters.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[TUR], &["no-foreign-involvement"])]);
    let d = run("Turkey had urged Azerbaijan to show restraint.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[AZE], &["restraint"])]);
    let d = run("Russia will urge Armenia to show restraint.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM], &["restraint"])]);
    let d = run("China urges Azerbaijan to respect international law.");
    assert_eq!(appeals(&d), vec![ap(&["country/CHN"], &[AZE], &["compliance"])]);
}

#[test]
fn negation_means_no_appeal() {
    let d = run("Russia did not call for a ceasefire.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Russia has never urged Armenia to withdraw.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Russia did not urge Armenia to show restraint.");
    assert_eq!(appeals(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Nominal and passive forms.

#[test]
fn nominal_calls() {
    let d = run("Russia's call for a ceasefire went unheeded.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    let d = run("The call by Turkey for a ceasefire went unanswered.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[], &["ceasefire"])]);
}

#[test]
fn calls_with_a_light_verb() {
    let d = run("Russia has issued repeated calls for a ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    let d = run("Iran reiterated its appeal for de-escalation.");
    assert_eq!(appeals(&d), vec![ap(&["country/IRN"], &[], &["de-escalation"])]);
    let d = run("Sergei Lavrov, Russia's top diplomat, arrived in Baku. The Russian foreign minister renewed his call for a ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[], &["ceasefire"])]);
}

#[test]
fn passive_with_the_caller_of_the_previous_sentence() {
    let d = run("The Russian Foreign Minister, Sergei Lavrov, spoke with his Turkish counterpart. A call was made for the cessation of hostilities.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[], &["ceasefire"])]);
}

#[test]
fn passive_with_an_inverted_speaker() {
    let d = run("A call was made for a resumption of talks, said the Iranian Foreign Ministry spokesman.");
    let e = only_appeal(&d);
    assert_eq!(e.caller.len(), 1);
    assert_eq!(e.caller[0].country.as_deref(), Some("IRN"), "the spokesperson speaks for Iran");
    assert_eq!(concepts(e), vec!["negotiations"]);
}

#[test]
fn passive_with_a_speaker_before_said() {
    let d = run("\"A call was made for a resumption of talks,\" the Iranian Foreign Ministry spokesman said.");
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].country.as_deref(), Some("IRN"));
    let d = run(&format!("{PARTIES} The two countries must stop the fighting, Russian Foreign Ministry spokeswoman Maria Zakharova said."));
    assert_eq!(appeals(&d), vec![ap(&[ZAKHAROVA], &[ARM, AZE], &["ceasefire"])]);
}

// ------------------------------------------------------------------------------------------
// Reported speech and participles.

#[test]
fn reported_speech_with_inversion() {
    let d = run("\"We demand an immediate withdrawal of troops,\" said Russian Foreign Ministry spokeswoman Maria Zakharova.");
    assert_eq!(appeals(&d), vec![ap(&[ZAKHAROVA], &[], &["withdrawal"])]);
    assert_eq!(only_appeal(&d).caller[0].country.as_deref(), Some("RUS"));
    let d = run(&format!("{PARTIES} \"The two countries must stop the fighting,\" said Russian Foreign Ministry spokeswoman Maria Zakharova."));
    assert_eq!(appeals(&d), vec![ap(&[ZAKHAROVA], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn participle() {
    let d = run("Turkey issued a statement, calling for an immediate ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[], &["ceasefire"])]);
}

// ------------------------------------------------------------------------------------------
// Demands: coordination and every concept of the scheme.

#[test]
fn coordinated_demands() {
    let d = run("Russian President Vladimir Putin called on Armenia and Azerbaijan to cease fire and to start negotiations.");
    assert_eq!(appeals(&d), vec![ap(&[PUTIN], &[ARM, AZE], &["ceasefire", "negotiations"])]);
    let texts: Vec<String> = only_appeal(&d).demands.iter().map(|x| x.text.clone()).collect();
    assert_eq!(texts, vec!["cease fire", "start negotiations"], "each demand keeps its own text");
    let d = run("Russia called for a political solution and the de-escalation of tensions.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["de-escalation", "negotiations"])]);
}

#[test]
fn every_concept_of_the_scheme() {
    let cases: &[(&str, &[&str], &str, &str)] = &[
        ("Russia urged Armenia to agree to a ceasefire.", &[ARM], "ceasefire", "0256"),
        ("Russia urged Armenia to start peace talks.", &[ARM], "negotiations", "026"),
        ("Russia urged Armenia to ease tensions.", &[ARM], "de-escalation", "0256"),
        ("Russia urged Armenia to show restraint.", &[ARM], "restraint", "0256"),
        ("Russia urged Armenia to end the violence.", &[ARM], "end-violence", "0256"),
        ("Russia urged Armenia to protect civilians.", &[ARM], "civilian-protection", "020"),
        ("Russia urged Armenia to allow humanitarian aid.", &[ARM], "humanitarian-access", "0255"),
        ("Russia urged Armenia to withdraw its troops.", &[ARM], "withdrawal", "0256"),
        ("Russia urged Armenia to release the hostages.", &[ARM], "release", "0253"),
        ("Russia urged Armenia to keep foreign fighters out.", &[ARM], "no-foreign-involvement", "020"),
        ("Russia urged Armenia to accept mediation.", &[ARM], "mediation", "028"),
        ("Russia urged Armenia to implement the agreement.", &[ARM], "compliance", "020"),
        ("Russia urged Armenia to recognise the borders.", &[ARM], "other", "020"),
    ];
    for (text, addressees, concept, cameo) in cases {
        let d = run(text);
        assert_eq!(appeals(&d), vec![ap(&[RUS], addressees, &[concept])], "{text}");
        assert_eq!(only_appeal(&d).cameo, *cameo, "{text}");
    }
    let d = run("Russia urged the United Nations to intervene.");
    let e = only_appeal(&d);
    assert_eq!(concepts(e), vec!["intervention"]);
    assert_eq!(e.addressee[0].etype.as_str(), "Organization");
    assert_eq!(e.cameo, "0234");
}

#[test]
fn demands_as_clauses() {
    let d = run("Russia called for the fighting to stop.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    let d = run("France called for the violence to end.");
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[], &["end-violence"])]);
}

// ------------------------------------------------------------------------------------------
// What is not an appeal.

#[test]
fn an_offer_is_not_an_appeal() {
    let d = run("Russia is ready to host talks between Armenia and Azerbaijan.");
    assert_eq!(appeals(&d), vec![]);
    assert_eq!(contacts(&d), vec![], "an offer to host talks is not a contact either");
    let d = run("The Russian Foreign Ministry said Moscow was ready to host talks between Armenia and Azerbaijan.");
    assert_eq!(appeals(&d), vec![]);
    assert_eq!(contacts(&d), vec![]);
}

#[test]
fn a_commitment_is_not_an_appeal() {
    let d = run("Armenia pledged to respect the ceasefire.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Azerbaijan promised to spare civilians.");
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn an_agreement_is_not_an_appeal() {
    let d = run("Armenia and Azerbaijan agreed on a humanitarian ceasefire.");
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn a_prediction_is_not_an_appeal() {
    let d = run("Analysts expect Russia to call for a ceasefire soon.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Russia could call for a ceasefire.");
    assert_eq!(appeals(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Contacts.

#[test]
fn spoke_by_phone() {
    let d = run("Sergei Lavrov spoke by phone with Mevlut Cavusoglu on Wednesday.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    let e = only_contact(&d);
    assert_eq!(e.cameo, "041");
    assert_eq!(e.date.as_deref(), Some("2020-10-21"));
}

#[test]
fn phone_talks_and_phone_calls() {
    let d = run("Sergei Lavrov held phone talks with his Turkish counterpart, Mevlut Cavusoglu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    let d = run("Sergei Lavrov held phone calls with Mevlut Cavusoglu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    let d = run("Russia's top diplomat, Sergei Lavrov, phoned his Azerbaijani counterpart, Jeyhun Bayramov.");
    assert_eq!(contacts(&d), vec![ct(&[BAYRAMOV, LAVROV], "phone")]);
    let e = only_contact(&d);
    assert_eq!(entity(&e.participants, LAVROV).country.as_deref(), Some("RUS"));
    assert_eq!(entity(&e.participants, BAYRAMOV).country.as_deref(), Some("AZE"));
}

#[test]
fn contact_noun_after_an_apposed_subject() {
    let d = run("Russia's top diplomat, Sergei Lavrov, held phone talks with Mevlut Cavusoglu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
}

#[test]
fn met_and_held_talks() {
    let d = run("Sergei Lavrov met his Turkish counterpart, Mevlut Cavusoglu, in Moscow.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "meeting")]);
    assert_eq!(only_contact(&d).cameo, "044");
    let d = run("Russian President Vladimir Putin held talks with Turkish President Recep Tayyip Erdogan.");
    assert_eq!(contacts(&d), vec![ct(&[PUTIN, "person/recep-taiip-erdogan"], "meeting")]);
    let d = run("Mevlut Cavusoglu held consultations with Sergei Lavrov.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "meeting")]);
}

#[test]
fn planned_meeting() {
    let d = run("The Russian foreign minister, Sergei Lavrov, will meet his Armenian counterpart, Zohrab Mnatsakanyan, on Monday.");
    assert_eq!(contacts(&d), vec![ct(&[LAVROV, MNATSAKANYAN], "meeting")]);
    assert_eq!(only_contact(&d).date.as_deref(), Some("2020-10-26"), "a future Monday is the next one");
}

#[test]
fn separately_means_separate_pairs() {
    let d = run(
        "The Russian foreign minister, Sergei Lavrov, spoke separately with his Armenian and Azerbaijani counterparts, \
         Zohrab Mnatsakanyan and Jeyhun Bayramov.",
    );
    assert_eq!(contacts(&d), vec![ct(&[BAYRAMOV, LAVROV], "meeting"), ct(&[LAVROV, MNATSAKANYAN], "meeting")]);
}

#[test]
fn separate_before_the_noun() {
    let d = run("Vladimir Putin held separate phone calls with Nikol Pashinyan and Ilham Aliyev.");
    assert_eq!(contacts(&d), vec![ct(&[ALIYEV, PUTIN], "phone"), ct(&[PASHINYAN, PUTIN], "phone")]);
}

#[test]
fn visits_and_hosting() {
    let d = run("Emmanuel Macron visited Yerevan.");
    assert_eq!(contacts(&d), vec![ct(&[ARM, "person/emanuel-macron"], "visit")]);
    assert_eq!(only_contact(&d).cameo, "042");
    let d = run("Emmanuel Macron hosted Nikol Pashinyan in Paris.");
    assert_eq!(contacts(&d), vec![ct(&["person/emanuel-macron", PASHINYAN], "hosting")]);
    assert_eq!(only_contact(&d).cameo, "043");
}

#[test]
fn negated_or_denied_meetings() {
    let d = run("No meeting between Nikol Pashinyan and Ilham Aliyev has been announced.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("Nikol Pashinyan did not meet Ilham Aliyev.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("The Kremlin denied any meeting between Vladimir Putin and Recep Tayyip Erdogan.");
    assert_eq!(contacts(&d), vec![]);
}

#[test]
fn denied_that_they_met() {
    let d = run("The Kremlin denied that Vladimir Putin had met Recep Tayyip Erdogan.");
    assert_eq!(contacts(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Entities as actors.

#[test]
fn roles_and_coreference() {
    let d = run(
        "Sergei Lavrov, Russia's top diplomat, phoned his Armenian and Azerbaijani counterparts, Zohrab Mnatsakanyan and Jeyhun Bayramov. \
         Mr Lavrov urged the ministers to stop the fighting.",
    );
    // Phoning two counterparts is two calls: the counterparts did not talk to each other.
    assert_eq!(contacts(&d), vec![ct(&[BAYRAMOV, LAVROV], "phone"), ct(&[LAVROV, MNATSAKANYAN], "phone")]);
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[BAYRAMOV, MNATSAKANYAN], &["ceasefire"])]);
    let d = run(
        "The Russian Foreign Minister, Sergei Lavrov, arrived in Yerevan. \
         Lavrov urged Armenia to resume talks. The Russian foreign minister also called for restraint.",
    );
    assert_eq!(
        appeals(&d),
        vec![ap(&[LAVROV], &[ARM], &["negotiations"]), ap(&[LAVROV], &[], &["restraint"])]
    );
}

#[test]
fn a_role_without_a_name_keeps_its_state() {
    let d = run("The Russian foreign minister met his Turkish counterpart in Moscow.");
    let e = only_contact(&d);
    let mut states: Vec<&str> = e.participants.iter().filter_map(|p| p.country.as_deref()).collect();
    states.sort();
    assert_eq!(states, vec!["RUS", "TUR"]);
    assert!(e.participants.iter().all(|p| p.etype.as_str() == "Person"));
}

#[test]
fn plural_noun_phrases() {
    let d = run(&format!("{PARTIES} The United Nations asked the two countries to allow humanitarian access."));
    assert_eq!(keys(&only_appeal(&d).addressee), vec![ARM, AZE]);
    let d = run(&format!("{PARTIES} China urged all parties to comply with the agreement."));
    assert_eq!(appeals(&d), vec![ap(&["country/CHN"], &[ARM, AZE], &["compliance"])]);
    let d = run(&format!("{PARTIES} Moscow urged Baku and Yerevan to show restraint."));
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["restraint"])]);
}

#[test]
fn urged_both_sides() {
    let d = run(&format!("{PARTIES} The Russian Foreign Ministry urged both sides to show restraint."));
    assert_eq!(keys(&only_appeal(&d).addressee), vec![ARM, AZE]);
}

#[test]
fn object_pronouns_after_the_verb() {
    let d = run("Baku and Yerevan reject the accusations. Moscow called on them to show restraint.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["restraint"])]);
    let d = run("Sergei Lavrov phoned his Armenian and Azerbaijani counterparts, Zohrab Mnatsakanyan and Jeyhun Bayramov. He urged them to stop the fighting.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[BAYRAMOV, MNATSAKANYAN], &["ceasefire"])]);
}

#[test]
fn parties_without_antecedent_are_not_guessed() {
    let d = run("France urged the warring parties to show restraint.");
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[], &["restraint"])]);
}

#[test]
fn fronted_phrase_before_the_subject() {
    let d = run("During a phone call with his Armenian counterpart, Sergei Lavrov urged Yerevan to stop the fighting.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM], &["ceasefire"])]);
    assert_eq!(only_appeal(&d).channel.as_deref(), Some("phone"));
}

#[test]
fn ministries_and_forces_stand_for_their_state() {
    let d = run(&format!("{PARTIES} The Russian Foreign Ministry urged the warring parties to show restraint."));
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"));
    assert_eq!(keys(&e.addressee), vec![ARM, AZE]);
    let d = run(&format!("{PARTIES} Russian peacekeepers urged the two countries to respect the ceasefire."));
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"));
    assert_eq!(keys(&e.addressee), vec![ARM, AZE]);
    assert_eq!(concepts(e), vec!["compliance"]);
    let d = run("The Russian peacekeeping forces urged Armenia to respect the ceasefire.");
    assert_eq!(only_appeal(&d).caller[0].country.as_deref(), Some("RUS"));
}

#[test]
fn one_key_across_spellings_and_languages() {
    let k = Knowledge::builtin().unwrap();
    let en = run("Nikol Pashinyan spoke by phone with Ilham Aliyev.");
    let fr = newskg::extract_text("t2", "Nikol Pachinian s'est entretenu par téléphone avec Ilham Aliev.", Some("fr"), Some(PUB), &k);
    assert_eq!(contacts(&en), vec![ct(&[ALIYEV, PASHINYAN], "phone")]);
    assert_eq!(contacts(&fr), contacts(&en));
}

#[test]
fn putin_and_poutine_are_one_person() {
    let k = Knowledge::builtin().unwrap();
    let en = run("Vladimir Putin spoke by phone with Ilham Aliyev.");
    let fr = newskg::extract_text("t2", "Vladimir Poutine s'est entretenu par téléphone avec Ilham Aliev.", Some("fr"), Some(PUB), &k);
    assert_eq!(contacts(&fr), contacts(&en));
}

// ------------------------------------------------------------------------------------------
// Time and codes.

#[test]
fn dates_resolved_against_the_publication_date() {
    let d = run("On Wednesday, 21 October, Russia called for a ceasefire.");
    assert_eq!(only_appeal(&d).date.as_deref(), Some("2020-10-21"));
    let d = run("Sergei Lavrov spoke by phone with Mevlut Cavusoglu on Wednesday, 21 October.");
    assert_eq!(only_contact(&d).date.as_deref(), Some("2020-10-21"));
    let cases = [
        ("Russia called for a ceasefire on Monday.", "2020-10-19"),
        ("Four days ago, Russia called for a ceasefire.", "2020-10-20"),
        ("Russia called for a ceasefire yesterday.", "2020-10-23"),
        ("Russia called for a ceasefire on October 20.", "2020-10-20"),
    ];
    for (text, date) in cases {
        let d = run(text);
        assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])], "{text}");
        assert_eq!(only_appeal(&d).date.as_deref(), Some(date), "{text}");
    }
}

#[test]
fn dates_unresolved_without_a_publication_date() {
    for text in ["Russia called for a ceasefire on Monday.", "Four days ago, Russia called for a ceasefire.", "On Wednesday, Russia called for a ceasefire."] {
        let d = run_on(text, None);
        let e = only_appeal(&d);
        assert_eq!(e.date, None, "{text}: a date without a reference point is not guessed");
        assert!(e.date_text.is_some(), "{text}: the date expression is kept");
    }
    let d = run_on("On 21 October 2020, Russia called for a ceasefire.", None);
    assert_eq!(only_appeal(&d).date.as_deref(), Some("2020-10-21"), "a full date needs no reference");
}

#[test]
fn date_inside_call_for() {
    let d = run("Russia called on Wednesday, 21 October for a ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    assert_eq!(only_appeal(&d).date.as_deref(), Some("2020-10-21"));
}

#[test]
fn must_in_a_that_clause_of_a_reporting_verb() {
    let d = run(&format!("{PARTIES} The Russian Foreign Ministry said in a statement that the two countries must stop the fighting."));
    assert_eq!(appeals(&d), vec![ap(&["org/RUS-foreign-ministry"], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn plural_subject_with_a_contact_noun() {
    let d = run("Russian President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan discussed the situation in a phone call.");
    assert_eq!(contacts(&d), vec![ct(&["person/recep-taiip-erdogan", "person/vladimir-putin"], "phone")]);
}

#[test]
fn appeal_verb_in_the_passive() {
    let d = run("Armenia and Azerbaijan were urged by Russia to stop the fighting.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn a_negated_demand_is_not_that_demand() {
    let d = run("Russia urged Armenia not to withdraw its troops and to respect the truce.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM], &["compliance"])]);
}

#[test]
fn an_organisation_title_before_a_name_is_the_person() {
    let d = run("NATO Secretary General Jens Stoltenberg called on Azerbaijan and Armenia to cease hostilities immediately.");
    assert_eq!(appeals(&d), vec![ap(&["person/jens-stoltenberg"], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn an_offer_coordinated_with_an_appeal_is_not_a_demand() {
    let d = run("Iran's foreign ministry called for restraint and offered to mediate.");
    assert_eq!(appeals(&d), vec![ap(&["org/IRN-foreign-ministry"], &[], &["restraint"])]);
}

#[test]
fn a_title_unknown_to_the_gazetteer_before_the_partner() {
    let d = run("The foreign ministers of Armenia and Azerbaijan met separately with Secretary of State Mike Pompeo in Washington.");
    assert_eq!(
        contacts(&d),
        vec![
            ct(&["person/mike-pompeo", "role/foreign-minister-ARM"], "meeting"),
            ct(&["person/mike-pompeo", "role/foreign-minister-AZE"], "meeting")
        ]
    );
    let d = run("Turkey's President Recep Tayyip Erdogan has urged Armenia to end its occupation.");
    assert_eq!(appeals(&d), vec![ap(&["person/recep-taiip-erdogan"], &[ARM], &["withdrawal"])]);
}

// ------------------------------------------------------------------------------------------
// Real-news forms (issue 10): classes of misses found on unseen articles, in our own words.

#[test]
fn a_title_before_a_single_name_makes_a_person() {
    let d = run("Pope Gregory urged both sides to end the fighting.");
    assert_eq!(appeals(&d).iter().map(|a| a.0.clone()).collect::<Vec<_>>(), vec![vec!["person/gregori".to_string()]]);
    let d = run("PM Sharma called for a ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&["person/sharma"], &[], &["ceasefire"])]);
}

#[test]
fn coordinated_subject_with_an_apposition_and_a_fronted_date() {
    let d = run("Norway, Iceland and Denmark, the hosts of the talks, on Sunday urged Serbia and Kosovo to resume the dialogue.");
    assert_eq!(appeals(&d), vec![ap(&["country/DNK", "country/ISL", "country/NOR"], &["country/SRB", "country/XKX"], &["negotiations"])]);
}

#[test]
fn object_after_adverbials_and_passive_hosting() {
    let d = run("The Kenyan president, William Ruto, received on Monday in Nairobi the Ethiopian foreign minister, Abebe Tadesse.");
    assert_eq!(contacts(&d), vec![ct(&["person/abebe-tadese", "person/viliam-ruto"], "hosting")]);
}

#[test]
fn a_wished_meeting_is_not_a_meeting() {
    let d = run("Pretoria called for a meeting between Kyiv and Moscow.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("Lula wants to meet the Chinese president next year.");
    assert_eq!(contacts(&d), vec![]);
}

#[test]
fn he_in_reported_speech_is_the_reporter() {
    let d = run("Scholz said on Friday that during his phone call with Vladimir Putin he urged Russia to withdraw its troops.");
    assert_eq!(contacts(&d), vec![ct(&["person/sholz", "person/vladimir-putin"], "phone")]);
}

#[test]
fn stressing_the_need_for_is_an_appeal() {
    let d = run("Brazil stressed the need for an immediate ceasefire.");
    assert_eq!(appeals(&d), vec![ap(&["country/BRA"], &[], &["ceasefire"])]);
    let d = run("Norway did not stress the need for a ceasefire.");
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn request_and_nudge() {
    let d = run("Kenya requested an immediate ceasefire in Sudan.");
    assert_eq!(appeals(&d), vec![ap(&["country/KEN"], &[], &["ceasefire"])]);
    let d = run("India nudged Russia to end the violence.");
    assert_eq!(appeals(&d), vec![ap(&["country/IND"], &["country/RUS"], &["end-violence"])]);
}

#[test]
fn datelines_chairperson_titles_and_he_after_an_unknown_name() {
    let d = run("Lima/Quito: The International Committee of the Red Cross has urged Peru and Ecuador to respect the truce.");
    assert_eq!(appeals(&d).len(), 1);
    assert_eq!(appeals(&d)[0].1, vec!["country/ECU".to_string(), "country/PER".to_string()]);
    assert!(!appeals(&d)[0].0.iter().any(|c| c.starts_with("country/")), "the dateline is not the caller: {:?}", appeals(&d));
    let d = run("AU Chairperson Moussa Faki Mahamat urged Ethiopia to resume talks.");
    assert_eq!(appeals(&d), vec![ap(&["person/musa-faki-mahamat"], &["country/ETH"], &["negotiations"])]);
    let d = run("On Monday, Tavares appealed to both sides for calm. He urged Chile to release the prisoners.");
    assert_eq!(appeals(&d).last().map(|a| a.0.clone()), Some(vec!["person/tavares".to_string()]));
}
