//! Conversions at the boundary: Python dates and years in, pandas frames out,
//! pandas frames in as [`RawTable`]s.

use chrono::{Datelike, NaiveDate};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyList, PySlice, PyString};

use crate::ssda903::RawTable;

/// A date argument: a `datetime.date` (a `datetime` or pandas `Timestamp`
/// gives its date) or an ISO `YYYY-MM-DD` string.
pub(crate) fn date_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<NaiveDate> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        return NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            PyValueError::new_err(format!("{name} '{text}' is not a date written YYYY-MM-DD, such as '2025-03-31'"))
        });
    }
    if obj.is_instance_of::<PyDate>() {
        return obj.extract::<NaiveDate>();
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a datetime.date or a 'YYYY-MM-DD' string, not {}",
        obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
    )))
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs `f` inside [`guarded`](super::errors::guarded) and returns its
/// pandas frame in the library `backend` names: `"pandas"` (as it is) or
/// `"polars"` (converted by `sufficiency._interop.to_polars`, which says
/// how to install polars when it is missing). The backend is checked before
/// any work is done.
pub(crate) fn framed<'py>(
    backend: &str,
    f: impl FnOnce() -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match backend {
        "pandas" => super::errors::guarded(f),
        "polars" => {
            let frame = super::errors::guarded(f)?;
            frame.py().import("sufficiency._interop")?.getattr("to_polars")?.call1((frame,))
        }
        other => Err(PyValueError::new_err(format!("backend must be 'pandas' or 'polars', not '{other}'"))),
    }
}

/// The pandas module, with a message saying how to get it if it is missing.
pub(crate) fn pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas").map_err(|e| {
        PyImportError::new_err(format!(
            "sufficiency returns pandas DataFrames, but pandas could not be imported ({e}). Install it with `pip install pandas`."
        ))
    })
}

/// A pandas DataFrame being put together column by column, in order.
pub(crate) struct FrameBuilder<'py> {
    py: Python<'py>,
    names: Vec<String>,
    data: Bound<'py, PyDict>,
    dtypes: Bound<'py, PyDict>,
    text: Vec<String>,
}

impl<'py> FrameBuilder<'py> {
    pub(crate) fn new(py: Python<'py>) -> Self {
        FrameBuilder { py, names: Vec::new(), data: PyDict::new(py), dtypes: PyDict::new(py), text: Vec::new() }
    }

    /// Adds a column of values, leaving pandas to infer its type.
    pub(crate) fn column<T, I>(&mut self, name: &str, values: I) -> PyResult<&mut Self>
    where
        T: IntoPyObject<'py>,
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        self.names.push(name.to_string());
        self.data.set_item(name, PyList::new(self.py, values)?)?;
        Ok(self)
    }

    /// Adds a column and casts it to a pandas dtype (`"int64"`, `"Int64"`, `"bool"`, …),
    /// so that the type holds even when the frame is empty.
    pub(crate) fn typed_column<T, I>(&mut self, name: &str, dtype: &str, values: I) -> PyResult<&mut Self>
    where
        T: IntoPyObject<'py>,
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        self.column(name, values)?;
        self.dtypes.set_item(name, dtype)?;
        Ok(self)
    }

    /// Adds a column of text (None where missing), given pandas' default
    /// string dtype whatever its values: `str` in pandas 3 (missing as NaN),
    /// `object` before (missing as None). Without this, a column with no
    /// value at all would come out `object` while its siblings are `str`.
    pub(crate) fn text_column<T, I>(&mut self, name: &str, values: I) -> PyResult<&mut Self>
    where
        T: IntoPyObject<'py>,
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        self.column(name, values)?;
        self.text.push(name.to_string());
        Ok(self)
    }

    /// The DataFrame.
    pub(crate) fn build(self) -> PyResult<Bound<'py, PyAny>> {
        let pd = pandas(self.py)?;
        if !self.text.is_empty() {
            let text_dtype = pd.getattr("Series")?.call1((PyList::new(self.py, ["a"])?,))?.getattr("dtype")?;
            for name in &self.text {
                self.dtypes.set_item(name, &text_dtype)?;
            }
        }
        let kwargs = PyDict::new(self.py);
        kwargs.set_item("columns", PyList::new(self.py, &self.names)?)?;
        let frame = pd.getattr("DataFrame")?.call((self.data,), Some(&kwargs))?;
        if self.dtypes.is_empty() {
            Ok(frame)
        } else {
            frame.call_method1("astype", (self.dtypes,))
        }
    }
}

/// The text a CSV file would hold for one non-missing cell.
fn cell_text(cell: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = cell.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if cell.is_instance_of::<PyBool>() {
        return Ok(cell.str()?.to_cow()?.into_owned());
    }
    if cell.is_instance_of::<PyDate>() {
        // date, datetime and pandas Timestamp: the day, as the return writes it.
        let y: i32 = cell.getattr("year")?.extract()?;
        let m: u32 = cell.getattr("month")?.extract()?;
        let d: u32 = cell.getattr("day")?.extract()?;
        return Ok(match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year()),
            None => cell.str()?.to_cow()?.into_owned(),
        });
    }
    if let Ok(f) = cell.cast::<PyFloat>() {
        // A column of codes or identifiers with a blank in it becomes float in
        // pandas (1001 -> 1001.0); write whole numbers as a CSV would hold them.
        let v = f.value();
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
            return Ok(format!("{}", v as i64));
        }
    }
    Ok(cell.str()?.to_cow()?.into_owned())
}

/// `obj` as a pandas DataFrame: itself, or `pandas.DataFrame(obj)`; a clear
/// error naming the argument `name` when pandas cannot make one of it.
pub(crate) fn as_frame<'py>(name: &str, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let frame_type = pandas(obj.py())?.getattr("DataFrame")?;
    if obj.is_instance(&frame_type)? {
        return Ok(obj.clone());
    }
    frame_type.call1((obj,)).map_err(|e| {
        PyTypeError::new_err(format!(
            "{name} must be a pandas DataFrame (or something pandas.DataFrame() accepts), not {}: {e}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })
}

/// A pandas DataFrame (or anything `pandas.DataFrame(...)` accepts) as the
/// table of text a CSV file with the same content would give: missing values
/// (None, NaN, NaT, pd.NA) blank, dates `DD/MM/YYYY`, other values `str(value)`.
/// The index is ignored; rows are numbered 1.. in frame order.
pub(crate) fn frame_table(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<RawTable> {
    let py = obj.py();
    let frame = as_frame(name, obj)?;
    let mut header = Vec::new();
    for col in frame.getattr("columns")?.try_iter()? {
        header.push(col?.str()?.to_cow()?.into_owned());
    }
    let n_rows = frame.len()?;
    let mut rows: Vec<Vec<String>> = (0..n_rows).map(|_| Vec::with_capacity(header.len())).collect();
    let iloc = frame.getattr("iloc")?;
    for (j, column) in header.iter().enumerate() {
        let series = iloc.get_item((PySlice::full(py), j))?;
        let missing: Vec<bool> = series.call_method0("isna")?.call_method0("tolist")?.extract()?;
        let values = series.call_method0("tolist")?;
        let values = values.cast::<PyList>()?;
        if values.len() != n_rows || missing.len() != n_rows {
            return Err(PyValueError::new_err(format!("{name}: column {column} does not have one value per row")));
        }
        for (i, cell) in values.iter().enumerate() {
            rows[i].push(if missing[i] { String::new() } else { cell_text(&cell)? });
        }
    }
    Ok(RawTable { name: name.to_string(), header, rows })
}
