//! Open settings by placement type and square cell of the national grid.
//!
//! Both of the matching's searches walk outwards from a child's home: the
//! search for a child's cheapest settings (the first candidates) and the
//! search for settings that would lower the total (the exactness check).
//! Each knows a floor under the cost of every setting in a cell (the least
//! per-setting term there, plus the distance penalty at the cell's nearest
//! point) and under everything from the next ring outwards, so it skips
//! cells, and stops, as soon as nothing there could make the cut.
//!
//! A [`Layer`] holds one placement type's located settings, cell by cell in
//! one flat array (cells in row order, each a slice of setting indices), over
//! the rectangle of cells its settings span.

use crate::geo::GridRef;

use super::super::need::PlacementType;

/// Cell side in metres (about 3.1 miles), unless the settings are so spread
/// out that a layer would need more than [`MAX_CELLS`] cells (made-up grid
/// references), when the side doubles until they fit.
const CELL_M: f64 = 5_000.0;
const MAX_CELLS: i64 = 1 << 22;
/// Metres in a mile (the DfE's 1.6093 km).
const METRES_PER_MILE: f64 = 1_609.3;

/// One placement type's located settings by cell.
pub(crate) struct Layer {
    /// Cell side in metres.
    side: f64,
    /// First cell column and row, and the number of columns and rows.
    x0: i64,
    y0: i64,
    width: i64,
    height: i64,
    /// `items[start[c]..start[c + 1]]` are cell `c`'s settings.
    start: Vec<u32>,
    items: Vec<u32>,
}

/// The cell column and row of a grid reference, for cells of side `side`.
fn cell_of(g: GridRef, side: f64) -> (i64, i64) {
    ((f64::from(g.easting) / side) as i64, (f64::from(g.northing) / side) as i64)
}

impl Layer {
    /// A layer of the given settings `(setting index, location)`.
    fn new(located: &[(u32, GridRef)]) -> Layer {
        if located.is_empty() {
            return Layer { side: CELL_M, x0: 0, y0: 0, width: 0, height: 0, start: vec![0], items: Vec::new() };
        }
        let mut side = CELL_M;
        let (cells, x0, y0, width, height) = loop {
            let cells: Vec<(i64, i64)> = located.iter().map(|&(_, g)| cell_of(g, side)).collect();
            let (x0, y0) = cells.iter().fold((i64::MAX, i64::MAX), |a, c| (a.0.min(c.0), a.1.min(c.1)));
            let (x1, y1) = cells.iter().fold((i64::MIN, i64::MIN), |a, c| (a.0.max(c.0), a.1.max(c.1)));
            let (width, height) = (x1 - x0 + 1, y1 - y0 + 1);
            if width * height <= MAX_CELLS {
                break (cells, x0, y0, width, height);
            }
            side *= 2.0;
        };
        let index = |c: (i64, i64)| ((c.1 - y0) * width + (c.0 - x0)) as usize;
        let mut start = vec![0u32; (width * height) as usize + 1];
        for &c in &cells {
            start[index(c) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; located.len()];
        for (&(j, _), &c) in located.iter().zip(&cells) {
            let slot = &mut fill[index(c)];
            items[*slot as usize] = j;
            *slot += 1;
        }
        Layer { side, x0, y0, width, height, start, items }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.start.len() - 1
    }

    /// Settings in cell `cell`.
    pub fn settings(&self, cell: usize) -> &[u32] {
        &self.items[self.start[cell] as usize..self.start[cell + 1] as usize]
    }

    /// Per cell, the least `value` of its settings (`i64::MAX` when empty).
    pub fn floor(&self, value: impl Fn(usize) -> i64) -> Vec<i64> {
        (0..self.cells())
            .map(|c| self.settings(c).iter().map(|&j| value(j as usize)).min().unwrap_or(i64::MAX))
            .collect()
    }

    /// Walks the non-empty cells outwards from `home`, ring by ring of cells,
    /// telling `step` where it is: before each ring, a [`Step::Ring`] with a
    /// lower bound in miles on the distance from home of every setting from
    /// that ring outwards, then a [`Step::Cell`] for each of the ring's cells
    /// with a lower bound on the distance of its settings. Returning false
    /// from a ring step ends the walk. With no home, every cell is visited,
    /// with bounds of 0.
    pub fn walk(&self, home: Option<GridRef>, mut step: impl FnMut(Step) -> bool) {
        if self.items.is_empty() {
            return;
        }
        let Some(home) = home else {
            if step(Step::Ring { miles: 0.0 }) {
                for cell in 0..self.cells() {
                    if self.start[cell] < self.start[cell + 1] {
                        step(Step::Cell { cell, miles: 0.0 });
                    }
                }
            }
            return;
        };
        let (cx, cy) = cell_of(home, self.side);
        let (e, n) = (f64::from(home.easting), f64::from(home.northing));
        let (x1, y1) = (self.x0 + self.width - 1, self.y0 + self.height - 1);
        let last = (cx - self.x0).abs().max((cx - x1).abs()).max((cy - self.y0).abs()).max((cy - y1).abs());
        let each = |x: i64, y: i64, step: &mut dyn FnMut(Step) -> bool| {
            let cell = ((y - self.y0) * self.width + (x - self.x0)) as usize;
            if self.start[cell] == self.start[cell + 1] {
                return;
            }
            let gap = |p: f64, lo: f64| (lo - p).max(p - (lo + self.side)).max(0.0);
            let (dx, dy) = (gap(e, x as f64 * self.side), gap(n, y as f64 * self.side));
            step(Step::Cell { cell, miles: (dx * dx + dy * dy).sqrt() / METRES_PER_MILE });
        };
        for k in 0..=last {
            // Home is inside cell (cx, cy), so ring k is at least k − 1 cells away.
            if !step(Step::Ring { miles: (k - 1).max(0) as f64 * self.side / METRES_PER_MILE }) {
                return;
            }
            let (xa, xb) = ((cx - k).max(self.x0), (cx + k).min(x1));
            for (side, y) in [cy - k, cy + k].into_iter().enumerate() {
                if (self.y0..=y1).contains(&y) && (k > 0 || side == 0) {
                    for x in xa..=xb {
                        each(x, y, &mut step);
                    }
                }
            }
            if k > 0 {
                let (ya, yb) = ((cy - k + 1).max(self.y0), (cy + k - 1).min(y1));
                for x in [cx - k, cx + k] {
                    if (self.x0..=x1).contains(&x) {
                        for y in ya..=yb {
                            each(x, y, &mut step);
                        }
                    }
                }
            }
        }
    }
}

/// Where a [`Layer::walk`] is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// About to start a ring; nothing from here outwards is nearer than `miles`.
    Ring { miles: f64 },
    /// A cell whose settings are no nearer than `miles`.
    Cell { cell: usize, miles: f64 },
}

/// Open settings of each placement type: located ones by cell, the others
/// in a list.
pub(crate) struct Grid {
    layers: [Layer; 4],
    nowhere: [Vec<u32>; 4],
}

impl Grid {
    /// The index of the settings `(index, type, location)` given.
    pub fn new(settings: impl Iterator<Item = (usize, PlacementType, Option<GridRef>)>) -> Grid {
        let mut located: [Vec<(u32, GridRef)>; 4] = Default::default();
        let mut nowhere: [Vec<u32>; 4] = Default::default();
        for (j, t, at) in settings {
            match at {
                Some(g) => located[t as usize].push((j as u32, g)),
                None => nowhere[t as usize].push(j as u32),
            }
        }
        Grid { layers: located.map(|l| Layer::new(&l)), nowhere }
    }

    /// The located settings of type `t`.
    pub fn layer(&self, t: PlacementType) -> &Layer {
        &self.layers[t as usize]
    }

    /// The settings of type `t` with no known location.
    pub fn nowhere(&self, t: PlacementType) -> &[u32] {
        &self.nowhere[t as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting is visited exactly once, nearest cells first, and the
    /// bounds never exceed the true distances.
    #[test]
    fn walk_visits_every_setting_once_with_true_bounds() {
        let points: Vec<(u32, GridRef)> = (0..200u32)
            .map(|j| (j, GridRef::new(300_000 + (j * 7_919) % 90_000, 400_000 + (j * 104_729) % 70_000)))
            .collect();
        let mut spread = points.clone();
        spread.push((200, GridRef::new(u32::MAX, u32::MAX)));
        for (layer, points) in [(Layer::new(&points), &points), (Layer::new(&spread), &spread)] {
            walk_each(&layer, points);
        }
    }

    fn walk_each(layer: &Layer, points: &[(u32, GridRef)]) {
        for home in [GridRef::new(340_000, 430_000), GridRef::new(100_000, 900_000)] {
            let mut seen = vec![0u32; points.len()];
            let mut ring_bound = 0.0f64;
            layer.walk(Some(home), |step| {
                match step {
                    Step::Ring { miles } => {
                        assert!(miles >= ring_bound);
                        ring_bound = miles;
                    }
                    Step::Cell { cell, miles } => {
                        for &j in layer.settings(cell) {
                            seen[j as usize] += 1;
                            let d = home.metres_to(points[j as usize].1) / METRES_PER_MILE;
                            assert!(miles <= d + 1e-9 && ring_bound <= d + 1e-9);
                        }
                    }
                }
                true
            });
            assert!(seen.iter().all(|&s| s == 1));
        }
    }
}
