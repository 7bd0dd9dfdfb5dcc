//! `GopherQualityFilter` of datatrove 0.10.1
//! (`datatrove/pipeline/filters/gopher_quality_filter.py`, Apache-2.0), re-implemented.
//!
//! Input: the document text and its words = datatrove's `split_into_words(text, "eng")`
//! (spaCy `blank("en")` tokens, stripped, whitespace-only tokens dropped; case kept,
//! punctuation tokens included). All statistics are computed (no short-circuit); the
//! verdict is the first failing rule in datatrove's order:
//!
//! | # | rule | reason |
//! |---|---|---|
//! | 1 | non-symbol words < `min_doc_words` | `gopher_short_doc` |
//! | 2 | non-symbol words > `max_doc_words` | `gopher_long_doc` |
//! | 3 | mean char length of non-symbol words < `min_avg_word_length` | `gopher_below_avg_threshold` |
//! | 4 | mean > `max_avg_word_length` | `gopher_above_avg_threshold` |
//! | 5 | `text.count("#") / n_words` > `max_symbol_word_ratio` | `gopher_too_many_hashes` |
//! | 6 | `(text.count("...") + text.count("…")) / n_words` > `max_symbol_word_ratio` | `gopher_too_many_ellipsis` |
//! | 7 | fraction of `splitlines()` lines whose `lstrip()` starts with `•` or `-` > `max_bullet_lines_ratio` | `gopher_too_many_bullets` |
//! | 8 | fraction of lines whose `rstrip()` ends with `...` or `…` > `max_ellipsis_lines_ratio` | `gopher_too_many_end_ellipsis` |
//! | 9 | fraction of words with an `isalpha()` char < `max_non_alpha_words_ratio` | `gopher_below_alpha_threshold` |
//! | 10 | distinct stop words present < `min_stop_words` | `gopher_enough_stop_words` |
//!
//! Like Python, a threshold of `None` **or zero** disables its rule (`if self.x and ...`).
//! Where datatrove would divide by zero (only reachable when `min_doc_words` is disabled:
//! no words, no lines), the ratio statistic is `None` and its rule does not fire; a `None`
//! mean word length (no non-symbol words; numpy gives NaN) does not fire rules 3–4, as NaN
//! comparisons are false in Python.

use super::punctuation::is_non_symbol_word;
use crate::text::python_unicode::{char_len, is_alpha, lstrip, rstrip, splitlines};

/// datatrove's Gopher `STOP_WORDS`, in its order (exact, case-sensitive token match).
pub const GOPHER_STOP_WORDS: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];

/// `GopherQualityFilter` settings; `Default` = datatrove 0.10.1 defaults. `None` or 0 disables a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct GopherQualityConfig {
    /// Minimum number of non-symbol words (`min_doc_words`, default 50).
    pub min_doc_words: Option<usize>,
    /// Maximum number of non-symbol words (`max_doc_words`, default 100 000).
    pub max_doc_words: Option<usize>,
    /// Minimum mean code-point length of non-symbol words (`min_avg_word_length`, default 3).
    pub min_avg_word_length: Option<f64>,
    /// Maximum mean code-point length of non-symbol words (`max_avg_word_length`, default 10).
    pub max_avg_word_length: Option<f64>,
    /// Maximum `#` per word and (`...` + `…`) per word (`max_symbol_word_ratio`, default 0.1);
    /// the denominator is all words, punctuation tokens included.
    pub max_symbol_word_ratio: Option<f64>,
    /// Maximum fraction of lines starting with `•` or `-` (`max_bullet_lines_ratio`, default 0.9).
    pub max_bullet_lines_ratio: Option<f64>,
    /// Maximum fraction of lines ending with `...` or `…` (`max_ellipsis_lines_ratio`, default 0.3).
    pub max_ellipsis_lines_ratio: Option<f64>,
    /// **Minimum** fraction of words containing an alphabetic character
    /// (`max_non_alpha_words_ratio`, default 0.8; the name is datatrove's, inverted).
    pub max_non_alpha_words_ratio: Option<f64>,
    /// Minimum number of distinct stop words present (`min_stop_words`, default 2).
    pub min_stop_words: Option<usize>,
}

impl Default for GopherQualityConfig {
    fn default() -> Self {
        Self {
            min_doc_words: Some(50),
            max_doc_words: Some(100_000),
            min_avg_word_length: Some(3.0),
            max_avg_word_length: Some(10.0),
            max_symbol_word_ratio: Some(0.1),
            max_bullet_lines_ratio: Some(0.9),
            max_ellipsis_lines_ratio: Some(0.3),
            max_non_alpha_words_ratio: Some(0.8),
            min_stop_words: Some(2),
        }
    }
}

/// Verdict and statistics; field names are the oracle's (`oracle_datatrove.py`).
#[derive(Debug, Clone, PartialEq)]
pub struct GopherQualityResult {
    /// True iff no rule fired.
    pub pass: bool,
    /// datatrove's reason string of the first failing rule.
    pub reason: Option<&'static str>,
    /// Number of words (all tokens).
    pub n_words: usize,
    /// Tokens with at least one character outside `PUNCTUATION_SET`.
    pub n_non_symbol_words: usize,
    /// Mean code-point length of non-symbol words; `None` if there are none.
    pub avg_non_symbol_word_length: Option<f64>,
    /// `text.count("#")`.
    pub n_hash: usize,
    /// `n_hash / n_words`; `None` if no words.
    pub hash_to_word_ratio: Option<f64>,
    /// `text.count("...") + text.count("…")` (non-overlapping).
    pub n_ellipsis: usize,
    /// `n_ellipsis / n_words`; `None` if no words.
    pub ellipsis_to_word_ratio: Option<f64>,
    /// `len(text.splitlines())`.
    pub n_lines: usize,
    /// Lines whose `lstrip()` starts with `•` or `-`.
    pub n_bullet_lines: usize,
    /// `n_bullet_lines / n_lines`; `None` if no lines.
    pub bullet_lines_ratio: Option<f64>,
    /// Lines whose `rstrip()` ends with `...` or `…`.
    pub n_ellipsis_end_lines: usize,
    /// `n_ellipsis_end_lines / n_lines`; `None` if no lines.
    pub ellipsis_end_lines_ratio: Option<f64>,
    /// Words containing a character with `str.isalpha()`.
    pub n_words_with_alpha: usize,
    /// `n_words_with_alpha / n_words`; `None` if no words.
    pub alpha_words_ratio: Option<f64>,
    /// Distinct stop words present, sorted (Python `sorted`).
    pub stop_words_found: Vec<&'static str>,
    /// `len(stop_words_found)`.
    pub n_distinct_stop_words: usize,
    /// Occurrences of stop words (the pre-0.5 rule's quantity).
    pub n_stop_word_occurrences: usize,
}

#[inline]
fn ratio(num: usize, den: usize) -> Option<f64> {
    if den == 0 {
        None
    } else {
        Some(num as f64 / den as f64)
    }
}

#[inline]
fn on_usize(t: Option<usize>) -> Option<usize> {
    t.filter(|&v| v != 0)
}

#[inline]
fn on_f64(t: Option<f64>) -> Option<f64> {
    t.filter(|&v| v != 0.0)
}

#[inline]
fn stop_word_index(w: &str) -> Option<usize> {
    match w {
        "the" => Some(0),
        "be" => Some(1),
        "to" => Some(2),
        "of" => Some(3),
        "and" => Some(4),
        "that" => Some(5),
        "have" => Some(6),
        "with" => Some(7),
        _ => None,
    }
}

/// Byte classes of [`word_classes`]: an ASCII char outside `PUNCTUATION_SET`.
const NOT_PUNCT: u8 = 1;
/// An ASCII letter.
const ALPHA: u8 = 2;
/// A byte of a non-ASCII char.
const HIGH: u8 = 4;

/// [`NOT_PUNCT`] | [`ALPHA`] | [`HIGH`] per byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            HIGH
        } else {
            let punct = (super::punctuation::PUNCT_SET_ASCII >> b) & 1 == 1;
            let alpha = (b as u8).is_ascii_alphabetic();
            (if punct { 0 } else { NOT_PUNCT }) | (if alpha { ALPHA } else { 0 })
        };
        b += 1;
    }
    t
};

/// (non-symbol word, has an alphabetic char, code points) of one word; one table lookup
/// per byte for ASCII words.
#[inline]
fn word_classes(w: &str) -> (bool, bool, usize) {
    let acc = w.bytes().fold(0u8, |acc, b| acc | BYTE_CLASS[b as usize]);
    if acc & HIGH != 0 {
        return (is_non_symbol_word(w), w.chars().any(is_alpha), char_len(w));
    }
    (acc & NOT_PUNCT != 0, acc & ALPHA != 0, w.len())
}

/// Apply `GopherQualityFilter` with `cfg` to `text` whose tokens are `words`.
pub fn gopher_quality(
    text: &str,
    words: &[&str],
    cfg: &GopherQualityConfig,
) -> GopherQualityResult {
    let n_words = words.len();
    let mut n_ns = 0usize;
    let mut ns_len = 0u64;
    let mut n_alpha = 0usize;
    let mut stop_mask = 0u8;
    let mut n_stop_occ = 0usize;
    for &w in words {
        let (non_symbol, alpha, len) = word_classes(w);
        if non_symbol {
            n_ns += 1;
            ns_len += len as u64;
        }
        n_alpha += alpha as usize;
        if w.len() <= 4
            && let Some(i) = stop_word_index(w)
        {
            stop_mask |= 1 << i;
            n_stop_occ += 1;
        }
    }
    let avg = if n_ns == 0 {
        None
    } else {
        Some(ns_len as f64 / n_ns as f64)
    };
    let n_hash = text.as_bytes().iter().filter(|&&b| b == b'#').count();
    let n_ellipsis = memchr::memmem::find_iter(text.as_bytes(), "...").count()
        + memchr::memmem::find_iter(text.as_bytes(), "…").count();

    let mut n_lines = 0usize;
    let mut n_bullet = 0usize;
    let mut n_end_ellipsis = 0usize;
    for line in splitlines(text) {
        n_lines += 1;
        let l = lstrip(line);
        if l.starts_with('•') || l.starts_with('-') {
            n_bullet += 1;
        }
        let r = rstrip(line);
        if r.ends_with("...") || r.ends_with('…') {
            n_end_ellipsis += 1;
        }
    }

    let mut stop_found: Vec<&'static str> = (0..8)
        .filter(|i| stop_mask & (1 << i) != 0)
        .map(|i| GOPHER_STOP_WORDS[i])
        .collect();
    stop_found.sort_unstable();

    let hash_ratio = ratio(n_hash, n_words);
    let ellipsis_ratio = ratio(n_ellipsis, n_words);
    let bullet_ratio = ratio(n_bullet, n_lines);
    let end_ellipsis_ratio = ratio(n_end_ellipsis, n_lines);
    let alpha_ratio = ratio(n_alpha, n_words);

    let gt = |v: Option<f64>, t: Option<f64>| matches!((v, on_f64(t)), (Some(v), Some(t)) if v > t);
    let lt = |v: Option<f64>, t: Option<f64>| matches!((v, on_f64(t)), (Some(v), Some(t)) if v < t);
    let reason = if on_usize(cfg.min_doc_words).is_some_and(|t| n_ns < t) {
        Some("gopher_short_doc")
    } else if on_usize(cfg.max_doc_words).is_some_and(|t| n_ns > t) {
        Some("gopher_long_doc")
    } else if lt(avg, cfg.min_avg_word_length) {
        Some("gopher_below_avg_threshold")
    } else if gt(avg, cfg.max_avg_word_length) {
        Some("gopher_above_avg_threshold")
    } else if gt(hash_ratio, cfg.max_symbol_word_ratio) {
        Some("gopher_too_many_hashes")
    } else if gt(ellipsis_ratio, cfg.max_symbol_word_ratio) {
        Some("gopher_too_many_ellipsis")
    } else if gt(bullet_ratio, cfg.max_bullet_lines_ratio) {
        Some("gopher_too_many_bullets")
    } else if gt(end_ellipsis_ratio, cfg.max_ellipsis_lines_ratio) {
        Some("gopher_too_many_end_ellipsis")
    } else if lt(alpha_ratio, cfg.max_non_alpha_words_ratio) {
        Some("gopher_below_alpha_threshold")
    } else if on_usize(cfg.min_stop_words).is_some_and(|t| stop_found.len() < t) {
        Some("gopher_enough_stop_words")
    } else {
        None
    };

    GopherQualityResult {
        pass: reason.is_none(),
        reason,
        n_words,
        n_non_symbol_words: n_ns,
        avg_non_symbol_word_length: avg,
        n_hash,
        hash_to_word_ratio: hash_ratio,
        n_ellipsis,
        ellipsis_to_word_ratio: ellipsis_ratio,
        n_lines,
        n_bullet_lines: n_bullet,
        bullet_lines_ratio: bullet_ratio,
        n_ellipsis_end_lines: n_end_ellipsis,
        ellipsis_end_lines_ratio: end_ellipsis_ratio,
        n_words_with_alpha: n_alpha,
        alpha_words_ratio: alpha_ratio,
        n_distinct_stop_words: stop_found.len(),
        stop_words_found: stop_found,
        n_stop_word_occurrences: n_stop_occ,
    }
}

#[cfg(test)]
mod oracle_tests {
    use super::*;

    #[test]
    fn oracle_gq_pass() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "The cat sat on the mat with a hat. It was a warm day and the sun was out.\nWe have to go to the store, said the dog, because that is where the food is.\n- a dash bullet line\n• a dot bullet line...\nThe end of the story is near…\n# A heading with U.S. and e.g. tokens; don't stop. 3.14 is pi!";
        let words: &[&str] = &[
            "The", "cat", "sat", "on", "the", "mat", "with", "a", "hat", ".", "It", "was", "a",
            "warm", "day", "and", "the", "sun", "was", "out", ".", "We", "have", "to", "go", "to",
            "the", "store", ",", "said", "the", "dog", ",", "because", "that", "is", "where",
            "the", "food", "is", ".", "-", "a", "dash", "bullet", "line", "•", "a", "dot",
            "bullet", "line", "...", "The", "end", "of", "the", "story", "is", "near", "…", "#",
            "A", "heading", "with", "U.S.", "and", "e.g.", "tokens", ";", "do", "n't", "stop", ".",
            "3.14", "is", "pi", "!",
        ];
        let r = gopher_quality(text, words, &GopherQualityConfig::default());
        assert_eq!(
            (r.pass, r.reason),
            (false, Some("gopher_too_many_end_ellipsis"))
        );
        assert_eq!(r.n_words, 77);
        assert_eq!(r.n_non_symbol_words, 65);
        assert_eq!(r.n_hash, 1);
        assert_eq!(r.n_ellipsis, 2);
        assert_eq!(r.n_lines, 6);
        assert_eq!(r.n_bullet_lines, 2);
        assert_eq!(r.n_ellipsis_end_lines, 2);
        assert_eq!(r.n_words_with_alpha, 63);
        assert_eq!(r.n_distinct_stop_words, 7);
        assert_eq!(r.n_stop_word_occurrences, 15);
        assert_eq!(r.avg_non_symbol_word_length, Some(3.2));
        assert_eq!(r.hash_to_word_ratio, Some(0.012987012987012988));
        assert_eq!(r.ellipsis_to_word_ratio, Some(0.025974025974025976));
        assert_eq!(r.bullet_lines_ratio, Some(0.3333333333333333));
        assert_eq!(r.ellipsis_end_lines_ratio, Some(0.3333333333333333));
        assert_eq!(r.alpha_words_ratio, Some(0.8181818181818182));
        assert_eq!(
            r.stop_words_found,
            ["and", "have", "of", "that", "the", "to", "with"]
        );
    }

    #[test]
    fn oracle_gq_hash() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "#one #two #three are tags. #one #two #three are tags. #one #two #three are tags. #one #two #three are tags. #one #two #three are tags. #one #two #three are tags. The rest of the text is about the weather and that is all we have to say with words.";
        let words: &[&str] = &[
            "#", "one", "#", "two", "#", "three", "are", "tags", ".", "#", "one", "#", "two", "#",
            "three", "are", "tags", ".", "#", "one", "#", "two", "#", "three", "are", "tags", ".",
            "#", "one", "#", "two", "#", "three", "are", "tags", ".", "#", "one", "#", "two", "#",
            "three", "are", "tags", ".", "#", "one", "#", "two", "#", "three", "are", "tags", ".",
            "The", "rest", "of", "the", "text", "is", "about", "the", "weather", "and", "that",
            "is", "all", "we", "have", "to", "say", "with", "words", ".",
        ];
        let r = gopher_quality(text, words, &GopherQualityConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("gopher_short_doc")));
        assert_eq!(r.n_words, 74);
        assert_eq!(r.n_non_symbol_words, 49);
        assert_eq!(r.n_hash, 18);
        assert_eq!(r.n_ellipsis, 0);
        assert_eq!(r.n_lines, 1);
        assert_eq!(r.n_bullet_lines, 0);
        assert_eq!(r.n_ellipsis_end_lines, 0);
        assert_eq!(r.n_words_with_alpha, 49);
        assert_eq!(r.n_distinct_stop_words, 7);
        assert_eq!(r.n_stop_word_occurrences, 8);
        assert_eq!(r.avg_non_symbol_word_length, Some(3.5306122448979593));
        assert_eq!(r.hash_to_word_ratio, Some(0.24324324324324326));
        assert_eq!(r.ellipsis_to_word_ratio, Some(0.0));
        assert_eq!(r.bullet_lines_ratio, Some(0.0));
        assert_eq!(r.ellipsis_end_lines_ratio, Some(0.0));
        assert_eq!(r.alpha_words_ratio, Some(0.6621621621621622));
        assert_eq!(
            r.stop_words_found,
            ["and", "have", "of", "that", "the", "to", "with"]
        );
    }

    #[test]
    fn oracle_gq_short() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "Too short, but the text has stop words to be seen.";
        let words: &[&str] = &[
            "Too", "short", ",", "but", "the", "text", "has", "stop", "words", "to", "be", "seen",
            ".",
        ];
        let r = gopher_quality(text, words, &GopherQualityConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("gopher_short_doc")));
        assert_eq!(r.n_words, 13);
        assert_eq!(r.n_non_symbol_words, 11);
        assert_eq!(r.n_hash, 0);
        assert_eq!(r.n_ellipsis, 0);
        assert_eq!(r.n_lines, 1);
        assert_eq!(r.n_bullet_lines, 0);
        assert_eq!(r.n_ellipsis_end_lines, 0);
        assert_eq!(r.n_words_with_alpha, 11);
        assert_eq!(r.n_distinct_stop_words, 3);
        assert_eq!(r.n_stop_word_occurrences, 3);
        assert_eq!(r.avg_non_symbol_word_length, Some(3.4545454545454546));
        assert_eq!(r.hash_to_word_ratio, Some(0.0));
        assert_eq!(r.ellipsis_to_word_ratio, Some(0.0));
        assert_eq!(r.bullet_lines_ratio, Some(0.0));
        assert_eq!(r.ellipsis_end_lines_ratio, Some(0.0));
        assert_eq!(r.alpha_words_ratio, Some(0.8461538461538461));
        assert_eq!(r.stop_words_found, ["be", "the", "to"]);
    }

    #[test]
    fn empty_text_and_config() {
        // datatrove: gopher_short_doc (0 non-symbol words < 50); no ratio is defined
        let r = gopher_quality("", &[], &GopherQualityConfig::default());
        assert_eq!((r.pass, r.reason), (false, Some("gopher_short_doc")));
        assert_eq!(
            (
                r.n_words,
                r.n_lines,
                r.avg_non_symbol_word_length,
                r.alpha_words_ratio
            ),
            (0, 0, None, None)
        );
        // with every rule disabled nothing fires, even without words (datatrove would divide by zero)
        let off = GopherQualityConfig {
            min_doc_words: None,
            max_doc_words: None,
            min_avg_word_length: None,
            max_avg_word_length: None,
            max_symbol_word_ratio: None,
            max_bullet_lines_ratio: None,
            max_ellipsis_lines_ratio: None,
            max_non_alpha_words_ratio: None,
            min_stop_words: Some(0),
        };
        assert!(gopher_quality("", &[], &off).pass);
        // datatrove 0.10.1 with min_doc_words=0: NaN mean passes rules 3-4, then (False, "gopher_too_many_ellipsis")
        let r = gopher_quality(
            "...",
            &["..."],
            &GopherQualityConfig {
                min_doc_words: Some(0),
                ..Default::default()
            },
        );
        assert_eq!(
            (r.pass, r.reason, r.avg_non_symbol_word_length),
            (false, Some("gopher_too_many_ellipsis"), None)
        );
    }
}
