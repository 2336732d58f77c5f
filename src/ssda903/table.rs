//! Recognising a table by its header set (`shared/domain/ssda903.md` §1–2).

use serde::{Deserialize, Serialize};

/// The SSDA903 tables. The reader loads `Header`, `Episodes` and `Uasc`; it
/// recognises the others so that a full return's folder can be pointed at
/// as-is, and notes that they were not used.
///
/// ```
/// use sufficiency::ssda903::TableKind;
/// assert_eq!(TableKind::Uasc.name(), "UASC");
/// assert!(TableKind::Uasc.is_used() && !TableKind::Oc3.is_used()); // care leavers are not read
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per child.
    Header,
    /// One row per episode.
    Episodes,
    /// Unaccompanied asylum-seeking children.
    Uasc,
    /// Reviews.
    Reviews,
    /// Outcomes for children looked after 12 months+.
    Oc2,
    /// Care leavers.
    Oc3,
    /// Adoption decisions.
    Ad1,
    /// Placed for adoption.
    PlacedAdoption,
    /// Previous permanence.
    PrevPerm,
    /// Missing episodes.
    Missing,
    /// Social worker episodes.
    SwEpisodes,
    /// Deprivation of liberty orders.
    DoLo,
}

impl TableKind {
    /// Every table.
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// assert_eq!(TableKind::ALL.len(), 12);
    /// assert_eq!(TableKind::ALL.iter().filter(|t| t.is_used()).count(), 3); // header, episodes, UASC
    /// ```
    pub const ALL: &'static [TableKind] = &[
        TableKind::Header,
        TableKind::Episodes,
        TableKind::Uasc,
        TableKind::Reviews,
        TableKind::Oc2,
        TableKind::Oc3,
        TableKind::Ad1,
        TableKind::PlacedAdoption,
        TableKind::PrevPerm,
        TableKind::Missing,
        TableKind::SwEpisodes,
        TableKind::DoLo,
    ];

    /// The table's name as the DfE and the validator use it.
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// assert_eq!(TableKind::SwEpisodes.name(), "SWEpisodes"); // social worker episodes
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            TableKind::Header => "Header",
            TableKind::Episodes => "Episodes",
            TableKind::Uasc => "UASC",
            TableKind::Reviews => "Reviews",
            TableKind::Oc2 => "OC2",
            TableKind::Oc3 => "OC3",
            TableKind::Ad1 => "AD1",
            TableKind::PlacedAdoption => "PlacedAdoption",
            TableKind::PrevPerm => "PrevPerm",
            TableKind::Missing => "Missing",
            TableKind::SwEpisodes => "SWEpisodes",
            TableKind::DoLo => "DoLo",
        }
    }

    /// The table's columns in the DfE order (`ssda903.md` §1).
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// assert_eq!(TableKind::Uasc.columns(), ["CHILD", "SEX", "DOB", "DUC"]);
    /// assert_eq!(TableKind::Episodes.columns().len(), 13);
    /// ```
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            TableKind::Header => &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            TableKind::Episodes => &[
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ],
            TableKind::Uasc => &["CHILD", "SEX", "DOB", "DUC"],
            TableKind::Reviews => &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
            TableKind::Oc2 => &[
                "CHILD",
                "DOB",
                "SDQ_SCORE",
                "SDQ_REASON",
                "CONVICTED",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED",
            ],
            TableKind::Oc3 => &["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
            TableKind::Ad1 => {
                &["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
            }
            TableKind::PlacedAdoption => &["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
            TableKind::PrevPerm => &["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
            TableKind::Missing => &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
            TableKind::SwEpisodes => &["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
            TableKind::DoLo => &["CHILD", "DOB", "DOLO_START", "DOLO_END"],
        }
    }

    /// Columns without which no row of the table can be read.
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// // CIN and the postcodes may be missing; an episode without a start date may not.
    /// let required = TableKind::Episodes.required_columns();
    /// assert!(required.contains(&"DECOM") && !required.contains(&"CIN"));
    /// ```
    pub const fn required_columns(self) -> &'static [&'static str] {
        match self {
            TableKind::Header => &["CHILD", "SEX", "DOB"],
            TableKind::Episodes => &["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"],
            TableKind::Uasc => &["CHILD"],
            _ => &["CHILD"],
        }
    }

    /// Columns that identify the table: a header line is only taken for this
    /// table if it has all of them.
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// assert_eq!(TableKind::Episodes.signature(), ["CHILD", "DECOM"]);
    /// // Each signature is part of the table's own columns.
    /// for t in TableKind::ALL {
    ///     assert!(t.signature().iter().all(|c| t.columns().contains(c)));
    /// }
    /// ```
    pub const fn signature(self) -> &'static [&'static str] {
        match self {
            TableKind::Header => &["CHILD", "SEX", "DOB"],
            TableKind::Episodes => &["CHILD", "DECOM"],
            TableKind::Uasc => &["CHILD", "DUC"],
            TableKind::Reviews => &["CHILD", "REVIEW"],
            TableKind::Oc2 => &["CHILD", "SDQ_SCORE"],
            TableKind::Oc3 => &["CHILD", "IN_TOUCH"],
            TableKind::Ad1 => &["CHILD", "DATE_INT"],
            TableKind::PlacedAdoption => &["CHILD", "DATE_PLACED"],
            TableKind::PrevPerm => &["CHILD", "PREV_PERM"],
            TableKind::Missing => &["CHILD", "MIS_START"],
            TableKind::SwEpisodes => &["CHILD", "SW_ID"],
            TableKind::DoLo => &["CHILD", "DOLO_START"],
        }
    }

    /// Whether the reader loads this table into the dataset.
    ///
    /// ```
    /// use sufficiency::ssda903::TableKind;
    /// assert!(TableKind::Episodes.is_used());
    /// assert!(!TableKind::Missing.is_used()); // missing-from-placement episodes
    /// ```
    pub const fn is_used(self) -> bool {
        matches!(self, TableKind::Header | TableKind::Episodes | TableKind::Uasc)
    }
}

/// Columns some extracts add that the reader accepts without comment.
/// The header's `UASC` is the derived flag the validator adds (`ssda903.md` §3).
const TOLERATED_EXTRA: &[(TableKind, &str)] = &[(TableKind::Header, "UASC")];

/// The result of matching a header line against the known tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recognised {
    pub table: TableKind,
    /// Expected columns that are absent.
    pub missing: Vec<&'static str>,
    /// Columns present that the table does not have.
    pub extra: Vec<String>,
}

/// Normalises a header cell: trims, strips a BOM, upper-cases.
pub(crate) fn normalise_header(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}').trim().to_uppercase()
}

/// Finds the table for a header line: among the tables whose signature columns
/// are all present, the one whose column set is most similar (Jaccard
/// similarity; a tie is rejected). Column order and file names play no part.
pub(crate) fn recognise(header: &[String]) -> Option<Recognised> {
    let mut best: Option<(f64, TableKind)> = None;
    let mut tie = false;
    for &table in TableKind::ALL {
        if !table.signature().iter().all(|c| header.iter().any(|h| h == c)) {
            continue;
        }
        let cols = table.columns();
        let common = header.iter().filter(|h| cols.contains(&h.as_str())).count();
        let union = cols.len() + header.len() - common;
        let score = common as f64 / union as f64;
        match best {
            Some((s, _)) if (score - s).abs() < 1e-12 => tie = true,
            Some((s, _)) if score < s => {}
            _ => {
                best = Some((score, table));
                tie = false;
            }
        }
    }
    let (score, table) = best?;
    if score <= 0.0 || tie {
        return None;
    }
    let cols = table.columns();
    let missing = cols.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    let extra = header
        .iter()
        .filter(|h| !cols.contains(&h.as_str()))
        .filter(|h| !TOLERATED_EXTRA.contains(&(table, h.as_str())))
        .cloned()
        .collect();
    Some(Recognised { table, missing, extra })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn exact_sets_in_any_order_are_recognised() {
        for &t in TableKind::ALL {
            let mut cols = h(t.columns());
            cols.reverse();
            let r = recognise(&cols).unwrap();
            assert_eq!(r.table, t);
            assert!(r.missing.is_empty() && r.extra.is_empty());
        }
    }

    #[test]
    fn header_and_uasc_are_told_apart() {
        // Both have CHILD, SEX, DOB; a header missing one optional column is still the header.
        let r = recognise(&h(&["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER"])).unwrap();
        assert_eq!(r.table, TableKind::Header);
        assert_eq!(r.missing, vec!["MC_DOB"]);
        assert_eq!(recognise(&h(&["CHILD", "SEX", "DOB", "DUC"])).unwrap().table, TableKind::Uasc);
        assert_eq!(recognise(&h(&["CHILD", "SEX", "DOB"])).unwrap().table, TableKind::Header);
        assert_eq!(recognise(&h(&["CHILD", "DECOM", "PLACE", "NOTES"])).unwrap().table, TableKind::Episodes);
    }

    #[test]
    fn unrelated_headers_are_not_recognised() {
        assert!(recognise(&h(&["NAME", "ADDRESS", "PHONE"])).is_none());
        assert!(recognise(&h(&["CHILD"])).is_none());
        assert!(recognise(&h(&["CHILD", "DOB"])).is_none());
    }
}
