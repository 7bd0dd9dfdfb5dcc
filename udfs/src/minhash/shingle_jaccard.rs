//! `shingle_jaccard(text_a, text_b [, ngram])`: exact Jaccard similarity of two documents'
//! shingle sets, for verifying MinHash candidates.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::Float64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::exact::{jaccard_of_sorted, shingle_set};
use super::minhash_udf::{DEFAULT_NGRAM, MAX_NGRAM};
use super::shingles::{Normalization, Shingler};
use crate::args::{Kind, coerce, constant, integer_in};
use crate::columns::{Strings, finish};

const NAME: &str = "shingle_jaccard";
const SYNTAX: &str = "shingle_jaccard(text_a, text_b [, ngram])";
const SPEC: [(&str, Kind); 3] = [("text_a", Kind::Text), ("text_b", Kind::Text), ("ngram", Kind::Integer)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "Exact Jaccard similarity |A ∩ B| / |A ∪ B| of the two texts' sets of word n-gram shingles, \
         shingled as minhash does with the default 'words' normalization (shingles compared by their \
         xxh3-64 hashes). NULL if either text is NULL or has no words.",
        SYNTAX,
    )
    .with_sql_example("SELECT shingle_jaccard('a b c d e f g', 'a b c d e f x');")
    .with_argument("text_a", "First text.")
    .with_argument("text_b", "Second text.")
    .with_argument("ngram", "Words per shingle, 1 to 256 (default 5).")
    .build()
});

/// The `shingle_jaccard` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ShingleJaccardFunc {
    signature: Signature,
}

impl Default for ShingleJaccardFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for ShingleJaccardFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce(NAME, SYNTAX, &SPEC, 2, arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let ngram = integer_in(NAME, constant(NAME, &args.args, 2, "ngram")?, 2, "ngram", DEFAULT_NGRAM, 1, MAX_NGRAM)? as usize;
        let a = Strings::new(NAME, &args.args[0], 0, "text_a")?;
        let b = Strings::new(NAME, &args.args[1], 1, "text_b")?;
        let mut shingler = Shingler::default();
        let (mut set_a, mut set_b) = (Vec::new(), Vec::new());
        let mut out = Vec::with_capacity(args.number_rows);
        for row in 0..args.number_rows {
            let (Some(x), Some(y)) = (a.get(row), b.get(row)) else {
                out.push(None);
                continue;
            };
            shingler.load(x, Normalization::Words);
            shingle_set(&shingler, ngram, &mut set_a);
            shingler.load(y, Normalization::Words);
            shingle_set(&shingler, ngram, &mut set_b);
            out.push((!set_a.is_empty() && !set_b.is_empty()).then(|| jaccard_of_sorted(&set_a, &set_b)));
        }
        finish(Arc::new(Float64Array::from(out)), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
