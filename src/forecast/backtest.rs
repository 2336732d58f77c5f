//! Backtests: fit on the past, project to the present, compare with what happened.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How far one method's forecast was from what happened, for one group (or `"total"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestError {
    /// `"model"`, `"flat"` (the stock at the origin, held) or `"linear"`
    /// (a least-squares line through the window's daily stock).
    pub method: String,
    /// The group, or `"total"`.
    pub placement_group: String,
    /// Mean absolute percentage error over the month-end points, in percent
    /// (points with no children actually there are skipped).
    pub mape: f64,
    /// Mean signed error in children (forecast − actual): positive is over-forecast.
    pub mean_error: f64,
    /// Mean signed percentage error, in percent.
    pub mean_pct_error: f64,
    /// Forecast − actual at the last point, in children.
    pub final_error: f64,
}

/// A backtest: the model refitted on a window ending `months` before the
/// reference window did, projected forward, and compared month by month with
/// the children actually in care — next to two naive baselines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// The night the backtest projects from.
    pub origin: NaiveDate,
    /// Months projected.
    pub months: u32,
    /// The window the backtest's model learned from.
    pub window: super::Window,
    /// The groups, in order.
    pub groups: Vec<String>,
    /// The month-end nights compared (origin + 1 month, …, origin + `months`).
    pub points: Vec<NaiveDate>,
    /// Children actually in care, `[point][group]`.
    pub actual: Vec<f64>,
    /// Each method's forecast, `[point][group]`, in the order model, flat, linear.
    pub forecasts: Vec<(String, Vec<f64>)>,
    /// Errors per method and group, `"total"` last within each method.
    pub errors: Vec<BacktestError>,
}

impl Backtest {
    pub(crate) fn assemble(
        origin: NaiveDate,
        months: u32,
        window: super::Window,
        groups: Vec<String>,
        points: Vec<NaiveDate>,
        actual: Vec<f64>,
        forecasts: Vec<(String, Vec<f64>)>,
    ) -> Backtest {
        let ng = groups.len();
        let mut errors = Vec::new();
        for (method, f) in &forecasts {
            for g in 0..=ng {
                let series = |v: &Vec<f64>, p: usize| {
                    if g < ng {
                        v[p * ng + g]
                    } else {
                        v[p * ng..(p + 1) * ng].iter().sum()
                    }
                };
                let pairs: Vec<(f64, f64)> = (0..points.len()).map(|p| (series(f, p), series(&actual, p))).collect();
                errors.push(error_row(method, if g < ng { &groups[g] } else { "total" }, &pairs));
            }
        }
        Backtest { origin, months, window, groups, points, actual, forecasts, errors }
    }

    /// The error row for a method and group (`"total"` for all children).
    pub fn error(&self, method: &str, group: &str) -> Option<&BacktestError> {
        self.errors.iter().find(|e| e.method == method && e.placement_group == group)
    }
}

/// Errors of (forecast, actual) pairs.
///
/// ```
/// # // The arithmetic on a toy case, worked by hand:
/// # // pairs (110, 100), (90, 100): MAPE = (10% + 10%) / 2 = 10%, mean error 0, final -10.
/// use sufficiency::forecast::backtest_error;
/// let e = backtest_error("model", "total", &[(110.0, 100.0), (90.0, 100.0)]);
/// assert_eq!((e.mape, e.mean_error, e.mean_pct_error, e.final_error), (10.0, 0.0, 0.0, -10.0));
/// ```
pub fn backtest_error(method: &str, group: &str, pairs: &[(f64, f64)]) -> BacktestError {
    error_row(method, group, pairs)
}

fn error_row(method: &str, group: &str, pairs: &[(f64, f64)]) -> BacktestError {
    let pct: Vec<f64> = pairs.iter().filter(|(_, a)| *a > 0.0).map(|(f, a)| (f - a) / a * 100.0).collect();
    let n = pairs.len().max(1) as f64;
    let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    BacktestError {
        method: method.to_string(),
        placement_group: group.to_string(),
        mape: mean(&pct.iter().map(|p| p.abs()).collect::<Vec<_>>()),
        mean_error: pairs.iter().map(|(f, a)| f - a).sum::<f64>() / n,
        mean_pct_error: mean(&pct),
        final_error: pairs.last().map_or(0.0, |(f, a)| f - a),
    }
}
