//! Deriving periods of care from a child's ordered episodes.

use crate::codes::{ReasonEpisodeCeased, ReasonNewEpisode};
use crate::model::{CarePeriod, Episode};

use super::issue::{IssueCode, Severity};
use super::rows::{format_date, Ctx, RowRef};

/// Chains episodes (sorted by child, then start) into periods of care, warning
/// where the chain's codes do not fit (`shared/domain/ssda903.md` §1, §4.4–4.5).
pub(crate) fn derive(ctx: &mut Ctx, episodes: &[Episode], sources: &[RowRef]) -> Vec<CarePeriod> {
    // At most one period per episode; the room not used is given back at
    // the end. Allocated once, so in huge pages (see `memory`).
    let mut periods: Vec<CarePeriod> = crate::memory::huge_vec(episodes.len());
    let mut i = 0;
    while i < episodes.len() {
        let first = &episodes[i];
        if first.reason_new != ReasonNewEpisode::S && periods.last().is_some_and(|p| p.child == first.child) {
            ctx.row(sources[i], Some("RNE"), IssueCode::RneInconsistent, Severity::Warning, format!("RNE is {} but the child's previous period of care had ended, so a new period should start with S; a new period was started.", first.reason_new));
        }
        let mut j = i;
        loop {
            let cur = &episodes[j];
            let next = episodes.get(j + 1).filter(|n| n.child == cur.child);
            if cur.reason_end != Some(ReasonEpisodeCeased::X1) {
                break;
            }
            match next {
                Some(n) if Some(n.start) == cur.end => {
                    if n.reason_new == ReasonNewEpisode::S {
                        ctx.row(sources[j + 1], Some("RNE"), IssueCode::RneInconsistent, Severity::Warning, "RNE is S (started to be looked after) but the previous episode ended X1 the same day, so care continued; the episode was kept in the same period.".to_string());
                    }
                    j += 1;
                }
                Some(n) => {
                    let end = cur.end.map(format_date).unwrap_or_default();
                    ctx.row(sources[j], Some("REC"), IssueCode::BrokenChain, Severity::Warning, format!("REC is X1 (a new episode starts the same day) but the child's next episode starts on {}, not {end}; the period was ended on {end} with no recorded reason.", format_date(n.start)));
                    break;
                }
                None => {
                    ctx.row(sources[j], Some("REC"), IssueCode::BrokenChain, Severity::Warning, "REC is X1 (a new episode starts the same day) but the child has no later episode; the period was ended on DEC with no recorded reason.".to_string());
                    break;
                }
            }
        }
        let last = &episodes[j];
        periods.push(CarePeriod {
            child: first.child.clone(),
            start: first.start,
            end: last.end,
            reason_end: last.reason_end.filter(|r| r.ends_care()),
            episodes: i..j + 1,
            started_before_data: first.reason_new != ReasonNewEpisode::S,
        });
        i = j + 1;
    }
    periods.shrink_to_fit();
    periods
}
