//! `sufficiency.synthetic_authority` and `sufficiency.Authority`.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::synth::{self, Authority, Overrides, Profile};

use super::convert::{date_arg, thousands, FrameBuilder};
use super::dataset::PyDataset;
use super::display::{self, Overview, Rows};
use super::errors::{detached, guarded, SufficiencyError};
use super::progress::PyProgress;
use super::state;
use super::sufficiency::AUTHORITY_FORMAT;

/// The keyword arguments `synthetic_authority` accepts besides profile, seed and years.
const OVERRIDES: &[&str] = &[
    "children_in_care",
    "starters_per_year",
    "placement_mix",
    "age_mix",
    "uasc_share",
    "outside_la_share",
    "over_20_miles_share",
    "three_plus_moves_share",
    "home_postcode_area",
    "collection_end",
];

fn shares(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<(String, f64)>> {
    let dict = obj.cast::<PyDict>().map_err(|_| {
        PyTypeError::new_err(format!("{name} must be a dict of name to share, e.g. {{\"foster_agency\": 0.3}}"))
    })?;
    dict.iter().map(|(k, v)| Ok((k.extract::<String>()?, v.extract::<f64>()?))).collect()
}

fn overrides(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Overrides> {
    let mut o = Overrides::default();
    let Some(kwargs) = kwargs else { return Ok(o) };
    for (k, v) in kwargs.iter() {
        let key: String = k.extract()?;
        match key.as_str() {
            "children_in_care" => o.children_in_care = Some(v.extract()?),
            "starters_per_year" => o.starters_per_year = Some(v.extract()?),
            "placement_mix" => o.placement_mix = Some(shares(&v, &key)?),
            "age_mix" => o.age_mix = Some(shares(&v, &key)?),
            "uasc_share" => o.uasc_share = Some(v.extract()?),
            "outside_la_share" => o.outside_la_share = Some(v.extract()?),
            "over_20_miles_share" => o.over_20_miles_share = Some(v.extract()?),
            "three_plus_moves_share" => o.three_plus_moves_share = Some(v.extract()?),
            "home_postcode_area" => {
                o.home_postcode_area =
                    Some(if v.is_instance_of::<PyString>() { vec![v.extract()?] } else { v.extract()? })
            }
            "collection_end" => o.collection_end = Some(date_arg(&v, "collection_end")?),
            other => {
                return Err(PyTypeError::new_err(format!(
                    "synthetic_authority() got an unexpected keyword '{other}'; the overrides are {}",
                    OVERRIDES.join(", ")
                )))
            }
        }
    }
    Ok(o)
}

/// A synthetic local authority: SSDA903 returns, supply and prices anyone may share.
///
/// Build one with `synthetic_authority()`. Its `dataset` is exactly what
/// reading its returns gives; `write_ssda903(folder)` writes them.
#[pyclass(frozen, eq, module = "sufficiency", name = "Authority")]
#[derive(PartialEq)]
pub(crate) struct PyAuthority {
    pub(crate) inner: Arc<Authority>,
}

#[pymethods]
impl PyAuthority {
    /// The SSDA903 returns, read (a `Dataset`).
    #[getter]
    fn dataset(&self) -> PyDataset {
        // Shared with every `Dataset` object handed out, never copied.
        PyDataset { inner: self.inner.dataset.clone() }
    }

    /// The seed it was generated from.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// The numbers it was calibrated to, as a dict.
    #[getter]
    fn profile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let p = &self.inner.profile;
        let d = PyDict::new(py);
        d.set_item("name", &p.name)?;
        d.set_item("authority_code", &p.authority.code)?;
        d.set_item("authority_name", &p.authority.name)?;
        d.set_item("children_in_care", p.children_in_care)?;
        d.set_item("starters_per_year", p.starters_per_year)?;
        let mix = |m: &[(String, f64)]| -> PyResult<Bound<'py, PyDict>> {
            let d = PyDict::new(py);
            for (k, v) in m {
                d.set_item(k, v)?;
            }
            Ok(d)
        };
        d.set_item("placement_mix", mix(&p.placement_mix)?)?;
        d.set_item("age_mix", mix(&p.age_mix)?)?;
        d.set_item("uasc_share", p.uasc_share)?;
        d.set_item("outside_la_share", p.outside_la_share)?;
        d.set_item("over_20_miles_share", p.over_20_miles_share)?;
        d.set_item("three_plus_moves_share", p.three_plus_moves_share)?;
        d.set_item("home_postcode_area", PyList::new(py, &p.home_postcode_area)?)?;
        d.set_item("collection_end", p.collection_end)?;
        Ok(d)
    }

    /// Weekly prices by placement group and route, effective each 1 April
    /// (a DataFrame; `weekly` holds `decimal.Decimal` pounds). National
    /// averages and assumptions: replace them with your own.
    #[getter]
    fn prices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let p = &self.inner.prices;
        let mut f = FrameBuilder::new(py);
        f.text_column("placement_group", p.iter().map(|x| x.group.as_str()))?;
        f.text_column("route", p.iter().map(|x| x.route.as_str()))?;
        f.column("effective_from", p.iter().map(|x| x.effective_from))?;
        f.column("weekly", p.iter().map(|x| x.weekly))?;
        f.text_column("basis", p.iter().map(|x| x.basis.as_str()))?;
        f.build()
    }

    /// Providers and settings: the authority's own homes and foster
    /// households and those its children live in, with occupancy, route and
    /// price (a `Supply`).
    #[getter]
    fn supply(&self) -> super::sufficiency::PySupply {
        super::sufficiency::PySupply::new(self.inner.supply.clone())
    }

    /// Writes one folder per collection year under `folder` (`folder/2025/header.csv`, …)
    /// and returns the folders written.
    fn write_ssda903(&self, py: Python<'_>, folder: PathBuf) -> PyResult<Vec<PathBuf>> {
        guarded(|| {
            let la = self.inner.clone();
            detached(py, move || la.write_ssda903(&folder))?
                .map_err(|e| PyOSError::new_err(format!("could not write the synthetic returns: {e}")))
        })
    }

    /// The headline facts, as (label, value) rows of text: the profile,
    /// the authority, the seed, the returns (years, children, episodes) and
    /// the supply (providers, settings, places). What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let la = &self.inner;
        let p = &la.profile;
        let ds = &la.dataset;
        let years = match ds.collection_years() {
            [] => "none".to_string(),
            [y] => y.to_string(),
            [first, .., last] => format!("{first} \u{2013} {last}"),
        };
        let mut o = Overview::new();
        o.row("profile", p.name.clone())
            .row("authority", format!("{} ({})", p.authority.name, p.authority.code))
            .row("seed", la.seed.to_string())
            .row(
                "calibrated to",
                format!("{} children in care on {}", thousands(p.children_in_care as usize), p.collection_end),
            )
            .row("collection years", years)
            .row("children", thousands(ds.children().len()))
            .row("episodes", thousands(ds.episodes().len()))
            .row("providers", thousands(la.supply.providers.len()))
            .row("settings", thousands(la.supply.settings.len()))
            .row("places", thousands(la.supply.settings.iter().map(|s| s.places as usize).sum()));
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Authority", self.overview()))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        state::reduce(py, "_sufficiency_from_state", AUTHORITY_FORMAT, "Authority", &*self.inner)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    fn __repr__(&self) -> String {
        let p = &self.inner.profile;
        let ds = &self.inner.dataset;
        format!(
            "<Authority '{}' ({}), seed {}: {} children in care on {}, {} children and {} episodes in {} returns>",
            p.name,
            p.authority.name,
            self.inner.seed,
            p.children_in_care,
            p.collection_end.format("%d/%m/%Y"),
            ds.children().len(),
            ds.episodes().len(),
            ds.collection_years().len()
        )
    }
}

/// Generates a synthetic authority calibrated to a named profile
/// ("england-median", "county", "metropolitan", "inner-london", "england"),
/// deterministic for `seed`, spanning `years` collection years. Keyword
/// overrides change the profile: children_in_care, starters_per_year,
/// placement_mix (dict), age_mix (dict), uasc_share, outside_la_share,
/// over_20_miles_share, three_plus_moves_share, home_postcode_area,
/// collection_end.
///
/// `progress`: `None` (a tqdm bar when tqdm is installed), `False`, or a
/// callable `(stage, done, total)` returning `False` to cancel; interrupting
/// (Ctrl-C, or a notebook's stop button) cancels too.
#[pyfunction]
#[pyo3(signature = (profile="england-median", *, seed=0, years=5, progress=None, **overrides))]
pub(crate) fn synthetic_authority(
    py: Python<'_>,
    profile: &str,
    seed: u64,
    years: u16,
    progress: Option<&Bound<'_, PyAny>>,
    overrides: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyAuthority> {
    guarded(|| {
        let o = self::overrides(overrides)?;
        let p = Profile::named(profile).and_then(|p| p.with(&o)).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let bar = PyProgress::new(py, progress)?;
        let made = detached(py, || synth::synthetic_authority_with_progress(&p, seed, years, &bar))?;
        bar.finish(py)?;
        let la = made.map_err(synth_error)?;
        Ok(PyAuthority { inner: Arc::new(la) })
    })
}

/// The eighteen North West authorities `synthetic_region()` builds by
/// default: (code, name, children in care). The codes and names are real;
/// the sizes are not published figures.
pub(crate) fn north_west_18() -> Vec<(&'static str, &'static str, u32)> {
    synth::NORTH_WEST_18.to_vec()
}

/// Generates one synthetic authority per member, each calibrated like
/// "england-median" but with the member's own postcodes and size, seeded
/// `seed + position`. `members` is a list of (code, name, children in
/// care); by default `NORTH_WEST_18`, about 11,000 children.
/// `progress` as for `synthetic_authority`, one step per member.
#[pyfunction]
#[pyo3(signature = (members=None, *, seed=0, years=5, progress=None))]
pub(crate) fn synthetic_region(
    py: Python<'_>,
    members: Option<Vec<(String, String, u32)>>,
    seed: u64,
    years: u16,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyAuthority>> {
    guarded(|| {
        let members: Vec<(String, String, u32)> = members.unwrap_or_else(|| {
            synth::NORTH_WEST_18.iter().map(|(c, n, k)| (c.to_string(), n.to_string(), *k)).collect()
        });
        if members.is_empty() {
            return Err(PyValueError::new_err("a region needs at least one member"));
        }
        let bar = PyProgress::new(py, progress)?;
        let made = detached(py, || {
            let refs: Vec<(&str, &str, u32)> = members.iter().map(|(c, n, k)| (c.as_str(), n.as_str(), *k)).collect();
            synth::synthetic_region_with_progress(&refs, seed, years, &bar)
        })?;
        bar.finish(py)?;
        let las = made.map_err(synth_error)?;
        Ok(las.into_iter().map(|la| PyAuthority { inner: Arc::new(la) }).collect())
    })
}

/// A generator error as the Python exception a caller can act on: a bad
/// profile is a `ValueError`; a generator bug or a cancelled call is a
/// `SufficiencyError`.
fn synth_error(e: synth::SynthError) -> PyErr {
    match e {
        synth::SynthError::Inconsistent { .. } | synth::SynthError::Cancelled(_) => {
            SufficiencyError::new_err(e.to_string())
        }
        other => PyValueError::new_err(other.to_string()),
    }
}
