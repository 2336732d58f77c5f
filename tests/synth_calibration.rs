//! Each named profile's synthetic authority matches its profile on the final
//! 31 March, measured with the snapshot functions and the geography module
//! (not the generator's own counters):
//! children in care ±3%, each placement-group and age-band share ±3 points,
//! outside-the-authority and over-20-miles shares ±3 points, starters in the
//! final year ±5%.

use sufficiency::codes::CollectionYear;
use sufficiency::geo::{distance_miles, Postcodes};
use sufficiency::snapshot::{entries, in_care_on, placement_stability, By, SnapshotOptions};
use sufficiency::synth::{synthetic_authority, Authority, Overrides, Profile, AGE_BANDS, GROUPS};

/// The calibration measures, computed from the dataset alone.
#[derive(Debug)]
struct Measured {
    children: u64,
    groups: Vec<(String, f64)>,
    ages: Vec<(String, f64)>,
    outside: f64,
    over_20: f64,
    starters: u64,
    three_plus: f64,
}

fn measure(la: &Authority) -> Measured {
    let ds = &la.dataset;
    let end = la.profile.collection_end;
    let year = CollectionYear::containing(end);
    let opts = SnapshotOptions::default();
    let total = in_care_on(ds, end, By::Total, &opts).total();
    let share = |by: By| -> Vec<(String, f64)> {
        in_care_on(ds, end, by, &opts).rows.into_iter().map(|(k, n)| (k, n as f64 / total as f64)).collect()
    };
    let pcs = Postcodes::new();
    let (mut outside, mut far) = (0u64, 0u64);
    for e in ds.episodes().iter().filter(|e| e.is_open_on(end)) {
        let placed = pcs.resolve(e.placement_postcode.as_deref().expect("every placement has a postcode")).unwrap();
        let home = e.home_postcode.as_deref().map(|h| pcs.resolve(h).unwrap());
        // PL_LA: the placement's district mapped to its upper-tier authority (ssda903.md §6).
        let placed_la = placed.placement_la().map(|p| p.as_str().to_string());
        let home_la = if la.profile.is_national() {
            home.as_ref().and_then(|h| h.placement_la()).map(|p| p.as_str().to_string())
        } else {
            Some(la.profile.authority.code.clone())
        };
        if home_la.is_some() && placed_la != home_la {
            outside += 1;
        }
        if let Some(h) = home {
            // The DfE formula: straight line between the two unit postcodes, miles to 1 dp.
            let d = distance_miles(h.grid, placed.grid).get();
            if d > 20.0 {
                far += 1;
            }
        }
    }
    Measured {
        children: total,
        groups: share(By::PlacementGroup),
        ages: share(By::AgeBand),
        outside: outside as f64 / total as f64,
        over_20: far as f64 / total as f64,
        starters: entries(ds, year.start(), year.end(), By::Total, &opts).total(),
        three_plus: placement_stability(ds, year, &opts).share(),
    }
}

fn check(la: &Authority) -> Measured {
    let p = &la.profile;
    let m = measure(la);
    let report = format!("{}: {m:#?}", p.name);
    let target = f64::from(p.children_in_care);
    assert!(
        (m.children as f64 - target).abs() <= 0.03 * target,
        "children in care {} vs {target}\n{report}",
        m.children
    );
    for g in GROUPS {
        let got = m.groups.iter().find(|(k, _)| k == g).map(|(_, s)| *s).unwrap_or(0.0);
        assert!((got - p.group_share(g)).abs() <= 0.03, "{g}: {got:.3} vs {:.3}\n{report}", p.group_share(g));
    }
    for b in AGE_BANDS {
        let got = m.ages.iter().find(|(k, _)| k == b).map(|(_, s)| *s).unwrap_or(0.0);
        let want = p.age_mix.iter().find(|(k, _)| k == b).unwrap().1;
        assert!((got - want).abs() <= 0.03, "age {b}: {got:.3} vs {want:.3}\n{report}");
    }
    assert!(
        (m.outside - p.outside_la_share).abs() <= 0.03,
        "outside LA {:.3} vs {:.3}\n{report}",
        m.outside,
        p.outside_la_share
    );
    assert!(
        (m.over_20 - p.over_20_miles_share).abs() <= 0.03,
        "over 20 miles {:.3} vs {:.3}\n{report}",
        m.over_20,
        p.over_20_miles_share
    );
    let s = f64::from(p.starters_per_year);
    assert!((m.starters as f64 - s).abs() <= 0.05 * s, "starters {} vs {s}\n{report}", m.starters);
    assert!(
        (m.three_plus - p.three_plus_moves_share).abs() <= 0.03,
        "3+ placements {:.3} vs {:.3}\n{report}",
        m.three_plus,
        p.three_plus_moves_share
    );
    m
}

#[test]
fn england_median() {
    let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 5).unwrap();
    let m = check(&la);
    eprintln!("{m:#?}");
}

#[test]
fn county() {
    check(&synthetic_authority(&Profile::named("county").unwrap(), 0, 5).unwrap());
}

#[test]
fn metropolitan() {
    check(&synthetic_authority(&Profile::named("metropolitan").unwrap(), 0, 5).unwrap());
}

#[test]
fn inner_london() {
    check(&synthetic_authority(&Profile::named("inner-london").unwrap(), 0, 5).unwrap());
}

#[test]
fn a_profile_given_by_overrides() {
    let overrides = Overrides {
        children_in_care: Some(640),
        placement_mix: Some(vec![("childrens_home_external".into(), 0.2), ("foster_agency".into(), 0.3)]),
        outside_la_share: Some(0.6),
        over_20_miles_share: Some(0.3),
        uasc_share: Some(0.05),
        three_plus_moves_share: Some(0.15),
        ..Default::default()
    };
    let profile = Profile::named("england-median").unwrap().with(&overrides).unwrap();
    let m = check(&synthetic_authority(&profile, 3, 5).unwrap());
    assert!((m.children as f64 - 640.0).abs() <= 0.03 * 640.0);
}

#[test]
fn other_seeds_calibrate_too() {
    for seed in [1, 2, 99] {
        check(&synthetic_authority(&Profile::named("england-median").unwrap(), seed, 5).unwrap());
    }
}

#[test]
fn far_away_childrens_homes_lie_where_the_supply_is() {
    // statistics.md §8: the North West has more children's-home places per child
    // in care than anywhere (ratio 1.23), London fewer (0.66). Among children in
    // external homes far from home, the North West should hold more per postcode
    // than London.
    use sufficiency::codes::{Place, PlaceProvider};
    let nw = |e: u32, n: u32| (315_000..=410_000).contains(&e) && (360_000..=580_000).contains(&n);
    let london = |e: u32, n: u32| (503_000..=562_000).contains(&e) && (155_000..=201_000).contains(&n);
    let (mut nw_points, mut london_points) = (0f64, 0f64);
    for (_, c) in Postcodes::embedded_sectors().filter(|(_, c)| c.unit.utla.starts_with('E')) {
        let g = c.unit.grid;
        nw_points += f64::from(u8::from(nw(g.easting, g.northing)));
        london_points += f64::from(u8::from(london(g.easting, g.northing)));
    }
    // A smaller country keeps the test quick in a debug build.
    let profile = Profile::named("england")
        .unwrap()
        .with(&Overrides { children_in_care: Some(20_000), ..Default::default() })
        .unwrap();
    let la = synthetic_authority(&profile, 0, 1).unwrap();
    let end = la.profile.collection_end;
    let pcs = Postcodes::new();
    let (mut in_nw, mut in_london) = (0f64, 0f64);
    for e in la.dataset.episodes().iter().filter(|e| e.is_open_on(end) && e.place == Place::K2) {
        if !matches!(e.provider, Some(PlaceProvider::PR4 | PlaceProvider::PR5)) {
            continue;
        }
        let (Some(h), Some(p)) = (e.home_postcode.as_deref(), e.placement_postcode.as_deref()) else { continue };
        let (h, p) = (pcs.resolve(h).unwrap(), pcs.resolve(p).unwrap());
        if distance_miles(h.grid, p.grid).get() > 20.0 {
            in_nw += f64::from(u8::from(nw(p.grid.easting, p.grid.northing)));
            in_london += f64::from(u8::from(london(p.grid.easting, p.grid.northing)));
        }
    }
    let (nw_rate, london_rate) = (in_nw / nw_points, in_london / london_points);
    assert!(nw_rate > 1.4 * london_rate, "NW {in_nw}/{nw_points} vs London {in_london}/{london_points}");
}
