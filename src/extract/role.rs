//! Roles: *le ministre russe des Affaires étrangères, Sergueï Lavrov* says that Lavrov holds
//! that office for Russia. Emitted as statements `person holdsRole office-of-state`.

use super::{Context, Extractor, Fact, Statement};
use crate::mentions::MentionKind;
use crate::resolve::{resolve_mention, Entity, EntityType};

pub struct RoleExtractor;

impl Extractor for RoleExtractor {
    fn name(&self) -> &'static str {
        "role"
    }

    fn extract(&self, cx: &Context, out: &mut Vec<Fact>) {
        let mentions = cx.mentions();
        for u in cx.units() {
            for (pos, m) in u.members.iter().enumerate() {
                let Some(r) = m.role else { continue };
                let MentionKind::Role { office, countries, .. } = &mentions[r].kind else { continue };
                if office == "counterpart" || office == "minister" || office == "national" {
                    continue;
                }
                let person = resolve_mention(&mentions[m.mention], Some(&mentions[r]), cx.k, &cx.an.index, cx.lang());
                let iso = if countries.len() == u.members.len() { countries.get(pos) } else { countries.first() };
                let Some(iso) = iso else { continue };
                let role = Entity {
                    key: format!("role/{office}-{iso}"),
                    label: cx.slice(mentions[r].start, mentions[r].end),
                    lang: cx.lang().to_string(),
                    etype: EntityType::Person,
                    country: Some(iso.clone()),
                    wikidata: None,
                    office: Some(office.clone()),
                    is_role: true,
                };
                out.push(Fact::Statement(Statement {
                    sentence: cx.index,
                    span: cx.span(),
                    subject: person,
                    predicate: "holdsRole".into(),
                    object: vec![role],
                    object_text: Some(office.clone()),
                    negated: false,
                    rule: "role/apposition".into(),
                    clause: None,
                }));
            }
        }
    }
}
