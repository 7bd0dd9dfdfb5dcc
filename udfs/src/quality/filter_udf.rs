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
    /// Runs the filter on `text`, whose words are `words` when [`TextFilter::WORDS`]
    /// (else empty), and appends its result row.
    fn write(config: &Self::Config, text: &str, words: &[&str], rows: &mut StructRows);
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
        let mut write = |text: Option<(&str, &[&str])>| {
            match text {
                Some((text, words)) => F::write(&config, text, words, &mut rows),
                None => rows.null_row(),
            }
            Ok(())
        };
        if F::WORDS {
            for_each_text_with_words(F::NAME, &args, write)?;
        } else {
            for_each_text(F::NAME, &args, |text| write(text.map(|t| (t, &[][..]))))?;
        }
        finish(rows.finish()?, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(F::documentation())
    }
}
