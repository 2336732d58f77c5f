//! Weekly prices by placement group and commissioning route, effective-dated,
//! with yearly uplifts and block contracts.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::CostError;
use super::money::pence;

/// How a placement was bought, in the usual order of preference
/// (`shared/domain/costs-and-commissioning.md` §7).
///
/// ```
/// use sufficiency::cost::Route;
/// assert_eq!("dps".parse::<Route>().unwrap(), Route::Dps);
/// assert!(Route::InHouse < Route::Spot);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The authority's own homes and foster carers.
    InHouse,
    /// Places bought for a term and paid for whether used or not.
    Block,
    /// A framework lot's agreed price with a named provider.
    Framework,
    /// A dynamic purchasing system (an open framework).
    Dps,
    /// A one-off contract at the day's market price.
    Spot,
}

impl Route {
    /// Every route, in commissioning order.
    ///
    /// ```
    /// use sufficiency::cost::Route;
    /// assert_eq!(Route::ALL.first(), Some(&Route::InHouse)); // preferred
    /// assert_eq!(Route::ALL.last(), Some(&Route::Spot)); // the route of last resort
    /// ```
    pub const ALL: [Route; 5] = [Route::InHouse, Route::Block, Route::Framework, Route::Dps, Route::Spot];

    /// The snake-case label.
    ///
    /// ```
    /// use sufficiency::cost::Route;
    /// assert_eq!(Route::InHouse.label(), "in_house");
    /// assert_eq!(Route::Dps.to_string(), "dps"); // a dynamic purchasing system
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Route::InHouse => "in_house",
            Route::Block => "block",
            Route::Framework => "framework",
            Route::Dps => "dps",
            Route::Spot => "spot",
        }
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for Route {
    type Err = CostError;
    fn from_str(s: &str) -> Result<Route, CostError> {
        let t = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Route::ALL.into_iter().find(|r| r.label() == t).ok_or_else(|| CostError::UnknownRoute { route: s.to_string() })
    }
}

/// A weekly price for placements in one group bought by one route (and,
/// for a framework lot, from one provider), from a date until the next
/// price for the same key.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_agency", Route::Framework, d(2025, 4, 1), Decimal::from(1_000));
/// let price = &book.prices[0];
/// assert_eq!((price.group.as_str(), price.route, price.provider.clone()), ("foster_agency", Route::Framework, None));
/// assert_eq!(price.weekly, Decimal::from(1_000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// The placement group.
    pub group: String,
    /// The commissioning route.
    pub route: Route,
    /// The provider, for framework lots priced per provider; `None` for any.
    pub provider: Option<String>,
    /// The framework lot, if any (for display).
    pub lot: Option<String>,
    /// The first day the price applies.
    pub effective_from: NaiveDate,
    /// Pounds a week.
    pub weekly: Decimal,
    /// Where the figure comes from.
    pub basis: String,
}

/// How prices rise each 1 April after they were set.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::{Uplift, UpliftRule};
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_agency", Route::Framework, d(2025, 1, 1), Decimal::from(1_000));
/// // CPI + 1%, with CPI 3% for 2025-26 and no figure yet for 2026-27.
/// let cpi = UpliftRule::Index { series: vec![(2025, Decimal::new(3, 2))], plus: Decimal::new(1, 2) };
/// book.uplifts.push(Uplift { rule: cpi, group: None, route: None });
/// let on = |date| book.weekly("foster_agency", Route::Framework, None, date).unwrap();
/// assert_eq!(on(d(2025, 4, 1)), Decimal::new(1_040_00, 2)); // 1,000 × 1.04
/// assert_eq!(on(d(2026, 4, 1)), Decimal::new(1_081_60, 2)); // the last CPI again: 1,040 × 1.04
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UpliftRule {
    /// The same rate every year, e.g. `0.04` for 4%.
    Fixed {
        /// The yearly rate.
        rate: Decimal,
    },
    /// An index's rate for each financial year (keyed by the year the
    /// financial year starts, e.g. 2025 for 2025-26) plus a margin, e.g.
    /// CPI + 1%. A year missing from the series uses the last one given.
    Index {
        /// (financial year's starting calendar year, rate).
        series: Vec<(i32, Decimal)>,
        /// Added to the index's rate.
        plus: Decimal,
    },
}

/// An uplift rule and the prices it applies to.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::{Uplift, UpliftRule};
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_agency", Route::Framework, d(2024, 4, 1), Decimal::from(1_000));
/// book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::from(500));
/// // A 5% rise for agency fostering only.
/// let rule = UpliftRule::Fixed { rate: Decimal::new(5, 2) };
/// book.uplifts.push(Uplift { rule, group: Some("foster_agency".into()), route: None });
/// assert_eq!(book.weekly("foster_agency", Route::Framework, None, d(2025, 4, 1)), Some(Decimal::from(1_050)));
/// assert_eq!(book.weekly("foster_in_house", Route::InHouse, None, d(2025, 4, 1)), Some(Decimal::from(500)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uplift {
    /// The rule.
    pub rule: UpliftRule,
    /// Only this group's prices, or all.
    pub group: Option<String>,
    /// Only this route's prices, or all.
    pub route: Option<Route>,
}

impl Uplift {
    fn rate_for(&self, fy_start_year: i32) -> Decimal {
        match &self.rule {
            UpliftRule::Fixed { rate } => *rate,
            UpliftRule::Index { series, plus } => {
                let base = series
                    .iter()
                    .filter(|(y, _)| *y <= fy_start_year)
                    .max_by_key(|(y, _)| *y)
                    .or_else(|| series.first())
                    .map_or(Decimal::ZERO, |(_, r)| *r);
                base + plus
            }
        }
    }

    fn applies(&self, p: &Price) -> bool {
        self.group.as_ref().is_none_or(|g| *g == p.group) && self.route.is_none_or(|r| r == p.route)
    }
}

/// A block contract: `places` places in `group` from `provider`, paid at
/// `weekly` a place for every night from `start` to `end` (exclusive),
/// filled or not. Unfilled places are the contract's *void* cost.
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::BlockContract;
/// // Two children's home places for 2025-26 at £6,100 a week each.
/// let block = BlockContract {
///     name: "Hilltop block".into(), provider: "Hilltop Care Ltd".into(), group: "childrens_home_external".into(),
///     places: 2, weekly: Decimal::from(6_100), start: d(2025, 4, 1), end: d(2026, 4, 1),
/// };
/// assert_eq!((block.end - block.start).num_days(), 365); // nights paid for, filled or not
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockContract {
    /// The contract's name.
    pub name: String,
    /// The provider.
    pub provider: String,
    /// The placement group the places serve.
    pub group: String,
    /// Places committed.
    pub places: u32,
    /// Pounds a week per place.
    pub weekly: Decimal,
    /// First night paid for.
    pub start: NaiveDate,
    /// First night no longer paid for.
    pub end: NaiveDate,
}

impl BlockContract {
    /// Whether the contract pays for the night of `date`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// use sufficiency::cost::BlockContract;
    /// let block = BlockContract {
    ///     name: "B1".into(), provider: "P1".into(), group: "childrens_home_external".into(),
    ///     places: 2, weekly: Decimal::from(6_100), start: d(2025, 4, 1), end: d(2026, 4, 1),
    /// };
    /// assert!(block.covers(d(2025, 4, 1)) && block.covers(d(2026, 3, 31)));
    /// assert!(!block.covers(d(2026, 4, 1))); // the end is the first night not paid for
    /// ```
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start <= date && date < self.end
    }
}

/// The share of a group's placements bought by a route, for placements whose
/// route is not known (every placement in a projection, and every actual
/// placement without a finance record).
///
/// ```
/// # use chrono::NaiveDate;
/// # use rust_decimal::Decimal;
/// # use sufficiency::cost::{PriceBook, Route};
/// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// use sufficiency::cost::RouteShare;
/// let mut book = PriceBook::new("example");
/// // Four in five agency placements through the framework, the rest spot.
/// for (route, pct) in [(Route::Framework, 80), (Route::Spot, 20)] {
///     book.mix.push(RouteShare { group: "foster_agency".into(), route, share: Decimal::new(pct, 2) });
/// }
/// assert!(book.validate().is_ok());
/// assert_eq!(book.shares("foster_agency")[1], (Route::Spot, Decimal::new(20, 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteShare {
    /// The placement group.
    pub group: String,
    /// The route.
    pub route: Route,
    /// The share, between 0 and 1; a group's shares add up to 1.
    pub share: Decimal,
}

/// Everything needed to price a placement: effective-dated weekly prices by
/// group and route, uplift rules, block contracts and the route mix.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use sufficiency::cost::{PriceBook, Route, Uplift, UpliftRule};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let mut book = PriceBook::new("example");
/// book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::new(477_00, 2));
/// book.uplifts.push(Uplift { rule: UpliftRule::Fixed { rate: Decimal::new(4, 2) }, group: None, route: None });
/// assert_eq!(book.weekly("foster_in_house", Route::InHouse, None, d(2025, 3, 31)).unwrap(), Decimal::new(477_00, 2));
/// // 4% on 1 April 2025, rounded to the penny: 477 × 1.04 = 496.08.
/// assert_eq!(book.weekly("foster_in_house", Route::InHouse, None, d(2025, 4, 1)).unwrap(), Decimal::new(496_08, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBook {
    /// What the prices are, e.g. "national averages 2024-25; replace with your own".
    pub label: String,
    /// The prices.
    pub prices: Vec<Price>,
    /// Uplift rules, applied each 1 April after a price's effective date (the
    /// first matching rule wins).
    pub uplifts: Vec<Uplift>,
    /// Block contracts.
    pub blocks: Vec<BlockContract>,
    /// The route mix for placements of unknown route. A group without shares
    /// uses, in commissioning order, the first route (block aside) with a price.
    pub mix: Vec<RouteShare>,
}

impl PriceBook {
    /// An empty price book.
    ///
    /// ```
    /// use sufficiency::cost::PriceBook;
    /// let book = PriceBook::new("Anyshire 2025-26 fee schedule");
    /// assert!(book.prices.is_empty() && book.uplifts.is_empty() && book.blocks.is_empty());
    /// ```
    pub fn new(label: &str) -> PriceBook {
        PriceBook {
            label: label.to_string(),
            prices: Vec::new(),
            uplifts: Vec::new(),
            blocks: Vec::new(),
            mix: Vec::new(),
        }
    }

    /// Adds a price for any provider.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut book = PriceBook::new("example");
    /// book.add_price("foster_agency", Route::Framework, d(2024, 4, 1), Decimal::from(950))
    ///     .add_price("foster_agency", Route::Framework, d(2025, 4, 1), Decimal::from(1_000));
    /// // The latest price in force applies.
    /// assert_eq!(book.weekly("foster_agency", Route::Framework, None, d(2025, 3, 31)), Some(Decimal::from(950)));
    /// assert_eq!(book.weekly("foster_agency", Route::Framework, None, d(2025, 4, 1)), Some(Decimal::from(1_000)));
    /// ```
    pub fn add_price(&mut self, group: &str, route: Route, effective_from: NaiveDate, weekly: Decimal) -> &mut Self {
        self.prices.push(Price {
            group: group.to_string(),
            route,
            provider: None,
            lot: None,
            effective_from,
            weekly,
            basis: String::new(),
        });
        self
    }

    /// The national-average default prices for 2024-25 (effective 1 April
    /// 2024), from `shared/domain/costs-and-commissioning.md` §12, with a 5.5%
    /// yearly uplift (the midpoint of its 4–7% inflation). **National
    /// averages, to be replaced by a council's own prices.**
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let book = PriceBook::national_defaults();
    /// let april_2024 = |group, route| book.weekly(group, route, None, d(2024, 4, 1)).unwrap();
    /// // Inside the §12 ranges: in-house foster £500-650, IFA £900-1,100 a week.
    /// let in_house = april_2024("foster_in_house", Route::InHouse);
    /// assert!(Decimal::from(500) <= in_house && in_house <= Decimal::from(650));
    /// let ifa = april_2024("foster_agency", Route::Framework);
    /// assert!(Decimal::from(900) <= ifa && ifa <= Decimal::from(1_100));
    /// ```
    pub fn national_defaults() -> PriceBook {
        let year = crate::codes::CollectionYear::new(2025).expect("valid year");
        let mut book = PriceBook::new(
            "national average weekly prices 2024-25 (shared/domain/costs-and-commissioning.md §12), \
             uplifted 5.5% each 1 April; replace with the council's own prices",
        );
        book.prices = crate::synth::default_prices(year, year)
            .into_iter()
            .map(|p| Price {
                route: p.route.parse().expect("default routes are known"),
                group: p.group,
                provider: None,
                lot: None,
                effective_from: p.effective_from,
                weekly: p.weekly,
                basis: p.basis,
            })
            .collect();
        book.uplifts.push(Uplift { rule: UpliftRule::Fixed { rate: Decimal::new(55, 3) }, group: None, route: None });
        book.mix = default_mix(&book.prices);
        book
    }

    /// The price book of a synthetic authority: its effective-dated prices
    /// (one set each 1 April), the default route mix, and a 5.5% uplift after
    /// the last year given.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// use sufficiency::codes::CollectionYear;
    /// use sufficiency::synth::default_prices;
    /// let y = |end| CollectionYear::new(end).unwrap();
    /// let book = PriceBook::from_synthetic(&default_prices(y(2024), y(2025))).unwrap();
    /// // One price per group and route for each of 2023-24 and 2024-25; the
    /// // 2024-25 in-house foster price is the §12 midpoint, £575.
    /// assert_eq!(book.weekly("foster_in_house", Route::InHouse, None, d(2024, 4, 1)), Some(Decimal::from(575)));
    /// ```
    pub fn from_synthetic(prices: &[crate::synth::WeeklyPrice]) -> Result<PriceBook, CostError> {
        let mut book = PriceBook::new("synthetic authority prices (national averages, not a council's own)");
        for p in prices {
            book.prices.push(Price {
                group: p.group.clone(),
                route: p.route.parse()?,
                provider: None,
                lot: None,
                effective_from: p.effective_from,
                weekly: p.weekly,
                basis: p.basis.clone(),
            });
        }
        book.uplifts.push(Uplift { rule: UpliftRule::Fixed { rate: Decimal::new(55, 3) }, group: None, route: None });
        book.mix = default_mix(&book.prices);
        Ok(book)
    }

    /// This book with the default route mix for groups priced by both a
    /// framework and spot (80% framework, 20% spot), replacing any mix.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut book = PriceBook::new("example");
    /// book.add_price("supported", Route::Framework, d(2024, 4, 1), Decimal::from(1_200))
    ///     .add_price("supported", Route::Spot, d(2024, 4, 1), Decimal::from(1_800));
    /// let book = book.with_default_mix();
    /// assert_eq!(book.shares("supported"), [(Route::Framework, Decimal::new(80, 2)), (Route::Spot, Decimal::new(20, 2))]);
    /// ```
    pub fn with_default_mix(mut self) -> PriceBook {
        self.mix = default_mix(&self.prices);
        self
    }

    /// This book with each group's route mix set to the mix observed in
    /// finance records: the share of child-nights on `from..to` (exclusive)
    /// bought by each route, among the records joined to `ds`'s episodes.
    /// Groups with no records keep their mix. Block placements are left out:
    /// costing fills the book's block contracts first and prices the rest by
    /// this mix.
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
    /// // The finance system says C1's placement was bought on the DPS.
    /// let record = ActualCost { child: "C1".into(), episode_start: d(2025, 3, 25), weekly: Decimal::from(720), route: Route::Dps, provider: None };
    /// let observed = book.clone().with_observed_mix(&ds, &[record], &CostOptions::default(), d(2025, 1, 1), d(2026, 1, 1));
    /// assert_eq!(book.shares("foster_in_house"), [(Route::InHouse, Decimal::ONE)]); // the only priced route
    /// assert_eq!(observed.shares("foster_in_house"), [(Route::Dps, Decimal::ONE)]);
    /// ```
    pub fn with_observed_mix(
        mut self,
        ds: &crate::ssda903::Dataset,
        actual: &[super::ActualCost],
        opts: &super::CostOptions,
        from: NaiveDate,
        to: NaiveDate,
    ) -> PriceBook {
        use std::collections::BTreeMap;
        let by_key: std::collections::HashMap<(crate::model::ChildId, NaiveDate), &super::ActualCost> =
            actual.iter().map(|a| ((crate::model::ChildId::new(&a.child), a.episode_start), a)).collect();
        let mut nights: BTreeMap<(String, Route), Decimal> = BTreeMap::new();
        for e in ds.episodes() {
            let Some((lo, hi)) = opts.nights(e, from, to) else { continue };
            let (Some(a), Some(group)) =
                (by_key.get(&(e.child.clone(), e.start)), opts.groups.group_of(e.place, e.provider))
            else {
                continue;
            };
            *nights.entry((group.to_string(), a.route)).or_default() += Decimal::from((hi - lo).num_days());
        }
        let mut groups: Vec<String> = nights.keys().map(|(g, _)| g.clone()).collect();
        groups.dedup();
        for g in groups {
            let total: Decimal = nights.iter().filter(|((x, _), _)| *x == g).map(|(_, n)| *n).sum();
            let routes: Vec<(Route, Decimal)> =
                nights.iter().filter(|((x, r), _)| *x == g && *r != Route::Block).map(|((_, r), n)| (*r, *n)).collect();
            let non_block: Decimal = routes.iter().map(|(_, n)| *n).sum();
            if non_block.is_zero() || total.is_zero() {
                continue;
            }
            self.mix.retain(|s| s.group != g);
            // Shares of the placements not in blocks (blocks are filled first);
            // the last share takes the remainder so that they add up to one exactly.
            let mut left = Decimal::ONE;
            for (i, (route, n)) in routes.iter().enumerate() {
                let share = if i + 1 == routes.len() { left } else { (n / non_block).round_dp(6) };
                left -= share;
                self.mix.push(RouteShare { group: g.clone(), route: *route, share });
            }
        }
        self
    }

    /// The weekly price of `group` bought by `route` (from `provider`, when
    /// framework prices differ by provider) on `date`: the latest price in
    /// force, uplifted at each 1 April since it took effect and rounded to the
    /// penny (half away from zero) after each uplift, as councils' fee
    /// schedules are. `None` when no price applies.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut book = PriceBook::new("example");
    /// book.add_price("childrens_home_external", Route::Spot, d(2024, 4, 1), Decimal::from(8_000));
    /// assert_eq!(book.weekly("childrens_home_external", Route::Spot, None, d(2024, 4, 1)), Some(Decimal::from(8_000)));
    /// assert_eq!(book.weekly("childrens_home_external", Route::Spot, None, d(2024, 3, 31)), None); // before the price
    /// assert_eq!(book.weekly("childrens_home_external", Route::Framework, None, d(2024, 4, 1)), None);
    /// ```
    pub fn weekly(&self, group: &str, route: Route, provider: Option<&str>, date: NaiveDate) -> Option<Decimal> {
        let matches = |p: &&Price| {
            p.group == group
                && p.route == route
                && p.effective_from <= date
                && p.provider.as_deref().is_none_or(|x| Some(x) == provider)
        };
        // The latest in force; a provider-specific price beats a general one from the same day.
        let base = self.prices.iter().filter(matches).max_by_key(|p| (p.effective_from, p.provider.is_some()))?;
        let mut weekly = base.weekly;
        if let Some(uplift) = self.uplifts.iter().find(|u| u.applies(base)) {
            let mut april = next_april(base.effective_from);
            while april <= date {
                let rate = uplift.rate_for(april.year());
                weekly = pence(weekly * (Decimal::ONE + rate));
                april = NaiveDate::from_ymd_opt(april.year() + 1, 4, 1).expect("1 April exists");
            }
        }
        Some(weekly)
    }

    /// Like [`PriceBook::weekly`], with the first date the price may change
    /// (a new effective date or the next 1 April), so callers can reuse it.
    pub(crate) fn weekly_until(
        &self,
        group: &str,
        route: Route,
        provider: Option<&str>,
        date: NaiveDate,
    ) -> (Option<Decimal>, NaiveDate) {
        let april = next_april(date);
        let next_effective = self
            .prices
            .iter()
            .filter(|p| p.group == group && p.route == route && p.effective_from > date)
            .map(|p| p.effective_from)
            .min()
            .unwrap_or(april);
        (self.weekly(group, route, provider, date), next_effective.min(april))
    }

    /// The route shares for `group`: the given mix, or the first route in
    /// commissioning order (block aside) that has a price.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let mut book = PriceBook::new("example");
    /// book.add_price("childrens_home_external", Route::Block, d(2024, 4, 1), Decimal::from(6_100))
    ///     .add_price("childrens_home_external", Route::Spot, d(2024, 4, 1), Decimal::from(8_000));
    /// // No mix given: blocks are filled first, the rest go to the first other priced route.
    /// assert_eq!(book.shares("childrens_home_external"), [(Route::Spot, Decimal::ONE)]);
    /// assert!(book.shares("secure").is_empty());
    /// ```
    pub fn shares(&self, group: &str) -> Vec<(Route, Decimal)> {
        let given: Vec<(Route, Decimal)> =
            self.mix.iter().filter(|s| s.group == group).map(|s| (s.route, s.share)).collect();
        if !given.is_empty() {
            return given;
        }
        Route::ALL
            .into_iter()
            .filter(|r| *r != Route::Block)
            .find(|r| self.prices.iter().any(|p| p.group == group && p.route == *r))
            .map(|r| vec![(r, Decimal::ONE)])
            .unwrap_or_default()
    }

    /// Checks the book: shares between 0 and 1 adding up to 1 per group,
    /// prices not negative, blocks with an end after their start.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// # use sufficiency::cost::{PriceBook, Route};
    /// # let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// use sufficiency::cost::{CostError, RouteShare};
    /// let mut book = PriceBook::new("example");
    /// for (route, pct) in [(Route::Framework, 80), (Route::Spot, 30)] {
    ///     book.mix.push(RouteShare { group: "foster_agency".into(), route, share: Decimal::new(pct, 2) });
    /// }
    /// // 80% + 30% is not all of the placements.
    /// assert!(matches!(book.validate(), Err(CostError::BadMix { .. })));
    /// ```
    pub fn validate(&self) -> Result<(), CostError> {
        let mut groups: Vec<&str> = self.mix.iter().map(|s| s.group.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            let total: Decimal = self.mix.iter().filter(|s| s.group == g).map(|s| s.share).sum();
            if total != Decimal::ONE || self.mix.iter().any(|s| s.share < Decimal::ZERO) {
                return Err(CostError::BadMix { group: g.to_string(), total });
            }
        }
        if let Some(p) = self.prices.iter().find(|p| p.weekly < Decimal::ZERO) {
            return Err(CostError::NegativePrice { group: p.group.clone(), weekly: p.weekly });
        }
        if let Some(b) = self.blocks.iter().find(|b| b.end <= b.start) {
            return Err(CostError::BadBlock { name: b.name.clone() });
        }
        Ok(())
    }
}

/// The default mix: for a group priced by both a framework and spot, the
/// framework takes 80% (spot is the route of last resort, used for emergencies
/// — `shared/domain/costs-and-commissioning.md` §5, §7); otherwise the first
/// priced route takes all.
fn default_mix(prices: &[Price]) -> Vec<RouteShare> {
    let mut groups: Vec<&str> = prices.iter().map(|p| p.group.as_str()).collect();
    groups.dedup();
    groups.sort_unstable();
    groups.dedup();
    let mut mix = Vec::new();
    for g in groups {
        let has = |r: Route| prices.iter().any(|p| p.group == g && p.route == r);
        let share = |route, share: i64| RouteShare { group: g.to_string(), route, share: Decimal::new(share, 2) };
        if has(Route::Framework) && has(Route::Spot) {
            mix.push(share(Route::Framework, 80));
            mix.push(share(Route::Spot, 20));
        }
    }
    mix
}

/// The first 1 April after `date`.
fn next_april(date: NaiveDate) -> NaiveDate {
    let this = NaiveDate::from_ymd_opt(date.year(), 4, 1).expect("1 April exists");
    if date < this {
        this
    } else {
        NaiveDate::from_ymd_opt(date.year() + 1, 4, 1).expect("1 April exists")
    }
}
