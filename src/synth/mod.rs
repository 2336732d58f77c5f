//! Synthetic authorities: realistic SSDA903 returns, supply and prices that
//! anyone may share.
//!
//! Council analysts cannot share real children's records, so every example,
//! test and benchmark here runs on a synthetic authority instead. It is built
//! to match a [`Profile`] — the published figures for a median authority, a
//! county, a metropolitan borough, an inner-London borough or all of England
//! (`shared/domain/statistics.md`) — on its final 31 March:
//! children in care, placement mix, age mix, the share placed outside the
//! authority and more than 20 miles from home (real postcodes, the DfE's
//! straight-line distance), the share with three or more placements in the
//! year, and the number of starters each year.
//!
//! The years before it are drawn from one steady process, so that no day
//! of the year is special: starters come in evenly through each year, each
//! with an age on starting and a length of stay drawn from the same laws as
//! the children in care on the last day (`stay.rs` explains how the stay law
//! is solved from the profile's age mix). Exits are not pinned: they are
//! whatever those stays give. What remains: the children in care on the
//! last day are pinned to the profile while the years before follow the
//! process, and the process cannot meet every age band at once, so the
//! number in care drifts by about 1% over the final year (457 on the last
//! day against about 453 a year earlier for `england-median`, averaged over
//! eight seeds).
//!
//! Its [`Authority::dataset`] is exactly what reading its yearly SSDA903
//! returns gives: [`Authority::write_ssda903`] writes them, and reading them
//! back gives the same dataset with no issues.
//!
//! Generation is deterministic for a seed (ChaCha8), and pure: no clock, no I/O.
//!
//! ```
//! use sufficiency::synth::{synthetic_authority, Profile};
//! let profile = Profile::named("inner-london").unwrap();
//! let la = synthetic_authority(&profile, 7, 3).unwrap();
//! assert_eq!(la.dataset.collection_years().len(), 3);
//! assert!(la.dataset.issues().is_empty());
//! let again = synthetic_authority(&profile, 7, 3).unwrap();
//! assert!(again.dataset.same_records(&la.dataset));
//! ```

mod calibration;
mod codes;
mod error;
mod generate;
mod places;
mod prices;
mod profile;
mod region;
mod stay;
mod supply;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::codes::CollectionYear;
use crate::model::{ChildId, Supply};
use crate::ssda903::{read_record_years, write_return, Dataset};

pub use calibration::{calibration, Calibration};
pub use error::SynthError;
pub use prices::{default_prices, WeeklyPrice};
pub use profile::{Profile, AGE_BANDS, GROUPS};
pub use region::{synthetic_region, synthetic_region_with_progress, NORTH_WEST_18};

/// A synthetic local authority: its returns, its supply and its prices.
///
/// ```
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 42, 1).unwrap();
/// assert_eq!((la.seed, la.profile.authority.name.as_str()), (42, "Camden"));
/// assert_eq!(la.dataset.collection_years()[0].to_string(), "2024/25");
/// assert!(!la.supply.settings.is_empty() && !la.prices.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authority {
    /// What it was calibrated to.
    pub profile: Profile,
    /// The seed it was generated from.
    pub seed: u64,
    /// Its SSDA903 returns, read (shared, so handing it out costs nothing).
    pub dataset: std::sync::Arc<Dataset>,
    /// Providers and settings: its own homes and foster households and those its children are placed with.
    pub supply: Supply,
    /// Weekly prices by placement group and route, effective each 1 April.
    pub prices: Vec<WeeklyPrice>,
}

impl Authority {
    /// Writes one folder per collection year (`folder/2025/header.csv`, …) and returns the folders.
    ///
    /// ```
    /// # use sufficiency::synth::{synthetic_authority, Profile};
    /// # use sufficiency::ssda903::read_ssda903;
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 2).unwrap();
    /// let dir = std::env::temp_dir().join("sufficiency-doc-synth");
    /// let folders = la.write_ssda903(&dir).unwrap();
    /// let back = read_ssda903(&folders, None).unwrap();
    /// assert!(back.same_records(&la.dataset) && back.issues().is_empty());
    /// ```
    pub fn write_ssda903(&self, folder: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for year in self.dataset.collection_years() {
            let dir = folder.join(year.end_year().to_string());
            write_return(&self.dataset, *year, &dir)?;
            out.push(dir);
        }
        Ok(out)
    }
}

/// Changes to a named profile. Unset fields keep the profile's value.
///
/// A partial `placement_mix` or `age_mix` fixes the shares given and scales
/// the others to fill the rest. Changing `children_in_care` alone scales
/// `starters_per_year` with it.
///
/// ```
/// use sufficiency::synth::{Overrides, Profile};
/// let p = Profile::named("england-median").unwrap()
///     .with(&Overrides { children_in_care: Some(914), ..Default::default() })
///     .unwrap();
/// assert_eq!(p.children_in_care, 914);
/// assert_eq!(p.starters_per_year, 360);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// Children in care on the final 31 March.
    pub children_in_care: Option<u32>,
    /// Starters in each year.
    pub starters_per_year: Option<u32>,
    /// Placement group → share.
    pub placement_mix: Option<Vec<(String, f64)>>,
    /// DfE age band → share.
    pub age_mix: Option<Vec<(String, f64)>>,
    /// Share who are unaccompanied asylum seekers.
    pub uasc_share: Option<f64>,
    /// Share placed outside the authority.
    pub outside_la_share: Option<f64>,
    /// Share placed more than 20 miles from home.
    pub over_20_miles_share: Option<f64>,
    /// Share with three or more placements in the year.
    pub three_plus_moves_share: Option<f64>,
    /// Postcode areas children's homes are in.
    pub home_postcode_area: Option<Vec<String>>,
    /// The last day of the last collection year (a 31 March).
    pub collection_end: Option<NaiveDate>,
}

/// Fixes the given shares and scales the rest of `base` to fill the remainder.
fn blend(base: &[(String, f64)], given: &[(String, f64)]) -> Vec<(String, f64)> {
    let fixed: f64 = given.iter().map(|(_, s)| s).sum();
    let others: f64 = base.iter().filter(|(k, _)| !given.iter().any(|(g, _)| g == k)).map(|(_, s)| s).sum();
    let scale = if others > 0.0 { (1.0 - fixed).max(0.0) / others } else { 0.0 };
    let mut out: Vec<(String, f64)> = base
        .iter()
        .map(|(k, s)| match given.iter().find(|(g, _)| g == k) {
            Some((_, v)) => (k.clone(), *v),
            None => (k.clone(), s * scale),
        })
        .collect();
    for (k, v) in given {
        if !out.iter().any(|(o, _)| o == k) {
            out.push((k.clone(), *v));
        }
    }
    out
}

impl Profile {
    /// The profile with `overrides` applied and checked.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::synth::{Overrides, Profile};
    /// let base = Profile::named("england-median").unwrap();
    /// // Fix agency fostering at 40%; the other groups shrink to share the other 60%.
    /// let more_ifa = Overrides { placement_mix: Some(vec![("foster_agency".into(), 0.40)]), ..Default::default() };
    /// let p = base.clone().with(&more_ifa).unwrap();
    /// assert_eq!(p.group_share("foster_agency"), 0.40);
    /// assert!((p.placement_mix.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
    /// let not_march = Overrides { collection_end: NaiveDate::from_ymd_opt(2025, 6, 30), ..Default::default() };
    /// assert!(base.with(&not_march).is_err()); // a collection year ends on 31 March
    /// ```
    pub fn with(mut self, o: &Overrides) -> Result<Profile, SynthError> {
        if let Some(n) = o.children_in_care {
            if o.starters_per_year.is_none() {
                let per_child = f64::from(self.starters_per_year) / f64::from(self.children_in_care.max(1));
                self.starters_per_year = (f64::from(n) * per_child).round() as u32;
            }
            self.children_in_care = n;
        }
        if let Some(s) = o.starters_per_year {
            self.starters_per_year = s;
        }
        if let Some(m) = &o.placement_mix {
            self.placement_mix = blend(&self.placement_mix, m);
        }
        if let Some(m) = &o.age_mix {
            self.age_mix = blend(&self.age_mix, m);
        }
        let set = |v: &mut f64, o: Option<f64>| {
            if let Some(x) = o {
                *v = x;
            }
        };
        set(&mut self.uasc_share, o.uasc_share);
        set(&mut self.outside_la_share, o.outside_la_share);
        set(&mut self.over_20_miles_share, o.over_20_miles_share);
        set(&mut self.three_plus_moves_share, o.three_plus_moves_share);
        if let Some(a) = &o.home_postcode_area {
            self.home_postcode_area = a.iter().map(|s| s.trim().to_uppercase()).collect();
        }
        if let Some(d) = o.collection_end {
            if CollectionYear::containing(d).end() != d {
                return Err(SynthError::InvalidProfile { what: format!("collection_end {d} is not a 31 March") });
            }
            self.collection_end = d;
        }
        if o != &Overrides::default() {
            self.name = format!("{} (with overrides)", self.name);
        }
        self.validate()?;
        Ok(self)
    }
}

/// Generates a synthetic authority for `profile`: `years` collection years
/// ending on the profile's `collection_end`, deterministic for `seed`.
///
/// ```
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let camden = Profile::named("inner-london").unwrap();
/// let la = synthetic_authority(&camden, 0, 2).unwrap();
/// let years: Vec<String> = la.dataset.collection_years().iter().map(|y| y.to_string()).collect();
/// assert_eq!(years, ["2023/24", "2024/25"]); // two years ending 31 March 2025
/// assert!(synthetic_authority(&camden, 0, 0).is_err());
/// assert!(synthetic_authority(&camden, 0, 3000).is_err()); // before the first year a return can have
/// ```
pub fn synthetic_authority(profile: &Profile, seed: u64, years: u16) -> Result<Authority, SynthError> {
    synthetic_authority_with_progress(profile, seed, years, &crate::progress::Silent)
}

/// [`synthetic_authority`], reporting each stage to `progress`, which may
/// cancel it ([`SynthError::Cancelled`]). The `"england"` profile (about
/// 240,000 children over five years) takes seconds; the stages are the
/// children in care, the leavers, the supply, the episodes (in 1% steps) and
/// reading the returns back.
///
/// ```
/// use std::sync::Mutex;
/// use sufficiency::progress::{Flow, Step};
/// use sufficiency::synth::{synthetic_authority_with_progress, Profile, SynthError};
/// let p = Profile::named("inner-london").unwrap();
/// let stages = Mutex::new(Vec::new());
/// let record = |s: Step| {
///     stages.lock().unwrap().push(s.stage);
///     Flow::Continue
/// };
/// synthetic_authority_with_progress(&p, 0, 1, &record).unwrap();
/// assert_eq!(stages.lock().unwrap().first(), Some(&"children in care"));
/// assert_eq!(stages.lock().unwrap().last(), Some(&"returns"));
/// // Cancelling at the supply stage returns no authority.
/// let stop = |s: Step| if s.stage == "supply" { Flow::Cancel } else { Flow::Continue };
/// assert!(matches!(synthetic_authority_with_progress(&p, 0, 1, &stop), Err(SynthError::Cancelled(_))));
/// ```
pub fn synthetic_authority_with_progress(
    profile: &Profile,
    seed: u64,
    years: u16,
    progress: &dyn crate::progress::Progress,
) -> Result<Authority, SynthError> {
    use crate::progress::Step;
    profile.validate()?;
    if years == 0 {
        return Err(SynthError::InvalidProfile { what: "years must be at least 1".into() });
    }
    let final_year = CollectionYear::containing(profile.collection_end);
    let first_year = final_year
        .end_year()
        .checked_sub(years - 1)
        .ok_or_else(|| SynthError::InvalidProfile { what: format!("{years} years reach back before year 0") })
        .and_then(|y| CollectionYear::new(y).map_err(|e| SynthError::InvalidProfile { what: e.to_string() }))?;
    let places = places::Places::new(
        places::english_points(),
        &profile.authority.code,
        profile.is_national(),
        &profile.home_postcode_area,
    );
    if places.homes.is_empty() {
        let what = if profile.home_postcode_area.is_empty() {
            format!("{} ({})", profile.authority.name, profile.authority.code)
        } else {
            format!("{} within postcode areas {}", profile.authority.name, profile.home_postcode_area.join(", "))
        };
        return Err(SynthError::NoSectors { what });
    }
    let mut generator = generate::Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        profile,
        places: &places,
        near: Default::default(),
        end: profile.collection_end,
        final_year,
        first_year,
        cells: generate::stock_cells(profile)?,
        urns: Default::default(),
        stay: stay::StayLaw::for_stock(
            generate::band_totals(&generate::stock_cells(profile)?),
            f64::from(profile.starters_per_year),
        ),
        pending_id: ChildId::new("PENDING"),
    };
    progress.check(Step::new("children in care", 0, 1))?;
    let mut stock = generator.stock()?;
    progress.check(Step::new("leavers", 0, 1))?;
    let mut leavers = generator.leavers(&stock);
    // The children in a random order, numbered in it. A shuffle's draws
    // depend only on the length, so shuffling positions gives the order that
    // shuffling the plans themselves gave, without moving 300,000 plans of
    // about 200 bytes about or copying both lists into one.
    let mut order: Vec<u32> = (0..(stock.len() + leavers.len()) as u32).collect();
    order.shuffle(&mut generator.rng);
    let n_stock = stock.len();
    // Numbered in plan order, through the inverse permutation, so that the
    // plans are visited in memory order.
    let mut number = vec![0u32; order.len()];
    for (k, &i) in order.iter().enumerate() {
        number[i as usize] = k as u32 + 1;
    }
    for (plan, k) in stock.iter_mut().chain(leavers.iter_mut()).zip(number) {
        plan.child.id = ChildId::new(&format!("SYN{k:06}"));
    }
    progress.check(Step::new("supply", 0, 1))?;
    // Settings come from the children in care on the last day (the stock);
    // what is built does not depend on the order they are given in.
    let supply = supply::build(&mut generator.rng, seed, &stock, &places, &profile.authority, &generator.urns);

    // The yearly returns a council would send, read as a council would read them.
    let window_start = first_year.start();
    let mut records: Vec<(crate::model::Child, Vec<crate::model::Episode>)> = Vec::with_capacity(order.len());
    let (total, every) = (order.len() as u64, order.len().div_ceil(100).max(1));
    // Taken from each plan in turn (the plans are dropped whole afterwards).
    let taken = crate::model::Child::new(ChildId::new("TAKEN"), crate::codes::Sex::Male, NaiveDate::MIN);
    for (k, &i) in order.iter().enumerate() {
        if k % every == 0 {
            progress.check(Step::new("episodes", k as u64, total))?;
        }
        let plan = match (i as usize).checked_sub(n_stock) {
            None => &mut stock[i as usize],
            Some(j) => &mut leavers[j],
        };
        let eps: Vec<_> = generate::episodes(&mut generator.rng, plan, &places, profile.collection_end)
            .into_iter()
            .filter(|e| e.end.is_none_or(|d| d >= window_start))
            .collect();
        if !eps.is_empty() {
            records.push((std::mem::replace(&mut plan.child, taken.clone()), eps));
        }
    }
    drop((stock, leavers));
    drop(generator);
    drop(places);
    records.sort_unstable_by(|a, b| a.0.id.cmp(&b.0.id));
    let years: Vec<CollectionYear> =
        (first_year.end_year()..=final_year.end_year()).map(|y| CollectionYear::new(y).expect("valid")).collect();
    progress.check(Step::new("returns", 0, 1))?;
    let dataset = read_record_years(&records, &years);
    drop(records);
    check_clean(&dataset)?;
    progress.check(Step::new("returns", 1, 1))?;
    let prices = default_prices(first_year, final_year);
    Ok(Authority { profile: profile.clone(), seed, dataset: std::sync::Arc::new(dataset), supply, prices })
}

fn check_clean(ds: &Dataset) -> Result<(), SynthError> {
    match ds.issues().first() {
        None => Ok(()),
        Some(i) => Err(SynthError::Inconsistent { detail: format!("{} issues, the first: {i}", ds.issues().len()) }),
    }
}
