//! Turning a placement group into the SSDA903 codes a council would record,
//! valid for the date the placement starts (`shared/domain/ssda903.md` §4).

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::codes::{CategoryOfNeed, Ethnicity, Place, PlaceProvider, ReasonPlaceChange};

/// 1 April 2024: K3 (registered supported accommodation) starts (§4.1).
pub(crate) fn k3_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 4, 1).expect("valid")
}

/// 1 April 2025: H5, P2 and Z1 end; Z11–Z14 start (§4.1).
pub(crate) fn z11_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 4, 1).expect("valid")
}

/// Draws an index from weights.
pub(crate) fn weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// The youngest age (years) at which a child starts a placement in `group`.
pub(crate) fn min_age(group: &str) -> i32 {
    match group {
        "supported" => 16, // K3 only for 16+ (rule 371)
        "secure" => 10,
        "childrens_home_in_house" | "childrens_home_external" => 8,
        _ => 0,
    }
}

/// The oldest age (years) at which a child starts a placement in `group`.
pub(crate) fn max_age(group: &str) -> i32 {
    match group {
        "adoption" => 9,
        _ => 17,
    }
}

/// PLACE and PLACE_PROVIDER for a placement in `group` starting on `start`.
pub(crate) fn place_for(
    rng: &mut ChaCha8Rng,
    group: &str,
    start: NaiveDate,
    age: i32,
) -> (Place, Option<PlaceProvider>) {
    use Place::*;
    use PlaceProvider::*;
    let pick = |rng: &mut ChaCha8Rng, opts: &[(f64, Place)]| {
        // Weighted choice without collecting the weights (this runs for every placement).
        let total: f64 = opts.iter().map(|o| o.0).sum();
        let mut x = rng.random::<f64>() * total;
        for (w, p) in opts {
            if x < *w {
                return *p;
            }
            x -= w;
        }
        opts[opts.len() - 1].1
    };
    let external = |rng: &mut ChaCha8Rng| if rng.random::<f64>() < 0.85 { PR4 } else { PR5 };
    match group {
        "foster_kinship" => (pick(rng, &[(0.4, U1), (0.05, U2), (0.55, U3)]), Some(PR1)),
        "foster_in_house" => {
            let ffa = if age == 0 { 0.15 } else { 0.0 };
            (pick(rng, &[(0.4, U4), (ffa, U5), (0.6, U6)]), Some(PR1))
        }
        "foster_agency" => (pick(rng, &[(0.45, U4), (0.55, U6)]), Some(external(rng))),
        "childrens_home_in_house" => (K2, Some(PR1)),
        "childrens_home_external" => (K2, Some(if rng.random::<f64>() < 0.03 { PR2 } else { external(rng) })),
        "secure" => (K1, Some(if rng.random::<f64>() < 0.7 { PR1 } else { PR2 })),
        "supported" => {
            let code = if start >= k3_from() { K3 } else { H5 };
            (code, Some(if rng.random::<f64>() < 0.2 { PR1 } else { external(rng) }))
        }
        "with_parents" => (P1, Some(PR0)),
        // A3/A5 ("with current foster carer") need the previous placement to be with the same carer
        // (validator rules 217, 516); the generator places for adoption with new carers only.
        "adoption" => (pick(rng, &[(0.4, A4), (0.6, A6)]), Some(PR1)),
        "residential_other" => {
            let code = if age == 0 {
                R3
            } else if age >= 10 {
                pick(rng, &[(0.5, S1), (0.3, R2), (0.2, R1)])
            } else {
                R2
            };
            (code, Some(if code == R2 { PR3 } else { PR4 }))
        }
        "temporary" => (T4, None), // T4 takes no provider (rule 213)
        _ => {
            if start >= z11_from() {
                (pick(rng, &[(0.25, Z11), (0.25, Z12), (0.25, Z13), (0.25, Z14)]), None)
            } else {
                (Z1, None) // up to 2024/25, Z1 takes no provider (rule 178) and no URN (rule 222)
            }
        }
    }
}

/// REASON_PLACE_CHANGE for a placement that ends with a move, in the national
/// proportions of 2023-24 endings (statistics.md §7).
pub(crate) fn reason_place_change(rng: &mut ChaCha8Rng) -> ReasonPlaceChange {
    use ReasonPlaceChange::*;
    const OPTIONS: [(f64, ReasonPlaceChange); 12] = [
        (20_700.0, CARPL),
        (16_110.0, PLACE),
        (5_310.0, CREQB),
        (4_190.0, CREQO),
        (2_030.0, CHILD),
        (950.0, LAREQ),
        (670.0, STAND),
        (530.0, CLOSE),
        (440.0, ALLEG),
        (200.0, APPRR),
        (150.0, CUSTOD),
        (14_790.0, OTHER),
    ];
    OPTIONS[weighted(rng, &OPTIONS.map(|o| o.0))].1
}

/// Category of need (statistics.md §5: abuse or neglect 67%, family
/// dysfunction 12%, absent parenting 8% — mostly UASC —, acute stress 7%).
pub(crate) fn category_of_need(rng: &mut ChaCha8Rng, uasc: bool) -> CategoryOfNeed {
    use CategoryOfNeed::*;
    if uasc {
        return N8;
    }
    const OPTIONS: [(f64, CategoryOfNeed); 7] =
        [(67.0, N1), (12.0, N5), (7.0, N4), (4.0, N2), (3.0, N3), (2.0, N6), (1.0, N7)];
    OPTIONS[weighted(rng, &OPTIONS.map(|o| o.0))].1
}

/// Ethnicity, broadly as among children in care; UASC mostly Asian, African or other.
pub(crate) fn ethnicity(rng: &mut ChaCha8Rng, uasc: bool) -> Ethnicity {
    use Ethnicity::*;
    if uasc {
        const U: [(f64, Ethnicity); 4] = [(35.0, AOTH), (30.0, BAFR), (30.0, OOTH), (5.0, WOTH)];
        return U[weighted(rng, &U.map(|o| o.0))].1;
    }
    const O: [(f64, Ethnicity); 12] = [
        (70.0, WBRI),
        (4.0, WOTH),
        (3.0, MWBC),
        (2.0, MWBA),
        (2.0, MWAS),
        (4.0, MOTH),
        (2.0, APKN),
        (1.0, AIND),
        (1.0, ABAN),
        (3.0, BAFR),
        (2.0, BCRB),
        (2.0, OOTH),
    ];
    O[weighted(rng, &O.map(|o| o.0))].1
}

/// A unique pupil number of the right shape (rule 168): a letter other than
/// I, O or S, then 12 digits. Not a real pupil's number.
pub(crate) fn upn(rng: &mut ChaCha8Rng) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";
    let mut s = String::with_capacity(13);
    s.push(LETTERS[rng.random_range(0..LETTERS.len())] as char);
    // Twelve digits from one draw.
    let mut digits: u64 = rng.random_range(0..1_000_000_000_000);
    let mut tail = [b'0'; 12];
    for d in tail.iter_mut().rev() {
        *d = b'0' + (digits % 10) as u8;
        digits /= 10;
    }
    s.push_str(std::str::from_utf8(&tail).expect("digits are ASCII"));
    s
}
