//! siftql fork: throughput of the fork against upstream whatlang 0.18.0 on the same documents.
//!
//! `cargo run --release --features dev --example speed -- docs.jsonl [rounds]` where each line of
//! `docs.jsonl` is a JSON object with a string field `text`. Prints documents per second for
//! `detect` and `dev::raw_detect`, fork and upstream, best of `rounds` (default 3), one thread.
//! With a third argument `fork`, times only the fork's `detect` (for profiling).

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: speed <docs.jsonl> [rounds]");
    let rounds: usize = args.next().map(|r| r.parse().expect("rounds")).unwrap_or(3);
    // `fork` as a third argument times only the fork's `detect` (for profiling).
    let fork_only = args.next().is_some_and(|a| a == "fork");
    let file = std::fs::File::open(&path).expect("open docs");
    let docs: Vec<String> = BufReader::new(file)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line.expect("read")).expect("JSON line");
            value["text"].as_str().expect("field text").to_owned()
        })
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    println!("{} documents, {:.0} bytes on average", docs.len(), bytes as f64 / docs.len() as f64);

    if !fork_only {
        let same = docs.iter().all(|d| match (whatlang::detect(d), upstream::detect(d)) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.lang().code() == b.lang().code() && a.confidence().to_bits() == b.confidence().to_bits()
            }
            _ => false,
        });
        println!("detect results identical to upstream: {same}");
    }

    let time = |name: &str, f: &dyn Fn(&str)| {
        let mut best = f64::INFINITY;
        for _ in 0..rounds {
            let start = Instant::now();
            for d in &docs {
                f(d);
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        let rate = docs.len() as f64 / best;
        println!("{name:<28} {rate:>10.0} docs/s  ({:.1} MB/s)", bytes as f64 / best / 1e6);
        rate
    };
    let fork = time("fork     detect", &|d| {
        black_box(whatlang::detect(black_box(d)));
    });
    if fork_only {
        return;
    }
    let up = time("upstream detect", &|d| {
        black_box(upstream::detect(black_box(d)));
    });
    println!("detect speed-up: {:.2}x", fork / up);
    let fork = time("fork     dev::raw_detect", &|d| {
        black_box(whatlang::dev::raw_detect(black_box(d)));
    });
    let up = time("upstream dev::raw_detect", &|d| {
        black_box(upstream::dev::raw_detect(black_box(d)));
    });
    println!("raw_detect speed-up: {:.2}x", fork / up);
}
