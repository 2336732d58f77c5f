//! Costing placements: episodes that happened, and projected children.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::forecast::Projection;
use crate::model::{ChildId, PlacementGroups};
use crate::ssda903::Dataset;

use super::error::CostError;
use super::forecast::{CostForecast, CostIssue, CostKey, CostKind, CostSource};
use super::prices::{PriceBook, Route};

/// A placement's weekly cost from a council's finance system, overriding the
/// price book for that placement.
///
/// It is joined to the episode of `child` that started on `episode_start`.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{cost_episodes, CostOptions, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![vec!["C1", "25/03/2025", "S", "C2", "N1", "U4", "PR1", "08/04/2025", "E4A"]]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::from(700));
/// # let spend = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &book, &[], &CostOptions::default()).unwrap();
/// // `spend` costs one child fostered in-house at £700 a week (£100 a night) from
/// // 25 March to 8 April 2025: 14 nights, 7 in each financial year.
/// use sufficiency::cost::ActualCost;
/// // The finance system's £760 a week for C1's placement beats the book's £700.
/// let record = ActualCost { child: "C1".into(), episode_start: d(2025, 3, 25), weekly: Decimal::from(760), route: Route::InHouse, provider: None };
/// let actual = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &book, &[record], &CostOptions::default()).unwrap();
/// assert_eq!(actual.total(), Decimal::from(760 * 2)); // two weeks
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActualCost {
    /// `CHILD`, as in the returns.
    pub child: String,
    /// `DECOM` of the episode.
    pub episode_start: NaiveDate,
    /// Pounds a week.
    pub weekly: Decimal,
    /// How the placement was bought. A `block` placement is paid for by its
    /// block contract and is not charged again.
    pub route: Route,
    /// The provider, when known.
    pub provider: Option<String>,
}

/// Which placements to cost and how to group them.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{cost_episodes, CostOptions, PriceBook, Route};
/// # use sufficiency::ssda903::{read_tables, RawTable};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
/// # let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
/// # let episodes = RawTable::new("e", &cols, vec![vec!["C1", "25/03/2025", "S", "C2", "N1", "U4", "PR1", "08/04/2025", "E4A"]]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// # let mut book = PriceBook::new("example");
/// # book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::from(700));
/// # let spend = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &book, &[], &CostOptions::default()).unwrap();
/// // `spend` costs one child fostered in-house at £700 a week (£100 a night) from
/// // 25 March to 8 April 2025: 14 nights, 7 in each financial year.
/// use sufficiency::model::PlacementGroups;
/// // Under the peer model's coarse groups, the placement is FOSTERING, which the
/// // book does not price.
/// let opts = CostOptions { groups: PlacementGroups::peer(), ..Default::default() };
/// let coarse = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &book, &[], &opts).unwrap();
/// assert_eq!(coarse.issues[0].group, "FOSTERING");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostOptions {
    /// The placement grouping (the price book's groups).
    pub groups: PlacementGroups,
    /// Cost series of short breaks (LS V3/V4). Off by default, as the demand
    /// engine leaves them out; respite is usually budgeted separately.
    pub include_short_breaks: bool,
}

impl CostOptions {
    /// The nights of `e` within `from..to` (exclusive) to cost, if any: none
    /// for a short break unless short breaks are included.
    pub(crate) fn nights(
        &self,
        e: &crate::model::Episode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Option<(NaiveDate, NaiveDate)> {
        if !self.include_short_breaks && e.legal_status.is_short_break() {
            return None;
        }
        let lo = e.start.max(from);
        let hi = e.end.map_or(to, |end| end.min(to));
        (lo < hi).then_some((lo, hi))
    }
}

/// Children in a group on a night, as an exact decimal: projections hold
/// expected (fractional) counts, kept to a millionth of a child. The count is
/// converted, never the money.
fn children(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or(Decimal::ZERO).round_dp(6) // count, not money
}

/// Costs the episodes in `ds` on the nights `from..to` (exclusive): each
/// placement at its finance record's weekly cost when `actual` has one, else
/// at the price book's price for its group on each night, filling block
/// contracts first and then the route mix.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::cost::{cost_episodes, CostOptions, PriceBook};
/// use sufficiency::synth::{synthetic_authority, Profile};
/// let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 1, 2).unwrap();
/// let book = PriceBook::from_synthetic(&la.prices).unwrap();
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let spend = cost_episodes(&la.dataset, d(2024, 4, 1), d(2025, 4, 1), &book, &[], &CostOptions::default()).unwrap();
/// assert!(spend.total() > rust_decimal::Decimal::from(1_000_000));
/// ```
pub fn cost_episodes(
    ds: &Dataset,
    from: NaiveDate,
    to: NaiveDate,
    book: &PriceBook,
    actual: &[ActualCost],
    opts: &CostOptions,
) -> Result<CostForecast, CostError> {
    if to <= from {
        return Err(CostError::EmptyPeriod { from, to });
    }
    book.validate()?;
    let days = (to - from).num_days() as usize;
    let mut out = CostForecast::new(from, days, &book.label);
    let groups: Vec<String> = opts.groups.group_names().into_iter().map(str::to_string).collect();
    let ng = groups.len();
    let mut counts = vec![vec![0i64; days + 1]; ng];
    let mut in_blocks = vec![vec![0i64; days + 1]; ng];
    let mut overrides: HashMap<usize, Vec<Decimal>> = HashMap::new();
    let mut by_key: HashMap<(ChildId, NaiveDate), usize> = HashMap::new();
    for (i, a) in actual.iter().enumerate() {
        by_key.insert((ChildId::new(&a.child), a.episode_start), i);
    }
    let mut matched = vec![false; actual.len()];
    // The first night each group can be priced by all its routes (prices, once
    // set, stay in force, uplifted), looked up once rather than per episode.
    let priced_from: Vec<Option<NaiveDate>> = groups.iter().map(|g| first_priced(book, g)).collect();
    let table = group_table(&opts.groups, &groups);
    for (index, e) in ds.episodes().iter().enumerate() {
        let Some((lo, hi)) = opts.nights(e, from, to) else { continue };
        let (a, b) = ((lo - from).num_days() as usize, (hi - from).num_days() as usize);
        let nights = Decimal::from(b - a);
        let source = ds.episode_source(index);
        let issue = |code: &str, group: &str, message: String| CostIssue {
            file: source.map(|(f, _)| f.to_string()),
            row: source.map(|(_, r)| r),
            child: Some(e.child.to_string()),
            group: group.to_string(),
            code: code.to_string(),
            message,
            child_nights: nights,
        };
        let Some(g) = table[e.place as usize * NP + e.provider.map_or(0, |p| p as usize + 1)] else {
            out.issues.push(issue(
                "unclassified",
                crate::model::UNCLASSIFIED,
                format!(
                    "PLACE {} with PLACE_PROVIDER {} is in no placement group, so it has no price; add a grouping rule",
                    e.place.code(),
                    e.provider.map_or("(blank)", |p| p.code())
                ),
            ));
            continue;
        };
        let group = groups[g].as_str();
        if let Some(&i) = (!by_key.is_empty()).then(|| by_key.get(&(e.child.clone(), e.start))).flatten() {
            matched[i] = true;
            let ac = &actual[i];
            if ac.route == Route::Block {
                in_blocks[g][a] += 1;
                in_blocks[g][b] -= 1;
            } else {
                let key = CostKey {
                    group: group.to_string(),
                    route: ac.route,
                    provider: ac.provider.clone(),
                    kind: CostKind::Placement,
                    source: CostSource::Actual,
                };
                let line = out.line(key);
                let diff = overrides.entry(line).or_insert_with(|| vec![Decimal::ZERO; days + 1]);
                diff[a] += ac.weekly;
                diff[b] -= ac.weekly;
            }
            continue;
        }
        if priced_from[g].is_none_or(|first| lo < first) {
            let missing = unpriced(book, group, lo).unwrap_or_default();
            out.issues.push(issue("no_price", group, missing));
            continue;
        }
        counts[g][a] += 1;
        counts[g][b] -= 1;
    }
    for (i, a) in actual.iter().enumerate().filter(|(i, _)| !matched[*i]) {
        out.issues.push(CostIssue {
            file: None,
            row: Some(i as u64 + 1),
            child: Some(a.child.clone()),
            group: String::new(),
            code: "unmatched_cost".into(),
            message: format!(
                "the finance record for child {} from {} matches no episode starting that day; check CHILD and DECOM",
                a.child, a.episode_start
            ),
            child_nights: Decimal::ZERO,
        });
    }
    for (line, diff) in overrides {
        let mut run = Decimal::ZERO;
        for (d, v) in diff.iter().take(days).enumerate() {
            run += v;
            out.price_nights[line][d] += run;
        }
    }
    let to_running = |v: &Vec<i64>| -> Vec<Decimal> {
        let mut run = 0i64;
        v.iter()
            .take(days)
            .map(|x| {
                run += x;
                Decimal::from(run)
            })
            .collect()
    };
    let counts: Vec<Vec<Decimal>> = counts.iter().map(to_running).collect();
    let in_blocks: Vec<Vec<Decimal>> = in_blocks.iter().map(to_running).collect();
    price_counts(&mut out, book, &groups, &counts, &in_blocks, CostSource::Actual);
    Ok(out)
}

/// Costs a demand projection's children on the nights after its start
/// (day 1 to the end), at the price book's prices and route mix, filling
/// block contracts first.
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
/// use rust_decimal::Decimal;
/// use sufficiency::cost::{cost_projection, PriceBook, Route};
/// use sufficiency::forecast::Scenario;
/// // `model` is fitted to C3, aged 8, in agency foster care, entrants at one a year
/// // all going to agencies and nobody leaving them; and to C1, fostered in-house.
/// let p = model.project(None, 12, &Scenario::base()).unwrap();
/// let mut book = PriceBook::new("agency only");
/// book.add_price("foster_agency", Route::Framework, d(2024, 4, 1), Decimal::from(700));
/// let cost = cost_projection(&p, &book).unwrap();
/// // Agency children on night t: 1 + t/365. At £100 a night over 365 nights:
/// // 100 × (365 + 366/2) = £54,800 (counts are kept to a millionth of a child).
/// assert!((cost.total() - Decimal::from(54_800)).abs() < Decimal::new(1, 1));
/// assert_eq!(cost.issues[0].code, "no_price"); // C1's in-house placement is not priced
/// ```
pub fn cost_projection(p: &Projection, book: &PriceBook) -> Result<CostForecast, CostError> {
    book.validate()?;
    let days = p.days;
    let from = p.date(1);
    let mut out = CostForecast::new(from, days, &book.label);
    let groups = p.states.groups.clone();
    let mut counts = vec![vec![Decimal::ZERO; days]; groups.len()];
    for (g, name) in groups.iter().enumerate() {
        if let Some(missing) = unpriced(book, name, from) {
            let nights: Decimal = (1..=days).map(|t| children(p.group_total(t, g))).sum();
            if !nights.is_zero() {
                out.issues.push(CostIssue {
                    file: None,
                    row: None,
                    child: None,
                    group: name.clone(),
                    code: "no_price".into(),
                    message: missing,
                    child_nights: nights,
                });
            }
            continue;
        }
        for t in 1..=days {
            counts[g][t - 1] = children(p.group_total(t, g));
        }
    }
    let none = vec![vec![Decimal::ZERO; days]; groups.len()];
    price_counts(&mut out, book, &groups, &counts, &none, CostSource::Forecast);
    Ok(out)
}

/// Provider codes plus a blank, the width of [`group_table`]'s rows.
const NP: usize = crate::codes::PlaceProvider::ALL.len() + 1;

/// The group index of every (PLACE, PLACE_PROVIDER) pair (blank provider first).
fn group_table(rules: &PlacementGroups, groups: &[String]) -> Vec<Option<usize>> {
    use crate::codes::{Place, PlaceProvider};
    Place::ALL
        .iter()
        .flat_map(|&place| {
            std::iter::once(None).chain(PlaceProvider::ALL.iter().copied().map(Some)).map(move |prov| {
                rules.group_of(place, prov).map(|name| groups.iter().position(|g| g == name).expect("named group"))
            })
        })
        .collect()
}

/// The first night on which every route in `group`'s mix has a price.
fn first_priced(book: &PriceBook, group: &str) -> Option<NaiveDate> {
    let shares = book.shares(group);
    if shares.is_empty() {
        return None;
    }
    shares
        .iter()
        .map(|(r, _)| book.prices.iter().filter(|p| p.group == group && p.route == *r).map(|p| p.effective_from).min())
        .collect::<Option<Vec<NaiveDate>>>()?
        .into_iter()
        .max()
}

/// Why `group` cannot be priced on `date`, if it cannot.
fn unpriced(book: &PriceBook, group: &str, date: NaiveDate) -> Option<String> {
    let shares = book.shares(group);
    if shares.is_empty() {
        return Some(format!(
            "the price book has no price for '{group}'; add one (or a route share) so these placements are costed"
        ));
    }
    shares.iter().find(|(r, _)| book.weekly(group, *r, None, date).is_none()).map(|(r, _)| {
        format!(
            "the price book has no {r} price for '{group}' in force on {date}; add one effective on or before that day"
        )
    })
}

/// Prices children counted per group per night: block places first (own
/// finance-recorded block placements, then others, contract by contract),
/// the rest by the route mix.
fn price_counts(
    out: &mut CostForecast,
    book: &PriceBook,
    groups: &[String],
    counts: &[Vec<Decimal>],
    in_blocks: &[Vec<Decimal>],
    source: CostSource,
) {
    let key = |group: &str, route: Route, provider: Option<String>, kind: CostKind| CostKey {
        group: group.to_string(),
        route,
        provider,
        kind,
        source,
    };
    // Child-nights that found no price (a route in the mix without one on a night).
    let mut unpriced_nights: std::collections::BTreeMap<(usize, Route), (NaiveDate, Decimal)> = Default::default();
    for (g, group) in groups.iter().enumerate() {
        let shares = book.shares(group);
        let share_lines: Vec<usize> =
            shares.iter().map(|(r, _)| out.line(key(group, *r, None, CostKind::Placement))).collect();
        let blocks: Vec<&super::prices::BlockContract> = book.blocks.iter().filter(|b| b.group == *group).collect();
        let block_lines: Vec<(usize, usize)> = blocks
            .iter()
            .map(|b| {
                (
                    out.line(key(group, Route::Block, Some(b.provider.clone()), CostKind::Placement)),
                    out.line(key(group, Route::Block, Some(b.provider.clone()), CostKind::Void)),
                )
            })
            .collect();
        let mut cache: Vec<(Option<Decimal>, NaiveDate)> = vec![(None, out.from); shares.len()];
        for d in 0..out.days {
            let date = out.date(d);
            let mut n = counts[g][d];
            let mut recorded = in_blocks[g][d];
            for (b, (placed, void)) in blocks.iter().zip(&block_lines) {
                if !b.covers(date) {
                    continue;
                }
                let places = Decimal::from(b.places);
                let from_records = recorded.min(places);
                recorded -= from_records;
                let from_book = n.min(places - from_records);
                n -= from_book;
                let occupied = from_records + from_book;
                out.price_nights[*placed][d] += occupied * b.weekly;
                out.price_nights[*void][d] += (places - occupied) * b.weekly;
            }
            if n.is_zero() {
                continue;
            }
            for (i, (route, share)) in shares.iter().enumerate() {
                if date >= cache[i].1 || d == 0 {
                    cache[i] = book.weekly_until(group, *route, None, date);
                }
                match cache[i].0 {
                    Some(w) => out.price_nights[share_lines[i]][d] += n * share * w,
                    None => unpriced_nights.entry((g, *route)).or_insert((date, Decimal::ZERO)).1 += n * share,
                }
            }
        }
    }
    for ((g, route), (first, nights)) in unpriced_nights {
        out.issues.push(CostIssue {
            file: None,
            row: None,
            child: None,
            group: groups[g].clone(),
            code: "no_price".into(),
            message: format!(
                "the price book has no {route} price for '{}' on {first} (for any provider); add one so these placements are costed",
                groups[g]
            ),
            child_nights: nights,
        });
    }
    // Drop lines that never cost anything (e.g. routes of a group with no children).
    let keep: Vec<bool> = out.price_nights.iter().map(|v| v.iter().any(|x| !x.is_zero())).collect();
    let mut k = keep.iter();
    out.keys.retain(|_| *k.next().expect("same length"));
    let mut k = keep.iter();
    out.price_nights.retain(|_| *k.next().expect("same length"));
}
