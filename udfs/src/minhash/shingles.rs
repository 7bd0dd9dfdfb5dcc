//! Shingling: a document's normalized words, the word n-grams over them, and one 64-bit
//! xxh3 hash per n-gram.
//!
//! Two normalizations are offered:
//! - [`Normalization::Words`] (the default): Python's `re.findall(r"\w+", text.lower())`, the
//!   shingling of datasketch-style pipelines and of the peer benchmark's exact ground truth.
//!   Words are maximal runs of CPython 3.11 `\w` characters (`str.isalnum()` or `_`) in the
//!   lower-cased text.
//! - [`Normalization::Datatrove`]: datatrove 0.10.1's MinHash shingling: `simplify_text`
//!   (lower-case, numbers to `0`, datatrove's punctuation to spaces, whitespace collapsed,
//!   NFD without non-spacing marks), then its English spaCy word tokenizer.
//!
//! A shingle is `n` consecutive words joined by single spaces, hashed as UTF-8 bytes, so a
//! shingle's hash equals `xxh3_64(" ".join(words[i:i+n]).encode())` in Python. A document
//! with fewer than `n` words gives one shingle of all its words; one without words gives none.

use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::xxh3_64;

use crate::text::python_unicode::{is_nonspacing_mark, is_regex_decimal, is_space, is_word};
use crate::text::spacy_en;

/// How a document's text becomes the words that shingles are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Normalization {
    /// `\w+` runs of the lower-cased text (Python `re` semantics).
    #[default]
    Words,
    /// datatrove's `simplify_text` and English spaCy tokenizer.
    Datatrove,
}

impl Normalization {
    /// All normalizations, by SQL name.
    pub const ALL: [(&'static str, Normalization); 2] =
        [("words", Normalization::Words), ("datatrove", Normalization::Datatrove)];

    /// The normalization called `name` in SQL.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

/// For each ASCII byte: its lower-case form if it is a `\w` character, else 0.
static ASCII_WORD_LOWER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || c == b'_' { c.to_ascii_lowercase() } else { 0 };
        b += 1;
    }
    table
};

/// A document's words, normalized and joined by single spaces, with reusable buffers so a
/// batch of documents allocates once.
#[derive(Debug, Default)]
pub struct Shingler {
    joined: String,
    bounds: Vec<(u32, u32)>,
    simplified: String,
}

impl Shingler {
    /// Normalizes `text` into words; returns how many there are.
    pub fn load(&mut self, text: &str, normalization: Normalization) -> usize {
        self.joined.clear();
        self.bounds.clear();
        match normalization {
            Normalization::Words => self.load_words(text),
            Normalization::Datatrove => {
                let mut simplified = std::mem::take(&mut self.simplified);
                simplify_text(text, &mut simplified);
                for word in spacy_en::words(&simplified) {
                    self.push_word(word);
                }
                self.simplified = simplified;
            }
        }
        self.bounds.len()
    }

    fn push_word(&mut self, word: &str) {
        if !self.joined.is_empty() {
            self.joined.push(' ');
        }
        let start = self.joined.len() as u32;
        self.joined.push_str(word);
        self.bounds.push((start, self.joined.len() as u32));
    }

    fn load_words(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // SAFETY-free byte building: only whole UTF-8 sequences are pushed, via `push`/`push_str`.
        let out = &mut self.joined;
        let bounds = &mut self.bounds;
        let mut word_start: Option<u32> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let lower = ASCII_WORD_LOWER[b as usize];
                if lower != 0 {
                    if word_start.is_none() {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        word_start = Some(out.len() as u32);
                    }
                    out.push(lower as char);
                } else if let Some(start) = word_start.take() {
                    bounds.push((start, out.len() as u32));
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("index is on a char boundary");
            i += c.len_utf8();
            for lower in c.to_lowercase() {
                if is_word(lower) {
                    if word_start.is_none() {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        word_start = Some(out.len() as u32);
                    }
                    out.push(lower);
                } else if let Some(start) = word_start.take() {
                    bounds.push((start, out.len() as u32));
                }
            }
        }
        if let Some(start) = word_start {
            bounds.push((start, out.len() as u32));
        }
    }

    /// The loaded words joined by single spaces (the normalized text).
    pub fn normalized(&self) -> &str {
        &self.joined
    }

    /// Number of shingles of `n` words (`n` ≥ 1): one per window, one if there are
    /// fewer than `n` words, none without words.
    pub fn shingle_count(&self, n: usize) -> usize {
        let words = self.bounds.len();
        if words == 0 {
            0
        } else if words < n {
            1
        } else {
            words - n + 1
        }
    }

    /// Calls `f` with the UTF-8 bytes of each shingle of `n` words, in document order.
    pub fn for_each_shingle(&self, n: usize, mut f: impl FnMut(&[u8])) {
        let bytes = self.joined.as_bytes();
        let count = self.shingle_count(n);
        let span = n.min(self.bounds.len());
        for i in 0..count {
            let start = self.bounds[i].0 as usize;
            let end = self.bounds[i + span - 1].1 as usize;
            f(&bytes[start..end]);
        }
    }

    /// Appends the xxh3-64 hash of each shingle of `n` words to `out`.
    pub fn shingle_hashes(&self, n: usize, out: &mut Vec<u64>) {
        out.reserve(self.shingle_count(n));
        self.for_each_shingle(n, |s| out.push(xxh3_64(s)));
    }
}

/// datatrove 0.10.1's `PUNCTUATION`: characters `simplify_text` turns into spaces (besides
/// the control characters U+0000..U+0008, U+000B..U+001F and U+007F..U+009F).
const DATATROVE_PUNCTUATION: &str =
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»";

fn is_datatrove_punctuation(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}') || DATATROVE_PUNCTUATION.contains(c)
}

const NUMBER_SEPARATORS: [char; 7] = ['.', ',', '،', '٫', '⎖', '⎗', '⎘'];

/// datatrove's `simplify_text` with its default `TextNormConfig`, into `out`.
pub fn simplify_text(text: &str, out: &mut String) {
    out.clear();
    let lower = text.to_lowercase();
    // NUMBERS_PATTERN = \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)? → "0", then punctuation → " ".
    let mut replaced = String::with_capacity(lower.len());
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_regex_decimal(c) {
            while i < chars.len() && is_regex_decimal(chars[i]) {
                i += 1;
            }
            if i + 1 < chars.len() && NUMBER_SEPARATORS.contains(&chars[i]) && is_regex_decimal(chars[i + 1]) {
                i += 1;
                while i < chars.len() && is_regex_decimal(chars[i]) {
                    i += 1;
                }
            }
            replaced.push('0');
            continue;
        }
        replaced.push(if is_datatrove_punctuation(c) { ' ' } else { c });
        i += 1;
    }
    // WHITESPACE_PATTERN.sub(" ", text.strip()), NFD without Mn, strip().
    let mut collapsed = String::with_capacity(replaced.len());
    for word in crate::text::python_unicode::split_whitespace(&replaced) {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    out.extend(collapsed.nfd().filter(|c| !is_nonspacing_mark(*c)));
    let trimmed_end = out.trim_end_matches(is_space).len();
    out.truncate(trimmed_end);
    let leading = out.len() - out.trim_start_matches(is_space).len();
    out.drain(..leading);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, normalization: Normalization) -> String {
        let mut s = Shingler::default();
        s.load(text, normalization);
        s.normalized().to_string()
    }

    fn shingles(text: &str, n: usize) -> Vec<String> {
        let mut s = Shingler::default();
        s.load(text, Normalization::Words);
        let mut out = Vec::new();
        s.for_each_shingle(n, |b| out.push(String::from_utf8(b.to_vec()).unwrap()));
        out
    }

    #[test]
    fn words_are_python_w_runs_of_lowercased_text() {
        assert_eq!(words("Hello, World! foo_bar 42x", Normalization::Words), "hello world foo_bar 42x");
        assert_eq!(words("Ünïcode ÀB ²½ über-cool", Normalization::Words), "ünïcode àb ²½ über cool");
        // 'İ'.lower() == 'i̇' and U+0307 is not \w, so the word splits as in Python.
        assert_eq!(words("İstanbul", Normalization::Words), "i stanbul");
        assert_eq!(words("  ...  ", Normalization::Words), "");
        assert_eq!(words("", Normalization::Words), "");
    }

    #[test]
    fn shingles_are_word_windows_or_one_short_shingle() {
        assert_eq!(shingles("a b c d e f", 5), ["a b c d e", "b c d e f"]);
        assert_eq!(shingles("A, b!", 5), ["a b"]);
        assert_eq!(shingles("one", 5), ["one"]);
        assert!(shingles("!!", 5).is_empty());
        assert_eq!(shingles("x y z", 1), ["x", "y", "z"]);
    }

    #[test]
    fn shingle_hash_is_xxh3_of_the_joined_words() {
        let mut s = Shingler::default();
        s.load("The quick brown fox jumps over", Normalization::Words);
        let mut hashes = Vec::new();
        s.shingle_hashes(5, &mut hashes);
        assert_eq!(hashes, [xxh3_64(b"the quick brown fox jumps"), xxh3_64(b"quick brown fox jumps over")]);
    }

    #[test]
    fn simplify_text_matches_datatrove() {
        // Values from datatrove 0.10.1 simplify_text.
        let mut out = String::new();
        simplify_text("  Hello,   WORLD!\tPrice: 3.50 € on 12/05  café — naïve ", &mut out);
        assert_eq!(out, "hello world price 0 € on 0 0 cafe naive");
        simplify_text("1,000,000 and ١٢٣ items", &mut out);
        assert_eq!(out, "0 0 and 0 items");
        assert_eq!(words("Hello, World! It's 2024.", Normalization::Datatrove), "hello world it s 0");
    }
}
