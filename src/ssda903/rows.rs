//! Row-level parsing: one CSV record into a typed record or row-level issues.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::codes::{
    CategoryOfNeed, CollectionYear, Ethnicity, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased,
    ReasonNewEpisode, ReasonPlaceChange, SexCode,
};
use crate::model::{Child, ChildId, Episode};

use super::issue::{Issue, IssueCode, Severity};
use super::table::TableKind;

/// Where a record came from: index into the file list and 1-based data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct RowRef {
    pub file: u32,
    pub row: u32,
}

/// A file being read, and which of its rows have been rejected.
#[derive(Debug)]
pub(crate) struct FileState {
    pub name: String,
    pub table: TableKind,
    /// The collection year of the file's return, once known.
    pub year: Option<CollectionYear>,
    pub rejected: Vec<bool>,
}

/// Collects issues and rejections for every file of a read, and interns
/// child identifiers so that each child's text is stored once.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub files: Vec<FileState>,
    pub issues: Vec<Issue>,
    ids: rustc_hash::FxHashMap<Arc<str>, u32>,
    texts: rustc_hash::FxHashSet<Arc<str>>,
    pub id_list: Vec<ChildId>,
}

impl Ctx {
    /// A free-text cell (postcode, URN), upper-cased and shared; `None` when blank.
    pub fn text(&mut self, raw: &str) -> Option<Arc<str>> {
        if raw.is_empty() {
            return None;
        }
        let upper = ChildId::normalise(raw);
        if let Some(t) = self.texts.get(upper.as_ref()) {
            return Some(t.clone());
        }
        let shared: Arc<str> = Arc::from(upper.as_ref());
        self.texts.insert(shared.clone());
        Some(shared)
    }

    /// The interned identifier for a CHILD cell, and its index.
    pub fn intern(&mut self, raw: &str) -> (u32, ChildId) {
        let norm = ChildId::normalise(raw);
        if let Some(&i) = self.ids.get(norm.as_ref()) {
            return (i, self.id_list[i as usize].clone());
        }
        let shared: Arc<str> = Arc::from(norm.as_ref());
        let i = self.id_list.len() as u32;
        self.ids.insert(shared.clone(), i);
        let id = ChildId::from_shared(shared);
        self.id_list.push(id.clone());
        (i, id)
    }

    /// Records an issue; an error on a row rejects that row.
    pub fn push(
        &mut self,
        at: Option<RowRef>,
        file: usize,
        column: Option<&str>,
        code: IssueCode,
        severity: Severity,
        message: String,
    ) {
        if let (Some(at), Severity::Error) = (at, severity) {
            self.files[at.file as usize].rejected[at.row as usize - 1] = true;
        }
        self.issues.push(Issue {
            file: self.files[file].name.clone(),
            row: at.map(|a| u64::from(a.row)),
            column: column.map(str::to_string),
            code,
            severity,
            message,
        });
    }

    /// Records an issue about one row.
    pub fn row(&mut self, at: RowRef, column: Option<&str>, code: IssueCode, severity: Severity, message: String) {
        self.push(Some(at), at.file as usize, column, code, severity, message);
    }

    /// `file row N` for messages that point at another row.
    pub fn locate(&self, at: RowRef) -> String {
        format!("{} row {}", self.files[at.file as usize].name, at.row)
    }
}

/// A parsed header row.
#[derive(Debug, Clone)]
pub(crate) struct HeaderRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub child: Child,
    pub sex_code: SexCode,
}

/// A parsed episodes row.
#[derive(Debug, Clone)]
pub(crate) struct EpisodeRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub ep: Episode,
}

/// A parsed UASC row.
#[derive(Debug, Clone)]
pub(crate) struct UascRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub child: ChildId,
    pub ceased: Option<NaiveDate>,
}

/// Why a date cell could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    Format,
    Impossible,
}

/// Parses a strict `DD/MM/YYYY` date (`ssda903.md` §3).
///
/// ```ignore
/// assert_eq!(parse_date("01/05/2024"), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
/// ```
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, DateProblem> {
    let b = s.as_bytes();
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return Err(DateProblem::Format);
    }
    let num = |r: std::ops::Range<usize>| -> Result<u32, DateProblem> {
        let mut n = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return Err(DateProblem::Format);
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Ok(n)
    };
    let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::Impossible)
}

/// Formats a date as `DD/MM/YYYY`.
pub(crate) fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A column of a table: its position in [`TableKind::columns`] and its name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub idx: usize,
    pub name: &'static str,
}

macro_rules! cols {
    ($m:ident: $($name:ident = $idx:literal),+) => {
        pub(crate) mod $m {
            use super::Col;
            $(pub const $name: Col = Col { idx: $idx, name: stringify!($name) };)+
        }
    };
}
cols!(h: CHILD = 0, SEX = 1, DOB = 2, ETHNIC = 3, UPN = 4, MOTHER = 5, MC_DOB = 6);
cols!(e: CHILD = 0, DECOM = 1, RNE = 2, LS = 3, CIN = 4, PLACE = 5, PLACE_PROVIDER = 6, DEC = 7, REC = 8,
    REASON_PLACE_CHANGE = 9, HOME_POST = 10, PL_POST = 11, URN = 12);
cols!(u: CHILD = 0, DUC = 3);

/// Column positions of a recognised table in a file's header.
pub(crate) struct Columns {
    pub index: Vec<Option<usize>>,
}

impl Columns {
    pub fn new(table: TableKind, header: &[String]) -> Self {
        let index = table.columns().iter().map(|c| header.iter().position(|h| h == c)).collect();
        Columns { index }
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, col: Col) -> &'r str {
        self.index[col.idx].and_then(|i| rec.get(i)).map(str::trim_ascii).unwrap_or("")
    }
}

/// One record being parsed, with a shortcut for issues.
struct Cell<'a, 'r> {
    ctx: &'a mut Ctx,
    cols: &'a Columns,
    rec: &'r csv::StringRecord,
    at: RowRef,
    failed: bool,
}

impl<'r> Cell<'_, 'r> {
    fn get(&self, col: Col) -> &'r str {
        self.cols.get(self.rec, col)
    }

    fn issue(&mut self, column: &str, code: IssueCode, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.failed = true;
        }
        self.ctx.row(self.at, Some(column), code, severity, message);
    }

    fn required(&mut self, col: Col, what: &str) -> Option<&'r str> {
        let column = col.name;
        let v = self.get(col);
        if v.is_empty() {
            self.issue(
                column,
                IssueCode::MissingValue,
                Severity::Error,
                format!("{column} is blank; every row needs {what}. The row was left out."),
            );
            None
        } else {
            Some(v)
        }
    }

    /// A date; `severity` says whether a bad value rejects the row.
    fn date(&mut self, col: Col, value: &str, severity: Severity) -> Option<NaiveDate> {
        let column = col.name;
        if value.is_empty() {
            return None;
        }
        let then = if severity == Severity::Error { "The row was left out." } else { "It was read as blank." };
        match parse_date(value) {
            Ok(d) => Some(d),
            Err(DateProblem::Format) => {
                self.issue(
                    column,
                    IssueCode::DateFormat,
                    severity,
                    format!("{column} '{value}' is not a DD/MM/YYYY date (e.g. 01/05/2024). {then}"),
                );
                None
            }
            Err(DateProblem::Impossible) => {
                self.issue(
                    column,
                    IssueCode::DateImpossible,
                    severity,
                    format!("{column} '{value}' is not a real date. {then}"),
                );
                None
            }
        }
    }

    /// A code; unknown values are issues of `severity`.
    fn code<T>(
        &mut self,
        col: Col,
        value: &str,
        severity: Severity,
        parse: fn(&str) -> Result<T, crate::codes::UnknownCode>,
    ) -> Option<T> {
        let column = col.name;
        if value.is_empty() {
            return None;
        }
        match parse(value) {
            Ok(c) => Some(c),
            Err(_) => {
                let then = if severity == Severity::Error { "The row was left out." } else { "It was read as blank." };
                self.issue(
                    column,
                    IssueCode::UnknownCode,
                    severity,
                    format!("{column} '{value}' is not a {column} code in any year of the DfE guide. {then}"),
                );
                None
            }
        }
    }
}

fn opt_string(v: &str) -> Option<String> {
    if v.is_empty() {
        None
    } else if v.bytes().any(|b| b.is_ascii_lowercase()) || !v.is_ascii() {
        Some(v.to_uppercase())
    } else {
        Some(v.to_string())
    }
}

/// Parses a header row. Returns `None` when the row has an error.
pub(crate) fn header_row(ctx: &mut Ctx, cols: &Columns, rec: &csv::StringRecord, at: RowRef) -> Option<HeaderRow> {
    let mut c = Cell { ctx, cols, rec, at, failed: false };
    let id = c.required(h::CHILD, "the child's identifier");
    let sex_raw = c.required(h::SEX, "the child's sex (M, F or U; 1 or 2 before 2024/25)");
    let sex_code = sex_raw.and_then(|v| c.code(h::SEX, v, Severity::Error, SexCode::parse_code));
    let dob = c.required(h::DOB, "the child's date of birth").and_then(|v| c.date(h::DOB, v, Severity::Error));
    let ethnicity = c.code(h::ETHNIC, c.get(h::ETHNIC), Severity::Warning, Ethnicity::parse_code);
    let mother = match c.get(h::MOTHER) {
        "" => None,
        "1" => Some(true),
        "0" => Some(false),
        other => {
            let msg = format!("MOTHER '{other}' should be 0 or 1. It was read as blank.");
            c.issue(h::MOTHER.name, IssueCode::UnknownCode, Severity::Warning, msg);
            None
        }
    };
    let mc_dob = c.date(h::MC_DOB, c.get(h::MC_DOB), Severity::Warning);
    let upn = opt_string(c.get(h::UPN));
    if c.failed {
        return None;
    }
    let (id, sex_code, dob) = (id?, sex_code?, dob?);
    let (cix, id) = ctx.intern(id);
    let mut child = Child::new(id, sex_code.sex(), dob);
    child.ethnicity = ethnicity;
    child.upn = upn;
    child.mother = mother;
    child.mc_dob = mc_dob;
    Some(HeaderRow { at, cix, child, sex_code })
}

/// Parses a UASC row. Returns `None` when the row has an error.
pub(crate) fn uasc_row(ctx: &mut Ctx, cols: &Columns, rec: &csv::StringRecord, at: RowRef) -> Option<UascRow> {
    let mut c = Cell { ctx, cols, rec, at, failed: false };
    let id = c.required(u::CHILD, "the child's identifier");
    let duc = c.date(u::DUC, c.get(u::DUC), Severity::Warning);
    if c.failed {
        return None;
    }
    let (cix, child) = ctx.intern(id?);
    Some(UascRow { at, cix, child, ceased: duc })
}

/// Parses an episodes row. Returns `None` when the row has an error.
///
/// `latest` tracks the latest DECOM or DEC that parsed, rejected rows included,
/// from which the return's collection year is inferred.
pub(crate) fn episode_row(
    ctx: &mut Ctx,
    cols: &Columns,
    rec: &csv::StringRecord,
    at: RowRef,
    latest: &mut Option<NaiveDate>,
) -> Option<EpisodeRow> {
    let mut c = Cell { ctx, cols, rec, at, failed: false };
    let id = c.required(e::CHILD, "the child's identifier");
    let start = c.required(e::DECOM, "the date the episode started").and_then(|v| c.date(e::DECOM, v, Severity::Error));
    let rne = c
        .required(e::RNE, "the reason for the new episode")
        .and_then(|v| c.code(e::RNE, v, Severity::Error, ReasonNewEpisode::parse_code));
    let ls =
        c.required(e::LS, "the legal status").and_then(|v| c.code(e::LS, v, Severity::Error, LegalStatus::parse_code));
    let place = c
        .required(e::PLACE, "the placement type")
        .and_then(|v| c.code(e::PLACE, v, Severity::Error, Place::parse_code));
    let cin_raw = c.get(e::CIN);
    if cin_raw.is_empty() {
        let msg = "CIN is blank; the category of need was read as not recorded.".to_string();
        c.issue(e::CIN.name, IssueCode::MissingValue, Severity::Warning, msg);
    }
    let cin = c.code(e::CIN, cin_raw, Severity::Warning, CategoryOfNeed::parse_code);
    let provider_raw = c.get(e::PLACE_PROVIDER);
    let provider = c.code(e::PLACE_PROVIDER, provider_raw, Severity::Error, PlaceProvider::parse_code);
    let dec_raw = c.get(e::DEC);
    let end = c.date(e::DEC, dec_raw, Severity::Error);
    let rec_raw = c.get(e::REC);
    let rec_code = c.code(e::REC, rec_raw, Severity::Error, ReasonEpisodeCeased::parse_code);
    let rpc =
        c.code(e::REASON_PLACE_CHANGE, c.get(e::REASON_PLACE_CHANGE), Severity::Warning, ReasonPlaceChange::parse_code);
    match (dec_raw.is_empty(), rec_raw.is_empty()) {
        (false, true) => c.issue(
            "REC",
            IssueCode::DecWithoutRec,
            Severity::Error,
            format!("DEC is {dec_raw} but REC is blank: an episode that ended needs the reason it ended (rule 148). The row was left out."),
        ),
        (true, false) => c.issue(
            "DEC",
            IssueCode::RecWithoutDec,
            Severity::Error,
            format!("REC is {rec_raw} but DEC is blank: an episode with a reason for ending needs its end date (rule 148). The row was left out."),
        ),
        _ => {}
    }
    *latest = (*latest).max(start).max(end);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            let msg = format!("DEC {} is before DECOM {}. The row was left out.", format_date(e), format_date(s));
            c.issue("DEC", IssueCode::DecBeforeDecom, Severity::Error, msg);
        }
    }
    if let Some(p) = place {
        match provider {
            Some(pr) if p.takes_no_provider() => {
                let msg =
                    format!("PLACE {p} takes no PLACE_PROVIDER (rule 178) but {pr} was given; it was kept as given.");
                c.issue("PLACE_PROVIDER", IssueCode::ProviderNotAllowed, Severity::Warning, msg);
            }
            None if !p.takes_no_provider() && provider_raw.is_empty() => {
                let msg = format!("PLACE_PROVIDER is blank for PLACE {p}; the provider was read as not reported, so the placement may be unclassified.");
                c.issue("PLACE_PROVIDER", IssueCode::MissingValue, Severity::Warning, msg);
            }
            _ => {}
        }
    }
    if c.failed {
        return None;
    }
    let (home, pl, urn) = (c.get(e::HOME_POST), c.get(e::PL_POST), c.get(e::URN));
    let (home, pl, urn) = (ctx.text(home), ctx.text(pl), ctx.text(urn));
    let (cix, child) = ctx.intern(id?);
    let mut ep = Episode::new(child, start?, rne?, ls?, place?);
    ep.end = end;
    ep.reason_end = rec_code;
    ep.category_of_need = cin;
    ep.provider = provider;
    ep.reason_place_change = rpc;
    ep.home_postcode = home;
    ep.placement_postcode = pl;
    ep.urn = urn;
    Some(EpisodeRow { at, cix, ep })
}

/// The collection year in which an episode's codes are judged: the return's
/// year, or, for an episode that had already ended before that year began,
/// the year it ended in.
pub(crate) fn year_of_use(ep: &Episode, return_year: CollectionYear) -> CollectionYear {
    match ep.end {
        Some(e) if e < return_year.start() => CollectionYear::containing(e),
        _ => return_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_constants_match_the_tables() {
        for col in [h::CHILD, h::SEX, h::DOB, h::ETHNIC, h::UPN, h::MOTHER, h::MC_DOB] {
            assert_eq!(TableKind::Header.columns()[col.idx], col.name);
        }
        for col in [
            e::CHILD,
            e::DECOM,
            e::RNE,
            e::LS,
            e::CIN,
            e::PLACE,
            e::PLACE_PROVIDER,
            e::DEC,
            e::REC,
            e::REASON_PLACE_CHANGE,
            e::HOME_POST,
            e::PL_POST,
            e::URN,
        ] {
            assert_eq!(TableKind::Episodes.columns()[col.idx], col.name);
        }
        for col in [u::CHILD, u::DUC] {
            assert_eq!(TableKind::Uasc.columns()[col.idx], col.name);
        }
    }

    #[test]
    fn dates_are_strict_dd_mm_yyyy() {
        assert_eq!(parse_date("01/05/2024"), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
        assert_eq!(parse_date("29/02/2024"), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(parse_date("29/02/2023"), Err(DateProblem::Impossible));
        assert_eq!(parse_date("31/04/2023"), Err(DateProblem::Impossible));
        assert_eq!(parse_date("00/01/2023"), Err(DateProblem::Impossible));
        for bad in ["2024-05-01", "1/5/2024", "01/05/24", "01-05-2024", "0a/05/2024", ""] {
            assert_eq!(parse_date(bad), Err(DateProblem::Format), "{bad}");
        }
    }
}
