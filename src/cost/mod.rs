//! Cost forecasting: exact money from placements and forecasts to
//! financial-year outturn, budget pressure and cost avoidance.
//!
//! # Money
//!
//! Every amount is a [`rust_decimal::Decimal`] in pounds; no floating point
//! touches money (a test reads this module's source to make sure). The rule,
//! stated once in [`money`](self#accrual): a placement costs its weekly price
//! ÷ 7 for each night from its start date (inclusive) to its end date
//! (exclusive); an open placement accrues to the end of the horizon. Costs
//! are kept exact as price-nights and rounded to the penny, half away from
//! zero, only when reported. Financial years run 1 April – 31 March.
//!
//! # Prices
//!
//! A [`PriceBook`] holds weekly prices by placement group and commissioning
//! [`Route`] (in-house, block, framework — optionally per provider —, DPS,
//! spot), each effective from a date, with [`Uplift`] rules applied each
//! 1 April (a fixed rate, or an index such as CPI + 1%), [`BlockContract`]s
//! paid for whether filled or not, and the route mix for placements whose
//! route is unknown. [`PriceBook::national_defaults`] carries the 2024-25
//! national averages of `shared/domain/costs-and-commissioning.md` §12 —
//! **to be replaced by a council's own prices**.
//!
//! # Costing
//!
//! - [`cost_episodes`]: spend on placements that happened, from a
//!   [`Dataset`](crate::ssda903::Dataset), at finance-system costs
//!   ([`ActualCost`]) where given and book prices otherwise;
//! - [`cost_projection`]: future spend on a demand
//!   [`Projection`](crate::forecast::Projection);
//! - [`CostForecast::join`] and [`CostForecast::pressure`]: forecast outturn
//!   = actual to date + forecast for the rest of the year, against a budget;
//! - [`cost_avoidance`] and [`compare_costs`]: what an intervention or a
//!   scenario saves, by financial year;
//! - [`high_cost_placements`]: placements at £10,000+ a week and the top
//!   placements' share of spend.
//!
//! Children in a group are placed in block contracts first, in the order the
//! contracts are listed, then bought by the route mix; empty block places are
//! reported as `void` cost. Anything that cannot be priced is a
//! [`CostIssue`] naming the row, never a silent zero.
//!
//! <a id="accrual"></a>
//! ```
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//! use sufficiency::cost::{cost_episodes, By, CostOptions, PriceBook, Route};
//! use sufficiency::ssda903::{read_tables, RawTable};
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2012"]]);
//! let episodes = RawTable::new(
//!     "e",
//!     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
//!     vec![vec!["C1", "25/03/2025", "S", "C2", "N1", "U4", "PR1", "08/04/2025", "E4A"]],
//! );
//! let ds = read_tables(vec![header, episodes], None).unwrap();
//! let mut book = PriceBook::new("example");
//! book.add_price("foster_in_house", Route::InHouse, d(2024, 4, 1), Decimal::from(700));
//! let spend = cost_episodes(&ds, d(2025, 1, 1), d(2025, 12, 31), &book, &[], &CostOptions::default()).unwrap();
//! // 14 nights at £100 a night: 7 in 2024-25 (25–31 March), 7 in 2025-26.
//! let by_year: Vec<String> = spend.table(&[By::FinancialYear]).iter().map(|r| format!("{} {}", r.keys[0], r.amount)).collect();
//! assert_eq!(by_year, ["2024-25 700.00", "2025-26 700.00"]);
//! ```

mod avoidance;
mod engine;
mod error;
mod forecast;
mod high_cost;
mod money;
mod prices;

pub use avoidance::{compare_costs, cost_avoidance, Difference};
pub use engine::{cost_episodes, cost_projection, ActualCost, CostOptions};
pub use error::CostError;
pub use forecast::{financial_year, By, CostForecast, CostIssue, CostKey, CostKind, CostRow, CostSource, Pressure};
pub use high_cost::{high_cost_placements, HighCost, HighCostQuery, PlacementCost};
pub use money::{accrued, pence};
pub use prices::{BlockContract, Price, PriceBook, Route, RouteShare, Uplift, UpliftRule};
