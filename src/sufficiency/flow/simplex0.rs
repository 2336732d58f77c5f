//! Primal network simplex for the transport network.
//!
//! Nodes: sources `0..n`, sinks `n..n + m`, and the root `n + m`, the
//! super-sink T that absorbs every unit. Arcs: each usable transport arc
//! `source → sink` (uncapacitated: a source cannot send more than its demand
//! anyway), one arc `sink → T` per sink with the sink's capacity, and one
//! uncapacitated "unmet" arc `source → T` per source with its unmet cost.
//!
//! The starting basis needs no artificial arcs: every source sends its whole
//! demand down its unmet arc, every sink hangs from T by its empty capacity
//! arc. That tree is *strongly feasible* (a positive amount of flow can be sent
//! from every node up to the root), and the leaving-arc rule below (the last
//! blocking arc met when walking the pivot cycle along its orientation from
//! the apex) keeps it so, which rules out cycling under degeneracy.
//!
//! Sources with no demand and sinks with no capacity take no part: their arcs
//! can never carry flow, so they are not priced, and the two kinds of node stay
//! leaves under the root (never on a pivot cycle).
//!
//! Pricing is block search: scan a block of about √A arcs, enter the most
//! violating one if any; otherwise go on to the next block, wrapping around,
//! until a whole pass finds nothing (optimal).
//!
//! The tree is kept as parent pointers, depths and doubly linked child lists.
//! A pivot walks the two tree paths to the apex (finding the apex by depth),
//! reverses the path from the entering arc's endpoint to the leaving arc, and
//! re-walks the moved subtree to shift its potentials and depths.

use super::{Solution, Transport};

const NONE: u32 = u32::MAX;
/// Capacity of the arcs that have none.
const INF: i64 = i64::MAX;
/// Arc states; the state times the reduced cost is negative exactly when a
/// non-tree arc violates optimality.
const LOWER: i8 = 1;
const TREE: i8 = 0;
const UPPER: i8 = -1;

struct Simplex {
    // Arcs: transport arcs first, then sink arcs, then unmet arcs.
    tail: Vec<u32>,
    head: Vec<u32>,
    cost: Vec<i64>,
    cap: Vec<i64>,
    flow: Vec<i64>,
    state: Vec<i8>,
    // Spanning tree.
    parent: Vec<u32>,
    /// Arc joining a node to its parent.
    pred: Vec<u32>,
    /// Whether `pred` points from the node up to its parent.
    up: Vec<bool>,
    depth: Vec<u32>,
    first_child: Vec<u32>,
    next_sib: Vec<u32>,
    prev_sib: Vec<u32>,
    pot: Vec<i64>,
    // Pricing.
    block: usize,
    next_arc: usize,
}

pub(super) fn solve(p: &Transport) -> Solution {
    let n = p.demands.len();
    let m = p.capacities.len();
    let root = n + m;
    let nodes = n + m + 1;

    // Usable transport arcs.
    let mut orig: Vec<u32> = Vec::with_capacity(p.arc_cost.len());
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if p.demands[i] > 0 && p.capacities[j] > 0 {
            orig.push(a as u32);
        }
    }
    let t = orig.len();
    let arcs = t + m + n;
    let mut s = Simplex {
        tail: Vec::with_capacity(arcs),
        head: Vec::with_capacity(arcs),
        cost: Vec::with_capacity(arcs),
        cap: Vec::with_capacity(arcs),
        flow: vec![0; arcs],
        state: Vec::with_capacity(arcs),
        parent: vec![root as u32; nodes],
        pred: vec![NONE; nodes],
        up: vec![true; nodes],
        depth: vec![1; nodes],
        first_child: vec![NONE; nodes],
        next_sib: vec![NONE; nodes],
        prev_sib: vec![NONE; nodes],
        pot: vec![0; nodes],
        block: ((arcs as f64).sqrt() as usize).max(10),
        next_arc: 0,
    };
    for &a in &orig {
        let a = a as usize;
        s.tail.push(p.arc_source[a]);
        s.head.push(n as u32 + p.arc_sink[a]);
        s.cost.push(p.arc_cost[a]);
        s.cap.push(INF);
        s.state.push(LOWER);
    }
    for j in 0..m {
        s.tail.push((n + j) as u32);
        s.head.push(root as u32);
        s.cost.push(0);
        s.cap.push(p.capacities[j]);
        s.state.push(TREE);
    }
    for i in 0..n {
        s.tail.push(i as u32);
        s.head.push(root as u32);
        s.cost.push(p.unmet_cost[i]);
        s.cap.push(INF);
        s.state.push(TREE);
    }
    // Initial tree: everything hangs from the root; all demand unmet.
    s.parent[root] = NONE;
    s.depth[root] = 0;
    for i in 0..n {
        let a = t + m + i;
        s.pred[i] = a as u32;
        s.flow[a] = p.demands[i];
        s.pot[i] = -p.unmet_cost[i];
    }
    for j in 0..m {
        s.pred[n + j] = (t + j) as u32;
    }
    // Child list of the root, in node order.
    for v in (0..root).rev() {
        s.add_child(root as u32, v as u32);
    }

    let mut pivots = 0u64;
    while let Some(e) = s.find_entering() {
        s.pivot(e);
        pivots += 1;
    }

    let mut flow = vec![0i64; p.arc_cost.len()];
    for (k, &a) in orig.iter().enumerate() {
        flow[a as usize] = s.flow[k];
    }
    let load = s.flow[t..t + m].to_vec();
    let unmet = s.flow[t + m..].to_vec();
    Solution { flow, unmet, load, potential: s.pot, scale: 1, steps: pivots }
}

impl Simplex {
    #[inline]
    fn add_child(&mut self, parent: u32, child: u32) {
        let first = self.first_child[parent as usize];
        self.next_sib[child as usize] = first;
        self.prev_sib[child as usize] = NONE;
        if first != NONE {
            self.prev_sib[first as usize] = child;
        }
        self.first_child[parent as usize] = child;
    }

    #[inline]
    fn remove_child(&mut self, parent: u32, child: u32) {
        let (prev, next) = (self.prev_sib[child as usize], self.next_sib[child as usize]);
        if prev != NONE {
            self.next_sib[prev as usize] = next;
        } else {
            self.first_child[parent as usize] = next;
        }
        if next != NONE {
            self.prev_sib[next as usize] = prev;
        }
    }

    /// Block search pricing: the most violating arc of the first block (in
    /// cyclic order from where the last search stopped) that has one.
    #[inline(never)]
    fn find_entering(&mut self) -> Option<usize> {
        let arcs = self.state.len();
        if arcs == 0 {
            return None;
        }
        let (tail, head, cost, state, pot) = (&self.tail, &self.head, &self.cost, &self.state, &self.pot);
        let mut best = 0i64;
        let mut best_arc = 0usize;
        let mut e = self.next_arc;
        let mut left = arcs;
        while left > 0 {
            let len = self.block.min(left);
            let end = e + len;
            if end <= arcs {
                for a in e..end {
                    let v = state[a] as i64 * (cost[a] + pot[tail[a] as usize] - pot[head[a] as usize]);
                    if v < best {
                        best = v;
                        best_arc = a;
                    }
                }
                e = if end == arcs { 0 } else { end };
            } else {
                for a in (e..arcs).chain(0..end - arcs) {
                    let v = state[a] as i64 * (cost[a] + pot[tail[a] as usize] - pot[head[a] as usize]);
                    if v < best {
                        best = v;
                        best_arc = a;
                    }
                }
                e = end - arcs;
            }
            left -= len;
            if best < 0 {
                self.next_arc = e;
                return Some(best_arc);
            }
        }
        None
    }

    /// Residual capacity, in the cycle's direction, of the tree arc above `w`
    /// when the cycle runs down the tree into `w` (`down == true`) or up out
    /// of it.
    #[inline]
    fn residual(&self, w: usize, down: bool) -> i64 {
        let a = self.pred[w] as usize;
        // The cycle uses the arc forwards iff (arc points up) == (cycle goes up).
        if self.up[w] != down {
            self.cap[a] - self.flow[a]
        } else {
            self.flow[a]
        }
    }

    #[inline(never)]
    fn pivot(&mut self, e: usize) {
        // Flow goes first → second along (or against) the entering arc.
        let (first, second) = if self.state[e] == LOWER {
            (self.tail[e] as usize, self.head[e] as usize)
        } else {
            (self.head[e] as usize, self.tail[e] as usize)
        };
        // The apex.
        let (mut a, mut b) = (first, second);
        while a != b {
            let (da, db) = (self.depth[a], self.depth[b]);
            if da >= db {
                a = self.parent[a] as usize;
            }
            if db >= da {
                b = self.parent[b] as usize;
            }
        }
        let join = a;

        // Leaving arc: the last blocking arc along the cycle's orientation
        // join → … → first → second → … → join.
        let mut delta = self.cap[e];
        let mut out: Option<(usize, bool)> = None; // (node below the leaving arc, on first side)
        let mut w = first;
        while w != join {
            let r = self.residual(w, true);
            if r < delta {
                delta = r;
                out = Some((w, true));
            }
            w = self.parent[w] as usize;
        }
        let mut w = second;
        while w != join {
            let r = self.residual(w, false);
            if r <= delta {
                delta = r;
                out = Some((w, false));
            }
            w = self.parent[w] as usize;
        }

        // Augment.
        if delta > 0 {
            self.flow[e] += if self.state[e] == LOWER { delta } else { -delta };
            let mut w = first;
            while w != join {
                let a = self.pred[w] as usize;
                self.flow[a] += if self.up[w] { -delta } else { delta };
                w = self.parent[w] as usize;
            }
            let mut w = second;
            while w != join {
                let a = self.pred[w] as usize;
                self.flow[a] += if self.up[w] { delta } else { -delta };
                w = self.parent[w] as usize;
            }
        }

        let Some((u_out, first_side)) = out else {
            // The entering arc blocks itself: it moves to its other bound.
            self.state[e] = -self.state[e];
            return;
        };
        let leaving = self.pred[u_out] as usize;
        self.state[leaving] = if self.flow[leaving] == 0 { LOWER } else { UPPER };
        self.state[e] = TREE;
        let (u_in, v_in) = if first_side { (first, second) } else { (second, first) };

        // New potential of u_in makes the entering arc's reduced cost zero.
        let new_pot =
            if self.tail[e] as usize == u_in { self.pot[v_in] - self.cost[e] } else { self.pot[v_in] + self.cost[e] };
        let sigma = new_pot - self.pot[u_in];

        // Reverse the path u_in → … → u_out and hang it from v_in.
        let mut x = u_in as u32;
        let mut new_parent = v_in as u32;
        let mut new_pred = e as u32;
        let mut new_up = self.tail[e] as usize == u_in;
        loop {
            let xi = x as usize;
            let (old_parent, old_pred, old_up) = (self.parent[xi], self.pred[xi], self.up[xi]);
            self.remove_child(old_parent, x);
            self.parent[xi] = new_parent;
            self.pred[xi] = new_pred;
            self.up[xi] = new_up;
            self.add_child(new_parent, x);
            if xi == u_out {
                break;
            }
            new_parent = x;
            new_pred = old_pred;
            new_up = !old_up;
            x = old_parent;
        }

        // Shift potentials and recompute depths in the moved subtree.
        self.shift_subtree(u_in, sigma);
    }

    #[inline(never)]
    fn shift_subtree(&mut self, top: usize, sigma: i64) {
        let mut x = top;
        self.depth[x] = self.depth[self.parent[x] as usize] + 1;
        self.pot[x] += sigma;
        loop {
            let child = self.first_child[x];
            if child != NONE {
                x = child as usize;
            } else {
                loop {
                    if x == top {
                        return;
                    }
                    let next = self.next_sib[x];
                    if next != NONE {
                        x = next as usize;
                        break;
                    }
                    x = self.parent[x] as usize;
                }
            }
            self.depth[x] = self.depth[self.parent[x] as usize] + 1;
            self.pot[x] += sigma;
        }
    }
}
