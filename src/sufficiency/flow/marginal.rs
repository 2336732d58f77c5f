//! Exact marginal values of one more place, from one shortest-path tree.
//!
//! Let T be the super-sink that takes every unit (placed units through the
//! sinks' capacity arcs, unmet units through the sources' unmet arcs) and `f`
//! an optimal plan. Adding one unit of capacity — one more unit on `t_j → T`,
//! or a new sink with arcs from sources and one unit to T — changes the
//! optimum by exactly `min(0, L)`, where `L` is the length of the cheapest
//! cycle through the new unit in the residual network of `f`: the difference
//! between the new and the old optimal flows is a circulation in that
//! network, which splits into cycles; at most one uses the single new unit,
//! and the others cost ≥ 0 because `f` was optimal. Every such cycle is
//! `T ⇝ x → (new unit) → T`, so `L = dist(T, t_j)` for an extra place at
//! sink `j`, and `L = min over the new sink's arcs (i, c) of dist(T, s_i) + c`
//! for a new sink. `dist` is the shortest distance from T in the residual
//! network, found by label-correcting search (it has no negative cycle).

use super::{Plan, Transport};

/// Exact marginal values of capacity for one solved [`Transport`].
///
/// ```
/// use sufficiency::sufficiency::flow::Transport;
/// // Two children, one place at sink 0; child 1 goes unmet at cost 100.
/// let mut t = Transport::new(vec![1, 1], vec![100, 100], vec![1, 0]);
/// t.add_arc(0, 0, 10);
/// t.add_arc(1, 0, 20);
/// t.add_arc(1, 1, 30);
/// let plan = t.solve();
/// assert_eq!(plan.cost(), 110);
/// let marg = plan.marginals(&t);
/// // One more place at sink 0 takes child 1 for 20 instead of 100 unmet;
/// // one at sink 1 for 30.
/// assert_eq!(marg.extra_place_savings(), &[-80, -70]);
/// // A new place child 0 can use at 5: child 0 moves (saves 5) and child 1
/// // takes its place at sink 0 (saves 80).
/// assert_eq!(marg.new_place_saving(&[(0, 5)]), -85);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marginals {
    /// Shortest residual distance from T to each source, if reachable.
    release: Vec<Option<i64>>,
    /// `min(0, dist(T, t_j))` for each sink.
    extra: Vec<i64>,
}

impl Marginals {
    pub(super) fn compute(plan: &Plan, p: &Transport) -> Marginals {
        let (n, m) = (p.num_sources(), p.num_sinks());
        let t = n + m;
        let mut out: Vec<Vec<(usize, i64)>> = vec![Vec::new(); t + 1];
        for a in 0..p.num_arcs() {
            let (i, j, c) = p.arc(a);
            out[i].push((n + j, c));
            if plan.flow(a) > 0 {
                out[n + j].push((i, -c));
            }
        }
        for i in 0..n {
            out[i].push((t, p.unmet_cost(i)));
            if plan.unmet(i) > 0 {
                out[t].push((i, -p.unmet_cost(i)));
            }
        }
        for j in 0..m {
            if plan.sink_load(j) < p.capacity(j) {
                out[n + j].push((t, 0));
            }
            if plan.sink_load(j) > 0 {
                out[t].push((n + j, 0));
            }
        }
        let mut dist: Vec<Option<i64>> = vec![None; t + 1];
        dist[t] = Some(0);
        let mut queued = vec![false; t + 1];
        let mut queue = std::collections::VecDeque::from([t]);
        queued[t] = true;
        while let Some(v) = queue.pop_front() {
            queued[v] = false;
            let dv = dist[v].expect("queued nodes have a distance");
            for &(w, c) in &out[v] {
                if dist[w].is_none_or(|dw| dv + c < dw) {
                    dist[w] = Some(dv + c);
                    if !queued[w] {
                        queued[w] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        let extra = (0..m).map(|j| dist[n + j].map_or(0, |d| d.min(0))).collect();
        Marginals { release: dist[..n].to_vec(), extra }
    }

    /// The change in the optimum (≤ 0) if each sink had one more unit of capacity.
    pub fn extra_place_savings(&self) -> &[i64] {
        &self.extra
    }

    /// The change in the optimum (≤ 0) if a new one-unit sink with these
    /// arcs `(source, cost)` were added.
    pub fn new_place_saving(&self, arcs: &[(usize, i64)]) -> i64 {
        arcs.iter().filter_map(|&(i, c)| self.release[i].map(|d| d + c)).min().unwrap_or(0).min(0)
    }
}
