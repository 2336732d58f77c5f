use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{CategoryOfNeed, LegalStatus, Place, PlaceProvider, Sex};
use crate::model::{AgeBands, Child, Episode, PlacementGroups, UNCLASSIFIED};

/// What to break counts down by.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::snapshot::{in_care_on, By, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
/// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// let episodes = RawTable::new("episodes", &cols, vec![vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR4", "", ""]]);
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // On 31 March 2025 she is 12, fostered through an agency (U4 with PR4).
/// let opts = SnapshotOptions::default();
/// assert_eq!(in_care_on(&ds, on, By::AgeBand, &opts).get("10-15"), 1);
/// assert_eq!(in_care_on(&ds, on, By::PlacementGroup, &opts).get("foster_agency"), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// One row, `total`.
    Total,
    /// The placement group ([`PlacementGroups`]).
    PlacementGroup,
    /// The PLACE code.
    Place,
    /// The age band on the date ([`AgeBands`]).
    AgeBand,
    /// The legal status (LS).
    LegalStatus,
    /// The provider (PLACE_PROVIDER).
    Provider,
    /// Sex.
    Sex,
    /// Whether the child is an unaccompanied asylum seeker.
    Uasc,
    /// Category of need (CIN).
    CategoryOfNeed,
}

impl By {
    /// Every breakdown.
    ///
    /// ```
    /// use sufficiency::snapshot::By;
    /// assert_eq!(By::ALL.len(), 9);
    /// assert_eq!(By::ALL[0], By::Total);
    /// ```
    pub const ALL: &'static [By] = &[
        By::Total,
        By::PlacementGroup,
        By::Place,
        By::AgeBand,
        By::LegalStatus,
        By::Provider,
        By::Sex,
        By::Uasc,
        By::CategoryOfNeed,
    ];

    /// The snake_case name (`placement_group`, `age_band`, …), which parses back.
    ///
    /// ```
    /// use sufficiency::snapshot::By;
    /// assert_eq!(By::CategoryOfNeed.as_str(), "category_of_need");
    /// assert_eq!(By::Uasc.as_str().parse::<By>(), Ok(By::Uasc));
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            By::Total => "total",
            By::PlacementGroup => "placement_group",
            By::Place => "place",
            By::AgeBand => "age_band",
            By::LegalStatus => "legal_status",
            By::Provider => "provider",
            By::Sex => "sex",
            By::Uasc => "uasc",
            By::CategoryOfNeed => "category_of_need",
        }
    }
}

impl std::str::FromStr for By {
    type Err = String;
    /// ```
    /// use sufficiency::snapshot::By;
    /// assert_eq!("age_band".parse::<By>().unwrap(), By::AgeBand);
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        By::ALL.iter().copied().find(|b| b.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = By::ALL.iter().map(|b| b.as_str()).collect();
            format!("cannot break down by '{s}'; choose one of {}", names.join(", "))
        })
    }
}

/// Choices shared by the snapshot functions.
///
/// ```
/// use sufficiency::model::PlacementGroups;
/// use sufficiency::snapshot::SnapshotOptions;
/// let opts = SnapshotOptions { groups: PlacementGroups::peer(), ..Default::default() };
/// assert!(!opts.include_short_breaks);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotOptions {
    /// The placement grouping.
    pub groups: PlacementGroups,
    /// The age bands.
    pub age_bands: AgeBands,
    /// Count children under a series of short breaks (LS V3/V4); the DfE does not.
    pub include_short_breaks: bool,
}

impl SnapshotOptions {
    /// Whether an episode counts under these options.
    pub(crate) fn counts(&self, e: &Episode) -> bool {
        self.include_short_breaks || !e.legal_status.is_short_break()
    }

    /// The breakdown key of a child in an episode, with age taken on `on`.
    pub(crate) fn key(&self, by: By, child: &Child, e: &Episode, on: NaiveDate) -> String {
        match by {
            By::Total => "total".to_string(),
            By::PlacementGroup => self.groups.group_of(e.place, e.provider).unwrap_or(UNCLASSIFIED).to_string(),
            By::Place => e.place.code().to_string(),
            By::AgeBand => {
                self.age_bands.band_of(child.age_on(on)).map(|b| b.label()).unwrap_or_else(|| "unknown".into())
            }
            By::LegalStatus => e.legal_status.code().to_string(),
            By::Provider => e.provider.map(|p| p.code().to_string()).unwrap_or_else(|| NOT_RECORDED.into()),
            By::Sex => child.sex.label().to_string(),
            By::Uasc => if child.uasc { "uasc" } else { "not_uasc" }.to_string(),
            By::CategoryOfNeed => {
                e.category_of_need.map(|c| c.code().to_string()).unwrap_or_else(|| NOT_RECORDED.into())
            }
        }
    }

    /// Every key a breakdown can produce, in display order (for rows with zero).
    pub(crate) fn all_keys(&self, by: By) -> Vec<String> {
        let codes = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
        match by {
            By::Total => vec!["total".into()],
            By::PlacementGroup => {
                let mut v = codes(self.groups.group_names());
                v.push(UNCLASSIFIED.into());
                v
            }
            By::Place => codes(Place::ALL.iter().map(|p| p.code()).collect()),
            By::AgeBand => self.age_bands.bands().iter().map(|b| b.label()).collect(),
            By::LegalStatus => codes(LegalStatus::ALL.iter().map(|p| p.code()).collect()),
            By::Provider => {
                let mut v = codes(PlaceProvider::ALL.iter().map(|p| p.code()).collect());
                v.push(NOT_RECORDED.into());
                v
            }
            By::Sex => codes([Sex::Male, Sex::Female, Sex::Unknown].iter().map(|s| s.label()).collect()),
            By::Uasc => vec!["uasc".into(), "not_uasc".into()],
            By::CategoryOfNeed => {
                let mut v = codes(CategoryOfNeed::ALL.iter().map(|p| p.code()).collect());
                v.push(NOT_RECORDED.into());
                v
            }
        }
    }
}

/// The key for a blank code.
pub const NOT_RECORDED: &str = "not_recorded";

/// Counts of children by a breakdown, in display order.
///
/// Placement groups and age bands list every group or band, zeros included;
/// code breakdowns list only the codes that occur.
///
/// ```
/// use sufficiency::snapshot::{By, Counts};
/// let c = Counts { by: By::Sex, rows: vec![("male".into(), 3), ("female".into(), 2)] };
/// assert_eq!(c.total(), 5);
/// assert_eq!(c.get("unknown"), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// The breakdown.
    pub by: By,
    /// (key, children) rows.
    pub rows: Vec<(String, u64)>,
}

impl Counts {
    pub(crate) fn from_map(by: By, opts: &SnapshotOptions, mut map: HashMap<String, u64>) -> Self {
        let keep_zeros = matches!(by, By::Total | By::PlacementGroup | By::AgeBand);
        let mut rows = Vec::new();
        for k in opts.all_keys(by) {
            let n = map.remove(&k).unwrap_or(0);
            if n > 0 || keep_zeros {
                rows.push((k, n));
            }
        }
        let mut rest: Vec<(String, u64)> = map.into_iter().collect();
        rest.sort();
        rows.extend(rest);
        Counts { by, rows }
    }

    /// The count for a key (0 if absent).
    ///
    /// ```
    /// use sufficiency::snapshot::{By, Counts};
    /// let c = Counts { by: By::LegalStatus, rows: vec![("C2".into(), 40), ("V2".into(), 9)] };
    /// assert_eq!(c.get("C2"), 40); // full care orders
    /// assert_eq!(c.get("E1"), 0); // no placement orders: no row, zero
    /// ```
    pub fn get(&self, key: &str) -> u64 {
        self.rows.iter().find(|(k, _)| k == key).map(|(_, n)| *n).unwrap_or(0)
    }

    /// The sum over all rows.
    ///
    /// ```
    /// use sufficiency::snapshot::{By, Counts};
    /// // England at 31 March 2025: 56% of 81,770 children in care were male
    /// // (`shared/domain/statistics.md` §1).
    /// let c = Counts { by: By::Sex, rows: vec![("male".into(), 45_800), ("female".into(), 35_970)] };
    /// assert_eq!(c.total(), 81_770);
    /// assert_eq!((100 * c.get("male") / c.total()), 56);
    /// ```
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}
