//! Generates every named synthetic profile and prints its calibration table:
//! target against generated on the final 31 March, measured with the
//! snapshot functions and the DfE distance. Exits non-zero if any figure is
//! outside its tolerance, so CI catches a generator that drifts.
//!
//! ```text
//! cargo run --release --example calibration            # all profiles, seed 0
//! cargo run --release --example calibration -- county  # one profile
//! ```

use std::process::ExitCode;

use sufficiency::synth::{calibration, synthetic_authority, Profile};

fn main() -> ExitCode {
    let names: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> =
        if names.is_empty() { Profile::NAMES.to_vec() } else { names.iter().map(String::as_str).collect() };
    let mut failed = 0;
    for name in names {
        let profile = match Profile::named(name) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let t = std::time::Instant::now();
        let la = synthetic_authority(&profile, 0, 5).expect("named profiles generate");
        let secs = t.elapsed().as_secs_f64();
        println!("\n{name} (modelled on {}), seed 0, 5 years, generated in {secs:.2} s", profile.authority.name);
        println!("  {:<40} {:>10} {:>10} {:>10}", "measure", "target", "generated", "tolerance");
        for c in calibration(&la) {
            let is_count = matches!(c.measure.as_str(), "children_in_care" | "starters_final_year");
            let (t, g, tol) = if is_count {
                (format!("{:.0}", c.target), format!("{:.0}", c.generated), format!("±{:.0}%", 100.0 * c.tolerance))
            } else {
                (
                    format!("{:.1}%", 100.0 * c.target),
                    format!("{:.1}%", 100.0 * c.generated),
                    format!("±{:.0} pt", 100.0 * c.tolerance),
                )
            };
            let flag = if c.within { "" } else { "  <-- outside tolerance" };
            println!("  {:<40} {t:>10} {g:>10} {tol:>10}{flag}", c.measure);
            failed += usize::from(!c.within);
        }
    }
    if failed > 0 {
        eprintln!("\n{failed} figures outside tolerance");
        return ExitCode::FAILURE;
    }
    println!("\ncalibration: all figures within tolerance");
    ExitCode::SUCCESS
}
