//! Exact marginal values of one more place, from one shortest-path tree.
//!
//! Let T be the super-sink that takes every unit (placed units through the
//! sinks' capacity arcs, unmet units through the sources' unmet arcs) and `f`
//! an optimal flow. Adding one unit of capacity anywhere (one more unit on the
//! arc `t_j → T`, or a new sink `t` with arcs from sources and one unit of
//! capacity `t → T`) changes the optimum by exactly `min(0, L)`, where `L` is
//! the length of the cheapest cycle through the new unit in the residual
//! network of `f`: the difference between the new and the old optimal flow is
//! a circulation in that residual network, which splits into cycles; at most
//! one can use the single new unit, and the others cost ≥ 0 because `f` was
//! optimal. Every such cycle is `T ⇝ x → (new unit) → T`, so
//! `L = dist(T, t_j)` for an extra place at sink `j`, and
//! `L = min over the new sink's arcs (i, c) of dist(T, s_i) + c` for a new
//! sink, where `dist` is the shortest-path distance from T in the residual
//! network (well defined: it has no negative cycle).
//!
//! `dist(T, s_i)` is itself the exact change in the optimum if source `i` had
//! one unit less demand (a unit sent back from T to `s_i`).
//!
//! Residual arcs out of T: `T → t_j` (cost 0) when sink `j` holds units,
//! `T → s_i` (cost −unmet) when source `i` has unmet units. Out of a source:
//! every transport arc (costs `c`; arcs back into T never lie on a shortest
//! path from T). Out of a sink: `t_j → s_i` (cost −c) along each arc carrying
//! flow. With the optimal potentials π every such arc has reduced cost ≥ 0, so
//! one Dijkstra run gives every distance. Sinks with no capacity have no
//! residual arc out and their potentials mean nothing, so their distances are
//! taken after the run from the sources' distances.
//!
//! The same distances give an optimal dual solution that does not depend on
//! which optimal plan was found: `w_j = −min(0, dist(T, t_j))` for sinks and
//! `u_i = −dist(T, s_i)` for sources with demand (every such source is
//! reachable: its units sit in a sink that T reaches, or are unmet). Dual
//! feasibility is the triangle inequality on each residual arc (`s_i → t_j`
//! gives `c − u_i + w_j ≥ 0`, `s_i → T` gives `u_i ≤ unmet`, `t_j → T` for a
//! sink with room gives `w_j = 0`), and the reverse arcs of flow-carrying arcs
//! give equality there, i.e. complementary slackness.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Plan, Transport};

/// Exact marginal values for one solved [`Transport`]: what one more unit of
/// an existing sink, a new one-unit sink, or one unit less demand at a source
/// would change in the optimal cost, and the optimal dual prices they make.
///
/// Built once by [`Plan::marginals`] (one shortest-path computation over the
/// residual network); every query afterwards is cheap, so price hundreds of
/// hypothetical places from one `Marginals`.
///
/// ```
/// use sufficiency::sufficiency::flow::Transport;
///
/// // Two children, one place at sink 0; child 1 goes unmet at cost 100.
/// let mut t = Transport::new(vec![1, 1], vec![100, 100], vec![1, 0]);
/// t.add_arc(0, 0, 10);
/// t.add_arc(1, 0, 20);
/// t.add_arc(1, 1, 30);
/// let plan = t.solve();
/// assert_eq!(plan.cost(), 110);
/// let marg = plan.marginals(&t);
/// // One more place at sink 0 takes child 1 for 20 instead of 100 unmet.
/// assert_eq!(marg.extra_place_savings(), &[-80, -70]);
/// // A new place child 0 can use at 5: child 0 moves (saves 5), and child 1
/// // takes its place at sink 0 (saves 80).
/// assert_eq!(marg.new_place_saving(&[(0, 5)]), -85);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marginals {
    /// Shortest residual distance from the super-sink to each source, or
    /// `None` when unreachable (sources with nothing to release).
    release: Vec<Option<i64>>,
    /// `min(0, dist(T, t_j))` for each sink.
    extra: Vec<i64>,
    source_price: Vec<i64>,
    sink_price: Vec<i64>,
}

impl Marginals {
    pub(super) fn compute(plan: &Plan, p: &Transport) -> Marginals {
        let n = p.num_sources();
        let m = p.num_sinks();
        let root = n + m;
        assert!(
            plan.unmet.len() == n && plan.load.len() == m && plan.flow.len() == p.num_arcs(),
            "Plan and Transport do not match (solve this Transport again)"
        );

        // Transport arcs by source (only live ones: source with demand, sink
        // with capacity), and the arcs carrying flow by sink.
        let arcs = p.num_arcs();
        let mut out_start = vec![0u32; n + 1];
        let mut in_start = vec![0u32; m + 1];
        for a in 0..arcs {
            let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
            if p.demands[i] > 0 && p.capacities[j] > 0 {
                out_start[i + 1] += 1;
                if plan.flow[a] > 0 {
                    in_start[j + 1] += 1;
                }
            }
        }
        for i in 0..n {
            out_start[i + 1] += out_start[i];
        }
        for j in 0..m {
            in_start[j + 1] += in_start[j];
        }
        // (head, cost) pairs: sinks out of sources, sources out of sinks
        // (the reverse of arcs carrying flow, cost −c).
        let mut out_adj = vec![(0u32, 0i64); out_start[n] as usize];
        let mut in_adj = vec![(0u32, 0i64); in_start[m] as usize];
        {
            let mut fill_out = out_start.clone();
            let mut fill_in = in_start.clone();
            for a in 0..arcs {
                let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
                if p.demands[i] > 0 && p.capacities[j] > 0 {
                    out_adj[fill_out[i] as usize] = ((n + j) as u32, p.arc_cost[a]);
                    fill_out[i] += 1;
                    if plan.flow[a] > 0 {
                        in_adj[fill_in[j] as usize] = (i as u32, -p.arc_cost[a]);
                        fill_in[j] += 1;
                    }
                }
            }
        }

        // Dijkstra from T on reduced costs c + π(x) − π(y) ≥ 0; the true
        // distance is the reduced one plus π(y) − π(T). Keys are i128: reduced
        // distances are below 2·(nodes)·max|cost| ≤ 2^62, and a relaxation adds
        // a reduced cost of up to as much again.
        let pot = |v: usize| plan.potential[v] as i128;
        let mut key = vec![i128::MAX; n + m + 1];
        let mut done = vec![false; n + m + 1];
        let mut heap: BinaryHeap<Reverse<(i128, u32)>> = BinaryHeap::new();
        key[root] = 0;
        heap.push(Reverse((0, root as u32)));
        let reduced = |c: i64, x: usize, y: usize| -> i128 {
            let r = c as i128 + pot(x) - pot(y);
            debug_assert!(r >= 0, "negative reduced cost {r} on {x} -> {y}");
            r
        };
        while let Some(Reverse((d, x))) = heap.pop() {
            let x = x as usize;
            if done[x] {
                continue;
            }
            done[x] = true;
            let mut relax = |y: usize, r: i128, heap: &mut BinaryHeap<Reverse<(i128, u32)>>| {
                let nd = d + r;
                if nd < key[y] {
                    key[y] = nd;
                    heap.push(Reverse((nd, y as u32)));
                }
            };
            if x == root {
                for j in 0..m {
                    if plan.load[j] > 0 {
                        relax(n + j, reduced(0, root, n + j), &mut heap);
                    }
                }
                for i in 0..n {
                    if plan.unmet[i] > 0 {
                        relax(i, reduced(-p.unmet_cost[i], root, i), &mut heap);
                    }
                }
            } else {
                let adj = if x < n {
                    &out_adj[out_start[x] as usize..out_start[x + 1] as usize]
                } else {
                    &in_adj[in_start[x - n] as usize..in_start[x - n + 1] as usize]
                };
                for &(y, c) in adj {
                    relax(y as usize, reduced(c, x, y as usize), &mut heap);
                }
            }
        }
        let dist = |y: usize| -> Option<i64> {
            if key[y] == i128::MAX {
                None
            } else {
                Some((key[y] + pot(y) - pot(root)) as i64)
            }
        };
        let release: Vec<Option<i64>> = (0..n).map(dist).collect();
        let mut sink_dist: Vec<Option<i64>> = (0..m).map(|j| dist(n + j)).collect();
        // Sinks with no capacity: reached only from sources.
        for a in 0..arcs {
            let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
            if p.capacities[j] == 0 {
                if let Some(di) = release[i] {
                    let d = di + p.arc_cost[a];
                    if sink_dist[j].is_none_or(|old| d < old) {
                        sink_dist[j] = Some(d);
                    }
                }
            }
        }
        let extra: Vec<i64> = sink_dist.iter().map(|d| d.map_or(0, |d| d.min(0))).collect();
        // Dual prices: the marginal values themselves, completed for sources
        // with no demand (the largest price keeping every reduced cost ≥ 0).
        let sink_price: Vec<i64> = extra.iter().map(|&x| -x).collect();
        let mut source_price: Vec<i64> = (0..n).map(|i| release[i].map_or(p.unmet_cost[i], |r| -r)).collect();
        for a in 0..arcs {
            let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
            if p.demands[i] == 0 {
                source_price[i] = source_price[i].min(p.arc_cost[a] + sink_price[j]);
            }
        }
        Marginals { release, extra, source_price, sink_price }
    }

    /// Exact change in the optimal cost (≤ 0) if sink `sink` had one more unit
    /// of capacity.
    ///
    /// # Panics
    ///
    /// If `sink` is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![1], vec![50], vec![0]);
    /// t.add_arc(0, 0, 20);
    /// let marg = t.solve().marginals(&t);
    /// assert_eq!(marg.extra_place_saving(0), -30);
    /// ```
    pub fn extra_place_saving(&self, sink: usize) -> i64 {
        self.extra[sink]
    }

    /// [`extra_place_saving`](Self::extra_place_saving) for every sink, by
    /// sink index.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![2], vec![50], vec![1, 1]);
    /// t.add_arc(0, 0, 20);
    /// t.add_arc(0, 1, 60);
    /// let marg = t.solve().marginals(&t);
    /// // Sink 0 full and cheaper than unmet; sink 1 is dearer than unmet.
    /// assert_eq!(marg.extra_place_savings(), &[-30, 0]);
    /// ```
    pub fn extra_place_savings(&self) -> &[i64] {
        &self.extra
    }

    /// Exact change in the optimal cost (≤ 0) if a new sink with one unit of
    /// capacity were added, reachable by the given arcs `(source, cost)`.
    ///
    /// # Panics
    ///
    /// If an arc's source is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let t = Transport::new(vec![1, 1], vec![40, 70], vec![]);
    /// let marg = t.solve().marginals(&t);
    /// // The place would take whichever child it saves most on.
    /// assert_eq!(marg.new_place_saving(&[(0, 10), (1, 30)]), -40);
    /// assert_eq!(marg.new_place_saving(&[(0, 90)]), 0);
    /// assert_eq!(marg.new_place_saving(&[]), 0);
    /// ```
    pub fn new_place_saving(&self, arcs: &[(usize, i64)]) -> i64 {
        arcs.iter().filter_map(|&(i, c)| self.release[i].map(|d| d + c)).fold(0, i64::min)
    }

    /// Exact change in the optimal cost if source `source` had one unit less
    /// demand, or `None` if it has no demand. This is the shortest distance
    /// from the super-sink to the source in the residual network; a new
    /// one-unit place with an arc `(source, c)` saves `min(0, release + c)`
    /// through that arc.
    ///
    /// # Panics
    ///
    /// If `source` is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// // Child 0 sits in the only place (cost 10); child 1 is unmet (cost 100)
    /// // and would take the place at 20 if child 0 left.
    /// let mut t = Transport::new(vec![1, 1, 0], vec![100, 100, 100], vec![1]);
    /// t.add_arc(0, 0, 10);
    /// t.add_arc(1, 0, 20);
    /// let marg = t.solve().marginals(&t);
    /// assert_eq!(marg.release(0), Some(-90));
    /// assert_eq!(marg.release(1), Some(-100));
    /// assert_eq!(marg.release(2), None);
    /// ```
    pub fn release(&self, source: usize) -> Option<i64> {
        self.release[source]
    }

    /// Optimal dual price `u_i` of one unit of `source`'s demand: minus
    /// [`release`](Self::release), i.e. what one unit less demand would save
    /// (for a source with no demand, the largest price keeping the dual
    /// feasible). With the sink prices `w_j` ([`sink_price`](Self::sink_price))
    /// these solve the dual linear programme: for every arc
    /// `c − u_i + w_j ≥ 0` (`= 0` when the arc carries flow),
    /// `u_i ≤ unmet_cost[i]` (`=` when units are unmet), `w_j ≥ 0` (`= 0` when
    /// the sink is not full), and `Σ d_i·u_i − Σ c_j·w_j` equals the optimal
    /// cost. Being the exact one-sided marginal values, they do not depend on
    /// which optimal plan was found.
    ///
    /// # Panics
    ///
    /// If `source` is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![1, 1], vec![100, 100], vec![1]);
    /// t.add_arc(0, 0, 10);
    /// t.add_arc(1, 0, 30);
    /// let plan = t.solve();
    /// let marg = plan.marginals(&t);
    /// // Child 0 holds the place at 10, child 1 is unmet at 100 (total 110).
    /// // Without child 0, child 1 takes the place: 30, so u0 = 110 − 30.
    /// // Without child 1: 10, so u1 = 100. One more place: 40, so w0 = 70.
    /// assert_eq!(marg.source_price(1), 100);
    /// assert_eq!(marg.source_price(0), 80);
    /// assert_eq!(marg.sink_price(0), 70);
    /// assert_eq!(80 + 100 - 70, plan.cost());
    /// ```
    pub fn source_price(&self, source: usize) -> i64 {
        self.source_price[source]
    }

    /// Optimal dual price `w_j ≥ 0` of one unit of `sink`'s capacity: minus
    /// [`extra_place_saving`](Self::extra_place_saving). See
    /// [`source_price`](Self::source_price).
    ///
    /// # Panics
    ///
    /// If `sink` is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![2], vec![100], vec![1, 1]);
    /// t.add_arc(0, 0, 10);
    /// let marg = t.solve().marginals(&t);
    /// assert_eq!(marg.sink_price(0), 90);
    /// assert_eq!(marg.sink_price(1), 0);
    /// ```
    pub fn sink_price(&self, sink: usize) -> i64 {
        self.sink_price[sink]
    }
}
