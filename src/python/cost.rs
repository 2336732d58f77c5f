//! `sufficiency.PriceBook`, `CostForecast` and `HighCost`, and the functions
//! `forecast_costs`, `cost_avoidance`, `compare_costs` and
//! `high_cost_placements`: the cost engine ([`crate::cost`]) from Python.
//!
//! Money crosses the boundary as `decimal.Decimal` both ways and never as a
//! float: an amount of money given as a float is an `InputError` asking for a
//! `Decimal` or a string, and frames hold `Decimal`s unless the caller asks
//! for floats (`money="float"`). Rates, shares and child counts are not money;
//! a float there is read as the decimal it prints as (`0.04` is
//! `Decimal("0.04")`). A [`CostError`] reaches Python as an `InputError` with
//! the engine's message. Costing runs detached from the interpreter; every
//! object is immutable and pickles through [`state`] (see [`_cost_from_state`]).

use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyInt, PyList, PyMapping, PySlice, PyString, PyTuple, PyType};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::{
    compare_costs as compare, cost_avoidance as avoidance, cost_episodes, cost_projection, financial_year,
    high_cost_placements as high_cost, pence, ActualCost, BlockContract, By, CostError, CostForecast, CostOptions,
    HighCost, HighCostQuery, Price, PriceBook, Route, RouteShare, Uplift, UpliftRule,
};
use crate::forecast::Projection;
use crate::ssda903::Dataset;

use super::convert::{as_frame, date_arg, framed, thousands, FrameBuilder};
use super::dataset::PyDataset;
use super::display::{self, pounds, Overview, Rows};
use super::errors::{detached, guarded, InputError, SufficiencyError};
use super::forecast::PyProjection;
use super::state;
use super::synth::PyAuthority;

/// A [`CostError`] as an `InputError` carrying the engine's message.
fn cost_error(e: CostError) -> PyErr {
    InputError::new_err(e.to_string())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

// ------------------------------------------------------------------ numbers

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn is_decimal(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let cls = DECIMAL.import(obj.py(), "decimal", "Decimal")?;
    obj.is_instance(cls)
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    Decimal::from_str(t).ok().or_else(|| Decimal::from_scientific(t).ok())
}

/// A whole number (a Python int or anything with `__index__`, such as a numpy
/// integer), exactly.
fn whole(obj: &Bound<'_, PyAny>) -> Option<Decimal> {
    if obj.is_instance_of::<PyInt>() || obj.hasattr("__index__").unwrap_or(false) {
        let i = obj.call_method0("__index__").ok()?;
        return parse_decimal(&i.str().ok()?.to_cow().ok()?);
    }
    None
}

/// An amount of money: a `decimal.Decimal`, a string such as `"477.00"`
/// (a leading `£` and thousands commas are allowed) or an int. A float is an
/// `InputError`: most amounts in pence have no exact binary float.
pub(crate) fn money_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Decimal> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{what} must be an amount of money, not a bool")));
    }
    if obj.is_instance_of::<PyFloat>() || (!is_decimal(obj)? && obj.hasattr("is_integer")? && whole(obj).is_none()) {
        return Err(InputError::new_err(format!(
            "{what} is the float {}; money must not pass through binary floating point, which cannot hold most \
             amounts in pence exactly. Pass a decimal.Decimal (Decimal('477.00')) or a string ('477.00') instead; \
             when reading a CSV file, read the column as text (pandas.read_csv(..., dtype={{'weekly': str}}))",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        )));
    }
    let bad = |text: &str| {
        InputError::new_err(format!(
            "{what} '{text}' is not an amount of money; write it like '477.00' or Decimal('477.00')"
        ))
    };
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        let cleaned: String = text.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
        return parse_decimal(&cleaned).ok_or_else(|| bad(&text));
    }
    if let Some(d) = whole(obj) {
        return Ok(d);
    }
    if is_decimal(obj)? {
        let text = obj.str()?.to_cow()?.into_owned();
        return parse_decimal(&text).ok_or_else(|| bad(&text));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be a decimal.Decimal, a string such as '477.00' or an int, not {}",
        type_name(obj)
    )))
}

/// A rate, share or count (not money): like [`money_arg`], but a float is read
/// as the decimal it prints as (`0.04` → `0.04`), which is what was typed.
fn number_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Decimal> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{what} must be a number, not a bool")));
    }
    let text = if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyString>() || is_decimal(obj)? {
        obj.str()?.to_cow()?.into_owned()
    } else if let Some(d) = whole(obj) {
        return Ok(d);
    } else if obj.hasattr("is_integer")? {
        obj.call_method0("__float__")?.str()?.to_cow()?.into_owned()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a number (a decimal.Decimal, an int, a float or a string), not {}",
            type_name(obj)
        )));
    };
    parse_decimal(&text)
        .ok_or_else(|| InputError::new_err(format!("{what} '{text}' is not a number; write it like '0.04'")))
}

/// A dict, or any other mapping (`collections.abc.Mapping`) as a dict; None otherwise.
fn dict_of<'py>(obj: &Bound<'py, PyAny>) -> Option<Bound<'py, PyDict>> {
    if let Ok(d) = obj.cast::<PyDict>() {
        return Some(d.clone());
    }
    obj.cast::<PyMapping>().ok()?;
    obj.py().get_type::<PyDict>().call1((obj,)).ok()?.cast_into::<PyDict>().ok()
}

fn route_arg(route: &str) -> PyResult<Route> {
    route.parse::<Route>().map_err(cost_error)
}

/// How money columns come out: `decimal.Decimal` in pence, floats, or exact `Decimal`s.
#[derive(Clone, Copy, PartialEq)]
enum Money {
    Pence,
    Float,
    Exact,
}

fn money_choice(value: &str, exact_allowed: bool) -> PyResult<Money> {
    match value {
        "decimal" => Ok(Money::Pence),
        "float" => Ok(Money::Float),
        "exact" if exact_allowed => Ok(Money::Exact),
        other => Err(PyValueError::new_err(if exact_allowed {
            format!("money must be 'decimal', 'float' or 'exact', not '{other}'")
        } else {
            format!("money must be 'decimal' or 'float', not '{other}'")
        })),
    }
}

/// A money column: Decimals (object dtype) or float64.
fn money_column<'py>(
    f: &mut FrameBuilder<'py>,
    name: &str,
    money: Money,
    values: impl ExactSizeIterator<Item = Decimal>,
) -> PyResult<()> {
    if money == Money::Float {
        let float = |v: Decimal| v.to_f64().unwrap_or(f64::NAN); // float on request
        f.typed_column(name, "float64", values.map(float))?;
    } else {
        f.typed_column(name, "object", values)?;
    }
    Ok(())
}

// ------------------------------------------------------------ frames in

/// The columns of a frame given to sufficiency, as Python values (None where missing).
struct Frame<'py> {
    name: String,
    rows: usize,
    columns: Vec<(String, Vec<Option<Bound<'py, PyAny>>>)>,
}

impl<'py> Frame<'py> {
    /// Reads `obj` (a DataFrame or anything `pandas.DataFrame()` accepts),
    /// checking its columns: `required` and `optional` names (case-insensitive),
    /// each with its aliases, and nothing else.
    fn read(obj: &Bound<'py, PyAny>, name: &str, required: &[&[&str]], optional: &[&[&str]]) -> PyResult<Self> {
        let py = obj.py();
        let frame = as_frame(name, obj)?;
        let known = |names: &[&[&str]]| names.iter().map(|n| n[0]).collect::<Vec<_>>().join(", ");
        let all: Vec<&[&str]> = required.iter().chain(optional).copied().collect();
        let rows = frame.len()?;
        let iloc = frame.getattr("iloc")?;
        let mut columns: Vec<(String, Vec<Option<Bound<'py, PyAny>>>)> = Vec::new();
        for (j, col) in frame.getattr("columns")?.try_iter()?.enumerate() {
            let given = col?.str()?.to_cow()?.trim().to_ascii_lowercase();
            let Some(names) = all.iter().find(|n| n.contains(&given.as_str())) else {
                return Err(InputError::new_err(format!(
                    "{name} has a column '{given}' sufficiency does not know; its columns are {} (and optionally {}). \
                     Select the ones it needs, e.g. frame[[...]]",
                    known(required),
                    if optional.is_empty() { "nothing else".to_string() } else { known(optional) }
                )));
            };
            let canonical = names[0].to_string();
            if columns.iter().any(|(c, _)| *c == canonical) {
                return Err(InputError::new_err(format!("{name} has two '{canonical}' columns; keep one")));
            }
            let series = iloc.get_item((PySlice::full(py), j))?;
            let missing: Vec<bool> = series.call_method0("isna")?.call_method0("tolist")?.extract()?;
            let values = series.call_method0("tolist")?;
            let values = values.cast::<PyList>()?;
            let cells = values.iter().zip(missing).map(|(v, m)| (!m).then_some(v)).collect();
            columns.push((canonical, cells));
        }
        for names in required {
            if !columns.iter().any(|(c, _)| c == names[0]) {
                return Err(InputError::new_err(format!(
                    "{name} has no '{}' column; it needs {} (and optionally {})",
                    names[0],
                    known(required),
                    if optional.is_empty() { "nothing else".to_string() } else { known(optional) }
                )));
            }
        }
        Ok(Frame { name: name.to_string(), rows, columns })
    }

    fn cell(&self, column: &str, row: usize) -> Option<&Bound<'py, PyAny>> {
        self.columns.iter().find(|(c, _)| c == column).and_then(|(_, v)| v[row].as_ref())
    }

    fn what(&self, column: &str, row: usize) -> String {
        format!("{} row {} column {column}", self.name, row + 1)
    }

    fn required(&self, column: &str, row: usize) -> PyResult<&Bound<'py, PyAny>> {
        self.cell(column, row)
            .ok_or_else(|| InputError::new_err(format!("{} is blank; give a value", self.what(column, row))))
    }

    fn text(&self, column: &str, row: usize) -> PyResult<Option<String>> {
        self.cell(column, row)
            .map(|v| Ok(v.str()?.to_cow()?.trim().to_string()))
            .transpose()
            .map(|t: Option<String>| t.filter(|s| !s.is_empty()))
    }

    fn required_text(&self, column: &str, row: usize) -> PyResult<String> {
        self.required(column, row)?;
        self.text(column, row)?
            .ok_or_else(|| InputError::new_err(format!("{} is blank; give a value", self.what(column, row))))
    }

    fn money(&self, column: &str, row: usize) -> PyResult<Decimal> {
        money_arg(self.required(column, row)?, &self.what(column, row))
    }

    /// A date: a date, datetime or Timestamp, or `YYYY-MM-DD` or `DD/MM/YYYY` text.
    fn date(&self, column: &str, row: usize) -> PyResult<NaiveDate> {
        let cell = self.required(column, row)?;
        let what = self.what(column, row);
        if let Ok(s) = cell.cast::<PyString>() {
            let text = s.to_cow()?;
            let t = text.trim();
            return NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
                .map_err(|_| {
                    InputError::new_err(format!("{what} '{t}' is not a date written YYYY-MM-DD or DD/MM/YYYY"))
                });
        }
        if cell.is_instance_of::<PyDate>() {
            let (y, m, d): (i32, u32, u32) =
                (cell.getattr("year")?.extract()?, cell.getattr("month")?.extract()?, cell.getattr("day")?.extract()?);
            return NaiveDate::from_ymd_opt(y, m, d)
                .ok_or_else(|| InputError::new_err(format!("{what} is not a date")));
        }
        Err(InputError::new_err(format!("{what} must be a date, not {}", type_name(cell))))
    }
}

/// Finance-system costs from a frame: child, episode_start, weekly, route, provider (optional).
fn actual_costs_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<ActualCost>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Vec::new()) };
    let f = Frame::read(
        obj,
        "actual_costs",
        &[&["child"], &["episode_start", "decom"], &["weekly"], &["route"]],
        &[&["provider"]],
    )?;
    (0..f.rows)
        .map(|i| {
            Ok(ActualCost {
                child: f.required_text("child", i)?,
                episode_start: f.date("episode_start", i)?,
                weekly: f.money("weekly", i)?,
                route: route_arg(&f.required_text("route", i)?)
                    .map_err(|e| InputError::new_err(format!("{}: {}", f.what("route", i), e.value(obj.py()))))?,
                provider: f.text("provider", i)?,
            })
        })
        .collect()
}

// ------------------------------------------------------------------ pickling

const PRICE_BOOK_FORMAT: &str = "sufficiency.PriceBook/1";
const COST_FORECAST_FORMAT: &str = "sufficiency.CostForecast/1";
const HIGH_COST_FORMAT: &str = "sufficiency.HighCost/1";

/// `__reduce__` for a cost object: `_cost_from_state((format, version, payload))`.
fn reduce<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    format: &str,
    what: &str,
    value: &T,
) -> PyResult<state::Reduced<'py>> {
    state::reduce(py, "_cost_from_state", format, what, value)
}

/// A cost forecast with what the Python object adds: the default breakdown and the budget.
#[derive(Serialize)]
struct ForecastStateRef<'a> {
    forecast: &'a CostForecast,
    by: &'a [By],
    budget: &'a Option<Vec<(String, Decimal)>>,
}

#[derive(Deserialize)]
struct ForecastState {
    forecast: CostForecast,
    by: Vec<By>,
    budget: Option<Vec<(String, Decimal)>>,
}

/// Rebuilds a pickled PriceBook, CostForecast or HighCost (the callable
/// their `__reduce__` names). Not part of the API.
#[pyfunction]
pub(crate) fn _cost_from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (format, version, payload): (String, String, Bound<'_, PyAny>) = state.extract().map_err(|_| {
            SufficiencyError::new_err("this is not a pickled sufficiency cost object; it cannot be unpickled")
        })?;
        Ok(match format.as_str() {
            PRICE_BOOK_FORMAT => Py::new(py, PyPriceBook { inner: state::restore(&payload, "PriceBook", &version)? })?.into_any(),
            COST_FORECAST_FORMAT => {
                let s: ForecastState = state::restore(&payload, "CostForecast", &version)?;
                Py::new(py, PyCostForecast { inner: Arc::new(s.forecast), by: s.by, budget: s.budget })?.into_any()
            }
            HIGH_COST_FORMAT => Py::new(py, PyHighCost { inner: state::restore(&payload, "HighCost", &version)? })?.into_any(),
            other => {
                return Err(SufficiencyError::new_err(format!(
                    "this object was pickled by sufficiency {version} in a format ({other}) that sufficiency {} cannot read; build it again",
                    env!("CARGO_PKG_VERSION")
                )))
            }
        })
    })
}

// ----------------------------------------------------------------- PriceBook

/// Weekly prices by placement group and commissioning route, effective-dated,
/// with yearly uplifts, block contracts and the route mix. Immutable: the
/// ``with_*`` methods return a new book.
#[pyclass(frozen, eq, module = "sufficiency", name = "PriceBook")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyPriceBook {
    pub(crate) inner: PriceBook,
}

impl PyPriceBook {
    /// A new book from `book`, checked.
    fn checked(book: PriceBook) -> PyResult<PyPriceBook> {
        book.validate().map_err(cost_error)?;
        Ok(PyPriceBook { inner: book })
    }
}

fn groups_of<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    let mut v: Vec<&str> = names.collect();
    v.sort_unstable();
    v.dedup();
    v.len()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[pymethods]
impl PyPriceBook {
    /// An empty price book.
    #[new]
    #[pyo3(signature = (label="custom"))]
    fn new(label: &str) -> Self {
        PyPriceBook { inner: PriceBook::new(label) }
    }

    /// The national-average weekly prices for 2024-25, uplifted 5.5% each 1 April.
    #[staticmethod]
    fn national_defaults() -> Self {
        PyPriceBook { inner: PriceBook::national_defaults() }
    }

    /// A synthetic authority's prices, with the default route mix and a 5.5% uplift.
    #[staticmethod]
    fn from_synthetic(authority: &Bound<'_, PyAuthority>) -> PyResult<Self> {
        guarded(|| PyPriceBook::checked(PriceBook::from_synthetic(&authority.get().inner.prices).map_err(cost_error)?))
    }

    /// Prices from a frame: group (or placement_group), route, weekly,
    /// effective_from, and optionally provider, lot, basis.
    #[staticmethod]
    #[pyo3(signature = (frame, label="from frame"))]
    fn from_frame(frame: &Bound<'_, PyAny>, label: &str) -> PyResult<Self> {
        guarded(|| {
            let f = Frame::read(
                frame,
                "the prices frame",
                &[&["placement_group", "group"], &["route"], &["weekly"], &["effective_from"]],
                &[&["provider"], &["lot"], &["basis"]],
            )?;
            let mut book = PriceBook::new(label);
            for i in 0..f.rows {
                let route = route_arg(&f.required_text("route", i)?)
                    .map_err(|e| InputError::new_err(format!("{}: {}", f.what("route", i), e.value(frame.py()))))?;
                book.prices.push(Price {
                    group: f.required_text("placement_group", i)?,
                    route,
                    provider: f.text("provider", i)?,
                    lot: f.text("lot", i)?,
                    effective_from: f.date("effective_from", i)?,
                    weekly: f.money("weekly", i)?,
                    basis: f.text("basis", i)?.unwrap_or_default(),
                });
            }
            // A frame of prices gives no route mix: a group priced by both a
            // framework and spot is bought 80/20 between them, as in the
            // national defaults.
            PyPriceBook::checked(book.with_default_mix())
        })
    }

    /// What the prices are.
    #[getter]
    fn label(&self) -> &str {
        &self.inner.label
    }

    /// This book with a weekly price (replacing one for the same group, route,
    /// provider and date).
    #[pyo3(signature = (group, route, weekly, effective_from, provider=None, *, lot=None, basis=None))]
    #[allow(clippy::too_many_arguments)]
    fn with_price(
        &self,
        group: &str,
        route: &str,
        weekly: &Bound<'_, PyAny>,
        effective_from: &Bound<'_, PyAny>,
        provider: Option<String>,
        lot: Option<String>,
        basis: Option<String>,
    ) -> PyResult<PyPriceBook> {
        guarded(|| {
            let price = Price {
                group: group.to_string(),
                route: route_arg(route)?,
                provider,
                lot,
                effective_from: date_arg(effective_from, "effective_from")?,
                weekly: money_arg(weekly, "weekly")?,
                basis: basis.unwrap_or_default(),
            };
            let mut book = self.inner.clone();
            book.prices.retain(|p| {
                !(p.group == price.group
                    && p.route == price.route
                    && p.provider == price.provider
                    && p.effective_from == price.effective_from)
            });
            book.prices.push(price);
            PyPriceBook::checked(book)
        })
    }

    /// This book with an uplift rule, taking precedence over its earlier rules.
    #[pyo3(
        signature = (rate=None, *, index=None, plus=None, group=None, route=None),
        text_signature = "($self, rate=None, *, index=None, plus=0, group=None, route=None)"
    )]
    fn with_uplift(
        &self,
        rate: Option<&Bound<'_, PyAny>>,
        index: Option<&Bound<'_, PyAny>>,
        plus: Option<&Bound<'_, PyAny>>,
        group: Option<String>,
        route: Option<&str>,
    ) -> PyResult<PyPriceBook> {
        guarded(|| {
            let rate = rate.filter(|r| !r.is_none());
            let index = index.filter(|r| !r.is_none());
            let plus = plus.filter(|p| !p.is_none()).map(|p| number_arg(p, "plus")).transpose()?;
            let rule = match (rate, index) {
                (Some(r), None) => {
                    if plus.is_some_and(|p| !p.is_zero()) {
                        return Err(PyValueError::new_err(
                            "plus is a margin on an index; with a fixed rate, add it to the rate",
                        ));
                    }
                    UpliftRule::Fixed { rate: number_arg(r, "rate")? }
                }
                (None, Some(ix)) => {
                    let bad = || {
                        PyTypeError::new_err(
                            "index must be a dict {financial year's starting year: rate}, e.g. {2025: Decimal('0.03'), 2026: Decimal('0.025')}",
                        )
                    };
                    let d = dict_of(ix).ok_or_else(bad)?;
                    let mut series = Vec::new();
                    for (k, v) in d.iter() {
                        if k.is_instance_of::<PyBool>() || !k.is_instance_of::<PyInt>() {
                            return Err(bad());
                        }
                        let year: i32 = k.extract().map_err(|_| bad())?;
                        series.push((year, number_arg(&v, &format!("index[{year}]"))?));
                    }
                    if series.is_empty() {
                        return Err(PyValueError::new_err("index is empty; give at least one year's rate"));
                    }
                    series.sort_by_key(|(y, _)| *y);
                    UpliftRule::Index { series, plus: plus.unwrap_or(Decimal::ZERO) }
                }
                (Some(_), Some(_)) => {
                    return Err(PyValueError::new_err("give either a fixed rate or an index, not both"));
                }
                (None, None) => {
                    return Err(PyValueError::new_err(
                        "give a fixed rate (with_uplift(Decimal('0.04'))) or an index (with_uplift(index={2025: Decimal('0.03')}, plus=Decimal('0.01')))",
                    ));
                }
            };
            let route = route.map(route_arg).transpose()?;
            let mut book = self.inner.clone();
            book.uplifts.insert(0, Uplift { rule, group, route });
            PyPriceBook::checked(book)
        })
    }

    /// This book with a block contract.
    #[pyo3(signature = (name, provider, group, places, weekly, start, end))]
    #[allow(clippy::too_many_arguments)]
    fn with_block(
        &self,
        name: &str,
        provider: &str,
        group: &str,
        places: u32,
        weekly: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyPriceBook> {
        guarded(|| {
            let mut book = self.inner.clone();
            book.blocks.push(BlockContract {
                name: name.to_string(),
                provider: provider.to_string(),
                group: group.to_string(),
                places,
                weekly: money_arg(weekly, "weekly")?,
                start: date_arg(start, "start")?,
                end: date_arg(end, "end")?,
            });
            PyPriceBook::checked(book)
        })
    }

    /// This book with `group`'s route mix replaced by `shares` ({route: share}).
    #[pyo3(signature = (shares, *, group))]
    fn with_mix(&self, shares: &Bound<'_, PyAny>, group: &str) -> PyResult<PyPriceBook> {
        guarded(|| {
            let d = dict_of(shares).ok_or_else(|| {
                PyTypeError::new_err(
                    "shares must be a dict {route: share}, e.g. {'framework': Decimal('0.8'), 'spot': Decimal('0.2')}",
                )
            })?;
            let mut book = self.inner.clone();
            book.mix.retain(|s| s.group != group);
            for (k, v) in d.iter() {
                let route: String = k.extract().map_err(|_| {
                    PyTypeError::new_err(format!("the keys of shares must be route names, not {}", type_name(&k)))
                })?;
                let route = route_arg(&route)?;
                let share = number_arg(&v, &format!("the share for {route}"))?;
                book.mix.push(RouteShare { group: group.to_string(), route, share });
            }
            PyPriceBook::checked(book)
        })
    }

    /// This book with each group's route mix as observed in finance records
    /// (`actual_costs`) joined to `dataset`'s episodes on nights `start..end`.
    #[pyo3(signature = (dataset, actual_costs, start, end, *, include_short_breaks=false))]
    fn with_observed_mix(
        &self,
        dataset: &Bound<'_, PyDataset>,
        actual_costs: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        include_short_breaks: bool,
    ) -> PyResult<PyPriceBook> {
        guarded(|| {
            let (from, to) = (date_arg(start, "start")?, date_arg(end, "end")?);
            let actual = actual_costs_arg(Some(actual_costs))?;
            let opts = CostOptions { include_short_breaks, ..CostOptions::default() };
            let book = self.inner.clone().with_observed_mix(&dataset.get().inner, &actual, &opts, from, to);
            PyPriceBook::checked(book)
        })
    }

    /// The weekly price on `date`, uplifted; None when no price applies.
    #[pyo3(signature = (group, route, date, provider=None))]
    fn weekly(
        &self,
        group: &str,
        route: &str,
        date: &Bound<'_, PyAny>,
        provider: Option<&str>,
    ) -> PyResult<Option<Decimal>> {
        guarded(|| Ok(self.inner.weekly(group, route_arg(route)?, provider, date_arg(date, "date")?)))
    }

    /// The prices: placement_group, route, provider, lot, effective_from, weekly, basis.
    #[pyo3(signature = (*, backend="pandas"))]
    fn to_pandas<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let p = &self.inner.prices;
            let mut f = FrameBuilder::new(py);
            f.text_column("placement_group", p.iter().map(|x| x.group.as_str()))?;
            f.text_column("route", p.iter().map(|x| x.route.label()))?;
            f.text_column("provider", p.iter().map(|x| x.provider.as_deref()))?;
            f.text_column("lot", p.iter().map(|x| x.lot.as_deref()))?;
            f.typed_column("effective_from", "object", p.iter().map(|x| x.effective_from))?;
            f.typed_column("weekly", "object", p.iter().map(|x| x.weekly))?;
            f.text_column("basis", p.iter().map(|x| x.basis.as_str()))?;
            f.build()
        })
    }

    /// The block contracts: name, provider, placement_group, places, weekly, start, end.
    #[pyo3(signature = (*, backend="pandas"))]
    fn blocks_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let b = &self.inner.blocks;
            let mut f = FrameBuilder::new(py);
            f.text_column("name", b.iter().map(|x| x.name.as_str()))?;
            f.text_column("provider", b.iter().map(|x| x.provider.as_str()))?;
            f.text_column("placement_group", b.iter().map(|x| x.group.as_str()))?;
            f.typed_column("places", "int64", b.iter().map(|x| x.places))?;
            f.typed_column("weekly", "object", b.iter().map(|x| x.weekly))?;
            f.typed_column("start", "object", b.iter().map(|x| x.start))?;
            f.typed_column("end", "object", b.iter().map(|x| x.end))?;
            f.build()
        })
    }

    /// The route mix: placement_group, route, share.
    #[pyo3(signature = (*, backend="pandas"))]
    fn mix_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let m = &self.inner.mix;
            let mut f = FrameBuilder::new(py);
            f.text_column("placement_group", m.iter().map(|x| x.group.as_str()))?;
            f.text_column("route", m.iter().map(|x| x.route.label()))?;
            f.typed_column("share", "object", m.iter().map(|x| x.share))?;
            f.build()
        })
    }

    /// The uplift rules, first (winning) first, as dicts.
    #[getter]
    fn uplifts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .uplifts
            .iter()
            .map(|u| {
                let d = PyDict::new(py);
                match &u.rule {
                    UpliftRule::Fixed { rate } => {
                        d.set_item("kind", "fixed")?;
                        d.set_item("rate", rate)?;
                    }
                    UpliftRule::Index { series, plus } => {
                        d.set_item("kind", "index")?;
                        let ix = PyDict::new(py);
                        for (y, r) in series {
                            ix.set_item(y, r)?;
                        }
                        d.set_item("index", ix)?;
                        d.set_item("plus", plus)?;
                    }
                }
                d.set_item("group", u.group.as_deref())?;
                d.set_item("route", u.route.map(Route::label))?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    fn __repr__(&self) -> String {
        let b = &self.inner;
        format!(
            "<PriceBook '{}': {} for {}, {}, {}, route mix for {}>",
            b.label,
            plural(b.prices.len(), "price", "prices"),
            plural(groups_of(b.prices.iter().map(|p| p.group.as_str())), "group", "groups"),
            plural(b.uplifts.len(), "uplift rule", "uplift rules"),
            plural(b.blocks.len(), "block contract", "block contracts"),
            plural(groups_of(b.mix.iter().map(|s| s.group.as_str())), "group", "groups"),
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, PRICE_BOOK_FORMAT, "PriceBook", &self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

// -------------------------------------------------------------- CostForecast

/// The column name of a breakdown key.
fn by_name(b: By) -> &'static str {
    match b {
        By::Day => "date",
        By::Month => "month",
        By::Quarter => "quarter",
        By::FinancialYear => "financial_year",
        By::PlacementGroup => "placement_group",
        By::Route => "route",
        By::Provider => "provider",
        By::Kind => "kind",
        By::Source => "source",
    }
}

/// A breakdown: one key name or a sequence of them.
fn by_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<By>> {
    let names: Vec<String> = if let Ok(s) = obj.cast::<PyString>() {
        vec![s.to_cow()?.into_owned()]
    } else {
        obj.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "by must be a key name or a sequence of them, e.g. ('financial_year', 'placement_group'), not {}",
                type_name(obj)
            ))
        })?
    };
    let mut by: Vec<By> = Vec::new();
    for n in names {
        let b: By = n.parse().map_err(cost_error)?;
        if by.contains(&b) {
            return Err(PyValueError::new_err(format!("by names '{}' twice", by_name(b))));
        }
        by.push(b);
    }
    Ok(by)
}

/// A financial year label such as `2025-26`.
fn financial_year_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let bad = || {
        InputError::new_err(format!(
            "budget keys must be financial years written like '2025-26' (1 April 2025 to 31 March 2026), not {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    let s: String = obj.extract().map_err(|_| bad())?;
    let t = s.trim();
    let (a, b) = t.split_once('-').ok_or_else(bad)?;
    let (y, n): (i32, i32) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if a.len() != 4 || b.len() != 2 || (y + 1) % 100 != n {
        return Err(bad());
    }
    Ok(t.to_string())
}

/// A budget: {financial year: money}, sorted by year.
fn budget_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<(String, Decimal)>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(None) };
    let d = dict_of(obj).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "budget must be a dict {{financial year: amount}}, e.g. {{'2025-26': Decimal('41500000')}}, not {}",
            type_name(obj)
        ))
    })?;
    let mut budget = Vec::new();
    for (k, v) in d.iter() {
        let fy = financial_year_arg(&k)?;
        let amount = money_arg(&v, &format!("the budget for {fy}"))?;
        budget.push((fy, amount));
    }
    budget.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Some(budget))
}

/// Costs by night and by what they are for (placement group, route, provider,
/// placement or void, actual or forecast), with the default breakdown and an
/// optional budget.
#[pyclass(frozen, eq, module = "sufficiency", name = "CostForecast")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCostForecast {
    inner: Arc<CostForecast>,
    by: Vec<By>,
    budget: Option<Vec<(String, Decimal)>>,
}

impl PyCostForecast {
    fn new(f: CostForecast) -> Self {
        PyCostForecast { inner: Arc::new(f), by: vec![By::FinancialYear, By::PlacementGroup], budget: None }
    }

    fn last_night(&self) -> Option<NaiveDate> {
        (self.inner.days > 0).then(|| self.inner.date(self.inner.days - 1))
    }
}

#[pymethods]
impl PyCostForecast {
    /// Total pounds, rounded to the penny.
    #[getter]
    fn total(&self) -> Decimal {
        pence(self.inner.total())
    }

    /// The first night costed.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.from
    }

    /// The first night not costed (the end is exclusive).
    #[getter]
    fn end(&self) -> NaiveDate {
        self.inner.date(self.inner.days)
    }

    /// Nights costed.
    #[getter]
    fn days(&self) -> usize {
        self.inner.days
    }

    /// The default breakdown of `to_pandas`.
    #[getter]
    fn by(&self) -> Vec<&'static str> {
        self.by.iter().map(|b| by_name(*b)).collect()
    }

    /// The budget, {financial year: Decimal}, or None.
    #[getter]
    fn budget<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.budget
            .as_ref()
            .map(|b| {
                let d = PyDict::new(py);
                for (fy, amount) in b {
                    d.set_item(fy, amount)?;
                }
                Ok(d)
            })
            .transpose()
    }

    /// The price book's label.
    #[getter]
    fn prices_label(&self) -> &str {
        &self.inner.prices_label
    }

    /// The cost table: one column per breakdown key, then `cost`.
    #[pyo3(signature = (by=None, money="decimal", *, backend="pandas"))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        by: Option<&Bound<'py, PyAny>>,
        money: &str,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let by = match by.filter(|b| !b.is_none()) {
                Some(b) => by_arg(b)?,
                None => self.by.clone(),
            };
            let money = money_choice(money, true)?;
            let f = &self.inner;
            let rows = detached(py, || f.table(&by))?;
            let mut frame = FrameBuilder::new(py);
            for (k, b) in by.iter().enumerate() {
                if *b == By::Day {
                    let dates: Vec<Option<NaiveDate>> =
                        rows.iter().map(|r| NaiveDate::from_str(&r.keys[k]).ok()).collect();
                    frame.typed_column(by_name(*b), "object", dates)?;
                } else {
                    frame.text_column(by_name(*b), rows.iter().map(|r| r.keys[k].as_str()))?;
                }
            }
            let values = rows.iter().map(|r| if money == Money::Exact { r.exact } else { r.amount });
            money_column(&mut frame, "cost", money, values)?;
            frame.build()
        })
    }

    /// Spend against budget by financial year.
    #[pyo3(signature = (budget=None, money="decimal", *, backend="pandas"))]
    fn pressure<'py>(
        &self,
        py: Python<'py>,
        budget: Option<&Bound<'py, PyAny>>,
        money: &str,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let money = money_choice(money, false)?;
            let budget = match budget_arg(budget)? {
                Some(b) => b,
                None => self.budget.clone().ok_or_else(|| {
                    PyValueError::new_err(
                        "there is no budget to compare with: pass budget={'2025-26': Decimal('...')} to pressure() or to forecast_costs()",
                    )
                })?,
            };
            let f = &self.inner;
            let rows = detached(py, || f.pressure(&budget))?;
            let mut frame = FrameBuilder::new(py);
            frame.text_column("financial_year", rows.iter().map(|r| r.financial_year.as_str()))?;
            money_column(&mut frame, "actual", money, rows.iter().map(|r| r.actual))?;
            money_column(&mut frame, "forecast", money, rows.iter().map(|r| r.forecast))?;
            money_column(&mut frame, "outturn", money, rows.iter().map(|r| r.outturn))?;
            money_column(&mut frame, "budget", money, rows.iter().map(|r| r.budget))?;
            money_column(&mut frame, "pressure", money, rows.iter().map(|r| r.pressure))?;
            if money == Money::Float {
                frame.typed_column(
                    "pressure_pct",
                    "float64",
                    rows.iter().map(|r| r.pressure_pct.and_then(|p| p.to_f64()).unwrap_or(f64::NAN)), // float on request
                )?;
            } else {
                frame.typed_column("pressure_pct", "object", rows.iter().map(|r| r.pressure_pct))?;
            }
            frame.build()
        })
    }

    /// What could not be costed: file, row, child, placement_group, code, message, child_nights.
    #[pyo3(signature = (*, backend="pandas"))]
    fn issues_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let issues = &self.inner.issues;
            let mut f = FrameBuilder::new(py);
            f.text_column("file", issues.iter().map(|i| i.file.as_deref()))?;
            f.typed_column("row", "Int64", issues.iter().map(|i| i.row))?;
            f.text_column("child", issues.iter().map(|i| i.child.as_deref()))?;
            f.text_column("placement_group", issues.iter().map(|i| i.group.as_str()))?;
            f.text_column("code", issues.iter().map(|i| i.code.as_str()))?;
            f.text_column("message", issues.iter().map(|i| i.message.as_str()))?;
            f.typed_column(
                "child_nights",
                "float64",
                issues.iter().map(|i| i.child_nights.to_f64().unwrap_or(f64::NAN)), // count, not money
            )?;
            f.build()
        })
    }

    /// Both forecasts' costs on one calendar (this one's breakdown and budget).
    fn join(&self, py: Python<'_>, other: &Bound<'_, PyCostForecast>) -> PyResult<PyCostForecast> {
        guarded(|| {
            let (a, b) = (&self.inner, &other.get().inner);
            let joined = detached(py, || a.join(b))?;
            Ok(PyCostForecast { inner: Arc::new(joined), by: self.by.clone(), budget: self.budget.clone() })
        })
    }

    /// Stacked bars of cost by financial year and placement group, with the
    /// budget when there is one; returns the matplotlib Figure.
    #[pyo3(signature = (ax=None))]
    fn plot<'py>(slf: &Bound<'py, Self>, ax: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("sufficiency._plot")?.getattr("plot_costs")?.call1((slf, ax))
    }

    /// The headline facts, as (label, value) rows of text: the nights
    /// costed, the total, the cost of each financial year (and, with a
    /// budget, its budget and pressure), the price book and the issues.
    /// What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let f = &self.inner;
        let mut o = Overview::new();
        let nights = match self.last_night() {
            Some(last) => format!("{} to {last} ({})", f.from, plural(f.days, "night", "nights")),
            None => "none".to_string(),
        };
        o.row("nights", nights).row("total", pounds(f.total()));
        let pressure = self.budget.as_ref().map(|b| f.pressure(b)).unwrap_or_default();
        let table = f.table(&[By::FinancialYear]);
        for r in &table {
            let fy = r.keys.first().cloned().unwrap_or_default();
            let mut text = pounds(r.amount);
            if let Some(p) = pressure.iter().find(|p| p.financial_year == fy) {
                text.push_str(&format!(
                    " (budget {}, {} {})",
                    pounds(p.budget),
                    if p.pressure.is_sign_negative() { "under by" } else { "over by" },
                    pounds(p.pressure.abs())
                ));
            }
            o.row(format!("cost {fy}"), text);
        }
        for p in pressure.iter().filter(|p| !table.iter().any(|r| r.keys.first() == Some(&p.financial_year))) {
            o.row(format!("budget {}", p.financial_year), pounds(p.budget));
        }
        o.row("prices", f.prices_label.clone()).row("issues", thousands(f.issues.len()));
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "CostForecast", self.overview()))
    }

    fn __repr__(&self) -> String {
        let f = &self.inner;
        let years = match self.last_night() {
            Some(last) => {
                let (a, b) = (financial_year(f.from), financial_year(last));
                if a == b {
                    format!(" in {a}")
                } else {
                    format!(" in {a} \u{2013} {b}")
                }
            }
            None => String::new(),
        };
        format!(
            "<CostForecast {} from {}: {}{}, {}{}>",
            plural(f.days, "night", "nights"),
            f.from,
            pounds(f.total()),
            years,
            plural(f.issues.len(), "issue", "issues"),
            match &self.budget {
                Some(b) => format!(", budget for {}", plural(b.len(), "year", "years")),
                None => String::new(),
            }
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(
            py,
            COST_FORECAST_FORMAT,
            "CostForecast",
            &ForecastStateRef { forecast: &self.inner, by: &self.by, budget: &self.budget },
        )
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

// -------------------------------------------------------------- functions

/// What `forecast_costs` was asked to cost.
enum Source {
    Episodes(Arc<Dataset>),
    Projection(Arc<Projection>),
    Outturn(Arc<Dataset>, Arc<Projection>),
}

fn source_arg(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(ds) = obj.cast::<PyDataset>() {
        return Ok(Source::Episodes(Arc::clone(&ds.get().inner)));
    }
    if let Ok(p) = obj.cast::<PyProjection>() {
        return Ok(Source::Projection(Arc::clone(&p.get().inner)));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        if t.len() == 2 {
            if let (Ok(ds), Ok(p)) = (t.get_item(0)?.cast::<PyDataset>(), t.get_item(1)?.cast::<PyProjection>()) {
                return Ok(Source::Outturn(Arc::clone(&ds.get().inner), Arc::clone(&p.get().inner)));
            }
        }
    }
    Err(PyTypeError::new_err(format!(
        "source must be a Dataset (spend on its episodes), a Projection (future spend) or a (Dataset, Projection) \
         pair (forecast outturn: actual spend this financial year to the projection's start, then the projection), not {}",
        type_name(obj)
    )))
}

/// 1 April of the financial year holding `date`.
fn financial_year_start(date: NaiveDate) -> NaiveDate {
    let y = if date.month() >= 4 { date.year() } else { date.year() - 1 };
    NaiveDate::from_ymd_opt(y, 4, 1).expect("1 April exists")
}

/// Costs placements: a Dataset's episodes, a Projection, or both as a forecast outturn.
#[pyfunction]
#[pyo3(signature = (
    source, prices, *, budget=None, by=None, actual_costs=None, start=None, end=None,
    include_short_breaks=false,
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn forecast_costs(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    prices: &Bound<'_, PyPriceBook>,
    budget: Option<&Bound<'_, PyAny>>,
    by: Option<&Bound<'_, PyAny>>,
    actual_costs: Option<&Bound<'_, PyAny>>,
    start: Option<&Bound<'_, PyAny>>,
    end: Option<&Bound<'_, PyAny>>,
    include_short_breaks: bool,
) -> PyResult<PyCostForecast> {
    guarded(|| {
        let source = source_arg(source)?;
        let budget = budget_arg(budget)?;
        let by = match by.filter(|b| !b.is_none()) {
            Some(b) => by_arg(b)?,
            None => vec![By::FinancialYear, By::PlacementGroup],
        };
        let start = start.filter(|o| !o.is_none()).map(|o| date_arg(o, "start")).transpose()?;
        let end = end.filter(|o| !o.is_none()).map(|o| date_arg(o, "end")).transpose()?;
        let has_actual = actual_costs.is_some_and(|a| !a.is_none());
        let actual = actual_costs_arg(actual_costs)?;
        let book = &prices.get().inner;
        let opts = CostOptions { include_short_breaks, ..CostOptions::default() };
        let forecast = match source {
            Source::Episodes(ds) => {
                let years = ds.collection_years();
                let (Some(first), Some(last)) = (years.first(), years.last()) else {
                    return Err(InputError::new_err(
                        "the dataset holds no collection year, so there is nothing to cost",
                    ));
                };
                let from = start.unwrap_or_else(|| first.start());
                let to = end.unwrap_or_else(|| last.end() + chrono::Duration::days(1));
                detached(py, || cost_episodes(&ds, from, to, book, &actual, &opts))?.map_err(cost_error)?
            }
            Source::Projection(p) => {
                if start.is_some() || end.is_some() || has_actual || include_short_breaks {
                    return Err(PyValueError::new_err(
                        "start, end, actual_costs and include_short_breaks apply to a Dataset's episodes; \
                         a Projection is costed over its own nights. Pass (dataset, projection) to cost both",
                    ));
                }
                detached(py, || cost_projection(&p, book))?.map_err(cost_error)?
            }
            Source::Outturn(ds, p) => {
                if start.is_some() || end.is_some() {
                    return Err(PyValueError::new_err(
                        "start and end do not apply to a (dataset, projection) pair: actual spend runs from the 1 April \
                         before the projection's start to its start night, and the projection from the night after",
                    ));
                }
                let from = financial_year_start(p.start);
                let to = p.start + chrono::Duration::days(1);
                let years = ds.collection_years();
                let (Some(first), Some(last)) = (years.first(), years.last()) else {
                    return Err(InputError::new_err(
                        "the dataset holds no collection year, so there is nothing to cost",
                    ));
                };
                if from < first.start() || p.start > last.end() {
                    return Err(InputError::new_err(format!(
                        "the projection starts on {}, so actual spend is costed from {from} to that night, but the \
                         dataset covers {} to {}; project from a night the data covers, or read the returns for those years",
                        p.start,
                        first.start(),
                        last.end()
                    )));
                }
                detached(py, || -> Result<CostForecast, CostError> {
                    let past = cost_episodes(&ds, from, to, book, &actual, &opts)?;
                    let future = cost_projection(&p, book)?;
                    Ok(past.join(&future))
                })?
                .map_err(cost_error)?
            }
        };
        Ok(PyCostForecast { inner: Arc::new(forecast), by, budget })
    })
}

/// The cost avoided when `children` children each spend `weeks` fewer weeks in `group` from `start`.
#[pyfunction]
#[pyo3(signature = (children, weeks, group, start, prices))]
pub(crate) fn cost_avoidance(
    py: Python<'_>,
    children: &Bound<'_, PyAny>,
    weeks: i64,
    group: &str,
    start: &Bound<'_, PyAny>,
    prices: &Bound<'_, PyPriceBook>,
) -> PyResult<PyCostForecast> {
    guarded(|| {
        let children = number_arg(children, "children")?;
        if children.is_sign_negative() && !children.is_zero() {
            return Err(PyValueError::new_err(format!("children must not be negative, not {children}")));
        }
        let weeks = u32::try_from(weeks).ok().filter(|w| *w <= 52 * 100).ok_or_else(|| {
            PyValueError::new_err(format!("weeks must be a whole number from 0 to 5200, not {weeks}"))
        })?;
        let start = date_arg(start, "start")?;
        let book = &prices.get().inner;
        // A group without a price (or one taking effect after `start`) is the
        // engine's CostError::NoPrice, naming the group and the date.
        let group = group.to_string();
        let f = detached(py, || avoidance(children, weeks, &group, start, book))?.map_err(cost_error)?;
        Ok(PyCostForecast::new(f))
    })
}

/// `alternative` against `base` by financial year: financial_year, base, alternative, difference.
#[pyfunction]
#[pyo3(signature = (base, alternative, *, money="decimal", backend="pandas"))]
pub(crate) fn compare_costs<'py>(
    py: Python<'py>,
    base: &Bound<'py, PyCostForecast>,
    alternative: &Bound<'py, PyCostForecast>,
    money: &str,
    backend: &str,
) -> PyResult<Bound<'py, PyAny>> {
    framed(backend, || {
        let money = money_choice(money, false)?;
        let (a, b) = (&base.get().inner, &alternative.get().inner);
        let rows = detached(py, || compare(a, b))?;
        let mut f = FrameBuilder::new(py);
        f.text_column("financial_year", rows.iter().map(|r| r.financial_year.as_str()))?;
        money_column(&mut f, "base", money, rows.iter().map(|r| r.base))?;
        money_column(&mut f, "alternative", money, rows.iter().map(|r| r.alternative))?;
        money_column(&mut f, "difference", money, rows.iter().map(|r| r.difference))?;
        f.build()
    })
}

/// Placements at or above `threshold` a week on the nights `start..end`, and the top placements' share.
#[pyfunction]
#[pyo3(
    signature = (dataset, start, end, prices, *, threshold=None, top_n=10, actual_costs=None, include_short_breaks=false),
    text_signature = "(dataset, start, end, prices, *, threshold=10000, top_n=10, actual_costs=None, include_short_breaks=False)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn high_cost_placements(
    py: Python<'_>,
    dataset: &Bound<'_, PyDataset>,
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    prices: &Bound<'_, PyPriceBook>,
    threshold: Option<&Bound<'_, PyAny>>,
    top_n: i64,
    actual_costs: Option<&Bound<'_, PyAny>>,
    include_short_breaks: bool,
) -> PyResult<PyHighCost> {
    guarded(|| {
        let (from, to) = (date_arg(start, "start")?, date_arg(end, "end")?);
        let threshold = match threshold.filter(|t| !t.is_none()) {
            Some(t) => money_arg(t, "threshold")?,
            None => HighCostQuery::default().threshold,
        };
        let top_n = usize::try_from(top_n)
            .map_err(|_| PyValueError::new_err(format!("top_n must not be negative, not {top_n}")))?;
        let actual = actual_costs_arg(actual_costs)?;
        let ds = Arc::clone(&dataset.get().inner);
        let book = &prices.get().inner;
        let opts = CostOptions { include_short_breaks, ..CostOptions::default() };
        let query = HighCostQuery { threshold, top_n };
        let hc = detached(py, || high_cost(&ds, from, to, book, &actual, &opts, &query))?.map_err(cost_error)?;
        Ok(PyHighCost { inner: hc })
    })
}

// ------------------------------------------------------------------ HighCost

/// High-cost placements in a period and the costliest placements' share of spend.
#[pyclass(frozen, eq, module = "sufficiency", name = "HighCost")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyHighCost {
    inner: HighCost,
}

#[pymethods]
impl PyHighCost {
    /// The weekly threshold (Decimal pounds).
    #[getter]
    fn threshold(&self) -> Decimal {
        self.inner.threshold
    }

    /// Placements in the period costing at least the threshold a week.
    #[getter]
    fn placements(&self) -> usize {
        self.inner.placements
    }

    /// All placements in the period.
    #[getter]
    fn all_placements(&self) -> usize {
        self.inner.all_placements
    }

    /// The high-cost placements' share of spend (0–1, Decimal to 4 places).
    #[getter]
    fn spend_share(&self) -> Decimal {
        self.inner.spend_share
    }

    /// The top placements' share of spend (0–1, Decimal to 4 places).
    #[getter]
    fn top_share(&self) -> Decimal {
        self.inner.top_share
    }

    /// The costliest placements, largest first: child, start, placement_group, weekly, spend.
    #[getter]
    fn top<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let t = &self.inner.top;
            let mut f = FrameBuilder::new(py);
            f.text_column("child", t.iter().map(|x| x.child.as_str()))?;
            f.typed_column("start", "object", t.iter().map(|x| x.start))?;
            f.text_column("placement_group", t.iter().map(|x| x.group.as_str()))?;
            f.typed_column("weekly", "object", t.iter().map(|x| x.weekly))?;
            f.typed_column("spend", "object", t.iter().map(|x| x.spend))?;
            f.build()
        })
    }

    fn __repr__(&self) -> String {
        let h = &self.inner;
        format!(
            "<HighCost: {} of {} placements at {}+ a week, {}% of spend; top {} take {}%>",
            h.placements,
            h.all_placements,
            pounds(h.threshold).trim_end_matches(".00"),
            (h.spend_share * Decimal::from(100)).round_dp(1).normalize(),
            h.top.len(),
            (h.top_share * Decimal::from(100)).round_dp(1).normalize(),
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        reduce(py, HIGH_COST_FORMAT, "HighCost", &self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}
