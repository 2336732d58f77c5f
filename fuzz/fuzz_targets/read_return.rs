//! Feeds arbitrary bytes to the SSDA903 reader as an episodes file (and,
//! split at the first 0xFF byte, as a header file). The reader must return a
//! dataset or an error, never panic, and must account for every row.
//!
//! ```text
//! cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run read_return
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use sufficiency::codes::CollectionYear;
use sufficiency::ssda903::read_ssda903;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("sufficiency-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (episodes, header) = match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"CHILD,SEX,DOB\nC1,M,01/01/2010\n"[..]),
    };
    let mut ep = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n".to_vec();
    ep.extend_from_slice(episodes);
    let _ = std::fs::write(dir.join("episodes.csv"), &ep);
    let _ = std::fs::write(dir.join("header.csv"), header);
    if let Ok(ds) = read_ssda903(&[&dir], Some(CollectionYear::new(2025).unwrap())) {
        for s in ds.summary() {
            assert_eq!(s.rows_read, s.rows_accepted + s.rows_rejected);
        }
    }
});
