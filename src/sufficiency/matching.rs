//! Matching: who would be placed where, at what cost, if the authority
//! placed a cohort afresh with the places it has.
//!
//! Each child can go to any setting that takes their age, meets their needs
//! (solo children only to settings with one usable place) and offers a type
//! they are not unsuitable for. A placement's cost is the sum of the
//! [`Weights`](super::Weights) terms that apply plus the weekly price the
//! authority would newly pay (nothing for a route in
//! [`Policy::sunk_routes`]); leaving a child unplaced costs `weights.unmet`.
//!
//! The matching minimises the total exactly, as a min-cost transport problem
//! ([`super::flow`]) solved by column generation:
//!
//! 1. **Classes.** Children no setting could tell apart (same home, needs,
//!    suitabilities, ages alike for every setting's age range; never
//!    siblings) are one source with a demand of their number.
//! 2. **First arcs.** A greedy pass gives each class the cheapest places
//!    still free (so the first solve places nearly everyone even where many
//!    children want the same few settings), and each class also gets its
//!    `candidates_per_type` cheapest settings of each type (at most 16).
//! 3. **Exactness check.** The solve's dual prices (`u` per class, `w` per
//!    setting) make every arc in the problem cost `cost − u + w ≥ 0`. An arc
//!    left out with a reduced cost ≥ 0 could not lower the optimum, so the
//!    check looks for arcs with a negative one, adds them, solves again from
//!    the last basis, and stops when there are none: the result is then
//!    optimal over every setting, not just the candidates.
//!
//! Both searches walk outwards from the child's home over a grid of cells
//! (`grid`), skipping any cell, and stopping at any ring, whose floor (the
//! least route-and-price term, plus `w` when checking, and the distance
//! penalty at its nearest point) is already too high. At £500 a mile beyond
//! the radius that floor rises fast, so a check that adds nothing touches
//! only the cells near each home.
//!
//! Siblings are placed together where a setting has room: after the optimum,
//! a split sibling group moves to the cheapest setting with room for all of
//! them, if there is one. That repair can cost more than the optimum; the
//! matching says so (`siblings_together`).

mod classes;
mod grid;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BinaryHeap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{PriceBook, Route};
use crate::geo::Postcodes;
use crate::model::{Ownership, Setting, SettingKind, Supply};

use super::flow::{Plan, Solver, Transport};
use super::gaps::{cohort_occupants, open_places};
use super::located::{miles, Locator, Spot};
use super::need::{ChildNeed, Need, PlacementType, Suitability};
use super::policy::{route_rank, Policy};
use classes::Classes;
use grid::{Grid, Step};

/// One child's place in the matching.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::{GridRef, Postcodes};
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
/// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
/// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
/// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
/// # }
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// # let carer = |id: &str, pc: &str, price: i64| {
/// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
/// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
/// #     s
/// # };
/// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
/// // One foster child at home in SK1 1AA; the only carer is 30 miles away.
/// supply.settings = vec![carer("F2", "M1 1AA", 900)];
/// let need = Need::named(on, vec![child("C1")]);
/// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
/// let p = &m.placements[0];
/// assert_eq!((p.setting.as_deref(), p.miles, p.right_type, p.right_place), (Some("F2"), Some(30.0), true, Some(false)));
/// assert!(p.second_best);
/// assert_eq!(p.reason, "no open foster place within 20 miles");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The child.
    pub child: String,
    /// The child's responsible authority, if known.
    pub authority: Option<String>,
    /// The setting, or `None` when no place could be found.
    pub setting: Option<String>,
    /// The setting's provider.
    pub provider: Option<String>,
    /// The type of place.
    pub placement_type: Option<PlacementType>,
    /// How the place is bought.
    pub route: Option<Route>,
    /// The weekly price, if known (the setting's, else the price book's).
    pub weekly_price: Option<Decimal>,
    /// Miles from home (DfE straight line), if both postcodes are known.
    pub miles: Option<f64>,
    /// The child's preferred type.
    pub right_type: bool,
    /// Within the local radius (or away from it, for a child who should live
    /// away); `None` when the distance is unknown.
    pub right_place: Option<bool>,
    /// Placed, but not the preferred type in the preferred place.
    pub second_best: bool,
    /// Why the child is second-best or unplaced (empty otherwise).
    pub reason: String,
    /// The child's sibling group, if any.
    pub sibling_group: Option<String>,
}

/// A matching of a cohort to places.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::{GridRef, Postcodes};
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
/// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
/// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
/// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
/// # }
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// # let carer = |id: &str, pc: &str, price: i64| {
/// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
/// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
/// #     s
/// # };
/// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
/// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
/// // at £400 a week, one 30 miles away at £900.
/// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
/// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
/// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
/// // Unmet, the nearer carer at its price, the farther at its price plus 10 miles beyond the radius.
/// assert_eq!(m.objective, 100_000 + 400 + (900 + 10 * 500));
/// assert_eq!(m.placements.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matching {
    /// One row per child, in cohort order.
    pub placements: Vec<Placement>,
    /// The optimum's objective, in pounds a week (before any sibling repair).
    pub objective: i64,
    /// The objective after sibling repair.
    pub objective_after_siblings: i64,
    /// Sibling groups placed together / split (after repair).
    pub siblings_together: (u32, u32),
    /// How many candidate arcs the exactness check added.
    pub arcs_added: usize,
}

impl Matching {
    /// Children placed.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.placed(), 2); // one carer each
    /// ```
    pub fn placed(&self) -> usize {
        self.placements.iter().filter(|p| p.setting.is_some()).count()
    }

    /// Children with no place.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.unmet(), 1); // two places for three children
    /// ```
    pub fn unmet(&self) -> usize {
        self.placements.len() - self.placed()
    }

    /// Share of placed children in their preferred type.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.right_type_share(), Some(1.0)); // both placed children are fostered
    /// ```
    pub fn right_type_share(&self) -> Option<f64> {
        let placed = self.placed();
        (placed > 0).then(|| {
            self.placements.iter().filter(|p| p.setting.is_some() && p.right_type).count() as f64 / placed as f64
        })
    }

    /// Share of placed children with a known distance placed within 20 miles.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.within_20_share(), Some(0.5)); // 5 miles and 30 miles
    /// ```
    pub fn within_20_share(&self) -> Option<f64> {
        let known: Vec<f64> = self.placements.iter().filter_map(|p| p.miles).collect();
        (!known.is_empty()).then(|| known.iter().filter(|m| **m <= 20.0).count() as f64 / known.len() as f64)
    }

    /// Share of placed children who are second-best.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.second_best_share(), Some(0.5)); // the child 30 miles away
    /// ```
    pub fn second_best_share(&self) -> Option<f64> {
        let placed = self.placed();
        (placed > 0).then(|| self.placements.iter().filter(|p| p.second_best).count() as f64 / placed as f64)
    }

    /// Total weekly price of the placements with a known price.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
    /// # let mut pcs = Postcodes::new(); // made-up points x miles east (1 mile = 1,609.3 m in the DfE formula)
    /// # for (pc, x) in [("SK1 1AA", 0.0), ("SK2 1AA", 5.0), ("M1 1AA", 30.0)] {
    /// #     pcs.insert(pc, GridRef::new(400_000 + (x * 1_609.3_f64).round() as u32, 300_000), Some("E08000007"));
    /// # }
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// # let mut supply = Supply::default();
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str, price: i64| {
    /// #     let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1);
    /// #     (s.postcode, s.weekly_price) = (Some(pc.into()), Some(price.into()));
    /// #     s
    /// # };
    /// # let child = |id: &str| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// // Three foster children at home in SK1 1AA; one in-house carer 5 miles away
    /// // at £400 a week, one 30 miles away at £900.
    /// supply.settings = vec![carer("F1", "SK2 1AA", 400), carer("F2", "M1 1AA", 900)];
    /// let need = Need::named(on, vec![child("C1"), child("C2"), child("C3")]);
    /// let m = match_children(&need, &supply, &Policy::default(), &pcs, None);
    /// assert_eq!(m.weekly_cost(), rust_decimal::Decimal::from(400 + 900));
    /// ```
    pub fn weekly_cost(&self) -> Decimal {
        self.placements.iter().filter_map(|p| p.weekly_price).sum()
    }
}

/// The placement group a setting's places are priced under in a [`PriceBook`].
pub(crate) fn price_group(s: &Setting, ownership: Option<Ownership>) -> &'static str {
    let own = ownership == Some(Ownership::OwnAuthority);
    match s.kind {
        SettingKind::FosterHousehold if s.kinship => "foster_kinship",
        SettingKind::FosterHousehold if own => "foster_in_house",
        SettingKind::FosterHousehold => "foster_agency",
        SettingKind::ChildrensHome if own => "childrens_home_in_house",
        SettingKind::ChildrensHome => "childrens_home_external",
        SettingKind::SupportedAccommodation => "supported",
        SettingKind::Secure => "secure",
    }
}

/// Everything about the settings the matching needs, computed once.
#[derive(Clone)]
pub(crate) struct Sites {
    pub spot: Vec<Option<Spot>>,
    pub route: Vec<Route>,
    pub price: Vec<Option<Decimal>>,
    /// Per setting: the route and price term of the objective, in pounds a week.
    pub base: Vec<i64>,
    pub open: Vec<u32>,
}

impl Sites {
    pub fn new(
        need: &Need,
        supply: &Supply,
        policy: &Policy,
        loc: &mut Locator<'_>,
        prices: Option<&PriceBook>,
    ) -> Sites {
        let spot = loc.settings(supply);
        let held = cohort_occupants(need, supply);
        let open = open_places(supply, &held);
        let mut sites = Sites { spot: Vec::new(), route: Vec::new(), price: Vec::new(), base: Vec::new(), open };
        for s in &supply.settings {
            sites.push_terms(s, supply.ownership(s), policy, prices, need.on);
        }
        sites.spot = spot;
        sites
    }

    /// Adds one more setting, `s`, located at `spot` with `open` places open
    /// to the cohort (as [`Sites::new`] would have seen it).
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        s: &Setting,
        ownership: Option<Ownership>,
        spot: Option<Spot>,
        open: u32,
        policy: &Policy,
        prices: Option<&PriceBook>,
        on: chrono::NaiveDate,
    ) {
        self.push_terms(s, ownership, policy, prices, on);
        self.spot.push(spot);
        self.open.push(open);
    }

    /// Removes the last setting.
    pub fn pop(&mut self) {
        self.spot.pop();
        self.route.pop();
        self.price.pop();
        self.base.pop();
        self.open.pop();
    }

    /// The route, price and route-and-price term of one setting.
    fn push_terms(
        &mut self,
        s: &Setting,
        own: Option<Ownership>,
        policy: &Policy,
        prices: Option<&PriceBook>,
        on: chrono::NaiveDate,
    ) {
        let r = s.route(own);
        let p = s.weekly_price.or_else(|| prices.and_then(|b| b.weekly(price_group(s, own), r, Some(&s.provider), on)));
        let pounds = if policy.sunk_routes.contains(&r) {
            0
        } else {
            p.map_or(0, |p| p.round().try_into().unwrap_or(i64::MAX / 4))
        };
        self.route.push(r);
        self.price.push(p);
        self.base.push(route_rank(r) * policy.weights.route_step + pounds);
    }
}

/// Whether a child can live in a setting at all (capacity aside).
pub(crate) fn eligible(c: &ChildNeed, s: &Setting) -> bool {
    !s.kinship
        && c.suitability(PlacementType::of(s.kind)) != Suitability::Unsuitable
        && s.accepts_age(c.age)
        && s.meets(&c.needs)
        && (!c.solo || s.usable_places() == 1)
}

/// The objective's placement cost for a child in a setting, and the distance.
pub(crate) fn arc_cost(
    c: &ChildNeed,
    home: Option<&Spot>,
    site: Option<&Spot>,
    base: i64,
    t: PlacementType,
    policy: &Policy,
) -> (i64, Option<f64>) {
    let w = &policy.weights;
    let mut cost = base;
    if c.suitability(t) != Suitability::Preferred {
        cost += w.second_best_type;
    }
    let d = match (home, site) {
        (Some(h), Some(s)) => Some(miles(h, s)),
        _ => None,
    };
    if let Some(d) = d {
        if c.preferred_local {
            // Tenths of a mile, so the DfE's one-decimal distances count exactly.
            let beyond_tenths = ((d - policy.local_radius_miles) * 10.0).round().max(0.0) as i64;
            cost += beyond_tenths * w.per_mile_beyond_radius / 10;
        } else if d <= policy.local_radius_miles {
            cost += w.local_when_not_wanted;
        }
    }
    (cost, d)
}

/// Matches a cohort to the supply's open places, minimising the policy's objective.
///
/// Places open to the cohort are vacant places plus, for the children in care
/// re-placed ([`super::Cohort::InCare`]), the places they fill now.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
/// let mut supply = Supply::default();
/// supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// let mut carer = Setting::new("F1", "LA", SettingKind::FosterHousehold, 1);
/// carer.postcode = Some("M1 1AE".into());
/// supply.settings.push(carer);
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![
///     ChildNeed::new("C1", 9, PlacementType::Foster).with_home("M1 1AE"),
///     ChildNeed::new("C2", 9, PlacementType::Foster).with_home("M1 1AE"),
/// ]);
/// let m = match_children(&need, &supply, &Policy::default(), &Postcodes::new(), None);
/// assert_eq!((m.placed(), m.unmet()), (1, 1));
/// ```
pub fn match_children(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
) -> Matching {
    let matcher = Matcher::new(need, supply, policy, postcodes, prices);
    matcher.finish(&matcher.solve())
}

/// A matching problem set up once: the cohort in classes, what each
/// setting costs, and the settings by type and place.
pub(crate) struct Matcher<'a> {
    pub need: &'a Need,
    pub supply: &'a Supply,
    pub policy: &'a Policy,
    pub homes: Vec<Option<Spot>>,
    pub sites: Sites,
    pub classes: Classes,
    grid: Grid,
    /// Per type, per cell of its layer: the least route-and-price term.
    cell_base: [Vec<i64>; 4],
    /// Each setting's cell in its type's layer, if it is in one.
    cell: Vec<Option<u32>>,
}

/// What one arc of the transport problem joins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link {
    pub class: usize,
    pub setting: usize,
    /// Miles from the class's home to the setting, if both are located.
    pub miles: Option<f64>,
}

/// A solved matching before it is turned into rows.
#[derive(Clone)]
pub(crate) struct Solved {
    /// The transport problem (one source per class, one sink per setting)
    /// and the basis it was last solved to.
    pub solver: Solver,
    pub plan: Plan,
    /// What each of the problem's arcs joins, by arc index.
    pub links: Vec<Link>,
    /// Arcs the exactness check added.
    pub arcs_added: usize,
}

/// The most candidate arcs per class and type the matching takes at a time,
/// whatever [`Policy::candidates_per_type`] asks: more only adds arcs the
/// solver has to carry (the result is exact either way).
const MAX_CANDIDATES: usize = 16;

/// A floor under a per-setting term: per cell of a layer, and overall.
type Floors<'a> = (&'a [i64], i64);

/// The k best `(key, setting, miles)` seen: a max-heap on the key.
type Best = BinaryHeap<(i64, u32, u64)>;

fn keep(best: &mut Best, k: usize, item: (i64, u32, u64)) {
    if best.len() < k {
        best.push(item);
    } else if best.peek().is_some_and(|top| item < *top) {
        best.pop();
        best.push(item);
    }
}

/// The bar an item's key must get under to be kept (`i64::MAX` until k are held).
fn bar_of(best: &Best, k: usize) -> i64 {
    if best.len() < k {
        i64::MAX
    } else {
        best.peek().map_or(i64::MAX, |top| top.0)
    }
}

fn miles_bits(d: Option<f64>) -> u64 {
    d.map_or(u64::MAX, f64::to_bits)
}

fn miles_of(bits: u64) -> Option<f64> {
    (bits != u64::MAX).then(|| f64::from_bits(bits))
}

impl<'a> Matcher<'a> {
    /// Sets up the matching of `need` to `supply`.
    pub fn new(
        need: &'a Need,
        supply: &'a Supply,
        policy: &'a Policy,
        postcodes: &Postcodes,
        prices: Option<&PriceBook>,
    ) -> Matcher<'a> {
        Matcher::pooled(need, supply, policy, postcodes, prices, true)
    }

    /// As [`Matcher::new`]; with `pool` false, every child is a class of one.
    pub fn pooled(
        need: &'a Need,
        supply: &'a Supply,
        policy: &'a Policy,
        postcodes: &Postcodes,
        prices: Option<&PriceBook>,
        pool: bool,
    ) -> Matcher<'a> {
        let mut loc = Locator::new(postcodes);
        let homes = loc.homes(&need.children);
        let sites = Sites::new(need, supply, policy, &mut loc, prices);
        let usable = |j: usize| sites.open[j] > 0 && !supply.settings[j].kinship;
        let grid = Grid::new(
            (0..supply.settings.len())
                .filter(|&j| usable(j))
                .map(|j| (j, PlacementType::of(supply.settings[j].kind), sites.spot[j].as_ref().map(|s| s.grid))),
        );
        let classes = Classes::new(
            &need.children,
            &homes,
            supply.settings.iter().enumerate().filter(|(j, _)| usable(*j)).map(|(_, s)| s),
            pool,
        );
        let cell_base = PlacementType::ALL.map(|t| grid.layer(t).floor(|j| sites.base[j]));
        let mut cell = vec![None; supply.settings.len()];
        for t in PlacementType::ALL {
            let layer = grid.layer(t);
            for c in 0..layer.cells() {
                for &j in layer.settings(c) {
                    cell[j as usize] = Some(c as u32);
                }
            }
        }
        Matcher { need, supply, policy, homes, sites, classes, grid, cell_base, cell }
    }

    /// The child standing for class `k`, and their home.
    fn head(&self, k: usize) -> (&ChildNeed, Option<&Spot>) {
        let i = self.classes.head(k);
        (&self.need.children[i], self.homes[i].as_ref())
    }

    /// The objective's type term for a child in a setting of type `t`.
    fn type_term(&self, c: &ChildNeed, t: PlacementType) -> i64 {
        if c.suitability(t) == Suitability::Preferred {
            0
        } else {
            self.policy.weights.second_best_type
        }
    }

    /// A floor under the distance term of a child at least `miles` from a
    /// setting (distances are rounded to 0.1 mile, so allow for it).
    fn distance_floor(&self, c: &ChildNeed, miles: f64) -> i64 {
        if !c.preferred_local {
            return 0;
        }
        let w = &self.policy.weights;
        let beyond_tenths = ((miles - 0.1 - self.policy.local_radius_miles) * 10.0).floor().max(0.0) as i64;
        beyond_tenths * w.per_mile_beyond_radius / 10
    }

    /// Solves the matching exactly: the `candidates_per_type` cheapest
    /// settings of each type for each class, then the exactness check.
    pub fn solve(&self) -> Solved {
        let demands = self.classes.members.iter().map(|m| m.len() as i64).collect();
        let unmet = vec![self.policy.weights.unmet; self.classes.count()];
        let caps = self.sites.open.iter().map(|&o| i64::from(o)).collect();
        let mut solver = Solver::new(Transport::new(demands, unmet, caps));
        let mut links = Vec::new();
        let k = self.policy.candidates_per_type.clamp(1, MAX_CANDIDATES);
        let mut first = self.greedy();
        let all = |_: usize| true;
        let floors = self.cell_base.each_ref().map(|c| c.iter().copied().min().unwrap_or(i64::MAX));
        for (class, arcs) in first.iter_mut().enumerate() {
            for t in PlacementType::ALL {
                arcs.extend(self.cheapest(
                    class,
                    t,
                    k,
                    (&self.cell_base[t as usize], floors[t as usize]),
                    &all,
                    i64::MAX,
                ));
            }
            arcs.sort_unstable_by_key(|a| a.1);
            arcs.dedup_by_key(|a| a.1);
            for &(cost, j, bits) in arcs.iter() {
                solver.add_arc(class, j as usize, cost);
                links.push(Link { class, setting: j as usize, miles: miles_of(bits) });
            }
        }
        let plan = solver.solve();
        let mut solved = Solved { solver, plan, links, arcs_added: 0 };
        self.make_exact(&mut solved);
        solved
    }

    /// A first plan, greedily: each class in turn takes the cheapest places
    /// still free. Its arcs give the first solve a place for nearly every
    /// child even where many children share the same few cheapest settings,
    /// so the first prices are sound and the exactness check has little to
    /// add. Returns each class's arcs `(cost, setting, miles bits)`.
    fn greedy(&self) -> Vec<Vec<(i64, u32, u64)>> {
        let mut left = self.sites.open.clone();
        let mut cells = self.cell_base.clone();
        let floors = self.cell_base.each_ref().map(|c| c.iter().copied().min().unwrap_or(i64::MAX));
        let mut out = vec![Vec::new(); self.classes.count()];
        for (class, arcs) in out.iter_mut().enumerate() {
            let mut wanted = self.classes.members[class].len() as u32;
            while wanted > 0 {
                let room = |j: usize| left[j] > 0;
                // Preferred types first: a second-best type is searched only
                // below the best cost found so far.
                let (c, _) = self.head(class);
                let mut types = PlacementType::ALL;
                types.sort_by_key(|&t| self.type_term(c, t));
                let mut best: Option<((i64, u32, u64), PlacementType)> = None;
                for t in types {
                    let under = best.map_or(i64::MAX, |b| b.0 .0);
                    let found = self.cheapest(class, t, 1, (&cells[t as usize], floors[t as usize]), &room, under);
                    if let Some(&a) = found.first() {
                        best = Some((a, t));
                    }
                }
                let Some(((cost, j, bits), t)) = best else { break };
                let ju = j as usize;
                let take = wanted.min(left[ju]);
                wanted -= take;
                left[ju] -= take;
                arcs.push((cost, j, bits));
                if left[ju] == 0 {
                    if let Some(cell) = self.cell[ju] {
                        let layer = self.grid.layer(t);
                        cells[t as usize][cell as usize] = layer
                            .settings(cell as usize)
                            .iter()
                            .filter(|&&x| left[x as usize] > 0)
                            .map(|&x| self.sites.base[x as usize])
                            .min()
                            .unwrap_or(i64::MAX);
                    }
                }
            }
        }
        out
    }

    /// The `k` cheapest eligible settings of type `t` for class `class` that
    /// `room` lets in, as `(cost, setting, miles bits)`, given a floor under
    /// the route-and-price term per cell and overall.
    fn cheapest(
        &self,
        class: usize,
        t: PlacementType,
        k: usize,
        (cells, floor): Floors<'_>,
        room: &dyn Fn(usize) -> bool,
        under: i64,
    ) -> Vec<(i64, u32, u64)> {
        let (c, home) = self.head(class);
        if c.suitability(t) == Suitability::Unsuitable {
            return Vec::new();
        }
        let type_term = self.type_term(c, t);
        let mut best = Best::new();
        let bar = |best: &Best| bar_of(best, k).min(under);
        let consider = |best: &mut Best, j: usize| {
            if self.sites.base[j] + type_term < bar(best) && room(j) && eligible(c, &self.supply.settings[j]) {
                let (cost, d) = arc_cost(c, home, self.sites.spot[j].as_ref(), self.sites.base[j], t, self.policy);
                if cost < under {
                    keep(best, k, (cost, j as u32, miles_bits(d)));
                }
            }
        };
        for &j in self.grid.nowhere(t) {
            consider(&mut best, j as usize);
        }
        let floor = floor.saturating_add(type_term);
        self.grid.layer(t).walk(home.map(|h| h.grid), |step| match step {
            Step::Ring { miles } => floor.saturating_add(self.distance_floor(c, miles)) < bar(&best),
            Step::Cell { cell, miles } => {
                let lb = cells[cell].saturating_add(type_term + self.distance_floor(c, miles));
                if lb < bar(&best) {
                    for &j in self.grid.layer(t).settings(cell) {
                        consider(&mut best, j as usize);
                    }
                }
                true
            }
        });
        best.into_sorted_vec()
    }

    /// The exactness check: with the optimal duals of the problem so far —
    /// a price `u` per class and `w ≥ 0` per setting, so that every arc in the
    /// problem has a reduced cost `cost − u + w ≥ 0` — an arc left out with a
    /// reduced cost ≥ 0 could not lower the optimum (the plan and the duals
    /// stay optimal with it). So add, for each class and type, the `k` most
    /// negative arcs left out, solve again from the last basis, and repeat
    /// until there are none: the plan is then optimal over every setting.
    pub fn make_exact(&self, solved: &mut Solved) {
        let k = self.policy.candidates_per_type.clamp(1, MAX_CANDIDATES);
        // A class that keeps finding arcs gets twice as many each round (a
        // child left unmet may have hundreds of full settings to rule out).
        let mut quota = vec![k; self.classes.count()];
        loop {
            let (pi_s, pi_t) = solved.plan.basis_prices();
            let u: Vec<i64> = pi_s.iter().map(|p| -p).collect();
            let w: Vec<i64> = pi_t.iter().map(|p| -p).collect();
            let mut new: Vec<(usize, u32, i64, u64)> = Vec::new();
            for t in PlacementType::ALL {
                let value = |j: usize| self.sites.base[j] + w[j];
                let cells = self.grid.layer(t).floor(value);
                let floor = cells.iter().copied().min().unwrap_or(i64::MAX);
                let floor = self.grid.nowhere(t).iter().map(|&j| value(j as usize)).fold(floor, i64::min);
                for (class, &u) in u.iter().enumerate() {
                    for (rc, j, bits) in self.improving(class, t, quota[class], u, &w, (&cells, floor)) {
                        new.push((class, j, rc + u - w[j as usize], bits));
                    }
                }
            }
            let mut got = vec![false; quota.len()];
            for &(class, ..) in &new {
                got[class] = true;
            }
            for ((q, got), &u) in quota.iter_mut().zip(got).zip(&u) {
                if got && u >= self.policy.weights.unmet {
                    *q = q.saturating_mul(2);
                }
            }
            if new.is_empty() {
                return;
            }
            solved.arcs_added += new.len();
            for (class, j, cost, bits) in new {
                solved.solver.add_arc(class, j as usize, cost);
                solved.links.push(Link { class, setting: j as usize, miles: miles_of(bits) });
            }
            solved.plan = solved.solver.solve();
        }
    }

    /// The `k` most negative reduced costs of the arcs from class `class` to
    /// settings of type `t`, as `(reduced cost, setting, miles bits)`, given
    /// the class's price `u`, the settings' prices `w`, the per-cell floor of
    /// `base + w` and its overall floor.
    fn improving(
        &self,
        class: usize,
        t: PlacementType,
        k: usize,
        u: i64,
        w: &[i64],
        (cells, floor): Floors<'_>,
    ) -> Vec<(i64, u32, u64)> {
        let (c, home) = self.head(class);
        if c.suitability(t) == Suitability::Unsuitable {
            return Vec::new();
        }
        // Reduced cost: cost − u + w, and cost ≥ base + type term + distance floor.
        let bar = u - self.type_term(c, t);
        if floor >= bar {
            return Vec::new();
        }
        // Only the k most negative are kept, so once k are held the bar
        // drops by the k-th: cells and rings above it are passed over.
        let mut best = Best::new();
        let cut = |best: &Best| bar + bar_of(best, k).min(0);
        let consider = |best: &mut Best, j: usize| {
            if self.sites.base[j] + w[j] < cut(best) && eligible(c, &self.supply.settings[j]) {
                let (cost, d) = arc_cost(c, home, self.sites.spot[j].as_ref(), self.sites.base[j], t, self.policy);
                let rc = cost - u + w[j];
                if rc < 0 {
                    keep(best, k, (rc, j as u32, miles_bits(d)));
                }
            }
        };
        for &j in self.grid.nowhere(t) {
            consider(&mut best, j as usize);
        }
        self.grid.layer(t).walk(home.map(|h| h.grid), |step| match step {
            Step::Ring { miles } => floor.saturating_add(self.distance_floor(c, miles)) < cut(&best),
            Step::Cell { cell, miles } => {
                if cells[cell].saturating_add(self.distance_floor(c, miles)) < cut(&best) {
                    for &j in self.grid.layer(t).settings(cell) {
                        consider(&mut best, j as usize);
                    }
                }
                true
            }
        });
        best.into_vec()
    }

    /// The matching's rows from a solved problem.
    pub fn finish(&self, solved: &Solved) -> Matching {
        self.finish_with(self.supply, &self.sites, solved)
    }

    /// The rows from a problem solved against `supply` (this matcher's
    /// supply, or it with settings added at the end, `sites` to match).
    pub fn finish_with(&self, supply: &Supply, sites: &Sites, solved: &Solved) -> Matching {
        // Hand each class's places to its children: cheapest first, in
        // child-id order; the rest are unmet.
        let n = self.need.children.len();
        let mut given: Vec<Vec<(i64, usize, u64)>> = vec![Vec::new(); self.classes.count()];
        for (a, link) in solved.links.iter().enumerate() {
            let f = solved.plan.flow(a);
            if f > 0 {
                let cost = solved.solver.problem().arc(a).2;
                let places = &mut given[link.class];
                places.extend((0..f).map(|_| (cost, link.setting, miles_bits(link.miles))));
            }
        }
        let mut at: Vec<Option<(usize, Option<f64>, i64)>> = vec![None; n];
        for (members, mut places) in self.classes.members.iter().zip(given) {
            places.sort_unstable();
            for (&i, (cost, j, bits)) in members.iter().zip(places) {
                at[i] = Some((j, miles_of(bits), cost));
            }
        }
        let objective = i64::try_from(solved.plan.cost()).unwrap_or(i64::MAX);
        finish(self.need, supply, self.policy, &self.homes, sites, at, objective, solved.arcs_added)
    }
}

/// A sibling group's move: total cost, setting, each member's (cost, miles).
type GroupMove = (i64, usize, Vec<(i64, Option<f64>)>);

/// Turns each child's place (setting, miles, cost) into rows, repairing
/// split sibling groups.
#[allow(clippy::too_many_arguments)]
fn finish(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    homes: &[Option<Spot>],
    sites: &Sites,
    mut at: Vec<Option<(usize, Option<f64>, i64)>>,
    objective: i64,
    arcs_added: usize,
) -> Matching {
    let mut load = vec![0u32; supply.settings.len()];
    for &(j, _, _) in at.iter().flatten() {
        load[j] += 1;
    }
    // Sibling repair.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in need.children.iter().enumerate() {
        if let Some(g) = &c.sibling_group {
            groups.entry(g.as_str()).or_default().push(i);
        }
    }
    let mut extra_cost = 0i64;
    let (mut together, mut split) = (0u32, 0u32);
    for members in groups.values().filter(|m| m.len() > 1) {
        let first = at[members[0]].map(|a| a.0);
        if first.is_some() && members.iter().all(|&i| at[i].map(|a| a.0) == first) {
            together += 1;
            continue;
        }
        // The cheapest setting with room for all of them (counting the places they hold now).
        let mut best: Option<GroupMove> = None;
        for (j, s) in supply.settings.iter().enumerate() {
            let mine = members.iter().filter(|&&i| at[i].map(|a| a.0) == Some(j)).count() as u32;
            if sites.open[j] < load[j] - mine + members.len() as u32 {
                continue;
            }
            if !members.iter().all(|&i| eligible(&need.children[i], s)) {
                continue;
            }
            let t = PlacementType::of(s.kind);
            let costs: Vec<(i64, Option<f64>)> = members
                .iter()
                .map(|&i| {
                    arc_cost(&need.children[i], homes[i].as_ref(), sites.spot[j].as_ref(), sites.base[j], t, policy)
                })
                .collect();
            let total: i64 = costs.iter().map(|c| c.0).sum();
            if best.as_ref().is_none_or(|b| total < b.0) {
                best = Some((total, j, costs));
            }
        }
        match best {
            Some((total, j, costs)) => {
                let before: i64 = members.iter().map(|&i| at[i].map_or(policy.weights.unmet, |a| a.2)).sum();
                for (&i, (cost, d)) in members.iter().zip(costs) {
                    if let Some((old, _, _)) = at[i] {
                        load[old] -= 1;
                    }
                    at[i] = Some((j, d, cost));
                    load[j] += 1;
                }
                extra_cost += total - before;
                together += 1;
            }
            None => split += 1,
        }
    }
    let placements = need
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| row(c, at[i].map(|a| (a.0, a.1)), supply, sites, policy, homes[i].is_some()))
        .collect();
    Matching {
        placements,
        objective,
        objective_after_siblings: objective + extra_cost,
        siblings_together: (together, split),
        arcs_added,
    }
}

fn row(
    c: &ChildNeed,
    at: Option<(usize, Option<f64>)>,
    supply: &Supply,
    sites: &Sites,
    policy: &Policy,
    has_home: bool,
) -> Placement {
    let preferred = c.preferred();
    let any_eligible = |t: Option<PlacementType>| {
        supply.settings.iter().any(|s| eligible(c, s) && t.is_none_or(|t| PlacementType::of(s.kind) == t))
    };
    let Some((j, d)) = at else {
        let reason = if any_eligible(None) {
            "unmet: every suitable place is taken"
        } else {
            "unmet: no setting takes this child's age, needs and types"
        };
        return Placement {
            child: c.child.clone(),
            authority: c.authority.clone(),
            setting: None,
            provider: None,
            placement_type: None,
            route: None,
            weekly_price: None,
            miles: None,
            right_type: false,
            right_place: None,
            second_best: false,
            reason: reason.to_string(),
            sibling_group: c.sibling_group.clone(),
        };
    };
    let s = &supply.settings[j];
    let t = PlacementType::of(s.kind);
    let right_type = Some(t) == preferred;
    let right_place = d.map(|d| (d <= policy.local_radius_miles) == c.preferred_local);
    let mut reasons = Vec::new();
    if !right_type {
        if let Some(p) = preferred {
            reasons.push(if any_eligible(Some(p)) {
                format!("every {p} place that suits the child is taken")
            } else {
                format!("no {p} setting takes this child's age and needs")
            });
        }
    }
    if right_place == Some(false) {
        reasons.push(if c.preferred_local {
            format!("no open {t} place within {} miles", policy.local_radius_miles)
        } else {
            "placed near home against the plan".to_string()
        });
    }
    let _ = has_home;
    Placement {
        child: c.child.clone(),
        authority: c.authority.clone(),
        setting: Some(s.id.clone()),
        provider: Some(s.provider.clone()),
        placement_type: Some(t),
        route: Some(sites.route[j]),
        weekly_price: sites.price[j],
        miles: d,
        right_type,
        right_place,
        second_best: !reasons.is_empty(),
        reason: reasons.join("; "),
        sibling_group: c.sibling_group.clone(),
    }
}
