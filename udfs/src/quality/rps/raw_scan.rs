//! The RedPajama-V2 signals of the raw text, in one pass over its bytes: the counts
//! over NLTK's word-punct tokens (stop words, all-caps tokens, tokens with an ASCII
//! letter), the symbols (`#`, `...`, `…`), the curly brackets and the sentences
//! ([`count_sentences`] alone counts only the sentences).
//!
//! Equal by construction to running [`word_punct_tokens`](crate::text::word_punct)
//! and the separate counts (a test compares them on hostile texts); ASCII bytes are
//! classified by a table, other characters by the Unicode tables.

use super::wordlists::WordSet;
use crate::text::python_unicode::{is_lower, is_regex_space, is_regex_word, is_title, is_upper, is_word};

/// Counts of one text's raw-text signals.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RawCounts {
    /// Word-punct tokens.
    pub tokens: usize,
    /// Tokens in the stop-word list.
    pub stop_words: usize,
    /// Tokens for which Python's `str.isupper()` holds.
    pub all_caps: usize,
    /// Tokens containing an ASCII letter.
    pub with_ascii_letter: usize,
    /// `text.count('#') + text.count('...') + text.count('…')`.
    pub symbols: usize,
    /// `{` and `}` characters.
    pub curly_brackets: usize,
    /// Matches of Python's `\b[^.!?]+[.!?]*` (see [`count_sentences`]).
    pub sentences: usize,
}

/// Token kind of a character: word-punct's `\w` run, `[^\w\s]` run, or whitespace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
    Space,
}

/// Per ASCII byte: token kind, and bit flags.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const PY_WORD: u8 = 4;
/// Set for a character outside ASCII (its letters do not count as ASCII letters).
const NON_ASCII: u8 = 8;

static ASCII: [(Kind, u8); 128] = {
    let mut t = [(Kind::Punct, 0u8); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            (Kind::Word, UPPER | PY_WORD)
        } else if c.is_ascii_lowercase() {
            (Kind::Word, LOWER | PY_WORD)
        } else if c.is_ascii_digit() || c == b'_' {
            (Kind::Word, PY_WORD)
        } else if matches!(c, b' ' | b'\t'..=b'\r') {
            (Kind::Space, 0)
        } else {
            (Kind::Punct, 0)
        };
        b += 1;
    }
    t
};

/// The token being scanned.
struct Token {
    start: usize,
    kind: Kind,
    cased: bool,
    not_upper: bool,
    ascii_letter: bool,
}

/// The scan of [`count_sentences`], fed one character (or a run of characters of one
/// class) at a time.
#[derive(Default)]
struct Sentences {
    count: usize,
    /// Inside a match, and after its run of terminal marks.
    in_sentence: bool,
    after_terminal: bool,
}

impl Sentences {
    #[inline]
    fn step(&mut self, terminal: bool, word: bool) {
        if self.in_sentence {
            if terminal {
                self.after_terminal = true;
            } else if self.after_terminal {
                self.in_sentence = false;
                self.after_terminal = false;
            }
        }
        if !self.in_sentence && word {
            self.count += 1;
            self.in_sentence = true;
        }
    }
}

/// Number of matches of Python's `\b[^.!?]+[.!?]*` (Unicode `\b`) in `text`.
///
/// After a match the scan stands after a run of `.!?` (or at the end), so the
/// next match starts at the next word character: the count is the number of
/// `[.!?]`-terminated segments that contain a word character.
pub fn count_sentences(text: &str) -> usize {
    let mut sentences = Sentences::default();
    for c in text.chars() {
        sentences.step(matches!(c, '.' | '!' | '?'), is_word(c));
    }
    sentences.count
}

/// Scans `text` once; `stop_words` = `None` counts no stop words.
pub fn raw_counts(text: &str, stop_words: Option<&WordSet>) -> RawCounts {
    let bytes = text.as_bytes();
    let mut counts = RawCounts::default();
    let mut token = Token { start: 0, kind: Kind::Space, cased: false, not_upper: false, ascii_letter: false };
    let finish = |token: &Token, end: usize, counts: &mut RawCounts| {
        if token.kind == Kind::Space {
            return;
        }
        counts.tokens += 1;
        if let Some(words) = stop_words {
            counts.stop_words += usize::from(words.contains(&text[token.start..end]));
        }
        counts.all_caps += usize::from(token.cased && !token.not_upper);
        counts.with_ascii_letter += usize::from(token.ascii_letter);
    };
    let mut sentences = Sentences::default();
    let mut dots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let (kind, flags, terminal) = if b < 0x80 {
            let (kind, flags) = ASCII[usize::from(b)];
            if kind == Kind::Punct {
                i += 1;
                match b {
                    b'.' => dots += 1,
                    _ => {
                        counts.symbols += dots / 3;
                        dots = 0;
                        counts.symbols += usize::from(b == b'#');
                        counts.curly_brackets += usize::from(b == b'{' || b == b'}');
                    }
                }
                (kind, flags, matches!(b, b'.' | b'!' | b'?'))
            } else {
                // A run of ASCII word characters, or of ASCII whitespace: one step of
                // the token and sentence state for the whole run.
                counts.symbols += dots / 3;
                dots = 0;
                let mut run_flags = flags;
                i += 1;
                while let Some(&next) = bytes.get(i) {
                    if next >= 0x80 || ASCII[usize::from(next)].0 != kind {
                        break;
                    }
                    let next_flags = ASCII[usize::from(next)].1;
                    run_flags |= next_flags;
                    i += 1;
                }
                (kind, run_flags, false)
            }
        } else {
            counts.symbols += dots / 3;
            dots = 0;
            let c = text[i..].chars().next().expect("a character starts at a char boundary");
            i += c.len_utf8();
            counts.symbols += usize::from(c == '…');
            let kind = if is_regex_word(c) {
                Kind::Word
            } else if is_regex_space(c) {
                Kind::Space
            } else {
                Kind::Punct
            };
            let mut flags = NON_ASCII;
            if is_upper(c) {
                flags |= UPPER;
            }
            if is_lower(c) || is_title(c) {
                flags |= LOWER;
            }
            if is_word(c) {
                flags |= PY_WORD;
            }
            (kind, flags, false)
        };
        if kind != token.kind {
            finish(&token, start, &mut counts);
            token = Token { start, kind, cased: false, not_upper: false, ascii_letter: false };
        }
        token.cased |= flags & UPPER != 0;
        token.not_upper |= flags & LOWER != 0;
        token.ascii_letter |= flags & NON_ASCII == 0 && flags & (UPPER | LOWER) != 0;
        sentences.step(terminal, flags & PY_WORD != 0);
    }
    finish(&token, bytes.len(), &mut counts);
    counts.sentences = sentences.count;
    counts.symbols += dots / 3;
    counts
}

#[cfg(test)]
mod tests {
    use super::super::wordlists::lang_lists;
    use super::*;
    use crate::text::python_unicode::str_is_upper;
    use crate::text::random_pieces;
    use crate::text::word_punct::word_punct_tokens;

    /// The counts from their definitions: the tokenizer, then one test per token.
    fn by_definition(text: &str, stop_words: &WordSet) -> RawCounts {
        let tokens: Vec<&str> = word_punct_tokens(text).collect();
        RawCounts {
            tokens: tokens.len(),
            stop_words: tokens.iter().filter(|t| stop_words.contains(t)).count(),
            all_caps: tokens.iter().filter(|t| str_is_upper(t)).count(),
            with_ascii_letter: tokens.iter().filter(|t| t.bytes().any(|b| b.is_ascii_alphabetic())).count(),
            symbols: text.matches('#').count() + text.matches("...").count() + text.matches('…').count(),
            curly_brackets: text.bytes().filter(|&b| b == b'{' || b == b'}').count(),
            sentences: count_sentences(text),
        }
    }

    #[test]
    fn equals_the_tokenizer_and_separate_counts() {
        let stop_words = lang_lists("en").stop_words.as_ref().unwrap();
        let pieces = [
            "The", "the", "U.S.", "...", "....", "…", "#", "{x}", " ", "\n", "\u{3000}", "Ⓐ", "ǅ", "İ", "²",
            "e\u{301}", "ΟΔΟΣ", "x_1", "and", "AND", "!?", ".", "\x1c", "日本", "😀", "\u{200d}", "-", "I'm",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for len in 0..400 {
            let text = random_pieces(&pieces, len % 40, &mut state).concat();
            assert_eq!(raw_counts(&text, Some(stop_words)), by_definition(&text, stop_words), "{text:?}");
        }
    }

    #[test]
    fn without_stop_words_counts_none() {
        let counts = raw_counts("the THE. And...", None);
        assert_eq!((counts.tokens, counts.stop_words, counts.all_caps, counts.symbols, counts.sentences), (5, 0, 1, 1, 2));
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
