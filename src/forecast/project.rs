//! The daily projection: exact birthday ageing, or the peer's ageing hazard.
// The loops below index several parallel arrays (bands, groups, routes) by the
// same counters; iterator chains would hide the arithmetic.
#![allow(clippy::needless_range_loop)]

use chrono::{Months, NaiveDate};

use super::config::{Ageing, DemandConfig, ExitRoute};
use super::estimate::Rates;
use super::history::{birthday, States};
use super::projection::Projection;
use super::scenario::Scenario;

/// A child (or a cohort sharing a date of birth) in the starting population.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Member {
    pub dob: NaiveDate,
    pub band: usize,
    pub group: usize,
    pub count: f64,
}

/// Daily transition matrices per band: `p[band][to * g + from]`, columns
/// summing to one minus the exit hazards.
/// A state's total daily out-hazard (moves and exits) and the factor that
/// keeps it at most one: daily hazards are far below one, but should a
/// scenario push a state's total past one, its hazards are scaled so that
/// everyone leaves.
fn out_rate(rates: &Rates, b: usize, x: usize) -> (f64, f64) {
    let out: f64 = (0..rates.states.g()).filter(|&y| y != x).map(|y| rates.move_rate(b, x, y)).sum::<f64>()
        + ExitRoute::ALL.iter().map(|&r| rates.exit_rate(b, x, r)).sum::<f64>();
    (out, if out > 1.0 { 1.0 / out } else { 1.0 })
}

fn matrices(rates: &Rates) -> Vec<Vec<f64>> {
    let (nb, ng) = (rates.states.b(), rates.states.g());
    (0..nb)
        .map(|b| {
            let mut p = vec![0.0; ng * ng];
            for x in 0..ng {
                let (out, scale) = out_rate(rates, b, x);
                for y in 0..ng {
                    if y != x {
                        p[y * ng + x] = rates.move_rate(b, x, y) * scale;
                    }
                }
                p[x * ng + x] = 1.0 - out * scale;
            }
            p
        })
        .collect()
}

fn exit_hazards(rates: &Rates, b: usize, x: usize) -> [f64; 6] {
    let (_, scale) = out_rate(rates, b, x);
    ExitRoute::ALL.map(|r| rates.exit_rate(b, x, r) * scale)
}

fn matmul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut c = vec![0.0; n * n];
    for i in 0..n {
        for k in 0..n {
            let aik = a[i * n + k];
            if aik != 0.0 {
                for j in 0..n {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
    }
    c
}

fn matvec_add(p: &[f64], v: &[f64], scale: f64, out: &mut [f64]) {
    let n = v.len();
    for (y, o) in out.iter_mut().enumerate() {
        let row = &p[y * n..(y + 1) * n];
        *o += scale * row.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
    }
}

/// A cohort scheduled to leave its band: entered at day `sigma` with vector `v`.
struct Item {
    sigma: usize,
    dob: NaiveDate,
    v: Vec<f64>,
}

/// Projects `population` (on night `start`) for `days` days.
pub(crate) fn project(
    rates: &Rates,
    cfg: &DemandConfig,
    scenario: &Scenario,
    population: &[Member],
    start: NaiveDate,
    days: usize,
) -> Projection {
    let mut proj = match cfg.ageing {
        Ageing::Exact => project_exact(rates, scenario, population, start, days),
        Ageing::Hazard => project_hazard(rates, scenario, population, start, days),
    };
    for (from, to, per_day) in scenario.substitutions(&rates.states) {
        proj.substitute(from, to, per_day);
    }
    proj.scenario = scenario.name.clone();
    proj
}

fn project_exact(
    rates: &Rates,
    scenario: &Scenario,
    population: &[Member],
    start: NaiveDate,
    days: usize,
) -> Projection {
    let states: &States = &rates.states;
    let (nb, ng) = (states.b(), states.g());
    let p = matrices(rates);
    let exit_h: Vec<[f64; 6]> = (0..nb * ng).map(|x| exit_hazards(rates, x / ng, x % ng)).collect();
    // P^k for k up to the longest stay in a band (or the horizon).
    let longest = |b: usize| {
        let band = states.bands[b];
        (usize::from(band.to.expect("closed") - band.from) * 366 + 1).min(days)
    };
    let powers: Vec<Vec<Vec<f64>>> = (0..nb)
        .map(|b| {
            let mut v = Vec::with_capacity(longest(b) + 1);
            let mut id = vec![0.0; ng * ng];
            (0..ng).for_each(|i| id[i * ng + i] = 1.0);
            v.push(id);
            for k in 1..=longest(b) {
                let next = matmul(&p[b], &v[k - 1], ng);
                v.push(next);
            }
            v
        })
        .collect();
    // Entry rates by day (index 1..=days) and the entrant departure kernels.
    let lam: Vec<Vec<f64>> =
        (0..nb)
            .map(|b| {
                (0..=days)
                    .map(|t| {
                        if t == 0 {
                            0.0
                        } else {
                            scenario.entry_rate(rates, b, start + chrono::Duration::days(t as i64))
                        }
                    })
                    .collect()
            })
            .collect();
    let mix = |b: usize| &rates.entry_mix[b * ng..(b + 1) * ng];
    let kernels: Vec<Vec<(usize, Vec<f64>)>> = (0..nb)
        .map(|b| {
            rates.entry_remaining[b]
                .iter()
                .filter(|(r, _)| (*r as usize) <= days)
                .map(|&(r, w)| {
                    let mut q = vec![0.0; ng];
                    matvec_add(&powers[b][r as usize], mix(b), w, &mut q);
                    (r as usize, q)
                })
                .collect()
        })
        .collect();

    let constant: Vec<bool> = lam.iter().map(|l| l[1..].iter().all(|x| *x == l[1])).collect();
    let mut running = vec![vec![0.0; ng]; nb];
    let mut next_kernel = vec![0usize; nb];
    let mut out = Projection::empty(states.clone(), start, days);
    let mut s = vec![vec![0.0; ng]; nb];
    let mut due: Vec<Vec<Vec<Item>>> = (0..nb).map(|_| (0..=days).map(|_| Vec::new()).collect()).collect();
    let schedule = |due: &mut Vec<Vec<Vec<Item>>>, b: usize, sigma: usize, dob: NaiveDate, v: Vec<f64>| {
        let top = states.bands[b].to.expect("closed");
        let when = (birthday(dob, top) - start).num_days();
        if when > sigma as i64 && when <= days as i64 {
            let slot = &mut due[b][when as usize];
            match slot.iter_mut().find(|i| i.sigma == sigma && i.dob == dob) {
                Some(item) => item.v.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                None => slot.push(Item { sigma, dob, v }),
            }
        }
    };
    for m in population {
        s[m.band][m.group] += m.count;
        let mut v = vec![0.0; ng];
        v[m.group] = m.count;
        schedule(&mut due, m.band, 0, m.dob, v);
    }
    out.set_population(0, &s);

    let mut next = vec![0.0; ng];
    for t in 1..=days {
        let today = start + chrono::Duration::days(t as i64);
        // 1. Moves and exits over the night t-1.
        for b in 0..nb {
            for x in 0..ng {
                for (r, h) in exit_h[b * ng + x].iter().enumerate() {
                    if *h > 0.0 {
                        out.add_exit(t, b, x, r, s[b][x] * h);
                    }
                }
            }
            next.iter_mut().for_each(|v| *v = 0.0);
            matvec_add(&p[b], &s[b], 1.0, &mut next);
            s[b].copy_from_slice(&next);
        }
        // 2. Birthdays today: each band's departing cohorts.
        let mut departing: Vec<Vec<(NaiveDate, Vec<f64>)>> = vec![Vec::new(); nb];
        for b in 0..nb {
            for item in std::mem::take(&mut due[b][t]) {
                let mut v = vec![0.0; ng];
                matvec_add(&powers[b][t - item.sigma], &item.v, 1.0, &mut v);
                departing[b].push((item.dob, v));
            }
            let mut v = vec![0.0; ng];
            if constant[b] {
                // A constant entry rate: the departing entrants are the rate times
                // the running sum of the kernels entered so far.
                while next_kernel[b] < kernels[b].len() && kernels[b][next_kernel[b]].0 < t {
                    let q = &kernels[b][next_kernel[b]].1;
                    running[b].iter_mut().zip(q).for_each(|(a, qq)| *a += qq);
                    next_kernel[b] += 1;
                }
                let l = lam[b][1];
                v.iter_mut().zip(&running[b]).for_each(|(a, q)| *a = l * q);
            } else {
                for (r, q) in &kernels[b] {
                    if *r < t {
                        let l = lam[b][t - r];
                        if l != 0.0 {
                            v.iter_mut().zip(q).for_each(|(a, qq)| *a += l * qq);
                        }
                    }
                }
            }
            if v.iter().any(|x| *x != 0.0) {
                let from = states.bands[b].to.expect("closed");
                let dob = today.checked_sub_months(Months::new(12 * u32::from(from))).unwrap_or(today);
                departing[b].push((dob, v));
            }
        }
        for b in 0..nb {
            for (dob, v) in std::mem::take(&mut departing[b]) {
                s[b].iter_mut().zip(&v).for_each(|(a, x)| *a -= x);
                if b + 1 < nb {
                    s[b + 1].iter_mut().zip(&v).for_each(|(a, x)| *a += x);
                    schedule(&mut due, b + 1, t, dob, v);
                } else {
                    let stay = rates.staying_put_share;
                    for (g, n) in v.iter().enumerate() {
                        out.add_exit(t, b, g, ExitRoute::StayingPut.index(), n * stay);
                        out.add_exit(t, b, g, ExitRoute::Independence.index(), n * (1.0 - stay));
                    }
                }
            }
        }
        // 3. Entries today.
        for b in 0..nb {
            let l = lam[b][t];
            if l > 0.0 {
                for g in 0..ng {
                    let n = l * rates.entry_mix[b * ng + g];
                    s[b][g] += n;
                    out.add_entry(t, b, g, n);
                }
            }
        }
        out.set_population(t, &s);
    }
    out
}

/// The peer's projection (`shared/domain/prior-art.md` §2.4–2.5): one daily
/// step of a Markov chain on (band, group) with a constant ageing hazard
/// `1 / (365 × years in the band)` and constant daily entrants.
fn project_hazard(
    rates: &Rates,
    scenario: &Scenario,
    population: &[Member],
    start: NaiveDate,
    days: usize,
) -> Projection {
    let states = &rates.states;
    let (nb, ng) = (states.b(), states.g());
    let mut out = Projection::empty(states.clone(), start, days);
    let mut s = vec![vec![0.0; ng]; nb];
    for m in population {
        s[m.band][m.group] += m.count;
    }
    out.set_population(0, &s);
    let ageing: Vec<f64> =
        states.bands.iter().map(|b| 1.0 / (365.0 * f64::from(b.to.expect("closed") - b.from))).collect();
    for t in 1..=days {
        let today = start + chrono::Duration::days(t as i64);
        let mut next = s.clone();
        for b in 0..nb {
            for x in 0..ng {
                let n = s[b][x];
                if n <= 0.0 {
                    continue;
                }
                let moves: Vec<f64> = (0..ng).map(|y| if y == x { 0.0 } else { rates.move_rate(b, x, y) }).collect();
                let exits: Vec<f64> = ExitRoute::ALL.iter().map(|&r| rates.exit_rate(b, x, r)).collect();
                let q: f64 = moves.iter().sum::<f64>() + exits.iter().sum::<f64>() + ageing[b];
                // The peer clips the outflow at the population and shares it pro rata.
                let outflow = (n * q).min(n);
                if q <= 0.0 {
                    continue;
                }
                let per = outflow / q;
                next[b][x] -= outflow;
                for y in 0..ng {
                    next[b][y] += per * moves[y];
                }
                for (r, h) in exits.iter().enumerate() {
                    out.add_exit(t, b, x, r, per * h);
                }
                if b + 1 < nb {
                    next[b + 1][x] += per * ageing[b];
                } else {
                    out.add_exit(t, b, x, ExitRoute::Independence.index(), per * ageing[b]);
                }
            }
        }
        for b in 0..nb {
            let l = scenario.entry_rate(rates, b, today);
            for g in 0..ng {
                let e = l * rates.entry_mix[b * ng + g];
                next[b][g] += e;
                out.add_entry(t, b, g, e);
            }
        }
        s = next;
        out.set_population(t, &s);
    }
    out
}
