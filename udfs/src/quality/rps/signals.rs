//! The RedPajama-V2 rule-based quality signals, computed in one pass over shared
//! text views (`app/src/core/quality_signals/{content,natural_language,
//! repetitions,lines}.py` at commit `6d2cee9`).
//!
//! Views, as the reference's `Document` builds them: the raw text; its lines
//! (`\n`-terminated, code-point spans); each line normalized and the document's
//! normalized words (the concatenation of its lines' normalized words, which is
//! exactly `normalize(text).split()`); and the word-punct raw tokens, counted with
//! the other raw-text signals in one byte scan ([`super::raw_scan`]). The word
//! n-grams are counted level by level, on the positions that still repeat. Only the
//! views the requested signals need are built.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::python_float::round8;
use super::raw_scan::{RawCounts, count_sentences, raw_counts};
use super::wordlists::LangLists;
use crate::text::lines::lines;
use crate::text::normalize::normalize_words_into;
use crate::text::python_unicode::{is_numeric, is_space, is_upper, lstrip, rstrip};

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

    /// Empties every signal, keeping the line vectors' memory, for a text of `len` code points.
    fn clear(&mut self, len: usize) {
        self.len = len;
        self.doc = Default::default();
        self.line_spans.clear();
        self.lines.iter_mut().for_each(Vec::clear);
    }
}

const BULLETS: [char; 10] =
    ['\u{2022}', '\u{2023}', '\u{25B6}', '\u{25C0}', '\u{25E6}', '\u{25A0}', '\u{25A1}', '\u{25AA}', '\u{25AB}', '\u{2013}'];

/// Reusable buffers, so a batch of documents allocates once.
#[derive(Default)]
pub struct Scratch {
    /// The last result [`Scratch::read`] lent out; its vectors are reused.
    spare: RpsSignals,
    normalized: String,
    line_scratch: String,
    word_ranges: Vec<(u32, u32)>,
    word_chars: Vec<u32>,
    ids: Vec<u32>,
    id_counts: Vec<u32>,
    ldnoobw_flags: Vec<(bool, bool)>,
    ngrams: NgramCounter,
}

impl Scratch {
    /// Computes the selected signals of `text` (see [`compute`]) and lends them to `read`;
    /// the next document reuses their memory.
    pub fn read<R>(&mut self, text: &str, lists: &LangLists, selection: Selection, read: impl FnOnce(&RpsSignals) -> R) -> R {
        let signals = compute(text, lists, selection, self);
        let result = read(&signals);
        self.spare = signals;
        result
    }
}

/// Computes the selected signals of `text` with the word lists of its language.
pub fn compute(text: &str, lists: &LangLists, selection: Selection, scratch: &mut Scratch) -> RpsSignals {
    let ascii = text.is_ascii();
    let len = if ascii { text.len() } else { text.chars().count() };
    let mut out = std::mem::take(&mut scratch.spare);
    out.clear(len);
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
        if any_line {
            let n = memchr::memchr_iter(b'\n', text.as_bytes()).count() + usize::from(!text.ends_with('\n'));
            out.line_spans.reserve_exact(n);
            for (signal, _) in LINE_SIGNALS {
                if want_line(signal) {
                    out.lines[signal as usize].reserve_exact(n);
                }
            }
        }
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
                    let upper = if line.ascii {
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
            let first_word = word_ranges.len();
            let line_ascii = line.ascii;
            let line_chars = normalize_words_into(line.text, normalized, line_scratch, word_ranges);
            if line_chars == 0 && line_start > 0 {
                normalized.pop();
            }
            let line_text = &normalized[line_start.min(normalized.len())..];
            let words = word_ranges.len() - first_word;
            let mut javascript = 0usize;
            for &(a, b) in &word_ranges[first_word..] {
                let word = &normalized[a as usize..b as usize];
                javascript += usize::from(word == "javascript");
                let chars = if line_ascii { word.len() } else { word.chars().count() };
                word_chars.push(chars as u32);
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
                        let numeric = if line_ascii {
                            line_text.bytes().filter(u8::is_ascii_digit).count()
                        } else {
                            line_text.chars().filter(|&c| is_numeric(c)).count()
                        };
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
    let raw_signals =
        [D::CurlyBracket, D::NumSentences, D::StopWordFraction, D::FracAllCapsWords, D::FracNoAlphWords, D::SymbolToWordRatio];
    let raw = match selection {
        Selection::Doc(D::CurlyBracket) => RawCounts {
            curly_brackets: text.bytes().filter(|&b| b == b'{' || b == b'}').count(),
            ..Default::default()
        },
        Selection::Doc(D::NumSentences) => RawCounts { sentences: count_sentences(text), ..Default::default() },
        _ if raw_signals.iter().any(|&s| want_doc(s)) => raw_counts(text, lists.stop_words.as_ref()),
        _ => RawCounts::default(),
    };
    if want_doc(D::CurlyBracket) {
        out.doc[D::CurlyBracket as usize] =
            Some(if len == 0 { 0.0 } else { round8(raw.curly_brackets as f64 / len as f64) });
    }
    if want_doc(D::NumSentences) {
        out.doc[D::NumSentences as usize] = Some(raw.sentences as f64);
    }
    let ratio = |count: usize| (raw.tokens > 0).then(|| round8(count as f64 / raw.tokens as f64));
    if want_doc(D::StopWordFraction) {
        let has_words = text.chars().any(|c| !c.is_ascii_punctuation() && !is_space(c));
        out.doc[D::StopWordFraction as usize] =
            lists.stop_words.as_ref().map(|_| if has_words { ratio(raw.stop_words).unwrap_or(0.0) } else { 0.0 });
    }
    if want_doc(D::FracAllCapsWords) {
        out.doc[D::FracAllCapsWords as usize] = ratio(raw.all_caps);
    }
    if want_doc(D::FracNoAlphWords) {
        out.doc[D::FracNoAlphWords as usize] =
            (raw.tokens > 0).then(|| round8(1.0 - raw.with_ascii_letter as f64 / raw.tokens as f64));
    }
    if want_doc(D::SymbolToWordRatio) {
        out.doc[D::SymbolToWordRatio as usize] = ratio(raw.symbols);
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
        let count = memchr::memmem::find_iter(text.as_bytes(), "lorem ipsum").count();
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

    // n-gram signals for n = 2..=10, counted level by level on the repeated positions only.
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
    if largest == 0 {
        return;
    }
    ngrams.start(ids, id_counts, word_chars);
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
        ngrams.next_level(ids, size);
        if !want(signal) {
            continue;
        }
        let score = if size <= 4 {
            match ngrams.most_frequent() {
                Some((first, count)) if count > 1 => {
                    let chars = ngrams.chars(first, first + size);
                    round8((chars * u64::from(count)) as f64 / total_chars as f64)
                }
                _ => 0.0,
            }
        } else {
            round8(ngrams.duplicated_chars(size) as f64 / total_chars as f64)
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

/// Marks a position whose n-gram occurs once (it can start no repeated longer n-gram).
const UNIQUE: u32 = u32::MAX;

/// Exact counts of the repeated word n-grams of one document, one level (n) at a time.
///
/// The n-gram at position `i` is identified exactly by the pair (class of the (n-1)-gram
/// at `i`, id of word `i + n - 1`), where classes number the distinct (n-1)-grams. It can
/// only occur twice if the (n-1)-grams at `i` and `i + 1` both do, so each level looks
/// only at the positions that survived the previous one (`positions`, ascending, with
/// their classes in `classes`): the work shrinks with the repetition of the document.
#[derive(Default)]
struct NgramCounter {
    /// Positions whose current n-gram occurs at least twice, ascending.
    positions: Vec<u32>,
    /// Class of the n-gram at each of `positions`.
    classes: Vec<u32>,
    /// Per class of the current level: occurrences and first position.
    counts: Vec<u32>,
    first: Vec<u32>,
    /// Open-addressing table from (previous class, word id) keys to classes.
    table: Vec<(u64, u32)>,
    /// `char_prefix[i]` = code points of words `0..i`.
    char_prefix: Vec<u64>,
}

impl NgramCounter {
    /// Starts at the 1-grams: the words that occur at least twice.
    fn start(&mut self, ids: &[u32], id_counts: &[u32], word_chars: &[u32]) {
        self.positions.clear();
        self.classes.clear();
        for (i, &id) in ids.iter().enumerate() {
            if id_counts[id as usize] > 1 {
                self.positions.push(i as u32);
                self.classes.push(id);
            }
        }
        self.char_prefix.clear();
        self.char_prefix.push(0);
        let mut total = 0u64;
        self.char_prefix.extend(word_chars.iter().map(|&c| {
            total += u64::from(c);
            total
        }));
    }

    /// Moves from the (`size` - 1)-grams to the `size`-grams of `ids`.
    fn next_level(&mut self, ids: &[u32], size: usize) {
        let Self { positions, classes, counts, first, table, .. } = self;
        let windows = ids.len() + 1 - size;
        let candidates = positions.windows(2).filter(|p| p[1] == p[0] + 1).count();
        let capacity = (candidates * 2).next_power_of_two().max(16);
        table.clear();
        table.resize(capacity, (0, UNIQUE));
        let mask = capacity - 1;
        counts.clear();
        first.clear();
        // In place: entry k of the new level is written at index <= k of the old one.
        let mut kept = 0;
        for k in 0..positions.len() {
            let i = positions[k] as usize;
            if i >= windows || positions.get(k + 1) != Some(&(i as u32 + 1)) {
                continue;
            }
            let key = (u64::from(classes[k]) << 32) | u64::from(ids[i + size - 1]);
            let mut at = (mix(key) as usize) & mask;
            let class = loop {
                match table[at] {
                    (_, UNIQUE) => {
                        let class = counts.len() as u32;
                        table[at] = (key, class);
                        counts.push(0);
                        first.push(i as u32);
                        break class;
                    }
                    (k2, class) if k2 == key => break class,
                    _ => at = (at + 1) & mask,
                }
            };
            counts[class as usize] += 1;
            positions[kept] = i as u32;
            classes[kept] = class;
            kept += 1;
        }
        positions.truncate(kept);
        classes.truncate(kept);
        let mut kept = 0;
        for k in 0..positions.len() {
            if counts[classes[k] as usize] > 1 {
                positions[kept] = positions[k];
                classes[kept] = classes[k];
                kept += 1;
            }
        }
        positions.truncate(kept);
        classes.truncate(kept);
    }

    /// (first position, count) of the most frequent n-gram of the current level, the
    /// earliest on ties; `None` when every n-gram occurs once.
    fn most_frequent(&self) -> Option<(usize, u32)> {
        let mut best: Option<(usize, u32)> = None;
        for (class, &count) in self.counts.iter().enumerate() {
            if count > best.map_or(1, |b| b.1) {
                best = Some((class, count));
            }
        }
        best.map(|(class, count)| (self.first[class] as usize, count))
    }

    /// Code points of words `start..end`.
    fn chars(&self, start: usize, end: usize) -> u64 {
        self.char_prefix[end] - self.char_prefix[start]
    }

    /// Code points of the words covered by a repeated `size`-gram of the current level.
    fn duplicated_chars(&self, size: usize) -> u64 {
        let mut covered_until = 0usize;
        let mut duped = 0;
        for &i in &self.positions {
            let i = i as usize;
            duped += self.chars(covered_until.max(i), i + size);
            covered_until = i + size;
        }
        duped
    }
}

/// A well-mixed 64-bit hash of an n-gram key.
#[inline]
fn mix(key: u64) -> u64 {
    let mut x = key.wrapping_add(0x632B_E59B_D9B4_E019);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::super::wordlists::lang_lists;
    use super::*;
    use crate::text::random_pieces;

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

    /// The n-gram signals computed directly from their definitions: `Counter` over word
    /// tuples (first occurrence wins ties) and the words covered by a repeated n-gram.
    fn naive_ngram_scores(words: &[&str]) -> Vec<f64> {
        let total: usize = words.iter().map(|w| w.len()).sum();
        (2..=10)
            .map(|size| {
                if words.len() < size {
                    return 0.0;
                }
                let grams: Vec<&[&str]> = words.windows(size).collect();
                let mut counts: HashMap<&[&str], (usize, usize)> = HashMap::new();
                for (i, g) in grams.iter().enumerate() {
                    counts.entry(g).or_insert((0, i)).0 += 1;
                }
                if size <= 4 {
                    let (count, first) = counts.values().map(|&(c, f)| (c, usize::MAX - f)).max().unwrap();
                    let chars: usize = grams[usize::MAX - first].iter().map(|w| w.len()).sum();
                    if count > 1 { round8((chars * count) as f64 / total as f64) } else { 0.0 }
                } else {
                    let mut covered = vec![false; words.len()];
                    for (i, g) in grams.iter().enumerate() {
                        if counts[g].0 > 1 {
                            covered[i..i + size].iter_mut().for_each(|c| *c = true);
                        }
                    }
                    let chars: usize = words.iter().zip(&covered).filter(|(_, c)| **c).map(|(w, _)| w.len()).sum();
                    round8(chars as f64 / total as f64)
                }
            })
            .collect()
    }

    #[test]
    fn ngram_signals_equal_their_definitions_on_repetitive_texts() {
        let vocabulary = ["a", "bb", "ccc", "dd", "e"];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for trial in 0..500 {
            let (len, alphabet) = (trial % 60, 2 + trial % 4);
            let words = random_pieces(&vocabulary[..alphabet], len, &mut state);
            let s = all(&words.join(" "));
            let got: Vec<f64> = [
                DocSignal::FracCharsTop2gram,
                DocSignal::FracCharsTop3gram,
                DocSignal::FracCharsTop4gram,
                DocSignal::FracCharsDupe5grams,
                DocSignal::FracCharsDupe6grams,
                DocSignal::FracCharsDupe7grams,
                DocSignal::FracCharsDupe8grams,
                DocSignal::FracCharsDupe9grams,
                DocSignal::FracCharsDupe10grams,
            ]
            .iter()
            .map(|&d| s.doc(d).unwrap())
            .collect();
            assert_eq!(got, naive_ngram_scores(&words), "{words:?}");
        }
    }
}
