use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A child's age in whole years on `on` (their birthday counts from the day itself).
///
/// A child born on 29 February has their birthday on 1 March in common years,
/// as in English law for the age of majority.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::model::age_in_years;
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// assert_eq!(age_in_years(d(2010, 6, 15), d(2025, 6, 14)), 14);
/// assert_eq!(age_in_years(d(2010, 6, 15), d(2025, 6, 15)), 15);
/// assert_eq!(age_in_years(d(2008, 2, 29), d(2026, 2, 28)), 17);
/// assert_eq!(age_in_years(d(2008, 2, 29), d(2026, 3, 1)), 18);
/// ```
pub fn age_in_years(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years
}

/// One age band: ages `from` (inclusive) to `to` (exclusive), in whole years.
///
/// ```
/// use sufficiency::model::AgeBand;
/// let band = AgeBand::new(10, Some(16));
/// assert_eq!(band.label(), "10-15");
/// assert!(band.contains(15) && !band.contains(16));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AgeBand {
    /// Lowest age in the band.
    pub from: u8,
    /// First age past the band; `None` for an open top band.
    pub to: Option<u8>,
}

impl AgeBand {
    /// A band of ages `from..to`.
    ///
    /// ```
    /// use sufficiency::model::AgeBand;
    /// // The DfE's 1-4 band holds one- to four-year-olds: it stops before 5.
    /// let band = AgeBand::new(1, Some(5));
    /// assert_eq!((band.from, band.to), (1, Some(5)));
    /// assert_eq!(band.label(), "1-4");
    /// ```
    pub const fn new(from: u8, to: Option<u8>) -> Self {
        AgeBand { from, to }
    }

    /// Whether `age` lies in the band.
    ///
    /// ```
    /// use sufficiency::model::AgeBand;
    /// let sixteen_plus = AgeBand::new(16, None); // open at the top
    /// assert!(sixteen_plus.contains(17) && sixteen_plus.contains(25));
    /// assert!(!sixteen_plus.contains(15));
    /// ```
    pub fn contains(self, age: i32) -> bool {
        age >= i32::from(self.from) && self.to.is_none_or(|t| age < i32::from(t))
    }

    /// The DfE-style label: `under 1`, `1-4`, `16+`.
    ///
    /// ```
    /// use sufficiency::model::AgeBand;
    /// assert_eq!(AgeBand::new(0, Some(1)).label(), "under 1");
    /// assert_eq!(AgeBand::new(17, Some(18)).label(), "17"); // a one-year band
    /// assert_eq!(AgeBand::new(16, None).label(), "16+");
    /// ```
    pub fn label(self) -> String {
        match (self.from, self.to) {
            (0, Some(1)) => "under 1".to_string(),
            (f, Some(t)) if t == f + 1 => f.to_string(),
            (f, Some(t)) => format!("{}-{}", f, t - 1),
            (f, None) => format!("{f}+"),
        }
    }
}

/// An ordered set of age bands covering every age from 0.
///
/// The default is the DfE's published bands: under 1, 1–4, 5–9, 10–15, 16+
/// (`shared/domain/statistics.md` §4).
///
/// ```
/// use sufficiency::model::AgeBands;
/// let bands = AgeBands::dfe();
/// assert_eq!(bands.band_of(0).unwrap().label(), "under 1");
/// assert_eq!(bands.band_of(17).unwrap().label(), "16+");
/// let custom = AgeBands::from_boundaries(&[1, 5, 10, 16, 18]).unwrap();
/// assert_eq!(custom.band_of(17).unwrap().label(), "16-17");
/// assert_eq!(custom.band_of(18).unwrap().label(), "18+");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBands {
    bands: Vec<AgeBand>,
}

impl Default for AgeBands {
    fn default() -> Self {
        AgeBands::dfe()
    }
}

impl AgeBands {
    /// The DfE bands: under 1, 1–4, 5–9, 10–15, 16+.
    ///
    /// ```
    /// use sufficiency::model::AgeBands;
    /// let labels: Vec<String> = AgeBands::dfe().bands().iter().map(|b| b.label()).collect();
    /// assert_eq!(labels, ["under 1", "1-4", "5-9", "10-15", "16+"]);
    /// ```
    pub fn dfe() -> Self {
        AgeBands::from_boundaries(&[1, 5, 10, 16]).expect("static boundaries are increasing")
    }

    /// Bands split at each boundary age (strictly increasing, above 0); the last is open.
    ///
    /// ```
    /// use sufficiency::model::AgeBands;
    /// // Care leavers' analysis: children, then 16-17, then 18+.
    /// let bands = AgeBands::from_boundaries(&[16, 18]).unwrap();
    /// assert_eq!(bands.bands().len(), 3);
    /// assert_eq!(bands.band_of(5).unwrap().label(), "0-15");
    /// assert!(AgeBands::from_boundaries(&[10, 5]).is_err());
    /// ```
    pub fn from_boundaries(boundaries: &[u8]) -> Result<Self, String> {
        if boundaries.windows(2).any(|w| w[0] >= w[1]) || boundaries.first() == Some(&0) {
            return Err(format!("age band boundaries must be strictly increasing and above 0, got {boundaries:?}"));
        }
        let mut bands = Vec::with_capacity(boundaries.len() + 1);
        let mut from = 0u8;
        for &b in boundaries {
            bands.push(AgeBand::new(from, Some(b)));
            from = b;
        }
        bands.push(AgeBand::new(from, None));
        Ok(AgeBands { bands })
    }

    /// The band holding `age` (none for a negative age).
    ///
    /// ```
    /// use sufficiency::model::AgeBands;
    /// let bands = AgeBands::dfe();
    /// assert_eq!(bands.band_of(15).unwrap().label(), "10-15");
    /// assert_eq!(bands.band_of(16).unwrap().label(), "16+");
    /// assert_eq!(bands.band_of(-1), None); // e.g. a date of birth after the count date
    /// ```
    pub fn band_of(&self, age: i32) -> Option<AgeBand> {
        self.bands.iter().copied().find(|b| b.contains(age))
    }

    /// The bands in order.
    ///
    /// ```
    /// use sufficiency::model::{AgeBand, AgeBands};
    /// let bands = AgeBands::dfe();
    /// assert_eq!(bands.bands()[0], AgeBand::new(0, Some(1)));
    /// assert_eq!(bands.bands().last(), Some(&AgeBand::new(16, None)));
    /// ```
    pub fn bands(&self) -> &[AgeBand] {
        &self.bands
    }
}
