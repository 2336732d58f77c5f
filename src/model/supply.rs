use serde::{Deserialize, Serialize};

use crate::codes::PlaceProvider;

/// Who owns a provider, in the terms of PLACE_PROVIDER.
///
/// ```
/// use sufficiency::codes::PlaceProvider;
/// use sufficiency::model::Ownership;
/// assert_eq!(Ownership::Private.place_provider(), PlaceProvider::PR4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// The authority itself (PR1).
    OwnAuthority,
    /// Another local authority (PR2).
    OtherAuthority,
    /// Other public bodies such as the NHS (PR3).
    OtherPublic,
    /// Private companies (PR4).
    Private,
    /// Voluntary or third-sector organisations (PR5).
    Voluntary,
}

impl Ownership {
    /// The PLACE_PROVIDER code a placement with this owner carries.
    pub const fn place_provider(self) -> PlaceProvider {
        match self {
            Ownership::OwnAuthority => PlaceProvider::PR1,
            Ownership::OtherAuthority => PlaceProvider::PR2,
            Ownership::OtherPublic => PlaceProvider::PR3,
            Ownership::Private => PlaceProvider::PR4,
            Ownership::Voluntary => PlaceProvider::PR5,
        }
    }
}

/// An organisation that runs settings: a children's-home company, an independent
/// fostering agency, the authority's own fostering service.
///
/// ```
/// use sufficiency::model::{Ownership, Provider};
/// let p = Provider::new("P1", "Hilltop Care Ltd", Ownership::Private);
/// assert_eq!(p.ownership, Ownership::Private);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// An identifier unique within the supply.
    pub id: String,
    /// The provider's name.
    pub name: String,
    /// Who owns it.
    pub ownership: Ownership,
    /// The Ofsted unique reference number of the organisation, if registered.
    pub urn: Option<String>,
}

impl Provider {
    /// A provider with no URN.
    pub fn new(id: &str, name: &str, ownership: Ownership) -> Self {
        Provider { id: id.to_string(), name: name.to_string(), ownership, urn: None }
    }
}

/// The kind of place a setting offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKind {
    /// A children's home with registered places (PLACE K2).
    ChildrensHome,
    /// A fostering household with approved places (PLACE U1–U6).
    FosterHousehold,
    /// Supported accommodation for ages 16 and over (PLACE K3).
    SupportedAccommodation,
    /// A secure children's home (PLACE K1).
    Secure,
}

/// One place where children live: a home, a fostering household, a supported-accommodation service.
///
/// ```
/// use sufficiency::model::{Setting, SettingKind};
/// let home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
/// assert_eq!(home.places, 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// An identifier unique within the supply.
    pub id: String,
    /// The [`Provider::id`] that runs it.
    pub provider: String,
    /// What kind of setting it is.
    pub kind: SettingKind,
    /// Registered (homes) or approved (foster households) places.
    pub places: u32,
    /// The setting's postcode, if known.
    pub postcode: Option<String>,
    /// The Ofsted URN of the setting, if registered.
    pub urn: Option<String>,
    /// Youngest age accepted, in years.
    pub min_age: Option<u8>,
    /// Oldest age accepted, in years.
    pub max_age: Option<u8>,
}

impl Setting {
    /// A setting with no postcode, URN or age range.
    pub fn new(id: &str, provider: &str, kind: SettingKind, places: u32) -> Self {
        Setting {
            id: id.to_string(),
            provider: provider.to_string(),
            kind,
            places,
            postcode: None,
            urn: None,
            min_age: None,
            max_age: None,
        }
    }
}

/// The places an authority can use: providers and their settings.
///
/// ```
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// let mut supply = Supply::default();
/// supply.providers.push(Provider::new("LA", "Own authority", Ownership::OwnAuthority));
/// supply.settings.push(Setting::new("H1", "LA", SettingKind::ChildrensHome, 4));
/// assert_eq!(supply.places(SettingKind::ChildrensHome), 4);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supply {
    /// The providers.
    pub providers: Vec<Provider>,
    /// Their settings.
    pub settings: Vec<Setting>,
}

impl Supply {
    /// Total registered or approved places of one kind.
    pub fn places(&self, kind: SettingKind) -> u32 {
        self.settings.iter().filter(|s| s.kind == kind).map(|s| s.places).sum()
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }
}
