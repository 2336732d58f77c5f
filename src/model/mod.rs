//! The domain model: children, their episodes and periods of care, placement
//! groups, providers and settings, local authorities and regions.
//!
//! A child who is looked after has one or more **periods of care**. Each period
//! is a chain of **episodes**: a new episode starts whenever the legal status,
//! the placement or the carer changes (the RNE code says which), and each
//! episode but the last ends with REC `X1` on the day the next one starts.
//! The last episode's REC (`E..`) says why care ended
//! (`shared/domain/ssda903.md` §1, §4.4–4.5).
//!
//! Every type serialises with serde, so a dataset can be stored as JSON and
//! read back unchanged:
//!
//! ```
//! use chrono::NaiveDate;
//! use sufficiency::model::{ChildId, Episode};
//! use sufficiency::codes::{LegalStatus, Place, ReasonNewEpisode};
//!
//! let ep = Episode::new(
//!     ChildId::new("C1"),
//!     NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
//!     ReasonNewEpisode::S,
//!     LegalStatus::C1,
//!     Place::U4,
//! );
//! let json = serde_json::to_string(&ep).unwrap();
//! let back: Episode = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, ep);
//! ```

mod age;
mod authority;
mod child;
mod episode;
mod groups;
mod period;
mod supply;

pub use age::{age_in_years, AgeBand, AgeBands};
pub use authority::{LocalAuthority, Region};
pub use child::{Child, ChildId};
pub use episode::Episode;
pub use groups::{GroupRule, PlacementGroups, ProviderClass, UNCLASSIFIED};
pub use period::CarePeriod;
pub use supply::{Occupant, Ownership, Provider, Setting, SettingKind, Specialism, Supply};
