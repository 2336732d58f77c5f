//! Measuring a synthetic authority against its profile, with the snapshot
//! functions and the DfE distance — never the generator's own counters.

use serde::{Deserialize, Serialize};

use crate::codes::CollectionYear;
use crate::geo::Postcodes;
use crate::snapshot::{entries, in_care_on, placement_location, placement_stability, By, SnapshotOptions};

use super::{Authority, AGE_BANDS, GROUPS};

/// One calibrated figure: what the profile asked for and what the data shows.
///
/// ```
/// use sufficiency::synth::{calibration, synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 0, 1).unwrap();
/// let checks = calibration(&la);
/// let cic = checks.iter().find(|c| c.measure == "children_in_care").unwrap();
/// assert_eq!((cic.target, cic.tolerance), (205.0, 0.03)); // Camden's 205 children, ±3%
/// assert!((cic.generated - 205.0).abs() <= 0.03 * 205.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// What is measured, e.g. `children_in_care` or `placement_mix:foster_agency`.
    pub measure: String,
    /// The profile's figure.
    pub target: f64,
    /// The figure measured on the final 31 March (or over the final year, for starters).
    pub generated: f64,
    /// The allowed difference: relative for counts, absolute (share points) for shares.
    pub tolerance: f64,
    /// Whether the difference is within tolerance.
    pub within: bool,
}

/// Measures `la` against its profile: children in care (±3%), each placement
/// group and age band share (±3 points), outside-the-authority and
/// over-20-miles shares (±3 points), starters in the final year (±5%) and
/// the share with three or more placements (±3 points).
///
/// ```
/// use sufficiency::synth::{calibration, synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 0, 2).unwrap();
/// assert!(calibration(&la).iter().all(|c| c.within));
/// ```
pub fn calibration(la: &Authority) -> Vec<Calibration> {
    let p = &la.profile;
    let ds = &la.dataset;
    let end = p.collection_end;
    let year = CollectionYear::containing(end);
    let opts = SnapshotOptions::default();
    let mut out = Vec::new();
    let mut push = |measure: String, target: f64, generated: f64, tolerance: f64, relative: bool| {
        let diff = (generated - target).abs();
        let within = if relative { diff <= tolerance * target } else { diff <= tolerance + 1e-12 };
        out.push(Calibration { measure, target, generated, tolerance, within });
    };
    let total = in_care_on(ds, end, By::Total, &opts).total();
    push("children_in_care".into(), f64::from(p.children_in_care), total as f64, 0.03, true);
    let n = total.max(1) as f64;
    let groups = in_care_on(ds, end, By::PlacementGroup, &opts);
    for g in GROUPS {
        push(format!("placement_mix:{g}"), p.group_share(g), groups.get(g) as f64 / n, 0.03, false);
    }
    let ages = in_care_on(ds, end, By::AgeBand, &opts);
    for b in AGE_BANDS {
        let target = p.age_mix.iter().find(|(k, _)| k == b).map(|(_, s)| *s).unwrap_or(0.0);
        push(format!("age_mix:{b}"), target, ages.get(b) as f64 / n, 0.03, false);
    }
    let authority = (!p.is_national()).then_some(p.authority.code.as_str());
    let loc = placement_location(ds, end, authority, &Postcodes::new(), &opts);
    push("outside_la_share".into(), p.outside_la_share, loc.outside_share(), 0.03, false);
    push("over_20_miles_share".into(), p.over_20_miles_share, loc.over_20_share(), 0.03, false);
    let starters = entries(ds, year.start(), year.end(), By::Total, &opts).total();
    push("starters_final_year".into(), f64::from(p.starters_per_year), starters as f64, 0.05, true);
    let stability = placement_stability(ds, year, &opts);
    push("three_plus_moves_share".into(), p.three_plus_moves_share, stability.share(), 0.03, false);
    out
}
