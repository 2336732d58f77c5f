//! Placement matching at regional scale: the exact transport solver
//! (`sufficiency::sufficiency::flow`) on random geometric instances.
//!
//! Sources (children) and sinks (settings) are random points in a 100 × 100
//! square; each source has arcs to its 40 nearest sinks, costing a random
//! suitability tier (× 10^12) plus the distance in thousandths; leaving a child
//! unplaced costs 6 tiers plus noise. Sinks hold 1–6 places, so places are
//! slightly scarcer than children, as in a real region.
//!
//! ```text
//! cargo bench --bench flow
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sufficiency::sufficiency::flow::Transport;

const TIER: i64 = 1_000_000_000_000;

struct Instance {
    transport: Transport,
    /// Hypothetical new places: arcs from the 100 nearest sources.
    new_places: Vec<Vec<(usize, i64)>>,
}

fn tier(rng: &mut ChaCha8Rng) -> i64 {
    match rng.random_range(0..10) {
        0..=4 => 0,
        5..=7 => TIER,
        _ => 2 * TIER,
    }
}

fn geometric(seed: u64, sources: usize, sinks: usize, k: usize, max_demand: i64, places: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let point = |rng: &mut ChaCha8Rng| (rng.random_range(0.0..100.0f64), rng.random_range(0.0..100.0f64));
    let sp: Vec<(f64, f64)> = (0..sources).map(|_| point(&mut rng)).collect();
    let kp: Vec<(f64, f64)> = (0..sinks).map(|_| point(&mut rng)).collect();
    let demands = (0..sources).map(|_| rng.random_range(1..=max_demand)).collect();
    let unmet = (0..sources).map(|_| 6 * TIER + rng.random_range(0..1_000_000)).collect();
    let caps = (0..sinks).map(|_| rng.random_range(1..=6)).collect();
    let mut t = Transport::new(demands, unmet, caps);
    t.reserve_arcs(sources * k);
    let dist = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let nearest = |from: (f64, f64), to: &[(f64, f64)], k: usize| -> Vec<(f64, usize)> {
        let mut d: Vec<(f64, usize)> = to.iter().enumerate().map(|(j, &p)| (dist(from, p), j)).collect();
        let k = k.min(d.len());
        if k < d.len() {
            d.select_nth_unstable_by(k, |a, b| a.0.total_cmp(&b.0));
            d.truncate(k);
        }
        d.sort_by(|a, b| a.0.total_cmp(&b.0));
        d
    };
    for (i, &p) in sp.iter().enumerate() {
        for (d, j) in nearest(p, &kp, k) {
            let c = tier(&mut rng) + (d * 1000.0) as i64;
            t.add_arc(i, j, c);
        }
    }
    let new_places = (0..places)
        .map(|_| {
            let q = point(&mut rng);
            nearest(q, &sp, 100).into_iter().map(|(d, i)| (i, tier(&mut rng) + (d * 1000.0) as i64)).collect()
        })
        .collect();
    Instance { transport: t, new_places }
}

fn describe(name: &str, inst: &Instance) {
    let t = &inst.transport;
    let start = std::time::Instant::now();
    let plan = t.solve();
    let solve = start.elapsed();
    let start = std::time::Instant::now();
    let marg = plan.marginals(t);
    let marginals = start.elapsed();
    let units: i64 = (0..t.num_sources()).map(|i| t.demand(i)).sum();
    let places: i64 = (0..t.num_sinks()).map(|j| t.capacity(j)).sum();
    let unmet: i64 = (0..t.num_sources()).map(|i| plan.unmet(i)).sum();
    let best = inst.new_places.iter().map(|a| marg.new_place_saving(a)).min().unwrap_or(0);
    eprintln!(
        "{name}: {} sources ({units} units), {} sinks ({places} places), {} arcs; \
         {} pivots, {unmet} unmet; solve {solve:.1?}, marginals {marginals:.1?}; best new place saves {}",
        t.num_sources(),
        t.num_sinks(),
        t.num_arcs(),
        plan.pivots(),
        -best
    );
}

fn flow(c: &mut Criterion) {
    let regional = geometric(1, 11_000, 3_000, 40, 1, 300);
    let grouped = geometric(2, 2_000, 3_000, 40, 10, 0);
    let small = geometric(3, 1_000, 300, 40, 1, 0);
    describe("regional", &regional);
    describe("grouped", &grouped);
    describe("small", &small);

    let mut group = c.benchmark_group("flow");
    group.sample_size(10);
    group.bench_function("solve_regional_11k_sources_3k_sinks_40_arcs", |b| b.iter(|| regional.transport.solve()));
    group.bench_function("solve_grouped_2k_sources_11k_units_3k_sinks", |b| b.iter(|| grouped.transport.solve()));
    group.bench_function("solve_1k_sources_300_sinks_40_arcs", |b| b.iter(|| small.transport.solve()));
    let plan = regional.transport.solve();
    group.bench_function("marginals_regional", |b| b.iter(|| plan.marginals(&regional.transport)));
    let marg = plan.marginals(&regional.transport);
    group.bench_function("new_place_saving_regional_300_places", |b| {
        b.iter(|| regional.new_places.iter().map(|a| marg.new_place_saving(a)).min())
    });
    group.finish();
}

criterion_group!(benches, flow);
criterion_main!(benches);
