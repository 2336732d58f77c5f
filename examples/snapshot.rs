//! The main job: read one or more SSDA903 returns and print what an analyst
//! checks first — what was read, what was wrong with it, and who was in care
//! where on the last 31 March.
//!
//! ```text
//! cargo run --release --example snapshot                      # the shipped sample
//! cargo run --release --example snapshot -- path/to/returns   # your own returns (one folder per year)
//! ```
//!
//! Exits non-zero if the returns cannot be read at all.

use std::collections::BTreeMap;
use std::process::ExitCode;

use sufficiency::snapshot::{entries, in_care_on, leavers, placement_stability, By, Counts, SnapshotOptions};
use sufficiency::ssda903::{read_ssda903, Severity};

fn print_counts(title: &str, counts: &Counts) {
    let total = counts.total().max(1);
    println!("\n{title}");
    for (key, n) in &counts.rows {
        println!("  {key:<28} {n:>6}  {:>5.1}%", 100.0 * *n as f64 / total as f64);
    }
    println!("  {:<28} {:>6}", "total", counts.total());
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let paths = if args.is_empty() { vec!["examples/data/sample".to_string()] } else { args };
    let ds = match read_ssda903(&paths, None) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let years = ds.collection_years();
    println!("SSDA903 returns read: {}", years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "));
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
    ExitCode::SUCCESS
}
