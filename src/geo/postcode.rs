//! UK postcodes: the DfE join key, and parsing into unit, sector or district.
//!
//! A full *unit* postcode such as `SW1A 1AA` has an *outward* code (`SW1A`,
//! the postcode *district*) and an *inward* code (`1AA`). The outward code
//! plus the inward code's digit is the *sector* (`SW1A 1`). The leading
//! letters are the *area* (`SW`).
//!
//! ```
//! use sufficiency::geo::postcode::{normalise, Postcode};
//! let pc = Postcode::parse("sw1a 1aa").unwrap();
//! assert_eq!((pc.area(), pc.district(), pc.sector()), ("SW", "SW1A", "SW1A 1".to_string()));
//! assert_eq!(normalise("SW1A 1AA"), pc.key());
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::geo::error::GeoError;
use crate::geo::lookup::Precision;

/// The DfE join key: upper-case with **all** whitespace removed
/// (`/work/shared/domain/ssda903.md` §6). No validation: any string gets a
/// key, and only an exact match in a postcode table counts.
///
/// (The public validator removes only the space character; removing tabs and
/// other whitespace too changes nothing for real data.)
///
/// ```
/// use sufficiency::geo::normalise;
/// assert_eq!(normalise(" sw1a  1aa "), "SW1A1AA");
/// assert_eq!(normalise("B1 1AA"), "B11AA");
/// ```
pub fn normalise(postcode: &str) -> String {
    if postcode.is_ascii() {
        // The common case, byte by byte (loading a 2.7-million-row ONSPD keys
        // every row). ASCII whitespace as `char::is_whitespace` has it: with VT.
        return postcode
            .bytes()
            .filter(|&b| !(b.is_ascii_whitespace() || b == 0x0B))
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
    }
    postcode.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

/// A postcode that has the shape of a UK postcode: a full unit (`B1 1AA`), a
/// sector (`B1 1`) or a district (`B1`).
///
/// Only the *shape* is checked (letters and digits in the right places), not
/// whether Royal Mail ever issued it. Parsing accepts any case and spacing.
/// Without a space, a string is read as a unit if it can be, else as a
/// district, else as a sector: `B11` is district `B11`, so write the sector as
/// `B1 1`. Serialises as its display form (`"B1 1AA"`).
///
/// ```
/// use sufficiency::geo::{Postcode, Precision};
///
/// let unit: Postcode = "sw1a1aa".parse().unwrap();
/// assert_eq!(unit.to_string(), "SW1A 1AA");
/// assert_eq!(unit.precision(), Precision::Unit);
/// assert_eq!(unit.sector(), "SW1A 1");
/// assert_eq!(unit.district(), "SW1A");
///
/// let sector: Postcode = "B1 1".parse().unwrap();
/// assert_eq!(sector.precision(), Precision::Sector);
///
/// assert!("not a postcode".parse::<Postcode>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode {
    /// The outward code (the district), e.g. `SW1A`.
    outward: String,
    /// The inward code as far as it was given: `""`, `"1"` or `"1AA"`.
    inward: String,
}

impl Postcode {
    /// Parses a unit, sector or district postcode; see the type's docs.
    ///
    /// ```
    /// use sufficiency::geo::{Postcode, Precision};
    /// assert_eq!(Postcode::parse("b1").unwrap().precision(), Precision::District);
    /// assert_eq!(Postcode::parse("SW1A1").unwrap().to_string(), "SW1A 1");
    /// let err = Postcode::parse("XX").unwrap_err();
    /// assert!(err.to_string().contains("expected e.g. 'B1 1AA'"));
    /// ```
    pub fn parse(input: &str) -> Result<Self, GeoError> {
        let upper = input.to_uppercase();
        let words: Vec<&str> = upper.split_whitespace().collect();
        let parsed = match words.as_slice() {
            [outward, inward] => Self::from_parts(outward, inward),
            _ => Self::from_key(&words.concat()),
        };
        parsed.ok_or_else(|| GeoError::InvalidPostcode { input: input.to_string() })
    }

    /// Outward and inward code given apart (the input had one space).
    fn from_parts(outward: &str, inward: &str) -> Option<Self> {
        (is_outward(outward) && (is_inward(inward) || is_sector_digit(inward)))
            .then(|| Postcode { outward: outward.to_string(), inward: inward.to_string() })
    }

    /// No space: unit if it can be, else district, else sector.
    fn from_key(key: &str) -> Option<Self> {
        if !key.is_ascii() {
            return None;
        }
        let (outward, inward) = match split_tail(key, 3) {
            Some((o, i)) if is_outward(o) && is_inward(i) => (o, i),
            _ if is_outward(key) => (key, ""),
            _ => match split_tail(key, 1) {
                Some((o, d)) if is_outward(o) && is_sector_digit(d) => (o, d),
                _ => return None,
            },
        };
        Some(Postcode { outward: outward.to_string(), inward: inward.to_string() })
    }

    /// How much of the postcode was given: unit, sector or district.
    ///
    /// ```
    /// use sufficiency::geo::{Postcode, Precision};
    /// assert_eq!(Postcode::parse("B1 1AA").unwrap().precision(), Precision::Unit);
    /// ```
    pub fn precision(&self) -> Precision {
        match self.inward.len() {
            0 => Precision::District,
            1 => Precision::Sector,
            _ => Precision::Unit,
        }
    }

    /// The postcode area: the leading letters (`SW` for `SW1A 1AA`).
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Postcode::parse("SW1A 1AA").unwrap().area(), "SW");
    /// ```
    pub fn area(&self) -> &str {
        let letters = self.outward.find(|c: char| c.is_ascii_digit()).unwrap_or(self.outward.len());
        &self.outward[..letters]
    }

    /// The district (outward code), e.g. `B1`.
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Postcode::parse("B1 1AA").unwrap().district(), "B1");
    /// ```
    pub fn district(&self) -> &str {
        &self.outward
    }

    /// The sector, e.g. `B1 1`, or the district alone for a district
    /// postcode.
    ///
    /// ```
    /// use sufficiency::geo::Postcode;
    /// assert_eq!(Postcode::parse("B1 1AA").unwrap().sector(), "B1 1");
    /// assert_eq!(Postcode::parse("B1").unwrap().sector(), "B1");
    /// ```
    pub fn sector(&self) -> String {
        match self.inward.chars().next() {
            Some(digit) => format!("{} {}", self.outward, digit),
            None => self.outward.clone(),
        }
    }

    /// The DfE join key: no spaces, upper case (`B11AA`). See [`normalise`].
    ///
    /// ```
    /// assert_eq!(sufficiency::geo::Postcode::parse("b1 1aa").unwrap().key(), "B11AA");
    /// ```
    pub fn key(&self) -> String {
        format!("{}{}", self.outward, self.inward)
    }

    /// Whether the postcode is in Northern Ireland (area `BT`), whose ONSPD
    /// rows are not under the Open Government Licence (ssda903.md §7).
    ///
    /// ```
    /// use sufficiency::geo::Postcode;
    /// assert!(Postcode::parse("BT1 1AA").unwrap().is_northern_ireland());
    /// assert!(!Postcode::parse("B1 1AA").unwrap().is_northern_ireland());
    /// ```
    pub fn is_northern_ireland(&self) -> bool {
        self.area() == "BT"
    }
}

impl fmt::Display for Postcode {
    /// `B1 1AA`, `B1 1` or `B1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inward.is_empty() {
            f.write_str(&self.outward)
        } else {
            write!(f, "{} {}", self.outward, self.inward)
        }
    }
}

impl FromStr for Postcode {
    type Err = GeoError;

    /// Same as [`Postcode::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Postcode::parse(s)
    }
}

impl TryFrom<String> for Postcode {
    type Error = GeoError;

    /// Same as [`Postcode::parse`].
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Postcode::parse(&s)
    }
}

impl From<Postcode> for String {
    /// The display form, `B1 1AA`.
    fn from(p: Postcode) -> String {
        p.to_string()
    }
}

/// `key` split before its last `n` bytes (ASCII only), if it is long enough.
fn split_tail(key: &str, n: usize) -> Option<(&str, &str)> {
    key.len().checked_sub(n).map(|at| key.split_at(at))
}

/// Outward-code shapes: A9, A99, AA9, AA99, A9A, AA9A (A letter, 9 digit).
fn is_outward(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    match &b[letters..] {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && (x.is_ascii_digit() || x.is_ascii_uppercase()),
        _ => false,
    }
}

/// Inward-code shape: 9AA.
fn is_inward(s: &str) -> bool {
    matches!(s.as_bytes(), [d, a, b] if d.is_ascii_digit() && a.is_ascii_uppercase() && b.is_ascii_uppercase())
}

/// A sector's inward part: one digit.
fn is_sector_digit(s: &str) -> bool {
    matches!(s.as_bytes(), [d] if d.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        Postcode::parse(s).ok().map(|p| p.to_string())
    }

    #[test]
    fn ascii_fast_path_matches_the_general_rule() {
        let general =
            |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect() };
        let every_ascii: String = (0u8..128).map(char::from).collect();
        assert_eq!(normalise(&every_ascii), general(&every_ascii));
        assert_eq!(normalise(" b1\t1aa\u{b}"), "B11AA");
        assert_eq!(normalise("ß1 1aa"), general("ß1 1aa")); // not ASCII: the general rule
    }

    #[test]
    fn shapes() {
        for ok in ["M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"] {
            assert_eq!(p(ok).as_deref(), Some(ok));
            assert_eq!(p(&ok.replace(' ', "")).as_deref(), Some(ok));
        }
        assert_eq!(p("B11").as_deref(), Some("B11"));
        assert_eq!(p("B111").as_deref(), Some("B11 1"));
        assert_eq!(p(" b1\t1 ").as_deref(), Some("B1 1"));
        for bad in ["", " ", "1AA", "B", "BBB1 1AA", "B1 1A", "B1 AAA", "B1 1AA X", "ÄB1 1AA", "B1-1AA"] {
            assert_eq!(p(bad), None, "{bad:?}");
        }
    }
}
