//! A supply as a folder of CSV files, the way a council keeps it beside its
//! SSDA903 returns:
//!
//! | file | holds | columns |
//! |---|---|---|
//! | `providers.csv` | who runs settings | `provider`, `name`, `place_provider` (PR1–PR5), `urn` |
//! | `settings.csv` | homes and households | see [`read_supply`] |
//! | `occupants.csv` (optional) | where the authority's children live | `child`, `setting` |
//! | `authority.txt` (optional) | whose view it is | the ONS code, e.g. `E08000003` |
//!
//! [`write_supply_folder`] writes exactly these files, and
//! [`read_supply_folder`] reads them back to the same [`Supply`], so a
//! supply can be handed over, edited in a spreadsheet and read again.

use std::path::{Path, PathBuf};

use crate::geo::Postcodes;
use crate::model::Supply;
use crate::ssda903::RawTable;

use super::error::SufficiencyError;
use super::table::{add_occupants, read_supply, SupplyRead};

/// The providers table's file name.
pub const PROVIDERS_FILE: &str = "providers.csv";
/// The settings table's file name.
pub const SETTINGS_FILE: &str = "settings.csv";
/// The optional occupants table's file name.
pub const OCCUPANTS_FILE: &str = "occupants.csv";
/// The optional file holding the authority's ONS code.
pub const AUTHORITY_FILE: &str = "authority.txt";

/// Reads a supply folder, the way a council keeps its places beside its
/// SSDA903 returns:
///
/// | file | holds | columns |
/// |---|---|---|
/// | `providers.csv` | who runs settings | `provider`, `name`, `place_provider` (PR1–PR5), `urn` |
/// | `settings.csv` | homes and households | see [`read_supply`] |
/// | `occupants.csv` (optional) | where the authority's children live | `child`, `setting` |
/// | `authority.txt` (optional) | whose view it is | the ONS code, e.g. `E08000003` |
///
/// Every row is checked and every problem reported by file, row and
/// column, as [`read_supply`] and [`add_occupants`] do for tables.
///
/// `providers.csv` and `settings.csv` must exist; without `occupants.csv`
/// the supply has no occupants, and without `authority.txt` (or with an
/// empty one) no authority. Only a missing or unreadable file, or text that
/// is not CSV, is an error.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{read_supply_folder, write_supply_folder};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("providers.csv"), "provider,name,place_provider\nLA,Our council,PR1\n").unwrap();
/// std::fs::write(
///     dir.path().join("settings.csv"),
///     "setting,provider,kind,places,weekly_price\nH1,LA,childrens_home,4,5750.00\nH2,LA,castle,2,\n",
/// ).unwrap();
/// let read = read_supply_folder(dir.path(), &Postcodes::new()).unwrap();
/// assert_eq!(read.setting_rows, (2, 1, 1)); // H2 is no kind of setting
/// assert_eq!((read.issues[0].file.as_str(), read.issues[0].row), ("settings.csv", 2));
/// assert_eq!(read.supply.settings[0].weekly_price, Some("5750.00".parse().unwrap()));
/// ```
pub fn read_supply_folder(folder: &Path, postcodes: &Postcodes) -> Result<SupplyRead, SufficiencyError> {
    let providers = read_table(&folder.join(PROVIDERS_FILE))?;
    let settings = read_table(&folder.join(SETTINGS_FILE))?;
    let authority = match std::fs::read_to_string(folder.join(AUTHORITY_FILE)) {
        Ok(text) => Some(text.trim().to_string()).filter(|s| !s.is_empty()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(SufficiencyError::Io { path: folder.join(AUTHORITY_FILE), source }),
    };
    let mut read = read_supply(&providers, &settings, authority.as_deref(), postcodes);
    let occupants = folder.join(OCCUPANTS_FILE);
    if occupants.exists() {
        add_occupants(&mut read, &read_table(&occupants)?);
    }
    Ok(read)
}

/// Writes `supply` as a supply folder (the files [`read_supply_folder`]
/// reads), creating the folder if need be, and returns the files written.
///
/// All four files are written, so that no file left from an earlier supply
/// is read back with this one: `occupants.csv` has only its header when the
/// supply has no occupants, and `authority.txt` is empty when it has no
/// authority. Reading the folder back gives `supply` again.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::model::{Ownership, Provider, Setting, SettingKind, Supply};
/// use sufficiency::sufficiency::{read_supply_folder, write_supply_folder};
/// let mut supply = Supply::default();
/// supply.providers.push(Provider::new("IFA1", "Bright Futures, Fostering", Ownership::Voluntary));
/// supply.settings.push(Setting::new("F1", "IFA1", SettingKind::FosterHousehold, 2));
/// let dir = tempfile::tempdir().unwrap();
/// let files = write_supply_folder(&supply, dir.path()).unwrap();
/// assert_eq!(files.len(), 4);
/// let read = read_supply_folder(dir.path(), &Postcodes::new()).unwrap();
/// assert!(read.issues.is_empty());
/// assert_eq!(read.supply, supply);
/// ```
pub fn write_supply_folder(supply: &Supply, folder: &Path) -> Result<Vec<PathBuf>, SufficiencyError> {
    std::fs::create_dir_all(folder).map_err(|source| SufficiencyError::Io { path: folder.to_path_buf(), source })?;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let age = |a: Option<u8>| a.map(|a| a.to_string()).unwrap_or_default();
    let providers = supply
        .providers
        .iter()
        .map(|p| vec![p.id.clone(), p.name.clone(), p.ownership.place_provider().code().to_string(), opt(&p.urn)]);
    let settings = supply.settings.iter().map(|s| {
        vec![
            s.id.clone(),
            s.provider.clone(),
            s.kind.label().to_string(),
            s.places.to_string(),
            opt(&s.postcode),
            opt(&s.urn),
            age(s.min_age),
            age(s.max_age),
            s.kinship.to_string(),
            s.route.map(|r| r.label().to_string()).unwrap_or_default(),
            s.weekly_price.map(|p| p.to_string()).unwrap_or_default(),
            s.specialisms.iter().map(|x| x.label()).collect::<Vec<_>>().join(";"),
            s.solo.to_string(),
            s.own_children.to_string(),
            s.other_children.to_string(),
        ]
    });
    let occupants = supply.occupants.iter().map(|o| vec![o.child.clone(), o.setting.clone()]);
    let written = vec![
        write_table(&folder.join(PROVIDERS_FILE), &["provider", "name", "place_provider", "urn"], providers)?,
        write_table(
            &folder.join(SETTINGS_FILE),
            &[
                "setting",
                "provider",
                "kind",
                "places",
                "postcode",
                "urn",
                "min_age",
                "max_age",
                "kinship",
                "route",
                "weekly_price",
                "specialisms",
                "solo",
                "own_children",
                "other_children",
            ],
            settings,
        )?,
        write_table(&folder.join(OCCUPANTS_FILE), &["child", "setting"], occupants)?,
    ];
    let path = folder.join(AUTHORITY_FILE);
    let text = supply.authority.as_ref().map(|a| format!("{a}\n")).unwrap_or_default();
    std::fs::write(&path, text).map_err(|source| SufficiencyError::Io { path: path.clone(), source })?;
    Ok(written.into_iter().chain(std::iter::once(path)).collect())
}

/// One CSV file as a table named by its file name, rows kept as they are
/// (a row with too few or too many cells is reported by the table's reader).
fn read_table(path: &Path) -> Result<RawTable, SufficiencyError> {
    let csv_error = |e: csv::Error| {
        let detail = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(source) if source.kind() == std::io::ErrorKind::NotFound => {
                SufficiencyError::MissingFile { path: path.to_path_buf() }
            }
            csv::ErrorKind::Io(source) => SufficiencyError::Io { path: path.to_path_buf(), source },
            _ => SufficiencyError::Csv { path: path.to_path_buf(), detail },
        }
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path).map_err(csv_error)?;
    let header = reader.headers().map_err(csv_error)?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.map_err(csv_error)?.iter().map(str::to_string).collect());
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(RawTable { name, header, rows })
}

/// Writes one CSV file: a header line, then the rows (quoted where needed).
fn write_table(
    path: &Path,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<PathBuf, SufficiencyError> {
    let io = |source: std::io::Error| SufficiencyError::Io { path: path.to_path_buf(), source };
    let mut w = csv::Writer::from_path(path).map_err(|e| io(e.into()))?;
    w.write_record(header).map_err(|e| io(e.into()))?;
    for row in rows {
        w.write_record(&row).map_err(|e| io(e.into()))?;
    }
    w.flush().map_err(io)?;
    Ok(path.to_path_buf())
}
