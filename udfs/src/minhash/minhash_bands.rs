//! `minhash_bands(sig, bands, rows)`: LSH band keys of a MinHash signature.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ListArray, UInt64Array};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{exec_err, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, Documentation, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility};

use super::DOC_SECTION_DEDUP;
use super::lsh::band_keys;
use super::signature_column::{SignatureColumn, is_signature_type};
use crate::args::{constant, integer_in};
use crate::columns::finish;

const NAME: &str = "minhash_bands";
const SYNTAX: &str = "minhash_bands(sig, bands, rows)";

static DOCUMENTATION: LazyLock<Documentation> = LazyLock::new(|| {
    Documentation::builder(
        DOC_SECTION_DEDUP,
        "LSH band keys of a MinHash signature: a list of `bands` UInt64 keys, key i being the xxh3-64 \
         (seeded with i, so the band index is mixed in) of slots i·rows to (i+1)·rows − 1 as \
         little-endian bytes. Two documents are LSH candidates when they share a key: unnest the list \
         and GROUP BY the key. bands·rows must not exceed the signature length. NULL signature gives \
         NULL.",
        SYNTAX,
    )
    .with_sql_example(
        "SELECT key, array_agg(id) FROM (SELECT id, unnest(minhash_bands(minhash(text), 14, 8)) AS key \
         FROM read_corpus('synthetic:1000')) GROUP BY key HAVING count(*) > 1;",
    )
    .with_argument("sig", "A signature from minhash or minhash_fast.")
    .with_argument("bands", "Number of bands (constant, >= 1).")
    .with_argument("rows", "Slots per band (constant, >= 1).")
    .build()
});

/// The `minhash_bands` scalar function.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct MinHashBandsFunc {
    signature: Signature,
}

impl Default for MinHashBandsFunc {
    fn default() -> Self {
        Self { signature: Signature::user_defined(Volatility::Immutable) }
    }
}

impl ScalarUDFImpl for MinHashBandsFunc {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        if arg_types.len() != 3 {
            return plan_err!("{NAME}: expected 3 arguments, got {}; usage: {SYNTAX}", arg_types.len());
        }
        if !is_signature_type(&arg_types[0]) && !arg_types[0].is_null() {
            return plan_err!("{NAME}: argument 1 (sig) must be a MinHash signature (list of UInt32), got {}", arg_types[0]);
        }
        for (i, t) in arg_types.iter().enumerate().skip(1) {
            if !t.is_integer() {
                return plan_err!("{NAME}: argument {} must be an integer, got {t}; usage: {SYNTAX}", i + 1);
            }
        }
        let sig = if arg_types[0].is_null() { super::minhash_udf::signature_type(1) } else { arg_types[0].clone() };
        Ok(vec![sig, DataType::Int64, DataType::Int64])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new_list_field(DataType::UInt64, false))))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let bands = integer_in(NAME, constant(NAME, &args.args, 1, "bands")?, 1, "bands", 1, 1, 1 << 20)? as usize;
        let rows = integer_in(NAME, constant(NAME, &args.args, 2, "rows")?, 2, "rows", 1, 1, 1 << 20)? as usize;
        let n = args.number_rows;
        let array = args.args[0].to_array(n)?;
        let sigs = SignatureColumn::new(NAME, &array, 0, "sig")?;
        let mut keys = Vec::with_capacity(n * bands);
        let mut offsets = Vec::with_capacity(n + 1);
        let mut valid = Vec::with_capacity(n);
        offsets.push(0i32);
        for row in 0..n {
            match sigs.get(row) {
                Some(sig) if sig.len() < bands * rows => {
                    return exec_err!(
                        "{NAME}: {bands} bands of {rows} rows need {} slots, but the signature in row {} of the batch has {}",
                        bands * rows,
                        row + 1,
                        sig.len()
                    );
                }
                Some(sig) => {
                    band_keys(sig, bands, rows, &mut keys);
                    valid.push(true);
                }
                None => valid.push(false),
            }
            offsets.push(i32::try_from(keys.len()).map_err(|_| {
                datafusion::common::exec_datafusion_err!("{NAME}: more than 2^31 band keys in one batch; use a smaller batch size")
            })?);
        }
        let nulls = NullBuffer::from(valid);
        let list = ListArray::try_new(
            Arc::new(Field::new_list_field(DataType::UInt64, false)),
            OffsetBuffer::new(offsets.into()),
            Arc::new(UInt64Array::from(keys)),
            (nulls.null_count() > 0).then_some(nulls),
        )?;
        finish(Arc::new(list), &args.args)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&DOCUMENTATION)
    }
}
