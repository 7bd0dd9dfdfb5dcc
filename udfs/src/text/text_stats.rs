//! `text_stats(text)`: bytes, characters, words, lines and mean word length of a document.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Builder, StringArrayType, StructArray, UInt64Builder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::types::logical_string;
use datafusion::common::{ScalarValue, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    Coercion, ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, TypeSignatureClass, Volatility,
};

use super::DOC_SECTION_TEXT;
use super::stats::text_stats;

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_TEXT,
        "Size profile of a text: struct {bytes, chars, words, lines, mean_word_length}. Words are \
         whitespace-separated; a final newline does not start a new line; mean_word_length is NULL \
         when there are no words. NULL text gives a NULL struct (and NULL fields); empty text gives zeros.",
        "text_stats(text)",
    )
    .with_sql_example("SELECT text_stats('Hello big world.\\nBye.')['words'];  -- 4")
    .with_argument("text", "String expression.")
    .build()
});

/// The fields of `text_stats`'s result.
fn stats_fields() -> Fields {
    Fields::from(vec![
        Field::new("bytes", DataType::UInt64, true),
        Field::new("chars", DataType::UInt64, true),
        Field::new("words", DataType::UInt64, true),
        Field::new("lines", DataType::UInt64, true),
        Field::new("mean_word_length", DataType::Float64, true),
    ])
}

/// The `text_stats` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TextStatsFunc {
    signature: Signature,
}

impl Default for TextStatsFunc {
    fn default() -> Self {
        Self {
            signature: Signature::coercible(
                vec![Coercion::new_exact(TypeSignatureClass::Native(logical_string()))],
                Volatility::Immutable,
            ),
        }
    }
}

fn stats_of<'a, S: StringArrayType<'a>>(texts: S) -> Result<ArrayRef> {
    let n = texts.len();
    let (mut bytes, mut chars, mut words, mut lines) =
        (UInt64Builder::with_capacity(n), UInt64Builder::with_capacity(n), UInt64Builder::with_capacity(n), UInt64Builder::with_capacity(n));
    let mut mean = Float64Builder::with_capacity(n);
    for text in texts.iter() {
        let Some(text) = text else {
            bytes.append_null();
            chars.append_null();
            words.append_null();
            lines.append_null();
            mean.append_null();
            continue;
        };
        let s = text_stats(text);
        bytes.append_value(s.bytes);
        chars.append_value(s.chars);
        words.append_value(s.words);
        lines.append_value(s.lines);
        mean.append_option(s.mean_word_length);
    }
    let nulls = texts.logical_nulls();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(bytes.finish()),
        Arc::new(chars.finish()),
        Arc::new(words.finish()),
        Arc::new(lines.finish()),
        Arc::new(mean.finish()),
    ];
    Ok(Arc::new(StructArray::try_new(stats_fields(), columns, nulls)?))
}

impl ScalarUDFImpl for TextStatsFunc {
    fn name(&self) -> &str {
        "text_stats"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(stats_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar_input = matches!(args.args[0], ColumnarValue::Scalar(_));
        let input = args.args[0].to_array(args.number_rows)?;
        let result = match input.data_type() {
            DataType::Utf8 => stats_of(input.as_string::<i32>())?,
            DataType::LargeUtf8 => stats_of(input.as_string::<i64>())?,
            DataType::Utf8View => stats_of(input.as_string_view())?,
            other => return exec_err!("text_stats: argument 1 (text) must be a string, got {other}"),
        };
        if scalar_input {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&result, 0)?));
        }
        Ok(ColumnarValue::Array(result))
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
