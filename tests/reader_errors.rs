//! Files that cannot be read at all are clear errors naming the file; files in
//! any ordinary CSV dialect read the same.

mod common;

use common::*;
use sufficiency::ssda903::{read_ssda903, ReadError};

fn err_for(name: &str, bytes: &[u8]) -> ReadError {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    std::fs::write(tmp.path().join(name), bytes).unwrap();
    read_ssda903(&[tmp.path()], None).unwrap_err()
}

#[test]
fn empty_file() {
    let e = err_for("episodes.csv", b"");
    assert!(matches!(&e, ReadError::Empty { file } if file.ends_with("episodes.csv")), "{e}");
    assert!(e.to_string().contains("episodes.csv"));
}

#[test]
fn utf16_file() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "CHILD,DECOM\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let e = err_for("episodes.csv", &bytes);
    assert!(matches!(&e, ReadError::NotUtf8 { .. }), "{e}");
    assert!(e.to_string().contains("CSV UTF-8"), "{e}");
}

#[test]
fn latin1_bytes_in_a_row() {
    let mut bytes = format!("{EPISODES}\n").into_bytes();
    bytes.extend_from_slice(b"C1,01/05/2024,S,C2,N1,U4,PR1,,,,\xE9,,\n");
    let e = err_for("episodes.csv", &bytes);
    assert!(matches!(&e, ReadError::NotUtf8 { .. }), "{e}");
}

#[test]
fn semicolon_separated() {
    let e = err_for("episodes.csv", EPISODES.replace(',', ";").as_bytes());
    assert!(matches!(&e, ReadError::NotCommaSeparated { delimiter, .. } if delimiter == "semicolon"), "{e}");
}

#[test]
fn unrecognisable_header() {
    let e = err_for("notes.csv", b"NAME,ADDRESS\nA,B\n");
    assert!(matches!(&e, ReadError::UnrecognisedHeader { file, .. } if file.ends_with("notes.csv")), "{e}");
}

#[test]
fn missing_required_column() {
    let cols = EPISODES.replace("PLACE,", "");
    let e = err_for("episodes.csv", format!("{cols}\n").as_bytes());
    assert!(matches!(&e, ReadError::MissingRequiredColumns { missing, .. } if missing == "PLACE"), "{e}");
}

#[test]
fn two_episode_tables_in_one_folder() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.csv", &[EPISODES]);
    write(tmp.path(), "b.csv", &[EPISODES]);
    let e = read_ssda903(&[tmp.path()], None).unwrap_err();
    assert!(matches!(&e, ReadError::DuplicateTable { .. }), "{e}");
}

#[test]
fn folder_without_csv_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("return.xml"), "<EXPSSDA903/>").unwrap();
    let e = read_ssda903(&[tmp.path()], None).unwrap_err();
    assert!(matches!(&e, ReadError::NoFiles { .. }), "{e}");
    assert!(e.to_string().contains("XML"), "{e}");
}

#[test]
fn missing_path() {
    let e = read_ssda903(&["/definitely/not/here"], None).unwrap_err();
    assert!(matches!(&e, ReadError::Io { .. }), "{e}");
}

#[test]
fn bom_crlf_quotes_and_column_order_do_not_matter() {
    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    write(plain.path(), "episodes.csv", &[EPISODES, "C1,01/05/2024,S,C2,N1,U4,PR1,,,,B1 1AA,M1 1AE,"]);
    let a = read_ssda903(&[plain.path()], None).unwrap();

    let fancy = tempfile::tempdir().unwrap();
    // BOM, CRLF, quoted fields, lower-case header, columns reversed.
    let header = "\u{feff}mc_dob,mother,upn,ethnic,dob,sex,child\r\n,,,\"WBRI\",\"01/06/2010\",M,\"C1\"\r\n";
    std::fs::write(fancy.path().join("h.csv"), header).unwrap();
    let mut cols: Vec<&str> = EPISODES.split(',').collect();
    cols.reverse();
    let row = ",\"M1 1AE\",\"B1 1AA\",,,,PR1,U4,N1,C2,S,01/05/2024,c1";
    std::fs::write(fancy.path().join("e.csv"), format!("\u{feff}{}\r\n{row}\r\n", cols.join(","))).unwrap();
    let b = read_ssda903(&[fancy.path()], None).unwrap();
    assert!(a.same_records(&b), "{:#?}\n{:#?}", a.episodes(), b.episodes());
    assert_eq!(b.episodes()[0].placement_postcode.as_deref(), Some("M1 1AE"));
    assert_eq!(a.issues().len(), b.issues().len());
}

#[test]
fn folder_named_for_an_earlier_year_than_its_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("2024");
    write(&dir, "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    // 2024 means 2023/24, but this episode starts in 2024/25.
    write(&dir, "episodes.csv", &[EPISODES, &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", "")]);
    let e = read_ssda903(&[&dir], None).unwrap_err();
    assert!(matches!(&e, ReadError::YearMismatch { .. }), "{e}");
    assert!(e.to_string().contains("01/05/2024"), "{e}");
    // Saying the year explicitly is always possible.
    let ds = read_ssda903(&[&dir], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap();
    assert_eq!(ds.episodes().len(), 1);
}
