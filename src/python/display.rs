//! Rich display: every result object's `overview()` (a handful of headline
//! rows, formatted here) and the `_repr_html_` that lays them out as a table
//! (`sufficiency._display.html_table`, which escapes everything).

use pyo3::prelude::*;
use rust_decimal::Decimal;

pub(crate) use super::convert::thousands;

/// Headline rows: (label, value as text).
pub(crate) type Rows = Vec<(String, String)>;

/// Collects rows.
#[derive(Default)]
pub(crate) struct Overview {
    rows: Rows,
}

impl Overview {
    pub(crate) fn new() -> Self {
        Overview::default()
    }

    pub(crate) fn row(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.rows.push((label.into(), value.into()));
        self
    }

    pub(crate) fn rows(self) -> Rows {
        self.rows
    }
}

/// A share (0–1) as a percentage to one decimal place, or `n/a`.
pub(crate) fn pct(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{:.1}%", v * 100.0),
        _ => "n/a".to_string(),
    }
}

/// `£1,234,567.89` (rounded to the penny, half away from zero).
pub(crate) fn pounds(x: Decimal) -> String {
    let p = crate::cost::pence(x);
    let text = p.abs().to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}£{out}.{frac}", if p.is_sign_negative() && !p.is_zero() { "-" } else { "" })
}

/// A count of children that may be fractional (an expectation), to one decimal place.
pub(crate) fn children(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    let whole = x.abs().trunc();
    let tenths = ((x.abs() - whole) * 10.0).round();
    let (whole, tenths) = if tenths >= 10.0 { (whole + 1.0, 0.0) } else { (whole, tenths) };
    let sign = if x < 0.0 && (whole > 0.0 || tenths > 0.0) { "-" } else { "" };
    format!("{sign}{}.{}", thousands(whole as usize), tenths as u8)
}

/// The HTML table for `rows`, titled `title`.
pub(crate) fn html(py: Python<'_>, title: &str, rows: Rows) -> PyResult<String> {
    py.import("sufficiency._display")?.getattr("html_table")?.call1((title, rows))?.extract()
}
