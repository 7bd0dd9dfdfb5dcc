//! The RedPajama-V2 rule-based quality signals, computed in one pass over shared
//! text views (`app/src/core/quality_signals/{content,natural_language,
//! repetitions,lines}.py` at commit `6d2cee9`).
//!
//! Views, as the reference's `Document` builds them: the raw text; its lines
//! (`\n`-terminated, code-point spans); each line normalized and the document's
//! normalized words (the concatenation of its lines' normalized words, which is
//! exactly `normalize(text).split()`); and the word-punct raw tokens. Only the
//! views the requested signals need are built.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::python_float::round8;
use super::wordlists::LangLists;
use crate::text::lines::lines;
use crate::text::normalize::normalize_into;
use crate::text::python_unicode::{is_numeric, is_space, is_upper, is_word, lstrip, rstrip, str_is_upper};
use crate::text::word_punct::word_punct_tokens;

/// A document-level signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum DocSignal {
    LdnoobwWords,
    LoremIpsum,
    CurlyBracket,
    StopWordFraction,
    FracCharsDupe10grams,
    FracCharsDupe5grams,
    FracCharsDupe6grams,
    FracCharsDupe7grams,
    FracCharsDupe8grams,
    FracCharsDupe9grams,
    FracCharsTop2gram,
    FracCharsTop3gram,
    FracCharsTop4gram,
    FracAllCapsWords,
    FracLinesEndWithEllipsis,
    FracNoAlphWords,
    FracUniqueWords,
    MeanWordLength,
    NumSentences,
    SymbolToWordRatio,
    UnigramEntropy,
    WordCount,
}

/// A line-level signal (one value per line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum LineSignal {
    EndingWithTerminalPunctuationMark,
    JavascriptCounts,
    NumWords,
    NumericalCharsFraction,
    StartWithBulletpoint,
    UppercaseLetterFraction,
}

/// Document-level signals in the reference output's order, with their names.
pub const DOC_SIGNALS: [(DocSignal, &str); 22] = [
    (DocSignal::LdnoobwWords, "rps_doc_ldnoobw_words"),
    (DocSignal::LoremIpsum, "rps_doc_lorem_ipsum"),
    (DocSignal::CurlyBracket, "rps_doc_curly_bracket"),
    (DocSignal::StopWordFraction, "rps_doc_stop_word_fraction"),
    (DocSignal::FracCharsDupe10grams, "rps_doc_frac_chars_dupe_10grams"),
    (DocSignal::FracCharsDupe5grams, "rps_doc_frac_chars_dupe_5grams"),
    (DocSignal::FracCharsDupe6grams, "rps_doc_frac_chars_dupe_6grams"),
    (DocSignal::FracCharsDupe7grams, "rps_doc_frac_chars_dupe_7grams"),
    (DocSignal::FracCharsDupe8grams, "rps_doc_frac_chars_dupe_8grams"),
    (DocSignal::FracCharsDupe9grams, "rps_doc_frac_chars_dupe_9grams"),
    (DocSignal::FracCharsTop2gram, "rps_doc_frac_chars_top_2gram"),
    (DocSignal::FracCharsTop3gram, "rps_doc_frac_chars_top_3gram"),
    (DocSignal::FracCharsTop4gram, "rps_doc_frac_chars_top_4gram"),
    (DocSignal::FracAllCapsWords, "rps_doc_frac_all_caps_words"),
    (DocSignal::FracLinesEndWithEllipsis, "rps_doc_frac_lines_end_with_ellipsis"),
    (DocSignal::FracNoAlphWords, "rps_doc_frac_no_alph_words"),
    (DocSignal::FracUniqueWords, "rps_doc_frac_unique_words"),
    (DocSignal::MeanWordLength, "rps_doc_mean_word_length"),
    (DocSignal::NumSentences, "rps_doc_num_sentences"),
    (DocSignal::SymbolToWordRatio, "rps_doc_symbol_to_word_ratio"),
    (DocSignal::UnigramEntropy, "rps_doc_unigram_entropy"),
    (DocSignal::WordCount, "rps_doc_word_count"),
];

/// Line-level signals in the reference output's order, with their names (the
/// reference's spelling `punctution` is the real column name).
pub const LINE_SIGNALS: [(LineSignal, &str); 6] = [
    (LineSignal::EndingWithTerminalPunctuationMark, "rps_lines_ending_with_terminal_punctution_mark"),
    (LineSignal::JavascriptCounts, "rps_lines_javascript_counts"),
    (LineSignal::NumWords, "rps_lines_num_words"),
    (LineSignal::NumericalCharsFraction, "rps_lines_numerical_chars_fraction"),
    (LineSignal::StartWithBulletpoint, "rps_lines_start_with_bulletpoint"),
    (LineSignal::UppercaseLetterFraction, "rps_lines_uppercase_letter_fraction"),
];

/// Which signals to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// All 28 signals.
    All,
    /// One document-level signal.
    Doc(DocSignal),
    /// One line-level signal (line spans included).
    Line(LineSignal),
}

/// The signals of one document. Unrequested signals keep their default (`None`, empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RpsSignals {
    /// Length of the document in code points (every span's upper bound).
    pub len: usize,
    /// Document-level values indexed by [`DocSignal`]; `None` where the reference gives `None`.
    pub doc: [Option<f64>; 22],
    /// Line spans `(start, end)` in code points, each line with its trailing `\n`.
    pub line_spans: Vec<(usize, usize)>,
    /// Line-level values indexed by [`LineSignal`], aligned with `line_spans`.
    pub lines: [Vec<f64>; 6],
}

impl RpsSignals {
    /// The value of a document-level signal.
    pub fn doc(&self, s: DocSignal) -> Option<f64> {
        self.doc[s as usize]
    }

    /// The values of a line-level signal.
    pub fn line(&self, s: LineSignal) -> &[f64] {
        &self.lines[s as usize]
    }
}

const BULLETS: [char; 10] =
    ['\u{2022}', '\u{2023}', '\u{25B6}', '\u{25C0}', '\u{25E6}', '\u{25A0}', '\u{25A1}', '\u{25AA}', '\u{25AB}', '\u{2013}'];

/// Reusable buffers, so a batch of documents allocates once.
#[derive(Default)]
pub struct Scratch {
    normalized: String,
    line_scratch: String,
    word_ranges: Vec<(u32, u32)>,
    word_chars: Vec<u32>,
    ids: Vec<u32>,
    id_counts: Vec<u32>,
    ldnoobw_flags: Vec<(bool, bool)>,
    ngrams: NgramCounter,
}

/// Computes the selected signals of `text` with the word lists of its language.
pub fn compute(text: &str, lists: &LangLists, selection: Selection, scratch: &mut Scratch) -> RpsSignals {
    let ascii = text.is_ascii();
    let len = if ascii { text.len() } else { text.chars().count() };
    let mut out = RpsSignals { len, ..Default::default() };
    let want_doc = |s: DocSignal| matches!(selection, Selection::All) || selection == Selection::Doc(s);
    let want_line = |s: LineSignal| matches!(selection, Selection::All) || selection == Selection::Line(s);
    let any_line = matches!(selection, Selection::All | Selection::Line(_));

    use DocSignal as D;
    use LineSignal as L;
    let needs_normalized = match selection {
        Selection::All => true,
        Selection::Line(s) => matches!(s, L::JavascriptCounts | L::NumWords | L::NumericalCharsFraction),
        Selection::Doc(s) => !matches!(
            s,
            D::CurlyBracket
                | D::StopWordFraction
                | D::FracAllCapsWords
                | D::FracLinesEndWithEllipsis
                | D::FracNoAlphWords
                | D::NumSentences
                | D::SymbolToWordRatio
        ),
    };

    // Lines, raw and normalized.
    let Scratch { normalized, line_scratch, word_ranges, word_chars, .. } = scratch;
    normalized.clear();
    word_ranges.clear();
    word_chars.clear();
    let mut n_lines = 0usize;
    let mut ellipsis_lines = 0usize;
    if any_line || needs_normalized || want_doc(D::FracLinesEndWithEllipsis) {
        for line in lines(text) {
            n_lines += 1;
            let stripped_end = rstrip(line.text);
            if stripped_end.ends_with("...") || stripped_end.ends_with('…') {
                ellipsis_lines += 1;
            }
            if any_line {
                out.line_spans.push((line.start, line.end));
                if want_line(L::EndingWithTerminalPunctuationMark) {
                    let terminal = stripped_end.ends_with(['.', '!', '?', '\u{201D}']);
                    out.lines[L::EndingWithTerminalPunctuationMark as usize].push(f64::from(u8::from(terminal)));
                }
                if want_line(L::StartWithBulletpoint) {
                    let bullet = lstrip(line.text).starts_with(BULLETS);
                    out.lines[L::StartWithBulletpoint as usize].push(f64::from(u8::from(bullet)));
                }
                if want_line(L::UppercaseLetterFraction) {
                    let upper = if ascii {
                        line.text.bytes().filter(u8::is_ascii_uppercase).count()
                    } else {
                        line.text.chars().filter(|&c| is_upper(c)).count()
                    };
                    let frac = round8(upper as f64 / (line.end - line.start) as f64);
                    out.lines[L::UppercaseLetterFraction as usize].push(frac);
                }
            }
            if !needs_normalized {
                continue;
            }
            if !normalized.is_empty() {
                normalized.push(' ');
            }
            let line_start = normalized.len();
            let line_chars = normalize_into(line.text, normalized, line_scratch);
            if line_chars == 0 && line_start > 0 {
                normalized.pop();
            }
            let line_text = &normalized[line_start.min(normalized.len())..];
            let mut words = 0usize;
            let mut javascript = 0usize;
            let mut offset = line_start;
            for word in line_text.split(' ') {
                if !word.is_empty() {
                    words += 1;
                    javascript += usize::from(word == "javascript");
                    word_ranges.push((offset as u32, (offset + word.len()) as u32));
                    let chars = if word.is_ascii() { word.len() } else { word.chars().count() };
                    word_chars.push(chars as u32);
                }
                offset += word.len() + 1;
            }
            if any_line {
                if want_line(L::NumWords) {
                    out.lines[L::NumWords as usize].push(words as f64);
                }
                if want_line(L::JavascriptCounts) {
                    out.lines[L::JavascriptCounts as usize].push(javascript as f64);
                }
                if want_line(L::NumericalCharsFraction) {
                    let frac = if line_chars == 0 {
                        0.0
                    } else {
                        let numeric = line_text.chars().filter(|&c| is_numeric(c)).count();
                        round8(numeric as f64 / line_chars as f64)
                    };
                    out.lines[L::NumericalCharsFraction as usize].push(frac);
                }
            }
        }
    }
    if want_doc(D::FracLinesEndWithEllipsis) {
        out.doc[D::FracLinesEndWithEllipsis as usize] =
            (n_lines > 0).then(|| round8(ellipsis_lines as f64 / n_lines as f64));
    }

    if needs_normalized {
        normalized_word_signals(&mut out, lists, selection, scratch);
    }

    // Raw-text signals.
    if want_doc(D::CurlyBracket) {
        let brackets = text.bytes().filter(|&b| b == b'{' || b == b'}').count();
        out.doc[D::CurlyBracket as usize] = Some(if len == 0 { 0.0 } else { round8(brackets as f64 / len as f64) });
    }
    if want_doc(D::NumSentences) {
        out.doc[D::NumSentences as usize] = Some(count_sentences(text) as f64);
    }
    let raw_word_signals = [D::StopWordFraction, D::FracAllCapsWords, D::FracNoAlphWords, D::SymbolToWordRatio];
    if raw_word_signals.iter().any(|&s| want_doc(s)) {
        let (mut total, mut stop, mut caps, mut alpha) = (0usize, 0usize, 0usize, 0usize);
        let stop_words = lists.stop_words.as_ref();
        for token in word_punct_tokens(text) {
            total += 1;
            if let Some(words) = stop_words {
                stop += usize::from(words.contains(token));
            }
            caps += usize::from(str_is_upper(token));
            alpha += usize::from(token.bytes().any(|b| b.is_ascii_alphabetic()));
        }
        let ratio = |count: usize| (total > 0).then(|| round8(count as f64 / total as f64));
        if want_doc(D::StopWordFraction) {
            let has_words = text.chars().any(|c| !c.is_ascii_punctuation() && !is_space(c));
            out.doc[D::StopWordFraction as usize] = stop_words.map(|_| if has_words { ratio(stop).unwrap_or(0.0) } else { 0.0 });
        }
        out.doc[D::FracAllCapsWords as usize] = ratio(caps);
        out.doc[D::FracNoAlphWords as usize] =
            (total > 0).then(|| round8(1.0 - alpha as f64 / total as f64));
        let symbols = text.matches('#').count() + text.matches("...").count() + text.matches('…').count();
        out.doc[D::SymbolToWordRatio as usize] = ratio(symbols);
    }
    if let Selection::Doc(s) = selection {
        let keep = out.doc[s as usize];
        out.doc = Default::default();
        out.doc[s as usize] = keep;
    }
    out
}

fn normalized_word_signals(out: &mut RpsSignals, lists: &LangLists, selection: Selection, scratch: &mut Scratch) {
    use DocSignal as D;
    let want = |s: D| matches!(selection, Selection::All) || selection == Selection::Doc(s);
    let Scratch { normalized, word_ranges, word_chars, ids, id_counts, ldnoobw_flags, ngrams, .. } = scratch;
    let text = normalized.as_str();
    let word = |i: usize| {
        let (a, b) = word_ranges[i];
        &text[a as usize..b as usize]
    };
    let n = word_ranges.len();
    let total_chars: u64 = word_chars.iter().map(|&c| u64::from(c)).sum();

    out.doc[D::WordCount as usize] = Some(n as f64);
    out.doc[D::MeanWordLength as usize] = (n > 0).then(|| round8(total_chars as f64 / n as f64));

    if want(D::LoremIpsum) {
        let norm_len = if text.is_ascii() { text.len() } else { text.chars().count() };
        let count = text.matches("lorem ipsum").count();
        out.doc[D::LoremIpsum as usize] =
            Some(if norm_len == 0 || count == 0 { 0.0 } else { round8(count as f64 / norm_len as f64) });
    }
    let needs_ids = matches!(selection, Selection::All)
        || matches!(selection, Selection::Doc(s) if !matches!(s, D::WordCount | D::MeanWordLength | D::LoremIpsum));
    if !needs_ids {
        return;
    }
    ids.clear();
    id_counts.clear();
    let mut interned: HashMap<&str, u32, FixedState> = HashMap::with_capacity_and_hasher(n, FixedState::default());
    for i in 0..n {
        let next = interned.len() as u32;
        let id = *interned.entry(word(i)).or_insert(next);
        if id == next {
            id_counts.push(0);
        }
        id_counts[id as usize] += 1;
        ids.push(id);
    }
    if want(D::LdnoobwWords) {
        out.doc[D::LdnoobwWords as usize] = Some(ldnoobw_count(lists, ids, id_counts.len(), &word, ldnoobw_flags) as f64);
    }
    if n > 0 {
        out.doc[D::FracUniqueWords as usize] = Some(round8(id_counts.len() as f64 / n as f64));
        let total = n as f64;
        let entropy: f64 = id_counts
            .iter()
            .map(|&c| {
                let c = f64::from(c);
                -c / total * (c / total).ln()
            })
            .fold(0.0, |acc, x| acc + x);
        out.doc[D::UnigramEntropy as usize] = Some(round8(entropy));
    }

    // n-gram signals for n = 2..=10, hashes rolled forward from n - 1 to n.
    let ngram_signals = [
        (2, D::FracCharsTop2gram),
        (3, D::FracCharsTop3gram),
        (4, D::FracCharsTop4gram),
        (5, D::FracCharsDupe5grams),
        (6, D::FracCharsDupe6grams),
        (7, D::FracCharsDupe7grams),
        (8, D::FracCharsDupe8grams),
        (9, D::FracCharsDupe9grams),
        (10, D::FracCharsDupe10grams),
    ];
    let largest = ngram_signals.iter().filter(|(_, s)| want(*s)).map(|(size, _)| *size).max().unwrap_or(0);
    ngrams.start(ids);
    for (size, signal) in ngram_signals {
        if size > largest {
            break;
        }
        if n < size {
            if want(signal) {
                out.doc[signal as usize] = Some(0.0);
            }
            continue;
        }
        count_ngrams(ids, size, ngrams);
        if !want(signal) {
            continue;
        }
        let (slots, counts) = (&ngrams.slots, &ngrams.counts);
        let score = if size <= 4 {
            let max = counts.iter().copied().max().unwrap_or(0);
            if max <= 1 {
                0.0
            } else {
                let first = ngrams.first[counts.iter().position(|&c| c == max).expect("max count occurs")] as usize;
                let chars: u64 = word_chars[first..first + size].iter().map(|&c| u64::from(c)).sum();
                round8((chars * u64::from(max)) as f64 / total_chars as f64)
            }
        } else {
            let mut covered_until = 0usize;
            let mut duped: u64 = 0;
            for (i, &slot) in slots.iter().enumerate() {
                if slot != UNIQUE && counts[slot as usize] > 1 {
                    for j in covered_until.max(i)..i + size {
                        duped += u64::from(word_chars[j]);
                    }
                    covered_until = i + size;
                }
            }
            round8(duped as f64 / total_chars as f64)
        };
        out.doc[signal as usize] = Some(score);
    }
}

/// Number of word n-grams (for every entry length n of the list) whose space-joined
/// form is an LDNOOBW entry. List membership is looked up once per distinct word;
/// n-grams are joined only where they start with the first word of a multi-word entry.
/// `flags` is a reusable buffer: per distinct word, (is an entry, starts a multi-word entry).
fn ldnoobw_count<'a>(
    lists: &LangLists,
    ids: &[u32],
    distinct: usize,
    word: &impl Fn(usize) -> &'a str,
    flags: &mut Vec<(bool, bool)>,
) -> usize {
    if lists.ldnoobw.is_empty() {
        return 0;
    }
    flags.clear();
    flags.reserve(distinct);
    for (i, &id) in ids.iter().enumerate() {
        if id as usize == flags.len() {
            let w = word(i);
            flags.push((lists.ldnoobw.contains(w), lists.ldnoobw_first_words.contains(w)));
        }
    }
    let n = ids.len();
    let mut dirty = 0;
    let mut joined = String::new();
    for &size in &lists.ldnoobw_sizes {
        if size == 1 {
            dirty += ids.iter().filter(|&&id| flags[id as usize].0).count();
            continue;
        }
        for i in 0..(n + 1).saturating_sub(size) {
            if !flags[ids[i] as usize].1 {
                continue;
            }
            joined.clear();
            for j in i..i + size {
                if j > i {
                    joined.push(' ');
                }
                joined.push_str(word(j));
            }
            dirty += usize::from(lists.ldnoobw.contains(joined.as_str()));
        }
    }
    dirty
}

/// Counts the repeated `size`-grams of `ids`. On return `ngrams.slots[i]` is the n-gram
/// at position `i` (numbered in order of first occurrence) or [`UNIQUE`] when it occurs
/// once, `ngrams.counts[slot]` its count, `ngrams.first[slot]` its first position.
///
/// `ngrams.hashes` holds the polynomial hashes of the `size - 1`-grams on entry (the word
/// hashes for `size` 2) and of the `size`-grams on return, so sizes must come in
/// increasing order. An n-gram can only repeat where both of its (n-1)-grams repeat, so
/// after the 2-grams only those positions are counted. Equal hashes are checked word by
/// word, so a 64-bit collision cannot merge two n-grams.
fn count_ngrams(ids: &[u32], size: usize, ngrams: &mut NgramCounter) {
    let NgramCounter { hashes, table, slots, counts, first, repeated } = ngrams;
    let windows = ids.len() + 1 - size;
    for i in 0..windows {
        hashes[i] = hashes[i].wrapping_mul(NGRAM_HASH_BASE).wrapping_add(word_hash(ids[i + size - 1]));
    }
    hashes.truncate(windows);
    let candidate = |i: usize| size == 2 || (repeated[i] && repeated[i + 1]);
    let candidates = (0..windows).filter(|&i| candidate(i)).count();
    slots.clear();
    counts.clear();
    first.clear();
    let capacity = (candidates * 2).next_power_of_two().max(16);
    table.clear();
    table.resize(capacity, u32::MAX);
    let mask = capacity - 1;
    for i in 0..windows {
        if !candidate(i) {
            slots.push(UNIQUE);
            continue;
        }
        let h = hashes[i];
        let mut at = (h as usize) & mask;
        let slot = loop {
            match table[at] {
                u32::MAX => {
                    let slot = counts.len() as u32;
                    table[at] = slot;
                    counts.push(0);
                    first.push(i as u32);
                    break slot;
                }
                slot => {
                    let j = first[slot as usize] as usize;
                    if hashes[j] == h && ids[j..j + size] == ids[i..i + size] {
                        break slot;
                    }
                    at = (at + 1) & mask;
                }
            }
        };
        counts[slot as usize] += 1;
        slots.push(slot);
    }
    repeated.clear();
    repeated.extend(slots.iter().map(|&slot| slot != UNIQUE && counts[slot as usize] > 1));
}

/// Slot of an n-gram that occurs once.
const UNIQUE: u32 = u32::MAX;

const NGRAM_HASH_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// A well-mixed 64-bit hash of a word id.
#[inline]
fn word_hash(id: u32) -> u64 {
    let mut x = u64::from(id).wrapping_add(0x632B_E59B_D9B4_E019);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Buffers of [`count_ngrams`]: rolling hashes, an open-addressing table of slots,
/// per-slot counts and first positions, and which positions hold a repeated n-gram.
#[derive(Default)]
struct NgramCounter {
    hashes: Vec<u64>,
    table: Vec<u32>,
    slots: Vec<u32>,
    counts: Vec<u32>,
    first: Vec<u32>,
    repeated: Vec<bool>,
}

impl NgramCounter {
    /// Starts the rolling hashes at the word (1-gram) hashes of `ids`.
    fn start(&mut self, ids: &[u32]) {
        self.hashes.clear();
        self.hashes.extend(ids.iter().map(|&id| word_hash(id)));
    }
}

/// Number of matches of Python's `\b[^.!?]+[.!?]*` (Unicode `\b`) in `text`.
///
/// After a match the scan stands after a run of `.!?` (or at the end), so the
/// next match starts at the next word character: the count is the number of
/// `[.!?]`-terminated segments that contain a word character.
pub fn count_sentences(text: &str) -> usize {
    let mut count = 0;
    let mut in_sentence = false;
    let mut after_terminal = false;
    for c in text.chars() {
        let terminal = matches!(c, '.' | '!' | '?');
        if in_sentence {
            if terminal {
                after_terminal = true;
            } else if after_terminal {
                in_sentence = false;
                after_terminal = false;
            }
        }
        if !in_sentence && is_word(c) {
            count += 1;
            in_sentence = true;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::super::wordlists::lang_lists;
    use super::*;

    fn all(text: &str) -> RpsSignals {
        compute(text, lang_lists("en"), Selection::All, &mut Scratch::default())
    }

    #[test]
    fn worked_example_of_the_specification() {
        let s = all("The U.S. state-of-the-art Café; THE end... \n\n• item one\n– item two\n");
        assert_eq!(s.doc(DocSignal::WordCount), Some(12.0));
        assert_eq!(s.doc(DocSignal::StopWordFraction), Some(0.17391304));
        assert_eq!(s.doc(DocSignal::FracAllCapsWords), Some(0.13043478));
        assert_eq!(s.doc(DocSignal::SymbolToWordRatio), Some(0.04347826));
        assert_eq!(s.doc(DocSignal::NumSentences), Some(4.0));
        assert_eq!(s.line_spans, [(0, 44), (44, 45), (45, 56), (56, 67)]);
        assert_eq!(s.line(LineSignal::StartWithBulletpoint), [0.0, 0.0, 1.0, 1.0]);
        assert_eq!(s.line(LineSignal::EndingWithTerminalPunctuationMark), [1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn repetition_signals_of_the_specification() {
        let s = all("one two three four five six seven. one two three four five six seven! x y");
        assert_eq!(s.doc(DocSignal::FracCharsDupe5grams), Some(0.96428571));
        assert_eq!(s.doc(DocSignal::FracCharsTop2gram), Some(0.21428571));
        assert_eq!(all("a a a a").doc(DocSignal::FracCharsTop2gram), Some(1.5));
    }

    #[test]
    fn empty_text_gives_the_reference_values() {
        let s = all("");
        assert_eq!(s.doc(DocSignal::WordCount), Some(0.0));
        assert_eq!(s.doc(DocSignal::MeanWordLength), None);
        assert_eq!(s.doc(DocSignal::StopWordFraction), Some(0.0));
        assert_eq!(s.doc(DocSignal::FracLinesEndWithEllipsis), None);
        assert_eq!(s.doc(DocSignal::CurlyBracket), Some(0.0));
        assert!(s.line_spans.is_empty());
    }

    #[test]
    fn one_signal_equals_the_same_field_of_all() {
        let text = "Lorem ipsum dolor.\n{x} JavaScript, rocks 42!\n";
        let full = all(text);
        for (signal, _) in DOC_SIGNALS {
            let one = compute(text, lang_lists("en"), Selection::Doc(signal), &mut Scratch::default());
            assert_eq!(one.doc(signal), full.doc(signal), "{signal:?}");
        }
        for (signal, _) in LINE_SIGNALS {
            let one = compute(text, lang_lists("en"), Selection::Line(signal), &mut Scratch::default());
            assert_eq!(one.line(signal), full.line(signal), "{signal:?}");
            assert_eq!(one.line_spans, full.line_spans);
        }
    }

    #[test]
    fn sentences_follow_the_reference_regex() {
        assert_eq!(count_sentences("Hello. World"), 2);
        assert_eq!(count_sentences("Hello.World!?x"), 3);
        assert_eq!(count_sentences("... !!"), 0);
        assert_eq!(count_sentences("a.b"), 2);
        assert_eq!(count_sentences(" - x"), 1);
    }
}
