//! `c4_badwords(text [, lang])`: datatrove's `C4BadWordsFilter` with the LDNOOBW lists.

use std::sync::LazyLock;

use datafusion::arrow::datatypes::{DataType, Fields};
use datafusion::common::exec_err;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature};

use super::DOC_SECTION_QUALITY;
use super::badwords::{BADWORDS_LANGUAGES, badwords};
use super::documents::{for_each_document, text_lang_signature};
use super::struct_rows::{StructRows, fields};
use crate::columns::finish;

const NAME: &str = "c4_badwords";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "datatrove 0.10.1's C4BadWordsFilter (keep_fraction 0): struct {pass, reason, badword, position}. \
         The document fails (reason document_removed_with_badwords) if its lower-cased text contains an \
         entry of the language's LDNOOBW list with a non-word character or the text's start/end on both \
         sides (no flanking for ja, th, zh). `badword` is the leftmost match and `position` its \
         code-point offset in the lower-cased text. Lists as datatrove pins them: English at LDNOOBW \
         commit 25e679f, the other 27 languages at 5faf2ba, minus datatrove's allow-list. A language \
         without a list is an error, as in datatrove. NULL text or lang gives NULL.",
        "c4_badwords(text [, lang])",
    )
    .with_sql_example("SELECT count(*) FILTER (WHERE NOT c4_badwords(text)['pass']) FROM read_corpus('synthetic:1000');")
    .with_argument("text", "Document text.")
    .with_argument(
        "lang",
        "LDNOOBW language code (default 'en'): ar cs da de en eo es fa fi fil fr fr-CA-u-sd-caqc hi hu it ja \
         kab ko nl no pl pt ru sv th tlh tr zh.",
    )
    .build()
});

fn result_fields() -> Fields {
    use DataType::{Boolean, Int64, Utf8};
    fields(&[("pass", Boolean), ("reason", Utf8), ("badword", Utf8), ("position", Int64)])
}

/// The `c4_badwords` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct C4BadwordsFunc {
    signature: Signature,
}

impl Default for C4BadwordsFunc {
    fn default() -> Self {
        Self { signature: text_lang_signature() }
    }
}

impl ScalarUDFImpl for C4BadwordsFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(result_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let mut rows = StructRows::new(result_fields(), args.number_rows);
        let mut row = 0usize;
        for_each_document(NAME, &args, "en", |doc| {
            row += 1;
            let Some((text, lang)) = doc else {
                rows.null_row();
                return Ok(());
            };
            let Some(list) = badwords(lang) else {
                return exec_err!(
                    "{NAME}: no bad-words list for language '{lang}' (row {row} of the batch); available: {}",
                    BADWORDS_LANGUAGES.join(" ")
                );
            };
            match list.find(&text.to_lowercase()) {
                Some((word, position)) => {
                    rows.bool(false).str(Some("document_removed_with_badwords")).str(Some(word)).opt_int(Some(position))
                }
                None => rows.bool(true).str(None).str(None).opt_int(None),
            }
            .end_row();
            Ok(())
        })?;
        finish(rows.finish()?, &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
