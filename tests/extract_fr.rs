//! French extraction: appeals (who called on whom, for what) and contacts (who talked with whom)
//! on sentences written for these tests. Each test asserts the exact callers, addressees and
//! demand concepts (entity keys such as `country/RUS` or `person/sergei-lavrov`), so that it
//! fails when the behaviour breaks. Tests marked `#[ignore = "needs code: …"]` describe a form
//! the language data cannot reach: the Rust code must change first.

mod common;

use common::*;
use newskg::extract::EventKind;
use newskg::Processed;

/// The publication date used when a test does not say otherwise (a Thursday).
const PUB: &str = "2020-10-01";

fn run_on(text: &str, date: Option<&str>) -> Processed {
    run_lang("fr", text, date)
}

fn run(text: &str) -> Processed {
    run_on(text, Some(PUB))
}

/// A sentence that names the two parties, for plural noun phrases that refer back to them.
const PARTIES: &str = "L'Arménie et l'Azerbaïdjan s'accusent mutuellement d'avoir rompu la trêve.";

// ------------------------------------------------------------------------------------------
// Appeal verbs and their constructions.

#[test]
fn appeler_x_a_un_nom() {
    let d = run("Le président russe Vladimir Poutine a appelé l'Arménie et l'Azerbaïdjan à un cessez-le-feu immédiat.");
    assert_eq!(appeals(&d), vec![ap(&["person/vladimir-putin"], &[ARM, AZE], &["ceasefire"])]);
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"), "the role gives the person's state");
    assert_eq!(e.cameo, "0256");
}

#[test]
fn exhorter_x_a_avec_des_capitales() {
    let d = run("Le ministre russe des Affaires étrangères, Sergueï Lavrov, a exhorté Bakou et Erevan à reprendre les négociations.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM, AZE], &["negotiations"])]);
    assert_eq!(only_appeal(&d).cameo, "026");
}

#[test]
fn inviter_les_parties_en_conflit() {
    let d = run(&format!("{PARTIES} La France invite les parties en conflit à faire preuve de retenue."));
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[ARM, AZE], &["restraint"])]);
}

#[test]
fn demander_a_x_de_au_present() {
    let d = run("La Russie demande à l'Azerbaïdjan de retirer ses troupes.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[AZE], &["withdrawal"])]);
    assert_eq!(only_appeal(&d).cameo, "0256", "withdrawal: de-escalation (DESIGN.md)");
    // *exiger*, *réclamer*: demands, CAMEO 10x.
    let d = run("La France exige de l'Azerbaïdjan le retrait de ses troupes.");
    assert_eq!(only_appeal(&d).cameo, "1056", "{:?}", appeals(&d));
    let d = run("Le Kremlin réclame un cessez-le-feu immédiat.");
    assert_eq!(only_appeal(&d).cameo, "1056", "{:?}", appeals(&d));
}

#[test]
fn demander_a_x_de_avec_une_capitale() {
    let d = run("La Russie demandait à Bakou de retirer ses troupes.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[AZE], &["withdrawal"])]);
}

#[test]
fn demander_au_passe_compose() {
    let d = run("Moscou a demandé à Bakou de retirer ses troupes.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[AZE], &["withdrawal"])]);
}

#[test]
fn presser_x_de() {
    let d = run("Le chef de la diplomatie turque, Mevlüt Çavuşoğlu, presse l'Arménie de libérer les prisonniers.");
    assert_eq!(appeals(&d), vec![ap(&[CAVUSOGLU], &[ARM], &["release"])]);
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].country.as_deref(), Some("TUR"));
    assert_eq!(e.cameo, "0253");
}

#[test]
fn enjoindre_a_x_de() {
    let d = run("L'ONU a enjoint à l'Azerbaïdjan de garantir l'accès humanitaire.");
    let a = appeals(&d);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].1, vec![AZE.to_string()]);
    assert_eq!(a[0].2, vec!["humanitarian-access".to_string()]);
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(e.cameo, "0255");
}

#[test]
fn enjoindre_aux_belligerants() {
    let d = run(&format!("{PARTIES} L'ONU enjoint aux belligérants de cesser le feu."));
    let a = appeals(&d);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!((a[0].1.clone(), a[0].2.clone()), (vec![ARM.to_string(), AZE.to_string()], vec!["ceasefire".to_string()]));
}

#[test]
fn plaider_pour() {
    let d = run("L'Iran plaide pour une médiation régionale.");
    assert_eq!(appeals(&d), vec![ap(&["country/IRN"], &[], &["mediation"])]);
    assert_eq!(only_appeal(&d).cameo, "028");
}

#[test]
fn reclamer_avec_un_alias_d_etat() {
    let d = run("Le Kremlin a réclamé la libération des prisonniers.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["release"])]);
}

#[test]
fn proner() {
    let d = run("La Turquie prône le retrait des forces arméniennes.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[], &["withdrawal"])]);
}

#[test]
fn se_prononcer_pour_et_en_faveur_de() {
    let d = run("La Russie s'est prononcée pour l'arrêt des combats.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    let d = run("L'Union européenne s'est prononcée en faveur d'une désescalade.");
    let a = appeals(&d);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].2, vec!["de-escalation".to_string()]);
    assert_eq!(only_appeal(&d).caller[0].etype.as_str(), "Organization");
}

#[test]
fn lancer_un_appel_a() {
    let d = run("Le secrétaire général de l'ONU, António Guterres, a lancé un appel à la protection des civils.");
    assert_eq!(appeals(&d), vec![ap(&["person/antonio-guteres"], &[], &["civilian-protection"])]);
}

#[test]
fn reiterer_son_appel() {
    let d = run("Moscou a réitéré son appel à mettre fin à l'effusion de sang.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["end-violence"])]);
    assert_eq!(only_appeal(&d).cameo, "0256");
}

#[test]
fn renouveler_son_appel() {
    let d = run("Le Kazakhstan a renouvelé son appel à l'arrêt des hostilités.");
    assert_eq!(appeals(&d), vec![ap(&["country/KAZ"], &[], &["ceasefire"])]);
}

#[test]
fn plusieurs_temps() {
    // Passé simple, imparfait, plus-que-parfait, présent, futur.
    let d = run("La Russie appela l'Arménie à la retenue.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM], &["restraint"])]);
    let d = run(&format!("{PARTIES} La Russie appelait les deux pays au calme."));
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["de-escalation"])]);
    let d = run("La Turquie avait appelé l'Azerbaïdjan à poursuivre le dialogue.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[AZE], &["negotiations"])]);
    let d = run("La Chine exhorte l'Azerbaïdjan à respecter le droit international.");
    assert_eq!(appeals(&d), vec![ap(&["country/CHN"], &[AZE], &["compliance"])]);
    let d = run(&format!("{PARTIES} La Géorgie appellera les deux pays à éviter toute implication de combattants étrangers."));
    assert_eq!(appeals(&d), vec![ap(&["country/GEO"], &[ARM, AZE], &["no-foreign-involvement"])]);
}

#[test]
fn clitique_et_date_entre_auxiliaire_et_complement() {
    let d = run(
        "Le ministre russe des Affaires étrangères, Sergueï Lavrov, s'est entretenu par téléphone avec ses homologues \
         arménien et azerbaïdjanais, Zohrab Mnatsakanian et Djeyhoun Baïramov. \
         Il les a exhortés ce 30 septembre à cesser le feu puis à reprendre des négociations.",
    );
    assert_eq!(
        appeals(&d),
        vec![ap(&[LAVROV], &["person/jeihun-bairamov", "person/zohrab-mnatsakanian"], &["ceasefire", "negotiations"])]
    );
    let e = only_appeal(&d);
    assert_eq!(e.date.as_deref(), Some("2020-09-30"));
    assert_eq!(e.cameo, "0256");
    let texts: Vec<&str> = e.demands.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(texts, vec!["cesser le feu", "reprendre des négociations"], "each demand keeps its own text");
    let mnatsakanian = entity(&e.addressee, "person/zohrab-mnatsakanian");
    assert_eq!(mnatsakanian.country.as_deref(), Some("ARM"));
    assert_eq!(entity(&e.addressee, "person/jeihun-bairamov").country.as_deref(), Some("AZE"));
}

#[test]
fn negation_pas_d_appel() {
    let d = run("La Russie n'a pas appelé l'Arménie à cesser le feu.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Moscou n'a jamais exhorté Erevan à retirer ses troupes.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("La Turquie ne prône pas le retrait des forces arméniennes.");
    assert_eq!(appeals(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Nominal and passive forms.

#[test]
fn appel_de_x_a_un_cessez_le_feu() {
    let d = run("L'appel de la Russie à un cessez-le-feu humanitaire est resté sans effet.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
}

#[test]
fn les_appels_avec_un_verbe_support() {
    let d = run(
        "Le chef de la diplomatie russe, Sergueï Lavrov, est arrivé à Bakou. \
         Le chef de la diplomatie russe a multiplié les appels au cessez-le-feu.",
    );
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[], &["ceasefire"])]);
}

#[test]
fn passif_avec_l_appelant_de_la_phrase_precedente() {
    let d = run(
        "Le ministre turc des Affaires étrangères, Mevlüt Çavuşoğlu, s'est entretenu avec son homologue russe. \
         Un appel a été lancé en vue de la reprise des pourparlers.",
    );
    assert_eq!(appeals(&d), vec![ap(&[CAVUSOGLU], &[], &["negotiations"])]);
}

#[test]
fn passif_dans_une_citation() {
    let d = run("« Un appel a été lancé en vue d'un arrêt des hostilités », a déclaré le porte-parole du ministère iranien des Affaires étrangères.");
    let e = only_appeal(&d);
    assert_eq!(e.caller.len(), 1);
    assert_eq!(e.caller[0].country.as_deref(), Some("IRN"), "the spokesperson speaks for Iran");
    assert_eq!(e.demands.iter().map(|x| x.concept.as_str()).collect::<Vec<_>>(), vec!["ceasefire"]);
}

// ------------------------------------------------------------------------------------------
// Reported speech and participles.

#[test]
fn discours_rapporte_avec_inversion() {
    let d = run("« Nous exigeons un retrait immédiat des troupes », a déclaré la porte-parole du ministère russe des Affaires étrangères, Maria Zakharova.");
    assert_eq!(appeals(&d), vec![ap(&["person/maria-zaharova"], &[], &["withdrawal"])]);
    assert_eq!(only_appeal(&d).caller[0].country.as_deref(), Some("RUS"));
}

#[test]
fn discours_rapporte_deontique() {
    let d = run("Il faut mettre fin à l'effusion de sang, a déclaré la porte-parole du ministère russe des Affaires étrangères, Maria Zakharova.");
    assert_eq!(appeals(&d), vec![ap(&["person/maria-zaharova"], &[], &["end-violence"])]);
    let d = run(&format!(
        "{PARTIES} « Les deux pays doivent cesser le feu », a déclaré la porte-parole du ministère russe des Affaires étrangères, Maria Zakharova."
    ));
    assert_eq!(appeals(&d), vec![ap(&["person/maria-zaharova"], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn participe_present() {
    let d = run("La Turquie a publié un communiqué, appelant à une cessation immédiate des hostilités.");
    assert_eq!(appeals(&d), vec![ap(&[TUR], &[], &["ceasefire"])]);
}

// ------------------------------------------------------------------------------------------
// Demands: coordination and every concept of the scheme.

#[test]
fn demandes_coordonnees() {
    let d = run("Le président français Emmanuel Macron a appelé l'Arménie et l'Azerbaïdjan à cesser le feu et à passer aux négociations.");
    assert_eq!(appeals(&d), vec![ap(&["person/emanuel-macron"], &[ARM, AZE], &["ceasefire", "negotiations"])]);
}

#[test]
fn chaque_concept_de_la_demande() {
    let cases: &[(&str, &str, &str)] = &[
        ("La Russie appelle l'Arménie à un cessez-le-feu.", "ceasefire", "0256"),
        ("La Russie appelle l'Arménie à reprendre les pourparlers.", "negotiations", "026"),
        ("La Russie appelle l'Arménie à la désescalade.", "de-escalation", "0256"),
        ("La Russie appelle l'Arménie à la retenue.", "restraint", "0256"),
        ("La Russie appelle l'Arménie à mettre fin aux violences.", "end-violence", "0256"),
        ("La Russie appelle l'Arménie à épargner les civils.", "civilian-protection", "020"),
        ("La Russie appelle l'Arménie à ouvrir un corridor humanitaire.", "humanitarian-access", "0255"),
        ("La Russie appelle l'Arménie au retrait de ses troupes.", "withdrawal", "0256"),
        ("La Russie appelle l'Arménie à libérer les otages.", "release", "0253"),
        ("La Russie appelle l'Arménie à refuser les mercenaires.", "no-foreign-involvement", "020"),
        ("La Russie appelle l'Arménie à intervenir.", "intervention", "0234"),
        ("La Russie appelle l'Arménie à accepter une médiation.", "mediation", "028"),
        ("La Russie appelle l'Arménie à respecter l'accord.", "compliance", "020"),
        ("La Russie appelle l'Arménie à reconnaître ses frontières.", "other", "020"),
    ];
    for (text, concept, cameo) in cases {
        let d = run(text);
        assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM], &[concept])], "{text}");
        assert_eq!(only_appeal(&d).cameo, *cameo, "{text}");
    }
}

#[test]
fn demande_en_proposition_subordonnee() {
    let d = run("La Russie appelle à ce que les combats cessent immédiatement.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])]);
    let d = run("La France a appelé à ce que les violences cessent.");
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[], &["end-violence"])]);
}

#[test]
fn clitique_leur() {
    let d = run(&format!("{PARTIES} Moscou leur demande de cesser le feu."));
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["ceasefire"])]);
}

// ------------------------------------------------------------------------------------------
// What is not an appeal.

#[test]
fn une_offre_n_est_pas_un_appel() {
    let d = run("La Russie se dit prête à accueillir des pourparlers entre l'Arménie et l'Azerbaïdjan.");
    assert_eq!(appeals(&d), vec![]);
    assert_eq!(contacts(&d), vec![], "an offer to host talks is not a contact either");
}

#[test]
fn un_engagement_n_est_pas_un_appel() {
    let d = run("L'Arménie s'est engagée à respecter le cessez-le-feu.");
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn un_accord_conclu_n_est_pas_un_appel() {
    let d = run("L'Arménie et l'Azerbaïdjan se sont mis d'accord sur un cessez-le-feu humanitaire.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("L'Arménie et l'Azerbaïdjan ont convenu d'un cessez-le-feu.");
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn une_prediction_n_est_pas_un_appel() {
    let d = run("Selon les analystes, Moscou pourrait appeler à un cessez-le-feu.");
    assert_eq!(appeals(&d), vec![]);
    let d = run("Les analystes s'attendent à ce que la Russie appelle à un cessez-le-feu.");
    assert_eq!(appeals(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Contacts.

#[test]
fn entretien_telephonique_avec_son_homologue() {
    let d = run(
        "Le chef de la diplomatie turque, Mevlüt Çavuşoğlu, est attendu à Moscou. \
         Le chef de la diplomatie russe, Sergueï Lavrov, a eu un entretien téléphonique avec son homologue turc.",
    );
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    assert_eq!(only_contact(&d).cameo, "041");
}

#[test]
fn s_est_entretenu_par_telephone_avec() {
    let d = run("Sergueï Lavrov s'est entretenu par téléphone avec Mevlüt Çavuşoğlu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    assert_eq!(only_contact(&d).cameo, "041");
}

#[test]
fn entretiens_telephoniques_separes() {
    let d = run("Vladimir Poutine a eu mercredi des entretiens téléphoniques séparés avec Nikol Pachinian et Ilham Aliev.");
    assert_eq!(
        contacts(&d),
        vec![ct(&[ALIYEV, "person/vladimir-putin"], "phone"), ct(&[PASHINYAN, "person/vladimir-putin"], "phone")]
    );
    for e in events(&d, EventKind::Contact) {
        assert_eq!(e.date.as_deref(), Some("2020-09-30"));
    }
}

#[test]
fn appels_telephoniques() {
    let d = run("Vladimir Poutine a eu des appels téléphoniques avec Nikol Pachinian.");
    assert_eq!(contacts(&d), vec![ct(&[PASHINYAN, "person/vladimir-putin"], "phone")]);
    assert_eq!(appeals(&d), vec![], "a phone call is not an appeal");
}

#[test]
fn s_entretenir_separement_donne_des_paires() {
    let d = run(
        "Le ministre russe des Affaires étrangères, Sergueï Lavrov, s'est entretenu séparément avec ses homologues \
         arménien et azerbaïdjanais, Zohrab Mnatsakanian et Djeyhoun Baïramov.",
    );
    assert_eq!(
        contacts(&d),
        vec![ct(&["person/jeihun-bairamov", LAVROV], "meeting"), ct(&["person/zohrab-mnatsakanian", LAVROV], "meeting")]
    );
}

#[test]
fn rencontrer_fait_et_prevu() {
    let d = run("Sergueï Lavrov avait rencontré Mevlüt Çavuşoğlu à Sotchi.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "meeting")]);
    assert_eq!(only_contact(&d).cameo, "044");
    let d = run("Le président turc Recep Tayyip Erdoğan rencontrera Vladimir Poutine.");
    assert_eq!(contacts(&d), vec![ct(&["person/recep-taiip-erdogan", "person/vladimir-putin"], "meeting")]);
}

#[test]
fn rencontrer_au_passe_compose() {
    let d = run("Sergueï Lavrov a rencontré Mevlüt Çavuşoğlu à Sotchi.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "meeting")]);
    let d = run("Sergueï Lavrov a téléphoné à Mevlüt Çavuşoğlu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
}

#[test]
fn s_entretenir_avec_au_futur() {
    let d = run("Le président turc Recep Tayyip Erdoğan s'entretiendra avec Vladimir Poutine.");
    assert_eq!(contacts(&d), vec![ct(&["person/recep-taiip-erdogan", "person/vladimir-putin"], "meeting")]);
}

#[test]
fn consultations_avec() {
    let d = run("Sergueï Lavrov a tenu des consultations avec le ministre iranien des Affaires étrangères, Mohammad Javad Zarif.");
    assert_eq!(contacts(&d), vec![ct(&[LAVROV, "person/mohamad-javad-zarif"], "meeting")]);
}

#[test]
fn visite_et_accueil() {
    let d = run("Emmanuel Macron s'est rendu à Erevan.");
    assert_eq!(contacts(&d), vec![ct(&[ARM, "person/emanuel-macron"], "visit")]);
    assert_eq!(only_contact(&d).cameo, "042");
    let d = run("Emmanuel Macron recevra Nikol Pachinian.");
    assert_eq!(contacts(&d), vec![ct(&["person/emanuel-macron", PASHINYAN], "hosting")]);
    assert_eq!(only_contact(&d).cameo, "036", "announced, not held: intent to meet");
    let d = run("Emmanuel Macron a reçu Nikol Pachinian.");
    assert_eq!(contacts(&d), vec![ct(&["person/emanuel-macron", PASHINYAN], "hosting")]);
    assert_eq!(only_contact(&d).cameo, "043");
}

#[test]
fn rencontre_niee_ou_dementie() {
    let d = run("Aucune rencontre entre Nikol Pachinian et Ilham Aliev n'a été annoncée.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("Nikol Pachinian n'a pas rencontré Ilham Aliev.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("Le Kremlin a démenti toute rencontre entre Vladimir Poutine et Recep Tayyip Erdoğan.");
    assert_eq!(contacts(&d), vec![]);
}

// ------------------------------------------------------------------------------------------
// Entities as actors.

#[test]
fn roles_et_coreference() {
    // *le chef de la diplomatie russe* is Lavrov once the text binds the office; *son homologue
    // turc* is the Turkish minister it names.
    let d = run(
        "Le ministre russe des Affaires étrangères, Sergueï Lavrov, s'est entretenu avec son homologue turc, Mevlüt Çavuşoğlu. \
         Le chef de la diplomatie russe a appelé Ankara à oeuvrer pour la désescalade.",
    );
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "meeting")]);
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[TUR], &["de-escalation"])]);
}

#[test]
fn role_sans_nom_garde_son_etat() {
    let d = run("Le chef de la diplomatie russe a eu un entretien téléphonique avec son homologue turc.");
    let e = only_contact(&d);
    let mut states: Vec<&str> = e.participants.iter().filter_map(|p| p.country.as_deref()).collect();
    states.sort();
    assert_eq!(states, vec!["RUS", "TUR"]);
    assert!(e.participants.iter().all(|p| p.etype.as_str() == "Person"));
}

#[test]
fn noms_de_famille_et_monsieur() {
    let intro = "Le ministre russe des Affaires étrangères, Sergueï Lavrov, est arrivé à Erevan.";
    let d = run(&format!("{intro} M. Lavrov a appelé l'Arménie au dialogue."));
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM], &["negotiations"])]);
    let d = run(&format!("{intro} Lavrov appelle l'Arménie au dialogue."));
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM], &["negotiations"])]);
    assert_eq!(only_appeal(&d).caller[0].country.as_deref(), Some("RUS"));
}

#[test]
fn pronoms_et_groupes_pluriels() {
    let d = run("Bakou et Erevan rejettent les accusations. Moscou les appelle à la retenue.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["restraint"])]);
    let d = run(
        "Sergueï Lavrov a reçu ses homologues arménien et azerbaïdjanais, Zohrab Mnatsakanian et Djeyhoun Baïramov. \
         Il a exhorté les ministres à cesser le feu.",
    );
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &["person/jeihun-bairamov", "person/zohrab-mnatsakanian"], &["ceasefire"])]);
    let d = run(&format!("{PARTIES} La Russie a appelé toutes les parties à cesser le feu."));
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["ceasefire"])]);
    let d = run(&format!("{PARTIES} La Russie demande aux deux pays de cesser le feu."));
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn les_parties_sans_antecedent_ne_sont_pas_devinees() {
    let d = run("La France invite les parties en conflit à faire preuve de retenue.");
    assert_eq!(appeals(&d), vec![ap(&["country/FRA"], &[], &["restraint"])]);
}

#[test]
fn complement_antepose_avant_le_sujet() {
    let d = run("Lors d'un entretien téléphonique avec son homologue arménien, Sergueï Lavrov a appelé Erevan à cesser le feu.");
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM], &["ceasefire"])]);
    assert_eq!(only_appeal(&d).channel.as_deref(), Some("phone"));
}

#[test]
fn canal_de_l_appel_pendant_un_appel_telephonique() {
    let d = run(
        "Le ministre russe des Affaires étrangères, Sergueï Lavrov, s'est entretenu par téléphone avec ses homologues \
         arménien et azerbaïdjanais, Zohrab Mnatsakanian et Djeyhoun Baïramov. Il les a appelés à cesser le feu.",
    );
    assert_eq!(only_appeal(&d).channel.as_deref(), Some("phone"));
}

#[test]
fn ministeres_et_forces_liees_a_leur_etat() {
    let d = run(&format!("{PARTIES} Le ministère russe des Affaires étrangères a appelé les deux camps à la retenue."));
    let e = only_appeal(&d);
    assert_eq!(e.caller.len(), 1);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"));
    assert_eq!(keys(&e.addressee), vec![ARM, AZE]);
    let d = run(&format!("{PARTIES} Les forces de maintien de la paix russes ont exhorté les deux pays à respecter le cessez-le-feu."));
    let e = only_appeal(&d);
    assert_eq!(e.caller[0].etype.as_str(), "Organization");
    assert_eq!(e.caller[0].country.as_deref(), Some("RUS"));
    assert_eq!(e.demands.iter().map(|x| x.concept.as_str()).collect::<Vec<_>>(), vec!["compliance"]);
}

#[test]
fn meme_iri_quelle_que_soit_l_orthographe() {
    // Three documents, three spellings of one name: one entity key.
    for text in [
        "Nikol Pachinian s'est entretenu par téléphone avec Vladimir Poutine.",
        "Nikol Pashinian s'est entretenu par téléphone avec Vladimir Poutine.",
        "Nikol Pachinyan s'est entretenu par téléphone avec Vladimir Poutine.",
    ] {
        let d = run(text);
        assert_eq!(contacts(&d), vec![ct(&[PASHINYAN, "person/vladimir-putin"], "phone")], "{text}");
    }
}

// ------------------------------------------------------------------------------------------
// Time and codes.

#[test]
fn dates_resolues_par_rapport_a_la_publication() {
    let pub_date = Some("2020-10-02"); // a Friday
    let cases = [
        ("La Russie a appelé ce 30 septembre à un cessez-le-feu.", "2020-09-30"),
        ("La Russie a appelé jeudi 1er octobre à un cessez-le-feu.", "2020-10-01"),
        ("La Russie a appelé lundi à un cessez-le-feu.", "2020-09-28"),
        ("Il y a quatre jours, la Russie a appelé à un cessez-le-feu.", "2020-09-28"),
        ("La Russie a appelé hier à un cessez-le-feu.", "2020-10-01"),
    ];
    for (text, date) in cases {
        let d = run_on(text, pub_date);
        assert_eq!(appeals(&d), vec![ap(&[RUS], &[], &["ceasefire"])], "{text}");
        assert_eq!(only_appeal(&d).date.as_deref(), Some(date), "{text}");
    }
    let d = run_on("Sergueï Lavrov s'est entretenu lundi par téléphone avec Mevlüt Çavuşoğlu.", pub_date);
    assert_eq!(only_contact(&d).date.as_deref(), Some("2020-09-28"));
}

#[test]
fn dates_non_resolues_sans_date_de_publication() {
    for text in [
        "La Russie a appelé ce 30 septembre à un cessez-le-feu.",
        "La Russie a appelé lundi à un cessez-le-feu.",
        "Il y a quatre jours, la Russie a appelé à un cessez-le-feu.",
    ] {
        let d = run_on(text, None);
        let e = only_appeal(&d);
        assert_eq!(e.date, None, "{text}: a date without a reference point is not guessed");
        assert!(e.date_text.is_some(), "{text}: the date expression is kept");
    }
    let d = run_on("Le 3 octobre 2020, la Russie a appelé à un cessez-le-feu.", None);
    assert_eq!(only_appeal(&d).date.as_deref(), Some("2020-10-03"), "a full date needs no reference");
}

#[test]
fn jour_de_semaine_au_futur() {
    let d = run("Sergueï Lavrov rencontrera lundi son homologue arménien à Moscou.");
    assert_eq!(only_contact(&d).date.as_deref(), Some("2020-10-05"));
}

#[test]
fn devoir_dans_une_completive_d_un_verbe_de_parole() {
    let d = run(&format!("{PARTIES} Sergueï Lavrov a déclaré que les deux pays doivent cesser le feu sans délai."));
    assert_eq!(appeals(&d), vec![ap(&[LAVROV], &[ARM, AZE], &["ceasefire"])]);
    // Not reported speech: no caller, no appeal.
    let d = run(&format!("{PARTIES} Les deux pays doivent cesser le feu sans délai."));
    assert_eq!(appeals(&d), vec![]);
}

#[test]
fn sujet_pluriel_et_nom_de_contact_sans_complement() {
    let d = run("Vladimir Poutine et Recep Tayyip Erdogan ont eu un entretien téléphonique lundi.");
    assert_eq!(contacts(&d), vec![ct(&["person/recep-taiip-erdogan", "person/vladimir-putin"], "phone")]);
    // A possessive alone names nobody.
    let d = run("Leur dernière entrevue remonte au mois de mars.");
    assert_eq!(contacts(&d), vec![]);
}

#[test]
fn verbe_d_appel_au_passif() {
    let d = run("L'Arménie et l'Azerbaïdjan ont été appelés par la Russie à cesser le feu.");
    assert_eq!(appeals(&d), vec![ap(&[RUS], &[ARM, AZE], &["ceasefire"])]);
}

#[test]
fn se_retirer_est_une_demande_de_retrait() {
    let d = run("Recep Tayyip Erdogan a exhorté l'Arménie à se retirer des territoires occupés.");
    assert_eq!(appeals(&d), vec![ap(&["person/recep-taiip-erdogan"], &[ARM], &["withdrawal"])]);
}

#[test]
fn hote_avec_un_lieu_avant_l_objet_et_presidents_au_pluriel() {
    let d = run("Le ministre des Affaires étrangères russe, Sergueï Lavrov, a reçu jeudi à Moscou ses homologues arménien et azerbaïdjanais.");
    assert_eq!(
        contacts(&d),
        vec![ct(&[LAVROV, "role/foreign-minister-ARM"], "hosting"), ct(&[LAVROV, "role/foreign-minister-AZE"], "hosting")]
    );
    let d = run("Les présidents russe et turc ont discuté du conflit lors d'un entretien téléphonique.");
    assert_eq!(contacts(&d), vec![ct(&["role/head-of-state-RUS", "role/head-of-state-TUR"], "phone")]);
}

#[test]
fn nom_de_contact_dans_un_complement_antepose_sans_partenaire() {
    let d = run("Sergueï Lavrov et Mevlüt Çavuşoğlu ont parlé du Haut-Karabakh. Lors de leur entretien téléphonique, les deux ministres ont appelé à un cessez-le-feu.");
    assert_eq!(contacts(&d), vec![ct(&[CAVUSOGLU, LAVROV], "phone")]);
    assert_eq!(appeals(&d), vec![ap(&[CAVUSOGLU, LAVROV], &[], &["ceasefire"])]);
}

// ------------------------------------------------------------------------------------------
// Real-news forms (issue 10): classes of misses found on unseen articles, in our own words.

#[test]
fn un_titre_devant_un_nom_seul_fait_une_personne() {
    let d = run("Le pape Jean a appelé à la fin des combats.");
    assert_eq!(appeals(&d), vec![ap(&["person/jean"], &[], &["ceasefire"])]);
    let d = run("Le président Kamara a appelé la Russie à la retenue.");
    assert_eq!(appeals(&d), vec![ap(&["person/kamara"], &[RUS], &["restraint"])]);
}

#[test]
fn un_appel_sans_appelant_resolu_est_garde_et_marque_partiel() {
    let d = run("Ils ont appelé à un cessez-le-feu immédiat.");
    let e = only_appeal(&d);
    assert!(e.caller.is_empty() && e.partial, "the appeal is kept, flagged partial");
    assert_eq!(e.demands.iter().map(|x| x.concept.as_str()).collect::<Vec<_>>(), vec!["ceasefire"]);
    let d = run("La Russie a appelé à un cessez-le-feu immédiat.");
    assert!(!only_appeal(&d).partial, "every role found: not partial");
}

#[test]
fn sujet_coordonne_avec_apposition_et_adverbe_avant_le_complement() {
    let d = run("La Norvège, l'Islande et le Danemark, hôtes des pourparlers, ont appelé dimanche la Serbie et le Kosovo à reprendre le dialogue.");
    assert_eq!(appeals(&d), vec![ap(&["country/DNK", "country/ISL", "country/NOR"], &["country/SRB", "country/XKX"], &["negotiations"])]);
}

#[test]
fn incise_entre_auxiliaire_et_participe() {
    let d = run("Le chef de la diplomatie française, Jean Dupont, a, par ailleurs, exhorté l'Inde et le Pakistan à la retenue.");
    assert_eq!(appeals(&d), vec![ap(&["person/jean-dupont"], &["country/IND", "country/PAK"], &["restraint"])]);
}

#[test]
fn hote_avec_temps_et_lieu_avant_l_invite() {
    // The object of *recevoir* read from the tree, past a date and a place.
    let d = run("Le président colombien, Ivan Duque, a reçu ce lundi à Bogota le ministre équatorien des Affaires étrangères, Luis Ortega.");
    assert_eq!(contacts(&d), vec![ct(&["person/ivan-dukue", "person/luis-ortega"], "hosting")]);
}

#[test]
fn recu_par_au_passif_l_agent_recoit() {
    let d = run("Le médiateur Jean Dupont a été reçu mardi à Paris par le ministre chilien des Affaires étrangères, Pedro Soto.");
    assert_eq!(contacts(&d), vec![ct(&["person/jean-dupont", "person/pedro-soto"], "hosting")]);
}

#[test]
fn une_rencontre_souhaitee_n_est_pas_une_rencontre() {
    let d = run("Le Kremlin a appelé à une rencontre entre les présidents russe et ukrainien.");
    assert_eq!(contacts(&d), vec![]);
    let d = run("Le Chili propose des rencontres avec le Pérou.");
    assert_eq!(contacts(&d), vec![]);
}

#[test]
fn pronom_d_une_completive_rapportee_et_nom_inconnu() {
    // *il* in the clause of a reporting verb is that verb's subject; *Tavares* is a name no
    // gazetteer holds, found by its tag.
    let d = run("Le président Tavares a déclaré mercredi qu'il s'était entretenu au téléphone avec Vladimir Poutine.");
    assert_eq!(contacts(&d), vec![ct(&["person/tavares", "person/vladimir-putin"], "phone")]);
}

#[test]
fn apostrophe_courbe_et_complement_antepose() {
    let d = run("Lors d’un entretien avec son homologue du Chili, Pedro Soto, le ministre argentin des Affaires étrangères, Diego Ruiz, a appelé à la désescalade.");
    assert_eq!(contacts(&d), vec![ct(&["person/diego-ruiz", "person/pedro-soto"], "meeting")]);
}

#[test]
fn guillemets_autour_du_complement_et_nouveaux_verbes() {
    let d = run("Le Chili a exhorté jeudi le Pérou « à faire preuve de retenue » à la frontière.");
    assert_eq!(appeals(&d), vec![ap(&["country/CHL"], &["country/PER"], &["restraint"])]);
    let d = run("Le Brésil a incité l'Inde et le Pakistan à reprendre les négociations.");
    assert_eq!(appeals(&d), vec![ap(&["country/BRA"], &["country/IND", "country/PAK"], &["negotiations"])]);
    let d = run("Le Nigeria a sommé le Niger de libérer les otages.");
    assert_eq!(appeals(&d), vec![ap(&["country/NGA"], &["country/NER"], &["release"])]);
}

#[test]
fn rappeler_la_necessite_de_est_un_appel() {
    let d = run("Le Brésil a rappelé la nécessité d'un cessez-le-feu.");
    assert_eq!(appeals(&d), vec![ap(&["country/BRA"], &[], &["ceasefire"])]);
    let d = run("La Norvège a souligné l'importance de la désescalade.");
    assert_eq!(appeals(&d), vec![ap(&["country/NOR"], &[], &["de-escalation"])]);
}

#[test]
fn relative_indirecte_et_pronom_sujet() {
    // *auquel*: the antecedent is the addressee; *il*: the subject of the main clause.
    let d = run("Le président chilien Gabriel Boric s'est entretenu lundi avec son homologue péruvien Pedro Castillo, auquel il a réclamé la libération des otages.");
    assert_eq!(appeals(&d), vec![ap(&["person/gabriel-boric"], &["person/pedro-castilo"], &["release"])]);
}

#[test]
fn destinataire_apres_un_jour_de_la_semaine() {
    let d = run("Le Brésil et l'Argentine ont appelé samedi le Chili et le Pérou à cesser les combats.");
    assert_eq!(appeals(&d), vec![ap(&["country/ARG", "country/BRA"], &["country/CHL", "country/PER"], &["ceasefire"])]);
}

#[test]
fn les_deux_leaders_et_un_titre_en_majuscule() {
    let d = run("Gabriel Boric et Pedro Castillo se sont parlé mardi. Les deux leaders ont rappelé la nécessité d'une désescalade.");
    assert_eq!(appeals(&d), vec![ap(&["person/gabriel-boric", "person/pedro-castilo"], &[], &["de-escalation"])]);
    let d = run("Le Secrétaire général des Nations unies, Antonio Guterres, a réitéré son appel à un cessez-le-feu.");
    assert_eq!(appeals(&d).len(), 1);
    assert_eq!(appeals(&d)[0].0, vec!["person/antonio-guteres".to_string()]);
}

#[test]
fn groupes_armes_du_repertoire() {
    let d = run("Le Qatar a exhorté le Hamas et les Houthis à libérer les otages.");
    assert_eq!(appeals(&d), vec![ap(&["country/QAT"], &["org/hamas", "org/houthis"], &["release"])]);
}
