//! Checks across rows, tables and years, and the merge of yearly returns.
//!
//! Order of work: codes against the collection year; then, for each table,
//! duplicates within a file and the merge of returns newest-first (one sort by
//! key and return); checks that need the child (in a header, DOB, age);
//! overlaps; periods of care.

use std::cmp::Reverse;

use chrono::NaiveDate;

use crate::codes::{CollectionYear, Validity};
use crate::model::{Child, Episode};

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

/// What the merge needs to know about a row type.
trait Row {
    type Key: Ord + Copy;
    fn key(&self) -> Self::Key;
    fn at(&self) -> RowRef;
    /// Whether two rows are the same record exactly.
    fn same(&self, other: &Self) -> bool;
    /// Columns whose value differs where the older row had one.
    fn conflicts(older: &Self, newer: &Self) -> Vec<&'static str>;
    /// The key's columns, for messages.
    const KEY: &'static str;
}

impl Row for HeaderRow {
    type Key = u32;
    const KEY: &'static str = "CHILD";
    fn key(&self) -> u32 {
        self.cix
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.child == other.child
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        let (old, new) = (&old.child, &new.child);
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
}

impl Row for UascRow {
    type Key = u32;
    const KEY: &'static str = "CHILD";
    fn key(&self) -> u32 {
        self.cix
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.child == other.child && self.ceased == other.ceased
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        if old.ceased.is_some() && old.ceased != new.ceased {
            vec!["DUC"]
        } else {
            Vec::new()
        }
    }
}

impl Row for EpisodeRow {
    type Key = (u32, NaiveDate);
    const KEY: &'static str = "CHILD and DECOM";
    fn key(&self) -> (u32, NaiveDate) {
        (self.cix, self.ep.start)
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.ep == other.ep
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        fn differs<T: PartialEq>(o: &Option<T>, n: &Option<T>) -> bool {
            o.is_some() && o != n
        }
        let (old, new) = (&old.ep, &new.ep);
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
        checks.into_iter().filter(|(_, d)| *d).map(|(c, _)| c).collect()
    }
}

/// De-duplicates rows within each file and merges returns, newest first.
///
/// Within one file, an exact repeat is rejected (`duplicate_row`) and two
/// different rows with one key are both rejected (`duplicate_key`). Across
/// returns, the newest surviving row wins and each older row that differs is
/// reported (`merge_conflict`).
///
/// The winners stay in `rows`, in their original order (rows are large, so
/// they are never sorted or copied); the result lists, for each winner, the
/// rows of older returns that carried the same record.
fn merge<T: Row>(ctx: &mut Ctx, rows: &mut Vec<(usize, T)>) -> Vec<Vec<RowRef>> {
    let mut order: Vec<(T::Key, Reverse<usize>, u32, u32)> =
        rows.iter().enumerate().map(|(i, (rank, t))| (t.key(), Reverse(*rank), t.at().row, i as u32)).collect();
    order.sort_unstable();
    let mut winner = vec![false; rows.len()];
    let mut older_pairs: Vec<(u32, RowRef)> = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let key = order[i].0;
        // The survivors of each return for this key, newest return first.
        let mut survivors: Vec<u32> = Vec::new();
        while i < order.len() && order[i].0 == key {
            let rank = order[i].1;
            let first = order[i].3 as usize;
            let mut first_ok = true;
            i += 1;
            while i < order.len() && order[i].0 == key && order[i].1 == rank {
                let (a, b) = (&rows[first].1, &rows[order[i].3 as usize].1);
                let (a_at, b_at) = (a.at(), b.at());
                if a.same(b) {
                    let msg = format!("this row repeats row {} exactly; the repeat was left out.", a_at.row);
                    ctx.row(b_at, None, IssueCode::DuplicateRow, Severity::Error, msg);
                } else {
                    let msg = |other: RowRef| {
                        format!(
                            "row {} has the same {} with different values; neither can be trusted, so both were left out. Keep one row per {}.",
                            other.row,
                            T::KEY,
                            T::KEY
                        )
                    };
                    if first_ok {
                        ctx.row(a_at, None, IssueCode::DuplicateKey, Severity::Error, msg(b_at));
                    }
                    ctx.row(b_at, None, IssueCode::DuplicateKey, Severity::Error, msg(a_at));
                    first_ok = false;
                }
                i += 1;
            }
            if first_ok {
                survivors.push(first as u32);
            }
        }
        let Some((&win, older)) = survivors.split_first() else { continue };
        winner[win as usize] = true;
        let new = &rows[win as usize].1;
        for &o in older {
            let old = &rows[o as usize].1;
            let cols = T::conflicts(old, new);
            if !cols.is_empty() {
                let msg = format!(
                    "{} differs from the newer return ({}); the newer value was used.",
                    cols.join(", "),
                    ctx.locate(new.at())
                );
                ctx.row(old.at(), Some(cols[0]), IssueCode::MergeConflict, Severity::Warning, msg);
            }
            older_pairs.push((win, old.at()));
        }
    }
    older_pairs.sort_unstable_by_key(|p| p.0);
    let mut older = Vec::with_capacity(winner.iter().filter(|w| **w).count());
    let mut p = 0;
    for (i, _) in winner.iter().enumerate().filter(|(_, w)| **w) {
        let mut v = Vec::new();
        while p < older_pairs.len() && older_pairs[p].0 as usize == i {
            v.push(older_pairs[p].1);
            p += 1;
        }
        older.push(v);
    }
    let mut k = 0;
    rows.retain(|_| {
        k += 1;
        winner[k - 1]
    });
    older
}

/// Reorders `items` so that `items[j]` becomes the old `items[perm[j]]`, by swaps along cycles.
fn permute<T>(items: &mut [T], perm: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        if done[start] {
            continue;
        }
        let mut j = start;
        loop {
            done[j] = true;
            let next = perm[j];
            if next == start {
                break;
            }
            items.swap(j, next);
            j = next;
        }
    }
}

fn code_in_year(ctx: &mut Ctx, at: RowRef, column: &str, code: &str, validity: Validity, year: CollectionYear) {
    if !validity.contains(year) {
        let msg = format!(
            "{column} '{code}' is not valid in {year} ({}); it was read with its usual meaning.",
            validity.describe()
        );
        ctx.row(at, Some(column), IssueCode::CodeNotInYear, Severity::Warning, msg);
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

/// Rejects a record's row and every older row that carried it.
fn reject(ctx: &mut Ctx, at: RowRef, older: &[RowRef], column: &str, code: IssueCode, msg: String) {
    for at in std::iter::once(at).chain(older.iter().copied()) {
        ctx.row(at, Some(column), code, Severity::Error, msg.clone());
    }
}

/// Builds the dataset from every return's rows (returns sorted oldest first).
pub(crate) fn build(mut ctx: Ctx, returns: Vec<ReturnRows>) -> Dataset {
    let years: Vec<CollectionYear> = returns.iter().filter_map(|r| r.year).collect();
    for r in &returns {
        check_years(&mut ctx, r);
    }
    let (mut headers, mut episodes, mut uascs) = (Vec::new(), Vec::new(), Vec::new());
    for (rank, r) in returns.into_iter().enumerate() {
        headers.extend(r.header.into_iter().map(|h| (rank, h)));
        episodes.extend(r.episodes.into_iter().map(|e| (rank, e)));
        uascs.extend(r.uasc.into_iter().map(|u| (rank, u)));
    }

    // Children, indexed by interned identifier.
    let mut children: Vec<Option<Child>> = vec![None; ctx.id_list.len()];
    merge(&mut ctx, &mut headers);
    for (_, h) in headers {
        let cix = h.cix as usize;
        children[cix] = Some(h.child);
    }
    let older = merge(&mut ctx, &mut uascs);
    for ((_, u), older) in uascs.into_iter().zip(older) {
        match children[u.cix as usize].as_mut() {
            None => {
                let msg =
                    format!("child {} is in the UASC table but in no header table. The row was left out.", u.child);
                reject(&mut ctx, u.at, &older, "CHILD", IssueCode::ChildNotInHeader, msg);
            }
            Some(child) => {
                child.uasc = true;
                child.uasc_ceased = u.ceased;
            }
        }
    }

    // Episodes, with the checks that need the child.
    let older = merge(&mut ctx, &mut episodes);
    let mut alive = vec![true; episodes.len()];
    for (i, (_, row)) in episodes.iter().enumerate() {
        let ep = &row.ep;
        let problem = match children[row.cix as usize].as_ref() {
            None => Some(("CHILD", IssueCode::ChildNotInHeader, format!("child {} has episodes but no row in any header table, so their age is unknown. The row was left out; add the child to the header.", ep.child))),
            Some(child) if child.dob > ep.start => Some(("DECOM", IssueCode::DobAfterDecom, format!("DECOM {} is before the child's date of birth {}. The row was left out.", format_date(ep.start), format_date(child.dob)))),
            Some(child) if child.age_on(ep.start) >= 18 => Some(("DECOM", IssueCode::Aged18AtDecom, format!("the child (born {}) is 18 or over on DECOM {}; care ends at 18. The row was left out.", format_date(child.dob), format_date(ep.start)))),
            Some(_) => None,
        };
        if let Some((column, code, msg)) = problem {
            reject(&mut ctx, row.at, &older[i], column, code, msg);
            alive[i] = false;
        }
    }

    // Overlaps, in (child, DECOM) order.
    let mut by_child: Vec<(u32, NaiveDate, u32)> = episodes
        .iter()
        .enumerate()
        .filter(|(i, _)| alive[*i])
        .map(|(i, (_, r))| (r.cix, r.ep.start, i as u32))
        .collect();
    by_child.sort_unstable();
    let mut prev: Option<usize> = None;
    for &(cix, _, i) in &by_child {
        let i = i as usize;
        let Some(p) = prev.filter(|&p| episodes[p].1.cix == cix) else {
            prev = Some(i);
            continue;
        };
        let ((a_rank, a), (b_rank, b)) = (&episodes[p], &episodes[i]);
        if a.ep.end.is_some_and(|e| e <= b.ep.start) {
            prev = Some(i);
            continue;
        }
        if a.ep.end.is_none() && a_rank < b_rank {
            let msg = format!(
                "this open episode from the {} return is contradicted by the newer {} return, where the child is in an episode from {} ({}). The stale open row was left out.",
                years[*a_rank],
                years[*b_rank],
                format_date(b.ep.start),
                ctx.locate(b.at)
            );
            reject(&mut ctx, a.at, &older[p], "DEC", IssueCode::StaleOpenEpisode, msg);
            alive[p] = false;
            prev = Some(i);
        } else {
            let until = a.ep.end.map(format_date).unwrap_or_else(|| "still open".to_string());
            let msg = format!(
                "this episode starts on {} while the child's episode from {} ({}) runs until {}; a child is in one episode at a time. The later row was left out.",
                format_date(b.ep.start),
                format_date(a.ep.start),
                ctx.locate(a.at),
                until
            );
            reject(&mut ctx, b.at, &older[i], "DECOM", IssueCode::Overlap, msg);
            alive[i] = false;
        }
    }
    drop(older);

    // Final order: children by identifier, episodes by child then start.
    let mut order: Vec<u32> = (0..ctx.id_list.len() as u32).collect();
    order.sort_unstable_by(|a, b| ctx.id_list[*a as usize].cmp(&ctx.id_list[*b as usize]));
    let mut position = vec![0u32; order.len()];
    for (pos, cix) in order.iter().enumerate() {
        position[*cix as usize] = pos as u32;
    }
    let mut k = 0;
    episodes.retain(|_| {
        k += 1;
        alive[k - 1]
    });
    let mut sorted: Vec<(u32, NaiveDate, usize)> =
        episodes.iter().enumerate().map(|(i, (_, r))| (position[r.cix as usize], r.ep.start, i)).collect();
    sorted.sort_unstable();
    let perm: Vec<usize> = sorted.into_iter().map(|(_, _, i)| i).collect();
    permute(&mut episodes, &perm);
    let (episodes, sources): (Vec<Episode>, Vec<RowRef>) = episodes.into_iter().map(|(_, r)| (r.ep, r.at)).unzip();

    let periods = periods::derive(&mut ctx, &episodes, &sources);
    let children: Vec<Child> = order.iter().filter_map(|cix| children[*cix as usize].take()).collect();
    Dataset::assemble(ctx, children, episodes, sources, periods, years)
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_applies_the_permutation() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        permute(&mut v, &[3, 0, 4, 1, 2]);
        assert_eq!(v, vec!['d', 'a', 'e', 'b', 'c']);
    }
}
