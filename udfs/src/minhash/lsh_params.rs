//! `lsh_params(threshold, num_perm [, fp_weight, fn_weight])`: datasketch's optimal choice of
//! LSH bands and rows.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, Float64Array, Int64Array, StructArray};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::lsh::optimal_params;
use super::minhash_udf::MAX_NUM_PERM;
use crate::args::{Kind, coerce, constant, float, integer_in};

const NAME: &str = "lsh_params";
const SYNTAX: &str = "lsh_params(threshold, num_perm [, fp_weight, fn_weight])";
const SPEC: [(&str, Kind); 4] =
    [("threshold", Kind::Float), ("num_perm", Kind::Integer), ("fp_weight", Kind::Float), ("fn_weight", Kind::Float)];

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "Chooses LSH bands and rows like datasketch's MinHashLSH (_optimal_param): among all (bands, \
         rows) with bands·rows <= num_perm, the one minimising fp_weight·fp + fn_weight·fn, where fp = \
         ∫₀ᵗ P(s) ds and fn = ∫ₜ¹ (1 − P(s)) ds are the false-positive and false-negative areas of the \
         candidate probability P(s) = 1 − (1 − s^rows)^bands. Returns struct {bands, rows, fp, fn}. \
         With the default equal weights, threshold 0.8 and 128 permutations give 9 × 13, as datasketch \
         does; its S-curve midpoint is 0.84, so weight fn higher (or verify candidates) to catch pairs \
         just above the threshold.",
        SYNTAX,
    )
    .with_sql_example("SELECT lsh_params(0.8, 128);")
    .with_argument("threshold", "Jaccard similarity threshold, strictly between 0 and 1.")
    .with_argument("num_perm", "Signature slots available, 1 to 4096.")
    .with_argument("fp_weight", "Weight of the false-positive area (default 0.5).")
    .with_argument("fn_weight", "Weight of the false-negative area (default 0.5).")
    .build()
});

fn result_fields() -> Fields {
    Fields::from(vec![
        Field::new("bands", DataType::Int64, false),
        Field::new("rows", DataType::Int64, false),
        Field::new("fp", DataType::Float64, false),
        Field::new("fn", DataType::Float64, false),
    ])
}

/// The `lsh_params` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct LshParamsFunc {
    signature: Signature,
}

impl Default for LshParamsFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for LshParamsFunc {
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
        Ok(DataType::Struct(result_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let threshold = float(NAME, constant(NAME, &args.args, 0, "threshold")?, 0, "threshold", 0.0)?;
        if !(threshold > 0.0 && threshold < 1.0) {
            return plan_err!("{NAME}: argument 1 (threshold) must be strictly between 0 and 1, got {threshold}");
        }
        let num_perm = integer_in(NAME, constant(NAME, &args.args, 1, "num_perm")?, 1, "num_perm", 128, 1, MAX_NUM_PERM)?;
        let fp_weight = float(NAME, constant(NAME, &args.args, 2, "fp_weight")?, 2, "fp_weight", 0.5)?;
        let fn_weight = float(NAME, constant(NAME, &args.args, 3, "fn_weight")?, 3, "fn_weight", 0.5)?;
        if !(fp_weight >= 0.0 && fn_weight >= 0.0 && fp_weight + fn_weight > 0.0) {
            return plan_err!("{NAME}: the weights must be >= 0 and not both 0, got {fp_weight} and {fn_weight}");
        }
        let p = optimal_params(threshold, num_perm as usize, fp_weight, fn_weight);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(vec![p.bands as i64])),
            Arc::new(Int64Array::from(vec![p.rows as i64])),
            Arc::new(Float64Array::from(vec![p.false_positive])),
            Arc::new(Float64Array::from(vec![p.false_negative])),
        ];
        let row: ArrayRef = Arc::new(StructArray::try_new(result_fields(), columns, None)?);
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&row, 0)?))
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
