//! RedPajama-V2's text normalization (`utilities/text/normalization.py`, `normalize`).
//!
//! In the reference's order: delete the 32 ASCII punctuation characters of Python's
//! `string.punctuation`, lower-case (full Unicode mapping with final sigma), strip and
//! collapse every run of Python whitespace to one space, then Unicode NFD. Non-ASCII
//! punctuation (`“ – …`) is kept; `é` becomes two code points.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfd_quick};

use super::python_unicode::is_space;

/// Appends `normalize(text)` to `out`, returning the number of code points appended.
///
/// `scratch` is a reusable buffer for the non-ASCII path.
pub fn normalize_into(text: &str, out: &mut String, scratch: &mut String) -> usize {
    if text.is_ascii() {
        return normalize_ascii(text.as_bytes(), out);
    }
    scratch.clear();
    let has_capital_sigma = text.contains('Σ');
    let mut pending_space = false;
    if has_capital_sigma {
        // Final-sigma lowering needs the neighbours after punctuation deletion.
        let without_punct: String = text.chars().filter(|c| !c.is_ascii_punctuation()).collect();
        push_collapsed(without_punct.to_lowercase().chars(), scratch, &mut pending_space);
    } else {
        let lowered = text
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .flat_map(char::to_lowercase);
        push_collapsed(lowered, scratch, &mut pending_space);
    }
    if is_nfd_quick(scratch.chars()) == IsNormalized::Yes {
        out.push_str(scratch);
        return scratch.chars().count();
    }
    let mut n = 0;
    for c in scratch.nfd() {
        out.push(c);
        n += 1;
    }
    n
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

fn normalize_ascii(bytes: &[u8], out: &mut String) -> usize {
    let start = out.len();
    out.reserve(bytes.len());
    let mut pending_space = false;
    for &b in bytes {
        match ASCII_CLASS[usize::from(b)] {
            KEEP => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(char::from(b.to_ascii_lowercase()));
            }
            SPACE => pending_space = out.len() > start,
            _ => {}
        }
    }
    out.len() - start
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
        } else if matches!(c, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f) {
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
    fn returns_code_point_counts() {
        let mut out = String::new();
        assert_eq!(normalize_into("Café!", &mut out, &mut String::new()), 5);
        assert_eq!(normalize_into(" A-B ", &mut out, &mut String::new()), 2);
        assert_eq!(out, "cafe\u{301}ab");
    }
}
