//! Minimum-cost placement matching: the capacitated transportation problem
//! with an "unmet" option, solved exactly, with exact marginal values of
//! capacity.
//!
//! *Sources* (children, or groups of identical children) each have a demand
//! `d_i ≥ 0` that must be routed in full, either along arcs to *sinks*
//! (settings, places) or left unmet at `unmet_cost[i]` per unit. Each sink has
//! a capacity `c_j ≥ 0`. Arcs `(source, sink, cost)` have integer costs of
//! either sign; several arcs may join the same pair. [`Transport::solve`]
//! minimises `Σ flow·cost + Σ unmet·unmet_cost` and returns an integral
//! optimal [`Plan`]. [`Plan::marginals`] then gives, from one shortest-path
//! computation, [`Marginals`]: the exact change in the optimum from one more
//! place at any existing sink, from a hypothetical new one-unit sink with any
//! arcs, and from one unit less demand at any source, together with an
//! optimal dual solution (prices) built from those same values.
//!
//! Savings are reported as changes in the optimal cost, so they are ≤ 0: a
//! value of −80 means the optimum would fall by 80.
//!
//! # Algorithm
//!
//! A primal network simplex on the network sources → sinks → super-sink
//! (with an uncapacitated "unmet" arc from each source to the super-sink):
//! block-search pricing, strongly feasible spanning trees (no cycling under the
//! heavy degeneracy of assignment problems), a start with everything unmet
//! (no artificial arcs), and potentials shifted on whichever side of the tree
//! is smaller. It is exact in integers: costs are `i64`, the total is `i128`.
//! On a regional instance (11,000 children, 3,000 settings of 1–6 places, 40
//! candidate settings per child) it takes about a third of a second; see
//! `benches/flow.rs`. The marginal values come from one Dijkstra run from the
//! super-sink over the optimal residual network with the optimal potentials.
//!
//! A [`Solver`] keeps the simplex's state between solves: add arcs or sinks
//! to a solved problem and solve again, and pivoting resumes from the last
//! optimal basis (column generation, or pricing one more place).
//!
//! # Determinism and ties
//!
//! Everything is deterministic: the same problem (same arcs in the same
//! order) always gives the same plan. When several plans tie on cost, which
//! one is returned depends on the input but is otherwise unspecified; encode
//! any preference between them in the costs (e.g. lexicographic tiers). The
//! optimal cost and every [`Marginals`] value do not depend on which optimal
//! plan was found.
//!
//! # Limits
//!
//! With `V = sources + sinks + 2`, the largest `|cost|` (arc or unmet) times
//! `4·V` must not exceed `i64::MAX` (about 9.2·10^18): e.g. costs up to
//! 1.5·10^14 for 15,000 sources and sinks together, 1.5·10^13 for 150,000;
//! [`Transport::solve`] panics otherwise. Total demand must fit in `i64`.
//!
//! ```
//! use sufficiency::sufficiency::flow::Transport;
//!
//! // Three children (sources), two settings (sinks) with one place each.
//! // Leaving a child without a place costs 1,000.
//! let mut t = Transport::new(vec![1, 1, 1], vec![1_000; 3], vec![1, 1]);
//! let a = t.add_arc(0, 0, 10); // child 0 → setting 0 costs 10
//! let b = t.add_arc(1, 0, 12);
//! let c = t.add_arc(1, 1, 30);
//! let d = t.add_arc(2, 1, 15);
//! let plan = t.solve();
//! // Child 1 must go unmet: 10 + 15 + 1,000.
//! assert_eq!(plan.cost(), 1_025);
//! assert_eq!((plan.flow(a), plan.flow(b), plan.flow(c), plan.flow(d)), (1, 0, 0, 1));
//! assert_eq!(plan.unmet(1), 1);
//!
//! // One more place in setting 0 would save 988 (child 1 there at 12).
//! let marg = plan.marginals(&t);
//! assert_eq!(marg.extra_place_savings(), &[-988, -970]);
//! // A new place child 2 could use at 5: child 2 moves there (saves 10) and
//! // child 1 takes setting 1 at 30 instead of going unmet (saves 970).
//! assert_eq!(marg.new_place_saving(&[(2, 5)]), -980);
//! ```

mod marginal;
mod simplex;
#[cfg(test)]
mod tests;

pub use marginal::Marginals;

/// A transportation problem with an "unmet" option: sources with demands that
/// go either to capacitated sinks along costed arcs, or unmet at a cost.
///
/// ```
/// use sufficiency::sufficiency::flow::Transport;
///
/// let mut t = Transport::new(vec![2], vec![100], vec![1, 1]);
/// t.add_arc(0, 0, 7);
/// t.add_arc(0, 1, 9);
/// assert_eq!(t.solve().cost(), 16);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transport {
    demands: Vec<i64>,
    unmet_cost: Vec<i64>,
    capacities: Vec<i64>,
    arc_source: Vec<u32>,
    arc_sink: Vec<u32>,
    arc_cost: Vec<i64>,
}

impl Transport {
    /// A problem with the given source demands and per-unit unmet costs (one
    /// of each per source) and sink capacities, and no arcs yet.
    ///
    /// # Panics
    ///
    /// If `demands` and `unmet_cost` differ in length, a demand or capacity is
    /// negative, or there are 2^31 − 2 or more sources and sinks together.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let t = Transport::new(vec![1, 3], vec![50, 60], vec![2]);
    /// assert_eq!((t.num_sources(), t.num_sinks(), t.num_arcs()), (2, 1, 0));
    /// // No arcs: everything is unmet.
    /// assert_eq!(t.solve().cost(), 50 + 3 * 60);
    /// ```
    pub fn new(demands: Vec<i64>, unmet_cost: Vec<i64>, capacities: Vec<i64>) -> Self {
        assert_eq!(demands.len(), unmet_cost.len(), "one unmet cost per source");
        assert!(demands.iter().all(|&d| d >= 0), "demands must be ≥ 0");
        assert!(capacities.iter().all(|&c| c >= 0), "capacities must be ≥ 0");
        assert!((demands.len() as u64) + (capacities.len() as u64) + 2 < u32::MAX as u64, "too many sources and sinks");
        Transport {
            demands,
            unmet_cost,
            capacities,
            arc_source: Vec::new(),
            arc_sink: Vec::new(),
            arc_cost: Vec::new(),
        }
    }

    /// Adds an arc from `source` to `sink` with a per-unit `cost` (any sign)
    /// and returns its index (0, 1, 2, … in the order added). Several arcs
    /// may join the same pair; flow uses the cheapest.
    ///
    /// # Panics
    ///
    /// If `source` or `sink` is out of range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![1], vec![10], vec![1]);
    /// assert_eq!(t.add_arc(0, 0, 4), 0);
    /// assert_eq!(t.add_arc(0, 0, -2), 1);
    /// let plan = t.solve();
    /// assert_eq!((plan.flow(0), plan.flow(1), plan.cost()), (0, 1, -2));
    /// ```
    pub fn add_arc(&mut self, source: usize, sink: usize, cost: i64) -> usize {
        assert!(source < self.demands.len(), "source {source} out of range");
        assert!(sink < self.capacities.len(), "sink {sink} out of range");
        self.arc_source.push(source as u32);
        self.arc_sink.push(sink as u32);
        self.arc_cost.push(cost);
        self.arc_cost.len() - 1
    }

    /// Adds a sink with the given capacity and returns its index (after the
    /// existing sinks).
    ///
    /// # Panics
    ///
    /// If `capacity` is negative, or there would be 2^31 − 2 or more sources
    /// and sinks together.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![2], vec![100], vec![1]);
    /// t.add_arc(0, 0, 5);
    /// let s = t.add_sink(1);
    /// t.add_arc(0, s, 7);
    /// assert_eq!((s, t.solve().cost()), (1, 12));
    /// ```
    pub fn add_sink(&mut self, capacity: i64) -> usize {
        assert!(capacity >= 0, "capacities must be ≥ 0");
        assert!(
            (self.demands.len() as u64) + (self.capacities.len() as u64) + 3 < u32::MAX as u64,
            "too many sources and sinks"
        );
        self.capacities.push(capacity);
        self.capacities.len() - 1
    }

    /// Reserves room for `additional` more arcs.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![1], vec![10], vec![1]);
    /// t.reserve_arcs(40);
    /// t.add_arc(0, 0, 1);
    /// assert_eq!(t.num_arcs(), 1);
    /// ```
    pub fn reserve_arcs(&mut self, additional: usize) {
        self.arc_source.reserve(additional);
        self.arc_sink.reserve(additional);
        self.arc_cost.reserve(additional);
    }

    /// Number of sources.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// assert_eq!(Transport::new(vec![1, 1], vec![0, 0], vec![]).num_sources(), 2);
    /// ```
    pub fn num_sources(&self) -> usize {
        self.demands.len()
    }

    /// Number of sinks.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// assert_eq!(Transport::new(vec![], vec![], vec![3]).num_sinks(), 1);
    /// ```
    pub fn num_sinks(&self) -> usize {
        self.capacities.len()
    }

    /// Number of arcs added.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![1], vec![0], vec![1]);
    /// t.add_arc(0, 0, 3);
    /// assert_eq!(t.num_arcs(), 1);
    /// ```
    pub fn num_arcs(&self) -> usize {
        self.arc_cost.len()
    }

    /// Demand of `source`.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// assert_eq!(Transport::new(vec![4], vec![9], vec![]).demand(0), 4);
    /// ```
    pub fn demand(&self, source: usize) -> i64 {
        self.demands[source]
    }

    /// Per-unit cost of leaving `source` unmet.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// assert_eq!(Transport::new(vec![4], vec![9], vec![]).unmet_cost(0), 9);
    /// ```
    pub fn unmet_cost(&self, source: usize) -> i64 {
        self.unmet_cost[source]
    }

    /// Capacity of `sink`.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// assert_eq!(Transport::new(vec![], vec![], vec![6]).capacity(0), 6);
    /// ```
    pub fn capacity(&self, sink: usize) -> i64 {
        self.capacities[sink]
    }

    /// Arc `arc` as `(source, sink, cost)`.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![1], vec![0], vec![1]);
    /// let a = t.add_arc(0, 0, -3);
    /// assert_eq!(t.arc(a), (0, 0, -3));
    /// ```
    pub fn arc(&self, arc: usize) -> (usize, usize, i64) {
        (self.arc_source[arc] as usize, self.arc_sink[arc] as usize, self.arc_cost[arc])
    }

    /// Solves the problem exactly: an integral flow of least total cost.
    ///
    /// # Panics
    ///
    /// If costs are too large for exact `i64` arithmetic (the largest `|cost|`,
    /// arcs and unmet costs, times `4·(sources + sinks + 2)` must not exceed
    /// `i64::MAX`), or the total demand exceeds `i64::MAX`.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// // Source 0 (2 units) and source 1 (1 unit); sinks of capacity 1 and 2.
    /// let mut t = Transport::new(vec![2, 1], vec![100, 100], vec![1, 2]);
    /// t.add_arc(0, 0, 1);
    /// t.add_arc(0, 1, 5);
    /// t.add_arc(1, 0, 2);
    /// t.add_arc(1, 1, 9);
    /// // 0→0 (1), 0→1 (5), 1→1 (9) = 15; or 1→0 (2), 0→1 twice (10) = 12.
    /// let plan = t.solve();
    /// assert_eq!(plan.cost(), 12);
    /// assert_eq!(plan.flow(1), 2);
    /// ```
    pub fn solve(&self) -> Plan {
        self.check_magnitude();
        let sol = simplex::solve(self);
        Plan::from_solution(self, sol)
    }

    fn check_magnitude(&self) {
        let c = self.arc_cost.iter().chain(&self.unmet_cost).map(|c| c.unsigned_abs()).max().unwrap_or(0) as u128;
        let v = (self.demands.len() + self.capacities.len() + 2) as u128;
        assert!(
            c * 4 * v <= i64::MAX as u128,
            "costs too large for exact arithmetic: max |cost| {c} × 4 × {v} nodes exceeds i64::MAX"
        );
        let demand: i128 = self.demands.iter().map(|&d| d as i128).sum();
        assert!(demand <= i64::MAX as i128, "total demand {demand} exceeds i64::MAX");
    }
}

/// A [`Transport`] that grows between solves: arcs and sinks added after a
/// solve join the last optimal basis, and the next solve goes on pivoting
/// from there instead of starting again with everything unmet. This is what
/// column generation wants (solve with a few candidate arcs, add the ones
/// the prices say could help, solve again), and what pricing one more place
/// wants (add a sink and its arcs to a solved problem).
///
/// Each [`solve`](Solver::solve) gives the same optimal cost as
/// [`Transport::solve`] on the same problem (the plan may differ among ties).
///
/// ```
/// use sufficiency::sufficiency::flow::{Solver, Transport};
///
/// let mut s = Solver::new(Transport::new(vec![1, 1], vec![100, 100], vec![1]));
/// s.add_arc(0, 0, 10);
/// s.add_arc(1, 0, 20);
/// assert_eq!(s.solve().cost(), 110); // one place, one child unmet
/// let extra = s.add_sink(1);
/// s.add_arc(1, extra, 30);
/// assert_eq!(s.solve().cost(), 40);
/// assert_eq!(s.solve().cost(), s.problem().solve().cost());
/// ```
#[derive(Clone)]
pub struct Solver {
    problem: Transport,
    state: Option<simplex::Simplex>,
}

impl Solver {
    /// A solver for `problem`; nothing is computed until [`solve`](Self::solve).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::{Solver, Transport};
    /// let s = Solver::new(Transport::new(vec![1], vec![5], vec![]));
    /// assert_eq!(s.problem().num_sources(), 1);
    /// ```
    pub fn new(problem: Transport) -> Solver {
        Solver { problem, state: None }
    }

    /// The problem as it stands.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::{Solver, Transport};
    /// let mut s = Solver::new(Transport::new(vec![1], vec![5], vec![1]));
    /// s.add_arc(0, 0, 1);
    /// assert_eq!(s.problem().num_arcs(), 1);
    /// ```
    pub fn problem(&self) -> &Transport {
        &self.problem
    }

    /// Adds an arc, as [`Transport::add_arc`]; it joins the next solve.
    ///
    /// # Panics
    ///
    /// As [`Transport::add_arc`].
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::{Solver, Transport};
    /// let mut s = Solver::new(Transport::new(vec![1], vec![5], vec![1]));
    /// assert_eq!(s.solve().cost(), 5);
    /// s.add_arc(0, 0, 1);
    /// assert_eq!(s.solve().cost(), 1);
    /// ```
    pub fn add_arc(&mut self, source: usize, sink: usize, cost: i64) -> usize {
        self.problem.add_arc(source, sink, cost)
    }

    /// Adds a sink, as [`Transport::add_sink`]; it joins the next solve.
    ///
    /// # Panics
    ///
    /// As [`Transport::add_sink`].
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::{Solver, Transport};
    /// let mut s = Solver::new(Transport::new(vec![1], vec![5], vec![]));
    /// assert_eq!(s.solve().cost(), 5);
    /// let j = s.add_sink(1);
    /// s.add_arc(0, j, 2);
    /// assert_eq!(s.solve().cost(), 2);
    /// ```
    pub fn add_sink(&mut self, capacity: i64) -> usize {
        self.problem.add_sink(capacity)
    }

    /// Solves the problem as it stands, from the last solve's basis.
    ///
    /// # Panics
    ///
    /// As [`Transport::solve`].
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::{Solver, Transport};
    /// let mut s = Solver::new(Transport::new(vec![2], vec![50], vec![1, 1]));
    /// s.add_arc(0, 0, 9);
    /// assert_eq!(s.solve().cost(), 59);
    /// s.add_arc(0, 1, 3);
    /// assert_eq!(s.solve().cost(), 12);
    /// ```
    pub fn solve(&mut self) -> Plan {
        self.problem.check_magnitude();
        let state = match &mut self.state {
            Some(state) => {
                state.take_in(&self.problem);
                state
            }
            None => self.state.insert(simplex::Simplex::new(&self.problem)),
        };
        state.run();
        Plan::from_solution(&self.problem, state.solution(&self.problem))
    }
}

/// An optimal flow from one of the solvers.
struct Solution {
    /// Flow on each of the problem's arcs, by the problem's arc index.
    flow: Vec<i64>,
    /// Units of each source left unmet.
    unmet: Vec<i64>,
    /// Units placed in each sink.
    load: Vec<i64>,
    /// Optimal node potentials π (sources, then sinks, then the super-sink at
    /// 0): every residual arc between a source with demand and a sink with
    /// capacity, or to or from the super-sink, has reduced cost
    /// `c + π(tail) − π(head) ≥ 0`.
    potential: Vec<i64>,
    /// Simplex pivots (diagnostics).
    pivots: u64,
}

/// An optimal plan for a [`Transport`]: integral flows, unmet units and the
/// total cost; marginal values and dual prices come from
/// [`marginals`](Plan::marginals).
///
/// ```
/// use sufficiency::sufficiency::flow::Transport;
///
/// let mut t = Transport::new(vec![1, 1], vec![30, 30], vec![1]);
/// let a0 = t.add_arc(0, 0, 10);
/// let a1 = t.add_arc(1, 0, 5);
/// let plan = t.solve();
/// assert_eq!((plan.flow(a0), plan.flow(a1)), (0, 1));
/// assert_eq!((plan.unmet(0), plan.unmet(1)), (1, 0));
/// assert_eq!(plan.cost(), 35);
/// assert_eq!(plan.sink_load(0), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    flow: Vec<i64>,
    unmet: Vec<i64>,
    load: Vec<i64>,
    cost: i128,
    /// Node potentials, as in `Solution::potential`.
    potential: Vec<i64>,
    pivots: u64,
}

impl Plan {
    fn from_solution(problem: &Transport, sol: Solution) -> Plan {
        let mut cost: i128 = 0;
        for (a, &f) in sol.flow.iter().enumerate() {
            cost += f as i128 * problem.arc_cost[a] as i128;
        }
        for (i, &u) in sol.unmet.iter().enumerate() {
            cost += u as i128 * problem.unmet_cost[i] as i128;
        }
        Plan { flow: sol.flow, unmet: sol.unmet, load: sol.load, cost, potential: sol.potential, pivots: sol.pivots }
    }

    /// Units sent along arc `arc` (the index [`Transport::add_arc`] returned).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![3], vec![10], vec![2]);
    /// let a = t.add_arc(0, 0, 1);
    /// assert_eq!(t.solve().flow(a), 2);
    /// ```
    pub fn flow(&self, arc: usize) -> i64 {
        self.flow[arc]
    }

    /// Units of `source` left unmet.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![3], vec![10], vec![2]);
    /// t.add_arc(0, 0, 1);
    /// assert_eq!(t.solve().unmet(0), 1);
    /// ```
    pub fn unmet(&self, source: usize) -> i64 {
        self.unmet[source]
    }

    /// Units placed in `sink` (≤ its capacity).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![1, 1], vec![10, 10], vec![4]);
    /// t.add_arc(0, 0, 1);
    /// t.add_arc(1, 0, 1);
    /// assert_eq!(t.solve().sink_load(0), 2);
    /// ```
    pub fn sink_load(&self, sink: usize) -> i64 {
        self.load[sink]
    }

    /// Total cost `Σ flow·cost + Σ unmet·unmet_cost`, exactly.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let mut t = Transport::new(vec![2], vec![-5], vec![1]);
    /// t.add_arc(0, 0, -7);
    /// // One unit at −7, the other unmet at −5.
    /// assert_eq!(t.solve().cost(), -12);
    /// ```
    pub fn cost(&self) -> i128 {
        self.cost
    }

    /// The optimal basis's dual prices, as [`Marginals::source_price`] and
    /// [`Marginals::sink_price`] are (`cost − u + w ≥ 0` on every arc), but
    /// free: the simplex's own potentials (`u_i = −π(s_i)`, `w_j = −π(t_j)`).
    /// Unlike the marginal prices they depend on the basis found, and `w` may
    /// be negative for a sink left empty.
    pub(crate) fn basis_prices(&self) -> (&[i64], &[i64]) {
        let n = self.unmet.len();
        (&self.potential[..n], &self.potential[n..n + self.load.len()])
    }

    /// Number of simplex pivots the solve took (diagnostics only).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    /// let t = Transport::new(vec![1], vec![1], vec![]);
    /// assert_eq!(t.solve().pivots(), 0);
    /// ```
    pub fn pivots(&self) -> u64 {
        self.pivots
    }

    /// Exact marginal values of capacity (and dual prices) for this plan of
    /// `problem`: one shortest-path computation over the residual network, a
    /// few percent of the time the solve took; see [`Marginals`].
    ///
    /// # Panics
    ///
    /// If `problem` is not the problem this plan solves (checked by sizes
    /// only).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![1, 1], vec![50, 50], vec![1, 1]);
    /// t.add_arc(0, 0, 5);
    /// t.add_arc(1, 0, 8);
    /// let plan = t.solve();
    /// let marg = plan.marginals(&t);
    /// assert_eq!(marg.extra_place_savings(), &[-42, 0]);
    /// assert_eq!(marg.new_place_saving(&[(0, 1)]), -46);
    /// ```
    pub fn marginals(&self, problem: &Transport) -> Marginals {
        Marginals::compute(self, problem)
    }

    /// Exact change in the optimal cost (≤ 0) if each sink in turn had one
    /// more unit of capacity, by sink. Shorthand for
    /// `self.marginals(problem).extra_place_savings()`.
    ///
    /// # Panics
    ///
    /// As [`marginals`](Self::marginals).
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let mut t = Transport::new(vec![2], vec![50], vec![1]);
    /// t.add_arc(0, 0, 5);
    /// let plan = t.solve();
    /// assert_eq!(plan.extra_place_savings(&t), vec![-45]);
    /// ```
    pub fn extra_place_savings(&self, problem: &Transport) -> Vec<i64> {
        self.marginals(problem).extra_place_savings().to_vec()
    }

    /// Exact change in the optimal cost (≤ 0) if a new sink with one unit of
    /// capacity were added with the given arcs `(source, cost)`. Each call
    /// runs a shortest-path computation: to price many hypothetical places,
    /// build [`marginals`](Self::marginals) once and query it.
    ///
    /// # Panics
    ///
    /// As [`marginals`](Self::marginals), or if an arc's source is out of
    /// range.
    ///
    /// ```
    /// use sufficiency::sufficiency::flow::Transport;
    ///
    /// let t = Transport::new(vec![1], vec![50], vec![]);
    /// let plan = t.solve();
    /// assert_eq!(plan.new_place_saving(&t, &[(0, 20)]), -30);
    /// ```
    pub fn new_place_saving(&self, problem: &Transport, arcs: &[(usize, i64)]) -> i64 {
        self.marginals(problem).new_place_saving(arcs)
    }
}
