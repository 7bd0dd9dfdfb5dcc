//! RedPajama-V2's text normalization (`utilities/text/normalization.py`, `normalize`).
//!
//! In the reference's order: delete the 32 ASCII punctuation characters of Python's
//! `string.punctuation`, lower-case (full Unicode mapping with final sigma), strip and
//! collapse every run of Python whitespace to one space, then Unicode NFD. Non-ASCII
//! punctuation (`“ – …`) is kept; `é` becomes two code points.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfd_quick};

use super::python_unicode::{is_ascii_space, is_space};

/// Appends `normalize(text)` to `out`, returning the number of code points appended.
///
/// `scratch` is a reusable buffer for the non-ASCII path.
pub fn normalize_into(text: &str, out: &mut String, scratch: &mut String) -> usize {
    if text.is_ascii() {
        return normalize_ascii(text.as_bytes(), out, |_, _| {});
    }
    scratch.clear();
    let chars = if text.contains('Σ') {
        // Final-sigma lowering needs the neighbours after punctuation deletion.
        let without_punct: String = text.chars().filter(|c| !c.is_ascii_punctuation()).collect();
        let mut pending_space = false;
        push_collapsed(without_punct.to_lowercase().chars(), scratch, &mut pending_space);
        scratch.chars().count()
    } else {
        lower_collapse_mixed(text, scratch)
    };
    // ASCII characters are NFD-stable starters, so a text whose other characters pass
    // the quick check in sequence passes it as a whole.
    if is_nfd_quick(scratch.chars().filter(|c| !c.is_ascii())) == IsNormalized::Yes {
        out.push_str(scratch);
        return chars;
    }
    let mut n = 0;
    for c in scratch.nfd() {
        out.push(c);
        n += 1;
    }
    n
}

/// Punctuation deletion, lower-casing and whitespace collapsing of a text without `Σ`
/// into `dst` (empty on entry), ASCII characters by table; returns the code points written.
fn lower_collapse_mixed(text: &str, dst: &mut String) -> usize {
    let mut pending_space = false;
    let mut chars = 0;
    let mut emit = |c: char, dst: &mut String, pending_space: &mut bool| {
        if *pending_space {
            dst.push(' ');
            chars += 1;
            *pending_space = false;
        }
        dst.push(c);
        chars += 1;
    };
    for c in text.chars() {
        if c.is_ascii() {
            match ASCII_CLASS[c as usize] {
                KEEP => emit(c.to_ascii_lowercase(), dst, &mut pending_space),
                SPACE => pending_space = !dst.is_empty(),
                _ => {}
            }
        } else if is_space(c) {
            pending_space = !dst.is_empty();
        } else {
            for lower in c.to_lowercase() {
                emit(lower, dst, &mut pending_space);
            }
        }
    }
    chars
}

fn push_collapsed(chars: impl Iterator<Item = char>, dst: &mut String, pending_space: &mut bool) {
    for c in chars {
        if is_space(c) {
            *pending_space = !dst.is_empty();
        } else {
            if *pending_space {
                dst.push(' ');
                *pending_space = false;
            }
            dst.push(c);
        }
    }
}

/// [`normalize_into`] of an ASCII text, in one pass; `on_word` gets the byte range in `out`
/// of each word of the result (its runs between single spaces).
fn normalize_ascii(bytes: &[u8], out: &mut String, mut on_word: impl FnMut(u32, u32)) -> usize {
    let start = out.len();
    out.reserve(bytes.len());
    let mut word_start = start;
    let mut pending_space = false;
    for &b in bytes {
        match ASCII_CLASS[usize::from(b)] {
            KEEP => {
                if pending_space {
                    on_word(word_start as u32, out.len() as u32);
                    out.push(' ');
                    word_start = out.len();
                    pending_space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            SPACE => pending_space = out.len() > start,
            _ => {}
        }
    }
    if out.len() > start {
        on_word(word_start as u32, out.len() as u32);
    }
    out.len() - start
}

/// [`normalize_into`], also appending the byte range in `out` of each word of the
/// result (its runs between single spaces) to `words`. Returns the code points appended.
pub fn normalize_words_into(text: &str, out: &mut String, scratch: &mut String, words: &mut Vec<(u32, u32)>) -> usize {
    if text.is_ascii() {
        return normalize_ascii(text.as_bytes(), out, |a, b| words.push((a, b)));
    }
    let start = out.len();
    let chars = normalize_into(text, out, scratch);
    let mut offset = start;
    for word in out[start..].split(' ') {
        if !word.is_empty() {
            words.push((offset as u32, (offset + word.len()) as u32));
        }
        offset += word.len() + 1;
    }
    chars
}

const KEEP: u8 = 0;
const SPACE: u8 = 1;
const DELETE: u8 = 2;

/// What normalization does with each ASCII byte: delete punctuation, collapse
/// whitespace (Python's, including U+001C..U+001F), keep (lower-cased) the rest.
static ASCII_CLASS: [u8; 128] = {
    let mut class = [KEEP; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_punctuation() {
            class[b] = DELETE;
        } else if is_ascii_space(c) {
            class[b] = SPACE;
        }
        b += 1;
    }
    class
};

/// `normalize(text)` as a new string.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out, &mut String::new());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::random_pieces;

    #[test]
    fn matches_the_reference_normalization() {
        // Values from RedPajama-V2's `normalize` under CPython 3.11.
        assert_eq!(
            normalize("The U.S. state-of-the-art Café; THE end... \n\n• item one\n– item two\n"),
            "the us stateoftheart cafe\u{301} the end • item one – item two"
        );
        assert_eq!(normalize("  ..  "), "");
        assert_eq!(normalize("ΟΔΟΣ."), "οδος");
        assert_eq!(normalize("a\x1cb\u{3000}c"), "a b c");
        assert_eq!(normalize("İ"), "i\u{307}");
        assert_eq!(normalize("Lorem, ipsum!"), "lorem ipsum");
    }

    #[test]
    fn ascii_words_are_the_split_of_the_normalized_text() {
        for text in ["", "  ..  ", "The U.S. state-of-the-art; END...", " a\tb\x1c c. ", "x", "!!x!! y"] {
            let mut out = String::from("prefix ");
            let mut words = Vec::new();
            let n = normalize_words_into(text, &mut out, &mut String::new(), &mut words);
            let expected = normalize(text);
            assert_eq!(&out[7..], expected, "{text:?}");
            assert_eq!(n, expected.len());
            let split: Vec<&str> = expected.split(' ').filter(|w| !w.is_empty()).collect();
            let got: Vec<&str> = words.iter().map(|&(a, b)| &out[a as usize..b as usize]).collect();
            assert_eq!(got, split, "{text:?}");
        }
    }

    /// `normalize` spelled out: delete ASCII punctuation, lower-case the whole string,
    /// collapse Python whitespace, NFD.
    fn by_definition(text: &str) -> String {
        let lowered = text.chars().filter(|c| !c.is_ascii_punctuation()).collect::<String>().to_lowercase();
        let collapsed: Vec<&str> = lowered.split(is_space).filter(|w| !w.is_empty()).collect();
        collapsed.join(" ").nfd().collect()
    }

    #[test]
    fn mixed_texts_equal_the_definition() {
        let pieces = [
            "A", "b", " ", "\t", ".", "É", "e\u{301}", "\u{301}", "\u{327}", "ΟΔΟΣ", "Σ", "İ", "ß", "\u{3000}", "\x1c",
            "—", "’", "日本", "ǅ", "\u{212A}", "Ⅻ", "x\u{323}\u{307}", "\u{307}\u{323}",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for len in 0..600 {
            let text = random_pieces(&pieces, len % 25, &mut state).concat();
            let expected = by_definition(&text);
            let mut out = String::new();
            let n = normalize_into(&text, &mut out, &mut String::new());
            assert_eq!(out, expected, "{text:?}");
            assert_eq!(n, expected.chars().count(), "{text:?}");
            let (mut with_words, mut words) = (String::new(), Vec::new());
            normalize_words_into(&text, &mut with_words, &mut String::new(), &mut words);
            let got: Vec<&str> = words.iter().map(|&(a, b)| &with_words[a as usize..b as usize]).collect();
            assert_eq!(got, expected.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn returns_code_point_counts() {
        let mut out = String::new();
        assert_eq!(normalize_into("Café!", &mut out, &mut String::new()), 5);
        assert_eq!(normalize_into(" A-B ", &mut out, &mut String::new()), 2);
        assert_eq!(out, "cafe\u{301}ab");
    }
}
