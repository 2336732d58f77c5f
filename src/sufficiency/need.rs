//! Need: the children who need a place, described the way the Placements
//! Data Standard describes a placement search (`shared/domain/costs-and-commissioning.md` §9).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::codes::CategoryOfNeed;
use crate::forecast::Projection;
use crate::model::{age_in_years, SettingKind, Specialism, Supply};
use crate::snapshot::SnapshotOptions;
use crate::ssda903::Dataset;

/// The kind of place a child needs: the Placements Data Standard's
/// `placementType` (foster, residential, supported accommodation) plus secure.
///
/// ```
/// use sufficiency::model::SettingKind;
/// use sufficiency::sufficiency::PlacementType;
/// assert_eq!(PlacementType::of(SettingKind::ChildrensHome), PlacementType::Residential);
/// assert_eq!("supported".parse::<PlacementType>().unwrap(), PlacementType::Supported);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementType {
    /// A fostering household.
    Foster,
    /// A children's home.
    Residential,
    /// Supported accommodation (16 and over only).
    Supported,
    /// A secure children's home.
    Secure,
}

impl PlacementType {
    /// Every type.
    ///
    /// ```
    /// use sufficiency::sufficiency::PlacementType;
    /// let labels: Vec<&str> = PlacementType::ALL.iter().map(|t| t.label()).collect();
    /// assert_eq!(labels, ["foster", "residential", "supported", "secure"]);
    /// ```
    pub const ALL: [PlacementType; 4] =
        [PlacementType::Foster, PlacementType::Residential, PlacementType::Supported, PlacementType::Secure];

    /// The type of place a setting offers.
    ///
    /// ```
    /// use sufficiency::model::SettingKind;
    /// use sufficiency::sufficiency::PlacementType;
    /// assert_eq!(PlacementType::of(SettingKind::FosterHousehold), PlacementType::Foster);
    /// assert_eq!(PlacementType::of(SettingKind::SupportedAccommodation), PlacementType::Supported);
    /// ```
    pub const fn of(kind: SettingKind) -> PlacementType {
        match kind {
            SettingKind::FosterHousehold => PlacementType::Foster,
            SettingKind::ChildrensHome => PlacementType::Residential,
            SettingKind::SupportedAccommodation => PlacementType::Supported,
            SettingKind::Secure => PlacementType::Secure,
        }
    }

    /// The lower-case label (also what `Display` writes and `FromStr` reads).
    ///
    /// ```
    /// use sufficiency::sufficiency::PlacementType;
    /// assert_eq!(PlacementType::Residential.label(), "residential");
    /// assert_eq!(PlacementType::Secure.to_string(), "secure");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            PlacementType::Foster => "foster",
            PlacementType::Residential => "residential",
            PlacementType::Supported => "supported",
            PlacementType::Secure => "secure",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for PlacementType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for PlacementType {
    type Err = String;
    fn from_str(s: &str) -> Result<PlacementType, String> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_suffix(" accommodation").unwrap_or(&t);
        PlacementType::ALL
            .into_iter()
            .find(|k| k.label() == t)
            .ok_or_else(|| format!("'{s}' is not a placement type; use one of foster, residential, supported, secure"))
    }
}

/// How well a placement type fits a child (Placements Data Standard: preferred · suitable · unsuitable).
///
/// Parsing ignores case and reads a blank as unsuitable.
///
/// ```
/// use sufficiency::sufficiency::Suitability;
/// assert_eq!("Preferred".parse::<Suitability>(), Ok(Suitability::Preferred));
/// assert_eq!("".parse::<Suitability>(), Ok(Suitability::Unsuitable));
/// assert!("maybe".parse::<Suitability>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suitability {
    /// The type the child's plan asks for.
    Preferred,
    /// Acceptable, but a second-best.
    Suitable,
    /// Never.
    Unsuitable,
}

impl std::str::FromStr for Suitability {
    type Err = String;
    fn from_str(s: &str) -> Result<Suitability, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "preferred" => Ok(Suitability::Preferred),
            "suitable" => Ok(Suitability::Suitable),
            "unsuitable" | "" => Ok(Suitability::Unsuitable),
            _ => Err(format!("'{s}' is not a suitability; use preferred, suitable or unsuitable")),
        }
    }
}

/// When the place is needed (Placements Data Standard `neededBy`).
///
/// Parsing ignores case and reads spaces or hyphens as underscores; a blank is `Later`.
///
/// ```
/// use sufficiency::sufficiency::Urgency;
/// assert_eq!("Within 5 days".parse::<Urgency>(), Ok(Urgency::Within5Days));
/// assert_eq!("more-than-5-days".parse::<Urgency>(), Ok(Urgency::Later));
/// assert_eq!("".parse::<Urgency>(), Ok(Urgency::Later));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Today.
    Today,
    /// Within 5 days.
    Within5Days,
    /// More than 5 days.
    Later,
}

impl Urgency {
    /// The label (`today`, `within_5_days`, `later`).
    ///
    /// ```
    /// use sufficiency::sufficiency::Urgency;
    /// assert_eq!(Urgency::Within5Days.label(), "within_5_days");
    /// assert_eq!(Urgency::Today.label().parse::<Urgency>(), Ok(Urgency::Today));
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Urgency::Today => "today",
            Urgency::Within5Days => "within_5_days",
            Urgency::Later => "later",
        }
    }
}

impl std::str::FromStr for Urgency {
    type Err = String;
    fn from_str(s: &str) -> Result<Urgency, String> {
        match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "today" => Ok(Urgency::Today),
            "within_5_days" => Ok(Urgency::Within5Days),
            "later" | "more_than_5_days" | "" => Ok(Urgency::Later),
            _ => Err(format!("'{s}' is not an urgency; use today, within_5_days or later")),
        }
    }
}

/// One child's need for a place.
///
/// ```
/// use sufficiency::sufficiency::{ChildNeed, PlacementType, Suitability};
/// let c = ChildNeed::new("C1", 12, PlacementType::Residential).with_home("M1 1AE");
/// assert_eq!(c.suitability(PlacementType::Residential), Suitability::Preferred);
/// assert_eq!(c.suitability(PlacementType::Supported), Suitability::Unsuitable); // under 16
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildNeed {
    /// The child's id (SSDA903 CHILD, or a label for a forecast entrant).
    pub child: String,
    /// The responsible authority's ONS code, if known.
    pub authority: Option<String>,
    /// Age in whole years on the assessment date.
    pub age: u8,
    /// Home postcode (where the child would live if "local"), if known.
    pub home: Option<String>,
    /// Suitability of foster, residential, supported and secure places, in that order.
    pub suitability: [Suitability; 4],
    /// Whether the child should live near home (`isPreferredLocationLocal`).
    pub preferred_local: bool,
    /// Needs a setting must be able to meet.
    pub needs: Vec<Specialism>,
    /// Cannot live with other children.
    pub solo: bool,
    /// Children with the same sibling group should live together where a setting has room.
    pub sibling_group: Option<String>,
    /// When the place is needed.
    pub urgency: Urgency,
    /// The [`crate::model::Setting::id`] the child lives in now, if any.
    pub current_setting: Option<String>,
    /// The child's placement group now, if in care (for reports).
    pub current_group: Option<String>,
}

impl ChildNeed {
    /// A child who prefers `preferred`, finds the other family or residential
    /// types suitable, supported accommodation suitable only from 16, and
    /// secure unsuitable (unless secure is preferred, when nothing else is).
    ///
    /// The child lives near home (`preferred_local`), has no recorded needs,
    /// and can wait more than 5 days.
    ///
    /// ```
    /// use sufficiency::sufficiency::{ChildNeed, PlacementType as T, Suitability as S, Urgency};
    /// let c = ChildNeed::new("C1", 16, T::Foster);
    /// assert_eq!(c.suitability, [S::Preferred, S::Suitable, S::Suitable, S::Unsuitable]);
    /// assert!(c.preferred_local && c.needs.is_empty() && c.urgency == Urgency::Later);
    /// let secure = ChildNeed::new("C2", 14, T::Secure);
    /// assert_eq!(secure.suitability, [S::Unsuitable, S::Unsuitable, S::Unsuitable, S::Preferred]);
    /// ```
    pub fn new(child: &str, age: u8, preferred: PlacementType) -> ChildNeed {
        let mut suitability = [Suitability::Suitable; 4];
        suitability[PlacementType::Secure.index()] = Suitability::Unsuitable;
        if preferred == PlacementType::Secure {
            suitability = [Suitability::Unsuitable; 4];
        }
        suitability[preferred.index()] = Suitability::Preferred;
        ChildNeed {
            child: child.to_string(),
            authority: None,
            age,
            home: None,
            suitability,
            preferred_local: true,
            needs: Vec::new(),
            solo: false,
            sibling_group: None,
            urgency: Urgency::Later,
            current_setting: None,
            current_group: None,
        }
    }

    /// The same need with a home postcode.
    ///
    /// ```
    /// use sufficiency::sufficiency::{ChildNeed, PlacementType};
    /// let c = ChildNeed::new("C1", 9, PlacementType::Foster);
    /// assert_eq!(c.home, None);
    /// assert_eq!(c.with_home("SK1 1AA").home.as_deref(), Some("SK1 1AA"));
    /// ```
    pub fn with_home(mut self, postcode: &str) -> ChildNeed {
        self.home = Some(postcode.to_string());
        self
    }

    /// How well a type fits: supported accommodation is unsuitable under 16 whatever was recorded.
    ///
    /// ```
    /// use sufficiency::sufficiency::{ChildNeed, PlacementType, Suitability};
    /// let mut c = ChildNeed::new("C1", 15, PlacementType::Foster);
    /// c.set(PlacementType::Supported, Suitability::Preferred);
    /// assert_eq!(c.suitability(PlacementType::Supported), Suitability::Unsuitable); // 15
    /// c.age = 16;
    /// assert_eq!(c.suitability(PlacementType::Supported), Suitability::Preferred);
    /// ```
    pub fn suitability(&self, t: PlacementType) -> Suitability {
        if t == PlacementType::Supported && self.age < 16 {
            return Suitability::Unsuitable;
        }
        self.suitability[t.index()]
    }

    /// The preferred type, if one is marked preferred (the first, in the order foster, residential, supported, secure).
    ///
    /// Supported accommodation counts only from 16, as in [`ChildNeed::suitability`].
    ///
    /// ```
    /// use sufficiency::sufficiency::{ChildNeed, PlacementType};
    /// assert_eq!(ChildNeed::new("C1", 12, PlacementType::Residential).preferred(), Some(PlacementType::Residential));
    /// assert_eq!(ChildNeed::new("C2", 17, PlacementType::Supported).preferred(), Some(PlacementType::Supported));
    /// assert_eq!(ChildNeed::new("C3", 15, PlacementType::Supported).preferred(), None); // under 16
    /// ```
    pub fn preferred(&self) -> Option<PlacementType> {
        PlacementType::ALL.into_iter().find(|t| self.suitability(*t) == Suitability::Preferred)
    }

    /// Sets the suitability of one type.
    ///
    /// ```
    /// use sufficiency::sufficiency::{ChildNeed, PlacementType, Suitability};
    /// let mut c = ChildNeed::new("C1", 12, PlacementType::Foster);
    /// assert_eq!(c.suitability(PlacementType::Residential), Suitability::Suitable);
    /// c.set(PlacementType::Residential, Suitability::Unsuitable);
    /// assert_eq!(c.suitability(PlacementType::Residential), Suitability::Unsuitable);
    /// ```
    pub fn set(&mut self, t: PlacementType, s: Suitability) {
        self.suitability[t.index()] = s;
    }
}

/// Who is in the cohort, and what their current places mean for capacity.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::sufficiency::{Cohort, Need};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// assert_eq!(Need::named(on, vec![]).cohort, Cohort::New);
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("episodes", &cols, vec![vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "", ""]]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// // C1 is in in-house foster care (U4, PR1) on the date.
/// assert_eq!(Need::in_care(&ds, on, None).cohort, Cohort::InCare);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cohort {
    /// The children in care on a date, re-placed from scratch: the places
    /// they fill now are open to the cohort.
    InCare,
    /// Children not yet placed (forecast entrants, a named list): only vacant places are open.
    New,
}

/// A child in care on the date who is not in the cohort, and why.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::sufficiency::Need;
/// use sufficiency::ssda903::{read_tables, RawTable};
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// // C1 has lived with a parent (P1) since May 2024: no commissioned place is needed.
/// let episodes = RawTable::new("episodes", &cols, vec![vec!["C1", "01/05/2024", "S", "C2", "N1", "P1", "PR0", "", ""]]);
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let need = Need::in_care(&ds, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(), None);
/// assert!(need.children.is_empty());
/// assert_eq!((need.not_assessed[0].child.as_str(), need.not_assessed[0].group.as_str()), ("C1", "with_parents"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAssessed {
    /// The child.
    pub child: String,
    /// The placement group now.
    pub group: String,
    /// Why the child needs no commissioned place.
    pub reason: String,
}

/// The children who need places on a date: the cohort to assess.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::sufficiency::{ChildNeed, Need, PlacementType};
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster)]);
/// assert_eq!(need.children.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// The assessment date.
    pub on: NaiveDate,
    /// Whether the children already fill places.
    pub cohort: Cohort,
    /// The children needing a place.
    pub children: Vec<ChildNeed>,
    /// Children in care left out of the cohort (kinship care, with parents, adoption, …).
    pub not_assessed: Vec<NotAssessed>,
}

impl Need {
    /// A named list of children not yet placed.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::sufficiency::{ChildNeed, Cohort, Need, PlacementType};
    /// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let need = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster)]);
    /// assert_eq!((need.on, need.cohort), (on, Cohort::New));
    /// assert!(need.not_assessed.is_empty());
    /// ```
    pub fn named(on: NaiveDate, children: Vec<ChildNeed>) -> Need {
        Need { on, cohort: Cohort::New, children, not_assessed: Vec::new() }
    }

    /// The children in care on `on`, re-placed from scratch.
    ///
    /// Each child's need follows their placement now (the return records no
    /// plan, so the placement stands in for it; give a need table to do better):
    ///
    /// | placement group now | preferred | suitable |
    /// |---|---|---|
    /// | foster (in-house, agency), temporary | foster | residential; supported from 16 |
    /// | children's home | residential | foster; supported from 16 |
    /// | supported, 16 or older | supported | foster, residential |
    /// | supported, under 16 | foster | residential |
    /// | secure | secure | — |
    ///
    /// Children with kin (U1–U3) stay where they are: a kinship household is
    /// approved for that child. Children placed with parents, for adoption, in
    /// hospitals, custody or other settings need no commissioned place. Both
    /// are listed in [`Need::not_assessed`]. A child whose category of need is
    /// N2 (the child's disability) needs a setting that meets disability.
    /// Supported accommodation is only for 16- and 17-year-olds (SSDA903 rule
    /// 371, `shared/domain/ssda903.md`): a younger child recorded there needs
    /// the place a foster child of their age would. Short breaks are
    /// left out, as in every snapshot. `supply.occupants` says where each child
    /// lives now.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::sufficiency::Need;
    /// use sufficiency::synth::{synthetic_authority, Profile};
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 2).unwrap();
    /// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let need = Need::in_care(&la.dataset, on, Some(&la.supply));
    /// assert!(need.children.len() + need.not_assessed.len() > 150);
    /// ```
    pub fn in_care(ds: &Dataset, on: NaiveDate, supply: Option<&Supply>) -> Need {
        let opts = SnapshotOptions::default();
        let authority = supply.and_then(|s| s.authority.clone());
        let current: std::collections::HashMap<&str, &str> = supply
            .map(|s| s.occupants.iter().map(|o| (o.child.as_str(), o.setting.as_str())).collect())
            .unwrap_or_default();
        let mut children = Vec::new();
        let mut not_assessed = Vec::new();
        for e in ds.episodes().iter().filter(|e| e.is_open_on(on) && opts.counts(e)) {
            let group = opts.groups.group_of(e.place, e.provider).unwrap_or(crate::model::UNCLASSIFIED).to_string();
            let age = ds.child(&e.child).map_or(0, |c| age_in_years(c.dob, on)).clamp(0, 25) as u8;
            let preferred = match group.as_str() {
                "foster_in_house" | "foster_agency" | "temporary" => PlacementType::Foster,
                "childrens_home_in_house" | "childrens_home_external" => PlacementType::Residential,
                "supported" if age < 16 => PlacementType::Foster,
                "supported" => PlacementType::Supported,
                "secure" => PlacementType::Secure,
                other => {
                    let reason = if other == "foster_kinship" {
                        "lives with kin: a kinship household is approved for this child"
                    } else {
                        "placed with parents, for adoption or in a setting the authority does not commission"
                    };
                    not_assessed.push(NotAssessed {
                        child: e.child.as_str().to_string(),
                        group,
                        reason: reason.to_string(),
                    });
                    continue;
                }
            };
            let mut c = ChildNeed::new(e.child.as_str(), age, preferred);
            if preferred == PlacementType::Supported {
                c.set(PlacementType::Foster, Suitability::Suitable);
            }
            c.authority = authority.clone();
            c.home = e.home_postcode.as_deref().map(str::to_string);
            if e.category_of_need == Some(CategoryOfNeed::N2) {
                c.needs.push(Specialism::Disability);
            }
            c.current_setting = current.get(e.child.as_str()).map(|s| s.to_string());
            c.current_group = Some(group);
            children.push(c);
        }
        Need { on, cohort: Cohort::InCare, children, not_assessed }
    }

    /// The entrants a projection expects in the `months` calendar months from
    /// `from`, as a cohort not yet placed.
    ///
    /// Expected entries per age band × placement group are summed and rounded
    /// to whole children by largest remainder (so the total is the rounded
    /// total). Each entrant's age is the middle of their band, and their need
    /// follows their group as in [`Need::in_care`] (groups needing no
    /// commissioned place are left out). Home postcodes are taken in turn from
    /// the children who actually started in the 12 months before the
    /// projection start, newest first — an assumption: entrants come from
    /// where recent entrants came from.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
    /// use sufficiency::sufficiency::Need;
    /// use sufficiency::synth::{synthetic_authority, Profile};
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 3).unwrap();
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let model = DemandModel::fit((*la.dataset).clone(), Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let p = model.project(None, 12, &Scenario::base()).unwrap();
    /// let need = Need::forecast_entrants(&p, &la.dataset, d(2025, 4, 1), 1, la.supply.authority.as_deref());
    /// assert!(!need.children.is_empty());
    /// ```
    pub fn forecast_entrants(
        projection: &Projection,
        ds: &Dataset,
        from: NaiveDate,
        months: u32,
        authority: Option<&str>,
    ) -> Need {
        let states = &projection.states;
        let cells = window_cells(projection, from, months, |t, b, g| projection.entries_by(t, b, g));
        // Recent entrants' homes, newest first.
        let since = projection.start.checked_sub_months(Months::new(12)).unwrap_or(NaiveDate::MIN);
        let mut homes: Vec<(NaiveDate, String)> = ds
            .periods()
            .iter()
            .filter(|p| p.start > since && p.start <= projection.start)
            .filter_map(|p| {
                ds.episodes_of(&p.child)
                    .iter()
                    .find(|e| e.start == p.start)
                    .and_then(|e| e.home_postcode.as_deref())
                    .map(|h| (p.start, h.to_string()))
            })
            .collect();
        homes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let homes: Vec<String> = homes.into_iter().map(|h| h.1).collect();
        let children = forecast_children(&cells, states, &homes, "entrant", authority);
        Need { on: from, cohort: Cohort::New, children, not_assessed: Vec::new() }
    }

    /// The moves a projection expects in the `months` from `from`: children
    /// already in care who change placement group (from external children's
    /// homes to foster care, say), each needing a place of their new group's
    /// type. The expected moves into each band × group
    /// ([`Projection::moves_by`], summed over the groups they leave) are
    /// rounded to whole children as for [`Need::forecast_entrants`]; their
    /// homes are those of the children in care on the projection's start,
    /// in child order. Moves into groups that need no commissioned place
    /// (kin, parents, adoption) are left out.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
    /// use sufficiency::sufficiency::{Cohort, Need};
    /// use sufficiency::synth::{synthetic_authority, Profile};
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 0, 2).unwrap();
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let model = DemandModel::fit((*la.dataset).clone(), Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let p = model.project(None, 12, &Scenario::base()).unwrap();
    /// let need = Need::forecast_moves(&p, &la.dataset, d(2025, 4, 1), 12, None);
    /// assert_eq!(need.cohort, Cohort::New);
    /// assert!(!need.children.is_empty() && need.children.iter().all(|c| c.child.starts_with("move-")));
    /// ```
    pub fn forecast_moves(
        projection: &Projection,
        ds: &Dataset,
        from: NaiveDate,
        months: u32,
        authority: Option<&str>,
    ) -> Need {
        let states = &projection.states;
        let cells = window_cells(projection, from, months, |t, b, g| {
            (0..states.g()).filter(|&h| h != g).map(|h| projection.moves_by(t, b, h, g)).sum()
        });
        // The homes of the children in care at the start, in child order.
        let mut homes: Vec<(String, String)> = ds
            .episodes()
            .iter()
            .filter(|e| e.is_open_on(projection.start))
            .filter_map(|e| e.home_postcode.as_deref().map(|h| (e.child.as_str().to_string(), h.to_string())))
            .collect();
        homes.sort();
        homes.dedup_by(|a, b| a.0 == b.0);
        let homes: Vec<String> = homes.into_iter().map(|h| h.1).collect();
        let children = forecast_children(&cells, states, &homes, "move", authority);
        Need { on: from, cohort: Cohort::New, children, not_assessed: Vec::new() }
    }
}

/// For each (band, group) of a projection, `per_night` summed over the
/// nights from `from` for `months` months.
fn window_cells(
    projection: &Projection,
    from: NaiveDate,
    months: u32,
    per_night: impl Fn(usize, usize, usize) -> f64,
) -> Vec<(usize, usize, f64)> {
    let to = from.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
    let nights: Vec<usize> = (0..=projection.days)
        .filter(|&t| {
            let date = projection.date(t);
            date >= from && date < to
        })
        .collect();
    let states = &projection.states;
    let mut cells = Vec::with_capacity(states.b() * states.g());
    for b in 0..states.b() {
        for g in 0..states.g() {
            cells.push((b, g, nights.iter().map(|&t| per_night(t, b, g)).sum()));
        }
    }
    cells
}

/// Children from forecast counts per (band, group) cell: the expected
/// numbers rounded to whole children by largest remainder (so the total is
/// the rounded total), each at the middle age of their band, preferring the
/// placement type of their group, with homes taken in turn from `homes`.
fn forecast_children(
    cells: &[(usize, usize, f64)],
    states: &crate::forecast::States,
    homes: &[String],
    prefix: &str,
    authority: Option<&str>,
) -> Vec<ChildNeed> {
    let target = cells.iter().map(|c| c.2).sum::<f64>().round() as usize;
    let mut counts: Vec<usize> = cells.iter().map(|c| c.2.floor() as usize).collect();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        (cells[b].2 - cells[b].2.floor()).total_cmp(&(cells[a].2 - cells[a].2.floor())).then(a.cmp(&b))
    });
    let mut short = target.saturating_sub(counts.iter().sum());
    for &i in &order {
        if short == 0 {
            break;
        }
        counts[i] += 1;
        short -= 1;
    }
    let mut children = Vec::new();
    let mut k = 0usize;
    for ((b, g, _), n) in cells.iter().zip(counts) {
        let group = states.groups[*g].as_str();
        let preferred = match group {
            "foster_in_house" | "foster_agency" | "temporary" => PlacementType::Foster,
            "childrens_home_in_house" | "childrens_home_external" => PlacementType::Residential,
            "supported" => PlacementType::Supported,
            "secure" => PlacementType::Secure,
            _ => continue,
        };
        let band = states.bands[*b];
        let top = band.to.unwrap_or(18).max(band.from + 1);
        let age = ((u32::from(band.from) + u32::from(top) - 1) / 2) as u8;
        for i in 0..n {
            let mut c = ChildNeed::new(&format!("{prefix}-{}-{}-{}", band.label(), group, i + 1), age, preferred);
            if preferred == PlacementType::Supported {
                c.set(PlacementType::Foster, Suitability::Suitable);
            }
            c.authority = authority.map(str::to_string);
            if !homes.is_empty() {
                c.home = Some(homes[k % homes.len()].clone());
                k += 1;
            }
            c.urgency = Urgency::Within5Days;
            c.current_group = None;
            children.push(c);
        }
    }
    children
}
