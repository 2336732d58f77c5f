//! The marginal value of one more place: what a new home or foster
//! household in an area would save the matching, exactly.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{PriceBook, Route};
use crate::geo::Postcodes;
use crate::model::{Ownership, Provider, Setting, SettingKind, Supply};

use super::located::{Locator, Spot};
use super::matching::{arc_cost, eligible, Link, Matcher, Matching, Solved};
use super::need::{Need, PlacementType};
use super::policy::{route_rank, Policy};

/// One more in-house place of a type in a postcode district, and what it would save.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::{GridRef, Postcodes};
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// # use sufficiency::sufficiency::{marginal_values, ChildNeed, Need, PlacementType, Policy};
/// // The child's home sits on the SK1 district centroid (where a new place
/// // would be); the only foster carer, in-house at £900, is 30 miles east.
/// let sk1 = Postcodes::new().district("SK1").unwrap().grid;
/// let mut pcs = Postcodes::new();
/// pcs.insert("SK1 1AA", sk1, None);
/// pcs.insert("XX1 1AA", GridRef::new(sk1.easting + 30 * 1_609 + 9, sk1.northing), None);
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// # let mut carer = Setting::new("F1", "LA", SettingKind::FosterHousehold, 1);
/// # (carer.postcode, carer.weekly_price) = (Some("XX1 1AA".into()), Some(900.into()));
/// # supply.settings.push(carer);
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster).with_home("SK1 1AA")]);
/// let v = marginal_values(&need, &supply, &Policy::default(), &pcs, None, None);
/// // A new in-house foster place in SK1, at the in-house price (£900): the child moves
/// // home, 10 fewer miles beyond the radius, same price, no longer second-best.
/// let row = &v[0];
/// assert_eq!((row.placement_type, row.area.as_str()), (PlacementType::Foster, "SK1"));
/// assert_eq!(row.weekly_cost_change, Some(0.into()));
/// assert_eq!((row.miles_beyond_radius_change, row.second_best_change, row.placed_change), (Some(-10.0), Some(-1), Some(0)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarginalValue {
    /// The type of the new place.
    pub placement_type: PlacementType,
    /// The postcode district it would be in (at the district's centroid).
    pub area: String,
    /// How much the matching's objective falls with the new place, pounds a
    /// week equivalent (> 0: rows that save nothing are left out; see
    /// [`marginal_values`] on exactness). The objective counts price, miles
    /// beyond the radius, second-best and unmet children in pounds, so this
    /// is a saving in that currency, not only in weekly spend.
    pub saving: i64,
    /// Change in the matched children's weekly price (re-solved rows only).
    pub weekly_cost_change: Option<Decimal>,
    /// Change in the matched children's miles beyond the local radius, summed (re-solved rows only).
    pub miles_beyond_radius_change: Option<f64>,
    /// Change in second-best children (re-solved rows only).
    pub second_best_change: Option<i64>,
    /// Change in children placed (re-solved rows only).
    pub placed_change: Option<i64>,
}

/// The id the hypothetical place gets when a matching is re-solved with it.
///
/// ```
/// assert_eq!(sufficiency::sufficiency::NEW_PLACE_ID, "new-place");
/// ```
pub const NEW_PLACE_ID: &str = "new-place";

/// What one more in-house place of each type in each home district of the
/// cohort would save, best first.
///
/// Each row's saving is the optimum's change when the place is added: the
/// cheapest augmenting cycle through it ([`super::flow::Marginals`]) in the
/// solved matching's network, one shortest-path computation for every row.
/// The best `policy.marginal_resolves` rows are then re-solved with the
/// place added (from the optimal basis, with the exactness check run again),
/// which makes their saving exact over every setting and splits it into
/// weekly price, miles beyond the radius, second-best children and children
/// placed. (A row not re-solved could only save more than it says, and only
/// through a chain of moves into settings the matching never had to
/// consider.) The new place is in-house at the in-house price for its type
/// (the mean of the supply's own settings' prices, else the price book's),
/// takes ages 0–17 (supported: 16–17) and meets no specialism.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::{GridRef, Postcodes};
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// # use sufficiency::sufficiency::{marginal_values, ChildNeed, Need, PlacementType, Policy};
/// // The child's home sits on the SK1 district centroid (where a new place
/// // would be); the only foster carer, in-house at £900, is 30 miles east.
/// let sk1 = Postcodes::new().district("SK1").unwrap().grid;
/// let mut pcs = Postcodes::new();
/// pcs.insert("SK1 1AA", sk1, None);
/// pcs.insert("XX1 1AA", GridRef::new(sk1.easting + 30 * 1_609 + 9, sk1.northing), None);
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// # let mut carer = Setting::new("F1", "LA", SettingKind::FosterHousehold, 1);
/// # (carer.postcode, carer.weekly_price) = (Some("XX1 1AA".into()), Some(900.into()));
/// # supply.settings.push(carer);
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster).with_home("SK1 1AA")]);
/// let v = marginal_values(&need, &supply, &Policy::default(), &pcs, None, None);
/// // Now: £900 + 10 miles beyond the radius at £500 = £5,900. With the new place: £900.
/// assert_eq!(v.len(), 1); // foster only: no price for a new home or supported place
/// assert_eq!(v[0].saving, 5_000);
/// ```
pub fn marginal_values(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
    matching: Option<&Matching>,
) -> Vec<MarginalValue> {
    let matcher = Matcher::new(need, supply, policy, postcodes, prices);
    let solved = matcher.solve();
    let base = match matching {
        Some(m) => m.clone(),
        None => matcher.finish(&solved),
    };
    values(&matcher, &solved, &base, postcodes, prices)
}

/// [`marginal_values`] of a matching already solved (`base` its rows).
pub(crate) fn values(
    matcher: &Matcher<'_>,
    solved: &Solved,
    base: &Matching,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
) -> Vec<MarginalValue> {
    let (need, supply, policy) = (matcher.need, matcher.supply, matcher.policy);
    let marg = solved.plan.marginals(solved.solver.problem());
    let homes = &matcher.homes;
    let districts: BTreeMap<String, Spot> = homes.iter().flatten().map(|h| (h.district.clone(), h.clone())).collect();
    let mut rows = Vec::new();
    for t in [PlacementType::Foster, PlacementType::Residential, PlacementType::Supported] {
        let template = new_setting(t, supply, prices, need.on);
        let Some(price) = template.weekly_price else { continue };
        let pounds: i64 =
            if policy.sunk_routes.contains(&Route::InHouse) { 0 } else { price.round().try_into().unwrap_or(0) };
        let base_term = route_rank(Route::InHouse) * policy.weights.route_step + pounds;
        // The classes that could use such a place at all: eligible, and
        // freeing one of them (`release`) saves more than the place's
        // route-and-price term, which every arc into it costs at least.
        let takers: Vec<(usize, usize, i64)> = (0..matcher.classes.count())
            .filter_map(|k| {
                let i = matcher.classes.head(k);
                let release = marg.release(k)?;
                (eligible(&need.children[i], &template) && release + base_term < 0).then_some((k, i, release))
            })
            .collect();
        for district in districts.keys() {
            let Some(c) = postcodes.district(district) else { continue };
            let spot = Spot { grid: c.grid, authority: Some(c.utla.clone()), district: district.clone() };
            let change = takers
                .iter()
                .map(|&(_, i, release)| {
                    release + arc_cost(&need.children[i], homes[i].as_ref(), Some(&spot), base_term, t, policy).0
                })
                .fold(0, i64::min);
            if change < 0 {
                rows.push(MarginalValue {
                    placement_type: t,
                    area: district.clone(),
                    saving: -change,
                    weekly_cost_change: None,
                    miles_beyond_radius_change: None,
                    second_best_change: None,
                    placed_change: None,
                });
            }
        }
    }
    rows.sort_by(|a, b| b.saving.cmp(&a.saving).then(a.area.cmp(&b.area)));
    // The supply and settings with room for the new place at the end.
    let mut more = supply.clone();
    let mut sites = matcher.sites.clone();
    for r in rows.iter_mut().take(policy.marginal_resolves) {
        let mut s = new_setting(r.placement_type, supply, prices, need.on);
        s.postcode = Some(r.area.clone());
        if !more.providers.iter().any(|p| p.id == s.provider) {
            more.providers.push(Provider::new(&s.provider, "New in-house provision", Ownership::OwnAuthority));
        }
        let spot = Locator::new(postcodes).spot(s.postcode.as_deref());
        sites.push(&s, more.ownership(&s), spot.clone(), s.vacant(), policy, prices, need.on);
        more.settings.push(s);
        // Re-solve from the optimal basis: the place joins as one more sink
        // (its index is the setting's) with an arc from every class that
        // could use it, then the exactness check runs again.
        let j = more.settings.len() - 1;
        let mut again = solved.clone();
        again.solver.add_sink(i64::from(sites.open[j]));
        for k in 0..matcher.classes.count() {
            let i = matcher.classes.head(k);
            let ch = &need.children[i];
            if eligible(ch, &more.settings[j]) {
                let (cost, miles) =
                    arc_cost(ch, homes[i].as_ref(), spot.as_ref(), sites.base[j], r.placement_type, policy);
                again.solver.add_arc(k, j, cost);
                again.links.push(Link { class: k, setting: j, miles });
            }
        }
        again.plan = again.solver.solve();
        matcher.make_exact(&mut again);
        let m = matcher.finish_with(&more, &sites, &again);
        more.settings.pop();
        sites.pop();
        r.saving = base.objective - m.objective;
        r.weekly_cost_change = Some(m.weekly_cost() - base.weekly_cost());
        let radius = policy.local_radius_miles;
        let beyond =
            |m: &Matching| m.placements.iter().filter_map(|p| p.miles).map(|d| (d - radius).max(0.0)).sum::<f64>();
        r.miles_beyond_radius_change = Some(((beyond(&m) - beyond(base)) * 10.0).round() / 10.0);
        let second = |m: &Matching| m.placements.iter().filter(|p| p.second_best).count() as i64;
        r.second_best_change = Some(second(&m) - second(base));
        r.placed_change = Some(m.placed() as i64 - base.placed() as i64);
    }
    rows.sort_by(|a, b| b.saving.cmp(&a.saving).then(a.area.cmp(&b.area)));
    rows
}

/// The hypothetical in-house setting of a type: one place, the in-house price.
fn new_setting(t: PlacementType, supply: &Supply, prices: Option<&PriceBook>, on: chrono::NaiveDate) -> Setting {
    let kind = match t {
        PlacementType::Foster => SettingKind::FosterHousehold,
        PlacementType::Residential => SettingKind::ChildrensHome,
        PlacementType::Supported => SettingKind::SupportedAccommodation,
        PlacementType::Secure => SettingKind::Secure,
    };
    let provider = supply
        .providers
        .iter()
        .find(|p| p.ownership == Ownership::OwnAuthority)
        .map_or("LA".to_string(), |p| p.id.clone());
    let mut s = Setting::new(NEW_PLACE_ID, &provider, kind, 1);
    s.route = Some(Route::InHouse);
    s.min_age = Some(if t == PlacementType::Supported { 16 } else { 0 });
    s.max_age = Some(17);
    let own: Vec<Decimal> = supply
        .settings
        .iter()
        .filter(|x| x.kind == kind && !x.kinship && supply.ownership(x) == Some(Ownership::OwnAuthority))
        .filter_map(|x| x.weekly_price)
        .collect();
    s.weekly_price = if own.is_empty() {
        let group = super::matching::price_group(&s, Some(Ownership::OwnAuthority));
        prices
            .and_then(|b| b.weekly(group, Route::InHouse, None, on).or_else(|| b.weekly(group, Route::Spot, None, on)))
    } else {
        Some((own.iter().sum::<Decimal>() / Decimal::from(own.len())).round_dp(2))
    };
    s
}
