use serde::{Deserialize, Serialize};

use crate::codes::CollectionYear;
use crate::model::ChildId;
use crate::ssda903::Dataset;

use super::SnapshotOptions;

/// The DfE placement-stability measure for one collection year.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::snapshot::Stability;
/// // England 2024/25: 8,500 of 81,770 children had three or more placements
/// // (`shared/domain/statistics.md` §1, §7).
/// let england = Stability {
///     year: CollectionYear::new(2025).unwrap(),
///     children: 81_770,
///     three_or_more: 8_500,
///     three_or_more_children: Vec::new(), // national figures name no child
/// };
/// assert_eq!(england.three_or_more * 100 / england.children, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stability {
    /// The year measured.
    pub year: CollectionYear,
    /// Children in care on 31 March (short breaks excluded unless opted in).
    pub children: u64,
    /// Of those, children with three or more placements during the year.
    pub three_or_more: u64,
    /// The children with three or more placements.
    pub three_or_more_children: Vec<ChildId>,
}

impl Stability {
    /// `three_or_more / children`, or 0 when no child is in care.
    ///
    /// ```
    /// use sufficiency::codes::CollectionYear;
    /// use sufficiency::snapshot::Stability;
    /// let year = CollectionYear::new(2025).unwrap();
    /// // England 2024/25 (`shared/domain/statistics.md` §7): the published 10%.
    /// let england = Stability { year, children: 81_770, three_or_more: 8_500, three_or_more_children: vec![] };
    /// assert_eq!((england.share() * 100.0).round(), 10.0);
    /// let empty = Stability { year, children: 0, three_or_more: 0, three_or_more_children: vec![] };
    /// assert_eq!(empty.share(), 0.0);
    /// ```
    pub fn share(&self) -> f64 {
        if self.children == 0 {
            0.0
        } else {
            self.three_or_more as f64 / self.children as f64
        }
    }
}

/// Children looked after on 31 March with three or more placements during the
/// collection year (the DfE measure; `shared/domain/statistics.md` §7).
///
/// A placement begins with an episode whose RNE changes the placement (every
/// RNE but `L`) and continues through legal-status-only (`L`) episodes. The
/// count is the placements begun in the year, plus one for a placement
/// already running on 1 April. Temporary placements (T0–T4) count as placements.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::snapshot::{placement_stability, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "15/06/2010"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![
///         vec!["C1", "01/01/2024", "S", "C1", "N1", "U4", "PR1", "01/06/2024", "X1"],
///         vec!["C1", "01/06/2024", "L", "C2", "N1", "U4", "PR1", "01/08/2024", "X1"],
///         vec!["C1", "01/08/2024", "P", "C2", "N1", "U4", "PR4", "01/10/2024", "X1"],
///         vec!["C1", "01/10/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
///     ],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let s = placement_stability(&ds, CollectionYear::new(2025).unwrap(), &SnapshotOptions::default());
/// assert_eq!((s.children, s.three_or_more), (1, 1)); // running on 1 April + two moves
/// ```
pub fn placement_stability(ds: &Dataset, year: CollectionYear, opts: &SnapshotOptions) -> Stability {
    let (start, end) = (year.start(), year.end());
    let mut children = 0;
    let mut movers = Vec::new();
    let eps = ds.episodes();
    let mut i = 0;
    while i < eps.len() {
        let child = &eps[i].child;
        let j = i + eps[i..].iter().take_while(|e| &e.child == child).count();
        let mine = &eps[i..j];
        i = j;
        let Some(at_end) = mine.iter().find(|e| e.is_open_on(end)) else { continue };
        if !opts.counts(at_end) {
            continue;
        }
        children += 1;
        // A placement already running on 1 April: the episode covering that night began
        // earlier, or began that day by a legal-status change only (RNE L).
        let running = usize::from(
            mine.iter().any(|e| e.is_open_on(start) && (e.start < start || !e.reason_new.changes_placement())),
        );
        let begun =
            mine.iter().filter(|e| e.start >= start && e.start <= end && e.reason_new.changes_placement()).count();
        if running + begun >= 3 {
            movers.push(child.clone());
        }
    }
    Stability { year, children, three_or_more: movers.len() as u64, three_or_more_children: movers }
}
