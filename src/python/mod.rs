//! Python bindings (`import sufficiency`), built by maturin with the `python`
//! feature. The Python package in `python/sufficiency/` re-exports this
//! extension module, `sufficiency._sufficiency`.
//!
//! Conventions: every entry point runs inside [`errors::guarded`] so that a
//! Rust panic reaches Python as a `SufficiencyError`; reading, snapshots,
//! forecasting and costing run detached from the interpreter
//! ([`errors::detached`]); results are pandas DataFrames, with money as
//! `decimal.Decimal`; collection years are end years (2025 is 2024/25); dates
//! are `datetime.date`.

mod convert;
mod cost;
mod dataset;
mod display;
mod errors;
mod forecast;
mod geo;
mod issue;
mod progress;
mod records;
mod snapshot;
mod state;
mod sufficiency;
mod synth;

use pyo3::prelude::*;

/// Placement sufficiency for children in care in England, from the DfE SSDA903 return.
#[pymodule]
fn _sufficiency(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SufficiencyError", py.get_type::<errors::SufficiencyError>())?;
    m.add("InputError", py.get_type::<errors::InputError>())?;
    m.add_class::<dataset::PyDataset>()?;
    m.add_class::<issue::PyIssue>()?;
    m.add_class::<records::PyChild>()?;
    m.add_class::<records::PyEpisode>()?;
    m.add_class::<records::ChildList>()?;
    m.add_class::<records::EpisodeList>()?;
    m.add_function(wrap_pyfunction!(dataset::read_ssda903, m)?)?;
    m.add_function(wrap_pyfunction!(sufficiency::read_supply_csv, m)?)?;
    m.add_class::<geo::PyPostcodes>()?;
    m.add_class::<geo::PyLocation>()?;
    m.add_class::<geo::PyDistance>()?;
    m.add_function(wrap_pyfunction!(geo::distance, m)?)?;
    m.add_function(wrap_pyfunction!(geo::distance_miles, m)?)?;
    m.add_class::<synth::PyAuthority>()?;
    m.add_function(wrap_pyfunction!(synth::synthetic_authority, m)?)?;
    m.add_class::<forecast::PyDemandConfig>()?;
    m.add_class::<forecast::PyScenario>()?;
    m.add_class::<forecast::PyDemandModel>()?;
    m.add_class::<forecast::PyProjection>()?;
    m.add_class::<forecast::PyBacktest>()?;
    m.add_class::<cost::PyPriceBook>()?;
    m.add_class::<cost::PyCostForecast>()?;
    m.add_class::<cost::PyHighCost>()?;
    m.add_function(wrap_pyfunction!(cost::forecast_costs, m)?)?;
    m.add_function(wrap_pyfunction!(cost::cost_avoidance, m)?)?;
    m.add_function(wrap_pyfunction!(cost::compare_costs, m)?)?;
    m.add_function(wrap_pyfunction!(cost::high_cost_placements, m)?)?;
    m.add_function(wrap_pyfunction!(dataset::_dataset_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(forecast::_forecast_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(cost::_cost_from_state, m)?)?;
    m.add_class::<sufficiency::PySupply>()?;
    m.add_class::<sufficiency::PySufficiencyReport>()?;
    m.add_class::<sufficiency::PyRegion>()?;
    m.add_function(wrap_pyfunction!(sufficiency::assess, m)?)?;
    m.add_function(wrap_pyfunction!(synth::synthetic_region, m)?)?;
    m.add("NORTH_WEST_18", synth::north_west_18())?;
    m.add_function(wrap_pyfunction!(sufficiency::_sufficiency_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_raise_panic_for_testing, m)?)?;
    Ok(())
}

/// Panics inside the guard, so tests can check that a Rust panic reaches
/// Python as a `SufficiencyError`. Not part of the API.
#[pyfunction]
fn _raise_panic_for_testing() -> PyResult<()> {
    errors::guarded(|| -> PyResult<()> { panic!("deliberate panic for testing") })
}
