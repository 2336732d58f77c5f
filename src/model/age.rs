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
    pub const fn new(from: u8, to: Option<u8>) -> Self {
        AgeBand { from, to }
    }

    /// Whether `age` lies in the band.
    pub fn contains(self, age: i32) -> bool {
        age >= i32::from(self.from) && self.to.is_none_or(|t| age < i32::from(t))
    }

    /// The DfE-style label: `under 1`, `1-4`, `16+`.
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
    pub fn dfe() -> Self {
        AgeBands::from_boundaries(&[1, 5, 10, 16]).expect("static boundaries are increasing")
    }

    /// Bands split at each boundary age (strictly increasing, above 0); the last is open.
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
    pub fn band_of(&self, age: i32) -> Option<AgeBand> {
        self.bands.iter().copied().find(|b| b.contains(age))
    }

    /// The bands in order.
    pub fn bands(&self) -> &[AgeBand] {
        &self.bands
    }
}
