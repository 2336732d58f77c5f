//! `sufficiency.Issue`: one problem found while reading a return.

use pyo3::prelude::*;

use crate::ssda903::Issue;

/// One problem found while reading a return: where it is, what it is, and what was done.
///
/// ``row`` is the 1-based data row within ``file`` (the first line after the
/// header is row 1), or ``None`` for a problem with the file as a whole.
/// ``severity`` is ``"error"`` (the row was left out) or ``"warning"`` (the
/// row was kept). ``code`` is a stable short code such as ``"dec_before_decom"``.
#[pyclass(frozen, eq, module = "sufficiency", name = "Issue")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyIssue {
    pub(crate) inner: Issue,
}

#[pymethods]
impl PyIssue {
    /// The file (or frame) the row came from.
    #[getter]
    fn file(&self) -> &str {
        &self.inner.file
    }

    /// The 1-based data row, or None for the whole file.
    #[getter]
    fn row(&self) -> Option<u64> {
        self.inner.row
    }

    /// The column concerned, if one.
    #[getter]
    fn column(&self) -> Option<&str> {
        self.inner.column.as_deref()
    }

    /// The stable issue code, e.g. ``"dec_before_decom"``.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }

    /// ``"error"`` (the row was left out) or ``"warning"`` (the row was kept).
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }

    /// What is wrong and what was done.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        let i = &self.inner;
        let mut at = i.file.clone();
        if let Some(row) = i.row {
            at.push_str(&format!(" row {row}"));
        }
        if let Some(col) = &i.column {
            at.push_str(&format!(", {col}"));
        }
        format!("<Issue {} {} at {}>", i.severity.as_str(), i.code.as_str(), at)
    }
}
