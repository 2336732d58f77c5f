//! The synthetic authority's supply: its own homes and fostering households,
//! and the external homes, agencies and supported-accommodation services its
//! children were placed with, each at a real postcode.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::model::{Ownership, Provider, Setting, SettingKind, Supply};

use super::generate::Plan;
use super::places::Places;

/// Builds providers and settings from where the children in care on the last day live.
pub(crate) fn build(
    rng: &mut ChaCha8Rng,
    plans: &[Plan],
    places: &Places,
    la_name: &str,
    urns: &BTreeMap<(u32, &'static str), String>,
) -> Supply {
    let mut supply = Supply::default();
    supply.providers.push(Provider::new("LA", &format!("{la_name} (own provision)"), Ownership::OwnAuthority));
    let mut external: BTreeMap<String, Ownership> = BTreeMap::new();
    // Settings with an Ofsted URN (homes, secure, supported): one per URN.
    let mut by_urn: BTreeMap<String, (u32, &'static str, u32)> = BTreeMap::new();
    for ((point, class), urn) in urns {
        by_urn.insert(urn.clone(), (*point, class, 0));
    }
    // Fostering households: one per (placement point, provider), occupied by children in care on the last day.
    let mut households: BTreeMap<(u32, String, bool), u32> = BTreeMap::new();
    for plan in plans.iter().filter(|p| p.end.is_none()) {
        let current = plan.placements.last().expect("a placement");
        if let Some(urn) = &current.urn {
            if let Some(e) = by_urn.get_mut(urn) {
                e.2 += 1;
            }
        }
        match current.group {
            "foster_in_house" | "foster_kinship" => {
                *households.entry((current.point, "LA".into(), current.group == "foster_kinship")).or_default() += 1
            }
            "foster_agency" => {
                // Each agency has one URN; the agency is named after it.
                let agency = format!("IFA-{}", current.urn.as_deref().unwrap_or("UNKNOWN"));
                *households.entry((current.point, agency, false)).or_default() += 1
            }
            _ => {}
        }
    }
    for (urn, (point, class, occupied)) in &by_urn {
        let (kind, provider, capacity, ages) = match *class {
            "home_in_house" => (SettingKind::ChildrensHome, "LA".to_string(), rng.random_range(2..=6), (8, 17)),
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
        let mut s = Setting::new(&format!("S-{urn}"), &provider, kind, capacity.max(*occupied));
        s.urn = Some(urn.clone());
        s.postcode = Some(places.points[*point as usize].postcode.to_string());
        s.min_age = Some(ages.0);
        s.max_age = Some(ages.1);
        supply.settings.push(s);
    }
    for (i, ((point, provider, kinship), occupied)) in households.iter().enumerate() {
        if provider != "LA" {
            let voluntary = provider.bytes().last().is_some_and(|b| b % 6 == 0);
            external.insert(provider.clone(), if voluntary { Ownership::Voluntary } else { Ownership::Private });
        }
        // Approved places: the children there plus, for mainstream carers, sometimes a vacancy.
        let spare = if *kinship { 0 } else { u32::from(rng.random::<f64>() < 0.3) };
        let mut s = Setting::new(&format!("F{:06}", i + 1), provider, SettingKind::FosterHousehold, occupied + spare);
        s.postcode = Some(places.points[*point as usize].postcode.to_string());
        s.min_age = Some(0);
        s.max_age = Some(17);
        supply.settings.push(s);
    }
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
