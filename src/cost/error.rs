use rust_decimal::Decimal;

/// Why costs could not be worked out.
///
/// ```
/// use sufficiency::cost::{CostError, Route};
/// let err = "framework agreement".parse::<Route>().unwrap_err();
/// assert_eq!(err, CostError::UnknownRoute { route: "framework agreement".into() });
/// assert!(err.to_string().contains("in_house, block, framework, dps or spot"));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CostError {
    /// A route name is not one of the five.
    #[error("'{route}' is not a commissioning route; use in_house, block, framework, dps or spot")]
    UnknownRoute {
        /// The name given.
        route: String,
    },
    /// A group's route shares do not add up to one.
    #[error("the route shares for '{group}' add up to {total}, not 1; give shares between 0 and 1 that add up to 1")]
    BadMix {
        /// The group.
        group: String,
        /// What they add up to.
        total: Decimal,
    },
    /// A price is negative.
    #[error("the weekly price {weekly} for '{group}' is negative")]
    NegativePrice {
        /// The group.
        group: String,
        /// The price.
        weekly: Decimal,
    },
    /// A block contract ends before it starts.
    #[error("the block contract '{name}' ends on or before it starts")]
    BadBlock {
        /// The contract.
        name: String,
    },
    /// The period to cost is empty.
    #[error("nothing to cost between {from} and {to}: the end must be after the start")]
    EmptyPeriod {
        /// First night.
        from: chrono::NaiveDate,
        /// First night not costed.
        to: chrono::NaiveDate,
    },
    /// A group has no price on a date an amount is needed for.
    #[error("the price book has no price for '{group}' on {date}; add one effective on or before that day")]
    NoPrice {
        /// The group.
        group: String,
        /// The date.
        date: chrono::NaiveDate,
    },
    /// A breakdown key is not one the forecast knows.
    #[error("cannot break costs down by '{key}'; use any of day, month, quarter, financial_year, placement_group, route, provider, kind, source")]
    UnknownKey {
        /// The key given.
        key: String,
    },
}
