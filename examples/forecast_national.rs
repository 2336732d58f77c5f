//! The demand benchmark job at national volume, timed once with the process's
//! peak memory, for BENCHMARKS.md: read five years of returns → fit a
//! 12-month reference window → project 5 years day by day.
//!
//! ```text
//! cargo run --release --example forecast_national                  # writes synthetic England first
//! cargo run --release --example forecast_national -- /tmp/england903   # returns already written
//! ```
//!
//! `scripts/peer/bench_peer.py` times `cs-demand-model` on the same folder.

use chrono::NaiveDate;
use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};

#[path = "../benches/measure.rs"]
mod measure;
use measure::{cpu_seconds, peak_rss_mb};

fn main() {
    let Some(folder) = std::env::args().nth(1) else {
        // Write the returns first, then time the job in a fresh process so the
        // generator's memory does not count.
        let dir = std::env::temp_dir().join("sufficiency-england903");
        let _ = std::fs::remove_dir_all(&dir);
        let profile = sufficiency::synth::Profile::named("england").expect("named profile");
        let la = sufficiency::synth::synthetic_authority(&profile, 0, 5).expect("generates");
        la.write_ssda903(&dir).expect("writes");
        drop(la);
        let status = std::process::Command::new(std::env::current_exe().expect("exe"))
            .arg(&dir)
            .status()
            .expect("runs the timed job");
        std::process::exit(status.code().unwrap_or(1));
    };
    let mut folders: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .expect("the folder of returns exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("valid date");
    let (t0, c0) = (std::time::Instant::now(), cpu_seconds());
    let ds = sufficiency::ssda903::read_ssda903(&folders, None).expect("returns read");
    let t_read = t0.elapsed().as_secs_f64();
    println!("peak RSS after reading: {} MB", peak_rss_mb().map_or("n/a".into(), |m| format!("{m:.0}")));
    let window = Window::new(d(2024, 4, 1), d(2025, 3, 31)).expect("window");
    let model = DemandModel::fit(ds, window, DemandConfig::standard()).expect("fits");
    let t_fit = t0.elapsed().as_secs_f64() - t_read;
    let p = model.project(None, 60, &Scenario::base()).expect("projects");
    let total = t0.elapsed().as_secs_f64();
    let cpu = c0.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "{} episodes, {} children in care on {} -> {:.0} after 5 years ({} days)",
        model.dataset().episodes().len(),
        p.total(0),
        p.start,
        p.total(p.days),
        p.days
    );
    println!(
        "read {t_read:.3} s, fit {t_fit:.3} s, project {:.3} s, total {total:.3} s wall, {} CPU, peak RSS {}",
        total - t_read - t_fit,
        cpu.map_or("n/a".into(), |c| format!("{c:.3} s")),
        peak_rss_mb().map_or("n/a".into(), |m| format!("{m:.0} MB"))
    );
}
