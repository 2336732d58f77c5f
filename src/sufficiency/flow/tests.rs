//! The solver against brute force, and marginal values against re-solving.

#![allow(clippy::needless_range_loop)] // sources and sinks are checked by index against the plan

use proptest::prelude::*;

use super::Transport;

/// The least cost over every assignment of each unit to a sink (by arc) or to unmet.
fn brute(t: &Transport) -> i128 {
    let mut units: Vec<usize> = Vec::new();
    for i in 0..t.num_sources() {
        for _ in 0..t.demand(i) {
            units.push(i);
        }
    }
    fn go(k: usize, units: &[usize], t: &Transport, left: &mut Vec<i64>) -> i128 {
        if k == units.len() {
            return 0;
        }
        let i = units[k];
        let mut best = i128::from(t.unmet_cost(i)) + go(k + 1, units, t, left);
        for a in 0..t.num_arcs() {
            let (s, j, c) = t.arc(a);
            if s == i && left[j] > 0 {
                left[j] -= 1;
                best = best.min(i128::from(c) + go(k + 1, units, t, left));
                left[j] += 1;
            }
        }
        best
    }
    let mut left: Vec<i64> = (0..t.num_sinks()).map(|j| t.capacity(j)).collect();
    go(0, &units, t, &mut left)
}

fn problem() -> impl Strategy<Value = Transport> {
    (
        prop::collection::vec((0i64..3, -5i64..60), 0..5),
        prop::collection::vec(0i64..3, 0..4),
        prop::collection::vec((0usize..5, 0usize..4, -10i64..50), 0..12),
    )
        .prop_map(|(sources, caps, arcs)| {
            let (d, u): (Vec<i64>, Vec<i64>) = sources.into_iter().unzip();
            let mut t = Transport::new(d, u, caps);
            for (i, j, c) in arcs {
                if i < t.num_sources() && j < t.num_sinks() {
                    t.add_arc(i, j, c);
                }
            }
            t
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn matches_brute_force(t in problem()) {
        let plan = t.solve();
        prop_assert_eq!(plan.cost(), brute(&t));
        // Feasible, and the cost is what the flows say.
        let mut load = vec![0i64; t.num_sinks()];
        let mut sent = vec![0i64; t.num_sources()];
        let mut cost = 0i128;
        for a in 0..t.num_arcs() {
            let (i, j, c) = t.arc(a);
            prop_assert!(plan.flow(a) >= 0);
            load[j] += plan.flow(a);
            sent[i] += plan.flow(a);
            cost += i128::from(plan.flow(a)) * i128::from(c);
        }
        for i in 0..t.num_sources() {
            prop_assert_eq!(sent[i] + plan.unmet(i), t.demand(i));
            cost += i128::from(plan.unmet(i)) * i128::from(t.unmet_cost(i));
        }
        for j in 0..t.num_sinks() {
            prop_assert!(load[j] <= t.capacity(j));
            prop_assert_eq!(load[j], plan.sink_load(j));
        }
        prop_assert_eq!(cost, plan.cost());
    }

    #[test]
    fn marginals_match_re_solving(t in problem(), new in prop::collection::vec((0usize..5, -10i64..50), 0..4)) {
        let plan = t.solve();
        let marg = plan.marginals(&t);
        for j in 0..t.num_sinks() {
            let mut caps: Vec<i64> = (0..t.num_sinks()).map(|k| t.capacity(k)).collect();
            caps[j] += 1;
            let mut more = Transport::new((0..t.num_sources()).map(|i| t.demand(i)).collect(), (0..t.num_sources()).map(|i| t.unmet_cost(i)).collect(), caps);
            for a in 0..t.num_arcs() {
                let (i, k, c) = t.arc(a);
                more.add_arc(i, k, c);
            }
            prop_assert_eq!(i128::from(marg.extra_place_savings()[j]), more.solve().cost() - plan.cost());
        }
        let arcs: Vec<(usize, i64)> = new.into_iter().filter(|(i, _)| *i < t.num_sources()).collect();
        let mut caps: Vec<i64> = (0..t.num_sinks()).map(|k| t.capacity(k)).collect();
        caps.push(1);
        let mut more = Transport::new((0..t.num_sources()).map(|i| t.demand(i)).collect(), (0..t.num_sources()).map(|i| t.unmet_cost(i)).collect(), caps);
        for a in 0..t.num_arcs() {
            let (i, k, c) = t.arc(a);
            more.add_arc(i, k, c);
        }
        for &(i, c) in &arcs {
            more.add_arc(i, t.num_sinks(), c);
        }
        prop_assert_eq!(i128::from(marg.new_place_saving(&arcs)), more.solve().cost() - plan.cost());
    }
}

#[test]
fn edge_cases() {
    assert_eq!(Transport::new(vec![], vec![], vec![]).solve().cost(), 0);
    assert_eq!(Transport::new(vec![2], vec![7], vec![]).solve().cost(), 14);
    let mut t = Transport::new(vec![0, 1], vec![5, 5], vec![0]);
    t.add_arc(1, 0, 1);
    assert_eq!(t.solve().cost(), 5); // no capacity: unmet
}
