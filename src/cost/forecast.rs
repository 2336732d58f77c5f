//! A cost forecast: exact price-nights by day and by (group, route, provider,
//! kind, source), with tables by any breakdown and pressure against a budget.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::CostError;
use super::money::{accrued, pence};
use super::prices::Route;

/// Whether a cost is for a child's placement or for a block place left empty.
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
/// use sufficiency::cost::{CostKind, CostSource};
/// assert_eq!((spend.keys[0].kind, spend.keys[0].source), (CostKind::Placement, CostSource::Actual));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// A child's placement.
    Placement,
    /// An empty block-contract place, paid for anyway.
    Void,
}

/// Whether a cost comes from placements that happened or from a projection.
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
/// use sufficiency::cost::{By, CostSource};
/// assert_eq!(spend.keys[0].source, CostSource::Actual); // episodes that happened
/// assert_eq!(spend.table(&[By::Source])[0].keys, ["actual"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostSource {
    /// Episodes in the returns (spend to date).
    Actual,
    /// A demand projection (future spend).
    Forecast,
}

/// What a line of cost is for.
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
/// use sufficiency::cost::{CostKey, CostKind, CostSource};
/// assert_eq!(spend.keys, [CostKey {
///     group: "foster_in_house".into(),
///     route: Route::InHouse, // the book's only route for the group
///     provider: None,
///     kind: CostKind::Placement,
///     source: CostSource::Actual,
/// }]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CostKey {
    /// The placement group.
    pub group: String,
    /// The commissioning route.
    pub route: Route,
    /// The provider, when known (finance records, block contracts).
    pub provider: Option<String>,
    /// Placement or void.
    pub kind: CostKind,
    /// Actual or forecast.
    pub source: CostSource,
}

/// Something that could not be costed, named so it can be fixed.
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
/// // The same placement against a book with no prices: nothing is silently zero.
/// let none = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &PriceBook::new("empty"), &[], &CostOptions::default()).unwrap();
/// let issue = &none.issues[0];
/// assert_eq!((issue.code.as_str(), issue.group.as_str()), ("no_price", "foster_in_house"));
/// assert_eq!(issue.child_nights, Decimal::from(14));
/// assert_eq!(none.total(), Decimal::ZERO);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostIssue {
    /// The file and 1-based data row of the episode or finance record, when there is one.
    pub file: Option<String>,
    /// The row.
    pub row: Option<u64>,
    /// The child, when known.
    pub child: Option<String>,
    /// The placement group.
    pub group: String,
    /// A stable code: `no_price`, `unclassified`, `unmatched_cost`.
    pub code: String,
    /// What is wrong and what to do.
    pub message: String,
    /// Child-nights left uncosted because of it.
    pub child_nights: Decimal,
}

/// The periods and breakdowns a cost table can be grouped by.
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
/// use sufficiency::cost::By;
/// // Financial quarters run April-June, ...: 25-31 March is Q4 of 2024-25.
/// let rows = spend.table(&[By::Quarter]);
/// let quarters: Vec<(&str, String)> = rows.iter().map(|r| (r.keys[0].as_str(), r.amount.to_string())).collect();
/// assert_eq!(quarters, [("2024-25 Q4", "700.00".to_string()), ("2025-26 Q1", "700.00".to_string())]);
/// assert_eq!("group".parse::<By>().unwrap(), By::PlacementGroup);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// Each night's date.
    Day,
    /// Calendar month, `2025-04`.
    Month,
    /// Financial quarter, `2025-26 Q1` (April–June).
    Quarter,
    /// Financial year, 1 April – 31 March, `2025-26`.
    FinancialYear,
    /// Placement group.
    PlacementGroup,
    /// Commissioning route.
    Route,
    /// Provider (`not_recorded` when unknown).
    Provider,
    /// Placement or void.
    Kind,
    /// Actual or forecast.
    Source,
}

impl std::str::FromStr for By {
    type Err = CostError;
    fn from_str(s: &str) -> Result<By, CostError> {
        Ok(match s {
            "day" | "date" => By::Day,
            "month" => By::Month,
            "quarter" => By::Quarter,
            "financial_year" | "year" => By::FinancialYear,
            "placement_group" | "group" => By::PlacementGroup,
            "route" => By::Route,
            "provider" => By::Provider,
            "kind" => By::Kind,
            "source" => By::Source,
            _ => return Err(CostError::UnknownKey { key: s.to_string() }),
        })
    }
}

/// The financial year (1 April – 31 March) holding `date`, as `2025-26`.
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::cost::financial_year;
/// assert_eq!(financial_year(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()), "2025-26");
/// assert_eq!(financial_year(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()), "2026-27");
/// ```
pub fn financial_year(date: NaiveDate) -> String {
    let start = if date.month() >= 4 { date.year() } else { date.year() - 1 };
    format!("{start}-{:02}", (start + 1) % 100)
}

fn quarter(date: NaiveDate) -> String {
    let q = match date.month() {
        4..=6 => 1,
        7..=9 => 2,
        10..=12 => 3,
        _ => 4,
    };
    format!("{} Q{q}", financial_year(date))
}

/// One row of a cost table: the breakdown's values, the exact amount and the
/// amount in pence.
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
/// use sufficiency::cost::By;
/// let row = &spend.table(&[By::PlacementGroup])[0];
/// assert_eq!(row.keys, ["foster_in_house"]);
/// assert_eq!(row.price_nights, Decimal::from(700 * 14)); // £700 a week × 14 nights
/// assert_eq!(row.exact, Decimal::from(1_400)); // ÷ 7
/// assert_eq!(row.amount.to_string(), "1400.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRow {
    /// One value per breakdown key, in the order asked for.
    pub keys: Vec<String>,
    /// Weekly price × children × nights, summed: exact, so rows add up
    /// without rounding (pounds are this ÷ 7).
    pub price_nights: Decimal,
    /// Pounds, at full precision.
    pub exact: Decimal,
    /// Pounds, rounded to the penny (half away from zero).
    pub amount: Decimal,
}

/// Spend against budget in one financial year.
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
/// // A £500 budget for 2025-26 against the £700 spent in April.
/// let p = &spend.pressure(&[("2025-26".to_string(), Decimal::from(500))])[0];
/// assert_eq!((p.actual, p.forecast, p.outturn), (Decimal::from(700), Decimal::ZERO, Decimal::from(700)));
/// assert_eq!(p.pressure, Decimal::from(200)); // an overspend
/// assert_eq!(p.pressure_pct, Some(Decimal::from(40))); // 200 / 500
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pressure {
    /// `2025-26`.
    pub financial_year: String,
    /// Actual spend in the year (pence).
    pub actual: Decimal,
    /// Forecast spend for the rest of the year (pence).
    pub forecast: Decimal,
    /// Actual + forecast (pence).
    pub outturn: Decimal,
    /// The budget.
    pub budget: Decimal,
    /// Outturn − budget: positive is an overspend (pence).
    pub pressure: Decimal,
    /// Pressure as a percentage of budget, to 0.1.
    pub pressure_pct: Option<Decimal>,
}

/// Costs by night and by what they are for, from `from` for `days` nights.
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
/// // The nights 1 January - 30 December 2025.
/// assert_eq!((spend.from, spend.days), (d(2025, 1, 1), 364));
/// assert_eq!(spend.total(), Decimal::from(1_400));
/// assert!(spend.issues.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostForecast {
    /// The first night costed.
    pub from: NaiveDate,
    /// Nights costed.
    pub days: usize,
    /// What each line is for.
    pub keys: Vec<CostKey>,
    /// `[line][night]`: weekly price × children, summed (÷ 7 gives pounds).
    pub(crate) price_nights: Vec<Vec<Decimal>>,
    /// What could not be costed.
    pub issues: Vec<CostIssue>,
    /// The price book's label.
    pub prices_label: String,
}

impl CostForecast {
    pub(crate) fn new(from: NaiveDate, days: usize, prices_label: &str) -> CostForecast {
        CostForecast {
            from,
            days,
            keys: Vec::new(),
            price_nights: Vec::new(),
            issues: Vec::new(),
            prices_label: prices_label.to_string(),
        }
    }

    pub(crate) fn line(&mut self, key: CostKey) -> usize {
        match self.keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                self.keys.push(key);
                self.price_nights.push(vec![Decimal::ZERO; self.days]);
                self.keys.len() - 1
            }
        }
    }

    /// The night `d` nights after the first.
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
    /// assert_eq!(spend.date(0), d(2025, 1, 1));
    /// assert_eq!(spend.date(31), d(2025, 2, 1));
    /// ```
    pub fn date(&self, d: usize) -> NaiveDate {
        self.from + chrono::Duration::days(d as i64)
    }

    /// Total pounds, at full precision.
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
    /// assert_eq!(spend.total(), Decimal::from(14 * 100)); // 14 nights at £100
    /// ```
    pub fn total(&self) -> Decimal {
        accrued(self.price_nights.iter().flatten().copied().sum())
    }

    /// Pounds on nights `from..to` (exclusive), at full precision.
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
    /// // April 2025 holds the nights 1-7 April: 7 × £100.
    /// assert_eq!(spend.total_between(d(2025, 4, 1), d(2025, 5, 1)), Decimal::from(700));
    /// assert_eq!(spend.total_between(d(2025, 6, 1), d(2025, 7, 1)), Decimal::ZERO);
    /// assert_eq!(spend.total_between(d(2025, 5, 1), d(2025, 4, 1)), Decimal::ZERO); // reversed: nothing
    /// ```
    pub fn total_between(&self, from: NaiveDate, to: NaiveDate) -> Decimal {
        let lo = (from - self.from).num_days().clamp(0, self.days as i64) as usize;
        let hi = (to - self.from).num_days().clamp(0, self.days as i64) as usize;
        let hi = hi.max(lo); // an empty or reversed range costs nothing
        accrued(self.price_nights.iter().flat_map(|v| v[lo..hi].iter().copied()).sum())
    }

    /// The table of costs grouped by `by`, in key order.
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
    /// use sufficiency::cost::By;
    /// let rows = spend.table(&[By::Month]);
    /// let months: Vec<(&str, String)> = rows.iter().map(|r| (r.keys[0].as_str(), r.amount.to_string())).collect();
    /// // Months with no spend are left out.
    /// assert_eq!(months, [("2025-03", "700.00".to_string()), ("2025-04", "700.00".to_string())]);
    /// ```
    pub fn table(&self, by: &[By]) -> Vec<CostRow> {
        let mut sums: BTreeMap<Vec<String>, Decimal> = BTreeMap::new();
        let needs_day = by.iter().any(|b| matches!(b, By::Day | By::Month | By::Quarter | By::FinancialYear));
        for (key, nights) in self.keys.iter().zip(&self.price_nights) {
            let fixed = |b: &By| -> Option<String> {
                Some(match b {
                    By::PlacementGroup => key.group.clone(),
                    By::Route => key.route.label().to_string(),
                    By::Provider => key.provider.clone().unwrap_or_else(|| "not_recorded".into()),
                    By::Kind => if key.kind == CostKind::Void { "void" } else { "placement" }.to_string(),
                    By::Source => if key.source == CostSource::Actual { "actual" } else { "forecast" }.to_string(),
                    _ => return None,
                })
            };
            if !needs_day {
                let k: Vec<String> = by.iter().map(|b| fixed(b).expect("no period key")).collect();
                *sums.entry(k).or_default() += nights.iter().copied().sum::<Decimal>();
                continue;
            }
            // Sum runs of nights sharing the period label before inserting.
            let mut d = 0;
            while d < self.days {
                let date = self.date(d);
                let label = |b: &By, date: NaiveDate| match b {
                    By::Day => Some(date.to_string()),
                    By::Month => Some(format!("{}-{:02}", date.year(), date.month())),
                    By::Quarter => Some(quarter(date)),
                    By::FinancialYear => Some(financial_year(date)),
                    _ => None,
                };
                let k: Vec<String> = by.iter().map(|b| label(b, date).or_else(|| fixed(b)).expect("key")).collect();
                let mut e = d + 1;
                while e < self.days && by.iter().all(|b| label(b, self.date(e)) == label(b, date)) {
                    e += 1;
                }
                let s: Decimal = nights[d..e].iter().copied().sum();
                if !s.is_zero() || by.iter().any(|b| matches!(b, By::Day)) {
                    *sums.entry(k).or_default() += s;
                }
                d = e;
            }
        }
        sums.into_iter()
            .map(|(keys, pn)| {
                let exact = accrued(pn);
                CostRow { keys, price_nights: pn, exact, amount: pence(exact) }
            })
            .collect()
    }

    /// Spend by financial year against `budget` (financial year label →
    /// pounds): outturn = actual to date + forecast for the rest of the year.
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
    /// let budgets = [("2024-25".to_string(), Decimal::from(1_000)), ("2025-26".to_string(), Decimal::from(1_000))];
    /// let p = spend.pressure(&budgets);
    /// // £700 spent in each year against £1,000: £300 under budget, -30%.
    /// assert_eq!(p[0].pressure, Decimal::from(-300));
    /// assert_eq!(p[1].pressure_pct, Some(Decimal::from(-30)));
    /// ```
    pub fn pressure(&self, budget: &[(String, Decimal)]) -> Vec<Pressure> {
        let rows = self.table(&[By::FinancialYear, By::Source]);
        let get = |fy: &str, src: &str| {
            rows.iter().find(|r| r.keys[0] == fy && r.keys[1] == src).map_or(Decimal::ZERO, |r| r.exact)
        };
        budget
            .iter()
            .map(|(fy, b)| {
                let (actual, forecast) = (get(fy, "actual"), get(fy, "forecast"));
                let outturn = actual + forecast;
                let pressure = outturn - b;
                Pressure {
                    financial_year: fy.clone(),
                    actual: pence(actual),
                    forecast: pence(forecast),
                    outturn: pence(outturn),
                    budget: pence(*b),
                    pressure: pence(pressure),
                    pressure_pct: (!b.is_zero()).then(|| {
                        (pressure / b * Decimal::from(100))
                            .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                    }),
                }
            })
            .collect()
    }

    /// Both forecasts' lines on one calendar (the union of their nights).
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
    /// let opts = CostOptions::default();
    /// let to_march = cost_episodes(&ds, d(2025, 1, 1), d(2025, 4, 1), &book, &[], &opts).unwrap();
    /// let from_april = cost_episodes(&ds, d(2025, 4, 1), d(2025, 12, 31), &book, &[], &opts).unwrap();
    /// let joined = to_march.join(&from_april);
    /// assert_eq!((joined.from, joined.days), (spend.from, spend.days));
    /// assert_eq!(joined.total(), spend.total()); // £700 + £700
    /// ```
    pub fn join(&self, other: &CostForecast) -> CostForecast {
        let from = self.from.min(other.from);
        let to = (self.date(self.days)).max(other.date(other.days));
        let days = (to - from).num_days() as usize;
        let mut out = CostForecast::new(from, days, &self.prices_label);
        for f in [self, other] {
            let offset = (f.from - from).num_days() as usize;
            for (key, nights) in f.keys.iter().zip(&f.price_nights) {
                let i = out.line(key.clone());
                for (d, v) in nights.iter().enumerate() {
                    out.price_nights[i][offset + d] += v;
                }
            }
            out.issues.extend(f.issues.iter().cloned());
        }
        out
    }
}
