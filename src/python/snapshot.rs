//! The snapshot calls behind `Dataset.in_care_on`, `entries`, `leavers` and
//! `stability`: argument checking, the Rust engine detached from the
//! interpreter, and the result as a pandas frame or dict.

use chrono::NaiveDate;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::snapshot::{self, By, Counts, SnapshotOptions};
use crate::ssda903::Dataset;

use super::convert::{date_arg, FrameBuilder};
use super::errors::{detached, year_arg};

fn options(include_short_breaks: bool) -> SnapshotOptions {
    SnapshotOptions { include_short_breaks, ..Default::default() }
}

/// A breakdown name; a ValueError lists the choices.
fn parse_by(by: &str) -> PyResult<By> {
    by.parse::<By>().map_err(PyValueError::new_err)
}

/// A date range `start..=end`, checked.
fn range(start: &Bound<'_, PyAny>, end: &Bound<'_, PyAny>) -> PyResult<(NaiveDate, NaiveDate)> {
    let (from, to) = (date_arg(start, "start")?, date_arg(end, "end")?);
    if from > to {
        return Err(PyValueError::new_err(format!("start {from} is after end {to}; give the earlier date first")));
    }
    Ok((from, to))
}

/// Counts as a two-column frame: `label` (the key) and `children`.
fn counts_frame<'py>(py: Python<'py>, label: &str, counts: Counts) -> PyResult<Bound<'py, PyAny>> {
    let (keys, values): (Vec<String>, Vec<u64>) = counts.rows.into_iter().unzip();
    let mut f = FrameBuilder::new(py);
    f.text_column(label, keys)?;
    f.typed_column("children", "int64", values)?;
    f.build()
}

pub(crate) fn in_care_on<'py>(
    py: Python<'py>,
    ds: &Dataset,
    date: &Bound<'py, PyAny>,
    by: &str,
    include_short_breaks: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (date, by_kind) = (date_arg(date, "date")?, parse_by(by)?);
    let opts = options(include_short_breaks);
    let counts = detached(py, || snapshot::in_care_on(ds, date, by_kind, &opts))?;
    counts_frame(py, by, counts)
}

pub(crate) fn entries<'py>(
    py: Python<'py>,
    ds: &Dataset,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    by: &str,
    include_short_breaks: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let ((from, to), by_kind) = (range(start, end)?, parse_by(by)?);
    let opts = options(include_short_breaks);
    let counts = detached(py, || snapshot::entries(ds, from, to, by_kind, &opts))?;
    counts_frame(py, by, counts)
}

pub(crate) fn leavers<'py>(
    py: Python<'py>,
    ds: &Dataset,
    start: &Bound<'py, PyAny>,
    end: &Bound<'py, PyAny>,
    include_short_breaks: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (from, to) = range(start, end)?;
    let opts = options(include_short_breaks);
    let counts = detached(py, || snapshot::leavers(ds, from, to, &opts))?;
    counts_frame(py, "rec", counts)
}

pub(crate) fn stability<'py>(
    py: Python<'py>,
    ds: &Dataset,
    year: i64,
    include_short_breaks: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let year = year_arg(year)?;
    let opts = options(include_short_breaks);
    let s = detached(py, || snapshot::placement_stability(ds, year, &opts))?;
    let out = PyDict::new(py);
    out.set_item("collection_year", year.end_year())?;
    out.set_item("children", s.children)?;
    out.set_item("three_or_more", s.three_or_more)?;
    out.set_item("share", s.share())?;
    out.set_item("three_or_more_children", s.three_or_more_children.iter().map(|c| c.as_str()).collect::<Vec<_>>())?;
    Ok(out)
}
