//! Times generating the whole-country synthetic authority (5 collection
//! years, about 82,000 children in care), for BENCHMARKS.md.
//!
//! ```text
//! cargo run --release --example generate_england          # 81,770 children in care
//! cargo run --release --example generate_england -- 8000  # a smaller country, for profiling
//! ```

use sufficiency::synth::{synthetic_authority, Profile};

fn main() {
    let mut profile = Profile::named("england").expect("named profile");
    if let Some(n) = std::env::args().nth(1).and_then(|a| a.parse().ok()) {
        // A smaller country, for profiling.
        let o = sufficiency::synth::Overrides { children_in_care: Some(n), ..Default::default() };
        profile = profile.with(&o).expect("valid override");
    }
    let t = std::time::Instant::now();
    let la = synthetic_authority(&profile, 0, 5).expect("generates");
    let secs = t.elapsed().as_secs_f64();
    let ds = &la.dataset;
    println!(
        "england, 5 years: {} children, {} episodes, {} settings in {secs:.2} s",
        ds.children().len(),
        ds.episodes().len(),
        la.supply.settings.len()
    );
}
