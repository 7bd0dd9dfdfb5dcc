//! Throughput of the quality-signal kernels without SQL: the pure functions of
//! `siftql_udfs::quality` and `siftql_udfs::text` over the `text` field of a JSON Lines
//! file, one thread, texts loaded into memory first.
//!
//! ```sh
//! cargo bench --bench quality_kernels -- bench-data/quality_corpus.jsonl [kernel …]
//! ```
//!
//! Prints, per kernel, the best of three passes in seconds, MB/s (10^6 bytes of UTF-8
//! text) and documents/s. Kernels: `rps` (all 28 RedPajama-V2 signals), `spacy_words`
//! (datatrove's English word split), `gopher_quality`, `gopher_repetition`, `c4_quality`
//! and `fineweb_quality` (each including its own word split, as the SQL function does), and
//! any single RedPajama-V2 signal by its name (`rps_doc_word_count`, …: the views it needs).

use std::hint::black_box;
use std::io::BufRead;
use std::time::Instant;

use siftql_udfs::quality::datatrove::{
    C4QualityConfig, FineWebQualityConfig, GopherQualityConfig, GopherRepetitionConfig, c4_quality,
    fineweb_quality, gopher_quality, gopher_repetition,
};
use siftql_udfs::quality::rps::signals::{DOC_SIGNALS, LINE_SIGNALS, Scratch, Selection};
use siftql_udfs::quality::rps::wordlists::lang_lists;
use siftql_udfs::text::spacy_en;

const KERNELS: [&str; 6] =
    ["rps", "spacy_words", "gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"];

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let path = args.first().ok_or("usage: quality_kernels FILE.jsonl [kernel …]")?;
    let texts = read_texts(path)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let chosen: Vec<&str> = if args.len() > 1 { args[1..].iter().map(String::as_str).collect() } else { KERNELS.to_vec() };
    println!("{path}: {} documents, {:.2} MB", texts.len(), bytes as f64 / 1e6);
    for kernel in chosen {
        let run: Box<dyn Fn(&str) -> usize> = match kernel {
            "spacy_words" => Box::new(|t| spacy_en::words(t).len()),
            "gopher_quality" => {
                let cfg = GopherQualityConfig::default();
                Box::new(move |t| usize::from(gopher_quality(t, &spacy_en::words(t), &cfg).pass))
            }
            "gopher_repetition" => {
                let cfg = GopherRepetitionConfig::default();
                Box::new(move |t| usize::from(gopher_repetition(t, || spacy_en::words(t), &cfg).pass))
            }
            "c4_quality" => {
                let cfg = C4QualityConfig::default();
                Box::new(move |t| usize::from(c4_quality(t, &cfg, &spacy_en::sentence_count).pass))
            }
            "fineweb_quality" => {
                let cfg = FineWebQualityConfig::default();
                Box::new(move |t| usize::from(fineweb_quality(t, || spacy_en::words(t), &cfg).pass))
            }
            rps if rps == "rps" || rps.starts_with("rps_") => {
                let selection = if rps == "rps" {
                    Selection::All
                } else {
                    DOC_SIGNALS
                        .iter()
                        .find(|(_, name)| *name == rps)
                        .map(|&(s, _)| Selection::Doc(s))
                        .or_else(|| LINE_SIGNALS.iter().find(|(_, name)| *name == rps).map(|&(s, _)| Selection::Line(s)))
                        .ok_or(format!("unknown RedPajama-V2 signal `{rps}`"))?
                };
                let lists = lang_lists("en");
                let scratch = std::cell::RefCell::new(Scratch::default());
                Box::new(move |t| scratch.borrow_mut().read(t, lists, selection, |signals| signals.len))
            }
            other => return Err(format!("unknown kernel `{other}`; kernels: {}", KERNELS.join(", "))),
        };
        let best = (0..3)
            .map(|_| {
                let start = Instant::now();
                for t in &texts {
                    black_box(run(black_box(t)));
                }
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!(
            "{kernel:<18} {best:>7.3} s {:>8.1} MB/s {:>9.0} docs/s",
            bytes as f64 / 1e6 / best,
            texts.len() as f64 / best
        );
    }
    Ok(())
}

fn read_texts(path: &str) -> Result<Vec<String>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut texts = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let text = value.get("text").and_then(|t| t.as_str()).ok_or(format!("{path}:{}: no string field `text`", i + 1))?;
        texts.push(text.to_owned());
    }
    Ok(texts)
}
