use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::PlaceProvider;
use crate::cost::Route;

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
    ///
    /// ```
    /// use sufficiency::codes::PlaceProvider;
    /// use sufficiency::model::Ownership;
    /// assert_eq!(Ownership::OwnAuthority.place_provider(), PlaceProvider::PR1);
    /// assert!(Ownership::Voluntary.place_provider().is_external()); // PR5
    /// ```
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
    ///
    /// ```
    /// use sufficiency::model::{Ownership, Provider};
    /// let ifa = Provider::new("IFA1", "Bright Futures Fostering", Ownership::Voluntary);
    /// assert_eq!((ifa.id.as_str(), ifa.urn), ("IFA1", None));
    /// ```
    pub fn new(id: &str, name: &str, ownership: Ownership) -> Self {
        Provider { id: id.to_string(), name: name.to_string(), ownership, urn: None }
    }
}

/// The kind of place a setting offers.
///
/// ```
/// use sufficiency::model::SettingKind;
/// // Supported accommodation (K3) is for young people aged 16 and over.
/// assert_eq!("supported".parse::<SettingKind>(), Ok(SettingKind::SupportedAccommodation));
/// assert!("hotel".parse::<SettingKind>().is_err());
/// ```
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

impl SettingKind {
    /// Every kind.
    ///
    /// ```
    /// use sufficiency::model::SettingKind;
    /// assert_eq!(SettingKind::ALL.len(), 4);
    /// assert!(SettingKind::ALL.contains(&SettingKind::Secure));
    /// ```
    pub const ALL: [SettingKind; 4] = [
        SettingKind::FosterHousehold,
        SettingKind::ChildrensHome,
        SettingKind::SupportedAccommodation,
        SettingKind::Secure,
    ];

    /// The snake-case label (`foster_household`, `childrens_home`, `supported_accommodation`, `secure`).
    ///
    /// ```
    /// use sufficiency::model::SettingKind;
    /// assert_eq!(SettingKind::ChildrensHome.label(), "childrens_home");
    /// assert_eq!("childrens home".parse::<SettingKind>().unwrap(), SettingKind::ChildrensHome);
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            SettingKind::ChildrensHome => "childrens_home",
            SettingKind::FosterHousehold => "foster_household",
            SettingKind::SupportedAccommodation => "supported_accommodation",
            SettingKind::Secure => "secure",
        }
    }
}

impl std::str::FromStr for SettingKind {
    type Err = String;
    fn from_str(s: &str) -> Result<SettingKind, String> {
        let t = s.trim().to_ascii_lowercase().replace(['-', ' '], "_").replace('\'', "");
        let t = match t.as_str() {
            "foster" | "fostering" => "foster_household",
            "home" | "residential" | "children_home" => "childrens_home",
            "supported" => "supported_accommodation",
            other => other,
        }
        .to_string();
        SettingKind::ALL.into_iter().find(|k| k.label() == t).ok_or_else(|| {
            format!("'{s}' is not a setting kind; use one of foster_household, childrens_home, supported_accommodation, secure")
        })
    }
}

/// A need a setting can specialise in, and a child can have: the
/// Placements Data Standard's risk flags that decide where a child can live
/// (`shared/domain/costs-and-commissioning.md` §9).
///
/// ```
/// use sufficiency::model::Specialism;
/// assert_eq!("mental health".parse::<Specialism>().unwrap(), Specialism::MentalHealth);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specialism {
    /// Disability (SSDA903 CIN code N2 marks a child whose main need is their disability).
    Disability,
    /// Mental health.
    MentalHealth,
    /// Risk of sexual or criminal exploitation.
    Exploitation,
    /// A parent and child placement.
    ParentAndChild,
}

impl Specialism {
    /// Every specialism.
    ///
    /// ```
    /// use sufficiency::model::Specialism;
    /// let labels: Vec<&str> = Specialism::ALL.iter().map(|s| s.label()).collect();
    /// assert_eq!(labels, ["disability", "mental_health", "exploitation", "parent_and_child"]);
    /// ```
    pub const ALL: [Specialism; 4] =
        [Specialism::Disability, Specialism::MentalHealth, Specialism::Exploitation, Specialism::ParentAndChild];

    /// The snake-case label, which parsing accepts back.
    ///
    /// ```
    /// use sufficiency::model::Specialism;
    /// assert_eq!(Specialism::ParentAndChild.label(), "parent_and_child");
    /// assert_eq!("parent-and-child".parse::<Specialism>(), Ok(Specialism::ParentAndChild));
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Specialism::Disability => "disability",
            Specialism::MentalHealth => "mental_health",
            Specialism::Exploitation => "exploitation",
            Specialism::ParentAndChild => "parent_and_child",
        }
    }
}

impl std::str::FromStr for Specialism {
    type Err = String;
    fn from_str(s: &str) -> Result<Specialism, String> {
        let t = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Specialism::ALL.into_iter().find(|k| k.label() == t).ok_or_else(|| {
            format!("'{s}' is not a specialism; use one of disability, mental_health, exploitation, parent_and_child")
        })
    }
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
    /// A kinship (connected-person) household: approved for a named child,
    /// so its places are not open to other children.
    #[serde(default)]
    pub kinship: bool,
    /// How the authority buys places here; `None` means in-house for the
    /// authority's own provision and spot otherwise (see [`Setting::route`]).
    #[serde(default)]
    pub route: Option<Route>,
    /// The weekly price of a place, if agreed (framework lot, block, spot quote).
    #[serde(default)]
    pub weekly_price: Option<Decimal>,
    /// The needs the setting is registered or trained to meet.
    #[serde(default)]
    pub specialisms: Vec<Specialism>,
    /// Solo-only: one child at a time, whatever the registered places.
    #[serde(default)]
    pub solo: bool,
    /// Places filled by the supply's own authority's children.
    #[serde(default)]
    pub own_children: u32,
    /// Places filled by other authorities' children.
    #[serde(default)]
    pub other_children: u32,
}

impl Setting {
    /// A setting with no postcode, URN or age range.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind};
    /// let carers = Setting::new("F1", "LA", SettingKind::FosterHousehold, 2); // approved for two
    /// assert_eq!((carers.min_age, carers.max_age), (None, None));
    /// assert_eq!(carers.vacant(), 2);
    /// ```
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
            kinship: false,
            route: None,
            weekly_price: None,
            specialisms: Vec::new(),
            solo: false,
            own_children: 0,
            other_children: 0,
        }
    }

    /// Places open to children: one for a solo-only setting, otherwise the registered places.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind};
    /// let mut home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
    /// home.solo = true;
    /// assert_eq!(home.usable_places(), 1);
    /// ```
    pub fn usable_places(&self) -> u32 {
        if self.solo {
            self.places.min(1)
        } else {
            self.places
        }
    }

    /// Places neither the authority's nor other authorities' children fill.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind};
    /// let mut home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
    /// (home.own_children, home.other_children) = (1, 2);
    /// assert_eq!(home.vacant(), 1);
    /// ```
    pub fn vacant(&self) -> u32 {
        self.usable_places().saturating_sub(self.own_children + self.other_children)
    }

    /// The commissioning route: the one given, else in-house when the
    /// provider is the authority itself and spot otherwise.
    ///
    /// ```
    /// use sufficiency::cost::Route;
    /// use sufficiency::model::{Ownership, Setting, SettingKind};
    /// let home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
    /// assert_eq!(home.route(Some(Ownership::OwnAuthority)), Route::InHouse);
    /// assert_eq!(home.route(Some(Ownership::Private)), Route::Spot);
    /// ```
    pub fn route(&self, ownership: Option<Ownership>) -> Route {
        self.route.unwrap_or(match ownership {
            Some(Ownership::OwnAuthority) => Route::InHouse,
            _ => Route::Spot,
        })
    }

    /// Whether the setting meets every one of these needs.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind, Specialism};
    /// let mut home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 3);
    /// home.specialisms = vec![Specialism::MentalHealth];
    /// assert!(home.meets(&[])); // a child with no flagged need
    /// assert!(home.meets(&[Specialism::MentalHealth]));
    /// assert!(!home.meets(&[Specialism::MentalHealth, Specialism::Exploitation]));
    /// ```
    pub fn meets(&self, needs: &[Specialism]) -> bool {
        needs.iter().all(|n| self.specialisms.contains(n))
    }

    /// Whether a child of this age (in whole years) is inside the age range.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind};
    /// let mut home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
    /// (home.min_age, home.max_age) = (Some(8), Some(17));
    /// assert!(home.accepts_age(8) && home.accepts_age(17)); // both ends inclusive
    /// assert!(!home.accepts_age(7));
    /// ```
    pub fn accepts_age(&self, age: u8) -> bool {
        self.min_age.is_none_or(|m| age >= m) && self.max_age.is_none_or(|m| age <= m)
    }
}

/// One of the authority's children and the setting they live in.
///
/// ```
/// use sufficiency::model::{Occupant, Setting, SettingKind, Supply};
/// let mut supply = Supply::default();
/// supply.settings.push(Setting::new("H1", "LA", SettingKind::ChildrensHome, 4));
/// supply.occupants.push(Occupant { child: "C1".into(), setting: "H1".into() });
/// let home = supply.setting(&supply.occupants[0].setting).unwrap();
/// assert_eq!(home.kind, SettingKind::ChildrensHome);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occupant {
    /// The child's SSDA903 CHILD id.
    pub child: String,
    /// The [`Setting::id`].
    pub setting: String,
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
    /// The ONS code of the authority whose view this is: its children are the
    /// settings' `own_children`.
    #[serde(default)]
    pub authority: Option<String>,
    /// Where the authority's own children live, where known.
    #[serde(default)]
    pub occupants: Vec<Occupant>,
}

impl Supply {
    /// Total registered or approved places of one kind.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind, Supply};
    /// let mut supply = Supply::default();
    /// supply.settings.push(Setting::new("F1", "LA", SettingKind::FosterHousehold, 2));
    /// supply.settings.push(Setting::new("F2", "LA", SettingKind::FosterHousehold, 3));
    /// supply.settings.push(Setting::new("H1", "LA", SettingKind::ChildrensHome, 4));
    /// assert_eq!(supply.places(SettingKind::FosterHousehold), 5);
    /// assert_eq!(supply.places(SettingKind::Secure), 0);
    /// ```
    pub fn places(&self, kind: SettingKind) -> u32 {
        self.settings.iter().filter(|s| s.kind == kind).map(|s| s.places).sum()
    }

    /// The provider with this id.
    ///
    /// ```
    /// use sufficiency::model::{Ownership, Provider, Supply};
    /// let mut supply = Supply::default();
    /// supply.providers.push(Provider::new("P1", "Hilltop Care Ltd", Ownership::Private));
    /// assert_eq!(supply.provider("P1").unwrap().name, "Hilltop Care Ltd");
    /// assert!(supply.provider("P2").is_none());
    /// ```
    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The setting with this id.
    ///
    /// ```
    /// use sufficiency::model::{Setting, SettingKind, Supply};
    /// let mut supply = Supply::default();
    /// supply.settings.push(Setting::new("H1", "P1", SettingKind::ChildrensHome, 4));
    /// assert_eq!(supply.setting("H1").unwrap().places, 4);
    /// assert!(supply.setting("h1").is_none()); // ids are matched exactly
    /// ```
    pub fn setting(&self, id: &str) -> Option<&Setting> {
        self.settings.iter().find(|s| s.id == id)
    }

    /// Who owns the provider of a setting, if the provider is known.
    ///
    /// ```
    /// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
    /// let mut supply = Supply::default();
    /// supply.providers.push(Provider::new("P1", "Hilltop Care Ltd", Ownership::Private));
    /// let home = Setting::new("H1", "P1", SettingKind::ChildrensHome, 4);
    /// let orphan = Setting::new("H2", "P9", SettingKind::ChildrensHome, 2);
    /// assert_eq!(supply.ownership(&home), Some(Ownership::Private));
    /// assert_eq!(supply.ownership(&orphan), None); // provider P9 is not in the supply
    /// ```
    pub fn ownership(&self, setting: &Setting) -> Option<Ownership> {
        self.provider(&setting.provider).map(|p| p.ownership)
    }
}
