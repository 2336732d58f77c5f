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
    pub fn new(name: &str) -> Self {
        Region { name: name.to_string(), authorities: Vec::new() }
    }

    /// Whether an authority with this ONS code is a member.
    pub fn contains(&self, code: &str) -> bool {
        self.authorities.iter().any(|a| a.code.eq_ignore_ascii_case(code.trim()))
    }
}
