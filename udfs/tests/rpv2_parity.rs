//! Parity with the official RedPajama-V2 code: every signal of every document of
//! `shared/data/rpv2-official-code-signals` (952 real documents in en, de, fr, es, it),
//! compared value by value and as JSON text.
//!
//! The fixture is research data outside the repository: the test reads it from
//! `$SIFTQL_SHARED_DATA` or `../shared/data` next to the repository, and skips with
//! a notice when it is absent.

use std::io::BufRead;
use std::path::PathBuf;

use serde_json::Value;
use siftql_udfs::quality::rps::json::write_json;
use siftql_udfs::quality::rps::signals::{Scratch, Selection, compute};
use siftql_udfs::quality::rps::wordlists::lang_lists;

fn fixture() -> Option<PathBuf> {
    let root = std::env::var_os("SIFTQL_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let path = root.join("rpv2-official-code-signals/rpv2_rule_signals.jsonl.gz");
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: RedPajama-V2 parity fixture not found at {}", path.display());
        None
    }
}

/// Compares two span lists `[[start, end, value], ...]`: offsets equal, values
/// equal (integers exactly; floats within 1e-8, although all agree exactly), nulls equal.
fn same_spans(reference: &Value, ours: &Value) -> bool {
    let (Some(a), Some(b)) = (reference.as_array(), ours.as_array()) else { return false };
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x[0] == y[0]
                && x[1] == y[1]
                && match (&x[2], &y[2]) {
                    (Value::Null, Value::Null) => true,
                    (p, q) if p.is_i64() || q.is_i64() => p == q,
                    (p, q) => (p.as_f64().unwrap() - q.as_f64().unwrap()).abs() <= 1e-8,
                }
        })
}

#[test]
fn every_signal_of_every_document_matches_the_official_code() {
    let Some(path) = fixture() else { return };
    let file = std::fs::File::open(&path).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut scratch = Scratch::default();
    let (mut documents, mut json_identical) = (0, 0);
    let mut differences = Vec::new();
    for line in reader.lines() {
        let line = line.unwrap();
        let record: Value = serde_json::from_str(&line).unwrap();
        let text = record["raw_content"].as_str().unwrap();
        let lang = record["language"].as_str().unwrap();
        let signals = compute(text, lang_lists(lang), Selection::All, &mut scratch);
        let mut json = String::new();
        write_json(&mut json, &signals);
        let start = line.find("\"quality_signals\": ").unwrap() + "\"quality_signals\": ".len();
        if line[start..line.len() - 1] == json {
            json_identical += 1;
        }
        let ours: Value = serde_json::from_str(&json).unwrap();
        let reference = record["quality_signals"].as_object().unwrap();
        assert_eq!(reference.len(), 28);
        for (name, value) in reference {
            if !same_spans(value, &ours[name]) {
                differences.push(format!("{} {}: {name}", record["source_set"], record["source_id"]));
            }
        }
        documents += 1;
    }
    println!("{documents} documents, {json_identical} with byte-identical JSON");
    assert_eq!(documents, 952);
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));
    assert_eq!(json_identical, documents, "JSON text differs although values agree");
}
