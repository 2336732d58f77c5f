//! What can stop the sufficiency layer before any row is looked at.
//!
//! Problems with single rows of a supply table are never errors: they are
//! [`super::TableIssue`]s and the rest of the table is read.

use std::path::PathBuf;

/// A supply folder that cannot be read at all.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::sufficiency::{read_supply_folder, SufficiencyError};
/// let err = read_supply_folder(std::path::Path::new("/no/such/folder"), &Postcodes::new()).unwrap_err();
/// assert!(matches!(err, SufficiencyError::MissingFile { .. }));
/// assert!(err.to_string().contains("settings.csv"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum SufficiencyError {
    /// A file the folder must have is not there.
    #[error("{path} does not exist. A supply folder holds providers.csv and settings.csv (occupants.csv and authority.txt are optional); `write_supply_folder` writes one to start from.")]
    MissingFile {
        /// The file looked for.
        path: PathBuf,
    },
    /// A file could not be read or written.
    #[error("could not use {path}: {source}. Check that the path exists and that you can read and write it.")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not CSV the reader can split into rows.
    #[error(
        "{path} cannot be read as CSV ({detail}). Save it again as 'CSV UTF-8 (comma delimited)' and read it again."
    )]
    Csv {
        /// The file.
        path: PathBuf,
        /// What the CSV reader said, with the line.
        detail: String,
    },
}
