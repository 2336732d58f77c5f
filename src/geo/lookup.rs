//! Resolving postcodes to grid references: a user's unit-postcode table
//! first (the DfE method), then embedded sector and district centroids
//! (approximate; not DfE behaviour).
//!
//! The embedded table `src/geo/data/sectors.csv` holds, for each postcode
//! sector of England, Wales and Scotland, the mean grid reference of its
//! postcodes, the UTLA holding most of them and their count; it is built by
//! `scripts/build_postcode_data.py` from the ONSPD November 2025 extract
//! (`/work/shared/domain/ssda903.md` §7). District centroids are computed
//! from it when first needed, each sector weighted by its postcode count.
//!
//! ```
//! use sufficiency::geo::lookup::{Postcodes, Precision};
//! let pcs = Postcodes::new();
//! let loc = pcs.resolve("TA1 1AA").unwrap(); // no unit table: sector centroid
//! assert_eq!(loc.precision, Precision::Sector);
//! assert_eq!(loc.authority.as_deref(), Some("E06000066")); // Somerset
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::geo::authority::{placement_la, PlacementLa};
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

/// The centroid of a postcode sector or district from the embedded table.
///
/// ```
/// use sufficiency::geo::Postcodes;
///
/// let b1_1 = Postcodes::new().sector("B1 1").unwrap();
/// assert_eq!(b1_1.utla, "E08000025"); // Birmingham
/// assert!(b1_1.postcodes > 100);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centroid {
    /// Mean grid reference of the postcodes, rounded to whole metres.
    pub grid: GridRef,
    /// The 2025 upper-tier authority holding most of the postcodes.
    pub utla: String,
    /// How many postcodes were averaged.
    pub postcodes: u32,
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

/// One row of a user's unit-postcode table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unit {
    grid: GridRef,
    authority: Option<String>,
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
/// backed by the embedded sector and district centroids.
///
/// [`Postcodes::resolve`] tries, in order: the exact unit postcode in the
/// user table (the DfE method, [`Precision::Unit`]); the sector centroid
/// ([`Precision::Sector`]); the district centroid ([`Precision::District`]).
/// The embedded tables cover England, Wales and Scotland only.
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
    units: HashMap<String, Unit>,
    rows_without_grid: usize,
}

impl Postcodes {
    /// A lookup with no unit table: every postcode resolves to its embedded
    /// sector or district centroid.
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
        let headers: Vec<String> = raw.iter().map(|h| header_key(h)).collect();
        let found = || csv_headers_display(&raw);
        let postcode_col = find_column(&headers, "postcode", POSTCODE_HEADERS, found)?;
        let easting_col = find_column(&headers, "easting", EASTING_HEADERS, found)?;
        let northing_col = find_column(&headers, "northing", NORTHING_HEADERS, found)?;
        let authority_col = AUTHORITY_HEADERS.iter().find_map(|name| headers.iter().position(|h| h == name));

        let mut table = Postcodes::new();
        for record in csv.records() {
            let record = record?;
            let line = record.position().map_or(0, |p| p.line());
            let field = |i: usize| record.get(i).unwrap_or("");
            let key = normalise(field(postcode_col));
            let (east, north) = (field(easting_col), field(northing_col));
            if key.is_empty() || east.is_empty() || north.is_empty() {
                table.rows_without_grid += 1;
                continue;
            }
            let unit = Unit {
                grid: GridRef::new(coordinate(east, line, "easting")?, coordinate(north, line, "northing")?),
                authority: authority_col.map(|i| field(i).to_ascii_uppercase()).filter(|a| !a.is_empty()),
            };
            match table.units.get(&key) {
                Some(existing) if *existing != unit => {
                    return Err(GeoError::DuplicatePostcode { line, postcode: key });
                }
                Some(_) => {}
                None => {
                    table.units.insert(key, unit);
                }
            }
        }
        Ok(table)
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
        let authority = authority.map(|a| a.trim().to_ascii_uppercase()).filter(|a| !a.is_empty());
        self.units.insert(normalise(postcode), Unit { grid, authority });
    }

    /// How many unit postcodes the user table holds.
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

    /// The DfE match only: the exact unit postcode in the user table (key
    /// from [`normalise`]), or `None`.
    ///
    /// ```
    /// use sufficiency::geo::Postcodes;
    /// assert!(Postcodes::new().unit("B1 1AA").is_none()); // no unit table
    /// ```
    pub fn unit(&self, postcode: &str) -> Option<Location> {
        let key = normalise(postcode);
        self.units.get(&key).map(|u| Location {
            grid: u.grid,
            precision: Precision::Unit,
            authority: u.authority.clone(),
            key,
        })
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
        embedded().sectors.get(&pc.sector())
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
        embedded().districts.get(pc.district())
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

    /// Resolves a postcode: the exact unit from the user table, else its
    /// sector's centroid, else its district's (see the type's docs).
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
        let data = embedded();
        if pc.precision() != Precision::District {
            let sector = pc.sector();
            if let Some(c) = data.sectors.get(&sector) {
                return Ok(at(sector, c, Precision::Sector));
            }
        }
        let district = pc.district().to_string();
        match data.districts.get(&district) {
            Some(c) => Ok(at(district, c, Precision::District)),
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

    /// The strict DfE `PL_DISTANCE`: both postcodes must be exact units in
    /// the user table, else `None` (the DfE leaves it null and rule 392c
    /// fires; ssda903.md §6).
    ///
    /// ```
    /// use sufficiency::geo::{GridRef, Postcodes};
    /// let mut pcs = Postcodes::new();
    /// pcs.insert("B1 1AA", GridRef::new(406_649, 286_530), None);
    /// pcs.insert("SW1A 1AA", GridRef::new(529_090, 179_645), None);
    /// assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A1AA").unwrap().get(), 101.0);
    /// assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A 1"), None);
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

/// The embedded sector table and the district table derived from it.
struct Embedded {
    sectors: HashMap<String, Centroid>,
    districts: HashMap<String, Centroid>,
}

#[derive(Debug, Deserialize)]
struct SectorRow {
    sector: String,
    easting: u32,
    northing: u32,
    utla: String,
    postcodes: u32,
}

/// Running sums for one district.
#[derive(Default)]
struct DistrictSums {
    easting: u64,
    northing: u64,
    postcodes: u64,
    by_utla: HashMap<String, u64>,
}

fn embedded() -> &'static Embedded {
    static EMBEDDED: OnceLock<Embedded> = OnceLock::new();
    EMBEDDED.get_or_init(|| {
        let mut sectors = HashMap::new();
        let mut sums: HashMap<String, DistrictSums> = HashMap::new();
        for row in embedded_rows::<SectorRow>("sectors.csv", SECTORS_CSV) {
            let district = row.sector.split(' ').next().unwrap_or_default().to_string();
            let s = sums.entry(district).or_default();
            let n = u64::from(row.postcodes);
            s.easting += u64::from(row.easting) * n;
            s.northing += u64::from(row.northing) * n;
            s.postcodes += n;
            *s.by_utla.entry(row.utla.clone()).or_default() += n;
            let centroid =
                Centroid { grid: GridRef::new(row.easting, row.northing), utla: row.utla, postcodes: row.postcodes };
            sectors.insert(row.sector, centroid);
        }
        let districts = sums
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
                let centroid = Centroid {
                    grid: GridRef::new(mean(s.easting), mean(s.northing)),
                    utla,
                    postcodes: u32::try_from(s.postcodes).unwrap_or(u32::MAX),
                };
                (district, centroid)
            })
            .collect();
        Embedded { sectors, districts }
    })
}
