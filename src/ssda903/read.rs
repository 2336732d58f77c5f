//! Finding returns on disk and reading their tables into typed rows.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::codes::CollectionYear;
use crate::memory;

use super::dataset::Dataset;
use super::error::ReadError;
use super::issue::{IssueCode, Severity};
use super::merge::{self, ReturnRows, Rows};
use super::parse::load;
use super::rows::{self, Cells, Columns, Ctx, FileState, RowRef, MAX_COLS};
use super::table::{normalise_header, recognise, TableKind};

/// A table held in memory: a name to report issues against, a header and rows of text.
///
/// This is how data frames reach the reader: every cell as the text it would
/// have in a CSV file (dates as `DD/MM/YYYY`, blanks as empty strings).
///
/// ```
/// use sufficiency::ssda903::RawTable;
/// let t = RawTable::new("uasc", &["CHILD", "SEX", "DOB", "DUC"], vec![vec!["C1", "M", "01/01/2008", ""]]);
/// assert_eq!(t.rows.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// The name issues will carry in their `file` field.
    pub name: String,
    /// The header line's cells.
    pub header: Vec<String>,
    /// The data rows' cells.
    pub rows: Vec<Vec<String>>,
}

impl RawTable {
    /// A table from string slices (or anything else that is `AsRef<str>`).
    ///
    /// ```
    /// use sufficiency::ssda903::RawTable;
    /// let dob = String::from("15/08/2009");
    /// let t = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "2", dob.as_str()]]);
    /// assert_eq!(t.header, ["CHILD", "SEX", "DOB"]);
    /// assert_eq!(t.rows[0][2], "15/08/2009"); // cells stay text until read
    /// ```
    pub fn new<S: AsRef<str>>(name: &str, header: &[&str], rows: Vec<Vec<S>>) -> Self {
        RawTable {
            name: name.to_string(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: rows.into_iter().map(|r| r.iter().map(|c| c.as_ref().to_string()).collect()).collect(),
        }
    }
}

/// Where a table's records come from.
enum Source {
    File(PathBuf),
    Memory(RawTable),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Memory(t) => t.name.clone(),
        }
    }
}

/// One yearly return: a folder (or a set of frames) and its tables.
struct ReturnInput {
    name: String,
    /// Whether `name` is a folder whose name may carry the year.
    from_folder: bool,
    tables: Vec<Source>,
}

/// The collection year a folder's name gives, if it is written as one:
/// `2025` (the DfE names a collection by the year it ends), or `2024-25`,
/// `2024_25`, `2024-2025`, `202425`.
fn year_from_name(name: &str) -> Option<CollectionYear> {
    let digits: String = name.chars().filter(char::is_ascii_digit).collect();
    let only_year_chars = name.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '_');
    if !only_year_chars {
        return None;
    }
    let end: u16 = match digits.len() {
        4 => digits.parse().ok()?,
        6 => {
            let start: u16 = digits[..4].parse().ok()?;
            let end2: u16 = digits[4..].parse().ok()?;
            (end2 == (start + 1) % 100).then_some(start + 1)?
        }
        8 => {
            let (start, end): (u16, u16) = (digits[..4].parse().ok()?, digits[4..].parse().ok()?);
            (end == start + 1).then_some(end)?
        }
        _ => return None,
    };
    CollectionYear::new(end).ok()
}

/// A return's collection year: from its folder's name when that is a year,
/// otherwise the year holding its latest episode date.
fn infer_year(name: &str, from_folder: bool, latest: Option<chrono::NaiveDate>) -> Result<CollectionYear, ReadError> {
    let folder = Path::new(name).file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    match (from_folder.then(|| year_from_name(&folder)).flatten(), latest) {
        (Some(y), Some(l)) if l > y.end() => Err(ReadError::YearMismatch {
            folder: name.to_string(),
            year: y.to_string(),
            latest: l.format("%d/%m/%Y").to_string(),
        }),
        (Some(y), _) => Ok(y),
        (None, Some(l)) => Ok(CollectionYear::containing(l)),
        (None, None) => Err(ReadError::UnknownYear { source_name: name.to_string() }),
    }
}

/// Reads one or several yearly SSDA903 returns from disk.
///
/// Each path may be:
/// - a folder holding one year's CSV tables (`header.csv`, `episodes.csv`,
///   `uasc.csv`, …; names do not matter, tables are recognised by their columns);
/// - a folder of such year folders;
/// - individual CSV files (files in the same folder form one return).
///
/// Each return's collection year is, in order of preference:
/// `collection_year` (only when one return is read); the folder's name when it
/// is a year — `2025` or `2024-25` both mean 2024/25, as the DfE names a
/// collection by the year it ends; otherwise the year holding the latest DECOM
/// or DEC in its episodes. A folder named for a year that ends before its
/// latest episode date is an error rather than a guess. Returns are merged
/// newest-first (see [`Dataset`]).
///
/// ```no_run
/// use sufficiency::ssda903::read_ssda903;
/// let ds = read_ssda903(&["returns/2024", "returns/2025"], None)?;
/// println!("{} children, {} issues", ds.children().len(), ds.issues().len());
/// # Ok::<(), sufficiency::ssda903::ReadError>(())
/// ```
pub fn read_ssda903<P: AsRef<Path>>(
    paths: &[P],
    collection_year: Option<CollectionYear>,
) -> Result<Dataset, ReadError> {
    let mut returns: Vec<ReturnInput> = Vec::new();
    for p in paths {
        discover(p.as_ref(), &mut returns)?;
    }
    if returns.is_empty() {
        return Err(ReadError::NoFiles { path: paths.first().map(|p| p.as_ref().to_path_buf()).unwrap_or_default() });
    }
    read_returns(returns, collection_year)
}

/// Reads one return held in memory (for example, converted from data frames).
///
/// The same checks apply as for files; issues name each table by its `name`.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::ssda903::{read_tables, RawTable};
/// let header = RawTable::new("header", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "X", "01/01/2010"]]);
/// let ds = read_tables(vec![header], Some(CollectionYear::new(2025).unwrap())).unwrap();
/// assert_eq!(ds.children().len(), 0);
/// let sex = ds.issues().iter().find(|i| i.column.as_deref() == Some("SEX")).unwrap();
/// assert_eq!((sex.code.as_str(), sex.row), ("unknown_code", Some(1)));
/// ```
pub fn read_tables(tables: Vec<RawTable>, collection_year: Option<CollectionYear>) -> Result<Dataset, ReadError> {
    let name = tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
    let ret = ReturnInput { name, from_folder: false, tables: tables.into_iter().map(Source::Memory).collect() };
    read_returns(vec![ret], collection_year)
}

/// Reads several yearly returns held in memory, each with its collection year,
/// and merges them exactly as [`read_ssda903`] merges folders.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::ssda903::{read_tables, read_years, return_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![vec!["C1", "01/05/2023", "S", "C1", "N1", "U4", "PR1", "", ""]],
/// );
/// let all = read_tables(vec![header, episodes], Some(CollectionYear::new(2025).unwrap())).unwrap();
/// let years = [2024, 2025].map(|y| CollectionYear::new(y).unwrap());
/// let returns = years.iter().map(|y| (*y, return_tables(&all, *y))).collect();
/// let merged = read_years(returns).unwrap();
/// assert!(merged.same_records(&all));
/// assert_eq!(merged.collection_years(), &years);
/// ```
pub fn read_years(returns: Vec<(CollectionYear, Vec<RawTable>)>) -> Result<Dataset, ReadError> {
    let mut inputs = Vec::new();
    let mut years = Vec::new();
    for (year, tables) in returns {
        let name = format!("{year} return");
        let tables = tables
            .into_iter()
            .map(|mut t| {
                t.name = format!("{}/{}", year.end_year(), t.name);
                Source::Memory(t)
            })
            .collect();
        inputs.push(ReturnInput { name, from_folder: false, tables });
        years.push(year);
    }
    read_inputs(inputs, YearChoice::PerReturn(years))
}

fn is_csv(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let io = |source| ReadError::Io { path: dir.to_path_buf(), source };
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(io)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>().map_err(io)?;
    entries.sort();
    Ok(entries)
}

fn discover(path: &Path, returns: &mut Vec<ReturnInput>) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|source| ReadError::Io { path: path.to_path_buf(), source })?;
    if meta.is_file() {
        let parent = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
        match returns.iter_mut().find(|r| r.name == parent) {
            Some(r) => r.tables.push(Source::File(path.to_path_buf())),
            None => returns.push(ReturnInput {
                name: parent,
                from_folder: true,
                tables: vec![Source::File(path.to_path_buf())],
            }),
        }
        return Ok(());
    }
    let entries = list_dir(path)?;
    let csvs: Vec<PathBuf> = entries.iter().filter(|p| p.is_file() && is_csv(p)).cloned().collect();
    if !csvs.is_empty() {
        returns.push(ReturnInput {
            name: path.display().to_string(),
            from_folder: true,
            tables: csvs.into_iter().map(Source::File).collect(),
        });
        return Ok(());
    }
    let mut found = false;
    for sub in entries.iter().filter(|p| p.is_dir()) {
        let csvs: Vec<PathBuf> = list_dir(sub)?.into_iter().filter(|p| p.is_file() && is_csv(p)).collect();
        if !csvs.is_empty() {
            found = true;
            returns.push(ReturnInput {
                name: sub.display().to_string(),
                from_folder: true,
                tables: csvs.into_iter().map(Source::File).collect(),
            });
        }
    }
    if found {
        Ok(())
    } else {
        Err(ReadError::NoFiles { path: path.to_path_buf() })
    }
}

/// A CSV file read a piece at a time and split into records.
///
/// Most records of a return are plain: no quote before the end of the line.
/// Those are split on commas directly, which is what `csv_core` would do with
/// them: it ends a record at any `\r` or `\n` and skips the terminators that
/// follow (a blank line is no record). A record with a quote, and the header
/// line (which may start with a BOM), are handed to one `csv_core` reader, so
/// the dialect is exactly the `csv` crate's. The splitter only ever hands over
/// at a record boundary, where `csv_core`'s state is equivalent to the start
/// of a record whatever it last read.
///
/// The file is read [`CsvText::CHUNK`] bytes at a time into one small
/// window, cut after its last line terminator, rather than whole: the window
/// stays in the CPU's cache between the kernel copying the file into it and
/// the records being read from it, and the memory of a whole file (14 MB at
/// national volume) is never touched. Each window is checked as UTF-8 once
/// (see [`is_utf8`]); a line is cut at ASCII bytes, so it is UTF-8 exactly
/// when it is in a window that is (or, in a window that is not, when it is
/// on its own). Lines stay bytes: the cells are read as bytes.
struct CsvText {
    name: String,
    /// Where the file is, for I/O errors.
    path: PathBuf,
    source: Box<dyn Read>,
    /// Bytes read at a time.
    chunk: usize,
    /// The window: whole lines (it ends with a line terminator, unless the
    /// file has ended).
    window: Vec<u8>,
    /// Whether all of the window is UTF-8; when it is not, each record is
    /// checked as it is read, so that the error names the first bad record
    /// and comes when it is reached.
    utf8: bool,
    /// Where the next record starts in the window.
    pos: usize,
    /// Bytes read after the window's last line terminator.
    tail: Vec<u8>,
    /// Whether the whole file has been read.
    eof: bool,
    core: csv_core::Reader,
    /// Unescaped fields of the last record `csv_core` parsed, and their ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Records read so far, the header line being record 0.
    records: u64,
    /// The file's length in bytes, when known (0 otherwise).
    len: u64,
}

/// One record, borrowed from where it is held.
enum Record<'a> {
    /// A plain line, known to be UTF-8: fields are the text between commas.
    Line(&'a [u8]),
    /// Fields unescaped by `csv_core`: the text and each field's end.
    Parsed(&'a str, &'a [usize]),
    /// A row of a table held in memory.
    Cells(&'a [String]),
}

impl<'a> Record<'a> {
    /// Puts each field into the cell of its column; returns the number of fields.
    fn fill(&self, cols: &Columns, cells: &mut Cells<'a>) -> usize {
        match *self {
            Record::Line(bytes) if cols.in_order() => split_line(bytes, cells, Columns::put_in_order),
            Record::Line(bytes) => split_line(bytes, cells, |cells, n, field| cols.put(cells, n, field)),
            Record::Parsed(text, ends) => {
                let bytes = text.as_bytes();
                let mut from = 0;
                for (n, &end) in ends.iter().enumerate() {
                    cols.put(cells, n, &bytes[from..end]);
                    from = end;
                }
                ends.len()
            }
            Record::Cells(row) => {
                for (n, field) in row.iter().enumerate() {
                    cols.put(cells, n, field.as_bytes());
                }
                row.len()
            }
        }
    }

    /// Every field, for the header line.
    fn fields(&self) -> Vec<&'a str> {
        match *self {
            Record::Line(bytes) => std::str::from_utf8(bytes).expect("lines are UTF-8").split(',').collect(),
            Record::Parsed(text, ends) => {
                let starts = std::iter::once(0).chain(ends.iter().copied());
                starts.zip(ends.iter().copied()).map(|(from, to)| &text[from..to]).collect()
            }
            Record::Cells(row) => row.iter().map(String::as_str).collect(),
        }
    }
}

/// Puts each field of a plain line into its cell with `put` (given the
/// cells, the field's number and the field); returns the number of fields.
#[inline(always)]
fn split_line<'a>(bytes: &'a [u8], cells: &mut Cells<'a>, put: impl Fn(&mut Cells<'a>, usize, &'a [u8])) -> usize {
    let (mut n, mut from) = (0, 0);
    for_each_comma(bytes, |i| {
        put(cells, n, &bytes[from..i]);
        n += 1;
        from = i + 1;
    });
    put(cells, n, &bytes[from..]);
    n + 1
}

/// Whether `bytes` is UTF-8.
///
/// A return is nearly always ASCII, which is checked 64 bytes at a time with
/// an OR of the bytes that the compiler turns into vector instructions: a
/// quarter of the work of [`std::str::from_utf8`] on the same bytes. Text
/// that is not all ASCII gets the full check.
fn is_utf8(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(64);
    let ascii = blocks.by_ref().all(|block| block.iter().fold(0, |acc, &b| acc | b) < 0x80);
    (ascii && blocks.remainder().is_ascii()) || std::str::from_utf8(bytes).is_ok()
}

/// Calls `found` with the index of each comma in `bytes`, in order.
///
/// Fields are a few bytes long, too short for `memchr` to pay, so this looks
/// at eight bytes at a time in a `u64` (SWAR): XOR with eight commas makes a
/// comma a zero byte, and `!(((x & 0x7F..) + 0x7F..) | x | 0x7F..)` sets the
/// top bit of exactly the zero bytes (no carry crosses a byte).
#[inline]
fn for_each_comma(bytes: &[u8], mut found: impl FnMut(usize)) {
    /// The top bit of each byte of `word` that is a comma.
    #[inline(always)]
    fn commas(word: [u8; 8]) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b','));
        !(((x & LOW7) + LOW7) | x | LOW7)
    }
    #[inline(always)]
    fn report(mut hits: u64, base: usize, found: &mut impl FnMut(usize)) {
        while hits != 0 {
            found(base + hits.trailing_zeros() as usize / 8);
            hits &= hits - 1;
        }
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        report(commas(chunk.try_into().expect("8 bytes")), base, &mut found);
        base += 8;
    }
    // The last few bytes, zero-padded (zero bytes are not commas), read
    // whole rather than copied byte by byte into a word that is then read.
    report(commas(load(chunks.remainder()).to_le_bytes()), base, &mut found);
}

impl CsvText {
    /// Bytes read from the file at a time: a window this size stays in the
    /// CPU's first-level cache, which larger ones measurably did not.
    const CHUNK: usize = 64 * 1024;

    /// A record stream over `source`, named `name`; `buffer` is memory to
    /// reuse for the window. Nothing is read yet.
    fn new(name: String, path: PathBuf, source: Box<dyn Read>, buffer: Vec<u8>) -> Self {
        let mut buffer = buffer;
        buffer.clear();
        CsvText {
            name,
            path,
            source,
            chunk: Self::CHUNK,
            window: buffer,
            utf8: true,
            pos: 0,
            tail: Vec::new(),
            eof: false,
            core: csv_core::Reader::new(),
            out: vec![0; 1024],
            ends: vec![0; 32],
            records: 0,
            len: 0,
        }
    }

    /// Reads the start of the file; the errors for a file that is empty or
    /// UTF-16 come from here, before any record is read.
    fn start(&mut self) -> Result<(), ReadError> {
        let mut data = Vec::new();
        self.read_more(&mut data)?;
        if data.is_empty() {
            return Err(ReadError::Empty { file: self.name.clone() });
        }
        if data[..data.len().min(2)] == [0xFF, 0xFE] || data[..data.len().min(2)] == [0xFE, 0xFF] {
            return Err(ReadError::NotUtf8 { file: self.name.clone(), detail: "it is UTF-16".to_string() });
        }
        self.tail = data;
        self.refill()?;
        Ok(())
    }

    /// About how many records of `width` fields the file holds, once the
    /// header is read: its length times the share of line terminators among
    /// the bytes of the first window (64 KiB, about 900 episode rows). Never
    /// more than the file can hold: a record of `width` fields has `width - 1`
    /// commas and a terminator (or the file's end).
    fn expected_records(&self, width: usize) -> usize {
        let rest = self.window.get(self.pos..).unwrap_or_default();
        let lines = memchr::memchr_iter(b'\n', rest).count().max(memchr::memchr_iter(b'\r', rest).count());
        if lines == 0 {
            return 0;
        }
        let estimate = u128::from(self.len) * lines as u128 / rest.len() as u128;
        let most = (self.len + 1) / width.max(1) as u64;
        usize::try_from(estimate.min(u128::from(most))).unwrap_or(usize::MAX)
    }

    /// Appends to `data` the file's next bytes, until it holds a line
    /// terminator or the file ends.
    fn read_more(&mut self, data: &mut Vec<u8>) -> Result<(), ReadError> {
        let mut searched = 0;
        while !self.eof && memchr::memchr2(b'\n', b'\r', &data[searched..]).is_none() {
            searched = data.len();
            data.reserve(self.chunk);
            let read = (&mut self.source).take(self.chunk as u64).read_to_end(data);
            if read.map_err(|source| ReadError::Io { path: self.path.clone(), source })? == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// Replaces the window, which has been read to its end, with the next
    /// whole lines of the file; `false` when the file has none left.
    fn refill(&mut self) -> Result<bool, ReadError> {
        let mut data = std::mem::take(&mut self.window);
        debug_assert!(self.pos >= data.len(), "the window is read to its end");
        data.clear();
        data.append(&mut self.tail);
        self.read_more(&mut data)?;
        let cut = if self.eof { data.len() } else { memchr::memrchr2(b'\n', b'\r', &data).map_or(0, |i| i + 1) };
        self.tail.extend_from_slice(&data[cut..]);
        data.truncate(cut);
        self.pos = 0;
        let more = !data.is_empty();
        self.utf8 = is_utf8(&data);
        self.window = data;
        Ok(more)
    }

    /// The error for invalid UTF-8 in the record numbered `index`, as the `csv` crate words it.
    fn not_utf8(&self, index: u64) -> ReadError {
        ReadError::NotUtf8 { file: self.name.clone(), detail: format!("invalid UTF-8 in data row {index}") }
    }

    /// The next record, through the fast path when the line is plain.
    fn next(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        // The header goes through csv_core, which also strips a UTF-8 BOM.
        if self.records > 0 {
            loop {
                let end = self.window.len();
                if self.pos >= end {
                    if self.refill()? {
                        continue;
                    }
                    break; // the file has ended: csv_core says so
                }
                let rest = &self.window[self.pos..];
                // The record ends at the first terminator, unless a quote comes first.
                let line = match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                    Some(i) if rest[i] == b'"' => break,
                    Some(i) => i,
                    None => rest.len(),
                };
                let (from, to) = (self.pos, self.pos + line);
                self.pos = (to + 1).min(end);
                if from == to {
                    continue; // a blank line (or the \n of \r\n) is no record
                }
                let index = self.records;
                self.records += 1;
                let line = &self.window[from..to];
                if !self.utf8 && std::str::from_utf8(line).is_err() {
                    return Err(self.not_utf8(index));
                }
                return Ok(Some(Record::Line(line)));
            }
        }
        self.next_parsed()
    }

    /// The next record, parsed by `csv_core`.
    fn next_parsed(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        use csv_core::ReadRecordResult as R;
        let (mut nout, mut nend) = (0, 0);
        loop {
            let data = &self.window;
            let (res, nin, o, e) =
                self.core.read_record(&data[self.pos..], &mut self.out[nout..], &mut self.ends[nend..]);
            self.pos += nin;
            nout += o;
            nend += e;
            match res {
                // When the file has ended, the next call, with no input,
                // ends the last record.
                R::InputEmpty => {
                    self.refill()?;
                }
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::End => return Ok(None),
                R::Record => {
                    let index = self.records;
                    self.records += 1;
                    let ends = &self.ends[..nend];
                    // Like the csv crate, every field must be UTF-8 on its own.
                    let mut from = 0;
                    for &end in ends {
                        if std::str::from_utf8(&self.out[from..end]).is_err() {
                            return Err(self.not_utf8(index));
                        }
                        from = end;
                    }
                    let text = std::str::from_utf8(&self.out[..nout]).map_err(|_| self.not_utf8(index))?;
                    return Ok(Some(Record::Parsed(text, ends)));
                }
            }
        }
    }
}

/// Yields records from a file or a memory table.
enum Records {
    /// Boxed: the `csv_core` reader's tables make it large.
    File(Box<CsvText>),
    Memory {
        rows: std::vec::IntoIter<Vec<String>>,
        current: Vec<String>,
    },
}

impl Records {
    /// About how many records of `width` fields are left (exactly, for a table in memory).
    fn expected(&self, width: usize) -> usize {
        match self {
            Records::File(text) => text.expected_records(width),
            Records::Memory { rows, .. } => rows.len(),
        }
    }

    /// The window's memory, for the next file to reuse.
    fn into_buffer(self) -> Option<Vec<u8>> {
        match self {
            Records::File(text) => Some(text.window),
            Records::Memory { .. } => None,
        }
    }

    fn next(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        match self {
            Records::File(text) => text.next(),
            Records::Memory { rows, current } => match rows.next() {
                Some(row) => {
                    *current = row;
                    Ok(Some(Record::Cells(current)))
                }
                None => Ok(None),
            },
        }
    }
}

/// Opens a source and returns its header cells and a record stream.
///
/// A file's window reuses the memory of `buffer`; see [`Records::into_buffer`].
fn open(source: Source, buffer: &mut Vec<u8>) -> Result<(Vec<String>, Records), ReadError> {
    match source {
        Source::Memory(t) => Ok((
            t.header.iter().map(|h| normalise_header(h)).collect(),
            Records::Memory { rows: t.rows.into_iter(), current: Vec::new() },
        )),
        Source::File(path) => {
            let name = path.display().to_string();
            let file = File::open(&path).map_err(|source| ReadError::Io { path: path.clone(), source })?;
            // Only a hint for `Records::expected`: unknown is 0.
            let len = file.metadata().map_or(0, |m| m.len());
            let mut text = CsvText::new(name.clone(), path, Box::new(file), std::mem::take(buffer));
            text.len = len;
            text.start()?;
            let header: Vec<String> = match text.next()? {
                Some(rec) if !rec.fields().iter().all(|c| c.trim().is_empty()) => {
                    rec.fields().into_iter().map(normalise_header).collect()
                }
                _ => return Err(ReadError::Empty { file: name }),
            };
            Ok((header, Records::File(Box::new(text))))
        }
    }
}

fn check_delimiter(name: &str, header: &[String]) -> Result<(), ReadError> {
    if header.len() == 1 {
        for (d, label) in [(';', "semicolon"), ('\t', "tab"), ('|', "pipe")] {
            if header[0].contains(d) {
                return Err(ReadError::NotCommaSeparated { file: name.to_string(), delimiter: label.to_string() });
            }
        }
    }
    Ok(())
}

/// How each return's collection year is decided.
enum YearChoice {
    /// One year for a single return, or inferred per return when `None`.
    One(Option<CollectionYear>),
    /// An explicit year for each return, in order.
    PerReturn(Vec<CollectionYear>),
}

/// Reads every table of every return, then merges them into a dataset.
fn read_returns(inputs: Vec<ReturnInput>, collection_year: Option<CollectionYear>) -> Result<Dataset, ReadError> {
    if collection_year.is_some() && inputs.len() > 1 {
        return Err(ReadError::YearForSeveralReturns { count: inputs.len() });
    }
    read_inputs(inputs, YearChoice::One(collection_year))
}

fn read_inputs(inputs: Vec<ReturnInput>, choice: YearChoice) -> Result<Dataset, ReadError> {
    let mut ctx = Ctx::default();
    // Every return's rows go straight into one list per table; each return
    // keeps the range it filled.
    let mut rows = Rows::default();
    let mut parsed: Vec<ReturnRows> = Vec::new();
    let mut buffer = Vec::new();
    let returns = inputs.len();
    for (ret_idx, input) in inputs.into_iter().enumerate() {
        let given = match &choice {
            YearChoice::One(y) => *y,
            YearChoice::PerReturn(years) => Some(years[ret_idx]),
        };
        let mut ret = ReturnRows::starting(input.name.clone(), given, &rows, ctx.files.len());
        let mut seen: Vec<(TableKind, String)> = Vec::new();
        for source in input.tables {
            read_table(source, &mut ctx, &mut rows, &mut ret.latest, &mut seen, &mut buffer, returns - ret_idx)?;
        }
        ret.end(&rows, ctx.files.len());
        let year = match ret.year {
            Some(y) => y,
            None => infer_year(&input.name, input.from_folder, ret.latest)?,
        };
        ret.year = Some(year);
        for f in &mut ctx.files[ret.files.clone()] {
            f.year = Some(year);
        }
        parsed.push(ret);
    }
    parsed.sort_by_key(|r| r.year);
    for w in parsed.windows(2) {
        if w[0].year == w[1].year {
            return Err(ReadError::DuplicateYear {
                first: w[0].name.clone(),
                second: w[1].name.clone(),
                year: w[0].year.map(|y| y.to_string()).unwrap_or_default(),
            });
        }
    }
    // Merging does not need the window's memory.
    drop(buffer);
    Ok(merge::build(ctx, rows, parsed))
}

fn read_table(
    source: Source,
    ctx: &mut Ctx,
    rows: &mut Rows,
    latest: &mut Option<chrono::NaiveDate>,
    seen: &mut Vec<(TableKind, String)>,
    buffer: &mut Vec<u8>,
    returns_left: usize,
) -> Result<(), ReadError> {
    let name = source.name();
    let (header, mut records) = open(source, buffer)?;
    check_delimiter(&name, &header)?;
    let recognised = recognise(&header)
        .ok_or_else(|| ReadError::UnrecognisedHeader { file: name.clone(), found: header.join(",") })?;
    let table = recognised.table;
    let file = ctx.files.len();
    ctx.files.push(FileState { name: name.clone(), table, year: None, rows: 0, rejected: Vec::new() });
    if !table.is_used() {
        ctx.push(
            None,
            file,
            None,
            IssueCode::TableNotUsed,
            Severity::Warning,
            format!("this is the {} table, which sufficiency does not use; its rows were not read.", table.name()),
        );
        return Ok(());
    }
    if let Some((_, first)) = seen.iter().find(|(t, _)| *t == table) {
        return Err(ReadError::DuplicateTable { first: first.clone(), second: name, table: table.name() });
    }
    seen.push((table, name.clone()));
    let missing_required: Vec<&str> =
        recognised.missing.iter().copied().filter(|c| table.required_columns().contains(c)).collect();
    if !missing_required.is_empty() {
        return Err(ReadError::MissingRequiredColumns {
            file: name,
            table: table.name(),
            missing: missing_required.join(", "),
        });
    }
    for col in &recognised.missing {
        ctx.push(
            None,
            file,
            Some(col),
            IssueCode::MissingColumn,
            Severity::Warning,
            format!(
                "the {} table should have a {col} column; it is absent, so every {col} was read as blank.",
                table.name()
            ),
        );
    }
    for col in &recognised.extra {
        ctx.push(
            None,
            file,
            Some(col),
            IssueCode::UnknownColumn,
            Severity::Warning,
            format!("{col} is not a column of the {} table in the DfE specification; it was ignored.", table.name()),
        );
    }
    let cols = Columns::new(table, &header);
    let width = header.len();
    let expected = records.expected(width);
    match table {
        TableKind::Header => make_room(&mut rows.header, expected, returns_left),
        TableKind::Episodes => make_room(&mut rows.episodes, expected, returns_left),
        TableKind::Uasc => make_room(&mut rows.uasc, expected, returns_left),
        _ => unreachable!("only used tables are read"),
    }
    let mut row: u32 = 0;
    while let Some(rec) = records.next()? {
        row += 1;
        let at = RowRef { file: file as u32, row };
        let mut cells: Cells<'_> = [b""; MAX_COLS];
        let fields = rec.fill(&cols, &mut cells);
        if fields != width {
            ctx.row(at, None, IssueCode::FieldCount, Severity::Error, format!("the row has {fields} fields but the header has {width}; check for a stray comma or an unquoted value. The row was left out."));
            continue;
        }
        match table {
            TableKind::Header => push(&mut rows.header, rows::header_row(ctx, &cells, at)),
            TableKind::Episodes => push(&mut rows.episodes, rows::episode_row(ctx, &cells, at, latest)),
            TableKind::Uasc => push(&mut rows.uasc, rows::uasc_row(ctx, &cells, at)),
            _ => unreachable!("only used tables are read"),
        }
    }
    ctx.files[file].rows = row;
    if let Some(done) = records.into_buffer() {
        *buffer = done;
    }
    Ok(())
}

/// Makes room in `rows` for a file of about `expected` rows, when it has too
/// little: room at once for `returns_left` files of that size (this return's
/// and each later one's), and a quarter more, as an area's returns tend to
/// grow from year to year (the synthetic England's newest episodes file is
/// 11% longer than its oldest). So the rows of every return are usually read
/// into one allocation made at the first return, in huge pages
/// ([`memory::reserve_huge`]), rather than into a list that grows by doubling,
/// whose copies and 4 KiB pages each cost a page fault. The room that is
/// never used is address space only, never touched.
///
/// Measured on the synthetic England returns (908,084 episode rows, 5
/// returns; read, fit and 5-year projection): 29,700 page faults instead of
/// 38,500 (medians of 11 runs alternated with the reader before).
fn make_room<T>(rows: &mut Vec<T>, expected: usize, returns_left: usize) {
    if rows.capacity() - rows.len() < expected {
        let all = expected.saturating_mul(returns_left);
        memory::reserve_huge(rows, all.saturating_add(all / 4));
    }
}

/// Keeps a row that parsed.
fn push<T>(rows: &mut Vec<T>, row: Option<T>) {
    if let Some(row) = row {
        rows.push(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_are_found_eight_bytes_at_a_time() {
        let texts =
            ["", ",", "a", "a,b", ",,,,,,,,,", "abcdefgh,", "abcdefg,h", "é,,yyyyyyyyyyyy,z", "\0,\x7f,\u{ac},"];
        for text in texts {
            let mut found = Vec::new();
            for_each_comma(text.as_bytes(), |i| found.push(i));
            let expected: Vec<usize> = text.bytes().enumerate().filter(|(_, b)| *b == b',').map(|(i, _)| i).collect();
            assert_eq!(found, expected, "{text:?}");
        }
        for b in 0..=255u8 {
            let bytes = [b; 11];
            let mut found = 0;
            for_each_comma(&bytes, |_| found += 1);
            assert_eq!(found, if b == b',' { 11 } else { 0 }, "{b}");
        }
    }

    /// Every record of `input` as our splitter gives it, or the error's text.
    fn ours(input: &[u8], chunk: usize) -> Result<Vec<Vec<String>>, String> {
        let source = Box::new(std::io::Cursor::new(input.to_vec()));
        let mut text = CsvText::new("t".to_string(), PathBuf::from("t"), source, Vec::new());
        text.chunk = chunk;
        text.start().map_err(|e| e.to_string())?;
        let mut records = Vec::new();
        while let Some(rec) = text.next().map_err(|e| e.to_string())? {
            let mut cells: Cells<'_> = [b""; MAX_COLS];
            let names: Vec<String> = TableKind::Episodes.columns().iter().map(|c| c.to_string()).collect();
            let all = Columns::new(TableKind::Episodes, &names);
            let n = rec.fill(&all, &mut cells);
            let fields: Vec<String> = rec.fields().into_iter().map(String::from).collect();
            assert_eq!(n, fields.len());
            // Columns out of the table's order put the same fields, elsewhere.
            let reversed: Vec<String> = names.iter().rev().cloned().collect();
            let reversed = Columns::new(TableKind::Episodes, &reversed);
            assert!(all.in_order() && !reversed.in_order());
            let mut other: Cells<'_> = [b""; MAX_COLS];
            assert_eq!(rec.fill(&reversed, &mut other), n);
            for k in 0..n.min(MAX_COLS) {
                assert_eq!(cells[k], other[MAX_COLS - 1 - k]);
            }
            records.push(fields);
        }
        Ok(records)
    }

    /// The same from the csv crate, as the reader used it before.
    fn theirs(input: &[u8]) -> Result<Vec<Vec<String>>, String> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
        let mut rec = csv::StringRecord::new();
        let mut records = Vec::new();
        loop {
            match reader.read_record(&mut rec) {
                Ok(true) => records.push(rec.iter().map(String::from).collect()),
                Ok(false) => return Ok(records),
                Err(e) => match e.kind() {
                    csv::ErrorKind::Utf8 { pos, .. } => {
                        let row = pos.as_ref().map(|p| p.record()).unwrap_or(0);
                        let detail = format!("invalid UTF-8 in data row {row}");
                        return Err(ReadError::NotUtf8 { file: "t".to_string(), detail }.to_string());
                    }
                    _ => return Err(e.to_string()),
                },
            }
        }
    }

    #[test]
    fn records_split_as_the_csv_crate_splits_them() {
        let long = format!("A,B\n\"{}\",x\n", "y".repeat(3000));
        let wide = format!("A\n{}\n", vec!["\"q\""; 100].join(","));
        let inputs: Vec<&[u8]> = vec![
            b"A,B\nc,d\n",
            b"\xEF\xBB\xBFA,B\r\nc,d\r\n\r\ne,f",
            b"A,B\rc,d\re,f\r",
            b"A,B\n\n\n c , d \n,\n\n",
            b"A,B\n\"c,1\",\"d\"\"x\"\"\"\na\"b,c\n\"multi\nline\",z\n",
            b"A,B\nc,\"d\"e\nf,g\r\n\"h\"\r\ni,j",
            b"\"A\",\"B\"\nc,d",
            b"A,B\nc,\xEF\xBB\xBFd\n\xEF\xBB\xBF\"e\",f\n",
            b"A,B\nc,d\ne,\xE9\n",
            b"A,B\nc,\"\xE9\"\n",
            b"A\xE9,B\nc,d\n",
            b"\n\nA,B\n\"",
            b"A,B\r\r\nc\r\n\"d\r\n\"",
            long.as_bytes(),
            wide.as_bytes(),
            "A,B\né,ü\r\n€,\"x\ny€\"\n\u{10348},z".as_bytes(),
            b"A,B\nc,d\n\xE9,\"e\"\nf,g\n",
            b"A,B\nc,d\n\"e\",\xE9\nf,g\n",
            b"A,B\nc,d\ne,\"\xE9\nf\",g\n",
            b"A,B\n\r\n\r\n\n\rc,d",
            b"\xEF\xBB\xBF\"A\",B\nc\n",
        ];
        for input in inputs {
            // Windows of every small size put every byte at a window's edge.
            for chunk in [1, 2, 3, 4, 5, 7, 16, CsvText::CHUNK] {
                assert_eq!(ours(input, chunk), theirs(input), "{chunk} {:?}", String::from_utf8_lossy(input));
            }
        }
    }

    #[test]
    fn plain_lines_split_as_the_csv_crate_splits_them() {
        // Every pattern of commas in lines of 11 bytes, and lines of every
        // length up to 20, with each terminator and none at the end.
        let mut lines: Vec<String> =
            (0..1u32 << 11).map(|mask| (0..11).map(|i| if mask >> i & 1 == 1 { ',' } else { 'x' }).collect()).collect();
        lines.extend((1..=20).map(|n| (0..n).map(|i| if i % 3 == 1 { ',' } else { 'y' }).collect()));
        for eol in ["\n", "\r\n", "\r"] {
            let body = lines.join(eol);
            for end in ["", eol] {
                let input = format!("A,B{eol}{body}{end}");
                for chunk in [7, 64, CsvText::CHUNK] {
                    assert_eq!(ours(input.as_bytes(), chunk), theirs(input.as_bytes()), "{eol:?} {end:?} {chunk}");
                }
            }
        }
    }

    #[test]
    fn expected_records_come_from_the_first_window() {
        let expect = |input: &[u8], chunk: usize, width: usize| {
            let source = Box::new(std::io::Cursor::new(input.to_vec()));
            let mut text = CsvText::new("t".to_string(), PathBuf::from("t"), source, Vec::new());
            (text.chunk, text.len) = (chunk, input.len() as u64);
            text.start().unwrap();
            text.next().unwrap().expect("a header");
            text.expected_records(width)
        };
        let lines = format!("A,B\n{}", "cc,dd\n".repeat(10_000));
        // The window's density of lines, over the whole file (a line that
        // the window's end cuts in two may count once more).
        for eol in ["\n", "\r", "\r\n"] {
            let n = expect(lines.replace('\n', eol).as_bytes(), 600, 2);
            assert!((9_800..=10_200).contains(&n), "{eol:?}: {n}");
        }
        // Blank lines are no records: never more than records of 2 fields fit.
        let blanks = format!("A,B\n{}", "\n".repeat(10_000));
        assert_eq!(expect(blanks.as_bytes(), 600, 2), blanks.len().div_ceil(2));
        assert_eq!(expect(b"A,B\nc,d", 600, 2), 0, "no terminator seen");
    }

    #[test]
    fn folder_names_that_are_years() {
        let y = |n: &str| year_from_name(n).map(|y| y.end_year());
        assert_eq!(y("2025"), Some(2025));
        assert_eq!(y("2024-25"), Some(2025));
        assert_eq!(y("2024_2025"), Some(2025));
        assert_eq!(y("202425"), Some(2025));
        assert_eq!(y("2024-26"), None);
        assert_eq!(y("returns2025"), None);
        assert_eq!(y("data"), None);
    }
}
