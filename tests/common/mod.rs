//! Helpers shared by the extraction tests (`extract_fr.rs`, `extract_en.rs`): events as sorted
//! entity keys, so that a test states exactly who called on whom for what.
#![allow(dead_code)]

use newskg::extract::{Event, EventKind, Fact};
use newskg::{Knowledge, Processed};

/// Runs the pipeline on one text in a language, with a publication date.
pub fn run_lang(lang: &str, text: &str, date: Option<&str>) -> Processed {
    let k = Knowledge::builtin().expect("built-in knowledge loads");
    newskg::extract_text("t1", text, Some(lang), date, &k)
}

pub fn events(d: &Processed, kind: EventKind) -> Vec<&Event> {
    d.facts
        .iter()
        .filter_map(|f| match f {
            Fact::Event(e) if e.kind == kind => Some(e),
            _ => None,
        })
        .collect()
}

pub fn keys(v: &[newskg::resolve::Entity]) -> Vec<String> {
    let mut k: Vec<String> = v.iter().map(|e| e.key.clone()).collect();
    k.sort();
    k.dedup();
    k
}

pub type Appeal = (Vec<String>, Vec<String>, Vec<String>);

/// Every appeal as (callers, addressees, demand concepts), each sorted.
pub fn appeals(d: &Processed) -> Vec<Appeal> {
    events(d, EventKind::Appeal)
        .into_iter()
        .map(|e| {
            let mut c: Vec<String> = e.demands.iter().map(|x| x.concept.clone()).collect();
            c.sort();
            (keys(&e.caller), keys(&e.addressee), c)
        })
        .collect()
}

/// The expected appeal, written the way `appeals` reports it.
pub fn ap(callers: &[&str], addressees: &[&str], concepts: &[&str]) -> Appeal {
    let s = |v: &[&str]| {
        let mut v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        v.sort();
        v
    };
    (s(callers), s(addressees), s(concepts))
}

/// Every contact as (participants sorted, channel).
pub fn contacts(d: &Processed) -> Vec<(Vec<String>, String)> {
    let mut v: Vec<(Vec<String>, String)> = events(d, EventKind::Contact)
        .into_iter()
        .map(|e| (keys(&e.participants), e.channel.clone().unwrap_or_default()))
        .collect();
    v.sort();
    v
}

pub fn ct(participants: &[&str], channel: &str) -> (Vec<String>, String) {
    let mut p: Vec<String> = participants.iter().map(|x| x.to_string()).collect();
    p.sort();
    (p, channel.to_string())
}

pub fn only_appeal(d: &Processed) -> &Event {
    let a = events(d, EventKind::Appeal);
    assert_eq!(a.len(), 1, "expected exactly one appeal, got {:?}", appeals(d));
    a[0]
}

pub fn only_contact(d: &Processed) -> &Event {
    let c = events(d, EventKind::Contact);
    assert_eq!(c.len(), 1, "expected exactly one contact, got {:?}", contacts(d));
    c[0]
}

pub fn entity<'a>(v: &'a [newskg::resolve::Entity], key: &str) -> &'a newskg::resolve::Entity {
    v.iter().find(|e| e.key == key).unwrap_or_else(|| panic!("no entity {key} in {:?}", keys(v)))
}

pub const ARM: &str = "country/ARM";
pub const AZE: &str = "country/AZE";
pub const RUS: &str = "country/RUS";
pub const TUR: &str = "country/TUR";
pub const LAVROV: &str = "person/sergei-lavrov";
pub const CAVUSOGLU: &str = "person/mevlut-cavusoglu";
pub const PASHINYAN: &str = "person/nikol-pashinian";
pub const ALIYEV: &str = "person/ilham-aliev";
pub const PUTIN: &str = "person/vladimir-putin";
pub const ZAKHAROVA: &str = "person/maria-zaharova";
pub const MNATSAKANYAN: &str = "person/zohrab-mnatsakanian";
pub const BAYRAMOV: &str = "person/jeihun-bairamov";
