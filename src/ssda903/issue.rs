use serde::{Deserialize, Serialize};

/// How serious an [`Issue`] is.
///
/// A row with at least one `Error` is left out of the dataset (and counted as
/// rejected); a `Warning` keeps the row and tells you what was assumed.
///
/// ```
/// use sufficiency::ssda903::Severity;
/// // Errors sort first, so a sorted issue list leads with what was left out.
/// assert!(Severity::Error < Severity::Warning);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row was left out.
    Error,
    /// The row was kept; the message says how it was read.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    ///
    /// ```
    /// use sufficiency::ssda903::Severity;
    /// assert_eq!(Severity::Warning.as_str(), "warning");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! issue_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal ),+ $(,)?) => {
        /// A stable short code for each kind of problem the reader reports.
        ///
        /// The string form (`IssueCode::as_str`) is part of the public contract:
        /// filter on it in reports and CI checks.
        ///
        /// ```
        /// use sufficiency::ssda903::IssueCode;
        /// assert_eq!(IssueCode::DecBeforeDecom.as_str(), "dec_before_decom");
        /// assert_eq!("overlap".parse::<IssueCode>().unwrap(), IssueCode::Overlap);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum IssueCode {
            $( $(#[$doc])* $variant, )+
        }

        impl IssueCode {
            /// Every issue code.
            ///
            /// ```
            /// use sufficiency::ssda903::IssueCode;
            /// // Every code's string form parses back to the code.
            /// for code in IssueCode::ALL {
            ///     assert_eq!(code.as_str().parse::<IssueCode>(), Ok(*code));
            /// }
            /// ```
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant),+];

            /// The stable string form.
            ///
            /// ```
            /// use sufficiency::ssda903::IssueCode;
            /// assert_eq!(IssueCode::StaleOpenEpisode.as_str(), "stale_open_episode");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self { $(IssueCode::$variant => $code),+ }
            }
        }

        impl std::str::FromStr for IssueCode {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s { $($code => Ok(IssueCode::$variant),)+ _ => Err(format!("unknown issue code '{s}'")) }
            }
        }
    };
}

issue_codes! {
    /// A column the table should have is absent; its values are read as blank.
    MissingColumn = "missing_column",
    /// A column the table does not have in the DfE specification; it is ignored.
    UnknownColumn = "unknown_column",
    /// A row has a different number of fields from the header line.
    FieldCount = "field_count",
    /// A required value is blank.
    MissingValue = "missing_value",
    /// A date is not written `DD/MM/YYYY`.
    DateFormat = "date_format",
    /// A date is written `DD/MM/YYYY` but does not exist (e.g. 31/02/2024).
    DateImpossible = "date_impossible",
    /// A value is not in the column's code list for any year.
    UnknownCode = "unknown_code",
    /// A code exists but is not valid in the collection year it is used in.
    CodeNotInYear = "code_not_in_year",
    /// DEC is given but REC is blank.
    DecWithoutRec = "dec_without_rec",
    /// REC is given but DEC is blank.
    RecWithoutDec = "rec_without_dec",
    /// DEC is before DECOM.
    DecBeforeDecom = "dec_before_decom",
    /// The episode overlaps an earlier episode of the same child.
    Overlap = "overlap",
    /// An open episode from an older return that a newer return contradicts.
    StaleOpenEpisode = "stale_open_episode",
    /// The row repeats an earlier row of the same file exactly.
    DuplicateRow = "duplicate_row",
    /// Two rows of one file share a key (CHILD, or CHILD + DECOM) but differ.
    DuplicateKey = "duplicate_key",
    /// The child has no row in any header table.
    ChildNotInHeader = "child_not_in_header",
    /// The child's date of birth is after the episode starts.
    DobAfterDecom = "dob_after_decom",
    /// The child is 18 or over when the episode starts.
    Aged18AtDecom = "aged_18_at_decom",
    /// PLACE_PROVIDER is given for a placement that takes none (T0–T3, Z11–Z14).
    ProviderNotAllowed = "provider_not_allowed",
    /// The same record differs between two yearly returns; the newer return was used.
    MergeConflict = "merge_conflict",
    /// An episode ending X1 is not followed by one starting the same day.
    BrokenChain = "broken_chain",
    /// RNE does not fit the episode's place in its period (S mid-period, or not S at a start).
    RneInconsistent = "rne_inconsistent",
    /// A table the crate recognises but does not use (reviews, OC2, …); its rows were not read.
    TableNotUsed = "table_not_used",
}

/// One problem found while reading a return: where it is, what it is, and what was done.
///
/// `row` is the 1-based data row within `file` (the first line after the
/// header is row 1), or `None` for a problem with the file as a whole.
///
/// ```
/// use sufficiency::ssda903::{Issue, IssueCode, Severity};
/// let issue = Issue {
///     file: "episodes.csv".into(),
///     row: Some(3),
///     column: Some("DEC".into()),
///     code: IssueCode::DecBeforeDecom,
///     severity: Severity::Error,
///     message: "DEC 01/01/2024 is before DECOM 05/01/2024".into(),
/// };
/// assert_eq!(issue.to_string(), "episodes.csv row 3, DEC: error dec_before_decom: DEC 01/01/2024 is before DECOM 05/01/2024");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The file (or frame) the row came from.
    pub file: String,
    /// 1-based data row, or `None` for the whole file.
    pub row: Option<u64>,
    /// The column concerned, if one.
    pub column: Option<String>,
    /// The stable issue code.
    pub code: IssueCode,
    /// Error (row left out) or warning (row kept).
    pub severity: Severity,
    /// What is wrong and what was done, in words an analyst can act on.
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ", {col}")?;
        }
        write!(f, ": {} {}: {}", self.severity.as_str(), self.code.as_str(), self.message)
    }
}
