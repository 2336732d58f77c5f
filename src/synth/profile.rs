//! What a synthetic authority is calibrated to: named profiles from the
//! published statistics, and overrides.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::LocalAuthority;

use super::error::SynthError;

/// The standard placement groups a profile's `placement_mix` may name
/// (see [`crate::model::PlacementGroups::standard`]).
///
/// ```
/// use sufficiency::model::PlacementGroups;
/// use sufficiency::synth::GROUPS;
/// assert_eq!(GROUPS, PlacementGroups::standard().group_names());
/// ```
pub const GROUPS: &[&str] = &[
    "foster_kinship",
    "foster_in_house",
    "foster_agency",
    "childrens_home_in_house",
    "childrens_home_external",
    "secure",
    "supported",
    "with_parents",
    "adoption",
    "residential_other",
    "temporary",
    "other",
];

/// The DfE age bands a profile's `age_mix` names, in order.
///
/// ```
/// use sufficiency::model::AgeBands;
/// use sufficiency::synth::AGE_BANDS;
/// let dfe: Vec<String> = AgeBands::dfe().bands().iter().map(|b| b.label()).collect();
/// assert_eq!(AGE_BANDS, dfe);
/// ```
pub const AGE_BANDS: &[&str] = &["under 1", "1-4", "5-9", "10-15", "16+"];

/// The numbers a synthetic authority is built to match on its final 31 March.
///
/// Shares are fractions (0.22, not 22). Every figure cites
/// `shared/domain/statistics.md`; the named profiles are
/// [`Profile::named`].
///
/// ```
/// use sufficiency::synth::Profile;
/// let p = Profile::named("county").unwrap();
/// assert_eq!(p.authority.name, "Norfolk");
/// assert_eq!(p.children_in_care, 1069);
/// let total: f64 = p.placement_mix.iter().map(|(_, s)| s).sum();
/// assert!((total - 1.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The profile's name, e.g. `england-median`.
    pub name: String,
    /// The authority whose postcodes children live in (`E92000001` England for the national profile).
    pub authority: LocalAuthority,
    /// Children looked after on the final 31 March.
    pub children_in_care: u32,
    /// Children starting to be looked after in each collection year.
    pub starters_per_year: u32,
    /// Share of children in care in each standard placement group.
    pub placement_mix: Vec<(String, f64)>,
    /// Share of children in care in each DfE age band.
    pub age_mix: Vec<(String, f64)>,
    /// Share of children in care who are unaccompanied asylum seekers.
    pub uasc_share: f64,
    /// Share of children in care placed outside their home authority.
    pub outside_la_share: f64,
    /// Share of all children in care placed more than 20 miles from home (unknown distances count as not).
    pub over_20_miles_share: f64,
    /// Share of children in care on 31 March with 3 or more placements in the year.
    pub three_plus_moves_share: f64,
    /// Postcode areas (e.g. `NR`) children's homes are drawn from; empty means the whole authority.
    pub home_postcode_area: Vec<String>,
    /// The last day of the last collection year.
    pub collection_end: NaiveDate,
}

/// National placement mix at 31 March 2025 in the standard groups
/// (statistics.md §3: foster 67% split by the FOI survey into kinship 15.6,
/// in-house 27.9, agency 24.8; homes and secure 12% with 11.4% of residents in
/// LA-run homes; supported 9%; parents 6%; adoption 2%; other residential 1%;
/// other 3%).
fn national_mix() -> Vec<(String, f64)> {
    mix(0.67, 0.12, 0.09, 0.06, None)
}

/// A placement mix from published headline shares, split into the standard
/// groups in national proportions (statistics.md §3); the remainder goes to
/// adoption, other residential and other in the national 2:1:3 ratio unless
/// `adoption` is given.
fn mix(foster: f64, homes: f64, supported: f64, parents: f64, adoption: Option<f64>) -> Vec<(String, f64)> {
    let rest = 1.0 - foster - homes - supported - parents;
    let adoption = adoption.unwrap_or(rest * 2.0 / 6.0);
    let rest = rest - adoption;
    let foster_parts = [("foster_kinship", 15.6), ("foster_in_house", 27.9), ("foster_agency", 24.8)];
    let foster_total: f64 = foster_parts.iter().map(|(_, s)| s).sum();
    let mut v: Vec<(String, f64)> =
        foster_parts.iter().map(|(g, s)| (g.to_string(), foster * s / foster_total)).collect();
    // 1,058 of 9,272 children's-home residents were in LA-run homes (statistics.md §3); secure ~ 0.5 point.
    let secure = (homes * 0.04).min(homes);
    let in_house = (homes - secure) * 1_058.0 / 9_272.0;
    v.push(("childrens_home_in_house".into(), in_house));
    v.push(("childrens_home_external".into(), homes - secure - in_house));
    v.push(("secure".into(), secure));
    v.push(("supported".into(), supported));
    v.push(("with_parents".into(), parents));
    v.push(("adoption".into(), adoption));
    v.push(("residential_other".into(), rest / 3.0));
    v.push(("temporary".into(), 0.0));
    v.push(("other".into(), rest * 2.0 / 3.0));
    v
}

/// Ages at 31 March 2025 (statistics.md §4: 3,630 / 10,030 / 15,110 / 30,930 / 22,060).
fn national_ages() -> Vec<(String, f64)> {
    let counts = [3_630.0, 10_030.0, 15_110.0, 30_930.0, 22_060.0];
    let total: f64 = counts.iter().sum();
    AGE_BANDS.iter().zip(counts).map(|(b, c)| (b.to_string(), c / total)).collect()
}

/// National starters per child in care, 2024-25: 32,270 / 81,770 (statistics.md §1).
const STARTERS_PER_CHILD: f64 = 32_270.0 / 81_770.0;

impl Profile {
    /// The names [`Profile::named`] accepts.
    ///
    /// ```
    /// use sufficiency::synth::Profile;
    /// for name in Profile::NAMES {
    ///     assert!(Profile::named(name).unwrap().validate().is_ok());
    /// }
    /// ```
    pub const NAMES: &'static [&'static str] = &["england-median", "county", "metropolitan", "inner-london", "england"];

    /// A named profile, calibrated to 31 March 2025 (statistics.md §1–§9):
    ///
    /// | name | modelled on | children in care | outside LA | > 20 miles |
    /// |---|---|---|---|---|
    /// | `england-median` | the median LA (457), national mixes, Stockport's postcodes | 457 | 44% | 22% |
    /// | `county` | Norfolk | 1,069 | 23% | 41% |
    /// | `metropolitan` | Manchester | 1,280 | 49% | 8% |
    /// | `inner-london` | Camden | 205 | 69% | 16% |
    /// | `england` | all of England | 81,770 | 44% | 22% |
    ///
    /// ```
    /// use sufficiency::synth::Profile;
    /// let manchester = Profile::named("metropolitan").unwrap();
    /// assert_eq!((manchester.authority.code.as_str(), manchester.children_in_care), ("E08000003", 1_280));
    /// assert_eq!((manchester.outside_la_share, manchester.over_20_miles_share), (0.49, 0.08));
    /// // Starters scale with the national 32,270 starters per 81,770 children.
    /// assert_eq!(manchester.starters_per_year, (1_280.0_f64 * 32_270.0 / 81_770.0).round() as u32);
    /// ```
    pub fn named(name: &str) -> Result<Profile, SynthError> {
        let end = NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date");
        let base = |name: &str, code: &str, la: &str, cic: u32| Profile {
            name: name.to_string(),
            authority: LocalAuthority::new(code, la),
            children_in_care: cic,
            starters_per_year: (f64::from(cic) * STARTERS_PER_CHILD).round() as u32,
            placement_mix: national_mix(),
            age_mix: national_ages(),
            uasc_share: 6_540.0 / 81_770.0,
            outside_la_share: 0.44,
            over_20_miles_share: 0.22,
            three_plus_moves_share: 0.10,
            home_postcode_area: Vec::new(),
            collection_end: end,
        };
        let p = match name {
            "england-median" => base(name, "E08000007", "Stockport", 457),
            "county" => Profile {
                placement_mix: mix(0.64, 0.12, 0.11, 0.04, None),
                uasc_share: 0.11,
                outside_la_share: 0.23,
                over_20_miles_share: 0.41,
                ..base(name, "E10000020", "Norfolk", 1_069)
            },
            "metropolitan" => Profile {
                placement_mix: mix(0.63, 0.10, 0.13, 0.11, None),
                uasc_share: 0.13,
                outside_la_share: 0.49,
                over_20_miles_share: 0.08,
                ..base(name, "E08000003", "Manchester", 1_280)
            },
            "inner-london" => Profile {
                placement_mix: mix(0.63, 0.14, 0.17, 0.03, None),
                uasc_share: 0.17,
                outside_la_share: 0.69,
                over_20_miles_share: 0.16,
                ..base(name, "E09000007", "Camden", 205)
            },
            "england" => Profile { starters_per_year: 32_270, ..base(name, "E92000001", "England", 81_770) },
            other => return Err(SynthError::UnknownProfile { name: other.to_string(), known: Self::NAMES.join(", ") }),
        };
        Ok(p)
    }

    /// Whether this profile covers the whole country (each child's home authority is their own).
    ///
    /// ```
    /// use sufficiency::synth::Profile;
    /// assert!(Profile::named("england").unwrap().is_national()); // E92000001
    /// assert!(!Profile::named("county").unwrap().is_national());
    /// ```
    pub fn is_national(&self) -> bool {
        self.authority.code == "E92000001"
    }

    /// Checks that the profile can be generated: shares in range and summing to one,
    /// known groups and bands, a feasible combination of distance and boundary shares.
    ///
    /// ```
    /// use sufficiency::synth::Profile;
    /// let mut p = Profile::named("inner-london").unwrap();
    /// assert!(p.validate().is_ok());
    /// // Unaccompanied asylum seekers have no home postcode, so with 17% UASC at most
    /// // 83% can have a known distance over 20 miles.
    /// p.over_20_miles_share = 0.90;
    /// assert!(p.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), SynthError> {
        let bad = |what: String| Err(SynthError::InvalidProfile { what });
        if self.children_in_care == 0 {
            return bad("children_in_care must be at least 1".into());
        }
        for (what, mix, names) in
            [("placement_mix", &self.placement_mix, GROUPS), ("age_mix", &self.age_mix, AGE_BANDS)]
        {
            let total: f64 = mix.iter().map(|(_, s)| s).sum();
            if (total - 1.0).abs() > 1e-6 {
                return bad(format!("{what} shares add up to {total:.4}, not 1"));
            }
            if let Some((k, s)) = mix.iter().find(|(_, s)| !(0.0..=1.0).contains(s)) {
                return bad(format!("{what} share for '{k}' is {s}, outside 0 to 1"));
            }
            if let Some((k, _)) = mix.iter().find(|(k, _)| !names.contains(&k.as_str())) {
                return bad(format!("{what} names '{k}', which is not one of {}", names.join(", ")));
            }
        }
        for (what, s) in [
            ("uasc_share", self.uasc_share),
            ("outside_la_share", self.outside_la_share),
            ("over_20_miles_share", self.over_20_miles_share),
            ("three_plus_moves_share", self.three_plus_moves_share),
        ] {
            if !(0.0..=1.0).contains(&s) {
                return bad(format!("{what} is {s}, outside 0 to 1"));
            }
        }
        if self.over_20_miles_share > 1.0 - self.uasc_share + 1e-9 {
            return bad(format!(
                "over_20_miles_share {} is more than the share of children with a known home postcode ({}): unaccompanied asylum seekers have no distance",
                self.over_20_miles_share,
                1.0 - self.uasc_share
            ));
        }
        Ok(())
    }

    /// The share for a placement group (0 if absent).
    ///
    /// ```
    /// use sufficiency::synth::Profile;
    /// let england = Profile::named("england").unwrap();
    /// assert!((england.group_share("with_parents") - 0.06).abs() < 1e-12); // statistics.md §3
    /// let foster: f64 = ["foster_kinship", "foster_in_house", "foster_agency"].iter().map(|g| england.group_share(g)).sum();
    /// assert!((foster - 0.67).abs() < 1e-9); // 67% fostered
    /// assert_eq!(england.group_share("hotel"), 0.0);
    /// ```
    pub fn group_share(&self, group: &str) -> f64 {
        self.placement_mix.iter().find(|(g, _)| g == group).map(|(_, s)| *s).unwrap_or(0.0)
    }
}
