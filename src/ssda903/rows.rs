//! Row-level parsing: one CSV record into a typed record or row-level issues.

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
    pub ret: usize,
    pub rejected: Vec<bool>,
}

/// Collects issues and rejections for every file of a read.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub files: Vec<FileState>,
    pub issues: Vec<Issue>,
}

impl Ctx {
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

    /// Whether a row has been rejected.
    pub fn is_rejected(&self, at: RowRef) -> bool {
        self.files[at.file as usize].rejected[at.row as usize - 1]
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
    pub child: Child,
    pub sex_code: SexCode,
}

/// A parsed episodes row.
#[derive(Debug, Clone)]
pub(crate) struct EpisodeRow {
    pub at: RowRef,
    pub ep: Episode,
}

/// A parsed UASC row.
#[derive(Debug, Clone)]
pub(crate) struct UascRow {
    pub at: RowRef,
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

/// Column positions of a recognised table in a file's header.
pub(crate) struct Columns {
    pub table: TableKind,
    pub index: Vec<Option<usize>>,
}

impl Columns {
    pub fn new(table: TableKind, header: &[String]) -> Self {
        let index = table.columns().iter().map(|c| header.iter().position(|h| h == c)).collect();
        Columns { table, index }
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, column: &str) -> &'r str {
        let pos = self.table.columns().iter().position(|c| *c == column).expect("known column");
        self.index[pos].and_then(|i| rec.get(i)).map(str::trim).unwrap_or("")
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
    fn get(&self, column: &str) -> &'r str {
        self.cols.get(self.rec, column)
    }

    fn issue(&mut self, column: &str, code: IssueCode, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.failed = true;
        }
        self.ctx.row(self.at, Some(column), code, severity, message);
    }

    fn required(&mut self, column: &str, what: &str) -> Option<&'r str> {
        let v = self.get(column);
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
    fn date(&mut self, column: &str, value: &str, severity: Severity) -> Option<NaiveDate> {
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
        column: &str,
        value: &str,
        severity: Severity,
        parse: fn(&str) -> Result<T, crate::codes::UnknownCode>,
    ) -> Option<T> {
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
    (!v.is_empty()).then(|| v.to_uppercase())
}

/// Parses a header row. Returns `None` when the row has an error.
pub(crate) fn header_row(ctx: &mut Ctx, cols: &Columns, rec: &csv::StringRecord, at: RowRef) -> Option<HeaderRow> {
    let mut c = Cell { ctx, cols, rec, at, failed: false };
    let id = c.required("CHILD", "the child's identifier");
    let sex_raw = c.required("SEX", "the child's sex (M, F or U; 1 or 2 before 2024/25)");
    let sex_code = sex_raw.and_then(|v| c.code("SEX", v, Severity::Error, SexCode::parse_code));
    let dob_raw = c.required("DOB", "the child's date of birth");
    let dob = dob_raw.and_then(|v| c.date("DOB", v, Severity::Error));
    let ethnicity = {
        let v = c.get("ETHNIC");
        c.code("ETHNIC", v, Severity::Warning, Ethnicity::parse_code)
    };
    let mother = match c.get("MOTHER") {
        "" => None,
        "1" => Some(true),
        "0" => Some(false),
        other => {
            c.issue(
                "MOTHER",
                IssueCode::UnknownCode,
                Severity::Warning,
                format!("MOTHER '{other}' should be 0 or 1. It was read as blank."),
            );
            None
        }
    };
    let mc_dob = {
        let v = c.get("MC_DOB");
        c.date("MC_DOB", v, Severity::Warning)
    };
    let upn = opt_string(c.get("UPN"));
    if c.failed {
        return None;
    }
    let (id, sex_code, dob) = (id?, sex_code?, dob?);
    let mut child = Child::new(ChildId::new(id), sex_code.sex(), dob);
    child.ethnicity = ethnicity;
    child.upn = upn;
    child.mother = mother;
    child.mc_dob = mc_dob;
    Some(HeaderRow { at, child, sex_code })
}

/// Parses a UASC row. Returns `None` when the row has an error.
pub(crate) fn uasc_row(ctx: &mut Ctx, cols: &Columns, rec: &csv::StringRecord, at: RowRef) -> Option<UascRow> {
    let mut c = Cell { ctx, cols, rec, at, failed: false };
    let id = c.required("CHILD", "the child's identifier");
    let duc = {
        let v = c.get("DUC");
        c.date("DUC", v, Severity::Warning)
    };
    if c.failed {
        return None;
    }
    Some(UascRow { at, child: ChildId::new(id?), ceased: duc })
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
    let id = c.required("CHILD", "the child's identifier");
    let start = c.required("DECOM", "the date the episode started").and_then(|v| c.date("DECOM", v, Severity::Error));
    let rne = c
        .required("RNE", "the reason for the new episode")
        .and_then(|v| c.code("RNE", v, Severity::Error, ReasonNewEpisode::parse_code));
    let ls =
        c.required("LS", "the legal status").and_then(|v| c.code("LS", v, Severity::Error, LegalStatus::parse_code));
    let place =
        c.required("PLACE", "the placement type").and_then(|v| c.code("PLACE", v, Severity::Error, Place::parse_code));
    let cin = {
        let v = c.get("CIN");
        if v.is_empty() {
            c.issue(
                "CIN",
                IssueCode::MissingValue,
                Severity::Warning,
                "CIN is blank; the category of need was read as not recorded.".to_string(),
            );
        }
        c.code("CIN", v, Severity::Warning, CategoryOfNeed::parse_code)
    };
    let provider = {
        let v = c.get("PLACE_PROVIDER");
        c.code("PLACE_PROVIDER", v, Severity::Error, PlaceProvider::parse_code)
    };
    let dec_raw = c.get("DEC");
    let end = c.date("DEC", dec_raw, Severity::Error);
    let rec_raw = c.get("REC");
    let rec_code = c.code("REC", rec_raw, Severity::Error, ReasonEpisodeCeased::parse_code);
    let rpc = {
        let v = c.get("REASON_PLACE_CHANGE");
        c.code("REASON_PLACE_CHANGE", v, Severity::Warning, ReasonPlaceChange::parse_code)
    };
    match (dec_raw.is_empty(), rec_raw.is_empty()) {
        (false, true) => c.issue("REC", IssueCode::DecWithoutRec, Severity::Error, format!("DEC is {dec_raw} but REC is blank: an episode that ended needs the reason it ended (rule 148). The row was left out.")),
        (true, false) => c.issue("DEC", IssueCode::RecWithoutDec, Severity::Error, format!("REC is {rec_raw} but DEC is blank: an episode with a reason for ending needs its end date (rule 148). The row was left out.")),
        _ => {}
    }
    *latest = (*latest).max(start).max(end);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            c.issue(
                "DEC",
                IssueCode::DecBeforeDecom,
                Severity::Error,
                format!("DEC {} is before DECOM {}. The row was left out.", format_date(e), format_date(s)),
            );
        }
    }
    if let Some(p) = place {
        match provider {
            Some(pr) if p.takes_no_provider() => c.issue("PLACE_PROVIDER", IssueCode::ProviderNotAllowed, Severity::Warning, format!("PLACE {p} takes no PLACE_PROVIDER (rule 178) but {pr} was given; it was kept as given.")),
            None if !p.takes_no_provider() && c.get("PLACE_PROVIDER").is_empty() => c.issue("PLACE_PROVIDER", IssueCode::MissingValue, Severity::Warning, format!("PLACE_PROVIDER is blank for PLACE {p}; the provider was read as not reported, so the placement may be unclassified.")),
            _ => {}
        }
    }
    let home = opt_string(c.get("HOME_POST"));
    let pl = opt_string(c.get("PL_POST"));
    let urn = opt_string(c.get("URN"));
    if c.failed {
        return None;
    }
    let mut ep = Episode::new(ChildId::new(id?), start?, rne?, ls?, place?);
    ep.end = end;
    ep.reason_end = rec_code;
    ep.category_of_need = cin;
    ep.provider = provider;
    ep.reason_place_change = rpc;
    ep.home_postcode = home;
    ep.placement_postcode = pl;
    ep.urn = urn;
    Some(EpisodeRow { at, ep })
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
