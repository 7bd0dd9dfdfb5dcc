//! Helpers shared by the integration tests: the research corpora under `shared/data`, the
//! fetched fastText models, and the C++ fastText command. Each test binary uses a subset.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `relative` under the shared research data (`$SIFTQL_SHARED_DATA`, default `../shared/data`
/// beside the workspace); `None`, with a printed notice, when it is absent.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let root = std::env::var_os("SIFTQL_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let path = root.join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!("NOTICE: skipped: {} not found", path.display());
        None
    }
}

/// The official `lid.176.ftz`, fetched by `tests/tools/fetch_fasttext_models.sh`; `None`, with a
/// printed notice, when it is absent.
pub fn lid176() -> Option<PathBuf> {
    let root = std::env::var_os("SIFTQL_ASSETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/siftql-assets"));
    let path = root.join("fasttext/lid.176.ftz");
    if path.exists() {
        Some(path)
    } else {
        println!("NOTICE: skipping: {} not found (run tests/tools/fetch_fasttext_models.sh)", path.display());
        None
    }
}

/// Whether the C++ `fasttext` command is installed (prints a notice when not).
pub fn cpp_fasttext() -> bool {
    let found = Command::new("fasttext").output().is_ok();
    if !found {
        println!("NOTICE: skipping the C++ comparison: the `fasttext` command is not installed (Debian package fasttext)");
    }
    found
}

/// Runs the C++ `fasttext` command and returns its standard output.
pub fn run_fasttext(args: &[&str]) -> String {
    let out = Command::new("fasttext").args(args).output().unwrap();
    assert!(out.status.success(), "fasttext {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Writes one text per line.
pub fn write_texts(path: &Path, texts: &[String]) {
    std::fs::write(path, texts.iter().map(|t| format!("{t}\n")).collect::<String>()).unwrap();
}

/// C++ `predict-prob` output: per line, (label without prefix, probability) pairs.
pub fn parse_predictions(text: &str) -> Vec<Vec<(String, f64)>> {
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields
                .chunks(2)
                .map(|pair| (pair[0].trim_start_matches("__label__").to_string(), pair[1].parse::<f64>().unwrap()))
                .collect()
        })
        .collect()
}
