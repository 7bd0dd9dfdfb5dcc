//! Exact duplicates: whole-document hashes, CCNet-style line hashes, and the exact Jaccard
//! similarity of two documents' shingle sets.

use xxhash_rust::xxh3::xxh3_64;

use super::shingles::{Normalization, Shingler};
use crate::text::python_unicode::{is_decimal, is_word};

/// xxh3-64 of a document: of its raw UTF-8 bytes, or with `normalize` of its
/// [`Normalization::Words`] form (lower-cased `\w+` words joined by single spaces), so texts
/// differing only in case, punctuation and spacing hash alike.
pub fn text_hash(text: &str, normalize: bool, shingler: &mut Shingler) -> u64 {
    if normalize {
        shingler.load(text, Normalization::Words);
        xxh3_64(shingler.normalized_bytes())
    } else {
        xxh3_64(text.as_bytes())
    }
}

/// Appends one hash per line of `text` (lines split on `\n`, as CCNet does) to `out`: the
/// xxh3-64 of the line normalized like CCNet's `normalize_for_dedup` — lower-cased, every
/// decimal digit replaced by `0`, characters that are neither `\w` nor whitespace removed,
/// whitespace runs collapsed to one space and the ends trimmed. Lines that normalize to the
/// same string (including all empty lines) get the same hash.
pub fn line_hashes(text: &str, line: &mut String, out: &mut Vec<u64>) {
    for raw in text.split('\n') {
        line.clear();
        let mut pending_space = false;
        for c in raw.chars() {
            for c in c.to_lowercase() {
                if c.is_whitespace() {
                    pending_space = !line.is_empty();
                } else if is_word(c) {
                    if pending_space {
                        line.push(' ');
                        pending_space = false;
                    }
                    line.push(if is_decimal(c) { '0' } else { c });
                }
            }
        }
        out.push(xxh3_64(line.as_bytes()));
    }
}

/// The sorted distinct shingle hashes of the loaded document, for exact Jaccard.
pub fn shingle_set(shingler: &Shingler, ngram: usize, out: &mut Vec<u64>) {
    out.clear();
    shingler.shingle_hashes(ngram, out);
    out.sort_unstable();
    out.dedup();
}

/// |A ∩ B| / |A ∪ B| of two sorted distinct hash sets; 1.0 when both are empty.
pub fn jaccard_of_sorted(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hash_normalizes_case_punctuation_and_spacing() {
        let mut s = Shingler::default();
        let a = text_hash("Hello,  World!\n", true, &mut s);
        assert_eq!(a, text_hash("hello world", true, &mut s));
        assert_eq!(a, xxh3_64(b"hello world"));
        assert_ne!(text_hash("Hello, World!", false, &mut s), text_hash("hello world", false, &mut s));
        assert_eq!(text_hash("abc", false, &mut s), xxh3_64(b"abc"));
    }

    #[test]
    fn line_hashes_follow_ccnet_normalization() {
        let (mut line, mut out) = (String::new(), Vec::new());
        line_hashes("Call 555-1234 NOW!\n  CALL 999-0000   now \n\nthe end", &mut line, &mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0], out[1]);
        assert_eq!(out[0], xxh3_64(b"call 0000000 now"));
        assert_eq!(out[2], xxh3_64(b""));
        assert_eq!(out[3], xxh3_64(b"the end"));
    }

    #[test]
    fn exact_jaccard_of_shingle_sets() {
        let mut s = Shingler::default();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        s.load("a b c d e f g", Normalization::Words);
        shingle_set(&s, 5, &mut a);
        s.load("a b c d e f x", Normalization::Words);
        shingle_set(&s, 5, &mut b);
        // {abcde, bcdef, cdefg} vs {abcde, bcdef, cdefx}: 2 / 4.
        assert_eq!(jaccard_of_sorted(&a, &b), 0.5);
        assert_eq!(jaccard_of_sorted(&a, &a), 1.0);
        assert_eq!(jaccard_of_sorted(&[], &[]), 1.0);
        assert_eq!(jaccard_of_sorted(&a, &[]), 0.0);
    }
}
