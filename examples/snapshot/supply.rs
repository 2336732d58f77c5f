//! The main job's inputs from a council's own folder: year folders of
//! SSDA903 files, and optionally `supply/` with the places.

use std::path::{Path, PathBuf};

use sufficiency::geo::Postcodes;
use sufficiency::model::Supply;
use sufficiency::ssda903::RawTable;
use sufficiency::sufficiency::read_supply;

/// The folders to read as returns and, when a single folder of year folders
/// was given and it has `supply/settings.csv`, the supply read from it with
/// the authority code in `supply/authority.txt`.
#[allow(clippy::type_complexity)]
pub fn inputs(paths: &[String]) -> (Vec<PathBuf>, Option<Result<(Option<String>, Supply), String>>) {
    let given: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let [one] = given.as_slice() else { return (given, None) };
    let mut years: Vec<PathBuf> =
        std::fs::read_dir(one).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    years.retain(|p| {
        p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    });
    if years.is_empty() {
        return (given, None);
    }
    years.sort();
    let folder = one.join("supply");
    let supply = folder.join("settings.csv").exists().then(|| read(&folder));
    (years, supply)
}

fn table(path: &Path) -> Result<RawTable, String> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path).map_err(|e| format!("{name}: {e}"))?;
    let header: Vec<String> =
        reader.headers().map_err(|e| format!("{name}: {e}"))?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for r in reader.records() {
        rows.push(r.map_err(|e| format!("{name}: {e}"))?.iter().map(str::to_string).collect());
    }
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("table").to_string();
    Ok(RawTable { name: file, header, rows })
}

fn read(folder: &Path) -> Result<(Option<String>, Supply), String> {
    let authority = std::fs::read_to_string(folder.join("authority.txt")).ok().map(|s| s.trim().to_string());
    let authority = authority.filter(|s| !s.is_empty());
    let read = read_supply(
        &table(&folder.join("providers.csv"))?,
        &table(&folder.join("settings.csv"))?,
        authority.as_deref(),
        &Postcodes::new(),
    );
    for i in read.issues.iter().take(5) {
        println!("  supply: {} row {} column {}: {} ({})", i.file, i.row, i.column, i.message, i.code);
    }
    if !read.issues.is_empty() {
        println!("  supply: {} issues in the tables", read.issues.len());
    }
    Ok((authority, read.supply))
}
