//! Pure-Rust kernels of datatrove's heuristic quality filters, matching
//! **datatrove 0.10.1** defaults, rule order, reason strings and statistics:
//!
//! * [`gopher_quality`] — `GopherQualityFilter`
//! * [`gopher_repetition`] — `GopherRepetitionFilter`
//! * [`c4_quality`] — `C4QualityFilter` (filter and rewriter: returns the kept text)
//! * [`fineweb_quality`] — `FineWebQualityFilter`
//! * [`punctuation`] — datatrove's `PUNCTUATION_SET` and `TERMINAL_PUNCTUATION`
//!
//! Each kernel takes the document text plus, where datatrove tokenizes, the already
//! tokenized words (`split_into_words(text, "eng")` = spaCy `blank("en")` tokens, stripped,
//! whitespace-only tokens dropped) and, for C4, a sentence-count callback
//! (`len(split_into_sentences(line, "eng"))`). The tokenizer is not part of this module.
//! The kernels compute the statistics the reference oracle (`tools/oracle_datatrove.py`)
//! reports, with the oracle's names; `pass`/`reason` are datatrove's verdict (first failing
//! rule in datatrove's order). Gopher repetition and FineWeb stop at that rule as datatrove
//! does (statistics only later rules need are `None`) unless their config sets `all_stats`.
//!
//! Character counts are Unicode code points (Python `len`), and Python's `splitlines()`,
//! `split()`, `strip()`, `isalpha()` and `re` `\d` are reproduced exactly by
//! [`crate::text::python_unicode`] (CPython 3.11, Unicode 14.0).
//!
//! NOTICE: the rules, thresholds, reason strings and character sets follow datatrove
//! (<https://github.com/huggingface/datatrove>, version 0.10.1; authors HuggingFace Inc.
//! and MacroData Inc.), licensed under the Apache License, Version 2.0. No datatrove code
//! is copied; the punctuation character sets (`PUNCTUATION`, `TERMINAL_PUNCTUATION`) were
//! transcribed mechanically from `datatrove/utils/text.py` by `generate.py` into
//! `punctuation_tables.rs`.

pub mod c4_quality;
pub mod fineweb_quality;
pub mod gopher_quality;
pub mod gopher_repetition;
pub mod punctuation;
#[rustfmt::skip]
mod punctuation_tables;

use std::collections::HashSet;

use crate::text::python_unicode::char_len;

/// A set of borrowed strings with a fast fixed hasher.
type FastSet<'a> = HashSet<&'a str, foldhash::fast::FixedState>;

/// datatrove's `find_duplicates` over `items`: (items, items equal to an earlier one, code
/// points of those). `set` is cleared first (its memory is reused).
fn find_duplicates<'a>(items: impl Iterator<Item = &'a str>, set: &mut FastSet<'a>) -> (usize, usize, usize) {
    set.clear();
    let (mut n, mut dup, mut chars) = (0usize, 0usize, 0usize);
    for it in items {
        n += 1;
        if !set.insert(it) {
            dup += 1;
            chars += char_len(it);
        }
    }
    (n, dup, chars)
}

pub use c4_quality::{
    C4LineCounters, C4QualityConfig, C4QualityResult, c4_quality, c4_quality_segments,
};
pub use fineweb_quality::{FineWebQualityConfig, FineWebQualityResult, fineweb_quality};
pub use gopher_quality::{GopherQualityConfig, GopherQualityResult, gopher_quality};
pub use gopher_repetition::{
    DupNGram, GopherRepetitionConfig, GopherRepetitionResult, TopNGram, gopher_repetition,
};
