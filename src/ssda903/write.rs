//! Writing a dataset back out as one year's SSDA903 CSV return.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::codes::CollectionYear;
use crate::model::{Child, Episode};

use super::dataset::Dataset;
use super::read::RawTable;
use super::table::TableKind;

/// `DD/MM/YYYY`, written digit by digit: formatting dates dominates writing a national return.
fn format_date(d: NaiveDate) -> String {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut s = String::with_capacity(10);
    s.extend([digit(day / 10), digit(day), '/', digit(m / 10), digit(m), '/']);
    s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    s
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn episode_row(e: &Episode, year: CollectionYear) -> Vec<String> {
    // As the return for `year` would have recorded it: an episode that ended
    // after 31 March was still open then.
    let ended = e.end.filter(|d| *d <= year.end());
    vec![
        e.child.to_string(),
        format_date(e.start),
        e.reason_new.to_string(),
        e.legal_status.to_string(),
        opt(&e.category_of_need),
        e.place.to_string(),
        opt(&e.provider),
        ended.map(format_date).unwrap_or_default(),
        if ended.is_some() { opt(&e.reason_end) } else { String::new() },
        if ended.is_some() { opt(&e.reason_place_change) } else { String::new() },
        opt(&e.home_postcode),
        opt(&e.placement_postcode),
        opt(&e.urn),
    ]
}

fn header_row(c: &Child, year: CollectionYear) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.sex.code_for(year).to_string(),
        format_date(c.dob),
        opt(&c.ethnicity),
        opt(&c.upn),
        c.mother.map(|m| if m { "1" } else { "0" }.to_string()).unwrap_or_default(),
        c.mc_dob.map(format_date).unwrap_or_default(),
    ]
}

/// The header, episodes and UASC tables of the `year` return, as that year's
/// return would have shown the dataset: episodes current at any time in the
/// year, with those that ended after 31 March written as still open.
///
/// Children with no episodes at all are written in the newest year's return.
///
/// ```
/// use sufficiency::codes::CollectionYear;
/// use sufficiency::ssda903::{read_tables, return_tables, RawTable};
/// let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"]]);
/// let episodes = RawTable::new(
///     "e",
///     &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
///     vec![vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR1", "", ""]],
/// );
/// let ds = read_tables(vec![header, episodes], None).unwrap();
/// let tables = return_tables(&ds, CollectionYear::new(2025).unwrap());
/// let back = read_tables(tables, Some(CollectionYear::new(2025).unwrap())).unwrap();
/// assert!(back.same_records(&ds));
/// ```
pub fn return_tables(ds: &Dataset, year: CollectionYear) -> Vec<RawTable> {
    let newest = ds.collection_years().last().copied();
    return_tables_of(ds.children(), |id| ds.episodes_of(id), year, newest)
}

/// [`return_tables`] for records not (yet) in a [`Dataset`]: `episodes_of`
/// gives each child's episodes in date order; `newest` is the newest year the
/// records span (children with no episodes are written in that year's return).
fn return_tables_of<'a>(
    children: &'a [Child],
    episodes_of: impl Fn(&crate::model::ChildId) -> &'a [Episode],
    year: CollectionYear,
    newest: Option<CollectionYear>,
) -> Vec<RawTable> {
    let mut episodes: Vec<Vec<String>> = Vec::new();
    let mut header: Vec<Vec<String>> = Vec::new();
    let mut uasc: Vec<Vec<String>> = Vec::new();
    for child in children {
        let eps = episodes_of(&child.id);
        let current: Vec<&Episode> =
            eps.iter().filter(|e| e.start <= year.end() && e.end.is_none_or(|d| d >= year.start())).collect();
        let include = !current.is_empty() || (eps.is_empty() && newest.is_none_or(|n| n == year));
        if !include {
            continue;
        }
        header.push(header_row(child, year));
        if child.uasc {
            uasc.push(vec![
                child.id.to_string(),
                child.sex.code_for(year).to_string(),
                format_date(child.dob),
                child.uasc_ceased.map(format_date).unwrap_or_default(),
            ]);
        }
        episodes.extend(current.into_iter().map(|e| episode_row(e, year)));
    }
    let table = |kind: TableKind, name: &str, rows| RawTable {
        name: name.to_string(),
        header: kind.columns().iter().map(|c| c.to_string()).collect(),
        rows,
    };
    vec![
        table(TableKind::Header, "header.csv", header),
        table(TableKind::Episodes, "episodes.csv", episodes),
        table(TableKind::Uasc, "uasc.csv", uasc),
    ]
}

/// Writes the `year` return (see [`return_tables`]) into `folder` as
/// `header.csv`, `episodes.csv` and `uasc.csv`, creating the folder.
///
/// ```
/// # use sufficiency::codes::CollectionYear;
/// # use sufficiency::ssda903::{read_ssda903, read_tables, write_return, RawTable};
/// # let header = RawTable::new("h", &["CHILD", "SEX", "DOB"], vec![vec!["C1", "M", "01/01/2010"]]);
/// # let episodes = RawTable::new("e", &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"],
/// #     vec![vec!["C1", "01/05/2024", "S", "C1", "N1", "U4", "PR1", "", ""]]);
/// # let ds = read_tables(vec![header, episodes], None).unwrap();
/// let dir = std::env::temp_dir().join("sufficiency-doc-write");
/// write_return(&ds, CollectionYear::new(2025).unwrap(), &dir).unwrap();
/// let back = read_ssda903(&[&dir], None).unwrap();
/// assert!(back.same_records(&ds));
/// ```
pub fn write_return(ds: &Dataset, year: CollectionYear, folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    for t in return_tables(ds, year) {
        let mut w = csv::Writer::from_path(folder.join(&t.name))?;
        w.write_record(&t.header)?;
        for r in &t.rows {
            w.write_record(r)?;
        }
        w.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_dd_mm_yyyy() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(format_date(d(2024, 5, 1)), "01/05/2024");
        assert_eq!(format_date(d(1999, 12, 31)), "31/12/1999");
        assert_eq!(format_date(d(2008, 2, 29)), "29/02/2008");
    }
}
