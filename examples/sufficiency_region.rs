//! The sufficiency engine at regional and national scale, timed once each
//! (the figures in BENCHMARKS.md): a synthetic region of 18 North West
//! authorities (about 11,000 children in care) pooled and matched (with the
//! optimum's objective, identical whatever the speed-ups), the marginal value
//! of one more place in each home district (with and without the re-solves of
//! the best), and the national metrics of the synthetic "england" authority.
//!
//! ```text
//! cargo run --release --example sufficiency_region
//! ```

#[path = "../benches/measure.rs"]
mod measure;

use chrono::NaiveDate;
use measure::{cpu_seconds, peak_rss_mb};
use sufficiency::geo::Postcodes;
use sufficiency::sufficiency::{gaps, marginal_values, match_children, metrics, pool, MetricsInputs, Need, Policy};
use sufficiency::synth::{synthetic_authority, synthetic_region, Profile, NORTH_WEST_18};

fn main() {
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).expect("valid date");
    let t = std::time::Instant::now();
    let region = synthetic_region(NORTH_WEST_18, 0, 2).expect("the region generates");
    println!("generated 18 authorities in {:.2} s", t.elapsed().as_secs_f64());
    let members: Vec<(Need, sufficiency::model::Supply)> =
        region.iter().map(|la| (Need::in_care(&la.dataset, on, Some(&la.supply)), la.supply.clone())).collect();
    let (need, supply) = pool(&members);
    let in_care: usize =
        region.iter().map(|la| la.dataset.episodes().iter().filter(|e| e.is_open_on(on)).count()).sum();
    let places: u32 = supply.settings.iter().map(|s| s.places).sum();
    println!(
        "region: {in_care} children in care, {} to re-place; {} settings with {places} places",
        need.children.len(),
        supply.settings.len()
    );
    let postcodes = Postcodes::new();
    let policy = Policy::default();
    let (t, c) = (std::time::Instant::now(), cpu_seconds());
    let m = match_children(&need, &supply, &policy, &postcodes, None);
    let wall = t.elapsed().as_secs_f64();
    let cpu = c.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "matched in {wall:.3} s wall ({} CPU): objective {} (after sibling repair {}), {} placed, {} unmet, right type {:.1}%, within 20 miles {:.1}%, second-best {:.1}%, {} arcs added by the exactness check",
        cpu.map_or("n/a".into(), |c| format!("{c:.3} s")),
        m.objective,
        m.objective_after_siblings,
        m.placed(),
        m.unmet(),
        100.0 * m.right_type_share().unwrap_or(0.0),
        100.0 * m.within_20_share().unwrap_or(0.0),
        100.0 * m.second_best_share().unwrap_or(0.0),
        m.arcs_added
    );
    let (t, c) = (std::time::Instant::now(), cpu_seconds());
    let mv = marginal_values(&need, &supply, &policy, &postcodes, None, Some(&m));
    let wall = t.elapsed().as_secs_f64();
    let cpu = c.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "marginal values in {wall:.3} s wall ({} CPU): {} new places priced, the best {} re-solved; best saves {} a week ({} {})",
        cpu.map_or("n/a".into(), |c| format!("{c:.3} s")),
        mv.len(),
        policy.marginal_resolves.min(mv.len()),
        mv.first().map_or(0, |v| v.saving),
        mv.first().map_or("-".to_string(), |v| v.placement_type.to_string()),
        mv.first().map_or("-", |v| v.area.as_str()),
    );
    let (t, c) = (std::time::Instant::now(), cpu_seconds());
    let no_resolves = Policy { marginal_resolves: 0, ..policy.clone() };
    let priced = marginal_values(&need, &supply, &no_resolves, &postcodes, None, Some(&m));
    println!(
        "  of which without re-solves (the matching solved again, then every place priced): {:.3} s wall ({} CPU), {} places",
        t.elapsed().as_secs_f64(),
        c.zip(cpu_seconds()).map_or("n/a".into(), |(a, b)| format!("{:.3} s", b - a)),
        priced.len()
    );
    let t = std::time::Instant::now();
    let g = gaps(&need, &supply, &policy, &postcodes);
    println!(
        "gaps in {:.3} s: {} cells, {} with a gap",
        t.elapsed().as_secs_f64(),
        g.len(),
        g.iter().filter(|x| x.gap() > 0).count()
    );
    drop(region);

    let national = synthetic_authority(&Profile::named("england").expect("named"), 0, 2).expect("generates");
    let (t, c) = (std::time::Instant::now(), cpu_seconds());
    let mt =
        metrics(&national.dataset, on, None, MetricsInputs { supply: Some(&national.supply), ..Default::default() });
    let wall = t.elapsed().as_secs_f64();
    let cpu = c.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "national metrics in {wall:.3} s wall ({} CPU): {} children in care, {:.1}% over 20 miles, {:.1}% outside the home authority; peak RSS {}",
        cpu.map_or("n/a".into(), |c| format!("{c:.3} s")),
        mt.children_in_care,
        100.0 * mt.location.over_20_share(),
        100.0 * mt.location.outside_share(),
        peak_rss_mb().map_or("n/a".into(), |m| format!("{m:.0} MB"))
    );
}
