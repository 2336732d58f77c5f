//! Snapshot facts on a hand-built authority whose answers were counted by hand
//! (the comments give each child's story and where it is counted).

mod common;

use chrono::NaiveDate;
use common::*;
use sufficiency::codes::CollectionYear;
use sufficiency::snapshot::{entries, in_care_on, leavers, placement_stability, By, SnapshotOptions};
use sufficiency::ssda903::{read_ssda903, Dataset};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn authority() -> (tempfile::TempDir, Dataset) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("2025");
    write(
        &dir,
        "header.csv",
        &[
            HEADER,
            &child("C1", "M", "01/06/2010"),
            &child("C2", "F", "15/03/2024"),
            &child("C3", "F", "01/01/2008"),
            &child("C4", "M", "01/01/2015"),
            &child("C5", "M", "01/02/2025"),
            &child("C6", "F", "01/01/2012"),
            &child("C7", "M", "01/09/2009"),
            &child("C8", "F", "01/02/2007"),
        ],
    );
    write(
        &dir,
        "episodes.csv",
        &[
            EPISODES,
            // C1: in-house foster since 2023, still there. Age 14 on 31/03/2025.
            &ep("C1", "01/01/2023", "S", "C2", "U4", "PR1", "", ""),
            // C2: kinship foster from 01/04/2024 (an entrant, under 1 at entry, 1 on 31 March).
            &ep("C2", "01/04/2024", "S", "C1", "U1", "PR1", "", ""),
            // C3: entered at 16 into an external home, moved to an in-house home, then supported accommodation.
            &ep("C3", "01/06/2024", "S", "V2", "K2", "PR4", "01/09/2024", "X1"),
            &ep("C3", "01/09/2024", "P", "V2", "K2", "PR1", "01/12/2024", "X1"),
            &ep("C3", "01/12/2024", "P", "V2", "K3", "PR4", "", ""),
            // C4: entered aged 9, went home on 31/03/2025 (so not in care that night).
            &ep("C4", "01/05/2024", "S", "V2", "U4", "PR4", "31/03/2025", "E4A"),
            // C5: a baby placed with parents.
            &ep("C5", "10/02/2025", "S", "C1", "P1", "PR0", "", ""),
            // C6: a series of short breaks: left out of DfE counts by default.
            &ep("C6", "01/04/2024", "S", "V3", "K2", "PR1", "", ""),
            // C7: agency foster since 2020, legal-status change before the year, two moves in it.
            &ep("C7", "01/01/2020", "S", "V2", "U4", "PR4", "01/03/2024", "X1"),
            &ep("C7", "01/03/2024", "L", "C2", "U4", "PR4", "01/06/2024", "X1"),
            &ep("C7", "01/06/2024", "P", "C2", "U5", "PR4", "01/02/2025", "X1"),
            &ep("C7", "01/02/2025", "P", "C2", "U6", "PR1", "", ""),
            // C8: turned 18 on 01/02/2025 and stayed put.
            &ep("C8", "01/01/2024", "S", "C2", "U4", "PR1", "01/02/2025", "E17"),
        ],
    );
    let ds = read_ssda903(&[&dir], None).unwrap();
    (tmp, ds)
}

#[test]
fn fixture_reads_cleanly() {
    let (_t, ds) = authority();
    assert!(ds.issues().is_empty(), "{:#?}", ds.issues());
    assert_eq!(ds.children().len(), 8);
    assert_eq!(ds.episodes().len(), 13);
    assert_eq!(ds.periods().len(), 8);
}

#[test]
fn in_care_on_31_march_by_group_and_age() {
    let (_t, ds) = authority();
    let opts = SnapshotOptions::default();
    let on = d(2025, 3, 31);
    let groups = in_care_on(&ds, on, By::PlacementGroup, &opts);
    assert_eq!(groups.total(), 5); // C1, C2, C3, C5, C7
    assert_eq!(groups.get("foster_in_house"), 2); // C1, C7
    assert_eq!(groups.get("foster_kinship"), 1); // C2
    assert_eq!(groups.get("supported"), 1); // C3
    assert_eq!(groups.get("with_parents"), 1); // C5
    assert_eq!(groups.get("childrens_home_in_house"), 0); // C6 is a short break

    let ages = in_care_on(&ds, on, By::AgeBand, &opts);
    let rows: Vec<(&str, u64)> = ages.rows.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(rows, vec![("under 1", 1), ("1-4", 1), ("5-9", 0), ("10-15", 2), ("16+", 1)]);

    let with_breaks = SnapshotOptions { include_short_breaks: true, ..Default::default() };
    assert_eq!(in_care_on(&ds, on, By::PlacementGroup, &with_breaks).get("childrens_home_in_house"), 1);
    assert_eq!(in_care_on(&ds, on, By::Total, &with_breaks).total(), 6);

    // The day before C4 went home, C4 was in agency foster care.
    assert_eq!(in_care_on(&ds, d(2025, 3, 30), By::PlacementGroup, &opts).get("foster_agency"), 1);
    let legal = in_care_on(&ds, on, By::LegalStatus, &opts);
    assert_eq!((legal.get("C2"), legal.get("C1"), legal.get("V2")), (2, 2, 1));
    let providers = in_care_on(&ds, on, By::Provider, &opts);
    assert_eq!((providers.get("PR1"), providers.get("PR4"), providers.get("PR0")), (3, 1, 1));
}

#[test]
fn entries_and_leavers_in_2024_25() {
    let (_t, ds) = authority();
    let opts = SnapshotOptions::default();
    let starters = entries(&ds, d(2024, 4, 1), d(2025, 3, 31), By::AgeBand, &opts);
    assert_eq!(starters.total(), 4); // C2, C3, C4, C5 (C6's short breaks excluded)
    assert_eq!(starters.get("under 1"), 2); // C2 (aged 0 on entry), C5
    assert_eq!(starters.get("5-9"), 1); // C4
    assert_eq!(starters.get("16+"), 1); // C3
    let out = leavers(&ds, d(2024, 4, 1), d(2025, 3, 31), &opts);
    assert_eq!(out.rows, vec![("E4A".to_string(), 1), ("E17".to_string(), 1)]);
}

#[test]
fn three_or_more_placements_in_the_year() {
    let (_t, ds) = authority();
    let s = placement_stability(&ds, CollectionYear::new(2025).unwrap(), &SnapshotOptions::default());
    assert_eq!(s.children, 5);
    let mut movers: Vec<&str> = s.three_or_more_children.iter().map(|c| c.as_str()).collect();
    movers.sort();
    assert_eq!(movers, vec!["C3", "C7"]);
    assert!((s.share() - 0.4).abs() < 1e-12);
}
