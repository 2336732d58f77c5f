//! Cost engine facts worked out by hand.

use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use sufficiency::codes::CollectionYear;
use sufficiency::cost::{
    cost_avoidance, cost_episodes, cost_projection, high_cost_placements, ActualCost, BlockContract, By, CostOptions,
    HighCostQuery, PriceBook, Route, Uplift, UpliftRule,
};
use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
use sufficiency::ssda903::{read_tables, Dataset, RawTable};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn money(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A return for 2025-26 from (child, DECOM, PLACE, PLACE_PROVIDER, DEC) rows.
fn dataset(rows: &[(&str, &str, &str, &str, &str)]) -> Arc<Dataset> {
    let mut children: Vec<&str> = rows.iter().map(|r| r.0).collect();
    children.dedup();
    let header = RawTable::new(
        "header.csv",
        &["CHILD", "SEX", "DOB"],
        children.iter().map(|c| vec![*c, "M", "01/01/2012"]).collect(),
    );
    let episodes = RawTable::new(
        "episodes.csv",
        &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
        rows.iter()
            .map(|r| vec![r.0, r.1, "S", "C2", "N1", r.2, r.3, r.4, if r.4.is_empty() { "" } else { "E4A" }])
            .collect(),
    );
    Arc::new(read_tables(vec![header, episodes], Some(CollectionYear::new(2026).unwrap())).unwrap())
}

fn book(group: &str, route: Route, weekly: &str) -> PriceBook {
    let mut b = PriceBook::new("test");
    b.add_price(group, route, d(2020, 4, 1), money(weekly));
    b
}

fn by_year(f: &sufficiency::cost::CostForecast) -> Vec<(String, String)> {
    f.table(&[By::FinancialYear]).into_iter().map(|r| (r.keys[0].clone(), r.amount.to_string())).collect()
}

#[test]
fn the_edge_of_care_example_avoids_131652_pounds() {
    // 23 children × 12 weeks × £477 a week (the cost issue's county example).
    let b = book("foster_in_house", Route::InHouse, "477");
    let saved = cost_avoidance(Decimal::from(23), 12, "foster_in_house", d(2025, 5, 5), &b).unwrap();
    assert_eq!(saved.total(), money("131652"));
    assert_eq!(by_year(&saved), [("2025-26".to_string(), "131652.00".to_string())]);
}

#[test]
fn a_placement_crossing_31_march_is_split_to_the_penny() {
    // £333.33 a week, nights 29, 30, 31 March and 1, 2 April.
    let ds = dataset(&[("C1", "29/03/2025", "U4", "PR1", "03/04/2025")]);
    let b = book("foster_in_house", Route::InHouse, "333.33");
    let f = cost_episodes(&ds, d(2025, 1, 1), d(2026, 1, 1), &b, &[], &CostOptions::default()).unwrap();
    // 3 × 333.33 / 7 = 142.855714… → 142.86; 2 × 333.33 / 7 = 95.237142… → 95.24.
    assert_eq!(by_year(&f), [("2024-25".into(), "142.86".into()), ("2025-26".into(), "95.24".into())]);
    // The whole stay, rounded once: 5 × 333.33 / 7 = 238.092857… → 238.09.
    assert_eq!(sufficiency::cost::pence(f.total()).to_string(), "238.09");
}

#[test]
fn february_of_a_leap_year_has_29_nights() {
    let ds =
        dataset(&[("C1", "01/02/2024", "U4", "PR1", "01/03/2024"), ("C2", "01/02/2025", "U4", "PR1", "01/03/2025")]);
    let b = book("foster_in_house", Route::InHouse, "700");
    let f = cost_episodes(&ds, d(2024, 1, 1), d(2026, 1, 1), &b, &[], &CostOptions::default()).unwrap();
    let months: Vec<(String, String)> =
        f.table(&[By::Month]).into_iter().map(|r| (r.keys[0].clone(), r.amount.to_string())).collect();
    assert_eq!(months, [("2024-02".into(), "2900.00".into()), ("2025-02".into(), "2800.00".into())]);
}

#[test]
fn an_uplift_on_1_april_applies_from_that_night() {
    // £700 a week, +10% each 1 April: £770 from 1 April 2025 (set 1 April 2020, so
    // by then uplifted five times: 700 → 770 → 847 → 931.70 → 1024.87 → 1127.36).
    let mut b = PriceBook::new("test");
    b.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), money("700"));
    b.uplifts.push(Uplift { rule: UpliftRule::Fixed { rate: money("0.10") }, group: None, route: None });
    let ds = dataset(&[("C1", "30/03/2025", "U4", "PR1", "03/04/2025")]);
    let f = cost_episodes(&ds, d(2025, 1, 1), d(2026, 1, 1), &b, &[], &CostOptions::default()).unwrap();
    // 2 nights at £100, 2 nights at £110.
    assert_eq!(by_year(&f), [("2024-25".into(), "200.00".into()), ("2025-26".into(), "220.00".into())]);
    // An index (CPI) plus a margin: 3% + 1% = 4% → 728.00 from 1 April 2025.
    b.uplifts[0] = Uplift {
        rule: UpliftRule::Index { series: vec![(2025, money("0.03"))], plus: money("0.01") },
        group: Some("foster_in_house".into()),
        route: None,
    };
    assert_eq!(b.weekly("foster_in_house", Route::InHouse, None, d(2025, 4, 1)), Some(money("728.00")));
    assert_eq!(b.weekly("foster_in_house", Route::InHouse, None, d(2025, 3, 31)), Some(money("700")));
}

#[test]
fn a_block_contract_costs_its_places_filled_or_not() {
    // Three places at £7,000 a week (£1,000 a night) for 2025-26; one child
    // in an external home for 10 nights. A framework price must not be charged.
    let mut b = book("childrens_home_external", Route::Framework, "9999.99");
    b.blocks.push(BlockContract {
        name: "homes block".into(),
        provider: "Acme Care".into(),
        group: "childrens_home_external".into(),
        places: 3,
        weekly: money("7000"),
        start: d(2025, 4, 1),
        end: d(2026, 4, 1),
    });
    let ds = dataset(&[("C1", "10/04/2025", "K2", "PR4", "20/04/2025")]);
    let f = cost_episodes(&ds, d(2025, 4, 1), d(2026, 4, 1), &b, &[], &CostOptions::default()).unwrap();
    let kinds: Vec<(String, String)> = f
        .table(&[By::Route, By::Kind])
        .into_iter()
        .map(|r| (format!("{} {}", r.keys[0], r.keys[1]), r.amount.to_string()))
        .collect();
    // Filled: 10 nights × £1,000. Void: 2 places × 10 nights + 3 places × 355 nights, × £1,000.
    assert_eq!(kinds, [("block placement".into(), "10000.00".into()), ("block void".into(), "1085000.00".into())]);
    assert_eq!(f.total(), money("1095000")); // 3 places × 365 nights × £1,000
}

#[test]
fn finance_records_override_the_book_and_unmatched_ones_are_named() {
    let ds =
        dataset(&[("C1", "01/04/2025", "K2", "PR4", "08/04/2025"), ("C2", "01/04/2025", "K2", "PR4", "08/04/2025")]);
    let b = book("childrens_home_external", Route::Spot, "7000");
    let actual = vec![
        ActualCost {
            child: "c1".into(),
            episode_start: d(2025, 4, 1),
            weekly: money("12600"),
            route: Route::Spot,
            provider: Some("Solo Homes".into()),
        },
        ActualCost {
            child: "C9".into(),
            episode_start: d(2025, 4, 1),
            weekly: money("1"),
            route: Route::Spot,
            provider: None,
        },
    ];
    let f = cost_episodes(&ds, d(2025, 4, 1), d(2026, 4, 1), &b, &actual, &CostOptions::default()).unwrap();
    let by_provider: Vec<(String, String)> =
        f.table(&[By::Provider]).into_iter().map(|r| (r.keys[0].clone(), r.amount.to_string())).collect();
    assert_eq!(by_provider, [("Solo Homes".into(), "12600.00".into()), ("not_recorded".into(), "7000.00".into())]);
    assert_eq!(f.issues.len(), 1);
    assert_eq!((f.issues[0].code.as_str(), f.issues[0].row), ("unmatched_cost", Some(2)));
    // C1 is the one placement at £10,000+ a week: £12,600 of £19,600 spent.
    let hc = high_cost_placements(
        &ds,
        d(2025, 4, 1),
        d(2026, 4, 1),
        &b,
        &actual,
        &CostOptions::default(),
        &HighCostQuery::default(),
    )
    .unwrap();
    assert_eq!((hc.placements, hc.all_placements), (1, 2));
    assert_eq!(hc.spend_share, money("0.6429")); // 12600 / 19600 = 0.642857…
}

#[test]
fn a_missing_price_is_an_issue_naming_the_row_not_a_silent_zero() {
    let ds =
        dataset(&[("C1", "01/04/2025", "U4", "PR1", "08/04/2025"), ("C2", "01/04/2025", "K2", "PR4", "08/04/2025")]);
    let b = book("foster_in_house", Route::InHouse, "700");
    let f = cost_episodes(&ds, d(2025, 4, 1), d(2026, 4, 1), &b, &[], &CostOptions::default()).unwrap();
    assert_eq!(f.total(), money("700"));
    assert_eq!(f.issues.len(), 1);
    let i = &f.issues[0];
    assert_eq!(
        (i.code.as_str(), i.file.as_deref(), i.row, i.child_nights),
        ("no_price", Some("episodes.csv"), Some(2), Decimal::from(7))
    );
    assert!(i.message.contains("childrens_home_external"), "{}", i.message);
}

#[test]
fn a_projection_is_costed_child_by_night_and_joins_actuals_into_an_outturn() {
    // Two children in care all along, nobody moves: the projection holds them.
    let ds = dataset(&[("C1", "01/01/2022", "U4", "PR1", ""), ("C2", "01/01/2022", "K2", "PR4", "")]);
    let model =
        DemandModel::fit(ds.clone(), Window::new(d(2025, 4, 1), d(2025, 9, 30)).unwrap(), DemandConfig::standard())
            .unwrap();
    let p = model.project(None, 12, &Scenario::base()).unwrap();
    let book = PriceBook::national_defaults();
    let future = cost_projection(&p, &book).unwrap();
    // Nights 1 Oct 2025 – 30 Sep 2026. Until 31 March at 2025-26 prices
    // (uplifted 5.5% once from 2024-25): in-house foster 575 → 606.63;
    // external home 80% framework 6,750 → 7,121.25, 20% spot 8,000 → 8,440.00.
    // Then 2026-27: 639.99 (606.63 × 1.055 = 639.99465), 7,512.92 (7,512.91875), 8,904.20.
    let week_2526 = money("606.63") + money("0.8") * money("7121.25") + money("0.2") * money("8440.00");
    let week_2627 = money("639.99") + money("0.8") * money("7512.92") + money("0.2") * money("8904.20");
    assert_eq!(future.total(), (week_2526 * Decimal::from(182) + week_2627 * Decimal::from(183)) / Decimal::from(7));
    let past = cost_episodes(&ds, d(2025, 4, 1), d(2025, 10, 1), &book, &[], &CostOptions::default()).unwrap();
    let outturn = past.join(&future);
    let budget = vec![("2025-26".to_string(), money("400000"))];
    let p = &outturn.pressure(&budget)[0];
    // Actual: 183 nights (1 April – 30 September) at 2025-26 prices.
    let actual = week_2526 * Decimal::from(183) / Decimal::from(7);
    let forecast = week_2526 * Decimal::from(182) / Decimal::from(7);
    assert_eq!(p.actual, sufficiency::cost::pence(actual));
    assert_eq!(p.outturn, sufficiency::cost::pence(actual + forecast));
    assert_eq!(p.pressure, sufficiency::cost::pence(actual + forecast - money("400000")));
}

#[test]
fn no_floating_point_touches_money_in_the_cost_engine() {
    // Every f64 where money lives (the cost engine, the synthetic prices, the
    // Python cost bindings) must be a child count being converted, or a float
    // the caller asked for (money="float"), and marked as such.
    for (name, src) in [
        ("../synth/prices.rs", include_str!("../src/synth/prices.rs")),
        ("../python/cost.rs", include_str!("../src/python/cost.rs")),
        ("engine.rs", include_str!("../src/cost/engine.rs")),
        ("prices.rs", include_str!("../src/cost/prices.rs")),
        ("forecast.rs", include_str!("../src/cost/forecast.rs")),
        ("avoidance.rs", include_str!("../src/cost/avoidance.rs")),
        ("high_cost.rs", include_str!("../src/cost/high_cost.rs")),
        ("money.rs", include_str!("../src/cost/money.rs")),
        ("mod.rs", include_str!("../src/cost/mod.rs")),
    ] {
        for (i, line) in src.lines().enumerate() {
            if line.contains("f64") || line.contains("f32") || line.contains("as_f64") {
                assert!(
                    line.contains("count, not money")
                        || line.contains("float on request")
                        || line.trim_start().starts_with("//")
                        || line.contains("fn children(x: f64)"),
                    "src/cost/{name}:{}: floating point near money: {line}",
                    i + 1
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn months_add_up_exactly_to_financial_years(
        stays in proptest::collection::vec((0i64..700, 1i64..400, 0usize..3), 1..12),
        pounds in 1i64..2_000_000,
        uplift in 0i64..120,
    ) {
        let groups = [("U4", "PR1"), ("K2", "PR4"), ("U1", "PR1")];
        let base = d(2024, 4, 1);
        let rows: Vec<(String, String, &str, &str, String)> = stays
            .iter()
            .enumerate()
            .map(|(i, (s, n, g))| {
                let start = base + chrono::Duration::days(*s);
                let end = start + chrono::Duration::days(*n);
                (format!("C{i}"), start.format("%d/%m/%Y").to_string(), groups[*g].0, groups[*g].1, end.format("%d/%m/%Y").to_string())
            })
            .collect();
        let refs: Vec<(&str, &str, &str, &str, &str)> =
            rows.iter().map(|r| (r.0.as_str(), r.1.as_str(), r.2, r.3, r.4.as_str())).collect();
        let ds = dataset(&refs);
        let mut b = PriceBook::new("prop");
        for g in ["foster_in_house", "childrens_home_external", "foster_kinship"] {
            b.add_price(g, Route::Spot, d(2020, 4, 1), Decimal::new(pounds, 2));
        }
        b.uplifts.push(Uplift { rule: UpliftRule::Fixed { rate: Decimal::new(uplift, 3) }, group: None, route: None });
        let f = cost_episodes(&ds, d(2024, 4, 1), d(2026, 4, 1), &b, &[], &CostOptions::default()).unwrap();
        let months = f.table(&[By::Month]);
        let years = f.table(&[By::FinancialYear]);
        for y in &years {
            let sum: Decimal = months
                .iter()
                .filter(|m| {
                    let (yy, mm): (i32, u32) = (m.keys[0][..4].parse().unwrap(), m.keys[0][5..].parse().unwrap());
                    sufficiency::cost::financial_year(d(yy, mm, 1)) == y.keys[0]
                })
                .map(|m| m.price_nights)
                .sum();
            // Exact: price-nights add without rounding; pounds are price-nights ÷ 7.
            prop_assert_eq!(sum, y.price_nights);
        }
        let all: Decimal = years.iter().map(|y| y.price_nights).sum();
        prop_assert_eq!(sufficiency::cost::accrued(all), f.total());
    }
}

#[test]
fn the_route_mix_can_be_observed_in_finance_records() {
    // Agency foster care: 21 nights bought on the framework, 7 on spot.
    let ds =
        dataset(&[("C1", "01/04/2025", "U4", "PR4", "22/04/2025"), ("C2", "01/04/2025", "U4", "PR4", "08/04/2025")]);
    let rec = |child: &str, route| ActualCost {
        child: child.into(),
        episode_start: d(2025, 4, 1),
        weekly: money("1000"),
        route,
        provider: None,
    };
    let actual = [rec("C1", Route::Framework), rec("C2", Route::Spot)];
    let book = PriceBook::national_defaults().with_observed_mix(
        &ds,
        &actual,
        &CostOptions::default(),
        d(2025, 4, 1),
        d(2026, 4, 1),
    );
    let mut shares = book.shares("foster_agency");
    shares.sort();
    assert_eq!(shares, [(Route::Framework, money("0.75")), (Route::Spot, money("0.25"))]);
}

#[test]
fn in_house_growth_saves_the_price_difference_on_each_child_moved() {
    // Three children with an agency; one new in-house place a day (365.25 a
    // year) moves 1, 2, then all 3 of them: 1 + 2 + 3 × 28 = 87 child-nights in
    // April 2025. 2025-26 prices (2024-25 uplifted 5.5%): agency 80% framework
    // £1,055.00 + 20% spot £1,160.50 = £1,076.10; in-house £606.63 (606.625).
    let ds = dataset(&[
        ("A", "01/01/2025", "U4", "PR4", ""),
        ("B", "01/01/2025", "U4", "PR4", ""),
        ("C", "01/01/2025", "U4", "PR4", ""),
    ]);
    let model =
        DemandModel::fit(ds, Window::new(d(2025, 4, 1), d(2025, 9, 30)).unwrap(), DemandConfig::standard()).unwrap();
    let start = Some(d(2025, 3, 31));
    let base = model.project(start, 1, &Scenario::base()).unwrap();
    let grow = model.project(start, 1, &Scenario::new("grow").in_house_fostering_growth(365.25)).unwrap();
    let book = PriceBook::national_defaults();
    let diff = sufficiency::cost::compare_costs(
        &cost_projection(&base, &book).unwrap(),
        &cost_projection(&grow, &book).unwrap(),
    );
    let saving = Decimal::from(87) * (money("1076.10") - money("606.63")) / Decimal::from(7);
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].difference, sufficiency::cost::pence(-saving));
}
