//! The one error type of the `geo` layer. Each message says what to do next.
//!
//! ```
//! use sufficiency::geo::{placement_la, GeoError};
//! let err = placement_la("Kent").unwrap_err();
//! assert!(matches!(err, GeoError::InvalidAuthorityCode { .. }));
//! assert!(err.to_string().contains("expected a GSS code such as 'E08000025'"));
//! ```

use std::path::PathBuf;

/// What went wrong resolving a postcode, an authority code or a postcode
/// table.
///
/// ```
/// use sufficiency::geo::{GeoError, Postcode};
///
/// let err = Postcode::parse("XX").unwrap_err();
/// assert!(matches!(err, GeoError::InvalidPostcode { .. }));
/// assert_eq!(
///     err.to_string(),
///     "postcode 'XX' is not a UK postcode shape: expected e.g. 'B1 1AA' \
///      (unit), 'B1 1' (sector) or 'B1' (district)"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoError {
    /// The text does not have the shape of a UK postcode.
    #[error(
        "postcode '{input}' is not a UK postcode shape: expected e.g. 'B1 1AA' (unit), \
         'B1 1' (sector) or 'B1' (district)"
    )]
    InvalidPostcode {
        /// The text as given.
        input: String,
    },

    /// A well-formed postcode that no table knows, at any precision.
    #[error(
        "postcode '{postcode}' was not found as a unit, sector or district: check it for \
         typos, or load a unit-postcode table (an ONSPD extract) that contains it"
    )]
    NotFound {
        /// The postcode as parsed.
        postcode: String,
    },

    /// A Northern Ireland postcode with no user-supplied unit row.
    #[error(
        "postcode '{postcode}' is in Northern Ireland (BT), which the embedded data leaves out \
         because it is not under the Open Government Licence: load a unit-postcode table that \
         has it (commercial use needs a Land & Property Services licence)"
    )]
    NorthernIreland {
        /// The postcode as parsed.
        postcode: String,
    },

    /// Not a GSS local-authority code (a letter and eight digits).
    #[error(
        "'{code}' is not a local-authority code: expected a GSS code such as 'E08000025' \
         (a letter E, W, S or N and eight digits)"
    )]
    InvalidAuthorityCode {
        /// The code as given.
        code: String,
    },

    /// A well-formed English code that is neither a 2025 LAD nor a 2025 UTLA.
    #[error(
        "'{code}' is not a 2025 local authority district or upper-tier authority: if it was \
         retired since 2021 (a Cumbria, North Yorkshire or Somerset district, E08000016 \
         Barnsley, E08000019 Sheffield), use its 2025 successor, e.g. E06000065 North Yorkshire"
    )]
    UnknownAuthority {
        /// The code as given.
        code: String,
    },

    /// A postcode table could not be opened.
    #[error("could not open the postcode table '{}': {source}; check the path and permissions", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A postcode table is not readable CSV.
    #[error(
        "could not read the postcode table: {source}; save it as comma-separated UTF-8 text \
         with a header row"
    )]
    Csv {
        /// The underlying error.
        #[source]
        source: csv::Error,
    },

    /// A postcode table lacks a needed column.
    #[error(
        "the postcode table has no {column} column (its header has: {found}); name one \
         column {expected}"
    )]
    MissingColumn {
        /// Which column: `postcode`, `easting` or `northing`.
        column: &'static str,
        /// The accepted header names, e.g. `'postcode' or 'pcd'`.
        expected: String,
        /// The header names found.
        found: String,
    },

    /// A grid coordinate that is not a number of metres on the National Grid.
    #[error(
        "line {line} of the postcode table: {column} '{value}' is not a National Grid \
         coordinate: expected whole metres between 0 and 1300000, e.g. 406649"
    )]
    BadCoordinate {
        /// 1-based line in the file.
        line: u64,
        /// `easting` or `northing`.
        column: &'static str,
        /// The text found.
        value: String,
    },

    /// The same postcode twice with different data.
    #[error(
        "line {line} of the postcode table: postcode '{postcode}' already appeared with a \
         different grid reference or authority; keep one row per postcode"
    )]
    DuplicatePostcode {
        /// 1-based line in the file.
        line: u64,
        /// The normalised postcode key.
        postcode: String,
    },
}

impl From<csv::Error> for GeoError {
    /// Wraps a CSV reading error.
    fn from(source: csv::Error) -> Self {
        GeoError::Csv { source }
    }
}
