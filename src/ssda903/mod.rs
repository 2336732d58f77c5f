//! Reading the DfE SSDA903 children-looked-after return.
//!
//! Each English local authority sends the DfE one SSDA903 return a year, for
//! the collection year 1 April – 31 March. In CSV form a return is a set of
//! tables; the ones that matter for placements are **Header** (one row per
//! child), **Episodes** (one row per spell with one legal status, placement
//! and carer) and **UASC** (unaccompanied asylum-seeking children)
//! (`shared/domain/ssda903.md` §1).
//!
//! The reader's promises:
//! - **Tables are recognised by their columns**, never by file name; column
//!   order does not matter; UTF-8 with or without a BOM, CRLF or LF, quoted
//!   fields all work.
//! - **No row is lost and nothing is fixed silently.** Every problem is an
//!   [`Issue`] with the file, 1-based data row, column, a stable code, a
//!   severity and a message. A row with an error is left out and counted; for
//!   every file, rows read = rows accepted + rows rejected
//!   ([`Dataset::summary`]).
//! - **A file that cannot be read at all** (not UTF-8, not comma-separated,
//!   no recognisable header, empty) is a [`ReadError`] naming the file and
//!   saying what to do.
//! - **Several years merge**: the same episode in consecutive returns is kept
//!   once, the newest return winning, with conflicts reported.
//!
//! | code | severity | when |
//! |---|---|---|
//! | `missing_column` | warning | an optional column is absent (a missing required column is a [`ReadError`]) |
//! | `unknown_column` | warning | a column not in the DfE specification |
//! | `field_count` | error | a row with more or fewer fields than the header |
//! | `missing_value` | error / warning | a required value is blank (warning for CIN and PLACE_PROVIDER) |
//! | `date_format`, `date_impossible` | error / warning | a date not `DD/MM/YYYY`, or not a real day (warning for MC_DOB, DUC) |
//! | `unknown_code` | error / warning | not a code in any year (warning for ETHNIC, CIN, MOTHER, REASON_PLACE_CHANGE) |
//! | `code_not_in_year` | warning | a real code used outside the years the DfE allows it |
//! | `dec_without_rec`, `rec_without_dec` | error | DEC and REC must be both present or both blank (rule 148) |
//! | `dec_before_decom` | error | the episode ends before it starts |
//! | `overlap` | error | the episode starts before the child's previous one ends |
//! | `stale_open_episode` | error | an open episode from an older return that a newer return contradicts |
//! | `duplicate_row`, `duplicate_key` | error | a repeated row, or two different rows for one key, in one file |
//! | `child_not_in_header` | error | episodes or UASC rows for a child no header has |
//! | `dob_after_decom`, `aged_18_at_decom` | error | the episode starts before birth, or at 18 or over |
//! | `provider_not_allowed` | warning | a provider for T0–T3 or Z11–Z14 (rule 178) |
//! | `merge_conflict` | warning | a record differs between years; the newer was used |
//! | `broken_chain`, `rne_inconsistent` | warning | the chain of episodes does not fit its codes |
//! | `table_not_used` | warning | a recognised table the crate does not read (reviews, OC2, …) |
//!
//! ```
//! use sufficiency::codes::CollectionYear;
//! use sufficiency::ssda903::{read_tables, RawTable, IssueCode};
//! let header = RawTable::new("header.csv", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
//! let episodes = RawTable::new(
//!     "episodes.csv",
//!     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
//!     vec![vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "01/04/2024", "E4A"]],
//! );
//! let ds = read_tables(vec![header, episodes], Some(CollectionYear::new(2025).unwrap())).unwrap();
//! let issue = ds.issues().iter().find(|i| i.code == IssueCode::DecBeforeDecom).unwrap();
//! assert_eq!((issue.file.as_str(), issue.row, issue.column.as_deref()), ("episodes.csv", Some(1), Some("DEC")));
//! assert_eq!(ds.episodes().len(), 0);
//! ```

mod dataset;
mod error;
mod issue;
mod merge;
mod parse;
mod periods;
mod read;
mod records;
mod rows;
mod table;
mod write;

pub use dataset::{Dataset, FileSummary};
pub use error::ReadError;
pub use issue::{Issue, IssueCode, Severity};
pub use read::{read_ssda903, read_tables, read_years, RawTable};
pub(crate) use records::read_record_years;
pub use table::TableKind;
pub use write::{return_tables, write_return};
