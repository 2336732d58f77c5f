//! Local authorities: 2025 names and tiers, `PL_LA`, `PL_LOCATION` and the
//! 20-mile statistic.
//!
//! Codes are GSS codes: `E06` unitary, `E07` county district, `E08`
//! metropolitan district, `E09` London borough, `E10` county, `W06` Welsh
//! principal area, `S12` Scottish council area, `N09` Northern Irish
//! district. A child's responsible LA is an upper-tier authority (UTLA):
//! a county, unitary, metropolitan district or London borough.
//!
//! The tables are embedded from `src/geo/data/authorities.csv` (UTLA → name)
//! and `src/geo/data/lads.csv` (2025 LAD → name, UTLA), built by
//! `scripts/build_postcode_data.py` and current for 2025: unlike the 2021
//! lookup in the public validator, they know E06000063–E06000066, E08000038
//! and E08000039 (`/work/shared/domain/ssda903.md` §7).
//!
//! ```
//! use sufficiency::geo::authority::{pl_location, placement_la, utla_name, PlLocation};
//! let pl_la = placement_la("E06000066").unwrap(); // Somerset, unitary since 2023
//! assert_eq!(utla_name(pl_la.as_str()), Some("Somerset"));
//! assert_eq!(pl_location("E06000066", &pl_la), PlLocation::In);
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::geo::embedded::embedded_rows;
use crate::geo::error::GeoError;
use crate::geo::grid::Miles;

const AUTHORITIES_CSV: &str = include_str!("data/authorities.csv");
const LADS_CSV: &str = include_str!("data/lads.csv");

/// The DfE "more than 20 miles from home" threshold, in miles
/// (ssda903.md §5; `statistics.md` §6).
///
/// ```
/// assert_eq!(sufficiency::geo::authority::TWENTY_MILES, 20.0);
/// ```
pub const TWENTY_MILES: f64 = 20.0;

#[derive(Debug, Deserialize)]
struct UtlaRow {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct LadRow {
    lad: String,
    name: String,
    utla: String,
}

struct Tables {
    /// UTLA code -> name.
    utlas: HashMap<String, String>,
    /// LAD code -> (name, UTLA code).
    lads: HashMap<String, (String, String)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let utlas = embedded_rows::<UtlaRow>("authorities.csv", AUTHORITIES_CSV).map(|r| (r.code, r.name)).collect();
        let lads = embedded_rows::<LadRow>("lads.csv", LADS_CSV).map(|r| (r.lad, (r.name, r.utla))).collect();
        Tables { utlas, lads }
    })
}

fn clean(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The 2025 name of an upper-tier authority (or Welsh / Scottish council).
///
/// ```
/// use sufficiency::geo::utla_name;
/// assert_eq!(utla_name("E10000016"), Some("Kent"));
/// assert_eq!(utla_name("e06000065"), Some("North Yorkshire"));
/// assert_eq!(utla_name("E07000035"), None); // a district, not upper tier
/// ```
pub fn utla_name(code: &str) -> Option<&'static str> {
    tables().utlas.get(&clean(code)).map(String::as_str)
}

/// The 2025 name of a local authority district (LAD, the ONSPD `laua`).
///
/// ```
/// use sufficiency::geo::authority::lad_name;
/// assert_eq!(lad_name("E07000035"), Some("Derbyshire Dales"));
/// assert_eq!(lad_name("E06000063"), Some("Cumberland"));
/// ```
pub fn lad_name(code: &str) -> Option<&'static str> {
    tables().lads.get(&clean(code)).map(|(name, _)| name.as_str())
}

/// The 2025 upper-tier authority of a local authority district (LAD). A
/// unitary, metropolitan, London, Welsh or Scottish LAD is its own UTLA.
///
/// ```
/// use sufficiency::geo::utla_of;
/// assert_eq!(utla_of("E07000035"), Some("E10000007")); // Derbyshire Dales -> Derbyshire
/// assert_eq!(utla_of("E08000039"), Some("E08000039")); // Sheffield (re-coded 2024)
/// assert_eq!(utla_of("E08000019"), None); // Sheffield's retired code
/// ```
pub fn utla_of(lad: &str) -> Option<&'static str> {
    tables().lads.get(&clean(lad)).map(|(_, utla)| utla.as_str())
}

/// Every 2025 upper-tier authority in the embedded table, as
/// `(code, name)`, sorted by code.
///
/// ```
/// let all = sufficiency::geo::authority::utlas();
/// assert!(all.iter().any(|(code, _)| *code == "E06000066"));
/// assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
/// ```
pub fn utlas() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = tables().utlas.iter().map(|(c, n)| (c.as_str(), n.as_str())).collect();
    all.sort_unstable();
    all
}

/// `PL_LA`: the authority area a placement is in, as the DfE derives it
/// (ssda903.md §6). In England, the upper-tier authority; outside England,
/// only the country.
///
/// Serialises as the 903 value: the UTLA code, or `SCO`, `WAL`, `NIR`.
///
/// ```
/// use sufficiency::geo::PlacementLa;
///
/// let kent = PlacementLa::England("E10000016".to_string());
/// assert_eq!(kent.as_str(), "E10000016");
/// assert_eq!(PlacementLa::Wales.to_string(), "WAL");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PlacementLa {
    /// An English upper-tier authority, by GSS code.
    England(String),
    /// Scotland (`SCO`): any `S` LAD.
    Scotland,
    /// Wales (`WAL`): any `W` LAD.
    Wales,
    /// Northern Ireland (`NIR`): any `N` LAD.
    NorthernIreland,
}

impl PlacementLa {
    /// The 903 value: a UTLA code, `SCO`, `WAL` or `NIR`.
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::PlacementLa::Scotland.as_str(), "SCO");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            PlacementLa::England(code) => code,
            PlacementLa::Scotland => "SCO",
            PlacementLa::Wales => "WAL",
            PlacementLa::NorthernIreland => "NIR",
        }
    }
}

impl fmt::Display for PlacementLa {
    /// Same as [`PlacementLa::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<PlacementLa> for String {
    /// Same as [`PlacementLa::as_str`].
    fn from(p: PlacementLa) -> String {
        p.as_str().to_string()
    }
}

impl TryFrom<String> for PlacementLa {
    type Error = GeoError;

    /// `SCO`, `WAL`, `NIR`, or any code [`placement_la`] accepts.
    fn try_from(s: String) -> Result<Self, GeoError> {
        match clean(&s).as_str() {
            "SCO" => Ok(PlacementLa::Scotland),
            "WAL" => Ok(PlacementLa::Wales),
            "NIR" => Ok(PlacementLa::NorthernIreland),
            _ => placement_la(&s),
        }
    }
}

/// A GSS local-authority code shape: E, W, S or N then eight digits.
fn is_gss(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 9 && matches!(b[0], b'E' | b'W' | b'S' | b'N') && b[1..].iter().all(u8::is_ascii_digit)
}

/// `PL_LA` for a LAD (the ONSPD `laua`) or a UTLA code: an English LAD maps
/// to its 2025 UTLA, an English UTLA to itself, and any Scottish, Welsh or
/// Northern Irish code to `SCO`, `WAL` or `NIR` (ssda903.md §6).
///
/// ```
/// use sufficiency::geo::{placement_la, PlacementLa};
///
/// let la = |c| placement_la(c).unwrap().to_string();
/// assert_eq!(la("E07000035"), "E10000007"); // Derbyshire Dales -> Derbyshire
/// assert_eq!(la("E10000007"), "E10000007");
/// assert_eq!(la("E06000064"), "E06000064"); // Westmorland and Furness
/// assert_eq!(la("S12000036"), "SCO");
/// assert_eq!(la("W06000015"), "WAL");
/// assert_eq!(la("N09000003"), "NIR");
/// assert!(placement_la("E07000163").is_err()); // Craven, abolished 2023
/// assert!(placement_la("Kent").is_err());
/// ```
pub fn placement_la(lad_or_utla: &str) -> Result<PlacementLa, GeoError> {
    let code = clean(lad_or_utla);
    if !is_gss(&code) {
        return Err(GeoError::InvalidAuthorityCode { code: lad_or_utla.to_string() });
    }
    match code.as_bytes()[0] {
        b'S' => Ok(PlacementLa::Scotland),
        b'W' => Ok(PlacementLa::Wales),
        b'N' => Ok(PlacementLa::NorthernIreland),
        _ => {
            if let Some(utla) = utla_of(&code) {
                Ok(PlacementLa::England(utla.to_string()))
            } else if utla_name(&code).is_some() {
                Ok(PlacementLa::England(code))
            } else {
                Err(GeoError::UnknownAuthority { code: lad_or_utla.to_string() })
            }
        }
    }
}

/// `PL_LOCATION`: whether a placement is inside (`IN`) or outside (`OUT`)
/// the responsible authority's boundary (ssda903.md §6).
///
/// ```
/// use sufficiency::geo::PlLocation;
/// assert_eq!(PlLocation::Out.as_str(), "OUT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum PlLocation {
    /// Inside the responsible LA's boundary.
    In,
    /// Outside it (including anywhere outside England).
    Out,
}

impl PlLocation {
    /// `IN` or `OUT`, as in the 903.
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::PlLocation::In.as_str(), "IN");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PlLocation::In => "IN",
            PlLocation::Out => "OUT",
        }
    }
}

impl fmt::Display for PlLocation {
    /// `IN` or `OUT`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a placement is inside the responsible authority `home_la` (its
/// UTLA GSS code, e.g. `E10000016`): `PL_LA` equals the home LA
/// (ssda903.md §6). A placement outside England is never inside.
///
/// ```
/// use sufficiency::geo::{is_inside, placement_la};
///
/// let pl = placement_la("E07000105").unwrap(); // Ashford -> Kent
/// assert!(is_inside("E10000016", &pl));
/// assert!(!is_inside("E06000035", &pl)); // Medway
/// ```
pub fn is_inside(home_la: &str, placement: &PlacementLa) -> bool {
    match placement {
        PlacementLa::England(code) => code.eq_ignore_ascii_case(home_la.trim()),
        _ => false,
    }
}

/// `PL_LOCATION` for a placement and the responsible authority `home_la`:
/// [`is_inside`] as `IN` / `OUT`.
///
/// ```
/// use sufficiency::geo::{pl_location, PlLocation, PlacementLa};
/// assert_eq!(pl_location("E10000016", &PlacementLa::Wales), PlLocation::Out);
/// ```
pub fn pl_location(home_la: &str, placement: &PlacementLa) -> PlLocation {
    if is_inside(home_la, placement) {
        PlLocation::In
    } else {
        PlLocation::Out
    }
}

/// The DfE statistic "more than 20 miles from home": the 903 distance
/// (already rounded to 0.1 mile) is strictly greater than 20
/// (ssda903.md §5; `costs-and-commissioning.md`: "d > 20").
///
/// ```
/// use sufficiency::geo::{over_20_miles, Miles};
/// assert!(!over_20_miles(Miles::from_unrounded(20.0)));
/// assert!(!over_20_miles(Miles::from_unrounded(20.04))); // rounds to 20.0
/// assert!(over_20_miles(Miles::from_unrounded(20.1)));
/// ```
pub fn over_20_miles(distance: Miles) -> bool {
    distance.get() > TWENTY_MILES
}
