//! The accrual rule and rounding, stated once.
//!
//! **Accrual.** A placement costs its weekly price ÷ 7 for each night from
//! its start date (inclusive) to its end date (exclusive); an open placement
//! accrues to the end of the horizon. A night belongs to the day it starts
//! on, so a placement crossing 31 March pays the night of 31 March to the
//! financial year ending that day and the night of 1 April to the next.
//!
//! **Precision.** Costs are kept as *price-nights* — the sum of weekly price
//! × nights, exact in [`Decimal`] — and divided by 7 only when reported, so
//! months add up to years exactly and no rounding builds up.
//!
//! **Rounding.** Reported amounts are rounded to the penny, half away from
//! zero (0.005 → 0.01), once, at the end. Weekly prices after an uplift are
//! rounded the same way, as councils' fee schedules are.

use rust_decimal::{Decimal, RoundingStrategy};

/// `x` rounded to the penny, half away from zero, with two decimal places.
///
/// ```
/// use rust_decimal::Decimal;
/// use sufficiency::cost::pence;
/// assert_eq!(pence(Decimal::new(1_005, 3)).to_string(), "1.01");
/// assert_eq!(pence(Decimal::new(-1_005, 3)).to_string(), "-1.01");
/// assert_eq!(pence(Decimal::from(3)).to_string(), "3.00");
/// ```
pub fn pence(x: Decimal) -> Decimal {
    let mut r = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Pounds for `price_nights` (weekly price × nights): ÷ 7, at full precision.
///
/// ```
/// use rust_decimal::Decimal;
/// use sufficiency::cost::{accrued, pence};
/// // 12 weeks at £477 a week: 84 nights.
/// assert_eq!(pence(accrued(Decimal::from(477 * 84))).to_string(), "5724.00");
/// ```
pub fn accrued(price_nights: Decimal) -> Decimal {
    price_nights / Decimal::from(7)
}
