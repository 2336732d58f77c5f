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
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// use sufficiency::model::{CarePeriod, ChildId};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let adopted = CarePeriod {
    ///     child: ChildId::new("C1"),
    ///     start: d(2022, 6, 1),
    ///     end: Some(d(2024, 9, 30)),
    ///     reason_end: Some(ReasonEpisodeCeased::E11),
    ///     episodes: 0..3,
    ///     started_before_data: false,
    /// };
    /// assert!(!adopted.is_open());
    /// ```
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Whether the child was in this period on the night of `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// use sufficiency::model::{CarePeriod, ChildId};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let p = CarePeriod {
    ///     child: ChildId::new("C1"),
    ///     start: d(2024, 1, 10),
    ///     end: Some(d(2024, 3, 31)),
    ///     reason_end: Some(ReasonEpisodeCeased::E4A),
    ///     episodes: 0..1,
    ///     started_before_data: false,
    /// };
    /// // Went home on 31 March, so not in care on the 31 March 2024 snapshot.
    /// assert!(p.is_open_on(d(2024, 3, 30)));
    /// assert!(!p.is_open_on(d(2024, 3, 31)));
    /// ```
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }
}
