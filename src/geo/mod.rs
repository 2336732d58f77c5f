//! Where children live and are placed: postcodes, distances and authorities.
//!
//! # The domain in brief
//!
//! **Grid references.** Great Britain is mapped on the Ordnance Survey
//! National Grid (OSGB36): a flat grid whose *easting* and *northing* are
//! metres east and north of a false origin south-west of the Scilly Isles. On
//! a flat grid, distance is Pythagoras; no latitude or longitude is needed. The
//! ONS Postcode Directory (ONSPD) gives every unit postcode the grid reference
//! of its centroid to 1 m (`oseast1m`, `osnrth1m`); see [`grid::GridRef`].
//!
//! **The DfE distance.** In the SSDA903 return, `PL_DISTANCE` is the
//! *straight line* between the full unit-postcode centroids of the child's
//! home (`HOME_POST`) and placement (`PL_POST`):
//! `round(√(ΔE² + ΔN²) / 1000 / 1.6093, 1 dp)` miles
//! (`/work/shared/domain/ssda903.md` §6). The DfE test vector is
//! B1 1AA → SW1A 1AA = 101.0 miles. See [`grid::distance_miles`].
//!
//! **Joining postcodes.** The DfE joins a postcode to the directory by
//! upper-casing it, removing all spaces and matching the key exactly
//! (ssda903.md §6); see [`postcode::normalise`]. A partial postcode (a
//! district such as `B1` or a sector such as `B1 1`) or garbage does not
//! match: the DfE distance is then null and validation rule 392c fires.
//!
//! **Approximate distances (not DfE behaviour).** A forecast still wants a
//! rough distance for a child recorded with only `B1 1`. [`lookup::Postcodes`]
//! resolves a postcode from a user-supplied unit table first (the DfE
//! method), then from the embedded unit postcodes (below; also exact), then
//! falls back to the mean centroid of its *sector*, then of its *district*,
//! from tables embedded in this crate. Every result carries a
//! [`lookup::Precision`] (`Unit`, `Sector` or `District`): anything but `Unit`
//! is **approximate and must be flagged** in outputs, because the DfE has no
//! such fallback (ssda903.md §6). Use [`lookup::Postcodes::dfe_distance`] for
//! the strict DfE value.
//!
//! **Embedded unit postcodes.** Each embedded sector also carries one real
//! unit postcode of that sector ([`lookup::UnitPostcode`], in
//! [`lookup::Centroid::unit`]): the one nearest the sector centroid among
//! those in the sector's majority UTLA, with its own exact ONSPD grid
//! reference, LAD and UTLA. They are exact ONSPD records, so they resolve at
//! `Unit` precision without any user table, the DfE distance between two of
//! them is exactly the DfE's, and the public validator finds them. A
//! synthetic return can write them into `HOME_POST` and `PL_POST`, choosing
//! sectors by authority or distance with
//! [`lookup::Postcodes::embedded_sectors`]. (The ONSPD extract does not mark
//! terminated postcodes, so a unit may be a retired one, as the DfE's lookup
//! also allows.)
//!
//! **Inside or outside the boundary.** `PL_LA` is the upper-tier local
//! authority (UTLA: county, unitary, metropolitan or London borough) whose
//! area holds the placement postcode. The directory gives the lower-tier
//! district (LAD, `laua`); a county district maps up to its county. Any
//! Scottish, Welsh or Northern Irish LAD becomes `SCO`, `WAL` or `NIR`.
//! `PL_LOCATION` is `IN` when `PL_LA` equals the child's responsible LA, else
//! `OUT` (ssda903.md §6). See [`authority::placement_la`] and
//! [`authority::is_inside`]. The lookup shipped here is current for 2025: the
//! public validator's 2021 lookup misses Cumberland, Westmorland and Furness,
//! North Yorkshire, Somerset, Barnsley and Sheffield (ssda903.md §7).
//!
//! **More than 20 miles.** "More than 20 miles from home" is a DfE
//! *statistic* (not a validation rule) over the same distance: `d > 20`
//! (ssda903.md §5, `statistics.md` §6). Keep it beside IN/OUT: small urban LAs
//! place mostly outside their boundary yet within 20 miles, counties the
//! reverse. See [`authority::over_20_miles`].
//!
//! **Licence.** The embedded tables are derived from the ONSPD (November 2025)
//! under the Open Government Licence v3.0. Any output that shows them must
//! carry [`ATTRIBUTION`]. Northern Ireland (`BT`) postcodes are not under the
//! OGL and are left out (ssda903.md §7).
//!
//! ```
//! use sufficiency::geo::{Postcodes, Precision};
//!
//! let postcodes = Postcodes::new(); // embedded tables only
//! let d = postcodes.distance("B1 1AA", "SW1A 1AA").unwrap();
//! // Neither is an embedded unit: both ends resolve to sector centroids,
//! // so the distance is approximate (here it happens to match the DfE's).
//! assert_eq!(d.precision, Precision::Sector);
//! assert!(d.is_approximate());
//! assert_eq!(d.miles.get(), 101.0);
//!
//! // The embedded unit postcodes of the same sectors resolve exactly.
//! let b1_1 = postcodes.sector("B1 1").unwrap();
//! assert_eq!(b1_1.unit.postcode, "B1 1QG");
//! let d = postcodes.distance("B1 1QG", "SW1A 1BB").unwrap();
//! assert_eq!(d.precision, Precision::Unit);
//! assert_eq!(postcodes.dfe_distance("B1 1QG", "SW1A 1BB"), Some(d.miles));
//! ```

pub mod authority;
mod embedded;
pub mod error;
pub mod grid;
pub mod lookup;
pub mod postcode;

pub use authority::{is_inside, over_20_miles, pl_location, placement_la, utla_name, utla_of, PlLocation, PlacementLa};
pub use error::GeoError;
pub use grid::{distance_miles, GridRef, Miles};
pub use lookup::{Centroid, Distance, Location, Postcodes, Precision, UnitPostcode};
pub use postcode::{normalise, Postcode};

/// The three attribution lines that must accompany any output derived from
/// the embedded ONSPD tables (ssda903.md §7; year of the November 2025
/// edition). The same lines head each file in `src/geo/data/`.
///
/// ```
/// assert_eq!(sufficiency::geo::ATTRIBUTION.len(), 3);
/// assert!(sufficiency::geo::ATTRIBUTION[2].contains("Open Government Licence"));
/// ```
pub const ATTRIBUTION: [&str; 3] = [
    "Contains OS data © Crown copyright and database right 2025",
    "Contains Royal Mail data © Royal Mail copyright and database right 2025",
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
];
