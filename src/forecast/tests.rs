//! Property tests of the projection engine against a naive, cohort-by-cohort
//! simulation written independently of the engine's birthday scheduling.
#![allow(clippy::needless_range_loop)]

use chrono::NaiveDate;
use proptest::prelude::*;

use super::config::ExitRoute;
use super::estimate::{Rates, Window};
use super::history::{birthday, States};
use super::project::{project, Member};
use super::{DemandConfig, Scenario};
use crate::model::AgeBand;

const NR: usize = 6;

#[derive(Debug, Clone)]
struct Case {
    bounds: Vec<u8>,
    ng: usize,
    moves: Vec<f64>,
    exits: Vec<f64>,
    levels: Vec<f64>,
    mix: Vec<f64>,
    remaining: Vec<Vec<(u32, f64)>>,
    members: Vec<(u32, usize, f64)>,
    days: usize,
    stay: f64,
}

fn states(c: &Case) -> States {
    let bands = c.bounds.windows(2).map(|w| AgeBand::new(w[0], Some(w[1]))).collect();
    States { bands, groups: (0..c.ng).map(|g| format!("g{g}")).collect() }
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 2, 20).unwrap()
}

fn rates(c: &Case) -> Rates {
    let st = states(c);
    let (nb, ng) = (st.b(), st.g());
    let w = Window { start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(), end: start() };
    let mut mix = c.mix.clone();
    for b in 0..nb {
        let sum: f64 = mix[b * ng..(b + 1) * ng].iter().sum();
        mix[b * ng..(b + 1) * ng].iter_mut().for_each(|m| *m /= sum);
    }
    Rates {
        states: st,
        window: w,
        moves: c.moves.clone(),
        exits: c.exits.clone(),
        exposure: vec![0.0; nb * ng],
        move_events: vec![0.0; nb * ng * ng],
        exit_events: vec![0.0; nb * ng * NR],
        breakdown_events: vec![0.0; nb * ng * ng],
        entry_level: c.levels.clone(),
        entry_slope: vec![0.0; nb],
        entry_mix: mix,
        entry_remaining: c.remaining.clone(),
        entrants: vec![0.0; nb * ng],
        staying_put_share: c.stay,
        aged_out: 0,
    }
}

/// Members of the starting population: a date of birth `age_days` before the start.
fn population(c: &Case, st: &States) -> Vec<Member> {
    c.members
        .iter()
        .filter_map(|&(age_days, g, n)| {
            let dob = start() - chrono::Duration::days(i64::from(age_days));
            let age = crate::model::age_in_years(dob, start());
            let band = st.bands.iter().position(|b| b.contains(age))?;
            Some(Member { dob, band, group: g % c.ng, count: n })
        })
        .collect()
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..=3, 1usize..=4, 20usize..=500).prop_flat_map(|(nb, ng, days)| {
        (
            proptest::collection::vec(1u8..=2, nb),
            proptest::collection::vec(0.0..0.02f64, nb * ng * ng),
            proptest::collection::vec(0.0..0.004f64, nb * ng * NR),
            proptest::collection::vec(0.0..0.6f64, nb),
            proptest::collection::vec(0.05..1.0f64, nb * ng),
            proptest::collection::vec(proptest::collection::vec((1u32..=730, 0.1..1.0f64), 1..4), nb),
            proptest::collection::vec((0u32..(365 * 6), 0usize..4, 0.5..3.0f64), 0..40),
            0.0..1.0f64,
        )
            .prop_map(move |(widths, mut moves, exits, levels, mix, rem, members, stay)| {
                let mut bounds = vec![0u8];
                for w in widths {
                    bounds.push(bounds.last().unwrap() + w);
                }
                for b in 0..nb {
                    for x in 0..ng {
                        moves[(b * ng + x) * ng + x] = 0.0;
                    }
                }
                // Days to the next band can't exceed the band's length.
                let remaining = rem
                    .into_iter()
                    .enumerate()
                    .map(|(b, v)| {
                        let len = u32::from(bounds[b + 1] - bounds[b]) * 365;
                        let n: f64 = v.iter().map(|p| p.1).sum();
                        let mut v: Vec<(u32, f64)> = v.into_iter().map(|(r, w)| ((r - 1) % len + 1, w / n)).collect();
                        v.sort_by_key(|p| p.0);
                        v.dedup_by_key(|p| p.0);
                        let n: f64 = v.iter().map(|p| p.1).sum();
                        v.into_iter().map(|(r, w)| (r, w / n)).collect()
                    })
                    .collect();
                Case { bounds, ng, moves, exits, levels, mix, remaining, members, days, stay }
            })
    })
}

/// The same model, one cohort at a time: every cohort steps through its own
/// band's daily matrix and changes band on the day it is due to.
fn naive(r: &Rates, scenario: &Scenario, pop: &[Member], days: usize) -> Vec<Vec<f64>> {
    let st = &r.states;
    let (nb, ng) = (st.b(), st.g());
    struct Cell {
        band: usize,
        due: NaiveDate,
        v: Vec<f64>,
    }
    let mut cells: Vec<Cell> = pop
        .iter()
        .map(|m| {
            let mut v = vec![0.0; ng];
            v[m.group] = m.count;
            Cell { band: m.band, due: birthday(m.dob, st.bands[m.band].to.unwrap()), v }
        })
        .collect();
    let snapshot = |cells: &Vec<Cell>| {
        let mut s = vec![0.0; nb * ng];
        for c in cells {
            for g in 0..ng {
                s[c.band * ng + g] += c.v[g];
            }
        }
        s
    };
    let mut out = vec![snapshot(&cells)];
    for t in 1..=days {
        let today = start() + chrono::Duration::days(t as i64);
        for c in cells.iter_mut() {
            let b = c.band;
            let old = c.v.clone();
            for x in 0..ng {
                let out_rate: f64 = (0..ng).map(|y| r.move_rate(b, x, y)).sum::<f64>()
                    + ExitRoute::ALL.iter().map(|&e| r.exit_rate(b, x, e)).sum::<f64>();
                c.v[x] -= old[x] * out_rate;
                for y in 0..ng {
                    c.v[y] += old[x] * r.move_rate(b, x, y);
                }
            }
        }
        let mut next = Vec::new();
        for mut c in cells.drain(..) {
            if c.due == today {
                if c.band + 1 == nb {
                    continue; // leaves care
                }
                let from = st.bands[c.band].to.unwrap();
                let dob = today.checked_sub_months(chrono::Months::new(12 * u32::from(from))).unwrap();
                c.band += 1;
                c.due = birthday(dob, st.bands[c.band].to.unwrap());
            }
            next.push(c);
        }
        cells = next;
        for b in 0..nb {
            let l = scenario.entry_rate(r, b, today);
            for &(rem, w) in &r.entry_remaining[b] {
                let v = (0..ng).map(|g| l * w * r.entry_mix[b * ng + g]).collect();
                cells.push(Cell { band: b, due: today + chrono::Duration::days(i64::from(rem)), v });
            }
        }
        out.push(snapshot(&cells));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn children_are_conserved_and_age_exactly(c in case(), change in 0usize..400, factor in 0.0..3.0f64) {
        let r = rates(&c);
        let st = r.states.clone();
        let pop = population(&c, &st);
        // Half the cases change the entry rate part-way, so entries vary by day.
        let scenario = if change % 2 == 0 {
            Scenario::base()
        } else {
            Scenario::base().with(super::Adjustment::EntriesTimes {
                factor,
                age_band: None,
                from: Some(start() + chrono::Duration::days(change as i64)),
            })
        };
        let p = project(&r, &DemandConfig::standard(), &scenario, &pop, start(), c.days);
        let scale = 1.0 + p.total(0) + 3.0 * c.levels.iter().sum::<f64>() * c.days as f64;
        for t in 1..=p.days {
            let change = p.total(t) - p.total(t - 1);
            let flow = p.entries_on(t) - p.exits_on(t);
            prop_assert!((change - flow).abs() < 1e-9 * scale, "day {}: {} vs {}", t, change, flow);
        }
        let reference = naive(&r, &scenario, &pop, c.days);
        for (t, s) in reference.iter().enumerate() {
            for b in 0..st.b() {
                for g in 0..st.g() {
                    let (ours, theirs) = (p.children(t, b, g), s[b * st.g() + g]);
                    prop_assert!((ours - theirs).abs() < 1e-7 * scale, "day {} band {} group {}: {} vs {}", t, b, g, ours, theirs);
                }
            }
        }
    }
}
