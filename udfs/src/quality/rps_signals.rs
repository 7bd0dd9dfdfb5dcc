//! `rps_signals(text [, lang])`: all 28 RedPajama-V2 rule-based signals as one struct.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature};

use super::DOC_SECTION_QUALITY;
use super::documents::{for_each_document, text_lang_signature};
use super::rps::signals::{Scratch, Selection};
use super::rps::wordlists::lang_lists;
use super::rps_arrow::{RpsColumns, signals_fields};
use crate::columns::finish;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "The 28 rule-based quality signals of RedPajama-V2, computed exactly as the official code \
         (togethercomputer/RedPajama-Data 6d2cee9) computes them: a struct of the 22 document-level \
         signals (`rps_doc_*`; Float64, `rps_doc_word_count` Int64; NULL where the reference gives \
         None), `line_spans` (list of {start, end} code-point offsets of the `\\n`-terminated lines) \
         and the 6 line-level signals (`rps_lines_*`, lists aligned with `line_spans`). `lang` \
         (default 'en') selects the stop words (en, de, fr, es, it, bg, fi) and the LDNOOBW list \
         (en, de, fr, es, it); for other languages the LDNOOBW count is 0 and the stop-word \
         fraction NULL. NULL text or lang gives NULL. Empty text gives the reference's values \
         (word count 0, ratios over words NULL, empty line lists). Immutable: a query reading \
         several fields computes the struct once per row.",
        "rps_signals(text [, lang])",
    )
    .with_sql_example(
        "SELECT s['rps_doc_word_count'], s['rps_doc_frac_chars_dupe_5grams']\n\
         FROM (SELECT rps_signals(text) AS s FROM read_corpus('synthetic:100'));",
    )
    .with_argument("text", "Document text.")
    .with_argument("lang", "ISO 639-1 language code of the document (default 'en').")
    .build()
});

/// The `rps_signals` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RpsSignalsFunc {
    signature: Signature,
}

impl Default for RpsSignalsFunc {
    fn default() -> Self {
        Self { signature: text_lang_signature() }
    }
}

impl ScalarUDFImpl for RpsSignalsFunc {
    fn name(&self) -> &str {
        "rps_signals"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(signals_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let mut columns = RpsColumns::with_capacity(args.number_rows);
        let mut scratch = Scratch::default();
        for_each_document("rps_signals", &args, "en", |doc| {
            match doc {
                Some((text, lang)) => scratch.read(text, lang_lists(lang), Selection::All, |s| columns.push(Some(s))),
                None => columns.push(None),
            }
        })?;
        finish(columns.finish_struct()?, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
