//! Demand engine facts worked out by hand on small, hand-built returns.

use std::sync::Arc;

use chrono::NaiveDate;
use sufficiency::codes::CollectionYear;
use sufficiency::forecast::{DemandConfig, DemandModel, ExitRoute, Scenario, Window};
use sufficiency::ssda903::{read_tables, Dataset, IssueCode, RawTable};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dataset(children: &[(&str, &str)], episodes: &[[&str; 8]]) -> Arc<Dataset> {
    let header = RawTable::new(
        "header.csv",
        &["CHILD", "SEX", "DOB"],
        children.iter().map(|(c, dob)| vec![*c, "M", *dob]).collect(),
    );
    let rows: Vec<Vec<&str>> =
        episodes.iter().map(|e| vec![e[0], e[1], e[2], e[3], "N1", e[4], e[5], e[6], e[7]]).collect();
    let episodes = RawTable::new(
        "episodes.csv",
        &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
        rows,
    );
    let ds = read_tables(vec![header, episodes], Some(CollectionYear::new(2025).unwrap())).unwrap();
    // Only warnings about the columns these small tables leave out.
    let others: Vec<_> = ds.issues().iter().filter(|i| i.code != IssueCode::MissingColumn).collect();
    assert!(others.is_empty(), "{others:?}");
    Arc::new(ds)
}

fn window() -> Window {
    Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap()
}

/// Three 12-year-olds in in-house foster care; one moves to an agency on
/// 1 July, one goes home on 1 October, one stays. A 3-year-old enters a
/// children's home on 1 September.
fn three_fostered() -> Arc<Dataset> {
    dataset(
        &[("C1", "01/01/2012"), ("C2", "01/01/2012"), ("C3", "01/01/2012"), ("C4", "01/03/2021")],
        &[
            ["C1", "01/01/2024", "S", "C2", "U4", "PR1", "01/07/2024", "X1"],
            ["C1", "01/07/2024", "P", "C2", "U4", "PR4", "", ""],
            ["C2", "01/01/2024", "S", "C2", "U4", "PR1", "01/10/2024", "E4A"],
            ["C3", "01/01/2024", "S", "C2", "U4", "PR1", "", ""],
            ["C4", "01/09/2024", "S", "V2", "K2", "PR4", "", ""],
        ],
    )
}

#[test]
fn pooled_hazards_are_events_over_nights_counted_by_hand() {
    let model = DemandModel::fit(three_fostered(), window(), DemandConfig::standard()).unwrap();
    let r = &model.rates;
    let band = r.states.band_index("10-15").unwrap();
    let in_house = r.states.group_index("foster_in_house").unwrap();
    let agency = r.states.group_index("foster_agency").unwrap();
    // Nights 31 Mar 2024 – 30 Mar 2025 in in-house care: C1 92 (to 30 June),
    // C2 184 (to 30 September), C3 365.
    assert_eq!(r.exposure(band, in_house), 92.0 + 184.0 + 365.0);
    // C1 with the agency from 1 July to 30 March: 273 nights.
    assert_eq!(r.exposure(band, agency), 273.0);
    assert_eq!(r.move_rate(band, in_house, agency), 1.0 / 641.0);
    assert_eq!(r.exit_rate(band, in_house, ExitRoute::ReturnHome), 1.0 / 641.0);
    assert_eq!(r.exit_rate(band, agency, ExitRoute::ReturnHome), 0.0);
    // One entrant, aged 3, in 365 days, placed in an external children's home.
    let small = r.states.band_index("1-4").unwrap();
    let home = r.states.group_index("childrens_home_external").unwrap();
    assert_eq!(r.entry_rate(small), 1.0 / 365.0);
    assert_eq!(r.entry_share(small, home), 1.0);
    assert_eq!(r.entries_per_day(), 1.0 / 365.0);
}

#[test]
fn the_peer_estimator_is_the_mean_of_daily_ratios() {
    let model = DemandModel::fit(three_fostered(), window(), DemandConfig::peer()).unwrap();
    let r = &model.rates;
    let band = r.states.band_index("10-15").unwrap();
    let fostering = r.states.group_index("FOSTERING").unwrap();
    // On 1 October, C2 goes home out of 3 fostered children the night before;
    // every other day has no exit: (1/3) / 365.
    assert!((r.exit_rate(band, fostering, ExitRoute::ReturnHome) - 1.0 / 3.0 / 365.0).abs() < 1e-15);
    // In-house to agency is a move inside FOSTERING: not a hazard.
    assert_eq!(r.move_rate(band, fostering, fostering), 0.0);
}

#[test]
fn daily_age_splits_exposure_on_the_birthday_episode_start_does_not() {
    // One child, in care all year, turns 10 on 15 June 2024.
    let ds = dataset(&[("C1", "15/06/2014")], &[["C1", "01/01/2024", "S", "C2", "U4", "PR1", "", ""]]);
    let daily = DemandModel::fit(ds.clone(), window(), DemandConfig::standard()).unwrap();
    let r = &daily.rates;
    let g = r.states.group_index("foster_in_house").unwrap();
    let (b5, b10) = (r.states.band_index("5-9").unwrap(), r.states.band_index("10-15").unwrap());
    // Nights 31 March – 14 June are at 9 (76 nights); 15 June – 30 March at 10 (289).
    assert_eq!(r.exposure(b5, g), 76.0);
    assert_eq!(r.exposure(b10, g), 289.0);
    let mut peer = DemandConfig::peer();
    peer.groups = DemandConfig::standard().groups;
    let fixed = DemandModel::fit(ds, window(), peer).unwrap();
    let r = &fixed.rates;
    // Aged 9.55 at the episode's start: all 365 nights in the 5-10 bracket.
    assert_eq!(r.exposure(r.states.band_index("5-9").unwrap(), g), 365.0);
}

#[test]
fn a_child_changes_band_on_their_birthday_and_leaves_care_at_18() {
    // No moves, exits or entries in the window: the projection is pure ageing.
    let ds = dataset(
        &[("C1", "15/06/2015"), ("C2", "01/07/2007")],
        &[["C1", "01/01/2024", "S", "C2", "U4", "PR1", "", ""], ["C2", "01/01/2024", "S", "C2", "U4", "PR1", "", ""]],
    );
    let mut cfg = DemandConfig::standard();
    cfg.staying_put_share = Some(0.25);
    let model = DemandModel::fit(ds, window(), cfg).unwrap();
    let p = model.project(None, 12, &Scenario::base()).unwrap();
    let s = &p.states;
    let g = s.group_index("foster_in_house").unwrap();
    let (b5, b10, b16) = (s.band_index("5-9").unwrap(), s.band_index("10-15").unwrap(), s.band_index("16-17").unwrap());
    let t = |date| p.day_of(date).unwrap();
    assert_eq!(p.children(t(d(2025, 6, 14)), b5, g), 1.0);
    assert_eq!(p.children(t(d(2025, 6, 14)), b10, g), 0.0);
    assert_eq!(p.children(t(d(2025, 6, 15)), b5, g), 0.0);
    assert_eq!(p.children(t(d(2025, 6, 15)), b10, g), 1.0);
    // C2 turns 18 on 1 July 2025: in care the night before, gone that night.
    assert_eq!(p.children(t(d(2025, 6, 30)), b16, g), 1.0);
    assert_eq!(p.children(t(d(2025, 7, 1)), b16, g), 0.0);
    let day = t(d(2025, 7, 1));
    assert_eq!(p.exits_by(day, b16, g, ExitRoute::StayingPut), 0.25);
    assert_eq!(p.exits_by(day, b16, g, ExitRoute::Independence), 0.75);
    assert_eq!(p.total(p.days), 1.0);
}

#[test]
fn a_backtest_of_a_population_that_never_changes_is_exact() {
    // Two children in care throughout 2023-25, nobody moves: every method is right.
    let ds = dataset(
        &[("C1", "01/01/2012"), ("C2", "01/01/2013")],
        &[["C1", "01/01/2022", "S", "C2", "U4", "PR1", "", ""], ["C2", "01/01/2022", "S", "C2", "K2", "PR4", "", ""]],
    );
    let half_year = Window::new(d(2024, 10, 1), d(2025, 3, 31)).unwrap();
    let model = DemandModel::fit(ds, half_year, DemandConfig::standard()).unwrap();
    let bt = model.backtest(3).unwrap();
    assert_eq!(bt.origin, d(2024, 12, 31));
    assert_eq!(bt.points, [d(2025, 1, 31), d(2025, 2, 28), d(2025, 3, 31)]);
    // Seven months back would need nights before this single return's year begins.
    let err = model.backtest(7).unwrap_err().to_string();
    assert!(err.contains("2024-04-01"), "{err}");
    for method in ["model", "flat", "linear"] {
        let e = bt.error(method, "total").unwrap();
        assert!(e.mape.abs() < 1e-9 && e.mean_error.abs() < 1e-9, "{method}: {e:?}");
    }
}

#[test]
fn scenarios_name_what_they_change_and_refuse_unknown_groups() {
    let model = DemandModel::fit(three_fostered(), window(), DemandConfig::standard()).unwrap();
    let err = model.project(None, 12, &Scenario::new("typo").move_times("foster", "foster_agency", 2.0)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("'foster'") && msg.contains("foster_in_house"), "{msg}");
    // Doubling entries doubles the entrants a year: 2 where the base has 1.
    let base = model.project(None, 12, &Scenario::base()).unwrap();
    let more = model.project(None, 12, &Scenario::new("x2").entries_times(2.0)).unwrap();
    let entries = |p: &sufficiency::forecast::Projection| (1..=p.days).map(|t| p.entries_on(t)).sum::<f64>();
    assert!((entries(&base) - 365.0 / 365.0).abs() < 1e-9);
    assert!((entries(&more) - 2.0).abs() < 1e-9);
    // Two a month more: 24 more entrants in the year (365 days × 2 / 30.4375).
    let plus = model.project(None, 12, &Scenario::new("+2").entries_plus(2.0)).unwrap();
    assert!((entries(&plus) - 1.0 - 365.0 * 2.0 * 12.0 / 365.25).abs() < 1e-9);
}

#[test]
fn an_entry_trend_is_the_least_squares_line_through_daily_entries() {
    // Entries on 1-4 April 2024: 0, 1, 1, 2. Against day 0..3 the least-squares
    // slope is Σ(x-1.5)(y-1) / Σ(x-1.5)² = 3 / 5 = 0.6 a day, through 1 a day at
    // day 1.5; so on 5 April (day 4) the rate is 1 + 0.6 × 2.5 = 2.5.
    let ds = dataset(
        &[("A", "01/01/2012"), ("B", "01/01/2012"), ("C", "01/01/2012"), ("D", "01/01/2012")],
        &[
            ["A", "02/04/2024", "S", "C2", "U4", "PR1", "", ""],
            ["B", "03/04/2024", "S", "C2", "U4", "PR1", "", ""],
            ["C", "04/04/2024", "S", "C2", "U4", "PR1", "", ""],
            ["D", "04/04/2024", "S", "C2", "U4", "PR1", "", ""],
        ],
    );
    let mut cfg = DemandConfig::standard();
    cfg.entry_trend = true;
    let w = Window::new(d(2024, 4, 1), d(2024, 4, 4)).unwrap();
    let model = DemandModel::fit(ds.clone(), w, cfg).unwrap();
    let p = model.project(None, 1, &Scenario::base()).unwrap();
    assert!((p.entries_on(1) - 2.5).abs() < 1e-12, "{}", p.entries_on(1));
    assert!((p.entries_on(2) - 3.1).abs() < 1e-12, "{}", p.entries_on(2));
    // Without the trend: 4 entrants in 4 days, one a day.
    let flat = DemandModel::fit(ds, w, DemandConfig::standard()).unwrap();
    assert_eq!(flat.project(None, 1, &Scenario::base()).unwrap().entries_on(1), 1.0);
}

#[test]
fn in_house_growth_moves_agency_placements_a_place_at_a_time() {
    // Three children with an agency, nobody moves: 365.25 places a year is one
    // a day, capped at the three there are.
    let ds = dataset(
        &[("A", "01/01/2012"), ("B", "01/01/2012"), ("C", "01/01/2012")],
        &[
            ["A", "01/01/2024", "S", "C2", "U4", "PR4", "", ""],
            ["B", "01/01/2024", "S", "C2", "U4", "PR4", "", ""],
            ["C", "01/01/2024", "S", "C2", "U4", "PR4", "", ""],
        ],
    );
    let model = DemandModel::fit(ds, window(), DemandConfig::standard()).unwrap();
    let p = model.project(None, 1, &Scenario::new("grow").in_house_fostering_growth(365.25)).unwrap();
    let s = &p.states;
    let (agency, in_house) = (s.group_index("foster_agency").unwrap(), s.group_index("foster_in_house").unwrap());
    let moved: Vec<f64> = (0..5).map(|t| p.group_total(t, in_house)).collect();
    assert_eq!(moved, [0.0, 1.0, 2.0, 3.0, 3.0]);
    assert_eq!(p.group_total(4, agency), 0.0);
    assert_eq!(p.total(4), 3.0);
}

#[test]
fn a_breakdown_step_up_moves_that_share_of_breakdown_moves_to_childrens_homes() {
    // Two 12-year-olds move from in-house to agency foster care; C1's carer
    // asked for the placement to end (CREQB), C2's move was planned.
    let header = RawTable::new(
        "header.csv",
        &["CHILD", "SEX", "DOB"],
        vec![vec!["C1", "M", "01/01/2012"], vec!["C2", "M", "01/01/2012"]],
    );
    let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE"];
    let episodes = RawTable::new(
        "episodes.csv",
        &cols,
        vec![
            vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/07/2024", "X1", ""],
            vec!["C1", "01/07/2024", "P", "C2", "N1", "U4", "PR4", "", "", "CREQB"],
            vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "X1", ""],
            vec!["C2", "01/10/2024", "P", "C2", "N1", "U4", "PR4", "", "", "CARPL"],
        ],
    );
    let ds = read_tables(vec![header, episodes], Some(CollectionYear::new(2025).unwrap())).unwrap();
    let model = DemandModel::fit(Arc::new(ds), window(), DemandConfig::standard()).unwrap();
    let s = &model.rates.states;
    let (b, ih, ag, home) = (
        s.band_index("10-15").unwrap(),
        s.group_index("foster_in_house").unwrap(),
        s.group_index("foster_agency").unwrap(),
        s.group_index("childrens_home_external").unwrap(),
    );
    // In-house nights: C1 92 (to 30 June) + C2 184 (to 30 September) = 276.
    assert_eq!(model.rates.move_rate(b, ih, ag), 2.0 / 276.0);
    assert_eq!(model.rates.breakdown_share(b, ih, ag), 0.5);
    let half = model.rates_under(&Scenario::new("step up").breakdown_step_up(0.5)).unwrap();
    // Half of the one breakdown's share (1/276) goes to a children's home instead.
    assert!((half.move_rate(b, ih, ag) - 1.5 / 276.0).abs() < 1e-15);
    assert!((half.move_rate(b, ih, home) - 0.5 / 276.0).abs() < 1e-15);
    assert!(model.rates_under(&Scenario::new("bad").breakdown_step_up(1.5)).is_err());
}

#[test]
fn a_day_in_care_without_a_night_is_neither_an_entry_nor_a_lost_exit() {
    let ds = dataset(
        &[("C1", "01/01/2012"), ("C2", "01/01/2012"), ("C3", "01/01/2012")],
        &[
            // Looked after for part of one day, never overnight.
            ["C1", "01/06/2024", "S", "V2", "U4", "PR1", "01/06/2024", "E4A"],
            // Goes home from foster care on a same-day episode that records a new legal status.
            ["C2", "01/01/2024", "S", "C1", "U4", "PR1", "01/10/2024", "X1"],
            ["C2", "01/10/2024", "L", "C2", "U4", "PR1", "01/10/2024", "E4A"],
            // Enters foster care and stays.
            ["C3", "01/09/2024", "S", "V2", "U4", "PR1", "", ""],
        ],
    );
    let model = DemandModel::fit(ds.clone(), window(), DemandConfig::standard()).unwrap();
    let r = &model.rates;
    let band = r.states.band_index("10-15").unwrap();
    let in_house = r.states.group_index("foster_in_house").unwrap();
    // One entrant (C3); C1 never spent a night in care.
    assert_eq!(r.entries_per_day(), 1.0 / 365.0);
    // C2's exit home counts, from foster care: nights C2 184 (31 March – 30 September)
    // + C3 211 (1 September – 30 March).
    assert_eq!(r.exposure(band, in_house), 184.0 + 211.0);
    assert_eq!(r.exit_rate(band, in_house, ExitRoute::ReturnHome), 1.0 / 395.0);
    // Projected from C3 alone on 31 March 2025: one entrant a year (not two),
    // and C3 leaves at one in 395 a night.
    let p = model.project(None, 12, &Scenario::base()).unwrap();
    assert_eq!(p.total(0), 1.0);
    assert!((p.entries_on(1) - 1.0 / 365.0).abs() < 1e-15);
    assert!((p.exits_on(1) - 1.0 / 395.0).abs() < 1e-15);
    // The peer's rules count every episode as it is: two entrants (C1, C3) over 364 days.
    let peer = DemandModel::fit(ds, window(), DemandConfig::peer()).unwrap();
    assert!((peer.rates.entries_per_day() - 2.0 / 364.0).abs() < 1e-15);
}
