//! `progress=` for the long calls: a tqdm bar when tqdm is installed (or
//! the caller's own callable), and cancellation by KeyboardInterrupt.
//!
//! The work runs detached from the interpreter; each report (tens to
//! hundreds a call) attaches briefly to check for a pending signal — so
//! interrupting a notebook's kernel stops the call — and to update the bar
//! or call the callback. An exception from either is kept and raised once
//! the call has stopped.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::progress::{Flow, Progress, Step};

enum Sink {
    /// Report nowhere; still cancel on a signal.
    Silent,
    /// `callback(stage, done, total)`; a return value of `False` cancels.
    Callback(Py<PyAny>),
    /// One `tqdm.auto.tqdm` bar per stage.
    Bar { class: Py<PyAny>, current: Option<(&'static str, Py<PyAny>)> },
}

/// A [`Progress`] that reports to Python.
pub(crate) struct PyProgress {
    sink: Mutex<Sink>,
    error: Mutex<Option<PyErr>>,
}

impl PyProgress {
    /// From the `progress=` argument: `None` or `True` for a tqdm bar when
    /// tqdm is installed (silent otherwise), `False` for silence, or a
    /// callable taking `(stage, done, total)`.
    pub(crate) fn new(py: Python<'_>, progress: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let sink = match progress {
            Some(p) if p.is_callable() => Sink::Callback(p.clone().unbind()),
            Some(p) if !p.is_truthy()? => Sink::Silent,
            _ => match py.import("tqdm.auto").and_then(|m| m.getattr("tqdm")) {
                Ok(class) => Sink::Bar { class: class.unbind(), current: None },
                Err(_) => Sink::Silent,
            },
        };
        Ok(PyProgress { sink: Mutex::new(sink), error: Mutex::new(None) })
    }

    /// After the call: closes any bar, and returns the exception a report
    /// raised (a KeyboardInterrupt, or the callback's own), if any.
    pub(crate) fn finish(self, py: Python<'_>) -> PyResult<()> {
        if let Ok(Sink::Bar { current: Some((_, bar)), .. }) = self.sink.into_inner() {
            bar.call_method0(py, "close")?;
        }
        match self.error.into_inner() {
            Ok(Some(e)) => Err(e),
            _ => Ok(()),
        }
    }

    fn report(&self, py: Python<'_>, step: Step) -> PyResult<Flow> {
        py.check_signals()?;
        let mut sink = self.sink.lock().map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("progress lock"))?;
        match &mut *sink {
            Sink::Silent => Ok(Flow::Continue),
            Sink::Callback(f) => {
                let answer = f.call1(py, (step.stage, step.done, step.total))?;
                let cancel = answer.bind(py).is_instance_of::<pyo3::types::PyBool>() && !answer.bind(py).is_truthy()?;
                Ok(if cancel { Flow::Cancel } else { Flow::Continue })
            }
            Sink::Bar { class, current } => {
                if current.as_ref().is_none_or(|(stage, _)| *stage != step.stage) {
                    if let Some((_, old)) = current.take() {
                        old.call_method0(py, "close")?;
                    }
                    let kwargs = PyDict::new(py);
                    kwargs.set_item("total", step.total)?;
                    kwargs.set_item("desc", step.stage)?;
                    kwargs.set_item("leave", false)?;
                    *current = Some((step.stage, class.call(py, (), Some(&kwargs))?));
                }
                if let Some((_, bar)) = current {
                    bar.setattr(py, "total", step.total)?;
                    bar.setattr(py, "n", step.done)?;
                    bar.call_method0(py, "refresh")?;
                }
                Ok(Flow::Continue)
            }
        }
    }
}

impl Progress for PyProgress {
    fn step(&self, step: Step) -> Flow {
        Python::attach(|py| match self.report(py, step) {
            Ok(flow) => flow,
            Err(e) => {
                if let Ok(mut slot) = self.error.lock() {
                    slot.get_or_insert(e);
                }
                Flow::Cancel
            }
        })
    }
}
