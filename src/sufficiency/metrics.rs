//! The sufficiency measures a council strategy reports, on one date
//! (`shared/domain/costs-and-commissioning.md` §11).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::{CollectionYear, PlaceProvider};
use crate::cost::{cost_episodes, By as CostBy, CostOptions, PriceBook, Route};
use crate::geo::Postcodes;
use crate::model::{Ownership, SettingKind, Supply};
use crate::snapshot::{in_care_on, placement_location, placement_stability, By, PlacementLocation, SnapshotOptions};
use crate::ssda903::Dataset;

/// Placement groups that count as family-based: foster care (kinship
/// included), placed with parents, placed for adoption (costs §11).
///
/// ```
/// use sufficiency::sufficiency::FAMILY_BASED;
/// assert!(FAMILY_BASED.contains(&"foster_kinship") && FAMILY_BASED.contains(&"with_parents"));
/// assert!(!FAMILY_BASED.contains(&"childrens_home_in_house") && !FAMILY_BASED.contains(&"supported"));
/// ```
pub const FAMILY_BASED: &[&str] = &["foster_kinship", "foster_in_house", "foster_agency", "with_parents", "adoption"];

/// The ONS code for England, whose children each count against their own home authority.
const NATIONAL: &str = "E92000001";

/// An authority's sufficiency measures on a date.
///
/// Shares are fractions (0.44 is 44%); `None` where the denominator is zero
/// or the input needed (a population, a price book) was not given.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # use sufficiency::sufficiency::{metrics, MetricsInputs};
/// # let dob = |c, d| vec![c, "M", d];
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![dob("C1", "01/01/2012"), dob("C2", "01/01/2010"), dob("C3", "01/01/2009"), dob("C4", "01/01/2015")]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let ep = |c, place, pr| vec![c, "01/05/2024", "S", "C2", "N1", place, pr, "", ""];
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // In care on the date: C1 in-house foster (U4, PR1), C2 agency foster (U4, PR4),
/// // C3 in a private children's home (K2, PR4), C4 with kin (U1, PR1).
/// let eps = vec![ep("C1", "U4", "PR1"), ep("C2", "U4", "PR4"), ep("C3", "K2", "PR4"), ep("C4", "U1", "PR1")];
/// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, eps)], None).unwrap();
/// let m = metrics(&ds, on, None, MetricsInputs::default());
/// assert_eq!((m.children_in_care, m.family_based), (4, 3)); // all but C3
/// assert_eq!((m.own_provision, m.external), (2, 2));
/// assert_eq!(m.rate_per_10k, None); // no population given
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// The authority's ONS code, if known.
    pub authority: Option<String>,
    /// The date.
    pub on: NaiveDate,
    /// Children in care on the date (short breaks left out).
    pub children_in_care: u64,
    /// Children in care per 10,000 children under 18, when a population is given.
    pub rate_per_10k: Option<f64>,
    /// Children by standard placement group.
    pub placement_mix: Vec<(String, u64)>,
    /// Children in family-based placements ([`FAMILY_BASED`]).
    pub family_based: u64,
    /// Children placed by the authority itself (PR1).
    pub own_provision: u64,
    /// Children placed with other public bodies (PR2, PR3).
    pub other_public: u64,
    /// Children placed with private or voluntary providers (PR4, PR5).
    pub external: u64,
    /// Children placed with parents or others with parental responsibility
    /// (PR0): a provider is recorded, and it is not a commissioned one.
    #[serde(default)]
    pub with_parents_provider: u64,
    /// Children with no provider recorded.
    pub provider_not_recorded: u64,
    /// Distance from home and inside/outside the boundary.
    pub location: PlacementLocation,
    /// Children in care at the end of the collection year containing the date
    /// (or on the date, mid-year) with three or more placements in that year.
    pub three_plus_placements: u64,
    /// The children that share is of.
    pub stability_children: u64,
    /// The authority's own children's homes: registered places and children in them.
    pub in_house_home_places: u32,
    /// Children (any authority's) in the authority's own homes.
    pub in_house_home_filled: u32,
    /// The authority's own mainstream foster households: approved places.
    pub in_house_foster_places: u32,
    /// Children in the authority's own mainstream foster households.
    pub in_house_foster_filled: u32,
    /// Other authorities' children living in settings inside this authority.
    pub placed_in_by_others: u64,
    /// This authority's children living outside it.
    pub placed_out: u64,
    /// Spend on the authority's placements in the financial year up to the
    /// date, by route (a price book is needed).
    pub spend_by_route: Vec<(Route, Decimal)>,
}

fn share(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Metrics {
    /// Family-based share of children in care.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let dob = |c, d| vec![c, "M", d];
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![dob("C1", "01/01/2012"), dob("C2", "01/01/2010"), dob("C3", "01/01/2009"), dob("C4", "01/01/2015")]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let ep = |c, place, pr| vec![c, "01/05/2024", "S", "C2", "N1", place, pr, "", ""];
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// // In care on the date: C1 in-house foster (U4, PR1), C2 agency foster (U4, PR4),
    /// // C3 in a private children's home (K2, PR4), C4 with kin (U1, PR1).
    /// let eps = vec![ep("C1", "U4", "PR1"), ep("C2", "U4", "PR4"), ep("C3", "K2", "PR4"), ep("C4", "U1", "PR1")];
    /// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, eps)], None).unwrap();
    /// let m = metrics(&ds, on, None, MetricsInputs::default());
    /// assert_eq!(m.family_based_share(), Some(0.75)); // C1, C2, C4 of 4
    /// ```
    pub fn family_based_share(&self) -> Option<f64> {
        share(self.family_based, self.children_in_care)
    }

    /// Share placed by the authority itself (PR1) among those with a provider
    /// recorded; children placed with parents (PR0) count in the whole, as in
    /// the DfE's provider table (`shared/domain/statistics.md` §3).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let dob = |c, d| vec![c, "M", d];
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![dob("C1", "01/01/2012"), dob("C2", "01/01/2010"), dob("C3", "01/01/2009"), dob("C4", "01/01/2015")]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let ep = |c, place, pr| vec![c, "01/05/2024", "S", "C2", "N1", place, pr, "", ""];
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// // In care on the date: C1 in-house foster (U4, PR1), C2 agency foster (U4, PR4),
    /// // C3 in a private children's home (K2, PR4), C4 with kin (U1, PR1).
    /// let eps = vec![ep("C1", "U4", "PR1"), ep("C2", "U4", "PR4"), ep("C3", "K2", "PR4"), ep("C4", "U1", "PR1")];
    /// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, eps)], None).unwrap();
    /// let m = metrics(&ds, on, None, MetricsInputs::default());
    /// assert_eq!(m.in_house_share(), Some(0.5)); // C1 and C4 of 4
    /// ```
    pub fn in_house_share(&self) -> Option<f64> {
        share(self.own_provision, self.children_in_care - self.provider_not_recorded)
    }

    /// Share with three or more placements in the year.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"], vec!["C2", "F", "01/01/2010"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let ep = |c, from, rne, to, rec| vec![c, from, rne, "C2", "N1", "U4", "PR1", to, rec];
    /// // In 2024/25, C1 has three foster placements and C2 one.
    /// let eps = vec![
    ///     ep("C1", "01/05/2024", "S", "01/08/2024", "X1"),
    ///     ep("C1", "01/08/2024", "P", "01/12/2024", "X1"),
    ///     ep("C1", "01/12/2024", "P", "", ""),
    ///     ep("C2", "01/05/2024", "S", "", ""),
    /// ];
    /// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, eps)], None).unwrap();
    /// let m = metrics(&ds, NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(), None, MetricsInputs::default());
    /// assert_eq!(m.three_plus_share(), Some(0.5));
    /// ```
    pub fn three_plus_share(&self) -> Option<f64> {
        share(self.three_plus_placements, self.stability_children)
    }

    /// Filled share of the authority's own children's-home places.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let ds = read_tables(vec![RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]])], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap();
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let mut supply = Supply::default();
    /// supply.providers.push(Provider::new("LA", "Our council", Ownership::OwnAuthority));
    /// let mut home = Setting::new("H1", "LA", SettingKind::ChildrensHome, 4);
    /// (home.own_children, home.other_children) = (2, 1);
    /// supply.settings.push(home);
    /// let m = metrics(&ds, on, None, MetricsInputs { supply: Some(&supply), ..Default::default() });
    /// assert_eq!(m.home_occupancy(), Some(0.75)); // 3 of 4 beds, whoever's children
    /// ```
    pub fn home_occupancy(&self) -> Option<f64> {
        share(u64::from(self.in_house_home_filled), u64::from(self.in_house_home_places))
    }

    /// Filled share of the authority's own mainstream foster places
    /// (kinship households are left out).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let ds = read_tables(vec![RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]])], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap();
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let mut supply = Supply::default();
    /// supply.providers.push(Provider::new("LA", "Our council", Ownership::OwnAuthority));
    /// let mut carers = Setting::new("F1", "LA", SettingKind::FosterHousehold, 3);
    /// carers.own_children = 1;
    /// let mut kin = Setting::new("F2", "LA", SettingKind::FosterHousehold, 1);
    /// (kin.kinship, kin.own_children) = (true, 1);
    /// supply.settings.extend([carers, kin]);
    /// let m = metrics(&ds, on, None, MetricsInputs { supply: Some(&supply), ..Default::default() });
    /// assert_eq!(m.foster_occupancy(), Some(1.0 / 3.0)); // 1 of 3 mainstream places
    /// ```
    pub fn foster_occupancy(&self) -> Option<f64> {
        share(u64::from(self.in_house_foster_filled), u64::from(self.in_house_foster_places))
    }

    /// Other authorities' children placed in, less own children placed out:
    /// positive for a net in-placer, negative for a net out-placer.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::geo::{GridRef, Postcodes};
    /// # use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "HOME_POST", "PL_POST"];
    /// let mut pcs = Postcodes::new();
    /// pcs.insert("SK1 1AA", GridRef::new(400_000, 300_000), Some("E08000007")); // Stockport
    /// pcs.insert("M1 1AA", GridRef::new(410_000, 300_000), Some("E08000003")); // Manchester
    /// // Stockport's C1 lives in Manchester; a Stockport home holds 2 other councils' children.
    /// let ep = vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR4", "", "", "SK1 1AA", "M1 1AA"];
    /// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, vec![ep])], None).unwrap();
    /// let mut home = Setting::new("H1", "CH", SettingKind::ChildrensHome, 3);
    /// (home.postcode, home.other_children) = (Some("SK1 1AA".into()), 2);
    /// let supply = Supply { settings: vec![home], ..Supply::default() };
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// let inputs = MetricsInputs { supply: Some(&supply), postcodes: Some(&pcs), ..Default::default() };
    /// let m = metrics(&ds, on, Some("E08000007"), inputs);
    /// assert_eq!(m.net_placements(), 1); // 2 placed in, 1 placed out
    /// ```
    pub fn net_placements(&self) -> i64 {
        self.placed_in_by_others as i64 - self.placed_out as i64
    }

    /// Each route's share of spend (empty when nothing was spent).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # use sufficiency::sufficiency::{metrics, MetricsInputs};
    /// # let ds = read_tables(vec![RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]])], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap();
    /// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    /// use rust_decimal::Decimal;
    /// use sufficiency::cost::Route;
    /// let mut m = metrics(&ds, on, None, MetricsInputs::default());
    /// assert!(m.spend_shares().is_empty()); // no price book, no spend
    /// m.spend_by_route = vec![(Route::InHouse, Decimal::from(300)), (Route::Spot, Decimal::from(100))];
    /// assert_eq!(m.spend_shares(), vec![(Route::InHouse, 0.75), (Route::Spot, 0.25)]);
    /// ```
    pub fn spend_shares(&self) -> Vec<(Route, f64)> {
        let total: Decimal = self.spend_by_route.iter().map(|(_, a)| *a).sum();
        if total.is_zero() {
            return Vec::new();
        }
        self.spend_by_route
            .iter()
            // A share is a ratio for display, not money.
            .map(|(r, a)| (*r, f64::try_from(*a / total).unwrap_or(0.0)))
            .collect()
    }
}

/// Inputs to [`metrics`] beyond the dataset; the default gives none of them.
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # use sufficiency::sufficiency::{metrics, MetricsInputs};
/// # let dob = |c, d| vec![c, "M", d];
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![dob("C1", "01/01/2012"), dob("C2", "01/01/2010"), dob("C3", "01/01/2009"), dob("C4", "01/01/2015")]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let ep = |c, place, pr| vec![c, "01/05/2024", "S", "C2", "N1", place, pr, "", ""];
/// # let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// // In care on the date: C1 in-house foster (U4, PR1), C2 agency foster (U4, PR4),
/// // C3 in a private children's home (K2, PR4), C4 with kin (U1, PR1).
/// let eps = vec![ep("C1", "U4", "PR1"), ep("C2", "U4", "PR4"), ep("C3", "K2", "PR4"), ep("C4", "U1", "PR1")];
/// let ds = read_tables(vec![header, RawTable::new("episodes", &cols, eps)], None).unwrap();
/// let m = metrics(&ds, on, None, MetricsInputs { population: Some(20_000), ..Default::default() });
/// assert_eq!(m.rate_per_10k, Some(2.0)); // 4 children per 20,000
/// assert_eq!(m.home_occupancy(), None); // no supply given
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct MetricsInputs<'a> {
    /// The authority's settings, for occupancy and placed-in counts.
    pub supply: Option<&'a Supply>,
    /// Children under 18 living in the authority, for the rate per 10,000.
    pub population: Option<u64>,
    /// Prices, for spend by route.
    pub prices: Option<&'a PriceBook>,
    /// Postcode lookup (the embedded one by default).
    pub postcodes: Option<&'a Postcodes>,
}

/// The sufficiency measures of one authority on `on`.
///
/// `authority` is the responsible authority's ONS code (the supply's, when
/// not given); it decides "inside the boundary".
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::sufficiency::{metrics, MetricsInputs};
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 2).unwrap();
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let m = metrics(&la.dataset, on, None, MetricsInputs { supply: Some(&la.supply), population: Some(68_000), ..Default::default() });
/// assert_eq!(m.children_in_care, 457);
/// assert!((m.rate_per_10k.unwrap() - 457.0 / 6.8).abs() < 1e-9);
/// ```
pub fn metrics(ds: &Dataset, on: NaiveDate, authority: Option<&str>, inputs: MetricsInputs<'_>) -> Metrics {
    let opts = SnapshotOptions::default();
    let embedded = Postcodes::new();
    let postcodes = inputs.postcodes.unwrap_or(&embedded);
    // England as a whole (E92000001) has no boundary of its own: each child's
    // home authority stands in for it.
    let authority = authority
        .map(str::to_string)
        .or_else(|| inputs.supply.and_then(|s| s.authority.clone()))
        .filter(|a| a != NATIONAL);
    let mix = in_care_on(ds, on, By::PlacementGroup, &opts);
    let children = mix.total();
    let placement_mix: Vec<(String, u64)> = mix.rows.clone();
    let family_based = placement_mix.iter().filter(|(g, _)| FAMILY_BASED.contains(&g.as_str())).map(|(_, n)| n).sum();
    let (mut own, mut public, mut external, mut parents, mut unknown) = (0, 0, 0, 0, 0);
    for e in ds.episodes().iter().filter(|e| e.is_open_on(on) && opts.counts(e)) {
        match e.provider {
            Some(PlaceProvider::PR1) => own += 1,
            Some(PlaceProvider::PR2 | PlaceProvider::PR3) => public += 1,
            Some(PlaceProvider::PR4 | PlaceProvider::PR5) => external += 1,
            Some(PlaceProvider::PR0) => parents += 1,
            None => unknown += 1,
        }
    }
    let location = placement_location(ds, on, authority.as_deref(), postcodes, &opts);
    let year = CollectionYear::containing(on);
    let stability = placement_stability(ds, year, &opts);
    let (mut hp, mut hf, mut fp, mut ff, mut placed_in) = (0, 0, 0, 0, 0u64);
    if let Some(supply) = inputs.supply {
        for s in &supply.settings {
            let filled = s.own_children + s.other_children;
            if supply.ownership(s) == Some(Ownership::OwnAuthority) {
                match s.kind {
                    SettingKind::ChildrensHome => {
                        hp += s.places;
                        hf += filled;
                    }
                    SettingKind::FosterHousehold if !s.kinship => {
                        fp += s.places;
                        ff += filled;
                    }
                    _ => {}
                }
            }
            if let (Some(code), Some(pc)) = (&authority, &s.postcode) {
                let inside = postcodes
                    .resolve(pc)
                    .ok()
                    .and_then(|l| l.placement_la())
                    .is_some_and(|la| la.as_str().eq_ignore_ascii_case(code));
                if inside {
                    placed_in += u64::from(s.other_children);
                }
            }
        }
    }
    let spend_by_route = inputs
        .prices
        .and_then(|book| {
            let from = year.start();
            let to = on.succ_opt()?;
            let costs = cost_episodes(ds, from, to, book, &[], &CostOptions::default()).ok()?;
            Some(
                costs
                    .table(&[CostBy::Route])
                    .into_iter()
                    .filter_map(|r| Some((r.keys[0].parse::<Route>().ok()?, r.amount)))
                    .collect(),
            )
        })
        .unwrap_or_default();
    Metrics {
        authority,
        on,
        children_in_care: children,
        rate_per_10k: inputs.population.filter(|p| *p > 0).map(|p| children as f64 * 10_000.0 / p as f64),
        placement_mix,
        family_based,
        own_provision: own,
        other_public: public,
        external,
        with_parents_provider: parents,
        provider_not_recorded: unknown,
        placed_out: location.outside,
        location,
        three_plus_placements: stability.three_or_more,
        stability_children: stability.children,
        in_house_home_places: hp,
        in_house_home_filled: hf,
        in_house_foster_places: fp,
        in_house_foster_filled: ff,
        placed_in_by_others: placed_in,
        spend_by_route,
    }
}
