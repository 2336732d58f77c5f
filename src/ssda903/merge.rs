//! Checks across rows, tables and years, and the merge of yearly returns.
//!
//! Order of work: codes against the collection year; duplicates within a file;
//! header and UASC merged newest-first; episodes de-duplicated on
//! (CHILD, DECOM) newest-first; checks that need the child (in the header,
//! DOB, age); overlaps; periods of care.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::codes::{CollectionYear, Validity};
use crate::model::{Child, ChildId, Episode};

use super::dataset::Dataset;
use super::issue::{IssueCode, Severity};
use super::periods;
use super::rows::{format_date, year_of_use, Ctx, EpisodeRow, HeaderRow, RowRef, UascRow};

/// The typed rows of one return, before merging.
#[derive(Debug, Default)]
pub(crate) struct ReturnRows {
    pub name: String,
    pub year: Option<CollectionYear>,
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub uasc: Vec<UascRow>,
    /// The latest episode date seen, for inferring the year.
    pub latest: Option<NaiveDate>,
}

/// An episode that won the merge, with every row that carried it.
struct Merged {
    ep: Episode,
    at: RowRef,
    rank: usize,
    rows: Vec<RowRef>,
}

fn code_in_year(ctx: &mut Ctx, at: RowRef, column: &str, code: &str, validity: Validity, year: CollectionYear) {
    if !validity.contains(year) {
        ctx.row(
            at,
            Some(column),
            IssueCode::CodeNotInYear,
            Severity::Warning,
            format!(
                "{column} '{code}' is not valid in {year} ({}); it was read with its usual meaning.",
                validity.describe()
            ),
        );
    }
}

fn check_years(ctx: &mut Ctx, rows: &ReturnRows) {
    let year = rows.year.expect("year set before merging");
    for h in &rows.header {
        code_in_year(ctx, h.at, "SEX", h.sex_code.code(), h.sex_code.validity(), year);
    }
    for r in &rows.episodes {
        let e = &r.ep;
        let y = year_of_use(e, year);
        code_in_year(ctx, r.at, "PLACE", e.place.code(), e.place.validity(), y);
        code_in_year(ctx, r.at, "LS", e.legal_status.code(), e.legal_status.validity(), y);
        code_in_year(ctx, r.at, "RNE", e.reason_new.code(), e.reason_new.validity(), y);
        if let Some(c) = e.reason_end {
            code_in_year(ctx, r.at, "REC", c.code(), c.validity(), y);
        }
    }
}

/// Rejects exact duplicates and conflicting duplicates of a key within one file.
fn dedupe_in_file<T, K: std::hash::Hash + Eq>(
    ctx: &mut Ctx,
    rows: &mut Vec<T>,
    at: impl Fn(&T) -> RowRef,
    key: impl Fn(&T) -> K,
    same: impl Fn(&T, &T) -> bool,
    what: &str,
) {
    let mut first: HashMap<K, usize> = HashMap::with_capacity(rows.len());
    for i in 0..rows.len() {
        match first.get(&key(&rows[i])) {
            None => {
                first.insert(key(&rows[i]), i);
            }
            Some(&j) => {
                let (a, b) = (at(&rows[j]), at(&rows[i]));
                if same(&rows[j], &rows[i]) {
                    let msg = format!("this row repeats row {} exactly; the repeat was left out.", a.row);
                    ctx.row(b, None, IssueCode::DuplicateRow, Severity::Error, msg);
                } else {
                    let msg = |other: RowRef| {
                        format!("row {} has the same {what} with different values; neither can be trusted, so both were left out. Keep one row per {what}.", other.row)
                    };
                    if !ctx.is_rejected(a) {
                        ctx.row(a, None, IssueCode::DuplicateKey, Severity::Error, msg(b));
                    }
                    ctx.row(b, None, IssueCode::DuplicateKey, Severity::Error, msg(a));
                }
            }
        }
    }
    rows.retain(|r| !ctx.is_rejected(at(r)));
}

/// Columns whose value differs where the older row had one.
fn episode_conflicts(old: &Episode, new: &Episode) -> Vec<&'static str> {
    fn differs<T: PartialEq>(o: &Option<T>, n: &Option<T>) -> bool {
        o.is_some() && o != n
    }
    let mut cols = Vec::new();
    let checks: [(&'static str, bool); 11] = [
        ("DEC", differs(&old.end, &new.end)),
        ("REC", differs(&old.reason_end, &new.reason_end)),
        ("RNE", old.reason_new != new.reason_new),
        ("LS", old.legal_status != new.legal_status),
        ("CIN", differs(&old.category_of_need, &new.category_of_need)),
        ("PLACE", old.place != new.place),
        ("PLACE_PROVIDER", differs(&old.provider, &new.provider)),
        ("REASON_PLACE_CHANGE", differs(&old.reason_place_change, &new.reason_place_change)),
        ("HOME_POST", differs(&old.home_postcode, &new.home_postcode)),
        ("PL_POST", differs(&old.placement_postcode, &new.placement_postcode)),
        ("URN", differs(&old.urn, &new.urn)),
    ];
    for (c, d) in checks {
        if d {
            cols.push(c);
        }
    }
    cols
}

fn child_conflicts(old: &Child, new: &Child) -> Vec<&'static str> {
    let mut cols = Vec::new();
    if old.sex != new.sex {
        cols.push("SEX");
    }
    if old.dob != new.dob {
        cols.push("DOB");
    }
    if old.ethnicity.is_some() && old.ethnicity != new.ethnicity {
        cols.push("ETHNIC");
    }
    if old.upn.is_some() && old.upn != new.upn {
        cols.push("UPN");
    }
    cols
}

/// Builds the dataset from every return's rows.
pub(crate) fn build(mut ctx: Ctx, mut returns: Vec<ReturnRows>) -> Dataset {
    let years: Vec<CollectionYear> = returns.iter().filter_map(|r| r.year).collect();
    for r in &mut returns {
        check_years(&mut ctx, r);
        dedupe_in_file(&mut ctx, &mut r.header, |h| h.at, |h| h.child.id.clone(), |a, b| a.child == b.child, "CHILD");
        dedupe_in_file(
            &mut ctx,
            &mut r.episodes,
            |e| e.at,
            |e| (e.ep.child.clone(), e.ep.start),
            |a, b| a.ep == b.ep,
            "CHILD and DECOM",
        );
        dedupe_in_file(
            &mut ctx,
            &mut r.uasc,
            |u| u.at,
            |u| u.child.clone(),
            |a, b| a.child == b.child && a.ceased == b.ceased,
            "CHILD",
        );
    }

    // Children: newest return wins; differences are reported against the older row.
    let mut children: HashMap<ChildId, (Child, RowRef)> = HashMap::new();
    for r in returns.iter().rev() {
        for h in &r.header {
            match children.get(&h.child.id) {
                None => {
                    children.insert(h.child.id.clone(), (h.child.clone(), h.at));
                }
                Some((newer, at)) => {
                    let cols = child_conflicts(&h.child, newer);
                    if !cols.is_empty() {
                        let msg = format!(
                            "{} differs from the newer return ({}); the newer value was used.",
                            cols.join(", "),
                            ctx.locate(*at)
                        );
                        ctx.row(h.at, Some(cols[0]), IssueCode::MergeConflict, Severity::Warning, msg);
                    }
                }
            }
        }
    }
    let mut uasc_done: HashMap<ChildId, ()> = HashMap::new();
    for r in returns.iter().rev() {
        for u in &r.uasc {
            match children.get_mut(&u.child) {
                None => ctx.row(
                    u.at,
                    Some("CHILD"),
                    IssueCode::ChildNotInHeader,
                    Severity::Error,
                    format!("child {} is in the UASC table but in no header table. The row was left out.", u.child),
                ),
                Some((child, _)) => {
                    if uasc_done.insert(u.child.clone(), ()).is_none() {
                        child.uasc = true;
                        child.uasc_ceased = u.ceased;
                    }
                }
            }
        }
    }

    // Episodes: de-duplicate on (CHILD, DECOM), newest return wins.
    let mut merged: Vec<Merged> = Vec::new();
    let mut by_key: HashMap<(ChildId, NaiveDate), usize> = HashMap::new();
    for (rank, r) in returns.iter().enumerate().rev() {
        for e in &r.episodes {
            let key = (e.ep.child.clone(), e.ep.start);
            match by_key.get(&key) {
                None => {
                    by_key.insert(key, merged.len());
                    merged.push(Merged { ep: e.ep.clone(), at: e.at, rank, rows: vec![e.at] });
                }
                Some(&i) => {
                    let cols = episode_conflicts(&e.ep, &merged[i].ep);
                    if !cols.is_empty() {
                        let msg = format!(
                            "{} differs from the newer return ({}); the newer row was used.",
                            cols.join(", "),
                            ctx.locate(merged[i].at)
                        );
                        ctx.row(e.at, Some(cols[0]), IssueCode::MergeConflict, Severity::Warning, msg);
                    }
                    merged[i].rows.push(e.at);
                }
            }
        }
    }
    drop(by_key);

    let reject = |ctx: &mut Ctx, m: &Merged, column: &str, code: IssueCode, msg: String| {
        for &at in &m.rows {
            ctx.row(at, Some(column), code, Severity::Error, msg.clone());
        }
    };

    // Checks that need the child.
    merged.retain(|m| {
        let Some((child, _)) = children.get(&m.ep.child) else {
            reject(&mut ctx, m, "CHILD", IssueCode::ChildNotInHeader, format!("child {} has episodes but no row in any header table, so their age is unknown. The row was left out; add the child to the header.", m.ep.child));
            return false;
        };
        if child.dob > m.ep.start {
            reject(&mut ctx, m, "DECOM", IssueCode::DobAfterDecom, format!("DECOM {} is before the child's date of birth {}. The row was left out.", format_date(m.ep.start), format_date(child.dob)));
            return false;
        }
        if child.age_on(m.ep.start) >= 18 {
            reject(&mut ctx, m, "DECOM", IssueCode::Aged18AtDecom, format!("the child (born {}) is 18 or over on DECOM {}; care ends at 18. The row was left out.", format_date(child.dob), format_date(m.ep.start)));
            return false;
        }
        true
    });

    // Overlaps, in date order per child.
    merged.sort_by(|a, b| (&a.ep.child, a.ep.start).cmp(&(&b.ep.child, b.ep.start)));
    let mut keep = vec![true; merged.len()];
    let mut prev: Option<usize> = None;
    for i in 0..merged.len() {
        let Some(p) = prev.filter(|&p| merged[p].ep.child == merged[i].ep.child) else {
            prev = Some(i);
            continue;
        };
        let (a, b) = (&merged[p], &merged[i]);
        let overlaps = a.ep.end.is_none_or(|e| e > b.ep.start);
        if !overlaps {
            prev = Some(i);
            continue;
        }
        if a.ep.end.is_none() && a.rank < b.rank {
            let msg = format!("this open episode from the {} return is contradicted by the newer {} return, where the child is in an episode from {} ({}). The stale open row was left out.", years[a.rank], years[b.rank], format_date(b.ep.start), ctx.locate(b.at));
            reject(&mut ctx, a, "DEC", IssueCode::StaleOpenEpisode, msg);
            keep[p] = false;
            prev = Some(i);
        } else {
            let until = a.ep.end.map(format_date).unwrap_or_else(|| "still open".to_string());
            let msg = format!("this episode starts on {} while the child's episode from {} ({}) runs until {}; a child is in one episode at a time. The later row was left out.", format_date(b.ep.start), format_date(a.ep.start), ctx.locate(a.at), until);
            reject(&mut ctx, b, "DECOM", IssueCode::Overlap, msg);
            keep[i] = false;
        }
    }
    let mut episodes = Vec::with_capacity(merged.len());
    let mut sources = Vec::with_capacity(merged.len());
    for (m, k) in merged.into_iter().zip(keep) {
        if k {
            episodes.push(m.ep);
            sources.push(m.at);
        }
    }

    let periods = periods::derive(&mut ctx, &episodes, &sources);
    let mut children: Vec<Child> = children.into_values().map(|(c, _)| c).collect();
    children.sort_by(|a, b| a.id.cmp(&b.id));
    Dataset::assemble(ctx, children, episodes, sources, periods, years)
}
