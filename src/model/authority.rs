use serde::{Deserialize, Serialize};

/// An English local authority (a council with children's services).
///
/// ```
/// use sufficiency::model::LocalAuthority;
/// let la = LocalAuthority::new("E08000003", "Manchester");
/// assert_eq!(la.code, "E08000003");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LocalAuthority {
    /// The nine-character ONS code of the upper-tier authority, e.g. `E09000027`.
    pub code: String,
    /// The authority's name.
    pub name: String,
}

impl LocalAuthority {
    /// An authority from its ONS code and name.
    ///
    /// The code is trimmed and upper-cased; the name is trimmed.
    ///
    /// ```
    /// use sufficiency::model::LocalAuthority;
    /// let la = LocalAuthority::new(" e09000027 ", "Richmond upon Thames ");
    /// assert_eq!(la.code, "E09000027"); // E09: a London borough
    /// assert_eq!(la.name, "Richmond upon Thames");
    /// ```
    pub fn new(code: &str, name: &str) -> Self {
        LocalAuthority { code: code.trim().to_uppercase(), name: name.trim().to_string() }
    }
}

/// A set of authorities analysed together: a government region or a regional care co-operative.
///
/// ```
/// use sufficiency::model::{LocalAuthority, Region};
/// let mut rcc = Region::new("Greater Manchester");
/// rcc.authorities.push(LocalAuthority::new("E08000003", "Manchester"));
/// assert!(rcc.contains("e08000003"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// The region's name.
    pub name: String,
    /// Its member authorities.
    pub authorities: Vec<LocalAuthority>,
}

impl Region {
    /// An empty region.
    ///
    /// ```
    /// use sufficiency::model::Region;
    /// let north_west = Region::new("North West");
    /// assert_eq!(north_west.name, "North West");
    /// assert!(north_west.authorities.is_empty());
    /// ```
    pub fn new(name: &str) -> Self {
        Region { name: name.to_string(), authorities: Vec::new() }
    }

    /// Whether an authority with this ONS code is a member.
    ///
    /// ```
    /// use sufficiency::model::{LocalAuthority, Region};
    /// let mut london = Region::new("London");
    /// london.authorities.push(LocalAuthority::new("E09000027", "Richmond upon Thames"));
    /// assert!(london.contains(" E09000027"));
    /// assert!(!london.contains("E08000003")); // Manchester
    /// ```
    pub fn contains(&self, code: &str) -> bool {
        self.authorities.iter().any(|a| a.code.eq_ignore_ascii_case(code.trim()))
    }
}
