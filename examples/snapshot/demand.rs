//! The main job's demand section: a 5-year projection and its backtest.

use std::sync::Arc;

use chrono::Months;
use sufficiency::codes::CollectionYear;
use sufficiency::forecast::{DemandConfig, DemandModel, Projection, Scenario, Window};
use sufficiency::ssda903::Dataset;

use crate::out::Out;

/// The 5-year demand projection from the last 31 March, fitted on the last
/// collection year, and its 12-month backtest.
pub fn print_forecast(out: &mut Out, ds: Arc<Dataset>, last: CollectionYear) -> Option<Projection> {
    let window = Window::new(last.start(), last.end()).expect("a collection year is a window");
    let model = match DemandModel::fit(ds, window, DemandConfig::standard()) {
        Ok(m) => m,
        Err(e) => {
            println!("\nDemand forecast: not possible ({e})");
            return None;
        }
    };
    let p = match model.project(None, 60, &Scenario::base()) {
        Ok(p) => p,
        Err(e) => {
            println!("\nDemand forecast: not possible ({e})");
            return None;
        }
    };
    println!(
        "\nDemand forecast: children in care on 31 March, by placement group (fitted on {} to {}; expected values)",
        window.start.format("%d/%m/%Y"),
        window.end.format("%d/%m/%Y")
    );
    let years: Vec<usize> =
        (0..=5).filter_map(|y| p.day_of(p.start.checked_add_months(Months::new(12 * y))?)).collect();
    for (g, name) in p.states.groups.iter().enumerate() {
        let v: Vec<f64> = years.iter().map(|&t| p.group_total(t, g)).collect();
        out.put("demand", &format!("31_march_{name}"), v);
    }
    out.put("demand", "31_march_dates", years.iter().map(|&t| p.date(t)).collect::<Vec<_>>());
    out.put("demand", "31_march_total", years.iter().map(|&t| p.total(t)).collect::<Vec<_>>());
    let flows = |f: &dyn Fn(usize) -> f64| -> Vec<f64> {
        years.windows(2).map(|w| (w[0] + 1..=w[1]).map(f).sum::<f64>()).collect()
    };
    out.put("demand", "entries_by_year", flows(&|t| p.entries_on(t)));
    out.put("demand", "exits_by_year", flows(&|t| p.exits_on(t)));
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
                    out.put("backtest", &format!("{m} {g}"), (e.mape, e.mean_error));
                    print!(" {:>12.1} ({:>+7.1})", e.mape, e.mean_error);
                }
                println!();
            }
        }
        Err(e) => println!("\nBacktest: not possible ({e})"),
    }
    Some(p)
}
