//! What an intervention saves, and how two futures differ in cost.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::CostError;
use super::forecast::{By, CostForecast, CostKey, CostKind, CostSource};
use super::money::pence;
use super::prices::PriceBook;

/// The cost avoided when `children` children each spend `weeks` fewer weeks
/// in `group` (by not entering care, or by leaving earlier), from `start`:
/// the placements they would have had, priced by the book night by night
/// (so a 1 April uplift part-way is honoured), by financial year.
///
/// The example from `shared/domain/costs-and-commissioning.md` §6 and the
/// cost issue: an edge-of-care service keeps 23 children out of 12 weeks of
/// in-house foster care at £477 a week.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use sufficiency::cost::{cost_avoidance, By, PriceBook, Route};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::from(477));
/// let saved = cost_avoidance(Decimal::from(23), 12, "foster_in_house", d(2024, 6, 3), &book).unwrap();
/// assert_eq!(saved.table(&[]).first().unwrap().amount.to_string(), "131652.00");
/// ```
pub fn cost_avoidance(
    children: Decimal,
    weeks: u32,
    group: &str,
    start: NaiveDate,
    book: &PriceBook,
) -> Result<CostForecast, CostError> {
    book.validate()?;
    let days = weeks as usize * 7;
    let mut out = CostForecast::new(start, days, &book.label);
    let shares = book.shares(group);
    if shares.is_empty() {
        return Err(CostError::NoPrice { group: group.to_string(), date: start });
    }
    for (route, share) in shares {
        let line = out.line(CostKey {
            group: group.to_string(),
            route,
            provider: None,
            kind: CostKind::Placement,
            source: CostSource::Forecast,
        });
        for d in 0..days {
            let date = out.date(d);
            let Some(w) = book.weekly(group, route, None, date) else {
                return Err(CostError::NoPrice { group: group.to_string(), date });
            };
            out.price_nights[line][d] += children * share * w;
        }
    }
    Ok(out)
}

/// One financial year of a comparison of two costings.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::{compare_costs, cost_avoidance};
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_agency", Route::Framework, d(2025, 4, 1), Decimal::from(1_000));
/// // Two children with an agency for a week in 2025-26, against one.
/// let two = cost_avoidance(Decimal::from(2), 1, "foster_agency", d(2025, 6, 2), &book).unwrap();
/// let one = cost_avoidance(Decimal::ONE, 1, "foster_agency", d(2025, 6, 2), &book).unwrap();
/// let diff = &compare_costs(&two, &one)[0];
/// assert_eq!(diff.financial_year, "2025-26");
/// assert_eq!((diff.base, diff.alternative, diff.difference), (Decimal::from(2_000), Decimal::from(1_000), Decimal::from(-1_000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// `2025-26`.
    pub financial_year: String,
    /// The base case (pence).
    pub base: Decimal,
    /// The alternative (pence).
    pub alternative: Decimal,
    /// Alternative − base (pence, from the exact amounts): negative is a saving.
    pub difference: Decimal,
}

/// Costs of `alternative` against `base`, by financial year — e.g. a
/// scenario's projection against the base projection.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::{compare_costs, cost_avoidance};
/// let mut book = PriceBook::new("example");
/// book.add_price("childrens_home_external", Route::Spot, d(2025, 4, 1), Decimal::from(7_000));
/// // A fortnight from 24 March 2026 straddles 1 April: 8 nights in 2025-26, 6 in 2026-27.
/// let base = cost_avoidance(Decimal::ONE, 2, "childrens_home_external", d(2026, 3, 24), &book).unwrap();
/// let none = cost_avoidance(Decimal::ZERO, 2, "childrens_home_external", d(2026, 3, 24), &book).unwrap();
/// let years: Vec<(String, Decimal)> = compare_costs(&base, &none).into_iter().map(|y| (y.financial_year, y.difference)).collect();
/// assert_eq!(years, [("2025-26".to_string(), Decimal::from(-8_000)), ("2026-27".to_string(), Decimal::from(-6_000))]);
/// ```
pub fn compare_costs(base: &CostForecast, alternative: &CostForecast) -> Vec<Difference> {
    let b = base.table(&[By::FinancialYear]);
    let a = alternative.table(&[By::FinancialYear]);
    let mut years: Vec<String> = b.iter().chain(&a).map(|r| r.keys[0].clone()).collect();
    years.sort();
    years.dedup();
    years
        .into_iter()
        .map(|fy| {
            let get =
                |t: &[super::forecast::CostRow]| t.iter().find(|r| r.keys[0] == fy).map_or(Decimal::ZERO, |r| r.exact);
            let (x, y) = (get(&b), get(&a));
            Difference { financial_year: fy, base: pence(x), alternative: pence(y), difference: pence(y - x) }
        })
        .collect()
}
