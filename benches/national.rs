//! Builds national-volume SSDA903 returns for benchmarks by multiplying the
//! shipped sample (`examples/data/sample`) with new child identifiers.
//!
//! Every copy of a child gets the suffix `_k`, so copies never collide; the
//! sample's three faulty rows are multiplied too, as real returns carry errors.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Episode rows the national benchmark aims for, across all five returns.
pub const TARGET_EPISODE_ROWS: usize = 500_000;

/// Writes the returns, multiplied to about `target_episode_rows` episode rows,
/// into `out` (one folder per year) and returns
/// (folders, header rows, episode rows).
pub fn build(sample: &Path, out: &Path, target_episode_rows: usize) -> (Vec<PathBuf>, usize, usize) {
    let mut years: Vec<PathBuf> =
        std::fs::read_dir(sample).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    years.sort();
    let count = |name: &str| -> usize {
        years.iter().map(|y| std::fs::read_to_string(y.join(name)).unwrap().lines().count() - 1).sum()
    };
    let factor = target_episode_rows.div_ceil(count("episodes.csv"));
    let mut folders = Vec::new();
    let (mut header_rows, mut episode_rows) = (0, 0);
    for y in &years {
        let dest = out.join(y.file_name().unwrap());
        std::fs::create_dir_all(&dest).unwrap();
        for name in ["header.csv", "episodes.csv", "uasc.csv"] {
            let text = std::fs::read_to_string(y.join(name)).unwrap();
            let mut lines = text.lines();
            let mut w = std::io::BufWriter::new(std::fs::File::create(dest.join(name)).unwrap());
            writeln!(w, "{}", lines.next().unwrap()).unwrap();
            let body: Vec<&str> = lines.collect();
            for k in 0..factor {
                for line in &body {
                    let (child, rest) = line.split_once(',').unwrap();
                    writeln!(w, "{child}_{k},{rest}").unwrap();
                }
            }
            match name {
                "header.csv" => header_rows += body.len() * factor,
                "episodes.csv" => episode_rows += body.len() * factor,
                _ => {}
            }
        }
        folders.push(dest);
    }
    (folders, header_rows, episode_rows)
}
