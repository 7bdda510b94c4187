//! Dates in sentences (*ce 30 septembre*, *jeudi 1er octobre*, *lundi*, *il y a quatre
//! jours*, *on 23 October*), resolved against the publication date when there is one and left
//! unresolved rather than guessed when there is not.

use super::Context;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DateExpr {
    pub day: Option<u32>,
    pub month: Option<u32>,
    pub year: Option<i32>,
    pub weekday: Option<u32>,
    pub days_ago: Option<u32>,
}

fn number(cx: &Context, i: usize) -> Option<u32> {
    let w = *cx.norms.get(i)?;
    let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let rest = &w[digits.len()..];
        if rest.is_empty() || matches!(rest, "er" | "st" | "nd" | "rd" | "th" | "e") {
            return digits.parse().ok();
        }
        return None;
    }
    cx.lex.time.numbers.get(w).copied()
}

fn year_at(cx: &Context, i: usize) -> Option<i32> {
    let w = *cx.norms.get(i)?;
    (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())).then(|| w.parse().ok()).flatten().filter(|y| (1900..2200).contains(y))
}

/// A date expression starting at token `i`: the expression and where it ends.
pub fn date_at(cx: &Context, i: usize) -> Option<(DateExpr, usize)> {
    let t = &cx.lex.time;
    let n = cx.norms.len();
    let first = *cx.norms.get(i)?;
    if !t.starters.contains(first) && !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut j = i;
    // Leading words that belong to the expression.
    while j < n && matches!(cx.norms[j], "ce" | "le" | "on" | "this" | "last" | "dernier") {
        j += 1;
    }
    let mut d = DateExpr::default();
    if j < n {
        if let Some(&wd) = t.weekdays.get(cx.norms[j]) {
            d.weekday = Some(wd);
            j += 1;
            if j < n && cx.norms[j] == "," {
                j += 1;
            }
        }
    }
    // Day month [year] | month day[,] [year]
    if let (Some(day), Some(&month)) = (number(cx, j), cx.norms.get(j + 1).and_then(|w| t.months.get(*w))) {
        if (1..=31).contains(&day) {
            d.day = Some(day);
            d.month = Some(month);
            j += 2;
            if let Some(y) = year_at(cx, j) {
                d.year = Some(y);
                j += 1;
            }
            return Some((d, j));
        }
    }
    if let Some(&month) = cx.norms.get(j).and_then(|w| t.months.get(*w)) {
        if let Some(day) = number(cx, j + 1).filter(|d| (1..=31).contains(d)) {
            d.day = Some(day);
            d.month = Some(month);
            j += 2;
            if j < n && cx.norms[j] == "," && year_at(cx, j + 1).is_some() {
                j += 1;
            }
            if let Some(y) = year_at(cx, j) {
                d.year = Some(y);
                j += 1;
            }
            return Some((d, j));
        }
        if let Some(y) = year_at(cx, j + 1) {
            // *octobre 2020*: a month, no day.
            d.month = Some(month);
            d.year = Some(y);
            return Some((d, j + 2));
        }
    }
    if d.weekday.is_some() {
        return Some((d, j));
    }
    // il y a N jours / N days ago
    for parts in &t.ago_words {
        let mut k = i;
        let mut num = None;
        let mut ok = true;
        for part in parts {
            if part == "{N}" {
                num = number(cx, k);
                if num.is_none() {
                    ok = false;
                    break;
                }
            } else if cx.norms.get(k).copied() != Some(part.as_str()) {
                ok = false;
                break;
            }
            k += 1;
        }
        if ok {
            d.days_ago = num;
            return Some((d, k));
        }
    }
    for (set, back) in [(&t.yesterday_set, 1u32), (&t.today_set, 0u32)] {
        if let Some(e) = set.longest_at(&cx.norms, i) {
            d.days_ago = Some(back);
            return Some((d, e));
        }
    }
    None
}

/// The date expression nearest to token `at`, as (resolved ISO date, text as written). With no
/// expression in the sentence, the publication date when it is a full date.
pub fn date_in_sentence(cx: &Context, at: usize) -> (Option<String>, Option<String>) {
    let mut best: Option<(usize, DateExpr, usize, usize)> = None;
    let mut i = 0;
    while i < cx.norms.len() {
        if let Some((d, e)) = date_at(cx, i) {
            let dist = if i > at { i - at } else { at - i };
            if best.as_ref().map(|b| dist < b.0).unwrap_or(true) {
                best = Some((dist, d, i, e));
            }
            i = e;
        } else {
            i += 1;
        }
    }
    let published = cx.an.doc.date.as_deref();
    match best {
        Some((_, d, s, e)) => {
            let future = is_future(cx, at);
            (resolve_with_tense(&d, published, future), Some(cx.slice(s, e)))
        }
        None => (published.filter(|p| p.len() == 10).map(str::to_string), None),
    }
}

/// Future or conditional around the trigger (*recevra vendredi*, *will meet on Friday*):
/// a weekday then lies after the publication date, not before.
pub(crate) fn is_future(cx: &Context, at: usize) -> bool {
    let lo = at.saturating_sub(3);
    let hi = (at + 1).min(cx.norms.len());
    cx.norms[lo..hi].iter().any(|w| {
        if cx.lang() == "fr" {
            ["ra", "ront", "rons", "rai", "rait", "raient"].iter().any(|e| w.ends_with(e) && w.len() > 5)
                || matches!(*w, "va" | "vont" | "doit" | "doivent" | "devrait" | "devraient" | "prochain" | "prochaine")
        } else {
            matches!(*w, "will" | "would" | "'ll" | "next" | "shall")
        }
    })
}

/// Resolves an expression; weekdays go forward from publication when the verb is future.
pub fn resolve_with_tense(d: &DateExpr, published: Option<&str>, future: bool) -> Option<String> {
    if future && d.weekday.is_some() && d.day.is_none() {
        let parts: Vec<i64> = published?.split('-').filter_map(|x| x.parse().ok()).collect();
        if parts.len() != 3 {
            return None;
        }
        let p = days_from_civil(parts[0], parts[1] as u32, parts[2] as u32);
        let pub_wd = ((p + 3).rem_euclid(7) + 1) as u32;
        let ahead = (d.weekday? + 7 - pub_wd) % 7;
        return Some(civil(p + ahead as i64));
    }
    resolve(d, published)
}

/// Farthest back a relative date (*il y a N jours*) is resolved: ten years.
pub const MAX_DAYS_AGO: u32 = 3660;

/// Resolves an expression against the publication date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
pub fn resolve(d: &DateExpr, published: Option<&str>) -> Option<String> {
    let pub_parts: Vec<i64> = published.map(|p| p.split('-').filter_map(|x| x.parse().ok()).collect()).unwrap_or_default();
    let pub_full = (pub_parts.len() == 3).then(|| days_from_civil(pub_parts[0], pub_parts[1] as u32, pub_parts[2] as u32));
    if let (Some(day), Some(month)) = (d.day, d.month) {
        let year = match d.year {
            Some(y) => y as i64,
            None => {
                let y = *pub_parts.first()?;
                // A date well after publication belongs to the year before (*le 28 décembre* in January).
                match pub_full {
                    Some(p) if days_from_civil(y, month, day) > p + 31 => y - 1,
                    _ => y,
                }
            }
        };
        return valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"));
    }
    if d.month.is_some() {
        return None; // a month alone is not a day
    }
    let p = pub_full?;
    if let Some(ago) = d.days_ago {
        // *il y a 4000000000 jours* is not a date a news article means: a relative date
        // reaches back at most a few years, else it is left unresolved.
        if ago > MAX_DAYS_AGO {
            return None;
        }
        return Some(civil(p - ago as i64));
    }
    if let Some(wd) = d.weekday {
        // The latest such weekday on or before publication.
        let pub_wd = ((p + 3).rem_euclid(7) + 1) as u32; // 1970-01-01 was a Thursday (4)
        let back = (pub_wd + 7 - wd) % 7;
        return Some(civil(p - back as i64));
    }
    None
}

fn valid(y: i64, m: u32, d: u32) -> bool {
    let dim = [31, if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m) && d >= 1 && d <= dim[(m - 1) as usize]
}

/// Days since 1970-01-01 (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil(z: i64) -> String {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_resolve_backwards_from_publication() {
        // 2020-10-01 was a Thursday.
        let d = DateExpr { weekday: Some(3), ..Default::default() };
        assert_eq!(resolve(&d, Some("2020-10-01")).as_deref(), Some("2020-09-30"));
        let d = DateExpr { weekday: Some(4), ..Default::default() };
        assert_eq!(resolve(&d, Some("2020-10-01")).as_deref(), Some("2020-10-01"));
        assert_eq!(resolve(&d, Some("2020-10")), None);
        // *recevra vendredi*, published on Wednesday 2020-10-21: the Friday after.
        let d = DateExpr { weekday: Some(5), ..Default::default() };
        assert_eq!(resolve_with_tense(&d, Some("2020-10-21"), true).as_deref(), Some("2020-10-23"));
        assert_eq!(resolve_with_tense(&d, Some("2020-10-21"), false).as_deref(), Some("2020-10-16"));
    }

    #[test]
    fn day_month_takes_the_publication_year() {
        let d = DateExpr { day: Some(1), month: Some(10), ..Default::default() };
        assert_eq!(resolve(&d, Some("2020-10")).as_deref(), Some("2020-10-01"));
        assert_eq!(resolve(&d, None), None);
        let d = DateExpr { day: Some(28), month: Some(12), ..Default::default() };
        assert_eq!(resolve(&d, Some("2021-01-03")).as_deref(), Some("2020-12-28"));
    }

    #[test]
    fn days_ago() {
        let d = DateExpr { days_ago: Some(4), ..Default::default() };
        assert_eq!(resolve(&d, Some("2020-10-01")).as_deref(), Some("2020-09-27"));
        assert_eq!(civil(days_from_civil(2024, 2, 29)), "2024-02-29");
        let far = DateExpr { days_ago: Some(4_000_000_000), ..Default::default() };
        assert_eq!(resolve(&far, Some("2020-10-01")), None);
    }
}
