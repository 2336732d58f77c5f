//! A projection's results: children by day, age band and placement group,
//! with the entries and exits that moved them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::backtest::Backtest;
use super::config::ExitRoute;
use super::history::States;

/// Children in care projected day by day, by age band and placement group,
/// with entries and exits by route. Counts are expected values, so they are
/// fractional.
///
/// Day 0 is the starting population (the children actually in care on the
/// start night); day `t` is the population on the night `t` days later.
/// Children are conserved: for every day,
/// `total(t) = total(t − 1) + entries(t) − exits(t)`.
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
/// assert_eq!(p.date(p.days), d(2026, 3, 31));
/// // Only C1's group has anyone leaving, and only C3's band has anyone entering.
/// let entries: f64 = (1..=p.days).map(|t| p.entries_on(t)).sum();
/// assert!((entries - 1.0).abs() < 1e-9); // one entrant a year
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The scenario's name (`"base"` without one).
    pub scenario: String,
    /// The states.
    pub states: States,
    /// The start night (day 0).
    pub start: NaiveDate,
    /// Days projected.
    pub days: usize,
    population: Vec<f64>,
    entries: Vec<f64>,
    exits: Vec<f64>,
    /// The historic stock by group before the start, for plots: (first night, `[night][group]`).
    pub actuals: Option<(NaiveDate, Vec<f64>)>,
    /// The model's backtest, when asked for.
    pub backtest: Option<Backtest>,
    /// The daily move rates the projection ran with (`[band][from][to]`,
    /// the scenario's), for [`Projection::moves_by`]; empty in projections
    /// saved before they were kept.
    #[serde(default)]
    move_rates: Vec<f64>,
}

/// One row of a projection's long frame.
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
/// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
/// let first = &p.rows()[0];
/// assert_eq!((first.date, first.age_band.as_str(), first.placement_group.as_str()), (d(2025, 3, 31), "under 1", "foster_kinship"));
/// assert_eq!(first.children, 0.0); // no baby in care
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionRow {
    /// The night.
    pub date: NaiveDate,
    /// The band's label.
    pub age_band: String,
    /// The group.
    pub placement_group: String,
    /// Children (expected).
    pub children: f64,
}

impl Projection {
    pub(crate) fn empty(states: States, start: NaiveDate, days: usize) -> Projection {
        let n = states.len();
        Projection {
            scenario: "base".into(),
            population: zeros((days + 1) * n),
            entries: zeros((days + 1) * n),
            exits: zeros((days + 1) * n * ExitRoute::ALL.len()),
            states,
            start,
            days,
            actuals: None,
            backtest: None,
            move_rates: Vec::new(),
        }
    }

    pub(crate) fn set_move_rates(&mut self, rates: Vec<f64>) {
        self.move_rates = rates;
    }

    /// Expected moves on night `t` from placement group `from` to `to` within
    /// age band `band`: the children in `from` that night times the daily
    /// move rate the projection ran with. Zero when the rates were not kept.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::{DemandConfig, DemandModel, Scenario, Window};
    /// use sufficiency::synth::{synthetic_authority, Profile};
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 0, 2).unwrap();
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let model = DemandModel::fit((*la.dataset).clone(), Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// let p = model.project(None, 1, &Scenario::base()).unwrap();
    /// let (b, from, to) = (3, 4, 2); // 10-15: external children's home to agency foster care
    /// let by_hand = p.children(1, b, from) * model.rates_under(&Scenario::base()).unwrap().move_rate(b, from, to);
    /// assert_eq!(p.moves_by(1, b, from, to), by_hand);
    /// ```
    pub fn moves_by(&self, t: usize, band: usize, from: usize, to: usize) -> f64 {
        let g = self.states.g();
        let rate = self.move_rates.get((band * g + from) * g + to).copied().unwrap_or(0.0);
        self.children(t, band, from) * rate
    }

    pub(crate) fn set_population(&mut self, t: usize, s: &[Vec<f64>]) {
        let n = self.states.len();
        for (b, row) in s.iter().enumerate() {
            for (g, v) in row.iter().enumerate() {
                self.population[t * n + self.states.index(b, g)] = *v;
            }
        }
    }

    pub(crate) fn add_entry(&mut self, t: usize, b: usize, g: usize, n: f64) {
        let k = t * self.states.len() + self.states.index(b, g);
        self.entries[k] += n;
    }

    pub(crate) fn add_exit(&mut self, t: usize, b: usize, g: usize, route: usize, n: f64) {
        let k = (t * self.states.len() + self.states.index(b, g)) * ExitRoute::ALL.len() + route;
        self.exits[k] += n;
    }

    /// Moves up to `per_day × t` children a day from group `from` to `to`
    /// (never more than are in `from`), pro rata across bands.
    pub(crate) fn substitute(&mut self, from: usize, to: usize, per_day: f64) {
        let n = self.states.len();
        for t in 0..=self.days {
            let avail: f64 = (0..self.states.b()).map(|b| self.population[t * n + self.states.index(b, from)]).sum();
            let moved = (per_day * t as f64).min(avail);
            if moved <= 0.0 || avail <= 0.0 {
                continue;
            }
            for b in 0..self.states.b() {
                let (kf, kt) = (t * n + self.states.index(b, from), t * n + self.states.index(b, to));
                let share = self.population[kf] / avail * moved;
                self.population[kf] -= share;
                self.population[kt] += share;
            }
        }
    }

    /// The date of day `t`.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.date(0), d(2025, 3, 31));
    /// assert_eq!(p.date(1), d(2025, 4, 1));
    /// ```
    pub fn date(&self, t: usize) -> NaiveDate {
        self.start + chrono::Duration::days(t as i64)
    }

    /// The day index of `date`, if the projection covers it.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.day_of(d(2025, 4, 30)), Some(30));
    /// assert_eq!(p.day_of(d(2025, 3, 30)), None); // before the start night
    /// ```
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let t = (date - self.start).num_days();
        (0..=self.days as i64).contains(&t).then_some(t as usize)
    }

    /// Children in (`band`, `group`) on day `t`.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.children(0, young, agency), 1.0); // C3, aged 8
    /// // No one moves out of agency care or leaves it, and all entrants go there.
    /// assert!((p.children(1, young, agency) - (1.0 + 1.0 / 365.0)).abs() < 1e-12);
    /// ```
    pub fn children(&self, t: usize, band: usize, group: usize) -> f64 {
        self.population[t * self.states.len() + self.states.index(band, group)]
    }

    /// All children on day `t`.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.total(0), 2.0);
    /// for t in 1..=p.days {
    ///     assert!((p.total(t) - (p.total(t - 1) + p.entries_on(t) - p.exits_on(t))).abs() < 1e-9);
    /// }
    /// ```
    pub fn total(&self, t: usize) -> f64 {
        let n = self.states.len();
        self.population[t * n..(t + 1) * n].iter().sum()
    }

    /// Children in `group` (all bands) on day `t`.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.group_total(0, in_house), 1.0); // C1
    /// assert_eq!(p.group_total(0, agency), 1.0); // C3
    /// ```
    pub fn group_total(&self, t: usize, group: usize) -> f64 {
        (0..self.states.b()).map(|b| self.children(t, b, group)).sum()
    }

    /// Entries on day `t` (all states).
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// // One entrant a year in the window, so 1/365 a day.
    /// assert!((p.entries_on(1) - 1.0 / 365.0).abs() < 1e-12);
    /// ```
    pub fn entries_on(&self, t: usize) -> f64 {
        let n = self.states.len();
        self.entries[t * n..(t + 1) * n].iter().sum()
    }

    /// Exits on day `t` (all states and routes).
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// // C1 is the only child in a state anyone left, at 1 in 549 a night.
    /// assert!((p.exits_on(1) - 1.0 / 549.0).abs() < 1e-12);
    /// ```
    pub fn exits_on(&self, t: usize) -> f64 {
        let w = self.states.len() * ExitRoute::ALL.len();
        self.exits[t * w..(t + 1) * w].iter().sum()
    }

    /// Exits on day `t` from (`band`, `group`) by `route`.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// use sufficiency::forecast::ExitRoute;
    /// assert!((p.exits_by(1, teen, in_house, ExitRoute::ReturnHome) - 1.0 / 549.0).abs() < 1e-12);
    /// assert_eq!(p.exits_by(1, teen, in_house, ExitRoute::Adoption), 0.0);
    /// ```
    pub fn exits_by(&self, t: usize, band: usize, group: usize, route: ExitRoute) -> f64 {
        self.exits[(t * self.states.len() + self.states.index(band, group)) * ExitRoute::ALL.len() + route.index()]
    }

    /// Entries on day `t` into (`band`, `group`).
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// // Every 5-9 entrant in the window went to an agency carer.
    /// assert!((p.entries_by(1, young, agency) - 1.0 / 365.0).abs() < 1e-12);
    /// assert_eq!(p.entries_by(1, young, in_house), 0.0);
    /// ```
    pub fn entries_by(&self, t: usize, band: usize, group: usize) -> f64 {
        self.entries[t * self.states.len() + self.states.index(band, group)]
    }

    /// The long frame: one row per day, band and group.
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
    /// # let p = model.project(None, 12, &sufficiency::forecast::Scenario::base()).unwrap();
    /// assert_eq!(p.rows().len(), (p.days + 1) * states.len());
    /// ```
    pub fn rows(&self) -> Vec<ProjectionRow> {
        let mut rows = Vec::with_capacity((self.days + 1) * self.states.len());
        for t in 0..=self.days {
            for (b, band) in self.states.bands.iter().enumerate() {
                for (g, group) in self.states.groups.iter().enumerate() {
                    rows.push(ProjectionRow {
                        date: self.date(t),
                        age_band: band.label(),
                        placement_group: group.clone(),
                        children: self.children(t, b, g),
                    });
                }
            }
        }
        rows
    }
}

/// `n` zeros, in huge pages when that many are worth it (see
/// `crate::memory`): a projection's daily arrays are written every day of
/// the horizon (the exits alone are about 9 MB over five years).
fn zeros(n: usize) -> Vec<f64> {
    let mut v = crate::memory::huge_vec(n);
    v.resize(n, 0.0);
    v
}
