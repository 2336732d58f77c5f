//! Supply from tables (CSV files or frames): providers and settings, each
//! row checked, every problem reported by file, row and column, and no row
//! lost: rows read = rows accepted + rows rejected.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::Route;
use crate::geo::Postcodes;
use crate::model::{Occupant, Ownership, Provider, Setting, SettingKind, Specialism, Supply};
use crate::ssda903::RawTable;

/// How bad a supply-table problem is.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::ssda903::RawTable;
/// use sufficiency::sufficiency::{read_supply, TableSeverity};
/// let providers = RawTable::new("providers.csv", &["provider", "place_provider"], vec![vec!["LA", "PR1"]]);
/// let cols = ["setting", "provider", "kind", "places", "own_children"];
/// // H1 has more children than places (kept, a warning); H2's provider is unknown (rejected, an error).
/// let rows = vec![vec!["H1", "LA", "childrens_home", "2", "3"], vec!["H2", "NOBODY", "childrens_home", "2", "0"]];
/// let read = read_supply(&providers, &RawTable::new("settings.csv", &cols, rows), None, &Postcodes::new());
/// let sev = |code: &str| read.issues.iter().find(|i| i.code == code).unwrap().severity;
/// assert_eq!((sev("over_occupied"), sev("unknown_provider")), (TableSeverity::Warning, TableSeverity::Error));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableSeverity {
    /// The row was rejected.
    Error,
    /// The row was kept; the value is doubtful.
    Warning,
}

/// One problem in a supply table.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::ssda903::RawTable;
/// use sufficiency::sufficiency::{read_supply, TableSeverity};
/// let providers = RawTable::new("providers.csv", &["provider", "place_provider"], vec![vec!["LA", "PR1"]]);
/// let cols = ["setting", "provider", "kind", "places"];
/// let rows = vec![vec!["H1", "LA", "childrens_home", "4"], vec!["H2", "LA", "castle", "2"]];
/// let read = read_supply(&providers, &RawTable::new("settings.csv", &cols, rows), None, &Postcodes::new());
/// let i = &read.issues[0];
/// assert_eq!((i.file.as_str(), i.row, i.column.as_str(), i.severity), ("settings.csv", 2, "kind", TableSeverity::Error));
/// assert!(i.to_string().starts_with("settings.csv row 2 kind: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableIssue {
    /// The table's name (file name or frame name).
    pub file: String,
    /// The data row, from 1 (the header is row 0).
    pub row: u64,
    /// The column, or empty for the whole row or table.
    pub column: String,
    /// A stable code: `missing_column`, `missing_value`, `duplicate_id`,
    /// `unknown_provider`, `bad_value`, `bad_age_range`, `over_occupied`,
    /// `unknown_postcode`, `field_count`, `unknown_setting`.
    pub code: String,
    /// Error (row rejected) or warning (row kept).
    pub severity: TableSeverity,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for TableIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {} {}: {} ({})", self.file, self.row, self.column, self.message, self.code)
    }
}

/// A supply read from tables, with what was wrong and the row counts.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::ssda903::RawTable;
/// use sufficiency::sufficiency::read_supply;
/// let providers = RawTable::new("providers.csv", &["provider", "place_provider"], vec![vec!["LA", "PR1"], vec!["X", "PR9"]]);
/// let cols = ["setting", "provider", "kind", "places"];
/// let rows = vec![vec!["F1", "LA", "foster_household", "2"], vec!["F2", "LA", "foster_household", "two"]];
/// let read = read_supply(&providers, &RawTable::new("settings.csv", &cols, rows), Some("E08000007"), &Postcodes::new());
/// // PR9 is no place provider; "two" is not a number: one row of each table rejected.
/// assert_eq!((read.provider_rows, read.setting_rows), ((2, 1, 1), (2, 1, 1)));
/// assert_eq!((read.supply.settings[0].places, read.supply.authority.as_deref()), (2, Some("E08000007")));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyRead {
    /// The accepted providers and settings.
    pub supply: Supply,
    /// Every problem found.
    pub issues: Vec<TableIssue>,
    /// (rows read, accepted, rejected) for providers.
    pub provider_rows: (u64, u64, u64),
    /// (rows read, accepted, rejected) for settings.
    pub setting_rows: (u64, u64, u64),
    /// (rows read, accepted, rejected) for occupants ([`add_occupants`]);
    /// all 0 when no occupants table was read.
    #[serde(default)]
    pub occupant_rows: (u64, u64, u64),
}

struct Cols<'a> {
    t: &'a RawTable,
    index: HashMap<String, usize>,
}

impl<'a> Cols<'a> {
    fn new(t: &'a RawTable) -> Self {
        let index = t.header.iter().enumerate().map(|(i, h)| (h.trim().to_ascii_lowercase(), i)).collect();
        Cols { t, index }
    }
    fn get(&self, row: usize, col: &str) -> &'a str {
        self.index.get(col).and_then(|&i| self.t.rows[row].get(i)).map_or("", |s| s.trim())
    }
    fn has(&self, col: &str) -> bool {
        self.index.contains_key(col)
    }
}

/// The problem with row `row` of `t` when its number of cells is not the
/// header's: a stray comma or a cut-off line, so no cell can be trusted.
fn ragged(t: &RawTable, row: usize) -> Option<String> {
    let (cells, width) = (t.rows[row].len(), t.header.len());
    (cells != width).then(|| {
        format!("the row has {cells} cells but the header has {width}; check for a stray comma or an unquoted value. The row was left out.")
    })
}

/// A problem with data row `row` (from 0) of table `t`.
fn row_issue(
    t: &RawTable,
    row: usize,
    column: &str,
    code: &str,
    severity: TableSeverity,
    message: String,
) -> TableIssue {
    TableIssue {
        file: t.name.clone(),
        row: row as u64 + 1,
        column: column.to_string(),
        code: code.to_string(),
        severity,
        message,
    }
}

/// Reports each of the `need`ed columns that `t` lacks (no row of it can
/// be read then); whether any is missing.
fn missing_columns(t: &RawTable, need: &[&str], issues: &mut Vec<TableIssue>) -> bool {
    let c = Cols::new(t);
    let missing: Vec<&str> = need.iter().copied().filter(|n| !c.has(n)).collect();
    for m in &missing {
        issues.push(TableIssue {
            file: t.name.clone(),
            row: 0,
            column: m.to_string(),
            code: "missing_column".into(),
            severity: TableSeverity::Error,
            message: format!("the table has no '{m}' column, so no row can be read; add it"),
        });
    }
    !missing.is_empty()
}

fn ownership(s: &str) -> Option<Ownership> {
    match s.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
        "pr1" | "own_authority" | "own" | "in_house" => Some(Ownership::OwnAuthority),
        "pr2" | "other_authority" => Some(Ownership::OtherAuthority),
        "pr3" | "other_public" => Some(Ownership::OtherPublic),
        "pr4" | "private" => Some(Ownership::Private),
        "pr5" | "voluntary" => Some(Ownership::Voluntary),
        _ => None,
    }
}

fn boolean(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Some(false),
        "true" | "yes" | "y" | "1" => Some(true),
        _ => None,
    }
}

/// Reads providers and settings tables.
///
/// Providers: `provider` (id, required), `name`, `place_provider` (PR1–PR5,
/// or own_authority / other_authority / other_public / private / voluntary;
/// required), `urn`. Settings: `setting` (id, required, unique),
/// `provider` (a provider id, required), `kind` (foster_household,
/// childrens_home, supported_accommodation, secure; required), `places`
/// (required), `postcode`, `urn`, `min_age`, `max_age`, `kinship`, `route`
/// (in_house, block, framework, dps, spot), `weekly_price` (pounds),
/// `specialisms` (`;`-separated: disability, mental_health, exploitation,
/// parent_and_child), `solo`, `own_children`, `other_children`. Column names
/// are case-insensitive; extra columns are ignored.
///
/// A row with a bad required or typed value is rejected with an error; more
/// children than places, or a postcode the lookup cannot place, is a warning
/// and the row is kept.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::ssda903::RawTable;
/// use sufficiency::sufficiency::read_supply;
/// let providers = RawTable::new("providers.csv", &["provider", "name", "place_provider"], vec![vec!["LA", "Our council", "PR1"]]);
/// let settings = RawTable::new(
///     "settings.csv",
///     &["setting", "provider", "kind", "places", "postcode", "weekly_price"],
///     vec![
///         vec!["H1", "LA", "childrens_home", "4", "M1 1AE", "5750.00"],
///         vec!["H2", "NOBODY", "childrens_home", "2", "M1 1AE", ""],
///     ],
/// );
/// let read = read_supply(&providers, &settings, Some("E08000003"), &Postcodes::new());
/// assert_eq!(read.setting_rows, (2, 1, 1));
/// assert_eq!(read.issues[0].code, "unknown_provider");
/// assert_eq!((read.issues[0].row, read.issues[0].column.as_str()), (2, "provider"));
/// ```
pub fn read_supply(
    providers: &RawTable,
    settings: &RawTable,
    authority: Option<&str>,
    postcodes: &Postcodes,
) -> SupplyRead {
    let mut issues = Vec::new();
    let mut supply = Supply { authority: authority.map(str::to_string), ..Supply::default() };
    // Providers.
    let p_rows = providers.rows.len() as u64;
    let mut p_ok = 0u64;
    if !missing_columns(providers, &["provider", "place_provider"], &mut issues) {
        let c = Cols::new(providers);
        let mut seen = BTreeSet::new();
        for r in 0..providers.rows.len() {
            if let Some(m) = ragged(providers, r) {
                issues.push(row_issue(providers, r, "", "field_count", TableSeverity::Error, m));
                continue;
            }
            let id = c.get(r, "provider");
            if id.is_empty() {
                issues.push(row_issue(
                    providers,
                    r,
                    "provider",
                    "missing_value",
                    TableSeverity::Error,
                    "the provider id is blank; every provider needs one".into(),
                ));
                continue;
            }
            if !seen.insert(id.to_string()) {
                issues.push(row_issue(
                    providers,
                    r,
                    "provider",
                    "duplicate_id",
                    TableSeverity::Error,
                    format!("provider '{id}' is listed twice; the first is kept"),
                ));
                continue;
            }
            let Some(own) = ownership(c.get(r, "place_provider")) else {
                issues.push(row_issue(providers, r, "place_provider", "bad_value", TableSeverity::Error, format!("'{}' is not PR1–PR5 or an ownership (own_authority, other_authority, other_public, private, voluntary)", c.get(r, "place_provider"))));
                continue;
            };
            let mut p = Provider::new(id, c.get(r, "name"), own);
            let urn = c.get(r, "urn");
            p.urn = (!urn.is_empty()).then(|| urn.to_string());
            supply.providers.push(p);
            p_ok += 1;
        }
    }
    // Settings.
    let s_rows = settings.rows.len() as u64;
    let mut s_ok = 0u64;
    if !missing_columns(settings, &["setting", "provider", "kind", "places"], &mut issues) {
        let c = Cols::new(settings);
        let providers: BTreeSet<String> = supply.providers.iter().map(|p| p.id.clone()).collect();
        let mut seen = BTreeSet::new();
        for r in 0..settings.rows.len() {
            if let Some(m) = ragged(settings, r) {
                issues.push(row_issue(settings, r, "", "field_count", TableSeverity::Error, m));
                continue;
            }
            let before = issues.len();
            let mut err = |column: &str, code: &str, message: String| {
                issues.push(row_issue(settings, r, column, code, TableSeverity::Error, message))
            };
            let id = c.get(r, "setting");
            if id.is_empty() {
                err("setting", "missing_value", "the setting id is blank; every setting needs one".into());
            } else if seen.contains(id) {
                err("setting", "duplicate_id", format!("setting '{id}' is listed twice; the first is kept"));
            }
            let provider = c.get(r, "provider");
            if !providers.contains(provider) {
                err(
                    "provider",
                    "unknown_provider",
                    format!("provider '{provider}' is not in the providers table; add it there"),
                );
            }
            let kind = c.get(r, "kind").parse::<SettingKind>().map_err(|m| err("kind", "bad_value", m)).ok();
            let mut number = |col: &str, required: bool| -> Option<u32> {
                let v = c.get(r, col);
                if v.is_empty() {
                    if required {
                        issues.push(row_issue(
                            settings,
                            r,
                            col,
                            "missing_value",
                            TableSeverity::Error,
                            format!("'{col}' is blank; give a whole number"),
                        ));
                    }
                    return Some(0);
                }
                match v.parse::<f64>() {
                    Ok(x) if x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) => Some(x as u32),
                    _ => {
                        issues.push(row_issue(
                            settings,
                            r,
                            col,
                            "bad_value",
                            TableSeverity::Error,
                            format!("'{v}' is not a whole number of 0 or more"),
                        ));
                        None
                    }
                }
            };
            let places = number("places", true);
            let own = number("own_children", false);
            let other = number("other_children", false);
            let min_age = c.has("min_age").then(|| c.get(r, "min_age")).filter(|v| !v.is_empty());
            let max_age = c.has("max_age").then(|| c.get(r, "max_age")).filter(|v| !v.is_empty());
            let age = |v: Option<&str>, col: &str, issues: &mut Vec<TableIssue>| -> Result<Option<u8>, ()> {
                match v.map(|s| s.parse::<f64>()) {
                    None => Ok(None),
                    Some(Ok(x)) if (0.0..=25.0).contains(&x) && x.fract() == 0.0 => Ok(Some(x as u8)),
                    Some(_) => {
                        issues.push(row_issue(
                            settings,
                            r,
                            col,
                            "bad_value",
                            TableSeverity::Error,
                            format!("'{}' is not an age in whole years (0–25)", v.unwrap_or_default()),
                        ));
                        Err(())
                    }
                }
            };
            let min_age = age(min_age, "min_age", &mut issues);
            let max_age = age(max_age, "max_age", &mut issues);
            if let (Ok(Some(a)), Ok(Some(b))) = (min_age, max_age) {
                if a > b {
                    issues.push(row_issue(
                        settings,
                        r,
                        "min_age",
                        "bad_age_range",
                        TableSeverity::Error,
                        format!("min_age {a} is above max_age {b}"),
                    ));
                }
            }
            let flag = |col: &str, issues: &mut Vec<TableIssue>| -> bool {
                let v = c.get(r, col);
                boolean(v).unwrap_or_else(|| {
                    issues.push(row_issue(
                        settings,
                        r,
                        col,
                        "bad_value",
                        TableSeverity::Error,
                        format!("'{v}' is not true or false"),
                    ));
                    false
                })
            };
            let kinship = flag("kinship", &mut issues);
            let solo = flag("solo", &mut issues);
            let route = match c.get(r, "route") {
                "" => None,
                v => match v.parse::<Route>() {
                    Ok(x) => Some(x),
                    Err(_) => {
                        issues.push(row_issue(
                            settings,
                            r,
                            "route",
                            "bad_value",
                            TableSeverity::Error,
                            format!("'{v}' is not a route; use in_house, block, framework, dps or spot"),
                        ));
                        None
                    }
                },
            };
            let price = match c.get(r, "weekly_price").trim_start_matches('£').replace(',', "") {
                v if v.is_empty() => None,
                v => match v.parse::<Decimal>() {
                    Ok(x) if x >= Decimal::ZERO => Some(x),
                    _ => {
                        issues.push(row_issue(
                            settings,
                            r,
                            "weekly_price",
                            "bad_value",
                            TableSeverity::Error,
                            format!("'{v}' is not a weekly price in pounds (e.g. 5750.00)"),
                        ));
                        None
                    }
                },
            };
            let mut specialisms = Vec::new();
            for part in c.get(r, "specialisms").split([';', ',']).map(str::trim).filter(|p| !p.is_empty()) {
                match part.parse::<Specialism>() {
                    Ok(s) => specialisms.push(s),
                    Err(m) => issues.push(row_issue(settings, r, "specialisms", "bad_value", TableSeverity::Error, m)),
                }
            }
            if issues[before..].iter().any(|i| i.severity == TableSeverity::Error) {
                continue;
            }
            let (Some(kind), Some(places), Some(own), Some(other), Ok(min_age), Ok(max_age)) =
                (kind, places, own, other, min_age, max_age)
            else {
                continue;
            };
            let mut s = Setting::new(id, provider, kind, places);
            let text = |col: &str| Some(c.get(r, col)).filter(|v| !v.is_empty()).map(str::to_string);
            s.postcode = text("postcode");
            s.urn = text("urn");
            (s.min_age, s.max_age, s.kinship, s.solo, s.route, s.weekly_price, s.specialisms) =
                (min_age, max_age, kinship, solo, route, price, specialisms);
            (s.own_children, s.other_children) = (own, other);
            if own + other > s.usable_places() {
                issues.push(row_issue(
                    settings,
                    r,
                    "places",
                    "over_occupied",
                    TableSeverity::Warning,
                    format!(
                        "{} children live in {} usable places; check the occupancy",
                        own + other,
                        s.usable_places()
                    ),
                ));
            }
            if let Some(pc) = &s.postcode {
                if postcodes.resolve(pc).is_err() {
                    issues.push(row_issue(
                        settings,
                        r,
                        "postcode",
                        "unknown_postcode",
                        TableSeverity::Warning,
                        format!("postcode '{pc}' cannot be placed; the setting is kept but has no distance"),
                    ));
                }
            }
            seen.insert(id.to_string());
            supply.settings.push(s);
            s_ok += 1;
        }
    }
    SupplyRead {
        supply,
        issues,
        provider_rows: (p_rows, p_ok, p_rows - p_ok),
        setting_rows: (s_rows, s_ok, s_rows - s_ok),
        occupant_rows: (0, 0, 0),
    }
}

/// Adds where the authority's own children live, from a table with the
/// columns `child` (the SSDA903 CHILD id) and `setting` (a setting of the
/// supply read), to a supply read by [`read_supply`].
///
/// Occupants let the matching keep each child's current place for them
/// (without them it knows only each setting's `own_children` count). A row
/// is rejected with an error when a cell is blank, the setting is not in
/// the supply (`unknown_setting`), or the child is listed twice
/// (`duplicate_id`: a child lives in one place); the counts in
/// [`SupplyRead::occupant_rows`] always add up.
///
/// ```
/// use sufficiency::geo::Postcodes;
/// use sufficiency::ssda903::RawTable;
/// use sufficiency::sufficiency::{add_occupants, read_supply};
/// let providers = RawTable::new("providers.csv", &["provider", "place_provider"], vec![vec!["LA", "PR1"]]);
/// let settings = RawTable::new("settings.csv", &["setting", "provider", "kind", "places"], vec![vec!["F1", "LA", "foster_household", "2"]]);
/// let mut read = read_supply(&providers, &settings, None, &Postcodes::new());
/// let occupants = RawTable::new("occupants.csv", &["child", "setting"], vec![vec!["C1", "F1"], vec!["C2", "F9"]]);
/// add_occupants(&mut read, &occupants);
/// assert_eq!(read.occupant_rows, (2, 1, 1));
/// assert_eq!(read.supply.occupants[0].child, "C1");
/// assert_eq!((read.issues[0].row, read.issues[0].code.as_str()), (2, "unknown_setting"));
/// ```
pub fn add_occupants(read: &mut SupplyRead, occupants: &RawTable) {
    let t = occupants;
    let rows = t.rows.len() as u64;
    let mut ok = 0u64;
    let c = Cols::new(t);
    if !missing_columns(t, &["child", "setting"], &mut read.issues) {
        let settings: BTreeSet<&str> = read.supply.settings.iter().map(|s| s.id.as_str()).collect();
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for r in 0..t.rows.len() {
            let problem = if let Some(m) = ragged(t, r) {
                Some(("", "field_count", m))
            } else {
                let (child, setting) = (c.get(r, "child"), c.get(r, "setting"));
                if child.is_empty() {
                    Some(("child", "missing_value", "the child id is blank; give the SSDA903 CHILD id".to_string()))
                } else if setting.is_empty() {
                    Some((
                        "setting",
                        "missing_value",
                        "the setting is blank; give a setting id from settings".to_string(),
                    ))
                } else if !settings.contains(setting) {
                    let m = format!(
                        "setting '{setting}' is not among the settings read (it may have been rejected); add it there"
                    );
                    Some(("setting", "unknown_setting", m))
                } else if !seen.insert(child.to_string()) {
                    Some((
                        "child",
                        "duplicate_id",
                        format!("child '{child}' is listed twice; a child lives in one place, so the first is kept"),
                    ))
                } else {
                    found.push(Occupant { child: child.to_string(), setting: setting.to_string() });
                    None
                }
            };
            match problem {
                Some((column, code, message)) => {
                    read.issues.push(row_issue(t, r, column, code, TableSeverity::Error, message))
                }
                None => ok += 1,
            }
        }
        read.supply.occupants.extend(found);
    }
    read.occupant_rows = (rows, ok, rows - ok);
}
