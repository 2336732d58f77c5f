//! The choices behind an assessment: what "local" means, how gaps are
//! grouped by area, and what the matching minimises.

use serde::{Deserialize, Serialize};

use crate::cost::Route;

/// The area a gap is counted in.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::{GridRef, Postcodes};
/// # use sufficiency::model::{Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{gaps, Area, ChildNeed, Need, PlacementType, Policy};
/// // Made-up points: SK2 1AA is 5 miles east of SK1 1AA (1 mile = 1,609.3 m), both in Stockport.
/// let mut pcs = Postcodes::new();
/// pcs.insert("SK1 1AA", GridRef::new(400_000, 300_000), Some("E08000007"));
/// pcs.insert("SK2 1AA", GridRef::new(400_000 + 5 * 1_609 + 2, 300_000), Some("E08000007"));
/// # let mut supply = Supply::default();
/// # let mut home = Setting::new("H1", "P", SettingKind::ChildrensHome, 1);
/// # home.postcode = Some("SK2 1AA".into());
/// # supply.settings.push(home);
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // One child at home in SK1 1AA; one children's home in SK2 1AA.
/// let need = Need::named(on, vec![ChildNeed::new("C1", 14, PlacementType::Residential).with_home("SK1 1AA")]);
/// let cell = |area| gaps(&need, &supply, &Policy { area, ..Policy::default() }, &pcs).remove(0);
/// assert_eq!((cell(Area::Authority).places, cell(Area::Authority).area), (1, "E08000007".to_string()));
/// assert_eq!(cell(Area::District).places, 0); // SK1 is not SK2
/// assert_eq!((cell(Area::Radius(10.0)).places, cell(Area::Radius(4.0)).places), (1, 0)); // 5 miles
/// assert_eq!(cell(Area::Radius(10.0)).area, "SK1"); // labelled by home district
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The child's home authority: settings inside it are local.
    Authority,
    /// The child's home postcode district (`M14`): settings in it are local.
    District,
    /// Settings within this many miles of the child's home are local
    /// (cells are labelled by home district).
    Radius(f64),
}

/// The matching's objective, in pounds a week (each placement's cost is
/// the sum of the terms that apply; the matching minimises the total).
///
/// The defaults rank the terms for the child first: leaving a child without
/// a place is worst (£100,000); a type that is suitable but not preferred (a
/// second-best) costs as much as 20 miles beyond the radius (£10,000 and £500
/// a mile); then comes the price the authority would newly pay; the
/// commissioning order (in-house → block → framework → DPS → spot, £50 a
/// step) breaks ties between places that are otherwise alike. So a local
/// agency carer beats an in-house carer 25 miles away, and an in-house carer
/// beats an agency carer in the same town.
///
/// ```
/// use sufficiency::sufficiency::Weights;
/// let w = Weights::default();
/// assert!(w.unmet > w.second_best_type && w.second_best_type > 20 * w.per_mile_beyond_radius - 1);
/// assert!(w.per_mile_beyond_radius > w.route_step);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    /// A child left without a place.
    pub unmet: i64,
    /// A placement of a suitable but not preferred type.
    pub second_best_type: i64,
    /// Each mile beyond the local radius (for a child who should live locally).
    pub per_mile_beyond_radius: i64,
    /// A placement inside the radius for a child who should live away (safeguarding, court order).
    pub local_when_not_wanted: i64,
    /// Each step down the commissioning order (in-house 0, block 1, framework 2, DPS 3, spot 4).
    pub route_step: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            unmet: 100_000,
            second_best_type: 10_000,
            per_mile_beyond_radius: 500,
            local_when_not_wanted: 10_000,
            route_step: 50,
        }
    }
}

/// An assessment's policy.
///
/// ```
/// use sufficiency::sufficiency::{Area, Policy};
/// let p = Policy::default();
/// assert_eq!(p.local_radius_miles, 20.0);
/// assert_eq!(p.area, Area::Authority);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// "Local" for a placement: within this many miles of home (20, the DfE measure).
    pub local_radius_miles: f64,
    /// The area gaps are counted by.
    pub area: Area,
    /// The matching's objective.
    pub weights: Weights,
    /// Routes whose places are paid for whether used or not (block
    /// contracts; add in-house to treat staffed in-house homes the same),
    /// so using one costs nothing new.
    pub sunk_routes: Vec<Route>,
    /// Hypothetical new places valued by re-solving, best first (the rest
    /// carry the exact objective saving only).
    pub marginal_resolves: usize,
    /// Candidate settings kept per child and type before the exactness check
    /// adds any others that could improve the matching (at most 16 are used:
    /// the result is exact whatever the number, and more only slows the
    /// first solve).
    pub candidates_per_type: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            local_radius_miles: 20.0,
            area: Area::Authority,
            weights: Weights::default(),
            sunk_routes: vec![Route::Block],
            marginal_resolves: 10,
            candidates_per_type: 16,
        }
    }
}

/// The position of a route in the commissioning order.
pub(crate) fn route_rank(r: Route) -> i64 {
    Route::ALL.iter().position(|x| *x == r).unwrap_or(4) as i64
}
