//! Parity with datatrove 0.10.1's Gopher quality, Gopher repetition, C4 quality and
//! FineWeb quality filters: our tokenizer (spaCy's English rules, reproduced) plus our
//! filter kernels against the verdicts and statistics the real filters gave
//! (`../shared/tools/oracle_datatrove.py`).
//!
//! The committed fixture (`tests/data/datatrove_oracle.jsonl.gz`, built by
//! `tests/tools/datatrove_fixture.py`) covers 4,000 documents of our synthetic corpus
//! (seed 42) and 45 hand-written edge cases. With `SIFTQL_DATATROVE_ORACLE=DIR`, every
//! `NAME.jsonl` + `NAME.oracle.jsonl` pair in DIR (e.g. the web documents of
//! `../shared/data`) is compared too.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::Value;
use siftql_udfs::corpus::generate;
use siftql_udfs::quality::datatrove::{
    C4QualityConfig, FineWebQualityConfig, GopherQualityConfig, GopherRepetitionConfig, c4_quality,
    fineweb_quality, gopher_quality, gopher_repetition,
};
use siftql_udfs::text::spacy_en;

const FILTERS: [&str; 4] = ["gopher_quality", "gopher_repetition", "c4_quality", "fineweb_quality"];

/// Our verdict and the fixture's statistics, per filter, for one text.
fn ours(text: &str) -> BTreeMap<&'static str, Vec<Value>> {
    let words = spacy_en::words(text);
    let gq = gopher_quality(text, &words, &GopherQualityConfig::default());
    // every statistic, to compare with the oracle's; the reasons must not depend on all_stats
    let gr = gopher_repetition(text, || &words[..], &GopherRepetitionConfig { all_stats: true, ..Default::default() });
    let gr_reason = gopher_repetition(text, || &words[..], &GopherRepetitionConfig::default()).reason;
    assert_eq!(gr_reason, gr.reason, "gopher_repetition: the reason does not depend on all_stats");
    let c4 = c4_quality(text, &C4QualityConfig::default(), &spacy_en::sentence_count);
    let fw = fineweb_quality(text, || &words[..], &FineWebQualityConfig { all_stats: true, ..Default::default() });
    let fw_reason = fineweb_quality(text, || &words[..], &FineWebQualityConfig::default()).reason;
    assert_eq!(fw_reason, fw.reason, "fineweb_quality: the reason does not depend on all_stats");
    let v = |x: usize| Value::from(x);
    BTreeMap::from([
        (
            "gopher_quality",
            vec![gq.reason.into(), v(gq.n_words), v(gq.n_non_symbol_words), v(gq.n_words_with_alpha), v(gq.n_distinct_stop_words)],
        ),
        ("gopher_repetition", vec![gr.reason.into(), gr.n_words.into(), v(gr.dup_para_chars), gr.dup_line_chars.into()]),
        (
            "c4_quality",
            vec![
                c4.reason.into(),
                v(c4.n_kept_lines),
                v(c4.num_sentences_kept_lines),
                v(c4.kept_text_chars),
                Value::from(crc32(c4.kept_text.as_bytes())),
            ],
        ),
        ("fineweb_quality", vec![fw.reason.into(), fw.n_words.into(), fw.dup_line_chars.into(), v(fw.n_lines_terminal_punct)]),
    ])
}

/// CRC-32 as Python's `zlib.crc32`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

/// Compares our values with the oracle's: the reason (NULL = pass) always, the
/// statistics where the oracle reports them.
fn agrees(oracle: &Value, ours: &[Value]) -> bool {
    let oracle = oracle.as_array().expect("fixture values are lists");
    oracle.len() == ours.len()
        && oracle[0] == ours[0]
        && oracle.iter().zip(ours).skip(1).all(|(o, v)| o.is_null() || o == v)
}

#[test]
fn filters_match_datatrove_on_the_committed_fixture() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/datatrove_oracle.jsonl.gz");
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()));
    let mut documents = 0;
    let mut differences = Vec::new();
    for line in reader.lines() {
        let row: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let id = row["id"].as_str().unwrap();
        let text = match row.get("seed") {
            Some(seed) => generate(seed.as_u64().unwrap(), id.parse().unwrap()).text,
            None => row["text"].as_str().unwrap().to_string(),
        };
        let ours = ours(&text);
        for filter in FILTERS {
            if !agrees(&row[filter], &ours[filter]) {
                differences.push(format!("{id} {filter}: datatrove {} ours {:?}", row[filter], ours[filter]));
            }
        }
        documents += 1;
    }
    assert_eq!(documents, 4045);
    assert!(differences.is_empty(), "{} differences:\n{}", differences.len(), differences.join("\n"));
}

/// Reason agreement per filter on oracle runs over other inputs (opt-in: the inputs are
/// research data that stays outside the repository).
#[test]
fn filters_match_datatrove_on_oracle_runs_given_by_env() {
    let Some(dir) = std::env::var_os("SIFTQL_DATATROVE_ORACLE") else {
        println!("skipped: set SIFTQL_DATATROVE_ORACLE to a folder of NAME.jsonl + NAME.oracle.jsonl pairs");
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".oracle.jsonl").map(String::from))
        .collect();
    names.sort();
    for name in names {
        let dir = Path::new(&dir);
        let inputs = std::io::BufReader::new(std::fs::File::open(dir.join(format!("{name}.jsonl"))).unwrap());
        let oracle = std::io::BufReader::new(std::fs::File::open(dir.join(format!("{name}.oracle.jsonl"))).unwrap());
        let (mut documents, mut agree) = (0usize, [0usize; 4]);
        for (input, expected) in inputs.lines().zip(oracle.lines()) {
            let input: Value = serde_json::from_str(&input.unwrap()).unwrap();
            let expected: Value = serde_json::from_str(&expected.unwrap()).unwrap();
            let ours = ours(input["text"].as_str().unwrap());
            for (i, filter) in FILTERS.iter().enumerate() {
                if expected[filter]["reason"] == ours[filter][0] {
                    agree[i] += 1;
                } else {
                    println!("{name} {} {filter}: datatrove {} ours {}", expected["id"], expected[filter]["reason"], ours[filter][0]);
                }
            }
            documents += 1;
        }
        for (i, filter) in FILTERS.iter().enumerate() {
            let share = agree[i] as f64 / documents.max(1) as f64;
            println!("{name}: {filter} {}/{documents} = {:.2}%", agree[i], 100.0 * share);
            assert!(share >= 0.995, "{name}: {filter} agreement {share} below 99.5%");
        }
    }
}
