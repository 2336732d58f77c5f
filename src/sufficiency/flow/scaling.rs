//! Cost-scaling push-relabel (Goldberg's method) for the transport network.
//!
//! Same network as the simplex: sources (supply = demand), sinks, and the
//! super-sink T (demand = total demand); arcs `source → sink` (capacity = the
//! source's demand), `sink → T` (the sink's capacity) and
//! `source → T` (unmet, capacity = demand). Costs are multiplied by
//! `K = nodes + 1`, so that a flow that is ε-optimal with ε = 1 (every residual
//! arc has reduced cost ≥ −1) is optimal for the original costs: any cycle has
//! at most `nodes` arcs, so its scaled cost is ≥ −nodes > −K, and a scaled
//! cost is a multiple of K, so it is ≥ 0.
//!
//! Each phase (`refine`) divides ε by [`ALPHA`], saturates every residual arc
//! of negative reduced cost (which makes the pseudoflow 0-optimal), then
//! discharges nodes with excess first-in first-out: push along admissible arcs
//! (residual, reduced cost < 0), relabel (lower the price to the largest value
//! keeping every residual arc's reduced cost ≥ −ε) when there are none. Two
//! standard heuristics make it fast: *push look-ahead* (relabel the head of an
//! admissible arc first if it has no admissible arc of its own and no deficit)
//! and *global price updates* (a bucket-based shortest-path pass from the
//! deficit nodes, in units of ε, lowering prices so every excess has an
//! admissible path; this keeps ε-optimality), run at the start of a phase and
//! after every [`UPDATE_EVERY`]·nodes relabels.
//!
//! Prices only ever decrease; they are renormalised (maximum 0) at each phase
//! and the solve gives up (returns `None`, and the caller uses the simplex) if
//! one would fall below −2^61, so reduced costs never overflow `i64`. Scaled
//! costs are at most 2^58 in magnitude (checked before starting).

use std::collections::VecDeque;

use super::{Solution, Transport};

/// Factor by which ε shrinks each phase.
const ALPHA: i64 = 16;
/// Global price update after this many relabels per node.
const UPDATE_EVERY: usize = 1;
/// Prices stay ≥ −LIMIT (else give up).
const LIMIT: i64 = 1 << 61;
/// Largest scaled |cost| attempted.
const MAX_SCALED: i128 = 1 << 58;

#[derive(Clone, Copy)]
struct Arc {
    head: u32,
    rev: u32,
    cost: i64,
    res: i64,
}

struct Scaling {
    first: Vec<u32>,
    arcs: Vec<Arc>,
    price: Vec<i64>,
    excess: Vec<i64>,
    cur: Vec<u32>,
    queue: VecDeque<u32>,
    relabels: usize,
    overflow: bool,
    // Global update scratch.
    rank: Vec<u32>,
    scanned: Vec<bool>,
    buckets: Vec<Vec<u32>>,
    steps: u64,
}

pub(super) fn solve(p: &Transport) -> Option<Solution> {
    let n = p.demands.len();
    let m = p.capacities.len();
    let root = n + m;
    let nodes = n + m + 1;
    let scale = nodes as i64 + 1;
    let live_source = |i: usize| p.demands[i] > 0;
    let live_sink = |j: usize| p.capacities[j] > 0;

    // Scaled magnitudes.
    let mut cmax: i64 = 0;
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if live_source(i) && live_sink(j) {
            cmax = cmax.max(p.arc_cost[a].unsigned_abs().min(i64::MAX as u64) as i64);
        }
    }
    for i in 0..n {
        if live_source(i) {
            cmax = cmax.max(p.unmet_cost[i].unsigned_abs().min(i64::MAX as u64) as i64);
        }
    }
    if cmax as i128 * scale as i128 > MAX_SCALED {
        return None;
    }

    // Residual arcs, grouped by tail.
    let mut deg = vec![0u32; nodes + 1];
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if live_source(i) && live_sink(j) {
            deg[i] += 1;
            deg[n + j] += 1;
        }
    }
    for i in 0..n {
        if live_source(i) {
            deg[i] += 1;
            deg[root] += 1;
        }
    }
    for j in 0..m {
        if live_sink(j) {
            deg[n + j] += 1;
            deg[root] += 1;
        }
    }
    let mut first = vec![0u32; nodes + 1];
    for v in 0..nodes {
        first[v + 1] = first[v] + deg[v];
    }
    let total = first[nodes] as usize;
    let mut arcs = vec![Arc { head: 0, rev: 0, cost: 0, res: 0 }; total];
    let mut fill: Vec<u32> = first[..nodes].to_vec();
    let mut add = |arcs: &mut Vec<Arc>, u: usize, v: usize, cap: i64, cost: i64, flow: i64| -> usize {
        let a = fill[u] as usize;
        fill[u] += 1;
        let b = fill[v] as usize;
        fill[v] += 1;
        arcs[a] = Arc { head: v as u32, rev: b as u32, cost, res: cap - flow };
        arcs[b] = Arc { head: u as u32, rev: a as u32, cost: -cost, res: flow };
        a
    };
    let mut user_pos = vec![u32::MAX; p.arc_cost.len()];
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if live_source(i) && live_sink(j) {
            // Capacity d_i, not min(d_i, c_j): the marginal values treat the
            // arc as able to take one more unit than the sink holds.
            user_pos[a] = add(&mut arcs, i, n + j, p.demands[i], p.arc_cost[a] * scale, 0) as u32;
        }
    }
    // Start from the feasible flow "everything unmet".
    let mut unmet_pos = vec![u32::MAX; n];
    for i in 0..n {
        if live_source(i) {
            unmet_pos[i] = add(&mut arcs, i, root, p.demands[i], p.unmet_cost[i] * scale, p.demands[i]) as u32;
        }
    }
    let mut sink_pos = vec![u32::MAX; m];
    for j in 0..m {
        if live_sink(j) {
            sink_pos[j] = add(&mut arcs, n + j, root, p.capacities[j], 0, 0) as u32;
        }
    }
    let mut s = Scaling {
        cur: first[..nodes].to_vec(),
        first,
        arcs,
        price: vec![0; nodes],
        excess: vec![0; nodes],
        queue: VecDeque::new(),
        relabels: 0,
        overflow: false,
        rank: vec![0; nodes],
        scanned: vec![false; nodes],
        buckets: Vec::new(),
        steps: 0,
    };
    let demand: i64 = p.demands.iter().sum();
    if demand > 0 {
        let mut eps = cmax * scale;
        loop {
            eps = (eps / ALPHA).max(1);
            s.refine(eps);
            if s.overflow {
                return None;
            }
            if eps == 1 {
                break;
            }
        }
    }

    let flow_of = |pos: u32| if pos == u32::MAX { 0 } else { s.arcs[s.arcs[pos as usize].rev as usize].res };
    let flow = user_pos.iter().map(|&pos| flow_of(pos)).collect();
    let unmet = unmet_pos.iter().map(|&pos| flow_of(pos)).collect();
    let load = sink_pos.iter().map(|&pos| flow_of(pos)).collect();
    let top = s.price[root];
    let potential = s.price.iter().map(|&x| x - top).collect();
    Some(Solution { flow, unmet, load, potential, scale, steps: s.steps })
}

impl Scaling {
    #[inline]
    fn nodes(&self) -> usize {
        self.price.len()
    }

    #[inline]
    fn push(&mut self, v: usize, a: usize, d: i64) {
        let (w, b) = (self.arcs[a].head as usize, self.arcs[a].rev as usize);
        self.arcs[a].res -= d;
        self.arcs[b].res += d;
        self.excess[v] -= d;
        let before = self.excess[w];
        self.excess[w] = before + d;
        if before <= 0 && before + d > 0 {
            self.queue.push_back(w as u32);
        }
    }

    fn refine(&mut self, eps: i64) {
        let nodes = self.nodes();
        // Renormalise prices (only differences matter).
        let live = |v: usize| self.first[v] < self.first[v + 1];
        let top = (0..nodes).filter(|&v| live(v)).map(|v| self.price[v]).max().unwrap_or(0);
        for v in 0..nodes {
            if live(v) {
                self.price[v] -= top;
            }
        }
        // Saturate every admissible arc: the pseudoflow becomes 0-optimal.
        for v in 0..nodes {
            let pv = self.price[v];
            for a in self.first[v] as usize..self.first[v + 1] as usize {
                let arc = self.arcs[a];
                if arc.res > 0 && arc.cost + pv - self.price[arc.head as usize] < 0 {
                    self.push(v, a, arc.res);
                }
            }
        }
        self.queue.clear();
        for v in 0..nodes {
            if self.excess[v] > 0 {
                self.queue.push_back(v as u32);
            }
        }
        self.global_update(eps);
        while let Some(v) = self.queue.pop_front() {
            self.discharge(v as usize, eps);
            if self.overflow {
                return;
            }
            if self.relabels > UPDATE_EVERY * nodes {
                self.global_update(eps);
            }
        }
    }

    /// Push the excess of `v` out, relabelling as needed.
    fn discharge(&mut self, v: usize, eps: i64) {
        while self.excess[v] > 0 {
            let end = self.first[v + 1] as usize;
            let mut a = self.cur[v] as usize;
            while a < end {
                let arc = self.arcs[a];
                if arc.res > 0 {
                    let w = arc.head as usize;
                    if arc.cost + self.price[v] - self.price[w] < 0 {
                        // Look-ahead: don't push into a node that would only
                        // have to push back.
                        if self.excess[w] >= 0 && !self.has_admissible(w) {
                            self.relabel(w, eps);
                            if self.overflow {
                                return;
                            }
                            if arc.cost + self.price[v] - self.price[w] >= 0 {
                                a += 1;
                                continue;
                            }
                        }
                        let d = self.excess[v].min(arc.res);
                        self.push(v, a, d);
                        self.steps += 1;
                        if self.excess[v] == 0 {
                            self.cur[v] = a as u32;
                            return;
                        }
                    }
                }
                a += 1;
            }
            self.relabel(v, eps);
            if self.overflow {
                return;
            }
        }
    }

    /// Whether `v` has an admissible arc (moving its current arc to it).
    #[inline]
    fn has_admissible(&mut self, v: usize) -> bool {
        let pv = self.price[v];
        let end = self.first[v + 1] as usize;
        let mut a = self.cur[v] as usize;
        while a < end {
            let arc = self.arcs[a];
            if arc.res > 0 && arc.cost + pv - self.price[arc.head as usize] < 0 {
                self.cur[v] = a as u32;
                return true;
            }
            a += 1;
        }
        self.cur[v] = end as u32;
        false
    }

    /// Lowers the price of `v` to the largest value that keeps every residual
    /// arc out of it ε-optimal, making at least one admissible.
    fn relabel(&mut self, v: usize, eps: i64) {
        let mut best = i64::MIN;
        let mut best_arc = self.first[v];
        for a in self.first[v] as usize..self.first[v + 1] as usize {
            let arc = self.arcs[a];
            if arc.res > 0 {
                let val = self.price[arc.head as usize] - arc.cost;
                if val > best {
                    best = val;
                    best_arc = a as u32;
                }
            }
        }
        self.relabels += 1;
        if best == i64::MIN {
            return;
        }
        let new = best - eps;
        if new < -LIMIT {
            self.overflow = true;
        }
        self.price[v] = new;
        self.cur[v] = best_arc;
    }

    /// Global price update: shortest distances (in units of ε, admissible arcs
    /// free) from every node to the nearest deficit, then price −= ε·distance.
    fn global_update(&mut self, eps: i64) {
        self.relabels = 0;
        let nodes = self.nodes();
        let mut remaining = self.excess.iter().filter(|&&e| e > 0).count();
        if remaining == 0 {
            return;
        }
        let max_rank = 4 * nodes;
        if self.buckets.len() < max_rank + 1 {
            self.buckets.resize_with(max_rank + 1, Vec::new);
        }
        self.rank.fill(u32::MAX);
        self.scanned.fill(false);
        for v in 0..nodes {
            if self.excess[v] < 0 {
                self.rank[v] = 0;
                self.buckets[0].push(v as u32);
            }
        }
        let mut k = 0usize;
        let mut highest = 0usize; // highest non-empty bucket index
        'levels: while k <= max_rank && k <= highest {
            while let Some(w) = self.buckets[k].pop() {
                let w = w as usize;
                if self.scanned[w] || self.rank[w] as usize != k {
                    continue;
                }
                self.scanned[w] = true;
                if self.excess[w] > 0 {
                    remaining -= 1;
                    if remaining == 0 {
                        break 'levels;
                    }
                }
                let pw = self.price[w];
                for a in self.first[w] as usize..self.first[w + 1] as usize {
                    let u = self.arcs[a].head as usize;
                    if self.scanned[u] {
                        continue;
                    }
                    let back = self.arcs[self.arcs[a].rev as usize];
                    if back.res <= 0 {
                        continue;
                    }
                    let rc = back.cost + self.price[u] - pw;
                    let len = if rc < 0 { 0 } else { (rc / eps) as u64 + 1 };
                    let nk = k as u64 + len;
                    if nk <= max_rank as u64 && (nk as u32) < self.rank[u] {
                        self.rank[u] = nk as u32;
                        self.buckets[nk as usize].push(u as u32);
                        highest = highest.max(nk as usize);
                    }
                }
            }
            k += 1;
        }
        let stop = k.min(max_rank);
        for b in self.buckets.iter_mut().take(highest + 1) {
            b.clear();
        }
        for v in 0..nodes {
            let r = if self.scanned[v] { self.rank[v] as i64 } else { stop as i64 };
            if r > 0 && self.first[v] < self.first[v + 1] {
                let drop = eps as i128 * r as i128;
                let new = self.price[v] as i128 - drop;
                if new < -(LIMIT as i128) {
                    self.overflow = true;
                    return;
                }
                self.price[v] = new as i64;
            }
        }
        for v in 0..nodes {
            self.cur[v] = self.first[v];
        }
    }
}
