use serde::{Deserialize, Serialize};

use crate::codes::CollectionYear;
use crate::model::{CarePeriod, Child, ChildId, Episode};

use super::issue::{Issue, Severity};
use super::rows::{Ctx, RowRef};
use super::table::TableKind;

/// How many rows of one file were read, accepted and rejected.
///
/// `rows_read == rows_accepted + rows_rejected` always holds. An accepted row
/// may still be *superseded* by the same record in a newer return; it is
/// counted as accepted because its content is in the dataset.
///
/// ```
/// use sufficiency::ssda903::{read_tables, RawTable, TableKind};
/// // Row 2 has an impossible date of birth, so it is rejected.
/// let rows = vec![vec!["C1", "M", "01/01/2010"], vec!["C2", "F", "31/02/2011"]];
/// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], rows);
/// let ds = read_tables(vec![header], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap();
/// let s = &ds.summary()[0];
/// assert_eq!(s.table, TableKind::Header);
/// assert_eq!((s.rows_read, s.rows_accepted, s.rows_rejected), (2, 1, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file (or frame) name.
    pub file: String,
    /// The table it was recognised as.
    pub table: TableKind,
    /// The collection year of the return it belongs to.
    pub collection_year: CollectionYear,
    /// Data rows read (the header line is not counted).
    pub rows_read: u64,
    /// Rows with no error.
    pub rows_accepted: u64,
    /// Rows with at least one error, left out of the dataset.
    pub rows_rejected: u64,
}

/// A merged, checked set of SSDA903 returns: children, episodes, periods of
/// care, and every issue found on the way.
///
/// **Merging years.** Consecutive returns repeat episodes that were open on
/// 31 March. Episodes are keyed on (CHILD, DECOM) and the newest return's row
/// wins; where an older row had a different value, a `merge_conflict` warning
/// names both rows. An open episode from an older return that a newer return
/// contradicts is a `stale_open_episode` and is left out. Children are merged
/// on CHILD the same way.
///
/// Episodes are sorted by child, then start date; children by identifier.
///
/// ```
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"]]);
/// let episodes = RawTable::new(
///     "episodes",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![
///         vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR1", "10/06/2024", "X1"],
///         vec!["C1", "10/06/2024", "P", "C1", "N1", "K2", "PR4", "", ""],
///         vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR1", "10/06/2024", "X1"],
///     ],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// assert_eq!(ds.episodes().len(), 2);
/// assert_eq!(ds.periods().len(), 1);
/// let s = &ds.summary()[1];
/// assert_eq!((s.rows_read, s.rows_accepted, s.rows_rejected), (3, 2, 1)); // the exact repeat
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    children: Vec<Child>,
    episodes: Vec<Episode>,
    periods: Vec<CarePeriod>,
    issues: Vec<Issue>,
    files: Vec<FileSummary>,
    file_names: Vec<String>,
    sources: Vec<(u32, u32)>,
    years: Vec<CollectionYear>,
}

impl Dataset {
    pub(crate) fn assemble(
        ctx: Ctx,
        children: Vec<Child>,
        episodes: Vec<Episode>,
        sources: Vec<RowRef>,
        periods: Vec<CarePeriod>,
        years: Vec<CollectionYear>,
    ) -> Self {
        let Ctx { mut files, mut issues, .. } = ctx;
        // Issues in file order, then row order (file-level first); stable within a row.
        let order: std::collections::HashMap<&str, usize> =
            files.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
        issues.sort_by_key(|i| (order.get(i.file.as_str()).copied().unwrap_or(usize::MAX), i.row));
        let summaries = files
            .iter_mut()
            .filter(|f| f.table.is_used())
            .map(|f| {
                f.rejected.sort_unstable();
                f.rejected.dedup();
                let rejected = f.rejected.len() as u64;
                let read = u64::from(f.rows);
                FileSummary {
                    file: f.name.clone(),
                    table: f.table,
                    collection_year: f.year.expect("every file's year is set before merging"),
                    rows_read: read,
                    rows_accepted: read - rejected,
                    rows_rejected: rejected,
                }
            })
            .collect();
        Dataset {
            file_names: files.iter().map(|f| f.name.clone()).collect(),
            children,
            episodes,
            periods,
            issues,
            files: summaries,
            sources: sources.into_iter().map(|s| (s.file, s.row)).collect(),
            years,
        }
    }

    /// Children, sorted by identifier.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// assert_eq!(ds.children().len(), 1);
    /// assert_eq!(ds.children()[0].dob, chrono::NaiveDate::from_ymd_opt(2012, 6, 1).unwrap());
    /// ```
    pub fn children(&self) -> &[Child] {
        &self.children
    }

    /// Episodes, sorted by child then start date.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// // Given out of order, they come back in date order: the foster placement first.
    /// assert_eq!(ds.episodes()[0].place, sufficiency::codes::Place::U4);
    /// assert_eq!(ds.episodes()[1].place, sufficiency::codes::Place::K2);
    /// ```
    pub fn episodes(&self) -> &[Episode] {
        &self.episodes
    }

    /// Periods of care, in the order of [`Dataset::episodes`].
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// // The X1 end and same-day P start chain the two episodes into one period of care.
    /// assert_eq!(ds.periods().len(), 1);
    /// assert_eq!(ds.periods()[0].episodes, 0..2);
    /// assert!(ds.periods()[0].is_open());
    /// ```
    pub fn periods(&self) -> &[CarePeriod] {
        &self.periods
    }

    /// Every issue, in file then row order.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable, Severity};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "01/04/2024", "E8"],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// // The columns these tables lack (ETHNIC, URN, ...) are warnings; DEC before
    /// // DECOM is an error, and the episode is left out.
    /// assert!(ds.issues().iter().any(|i| i.code.as_str() == "missing_column"));
    /// let error = ds.issues().iter().find(|i| i.severity == Severity::Error).unwrap();
    /// assert_eq!((error.code.as_str(), error.row), ("dec_before_decom", Some(1)));
    /// assert!(ds.episodes().is_empty());
    /// ```
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Issues of one severity.
    ///
    /// ```
    /// use sufficiency::ssda903::Severity;
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "", ""],
    ///     vec!["C1", "01/03/2024", "S", "C2", "N1", "U4", "PR1", "01/02/2024", "E8"],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// // Row 2 ends before it starts: an error, and the row is left out.
    /// let errors: Vec<_> = ds.issues_of(Severity::Error).collect();
    /// assert_eq!((errors.len(), errors[0].row), (1, Some(2)));
    /// assert_eq!(ds.episodes().len(), 1);
    /// ```
    pub fn issues_of(&self, severity: Severity) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.severity == severity)
    }

    /// One line per file read: rows read, accepted and rejected.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// let episodes = &ds.summary()[1];
    /// assert_eq!((episodes.file.as_str(), episodes.rows_read, episodes.rows_rejected), ("episodes", 2, 0));
    /// // Every DECOM and DEC falls in 2024/25, so that is the return's year.
    /// assert_eq!(episodes.collection_year.to_string(), "2024/25");
    /// ```
    pub fn summary(&self) -> &[FileSummary] {
        &self.files
    }

    /// The collection years read, oldest first.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// // No year given: the latest episode date (10 June 2024) puts the return in 2024/25.
    /// assert_eq!(ds.collection_years()[0].end_year(), 2025);
    /// ```
    pub fn collection_years(&self) -> &[CollectionYear] {
        &self.years
    }

    /// The child with this identifier.
    ///
    /// ```
    /// use sufficiency::model::ChildId;
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// assert_eq!(ds.child(&ChildId::new("c1")).unwrap().sex, sufficiency::codes::Sex::Female);
    /// assert!(ds.child(&ChildId::new("C2")).is_none());
    /// ```
    pub fn child(&self, id: &ChildId) -> Option<&Child> {
        self.children.binary_search_by(|c| c.id.cmp(id)).ok().map(|i| &self.children[i])
    }

    /// The episodes of one child, in date order.
    ///
    /// ```
    /// use sufficiency::model::ChildId;
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// assert_eq!(ds.episodes_of(&ChildId::new("C1")).len(), 2);
    /// assert!(ds.episodes_of(&ChildId::new("C9")).is_empty());
    /// ```
    pub fn episodes_of(&self, id: &ChildId) -> &[Episode] {
        let from = self.episodes.partition_point(|e| e.child < *id);
        let to = self.episodes.partition_point(|e| e.child <= *id);
        &self.episodes[from..to]
    }

    /// Where episode `index` was read from: the file and its 1-based data row.
    ///
    /// Episodes built by hand (not read) have no source.
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    /// let cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"];
    /// let episodes = RawTable::new("episodes", &cols, vec![
    ///     vec!["C1", "01/05/2024", "S", "C2", "N1", "U4", "PR1", "10/06/2024", "X1"],
    ///     vec!["C1", "10/06/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
    /// ]);
    /// let ds = read_tables(vec![header, episodes], None).unwrap();
    /// assert_eq!(ds.episode_source(1), Some(("episodes", 2))); // the second data row
    /// assert_eq!(ds.episode_source(2), None); // there is no third episode
    /// ```
    pub fn episode_source(&self, index: usize) -> Option<(&str, u64)> {
        let (file, row) = *self.sources.get(index)?;
        let name = self.file_names.get(file as usize)?;
        Some((name.as_str(), u64::from(row)))
    }

    /// Whether two datasets hold the same children and episodes (ignoring where they were read from).
    ///
    /// ```
    /// use sufficiency::ssda903::{read_tables, RawTable};
    /// let read = |name: &str| {
    ///     let header = RawTable::new(name, &["CHILD", "SEX", "DOB"], vec![vec!["C1", "F", "01/06/2012"]]);
    ///     read_tables(vec![header], Some(sufficiency::codes::CollectionYear::new(2025).unwrap())).unwrap()
    /// };
    /// // Same rows, different file names: different datasets, same records.
    /// let (a, b) = (read("a.csv"), read("b.csv"));
    /// assert!(a != b && a.same_records(&b));
    /// ```
    pub fn same_records(&self, other: &Dataset) -> bool {
        self.children == other.children && self.episodes == other.episodes
    }
}
