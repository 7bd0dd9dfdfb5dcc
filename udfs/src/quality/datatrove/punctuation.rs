//! datatrove's punctuation character sets (`datatrove/utils/text.py`, datatrove 0.10.1).
//!
//! Source: huggingface/datatrove, `src/datatrove/utils/text.py` (`PUNCTUATION`,
//! `TERMINAL_PUNCTUATION`, `PUNCTUATION_SET`), Apache License 2.0. Only the character
//! sets are transcribed (mechanically, by `generate.py`, into `punctuation_tables.rs`), sorted
//! by code point.
//!
//! * `PUNCTUATION`: the 32 ASCII punctuation characters, `« ´ » – — ’ “ ” „ … ∶ ━ ► 、 。 〈 〉
//!   《 》 「 」 【 】 ！ ％ （ ） ， ． １ ： ； ？ ～` (note the full-width digit `１`) and the
//!   control characters U+0000–0008, U+000B–001F, U+007F–009F (not `\t`, `\n`, space).
//! * `TERMINAL_PUNCTUATION`: 159 sentence-final marks of many scripts (`.` `?` `!`, CJK and
//!   Indic full stops, …); ASCII quotes are not included. Used by `FineWebQualityFilter`.
//! * `PUNCTUATION_SET` = `set(PUNCTUATION) ∪ TERMINAL_PUNCTUATION` (281 characters). Used by
//!   `GopherQualityFilter` to tell "symbol" tokens (all characters in the set) from words.

pub use super::punctuation_tables::{PUNCTUATION_CHARS, PUNCTUATION_SET, TERMINAL_PUNCTUATION};

const fn ascii_mask(set: &[char]) -> u128 {
    let mut m = 0u128;
    let mut i = 0;
    while i < set.len() {
        let cp = set[i] as u32;
        if cp < 128 {
            m |= 1u128 << cp;
        }
        i += 1;
    }
    m
}

pub(super) const PUNCT_SET_ASCII: u128 = ascii_mask(&PUNCTUATION_SET);
static TERMINAL_ASCII: u128 = ascii_mask(&TERMINAL_PUNCTUATION);

/// `c in PUNCTUATION_SET`.
#[inline]
pub fn in_punctuation_set(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        (PUNCT_SET_ASCII >> cp) & 1 == 1
    } else {
        PUNCTUATION_SET.binary_search(&c).is_ok()
    }
}

/// `c in TERMINAL_PUNCTUATION`.
#[inline]
pub fn is_terminal_punctuation(c: char) -> bool {
    let cp = c as u32;
    if cp < 128 {
        (TERMINAL_ASCII >> cp) & 1 == 1
    } else {
        TERMINAL_PUNCTUATION.binary_search(&c).is_ok()
    }
}

/// Gopher's "non-symbol word": at least one character outside `PUNCTUATION_SET`
/// (`any(ch not in PUNCTUATION_SET for ch in w)`).
#[inline]
pub fn is_non_symbol_word(w: &str) -> bool {
    w.chars().any(|c| !in_punctuation_set(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_are_sorted_and_sized() {
        assert_eq!(PUNCTUATION_CHARS.len(), 129);
        assert_eq!(TERMINAL_PUNCTUATION.len(), 159);
        assert_eq!(PUNCTUATION_SET.len(), 281);
        for s in [
            &PUNCTUATION_CHARS[..],
            &TERMINAL_PUNCTUATION[..],
            &PUNCTUATION_SET[..],
        ] {
            assert!(s.windows(2).all(|w| w[0] < w[1]));
        }
        for c in PUNCTUATION_CHARS.iter().chain(TERMINAL_PUNCTUATION.iter()) {
            assert!(PUNCTUATION_SET.binary_search(c).is_ok());
        }
    }

    #[test]
    fn membership() {
        for c in [
            '.',
            '!',
            '?',
            '#',
            '\u{0}',
            '\r',
            '\u{7f}',
            '\u{9f}',
            '…',
            '１',
            '。',
            '\u{1da88}',
        ] {
            assert!(in_punctuation_set(c), "{c:?}");
        }
        for c in ['a', '1', ' ', '\t', '\n', '\u{a0}', '¿', '2'] {
            assert!(!in_punctuation_set(c), "{c:?}");
        }
        assert!(
            is_terminal_punctuation('.')
                && is_terminal_punctuation('。')
                && is_terminal_punctuation('।')
        );
        assert!(
            !is_terminal_punctuation('"')
                && !is_terminal_punctuation('\'')
                && !is_terminal_punctuation('…')
        );
        assert!(
            is_non_symbol_word("U.S.") && !is_non_symbol_word("...") && !is_non_symbol_word("—")
        );
    }
}
