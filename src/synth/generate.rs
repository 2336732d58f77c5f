//! The generator: children in care on the final 31 March built to the
//! profile's exact counts, their histories traced back, and the children who
//! came and went in between.
//!
//! The snapshot is built first because that is what the profile pins down:
//! children in care by placement group and age band (fitted jointly by
//! iterative proportional fitting over the combinations that can occur — no
//! 12-year-old in supported accommodation, no 15-year-old placed for
//! adoption), the share outside the authority and more than 20 miles away
//! (exact quotas), and the share with three or more placements in the year.
//! Children who came and went are then drawn from the same entries and stays
//! (`stay.rs`), so that each year has the profiled number of starters, spread
//! evenly through it, and exits follow from the stays.

use std::sync::Arc;

use chrono::{Duration, Months, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Poisson};

use crate::codes::{
    CategoryOfNeed, CollectionYear, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased as Rec, ReasonNewEpisode,
    Sex,
};
use crate::model::{age_in_years, Child, ChildId, Episode};

use super::codes::{self as c, weighted};
use super::error::SynthError;
use super::places::{Cell, NearCache, Places};
use super::profile::{Profile, AGE_BANDS, GROUPS};
use super::stay::{StayLaw, ENTRY_BAND_SHARES, NEWBORN_DAYS, NEWBORN_SHARE};

/// Age bands as [from, to) years, matching [`AGE_BANDS`].
const BAND_YEARS: [(i32, i32); 5] = [(0, 1), (1, 5), (5, 10), (10, 16), (16, 18)];

/// How likely each (group, band) combination is before fitting (0 = impossible).
fn prior(group: &str) -> [f64; 5] {
    match group {
        "foster_kinship" | "foster_in_house" => [1.0, 1.0, 1.0, 1.0, 0.8],
        "foster_agency" => [0.5, 0.8, 1.0, 1.2, 1.0],
        "childrens_home_in_house" | "childrens_home_external" => [0.0, 0.0, 0.05, 1.0, 1.0],
        "secure" => [0.0, 0.0, 0.0, 1.0, 1.0],
        "supported" => [0.0, 0.0, 0.0, 0.0, 1.0],
        "with_parents" => [1.5, 1.5, 1.0, 0.6, 0.4],
        "adoption" => [0.6, 1.0, 0.2, 0.0, 0.0],
        "residential_other" => [1.0, 0.2, 0.2, 0.5, 0.5],
        _ => [0.2, 0.3, 0.5, 1.0, 1.5],
    }
}

/// Children in care by (group, band): fitted to both margins, then rounded so
/// that each group's count is exact.
pub(crate) fn stock_cells(profile: &Profile) -> Result<Vec<[u32; 5]>, SynthError> {
    let n = f64::from(profile.children_in_care);
    let rows: Vec<f64> = GROUPS.iter().map(|g| profile.group_share(g) * n).collect();
    let cols: Vec<f64> = AGE_BANDS
        .iter()
        .map(|b| profile.age_mix.iter().find(|(k, _)| k == b).map(|(_, s)| *s).unwrap_or(0.0) * n)
        .collect();
    let mut m: Vec<[f64; 5]> = GROUPS.iter().map(|g| prior(g)).collect();
    for (g, row) in m.iter().enumerate() {
        if rows[g] > 0.0 && row.iter().all(|w| *w == 0.0) {
            return Err(SynthError::InvalidProfile { what: format!("{} has no possible age band", GROUPS[g]) });
        }
    }
    for _ in 0..500 {
        for (g, row) in m.iter_mut().enumerate() {
            let s: f64 = row.iter().sum();
            if s > 0.0 {
                row.iter_mut().for_each(|x| *x *= rows[g] / s);
            }
        }
        for a in 0..5 {
            let s: f64 = m.iter().map(|r| r[a]).sum();
            if s > 0.0 {
                m.iter_mut().for_each(|r| r[a] *= cols[a] / s);
            }
        }
    }
    // Group totals by largest remainder over the whole population, then each row by largest remainder.
    let totals = apportion(&rows, profile.children_in_care);
    Ok(m.iter()
        .zip(totals)
        .map(|(row, t)| {
            let v = apportion(row, t);
            [v[0], v[1], v[2], v[3], v[4]]
        })
        .collect())
}

/// Children in care by age band, from the (group, band) cells.
pub(crate) fn band_totals(cells: &[[u32; 5]]) -> [f64; 5] {
    let mut t = [0.0; 5];
    for row in cells {
        for (b, n) in row.iter().enumerate() {
            t[b] += f64::from(*n);
        }
    }
    t
}

/// Integers summing to `total`, proportional to `weights` (largest remainder).
fn apportion(weights: &[f64], total: u32) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * f64::from(total)).collect();
    let mut out: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut rest: Vec<(usize, f64)> = exact.iter().enumerate().map(|(i, x)| (i, x - x.floor())).collect();
    rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let short = total - out.iter().sum::<u32>();
    for (i, _) in rest.into_iter().take(short as usize) {
        out[i] += 1;
    }
    out
}

/// One placement in a child's plan.
#[derive(Debug, Clone)]
pub(crate) struct PlacementPlan {
    pub start: NaiveDate,
    pub group: &'static str,
    pub place: Place,
    pub provider: Option<PlaceProvider>,
    pub point: u32,
    /// Shared with the setting's other placements and episodes: one
    /// allocation per setting, not one per placement and one per episode.
    pub urn: Option<Arc<str>>,
}

/// A child's whole story in care, before it is written as episodes.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub child: Child,
    /// Where the child's family lives; `None` for unaccompanied asylum seekers (no HOME_POST).
    pub home: Option<u32>,
    pub placements: Vec<PlacementPlan>,
    pub legal: Vec<(NaiveDate, LegalStatus)>,
    pub end: Option<(NaiveDate, Rec)>,
    pub cin: CategoryOfNeed,
}

pub(crate) struct Generator<'a> {
    pub rng: ChaCha8Rng,
    pub profile: &'a Profile,
    pub places: &'a Places,
    pub near: NearCache,
    pub end: NaiveDate,
    pub final_year: CollectionYear,
    pub first_year: CollectionYear,
    /// The profile's children in care by (group, band) on the last day.
    pub cells: Vec<[u32; 5]>,
    /// Settings (children's homes, supported accommodation, agencies) by
    /// (point, provider class, kind) → URN.
    pub urns: std::collections::BTreeMap<(u32, &'static str), Arc<str>>,
    /// How long stays last: solved for the profile's mean time in care.
    pub stay: StayLaw,
    /// The identifier every child has until the children are numbered:
    /// one shared string rather than one allocation per child.
    pub pending_id: ChildId,
}

/// Share of children going home (E4A, E4B, E41) after 60+ days whose last
/// placement is with their parents. Chosen so that the number placed with
/// parents stays about level over the five years, as the national figure does
/// (`shared/domain/statistics.md` §3: about 6% of children in care).
const WITH_PARENTS_BEFORE_HOME: f64 = 0.9;

fn days(n: i64) -> Duration {
    Duration::days(n)
}

fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    dob.checked_add_months(Months::new(12 * years)).expect("date in range")
}

impl<'a> Generator<'a> {
    fn uniform_date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days();
        if span <= 0 {
            return from;
        }
        from + days(self.rng.random_range(0..=span))
    }

    fn exp_days(&mut self, mean_days: f64) -> i64 {
        Exp::new(1.0 / mean_days.max(1.0)).expect("positive rate").sample(&mut self.rng).round() as i64
    }

    /// A date of birth giving an age in `[lo, hi)` whole years on `on`.
    fn dob_for(&mut self, on: NaiveDate, lo: i32, hi: i32) -> NaiveDate {
        let back = |years: i32| on.checked_sub_months(Months::new(12 * years as u32)).expect("date in range");
        let dob = self.uniform_date(back(hi) + days(1), back(lo));
        debug_assert!((lo..hi).contains(&age_in_years(dob, on)), "{dob} on {on} not in {lo}..{hi}");
        dob
    }

    /// A placement point for a child living at `home` in `cell`.
    fn point(&mut self, home: u32, cell: Cell) -> u32 {
        self.places.pick(&mut self.rng, home, cell, &mut self.near).0
    }

    /// A placement point in an external children's home: far-away homes lie
    /// where the national supply is. Places per child in care, 2023 (statistics.md §8):
    /// the North West has 22% of places for 18% of children (ratio 1.23), London
    /// 7.5% for 11.4% (0.66); a far candidate is accepted in proportion.
    fn home_point(&mut self, home: u32, cell: Cell) -> u32 {
        if !cell.far || cell.inside {
            return self.point(home, cell);
        }
        let mut last = home;
        for _ in 0..8 {
            last = self.point(home, cell);
            let weight = super::places::supply_weight(self.places.points[last as usize].grid);
            if self.rng.random::<f64>() < weight {
                break;
            }
        }
        last
    }

    /// A random cell in the profile's proportions (for placements other than the current one).
    fn random_cell(&mut self) -> Cell {
        let far = self.rng.random::<f64>() < self.profile.over_20_miles_share;
        let outside = self.rng.random::<f64>() < self.profile.outside_la_share;
        Cell { inside: !(outside || (far && self.rng.random::<f64>() < 0.8)), far }
    }

    /// The Ofsted URN for a placement in `group` at `point` (rule 218: every
    /// placement but P1, P3, R1, R2, R5, T0–T4 and Z11–Z14 carries one),
    /// created on first use: one per home or service, one per fostering
    /// agency, and the authority's own fostering and adoption services.
    fn urn(
        &mut self,
        group: &'static str,
        place: Place,
        point: u32,
        provider: Option<PlaceProvider>,
        home: u32,
    ) -> Option<Arc<str>> {
        use Place::*;
        if matches!(place, P1 | P3 | R1 | R2 | R5 | T0 | T1 | T2 | T3 | T4 | Z1 | Z11 | Z12 | Z13 | Z14) {
            return None;
        }
        let la = u32::from(self.places.points[home as usize].utla_ix);
        let key: (u32, &'static str) = match group {
            "foster_in_house" | "foster_kinship" => (la, "fostering_la"),
            "adoption" => (la, "adoption_la"),
            "foster_agency" => (point % 23, "agency"),
            "childrens_home_in_house" | "childrens_home_external" => {
                (point, if provider == Some(PlaceProvider::PR1) { "home_in_house" } else { "home_external" })
            }
            "secure" => (point, "secure"),
            "supported" => (point, "supported"),
            _ => (point, "other_setting"),
        };
        let next = self.urns.len() + 1;
        Some(self.urns.entry(key).or_insert_with(|| Arc::from(format!("SC{:06}", 100_000 + next * 7))).clone())
    }

    fn placement(
        &mut self,
        start: NaiveDate,
        group: &'static str,
        point: u32,
        dob: NaiveDate,
        home: u32,
    ) -> PlacementPlan {
        let age = age_in_years(dob, start);
        let (place, mut provider) = c::place_for(&mut self.rng, group, start, age);
        // The authority's own provision outside its area is only foster care or
        // adoption (rule 1015): a secure unit elsewhere is another authority's,
        // supported accommodation elsewhere is bought in.
        let inside = self.places.points[point as usize].utla_ix == self.places.points[home as usize].utla_ix;
        let foster_or_adoption = matches!(
            place,
            Place::U1
                | Place::U2
                | Place::U3
                | Place::U4
                | Place::U5
                | Place::U6
                | Place::A3
                | Place::A4
                | Place::A5
                | Place::A6
        );
        if provider == Some(PlaceProvider::PR1) && !inside && !foster_or_adoption {
            provider = Some(if place == Place::K1 { PlaceProvider::PR2 } else { PlaceProvider::PR4 });
        }
        let urn = self.urn(group, place, point, provider, home);
        PlacementPlan { start, group, place, provider, point, urn }
    }

    /// A placement point for an earlier placement in `group`: the authority's
    /// own children's homes are inside it (rule 1015).
    fn earlier_point(&mut self, group: &str, home: u32) -> u32 {
        match group {
            "with_parents" => home,
            "childrens_home_in_house" => self.point(home, Cell { inside: true, far: false }),
            "childrens_home_external" => {
                let cell = self.random_cell();
                self.home_point(home, cell)
            }
            _ => {
                let cell = self.random_cell();
                self.point(home, cell)
            }
        }
    }

    /// A group for an earlier placement of a child aged `age`.
    fn earlier_group(&mut self, age: i32) -> &'static str {
        // Earlier placements follow the profile's placement mix for the child's
        // age band, so that the past looks like the present and no group only
        // grows from the children placed in it now. Not with parents (rule 378
        // needs a care order), temporary (rules 379–383) or for adoption (placed
        // for adoption only from foster care, on its own path).
        let band = BAND_YEARS.iter().position(|(lo, hi)| (*lo..*hi).contains(&age)).unwrap_or(BAND_YEARS.len() - 1);
        let weights: Vec<f64> = GROUPS
            .iter()
            .enumerate()
            .map(|(g, name)| {
                let allowed = !matches!(*name, "with_parents" | "temporary" | "adoption")
                    && (c::min_age(name)..=c::max_age(name)).contains(&age);
                if allowed {
                    f64::from(self.cells[g][band])
                } else {
                    0.0
                }
            })
            .collect();
        if weights.iter().all(|w| *w == 0.0) {
            return "foster_in_house";
        }
        GROUPS[weighted(&mut self.rng, &weights)]
    }

    /// Legal statuses over a period: how care began, and the changes that
    /// usually follow — most children who stay go on to a full care order.
    /// Starters 2024-25: s20 57%, interim care order 31%, police protection
    /// 9%; in care at 31 March 2025: full care order 59%, s20 19%, interim
    /// 16%, placement order 6% (statistics.md §5).
    /// A child placed with parents is under a care order, never s20 (rule 378): `needs_order`.
    fn legal(
        &mut self,
        start: NaiveDate,
        until: NaiveDate,
        uasc: bool,
        adoption_from: Option<NaiveDate>,
        needs_order: bool,
    ) -> Vec<(NaiveDate, LegalStatus)> {
        use LegalStatus::*;
        let first = if uasc {
            V2
        } else if needs_order {
            C1
        } else {
            [V2, C1, L1][weighted(&mut self.rng, &[0.57, 0.34, 0.09])]
        };
        let mut v = vec![(start, first)];
        let mut cur = first;
        let mut at = start;
        if cur == L1 {
            at += days(self.rng.random_range(1..=3));
            cur = if self.rng.random::<f64>() < 0.6 { C1 } else { V2 };
            v.push((at, cur));
        }
        if cur == V2 && !uasc && self.rng.random::<f64>() < 0.6 {
            at += days(self.rng.random_range(30..=300));
            cur = C1;
            v.push((at, cur));
        }
        if cur == C1 {
            at += days(self.rng.random_range(120..=400));
            v.push((at, C2));
        }
        if let Some(a) = adoption_from {
            if a == start {
                v.truncate(1);
                v[0].1 = E1;
            } else {
                v.retain(|(d, _)| *d < a);
                v.push((a, E1));
            }
        }
        v.retain(|(d, _)| *d < until || *d == start);
        v
    }

    fn sex(&mut self, uasc: bool) -> Sex {
        // 53% of non-UASC children in care are male; UASC are overwhelmingly boys (statistics.md §1).
        let male = if uasc { 0.95 } else { 0.53 };
        if self.rng.random::<f64>() < male {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    fn new_child(&mut self, dob: NaiveDate, uasc: bool) -> Child {
        let mut child = Child::new(self.pending_id.clone(), self.sex(uasc), dob);
        child.ethnicity = Some(c::ethnicity(&mut self.rng, uasc));
        child.upn = Some(c::upn(&mut self.rng));
        if child.sex == Sex::Female {
            // MOTHER is required for every girl looked after (rules 393, 607).
            child.mother = Some(false);
        }
        child.uasc = uasc;
        child
    }

    /// Children in care on the final 31 March, with their histories.
    pub fn stock(&mut self) -> Result<Vec<Plan>, SynthError> {
        let cells = stock_cells(self.profile)?;
        let end = self.end;
        let y0 = self.final_year.start();
        // (group, band, age-in-band draw) for every child.
        let mut kids: Vec<(&'static str, usize)> = Vec::new();
        for (g, row) in cells.iter().enumerate() {
            for (b, n) in row.iter().enumerate() {
                kids.extend(std::iter::repeat_n((GROUPS[g], b), *n as usize));
            }
        }
        kids.shuffle(&mut self.rng);
        let n = kids.len();

        // Dates of birth and time in care so far: the time since coming in is
        // drawn from the same entries and stays as the children who left
        // (`stay.rs`), so that the past years look like any other.
        let mut dobs = Vec::with_capacity(n);
        let mut starts = Vec::with_capacity(n);
        for (group, b) in &kids {
            let (lo, hi) = BAND_YEARS[*b];
            let lo = lo.max(c::min_age(group));
            let dob = self.dob_for(end, lo, hi);
            let d = self.stay.elapsed(&mut self.rng, (end - dob).num_days(), 0);
            dobs.push(dob);
            starts.push(end - days(d.max(0)));
        }

        // UASC: mostly 16+, never placed with parents or for adoption. As
        // among the leavers, they are children who came in at 15 or older:
        // those first, then the oldest bands, whose start is moved to after
        // their 14th birthday.
        let uasc_n = (self.profile.uasc_share * n as f64).round() as usize;
        let mut uasc = vec![false; n];
        let came_at_15 = |i: usize| starts[i] >= birthday(dobs[i], 15);
        let mut eligible: Vec<usize> = (0..n)
            .filter(|&i| !matches!(kids[i].0, "with_parents" | "adoption" | "residential_other") && kids[i].1 >= 3)
            .collect();
        eligible.sort_by_key(|&i| (std::cmp::Reverse(came_at_15(i)), std::cmp::Reverse(kids[i].1)));
        for &i in eligible.iter().take(uasc_n) {
            uasc[i] = true;
            starts[i] = starts[i].max(birthday(dobs[i], 14));
        }

        // Starters: those who started this year must not exceed the profile's starters.
        let target = self.profile.starters_per_year as usize;
        let mut this_year: Vec<usize> = (0..n).filter(|&i| starts[i] >= y0).collect();
        if this_year.len() > target {
            this_year.shuffle(&mut self.rng);
            for &i in this_year.iter().skip(target) {
                // Move the start back before the year where the child was already born.
                if dobs[i] < y0 - days(1) {
                    starts[i] = self.uniform_date(dobs[i].max(y0 - days(3 * 365)), y0 - days(1));
                }
            }
        }

        // Placement cells for the current placement (exact quotas).
        let far_n = (self.profile.over_20_miles_share * n as f64).round() as usize;
        let out_n = (self.profile.outside_la_share * n as f64).round() as usize;
        let probe: Vec<u32> = (0..20).map(|_| self.places.random_home(&mut self.rng)).collect();
        let inside_far_possible =
            probe.iter().any(|&h| self.places.feasible(h, Cell { inside: true, far: true }, &mut self.near));
        let mut in_far = if inside_far_possible {
            far_n.saturating_sub(out_n).max((far_n as f64 * 0.19).round() as usize)
        } else {
            0
        };
        in_far = in_far.min(far_n);
        let mut out_far = far_n - in_far;
        if out_far > out_n {
            out_far = out_n;
            if inside_far_possible {
                in_far = far_n - out_far;
            }
        }
        let out_near = out_n - out_far;
        let mut cell_of = vec![Cell { inside: true, far: false }; n];
        let (mut need_in_far, mut need_out_far, mut need_out_near) = (in_far, out_far, out_near);
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut self.rng);
        // Placed with parents means at home; the authority's own homes are inside it (rule 1015).
        let stays_home = |g: &str| matches!(g, "with_parents" | "childrens_home_in_house");
        for &i in &order {
            if stays_home(kids[i].0) || uasc[i] {
                continue;
            }
            if need_out_far > 0 {
                cell_of[i] = Cell { inside: false, far: true };
                need_out_far -= 1;
            } else if need_in_far > 0 {
                cell_of[i] = Cell { inside: true, far: true };
                need_in_far -= 1;
            }
        }
        for &i in &order {
            if need_out_near == 0 {
                break;
            }
            if !stays_home(kids[i].0) && !cell_of[i].far {
                cell_of[i] = Cell { inside: false, far: false };
                need_out_near -= 1;
            }
        }

        // Children with three or more placements this year.
        let movers_n = (self.profile.three_plus_moves_share * n as f64).round() as usize;
        let weight = [0.3, 0.6, 0.8, 1.5, 1.3];
        let mut scored: Vec<(f64, usize)> = (0..n)
            .filter(|&i| (end - starts[i]).num_days() >= 30 && kids[i].0 != "adoption")
            .map(|i| (-(self.rng.random::<f64>().ln()) / weight[kids[i].1], i))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut mover = vec![false; n];
        for (_, i) in scored.into_iter().take(movers_n) {
            mover[i] = true;
        }

        let mut plans = Vec::with_capacity(n);
        for i in 0..n {
            let (group, band) = kids[i];
            let plan = self.stock_plan(group, band, dobs[i], starts[i], uasc[i], cell_of[i], mover[i]);
            plans.push(plan);
        }
        Ok(plans)
    }

    /// Placement start dates for a child in care on the last day: the current
    /// placement's start first decided, then earlier moves.
    fn move_dates(&mut self, start: NaiveDate, eligible: NaiveDate, mover: bool, band: usize) -> Vec<NaiveDate> {
        let end = self.end;
        let y0 = self.final_year.start();
        let lo = start.max(eligible);
        let year_lo = start.max(y0);
        let mut dates = vec![start];
        let current;
        if mover && (end - lo.max(year_lo)).num_days() >= 2 {
            current = self.uniform_date(lo.max(year_lo) + days(2), end);
            let second = self.uniform_date(year_lo + days(1), current - days(1));
            dates.push(second);
            if self.rng.random::<f64>() < 0.3 && (second - year_lo).num_days() >= 2 {
                let third = self.uniform_date(year_lo + days(1), second - days(1));
                dates.push(third);
            }
        } else {
            let stay = self.exp_days(365.0 * [0.3, 1.2, 2.0, 1.5, 1.0][band]);
            current = lo.max(end - days(stay));
        }
        if current > start {
            dates.push(current);
        }
        // Earlier moves, before the year (or before the current placement), none inside the year.
        let earlier_until = current.min(y0) - days(1);
        if earlier_until > start + days(1) {
            let years = (earlier_until - start).num_days() as f64 / 365.25;
            let rate = [0.8, 0.5, 0.3, 0.45, 0.6][band] * years;
            let k =
                if rate > 0.0 { Poisson::new(rate).map(|p| p.sample(&mut self.rng) as usize).unwrap_or(0) } else { 0 };
            for _ in 0..k.min(8) {
                let d = self.uniform_date(start + days(1), earlier_until);
                dates.push(d);
            }
        }
        dates.sort();
        dates.dedup();
        dates
    }

    #[allow(clippy::too_many_arguments)]
    fn stock_plan(
        &mut self,
        group: &'static str,
        band: usize,
        dob: NaiveDate,
        start: NaiveDate,
        uasc: bool,
        cell: Cell,
        mover: bool,
    ) -> Plan {
        let child = self.new_child(dob, uasc);
        let home = self.places.random_home(&mut self.rng);
        let eligible = birthday(dob, c::min_age(group) as u32);
        let mut dates = self.move_dates(start, eligible, mover, band);
        if group == "adoption" && dates.len() == 1 && (self.end - start).num_days() >= 2 {
            // Placed for adoption from foster care (rule 336): the adoption placement comes second.
            let from = self.uniform_date(start + days(1), self.end);
            dates.push(from);
        }
        let last = dates.len() - 1;
        let mut placements = Vec::with_capacity(dates.len());
        for (k, d) in dates.iter().enumerate() {
            let (g, point) = if k == last {
                let point = match group {
                    "with_parents" => home,
                    "childrens_home_external" => self.home_point(home, cell),
                    _ => self.point(home, cell),
                };
                (group, point)
            } else {
                let g = if group == "adoption" && k + 1 == last {
                    "foster_in_house"
                } else {
                    self.earlier_group(age_in_years(dob, *d))
                };
                (g, self.earlier_point(g, home))
            };
            placements.push(self.placement(*d, g, point, dob, home));
        }
        let adoption_from = placements.iter().find(|p| p.group == "adoption").map(|p| p.start);
        let legal = self.legal(start, self.end + days(1), uasc, adoption_from, group == "with_parents");
        let cin = c::category_of_need(&mut self.rng, uasc);
        Plan { child, home: (!uasc).then_some(home), placements, legal, end: None, cin }
    }

    /// Children who came and went: entries drawn forward from the stock's
    /// own process (`stay.rs`), kept when their stay ends inside the data.
    ///
    /// Before the first return, every year has the profile's starters and
    /// only those who leave inside the window are kept (back 18 years, the
    /// longest a stay can last). Inside the window, starters come in evenly:
    /// by the end of each month the year has its share of the profiled
    /// starters, counting the children in care on the last day who started
    /// then, and leavers are drawn until it does. A leaver is a start whose
    /// stay ended before the last day, so a start late in the final year is
    /// kept less often, just as fewer of the children who came in then have
    /// left again.
    pub fn leavers(&mut self, stock: &[Plan]) -> Vec<Plan> {
        let starters = self.profile.starters_per_year as usize;
        let mut plans = Vec::new();
        let first = self.first_year.end_year();
        for year in first.saturating_sub(18)..first {
            let Ok(y) = CollectionYear::new(year) else { continue };
            for _ in 0..starters {
                let start = self.uniform_date(y.start(), y.end());
                if let Some(p) = self.leaver(start) {
                    plans.push(p);
                }
            }
        }
        let mut stock_starts: Vec<NaiveDate> = stock.iter().map(|p| p.placements[0].start).collect();
        stock_starts.sort_unstable();
        let starts_by = |day: NaiveDate| stock_starts.partition_point(|d| *d <= day);
        for year in first..=self.final_year.end_year() {
            let y = CollectionYear::new(year).expect("valid year");
            let year_days = (y.end() - y.start()).num_days() + 1;
            let before = starts_by(y.start() - days(1));
            let mut got = 0;
            for month in 0..12 {
                let from = y.start().checked_add_months(Months::new(month)).expect("in range");
                let to = (from.checked_add_months(Months::new(1)).expect("in range") - days(1)).min(y.end());
                let last = to.min(self.end - days(1));
                if last < from {
                    break;
                }
                // Starters so far this year, in proportion to the days gone.
                let share = ((to - y.start()).num_days() + 1) as f64 / year_days as f64;
                let target = (starters as f64 * share).round() as usize;
                let have = starts_by(to) - before + got;
                let wanted = target.saturating_sub(have);
                let (mut kept, mut tries) = (0, 0);
                // Most starts are kept; the cap only guards a profile whose
                // stays could not end in time.
                while kept < wanted && tries < 100 * wanted + 1_000 {
                    tries += 1;
                    let start = self.uniform_date(from, last);
                    if let Some(p) = self.leaver(start) {
                        plans.push(p);
                        kept += 1;
                    }
                }
                got += kept;
            }
        }
        plans
    }

    /// A starter's date of birth: the age band in the starters' proportions,
    /// most babies within their first two weeks (`stay.rs`).
    fn starter_dob(&mut self, start: NaiveDate) -> (NaiveDate, usize) {
        let band = weighted(&mut self.rng, &ENTRY_BAND_SHARES);
        if band == 0 && self.rng.random::<f64>() < NEWBORN_SHARE {
            return (start - days(self.rng.random_range(0..NEWBORN_DAYS)), 0);
        }
        let (lo, hi) = BAND_YEARS[band];
        (self.dob_for(start, lo, hi), band)
    }

    /// The child who came into care on `start`, if they left between the
    /// first return and the last day (`None` otherwise: still in care, or
    /// gone before the data begins).
    fn leaver(&mut self, start: NaiveDate) -> Option<Plan> {
        let end_of_data = self.end;
        let (dob, band) = self.starter_dob(start);
        let age = age_in_years(dob, start);
        // UASC are 22% of starters but 8% of children in care (statistics.md §1): they arrive at 15+.
        let uasc_p = (self.profile.uasc_share * (6_950.0 / 32_270.0) / (6_540.0 / 81_770.0) / 0.45).min(0.9);
        let uasc = age >= 15 && self.rng.random::<f64>() < uasc_p;
        let mut end = start + days(self.stay.sample(&mut self.rng, band));
        let eighteen = birthday(dob, 18);
        if end.min(eighteen) > end_of_data {
            return None; // still in care on the last day: one of the stock's kind
        }
        if end.min(eighteen) < self.first_year.start() {
            return None; // left before the first return: not in the data
        }
        let reason;
        if eighteen <= end {
            end = eighteen;
            if end <= start {
                return None;
            }
            reason = [Rec::E17, Rec::E5, Rec::E6, Rec::E8][weighted(&mut self.rng, &[0.6, 0.25, 0.1, 0.05])];
        } else {
            reason = self.leaving_reason(age_in_years(dob, end), uasc);
        }
        let mut child = self.new_child(dob, uasc);
        child.uasc = uasc;
        let home = self.places.random_home(&mut self.rng);
        // Placements: moves at an age-dependent rate.
        let years = (end - start).num_days() as f64 / 365.25;
        let rate = if age >= 10 { 0.6 } else { 0.35 } * years;
        let k = Poisson::new(rate.max(1e-9)).map(|p| p.sample(&mut self.rng) as usize).unwrap_or(0).min(8);
        let mut dates = vec![start];
        for _ in 0..k {
            if (end - start).num_days() >= 3 {
                let d = self.uniform_date(start + days(1), end - days(1));
                dates.push(d);
            }
        }
        let adopted = matches!(reason, Rec::E11 | Rec::E12) && (end - start).num_days() >= 3;
        let reason = if matches!(reason, Rec::E11 | Rec::E12) && !adopted { Rec::E4A } else { reason };
        // Going home often starts as a placement with parents under a care order
        // (rule 378), ended when the order is discharged: without these leavers,
        // placements with parents would only ever begin and the group would grow
        // year on year while the rest of care stays level.
        let home_first = !uasc
            && matches!(reason, Rec::E4A | Rec::E4B | Rec::E41)
            && (end - start).num_days() >= 60
            && self.rng.random::<f64>() < WITH_PARENTS_BEFORE_HOME;
        if home_first {
            let from = (end - days(self.rng.random_range(90..900))).max(start + days(1));
            dates.retain(|d| *d < from);
            dates.push(from);
        }
        if adopted {
            // Placed for adoption from foster care (rules 336, 390), a while before the order.
            let from = (end - days(self.rng.random_range(30..300))).max(start + days(1)).min(end - days(1));
            dates.retain(|d| *d < from);
            dates.push(from);
        }
        dates.sort();
        dates.dedup();
        let mut placements = Vec::with_capacity(dates.len());
        for (i, d) in dates.iter().enumerate() {
            let age_then = age_in_years(dob, *d);
            let last = i == dates.len() - 1;
            let g = if home_first && last {
                "with_parents"
            } else if last && reason == Rec::E45 {
                // Special guardianship to former foster carers (rule 516): relatives or friends...
                "foster_kinship"
            } else if last && reason == Rec::E46 {
                // ...or not.
                "foster_in_house"
            } else if adopted && last {
                "adoption"
            } else if adopted && i + 2 == dates.len() {
                "foster_in_house"
            } else {
                self.earlier_group(age_then)
            };
            let point = self.earlier_point(g, home);
            placements.push(self.placement(*d, g, point, dob, home));
        }
        let adoption_from = placements.iter().find(|p| p.group == "adoption").map(|p| p.start);
        let legal = self.legal(start, end, uasc, adoption_from, home_first);
        let cin = c::category_of_need(&mut self.rng, uasc);
        Some(Plan { child, home: (!uasc).then_some(home), placements, legal, end: Some((end, reason)), cin })
    }

    /// Why care ended, in the 2024-25 proportions (statistics.md §5), among
    /// the reasons possible at this age.
    fn leaving_reason(&mut self, age: i32, uasc: bool) -> Rec {
        let options: [(Rec, f64, i32, i32); 16] = [
            (Rec::E4A, 5_540.0, 0, 17),
            (Rec::E5, 4_220.0, 16, 17),
            (Rec::E45, 2_000.0, 0, 12),
            (Rec::E46, 600.0, 0, 12),
            (Rec::E47, 1_200.0, 0, 12),
            (Rec::E48, 310.0, 0, 12),
            (Rec::E11, 2_000.0, 0, 9),
            (Rec::E12, 1_040.0, 0, 9),
            (Rec::E3, 2_640.0, 0, 17),
            (Rec::E13, 1_800.0, 0, 17),
            (Rec::E6, 1_130.0, 16, 17),
            (Rec::E41, 1_080.0, 0, 15),
            (Rec::E4B, 1_070.0, 0, 17),
            (Rec::E7, 480.0, 17, 17),
            (Rec::E8, 2_500.0, 0, 17),
            (Rec::E9, 300.0, 12, 17),
        ];
        let weights: Vec<f64> = options
            .iter()
            .map(|(r, w, lo, hi)| {
                let ok = (*lo..=*hi).contains(&age)
                    && !(uasc
                        && matches!(
                            r,
                            Rec::E4A
                                | Rec::E4B
                                | Rec::E45
                                | Rec::E46
                                | Rec::E47
                                | Rec::E48
                                | Rec::E11
                                | Rec::E12
                                | Rec::E41
                                | Rec::E13
                        ));
                if ok {
                    *w
                } else {
                    0.0
                }
            })
            .collect();
        if weights.iter().all(|w| *w == 0.0) {
            return Rec::E8;
        }
        options[weighted(&mut self.rng, &weights)].0
    }
}

/// Writes a plan as SSDA903 episodes: a new episode at every placement move
/// (RNE P, or B when the legal status changes the same day) and every
/// legal-status change (RNE L); X1 between them; the period's ending last.
pub(crate) fn episodes(rng: &mut ChaCha8Rng, plan: &Plan, places: &Places, last_day: NaiveDate) -> Vec<Episode> {
    let uasc = plan.child.uasc;
    let mut cuts: Vec<NaiveDate> =
        plan.placements.iter().map(|p| p.start).chain(plan.legal.iter().map(|l| l.0)).collect();
    let end_date = plan.end.map(|e| e.0);
    cuts.retain(|d| end_date.is_none_or(|e| *d < e));
    // Codes that stop being valid mid-placement are recoded on the day they stop (§4.1).
    for p in &plan.placements {
        if matches!(p.place, Place::H5 | Place::Z1) && p.start < c::z11_from() {
            let next = plan.placements.iter().map(|q| q.start).filter(|d| *d > p.start).min();
            let open_then = next.is_none_or(|n| n > c::z11_from()) && end_date.is_none_or(|e| e > c::z11_from());
            if open_then && c::z11_from() <= last_day {
                cuts.push(c::z11_from());
            }
        }
    }
    cuts.sort();
    cuts.dedup();
    let home = plan.home.map(|h| &places.points[h as usize].postcode);
    let mut out: Vec<Episode> = Vec::with_capacity(cuts.len());
    for (i, &d) in cuts.iter().enumerate() {
        let placement = plan.placements.iter().rev().find(|p| p.start <= d).expect("a placement from the start");
        let legal = plan.legal.iter().rev().find(|l| l.0 <= d).map(|l| l.1).unwrap_or(LegalStatus::V2);
        let (mut place, mut provider) = (placement.place, placement.provider);
        if d >= c::z11_from() {
            if place == Place::H5 {
                place = Place::K3;
            } else if place == Place::Z1 {
                place = Place::Z11;
                provider = None;
            }
        }
        let moved = plan.placements.iter().any(|p| p.start == d);
        let legal_changed = plan.legal.iter().any(|l| l.0 == d);
        let rne = if i == 0 {
            ReasonNewEpisode::S
        } else if moved && legal_changed {
            ReasonNewEpisode::B
        } else if moved {
            ReasonNewEpisode::P
        } else if legal_changed {
            ReasonNewEpisode::L
        } else {
            ReasonNewEpisode::T // same carer, recoded placement type
        };
        let mut ep = Episode::new(plan.child.id.clone(), d, rne, legal, place);
        ep.provider = provider;
        ep.category_of_need = Some(plan.cin);
        ep.home_postcode = if uasc { None } else { home.cloned() };
        ep.placement_postcode = Some(places.points[placement.point as usize].postcode.clone());
        ep.urn = placement.urn.clone();
        out.push(ep);
    }
    // Endings.
    for i in 0..out.len() {
        if i + 1 < out.len() {
            let (next_start, next_rne) = (out[i + 1].start, out[i + 1].reason_new);
            out[i].end = Some(next_start);
            out[i].reason_end = Some(Rec::X1);
            if matches!(next_rne, ReasonNewEpisode::P | ReasonNewEpisode::B) {
                out[i].reason_place_change = Some(c::reason_place_change(rng));
            }
        } else if let Some((e, r)) = plan.end {
            out[i].end = Some(e);
            out[i].reason_end = Some(r);
        }
    }
    out
}
