//! One timed read of national-volume returns with the process's peak memory,
//! for BENCHMARKS.md (criterion gives the distribution; this gives the RSS).
//!
//! ```text
//! cargo run --release --example read_national            # 500,000 episode rows
//! cargo run --release --example read_national -- 50000   # a smaller run
//! ```

#[path = "../benches/national.rs"]
mod national;

#[path = "../benches/measure.rs"]
mod measure;
use measure::{cpu_seconds, peak_rss_mb};

fn main() {
    let target = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(national::TARGET_EPISODE_ROWS);
    let tmp = std::env::temp_dir().join("sufficiency-national-read");
    let _ = std::fs::remove_dir_all(&tmp);
    let (folders, header_rows, episode_rows) =
        national::build(std::path::Path::new("examples/data/sample"), &tmp, target);
    let before = peak_rss_mb();
    let (t, cpu) = (std::time::Instant::now(), cpu_seconds());
    let ds = sufficiency::ssda903::read_ssda903(&folders, None).expect("national returns read");
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu.zip(cpu_seconds()).map(|(before, after)| after - before);
    println!("read {header_rows} header rows and {episode_rows} episode rows in {} returns", folders.len());
    println!("-> {} children, {} episodes, {} issues", ds.children().len(), ds.episodes().len(), ds.issues().len());
    match cpu {
        Some(cpu) => println!("time: {secs:.3} s ({cpu:.3} s on CPU)"),
        None => println!("time: {secs:.3} s"),
    }
    if let (Some(b), Some(a)) = (before, peak_rss_mb()) {
        println!("peak RSS: {a:.0} MB (before reading: {b:.0} MB)");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
