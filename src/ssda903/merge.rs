//! Checks across rows, tables and years, and the merge of yearly returns.
//!
//! Order of work: codes against the collection year; then, for each table,
//! duplicates within a file and the merge of returns newest-first (one sort of
//! the rows' indices, see [`sorted_indices`]); for episodes, checks that need
//! the child (in a header, DOB, age) and overlaps, made on each winning
//! episode as the merge finds it, which is then built ([`Checks`]); the
//! children; periods of care.
//!
//! Rows are keyed on the child's place in identifier order (not the order
//! identifiers were first met), so the merge's sort is also the dataset's
//! final order: children by identifier, episodes by child then start.
//!
//! At national volume the episode rows are most of what the reader holds
//! (about 35 MB for 880,000 rows), so they are never copied: the merge sorts
//! 4-byte indices, and the winners are read where they lie, once. The public
//! [`Child`] values are built only once the episode rows are freed.

use std::cmp::Reverse;
use std::ops::Range;

use chrono::NaiveDate;

use crate::codes::{CollectionYear, Validity};
use crate::memory;
use crate::model::{age_in_years, Child, Episode};

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

/// One return: its year, its files and where its rows are in [`Rows`].
#[derive(Debug)]
pub(crate) struct ReturnRows {
    pub name: String,
    pub year: Option<CollectionYear>,
    /// Its files' indices in [`Ctx::files`].
    pub files: Range<usize>,
    pub header: Range<usize>,
    pub episodes: Range<usize>,
    pub uasc: Range<usize>,
    /// The latest episode date seen, for inferring the year.
    pub latest: Option<NaiveDate>,
}

impl ReturnRows {
    /// A return whose rows will follow those already in `rows`, and whose
    /// files will follow the `files` already known.
    pub fn starting(name: String, year: Option<CollectionYear>, rows: &Rows, files: usize) -> Self {
        let at = |n: usize| n..n;
        ReturnRows {
            name,
            year,
            files: at(files),
            header: at(rows.header.len()),
            episodes: at(rows.episodes.len()),
            uasc: at(rows.uasc.len()),
            latest: None,
        }
    }

    /// Closes the return's ranges once its tables are read.
    pub fn end(&mut self, rows: &Rows, files: usize) {
        self.files.end = files;
        self.header.end = rows.header.len();
        self.episodes.end = rows.episodes.len();
        self.uasc.end = rows.uasc.len();
    }
}

/// What the merge needs to know about a row type.
trait Row {
    /// The interned child.
    fn cix(&self) -> u32;
    /// The rest of the record's key after the child: the start of an
    /// episode; [`NaiveDate::MIN`] for a record of the child.
    fn date(&self) -> NaiveDate;
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
    fn date(&self) -> NaiveDate {
        NaiveDate::MIN
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
    fn date(&self) -> NaiveDate {
        NaiveDate::MIN
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

impl Row for EpisodeRow {
    fn cix(&self) -> u32 {
        self.cix
    }
    const KEY: &'static str = "CHILD and DECOM";
    fn date(&self) -> NaiveDate {
        self.start
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

/// Every row's index, in merge order: by key (the child's place in
/// identifier order, then [`Row::date`]), then newest return first, then in
/// the order the rows were read (index order within a return).
///
/// A child has only a few rows, so this is a counting sort on the child
/// followed by a sort of each child's rows: much less work than sorting all
/// rows at once. Indices are 4 bytes; the rows themselves are not moved.
///
/// `rank[f]` is the rank of file `f`'s return, 0 for the oldest.
fn sorted_indices<T: Row>(rows: &[T], position: &[u32], rank: &[u32]) -> Vec<u32> {
    assert!(u32::try_from(rows.len()).is_ok(), "fewer than 2^32 rows of one table");
    let child = |i: usize| position[rows[i].cix() as usize] as usize;
    // bounds[c] ends up where child c's rows start, and bounds[c + 1] where
    // they end: first each child's count, then the running sums of the
    // counts (where each child's rows end), then one step down for each row
    // placed, last row first, so that each child's rows keep their order.
    let mut bounds = vec![0u32; position.len() + 1];
    for i in 0..rows.len() {
        bounds[child(i)] += 1;
    }
    let mut sum = 0;
    for b in &mut bounds {
        sum += *b;
        *b = sum;
    }
    let mut order = vec![0u32; rows.len()];
    for i in (0..rows.len()).rev() {
        let slot = &mut bounds[child(i)];
        *slot -= 1;
        order[*slot as usize] = i as u32;
    }
    let key = |&i: &u32| {
        let row = &rows[i as usize];
        (row.date(), Reverse(rank[row.at().file as usize]), i)
    };
    for w in bounds.windows(2) {
        if w[1] - w[0] > 1 {
            order[w[0] as usize..w[1] as usize].sort_unstable_by_key(key);
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
/// `rank[f]` is the rank of file `f`'s return, 0 for the oldest. Rows are
/// neither moved nor copied: `winner` is called with each winning row's
/// index, in key order, and where the older rows that carried its record
/// are, once that record's issues have been recorded.
fn merge<T: Row>(
    ctx: &mut Ctx,
    rows: &[T],
    position: &[u32],
    rank: &[u32],
    mut winner: impl FnMut(&mut Ctx, usize, &[RowRef]),
) {
    let order = sorted_indices(rows, position, rank);
    let row = |j: usize| &rows[order[j] as usize];
    let return_of = |row: &T| rank[row.at().file as usize];
    // The survivors of each return for one key, newest return first.
    let mut survivors: Vec<usize> = Vec::new();
    let mut older_at: Vec<RowRef> = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let k = (row(i).cix(), row(i).date());
        let has_key = |row: &T| (row.cix(), row.date()) == k;
        survivors.clear();
        while i < order.len() && has_key(row(i)) {
            let ret = return_of(row(i));
            let first = order[i] as usize;
            let mut first_ok = true;
            i += 1;
            while i < order.len() && has_key(row(i)) && return_of(row(i)) == ret {
                let (a, b) = (&rows[first], row(i));
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
        older_at.clear();
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
            older_at.push(old.at());
        }
        winner(ctx, win, &older_at);
    }
}

/// The winners of [`merge`], for tables whose winners are dealt with
/// after the merge.
fn merged<T: Row>(ctx: &mut Ctx, rows: &[T], position: &[u32], rank: &[u32], keep_older: bool) -> Merged {
    let mut merged = Merged { winners: Vec::new(), older: Vec::new() };
    merge(ctx, rows, position, rank, |_, win, older| {
        let w = merged.winners.len() as u32;
        merged.winners.push(win as u32);
        if keep_older {
            merged.older.extend(older.iter().map(|&at| (w, at)));
        }
    });
    merged
}

/// Warns when a code is not valid in `year`. The code's text, `code`, is
/// made only for the warning: nearly every code is valid, and this runs for
/// four codes of every episode row.
fn code_in_year(
    ctx: &mut Ctx,
    at: RowRef,
    column: &str,
    code: impl FnOnce() -> &'static str,
    validity: Validity,
    year: CollectionYear,
) {
    if !validity.contains(year) {
        let msg = format!(
            "{column} '{}' is not valid in {year} ({}); it was read with its usual meaning.",
            code(),
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
        code_in_year(ctx, h.at, "SEX", || h.sex_code.code(), h.sex_code.validity(), year);
    }
    for e in &rows.episodes[ret.episodes.clone()] {
        let y = year_of_use(e.end, year);
        code_in_year(ctx, e.at, "PLACE", || e.place.code(), e.place.validity(), y);
        code_in_year(ctx, e.at, "LS", || e.legal_status.code(), e.legal_status.validity(), y);
        code_in_year(ctx, e.at, "RNE", || e.reason_new.code(), e.reason_new.validity(), y);
        if let Some(c) = e.reason_end {
            code_in_year(ctx, e.at, "REC", || c.code(), c.validity(), y);
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
pub(crate) fn build(mut ctx: Ctx, rows: Rows, returns: Vec<ReturnRows>) -> Dataset {
    ctx.end_reading();
    let years: Vec<CollectionYear> = returns.iter().filter_map(|r| r.year).collect();
    for r in &returns {
        check_years(&mut ctx, &rows, r);
    }
    // Each file's return, as a rank: 0 for the oldest.
    let mut rank = vec![0u32; ctx.files.len()];
    for (r, ret) in returns.iter().enumerate() {
        rank[ret.files.clone()].fill(r as u32);
    }
    let position = ctx.id_positions();
    let Rows { header, episodes, uasc } = rows;

    let mut children = merge_children(&mut ctx, &header, &position, &rank);
    drop(header);
    mark_uasc(&mut ctx, &uasc, &position, &rank, &mut children);
    drop(uasc);
    // Each winning episode is checked and built as soon as the merge has
    // found it, while its row is in the CPU's cache: a second pass over the
    // winners would read the rows, scattered over a large table, again.
    let mut checks = Checks::new(&children, &rank, &years, episodes.len());
    merge(&mut ctx, &episodes, &position, &rank, |ctx, win, older| checks.next(ctx, &episodes[win], older));
    let (built, sources) = checks.finish(&ctx);
    drop(position);
    drop(episodes);
    let children = children.build(&mut ctx);
    ctx.forget_upns();

    let periods = periods::derive(&mut ctx, &built, &sources);
    Dataset::assemble(ctx, children, built, sources, periods, years)
}

/// The merged children: each child's winning header row, in identifier
/// order, and what the UASC tables say of them.
///
/// The [`Child`] values are made last ([`Children::build`]), after the
/// episodes: the episodes' checks need only the rows, and the children's
/// memory then comes after the episode rows' has been given back, rather than
/// on top of it.
struct Children {
    rows: Vec<HeaderRow>,
    /// For each of `rows`: `Some(DUC)` for a child in a UASC table.
    uasc: Vec<Option<Option<NaiveDate>>>,
    /// Each interned child's index in `rows`, or `u32::MAX` for one no header has.
    slot: Vec<u32>,
}

impl Children {
    fn index(&self, cix: u32) -> Option<usize> {
        let i = self.slot[cix as usize] as usize;
        (i < self.rows.len()).then_some(i)
    }

    fn get(&self, cix: u32) -> Option<&HeaderRow> {
        self.index(cix).map(|i| &self.rows[i])
    }

    /// The children, in identifier order.
    fn build(self, ctx: &mut Ctx) -> Vec<Child> {
        let mut children = memory::huge_vec(self.rows.len());
        children.extend(self.rows.iter().zip(self.uasc).map(|(h, uasc)| {
            let mut child = h.child(ctx);
            if let Some(ceased) = uasc {
                child.uasc = true;
                child.uasc_ceased = ceased;
            }
            child
        }));
        children
    }
}

/// Merges the header tables into children.
fn merge_children(ctx: &mut Ctx, header: &[HeaderRow], position: &[u32], rank: &[u32]) -> Children {
    let merged = merged(ctx, header, position, rank, false);
    // Allocated once at its final size (7 MB at national volume), so in huge
    // pages (see `memory`): 600 to 1,300 fewer page faults on the synthetic
    // England returns.
    let mut rows: Vec<HeaderRow> = memory::huge_vec(merged.winners.len());
    rows.extend(merged.winners.iter().map(|&w| header[w as usize]));
    let mut slot = vec![u32::MAX; ctx.child_count()];
    for (i, h) in rows.iter().enumerate() {
        slot[h.cix as usize] = i as u32;
    }
    Children { uasc: vec![None; rows.len()], rows, slot }
}

/// Merges the UASC tables and marks their children.
fn mark_uasc(ctx: &mut Ctx, uasc: &[UascRow], position: &[u32], rank: &[u32], children: &mut Children) {
    let merged = merged(ctx, uasc, position, rank, true);
    for (w, &i) in merged.winners.iter().enumerate() {
        let u = &uasc[i as usize];
        match children.index(u.cix) {
            None => {
                let msg = format!(
                    "child {} is in the UASC table but in no header table. The row was left out.",
                    ctx.child_str(u.cix)
                );
                reject(ctx, u.at, merged.older_of(w), "CHILD", IssueCode::ChildNotInHeader, msg);
            }
            Some(c) => children.uasc[c] = Some(u.ceased),
        }
    }
}

/// Why an episode cannot be kept because of its child: the child is in no
/// header, or was not born or was 18 or over when the episode started.
fn child_problem(ctx: &Ctx, children: &Children, ep: &EpisodeRow) -> Option<(&'static str, IssueCode, String)> {
    match children.get(ep.cix) {
        None => Some(("CHILD", IssueCode::ChildNotInHeader, format!("child {} has episodes but no row in any header table, so their age is unknown. The row was left out; add the child to the header.", ctx.child_str(ep.cix)))),
        Some(child) if child.dob > ep.start => Some(("DECOM", IssueCode::DobAfterDecom, format!("DECOM {} is before the child's date of birth {}. The row was left out.", format_date(ep.start), format_date(child.dob)))),
        Some(child) if age_in_years(child.dob, ep.start) >= 18 => Some(("DECOM", IssueCode::Aged18AtDecom, format!("the child (born {}) is 18 or over on DECOM {}; care ends at 18. The row was left out.", format_date(child.dob), format_date(ep.start)))),
        Some(_) => None,
    }
}

/// Checks the winning episodes and builds the ones that pass, with where each
/// was read, already in final order: by child identifier, then start.
///
/// An episode is rejected if [`child_problem`] finds a problem, or if it
/// starts before the end of the child's previous episode that passed: then
/// the previous one is left out if it is an open episode from an older return
/// (`stale_open_episode`), otherwise the later one is (`overlap`). Each
/// child's episodes are consecutive among the winners and in DECOM order.
///
/// The winners come one at a time, in key order ([`Checks::next`]). An
/// episode that passed is built once the next one that passes is known, as
/// only that one could still show it to be stale.
struct Checks<'a> {
    children: &'a Children,
    /// Each file's return's rank.
    rank: &'a [u32],
    years: &'a [CollectionYear],
    episodes: Vec<Episode>,
    sources: Vec<RowRef>,
    /// The last episode that passed, not yet built, and where the older rows
    /// that carried it are.
    prev: Option<&'a EpisodeRow>,
    prev_older: Vec<RowRef>,
}

impl<'a> Checks<'a> {
    /// Checks for at most `capacity` winners.
    fn new(children: &'a Children, rank: &'a [u32], years: &'a [CollectionYear], capacity: usize) -> Self {
        Checks {
            children,
            rank,
            years,
            // Room for every row: only the part used is ever touched, and
            // the rest is given back at the end. Allocated once, at the
            // final size, so in huge pages (see `memory`).
            episodes: memory::huge_vec(capacity),
            sources: memory::huge_vec(capacity),
            prev: None,
            prev_older: Vec::new(),
        }
    }

    fn rank(&self, ep: &EpisodeRow) -> usize {
        self.rank[ep.at.file as usize] as usize
    }

    fn keep(&mut self, ctx: &Ctx, ep: &EpisodeRow) {
        self.episodes.push(ep.episode(ctx));
        self.sources.push(ep.at);
    }

    /// Makes `b`, whose record older rows at `older` carried too, the last
    /// episode that passed.
    fn set_prev(&mut self, b: &'a EpisodeRow, older: &[RowRef]) {
        self.prev = Some(b);
        self.prev_older.clear();
        self.prev_older.extend_from_slice(older);
    }

    /// Checks the next winner, `b`, whose record older rows at `older` carried too.
    fn next(&mut self, ctx: &mut Ctx, b: &'a EpisodeRow, older: &[RowRef]) {
        if let Some((column, code, msg)) = child_problem(ctx, self.children, b) {
            reject(ctx, b.at, older.iter().copied(), column, code, msg);
            return;
        }
        let Some(a) = self.prev.filter(|a| a.cix == b.cix) else {
            if let Some(a) = self.prev {
                self.keep(ctx, a);
            }
            self.set_prev(b, older);
            return;
        };
        if a.end.is_some_and(|e| e <= b.start) {
            self.keep(ctx, a);
            self.set_prev(b, older);
            return;
        }
        let (a_rank, b_rank) = (self.rank(a), self.rank(b));
        if a.end.is_none() && a_rank < b_rank {
            let msg = format!(
                "this open episode from the {} return is contradicted by the newer {} return, where the child is in an episode from {} ({}). The stale open row was left out.",
                self.years[a_rank],
                self.years[b_rank],
                format_date(b.start),
                ctx.locate(b.at)
            );
            reject(ctx, a.at, self.prev_older.iter().copied(), "DEC", IssueCode::StaleOpenEpisode, msg);
            self.set_prev(b, older);
        } else {
            let until = a.end.map(format_date).unwrap_or_else(|| "still open".to_string());
            let msg = format!(
                "this episode starts on {} while the child's episode from {} ({}) runs until {}; a child is in one episode at a time. The later row was left out.",
                format_date(b.start),
                format_date(a.start),
                ctx.locate(a.at),
                until
            );
            reject(ctx, b.at, older.iter().copied(), "DECOM", IssueCode::Overlap, msg);
        }
    }

    /// The episodes that passed, and where each was read.
    fn finish(mut self, ctx: &Ctx) -> (Vec<Episode>, Vec<RowRef>) {
        if let Some(a) = self.prev.take() {
            self.keep(ctx, a);
        }
        self.episodes.shrink_to_fit();
        self.sources.shrink_to_fit();
        (self.episodes, self.sources)
    }
}
