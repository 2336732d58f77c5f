//! Sufficiency engine facts, each computed independently of the engine: a
//! hand-built authority on a plane of made-up postcodes (so every distance is
//! a hand calculation), gap classes on constructed cases, matchings against
//! brute force, marginal values against re-solving, and regional pooling.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use sufficiency::cost::Route;
use sufficiency::geo::{GridRef, Postcodes};
use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Specialism, Supply};
use sufficiency::sufficiency::{
    assess, assess_region, gaps, match_children, pool, ChildNeed, GapClass, Need, PlacementType, Policy, Suitability,
};

const MILE_M: f64 = 1_609.3;
const STOCKPORT: &str = "E08000007";
const MANCHESTER: &str = "E08000003";

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
}

/// A plane of postcodes: `SK1 1AA` at the origin, the others `x` miles east.
/// Distances are then `x` miles exactly (the DfE formula divides metres by
/// 1,000 and by 1.6093).
fn plane(points: &[(&str, f64, &str)]) -> Postcodes {
    let mut p = Postcodes::new();
    for (pc, miles_east, la) in points {
        p.insert(pc, GridRef::new(400_000 + (miles_east * MILE_M).round() as u32, 300_000), Some(la));
    }
    p
}

fn setting(id: &str, provider: &str, kind: SettingKind, places: u32, postcode: &str) -> Setting {
    let mut s = Setting::new(id, provider, kind, places);
    s.postcode = Some(postcode.to_string());
    s
}

fn supply(settings: Vec<Setting>) -> Supply {
    Supply {
        providers: vec![
            Provider::new("LA", "Own", Ownership::OwnAuthority),
            Provider::new("IFA", "Agency", Ownership::Private),
            Provider::new("CH", "Homes Ltd", Ownership::Private),
        ],
        settings,
        authority: Some(STOCKPORT.into()),
        occupants: Vec::new(),
    }
}

// ---------------------------------------------------------------- gaps

#[test]
fn gap_classes_on_constructed_cases() {
    let pcs = plane(&[("SK1 1AA", 0.0, STOCKPORT), ("SK1 2AA", 3.0, STOCKPORT), ("M1 1AA", 30.0, MANCHESTER)]);
    // Residential, ages 10-15, Stockport: one home with 2 places, both filled by
    // other authorities; a second home in Manchester (not local) with room.
    let mut full = setting("H1", "CH", SettingKind::ChildrensHome, 2, "SK1 2AA");
    full.other_children = 2;
    let far = setting("H2", "CH", SettingKind::ChildrensHome, 3, "M1 1AA");
    // Foster: one local household with 1 place; disability-approved nowhere.
    let carer = setting("F1", "LA", SettingKind::FosterHousehold, 1, "SK1 1AA");
    let s = supply(vec![full, far, carer]);
    let mut disabled = ChildNeed::new("D1", 8, PlacementType::Foster).with_home("SK1 1AA");
    disabled.needs.push(Specialism::Disability);
    let need = Need::named(
        on(),
        vec![
            // Residential 10-15: 3 children, 0 open local places, 2 filled by others:
            // access 2 (the filled places), numerical 1 (beyond every local place).
            ChildNeed::new("R1", 12, PlacementType::Residential).with_home("SK1 1AA"),
            ChildNeed::new("R2", 13, PlacementType::Residential).with_home("SK1 1AA"),
            ChildNeed::new("R3", 14, PlacementType::Residential).with_home("SK1 2AA"),
            // Foster 5-9: one child fits the one open place; the disabled child's
            // need no local foster setting meets: specialist 1.
            ChildNeed::new("F1", 7, PlacementType::Foster).with_home("SK1 1AA"),
            disabled,
        ],
    );
    let g = gaps(&need, &s, &Policy::default(), &pcs);
    let res = g.iter().find(|x| x.placement_type == PlacementType::Residential).unwrap();
    assert_eq!((res.area.as_str(), res.age_band.as_str()), (STOCKPORT, "10-15"));
    assert_eq!((res.need, res.places, res.open, res.occupied_by_others), (3, 2, 0, 2));
    assert_eq!((res.specialist, res.access, res.numerical), (0, 2, 1));
    assert_eq!(res.class(), GapClass::Access);
    let fos = g.iter().find(|x| x.placement_type == PlacementType::Foster).unwrap();
    assert_eq!((fos.need, fos.open, fos.specialist, fos.access, fos.numerical), (2, 1, 1, 0, 0));
    assert_eq!(fos.class(), GapClass::Specialist);
    // With a 40-mile radius the Manchester home is local: 3 more open places, no gap.
    let wide = Policy { area: sufficiency::sufficiency::Area::Radius(40.0), ..Policy::default() };
    let g = gaps(&need, &s, &wide, &pcs);
    let res: Vec<_> = g.iter().filter(|x| x.placement_type == PlacementType::Residential).collect();
    assert!(res.iter().all(|x| x.gap() == 0), "{res:?}");
}

#[test]
fn numerical_gap_when_too_few_places_even_counting_filled_ones() {
    let pcs = plane(&[("SK1 1AA", 0.0, STOCKPORT)]);
    let s = supply(vec![setting("F1", "LA", SettingKind::FosterHousehold, 1, "SK1 1AA")]);
    let kids =
        (0..4).map(|i| ChildNeed::new(&format!("C{i}"), 3, PlacementType::Foster).with_home("SK1 1AA")).collect();
    let g = gaps(&Need::named(on(), kids), &s, &Policy::default(), &pcs);
    assert_eq!((g[0].need, g[0].open, g[0].numerical, g[0].class()), (4, 1, 3, GapClass::Numerical));
}

// ---------------------------------------------------------------- matching

#[test]
fn matching_puts_the_radius_before_the_commissioning_order_and_price() {
    // Children preferring foster, home at the origin. Costs from the default
    // weights (Policy docs), in pounds a week:
    //   F1 in-house at 3 miles:         0 steps x £50 + £575             =    £575
    //   F2 agency framework at 2 miles: 2 steps x £50 + £1,000           =  £1,100
    //   F3 in-house at 25 miles:        5 miles beyond x £500 + £575     =  £3,075
    //   H1 home, spot, at 1 mile:       second best £10,000 + 4 x £50 + £8,000 = £18,200
    let pcs = plane(&[
        ("SK1 1AA", 0.0, STOCKPORT),
        ("SK1 2AA", 3.0, STOCKPORT),
        ("SK1 3AA", 2.0, STOCKPORT),
        ("SK1 4AA", 1.0, STOCKPORT),
        ("SK1 5AA", 25.0, STOCKPORT),
    ]);
    let price = |s: &mut Setting, p: i64| s.weekly_price = Some(Decimal::new(p, 0));
    let mut f1 = setting("F1", "LA", SettingKind::FosterHousehold, 1, "SK1 2AA");
    price(&mut f1, 575);
    let mut f2 = setting("F2", "IFA", SettingKind::FosterHousehold, 1, "SK1 3AA");
    price(&mut f2, 1_000);
    f2.route = Some(Route::Framework);
    let mut f3 = setting("F3", "LA", SettingKind::FosterHousehold, 1, "SK1 5AA");
    price(&mut f3, 575);
    let mut h1 = setting("H1", "CH", SettingKind::ChildrensHome, 1, "SK1 4AA");
    price(&mut h1, 8_000);
    let s = supply(vec![f1, f2, f3, h1]);
    let kids = |n: usize| {
        Need::named(
            on(),
            (0..n).map(|i| ChildNeed::new(&format!("C{i}"), 9, PlacementType::Foster).with_home("SK1 1AA")).collect(),
        )
    };
    let m = match_children(&kids(1), &s, &Policy::default(), &pcs, None);
    assert_eq!((m.placements[0].setting.as_deref(), m.objective), (Some("F1"), 575));
    let m = match_children(&kids(2), &s, &Policy::default(), &pcs, None);
    assert_eq!(m.objective, 575 + 1_100);
    assert_eq!(m.weekly_cost(), Decimal::new(1_575, 0));
    let m = match_children(&kids(3), &s, &Policy::default(), &pcs, None);
    assert_eq!(m.objective, 575 + 1_100 + 3_075);
    let far = m.placements.iter().find(|p| p.setting.as_deref() == Some("F3")).unwrap();
    assert_eq!(far.miles, Some(25.0));
    assert!(far.second_best && far.right_type && far.right_place == Some(false));
    assert_eq!(m.right_type_share(), Some(1.0));
    assert!((m.within_20_share().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    // A fifth child would take the home (second-best type): £18,200 more.
    let m = match_children(&kids(4), &s, &Policy::default(), &pcs, None);
    assert_eq!(m.objective, 575 + 1_100 + 3_075 + 18_200);
    let home = m.placements.iter().find(|p| p.setting.as_deref() == Some("H1")).unwrap();
    assert!(!home.right_type && home.second_best && home.reason.contains("foster"));
    let m = match_children(&kids(5), &s, &Policy::default(), &pcs, None);
    assert_eq!((m.placed(), m.unmet()), (4, 1));
}

#[test]
fn siblings_are_placed_together_where_a_setting_has_room() {
    // Two siblings. F1 (1 place, next door) and F2 (2 places, 10 miles): the
    // optimum alone would split them (F1 + F2, both within 20 miles, equal
    // cost); together they go to F2.
    let pcs = plane(&[("SK1 1AA", 0.0, STOCKPORT), ("SK1 2AA", 10.0, STOCKPORT)]);
    let s = supply(vec![
        setting("F1", "LA", SettingKind::FosterHousehold, 1, "SK1 1AA"),
        setting("F2", "LA", SettingKind::FosterHousehold, 2, "SK1 2AA"),
    ]);
    let mut a = ChildNeed::new("A", 5, PlacementType::Foster).with_home("SK1 1AA");
    let mut b = ChildNeed::new("B", 7, PlacementType::Foster).with_home("SK1 1AA");
    a.sibling_group = Some("G".into());
    b.sibling_group = Some("G".into());
    let m = match_children(&Need::named(on(), vec![a, b]), &s, &Policy::default(), &pcs, None);
    assert_eq!(m.placements[0].setting, m.placements[1].setting);
    assert_eq!(m.placements[0].setting.as_deref(), Some("F2"));
    assert_eq!(m.siblings_together, (1, 0));
}

/// The objective, written out from the documented weights (Policy docs).
fn brute_cost(c: &ChildNeed, s: &Setting, own: bool, d: f64, p: &Policy) -> Option<i64> {
    let t = PlacementType::of(s.kind);
    let suit = c.suitability(t);
    let ok = suit != Suitability::Unsuitable
        && s.min_age.is_none_or(|m| c.age >= m)
        && s.max_age.is_none_or(|m| c.age <= m)
        && c.needs.iter().all(|n| s.specialisms.contains(n))
        && !s.kinship;
    if !ok {
        return None;
    }
    let route = s.route.unwrap_or(if own { Route::InHouse } else { Route::Spot });
    let rank = [Route::InHouse, Route::Block, Route::Framework, Route::Dps, Route::Spot]
        .iter()
        .position(|r| *r == route)
        .unwrap() as i64;
    let price: i64 =
        if p.sunk_routes.contains(&route) { 0 } else { s.weekly_price.map_or(0, |x| x.round().try_into().unwrap()) };
    let mut cost = rank * p.weights.route_step + price;
    if suit == Suitability::Suitable {
        cost += p.weights.second_best_type;
    }
    let tenths = ((d - p.local_radius_miles) * 10.0).round().max(0.0) as i64;
    cost += tenths * p.weights.per_mile_beyond_radius / 10;
    Some(cost)
}

fn brute_force(kids: &[ChildNeed], s: &Supply, dist: &dyn Fn(usize, usize) -> f64, p: &Policy) -> i64 {
    fn go(
        i: usize,
        kids: &[ChildNeed],
        s: &Supply,
        left: &mut Vec<u32>,
        dist: &dyn Fn(usize, usize) -> f64,
        p: &Policy,
    ) -> i64 {
        if i == kids.len() {
            return 0;
        }
        let mut best = p.weights.unmet + go(i + 1, kids, s, left, dist, p);
        for j in 0..s.settings.len() {
            if left[j] == 0 {
                continue;
            }
            let own = s.provider(&s.settings[j].provider).is_some_and(|x| x.ownership == Ownership::OwnAuthority);
            if let Some(c) = brute_cost(&kids[i], &s.settings[j], own, dist(i, j), p) {
                left[j] -= 1;
                best = best.min(c + go(i + 1, kids, s, left, dist, p));
                left[j] += 1;
            }
        }
        best
    }
    let mut left: Vec<u32> = s.settings.iter().map(|x| x.places - x.other_children).collect();
    go(0, kids, s, &mut left, dist, p)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn matching_is_optimal_against_brute_force(
        kids in prop::collection::vec((0u8..18, 0usize..3, 0.0f64..60.0, any::<bool>()), 1..6),
        homes in prop::collection::vec((0usize..3, 1u32..3, 0.0f64..60.0, 0usize..5, 0u32..2, any::<bool>()), 1..5),
    ) {
        let types = [PlacementType::Foster, PlacementType::Residential, PlacementType::Supported];
        let kinds = [SettingKind::FosterHousehold, SettingKind::ChildrensHome, SettingKind::SupportedAccommodation];
        let mut points: Vec<(String, f64)> = Vec::new();
        let children: Vec<ChildNeed> = kids.iter().enumerate().map(|(i, (age, t, x, disabled))| {
            let pc = format!("SK{} 1AA", i + 1);
            points.push((pc.clone(), (x * 10.0).round() / 10.0));
            let mut c = ChildNeed::new(&format!("C{i}"), *age, types[*t]).with_home(&pc);
            if *disabled { c.needs.push(Specialism::Disability); }
            c
        }).collect();
        let mut settings = Vec::new();
        for (j, (k, places, x, route, other, specialist)) in homes.iter().enumerate() {
            let pc = format!("M{} 1AA", j + 1);
            points.push((pc.clone(), (x * 10.0).round() / 10.0));
            let provider = if *route == 0 { "LA" } else { "CH" };
            let mut s = setting(&format!("S{j}"), provider, kinds[*k], *places, &pc);
            s.route = Some(Route::ALL[*route]);
            s.weekly_price = Some(Decimal::new([600, 1_000, 4_000, 6_500, 9_000][*route], 0));
            s.other_children = (*other).min(*places);
            if *specialist { s.specialisms.push(Specialism::Disability); }
            settings.push(s);
        }
        let pcs = plane(&points.iter().map(|(p, x)| (p.as_str(), *x, STOCKPORT)).collect::<Vec<_>>());
        let s = supply(settings);
        let policy = Policy { candidates_per_type: 1, ..Policy::default() };
        let m = match_children(&Need::named(on(), children.clone()), &s, &policy, &pcs, None);
        let xs: Vec<f64> = points.iter().map(|p| p.1).collect();
        let nk = children.len();
        // Both points lie on one east-west line, so the distance is the gap in miles.
        let dist = |i: usize, j: usize| ((xs[i] - xs[nk + j]).abs() * 10.0).round() / 10.0;
        prop_assert_eq!(m.objective, brute_force(&children, &s, &dist, &policy));
        // The rows are feasible and add up to the objective.
        let mut used = vec![0u32; s.settings.len()];
        let mut total = 0i64;
        for (i, p) in m.placements.iter().enumerate() {
            match &p.setting {
                None => total += policy.weights.unmet,
                Some(id) => {
                    let j = s.settings.iter().position(|x| &x.id == id).unwrap();
                    used[j] += 1;
                    let own = s.settings[j].provider == "LA";
                    total += brute_cost(&children[i], &s.settings[j], own, dist(i, j), &policy).expect("eligible");
                }
            }
        }
        prop_assert!(used.iter().zip(&s.settings).all(|(u, x)| *u <= x.places - x.other_children));
        prop_assert_eq!(total, m.objective);
    }
}

// ---------------------------------------------------------------- marginal value

#[test]
fn marginal_values_equal_re_solving_with_one_more_place() {
    let la =
        sufficiency::synth::synthetic_authority(&sufficiency::synth::Profile::named("inner-london").unwrap(), 3, 2)
            .unwrap();
    let need = Need::in_care(&la.dataset, on(), Some(&la.supply));
    let pcs = Postcodes::new();
    let policy = Policy { marginal_resolves: 3, ..Policy::default() };
    let r = assess(&need, &la.supply, None, &policy, &pcs, None);
    assert!(!r.marginal.is_empty());
    for mv in r.marginal.iter().take(3) {
        // Re-solve by hand: the supply plus one in-house place at the district centroid.
        let mut more = la.supply.clone();
        let mut s = Setting::new(
            "extra",
            "LA",
            match mv.placement_type {
                PlacementType::Foster => SettingKind::FosterHousehold,
                PlacementType::Residential => SettingKind::ChildrensHome,
                _ => SettingKind::SupportedAccommodation,
            },
            1,
        );
        s.postcode = Some(mv.area.clone());
        s.route = Some(Route::InHouse);
        s.min_age = Some(if mv.placement_type == PlacementType::Supported { 16 } else { 0 });
        s.max_age = Some(17);
        let own: Vec<Decimal> = la
            .supply
            .settings
            .iter()
            .filter(|x| x.kind == s.kind && !x.kinship && x.provider == "LA")
            .filter_map(|x| x.weekly_price)
            .collect();
        s.weekly_price = Some((own.iter().sum::<Decimal>() / Decimal::from(own.len())).round_dp(2));
        more.settings.push(s);
        let after = match_children(&need, &more, &policy, &pcs, None);
        assert_eq!(r.matching.objective - after.objective, mv.saving, "{mv:?}");
        assert!(mv.saving > 0);
        assert_eq!(mv.placed_change, Some(after.placed() as i64 - r.matching.placed() as i64));
    }
}

// ---------------------------------------------------------------- regions

#[test]
fn pooling_two_authorities_places_more_children_locally() {
    // Stockport's two foster children live at the border (x = 0); Stockport's
    // own carers are 40 miles east. Manchester's spare in-house carers sit 5
    // miles west, across the border; Manchester's one child lives next to them.
    let pcs = plane(&[
        ("SK1 1AA", 0.0, STOCKPORT),
        ("SK9 1AA", 40.0, STOCKPORT),
        ("M1 1AA", -5.0 + 10.0, MANCHESTER), // 5 miles from the border child, in Manchester
    ]);
    let sk_supply = Supply {
        settings: vec![setting("SK-F1", "LA", SettingKind::FosterHousehold, 2, "SK9 1AA")],
        authority: Some(STOCKPORT.into()),
        ..supply(vec![])
    };
    let mut man_carer = setting("M-F1", "MAN", SettingKind::FosterHousehold, 3, "M1 1AA");
    man_carer.route = Some(Route::InHouse);
    let man_supply = Supply {
        providers: vec![Provider::new("MAN", "Manchester", Ownership::OtherAuthority)],
        settings: vec![man_carer],
        authority: Some(MANCHESTER.into()),
        occupants: vec![],
    };
    let sk_need = Need::named(
        on(),
        vec![
            ChildNeed::new("SK-A", 6, PlacementType::Foster).with_home("SK1 1AA"),
            ChildNeed::new("SK-B", 8, PlacementType::Foster).with_home("SK1 1AA"),
        ],
    );
    let man_need = Need::named(on(), vec![ChildNeed::new("M-A", 4, PlacementType::Foster).with_home("M1 1AA")]);
    let policy = Policy::default();
    let region = assess_region(
        "Greater Manchester",
        &[
            (STOCKPORT.into(), sk_need.clone(), sk_supply.clone(), None),
            (MANCHESTER.into(), man_need.clone(), man_supply.clone(), None),
        ],
        &policy,
        &pcs,
        None,
    );
    let alone_within: usize = region
        .members
        .iter()
        .map(|r| r.matching.placements.iter().filter(|p| p.miles.is_some_and(|m| m <= 20.0)).count())
        .sum();
    let pooled_within = region.matching.placements.iter().filter(|p| p.miles.is_some_and(|m| m <= 20.0)).count();
    // Alone: Stockport's children go 40 miles east; Manchester's child next door. 1 local.
    assert_eq!(alone_within, 1);
    // Pooled: all three live within 5 miles of home in Manchester's carers' 3 places.
    assert_eq!(pooled_within, 3);
    let (_, pooled) = pool(&[(sk_need, sk_supply), (man_need, man_supply)]);
    assert_eq!(pooled.settings.len(), 2);
    assert_eq!(region.in_area_share(&pooled, &pcs), Some(1.0));
}

#[test]
fn national_metrics_count_each_child_against_their_own_home_authority() {
    // The national synthetic authority is generated with 44% of children placed
    // outside their home authority (statistics.md §6); England has no boundary
    // of its own, so the measure must not read 100%.
    let la =
        sufficiency::synth::synthetic_authority(&sufficiency::synth::Profile::named("england").unwrap(), 0, 1).unwrap();
    let m = sufficiency::sufficiency::metrics(
        &la.dataset,
        on(),
        None,
        sufficiency::sufficiency::MetricsInputs { supply: Some(&la.supply), ..Default::default() },
    );
    assert_eq!(m.children_in_care, 81_770);
    assert!((m.location.outside_share() - 0.44).abs() < 0.03, "{}", m.location.outside_share());
}

#[test]
fn a_child_under_16_in_supported_accommodation_is_assessed_for_foster_care() {
    use sufficiency::ssda903::{read_tables, RawTable};
    // On 31 March 2025, C1 (born 1 June 2009: 15) and C2 (born 1 June 2008:
    // 16) both live in registered supported accommodation (K3, PR4). K3 is
    // only for 16+ (SSDA903 rule 371), so C1 needs a foster place (a
    // children's home would do); C2 needs supported accommodation.
    let header = RawTable::new(
        "header",
        &["CHILD", "SEX", "DOB"],
        vec![vec!["C1", "F", "01/06/2009"], vec!["C2", "M", "01/06/2008"]],
    );
    let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    let episodes = RawTable::new(
        "episodes",
        &cols,
        vec![
            vec!["C1", "01/02/2025", "S", "V2", "N1", "K3", "PR4", "", ""],
            vec!["C2", "01/02/2025", "S", "V2", "N1", "K3", "PR4", "", ""],
        ],
    );
    let ds = read_tables(vec![header, episodes], None).unwrap();
    let need = Need::in_care(&ds, on(), None);
    assert!(need.not_assessed.is_empty());
    let of = |id: &str| need.children.iter().find(|c| c.child == id).unwrap();
    assert_eq!((of("C1").age, of("C1").preferred()), (15, Some(PlacementType::Foster)));
    assert_eq!(of("C1").suitability(PlacementType::Residential), Suitability::Suitable);
    assert_eq!(of("C1").suitability(PlacementType::Supported), Suitability::Unsuitable);
    assert_eq!((of("C2").age, of("C2").preferred()), (16, Some(PlacementType::Supported)));
    // Both are counted in the gaps: one foster child aged 10-15, one supported 16+.
    let g = gaps(&need, &Supply::default(), &Policy::default(), &Postcodes::new());
    let cell = |t: PlacementType, band: &str| {
        g.iter().filter(|x| x.placement_type == t && x.age_band == band).map(|x| x.need).sum::<u32>()
    };
    assert_eq!((cell(PlacementType::Foster, "10-15"), cell(PlacementType::Supported, "16+")), (1, 1));
}
