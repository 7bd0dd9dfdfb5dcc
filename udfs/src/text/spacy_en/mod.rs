//! Pure-Rust reproduction of the English word and sentence segmentation that
//! datatrove 0.10.1 uses for its Gopher, C4 and FineWeb filters.
//!
//! datatrove's `split_into_words(text, "eng")` runs `spacy.blank("en")`
//! (spaCy 3.8.18) plus the rule-based `sentencizer` pipe, keeps every token's
//! text, strips it and drops whitespace-only tokens. `split_into_sentences`
//! uses the same pipeline and the sentencizer's boundaries. This module
//! reproduces both without Python:
//!
//! * the input is cut into runs of whitespace and non-whitespace (Python
//!   `str.isspace`); one `' '` directly after a non-whitespace run belongs to
//!   the preceding token, every other whitespace run is a whitespace token;
//! * each non-whitespace run is split by spaCy's English rules: tokenizer
//!   exceptions ("special cases": `don't` → `do` `n't`, `U.S.`, `e.g.`, `:)`,
//!   …), prefixes, suffixes, the URL pattern and infixes, with the same
//!   leftmost/first-alternative semantics as spaCy's Python `re` patterns;
//! * the final special-case pass of spaCy (a phrase matcher that merges token
//!   sequences such as `:` `)` back into `:)`) is applied to the whole token
//!   sequence;
//! * the sentencizer rule is applied to the resulting tokens.
//!
//! Rule data (character classes, exceptions, units, currencies, sentence
//! punctuation) comes from spaCy 3.8.18 (MIT licence) and is generated into
//! `tables.rs` by `gen_tables.py`; the code here is an independent
//! implementation.
//!
//! datatrove specifics that are reproduced:
//! * no length limit: datatrove raises `nlp.max_length` to the text length
//!   before every call, so texts longer than spaCy's default 1,000,000
//!   characters are tokenized whole (spaCy itself refuses texts of 2^30 or
//!   more characters; this module has no such limit);
//! * the `IS_ALPHA` work-around: inside `memory_zone()` spaCy 3.8.18 fails
//!   (AssertionError) on any document that contains a token `IS_ALPHA` once
//!   such a token has been seen before in the process, and datatrove then
//!   re-tokenizes `text.replace("IS_ALPHA", "")`. This module always applies
//!   the re-tokenization when a token `IS_ALPHA` occurs (the behaviour of a
//!   warm datatrove worker; only the very first such document of a worker
//!   process is tokenized without it);
//!   The one observable deviation: when a token of the re-tokenized text
//!   spans a removed occurrence (`xIS_ALPHAy` → datatrove word `xy`), the
//!   word returned here is the original span `xIS_ALPHAy`, because words are
//!   substrings of the input; the number of words and the sentence count are
//!   unaffected. (If the removal itself forms a new `IS_ALPHA` token,
//!   datatrove raises; this module returns the re-tokenized result.)
//! * `sentence_count` of an empty text is 1 (datatrove returns `[""]`).
//!
//! Validation: identical word lists and sentence counts for 100 % of
//! ~100,000 documents (web crawl, news, data-juicer demos, synthetic web
//! pages, 75-language Leipzig sentences, random/adversarial strings); see
//! `tests/tools/spacy_compare.py`. The unit tests assert real datatrove
//! outputs.
//!
//! Performance: no regex engine. The chunk scanner classifies bytes with a
//! table (skipping ASCII letters eight at a time); chunks of "inert" chars
//! (no affix rule can apply) and chunks of an inert core plus one split-off
//! suffix char take fast paths; Bloom filters pre-check the special cases
//! and phrase-matcher patterns; other chunks go through a per-thread cache of
//! chunk tokenizations (bounded, like spaCy's own tokenizer cache); the
//! phrase-matcher pass only runs when a chunk contains a match that can change
//! the tokens; words and the sentence count are collected in one pass.
//!
//! Regenerate the tables with `gen_tables.py` (spaCy 3.8.18, Python 3.11).
//! Licence of the rule data: `LICENSE-spaCy`.

mod tables;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use tables::*;

/// Words and sentence count of one text, computed in a single pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis<'a> {
    /// Exactly datatrove's `split_into_words(text)`: spaCy token texts,
    /// whitespace tokens removed, in document order. Every word is a
    /// substring of the input.
    pub words: Vec<&'a str>,
    /// Exactly `len(split_into_sentences(text))` (at least 1).
    pub sentences: usize,
}

/// datatrove's English word list (`split_into_words(text)`, spaCy
/// `blank("en")` tokens without whitespace tokens). Every word is a
/// substring of `text`.
pub fn words(text: &str) -> Vec<&str> {
    if contains_is_alpha(text) {
        return words_of(text, &doc_tokens(text));
    }
    DOC_TOKS.with_borrow_mut(|toks| {
        tokenize_into(data(), text, false, toks);
        let words = token_words(text, toks);
        release_if_large(toks);
        words
    })
}

/// Tokens a thread's buffer keeps room for between texts (24 MB); a buffer grown past it by a
/// long text is freed.
const KEPT_TOKENS: usize = 1 << 20;

fn release_if_large(toks: &mut Vec<Tok>) {
    if toks.capacity() > KEPT_TOKENS {
        *toks = Vec::new();
    }
}

/// Does `text` contain `IS_ALPHA` (see the module documentation)? A vectorized substring search:
/// it runs over every text.
fn contains_is_alpha(text: &str) -> bool {
    static FINDER: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("IS_ALPHA")).find(text.as_bytes()).is_some()
}

thread_local! {
    /// A thread's token buffer, reused from text to text.
    static DOC_TOKS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The non-whitespace tokens of `toks` (of `text` itself) as substrings of `text`.
fn token_words<'a>(text: &'a str, toks: &[Tok]) -> Vec<&'a str> {
    let mut words = Vec::with_capacity(toks.len());
    words.extend(toks.iter().filter(|k| !k.ws).map(|k| &text[k.start..k.end]));
    words
}

/// The non-whitespace tokens of `toks` as substrings of `text`.
fn words_of<'a>(text: &'a str, toks: &DocTokens) -> Vec<&'a str> {
    match &toks.replaced {
        None => token_words(text, &toks.toks),
        Some(r) => toks
            .toks
            .iter()
            .filter(|k| !k.ws)
            .map(|k| {
                let (s, e) = r.map_back(k.start, k.end);
                &text[s..e]
            })
            .collect(),
    }
}

/// datatrove's English sentence count, `len(split_into_sentences(text))`
/// (spaCy `sentencizer`). An empty or whitespace-only text counts as 1.
///
/// Only the chunks (whitespace-separated runs) holding a sentence punctuation char are
/// tokenized. The sentencizer starts a sentence at the first token after such a char
/// that is whitespace or not all punctuation; in a chunk without one, that token exists
/// iff the chunk has a char that is not punctuation, however the chunk splits, so the
/// chunk counts as one token (unless a special-case match changes tokens somewhere: see
/// `tokenize_into`). A text whose sentence punctuation all lies in its trailing run of ASCII
/// punctuation is one sentence without tokenizing.
pub fn sentence_count(text: &str) -> usize {
    let d = data();
    let b = text.as_bytes();
    let mut tail = b.len();
    while tail > 0 && b[tail - 1] < 0x80 && d.ascii[b[tail - 1] as usize] & PCAT != 0 {
        tail -= 1;
    }
    if b[..tail].iter().all(|&x| d.bclass[x as usize] & (B_SENT | B_HI) == 0) {
        return 1;
    }
    if contains_is_alpha(text) {
        let toks = doc_tokens(text);
        return count_sentences(toks.text(text), &toks.toks);
    }
    DOC_TOKS.with_borrow_mut(|toks| {
        tokenize_into(d, text, true, toks);
        let sentences = count_sentences(text, toks);
        release_if_large(toks);
        sentences
    })
}

/// Words and sentence count in one tokenization pass; see [`words`] and
/// [`sentence_count`].
pub fn analyze(text: &str) -> Analysis<'_> {
    let toks = doc_tokens(text);
    let d = data();
    let words = match &toks.replaced {
        None => {
            // One pass: words and sentencizer state.
            let mut w = Vec::with_capacity(toks.toks.len());
            let mut sc = SentenceCounter::new();
            for &k in &toks.toks {
                sc.step(d, text, k);
                if !k.ws {
                    w.push(&text[k.start..k.end]);
                }
            }
            return Analysis {
                words: w,
                sentences: sc.n,
            };
        }
        Some(_) => words_of(text, &toks),
    };
    Analysis {
        words,
        sentences: count_sentences(toks.text(text), &toks.toks),
    }
}

// ---------------------------------------------------------------------------
// Character classes

fn lookup_flags(cp: u32) -> u32 {
    let i = RANGES.partition_point(|r| r.0 <= cp);
    if i == 0 {
        return 0;
    }
    let r = RANGES[i - 1];
    if cp <= r.1 { r.2 } else { 0 }
}

/// Byte class: ASCII Python whitespace (`\t`..`\r`, `\x1c`..`\x1f`, space).
const B_WS: u8 = 1;
/// Byte class: part of a non-ASCII char.
const B_HI: u8 = 2;
/// Byte class: not an ASCII letter.
const B_NOT_LETTER: u8 = 4;
/// Byte class: not an inert char other than a digit (see [`INERT`]).
const B_NOT_INERT: u8 = 8;
/// Byte class: not an ASCII digit that is inert in a run of digits.
const B_NOT_DIGIT: u8 = 16;
/// Byte class: a sentence punctuation char (`SENT`) of the sentencizer.
const B_SENT: u8 = 32;

/// Extra flag bit (not from the tables): an "inert" char, one that no
/// prefix, suffix or infix rule can match or use as context inside a chunk
/// of inert chars: no `PFX1`, `SFX1` or `INFIX_START` flag and not an ASCII
/// digit (digits are the context of the unit and currency suffixes). The
/// multi-char affixes (`US$`, `..`, `'s`, `…`, `°F.`, `3+`) all need a
/// non-inert char; the URL pattern needs a `.`.
const INERT: u32 = 1 << 31;

/// Extra flag bit (not from the tables): the last char of a currency or unit
/// suffix (these split off after an ASCII digit).
const DSUF_LAST: u32 = 1 << 30;

/// Is a chunk with byte classes `acc` inert: only inert chars, or only ASCII
/// digits? Such a chunk is one token unless it is a special case.
#[inline]
fn inert_class(acc: u8) -> bool {
    acc & B_NOT_INERT == 0 || acc & B_NOT_DIGIT == 0
}

/// High bit of each byte of the little-endian word `v` that is not an ASCII
/// letter (SWAR: `v | 0x20` maps `A`..`Z` onto `a`..`z`; no carries cross
/// bytes because every masked byte is at most 0x7F before the additions).
#[inline]
fn non_letter_bytes(v: u64) -> u64 {
    const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HI: u64 = 0x8080_8080_8080_8080;
    let l = (v | 0x2020_2020_2020_2020) & LO7;
    let ge_a = l.wrapping_add(0x1F1F_1F1F_1F1F_1F1F); // l >= 0x61
    let gt_z = l.wrapping_add(0x0505_0505_0505_0505); // l >= 0x7B
    !(ge_a & !gt_z & !v) & HI
}

/// Byte classes (`B_*`) of a non-ASCII char with flags `f` inside a chunk.
#[inline]
fn non_ascii_class(f: u32) -> u8 {
    let sent = if f & SENT != 0 { B_SENT } else { 0 };
    if f & INERT != 0 {
        B_NOT_LETTER | B_NOT_DIGIT | sent
    } else {
        B_NOT_LETTER | B_NOT_DIGIT | B_NOT_INERT | sent
    }
}

/// The char starting at byte `i` of `s`.
#[inline]
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap()
}

#[inline]
fn is_ascii_digit(c: Option<char>) -> bool {
    matches!(c, Some('0'..='9'))
}

#[inline]
fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

#[inline]
fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

// ---------------------------------------------------------------------------
// Static data

#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut b = bytes;
        while b.len() >= 8 {
            let v = u64::from_le_bytes(b[..8].try_into().unwrap());
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
            b = &b[8..];
        }
        if b.len() >= 4 {
            let v = u32::from_le_bytes(b[..4].try_into().unwrap()) as u64;
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
            b = &b[4..];
        }
        for &x in b {
            h = (h.rotate_left(5) ^ x as u64).wrapping_mul(K);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

struct Data {
    ascii: [u32; 128],
    /// Byte classes (`B_*`) of every byte value.
    bclass: [u8; 256],
    /// Flags of every BMP code point (surrogates: 0).
    bmp: Box<[u32]>,
    specials: FxMap<&'static str, &'static [&'static str]>,
    /// Longest special-case string (bytes).
    special_max_len: usize,
    /// Bloom filter over (first byte, last byte, length) of special cases.
    special_bloom: Bloom,
    /// Phrase-matcher patterns: (token texts, special-case key).
    patterns: Vec<(Vec<&'static str>, &'static str)>,
    /// Per pattern: its special case splits differently from the pattern
    /// (only such matches can change the tokenization).
    pattern_effective: Vec<bool>,
    /// First token text → pattern indices.
    pattern_first: FxMap<&'static str, Vec<usize>>,
    /// Bloom filters over the first token of patterns
    /// whose special case splits differently: patterns of two or more
    /// tokens, and one-token patterns.
    pattern_effective_multi: Bloom,
    pattern_effective_single: Bloom,
    /// Bloom filter over the first token of one-token patterns.
    pattern_bloom1: Bloom,
    /// Bloom filter over the first two tokens of longer patterns.
    pattern_bloom2: Bloom,
    /// Currency and unit suffixes (after an ASCII digit), by last char.
    digit_suffixes: FxMap<char, Vec<&'static str>>,
}

/// A 64 Ki-bit Bloom filter keyed by (first byte, last byte, byte length).
struct Bloom(Box<[u64; 1024]>);

impl Bloom {
    fn new() -> Self {
        Bloom(Box::new([0u64; 1024]))
    }
    #[inline]
    fn key(s: &str) -> usize {
        let b = s.as_bytes();
        let (f, l) = match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => (f as usize, l as usize),
            _ => (0, 0),
        };
        let x = (f | (l << 8) | (b.len().min(0xFFFF) << 16)) as u64;
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }
    #[inline]
    fn key2(a: &str, b: &str) -> usize {
        let x = ((Self::key(a) as u64) << 16) | Self::key(b) as u64;
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }
    fn insert_key(&mut self, k: usize) {
        self.0[k >> 6] |= 1u64 << (k & 63);
    }
    #[inline]
    fn may_contain_key(&self, k: usize) -> bool {
        self.0[k >> 6] & (1u64 << (k & 63)) != 0
    }
    fn insert(&mut self, s: &str) {
        let k = Self::key(s);
        self.0[k >> 6] |= 1u64 << (k & 63);
    }
    #[inline]
    fn may_contain(&self, s: &str) -> bool {
        let k = Self::key(s);
        self.0[k >> 6] & (1u64 << (k & 63)) != 0
    }
}

static DATA: OnceLock<Data> = OnceLock::new();

#[inline]
fn data() -> &'static Data {
    DATA.get_or_init(build_data)
}

fn build_data() -> Data {
    let mut ascii = [0u32; 128];
    for (cp, slot) in ascii.iter_mut().enumerate() {
        *slot = lookup_flags(cp as u32);
    }
    let mut specials: FxMap<&'static str, &'static [&'static str]> = FxMap::default();
    let mut special_bloom = Bloom::new();
    let mut special_max_len = 0;
    for &(k, v) in SPECIALS {
        specials.insert(k, v);
        special_max_len = special_max_len.max(k.len());
        special_bloom.insert(k);
    }
    // Install a partial Data so that the affix functions (which only need
    // `ascii`) work while building the patterns.
    let mut bmp = vec![0u32; 0x10000].into_boxed_slice();
    for &(a, b, f) in RANGES {
        for cp in a..=b.min(0xFFFF) {
            bmp[cp as usize] = f;
        }
    }
    for (cp, f) in ascii.iter_mut().enumerate() {
        if *f & (PFX1 | SFX1 | INFIX_START) == 0 && !(cp as u8).is_ascii_digit() {
            *f |= INERT;
        }
    }
    for f in bmp.iter_mut().skip(128) {
        if *f & (PFX1 | SFX1 | INFIX_START) == 0 {
            *f |= INERT;
        }
    }
    let mut d = Data {
        ascii,
        bclass: [0; 256],
        bmp,
        specials,
        special_max_len,
        special_bloom,
        patterns: Vec::new(),
        pattern_effective: Vec::new(),
        pattern_first: FxMap::default(),
        pattern_effective_multi: Bloom::new(),
        pattern_effective_single: Bloom::new(),
        pattern_bloom1: Bloom::new(),
        pattern_bloom2: Bloom::new(),
        digit_suffixes: FxMap::default(),
    };
    for u in CURRENCY.iter().chain(UNITS.iter()) {
        let c = u.chars().next_back().unwrap();
        match c as u32 {
            cp @ 0..0x80 => d.ascii[cp as usize] |= DSUF_LAST,
            cp @ 0x80..0x10000 => d.bmp[cp as usize] |= DSUF_LAST,
            // Astral chars have no extra bits; the map lookup still applies.
            _ => {}
        }
        let v = d.digit_suffixes.entry(c).or_default();
        if !v.contains(u) {
            v.push(u);
        }
    }
    // A run of ASCII digits is inert when no unit or currency ends in a digit
    // (the digit-suffix rule needs a digit before the unit) and digits have
    // no affix flags.
    let digits_inert = (b'0'..=b'9').all(|x| {
        d.ascii[x as usize] & (PFX1 | SFX1 | INFIX_START) == 0
            && !d.digit_suffixes.contains_key(&(x as char))
    });
    for (x, c) in d.bclass.iter_mut().enumerate() {
        *c = if x >= 0x80 {
            B_HI | B_NOT_LETTER | B_NOT_INERT | B_NOT_DIGIT
        } else {
            let f = d.ascii[x];
            let mut c = 0;
            if f & WS != 0 {
                c |= B_WS;
            }
            if !(x as u8).is_ascii_alphabetic() {
                c |= B_NOT_LETTER;
            }
            if f & INERT == 0 {
                c |= B_NOT_INERT;
            }
            if !(digits_inert && (x as u8).is_ascii_digit()) {
                c |= B_NOT_DIGIT;
            }
            if f & SENT != 0 {
                c |= B_SENT;
            }
            c
        };
    }
    // spaCy adds a special case to its phrase matcher when the string has a
    // prefix, suffix or infix match or contains a space ("faster
    // heuristics"); the pattern is the string's tokenization without special
    // cases.
    let mut keys: Vec<&'static str> = SPECIALS.iter().map(|s| s.0).collect();
    keys.sort_unstable();
    for k in keys {
        let needs = prefix_len_d(&d, k) > 0
            || suffix_len_d(&d, k) > 0
            || !infixes_d(&d, k).is_empty()
            || k.contains(' ');
        if !needs {
            continue;
        }
        let pat: Vec<&'static str> = {
            let mut tz = Tokenizer::new(&d, false);
            tz.doc(k);
            tz.toks.iter().map(|t| &k[t.start..t.end]).collect()
        };
        if pat.is_empty() {
            continue;
        }
        let idx = d.patterns.len();
        d.pattern_first.entry(pat[0]).or_default().push(idx);
        if pat.len() == 1 {
            d.pattern_bloom1.insert(pat[0]);
        } else {
            d.pattern_bloom2.insert_key(Bloom::key2(pat[0], pat[1]));
        }
        let split = d.specials[k];
        let effective = split != pat.as_slice();
        if effective {
            let bloom = if pat.len() == 1 {
                &mut d.pattern_effective_single
            } else {
                &mut d.pattern_effective_multi
            };
            bloom.insert(pat[0]);
        }
        d.pattern_effective.push(effective);
        d.patterns.push((pat, k));
    }
    d
}

impl Data {
    #[inline]
    fn flags(&self, c: char) -> u32 {
        let cp = c as u32;
        if cp < 128 {
            self.ascii[cp as usize]
        } else if cp < 0x10000 {
            self.bmp[cp as usize]
        } else {
            lookup_flags(cp)
        }
    }

    /// Flags and byte length of the non-ASCII char starting at byte `i` of
    /// the UTF-8 bytes `b` (of a `str`).
    #[inline]
    fn flags_at(&self, b: &[u8], i: usize) -> (u32, usize) {
        let x = b[i] as u32;
        let c1 = (b[i + 1] & 0x3F) as u32;
        if x < 0xE0 {
            return (self.bmp[((x & 0x1F) << 6 | c1) as usize], 2);
        }
        let c2 = (b[i + 2] & 0x3F) as u32;
        if x < 0xF0 {
            return (self.bmp[((x & 0x0F) << 12 | c1 << 6 | c2) as usize], 3);
        }
        let c3 = (b[i + 3] & 0x3F) as u32;
        (lookup_flags((x & 0x07) << 18 | c1 << 12 | c2 << 6 | c3), 4)
    }

    /// Union of the byte classes of a non-whitespace string.
    fn str_class(&self, s: &str) -> u8 {
        let mut acc = 0u8;
        let b = s.as_bytes();
        let mut i = 0usize;
        while i < b.len() {
            let c = self.bclass[b[i] as usize];
            if c & B_HI == 0 {
                acc |= c;
                i += 1;
            } else {
                let (f, cl) = self.flags_at(b, i);
                acc |= non_ascii_class(f);
                i += cl;
            }
        }
        acc
    }

    #[inline]
    fn special(&self, s: &str) -> Option<&'static [&'static str]> {
        if s.len() > self.special_max_len || !self.special_bloom.may_contain(s) {
            return None;
        }
        self.specials.get(s).copied()
    }
}

// ---------------------------------------------------------------------------
// Affix rules (spaCy `TOKENIZER_PREFIXES`, `TOKENIZER_SUFFIXES`, English
// `TOKENIZER_INFIXES`), byte lengths.

/// Length of the prefix spaCy's `prefix_search` finds at the start of `s`
/// (first matching alternative wins), or 0.
fn prefix_len_d(d: &Data, s: &str) -> usize {
    let mut it = s.chars();
    let Some(c) = it.next() else { return 0 };
    if d.flags(c) & PFX1 != 0 {
        return c.len_utf8();
    }
    match c {
        '+' => {
            if is_ascii_digit(it.next()) {
                0
            } else {
                1
            }
        }
        '.' => {
            let n = s.bytes().take_while(|&b| b == b'.').count();
            if n >= 2 { n } else { 0 }
        }
        'U' if s.starts_with("US$") => 3,
        'C' if s.starts_with("C$") => 2,
        'A' if s.starts_with("A$") => 2,
        _ => 0,
    }
}

/// Length of the suffix spaCy's `suffix_search` finds at the end of `s`:
/// all alternatives are anchored at the end, so the leftmost match is the
/// longest one. Lookbehinds only see `s`.
fn suffix_len_d(d: &Data, s: &str) -> usize {
    let Some(c) = last_char(s) else { return 0 };
    let cl = c.len_utf8();
    let head = &s[..s.len() - cl];
    let mut best = 0usize;
    let fc = d.flags(c);
    if fc & SFX1 != 0 {
        best = cl;
    }
    match c {
        '.' => {
            let n = s.bytes().rev().take_while(|&b| b == b'.').count();
            if n >= 2 {
                best = best.max(n);
            } else {
                let mut h = head.chars().rev();
                let p1 = h.next();
                let p2 = h.next();
                if let Some(p) = p1 {
                    let f1 = d.flags(p);
                    if f1 & SDOT != 0
                        || (f1 & AU != 0 && p2.is_some_and(|q| d.flags(q) & AU != 0))
                        || (matches!(p, 'F' | 'f' | 'C' | 'c' | 'K' | 'k') && p2 == Some('°'))
                    {
                        best = best.max(1);
                    }
                }
            }
        }
        '…' if head.ends_with('…') => {
            best = best.max(2 * cl);
        }
        's' | 'S' => {
            if head.ends_with('\'') {
                best = best.max(2);
            } else if head.ends_with('’') {
                best = best.max(4);
            }
        }
        '+' if is_ascii_digit(last_char(head)) => {
            best = best.max(1);
        }
        _ => {}
    }
    // Currency and units after an ASCII digit. Units are at most 5 chars, so
    // a digit must occur among the last 6 chars.
    if (fc & DSUF_LAST != 0 || c as u32 >= 0x10000)
        && s.chars().rev().take(6).any(|x| x.is_ascii_digit())
        && let Some(list) = d.digit_suffixes.get(&c)
    {
        for u in list {
            if u.len() > best
                && s.len() > u.len()
                && s.ends_with(u)
                && is_ascii_digit(last_char(&s[..s.len() - u.len()]))
            {
                best = u.len();
            }
        }
    }
    best
}

const HYPHENS: [&str; 7] = ["-", "–", "—", "--", "---", "——", "~"];

/// All infix matches of spaCy's English `infix_finditer` over `s`, as byte
/// ranges (non-overlapping, left to right, first alternative wins).
fn infixes_d(d: &Data, s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    infixes_into(d, s, &mut out);
    out
}

fn infixes_into(d: &Data, s: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let b = s.as_bytes();
    let mut i = 0usize;
    let mut prev: Option<char> = None;
    while i < b.len() {
        let c = if b[i] < 0x80 {
            b[i] as char
        } else {
            s[i..].chars().next().unwrap()
        };
        let cl = c.len_utf8();
        let f = d.flags(c);
        if f & INFIX_START != 0
            && let Some(end) = infix_at(d, s, i, c, f, prev)
        {
            out.push(i..end);
            prev = last_char(&s[..end]);
            i = end;
            continue;
        }
        prev = Some(c);
        i += cl;
    }
}

#[inline]
fn infix_at(d: &Data, s: &str, i: usize, c: char, f: u32, prev: Option<char>) -> Option<usize> {
    let cl = c.len_utf8();
    let rest = &s[i + cl..];
    let next = first_char(rest);
    // 1. \.\.+
    if c == '.' && next == Some('.') {
        let n = s[i..].bytes().take_while(|&x| x == b'.').count();
        return Some(i + n);
    }
    // 2. …
    if c == '…' {
        return Some(i + cl);
    }
    // 3. icons
    if f & ICON != 0 {
        return Some(i + cl);
    }
    let pf = prev.map_or(0, |p| d.flags(p));
    let nf = next.map_or(0, |n| d.flags(n));
    // 4. (?<=[0-9])[+\-\*^](?=[0-9-])
    if matches!(c, '+' | '-' | '*' | '^')
        && is_ascii_digit(prev)
        && matches!(next, Some('0'..='9' | '-'))
    {
        return Some(i + cl);
    }
    // 5. (?<=[al q])\.(?=[au q])
    if c == '.' && pf & ALQ != 0 && nf & AUQ != 0 {
        return Some(i + cl);
    }
    // 6. (?<=[a]),(?=[a])
    if c == ',' && pf & ALPHA != 0 && nf & ALPHA != 0 {
        return Some(i + cl);
    }
    // 7. (?<=[a0-9])(?:hyphens)(?=[a])
    if pf & ALPHA09 != 0 {
        let tail = &s[i..];
        for h in HYPHENS {
            if tail.starts_with(h)
                && first_char(&tail[h.len()..]).is_some_and(|n| d.flags(n) & ALPHA != 0)
            {
                return Some(i + h.len());
            }
        }
        // 8. (?<=[a0-9])[:<>=/](?=[a])
        if matches!(c, ':' | '<' | '>' | '=' | '/') && nf & ALPHA != 0 {
            return Some(i + cl);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// URL pattern (spaCy `URL_MATCH`, a full-string match)

fn url_match(d: &Data, s: &str) -> bool {
    if !s.contains('.') {
        return false;
    }
    // optional scheme: [\w+\-.]{2,}://
    let mut starts = vec![0usize];
    if let Some(j) = s.find(':')
        && s[j..].starts_with("://")
    {
        let sch = &s[..j];
        if sch.chars().count() >= 2
            && sch
                .chars()
                .all(|c| matches!(c, '+' | '-' | '.') || d.flags(c) & PYW != 0)
        {
            starts.push(j + 3);
        }
    }
    for s0 in starts {
        if url_rest(d, &s[s0..]) {
            return true;
        }
        // optional user info: \S+(?::\S*)?@  == one or more chars, then '@'.
        // The host that follows contains no '@', so only an '@' whose next
        // '@' comes after the next [:/?#] (or never) can start a host; this
        // keeps the scan linear.
        let sub = &s[s0..];
        for (a, _) in sub.match_indices('@') {
            if a == 0 {
                continue;
            }
            let after = &sub[a + 1..];
            if let Some(k) = after.find(['@', ':', '/', '?', '#'])
                && after.as_bytes()[k] == b'@'
            {
                continue;
            }
            if url_rest(d, after) {
                return true;
            }
        }
    }
    false
}

/// host-or-IP, optional port, optional path, end of string.
fn url_rest(d: &Data, r: &str) -> bool {
    let q = r.find([':', '/', '?', '#']).unwrap_or(r.len());
    let host = &r[..q];
    let tail = &r[q..];
    let tail_ok = if tail.is_empty() || tail.starts_with(['/', '?', '#']) {
        true
    } else {
        // :\d{2,5} then end or path
        let after = &tail[1..];
        let mut n = 0usize;
        let mut bytes = 0usize;
        for c in after.chars() {
            if d.flags(c) & PYD != 0 {
                n += 1;
                bytes += c.len_utf8();
            } else {
                break;
            }
        }
        let rest = &after[bytes..];
        (2..=5).contains(&n) && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
    };
    if !tail_ok || host.is_empty() {
        return false;
    }
    host_ok(d, host) || (ip_ok(d, host) && !ip_excluded(d, r))
}

fn host_ok(d: &Data, host: &str) -> bool {
    let mut segs = host.split('.');
    let tld = segs.next_back().unwrap_or("");
    let n_tld = tld.chars().count();
    if !(2..=63).contains(&n_tld) || !tld.chars().all(|c| d.flags(c) & TLD != 0) {
        return false;
    }
    let mut labels = 0;
    for seg in segs {
        labels += 1;
        let n = seg.chars().count();
        if !(1..=64).contains(&n) {
            return false;
        }
        let h = |c: char| d.flags(c) & URLH != 0;
        let f = seg.chars().next().unwrap();
        let l = seg.chars().next_back().unwrap();
        if !h(f) || !h(l) {
            return false;
        }
        if !seg.chars().all(|c| h(c) || c == '_' || c == '-') {
            return false;
        }
    }
    labels >= 1
}

fn is_d(d: &Data, c: char) -> bool {
    d.flags(c) & PYD != 0
}

fn ip_ok(d: &Data, host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() != 4 {
        return false;
    }
    let oct = |p: &str, which: u8| -> bool {
        let cs: Vec<char> = p.chars().collect();
        let dg = |c: char| is_d(d, c);
        match which {
            // [1-9]\d? | 1\d\d | 2[01]\d | 22[0-3]
            0 => match cs.as_slice() {
                [a] => ('1'..='9').contains(a),
                [a, b] => ('1'..='9').contains(a) && dg(*b),
                [a, b, c] => {
                    (*a == '1' && dg(*b) && dg(*c))
                        || (*a == '2' && matches!(b, '0' | '1') && dg(*c))
                        || (*a == '2' && *b == '2' && ('0'..='3').contains(c))
                }
                _ => false,
            },
            // 1?\d{1,2} | 2[0-4]\d | 25[0-5]
            1 => match cs.as_slice() {
                [a] => dg(*a),
                [a, b] => dg(*a) && dg(*b),
                [a, b, c] => {
                    (*a == '1' && dg(*b) && dg(*c))
                        || (*a == '2' && ('0'..='4').contains(b) && dg(*c))
                        || (*a == '2' && *b == '5' && ('0'..='5').contains(c))
                }
                _ => false,
            },
            // [1-9]\d? | 1\d\d | 2[0-4]\d | 25[0-4]
            _ => match cs.as_slice() {
                [a] => ('1'..='9').contains(a),
                [a, b] => ('1'..='9').contains(a) && dg(*b),
                [a, b, c] => {
                    (*a == '1' && dg(*b) && dg(*c))
                        || (*a == '2' && ('0'..='4').contains(b) && dg(*c))
                        || (*a == '2' && *b == '5' && ('0'..='4').contains(c))
                }
                _ => false,
            },
        }
    };
    oct(parts[0], 0) && oct(parts[1], 1) && oct(parts[2], 1) && oct(parts[3], 2)
}

/// `(?:\.\d{1,3}){n}` as a prefix of `s`.
fn dotted_digits_prefix(d: &Data, s: &str, n: usize) -> bool {
    let mut rest = s;
    for k in 0..n {
        let Some(r) = rest.strip_prefix('.') else {
            return false;
        };
        let mut cnt = 0;
        let mut bytes = 0;
        for c in r.chars() {
            if is_d(d, c) && cnt < 3 {
                cnt += 1;
                bytes += c.len_utf8();
            } else {
                break;
            }
        }
        if cnt == 0 {
            return false;
        }
        rest = &r[bytes..];
        if k + 1 < n {
            // the next group needs a '.', reachable only if the digit run
            // ended exactly here (a longer run cannot backtrack to a '.')
            if !rest.starts_with('.') {
                return false;
            }
        }
    }
    true
}

/// The negative lookaheads excluding private / local IP ranges.
fn ip_excluded(d: &Data, r: &str) -> bool {
    for p in ["10", "127"] {
        if let Some(x) = r.strip_prefix(p)
            && dotted_digits_prefix(d, x, 3)
        {
            return true;
        }
    }
    for p in ["169.254", "192.168"] {
        if let Some(x) = r.strip_prefix(p)
            && dotted_digits_prefix(d, x, 2)
        {
            return true;
        }
    }
    if let Some(x) = r.strip_prefix("172.") {
        let cs: Vec<char> = x.chars().take(2).collect();
        if cs.len() == 2 {
            let ok = (cs[0] == '1' && ('6'..='9').contains(&cs[1]))
                || (cs[0] == '2' && is_d(d, cs[1]))
                || (cs[0] == '3' && matches!(cs[1], '0' | '1'));
            if ok {
                let off = cs[0].len_utf8() + cs[1].len_utf8();
                if dotted_digits_prefix(d, &x[off..], 2) {
                    return true;
                }
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Tokenizer

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tok {
    start: usize,
    end: usize,
    /// A whitespace token (dropped from the word list).
    ws: bool,
}

/// Cache of chunk tokenizations (like spaCy's tokenizer cache), kept per
/// thread across calls: chunk text → token byte ranges relative to the
/// chunk start. Cleared when it reaches `CACHE_MAX_ENTRIES`.
#[derive(Default)]
struct ChunkCache {
    map: FxMap<u64, u32>,
    /// (key offset, key length, first token, token count, needs matcher)
    entries: Vec<(u32, u16, u32, u16, bool)>,
    keys: String,
    toks: Vec<(u16, u16)>,
}

const CACHE_MAX_CHUNK: usize = 48;
const CACHE_MAX_ENTRIES: usize = 1 << 15;

thread_local! {
    static CHUNK_CACHE: std::cell::RefCell<ChunkCache> = std::cell::RefCell::new(ChunkCache::default());
}

impl ChunkCache {
    #[inline]
    fn hash(s: &str) -> u64 {
        let mut h = FxHasher::default();
        h.write(s.as_bytes());
        h.finish()
    }

    #[inline]
    fn get(&self, h: u64, s: &str) -> Option<(u32, u16, bool)> {
        let &i = self.map.get(&h)?;
        let (ko, kl, to, tn, m) = self.entries[i as usize];
        let key = &self.keys[ko as usize..ko as usize + kl as usize];
        (key == s).then_some((to, tn, m))
    }

    fn insert(&mut self, h: u64, s: &str, toks: &[Tok], base: usize, needs_matcher: bool) {
        if self.entries.len() >= CACHE_MAX_ENTRIES {
            self.map.clear();
            self.entries.clear();
            self.keys.clear();
            self.toks.clear();
        }
        if self.map.contains_key(&h) {
            return;
        }
        let ko = self.keys.len() as u32;
        self.keys.push_str(s);
        let to = self.toks.len() as u32;
        for t in toks {
            self.toks
                .push(((t.start - base) as u16, (t.end - base) as u16));
        }
        self.map.insert(h, self.entries.len() as u32);
        self.entries
            .push((ko, s.len() as u16, to, toks.len() as u16, needs_matcher));
    }
}

struct Tokenizer<'d> {
    d: &'d Data,
    specials: bool,
    toks: Vec<Tok>,
    pre: Vec<Range<usize>>,
    suf: Vec<Range<usize>>,
    inf: Vec<Range<usize>>,
    /// Only used with special cases enabled.
    cache: Option<ChunkCache>,
    /// Some chunk contains a phrase-matcher match that changes tokens.
    needs_matcher: bool,
    /// Only the sentence count is wanted: a chunk without sentence punctuation is kept
    /// as one token (see [`sentence_count`]).
    sentences_only: bool,
}

impl<'d> Tokenizer<'d> {
    fn new(d: &'d Data, specials: bool) -> Self {
        Tokenizer {
            d,
            specials,
            toks: Vec::new(),
            pre: Vec::new(),
            suf: Vec::new(),
            inf: Vec::new(),
            cache: None,
            needs_matcher: false,
            sentences_only: false,
        }
    }

    #[inline]
    fn special(&self, s: &str) -> Option<&'static [&'static str]> {
        if self.specials {
            self.d.special(s)
        } else {
            None
        }
    }

    /// Split `text` like spaCy's `Tokenizer._tokenize_affixes`.
    fn doc(&mut self, text: &str) {
        self.toks.clear();
        let b = text.as_bytes();
        let n = b.len();
        self.toks.reserve(n / 4 + 8);
        let cls = &self.d.bclass;
        let mut i = 0usize;
        let mut ws_start = 0usize;
        loop {
            // A whitespace run [ws_start, i) is one token.
            while i < n {
                let x = b[i];
                if x < 0x80 {
                    if cls[x as usize] & B_WS == 0 {
                        break;
                    }
                    i += 1;
                } else {
                    let (f, cl) = self.d.flags_at(b, i);
                    if f & WS == 0 {
                        break;
                    }
                    i += cl;
                }
            }
            if ws_start < i {
                self.toks.push(Tok {
                    start: ws_start,
                    end: i,
                    ws: true,
                });
            }
            if i >= n {
                break;
            }
            // A non-whitespace chunk [start, i); `acc` collects its byte classes.
            let start = i;
            let mut acc = 0u8;
            // Skip ASCII letters eight at a time (their class is `B_NOT_DIGIT`).
            while let Some(w) = b.get(i..i + 8) {
                let nl = non_letter_bytes(u64::from_le_bytes(w.try_into().unwrap()));
                if nl != 0 {
                    i += (nl.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            if i > start {
                acc = B_NOT_DIGIT;
            }
            while i < n {
                let c = cls[b[i] as usize];
                if c & (B_WS | B_HI) == 0 {
                    acc |= c;
                    i += 1;
                    continue;
                }
                if c & B_WS != 0 {
                    break;
                }
                let (f, cl) = self.d.flags_at(b, i);
                if f & WS != 0 {
                    break;
                }
                acc |= non_ascii_class(f);
                i += cl;
            }
            // Fast path: a chunk of ASCII letters has no prefix, suffix,
            // infix or URL match; it is one token unless it is a special
            // case.
            if self.sentences_only && acc & B_SENT == 0 {
                self.push(start, i);
            } else if acc & B_NOT_LETTER == 0 {
                match self.special(&text[start..i]) {
                    Some(sp) => self.push_special(sp, start),
                    None => self.push(start, i),
                }
            } else {
                self.span(text, start, i, acc);
            }
            // One ' ' directly after a chunk belongs to that chunk's token.
            if i < n && b[i] == b' ' {
                i += 1;
            }
            ws_start = i;
        }
    }

    /// Tokenize the non-whitespace chunk `text[start..end]` (not only ASCII
    /// letters) whose byte classes (`B_*`) are `acc`.
    #[inline(never)]
    fn span(&mut self, text: &str, start: usize, end: usize, acc: u8) {
        let chunk = &text[start..end];
        // An inert chunk that is not a special case is one token.
        if inert_class(acc) {
            if self.special(chunk).is_none() {
                self.push(start, end);
                return;
            }
        } else if self.suffix_fast(text, start, end) {
            return;
        }
        // Cache of short chunks (spaCy caches chunk results too).
        let cacheable = chunk.len() <= CACHE_MAX_CHUNK && self.cache.is_some();
        let mut h = 0u64;
        if cacheable {
            h = ChunkCache::hash(chunk);
            let c = self.cache.as_ref().unwrap();
            if let Some((to, tn, m)) = c.get(h, chunk) {
                self.needs_matcher |= m;
                for &(s, e) in &c.toks[to as usize..to as usize + tn as usize] {
                    self.toks.push(Tok {
                        start: start + s as usize,
                        end: start + e as usize,
                        ws: false,
                    });
                }
                return;
            }
        }
        let before = self.toks.len();
        self.chunk(chunk, start);
        let m = self.specials && chunk_needs_matcher(self.d, text, &self.toks[before..]);
        self.needs_matcher |= m;
        if cacheable {
            let toks = &self.toks[before..];
            self.cache
                .as_mut()
                .unwrap()
                .insert(h, chunk, toks, start, m);
        }
    }

    #[inline]
    fn push(&mut self, start: usize, end: usize) {
        self.toks.push(Tok {
            start,
            end,
            ws: false,
        });
    }

    /// Fast path for a chunk `core` + `p` where `core` is inert (see
    /// [`inert_class`]) and spaCy's suffix rule splits off exactly the last
    /// char `p`: after that split `core` has no prefix, suffix, URL or infix
    /// match, so the tokens are `core` (or its special case) and `p`.
    /// Returns false (and pushes nothing) when the shape does not apply.
    fn suffix_fast(&mut self, text: &str, start: usize, end: usize) -> bool {
        let chunk = &text[start..end];
        let Some(p) = last_char(chunk) else {
            return false;
        };
        let core_end = end - p.len_utf8();
        if core_end == start || !inert_class(self.d.str_class(&text[start..core_end])) {
            return false;
        }
        if self.special(chunk).is_some() || suffix_len_d(self.d, chunk) != p.len_utf8() {
            return false;
        }
        let before = self.toks.len();
        let core = &text[start..core_end];
        let d = self.d;
        let check = match self.special(core) {
            Some(sp) => {
                self.push_special(sp, start);
                true
            }
            None => {
                self.push(start, core_end);
                // Pre-check of `chunk_needs_matcher` for the tokens `core`, `p`.
                let kc = Bloom::key(core);
                d.pattern_effective_single.may_contain_key(kc)
                    || d.pattern_effective_multi.may_contain_key(kc)
                    || d.pattern_effective_single
                        .may_contain_key(Bloom::key(&text[core_end..end]))
            }
        };
        self.push(core_end, end);
        if self.specials && check {
            self.needs_matcher |= chunk_needs_matcher(d, text, &self.toks[before..]);
        }
        true
    }

    /// Tokenize one non-whitespace chunk starting at byte `base` of the doc.
    fn chunk(&mut self, s: &str, base: usize) {
        if let Some(sp) = self.special(s) {
            self.push_special(sp, base);
            return;
        }
        let d = self.d;
        self.pre.clear();
        self.suf.clear();
        let (mut lo, mut hi) = (0usize, s.len());
        let mut last = usize::MAX;
        let mut core_special: Option<&'static [&'static str]> = None;
        // The whole chunk was just checked above.
        let mut checked_top = true;
        // spaCy `_split_affixes`
        while lo < hi && hi - lo != last {
            if let Some(sp) = if checked_top {
                None
            } else {
                self.special(&s[lo..hi])
            } {
                core_special = Some(sp);
                break;
            }
            checked_top = false;
            last = hi - lo;
            let cur = &s[lo..hi];
            let pre = prefix_len_d(d, cur);
            if pre > 0
                && let Some(sp) = if lo + pre < hi {
                    self.special(&s[lo + pre..hi])
                } else {
                    None
                }
            {
                self.pre.push(lo..lo + pre);
                lo += pre;
                core_special = Some(sp);
                break;
            }
            let suf = suffix_len_d(d, &cur[pre..]);
            if suf > 0
                && let Some(sp) = if hi - suf > lo {
                    self.special(&s[lo..hi - suf])
                } else {
                    None
                }
            {
                self.suf.push(hi - suf..hi);
                hi -= suf;
                core_special = Some(sp);
                break;
            }
            if pre > 0 && suf > 0 {
                self.pre.push(lo..lo + pre);
                self.suf.push(hi - suf..hi);
                lo += pre;
                hi -= suf;
            } else if pre > 0 {
                self.pre.push(lo..lo + pre);
                lo += pre;
            } else if suf > 0 {
                self.suf.push(hi - suf..hi);
                hi -= suf;
            } else {
                // Nothing changed: the loop ends and the top-of-loop special
                // check has already been done for this string.
                checked_top = true;
            }
        }
        // spaCy `_attach_tokens`
        for k in 0..self.pre.len() {
            let r = self.pre[k].clone();
            self.toks.push(Tok {
                start: base + r.start,
                end: base + r.end,
                ws: false,
            });
        }
        if lo < hi {
            let core = &s[lo..hi];
            let sp = match core_special {
                Some(sp) => Some(sp),
                None if checked_top => None,
                None => self.special(core),
            };
            if let Some(sp) = sp {
                self.push_special(sp, base + lo);
            } else if url_match(d, core) {
                self.toks.push(Tok {
                    start: base + lo,
                    end: base + hi,
                    ws: false,
                });
            } else {
                let mut inf = std::mem::take(&mut self.inf);
                infixes_into(d, core, &mut inf);
                let mut st = 0usize;
                for m in &inf {
                    if m.start == 0 {
                        continue;
                    }
                    if m.start != st {
                        self.toks.push(Tok {
                            start: base + lo + st,
                            end: base + lo + m.start,
                            ws: false,
                        });
                    }
                    if m.start != m.end {
                        self.toks.push(Tok {
                            start: base + lo + m.start,
                            end: base + lo + m.end,
                            ws: false,
                        });
                    }
                    st = m.end;
                }
                if st < core.len() {
                    self.toks.push(Tok {
                        start: base + lo + st,
                        end: base + hi,
                        ws: false,
                    });
                }
                self.inf = inf;
            }
        }
        for k in (0..self.suf.len()).rev() {
            let r = self.suf[k].clone();
            self.toks.push(Tok {
                start: base + r.start,
                end: base + r.end,
                ws: false,
            });
        }
    }

    fn push_special(&mut self, parts: &'static [&'static str], base: usize) {
        let mut p = base;
        for part in parts {
            self.toks.push(Tok {
                start: p,
                end: p + part.len(),
                ws: false,
            });
            p += part.len();
        }
    }
}

/// Does this chunk's token sequence contain an occurrence of a phrase-matcher
/// pattern whose special case splits differently?
fn chunk_needs_matcher(d: &Data, text: &str, toks: &[Tok]) -> bool {
    for i in 0..toks.len() {
        let t = toks[i];
        let s = &text[t.start..t.end];
        if s.len() > d.special_max_len {
            continue;
        }
        // Only one-token patterns can start at the last token.
        let k = Bloom::key(s);
        if !d.pattern_effective_single.may_contain_key(k)
            && (i + 1 == toks.len() || !d.pattern_effective_multi.may_contain_key(k))
        {
            continue;
        }
        let Some(list) = d.pattern_first.get(s) else {
            continue;
        };
        for &pid in list {
            if !d.pattern_effective[pid] {
                continue;
            }
            let pat = &d.patterns[pid].0;
            if i + pat.len() <= toks.len()
                && pat.iter().enumerate().skip(1).all(|(j, p)| {
                    let u = toks[i + j];
                    &text[u.start..u.end] == *p
                })
            {
                return true;
            }
        }
    }
    false
}

/// spaCy's final special-case pass (`_apply_special_cases`): find every
/// phrase-matcher pattern occurrence, keep the longest non-conflicting ones
/// and replace a kept span by the special case's tokens when its text is the
/// special-case string.
fn apply_special_matcher(d: &Data, text: &str, toks: &mut Vec<Tok>) {
    let mut matches: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, pattern)
    for i in 0..toks.len() {
        let t = toks[i];
        let s = &text[t.start..t.end];
        let maybe = s.len() <= d.special_max_len && d.pattern_bloom1.may_contain(s)
            || toks.get(i + 1).is_some_and(|u| {
                d.pattern_bloom2
                    .may_contain_key(Bloom::key2(s, &text[u.start..u.end]))
            });
        if !maybe {
            continue;
        }
        let Some(list) = d.pattern_first.get(s) else {
            continue;
        };
        for &pid in list {
            let pat = &d.patterns[pid].0;
            if i + pat.len() <= toks.len()
                && pat.iter().enumerate().skip(1).all(|(j, p)| {
                    let u = toks[i + j];
                    &text[u.start..u.end] == *p
                })
            {
                matches.push((i, i + pat.len(), pid));
            }
        }
    }
    if matches.is_empty() {
        return;
    }
    // longest first; equal length: smaller start first
    matches.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut seen = vec![false; toks.len()];
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for &(s, e, _) in &matches {
        if !seen[s] && !seen[e - 1] {
            kept.push((s, e));
        }
        for x in &mut seen[s..e] {
            *x = true;
        }
    }
    kept.sort_unstable();
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len() + 4);
    let mut i = 0usize;
    let mut k = 0usize;
    while i < toks.len() {
        if k < kept.len() && kept[k].0 == i {
            let (s, e) = kept[k];
            k += 1;
            let a = toks[s].start;
            let b = toks[e - 1].end;
            if let Some(parts) = d.special(&text[a..b]) {
                let mut p = a;
                for part in parts {
                    let ws = part.chars().next().is_some_and(|c| d.flags(c) & WS != 0);
                    out.push(Tok {
                        start: p,
                        end: p + part.len(),
                        ws,
                    });
                    p += part.len();
                }
            } else {
                out.extend_from_slice(&toks[s..e]);
            }
            i = e;
        } else {
            out.push(toks[i]);
            i += 1;
        }
    }
    *toks = out;
}

/// Removal map for the `IS_ALPHA` work-around.
struct Replaced {
    text: String,
    /// Positions (in the replaced text) where an `IS_ALPHA` was removed.
    cuts: Vec<usize>,
}

impl Replaced {
    fn map_back(&self, s: usize, e: usize) -> (usize, usize) {
        let before_s = self.cuts.partition_point(|&c| c <= s);
        let before_e = self.cuts.partition_point(|&c| c < e);
        (s + 8 * before_s, e + 8 * before_e)
    }
}

struct DocTokens {
    toks: Vec<Tok>,
    replaced: Option<Replaced>,
}

impl DocTokens {
    fn text<'a>(&'a self, orig: &'a str) -> &'a str {
        match &self.replaced {
            Some(r) => &r.text,
            None => orig,
        }
    }
}

fn tokenize_full(d: &Data, text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    tokenize_into(d, text, false, &mut toks);
    toks
}

/// The tokens of `text` into `toks` (cleared first; its memory is reused); with
/// `sentences_only`, chunks without sentence punctuation are left whole.
fn tokenize_into(d: &Data, text: &str, sentences_only: bool, toks: &mut Vec<Tok>) {
    let mut tz = Tokenizer::new(d, true);
    tz.sentences_only = sentences_only;
    tz.toks = std::mem::take(toks);
    tz.cache = Some(CHUNK_CACHE.with(|c| std::mem::take(&mut *c.borrow_mut())));
    tz.doc(text);
    *toks = std::mem::take(&mut tz.toks);
    if let Some(c) = tz.cache.take() {
        CHUNK_CACHE.with(|slot| *slot.borrow_mut() = c);
    }
    // Matches can only change the tokenization when one lies inside a chunk
    // (its text then equals the special-case string) and the special case
    // splits differently; otherwise the whole pass is a no-op.
    if tz.needs_matcher {
        if sentences_only {
            // A match can run from a chunk kept whole into this one and block a shorter,
            // token-changing match here (`Result: x.Y`: `[":", "x"]` blocks `["x", "."]`):
            // tokenize every chunk.
            return tokenize_into(d, text, false, toks);
        }
        apply_special_matcher(d, text, toks);
    }
}

fn doc_tokens(text: &str) -> DocTokens {
    let d = data();
    let toks = tokenize_full(d, text);
    if contains_is_alpha(text) && toks.iter().any(|t| &text[t.start..t.end] == "IS_ALPHA") {
        let mut cuts = Vec::new();
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(p) = rest.find("IS_ALPHA") {
            out.push_str(&rest[..p]);
            cuts.push(out.len());
            rest = &rest[p + 8..];
        }
        out.push_str(rest);
        let toks = tokenize_full(d, &out);
        return DocTokens {
            toks,
            replaced: Some(Replaced { text: out, cuts }),
        };
    }
    DocTokens {
        toks,
        replaced: None,
    }
}

/// spaCy's `sentencizer` over the tokens; the count of sentences, at least 1.
fn count_sentences(text: &str, toks: &[Tok]) -> usize {
    let d = data();
    let mut sc = SentenceCounter::new();
    for &t in toks {
        sc.step(d, text, t);
    }
    sc.n
}

/// State of spaCy's `sentencizer` rule over a token sequence.
struct SentenceCounter {
    /// Sentences so far (at least 1).
    n: usize,
    /// A sentence punctuation token was seen in the current sentence.
    seen: bool,
}

impl SentenceCounter {
    fn new() -> Self {
        SentenceCounter { n: 1, seen: false }
    }

    /// Feed the next (non-empty) token of `text`.
    #[inline(always)]
    fn step(&mut self, d: &Data, text: &str, t: Tok) {
        let x = text.as_bytes()[t.start];
        let len = t.end - t.start;
        let single = match x {
            0..0x80 => len == 1,
            0xF0.. => len == 4,
            0xE0.. => len == 3,
            _ => len == 2,
        };
        if single && d.flags(char_at(text, t.start)) & SENT != 0 {
            self.seen = true;
        } else if self.seen
            && (t.ws || !text[t.start..t.end].chars().all(|c| d.flags(c) & PCAT != 0))
        {
            // a token that is neither `Token.is_punct` nor a sentence
            // punctuation character starts the next sentence
            self.n += 1;
            self.seen = false;
        }
    }
}

#[cfg(test)]
mod tests;
