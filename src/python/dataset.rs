//! `sufficiency.Dataset` and `sufficiency.read_ssda903`.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyOSError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::model::ChildId;
use crate::ssda903::{self, Dataset, RawTable, Severity};

use super::convert::{frame_table, framed, thousands, FrameBuilder};
use super::display::{self, Overview, Rows};
use super::errors::{detached, guarded, input_error, year_arg, SufficiencyError};
use super::issue::PyIssue;
use super::records::{placement_group, ChildList, EpisodeList, PyChild, PyEpisode};
use super::snapshot;
use super::state;

/// Tag of the pickled state's layout; change it when the layout changes.
const STATE_FORMAT: &str = "sufficiency.Dataset/1";

/// A merged, checked set of SSDA903 returns: children, episodes, and every
/// issue found on the way. Build one with `read_ssda903` or `Dataset.from_frames`.
///
/// A Dataset is immutable. Two datasets are equal when they hold the same
/// children and episodes, wherever they were read from.
#[pyclass(frozen, module = "sufficiency", name = "Dataset")]
pub(crate) struct PyDataset {
    pub(crate) inner: Arc<Dataset>,
}

impl PyDataset {
    pub(crate) fn new(ds: Dataset) -> Self {
        PyDataset { inner: Arc::new(ds) }
    }
}

/// Collects path arguments: each a str or os.PathLike, or a list/tuple of them.
fn collect_paths(args: &Bound<'_, PyTuple>) -> PyResult<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for arg in args.iter() {
        if arg.is_instance_of::<PyList>() || arg.is_instance_of::<PyTuple>() {
            for p in arg.try_iter()? {
                paths.push(path_arg(&p?)?);
            }
        } else {
            paths.push(path_arg(&arg)?);
        }
    }
    if paths.is_empty() {
        return Err(PyTypeError::new_err(
            "read_ssda903() needs at least one path: a folder holding one year's header.csv and episodes.csv, a folder of such year folders, or the CSV files themselves",
        ));
    }
    Ok(paths)
}

fn path_arg(obj: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    obj.extract::<PathBuf>().map_err(|_| {
        PyTypeError::new_err(format!(
            "paths must be str or os.PathLike, not {}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })
}

/// Reads one or several yearly SSDA903 returns from disk.
///
/// Each path may be a folder holding one year's CSV tables (header.csv,
/// episodes.csv, uasc.csv, ...; tables are recognised by their columns, not
/// their names), a folder of such year folders, or individual CSV files.
/// ``collection_year`` (e.g. 2025 for 2024/25) names the year of a single
/// return; without it each return's year comes from its latest episode date.
///
/// Raises InputError when a file cannot be read at all; row-level problems
/// are listed in ``Dataset.issues`` instead.
#[pyfunction]
#[pyo3(signature = (*paths, collection_year=None))]
pub(crate) fn read_ssda903(
    py: Python<'_>,
    paths: &Bound<'_, PyTuple>,
    collection_year: Option<i64>,
) -> PyResult<PyDataset> {
    guarded(|| {
        let paths = collect_paths(paths)?;
        let year = collection_year.map(year_arg).transpose()?;
        let ds = detached(py, || ssda903::read_ssda903(&paths, year))?.map_err(input_error)?;
        Ok(PyDataset::new(ds))
    })
}

/// Rebuilds a pickled Dataset (the callable `Dataset.__reduce__` names).
#[pyfunction]
pub(crate) fn _dataset_from_state(state: &Bound<'_, PyAny>) -> PyResult<PyDataset> {
    guarded(|| {
        let (format, version, payload): (String, String, Bound<'_, PyAny>) = state.extract().map_err(|_| {
            SufficiencyError::new_err("this is not a pickled sufficiency Dataset; it cannot be unpickled")
        })?;
        let this = env!("CARGO_PKG_VERSION");
        if format != STATE_FORMAT {
            return Err(SufficiencyError::new_err(format!(
                "this Dataset was pickled by sufficiency {version} in a format ({format}) that sufficiency {this} cannot read. Read the returns again with read_ssda903()."
            )));
        }
        let ds: Dataset = state::from_python(&payload).map_err(|e| {
            SufficiencyError::new_err(format!(
                "this Dataset was pickled by sufficiency {version} and cannot be read by sufficiency {this} ({e}). Read the returns again with read_ssda903()."
            ))
        })?;
        Ok(PyDataset::new(ds))
    })
}

#[pymethods]
impl PyDataset {
    /// Builds a dataset from pandas DataFrames holding the header, episodes and
    /// (optionally) UASC tables, with the same checks as reading CSV files.
    ///
    /// Each cell is read as the text a CSV file would hold: missing values
    /// (None, NaN, NaT) are blank, dates become DD/MM/YYYY, whole-number floats
    /// lose their ``.0``, anything else is ``str(value)``. Issues name the
    /// frames "header", "episodes" and "uasc", with rows numbered from 1 in
    /// frame order (the index is ignored).
    #[staticmethod]
    #[pyo3(signature = (header, episodes, uasc=None, collection_year=None))]
    fn from_frames(
        py: Python<'_>,
        header: Option<&Bound<'_, PyAny>>,
        episodes: Option<&Bound<'_, PyAny>>,
        uasc: Option<&Bound<'_, PyAny>>,
        collection_year: Option<i64>,
    ) -> PyResult<PyDataset> {
        guarded(|| {
            let year = collection_year.map(year_arg).transpose()?;
            let mut tables: Vec<RawTable> = Vec::new();
            for (name, frame) in [("header", header), ("episodes", episodes), ("uasc", uasc)] {
                if let Some(frame) = frame.filter(|f| !f.is_none()) {
                    tables.push(frame_table(name, frame)?);
                }
            }
            if tables.is_empty() {
                return Err(PyTypeError::new_err("from_frames() needs at least the header and episodes frames"));
            }
            let ds = detached(py, || ssda903::read_tables(tables, year))?.map_err(input_error)?;
            Ok(PyDataset::new(ds))
        })
    }

    /// The children, sorted by identifier (a read-only sequence of Child).
    #[getter]
    fn children(&self) -> ChildList {
        ChildList { ds: Arc::clone(&self.inner) }
    }

    /// The episodes, sorted by child then start date (a read-only sequence of Episode).
    #[getter]
    fn episodes(&self) -> EpisodeList {
        EpisodeList { ds: Arc::clone(&self.inner) }
    }

    /// Every issue found while reading, in file then row order.
    #[getter]
    fn issues(&self) -> Vec<PyIssue> {
        self.inner.issues().iter().map(|i| PyIssue { inner: i.clone() }).collect()
    }

    /// The collection years read, oldest first, as end years (2025 is 2024/25).
    #[getter]
    fn collection_years(&self) -> Vec<u16> {
        self.inner.collection_years().iter().map(|y| y.end_year()).collect()
    }

    /// The child with this identifier (case-insensitive), or None.
    fn child(&self, child: &str) -> Option<PyChild> {
        self.inner.child(&ChildId::new(child)).map(|c| PyChild { inner: c.clone() })
    }

    /// The episodes of one child, in date order.
    fn episodes_of(&self, child: &str) -> Vec<PyEpisode> {
        let id = ChildId::new(child);
        let from = self.inner.episodes().partition_point(|e| e.child < id);
        let n = self.inner.episodes_of(&id).len();
        (from..from + n).map(|i| PyEpisode::at(&self.inner, i)).collect()
    }

    /// The issues as a DataFrame: file, row, column, code, severity, message.
    #[pyo3(signature = (*, backend="pandas"))]
    fn issues_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let issues = self.inner.issues();
            let mut f = FrameBuilder::new(py);
            f.text_column("file", issues.iter().map(|i| i.file.as_str()))?;
            f.typed_column("row", "Int64", issues.iter().map(|i| i.row))?;
            f.text_column("column", issues.iter().map(|i| i.column.as_deref()))?;
            f.text_column("code", issues.iter().map(|i| i.code.as_str()))?;
            f.text_column("severity", issues.iter().map(|i| i.severity.as_str()))?;
            f.text_column("message", issues.iter().map(|i| i.message.as_str()))?;
            f.build()
        })
    }

    /// One row per file read: file, table, collection_year, rows_read,
    /// rows_accepted, rows_rejected (rows_read = rows_accepted + rows_rejected).
    #[pyo3(signature = (*, backend="pandas"))]
    fn summary<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let s = self.inner.summary();
            let mut f = FrameBuilder::new(py);
            f.text_column("file", s.iter().map(|r| r.file.as_str()))?;
            f.text_column("table", s.iter().map(|r| r.table.name().to_lowercase()))?;
            f.typed_column("collection_year", "int64", s.iter().map(|r| r.collection_year.end_year()))?;
            f.typed_column("rows_read", "int64", s.iter().map(|r| r.rows_read))?;
            f.typed_column("rows_accepted", "int64", s.iter().map(|r| r.rows_accepted))?;
            f.typed_column("rows_rejected", "int64", s.iter().map(|r| r.rows_rejected))?;
            f.build()
        })
    }

    /// One row per child: child, sex, dob, ethnicity, upn, mother, mc_dob,
    /// uasc, uasc_ceased. Dates are datetime.date.
    #[pyo3(signature = (*, backend="pandas"))]
    fn children_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let c = self.inner.children();
            let mut f = FrameBuilder::new(py);
            f.text_column("child", c.iter().map(|c| c.id.as_str()))?;
            f.text_column("sex", c.iter().map(|c| c.sex.label()))?;
            f.typed_column("dob", "object", c.iter().map(|c| c.dob))?;
            f.text_column("ethnicity", c.iter().map(|c| c.ethnicity.map(|e| e.code())))?;
            f.text_column("upn", c.iter().map(|c| c.upn.as_deref()))?;
            f.typed_column("mother", "boolean", c.iter().map(|c| c.mother))?;
            f.typed_column("mc_dob", "object", c.iter().map(|c| c.mc_dob))?;
            f.typed_column("uasc", "bool", c.iter().map(|c| c.uasc))?;
            f.typed_column("uasc_ceased", "object", c.iter().map(|c| c.uasc_ceased))?;
            f.build()
        })
    }

    /// One row per episode: child, decom, dec, rne, ls, cin, place,
    /// place_provider, rec, reason_place_change, home_post, pl_post, urn and
    /// placement_group (the standard grouping). Dates are datetime.date.
    #[pyo3(signature = (*, backend="pandas"))]
    fn episodes_frame<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let e = self.inner.episodes();
            let mut f = FrameBuilder::new(py);
            f.text_column("child", e.iter().map(|e| e.child.as_str()))?;
            f.typed_column("decom", "object", e.iter().map(|e| e.start))?;
            f.typed_column("dec", "object", e.iter().map(|e| e.end))?;
            f.text_column("rne", e.iter().map(|e| e.reason_new.code()))?;
            f.text_column("ls", e.iter().map(|e| e.legal_status.code()))?;
            f.text_column("cin", e.iter().map(|e| e.category_of_need.map(|c| c.code())))?;
            f.text_column("place", e.iter().map(|e| e.place.code()))?;
            f.text_column("place_provider", e.iter().map(|e| e.provider.map(|p| p.code())))?;
            f.text_column("rec", e.iter().map(|e| e.reason_end.map(|r| r.code())))?;
            f.text_column("reason_place_change", e.iter().map(|e| e.reason_place_change.map(|r| r.code())))?;
            f.text_column("home_post", e.iter().map(|e| e.home_postcode.as_deref()))?;
            f.text_column("pl_post", e.iter().map(|e| e.placement_postcode.as_deref()))?;
            f.text_column("urn", e.iter().map(|e| e.urn.as_deref()))?;
            f.text_column("placement_group", e.iter().map(placement_group))?;
            f.build()
        })
    }

    /// Children in care on the night of ``date`` (DECOM <= date < DEC), as a
    /// frame with columns [by, "children"].
    ///
    /// ``by`` is one of total, placement_group, place, age_band, legal_status,
    /// provider, sex, uasc, category_of_need. Short breaks (LS V3/V4) are left
    /// out unless ``include_short_breaks``.
    #[pyo3(signature = (date, by="placement_group", include_short_breaks=false, *, backend="pandas"))]
    fn in_care_on<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
        by: &str,
        include_short_breaks: bool,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || snapshot::in_care_on(py, &self.inner, date, by, include_short_breaks))
    }

    /// Children starting a period of care between ``start`` and ``end`` (both
    /// inclusive), broken down ``by`` their first episode: columns [by, "children"].
    #[pyo3(signature = (start, end, by="age_band", include_short_breaks=false, *, backend="pandas"))]
    fn entries<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        by: &str,
        include_short_breaks: bool,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || snapshot::entries(py, &self.inner, start, end, by, include_short_breaks))
    }

    /// Periods of care ending between ``start`` and ``end`` (both inclusive),
    /// by the reason care ended: columns ["rec", "children"].
    #[pyo3(signature = (start, end, include_short_breaks=false, *, backend="pandas"))]
    fn leavers<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        include_short_breaks: bool,
        backend: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || snapshot::leavers(py, &self.inner, start, end, include_short_breaks))
    }

    /// The DfE placement-stability measure for one collection year (2025 is
    /// 2024/25): a dict with collection_year, children (in care on 31 March),
    /// three_or_more (of those, with three or more placements in the year),
    /// share, and three_or_more_children (their identifiers).
    #[pyo3(signature = (collection_year, include_short_breaks=false))]
    fn stability<'py>(
        &self,
        py: Python<'py>,
        collection_year: i64,
        include_short_breaks: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guarded(|| snapshot::stability(py, &self.inner, collection_year, include_short_breaks))
    }

    /// Writes the ``collection_year`` return (header.csv, episodes.csv,
    /// uasc.csv) into ``folder``, creating it: episodes current at any time in
    /// the year, those that ended after 31 March written as still open.
    fn write_ssda903(&self, py: Python<'_>, folder: PathBuf, collection_year: i64) -> PyResult<()> {
        guarded(|| {
            let year = year_arg(collection_year)?;
            let ds = &self.inner;
            detached(py, || ssda903::write_return(ds, year, &folder))?.map_err(|e| {
                PyOSError::new_err(format!("could not write the {year} return to {}: {e}", folder.display()))
            })
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyDataset>() {
            Ok(o) => {
                Ok(pyo3::types::PyBool::new(py, self.inner.same_records(&o.get().inner)).to_owned().into_any().unbind())
            }
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(&self) -> String {
        let ds = &self.inner;
        let years = match ds.collection_years() {
            [] => String::new(),
            [y] => format!(" {y}"),
            [first, .., last] => format!(" {first}\u{2013}{last}"),
        };
        let plural = |n: usize, one: &str, many: &str| format!("{} {}", thousands(n), if n == 1 { one } else { many });
        format!(
            "<Dataset{years}: {}, {}, {}, {}>",
            plural(ds.children().len(), "child", "children"),
            plural(ds.episodes().len(), "episode", "episodes"),
            plural(ds.issues_of(Severity::Error).count(), "error", "errors"),
            plural(ds.issues_of(Severity::Warning).count(), "warning", "warnings"),
        )
    }

    /// The headline facts, as (label, value) rows of text: collection years,
    /// files, children, episodes, periods of care, rows rejected, errors and
    /// warnings. What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let ds = &self.inner;
        let years = match ds.collection_years() {
            [] => "none".to_string(),
            [y] => y.to_string(),
            [first, .., last] => format!("{first} \u{2013} {last} ({} returns)", ds.collection_years().len()),
        };
        let mut o = Overview::new();
        o.row("collection years", years)
            .row("files read", thousands(ds.summary().len()))
            .row("children", thousands(ds.children().len()))
            .row("episodes", thousands(ds.episodes().len()))
            .row("periods of care", thousands(ds.periods().len()))
            .row("rows rejected", thousands(ds.summary().iter().map(|s| s.rows_rejected as usize).sum()))
            .row("errors", thousands(ds.issues_of(Severity::Error).count()))
            .row("warnings", thousands(ds.issues_of(Severity::Warning).count()));
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Dataset", self.overview()))
    }

    /// Pickles as the dataset's full content (children, episodes, periods,
    /// issues and file summaries), rebuilt by `_dataset_from_state`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyTuple>,))> {
        guarded(|| {
            let payload = state::to_python(py, &*self.inner)
                .map_err(|e| SufficiencyError::new_err(format!("could not pickle the Dataset: {e}")))?;
            let state = PyTuple::new(
                py,
                [
                    PyString::new(py, STATE_FORMAT).into_any(),
                    PyString::new(py, env!("CARGO_PKG_VERSION")).into_any(),
                    payload,
                ],
            )?;
            let rebuild = py.import("sufficiency._sufficiency")?.getattr("_dataset_from_state")?;
            Ok((rebuild, (state,)))
        })
    }

    /// A Dataset is immutable, so a copy is the dataset itself.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// A Dataset is immutable, so a deep copy is the dataset itself.
    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}
