//! Auction algorithm with ε-scaling (Bertsekas), for the transport problem
//! seen as an assignment: every unit of demand is a *person* that must take
//! either one *slot* of a sink (sink `j` has `c_j` slots) or its own private
//! "unmet" option.
//!
//! Costs are multiplied by `K = 2·min(sources, sinks) + 3`. Each slot has a
//! price `w ≥ 0`; a unit of source `i` in a slot of sink `j` costs
//! `c_ij + w`, an unmet unit costs `u_i` (price 0, never contested). A unit
//! satisfies ε-complementary slackness (ε-CS) if its cost is within ε of the
//! cheapest option open to its source. With `π_i` the cheapest option of
//! source `i` and `w_j` the lowest price among sink `j`'s slots, the node
//! potentials `−π_i` (sources), `−w_j` (sinks) and 0 (super-sink) then give
//! every residual arc of the transport network reduced cost ≥ −ε, provided
//! every sink with a free slot has `w_j = 0`. A residual cycle has at most
//! `2·min(sources, sinks) + 2 < K` arcs, so with ε = 1 every residual cycle
//! has scaled cost > −K, hence ≥ 0: the assignment is optimal.
//!
//! *Forward auction* (Gauss-Seidel): a source with unassigned units takes
//! them one at a time; a unit finds its best option (value `b1`) and the
//! second best (`b2`, counting the best sink's second-cheapest slot and the
//! unmet option); if the best is a sink, it takes that sink's cheapest slot
//! (evicting its holder, who bids again) at price `b2 − c + ε`. Free slots
//! that have never been taken, or went back to price 0, are kept as a count
//! per sink ("pristine", price 0).
//!
//! *ε-scaling*: ε starts at about `max |cost| / θ` and shrinks by
//! [`THETA`] each phase down to 1. Prices carry over between phases; at the
//! start of each phase the units that violate the new ε-CS give up their
//! slots and bid again. Their slots stay free at their old price for the
//! phase (lowering them would restart price wars), so after the last phase
//! some free slots may have a positive price, breaking "a sink with a free
//! slot has price 0".
//!
//! *Reverse steps* repair that: a free slot with price `P > 0` of sink `j`
//! looks at every source `k` with an arc to `j` and the value
//! `β = E − c_kj` of moving `k`'s dearest unit (cost `E`) there; with the best
//! `β1` (source `k*`) and the second best `β2` (over other sources and `k*`'s
//! second dearest unit): if `β1 ≤ ε` the slot drops to price 0 (no unit then
//! gains more than ε from it); otherwise `k*`'s dearest unit moves into the
//! slot at price `max(0, β2 − ε)` (freeing its old slot, which may need a
//! reverse step in turn). This keeps ε-CS for every unit and lowers the
//! moved unit's cost by at least ε, so it terminates.
//!
//! Scaled costs are at most 2^58 (else the caller falls back to the simplex);
//! prices stay below `2·2^58 + ε`.

use std::collections::VecDeque;

use super::{Solution, Transport};

const NONE: u32 = u32::MAX;
/// Factor by which ε shrinks each phase.
const THETA: i64 = 8;
/// Largest scaled |cost| attempted.
const MAX_SCALED: i128 = 1 << 58;
/// Price of a slot that does not exist.
const INF: i64 = 1 << 62;

#[derive(Clone, Copy)]
struct Slot {
    price: i64,
    /// Scaled cost of the holder's arc to this sink.
    cost: i64,
    /// Holding source, or `NONE` when free.
    holder: u32,
    /// The problem's arc index the holder uses.
    arc: u32,
    /// Index in the holder's `held` list.
    pos: u32,
    sink: u32,
}

struct Auction {
    // Live arcs by source, deduplicated (cheapest of parallel arcs).
    out_start: Vec<u32>,
    out_sink: Vec<u32>,
    out_cost: Vec<i64>,
    out_arc: Vec<u32>,
    // The same arcs by sink: (source, scaled cost, position in out_*).
    in_start: Vec<u32>,
    in_source: Vec<u32>,
    in_cost: Vec<i64>,
    in_pos: Vec<u32>,
    // Sources.
    unmet_cost: Vec<i64>,
    pending: Vec<i64>,
    unmet: Vec<i64>,
    queued: Vec<bool>,
    /// Slots held by each source: `held[held_start[i]..][..held_len[i]]`.
    held_start: Vec<u32>,
    held_len: Vec<u32>,
    held: Vec<u32>,
    // Sinks.
    pristine: Vec<i64>,
    heap: Vec<Vec<u32>>,
    minp: Vec<i64>,
    slots: Vec<Slot>,
    spare: Vec<u32>,
    queue: VecDeque<u32>,
    eps: i64,
    steps: u64,
}

pub(super) fn solve(p: &Transport) -> Option<Solution> {
    let n = p.demands.len();
    let m = p.capacities.len();
    let live_source = |i: usize| p.demands[i] > 0;
    let live_sink = |j: usize| p.capacities[j] > 0;
    let n_live = (0..n).filter(|&i| live_source(i)).count();
    let m_live = (0..m).filter(|&j| live_sink(j)).count();
    let scale = 2 * n_live.min(m_live) as i64 + 3;
    let total_demand: i128 = p.demands.iter().map(|&d| d as i128).sum();
    if total_demand >= u32::MAX as i128 {
        return None;
    }

    // Live arcs by source, then deduplicated in place.
    let mut start = vec![0u32; n + 1];
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if live_source(i) && live_sink(j) {
            start[i + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let total = start[n] as usize;
    let mut out_sink = vec![0u32; total];
    let mut out_cost = vec![0i64; total];
    let mut out_arc = vec![0u32; total];
    let mut fill = start.clone();
    for a in 0..p.arc_cost.len() {
        let (i, j) = (p.arc_source[a] as usize, p.arc_sink[a] as usize);
        if live_source(i) && live_sink(j) {
            let k = fill[i] as usize;
            fill[i] += 1;
            out_sink[k] = j as u32;
            out_cost[k] = p.arc_cost[a];
            out_arc[k] = a as u32;
        }
    }
    let mut seen = vec![NONE; m];
    let mut out_start = vec![0u32; n + 1];
    let mut w = 0usize;
    for i in 0..n {
        let begin = w;
        for k in start[i] as usize..start[i + 1] as usize {
            let j = out_sink[k] as usize;
            let at = seen[j] as usize;
            if seen[j] != NONE && at >= begin {
                if out_cost[k] < out_cost[at] {
                    out_cost[at] = out_cost[k];
                    out_arc[at] = out_arc[k];
                }
            } else {
                seen[j] = w as u32;
                out_sink[w] = out_sink[k];
                out_cost[w] = out_cost[k];
                out_arc[w] = out_arc[k];
                w += 1;
            }
        }
        out_start[i + 1] = w as u32;
    }
    out_sink.truncate(w);
    out_cost.truncate(w);
    out_arc.truncate(w);

    let mut cmax: u64 = 0;
    for &c in &out_cost {
        cmax = cmax.max(c.unsigned_abs());
    }
    for i in 0..n {
        if live_source(i) {
            cmax = cmax.max(p.unmet_cost[i].unsigned_abs());
        }
    }
    if cmax as i128 * scale as i128 > MAX_SCALED {
        return None;
    }
    let cmax = cmax as i64 * scale;
    for c in out_cost.iter_mut() {
        *c *= scale;
    }
    let unmet_cost: Vec<i64> = (0..n).map(|i| if live_source(i) { p.unmet_cost[i] * scale } else { 0 }).collect();

    // By sink.
    let mut in_start = vec![0u32; m + 1];
    for &j in &out_sink {
        in_start[j as usize + 1] += 1;
    }
    for j in 0..m {
        in_start[j + 1] += in_start[j];
    }
    let mut in_source = vec![0u32; w];
    let mut in_cost = vec![0i64; w];
    let mut in_pos = vec![0u32; w];
    let mut fill = in_start.clone();
    for i in 0..n {
        for k in out_start[i] as usize..out_start[i + 1] as usize {
            let j = out_sink[k] as usize;
            let q = fill[j] as usize;
            fill[j] += 1;
            in_source[q] = i as u32;
            in_cost[q] = out_cost[k];
            in_pos[q] = k as u32;
        }
    }

    let mut held_start = vec![0u32; n + 1];
    for i in 0..n {
        held_start[i + 1] = held_start[i] + p.demands[i] as u32;
    }
    let mut s = Auction {
        out_start,
        out_sink,
        out_cost,
        out_arc,
        in_start,
        in_source,
        in_cost,
        in_pos,
        unmet_cost,
        pending: p.demands.clone(),
        unmet: vec![0; n],
        queued: vec![false; n],
        held: vec![0; held_start[n] as usize],
        held_start,
        held_len: vec![0; n],
        pristine: p.capacities.clone(),
        heap: vec![Vec::new(); m],
        minp: vec![0; m],
        slots: Vec::new(),
        spare: Vec::new(),
        queue: VecDeque::new(),
        eps: 1,
        steps: 0,
    };
    for i in 0..n {
        if s.pending[i] > 0 {
            s.enqueue(i);
        }
    }
    let theta: i64 = std::env::var("FLOW_THETA").map(|v| v.parse().unwrap()).unwrap_or(THETA);
    let mut eps = (cmax / theta).max(1);
    let mut first = true;
    loop {
        s.eps = eps;
        if !first {
            s.vacate_violators();
        }
        first = false;
        let t0 = std::time::Instant::now();
        let b0 = s.steps;
        s.run();
        let b1 = s.steps;
        if std::env::var("FLOW_NOREPAIR").is_err() {
            s.repair();
        } else if eps == 1 || std::env::var("FLOW_STATS").is_ok() {
            let mut free = 0;
            let mut sinks = 0;
            let mut pricesum: i128 = 0;
            for j in 0..m {
                let mut f = 0;
                for &r in &s.heap[j] {
                    if s.slots[r as usize].holder == NONE {
                        f += 1;
                        pricesum += s.slots[r as usize].price as i128;
                    }
                }
                if f > 0 {
                    sinks += 1;
                    free += f;
                }
            }
            eprintln!(
                "   free positive-price slots {free} in {sinks} sinks, avg price {}",
                pricesum / (free.max(1) as i128)
            );
        }
        if std::env::var("FLOW_STATS").is_ok() {
            eprintln!("eps {eps:>20} {:>8.1?} bids {:>8} repair steps {:>8}", t0.elapsed(), b1 - b0, s.steps - b1);
        }
        if eps == 1 {
            break;
        }
        eps = (eps / theta).max(1);
    }

    let mut flow = vec![0i64; p.arc_cost.len()];
    let mut load = vec![0i64; m];
    for j in 0..m {
        for &r in &s.heap[j] {
            let slot = s.slots[r as usize];
            debug_assert!(slot.holder != NONE);
            flow[slot.arc as usize] += 1;
            load[j] += 1;
        }
    }
    let mut potential = vec![0i64; n + m + 1];
    for i in 0..n {
        if live_source(i) {
            potential[i] = -s.best(i);
        }
    }
    for j in 0..m {
        if live_sink(j) {
            potential[n + j] = -s.minp[j];
        }
    }
    Some(Solution { flow, unmet: s.unmet, load, potential, scale, steps: s.steps })
}

/// Heap order: lower price first, free slots before held ones on ties.
#[inline]
fn before(a: &Slot, b: &Slot) -> bool {
    a.price < b.price || (a.price == b.price && a.holder == NONE && b.holder != NONE)
}

fn sift_up(h: &mut [u32], slots: &[Slot], mut k: usize) {
    while k > 0 {
        let parent = (k - 1) / 2;
        if before(&slots[h[k] as usize], &slots[h[parent] as usize]) {
            h.swap(k, parent);
            k = parent;
        } else {
            break;
        }
    }
}

fn sift_down(h: &mut [u32], slots: &[Slot], mut k: usize) {
    loop {
        let l = 2 * k + 1;
        if l >= h.len() {
            break;
        }
        let mut c = l;
        if l + 1 < h.len() && before(&slots[h[l + 1] as usize], &slots[h[l] as usize]) {
            c = l + 1;
        }
        if before(&slots[h[c] as usize], &slots[h[k] as usize]) {
            h.swap(k, c);
            k = c;
        } else {
            break;
        }
    }
}

impl Auction {
    /// Cost of source `i`'s cheapest option.
    fn best(&self, i: usize) -> i64 {
        let mut b = self.unmet_cost[i];
        for k in self.out_start[i] as usize..self.out_start[i + 1] as usize {
            b = b.min(self.out_cost[k] + self.minp[self.out_sink[k] as usize]);
        }
        b
    }

    fn enqueue(&mut self, i: usize) {
        if !self.queued[i] {
            self.queued[i] = true;
            self.queue.push_back(i as u32);
        }
    }

    /// Second-lowest slot price of sink `j` (`INF` if it has one slot).
    fn second_min(&self, j: usize) -> i64 {
        let h = &self.heap[j];
        match self.pristine[j] {
            0 => h[1..h.len().min(3)].iter().map(|&r| self.slots[r as usize].price).min().unwrap_or(INF),
            1 => h.first().map_or(INF, |&r| self.slots[r as usize].price),
            _ => 0,
        }
    }

    fn update_minp(&mut self, j: usize) {
        self.minp[j] =
            if self.pristine[j] > 0 { 0 } else { self.heap[j].first().map_or(INF, |&r| self.slots[r as usize].price) };
    }

    fn hold(&mut self, i: usize, r: u32) {
        let at = self.held_start[i] + self.held_len[i];
        self.held[at as usize] = r;
        self.slots[r as usize].pos = self.held_len[i];
        self.held_len[i] += 1;
    }

    fn release(&mut self, i: usize, r: u32) {
        let pos = self.slots[r as usize].pos;
        self.held_len[i] -= 1;
        let base = self.held_start[i] as usize;
        let last = self.held[base + self.held_len[i] as usize];
        self.held[base + pos as usize] = last;
        self.slots[last as usize].pos = pos;
    }

    fn new_slot(&mut self, slot: Slot) -> u32 {
        match self.spare.pop() {
            Some(r) => {
                self.slots[r as usize] = slot;
                r
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn run(&mut self) {
        while let Some(i) = self.queue.pop_front() {
            let i = i as usize;
            self.queued[i] = false;
            while self.pending[i] > 0 {
                self.pending[i] -= 1;
                self.bid(i);
            }
        }
    }

    /// One unit of source `i` takes its best option.
    #[inline(never)]
    fn bid(&mut self, i: usize) {
        self.steps += 1;
        let mut b1 = self.unmet_cost[i];
        let mut k1 = usize::MAX;
        let mut b2 = INF;
        for k in self.out_start[i] as usize..self.out_start[i + 1] as usize {
            let e = self.out_cost[k] + self.minp[self.out_sink[k] as usize];
            if e < b1 {
                b2 = b1;
                b1 = e;
                k1 = k;
            } else if e < b2 {
                b2 = e;
            }
        }
        if k1 == usize::MAX {
            self.unmet[i] += 1;
            return;
        }
        let j = self.out_sink[k1] as usize;
        let c = self.out_cost[k1];
        b2 = b2.min(c + self.second_min(j));
        let slot =
            Slot { price: b2 - c + self.eps, cost: c, holder: i as u32, arc: self.out_arc[k1], pos: 0, sink: j as u32 };
        if self.pristine[j] > 0 {
            self.pristine[j] -= 1;
            let r = self.new_slot(slot);
            let h = &mut self.heap[j];
            h.push(r);
            let last = h.len() - 1;
            sift_up(h, &self.slots, last);
            self.hold(i, r);
        } else {
            let r = self.heap[j][0];
            let old = self.slots[r as usize].holder;
            if old != NONE {
                self.release(old as usize, r);
                self.pending[old as usize] += 1;
                self.enqueue(old as usize);
            }
            self.slots[r as usize] = slot;
            sift_down(&mut self.heap[j], &self.slots, 0);
            self.hold(i, r);
        }
        self.update_minp(j);
    }

    /// At the start of a phase: unassigns every unit not within ε of its
    /// source's best option (its slot stays free at its price).
    #[inline(never)]
    fn vacate_violators(&mut self) {
        let n = self.unmet.len();
        let pi: Vec<i64> = (0..n).map(|i| self.best(i)).collect();
        let mut gone: Vec<u32> = Vec::new();
        for j in 0..self.heap.len() {
            gone.clear();
            for q in 0..self.heap[j].len() {
                let r = self.heap[j][q];
                let s = self.slots[r as usize];
                if s.holder != NONE && s.cost + s.price > pi[s.holder as usize] + self.eps {
                    let i = s.holder as usize;
                    self.release(i, r);
                    self.slots[r as usize].holder = NONE;
                    self.pending[i] += 1;
                    self.enqueue(i);
                    gone.push(r);
                }
            }
            if gone.is_empty() {
                continue;
            }
            // The freed slots drop to the sink's lowest price (0: they
            // become pristine): no unit's best option changes, and the next
            // bidder for this sink refills them first.
            let low = self.minp[j];
            if low == 0 {
                let slots = &self.slots;
                self.heap[j].retain(|&r| slots[r as usize].holder != NONE);
                self.spare.extend_from_slice(&gone);
                self.pristine[j] += gone.len() as i64;
                let h = &mut self.heap[j];
                for k in (0..h.len() / 2).rev() {
                    sift_down(h, &self.slots, k);
                }
            } else {
                for &r in &gone {
                    self.slots[r as usize].price = low;
                }
                let h = &mut self.heap[j];
                for k in (0..h.len() / 2).rev() {
                    sift_down(h, &self.slots, k);
                }
            }
            self.update_minp(j);
        }
        for i in 0..n {
            if self.unmet[i] > 0 && self.unmet_cost[i] > pi[i] + self.eps {
                self.pending[i] += self.unmet[i];
                self.unmet[i] = 0;
                self.enqueue(i);
            }
        }
    }

    /// The two dearest unit costs of source `i` (`-INF` when missing).
    #[inline(never)]
    fn dearest_two(&self, i: usize) -> (i64, i64, u32) {
        let (mut e1, mut e2, mut r1) = (-INF, -INF, NONE);
        if self.unmet[i] > 0 {
            e1 = self.unmet_cost[i];
            if self.unmet[i] > 1 {
                e2 = e1;
            }
        }
        let base = self.held_start[i] as usize;
        for &r in &self.held[base..base + self.held_len[i] as usize] {
            let s = self.slots[r as usize];
            let e = s.cost + s.price;
            if e > e1 {
                e2 = e1;
                e1 = e;
                r1 = r;
            } else if e > e2 {
                e2 = e;
            }
        }
        (e1, e2, r1)
    }

    /// Reverse steps until every free slot has price 0 (see the module docs).
    #[inline(never)]
    fn repair(&mut self) {
        let mut work: Vec<(u32, u32)> = Vec::new(); // (sink, slot)
        for j in 0..self.heap.len() {
            for &r in &self.heap[j] {
                if self.slots[r as usize].holder == NONE {
                    work.push((j as u32, r));
                }
            }
        }

        let mut zero = 0u64;
        let mut moves = 0u64;
        let mut gain: i128 = 0;
        while let Some((j, r)) = work.pop() {
            let (j, r) = (j as usize, r);
            self.steps += 1;
            if self.steps % 200000 == 0 && std::env::var("FLOW_STATS").is_ok() {
                eprintln!(
                    "  steps {} zero {} moves {} work {} avg gain {}",
                    self.steps,
                    zero,
                    moves,
                    work.len(),
                    gain / moves.max(1) as i128
                );
            }
            // Best and second-best gain from moving a unit into the slot.
            let (mut b1, mut b2, mut who, mut from, mut q1) = (-INF, -INF, NONE, NONE, 0usize);
            for q in self.in_start[j] as usize..self.in_start[j + 1] as usize {
                let k = self.in_source[q] as usize;
                let c = self.in_cost[q];
                let (e1, e2, r1) = self.dearest_two(k);
                let (g1, g2) = (e1 - c, e2 - c);
                if g1 > b1 {
                    b2 = b1.max(g2);
                    b1 = g1;
                    who = k as u32;
                    from = r1;
                    q1 = q;
                } else {
                    b2 = b2.max(g1);
                }
            }
            let at = self.heap[j].iter().position(|&x| x == r).expect("free slot in its sink");
            if b1 <= self.eps {
                // Nobody gains more than ε from it: back to price 0.
                let h = &mut self.heap[j];
                h.swap_remove(at);
                if at < h.len() {
                    sift_down(h, &self.slots, at);
                    sift_up(h, &self.slots, at);
                }
                self.spare.push(r);
                self.pristine[j] += 1;
                self.update_minp(j);
                zero += 1;
                continue;
            }
            moves += 1;
            let k = who as usize;
            gain += (b1 - (b2 - self.eps).max(0)) as i128;
            // Move k's dearest unit here.
            if from == NONE {
                self.unmet[k] -= 1;
            } else {
                let old_sink = self.slots[from as usize].sink;
                self.release(k, from);
                self.slots[from as usize].holder = NONE;
                work.push((old_sink, from));
            }
            let pos = self.in_pos[q1] as usize;
            self.slots[r as usize] = Slot {
                price: (b2 - self.eps).max(0),
                cost: self.in_cost[q1],
                holder: k as u32,
                arc: self.out_arc[pos],
                pos: 0,
                sink: j as u32,
            };
            self.hold(k, r);
            sift_up(&mut self.heap[j], &self.slots, at);
            self.update_minp(j);
        }
    }
}
