//! Demand forecasting: how many children will be in care, in which
//! placements, at which ages — and how well that forecast would have done.
//!
//! # The model
//!
//! A child in care is in a *state*: an age band × a placement group (by
//! default under 1, 1–4, 5–9, 10–15, 16–17 × the standard
//! [`PlacementGroups`](crate::model::PlacementGroups)). Each night they may
//! move to another group or leave care by one of six routes
//! ([`ExitRoute`]); each day new children enter. A [`DemandModel`] learns,
//! from a reference [`Window`] of a dataset:
//!
//! - **hazards**: for every state, the daily chance of each move and each
//!   exit — by default the maximum-likelihood estimate, events ÷ nights
//!   children spent in the state ([`Estimator::Pooled`]);
//! - **entries**: children entering each band per day (optionally with a
//!   linear trend), where they are first placed, and how long until their
//!   next band.
//!
//! Ages are **actual ages on each day** ([`AgeBasis::Daily`]): a child turns
//! 10 on their birthday, not when their episode began, and on their 18th
//! birthday they leave care — a share (observed, or set) recorded as staying
//! put with their carers (`shared/domain/statistics.md` §5: 6,000 of 34,450
//! leavers in 2024-25).
//!
//! A [`Projection`] starts from the children actually in care on a night,
//! with their real dates of birth, and steps one day at a time. Because
//! hazards depend only on the state, all children in a band evolve by the
//! same daily matrix; the engine tracks only *when* each cohort reaches its
//! next birthday band, so ageing is exact and a 5-year national projection
//! takes milliseconds. Children are conserved: each day's population is the
//! previous day's plus entries minus exits.
//!
//! [`Scenario`]s change a fitted model (entries × k or ± n a month, move and
//! exit multipliers, in-house fostering growth) and compose; a [`Backtest`]
//! rewinds, refits and reports the error against what actually happened,
//! beside naive flat and linear baselines.
//!
//! Short breaks (LS V3/V4) are left out by default, as forecasting tools do
//! (`shared/domain/ssda903.md` §4.3); UASC are kept by default, and either
//! can be switched in [`DemandConfig`].
//!
//! # Parity with `cs-demand-model`
//!
//! [`DemandConfig::peer`] reproduces the public Children's Social Care Demand
//! Model 0.5.1 (`shared/domain/prior-art.md` §2): its four categories, age
//! fixed at episode start, the mean of daily ratios, ageing by a constant
//! hazard and no leaving at 18. `scripts/peer/` checks the two agree on the
//! peer's own sample.
//!
//! ```
//! use chrono::NaiveDate;
//! use sufficiency::forecast::{DemandConfig, DemandModel, Window};
//! use sufficiency::synth::{synthetic_authority, Profile};
//! let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 5).unwrap();
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let model = DemandModel::fit(la.dataset.clone(), Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
//! let backtest = model.backtest(12).unwrap();
//! let ours = backtest.error("model", "total").unwrap();
//! assert!(ours.mape.is_finite());
//! ```

mod backtest;
mod config;
mod error;
mod estimate;
mod history;
mod model;
mod project;
mod projection;
mod scenario;
mod stock;

pub use backtest::{backtest_error, Backtest, BacktestError};
pub use config::{AgeBasis, Ageing, DemandConfig, Estimator, ExitRoute};
pub use error::ForecastError;
pub use estimate::{RateRow, Rates, Window};
pub use history::States;
pub use model::{DemandModel, Stock};
pub use projection::{Projection, ProjectionRow};
pub use scenario::{Adjustment, Scenario, DAYS_PER_MONTH};

#[cfg(test)]
mod tests;
