//! SEX and ETHNIC (`shared/domain/ssda903.md` §4.8–4.9).

use serde::{Deserialize, Serialize};

use super::{code_list, Validity};

const ALWAYS: Validity = Validity::ALWAYS;

code_list! {
    /// The SEX code as written in the header: `1`/`2` up to 2023/24, `M`/`F`/`U`
    /// from 2024/25 (`ssda903.md` §4.8). Readers accept both codings.
    ///
    /// ```
    /// use sufficiency::codes::{Sex, SexCode};
    /// assert_eq!(SexCode::One.sex(), Sex::Male);
    /// assert_eq!("f".parse::<SexCode>().unwrap().sex(), Sex::Female);
    /// ```
    SexCode, "SEX" {
        One = "1", "Male (coding up to 2023/24)", Validity::until(2024);
        Two = "2", "Female (coding up to 2023/24)", Validity::until(2024);
        M = "M", "Male", Validity::from(2025);
        F = "F", "Female", Validity::from(2025);
        U = "U", "Unknown or not stated", Validity::from(2025);
    }
}

/// A child's recorded sex, whatever coding the return used.
///
/// ```
/// use sufficiency::codes::{CollectionYear, Sex, SexCode};
/// let y2024 = CollectionYear::new(2024).unwrap();
/// assert_eq!(Sex::Female.code_for(y2024), SexCode::Two);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Unknown or not stated (only codable from 2024/25).
    Unknown,
}

impl SexCode {
    /// The sex this code records. The old numeric coding and the 2024/25
    /// letters record the same thing: `1` and `M` are both male.
    ///
    /// ```
    /// use sufficiency::codes::{Sex, SexCode};
    /// assert_eq!(SexCode::One.sex(), SexCode::M.sex());
    /// assert_eq!(SexCode::U.sex(), Sex::Unknown);
    /// ```
    pub const fn sex(self) -> Sex {
        match self {
            SexCode::One | SexCode::M => Sex::Male,
            SexCode::Two | SexCode::F => Sex::Female,
            SexCode::U => Sex::Unknown,
        }
    }
}

impl Sex {
    /// The code to write for this sex in a given collection year's return.
    /// `Unknown` has no code before 2024/25 and is written as `U` regardless.
    ///
    /// ```
    /// use sufficiency::codes::{CollectionYear, Sex, SexCode};
    /// // 2024/25 (collection 2025) is the first year of the M/F/U coding.
    /// assert_eq!(Sex::Male.code_for(CollectionYear::new(2024).unwrap()), SexCode::One);
    /// assert_eq!(Sex::Male.code_for(CollectionYear::new(2025).unwrap()), SexCode::M);
    /// ```
    pub fn code_for(self, year: super::CollectionYear) -> SexCode {
        let new_coding = year.end_year() >= 2025;
        match (self, new_coding) {
            (Sex::Male, false) => SexCode::One,
            (Sex::Female, false) => SexCode::Two,
            (Sex::Male, true) => SexCode::M,
            (Sex::Female, true) => SexCode::F,
            (Sex::Unknown, _) => SexCode::U,
        }
    }

    /// A lower-case label (`male`, `female`, `unknown`).
    ///
    /// ```
    /// use sufficiency::codes::SexCode;
    /// assert_eq!(SexCode::Two.sex().label(), "female");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unknown => "unknown",
        }
    }
}

code_list! {
    /// Ethnicity (column `ETHNIC`, `ssda903.md` §4.9).
    ///
    /// ```
    /// use sufficiency::codes::Ethnicity;
    /// assert_eq!("wbri".parse::<Ethnicity>().unwrap(), Ethnicity::WBRI);
    /// ```
    Ethnicity, "ETHNIC" {
        WBRI = "WBRI", "White British", ALWAYS;
        WIRI = "WIRI", "White Irish", ALWAYS;
        WOTH = "WOTH", "Any other White background", ALWAYS;
        WIRT = "WIRT", "Traveller of Irish heritage", ALWAYS;
        WROM = "WROM", "Gypsy / Roma", ALWAYS;
        MWBC = "MWBC", "White and Black Caribbean", ALWAYS;
        MWBA = "MWBA", "White and Black African", ALWAYS;
        MWAS = "MWAS", "White and Asian", ALWAYS;
        MOTH = "MOTH", "Any other mixed background", ALWAYS;
        AIND = "AIND", "Indian", ALWAYS;
        APKN = "APKN", "Pakistani", ALWAYS;
        ABAN = "ABAN", "Bangladeshi", ALWAYS;
        AOTH = "AOTH", "Any other Asian background", ALWAYS;
        BCRB = "BCRB", "Caribbean", ALWAYS;
        BAFR = "BAFR", "African", ALWAYS;
        BOTH = "BOTH", "Any other Black background", ALWAYS;
        CHNE = "CHNE", "Chinese", ALWAYS;
        OOTH = "OOTH", "Any other ethnic group", ALWAYS;
        REFU = "REFU", "Refused", ALWAYS;
        NOBT = "NOBT", "Information not yet obtained", ALWAYS;
    }
}
