//! Estimating daily hazards and entry rates over a reference window.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::age_in_years;
use crate::ssda903::Dataset;

use super::config::{AgeBasis, DemandConfig, Estimator, ExitRoute};
use super::error::ForecastError;
use super::history::{band_on, birthday, History, Next, States};

/// A reference window: the days, first and last inclusive, whose moves and
/// entries a model learns from.
///
/// A move or exit belongs to the day its episode ended (DEC); its exposure is
/// the night before. So a window 1 April 2024 – 31 March 2025 counts episodes
/// ending on those 365 days, against the nights 31 March 2024 – 30 March 2025.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::forecast::Window;
/// let w = Window::new(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()).unwrap();
/// assert_eq!(w.days(), 365);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Window {
    /// A window from `start` to `end`, both inclusive.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::{ForecastError, Window};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let year = Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(); // 2024/25
    /// assert_eq!(year.start, d(2024, 4, 1));
    /// assert!(matches!(Window::new(d(2025, 3, 31), d(2024, 4, 1)), Err(ForecastError::EmptyWindow { .. })));
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Window, ForecastError> {
        if end < start {
            return Err(ForecastError::EmptyWindow { start, end });
        }
        Ok(Window { start, end })
    }

    /// Number of days in the window.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::Window;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// assert_eq!(Window::new(d(2023, 4, 1), d(2024, 3, 31)).unwrap().days(), 366); // 29 February 2024
    /// assert_eq!(Window::new(d(2025, 3, 31), d(2025, 3, 31)).unwrap().days(), 1);
    /// ```
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The window `months` months earlier: both ends moved back by calendar
    /// months (a window ending on a month end still ends on one), so
    /// 1 April 2024 – 31 March 2025 rewound 12 months is 1 April 2023 –
    /// 31 March 2024.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::Window;
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let w = Window::new(d(2024, 10, 1), d(2025, 3, 31)).unwrap();
    /// assert_eq!(w.rewound(6).unwrap(), Window::new(d(2024, 4, 1), d(2024, 9, 30)).unwrap());
    /// ```
    pub fn rewound(&self, months: u32) -> Option<Window> {
        let end = sub_months(self.end, months)?;
        let start = self.start.checked_sub_months(chrono::Months::new(months))?;
        Some(Window { start, end })
    }
}

/// `months` months before `date`, keeping to month ends (31 March less six
/// months is 30 September).
fn sub_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    use chrono::Datelike;
    let month_end = date.succ_opt().is_some_and(|next| next.day() == 1);
    let earlier = date.checked_sub_months(chrono::Months::new(months))?;
    if month_end {
        earlier.with_day(1)?.checked_add_months(chrono::Months::new(1))?.pred_opt()
    } else {
        Some(earlier)
    }
}

/// Daily hazards and entry rates for every (age band, placement group) state,
/// with the evidence behind them.
///
/// Built by [`Rates::estimate`]; scenarios change a copy
/// ([`Scenario::apply`](super::Scenario)).
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
/// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("episodes", &cols, vec![
/// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
/// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
/// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
/// # let states = &model.rates.states;
/// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
/// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
/// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
/// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
/// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
/// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
/// // Rates are events over nights in the state. C1 spent 365 nights in-house
/// // aged 10-15 (31 March 2024 - 30 March 2025) and C2 184 (to 30 September);
/// // C2's return home is the only exit.
/// let rates = &model.rates;
/// assert_eq!(rates.exposure(teen, in_house), 365.0 + 184.0);
/// assert_eq!(rates.exit_rate(teen, in_house, sufficiency::forecast::ExitRoute::ReturnHome), 1.0 / 549.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// The states.
    pub states: States,
    /// The window the rates were learned from.
    pub window: Window,
    /// `[band][from][to]`: daily hazard of a placement move between groups (diagonal 0).
    pub(crate) moves: Vec<f64>,
    /// `[band][group][route]`: daily hazard of leaving care by each route.
    pub(crate) exits: Vec<f64>,
    /// `[band][group]`: nights observed.
    pub(crate) exposure: Vec<f64>,
    /// `[band][from][to]` and `[band][group][route]`: events observed.
    pub(crate) move_events: Vec<f64>,
    pub(crate) exit_events: Vec<f64>,
    /// `[band][from][to]`: moves that were placement breakdowns (CREQB).
    pub(crate) breakdown_events: Vec<f64>,
    /// `[band]`: entrants per day, on average over the window.
    pub(crate) entry_level: Vec<f64>,
    /// `[band]`: change in entrants per day, per day (zero without a trend).
    pub(crate) entry_slope: Vec<f64>,
    /// `[band][group]`: where entrants are first placed (sums to 1 per band with entrants).
    pub(crate) entry_mix: Vec<f64>,
    /// `[band]`: (days until the entrant's next band, share of the band's entrants).
    pub(crate) entry_remaining: Vec<Vec<(u32, f64)>>,
    /// `[band][group]`: entrants seen in the window.
    pub(crate) entrants: Vec<f64>,
    /// Share of children ageing out who stay put with their carers.
    pub staying_put_share: f64,
    /// Children who turned `max_age` in care during the window.
    pub aged_out: u64,
}

/// One fitted rate, as a row of [`Rates::rows`].
///
/// ```
/// # use chrono::NaiveDate;
/// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
/// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("episodes", &cols, vec![
/// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
/// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
/// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
/// # ]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
/// # let states = &model.rates.states;
/// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
/// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
/// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
/// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
/// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
/// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
/// let rows = model.rates.rows();
/// assert_eq!(rows.len(), 1); // the one non-zero rate: C2 going home
/// let r = &rows[0];
/// assert_eq!((r.age_band.as_str(), r.placement_group.as_str()), ("10-15", "foster_in_house"));
/// assert_eq!((r.kind, r.to.as_str(), r.events, r.exposure), ("exit", "return_home", 1.0, 549.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateRow {
    /// The band's label.
    pub age_band: String,
    /// The group moved from.
    pub placement_group: String,
    /// `"move"` or `"exit"`.
    pub kind: &'static str,
    /// The group moved to, or the exit route's label.
    pub to: String,
    /// Daily hazard.
    pub rate: f64,
    /// Events in the window.
    pub events: f64,
    /// Nights in the state in the window.
    pub exposure: f64,
}

impl Rates {
    /// Estimates rates from `ds` over `window` under `cfg`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::forecast::{DemandConfig, Rates, Window};
    /// use sufficiency::synth::{synthetic_authority, Profile};
    /// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 3).unwrap();
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let rates = Rates::estimate(&la.dataset, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), &DemandConfig::standard()).unwrap();
    /// assert!(rates.entries_per_day() > 0.0);
    /// ```
    pub fn estimate(ds: &Dataset, window: Window, cfg: &DemandConfig) -> Result<Rates, ForecastError> {
        let history = History::build(ds, cfg);
        Rates::from_history(&history, window, cfg)
    }

    pub(crate) fn from_history(h: &History, window: Window, cfg: &DemandConfig) -> Result<Rates, ForecastError> {
        let (Some(first), Some(last)) = (h.first, h.last) else {
            return Err(ForecastError::NoChildren);
        };
        if window.end > last || window.start < first {
            return Err(ForecastError::WindowOutsideData { window, first, last });
        }
        let st = &h.states;
        let (nb, ng, nr) = (st.b(), st.g(), ExitRoute::ALL.len());
        let days = window.days() as usize;
        let day0 = window.start;
        let idx = |d: NaiveDate| (d - day0).num_days();
        let per_day = cfg.estimator == Estimator::MeanDailyRatio;

        // Stock on the nights window.start-1 ..= window.end-1 (index 0 = the night before the first day).
        let night0 = window.start.pred_opt().expect("date in range");
        let stock = super::stock::daily_stock(h, cfg, night0, window.end.pred_opt().expect("date in range"));
        let mut exposure = vec![0.0; nb * ng];
        for d in 0..days {
            for x in 0..nb * ng {
                exposure[x] += stock[d * nb * ng + x];
            }
        }
        // Events by day (only kept per day for the mean-of-ratios estimator).
        let dests = ng + nr;
        let mut ev_day = if per_day { vec![0.0; days * nb * ng * dests] } else { Vec::new() };
        let mut ev = vec![0.0; nb * ng * dests];
        let mut breakdown_events = vec![0.0; nb * ng * ng];
        let mut entrants = vec![0.0; nb * ng];
        let mut entrant_days: Vec<Vec<u32>> = vec![Vec::new(); nb];
        let mut entries_by_day = vec![vec![0.0; days]; nb];
        let (mut aged_out, mut stayed) = (0u64, 0u64);
        let max_age = cfg.max_age;
        let exact_age_out = cfg.age_out && cfg.age_basis == AgeBasis::Daily;

        for (i, s) in h.spells.iter().enumerate() {
            // Entries in the window.
            if s.entry && s.start >= window.start && s.start <= window.end {
                if let Some(b) = band_on(st, s, cfg, s.start) {
                    entrants[b * ng + usize::from(s.group)] += 1.0;
                    entries_by_day[b][idx(s.start) as usize] += 1.0;
                    if let Some(top) = st.bands[b].to {
                        let r = (birthday(s.dob, top) - s.start).num_days().max(1) as u32;
                        entrant_days[b].push(r);
                    }
                }
            }
            // Children turning max_age in care in the window (exact ageing only).
            if exact_age_out {
                let b18 = birthday(s.dob, max_age);
                let covers = s.start < b18 && s.end.is_none_or(|e| e >= b18);
                if covers && b18 >= window.start && b18 <= window.end {
                    aged_out += 1;
                    if chain_route(&h.spells, i) == Some(ExitRoute::StayingPut) {
                        stayed += 1;
                    }
                }
            }
            // Moves and exits on days in the window.
            let Some(end) = s.end else { continue };
            if end < window.start || end > window.end || end <= s.start {
                continue;
            }
            if exact_age_out && age_in_years(s.dob, end) >= i32::from(max_age) {
                continue; // leaving at (or after) the top age is ageing out, not a hazard
            }
            let night = end.pred_opt().expect("date in range");
            let Some(b) = band_on(st, s, cfg, night) else { continue };
            let dest = match s.next {
                Next::Open => continue,
                Next::Move(to) if to == s.group => continue,
                Next::Move(to) => usize::from(to),
                Next::Exit(route) => ng + route.index(),
            };
            let k = (b * ng + usize::from(s.group)) * dests + dest;
            ev[k] += 1.0;
            if s.breakdown && dest < ng {
                breakdown_events[(b * ng + usize::from(s.group)) * ng + dest] += 1.0;
            }
            if per_day {
                ev_day[idx(end) as usize * nb * ng * dests + k] += 1.0;
            }
        }

        let mut moves = vec![0.0; nb * ng * ng];
        let mut exits = vec![0.0; nb * ng * nr];
        for x in 0..nb * ng {
            for dest in 0..dests {
                let rate = match cfg.estimator {
                    Estimator::Pooled => {
                        if exposure[x] > 0.0 {
                            ev[x * dests + dest] / exposure[x]
                        } else {
                            0.0
                        }
                    }
                    Estimator::MeanDailyRatio => {
                        let mut sum = 0.0;
                        for d in 0..days {
                            let m = ev_day[d * nb * ng * dests + x * dests + dest];
                            // The peer back-fills the first day's denominator with that
                            // day's own stock (`scripts/peer/README.md`, rule a).
                            let night = if d == 0 && days > 1 { 1 } else { d };
                            let n = stock[night * nb * ng + x];
                            // 0/0 counts as 0, as the peer does; x/0 cannot happen with
                            // episodes that cover the night before they end.
                            if n > 0.0 {
                                sum += m / n;
                            }
                        }
                        sum / days as f64
                    }
                };
                if dest < ng {
                    moves[x * ng + dest] = rate;
                } else {
                    exits[x * nr + dest - ng] = rate;
                }
            }
        }
        let move_events: Vec<f64> = (0..nb * ng * ng).map(|k| ev[(k / ng) * dests + k % ng]).collect();
        let exit_events: Vec<f64> = (0..nb * ng * nr).map(|k| ev[(k / nr) * dests + ng + k % nr]).collect();

        // Entries: level, optional linear trend, first placement, days to the next band.
        let mut entry_level = vec![0.0; nb];
        let mut entry_slope = vec![0.0; nb];
        let mut entry_mix = vec![0.0; nb * ng];
        let mut entry_remaining = vec![Vec::new(); nb];
        for b in 0..nb {
            let total: f64 = entrants[b * ng..(b + 1) * ng].iter().sum();
            // The peer divides entrants by (end − start) days, one fewer than the
            // window holds (`scripts/peer/README.md`, rule d).
            let divisor = if per_day && days > 1 { days - 1 } else { days };
            entry_level[b] = total / divisor as f64;
            if cfg.entry_trend && days > 1 {
                entry_slope[b] = least_squares(&entries_by_day[b]).1;
            }
            if total > 0.0 {
                for g in 0..ng {
                    entry_mix[b * ng + g] = entrants[b * ng + g] / total;
                }
            }
            let mut r = std::mem::take(&mut entrant_days[b]);
            r.sort_unstable();
            let n = r.len() as f64;
            let mut dist: Vec<(u32, f64)> = Vec::new();
            for v in r {
                match dist.last_mut() {
                    Some((d, w)) if *d == v => *w += 1.0 / n,
                    _ => dist.push((v, 1.0 / n)),
                }
            }
            entry_remaining[b] = dist;
        }
        let staying_put_share = match cfg.staying_put_share {
            Some(s) => s,
            None if aged_out > 0 => stayed as f64 / aged_out as f64,
            None => 0.0,
        };
        Ok(Rates {
            states: st.clone(),
            window,
            moves,
            exits,
            exposure,
            move_events,
            exit_events,
            breakdown_events,
            entry_level,
            entry_slope,
            entry_mix,
            entry_remaining,
            entrants,
            staying_put_share,
            aged_out,
        })
    }

    /// Daily hazard of moving from `from` to `to` within `band` (indices into [`Rates::states`]).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // Nobody changed placement, so every move hazard is zero.
    /// assert_eq!(model.rates.move_rate(teen, in_house, agency), 0.0);
    /// let moved = model.rates_under(&sufficiency::forecast::Scenario::new("x").move_times("foster_in_house", "foster_agency", 3.0)).unwrap();
    /// assert_eq!(moved.move_rate(teen, in_house, agency), 0.0); // three times nothing
    /// ```
    pub fn move_rate(&self, band: usize, from: usize, to: usize) -> f64 {
        let g = self.states.g();
        self.moves[(band * g + from) * g + to]
    }

    /// Share of moves from `from` to `to` within `band` that were placement
    /// breakdowns (CREQB) in the window.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // No moves at all, so no breakdowns: the share is 0, not 0/0.
    /// assert_eq!(model.rates.breakdown_share(teen, in_house, agency), 0.0);
    /// ```
    pub fn breakdown_share(&self, band: usize, from: usize, to: usize) -> f64 {
        let g = self.states.g();
        let k = (band * g + from) * g + to;
        if self.move_events[k] > 0.0 {
            self.breakdown_events[k] / self.move_events[k]
        } else {
            0.0
        }
    }

    /// Daily hazard of leaving care from (`band`, `group`) by `route`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// use sufficiency::forecast::ExitRoute;
    /// // One return home over 549 nights in the state.
    /// assert_eq!(model.rates.exit_rate(teen, in_house, ExitRoute::ReturnHome), 1.0 / 549.0);
    /// assert_eq!(model.rates.exit_rate(teen, in_house, ExitRoute::Adoption), 0.0);
    /// assert_eq!(model.rates.exit_rate(young, agency, ExitRoute::ReturnHome), 0.0); // C3 stayed
    /// ```
    pub fn exit_rate(&self, band: usize, group: usize, route: ExitRoute) -> f64 {
        self.exits[(band * self.states.g() + group) * ExitRoute::ALL.len() + route.index()]
    }

    /// Entrants per day into `band`, on average over the window.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // C3 was the one entrant in 365 days, aged 7.
    /// assert_eq!(model.rates.entry_rate(young), 1.0 / 365.0);
    /// assert_eq!(model.rates.entry_rate(teen), 0.0); // C1 and C2 came in before the window
    /// ```
    pub fn entry_rate(&self, band: usize) -> f64 {
        self.entry_level[band]
    }

    /// Entrants per day into all bands, on average over the window.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(model.rates.entries_per_day(), 1.0 / 365.0);
    /// assert!((model.rates.entries_per_day() * 365.0 - 1.0).abs() < 1e-12); // one a year
    /// ```
    pub fn entries_per_day(&self) -> f64 {
        self.entry_level.iter().sum()
    }

    /// Share of `band`'s entrants first placed in `group`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// // C3, the only 5-9 entrant, went to an agency foster carer.
    /// assert_eq!(model.rates.entry_share(young, agency), 1.0);
    /// assert_eq!(model.rates.entry_share(young, in_house), 0.0);
    /// ```
    pub fn entry_share(&self, band: usize, group: usize) -> f64 {
        self.entry_mix[band * self.states.g() + group]
    }

    /// Nights observed in (`band`, `group`) over the window.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// assert_eq!(model.rates.exposure(teen, in_house), 549.0); // 365 + 184
    /// // C3: the nights 1 July 2024 - 30 March 2025.
    /// assert_eq!(model.rates.exposure(young, agency), (31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 30) as f64);
    /// ```
    pub fn exposure(&self, band: usize, group: usize) -> f64 {
        self.exposure[band * self.states.g() + group]
    }

    /// Entrants per day into `band` on `date` (level plus trend, never below zero).
    pub(crate) fn entry_rate_on(&self, band: usize, date: NaiveDate) -> f64 {
        let mid = self.window.start + chrono::Duration::days((self.window.days() - 1) / 2);
        let offset = (date - mid).num_days() as f64 - if self.window.days() % 2 == 0 { 0.5 } else { 0.0 };
        (self.entry_level[band] + self.entry_slope[band] * offset).max(0.0)
    }

    /// Every non-zero rate, with its evidence, for display.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use sufficiency::forecast::{DemandConfig, DemandModel, Window};
    /// # use sufficiency::ssda903::{read_tables, RawTable};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// # let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![
    /// #     vec!["C1", "F", "01/01/2012"], vec!["C2", "M", "01/01/2012"], vec!["C3", "M", "01/01/2017"]]);
    /// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// # let episodes = RawTable::new("episodes", &cols, vec![
    /// #     vec!["C1", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// #     vec!["C2", "01/01/2024", "S", "C2", "N1", "U4", "PR1", "01/10/2024", "E4A"],
    /// #     vec!["C3", "01/07/2024", "S", "C2", "N1", "U4", "PR4", "", ""],
    /// # ]);
    /// # let ds = read_tables(vec![header, episodes], None).unwrap();
    /// # let model = DemandModel::fit(ds, Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap(), DemandConfig::standard()).unwrap();
    /// # let states = &model.rates.states;
    /// # let (teen, young) = (states.band_index("10-15").unwrap(), states.band_index("5-9").unwrap());
    /// # let (in_house, agency) = (states.group_index("foster_in_house").unwrap(), states.group_index("foster_agency").unwrap());
    /// // `model` is fitted over 2024/25 to three fostered children: C1 and C2, aged 12,
    /// // in-house since January 2024, C2 going home (E4A) on 1 October 2024; and C3,
    /// // aged 7, entering agency foster care on 1 July 2024. `teen`, `young`,
    /// // `in_house` and `agency` index its 10-15 and 5-9 bands and two foster groups.
    /// let rows = model.rates.rows();
    /// assert_eq!(rows.len(), 1);
    /// assert_eq!(rows[0].rate, rows[0].events / rows[0].exposure); // 1 / 549
    /// ```
    pub fn rows(&self) -> Vec<RateRow> {
        let (nb, ng, nr) = (self.states.b(), self.states.g(), ExitRoute::ALL.len());
        let mut rows = Vec::new();
        for b in 0..nb {
            for g in 0..ng {
                let base = |kind, to: String, rate, events| RateRow {
                    age_band: self.states.bands[b].label(),
                    placement_group: self.states.groups[g].clone(),
                    kind,
                    to,
                    rate,
                    events,
                    exposure: self.exposure[b * ng + g],
                };
                for t in 0..ng {
                    let k = (b * ng + g) * ng + t;
                    if self.moves[k] > 0.0 {
                        rows.push(base("move", self.states.groups[t].clone(), self.moves[k], self.move_events[k]));
                    }
                }
                for r in ExitRoute::ALL {
                    let k = (b * ng + g) * nr + r.index();
                    if self.exits[k] > 0.0 {
                        rows.push(base("exit", r.label().to_string(), self.exits[k], self.exit_events[k]));
                    }
                }
            }
        }
        rows
    }
}

/// The exit route that ends the chain of spells starting at `i` (none if open).
fn chain_route(spells: &[super::history::Spell], mut i: usize) -> Option<ExitRoute> {
    loop {
        match spells[i].next {
            Next::Open => return None,
            Next::Exit(r) => return Some(r),
            Next::Move(_) => i += 1,
        }
        if i >= spells.len() {
            return None;
        }
    }
}

/// Least-squares intercept (at index 0) and slope of `y` against its index.
pub(crate) fn least_squares(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (v - mean_y);
        sxx += dx * dx;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mean_y - slope * mean_x, slope)
}
