use std::collections::HashMap;

use chrono::NaiveDate;

use crate::ssda903::Dataset;

use super::counts::NOT_RECORDED;
use super::{By, Counts, SnapshotOptions};

/// Children starting a period of care between `from` and `to` (both inclusive),
/// broken down `by` the first episode (age on the day care started).
///
/// Periods that began before the data (first RNE not `S`) are not entries.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::snapshot::{entries, By, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "15/06/2024"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![vec!["C1", "01/07/2024", "S", "C1", "N1", "U4", "PR1", "", ""]],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let starters = entries(&ds, d(2024, 4, 1), d(2025, 3, 31), By::AgeBand, &SnapshotOptions::default());
/// assert_eq!(starters.get("under 1"), 1);
/// ```
pub fn entries(ds: &Dataset, from: NaiveDate, to: NaiveDate, by: By, opts: &SnapshotOptions) -> Counts {
    let mut map: HashMap<String, u64> = HashMap::new();
    for p in ds.periods().iter().filter(|p| !p.started_before_data && from <= p.start && p.start <= to) {
        let first = &ds.episodes()[p.episodes.start];
        if !opts.counts(first) {
            continue;
        }
        if let Some(child) = ds.child(&p.child) {
            *map.entry(opts.key(by, child, first, p.start)).or_default() += 1;
        }
    }
    Counts::from_map(by, opts, map)
}

/// Periods of care ending between `from` and `to` (both inclusive), by the
/// reason care ended (REC). A period whose chain broke without a reason is
/// counted as `not_recorded`.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::snapshot::{leavers, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "15/06/2010"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![vec!["C1", "01/07/2024", "S", "C1", "N1", "U4", "PR1", "01/09/2024", "E4A"]],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let out = leavers(&ds, d(2024, 4, 1), d(2025, 3, 31), &SnapshotOptions::default());
/// assert_eq!(out.rows, vec![("E4A".to_string(), 1)]);
/// ```
pub fn leavers(ds: &Dataset, from: NaiveDate, to: NaiveDate, opts: &SnapshotOptions) -> Counts {
    let mut counts: Vec<(String, u64)> = Vec::new();
    let mut map: HashMap<String, u64> = HashMap::new();
    for p in ds.periods() {
        if !p.end.is_some_and(|e| from <= e && e <= to) {
            continue;
        }
        let last = &ds.episodes()[p.episodes.end - 1];
        if !opts.counts(last) {
            continue;
        }
        let key = p.reason_end.map(|r| r.code().to_string()).unwrap_or_else(|| NOT_RECORDED.to_string());
        *map.entry(key).or_default() += 1;
    }
    for r in crate::codes::ReasonEpisodeCeased::ALL {
        if let Some(n) = map.remove(r.code()) {
            counts.push((r.code().to_string(), n));
        }
    }
    if let Some(n) = map.remove(NOT_RECORDED) {
        counts.push((NOT_RECORDED.to_string(), n));
    }
    Counts { by: By::Total, rows: counts }
}
