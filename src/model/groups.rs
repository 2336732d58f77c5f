use serde::{Deserialize, Serialize};

use crate::codes::{Place, PlaceProvider};

/// Which PLACE_PROVIDER values a grouping rule matches.
///
/// ```
/// use sufficiency::codes::PlaceProvider;
/// use sufficiency::model::ProviderClass;
/// let in_house = ProviderClass::Codes(vec![PlaceProvider::PR1, PlaceProvider::PR2]);
/// assert!(in_house.matches(Some(PlaceProvider::PR2)));
/// assert!(!in_house.matches(None));
/// assert!(ProviderClass::Any.matches(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderClass {
    /// Any provider, including a blank one.
    Any,
    /// One of these providers (a blank provider does not match).
    Codes(Vec<PlaceProvider>),
}

impl ProviderClass {
    /// Whether `provider` is in the class.
    ///
    /// ```
    /// use sufficiency::codes::PlaceProvider;
    /// use sufficiency::model::ProviderClass;
    /// let external = ProviderClass::Codes(vec![PlaceProvider::PR4, PlaceProvider::PR5]);
    /// assert!(external.matches(Some(PlaceProvider::PR4)));
    /// assert!(!external.matches(Some(PlaceProvider::PR1)));
    /// ```
    pub fn matches(&self, provider: Option<PlaceProvider>) -> bool {
        match self {
            ProviderClass::Any => true,
            ProviderClass::Codes(codes) => provider.is_some_and(|p| codes.contains(&p)),
        }
    }
}

/// One row of a placement grouping: these PLACE codes with these providers belong to `group`.
///
/// ```
/// use sufficiency::codes::{Place, PlaceProvider};
/// use sufficiency::model::{GroupRule, PlacementGroups, ProviderClass};
/// let rule = GroupRule {
///     group: "residential".to_string(),
///     places: vec![Place::K1, Place::K2],
///     providers: ProviderClass::Any,
/// };
/// let groups = PlacementGroups::from_rules(vec![rule]);
/// assert_eq!(groups.group_of(Place::K1, Some(PlaceProvider::PR1)), Some("residential"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRule {
    /// The group's name, e.g. `foster_agency`.
    pub group: String,
    /// The PLACE codes the rule covers.
    pub places: Vec<Place>,
    /// The providers the rule covers.
    pub providers: ProviderClass,
}

/// A table assigning each (PLACE, PLACE_PROVIDER) pair to a named placement group.
///
/// Every engine counts, prices and forecasts by these groups, so the grouping
/// is data, not code: replace it with [`PlacementGroups::from_rules`] (or, in
/// Python, from a frame). Rules are tried in order and the first match wins; a
/// pair no rule matches is *unclassified* and engines report it as such, never
/// silently folded into another group.
///
/// The default ([`PlacementGroups::standard`]) follows `shared/domain/ssda903.md`
/// §4.1–4.2: kinship foster (U1–U3); mainstream foster split in-house (PR1–PR3)
/// vs independent agency (PR4, PR5); children's homes (K2) split in-house (PR1)
/// vs external; secure (K1); supported accommodation (K3, H5, P2); placed with
/// parents (P1); placed for adoption (A3–A6); other residential (R1, R2, R3, R5,
/// S1, P3); temporary (T0–T4); other (Z1, Z11–Z14).
///
/// ```
/// use sufficiency::codes::{Place, PlaceProvider};
/// use sufficiency::model::PlacementGroups;
/// let groups = PlacementGroups::standard();
/// assert_eq!(groups.group_of(Place::U4, Some(PlaceProvider::PR4)), Some("foster_agency"));
/// assert_eq!(groups.group_of(Place::U4, Some(PlaceProvider::PR1)), Some("foster_in_house"));
/// assert_eq!(groups.group_of(Place::K2, Some(PlaceProvider::PR5)), Some("childrens_home_external"));
/// assert_eq!(groups.group_of(Place::U4, None), None); // unclassified, not guessed
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementGroups {
    rules: Vec<GroupRule>,
}

impl Default for PlacementGroups {
    fn default() -> Self {
        PlacementGroups::standard()
    }
}

/// The label engines use for a placement no rule matches.
///
/// ```
/// use sufficiency::codes::Place;
/// use sufficiency::model::{PlacementGroups, UNCLASSIFIED};
/// let groups = PlacementGroups::standard();
/// let group = groups.group_of(Place::K2, None).unwrap_or(UNCLASSIFIED);
/// assert_eq!(group, "unclassified"); // a children's home needs a provider to be grouped
/// ```
pub const UNCLASSIFIED: &str = "unclassified";

impl PlacementGroups {
    /// The crate's standard grouping (see the type's documentation).
    ///
    /// ```
    /// use sufficiency::codes::{Place, PlaceProvider};
    /// use sufficiency::model::PlacementGroups;
    /// let groups = PlacementGroups::standard();
    /// assert_eq!(groups.group_of(Place::U1, None), Some("foster_kinship")); // any provider
    /// assert_eq!(groups.group_of(Place::K3, Some(PlaceProvider::PR4)), Some("supported"));
    /// assert_eq!(groups.group_names().len(), 12);
    /// ```
    pub fn standard() -> Self {
        use Place::*;
        use PlaceProvider::*;
        let codes = |c: &[PlaceProvider]| ProviderClass::Codes(c.to_vec());
        let rule = |group: &str, places: &[Place], providers: ProviderClass| GroupRule {
            group: group.to_string(),
            places: places.to_vec(),
            providers,
        };
        PlacementGroups {
            rules: vec![
                rule("foster_kinship", &[U1, U2, U3], ProviderClass::Any),
                rule("foster_in_house", &[U4, U5, U6], codes(&[PR1, PR2, PR3])),
                rule("foster_agency", &[U4, U5, U6], codes(&[PR4, PR5])),
                rule("childrens_home_in_house", &[K2], codes(&[PR1])),
                rule("childrens_home_external", &[K2], codes(&[PR2, PR3, PR4, PR5])),
                rule("secure", &[K1], ProviderClass::Any),
                rule("supported", &[K3, H5, P2], ProviderClass::Any),
                rule("with_parents", &[P1], ProviderClass::Any),
                rule("adoption", &[A3, A4, A5, A6], ProviderClass::Any),
                rule("residential_other", &[R1, R2, R3, R5, S1, P3], ProviderClass::Any),
                rule("temporary", &[T0, T1, T2, T3, T4], ProviderClass::Any),
                rule("other", &[Z1, Z11, Z12, Z13, Z14], ProviderClass::Any),
            ],
        }
    }

    /// The coarse categories of the public `cs-demand-model` 0.5.1
    /// (`shared/domain/prior-art.md` §2.3): FOSTERING (U1–U6), RESIDENTIAL
    /// (K2, R1), SUPPORTED (H5, P2) and OTHER for every other code.
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// use sufficiency::model::PlacementGroups;
    /// let peer = PlacementGroups::peer();
    /// assert_eq!(peer.group_of(Place::K3, None), Some("OTHER"));
    /// assert_eq!(peer.group_names(), vec!["FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER"]);
    /// ```
    pub fn peer() -> Self {
        use Place::*;
        let rule = |group: &str, places: &[Place]| GroupRule {
            group: group.to_string(),
            places: places.to_vec(),
            providers: ProviderClass::Any,
        };
        let others: Vec<Place> = Place::ALL
            .iter()
            .copied()
            .filter(|p| !matches!(p, U1 | U2 | U3 | U4 | U5 | U6 | K2 | R1 | H5 | P2))
            .collect();
        PlacementGroups {
            rules: vec![
                rule("FOSTERING", &[U1, U2, U3, U4, U5, U6]),
                rule("RESIDENTIAL", &[K2, R1]),
                rule("SUPPORTED", &[H5, P2]),
                rule("OTHER", &others),
            ],
        }
    }

    /// A grouping from explicit rules, tried in order.
    ///
    /// ```
    /// use sufficiency::codes::{Place, PlaceProvider::*};
    /// use sufficiency::model::{GroupRule, PlacementGroups, ProviderClass};
    /// let rule = |group: &str, providers| GroupRule { group: group.into(), places: vec![Place::U4], providers };
    /// let groups = PlacementGroups::from_rules(vec![
    ///     rule("foster_in_house", ProviderClass::Codes(vec![PR1])),
    ///     rule("foster_other", ProviderClass::Any), // catches whatever the first rule did not
    /// ]);
    /// assert_eq!(groups.group_of(Place::U4, Some(PR1)), Some("foster_in_house"));
    /// assert_eq!(groups.group_of(Place::U4, Some(PR4)), Some("foster_other"));
    /// ```
    pub fn from_rules(rules: Vec<GroupRule>) -> Self {
        PlacementGroups { rules }
    }

    /// The rules in order.
    ///
    /// ```
    /// use sufficiency::codes::Place;
    /// use sufficiency::model::PlacementGroups;
    /// let peer = PlacementGroups::peer();
    /// assert_eq!(peer.rules()[1].group, "RESIDENTIAL");
    /// assert_eq!(peer.rules()[1].places, [Place::K2, Place::R1]);
    /// ```
    pub fn rules(&self) -> &[GroupRule] {
        &self.rules
    }

    /// The group of a (PLACE, PLACE_PROVIDER) pair, or `None` if no rule matches.
    ///
    /// ```
    /// use sufficiency::codes::{Place, PlaceProvider};
    /// use sufficiency::model::PlacementGroups;
    /// let groups = PlacementGroups::standard();
    /// // An in-house children's home is PR1 only; another council's home is external.
    /// assert_eq!(groups.group_of(Place::K2, Some(PlaceProvider::PR1)), Some("childrens_home_in_house"));
    /// assert_eq!(groups.group_of(Place::K2, Some(PlaceProvider::PR2)), Some("childrens_home_external"));
    /// ```
    pub fn group_of(&self, place: Place, provider: Option<PlaceProvider>) -> Option<&str> {
        self.rules.iter().find(|r| r.places.contains(&place) && r.providers.matches(provider)).map(|r| r.group.as_str())
    }

    /// The group names in the order they first appear in the rules.
    ///
    /// ```
    /// use sufficiency::model::PlacementGroups;
    /// let groups = PlacementGroups::standard();
    /// let names = groups.group_names();
    /// assert_eq!(names[..3], ["foster_kinship", "foster_in_house", "foster_agency"]);
    /// ```
    pub fn group_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for r in &self.rules {
            if !names.contains(&r.group.as_str()) {
                names.push(&r.group);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_grouping_classifies_every_place_with_a_valid_provider() {
        // Every PLACE code must land in a group for at least one provider code.
        let groups = PlacementGroups::standard();
        for place in Place::ALL {
            let any = PlaceProvider::ALL.iter().any(|p| groups.group_of(*place, Some(*p)).is_some());
            assert!(any, "{place} has no group");
        }
    }

    #[test]
    fn own_authority_children_home_is_in_house_another_authority_is_external() {
        let g = PlacementGroups::standard();
        assert_eq!(g.group_of(Place::K2, Some(PlaceProvider::PR1)), Some("childrens_home_in_house"));
        assert_eq!(g.group_of(Place::K2, Some(PlaceProvider::PR2)), Some("childrens_home_external"));
        assert_eq!(g.group_of(Place::K2, None), None);
        assert_eq!(g.group_of(Place::U2, None), Some("foster_kinship"));
    }
}
