//! SSDA903 code lists, versioned by collection year.
//!
//! Every coded column of the return (PLACE, PLACE_PROVIDER, LS, RNE, REC, CIN,
//! REASON_PLACE_CHANGE, SEX, ETHNIC) has a typed enum here. A code is *known*
//! if it has ever been part of the list, and *valid for a year* if the DfE
//! allowed it in that collection year: K3 arrived in 2024/25, H5, P2 and Z1
//! left after 2024/25, Z11–Z14 arrived in 2025/26, and SEX moved from `1`/`2`
//! to `M`/`F`/`U` in 2024/25 (`shared/domain/ssda903.md` §4).
//!
//! ```
//! use sufficiency::codes::{CollectionYear, Place};
//!
//! let place: Place = "k3".parse().unwrap(); // codes are upper-cased first
//! assert_eq!(place.code(), "K3");
//! assert!(!place.is_valid_in(CollectionYear::new(2024).unwrap()));
//! assert!(place.is_valid_in(CollectionYear::new(2025).unwrap()));
//! ```

mod child;
mod episode;
mod place;
mod year;

pub use child::{Ethnicity, Sex, SexCode};
pub use episode::{CategoryOfNeed, LegalStatus, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange};
pub use place::{Place, PlaceProvider};
pub use year::{CollectionYear, Validity, YearError};

/// A value that is not one of a code list's codes.
///
/// ```
/// use sufficiency::codes::Place;
/// let err = "Q9".parse::<Place>().unwrap_err();
/// assert_eq!(err.list, "PLACE");
/// assert!(err.to_string().contains("Q9"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a {list} code")]
pub struct UnknownCode {
    /// The code list's SSDA903 column name, e.g. `PLACE`.
    pub list: &'static str,
    /// The value as it was given.
    pub value: String,
}

/// A code of up to 8 printable, non-space ASCII bytes, upper-cased and packed
/// into an integer (the first byte lowest); `None` for anything else (blank,
/// longer, whitespace or non-ASCII), which `parse_code` handles the slow way.
///
/// No code contains a zero byte, so values of different lengths never collide.
#[inline]
pub(crate) const fn pack_code(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 8 {
        return None;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_graphic() {
            return None;
        }
        key |= (b.to_ascii_uppercase() as u64) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// [`pack_code`] for a code list's own codes, at compile time.
pub(crate) const fn packed(code: &str) -> u64 {
    match pack_code(code.as_bytes()) {
        Some(key) => key,
        None => panic!("a code must be 1 to 8 printable ASCII bytes"),
    }
}

/// Defines a code-list enum with its codes, meanings and validity.
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $name:ident, $column:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $meaning:literal, $validity:expr; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = $meaning] #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every code of the list, in the order the DfE guide gives them.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::", stringify!($name), ";\n// Each code is listed once and reads back as itself.\nlet codes: std::collections::BTreeSet<&str> = ", stringify!($name), "::ALL.iter().map(|c| c.code()).collect();\nassert_eq!(codes.len(), ", stringify!($name), "::ALL.len());\nassert!(", stringify!($name), "::ALL.iter().all(|c| ", stringify!($name), "::parse_code(c.code()) == Ok(*c)));\n```")]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The SSDA903 column this list belongs to.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::", stringify!($name), ";\n// Column names in the return are upper case, with no spaces.\nassert!(", stringify!($name), "::COLUMN.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'));\n```")]
            pub const COLUMN: &'static str = $column;

            /// The code exactly as written in the return.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::", stringify!($name), ";\nlet first = ", stringify!($name), "::ALL[0];\nassert_eq!(first.code().parse::<", stringify!($name), ">(), Ok(first));\n```")]
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The code's meaning, from the DfE guide.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::", stringify!($name), ";\nassert!(", stringify!($name), "::ALL.iter().all(|c| !c.meaning().is_empty()));\n```")]
            pub const fn meaning(self) -> &'static str {
                match self { $($name::$variant => $meaning),+ }
            }

            /// The collection years in which the DfE accepts this code.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::{CollectionYear, ", stringify!($name), "};\n// Some code of every list is accepted in 2024/25.\nlet y = CollectionYear::new(2025).unwrap();\nassert!(", stringify!($name), "::ALL.iter().any(|c| c.validity().contains(y)));\n```")]
            pub const fn validity(self) -> $crate::codes::Validity {
                match self { $($name::$variant => $validity),+ }
            }

            /// Whether the DfE accepts this code in `year`.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::{CollectionYear, ", stringify!($name), "};\nlet y = CollectionYear::new(2025).unwrap();\nlet valid = ", stringify!($name), "::ALL.iter().filter(|c| c.is_valid_in(y)).count();\nassert!(valid > 0 && valid <= ", stringify!($name), "::ALL.len());\n```")]
            pub fn is_valid_in(self, year: $crate::codes::CollectionYear) -> bool {
                self.validity().contains(year)
            }

            /// Parses a code after trimming and upper-casing it.
            #[doc = ""]
            #[doc = concat!("```\nuse sufficiency::codes::", stringify!($name), ";\nlet first = ", stringify!($name), "::ALL[0];\nlet messy = format!(\"  {} \", first.code().to_lowercase());\nassert_eq!(", stringify!($name), "::parse_code(&messy), Ok(first));\nassert!(", stringify!($name), "::parse_code(\"not a code\").is_err());\n```")]
            #[allow(non_upper_case_globals)] // the packed codes are named after their variants
            pub fn parse_code(value: &str) -> Result<Self, $crate::codes::UnknownCode> {
                // Fast path for the values a return holds: a short word with no
                // whitespace, packed into one integer and matched against the
                // packed codes (a binary decision, not a scan of the list).
                if let Some(key) = $crate::codes::pack_code(value.as_bytes()) {
                    $( const $variant: u64 = $crate::codes::packed($code); )+
                    return match key {
                        $( $variant => Ok($name::$variant), )+
                        _ => Err($crate::codes::UnknownCode { list: $column, value: value.to_string() }),
                    };
                }
                let trimmed = value.trim();
                $( if trimmed.eq_ignore_ascii_case($code) { return Ok($name::$variant); } )+
                Err($crate::codes::UnknownCode { list: $column, value: value.to_string() })
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::codes::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse_code(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use code_list;

#[cfg(test)]
mod tests {
    use super::*;

    fn year(y: u16) -> CollectionYear {
        CollectionYear::new(y).unwrap()
    }

    #[test]
    fn validity_by_year_follows_the_dfe_changes() {
        // ssda903.md §4.1: K3 from 2024/25; H5, P2, Z1 until 2024/25; Z11–Z14 from 2025/26.
        assert!(!Place::K3.is_valid_in(year(2024)));
        assert!(Place::K3.is_valid_in(year(2025)));
        for p in [Place::H5, Place::P2, Place::Z1] {
            assert!(p.is_valid_in(year(2025)), "{p}");
            assert!(!p.is_valid_in(year(2026)), "{p}");
        }
        for p in [Place::Z11, Place::Z12, Place::Z13, Place::Z14] {
            assert!(!p.is_valid_in(year(2025)), "{p}");
            assert!(p.is_valid_in(year(2026)), "{p}");
        }
        // §4.8: SEX 1/2 until 2023/24, M/F/U from 2024/25.
        assert!(SexCode::One.is_valid_in(year(2024)));
        assert!(!SexCode::One.is_valid_in(year(2025)));
        assert!(SexCode::M.is_valid_in(year(2025)));
        assert!(!SexCode::F.is_valid_in(year(2024)));
    }

    #[test]
    fn codes_round_trip_and_are_case_insensitive() {
        for p in Place::ALL {
            assert_eq!(p.code().to_lowercase().parse::<Place>().unwrap(), *p);
        }
        assert_eq!("e4a".parse::<ReasonEpisodeCeased>().unwrap(), ReasonEpisodeCeased::E4A);
        assert_eq!(" pr4 ".parse::<PlaceProvider>().unwrap(), PlaceProvider::PR4);
        assert!("E4".parse::<ReasonEpisodeCeased>().is_err());
    }

    /// The packed fast path of `parse_code` agrees with trimming and comparing
    /// each code in turn, for codes and near-misses alike.
    #[test]
    fn fast_code_parsing_matches_the_plain_comparison() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            parse: fn(&str) -> Result<T, UnknownCode>,
        ) {
            let mut values: Vec<String> = ["", " ", "\u{b}", "X", "ZZZZZZZZ", "ZZZZZZZZZ", "é", "1 ", "m\u{a0}"]
                .iter()
                .map(|v| v.to_string())
                .collect();
            for c in all.iter().map(|c| code(*c)) {
                let lower = c.to_lowercase();
                values.extend([
                    c.to_string(),
                    lower.clone(),
                    format!(" {c}\t"),
                    format!("{c}\u{b}"),
                    format!("\u{a0}{lower}"),
                ]);
                values.extend([format!("{c}0"), c[..c.len() - 1].to_string(), format!("{c}\u{e9}")]);
            }
            for v in &values {
                let plain = all.iter().copied().find(|c| v.trim().eq_ignore_ascii_case(code(*c)));
                assert_eq!(parse(v).ok(), plain, "{v:?}");
                if let Err(e) = parse(v) {
                    assert_eq!(e.value, *v);
                }
            }
        }
        check(Place::ALL, Place::code, Place::parse_code);
        check(PlaceProvider::ALL, PlaceProvider::code, PlaceProvider::parse_code);
        check(LegalStatus::ALL, LegalStatus::code, LegalStatus::parse_code);
        check(ReasonNewEpisode::ALL, ReasonNewEpisode::code, ReasonNewEpisode::parse_code);
        check(ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code, ReasonEpisodeCeased::parse_code);
        check(CategoryOfNeed::ALL, CategoryOfNeed::code, CategoryOfNeed::parse_code);
        check(ReasonPlaceChange::ALL, ReasonPlaceChange::code, ReasonPlaceChange::parse_code);
        check(SexCode::ALL, SexCode::code, SexCode::parse_code);
        check(Ethnicity::ALL, Ethnicity::code, Ethnicity::parse_code);
    }

    #[test]
    fn list_sizes_match_the_guide() {
        // ssda903.md §4: 32 PLACE codes (incl. Z1 and Z11–Z14), 6 providers, 13 legal statuses,
        // 6 RNE, 8 CIN, 12 reasons for a placement change.
        assert_eq!(Place::ALL.len(), 32);
        assert_eq!(PlaceProvider::ALL.len(), 6);
        assert_eq!(LegalStatus::ALL.len(), 13);
        assert_eq!(ReasonNewEpisode::ALL.len(), 6);
        assert_eq!(CategoryOfNeed::ALL.len(), 8);
        assert_eq!(ReasonPlaceChange::ALL.len(), 12);
        assert_eq!(Ethnicity::ALL.len(), 20);
    }

    #[test]
    fn serde_uses_the_return_codes() {
        let json = serde_json::to_string(&Place::K2).unwrap();
        assert_eq!(json, "\"K2\"");
        let back: ReasonEpisodeCeased = serde_json::from_str("\"E4A\"").unwrap();
        assert_eq!(back, ReasonEpisodeCeased::E4A);
    }
}
