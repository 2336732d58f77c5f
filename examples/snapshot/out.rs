//! `--out DIR`: the main job's results as JSON, one file per section, so
//! that `scripts/examples.py` can compare them with the goldens.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Map, Value};

/// Results collected section by section; written only when `--out` was given.
pub struct Out {
    dir: Option<PathBuf>,
    files: BTreeMap<&'static str, Map<String, Value>>,
}

impl Out {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Out { dir, files: BTreeMap::new() }
    }

    /// Records `value` as `key` in `file`.json.
    pub fn put(&mut self, file: &'static str, key: &str, value: impl Serialize) {
        if self.dir.is_none() {
            return;
        }
        let value = serde_json::to_value(value).expect("results serialise to JSON");
        self.files.entry(file).or_default().insert(key.to_string(), value);
    }

    /// Writes every file, pretty-printed with sorted keys.
    pub fn write(self) -> std::io::Result<()> {
        let Some(dir) = self.dir else { return Ok(()) };
        std::fs::create_dir_all(&dir)?;
        for (name, map) in self.files {
            let text = serde_json::to_string_pretty(&Value::Object(map)).expect("JSON values print");
            std::fs::write(dir.join(format!("{name}.json")), text + "\n")?;
        }
        Ok(())
    }
}
