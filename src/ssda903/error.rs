use std::path::PathBuf;

/// A return that cannot be read at all. Row-level problems are never errors:
/// they become [`super::Issue`]s and the rest of the file is read.
///
/// ```
/// use sufficiency::ssda903::{read_tables, RawTable, ReadError};
/// // A table of placement reviews alone has no episode dates to date the return by.
/// let reviews = RawTable::new("reviews", &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], vec![vec!["C1", "01/01/2010", "", ""]]);
/// let err = read_tables(vec![reviews], None).unwrap_err();
/// assert!(matches!(err, ReadError::UnknownYear { .. }));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path could not be opened or listed.
    #[error("could not read {path}: {source}. Check that the path exists and that you can read it.")]
    Io {
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Nothing to read was found.
    #[error("no CSV files found in {path}. Point at a folder holding one year's header.csv and episodes.csv (or at the files themselves); XML returns are not supported yet, so export CSV from your case-management system.")]
    NoFiles {
        /// The folder searched.
        path: PathBuf,
    },
    /// The file is not UTF-8 text.
    #[error("{file} is not UTF-8 text ({detail}). Save it again as 'CSV UTF-8 (comma delimited)' and read it again.")]
    NotUtf8 {
        /// The file.
        file: String,
        /// What was found instead.
        detail: String,
    },
    /// The file has no header line.
    #[error("{file} is empty: an SSDA903 table starts with a header line such as CHILD,DECOM,RNE,... Remove the file or export it again.")]
    Empty {
        /// The file.
        file: String,
    },
    /// The header line is separated by something other than commas.
    #[error("{file} looks {delimiter}-separated, but SSDA903 CSV files are comma-separated. Export it again as CSV (comma delimited).")]
    NotCommaSeparated {
        /// The file.
        file: String,
        /// The separator found.
        delimiter: String,
    },
    /// The header line matches no SSDA903 table.
    #[error("{file}: the header line [{found}] is not an SSDA903 table. Expected, for example, the episodes columns CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN. Remove the file from the folder or fix its header.")]
    UnrecognisedHeader {
        /// The file.
        file: String,
        /// The header as read, comma-joined.
        found: String,
    },
    /// The table lacks a column without which no row can be read.
    #[error("{file} is the {table} table but has no {missing} column, which every row needs. Add the column (the DfE specification lists it) and read it again.")]
    MissingRequiredColumns {
        /// The file.
        file: String,
        /// The table it was recognised as.
        table: &'static str,
        /// The missing columns, comma-joined.
        missing: String,
    },
    /// Two files in one return hold the same table.
    #[error("{first} and {second} are both the {table} table of the same return. Keep one per year's folder, or put each year in its own folder.")]
    DuplicateTable {
        /// The first file.
        first: String,
        /// The second file.
        second: String,
        /// The table.
        table: &'static str,
    },
    /// The collection year of a return could not be worked out.
    #[error("cannot tell which collection year {source_name} is: it has no episode dates. Pass collection_year (e.g. 2025 for 2024/25).")]
    UnknownYear {
        /// The folder or frame set.
        source_name: String,
    },
    /// A folder named for a year holds episodes from after that year.
    #[error("{folder} is named for the {year} return (the DfE names a collection by the year it ends), but its episodes run to {latest}. Rename the folder to the year the return ends in, or pass collection_year.")]
    YearMismatch {
        /// The folder.
        folder: String,
        /// The year its name gives.
        year: String,
        /// The latest episode date.
        latest: String,
    },
    /// Two returns are for the same collection year.
    #[error("{first} and {second} are both the {year} return. Give each year once.")]
    DuplicateYear {
        /// The first return.
        first: String,
        /// The second return.
        second: String,
        /// The year.
        year: String,
    },
    /// A collection year was given for several returns at once.
    #[error("collection_year was given but {count} returns were found; it can only name the year of a single return. Omit it to have each return's year read from its episode dates, or read the returns one by one.")]
    YearForSeveralReturns {
        /// How many returns were found.
        count: usize,
    },
    /// A malformed CSV record the csv parser could not recover from.
    #[error("{file}: {detail}. Check the file is a plain CSV export.")]
    Csv {
        /// The file.
        file: String,
        /// The parser's message.
        detail: String,
    },
}
