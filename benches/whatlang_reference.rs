//! The published whatlang crate's own speed on a file of documents, for
//! `benches/fasttext_vs_cpp.py`: upstream `whatlang::detect` 0.18.0 (not siftql's faster fork in
//! `vendor/whatlang`) on every document, as the reference for `lang_id(text)`.
//!
//!     cargo run --release -p siftql-udfs --example whatlang_reference -- docs.jsonl [repeats]
//!
//! `docs.jsonl` holds one JSON object with a `text` field per line. Prints the documents, the
//! seconds spent in `detect` (reading the file excluded) and documents per second.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else { fail("usage: whatlang_reference docs.jsonl [repeats]") };
    let repeats: usize = args.next().map_or(1, |r| r.parse().unwrap_or_else(|_| fail(&format!("repeats must be a whole number, got {r}"))));
    let content = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
    let docs: Vec<String> = content
        .lines()
        .enumerate()
        .map(|(i, line)| match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => v["text"].as_str().map(str::to_string).unwrap_or_else(|| fail(&format!("{path}:{}: no text field", i + 1))),
            Err(e) => fail(&format!("{path}:{}: {e}", i + 1)),
        })
        .collect();
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..repeats {
        found += docs.iter().filter(|d| whatlang_upstream::detect(d).is_some()).count();
    }
    let seconds = start.elapsed().as_secs_f64();
    let n = docs.len() * repeats;
    println!("{n} documents, {found} identified, {seconds:.3} s, {:.0} documents/s", n as f64 / seconds);
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}
