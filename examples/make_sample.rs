//! Generates the small sample return shipped in `examples/data/sample/`: five
//! collection years (2020/21 to 2024/25) for 80 fictional children, written
//! exactly as a council's case-management system would export them, plus
//! three deliberately faulty rows in 2024/25 so the issue report has
//! something to show.
//!
//! Deterministic (a fixed-seed linear congruential generator), so the files
//! never change unless this program does.
//!
//! ```text
//! cargo run --example make_sample -- examples/data/sample
//! ```

use std::path::PathBuf;

use chrono::{Duration, NaiveDate};
use sufficiency::codes::CollectionYear;
use sufficiency::ssda903::{read_tables, write_return, RawTable, TableKind};

/// A tiny deterministic pseudo-random sequence (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn fmt(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "examples/data/sample".into()));
    let mut rng = Lcg(20250331);
    let first_day = NaiveDate::from_ymd_opt(2019, 4, 1).unwrap();
    let last_day = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let postcodes = ["B1 1AA", "B15 2TT", "B23 6SJ", "B44 9QA", "WS1 1TP", "CV1 5FB", "M1 1AE", "LS1 1UR"];
    let mut header = Vec::new();
    let mut episodes = Vec::new();
    for i in 0..80u64 {
        let id = format!("SAMPLE{:03}", i + 1);
        let start = first_day + Duration::days(rng.below(6 * 365) as i64);
        let age_at_start = rng.below(17) as i64;
        let dob = start - Duration::days(age_at_start * 365 + 1 + rng.below(300) as i64);
        let eighteen = dob.checked_add_months(chrono::Months::new(216)).unwrap();
        header.push(vec![
            id.clone(),
            rng.pick(&["M", "F"]).to_string(),
            fmt(dob),
            rng.pick(&["WBRI", "WOTH", "MWBC", "APKN", "BAFR", "AOTH"]).to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        let home = rng.pick(&postcodes[..4]).to_string();
        let mut day = start;
        let moves = 1 + rng.below(if age_at_start >= 10 { 9 } else { 6 });
        let ls = if rng.below(2) == 0 { "V2" } else { "C1" };
        for m in 0..moves {
            let place_choice = if age_at_start < 1 {
                rng.pick(&["U4", "U1", "P1"])
            } else if age_at_start >= 16 {
                // K3 exists from 2024/25; before then supported accommodation was H5.
                let supported = if day >= NaiveDate::from_ymd_opt(2024, 4, 1).unwrap() { "K3" } else { "H5" };
                rng.pick(&[supported, "U4", "K2"])
            } else {
                rng.pick(&["U4", "U4", "U6", "U1", "K2", "U4"])
            };
            let provider = match place_choice {
                "P1" => "PR0",
                "U1" => "PR1",
                _ => rng.pick(&["PR1", "PR4", "PR4", "PR5"]),
            };
            let len = 20 + rng.below(300) as i64;
            let end = day + Duration::days(len);
            let ends_care = m + 1 == moves;
            let (dec, rec) = if end > last_day || (end >= eighteen && !ends_care) {
                (None, "")
            } else if ends_care {
                let reason = if end >= eighteen { "E17" } else { rng.pick(&["E4A", "E45", "E13", "E11"]) };
                (Some(end.min(eighteen)), reason)
            } else {
                (Some(end), "X1")
            };
            let rne = if m == 0 { "S" } else { "P" };
            let rpc = if rec == "X1" { rng.pick(&["CARPL", "CREQB", "CHILD", "OTHER"]) } else { "" };
            episodes.push(vec![
                id.clone(),
                fmt(day),
                rne.to_string(),
                if m == 0 { ls.to_string() } else { "C2".to_string() },
                "N1".to_string(),
                place_choice.to_string(),
                provider.to_string(),
                dec.map(fmt).unwrap_or_default(),
                rec.to_string(),
                rpc.to_string(),
                home.clone(),
                if place_choice == "P1" { home.clone() } else { rng.pick(&postcodes).to_string() },
                String::new(),
            ]);
            match dec {
                Some(d) if rec == "X1" => day = d,
                _ => break,
            }
        }
    }
    let table = |kind: TableKind, rows| RawTable {
        name: kind.name().into(),
        header: kind.columns().iter().map(|c| c.to_string()).collect(),
        rows,
    };
    let ds = read_tables(
        vec![table(TableKind::Header, header), table(TableKind::Episodes, episodes)],
        Some(CollectionYear::new(2025).unwrap()),
    )
    .expect("sample builds");
    assert!(ds.issues().is_empty(), "generated sample has issues: {:#?}", ds.issues());
    for end in 2021..=2025 {
        let year = CollectionYear::new(end).unwrap();
        write_return(&ds, year, &out.join(end.to_string())).expect("write sample");
    }
    // Three faulty rows for the issue report to find, appended to 2024/25.
    let faulty = out.join("2025").join("episodes.csv");
    let mut text = std::fs::read_to_string(&faulty).unwrap();
    text.push_str("SAMPLE001,15/06/2024,P,C2,N1,U4,PR1,01/06/2024,X1,CARPL,B1 1AA,B15 2TT,\n"); // DEC before DECOM
    text.push_str("SAMPLE002,15/06/2024,P,C2,N1,Q9,PR1,,,,B1 1AA,B15 2TT,\n"); // not a PLACE code
    text.push_str("UNKNOWN99,15/06/2024,S,C2,N1,U4,PR1,,,,B1 1AA,B15 2TT,\n"); // no header row
    std::fs::write(&faulty, text).unwrap();
    println!("wrote {} children, {} episodes to {}", ds.children().len(), ds.episodes().len(), out.display());
}
