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
