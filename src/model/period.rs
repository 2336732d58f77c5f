use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::ReasonEpisodeCeased;

use super::ChildId;

/// A period of care: an unbroken chain of a child's episodes, each ending with
/// REC `X1` on the day the next starts, from an `S` start to a final REC other
/// than `X1` (`shared/domain/ssda903.md` §1).
///
/// Periods are derived by [`crate::ssda903::Dataset`] from its episodes;
/// `episodes` indexes into [`crate::ssda903::Dataset::episodes`].
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::model::{CarePeriod, ChildId};
/// let p = CarePeriod {
///     child: ChildId::new("C1"),
///     start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
///     end: None,
///     reason_end: None,
///     episodes: 0..2,
///     started_before_data: false,
/// };
/// assert!(p.is_open());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarePeriod {
    /// The child.
    pub child: ChildId,
    /// DECOM of the first episode.
    pub start: NaiveDate,
    /// DEC of the last episode, if care has ended.
    pub end: Option<NaiveDate>,
    /// REC of the last episode, if care has ended.
    pub reason_end: Option<ReasonEpisodeCeased>,
    /// Indices of the period's episodes in the dataset's episode list.
    pub episodes: std::ops::Range<usize>,
    /// The first episode's RNE is not `S`: the period began before the data does.
    pub started_before_data: bool,
}

impl CarePeriod {
    /// Whether care had not ended by the end of the data.
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Whether the child was in this period on the night of `date`.
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }
}
