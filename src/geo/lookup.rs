//! Resolving postcodes to grid references: a user's unit-postcode table
//! first (the DfE method), then the embedded unit postcodes (exact ONSPD
//! records, also the DfE method), then embedded sector and district
//! centroids (approximate; not DfE behaviour).
//!
//! The embedded table `src/geo/data/sectors.csv` holds, for each postcode
//! sector of England, Wales and Scotland, the mean grid reference of its
//! postcodes, the UTLA holding most of them and their count, plus one real
//! unit postcode of the sector with its own exact grid reference and LAD
//! (see [`UnitPostcode`]); it is built by `scripts/build_postcode_data.py`
//! from the ONSPD November 2025 extract (`/work/shared/domain/ssda903.md`
//! §7). District centroids are computed from it when first needed, each
//! sector weighted by its postcode count.
//!
//! ```
//! use sufficiency::geo::lookup::{Postcodes, Precision};
//! let pcs = Postcodes::new();
//! let loc = pcs.resolve("TA1 1AA").unwrap(); // no unit table: sector centroid
//! assert_eq!(loc.precision, Precision::Sector);
//! assert_eq!(loc.authority.as_deref(), Some("E06000066")); // Somerset
//!
//! // The sector's embedded unit postcode resolves exactly, to its LAD.
//! let unit = &pcs.sector("TA1 1").unwrap().unit;
//! let loc = pcs.resolve(&unit.postcode).unwrap();
//! assert_eq!((loc.precision, loc.grid), (Precision::Unit, unit.grid));
//! ```

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::geo::authority::{placement_la, utla_of, PlacementLa};
use crate::geo::embedded::embedded_rows;
use crate::geo::error::GeoError;
use crate::geo::grid::{distance_miles, GridRef, Miles};
use crate::geo::postcode::{normalise, Postcode};

const SECTORS_CSV: &str = include_str!("data/sectors.csv");

/// How finely a postcode was resolved, finest first: `Unit < Sector <
/// District`. Only `Unit` is the DfE method; the others are approximate
/// centroids and must be flagged (ssda903.md §6). Serialises in lower case.
///
/// ```
/// use sufficiency::geo::Precision;
/// assert!(Precision::Unit < Precision::District);
/// assert!(!Precision::Unit.is_approximate());
/// assert!(Precision::Sector.is_approximate());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A full unit postcode matched exactly (the DfE method).
    Unit,
    /// The mean centroid of the postcode's sector (e.g. `B1 1`).
    Sector,
    /// The mean centroid of the postcode's district (e.g. `B1`).
    District,
}

impl Precision {
    /// Whether a location or distance at this precision is approximate,
    /// i.e. not what the DfE would compute.
    ///
    /// ```
    /// assert!(sufficiency::geo::Precision::District.is_approximate());
    /// ```
    pub fn is_approximate(self) -> bool {
        self != Precision::Unit
    }
}

/// The centroid of a postcode sector or district from the embedded table,
/// with one real unit postcode of that sector or district.
///
/// ```
/// use sufficiency::geo::Postcodes;
///
/// let b1_1 = Postcodes::new().sector("B1 1").unwrap();
/// assert_eq!(b1_1.utla, "E08000025"); // Birmingham
/// assert!(b1_1.postcodes > 100);
/// assert_eq!(b1_1.unit.postcode, "B1 1QG");
/// assert_eq!(b1_1.unit.utla, b1_1.utla);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centroid {
    /// Mean grid reference of the postcodes, rounded to whole metres.
    pub grid: GridRef,
    /// The 2025 upper-tier authority holding most of the postcodes.
    pub utla: String,
    /// How many postcodes were averaged.
    pub postcodes: u32,
    /// A real unit postcode near the centroid, inside [`Centroid::utla`].
    pub unit: UnitPostcode,
}

/// A real unit postcode from the ONSPD (November 2025), embedded with its
/// own exact grid reference and authority: one per sector.
///
/// A sector's unit is, among the sector's postcodes whose LAD lies in the
/// sector's majority UTLA, the one nearest the sector centroid (postcodes
/// with only a 100 m grid reference are passed over when the sector has
/// others; ties go to the smaller postcode). So `unit.utla` always equals
/// the sector's [`Centroid::utla`], also for sectors that straddle an
/// authority boundary. A district's unit is the unit of one of its
/// sectors: the one nearest the district centroid among those in the
/// district's majority UTLA (any of them if none is).
///
/// These are exact ONSPD records, so the DfE distance between two of them
/// is the DfE's own figure and the public validator finds them (rule 392c
/// does not fire). The ONSPD extract the data is built from does not mark
/// terminated postcodes, so a unit may be one Royal Mail has retired (all
/// of a wholly retired district such as `AB1` is); the DfE's lookup keeps
/// those too.
///
/// ```
/// use sufficiency::geo::{GridRef, Postcodes};
///
/// let m1_1 = Postcodes::new().sector("M1 1").unwrap();
/// assert_eq!(m1_1.unit.postcode, "M1 1JW");
/// assert_eq!(m1_1.unit.grid, GridRef::new(384_468, 398_418));
/// assert_eq!(m1_1.unit.lad, "E08000003"); // Manchester
/// assert_eq!(m1_1.unit.utla, "E08000003");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnitPostcode {
    /// The postcode as written in a return, with one space: `B1 1QG`.
    pub postcode: String,
    /// Its own ONSPD grid reference (`oseast1m`, `osnrth1m`).
    pub grid: GridRef,
    /// Its 2025 local authority district (the ONSPD `laua`).
    pub lad: String,
    /// The 2025 upper-tier authority of that district.
    pub utla: String,
}

/// Where a postcode resolved to, and how precisely.
///
/// ```
/// use sufficiency::geo::{Postcodes, Precision};
///
/// let loc = Postcodes::new().resolve("B1").unwrap();
/// assert_eq!(loc.precision, Precision::District);
/// assert_eq!(loc.key, "B1");
/// assert!(loc.is_approximate());
/// assert_eq!(loc.placement_la().unwrap().as_str(), "E08000025");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// What matched: the unit join key (`B11AA`), the sector (`B1 1`) or
    /// the district (`B1`).
    pub key: String,
    /// The grid reference: the unit's, or the sector / district centroid.
    pub grid: GridRef,
    /// Unit, sector or district.
    pub precision: Precision,
    /// The authority code the source gives: a unit table's authority column
    /// (an ONSPD `laua` is a LAD), or the sector / district's majority UTLA.
    pub authority: Option<String>,
}

impl Location {
    /// Whether the grid reference is a sector or district centroid rather
    /// than the unit postcode's own (not DfE behaviour; flag it).
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// assert!(Postcodes::new().resolve("B1 1AA").unwrap().is_approximate());
    /// ```
    pub fn is_approximate(&self) -> bool {
        self.precision.is_approximate()
    }

    /// `PL_LA` for this location (see [`placement_la`]); `None` if there is
    /// no authority or it is not a known 2025 code.
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// let loc = Postcodes::new().resolve("CF10 1EP").unwrap();
    /// assert_eq!(loc.placement_la().unwrap().as_str(), "WAL");
    /// ```
    pub fn placement_la(&self) -> Option<PlacementLa> {
        self.authority.as_deref().and_then(|code| placement_la(code).ok())
    }
}

/// A distance between two postcodes and the precision of its coarser end.
///
/// ```
/// use sufficiency::geo::{Postcodes, Precision};
///
/// let d = Postcodes::new().distance("B1 1", "B1").unwrap();
/// assert_eq!(d.precision, Precision::District);
/// assert!(d.is_approximate());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Distance {
    /// Straight-line miles, rounded to 0.1 as the DfE does.
    pub miles: Miles,
    /// The coarser of the two ends' precisions.
    pub precision: Precision,
}

impl Distance {
    /// Whether either end is a sector or district centroid (not DfE
    /// behaviour; flag it in outputs).
    ///
    /// ```
    /// use sufficiency::geo::{Distance, Miles, Precision};
    /// let d = Distance { miles: Miles::from_unrounded(3.0), precision: Precision::Unit };
    /// assert!(!d.is_approximate());
    /// ```
    pub fn is_approximate(&self) -> bool {
        self.precision.is_approximate()
    }
}

/// One row of a user's unit-postcode table. Authority codes repeat (a few
/// hundred across 2.7 million ONSPD rows), so each is stored once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    grid: GridRef,
    authority: Option<Arc<str>>,
}

/// Accepted header names, compared after lower-casing and dropping
/// everything but letters and digits (so `Local Authority` = `localauthority`).
/// The first listed name found wins.
const POSTCODE_HEADERS: &[&str] = &["postcode", "pcd", "pcd7", "pcds", "pcd8", "pcd2"];
const EASTING_HEADERS: &[&str] = &["easting", "oseast1m", "east1m"];
const NORTHING_HEADERS: &[&str] = &["northing", "osnrth1m", "north1m"];
const AUTHORITY_HEADERS: &[&str] =
    &["localauthority", "laua", "lad", "lad25cd", "lad24cd", "oslaua", "la", "lacode", "authority"];

/// Largest sensible National Grid coordinate in metres (northings reach
/// about 1,220 km at Shetland).
const MAX_GRID_METRES: f64 = 1_300_000.0;

/// Postcode lookup: an optional user-supplied table of full unit postcodes,
/// backed by the embedded unit postcodes and sector and district centroids.
///
/// [`Postcodes::resolve`] tries, in order: the exact unit postcode in the
/// user table (the DfE method, [`Precision::Unit`]); the exact unit
/// postcode among the embedded ones, one per sector (also
/// [`Precision::Unit`]: they are ONSPD records, see [`UnitPostcode`]); the
/// sector centroid ([`Precision::Sector`]); the district centroid
/// ([`Precision::District`]). The embedded tables cover England, Wales and
/// Scotland only.
///
/// ```
/// use sufficiency::geo::{GridRef, Postcodes, Precision};
///
/// let mut pcs = Postcodes::new();
/// pcs.insert("B1 1AA", GridRef::new(406_649, 286_530), Some("E08000025"));
/// pcs.insert("SW1A 1AA", GridRef::new(529_090, 179_645), Some("E09000033"));
/// let d = pcs.distance("b11aa", "SW1A 1AA").unwrap();
/// assert_eq!(d.miles.get(), 101.0); // the DfE test vector
/// assert_eq!(d.precision, Precision::Unit);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Postcodes {
    units: FxHashMap<String, Unit>,
    /// Each distinct authority code once, shared by the units.
    authorities: FxHashMap<String, Arc<str>>,
    rows_without_grid: usize,
}

impl Postcodes {
    /// A lookup with no user unit table: a postcode resolves exactly if it
    /// is one of the embedded unit postcodes, else to its embedded sector or
    /// district centroid.
    ///
    /// ```
    /// let pcs = sufficiency::geo::Postcodes::new();
    /// assert_eq!(pcs.unit_count(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a unit-postcode table from a CSV file; see
    /// [`Postcodes::from_csv_reader`] for the format.
    ///
    /// ```
    /// use sufficiency::geo::{GeoError, Postcodes};
    /// let err = Postcodes::from_csv_path("/no/such/file.csv").unwrap_err();
    /// assert!(matches!(err, GeoError::Io { .. }));
    /// ```
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<Self, GeoError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| GeoError::Io { path: path.to_path_buf(), source })?;
        Self::from_csv_reader(file)
    }

    /// Reads a unit-postcode table from CSV text with a header row.
    ///
    /// Columns are found by header name, in any order, ignoring case,
    /// spaces and punctuation: postcode (`postcode`, `pcd`, `pcd7`, `pcds`,
    /// …), easting (`easting`, `oseast1m`, …), northing (`northing`,
    /// `osnrth1m`, …) and, optionally, the local authority (`local
    /// authority`, `laua`, `lad25cd`, …), so an ONSPD extract reads as it
    /// is. Other columns are ignored; lines starting `#` are comments.
    /// Postcodes are keyed by [`normalise`], without shape checks, as the
    /// DfE joins. Rows with an empty postcode, easting or northing (ONSPD
    /// rows without a grid reference) are skipped and counted in
    /// [`Postcodes::rows_without_grid`].
    ///
    /// ```
    /// use sufficiency::geo::{Postcodes, Precision};
    ///
    /// let csv = "pcd,oseast1m,osnrth1m,laua\n\
    ///            B1  1AA,406649,286530,E08000025\n\
    ///            GY1 1AA,,,L99999999\n";
    /// let pcs = Postcodes::from_csv_reader(csv.as_bytes()).unwrap();
    /// assert_eq!(pcs.unit_count(), 1);
    /// assert_eq!(pcs.rows_without_grid(), 1);
    /// assert_eq!(pcs.resolve("B1 1AA").unwrap().precision, Precision::Unit);
    /// ```
    pub fn from_csv_reader(reader: impl Read) -> Result<Self, GeoError> {
        let mut csv =
            csv::ReaderBuilder::new().comment(Some(b'#')).trim(csv::Trim::All).flexible(true).from_reader(reader);
        let raw: Vec<String> = csv.headers()?.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
        let cols = TableColumns::find(&raw)?;
        let mut table = Postcodes::new();
        let mut record = csv::StringRecord::new();
        while csv.read_record(&mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| record.get(i).unwrap_or("");
            table.add_row(
                line,
                field(cols.postcode),
                Coordinate::Text(field(cols.easting)),
                Coordinate::Text(field(cols.northing)),
                cols.authority.map(field),
            )?;
        }
        Ok(table)
    }

    /// Adds one row of a user's unit-postcode table, checked and keyed as
    /// [`Postcodes::from_csv_reader`] does: a row without a postcode or a
    /// grid reference is counted in `rows_without_grid` and skipped; a
    /// coordinate out of range or a conflicting duplicate is an error naming
    /// `line`.
    pub(crate) fn add_row(
        &mut self,
        line: u64,
        postcode: &str,
        easting: Coordinate<'_>,
        northing: Coordinate<'_>,
        authority: Option<&str>,
    ) -> Result<(), GeoError> {
        let key = normalise(postcode);
        if key.is_empty() || easting.is_missing() || northing.is_missing() {
            self.rows_without_grid += 1;
            return Ok(());
        }
        let grid = GridRef::new(easting.metres(line, "easting")?, northing.metres(line, "northing")?);
        let unit = Unit { grid, authority: self.intern(authority) };
        match self.units.entry(key) {
            Entry::Occupied(existing) if *existing.get() != unit => {
                Err(GeoError::DuplicatePostcode { line, postcode: existing.key().clone() })
            }
            Entry::Occupied(_) => Ok(()),
            Entry::Vacant(slot) => {
                slot.insert(unit);
                Ok(())
            }
        }
    }

    /// The shared copy of an authority code (trimmed, upper-cased; `None`
    /// if blank).
    fn intern(&mut self, authority: Option<&str>) -> Option<Arc<str>> {
        let code = authority?.trim();
        if code.is_empty() {
            return None;
        }
        if let Some(shared) = self.authorities.get(code) {
            return Some(shared.clone());
        }
        let upper = code.to_ascii_uppercase();
        let shared: Arc<str> =
            self.authorities.entry(upper.clone()).or_insert_with(|| Arc::from(upper.as_str())).clone();
        self.authorities.insert(code.to_string(), shared.clone());
        Some(shared)
    }

    /// Adds (or replaces) one unit postcode in the user table.
    ///
    /// ```
    /// use sufficiency::geo::{GridRef, Postcodes};
    /// let mut pcs = Postcodes::new();
    /// pcs.insert("m1 1ae", GridRef::new(384_756, 398_553), Some("E08000003"));
    /// assert_eq!(pcs.unit("M1 1AE").unwrap().grid, GridRef::new(384_756, 398_553));
    /// ```
    pub fn insert(&mut self, postcode: &str, grid: GridRef, authority: Option<&str>) {
        let authority = self.intern(authority);
        self.units.insert(normalise(postcode), Unit { grid, authority });
    }

    /// How many unit postcodes the user table holds (the embedded unit
    /// postcodes are not counted).
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Postcodes::new().unit_count(), 0);
    /// ```
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// How many rows of the loaded CSV were skipped for lacking a postcode
    /// or a grid reference.
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Postcodes::new().rows_without_grid(), 0);
    /// ```
    pub fn rows_without_grid(&self) -> usize {
        self.rows_without_grid
    }

    /// The DfE match only: the exact unit postcode (key from
    /// [`normalise`]) in the user table, else among the embedded unit
    /// postcodes, else `None`. An embedded unit's authority is its LAD, as
    /// an ONSPD table's `laua` would be.
    ///
    /// ```
    /// use sufficiency::geo::{GridRef, Postcodes};
    /// let pcs = Postcodes::new();
    /// assert!(pcs.unit("B1 1AA").is_none()); // not embedded, no user table
    /// let b1_1qg = pcs.unit("b11qg").unwrap(); // B1 1's embedded unit
    /// assert_eq!(b1_1qg.grid, GridRef::new(406_618, 286_448));
    /// assert_eq!(b1_1qg.authority.as_deref(), Some("E08000025"));
    /// ```
    pub fn unit(&self, postcode: &str) -> Option<Location> {
        let key = normalise(postcode);
        if let Some(u) = self.units.get(&key) {
            let authority = u.authority.as_deref().map(str::to_string);
            return Some(Location { grid: u.grid, precision: Precision::Unit, authority, key });
        }
        let data = embedded();
        data.units.get(&key).map(|&i| {
            let unit = &data.sectors[i].1.unit;
            Location { grid: unit.grid, precision: Precision::Unit, authority: Some(unit.lad.clone()), key }
        })
    }

    /// The embedded unit postcode with this key (any case or spacing), and
    /// the sector it stands for.
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// let (sector, centroid) = Postcodes::embedded_unit("sw1a1bb").unwrap();
    /// assert_eq!(sector, "SW1A 1");
    /// assert_eq!(centroid.unit.postcode, "SW1A 1BB");
    /// assert!(Postcodes::embedded_unit("SW1A 1AA").is_none());
    /// ```
    pub fn embedded_unit(postcode: &str) -> Option<(&'static str, &'static Centroid)> {
        let data = embedded();
        data.units.get(&normalise(postcode)).map(|&i| {
            let (sector, centroid) = &data.sectors[i];
            (sector.as_str(), centroid)
        })
    }

    /// Every embedded sector with its centroid (and unit postcode), sorted
    /// by sector, the same order on every run: for choosing sectors by
    /// authority or by distance.
    ///
    /// ```
    /// use sufficiency::geo::{distance_miles, GridRef, Postcodes};
    ///
    /// // Sectors of Somerset within 5 miles of Taunton's TA1 1 centroid.
    /// let taunton = Postcodes::new().sector("TA1 1").unwrap().grid;
    /// let near: Vec<&str> = Postcodes::embedded_sectors()
    ///     .filter(|(_, c)| c.utla == "E06000066" && distance_miles(c.grid, taunton).get() <= 5.0)
    ///     .map(|(sector, _)| sector)
    ///     .collect();
    /// assert!(near.contains(&"TA1 1") && near.len() > 5);
    /// assert!(near.windows(2).all(|w| w[0] < w[1]));
    /// ```
    pub fn embedded_sectors() -> impl ExactSizeIterator<Item = (&'static str, &'static Centroid)> {
        embedded().sectors.iter().map(|(sector, c)| (sector.as_str(), c))
    }

    /// Every embedded district with its centroid (derived from its sectors)
    /// and unit postcode, sorted by district.
    ///
    /// ```
    /// let (district, c) = sufficiency::geo::Postcodes::embedded_districts().next().unwrap();
    /// assert_eq!(district, "AB1");
    /// assert!(c.unit.postcode.starts_with("AB1 "));
    /// ```
    pub fn embedded_districts() -> impl ExactSizeIterator<Item = (&'static str, &'static Centroid)> {
        embedded().districts.iter().map(|(district, c)| (district.as_str(), c))
    }

    /// The embedded centroid of a postcode's sector (`"B1 1"`, or the
    /// sector of a unit such as `"B1 1AA"`).
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// let pcs = Postcodes::new();
    /// assert_eq!(pcs.sector("b1 1aa"), pcs.sector("B1 1"));
    /// assert!(pcs.sector("B1").is_none()); // a district has no sector
    /// ```
    pub fn sector(&self, postcode: &str) -> Option<&'static Centroid> {
        let pc = Postcode::parse(postcode).ok()?;
        if pc.precision() == Precision::District {
            return None;
        }
        let data = embedded();
        data.sector_index.get(&pc.sector()).map(|&i| &data.sectors[i].1)
    }

    /// The embedded centroid of a postcode's district (`"B1"`, or the
    /// district of `"B1 1"` or `"B1 1AA"`), weighting each sector by its
    /// number of postcodes.
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// let b1 = Postcodes::new().district("B1").unwrap();
    /// assert_eq!(b1.utla, "E08000025");
    /// ```
    pub fn district(&self, postcode: &str) -> Option<&'static Centroid> {
        let pc = Postcode::parse(postcode).ok()?;
        let data = embedded();
        data.district_index.get(pc.district()).map(|&i| &data.districts[i].1)
    }

    /// How many sectors and districts the embedded table holds.
    ///
    /// ```
    /// let (sectors, districts) = sufficiency::geo::Postcodes::embedded_counts();
    /// assert!(sectors > 10_000 && districts > 2_500);
    /// ```
    pub fn embedded_counts() -> (usize, usize) {
        let e = embedded();
        (e.sectors.len(), e.districts.len())
    }

    /// Resolves a postcode: the exact unit from the user table, else the
    /// exact embedded unit postcode, else its sector's centroid, else its
    /// district's (see the type's docs).
    ///
    /// # Errors
    /// [`GeoError::InvalidPostcode`] for text that is not a postcode shape
    /// (and not in the user table); [`GeoError::NorthernIreland`] for a `BT`
    /// postcode not in the user table; [`GeoError::NotFound`] otherwise.
    ///
    /// ```
    /// use sufficiency::geo::{GeoError, Postcodes, Precision};
    ///
    /// let pcs = Postcodes::new();
    /// assert_eq!(pcs.resolve("B1 1QG").unwrap().precision, Precision::Unit); // embedded
    /// assert_eq!(pcs.resolve("B1 1AA").unwrap().precision, Precision::Sector);
    /// assert_eq!(pcs.resolve("B1 1").unwrap().precision, Precision::Sector);
    /// assert_eq!(pcs.resolve("B1").unwrap().precision, Precision::District);
    /// assert!(matches!(pcs.resolve("garbage"), Err(GeoError::InvalidPostcode { .. })));
    /// assert!(matches!(pcs.resolve("BT1 1AA"), Err(GeoError::NorthernIreland { .. })));
    /// ```
    pub fn resolve(&self, postcode: &str) -> Result<Location, GeoError> {
        if let Some(unit) = self.unit(postcode) {
            return Ok(unit);
        }
        let pc = Postcode::parse(postcode)?;
        if pc.is_northern_ireland() {
            return Err(GeoError::NorthernIreland { postcode: pc.to_string() });
        }
        let at = |key: String, c: &Centroid, precision| Location {
            key,
            grid: c.grid,
            precision,
            authority: Some(c.utla.clone()),
        };
        if pc.precision() != Precision::District {
            if let Some(c) = self.sector(&pc.to_string()) {
                return Ok(at(pc.sector(), c, Precision::Sector));
            }
        }
        match self.district(pc.district()) {
            Some(c) => Ok(at(pc.district().to_string(), c, Precision::District)),
            None => Err(GeoError::NotFound { postcode: pc.to_string() }),
        }
    }

    /// Straight-line distance between two postcodes, each resolved by
    /// [`Postcodes::resolve`]; its precision is the coarser end's. Flag
    /// it when [`Distance::is_approximate`].
    ///
    /// ```
    /// use sufficiency::geo::{Postcodes, Precision};
    /// let d = Postcodes::new().distance("S70 2TA", "S1 2HH").unwrap();
    /// assert_eq!(d.precision, Precision::Sector);
    /// assert!(d.miles.get() > 10.0 && d.miles.get() < 14.0);
    /// ```
    pub fn distance(&self, home: &str, placement: &str) -> Result<Distance, GeoError> {
        let a = self.resolve(home)?;
        let b = self.resolve(placement)?;
        Ok(Distance { miles: distance_miles(a.grid, b.grid), precision: a.precision.max(b.precision) })
    }

    /// The strict DfE `PL_DISTANCE`: both postcodes must be exact units (in
    /// the user table or embedded), else `None` (the DfE leaves it null and
    /// rule 392c fires; ssda903.md §6).
    ///
    /// ```
    /// use sufficiency::geo::{GridRef, Postcodes};
    /// let mut pcs = Postcodes::new();
    /// pcs.insert("B1 1AA", GridRef::new(406_649, 286_530), None);
    /// pcs.insert("SW1A 1AA", GridRef::new(529_090, 179_645), None);
    /// assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A1AA").unwrap().get(), 101.0);
    /// assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A 1"), None);
    /// assert!(Postcodes::new().dfe_distance("B1 1QG", "SW1A 1BB").is_some()); // embedded units
    /// ```
    pub fn dfe_distance(&self, home: &str, placement: &str) -> Option<Miles> {
        let a = self.unit(home)?;
        let b = self.unit(placement)?;
        Some(distance_miles(a.grid, b.grid))
    }
}

/// Lower case, letters and digits only (also drops a UTF-8 byte-order mark).
fn header_key(h: &str) -> String {
    h.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn csv_headers_display(headers: &[String]) -> String {
    if headers.is_empty() {
        "nothing".to_string()
    } else {
        headers.join(", ")
    }
}

/// Where a user's unit-postcode table keeps each field: indices into its
/// header row, found by name as [`Postcodes::from_csv_reader`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TableColumns {
    pub(crate) postcode: usize,
    pub(crate) easting: usize,
    pub(crate) northing: usize,
    pub(crate) authority: Option<usize>,
}

impl TableColumns {
    /// Finds the columns in a header row (names as written; a leading
    /// byte-order mark is ignored).
    pub(crate) fn find<S: AsRef<str>>(header: &[S]) -> Result<Self, GeoError> {
        let raw: Vec<String> = header.iter().map(|h| h.as_ref().to_string()).collect();
        let headers: Vec<String> = raw.iter().map(|h| header_key(h)).collect();
        let found = || csv_headers_display(&raw);
        Ok(TableColumns {
            postcode: find_column(&headers, "postcode", POSTCODE_HEADERS, found)?,
            easting: find_column(&headers, "easting", EASTING_HEADERS, found)?,
            northing: find_column(&headers, "northing", NORTHING_HEADERS, found)?,
            authority: AUTHORITY_HEADERS.iter().find_map(|name| headers.iter().position(|h| h == name)),
        })
    }
}

/// One grid coordinate of a user table row: CSV text, or a number from a
/// data frame (NaN for missing; only the Python bindings make those).
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) enum Coordinate<'a> {
    Text(&'a str),
    Number(f64),
}

impl Coordinate<'_> {
    fn is_missing(self) -> bool {
        match self {
            Coordinate::Text(t) => t.trim().is_empty(),
            Coordinate::Number(v) => v.is_nan(),
        }
    }

    /// Whole metres from 0 to [`MAX_GRID_METRES`], rounded.
    fn metres(self, line: u64, column: &'static str) -> Result<u32, GeoError> {
        match self {
            Coordinate::Text(t) => coordinate(t.trim(), line, column),
            Coordinate::Number(v) => {
                if !(0.0..=MAX_GRID_METRES).contains(&v) {
                    return Err(GeoError::BadCoordinate { line, column, value: v.to_string() });
                }
                // In range and non-negative, so the cast cannot truncate.
                Ok(v.round() as u32)
            }
        }
    }
}

fn find_column(
    headers: &[String],
    column: &'static str,
    names: &[&str],
    found: impl Fn() -> String,
) -> Result<usize, GeoError> {
    names.iter().find_map(|name| headers.iter().position(|h| h == name)).ok_or_else(|| GeoError::MissingColumn {
        column,
        expected: names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(" or "),
        found: found(),
    })
}

/// A grid coordinate in metres: a number from 0 to [`MAX_GRID_METRES`],
/// rounded to the nearest metre.
fn coordinate(text: &str, line: u64, column: &'static str) -> Result<u32, GeoError> {
    let bad = || GeoError::BadCoordinate { line, column, value: text.to_string() };
    let value: f64 = text.parse().map_err(|_| bad())?;
    if !(0.0..=MAX_GRID_METRES).contains(&value) {
        return Err(bad());
    }
    // In range and non-negative, so the cast cannot truncate.
    Ok(value.round() as u32)
}

/// The embedded sector table, the district table derived from it, and
/// indexes into both. Sorted by code, so iteration order is fixed.
struct Embedded {
    sectors: Vec<(String, Centroid)>,
    sector_index: HashMap<String, usize>,
    districts: Vec<(String, Centroid)>,
    district_index: HashMap<String, usize>,
    /// Unit join key (`B11QG`) -> index into `sectors`.
    units: HashMap<String, usize>,
}

#[derive(Debug, Deserialize)]
struct SectorRow {
    sector: String,
    easting: u32,
    northing: u32,
    utla: String,
    postcodes: u32,
    unit: String,
    unit_easting: u32,
    unit_northing: u32,
    unit_lad: String,
}

/// Running sums for one district.
#[derive(Default)]
struct DistrictSums {
    easting: u64,
    northing: u64,
    postcodes: u64,
    by_utla: HashMap<String, u64>,
    /// Indexes into the sector list.
    sectors: Vec<usize>,
}

/// Squared distance in square metres (exact in integers).
fn metres_squared(a: GridRef, b: GridRef) -> u64 {
    let de = u64::from(a.easting.abs_diff(b.easting));
    let dn = u64::from(a.northing.abs_diff(b.northing));
    de * de + dn * dn
}

/// The unit nearest `to`; a tie goes to the smaller postcode.
fn nearest_unit<'a>(units: impl Iterator<Item = &'a UnitPostcode>, to: GridRef) -> Option<&'a UnitPostcode> {
    units.min_by(|a, b| {
        metres_squared(a.grid, to).cmp(&metres_squared(b.grid, to)).then_with(|| a.postcode.cmp(&b.postcode))
    })
}

fn embedded() -> &'static Embedded {
    static EMBEDDED: OnceLock<Embedded> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        let mut rows: Vec<SectorRow> = embedded_rows("sectors.csv", SECTORS_CSV).collect();
        // The file is sorted by sector; sort anyway so that the order never
        // depends on how it was written.
        rows.sort_by(|a, b| a.sector.cmp(&b.sector));
        let mut sectors = Vec::with_capacity(rows.len());
        let mut sums: HashMap<String, DistrictSums> = HashMap::new();
        for row in rows {
            let district = row.sector.split(' ').next().unwrap_or_default().to_string();
            let s = sums.entry(district).or_default();
            let n = u64::from(row.postcodes);
            s.easting += u64::from(row.easting) * n;
            s.northing += u64::from(row.northing) * n;
            s.postcodes += n;
            *s.by_utla.entry(row.utla.clone()).or_default() += n;
            s.sectors.push(sectors.len());
            let Some(unit_utla) = utla_of(&row.unit_lad) else {
                panic!("embedded geo data file sectors.csv is malformed: unit LAD {} has no UTLA", row.unit_lad)
            };
            let unit = UnitPostcode {
                postcode: row.unit,
                grid: GridRef::new(row.unit_easting, row.unit_northing),
                lad: row.unit_lad,
                utla: unit_utla.to_string(),
            };
            let centroid = Centroid {
                grid: GridRef::new(row.easting, row.northing),
                utla: row.utla,
                postcodes: row.postcodes,
                unit,
            };
            sectors.push((row.sector, centroid));
        }
        let sector_index: HashMap<String, usize> =
            sectors.iter().enumerate().map(|(i, (sector, _))| (sector.clone(), i)).collect();
        let units = sectors.iter().enumerate().map(|(i, (_, c))| (normalise(&c.unit.postcode), i)).collect();
        let mut districts: Vec<(String, Centroid)> = sums
            .into_iter()
            .filter(|(_, s)| s.postcodes > 0)
            .map(|(district, s)| {
                let mean = |total: u64| {
                    // Rounded half up to whole metres; fits u32 as a mean of u32s.
                    u32::try_from((total + s.postcodes / 2) / s.postcodes).unwrap_or(u32::MAX)
                };
                // Most postcodes wins; a tie goes to the smaller code.
                let utla = s
                    .by_utla
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(code, _)| code.clone())
                    .unwrap_or_default();
                let grid = GridRef::new(mean(s.easting), mean(s.northing));
                let members = || s.sectors.iter().map(|&i| &sectors[i]);
                // The district's unit: its sectors' units in its majority UTLA
                // (any if none is), nearest the district centroid, then the
                // smaller postcode.
                let unit = nearest_unit(members().map(|(_, c)| &c.unit).filter(|u| u.utla == utla), grid)
                    .or_else(|| nearest_unit(members().map(|(_, c)| &c.unit), grid))
                    .cloned()
                    .unwrap_or_else(|| panic!("embedded geo data: district {district} has no sector"));
                let centroid = Centroid { grid, utla, postcodes: u32::try_from(s.postcodes).unwrap_or(u32::MAX), unit };
                (district, centroid)
            })
            .collect();
        districts.sort_by(|a, b| a.0.cmp(&b.0));
        let district_index = districts.iter().enumerate().map(|(i, (d, _))| (d.clone(), i)).collect();
        Embedded { sectors, sector_index, districts, district_index, units }
    })
}
