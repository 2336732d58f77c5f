//! Checks across rows, tables and years, and the merge of yearly returns.
//!
//! Order of work: codes against the collection year; then, for each table,
//! duplicates within a file and the merge of returns newest-first (one sort by
//! key and return, see [`sorted_entries`]); checks that need the child (in a
//! header, DOB, age); overlaps; periods of care.
//!
//! Rows are keyed on the child's place in identifier order (not the order
//! identifiers were first met), so the merge's sort is also the dataset's
//! final order: children by identifier, episodes by child then start.

use std::ops::Range;

use chrono::NaiveDate;

use crate::codes::{CollectionYear, Validity};
use crate::model::{Child, Episode};

use super::dataset::Dataset;
use super::issue::{IssueCode, Severity};
use super::periods;
use super::rows::{format_date, year_of_use, Ctx, EpisodeRow, HeaderRow, RowRef, UascRow};

/// The typed rows of every return, one list per table.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub uasc: Vec<UascRow>,
}

/// One return: its year and where its rows are in [`Rows`].
#[derive(Debug)]
pub(crate) struct ReturnRows {
    pub name: String,
    pub year: Option<CollectionYear>,
    pub header: Range<usize>,
    pub episodes: Range<usize>,
    pub uasc: Range<usize>,
    /// The latest episode date seen, for inferring the year.
    pub latest: Option<NaiveDate>,
}

impl ReturnRows {
    /// A return whose rows will follow those already in `rows`.
    pub fn starting(name: String, year: Option<CollectionYear>, rows: &Rows) -> Self {
        let at = |n: usize| n..n;
        ReturnRows {
            name,
            year,
            header: at(rows.header.len()),
            episodes: at(rows.episodes.len()),
            uasc: at(rows.uasc.len()),
            latest: None,
        }
    }

    /// Closes the return's ranges once its tables are read.
    pub fn end(&mut self, rows: &Rows) {
        self.header.end = rows.header.len();
        self.episodes.end = rows.episodes.len();
        self.uasc.end = rows.uasc.len();
    }
}

/// Puts each table's rows in the order of `returns` (oldest first), so that
/// a row's return is found from its index. Returns are usually read in year
/// order already, and then nothing moves.
fn order_by_return(rows: &mut Rows, returns: &mut [ReturnRows]) {
    fn reorder<T: Copy>(items: &mut Vec<T>, ranges: Vec<&mut Range<usize>>) {
        if ranges.windows(2).all(|w| w[0].end <= w[1].start) {
            return;
        }
        let mut sorted = Vec::with_capacity(items.len());
        for r in ranges {
            let from = sorted.len();
            sorted.extend_from_slice(&items[r.clone()]);
            *r = from..sorted.len();
        }
        *items = sorted;
    }
    reorder(&mut rows.header, returns.iter_mut().map(|r| &mut r.header).collect());
    reorder(&mut rows.episodes, returns.iter_mut().map(|r| &mut r.episodes).collect());
    reorder(&mut rows.uasc, returns.iter_mut().map(|r| &mut r.uasc).collect());
}

/// The rank (index in `blocks`, oldest return first) of the return holding row `i`.
fn rank_of(blocks: &[Range<usize>], i: usize) -> usize {
    blocks.partition_point(|b| b.end <= i)
}

/// What the merge needs to know about a row type.
trait Row {
    /// The interned child.
    fn cix(&self) -> u32;
    /// The record's key, in final order, given each child's place in identifier order.
    fn key(&self, position: &[u32]) -> u64;
    fn at(&self) -> RowRef;
    /// Whether two rows are the same record exactly.
    fn same(&self, other: &Self) -> bool;
    /// Columns whose value differs where the older row had one.
    fn conflicts(older: &Self, newer: &Self) -> Vec<&'static str>;
    /// The key's columns, for messages.
    const KEY: &'static str;
}

impl Row for HeaderRow {
    fn cix(&self) -> u32 {
        self.cix
    }
    const KEY: &'static str = "CHILD";
    fn key(&self, position: &[u32]) -> u64 {
        u64::from(position[self.cix as usize]) << 32
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.same_child(other)
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        let mut cols = Vec::new();
        if old.sex_code.sex() != new.sex_code.sex() {
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
    fn cix(&self) -> u32 {
        self.cix
    }
    const KEY: &'static str = "CHILD";
    fn key(&self, position: &[u32]) -> u64 {
        u64::from(position[self.cix as usize]) << 32
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.cix == other.cix && self.ceased == other.ceased
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        if old.ceased.is_some() && old.ceased != new.ceased {
            vec!["DUC"]
        } else {
            Vec::new()
        }
    }
}

/// A date as an unsigned number in date order.
fn date_key(d: NaiveDate) -> u32 {
    use chrono::Datelike;
    (d.num_days_from_ce() as u32) ^ (1 << 31)
}

impl Row for EpisodeRow {
    fn cix(&self) -> u32 {
        self.cix
    }
    const KEY: &'static str = "CHILD and DECOM";
    fn key(&self, position: &[u32]) -> u64 {
        u64::from(position[self.cix as usize]) << 32 | u64::from(date_key(self.start))
    }
    fn at(&self) -> RowRef {
        self.at
    }
    fn same(&self, other: &Self) -> bool {
        self.same_episode(other)
    }
    fn conflicts(old: &Self, new: &Self) -> Vec<&'static str> {
        fn differs<T: PartialEq>(o: &Option<T>, n: &Option<T>) -> bool {
            o.is_some() && o != n
        }
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

/// The outcome of merging one table.
struct Merged {
    /// The winning rows (indices into the table's rows), in key order.
    winners: Vec<u32>,
    /// (index into `winners`, an older return's row carrying the same record),
    /// grouped by winner in `winners` order.
    older: Vec<(u32, RowRef)>,
}

impl Merged {
    /// The rows of older returns that carried winner `w`'s record.
    fn older_of(&self, w: usize) -> impl Iterator<Item = RowRef> + '_ {
        let from = self.older.partition_point(|o| (o.0 as usize) < w);
        self.older[from..].iter().take_while(move |o| o.0 as usize == w).map(|o| o.1)
    }
}

/// Sort entry for a row: key, then newest return first, then file order.
/// Packed into one integer: key (64 bits), the return's rank counted from the
/// newest (32) and the row's index (32; within one return's file, index order
/// is row order).
fn sort_entry(key: u64, rank: usize, index: usize) -> u128 {
    let from_newest = u32::MAX - rank as u32;
    u128::from(key) << 64 | u128::from(from_newest) << 32 | index as u128
}

/// Every row's [`sort_entry`], sorted.
///
/// A key starts with the child's place in identifier order, and a child has
/// only a few rows, so this is a counting sort on the child followed by a
/// sort of each child's rows: much less work than sorting all rows at once.
fn sorted_entries<T: Row>(rows: &[T], blocks: &[Range<usize>], position: &[u32]) -> Vec<u128> {
    let child = |i: usize| position[rows[i].cix() as usize] as usize;
    // starts[c]..starts[c + 1] will hold child c's entries.
    let mut starts = vec![0usize; position.len() + 1];
    for i in blocks.iter().flat_map(|b| b.clone()) {
        starts[child(i) + 1] += 1;
    }
    for c in 0..position.len() {
        starts[c + 1] += starts[c];
    }
    let mut next = starts.clone();
    let mut order = vec![0u128; starts[position.len()]];
    for (rank, block) in blocks.iter().enumerate() {
        for i in block.clone() {
            let slot = &mut next[child(i)];
            order[*slot] = sort_entry(rows[i].key(position), rank, i);
            *slot += 1;
        }
    }
    for w in starts.windows(2) {
        if w[1] - w[0] > 1 {
            order[w[0]..w[1]].sort_unstable();
        }
    }
    order
}

/// De-duplicates rows within each file and merges returns, newest first.
///
/// Within one file, an exact repeat is rejected (`duplicate_row`) and two
/// different rows with one key are both rejected (`duplicate_key`). Across
/// returns, the newest surviving row wins and each older row that differs is
/// reported (`merge_conflict`).
///
/// `blocks` holds each return's rows, oldest first. Rows are neither moved nor
/// copied: the result names the winners, in key order.
fn merge<T: Row>(ctx: &mut Ctx, rows: &[T], blocks: &[Range<usize>], position: &[u32]) -> Merged {
    let order = sorted_entries(rows, blocks, position);
    let key = |e: u128| (e >> 64) as u64;
    let newness = |e: u128| (e >> 32) as u32;
    let index = |e: u128| e as u32 as usize;

    let mut merged = Merged { winners: Vec::new(), older: Vec::new() };
    // The survivors of each return for one key, newest return first.
    let mut survivors: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let k = key(order[i]);
        survivors.clear();
        while i < order.len() && key(order[i]) == k {
            let rank = newness(order[i]);
            let first = index(order[i]);
            let mut first_ok = true;
            i += 1;
            while i < order.len() && key(order[i]) == k && newness(order[i]) == rank {
                let (a, b) = (&rows[first], &rows[index(order[i])]);
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
                survivors.push(first);
            }
        }
        let Some((&win, older)) = survivors.split_first() else { continue };
        let w = merged.winners.len() as u32;
        merged.winners.push(win as u32);
        let new = &rows[win];
        for &o in older {
            let old = &rows[o];
            let cols = T::conflicts(old, new);
            if !cols.is_empty() {
                let msg = format!(
                    "{} differs from the newer return ({}); the newer value was used.",
                    cols.join(", "),
                    ctx.locate(new.at())
                );
                ctx.row(old.at(), Some(cols[0]), IssueCode::MergeConflict, Severity::Warning, msg);
            }
            merged.older.push((w, old.at()));
        }
    }
    merged
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

/// Codes against the year they are used in: the return's year, or the year an
/// episode that ended before it began ended in.
fn check_years(ctx: &mut Ctx, rows: &Rows, ret: &ReturnRows) {
    let year = ret.year.expect("year set before merging");
    for h in &rows.header[ret.header.clone()] {
        code_in_year(ctx, h.at, "SEX", h.sex_code.code(), h.sex_code.validity(), year);
    }
    for e in &rows.episodes[ret.episodes.clone()] {
        let y = year_of_use(e.end, year);
        code_in_year(ctx, e.at, "PLACE", e.place.code(), e.place.validity(), y);
        code_in_year(ctx, e.at, "LS", e.legal_status.code(), e.legal_status.validity(), y);
        code_in_year(ctx, e.at, "RNE", e.reason_new.code(), e.reason_new.validity(), y);
        if let Some(c) = e.reason_end {
            code_in_year(ctx, e.at, "REC", c.code(), c.validity(), y);
        }
    }
}

/// Rejects a record's row and every older row that carried it.
fn reject(ctx: &mut Ctx, at: RowRef, older: impl Iterator<Item = RowRef>, column: &str, code: IssueCode, msg: String) {
    for at in std::iter::once(at).chain(older) {
        ctx.row(at, Some(column), code, Severity::Error, msg.clone());
    }
}

/// Builds the dataset from every return's rows (`returns` sorted oldest first).
pub(crate) fn build(mut ctx: Ctx, mut rows: Rows, mut returns: Vec<ReturnRows>) -> Dataset {
    let years: Vec<CollectionYear> = returns.iter().filter_map(|r| r.year).collect();
    order_by_return(&mut rows, &mut returns);
    for r in &returns {
        check_years(&mut ctx, &rows, r);
    }
    let position = ctx.id_positions();
    let blocks = |f: fn(&ReturnRows) -> &Range<usize>| returns.iter().map(|r| f(r).clone()).collect::<Vec<_>>();
    let Rows { header, episodes, uasc } = rows;

    let mut children = merge_children(&mut ctx, &header, &blocks(|r| &r.header), &position);
    drop(header);
    mark_uasc(&mut ctx, &uasc, &blocks(|r| &r.uasc), &position, &mut children);

    let blocks = blocks(|r| &r.episodes);
    let merged = merge(&mut ctx, &episodes, &blocks, &position);
    // The winners, copied out once in key order: the passes below then read
    // memory in order instead of jumping about half a million rows each time.
    let winners: Vec<EpisodeRow> = merged.winners.iter().map(|&i| episodes[i as usize]).collect();
    drop(episodes);
    let mut alive = vec![true; winners.len()];
    check_child(&mut ctx, &children, &winners, &merged, &mut alive);
    let rank = |w: usize| rank_of(&blocks, merged.winners[w] as usize);
    check_overlaps(&mut ctx, &winners, &merged, rank, &years, &mut alive);

    // The survivors, already in final order: by child identifier, then start.
    let kept = alive.iter().filter(|a| **a).count();
    let mut episodes: Vec<Episode> = Vec::with_capacity(kept);
    let mut sources: Vec<RowRef> = Vec::with_capacity(kept);
    for (ep, _) in winners.iter().zip(&alive).filter(|(_, alive)| **alive) {
        episodes.push(ep.episode(&ctx));
        sources.push(ep.at);
    }
    drop((merged, winners));

    let periods = periods::derive(&mut ctx, &episodes, &sources);
    Dataset::assemble(ctx, children.list, episodes, sources, periods, years)
}

/// The merged children, in identifier order.
struct Children {
    list: Vec<Child>,
    /// Each interned child's index in `list`, or `u32::MAX` for one no header has.
    slot: Vec<u32>,
}

impl Children {
    fn get(&self, cix: u32) -> Option<&Child> {
        self.list.get(self.slot[cix as usize] as usize)
    }

    fn get_mut(&mut self, cix: u32) -> Option<&mut Child> {
        self.list.get_mut(self.slot[cix as usize] as usize)
    }
}

/// Merges the header tables into children.
fn merge_children(ctx: &mut Ctx, header: &[HeaderRow], blocks: &[Range<usize>], position: &[u32]) -> Children {
    let merged = merge(ctx, header, blocks, position);
    let mut children =
        Children { list: Vec::with_capacity(merged.winners.len()), slot: vec![u32::MAX; ctx.child_count()] };
    for &w in &merged.winners {
        let h = &header[w as usize];
        children.slot[h.cix as usize] = children.list.len() as u32;
        children.list.push(h.child(ctx));
    }
    children
}

/// Merges the UASC tables and marks their children.
fn mark_uasc(ctx: &mut Ctx, uasc: &[UascRow], blocks: &[Range<usize>], position: &[u32], children: &mut Children) {
    let merged = merge(ctx, uasc, blocks, position);
    for (w, &i) in merged.winners.iter().enumerate() {
        let u = &uasc[i as usize];
        match children.get_mut(u.cix) {
            None => {
                let msg = format!(
                    "child {} is in the UASC table but in no header table. The row was left out.",
                    ctx.child_str(u.cix)
                );
                reject(ctx, u.at, merged.older_of(w), "CHILD", IssueCode::ChildNotInHeader, msg);
            }
            Some(child) => {
                child.uasc = true;
                child.uasc_ceased = u.ceased;
            }
        }
    }
}

/// Rejects the episodes whose child is in no header, or was not born or was
/// 18 or over when the episode started.
fn check_child(ctx: &mut Ctx, children: &Children, winners: &[EpisodeRow], merged: &Merged, alive: &mut [bool]) {
    for (w, (ep, alive)) in winners.iter().zip(alive).enumerate() {
        let problem = match children.get(ep.cix) {
            None => Some(("CHILD", IssueCode::ChildNotInHeader, format!("child {} has episodes but no row in any header table, so their age is unknown. The row was left out; add the child to the header.", ctx.child_str(ep.cix)))),
            Some(child) if child.dob > ep.start => Some(("DECOM", IssueCode::DobAfterDecom, format!("DECOM {} is before the child's date of birth {}. The row was left out.", format_date(ep.start), format_date(child.dob)))),
            Some(child) if child.age_on(ep.start) >= 18 => Some(("DECOM", IssueCode::Aged18AtDecom, format!("the child (born {}) is 18 or over on DECOM {}; care ends at 18. The row was left out.", format_date(child.dob), format_date(ep.start)))),
            Some(_) => None,
        };
        if let Some((column, code, msg)) = problem {
            reject(ctx, ep.at, merged.older_of(w), column, code, msg);
            *alive = false;
        }
    }
}

/// Rejects overlapping episodes: each child's episodes are consecutive in
/// `winners` and in DECOM order. `rank(w)` is the rank of winner `w`'s return.
fn check_overlaps(
    ctx: &mut Ctx,
    winners: &[EpisodeRow],
    merged: &Merged,
    rank: impl Fn(usize) -> usize,
    years: &[CollectionYear],
    alive: &mut [bool],
) {
    let mut prev: Option<usize> = None;
    for w in 0..winners.len() {
        if !alive[w] {
            continue;
        }
        let Some(p) = prev.filter(|&p| winners[p].cix == winners[w].cix) else {
            prev = Some(w);
            continue;
        };
        let (a, b) = (&winners[p], &winners[w]);
        if a.end.is_some_and(|e| e <= b.start) {
            prev = Some(w);
            continue;
        }
        let (a_rank, b_rank) = (rank(p), rank(w));
        if a.end.is_none() && a_rank < b_rank {
            let msg = format!(
                "this open episode from the {} return is contradicted by the newer {} return, where the child is in an episode from {} ({}). The stale open row was left out.",
                years[a_rank],
                years[b_rank],
                format_date(b.start),
                ctx.locate(b.at)
            );
            reject(ctx, a.at, merged.older_of(p), "DEC", IssueCode::StaleOpenEpisode, msg);
            alive[p] = false;
            prev = Some(w);
        } else {
            let until = a.end.map(format_date).unwrap_or_else(|| "still open".to_string());
            let msg = format!(
                "this episode starts on {} while the child's episode from {} ({}) runs until {}; a child is in one episode at a time. The later row was left out.",
                format_date(b.start),
                format_date(a.start),
                ctx.locate(a.at),
                until
            );
            reject(ctx, b.at, merged.older_of(w), "DECOM", IssueCode::Overlap, msg);
            alive[w] = false;
        }
    }
}
