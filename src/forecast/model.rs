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
/// // The nights of 30 June and 1 July 2024: C3 arrived on 1 July.
/// let stock = model.stock(d(2024, 6, 30), d(2024, 7, 1));
/// assert_eq!((stock.total(0), stock.total(1)), (2.0, 3.0));
/// ```
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
    /// let april = model.stock(d(2024, 4, 1), d(2024, 4, 30));
    /// assert_eq!(april.nights(), 30);
    /// ```
    pub fn nights(&self) -> usize {
        self.counts.len() / self.states.len().max(1)
    }
    /// Children in (`band`, `group`) on night `i` after `from`.
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
    /// let stock = model.stock(d(2024, 9, 30), d(2024, 10, 1));
    /// // C2 went home on 1 October: two in-house teenagers on 30 September, one after.
    /// assert_eq!((stock.get(0, teen, in_house), stock.get(1, teen, in_house)), (2.0, 1.0));
    /// assert_eq!(stock.get(1, young, agency), 1.0); // C3
    /// ```
    pub fn get(&self, i: usize, band: usize, group: usize) -> f64 {
        self.counts[i * self.states.len() + self.states.index(band, group)]
    }
    /// All children on night `i`.
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
    /// // 31 March 2025: C1 and C3 in care, C2 home since October.
    /// assert_eq!(model.stock(d(2025, 3, 31), d(2025, 3, 31)).total(0), 2.0);
    /// ```
    pub fn total(&self, i: usize) -> f64 {
        let n = self.states.len();
        self.counts[i * n..(i + 1) * n].iter().sum()
    }
}

impl DemandModel {
    /// Fits rates to `dataset` over `reference` under `config`.
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
    /// use sufficiency::forecast::ExitRoute;
    /// // A model learns from the episodes ending and starting in its window.
    /// assert_eq!(model.reference().days(), 365);
    /// assert_eq!(model.rates.exit_rate(teen, in_house, ExitRoute::ReturnHome), 1.0 / 549.0);
    /// ```
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
    /// use sufficiency::forecast::{ExitRoute, Scenario};
    /// let faster_home = Scenario::new("faster reunification").exit_times(Some(ExitRoute::ReturnHome), 2.0);
    /// let rates = model.rates_under(&faster_home).unwrap();
    /// assert_eq!(rates.exit_rate(teen, in_house, ExitRoute::ReturnHome), 2.0 / 549.0);
    /// assert_eq!(model.rates.exit_rate(teen, in_house, ExitRoute::ReturnHome), 1.0 / 549.0); // unchanged
    /// ```
    pub fn rates_under(&self, scenario: &Scenario) -> Result<Rates, ForecastError> {
        scenario.apply(&self.rates)
    }

    /// The dataset the model was fitted to.
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
    /// assert_eq!(model.dataset().children().len(), 3);
    /// assert_eq!(model.dataset().episodes().len(), 3);
    /// ```
    pub fn dataset(&self) -> &Arc<Dataset> {
        &self.dataset
    }

    /// The reference window.
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
    /// assert_eq!(model.reference(), Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap());
    /// ```
    pub fn reference(&self) -> Window {
        self.rates.window
    }

    /// The historic stock per state on each night `from..=to`, under the model's configuration.
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
    /// let stock = model.stock(d(2024, 7, 1), d(2024, 9, 30));
    /// assert_eq!(stock.nights(), 92); // July, August, September
    /// assert_eq!(stock.get(0, young, agency), 1.0); // C3 arrived on 1 July
    /// ```
    pub fn stock(&self, from: NaiveDate, to: NaiveDate) -> Stock {
        let history = self.history();
        Stock { counts: daily_stock(history, &self.config, from, to), states: history.states.clone(), from }
    }

    /// Projects the children in care on the night of `start` (default: the
    /// reference window's last day) forward `months` months, day by day.
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
    /// use sufficiency::forecast::Scenario;
    /// let p = model.project(None, 12, &Scenario::base()).unwrap();
    /// assert_eq!((p.start, p.days), (d(2025, 3, 31), 365));
    /// assert_eq!(p.total(0), 2.0); // C1 and C3 on the start night
    /// // Day 1: one entrant a year arrives, C1 goes home at 1/549 a night.
    /// assert!((p.total(1) - (2.0 + 1.0 / 365.0 - 1.0 / 549.0)).abs() < 1e-12);
    /// ```
    pub fn project(
        &self,
        start: Option<NaiveDate>,
        months: u32,
        scenario: &Scenario,
    ) -> Result<Projection, ForecastError> {
        self.project_with(self.history(), &self.rates, start, months, scenario)
    }

    /// Projects several scenarios from the same start, sharing the work of reading the data.
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
    /// use sufficiency::forecast::Scenario;
    /// let runs = model.compare(None, 12, &[Scenario::base(), Scenario::new("double").entries_times(2.0)]).unwrap();
    /// assert_eq!(runs[1].scenario, "double");
    /// assert_eq!(runs[0].total(0), runs[1].total(0)); // the same children on the start night
    /// assert!((runs[1].entries_on(1) - 2.0 / 365.0).abs() < 1e-12);
    /// ```
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
        proj.set_move_rates(adjusted.moves.clone());
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
    /// use sufficiency::forecast::Scenario;
    /// // A 2024/25 return only covers nights from 1 April 2024, so to rewind three
    /// // months the model must learn from July onwards.
    /// let recent = DemandModel::fit(model.dataset().clone(), Window::new(d(2024, 7, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let p = recent.project_with_backtest(None, 12, &Scenario::base(), 3).unwrap();
    /// let bt = p.backtest.unwrap();
    /// assert_eq!(bt.origin, d(2024, 12, 31)); // the reference window's end, 3 months back
    /// ```
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
    /// // Nobody came or went after 31 December 2024, so holding that night's stock
    /// // (the flat baseline) forecasts the next three month ends exactly.
    /// // A 2024/25 return only covers nights from 1 April 2024, so to rewind three
    /// // months the model must learn from July onwards.
    /// let recent = DemandModel::fit(model.dataset().clone(), Window::new(d(2024, 7, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let bt = recent.backtest(3).unwrap();
    /// assert_eq!(bt.points, [d(2025, 1, 31), d(2025, 2, 28), d(2025, 3, 31)]);
    /// assert_eq!(bt.error("flat", "total").unwrap().mape, 0.0);
    /// assert!(recent.backtest(0).is_err());
    /// ```
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
            band_on(&history.states, s, cfg, date).map(|band| Member {
                dob: s.dob,
                band,
                group: usize::from(s.group),
                count: 1.0,
            })
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
