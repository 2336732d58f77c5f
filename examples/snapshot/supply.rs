//! The main job's inputs from a council's own folder: year folders of
//! SSDA903 files, and optionally `supply/` with the places.

use std::path::{Path, PathBuf};

use sufficiency::geo::Postcodes;
use sufficiency::model::Supply;
use sufficiency::sufficiency::read_supply_folder;

/// The folders to read as returns and, when a single folder of year folders
/// was given and it has `supply/settings.csv`, the supply folder read from
/// it (see `sufficiency::sufficiency::read_supply_folder`).
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

fn read(folder: &Path) -> Result<(Option<String>, Supply), String> {
    let read = read_supply_folder(folder, &Postcodes::new()).map_err(|e| e.to_string())?;
    for i in read.issues.iter().take(5) {
        println!("  supply: {} row {} column {}: {} ({})", i.file, i.row, i.column, i.message, i.code);
    }
    if !read.issues.is_empty() {
        println!("  supply: {} issues in the tables", read.issues.len());
    }
    Ok((read.supply.authority.clone(), read.supply))
}
