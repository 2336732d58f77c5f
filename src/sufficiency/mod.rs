//! Sufficiency: do we have places of the right kind, in the right place, for the
//! children we look after? (Children Act 1989 s22G.)
//!
//! (Module documentation is written with the engine.)

pub mod flow;
mod need;

pub use need::{ChildNeed, Cohort, Need, NotAssessed, PlacementType, Suitability, Urgency};
mod metrics;
pub use metrics::{metrics, Metrics, MetricsInputs, FAMILY_BASED};
mod gaps;
mod located;
mod policy;
pub use gaps::{gaps, Gap, GapClass};
pub use policy::{Area, Policy, Weights};
mod matching;
pub use matching::{match_children, Matching, Placement};
mod marginal;
mod report;
pub use marginal::{marginal_values, MarginalValue, NEW_PLACE_ID};
pub use report::{assess, assess_region, assess_region_with_progress, assess_with_progress, pool, SufficiencyReport};
mod error;
mod folder;
mod table;
pub use error::SufficiencyError;
pub use folder::{
    read_supply_folder, write_supply_folder, AUTHORITY_FILE, OCCUPANTS_FILE, PROVIDERS_FILE, SETTINGS_FILE,
};
pub use table::{add_occupants, read_supply, SupplyRead, TableIssue, TableSeverity};
