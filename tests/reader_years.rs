//! Several yearly returns merged into one dataset: newest wins, conflicts and
//! stale open rows are reported, nothing is counted twice.

mod common;

use common::*;
use sufficiency::codes::{CollectionYear, Place, ReasonEpisodeCeased};
use sufficiency::model::ChildId;
use sufficiency::ssda903::{read_ssda903, IssueCode, ReadError, Severity};

#[test]
fn episode_open_on_31_march_is_kept_once_with_its_later_ending() {
    let tmp = tempfile::tempdir().unwrap();
    let y24 = tmp.path().join("2024");
    let y25 = tmp.path().join("2025");
    write(&y24, "header.csv", &[HEADER, "C1,1,01/06/2010,WBRI,,,"]);
    write(&y24, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "", "")]);
    write(&y25, "header.csv", &[HEADER, "C1,M,01/06/2010,WBRI,,,"]);
    write(
        &y25,
        "episodes.csv",
        &[
            EPISODES,
            &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "01/07/2024", "X1"),
            &ep("C1", "01/07/2024", "P", "C2", "K2", "PR4", "", ""),
        ],
    );
    // The parent folder holds both years.
    let ds = read_ssda903(&[tmp.path()], None).unwrap();
    assert_eq!(ds.collection_years(), &[CollectionYear::new(2024).unwrap(), CollectionYear::new(2025).unwrap()]);
    assert_eq!(ds.children().len(), 1);
    let eps = ds.episodes_of(&ChildId::new("C1"));
    assert_eq!(eps.len(), 2);
    assert_eq!(eps[0].reason_end, Some(ReasonEpisodeCeased::X1));
    assert_eq!(eps[1].place, Place::K2);
    // The older open row gained an ending: that is not a conflict, and the 1→M sex recoding is not either.
    assert!(
        ds.issues().iter().all(|i| i.severity == Severity::Warning && i.code != IssueCode::MergeConflict),
        "{:#?}",
        ds.issues()
    );
    assert_eq!(summary_of(&ds, "2024/episodes.csv"), (1, 1, 0));
    assert_eq!(summary_of(&ds, "2025/episodes.csv"), (2, 2, 0));
    assert_eq!(ds.periods().len(), 1);
}

#[test]
fn a_changed_value_between_years_is_a_conflict_and_the_newer_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let y24 = tmp.path().join("a");
    let y25 = tmp.path().join("b");
    write(&y24, "header.csv", &[HEADER, "C1,1,01/06/2010,WBRI,,,"]);
    write(&y24, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "", "")]);
    write(&y25, "header.csv", &[HEADER, "C1,M,01/06/2010,WBRI,,,"]);
    // The 2024/25 return closes the episode, and records a different placement type for it.
    write(&y25, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U5", "PR1", "01/05/2024", "E4A")]);
    let ds = read_ssda903(&[&y24, &y25], None).unwrap();
    assert_one(&ds, IssueCode::MergeConflict, "a/episodes.csv", Some(1), Some("PLACE"), Severity::Warning);
    assert_eq!(ds.episodes()[0].place, Place::U5);
    assert_eq!(summary_of(&ds, "a/episodes.csv"), (1, 1, 0));
}

#[test]
fn a_stale_open_row_from_an_older_return_is_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let y24 = tmp.path().join("2024");
    let y25 = tmp.path().join("2025");
    write(&y24, "header.csv", &[HEADER, "C1,1,01/06/2010,WBRI,,,"]);
    write(&y24, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "", "")]);
    // The newer return corrected the start date to 03/02/2024.
    write(&y25, "header.csv", &[HEADER, "C1,M,01/06/2010,WBRI,,,"]);
    write(&y25, "episodes.csv", &[EPISODES, &ep("C1", "03/02/2024", "S", "C2", "U4", "PR1", "01/06/2024", "E4A")]);
    let ds = read_ssda903(&[&y24, &y25], None).unwrap();
    assert_one(&ds, IssueCode::StaleOpenEpisode, "2024/episodes.csv", Some(1), Some("DEC"), Severity::Error);
    assert_eq!(ds.episodes().len(), 1);
    assert_eq!(summary_of(&ds, "2024/episodes.csv"), (1, 0, 1));
    assert_eq!(summary_of(&ds, "2025/episodes.csv"), (1, 1, 0));
}

#[test]
fn two_returns_for_one_year_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["x", "y"] {
        let d = tmp.path().join(name);
        write(&d, "header.csv", &[HEADER, &child("C1", "M", "01/06/2010")]);
        write(&d, "episodes.csv", &[EPISODES, &ep("C1", "01/05/2024", "S", "C2", "U4", "PR1", "", "")]);
    }
    let err = read_ssda903(&[tmp.path()], None).unwrap_err();
    assert!(matches!(err, ReadError::DuplicateYear { .. }), "{err}");
    let err = read_ssda903(&[tmp.path()], Some(CollectionYear::new(2025).unwrap())).unwrap_err();
    assert!(matches!(err, ReadError::YearForSeveralReturns { count: 2 }), "{err}");
}

#[test]
fn returns_given_newest_first_are_still_labelled_by_their_own_year() {
    let tmp = tempfile::tempdir().unwrap();
    let y24 = tmp.path().join("2024");
    let y25 = tmp.path().join("2025");
    write(&y24, "header.csv", &[HEADER, "C1,1,01/06/2010,WBRI,,,"]);
    write(&y24, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "", "")]);
    write(&y25, "header.csv", &[HEADER, "C1,M,01/06/2010,WBRI,,,"]);
    write(&y25, "episodes.csv", &[EPISODES, &ep("C1", "01/02/2024", "S", "C2", "U4", "PR1", "01/07/2024", "E4A")]);
    let ds = read_ssda903(&[&y25, &y24], None).unwrap();
    for s in ds.summary() {
        let expected = if s.file.contains("2024/") { 2024 } else { 2025 };
        assert_eq!(s.collection_year, CollectionYear::new(expected).unwrap(), "{}", s.file);
    }
    assert_eq!(ds.episodes()[0].end, Some(chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()));
}
