//! The demand model: a dataset, a configuration and the rates fitted to a window.

use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ssda903::Dataset;

use super::backtest::Backtest;
use super::config::DemandConfig;
use super::error::ForecastError;
use super::estimate::{least_squares, Rates, Window};
use super::history::{band_on, History, States};
use super::project::{project, Member};
use super::projection::Projection;
use super::scenario::Scenario;
use super::stock::daily_stock;

/// A demand model fitted to a dataset over a reference window.
///
/// ```
/// use std::sync::Arc;
/// use chrono::NaiveDate;
/// use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 3).unwrap();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let window = Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap();
/// let model = DemandModel::fit(la.dataset.clone(), window, DemandConfig::standard()).unwrap();
/// let base = model.project(None, 12, &Scenario::base()).unwrap();
/// assert_eq!(base.date(base.days), d(2026, 3, 31));
/// // Every day, children are conserved.
/// for t in 1..=base.days {
///     let change = base.total(t) - base.total(t - 1);
///     assert!((change - (base.entries_on(t) - base.exits_on(t))).abs() < 1e-9);
/// }
/// let more = model.project(None, 12, &Scenario::new("more").entries_times(1.5)).unwrap();
/// assert!(more.total(more.days) > base.total(base.days));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemandModel {
    /// The configuration.
    pub config: DemandConfig,
    /// The fitted rates.
    pub rates: Rates,
    dataset: Arc<Dataset>,
    /// The dataset seen through the configuration, built once on first use.
    #[serde(skip)]
    history: std::sync::OnceLock<Arc<History>>,
}

impl PartialEq for DemandModel {
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config && self.rates == other.rates && self.dataset == other.dataset
    }
}

/// Children in each state on each night of a range: the historic stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    /// The states.
    pub states: States,
    /// The first night.
    pub from: NaiveDate,
    /// `[night][band][group]`.
    pub counts: Vec<f64>,
}

impl Stock {
    /// Nights covered.
    pub fn nights(&self) -> usize {
        self.counts.len() / self.states.len().max(1)
    }
    /// Children in (`band`, `group`) on night `i` after `from`.
    pub fn get(&self, i: usize, band: usize, group: usize) -> f64 {
        self.counts[i * self.states.len() + self.states.index(band, group)]
    }
    /// All children on night `i`.
    pub fn total(&self, i: usize) -> f64 {
        let n = self.states.len();
        self.counts[i * n..(i + 1) * n].iter().sum()
    }
}

impl DemandModel {
    /// Fits rates to `dataset` over `reference` under `config`.
    pub fn fit(
        dataset: impl Into<Arc<Dataset>>,
        reference: Window,
        config: DemandConfig,
    ) -> Result<DemandModel, ForecastError> {
        let dataset = dataset.into();
        let history = Arc::new(History::build(&dataset, &config));
        let rates = Rates::from_history(&history, reference, &config)?;
        Ok(DemandModel { config, rates, dataset, history: history.into() })
    }

    fn history(&self) -> &Arc<History> {
        self.history.get_or_init(|| Arc::new(History::build(&self.dataset, &self.config)))
    }

    /// The rates a scenario implies (its move and exit changes applied).
    pub fn rates_under(&self, scenario: &Scenario) -> Result<Rates, ForecastError> {
        scenario.apply(&self.rates)
    }

    /// The dataset the model was fitted to.
    pub fn dataset(&self) -> &Arc<Dataset> {
        &self.dataset
    }

    /// The reference window.
    pub fn reference(&self) -> Window {
        self.rates.window
    }

    /// The historic stock per state on each night `from..=to`, under the model's configuration.
    pub fn stock(&self, from: NaiveDate, to: NaiveDate) -> Stock {
        let history = self.history();
        Stock { counts: daily_stock(history, &self.config, from, to), states: history.states.clone(), from }
    }

    /// Projects the children in care on the night of `start` (default: the
    /// reference window's last day) forward `months` months, day by day.
    pub fn project(
        &self,
        start: Option<NaiveDate>,
        months: u32,
        scenario: &Scenario,
    ) -> Result<Projection, ForecastError> {
        self.project_with(self.history(), &self.rates, start, months, scenario)
    }

    /// Projects several scenarios from the same start, sharing the work of reading the data.
    pub fn compare(
        &self,
        start: Option<NaiveDate>,
        months: u32,
        scenarios: &[Scenario],
    ) -> Result<Vec<Projection>, ForecastError> {
        let history = self.history();
        scenarios.iter().map(|s| self.project_with(history, &self.rates, start, months, s)).collect()
    }

    fn project_with(
        &self,
        history: &History,
        rates: &Rates,
        start: Option<NaiveDate>,
        months: u32,
        scenario: &Scenario,
    ) -> Result<Projection, ForecastError> {
        if months == 0 {
            return Err(ForecastError::NoHorizon { months });
        }
        let start = start.unwrap_or(rates.window.end);
        let end = add_months(start, months).ok_or(ForecastError::NoHorizon { months })?;
        let days = (end - start).num_days() as usize;
        let adjusted = scenario.apply(rates)?;
        let population = population_on(history, &self.config, start);
        let mut proj = project(&adjusted, &self.config, scenario, &population, start, days);
        // A year of actuals before the start, by group, for plots.
        if let Some(first) = history.first {
            let from = (start - chrono::Duration::days(365)).max(first);
            if from < start {
                let stock = daily_stock(history, &self.config, from, start);
                let (ns, ng) = (history.states.len(), history.states.g());
                let by_group: Vec<f64> = stock
                    .chunks(ns)
                    .flat_map(|night| (0..ng).map(move |g| night.iter().skip(g).step_by(ng).sum::<f64>()))
                    .collect();
                proj.actuals = Some((from, by_group));
            }
        }
        Ok(proj)
    }

    /// Projects, and attaches a `backtest_months` backtest to the projection.
    pub fn project_with_backtest(
        &self,
        start: Option<NaiveDate>,
        months: u32,
        scenario: &Scenario,
        backtest_months: u32,
    ) -> Result<Projection, ForecastError> {
        let mut p = self.project(start, months, scenario)?;
        p.backtest = Some(self.backtest(backtest_months)?);
        Ok(p)
    }

    /// Rewinds `months` months: refits on a window of the same length ending
    /// then, projects to the reference window's end, and compares each month
    /// end with the children actually in care, next to the flat and linear
    /// baselines.
    pub fn backtest(&self, months: u32) -> Result<Backtest, ForecastError> {
        if months == 0 {
            return Err(ForecastError::NoHorizon { months });
        }
        let reference = self.rates.window;
        let history = self.history().clone();
        let first = history.first.ok_or(ForecastError::NoChildren)?;
        let window = reference.rewound(months).ok_or(ForecastError::NoHorizon { months })?;
        if window.start < first {
            return Err(ForecastError::BacktestTooLong { months, needed: window.start, first });
        }
        let needed = window.start.pred_opt().expect("date in range");
        let rates = Rates::from_history(&history, window, &self.config)?;
        let origin = window.end;
        let proj = self.project_with(&history, &rates, Some(origin), months, &Scenario::base())?;
        let ng = history.states.g();
        let points: Vec<NaiveDate> =
            (1..=months).map(|m| origin.checked_add_months(Months::new(m)).expect("date in range")).collect();
        let by_group = |stock: &[f64], night: usize| -> Vec<f64> {
            let ns = history.states.len();
            (0..ng).map(|g| stock[night * ns..(night + 1) * ns].iter().skip(g).step_by(ng).sum()).collect()
        };
        // Actual stock from the window's first night to the last point.
        let last = *points.last().expect("months > 0");
        let nights_from = needed;
        let stock = daily_stock(&history, &self.config, nights_from, last);
        let night = |d: NaiveDate| (d - nights_from).num_days() as usize;
        let actual: Vec<f64> = points.iter().flat_map(|&p| by_group(&stock, night(p))).collect();
        let model: Vec<f64> = points
            .iter()
            .flat_map(|&p| {
                let t = proj.day_of(p).expect("point inside the projection");
                (0..ng).map(move |g| (t, g))
            })
            .map(|(t, g)| proj.group_total(t, g))
            .collect();
        let at_origin = by_group(&stock, night(origin));
        let flat: Vec<f64> = points.iter().flat_map(|_| at_origin.iter().copied()).collect();
        // Linear: least squares through the window's daily stock, per group.
        let span: Vec<usize> = (night(window.start.pred_opt().expect("date"))..=night(origin)).collect();
        let lines: Vec<(f64, f64)> = (0..ng)
            .map(|g| {
                let ys: Vec<f64> = span.iter().map(|&i| by_group(&stock, i)[g]).collect();
                least_squares(&ys)
            })
            .collect();
        let linear: Vec<f64> = points
            .iter()
            .flat_map(|&p| {
                let x = (night(p) - span[0]) as f64;
                lines.iter().map(move |(a, b)| (a + b * x).max(0.0))
            })
            .collect();
        Ok(Backtest::assemble(
            origin,
            months,
            window,
            history.states.groups.clone(),
            points,
            actual,
            vec![("model".into(), model), ("flat".into(), flat), ("linear".into(), linear)],
        ))
    }
}

/// The children in care on the night of `date`, one member per child.
fn population_on(history: &History, cfg: &DemandConfig, date: NaiveDate) -> Vec<Member> {
    history
        .spells
        .iter()
        .filter(|s| s.start <= date && s.end.is_none_or(|e| date < e))
        .filter_map(|s| {
            band_on(&history.states, s, cfg, date).map(|band| Member { dob: s.dob, band, group: s.group, count: 1.0 })
        })
        .collect()
}

/// `months` months after `date`, keeping to month ends: 30 September plus one
/// month is 31 October, 31 January plus one is 28 (or 29) February.
///
/// ```text
/// add_months(2024-09-30, 1) = 2024-10-31; add_months(2024-10-15, 1) = 2024-11-15
/// ```
pub(crate) fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let month_end = date.succ_opt().is_some_and(|next| next.day() == 1);
    let later = date.checked_add_months(Months::new(months))?;
    if month_end {
        let first_of_next = later.with_day(1)?.checked_add_months(Months::new(1))?;
        first_of_next.pred_opt()
    } else {
        Some(later)
    }
}
