//! The historic stock: children in each state on each night.

use chrono::NaiveDate;

use super::config::DemandConfig;
use super::history::History;

/// Children in each state on each night `from..=to`, as a flat
/// `[night][band][group]` vector (built with a difference array, so it costs
/// one pass over the spells plus one over the days).
pub(crate) fn daily_stock(h: &History, cfg: &DemandConfig, from: NaiveDate, to: NaiveDate) -> Vec<f64> {
    let ns = h.states.len();
    let days = ((to - from).num_days() + 1).max(0) as usize;
    let mut diff = vec![0i64; (days + 1) * ns];
    for s in &h.spells {
        h.for_each_band_run(s, cfg, from, to, |band, a, b| {
            let x = h.states.index(band, usize::from(s.group));
            let i = (a - from).num_days() as usize;
            let j = (b - from).num_days() as usize;
            diff[i * ns + x] += 1;
            diff[j * ns + x] -= 1;
        });
    }
    let mut out = vec![0.0; days * ns];
    let mut run = vec![0i64; ns];
    for d in 0..days {
        for x in 0..ns {
            run[x] += diff[d * ns + x];
            out[d * ns + x] = run[x] as f64;
        }
    }
    out
}
