//! Geography: `sufficiency.distance`, `sufficiency.distance_miles`,
//! `sufficiency.Postcodes`, `sufficiency.Location` and `sufficiency.Distance`,
//! over [`crate::geo`].
//!
//! A distance end is a postcode (`str`), an `(easting, northing)` pair in
//! metres on the OSGB36 National Grid, or a `Location`. Postcodes resolve as
//! [`Postcodes::resolve`] does: a user's unit table, then the embedded unit
//! postcodes (exact), then sector and district centroids (approximate, not
//! DfE behaviour: flagged in `Distance.precision` / `.approximate`).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyString, PyTuple};

use crate::geo::lookup::{Coordinate, TableColumns};
use crate::geo::{distance_miles as grid_distance, GeoError, GridRef, Location, Postcodes, Precision};

use super::convert::{framed, pandas, thousands, FrameBuilder};
use super::errors::{detached, guarded};

/// Largest National Grid coordinate accepted, in metres (as for CSV tables).
const MAX_GRID_METRES: f64 = 1_300_000.0;

/// The embedded-only lookup the module-level functions use.
fn embedded_lookup() -> &'static Postcodes {
    static EMBEDDED: OnceLock<Postcodes> = OnceLock::new();
    EMBEDDED.get_or_init(Postcodes::new)
}

/// A [`GeoError`] as the Python exception that fits it, prefixed by what
/// was being resolved (e.g. `a`), if anything.
fn geo_error(e: GeoError, context: Option<&str>) -> PyErr {
    let message = match context {
        Some(c) => format!("{c}: {e}"),
        None => e.to_string(),
    };
    match &e {
        GeoError::Io { source, .. } => match source.kind() {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
            _ => PyOSError::new_err(message),
        },
        _ => PyValueError::new_err(message),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

fn precision_str(p: Precision) -> &'static str {
    match p {
        Precision::Unit => "unit",
        Precision::Sector => "sector",
        Precision::District => "district",
    }
}

/// Where a postcode or grid reference resolved to, and how precisely.
///
/// ``precision`` is ``"unit"`` (an exact unit postcode, or a grid reference
/// given as such), ``"sector"`` or ``"district"`` (a centroid: approximate,
/// not DfE behaviour). ``key`` is what matched: the unit join key
/// (``"B11AA"``), the sector (``"B1 1"``) or the district (``"B1"``); None
/// for a grid reference. ``authority`` is the source's authority code: a
/// unit's LAD (ONSPD ``laua``) or a centroid's majority upper-tier LA.
#[pyclass(frozen, eq, module = "sufficiency", name = "Location")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyLocation {
    key: Option<String>,
    inner: Location,
}

impl PyLocation {
    fn from_location(inner: Location) -> Self {
        PyLocation { key: Some(inner.key.clone()), inner }
    }

    fn from_grid(grid: GridRef) -> Self {
        PyLocation {
            key: None,
            inner: Location { key: String::new(), grid, precision: Precision::Unit, authority: None },
        }
    }
}

#[pymethods]
impl PyLocation {
    /// What matched: ``"B11AA"`` (unit), ``"B1 1"`` (sector), ``"B1"`` (district); None for a grid reference.
    #[getter]
    fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// OSGB36 easting in metres.
    #[getter]
    fn easting(&self) -> u32 {
        self.inner.grid.easting
    }

    /// OSGB36 northing in metres.
    #[getter]
    fn northing(&self) -> u32 {
        self.inner.grid.northing
    }

    /// ``(easting, northing)`` in metres.
    #[getter]
    fn grid(&self) -> (u32, u32) {
        (self.inner.grid.easting, self.inner.grid.northing)
    }

    /// ``"unit"``, ``"sector"`` or ``"district"``.
    #[getter]
    fn precision(&self) -> &'static str {
        precision_str(self.inner.precision)
    }

    /// Whether this is a sector or district centroid rather than the exact point (flag it: not DfE behaviour).
    #[getter]
    fn approximate(&self) -> bool {
        self.inner.is_approximate()
    }

    /// The authority code the source gives (a unit's LAD, a centroid's UTLA), if any.
    #[getter]
    fn authority(&self) -> Option<&str> {
        self.inner.authority.as_deref()
    }

    /// ``PL_LA`` for this location: the 2025 upper-tier LA code, or ``"SCO"`` / ``"WAL"`` / ``"NIR"``; None if unknown.
    #[getter]
    fn placement_la(&self) -> Option<String> {
        self.inner.placement_la().map(|p| p.to_string())
    }

    fn __repr__(&self) -> String {
        let what = self.key.as_deref().unwrap_or("grid");
        let authority = self.inner.authority.as_deref().map(|a| format!(" {a}")).unwrap_or_default();
        format!("<Location {what} ({}) {}{authority}>", precision_str(self.inner.precision), self.inner.grid)
    }
}

/// A straight-line distance by the DfE formula, with how precise its ends were.
///
/// ``miles`` is rounded to 0.1 as ``PL_DISTANCE`` is. ``precision`` is the
/// coarser end's: only ``"unit"`` is the DfE figure; ``"sector"`` or
/// ``"district"`` means at least one end is a centroid (``approximate``).
#[pyclass(frozen, module = "sufficiency", name = "Distance")]
pub(crate) struct PyDistance {
    miles: f64,
    precision: Precision,
    a: PyLocation,
    b: PyLocation,
}

impl PyDistance {
    fn between(a: PyLocation, b: PyLocation) -> Self {
        let miles = grid_distance(a.inner.grid, b.inner.grid).get();
        let precision = a.inner.precision.max(b.inner.precision);
        PyDistance { miles, precision, a, b }
    }
}

#[pymethods]
impl PyDistance {
    /// Miles, rounded to one decimal place.
    #[getter]
    fn miles(&self) -> f64 {
        self.miles
    }

    /// The coarser end's precision: ``"unit"``, ``"sector"`` or ``"district"``.
    #[getter]
    fn precision(&self) -> &'static str {
        precision_str(self.precision)
    }

    /// Whether either end is a centroid, so this is not the DfE figure.
    #[getter]
    fn approximate(&self) -> bool {
        self.precision.is_approximate()
    }

    /// Where the first argument resolved to.
    #[getter]
    fn a(&self) -> PyLocation {
        self.a.clone()
    }

    /// Where the second argument resolved to.
    #[getter]
    fn b(&self) -> PyLocation {
        self.b.clone()
    }

    fn __float__(&self) -> f64 {
        self.miles
    }

    fn __repr__(&self) -> String {
        let flag = if self.precision.is_approximate() { ", approximate" } else { "" };
        format!("<Distance {:.1} miles ({}{flag})>", self.miles, precision_str(self.precision))
    }
}

/// One distance end: a postcode, an (easting, northing) pair or a Location.
fn resolve_end(pcs: &Postcodes, obj: &Bound<'_, PyAny>, name: &str) -> PyResult<PyLocation> {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_cow()?;
        return pcs.resolve(&text).map(PyLocation::from_location).map_err(|e| geo_error(e, Some(name)));
    }
    if let Ok(loc) = obj.cast::<PyLocation>() {
        return Ok(loc.get().clone());
    }
    if obj.is_instance_of::<PyTuple>() || obj.is_instance_of::<PyList>() {
        return grid_arg(obj, name).map(PyLocation::from_grid);
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be a postcode (str, e.g. 'B1 1AA'), an (easting, northing) tuple in metres or a Location, not {}",
        type_name(obj)
    )))
}

/// An `(easting, northing)` pair in metres, rounded to the metre.
fn grid_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<GridRef> {
    let bad = || {
        PyValueError::new_err(format!(
            "{name} must be an (easting, northing) pair of OSGB36 National Grid coordinates in metres, \
             each between 0 and 1300000 (e.g. (406649, 286530)), not {}",
            obj.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    };
    let mut items = Vec::new();
    for item in obj.try_iter()? {
        items.push(item?.extract::<f64>().map_err(|_| bad())?);
    }
    let [e, n] = items[..] else { return Err(bad()) };
    let metres = |v: f64| {
        if (0.0..=MAX_GRID_METRES).contains(&v) {
            // In range and non-negative, so the cast cannot truncate.
            Ok(v.round() as u32)
        } else {
            Err(bad())
        }
    };
    Ok(GridRef::new(metres(e)?, metres(n)?))
}

/// `distance` with the two ends resolved against `pcs`.
fn distance_with(pcs: &Postcodes, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyDistance> {
    Ok(PyDistance::between(resolve_end(pcs, a, "a")?, resolve_end(pcs, b, "b")?))
}

/// `distance_miles`: the miles, or with `strict` an error unless both ends are exact.
fn miles_with(pcs: &Postcodes, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, strict: bool) -> PyResult<f64> {
    let d = distance_with(pcs, a, b)?;
    if strict {
        for (name, end) in [("a", &d.a), ("b", &d.b)] {
            if end.inner.is_approximate() {
                return Err(PyValueError::new_err(format!(
                    "{name}: '{}' resolved only to a {} centroid, so the distance is not the DfE's; load a full \
                     unit-postcode table (an ONSPD extract) with Postcodes.from_csv() or .from_frame(), or pass \
                     strict=False to accept an approximate distance",
                    end.key.as_deref().unwrap_or_default(),
                    precision_str(end.inner.precision),
                )));
            }
        }
    }
    Ok(d.miles)
}

/// The straight-line distance between two places by the DfE formula, with
/// how precise it is.
///
/// ``a`` and ``b`` are postcodes (any case or spacing), ``(easting,
/// northing)`` tuples in metres, or Locations. Postcodes resolve against the
/// embedded data: an embedded unit postcode exactly, any other to its
/// sector's or district's centroid (``Distance.approximate``).
#[pyfunction]
pub(crate) fn distance(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyDistance> {
    guarded(|| distance_with(embedded_lookup(), a, b))
}

/// The DfE straight-line distance in miles (1 dp) between two places.
///
/// As ``distance(a, b).miles``. Raises ValueError for an invalid or unknown
/// postcode, and, with ``strict=True``, when either end is only a centroid.
#[pyfunction]
#[pyo3(signature = (a, b, *, strict=false))]
pub(crate) fn distance_miles(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, strict: bool) -> PyResult<f64> {
    guarded(|| miles_with(embedded_lookup(), a, b, strict))
}

/// A postcode lookup: an optional full unit-postcode table (an ONSPD-style
/// extract), backed by the embedded unit postcodes and sector and district
/// centroids. ``Postcodes()`` has no table of its own.
#[pyclass(frozen, module = "sufficiency", name = "Postcodes")]
pub(crate) struct PyPostcodes {
    inner: Arc<Postcodes>,
}

/// One column of a frame as text cells ("" where missing).
fn text_cells(series: &Bound<'_, PyAny>, n_rows: usize, column: &str) -> PyResult<Vec<String>> {
    let missing: Vec<bool> = series.call_method0("isna")?.call_method0("tolist")?.extract()?;
    let values = series.call_method0("tolist")?;
    let values = values.cast::<PyList>()?;
    if values.len() != n_rows || missing.len() != n_rows {
        return Err(PyValueError::new_err(format!("column {column} does not have one value per row")));
    }
    let mut out = Vec::with_capacity(n_rows);
    for (cell, missing) in values.iter().zip(missing) {
        out.push(if missing {
            String::new()
        } else if let Ok(s) = cell.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else {
            cell.str()?.to_cow()?.into_owned()
        });
    }
    Ok(out)
}

/// A coordinate column: numbers when the dtype is numeric, else text.
enum CoordinateCells {
    Numbers(Vec<f64>),
    Text(Vec<String>),
}

impl CoordinateCells {
    fn read(series: &Bound<'_, PyAny>, n_rows: usize, column: &str) -> PyResult<Self> {
        let kind: String = series.getattr("dtype")?.getattr("kind")?.extract()?;
        if matches!(kind.as_str(), "i" | "u" | "f") {
            let values: Vec<f64> = series.call_method1("astype", ("float64",))?.call_method0("tolist")?.extract()?;
            if values.len() != n_rows {
                return Err(PyValueError::new_err(format!("column {column} does not have one value per row")));
            }
            Ok(CoordinateCells::Numbers(values))
        } else {
            Ok(CoordinateCells::Text(text_cells(series, n_rows, column)?))
        }
    }

    fn get(&self, i: usize) -> Coordinate<'_> {
        match self {
            CoordinateCells::Numbers(v) => Coordinate::Number(v[i]),
            CoordinateCells::Text(v) => Coordinate::Text(&v[i]),
        }
    }
}

#[pymethods]
impl PyPostcodes {
    /// A lookup with no unit table of its own: postcodes resolve to the
    /// embedded unit postcodes (exact) or sector / district centroids.
    #[new]
    fn py_new() -> Self {
        PyPostcodes { inner: Arc::new(Postcodes::new()) }
    }

    /// Reads a full unit-postcode table from a CSV file, such as an ONSPD
    /// extract. Columns are found by name in any order: postcode (``pcd``,
    /// ``pcds``, ``postcode``, ...), easting (``oseast1m``, ``easting``, ...),
    /// northing (``osnrth1m``, ``northing``, ...) and optionally the local
    /// authority (``laua``, ``lad25cd``, ...). Rows without a grid reference
    /// are skipped and counted in ``rows_without_grid``.
    ///
    /// Raises FileNotFoundError / OSError if the file cannot be opened, and
    /// ValueError if it is not such a table (the message says what to fix).
    #[staticmethod]
    fn from_csv(py: Python<'_>, path: PathBuf) -> PyResult<PyPostcodes> {
        guarded(|| {
            let table = detached(py, || Postcodes::from_csv_path(&path))?.map_err(|e| geo_error(e, None))?;
            Ok(PyPostcodes { inner: Arc::new(table) })
        })
    }

    /// Builds the unit-postcode table from a pandas DataFrame with the same
    /// columns as ``from_csv`` accepts (e.g. the ONSPD's pcd, oseast1m,
    /// osnrth1m, laua). Missing values (None, NaN) count as blank. Errors
    /// name lines as in the frame written by ``df.to_csv(index=False)``
    /// (the header is line 1).
    #[staticmethod]
    fn from_frame(py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<PyPostcodes> {
        guarded(|| {
            let pd = pandas(py)?;
            let frame_type = pd.getattr("DataFrame")?;
            if !frame.is_instance(&frame_type)? {
                return Err(PyTypeError::new_err(format!(
                    "from_frame() needs a pandas DataFrame, not {}",
                    type_name(frame)
                )));
            }
            let mut header = Vec::new();
            for col in frame.getattr("columns")?.try_iter()? {
                header.push(col?.str()?.to_cow()?.into_owned());
            }
            let cols = TableColumns::find(&header).map_err(|e| geo_error(e, None))?;
            let n_rows = frame.len()?;
            let iloc = frame.getattr("iloc")?;
            let series = |j: usize| iloc.get_item((PySlice::full(py), j));
            let postcodes = text_cells(&series(cols.postcode)?, n_rows, &header[cols.postcode])?;
            let eastings = CoordinateCells::read(&series(cols.easting)?, n_rows, &header[cols.easting])?;
            let northings = CoordinateCells::read(&series(cols.northing)?, n_rows, &header[cols.northing])?;
            let authorities = match cols.authority {
                Some(j) => Some(text_cells(&series(j)?, n_rows, &header[j])?),
                None => None,
            };
            let table = detached(py, || -> Result<Postcodes, GeoError> {
                let mut table = Postcodes::new();
                for i in 0..n_rows {
                    table.add_row(
                        i as u64 + 2,
                        &postcodes[i],
                        eastings.get(i),
                        northings.get(i),
                        authorities.as_ref().map(|a| a[i].as_str()),
                    )?;
                }
                Ok(table)
            })?
            .map_err(|e| geo_error(e, None))?;
            Ok(PyPostcodes { inner: Arc::new(table) })
        })
    }

    /// Resolves one postcode: the exact unit (this table, then the embedded
    /// unit postcodes), else its sector's centroid, else its district's.
    ///
    /// Raises ValueError for text that is not a postcode, a Northern Ireland
    /// (BT) postcode not in this table, or a postcode nothing knows.
    fn resolve(&self, postcode: &str) -> PyResult<PyLocation> {
        guarded(|| self.inner.resolve(postcode).map(PyLocation::from_location).map_err(|e| geo_error(e, None)))
    }

    /// The distance between two places (postcodes, (easting, northing)
    /// tuples or Locations) by the DfE formula, resolving postcodes against
    /// this table first.
    fn distance(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<PyDistance> {
        guarded(|| distance_with(&self.inner, a, b))
    }

    /// ``distance(a, b).miles``; with ``strict=True``, ValueError unless both ends are exact.
    #[pyo3(signature = (a, b, *, strict=false))]
    fn distance_miles(&self, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>, strict: bool) -> PyResult<f64> {
        guarded(|| miles_with(&self.inner, a, b, strict))
    }

    /// The strict DfE ``PL_DISTANCE``: miles if both postcodes are exact unit
    /// postcodes (this table or embedded), else None, as the DfE leaves it blank.
    fn dfe_distance(&self, a: &str, b: &str) -> PyResult<Option<f64>> {
        guarded(|| Ok(self.inner.dfe_distance(a, b).map(|m| m.get())))
    }

    /// How many rows of the loaded table were skipped for lacking a postcode or a grid reference.
    #[getter]
    fn rows_without_grid(&self) -> usize {
        self.inner.rows_without_grid()
    }

    /// The number of unit postcodes in this table (the embedded data is not counted).
    fn __len__(&self) -> usize {
        self.inner.unit_count()
    }

    /// Whether ``postcode`` resolves exactly (this table or an embedded unit postcode).
    fn __contains__(&self, postcode: &Bound<'_, PyAny>) -> PyResult<bool> {
        guarded(|| match postcode.cast::<PyString>() {
            Ok(s) => Ok(self.inner.unit(&s.to_cow()?).is_some()),
            Err(_) => Ok(false),
        })
    }

    fn __repr__(&self) -> String {
        let (sectors, districts) = Postcodes::embedded_counts();
        format!(
            "<Postcodes: {} unit postcodes loaded; embedded: {} sectors with one unit postcode each, {} districts>",
            thousands(self.inner.unit_count()),
            thousands(sectors),
            thousands(districts)
        )
    }

    /// The embedded sector table as a DataFrame, sorted by sector: sector,
    /// easting, northing (the centroid), utla (majority upper-tier LA),
    /// postcodes (how many were averaged), and the sector's real unit
    /// postcode: unit ("B1 1QG"), unit_easting, unit_northing, unit_lad,
    /// unit_utla (always equal to utla). Derived from the ONSPD under the
    /// Open Government Licence: outputs must carry the attribution.
    #[staticmethod]
    #[pyo3(signature = (*, backend="pandas"))]
    fn embedded_sectors<'py>(py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let rows: Vec<_> = Postcodes::embedded_sectors().collect();
            let mut f = FrameBuilder::new(py);
            f.text_column("sector", rows.iter().map(|(s, _)| *s))?;
            f.typed_column("easting", "int64", rows.iter().map(|(_, c)| c.grid.easting))?;
            f.typed_column("northing", "int64", rows.iter().map(|(_, c)| c.grid.northing))?;
            f.text_column("utla", rows.iter().map(|(_, c)| c.utla.as_str()))?;
            f.typed_column("postcodes", "int64", rows.iter().map(|(_, c)| c.postcodes))?;
            f.text_column("unit", rows.iter().map(|(_, c)| c.unit.postcode.as_str()))?;
            f.typed_column("unit_easting", "int64", rows.iter().map(|(_, c)| c.unit.grid.easting))?;
            f.typed_column("unit_northing", "int64", rows.iter().map(|(_, c)| c.unit.grid.northing))?;
            f.text_column("unit_lad", rows.iter().map(|(_, c)| c.unit.lad.as_str()))?;
            f.text_column("unit_utla", rows.iter().map(|(_, c)| c.unit.utla.as_str()))?;
            f.build()
        })
    }
}
