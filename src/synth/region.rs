//! A synthetic region: several synthetic authorities side by side, the
//! shape of a regional care co-operative.

use crate::model::LocalAuthority;

use super::{synthetic_authority, Authority, Profile, SynthError};

/// Eighteen authorities of the North West (the ten of Greater Manchester,
/// the six of the Liverpool City Region, Warrington and Cheshire East), each
/// with a number of children in care. The codes and names are real; the
/// sizes are **not** published figures — they spread about 11,000 children
/// (the national rate applied to a region of this size, statistics.md §1)
/// over the members, larger for the cities.
///
/// ```
/// use sufficiency::synth::NORTH_WEST_18;
/// assert_eq!(NORTH_WEST_18.len(), 18);
/// let children: u32 = NORTH_WEST_18.iter().map(|(_, _, n)| n).sum();
/// assert!((11_000..11_500).contains(&children)); // "about 11,000"
/// // The ten Greater Manchester boroughs are metropolitan districts E08000001-E08000010.
/// assert_eq!(NORTH_WEST_18.iter().filter(|(code, _, _)| code.as_bytes() <= b"E08000010" && code.starts_with("E08")).count(), 10);
/// ```
pub const NORTH_WEST_18: &[(&str, &str, u32)] = &[
    ("E08000001", "Bolton", 560),
    ("E08000002", "Bury", 380),
    ("E08000003", "Manchester", 1_280),
    ("E08000004", "Oldham", 560),
    ("E08000005", "Rochdale", 600),
    ("E08000006", "Salford", 620),
    ("E08000007", "Stockport", 457),
    ("E08000008", "Tameside", 700),
    ("E08000009", "Trafford", 400),
    ("E08000010", "Wigan", 640),
    ("E06000006", "Halton", 330),
    ("E08000011", "Knowsley", 420),
    ("E08000012", "Liverpool", 1_420),
    ("E08000013", "St Helens", 480),
    ("E08000014", "Sefton", 600),
    ("E08000015", "Wirral", 820),
    ("E06000007", "Warrington", 330),
    ("E06000049", "Cheshire East", 560),
];

/// Generates one synthetic authority per member, each calibrated like
/// `england-median` (national mixes) but with the member's own postcodes and
/// size, seeded `seed + position`.
///
/// ```
/// use sufficiency::synth::synthetic_region;
/// let members = [("E08000007", "Stockport", 120), ("E08000003", "Manchester", 150)];
/// let region = synthetic_region(&members, 0, 2).unwrap();
/// assert_eq!(region.len(), 2);
/// assert_eq!(region[1].supply.authority.as_deref(), Some("E08000003"));
/// ```
pub fn synthetic_region(members: &[(&str, &str, u32)], seed: u64, years: u16) -> Result<Vec<Authority>, SynthError> {
    synthetic_region_with_progress(members, seed, years, &crate::progress::Silent)
}

/// [`synthetic_region`], reporting each member generated (stage
/// `"members"`) to `progress`, which may cancel it ([`SynthError::Cancelled`]).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use sufficiency::progress::{Flow, Step};
/// use sufficiency::synth::{synthetic_region_with_progress, NORTH_WEST_18};
/// let done = AtomicU64::new(0);
/// let count = |s: Step| {
///     if s.stage == "members" {
///         done.store(s.done, Ordering::Relaxed);
///     }
///     Flow::Continue
/// };
/// let region = synthetic_region_with_progress(&NORTH_WEST_18[..2], 0, 1, &count).unwrap();
/// assert_eq!((region.len(), done.load(Ordering::Relaxed)), (2, 2));
/// ```
pub fn synthetic_region_with_progress(
    members: &[(&str, &str, u32)],
    seed: u64,
    years: u16,
    progress: &dyn crate::progress::Progress,
) -> Result<Vec<Authority>, SynthError> {
    use crate::progress::Step;
    let base = Profile::named("england-median")?;
    let total = members.len() as u64;
    progress.check(Step::new("members", 0, total))?;
    members
        .iter()
        .enumerate()
        .map(|(i, (code, name, cic))| {
            let p = Profile {
                name: format!("{name} (synthetic)"),
                authority: LocalAuthority::new(code, name),
                children_in_care: *cic,
                starters_per_year: (f64::from(*cic) * f64::from(base.starters_per_year)
                    / f64::from(base.children_in_care))
                .round() as u32,
                ..base.clone()
            };
            let la = synthetic_authority(&p, seed + i as u64, years)?;
            progress.check(Step::new("members", i as u64 + 1, total))?;
            Ok(la)
        })
        .collect()
}
