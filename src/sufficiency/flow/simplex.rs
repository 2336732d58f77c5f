//! Primal network simplex for the transport network.
//!
//! Nodes: sources `0..n`, sinks `n..n + m`, and the root `n + m`, the
//! super-sink T that absorbs every unit. Arcs: each usable transport arc
//! `source → sink` (uncapacitated: a source cannot send more than its demand
//! anyway), one arc `sink → T` per sink with the sink's capacity, and one
//! uncapacitated "unmet" arc `source → T` per source with its unmet cost
//! (stored in that order: transport, unmet, sink arcs).
//!
//! The starting basis needs no artificial arcs: every source sends its whole
//! demand down its unmet arc, every sink hangs from T by its empty capacity
//! arc. That tree is *strongly feasible* (a positive amount of flow can be sent
//! from every node up to the root), and the leaving-arc rule below (the last
//! blocking arc met when walking the pivot cycle along its orientation from
//! the apex) keeps it so, which rules out cycling under degeneracy.
//!
//! The state survives a solve (`Simplex`), so a problem can grow and be
//! solved again from its last optimal basis: a new arc joins outside the tree
//! at flow 0, a new sink joins as a leaf under the root hanging by its empty
//! capacity arc (nodes of sinks added that way come after the root). Neither
//! changes the flow or the tree, so the tree stays feasible and strongly
//! feasible and pivoting simply resumes.
//!
//! Sources with no demand and sinks with no capacity take no part: their arcs
//! can never carry flow, so they are not priced, and the two kinds of node stay
//! leaves under the root (never on a pivot cycle).
//!
//! Pricing is block search: scan a block of about √A / 2 arcs, enter the most
//! violating one if any; otherwise go on to the next block, wrapping around,
//! until a whole pass finds nothing (optimal). Transport arcs are priced
//! grouped by source (whatever order they were added in), which keeps the
//! pivot count low; transport and unmet arcs have no capacity, so they are
//! never at an upper bound and their violation is just their reduced cost
//! (zero in the tree).
//!
//! The tree is kept as one packed 32-byte record per node: parent, doubly
//! linked child list, subtree size, and the arc joining the node to its
//! parent with that arc's direction and flow. Every tree arc is exactly one
//! node's parent arc, and an arc outside the tree carries either nothing or
//! its capacity (its state says which), so flows live in the nodes while arcs
//! are in the tree and the pivot walks touch node records only (the only
//! capacitated arcs, sink arcs, are looked up in a small array). A pivot walks
//! the two tree paths up to the apex, always stepping from the node with the
//! smaller subtree (an ancestor's subtree is strictly larger), finds the
//! leaving arc on the way, updates subtree sizes along the same paths,
//! reverses the path from the entering arc's endpoint to the leaving arc, and
//! shifts the potentials of whichever side of the tree is smaller: the moved
//! subtree by σ, or everything else by −σ (only potential differences matter;
//! the root's potential is renormalised to 0 before it can drift far).

use super::{Solution, Transport};

const NONE: u32 = u32::MAX;
/// Capacity of the arcs that have none.
const INF: i64 = i64::MAX;
/// Arc states; the state times the reduced cost is negative exactly when a
/// non-tree arc violates optimality.
const LOWER: i8 = 1;
const TREE: i8 = 0;
const UPPER: i8 = -1;

/// One node's place in the tree (32 bytes, two to a cache line).
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Node {
    parent: u32,
    /// Arc joining the node to its parent.
    pred: u32,
    first_child: u32,
    next_sib: u32,
    prev_sib: u32,
    /// Subtree size × 2, plus 1 if `pred` points from the node up to its
    /// parent.
    size_up: u32,
    /// Flow on `pred`.
    flow: i64,
}

impl Node {
    #[inline]
    fn size(&self) -> u32 {
        self.size_up >> 1
    }

    #[inline]
    fn up(&self) -> bool {
        self.size_up & 1 == 1
    }

    #[inline]
    fn set_size(&mut self, size: u32) {
        self.size_up = size << 1 | (self.size_up & 1);
    }
}

/// An arc as pricing reads it.
#[derive(Clone, Copy)]
struct Arc {
    tail: u32,
    head: u32,
    cost: i64,
}

/// The simplex's state between solves: the spanning tree, arc states and
/// potentials of the last optimal basis. Arcs and sinks added to the problem
/// afterwards join the network as non-tree arcs at flow 0 (a new sink as a
/// leaf under the root), which keeps the tree feasible and strongly feasible,
/// so the next solve goes on pivoting from there.
#[derive(Clone)]
pub(super) struct Simplex {
    // Arcs: transport arcs (grouped by source), then unmet arcs, then the
    // first sinks' arcs, then whatever was added later, in the order added.
    arc: Vec<Arc>,
    cap: Vec<i64>,
    state: Vec<i8>,
    node: Vec<Node>,
    /// Index of the first sink arc; arcs before it have no capacity, and a
    /// capacitated arc in the tree is always its own sink's parent arc.
    sink_arcs: usize,
    pot: Vec<i64>,
    block: usize,
    next_arc: usize,
    /// Arcs before this index (transport and unmet arcs) have no capacity, so
    /// are never at their upper bound: their violation is their reduced cost
    /// (zero for tree arcs). Arcs after it need their state.
    stateless: usize,
    /// Sources, and sinks when the state was built: sinks added later get
    /// nodes after the root.
    sources: usize,
    first_sinks: usize,
    /// Per simplex arc, what it is in the problem: the problem's arc index,
    /// `UNMET | i` for source `i`'s unmet arc, `SINK | j` for sink `j`'s
    /// capacity arc.
    arc_of: Vec<u32>,
    /// The problem's arcs and sinks already taken in.
    seen_arcs: usize,
    seen_sinks: usize,
    pivots: u64,
}

/// Tags on `Simplex::arc_of` for the arcs that are not transport arcs.
const UNMET: u32 = 1 << 31;
const SINK: u32 = 1 << 30;

/// Pricing block: about √arcs / 2 arcs, at least 10.
fn block_size(arcs: usize) -> usize {
    ((arcs as f64).sqrt() as usize / 2).max(10)
}

/// Solves `p` from the all-unmet basis.
pub(super) fn solve(p: &Transport) -> Solution {
    let mut s = Simplex::new(p);
    s.run();
    s.solution(p)
}

impl Simplex {
    /// The starting basis for `p`: everything unmet.
    pub(super) fn new(p: &Transport) -> Simplex {
        let n = p.demands.len();
        let m = p.capacities.len();
        let root = n + m;
        let nodes = n + m + 1;

        // Usable transport arcs, grouped by source (stable).
        let live = |a: usize| p.demands[p.arc_source[a] as usize] > 0 && p.capacities[p.arc_sink[a] as usize] > 0;
        let mut start = vec![0u32; n + 1];
        for a in 0..p.arc_cost.len() {
            if live(a) {
                start[p.arc_source[a] as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut orig = vec![0u32; start[n] as usize];
        for a in 0..p.arc_cost.len() {
            if live(a) {
                let i = p.arc_source[a] as usize;
                orig[start[i] as usize] = a as u32;
                start[i] += 1;
            }
        }
        let t = orig.len();
        let arcs = t + m + n;
        let blank = Node {
            parent: root as u32,
            pred: NONE,
            first_child: NONE,
            next_sib: NONE,
            prev_sib: NONE,
            size_up: 3,
            flow: 0,
        };
        let mut s = Simplex {
            arc: Vec::with_capacity(arcs),
            cap: Vec::with_capacity(arcs),
            state: Vec::with_capacity(arcs),
            node: vec![blank; nodes],
            sink_arcs: t + n,
            pot: vec![0; nodes],
            block: block_size(arcs),
            next_arc: 0,
            stateless: t + n,
            sources: n,
            first_sinks: m,
            arc_of: Vec::with_capacity(arcs),
            seen_arcs: p.arc_cost.len(),
            seen_sinks: m,
            pivots: 0,
        };
        for &a in &orig {
            let a = a as usize;
            s.arc.push(Arc { tail: p.arc_source[a], head: n as u32 + p.arc_sink[a], cost: p.arc_cost[a] });
            s.cap.push(INF);
            s.state.push(LOWER);
            s.arc_of.push(a as u32);
        }
        for i in 0..n {
            s.arc.push(Arc { tail: i as u32, head: root as u32, cost: p.unmet_cost[i] });
            s.cap.push(INF);
            s.state.push(TREE);
            s.arc_of.push(UNMET | i as u32);
        }
        for j in 0..m {
            s.arc.push(Arc { tail: (n + j) as u32, head: root as u32, cost: 0 });
            s.cap.push(p.capacities[j]);
            s.state.push(TREE);
            s.arc_of.push(SINK | j as u32);
        }
        // Initial tree: everything hangs from the root; all demand unmet.
        s.node[root].parent = NONE;
        s.node[root].size_up = (nodes as u32) << 1;
        for i in 0..n {
            s.node[i].pred = (t + i) as u32;
            s.node[i].flow = p.demands[i];
            s.pot[i] = -p.unmet_cost[i];
        }
        for j in 0..m {
            s.node[n + j].pred = (t + n + j) as u32;
        }
        for v in (0..root).rev() {
            s.add_child(root as u32, v as u32);
        }
        s
    }

    /// The super-sink.
    #[inline]
    fn root(&self) -> usize {
        self.sources + self.first_sinks
    }

    /// The node of the problem's sink `j`.
    #[inline]
    fn sink_node(&self, j: usize) -> usize {
        if j < self.first_sinks {
            self.sources + j
        } else {
            self.root() + 1 + (j - self.first_sinks)
        }
    }

    /// Takes in the sinks and arcs added to `p` since the last call: a new
    /// sink hangs from the root by its empty capacity arc (with the root's
    /// potential, so that arc's reduced cost is zero), a new arc starts
    /// outside the tree at flow 0. Arcs that can never carry flow (from a
    /// source with no demand, into a sink with no capacity) are left out.
    pub(super) fn take_in(&mut self, p: &Transport) {
        let root = self.root();
        for j in self.seen_sinks..p.capacities.len() {
            let v = self.node.len();
            let a = self.arc.len();
            self.arc.push(Arc { tail: v as u32, head: root as u32, cost: 0 });
            self.cap.push(p.capacities[j]);
            self.state.push(TREE);
            self.arc_of.push(SINK | j as u32);
            self.node.push(Node {
                parent: root as u32,
                pred: a as u32,
                first_child: NONE,
                next_sib: NONE,
                prev_sib: NONE,
                size_up: 3,
                flow: 0,
            });
            self.pot.push(self.pot[root]);
            self.add_child(root as u32, v as u32);
            let r = &mut self.node[root];
            r.set_size(r.size() + 1);
        }
        self.seen_sinks = p.capacities.len();
        for a in self.seen_arcs..p.arc_cost.len() {
            let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
            if p.demands[i] > 0 && p.capacities[j] > 0 {
                self.arc.push(Arc { tail: i as u32, head: self.sink_node(j) as u32, cost: p.arc_cost[a] });
                self.cap.push(INF);
                self.state.push(LOWER);
                self.arc_of.push(a as u32);
            }
        }
        self.seen_arcs = p.arc_cost.len();
        self.block = block_size(self.arc.len());
    }

    /// Pivots until no arc violates optimality.
    pub(super) fn run(&mut self) {
        while let Some(e) = self.find_entering() {
            self.pivot(e);
            self.pivots += 1;
        }
    }

    /// The flow of the current basis, in `p`'s terms.
    pub(super) fn solution(&self, p: &Transport) -> Solution {
        let n = self.sources;
        let m = p.capacities.len();
        let root = self.root();
        // Arc flows: from the nodes for tree arcs, from the state otherwise.
        let mut arc_flow: Vec<i64> =
            (0..self.arc.len()).map(|a| if self.state[a] == UPPER { self.cap[a] } else { 0 }).collect();
        for (v, nd) in self.node.iter().enumerate() {
            if v != root {
                arc_flow[nd.pred as usize] = nd.flow;
            }
        }
        let mut flow = vec![0i64; p.arc_cost.len()];
        let mut unmet = vec![0i64; n];
        let mut load = vec![0i64; m];
        for (&what, &f) in self.arc_of.iter().zip(&arc_flow) {
            if what & UNMET != 0 {
                unmet[(what & !UNMET) as usize] = f;
            } else if what & SINK != 0 {
                load[(what & !SINK) as usize] = f;
            } else {
                flow[what as usize] = f;
            }
        }
        // Potentials in the problem's node order (sources, sinks, super-sink),
        // the super-sink's at 0.
        let top = self.pot[root];
        let mut potential = Vec::with_capacity(n + m + 1);
        potential.extend(self.pot[..n].iter().map(|&x| x - top));
        potential.extend((0..m).map(|j| self.pot[self.sink_node(j)] - top));
        potential.push(0);
        Solution { flow, unmet, load, potential, pivots: self.pivots }
    }

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
        let mut e = self.next_arc;
        let mut left = arcs;
        while left > 0 {
            let end = (e + self.block.min(left)).min(arcs);
            left -= end - e;
            let (v, k) = self.scan(e, end);
            let found = e + k;
            e = if end == arcs { 0 } else { end };
            if v < 0 {
                self.next_arc = e;
                return Some(found);
            }
        }
        None
    }

    /// The most negative violation (`state × reduced cost`) among arcs
    /// `from..to`, and its offset from `from`.
    #[inline]
    fn scan(&self, from: usize, to: usize) -> (i64, usize) {
        let pot = &self.pot[..];
        let mut best = 0i64;
        let mut at = 0usize;
        let split = self.stateless.clamp(from, to);
        for (k, a) in self.arc[from..split].iter().enumerate() {
            let v = a.cost + pot[a.tail as usize] - pot[a.head as usize];
            if v < best {
                best = v;
                at = k;
            }
        }
        let off = split - from;
        for (k, (a, &st)) in self.arc[split..to].iter().zip(&self.state[split..to]).enumerate() {
            let v = st as i64 * (a.cost + pot[a.tail as usize] - pot[a.head as usize]);
            if v < best {
                best = v;
                at = off + k;
            }
        }
        (best, at)
    }

    /// Capacity of a tree node's parent arc.
    #[inline]
    fn pred_cap(&self, nd: &Node) -> i64 {
        let a = nd.pred as usize;
        if a >= self.sink_arcs {
            self.cap[a]
        } else {
            INF
        }
    }

    /// Residual capacity, in the cycle's direction, of the tree arc above a
    /// node when the cycle runs down the tree into it (`down`) or up out of it.
    #[inline]
    fn residual(&self, nd: &Node, down: bool) -> i64 {
        // The cycle uses the arc forwards iff (arc points up) == (cycle goes up).
        if nd.up() != down {
            self.pred_cap(nd) - nd.flow
        } else {
            nd.flow
        }
    }

    fn pivot(&mut self, e: usize) {
        // Flow goes first → second along (or against) the entering arc.
        let lower = self.state[e] == LOWER;
        let arc = self.arc[e];
        let (first, second) =
            if lower { (arc.tail as usize, arc.head as usize) } else { (arc.head as usize, arc.tail as usize) };

        // Walk both sides up to the apex, finding on the way the leaving arc:
        // the last blocking arc along the orientation apex → first → second →
        // apex. On the first side that is the blocking arc nearest `first`
        // (strict <, walking up); on the second side the one nearest the apex
        // (≤); the second side beats the entering arc, which beats the first.
        let (mut d1, mut out1) = (INF, NONE);
        let (mut d2, mut out2) = (INF, NONE);
        let (mut a, mut b) = (first, second);
        while a != b {
            // An ancestor's subtree is strictly larger than its descendants':
            // the node with the smaller subtree is below the apex.
            if self.node[a].size() < self.node[b].size() {
                let nd = &self.node[a];
                let r = self.residual(nd, true);
                if r < d1 {
                    d1 = r;
                    out1 = a as u32;
                }
                a = nd.parent as usize;
            } else {
                let nd = &self.node[b];
                let r = self.residual(nd, false);
                if r <= d2 {
                    d2 = r;
                    out2 = b as u32;
                }
                b = nd.parent as usize;
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
                nd.flow += if nd.up() { -delta } else { delta };
                w = nd.parent as usize;
            }
            let mut w = second;
            while w != join {
                let nd = &mut self.node[w];
                nd.flow += if nd.up() { delta } else { -delta };
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
        let new_pot = if arc.tail as usize == u_in { self.pot[v_in] - arc.cost } else { self.pot[v_in] + arc.cost };
        let sigma = new_pot - self.pot[u_in];

        // Subtree sizes: the nodes between u_out and the apex lose the moved
        // subtree S, those between v_in and the apex gain it.
        let moved = self.node[u_out].size();
        let mut w = self.node[u_out].parent as usize;
        while w != join {
            let nd = &mut self.node[w];
            nd.set_size(nd.size() - moved);
            w = nd.parent as usize;
        }
        let mut w = v_in;
        while w != join {
            let nd = &mut self.node[w];
            nd.set_size(nd.size() + moved);
            w = nd.parent as usize;
        }

        // Reverse the path u_in → … → u_out and hang it from v_in: each node
        // takes the arc (with its flow) that joined it to its old child, and
        // its new subtree is S less its old child's old subtree.
        let mut x = u_in as u32;
        let mut new_parent = v_in as u32;
        let mut carry = (e as u32, arc.tail as usize == u_in, e_flow);
        let mut new_size = moved;
        loop {
            let xi = x as usize;
            let old = self.node[xi];
            self.remove_child(old.parent, x);
            {
                let nd = &mut self.node[xi];
                nd.parent = new_parent;
                (nd.pred, nd.flow) = (carry.0, carry.2);
                nd.size_up = new_size << 1 | carry.1 as u32;
            }
            self.add_child(new_parent, x);
            if xi == u_out {
                break;
            }
            new_parent = x;
            carry = (old.pred, !old.up(), old.flow);
            new_size = moved - old.size();
            x = old.parent;
        }

        // Potentials: only differences matter, so shift the smaller side.
        if 2 * moved as usize <= self.node.len() {
            self.shift(u_in, usize::MAX, sigma);
        } else {
            let root = self.root();
            self.shift(root, u_in, -sigma);
            if self.pot[root].unsigned_abs() > 1 << 60 {
                let r = self.pot[root];
                for p in self.pot.iter_mut() {
                    *p -= r;
                }
            }
        }
    }

    /// Adds `sigma` to the potentials of the subtree rooted at `top`, leaving
    /// out the subtree rooted at `skip`.
    fn shift(&mut self, top: usize, skip: usize, sigma: i64) {
        let mut x = top;
        loop {
            self.pot[x] += sigma;
            let mut next = self.node[x].first_child;
            if next as usize == skip {
                next = self.node[skip].next_sib;
            }
            if next != NONE {
                x = next as usize;
                continue;
            }
            // Climb until a node with a next sibling (not `skip`).
            loop {
                if x == top {
                    return;
                }
                let mut sib = self.node[x].next_sib;
                if sib as usize == skip {
                    sib = self.node[skip].next_sib;
                }
                if sib != NONE {
                    x = sib as usize;
                    break;
                }
                x = self.node[x].parent as usize;
            }
        }
    }
}
