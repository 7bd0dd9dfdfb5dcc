//! datatrove's English words of a batch's texts, tokenized once for every word-based
//! filter of a query.
//!
//! `SELECT gopher_quality(text), gopher_repetition(text), fineweb_quality(text) ...`
//! evaluates the three filters on the same `text` array of a batch, one after the other
//! on one thread. Each thread keeps the word spans of the last text array it tokenized,
//! keyed by the array's `Arc`, which it holds: while cached, no other array can have that
//! address, so a match is the same array. The second and third filters read the spans
//! instead of tokenizing again. Memory: one batch's array and its word spans per thread,
//! kept until the thread tokenizes another array.

use std::cell::RefCell;
use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs};

use crate::columns::{Strings, all_constant};
use crate::text::spacy_en;

/// Word spans of every row of one text array.
#[derive(Default)]
struct BatchWords {
    /// The array the spans belong to (`None`: nothing cached).
    texts: Option<ArrayRef>,
    /// Row `r`'s words are `spans[row_ends[r - 1]..row_ends[r]]` (from 0 for row 0).
    row_ends: Vec<usize>,
    /// Byte ranges of the words in their row's text.
    spans: Vec<(u32, u32)>,
}

impl BatchWords {
    /// Tokenizes every row of `texts` (`rows` of them, each under 4 GiB), caching the
    /// result for `key`.
    fn fill(&mut self, key: &ArrayRef, texts: &Strings<'_>, rows: usize) {
        self.texts = None;
        self.row_ends.clear();
        self.spans.clear();
        for row in 0..rows {
            if let Some(text) = texts.get(row) {
                let base = text.as_ptr() as usize;
                self.spans.extend(spacy_en::words(text).into_iter().map(|word| {
                    let start = word.as_ptr() as usize - base;
                    (start as u32, (start + word.len()) as u32)
                }));
            }
            self.row_ends.push(self.spans.len());
        }
        self.texts = Some(Arc::clone(key));
    }

    fn holds(&self, key: &ArrayRef) -> bool {
        self.texts.as_ref().is_some_and(|cached| Arc::ptr_eq(cached, key))
    }
}

thread_local! {
    static BATCH_WORDS: RefCell<BatchWords> = RefCell::default();
}

/// Calls `f` for every row with the text and its words (datatrove's
/// `split_into_words(text, "eng")`), `None` where the text is NULL. Returns the number
/// of rows visited (1 when every argument is a constant).
pub fn for_each_text_with_words<'a>(
    function: &str,
    args: &'a ScalarFunctionArgs,
    mut f: impl FnMut(Option<(&'a str, &[&'a str])>) -> Result<()>,
) -> Result<usize> {
    let texts = Strings::new(function, &args.args[0], 0, "text")?;
    let rows = if all_constant(&args.args) { 1 } else { args.number_rows };
    // Word spans are kept as u32 offsets: texts of 4 GiB or more, and constants, are
    // tokenized row by row without the cache.
    let fits_u32 = |row: usize| texts.get(row).is_none_or(|t| t.len() <= u32::MAX as usize);
    let key = match &args.args[0] {
        ColumnarValue::Array(array) if (0..rows).all(fits_u32) => array,
        _ => {
            for row in 0..rows {
                let text = texts.get(row);
                let words = text.map(spacy_en::words).unwrap_or_default();
                f(text.map(|t| (t, words.as_slice())))?;
            }
            return Ok(rows);
        }
    };
    BATCH_WORDS.with_borrow_mut(|cache| {
        if !cache.holds(key) {
            cache.fill(key, &texts, rows);
        }
        let mut words: Vec<&'a str> = Vec::new();
        let mut start = 0;
        for (row, &end) in cache.row_ends.iter().enumerate() {
            let text = texts.get(row);
            words.clear();
            if let Some(text) = text {
                words.extend(cache.spans[start..end].iter().map(|&(a, b)| &text[a as usize..b as usize]));
            }
            start = end;
            f(text.map(|t| (t, words.as_slice())))?;
        }
        Ok(rows)
    })
}
