//! Python bindings of the sufficiency engine: `Supply`, `assess` and the
//! `SufficiencyReport` it returns. Results are pandas DataFrames; money is
//! `decimal.Decimal`. Objects are immutable and pickle through [`state`].

use chrono::NaiveDate;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

use crate::geo::Postcodes;
use crate::model::{SettingKind, Supply};
use crate::sufficiency::{
    assess as run_assess, metrics, read_supply, Area, MetricsInputs, Need, Policy, SufficiencyReport, TableIssue,
    TableSeverity,
};

use super::convert::{date_arg, frame_table, FrameBuilder};
use super::cost::PyPriceBook;
use super::dataset::PyDataset;
use super::errors::{detached, guarded, SufficiencyError};
use super::state;

const SUPPLY_FORMAT: &str = "supply-v1";
const REPORT_FORMAT: &str = "sufficiency-report-v1";

/// Providers and their settings: the places an authority can use, with
/// their occupancy, commissioning route and price.
#[pyclass(frozen, eq, module = "sufficiency", name = "Supply")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySupply {
    pub(crate) inner: Supply,
    pub(crate) issues: Vec<TableIssue>,
}

impl PySupply {
    pub(crate) fn new(inner: Supply) -> Self {
        PySupply { inner, issues: Vec::new() }
    }
}

#[pymethods]
impl PySupply {
    /// Supply from two frames (or anything `pandas.DataFrame()` accepts):
    /// `providers` (provider, name, place_provider, urn) and `settings`
    /// (setting, provider, kind, places, postcode, urn, min_age, max_age,
    /// kinship, route, weekly_price, specialisms, solo, own_children,
    /// other_children). Bad rows are left out and listed in `.issues` by
    /// table, row and column; `authority` is the ONS code whose children are
    /// `own_children`.
    #[staticmethod]
    #[pyo3(signature = (providers, settings, *, authority=None))]
    fn from_frames(
        providers: &Bound<'_, PyAny>,
        settings: &Bound<'_, PyAny>,
        authority: Option<String>,
    ) -> PyResult<Self> {
        guarded(|| {
            let p = frame_table("providers", providers)?;
            let s = frame_table("settings", settings)?;
            let read = read_supply(&p, &s, authority.as_deref(), &Postcodes::new());
            Ok(PySupply { inner: read.supply, issues: read.issues })
        })
    }

    /// Problems found when reading the frames: file, row, column, code,
    /// severity, message (rows with an error were left out).
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let i = &self.issues;
            let mut f = FrameBuilder::new(py);
            f.text_column("file", i.iter().map(|x| x.file.as_str()))?;
            f.typed_column("row", "int64", i.iter().map(|x| x.row))?;
            f.text_column("column", i.iter().map(|x| x.column.as_str()))?;
            f.text_column("code", i.iter().map(|x| x.code.as_str()))?;
            f.text_column(
                "severity",
                i.iter().map(|x| if x.severity == TableSeverity::Error { "error" } else { "warning" }),
            )?;
            f.text_column("message", i.iter().map(|x| x.message.as_str()))?;
            f.build()
        })
    }

    /// The providers: provider, name, place_provider (PR1–PR5).
    #[getter]
    fn providers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let s = &self.inner.providers;
            let mut f = FrameBuilder::new(py);
            f.text_column("provider", s.iter().map(|p| p.id.as_str()))?;
            f.text_column("name", s.iter().map(|p| p.name.as_str()))?;
            f.text_column("place_provider", s.iter().map(|p| p.ownership.place_provider().code()))?;
            f.build()
        })
    }

    /// The settings: setting, provider, kind, places, postcode, urn, min_age,
    /// max_age, kinship, route, weekly_price (Decimal), specialisms, solo,
    /// own_children, other_children, vacant.
    #[getter]
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let sup = &self.inner;
            let st = &sup.settings;
            let mut f = FrameBuilder::new(py);
            f.text_column("setting", st.iter().map(|x| x.id.as_str()))?;
            f.text_column("provider", st.iter().map(|x| x.provider.as_str()))?;
            f.text_column("kind", st.iter().map(|x| x.kind.label()))?;
            f.typed_column("places", "int64", st.iter().map(|x| x.places))?;
            f.text_column("postcode", st.iter().map(|x| x.postcode.as_deref()))?;
            f.text_column("urn", st.iter().map(|x| x.urn.as_deref()))?;
            f.column("min_age", st.iter().map(|x| x.min_age))?;
            f.column("max_age", st.iter().map(|x| x.max_age))?;
            f.typed_column("kinship", "bool", st.iter().map(|x| x.kinship))?;
            f.text_column("route", st.iter().map(|x| x.route(sup.ownership(x)).label()))?;
            f.typed_column("weekly_price", "object", st.iter().map(|x| x.weekly_price))?;
            f.text_column(
                "specialisms",
                st.iter().map(|x| x.specialisms.iter().map(|s| s.label()).collect::<Vec<_>>().join(";")),
            )?;
            f.typed_column("solo", "bool", st.iter().map(|x| x.solo))?;
            f.typed_column("own_children", "int64", st.iter().map(|x| x.own_children))?;
            f.typed_column("other_children", "int64", st.iter().map(|x| x.other_children))?;
            f.typed_column("vacant", "int64", st.iter().map(|x| x.vacant()))?;
            f.build()
        })
    }

    /// The authority whose view this is (its children are `own_children`).
    #[getter]
    fn authority(&self) -> Option<String> {
        self.inner.authority.clone()
    }

    /// Total places of one kind: foster_household, childrens_home, supported_accommodation, secure.
    fn places(&self, kind: &str) -> PyResult<u32> {
        let k: SettingKind = kind.parse().map_err(PyValueError::new_err)?;
        Ok(self.inner.places(k))
    }

    fn __len__(&self) -> usize {
        self.inner.settings.len()
    }

    fn __repr__(&self) -> String {
        let s = &self.inner;
        let vacant: u32 = s.settings.iter().map(|x| x.vacant()).sum();
        format!(
            "<Supply{}: {} providers, {} settings ({} foster households, {} children's homes), {} vacant places>",
            s.authority.as_deref().map(|a| format!(" of {a}")).unwrap_or_default(),
            s.providers.len(),
            s.settings.len(),
            s.settings.iter().filter(|x| x.kind == SettingKind::FosterHousehold).count(),
            s.settings.iter().filter(|x| x.kind == SettingKind::ChildrensHome).count(),
            vacant
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        state::reduce(py, "_sufficiency_from_state", SUPPLY_FORMAT, "Supply", &(&self.inner, &self.issues))
    }
}

/// An authority's sufficiency on a date: measures, gaps, the optimal
/// matching of its children to places, and the marginal value of new places.
#[pyclass(frozen, eq, module = "sufficiency", name = "SufficiencyReport")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySufficiencyReport {
    inner: SufficiencyReport,
}

fn share(x: Option<f64>) -> Option<f64> {
    x.map(|v| (v * 10_000.0).round() / 10_000.0)
}

#[pymethods]
impl PySufficiencyReport {
    /// The assessment date.
    #[getter]
    fn on(&self) -> NaiveDate {
        self.inner.need.on
    }

    /// Children matched to a place.
    #[getter]
    fn placed(&self) -> usize {
        self.inner.matching.placed()
    }

    /// Children the supply could not place.
    #[getter]
    fn unmet(&self) -> usize {
        self.inner.matching.unmet()
    }

    /// Share of placed children who are second-best (wrong type or wrong place).
    #[getter]
    fn second_best_share(&self) -> Option<f64> {
        share(self.inner.matching.second_best_share())
    }

    /// Share of placed children in their preferred type.
    #[getter]
    fn right_type_share(&self) -> Option<f64> {
        share(self.inner.matching.right_type_share())
    }

    /// Share of placed children with a known distance placed within 20 miles.
    #[getter]
    fn within_20_share(&self) -> Option<f64> {
        share(self.inner.matching.within_20_share())
    }

    /// Weekly price of the matched placements (Decimal pounds).
    #[getter]
    fn weekly_cost(&self) -> Decimal {
        self.inner.matching.weekly_cost()
    }

    /// The measures as a frame: measure, value (floats; shares are 0–1).
    fn metrics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let mut rows: Vec<(String, Option<f64>)> = Vec::new();
            if let Some(m) = &self.inner.metrics {
                let n = |x: u64| Some(x as f64);
                rows.push(("children_in_care".into(), n(m.children_in_care)));
                rows.push(("rate_per_10k".into(), m.rate_per_10k));
                rows.push(("family_based_share".into(), share(m.family_based_share())));
                rows.push(("in_house_share".into(), share(m.in_house_share())));
                rows.push(("outside_boundary_share".into(), share(Some(m.location.outside_share()))));
                rows.push(("over_20_miles_share".into(), share(Some(m.location.over_20_share()))));
                rows.push(("over_20_miles_share_known".into(), share(Some(m.location.over_20_share_known()))));
                rows.push(("mean_miles".into(), m.location.mean_miles));
                rows.push(("median_miles".into(), m.location.median_miles));
                rows.push(("three_plus_placements_share".into(), share(m.three_plus_share())));
                rows.push(("in_house_home_occupancy".into(), share(m.home_occupancy())));
                rows.push(("in_house_foster_occupancy".into(), share(m.foster_occupancy())));
                rows.push(("placed_in_by_others".into(), n(m.placed_in_by_others)));
                rows.push(("placed_out".into(), n(m.placed_out)));
                rows.push(("net_placements".into(), Some(m.net_placements() as f64)));
                for (g, c) in &m.placement_mix {
                    rows.push((format!("placement_mix.{g}"), n(*c)));
                }
                for (r, s) in m.spend_shares() {
                    rows.push((format!("spend_share.{r}"), share(Some(s))));
                }
            }
            let mt = &self.inner.matching;
            rows.push(("matched_children".into(), Some(mt.placements.len() as f64)));
            rows.push(("matched_unmet".into(), Some(mt.unmet() as f64)));
            rows.push(("matched_right_type_share".into(), share(mt.right_type_share())));
            rows.push(("matched_within_20_share".into(), share(mt.within_20_share())));
            rows.push(("matched_second_best_share".into(), share(mt.second_best_share())));
            let mut f = FrameBuilder::new(py);
            f.text_column("measure", rows.iter().map(|r| r.0.as_str()))?;
            f.column("value", rows.iter().map(|r| r.1))?;
            f.build()
        })
    }

    /// Need against local supply: placement_type, age_band, area, need, places,
    /// open, occupied_by_others, specialist, access, numerical, gap, gap_class.
    fn gaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let g = &self.inner.gaps;
            let mut f = FrameBuilder::new(py);
            f.text_column("placement_type", g.iter().map(|x| x.placement_type.label()))?;
            f.text_column("age_band", g.iter().map(|x| x.age_band.as_str()))?;
            f.text_column("area", g.iter().map(|x| x.area.as_str()))?;
            for (name, get) in [
                ("need", (|x: &crate::sufficiency::Gap| x.need) as fn(&crate::sufficiency::Gap) -> u32),
                ("places", |x| x.places),
                ("open", |x| x.open),
                ("occupied_by_others", |x| x.occupied_by_others),
                ("specialist", |x| x.specialist),
                ("access", |x| x.access),
                ("numerical", |x| x.numerical),
                ("gap", |x| x.gap()),
            ] {
                f.typed_column(name, "int64", g.iter().map(get))?;
            }
            f.text_column("gap_class", g.iter().map(|x| x.class().label()))?;
            f.build()
        })
    }

    /// The matching, one row per child: child, authority, setting, provider,
    /// placement_type, route, weekly_price (Decimal), miles, right_type,
    /// right_place, second_best, reason, sibling_group.
    fn matching<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let p = &self.inner.matching.placements;
            let mut f = FrameBuilder::new(py);
            f.text_column("child", p.iter().map(|x| x.child.as_str()))?;
            f.text_column("authority", p.iter().map(|x| x.authority.as_deref()))?;
            f.text_column("setting", p.iter().map(|x| x.setting.as_deref()))?;
            f.text_column("provider", p.iter().map(|x| x.provider.as_deref()))?;
            f.text_column("placement_type", p.iter().map(|x| x.placement_type.map(|t| t.label())))?;
            f.text_column("route", p.iter().map(|x| x.route.map(|r| r.label())))?;
            f.typed_column("weekly_price", "object", p.iter().map(|x| x.weekly_price))?;
            f.column("miles", p.iter().map(|x| x.miles))?;
            f.typed_column("right_type", "bool", p.iter().map(|x| x.right_type))?;
            f.typed_column("right_place", "object", p.iter().map(|x| x.right_place))?;
            f.typed_column("second_best", "bool", p.iter().map(|x| x.second_best))?;
            f.text_column("reason", p.iter().map(|x| x.reason.as_str()))?;
            f.text_column("sibling_group", p.iter().map(|x| x.sibling_group.as_deref()))?;
            f.build()
        })
    }

    /// One more in-house place of each type in each home district, best
    /// first: placement_type, area, saving (objective, £ a week equivalent,
    /// exact), weekly_cost_change (Decimal), miles_beyond_radius_change,
    /// second_best_change, placed_change (the best rows, re-solved).
    fn marginal_value<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let m = &self.inner.marginal;
            let mut f = FrameBuilder::new(py);
            f.text_column("placement_type", m.iter().map(|x| x.placement_type.label()))?;
            f.text_column("area", m.iter().map(|x| x.area.as_str()))?;
            f.typed_column("saving", "int64", m.iter().map(|x| x.saving))?;
            f.typed_column("weekly_cost_change", "object", m.iter().map(|x| x.weekly_cost_change))?;
            f.column("miles_beyond_radius_change", m.iter().map(|x| x.miles_beyond_radius_change))?;
            f.column("second_best_change", m.iter().map(|x| x.second_best_change))?;
            f.column("placed_change", m.iter().map(|x| x.placed_change))?;
            f.build()
        })
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        let m = &r.matching;
        let pct = |x: Option<f64>| x.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0));
        format!(
            "<SufficiencyReport {} on {}: {} children, {} placed, {} unmet, {} second-best, {} within 20 miles, {} gaps>",
            r.name,
            r.need.on,
            m.placements.len(),
            m.placed(),
            m.unmet(),
            pct(m.second_best_share()),
            pct(m.within_20_share()),
            r.gaps.iter().filter(|g| g.gap() > 0).count()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        state::reduce(py, "_sufficiency_from_state", REPORT_FORMAT, "SufficiencyReport", &self.inner)
    }
}

/// A policy from keyword arguments: local_radius_miles, area ("authority",
/// "district" or a radius in miles), unmet, second_best_type,
/// per_mile_beyond_radius, local_when_not_wanted, route_step, marginal_resolves.
fn policy_from(d: Option<&Bound<'_, PyDict>>) -> PyResult<Policy> {
    let mut p = Policy::default();
    let Some(d) = d else { return Ok(p) };
    for (k, v) in d.iter() {
        let key: String = k.extract()?;
        match key.as_str() {
            "local_radius_miles" => p.local_radius_miles = v.extract()?,
            "area" => {
                p.area = if let Ok(r) = v.extract::<f64>() {
                    Area::Radius(r)
                } else {
                    match v.extract::<String>()?.as_str() {
                        "authority" => Area::Authority,
                        "district" => Area::District,
                        other => {
                            return Err(PyValueError::new_err(format!(
                                "policy area '{other}' is not known; use 'authority', 'district' or a radius in miles"
                            )))
                        }
                    }
                }
            }
            "unmet" => p.weights.unmet = v.extract()?,
            "second_best_type" => p.weights.second_best_type = v.extract()?,
            "per_mile_beyond_radius" => p.weights.per_mile_beyond_radius = v.extract()?,
            "local_when_not_wanted" => p.weights.local_when_not_wanted = v.extract()?,
            "route_step" => p.weights.route_step = v.extract()?,
            "marginal_resolves" => p.marginal_resolves = v.extract()?,
            other => {
                return Err(PyValueError::new_err(format!(
                    "'{other}' is not a policy setting; use local_radius_miles, area, unmet, second_best_type, per_mile_beyond_radius, local_when_not_wanted, route_step or marginal_resolves"
                )))
            }
        }
    }
    Ok(p)
}

/// Assesses the children in care on `on` (default: the last day of the
/// data) against `supply`: metrics, gaps, the optimal matching (each child
/// re-placed from scratch) and the marginal value of one more place.
/// `policy` is a dict of policy settings; `prices` a PriceBook for places
/// without a price of their own; `population` the authority's children
/// under 18 for the rate per 10,000.
#[pyfunction]
#[pyo3(signature = (need, supply, *, on=None, policy=None, prices=None, population=None))]
pub(crate) fn assess(
    py: Python<'_>,
    need: &Bound<'_, PyAny>,
    supply: &Bound<'_, PyAny>,
    on: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyDict>>,
    prices: Option<PyRef<'_, PyPriceBook>>,
    population: Option<u64>,
) -> PyResult<PySufficiencyReport> {
    guarded(|| {
        let ds = need
            .cast::<PyDataset>()
            .map_err(|_| PyValueError::new_err("need must be a Dataset (the children in care are re-placed)"))?
            .get()
            .inner
            .clone();
        let supply = match supply.cast::<PySupply>() {
            Ok(s) => s.get().inner.clone(),
            Err(_) => {
                return Err(PyValueError::new_err("supply must be a Supply, e.g. synthetic_authority(...).supply"))
            }
        };
        let on = match on {
            Some(d) => date_arg(d, "on")?,
            None => ds
                .collection_years()
                .last()
                .map(|y| y.end())
                .ok_or_else(|| SufficiencyError::new_err("the dataset has no collection year; pass on=date"))?,
        };
        let policy = policy_from(policy)?;
        let book = prices.map(|p| p.inner.clone());
        let report = detached(py, move || {
            let postcodes = Postcodes::new();
            let need = Need::in_care(&ds, on, Some(&supply));
            let m = metrics(
                &ds,
                on,
                None,
                MetricsInputs { supply: Some(&supply), population, prices: book.as_ref(), postcodes: Some(&postcodes) },
            );
            run_assess(&need, &supply, Some(m), &policy, &postcodes, book.as_ref())
        })?;
        Ok(PySufficiencyReport { inner: report })
    })
}

/// Rebuilds a pickled Supply or SufficiencyReport. Not part of the API.
#[pyfunction]
pub(crate) fn _sufficiency_from_state(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    guarded(|| {
        let (format, version, payload): (String, String, Bound<'_, PyAny>) = state.extract().map_err(|_| {
            SufficiencyError::new_err("this is not a pickled sufficiency object; it cannot be unpickled")
        })?;
        Ok(match format.as_str() {
            SUPPLY_FORMAT => {
                let (inner, issues): (Supply, Vec<TableIssue>) = state::restore(&payload, "Supply", &version)?;
                Py::new(py, PySupply { inner, issues })?.into_any()
            }
            REPORT_FORMAT => {
                Py::new(py, PySufficiencyReport { inner: state::restore(&payload, "SufficiencyReport", &version)? })?
                    .into_any()
            }
            other => {
                return Err(SufficiencyError::new_err(format!(
                    "unknown pickled format '{other}' (sufficiency {version}); build the object again"
                )))
            }
        })
    })
}
