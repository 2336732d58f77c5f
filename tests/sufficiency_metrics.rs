//! Sufficiency metrics on a hand-built authority: four children on a plane
//! of made-up postcodes, so every measure is a hand count.

use chrono::NaiveDate;
use sufficiency::geo::{GridRef, Postcodes};
use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
use sufficiency::ssda903::{read_tables, RawTable};
use sufficiency::sufficiency::{metrics, MetricsInputs};

const STOCKPORT: &str = "E08000007";
const MANCHESTER: &str = "E08000003";
const MILE_M: f64 = 1_609.3;

/// Postcodes `x` miles east of SK1 1AA, in the authority given.
fn plane() -> Postcodes {
    let mut p = Postcodes::new();
    for (pc, east, la) in [
        ("SK1 1AA", 0.0, STOCKPORT),
        ("SK4 1AA", 2.0, STOCKPORT),
        ("SK2 1AA", 5.0, STOCKPORT),
        ("SK3 1AA", 10.0, STOCKPORT),
        ("M2 1AA", 25.0, MANCHESTER),
        ("M1 1AA", 30.0, MANCHESTER),
    ] {
        p.insert(pc, GridRef::new(400_000 + (east * MILE_M).round() as u32, 300_000), Some(la));
    }
    p
}

#[test]
fn metrics_on_a_hand_built_authority() {
    let header = RawTable::new(
        "header.csv",
        &["CHILD", "SEX", "DOB"],
        vec![
            vec!["C1", "M", "01/01/2012"],
            vec!["C2", "F", "01/01/2010"],
            vec!["C3", "M", "01/01/2009"],
            vec!["C4", "F", "01/01/2020"],
        ],
    );
    let cols = [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
    ];
    let ep = |c: &str, from: &str, rne: &str, place: &str, pr: &str, to: &str, rec: &str, why: &str, pl: &str| {
        vec![c, from, rne, "C2", "N1", place, pr, to, rec, why, "SK1 1AA", pl]
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let episodes = RawTable::new(
        "episodes.csv",
        &cols,
        vec![
            // C1: fostered in-house, three placements in 2024/25, now 5 miles away.
            ep("C1", "01/04/2024", "S", "U4", "PR1", "01/08/2024", "X1", "", "SK2 1AA"),
            ep("C1", "01/08/2024", "P", "U4", "PR1", "01/12/2024", "X1", "CARPL", "SK3 1AA"),
            ep("C1", "01/12/2024", "P", "U4", "PR1", "", "", "CARPL", "SK2 1AA"),
            // C2: agency foster care in Manchester, 30 miles.
            ep("C2", "01/06/2024", "S", "U4", "PR4", "", "", "", "M1 1AA"),
            // C3: an external children's home in Manchester, 25 miles.
            ep("C3", "01/01/2025", "S", "K2", "PR4", "", "", "", "M2 1AA"),
            // C4: with kin, in Stockport, 2 miles.
            ep("C4", "01/02/2025", "S", "U1", "PR1", "", "", "", "SK4 1AA"),
        ],
    );
    let ds = read_tables(vec![header, episodes], None).unwrap();
    // Only warnings for the columns this test leaves out (ETHNIC, UPN, URN, ...): no row rejected.
    assert!(ds.issues().iter().all(|i| i.row.is_none()), "{:?}", ds.issues());

    // The council's own provision: a 4-bed home with one other council's
    // child, and foster households with 3 places holding C1.
    let mut home = Setting::new("H1", "LA", SettingKind::ChildrensHome, 4);
    home.postcode = Some("SK3 1AA".into());
    home.other_children = 1;
    let mut carers = Setting::new("F1", "LA", SettingKind::FosterHousehold, 3);
    carers.postcode = Some("SK2 1AA".into());
    carers.own_children = 1;
    let supply = Supply {
        providers: vec![Provider::new("LA", "Own", Ownership::OwnAuthority)],
        settings: vec![home, carers],
        authority: Some(STOCKPORT.into()),
        occupants: Vec::new(),
    };

    let pcs = plane();
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let inputs = MetricsInputs { supply: Some(&supply), population: Some(20_000), postcodes: Some(&pcs), prices: None };
    let m = metrics(&ds, on, None, inputs);

    assert_eq!(m.children_in_care, 4);
    assert_eq!(m.rate_per_10k, Some(2.0)); // 4 / 20,000 x 10,000
    assert_eq!(m.family_based_share(), Some(0.75)); // C1, C2, C4 fostered; C3 in a home
    assert_eq!((m.own_provision, m.external), (2, 2));
    assert_eq!(m.in_house_share(), Some(0.5));
    assert_eq!(m.location.outside_share(), 0.5); // C2 and C3 in Manchester
    assert_eq!(m.location.over_20_share(), 0.5); // 30 and 25 miles
    assert_eq!(m.location.mean_miles, Some(15.5)); // (5 + 30 + 25 + 2) / 4
    assert_eq!(m.location.median_miles, Some(15.0)); // (5 + 25) / 2
    assert_eq!((m.three_plus_placements, m.stability_children), (1, 4)); // C1 only
    assert_eq!(m.home_occupancy(), Some(0.25)); // 1 of 4 beds
    assert_eq!((m.in_house_foster_filled, m.in_house_foster_places), (1, 3));
    // One other council's child placed in; two of ours placed out.
    assert_eq!((m.placed_in_by_others, m.placed_out, m.net_placements()), (1, 2, -1));
}

#[test]
fn placed_with_parents_is_a_provider_not_a_missing_one() {
    // C1 in-house foster care (PR1); C2 placed with parents (P1, PR0); C3 in
    // agency foster care with no provider recorded. The DfE's provider table
    // counts "Parents" apart from "Not reported" (statistics.md §3): the
    // in-house share is C1 of the two with a provider, C1 and C2.
    let header = RawTable::new(
        "header.csv",
        &["CHILD", "SEX", "DOB"],
        vec![vec!["C1", "M", "01/01/2012"], vec!["C2", "F", "01/01/2015"], vec!["C3", "M", "01/01/2011"]],
    );
    let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    let episodes = RawTable::new(
        "episodes.csv",
        &cols,
        vec![
            vec!["C1", "01/06/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
            vec!["C2", "01/06/2024", "S", "C2", "N1", "P1", "PR0", "", ""],
            vec!["C3", "01/06/2024", "S", "C2", "N1", "U4", "", "", ""],
        ],
    );
    let ds = read_tables(vec![header, episodes], None).unwrap();
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let m = metrics(&ds, on, None, MetricsInputs::default());
    assert_eq!(m.children_in_care, 3);
    assert_eq!((m.own_provision, m.with_parents_provider, m.provider_not_recorded), (1, 1, 1));
    assert_eq!(m.in_house_share(), Some(0.5));
}
