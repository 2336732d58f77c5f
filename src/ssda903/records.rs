//! Yearly returns given as records rather than text: the rows each return
//! would hold go through the same checks and the same merge as rows read
//! from files, without writing and parsing CSV. The synthetic authority uses
//! this; [`super::return_tables`] is its text twin.

use crate::codes::CollectionYear;
use crate::model::{Child, Episode};

use super::dataset::Dataset;
use super::merge::{self, ReturnRows, Rows};
use super::rows::{Ctx, EpisodeRow, FileState, HeaderRow, RowRef, TextCol, TextId, UascRow};
use super::table::TableKind;

/// The dataset that reading the `years` returns of these records gives: each
/// year's return holds the episodes current in it (those that ended after
/// its 31 March written as still open) and their children, exactly as
/// [`super::return_tables`] writes them. `records` holds each child with
/// their episodes in date order. Files are named `2025/header.csv` and so on.
pub(crate) fn read_record_years(records: &[(Child, Vec<Episode>)], years: &[CollectionYear]) -> Dataset {
    let mut ctx = Ctx::default();
    let mut rows = Rows::default();
    let mut returns = Vec::with_capacity(years.len());
    let newest = years.last().copied();
    // Identifiers and text are interned once per child and episode, not once per return.
    let child_ids: Vec<(u32, Option<TextId>)> = records
        .iter()
        .map(|(c, _)| {
            let cix = ctx.intern(c.id.as_str().as_bytes());
            (cix, c.upn.as_deref().and_then(|u| ctx.upn(cix, u.as_bytes())))
        })
        .collect();
    let mut texts: Vec<Vec<[Option<TextId>; 3]>> = Vec::with_capacity(records.len());
    for (_, eps) in records {
        let t = eps
            .iter()
            .map(|e| {
                let cols = [
                    (TextCol::HomePost, &e.home_postcode),
                    (TextCol::PlPost, &e.placement_postcode),
                    (TextCol::Urn, &e.urn),
                ];
                cols.map(|(col, v)| v.as_deref().and_then(|t| ctx.text(col, t.as_bytes())))
            })
            .collect();
        texts.push(t);
    }
    for &year in years {
        let mut ret = ReturnRows::starting(format!("{year} return"), Some(year), &rows, ctx.files.len());
        let file = |ctx: &mut Ctx, table: TableKind| {
            let name = format!("{}/{}.csv", year.end_year(), table.name().to_lowercase());
            ctx.files.push(FileState { name, table, year: Some(year), rows: 0, rejected: Vec::new() });
            (ctx.files.len() - 1) as u32
        };
        let (fh, fe, fu) =
            (file(&mut ctx, TableKind::Header), file(&mut ctx, TableKind::Episodes), file(&mut ctx, TableKind::Uasc));
        let (mut nh, mut ne, mut nu) = (0u32, 0u32, 0u32);
        for (k, (child, eps)) in records.iter().enumerate() {
            let in_year = |e: &&Episode| e.start <= year.end() && e.end.is_none_or(|d| d >= year.start());
            let include = eps.iter().any(|e| in_year(&e)) || (eps.is_empty() && newest == Some(year));
            if !include {
                continue;
            }
            let (cix, upn) = child_ids[k];
            nh += 1;
            rows.header.push(HeaderRow {
                at: RowRef { file: fh, row: nh },
                cix,
                dob: child.dob,
                mc_dob: child.mc_dob,
                upn,
                sex_code: child.sex.code_for(year),
                ethnicity: child.ethnicity,
                mother: child.mother,
            });
            if child.uasc {
                nu += 1;
                rows.uasc.push(UascRow { at: RowRef { file: fu, row: nu }, cix, ceased: child.uasc_ceased });
            }
            for (e, [home_postcode, placement_postcode, urn]) in eps.iter().zip(&texts[k]).filter(|(e, _)| in_year(e)) {
                ne += 1;
                // As that year's return recorded it: an episode ending after 31 March was still open.
                let ended = e.end.filter(|d| *d <= year.end());
                let (home_postcode, placement_postcode, urn) = (*home_postcode, *placement_postcode, *urn);
                rows.episodes.push(EpisodeRow {
                    at: RowRef { file: fe, row: ne },
                    cix,
                    start: e.start,
                    end: ended,
                    home_postcode,
                    placement_postcode,
                    urn,
                    reason_new: e.reason_new,
                    legal_status: e.legal_status,
                    place: e.place,
                    category_of_need: e.category_of_need,
                    provider: e.provider,
                    reason_end: ended.and(e.reason_end),
                    reason_place_change: ended.and(e.reason_place_change),
                });
            }
        }
        for (f, n) in [(fh, nh), (fe, ne), (fu, nu)] {
            ctx.files[f as usize].rows = n;
        }
        ret.end(&rows, ctx.files.len());
        returns.push(ret);
    }
    merge::build(ctx, rows, returns)
}
