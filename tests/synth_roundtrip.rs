//! A synthetic authority's returns, written and read back, are the same
//! dataset with no issues; the same seed gives the same authority.

use sufficiency::ssda903::read_ssda903;
use sufficiency::synth::{synthetic_authority, Profile};

#[test]
fn written_returns_read_back_identically_with_no_issues() {
    for name in ["england-median", "county"] {
        let la = synthetic_authority(&Profile::named(name).unwrap(), 11, 5).unwrap();
        assert_eq!(la.dataset.collection_years().len(), 5);
        let dir = tempfile::tempdir().unwrap();
        let folders = la.write_ssda903(dir.path()).unwrap();
        assert_eq!(folders.len(), 5);
        let back = read_ssda903(&[dir.path()], None).unwrap();
        assert!(back.issues().is_empty(), "{name}: {:#?}", &back.issues()[..back.issues().len().min(5)]);
        assert!(back.same_records(&la.dataset), "{name}: read-back differs");
        assert_eq!(back.collection_years(), la.dataset.collection_years());
        for s in back.summary() {
            assert_eq!(s.rows_rejected, 0, "{s:?}");
        }
    }
}

#[test]
fn deterministic_for_a_seed() {
    let p = Profile::named("inner-london").unwrap();
    let a = synthetic_authority(&p, 5, 5).unwrap();
    let b = synthetic_authority(&p, 5, 5).unwrap();
    let c = synthetic_authority(&p, 6, 5).unwrap();
    assert!(a.dataset.same_records(&b.dataset));
    assert_eq!(a.supply, b.supply);
    assert!(!a.dataset.same_records(&c.dataset));
}

#[test]
fn unknown_profiles_and_impossible_overrides_are_clear_errors() {
    let err = Profile::named("atlantis").unwrap_err().to_string();
    assert!(err.contains("england-median"), "{err}");
    let o =
        sufficiency::synth::Overrides { over_20_miles_share: Some(0.99), uasc_share: Some(0.2), ..Default::default() };
    let err = Profile::named("county").unwrap().with(&o).unwrap_err().to_string();
    assert!(err.contains("unaccompanied"), "{err}");
    let o = sufficiency::synth::Overrides { home_postcode_area: Some(vec!["ZZ".into()]), ..Default::default() };
    let p = Profile::named("county").unwrap().with(&o).unwrap();
    assert!(synthetic_authority(&p, 0, 5).unwrap_err().to_string().contains("ZZ"));
}
