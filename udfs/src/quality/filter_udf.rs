//! The scalar-function shell shared by the datatrove filters: `name(text [, options])`
//! returning a `{pass, reason, ...}` struct, with the options parsed once per batch.

use std::fmt::Debug;
use std::hash::Hash;
use std::marker::PhantomData;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature};

use super::batch_words::for_each_text_with_words;
use super::documents::{for_each_text, text_lang_signature};
use super::struct_rows::StructRows;
use crate::columns::finish;

/// One filter: its SQL name, documentation, result fields, options and per-text kernel.
pub trait TextFilter: Debug + Default + PartialEq + Eq + Hash + Send + Sync + 'static {
    /// SQL name.
    const NAME: &'static str;
    /// Thresholds and switches, from the options argument.
    type Config;
    /// The function's documentation.
    fn documentation() -> &'static Documentation;
    /// Fields of the result struct.
    fn fields() -> Fields;
    /// The configuration: defaults overridden by the options argument (index 1).
    fn config(args: &[ColumnarValue]) -> Result<Self::Config>;
    /// Whether the filter reads datatrove's English words of the text.
    const WORDS: bool;
    /// Runs the filter on `text` and appends its result row. When [`TextFilter::WORDS`],
    /// `words()` gives datatrove's English words of `text` (call it only when a rule
    /// needs them: the text may be tokenized then); else it gives no words.
    fn write<'a>(
        config: &Self::Config,
        text: &'a str,
        words: &mut dyn FnMut() -> Vec<&'a str>,
        rows: &mut StructRows,
    );
}

/// Appends `F`'s result row for `text` and its words, or a NULL row.
fn write_row<'a, F: TextFilter>(
    config: &F::Config,
    text: Option<(&'a str, &mut dyn FnMut() -> Vec<&'a str>)>,
    rows: &mut StructRows,
) -> Result<()> {
    match text {
        Some((text, words)) => F::write(config, text, words, rows),
        None => rows.null_row(),
    }
    Ok(())
}

/// The scalar function of a [`TextFilter`].
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TextFilterFunc<F: TextFilter> {
    signature: Signature,
    filter: PhantomData<F>,
}

impl<F: TextFilter> Default for TextFilterFunc<F> {
    fn default() -> Self {
        Self { signature: text_lang_signature(), filter: PhantomData }
    }
}

impl<F: TextFilter> ScalarUDFImpl for TextFilterFunc<F> {
    fn name(&self) -> &str {
        F::NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(F::fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let config = F::config(&args.args)?;
        let mut rows = StructRows::new(F::fields(), args.number_rows);
        if F::WORDS {
            for_each_text_with_words(F::NAME, &args, |text| write_row::<F>(&config, text, &mut rows))?;
        } else {
            let mut no_words = Vec::new;
            for_each_text(F::NAME, &args, |text| {
                write_row::<F>(&config, text.map(|t| (t, &mut no_words as &mut dyn FnMut() -> _)), &mut rows)
            })?;
        }
        finish(rows.finish()?, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(F::documentation())
    }
}
