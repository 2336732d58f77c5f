//! Postcodes resolved once: where each child's home and each setting are.

use std::collections::HashMap;

use crate::geo::{distance_miles, GridRef, Postcode, Postcodes};
use crate::model::Supply;

use super::need::ChildNeed;

/// A resolved postcode: grid reference, authority (UTLA) and postcode district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spot {
    pub grid: GridRef,
    pub authority: Option<String>,
    pub district: String,
}

/// Resolves postcodes through a cache (many children share a home sector).
pub(crate) struct Locator<'a> {
    postcodes: &'a Postcodes,
    cache: HashMap<String, Option<Spot>>,
}

impl<'a> Locator<'a> {
    pub fn new(postcodes: &'a Postcodes) -> Self {
        Locator { postcodes, cache: HashMap::new() }
    }

    pub fn spot(&mut self, postcode: Option<&str>) -> Option<Spot> {
        let pc = postcode?;
        if let Some(hit) = self.cache.get(pc) {
            return hit.clone();
        }
        let found = self.postcodes.resolve(pc).ok().map(|loc| Spot {
            grid: loc.grid,
            authority: loc.placement_la().map(|l| l.as_str().to_string()),
            district: Postcode::parse(pc).map(|p| p.district().to_string()).unwrap_or_else(|_| loc.key.clone()),
        });
        self.cache.insert(pc.to_string(), found.clone());
        found
    }

    /// Every setting's location, in supply order.
    pub fn settings(&mut self, supply: &Supply) -> Vec<Option<Spot>> {
        supply.settings.iter().map(|s| self.spot(s.postcode.as_deref())).collect()
    }

    /// Every child's home, in cohort order.
    pub fn homes(&mut self, children: &[ChildNeed]) -> Vec<Option<Spot>> {
        children.iter().map(|c| self.spot(c.home.as_deref())).collect()
    }
}

/// The DfE straight-line distance in miles (one decimal place) between two spots.
pub(crate) fn miles(a: &Spot, b: &Spot) -> f64 {
    distance_miles(a.grid, b.grid).get()
}
