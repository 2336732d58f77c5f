//! Supply read from tables says how many of the authority's own children
//! each setting holds (`own_children`) but not who they are. Re-placing the
//! children in care from scratch must release those places to them, exactly
//! as when the supply lists each child's setting.

use chrono::NaiveDate;
use sufficiency::geo::Postcodes;
use sufficiency::sufficiency::{match_children, Need, Policy};
use sufficiency::synth::{synthetic_authority, Profile};

#[test]
fn own_childrens_places_are_released_when_occupants_are_not_listed() {
    let la = synthetic_authority(&Profile::named("england-median").unwrap(), 0, 2).unwrap();
    let on = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let pcs = Postcodes::new();
    let listed =
        match_children(&Need::in_care(&la.dataset, on, Some(&la.supply)), &la.supply, &Policy::default(), &pcs, None);

    // The same supply as a council's tables would give it: counts, no names.
    let mut tables = la.supply.clone();
    tables.occupants.clear();
    let own: u32 = tables.settings.iter().map(|s| s.own_children).sum();
    assert!(own > 100, "the synthetic authority places most of its children in settings it lists ({own})");
    let counted =
        match_children(&Need::in_care(&la.dataset, on, Some(&tables)), &tables, &Policy::default(), &pcs, None);

    // Every child placed in the synthetic supply is in one of its settings, so
    // the places released are the same and so is the optimal matching's cost.
    assert_eq!(counted.unmet(), listed.unmet());
    assert_eq!(counted.placed(), listed.placed());
    assert_eq!(counted.weekly_cost(), listed.weekly_cost());
    // Had the own children's places been counted as taken, the cohort would
    // compete for the vacant places alone: fewer than there are children.
    let vacant: u32 = tables.settings.iter().filter(|s| !s.kinship).map(|s| s.vacant()).sum();
    assert!((vacant as usize) < listed.placements.len());
}
