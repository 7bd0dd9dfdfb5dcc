//! `minhash_jaccard(sig_a, sig_b)`: the MinHash estimate of two documents' Jaccard similarity.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::Float64Array;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::signature::estimate_jaccard;
use super::signature_column::{SignatureColumn, is_signature_type};
use crate::columns::finish;

const NAME: &str = "minhash_jaccard";
const SYNTAX: &str = "minhash_jaccard(sig_a, sig_b)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "Estimated Jaccard similarity of two documents from their MinHash signatures: the share of \
         equal slots (unbiased, standard error √(J(1−J)/num_perm)). Both signatures must come from the \
         same function with the same arguments; different lengths are an error. NULL if either is NULL.",
        SYNTAX,
    )
    .with_sql_example("SELECT minhash_jaccard(minhash('a b c d e f g h'), minhash('a b c d e f g x'));")
    .with_argument("sig_a", "A signature from minhash or minhash_fast.")
    .with_argument("sig_b", "A signature of the same kind and length.")
    .build()
});

/// The `minhash_jaccard` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MinHashJaccardFunc {
    signature: Signature,
}

impl Default for MinHashJaccardFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for MinHashJaccardFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.len() != 2 {
            return plan_err!("{NAME}: expected 2 arguments, got {}; usage: {SYNTAX}", arg_types.len());
        }
        arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| match t {
                t if is_signature_type(t) => Ok(t.clone()),
                t if t.is_null() => Ok(super::minhash_udf::signature_type(1)),
                t => plan_err!("{NAME}: argument {} must be a MinHash signature (list of UInt32), got {t}", i + 1),
            })
            .collect()
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let n = args.number_rows;
        let (a, b) = (args.args[0].to_array(n)?, args.args[1].to_array(n)?);
        let (a, b) = (SignatureColumn::new(NAME, &a, 0, "sig_a")?, SignatureColumn::new(NAME, &b, 1, "sig_b")?);
        let mut out = Vec::with_capacity(n);
        for row in 0..n {
            out.push(match (a.get(row), b.get(row)) {
                (Some(x), Some(y)) => match estimate_jaccard(x, y) {
                    Some(j) => Some(j),
                    None => {
                        return exec_err!(
                            "{NAME}: signatures of different lengths ({} and {}) in row {} of the batch",
                            x.len(),
                            y.len(),
                            row + 1
                        );
                    }
                },
                _ => None,
            });
        }
        finish(Arc::new(Float64Array::from(out)), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
