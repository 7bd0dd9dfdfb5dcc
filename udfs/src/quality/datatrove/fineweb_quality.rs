//! `FineWebQualityFilter` of datatrove 0.10.1
//! (`datatrove/pipeline/filters/fineweb_quality_filter.py`, Apache-2.0), re-implemented.
//!
//! Lines = `text.split("\n")` without whitespace-only lines (`n` lines). Rules in order:
//!
//! | # | rule (default) | reason |
//! |---|---|---|
//! | 0 | no non-blank line | `empty` |
//! | 1 | fraction of lines whose last character is in `TERMINAL_PUNCTUATION` (no strip) < `line_punct_thr` (0.12), unless the fraction is 0 and `line_punct_exclude_zero` | `line_punct_ratio` |
//! | 2 | fraction of lines with `len(line) <= short_line_length` (30) > `short_line_thr` (0.67) | `short_line_ratio` |
//! | 3 | duplicate-line characters (`find_duplicates`) / `len(text.replace("\n", ""))` > `char_duplicates_ratio` (0.01) | `char_dup_ratio` |
//! | 4 | `text.count("\n") / n_words` > `new_line_ratio` (0.3) | `list_ratio` |
//!
//! `n_words` = number of tokens of datatrove's `split_into_words(text, "eng")`.
//! **Deviation by necessity**: when there are no words, datatrove raises
//! `ZeroDivisionError` (only if rules 0–3 passed). Here `list_ratio` is `None` and rule 4
//! does not fire (the verdict is decided by rules 0–3). With spaCy's tokenizer this cannot
//! happen for a document that has a non-blank line, since every non-whitespace character
//! ends up in some token. For the empty document (rule 0) only `n_nonempty_lines` (0) is
//! meaningful; the other counts are 0 and the ratios `None`.
//!
//! As in datatrove, the first failing rule decides: statistics that only later rules need
//! are not computed (`None`) unless `all_stats` is set (rules 1 and 2 share one line pass);
//! the words are only asked for by rule 4.

use std::ops::Deref;

use super::punctuation::is_terminal_punctuation;
use super::{FastSet, find_duplicates};
use crate::text::python_unicode::{char_len, is_blank};

/// `FineWebQualityFilter` settings; `Default` = datatrove 0.10.1 defaults.
/// (`stop_chars` is fixed to `TERMINAL_PUNCTUATION`, datatrove's default.)
#[derive(Debug, Clone, PartialEq)]
pub struct FineWebQualityConfig {
    /// Minimum fraction of lines ending with terminal punctuation (`line_punct_thr`, default 0.12).
    pub line_punct_thr: f64,
    /// Do not apply `line_punct_thr` when no line ends with terminal punctuation
    /// (`line_punct_exclude_zero`, default false).
    pub line_punct_exclude_zero: bool,
    /// Maximum fraction of short lines (`short_line_thr`, default 0.67).
    pub short_line_thr: f64,
    /// A line of at most this many code points is short (`short_line_length`, default 30).
    pub short_line_length: usize,
    /// Maximum duplicate-line characters / non-newline characters (`char_duplicates_ratio`, default 0.01).
    pub char_duplicates_ratio: f64,
    /// Maximum newlines per word (`new_line_ratio`, default 0.3).
    pub new_line_ratio: f64,
    /// Compute every statistic, also those of the rules after the first failing one
    /// (default false: stop there, as datatrove does).
    pub all_stats: bool,
}

impl Default for FineWebQualityConfig {
    fn default() -> Self {
        Self {
            line_punct_thr: 0.12,
            line_punct_exclude_zero: false,
            short_line_thr: 0.67,
            short_line_length: 30,
            char_duplicates_ratio: 0.01,
            new_line_ratio: 0.3,
            all_stats: false,
        }
    }
}

/// Verdict and statistics; field names are the oracle's. The statistics of the rules after
/// the first failing one are `None` unless [`FineWebQualityConfig::all_stats`].
#[derive(Debug, Clone, PartialEq)]
pub struct FineWebQualityResult {
    /// True iff no rule fired.
    pub pass: bool,
    /// datatrove's reason string of the first failing rule.
    pub reason: Option<&'static str>,
    /// Lines of `text.split("\n")` that are not blank.
    pub n_nonempty_lines: usize,
    /// Those whose last character is in `TERMINAL_PUNCTUATION`.
    pub n_lines_terminal_punct: usize,
    /// `n_lines_terminal_punct / n_nonempty_lines`.
    pub line_punct_ratio: Option<f64>,
    /// Lines of at most `short_line_length` code points.
    pub n_short_lines: usize,
    /// `n_short_lines / n_nonempty_lines`.
    pub short_line_ratio: Option<f64>,
    /// Code points of lines equal to an earlier (non-blank) line.
    pub dup_line_chars: Option<usize>,
    /// `len(text.replace("\n", ""))`.
    pub text_len_without_newlines: Option<usize>,
    /// `dup_line_chars / text_len_without_newlines`.
    pub char_dup_ratio: Option<f64>,
    /// Number of words.
    pub n_words: Option<usize>,
    /// `text.count("\n")`.
    pub n_newlines: usize,
    /// `n_newlines / n_words`; `None` when there are no words.
    pub list_ratio: Option<f64>,
}

/// `line.chars().count() <= max`, counting only when the byte length leaves it open.
#[inline]
fn at_most_chars(line: &str, max: usize) -> bool {
    line.len() <= max || (line.len() <= 4 * max && char_len(line) <= max)
}

/// `text.split('\n')`, found with a vectorised byte search.
fn split_newlines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// Apply `FineWebQualityFilter` with `cfg` to `text` whose tokens are `words()`, called
/// only when the last rule is reached (or for `cfg.all_stats`).
pub fn fineweb_quality<'t, W: Deref<Target = [&'t str]>>(
    text: &'t str,
    words: impl FnOnce() -> W,
    cfg: &FineWebQualityConfig,
) -> FineWebQualityResult {
    let mut n = 0usize;
    let mut n_punct = 0usize;
    let mut n_short = 0usize;
    let mut n_nl = 0usize;
    for line in split_newlines(text) {
        n_nl += 1;
        if is_blank(line) {
            continue;
        }
        n += 1;
        if line.chars().next_back().is_some_and(is_terminal_punctuation) {
            n_punct += 1;
        }
        if at_most_chars(line, cfg.short_line_length) {
            n_short += 1;
        }
    }
    n_nl -= 1;
    let mut r = FineWebQualityResult {
        pass: false,
        reason: None,
        n_nonempty_lines: n,
        n_lines_terminal_punct: n_punct,
        line_punct_ratio: None,
        n_short_lines: n_short,
        short_line_ratio: None,
        dup_line_chars: None,
        text_len_without_newlines: None,
        char_dup_ratio: None,
        n_words: None,
        n_newlines: n_nl,
        list_ratio: None,
    };
    if n == 0 {
        // only whitespace: no words either
        r.reason = Some("empty");
        r.dup_line_chars = Some(0);
        r.text_len_without_newlines = Some(char_len(text) - n_nl);
        r.n_words = Some(0);
        return r;
    }
    let punct_ratio = n_punct as f64 / n as f64;
    let short_ratio = n_short as f64 / n as f64;
    r.line_punct_ratio = Some(punct_ratio);
    r.short_line_ratio = Some(short_ratio);
    if punct_ratio < cfg.line_punct_thr && !(punct_ratio == 0.0 && cfg.line_punct_exclude_zero) {
        r.reason = Some("line_punct_ratio");
    } else if short_ratio > cfg.short_line_thr {
        r.reason = Some("short_line_ratio");
    }
    if r.reason.is_some() && !cfg.all_stats {
        return r;
    }
    let non_blank = split_newlines(text).filter(|line| !is_blank(line));
    let (_, _, dup_chars) = find_duplicates(non_blank, &mut FastSet::default());
    let no_nl_len = char_len(text) - n_nl;
    let dup_ratio = (no_nl_len != 0).then(|| dup_chars as f64 / no_nl_len as f64);
    r.dup_line_chars = Some(dup_chars);
    r.text_len_without_newlines = Some(no_nl_len);
    r.char_dup_ratio = dup_ratio;
    if r.reason.is_none() && dup_ratio.is_some_and(|d| d > cfg.char_duplicates_ratio) {
        r.reason = Some("char_dup_ratio");
    }
    if r.reason.is_some() && !cfg.all_stats {
        return r;
    }
    let n_words = words().len();
    let list_ratio = (n_words != 0).then(|| n_nl as f64 / n_words as f64);
    r.n_words = Some(n_words);
    r.list_ratio = list_ratio;
    if r.reason.is_none() && list_ratio.is_some_and(|l| l > cfg.new_line_ratio) {
        r.reason = Some("list_ratio");
    }
    r.pass = r.reason.is_none();
    r
}

#[cfg(test)]
mod oracle_tests {
    use super::*;

    /// The defaults, computing every statistic.
    fn all_stats() -> FineWebQualityConfig {
        FineWebQualityConfig {
            all_stats: true,
            ..Default::default()
        }
    }

    #[test]
    fn oracle_fw_mixed() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "A line that ends with a full stop.\nshort\nshort\n\n   \nA line without punctuation at the end\nA Hindi line ends with danda।\r\nRepeated line that is long enough to count.\nRepeated line that is long enough to count.\n";
        let words: &[&str] = &[
            "A",
            "line",
            "that",
            "ends",
            "with",
            "a",
            "full",
            "stop",
            ".",
            "short",
            "short",
            "A",
            "line",
            "without",
            "punctuation",
            "at",
            "the",
            "end",
            "A",
            "Hindi",
            "line",
            "ends",
            "with",
            "danda",
            "।",
            "Repeated",
            "line",
            "that",
            "is",
            "long",
            "enough",
            "to",
            "count",
            ".",
            "Repeated",
            "line",
            "that",
            "is",
            "long",
            "enough",
            "to",
            "count",
            ".",
        ];
        let r = fineweb_quality(text, || words, &all_stats());
        assert_eq!((r.pass, r.reason), (false, Some("char_dup_ratio")));
        assert_eq!(r.n_nonempty_lines, 7);
        assert_eq!(r.n_lines_terminal_punct, 3);
        assert_eq!(r.n_short_lines, 3);
        assert_eq!(r.dup_line_chars, Some(48));
        assert_eq!(r.text_len_without_newlines, Some(200));
        assert_eq!(r.n_words, Some(43));
        assert_eq!(r.n_newlines, 9);
        assert_eq!(r.line_punct_ratio, Some(0.42857142857142855));
        assert_eq!(r.short_line_ratio, Some(0.42857142857142855));
        assert_eq!(r.char_dup_ratio, Some(0.24));
        assert_eq!(r.list_ratio, Some(0.20930232558139536));
    }

    #[test]
    fn oracle_gr_worked() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "one two three four five six seven. one two three four five six seven! x y";
        let words: &[&str] = &[
            "one", "two", "three", "four", "five", "six", "seven", ".", "one", "two", "three",
            "four", "five", "six", "seven", "!", "x", "y",
        ];
        let r = fineweb_quality(text, || words, &all_stats());
        assert_eq!((r.pass, r.reason), (false, Some("line_punct_ratio")));
        assert_eq!(r.n_nonempty_lines, 1);
        assert_eq!(r.n_lines_terminal_punct, 0);
        assert_eq!(r.n_short_lines, 0);
        assert_eq!(r.dup_line_chars, Some(0));
        assert_eq!(r.text_len_without_newlines, Some(73));
        assert_eq!(r.n_words, Some(18));
        assert_eq!(r.n_newlines, 0);
        assert_eq!(r.line_punct_ratio, Some(0.0));
        assert_eq!(r.short_line_ratio, Some(0.0));
        assert_eq!(r.char_dup_ratio, Some(0.0));
        assert_eq!(r.list_ratio, Some(0.0));
    }

    #[test]
    fn empty_and_no_words() {
        let r = fineweb_quality(" \n\t\n", || &[][..], &FineWebQualityConfig::default());
        assert_eq!(
            (r.pass, r.reason, r.n_nonempty_lines, r.n_newlines),
            (false, Some("empty"), 0, 2)
        );
        // no words (datatrove: ZeroDivisionError): list_ratio is None and does not fire
        let r = fineweb_quality(
            "A long enough line that ends with a stop.",
            || &[][..],
            &FineWebQualityConfig::default(),
        );
        assert_eq!((r.pass, r.list_ratio), (true, None));
    }

    #[test]
    fn stops_at_the_first_failing_rule_unless_all_stats() {
        let text = "one two three four five six seven. one two three four five six seven! x y";
        let mut asked = false;
        let r = fineweb_quality(
            text,
            || {
                asked = true;
                vec!["one"]
            },
            &FineWebQualityConfig::default(),
        );
        assert_eq!(r.reason, Some("line_punct_ratio"));
        assert!(!asked, "the words are not needed");
        assert_eq!((r.dup_line_chars, r.char_dup_ratio, r.n_words), (None, None, None));
        let text = "A first line that is long enough and ends.\nA first line that is long enough and ends.";
        let r = fineweb_quality(text, || vec!["x"; 100], &FineWebQualityConfig::default());
        assert_eq!((r.reason, r.dup_line_chars, r.n_words), (Some("char_dup_ratio"), Some(42), None));
        let all = fineweb_quality(text, || vec!["x"; 100], &all_stats());
        assert_eq!((all.reason, all.dup_line_chars, all.n_words), (Some("char_dup_ratio"), Some(42), Some(100)));
    }

    #[test]
    fn short_lines_are_counted_in_code_points() {
        let cfg = FineWebQualityConfig { short_line_length: 3, ..all_stats() };
        // 3 code points in 6 bytes is short; 4 code points in 8 bytes is not
        let r = fineweb_quality("ééé\néééé\nabc\nabcd", || vec!["x"; 10], &cfg);
        assert_eq!(r.n_short_lines, 2);
    }

    #[test]
    fn newline_split_equals_str_split() {
        for text in ["", "\n", "a", "a\n", "\na\n\nb", "é\n\n"] {
            assert_eq!(split_newlines(text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }
}
