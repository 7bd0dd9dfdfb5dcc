//! `C4QualityFilter` of datatrove 0.10.1 (`datatrove/pipeline/filters/c4_filters.py`,
//! Apache-2.0), re-implemented. It is a filter **and a rewriter**.
//!
//! Segments are `text.splitlines()` (Python line breaks) when `split_paragraph` (default),
//! otherwise the caller's sentences ([`c4_quality_segments`]). Each segment is `strip()`ped,
//! then, in order:
//!
//! 1. a whitespace-split word longer than `max_word_length` code points → drop line (`line-filter-too_long_word`);
//! 2. delete citations `\[\d*]|\[edit]|\[citation needed]` (`\d` = Unicode decimal digit);
//! 3. line does not end with `.` `?` `!` `"` `'`, or ends with `...` → drop line (`line-filter-no_terminal_punc`);
//! 4. fewer than `min_words_per_line` whitespace words (counted **before** step 2) → drop line (`line-filter-too_few_words`);
//! 5. `lorem ipsum` in the lower-cased line → drop document, reason `lorem_ipsum`;
//! 6. `javascript` in the lower-cased line → drop line (`line-filter-javascript`);
//! 7. `{` in the line → drop document, reason `curly_bracket`;
//! 8. one of [`POLICY_SUBSTRINGS`] in the lower-cased line → drop line (`line-filter-policy`);
//! 9. keep the line (`line-kept`) and add its sentence count (caller's callback, called on the
//!    kept line = stripped line after citation removal) to `num_sentences`.
//!
//! After the loop, `num_sentences < min_num_sentences` → `too_few_sentences`; otherwise the
//! document passes and its new text is the kept lines joined with `"\n"` (`" "` for sentence
//! segments), then `strip()`ped.
//!
//! Unlike datatrove, the loop always runs over **all** lines (the oracle's full pass), so
//! every statistic is available; `filter_counters` reproduces what datatrove's own
//! counters hold when it stops at a document-level drop. The verdict is datatrove's: the
//! first document-level drop in line order, else the sentence rule.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::text::python_unicode::{
    ascii_lower_for_search, char_len, has_words, is_decimal, split_whitespace, splitlines, strip,
};

/// datatrove's `POLICY_SUBSTRINGS`, in order.
pub const POLICY_SUBSTRINGS: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// Substring searchers of the line rules, built once.
struct Finders {
    lorem_ipsum: Finder<'static>,
    javascript: Finder<'static>,
    /// Every policy substring contains one of these.
    policy_words: [Finder<'static>; 3],
    policy: Vec<Finder<'static>>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    lorem_ipsum: Finder::new("lorem ipsum"),
    javascript: Finder::new("javascript"),
    policy_words: ["policy", "cookies", "terms of use"].map(Finder::new),
    policy: POLICY_SUBSTRINGS.iter().map(Finder::new).collect(),
});

#[inline]
fn has(hay: &str, finder: &Finder<'_>) -> bool {
    finder.find(hay.as_bytes()).is_some()
}

/// `C4QualityFilter` settings; `Default` = datatrove 0.10.1 defaults
/// (`None` = datatrove's `-1`, rule disabled).
#[derive(Debug, Clone, PartialEq)]
pub struct C4QualityConfig {
    /// Segments are lines (`text.splitlines()`, default true); false = sentences, see
    /// [`c4_quality_segments`] (each kept sentence then counts as one sentence).
    pub split_paragraph: bool,
    /// Remove Wikipedia-style citations `[1]`, `[]`, `[edit]`, `[citation needed]` (default true).
    pub remove_citations: bool,
    /// Drop lines not ending in terminal punctuation `. ? ! " '`, or ending in `...` (default true;
    /// FineWeb's pipeline uses false).
    pub filter_no_terminal_punct: bool,
    /// Minimum number of sentences in the kept lines (default 5; `None` = -1: not counted, never fails).
    pub min_num_sentences: Option<usize>,
    /// Minimum whitespace words per line (default 3; `None` = disabled).
    pub min_words_per_line: Option<usize>,
    /// Drop lines with a whitespace word longer than this many code points (default 1000; `None` = disabled).
    pub max_word_length: Option<usize>,
    /// Drop the document if a kept-so-far line contains "lorem ipsum" (default true).
    pub filter_lorem_ipsum: bool,
    /// Drop lines containing "javascript" (case-insensitive; default true).
    pub filter_javascript: bool,
    /// Drop the document if a kept-so-far line contains `{` (default true).
    pub filter_curly_bracket: bool,
    /// Drop lines containing one of [`POLICY_SUBSTRINGS`] (case-insensitive; default true).
    pub filter_policy: bool,
}

impl Default for C4QualityConfig {
    fn default() -> Self {
        Self {
            split_paragraph: true,
            remove_citations: true,
            filter_no_terminal_punct: true,
            min_num_sentences: Some(5),
            min_words_per_line: Some(3),
            max_word_length: Some(1000),
            filter_lorem_ipsum: true,
            filter_javascript: true,
            filter_curly_bracket: true,
            filter_policy: true,
        }
    }
}

/// datatrove's C4 per-line stat counters (`stat_update` labels); 0 = label absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct C4LineCounters {
    /// `line-total`
    pub line_total: usize,
    /// `line-filter-too_long_word`
    pub too_long_word: usize,
    /// `line-filter-no_terminal_punc`
    pub no_terminal_punc: usize,
    /// `line-filter-too_few_words`
    pub too_few_words: usize,
    /// `line-filter-javascript`
    pub javascript: usize,
    /// `line-filter-policy`
    pub policy: usize,
    /// `line-kept`
    pub kept: usize,
    /// `doc-drop-lorem_ipsum_lines` (oracle full pass only)
    pub lorem_ipsum_lines: usize,
    /// `doc-drop-curly_bracket_lines` (oracle full pass only)
    pub curly_bracket_lines: usize,
}

impl C4LineCounters {
    /// `(label, count)` for every non-zero counter, datatrove's label names.
    pub fn labels(&self) -> Vec<(&'static str, usize)> {
        [
            ("line-total", self.line_total),
            ("line-filter-too_long_word", self.too_long_word),
            ("line-filter-no_terminal_punc", self.no_terminal_punc),
            ("line-filter-too_few_words", self.too_few_words),
            ("line-filter-javascript", self.javascript),
            ("line-filter-policy", self.policy),
            ("line-kept", self.kept),
            ("doc-drop-lorem_ipsum_lines", self.lorem_ipsum_lines),
            ("doc-drop-curly_bracket_lines", self.curly_bracket_lines),
        ]
        .into_iter()
        .filter(|&(_, v)| v != 0)
        .collect()
    }
}

/// Verdict, rewritten text and statistics; field names are the oracle's.
#[derive(Debug, Clone, PartialEq)]
pub struct C4QualityResult {
    /// True iff the document is kept.
    pub pass: bool,
    /// `lorem_ipsum`, `curly_bracket` or `too_few_sentences`.
    pub reason: Option<&'static str>,
    /// Kept lines joined with `"\n"` and stripped: the document text after the filter when
    /// `pass` (computed over all lines also when the document is dropped).
    pub kept_text: String,
    /// Counters of a full pass over all lines.
    pub line_counters: C4LineCounters,
    /// Counters as datatrove's filter leaves them (it stops at the first document-level drop,
    /// after counting that line's `line-total`).
    pub filter_counters: C4LineCounters,
    /// Sentences of all kept lines (0 when `min_num_sentences` is `None`).
    pub num_sentences_kept_lines: usize,
    /// Number of kept lines.
    pub n_kept_lines: usize,
    /// `len(kept_text)` in code points.
    pub kept_text_chars: usize,
    /// First document-level drop (`lorem_ipsum` / `curly_bracket`) in line order.
    pub first_doc_drop: Option<&'static str>,
    /// 0-based index (in `splitlines()`) of that line.
    pub first_doc_drop_line_index: Option<usize>,
}

/// Remove `\[\d*]|\[edit]|\[citation needed]` (left to right, non-overlapping), like `re.sub`.
/// Returns `None` if nothing matched.
fn remove_citations(line: &str) -> Option<String> {
    let b = line.as_bytes();
    let mut first = memchr_byte(b'[', b, 0)?;
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    loop {
        let rest = &line[first..];
        let m = if let Some(len) = digits_bracket_len(rest) {
            Some(len)
        } else if rest.starts_with("[edit]") {
            Some(6)
        } else if rest.starts_with("[citation needed]") {
            Some(17)
        } else {
            None
        };
        let next_from = match m {
            Some(len) => {
                let o = out.get_or_insert_with(|| String::with_capacity(line.len()));
                o.push_str(&line[copied..first]);
                copied = first + len;
                first + len
            }
            None => first + 1,
        };
        match memchr_byte(b'[', b, next_from) {
            Some(p) => first = p,
            None => break,
        }
    }
    out.map(|mut o| {
        o.push_str(&line[copied..]);
        o
    })
}

/// Length in bytes of a `\[\d*]` match at the start of `s` (which starts with `[`).
#[inline]
fn digits_bracket_len(s: &str) -> Option<usize> {
    let mut len = 1;
    for c in s[1..].chars() {
        if c == ']' {
            return Some(len + 1);
        }
        if !is_decimal(c) {
            return None;
        }
        len += c.len_utf8();
    }
    None
}

#[inline]
fn memchr_byte(needle: u8, hay: &[u8], from: usize) -> Option<usize> {
    memchr::memchr(needle, hay.get(from..)?).map(|p| p + from)
}

/// `line.endswith(('.', '?', '!', '"', "'")) and not line.endswith("...")`.
#[inline]
fn has_terminal_punct(line: &str) -> bool {
    matches!(
        line.as_bytes().last(),
        Some(b'.' | b'?' | b'!' | b'"' | b'\'')
    ) && !line.ends_with("...")
}

/// Apply `C4QualityFilter` to `text`, segments = `text.splitlines()` (datatrove's default
/// `split_paragraph=True`). `count_sentences(line)` must return datatrove's
/// `len(split_into_sentences(line, "eng"))` (spaCy sentencizer; at least 1, also
/// for a line without a sentence boundary); it is called once per kept line, after citation
/// removal. For datatrove's `split_paragraph=False` mode use [`c4_quality_segments`] with
/// the document's sentences: this function does not split sentences, so with
/// `cfg.split_paragraph == false` it treats the lines as the segments (1 sentence per kept
/// line, kept lines joined with `" "`), which is *not* datatrove's behaviour.
pub fn c4_quality(
    text: &str,
    cfg: &C4QualityConfig,
    count_sentences: &dyn Fn(&str) -> usize,
) -> C4QualityResult {
    run(splitlines(text), text.len(), cfg, Some(count_sentences))
}

/// Apply `C4QualityFilter` to caller-provided segments: with `split_paragraph` = false,
/// `segments` must be datatrove's `split_into_sentences(text, "eng")`; each kept segment
/// counts as one sentence and kept segments are joined with `" "`.
/// With `split_paragraph` = true this equals [`c4_quality`] on `segments` = the lines.
pub fn c4_quality_segments<'a>(
    segments: impl IntoIterator<Item = &'a str>,
    cfg: &C4QualityConfig,
    count_sentences: &dyn Fn(&str) -> usize,
) -> C4QualityResult {
    run(segments.into_iter(), 0, cfg, Some(count_sentences))
}

/// The filter over `segments`; `capacity` = expected size of the kept text.
fn run<'a>(
    segments: impl Iterator<Item = &'a str>,
    capacity: usize,
    cfg: &C4QualityConfig,
    count_sentences: Option<&dyn Fn(&str) -> usize>,
) -> C4QualityResult {
    let mut c = C4LineCounters::default();
    let mut filter_counters: Option<C4LineCounters> = None;
    let mut num_sentences = 0usize;
    let mut kept = String::with_capacity(capacity);
    let mut n_kept = 0usize;
    let mut first_doc_drop: Option<&'static str> = None;
    let mut first_doc_drop_line: Option<usize> = None;
    let mut lower = String::with_capacity(1024);
    let joiner = if cfg.split_paragraph { '\n' } else { ' ' };

    for (i, raw) in segments.enumerate() {
        let line0 = strip(raw);
        c.line_total += 1;
        // 1. too long word + word count (before citation removal); the byte length bounds
        // the code-point length from above
        let too_long = cfg.max_word_length.is_some_and(|max| {
            line0.len() > max && split_whitespace(line0).any(|w| w.len() > max && char_len(w) > max)
        });
        if too_long {
            c.too_long_word += 1;
            continue;
        }
        // 2. citations
        let owned;
        let line: &str = if cfg.remove_citations {
            match remove_citations(line0) {
                Some(s) => {
                    owned = s;
                    &owned
                }
                None => line0,
            }
        } else {
            line0
        };
        // 3. terminal punctuation
        if cfg.filter_no_terminal_punct && !has_terminal_punct(line) {
            c.no_terminal_punc += 1;
            continue;
        }
        // 4. words per line
        if cfg
            .min_words_per_line
            .is_some_and(|m| !has_words(line0, m))
        {
            c.too_few_words += 1;
            continue;
        }
        let need_lower = cfg.filter_lorem_ipsum || cfg.filter_javascript || cfg.filter_policy;
        if need_lower {
            ascii_lower_for_search(line, &mut lower);
        }
        // 5. lorem ipsum
        if cfg.filter_lorem_ipsum && has(&lower, &FINDERS.lorem_ipsum) {
            c.lorem_ipsum_lines += 1;
            if first_doc_drop.is_none() {
                first_doc_drop = Some("lorem_ipsum");
                first_doc_drop_line = Some(i);
                filter_counters = Some(without_doc_drops(c));
            }
            continue;
        }
        // 6. javascript
        if cfg.filter_javascript && has(&lower, &FINDERS.javascript) {
            c.javascript += 1;
            continue;
        }
        // 7. curly bracket
        if cfg.filter_curly_bracket && line.as_bytes().contains(&b'{') {
            c.curly_bracket_lines += 1;
            if first_doc_drop.is_none() {
                first_doc_drop = Some("curly_bracket");
                first_doc_drop_line = Some(i);
                filter_counters = Some(without_doc_drops(c));
            }
            continue;
        }
        // 8. policy (every policy substring contains "policy", "cookies" or "terms of use")
        if cfg.filter_policy
            && FINDERS.policy_words.iter().any(|f| has(&lower, f))
            && FINDERS.policy.iter().any(|f| has(&lower, f))
        {
            c.policy += 1;
            continue;
        }
        // 9. keep
        if cfg.min_num_sentences.is_some() {
            num_sentences += if cfg.split_paragraph {
                count_sentences.map_or(1, |f| f(line))
            } else {
                1
            };
        }
        if n_kept > 0 {
            kept.push(joiner);
        }
        kept.push_str(line);
        n_kept += 1;
        c.kept += 1;
    }
    let kept_text = {
        let s = strip(&kept);
        if s.len() == kept.len() {
            kept
        } else {
            s.to_owned()
        }
    };
    let reason = if first_doc_drop.is_some() {
        first_doc_drop
    } else if cfg.min_num_sentences.is_some_and(|m| num_sentences < m) {
        Some("too_few_sentences")
    } else {
        None
    };
    C4QualityResult {
        pass: reason.is_none(),
        reason,
        kept_text_chars: char_len(&kept_text),
        kept_text,
        line_counters: c,
        filter_counters: filter_counters.unwrap_or_else(|| without_doc_drops(c)),
        num_sentences_kept_lines: num_sentences,
        n_kept_lines: n_kept,
        first_doc_drop,
        first_doc_drop_line_index: first_doc_drop_line,
    }
}

#[inline]
fn without_doc_drops(mut c: C4LineCounters) -> C4LineCounters {
    c.lorem_ipsum_lines = 0;
    c.curly_bracket_lines = 0;
    c
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn citations_like_re_sub() {
        assert_eq!(remove_citations("no brackets"), None);
        assert_eq!(remove_citations("a [x] b"), None);
        assert_eq!(
            remove_citations("a[1] b[] c[edit] d[citation needed]e[٣]").as_deref(),
            Some("a b c de")
        );
        assert_eq!(remove_citations("[[12]]").as_deref(), Some("[]"));
        assert_eq!(remove_citations("[12").as_deref(), None);
        assert_eq!(remove_citations("[²]"), None, "superscript two is not \\d");
    }
}

#[cfg(test)]
mod oracle_tests {
    use super::*;

    #[test]
    fn oracle_c4_mixed() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "History of the town[edit]\nThe town was founded in 1820.[1] It grew quickly [citation needed] after that.\nEnable JavaScript to use this site properly.\nThis site uses cookies to give you the best experience.\nShort line.\nIt has three words!\n  \"Quoted lines are fine too,\" she said. \"Really.\"\nEnds with ellipsis and more...\nA [] empty citation [٣] and a digit one.\nDr. Smith arrived. He sat down. Then he left!";
        // spaCy sentence counts of the kept lines (dumped from datatrove's split_into_sentences)
        let counts: &[(&str, usize)] = &[
            (
                "The town was founded in 1820. It grew quickly  after that.",
                2,
            ),
            ("It has three words!", 1),
            ("\"Quoted lines are fine too,\" she said. \"Really.\"", 2),
            ("A  empty citation  and a digit one.", 1),
            ("Dr. Smith arrived. He sat down. Then he left!", 3),
        ];
        let count = |l: &str| counts.iter().find(|(k, _)| *k == l).expect("kept line").1;
        let r = c4_quality(text, &C4QualityConfig::default(), &count);
        assert_eq!((r.pass, r.reason), (true, None));
        assert_eq!(
            r.kept_text,
            "The town was founded in 1820. It grew quickly  after that.\nIt has three words!\n\"Quoted lines are fine too,\" she said. \"Really.\"\nA  empty citation  and a digit one.\nDr. Smith arrived. He sat down. Then he left!"
        );
        assert_eq!(r.num_sentences_kept_lines, 9);
        assert_eq!(r.n_kept_lines, 5);
        assert_eq!(r.kept_text_chars, 209);
        assert_eq!(r.first_doc_drop, None);
        assert_eq!(r.first_doc_drop_line_index, None);
        assert_eq!(
            r.line_counters,
            C4LineCounters {
                line_total: 10,
                no_terminal_punc: 2,
                kept: 5,
                javascript: 1,
                policy: 1,
                too_few_words: 1,
                ..Default::default()
            }
        );
        assert_eq!(
            r.filter_counters,
            C4LineCounters {
                line_total: 10,
                no_terminal_punc: 2,
                kept: 5,
                javascript: 1,
                policy: 1,
                too_few_words: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn oracle_c4_curly() {
        // expected values: datatrove 0.10.1 via oracle_datatrove.py on this text
        let text = "First kept line is here. Second sentence.\nThis line has a { curly bracket in it.\nLorem ipsum dolor sit amet is here.\nAnother good line that is kept.";
        // spaCy sentence counts of the kept lines (dumped from datatrove's split_into_sentences)
        let counts: &[(&str, usize)] = &[
            ("First kept line is here. Second sentence.", 2),
            ("Another good line that is kept.", 1),
        ];
        let count = |l: &str| counts.iter().find(|(k, _)| *k == l).expect("kept line").1;
        let r = c4_quality(text, &C4QualityConfig::default(), &count);
        assert_eq!((r.pass, r.reason), (false, Some("curly_bracket")));
        assert_eq!(
            r.kept_text,
            "First kept line is here. Second sentence.\nAnother good line that is kept."
        );
        assert_eq!(r.num_sentences_kept_lines, 3);
        assert_eq!(r.n_kept_lines, 2);
        assert_eq!(r.kept_text_chars, 73);
        assert_eq!(r.first_doc_drop, Some("curly_bracket"));
        assert_eq!(r.first_doc_drop_line_index, Some(1));
        assert_eq!(
            r.line_counters,
            C4LineCounters {
                line_total: 4,
                kept: 2,
                curly_bracket_lines: 1,
                lorem_ipsum_lines: 1,
                ..Default::default()
            }
        );
        assert_eq!(
            r.filter_counters,
            C4LineCounters {
                line_total: 2,
                kept: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn empty_and_options() {
        let one = |_: &str| 1usize;
        let r = c4_quality("", &C4QualityConfig::default(), &one);
        assert_eq!(
            (r.pass, r.reason, r.kept_text.as_str()),
            (false, Some("too_few_sentences"), "")
        );
        assert_eq!(r.line_counters, C4LineCounters::default());
        let text = "One two three\nfour five six.\n{ braces } here.";
        let r = c4_quality(
            text,
            &C4QualityConfig {
                filter_no_terminal_punct: false,
                min_num_sentences: None,
                ..Default::default()
            },
            &one,
        );
        assert_eq!(
            (r.pass, r.reason, r.first_doc_drop_line_index),
            (false, Some("curly_bracket"), Some(2))
        );
        assert_eq!(r.kept_text, "One two three\nfour five six.");
        assert_eq!(
            r.filter_counters,
            C4LineCounters {
                line_total: 3,
                kept: 2,
                ..Default::default()
            }
        );
        let r = c4_quality(
            text,
            &C4QualityConfig {
                filter_curly_bracket: false,
                min_num_sentences: None,
                ..Default::default()
            },
            &one,
        );
        assert_eq!(
            (r.pass, r.kept_text.as_str()),
            (true, "four five six.\n{ braces } here.")
        );
        // sentences as segments, joined with " "
        let segs = ["First one here. ", "Second one here!"];
        let cfg = C4QualityConfig {
            split_paragraph: false,
            min_num_sentences: Some(2),
            ..Default::default()
        };
        let r = c4_quality_segments(segs, &cfg, &one);
        assert_eq!(
            (r.pass, r.kept_text.as_str(), r.num_sentences_kept_lines),
            (true, "First one here. Second one here!", 2)
        );
    }
}
