//! `line_hashes(text)`: one hash per line, for CCNet-style line-level deduplication.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ListArray, UInt64Array};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::exact::line_hashes;
use crate::args::{Kind, coerce};
use crate::columns::{Strings, finish};

const NAME: &str = "line_hashes";
const SYNTAX: &str = "line_hashes(text)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "One UInt64 per line of the text (split on \\n, so element i is line i): the xxh3-64 of the \
         line normalized as CCNet's line dedup does — lower-cased, decimal digits replaced by 0, \
         characters that are neither \\w nor whitespace removed — with whitespace runs collapsed and \
         the ends trimmed (CCNet keeps inner whitespace and also strips accents; siftql keeps \
         accents). Unnest with ordinality, count each hash across the corpus, and drop the lines seen \
         more than N times (queries/exact_dedup.sql). NULL text gives NULL.",
        SYNTAX,
    )
    .with_sql_example("SELECT line_hashes('Home\\nAbout us\\nhome');")
    .with_argument("text", "Document text.")
    .build()
});

/// The `line_hashes` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LineHashesFunc {
    signature: Signature,
}

impl Default for LineHashesFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LineHashesFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &[("text", Kind::Text)], 1, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new_list_field(DataType::UInt64, false))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let texts = Strings::new(NAME, &args.args[0], 0, "text")?;
        let (mut line, mut hashes) = (String::new(), Vec::new());
        let mut offsets = Vec::with_capacity(n + 1);
        let mut valid = Vec::with_capacity(n);
        offsets.push(0i32);
        for row in 0..n {
            match texts.get(row) {
                Some(text) => {
                    line_hashes(text, &mut line, &mut hashes);
                    valid.push(true);
                }
                None => valid.push(false),
            }
            offsets.push(i32::try_from(hashes.len()).map_err(|_| {
                datafusion::common::exec_datafusion_err!("{NAME}: more than 2^31 lines in one batch")
            })?);
        }
        let nulls = NullBuffer::from(valid);
        let list = ListArray::try_new(
            Arc::new(Field::new_list_field(DataType::UInt64, false)),
            OffsetBuffer::new(offsets.into()),
            Arc::new(UInt64Array::from(hashes)),
            (nulls.null_count() > 0).then_some(nulls),
        )?;
        finish(Arc::new(list), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
