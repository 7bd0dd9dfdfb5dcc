//! Property tests of the quality kernels on random and hostile text: no panics, every
//! fraction finite and within its documented range, line spans tiling the text, and
//! single-signal selections equal to the full computation.
//!
//! The inputs come from a seeded generator (deterministic, 3,000 cases) mixing ASCII,
//! punctuation, every kind of Python whitespace and line break, NUL and control
//! characters, combining marks, right-to-left and CJK text, emoji, bullets, ellipses,
//! braces and hashes.

use siftql_udfs::quality::datatrove::{
    C4QualityConfig, FineWebQualityConfig, GopherQualityConfig, GopherRepetitionConfig, c4_quality,
    fineweb_quality, gopher_quality, gopher_repetition,
};
use siftql_udfs::quality::rps::signals::{DOC_SIGNALS, DocSignal, LINE_SIGNALS, LineSignal, Scratch, Selection, compute};
use siftql_udfs::quality::rps::wordlists::lang_lists;
use siftql_udfs::text::spacy_en;

const PIECES: &[&str] = &[
    "the", "The", "THE", "lorem ipsum", "Lorem, ipsum", "JavaScript", "javascript", "word", "don't", "U.S.", "e.g.",
    "state-of-the-art", "42", "½", "²", "一", "٣", "Σ", "ΟΔΟΣ", "İ", "é", "e\u{301}", "\u{301}", "\u{5d0}\u{5d1}",
    "مرحبا", "日本語", "😀", "👍🏽", "•", "–", "—", "…", "...", "#", "{", "}", "[1]", "[edit]", ".", "!", "?", "”", "\"",
    "'", ",", ";", "-", "*", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
    "\x1f", "\u{85}", "\u{a0}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{200b}", "\0", "\x7f", "http://x.org/a?b=1",
    "a@b.com", "fuck", "asshole", "IS_ALPHA", "cookie policy", "privacy policy", "terms of use",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_text(rng: &mut Rng) -> String {
    let pieces = rng.below(120);
    let mut text = String::new();
    for _ in 0..pieces {
        if rng.below(5) == 0 {
            let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?');
            text.push(c);
        } else {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if rng.below(2) == 0 {
            text.push(' ');
        }
    }
    text
}

fn unit(x: f64) -> bool {
    x.is_finite() && (0.0..=1.0).contains(&x)
}

fn check_rps(text: &str) {
    let mut scratch = Scratch::default();
    let all = compute(text, lang_lists("en"), Selection::All, &mut scratch);
    let len = text.chars().count();
    assert_eq!(all.len, len);
    let mut at = 0;
    for &(start, end) in &all.line_spans {
        assert!(start == at && end > start, "line spans tile the text: {:?}", all.line_spans);
        at = end;
    }
    assert_eq!(at, len, "line spans cover the text");
    for (signal, name) in DOC_SIGNALS {
        let value = all.doc(signal);
        if let Some(v) = value {
            let ok = match signal {
                DocSignal::FracCharsTop2gram | DocSignal::FracCharsTop3gram | DocSignal::FracCharsTop4gram => {
                    v.is_finite() && v >= 0.0
                }
                DocSignal::SymbolToWordRatio | DocSignal::UnigramEntropy | DocSignal::LdnoobwWords => {
                    v.is_finite() && v >= 0.0
                }
                DocSignal::MeanWordLength => v.is_finite() && v >= 1.0,
                DocSignal::WordCount | DocSignal::NumSentences => v >= 0.0 && v.fract() == 0.0,
                _ => unit(v),
            };
            assert!(ok, "{name} = {v} out of range for {text:?}");
        }
        let one = compute(text, lang_lists("en"), Selection::Doc(signal), &mut scratch);
        assert_eq!(one.doc(signal), value, "{name} alone differs for {text:?}");
    }
    for (signal, name) in LINE_SIGNALS {
        let values = all.line(signal);
        assert_eq!(values.len(), all.line_spans.len(), "{name} aligned with line spans");
        for &v in values {
            let ok = match signal {
                LineSignal::NumWords | LineSignal::JavascriptCounts => v >= 0.0 && v.fract() == 0.0,
                _ => unit(v),
            };
            assert!(ok, "{name} = {v} out of range for {text:?}");
        }
        let one = compute(text, lang_lists("en"), Selection::Line(signal), &mut scratch);
        assert_eq!(one.line(signal), values, "{name} alone differs for {text:?}");
    }
}

fn check_datatrove(text: &str) {
    let words = spacy_en::words(text);
    assert!(words.iter().all(|w| !w.is_empty() && text.contains(w)), "words are substrings of {text:?}");
    let gq = gopher_quality(text, &words, &GopherQualityConfig::default());
    assert_eq!(gq.pass, gq.reason.is_none());
    for r in [gq.alpha_words_ratio, gq.bullet_lines_ratio, gq.ellipsis_end_lines_ratio].into_iter().flatten() {
        assert!(unit(r), "gopher_quality ratio {r} for {text:?}");
    }
    for r in [gq.hash_to_word_ratio, gq.ellipsis_to_word_ratio, gq.avg_non_symbol_word_length].into_iter().flatten() {
        assert!(r.is_finite() && r >= 0.0, "gopher_quality statistic {r} for {text:?}");
    }
    let all_stats = GopherRepetitionConfig { all_stats: true, ..Default::default() };
    let gr = gopher_repetition(text, || &words[..], &all_stats);
    assert_eq!(gr.pass, gr.reason.is_none());
    assert_eq!(gopher_repetition(text, || &words[..], &GopherRepetitionConfig::default()).reason, gr.reason);
    for r in [gr.dup_para_frac, gr.dup_para_char_frac, gr.dup_line_frac, gr.dup_line_char_frac].into_iter().flatten() {
        assert!(unit(r), "gopher_repetition fraction {r} for {text:?}");
    }
    for d in &gr.dup_n_grams {
        assert!(d.frac.is_none_or(unit), "duplicated n-gram fraction {:?} for {text:?}", d.frac);
    }
    let c4 = c4_quality(text, &C4QualityConfig::default(), &spacy_en::sentence_count);
    assert_eq!(c4.pass, c4.reason.is_none());
    assert!(c4.n_kept_lines <= c4.line_counters.line_total);
    let fw = fineweb_quality(text, || &words[..], &FineWebQualityConfig { all_stats: true, ..Default::default() });
    assert_eq!(fw.pass, fw.reason.is_none());
    assert_eq!(fineweb_quality(text, || &words[..], &FineWebQualityConfig::default()).reason, fw.reason);
    for r in [fw.line_punct_ratio, fw.short_line_ratio].into_iter().flatten() {
        assert!(unit(r), "fineweb ratio {r} for {text:?}");
    }
    for r in [fw.char_dup_ratio, fw.list_ratio].into_iter().flatten() {
        assert!(r.is_finite() && r >= 0.0, "fineweb statistic {r} for {text:?}");
    }
}

#[test]
fn random_and_hostile_texts_stay_in_range() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let text = random_text(&mut rng);
        check_rps(&text);
        check_datatrove(&text);
    }
    for text in ["", " ", "\n", "\0", "\u{301}\u{301}", "\u{5d0}\u{5d1} \u{5d2}.", "Σ", "...", "\r\n\r\n", "{}{}"] {
        check_rps(text);
        check_datatrove(text);
    }
}

#[test]
fn a_ten_megabyte_document_is_handled() {
    let paragraph = "The quick brown fox jumps over the lazy dog, and the dog sleeps.\n\
                     Café au lait costs 3 € — naïve façade… “quoted” text #tag.\n\n";
    let text = paragraph.repeat(10_000_000 / paragraph.len() + 1);
    assert!(text.len() >= 10_000_000);
    let rps = compute(&text, lang_lists("en"), Selection::All, &mut Scratch::default());
    assert_eq!(rps.line_spans.len(), 3 * (10_000_000 / paragraph.len() + 1));
    assert!(rps.doc(DocSignal::FracCharsDupe10grams).is_some_and(|v| v > 0.99));
    let words = spacy_en::words(&text);
    let gr = gopher_repetition(&text, || &words[..], &GopherRepetitionConfig::default());
    assert_eq!(gr.reason, Some("dup_para_frac"));
}
