//! The synthetic authority's supply: its own homes and fostering households,
//! and the external homes, agencies and supported-accommodation services its
//! children were placed with, each at a real postcode.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::cost::Route;
use crate::model::{Occupant, Ownership, Provider, Setting, SettingKind, Specialism, Supply};

use super::generate::Plan;
use super::places::Places;

/// Weekly prices of places in the final year, by (kind class, route): the
/// 2024-25 defaults of `synth::prices` (costs-and-commissioning.md §12).
fn price(class: &str, route: Route) -> Decimal {
    let pounds: i64 = match (class, route) {
        ("foster_kinship", _) => 325,
        ("foster_in_house", _) => 575,
        ("foster_agency", Route::Spot) => 1_100,
        ("foster_agency", _) => 1_000,
        ("home_in_house", _) => 5_750,
        ("home_external", Route::Block) => 6_100,
        ("home_external", Route::Spot) => 8_000,
        ("home_external", _) => 6_750,
        ("secure", _) => 8_500,
        ("supported", Route::Spot) => 1_800,
        _ => 1_200,
    };
    Decimal::new(pounds, 0)
}

/// Builds providers and settings from where the children in care on the last day live.
///
/// `rng` is the generator's own stream (its draws are kept exactly as they
/// were, so the returns do not change); `seed` seeds a second stream for the
/// supply's commissioning details: routes, other authorities' children,
/// specialisms.
pub(crate) fn build(
    rng: &mut ChaCha8Rng,
    seed: u64,
    plans: &[Plan],
    places: &Places,
    la: &crate::model::LocalAuthority,
    urns: &BTreeMap<(u32, &'static str), std::sync::Arc<str>>,
) -> Supply {
    let la_name = la.name.as_str();
    let mut detail = ChaCha8Rng::seed_from_u64(seed ^ 0x5355_5050_4C59 /* "SUPPLY" */);
    let mut supply = Supply { authority: Some(la.code.clone()), ..Supply::default() };
    let prefix = &la.code;
    // Who lives where: a child's current setting, by URN or by household key.
    let mut by_urn_children: Vec<(String, String)> = Vec::new();
    let mut by_household_children: Vec<(String, (u32, String, bool))> = Vec::new();
    supply.providers.push(Provider::new("LA", &format!("{la_name} (own provision)"), Ownership::OwnAuthority));
    let mut external: BTreeMap<String, Ownership> = BTreeMap::new();
    // Settings with an Ofsted URN (homes, secure, supported): one per URN.
    let mut by_urn: BTreeMap<String, (u32, &'static str, u32)> = BTreeMap::new();
    for ((point, class), urn) in urns {
        by_urn.insert(urn.to_string(), (*point, class, 0));
    }
    // Fostering households: one per (placement point, provider), occupied by children in care on the last day.
    let mut households: BTreeMap<(u32, String, bool), u32> = BTreeMap::new();
    for plan in plans.iter().filter(|p| p.end.is_none()) {
        let current = plan.placements.last().expect("a placement");
        let child = plan.child.id.as_str().to_string();
        if let Some(urn) = &current.urn {
            if let Some(e) = by_urn.get_mut(&**urn) {
                e.2 += 1;
                by_urn_children.push((child.clone(), urn.to_string()));
            }
        }
        let key = match current.group {
            "foster_in_house" | "foster_kinship" => {
                Some((current.point, "LA".to_string(), current.group == "foster_kinship"))
            }
            // Each agency has one URN; the agency is named after it.
            "foster_agency" => {
                Some((current.point, format!("IFA-{}", current.urn.as_deref().unwrap_or("UNKNOWN")), false))
            }
            _ => None,
        };
        if let Some(key) = key {
            *households.entry(key.clone()).or_default() += 1;
            by_household_children.push((child, key));
        }
    }
    for (urn, (point, class, occupied)) in &by_urn {
        let (kind, provider, capacity, ages) = match *class {
            "home_in_house" => {
                let capacity = rng.random_range(2..=6);
                // An in-house home nobody lives in now has closed (only its URN survives in the returns).
                if *occupied == 0 {
                    continue;
                }
                (SettingKind::ChildrensHome, "LA".to_string(), capacity, (8, 17))
            }
            "home_external" => {
                let id = format!("CH{:02}", point % 30 + 1);
                external.insert(id.clone(), if point % 7 == 0 { Ownership::Voluntary } else { Ownership::Private });
                (SettingKind::ChildrensHome, id, rng.random_range(2..=6), (8, 17))
            }
            "secure" => (SettingKind::Secure, "LA".to_string(), 10, (10, 17)),
            "supported" => {
                let id = format!("SA{:02}", point % 12 + 1);
                external.insert(id.clone(), Ownership::Private);
                (SettingKind::SupportedAccommodation, id, rng.random_range(4..=10), (16, 17))
            }
            _ => continue, // agencies are providers, not settings
        };
        let mut s = Setting::new(&format!("{prefix}-S-{urn}"), &provider, kind, capacity.max(*occupied));
        s.urn = Some(urn.clone());
        s.postcode = Some(places.points[*point as usize].postcode.to_string());
        s.min_age = Some(ages.0);
        s.max_age = Some(ages.1);
        s.own_children = *occupied;
        commission(&mut detail, &mut s, class);
        supply.settings.push(s);
    }
    let mut household_ids: BTreeMap<(u32, String, bool), String> = BTreeMap::new();
    for (i, ((point, provider, kinship), occupied)) in households.iter().enumerate() {
        if provider != "LA" {
            let voluntary = provider.bytes().last().is_some_and(|b| b % 6 == 0);
            external.insert(provider.clone(), if voluntary { Ownership::Voluntary } else { Ownership::Private });
        }
        // Approved places: the children there plus, for mainstream carers, sometimes a vacancy.
        let spare = if *kinship { 0 } else { u32::from(rng.random::<f64>() < 0.3) };
        let mut s =
            Setting::new(&format!("{prefix}-F{:06}", i + 1), provider, SettingKind::FosterHousehold, occupied + spare);
        s.postcode = Some(places.points[*point as usize].postcode.to_string());
        s.min_age = Some(0);
        s.max_age = Some(17);
        s.own_children = *occupied;
        s.kinship = *kinship;
        let class = match (provider.as_str(), kinship) {
            (_, true) => "foster_kinship",
            ("LA", false) => "foster_in_house",
            _ => "foster_agency",
        };
        commission(&mut detail, &mut s, class);
        household_ids.insert((*point, provider.clone(), *kinship), s.id.clone());
        supply.settings.push(s);
    }
    let ids: std::collections::BTreeSet<String> = supply.settings.iter().map(|s| s.id.clone()).collect();
    for (child, urn) in by_urn_children {
        let setting = format!("{prefix}-S-{urn}");
        if ids.contains(&setting) {
            supply.occupants.push(Occupant { child, setting });
        }
    }
    for (child, key) in by_household_children {
        supply.occupants.push(Occupant { child, setting: household_ids[&key].clone() });
    }
    supply.occupants.sort_by(|a, b| a.child.cmp(&b.child));
    for (id, ownership) in external {
        let kind = if id.starts_with("CH") {
            "Children's Homes"
        } else if id.starts_with("SA") {
            "Supported Living"
        } else {
            "Fostering"
        };
        supply.providers.push(Provider::new(&id, &format!("Synthetic {kind} {id}"), ownership));
    }
    supply
}

/// Commissioning details of a synthetic setting: its route and price, other
/// authorities' children in its spare places, and its specialisms.
///
/// Assumptions, not published figures: external homes are bought 20% by
/// block, 50% framework, 30% spot, and other authorities fill their spare
/// beds so that about one home in four has a vacancy (homes run below
/// registered capacity, costs §3 "solo placements"); agency households
/// follow the 80/20 framework/spot default mix (`cost::PriceBook::with_default_mix`);
/// one external home in twenty is solo-only; one mainstream foster household
/// in ten is approved for disabled children; specialisms are spread so that
/// a sufficiency gap of each class can arise.
fn commission(rng: &mut ChaCha8Rng, s: &mut Setting, class: &str) {
    let u: f64 = rng.random();
    let route = match class {
        "home_external" if u < 0.2 => Route::Block,
        "home_external" if u < 0.7 => Route::Framework,
        "foster_agency" | "supported" if u < 0.8 => Route::Framework,
        "home_external" | "foster_agency" | "supported" => Route::Spot,
        _ => Route::InHouse,
    };
    s.route = Some(route);
    s.weekly_price = Some(price(class, route));
    let spare = s.places.saturating_sub(s.own_children);
    if matches!(class, "home_external" | "supported") && spare > 0 {
        let vacancy = u32::from(rng.random::<f64>() < 0.25);
        s.other_children = spare - vacancy.min(spare);
    }
    if matches!(class, "foster_in_house" | "foster_agency") && rng.random::<f64>() < 0.1 {
        s.specialisms.push(Specialism::Disability);
    }
    if matches!(class, "home_external" | "home_in_house") {
        let v: f64 = rng.random();
        if v < 0.15 {
            s.specialisms.push(Specialism::Disability);
        } else if v < 0.30 {
            s.specialisms.push(Specialism::MentalHealth);
        } else if v < 0.40 {
            s.specialisms.push(Specialism::Exploitation);
        }
        if class == "home_external" && rng.random::<f64>() < 0.05 && s.own_children + s.other_children <= 1 {
            s.solo = true;
        }
    }
}
