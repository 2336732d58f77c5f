//! Where synthetic children live and are placed: real postcodes from the
//! embedded ONSPD sector table, chosen so that the share placed outside the
//! authority and the share more than 20 miles from home (the DfE's
//! straight-line distance) come out as profiled.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::geo::{distance_miles, GridRef};

/// One postcode the generator can use.
#[derive(Debug, Clone)]
pub(crate) struct Point {
    /// A real unit postcode, shared by every episode placed there.
    pub postcode: std::sync::Arc<str>,
    /// Its OSGB36 grid reference.
    pub grid: GridRef,
    /// Its upper-tier local authority (2025).
    pub utla: String,
    /// The authority as an index, for fast comparison (set by [`Places::new`]).
    pub utla_ix: u16,
    /// Its postcode area (the leading letters).
    pub area: String,
}

/// Whether a placement is inside the child's home authority, and more than 20 miles away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub inside: bool,
    pub far: bool,
}

/// All English points, with a coarse grid index for "within 20 miles" searches.
pub(crate) struct Places {
    pub points: Vec<Point>,
    /// Indices of the points children may live in.
    pub homes: Vec<u32>,
    by_utla: std::collections::BTreeMap<String, Vec<u32>>,
    /// Where each grid cell's points start in `cell_points` (row-major over
    /// [`GRID_W`] × [`GRID_H`] cells, one more entry for the end).
    cell_start: Vec<u32>,
    /// Points by grid cell, in point order within a cell, with what the
    /// near search reads of them: one contiguous run per cell instead of a
    /// lookup into the large [`Point`]s (building the near lists was 10% of
    /// `england`'s instructions).
    cell_points: Vec<CellPoint>,
}

/// A point as the near search sees it.
#[derive(Debug, Clone, Copy)]
struct CellPoint {
    grid: GridRef,
    utla_ix: u16,
    ix: u32,
}

/// The grid index covers Great Britain: 700 km east, 1,300 km north.
const GRID_W: i32 = 140;
const GRID_H: i32 = 260;

/// Grid cell size for the near-search index, in metres.
const CELL_M: f64 = 5_000.0;
/// 20 miles in metres, with the DfE factor (ssda903.md §6).
const TWENTY_MILES_M: f64 = 20.0 * 1_609.3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_matches_the_rounded_dfe_distance() {
        let origin = GridRef::new(400_000, 300_000);
        for metres in (31_000..33_500).step_by(7) {
            let p = GridRef::new(400_000 + metres, 300_000);
            assert_eq!(is_far(origin, p), distance_miles(origin, p).get() > 20.0, "{metres} m");
        }
    }
}

fn cell_of(g: GridRef) -> (i32, i32) {
    ((f64::from(g.easting) / CELL_M) as i32, (f64::from(g.northing) / CELL_M) as i32)
}

/// How readily a far-away children's home is placed at `g`, relative to the
/// best-supplied region: 1.0 in the North West, 0.54 in London, 0.81 elsewhere
/// (places per child in care by region, statistics.md §8: 1.23, 0.66 and about
/// 1.0). The regions are approximate grid boxes: the North West west of the
/// Pennines from Cheshire to Cumbria, and Greater London.
pub(crate) fn supply_weight(g: GridRef) -> f64 {
    let (e, n) = (g.easting, g.northing);
    if (315_000..=410_000).contains(&e) && (360_000..=580_000).contains(&n) {
        1.0
    } else if (503_000..=562_000).contains(&e) && (155_000..=201_000).contains(&n) {
        0.66 / 1.23
    } else {
        1.0 / 1.23
    }
}

fn cell_index((x, y): (i32, i32)) -> Option<usize> {
    ((0..GRID_W).contains(&x) && (0..GRID_H).contains(&y)).then(|| (y * GRID_W + x) as usize)
}

/// Squared distances (m²) below which [`is_far`] is always false, and above
/// which it is always true.
const NEAR_ALWAYS: f64 = (20.04 * 1_609.3) * (20.04 * 1_609.3);
const FAR_ALWAYS: f64 = (20.06 * 1_609.3) * (20.06 * 1_609.3);

/// Whether the DfE distance (rounded to 0.1 mile) is more than 20 miles.
/// Pairs clearly either side of 20.05 miles skip the square root.
pub(crate) fn is_far(a: GridRef, b: GridRef) -> bool {
    let dx = f64::from(a.easting) - f64::from(b.easting);
    let dy = f64::from(a.northing) - f64::from(b.northing);
    let sq = dx * dx + dy * dy;
    if sq < NEAR_ALWAYS {
        false
    } else if sq > FAR_ALWAYS {
        true
    } else {
        distance_miles(a, b).get() > 20.0
    }
}

impl Places {
    /// England's points; children live in `authority` (or anywhere in England
    /// when national), optionally only in the given postcode areas.
    pub fn new(mut points: Vec<Point>, authority: &str, national: bool, areas: &[String]) -> Places {
        let mut codes: Vec<String> = points.iter().map(|p| p.utla.clone()).collect();
        codes.sort();
        codes.dedup();
        for p in &mut points {
            p.utla_ix = codes.binary_search(&p.utla).expect("code listed") as u16;
        }
        let mut by_utla: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        let mut homes = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let i = i as u32;
            by_utla.entry(p.utla.clone()).or_default().push(i);
            let in_area = areas.is_empty() || areas.iter().any(|a| a.eq_ignore_ascii_case(&p.area));
            if in_area && (national || p.utla == authority) {
                homes.push(i);
            }
        }
        // Points by cell (a counting sort, stable, so in point order within a cell).
        let cell = |p: &Point| cell_index(cell_of(p.grid));
        let mut cell_start = vec![0u32; (GRID_W * GRID_H) as usize + 1];
        for c in points.iter().filter_map(cell) {
            cell_start[c + 1] += 1;
        }
        for c in 1..cell_start.len() {
            cell_start[c] += cell_start[c - 1];
        }
        let mut next = cell_start.clone();
        let blank = CellPoint { grid: GridRef::new(0, 0), utla_ix: 0, ix: 0 };
        let mut cell_points = vec![blank; *cell_start.last().expect("one entry at least") as usize];
        for (i, p) in points.iter().enumerate() {
            if let Some(c) = cell(p) {
                cell_points[next[c] as usize] = CellPoint { grid: p.grid, utla_ix: p.utla_ix, ix: i as u32 };
                next[c] += 1;
            }
        }
        Places { points, homes, by_utla, cell_start, cell_points }
    }

    /// A random home point.
    pub fn random_home(&self, rng: &mut ChaCha8Rng) -> u32 {
        self.homes[rng.random_range(0..self.homes.len())]
    }

    /// Points within 20 miles of `home` (DfE rounding), home excluded:
    /// those inside its authority, and those outside.
    fn near(&self, home: u32) -> (Vec<u32>, Vec<u32>) {
        let h = self.points[home as usize].grid;
        let (cx, cy) = cell_of(h);
        let reach = (TWENTY_MILES_M / CELL_M).ceil() as i32 + 1;
        let ix = self.points[home as usize].utla_ix;
        let (mut inside, mut outside) = (Vec::new(), Vec::new());
        // Squared distances from `h` along one axis to the nearest and
        // farthest edge of the cell spanning [from, from + CELL_M].
        let span = |at: u32, from: f64| {
            let (a, b) = (from - f64::from(at), from + CELL_M - f64::from(at));
            let near = if a > 0.0 {
                a
            } else if b < 0.0 {
                -b
            } else {
                0.0
            };
            (near * near, a.abs().max(b.abs()).powi(2))
        };
        for dx in -reach..=reach {
            for dy in -reach..=reach {
                let Some(c) = cell_index((cx + dx, cy + dy)) else { continue };
                let (ex, nx) = span(h.easting, f64::from(cx + dx) * CELL_M);
                let (ey, ny) = span(h.northing, f64::from(cy + dy) * CELL_M);
                // A cell wholly beyond (or within) the DfE's 20 miles needs no
                // test of its points: `is_far` gives the same answer for all.
                if ex + ey > FAR_ALWAYS {
                    continue;
                }
                let all_near = nx + ny < NEAR_ALWAYS;
                let list = &self.cell_points[self.cell_start[c] as usize..self.cell_start[c + 1] as usize];
                for p in list.iter().filter(|p| p.ix != home && (all_near || !is_far(h, p.grid))) {
                    if p.utla_ix == ix {
                        inside.push(p.ix);
                    } else {
                        outside.push(p.ix);
                    }
                }
            }
        }
        (inside, outside)
    }

    /// Whether `cell` can be satisfied from `home` at all.
    pub fn feasible(&self, home: u32, cell: Cell, near_cache: &mut NearCache) -> bool {
        self.candidates(home, cell, near_cache, 64, &mut None).is_some()
    }

    /// A placement point for a child living at `home`, in the given cell, or
    /// the closest feasible cell when that one is impossible from there
    /// (e.g. "inside and more than 20 miles" in a small borough).
    pub fn pick(&self, rng: &mut ChaCha8Rng, home: u32, cell: Cell, near_cache: &mut NearCache) -> (u32, Cell) {
        let mut rng_opt = Some(rng);
        for c in fallbacks(cell) {
            if let Some(i) = self.candidates(home, c, near_cache, 2_000, &mut rng_opt) {
                return (i, c);
            }
        }
        // Only reachable with a single-point map: place at home.
        (home, Cell { inside: true, far: false })
    }

    /// Finds one point in `cell` for `home`: from the near list for near
    /// cells, by rejection sampling for far ones. With no generator, only
    /// tests that one exists.
    fn candidates(
        &self,
        home: u32,
        cell: Cell,
        near_cache: &mut NearCache,
        tries: usize,
        rng: &mut Option<&mut ChaCha8Rng>,
    ) -> Option<u32> {
        let h = &self.points[home as usize];
        if !cell.far {
            let (inside, outside) = near_cache.get(self, home);
            let ok = if cell.inside { inside } else { outside };
            if ok.is_empty() {
                return None;
            }
            return Some(match rng {
                Some(r) => ok[r.random_range(0..ok.len())],
                None => ok[0],
            });
        }
        if cell.inside {
            // Inside and far: from the authority's own points more than 20 miles away (often none).
            let far_inside = near_cache.far_inside(self, home);
            if far_inside.is_empty() {
                return None;
            }
            return Some(match rng {
                Some(r) => far_inside[r.random_range(0..far_inside.len())],
                None => far_inside[0],
            });
        }
        // Outside and far: most of England is, so rejection sampling finds one quickly.
        let n = self.points.len();
        for k in 0..tries {
            let i = match rng {
                Some(r) => r.random_range(0..n),
                None => (k * 7_919) % n,
            };
            let p = &self.points[i];
            if p.utla_ix != h.utla_ix && is_far(h.grid, p.grid) {
                return Some(i as u32);
            }
        }
        None
    }

    /// Points in `home`'s authority more than 20 miles from it.
    fn far_inside(&self, home: u32) -> Vec<u32> {
        let h = &self.points[home as usize];
        let pool = self.by_utla.get(&h.utla).map(Vec::as_slice).unwrap_or(&[]);
        pool.iter().copied().filter(|&i| is_far(h.grid, self.points[i as usize].grid)).collect()
    }
}

/// The order in which to relax an impossible cell.
fn fallbacks(cell: Cell) -> [Cell; 4] {
    let Cell { inside, far } = cell;
    [cell, Cell { inside: !inside, far }, Cell { inside, far: !far }, Cell { inside: !inside, far: !far }]
}

/// Memoised near lists, indexed by home point.
#[derive(Default)]
pub(crate) struct NearCache {
    lists: Vec<Option<(Vec<u32>, Vec<u32>)>>,
    far_inside: Vec<Option<Vec<u32>>>,
}

impl NearCache {
    fn get(&mut self, places: &Places, home: u32) -> (&[u32], &[u32]) {
        let h = home as usize;
        if self.lists.len() <= h {
            self.lists.resize_with(places.points.len().max(h + 1), || None);
        }
        let (a, b) = self.lists[h].get_or_insert_with(|| places.near(home));
        (a, b)
    }

    fn far_inside(&mut self, places: &Places, home: u32) -> &[u32] {
        let h = home as usize;
        if self.far_inside.len() <= h {
            self.far_inside.resize_with(places.points.len().max(h + 1), || None);
        }
        self.far_inside[h].get_or_insert_with(|| places.far_inside(home))
    }
}

/// The embedded English sector points.
pub(crate) fn english_points() -> Vec<Point> {
    crate::geo::Postcodes::embedded_sectors()
        .filter(|(_, c)| c.unit.utla.starts_with('E'))
        .map(|(sector, c)| Point {
            postcode: std::sync::Arc::from(c.unit.postcode.as_str()),
            grid: c.unit.grid,
            utla: c.unit.utla.clone(),
            utla_ix: 0,
            area: sector.chars().take_while(|ch| ch.is_ascii_alphabetic()).collect(),
        })
        .collect()
}
