//! Matching: who would be placed where, at what cost, if the authority
//! placed a cohort afresh with the places it has.
//!
//! Each child can go to any setting that takes their age, meets their needs
//! (solo children only to settings with one usable place) and offers a type
//! they are not unsuitable for. A placement's cost is the sum of the
//! [`Weights`](super::Weights) terms that apply plus the weekly price the
//! authority would newly pay (nothing for a route in
//! [`Policy::sunk_routes`]); leaving a child unplaced costs `weights.unmet`.
//! The matching minimises the total exactly: a min-cost transport problem
//! ([`super::flow`]) over candidate settings — the nearest of each type —
//! followed by a check that no other setting could lower the total (any that
//! could is added and the problem solved again), so the result is optimal over
//! every setting, not just the candidates.
//!
//! Siblings are placed together where a setting has room: after the optimum,
//! a split sibling group moves to the cheapest setting with room for all of
//! them, if there is one. That repair can cost more than the optimum; the
//! matching says so (`siblings_together`).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{PriceBook, Route};
use crate::geo::Postcodes;
use crate::model::{Ownership, Setting, SettingKind, Supply};

use super::flow::Transport;
use super::gaps::{cohort_occupants, open_places};
use super::located::{miles, Locator, Spot};
use super::need::{ChildNeed, Need, PlacementType, Suitability};
use super::policy::{route_rank, Policy};

/// One child's place in the matching.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The child.
    pub child: String,
    /// The child's responsible authority, if known.
    pub authority: Option<String>,
    /// The setting, or `None` when no place could be found.
    pub setting: Option<String>,
    /// The setting's provider.
    pub provider: Option<String>,
    /// The type of place.
    pub placement_type: Option<PlacementType>,
    /// How the place is bought.
    pub route: Option<Route>,
    /// The weekly price, if known (the setting's, else the price book's).
    pub weekly_price: Option<Decimal>,
    /// Miles from home (DfE straight line), if both postcodes are known.
    pub miles: Option<f64>,
    /// The child's preferred type.
    pub right_type: bool,
    /// Within the local radius (or away from it, for a child who should live
    /// away); `None` when the distance is unknown.
    pub right_place: Option<bool>,
    /// Placed, but not the preferred type in the preferred place.
    pub second_best: bool,
    /// Why the child is second-best or unplaced (empty otherwise).
    pub reason: String,
    /// The child's sibling group, if any.
    pub sibling_group: Option<String>,
}

/// A matching of a cohort to places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matching {
    /// One row per child, in cohort order.
    pub placements: Vec<Placement>,
    /// The optimum's objective, in pounds a week (before any sibling repair).
    pub objective: i64,
    /// The objective after sibling repair.
    pub objective_after_siblings: i64,
    /// Sibling groups placed together / split (after repair).
    pub siblings_together: (u32, u32),
    /// How many candidate arcs the exactness check added.
    pub arcs_added: usize,
}

impl Matching {
    /// Children placed.
    pub fn placed(&self) -> usize {
        self.placements.iter().filter(|p| p.setting.is_some()).count()
    }

    /// Children with no place.
    pub fn unmet(&self) -> usize {
        self.placements.len() - self.placed()
    }

    /// Share of placed children in their preferred type.
    pub fn right_type_share(&self) -> Option<f64> {
        let placed = self.placed();
        (placed > 0).then(|| {
            self.placements.iter().filter(|p| p.setting.is_some() && p.right_type).count() as f64 / placed as f64
        })
    }

    /// Share of placed children with a known distance placed within 20 miles.
    pub fn within_20_share(&self) -> Option<f64> {
        let known: Vec<f64> = self.placements.iter().filter_map(|p| p.miles).collect();
        (!known.is_empty()).then(|| known.iter().filter(|m| **m <= 20.0).count() as f64 / known.len() as f64)
    }

    /// Share of placed children who are second-best.
    pub fn second_best_share(&self) -> Option<f64> {
        let placed = self.placed();
        (placed > 0).then(|| self.placements.iter().filter(|p| p.second_best).count() as f64 / placed as f64)
    }

    /// Total weekly price of the placements with a known price.
    pub fn weekly_cost(&self) -> Decimal {
        self.placements.iter().filter_map(|p| p.weekly_price).sum()
    }
}

/// The placement group a setting's places are priced under in a [`PriceBook`].
pub(crate) fn price_group(s: &Setting, ownership: Option<Ownership>) -> &'static str {
    let own = ownership == Some(Ownership::OwnAuthority);
    match s.kind {
        SettingKind::FosterHousehold if s.kinship => "foster_kinship",
        SettingKind::FosterHousehold if own => "foster_in_house",
        SettingKind::FosterHousehold => "foster_agency",
        SettingKind::ChildrensHome if own => "childrens_home_in_house",
        SettingKind::ChildrensHome => "childrens_home_external",
        SettingKind::SupportedAccommodation => "supported",
        SettingKind::Secure => "secure",
    }
}

/// Everything about the settings the matching needs, computed once.
pub(crate) struct Sites {
    pub spot: Vec<Option<Spot>>,
    pub route: Vec<Route>,
    pub price: Vec<Option<Decimal>>,
    /// Per setting: the route and price term of the objective, in pounds a week.
    pub base: Vec<i64>,
    pub open: Vec<u32>,
}

impl Sites {
    pub fn new(
        need: &Need,
        supply: &Supply,
        policy: &Policy,
        loc: &mut Locator<'_>,
        prices: Option<&PriceBook>,
    ) -> Sites {
        let spot = loc.settings(supply);
        let held = cohort_occupants(need, supply);
        let open = open_places(supply, &held);
        let mut route = Vec::with_capacity(supply.settings.len());
        let mut price = Vec::with_capacity(supply.settings.len());
        let mut base = Vec::with_capacity(supply.settings.len());
        for s in &supply.settings {
            let own = supply.ownership(s);
            let r = s.route(own);
            let p = s
                .weekly_price
                .or_else(|| prices.and_then(|b| b.weekly(price_group(s, own), r, Some(&s.provider), need.on)));
            let pounds = if policy.sunk_routes.contains(&r) {
                0
            } else {
                p.map_or(0, |p| p.round().try_into().unwrap_or(i64::MAX / 4))
            };
            route.push(r);
            price.push(p);
            base.push(route_rank(r) * policy.weights.route_step + pounds);
        }
        Sites { spot, route, price, base, open }
    }
}

/// Whether a child can live in a setting at all (capacity aside).
pub(crate) fn eligible(c: &ChildNeed, s: &Setting) -> bool {
    !s.kinship
        && c.suitability(PlacementType::of(s.kind)) != Suitability::Unsuitable
        && s.accepts_age(c.age)
        && s.meets(&c.needs)
        && (!c.solo || s.usable_places() == 1)
}

/// The objective's placement cost for a child in a setting, and the distance.
pub(crate) fn arc_cost(
    c: &ChildNeed,
    home: Option<&Spot>,
    site: Option<&Spot>,
    base: i64,
    t: PlacementType,
    policy: &Policy,
) -> (i64, Option<f64>) {
    let w = &policy.weights;
    let mut cost = base;
    if c.suitability(t) != Suitability::Preferred {
        cost += w.second_best_type;
    }
    let d = match (home, site) {
        (Some(h), Some(s)) => Some(miles(h, s)),
        _ => None,
    };
    if let Some(d) = d {
        if c.preferred_local {
            // Tenths of a mile, so the DfE's one-decimal distances count exactly.
            let beyond_tenths = ((d - policy.local_radius_miles) * 10.0).round().max(0.0) as i64;
            cost += beyond_tenths * w.per_mile_beyond_radius / 10;
        } else if d <= policy.local_radius_miles {
            cost += w.local_when_not_wanted;
        }
    }
    (cost, d)
}

/// A spatial index of settings by type, in square cells of [`CELL_M`] metres.
struct Grid {
    cells: HashMap<(PlacementType, i32, i32), Vec<usize>>,
    /// Located settings of each type.
    by_type: HashMap<PlacementType, Vec<usize>>,
    /// Settings of each type with no known location.
    nowhere: HashMap<PlacementType, Vec<usize>>,
    /// The least route-and-price term of each type.
    min_base: HashMap<PlacementType, i64>,
    /// Cohort children preferring each type, by cell of their home.
    demand: HashMap<(PlacementType, i32, i32), u32>,
    /// The cells spanned by each type's settings (min x, min y, max x, max y).
    span: HashMap<PlacementType, (i32, i32, i32, i32)>,
}

const CELL_M: f64 = 8_000.0;
const METRES_PER_MILE: f64 = 1_609.3;

fn cell_of(s: &Spot) -> (i32, i32) {
    ((f64::from(s.grid.easting) / CELL_M) as i32, (f64::from(s.grid.northing) / CELL_M) as i32)
}

impl Grid {
    fn new(supply: &Supply, sites: &Sites, need: &Need, homes: &[Option<Spot>]) -> Grid {
        let mut cells: HashMap<(PlacementType, i32, i32), Vec<usize>> = HashMap::new();
        let mut nowhere: HashMap<PlacementType, Vec<usize>> = HashMap::new();
        let mut by_type: HashMap<PlacementType, Vec<usize>> = HashMap::new();
        let mut min_base: HashMap<PlacementType, i64> = HashMap::new();
        for (j, s) in supply.settings.iter().enumerate() {
            if sites.open[j] == 0 || s.kinship {
                continue;
            }
            let t = PlacementType::of(s.kind);
            let m = min_base.entry(t).or_insert(i64::MAX);
            *m = (*m).min(sites.base[j]);
            match &sites.spot[j] {
                Some(spot) => {
                    let (x, y) = cell_of(spot);
                    cells.entry((t, x, y)).or_default().push(j);
                    by_type.entry(t).or_default().push(j);
                }
                None => nowhere.entry(t).or_default().push(j),
            }
        }
        let mut demand: HashMap<(PlacementType, i32, i32), u32> = HashMap::new();
        for (c, home) in need.children.iter().zip(homes) {
            if let (Some(t), Some(h)) = (c.preferred(), home) {
                let (x, y) = cell_of(h);
                *demand.entry((t, x, y)).or_default() += 1;
            }
        }
        let mut span: HashMap<PlacementType, (i32, i32, i32, i32)> = HashMap::new();
        for &(t, x, y) in cells.keys() {
            let e = span.entry(t).or_insert((x, y, x, y));
            *e = (e.0.min(x), e.1.min(y), e.2.max(x), e.3.max(y));
        }
        Grid { cells, by_type, nowhere, min_base, demand, span }
    }

    /// Settings of type `t` ring by ring around `home`; before each ring,
    /// `stop` gets a lower bound on the distance in miles of every setting
    /// not yet visited; `visit` gets each setting and that bound, and returns
    /// false to stop. Rings end 1,300 km out (the length of Great Britain).
    fn rings(
        &self,
        t: PlacementType,
        home: &Spot,
        mut visit: impl FnMut(usize, f64) -> bool,
        mut stop: impl FnMut(f64) -> bool,
        mut cell: impl FnMut(u32),
    ) {
        let (cx, cy) = cell_of(home);
        // Past this ring every cell with a setting of the type has been visited.
        let Some(&(x0, y0, x1, y1)) = self.span.get(&t) else { return };
        let last = (cx - x0).abs().max((cx - x1).abs()).max((cy - y0).abs()).max((cy - y1).abs());
        for k in 0..=last {
            let bound = (f64::from(k - 1).max(0.0) * CELL_M) / METRES_PER_MILE;
            if stop(bound) {
                return;
            }
            let mut go = true;
            let mut each = |x: i32, y: i32| {
                if let Some(d) = self.demand.get(&(t, x, y)) {
                    cell(*d);
                }
                if let Some(v) = self.cells.get(&(t, x, y)) {
                    for &j in v {
                        if !visit(j, bound) {
                            go = false;
                        }
                    }
                }
            };
            if k == 0 {
                each(cx, cy);
            } else {
                for x in cx - k..=cx + k {
                    each(x, cy - k);
                    each(x, cy + k);
                }
                for y in cy - k + 1..cy + k {
                    each(cx - k, y);
                    each(cx + k, y);
                }
            }
            if !go {
                return;
            }
        }
    }
}

/// Matches a cohort to the supply's open places, minimising the policy's objective.
///
/// Places open to the cohort are vacant places plus, for the children in care
/// re-placed ([`super::Cohort::InCare`]), the places they fill now.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{match_children, ChildNeed, Need, PlacementType, Policy};
/// let mut supply = Supply::default();
/// supply.providers.push(Provider::new("LA", "Own", Ownership::OwnAuthority));
/// let mut carer = Setting::new("F1", "LA", SettingKind::FosterHousehold, 1);
/// carer.postcode = Some("M1 1AE".into());
/// supply.settings.push(carer);
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let need = Need::named(on, vec![
///     ChildNeed::new("C1", 9, PlacementType::Foster).with_home("M1 1AE"),
///     ChildNeed::new("C2", 9, PlacementType::Foster).with_home("M1 1AE"),
/// ]);
/// let m = match_children(&need, &supply, &Policy::default(), &Postcodes::new(), None);
/// assert_eq!((m.placed(), m.unmet()), (1, 1));
/// ```
pub fn match_children(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    postcodes: &Postcodes,
    prices: Option<&PriceBook>,
) -> Matching {
    let mut loc = Locator::new(postcodes);
    let homes = loc.homes(&need.children);
    let sites = Sites::new(need, supply, policy, &mut loc, prices);
    let solved = solve(need, supply, policy, &homes, &sites);
    finish(need, supply, policy, &homes, &sites, solved)
}

/// A solved matching before it is turned into rows.
pub(crate) struct Solved {
    pub problem: Transport,
    pub plan: super::flow::Plan,
    /// (child, setting, miles) per arc.
    pub arcs: Vec<(usize, usize, Option<f64>)>,
    pub arcs_added: usize,
}

/// Builds and solves the transport problem.
pub(crate) fn solve(need: &Need, supply: &Supply, policy: &Policy, homes: &[Option<Spot>], sites: &Sites) -> Solved {
    let n = need.children.len();
    let caps: Vec<i64> = sites.open.iter().map(|&o| i64::from(o)).collect();
    let mut problem = Transport::new(vec![1; n], vec![policy.weights.unmet; n], caps);
    let grid = Grid::new(supply, sites, need, homes);
    let mut arcs: Vec<(usize, usize, Option<f64>)> = Vec::new();
    let mut have: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let k = policy.candidates_per_type.max(1);
    for (i, c) in need.children.iter().enumerate() {
        for t in PlacementType::ALL {
            if c.suitability(t) == Suitability::Unsuitable {
                continue;
            }
            // The k cheapest eligible settings of the type: scan outwards until
            // nothing further away can beat the k-th found.
            // Scan outwards until (a) the k cheapest found cannot be beaten by
            // anything further away and (b) the open places seen could hold
            // half as many again as the children preferring the type who live
            // as near. Keep the k cheapest and the k nearest of those seen, so
            // a crowded area's children are not left with only each other's
            // candidates. (The check below makes the result exact either way.)
            let found: std::cell::RefCell<Vec<(i64, usize, Option<f64>)>> = Default::default();
            let kth: std::cell::RefCell<std::collections::BinaryHeap<i64>> = Default::default();
            let seen = std::cell::Cell::new((0u64, 0u64));
            scan(
                &grid,
                supply,
                sites,
                policy,
                c,
                homes[i].as_ref(),
                t,
                |j, cost, d| {
                    found.borrow_mut().push((cost, j, d));
                    let mut h = kth.borrow_mut();
                    h.push(cost);
                    if h.len() > k {
                        h.pop();
                    }
                    let (p, n) = seen.get();
                    seen.set((p + u64::from(sites.open[j]), n));
                },
                |lb| {
                    let h = kth.borrow();
                    let (places, children) = seen.get();
                    h.len() >= k && h.peek().is_some_and(|top| lb > *top) && 2 * places >= 3 * children
                },
                |n| {
                    let (p, c) = seen.get();
                    seen.set((p, c + u64::from(n)));
                },
            );
            let mut found = found.into_inner();
            let mut keep: Vec<(i64, usize, Option<f64>)> = Vec::new();
            found.sort_by_key(|f| (f.0, f.1));
            keep.extend(found.iter().take(k).copied());
            found.sort_by(|a, b| a.2.unwrap_or(f64::MAX).total_cmp(&b.2.unwrap_or(f64::MAX)).then(a.1.cmp(&b.1)));
            keep.extend(found.iter().take(k).copied());
            keep.sort_by_key(|f| f.1);
            keep.dedup_by_key(|f| f.1);
            for (cost, j, d) in keep {
                problem.add_arc(i, j, cost);
                arcs.push((i, j, d));
                have.insert((i, j));
            }
        }
    }
    let mut plan = problem.solve();
    // Exactness: add every arc left out whose reduced cost is negative, and
    // solve again, until there is none. With node potentials π that make
    // every residual arc's reduced cost c + π(tail) − π(head) non-negative,
    // an arc left out with a non-negative reduced cost cannot lie on a
    // negative cycle, so adding it could not lower the optimum. Writing
    // u_i = −π(s_i) and w_j = −π(t_j) ≥ 0, its reduced cost is c − u_i + w_j,
    // so a ring whose lower bound on c is at least u_i holds none.
    let mut added = 0;
    loop {
        let mut new_arcs = Vec::new();
        let pi = potentials(&problem, &plan);
        let sink_price = |j: usize| -pi[n + j];
        for (i, c) in need.children.iter().enumerate() {
            let u = -pi[i];
            for t in PlacementType::ALL {
                if c.suitability(t) == Suitability::Unsuitable {
                    continue;
                }
                // The k most negative reduced costs (column generation adds
                // the best columns, not all improving ones).
                let best: std::cell::RefCell<std::collections::BinaryHeap<(i64, usize, i64, u64)>> = Default::default();
                scan(
                    &grid,
                    supply,
                    sites,
                    policy,
                    c,
                    homes[i].as_ref(),
                    t,
                    |j, cost, d| {
                        let rc = cost - u + sink_price(j);
                        if rc < 0 && !have.contains(&(i, j)) {
                            let mut b = best.borrow_mut();
                            b.push((rc, j, cost, d.map_or(u64::MAX, f64::to_bits)));
                            if b.len() > k {
                                b.pop();
                            }
                        }
                    },
                    |lb| lb >= u,
                    |_| {},
                );
                for (_, j, cost, d) in best.into_inner() {
                    new_arcs.push((i, j, cost, (d != u64::MAX).then(|| f64::from_bits(d))));
                }
            }
        }
        if new_arcs.is_empty() {
            break;
        }
        added += new_arcs.len();
        for (i, j, cost, d) in new_arcs {
            problem.add_arc(i, j, cost);
            arcs.push((i, j, d));
            have.insert((i, j));
        }
        plan = problem.solve();
    }
    Solved { problem, plan, arcs, arcs_added: added }
}

/// Visits the eligible open settings of type `t` for child `c` with their
/// cost and distance, nearest first by rings, until `stop` says a lower bound
/// on the cost of every setting not yet visited is high enough.
#[allow(clippy::too_many_arguments)]
fn scan(
    grid: &Grid,
    supply: &Supply,
    sites: &Sites,
    policy: &Policy,
    c: &ChildNeed,
    home: Option<&Spot>,
    t: PlacementType,
    mut visit: impl FnMut(usize, i64, Option<f64>),
    mut stop: impl FnMut(i64) -> bool,
    cell: impl FnMut(u32),
) {
    let type_term = if c.suitability(t) == Suitability::Preferred { 0 } else { policy.weights.second_best_type };
    let floor = type_term + grid.min_base.get(&t).copied().unwrap_or(0);
    let mut each = |j: usize| {
        let s = &supply.settings[j];
        if eligible(c, s) {
            let (cost, d) = arc_cost(c, home, sites.spot[j].as_ref(), sites.base[j], t, policy);
            visit(j, cost, d);
        }
    };
    for &j in grid.nowhere.get(&t).map_or(&[][..], |v| v.as_slice()) {
        each(j);
    }
    match home {
        Some(h) if c.preferred_local => {
            grid.rings(
                t,
                h,
                |j, _| {
                    each(j);
                    true
                },
                |bound_miles| {
                    // Distances are rounded to 0.1 mile, so allow for it.
                    let beyond_tenths =
                        ((bound_miles - 0.1 - policy.local_radius_miles) * 10.0).floor().max(0.0) as i64;
                    stop(floor + beyond_tenths * policy.weights.per_mile_beyond_radius / 10)
                },
                cell,
            );
        }
        _ => {
            if stop(floor) {
                return;
            }
            for v in grid.by_type.get(&t).map_or(&[][..], |v| v.as_slice()) {
                each(*v);
            }
        }
    }
}

/// A sibling group's move: total cost, setting, each member's (cost, miles).
type GroupMove = (i64, usize, Vec<(i64, Option<f64>)>);

/// Turns a solved problem into rows, repairing split sibling groups.
pub(crate) fn finish(
    need: &Need,
    supply: &Supply,
    policy: &Policy,
    homes: &[Option<Spot>],
    sites: &Sites,
    solved: Solved,
) -> Matching {
    let n = need.children.len();
    let mut at: Vec<Option<(usize, Option<f64>, i64)>> = vec![None; n];
    let mut load = vec![0u32; supply.settings.len()];
    for (a, &(i, j, d)) in solved.arcs.iter().enumerate() {
        if solved.plan.flow(a) > 0 {
            at[i] = Some((j, d, solved.problem.arc(a).2));
            load[j] += 1;
        }
    }
    let objective = i64::try_from(solved.plan.cost()).unwrap_or(i64::MAX);
    // Sibling repair.
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in need.children.iter().enumerate() {
        if let Some(g) = &c.sibling_group {
            groups.entry(g.as_str()).or_default().push(i);
        }
    }
    let mut extra_cost = 0i64;
    let (mut together, mut split) = (0u32, 0u32);
    for members in groups.values().filter(|m| m.len() > 1) {
        let first = at[members[0]].map(|a| a.0);
        if first.is_some() && members.iter().all(|&i| at[i].map(|a| a.0) == first) {
            together += 1;
            continue;
        }
        // The cheapest setting with room for all of them (counting the places they hold now).
        let mut best: Option<GroupMove> = None;
        for (j, s) in supply.settings.iter().enumerate() {
            let mine = members.iter().filter(|&&i| at[i].map(|a| a.0) == Some(j)).count() as u32;
            if sites.open[j] < load[j] - mine + members.len() as u32 {
                continue;
            }
            if !members.iter().all(|&i| eligible(&need.children[i], s)) {
                continue;
            }
            let t = PlacementType::of(s.kind);
            let costs: Vec<(i64, Option<f64>)> = members
                .iter()
                .map(|&i| {
                    arc_cost(&need.children[i], homes[i].as_ref(), sites.spot[j].as_ref(), sites.base[j], t, policy)
                })
                .collect();
            let total: i64 = costs.iter().map(|c| c.0).sum();
            if best.as_ref().is_none_or(|b| total < b.0) {
                best = Some((total, j, costs));
            }
        }
        match best {
            Some((total, j, costs)) => {
                let before: i64 = members.iter().map(|&i| at[i].map_or(policy.weights.unmet, |a| a.2)).sum();
                for (&i, (cost, d)) in members.iter().zip(costs) {
                    if let Some((old, _, _)) = at[i] {
                        load[old] -= 1;
                    }
                    at[i] = Some((j, d, cost));
                    load[j] += 1;
                }
                extra_cost += total - before;
                together += 1;
            }
            None => split += 1,
        }
    }
    let placements = need
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| row(c, at[i].map(|a| (a.0, a.1)), supply, sites, policy, homes[i].is_some()))
        .collect();
    Matching {
        placements,
        objective,
        objective_after_siblings: objective + extra_cost,
        siblings_together: (together, split),
        arcs_added: solved.arcs_added,
    }
}

fn row(
    c: &ChildNeed,
    at: Option<(usize, Option<f64>)>,
    supply: &Supply,
    sites: &Sites,
    policy: &Policy,
    has_home: bool,
) -> Placement {
    let preferred = c.preferred();
    let any_eligible = |t: Option<PlacementType>| {
        supply.settings.iter().any(|s| eligible(c, s) && t.is_none_or(|t| PlacementType::of(s.kind) == t))
    };
    let Some((j, d)) = at else {
        let reason = if any_eligible(None) {
            "unmet: every suitable place is taken"
        } else {
            "unmet: no setting takes this child's age, needs and types"
        };
        return Placement {
            child: c.child.clone(),
            authority: c.authority.clone(),
            setting: None,
            provider: None,
            placement_type: None,
            route: None,
            weekly_price: None,
            miles: None,
            right_type: false,
            right_place: None,
            second_best: false,
            reason: reason.to_string(),
            sibling_group: c.sibling_group.clone(),
        };
    };
    let s = &supply.settings[j];
    let t = PlacementType::of(s.kind);
    let right_type = Some(t) == preferred;
    let right_place = d.map(|d| (d <= policy.local_radius_miles) == c.preferred_local);
    let mut reasons = Vec::new();
    if !right_type {
        if let Some(p) = preferred {
            reasons.push(if any_eligible(Some(p)) {
                format!("every {p} place that suits the child is taken")
            } else {
                format!("no {p} setting takes this child's age and needs")
            });
        }
    }
    if right_place == Some(false) {
        reasons.push(if c.preferred_local {
            format!("no open {t} place within {} miles", policy.local_radius_miles)
        } else {
            "placed near home against the plan".to_string()
        });
    }
    let _ = has_home;
    Placement {
        child: c.child.clone(),
        authority: c.authority.clone(),
        setting: Some(s.id.clone()),
        provider: Some(s.provider.clone()),
        placement_type: Some(t),
        route: Some(sites.route[j]),
        weekly_price: sites.price[j],
        miles: d,
        right_type,
        right_place,
        second_best: !reasons.is_empty(),
        reason: reasons.join("; "),
        sibling_group: c.sibling_group.clone(),
    }
}

/// Node potentials proving the plan optimal: shortest distances in the
/// residual network from a root joined to every node at cost 0 (sources
/// `0..n`, sinks `n..n+m`, the super-sink last). Every residual arc then has a
/// non-negative reduced cost `c + π(tail) − π(head)`; the residual network of
/// an optimal plan has no negative cycle, so the distances exist. Found by
/// label-correcting (queue-based Bellman–Ford) from all nodes at 0.
pub(crate) fn potentials(problem: &Transport, plan: &super::flow::Plan) -> Vec<i64> {
    let (n, m) = (problem.num_sources(), problem.num_sinks());
    let t = n + m;
    let mut out: Vec<Vec<(usize, i64)>> = vec![Vec::new(); t + 1];
    for a in 0..problem.num_arcs() {
        let (i, j, c) = problem.arc(a);
        if problem.demand(i) > 0 {
            out[i].push((n + j, c));
        }
        if plan.flow(a) > 0 {
            out[n + j].push((i, -c));
        }
    }
    for i in 0..n {
        if problem.demand(i) > 0 {
            out[i].push((t, problem.unmet_cost(i)));
        }
        if plan.unmet(i) > 0 {
            out[t].push((i, -problem.unmet_cost(i)));
        }
    }
    for j in 0..m {
        if plan.sink_load(j) < problem.capacity(j) {
            out[n + j].push((t, 0));
        }
        if plan.sink_load(j) > 0 {
            out[t].push((n + j, 0));
        }
    }
    let mut dist = vec![0i64; t + 1];
    let mut queued = vec![true; t + 1];
    let mut queue: std::collections::VecDeque<usize> = (0..=t).collect();
    while let Some(v) = queue.pop_front() {
        queued[v] = false;
        let dv = dist[v];
        for &(w, c) in &out[v] {
            if dv + c < dist[w] {
                dist[w] = dv + c;
                if !queued[w] {
                    queued[w] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    dist
}
