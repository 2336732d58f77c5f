//! The main job: a sufficiency snapshot — who is in care, in what kind of
//! placement, how far from home, inside or outside the boundary, and how
//! stable — for the embedded synthetic authority or for your own returns.
//!
//! ```text
//! cargo run --release --example snapshot                         # synthetic "england-median", seed 0
//! cargo run --release --example snapshot -- --profile county     # another named profile
//! cargo run --release --example snapshot -- returns/ --la E08000007   # your own returns (a folder per year)
//! cargo run --release --example snapshot -- returns/ --out results/    # and write the results as JSON
//! ```
//!
//! Given one folder holding year folders (`returns/2024/`, `returns/2025/`,
//! ...) it reads them all; a `supply/` folder beside them (`providers.csv`,
//! `settings.csv`, optionally `occupants.csv` and `authority.txt`: see
//! `sufficiency::sufficiency::read_supply_folder`) adds the sufficiency report.
//! `--out DIR` writes each section's results as JSON for
//! `scripts/examples.py`, which compares them with the goldens.
//!
//! Exits non-zero if the returns cannot be read at all.

use std::collections::BTreeMap;
use std::process::ExitCode;

mod cost;
mod demand;
mod out;
mod report;
mod supply;

use out::Out;

use sufficiency::cost::PriceBook;
use sufficiency::geo::Postcodes;
use sufficiency::snapshot::{
    entries, in_care_on, leavers, placement_location, placement_stability, By, Counts, SnapshotOptions,
};
use sufficiency::ssda903::{read_ssda903, Dataset, Severity};
use sufficiency::synth::{synthetic_authority, Profile};

fn print_counts(out: &mut Out, key: &str, title: &str, counts: &Counts) {
    out.put("snapshot", key, &counts.rows);
    let total = counts.total().max(1);
    println!("\n{title}");
    for (key, n) in &counts.rows {
        println!("  {key:<28} {n:>6}  {:>5.1}%", 100.0 * *n as f64 / total as f64);
    }
    println!("  {:<28} {:>6}", "total", counts.total());
}

fn print_reading(out: &mut Out, ds: &Dataset) {
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
    let rows: Vec<_> = ds
        .summary()
        .iter()
        .map(|s| (s.collection_year.to_string(), s.rows_read, s.rows_accepted, s.rows_rejected))
        .collect();
    out.put("reading", "rows_read_accepted_rejected_by_file", rows);
    out.put(
        "reading",
        "issues_by_code",
        by_code.iter().map(|((s, c), n)| (format!("{s} {c}"), n)).collect::<BTreeMap<_, _>>(),
    );
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
    let mut out_dir = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out_dir = args.next().map(std::path::PathBuf::from),
            "--profile" => profile = args.next().unwrap_or_default(),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(0),
            "--la" => la = args.next(),
            _ => paths.push(a),
        }
    }
    let mut out = Out::new(out_dir);
    let (ds, authority, prices) = if paths.is_empty() {
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
        (std::sync::Arc::unwrap_or_clone(la.dataset), code, Some((Some(la.prices), la.supply)))
    } else {
        let (folders, supply) = supply::inputs(&paths);
        match read_ssda903(&folders, None) {
            Ok(ds) => {
                print_reading(&mut out, &ds);
                let supply = match supply {
                    Some(Ok((code, s))) => {
                        la = la.or(code);
                        Some(s)
                    }
                    Some(Err(e)) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                    None => None,
                };
                (ds, la, supply.map(|s| (None, s)))
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
    out.put("snapshot", "on", on);
    out.put("snapshot", "children_episodes_periods", (ds.children().len(), ds.episodes().len(), ds.periods().len()));
    print_counts(
        &mut out,
        "in_care_by_placement_group",
        "By placement group",
        &in_care_on(&ds, on, By::PlacementGroup, &opts),
    );
    print_counts(&mut out, "in_care_by_age_band", "By age band", &in_care_on(&ds, on, By::AgeBand, &opts));
    print_counts(&mut out, "in_care_by_legal_status", "By legal status", &in_care_on(&ds, on, By::LegalStatus, &opts));
    print_counts(&mut out, "in_care_by_provider", "By provider", &in_care_on(&ds, on, By::Provider, &opts));

    let loc = placement_location(&ds, on, authority.as_deref(), &Postcodes::new(), &opts);
    out.put("snapshot", "over_20_miles_share_of_all", loc.over_20_share());
    out.put("snapshot", "over_20_miles_share_of_known", loc.over_20_share_known());
    out.put("snapshot", "outside_authority_share", loc.outside_share());
    out.put("snapshot", "mean_median_miles", (loc.mean_miles, loc.median_miles));
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
        &mut out,
        "entries_by_age_band",
        &format!("Started to be looked after in {last}, by age on entry"),
        &entries(&ds, last.start(), last.end(), By::AgeBand, &opts),
    );
    print_counts(
        &mut out,
        "leavers_by_reason",
        &format!("Ceased to be looked after in {last}, by reason (REC)"),
        &leavers(&ds, last.start(), last.end(), &opts),
    );
    let s = placement_stability(&ds, last, &opts);
    out.put("snapshot", "three_or_more_placements", (s.three_or_more, s.children));
    println!(
        "\nPlacement stability {last}: {} of {} children ({:.1}%) had 3 or more placements in the year",
        s.three_or_more,
        s.children,
        100.0 * s.share()
    );
    let ds = std::sync::Arc::new(ds);
    let projection = demand::print_forecast(&mut out, ds.clone(), last);
    let book = match &prices {
        Some((Some(p), _)) => PriceBook::from_synthetic(p).expect("synthetic prices are valid"),
        _ => PriceBook::national_defaults(),
    };
    if let Some(p) = projection {
        cost::print_costs(&mut out, &ds, &p, &book, last);
    }
    if let Some((_, supply)) = &prices {
        report::print_report(&mut out, &ds, supply, &book.clone().with_default_mix(), on);
    }
    if let Err(e) = out.write() {
        eprintln!("error: could not write the results: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
