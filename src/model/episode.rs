use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{
    CategoryOfNeed, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange,
};

use super::ChildId;

/// One row of the episodes table: a spell with one legal status, placement and carer.
///
/// An episode runs from `start` (DECOM) up to, but not including, `end` (DEC):
/// on its end date the child is already in the next episode or out of care.
/// This is the accrual rule every engine uses.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode, ReasonEpisodeCeased};
/// use sufficiency::model::{ChildId, Episode};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let mut ep = Episode::new(ChildId::new("C1"), d(2024, 4, 1), ReasonNewEpisode::S, LegalStatus::V2, Place::U4);
/// ep.end = Some(d(2024, 4, 8));
/// ep.reason_end = Some(ReasonEpisodeCeased::E4A);
/// assert!(ep.is_open_on(d(2024, 4, 7)));
/// assert!(!ep.is_open_on(d(2024, 4, 8)));
/// assert_eq!(ep.nights(), Some(7));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    /// `CHILD`.
    pub child: ChildId,
    /// `DECOM`: the date the episode started.
    pub start: NaiveDate,
    /// `DEC`: the date the episode ceased, if it has.
    pub end: Option<NaiveDate>,
    /// `RNE`.
    pub reason_new: ReasonNewEpisode,
    /// `LS`.
    pub legal_status: LegalStatus,
    /// `CIN`.
    pub category_of_need: Option<CategoryOfNeed>,
    /// `PLACE`.
    pub place: Place,
    /// `PLACE_PROVIDER`.
    pub provider: Option<PlaceProvider>,
    /// `REC`, present exactly when `end` is.
    pub reason_end: Option<ReasonEpisodeCeased>,
    /// `REASON_PLACE_CHANGE`.
    pub reason_place_change: Option<ReasonPlaceChange>,
    /// `HOME_POST`, as given (upper-cased). Shared text: a postcode read many
    /// times is stored once.
    pub home_postcode: Option<Arc<str>>,
    /// `PL_POST`, as given (upper-cased).
    pub placement_postcode: Option<Arc<str>>,
    /// `URN`: the Ofsted unique reference number of the setting.
    pub urn: Option<Arc<str>>,
}

impl Episode {
    /// An open episode with the required fields set and everything else blank.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode};
    /// use sufficiency::model::{ChildId, Episode};
    /// let start = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
    /// // A care order (C2), fostered long-term with other carers (U4).
    /// let ep = Episode::new(ChildId::new("C1"), start, ReasonNewEpisode::S, LegalStatus::C2, Place::U4);
    /// assert_eq!((ep.end, ep.reason_end, ep.provider), (None, None, None));
    /// ```
    pub fn new(
        child: ChildId,
        start: NaiveDate,
        reason_new: ReasonNewEpisode,
        legal_status: LegalStatus,
        place: Place,
    ) -> Self {
        Episode {
            child,
            start,
            end: None,
            reason_new,
            legal_status,
            category_of_need: None,
            place,
            provider: None,
            reason_end: None,
            reason_place_change: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
        }
    }

    /// Whether the child is in this episode on the night of `date`:
    /// `start <= date < end`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode};
    /// use sufficiency::model::{ChildId, Episode};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let ep = Episode::new(ChildId::new("C1"), d(2024, 5, 1), ReasonNewEpisode::S, LegalStatus::C2, Place::U4);
    /// assert!(!ep.is_open_on(d(2024, 4, 30)));
    /// assert!(ep.is_open_on(d(2024, 5, 1)));
    /// assert!(ep.is_open_on(d(2030, 1, 1))); // no DEC: still open
    /// ```
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }

    /// Whether the episode covers any night in `from..=to`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode};
    /// use sufficiency::model::{ChildId, Episode};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut ep = Episode::new(ChildId::new("C1"), d(2024, 3, 1), ReasonNewEpisode::S, LegalStatus::C2, Place::U4);
    /// ep.end = Some(d(2024, 4, 1));
    /// // Its last night is 31 March, so it misses the 2024/25 year that starts 1 April.
    /// assert!(!ep.overlaps(d(2024, 4, 1), d(2025, 3, 31)));
    /// assert!(ep.overlaps(d(2023, 4, 1), d(2024, 3, 31)));
    /// ```
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && self.end.is_none_or(|e| e > from)
    }

    /// Nights in the episode (`end − start`), if it has ended.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode};
    /// use sufficiency::model::{ChildId, Episode};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut ep = Episode::new(ChildId::new("C1"), d(2024, 2, 1), ReasonNewEpisode::S, LegalStatus::C2, Place::U4);
    /// assert_eq!(ep.nights(), None);
    /// ep.end = Some(d(2024, 3, 1));
    /// assert_eq!(ep.nights(), Some(29)); // February 2024 had 29 days
    /// ```
    pub fn nights(&self) -> Option<i64> {
        self.end.map(|e| (e - self.start).num_days())
    }
}
