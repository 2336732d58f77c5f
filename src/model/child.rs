use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{Ethnicity, Sex};

/// A child's identifier as the authority records it (column `CHILD`).
///
/// Identifiers are strings, never numbers: `007` and `7` are different children.
/// They are upper-cased on reading, as the DfE validator does (`ssda903.md` §3).
///
/// ```
/// use sufficiency::model::ChildId;
/// assert_eq!(ChildId::new("ab12").as_str(), "AB12");
/// assert_ne!(ChildId::new("007"), ChildId::new("7"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChildId(Arc<str>);

impl ChildId {
    /// An identifier, trimmed and upper-cased.
    ///
    /// ```
    /// use sufficiency::model::ChildId;
    /// assert_eq!(ChildId::new(" c0042 "), ChildId::new("C0042"));
    /// ```
    pub fn new(id: &str) -> Self {
        ChildId(Arc::from(Self::normalise(id).as_ref()))
    }

    /// The trimmed, upper-cased form of an identifier, borrowing when it is already normal.
    pub(crate) fn normalise(id: &str) -> std::borrow::Cow<'_, str> {
        let t = id.trim_ascii();
        // One pass over the bytes: anything lower-case or non-ASCII needs the
        // full Unicode upper-casing.
        if t.bytes().any(|b| b.is_ascii_lowercase() || !b.is_ascii()) {
            std::borrow::Cow::Owned(t.to_uppercase())
        } else {
            std::borrow::Cow::Borrowed(t)
        }
    }

    /// Wraps an already-normalised shared string.
    pub(crate) fn from_shared(id: Arc<str>) -> Self {
        ChildId(id)
    }

    /// The identifier text.
    ///
    /// ```
    /// use sufficiency::model::ChildId;
    /// let id = ChildId::new("007"); // leading zeros are kept: ids are text
    /// assert_eq!(id.as_str(), "007");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ChildId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A child in the header table (plus the UASC flag from the UASC table).
///
/// ```
/// use chrono::NaiveDate;
/// use sufficiency::codes::Sex;
/// use sufficiency::model::{Child, ChildId};
/// let child = Child::new(ChildId::new("C1"), Sex::Female, NaiveDate::from_ymd_opt(2012, 3, 4).unwrap());
/// assert!(!child.uasc);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    /// `CHILD`.
    pub id: ChildId,
    /// `SEX`, whatever coding the return used.
    pub sex: Sex,
    /// `DOB`.
    pub dob: NaiveDate,
    /// `ETHNIC`, when given and known.
    pub ethnicity: Option<Ethnicity>,
    /// `UPN`, the unique pupil number, as given.
    pub upn: Option<String>,
    /// `MOTHER`: whether the child is a mother (`1`), when given.
    pub mother: Option<bool>,
    /// `MC_DOB`: the date of birth of the child's own child, when given.
    pub mc_dob: Option<NaiveDate>,
    /// Unaccompanied asylum-seeking child: present in the UASC table.
    pub uasc: bool,
    /// `DUC`: the date UASC status ceased, from the UASC table.
    pub uasc_ceased: Option<NaiveDate>,
}

impl Child {
    /// A child with only the required fields set.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::Sex;
    /// use sufficiency::model::{Child, ChildId};
    /// let child = Child::new(ChildId::new("C1"), Sex::Male, NaiveDate::from_ymd_opt(2015, 9, 1).unwrap());
    /// assert_eq!((child.ethnicity, child.upn, child.uasc_ceased), (None, None, None));
    /// ```
    pub fn new(id: ChildId, sex: Sex, dob: NaiveDate) -> Self {
        Child { id, sex, dob, ethnicity: None, upn: None, mother: None, mc_dob: None, uasc: false, uasc_ceased: None }
    }

    /// Age in whole years on `date`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sufficiency::codes::Sex;
    /// use sufficiency::model::{Child, ChildId};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let child = Child::new(ChildId::new("C1"), Sex::Male, d(2007, 4, 1));
    /// // On the 31 March 2025 snapshot they are 17; they turn 18 the next day.
    /// assert_eq!(child.age_on(d(2025, 3, 31)), 17);
    /// assert_eq!(child.age_on(d(2025, 4, 1)), 18);
    /// ```
    pub fn age_on(&self, date: NaiveDate) -> i32 {
        super::age_in_years(self.dob, date)
    }
}
