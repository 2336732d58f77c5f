//! A projection's results: children by day, age band and placement group,
//! with the entries and exits that moved them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::backtest::Backtest;
use super::config::ExitRoute;
use super::history::States;

/// Children in care projected day by day, by age band and placement group,
/// with entries and exits by route. Counts are expected values, so they are
/// fractional.
///
/// Day 0 is the starting population (the children actually in care on the
/// start night); day `t` is the population on the night `t` days later.
/// Children are conserved: for every day,
/// `total(t) = total(t − 1) + entries(t) − exits(t)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The scenario's name (`"base"` without one).
    pub scenario: String,
    /// The states.
    pub states: States,
    /// The start night (day 0).
    pub start: NaiveDate,
    /// Days projected.
    pub days: usize,
    population: Vec<f64>,
    entries: Vec<f64>,
    exits: Vec<f64>,
    /// The historic stock by group before the start, for plots: (first night, `[night][group]`).
    pub actuals: Option<(NaiveDate, Vec<f64>)>,
    /// The model's backtest, when asked for.
    pub backtest: Option<Backtest>,
}

/// One row of a projection's long frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionRow {
    /// The night.
    pub date: NaiveDate,
    /// The band's label.
    pub age_band: String,
    /// The group.
    pub placement_group: String,
    /// Children (expected).
    pub children: f64,
}

impl Projection {
    pub(crate) fn empty(states: States, start: NaiveDate, days: usize) -> Projection {
        let n = states.len();
        Projection {
            scenario: "base".into(),
            population: vec![0.0; (days + 1) * n],
            entries: vec![0.0; (days + 1) * n],
            exits: vec![0.0; (days + 1) * n * ExitRoute::ALL.len()],
            states,
            start,
            days,
            actuals: None,
            backtest: None,
        }
    }

    pub(crate) fn set_population(&mut self, t: usize, s: &[Vec<f64>]) {
        let n = self.states.len();
        for (b, row) in s.iter().enumerate() {
            for (g, v) in row.iter().enumerate() {
                self.population[t * n + self.states.index(b, g)] = *v;
            }
        }
    }

    pub(crate) fn add_entry(&mut self, t: usize, b: usize, g: usize, n: f64) {
        let k = t * self.states.len() + self.states.index(b, g);
        self.entries[k] += n;
    }

    pub(crate) fn add_exit(&mut self, t: usize, b: usize, g: usize, route: usize, n: f64) {
        let k = (t * self.states.len() + self.states.index(b, g)) * ExitRoute::ALL.len() + route;
        self.exits[k] += n;
    }

    /// Moves up to `per_day × t` children a day from group `from` to `to`
    /// (never more than are in `from`), pro rata across bands.
    pub(crate) fn substitute(&mut self, from: usize, to: usize, per_day: f64) {
        let n = self.states.len();
        for t in 0..=self.days {
            let avail: f64 = (0..self.states.b()).map(|b| self.population[t * n + self.states.index(b, from)]).sum();
            let moved = (per_day * t as f64).min(avail);
            if moved <= 0.0 || avail <= 0.0 {
                continue;
            }
            for b in 0..self.states.b() {
                let (kf, kt) = (t * n + self.states.index(b, from), t * n + self.states.index(b, to));
                let share = self.population[kf] / avail * moved;
                self.population[kf] -= share;
                self.population[kt] += share;
            }
        }
    }

    /// The date of day `t`.
    pub fn date(&self, t: usize) -> NaiveDate {
        self.start + chrono::Duration::days(t as i64)
    }

    /// The day index of `date`, if the projection covers it.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let t = (date - self.start).num_days();
        (0..=self.days as i64).contains(&t).then_some(t as usize)
    }

    /// Children in (`band`, `group`) on day `t`.
    pub fn children(&self, t: usize, band: usize, group: usize) -> f64 {
        self.population[t * self.states.len() + self.states.index(band, group)]
    }

    /// All children on day `t`.
    pub fn total(&self, t: usize) -> f64 {
        let n = self.states.len();
        self.population[t * n..(t + 1) * n].iter().sum()
    }

    /// Children in `group` (all bands) on day `t`.
    pub fn group_total(&self, t: usize, group: usize) -> f64 {
        (0..self.states.b()).map(|b| self.children(t, b, group)).sum()
    }

    /// Entries on day `t` (all states).
    pub fn entries_on(&self, t: usize) -> f64 {
        let n = self.states.len();
        self.entries[t * n..(t + 1) * n].iter().sum()
    }

    /// Exits on day `t` (all states and routes).
    pub fn exits_on(&self, t: usize) -> f64 {
        let w = self.states.len() * ExitRoute::ALL.len();
        self.exits[t * w..(t + 1) * w].iter().sum()
    }

    /// Exits on day `t` from (`band`, `group`) by `route`.
    pub fn exits_by(&self, t: usize, band: usize, group: usize, route: ExitRoute) -> f64 {
        self.exits[(t * self.states.len() + self.states.index(band, group)) * ExitRoute::ALL.len() + route.index()]
    }

    /// Entries on day `t` into (`band`, `group`).
    pub fn entries_by(&self, t: usize, band: usize, group: usize) -> f64 {
        self.entries[t * self.states.len() + self.states.index(band, group)]
    }

    /// The long frame: one row per day, band and group.
    pub fn rows(&self) -> Vec<ProjectionRow> {
        let mut rows = Vec::with_capacity((self.days + 1) * self.states.len());
        for t in 0..=self.days {
            for (b, band) in self.states.bands.iter().enumerate() {
                for (g, group) in self.states.groups.iter().enumerate() {
                    rows.push(ProjectionRow {
                        date: self.date(t),
                        age_band: band.label(),
                        placement_group: group.clone(),
                        children: self.children(t, b, g),
                    });
                }
            }
        }
        rows
    }
}
