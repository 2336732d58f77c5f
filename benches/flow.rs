//! The placement solver on a random geometric case: sources and sinks as
//! points in a 100 × 100 square, each source with arcs to its 40 nearest sinks.
//!
//! ```text
//! cargo bench --bench flow
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sufficiency::sufficiency::flow::Transport;

fn case(n: usize, m: usize, k: usize, seed: u64) -> Transport {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let point = |rng: &mut ChaCha8Rng| (rng.random_range(0.0..100.0f64), rng.random_range(0.0..100.0f64));
    let sources: Vec<(f64, f64)> = (0..n).map(|_| point(&mut rng)).collect();
    let sinks: Vec<(f64, f64)> = (0..m).map(|_| point(&mut rng)).collect();
    let caps = (0..m).map(|_| rng.random_range(1..=4)).collect();
    let mut t = Transport::new(vec![1; n], vec![1_000_000; n], caps);
    for (i, s) in sources.iter().enumerate() {
        let mut near: Vec<(f64, usize)> =
            sinks.iter().enumerate().map(|(j, q)| ((s.0 - q.0).powi(2) + (s.1 - q.1).powi(2), j)).collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(d2, j) in near.iter().take(k) {
            t.add_arc(i, j, (d2.sqrt() * 100.0) as i64);
        }
    }
    t
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("flow");
    g.sample_size(10);
    let small = case(1_000, 300, 20, 1);
    g.bench_function("solve_1000_sources_300_sinks", |b| b.iter(|| small.solve()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
