//! Minimum-cost placement: the capacitated transportation problem with an
//! "unmet" option, solved exactly, with exact marginal values of capacity.
//!
//! *Sources* (children, or groups of identical children) each have a demand
//! `d_i ≥ 0` that must be routed in full, either along arcs to *sinks*
//! (settings) or left unmet at `unmet_cost[i]` a unit. Each sink has a
//! capacity `c_j ≥ 0`. Arcs `(source, sink, cost)` have integer costs of
//! either sign. [`Transport::solve`] minimises `Σ flow·cost + Σ unmet·unmet_cost`
//! and returns an integral optimal plan.
//!
//! The method is successive shortest paths: the network
//! `S → s_i (d_i) → t_j (arcs) → T (c_j)`, with `s_i → T` at the unmet cost,
//! carries one augmenting path at a time along a shortest path in the
//! residual network, found by Dijkstra's algorithm on costs reduced by node
//! potentials (so they stay non-negative). Each augmentation keeps the flow
//! of least cost for its value, so the last one is optimal.
//!
//! ```
//! use sufficiency::sufficiency::flow::Transport;
//! // Two children, one place; the second child goes unmet at 100.
//! let mut t = Transport::new(vec![1, 1], vec![100, 100], vec![1]);
//! t.add_arc(0, 0, 10);
//! t.add_arc(1, 0, 20);
//! let plan = t.solve();
//! assert_eq!(plan.cost(), 110);
//! assert_eq!(plan.unmet(1), 1);
//! ```

mod marginal;
#[cfg(test)]
mod tests;

use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub use marginal::Marginals;

/// A transportation problem: sources with demands, sinks with capacities,
/// arcs with costs, and a cost per unit left unmet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transport {
    demands: Vec<i64>,
    unmet_cost: Vec<i64>,
    capacities: Vec<i64>,
    arcs: Vec<(u32, u32, i64)>,
}

impl Transport {
    /// A problem with these demands, unmet costs (one per source) and capacities.
    ///
    /// # Panics
    ///
    /// If `unmet_cost` is not one per source, or a demand or capacity is negative.
    pub fn new(demands: Vec<i64>, unmet_cost: Vec<i64>, capacities: Vec<i64>) -> Self {
        assert_eq!(demands.len(), unmet_cost.len(), "one unmet cost per source");
        assert!(demands.iter().chain(&capacities).all(|x| *x >= 0), "demands and capacities must be ≥ 0");
        Transport { demands, unmet_cost, capacities, arcs: Vec::new() }
    }

    /// Adds an arc and returns its index.
    ///
    /// # Panics
    ///
    /// If the source or sink does not exist.
    pub fn add_arc(&mut self, source: usize, sink: usize, cost: i64) -> usize {
        assert!(source < self.demands.len() && sink < self.capacities.len(), "arc ({source}, {sink}) out of range");
        self.arcs.push((source as u32, sink as u32, cost));
        self.arcs.len() - 1
    }

    /// Number of sources.
    pub fn num_sources(&self) -> usize {
        self.demands.len()
    }

    /// Number of sinks.
    pub fn num_sinks(&self) -> usize {
        self.capacities.len()
    }

    /// Number of arcs.
    pub fn num_arcs(&self) -> usize {
        self.arcs.len()
    }

    /// A source's demand.
    pub fn demand(&self, source: usize) -> i64 {
        self.demands[source]
    }

    /// A source's cost per unit unmet.
    pub fn unmet_cost(&self, source: usize) -> i64 {
        self.unmet_cost[source]
    }

    /// A sink's capacity.
    pub fn capacity(&self, sink: usize) -> i64 {
        self.capacities[sink]
    }

    /// An arc's (source, sink, cost).
    pub fn arc(&self, arc: usize) -> (usize, usize, i64) {
        let (i, j, c) = self.arcs[arc];
        (i as usize, j as usize, c)
    }

    /// Solves the problem exactly.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![2], vec![50], vec![1, 1]);
    /// let a = t.add_arc(0, 0, 5);
    /// let b = t.add_arc(0, 1, 7);
    /// let plan = t.solve();
    /// assert_eq!((plan.flow(a), plan.flow(b), plan.cost()), (1, 1, 12));
    /// ```
    pub fn solve(&self) -> Plan {
        Solver::new(self).run()
    }
}

/// An optimal plan for a [`Transport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    flow: Vec<i64>,
    unmet: Vec<i64>,
    load: Vec<i64>,
    cost: i128,
}

impl Plan {
    /// Units along an arc.
    pub fn flow(&self, arc: usize) -> i64 {
        self.flow[arc]
    }

    /// Units of a source left unmet.
    pub fn unmet(&self, source: usize) -> i64 {
        self.unmet[source]
    }

    /// Units placed in a sink.
    pub fn sink_load(&self, sink: usize) -> i64 {
        self.load[sink]
    }

    /// The total cost.
    pub fn cost(&self) -> i128 {
        self.cost
    }

    /// Exact marginal values of capacity (see [`Marginals`]).
    pub fn marginals(&self, problem: &Transport) -> Marginals {
        Marginals::compute(self, problem)
    }
}

/// Residual network for successive shortest paths. Nodes: S = 0, sources
/// 1..=n, sinks n+1..=n+m, T = n+m+1.
struct Solver<'a> {
    p: &'a Transport,
    head: Vec<u32>,
    cap: Vec<i64>,
    cost: Vec<i64>,
    out: Vec<Vec<u32>>,
}

const INF: i64 = i64::MAX / 4;

impl<'a> Solver<'a> {
    fn new(p: &'a Transport) -> Self {
        let (n, m) = (p.demands.len(), p.capacities.len());
        let nodes = n + m + 2;
        let mut s = Solver { p, head: Vec::new(), cap: Vec::new(), cost: Vec::new(), out: vec![Vec::new(); nodes] };
        let total: i64 = p.demands.iter().sum();
        // Transport arcs first, so edge 2a is arc a.
        for &(i, j, c) in &p.arcs {
            s.edge(1 + i as usize, 1 + n + j as usize, total, c);
        }
        for i in 0..n {
            s.edge(0, 1 + i, p.demands[i], 0);
            s.edge(1 + i, n + m + 1, total, p.unmet_cost[i]);
        }
        for j in 0..m {
            s.edge(1 + n + j, n + m + 1, p.capacities[j], 0);
        }
        s
    }

    fn edge(&mut self, a: usize, b: usize, cap: i64, cost: i64) {
        self.out[a].push(self.head.len() as u32);
        self.head.push(b as u32);
        self.cap.push(cap);
        self.cost.push(cost);
        self.out[b].push(self.head.len() as u32);
        self.head.push(a as u32);
        self.cap.push(0);
        self.cost.push(-cost);
    }

    fn run(mut self) -> Plan {
        let (n, m) = (self.p.demands.len(), self.p.capacities.len());
        let nodes = n + m + 2;
        let t = nodes - 1;
        // Initial potentials: shortest distances from S in the acyclic network.
        let mut pot = vec![0i64; nodes];
        for j in 0..m {
            pot[1 + n + j] = INF;
        }
        for &(i, j, c) in &self.p.arcs {
            let _ = i;
            let v = 1 + n + j as usize;
            pot[v] = pot[v].min(c);
        }
        pot[t] = INF;
        for i in 0..n {
            pot[t] = pot[t].min(self.p.unmet_cost[i]);
        }
        for j in 0..m {
            if pot[1 + n + j] < INF {
                pot[t] = pot[t].min(pot[1 + n + j]);
            }
        }
        let mut need: i64 = self.p.demands.iter().sum();
        let mut dist = vec![INF; nodes];
        let mut prev = vec![u32::MAX; nodes];
        while need > 0 {
            dist.iter_mut().for_each(|d| *d = INF);
            dist[0] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, 0u32)));
            while let Some(Reverse((d, v))) = heap.pop() {
                let v = v as usize;
                if d > dist[v] {
                    continue;
                }
                for &e in &self.out[v] {
                    let e = e as usize;
                    if self.cap[e] <= 0 {
                        continue;
                    }
                    let w = self.head[e] as usize;
                    if pot[w] >= INF {
                        continue;
                    }
                    let nd = d + self.cost[e] + pot[v] - pot[w];
                    if nd < dist[w] {
                        dist[w] = nd;
                        prev[w] = e as u32;
                        heap.push(Reverse((nd, w as u32)));
                    }
                }
            }
            if dist[t] >= INF {
                break; // cannot happen: every source reaches T through its unmet arc
            }
            // Nodes further than T (or unreachable) move by T's distance,
            // which keeps every residual arc's reduced cost non-negative.
            let dt = dist[t];
            for v in 0..nodes {
                if pot[v] < INF {
                    pot[v] += dist[v].min(dt);
                }
            }
            // Bottleneck along the path.
            let mut f = need;
            let mut v = t;
            while v != 0 {
                let e = prev[v] as usize;
                f = f.min(self.cap[e]);
                v = self.head[e ^ 1] as usize;
            }
            let mut v = t;
            while v != 0 {
                let e = prev[v] as usize;
                self.cap[e] -= f;
                self.cap[e ^ 1] += f;
                v = self.head[e ^ 1] as usize;
            }
            need -= f;
        }
        let arcs = self.p.arcs.len();
        let flow: Vec<i64> = (0..arcs).map(|a| self.cap[2 * a + 1]).collect();
        let mut unmet = vec![0i64; n];
        let mut load = vec![0i64; m];
        let base = 2 * arcs;
        for (i, u) in unmet.iter_mut().enumerate() {
            *u = self.cap[base + 4 * i + 3];
        }
        for (j, l) in load.iter_mut().enumerate() {
            *l = self.cap[base + 4 * n + 2 * j + 1];
        }
        let mut cost: i128 = 0;
        for (a, &f) in flow.iter().enumerate() {
            cost += i128::from(f) * i128::from(self.p.arcs[a].2);
        }
        for (i, &u) in unmet.iter().enumerate() {
            cost += i128::from(u) * i128::from(self.p.unmet_cost[i]);
        }
        Plan { flow, unmet, load, cost }
    }
}
