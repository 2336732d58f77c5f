//! The main job's cost section: spend last year, the 5-year cost of the
//! projection by financial year, and a mid-year outturn against a budget.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sufficiency::codes::CollectionYear;
use sufficiency::cost::{cost_episodes, cost_projection, pence, By, CostForecast, CostOptions, PriceBook};
use sufficiency::forecast::{DemandConfig, DemandModel, Projection, Scenario, Window};
use sufficiency::ssda903::Dataset;

use crate::out::Out;

/// £ with thousands separators, to the penny.
fn pounds(x: Decimal) -> String {
    let s = pence(x).to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{frac}")
}

fn print_table(out: &mut Out, key: &str, f: &CostForecast) {
    let rows = f.table(&[By::PlacementGroup, By::FinancialYear]);
    let exact: Vec<_> = rows.iter().map(|r| (r.keys.join(" "), pence(r.exact))).collect();
    out.put("costs", key, exact);
    let mut years: Vec<String> = rows.iter().map(|r| r.keys[1].clone()).collect();
    years.sort();
    years.dedup();
    let mut groups: Vec<String> = Vec::new();
    for r in &rows {
        if !groups.contains(&r.keys[0]) {
            groups.push(r.keys[0].clone());
        }
    }
    print!("  {:<26}", "");
    for y in &years {
        print!(" {y:>16}");
    }
    println!();
    for g in &groups {
        print!("  {g:<26}");
        for y in &years {
            let v = rows.iter().find(|r| r.keys[0] == *g && r.keys[1] == *y).map_or(Decimal::ZERO, |r| r.exact);
            print!(" {:>16}", pounds(v));
        }
        println!();
    }
    print!("  {:<26}", "total");
    for y in &years {
        let v: Decimal = rows.iter().filter(|r| r.keys[1] == *y).map(|r| r.exact).sum();
        print!(" {:>16}", pounds(v));
    }
    println!();
}

pub fn print_costs(
    out: &mut Out,
    ds: &std::sync::Arc<Dataset>,
    projection: &Projection,
    book: &PriceBook,
    last: CollectionYear,
) {
    println!("\nPrices: {}", book.label);
    let opts = CostOptions::default();
    let next_day = |d: NaiveDate| d.succ_opt().expect("date in range");
    let spent = match cost_episodes(ds, last.start(), next_day(last.end()), book, &[], &opts) {
        Ok(f) => f,
        Err(e) => {
            println!("Costs: not possible ({e})");
            return;
        }
    };
    println!("\nSpend on placements in {last} (book prices; accrual: weekly price ÷ 7 a night)");
    print_table(out, "spent_last_year", &spent);
    if !spent.issues.is_empty() {
        println!("  ({} placements could not be priced; see the issues)", spent.issues.len());
    }
    match cost_projection(projection, book) {
        Ok(f) => {
            println!("\nForecast cost of the 5-year projection, by financial year");
            print_table(out, "forecast", &f);
        }
        Err(e) => println!("\nForecast cost: not possible ({e})"),
    }
    // Mid-year outturn: as a finance team would have seen it on 30 September.
    let mid = NaiveDate::from_ymd_opt(last.end().year_ce_start(), 9, 30).expect("30 September exists");
    let fy_start = last.start();
    let window = Window::new(fy_start - chrono::Duration::days(183), mid).expect("window");
    let Ok(model) = DemandModel::fit(ds.clone(), window, DemandConfig::standard()) else {
        println!("\nMid-year outturn: not possible (the data do not cover the 12 months to {mid})");
        return;
    };
    let Ok(rest) = model.project(Some(mid), 6, &Scenario::base()) else { return };
    let (Ok(to_date), Ok(forecast)) =
        (cost_episodes(ds, fy_start, next_day(mid), book, &[], &opts), cost_projection(&rest, book))
    else {
        return;
    };
    let outturn = to_date.join(&forecast);
    // The stated budget: the previous year's spend plus 3%, to the nearest £1,000.
    let previous = CollectionYear::new(last.end_year() - 1)
        .ok()
        .and_then(|y| cost_episodes(ds, y.start(), y.start() + chrono::Duration::days(365), book, &[], &opts).ok());
    let Some(previous) = previous else { return };
    if !previous.issues.is_empty() || previous.total().is_zero() {
        println!(
            "\nMid-year outturn: no stated budget ({} placements in {} could not be priced with this price book)",
            previous.issues.len(),
            sufficiency::cost::financial_year(previous.from)
        );
        return;
    }
    let budget = (previous.total() * Decimal::new(103, 2) / Decimal::from(1000)).round() * Decimal::from(1000);
    let fy = sufficiency::cost::financial_year(mid);
    let p = &outturn.pressure(&[(fy.clone(), budget)])[0];
    println!(
        "\nForecast outturn {fy} as at {}: actual to date + projection for the rest of the year",
        mid.format("%d/%m/%Y")
    );
    out.put("costs", "outturn", p);
    let line = |label: String, v: Decimal| println!("  {label:<38} {:>16}", pounds(v));
    line(format!("actual, 1 April to {}", mid.format("%-d %B")), p.actual);
    line("forecast, to 31 March".into(), p.forecast);
    line("forecast outturn".into(), p.outturn);
    line(format!("budget (stated: {} spend + 3%)", sufficiency::cost::financial_year(previous.from)), p.budget);
    line("pressure (outturn − budget)".into(), p.pressure);
    println!("  {:<38} {:>15}%", "pressure, share of budget", p.pressure_pct.map_or("n/a".into(), |x| x.to_string()));
    println!("  (the year's actual spend, for comparison: {})", pounds(spent.total()));
}

trait YearStart {
    fn year_ce_start(&self) -> i32;
}

impl YearStart for NaiveDate {
    /// The calendar year the financial year ending on this 31 March began in.
    fn year_ce_start(&self) -> i32 {
        use chrono::Datelike;
        self.year() - 1
    }
}
