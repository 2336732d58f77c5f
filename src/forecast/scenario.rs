//! Named, composable changes to a fitted model.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::config::ExitRoute;
use super::error::ForecastError;
use super::estimate::Rates;
use super::history::States;

/// Days per month used to turn "n a month" into a daily rate (365.25 / 12).
///
/// ```
/// use sufficiency::forecast::DAYS_PER_MONTH;
/// assert_eq!(DAYS_PER_MONTH, 30.4375);
/// // Ten extra entries a month is about 0.33 a day.
/// assert_eq!((10.0 / DAYS_PER_MONTH * 100.0_f64).round(), 33.0);
/// ```
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// One change a scenario makes.
///
/// ```
/// use sufficiency::forecast::{Adjustment, Scenario};
/// let s = Scenario::new("more teenagers").with(Adjustment::EntriesTimes {
///     factor: 1.25,
///     age_band: Some("10-15".into()),
///     from: None,
/// });
/// assert_eq!(s.adjustments.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Adjustment {
    /// Entries multiplied by `factor` (in one band, or all), from a date (or the start).
    EntriesTimes {
        /// The multiplier.
        factor: f64,
        /// The band's label, or every band.
        age_band: Option<String>,
        /// From this date on (inclusive), or from the projection's start.
        from: Option<NaiveDate>,
    },
    /// `per_month` more (or, negative, fewer) entries a month, spread over
    /// bands in proportion to their entries unless one band is named.
    EntriesPlus {
        /// Children a month.
        per_month: f64,
        /// The band's label, or every band.
        age_band: Option<String>,
        /// From this date on (inclusive), or from the projection's start.
        from: Option<NaiveDate>,
    },
    /// The hazard of moving from one group to another multiplied by `factor`.
    MoveTimes {
        /// The group moved from.
        from: String,
        /// The group moved to.
        to: String,
        /// The multiplier.
        factor: f64,
        /// The band's label, or every band.
        age_band: Option<String>,
    },
    /// Exit hazards multiplied by `factor`, for one route and/or group, or all.
    ExitTimes {
        /// The route, or every route.
        route: Option<ExitRoute>,
        /// The group left from, or every group.
        group: Option<String>,
        /// The multiplier.
        factor: f64,
        /// The band's label, or every band.
        age_band: Option<String>,
    },
    /// A share of foster placement breakdowns (moves out of a foster group
    /// after the carer asked for the placement to end because of the child's
    /// behaviour, REASON_PLACE_CHANGE CREQB) step up to `to` (by default an
    /// external children's home) instead of wherever they went: for every
    /// foster group and destination, `share` × the breakdown part of that
    /// move's hazard is moved to `to`.
    BreakdownStepUp {
        /// Share of breakdowns that step up, 0–1.
        share: f64,
        /// The group they step up to.
        to: String,
    },
    /// In-house fostering grows by `places_per_year` places, each taking a
    /// child who would otherwise be with an agency (`from` → `to`, by default
    /// `foster_agency` → `foster_in_house`), up to the number with agencies.
    /// It changes who provides the placement, not how children move through
    /// care: the substitution is applied to the projected population.
    InHouseFosteringGrowth {
        /// New places a year, added evenly over the horizon.
        places_per_year: f64,
        /// The group placements come from.
        from: String,
        /// The group they move to.
        to: String,
    },
}

/// A named set of changes to a fitted model's rates and entries.
///
/// Scenarios compose: [`Scenario::and`] joins two, applying both sets of
/// changes (multipliers multiply, additions add). Changes to entries apply
/// in the order they were added, so order matters when a multiplier meets
/// an addition: `entries_plus(x)` then `entries_times(k)` gives (b + x)·k,
/// the other way round b·k + x.
///
/// ```
/// use sufficiency::forecast::Scenario;
/// let fewer_homes = Scenario::new("step down")
///     .move_times("childrens_home_external", "foster_agency", 1.2)
///     .entries_times(0.9);
/// let growth = Scenario::new("in-house growth").in_house_fostering_growth(10.0);
/// let both = fewer_homes.and(&growth);
/// assert_eq!(both.name, "step down + in-house growth");
/// assert_eq!(both.adjustments.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The scenario's name, shown in frames and plots.
    pub name: String,
    /// The changes, applied in order.
    pub adjustments: Vec<Adjustment>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::base()
    }
}

impl Scenario {
    /// An empty scenario with a name.
    ///
    /// ```
    /// use sufficiency::forecast::Scenario;
    /// let s = Scenario::new("status quo");
    /// assert_eq!((s.name.as_str(), s.adjustments.len()), ("status quo", 0));
    /// ```
    pub fn new(name: &str) -> Scenario {
        Scenario { name: name.to_string(), adjustments: Vec::new() }
    }

    /// The fitted model unchanged, named `"base"`.
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
    /// assert_eq!(Scenario::base(), Scenario::new("base"));
    /// assert_eq!(model.rates_under(&Scenario::base()).unwrap(), model.rates); // changes nothing
    /// ```
    pub fn base() -> Scenario {
        Scenario::new("base")
    }

    /// Adds a change.
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
    /// use sufficiency::forecast::{Adjustment, Scenario};
    /// // From 1 October 2025, 20% more 5-9 year olds come into care.
    /// let s = Scenario::new("autumn surge").with(Adjustment::EntriesTimes {
    ///     factor: 1.2,
    ///     age_band: Some("5-9".into()),
    ///     from: Some(d(2025, 10, 1)),
    /// });
    /// let p = model.project(None, 12, &s).unwrap();
    /// let (before, after) = (p.day_of(d(2025, 9, 30)).unwrap(), p.day_of(d(2025, 10, 1)).unwrap());
    /// assert!((p.entries_on(before) - 1.0 / 365.0).abs() < 1e-12);
    /// assert!((p.entries_on(after) - 1.2 / 365.0).abs() < 1e-12);
    /// ```
    pub fn with(mut self, adjustment: Adjustment) -> Scenario {
        self.adjustments.push(adjustment);
        self
    }

    /// Entries × `factor` in every band, from the start.
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
    /// let half = model.project(None, 12, &Scenario::new("half").entries_times(0.5)).unwrap();
    /// assert!((half.entries_on(1) - 0.5 / 365.0).abs() < 1e-12); // half of one a year
    /// ```
    pub fn entries_times(self, factor: f64) -> Scenario {
        self.with(Adjustment::EntriesTimes { factor, age_band: None, from: None })
    }

    /// `per_month` more entries a month (negative for fewer), from the start.
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
    /// use sufficiency::forecast::{Scenario, DAYS_PER_MONTH};
    /// let more = model.project(None, 12, &Scenario::new("+2 a month").entries_plus(2.0)).unwrap();
    /// // The extra two a month go to the bands children entered, here all 5-9.
    /// assert!((more.entries_on(1) - (1.0 / 365.0 + 2.0 / DAYS_PER_MONTH)).abs() < 1e-12);
    /// assert!((more.entries_by(1, young, agency) - more.entries_on(1)).abs() < 1e-12);
    /// ```
    pub fn entries_plus(self, per_month: f64) -> Scenario {
        self.with(Adjustment::EntriesPlus { per_month, age_band: None, from: None })
    }

    /// The move hazard `from` → `to` × `factor` in every band.
    ///
    /// ```
    /// use sufficiency::forecast::{Adjustment, Scenario};
    /// let s = Scenario::new("step down").move_times("childrens_home_external", "foster_agency", 1.5);
    /// assert_eq!(s.adjustments[0], Adjustment::MoveTimes {
    ///     from: "childrens_home_external".into(),
    ///     to: "foster_agency".into(),
    ///     factor: 1.5,
    ///     age_band: None,
    /// });
    /// ```
    pub fn move_times(self, from: &str, to: &str, factor: f64) -> Scenario {
        self.with(Adjustment::MoveTimes { from: from.into(), to: to.into(), factor, age_band: None })
    }

    /// Exit hazards by `route` (or all) × `factor`, from every group and band.
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
    /// // Every exit route slowed to half.
    /// let rates = model.rates_under(&Scenario::new("slower exits").exit_times(None, 0.5)).unwrap();
    /// assert_eq!(rates.exit_rate(teen, in_house, ExitRoute::ReturnHome), 0.5 / 549.0);
    /// ```
    pub fn exit_times(self, route: Option<ExitRoute>, factor: f64) -> Scenario {
        self.with(Adjustment::ExitTimes { route, group: None, factor, age_band: None })
    }

    /// `share` of foster breakdowns step up to an external children's home.
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
    /// // No placement broke down (REASON_PLACE_CHANGE CREQB) in the window, so there
    /// // is nothing to step up.
    /// let rates = model.rates_under(&Scenario::new("step up").breakdown_step_up(0.5)).unwrap();
    /// assert_eq!(rates, model.rates);
    /// ```
    pub fn breakdown_step_up(self, share: f64) -> Scenario {
        self.with(Adjustment::BreakdownStepUp { share, to: "childrens_home_external".into() })
    }

    /// `places_per_year` new in-house foster places, each replacing an agency placement.
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
    /// let base = model.project(None, 12, &Scenario::base()).unwrap();
    /// let grow = model.project(None, 12, &Scenario::new("grow").in_house_fostering_growth(12.0)).unwrap();
    /// // After 30 days, 30 × 12/365.25 children have moved from agency to in-house carers.
    /// let moved = grow.group_total(30, in_house) - base.group_total(30, in_house);
    /// assert!((moved - 30.0 * 12.0 / 365.25).abs() < 1e-9);
    /// assert!((grow.total(30) - base.total(30)).abs() < 1e-9); // who provides, not how many
    /// ```
    pub fn in_house_fostering_growth(self, places_per_year: f64) -> Scenario {
        self.with(Adjustment::InHouseFosteringGrowth {
            places_per_year,
            from: "foster_agency".into(),
            to: "foster_in_house".into(),
        })
    }

    /// Both scenarios' changes, this one's first.
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
    /// let both = Scenario::new("a").entries_times(2.0).and(&Scenario::new("b").entries_times(1.5));
    /// assert_eq!(both.name, "a + b");
    /// // Multipliers multiply: entries × 3.
    /// let p = model.project(None, 12, &both).unwrap();
    /// assert!((p.entries_on(1) - 3.0 / 365.0).abs() < 1e-12);
    /// ```
    pub fn and(&self, other: &Scenario) -> Scenario {
        let mut adjustments = self.adjustments.clone();
        adjustments.extend(other.adjustments.iter().cloned());
        Scenario { name: format!("{} + {}", self.name, other.name), adjustments }
    }

    fn unknown(&self, what: &'static str, name: &str, known: Vec<String>) -> ForecastError {
        ForecastError::UnknownName {
            scenario: self.name.clone(),
            what,
            name: name.to_string(),
            known: known.join(", "),
        }
    }

    fn band(&self, states: &States, label: &Option<String>) -> Result<Vec<usize>, ForecastError> {
        match label {
            None => Ok((0..states.b()).collect()),
            Some(l) => states
                .band_index(l)
                .map(|b| vec![b])
                .ok_or_else(|| self.unknown("age band", l, states.bands.iter().map(|b| b.label()).collect())),
        }
    }

    fn group(&self, states: &States, name: &str) -> Result<usize, ForecastError> {
        states.group_index(name).ok_or_else(|| self.unknown("placement group", name, states.groups.clone()))
    }

    fn factor(&self, f: f64) -> Result<f64, ForecastError> {
        if f.is_finite() && f >= 0.0 {
            Ok(f)
        } else {
            Err(ForecastError::BadValue {
                scenario: self.name.clone(), what: format!("multiplier {f} (must be ≥ 0)")
            })
        }
    }

    /// The rates with this scenario's hazard multipliers applied.
    pub(crate) fn apply(&self, rates: &Rates) -> Result<Rates, ForecastError> {
        let mut r = rates.clone();
        let (ng, nr) = (r.states.g(), ExitRoute::ALL.len());
        for a in &self.adjustments {
            match a {
                Adjustment::MoveTimes { from, to, factor, age_band } => {
                    let (f, t, k) = (self.group(&r.states, from)?, self.group(&r.states, to)?, self.factor(*factor)?);
                    for b in self.band(&r.states, age_band)? {
                        r.moves[(b * ng + f) * ng + t] *= k;
                    }
                }
                Adjustment::ExitTimes { route, group, factor, age_band } => {
                    let k = self.factor(*factor)?;
                    let groups = match group {
                        Some(g) => vec![self.group(&r.states, g)?],
                        None => (0..ng).collect(),
                    };
                    for b in self.band(&r.states, age_band)? {
                        for &g in &groups {
                            for rt in ExitRoute::ALL {
                                if route.is_none_or(|x| x == rt) {
                                    r.exits[(b * ng + g) * nr + rt.index()] *= k;
                                }
                            }
                        }
                    }
                }
                Adjustment::BreakdownStepUp { share, to } => {
                    if !(0.0..=1.0).contains(share) {
                        return Err(ForecastError::BadValue {
                            scenario: self.name.clone(),
                            what: format!("breakdown step-up share {share} (must be between 0 and 1)"),
                        });
                    }
                    let t = self.group(&r.states, to)?;
                    let fosters: Vec<usize> =
                        (0..ng).filter(|&g| r.states.groups[g].to_ascii_lowercase().starts_with("foster")).collect();
                    for b in 0..r.states.b() {
                        for &f in &fosters {
                            for y in (0..ng).filter(|&y| y != t && y != f) {
                                let k = (b * ng + f) * ng + y;
                                let moved = share * rates.breakdown_share(b, f, y) * r.moves[k];
                                r.moves[k] -= moved;
                                r.moves[(b * ng + f) * ng + t] += moved;
                            }
                        }
                    }
                }
                Adjustment::EntriesTimes { factor, age_band, .. } => {
                    self.factor(*factor)?;
                    self.band(&r.states, age_band)?;
                }
                Adjustment::EntriesPlus { per_month, age_band, .. } => {
                    if !per_month.is_finite() {
                        return Err(ForecastError::BadValue {
                            scenario: self.name.clone(),
                            what: format!("entries a month {per_month}"),
                        });
                    }
                    self.band(&r.states, age_band)?;
                }
                Adjustment::InHouseFosteringGrowth { places_per_year, from, to } => {
                    self.group(&r.states, from)?;
                    self.group(&r.states, to)?;
                    self.factor(*places_per_year)?;
                }
            }
        }
        Ok(r)
    }

    /// Entrants per day into `band` on `date`, after this scenario's entry changes.
    pub(crate) fn entry_rate(&self, rates: &Rates, band: usize, date: NaiveDate) -> f64 {
        let base = rates.entry_rate_on(band, date);
        let total_level: f64 = rates.entry_level.iter().sum();
        let mut rate = base;
        for a in &self.adjustments {
            let applies = |age_band: &Option<String>, from: &Option<NaiveDate>| {
                from.is_none_or(|f| date >= f)
                    && age_band.as_ref().is_none_or(|l| rates.states.band_index(l) == Some(band))
            };
            match a {
                Adjustment::EntriesTimes { factor, age_band, from } if applies(age_band, from) => rate *= factor,
                Adjustment::EntriesPlus { per_month, age_band, from } if applies(age_band, from) => {
                    let share = match age_band {
                        Some(_) => 1.0,
                        None if total_level > 0.0 => rates.entry_level[band] / total_level,
                        None => 1.0 / rates.states.b() as f64,
                    };
                    rate += per_month / DAYS_PER_MONTH * share;
                }
                _ => {}
            }
        }
        rate.max(0.0)
    }

    /// The substitutions (from, to, places a day) this scenario makes.
    pub(crate) fn substitutions(&self, states: &States) -> Vec<(usize, usize, f64)> {
        self.adjustments
            .iter()
            .filter_map(|a| match a {
                Adjustment::InHouseFosteringGrowth { places_per_year, from, to } => {
                    Some((states.group_index(from)?, states.group_index(to)?, places_per_year / 365.25))
                }
                _ => None,
            })
            .collect()
    }
}
