use chrono::NaiveDate;

use super::Window;

/// Why a demand model could not be fitted, projected or backtested.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// The window ends before it starts.
    #[error("the reference window ends ({end}) before it starts ({start}); give (start, end) in that order")]
    EmptyWindow {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
    /// No child in the dataset is covered by the configuration.
    #[error("no episodes to learn from: the dataset is empty, or every child was filtered out (short breaks, UASC)")]
    NoChildren,
    /// The window reaches outside the data.
    #[error(
        "the reference window {}..{} reaches outside the data, which runs {first}..{last}; choose a window inside it",
        window.start, window.end
    )]
    WindowOutsideData {
        /// The window asked for.
        window: Window,
        /// The first date in the data.
        first: NaiveDate,
        /// The last date in the data.
        last: NaiveDate,
    },
    /// A projection was asked for with no days.
    #[error("a projection needs at least one month; got {months}")]
    NoHorizon {
        /// Months asked for.
        months: u32,
    },
    /// A scenario names a group, band or route the model does not have.
    #[error("the scenario '{scenario}' names {what} '{name}', which the model does not have; use one of {known}")]
    UnknownName {
        /// The scenario.
        scenario: String,
        /// `"placement group"`, `"age band"` or `"exit route"`.
        what: &'static str,
        /// The name given.
        name: String,
        /// The names available.
        known: String,
    },
    /// A scenario's number is unusable (negative, not finite).
    #[error("the scenario '{scenario}' has an unusable value: {what}")]
    BadValue {
        /// The scenario.
        scenario: String,
        /// What is wrong.
        what: String,
    },
    /// A backtest would rewind before the data starts.
    #[error(
        "a {months}-month backtest needs data from {needed}, but the data starts {first}; shorten the backtest or the reference window"
    )]
    BacktestTooLong {
        /// Months asked for.
        months: u32,
        /// The first date the backtest's window needs.
        needed: NaiveDate,
        /// The first date in the data.
        first: NaiveDate,
    },
}
