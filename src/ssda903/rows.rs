//! Row-level parsing: one CSV record into a typed record or row-level issues.
//!
//! Parsed rows are small `Copy` records: the child is an index into the
//! interned identifiers and free text (postcodes, URN, UPN) an index into the
//! interned texts (see [`Ctx`]). Every row of every year is held until the
//! merge, which at national volume is close to a million episode rows, so
//! they are kept to about 40 bytes and hold no reference counts; the public
//! [`Child`] and [`Episode`] values are built only for the rows that survive
//! the merge.

use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::codes::{
    CategoryOfNeed, CollectionYear, Ethnicity, LegalStatus, Place, PlaceProvider, ReasonEpisodeCeased,
    ReasonNewEpisode, ReasonPlaceChange, SexCode,
};
use crate::model::{Child, ChildId, Episode};

use super::issue::{Issue, IssueCode, Severity};
use super::table::TableKind;

/// Where a record came from: index into the file list and 1-based data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct RowRef {
    pub file: u32,
    pub row: u32,
}

/// A file being read, and which of its rows have been rejected.
#[derive(Debug)]
pub(crate) struct FileState {
    pub name: String,
    pub table: TableKind,
    /// The collection year of the file's return, once known.
    pub year: Option<CollectionYear>,
    pub rejected: Vec<bool>,
}

/// An interned free-text cell (see [`Ctx::text`] and [`Ctx::upn`]).
///
/// Postcodes and URNs are numbered per column ([`TextCol`]), UPNs per child
/// ([`Upns`]): equal numbers mean equal text only within one column, and for
/// UPNs only between rows of one child, which is all the merge compares.
pub(crate) type TextId = NonZeroU32;

/// No string: the number [`Texts`] never gives.
const NONE: u32 = u32::MAX;

/// Strings kept end to end in one allocation and numbered from 0 in the order
/// they were added, so that adding one allocates nothing of its own.
#[derive(Debug, Default)]
struct Texts {
    text: String,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    fn push(&mut self, s: &str) -> u32 {
        // Below NONE, which also leaves room for a TextId's + 1.
        let i = u32::try_from(self.ends.len()).ok().filter(|&i| i < NONE).expect("fewer than 2^32 - 1 strings");
        self.text.push_str(s);
        self.ends.push(self.text.len());
        i
    }

    /// String number `i`.
    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let from = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[from..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Every string as a shared string, by number.
    fn into_shared(self) -> Vec<Arc<str>> {
        (0..self.len() as u32).map(|i| Arc::from(self.get(i))).collect()
    }
}

/// Distinct normalised strings (trimmed, upper-cased), each stored once and
/// numbered from 0 in order of first sight.
///
/// The lookup structures ([`Lookup`]) are needed only while rows are read;
/// the dataset gets the strings themselves ([`Texts::into_shared`]).
#[derive(Debug, Default)]
struct Interner {
    texts: Texts,
    lookup: Lookup,
}

/// How an [`Interner`] finds the number of a value it has seen.
///
/// Most identifiers and postcodes are short, so a string of up to 15 bytes is
/// looked up by its bytes and length packed into two integers ([`pack`]): a
/// lookup never follows a pointer to compare text, which at national volume
/// (over 100,000 children) would be a cache miss per row.
///
/// Before the hash table, a lookup tries guesses that need no hashing and,
/// when they are right, touch memory that is already in the CPU's cache: the
/// value looked up last (consecutive rows often repeat a child or a
/// postcode), and, if `guess_next`, the value that came after that one the
/// last time it was looked up. Each year's return lists mostly the same
/// children in the same order as the year before, so at national volume the
/// second guess answers half of all child lookups, each of which would
/// otherwise be a cache miss in a table of a quarter of a million children.
/// Postcodes and URNs repeat in no such order; for them a wrong guess would
/// be a wasted cache miss, so they do not guess the next value.
#[derive(Debug)]
struct Lookup {
    short: ShortTable,
    long: rustc_hash::FxHashMap<Box<str>, u32>,
    /// For each value, by number: its packed key ([`NO_KEY`] when it is
    /// longer than 15 bytes) and the number of the value looked up right
    /// after it last time ([`NONE`] if none yet).
    entries: Vec<Entry>,
    /// The number of the value looked up last ([`NONE`] before the first).
    last: u32,
    /// Whether to guess that the value after the last one repeats.
    guess_next: bool,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: (u64, u64),
    next: u32,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup::new(true)
    }
}

impl Lookup {
    fn new(guess_next: bool) -> Self {
        Lookup { short: ShortTable::default(), long: Default::default(), entries: Vec::new(), last: NONE, guess_next }
    }

    /// The number of a short value, if a guess is right.
    #[inline]
    fn guess(&self, key: (u64, u64)) -> Option<u32> {
        let last = self.entries.get(self.last as usize)?;
        if last.key == key {
            return Some(self.last);
        }
        if !self.guess_next {
            return None;
        }
        self.entries.get(last.next as usize).filter(|e| e.key == key).map(|_| last.next)
    }

    /// Notes that value `i` was looked up, to guess the next lookup from.
    #[inline]
    fn follow(&mut self, i: u32) -> u32 {
        if i != self.last {
            if let Some(last) = self.entries.get_mut(self.last as usize) {
                last.next = i;
            }
            self.last = i;
        }
        i
    }
}

/// The numbers of the short values, in an open-addressing hash table with
/// linear probing, kept at most half full; the keys themselves are in
/// [`Lookup::entries`].
///
/// Each slot is 8 bytes: 0 when empty, otherwise the high 32 bits of the
/// key's hash and the value's number plus one. A general map would hold the
/// 16-byte key in every bucket; this table is a third of the size (4 MB for
/// a quarter of a million children), so more of it stays in the CPU's cache
/// and growing it touches less fresh memory. A lookup reads the slots from
/// the key's home slot on, and compares a key only where the hash bits match.
#[derive(Debug, Default)]
struct ShortTable {
    slots: Vec<u64>,
    len: usize,
}

impl ShortTable {
    /// Slots in a table's first allocation (a power of two).
    const FIRST: usize = 1024;
    /// The most slots: the home slot is at most 32 bits of the hash. Past
    /// 2^31 values the table is more than half full, but still has an empty
    /// slot, as values are numbered below 2^32 - 1.
    const MAX: u64 = 1 << 32;

    /// The high 32 bits of a key's hash: a folded multiply (the 128-bit
    /// product's halves XORed) of the key's halves, each mixed with a constant.
    #[inline]
    fn hash((lo, hi): (u64, u64)) -> u32 {
        let product = u128::from(lo ^ 0x243F_6A88_85A3_08D3) * u128::from(hi ^ 0x1319_8A2E_0370_7344);
        let folded = (product as u64) ^ (product >> 64) as u64;
        (folded >> 32) as u32
    }

    /// The slot where a probe for `hash` starts: its top bits, so that
    /// growing the table needs only the stored hash bits, not the keys.
    #[inline]
    fn home(&self, hash: u32) -> usize {
        // At most 2^32 slots (`MAX`), so the shift is 0..=32.
        (u64::from(hash) >> (32 - self.slots.len().trailing_zeros())) as usize
    }

    /// The number of the value with `key`, if the table has it.
    #[inline]
    fn find(&self, key: (u64, u64), hash: u32, entries: &[Entry]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == hash {
                let i = slot as u32 - 1;
                if entries[i as usize].key == key {
                    return Some(i);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds value `i`, whose key hashes to `hash` and is not in the table.
    fn insert(&mut self, hash: u32, i: u32) {
        if (self.len + 1) * 2 > self.slots.len() && (self.slots.len() as u64) < Self::MAX {
            self.grow();
        }
        self.place(u64::from(hash) << 32 | (u64::from(i) + 1));
        self.len += 1;
    }

    /// Puts a slot's contents in the first empty slot from its home on.
    fn place(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut at = self.home((slot >> 32) as u32);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = slot;
    }

    /// Doubles the slots and places every value again.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(Self::FIRST);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        for slot in old.into_iter().filter(|&s| s != 0) {
            self.place(slot);
        }
    }
}

/// A key no string packs to (its length byte would be 255): the key of a
/// value longer than 15 bytes in [`Lookup::entries`].
const NO_KEY: (u64, u64) = (u64::MAX, u64::MAX);

/// A string of up to 15 bytes packed with its length (bytes 0–14 in order,
/// little-endian, the length in byte 15); `None` if longer.
fn pack(s: &str) -> Option<(u64, u64)> {
    /// Up to 8 bytes as a little-endian integer, from two overlapping fixed-size
    /// reads rather than a variable-length copy (a call to `memcpy`).
    fn load(b: &[u8]) -> u64 {
        let n = b.len();
        let byte = |i: usize| u64::from(b[i]) << (8 * i);
        if n >= 4 {
            let word = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])) << (8 * i);
            word(0) | word(n - 4)
        } else if n > 0 {
            byte(0) | byte(n / 2) | byte(n - 1)
        } else {
            0
        }
    }
    let b = s.as_bytes();
    let n = b.len();
    if n > 15 {
        return None;
    }
    let (lo, hi) = if n > 8 { (load(&b[..8]), load(&b[8..])) } else { (load(b), 0) };
    Some((lo, hi | (n as u64) << 56))
}

/// Whether a packed string has a byte that is ASCII lower-case or not ASCII,
/// eight bytes at a time. For an ASCII byte `b`, `b + 0x1F` sets the top bit
/// exactly when `b >= b'a'` and `b + 0x05` exactly when `b > b'z'`; neither
/// carries into the next byte. Non-ASCII bytes are caught first.
fn needs_upper((lo, hi): (u64, u64)) -> bool {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let lower = |w: u64| (w.wrapping_add(0x1F * ONES) & !w.wrapping_add(0x05 * ONES) & TOP) != 0;
    (lo | hi) & TOP != 0 || lower(lo) || lower(hi)
}

impl Interner {
    /// An empty interner; `guess_next` as in [`Lookup`].
    fn new(guess_next: bool) -> Self {
        Interner { texts: Texts::default(), lookup: Lookup::new(guess_next) }
    }

    /// The number of `raw` once trimmed and upper-cased ([`ChildId::normalise`]).
    fn intern(&mut self, raw: &str) -> u32 {
        let t = raw.trim_ascii();
        match pack(t) {
            Some(key) if !needs_upper(key) => self.short_key(key, t),
            _ => self.normal(&ChildId::normalise(t)),
        }
    }

    /// The number of an already normalised string.
    fn normal(&mut self, s: &str) -> u32 {
        match pack(s) {
            Some(key) => self.short_key(key, s),
            None => {
                let i = match self.lookup.long.get(s) {
                    Some(&i) => i,
                    None => {
                        let i = self.push(s, NO_KEY);
                        self.lookup.long.insert(s.into(), i);
                        i
                    }
                };
                self.lookup.follow(i)
            }
        }
    }

    #[inline]
    fn short_key(&mut self, key: (u64, u64), s: &str) -> u32 {
        if let Some(i) = self.lookup.guess(key) {
            return self.lookup.follow(i);
        }
        let hash = ShortTable::hash(key);
        let i = match self.lookup.short.find(key, hash, &self.lookup.entries) {
            Some(i) => i,
            None => {
                let i = self.push(s, key);
                self.lookup.short.insert(hash, i);
                i
            }
        };
        self.lookup.follow(i)
    }

    fn push(&mut self, s: &str, key: (u64, u64)) -> u32 {
        let i = self.texts.push(s);
        self.lookup.entries.push(Entry { key, next: NONE });
        i
    }
}

/// UPNs, interned per child.
///
/// A UPN's number is only ever compared with those of the same child's other
/// rows (do two header rows of a child agree?), so each child keeps a chain
/// of its own distinct UPNs, nearly always one long, and a lookup compares
/// with those: no hash table, which for one UPN per child would be a cache
/// miss per header row. Two children with the same UPN get different numbers.
#[derive(Debug, Default)]
struct Upns {
    texts: Texts,
    /// For each UPN, by number: the number of the same child's UPN added
    /// before it ([`NONE`] if none).
    before: Vec<u32>,
    /// For each interned child: the number of its latest UPN ([`NONE`] if none).
    latest: Vec<u32>,
}

impl Upns {
    /// The number of child `cix`'s UPN `raw`, trimmed and upper-cased ([`ChildId::normalise`]).
    fn intern(&mut self, cix: u32, raw: &str) -> u32 {
        let upn = ChildId::normalise(raw);
        let cix = cix as usize;
        if cix >= self.latest.len() {
            self.latest.resize(cix + 1, NONE);
        }
        let mut u = self.latest[cix];
        while u != NONE {
            if self.texts.get(u) == upn {
                return u;
            }
            u = self.before[u as usize];
        }
        let u = self.texts.push(&upn);
        self.before.push(self.latest[cix]);
        self.latest[cix] = u;
        u
    }
}

/// A free-text column of the episodes table.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TextCol {
    HomePost,
    PlPost,
    Urn,
}

/// Collects issues and rejections for every file of a read, and interns
/// child identifiers and free text so that each distinct value is stored once.
///
/// Each free-text column of the episodes table ([`TextCol`]) is interned on
/// its own, so that a lookup's guess is the same column's value on the row
/// before; UPNs are interned per child ([`Upns`]).
///
/// Interning happens while rows are read; [`Ctx::end_reading`] then turns the
/// identifiers and free text into the shared strings the dataset holds.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub files: Vec<FileState>,
    pub issues: Vec<Issue>,
    ids: Interner,
    upns: Upns,
    texts: [Interner; 3],
    /// Child identifiers and free text by number, once reading has ended.
    shared_ids: Vec<Arc<str>>,
    shared_texts: [Vec<Arc<str>>; 3],
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            files: Vec::new(),
            issues: Vec::new(),
            ids: Interner::new(true),
            upns: Upns::default(),
            texts: std::array::from_fn(|_| Interner::new(false)),
            shared_ids: Vec::new(),
            shared_texts: Default::default(),
        }
    }
}

impl Ctx {
    /// A postcode or URN cell, upper-cased and interned; `None` when blank.
    pub fn text(&mut self, col: TextCol, raw: &str) -> Option<TextId> {
        if raw.is_empty() {
            return None;
        }
        TextId::new(self.texts[col as usize].intern(raw) + 1)
    }

    /// Child `cix`'s UPN cell, upper-cased and interned; `None` when blank.
    pub fn upn(&mut self, cix: u32, raw: &str) -> Option<TextId> {
        if raw.is_empty() {
            return None;
        }
        TextId::new(self.upns.intern(cix, raw) + 1)
    }

    /// The index of the interned identifier for a CHILD cell.
    pub fn intern(&mut self, raw: &str) -> u32 {
        self.ids.intern(raw)
    }

    /// Ends interning: frees the lookup tables and makes the shared strings
    /// of identifiers and free text, which the methods below need.
    pub fn end_reading(&mut self) {
        self.shared_ids = std::mem::take(&mut self.ids).texts.into_shared();
        self.shared_texts = std::mem::take(&mut self.texts).map(|t| t.texts.into_shared());
    }

    /// Frees the UPNs, once every child has been built.
    pub fn forget_upns(&mut self) {
        self.upns = Upns::default();
    }

    /// The shared text of an interned postcode or URN of column `col`.
    pub fn shared_text(&self, col: TextCol, id: Option<TextId>) -> Option<Arc<str>> {
        id.map(|t| self.shared_texts[col as usize][t.get() as usize - 1].clone())
    }

    /// The text of an interned UPN.
    pub fn upn_str(&self, id: Option<TextId>) -> Option<&str> {
        id.map(|t| self.upns.texts.get(t.get() - 1))
    }

    /// How many children have been interned.
    pub fn child_count(&self) -> usize {
        self.shared_ids.len()
    }

    /// The identifier of interned child `cix`.
    pub fn child_id(&self, cix: u32) -> ChildId {
        ChildId::from_shared(self.shared_ids[cix as usize].clone())
    }

    /// The identifier text of interned child `cix`, for messages.
    pub fn child_str(&self, cix: u32) -> &str {
        &self.shared_ids[cix as usize]
    }

    /// Each interned child's place in identifier order (`position[cix]`).
    ///
    /// Merging keys rows on this rather than on the interning order, so that
    /// rows come out of the merge already in the dataset's final order.
    pub fn id_positions(&self) -> Vec<u32> {
        let ids = &self.shared_ids;
        // Compared on the first 16 bytes held inline, big-endian so that
        // integer order is text order; only ties look at the whole text,
        // behind its pointer.
        let prefix: Vec<u128> = ids
            .iter()
            .map(|s| {
                let mut buf = [0u8; 16];
                let n = s.len().min(16);
                buf[..n].copy_from_slice(&s.as_bytes()[..n]);
                u128::from_be_bytes(buf)
            })
            .collect();
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        // Identifiers are numbered in order of first sight, and returns list
        // children in identifier order, so `order` starts as a few sorted runs
        // (the first return's children, then each later return's newcomers):
        // the standard library's stable sort finds the runs and merges them,
        // reading `prefix` in order. Identifiers are distinct, so any sort
        // gives this order.
        order.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            prefix[a].cmp(&prefix[b]).then_with(|| ids[a].cmp(&ids[b]))
        });
        let mut position = vec![0u32; order.len()];
        for (pos, &cix) in order.iter().enumerate() {
            position[cix as usize] = pos as u32;
        }
        position
    }

    /// Records an issue; an error on a row rejects that row.
    pub fn push(
        &mut self,
        at: Option<RowRef>,
        file: usize,
        column: Option<&str>,
        code: IssueCode,
        severity: Severity,
        message: String,
    ) {
        if let (Some(at), Severity::Error) = (at, severity) {
            self.files[at.file as usize].rejected[at.row as usize - 1] = true;
        }
        self.issues.push(Issue {
            file: self.files[file].name.clone(),
            row: at.map(|a| u64::from(a.row)),
            column: column.map(str::to_string),
            code,
            severity,
            message,
        });
    }

    /// Records an issue about one row.
    pub fn row(&mut self, at: RowRef, column: Option<&str>, code: IssueCode, severity: Severity, message: String) {
        self.push(Some(at), at.file as usize, column, code, severity, message);
    }

    /// `file row N` for messages that point at another row.
    pub fn locate(&self, at: RowRef) -> String {
        format!("{} row {}", self.files[at.file as usize].name, at.row)
    }
}

/// A parsed header row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeaderRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub dob: NaiveDate,
    pub mc_dob: Option<NaiveDate>,
    pub upn: Option<TextId>,
    pub sex_code: SexCode,
    pub ethnicity: Option<Ethnicity>,
    pub mother: Option<bool>,
}

impl HeaderRow {
    /// Whether two rows for one child give the same [`Child`].
    pub fn same_child(&self, other: &Self) -> bool {
        self.cix == other.cix
            && self.sex_code.sex() == other.sex_code.sex()
            && self.dob == other.dob
            && self.ethnicity == other.ethnicity
            && self.upn == other.upn
            && self.mother == other.mother
            && self.mc_dob == other.mc_dob
    }

    /// The child this row records (not yet marked UASC).
    pub fn child(&self, ctx: &Ctx) -> Child {
        let mut child = Child::new(ctx.child_id(self.cix), self.sex_code.sex(), self.dob);
        child.ethnicity = self.ethnicity;
        child.upn = ctx.upn_str(self.upn).map(str::to_owned);
        child.mother = self.mother;
        child.mc_dob = self.mc_dob;
        child
    }
}

/// A parsed episodes row: an [`Episode`] with the child and free text as interned indices.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EpisodeRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub home_postcode: Option<TextId>,
    pub placement_postcode: Option<TextId>,
    pub urn: Option<TextId>,
    pub reason_new: ReasonNewEpisode,
    pub legal_status: LegalStatus,
    pub place: Place,
    pub category_of_need: Option<CategoryOfNeed>,
    pub provider: Option<PlaceProvider>,
    pub reason_end: Option<ReasonEpisodeCeased>,
    pub reason_place_change: Option<ReasonPlaceChange>,
}

impl EpisodeRow {
    /// Whether two rows give the same [`Episode`] (equal text has equal ids).
    pub fn same_episode(&self, o: &Self) -> bool {
        (self.cix, self.start, self.end, self.home_postcode, self.placement_postcode, self.urn)
            == (o.cix, o.start, o.end, o.home_postcode, o.placement_postcode, o.urn)
            && (self.reason_new, self.legal_status, self.place, self.category_of_need, self.provider)
                == (o.reason_new, o.legal_status, o.place, o.category_of_need, o.provider)
            && (self.reason_end, self.reason_place_change) == (o.reason_end, o.reason_place_change)
    }

    /// The episode this row records.
    pub fn episode(&self, ctx: &Ctx) -> Episode {
        Episode {
            child: ctx.child_id(self.cix),
            start: self.start,
            end: self.end,
            reason_new: self.reason_new,
            legal_status: self.legal_status,
            category_of_need: self.category_of_need,
            place: self.place,
            provider: self.provider,
            reason_end: self.reason_end,
            reason_place_change: self.reason_place_change,
            home_postcode: ctx.shared_text(TextCol::HomePost, self.home_postcode),
            placement_postcode: ctx.shared_text(TextCol::PlPost, self.placement_postcode),
            urn: ctx.shared_text(TextCol::Urn, self.urn),
        }
    }
}

/// A parsed UASC row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UascRow {
    pub at: RowRef,
    /// The interned child index.
    pub cix: u32,
    pub ceased: Option<NaiveDate>,
}

/// Why a date cell could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateProblem {
    Format,
    Impossible,
}

/// Parses a strict `DD/MM/YYYY` date (`ssda903.md` §3).
///
/// ```ignore
/// assert_eq!(parse_date("01/05/2024"), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
/// ```
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, DateProblem> {
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

/// Formats a date as `DD/MM/YYYY`.
pub(crate) fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A column of a table: its position in [`TableKind::columns`] and its name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub idx: usize,
    pub name: &'static str,
}

macro_rules! cols {
    ($m:ident: $($name:ident = $idx:literal),+) => {
        pub(crate) mod $m {
            use super::Col;
            $(pub const $name: Col = Col { idx: $idx, name: stringify!($name) };)+
        }
    };
}
cols!(h: CHILD = 0, SEX = 1, DOB = 2, ETHNIC = 3, UPN = 4, MOTHER = 5, MC_DOB = 6);
cols!(e: CHILD = 0, DECOM = 1, RNE = 2, LS = 3, CIN = 4, PLACE = 5, PLACE_PROVIDER = 6, DEC = 7, REC = 8,
    REASON_PLACE_CHANGE = 9, HOME_POST = 10, PL_POST = 11, URN = 12);
cols!(u: CHILD = 0, DUC = 3);

/// The most columns a read table has (Episodes).
pub(crate) const MAX_COLS: usize = 13;

/// One record's values for a table's columns, by column index
/// ([`TableKind::columns`]), trimmed; `""` for a column the file lacks.
pub(crate) type Cells<'r> = [&'r str; MAX_COLS];

/// Where each field of a file's records goes: the table column it holds.
pub(crate) struct Columns {
    /// For each field position in the file's header, the table column index,
    /// or [`Columns::NONE`] for an unknown or repeated column.
    slot: Vec<u8>,
}

impl Columns {
    const NONE: u8 = u8::MAX;

    pub fn new(table: TableKind, header: &[String]) -> Self {
        assert!(table.columns().len() <= MAX_COLS, "a read table has at most {MAX_COLS} columns");
        let mut slot = vec![Self::NONE; header.len()];
        for (idx, c) in table.columns().iter().enumerate() {
            // The first of repeated columns is the one read.
            if let Some(pos) = header.iter().position(|h| h == c) {
                slot[pos] = idx as u8;
            }
        }
        Columns { slot }
    }

    /// Puts field number `pos` of a record into its cell, trimmed.
    #[inline]
    pub fn put<'r>(&self, cells: &mut Cells<'r>, pos: usize, field: &'r str) {
        if let Some(&c) = self.slot.get(pos) {
            if c != Self::NONE {
                cells[c as usize] = field.trim_ascii();
            }
        }
    }
}

/// One record being parsed, with a shortcut for issues.
struct Cell<'a, 'r> {
    ctx: &'a mut Ctx,
    cells: &'a Cells<'r>,
    at: RowRef,
    failed: bool,
}

impl<'r> Cell<'_, 'r> {
    fn get(&self, col: Col) -> &'r str {
        self.cells[col.idx]
    }

    fn issue(&mut self, column: &str, code: IssueCode, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.failed = true;
        }
        self.ctx.row(self.at, Some(column), code, severity, message);
    }

    fn required(&mut self, col: Col, what: &str) -> Option<&'r str> {
        let column = col.name;
        let v = self.get(col);
        if v.is_empty() {
            self.issue(
                column,
                IssueCode::MissingValue,
                Severity::Error,
                format!("{column} is blank; every row needs {what}. The row was left out."),
            );
            None
        } else {
            Some(v)
        }
    }

    /// A date; `severity` says whether a bad value rejects the row.
    fn date(&mut self, col: Col, value: &str, severity: Severity) -> Option<NaiveDate> {
        let column = col.name;
        if value.is_empty() {
            return None;
        }
        let then = if severity == Severity::Error { "The row was left out." } else { "It was read as blank." };
        match parse_date(value) {
            Ok(d) => Some(d),
            Err(DateProblem::Format) => {
                self.issue(
                    column,
                    IssueCode::DateFormat,
                    severity,
                    format!("{column} '{value}' is not a DD/MM/YYYY date (e.g. 01/05/2024). {then}"),
                );
                None
            }
            Err(DateProblem::Impossible) => {
                self.issue(
                    column,
                    IssueCode::DateImpossible,
                    severity,
                    format!("{column} '{value}' is not a real date. {then}"),
                );
                None
            }
        }
    }

    /// A code; unknown values are issues of `severity`.
    fn code<T>(
        &mut self,
        col: Col,
        value: &str,
        severity: Severity,
        parse: fn(&str) -> Result<T, crate::codes::UnknownCode>,
    ) -> Option<T> {
        let column = col.name;
        if value.is_empty() {
            return None;
        }
        match parse(value) {
            Ok(c) => Some(c),
            Err(_) => {
                let then = if severity == Severity::Error { "The row was left out." } else { "It was read as blank." };
                self.issue(
                    column,
                    IssueCode::UnknownCode,
                    severity,
                    format!("{column} '{value}' is not a {column} code in any year of the DfE guide. {then}"),
                );
                None
            }
        }
    }
}

/// Parses a header row. Returns `None` when the row has an error.
pub(crate) fn header_row(ctx: &mut Ctx, cells: &Cells<'_>, at: RowRef) -> Option<HeaderRow> {
    let mut c = Cell { ctx, cells, at, failed: false };
    let id = c.required(h::CHILD, "the child's identifier");
    let sex_raw = c.required(h::SEX, "the child's sex (M, F or U; 1 or 2 before 2024/25)");
    let sex_code = sex_raw.and_then(|v| c.code(h::SEX, v, Severity::Error, SexCode::parse_code));
    let dob = c.required(h::DOB, "the child's date of birth").and_then(|v| c.date(h::DOB, v, Severity::Error));
    let ethnicity = c.code(h::ETHNIC, c.get(h::ETHNIC), Severity::Warning, Ethnicity::parse_code);
    let mother = match c.get(h::MOTHER) {
        "" => None,
        "1" => Some(true),
        "0" => Some(false),
        other => {
            let msg = format!("MOTHER '{other}' should be 0 or 1. It was read as blank.");
            c.issue(h::MOTHER.name, IssueCode::UnknownCode, Severity::Warning, msg);
            None
        }
    };
    let mc_dob = c.date(h::MC_DOB, c.get(h::MC_DOB), Severity::Warning);
    let upn = c.get(h::UPN);
    if c.failed {
        return None;
    }
    let (id, sex_code, dob) = (id?, sex_code?, dob?);
    let cix = ctx.intern(id);
    let upn = ctx.upn(cix, upn);
    Some(HeaderRow { at, cix, dob, mc_dob, upn, sex_code, ethnicity, mother })
}

/// Parses a UASC row. Returns `None` when the row has an error.
pub(crate) fn uasc_row(ctx: &mut Ctx, cells: &Cells<'_>, at: RowRef) -> Option<UascRow> {
    let mut c = Cell { ctx, cells, at, failed: false };
    let id = c.required(u::CHILD, "the child's identifier");
    let duc = c.date(u::DUC, c.get(u::DUC), Severity::Warning);
    if c.failed {
        return None;
    }
    let cix = ctx.intern(id?);
    Some(UascRow { at, cix, ceased: duc })
}

/// Parses an episodes row. Returns `None` when the row has an error.
///
/// `latest` tracks the latest DECOM or DEC that parsed, rejected rows included,
/// from which the return's collection year is inferred.
pub(crate) fn episode_row(
    ctx: &mut Ctx,
    cells: &Cells<'_>,
    at: RowRef,
    latest: &mut Option<NaiveDate>,
) -> Option<EpisodeRow> {
    let mut c = Cell { ctx, cells, at, failed: false };
    let id = c.required(e::CHILD, "the child's identifier");
    let start = c.required(e::DECOM, "the date the episode started").and_then(|v| c.date(e::DECOM, v, Severity::Error));
    let rne = c
        .required(e::RNE, "the reason for the new episode")
        .and_then(|v| c.code(e::RNE, v, Severity::Error, ReasonNewEpisode::parse_code));
    let ls =
        c.required(e::LS, "the legal status").and_then(|v| c.code(e::LS, v, Severity::Error, LegalStatus::parse_code));
    let place = c
        .required(e::PLACE, "the placement type")
        .and_then(|v| c.code(e::PLACE, v, Severity::Error, Place::parse_code));
    let cin_raw = c.get(e::CIN);
    if cin_raw.is_empty() {
        let msg = "CIN is blank; the category of need was read as not recorded.".to_string();
        c.issue(e::CIN.name, IssueCode::MissingValue, Severity::Warning, msg);
    }
    let cin = c.code(e::CIN, cin_raw, Severity::Warning, CategoryOfNeed::parse_code);
    let provider_raw = c.get(e::PLACE_PROVIDER);
    let provider = c.code(e::PLACE_PROVIDER, provider_raw, Severity::Error, PlaceProvider::parse_code);
    let dec_raw = c.get(e::DEC);
    let end = c.date(e::DEC, dec_raw, Severity::Error);
    let rec_raw = c.get(e::REC);
    let rec_code = c.code(e::REC, rec_raw, Severity::Error, ReasonEpisodeCeased::parse_code);
    let rpc =
        c.code(e::REASON_PLACE_CHANGE, c.get(e::REASON_PLACE_CHANGE), Severity::Warning, ReasonPlaceChange::parse_code);
    match (dec_raw.is_empty(), rec_raw.is_empty()) {
        (false, true) => c.issue(
            "REC",
            IssueCode::DecWithoutRec,
            Severity::Error,
            format!("DEC is {dec_raw} but REC is blank: an episode that ended needs the reason it ended (rule 148). The row was left out."),
        ),
        (true, false) => c.issue(
            "DEC",
            IssueCode::RecWithoutDec,
            Severity::Error,
            format!("REC is {rec_raw} but DEC is blank: an episode with a reason for ending needs its end date (rule 148). The row was left out."),
        ),
        _ => {}
    }
    *latest = (*latest).max(start).max(end);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            let msg = format!("DEC {} is before DECOM {}. The row was left out.", format_date(e), format_date(s));
            c.issue("DEC", IssueCode::DecBeforeDecom, Severity::Error, msg);
        }
    }
    if let Some(p) = place {
        match provider {
            Some(pr) if p.takes_no_provider() => {
                let msg =
                    format!("PLACE {p} takes no PLACE_PROVIDER (rule 178) but {pr} was given; it was kept as given.");
                c.issue("PLACE_PROVIDER", IssueCode::ProviderNotAllowed, Severity::Warning, msg);
            }
            None if !p.provider_optional() && provider_raw.is_empty() => {
                let msg = format!("PLACE_PROVIDER is blank for PLACE {p}; the provider was read as not reported, so the placement may be unclassified.");
                c.issue("PLACE_PROVIDER", IssueCode::MissingValue, Severity::Warning, msg);
            }
            _ => {}
        }
    }
    if c.failed {
        return None;
    }
    let (home, pl, urn) = (c.get(e::HOME_POST), c.get(e::PL_POST), c.get(e::URN));
    let (id, start, reason_new, legal_status, place) = (id?, start?, rne?, ls?, place?);
    let home_postcode = ctx.text(TextCol::HomePost, home);
    let placement_postcode = ctx.text(TextCol::PlPost, pl);
    let urn = ctx.text(TextCol::Urn, urn);
    let cix = ctx.intern(id);
    Some(EpisodeRow {
        at,
        cix,
        start,
        end,
        home_postcode,
        placement_postcode,
        urn,
        reason_new,
        legal_status,
        place,
        category_of_need: cin,
        provider,
        reason_end: rec_code,
        reason_place_change: rpc,
    })
}

/// The collection year in which an episode's codes are judged: the return's
/// year, or, for an episode that had already ended before that year began,
/// the year it ended in.
pub(crate) fn year_of_use(end: Option<NaiveDate>, return_year: CollectionYear) -> CollectionYear {
    match end {
        Some(e) if e < return_year.start() => CollectionYear::containing(e),
        _ => return_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_constants_match_the_tables() {
        for col in [h::CHILD, h::SEX, h::DOB, h::ETHNIC, h::UPN, h::MOTHER, h::MC_DOB] {
            assert_eq!(TableKind::Header.columns()[col.idx], col.name);
        }
        for col in [
            e::CHILD,
            e::DECOM,
            e::RNE,
            e::LS,
            e::CIN,
            e::PLACE,
            e::PLACE_PROVIDER,
            e::DEC,
            e::REC,
            e::REASON_PLACE_CHANGE,
            e::HOME_POST,
            e::PL_POST,
            e::URN,
        ] {
            assert_eq!(TableKind::Episodes.columns()[col.idx], col.name);
        }
        for col in [u::CHILD, u::DUC] {
            assert_eq!(TableKind::Uasc.columns()[col.idx], col.name);
        }
    }

    /// Every value of an interner, by number.
    fn all(texts: &Texts) -> Vec<&str> {
        (0..texts.len() as u32).map(|i| texts.get(i)).collect()
    }

    #[test]
    fn interning_normalises_like_child_ids() {
        // Short and long, already normal or not, ASCII or not, whitespace around.
        let values = "C1 c1 a A z { ` @ [ abcdefghijklmno ABCDEFGHIJKLMNO abcdefghijklmnop ABCDEFGHIJKLMNOP \
                      é3 É3 ß SS ss 007 7 straße STRASSE 0123456789abcde 0123456789ABCDEF";
        let values = values.split_whitespace().chain([" C1 ", "C1\t", "", "A\0", "\u{b}X", "X\u{a0}"]);
        for guess_next in [true, false] {
            let mut ids = Interner::new(guess_next);
            for v in values.clone().chain(values.clone()) {
                let i = ids.intern(v);
                assert_eq!(ids.texts.get(i), ChildId::normalise(v).as_ref(), "{v:?}");
            }
            let list = all(&ids.texts);
            for (i, a) in list.iter().enumerate() {
                assert!(list[i + 1..].iter().all(|b| a != b), "{a:?} stored twice");
            }
        }
        for n in 0..=16 {
            let text: String = "abcdefghijklmnop"[..n].to_string();
            let mut buf = [0u8; 16];
            buf[..n.min(15)].copy_from_slice(&text.as_bytes()[..n.min(15)]);
            buf[15] = n as u8;
            let expected = (n <= 15).then(|| {
                (u64::from_le_bytes(buf[..8].try_into().unwrap()), u64::from_le_bytes(buf[8..].try_into().unwrap()))
            });
            assert_eq!(pack(&text), expected, "{n}");
        }
        for b in 0..=255u8 {
            let key = pack(std::str::from_utf8(&[b'A', b & 0x7F, b'B']).unwrap()).unwrap();
            assert_eq!(needs_upper(key), (b & 0x7F).is_ascii_lowercase(), "{b}");
        }
    }

    #[test]
    fn interning_many_values_in_changing_orders() {
        // Enough values for the table to grow many times; some longer than 15
        // bytes; each pass in a different order, with repeats, so that every
        // guess is sometimes right and sometimes wrong.
        let values: Vec<String> = (0..40_000u32)
            .map(|i| {
                if i % 7 == 0 {
                    format!("LONG-VALUE-NUMBER-{i}")
                } else {
                    format!("V{}", i.wrapping_mul(2_654_435_761))
                }
            })
            .collect();
        for guess_next in [true, false] {
            let mut interner = Interner::new(guess_next);
            let numbers: Vec<u32> = values.iter().map(|v| interner.intern(v)).collect();
            assert_eq!(numbers, (0..values.len() as u32).collect::<Vec<_>>());
            for (pass, step) in [9_973usize, 7_919, 104_729].into_iter().enumerate() {
                for k in 0..values.len() {
                    // A permutation: each step is a prime, so coprime with 40,000.
                    let i = (k * step + pass) % values.len();
                    let again = if k % 3 == 0 { 2 } else { 1 };
                    for _ in 0..again {
                        assert_eq!(interner.intern(&values[i]), numbers[i], "{guess_next} {pass} {}", values[i]);
                    }
                }
            }
            assert_eq!(all(&interner.texts), values.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    #[test]
    fn upns_are_interned_per_child() {
        let mut upns = Upns::default();
        let a = upns.intern(3, "a1");
        assert_eq!(upns.texts.get(a), "A1");
        assert_eq!(upns.intern(3, " A1 "), a);
        let b = upns.intern(3, "B2");
        assert_ne!(a, b);
        // A child whose UPN changes back keeps one number for each UPN.
        assert_eq!(upns.intern(3, "A1"), a);
        assert_eq!(upns.intern(3, "b2"), b);
        // Another child with the same UPN has its own number, with the same text.
        let other = upns.intern(0, "A1");
        assert_ne!(other, a);
        assert_eq!(upns.texts.get(other), "A1");
        assert_eq!(upns.intern(0, "A1"), other);
        assert_eq!(upns.intern(3, "A1"), a);
        assert_eq!(all(&upns.texts), ["A1", "B2", "A1"]);
    }

    #[test]
    fn dates_are_strict_dd_mm_yyyy() {
        assert_eq!(parse_date("01/05/2024"), Ok(NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()));
        assert_eq!(parse_date("29/02/2024"), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(parse_date("29/02/2023"), Err(DateProblem::Impossible));
        assert_eq!(parse_date("31/04/2023"), Err(DateProblem::Impossible));
        assert_eq!(parse_date("00/01/2023"), Err(DateProblem::Impossible));
        for bad in ["2024-05-01", "1/5/2024", "01/05/24", "01-05-2024", "0a/05/2024", ""] {
            assert_eq!(parse_date(bad), Err(DateProblem::Format), "{bad}");
        }
    }
}
