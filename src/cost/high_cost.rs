//! Very high-cost placements: how many, and what share of spend they take.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::ChildId;
use crate::ssda903::Dataset;

use super::engine::{ActualCost, CostOptions};
use super::error::CostError;
use super::money::{accrued, pence};
use super::prices::PriceBook;

/// One placement's weekly cost and spend in a period.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{high_cost_placements, CostOptions, HighCostQuery, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![
/// #     vec!["C1", "01/04/2025", "S", "C2", "N1", "K2", "PR4", "", ""],
/// #     vec!["C2", "01/04/2025", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("childrens_home_external", Route::Spot, d(2025, 4, 1), Decimal::from(12_000))
/// #     .add_price("foster_agency", Route::Spot, d(2025, 4, 1), Decimal::from(1_000));
/// # let (from, to) = (d(2025, 4, 1), d(2025, 4, 29));
/// # let hc = high_cost_placements(&ds, from, to, &book, &[], &CostOptions::default(), &HighCostQuery::default()).unwrap();
/// // `hc` covers four weeks from 1 April 2025: C1 in a £12,000-a-week spot
/// // children's home placement, C2 with a £1,000-a-week agency foster carer.
/// let top = &hc.top[0]; // the costliest placement first
/// assert_eq!((top.child.as_str(), top.group.as_str()), ("C1", "childrens_home_external"));
/// assert_eq!((top.weekly, top.spend), (Decimal::from(12_000), Decimal::from(48_000))); // four weeks
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementCost {
    /// The child.
    pub child: String,
    /// The episode's start.
    pub start: NaiveDate,
    /// The placement group.
    pub group: String,
    /// Pounds a week (the finance record's, or the book's mix-weighted price on the first night).
    pub weekly: Decimal,
    /// Spend on the period's nights (pence).
    pub spend: Decimal,
}

/// High-cost placements in a period (`shared/domain/costs-and-commissioning.md` §5:
/// 1,510 placements at £10,000+ a week in 2022-23).
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{high_cost_placements, CostOptions, HighCostQuery, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![
/// #     vec!["C1", "01/04/2025", "S", "C2", "N1", "K2", "PR4", "", ""],
/// #     vec!["C2", "01/04/2025", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("childrens_home_external", Route::Spot, d(2025, 4, 1), Decimal::from(12_000))
/// #     .add_price("foster_agency", Route::Spot, d(2025, 4, 1), Decimal::from(1_000));
/// # let (from, to) = (d(2025, 4, 1), d(2025, 4, 29));
/// # let hc = high_cost_placements(&ds, from, to, &book, &[], &CostOptions::default(), &HighCostQuery::default()).unwrap();
/// // `hc` covers four weeks from 1 April 2025: C1 in a £12,000-a-week spot
/// // children's home placement, C2 with a £1,000-a-week agency foster carer.
/// assert_eq!((hc.placements, hc.all_placements), (1, 2));
/// // £48,000 of the £52,000 spent: 12 / 13 = 0.9231 to 4 dp.
/// assert_eq!(hc.spend_share, Decimal::new(9231, 4));
/// assert_eq!(hc.top_share, Decimal::ONE); // both placements are in the top 10
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighCost {
    /// The weekly threshold.
    pub threshold: Decimal,
    /// Placements in the period at or above it.
    pub placements: usize,
    /// All placements in the period.
    pub all_placements: usize,
    /// Their share of spend (0–1, to 4 dp).
    pub spend_share: Decimal,
    /// The top placements' share of spend (0–1, to 4 dp).
    pub top_share: Decimal,
    /// The top placements by spend, largest first.
    pub top: Vec<PlacementCost>,
}

/// What counts as high-cost, and how many of the costliest placements to list.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{high_cost_placements, CostOptions, HighCostQuery, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![
/// #     vec!["C1", "01/04/2025", "S", "C2", "N1", "K2", "PR4", "", ""],
/// #     vec!["C2", "01/04/2025", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("childrens_home_external", Route::Spot, d(2025, 4, 1), Decimal::from(12_000))
/// #     .add_price("foster_agency", Route::Spot, d(2025, 4, 1), Decimal::from(1_000));
/// # let (from, to) = (d(2025, 4, 1), d(2025, 4, 29));
/// # let hc = high_cost_placements(&ds, from, to, &book, &[], &CostOptions::default(), &HighCostQuery::default()).unwrap();
/// // `hc` covers four weeks from 1 April 2025: C1 in a £12,000-a-week spot
/// // children's home placement, C2 with a £1,000-a-week agency foster carer.
/// // Count placements at £1,000+ a week, and list only the costliest one.
/// let query = HighCostQuery { threshold: Decimal::from(1_000), top_n: 1 };
/// let hc = high_cost_placements(&ds, from, to, &book, &[], &CostOptions::default(), &query).unwrap();
/// assert_eq!((hc.placements, hc.top.len()), (2, 1));
/// assert_eq!(hc.top_share, Decimal::new(9231, 4)); // C1's 12 / 13 of spend
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighCostQuery {
    /// Pounds a week at or above which a placement is high-cost (default £10,000).
    pub threshold: Decimal,
    /// How many of the costliest placements to list (default 10, as strategies track).
    pub top_n: usize,
}

impl Default for HighCostQuery {
    fn default() -> Self {
        HighCostQuery { threshold: Decimal::from(10_000), top_n: 10 }
    }
}

/// Placements costing at least `query.threshold` a week on the nights
/// `from..to`, and the `query.top_n` costliest placements' share of spend.
/// Blocks are not apportioned: each placement is priced at its own weekly cost.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{high_cost_placements, CostOptions, HighCostQuery, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![
/// #     vec!["C1", "01/04/2025", "S", "C2", "N1", "K2", "PR4", "", ""],
/// #     vec!["C2", "01/04/2025", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("childrens_home_external", Route::Spot, d(2025, 4, 1), Decimal::from(12_000))
/// #     .add_price("foster_agency", Route::Spot, d(2025, 4, 1), Decimal::from(1_000));
/// # let (from, to) = (d(2025, 4, 1), d(2025, 4, 29));
/// # let hc = high_cost_placements(&ds, from, to, &book, &[], &CostOptions::default(), &HighCostQuery::default()).unwrap();
/// // `hc` covers four weeks from 1 April 2025: C1 in a £12,000-a-week spot
/// // children's home placement, C2 with a £1,000-a-week agency foster carer.
/// use sufficiency::cost::ActualCost;
/// // The finance system says C2's placement really costs £10,500 a week.
/// let record = ActualCost { child: "C2".into(), episode_start: d(2025, 4, 1), weekly: Decimal::from(10_500), route: Route::Spot, provider: None };
/// let hc = high_cost_placements(&ds, from, to, &book, &[record], &CostOptions::default(), &HighCostQuery::default()).unwrap();
/// assert_eq!(hc.placements, 2);
/// assert!(high_cost_placements(&ds, to, from, &book, &[], &CostOptions::default(), &HighCostQuery::default()).is_err());
/// ```
pub fn high_cost_placements(
    ds: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    book: &PriceBook,
    actual: &[ActualCost],
    opts: &CostOptions,
    query: &HighCostQuery,
) -> Result<HighCost, CostError> {
    let (threshold, top_n) = (query.threshold, query.top_n);
    if to <= from {
        return Err(CostError::EmptyPeriod { from, to });
    }
    let by_key: std::collections::HashMap<(ChildId, NaiveDate), &ActualCost> =
        actual.iter().map(|a| ((ChildId::new(&a.child), a.episode_start), a)).collect();
    let mut rows: Vec<(PlacementCost, Decimal)> = Vec::new();
    for e in ds.episodes() {
        let Some((lo, hi)) = opts.nights(e, from, to) else { continue };
        let Some(group) = opts.groups.group_of(e.place, e.provider) else { continue };
        let nights = Decimal::from((hi - lo).num_days());
        let (weekly, price_nights) = match by_key.get(&(e.child.clone(), e.start)) {
            Some(a) => (a.weekly, a.weekly * nights),
            None => {
                let at = |d: NaiveDate| -> Option<Decimal> {
                    let shares = book.shares(group);
                    if shares.is_empty() {
                        return None;
                    }
                    shares.iter().map(|(r, s)| book.weekly(group, *r, None, d).map(|w| w * s)).sum()
                };
                let Some(first) = at(lo) else { continue };
                let mut pn = Decimal::ZERO;
                let mut d = lo;
                while d < hi {
                    pn += at(d).unwrap_or(Decimal::ZERO);
                    d = d.succ_opt().expect("date in range");
                }
                (first, pn)
            }
        };
        let spend = accrued(price_nights);
        rows.push((
            PlacementCost {
                child: e.child.to_string(),
                start: e.start,
                group: group.to_string(),
                weekly,
                spend: pence(spend),
            },
            spend,
        ));
    }
    let total: Decimal = rows.iter().map(|r| r.1).sum();
    let share = |x: Decimal| if total.is_zero() { Decimal::ZERO } else { (x / total).round_dp(4) };
    let high: Decimal = rows.iter().filter(|r| r.0.weekly >= threshold).map(|r| r.1).sum();
    let placements = rows.iter().filter(|r| r.0.weekly >= threshold).count();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.child.cmp(&b.0.child)));
    let top_spend: Decimal = rows.iter().take(top_n).map(|r| r.1).sum();
    Ok(HighCost {
        threshold,
        placements,
        all_placements: rows.len(),
        spend_share: share(high),
        top_share: share(top_spend),
        top: rows.into_iter().take(top_n).map(|r| r.0).collect(),
    })
}
