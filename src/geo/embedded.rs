//! Reading the data files embedded from `src/geo/data/` (built by
//! `scripts/build_postcode_data.py`). Each starts with `#` comment lines
//! carrying the ONSPD attribution (`/work/shared/domain/ssda903.md` §7),
//! then a header row.

/// Rows of an embedded CSV file, skipping its `#` comment lines.
///
/// The files are generated and checked by the tests, so a bad row is a
/// build defect, not a user error: it panics with the file's name.
pub(crate) fn embedded_rows<T: serde::de::DeserializeOwned>(
    name: &'static str,
    text: &'static str,
) -> impl Iterator<Item = T> {
    csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes()).into_deserialize().map(move |row| {
        match row {
            Ok(row) => row,
            Err(e) => panic!("embedded geo data file {name} is malformed: {e}"),
        }
    })
}
