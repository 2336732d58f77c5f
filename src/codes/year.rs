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
///
/// ```
/// use sufficiency::codes::{CollectionYear, YearError};
/// // 2024/25 is collection 2025; the start year 2024 is valid too, so only
/// // clearly wrong values are caught, such as a two-digit year.
/// assert_eq!(CollectionYear::new(25), Err(YearError(25)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("collection year {0} is out of range: give the year the return ends in, between 1990 and 2100 (e.g. 2025 for 2024/25)")]
pub struct YearError(pub i64);

impl CollectionYear {
    /// The collection year ending on 31 March of `end_year`.
    ///
    /// ```
    /// use sufficiency::codes::CollectionYear;
    /// assert_eq!(CollectionYear::new(2026).unwrap().to_string(), "2025/26");
    /// assert!(CollectionYear::new(1989).is_err());
    /// ```
    pub fn new(end_year: u16) -> Result<Self, YearError> {
        if (1990..=2100).contains(&end_year) {
            Ok(CollectionYear(end_year))
        } else {
            Err(YearError(end_year.into()))
        }
    }

    /// The collection year whose 1 April – 31 March span contains `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::CollectionYear;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(CollectionYear::containing(d(2025, 3, 31)).to_string(), "2024/25");
    /// assert_eq!(CollectionYear::containing(d(2025, 4, 1)).to_string(), "2025/26");
    /// ```
    pub fn containing(date: NaiveDate) -> Self {
        let y = date.year();
        let end = if date.month() >= 4 { y + 1 } else { y };
        CollectionYear(end.clamp(0, u16::MAX as i32) as u16)
    }

    /// The calendar year in which the collection year ends.
    ///
    /// ```
    /// use sufficiency::codes::CollectionYear;
    /// assert_eq!(CollectionYear::new(2025).unwrap().end_year(), 2025); // 2024/25
    /// ```
    pub const fn end_year(self) -> u16 {
        self.0
    }

    /// 1 April at the start of the year.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::CollectionYear;
    /// let y = CollectionYear::new(2024).unwrap(); // 2023/24
    /// assert_eq!(y.start(), NaiveDate::from_ymd_opt(2023, 4, 1).unwrap());
    /// ```
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0) - 1, 4, 1).expect("1 April exists")
    }

    /// 31 March at the end of the year, the DfE's snapshot date for the stock
    /// of children looked after.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::CollectionYear;
    /// let y = CollectionYear::new(2024).unwrap(); // 2023/24
    /// assert_eq!(y.end(), NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
    /// assert_eq!((y.end() - y.start()).num_days() + 1, 366); // 2024 is a leap year
    /// ```
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.0), 3, 31).expect("31 March exists")
    }

    /// Whether `date` falls within the year (both ends inclusive).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::CollectionYear;
    /// let y = CollectionYear::new(2025).unwrap();
    /// assert!(y.contains(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()));
    /// assert!(!y.contains(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()));
    /// ```
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The year before.
    ///
    /// ```
    /// use sufficiency::codes::CollectionYear;
    /// let y = CollectionYear::new(2025).unwrap();
    /// assert_eq!(y.previous().to_string(), "2023/24");
    /// ```
    pub fn previous(self) -> Self {
        CollectionYear(self.0.saturating_sub(1))
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
    ///
    /// ```
    /// use sufficiency::codes::{CollectionYear, Place, Validity};
    /// assert_eq!(Place::U4.validity(), Validity::ALWAYS); // foster care has always been coded U4
    /// assert!(Validity::ALWAYS.contains(CollectionYear::new(1990).unwrap()));
    /// ```
    pub const ALWAYS: Validity = Validity { first: None, last: None };

    /// Accepted from collection year `first` onwards.
    ///
    /// ```
    /// use sufficiency::codes::{Place, Validity};
    /// // K3, registered supported accommodation, arrived in 2024/25.
    /// assert_eq!(Place::K3.validity(), Validity::from(2025));
    /// ```
    pub const fn from(first: u16) -> Self {
        Validity { first: Some(first), last: None }
    }

    /// Accepted up to and including collection year `last`.
    ///
    /// ```
    /// use sufficiency::codes::{CollectionYear, Place, Validity};
    /// // H5, unregulated semi-independent living, was last accepted in 2024/25.
    /// assert_eq!(Place::H5.validity(), Validity::until(2025));
    /// assert!(!Place::H5.is_valid_in(CollectionYear::new(2026).unwrap()));
    /// ```
    pub const fn until(last: u16) -> Self {
        Validity { first: None, last: Some(last) }
    }

    /// Whether `year` is inside the span.
    ///
    /// ```
    /// use sufficiency::codes::{CollectionYear, Validity};
    /// let y = |end| CollectionYear::new(end).unwrap();
    /// let v = Validity { first: Some(2020), last: Some(2022) };
    /// assert!(v.contains(y(2020)) && v.contains(y(2022))); // both ends inclusive
    /// assert!(!v.contains(y(2023)));
    /// ```
    pub fn contains(self, year: CollectionYear) -> bool {
        let y = year.end_year();
        self.first.is_none_or(|f| y >= f) && self.last.is_none_or(|l| y <= l)
    }

    /// A sentence saying when the code is accepted, for issue messages.
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// assert_eq!(Place::K3.validity().describe(), "accepted from 2024/25 onwards");
    /// assert_eq!(Place::Z1.validity().describe(), "accepted up to 2024/25");
    /// ```
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
