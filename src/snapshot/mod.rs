//! Snapshot facts: who is in care on a date, who started and left, and how
//! stable placements were — the figures in the DfE's annual statistics.
//!
//! All functions are pure: a [`Dataset`](crate::ssda903::Dataset), a date or range, and
//! [`SnapshotOptions`] in; counts out.
//!
//! **Conventions.** A child is in care on a date when an episode covers that
//! night: `DECOM <= date < DEC` (so a child who left on 31 March is not in
//! care on 31 March). Children looked after under a series of short breaks
//! (LS V3/V4) are left out by default, as the DfE's stock figures leave them
//! out (`shared/domain/ssda903.md` §4.3).
//!
//! ```
//! use chrono::NaiveDate;
//! use sufficiency::snapshot::{in_care_on, By, SnapshotOptions};
//! use sufficiency::ssda903::{read_tables, RawTable};
//! let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "01/01/2020"]]);
//! let episodes = RawTable::new(
//!     "e",
//!     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
//!     vec![
//!         vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR4", "", ""],
//!         vec!["C2", "01/05/2024", "S", "C1", "N1", "U4", "PR1", "", ""],
//!     ],
//! );
//! let ds = read_tables(vec![header, episodes], None).unwrap();
//! let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
//! let counts = in_care_on(&ds, on, By::PlacementGroup, &SnapshotOptions::default());
//! assert_eq!(counts.get("foster_agency"), 1);
//! assert_eq!(counts.get("foster_in_house"), 1);
//! assert_eq!(counts.total(), 2);
//! ```

mod counts;
mod flows;
mod in_care;
mod location;
mod stability;

pub use counts::{By, Counts, SnapshotOptions};
pub use flows::{entries, leavers};
pub use in_care::in_care_on;
pub use location::{placement_location, PlacementLocation};
pub use stability::{placement_stability, Stability};
