//! Tokenizers and mixture inference end to end, without SQL:
//! - token ids identical to tiktoken and Hugging Face tokenizers on our own test cases
//!   (`tests/data/tokenizer_golden.json`; the real tokenizer files are fetched by
//!   `tests/tools/fetch_tokenizers.sh`, and the test is skipped with a notice without them);
//! - the pair-count trace equals a full recount after every merge;
//! - the doc's validation gates: counting a tokenizer's own training text makes every merge the
//!   most frequent pair (gate 1) and recovers the mixture exactly (gate 2);
//! - loaders: tiktoken rank files, both Hugging Face merge forms, redundant merges, and errors.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde_json::{Value, json};
use siftql_udfs::mixture::byte_level;
use siftql_udfs::mixture::inference::{CategorySample, InferenceOptions, count_table, infer};
use siftql_udfs::mixture::pair_counts::{PairKey, PairTrace, WordCounts, pair_key, trace_merges};
use siftql_udfs::mixture::tokenizer::BpeTokenizer;
use siftql_udfs::mixture::tokenizer_file::load;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn assets() -> PathBuf {
    match std::env::var_os("SIFTQL_ASSETS") {
        Some(dir) => PathBuf::from(dir).join("tokenizers"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/siftql-assets/tokenizers"),
    }
}

#[test]
fn token_ids_match_tiktoken_and_hugging_face() {
    let dir = assets();
    if !dir.join("cl100k_base.tiktoken").exists() {
        eprintln!(
            "NOTICE: skipping tokenizer parity: {} not found (run tests/tools/fetch_tokenizers.sh)",
            dir.display()
        );
        return;
    }
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/data/tokenizer_golden.json")).unwrap(),
    )
    .unwrap();
    let cases: BTreeMap<String, String> =
        std::fs::read_to_string(repo().join("tests/data/tokenizer_cases.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (v["id"].to_string(), v["text"].as_str().unwrap().to_string())
            })
            .collect();
    let mut checked = 0;
    for (name, reference) in golden.as_object().unwrap() {
        let tokenizer = load(
            dir.join(reference["file"].as_str().unwrap())
                .to_str()
                .unwrap(),
        )
        .unwrap();
        for (id, expected) in reference["ids"].as_object().unwrap() {
            let expected: Vec<u32> = expected
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as u32)
                .collect();
            let mut ids = Vec::new();
            tokenizer.encode(&cases[id], &mut ids).unwrap();
            assert_eq!(ids, expected, "{name}, case {id}: {:?}", &cases[id]);
            checked += 1;
        }
    }
    assert_eq!(checked, 7 * cases.len());
}

/// Our own multi-category text: words from small per-category vocabularies.
fn category_text(seed: u64, vocabulary: &[&str], words: usize) -> String {
    let mut state = seed;
    let mut out = String::new();
    for i in 0..words {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let word = vocabulary[((state >> 33) % vocabulary.len() as u64) as usize];
        out.push_str(word);
        out.push(if i % 13 == 12 { '\n' } else { ' ' });
        if (state >> 20) % 29 == 0 {
            out.push_str(&((state >> 40) % 1000).to_string());
            out.push(' ');
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

const ENGLISH: &[&str] = &[
    "the", "and", "of", "reading", "theory", "market", "there", "other", "weather", "thin",
    "nothing",
];
const GERMAN: &[&str] = &[
    "der",
    "und",
    "nicht",
    "schreiben",
    "Wetter",
    "Straße",
    "müssen",
    "schön",
    "ich",
    "sprechen",
];
const CODE: &[&str] = &[
    "fn", "let", "mut", "x", "=", "(self)", "{", "}", "=>", "::new()", "return", "Ok(())", ";",
];

/// A byte-level BPE trained by always merging the most frequent pair (ties: smallest key),
/// written as a Hugging Face tokenizer.json with the reference pre-tokenizer.
fn train(text: &str, merges: usize, path: &std::path::Path) {
    let base = load_json(&tokenizer_json(&[]), path);
    let mut counts = WordCounts::default();
    counts.add(&base, text);
    let mut learned: Vec<(String, String)> = Vec::new();
    let mut tokens: Vec<String> = (0..=255u8)
        .map(|b| byte_level::byte_char(b).to_string())
        .collect();
    for _ in 0..merges {
        let current = load_json(&tokenizer_json(&learned), path);
        let trace = trace_merges(&current, &counts, &current.merges);
        let state = final_counts(&trace);
        let Some((&key, _)) = state
            .iter()
            .filter(|(_, c)| **c > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        else {
            break;
        };
        let (left, right) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
        learned.push((tokens[left].clone(), tokens[right].clone()));
        tokens.push(format!("{}{}", tokens[left], tokens[right]));
    }
    std::fs::write(path, tokenizer_json(&learned).to_string()).unwrap();
}

fn tokenizer_json(merges: &[(String, String)]) -> Value {
    let mut vocab = serde_json::Map::new();
    for b in 0..=255u8 {
        vocab.insert(byte_level::byte_char(b).to_string(), json!(b));
    }
    for (i, (a, b)) in merges.iter().enumerate() {
        vocab.insert(format!("{a}{b}"), json!(256 + i));
    }
    json!({
        "normalizer": null,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Digits", "individual_digits": false},
            {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}
        ]},
        "decoder": {"type": "ByteLevel"},
        "model": {"type": "BPE", "vocab": vocab, "merges": merges.iter().map(|(a, b)| format!("{a} {b}")).collect::<Vec<_>>()}
    })
}

fn load_json(json: &Value, path: &std::path::Path) -> BpeTokenizer {
    std::fs::write(path, json.to_string()).unwrap();
    load(path.to_str().unwrap()).unwrap()
}

/// Pair counts after the whole trace.
fn final_counts(trace: &PairTrace) -> HashMap<PairKey, u64> {
    let mut state: HashMap<PairKey, u64> = trace.initial.iter().copied().collect();
    for t in 0..trace.steps() {
        state.extend(trace.step(t).iter().copied());
    }
    state
}

/// Pair counts of `text` with the first `merges` merges applied, from scratch.
fn recount(tokenizer: &BpeTokenizer, text: &str, merges: usize) -> HashMap<PairKey, u64> {
    let mut counts = HashMap::new();
    let mut ranges = Vec::new();
    for line in text.split_inclusive('\n') {
        let prepared = tokenizer.pieces(line, &mut ranges);
        for &(s, e) in &ranges {
            let mut symbols = Vec::new();
            tokenizer
                .initial_symbols(&prepared[s..e], &mut symbols)
                .unwrap();
            for m in &tokenizer.merges[..merges] {
                let mut out = Vec::new();
                let mut i = 0;
                while i < symbols.len() {
                    if i + 1 < symbols.len() && symbols[i] == m.left && symbols[i + 1] == m.right {
                        out.push(m.result);
                        i += 2;
                    } else {
                        out.push(symbols[i]);
                        i += 1;
                    }
                }
                symbols = out;
            }
            for w in symbols.windows(2) {
                *counts.entry(pair_key(w[0], w[1])).or_insert(0) += 1;
            }
        }
    }
    counts
}

#[test]
fn trace_equals_a_recount_after_every_merge_and_merges_are_argmax_on_training_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    let training = category_text(1, ENGLISH, 3000) + &category_text(2, CODE, 2000);
    train(&training, 120, &path);
    let tokenizer = load(path.to_str().unwrap()).unwrap();
    assert_eq!(tokenizer.merges.len(), 120);

    let held_out = category_text(9, ENGLISH, 800) + &category_text(10, GERMAN, 800);
    let mut counts = WordCounts::default();
    counts.add(&tokenizer, &held_out);
    let trace = trace_merges(&tokenizer, &counts, &tokenizer.merges);
    let mut state: HashMap<PairKey, u64> = trace.initial.iter().copied().collect();
    for t in [0usize, 1, 2, 5, 17, 60, 119] {
        let mut replay = state.clone();
        for s in 0..t {
            replay.extend(trace.step(s).iter().copied());
        }
        replay.retain(|_, c| *c > 0);
        assert_eq!(
            replay,
            recount(&tokenizer, &held_out, t),
            "state before merge {t}"
        );
    }
    state.retain(|_, c| *c > 0);
    assert_eq!(
        trace.initial_pairs,
        recount(&tokenizer, &held_out, 0).values().sum::<u64>()
    );

    // Gate 1: on the training text every merge has the largest count at its step.
    let mut counts = WordCounts::default();
    counts.add(&tokenizer, &training);
    let trace = trace_merges(&tokenizer, &counts, &tokenizer.merges);
    let mut state: HashMap<PairKey, u64> = trace.initial.iter().copied().collect();
    for (t, m) in tokenizer.merges.iter().enumerate() {
        let best = state.values().copied().max().unwrap();
        assert_eq!(
            state.get(&pair_key(m.left, m.right)).copied().unwrap_or(0),
            best,
            "merge {t}"
        );
        state.extend(trace.step(t).iter().copied());
    }
}

#[test]
fn same_data_recovers_the_mixture_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    let parts = [
        (category_text(3, ENGLISH, 1500), 5),
        (category_text(4, GERMAN, 1500), 3),
        (category_text(5, CODE, 1500), 2),
    ];
    let training: String = parts
        .iter()
        .map(|(text, times)| text.repeat(*times))
        .collect();
    train(&training, 150, &path);
    let tokenizer = load(path.to_str().unwrap()).unwrap();
    let samples: Vec<CategorySample> = ["en", "de", "code"]
        .iter()
        .zip(&parts)
        .map(|(name, (text, _))| CategorySample {
            name: name.to_string(),
            texts: vec![text.clone()],
        })
        .collect();
    let inference = infer(
        &tokenizer,
        &samples,
        InferenceOptions {
            merges: 150,
            ..Default::default()
        },
    )
    .unwrap();
    let total: f64 = parts.iter().map(|(t, k)| (t.len() * k) as f64).sum();
    for (estimate, (text, times)) in inference.categories.iter().zip(&parts) {
        let truth = (text.len() * times) as f64 / total;
        assert!(
            (estimate.byte_share - truth).abs() < 1e-6,
            "{}: {} vs {truth}",
            estimate.name,
            estimate.byte_share
        );
    }
    assert!(inference.solution.converged);
    assert!(
        inference.solution.objective.abs() < 1e-7,
        "objective {}",
        inference.solution.objective
    );

    let table = count_table(
        &samples
            .iter()
            .map(|s| {
                let mut c = WordCounts::default();
                c.add(&tokenizer, &s.texts[0]);
                trace_merges(&tokenizer, &c, &tokenizer.merges)
            })
            .collect::<Vec<_>>(),
        &tokenizer.merges,
    );
    assert_eq!(table.merges.len(), 150);
    assert_eq!(table.step_offsets.len(), 151);
}

#[test]
fn bootstrap_intervals_cover_the_estimate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    let (english, code) = (
        category_text(3, ENGLISH, 3000),
        category_text(5, CODE, 3000),
    );
    let truth = 2.0 * english.len() as f64 / (2.0 * english.len() as f64 + code.len() as f64);
    let training = english.repeat(2) + &code;
    train(&training, 80, &path);
    let tokenizer = load(path.to_str().unwrap()).unwrap();
    let lines = |text: String| text.lines().map(|l| format!("{l}\n")).collect::<Vec<_>>();
    let samples = vec![
        CategorySample {
            name: "en".into(),
            texts: lines(category_text(30, ENGLISH, 3000)),
        },
        CategorySample {
            name: "code".into(),
            texts: lines(category_text(50, CODE, 3000)),
        },
    ];
    let options = InferenceOptions {
        merges: 80,
        bootstrap: 8,
        ..Default::default()
    };
    let a = infer(&tokenizer, &samples, options).unwrap();
    let b = infer(&tokenizer, &samples, options).unwrap();
    for (x, y) in a.categories.iter().zip(&b.categories) {
        let (lo, hi) = x.interval.unwrap();
        assert!(lo <= hi && lo > 0.0 && hi < 1.0, "{}: {lo}..{hi}", x.name);
        assert_eq!(x.interval, y.interval, "the bootstrap is seeded");
    }
    assert!(
        (a.categories[0].byte_share - truth).abs() < 0.05,
        "en {} vs {truth}",
        a.categories[0].byte_share
    );
}

#[test]
fn edge_cases_are_errors_or_documented() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    train(&category_text(3, ENGLISH, 500), 20, &path);
    let tokenizer = load(path.to_str().unwrap()).unwrap();
    let sample = |name: &str, text: &str| CategorySample {
        name: name.into(),
        texts: vec![text.into()],
    };
    let err = infer(
        &tokenizer,
        &[sample("en", "the market"), sample("empty", "")],
        InferenceOptions::default(),
    )
    .unwrap_err();
    assert!(err.contains("category 'empty' has no text"), "{err}");
    let err = infer(&tokenizer, &[], InferenceOptions::default()).unwrap_err();
    assert!(err.contains("no categories"), "{err}");
    let err = infer(
        &tokenizer,
        &[sample("en", "the"), sample("digits", "1 2 3")],
        InferenceOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.contains("'digits' has no adjacent symbol pairs"),
        "{err}"
    );
    // Merges no sample reaches are skipped and counted; the others decide.
    let de = sample("de", &category_text(7, GERMAN, 300));
    let zh = sample("zh", "数据 混合 推断 数据 混合\n");
    let inference = infer(&tokenizer, &[de, zh], InferenceOptions::default()).unwrap();
    assert_eq!(inference.merges, 20);
    assert!(
        inference.solution.merges_used < 20,
        "{}",
        inference.solution.merges_used
    );
    let total: f64 = inference.categories.iter().map(|c| c.byte_share).sum();
    assert!((total - 1.0).abs() < 1e-9);
}

#[test]
fn tiktoken_ranks_rebuild_the_merge_list() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..=255u8)
        .map(|b| {
            format!(
                "{} {b}",
                base64::engine::general_purpose::STANDARD.encode([b])
            )
        })
        .collect();
    for (rank, token) in [(256, "ab"), (257, "bc"), (258, "abc"), (259, "cab")] {
        lines.push(format!(
            "{} {rank}",
            base64::engine::general_purpose::STANDARD.encode(token)
        ));
    }
    let path = dir.path().join("tiny.tiktoken");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let tokenizer = load(path.to_str().unwrap()).unwrap();
    let pairs: Vec<(u32, u32, u32)> = tokenizer
        .merges
        .iter()
        .map(|m| (m.left, m.right, m.result))
        .collect();
    assert_eq!(
        pairs,
        [(97, 98, 256), (98, 99, 257), (256, 99, 258), (99, 256, 259)]
    );
    let mut ids = Vec::new();
    tokenizer.encode("abcab", &mut ids).unwrap();
    assert_eq!(ids, [258, 256]);

    std::fs::write(&path, "YQ== 0\nnot base64 at all\n").unwrap();
    let err = load(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn hugging_face_merge_forms_redundant_merges_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    let mut json = tokenizer_json(&[
        ("a".into(), "b".into()),
        ("b".into(), "c".into()),
        ("ab".into(), "c".into()),
    ]);
    json["model"]["merges"] = json!([["a", "b"], ["b", "c"], ["ab", "c"], ["a", "bc"]]);
    let tokenizer = load_json(&json, &path);
    // "abc" is made twice; the earliest path (a b → ab, then ab c) is kept, once.
    let merges: Vec<(u32, u32, u32)> = tokenizer
        .merges
        .iter()
        .map(|m| (m.left, m.right, m.result))
        .collect();
    assert_eq!(merges, [(97, 98, 256), (98, 99, 257), (256, 99, 258)]);
    let mut ids = Vec::new();
    tokenizer.encode("abc bc", &mut ids).unwrap();
    assert_eq!(ids, [258, 32, 257]);

    let mut bad = tokenizer_json(&[("a".into(), "b".into())]);
    bad["model"]["merges"] = json!(["a zz"]);
    std::fs::write(&path, bad.to_string()).unwrap();
    let err = load(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(
        err.contains("\"zz\", which is not in the vocabulary"),
        "{err}"
    );

    std::fs::write(&path, r#"{"model": {"type": "Unigram", "vocab": []}}"#).unwrap();
    let err = load(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(err.contains("Unigram model; only BPE"), "{err}");

    std::fs::write(&path, "{not json").unwrap();
    let err = load(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(err.contains("not valid JSON"), "{err}");

    let mut metaspace = tokenizer_json(&[]);
    metaspace["pre_tokenizer"] = json!({"type": "Metaspace", "replacement": "▁"});
    std::fs::write(&path, metaspace.to_string()).unwrap();
    let err = load(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(
        err.contains("pre-tokenizer Metaspace is not supported"),
        "{err}"
    );

    let err = load(&format!("{}#pre_tokenizer=bert", path.display()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown pre-tokenizer 'bert'") || err.contains("Metaspace"),
        "{err}"
    );
}

/// Step-by-step parity with the official counter's `all_pair_counts.json` (the
/// `do_merge_and_count` path of `alisawuffles/tokenizers-bpe-attack`, run by
/// `benches/mixture_counting_peer.py --keep DIR`). Ignored by default: it needs the peer build.
///
/// `MIXTURE_PEER_TEXT=bbc.txt MIXTURE_PEER_MERGES=merges.txt MIXTURE_PEER_JSON=DIR/all_pair_counts.json
///  cargo test --release -p siftql-udfs --test mixture -- --ignored official_counter`
#[test]
#[ignore]
fn counts_equal_the_official_counter_step_by_step() {
    let var = |k: &str| std::env::var(k).unwrap_or_else(|_| panic!("set {k}"));
    let (text, merges, official) = (var("MIXTURE_PEER_TEXT"), var("MIXTURE_PEER_MERGES"), var("MIXTURE_PEER_JSON"));
    let tokenizer = load(&format!("{merges}#pre_tokenizer=gpt2_digits")).unwrap();
    let names: HashMap<u32, String> = tokenizer.vocab.iter().map(|(bytes, &id)| (id, byte_level::encode(bytes))).collect();
    let key_name = |key: PairKey| format!("{} {}", names[&((key >> 32) as u32)], names[&((key & 0xFFFF_FFFF) as u32)]);
    let mut counts = WordCounts::default();
    counts.add(&tokenizer, &std::fs::read_to_string(text).unwrap());
    let official: Vec<HashMap<String, u64>> = serde_json::from_str(&std::fs::read_to_string(official).unwrap()).unwrap();
    let steps = (official.len() - 1).min(tokenizer.merges.len());
    let trace = trace_merges(&tokenizer, &counts, &tokenizer.merges[..steps]);
    let ours: HashMap<String, u64> = trace.initial.iter().map(|&(k, c)| (key_name(k), c)).collect();
    assert_eq!(ours, official[0], "initial counts");
    for t in 0..steps {
        let ours: HashMap<String, u64> = trace.step(t).iter().map(|&(k, c)| (key_name(k), c)).collect();
        assert_eq!(ours, official[t + 1], "changes after merge {t}");
    }
    eprintln!("{steps} steps identical");
}
