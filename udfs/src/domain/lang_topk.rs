//! `lang_topk(text, k [, model])`: the k likeliest languages of a text, for mixed or
//! code-switched documents.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Float64Builder, ListBuilder, StringBuilder, StructBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::{DOC_SECTION_DOMAIN, MAX_K};
use super::lang_arguments::model;
use crate::args::{Kind, coerce, constant, integer_in};
use crate::columns::{Strings, finish};

const NAME: &str = "lang_topk";
const SYNTAX: &str = "lang_topk(text, k [, model])";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DOMAIN,
        "Up to k candidate languages of the text as a list of {lang, score}, best first, with ISO 639-3 \
         codes as lang_id gives them. With a fastText model the scores are its probabilities; with \
         whatlang (the default) they are whatlang's combined trigram and alphabet scores from 0 to 1 \
         (not probabilities), and a script that only one language uses (Hangul, Greek, …) gives that \
         language with score 1. NULL text gives NULL; text without letters an empty list.",
        SYNTAX,
    )
    .with_sql_example("SELECT lang_topk(text, 3) FROM read_corpus('synthetic:10');")
    .with_argument("text", "Text to identify.")
    .with_argument("k", "Most languages to return (constant, at least 1).")
    .with_argument("model", "'whatlang' (default) or the path of a fastText language-identification model (constant).")
    .build()
});

fn item_fields() -> Fields {
    Fields::from(vec![Field::new("lang", DataType::Utf8, false), Field::new("score", DataType::Float64, false)])
}

/// The `lang_topk` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LangTopkFunc {
    signature: Signature,
}

impl Default for LangTopkFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LangTopkFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("text", Kind::Text), ("k", Kind::Integer), ("model", Kind::Text)], 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new("item", DataType::Struct(item_fields()), true))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let k = integer_in(NAME, constant(NAME, &args.args, 1, "k")?, 1, "k", 1, 1, MAX_K)? as usize;
        let model = model(NAME, &args.args, 2)?;
        let mut lists = ListBuilder::new(StructBuilder::from_fields(item_fields(), 0))
            .with_field(Arc::new(Field::new("item", DataType::Struct(item_fields()), true)));
        for row in 0..args.number_rows {
            let Some(text) = texts.get(row) else {
                lists.append_null();
                continue;
            };
            let items = lists.values();
            for (lang, score) in model.top_k(text, k) {
                items.field_builder::<StringBuilder>(0).expect("lang field").append_value(lang);
                items.field_builder::<Float64Builder>(1).expect("score field").append_value(score);
                items.append(true);
            }
            lists.append(true);
        }
        finish(Arc::new(lists.finish()), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
