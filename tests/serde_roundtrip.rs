//! Every model type serialises to JSON and back unchanged (the contract for
//! storing, caching and shipping results between processes).

use sufficiency::model::{LocalAuthority, Ownership, PlacementGroups, Provider, Region, Setting, SettingKind, Supply};
use sufficiency::ssda903::Dataset;
use sufficiency::synth::{synthetic_authority, Authority, Profile};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    let json = serde_json::to_string(value).unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn a_dataset_with_issues_and_periods_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("header.csv"), "CHILD,SEX,DOB\nC1,F,01/06/2012\nC2,M,01/01/2010\n").unwrap();
    std::fs::write(
        tmp.path().join("episodes.csv"),
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST\n\
         C1,01/05/2024,S,C2,N1,U4,PR1,01/07/2024,X1,B1 1AA,B15 2TT\n\
         C1,01/07/2024,P,C2,N1,K2,PR4,,,B1 1AA,M1 1AE\n\
         C2,01/05/2024,S,C2,N1,Q9,PR1,,,,\n",
    )
    .unwrap();
    let ds = sufficiency::ssda903::read_ssda903(&[tmp.path()], None).unwrap();
    assert!(!ds.issues().is_empty() && !ds.periods().is_empty());
    let back: Dataset = round_trip(&ds);
    assert_eq!(back, ds);
}

#[test]
fn supply_authorities_regions_and_groupings_round_trip() {
    let mut supply = Supply::default();
    supply.providers.push(Provider::new("P1", "Hilltop Care Ltd", Ownership::Private));
    let mut home = Setting::new("S1", "P1", SettingKind::ChildrensHome, 4);
    home.postcode = Some("M1 1JW".into());
    supply.settings.push(home);
    assert_eq!(round_trip(&supply), supply);
    let mut rcc = Region::new("Greater Manchester");
    rcc.authorities.push(LocalAuthority::new("E08000003", "Manchester"));
    assert_eq!(round_trip(&rcc), rcc);
    assert_eq!(round_trip(&PlacementGroups::standard()), PlacementGroups::standard());
}

#[test]
fn a_synthetic_authority_round_trips() {
    let la = synthetic_authority(&Profile::named("inner-london").unwrap(), 2, 2).unwrap();
    let back: Authority = round_trip(&la);
    assert!(back.profile == la.profile, "profile differs");
    assert!(back.supply == la.supply, "supply differs");
    assert!(back.prices == la.prices, "prices differ");
    assert!(back.dataset == la.dataset, "dataset differs");
    assert!(back == la);
}
