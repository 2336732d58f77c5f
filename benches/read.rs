//! Reading national volume: about 500,000 episode rows across five yearly
//! returns, built by multiplying the shipped sample (see `national.rs`).
//!
//! ```text
//! cargo bench --bench read
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use sufficiency::ssda903::read_ssda903;

mod national;

fn read_national(c: &mut Criterion) {
    let tmp = std::env::temp_dir().join("sufficiency-bench-national");
    let _ = std::fs::remove_dir_all(&tmp);
    let (folders, header_rows, episode_rows) =
        national::build(std::path::Path::new("examples/data/sample"), &tmp, national::TARGET_EPISODE_ROWS);
    eprintln!("national volume: {header_rows} header rows, {episode_rows} episode rows in {} returns", folders.len());
    let mut group = c.benchmark_group("read");
    group.sample_size(10);
    group.bench_function("ssda903_national_5_years", |b| {
        b.iter(|| {
            let ds = read_ssda903(&folders, None).unwrap();
            assert!(ds.episodes().len() > 100_000);
            ds
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&tmp);
}

criterion_group!(benches, read_national);
criterion_main!(benches);
