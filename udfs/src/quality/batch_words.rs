//! datatrove's English words of a batch's texts, tokenized at most once for every
//! word-based filter of a query, and only for the rows that need them.
//!
//! `SELECT gopher_quality(text), gopher_repetition(text), fineweb_quality(text) ...`
//! evaluates the three filters on the same `text` array of a batch, one after the other
//! on one thread. A filter asks for a row's words only when a rule needs them (FineWeb's
//! last rule, Gopher repetition's n-gram rules): the row is tokenized then, and its word
//! spans are kept. Each thread keeps the spans of the last text array it read, keyed by
//! the array's `Arc`, which it holds: while cached, no other array can have that address,
//! so a match is the same array. Later filters read the spans instead of tokenizing
//! again. Memory: one batch's array and its word spans per thread, kept until the thread
//! reads another array.

use std::cell::RefCell;
use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs};

use crate::columns::{Strings, all_constant};
use crate::text::spacy_en;

/// Row `r` not tokenized yet.
const NOT_YET: (usize, usize) = (usize::MAX, 0);

/// Word spans of the rows of one text array that have been tokenized.
#[derive(Default)]
struct BatchWords {
    /// The array the spans belong to (`None`: nothing cached).
    texts: Option<ArrayRef>,
    /// Row `r`'s words are `spans[rows[r].0..rows[r].1]`, or [`NOT_YET`].
    rows: Vec<(usize, usize)>,
    /// Byte ranges of the words in their row's text.
    spans: Vec<(u32, u32)>,
}

impl BatchWords {
    /// Start caching `key`'s words (`rows` rows) unless it is already cached.
    fn open(&mut self, key: &ArrayRef, rows: usize) {
        if self.texts.as_ref().is_some_and(|cached| Arc::ptr_eq(cached, key)) && self.rows.len() == rows {
            return;
        }
        self.rows.clear();
        self.rows.resize(rows, NOT_YET);
        self.spans.clear();
        self.texts = Some(Arc::clone(key));
    }

    /// The words of row `row`, whose text is `text` (under 4 GiB), tokenized on first use.
    fn words<'a>(&mut self, row: usize, text: &'a str) -> Vec<&'a str> {
        let (start, end) = self.rows[row];
        if start != NOT_YET.0 {
            return self.spans[start..end].iter().map(|&(a, b)| &text[a as usize..b as usize]).collect();
        }
        let words = spacy_en::words(text);
        let base = text.as_ptr() as usize;
        let start = self.spans.len();
        self.spans.extend(words.iter().map(|word| {
            let from = word.as_ptr() as usize - base;
            (from as u32, (from + word.len()) as u32)
        }));
        self.rows[row] = (start, self.spans.len());
        words
    }
}

thread_local! {
    static BATCH_WORDS: RefCell<BatchWords> = RefCell::default();
}

/// Calls `f` for every row with the text and a function giving its words (datatrove's
/// `split_into_words(text, "eng")`, computed on the first call for the row by any
/// filter), `None` where the text is NULL. Returns the number of rows visited (1 when
/// every argument is a constant).
pub fn for_each_text_with_words<'a>(
    function: &str,
    args: &'a ScalarFunctionArgs,
    mut f: impl FnMut(Option<(&'a str, &mut dyn FnMut() -> Vec<&'a str>)>) -> Result<()>,
) -> Result<usize> {
    let texts = Strings::new(function, &args.args[0], 0, "text")?;
    let rows = if all_constant(&args.args) { 1 } else { args.number_rows };
    // Word spans are kept as u32 offsets: texts of 4 GiB or more, and constants, are
    // tokenized without the cache.
    let fits_u32 = |row: usize| texts.get(row).is_none_or(|t| t.len() <= u32::MAX as usize);
    let cached = match &args.args[0] {
        ColumnarValue::Array(array) if (0..rows).all(fits_u32) => {
            BATCH_WORDS.with_borrow_mut(|cache| cache.open(array, rows));
            true
        }
        _ => false,
    };
    for row in 0..rows {
        match texts.get(row) {
            None => f(None)?,
            Some(text) if cached => {
                f(Some((text, &mut || BATCH_WORDS.with_borrow_mut(|cache| cache.words(row, text)))))?
            }
            Some(text) => f(Some((text, &mut || spacy_en::words(text))))?,
        }
    }
    Ok(rows)
}
