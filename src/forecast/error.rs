use chrono::NaiveDate;

use super::Window;

/// Why a demand model could not be fitted, projected or backtested.
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
/// use sufficiency::forecast::{ForecastError, Scenario};
/// // A projection needs at least one month.
/// assert_eq!(model.project(None, 0, &Scenario::base()).unwrap_err(), ForecastError::NoHorizon { months: 0 });
/// // The 2024/25 return covers nights from 1 April 2024: rewinding the 2024/25
/// // window 12 months would need 2023/24.
/// assert!(matches!(model.backtest(12), Err(ForecastError::BacktestTooLong { .. })));
/// ```
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
