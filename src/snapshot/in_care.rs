use std::collections::HashMap;

use chrono::NaiveDate;

use crate::ssda903::Dataset;

use super::{By, Counts, SnapshotOptions};

/// Children in care on the night of `date`, broken down `by`.
///
/// Each child is counted once, in the episode covering that night
/// (`DECOM <= date < DEC`); short breaks are left out unless
/// [`SnapshotOptions::include_short_breaks`] is set.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::snapshot::{in_care_on, By, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "15/06/2008"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![vec!["C1", "01/05/2024", "S", "C1", "N1", "K2", "PR4", "31/03/2025", "E4A"]],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let opts = SnapshotOptions::default();
/// assert_eq!(in_care_on(&ds, d(2025, 3, 30), By::AgeBand, &opts).get("16+"), 1);
/// assert_eq!(in_care_on(&ds, d(2025, 3, 31), By::Total, &opts).total(), 0); // left that day
/// ```
pub fn in_care_on(ds: &Dataset, date: NaiveDate, by: By, opts: &SnapshotOptions) -> Counts {
    let mut map: HashMap<String, u64> = HashMap::new();
    for e in ds.episodes().iter().filter(|e| e.is_open_on(date) && opts.counts(e)) {
        if let Some(child) = ds.child(&e.child) {
            *map.entry(opts.key(by, child, e, date)).or_default() += 1;
        }
    }
    Counts::from_map(by, opts, map)
}
