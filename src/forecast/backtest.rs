//! Backtests: fit on the past, project to the present, compare with what happened.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How far one method's forecast was from what happened, for one group (or `"total"`).
///
/// ```
/// use sufficiency::forecast::backtest_error;
/// // Forecasts of 105 and 96 against 100 actual each month.
/// let e = backtest_error("flat", "total", &[(105.0, 100.0), (96.0, 100.0)]);
/// assert_eq!(e.mape, 4.5); // (5% + 4%) / 2
/// assert_eq!(e.mean_error, 0.5); // (5 − 4) / 2 children
/// assert_eq!(e.final_error, -4.0);
/// ```
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
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
/// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("episodes", &cols, vec![
/// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
/// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
/// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
/// # let states = &model.rates.states;
/// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
/// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
/// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
/// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
/// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
/// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
/// // A 2024/25 return only covers nights from 1 April 2024, so to rewind three
/// // months the model must learn from July onwards.
/// let recent = DemandModel::fit(model.dataset().clone(), Window::new(d(2024, 7, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
/// let bt = recent.backtest(3).unwrap();
/// // Refitted on 1 April - 31 December 2024 and run on from 31 December.
/// assert_eq!(bt.window, Window::new(d(2024, 4, 1), d(2024, 12, 31)).unwrap());
/// assert_eq!(bt.forecasts.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(), ["model", "flat", "linear"]);
/// // C1 and C3 were in care at each month end.
/// assert_eq!(bt.actual.chunks(bt.groups.len()).map(|p| p.iter().sum::<f64>()).collect::<Vec<_>>(), [2.0; 3]);
/// ```
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
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // A 2024/25 return only covers nights from 1 April 2024, so to rewind three
    /// // months the model must learn from July onwards.
    /// let recent = DemandModel::fit(model.dataset().clone(), Window::new(d(2024, 7, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let bt = recent.backtest(3).unwrap();
    /// // The flat baseline holds 31 December's two children, which was exactly right.
    /// assert_eq!(bt.error("flat", "foster_agency").unwrap().final_error, 0.0);
    /// assert!(bt.error("flat", "FOSTERING").is_none()); // not a group of this model
    /// ```
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
