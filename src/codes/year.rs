use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// An SSDA903 collection year, named by the calendar year in which it ends.
///
/// Collection `2025` is 2024/25: 1 April 2024 to 31 March 2025
/// (`shared/domain/ssda903.md`, introduction). The same 1 April – 31 March
/// span is the local-authority financial year.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::codes::CollectionYear;
///
/// let y = CollectionYear::new(2025).unwrap();
/// assert_eq!(y.to_string(), "2024/25");
/// assert_eq!(y.start(), NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
/// assert_eq!(y.end(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
/// assert_eq!(CollectionYear::containing(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()).end_year(), 2026);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct CollectionYear(u16);

/// A collection year outside the range the crate understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("collection year {0} is out of range: give the year the return ends in, between 1990 and 2100 (e.g. 2025 for 2024/25)")]
pub struct YearError(pub i64);

impl CollectionYear {
    /// The collection year ending on 31 March of `end_year`.
    pub fn new(end_year: u16) -> Result<Self, YearError> {
        if (1990..=2100).contains(&end_year) {
            Ok(CollectionYear(end_year))
        } else {
            Err(YearError(end_year.into()))
        }
    }

    /// The collection year whose 1 April – 31 March span contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let y = date.year();
        let end = if date.month() >= 4 { y + 1 } else { y };
        CollectionYear(end.clamp(0, u16::MAX as i32) as u16)
    }

    /// The calendar year in which the collection year ends.
    pub const fn end_year(self) -> u16 {
        self.0
    }

    /// 1 April at the start of the year.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0) - 1, 4, 1).expect("1 April exists")
    }

    /// 31 March at the end of the year.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0), 3, 31).expect("31 March exists")
    }

    /// Whether `date` falls within the year (both ends inclusive).
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The year before.
    pub fn previous(self) -> Self {
        CollectionYear(self.0 - 1)
    }
}

impl TryFrom<u16> for CollectionYear {
    type Error = YearError;
    fn try_from(value: u16) -> Result<Self, Self::Error> {
        CollectionYear::new(value)
    }
}

impl From<CollectionYear> for u16 {
    fn from(value: CollectionYear) -> Self {
        value.0
    }
}

impl std::fmt::Display for CollectionYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{:02}", self.0 - 1, self.0 % 100)
    }
}

/// The collection years in which a code is accepted, by end year, both ends inclusive.
///
/// ```
/// use sufficiency::codes::{CollectionYear, Validity};
/// let k3 = Validity::from(2025);
/// assert!(k3.contains(CollectionYear::new(2030).unwrap()));
/// assert!(!k3.contains(CollectionYear::new(2024).unwrap()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First collection year (end year) the code is accepted in, if limited.
    pub first: Option<u16>,
    /// Last collection year (end year) the code is accepted in, if limited.
    pub last: Option<u16>,
}

impl Validity {
    /// Accepted in every year.
    pub const ALWAYS: Validity = Validity { first: None, last: None };

    /// Accepted from collection year `first` onwards.
    pub const fn from(first: u16) -> Self {
        Validity { first: Some(first), last: None }
    }

    /// Accepted up to and including collection year `last`.
    pub const fn until(last: u16) -> Self {
        Validity { first: None, last: Some(last) }
    }

    /// Whether `year` is inside the span.
    pub fn contains(self, year: CollectionYear) -> bool {
        let y = year.end_year();
        self.first.is_none_or(|f| y >= f) && self.last.is_none_or(|l| y <= l)
    }

    /// A sentence saying when the code is accepted, for issue messages.
    pub fn describe(self) -> String {
        let name = |y: u16| CollectionYear(y).to_string();
        match (self.first, self.last) {
            (None, None) => "accepted in every year".to_string(),
            (Some(f), None) => format!("accepted from {} onwards", name(f)),
            (None, Some(l)) => format!("accepted up to {}", name(l)),
            (Some(f), Some(l)) => format!("accepted from {} to {}", name(f), name(l)),
        }
    }
}
