//! The Python exceptions, and the guard that keeps Rust panics from crossing
//! into Python as anything but a catchable `SufficiencyError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

use crate::codes::CollectionYear;
use crate::ssda903::ReadError;

create_exception!(sufficiency, SufficiencyError, PyException, "Base class of every error sufficiency raises.");
create_exception!(
    sufficiency,
    InputError,
    SufficiencyError,
    "Input that cannot be used: a return that cannot be read at all, a window outside the data, a \
     scenario naming a group the model does not have. The message says what is wrong and what to do.\n\n\
     Row-level problems in returns are never errors; they are listed in `Dataset.issues`."
);

/// A [`ReadError`] as an `InputError` carrying the Rust message.
pub(crate) fn input_error(e: ReadError) -> PyErr {
    InputError::new_err(e.to_string())
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

/// The error raised in place of a Rust panic.
pub(crate) fn panic_error(payload: &(dyn std::any::Any + Send)) -> PyErr {
    SufficiencyError::new_err(format!(
        "internal error in sufficiency {}: {}. This is a bug in sufficiency, not a problem with your data; \
         please report it at {}/issues with the call that raised it.",
        env!("CARGO_PKG_VERSION"),
        panic_message(payload),
        env!("CARGO_PKG_REPOSITORY"),
    ))
}

/// Runs `f` (which may touch Python objects), turning a panic into a `SufficiencyError`.
pub(crate) fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_error(payload.as_ref())))
}

/// Runs pure Rust work `f` detached from the interpreter (other Python
/// threads run meanwhile), turning a panic into a `SufficiencyError`.
pub(crate) fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    py.detach(|| catch_unwind(AssertUnwindSafe(f))).map_err(|payload| panic_error(payload.as_ref()))
}

/// A collection year from the end year Python passes (2025 for 2024/25).
pub(crate) fn year_arg(year: i64) -> PyResult<CollectionYear> {
    let bad = || PyValueError::new_err(crate::codes::YearError(year).to_string());
    let y = u16::try_from(year).map_err(|_| bad())?;
    CollectionYear::new(y).map_err(|_| bad())
}
