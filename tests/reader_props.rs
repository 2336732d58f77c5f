//! Property tests: the reader never panics, never loses a row, and reads back
//! exactly what it writes.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use sufficiency::codes::{
    CategoryOfNeed, CollectionYear, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased, ReasonNewEpisode, Sex,
};
use sufficiency::model::{Child, ChildId, Episode};
use sufficiency::ssda903::{read_ssda903, read_tables, return_tables, write_return, RawTable, TableKind};

const EP_COLS: &[&str] = TableKind::Episodes.columns();

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Arbitrary bytes in an episodes file: an error or a dataset, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("header.csv"), "CHILD,SEX,DOB\nC1,M,01/01/2010\n").unwrap();
        let mut content = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n".to_vec();
        content.extend_from_slice(&bytes);
        std::fs::write(tmp.path().join("episodes.csv"), &content).unwrap();
        let _ = read_ssda903(&[tmp.path()], Some(CollectionYear::new(2025).unwrap()));
        std::fs::write(tmp.path().join("episodes.csv"), &bytes).unwrap();
        let _ = read_ssda903(&[tmp.path()], Some(CollectionYear::new(2025).unwrap()));
    }

    /// Rows mixing valid and junk values: every row is accepted or rejected,
    /// and in a single return every accepted episode row is in the dataset.
    #[test]
    fn rows_read_equal_accepted_plus_rejected(rows in proptest::collection::vec(row_strategy(), 0..60)) {
        let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
            vec!["A", "M", "01/01/2010"], vec!["B", "F", "15/07/2015"], vec!["C", "U", "29/02/2008"],
        ]);
        let n = rows.len() as u64;
        let episodes = RawTable { name: "episodes".into(), header: EP_COLS.iter().map(|c| c.to_string()).collect(), rows };
        let ds = read_tables(vec![header, episodes], Some(CollectionYear::new(2025).unwrap())).unwrap();
        let s = ds.summary().iter().find(|s| s.table == TableKind::Episodes).unwrap();
        prop_assert_eq!(s.rows_read, n);
        prop_assert_eq!(s.rows_read, s.rows_accepted + s.rows_rejected);
        prop_assert_eq!(s.rows_accepted as usize, ds.episodes().len());
        let rejected_rows: std::collections::BTreeSet<u64> = ds.issues().iter()
            .filter(|i| i.file == "episodes" && i.severity == sufficiency::ssda903::Severity::Error)
            .filter_map(|i| i.row).collect();
        prop_assert_eq!(rejected_rows.len() as u64, s.rows_rejected);
    }

    /// A valid dataset written as yearly returns and read back is identical, with no issues.
    #[test]
    fn written_returns_read_back_identically(children in proptest::collection::vec(child_strategy(), 1..25)) {
        // Identifiers are drawn at random and may repeat; a repeated child would be
        // merged by the reader (correctly), so keep the first of each.
        let mut seen = std::collections::HashSet::new();
        let children: Vec<_> = children.into_iter().filter(|c| seen.insert(c.0.id.clone())).collect();
        let tables = to_tables(&children);
        let original = read_tables(tables, Some(CollectionYear::new(2025).unwrap())).unwrap();
        prop_assert!(original.issues().is_empty(), "{:#?}", original.issues());
        prop_assert_eq!(original.episodes().len(), children.iter().map(|c| c.1.len()).sum::<usize>());

        // The 2024/25 return alone holds exactly the episodes current in that year.
        let y2025 = CollectionYear::new(2025).unwrap();
        let current = original.episodes().iter().filter(|e| e.start <= y2025.end() && e.end.is_none_or(|d| d >= y2025.start())).count();
        let last = read_tables(return_tables(&original, y2025), Some(y2025)).unwrap();
        prop_assert_eq!(last.episodes().len(), current);

        // One return per year, merged.
        let tmp = tempfile::tempdir().unwrap();
        let years: Vec<u16> = (2019..=2025).collect();
        let mut folders = Vec::new();
        for y in &years {
            let year = CollectionYear::new(*y).unwrap();
            let has = original.episodes().iter().any(|e| e.start <= year.end() && e.end.is_none_or(|d| d >= year.start()));
            if has {
                let dir = tmp.path().join(y.to_string());
                write_return(&original, year, &dir).unwrap();
                folders.push(dir);
            }
        }
        let merged = read_ssda903(&folders, None).unwrap();
        prop_assert!(merged.issues().is_empty(), "{:#?}", merged.issues());
        prop_assert!(merged.same_records(&original));
    }
}

fn row_strategy() -> impl Strategy<Value = Vec<String>> {
    let child = prop_oneof![Just("A"), Just("B"), Just("C"), Just("Z"), Just("")];
    let date = prop_oneof![
        Just("01/05/2024"),
        Just("01/06/2024"),
        Just("15/09/2024"),
        Just("31/02/2024"),
        Just("2024-05-01"),
        Just(""),
        Just("01/01/2026"),
    ];
    let rne = prop_oneof![Just("S"), Just("P"), Just("L"), Just("Q"), Just("")];
    let ls = prop_oneof![Just("C2"), Just("V2"), Just("V3"), Just("XX")];
    let place = prop_oneof![Just("U4"), Just("K2"), Just("T1"), Just("H5"), Just("K3"), Just("Q1"), Just("")];
    let provider = prop_oneof![Just("PR1"), Just("PR4"), Just(""), Just("PR9")];
    let rec = prop_oneof![Just("X1"), Just("E4A"), Just(""), Just("E99")];
    (child, date.clone(), rne, ls, place, provider, date, rec).prop_map(|(c, d, rne, ls, pl, pr, dec, rec)| {
        vec![c, d, rne, ls, "N1", pl, pr, dec, rec, "", "", "", ""].into_iter().map(str::to_string).collect()
    })
}

type GenChild = (Child, Vec<Episode>);

/// A child born 2000–2012 with a valid chain of 1–6 episodes between 2018 and March 2025.
fn child_strategy() -> impl Strategy<Value = GenChild> {
    let places = [Place::U1, Place::U4, Place::U6, Place::K2, Place::K1, Place::P1, Place::A4, Place::R1, Place::T4];
    (
        0u32..100_000,
        0i64..4_500,
        0i64..2_000,
        proptest::collection::vec((1i64..400, 0usize..places.len(), 0usize..6, any::<bool>()), 1..6),
        prop_oneof![Just(None), Just(Some(ReasonEpisodeCeased::E4A)), Just(Some(ReasonEpisodeCeased::E17))],
        any::<bool>(),
    )
        .prop_map(move |(id, dob_off, start_off, spells, ending, uasc)| {
            let dob = NaiveDate::from_ymd_opt(2007, 1, 1).unwrap() + Duration::days(dob_off);
            let mut child = Child::new(ChildId::new(&format!("C{id}")), Sex::Female, dob);
            child.uasc = uasc;
            let mut start =
                NaiveDate::from_ymd_opt(2019, 4, 1).unwrap().max(dob + Duration::days(1)) + Duration::days(start_off);
            let eighteen = dob.checked_add_months(chrono::Months::new(12 * 18)).unwrap();
            let last_day = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
            let mut eps: Vec<Episode> = Vec::new();
            for (i, (len, p, pr, legal)) in spells.iter().enumerate() {
                if start >= eighteen || start > last_day {
                    break;
                }
                let rne = if i == 0 {
                    ReasonNewEpisode::S
                } else if *legal {
                    ReasonNewEpisode::L
                } else {
                    ReasonNewEpisode::P
                };
                let ls = if *legal { LegalStatus::C2 } else { LegalStatus::C1 };
                let mut e = Episode::new(child.id.clone(), start, rne, ls, places[*p]);
                e.category_of_need = Some(CategoryOfNeed::N1);
                e.provider = Some(PlaceProvider::ALL[*pr]);
                e.home_postcode = Some("B1 1AA".into());
                let end = start + Duration::days(*len);
                if let Some(prev) = eps.last_mut() {
                    prev.end = Some(start);
                    prev.reason_end = Some(ReasonEpisodeCeased::X1);
                }
                eps.push(e);
                start = end;
            }
            if let (Some(last), Some(reason)) = (eps.last_mut(), ending) {
                let end = start.min(last_day).max(last.start);
                last.end = Some(end);
                last.reason_end = Some(reason);
            }
            (child, eps)
        })
        .prop_filter("at least one episode", |(_, eps)| !eps.is_empty())
}

fn to_tables(children: &[GenChild]) -> Vec<RawTable> {
    let fmt = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    let mut seen = std::collections::HashSet::new();
    let mut header = Vec::new();
    let mut episodes = Vec::new();
    let mut uasc = Vec::new();
    for (c, eps) in children {
        if !seen.insert(c.id.clone()) {
            continue;
        }
        header.push(vec![
            c.id.to_string(),
            "F".into(),
            fmt(c.dob),
            "WBRI".into(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        if c.uasc {
            uasc.push(vec![c.id.to_string(), "F".into(), fmt(c.dob), String::new()]);
        }
        for e in eps {
            episodes.push(vec![
                e.child.to_string(),
                fmt(e.start),
                e.reason_new.to_string(),
                e.legal_status.to_string(),
                "N1".into(),
                e.place.to_string(),
                e.provider.map(|p| p.to_string()).unwrap_or_default(),
                e.end.map(fmt).unwrap_or_default(),
                e.reason_end.map(|r| r.to_string()).unwrap_or_default(),
                String::new(),
                "B1 1AA".into(),
                String::new(),
                String::new(),
            ]);
        }
    }
    let table = |kind: TableKind, rows| RawTable {
        name: kind.name().into(),
        header: kind.columns().iter().map(|c| c.to_string()).collect(),
        rows,
    };
    vec![table(TableKind::Header, header), table(TableKind::Episodes, episodes), table(TableKind::Uasc, uasc)]
}
