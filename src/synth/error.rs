/// Why a synthetic authority could not be generated.
///
/// ```
/// use sufficiency::synth::{Profile, SynthError};
/// assert!(matches!(Profile::named("camden"), Err(SynthError::UnknownProfile { .. })));
/// let mut p = Profile::named("england-median").unwrap();
/// p.uasc_share = 1.5; // a share is a fraction, not more than all the children
/// assert!(matches!(p.validate(), Err(SynthError::InvalidProfile { .. })));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SynthError {
    /// The profile name is not one of the named profiles.
    #[error("there is no synthetic profile called '{name}'; choose one of {known}")]
    UnknownProfile {
        /// The name given.
        name: String,
        /// The names available.
        known: String,
    },
    /// The profile's numbers cannot be generated.
    #[error("the synthetic profile cannot be generated: {what}")]
    InvalidProfile {
        /// What is wrong.
        what: String,
    },
    /// An override name is not recognised.
    #[error("'{name}' is not a synthetic_authority override; use one of {known}")]
    UnknownOverride {
        /// The name given.
        name: String,
        /// The overrides available.
        known: String,
    },
    /// No postcode sectors match the authority or areas asked for.
    #[error("no postcode sectors lie in {what}; check the authority code or home_postcode_area")]
    NoSectors {
        /// The authority or areas.
        what: String,
    },
    /// The generated data failed the reader's own checks (a bug: please report it).
    #[error(
        "the generated returns did not read back cleanly ({detail}); this is a bug in the generator, please report it"
    )]
    Inconsistent {
        /// What went wrong.
        detail: String,
    },
    /// The caller's [`crate::progress::Progress`] stopped the generation.
    #[error(transparent)]
    Cancelled(#[from] crate::progress::Cancelled),
}
