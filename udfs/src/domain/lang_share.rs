//! `lang_share(text, lang [, model])`: the share of a text in one language, paragraph by
//! paragraph (Dolma's paragraph-level language taggers).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::Float64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::exec_err;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::iso639::normalize;
use super::lang_arguments::model;
use super::scripts::ScriptCounts;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, finish};

const NAME: &str = "lang_share";
const SYNTAX: &str = "lang_share(text, lang [, model])";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The share (0 to 1) of the text's characters that are in lines identified as lang, each line \
         being a paragraph as in Dolma's paragraph-level language taggers; lines without letters are \
         not counted. Languages are compared as ISO 639-3 codes after lang_normalize, so 'en' and \
         'eng' are the same. The right filter for 'mostly English' pages: WHERE lang_share(text, \
         'en') >= 0.8. NULL for NULL text or lang and for text without letters.",
        SYNTAX,
    )
    .with_sql_example("SELECT lang_share(text, 'en') FROM read_corpus('synthetic:10');")
    .with_argument("text", "Text to measure.")
    .with_argument("lang", "Language code in any form lang_normalize reads ('en', 'eng', 'en_US').")
    .with_argument("model", "'whatlang' (default) or the path of a fastText language-identification model (constant).")
    .build()
});

/// The `lang_share` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LangShareFunc {
    signature: Signature,
}

impl Default for LangShareFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LangShareFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("text", Kind::Text), ("lang", Kind::Text), ("model", Kind::Text)], 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let langs = Strings::new(NAME, &args.args[1], 1, "lang")?;
        let model = model(NAME, &args.args, 2)?;
        let mut scripts = ScriptCounts::default();
        let mut out = Vec::with_capacity(args.number_rows);
        for row in 0..args.number_rows {
            let (Some(text), Some(lang)) = (texts.get(row), langs.get(row)) else {
                out.push(None);
                continue;
            };
            let Some(code) = normalize(lang) else {
                return exec_err!("{NAME}: argument 2 (lang): unknown language code '{lang}'");
            };
            out.push(model.share(text, code, &mut scripts));
        }
        finish(Arc::new(Float64Array::from(out)), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
