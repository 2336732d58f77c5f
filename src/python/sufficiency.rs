//! Python bindings of the sufficiency engine: `Supply`, `assess` and the
//! `SufficiencyReport` it returns. Results are pandas DataFrames; money is
//! `decimal.Decimal`. Objects are immutable and pickle through [`state`].

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::forecast::Projection;
use crate::geo::Postcodes;
use crate::model::{SettingKind, Supply};
use crate::ssda903::{read_tables, Dataset, RawTable};
use crate::sufficiency::{
    add_occupants, assess_region_with_progress, assess_with_progress, metrics, pool, read_supply, read_supply_folder,
    write_supply_folder, Area, Cohort, Gap, Metrics, MetricsInputs, Need, Policy, SufficiencyReport, TableIssue,
    TableSeverity,
};
use crate::synth::Authority;

use super::convert::{date_arg, frame_table, framed, thousands, FrameBuilder};
use super::cost::PyPriceBook;
use super::dataset::PyDataset;
use super::display::{self, Overview, Rows};
use super::errors::{detached, guarded, InputError, SufficiencyError};
use super::forecast::PyProjection;
use super::progress::PyProgress;
use super::state;
use super::synth::PyAuthority;

const SUPPLY_FORMAT: &str = "supply-v1";
const REPORT_FORMAT: &str = "sufficiency-report-v2";
const REGION_FORMAT: &str = "region-v1";
pub(crate) const AUTHORITY_FORMAT: &str = "authority-v1";

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
    /// other_children), and optionally `occupants` (child, setting: where
    /// the authority's own children live). Bad rows are left out and listed
    /// in `.issues` by table, row and column; `authority` is the ONS code
    /// whose children are `own_children`.
    #[staticmethod]
    #[pyo3(signature = (providers, settings, *, occupants=None, authority=None))]
    fn from_frames(
        providers: &Bound<'_, PyAny>,
        settings: &Bound<'_, PyAny>,
        occupants: Option<&Bound<'_, PyAny>>,
        authority: Option<String>,
    ) -> PyResult<Self> {
        guarded(|| {
            let p = frame_table("providers", providers)?;
            let s = frame_table("settings", settings)?;
            let mut read = read_supply(&p, &s, authority.as_deref(), &Postcodes::new());
            if let Some(o) = occupants {
                add_occupants(&mut read, &frame_table("occupants", o)?);
            }
            Ok(PySupply { inner: read.supply, issues: read.issues })
        })
    }

    /// Writes the supply as a folder of CSV files (providers.csv,
    /// settings.csv, occupants.csv, authority.txt) that `read_supply` reads
    /// back to an equal Supply, creating the folder if need be; returns the
    /// files written. Raises OSError when a file cannot be written.
    fn write_csv(&self, py: Python<'_>, folder: PathBuf) -> PyResult<Vec<PathBuf>> {
        guarded(|| {
            let supply = self.inner.clone();
            detached(py, move || write_supply_folder(&supply, &folder))?
                .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))
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

    /// Where the authority's own children live, where known: child (the
    /// SSDA903 CHILD id), setting.
    #[getter]
    fn occupants<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let o = &self.inner.occupants;
            let mut f = FrameBuilder::new(py);
            f.text_column("child", o.iter().map(|x| x.child.as_str()))?;
            f.text_column("setting", o.iter().map(|x| x.setting.as_str()))?;
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

    /// The headline facts, as (label, value) rows of text: the authority,
    /// providers, settings, and for each kind of setting its settings,
    /// places and vacant places, then the issues found reading it. What
    /// `_repr_html_` shows.
    fn overview(&self) -> Rows {
        supply_rows(&self.inner, &self.issues)
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Supply", self.overview()))
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

/// Reads a supply folder: providers.csv and settings.csv, and when present
/// occupants.csv (child, setting) and authority.txt (the ONS code whose
/// children are `own_children`), as `Supply.write_csv` writes them.
///
/// Bad rows are left out and listed in `Supply.issues` by file, row and
/// column. Raises InputError when a file is missing or is not CSV text.
#[pyfunction]
#[pyo3(name = "read_supply")]
pub(crate) fn read_supply_csv(py: Python<'_>, folder: PathBuf) -> PyResult<PySupply> {
    guarded(|| {
        let read = detached(py, move || read_supply_folder(&folder, &Postcodes::new()))?
            .map_err(|e| InputError::new_err(e.to_string()))?;
        Ok(PySupply { inner: read.supply, issues: read.issues })
    })
}

/// The rows of `Supply.overview()`.
pub(crate) fn supply_rows(s: &Supply, issues: &[TableIssue]) -> Rows {
    let mut o = Overview::new();
    o.row("authority", s.authority.clone().unwrap_or_else(|| "not given".to_string()))
        .row("providers", thousands(s.providers.len()))
        .row("settings", thousands(s.settings.len()));
    for kind in SettingKind::ALL {
        let of_kind: Vec<_> = s.settings.iter().filter(|x| x.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let places: u32 = of_kind.iter().map(|x| x.places).sum();
        let vacant: u32 = of_kind.iter().map(|x| x.vacant()).sum();
        o.row(
            kind.label().replace('_', " "),
            format!(
                "{} settings, {} places, {} vacant",
                thousands(of_kind.len()),
                thousands(places as usize),
                thousands(vacant as usize)
            ),
        );
    }
    let vacant: u32 = s.settings.iter().map(|x| x.vacant()).sum();
    o.row("vacant places", thousands(vacant as usize));
    let errors = issues.iter().filter(|i| i.severity == TableSeverity::Error).count();
    o.row("issues", format!("{} errors, {} warnings", thousands(errors), thousands(issues.len() - errors)));
    o.rows()
}

/// An authority's sufficiency on a date: measures, gaps, the optimal
/// matching of its children to places, and the marginal value of new places.
#[pyclass(frozen, eq, module = "sufficiency", name = "SufficiencyReport")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySufficiencyReport {
    inner: SufficiencyReport,
    /// Share of the matched children with a located setting placed inside
    /// the authority (or, for a region, inside the region).
    in_area: Option<f64>,
    /// For a region: each member's own `in_area`, in member order.
    members_in_area: Vec<Option<f64>>,
}

/// What a pickled report holds (field order is the pickled layout).
#[derive(Serialize)]
struct ReportStateRef<'a> {
    report: &'a SufficiencyReport,
    in_area: Option<f64>,
    members_in_area: &'a [Option<f64>],
}

#[derive(Deserialize)]
struct ReportState {
    report: SufficiencyReport,
    in_area: Option<f64>,
    members_in_area: Vec<Option<f64>>,
}

fn share(x: Option<f64>) -> Option<f64> {
    x.map(|v| (v * 10_000.0).round() / 10_000.0)
}

/// The measures of one report, as (measure, value) rows.
fn metric_rows(r: &SufficiencyReport) -> Vec<(String, Option<f64>)> {
    let mut rows: Vec<(String, Option<f64>)> = Vec::new();
    if let Some(m) = &r.metrics {
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
        for (rt, sh) in m.spend_shares() {
            rows.push((format!("spend_share.{rt}"), share(Some(sh))));
        }
    }
    let mt = &r.matching;
    rows.push(("matched_children".into(), Some(mt.placements.len() as f64)));
    rows.push(("matched_unmet".into(), Some(mt.unmet() as f64)));
    rows.push(("matched_right_type_share".into(), share(mt.right_type_share())));
    rows.push(("matched_within_20_share".into(), share(mt.within_20_share())));
    rows.push(("matched_second_best_share".into(), share(mt.second_best_share())));
    rows
}

impl PySufficiencyReport {
    fn new(inner: SufficiencyReport, in_area: Option<f64>, members_in_area: Vec<Option<f64>>) -> Self {
        PySufficiencyReport { inner, in_area, members_in_area }
    }

    fn is_region(&self) -> bool {
        !self.inner.region_members.is_empty()
    }

    /// The reports whose rows a frame holds: this one, then (for a region)
    /// each member's, as (level, member, report).
    fn parts(&self) -> Vec<(&'static str, &str, &SufficiencyReport)> {
        let mut parts = vec![("region", self.inner.name.as_str(), &self.inner)];
        for m in &self.inner.members {
            parts.push(("member", m.name.as_str(), m));
        }
        parts
    }

    /// Rows of every part, each tagged with its part's index.
    fn rows_of<'a, T: 'a>(
        parts: &[(&'static str, &'a str, &'a SufficiencyReport)],
        get: impl Fn(&'a SufficiencyReport) -> &'a [T],
    ) -> Vec<(usize, &'a T)> {
        parts.iter().enumerate().flat_map(|(i, p)| get(p.2).iter().map(move |x| (i, x))).collect()
    }

    /// A frame's first columns for a region report: level ("region" or
    /// "member") and member (the region's name or the member's code).
    fn scope_columns<T>(
        &self,
        f: &mut FrameBuilder<'_>,
        parts: &[(&'static str, &str, &SufficiencyReport)],
        rows: &[(usize, T)],
    ) -> PyResult<()> {
        if self.is_region() {
            f.text_column("level", rows.iter().map(|r| parts[r.0].0))?;
            f.text_column("member", rows.iter().map(|r| parts[r.0].1))?;
        }
        Ok(())
    }
}

#[pymethods]
impl PySufficiencyReport {
    /// Whose report: the authority's code, or the region's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// For a region, its members' codes (empty for an authority).
    #[getter]
    fn region_members(&self) -> Vec<String> {
        self.inner.region_members.clone()
    }

    /// For a region, each member's own report (its need against its own
    /// supply), in member order; empty for an authority.
    #[getter]
    fn members(&self) -> Vec<PySufficiencyReport> {
        self.inner
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                PySufficiencyReport::new(m.clone(), self.members_in_area.get(i).copied().flatten(), Vec::new())
            })
            .collect()
    }

    /// Share of the placed children whose setting could be located who are
    /// placed inside the authority (for a region: inside any member).
    #[getter]
    fn in_area_share(&self) -> Option<f64> {
        share(self.in_area)
    }

    /// Children assessed (placed or not).
    #[getter]
    fn children(&self) -> usize {
        self.inner.matching.placements.len()
    }
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
    /// For a region, the region's rows then each member's, after the
    /// columns level ("region" or "member") and member.
    #[pyo3(signature = (*, backend="pandas"))]
    fn metrics<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let parts = self.parts();
            let per: Vec<Vec<(String, Option<f64>)>> = parts.iter().map(|p| metric_rows(p.2)).collect();
            let rows: Vec<(usize, &(String, Option<f64>))> =
                per.iter().enumerate().flat_map(|(i, v)| v.iter().map(move |x| (i, x))).collect();
            let mut f = FrameBuilder::new(py);
            self.scope_columns(&mut f, &parts, &rows)?;
            f.text_column("measure", rows.iter().map(|r| r.1 .0.as_str()))?;
            f.column("value", rows.iter().map(|r| r.1 .1))?;
            f.build()
        })
    }

    /// Need against local supply: placement_type, age_band, area, need, places,
    /// open, occupied_by_others, specialist, access, numerical, gap, gap_class.
    /// For a region, the region's rows then each member's, after the
    /// columns level ("region" or "member") and member.
    #[pyo3(signature = (*, backend="pandas"))]
    fn gaps<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let parts = self.parts();
            let g = Self::rows_of(&parts, |r| &r.gaps);
            let mut f = FrameBuilder::new(py);
            self.scope_columns(&mut f, &parts, &g)?;
            f.text_column("placement_type", g.iter().map(|x| x.1.placement_type.label()))?;
            f.text_column("age_band", g.iter().map(|x| x.1.age_band.as_str()))?;
            f.text_column("area", g.iter().map(|x| x.1.area.as_str()))?;
            for (name, get) in [
                ("need", (|x: &Gap| x.need) as fn(&Gap) -> u32),
                ("places", |x| x.places),
                ("open", |x| x.open),
                ("occupied_by_others", |x| x.occupied_by_others),
                ("specialist", |x| x.specialist),
                ("access", |x| x.access),
                ("numerical", |x| x.numerical),
                ("gap", |x| x.gap()),
            ] {
                f.typed_column(name, "int64", g.iter().map(|x| get(x.1)))?;
            }
            f.text_column("gap_class", g.iter().map(|x| x.1.class().label()))?;
            f.build()
        })
    }

    /// The matching, one row per child: child, authority, setting, provider,
    /// placement_type, route, weekly_price (Decimal), miles, right_type,
    /// right_place, second_best, reason, sibling_group. For a region, the
    /// region's rows then each member's, after the columns level ("region"
    /// or "member") and member.
    #[pyo3(signature = (*, backend="pandas"))]
    fn matching<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let parts = self.parts();
            let p = Self::rows_of(&parts, |r| &r.matching.placements);
            let mut f = FrameBuilder::new(py);
            self.scope_columns(&mut f, &parts, &p)?;
            f.text_column("child", p.iter().map(|x| x.1.child.as_str()))?;
            f.text_column("authority", p.iter().map(|x| x.1.authority.as_deref()))?;
            f.text_column("setting", p.iter().map(|x| x.1.setting.as_deref()))?;
            f.text_column("provider", p.iter().map(|x| x.1.provider.as_deref()))?;
            f.text_column("placement_type", p.iter().map(|x| x.1.placement_type.map(|t| t.label())))?;
            f.text_column("route", p.iter().map(|x| x.1.route.map(|r| r.label())))?;
            f.typed_column("weekly_price", "object", p.iter().map(|x| x.1.weekly_price))?;
            f.column("miles", p.iter().map(|x| x.1.miles))?;
            f.typed_column("right_type", "bool", p.iter().map(|x| x.1.right_type))?;
            f.typed_column("right_place", "object", p.iter().map(|x| x.1.right_place))?;
            f.typed_column("second_best", "bool", p.iter().map(|x| x.1.second_best))?;
            f.text_column("reason", p.iter().map(|x| x.1.reason.as_str()))?;
            f.text_column("sibling_group", p.iter().map(|x| x.1.sibling_group.as_deref()))?;
            f.build()
        })
    }

    /// One more in-house place of each type in each home district, best
    /// first: placement_type, area, saving (how much the objective falls,
    /// £ a week equivalent, > 0), weekly_cost_change (Decimal), miles_beyond_radius_change,
    /// second_best_change, placed_change (the best rows, re-solved). For a
    /// region, the region's rows then each member's, after the columns
    /// level ("region" or "member") and member.
    #[pyo3(signature = (*, backend="pandas"))]
    fn marginal_value<'py>(&self, py: Python<'py>, backend: &str) -> PyResult<Bound<'py, PyAny>> {
        framed(backend, || {
            let parts = self.parts();
            let m = Self::rows_of(&parts, |r| &r.marginal);
            let mut f = FrameBuilder::new(py);
            self.scope_columns(&mut f, &parts, &m)?;
            f.text_column("placement_type", m.iter().map(|x| x.1.placement_type.label()))?;
            f.text_column("area", m.iter().map(|x| x.1.area.as_str()))?;
            f.typed_column("saving", "int64", m.iter().map(|x| x.1.saving))?;
            f.typed_column("weekly_cost_change", "object", m.iter().map(|x| x.1.weekly_cost_change))?;
            f.column("miles_beyond_radius_change", m.iter().map(|x| x.1.miles_beyond_radius_change))?;
            f.column("second_best_change", m.iter().map(|x| x.1.second_best_change))?;
            f.column("placed_change", m.iter().map(|x| x.1.placed_change))?;
            f.build()
        })
    }

    /// The headline facts, as (label, value) rows of text: who and when,
    /// the children assessed, placed and unmet, the shares of the right
    /// type, within 20 miles and second-best, the weekly cost, the gaps and
    /// the best new place (and, for a region, its members and the share
    /// placed inside it). What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let r = &self.inner;
        let m = &r.matching;
        let mut o = Overview::new();
        o.row(if r.region_members.is_empty() { "authority" } else { "region" }, r.name.clone())
            .row("on", r.need.on.to_string());
        if !r.region_members.is_empty() {
            o.row("members", format!("{} ({})", r.region_members.len(), r.region_members.join(", ")));
        }
        o.row("cohort", if r.need.cohort == Cohort::InCare { "children in care, re-placed" } else { "new entrants" })
            .row("children", thousands(m.placements.len()))
            .row("placed", thousands(m.placed()))
            .row("unmet", thousands(m.unmet()))
            .row("right type", display::pct(m.right_type_share()))
            .row("within 20 miles", display::pct(m.within_20_share()))
            .row("second-best", display::pct(m.second_best_share()))
            .row("weekly cost", display::pounds(m.weekly_cost()));
        if self.in_area.is_some() || !r.region_members.is_empty() {
            let label =
                if r.region_members.is_empty() { "placed inside the authority" } else { "placed inside the region" };
            o.row(label, display::pct(self.in_area));
        }
        let short: Vec<&crate::sufficiency::Gap> = r.gaps.iter().filter(|g| g.gap() > 0).collect();
        o.row(
            "gaps",
            format!(
                "{} children in {} cells",
                thousands(short.iter().map(|g| g.gap() as usize).sum()),
                thousands(short.len())
            ),
        );
        if let Some(best) = r.marginal.first() {
            o.row(
                "best new place",
                format!(
                    "{} in {} (saves {}/week equivalent)",
                    best.placement_type.label(),
                    best.area,
                    display::pounds(Decimal::from(best.saving.unsigned_abs()))
                ),
            );
        }
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "SufficiencyReport", self.overview()))
    }

    /// A chart of the report: ``kind="gaps"`` (the default) the gap heat
    /// map by placement type and age band, ``kind="distance"`` the histogram
    /// of miles from home. Returns the matplotlib Figure.
    #[pyo3(signature = (kind="gaps", ax=None))]
    fn plot<'py>(slf: &Bound<'py, Self>, kind: &str, ax: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let f = match kind {
            "gaps" => "plot_gaps",
            "distance" => "plot_distance",
            other => return Err(PyValueError::new_err(format!("kind must be 'gaps' or 'distance', not '{other}'"))),
        };
        slf.py().import("sufficiency._plot")?.getattr(f)?.call1((slf, ax))
    }

    /// A heat map of the gap (children without a local place) by placement
    /// type and age band, summed over areas; returns the matplotlib Figure.
    #[pyo3(signature = (ax=None))]
    fn plot_gaps<'py>(slf: &Bound<'py, Self>, ax: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("sufficiency._plot")?.getattr("plot_gaps")?.call1((slf, ax))
    }

    /// A histogram of the miles from home of the matched placements (in
    /// 5-mile bins, with the 20-mile line); returns the matplotlib Figure.
    #[pyo3(signature = (ax=None))]
    fn plot_distance<'py>(slf: &Bound<'py, Self>, ax: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("sufficiency._plot")?.getattr("plot_distance")?.call1((slf, ax))
    }

    fn __repr__(&self) -> String {
        let r = &self.inner;
        let m = &r.matching;
        format!(
            "<SufficiencyReport {} on {}: {} children, {} placed, {} unmet, {} right type, {} within 20 miles, \
             {} second-best, {} a week, {} gaps>",
            r.name,
            r.need.on,
            m.placements.len(),
            m.placed(),
            m.unmet(),
            display::pct(m.right_type_share()),
            display::pct(m.within_20_share()),
            display::pct(m.second_best_share()),
            display::pounds(m.weekly_cost()),
            r.gaps.iter().filter(|g| g.gap() > 0).count()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        let st = ReportStateRef { report: &self.inner, in_area: self.in_area, members_in_area: &self.members_in_area };
        state::reduce(py, "_sufficiency_from_state", REPORT_FORMAT, "SufficiencyReport", &st)
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

// ------------------------------------------------------------------- need

/// Where a cohort comes from: the children in care in a dataset, or the
/// entrants a projection expects (homes taken from the dataset's recent
/// entrants when there is one).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum NeedSource {
    InCare(Arc<Dataset>),
    Entrants(Arc<Projection>, Option<Arc<Dataset>>),
}

const NEED_HELP: &str = "need must be a Dataset (its children in care on `on`, re-placed), a Projection (the \
                         entrants it expects in the `months` from `on`) or a (Dataset, Projection) pair (entrants, \
                         with homes from the dataset's recent entrants)";

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
}

impl NeedSource {
    pub(crate) fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<NeedSource> {
        if let Ok(ds) = obj.cast::<PyDataset>() {
            return Ok(NeedSource::InCare(Arc::clone(&ds.get().inner)));
        }
        if let Ok(p) = obj.cast::<PyProjection>() {
            return Ok(NeedSource::Entrants(Arc::clone(&p.get().inner), None));
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            if t.len() == 2 {
                if let (Ok(ds), Ok(p)) = (t.get_item(0)?.cast::<PyDataset>(), t.get_item(1)?.cast::<PyProjection>()) {
                    return Ok(NeedSource::Entrants(Arc::clone(&p.get().inner), Some(Arc::clone(&ds.get().inner))));
                }
            }
        }
        Err(PyTypeError::new_err(format!("{NEED_HELP}, not {}", type_name(obj))))
    }

    /// As Python: a Dataset, a Projection or a (Dataset, Projection) tuple.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            NeedSource::InCare(ds) => Bound::new(py, PyDataset { inner: Arc::clone(ds) })?.into_any(),
            NeedSource::Entrants(p, None) => Bound::new(py, PyProjection { inner: Arc::clone(p) })?.into_any(),
            NeedSource::Entrants(p, Some(ds)) => PyTuple::new(
                py,
                [
                    Bound::new(py, PyDataset { inner: Arc::clone(ds) })?.into_any(),
                    Bound::new(py, PyProjection { inner: Arc::clone(p) })?.into_any(),
                ],
            )?
            .into_any(),
        })
    }

    /// The date assessed when none is given: the end of the last collection
    /// year, or the night after a projection's start.
    fn default_on(&self) -> Option<NaiveDate> {
        match self {
            NeedSource::InCare(ds) => ds.collection_years().last().map(|y| y.end()),
            NeedSource::Entrants(p, _) => p.start.succ_opt(),
        }
    }

    /// A short description, for overviews.
    fn describe(&self) -> String {
        match self {
            NeedSource::InCare(ds) => format!("{} children in the returns", thousands(ds.children().len())),
            NeedSource::Entrants(p, _) => format!("entrants forecast from {} ('{}')", p.start, p.scenario),
        }
    }

    /// The cohort, and the return's measures when it comes from one.
    fn need(
        &self,
        on: NaiveDate,
        months: u32,
        moves: bool,
        supply: &Supply,
        inputs: MetricsInputs<'_>,
    ) -> Result<(Need, Option<Metrics>), String> {
        Ok(match self {
            NeedSource::InCare(ds) => {
                let m = metrics(ds, on, None, MetricsInputs { supply: Some(supply), ..inputs });
                (Need::in_care(ds, on, Some(supply)), Some(m))
            }
            NeedSource::Entrants(p, ds) => {
                let empty;
                let ds = match ds {
                    Some(ds) => &**ds,
                    None => {
                        empty = empty_dataset()?;
                        &empty
                    }
                };
                let authority = supply.authority.as_deref();
                let mut need = Need::forecast_entrants(p, ds, on, months, authority);
                if moves {
                    need.children.extend(Need::forecast_moves(p, ds, on, months, authority).children);
                }
                (need, None)
            }
        })
    }
}

/// A dataset with no children, for entrants without recent homes.
fn empty_dataset() -> Result<Dataset, String> {
    let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], Vec::<Vec<&str>>::new());
    let episodes = RawTable::new(
        "episodes",
        &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
        Vec::<Vec<&str>>::new(),
    );
    let year = crate::codes::CollectionYear::new(2025).ok();
    read_tables(vec![header, episodes], year).map_err(|e| {
        format!("the entrants' homes cannot be left unknown ({e}); pass need=(dataset, projection) to take them from the dataset")
    })
}

fn months_arg(months: i64) -> PyResult<u32> {
    u32::try_from(months).ok().filter(|m| (1..=1200).contains(m)).ok_or_else(|| {
        PyValueError::new_err(format!("months must be a whole number of months from 1 to 1200, not {months}"))
    })
}

// ------------------------------------------------------------------ Region

/// One member of a region: its code, its cohort and its supply.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Member {
    code: String,
    need: NeedSource,
    supply: Supply,
}

/// Member authorities assessed together: their need and supply pooled, a
/// placement with any member counting as in the region.
///
/// ``Region(name, members)``: each member is an ``Authority`` (from
/// ``synthetic_authority``/``synthetic_region``), a ``(need, supply)`` pair
/// (need as ``assess`` takes it; the code is ``supply.authority``) or a
/// ``(code, need, supply)`` triple.
#[pyclass(frozen, eq, module = "sufficiency", name = "Region")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PyRegion {
    name: String,
    members: Vec<Member>,
}

const MEMBER_HELP: &str = "each member must be an Authority, a (need, supply) pair or a (code, need, supply) triple";

fn member_arg(obj: &Bound<'_, PyAny>) -> PyResult<Member> {
    if let Ok(la) = obj.cast::<PyAuthority>() {
        let la = &la.get().inner;
        let code = la.supply.authority.clone().unwrap_or_else(|| la.profile.authority.code.clone());
        return Ok(Member { code, need: NeedSource::InCare(Arc::clone(&la.dataset)), supply: la.supply.clone() });
    }
    let t =
        obj.cast::<PyTuple>().map_err(|_| PyTypeError::new_err(format!("{MEMBER_HELP}, not {}", type_name(obj))))?;
    let supply_of = |x: Bound<'_, PyAny>| -> PyResult<Supply> {
        x.cast::<PySupply>()
            .map(|s| s.get().inner.clone())
            .map_err(|_| PyTypeError::new_err(format!("a member's supply must be a Supply, not {}", type_name(&x))))
    };
    match t.len() {
        2 => {
            let need = NeedSource::from_py(&t.get_item(0)?)?;
            let supply = supply_of(t.get_item(1)?)?;
            let code = supply.authority.clone().ok_or_else(|| {
                PyValueError::new_err(
                    "a member's supply names no authority: build it with Supply.from_frames(..., authority='E0...') or \
                     pass a (code, need, supply) triple",
                )
            })?;
            Ok(Member { code, need, supply })
        }
        3 => {
            let code: String = t.get_item(0)?.extract().map_err(|_| {
                PyTypeError::new_err("a (code, need, supply) member's code must be a str, such as 'E08000003'")
            })?;
            Ok(Member { code, need: NeedSource::from_py(&t.get_item(1)?)?, supply: supply_of(t.get_item(2)?)? })
        }
        n => Err(PyTypeError::new_err(format!("{MEMBER_HELP}, not a tuple of {n}"))),
    }
}

impl PyRegion {
    /// The pooled supply (every member's settings, each member's children counted as the region's own).
    fn pooled(&self) -> Supply {
        let on = NaiveDate::MIN;
        let pairs: Vec<(Need, Supply)> =
            self.members.iter().map(|m| (Need::named(on, Vec::new()), m.supply.clone())).collect();
        pool(&pairs).1
    }

    /// The date to assess on: `on`, or the members' common default.
    fn on(&self, on: Option<NaiveDate>) -> PyResult<NaiveDate> {
        if let Some(on) = on {
            return Ok(on);
        }
        let dates: Vec<Option<NaiveDate>> = self.members.iter().map(|m| m.need.default_on()).collect();
        match dates.first() {
            Some(Some(d)) if dates.iter().all(|x| *x == Some(*d)) => Ok(*d),
            _ => Err(PyValueError::new_err(
                "the region's members have no common date to assess (their data end on different days): pass on=date",
            )),
        }
    }
}

#[pymethods]
impl PyRegion {
    #[new]
    fn py_new(name: String, members: &Bound<'_, PyAny>) -> PyResult<Self> {
        guarded(|| {
            if members.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(format!("members must be a list; {MEMBER_HELP}")));
            }
            let mut list: Vec<Member> = Vec::new();
            for m in members
                .try_iter()
                .map_err(|_| PyTypeError::new_err(format!("members must be a list; {MEMBER_HELP}")))?
            {
                let m = member_arg(&m?)?;
                if list.iter().any(|x| x.code == m.code) {
                    return Err(PyValueError::new_err(format!("{} is a member twice", m.code)));
                }
                list.push(m);
            }
            if list.is_empty() {
                return Err(PyValueError::new_err("a region needs at least one member"));
            }
            Ok(PyRegion { name, members: list })
        })
    }

    /// The region's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The members' codes, in order.
    #[getter]
    fn members(&self) -> Vec<String> {
        self.members.iter().map(|m| m.code.clone()).collect()
    }

    /// One member's need (a Dataset, Projection or (Dataset, Projection)) and Supply.
    fn member<'py>(&self, py: Python<'py>, code: &str) -> PyResult<(Bound<'py, PyAny>, PySupply)> {
        let m = self.members.iter().find(|m| m.code == code).ok_or_else(|| {
            PyKeyError::new_err(format!("{code} is not a member of {} ({})", self.name, self.members().join(", ")))
        })?;
        Ok((m.need.to_py(py)?, PySupply::new(m.supply.clone())))
    }

    /// The members' supply pooled: every setting once, each member's
    /// children counted as the region's own.
    #[getter]
    fn supply(&self, py: Python<'_>) -> PyResult<PySupply> {
        guarded(|| Ok(PySupply::new(detached(py, || self.pooled())?)))
    }

    fn __len__(&self) -> usize {
        self.members.len()
    }

    /// The headline facts, as (label, value) rows of text: the name, the
    /// members, the pooled settings and places, then one row per member.
    /// What `_repr_html_` shows.
    fn overview(&self) -> Rows {
        let pooled = self.pooled();
        let mut o = Overview::new();
        o.row("region", self.name.clone())
            .row("members", thousands(self.members.len()))
            .row("settings (pooled)", thousands(pooled.settings.len()))
            .row("places (pooled)", thousands(pooled.settings.iter().map(|s| s.places as usize).sum()));
        for m in &self.members {
            o.row(m.code.clone(), format!("{}; {} settings", m.need.describe(), thousands(m.supply.settings.len())));
        }
        o.rows()
    }

    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| display::html(py, "Region", self.overview()))
    }

    fn __repr__(&self) -> String {
        let pooled = self.pooled();
        format!(
            "<Region '{}': {} members ({}), {} settings, {} places>",
            self.name,
            self.members.len(),
            self.members().join(", "),
            thousands(pooled.settings.len()),
            thousands(pooled.settings.iter().map(|s| s.places as usize).sum()),
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<state::Reduced<'py>> {
        state::reduce(py, "_sufficiency_from_state", REGION_FORMAT, "Region", self)
    }

    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }
}

// ------------------------------------------------------------------ assess

/// Assesses a cohort against a supply, or a region's members together:
/// metrics, gaps, the optimal matching and the marginal value of one more
/// place.
///
/// `need` is a Dataset (its children in care on `on`, default the end of
/// its last collection year, each re-placed from scratch), a Projection
/// (the entrants it expects in the `months` from `on`, default the night
/// after its start, placed in vacant places only) or a (Dataset,
/// Projection) pair (entrants with homes like the dataset's recent
/// entrants). `region` assesses a Region instead (pass no need or supply):
/// the members' need and supply pooled, each member's own report beside
/// it. `policy` is a dict of policy settings; `prices` a PriceBook for
/// places without a price of their own; `population` the authority's
/// children under 18 for the rate per 10,000. `moves=True` adds, to a
/// Projection's entrants, the children its model expects to change
/// placement group in the same months. `progress`: `None` (a tqdm
/// bar per stage when tqdm is installed), `False`, or a callable `(stage,
/// done, total)` returning `False` to cancel; an interrupt cancels too.
#[pyfunction]
#[pyo3(signature = (need=None, supply=None, *, on=None, policy=None, region=None, prices=None, population=None, months=1, moves=false, progress=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn assess(
    py: Python<'_>,
    need: Option<&Bound<'_, PyAny>>,
    supply: Option<&Bound<'_, PyAny>>,
    on: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyDict>>,
    region: Option<&Bound<'_, PyAny>>,
    prices: Option<PyRef<'_, PyPriceBook>>,
    population: Option<u64>,
    months: i64,
    moves: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySufficiencyReport> {
    guarded(|| {
        let bar = PyProgress::new(py, progress)?;
        let result = (|| -> PyResult<Result<PySufficiencyReport, Failed>> {
            let bar = &bar;
            let need = need.filter(|n| !n.is_none());
            let supply = supply.filter(|s| !s.is_none());
            let region = region.filter(|r| !r.is_none());
            // `assess(region)`: a Region passed as the need.
            let (need, region) = match (need, region) {
                (Some(n), None) if n.is_instance_of::<PyRegion>() && supply.is_none() => (None, Some(n)),
                other => other,
            };
            let months = months_arg(months)?;
            let on = on.filter(|d| !d.is_none()).map(|d| date_arg(d, "on")).transpose()?;
            let policy = policy_from(policy)?;
            let book = prices.map(|p| p.inner.clone());
            if let Some(region) = region {
                if need.is_some() || supply.is_some() {
                    return Err(PyTypeError::new_err(
                        "assess() takes need and supply, or region=, not both: a region's members bring their own need and supply",
                    ));
                }
                if population.is_some() {
                    return Err(PyValueError::new_err(
                        "population is one authority's children; it cannot be given for a region",
                    ));
                }
                let region = region
                    .cast::<PyRegion>()
                    .map_err(|_| PyTypeError::new_err(format!("region must be a Region, not {}", type_name(region))))?;
                let region = region.get();
                let on = region.on(on)?;
                return detached(py, move || -> Result<PySufficiencyReport, Failed> {
                    let postcodes = Postcodes::new();
                    let inputs = || MetricsInputs {
                        supply: None,
                        population: None,
                        prices: book.as_ref(),
                        postcodes: Some(&postcodes),
                    };
                    let members: Vec<(String, Need, Supply, Option<Metrics>)> = region
                        .members
                        .iter()
                        .map(|m| {
                            let (n, mt) = m.need.need(on, months, moves, &m.supply, inputs())?;
                            Ok((m.code.clone(), n, m.supply.clone(), mt))
                        })
                        .collect::<Result<_, String>>()?;
                    let pairs: Vec<(Need, Supply)> = members.iter().map(|m| (m.1.clone(), m.2.clone())).collect();
                    let pooled = pool(&pairs).1;
                    let report =
                        assess_region_with_progress(&region.name, &members, &policy, &postcodes, book.as_ref(), bar)?;
                    let in_area = report.in_area_share(&pooled, &postcodes);
                    let members_in_area =
                        report.members.iter().zip(&members).map(|(r, m)| r.in_area_share(&m.2, &postcodes)).collect();
                    Ok(PySufficiencyReport::new(report, in_area, members_in_area))
                });
            }
            let need = NeedSource::from_py(need.ok_or_else(|| {
                PyTypeError::new_err(format!("assess() needs need and supply (or region=): {NEED_HELP}"))
            })?)?;
            let supply = match supply.map(|s| s.cast::<PySupply>()) {
                Some(Ok(s)) => s.get().inner.clone(),
                _ => {
                    return Err(PyValueError::new_err("supply must be a Supply, e.g. synthetic_authority(...).supply"))
                }
            };
            let on = match on {
                Some(d) => d,
                None => need
                    .default_on()
                    .ok_or_else(|| SufficiencyError::new_err("the dataset has no collection year; pass on=date"))?,
            };
            detached(py, move || -> Result<PySufficiencyReport, Failed> {
                let postcodes = Postcodes::new();
                let inputs =
                    MetricsInputs { supply: None, population, prices: book.as_ref(), postcodes: Some(&postcodes) };
                let (n, m) = need.need(on, months, moves, &supply, inputs)?;
                let report = assess_with_progress(&n, &supply, m, &policy, &postcodes, book.as_ref(), bar)?;
                let in_area = report.in_area_share(&supply, &postcodes);
                Ok(PySufficiencyReport::new(report, in_area, Vec::new()))
            })
        })();
        bar.finish(py)?;
        match result? {
            Ok(report) => Ok(report),
            Err(Failed::Input(msg)) => Err(InputError::new_err(msg)),
            Err(Failed::Cancelled(c)) => Err(SufficiencyError::new_err(c.to_string())),
        }
    })
}

/// Why an assessment gave no report, once its arguments were accepted.
enum Failed {
    /// The need could not be built from the inputs.
    Input(String),
    /// `progress` stopped it.
    Cancelled(crate::progress::Cancelled),
}

impl From<String> for Failed {
    fn from(msg: String) -> Self {
        Failed::Input(msg)
    }
}

impl From<crate::progress::Cancelled> for Failed {
    fn from(c: crate::progress::Cancelled) -> Self {
        Failed::Cancelled(c)
    }
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
                let st: ReportState = state::restore(&payload, "SufficiencyReport", &version)?;
                Py::new(py, PySufficiencyReport::new(st.report, st.in_area, st.members_in_area))?.into_any()
            }
            REGION_FORMAT => Py::new(py, state::restore::<PyRegion>(&payload, "Region", &version)?)?.into_any(),
            AUTHORITY_FORMAT => {
                let la: Authority = state::restore(&payload, "Authority", &version)?;
                Py::new(py, PyAuthority { inner: Arc::new(la) })?.into_any()
            }
            other => {
                return Err(SufficiencyError::new_err(format!(
                    "unknown pickled format '{other}' (sufficiency {version}); build the object again"
                )))
            }
        })
    })
}
