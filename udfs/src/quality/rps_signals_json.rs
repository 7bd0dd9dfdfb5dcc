//! `rps_signals_json(text [, lang])`: the RedPajama-V2 `quality_signals` JSON object.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature};

use super::DOC_SECTION_QUALITY;
use super::documents::{for_each_document, text_lang_signature};
use super::rps::json::write_json;
use super::rps::signals::{Scratch, Selection};
use super::rps::wordlists::lang_lists;
use crate::columns::finish;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_QUALITY,
        "The 28 RedPajama-V2 rule-based signals as the reference's `quality_signals` JSON object: \
         every signal a list of `[start, end, value]` spans (document signals one span over the \
         whole text, line signals one span per line), keys in the reference's order, numbers \
         written as Python's json.dumps writes them, so the text is byte-for-byte comparable with \
         the official code's output. NULL text or lang gives NULL.",
        "rps_signals_json(text [, lang])",
    )
    .with_sql_example("SELECT rps_signals_json('Hello world.\\nBye.');")
    .with_argument("text", "Document text.")
    .with_argument("lang", "ISO 639-1 language code of the document (default 'en').")
    .build()
});

/// The `rps_signals_json` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RpsSignalsJsonFunc {
    signature: Signature,
}

impl Default for RpsSignalsJsonFunc {
    fn default() -> Self {
        Self { signature: text_lang_signature() }
    }
}

impl ScalarUDFImpl for RpsSignalsJsonFunc {
    fn name(&self) -> &str {
        "rps_signals_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let mut out = StringBuilder::with_capacity(args.number_rows, args.number_rows * 512);
        let mut scratch = Scratch::default();
        let mut json = String::new();
        for_each_document("rps_signals_json", &args, "en", |doc| {
            match doc {
                Some((text, lang)) => {
                    json.clear();
                    scratch.read(text, lang_lists(lang), Selection::All, |signals| write_json(&mut json, signals));
                    out.append_value(&json);
                }
                None => out.append_null(),
            }
            Ok(())
        })?;
        finish(Arc::new(out.finish()), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
