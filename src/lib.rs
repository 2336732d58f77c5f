//! # sufficiency
//!
//! Will an English council have the right placement, in the right place, at the
//! right time, for the children it looks after — and what will it cost?
//!
//! This crate reads the DfE SSDA903 children-looked-after return
//! ([`ssda903`]), models children, episodes, periods of care and placement
//! supply ([`model`]), and answers snapshot questions about who is in care
//! where ([`snapshot`]). Every engine is a pure function: data in, results out,
//! no I/O, no clock, and randomness only from an explicit seed.
//!
//! ```
//! use sufficiency::ssda903::{read_tables, RawTable};
//!
//! let header = RawTable::new(
//!     "header.csv",
//!     &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
//!     vec![vec!["C1", "F", "01/06/2012", "WBRI", "", "", ""]],
//! );
//! let episodes = RawTable::new(
//!     "episodes.csv",
//!     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
//!       "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
//!     vec![vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "", "", "", "", "", ""]],
//! );
//! let ds = read_tables(vec![header, episodes], None).unwrap();
//! assert_eq!(ds.children().len(), 1);
//! assert_eq!(ds.episodes().len(), 1);
//! assert!(ds.issues().is_empty());
//! ```
#![warn(missing_docs)]

pub mod codes;
pub mod cost;
pub mod forecast;
pub mod geo;
mod memory;
pub mod model;
pub mod progress;
pub mod snapshot;
pub mod ssda903;
pub mod sufficiency;
pub mod synth;

#[cfg(feature = "python")]
mod python;
