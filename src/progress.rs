//! Progress and cancellation for the calls that can take seconds.
//!
//! Most of this crate's calls take milliseconds even at national volume.
//! A few can take longer: generating a national synthetic authority, or
//! assessing the sufficiency of a region of authorities (need, candidate
//! places, the exact matching, then the marginal value of new places). Each
//! of those has a `…_with_progress` form that takes a [`Progress`]: it is
//! told, stage by stage, how much is done, and can stop the work by
//! answering [`Flow::Cancel`], in which case the call returns
//! [`Cancelled`] and no partial result.
//!
//! A closure is a `Progress`:
//!
//! ```
//! use std::sync::atomic::{AtomicU64, Ordering};
//! use sufficiency::progress::{Flow, Progress, Step};
//!
//! let steps = AtomicU64::new(0);
//! let count = |_: Step| {
//!     steps.fetch_add(1, Ordering::Relaxed);
//!     Flow::Continue
//! };
//! assert_eq!(count.step(Step::new("matching", 1, 3)), Flow::Continue);
//! assert_eq!(steps.load(Ordering::Relaxed), 1);
//! ```
//!
//! Reports are coarse (tens to hundreds per call, never one per child), so
//! a callback may take a lock or, in the Python bindings, the interpreter:
//! that is how a notebook shows a progress bar and how interrupting the
//! kernel stops a long assessment.

use thiserror::Error;

/// How far a long call has got: `done` of `total` units of `stage`.
///
/// ```
/// use sufficiency::progress::Step;
/// let s = Step::new("marginal values", 3, 12);
/// assert_eq!(s.fraction(), 0.25);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// What is being done, in words (`"matching"`, `"marginal values"`, …).
    pub stage: &'static str,
    /// Units done so far in this stage.
    pub done: u64,
    /// Units in this stage (at least `done`).
    pub total: u64,
}

impl Step {
    /// A step; `total` is raised to `done` if smaller.
    ///
    /// ```
    /// use sufficiency::progress::Step;
    /// assert_eq!(Step::new("children", 5, 2).total, 5);
    /// ```
    pub fn new(stage: &'static str, done: u64, total: u64) -> Self {
        Step { stage, done, total: total.max(done) }
    }

    /// `done / total`, 1 when the stage has no units.
    ///
    /// ```
    /// use sufficiency::progress::Step;
    /// assert_eq!(Step::new("supply", 0, 0).fraction(), 1.0);
    /// ```
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        }
    }
}

/// Whether a long call should go on.
///
/// ```
/// use sufficiency::progress::Flow;
/// assert_ne!(Flow::Continue, Flow::Cancel);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Stop as soon as possible and return [`Cancelled`].
    Cancel,
}

/// Receives a long call's [`Step`]s and may cancel it.
///
/// ```
/// use sufficiency::progress::{Flow, Progress, Silent, Step};
/// // Stop at the first report from the marginal-value stage.
/// let stop = |s: Step| if s.stage == "marginal values" { Flow::Cancel } else { Flow::Continue };
/// assert_eq!(stop.step(Step::new("matching", 1, 1)), Flow::Continue);
/// assert_eq!(stop.step(Step::new("marginal values", 0, 10)), Flow::Cancel);
/// assert_eq!(Silent.step(Step::new("anything", 0, 1)), Flow::Continue);
/// ```
pub trait Progress: Sync {
    /// One report; answer [`Flow::Cancel`] to stop the call.
    fn step(&self, step: Step) -> Flow;

    /// Reports `step`, and turns [`Flow::Cancel`] into `Err(Cancelled)` for `?`.
    ///
    /// ```
    /// use sufficiency::progress::{Flow, Progress, Step};
    /// let stop = |_: Step| Flow::Cancel;
    /// let err = stop.check(Step::new("matching", 0, 1)).unwrap_err();
    /// assert_eq!(err.stage, "matching");
    /// ```
    fn check(&self, step: Step) -> Result<(), Cancelled> {
        match self.step(step) {
            Flow::Continue => Ok(()),
            Flow::Cancel => Err(Cancelled { stage: step.stage }),
        }
    }
}

impl<F: Fn(Step) -> Flow + Sync> Progress for F {
    fn step(&self, step: Step) -> Flow {
        self(step)
    }
}

/// Reports nowhere and never cancels: what the plain forms of the long calls use.
///
/// ```
/// use sufficiency::progress::{Flow, Progress, Silent, Step};
/// assert_eq!(Silent.step(Step::new("children", 1, 1)), Flow::Continue);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _: Step) -> Flow {
        Flow::Continue
    }
}

/// The result of a `…_with_progress` call made with [`Silent`], which
/// never cancels: what the plain forms return.
pub(crate) fn silently<T>(result: Result<T, Cancelled>) -> T {
    match result {
        Ok(value) => value,
        Err(c) => unreachable!("Silent never cancels ({c})"),
    }
}

/// A long call was stopped by its [`Progress`] before it finished.
///
/// ```
/// use sufficiency::progress::Cancelled;
/// let e = Cancelled { stage: "matching" };
/// assert_eq!(e.to_string(), "cancelled during matching: no result was produced; run the call again to get one");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("cancelled during {stage}: no result was produced; run the call again to get one")]
pub struct Cancelled {
    /// The stage that was running.
    pub stage: &'static str,
}
