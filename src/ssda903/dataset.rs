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
    pub fn children(&self) -> &[Child] {
        &self.children
    }

    /// Episodes, sorted by child then start date.
    pub fn episodes(&self) -> &[Episode] {
        &self.episodes
    }

    /// Periods of care, in the order of [`Dataset::episodes`].
    pub fn periods(&self) -> &[CarePeriod] {
        &self.periods
    }

    /// Every issue, in file then row order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Issues of one severity.
    pub fn issues_of(&self, severity: Severity) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.severity == severity)
    }

    /// One line per file read: rows read, accepted and rejected.
    pub fn summary(&self) -> &[FileSummary] {
        &self.files
    }

    /// The collection years read, oldest first.
    pub fn collection_years(&self) -> &[CollectionYear] {
        &self.years
    }

    /// The child with this identifier.
    pub fn child(&self, id: &ChildId) -> Option<&Child> {
        self.children.binary_search_by(|c| c.id.cmp(id)).ok().map(|i| &self.children[i])
    }

    /// The episodes of one child, in date order.
    pub fn episodes_of(&self, id: &ChildId) -> &[Episode] {
        let from = self.episodes.partition_point(|e| e.child < *id);
        let to = self.episodes.partition_point(|e| e.child <= *id);
        &self.episodes[from..to]
    }

    /// Where episode `index` was read from: the file and its 1-based data row.
    ///
    /// Episodes built by hand (not read) have no source.
    pub fn episode_source(&self, index: usize) -> Option<(&str, u64)> {
        let (file, row) = *self.sources.get(index)?;
        let name = self.file_names.get(file as usize)?;
        Some((name.as_str(), u64::from(row)))
    }

    /// Whether two datasets hold the same children and episodes (ignoring where they were read from).
    pub fn same_records(&self, other: &Dataset) -> bool {
        self.children == other.children && self.episodes == other.episodes
    }
}
