//! One call for the whole assessment: metrics, gaps, matching and the
//! marginal value of new places — for an authority, or for a region pooling
//! its members' need and supply.

use crate::progress::{silently, Cancelled, Progress, Silent, Step};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::cost::PriceBook;
use crate::geo::Postcodes;
use crate::model::Supply;

use super::gaps::{gaps, Gap};
use super::located::Locator;
use super::marginal::{values, MarginalValue};
use super::matching::{Matcher, Matching};
use super::metrics::Metrics;
use super::need::Need;
use super::policy::Policy;

/// An authority's (or a region's) sufficiency on a date.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::Postcodes;
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{assess, ChildNeed, Need, PlacementType, Policy};
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // Stockport: one in-house foster place, two children needing one (no postcodes).
/// let mut supply = Supply { authority: Some("E08000007".into()), ..Supply::default() };
/// supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// supply.settings.push(Setting::new("F1", "LA", SettingKind::FosterHousehold, 1));
/// let need = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster), ChildNeed::new("C2", 9, PlacementType::Foster)]);
/// let r = assess(&need, &supply, None, &Policy::default(), &Postcodes::new(), None);
/// assert_eq!((r.name.as_str(), r.matching.placed(), r.matching.unmet()), ("E08000007", 1, 1));
/// assert!(r.members.is_empty() && r.region_members.is_empty()); // not a region
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SufficiencyReport {
    /// Whose report: an authority code, or the region's name.
    pub name: String,
    /// The policy used.
    pub policy: Policy,
    /// The cohort assessed.
    pub need: Need,
    /// Measures from the return, when the need came from one.
    pub metrics: Option<Metrics>,
    /// Need against local supply.
    pub gaps: Vec<Gap>,
    /// The optimal matching.
    pub matching: Matching,
    /// One more place of each type in each district, best first.
    pub marginal: Vec<MarginalValue>,
    /// For a region: each member's own report (its need against its own supply).
    pub members: Vec<SufficiencyReport>,
    /// For a region: the members' codes.
    pub region_members: Vec<String>,
}

impl SufficiencyReport {
    /// Share of matched children placed in a setting inside the region (a
    /// region report) or inside the authority (otherwise), among those whose
    /// setting's authority is known.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::sufficiency::{assess, ChildNeed, Need, PlacementType, Policy};
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let mut pcs = Postcodes::new();
    /// pcs.insert("SK1 1AA", GridRef::new(400_000, 300_000), Some("E08000007")); // Stockport
    /// pcs.insert("M1 1AA", GridRef::new(405_000, 300_000), Some("E08000003")); // Manchester, 3.1 miles
    /// # let mut supply = Supply { authority: Some("E08000007".into()), ..Supply::default() };
    /// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
    /// # let carer = |id: &str, pc: &str| { let mut s = Setting::new(id, "LA", SettingKind::FosterHousehold, 1); s.postcode = Some(pc.into()); s };
    /// // Stockport's two foster children, one carer in Stockport and one in Manchester.
    /// supply.settings = vec![carer("F1", "SK1 1AA"), carer("F2", "M1 1AA")];
    /// let child = |id| ChildNeed::new(id, 9, PlacementType::Foster).with_home("SK1 1AA");
    /// let r = assess(&Need::named(on, vec![child("C1"), child("C2")]), &supply, None, &Policy::default(), &pcs, None);
    /// assert_eq!(r.in_area_share(&supply, &pcs), Some(0.5));
    /// ```
    pub fn in_area_share(&self, supply: &Supply, postcodes: &Postcodes) -> Option<f64> {
        let inside: BTreeSet<String> = if self.region_members.is_empty() {
            [self.name.clone()].into()
        } else {
            self.region_members.iter().cloned().collect()
        };
        let mut loc = Locator::new(postcodes);
        let by_id: BTreeMap<&str, Option<String>> = supply
            .settings
            .iter()
            .map(|s| (s.id.as_str(), loc.spot(s.postcode.as_deref()).and_then(|x| x.authority)))
            .collect();
        let (mut known, mut inn) = (0u32, 0u32);
        for p in &self.matching.placements {
            if let Some(Some(a)) = p.setting.as_deref().and_then(|s| by_id.get(s)) {
                known += 1;
                inn += u32::from(inside.contains(a));
            }
        }
        (known > 0).then(|| f64::from(inn) / f64::from(known))
    }
}

/// Assesses a cohort against a supply.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::sufficiency::{assess, Need, Policy};
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 2).unwrap();
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::in_care(&la.dataset, on, Some(&la.supply));
/// let r = assess(&need, &la.supply, None, &Policy::default(), &Postcodes::new(), None);
/// assert_eq!(r.matching.placements.len(), need.children.len());
/// ```
pub fn assess(
    need: &Need,
    supply: &Supply,
    metrics: Option<Metrics>,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
) -> SufficiencyReport {
    silently(assess_with_progress(need, supply, metrics, policy, postcodes, prices, &Silent))
}

/// [`assess`], reporting its stages (`"gaps"`, `"matching"`, `"marginal
/// values"`) to `progress`, which may cancel it between them.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::progress::{Flow, Step};
/// use sufficiency::sufficiency::{assess_with_progress, Need, Policy};
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 1).unwrap();
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::in_care(&la.dataset, on, Some(&la.supply));
/// // Stop before the marginal values: no report comes back.
/// let stop = |s: Step| if s.stage == "marginal values" { Flow::Cancel } else { Flow::Continue };
/// let r = assess_with_progress(&need, &la.supply, None, &Policy::default(), &Postcodes::new(), None, &stop);
/// assert_eq!(r.unwrap_err().stage, "marginal values");
/// ```
pub fn assess_with_progress(
    need: &Need,
    supply: &Supply,
    metrics: Option<Metrics>,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
    progress: &dyn Progress,
) -> Result<SufficiencyReport, Cancelled> {
    progress.check(Step::new("gaps", 0, 1))?;
    let gaps = gaps(need, supply, policy, postcodes);
    // One solve serves both the matching and the marginal values.
    progress.check(Step::new("matching", 0, 1))?;
    let matcher = Matcher::new(need, supply, policy, postcodes, prices);
    let solved = matcher.solve();
    let matching = matcher.finish(&solved);
    progress.check(Step::new("marginal values", 0, 1))?;
    let marginal = values(&matcher, &solved, &matching, postcodes, prices);
    progress.check(Step::new("marginal values", 1, 1))?;
    Ok(SufficiencyReport {
        name: supply.authority.clone().unwrap_or_default(),
        policy: policy.clone(),
        need: need.clone(),
        metrics,
        gaps,
        matching,
        marginal,
        members: Vec::new(),
        region_members: Vec::new(),
    })
}

/// Pools members' need and supply: one cohort, and every member's settings
/// with each member's children counted as the region's own.
///
/// A setting several members list is kept once: its places are the largest
/// any member gives, its own children the members' own summed, and its other
/// children those outside the region (each member's "other" less the other
/// members' own, the least over members, never below zero).
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::model::{Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{pool, Need};
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let mut a = Supply::default();
/// let mut h = Setting::new("H1", "P", SettingKind::ChildrensHome, 4);
/// (h.own_children, h.other_children) = (1, 2);
/// a.settings.push(h.clone());
/// let mut b = Supply::default();
/// (h.own_children, h.other_children) = (1, 2);
/// b.settings.push(h);
/// let (_, pooled) = pool(&[(Need::named(on, vec![]), a), (Need::named(on, vec![]), b)]);
/// let s = &pooled.settings[0];
/// assert_eq!((s.own_children, s.other_children), (2, 1));
/// ```
pub fn pool(members: &[(Need, Supply)]) -> (Need, Supply) {
    let on = members.first().map_or(chrono::NaiveDate::MIN, |m| m.0.on);
    let cohort = members.first().map_or(super::need::Cohort::New, |m| m.0.cohort);
    let mut need = Need { on, cohort, children: Vec::new(), not_assessed: Vec::new() };
    let mut supply = Supply::default();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut listed: Vec<Vec<(u32, u32)>> = Vec::new();
    for (n, s) in members {
        need.children.extend(n.children.iter().cloned());
        need.not_assessed.extend(n.not_assessed.iter().cloned());
        for p in &s.providers {
            if supply.provider(&p.id).is_none() {
                supply.providers.push(p.clone());
            }
        }
        supply.occupants.extend(s.occupants.iter().cloned());
        for st in &s.settings {
            match index.get(&st.id) {
                Some(&j) => {
                    let have = &mut supply.settings[j];
                    have.places = have.places.max(st.places);
                    listed[j].push((st.own_children, st.other_children));
                }
                None => {
                    index.insert(st.id.clone(), supply.settings.len());
                    listed.push(vec![(st.own_children, st.other_children)]);
                    supply.settings.push(st.clone());
                }
            }
        }
    }
    for (s, views) in supply.settings.iter_mut().zip(&listed) {
        let own: u32 = views.iter().map(|v| v.0).sum();
        let outside = views.iter().map(|v| v.1.saturating_sub(own - v.0)).min().unwrap_or(0);
        s.own_children = own;
        s.other_children = outside;
    }
    (need, supply)
}

/// A region's assessment: the pooled report, with each member's own
/// report (its need against its own supply) in `members`.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::Postcodes;
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{assess_region, ChildNeed, Need, PlacementType, Policy};
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // A has a child needing a foster place and no carer; B has a vacant carer and no child.
/// let a = Need::named(on, vec![ChildNeed::new("C1", 9, PlacementType::Foster)]);
/// let mut b = Supply::default();
/// b.providers.push(Provider::new("LA-B", "B", Ownership::OwnAuthority));
/// b.settings.push(Setting::new("F1", "LA-B", SettingKind::FosterHousehold, 1));
/// let members = vec![("A".to_string(), a, Supply::default(), None), ("B".to_string(), Need::named(on, vec![]), b, None)];
/// let r = assess_region("A+B", &members, &Policy::default(), &Postcodes::new(), None);
/// assert_eq!(r.members[0].matching.unmet(), 1); // A alone cannot place C1
/// assert_eq!((r.name.as_str(), r.matching.placed()), ("A+B", 1)); // the region can
/// assert_eq!(r.region_members, ["A", "B"]);
/// ```
pub fn assess_region(
    name: &str,
    members: &[(String, Need, Supply, Option<Metrics>)],
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
) -> SufficiencyReport {
    silently(assess_region_with_progress(name, members, policy, postcodes, prices, &Silent))
}

/// [`assess_region`], reporting each member assessed (stage `"members"`)
/// and then the pooled assessment's stages to `progress`, which may cancel
/// it between them.
///
/// ```
/// use std::sync::Mutex;
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::progress::{Flow, Step};
/// use sufficiency::sufficiency::{assess_region_with_progress, Need, Policy};
/// use sufficiency::synth::{synthetic_region, NORTH_WEST_18};
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let las = synthetic_region(&NORTH_WEST_18[..2], 0, 1).unwrap();
/// let members: Vec<_> = las
///     .iter()
///     .map(|la| (la.profile.authority.code.clone(), Need::in_care(&la.dataset, on, Some(&la.supply)), la.supply.clone(), None))
///     .collect();
/// let seen = Mutex::new(Vec::new());
/// let record = |s: Step| {
///     seen.lock().unwrap().push((s.stage, s.done, s.total));
///     Flow::Continue
/// };
/// let r = assess_region_with_progress("two", &members, &Policy::default(), &Postcodes::new(), None, &record).unwrap();
/// assert_eq!(r.members.len(), 2);
/// let seen = seen.into_inner().unwrap();
/// assert_eq!(seen.iter().filter(|s| s.0 == "members").count(), 3); // 0, 1 and 2 of 2
/// assert_eq!(seen.last(), Some(&("marginal values", 1, 1)));
/// ```
pub fn assess_region_with_progress(
    name: &str,
    members: &[(String, Need, Supply, Option<Metrics>)],
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
    progress: &dyn Progress,
) -> Result<SufficiencyReport, Cancelled> {
    let total = members.len() as u64;
    progress.check(Step::new("members", 0, total))?;
    let mut reports = Vec::with_capacity(members.len());
    for (i, (code, n, s, m)) in members.iter().enumerate() {
        let mut r = assess_with_progress(n, s, m.clone(), policy, postcodes, prices, &Silent)?;
        r.name = code.clone();
        reports.push(r);
        progress.check(Step::new("members", i as u64 + 1, total))?;
    }
    let pairs: Vec<(Need, Supply)> = members.iter().map(|(_, n, s, _)| (n.clone(), s.clone())).collect();
    let (need, supply) = pool(&pairs);
    let mut r = assess_with_progress(&need, &supply, None, policy, postcodes, prices, progress)?;
    r.name = name.to_string();
    r.members = reports;
    r.region_members = members.iter().map(|m| m.0.clone()).collect();
    Ok(r)
}
