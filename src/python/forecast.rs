//! `sufficiency.DemandConfig`, `Scenario`, `DemandModel`, `Projection` and
//! `Backtest`: the demand forecasting engine ([`crate::forecast`]) from Python.
//!
//! Fitting, projecting, comparing and backtesting run detached from the
//! interpreter; a [`ForecastError`] reaches Python as an `InputError` with the
//! engine's message. Every object is immutable and pickles through
//! [`state`] (see [`_forecast_from_state`]).

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;

use crate::forecast::{
    Adjustment, AgeBasis, Ageing, Backtest, DemandConfig, DemandModel, Estimator, ExitRoute, ForecastError, Projection,
    Scenario, Window,
};
use crate::model::{AgeBands, PlacementGroups};

use super::convert::{date_arg, framed, thousands, FrameBuilder};
use super::dataset::PyDataset;
use super::display::{self, Overview, Rows};
use super::errors::{detached, guarded, InputError, SufficiencyError};
use super::state;

/// The most months a projection or backtest may run (a century of days is
/// still only a few hundred megabytes; more is surely a mistake).
const MAX_MONTHS: i64 = 1200;

/// A [`ForecastError`] as an `InputError` carrying the engine's message.
fn forecast_error(e: ForecastError) -> PyErr {
    InputError::new_err(e.to_string())
}

/// A month count, checked (0 is left to the engine, which explains it).
fn months_arg(months: i64, name: &str) -> PyResult<u32> {
    if !(0..=MAX_MONTHS).contains(&months) {
        return Err(PyValueError::new_err(format!(
            "{name} must be a whole number of months from 1 to {MAX_MONTHS}, not {months}"
        )));
    }
    Ok(months as u32)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

/// One of a fixed set of names; a ValueError lists them.
fn choice<T: Copy>(name: &str, value: &str, choices: &[(&str, T)]) -> PyResult<T> {
    choices.iter().find(|(k, _)| *k == value).map(|(_, v)| *v).ok_or_else(|| {
        let known: Vec<String> = choices.iter().map(|(k, _)| format!("'{k}'")).collect();
        PyValueError::new_err(format!("{name} must be one of {}, not '{value}'", known.join(", ")))
    })
}

const AGE_BASES: &[(&str, AgeBasis)] = &[("daily", AgeBasis::Daily), ("episode_start", AgeBasis::EpisodeStart)];
const ESTIMATORS: &[(&str, Estimator)] =
    &[("pooled", Estimator::Pooled), ("mean_daily_ratio", Estimator::MeanDailyRatio)];
const AGEINGS: &[(&str, Ageing)] = &[("exact", Ageing::Exact), ("hazard", Ageing::Hazard)];

fn label_of<T: Copy + PartialEq>(value: T, choices: &[(&'static str, T)]) -> &'static str {
    choices.iter().find(|(_, v)| *v == value).map_or("custom", |(k, _)| k)
}

/// An exit route from its label; an `InputError` (like an unknown group) lists them.
fn route_arg(scenario: &str, label: &str) -> PyResult<ExitRoute> {
    ExitRoute::from_label(label).ok_or_else(|| {
        let known: Vec<&str> = ExitRoute::ALL.iter().map(|r| r.label()).collect();
        forecast_error(ForecastError::UnknownName {
            scenario: scenario.to_string(),
            what: "exit route",
            name: label.to_string(),
            known: known.join(", "),
        })
    })
}

fn optional_date(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<NaiveDate>> {
    obj.filter(|o| !o.is_none()).map(|o| date_arg(o, name)).transpose()
}

/// `(start, end)` as a checked window.
fn window_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Window> {
    let (start, end): (Bound<'_, PyAny>, Bound<'_, PyAny>) = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be a (start, end) pair of dates, such as ('2024-04-01', '2025-03-31'), not {}",
            type_name(obj)
        ))
    })?;
    Window::new(date_arg(&start, "start")?, date_arg(&end, "end")?).map_err(forecast_error)
}

// ------------------------------------------------------------------ pickling

const CONFIG_FORMAT: &str = "sufficiency.DemandConfig/1";
const SCENARIO_FORMAT: &str = "sufficiency.Scenario/1";
const MODEL_FORMAT: &str = "sufficiency.DemandModel/1";
const PROJECTION_FORMAT: &str = "sufficiency.Projection/1";
const BACKTEST_FORMAT: &str = "sufficiency.Backtest/1";

/// `__reduce__` for a forecast object: `_forecast_from_state((format, version, payload))`.
fn reduce<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    format: &str,
    what: &str,
    value: &T,
) -> PyResult<state::Reduced<'py>> {
    state::reduce(py, "_forecast_from_state", format, what, value)
}

/// Rebuilds a pickled DemandConfig, Scenario, DemandModel, Projection or
/// Backtest (the callable their `__reduce__` names). Not part of the API.
#[pyfunction]
pub(crate) fn _forecast_from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (format, version, payload): (String, String, Bound<'_, PyAny>) = state.extract().map_err(|_| {
            SufficiencyError::new_err("this is not a pickled sufficiency forecast object; it cannot be unpickled")
        })?;
        Ok(match format.as_str() {
            CONFIG_FORMAT => {
                Py::new(py, PyDemandConfig { inner: state::restore(&payload, "DemandConfig", &version)? })?.into_any()
            }
            SCENARIO_FORMAT => Py::new(py, PyScenario { inner: state::restore(&payload, "Scenario", &version)? })?.into_any(),
            MODEL_FORMAT => Py::new(
                py,
                PyDemandModel { inner: Arc::new(state::restore::<DemandModel>(&payload, "DemandModel", &version)?) },
            )?
            .into_any(),
            PROJECTION_FORMAT => Py::new(
                py,
                PyProjection { inner: Arc::new(state::restore::<Projection>(&payload, "Projection", &version)?) },
            )?
            .into_any(),
            BACKTEST_FORMAT => Py::new(
                py,
                PyBacktest { inner: Arc::new(state::restore::<Backtest>(&payload, "Backtest", &version)?) },
            )?
            .into_any(),
            other => {
                return Err(SufficiencyError::new_err(format!(
                    "this object was pickled by sufficiency {version} in a format ({other}) that sufficiency {} cannot read; build it again",
                    env!("CARGO_PKG_VERSION")
                )))
            }
        })
    })
}

// ------------------------------------------------------------ DemandConfig

/// Everything that shapes a demand model. ``DemandConfig()`` is the
/// standard configuration; ``DemandConfig.peer()`` the public
/// cs-demand-model's conventions.
#[pyclass(frozen, eq, module = "sufficiency", name = "DemandConfig")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDemandConfig {
    pub(crate) inner: DemandConfig,
}

impl PyDemandConfig {
    fn groups_name(&self) -> &'static str {
        if self.inner.groups == PlacementGroups::standard() {
            "standard"
        } else if self.inner.groups == PlacementGroups::peer() {
            "peer"
        } else {
            "custom"
        }
    }

    /// The boundary ages (as `u32`: pyo3 would hand a `Vec<u8>` over as `bytes`).
    fn boundaries(&self) -> Vec<u32> {
        self.inner.age_bands.bands().iter().skip(1).map(|b| u32::from(b.from)).collect()
    }
}

#[pymethods]
impl PyDemandConfig {
    #[new]
    #[pyo3(signature = (
        groups="standard", *, age_bands=None, max_age=18, age_out=true, age_basis="daily",
        estimator="pooled", ageing="exact", staying_put_share=None, entry_trend=false,
        include_short_breaks=false, include_uasc=true,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        groups: &str,
        age_bands: Option<Vec<i64>>,
        max_age: i64,
        age_out: bool,
        age_basis: &str,
        estimator: &str,
        ageing: &str,
        staying_put_share: Option<f64>,
        entry_trend: bool,
        include_short_breaks: bool,
        include_uasc: bool,
    ) -> PyResult<Self> {
        guarded(|| {
            let groups = match groups {
                "standard" => PlacementGroups::standard(),
                "peer" => PlacementGroups::peer(),
                other => {
                    return Err(PyValueError::new_err(format!("groups must be 'standard' or 'peer', not '{other}'")))
                }
            };
            let age_bands = match age_bands {
                None => AgeBands::from_boundaries(&[1, 5, 10, 16]).expect("static boundaries"),
                Some(b) => {
                    let bounds: Vec<u8> =
                        b.iter().map(|&x| u8::try_from(x)).collect::<Result<_, _>>().map_err(|_| {
                            PyValueError::new_err(format!("age_bands must be ages from 1 to 255, got {b:?}"))
                        })?;
                    AgeBands::from_boundaries(&bounds).map_err(PyValueError::new_err)?
                }
            };
            let max_age = u8::try_from(max_age)
                .ok()
                .filter(|&m| m >= 1)
                .ok_or_else(|| PyValueError::new_err(format!("max_age must be an age from 1 to 255, not {max_age}")))?;
            if let Some(s) = staying_put_share {
                if !(0.0..=1.0).contains(&s) {
                    return Err(PyValueError::new_err(format!(
                        "staying_put_share must be a share from 0 to 1 (or None to use the share observed), not {s}"
                    )));
                }
            }
            Ok(PyDemandConfig {
                inner: DemandConfig {
                    groups,
                    age_bands,
                    max_age,
                    age_out,
                    age_basis: choice("age_basis", age_basis, AGE_BASES)?,
                    estimator: choice("estimator", estimator, ESTIMATORS)?,
                    ageing: choice("ageing", ageing, AGEINGS)?,
                    staying_put_share,
                    entry_trend,
                    include_short_breaks,
                    include_uasc,
                },
            })
        })
    }

    /// The defaults (the same as ``DemandConfig()``).
    #[staticmethod]
    fn standard() -> Self {
        PyDemandConfig { inner: DemandConfig::standard() }
    }

    /// cs-demand-model 0.5.1's conventions.
    #[staticmethod]
    fn peer() -> Self {
        PyDemandConfig { inner: DemandConfig::peer() }
    }

    /// ``"standard"`` or ``"peer"``: the placement grouping.
    #[getter]
    fn groups(&self) -> &'static str {
        self.groups_name()
    }

    /// The placement group names of the grouping, in order.
    #[getter]
    fn group_names(&self) -> Vec<String> {
        self.inner.groups.group_names().into_iter().map(str::to_string).collect()
    }

    /// The boundary ages of the age bands, e.g. ``[1, 5, 10, 16]``.
    #[getter]
    fn age_bands(&self) -> Vec<u32> {
        self.boundaries()
    }

    /// The labels of the bands of the state space (the bands cut at ``max_age``).
    #[getter]
    fn band_labels(&self) -> Vec<String> {
        self.inner.bands().iter().map(|b| b.label()).collect()
    }

    /// The age at which children leave the population.
    #[getter]
    fn max_age(&self) -> u8 {
        self.inner.max_age
    }

    /// Whether children leave care on their ``max_age`` birthday.
    #[getter]
    fn age_out(&self) -> bool {
        self.inner.age_out
    }

    /// ``"daily"`` or ``"episode_start"``.
    #[getter]
    fn age_basis(&self) -> &'static str {
        label_of(self.inner.age_basis, AGE_BASES)
    }

    /// ``"pooled"`` or ``"mean_daily_ratio"``.
    #[getter]
    fn estimator(&self) -> &'static str {
        label_of(self.inner.estimator, ESTIMATORS)
    }

    /// ``"exact"`` or ``"hazard"``.
    #[getter]
    fn ageing(&self) -> &'static str {
        label_of(self.inner.ageing, AGEINGS)
    }

    /// The share of children ageing out who stay put, or None to use the share observed.
    #[getter]
    fn staying_put_share(&self) -> Option<f64> {
        self.inner.staying_put_share
    }

    /// Whether entries follow a linear trend fitted over the window.
    #[getter]
    fn entry_trend(&self) -> bool {
        self.inner.entry_trend
    }

    /// Whether children on short breaks (LS V3/V4) are included.
    #[getter]
    fn include_short_breaks(&self) -> bool {
        self.inner.include_short_breaks
    }

    /// Whether unaccompanied asylum-seeking children are included.
    #[getter]
    fn include_uasc(&self) -> bool {
        self.inner.include_uasc
    }

    fn __repr__(&self) -> String {
        let c = &self.inner;
        let py_bool = |b: bool| if b { "True" } else { "False" };
        format!(
            "DemandConfig(groups='{}', age_bands={:?}, max_age={}, age_out={}, age_basis='{}', estimator='{}', \
             ageing='{}', staying_put_share={}, entry_trend={}, include_short_breaks={}, include_uasc={})",
            self.groups_name(),
            self.boundaries(),
            c.max_age,
            py_bool(c.age_out),
            self.age_basis(),
            self.estimator(),
            self.ageing(),
            c.staying_put_share.map_or("None".to_string(), |s| s.to_string()),
            py_bool(c.entry_trend),
            py_bool(c.include_short_breaks),
            py_bool(c.include_uasc),
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, CONFIG_FORMAT, "DemandConfig", &self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

// ---------------------------------------------------------------- Scenario

/// A named set of changes to a fitted model. Methods return new scenarios;
/// ``a & b`` (or ``a.and_(b)``) applies both.
#[pyclass(frozen, eq, module = "sufficiency", name = "Scenario")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyScenario {
    pub(crate) inner: Scenario,
}

impl PyScenario {
    fn with(&self, a: Adjustment) -> PyScenario {
        PyScenario { inner: self.inner.clone().with(a) }
    }
}

fn describe(a: &Adjustment) -> String {
    let band = |b: &Option<String>| b.as_ref().map_or(String::new(), |b| format!(" in {b}"));
    let from = |d: &Option<NaiveDate>| d.map_or(String::new(), |d| format!(" from {d}"));
    match a {
        Adjustment::EntriesTimes { factor, age_band, from: f } => {
            format!("entries \u{d7}{factor}{}{}", band(age_band), from(f))
        }
        Adjustment::EntriesPlus { per_month, age_band, from: f } => {
            format!("entries {per_month:+} a month{}{}", band(age_band), from(f))
        }
        Adjustment::MoveTimes { from, to, factor, age_band } => {
            format!("moves {from} \u{2192} {to} \u{d7}{factor}{}", band(age_band))
        }
        Adjustment::ExitTimes { route, group, factor, age_band } => format!(
            "exits{}{} \u{d7}{factor}{}",
            route.map_or(String::new(), |r| format!(" by {}", r.label())),
            group.as_ref().map_or(String::new(), |g| format!(" from {g}")),
            band(age_band)
        ),
        Adjustment::InHouseFosteringGrowth { places_per_year, from, to } => {
            format!("{places_per_year} places a year {from} \u{2192} {to}")
        }
        Adjustment::BreakdownStepUp { share, to } => format!("{share} of foster breakdowns step up to {to}"),
    }
}

fn adjustment_dict<'py>(py: Python<'py>, a: &Adjustment) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match a {
        Adjustment::EntriesTimes { factor, age_band, from } => {
            d.set_item("kind", "entries_times")?;
            d.set_item("factor", factor)?;
            d.set_item("age_band", age_band)?;
            d.set_item("from_date", from)?;
        }
        Adjustment::EntriesPlus { per_month, age_band, from } => {
            d.set_item("kind", "entries_plus")?;
            d.set_item("per_month", per_month)?;
            d.set_item("age_band", age_band)?;
            d.set_item("from_date", from)?;
        }
        Adjustment::MoveTimes { from, to, factor, age_band } => {
            d.set_item("kind", "move_times")?;
            d.set_item("from_group", from)?;
            d.set_item("to_group", to)?;
            d.set_item("factor", factor)?;
            d.set_item("age_band", age_band)?;
        }
        Adjustment::ExitTimes { route, group, factor, age_band } => {
            d.set_item("kind", "exit_times")?;
            d.set_item("factor", factor)?;
            d.set_item("route", route.map(|r| r.label()))?;
            d.set_item("group", group)?;
            d.set_item("age_band", age_band)?;
        }
        Adjustment::InHouseFosteringGrowth { places_per_year, from, to } => {
            d.set_item("kind", "in_house_fostering_growth")?;
            d.set_item("places_per_year", places_per_year)?;
            d.set_item("from_group", from)?;
            d.set_item("to_group", to)?;
        }
        Adjustment::BreakdownStepUp { share, to } => {
            d.set_item("kind", "breakdown_step_up")?;
            d.set_item("share", share)?;
            d.set_item("to_group", to)?;
        }
    }
    Ok(d)
}

#[pymethods]
impl PyScenario {
    #[new]
    #[pyo3(signature = (
        name="base", *, entries_times=None, entries_plus=None, moves=None, exits=None,
        in_house_fostering_growth=None, age_band=None, from_date=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: &str,
        entries_times: Option<f64>,
        entries_plus: Option<f64>,
        moves: Option<&Bound<'_, PyAny>>,
        exits: Option<&Bound<'_, PyAny>>,
        in_house_fostering_growth: Option<f64>,
        age_band: Option<String>,
        from_date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guarded(|| {
            let from = optional_date(from_date, "from_date")?;
            let mut s = Scenario::new(name);
            if let Some(factor) = entries_times {
                s = s.with(Adjustment::EntriesTimes { factor, age_band: age_band.clone(), from });
            }
            if let Some(per_month) = entries_plus {
                s = s.with(Adjustment::EntriesPlus { per_month, age_band: age_band.clone(), from });
            }
            if let Some(moves) = moves.filter(|m| !m.is_none()) {
                let bad = || {
                    PyTypeError::new_err(
                        "moves must be a dict {(from_group, to_group): factor}, e.g. {('childrens_home_external', 'foster_agency'): 1.2}",
                    )
                };
                let moves = moves.cast::<PyDict>().map_err(|_| bad())?;
                for (k, v) in moves.iter() {
                    let (from, to): (String, String) = k.extract().map_err(|_| bad())?;
                    let factor: f64 = v.extract().map_err(|_| bad())?;
                    s = s.with(Adjustment::MoveTimes { from, to, factor, age_band: None });
                }
            }
            if let Some(exits) = exits.filter(|e| !e.is_none()) {
                let bad = || {
                    PyTypeError::new_err(
                        "exits must be a dict {route: factor}, with None for every route, e.g. {'return_home': 1.1, None: 0.95}",
                    )
                };
                let exits = exits.cast::<PyDict>().map_err(|_| bad())?;
                for (k, v) in exits.iter() {
                    let route: Option<String> = k.extract().map_err(|_| bad())?;
                    let route = route.map(|r| route_arg(name, &r)).transpose()?;
                    let factor: f64 = v.extract().map_err(|_| bad())?;
                    s = s.with(Adjustment::ExitTimes { route, group: None, factor, age_band: None });
                }
            }
            if let Some(places) = in_house_fostering_growth {
                s = s.in_house_fostering_growth(places);
            }
            Ok(PyScenario { inner: s })
        })
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The changes, in order, as dicts with a ``kind`` key.
    #[getter]
    fn adjustments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items: Vec<Bound<'py, PyDict>> =
            self.inner.adjustments.iter().map(|a| adjustment_dict(py, a)).collect::<PyResult<_>>()?;
        PyList::new(py, items)
    }

    /// This scenario with entries multiplied by ``factor``.
    #[pyo3(signature = (factor, age_band=None, from_date=None))]
    fn entries_times(
        &self,
        factor: f64,
        age_band: Option<String>,
        from_date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenario> {
        let from = optional_date(from_date, "from_date")?;
        Ok(self.with(Adjustment::EntriesTimes { factor, age_band, from }))
    }

    /// This scenario with ``per_month`` more (negative: fewer) entries a month.
    #[pyo3(signature = (per_month, age_band=None, from_date=None))]
    fn entries_plus(
        &self,
        per_month: f64,
        age_band: Option<String>,
        from_date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyScenario> {
        let from = optional_date(from_date, "from_date")?;
        Ok(self.with(Adjustment::EntriesPlus { per_month, age_band, from }))
    }

    /// This scenario with the move hazard ``from_group`` → ``to_group`` multiplied by ``factor``.
    #[pyo3(signature = (from_group, to_group, factor, age_band=None))]
    fn move_times(&self, from_group: String, to_group: String, factor: f64, age_band: Option<String>) -> PyScenario {
        self.with(Adjustment::MoveTimes { from: from_group, to: to_group, factor, age_band })
    }

    /// This scenario with exit hazards multiplied by ``factor``.
    #[pyo3(signature = (factor, route=None, group=None, age_band=None))]
    fn exit_times(
        &self,
        factor: f64,
        route: Option<&str>,
        group: Option<String>,
        age_band: Option<String>,
    ) -> PyResult<PyScenario> {
        let route = route.map(|r| route_arg(&self.inner.name, r)).transpose()?;
        Ok(self.with(Adjustment::ExitTimes { route, group, factor, age_band }))
    }

    /// This scenario with ``places_per_year`` new in-house foster places, each
    /// taking a child who would otherwise be in ``from_group``.
    #[pyo3(signature = (places_per_year, *, from_group="foster_agency", to_group="foster_in_house"))]
    fn in_house_fostering_growth(&self, places_per_year: f64, from_group: &str, to_group: &str) -> PyScenario {
        self.with(Adjustment::InHouseFosteringGrowth {
            places_per_year,
            from: from_group.to_string(),
            to: to_group.to_string(),
        })
    }

    /// This scenario with ``share`` (0–1) of foster placement breakdowns
    /// (moves after the carer asked for the placement to end because of the
    /// child's behaviour, REASON_PLACE_CHANGE CREQB) stepping up to
    /// ``to_group`` instead.
    #[pyo3(signature = (share, *, to_group="childrens_home_external"))]
    fn breakdown_step_up(&self, share: f64, to_group: &str) -> PyScenario {
        self.with(Adjustment::BreakdownStepUp { share, to: to_group.to_string() })
    }

    /// Both scenarios' changes, this one's first, named ``"a + b"``.
    fn and_(&self, other: &Bound<'_, PyScenario>) -> PyScenario {
        PyScenario { inner: self.inner.and(&other.get().inner) }
    }

    fn __and__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyScenario>() {
            Ok(o) => Ok(Py::new(py, self.and_(o))?.into_any()),
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(&self) -> String {
        let changes: Vec<String> = self.inner.adjustments.iter().map(describe).collect();
        if changes.is_empty() {
            format!("<Scenario '{}': no changes>", self.inner.name)
        } else {
            format!("<Scenario '{}': {}>", self.inner.name, changes.join("; "))
        }
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, SCENARIO_FORMAT, "Scenario", &self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

fn scenario_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Scenario> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(Scenario::base()),
        Some(o) => o.cast::<PyScenario>().map(|s| s.get().inner.clone()).map_err(|_| {
            PyTypeError::new_err(format!("scenario must be a sufficiency.Scenario or None, not {}", type_name(o)))
        }),
    }
}

// ------------------------------------------------------------- DemandModel

/// A demand model fitted to a dataset over a reference window.
#[pyclass(frozen, eq, module = "sufficiency", name = "DemandModel")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDemandModel {
    inner: Arc<DemandModel>,
}

/// Shared label objects for frames: one Python object per date, band and group.
struct Labels<'py> {
    bands: Vec<Bound<'py, PyAny>>,
    groups: Vec<Bound<'py, PyAny>>,
}

impl<'py> Labels<'py> {
    fn new(py: Python<'py>, states: &crate::forecast::States) -> Self {
        Labels {
            bands: states.bands.iter().map(|b| PyString::new(py, &b.label()).into_any()).collect(),
            groups: states.groups.iter().map(|g| PyString::new(py, g).into_any()).collect(),
        }
    }
}

/// `days` consecutive dates from `start`, as shared Python objects.
fn dates<'py>(py: Python<'py>, start: NaiveDate, days: usize) -> PyResult<Vec<Bound<'py, PyAny>>> {
    (0..days).map(|t| (start + chrono::Duration::days(t as i64)).into_pyobject(py).map(Bound::into_any)).collect()
}

fn projection_frame<'py>(
    py: Python<'py>,
    projections: &[&Projection],
    with_scenario: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let mut scenario = Vec::new();
    let (mut date, mut band, mut group, mut children) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in projections {
        let labels = Labels::new(py, &p.states);
        let name = PyString::new(py, &p.scenario).into_any();
        for (t, d) in dates(py, p.start, p.days + 1)?.into_iter().enumerate() {
            for (b, bl) in labels.bands.iter().enumerate() {
                for (g, gl) in labels.groups.iter().enumerate() {
                    if with_scenario {
                        scenario.push(name.clone());
                    }
                    date.push(d.clone());
                    band.push(bl.clone());
                    group.push(gl.clone());
                    children.push(p.children(t, b, g));
                }
            }
        }
    }
    let mut f = FrameBuilder::new(py);
    if with_scenario {
        f.text_column("scenario", scenario)?;
    }
    f.typed_column("date", "object", date)?;
    f.text_column("age_band", band)?;
    f.text_column("placement_group", group)?;
    f.typed_column("children", "float64", children)?;
    f.build()
}

#[pymethods]
impl PyDemandModel {
    /// Fits a model to ``dataset`` over the ``reference`` window ``(start, end)``.
    #[staticmethod]
    #[pyo3(signature = (dataset, reference, config=None))]
    fn fit(
        py: Python<'_>,
        dataset: &Bound<'_, PyDataset>,
        reference: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyDemandConfig>>,
    ) -> PyResult<PyDemandModel> {
        guarded(|| {
            let window = window_arg(reference, "reference")?;
            let config = config.map_or_else(DemandConfig::standard, |c| c.get().inner.clone());
            let ds = Arc::clone(&dataset.get().inner);
            let model = detached(py, move || DemandModel::fit(ds, window, config))?.map_err(forecast_error)?;
            Ok(PyDemandModel { inner: Arc::new(model) })
        })
    }

    /// The configuration.
    #[getter]
    fn config(&self) -> PyDemandConfig {
        PyDemandConfig { inner: self.inner.config.clone() }
    }

    /// The reference window, ``(start, end)``.
    #[getter]
    fn reference(&self) -> (NaiveDate, NaiveDate) {
        let w = self.inner.reference();
        (w.start, w.end)
    }

    /// The dataset the model was fitted to.
    #[getter]
    fn dataset(&self) -> PyDataset {
        PyDataset { inner: Arc::clone(self.inner.dataset()) }
    }

    /// The share of children ageing out who stay put (set, or observed in the window).
    #[getter]
    fn staying_put_share(&self) -> f64 {
        self.inner.rates.staying_put_share
    }

    /// Children entering care per day, on average over the window.
    #[getter]
    fn entries_per_day(&self) -> f64 {
        self.inner.rates.entries_per_day()
    }

    /// The placement groups of the state space (``unclassified`` last when the data has any).
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.inner.rates.states.groups.clone()
    }

    /// The age band labels of the state space.
    #[getter]
    fn age_bands(&self) -> Vec<String> {
        self.inner.rates.states.bands.iter().map(|b| b.label()).collect()
    }

    /// Projects the children in care on the night of ``start`` (default: the
    /// reference window's last day) forward ``months`` months under ``scenario``.
    #[pyo3(signature = (start=None, months=60, scenario=None, backtest=None))]
    fn project(
        &self,
        py: Python<'_>,
        start: Option<&Bound<'_, PyAny>>,
        months: i64,
        scenario: Option<&Bound<'_, PyAny>>,
        backtest: Option<i64>,
    ) -> PyResult<PyProjection> {
        guarded(|| {
            let start = optional_date(start, "start")?;
            let months = months_arg(months, "months")?;
            let scenario = scenario_arg(scenario)?;
            let backtest = backtest.map(|b| months_arg(b, "backtest")).transpose()?;
            let model = &self.inner;
            let p = detached(py, || match backtest {
                None => model.project(start, months, &scenario),
                Some(b) => model.project_with_backtest(start, months, &scenario, b),
            })?
            .map_err(forecast_error)?;
            Ok(PyProjection { inner: Arc::new(p) })
        })
    }

    /// Projects each scenario from the same start: a list of Projections.
    #[pyo3(signature = (scenarios, start=None, months=60))]
    fn project_all(
        &self,
        py: Python<'_>,
        scenarios: &Bound<'_, PyAny>,
        start: Option<&Bound<'_, PyAny>>,
        months: i64,
    ) -> PyResult<Vec<PyProjection>> {
        guarded(|| {
            let projections = self.compare_inner(py, scenarios, start, months)?;
            Ok(projections.into_iter().map(|p| PyProjection { inner: Arc::new(p) }).collect())
        })
    }

    /// Projects each scenario from the same start, as one long frame:
    /// scenario, date, age_band, placement_group, children.
    #[pyo3(signature = (scenarios, start=None, months=60, *, backend="pandas"))]
    fn compare<'py>(
        &self,
        py: Python<'py>,
        scenarios: &Bound<'py, PyAny>,
        start: Option<&Bound<'py, PyAny>>,
        months: i64,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let projections = self.compare_inner(py, scenarios, start, months)?;
            let mut seen = std::collections::HashSet::new();
            if let Some(dup) = projections.iter().find(|p| !seen.insert(p.scenario.as_str())) {
                return Err(PyValueError::new_err(format!(
                    "two scenarios are named '{}'; give each a different name so the frame can tell them apart",
                    dup.scenario
                )));
            }
            projection_frame(py, &projections.iter().collect::<Vec<_>>(), true)
        })
    }

    /// Rewinds ``months`` months, refits, projects to the reference window's
    /// end and compares with what happened.
    #[pyo3(signature = (months=12))]
    fn backtest(&self, py: Python<'_>, months: i64) -> PyResult<PyBacktest> {
        guarded(|| {
            let months = months_arg(months, "months")?;
            let model = &self.inner;
            let b = detached(py, || model.backtest(months))?.map_err(forecast_error)?;
            Ok(PyBacktest { inner: Arc::new(b) })
        })
    }

    /// The historic stock on each night ``start..=end``: date, age_band,
    /// placement_group, children (every state, zeros included).
    #[pyo3(signature = (start, end, *, backend="pandas"))]
    fn stock<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let (from, to) = (date_arg(start, "start")?, date_arg(end, "end")?);
            if from > to {
                return Err(PyValueError::new_err(format!(
                    "start {from} is after end {to}; give the earlier date first"
                )));
            }
            let model = &self.inner;
            let stock = detached(py, || model.stock(from, to))?;
            let labels = Labels::new(py, &stock.states);
            let (mut date, mut band, mut group, mut children) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (i, d) in dates(py, stock.from, stock.nights())?.into_iter().enumerate() {
                for (b, bl) in labels.bands.iter().enumerate() {
                    for (g, gl) in labels.groups.iter().enumerate() {
                        date.push(d.clone());
                        band.push(bl.clone());
                        group.push(gl.clone());
                        children.push(stock.get(i, b, g).round() as i64);
                    }
                }
            }
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", date)?;
            f.text_column("age_band", band)?;
            f.text_column("placement_group", group)?;
            f.typed_column("children", "int64", children)?;
            f.build()
        })
    }

    /// Every non-zero fitted rate: age_band, placement_group, kind ("move" or
    /// "exit"), to (a group or an exit route), rate (daily hazard), events, exposure (nights).
    #[pyo3(signature = (*, backend="pandas"))]
    fn rates_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let rows = self.inner.rates.rows();
            let mut f = FrameBuilder::new(py);
            f.text_column("age_band", rows.iter().map(|r| r.age_band.as_str()))?;
            f.text_column("placement_group", rows.iter().map(|r| r.placement_group.as_str()))?;
            f.text_column("kind", rows.iter().map(|r| r.kind))?;
            f.text_column("to", rows.iter().map(|r| r.to.as_str()))?;
            f.typed_column("rate", "float64", rows.iter().map(|r| r.rate))?;
            f.typed_column("events", "float64", rows.iter().map(|r| r.events))?;
            f.typed_column("exposure", "float64", rows.iter().map(|r| r.exposure))?;
            f.build()
        })
    }

    fn __repr__(&self) -> String {
        let m = &self.inner;
        let w = m.reference();
        let s = &m.rates.states;
        format!(
            "<DemandModel {}\u{2013}{}: {} bands \u{d7} {} groups, {:.3} entries a day, staying put {:.0}%>",
            w.start,
            w.end,
            s.b(),
            s.g(),
            m.rates.entries_per_day(),
            m.rates.staying_put_share * 100.0
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, MODEL_FORMAT, "DemandModel", &*self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

impl PyDemandModel {
    fn compare_inner(
        &self,
        py: Python<'_>,
        scenarios: &Bound<'_, PyAny>,
        start: Option<&Bound<'_, PyAny>>,
        months: i64,
    ) -> PyResult<Vec<Projection>> {
        let bad = || {
            PyTypeError::new_err(format!(
                "scenarios must be a list of sufficiency.Scenario, not {}",
                type_name(scenarios)
            ))
        };
        if scenarios.is_instance_of::<PyString>() || scenarios.is_instance_of::<PyScenario>() {
            return Err(bad());
        }
        let mut list = Vec::new();
        for s in scenarios.try_iter().map_err(|_| bad())? {
            let s = s?;
            list.push(s.cast::<PyScenario>().map_err(|_| bad())?.get().inner.clone());
        }
        let start = optional_date(start, "start")?;
        let months = months_arg(months, "months")?;
        let model = &self.inner;
        detached(py, || model.compare(start, months, &list))?.map_err(forecast_error)
    }
}

// -------------------------------------------------------------- Projection

/// Children in care projected day by day, by age band and placement group.
#[pyclass(frozen, eq, module = "sufficiency", name = "Projection")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyProjection {
    pub(crate) inner: Arc<Projection>,
}

#[pymethods]
impl PyProjection {
    /// The scenario's name.
    #[getter]
    fn scenario(&self) -> &str {
        &self.inner.scenario
    }

    /// The start night (day 0).
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.start
    }

    /// The last night projected.
    #[getter]
    fn end(&self) -> NaiveDate {
        self.inner.date(self.inner.days)
    }

    /// Days projected after the start night.
    #[getter]
    fn days(&self) -> usize {
        self.inner.days
    }

    /// The placement groups, in order.
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.inner.states.groups.clone()
    }

    /// The age band labels, in order.
    #[getter]
    fn age_bands(&self) -> Vec<String> {
        self.inner.states.bands.iter().map(|b| b.label()).collect()
    }

    /// The model's backtest, when ``project(..., backtest=months)`` asked for one.
    #[getter]
    fn backtest(&self) -> Option<PyBacktest> {
        self.inner.backtest.as_ref().map(|b| PyBacktest { inner: Arc::new(b.clone()) })
    }

    /// The long frame: date, age_band, placement_group, children (expected,
    /// fractional), one row per night, band and group.
    #[pyo3(signature = (*, backend="pandas"))]
    fn to_pandas<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || projection_frame(py, &[&*self.inner], false))
    }

    /// Entries on each day after the start: date, age_band, placement_group,
    /// children (non-zero rows only).
    #[pyo3(signature = (*, backend="pandas"))]
    fn entries_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let p = &self.inner;
            let labels = Labels::new(py, &p.states);
            let (mut date, mut band, mut group, mut children) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (i, d) in dates(py, p.date(1), p.days)?.into_iter().enumerate() {
                for (b, bl) in labels.bands.iter().enumerate() {
                    for (g, gl) in labels.groups.iter().enumerate() {
                        let n = p.entries_by(i + 1, b, g);
                        if n != 0.0 {
                            date.push(d.clone());
                            band.push(bl.clone());
                            group.push(gl.clone());
                            children.push(n);
                        }
                    }
                }
            }
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", date)?;
            f.text_column("age_band", band)?;
            f.text_column("placement_group", group)?;
            f.typed_column("children", "float64", children)?;
            f.build()
        })
    }

    /// Exits on each day after the start: date, age_band, placement_group,
    /// route, children (non-zero rows only).
    #[pyo3(signature = (*, backend="pandas"))]
    fn exits_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let p = &self.inner;
            let labels = Labels::new(py, &p.states);
            let routes: Vec<Bound<'py, PyAny>> =
                ExitRoute::ALL.iter().map(|r| PyString::new(py, r.label()).into_any()).collect();
            let (mut date, mut band, mut group, mut route, mut children) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (i, d) in dates(py, p.date(1), p.days)?.into_iter().enumerate() {
                for (b, bl) in labels.bands.iter().enumerate() {
                    for (g, gl) in labels.groups.iter().enumerate() {
                        for (r, rl) in ExitRoute::ALL.iter().zip(&routes) {
                            let n = p.exits_by(i + 1, b, g, *r);
                            if n != 0.0 {
                                date.push(d.clone());
                                band.push(bl.clone());
                                group.push(gl.clone());
                                route.push(rl.clone());
                                children.push(n);
                            }
                        }
                    }
                }
            }
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", date)?;
            f.text_column("age_band", band)?;
            f.text_column("placement_group", group)?;
            f.text_column("route", route)?;
            f.typed_column("children", "float64", children)?;
            f.build()
        })
    }

    /// One row per night: date, one column per placement group (all bands),
    /// and total.
    #[pyo3(signature = (*, backend="pandas"))]
    fn totals<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let p = &self.inner;
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", dates(py, p.start, p.days + 1)?)?;
            for (g, name) in p.states.groups.iter().enumerate() {
                f.typed_column(name, "float64", (0..p.days + 1).map(|t| p.group_total(t, g)))?;
            }
            f.typed_column("total", "float64", (0..p.days + 1).map(|t| p.total(t)))?;
            f.build()
        })
    }

    /// The children actually in care on each night of the year before the
    /// start (and the start night): date, placement_group, children. Empty
    /// when the data holds no earlier night.
    #[pyo3(signature = (*, backend="pandas"))]
    fn actuals_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let p = &self.inner;
            let labels = Labels::new(py, &p.states);
            let ng = p.states.g();
            let (mut date, mut group, mut children) = (Vec::new(), Vec::new(), Vec::new());
            if let Some((from, values)) = &p.actuals {
                let nights = values.len().checked_div(ng).unwrap_or(0);
                for (i, d) in dates(py, *from, nights)?.into_iter().enumerate() {
                    for (g, gl) in labels.groups.iter().enumerate() {
                        date.push(d.clone());
                        group.push(gl.clone());
                        children.push(values[i * ng + g].round() as i64);
                    }
                }
            }
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", date)?;
            f.text_column("placement_group", group)?;
            f.typed_column("children", "int64", children)?;
            f.build()
        })
    }

    /// A stacked area chart of the projection by placement group, with the
    /// actual stock before the start dashed; returns the matplotlib Figure.
    #[pyo3(signature = (ax=None))]
    fn plot<'py>(slf: &Bound<'py, Self>, ax: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("sufficiency._plot")?.getattr("plot_projection")?.call1((slf, ax))
    }

    /// The headline facts, as (label, value) rows of text: scenario, start,
    /// end, nights, children at the start and at the end (expected), the
    /// change, the largest group at the end and the backtest's error. What
    /// `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let p = &self.inner;
        let (first, last) = (p.total(0), p.total(p.days));
        let end = p.date(p.days);
        let mut o = Overview::new();
        o.row("scenario", p.scenario.clone()).row("start", p.start.to_string()).row("end", end.to_string());
        let months = (end.year() - p.start.year()) * 12 + end.month() as i32 - p.start.month() as i32;
        if months > 0 && p.start.checked_add_months(chrono::Months::new(months as u32)) == Some(end) {
            o.row("months", months.to_string());
        }
        o.row("nights", thousands(p.days))
            .row("children at start", display::children(first))
            .row("children at end", display::children(last))
            .row("change", format!("{}{}", if last >= first { "+" } else { "" }, display::children(last - first)));
        let largest = (0..p.states.g())
            .map(|g| (g, p.group_total(p.days, g)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((g, n)) = largest {
            o.row("largest group at end", format!("{} ({})", p.states.groups[g], display::children(n)));
        }
        if let Some(bt) = &p.backtest {
            if let Some(e) = bt.error("model", "total") {
                o.row("backtest MAPE (total)", format!("{:.1}% over {} months", e.mape, bt.months));
            }
        }
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Projection", self.overview()))
    }

    fn __repr__(&self) -> String {
        let p = &self.inner;
        format!(
            "<Projection '{}' {} \u{2192} {} ({} days): {:.1} \u{2192} {:.1} children{}>",
            p.scenario,
            p.start,
            p.date(p.days),
            p.days,
            p.total(0),
            p.total(p.days),
            if p.backtest.is_some() { ", with backtest" } else { "" }
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, PROJECTION_FORMAT, "Projection", &*self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

// ---------------------------------------------------------------- Backtest

/// A backtest: the model refitted on an earlier window, projected forward
/// and compared month by month with what happened, beside flat and linear baselines.
#[pyclass(frozen, eq, module = "sufficiency", name = "Backtest")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyBacktest {
    inner: Arc<Backtest>,
}

#[pymethods]
impl PyBacktest {
    /// The night the backtest projects from.
    #[getter]
    fn origin(&self) -> NaiveDate {
        self.inner.origin
    }

    /// Months projected.
    #[getter]
    fn months(&self) -> u32 {
        self.inner.months
    }

    /// The window the backtest's model learned from, ``(start, end)``.
    #[getter]
    fn window(&self) -> (NaiveDate, NaiveDate) {
        (self.inner.window.start, self.inner.window.end)
    }

    /// The placement groups, in order.
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.inner.groups.clone()
    }

    /// The month-end nights compared.
    #[getter]
    fn points(&self) -> Vec<NaiveDate> {
        self.inner.points.clone()
    }

    /// The errors: method, placement_group (or "total"), mape (percent),
    /// mean_error (children), mean_pct_error (percent), final_error (children).
    #[pyo3(signature = (*, backend="pandas"))]
    fn to_pandas<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let e = &self.inner.errors;
            let mut f = FrameBuilder::new(py);
            f.text_column("method", e.iter().map(|x| x.method.as_str()))?;
            f.text_column("placement_group", e.iter().map(|x| x.placement_group.as_str()))?;
            f.typed_column("mape", "float64", e.iter().map(|x| x.mape))?;
            f.typed_column("mean_error", "float64", e.iter().map(|x| x.mean_error))?;
            f.typed_column("mean_pct_error", "float64", e.iter().map(|x| x.mean_pct_error))?;
            f.typed_column("final_error", "float64", e.iter().map(|x| x.final_error))?;
            f.build()
        })
    }

    /// The series compared: date, placement_group (each group, then
    /// "total"), actual, and one column per method (model, flat, linear).
    #[pyo3(signature = (*, backend="pandas"))]
    fn series<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let bt = &self.inner;
            let ng = bt.groups.len();
            let value = |v: &[f64], p: usize, g: usize| {
                if g < ng {
                    v[p * ng + g]
                } else {
                    v[p * ng..(p + 1) * ng].iter().sum()
                }
            };
            let keys: Vec<(usize, usize)> = (0..bt.points.len()).flat_map(|p| (0..=ng).map(move |g| (p, g))).collect();
            let point_dates: Vec<Bound<'py, PyAny>> =
                bt.points.iter().map(|d| d.into_pyobject(py).map(Bound::into_any)).collect::<PyResult<_>>()?;
            let mut names: Vec<Bound<'py, PyAny>> = bt.groups.iter().map(|g| PyString::new(py, g).into_any()).collect();
            names.push(PyString::new(py, "total").into_any());
            let mut f = FrameBuilder::new(py);
            f.typed_column("date", "object", keys.iter().map(|&(p, _)| point_dates[p].clone()))?;
            f.text_column("placement_group", keys.iter().map(|&(_, g)| names[g].clone()))?;
            f.typed_column("actual", "float64", keys.iter().map(|&(p, g)| value(&bt.actual, p, g)))?;
            for (method, v) in &bt.forecasts {
                f.typed_column(method, "float64", keys.iter().map(|&(p, g)| value(v, p, g)))?;
            }
            f.build()
        })
    }

    /// The headline facts, as (label, value) rows of text: origin, months,
    /// the window learned from, the nights compared, and each method's MAPE
    /// and final error on the total. What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let bt = &self.inner;
        let mut o = Overview::new();
        o.row("origin", bt.origin.to_string())
            .row("months", bt.months.to_string())
            .row("learned from", format!("{} \u{2013} {}", bt.window.start, bt.window.end))
            .row("month ends compared", thousands(bt.points.len()));
        for (m, _) in &bt.forecasts {
            if let Some(e) = bt.error(m, "total") {
                o.row(format!("MAPE (total), {m}"), format!("{:.1}%", e.mape));
            }
        }
        for (m, _) in &bt.forecasts {
            if let Some(e) = bt.error(m, "total") {
                o.row(format!("final error (total), {m}"), format!("{:+.1} children", e.final_error));
            }
        }
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Backtest", self.overview()))
    }

    /// Actual against forecast at each month end for one placement group (or
    /// the total), one line per method; returns the matplotlib Figure.
    #[pyo3(signature = (ax=None, group="total"))]
    fn plot<'py>(slf: &Bound<'py, Self>, ax: Option<&Bound<'py, PyAny>>, group: &str) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        if group != "total" && !slf.get().inner.groups.iter().any(|g| g == group) {
            return Err(PyValueError::new_err(format!(
                "group must be 'total' or one of the backtest's groups ({}), not '{group}'",
                slf.get().inner.groups.join(", ")
            )));
        }
        py.import("sufficiency._plot")?.getattr("plot_backtest")?.call1((slf, ax, group))
    }

    fn __repr__(&self) -> String {
        let bt = &self.inner;
        let mapes: Vec<String> = bt
            .forecasts
            .iter()
            .filter_map(|(m, _)| bt.error(m, "total").map(|e| format!("{m} {:.1}%", e.mape)))
            .collect();
        format!("<Backtest {} months from {}: MAPE (total) {}>", bt.months, bt.origin, mapes.join(", "))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, BACKTEST_FORMAT, "Backtest", &*self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}
