use serde::{Deserialize, Serialize};

use crate::codes::ReasonEpisodeCeased;
use crate::model::{AgeBand, AgeBands, PlacementGroups};

/// How a child's age band is decided while they are in care.
///
/// ```
/// use sufficiency::forecast::{AgeBasis, DemandConfig};
/// assert_eq!(DemandConfig::standard().age_basis, AgeBasis::Daily);
/// assert_eq!(DemandConfig::peer().age_basis, AgeBasis::EpisodeStart); // cs-demand-model's rule
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBasis {
    /// The child's actual age on each day: they change band on their birthday.
    Daily,
    /// Age fixed at the start of each episode, as `(DECOM − DOB) / 365.24` years
    /// — the public `cs-demand-model`'s rule (`shared/domain/prior-art.md` §2.4).
    /// A child in one long episode never changes band. Kept for parity checks.
    EpisodeStart,
}

/// How daily hazards are estimated from the reference window.
///
/// ```
/// use sufficiency::forecast::{DemandConfig, Estimator};
/// assert_eq!(DemandConfig::standard().estimator, Estimator::Pooled);
/// assert_eq!(DemandConfig::peer().estimator, Estimator::MeanDailyRatio);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Estimator {
    /// The maximum-likelihood hazard: moves out of a state in the window divided
    /// by the nights children spent in it.
    Pooled,
    /// The mean over the window's days of that day's moves divided by the
    /// previous night's stock, with 0/0 counted as 0 — `cs-demand-model`
    /// 0.5.1's estimator (`shared/domain/prior-art.md` §2.4), kept for parity.
    MeanDailyRatio,
}

/// How children move between age bands in a projection.
///
/// ```
/// use sufficiency::forecast::{Ageing, DemandConfig};
/// assert_eq!(DemandConfig::standard().ageing, Ageing::Exact);
/// // cs-demand-model moves children up a band at a constant daily rate instead.
/// assert_eq!(DemandConfig::peer().ageing, Ageing::Hazard);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ageing {
    /// Every child changes band on their birthday; the projection tracks
    /// when each child's (or each entrant cohort's) next birthday falls.
    Exact,
    /// A constant daily hazard `1 / (365 × band length in years)` moves
    /// children up a band, and the top band drains at the same kind of rate
    /// — `cs-demand-model` 0.5.1's rule (`shared/domain/prior-art.md` §2.4),
    /// kept for parity.
    Hazard,
}

/// How a period of care ended, grouped as the DfE's statistics group REC codes
/// (`shared/domain/ssda903.md` §4.5, `shared/domain/statistics.md` §5).
///
/// ```
/// use sufficiency::codes::ReasonEpisodeCeased;
/// use sufficiency::forecast::ExitRoute;
/// assert_eq!(ExitRoute::of(ReasonEpisodeCeased::E4A), ExitRoute::ReturnHome);
/// assert_eq!(ExitRoute::of(ReasonEpisodeCeased::E45), ExitRoute::SpecialGuardianship);
/// assert_eq!(ExitRoute::StayingPut.label(), "staying_put");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitRoute {
    /// Returned home to parents or others with parental responsibility, or to
    /// relatives without it (E4A, E4B, E13).
    ReturnHome,
    /// Special guardianship or a residence / child arrangements order
    /// (E41, E43–E48).
    SpecialGuardianship,
    /// Adopted (E11, E12).
    Adoption,
    /// Independent living, adult social care, or turning 18 without staying
    /// with carers (E5, E6, E7 and ageing out).
    Independence,
    /// Turned 18 and stayed with their carers (E17): recorded as an exit from
    /// care, not kept in the population.
    StayingPut,
    /// Every other reason (E2, E3, E8, E9, E14–E16, or a gap in the data).
    Other,
}

impl ExitRoute {
    /// Every route, in display order.
    ///
    /// ```
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// use sufficiency::forecast::ExitRoute;
    /// // Every REC code maps to one of the six routes.
    /// for rec in ReasonEpisodeCeased::ALL {
    ///     assert!(ExitRoute::ALL.contains(&ExitRoute::of(*rec)));
    /// }
    /// ```
    pub const ALL: [ExitRoute; 6] = [
        ExitRoute::ReturnHome,
        ExitRoute::SpecialGuardianship,
        ExitRoute::Adoption,
        ExitRoute::Independence,
        ExitRoute::StayingPut,
        ExitRoute::Other,
    ];

    /// The route of a final REC code (`X1` is not an exit, and maps to `Other`).
    ///
    /// ```
    /// use sufficiency::codes::ReasonEpisodeCeased;
    /// use sufficiency::forecast::ExitRoute;
    /// assert_eq!(ExitRoute::of(ReasonEpisodeCeased::E12), ExitRoute::Adoption); // consent dispensed with
    /// assert_eq!(ExitRoute::of(ReasonEpisodeCeased::E17), ExitRoute::StayingPut);
    /// assert_eq!(ExitRoute::of(ReasonEpisodeCeased::E9), ExitRoute::Other); // sentenced to custody
    /// ```
    pub fn of(rec: ReasonEpisodeCeased) -> ExitRoute {
        use ReasonEpisodeCeased::*;
        match rec {
            E4A | E4B | E13 => ExitRoute::ReturnHome,
            E41 | E43 | E44 | E45 | E46 | E47 | E48 => ExitRoute::SpecialGuardianship,
            E11 | E12 => ExitRoute::Adoption,
            E5 | E6 | E7 => ExitRoute::Independence,
            E17 => ExitRoute::StayingPut,
            _ => ExitRoute::Other,
        }
    }

    /// The snake-case label used in frames.
    ///
    /// ```
    /// use sufficiency::forecast::ExitRoute;
    /// assert_eq!(ExitRoute::ReturnHome.label(), "return_home");
    /// assert_eq!(ExitRoute::Independence.label(), "independence_or_18"); // includes ageing out
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            ExitRoute::ReturnHome => "return_home",
            ExitRoute::SpecialGuardianship => "special_guardianship",
            ExitRoute::Adoption => "adoption",
            ExitRoute::Independence => "independence_or_18",
            ExitRoute::StayingPut => "staying_put",
            ExitRoute::Other => "other",
        }
    }

    /// The route with this label.
    ///
    /// ```
    /// use sufficiency::forecast::ExitRoute;
    /// assert_eq!(ExitRoute::from_label("adoption"), Some(ExitRoute::Adoption));
    /// assert_eq!(ExitRoute::from_label("Adoption"), None); // labels are exact
    /// ```
    pub fn from_label(label: &str) -> Option<ExitRoute> {
        ExitRoute::ALL.into_iter().find(|r| r.label() == label)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Everything that shapes a demand model, with defaults a council analyst
/// would expect ([`DemandConfig::standard`]) and a one-call switch to the
/// public `cs-demand-model`'s conventions ([`DemandConfig::peer`]).
///
/// ```
/// use sufficiency::forecast::{AgeBasis, DemandConfig};
/// let cfg = DemandConfig::standard();
/// assert_eq!(cfg.age_basis, AgeBasis::Daily);
/// let labels: Vec<String> = cfg.bands().iter().map(|b| b.label()).collect();
/// assert_eq!(labels, ["under 1", "1-4", "5-9", "10-15", "16-17"]);
/// let peer = DemandConfig::peer();
/// assert_eq!(peer.groups.group_names(), ["FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandConfig {
    /// Placement groups: the second half of the state.
    pub groups: PlacementGroups,
    /// Age bands: the first half of the state. Bands at or above `max_age` are dropped.
    pub age_bands: AgeBands,
    /// The age at which children leave the population: 18 (care ends on the
    /// 18th birthday). Children in care at that age are exits, split between
    /// staying put and independence.
    pub max_age: u8,
    /// Whether leaving at `max_age` happens on the birthday (true) or only
    /// through observed exit rates (false, the peer's behaviour).
    pub age_out: bool,
    /// How age is taken.
    pub age_basis: AgeBasis,
    /// How hazards are estimated.
    pub estimator: Estimator,
    /// How children age between bands in a projection.
    pub ageing: Ageing,
    /// Share of children ageing out who stay with their carers (E17). `None`
    /// uses the share observed among children who turned 18 in the window.
    pub staying_put_share: Option<f64>,
    /// Fit a linear trend to daily entries over the window and carry it
    /// forward (clipped at zero), instead of a constant entry rate.
    pub entry_trend: bool,
    /// Include children looked after under a series of short breaks (LS V3/V4).
    /// Off by default: they are not in the DfE's stock and forecasting tools
    /// leave them out (`shared/domain/ssda903.md` §4.3).
    pub include_short_breaks: bool,
    /// Include unaccompanied asylum-seeking children. On by default — they
    /// are looked after and need placements — though witan.cic drops them
    /// (`shared/domain/prior-art.md` §4). Turn off to forecast the
    /// non-UASC population, e.g. when UASC arrivals are forecast separately.
    pub include_uasc: bool,
}

impl Default for DemandConfig {
    fn default() -> Self {
        DemandConfig::standard()
    }
}

impl DemandConfig {
    /// The defaults: bands under 1, 1–4, 5–9, 10–15, 16–17, the standard
    /// placement groups, actual daily age, pooled hazards, exact ageing,
    /// leaving care on the 18th birthday, short breaks out, UASC in.
    ///
    /// ```
    /// use sufficiency::forecast::DemandConfig;
    /// let cfg = DemandConfig::standard();
    /// assert_eq!(cfg.max_age, 18);
    /// assert!(cfg.age_out && cfg.include_uasc && !cfg.include_short_breaks);
    /// ```
    pub fn standard() -> Self {
        DemandConfig {
            groups: PlacementGroups::standard(),
            age_bands: AgeBands::from_boundaries(&[1, 5, 10, 16]).expect("static boundaries"),
            max_age: 18,
            age_out: true,
            age_basis: AgeBasis::Daily,
            estimator: Estimator::Pooled,
            ageing: Ageing::Exact,
            staying_put_share: None,
            entry_trend: false,
            include_short_breaks: false,
            include_uasc: true,
        }
    }

    /// `cs-demand-model` 0.5.1's conventions (`shared/domain/prior-art.md`
    /// §2.3–2.5): brackets 0–1, 1–5, 5–10, 10–16, 16–30; FOSTERING /
    /// RESIDENTIAL / SUPPORTED / OTHER; age fixed at episode start; the mean
    /// of daily ratios; ageing by hazard; no leaving at 18; every legal status.
    ///
    /// ```
    /// use sufficiency::forecast::DemandConfig;
    /// let peer = DemandConfig::peer();
    /// assert!(!peer.age_out && peer.include_short_breaks);
    /// assert_eq!(peer.bands().last().unwrap().label(), "16-29"); // the 16-30 bracket
    /// ```
    pub fn peer() -> Self {
        DemandConfig {
            groups: PlacementGroups::peer(),
            age_bands: AgeBands::from_boundaries(&[1, 5, 10, 16]).expect("static boundaries"),
            max_age: 30,
            age_out: false,
            age_basis: AgeBasis::EpisodeStart,
            estimator: Estimator::MeanDailyRatio,
            ageing: Ageing::Hazard,
            staying_put_share: None,
            entry_trend: false,
            include_short_breaks: true,
            include_uasc: true,
        }
    }

    /// The bands of the state space: the configured bands cut at `max_age`.
    ///
    /// ```
    /// use sufficiency::forecast::DemandConfig;
    /// let mut cfg = DemandConfig::standard();
    /// cfg.max_age = 16; // forecast under-16s only: the 16+ band disappears
    /// let labels: Vec<String> = cfg.bands().iter().map(|b| b.label()).collect();
    /// assert_eq!(labels, ["under 1", "1-4", "5-9", "10-15"]);
    /// ```
    pub fn bands(&self) -> Vec<AgeBand> {
        self.age_bands
            .bands()
            .iter()
            .filter(|b| b.from < self.max_age)
            .map(|b| AgeBand::new(b.from, Some(b.to.map_or(self.max_age, |t| t.min(self.max_age)))))
            .collect()
    }
}
