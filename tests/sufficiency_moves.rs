//! Forecast moves: children already in care whom a projection expects to
//! change placement group, as need for places.

use chrono::NaiveDate;
use sufficiency::forecast::{DemandConfig, DemandModel, Projection, Scenario, Window};
use sufficiency::sufficiency::{Cohort, Need, PlacementType};
use sufficiency::synth::{synthetic_authority, Authority, Profile};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fitted() -> (Authority, DemandModel) {
    let la = synthetic_authority(&Profile::named("county").unwrap(), 0, 2).unwrap();
    let window = Window::new(d(2024, 4, 1), d(2025, 3, 31)).unwrap();
    let model = DemandModel::fit((*la.dataset).clone(), window, DemandConfig::standard()).unwrap();
    (la, model)
}

#[test]
fn moves_follow_the_scenario_that_projected_them() {
    let (_, model) = fitted();
    let base = model.project(None, 12, &Scenario::base()).unwrap();
    let s = &base.states;
    let (from, to) = (s.group_index("childrens_home_external").unwrap(), s.group_index("foster_agency").unwrap());
    let doubled = model
        .project(None, 12, &Scenario::new("step down").move_times("childrens_home_external", "foster_agency", 2.0))
        .unwrap();
    let none = model
        .project(None, 12, &Scenario::new("no moves").move_times("childrens_home_external", "foster_agency", 0.0))
        .unwrap();
    let day0 = |p: &Projection| (0..s.b()).map(|b| p.moves_by(0, b, from, to)).sum::<f64>();
    // On the first night both start from the same children, so the moves
    // scale exactly with the rate.
    assert!(day0(&base) > 0.0);
    assert!((day0(&doubled) - 2.0 * day0(&base)).abs() < 1e-12);
    assert_eq!(day0(&none), 0.0);
}

#[test]
fn a_year_of_moves_is_need_of_the_destination_type() {
    let (la, model) = fitted();
    let p = model.project(None, 12, &Scenario::base()).unwrap();
    let need = Need::forecast_moves(&p, &la.dataset, d(2025, 4, 1), 12, Some("E10000030"));
    assert_eq!(need.cohort, Cohort::New);
    // Expected moves into external children's homes over the year, by hand
    // from the projection: every band, every group they leave, every night.
    let s = &p.states;
    let home = s.group_index("childrens_home_external").unwrap();
    let into_homes: f64 = (1..=p.days)
        .flat_map(|t| (0..s.b()).flat_map(move |b| (0..s.g()).filter(move |&h| h != home).map(move |h| (t, b, h))))
        .map(|(t, b, h)| p.moves_by(t, b, h, home))
        .sum();
    let residential = need.children.iter().filter(|c| c.child.contains("childrens_home_external")).count();
    // Rounded to whole children per age band (at most one either way per band).
    assert!((residential as f64 - into_homes).abs() <= s.b() as f64, "{residential} vs {into_homes}");
    assert!(need
        .children
        .iter()
        .filter(|c| c.child.contains("childrens_home_external"))
        .all(|c| c.preferred() == Some(PlacementType::Residential)));
    // Every mover has a home from the children in care, and the authority given.
    assert!(need.children.iter().all(|c| c.home.is_some() && c.authority.as_deref() == Some("E10000030")));
}
