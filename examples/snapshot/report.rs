//! The main job's last part: the sufficiency report of the synthetic
//! authority — measures, the largest gaps, the matching's second-best rate,
//! and the three places where one more place saves most.

use chrono::NaiveDate;
use sufficiency::cost::PriceBook;
use sufficiency::geo::Postcodes;
use sufficiency::model::Supply;
use sufficiency::ssda903::Dataset;
use sufficiency::sufficiency::{assess, metrics, MetricsInputs, Need, Policy};

use crate::out::Out;

pub fn print_report(out: &mut Out, ds: &Dataset, supply: &Supply, book: &PriceBook, on: NaiveDate) {
    let postcodes = Postcodes::new();
    let inputs =
        MetricsInputs { supply: Some(supply), prices: Some(book), postcodes: Some(&postcodes), ..Default::default() };
    let m = metrics(ds, on, None, inputs);
    let need = Need::in_care(ds, on, Some(supply));
    let r = assess(&need, supply, Some(m.clone()), &Policy::default(), &postcodes, Some(book));
    out.put("sufficiency", "metrics", &m);
    out.put("sufficiency", "gaps", &r.gaps);
    out.put("sufficiency", "matching", &r.matching.placements);
    out.put("sufficiency", "marginal", &r.marginal);
    let pct = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{:.1}%", 100.0 * v));
    println!(
        "\nSufficiency on {} (supply: {} settings, {} providers)",
        on.format("%d/%m/%Y"),
        supply.settings.len(),
        supply.providers.len()
    );
    println!("  family-based                         {:>7}", pct(m.family_based_share()));
    println!("  placed by the authority itself (PR1) {:>7}", pct(m.in_house_share()));
    println!(
        "  in-house homes occupied              {:>7} of {} places",
        pct(m.home_occupancy()),
        m.in_house_home_places
    );
    println!(
        "  in-house foster places filled        {:>7} of {} places",
        pct(m.foster_occupancy()),
        m.in_house_foster_places
    );
    println!(
        "  other authorities' children placed in {}, own children placed out {}: net {} ({})",
        m.placed_in_by_others,
        m.placed_out,
        m.net_placements(),
        if m.net_placements() >= 0 { "net in-placer" } else { "net out-placer" }
    );
    for (route, share) in m.spend_shares() {
        println!(
            "  spend {} to date by {:<10}      {:>7}",
            sufficiency::cost::financial_year(on),
            route.label(),
            pct(Some(share))
        );
    }
    let mut gaps: Vec<_> = r.gaps.iter().filter(|g| g.gap() > 0).collect();
    gaps.sort_by(|a, b| b.gap().cmp(&a.gap()).then(a.area.cmp(&b.area)));
    println!("\n  Largest gaps (need vs local supply, type x age x authority):");
    if gaps.is_empty() {
        println!("    none");
    }
    for g in gaps.iter().take(5) {
        println!(
            "    {:<12} {:<6} {:<10} need {:>3}, open {:>3}, filled by others {:>3}: gap {:>3} ({})",
            g.placement_type.label(),
            g.age_band,
            g.area,
            g.need,
            g.open,
            g.occupied_by_others,
            g.gap(),
            g.class().label()
        );
    }
    let mt = &r.matching;
    println!(
        "\n  Re-placing the {} children from scratch: {} placed, {} unmet; right type {}, within 20 miles {}, second-best {}; £{} a week",
        mt.placements.len(),
        mt.placed(),
        mt.unmet(),
        pct(mt.right_type_share()),
        pct(mt.within_20_share()),
        pct(mt.second_best_share()),
        mt.weekly_cost()
    );
    println!(
        "  ({} children need no commissioned place: with kin, parents, adopters or elsewhere)",
        need.not_assessed.len()
    );
    println!("\n  Where one more in-house place saves most (exact; re-solved):");
    for v in r.marginal.iter().take(3) {
        println!(
            "    {:<12} in {:<5} saves £{:>6} a week-equivalent: price £{:+}, miles beyond 20 {:+.1}, second-best {:+}, placed {:+}",
            v.placement_type.label(),
            v.area,
            v.saving,
            v.weekly_cost_change.unwrap_or_default(),
            v.miles_beyond_radius_change.unwrap_or(0.0),
            v.second_best_change.unwrap_or(0),
            v.placed_change.unwrap_or(0)
        );
    }
}
