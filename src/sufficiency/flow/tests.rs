use std::collections::HashMap;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Plan, Solver, Transport};

// ---------------------------------------------------------------------------
// Checkers and reference solvers.

/// Feasibility, and that `cost()` is the recomputed objective.
fn check_feasible(t: &Transport, plan: &Plan) {
    let (n, m) = (t.num_sources(), t.num_sinks());
    let mut out = vec![0i64; n];
    let mut into = vec![0i64; m];
    let mut cost: i128 = 0;
    for a in 0..t.num_arcs() {
        let (i, j, c) = t.arc(a);
        let f = plan.flow(a);
        assert!(f >= 0, "negative flow {f} on arc {a}");
        out[i] += f;
        into[j] += f;
        cost += f as i128 * c as i128;
    }
    for (i, &placed) in out.iter().enumerate() {
        let u = plan.unmet(i);
        assert!(u >= 0, "negative unmet at source {i}");
        assert_eq!(placed + u, t.demand(i), "source {i} not routed exactly");
        cost += u as i128 * t.unmet_cost(i) as i128;
    }
    for (j, &load) in into.iter().enumerate() {
        assert!(load <= t.capacity(j), "sink {j} over capacity");
        assert_eq!(load, plan.sink_load(j), "sink {j} load");
    }
    assert_eq!(cost, plan.cost(), "cost() is not the recomputed objective");
}

/// Dual feasibility, complementary slackness and strong duality of the prices.
fn check_duals(t: &Transport, plan: &Plan) {
    let (n, m) = (t.num_sources(), t.num_sinks());
    let marg = plan.marginals(t);
    for a in 0..t.num_arcs() {
        let (i, j, c) = t.arc(a);
        let rc = c as i128 - marg.source_price(i) as i128 + marg.sink_price(j) as i128;
        assert!(rc >= 0, "arc {a} has negative reduced cost {rc}");
        if plan.flow(a) > 0 {
            assert_eq!(rc, 0, "arc {a} carries flow with reduced cost {rc}");
        }
    }
    let mut dual: i128 = 0;
    for i in 0..n {
        let u = marg.source_price(i);
        assert!(u <= t.unmet_cost(i), "source {i} price above its unmet cost");
        if plan.unmet(i) > 0 {
            assert_eq!(u, t.unmet_cost(i), "source {i} unmet below its price");
        }
        dual += t.demand(i) as i128 * u as i128;
    }
    for j in 0..m {
        let w = marg.sink_price(j);
        assert!(w >= 0, "sink {j} price negative");
        if plan.sink_load(j) < t.capacity(j) {
            assert_eq!(w, 0, "sink {j} not full but priced");
        }
        dual -= t.capacity(j) as i128 * w as i128;
    }
    assert_eq!(dual, plan.cost(), "duality gap");
}

/// Exhaustive minimum: every way of splitting each source's demand between
/// its arcs (each arc separately, parallel ones included) and unmet, within
/// the sinks' capacities. Memoised on (source, remaining capacities), which
/// changes nothing but the running time.
fn brute_force(t: &Transport) -> i128 {
    let n = t.num_sources();
    let mut arcs_of: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for a in 0..t.num_arcs() {
        let (i, j, c) = t.arc(a);
        arcs_of[i].push((j, c));
    }
    let caps: Vec<i64> = (0..t.num_sinks()).map(|j| t.capacity(j)).collect();
    let mut memo = HashMap::new();
    brute_source(t, &arcs_of, 0, &mut caps.clone(), &mut memo)
}

fn brute_source(
    t: &Transport,
    arcs_of: &[Vec<(usize, i64)>],
    i: usize,
    caps: &mut Vec<i64>,
    memo: &mut HashMap<(usize, Vec<i64>), i128>,
) -> i128 {
    if i == arcs_of.len() {
        return 0;
    }
    if let Some(&v) = memo.get(&(i, caps.clone())) {
        return v;
    }
    let best = brute_split(t, arcs_of, i, 0, t.demand(i), 0, caps, memo);
    memo.insert((i, caps.clone()), best);
    best
}

/// Splits the `left` units of source `i` over its arcs from index `k` on;
/// whatever remains after the last arc is unmet.
#[allow(clippy::too_many_arguments)]
fn brute_split(
    t: &Transport,
    arcs_of: &[Vec<(usize, i64)>],
    i: usize,
    k: usize,
    left: i64,
    acc: i128,
    caps: &mut Vec<i64>,
    memo: &mut HashMap<(usize, Vec<i64>), i128>,
) -> i128 {
    if k == arcs_of[i].len() {
        let here = acc + left as i128 * t.unmet_cost(i) as i128;
        return here + brute_source(t, arcs_of, i + 1, caps, memo);
    }
    let (j, c) = arcs_of[i][k];
    let mut best = i128::MAX;
    for x in 0..=left.min(caps[j]) {
        caps[j] -= x;
        let v = brute_split(t, arcs_of, i, k + 1, left - x, acc + x as i128 * c as i128, caps, memo);
        caps[j] += x;
        best = best.min(v);
    }
    best
}

/// Independent reference: successive shortest paths with Bellman-Ford on the
/// plain network S → sources → sinks → T (plus unmet arcs source → T).
fn reference_cost(t: &Transport) -> i128 {
    let (n, m) = (t.num_sources(), t.num_sinks());
    let (s, tt) = (n + m, n + m + 1);
    // (to, cap, cost, rev)
    let mut g: Vec<Vec<(usize, i64, i64, usize)>> = vec![Vec::new(); n + m + 2];
    let add = |g: &mut Vec<Vec<(usize, i64, i64, usize)>>, u: usize, v: usize, cap: i64, cost: i64| {
        let (ru, rv) = (g[v].len(), g[u].len());
        g[u].push((v, cap, cost, ru));
        g[v].push((u, 0, -cost, rv));
    };
    let mut total: i64 = 0;
    for i in 0..n {
        add(&mut g, s, i, t.demand(i), 0);
        add(&mut g, i, tt, i64::MAX / 4, t.unmet_cost(i));
        total += t.demand(i);
    }
    for a in 0..t.num_arcs() {
        let (i, j, c) = t.arc(a);
        add(&mut g, i, n + j, i64::MAX / 4, c);
    }
    for j in 0..m {
        add(&mut g, n + j, tt, t.capacity(j), 0);
    }
    let mut cost: i128 = 0;
    let mut sent = 0;
    while sent < total {
        let mut dist = vec![i128::MAX; n + m + 2];
        let mut prev = vec![(usize::MAX, usize::MAX); n + m + 2];
        dist[s] = 0;
        loop {
            let mut changed = false;
            for u in 0..n + m + 2 {
                if dist[u] == i128::MAX {
                    continue;
                }
                for (k, &(v, cap, c, _)) in g[u].iter().enumerate() {
                    if cap > 0 && dist[u] + (c as i128) < dist[v] {
                        dist[v] = dist[u] + c as i128;
                        prev[v] = (u, k);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut push = total - sent;
        let mut v = tt;
        while v != s {
            let (u, k) = prev[v];
            push = push.min(g[u][k].1);
            v = u;
        }
        let mut v = tt;
        while v != s {
            let (u, k) = prev[v];
            g[u][k].1 -= push;
            let (to, rev) = (g[u][k].0, g[u][k].3);
            g[to][rev].1 += push;
            v = u;
        }
        cost += push as i128 * dist[tt];
        sent += push;
    }
    cost
}

/// Every marginal value checked by solving the changed problem again.
fn check_marginals_by_resolving(t: &Transport, plan: &Plan, new_places: &[Vec<(usize, i64)>]) {
    let marg = plan.marginals(t);
    let savings = plan.extra_place_savings(t);
    assert_eq!(savings, marg.extra_place_savings());
    for (j, &saving) in savings.iter().enumerate() {
        let mut bigger = t.clone();
        bigger.capacities[j] += 1;
        let want = bigger.solve().cost() - plan.cost();
        assert_eq!(saving as i128, want, "extra place at sink {j}");
    }
    for arcs in new_places {
        let mut more = t.clone();
        more.capacities.push(1);
        let k = more.num_sinks() - 1;
        for &(i, c) in arcs {
            more.add_arc(i, k, c);
        }
        let want = more.solve().cost() - plan.cost();
        assert_eq!(marg.new_place_saving(arcs) as i128, want, "new place {arcs:?}");
        assert_eq!(plan.new_place_saving(t, arcs) as i128, want);
    }
    for i in 0..t.num_sources() {
        if t.demand(i) == 0 {
            assert_eq!(marg.release(i), None);
        } else {
            let mut fewer = t.clone();
            fewer.demands[i] -= 1;
            let want = fewer.solve().cost() - plan.cost();
            assert_eq!(marg.release(i).map(|r| r as i128), Some(want), "release source {i}");
        }
    }
}

// ---------------------------------------------------------------------------
// Random problems.

#[derive(Debug, Clone)]
struct Case {
    t: Transport,
    new_places: Vec<Vec<(usize, i64)>>,
}

/// Small problems: ≤ 6 sources of demand 0–2, ≤ 4 sinks of capacity 0–3,
/// arcs with small costs (ties, zero and negative ones likely), `scale`
/// multiplying every cost (to exercise large magnitudes).
fn small_case(scale: i64) -> impl Strategy<Value = Case> {
    (0usize..=6, 0usize..=4)
        .prop_flat_map(|(n, m)| {
            (
                proptest::collection::vec(prop_oneof![1 => Just(0i64), 6 => 1i64..=2], n),
                proptest::collection::vec(-3i64..=12, n),
                proptest::collection::vec(0i64..=3, m),
                proptest::collection::vec((0usize..64, 0usize..64, -5i64..=10), 0..=14),
                proptest::collection::vec(proptest::collection::vec((0usize..64, -5i64..=12), 0..=3), 0..=3),
            )
                .prop_map(move |(demands, unmet, caps, raw, places)| (n, m, demands, unmet, caps, raw, places))
        })
        .prop_map(move |(n, m, demands, unmet, caps, raw, places)| {
            let mut t = Transport::new(demands, unmet.iter().map(|u| u * scale).collect(), caps);
            if n > 0 && m > 0 {
                for (i, j, c) in raw {
                    t.add_arc(i % n, j % m, c * scale);
                }
            }
            let new_places = if n == 0 {
                Vec::new()
            } else {
                places.into_iter().map(|p| p.into_iter().map(|(i, c)| (i % n, c * scale)).collect()).collect()
            };
            Case { t, new_places }
        })
}

/// A random problem of the given size with geometric-ish structure: costs
/// from distance plus a tier, arcs to a random subset of sinks.
fn medium_case(seed: u64, n: usize, m: usize, per_source: usize, tiers: bool) -> Transport {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let demands = (0..n).map(|_| rng.random_range(0..=3)).collect();
    let unmet = (0..n).map(|_| rng.random_range(50..=120)).collect();
    let caps = (0..m).map(|_| rng.random_range(0..=4)).collect();
    let mut t = Transport::new(demands, unmet, caps);
    let sp: Vec<(i64, i64)> = (0..n).map(|_| (rng.random_range(0..100), rng.random_range(0..100))).collect();
    let kp: Vec<(i64, i64)> = (0..m).map(|_| (rng.random_range(0..100), rng.random_range(0..100))).collect();
    for (i, &(x, y)) in sp.iter().enumerate() {
        for _ in 0..per_source {
            let j = rng.random_range(0..m);
            let (u, v) = kp[j];
            let d = (x - u).abs() + (y - v).abs();
            let tier = if tiers { rng.random_range(0..3i64) * 1_000_000_000_000 } else { 0 };
            t.add_arc(i, j, tier + d - 40);
        }
    }
    if tiers {
        for u in t.unmet_cost.iter_mut() {
            *u += 2_500_000_000_000;
        }
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The solver's optimum equals the exhaustive one; its plan is feasible,
    /// its cost the recomputed objective, its prices an optimal dual.
    #[test]
    fn matches_brute_force(case in small_case(1)) {
        let plan = case.t.solve();
        check_feasible(&case.t, &plan);
        check_duals(&case.t, &plan);
        prop_assert_eq!(plan.cost(), brute_force(&case.t));
    }

    /// Large costs (tiers of 10^12): still exact.
    #[test]
    fn matches_brute_force_large_costs(case in small_case(1_000_000_000_003)) {
        let plan = case.t.solve();
        check_feasible(&case.t, &plan);
        check_duals(&case.t, &plan);
        prop_assert_eq!(plan.cost(), brute_force(&case.t));
    }

    /// Marginal values equal re-solving: one more unit at each sink, a new
    /// one-unit sink, one unit less demand at each source.
    #[test]
    fn marginals_match_resolving(case in small_case(1)) {
        let plan = case.t.solve();
        check_marginals_by_resolving(&case.t, &plan, &case.new_places);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Bigger problems (deeper trees, longer pivot cycles) against an
    /// independent successive-shortest-path solver, marginals by re-solving.
    #[test]
    fn matches_reference_medium(seed in any::<u64>(), n in 1usize..60, m in 1usize..25, k in 1usize..8, tiers in any::<bool>()) {
        let t = medium_case(seed, n, m, k, tiers);
        let plan = t.solve();
        check_feasible(&t, &plan);
        check_duals(&t, &plan);
        prop_assert_eq!(plan.cost(), reference_cost(&t));
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        let places: Vec<Vec<(usize, i64)>> = (0..4)
            .map(|_| (0..rng.random_range(0..5)).map(|_| (rng.random_range(0..n), rng.random_range(-40..80))).collect())
            .collect();
        check_marginals_by_resolving(&t, &plan, &places);
    }
}

// ---------------------------------------------------------------------------
// Worked examples.

/// Displacement chain. Children A, B, C (demand 1, unmet 100); settings X, Y,
/// Z with one place each. A: X 1, Y 4. B: X 2, Z 10. C: Y 3.
/// C can only use Y; then A must take X, so B takes Z: 1 + 10 + 3 = 14.
/// (Giving B X forces A to Y and C out: 2 + 4 + 100 = 106.)
/// One more place at X: A and B both in X, C in Y: 1 + 2 + 3 = 6 (−8).
/// At Y: B X, A Y, C Y: 2 + 4 + 3 = 9 (−5). At Z: nothing better (0).
/// A new place B could use at 1: B moves there: 1 + 1 + 3 = 5 (−9).
/// A new place only A could use at 0: A there, B to X, C Y: 0 + 2 + 3 (−9).
#[test]
fn worked_displacement_chain() {
    let mut t = Transport::new(vec![1, 1, 1], vec![100; 3], vec![1, 1, 1]);
    let ax = t.add_arc(0, 0, 1);
    let ay = t.add_arc(0, 1, 4);
    let bx = t.add_arc(1, 0, 2);
    let bz = t.add_arc(1, 2, 10);
    let cy = t.add_arc(2, 1, 3);
    let plan = t.solve();
    assert_eq!(plan.cost(), 14);
    assert_eq!([ax, ay, bx, bz, cy].map(|a| plan.flow(a)), [1, 0, 0, 1, 1]);
    let marg = plan.marginals(&t);
    assert_eq!(marg.extra_place_savings(), &[-8, -5, 0]);
    assert_eq!(marg.new_place_saving(&[(1, 1)]), -9);
    assert_eq!(marg.new_place_saving(&[(0, 0)]), -9);
    assert_eq!(marg.new_place_saving(&[(2, 50)]), 0);
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
    check_marginals_by_resolving(&t, &plan, &[vec![(1, 1)], vec![(0, 0)], vec![(0, 3), (2, 1)]]);
}

/// Grouped demands. S0: 3 units (unmet 50), S1: 2 units (unmet 20). K0 and
/// K1 hold 2 each. S0→K0 5, S0→K1 8, S1→K0 4, S1→K1 30. Capacity 4 < 5, so
/// one unit goes unmet; the cheapest loss is one S1 unit (20):
/// S1: K0 + unmet = 24; S0: K0 + 2×K1 = 21; total 45. (S0 unmet instead:
/// 2×4 + 2×8 + 50 = 74; S1 both unmet: 40 + 2×5 + 8 = 58.)
/// One more at K0: S1 2×K0, S0 K0 + 2×K1 = 8 + 5 + 16 = 29 (−16).
/// One more at K1: S1 2×K0, S0 3×K1 = 8 + 24 = 32 (−13).
/// New place, S0 at 9: S0 new + 2×K1, S1 2×K0 = 9 + 16 + 8 = 33 (−12).
#[test]
fn worked_grouped_demands() {
    let mut t = Transport::new(vec![3, 2], vec![50, 20], vec![2, 2]);
    t.add_arc(0, 0, 5);
    t.add_arc(0, 1, 8);
    t.add_arc(1, 0, 4);
    t.add_arc(1, 1, 30);
    let plan = t.solve();
    assert_eq!(plan.cost(), 45);
    assert_eq!((plan.unmet(0), plan.unmet(1)), (0, 1));
    assert_eq!([0, 1, 2, 3].map(|a| plan.flow(a)), [1, 2, 1, 0]);
    let marg = plan.marginals(&t);
    assert_eq!(marg.extra_place_savings(), &[-16, -13]);
    assert_eq!(marg.new_place_saving(&[(0, 9)]), -12);
    assert_eq!(marg.new_place_saving(&[(1, 25)]), 0);
    assert_eq!(marg.new_place_saving(&[(0, 9), (1, 15)]), -12);
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
    check_marginals_by_resolving(&t, &plan, &[vec![(0, 9)], vec![(1, 15)]]);
}

/// Negative costs and ties. Two children, unmet cost −1 (being unplaced is
/// mildly rewarded); one setting (2 places) paying −3 for child 0 and −1 for
/// child 1 (a tie with unmet). Optimum −3 + (−1) = −4 whichever way child 1
/// goes. One more place: nothing to gain (0). A new place at −2 for child 1
/// saves 1.
#[test]
fn worked_negative_and_ties() {
    let mut t = Transport::new(vec![1, 1], vec![-1, -1], vec![2]);
    t.add_arc(0, 0, -3);
    t.add_arc(1, 0, -1);
    let plan = t.solve();
    assert_eq!(plan.cost(), -4);
    assert_eq!(plan.flow(0), 1);
    let marg = plan.marginals(&t);
    assert_eq!(marg.extra_place_savings(), &[0]);
    assert_eq!(marg.new_place_saving(&[(1, -2)]), -1);
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
}

// ---------------------------------------------------------------------------
// Edge cases.

#[test]
fn empty_problem() {
    let t = Transport::new(vec![], vec![], vec![]);
    let plan = t.solve();
    assert_eq!(plan.cost(), 0);
    assert_eq!(plan.extra_place_savings(&t), Vec::<i64>::new());
    assert_eq!(plan.new_place_saving(&t, &[]), 0);
}

#[test]
fn no_sources() {
    let t = Transport::new(vec![], vec![], vec![1, 0, 3]);
    let plan = t.solve();
    assert_eq!(plan.cost(), 0);
    assert_eq!(plan.sink_load(2), 0);
    assert_eq!(plan.extra_place_savings(&t), vec![0, 0, 0]);
    check_duals(&t, &plan);
}

#[test]
fn no_sinks_everything_unmet() {
    let t = Transport::new(vec![2, 0, 5], vec![7, 8, -1], vec![]);
    let plan = t.solve();
    assert_eq!(plan.cost(), 14 - 5);
    assert_eq!((plan.unmet(0), plan.unmet(1), plan.unmet(2)), (2, 0, 5));
    let marg = plan.marginals(&t);
    assert_eq!(marg.new_place_saving(&[(0, 3)]), -4);
    assert_eq!(marg.new_place_saving(&[(1, -100)]), 0, "source 1 has nothing to place");
    assert_eq!(marg.new_place_saving(&[(2, -1)]), 0);
    assert_eq!(marg.new_place_saving(&[(2, -2)]), -1);
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
}

#[test]
fn no_arcs() {
    let t = Transport::new(vec![1, 2], vec![10, 20], vec![3, 3]);
    let plan = t.solve();
    assert_eq!(plan.cost(), 50);
    assert_eq!(plan.extra_place_savings(&t), vec![0, 0]);
    assert_eq!(plan.new_place_saving(&t, &[(0, 4), (1, 15)]), -6);
    check_duals(&t, &plan);
}

#[test]
fn zero_demands() {
    let mut t = Transport::new(vec![0, 0], vec![10, 20], vec![1]);
    t.add_arc(0, 0, -5);
    t.add_arc(1, 0, -50);
    let plan = t.solve();
    assert_eq!(plan.cost(), 0);
    assert_eq!((plan.flow(0), plan.flow(1)), (0, 0));
    assert_eq!(plan.extra_place_savings(&t), vec![0]);
    assert_eq!(plan.new_place_saving(&t, &[(0, -100)]), 0);
    check_duals(&t, &plan);
}

#[test]
fn zero_capacities() {
    let mut t = Transport::new(vec![1, 2], vec![10, 20], vec![0, 0]);
    t.add_arc(0, 0, 1);
    t.add_arc(1, 0, 2);
    t.add_arc(1, 1, 30);
    let plan = t.solve();
    assert_eq!(plan.cost(), 50);
    assert_eq!((plan.flow(0), plan.flow(1), plan.flow(2)), (0, 0, 0));
    // One place at sink 0 goes to source 1 (saves 18); sink 1 is dearer
    // than unmet.
    assert_eq!(plan.extra_place_savings(&t), vec![-18, 0]);
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
    check_marginals_by_resolving(&t, &plan, &[vec![(0, 0)]]);
}

#[test]
fn all_unmet_when_unmet_is_cheapest() {
    let mut t = Transport::new(vec![1, 1, 1], vec![0, 0, 0], vec![2, 2]);
    for i in 0..3 {
        t.add_arc(i, 0, 5);
        t.add_arc(i, 1, 1);
    }
    let plan = t.solve();
    assert_eq!(plan.cost(), 0);
    assert_eq!((0..3).map(|i| plan.unmet(i)).sum::<i64>(), 3);
    assert_eq!(plan.extra_place_savings(&t), vec![0, 0]);
    assert_eq!(plan.new_place_saving(&t, &[(0, 0), (1, 1)]), 0);
    check_duals(&t, &plan);
}

#[test]
fn parallel_arcs_use_the_cheapest() {
    let mut t = Transport::new(vec![2], vec![100], vec![2]);
    let a = t.add_arc(0, 0, 9);
    let b = t.add_arc(0, 0, 3);
    let c = t.add_arc(0, 0, 7);
    let plan = t.solve();
    assert_eq!((plan.flow(a), plan.flow(b), plan.flow(c)), (0, 2, 0));
    assert_eq!(plan.cost(), 6);
    check_duals(&t, &plan);
}

#[test]
fn deterministic() {
    let t = medium_case(7, 200, 60, 6, true);
    let a = t.solve();
    let b = t.solve();
    assert_eq!(a, b);
    assert_eq!(a.marginals(&t), b.marginals(&t));
}

#[test]
#[should_panic(expected = "costs too large")]
fn rejects_costs_too_large() {
    let mut t = Transport::new(vec![1], vec![0], vec![1]);
    t.add_arc(0, 0, i64::MAX / 8);
    t.solve();
}

#[test]
#[should_panic(expected = "out of range")]
fn rejects_bad_arc() {
    let mut t = Transport::new(vec![1], vec![0], vec![1]);
    t.add_arc(0, 1, 0);
}

/// A mid-size geometric instance against the reference solver, and its
/// marginals spot-checked by re-solving.
#[test]
fn geometric_against_reference() {
    let n = 300;
    let m = 90;
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let sp: Vec<(f64, f64)> = (0..n).map(|_| (rng.random_range(0.0..100.0), rng.random_range(0.0..100.0))).collect();
    let kp: Vec<(f64, f64)> = (0..m).map(|_| (rng.random_range(0.0..100.0), rng.random_range(0.0..100.0))).collect();
    let caps = (0..m).map(|_| rng.random_range(1..=6)).collect();
    let unmet = (0..n).map(|_| 5_000_000_000_000 + rng.random_range(0..1_000_000)).collect();
    let mut t = Transport::new(vec![1; n], unmet, caps);
    for (i, &(x, y)) in sp.iter().enumerate() {
        let mut near: Vec<(f64, usize)> =
            kp.iter().enumerate().map(|(j, &(u, v))| (((x - u).powi(2) + (y - v).powi(2)).sqrt(), j)).collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(d, j) in near.iter().take(12) {
            let tier = rng.random_range(0..3i64) * 1_000_000_000_000;
            t.add_arc(i, j, tier + (d * 1000.0) as i64);
        }
    }
    let plan = t.solve();
    check_feasible(&t, &plan);
    check_duals(&t, &plan);
    assert_eq!(plan.cost(), reference_cost(&t));
    let marg = plan.marginals(&t);
    for j in (0..m).step_by(9) {
        let mut bigger = t.clone();
        bigger.capacities[j] += 1;
        assert_eq!(marg.extra_place_saving(j) as i128, bigger.solve().cost() - plan.cost());
    }
}

/// A geometric instance like the benchmark's (tiers of 10^12, places
/// scarcer than children), big enough for deep trees and for the simplex to
/// shift the larger part of the tree by moving the root's side. Optimality is
/// certified by the dual prices (feasible, complementary, zero gap).
fn geometric_case(seed: u64, n: usize, m: usize, k: usize, max_demand: i64) -> Transport {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sp: Vec<(f64, f64)> = (0..n).map(|_| (rng.random_range(0.0..100.0), rng.random_range(0.0..100.0))).collect();
    let kp: Vec<(f64, f64)> = (0..m).map(|_| (rng.random_range(0.0..100.0), rng.random_range(0.0..100.0))).collect();
    let demands = (0..n).map(|_| rng.random_range(1..=max_demand)).collect();
    let unmet = (0..n).map(|_| 6_000_000_000_000 + rng.random_range(0..1_000_000)).collect();
    let caps = (0..m).map(|_| rng.random_range(1..=6)).collect();
    let mut t = Transport::new(demands, unmet, caps);
    for (i, &(x, y)) in sp.iter().enumerate() {
        let mut near: Vec<(f64, usize)> =
            kp.iter().enumerate().map(|(j, &(u, v))| (((x - u).powi(2) + (y - v).powi(2)).sqrt(), j)).collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(d, j) in near.iter().take(k) {
            let tier = rng.random_range(0..3i64) * 1_000_000_000_000;
            t.add_arc(i, j, tier + (d * 1000.0) as i64);
        }
    }
    t
}

#[test]
fn geometric_certified_by_duals() {
    for (seed, n, m, k, d) in [(1, 3000, 800, 30, 1), (2, 600, 800, 30, 5), (3, 2000, 200, 40, 1)] {
        let t = geometric_case(seed, n, m, k, d);
        let plan = t.solve();
        check_feasible(&t, &plan);
        check_duals(&t, &plan);
    }
}

/// The optimum and the marginal values do not depend on the order arcs were
/// added in (the plan may differ between ties).
#[test]
fn arc_order_does_not_matter() {
    let t = geometric_case(9, 400, 120, 15, 2);
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    let mut order: Vec<usize> = (0..t.num_arcs()).collect();
    for k in (1..order.len()).rev() {
        order.swap(k, rng.random_range(0..=k));
    }
    let mut shuffled = Transport::new(t.demands.clone(), t.unmet_cost.clone(), t.capacities.clone());
    for &a in &order {
        let (i, j, c) = t.arc(a);
        shuffled.add_arc(i, j, c);
    }
    let (a, b) = (t.solve(), shuffled.solve());
    check_feasible(&shuffled, &b);
    assert_eq!(a.cost(), b.cost());
    assert_eq!(a.marginals(&t), b.marginals(&shuffled));
}

// ---------------------------------------------------------------------------
// Warm starts.

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A [`Solver`] fed a problem's arcs in batches, with a sink added part
    /// way, reaches after each batch the optimum a fresh solve of the same
    /// problem finds; its plan is feasible and its prices an optimal dual.
    #[test]
    fn warm_starts_match_fresh_solves(seed in any::<u64>(), n in 1usize..60, m in 1usize..25, k in 1usize..8, tiers in any::<bool>(), batches in 1usize..5) {
        let full = medium_case(seed, n, m, k, tiers);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xa11);
        let mut solver = Solver::new(Transport::new(full.demands.clone(), full.unmet_cost.clone(), full.capacities.clone()));
        let per = full.num_arcs().div_ceil(batches).max(1);
        let mut added_sink = None;
        for (b, chunk) in (0..full.num_arcs()).collect::<Vec<_>>().chunks(per).enumerate() {
            for &a in chunk {
                let (i, j, c) = full.arc(a);
                solver.add_arc(i, j, c);
            }
            if b == 1 {
                let s = solver.add_sink(rng.random_range(0..=2));
                for _ in 0..rng.random_range(0..6) {
                    solver.add_arc(rng.random_range(0..n), s, rng.random_range(-40..80));
                }
                added_sink = Some(s);
            }
            let plan = solver.solve();
            check_feasible(solver.problem(), &plan);
            check_duals(solver.problem(), &plan);
            prop_assert_eq!(plan.cost(), solver.problem().solve().cost());
        }
        if let Some(s) = added_sink {
            let mut more = solver.clone();
            more.add_arc(0, s, -100);
            let plan = more.solve();
            check_feasible(more.problem(), &plan);
            prop_assert_eq!(plan.cost(), reference_cost(more.problem()));
        }
    }
}
