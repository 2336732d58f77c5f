//! Default weekly prices for a synthetic authority, by placement group and
//! commissioning route, effective each 1 April.
//!
//! These are **national averages and assumptions for synthetic data**, to be
//! replaced by a council's own prices: the 2024-25 figures are the midpoints
//! of `shared/domain/costs-and-commissioning.md` §12, and earlier years are
//! deflated at 5.5% a year (the midpoint of the 4–7% inflation it gives).

use chrono::NaiveDate;
use rust_decimal::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::CollectionYear;

/// A weekly price for placements in one group bought by one route, from a date.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::synth::default_prices;
/// let y = |e| CollectionYear::new(e).unwrap();
/// let prices = default_prices(y(2021), y(2025));
/// let ifa = prices.iter().find(|p| p.group == "foster_agency" && p.route == "framework" && p.effective_from == y(2025).start()).unwrap();
/// assert_eq!(ifa.weekly.to_string(), "1000.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyPrice {
    /// The standard placement group.
    pub group: String,
    /// The commissioning route: `in_house`, `block`, `framework`, `dps` or `spot`.
    pub route: String,
    /// The first day the price applies (1 April).
    pub effective_from: NaiveDate,
    /// Pounds a week.
    pub weekly: Decimal,
    /// Where the figure comes from.
    pub basis: String,
}

/// (group, route, 2024-25 £ a week, basis).
const PRICES_2024_25: &[(&str, &str, i64, &str)] = &[
    ("foster_kinship", "in_house", 325, "costs §12: kinship foster 250–400"),
    ("foster_in_house", "in_house", 575, "costs §12: in-house foster 500–650"),
    ("foster_agency", "framework", 1_000, "costs §12: IFA 900–1,100"),
    ("foster_agency", "spot", 1_100, "costs §12: IFA, top of range"),
    ("childrens_home_in_house", "in_house", 5_750, "costs §12: in-house children's home 4,500–7,000"),
    ("childrens_home_external", "block", 6_100, "costs §12: county average £6,108 (2024)"),
    ("childrens_home_external", "framework", 6_750, "costs §12: external children's home 5,500–8,000"),
    ("childrens_home_external", "spot", 8_000, "costs §12: external children's home, top of range"),
    ("secure", "in_house", 8_500, "costs §12: secure ~7,000–10,000 (unsourced assumption)"),
    ("supported", "framework", 1_200, "costs §12: supported accommodation 600–1,800"),
    ("supported", "spot", 1_800, "costs §12: supported accommodation, top of range"),
    ("temporary", "in_house", 575, "assumption: priced as in-house foster care"),
    ("residential_other", "spot", 4_000, "assumption: not in the domain notes"),
    ("adoption", "in_house", 250, "assumption: adoption allowance, not in the domain notes"),
    ("with_parents", "in_house", 0, "assumption: no placement fee; support costs not modelled"),
    ("other", "spot", 1_000, "assumption: not in the domain notes"),
];

/// Annual inflation used to deflate earlier years (costs §12: 4–7% a year).
fn inflation() -> Decimal {
    Decimal::new(1055, 3)
}

/// Prices for every financial year from `first` to `last`, each effective on its 1 April.
///
/// ```
/// use rust_decimal::Decimal;
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::synth::default_prices;
/// let y = |end| CollectionYear::new(end).unwrap();
/// let prices = default_prices(y(2024), y(2025));
/// let in_house = |year: CollectionYear| prices.iter().find(|p| p.group == "foster_in_house" && p.effective_from == year.start()).unwrap().weekly;
/// assert_eq!(in_house(y(2025)), Decimal::from(575)); // the §12 midpoint of £500-650
/// assert_eq!(in_house(y(2024)), Decimal::new(545_02, 2)); // 575 / 1.055, to the penny
/// ```
pub fn default_prices(first: CollectionYear, last: CollectionYear) -> Vec<WeeklyPrice> {
    let mut out = Vec::new();
    for end in first.end_year()..=last.end_year() {
        let year = CollectionYear::new(end).expect("years in range");
        let steps = 2025 - i64::from(end);
        for (group, route, base, basis) in PRICES_2024_25 {
            let mut price = Decimal::from(*base);
            for _ in 0..steps.max(0) {
                price /= inflation();
            }
            for _ in 0..(-steps).max(0) {
                price *= inflation();
            }
            let mut weekly = price.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
            weekly.rescale(2);
            out.push(WeeklyPrice {
                group: group.to_string(),
                route: route.to_string(),
                effective_from: year.start(),
                weekly,
                basis: basis.to_string(),
            });
        }
    }
    out
}
