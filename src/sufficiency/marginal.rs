//! The marginal value of one more place: what a new home or foster
//! household in an area would save the matching, exactly.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{PriceBook, Route};
use crate::geo::Postcodes;
use crate::model::{Ownership, Provider, Setting, SettingKind, Supply};

use super::located::{Locator, Spot};
use super::matching::{arc_cost, eligible, finish, solve, Matching, Sites};
use super::need::{Need, PlacementType};
use super::policy::{route_rank, Policy};

/// One more in-house place of a type in a postcode district, and what it would save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarginalValue {
    /// The type of the new place.
    pub placement_type: PlacementType,
    /// The postcode district it would be in (at the district's centroid).
    pub area: String,
    /// The change in the matching's objective, pounds a week equivalent (≤ 0; exact).
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
pub const NEW_PLACE_ID: &str = "new-place";

/// What one more in-house place of each type in each home district of the
/// cohort would save, best first.
///
/// The saving is exact for every row: the optimum's change when one place
/// is added is the cheapest augmenting cycle through it
/// ([`super::flow::Marginals`]). The best `policy.marginal_resolves` rows are
/// re-solved with the place added, to split the saving into weekly price,
/// miles beyond the radius, second-best children and children placed. The new place is in-house at the in-house
/// price for its type (the mean of the supply's own settings' prices, else
/// the price book's), takes ages 0–17 (supported: 16–17) and meets no
/// specialism.
pub fn marginal_values(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
    matching: Option<&Matching>,
) -> Vec<MarginalValue> {
    let mut loc = Locator::new(postcodes);
    let homes = loc.homes(&need.children);
    let sites = Sites::new(need, supply, policy, &mut loc, prices);
    let solved = solve(need, supply, policy, &homes, &sites);
    let marg = solved.plan.marginals(&solved.problem);
    let base_matching = match matching {
        Some(m) => m.clone(),
        None => finish(need, supply, policy, &homes, &sites, solve(need, supply, policy, &homes, &sites)),
    };
    let districts: BTreeMap<String, Spot> = homes.iter().flatten().map(|h| (h.district.clone(), h.clone())).collect();
    let mut rows = Vec::new();
    for t in [PlacementType::Foster, PlacementType::Residential, PlacementType::Supported] {
        let template = new_setting(t, supply, prices, need.on);
        let Some(price) = template.weekly_price else { continue };
        let pounds: i64 =
            if policy.sunk_routes.contains(&Route::InHouse) { 0 } else { price.round().try_into().unwrap_or(0) };
        let base = route_rank(Route::InHouse) * policy.weights.route_step + pounds;
        for district in districts.keys() {
            let Some(c) = postcodes.district(district) else { continue };
            let spot = Spot { grid: c.grid, authority: Some(c.utla.clone()), district: district.clone() };
            let arcs: Vec<(usize, i64)> = need
                .children
                .iter()
                .enumerate()
                .filter(|(_, ch)| eligible(ch, &template))
                .map(|(i, ch)| (i, arc_cost(ch, homes[i].as_ref(), Some(&spot), base, t, policy).0))
                .collect();
            let saving = marg.new_place_saving(&arcs);
            if saving < 0 {
                rows.push(MarginalValue {
                    placement_type: t,
                    area: district.clone(),
                    saving,
                    weekly_cost_change: None,
                    miles_beyond_radius_change: None,
                    second_best_change: None,
                    placed_change: None,
                });
            }
        }
    }
    rows.sort_by(|a, b| a.saving.cmp(&b.saving).then(a.area.cmp(&b.area)));
    for r in rows.iter_mut().take(policy.marginal_resolves) {
        let mut more = supply.clone();
        let mut s = new_setting(r.placement_type, supply, prices, need.on);
        s.postcode = Some(r.area.clone());
        if !more.providers.iter().any(|p| p.id == s.provider) {
            more.providers.push(Provider::new(&s.provider, "New in-house provision", Ownership::OwnAuthority));
        }
        more.settings.push(s);
        let mut loc = Locator::new(postcodes);
        let sites = Sites::new(need, &more, policy, &mut loc, prices);
        let m = finish(need, &more, policy, &homes, &sites, solve(need, &more, policy, &homes, &sites));
        debug_assert_eq!(m.objective - base_matching.objective, r.saving);
        r.weekly_cost_change = Some(m.weekly_cost() - base_matching.weekly_cost());
        let radius = policy.local_radius_miles;
        let beyond =
            |m: &Matching| m.placements.iter().filter_map(|p| p.miles).map(|d| (d - radius).max(0.0)).sum::<f64>();
        r.miles_beyond_radius_change = Some(((beyond(&m) - beyond(&base_matching)) * 10.0).round() / 10.0);
        let second = |m: &Matching| m.placements.iter().filter(|p| p.second_best).count() as i64;
        r.second_best_change = Some(second(&m) - second(&base_matching));
        r.placed_change = Some(m.placed() as i64 - base_matching.placed() as i64);
    }
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
