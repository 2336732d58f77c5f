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
//! The tree is kept as one packed record per node: parent, depth, doubly
//! linked child list, and the arc joining the node to its parent together with
//! that arc's flow and capacity. Every tree arc is exactly one node's parent
//! arc, and an arc outside the tree carries either nothing or its capacity (its
//! state says which), so arc flows live in the nodes while arcs are in the
//! tree, and the pivot walks touch node records only. A pivot walks the two
//! tree paths up to the apex (finding it by depth, and the leaving arc on the
//! way), reverses the path from the entering arc's endpoint to the leaving
//! arc, and re-walks the moved subtree to shift its potentials and depths.

use super::{Solution, Transport};

const NONE: u32 = u32::MAX;
/// Capacity of the arcs that have none.
const INF: i64 = i64::MAX;
/// Arc states; the state times the reduced cost is negative exactly when a
/// non-tree arc violates optimality.
const LOWER: i8 = 1;
const TREE: i8 = 0;
const UPPER: i8 = -1;

#[derive(Clone, Copy)]
struct Node {
    parent: u32,
    /// Arc joining the node to its parent.
    pred: u32,
    depth: u32,
    first_child: u32,
    next_sib: u32,
    prev_sib: u32,
    /// Whether `pred` points from the node up to its parent.
    up: bool,
    /// Flow and capacity of `pred`.
    flow: i64,
    cap: i64,
}

struct Simplex {
    // Arcs: transport arcs first, then sink arcs, then unmet arcs.
    tail: Vec<u32>,
    head: Vec<u32>,
    cost: Vec<i64>,
    cap: Vec<i64>,
    state: Vec<i8>,
    node: Vec<Node>,
    pot: Vec<i64>,
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
    let blank = Node {
        parent: root as u32,
        pred: NONE,
        depth: 1,
        first_child: NONE,
        next_sib: NONE,
        prev_sib: NONE,
        up: true,
        flow: 0,
        cap: 0,
    };
    let mut s = Simplex {
        tail: Vec::with_capacity(arcs),
        head: Vec::with_capacity(arcs),
        cost: Vec::with_capacity(arcs),
        cap: Vec::with_capacity(arcs),
        state: Vec::with_capacity(arcs),
        node: vec![blank; nodes],
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
    s.node[root].parent = NONE;
    s.node[root].depth = 0;
    for i in 0..n {
        s.node[i].pred = (t + m + i) as u32;
        s.node[i].flow = p.demands[i];
        s.node[i].cap = INF;
        s.pot[i] = -p.unmet_cost[i];
    }
    for j in 0..m {
        s.node[n + j].pred = (t + j) as u32;
        s.node[n + j].cap = p.capacities[j];
    }
    for v in (0..root).rev() {
        s.add_child(root as u32, v as u32);
    }

    let mut pivots = 0u64;
    while let Some(e) = s.find_entering() {
        s.pivot(e);
        pivots += 1;
    }

    // Arc flows: from the nodes for tree arcs, from the state otherwise.
    let mut arc_flow: Vec<i64> = (0..arcs).map(|a| if s.state[a] == UPPER { s.cap[a] } else { 0 }).collect();
    for v in 0..root {
        let nd = s.node[v];
        arc_flow[nd.pred as usize] = nd.flow;
    }
    let mut flow = vec![0i64; p.arc_cost.len()];
    for (k, &a) in orig.iter().enumerate() {
        flow[a as usize] = arc_flow[k];
    }
    let load = arc_flow[t..t + m].to_vec();
    let unmet = arc_flow[t + m..].to_vec();
    Solution { flow, unmet, load, potential: s.pot, scale: 1, steps: pivots }
}

impl Simplex {
    #[inline]
    fn add_child(&mut self, parent: u32, child: u32) {
        let first = self.node[parent as usize].first_child;
        let c = &mut self.node[child as usize];
        c.next_sib = first;
        c.prev_sib = NONE;
        if first != NONE {
            self.node[first as usize].prev_sib = child;
        }
        self.node[parent as usize].first_child = child;
    }

    #[inline]
    fn remove_child(&mut self, parent: u32, child: u32) {
        let (prev, next) = (self.node[child as usize].prev_sib, self.node[child as usize].next_sib);
        if prev != NONE {
            self.node[prev as usize].next_sib = next;
        } else {
            self.node[parent as usize].first_child = next;
        }
        if next != NONE {
            self.node[next as usize].prev_sib = prev;
        }
    }

    /// Block search pricing: the most violating arc of the first block (in
    /// cyclic order from where the last search stopped) that has one.
    fn find_entering(&mut self) -> Option<usize> {
        let arcs = self.state.len();
        if arcs == 0 {
            return None;
        }
        let (tail, head, cost, state, pot) = (&self.tail, &self.head, &self.cost, &self.state, &self.pot);
        let violation = |a: usize| state[a] as i64 * (cost[a] + pot[tail[a] as usize] - pot[head[a] as usize]);
        let mut best = 0i64;
        let mut best_arc = 0usize;
        let mut e = self.next_arc;
        let mut left = arcs;
        while left > 0 {
            let len = self.block.min(left);
            let end = e + len;
            if end <= arcs {
                for a in e..end {
                    let v = violation(a);
                    if v < best {
                        best = v;
                        best_arc = a;
                    }
                }
                e = if end == arcs { 0 } else { end };
            } else {
                for a in (e..arcs).chain(0..end - arcs) {
                    let v = violation(a);
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

    /// Residual capacity, in the cycle's direction, of the tree arc above a
    /// node when the cycle runs down the tree into it (`down`) or up out of it.
    #[inline]
    fn residual(nd: &Node, down: bool) -> i64 {
        // The cycle uses the arc forwards iff (arc points up) == (cycle goes up).
        if nd.up != down {
            nd.cap - nd.flow
        } else {
            nd.flow
        }
    }

    fn pivot(&mut self, e: usize) {
        // Flow goes first → second along (or against) the entering arc.
        let lower = self.state[e] == LOWER;
        let (first, second) = if lower {
            (self.tail[e] as usize, self.head[e] as usize)
        } else {
            (self.head[e] as usize, self.tail[e] as usize)
        };

        // Walk both sides up to the apex, finding on the way the leaving arc:
        // the last blocking arc along the orientation apex → first → second →
        // apex. On the first side that is the blocking arc nearest `first`
        // (strict <, walking up); on the second side the one nearest the apex
        // (≤); the second side beats the entering arc, which beats the first.
        let (mut d1, mut out1) = (INF, NONE);
        let (mut d2, mut out2) = (INF, NONE);
        let (mut a, mut b) = (first, second);
        while a != b {
            let (na, nb) = (self.node[a], self.node[b]);
            if na.depth >= nb.depth {
                let r = Self::residual(&na, true);
                if r < d1 {
                    d1 = r;
                    out1 = a as u32;
                }
                a = na.parent as usize;
            }
            if nb.depth >= na.depth {
                let r = Self::residual(&nb, false);
                if r <= d2 {
                    d2 = r;
                    out2 = b as u32;
                }
                b = nb.parent as usize;
            }
        }
        let join = a;
        let cap_e = self.cap[e];
        let (delta, out, first_side) = if out2 != NONE && d2 <= d1.min(cap_e) {
            (d2, out2, false)
        } else if cap_e <= d1 {
            (cap_e, NONE, false)
        } else {
            (d1, out1, true)
        };

        // Augment along the tree paths; the entering arc's flow is settled
        // below.
        if delta > 0 {
            let mut w = first;
            while w != join {
                let nd = &mut self.node[w];
                nd.flow += if nd.up { -delta } else { delta };
                w = nd.parent as usize;
            }
            let mut w = second;
            while w != join {
                let nd = &mut self.node[w];
                nd.flow += if nd.up { delta } else { -delta };
                w = nd.parent as usize;
            }
        }
        let e_flow = if lower { delta } else { cap_e - delta };

        if out == NONE {
            // The entering arc blocks itself: it moves to its other bound.
            self.state[e] = -self.state[e];
            return;
        }
        let u_out = out as usize;
        let leaving = self.node[u_out].pred as usize;
        self.state[leaving] = if self.node[u_out].flow == 0 { LOWER } else { UPPER };
        self.state[e] = TREE;
        let (u_in, v_in) = if first_side { (first, second) } else { (second, first) };

        // New potential of u_in makes the entering arc's reduced cost zero.
        let new_pot =
            if self.tail[e] as usize == u_in { self.pot[v_in] - self.cost[e] } else { self.pot[v_in] + self.cost[e] };
        let sigma = new_pot - self.pot[u_in];

        // Reverse the path u_in → … → u_out and hang it from v_in: each node
        // takes the arc (with its flow) that joined it to its old child.
        let mut x = u_in as u32;
        let mut new_parent = v_in as u32;
        let mut carry = (e as u32, self.tail[e] as usize == u_in, e_flow, cap_e);
        loop {
            let xi = x as usize;
            let old = self.node[xi];
            self.remove_child(old.parent, x);
            {
                let nd = &mut self.node[xi];
                nd.parent = new_parent;
                (nd.pred, nd.up, nd.flow, nd.cap) = carry;
            }
            self.add_child(new_parent, x);
            if xi == u_out {
                break;
            }
            new_parent = x;
            carry = (old.pred, !old.up, old.flow, old.cap);
            x = old.parent;
        }

        self.shift_subtree(u_in, sigma);
    }

    /// Adds `sigma` to the potentials of the subtree rooted at `top` and
    /// recomputes its depths.
    fn shift_subtree(&mut self, top: usize, sigma: i64) {
        let mut x = top;
        self.node[x].depth = self.node[self.node[x].parent as usize].depth + 1;
        self.pot[x] += sigma;
        loop {
            let child = self.node[x].first_child;
            if child != NONE {
                x = child as usize;
            } else {
                loop {
                    if x == top {
                        return;
                    }
                    let next = self.node[x].next_sib;
                    if next != NONE {
                        x = next as usize;
                        break;
                    }
                    x = self.node[x].parent as usize;
                }
            }
            self.node[x].depth = self.node[self.node[x].parent as usize].depth + 1;
            self.pot[x] += sigma;
        }
    }
}
