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
use super::parse::{codes, load, CodeTable, DateMemo, DateProblem};
use super::table::TableKind;

/// Where a record came from: index into the file list and 1-based data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct RowRef {
    pub file: u32,
    pub row: u32,
}

/// A file being read, how many rows it has and which have been rejected.
#[derive(Debug)]
pub(crate) struct FileState {
    pub name: String,
    pub table: TableKind,
    /// The collection year of the file's return, once known.
    pub year: Option<CollectionYear>,
    /// Data rows read.
    pub rows: u32,
    /// The rows with an error (1-based, in no order, a row once per error):
    /// a list rather than a flag per row, as errors are few.
    pub rejected: Vec<u32>,
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
///
/// They are kept as bytes while rows are read: every one is cut from UTF-8
/// text at ASCII bytes, or made from a `str`, so is UTF-8 itself, and
/// checking each as it is added (a quarter of a million children, each with
/// an identifier and a UPN) would cost more than checking all of them
/// together once, when reading ends ([`Texts::into_strings`]).
#[derive(Debug, Default)]
struct Texts {
    text: Vec<u8>,
    /// Where each string ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    /// Adds `s`, which is UTF-8.
    fn push(&mut self, s: &[u8]) -> u32 {
        // Below NONE, which also leaves room for a TextId's + 1.
        let i = u32::try_from(self.ends.len()).ok().filter(|&i| i < NONE).expect("fewer than 2^32 - 1 strings");
        self.text.extend_from_slice(s);
        self.ends.push(self.text.len());
        i
    }

    /// String number `i`.
    fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let from = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[from..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The strings as text, checked as UTF-8 all at once.
    fn into_strings(self) -> Strings {
        let text = String::from_utf8(self.text).expect("every string added is UTF-8");
        Strings { text, ends: self.ends }
    }
}

/// [`Texts`] once reading has ended: the same strings, as text.
#[derive(Debug, Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    /// String number `i`.
    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let from = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[from..self.ends[i]]
    }

    /// Every string as a shared string, by number.
    fn into_shared(self) -> Vec<Arc<str>> {
        (0..self.ends.len() as u32).map(|i| Arc::from(self.get(i))).collect()
    }
}

/// Distinct normalised strings (trimmed, upper-cased), each stored once and
/// numbered from 0 in order of first sight.
///
/// The lookup structures ([`Lookup`]) are needed only while rows are read;
/// the dataset gets the strings themselves ([`Strings::into_shared`]).
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
/// postcode), and, if `guess_next`, the values that came after it the last
/// time it was looked up: the next one, and the next ones' next, up to
/// [`Lookup::GUESSES`] steps along. Each year's return lists mostly the same
/// children in the same order as the year before, so at national volume
/// these guesses answer nearly all lookups of a known child, each of which
/// would otherwise be a cache miss in a table of a quarter of a million
/// children. The steps skip the children who have left care since; a child
/// first seen is put into the chain where it was met, so the child after it
/// is still guessed (see [`Interner::push`]). Postcodes and URNs repeat in
/// no such order; for them a wrong guess would be a wasted cache miss, so
/// they do not guess the next value.
#[derive(Debug)]
struct Lookup {
    short: ShortTable,
    /// If not `guess_next`, the values of up to 8 bytes, instead of `short`.
    inline: InlineTable,
    long: rustc_hash::FxHashMap<Box<str>, u32>,
    /// For each value, by number: its packed key ([`NO_KEY`] when it is
    /// longer than 15 bytes).
    keys: Vec<(u64, u64)>,
    /// If `guess_next`, for each value, by number: the number of the value
    /// looked up right after it last time ([`NONE`] if none yet). (Apart
    /// from `keys`, so that interners that do not guess the next value keep
    /// their keys in less memory.)
    nexts: Vec<u32>,
    /// The number of the value looked up last ([`NONE`] before the first).
    last: u32,
    /// Whether to guess that the value after the last one repeats.
    guess_next: bool,
    /// Whether lookups leave the guesses as they are ([`Ctx::intern_aside`]).
    aside: bool,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup::new(true)
    }
}

impl Lookup {
    fn new(guess_next: bool) -> Self {
        Lookup {
            short: ShortTable::default(),
            inline: InlineTable::default(),
            long: Default::default(),
            keys: Vec::new(),
            nexts: Vec::new(),
            last: NONE,
            guess_next,
            aside: false,
        }
    }

    /// How many values after the last one a lookup guesses.
    const GUESSES: usize = 3;

    /// The number of a short value, if a guess is right.
    #[inline(always)]
    fn guess(&self, key: (u64, u64)) -> Option<u32> {
        if *self.keys.get(self.last as usize)? == key {
            return Some(self.last);
        }
        if !self.guess_next {
            return None;
        }
        let mut next = self.nexts[self.last as usize];
        for _ in 0..Self::GUESSES {
            if *self.keys.get(next as usize)? == key {
                return Some(next);
            }
            next = self.nexts[next as usize];
        }
        None
    }

    /// What a value first seen now should guess comes after it: what came
    /// after the last value.
    fn next_of_new(&self) -> u32 {
        match self.nexts.get(self.last as usize) {
            Some(&next) if !self.aside => next,
            _ => NONE,
        }
    }

    /// Notes that value `i` was looked up, to guess the next lookup from.
    #[inline(always)]
    fn follow(&mut self, i: u32) -> u32 {
        if i != self.last && !self.aside {
            if let Some(next) = self.nexts.get_mut(self.last as usize) {
                *next = i;
            }
            self.last = i;
        }
        i
    }
}

/// The numbers of the short values, in an open-addressing hash table with
/// linear probing, kept at most three quarters full; the keys themselves
/// are in [`Lookup::keys`].
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
    /// 3 × 2^30 values the table is more than three quarters full, but still
    /// has an empty slot, as values are numbered below 2^32 - 1.
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
    fn find(&self, key: (u64, u64), hash: u32, keys: &[(u64, u64)]) -> Option<u32> {
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
                if keys[i as usize] == key {
                    return Some(i);
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds value `i`, whose key hashes to `hash` and is not in the table.
    fn insert(&mut self, hash: u32, i: u32) {
        if (self.len + 1) * 4 > self.slots.len() * 3 && (self.slots.len() as u64) < Self::MAX {
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

/// The numbers of values of up to 8 bytes, for the interners that guess only
/// the last value (postcodes, URNs), in an open-addressing hash table with
/// linear probing, kept at most three quarters full.
///
/// Each slot holds the value's bytes and, in one more word, its length and
/// number plus one (0 when empty): a lookup reads one place in memory, where
/// [`ShortTable`] reads its slot and then the key. Postcodes and URNs are at
/// most 8 bytes, and are looked up in these tables about a million times at
/// national volume, mostly missing the CPU's caches; a second read for
/// each would double the wait.
#[derive(Debug, Default)]
struct InlineTable {
    slots: Vec<(u64, u64)>,
    len: usize,
}

impl InlineTable {
    /// Whether a packed key is of at most 8 bytes, which this table holds.
    #[inline(always)]
    fn holds((_, hi): (u64, u64)) -> bool {
        hi >> 56 <= 8
    }

    #[inline]
    fn home(&self, hash: u32) -> usize {
        (u64::from(hash) >> (32 - self.slots.len().trailing_zeros())) as usize
    }

    /// The number of the value with `key` (which [`InlineTable::holds`]), if the table has it.
    #[inline]
    fn find(&self, (lo, hi): (u64, u64), hash: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let (bytes, meta) = self.slots[at];
            if meta == 0 {
                return None;
            }
            if bytes == lo && meta & !0xFFFF_FFFF == hi {
                return Some(meta as u32 - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds value `i`, whose key hashes to `hash` and is not in the table.
    fn insert(&mut self, (lo, hi): (u64, u64), hash: u32, i: u32) {
        if (self.len + 1) * 4 > self.slots.len() * 3 && (self.slots.len() as u64) < ShortTable::MAX {
            let size = (self.slots.len() * 2).max(ShortTable::FIRST);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            for (bytes, meta) in old.into_iter().filter(|&(_, meta)| meta != 0) {
                self.place(bytes, meta, ShortTable::hash((bytes, meta & !0xFFFF_FFFF)));
            }
        }
        // Numbers are below 2^32 - 1, so the number plus one fits the low half.
        self.place(lo, hi | (u64::from(i) + 1), hash);
        self.len += 1;
    }

    fn place(&mut self, bytes: u64, meta: u64, hash: u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        while self.slots[at].1 != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = (bytes, meta);
    }
}

/// A key no string packs to (its length byte would be 255): the key of a
/// value longer than 15 bytes in [`Lookup::keys`].
const NO_KEY: (u64, u64) = (u64::MAX, u64::MAX);

/// `s` without ASCII whitespace at either end. Nearly every value starts and
/// ends with a byte above the space, which no ASCII whitespace is; only
/// others are trimmed.
#[inline(always)]
pub(crate) fn trim(s: &[u8]) -> &[u8] {
    match (s.first(), s.last()) {
        (Some(&first), Some(&last)) if first > b' ' && last > b' ' => s,
        _ => s.trim_ascii(),
    }
}

/// A cell's text, for messages: cells are cut from UTF-8 text at ASCII
/// bytes, so this is always the text itself, borrowed.
pub(crate) fn shown(cell: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(cell) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(cell),
    }
}

/// A string of up to 15 bytes packed with its length (bytes 0–14 in order,
/// little-endian, the length in byte 15); `None` if longer.
#[inline(always)]
fn pack(b: &[u8]) -> Option<(u64, u64)> {
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
#[inline(always)]
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
    #[inline(always)]
    fn intern(&mut self, raw: &[u8]) -> u32 {
        self.intern_hinted(raw, NONE)
    }

    /// [`Interner::intern`], trying value number `hint` (if any) after the
    /// guesses of [`Lookup`].
    ///
    /// The guesses are tried inline; only when they fail is the hash table
    /// searched, out of line.
    #[inline(always)]
    fn intern_hinted(&mut self, raw: &[u8], hint: u32) -> u32 {
        let t = trim(raw);
        match pack(t) {
            Some(key) if !needs_upper(key) => {
                if let Some(i) = self.lookup.guess(key) {
                    return self.lookup.follow(i);
                }
                match self.lookup.keys.get(hint as usize) {
                    Some(&k) if k == key => self.lookup.follow(hint),
                    _ => self.find_or_add(key, t),
                }
            }
            _ => self.normal(&ChildId::normalise(&shown(t))),
        }
    }

    /// The number of an already normalised string.
    #[cold]
    #[inline(never)]
    fn normal(&mut self, s: &str) -> u32 {
        match pack(s.as_bytes()) {
            Some(key) => match self.lookup.guess(key) {
                Some(i) => self.lookup.follow(i),
                None => self.find_or_add(key, s.as_bytes()),
            },
            None => {
                let i = match self.lookup.long.get(s) {
                    Some(&i) => i,
                    None => {
                        let i = self.push(s.as_bytes(), NO_KEY);
                        self.lookup.long.insert(s.into(), i);
                        i
                    }
                };
                self.lookup.follow(i)
            }
        }
    }

    /// The number of short value `s`, packed as `key`, from the hash table,
    /// adding it if it is new.
    #[inline(never)]
    fn find_or_add(&mut self, key: (u64, u64), s: &[u8]) -> u32 {
        let hash = ShortTable::hash(key);
        let inline = !self.lookup.guess_next && InlineTable::holds(key);
        let found = if inline {
            self.lookup.inline.find(key, hash)
        } else {
            self.lookup.short.find(key, hash, &self.lookup.keys)
        };
        let i = match found {
            Some(i) => i,
            None => {
                let i = self.push(s, key);
                if inline {
                    self.lookup.inline.insert(key, hash, i);
                } else {
                    self.lookup.short.insert(hash, i);
                }
                i
            }
        };
        self.lookup.follow(i)
    }

    /// Adds a value first seen now, with its packed key.
    fn push(&mut self, s: &[u8], key: (u64, u64)) -> u32 {
        let i = self.texts.push(s);
        let next = self.lookup.next_of_new();
        self.lookup.keys.push(key);
        if self.lookup.guess_next {
            self.lookup.nexts.push(next);
        }
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
    /// For each UPN, by number: its packed key ([`NO_KEY`] when it is
    /// longer than 15 bytes), which is compared rather than the text.
    keys: Vec<(u64, u64)>,
    /// For each UPN, by number: the number of the same child's UPN added
    /// before it ([`NONE`] if none).
    before: Vec<u32>,
    /// For each interned child: the number of its latest UPN ([`NONE`] if none).
    latest: Vec<u32>,
}

impl Upns {
    /// The number of child `cix`'s UPN `raw`, trimmed and upper-cased ([`ChildId::normalise`]).
    fn intern(&mut self, cix: u32, raw: &[u8]) -> u32 {
        let t = trim(raw);
        // Nearly every UPN is already normal (ASCII, no lower case), and
        // short: it is packed once, here.
        match pack(t) {
            Some(key) if !needs_upper(key) => self.intern_normal(cix, t, key),
            None if !t.iter().any(|b| b.is_ascii_lowercase() || !b.is_ascii()) => self.intern_normal(cix, t, NO_KEY),
            _ => {
                let upn = ChildId::normalise(&shown(t)).into_owned();
                self.intern_normal(cix, upn.as_bytes(), pack(upn.as_bytes()).unwrap_or(NO_KEY))
            }
        }
    }

    /// [`Upns::intern`] for a UPN already trimmed and upper-cased, packed
    /// as `key` ([`NO_KEY`] when longer than 15 bytes).
    fn intern_normal(&mut self, cix: u32, upn: &[u8], key: (u64, u64)) -> u32 {
        let cix = cix as usize;
        if cix >= self.latest.len() {
            self.latest.resize(cix + 1, NONE);
        }
        let mut u = self.latest[cix];
        while u != NONE {
            if self.keys[u as usize] == key && (key != NO_KEY || self.texts.get(u) == upn) {
                return u;
            }
            u = self.before[u as usize];
        }
        let u = self.texts.push(upn);
        self.keys.push(key);
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
    /// The UPNs' text, once reading has ended, until every child is built.
    upn_strings: Strings,
    texts: [Interner; 3],
    /// The dates parsed so far, while reading.
    dates: DateMemo,
    /// For each interned child, the number of the free text of each
    /// [`TextCol`] in the child's last episode row that had one ([`NONE`] if none).
    child_texts: Vec<[u32; 3]>,
    /// Each child's place in identifier order, once reading has ended
    /// ([`Ctx::id_positions`]).
    positions: Vec<u32>,
    /// Child identifiers by number, once reading has ended; `None` once the
    /// child's identifier has been given to its [`Child`]
    /// ([`Ctx::take_child_id`]).
    shared_ids: Vec<Option<Arc<str>>>,
    /// Free text by number, for each [`TextCol`], once reading has ended.
    shared_texts: [Vec<Arc<str>>; 3],
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            files: Vec::new(),
            issues: Vec::new(),
            ids: Interner::new(true),
            upns: Upns::default(),
            upn_strings: Strings::default(),
            texts: std::array::from_fn(|_| Interner::new(false)),
            dates: DateMemo::default(),
            child_texts: Vec::new(),
            positions: Vec::new(),
            shared_ids: Vec::new(),
            shared_texts: Default::default(),
        }
    }
}

/// Each string's place in text order (`position[i]` for string `i`); the
/// strings are distinct.
fn positions(ids: &Texts) -> Vec<u32> {
    // Compared on their first 16 bytes, big-endian so that integer order is
    // text order; only ties look at the whole text. The strings are end to
    // end in one buffer, so this reads memory in order.
    let prefix: Vec<u128> = (0..ids.len() as u32)
        .map(|i| {
            let s = ids.get(i);
            let mut buf = [0u8; 16];
            let n = s.len().min(16);
            buf[..n].copy_from_slice(&s[..n]);
            u128::from_be_bytes(buf)
        })
        .collect();
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    // Identifiers are numbered in order of first sight, and returns list
    // children in identifier order, so `order` starts as a few sorted runs
    // (the first return's children, then each later return's newcomers):
    // the standard library's stable sort finds the runs and merges them,
    // reading `prefix` in order. Identifiers are distinct, so any sort gives
    // this order.
    order.sort_by(|&a, &b| prefix[a as usize].cmp(&prefix[b as usize]).then_with(|| ids.get(a).cmp(ids.get(b))));
    let mut position = vec![0u32; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        position[i as usize] = pos as u32;
    }
    position
}

impl Ctx {
    /// A postcode or URN cell, upper-cased and interned; `None` when blank.
    pub fn text(&mut self, col: TextCol, raw: &[u8]) -> Option<TextId> {
        if raw.is_empty() {
            return None;
        }
        TextId::new(self.texts[col as usize].intern(raw) + 1)
    }

    /// The postcode and URN cells of an episode row of child `cix`,
    /// upper-cased and interned; `None` when blank.
    ///
    /// As [`Ctx::text`], but each value is first compared with the same
    /// column's value in the child's last row: a child's home postcode seldom
    /// changes, and an episode open at the end of one year is repeated in
    /// the next year's return. The values each child last had are kept in the
    /// order children are numbered, which is about the order every return
    /// lists them, so this comparison costs far less than a look in the hash
    /// table, which at national volume would mostly miss the CPU's caches.
    pub fn episode_texts(&mut self, cix: u32, raw: [&[u8]; 3]) -> [Option<TextId>; 3] {
        let cix = cix as usize;
        if cix >= self.child_texts.len() {
            self.child_texts.resize(cix + 1, [NONE; 3]);
        }
        let mut out = [None; 3];
        for (col, raw) in raw.into_iter().enumerate() {
            if raw.is_empty() {
                continue;
            }
            let hint = &mut self.child_texts[cix][col];
            let i = self.texts[col].intern_hinted(raw, *hint);
            *hint = i;
            out[col] = TextId::new(i + 1);
        }
        out
    }

    /// Child `cix`'s UPN cell, upper-cased and interned; `None` when blank.
    pub fn upn(&mut self, cix: u32, raw: &[u8]) -> Option<TextId> {
        if raw.is_empty() {
            return None;
        }
        TextId::new(self.upns.intern(cix, raw) + 1)
    }

    /// The index of the interned identifier for a CHILD cell.
    pub fn intern(&mut self, raw: &[u8]) -> u32 {
        self.ids.intern(raw)
    }

    /// [`Ctx::intern`] for a table that lists children in an order of its
    /// own (UASC), which would spoil the guesses of the next lookups.
    pub fn intern_aside(&mut self, raw: &[u8]) -> u32 {
        self.ids.lookup.aside = true;
        let cix = self.ids.intern(raw);
        self.ids.lookup.aside = false;
        cix
    }

    /// Ends interning: frees the lookup tables and makes the shared strings
    /// of identifiers and free text, which the methods below need.
    pub fn end_reading(&mut self) {
        let ids = std::mem::take(&mut self.ids).texts;
        self.positions = positions(&ids);
        self.shared_ids = ids.into_strings().into_shared().into_iter().map(Some).collect();
        self.shared_texts = std::mem::take(&mut self.texts).map(|t| t.texts.into_strings().into_shared());
        self.child_texts = Vec::new();
        self.dates = DateMemo::empty();
        // Only the UPNs' text is needed from now on.
        self.upn_strings = std::mem::take(&mut self.upns).texts.into_strings();
    }

    /// Frees the UPNs, once every child has been built.
    pub fn forget_upns(&mut self) {
        self.upn_strings = Strings::default();
    }

    /// The shared text of an interned postcode or URN of column `col`.
    pub fn shared_text(&self, col: TextCol, id: Option<TextId>) -> Option<Arc<str>> {
        id.map(|t| self.shared_texts[col as usize][t.get() as usize - 1].clone())
    }

    /// The text of an interned UPN.
    pub fn upn_str(&self, id: Option<TextId>) -> Option<&str> {
        id.map(|t| self.upn_strings.get(t.get() - 1))
    }

    /// How many children have been interned.
    pub fn child_count(&self) -> usize {
        self.shared_ids.len()
    }

    /// The identifier of interned child `cix`.
    pub fn child_id(&self, cix: u32) -> ChildId {
        ChildId::from_shared(self.shared_ids[cix as usize].clone().expect("the child's identifier is not taken yet"))
    }

    /// The identifier of interned child `cix`, for the last time: the shared
    /// string is moved out rather than shared once more and then let go of.
    pub fn take_child_id(&mut self, cix: u32) -> ChildId {
        ChildId::from_shared(self.shared_ids[cix as usize].take().expect("a child's identifier is taken once"))
    }

    /// The identifier text of interned child `cix`, for messages.
    pub fn child_str(&self, cix: u32) -> &str {
        self.shared_ids[cix as usize].as_deref().expect("the child's identifier is not taken yet")
    }

    /// Each interned child's place in identifier order (`position[cix]`),
    /// worked out by [`Ctx::end_reading`].
    ///
    /// Merging keys rows on this rather than on the interning order, so that
    /// rows come out of the merge already in the dataset's final order.
    pub fn id_positions(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.positions)
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
            self.files[at.file as usize].rejected.push(at.row);
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

    /// The child this row records (not yet marked UASC); the last use of the
    /// child's identifier ([`Ctx::take_child_id`]).
    pub fn child(&self, ctx: &mut Ctx) -> Child {
        let mut child = Child::new(ctx.take_child_id(self.cix), self.sex_code.sex(), self.dob);
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
/// ([`TableKind::columns`]), trimmed, as bytes (cut from UTF-8 text at ASCII
/// commas, so each is UTF-8 too); empty for a column the file lacks.
pub(crate) type Cells<'r> = [&'r [u8]; MAX_COLS];

/// Where each field of a file's records goes: the table column it holds.
pub(crate) struct Columns {
    /// For each field position in the file's header, the table column index,
    /// or [`Columns::NONE`] for an unknown or repeated column.
    slot: Vec<u8>,
    /// Whether the file has exactly the table's columns, in the table's
    /// order, as nearly every file does: field `n` is then column `n`.
    in_order: bool,
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
        let in_order = header.len() == table.columns().len() && header.iter().zip(table.columns()).all(|(h, c)| h == c);
        Columns { slot, in_order }
    }

    /// Whether fields can be put with [`Columns::put_in_order`].
    pub fn in_order(&self) -> bool {
        self.in_order
    }

    /// [`Columns::put`] for a file whose columns are [`Columns::in_order`]:
    /// without looking up the column, which for every field of every record
    /// was a third of the work of putting it. A field past the last column
    /// (of a record that will be rejected for having too many) goes into a
    /// spare cell, or nowhere.
    #[inline(always)]
    pub fn put_in_order<'r>(cells: &mut Cells<'r>, pos: usize, field: &'r [u8]) {
        if let Some(cell) = cells.get_mut(pos) {
            *cell = trim(field);
        }
    }

    /// Puts field number `pos` of a record into its cell, trimmed.
    #[inline]
    pub fn put<'r>(&self, cells: &mut Cells<'r>, pos: usize, field: &'r [u8]) {
        if let Some(&c) = self.slot.get(pos) {
            if c != Self::NONE {
                cells[c as usize] = trim(field);
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

/// The message's last words for a value that could not be read.
fn then(severity: Severity) -> &'static str {
    if severity == Severity::Error {
        "The row was left out."
    } else {
        "It was read as blank."
    }
}

// The checks run for every cell of every row, and nearly always pass, so the
// passing path is inlined into the row parsers and the issue for a failing
// value is written out of line (`#[cold]`), keeping the row's code small.
impl<'r> Cell<'_, 'r> {
    #[inline(always)]
    fn get(&self, col: Col) -> &'r [u8] {
        self.cells[col.idx]
    }

    fn issue(&mut self, column: &str, code: IssueCode, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.failed = true;
        }
        self.ctx.row(self.at, Some(column), code, severity, message);
    }

    #[inline(always)]
    fn required(&mut self, col: Col, what: &str) -> Option<&'r [u8]> {
        let v = self.get(col);
        if v.is_empty() {
            self.blank(col, what);
            None
        } else {
            Some(v)
        }
    }

    #[cold]
    #[inline(never)]
    fn blank(&mut self, col: Col, what: &str) {
        let column = col.name;
        let msg = format!("{column} is blank; every row needs {what}. The row was left out.");
        self.issue(column, IssueCode::MissingValue, Severity::Error, msg);
    }

    /// A date; `severity` says whether a bad value rejects the row.
    #[inline(always)]
    fn date(&mut self, col: Col, value: &[u8], severity: Severity) -> Option<NaiveDate> {
        if value.is_empty() {
            return None;
        }
        match self.ctx.dates.parse(value) {
            Ok(d) => Some(d),
            Err(problem) => {
                self.bad_date(col, value, severity, problem);
                None
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_date(&mut self, col: Col, value: &[u8], severity: Severity, problem: DateProblem) {
        let (column, then, value) = (col.name, then(severity), shown(value));
        match problem {
            DateProblem::Format => self.issue(
                column,
                IssueCode::DateFormat,
                severity,
                format!("{column} '{value}' is not a DD/MM/YYYY date (e.g. 01/05/2024). {then}"),
            ),
            DateProblem::Impossible => self.issue(
                column,
                IssueCode::DateImpossible,
                severity,
                format!("{column} '{value}' is not a real date. {then}"),
            ),
        }
    }

    /// A code; unknown values are issues of `severity`.
    #[inline(always)]
    fn code<T: Copy>(&mut self, col: Col, value: &[u8], severity: Severity, table: &CodeTable<T>) -> Option<T> {
        if value.is_empty() {
            return None;
        }
        let code = table.get(value);
        if code.is_none() {
            self.unknown_code(col, value, severity);
        }
        code
    }

    #[cold]
    #[inline(never)]
    fn unknown_code(&mut self, col: Col, value: &[u8], severity: Severity) {
        let (column, then, value) = (col.name, then(severity), shown(value));
        let msg = format!("{column} '{value}' is not a {column} code in any year of the DfE guide. {then}");
        self.issue(column, IssueCode::UnknownCode, severity, msg);
    }
}

/// Parses a header row. Returns `None` when the row has an error.
pub(crate) fn header_row(ctx: &mut Ctx, cells: &Cells<'_>, at: RowRef) -> Option<HeaderRow> {
    let codes = codes();
    let mut c = Cell { ctx, cells, at, failed: false };
    let id = c.required(h::CHILD, "the child's identifier");
    let sex_raw = c.required(h::SEX, "the child's sex (M, F or U; 1 or 2 before 2024/25)");
    let sex_code = sex_raw.and_then(|v| c.code(h::SEX, v, Severity::Error, &codes.sex));
    let dob = c.required(h::DOB, "the child's date of birth").and_then(|v| c.date(h::DOB, v, Severity::Error));
    let ethnicity = c.code(h::ETHNIC, c.get(h::ETHNIC), Severity::Warning, &codes.ethnicity);
    let mother = match c.get(h::MOTHER) {
        b"" => None,
        b"1" => Some(true),
        b"0" => Some(false),
        other => {
            let msg = format!("MOTHER '{}' should be 0 or 1. It was read as blank.", shown(other));
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
    let cix = ctx.intern_aside(id?);
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
    let codes = codes();
    let mut c = Cell { ctx, cells, at, failed: false };
    let id = c.required(e::CHILD, "the child's identifier");
    let start = c.required(e::DECOM, "the date the episode started").and_then(|v| c.date(e::DECOM, v, Severity::Error));
    let rne = c
        .required(e::RNE, "the reason for the new episode")
        .and_then(|v| c.code(e::RNE, v, Severity::Error, &codes.rne));
    let ls = c.required(e::LS, "the legal status").and_then(|v| c.code(e::LS, v, Severity::Error, &codes.ls));
    let place =
        c.required(e::PLACE, "the placement type").and_then(|v| c.code(e::PLACE, v, Severity::Error, &codes.place));
    let cin_raw = c.get(e::CIN);
    if cin_raw.is_empty() {
        let msg = "CIN is blank; the category of need was read as not recorded.".to_string();
        c.issue(e::CIN.name, IssueCode::MissingValue, Severity::Warning, msg);
    }
    let cin = c.code(e::CIN, cin_raw, Severity::Warning, &codes.cin);
    let provider_raw = c.get(e::PLACE_PROVIDER);
    let provider = c.code(e::PLACE_PROVIDER, provider_raw, Severity::Error, &codes.provider);
    let dec_raw = c.get(e::DEC);
    let end = c.date(e::DEC, dec_raw, Severity::Error);
    let rec_raw = c.get(e::REC);
    let rec_code = c.code(e::REC, rec_raw, Severity::Error, &codes.rec);
    let rpc = c.code(e::REASON_PLACE_CHANGE, c.get(e::REASON_PLACE_CHANGE), Severity::Warning, &codes.rpc);
    match (dec_raw.is_empty(), rec_raw.is_empty()) {
        (false, true) => c.issue(
            "REC",
            IssueCode::DecWithoutRec,
            Severity::Error,
            format!("DEC is {} but REC is blank: an episode that ended needs the reason it ended (rule 148). The row was left out.", shown(dec_raw)),
        ),
        (true, false) => c.issue(
            "DEC",
            IssueCode::RecWithoutDec,
            Severity::Error,
            format!("REC is {} but DEC is blank: an episode with a reason for ending needs its end date (rule 148). The row was left out.", shown(rec_raw)),
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
    let texts = [c.get(e::HOME_POST), c.get(e::PL_POST), c.get(e::URN)];
    let (id, start, reason_new, legal_status, place) = (id?, start?, rne?, ls?, place?);
    let cix = ctx.intern(id);
    let [home_postcode, placement_postcode, urn] = ctx.episode_texts(cix, texts);
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
        (0..texts.len() as u32).map(|i| text(texts, i)).collect()
    }

    /// Value number `i` of an interner, as text.
    fn text(texts: &Texts, i: u32) -> &str {
        std::str::from_utf8(texts.get(i)).unwrap()
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
                let i = ids.intern(v.as_bytes());
                assert_eq!(text(&ids.texts, i), ChildId::normalise(v).as_ref(), "{v:?}");
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
            assert_eq!(pack(text.as_bytes()), expected, "{n}");
        }
        for b in 0..=255u8 {
            let key = pack(&[b'A', b & 0x7F, b'B']).unwrap();
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
            let numbers: Vec<u32> = values.iter().map(|v| interner.intern(v.as_bytes())).collect();
            assert_eq!(numbers, (0..values.len() as u32).collect::<Vec<_>>());
            for (pass, step) in [9_973usize, 7_919, 104_729].into_iter().enumerate() {
                for k in 0..values.len() {
                    // A permutation: each step is a prime, so coprime with 40,000.
                    let i = (k * step + pass) % values.len();
                    let again = if k % 3 == 0 { 2 } else { 1 };
                    for _ in 0..again {
                        assert_eq!(
                            interner.intern(values[i].as_bytes()),
                            numbers[i],
                            "{guess_next} {pass} {}",
                            values[i]
                        );
                    }
                }
            }
            assert_eq!(all(&interner.texts), values.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    #[test]
    fn upns_are_interned_per_child() {
        let mut upns = Upns::default();
        let a = upns.intern(3, b"a1");
        assert_eq!(text(&upns.texts, a), "A1");
        assert_eq!(upns.intern(3, b" A1 "), a);
        let b = upns.intern(3, b"B2");
        assert_ne!(a, b);
        // A child whose UPN changes back keeps one number for each UPN.
        assert_eq!(upns.intern(3, b"A1"), a);
        assert_eq!(upns.intern(3, b"b2"), b);
        // Another child with the same UPN has its own number, with the same text.
        let other = upns.intern(0, b"A1");
        assert_ne!(other, a);
        assert_eq!(text(&upns.texts, other), "A1");
        assert_eq!(upns.intern(0, b"A1"), other);
        assert_eq!(upns.intern(3, b"A1"), a);
        assert_eq!(all(&upns.texts), ["A1", "B2", "A1"]);
    }
}
