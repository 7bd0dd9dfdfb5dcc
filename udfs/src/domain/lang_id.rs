//! `lang_id(text [, model, languages])`: the language and script of a text.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, BooleanArray, Float64Array, StringArray, StructArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DOMAIN;
use super::lang_arguments::{allow_list, model};
use super::scripts::ScriptCounts;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, finish};

const NAME: &str = "lang_id";
const SYNTAX: &str = "lang_id(text [, model, languages])";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "The language of the text as {lang, script, confidence, reliable}: lang an ISO 639-3 code \
         (macrolanguages folded as lang_normalize folds them, so whatlang's cmn and fastText's zh are \
         both zho), script the ISO 15924 code of the text's dominant script (as script(text)). With \
         the default model 'whatlang' (whatlang 0.18, 70 languages, compiled in) confidence and \
         reliable are whatlang's; with the path of a fastText language-identification model \
         (lid.176.bin/.ftz, GlotLID, OpenLID) confidence is the top label's probability and reliable \
         means probability ≥ 0.65 (FineWeb's threshold). languages restricts the answer to a \
         comma-separated list of codes in any form lang_normalize reads. NULL for NULL text, for text \
         without letters, and when no language (or none of the allowed) is found.",
        SYNTAX,
    )
    .with_sql_example("SELECT lang_id(text)['lang'] AS lang, count(*) FROM read_corpus('synthetic:1000') GROUP BY lang;")
    .with_argument("text", "Text to identify.")
    .with_argument("model", "'whatlang' (default) or the path of a fastText language-identification model (constant).")
    .with_argument("languages", "Constant comma-separated language codes to choose among, e.g. 'en, de, fr' (default: all).")
    .build()
});

/// The `{lang, script, confidence, reliable}` fields of `lang_id`'s result.
fn fields() -> Fields {
    Fields::from(vec![
        Field::new("lang", DataType::Utf8, false),
        Field::new("script", DataType::Utf8, false),
        Field::new("confidence", DataType::Float64, false),
        Field::new("reliable", DataType::Boolean, false),
    ])
}

/// The `lang_id` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LangIdFunc {
    signature: Signature,
}

impl Default for LangIdFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LangIdFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("text", Kind::Text), ("model", Kind::Text), ("languages", Kind::Text)], 1, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let model = model(NAME, &args.args, 1)?;
        let allow = allow_list(NAME, &args.args, 2)?;
        let mut scripts = ScriptCounts::default();
        let found: Vec<_> = (0..n).map(|row| texts.get(row).and_then(|text| model.identify(text, allow.as_ref(), &mut scripts))).collect();
        let lang: StringArray = found.iter().map(|f| f.as_ref().map(|f| f.lang.as_str())).collect();
        let script: StringArray = found.iter().map(|f| f.as_ref().map(|f| f.script)).collect();
        let confidence: Float64Array = found.iter().map(|f| f.as_ref().map(|f| f.confidence)).collect();
        let reliable: BooleanArray = found.iter().map(|f| f.as_ref().map(|f| f.reliable)).collect();
        let valid: NullBuffer = found.iter().map(Option::is_some).collect();
        let columns: Vec<ArrayRef> = vec![Arc::new(lang), Arc::new(script), Arc::new(confidence), Arc::new(reliable)];
        let result = StructArray::try_new(fields(), columns, Some(valid))?;
        finish(Arc::new(result), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
