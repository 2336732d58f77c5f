//! The main job: a sufficiency snapshot — who is in care, in what kind of
//! placement, how far from home, inside or outside the boundary, and how
//! stable — for the embedded synthetic authority or for your own returns.
//!
//! ```text
//! cargo run --release --example snapshot                         # synthetic "england-median", seed 0
//! cargo run --release --example snapshot -- --profile county     # another named profile
//! cargo run --release --example snapshot -- returns/ --la E08000007   # your own returns (a folder per year)
//! ```
//!
//! Exits non-zero if the returns cannot be read at all.

use std::collections::BTreeMap;
use std::process::ExitCode;

use chrono::Months;
use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
use sufficiency::geo::Postcodes;
use sufficiency::snapshot::{
    entries, in_care_on, leavers, placement_location, placement_stability, By, Counts, SnapshotOptions,
};
use sufficiency::ssda903::{read_ssda903, Dataset, Severity};
use sufficiency::synth::{synthetic_authority, Profile};

fn print_counts(title: &str, counts: &Counts) {
    let total = counts.total().max(1);
    println!("\n{title}");
    for (key, n) in &counts.rows {
        println!("  {key:<28} {n:>6}  {:>5.1}%", 100.0 * *n as f64 / total as f64);
    }
    println!("  {:<28} {:>6}", "total", counts.total());
}

fn print_reading(ds: &Dataset) {
    println!("\n{:<48} {:>8} {:>6} {:>9} {:>9}", "file", "year", "read", "accepted", "rejected");
    for s in ds.summary() {
        println!(
            "{:<48} {:>8} {:>6} {:>9} {:>9}",
            s.file,
            s.collection_year.to_string(),
            s.rows_read,
            s.rows_accepted,
            s.rows_rejected
        );
    }
    let mut by_code: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for i in ds.issues() {
        *by_code.entry((i.severity.as_str(), i.code.as_str())).or_default() += 1;
    }
    println!(
        "\nIssues: {} errors (rows left out), {} warnings",
        ds.issues_of(Severity::Error).count(),
        ds.issues_of(Severity::Warning).count()
    );
    for ((sev, code), n) in &by_code {
        println!("  {sev:<8} {code:<24} {n:>6}");
    }
    for i in ds.issues_of(Severity::Error).take(5) {
        println!("  e.g. {i}");
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut profile, mut seed, mut la, mut paths) = ("england-median".to_string(), 0u64, None, Vec::new());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--profile" => profile = args.next().unwrap_or_default(),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(0),
            "--la" => la = args.next(),
            _ => paths.push(a),
        }
    }
    let (ds, authority) = if paths.is_empty() {
        let p = match Profile::named(&profile) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let la = synthetic_authority(&p, seed, 5).expect("named profiles generate");
        println!(
            "Synthetic authority '{}' (modelled on {}, seed {seed}): calibrated to {} children in care on {}",
            p.name,
            p.authority.name,
            p.children_in_care,
            p.collection_end.format("%d/%m/%Y")
        );
        let code = (!p.is_national()).then(|| p.authority.code.clone());
        (std::sync::Arc::unwrap_or_clone(la.dataset), code)
    } else {
        match read_ssda903(&paths, None) {
            Ok(ds) => {
                print_reading(&ds);
                (ds, la)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    let years = ds.collection_years();
    println!("Collection years: {}", years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "));
    let Some(last) = years.last().copied() else { return ExitCode::SUCCESS };
    let on = last.end();
    let opts = SnapshotOptions::default();
    println!(
        "\nChildren looked after on {} ({} children, {} episodes, {} periods of care in the data)",
        on.format("%d/%m/%Y"),
        ds.children().len(),
        ds.episodes().len(),
        ds.periods().len()
    );
    print_counts("By placement group", &in_care_on(&ds, on, By::PlacementGroup, &opts));
    print_counts("By age band", &in_care_on(&ds, on, By::AgeBand, &opts));
    print_counts("By legal status", &in_care_on(&ds, on, By::LegalStatus, &opts));
    print_counts("By provider", &in_care_on(&ds, on, By::Provider, &opts));

    let loc = placement_location(&ds, on, authority.as_deref(), &Postcodes::new(), &opts);
    println!("\nRight place (DfE straight-line distance between HOME_POST and PL_POST)");
    println!(
        "  placed more than 20 miles from home  {:>5.1}% of all children, {:>5.1}% of the {} with a known distance",
        100.0 * loc.over_20_share(),
        100.0 * loc.over_20_share_known(),
        loc.with_distance
    );
    println!(
        "  placed outside the authority         {:>5.1}% of the {} with a known placement authority",
        100.0 * loc.outside_share(),
        loc.with_placement_la
    );
    if let (Some(mean), Some(median)) = (loc.mean_miles, loc.median_miles) {
        println!("  distance from home                   mean {mean:.1} miles, median {median:.1} miles");
    }
    if loc.approximate > 0 {
        println!("  ({} distances use postcode sector or district centroids and are approximate)", loc.approximate);
    }

    print_counts(
        &format!("Started to be looked after in {last}, by age on entry"),
        &entries(&ds, last.start(), last.end(), By::AgeBand, &opts),
    );
    print_counts(
        &format!("Ceased to be looked after in {last}, by reason (REC)"),
        &leavers(&ds, last.start(), last.end(), &opts),
    );
    let s = placement_stability(&ds, last, &opts);
    println!(
        "\nPlacement stability {last}: {} of {} children ({:.1}%) had 3 or more placements in the year",
        s.three_or_more,
        s.children,
        100.0 * s.share()
    );
    print_forecast(std::sync::Arc::new(ds), last);
    ExitCode::SUCCESS
}

/// The 5-year demand projection from the last 31 March, fitted on the last
/// collection year, and its 12-month backtest.
fn print_forecast(ds: std::sync::Arc<Dataset>, last: sufficiency::codes::CollectionYear) {
    let window = Window::new(last.start(), last.end()).expect("a collection year is a window");
    let model = match DemandModel::fit(ds, window, DemandConfig::standard()) {
        Ok(m) => m,
        Err(e) => {
            println!("\nDemand forecast: not possible ({e})");
            return;
        }
    };
    let p = match model.project(None, 60, &Scenario::base()) {
        Ok(p) => p,
        Err(e) => {
            println!("\nDemand forecast: not possible ({e})");
            return;
        }
    };
    println!(
        "\nDemand forecast: children in care on 31 March, by placement group (fitted on {} to {}; expected values)",
        window.start.format("%d/%m/%Y"),
        window.end.format("%d/%m/%Y")
    );
    let years: Vec<usize> =
        (0..=5).filter_map(|y| p.day_of(p.start.checked_add_months(Months::new(12 * y))?)).collect();
    print!("  {:<26}", "");
    for &t in &years {
        print!(" {:>8}", p.date(t).format("%Y"));
    }
    println!();
    for (g, name) in p.states.groups.iter().enumerate() {
        print!("  {name:<26}");
        for &t in &years {
            print!(" {:>8.1}", p.group_total(t, g));
        }
        println!();
    }
    print!("  {:<26}", "total");
    for &t in &years {
        print!(" {:>8.1}", p.total(t));
    }
    println!();
    print!("  {:<26}", "entries in the year");
    print!(" {:>8}", "");
    for w in years.windows(2) {
        print!(" {:>8.1}", (w[0] + 1..=w[1]).map(|t| p.entries_on(t)).sum::<f64>());
    }
    println!();
    print!("  {:<26}", "exits in the year");
    print!(" {:>8}", "");
    for w in years.windows(2) {
        print!(" {:>8.1}", (w[0] + 1..=w[1]).map(|t| p.exits_on(t)).sum::<f64>());
    }
    println!();
    match model.backtest(12) {
        Ok(bt) => {
            println!(
                "\nBacktest: refitted on the 12 months to {}, projected to {}; error against the children actually in care at each month end",
                bt.origin.format("%d/%m/%Y"),
                bt.points.last().map_or(String::new(), |d| d.format("%d/%m/%Y").to_string())
            );
            println!("  {:<26} {:>22} {:>22} {:>22}", "MAPE % (mean error)", "model", "flat", "linear");
            let mut rows: Vec<&str> = bt.groups.iter().map(String::as_str).collect();
            rows.push("total");
            for g in rows {
                print!("  {g:<26}");
                for m in ["model", "flat", "linear"] {
                    let e = bt.error(m, g).expect("every method and group has a row");
                    print!(" {:>12.1} ({:>+7.1})", e.mape, e.mean_error);
                }
                println!();
            }
        }
        Err(e) => println!("\nBacktest: not possible ({e})"),
    }
}
