//! Shared helpers for the integration tests: fixture files written into a temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use sufficiency::ssda903::{Dataset, Issue, IssueCode, Severity};

pub const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB";
pub const EPISODES: &str =
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";

/// Writes `lines` (joined with LF and a final newline) to `dir/name`.
pub fn write(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// A header row for a child with the 2024/25+ sex coding.
pub fn child(id: &str, sex: &str, dob: &str) -> String {
    format!("{id},{sex},{dob},WBRI,,,")
}

/// An episodes row from its coded fields.
#[allow(clippy::too_many_arguments)]
pub fn ep(child: &str, decom: &str, rne: &str, ls: &str, place: &str, provider: &str, dec: &str, rec: &str) -> String {
    let rpc = if rec.is_empty() { "" } else { "CARPL" };
    format!("{child},{decom},{rne},{ls},N1,{place},{provider},{dec},{rec},{rpc},,,")
}

/// The issues with this code.
pub fn with_code(ds: &Dataset, code: IssueCode) -> Vec<&Issue> {
    ds.issues().iter().filter(|i| i.code == code).collect()
}

/// Asserts exactly one issue with this code, at this file name (suffix), row, column and severity.
pub fn assert_one(
    ds: &Dataset,
    code: IssueCode,
    file_suffix: &str,
    row: Option<u64>,
    column: Option<&str>,
    severity: Severity,
) {
    let found = with_code(ds, code);
    assert_eq!(found.len(), 1, "expected one {code:?}, got {found:#?}\nall issues: {:#?}", ds.issues());
    let i = found[0];
    assert!(i.file.ends_with(file_suffix), "file {} does not end with {file_suffix}", i.file);
    assert_eq!(i.row, row, "{i}");
    assert_eq!(i.column.as_deref(), column, "{i}");
    assert_eq!(i.severity, severity, "{i}");
    assert!(!i.message.is_empty());
}

/// Asserts rows_read == accepted + rejected for every file and returns (read, accepted, rejected) per file.
pub fn counts(ds: &Dataset) -> Vec<(u64, u64, u64)> {
    ds.summary()
        .iter()
        .map(|s| {
            assert_eq!(s.rows_read, s.rows_accepted + s.rows_rejected, "{s:?}");
            (s.rows_read, s.rows_accepted, s.rows_rejected)
        })
        .collect()
}

/// The summary line for a file name ending with `suffix`.
pub fn summary_of(ds: &Dataset, suffix: &str) -> (u64, u64, u64) {
    let s = ds.summary().iter().find(|s| s.file.ends_with(suffix)).unwrap_or_else(|| panic!("no file {suffix}"));
    (s.rows_read, s.rows_accepted, s.rows_rejected)
}
