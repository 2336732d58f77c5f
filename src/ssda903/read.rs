//! Finding returns on disk and reading their tables into typed rows.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::codes::CollectionYear;

use super::dataset::Dataset;
use super::error::ReadError;
use super::issue::{IssueCode, Severity};
use super::merge::{self, ReturnRows};
use super::rows::{self, Columns, Ctx, FileState, RowRef};
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
    /// A table from string slices.
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

/// Yields records from a file or a memory table.
enum Records {
    File(csv::Reader<BufReader<File>>, String),
    Memory(std::vec::IntoIter<Vec<String>>),
}

impl Records {
    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<bool, ReadError> {
        match self {
            Records::File(r, name) => r.read_record(rec).map_err(|e| csv_error(name, e)),
            Records::Memory(it) => match it.next() {
                Some(row) => {
                    rec.clear();
                    for c in &row {
                        rec.push_field(c);
                    }
                    Ok(true)
                }
                None => Ok(false),
            },
        }
    }
}

fn csv_error(name: &str, e: csv::Error) -> ReadError {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => ReadError::NotUtf8 {
            file: name.to_string(),
            detail: format!("invalid UTF-8 in data row {}", pos.as_ref().map(|p| p.record()).unwrap_or(0)),
        },
        _ => ReadError::Csv { file: name.to_string(), detail: e.to_string() },
    }
}

/// Opens a source and returns its header cells and a record stream.
fn open(source: Source) -> Result<(Vec<String>, Records), ReadError> {
    match source {
        Source::Memory(t) => {
            Ok((t.header.iter().map(|h| normalise_header(h)).collect(), Records::Memory(t.rows.into_iter())))
        }
        Source::File(path) => {
            let name = path.display().to_string();
            let io = |source| ReadError::Io { path: path.clone(), source };
            let mut file = File::open(&path).map_err(io)?;
            let mut head = [0u8; 4];
            let n = file.read(&mut head).map_err(io)?;
            if n == 0 {
                return Err(ReadError::Empty { file: name });
            }
            if head[..n.min(2)] == [0xFF, 0xFE] || head[..n.min(2)] == [0xFE, 0xFF] {
                return Err(ReadError::NotUtf8 { file: name, detail: "it is UTF-16".to_string() });
            }
            drop(file);
            let file = File::open(&path).map_err(io)?;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(BufReader::with_capacity(1 << 16, file));
            let mut rec = csv::StringRecord::new();
            let got = reader.read_record(&mut rec).map_err(|e| csv_error(&name, e))?;
            if !got || rec.iter().all(|c| c.trim().is_empty()) {
                return Err(ReadError::Empty { file: name });
            }
            Ok((rec.iter().map(normalise_header).collect(), Records::File(reader, name)))
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
    let mut parsed: Vec<ReturnRows> = Vec::new();
    for (ret_idx, input) in inputs.into_iter().enumerate() {
        let given = match &choice {
            YearChoice::One(y) => *y,
            YearChoice::PerReturn(years) => Some(years[ret_idx]),
        };
        let mut rows = ReturnRows { name: input.name.clone(), year: given, ..Default::default() };
        let mut seen: Vec<(TableKind, String)> = Vec::new();
        let first_file = ctx.files.len();
        for source in input.tables {
            read_table(source, &mut ctx, &mut rows, &mut seen)?;
        }
        let year = match rows.year {
            Some(y) => y,
            None => infer_year(&input.name, input.from_folder, rows.latest)?,
        };
        rows.year = Some(year);
        for f in &mut ctx.files[first_file..] {
            f.year = Some(year);
        }
        parsed.push(rows);
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
    Ok(merge::build(ctx, parsed))
}

fn read_table(
    source: Source,
    ctx: &mut Ctx,
    rows: &mut ReturnRows,
    seen: &mut Vec<(TableKind, String)>,
) -> Result<(), ReadError> {
    let name = source.name();
    let (header, mut records) = open(source)?;
    check_delimiter(&name, &header)?;
    let recognised = recognise(&header)
        .ok_or_else(|| ReadError::UnrecognisedHeader { file: name.clone(), found: header.join(",") })?;
    let table = recognised.table;
    let file = ctx.files.len();
    ctx.files.push(FileState { name: name.clone(), table, year: None, rejected: Vec::new() });
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
    let mut rec = csv::StringRecord::new();
    let mut row: u32 = 0;
    while records.next(&mut rec)? {
        row += 1;
        ctx.files[file].rejected.push(false);
        let at = RowRef { file: file as u32, row };
        if rec.len() != width {
            ctx.row(at, None, IssueCode::FieldCount, Severity::Error, format!("the row has {} fields but the header has {width}; check for a stray comma or an unquoted value. The row was left out.", rec.len()));
            continue;
        }
        match table {
            TableKind::Header => rows.header.extend(rows::header_row(ctx, &cols, &rec, at)),
            TableKind::Episodes => rows.episodes.extend(rows::episode_row(ctx, &cols, &rec, at, &mut rows.latest)),
            TableKind::Uasc => rows.uasc.extend(rows::uasc_row(ctx, &cols, &rec, at)),
            _ => unreachable!("only used tables are read"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
