//! Reading coded and date cells straight from their bytes.
//!
//! Every episode row has seven coded cells and two dates, so at national
//! volume these are millions of small parses. Both are written to do the
//! same few operations whatever the value, rather than branch on it: a
//! processor guesses branches from the values it saw before, and the codes
//! and dates of consecutive rows are unrelated, so a parse that branches on
//! the value is mostly waiting for wrong guesses to be undone.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::codes::{
    pack_code, CategoryOfNeed, Ethnicity, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased, ReasonNewEpisode,
    ReasonPlaceChange, SexCode, UnknownCode,
};

/// Up to 8 bytes as a little-endian integer, zero-padded, from two
/// overlapping fixed-size reads rather than a variable-length copy.
#[inline(always)]
pub(crate) fn load(b: &[u8]) -> u64 {
    let n = b.len();
    debug_assert!(n <= 8);
    if n >= 4 {
        let word = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])) << (8 * i);
        word(0) | word(n - 4)
    } else if n > 0 {
        let byte = |i: usize| u64::from(b[i]) << (8 * i);
        byte(0) | byte(n / 2) | byte(n - 1)
    } else {
        0
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const TOPS: u64 = 0x8080_8080_8080_8080;

/// [`pack_code`] without a loop: 1 to 8 bytes, each printable non-space
/// ASCII (`!` to `~`), upper-cased and packed first byte lowest; `None` for
/// anything else.
///
/// Byte-wise sums do not carry from one byte into the next once every byte
/// is known to be below 0x80: `b + 0x5F` has its top bit set exactly when
/// `b >= 0x21`, `b + 0x01` when `b >= 0x7F`, and `b + 0x1F` but not `b + 0x05`
/// exactly when `b` is `a` to `z`.
#[inline]
pub(crate) fn pack_code_fast(b: &[u8]) -> Option<u64> {
    let n = b.len();
    if n.wrapping_sub(1) >= 8 {
        return None;
    }
    let w = load(b);
    // The top bit of each byte that is part of the value.
    let used = TOPS >> (8 * (8 - n));
    if w & TOPS != 0 {
        return None;
    }
    let graphic = w.wrapping_add(0x5F * ONES) & !w.wrapping_add(ONES);
    if graphic & used != used {
        return None;
    }
    let lower = w.wrapping_add(0x1F * ONES) & !w.wrapping_add(0x05 * ONES) & used;
    Some(w - (lower >> 2))
}

/// One code list's codes in a small hash table, keyed by the packed code
/// ([`pack_code`]): a lookup is one multiplication, one shift and one
/// comparison. The multiplier is chosen when the table is built so that no
/// two codes share a slot.
pub(crate) struct CodeTable<T> {
    /// The packed code in each slot; 0 (no code packs to 0) when empty.
    keys: Vec<u64>,
    /// The code in each slot (any code when empty).
    values: Vec<T>,
    /// The length in bytes of the key in each slot (0 when empty).
    lens: Vec<u8>,
    mul: u64,
    shift: u32,
    /// The code list's own parser, for values that do not pack.
    parse: fn(&str) -> Result<T, UnknownCode>,
}

impl<T: Copy> CodeTable<T> {
    /// The table of `all`, which must be every code of the list, with
    /// `code` giving each one's text and `parse` the list's own parser.
    fn new(all: &[T], code: fn(T) -> &'static str, parse: fn(&str) -> Result<T, UnknownCode>) -> Self {
        let keys: Vec<u64> = all.iter().map(|&c| pack_code(code(c).as_bytes()).expect("codes pack")).collect();
        // At least four slots per code, so a collision-free multiplier is
        // found within a few tries.
        let mut bits = (all.len() * 4).next_power_of_two().trailing_zeros().max(4);
        let mut mul = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            for _ in 0..64 {
                let shift = 64 - bits;
                let size = 1usize << bits;
                let mut table = CodeTable {
                    keys: vec![0; size],
                    values: vec![all[0]; size],
                    lens: vec![0; size],
                    mul,
                    shift,
                    parse,
                };
                let mut ok = true;
                for (&key, &value) in keys.iter().zip(all) {
                    let slot = table.slot(key);
                    if table.keys[slot] == key {
                        continue; // a repeated code: the first is the one `parse` gives
                    }
                    if table.keys[slot] != 0 {
                        ok = false;
                        break;
                    }
                    table.keys[slot] = key;
                    table.values[slot] = value;
                    // The key's bytes are all non-zero (printable), up to its length.
                    table.lens[slot] = (8 - key.leading_zeros() / 8) as u8;
                }
                if ok {
                    return table;
                }
                // The next odd multiplier (a splitmix64 step).
                mul = mul.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let z = (mul ^ (mul >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                mul = (z ^ (z >> 27)) | 1;
            }
            bits += 1;
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(self.mul) >> self.shift) as usize
    }

    /// The code `value` is, exactly as the code list's `parse_code` reads
    /// it; `None` when it is not one.
    ///
    /// Nearly every value is a code written as the table holds it (upper
    /// case, no spaces): its bytes, zero-padded, are then its key. So they
    /// are looked up as they are first, unchecked: a key is printable upper
    /// case, so bytes equal to a key, of the key's length, are bytes that
    /// [`pack_code_fast`] would pack to that same key. Anything else is
    /// checked and packed ([`CodeTable::get_packed`]).
    #[inline]
    pub fn get(&self, value: &[u8]) -> Option<T> {
        let n = value.len();
        if n.wrapping_sub(1) < 8 {
            let raw = load(value);
            let slot = self.slot(raw);
            if self.keys[slot] == raw && usize::from(self.lens[slot]) == n {
                return Some(self.values[slot]);
            }
        }
        self.get_packed(value)
    }

    /// [`CodeTable::get`] for a value that is not a key as it is.
    #[inline(never)]
    fn get_packed(&self, value: &[u8]) -> Option<T> {
        match pack_code_fast(value) {
            Some(key) => {
                let slot = self.slot(key);
                (self.keys[slot] == key).then(|| self.values[slot])
            }
            None => (self.parse)(&String::from_utf8_lossy(value)).ok(),
        }
    }
}

/// The code lists the reader parses.
pub(crate) struct Codes {
    pub sex: CodeTable<SexCode>,
    pub ethnicity: CodeTable<Ethnicity>,
    pub rne: CodeTable<ReasonNewEpisode>,
    pub ls: CodeTable<LegalStatus>,
    pub cin: CodeTable<CategoryOfNeed>,
    pub place: CodeTable<Place>,
    pub provider: CodeTable<PlaceProvider>,
    pub rec: CodeTable<ReasonEpisodeCeased>,
    pub rpc: CodeTable<ReasonPlaceChange>,
}

/// The code tables, built on first use.
pub(crate) fn codes() -> &'static Codes {
    static CODES: OnceLock<Codes> = OnceLock::new();
    CODES.get_or_init(|| {
        macro_rules! table {
            ($t:ty) => {
                CodeTable::new(<$t>::ALL, <$t>::code, <$t>::parse_code)
            };
        }
        Codes {
            sex: table!(SexCode),
            ethnicity: table!(Ethnicity),
            rne: table!(ReasonNewEpisode),
            ls: table!(LegalStatus),
            cin: table!(CategoryOfNeed),
            place: table!(Place),
            provider: table!(PlaceProvider),
            rec: table!(ReasonEpisodeCeased),
            rpc: table!(ReasonPlaceChange),
        }
    })
}

/// Why a date cell could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    Format,
    Impossible,
}

/// Parses a strict `DD/MM/YYYY` date (`ssda903.md` §3).
///
/// The reader parses through [`DateMemo::parse`], which gives the same
/// results; this plain form is what the tests hold it to.
///
/// ```ignore
/// assert_eq!(parse_date("01/05/2024"), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
/// ```
#[cfg(test)]
pub(crate) fn parse_date(s: &[u8]) -> Result<NaiveDate, DateProblem> {
    let (y, m, d) = date_numbers(s)?;
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::Impossible)
}

/// The year, month and day numbers of a strict `DD/MM/YYYY` date
/// (`ssda903.md` §3), not yet checked to be a real date.
///
/// The ten bytes are checked at once: the two slashes, and that the other
/// eight are digits (with the slashes replaced by `0`, every byte must have
/// 3 as its high nibble, and still have it after adding 6).
#[inline(always)]
fn date_numbers(s: &[u8]) -> Result<(u32, u32, u32), DateProblem> {
    let Ok(b) = <&[u8; 10]>::try_from(s) else {
        return Err(DateProblem::Format);
    };
    let lo = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let hi = u64::from(u16::from_le_bytes([b[8], b[9]]));
    const SLASHES: u64 = 0x0000_FF00_00FF_0000;
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let lo_digits = (lo & !SLASHES) | (0x0000_3000_0030_0000);
    let hi_digits = hi | 0x3030_3030_3030_0000;
    let digits = |w: u64| w & HIGH == 0x30 * ONES && w.wrapping_add(0x06 * ONES) & HIGH == 0x30 * ONES;
    if lo & SLASHES != 0x0000_2F00_002F_0000 || !digits(lo_digits) || !digits(hi_digits) {
        return Err(DateProblem::Format);
    }
    let n = |i: usize| u32::from(b[i] - b'0');
    let (d, m, y) = (n(0) * 10 + n(1), n(3) * 10 + n(4), n(6) * 1000 + n(7) * 100 + n(8) * 10 + n(9));
    Ok((y, m, d))
}

/// [`parse_date`] with the dates it has read remembered by their text, so
/// that a date seen before is one look in a table.
///
/// A return's dates are mostly a few thousand days (births and episode
/// dates of recent years), each repeated many times: about two million
/// dates at national volume. A date's text is looked up as its ten bytes
/// (two integers) in a direct-mapped table: a hit is a hash and one
/// comparison, with neither the digits' checks and arithmetic nor the check
/// against the calendar, which were most of a parse. The table holds only
/// real dates: a text that hits is exactly one that parsed before, so gives
/// the same date. A miss parses, and a real date takes the slot.
pub(crate) struct DateMemo {
    slots: Vec<DateSlot>,
}

/// A remembered date: the first eight bytes of its text and the last two.
#[derive(Clone, Copy)]
struct DateSlot {
    lo: u64,
    hi: u16,
    date: NaiveDate,
}

impl DateSlot {
    /// An empty slot: no cell's text starts with the byte 0xFF, which is
    /// never part of UTF-8 (and no date starts with it anyway).
    const EMPTY: DateSlot = DateSlot { lo: u64::MAX, hi: 0, date: NaiveDate::MIN };
}

impl std::fmt::Debug for DateMemo {
    /// How many dates are remembered, rather than the whole table.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = self.slots.iter().filter(|s| s.lo != u64::MAX).count();
        f.debug_struct("DateMemo").field("known", &known).finish()
    }
}

impl Default for DateMemo {
    fn default() -> Self {
        DateMemo { slots: vec![DateSlot::EMPTY; 1 << Self::BITS] }
    }
}

impl DateMemo {
    /// The table has 2^BITS slots (16,384, 256 kB): room for every
    /// distinct date of a return, with few sharing a slot.
    const BITS: u32 = 14;

    /// No table: for when reading has ended.
    pub fn empty() -> Self {
        DateMemo { slots: Vec::new() }
    }

    /// A strict `DD/MM/YYYY` date (`ssda903.md` §3): `Format` unless the
    /// text has that shape, `Impossible` unless it is a real date.
    #[inline]
    pub fn parse(&mut self, s: &[u8]) -> Result<NaiveDate, DateProblem> {
        let Ok(b) = <&[u8; 10]>::try_from(s) else {
            return Err(DateProblem::Format);
        };
        let lo = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        let hi = u16::from_le_bytes([b[8], b[9]]);
        let key = lo ^ u64::from(hi) << 48;
        let at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize;
        match self.slots.get(at) {
            Some(slot) if slot.lo == lo && slot.hi == hi => Ok(slot.date),
            _ => self.parse_new(s, lo, hi, at),
        }
    }

    /// [`DateMemo::parse`] for a text not in the table: parses it, and puts
    /// a real date in slot `at`.
    #[inline(never)]
    fn parse_new(&mut self, s: &[u8], lo: u64, hi: u16, at: usize) -> Result<NaiveDate, DateProblem> {
        let (y, m, d) = date_numbers(s)?;
        let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::Impossible)?;
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = DateSlot { lo, hi, date };
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old parser, byte by byte.
    fn plain_date(s: &str) -> Result<NaiveDate, DateProblem> {
        let b = s.as_bytes();
        if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
            return Err(DateProblem::Format);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateProblem> {
            let mut n = 0u32;
            for &c in &b[r] {
                if !c.is_ascii_digit() {
                    return Err(DateProblem::Format);
                }
                n = n * 10 + u32::from(c - b'0');
            }
            Ok(n)
        };
        let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
        NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::Impossible)
    }

    #[test]
    fn dates_are_strict_dd_mm_yyyy() {
        assert_eq!(parse_date("01/05/2024".as_bytes()), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
        assert_eq!(parse_date("29/02/2024".as_bytes()), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(parse_date("29/02/2023".as_bytes()), Err(DateProblem::Impossible));
        assert_eq!(parse_date("31/04/2023".as_bytes()), Err(DateProblem::Impossible));
        assert_eq!(parse_date("00/01/2023".as_bytes()), Err(DateProblem::Impossible));
        for bad in ["2024-05-01", "1/5/2024", "01/05/24", "01-05-2024", "0a/05/2024", ""] {
            assert_eq!(parse_date(bad.as_bytes()), Err(DateProblem::Format), "{bad}");
        }
    }

    #[test]
    fn remembered_dates_are_the_parsed_dates() {
        let mut memo = DateMemo::default();
        // Twice each: made, then remembered.
        for _ in 0..2 {
            for y in [0, 1899, 1900, 1901, 1930, 2000, 2023, 2024, 2039, 2100, 2155, 2156, 9999] {
                for m in 0..14 {
                    for d in 0..33 {
                        let s = format!("{d:02}/{m:02}/{y:04}");
                        assert_eq!(memo.parse(s.as_bytes()), parse_date(s.as_bytes()), "{s}");
                    }
                }
            }
            for bad in ["2024-05-01", "1/5/2024", "", "0a/05/2024", "\0\0\0\0\0\0\0\0\0\0"] {
                assert_eq!(memo.parse(bad.as_bytes()), Err(DateProblem::Format), "{bad:?}");
            }
            assert_eq!(DateMemo::empty().parse(b"01/05/2024"), parse_date(b"01/05/2024"));
        }
    }

    #[test]
    fn dates_parse_as_the_plain_parser_does() {
        // Every day and month number 0..=39 of a few hundred years, and every
        // byte in every position of a valid date.
        for y in (0..=9999).step_by(37).chain([1900, 2000, 2023, 2024, 2100]) {
            for m in 0..40 {
                for d in 0..40 {
                    let s = format!("{d:02}/{m:02}/{y:04}");
                    assert_eq!(parse_date(s.as_bytes()), plain_date(&s), "{s}");
                }
            }
        }
        let base = *b"29/02/2024";
        for i in 0..10 {
            for byte in 0..=255u8 {
                let mut b = base;
                b[i] = byte;
                if let Ok(s) = std::str::from_utf8(&b) {
                    assert_eq!(parse_date(s.as_bytes()), plain_date(s), "{s:?}");
                }
            }
        }
        for s in ["", "1", "01/05/2024 ", " 01/05/2024", "01/05/20245", "é1/05/202", "01/05/2024\u{a0}"] {
            assert_eq!(parse_date(s.as_bytes()), plain_date(s), "{s:?}");
        }
    }

    /// Every value `parse_code` might see, for one list: its codes in any
    /// case and near misses of every length, byte and shape.
    fn values_for(codes: &[&str]) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for c in codes {
            values.push(c.to_string());
            values.push(c.to_lowercase());
            values.push(format!(" {c}"));
            values.push(format!("{c} "));
            values.push(format!("{c}X"));
            values.push(format!("{c}\0"));
            values.push(format!("\0{c}"));
            values.push(c[..c.len() - 1].to_string());
        }
        for b in 0..=255u8 {
            for prefix in ["", "A", "PR", "ABCDEFG", "ABCDEFGH"] {
                let mut bytes = prefix.as_bytes().to_vec();
                bytes.push(b);
                values.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        values.extend(["", " ", "\u{b}", "é", "1 ", "m\u{a0}", "ZZZZZZZZ", "ZZZZZZZZZ", "\0", "A\0"].map(String::from));
        values
    }

    fn check<T: Copy + PartialEq + std::fmt::Debug>(table: &CodeTable<T>, all: &[T], code: fn(T) -> &'static str) {
        let codes: Vec<&str> = all.iter().map(|&c| code(c)).collect();
        for v in values_for(&codes) {
            assert_eq!(table.get(v.as_bytes()), (table.parse)(&v).ok(), "{v:?}");
        }
    }

    #[test]
    fn code_tables_read_as_parse_code_does() {
        let c = codes();
        check(&c.sex, SexCode::ALL, SexCode::code);
        check(&c.ethnicity, Ethnicity::ALL, Ethnicity::code);
        check(&c.rne, ReasonNewEpisode::ALL, ReasonNewEpisode::code);
        check(&c.ls, LegalStatus::ALL, LegalStatus::code);
        check(&c.cin, CategoryOfNeed::ALL, CategoryOfNeed::code);
        check(&c.place, Place::ALL, Place::code);
        check(&c.provider, PlaceProvider::ALL, PlaceProvider::code);
        check(&c.rec, ReasonEpisodeCeased::ALL, ReasonEpisodeCeased::code);
        check(&c.rpc, ReasonPlaceChange::ALL, ReasonPlaceChange::code);
    }

    #[test]
    fn fast_packing_matches_pack_code() {
        let mut values: Vec<Vec<u8>> = Vec::new();
        for n in 0..=9 {
            for b in 0..=255u8 {
                values.push(vec![b; n]);
                let mut v = b"Ab3~!zZ`{".to_vec();
                v.truncate(n);
                if n > 0 {
                    v[b as usize % n] = b;
                }
                values.push(v);
            }
        }
        for v in values {
            assert_eq!(pack_code_fast(&v), pack_code(&v), "{v:?}");
        }
    }
}
