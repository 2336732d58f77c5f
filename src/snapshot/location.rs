use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::geo::{distance_miles, Postcodes};
use crate::ssda903::Dataset;

use super::SnapshotOptions;

/// Where children in care on a date were placed, relative to home and to the
/// authority's boundary — the DfE's "right place" measures
/// (`shared/domain/ssda903.md` §6, `statistics.md` §6).
///
/// Distances are the DfE's straight line between the HOME_POST and PL_POST
/// unit postcodes, in miles to one decimal place. A postcode the lookup only
/// knows to sector or district gives an *approximate* distance (counted in
/// `approximate`); a blank or unknown postcode gives no distance.
///
/// ```
/// use sufficiency::snapshot::PlacementLocation;
/// // England at 31 March 2025 (`shared/domain/statistics.md` §1, §6): 81,770
/// // children, 18,120 over 20 miles from home, 6,990 with no known distance,
/// // 36,350 outside their authority's boundary.
/// let england = PlacementLocation { children: 81_770, with_distance: 81_770 - 6_990, over_20_miles: 18_120,
///     with_placement_la: 81_770, outside: 36_350, approximate: 0, mean_miles: None, median_miles: None };
/// assert_eq!(england.children - england.with_distance, 6_990);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacementLocation {
    /// Children in care on the date.
    pub children: u64,
    /// Of those, children with a distance (both postcodes resolved).
    pub with_distance: u64,
    /// Of those, distances from sector or district centroids rather than unit postcodes.
    pub approximate: u64,
    /// Children placed more than 20 miles from home.
    pub over_20_miles: u64,
    /// Children whose placement's authority (PL_LA) is known.
    pub with_placement_la: u64,
    /// Of those, children placed outside the responsible authority.
    pub outside: u64,
    /// Mean distance in miles over children with a distance.
    pub mean_miles: Option<f64>,
    /// Median distance in miles over children with a distance.
    pub median_miles: Option<f64>,
}

impl PlacementLocation {
    /// Share of all children in care placed more than 20 miles away (the DfE's headline measure).
    ///
    /// ```
    /// use sufficiency::snapshot::PlacementLocation;
    /// // England at 31 March 2025 (`shared/domain/statistics.md` §1, §6): 81,770
    /// // children, 18,120 over 20 miles from home, 6,990 with no known distance,
    /// // 36,350 outside their authority's boundary.
    /// let england = PlacementLocation { children: 81_770, with_distance: 81_770 - 6_990, over_20_miles: 18_120,
    ///     with_placement_la: 81_770, outside: 36_350, approximate: 0, mean_miles: None, median_miles: None };
    /// assert_eq!((england.over_20_share() * 100.0).round(), 22.0); // the published 22%
    /// ```
    pub fn over_20_share(&self) -> f64 {
        ratio(self.over_20_miles, self.children)
    }

    /// Share of children with a known distance placed more than 20 miles away.
    ///
    /// ```
    /// use sufficiency::snapshot::PlacementLocation;
    /// // England at 31 March 2025 (`shared/domain/statistics.md` §1, §6): 81,770
    /// // children, 18,120 over 20 miles from home, 6,990 with no known distance,
    /// // 36,350 outside their authority's boundary.
    /// let england = PlacementLocation { children: 81_770, with_distance: 81_770 - 6_990, over_20_miles: 18_120,
    ///     with_placement_la: 81_770, outside: 36_350, approximate: 0, mean_miles: None, median_miles: None };
    /// // The published derived measure: 24.2% of children with a known distance.
    /// assert_eq!((england.over_20_share_known() * 1000.0).round(), 242.0);
    /// ```
    pub fn over_20_share_known(&self) -> f64 {
        ratio(self.over_20_miles, self.with_distance)
    }

    /// Share of children with a known placement authority placed outside the boundary.
    ///
    /// ```
    /// use sufficiency::snapshot::PlacementLocation;
    /// // England at 31 March 2025 (`shared/domain/statistics.md` §1, §6): 81,770
    /// // children, 18,120 over 20 miles from home, 6,990 with no known distance,
    /// // 36,350 outside their authority's boundary.
    /// let england = PlacementLocation { children: 81_770, with_distance: 81_770 - 6_990, over_20_miles: 18_120,
    ///     with_placement_la: 81_770, outside: 36_350, approximate: 0, mean_miles: None, median_miles: None };
    /// assert_eq!((england.outside_share() * 100.0).round(), 44.0); // the published 44%
    /// ```
    pub fn outside_share(&self) -> f64 {
        ratio(self.outside, self.with_placement_la)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Distance from home and inside/outside the boundary for children in care on `date`.
///
/// `authority` is the responsible authority's ONS code; when `None`, each
/// child's home postcode's authority stands in for it (for a dataset pooling
/// several authorities).
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::geo::Postcodes;
/// use sufficiency::snapshot::{placement_location, SnapshotOptions};
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "HOME_POST", "PL_POST"],
///     vec![vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR4", "", "", "B1 1AA", "SW1A 1AA"]],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
/// let loc = placement_location(&ds, on, Some("E08000025"), &Postcodes::new(), &SnapshotOptions::default());
/// assert_eq!((loc.children, loc.over_20_miles, loc.outside), (1, 1, 1)); // Birmingham to Westminster
/// ```
pub fn placement_location(
    ds: &Dataset,
    date: NaiveDate,
    authority: Option<&str>,
    postcodes: &Postcodes,
    opts: &SnapshotOptions,
) -> PlacementLocation {
    let mut out = PlacementLocation {
        children: 0,
        with_distance: 0,
        approximate: 0,
        over_20_miles: 0,
        with_placement_la: 0,
        outside: 0,
        mean_miles: None,
        median_miles: None,
    };
    let mut miles = Vec::new();
    for e in ds.episodes().iter().filter(|e| e.is_open_on(date) && opts.counts(e)) {
        out.children += 1;
        let home = e.home_postcode.as_deref().and_then(|p| postcodes.resolve(p).ok());
        let placed = e.placement_postcode.as_deref().and_then(|p| postcodes.resolve(p).ok());
        if let (Some(h), Some(p)) = (&home, &placed) {
            let d = distance_miles(h.grid, p.grid).get();
            out.with_distance += 1;
            out.approximate += u64::from(h.is_approximate() || p.is_approximate());
            out.over_20_miles += u64::from(d > 20.0);
            miles.push(d);
        }
        let responsible = match authority {
            Some(code) => Some(code.to_string()),
            None => home.as_ref().and_then(|h| h.placement_la()).map(|l| l.as_str().to_string()),
        };
        if let (Some(resp), Some(pl)) = (responsible, placed.as_ref().and_then(|p| p.placement_la())) {
            out.with_placement_la += 1;
            out.outside += u64::from(pl.as_str() != resp);
        }
    }
    if !miles.is_empty() {
        out.mean_miles = Some(miles.iter().sum::<f64>() / miles.len() as f64);
        miles.sort_by(f64::total_cmp);
        let n = miles.len();
        out.median_miles = Some(if n % 2 == 1 { miles[n / 2] } else { (miles[n / 2 - 1] + miles[n / 2]) / 2.0 });
    }
    out
}
