//! Children and episodes as Python objects, and the read-only sequences
//! `Dataset.children` and `Dataset.episodes` that hand them out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice};

use crate::model::{Child, Episode, PlacementGroups, UNCLASSIFIED};
use crate::ssda903::Dataset;

use super::convert::date_arg;

/// The crate's standard placement grouping, built once.
pub(crate) fn standard_groups() -> &'static PlacementGroups {
    static GROUPS: OnceLock<PlacementGroups> = OnceLock::new();
    GROUPS.get_or_init(PlacementGroups::standard)
}

/// The standard placement group of an episode (``unclassified`` if no rule matches).
pub(crate) fn placement_group(e: &Episode) -> &'static str {
    standard_groups().group_of(e.place, e.provider).unwrap_or(UNCLASSIFIED)
}

/// A child from the header table (with the UASC flag from the UASC table).
#[pyclass(frozen, eq, module = "sufficiency", name = "Child")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyChild {
    pub(crate) inner: Child,
}

#[pymethods]
impl PyChild {
    /// CHILD: the identifier, upper-cased.
    #[getter]
    fn child(&self) -> &str {
        self.inner.id.as_str()
    }

    /// SEX: ``"male"``, ``"female"`` or ``"unknown"``, whatever coding the return used.
    #[getter]
    fn sex(&self) -> &'static str {
        self.inner.sex.label()
    }

    /// DOB.
    #[getter]
    fn dob(&self) -> NaiveDate {
        self.inner.dob
    }

    /// ETHNIC code, when given and known.
    #[getter]
    fn ethnicity(&self) -> Option<&'static str> {
        self.inner.ethnicity.map(|e| e.code())
    }

    /// UPN, as given.
    #[getter]
    fn upn(&self) -> Option<&str> {
        self.inner.upn.as_deref()
    }

    /// MOTHER: whether the child is a mother, when given.
    #[getter]
    fn mother(&self) -> Option<bool> {
        self.inner.mother
    }

    /// MC_DOB: the date of birth of the child's own child, when given.
    #[getter]
    fn mc_dob(&self) -> Option<NaiveDate> {
        self.inner.mc_dob
    }

    /// Whether the child is in the UASC table.
    #[getter]
    fn uasc(&self) -> bool {
        self.inner.uasc
    }

    /// DUC: the date UASC status ceased, from the UASC table.
    #[getter]
    fn uasc_ceased(&self) -> Option<NaiveDate> {
        self.inner.uasc_ceased
    }

    /// Age in whole years on ``date`` (a ``datetime.date`` or ``'YYYY-MM-DD'``).
    fn age_on(&self, date: &Bound<'_, PyAny>) -> PyResult<i32> {
        Ok(self.inner.age_on(date_arg(date, "date")?))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Child {} {} born {}{}>",
            self.inner.id,
            self.inner.sex.label(),
            self.inner.dob,
            if self.inner.uasc { " UASC" } else { "" }
        )
    }
}

/// One episode: a spell with one legal status, placement and carer, from
/// ``decom`` up to (not including) ``dec``.
#[pyclass(frozen, eq, module = "sufficiency", name = "Episode")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyEpisode {
    pub(crate) inner: Episode,
    pub(crate) source: Option<(String, u64)>,
}

impl PyEpisode {
    pub(crate) fn at(ds: &Dataset, index: usize) -> Self {
        PyEpisode {
            inner: ds.episodes()[index].clone(),
            source: ds.episode_source(index).map(|(f, r)| (f.to_string(), r)),
        }
    }
}

#[pymethods]
impl PyEpisode {
    /// CHILD.
    #[getter]
    fn child(&self) -> &str {
        self.inner.child.as_str()
    }
    /// DECOM: the date the episode started.
    #[getter]
    fn decom(&self) -> NaiveDate {
        self.inner.start
    }
    /// DEC: the date the episode ceased, or None while open.
    #[getter]
    fn dec(&self) -> Option<NaiveDate> {
        self.inner.end
    }
    /// RNE code.
    #[getter]
    fn rne(&self) -> &'static str {
        self.inner.reason_new.code()
    }
    /// LS code.
    #[getter]
    fn ls(&self) -> &'static str {
        self.inner.legal_status.code()
    }
    /// CIN code, if given.
    #[getter]
    fn cin(&self) -> Option<&'static str> {
        self.inner.category_of_need.map(|c| c.code())
    }
    /// PLACE code.
    #[getter]
    fn place(&self) -> &'static str {
        self.inner.place.code()
    }
    /// PLACE_PROVIDER code, if given.
    #[getter]
    fn place_provider(&self) -> Option<&'static str> {
        self.inner.provider.map(|p| p.code())
    }
    /// REC code, present exactly when ``dec`` is.
    #[getter]
    fn rec(&self) -> Option<&'static str> {
        self.inner.reason_end.map(|r| r.code())
    }
    /// REASON_PLACE_CHANGE code, if given.
    #[getter]
    fn reason_place_change(&self) -> Option<&'static str> {
        self.inner.reason_place_change.map(|r| r.code())
    }
    /// HOME_POST, as given (upper-cased).
    #[getter]
    fn home_post(&self) -> Option<&str> {
        self.inner.home_postcode.as_deref()
    }
    /// PL_POST, as given (upper-cased).
    #[getter]
    fn pl_post(&self) -> Option<&str> {
        self.inner.placement_postcode.as_deref()
    }
    /// URN: the Ofsted reference of the setting.
    #[getter]
    fn urn(&self) -> Option<&str> {
        self.inner.urn.as_deref()
    }
    /// The placement group under the standard grouping (``"unclassified"`` if none fits).
    #[getter]
    fn placement_group(&self) -> &'static str {
        placement_group(&self.inner)
    }
    /// ``(file, row)`` the episode was read from, or None.
    #[getter]
    fn source(&self) -> Option<(String, u64)> {
        self.source.clone()
    }
    /// Nights in the episode (``dec - decom``), or None while open.
    #[getter]
    fn nights(&self) -> Option<i64> {
        self.inner.nights()
    }

    /// Whether the child is in this episode on the night of ``date``: ``decom <= date < dec``.
    fn is_open_on(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.is_open_on(date_arg(date, "date")?))
    }

    fn __repr__(&self) -> String {
        let e = &self.inner;
        let end = match (e.end, e.reason_end) {
            (Some(d), Some(r)) => format!("{d} {r}"),
            (Some(d), None) => d.to_string(),
            _ => "open".to_string(),
        };
        format!("<Episode {} {} {} {} {} to {}>", e.child, e.start, e.reason_new, e.legal_status, e.place, end)
    }
}

/// A position in a sequence of `len` items, Python style (negative counts from the end).
fn position(index: isize, len: usize, what: &str) -> PyResult<usize> {
    let len_i = isize::try_from(len).unwrap_or(isize::MAX);
    let i = if index < 0 { index + len_i } else { index };
    if (0..len_i).contains(&i) {
        Ok(i as usize)
    } else {
        Err(PyIndexError::new_err(format!("{what} index {index} out of range (there are {len})")))
    }
}

/// Looks up one item or a slice of items in a sequence of `len`, made by `make`.
fn get_item<'py, T, F>(key: &Bound<'py, PyAny>, len: usize, what: &str, make: F) -> PyResult<Bound<'py, PyAny>>
where
    T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>,
    F: Fn(usize) -> T,
{
    let py = key.py();
    if let Ok(slice) = key.cast::<PySlice>() {
        let idx = slice.indices(isize::try_from(len).unwrap_or(isize::MAX))?;
        let mut items = Vec::with_capacity(idx.slicelength);
        let mut i = idx.start;
        for _ in 0..idx.slicelength {
            items.push(Bound::new(py, make(i as usize))?);
            i += idx.step;
        }
        return Ok(PyList::new(py, items)?.into_any());
    }
    let index: isize =
        key.extract().map_err(|_| PyTypeError::new_err(format!("{what} indices must be integers or slices")))?;
    Ok(Bound::new(py, make(position(index, len, what)?))?.into_any())
}

/// The children of a dataset, sorted by identifier: a read-only sequence of `Child`.
#[pyclass(frozen, sequence, module = "sufficiency", name = "ChildList")]
pub(crate) struct ChildList {
    pub(crate) ds: Arc<Dataset>,
}

#[pymethods]
impl ChildList {
    fn __len__(&self) -> usize {
        self.ds.children().len()
    }

    fn __getitem__<'py>(&self, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let ds = &self.ds;
        get_item(key, ds.children().len(), "child", |i| PyChild { inner: ds.children()[i].clone() })
    }

    fn __iter__(&self) -> RecordIter {
        RecordIter { ds: Arc::clone(&self.ds), next: AtomicUsize::new(0), episodes: false }
    }

    fn __contains__(&self, item: &Bound<'_, PyAny>) -> bool {
        match item.cast::<PyChild>() {
            Ok(c) => self.ds.child(&c.get().inner.id).is_some_and(|found| *found == c.get().inner),
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        let n = self.ds.children().len();
        format!("<ChildList: {} child{}>", super::convert::thousands(n), if n == 1 { "" } else { "ren" })
    }
}

/// The episodes of a dataset, by child then start date: a read-only sequence of `Episode`.
#[pyclass(frozen, sequence, module = "sufficiency", name = "EpisodeList")]
pub(crate) struct EpisodeList {
    pub(crate) ds: Arc<Dataset>,
}

#[pymethods]
impl EpisodeList {
    fn __len__(&self) -> usize {
        self.ds.episodes().len()
    }

    fn __getitem__<'py>(&self, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let ds = &self.ds;
        get_item(key, ds.episodes().len(), "episode", |i| PyEpisode::at(ds, i))
    }

    fn __iter__(&self) -> RecordIter {
        RecordIter { ds: Arc::clone(&self.ds), next: AtomicUsize::new(0), episodes: true }
    }

    fn __repr__(&self) -> String {
        let n = self.ds.episodes().len();
        format!("<EpisodeList: {} episode{}>", super::convert::thousands(n), if n == 1 { "" } else { "s" })
    }
}

/// An iterator over a `ChildList` or an `EpisodeList`.
#[pyclass(frozen, module = "sufficiency")]
pub(crate) struct RecordIter {
    ds: Arc<Dataset>,
    next: AtomicUsize,
    episodes: bool,
}

#[pymethods]
impl RecordIter {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if self.episodes {
            if i >= self.ds.episodes().len() {
                return Ok(None);
            }
            Ok(Some(Bound::new(py, PyEpisode::at(&self.ds, i))?.into_any()))
        } else {
            match self.ds.children().get(i) {
                Some(c) => Ok(Some(Bound::new(py, PyChild { inner: c.clone() })?.into_any())),
                None => Ok(None),
            }
        }
    }
}
