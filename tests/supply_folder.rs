//! A supply written as a folder of CSV files and read back is the supply
//! the generator made; a council's hand-edited folder gets every problem
//! reported by file, row and column, with no row lost.

use std::path::Path;

use sufficiency::geo::Postcodes;
use sufficiency::sufficiency::{read_supply_folder, write_supply_folder, SufficiencyError, TableSeverity};
use sufficiency::synth::{synthetic_authority, Profile};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_synthetic_supply_survives_the_round_trip() {
    let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 2).unwrap();
    let s = &la.supply;
    // The generator's supply exercises every column the files carry.
    assert!(!s.occupants.is_empty() && s.authority.is_some());
    assert!(s.settings.iter().any(|x| x.weekly_price.is_some()) && s.settings.iter().any(|x| x.kinship));
    assert!(s.settings.iter().any(|x| !x.specialisms.is_empty()) && s.providers.iter().any(|p| p.name.contains(' ')));
    let dir = tempfile::tempdir().unwrap();
    write_supply_folder(s, dir.path()).unwrap();
    let read = read_supply_folder(dir.path(), &Postcodes::new()).unwrap();
    assert_eq!(read.issues.iter().filter(|i| i.severity == TableSeverity::Error).count(), 0);
    let n = |v: usize| (v as u64, v as u64, 0);
    assert_eq!(read.provider_rows, n(s.providers.len()));
    assert_eq!(read.setting_rows, n(s.settings.len()));
    assert_eq!(read.occupant_rows, n(s.occupants.len()));
    assert_eq!(&read.supply, s);
}

#[test]
fn writing_again_leaves_nothing_of_the_last_supply() {
    let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 2).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_supply_folder(&la.supply, dir.path()).unwrap();
    let mut bare = la.supply.clone();
    bare.occupants.clear();
    bare.authority = None;
    write_supply_folder(&bare, dir.path()).unwrap();
    let read = read_supply_folder(dir.path(), &Postcodes::new()).unwrap();
    assert_eq!(read.supply, bare);
    assert_eq!(read.occupant_rows, (0, 0, 0));
}

#[test]
fn a_hand_edited_folder_reports_each_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A UTF-8 byte-order mark, as spreadsheets save; one provider row with a stray comma.
    write(d, "providers.csv", "\u{feff}provider,name,place_provider\nLA,Our council,PR1\nIFA,Bright, Futures,PR5\n");
    write(
        d,
        "settings.csv",
        "setting,provider,kind,places\r\nH1,LA,childrens_home,4\r\nF1,IFA,foster_household,2\r\nF2,LA,foster_household\r\n",
    );
    write(d, "occupants.csv", "child,setting\nC1,H1\nC2,F1\nC1,H1\n,H1\n");
    write(d, "authority.txt", "  E08000003 \n");
    let read = read_supply_folder(d, &Postcodes::new()).unwrap();
    let found: Vec<(&str, u64, &str, &str)> =
        read.issues.iter().map(|i| (i.file.as_str(), i.row, i.column.as_str(), i.code.as_str())).collect();
    assert_eq!(
        found,
        [
            ("providers.csv", 2, "", "field_count"),
            ("settings.csv", 2, "provider", "unknown_provider"),
            ("settings.csv", 3, "", "field_count"),
            ("occupants.csv", 2, "setting", "unknown_setting"),
            ("occupants.csv", 3, "child", "duplicate_id"),
            ("occupants.csv", 4, "child", "missing_value"),
        ]
    );
    // Rows read = accepted + rejected, table by table.
    assert_eq!((read.provider_rows, read.setting_rows, read.occupant_rows), ((2, 1, 1), (3, 1, 2), (4, 1, 3)));
    assert_eq!(read.supply.providers[0].id, "LA"); // the mark is not part of the first column's name
    assert_eq!(read.supply.authority.as_deref(), Some("E08000003"));
    assert_eq!((read.supply.occupants[0].child.as_str(), read.supply.occupants[0].setting.as_str()), ("C1", "H1"));
}

#[test]
fn a_folder_that_cannot_be_read_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "providers.csv", "provider,place_provider\nLA,PR1\n");
    let err = read_supply_folder(d, &Postcodes::new()).unwrap_err();
    assert!(matches!(&err, SufficiencyError::MissingFile { path } if path.ends_with("settings.csv")), "{err}");
    assert!(err.to_string().contains("write_supply_folder"));

    // Latin-1 text, as an old spreadsheet export might be.
    std::fs::write(
        d.join("settings.csv"),
        b"setting,provider,kind,places\nH1,LA,childrens_home,4\nH\xe9,LA,childrens_home,2\n",
    )
    .unwrap();
    let err = read_supply_folder(d, &Postcodes::new()).unwrap_err();
    assert!(matches!(&err, SufficiencyError::Csv { .. }), "{err}");
    assert!(err.to_string().contains("CSV UTF-8"), "{err}");
}
