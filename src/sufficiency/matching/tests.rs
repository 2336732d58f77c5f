//! The matching's shortcuts against the plain problem: pooling children into
//! classes, and candidate arcs plus the exactness check, must give the
//! optimum of the transport problem with every child and every eligible arc.

use chrono::NaiveDate;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use super::*;
use crate::geo::GridRef;
use crate::model::{Provider, Specialism};

/// A random cohort and supply on a plane of made-up postcodes: children
/// share a few homes (so classes form), settings are spread over about 60
/// miles with random kinds, places, routes, prices, age ranges and flags.
fn case(seed: u64) -> (Need, Supply, Postcodes) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut postcodes = Postcodes::new();
    let mut place = |rng: &mut ChaCha8Rng, pc: &str| {
        let at = GridRef::new(380_000 + rng.random_range(0..100_000), 380_000 + rng.random_range(0..60_000));
        postcodes.insert(pc, at, Some("E08000007"));
    };
    let homes = rng.random_range(1..6);
    for h in 0..homes {
        place(&mut rng, &format!("SK{} 1AA", h + 1));
    }
    let types = [PlacementType::Foster, PlacementType::Residential, PlacementType::Supported];
    let children: Vec<ChildNeed> = (0..rng.random_range(1..40))
        .map(|i| {
            let mut c = ChildNeed::new(&format!("C{i:02}"), rng.random_range(8..18), types[rng.random_range(0..3)]);
            if rng.random_range(0..8) > 0 {
                c = c.with_home(&format!("SK{} 1AA", rng.random_range(0..homes) + 1));
            }
            c.preferred_local = rng.random_range(0..6) > 0;
            if rng.random_range(0..5) == 0 {
                c.needs.push(Specialism::Disability);
            }
            c.solo = rng.random_range(0..10) == 0;
            if rng.random_range(0..10) == 0 {
                c.sibling_group = Some(format!("G{}", rng.random_range(0..3)));
            }
            c
        })
        .collect();
    let kinds = [SettingKind::FosterHousehold, SettingKind::ChildrensHome, SettingKind::SupportedAccommodation];
    let mut supply = Supply {
        providers: vec![
            Provider::new("LA", "Own", Ownership::OwnAuthority),
            Provider::new("CH", "Homes Ltd", Ownership::Private),
        ],
        ..Supply::default()
    };
    for j in 0..rng.random_range(0..25) {
        let provider = if rng.random_range(0..2) == 0 { "LA" } else { "CH" };
        let mut s = Setting::new(&format!("S{j}"), provider, kinds[rng.random_range(0..3)], rng.random_range(1..4));
        if rng.random_range(0..8) > 0 {
            let pc = format!("M{} 1AA", j + 1);
            place(&mut rng, &pc);
            s.postcode = Some(pc);
        }
        s.route = Some(Route::ALL[rng.random_range(0..Route::ALL.len())]);
        s.weekly_price = Some(Decimal::from(rng.random_range(5..60) * 100));
        if rng.random_range(0..3) == 0 {
            (s.min_age, s.max_age) = (Some(rng.random_range(8..13)), Some(rng.random_range(13..18)));
        }
        if rng.random_range(0..4) == 0 {
            s.specialisms.push(Specialism::Disability);
        }
        s.solo = rng.random_range(0..8) == 0;
        s.other_children = rng.random_range(0..2).min(s.places);
        supply.settings.push(s);
    }
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date");
    (Need::named(on, children), supply, postcodes)
}

/// The optimum with one source per child and every eligible arc.
fn plain_optimum(need: &Need, supply: &Supply, policy: &Policy, postcodes: &Postcodes) -> i64 {
    let m = Matcher::pooled(need, supply, policy, postcodes, None, false);
    let n = need.children.len();
    let caps = m.sites.open.iter().map(|&o| i64::from(o)).collect();
    let mut t = Transport::new(vec![1; n], vec![policy.weights.unmet; n], caps);
    for (i, c) in need.children.iter().enumerate() {
        for (j, s) in supply.settings.iter().enumerate() {
            if eligible(c, s) {
                let (cost, _) = arc_cost(
                    c,
                    m.homes[i].as_ref(),
                    m.sites.spot[j].as_ref(),
                    m.sites.base[j],
                    PlacementType::of(s.kind),
                    policy,
                );
                t.add_arc(i, j, cost);
            }
        }
    }
    i64::try_from(t.solve().cost()).expect("fits")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Pooled and unpooled matchings reach the plain optimum, whatever the
    /// number of candidates, and every child gets a row.
    #[test]
    fn classes_and_candidates_give_the_plain_optimum(seed in any::<u64>(), k in 1usize..4) {
        let (need, supply, postcodes) = case(seed);
        let policy = Policy { candidates_per_type: k, ..Policy::default() };
        let want = plain_optimum(&need, &supply, &policy, &postcodes);
        for pool in [true, false] {
            let m = Matcher::pooled(&need, &supply, &policy, &postcodes, None, pool);
            let matching = m.finish(&m.solve());
            prop_assert_eq!(matching.objective, want, "pool {}", pool);
            prop_assert_eq!(matching.placements.len(), need.children.len());
        }
    }
}

/// Pooling shrinks the problem when children are alike.
#[test]
fn alike_children_share_a_class() {
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date");
    let mut postcodes = Postcodes::new();
    postcodes.insert("SK1 1AA", GridRef::new(400_000, 300_000), Some("E08000007"));
    let kid = |id: &str, age: u8| ChildNeed::new(id, age, PlacementType::Foster).with_home("SK1 1AA");
    let mut sibling = kid("C4", 9);
    sibling.sibling_group = Some("G".into());
    let need = Need::named(on, vec![kid("C2", 9), kid("C1", 10), kid("C3", 15), sibling]);
    let mut s = Setting::new("F1", "LA", SettingKind::FosterHousehold, 2);
    s.max_age = Some(12);
    let supply = Supply { settings: vec![s], ..Supply::default() };
    let policy = Policy::default();
    let m = Matcher::new(&need, &supply, &policy, &postcodes, None);
    // 9 and 10 are alike (the only bounds are 13 and 16); 15 is not; the sibling stays alone.
    let mut classes = m.classes.members.clone();
    classes.sort();
    assert_eq!(classes, vec![vec![1, 0], vec![2], vec![3]]);
}
