//! Gap analysis: need against local supply by placement type × age band ×
//! area, and what kind of gap it is (`shared/domain/costs-and-commissioning.md` §10).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::geo::GridRef;
use crate::model::{AgeBands, Supply};

use super::located::{miles, Locator, Spot};
use super::need::{Cohort, Need, PlacementType};
use super::policy::{Area, Policy};

/// What kind of insufficiency a gap is.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::geo::Postcodes;
/// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Specialism, Supply};
/// # use sufficiency::sufficiency::{gaps, ChildNeed, GapClass, Need, PlacementType, Policy};
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// // A vacant local foster place, but the child's disability is not a specialism it meets.
/// let mut carer = Setting::new("F1", "LA", SettingKind::FosterHousehold, 1);
/// carer.postcode = Some("M1 1AE".into());
/// supply.settings.push(carer);
/// let mut c = ChildNeed::new("C1", 8, PlacementType::Foster).with_home("M1 1AE");
/// c.needs.push(Specialism::Disability);
/// let g = gaps(&Need::named(on, vec![c]), &supply, &Policy::default(), &Postcodes::new());
/// assert_eq!((g[0].open, g[0].specialist, g[0].class()), (1, 1, GapClass::Specialist));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapClass {
    /// Enough local places are open to the children who need them.
    None,
    /// Children need something (disability, mental health, …) no local setting of the type meets.
    Specialist,
    /// Local places exist but other children fill them.
    Access,
    /// Too few local places of the type, filled or not.
    Numerical,
}

impl GapClass {
    /// The label (as serialised).
    ///
    /// ```
    /// use sufficiency::sufficiency::GapClass;
    /// assert_eq!(GapClass::Numerical.label(), "numerical");
    /// assert_eq!(serde_json::to_string(&GapClass::Access).unwrap(), format!("\"{}\"", GapClass::Access.label()));
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            GapClass::None => "none",
            GapClass::Specialist => "specialist",
            GapClass::Access => "access",
            GapClass::Numerical => "numerical",
        }
    }
}

/// Need against local supply in one cell: placement type × age band × area.
///
/// The children in the cell who need the type are `need`. The local settings
/// are those of the type that take a child of that age, in the child's area
/// (see [`Area`]); a cell's supply is every setting local to one of its
/// children. Its places are `open` (vacant, plus — when the cohort is the
/// children in care re-placed — the places the cohort fills now) or
/// `occupied_by_others` (other authorities' children, and own children not in
/// the cohort). The gap splits in three, in this order:
///
/// - **specialist**: children with a need no local setting of the type meets;
/// - **access**: of the other children, those beyond the open places, up to
///   the places others fill;
/// - **numerical**: the rest — too few places even counting those filled.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{gaps, ChildNeed, Need, PlacementType, Policy};
/// # let mut supply = Supply::default();
/// # supply.providers.push(Provider::new("P", "Homes Ltd", Ownership::Private));
/// // One local home: 2 places, 1 vacant and 1 filled by another authority's child.
/// let mut home = Setting::new("H1", "P", SettingKind::ChildrensHome, 2);
/// (home.postcode, home.other_children) = (Some("M1 1AE".into()), 1);
/// supply.settings.push(home);
/// let child = |id| ChildNeed::new(id, 14, PlacementType::Residential).with_home("M1 1AE");
/// let need = Need::named(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(), vec![child("C1"), child("C2"), child("C3")]);
/// let g = &gaps(&need, &supply, &Policy::default(), &Postcodes::new())[0];
/// // 3 children, 1 open place: 1 more fits the filled place (access), 1 fits nowhere (numerical).
/// assert_eq!((g.need, g.open, g.occupied_by_others, g.access, g.numerical), (3, 1, 1, 1, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// The preferred placement type.
    pub placement_type: PlacementType,
    /// The DfE age band (`under 1`, `1-4`, `5-9`, `10-15`, `16+`).
    pub age_band: String,
    /// The area: an authority code, a postcode district, or `home not recorded`.
    pub area: String,
    /// Children needing the type.
    pub need: u32,
    /// Usable places in the cell's local settings.
    pub places: u32,
    /// Of those, places open to these children.
    pub open: u32,
    /// Of those, places other children fill.
    pub occupied_by_others: u32,
    /// Children whose needs no local setting meets.
    pub specialist: u32,
    /// Children beyond the open places whom filled places could have taken.
    pub access: u32,
    /// Children beyond every local place.
    pub numerical: u32,
}

impl Gap {
    /// Children the local supply cannot place: specialist + access + numerical.
    ///
    /// ```
    /// # use sufficiency::sufficiency::{Gap, GapClass, PlacementType};
    /// // 6 children; 3 local places, 1 open and 2 filled by others; 1 child needs
    /// // what no local setting meets. Of the other 5, 1 takes the open place.
    /// let g = Gap {
    ///     placement_type: PlacementType::Foster, age_band: "5-9".into(), area: "E08000007".into(),
    ///     need: 6, places: 3, open: 1, occupied_by_others: 2, specialist: 1, access: 2, numerical: 2,
    /// };
    /// assert_eq!(g.gap(), 5); // 1 + 2 + 2
    /// ```
    pub fn gap(&self) -> u32 {
        self.specialist + self.access + self.numerical
    }

    /// The largest part of the gap (specialist, then access, then numerical on ties).
    ///
    /// ```
    /// # use sufficiency::sufficiency::{Gap, GapClass, PlacementType};
    /// // 6 children; 3 local places, 1 open and 2 filled by others; 1 child needs
    /// // what no local setting meets. Of the other 5, 1 takes the open place.
    /// let g = Gap {
    ///     placement_type: PlacementType::Foster, age_band: "5-9".into(), area: "E08000007".into(),
    ///     need: 6, places: 3, open: 1, occupied_by_others: 2, specialist: 1, access: 2, numerical: 2,
    /// };
    /// assert_eq!(g.class(), GapClass::Access); // access and numerical tie at 2
    /// let none = Gap { specialist: 0, access: 0, numerical: 0, ..g };
    /// assert_eq!(none.class(), GapClass::None);
    /// ```
    pub fn class(&self) -> GapClass {
        if self.gap() == 0 {
            return GapClass::None;
        }
        let parts = [
            (self.specialist, GapClass::Specialist),
            (self.access, GapClass::Access),
            (self.numerical, GapClass::Numerical),
        ];
        parts.iter().fold((0, GapClass::None), |best, &(n, c)| if n > best.0 { (n, c) } else { best }).1
    }
}

/// Settings open to the cohort: for each setting, how many cohort children live there now.
///
/// When the supply does not say where the authority's children live (supply
/// read from tables has `own_children` counts but no `occupants`), the
/// children in care are taken to fill all of their authority's places: they
/// are the cohort being re-placed, so those places are released to it rather
/// than counted as taken.
pub(crate) fn cohort_occupants(need: &Need, supply: &Supply) -> Vec<u32> {
    if need.cohort == Cohort::InCare && supply.occupants.is_empty() {
        return supply.settings.iter().map(|s| s.own_children).collect();
    }
    let index: HashMap<&str, usize> = supply.settings.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut held = vec![0u32; supply.settings.len()];
    if need.cohort == Cohort::InCare {
        for c in &need.children {
            if let Some(&i) = c.current_setting.as_deref().and_then(|s| index.get(s)) {
                held[i] += 1;
            }
        }
    }
    held
}

/// Places in each setting open to the cohort: vacant, plus those cohort children fill now.
pub(crate) fn open_places(supply: &Supply, held: &[u32]) -> Vec<u32> {
    supply
        .settings
        .iter()
        .zip(held)
        .map(|(s, &h)| if s.kinship { 0 } else { s.vacant() + h.min(s.own_children).min(s.usable_places()) })
        .collect()
}

/// A gap cell: placement type, age band index, area.
type CellKey = (PlacementType, usize, String);
/// A cell's children, the local settings of each of its distinct
/// [`Whereabouts`] (indices into the memo of [`gaps`]), and its specialist children.
type CellNeed = (u32, BTreeSet<usize>, u32);

/// What, besides placement type and age, decides which settings are local
/// to a child under an area rule ([`is_local`]): children who share it
/// share their local settings, so those are found once for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Whereabouts<'a> {
    /// The home's authority ([`Area::Authority`]); `None` when the home's
    /// postcode has no authority, which makes nothing local.
    Authority(Option<&'a str>),
    /// The home's postcode district ([`Area::District`]).
    District(&'a str),
    /// The home itself ([`Area::Radius`]).
    Home(GridRef),
    /// No home postcode: the responsible authority, compared without case.
    Responsible(Option<&'a str>),
}

impl<'a> Whereabouts<'a> {
    fn of(area: Area, home: Option<&'a Spot>, authority: Option<&'a str>) -> Self {
        match (area, home) {
            (Area::Authority, Some(h)) => Whereabouts::Authority(h.authority.as_deref()),
            (Area::District, Some(h)) => Whereabouts::District(&h.district),
            (Area::Radius(_), Some(h)) => Whereabouts::Home(h.grid),
            (_, None) => Whereabouts::Responsible(authority),
        }
    }
}

/// Need against local supply, by placement type × age band × area.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{gaps, ChildNeed, GapClass, Need, PlacementType, Policy};
/// let mut supply = Supply::default();
/// supply.providers.push(Provider::new("P", "Homes Ltd", Ownership::Private));
/// let mut home = Setting::new("H1", "P", SettingKind::ChildrensHome, 2);
/// home.postcode = Some("M1 1AE".into());
/// home.other_children = 2; // full with other authorities' children
/// supply.settings.push(home);
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![ChildNeed::new("C1", 14, PlacementType::Residential).with_home("M1 1AE")]);
/// let g = gaps(&need, &supply, &Policy::default(), &Postcodes::new());
/// assert_eq!((g[0].need, g[0].access, g[0].class()), (1, 1, GapClass::Access));
/// ```
pub fn gaps(need: &Need, supply: &Supply, policy: &Policy, postcodes: &crate::geo::Postcodes) -> Vec<Gap> {
    let bands = AgeBands::dfe();
    let mut loc = Locator::new(postcodes);
    let homes = loc.homes(&need.children);
    let sites = loc.settings(supply);
    let held = cohort_occupants(need, supply);
    let open = open_places(supply, &held);
    // (type, band, area) -> (children, union of local settings, specialist children)
    let mut cells: BTreeMap<CellKey, CellNeed> = BTreeMap::new();
    // The settings of each placement type, and the local ones for each
    // (type, age, whereabouts) met so far: a region has a few thousand such
    // keys against ten thousand children, and each key looks at every
    // setting of its type once rather than once per child.
    let mut of_type: HashMap<PlacementType, Vec<usize>> = HashMap::new();
    for (i, s) in supply.settings.iter().enumerate() {
        if !s.kinship {
            of_type.entry(PlacementType::of(s.kind)).or_default().push(i);
        }
    }
    let mut memo: HashMap<(PlacementType, u8, Whereabouts<'_>), usize> = HashMap::new();
    let mut locals: Vec<Vec<usize>> = Vec::new();
    for (c, home) in need.children.iter().zip(&homes) {
        let Some(t) = c.preferred() else { continue };
        let band = bands.bands().iter().position(|b| b.contains(i32::from(c.age))).unwrap_or(0);
        let area = area_label(policy.area, home.as_ref(), c.authority.as_deref());
        let key = (t, c.age, Whereabouts::of(policy.area, home.as_ref(), c.authority.as_deref()));
        let at = *memo.entry(key).or_insert_with(|| {
            let local = of_type.get(&t).map_or(&[][..], Vec::as_slice).iter().copied().filter(|&i| {
                supply.settings[i].accepts_age(c.age)
                    && is_local(policy.area, home.as_ref(), c.authority.as_deref(), sites[i].as_ref())
            });
            locals.push(local.collect());
            locals.len() - 1
        });
        let local = &locals[at];
        let specialist = !c.needs.is_empty() && !local.iter().any(|&i| supply.settings[i].meets(&c.needs));
        let cell = cells.entry((t, band, area)).or_default();
        cell.0 += 1;
        cell.1.insert(at);
        cell.2 += u32::from(specialist);
    }
    cells
        .into_iter()
        .map(|((t, band, area), (n, keys, specialist))| {
            let local: BTreeSet<usize> = keys.iter().flat_map(|&k| locals[k].iter().copied()).collect();
            cell_gap((t, bands.bands()[band].label(), area), (n, &local, specialist), supply, &open)
        })
        .collect()
}

/// The gap of one cell (type, age band label, area) from its children, the
/// union of their local settings and its specialist children, given the
/// places of each setting open to the cohort.
fn cell_gap(
    (placement_type, age_band, area): (PlacementType, String, String),
    (n, local, specialist): (u32, &BTreeSet<usize>, u32),
    supply: &Supply,
    open: &[u32],
) -> Gap {
    let places: u32 = local.iter().map(|&i| supply.settings[i].usable_places()).sum();
    let open_here: u32 = local.iter().map(|&i| open[i]).sum();
    let others = places.saturating_sub(open_here);
    let short = (n - specialist).saturating_sub(open_here);
    let access = short.min(others);
    Gap {
        placement_type,
        age_band,
        area,
        need: n,
        places,
        open: open_here,
        occupied_by_others: others,
        specialist,
        access,
        numerical: short - access,
    }
}

fn area_label(area: Area, home: Option<&Spot>, authority: Option<&str>) -> String {
    match (area, home) {
        (Area::Authority, Some(h)) => h.authority.clone().unwrap_or_else(|| "unknown".into()),
        (Area::Authority, None) => authority.map_or_else(|| "home not recorded".into(), str::to_string),
        (_, Some(h)) => h.district.clone(),
        (_, None) => "home not recorded".into(),
    }
}

/// Whether a setting is local to a child under the area rule. A child with
/// no home postcode is local to settings inside the responsible authority.
pub(crate) fn is_local(area: Area, home: Option<&Spot>, authority: Option<&str>, site: Option<&Spot>) -> bool {
    let Some(site) = site else { return false };
    match (area, home) {
        (Area::Authority, Some(h)) => h.authority.is_some() && h.authority == site.authority,
        (Area::District, Some(h)) => h.district == site.district,
        (Area::Radius(r), Some(h)) => miles(h, site) <= r,
        (_, None) => authority.is_some_and(|a| site.authority.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(a))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Postcodes;
    use crate::sufficiency::pool;
    use crate::synth::{synthetic_region, NORTH_WEST_18};

    /// The gaps with every child's local settings found by looking at every
    /// setting, child by child: the definition, without the memo.
    fn gaps_child_by_child(need: &Need, supply: &Supply, policy: &Policy, postcodes: &Postcodes) -> Vec<Gap> {
        let bands = AgeBands::dfe();
        let mut loc = Locator::new(postcodes);
        let homes = loc.homes(&need.children);
        let sites = loc.settings(supply);
        let open = open_places(supply, &cohort_occupants(need, supply));
        let mut cells: BTreeMap<CellKey, (u32, BTreeSet<usize>, u32)> = BTreeMap::new();
        for (c, home) in need.children.iter().zip(&homes) {
            let Some(t) = c.preferred() else { continue };
            let band = bands.bands().iter().position(|b| b.contains(i32::from(c.age))).unwrap_or(0);
            let local: Vec<usize> = (0..supply.settings.len())
                .filter(|&i| {
                    let s = &supply.settings[i];
                    !s.kinship && PlacementType::of(s.kind) == t && s.accepts_age(c.age)
                })
                .filter(|&i| is_local(policy.area, home.as_ref(), c.authority.as_deref(), sites[i].as_ref()))
                .collect();
            let specialist = !c.needs.is_empty() && !local.iter().any(|&i| supply.settings[i].meets(&c.needs));
            let cell =
                cells.entry((t, band, area_label(policy.area, home.as_ref(), c.authority.as_deref()))).or_default();
            cell.0 += 1;
            cell.1.extend(local);
            cell.2 += u32::from(specialist);
        }
        cells
            .into_iter()
            .map(|((t, band, area), (n, local, specialist))| {
                cell_gap((t, bands.bands()[band].label(), area), (n, &local, specialist), supply, &open)
            })
            .collect()
    }

    #[test]
    fn local_settings_found_once_per_key_are_those_found_child_by_child() {
        // Four neighbouring authorities pooled: children of several homes and
        // authorities, some without a home postcode, under each area rule.
        let members = synthetic_region(&NORTH_WEST_18[..4], 3, 2).unwrap();
        let on = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        let pairs: Vec<(Need, Supply)> =
            members.iter().map(|m| (Need::in_care(&m.dataset, on, Some(&m.supply)), m.supply.clone())).collect();
        let (need, mut supply) = pool(&pairs);
        assert!(need.children.len() > 1000, "{} children", need.children.len());
        // Age ranges on some settings, so that children of one home and type
        // but different ages have different local settings.
        for (i, s) in supply.settings.iter_mut().enumerate() {
            match i % 3 {
                0 => (s.min_age, s.max_age) = (Some(11), Some(17)),
                1 => (s.min_age, s.max_age) = (None, Some(12)),
                _ => {}
            }
        }
        let postcodes = Postcodes::new();
        for area in [Area::Authority, Area::District, Area::Radius(20.0), Area::Radius(5.0)] {
            let policy = Policy { area, ..Policy::default() };
            let fast = gaps(&need, &supply, &policy, &postcodes);
            assert_eq!(fast, gaps_child_by_child(&need, &supply, &policy, &postcodes), "{area:?}");
            assert!(fast.iter().any(|g| g.gap() > 0) && fast.iter().any(|g| g.places > 0), "{area:?}");
        }
    }
}
