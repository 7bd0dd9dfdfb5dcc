//! `text_hash(text [, normalize])`: a 64-bit document hash for exact deduplication.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, BooleanArray, UInt64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::exact::text_hash;
use super::shingles::Shingler;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, finish};

const NAME: &str = "text_hash";
const SYNTAX: &str = "text_hash(text [, normalize])";
const SPEC: [(&str, Kind); 2] = [("text", Kind::Text), ("normalize", Kind::Boolean)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "xxh3-64 hash of a document for exact deduplication (GROUP BY or DISTINCT ON the hash). With \
         normalize (the default) the hash is of the text's lower-cased \\w+ words joined by single \
         spaces (minhash's 'words' normalization), so texts that differ only in case, punctuation or \
         spacing hash alike; with normalize false it is the hash of the raw UTF-8 bytes. NULL text or \
         NULL normalize gives NULL.",
        SYNTAX,
    )
    .with_sql_example(
        "SELECT DISTINCT ON (text_hash(text)) id, text FROM read_corpus('synthetic:1000') ORDER BY text_hash(text), id;",
    )
    .with_argument("text", "Document text.")
    .with_argument("normalize", "Hash the normalized words (true, the default) or the raw bytes (false).")
    .build()
});

/// The `text_hash` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TextHashFunc {
    signature: Signature,
}

impl Default for TextHashFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for TextHashFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &SPEC, 1, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::UInt64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let normalize = match args.args.get(1) {
            Some(value) => Some(value.to_array(n)?),
            None => None,
        };
        let normalize = normalize.as_ref().map(|a| a.as_any().downcast_ref::<BooleanArray>().expect("coerced to Boolean"));
        let mut shingler = Shingler::default();
        let mut out = Vec::with_capacity(n);
        for row in 0..n {
            let flag = match normalize {
                None => Some(true),
                Some(a) if a.is_null(row) => None,
                Some(a) => Some(a.value(row)),
            };
            out.push(match (texts.get(row), flag) {
                (Some(text), Some(flag)) => Some(text_hash(text, flag, &mut shingler)),
                _ => None,
            });
        }
        finish(Arc::new(UInt64Array::from(out)), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
